"""Eastern flank: what NATO's forces facing Russia look like before and after the mission draws on them.

Counts the forces earmarked for the flank (data/flank.csv: forward-presence battlegroups, Germany's
brigade in Lithuania, national forces of the Baltic states, Poland and Nordic neighbours) and takes
out what the allocation uses of them (only possible under `eastern_flank: ignore`), brigade-equivalents
in proportion to troops. The Baltic subset is measured against RAND's finding (Shlapak & Johnson 2016)
that about seven brigades, three of them heavy, could prevent a rapid overrun of the Baltic states.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .factors import Factors
from .generation import Allocation
from .nations import NationTable

BALTIC_HOSTS = ("EE", "LV", "LT")


@dataclass
class Flank:
    before: dict[str, float]
    after: dict[str, float]
    baltic_before: dict[str, float]
    baltic_after: dict[str, float]
    yardstick: dict[str, Any]
    intact: bool
    by_nation: list[dict[str, Any]]
    policy: str

    def to_dict(self) -> dict[str, Any]:
        return {"policy": self.policy, "before": self.before, "after": self.after,
                "baltic": {"before": self.baltic_before, "after": self.baltic_after},
                "yardstick": self.yardstick, "intact": self.intact, "by_nation": self.by_nation}

    def summary(self) -> str:
        b, a, y = self.baltic_before, self.baltic_after, self.yardstick
        state = "intact" if self.intact else "DEGRADED"
        return (f"flank {state} ({self.policy}): {self.before['brigades']:.1f} -> {self.after['brigades']:.1f} "
                f"brigades on the eastern flank; Baltic states {b['brigades']:.1f} -> {a['brigades']:.1f} "
                f"against the yardstick of {y['brigades']:g} ({y['heavy']:g} heavy)")


def flank(allocation: Allocation, nations: NationTable, policy: str, f: Factors) -> Flank:
    rows = nations.flank
    used = {n.nation: float(n.earmark_used) for n in allocation.nations}
    by_nation = []
    tot_b = {"troops": 0.0, "brigades": 0.0, "heavy": 0.0}
    tot_a = dict(tot_b)
    bal_b, bal_a = dict(tot_b), dict(tot_b)
    for code, g in rows.groupby("code"):
        troops = float(g["troops"].sum())
        take = min(used.get(code, 0.0), troops)
        keep = 1 - (take / troops if troops else 0)
        nb = {"troops": troops, "brigades": float(g["brigades"].sum()), "heavy": float(g["heavy"].sum())}
        na = {k: v * keep for k, v in nb.items()}
        by_nation.append({"nation": code, "hosts": sorted(set(g["host"])),
                          "before": {k: round(v, 2) for k, v in nb.items()},
                          "after": {k: round(v, 2) for k, v in na.items()}, "drawn": round(take)})
        for k in tot_b:
            tot_b[k] += nb[k]
            tot_a[k] += na[k]
        for _, r in g[g["host"].isin(BALTIC_HOSTS)].iterrows():
            for k in bal_b:
                bal_b[k] += float(r[k])
                bal_a[k] += float(r[k]) * keep
    rnd = lambda d: {k: round(v, 2) for k, v in d.items()}  # noqa: E731
    y = f["flank.yardstick_brigades"]
    yh = f["flank.yardstick_heavy"]
    yardstick = {"brigades": y.value, "heavy": yh.value, "source": y.source,
                 "baltic_meets_before": bal_b["brigades"] >= y.value and bal_b["heavy"] >= yh.value,
                 "baltic_meets_after": bal_a["brigades"] >= y.value and bal_a["heavy"] >= yh.value}
    intact = all(abs(tot_a[k] - tot_b[k]) < 1e-6 for k in tot_b)
    return Flank(rnd(tot_b), rnd(tot_a), rnd(bal_b), rnd(bal_a), yardstick, intact, by_nation, policy)
