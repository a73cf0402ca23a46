"""Sizing: Scenario -> Requirement, per sector and capability line, with ranges and a trace.

The model is deliberately simple so an analyst can redo it by hand:
ground troops in a sector = role density (calibrated on past missions) x sector size (km of line,
or thousands of inhabitants for stabilisation) x threat multiplier x host factor; a capability mix
splits that total into lines; air policing and a naval task group are added per theatre; a US
backstop moves shares of enabler lines from the coalition's bill to the US's.
"""

from __future__ import annotations

import math
from . import domain
from .factors import Factor, Factors
from .records import Range, Record
from .scenario import Scenario
from .theatre import Sector, Theatre
from .vocab import Backstop, Capability, Measure, Provider, Role

OBSERVER_UNIT = "observer platoon"


class FactorUse(Record):
    """A factor as a line used it: key, value, unit and source (for the trace and the appendix)."""

    key: str
    value: float
    unit: str
    source: str


class RequirementLine(Record):
    sector: str
    capability: Capability
    provider: Provider
    units: Range
    troops: Range
    unit_size: int
    unit_type: str
    criticality: float
    trace: str
    factors: list[FactorUse]


class Requirement(Record):
    """What the mission needs, per sector and capability line, before anyone is asked to send it.

    The force pool (what sustains the force over its rotations) is not here: its one owner is the
    rotation stage, which knows each nation's own multiplier.
    """

    role: Role
    host_army: int
    adversary_army: int | None
    lines: list[RequirementLine]
    deployed: Range
    by_provider: dict[Provider, Range]
    host_factor: float
    notes: list[str]
    #: filled in from the rotation stage, the one owner of multipliers and pools, when the plan is
    #: assembled: the nations' pools plus the gaps' need, and the default multiplier (None until then)
    force_pool: Range | None = None
    rotation_multiplier: Range | None = None

    def coalition_lines(self) -> list[RequirementLine]:
        return [ln for ln in self.lines if ln.provider == Provider.COALITION]

    def troops(self, provider: str = Provider.COALITION, capabilities: tuple[str, ...] | None = None) -> float:
        return sum(ln.troops.central for ln in self.lines
                   if ln.provider == provider and (capabilities is None or ln.capability in capabilities))

    def to_frame(self):
        import pandas as pd

        rows = [{"sector": ln.sector, "capability": ln.capability.value, "provider": ln.provider.value,
                 "units": ln.units.central, "troops_low": ln.troops.low, "troops": ln.troops.central,
                 "troops_high": ln.troops.high, "unit_type": ln.unit_type} for ln in self.lines]
        return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# the pieces, each usable alone (calibration and validation size missions with them)


def size_measure(role: str, sector: Sector) -> tuple[float, str] | None:
    """What the role's density multiplies (data/roles.csv): km of line, or thousands of inhabitants."""
    if domain.roles()[Role(role)].measure == Measure.THOUSAND_INHABITANTS:
        if sector.population is None:
            return None
        return sector.population / 1000.0, "thousand inhabitants"
    return sector.length_km, "km"


def host_factor(role: str, host_army: float, adversary_army: float | None) -> float:
    """For roles scaled by the balance of armies (data/roles.csv: deter), the adversary's share of both.

    Normalised to 1 at parity (2A / (A + H)); an assumption standing in for a force-ratio model, chosen
    because it falls strictly and smoothly as the host army grows and never drops to zero.
    """
    if not domain.roles()[Role(role)].host_factor or adversary_army is None or adversary_army + host_army <= 0:
        return 1.0
    return 2.0 * adversary_army / (adversary_army + host_army)


def us_share(f: Factors, capability: str, level: str) -> Factor | None:
    """The US share of a line at a backstop level: the ladder is cumulative, so look down it."""
    ladder = list(Backstop)
    for lvl in reversed(ladder[1: Backstop(level).rank + 1]):
        found = f.get(f"us_share.{capability}.{lvl.value}")
        if found is not None:
            return found
    return None


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.3g}"


