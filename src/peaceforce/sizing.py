"""Sizing: Scenario -> Requirement, the force as planners build it: tasks staffed in whole formations.

A role is a set of tasks (data/tasks.csv, per force option): a headquarters, garrisons at the hubs
the posture allows, a quick-reaction force, trainers for the host army, air-policing stations, mine
countermeasures, monitoring teams per km of line, battalions per km of buffer zone (the calibrated
densities), brigades per threatened axis, troops per thousand inhabitants, and enablers in
proportion to what they support. Each task becomes whole formations from the catalogue
(formations.py), so the deployed force in whole formations is the one figure every stage fills.

The central case uses every factor's central value; the range is the 10th and 90th percentile of a
seeded Monte Carlo over every factor and formation strength at once (uncertainty.py), and the
factors that drive the width are named. A US backstop moves shares of lines to the US, the host
nation provides part of logistics; both are reported beside the coalition's lines.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from pydantic import Field

from . import domain, formations, uncertainty
from .factors import Factor, Factors
from .records import Range, Record
from .scenario import Scenario
from .tasks import TaskSpec, check_keys, for_role, hubs_for
from .theatre import Theatre
from .vocab import Backstop, Capability, CapabilityLevel, ForceOption, Measure, Provider, Role

#: Monte Carlo draws behind every range (a setting, not a planning figure): 2,000 keep the 10th and
#: 90th percentiles within about 1% of their limit at these widths
DRAWS = 2000


class FactorUse(Record):
    """A factor as a line used it: key, value, unit and source (for the trace and the appendix)."""

    key: str
    value: float
    unit: str
    source: str


class RequirementLine(Record):
    task: str
    #: where the line stands: a line sector of the theatre, a hub, or the whole theatre ("theatre")
    sector: str
    place: str
    capability: Capability
    provider: Provider
    formation: str
    unit_type: str
    unit_size: int
    units: Range
    troops: Range
    criticality: float
    trace: str
    factors: list[FactorUse]
    #: the line stands outside the host country (a hub abroad, at sea, or a task done from abroad)
    outside_host: bool = False
    #: at sea behind straits: the shore states whose warships may enter when the straits are closed
    littoral: list[str] = []


class Driver(Record):
    """An input's share of the variance of the deployed force (1 - variance with it held at central)."""

    key: str
    share: float


class PlaceTroops(Record):
    """A place's coalition troops: its lines' ranges added (a sum of 10th and 90th percentiles, a
    bound rather than a percentile), formations, and troops in whole formations."""

    troops: Range
    units: float
    whole: float


class Requirement(Record):
    """What the mission needs, task by task in whole formations, before anyone is asked to send it.

    `deployed` is the coalition's force in whole formations: central from the central factors, low
    and high the 10th and 90th percentile of the Monte Carlo. The force pool is not here: its one
    owner is the rotation stage, which knows each nation's own multiplier.
    """

    role: Role
    option: ForceOption
    host_army: int
    adversary_army: int | None
    lines: list[RequirementLine]
    deployed: Range
    #: the coalition's ground lines only (no air detachments, no ships): what a published 'land
    #: component' counts
    land: Range
    deployed_median: float
    by_provider: dict[Provider, Range]
    host_factor: float
    notes: list[str]
    drivers: list[Driver]
    draws: int
    #: what the role's central figures rest on (calibration cases, task rules); said wherever it appears
    basis: list[str]
    #: filled in from the rotation stage (the one owner of pools) when the plan is assembled
    force_pool: Range | None = None
    rotation_multiplier: Range | None = None
    #: the deployed force in each draw, for the rotation stage's pool range (not written to plan.json)
    samples: tuple[float, ...] = Field(default=(), exclude=True, repr=False)

    def coalition_lines(self) -> list[RequirementLine]:
        return [ln for ln in self.lines if ln.provider == Provider.COALITION]

    def by_place(self) -> dict[str, "PlaceTroops"]:
        """The coalition's lines added up by the place they stand (a sector, a hub, the sea, "theatre"),
        in the order the lines come: the one sum the report's sector table and chart both show."""
        out: dict[str, PlaceTroops] = {}
        for ln in self.coalition_lines():
            had = out.get(ln.sector)
            add = PlaceTroops(troops=ln.troops, units=ln.units.central, whole=ln.units.central * ln.unit_size)
            out[ln.sector] = add if had is None else PlaceTroops(
                troops=had.troops + add.troops, units=had.units + add.units, whole=had.whole + add.whole)
        return out

    def troops(self, provider: str = Provider.COALITION, capabilities: tuple[str, ...] | None = None) -> float:
        return sum(ln.troops.central for ln in self.lines
                   if ln.provider == provider and (capabilities is None or ln.capability in capabilities))

    def to_frame(self):
        import pandas as pd

        rows = [{"task": ln.task, "sector": ln.sector, "capability": ln.capability.value,
                 "provider": ln.provider.value, "formation": ln.formation, "units": ln.units.central,
                 "troops_low": ln.troops.low, "troops": ln.troops.central, "troops_high": ln.troops.high}
                for ln in self.lines]
        return pd.DataFrame(rows)


