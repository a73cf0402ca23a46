"""Eastern flank: what NATO's forces facing Russia look like before and after the mission draws on them.

Counts the forces earmarked for the flank (data/flank.csv: forward-presence battlegroups, Germany's
brigade in Lithuania, national forces of the Baltic states, Poland and Nordic neighbours) and takes
out what the allocation uses of them (only possible under `eastern_flank: ignore`), brigade-equivalents
in proportion to troops. The Baltic subset (data/regions.csv) is measured against RAND's finding
(Shlapak & Johnson 2016) that about seven brigades, three of them heavy, could prevent a rapid
overrun of the Baltic states.
"""

from __future__ import annotations

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
    return Forces(**{k: round(float(values[k]), 2) for k in FIGURES})


def flank(allocation: Allocation, nations: NationTable, policy: str, f: Factors) -> Flank:
    rows = nations.flank.copy()
    for col in FIGURES:
        if col not in rows.columns:
            rows[col] = 0.0
        rows[col] = rows[col].astype(float).fillna(0.0)
    used = {n.nation: float(n.earmark_used) for n in allocation.nations}
    per = rows.groupby("code", sort=True)[list(FIGURES)].sum()
    drawn = per.index.map(lambda c: used.get(c, 0.0)).to_numpy().clip(0.0)
    drawn = drawn.clip(max=per["troops"].to_numpy())
    keep = 1.0 - (drawn / per["troops"].where(per["troops"] > 0, 1.0).to_numpy())
    after = per.mul(keep, axis=0)
    keep_of = dict(zip(per.index, keep))
    rows["keep"] = rows["code"].map(keep_of).astype(float)
    baltic = rows[rows["host"].isin(domain.region("baltic"))]
    bal_before = baltic[list(FIGURES)].sum()
    bal_after = baltic[list(FIGURES)].mul(baltic["keep"], axis=0).sum()
    hosts = rows.groupby("code", sort=True)["host"].agg(lambda h: sorted(set(h)))
    by_nation = [NationFlank(nation=str(code), hosts=list(hosts[code]), before=_forces(per.loc[code]),
                             after=_forces(after.loc[code]), drawn=int(round(d)))
                 for code, d in zip(per.index, drawn)]
    y, yh = f["flank.yardstick_brigades"], f["flank.yardstick_heavy"]
    yardstick = Yardstick(
        brigades=y.value, heavy=yh.value, source=y.source,
        baltic_meets_before=bool(bal_before["brigades"] >= y.value and bal_before["heavy"] >= yh.value),
        baltic_meets_after=bool(bal_after["brigades"] >= y.value and bal_after["heavy"] >= yh.value))
    tot_b, tot_a = per.sum(), after.sum()
    intact = bool(all(abs(tot_a[k] - tot_b[k]) < 1e-6 for k in FIGURES))
    return Flank(policy=FlankPolicy(policy), before=_forces(tot_b), after=_forces(tot_a),
                 baltic=Baltic(before=_forces(bal_before), after=_forces(bal_after)), yardstick=yardstick,
                 intact=intact, by_nation=by_nation)
