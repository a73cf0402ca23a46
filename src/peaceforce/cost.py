"""Cost: what the deployment adds to national budgets, per year and per nation, with a range.

The cost per deployed troop-year comes from nations' published additional costs of past deployments
(data/costs.csv, converted to euros at the price year `cost.price_year`). The default range is the
percentiles `cost.percentile.*` of those cases; a nation with cases of its own uses its own median,
scaled by the default range's spread for low and high.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import InputError
from .factors import Factors
from .generation import Allocation
from .records import Range, Record
from .rotation import Rotation


class CostRates(Record):
    per_troop_year: Range
    national: dict[str, float]
    cases: list[str]
    source: str


class NationCost(Record):
    nation: str
    per_year: float
    per_year_range: Range
    per_troop_year: float
    #: 'national': the nation's own published cases; 'default': all cases
    rate: str


class Cost(Record):
    currency: str
    price_year: int
    per_year: Range
    total: Range
    years: float
    by_nation: list[NationCost]
    #: what the unfilled gaps would cost a year at the central rate (not in per_year)
    gap_per_year_central: float
    per_troop_year: Range
    source: str


def rates(costs: pd.DataFrame, f: Factors) -> CostRates:
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
              f"prices; range = percentiles {pct[0]:g}/{pct[1]:g}/{pct[2]:g} of {len(values)} cases "
              f"({', '.join(cases['case'])})")
    return CostRates(per_troop_year=Range.of(low, central, high), national=national, cases=list(cases["case"]),
                     source=source)


def cost(allocation: Allocation, rotation: Rotation, r: CostRates, f: Factors) -> Cost:
    lo_f, mid, hi_f = r.per_troop_year.low, r.per_troop_year.central, r.per_troop_year.high
    by_nation: list[NationCost] = []
    totals = np.zeros(3)
    for na in allocation.nations:
        if na.troops_deployed <= 0:
            continue
        own = r.national.get(na.nation)
        centre = own if own is not None else mid
        triple = np.array([centre * lo_f / mid, centre, centre * hi_f / mid]) * na.troops_deployed
        totals += triple
        by_nation.append(NationCost(nation=na.nation, per_year=float(round(triple[1])),
                                    per_year_range=Range.of(*(float(round(x)) for x in triple)),
                                    per_troop_year=float(round(centre)),
                                    rate="national" if own is not None else "default"))
    years = rotation.years
    per_year = Range.of(*(float(round(v)) for v in totals))
    return Cost(currency="EUR", price_year=int(f.v("cost.price_year")), per_year=per_year,
                total=per_year.map(lambda v: float(round(v * years))), years=years, by_nation=by_nation,
                gap_per_year_central=float(round(allocation.gap_troops * mid)), per_troop_year=r.per_troop_year,
                source=r.source)
