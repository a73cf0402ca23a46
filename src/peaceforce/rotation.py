"""Sustainment: month-by-month force levels over the mission, and when a nation cannot keep up.

Each rotation a nation sends fresh troops; those coming home need a dwell period before they can go
again, so the distinct troops a share ties down grow with each rotation until they plateau at the
nation's rotation multiplier (its own where known, else 1 + the planning dwell ratio). A nation's
ground contribution is sustainable while that need fits its deployable pool: land forces x NATO's
deployable share (Riga 2006: 40%), less its eastern-flank earmarks when the flank is protected.
The capacity figures force generation used already respect this for derived capacity; the check
bites where a user's or a national figure promises more than the nation's pool can rotate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from .factors import Factors
from .generation import Allocation
from .nations import NationTable
from .scenario import Scenario
from .vocab import GROUND_CAPABILITIES


@dataclass
class NationSustainment:
    nation: str
    troops: int
    ground: int
    multiplier: float
    pool: float
    sustainable_until: int | None  # last month kept up in full; None = the whole mission
    reason: str = ""


@dataclass
class Rotation:
    months: list[dict[str, Any]]
    unsustainable: list[dict[str, Any]]
    nations: list[NationSustainment] = field(default_factory=list)
    rotations: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"rotations": self.rotations, "months": self.months, "unsustainable": self.unsustainable,
                "nations": [{"nation": n.nation, "troops": n.troops, "multiplier": n.multiplier,
                             "pool_needed": round(n.ground * n.multiplier), "deployable_pool": round(n.pool),
                             "sustainable_until": n.sustainable_until} for n in self.nations]}

    def summary(self) -> str:
        if not self.unsustainable:
            return f"every nation keeps its share up for all {len(self.months)} months ({self.rotations} rotations)"
        names = ", ".join(f"{u['nation']} from month {u['from_month']}"
                          for u in sorted(self.unsustainable, key=lambda u: u["from_month"]))
        return f"{len(self.unsustainable)} nation(s) cannot keep their share up: {names}"


def nation_multiplier(nations: NationTable, code: str, default: float, rotations: int) -> float:
    own = nations.get(code, "rotation_multiplier")
    m = float(own) if own is not None else default
    return min(m, rotations)


def deployable_pool(nations: NationTable, code: str, f: Factors, protect: bool) -> float:
    land = nations.get(code, "land_forces")
    pool = float(land or 0) * f.v("capacity.deployable_share")
    if protect:
        pool -= nations.earmarked(code)
    return max(0.0, pool)


def sustain(allocation: Allocation, nations: NationTable, scenario: Scenario, f: Factors) -> Rotation:
    months_n, rot_m = scenario.duration_months, scenario.rotation_months
    rotations = math.ceil(months_n / rot_m)
    default = 1 + f.v("rotation.dwell_ratio")
    protect = scenario.coalition.eastern_flank == "protect"
    ground_by: dict[str, int] = {}
    for a in allocation.assignment:
        if a["capability"] in GROUND_CAPABILITIES and a["units"]:
            ground_by[a["nation"]] = ground_by.get(a["nation"], 0) + int(a["troops"])

    records: list[NationSustainment] = []
    unsustainable: list[dict[str, Any]] = []
    for na in allocation.nations:
        if na.troops_deployed <= 0:
            continue
        ground = ground_by.get(na.nation, 0)
        mult = nation_multiplier(nations, na.nation, default, rotations)
        pool = deployable_pool(nations, na.nation, f, protect)
        until = None
        if ground > 0:
            # rotation k (1-based) needs ground x min(k, multiplier) distinct troops
            for k in range(1, rotations + 1):
                if ground * min(k, mult) > pool + 1e-9:
                    until = (k - 1) * rot_m
                    reason = (f"rotation {k} needs {ground * min(k, mult):,.0f} ground troops in the pool "
                              f"({ground:,} deployed x {min(k, mult):g}); its deployable pool is {pool:,.0f} "
                              f"(land forces x {f.v('capacity.deployable_share'):g}"
                              + (" less eastern-flank earmarks)" if protect else ")"))
                    unsustainable.append({"nation": na.nation, "from_month": until + 1, "reason": reason,
                                          "shortfall": round(ground - pool / min(k, mult))})
                    break
        records.append(NationSustainment(na.nation, na.troops_deployed, ground, mult, pool, until,
                                         "" if until is None else unsustainable[-1]["reason"]))

    required = allocation.required_troops
    months = []
    for m in range(1, months_n + 1):
        k = (m - 1) // rot_m + 1
        by_nation = {}
        for r in records:
            troops = r.troops
            if r.sustainable_until is not None and m > r.sustainable_until:
                kept = math.floor(r.pool / min(k, r.multiplier)) if r.ground else 0
                troops = r.troops - r.ground + min(r.ground, kept)
            by_nation[r.nation] = troops
        deployed = sum(by_nation.values())
        months.append({"month": m, "rotation": k, "deployed": deployed, "by_nation": by_nation,
                       "gap": max(0, required - deployed)})
    return Rotation(months, unsustainable, records, rotations)
