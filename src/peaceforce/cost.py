"""Cost: what the whole force adds to national budgets, per year and once, with a range.

Running costs are priced per formation type:
  * troops (ground units, HQ staff, helicopter squadrons, and the crews of fighter detachments): the
    cost per deployed troop-year from nations' published additional costs of past deployments
    (data/costs.csv, EUR at `cost.price_year` prices); the range is the percentiles `cost.percentile.*`
    of those cases, and a nation with cases of its own uses its own median, scaled by that spread;
  * fighter detachments: flying hours a year x cost per flying hour, on top of their crews;
  * ships: 365 ship-days x cost per ship-day (additional costs that already include the crews').
One-off costs: deployment and recovery per troop, and infrastructure per troop inside the host country
(data/cost_rates.csv, each rate with its source and derivation). A rate without its own low or high
takes the spread of the per-troop cases.

The headline covers the whole requirement: the part the nations source plus the gap's part (priced
at the default rates), shown beside each other.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import InputError
from .factors import Factors
from .generation import Allocation
from .records import Range, Record
from .rotation import Rotation
from .sizing import Requirement
from .vocab import Capability

#: what a formation type's running cost is counted as (the report's rows)
KINDS = ("troops", "hq_staff", "air_detachments", "ships")


class UnitRate(Record):
    """A cost per unit of a formation (per year) or a one-off per troop, in EUR at the price year."""

    rate: str
    formation: str
    unit: str
    per: Range
    source: str


class CostRates(Record):
    per_troop_year: Range
    national: dict[str, float]
    cases: list[str]
    source: str
    #: formation -> cost per unit a year (fighter detachments' flying, ships' days)
    per_unit_year: dict[str, Range] = {}
    #: one-offs per troop: 'deployment' (every troop), 'infrastructure' (troops inside the host country)
    one_off: dict[str, Range] = {}
    rates: list[UnitRate] = []


class NationCost(Record):
    nation: str
    per_year: float
    per_year_range: Range
    per_troop_year: float
    #: 'national': the nation's own published cases; 'default': all cases
    rate: str


class KindCost(Record):
    kind: str
    sourced: Range
    gap: Range


class OneOff(Record):
    item: str
    troops: int
    per_troop: Range
    total: Range


class Cost(Record):
    currency: str
    price_year: int
    #: the whole requirement a year: the sourced part plus the gap's part
    per_year: Range
    sourced_per_year: Range
    gap_per_year: Range
    one_off: Range
    one_offs: list[OneOff]
    #: per_year x years + one_off
    total: Range
    years: float
    by_nation: list[NationCost]
    by_kind: list[KindCost]
    #: what the unfilled gaps cost a year at the central rates (gap_per_year.central)
    gap_per_year_central: float
    per_troop_year: Range
    source: str
    #: the per-formation and one-off rates priced, with their sources (the report's appendix)
    rates: list[UnitRate] = []


def _range(row, spread: tuple[float, float]) -> Range:
    mid = float(row["central"])
    lo = float(row["low"]) if not pd.isna(row["low"]) else mid * spread[0]
    hi = float(row["high"]) if not pd.isna(row["high"]) else mid * spread[1]
    return Range.of(lo, mid, hi)


def _case(row: dict) -> str:
    """A case as a reader names it: data/costs.csv's `mission` ('Germany in KFOR (Kosovo), 2017'; a planned
    case says so), else its key in words."""
    mission = row.get("mission")
    return str(mission) if isinstance(mission, str) and mission.strip() else str(row["case"]).replace("_", " ")


def rates(costs: pd.DataFrame, f: Factors, unit_rates: pd.DataFrame | None = None) -> CostRates:
    cases = costs[costs["kind"] == "nation_additional"]
    values = cases["cost_per_troop_year_eur2025"].astype(float).to_numpy()
    pct = [f.v(f"cost.percentile.{k}") for k in ("low", "central", "high")]
    if not pct[0] <= pct[1] <= pct[2]:
        raise InputError("overrides.cost.percentile", "/".join(f"{x:g}" for x in pct),
                         "percentiles with low <= central <= high")
    low, central, high = (float(np.percentile(values, p)) for p in pct)
    national = {str(code): float(g["cost_per_troop_year_eur2025"].astype(float).median())
                for code, g in cases.groupby("nation")}
    source = (f"data/costs.csv: nations' published additional costs of deployments, EUR {f.v('cost.price_year'):.0f} "
              f"prices; range = percentiles {pct[0]:g}/{pct[1]:g}/{pct[2]:g} of {len(values)} cases: "
              + "; ".join(_case(r) for r in cases.to_dict("records")))
    spread = (low / central, high / central) if central > 0 else (1.0, 1.0)
    listed: list[UnitRate] = []
    per_unit: dict[str, Range] = {}
    one_off: dict[str, Range] = {}
    if unit_rates is not None:
        by = {(str(r["rate"]), "" if pd.isna(r["formation"]) else str(r["formation"])): r
              for r in unit_rates.to_dict("records")}
        for (rate, form), row in by.items():
            listed.append(UnitRate(rate=rate, formation=form, unit=str(row["unit"]), per=_range(row, spread),
                                   source=f"{row['source']}; {row['note']}"))
        for (rate, form), row in by.items():
            if rate == "flying_hour" and ("flying_hours", form) in by:
                per_unit[form] = _range(row, spread).scale(_range(by[("flying_hours", form)], (1.0, 1.0)))
            elif rate == "ship_day":
                per_unit[form] = _range(row, spread).map(lambda v: v * 365.0)
            elif rate in ("deployment", "infrastructure"):
                one_off[rate] = _range(row, spread)
    return CostRates(per_troop_year=Range.of(low, central, high), national=national, cases=list(cases["case"]),
                     source=source, per_unit_year=per_unit, one_off=one_off, rates=listed)


def _kind(capability: Capability, formation: str, r: CostRates) -> str:
    if capability == Capability.HQ:
        return "hq_staff"
    if capability == Capability.MARITIME:
        return "ships"
    if formation in r.per_unit_year:
        return "air_detachments"
    return "troops"


def _running(capability: Capability, formation: str, units: float, troops: float, troop_year: Range,
             r: CostRates) -> Range:
    """A year of one line's units: ships by the ship-day (crews included), fighter detachments by the
    flying hour plus their crews, everything else by the troop-year."""
    per_unit = r.per_unit_year.get(formation)
    if per_unit is not None and capability == Capability.MARITIME:
        return per_unit.map(lambda v: v * units)
    people = troop_year.map(lambda v: v * troops)
    return people + per_unit.map(lambda v: v * units) if per_unit is not None else people


def cost(requirement: Requirement, allocation: Allocation, rotation: Rotation, r: CostRates, f: Factors) -> Cost:
    mid = r.per_troop_year.central
    spread = r.per_troop_year.map(lambda v: v / mid if mid else 1.0)
    kinds = {k: [Range.zero(), Range.zero()] for k in KINDS}
    per_nation: dict[str, Range] = {}
    for a in allocation.assignment:
        if not a.units:
            continue
        own = r.national.get(a.nation)
        rate = spread.map(lambda v: v * (own if own is not None else mid))
        run = _running(a.capability, a.formation, a.units, a.troops, rate, r)
        per_nation[a.nation] = per_nation.get(a.nation, Range.zero()) + run
        kinds[_kind(a.capability, a.formation, r)][0] += run
    for g in allocation.gaps:
        kinds[_kind(g.capability, g.unit_type, r)][1] += _running(g.capability, g.unit_type, g.units, g.troops,
                                                                 r.per_troop_year, r)
    by_nation: list[NationCost] = []
    for na in allocation.nations:
        if na.troops_deployed <= 0 or na.nation not in per_nation:
            continue
        run = per_nation[na.nation]
        own = r.national.get(na.nation)
        by_nation.append(NationCost(nation=na.nation, per_year=float(round(run.central)),
                                    per_year_range=run.map(lambda v: float(round(v))),
                                    per_troop_year=float(round(own if own is not None else mid)),
                                    rate="national" if own is not None else "default"))
    sourced = sum((v[0] for v in kinds.values()), Range.zero())
    gap = sum((v[1] for v in kinds.values()), Range.zero())

    one_offs: list[OneOff] = []
    lines = requirement.coalition_lines()
    everyone = sum(ln.units.central * ln.unit_size for ln in lines)
    inside = sum(ln.units.central * ln.unit_size for ln in lines
                 if not ln.outside_host and ln.place != "sea" and ln.capability not in (Capability.AIR_POLICING,))
    for item, troops in (("deployment", everyone), ("infrastructure", inside)):
        per = r.one_off.get(item)
        if per is not None and troops > 0:
            one_offs.append(OneOff(item=item, troops=int(round(troops)), per_troop=per,
                                   total=per.map(lambda v: float(round(v * troops)))))
    one_off = sum((o.total for o in one_offs), Range.zero())
    years = rotation.years
    per_year = (sourced + gap).map(lambda v: float(round(v)))
    total = per_year.map(lambda v: v * years) + one_off
    if not (per_year.finite() and total.finite()):
        raise InputError("overrides.cost", "a rate that overflows", "cost rates that give finite totals")
    return Cost(currency="EUR", price_year=int(f.v("cost.price_year")), per_year=per_year,
                sourced_per_year=sourced.map(lambda v: float(round(v))), gap_per_year=gap.map(lambda v: float(round(v))),
                one_off=one_off, one_offs=one_offs, total=total.map(lambda v: float(round(v))), years=years,
                by_nation=by_nation,
                by_kind=[KindCost(kind=k, sourced=v[0].map(round), gap=v[1].map(round)) for k, v in kinds.items()
                         if v[0].high or v[1].high],
                gap_per_year_central=float(round(gap.central)), per_troop_year=r.per_troop_year, source=r.source,
                rates=r.rates)


__all__ = ["cost", "rates", "Cost", "CostRates", "NationCost", "KindCost", "OneOff", "UnitRate", "KINDS"]
