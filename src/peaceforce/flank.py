"""Eastern flank: what NATO's forces facing Russia look like before and after the mission draws on them.

Counts the forces earmarked for the flank (data/flank.csv: forward-presence battlegroups, Germany's
brigade in Lithuania, national forces of the Baltic states, Poland and Nordic neighbours) and takes
out what the allocation uses of them (only possible under `eastern_flank: ignore`), brigade-equivalents
in proportion to troops. The Baltic subset (data/regions.csv) is measured against RAND's finding
(Shlapak & Johnson 2016) that about seven brigades, three of them heavy, could prevent a rapid
overrun of the Baltic states.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import domain
from .factors import Factors
from .generation import Allocation
from .nations import NationTable
from .records import Record
from .vocab import FlankPolicy

FIGURES = ("troops", "brigades", "heavy")


class Forces(Record):
    troops: float
    brigades: float
    heavy: float


class Yardstick(Record):
    brigades: float
    heavy: float
    source: str
    baltic_meets_before: bool
    baltic_meets_after: bool


class Baltic(Record):
    before: Forces
    after: Forces


class NationFlank(Record):
    nation: str
    hosts: list[str]
    before: Forces
    after: Forces
    drawn: int


class Flank(Record):
    policy: FlankPolicy
    before: Forces
    after: Forces
    baltic: Baltic
    yardstick: Yardstick
    intact: bool
    by_nation: list[NationFlank]

    @property
    def drawn(self) -> int:
        return sum(n.drawn for n in self.by_nation)


def _forces(values) -> Forces:
    return Forces(**{k: round(float(v), 2) for k, v in zip(FIGURES, values)})


def flank(allocation: Allocation, nations: NationTable, policy: str, f: Factors) -> Flank:
    """Plain arrays over the earmark rows: a handful of rows, where pandas indexing would dominate."""
    rows = nations.flank
    n = len(rows)
    codes = [str(c) for c in rows["code"]] if n else []
    hosts = [str(h) for h in rows["host"]] if n else []
    figs = np.zeros((n, len(FIGURES)))
    for j, col in enumerate(FIGURES):
        if col in rows.columns and n:
            figs[:, j] = pd.to_numeric(rows[col], errors="coerce").fillna(0.0).to_numpy(dtype=float)
    used = {na.nation: float(na.earmark_used) for na in allocation.nations}
    order = sorted(set(codes))
    per = {c: figs[[i for i, x in enumerate(codes) if x == c]].sum(axis=0) for c in order}
    drawn = {c: min(max(used.get(c, 0.0), 0.0), per[c][0]) for c in order}
    keep = {c: 1.0 - (drawn[c] / per[c][0] if per[c][0] > 0 else 0.0) for c in order}
    baltic = domain.region("baltic")
    in_baltic = np.array([h in baltic for h in hosts], dtype=bool)
    row_keep = np.array([keep[c] for c in codes]) if n else np.zeros(0)
    bal_before = figs[in_baltic].sum(axis=0)
    bal_after = (figs[in_baltic] * row_keep[in_baltic, None]).sum(axis=0)
    by_nation = [NationFlank(nation=c, hosts=sorted({h for x, h in zip(codes, hosts) if x == c}),
                             before=_forces(per[c]), after=_forces(per[c] * keep[c]), drawn=int(round(drawn[c])))
                 for c in order]
    tot_b = sum((per[c] for c in order), np.zeros(len(FIGURES)))
    tot_a = sum((per[c] * keep[c] for c in order), np.zeros(len(FIGURES)))
    y, yh = f["flank.yardstick_brigades"], f["flank.yardstick_heavy"]
    yardstick = Yardstick(
        brigades=y.value, heavy=yh.value, source=y.source,
        baltic_meets_before=bool(bal_before[1] >= y.value and bal_before[2] >= yh.value),
        baltic_meets_after=bool(bal_after[1] >= y.value and bal_after[2] >= yh.value))
    intact = bool(np.all(np.abs(tot_a - tot_b) < 1e-6))
    return Flank(policy=FlankPolicy(policy), before=_forces(tot_b), after=_forces(tot_a),
                 baltic=Baltic(before=_forces(bal_before), after=_forces(bal_after)), yardstick=yardstick,
                 intact=intact, by_nation=by_nation)