# ---------------------------------------------------------------- the pieces


def host_factor(role: str, host_army: float, adversary_army: float | None) -> float:
    """For roles scaled by the balance of armies (data/roles.csv: deter), the adversary's share of both.

    Normalised to 1 at parity (2A / (A + H)); an assumption standing in for a force-ratio model, chosen
    because it falls strictly and smoothly as the host army grows and never drops to zero.
    """
    if not domain.roles()[Role(role)].host_factor or adversary_army is None or adversary_army + host_army <= 0:
        return 1.0
    return 2.0 * adversary_army / (adversary_army + host_army)


def us_share_key(f: Factors, capability: str, level: str) -> str | None:
    """The US share factor of a line at a backstop level: the ladder is cumulative, so look down it."""
    ladder = list(Backstop)
    for lvl in reversed(ladder[1: Backstop(level).rank + 1]):
        key = f"us_share.{capability}.{lvl.value}"
        if key in f:
            return key
    return None


def enabler_key(f: Factors, role: Role, capability: Capability) -> str | None:
    return next((k for k in (f"enabler.{role.value}.{capability.value}", f"enabler.{capability.value}") if k in f), None)


@dataclass
class _Line:
    """One task line evaluated on the draws (arrays), before it becomes a record."""

    spec: TaskSpec
    sector: str
    capability: Capability
    amount: np.ndarray             # formations (named formation) or troops (fit), before provider shares
    keys: list[str]
    head: str
    shares: dict[Provider, str | None] = field(default_factory=dict)
    troops: dict[Provider, np.ndarray] = field(default_factory=dict)
    units: np.ndarray | None = None
    formation: str = ""


@dataclass
class _Context:
    scenario: Scenario
    theatre: Theatre
    f: Factors
    specs: list[TaskSpec]
    hf: float
    threat_key: str
    #: each task's places (sector or hub, amount, phrase): the geometry is worked out once per sizing
    places: dict[int, list[tuple[str, float, str]]] = field(default_factory=dict)


def _rate(spec: TaskSpec, d: uncertainty.Draws) -> np.ndarray:
    x = np.ones(d.n)
    for op, key in spec.rate:
        x = x * d.v(key) if op == "*" else x / d.v(key)
    return x


def _places(spec: TaskSpec, ctx: _Context) -> list[tuple[str, float, str]]:
    """(sector or hub id, the basis amount there, a phrase for the trace) for the task's basis."""
    th, role = ctx.theatre, ctx.scenario.role
    if spec.basis == "fixed" or spec.basis == "trainees":
        return [("theatre", 1.0, "")]
    if spec.basis == "sea":
        return [(th.sea.id if th.sea else "theatre", 1.0, "")] if th.maritime else []
    if spec.basis == "axes":
        return [("theatre", float(th.axes or 0), f" x {th.axes or 0} threatened axes")] if th.axes else []
    if spec.basis == "hubs":
        return [(h.id, 1.0, f" at {h.name} ({h.kind.value}" + (f", {dist:,.0f} km from hostile ground)" if dist is not None
                                                              else ")"))
                for h, dist in hubs_for(th, spec.kinds, th.standoff(role))]
    per_pop = domain.roles()[role].measure == Measure.THOUSAND_INHABITANTS or spec.basis == "population"
    out = []
    for s in th.sectors:
        if not s.covers(role):
            continue
        if per_pop:
            if s.population is None:
                continue
            out.append((s.id, s.population / 1000.0, f" x {s.population / 1000:,.0f} thousand inhabitants ({s.name})"))
        else:
            out.append((s.id, s.length_km, f" x {s.length_km:,.0f} km ({s.name})"))
    return out