def size(scenario: Scenario, theatre: Theatre, f: Factors) -> Requirement:
    f = f.with_overrides(scenario.overrides)
    role = scenario.role
    spec = domain.roles()[role]
    caps = domain.capabilities()
    adversary = scenario.adversary_army if scenario.adversary_army is not None else theatre.adversary_army
    host = scenario.host_army if scenario.host_army is not None else (theatre.host_army or 0)
    hf = host_factor(role, host, adversary)
    threat = f[f"threat.{scenario.threat}"]
    density = f[f"density.{role}"]
    level = scenario.us_backstop
    lines: list[RequirementLine] = []
    notes: list[str] = []
    if spec.host_factor and adversary is None:
        notes.append(f"no adversary army given: {role.value} sized at parity (host factor 1)")

    def add_line(sector_id: str, cap: str, total: Range, trace_head: str, used: list[Factor]) -> None:
        if total.central <= 0:
            return
        unit = f.first(f"unit_size.{cap}.{role}", f"unit_size.{cap}")
        crit = f[f"criticality.{cap}"]
        share_us = us_share(f, cap, level)
        share_host = f.get(f"host_share.{cap}")
        parts = []
        s_us = share_us.value if share_us else 0.0
        s_host = share_host.value if share_host else 0.0
        s_host = min(s_host, 1 - s_us)
        parts.append((Provider.COALITION, 1 - s_us - s_host))
        if s_us > 0:
            parts.append((Provider.US, s_us))
        if s_host > 0:
            parts.append((Provider.HOST, s_host))
        for provider, share in parts:
            troops = total.map(lambda t: float(round(t * share)))
            if troops.central <= 0:
                continue
            units = troops.map(lambda t: float(math.ceil(t / unit.value)))
            kind = OBSERVER_UNIT if (spec.observer_unit and cap == Capability.MANOEUVRE) else caps[cap].unit_type
            used_here = used + [unit, crit] + [x for x in (share_us, share_host) if x is not None]
            share_txt = f" x {provider} share {share:.2f}" if share < 1 else ""
            trace = (f"{trace_head}{share_txt} = {_fmt(troops.central)} troops "
                     f"(range {_fmt(troops.low)}-{_fmt(troops.high)}); units = ceil(troops / "
                     f"{unit.value:g} per {kind}) = {units.central:g}")
            lines.append(RequirementLine(
                sector=sector_id, capability=cap, provider=provider, units=units, troops=troops,
                unit_size=int(unit.value), unit_type=kind, criticality=crit.value, trace=trace,
                factors=[FactorUse(key=u.key, value=u.value, unit=u.unit, source=u.source) for u in used_here]))

    mix_prefix = spec.mix
    bases: list[tuple[Sector, Range, str]] = []
    for sector in theatre.sectors:
        if not sector.covers(role):
            continue
        measure = size_measure(role, sector)
        if measure is None:
            notes.append(f"sector {sector.id}: no population given, cannot size {role}; left out")
            continue
        amount, unit_name = measure
        base = Range.of(density.low, density.value, density.high).map(
            lambda d: d * amount * threat.value * hf)
        head = (f"density {density.value:.3g} troops per {unit_name} [{density.key}] x {_fmt(amount)} "
                f"{unit_name} x threat {threat.value:.3g} [{threat.key}]"
                + (f" x host factor {hf:.3f} (2 x adversary {adversary:,} / (adversary + host {host:,}))"
                   if hf != 1.0 else ""))
        bases.append((sector, base, head))

    # manoeuvre is held sector by sector; enablers are force-level pools serving every sector, as a
    # deployed force organises them, so whole-unit rounding happens once, not once per sector
    mix = f[f"{mix_prefix}manoeuvre"]
    for sector, base, head in bases:
        add_line(sector.id, Capability.MANOEUVRE, base.map(lambda t: t * mix.value),
                 f"{head} x mix {mix.value:g} [{mix.key}]", [density, threat, mix])
    if bases:
        ground = Range.zero()
        for _, base, _ in bases:
            ground = ground + base
        parts = " + ".join(f"{sec.id} {_fmt(b.central)}" for sec, b, _ in bases)
        head = (f"ground force {_fmt(ground.central)} troops (sum over sectors of density x size x threat"
                + (" x host factor" if hf != 1.0 else "") + f": {parts})")
        for cap in domain.ground_capabilities():
            if cap == Capability.MANOEUVRE:
                continue
            mix = f[f"{mix_prefix}{cap}"]
            if mix.value <= 0:
                continue
            add_line("theatre", cap, ground.map(lambda t: t * mix.value),
                     f"{head} x mix {mix.value:g} [{mix.key}]", [density, threat, mix])

    ap_w = f[f"air_policing.{role}"]
    ap = f["air_policing.per_100k_km2"]
    if ap_w.value > 0 and theatre.airspace_km2 > 0:
        area = theatre.airspace_km2 / 100_000
        unit = f["unit_size.air_policing"]
        total = Range.of(ap.low * ap_w.low, ap.value * ap_w.value, ap.high * ap_w.high).map(
            lambda d: d * area * threat.value * unit.value)
        head = (f"{ap.value:g} detachments per 100,000 km2 [{ap.key}] x {area:.2f} x 100,000 km2 airspace "
                f"x role weight {ap_w.value:g} [{ap_w.key}] x threat {threat.value:.3g} x {unit.value:g} troops per detachment")
        add_line("theatre", Capability.AIR_POLICING, total, head, [ap, ap_w, threat])

    mar = f[f"maritime.{role}"]
    if mar.value > 0 and theatre.maritime:
        unit = f["unit_size.maritime"]
        total = Range.of(mar.low, mar.value, mar.high).map(lambda n: n * threat.value * unit.value)
        head = (f"{mar.value:g} surface combatants [{mar.key}] x threat {threat.value:.3g} "
                f"x {unit.value:g} crew per ship")
        add_line("theatre", Capability.MARITIME, total, head, [mar, threat])

    by_provider: dict[Provider, Range] = {}
    for ln in lines:
        by_provider[ln.provider] = by_provider.get(ln.provider, Range.zero()) + ln.troops
    deployed = by_provider.get(Provider.COALITION, Range.zero())
    return Requirement(role=role, host_army=host, adversary_army=adversary, lines=lines, deployed=deployed,
                       by_provider=by_provider, host_factor=hf, notes=notes)


def enabler_troops(req: Requirement) -> float:
    return req.troops(Provider.COALITION, domain.enablers())
