"""Cost: what the deployment adds to national budgets, per year and per nation, with a range.

The cost per deployed troop-year comes from nations' published additional costs of past deployments
(data/costs.csv), converted to EUR at 2025 prices there. The default range is the 10th, 50th and
90th percentile of those cases; a nation with cases of its own uses its own median, scaled by the
default range's spread for low and high.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .generation import Allocation

PERCENTILES = (10, 50, 90)


@dataclass(frozen=True)
class CostRates:
    default: tuple[float, float, float]
    national: dict[str, float]
    cases: int
    source: str


def rates(costs: pd.DataFrame) -> CostRates:
    cases = costs[costs["kind"] == "nation_additional"]
    values = cases["cost_per_troop_year_eur2025"].astype(float).to_numpy()
    low, central, high = (float(np.percentile(values, p)) for p in PERCENTILES)
    national = {str(code): float(g["cost_per_troop_year_eur2025"].astype(float).median())
                for code, g in cases.groupby("nation")}
    source = ("data/costs.csv: nations' published additional costs of deployments, EUR 2025 prices; "
              f"range = 10th/50th/90th percentile of {len(values)} cases ({', '.join(cases['case'])})")
    return CostRates((low, central, high), national, len(values), source)


@dataclass
class Cost:
    per_year: dict[str, float]
    total: dict[str, float]
    by_nation: list[dict[str, Any]]
    gap_per_year: float
    rates: CostRates
    years: float

    def to_dict(self) -> dict[str, Any]:
        return {"currency": "EUR", "price_year": 2025, "per_year": self.per_year, "total": self.total,
                "years": self.years, "by_nation": self.by_nation, "gap_per_year_central": self.gap_per_year,
                "per_troop_year": dict(zip(("low", "central", "high"), self.rates.default)),
                "source": self.rates.source}


def cost(allocation: Allocation, duration_months: int, r: CostRates) -> Cost:
    lo_f, mid, hi_f = r.default
    by_nation, totals = [], np.zeros(3)
    for na in allocation.nations:
        if na.troops_deployed <= 0:
            continue
        own = r.national.get(na.nation)
        centre = own if own is not None else mid
        triple = np.array([centre * lo_f / mid, centre, centre * hi_f / mid]) * na.troops_deployed
        totals += triple
        by_nation.append({"nation": na.nation, "per_year": round(float(triple[1])),
                          "per_year_range": {"low": round(float(triple[0])), "high": round(float(triple[2]))},
                          "per_troop_year": round(centre), "rate": "national" if own is not None else "default"})
    years = duration_months / 12
    per_year = {k: round(float(v)) for k, v in zip(("low", "central", "high"), totals)}
    total = {k: round(v * years) for k, v in per_year.items()}
    gap_troops = max(0, allocation.required_troops - allocation.allocated_troops)
    return Cost(per_year, total, by_nation, round(gap_troops * mid), r, years)