def _evaluate(ctx: _Context, d: uncertainty.Draws) -> list[_Line]:
    """Every task on the draws: the amounts, the provider split, whole formations."""
    f = ctx.f
    threat = d.v(ctx.threat_key)
    lines: list[_Line] = []
    for spec in ctx.specs:
        if spec.basis == "share":
            continue
        rate = _rate(spec, d)
        key = id(spec)
        if key not in ctx.places:
            ctx.places[key] = _places(spec, ctx)
        for sector, amount, where in ctx.places[key]:
            x = rate * amount
            if spec.threat:
                x = x * threat
            if spec.host_factor:
                x = x * ctx.hf
            keys = list(spec.rate_keys) + ([ctx.threat_key] if spec.threat else [])
            lines.append(_Line(spec, sector, spec.capability, x, keys, where))
    # enablers, in proportion to the troops of the lines they support
    for spec in (s for s in ctx.specs if s.basis == "share"):
        base = np.zeros(d.n)
        for ln in lines:
            if ln.capability.value in spec.kinds:
                _split(ln, ctx, d)
                base = base + sum(ln.troops.values())  # supported whoever provides them
        for cap in domain.enablers():
            key = enabler_key(f, ctx.scenario.role, cap)
            if key is None or cap == Capability.HQ:
                continue
            x = base * d.v(key)
            lines.append(_Line(spec, "theatre", cap, x, [key], f" x {', '.join(spec.kinds)} troops supported"))
    for ln in lines:
        _split(ln, ctx, d)
    return lines


def _split(ln: _Line, ctx: _Context, d: uncertainty.Draws) -> None:
    """Provider shares (US backstop, host nation) and whole formations for the coalition's part."""
    if ln.troops:
        return
    f, level = ctx.f, ctx.scenario.us_backstop
    us_key = us_share_key(f, ln.capability.value, level)
    host_key = f"host_share.{ln.capability.value}" if f"host_share.{ln.capability.value}" in f else None
    s_us = d.v(us_key) if us_key else np.zeros(d.n)
    s_host = np.minimum(d.v(host_key), 1 - s_us) if host_key else np.zeros(d.n)
    ln.shares = {Provider.US: us_key, Provider.HOST: host_key}
    ln.keys += [k for k in (us_key, host_key) if k]
    own = ln.amount * (1 - s_us - s_host)
    if ln.spec.formation == "fit":
        per_troop = np.ones(d.n)
        ln.troops[Provider.COALITION] = formations.fit_many(ln.capability, own, d.strengths)
        if d.n == 1:
            form, count = formations.fit(ln.capability, float(own[0]), {k: float(v[0]) for k, v in d.strengths.items()})
            ln.formation, ln.units = form.formation, np.array([float(count)])
        else:
            ln.formation = ""
            ln.units = ln.troops[Provider.COALITION]  # converted to units by the caller
    else:
        form = formations.get(ln.spec.formation)
        size = d.strengths[form.formation]
        ln.formation = form.formation
        ln.units = np.ceil(own - 1e-9)
        ln.troops[Provider.COALITION] = ln.units * size
        per_troop = size
    ln.troops[Provider.US] = ln.amount * s_us * per_troop
    ln.troops[Provider.HOST] = ln.amount * s_host * per_troop


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.3g}"


