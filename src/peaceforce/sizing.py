"""Sizing: Scenario -> Requirement, per sector and capability line, with ranges and a trace.

The model is deliberately simple so an analyst can redo it by hand:
ground troops in a sector = role density (calibrated on past missions) x sector size (km of line,
or thousands of inhabitants for stabilisation) x threat multiplier x host factor; a capability mix
splits that total into lines; air policing and a naval task group are added per theatre; a US
backstop moves shares of enabler lines from the coalition's bill to the US's.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any, Callable

from .factors import Factor, Factors
from .scenario import Scenario
from .theatre import Sector, Theatre
from .vocab import BACKSTOP_LEVELS, ENABLERS, GROUND_CAPABILITIES, backstop_rank

LEVELS = ("low", "central", "high")

UNIT_TYPES = {
    "manoeuvre": "battalion", "hq": "headquarters", "isr": "ISR company", "air_defence": "AD battery",
    "engineers": "engineer company", "medical": "Role 2 facility", "logistics": "logistics battalion",
    "aviation": "helicopter squadron", "air_policing": "fighter detachment", "maritime": "surface combatant",
}
OBSERVER_UNIT = "observer platoon"


@dataclass(frozen=True)
class Range:
    low: float
    central: float
    high: float

    def to_dict(self) -> dict[str, float]:
        return {"low": self.low, "central": self.central, "high": self.high}

    def __add__(self, other: "Range") -> "Range":
        return Range(self.low + other.low, self.central + other.central, self.high + other.high)

    def map(self, fn: Callable[[float], float]) -> "Range":
        return Range(fn(self.low), fn(self.central), fn(self.high))

    @staticmethod
    def zero() -> "Range":
        return Range(0, 0, 0)


@dataclass
class RequirementLine:
    sector: str
    capability: str
    provider: str
    units: Range
    troops: Range
    unit_size: int
    unit_type: str
    criticality: float
    trace: str
    factors: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["units"] = self.units.to_dict()
        d["troops"] = self.troops.to_dict()
        # plan.json's flat view: central units and troops at the top level of each line
        d["units_range"], d["troops_range"] = d["units"], d["troops"]
        d["units"], d["troops"] = int(self.units.central), int(self.troops.central)
        return d


@dataclass
class Requirement:
    role: str
    lines: list[RequirementLine]
    deployed: Range
    force_pool: Range
    rotation_multiplier: Range
    by_provider: dict[str, Range]
    host_factor: float
    notes: list[str] = field(default_factory=list)

    def coalition_lines(self) -> list[RequirementLine]:
        return [ln for ln in self.lines if ln.provider == "coalition"]

    def troops(self, provider: str = "coalition", capabilities: tuple[str, ...] | None = None) -> float:
        return sum(ln.troops.central for ln in self.lines
                   if ln.provider == provider and (capabilities is None or ln.capability in capabilities))

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "deployed": self.deployed.to_dict(),
            "force_pool": self.force_pool.to_dict(),
            "rotation_multiplier": self.rotation_multiplier.to_dict(),
            "by_provider": {k: v.to_dict() for k, v in self.by_provider.items()},
            "host_factor": self.host_factor,
            "notes": self.notes,
            "lines": [ln.to_dict() for ln in self.lines],
        }

    def to_frame(self):
        import pandas as pd

        rows = []
        for ln in self.lines:
            rows.append({"sector": ln.sector, "capability": ln.capability, "provider": ln.provider,
                         "units": ln.units.central, "troops_low": ln.troops.low,
                         "troops": ln.troops.central, "troops_high": ln.troops.high,
                         "unit_type": ln.unit_type})
        return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# the pieces, each usable alone (calibration and validation size missions with them)


def size_measure(role: str, sector: Sector) -> tuple[float, str] | None:
    """What the role's density multiplies: km of line, or thousands of inhabitants."""
    if role == "stabilize":
        if sector.population is None:
            return None
        return sector.population / 1000.0, "thousand inhabitants"
    return sector.length_km, "km"


def host_factor(role: str, host_army: float, adversary_army: float | None) -> float:
    """Deterrence only: the coalition's share grows with the adversary's share of the two armies.

    Normalised to 1 at parity (2A / (A + H)); an assumption standing in for a force-ratio model, chosen
    because it falls strictly and smoothly as the host army grows and never drops to zero.
    """
    if role != "deter" or adversary_army is None or adversary_army + host_army <= 0:
        return 1.0
    return 2.0 * adversary_army / (adversary_army + host_army)


def us_share(f: Factors, capability: str, level: str) -> Factor | None:
    """The US share of a line at a backstop level: the ladder is cumulative, so look down it."""
    for lvl in reversed(BACKSTOP_LEVELS[1: backstop_rank(level) + 1]):
        found = f.get(f"us_share.{capability}.{lvl}")
        if found is not None:
            return found
    return None


def rotation_multiplier(f: Factors, duration_months: int, rotation_months: int) -> Range:
    rotations = math.ceil(duration_months / rotation_months)
    dwell = f["rotation.dwell_ratio"]
    return Range(*(min(1 + d, rotations) for d in (dwell.low, dwell.value, dwell.high)))


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.3g}"