def _trace(ln: _Line, f: Factors, hf: float, threat_key: str) -> str:
    """The line's derivation with the values and keys of the factors used, as an analyst redoes it."""
    if ln.spec.basis == "share":
        rate = f"{f[ln.keys[0]].value:g} [{ln.keys[0]}]"
    else:
        rate = " ".join(f"{'x' if op == '*' else '/'} {f[k].value:g} [{k}]" for op, k in ln.spec.rate)[2:]
    parts = [f"{ln.spec.task}: {rate}{ln.head}"]
    if ln.spec.threat:
        parts.append(f"x threat {f[threat_key].value:g} [{threat_key}]")
    if ln.spec.host_factor:
        parts.append(f"x host factor {hf:.3f} (2 x adversary / (adversary + host army))")
    for p, key in ln.shares.items():
        if key:
            parts.append(f"less the {p.value} share {f[key].value:g} [{key}]")
    form = formations.get(ln.formation)
    own = float(ln.troops[Provider.COALITION][0])
    if ln.spec.formation == "fit":
        parts.append(f"= {_fmt(float(ln.amount[0]))} troops; in the smallest fitting formations "
                     f"{int(ln.units[0])} x {form.formation} of {form.strength:g} = {_fmt(own)}")
    else:
        parts.append(f"= {int(ln.units[0])} x {form.formation} of {form.strength:g} = {_fmt(own)} troops")
    return " ".join(parts)


def size(scenario: Scenario, theatre: Theatre, f: Factors, *, draws: int = DRAWS, drivers: bool = True) -> Requirement:
    """The requirement for the scenario's role and force option, with its Monte Carlo range."""
    f = f.with_overrides(scenario.overrides)
    role, option = scenario.role, scenario.option
    adversary = scenario.adversary_army if scenario.adversary_army is not None else theatre.adversary_army
    host = scenario.host_army if scenario.host_army is not None else (theatre.host_army or 0)
    hf = host_factor(role, host, adversary)
    specs = for_role(role, option)
    check_keys(specs, f)
    ctx = _Context(scenario, theatre, f, specs, hf, f"threat.{scenario.threat.value}")
    keys = _keys(ctx)
    mid = uncertainty.central(f, keys)
    lines = _evaluate(ctx, mid)
    mc = uncertainty.sample(f, keys, draws, scenario.seed)
    mc_lines = _evaluate(ctx, mc)
    notes: list[str] = []
    if domain.roles()[role].host_factor and adversary is None:
        notes.append(f"no adversary army given: {role.value} sized at parity (host factor 1)")
    if any(s.basis == "hubs" for s in specs) and not any(ln.spec.basis == "hubs" for ln in lines):
        notes.append(f"no hub lies {theatre.standoff(role):g} km or more from hostile ground: no garrisons")

    records: list[RequirementLine] = []
    totals = {p: np.zeros(draws) for p in Provider}
    land = np.zeros(draws)  # the coalition's ground lines: what a 'land component' counts
    # every line's 10th and 90th percentile in one pass over the stacked draws
    stacked = np.array([mc_ln.troops[p] for mc_ln in mc_lines for p in Provider]).reshape(len(mc_lines), len(Provider), -1)
    pcts = np.percentile(stacked, [10, 90], axis=2) if len(mc_lines) else np.zeros((2, 0, len(Provider)))
    for i, (ln, mc_ln) in enumerate(zip(lines, mc_lines)):
        form = formations.get(ln.formation)
        for p in Provider:
            totals[p] += mc_ln.troops[p]
        if domain.capabilities()[ln.capability].level == CapabilityLevel.GROUND:
            land += mc_ln.troops[Provider.COALITION]
        for j, p in enumerate(Provider):
            central_troops = float(ln.troops[p][0])
            lo, hi = float(pcts[0, i, j]), float(pcts[1, i, j])
            if central_troops <= 0 and (p != Provider.COALITION or hi <= 0):
                continue
            troops = Range.of(min(lo, central_troops), central_troops, max(hi, central_troops))
            if p == Provider.COALITION:
                units = float(ln.units[0])
                if ln.spec.formation == "fit":  # the count follows the troops in the chosen formation
                    u_lo, u_hi = math.ceil(troops.low / form.strength - 1e-9), math.ceil(troops.high / form.strength - 1e-9)
                else:  # the count itself was drawn (rates, threat, shares)
                    u_lo, u_hi = (float(x) for x in np.percentile(mc_ln.units, [10, 90]))
                u = Range.of(min(units, u_lo), units, max(units, u_hi))
            else:
                u = troops.map(lambda t: t / form.strength)
            used = [f[k] for k in dict.fromkeys(ln.keys)]
            records.append(RequirementLine(
                task=ln.spec.task, sector=ln.sector, **_whereabouts(ln.sector, ln.capability, p, theatre),
                capability=ln.capability, provider=p,
                formation=form.formation, unit_type=form.formation, unit_size=int(round(form.strength)),
                units=u, troops=troops, criticality=f[f"criticality.{ln.capability.value}"].value,
                trace=_trace(ln, f, hf, ctx.threat_key) if p == Provider.COALITION else
                f"{ln.spec.task}: {p.value} share of the line ({_fmt(central_troops)} troops)",
                factors=[FactorUse(key=u_.key, value=u_.value, unit=u_.unit, source=u_.source) for u_ in used]
                + [FactorUse(key=form.key, value=form.strength, unit="people", source=form.source)]))
    by_provider: dict[Provider, Range] = {}
    for p in Provider:
        central_p = sum(r.troops.central for r in records if r.provider == p)
        if central_p <= 0 and p != Provider.COALITION:
            continue
        lo, _, hi = uncertainty.percentiles(totals[p])
        by_provider[p] = Range.of(min(lo, central_p), central_p, max(hi, central_p))
    deployed = by_provider[Provider.COALITION]
    land_central = sum(r.troops.central for r in records if r.provider == Provider.COALITION
                       and domain.capabilities()[r.capability].level == CapabilityLevel.GROUND)
    lo, _, hi = uncertainty.percentiles(land)
    land_range = Range.of(min(lo, land_central), land_central, max(hi, land_central))
    used_forms = {r.formation for r in records}
    mc_used = uncertainty.Draws(mc.n, mc.values, {k: v for k, v in mc.strengths.items() if k in used_forms})
    found = [Driver(key=k, share=sh) for k, sh in uncertainty.drivers(mc_used, totals[Provider.COALITION])] \
        if drivers and draws > 1 else []
    return Requirement(role=role, option=option, host_army=host, adversary_army=adversary, lines=records,
                       deployed=deployed, land=land_range, deployed_median=float(np.median(totals[Provider.COALITION])),
                       by_provider=by_provider, host_factor=hf, notes=notes, drivers=found, draws=draws,
                       basis=_basis(specs, f), samples=tuple(float(x) for x in totals[Provider.COALITION]))


def _place(sector: str, theatre: Theatre) -> str:
    if sector == "theatre":
        return "theatre"
    if theatre.sea is not None and sector == theatre.sea.id:
        return "sea"
    return "hub" if theatre.hub(sector) is not None else "sector"


def _whereabouts(sector: str, capability: Capability, provider: Provider, theatre: Theatre) -> dict:
    """Whether a line stands outside the host country, and who may sail there if it lies behind straits."""
    place = _place(sector, theatre)
    hub = theatre.hub(sector) if place == "hub" else None
    outside = (place == "sea" or (hub is not None and hub.country not in ("", theatre.host))
               or (place == "theatre" and domain.capabilities()[capability].from_outside)
               or provider in theatre.outside_providers)
    sea = theatre.sea
    littoral = list(sea.littoral) if place == "sea" and sea is not None and sea.access == "straits" else []
    return {"place": place, "outside_host": outside, "littoral": littoral}


def _keys(ctx: _Context) -> list[str]:
    f = ctx.f
    keys = {ctx.threat_key}
    for spec in ctx.specs:
        keys.update(k for k in spec.rate_keys if k != "enabler")
    caps = {s.capability for s in ctx.specs if s.capability} | set(domain.enablers())
    for cap in caps:
        keys.add(f"criticality.{cap.value}")
        for k in (us_share_key(f, cap.value, ctx.scenario.us_backstop), f"host_share.{cap.value}",
                  enabler_key(f, ctx.scenario.role, cap)):
            if k and k in f:
                keys.add(k)
    return sorted(keys)


def _basis(specs: list[TaskSpec], f: Factors) -> list[str]:
    """What the central figures rest on, for every screen that shows them: calibrated densities say
    how many missions they come from."""
    out = []
    for spec in specs:
        for key in spec.rate_keys:
            if key.startswith("density.") and key in f:
                out.append(f"{key}: {f[key].source}")
    return sorted(set(out))


def enabler_troops(req: Requirement) -> float:
    return req.troops(Provider.COALITION, domain.enablers())


__all__ = ["Requirement", "RequirementLine", "FactorUse", "Driver", "size", "host_factor", "us_share_key",
           "enabler_troops", "DRAWS", "Factor"]