def size(scenario: Scenario, theatre: Theatre, f: Factors) -> Requirement:
    f = f.with_overrides(scenario.overrides)
    role = scenario.role
    adversary = scenario.adversary_army if scenario.adversary_army is not None else theatre.adversary_army
    hf = host_factor(role, scenario.host_army, adversary)
    threat = f[f"threat.{scenario.threat}"]
    density = f[f"density.{role}"]
    level = scenario.us_backstop
    lines: list[RequirementLine] = []
    notes: list[str] = []
    if role == "deter" and adversary is None:
        notes.append("no adversary army given: deterrence sized at parity (host factor 1)")

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
        parts.append(("coalition", 1 - s_us - s_host))
        if s_us > 0:
            parts.append(("us", s_us))
        if s_host > 0:
            parts.append(("host", s_host))
        for provider, share in parts:
            troops = total.map(lambda t: round(t * share))
            if troops.central <= 0:
                continue
            units = troops.map(lambda t: math.ceil(t / unit.value))
            kind = OBSERVER_UNIT if unit.key.endswith(".observe") else UNIT_TYPES[cap]
            used_here = used + [unit, crit] + [x for x in (share_us, share_host) if x is not None]
            share_txt = f" x {provider} share {share:.2f}" if share < 1 else ""
            trace = (f"{trace_head}{share_txt} = {_fmt(troops.central)} troops "
                     f"(range {_fmt(troops.low)}-{_fmt(troops.high)}); units = ceil(troops / "
                     f"{unit.value:g} per {kind}) = {units.central:g}")
            lines.append(RequirementLine(sector_id, cap, provider, units, troops, int(unit.value), kind,
                                         crit.value, trace, [u.use() for u in used_here]))

    mix_prefix = "mix.observe." if role == "observe" else "mix."
    bases: list[tuple[Sector, Range, str]] = []
    for sector in theatre.sectors:
        if not sector.covers(role):
            continue
        measure = size_measure(role, sector)
        if measure is None:
            notes.append(f"sector {sector.id}: no population given, cannot size {role}; left out")
            continue
        amount, unit_name = measure
        base = Range(density.low, density.value, density.high).map(
            lambda d: d * amount * threat.value * hf)
        head = (f"density {density.value:.3g} troops per {unit_name} [{density.key}] x {_fmt(amount)} "
                f"{unit_name} x threat {threat.value:.3g} [{threat.key}]"
                + (f" x host factor {hf:.3f} (2 x adversary {adversary:,} / (adversary + host {scenario.host_army:,}))"
                   if hf != 1.0 else ""))
        bases.append((sector, base, head))

    # manoeuvre is held sector by sector; enablers are force-level pools serving every sector, as a
    # deployed force organises them, so whole-unit rounding happens once, not once per sector
    mix = f[f"{mix_prefix}manoeuvre"]
    for sector, base, head in bases:
        add_line(sector.id, "manoeuvre", base.map(lambda t: t * mix.value),
                 f"{head} x mix {mix.value:g} [{mix.key}]", [density, threat, mix])
    if bases:
        ground = Range.zero()
        for _, base, _ in bases:
            ground = ground + base
        parts = " + ".join(f"{sec.id} {_fmt(b.central)}" for sec, b, _ in bases)
        head = (f"ground force {_fmt(ground.central)} troops (sum over sectors of density x size x threat"
                + (" x host factor" if hf != 1.0 else "") + f": {parts})")
        for cap in GROUND_CAPABILITIES[1:]:
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
        total = Range(ap.low * ap_w.low, ap.value * ap_w.value, ap.high * ap_w.high).map(
            lambda d: d * area * threat.value * unit.value)
        head = (f"{ap.value:g} detachments per 100,000 km2 [{ap.key}] x {area:.2f} x 100,000 km2 airspace "
                f"x role weight {ap_w.value:g} [{ap_w.key}] x threat {threat.value:.3g} x {unit.value:g} troops per detachment")
        add_line("theatre", "air_policing", total, head, [ap, ap_w, threat])

    mar = f[f"maritime.{role}"]
    if mar.value > 0 and theatre.maritime:
        unit = f["unit_size.maritime"]
        total = Range(mar.low, mar.value, mar.high).map(lambda n: n * threat.value * unit.value)
        head = (f"{mar.value:g} surface combatants [{mar.key}] x threat {threat.value:.3g} "
                f"x {unit.value:g} crew per ship")
        add_line("theatre", "maritime", total, head, [mar, threat])

    by_provider: dict[str, Range] = {}
    for ln in lines:
        by_provider[ln.provider] = by_provider.get(ln.provider, Range.zero()) + ln.troops
    deployed = by_provider.get("coalition", Range.zero())
    mult = rotation_multiplier(f, scenario.duration_months, scenario.rotation_months)
    pool = Range(deployed.low * mult.low, deployed.central * mult.central, deployed.high * mult.high)
    return Requirement(role, lines, deployed, pool.map(round), mult, by_provider, hf, notes)


def enabler_troops(req: Requirement) -> float:
    return req.troops("coalition", ENABLERS)
