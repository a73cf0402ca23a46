"""Eastern flank: what NATO's plans for the flank have before the mission and what the mission takes.

RAND (Shlapak & Johnson 2016) found that about seven brigades, three of them heavy, could prevent a
rapid overrun of the Baltic states, in addition to the Baltic states' own forces. So the yardstick is
measured against the allied forces stationed in Estonia, Latvia and Lithuania (data/flank.csv rows
whose nation is not the host); the Baltic states' national forces are reported beside them.

What the mission draws from NATO's plans, under either flank policy:
  * flank forces: troops of the flank rows (allied forward forces, the flank states' own) that the
    allocation uses (only possible under `ignore`; a nation's rows lose in proportion), with the
    brigade-equivalents they take from the Baltic states;
  * corps HQs: a corps HQ the mission takes, and other HQ staff beyond a nation's national HQs
    (capacity.csv `nato_units`: the part of its HQ capacity that NATO's force structure assigns);
  * air policing: fighter detachments the mission keeps, when what the nations can sustain (the
    capacity force generation used) no longer leaves Baltic Air Policing its detachments on duty.

Verdict: `weakened` if anything is drawn (by how much, which plan loses what), else `already_short`
if allied forces fall short of the yardstick before the mission, else `intact`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from pydantic import computed_field

from . import domain, formations
from .factors import Factors
from .generation import Allocation
from .nations import NationTable
from .records import Record
from .vocab import Capability, FlankPlan, FlankPolicy, FlankVerdict

FIGURES = ("troops", "brigades", "heavy")


class Forces(Record):
    troops: float
    brigades: float
    heavy: float


class Yardstick(Record):
    """RAND's finding, against allied forces in the Baltic states (national forces not counted)."""

    brigades: float
    heavy: float
    source: str
    met_before: bool
    met_after: bool


class Baltic(Record):
    """Allied forces stationed in the Baltic states before and after the mission, and the Baltic
    states' own forces beside them (not part of the yardstick)."""

    allied_before: Forces
    allied_after: Forces
    national: Forces


class Draw(Record):
    """One thing a NATO plan for the flank loses to the mission."""

    plan: FlankPlan
    nation: str | None            # None: the alliance's pool (air policing)
    host: str | None = None       # flank forces: where they stand
    units: float                  # troops (flank forces), HQ elements, fighter detachments
    troops: int
    baltic_brigades: float = 0.0  # brigade-equivalents the Baltic states lose (flank forces there)


class AirPolicing(Record):
    detachments: float            # the nations' sustainable fighter detachments (their capacity)
    mission: float                # detachments the mission keeps
    needed: float                 # on duty for Baltic Air Policing
    source: str


class NationFlank(Record):
    nation: str
    hosts: list[str]
    before: Forces
    after: Forces
    drawn: int


class Flank(Record):
    policy: FlankPolicy
    verdict: FlankVerdict
    before: Forces                # every flank row: allied and national, Baltic, Poland, Nordics, south-east
    after: Forces
    baltic: Baltic
    yardstick: Yardstick
    draws: list[Draw]
    air_policing: AirPolicing
    by_nation: list[NationFlank]

    @computed_field  # in plan.json too: the board's flank condition
    @property
    def intact(self) -> bool:
        """The mission takes nothing NATO's plans count on (allied forces may still be short)."""
        return self.verdict != FlankVerdict.WEAKENED

    @computed_field
    @property
    def drawn(self) -> int:
        """Troops NATO's flank plans lose to the mission (flank forces, corps-HQ staff, the crews of
        the fighter detachments Baltic Air Policing misses)."""
        return sum(d.troops for d in self.draws)

    def drawn_by(self, code: str) -> int:
        return sum(d.troops for d in self.draws if d.nation == code)


def _forces(values) -> Forces:
    return Forces(**{k: round(float(v), 2) for k, v in zip(FIGURES, values)})


def _figures(rows: pd.DataFrame) -> np.ndarray:
    """troops, brigade-equivalents (the row's own, else troops / a brigade's strength in
    data/formations.csv) and heavy brigade-equivalents (brigades x heavy_share), per row."""
    n = len(rows)
    if not n:
        return np.zeros((0, 3))
    troops = pd.to_numeric(rows["troops"], errors="coerce").fillna(0.0).to_numpy(dtype=float)
    given = pd.to_numeric(rows.get("brigades", pd.Series(np.nan, index=rows.index)), errors="coerce").to_numpy(dtype=float)
    brigades = np.where(np.isnan(given), troops / formations.catalogue()["brigade"].strength, given)
    share = pd.to_numeric(rows.get("heavy_share", pd.Series(0.0, index=rows.index)), errors="coerce").fillna(0.0)
    return np.column_stack([troops, brigades, brigades * share.to_numpy(dtype=float)])


def _hq_draws(allocation: Allocation, nations: NationTable, f: Factors) -> list[Draw]:
    """HQ staff the mission takes from a nation's NATO corps HQ (capacity.csv `nato_units`): a corps
    HQ it gives is that HQ (the ARRC is the UK's corps HQ); other HQ staff come from its national HQs
    first and from the NATO-assigned ones only beyond them."""
    out = []
    for code, (elements, staff) in nations.nato_hq(f).items():
        nato = elements * staff
        mine = [a for a in allocation.assignment if a.nation == code and a.capability == Capability.HQ and a.units]
        if not mine or code not in nations:
            continue
        corps = sum(a.troops for a in mine if a.formation == "corps_hq")
        other = sum(a.troops for a in mine if a.formation != "corps_hq")
        capacity = allocation.nation(code).capacity.get(Capability.HQ, 0.0)
        taken = min(corps + max(other - max(capacity - nato, 0.0), 0.0), nato)
        if taken >= 0.5:
            out.append(Draw(plan=FlankPlan.CORPS_HQ, nation=code, units=round(taken / staff, 2), troops=int(round(taken))))
    return out


def _air_policing(allocation: Allocation, nations: NationTable, f: Factors) -> tuple[AirPolicing, list[Draw]]:
    # the detachments every nation can sustain, from the capacity force generation used (the user's
    # capacity.air_policing included), in the detachment's strength (data/formations.csv)
    size = formations.catalogue()["fighter_detachment"].strength
    pool = float(sum(math.floor(n.capacity.get(Capability.AIR_POLICING, 0.0) / size + 1e-9) for n in allocation.nations))
    kept = [a for a in allocation.assignment if a.capability == Capability.AIR_POLICING and a.units]
    mission = float(sum(a.units for a in kept))
    need = f["flank.air_policing_detachments"]
    air = AirPolicing(detachments=pool, mission=mission, needed=need.value, source=need.source)
    short = min(need.value - (pool - mission), mission)
    if short <= 0 or not kept:
        return air, []
    size = kept[0].unit_size
    return air, [Draw(plan=FlankPlan.AIR_POLICING, nation=None, units=short, troops=int(round(short * size)))]


def flank(allocation: Allocation, nations: NationTable, policy: str, f: Factors) -> Flank:
    """Plain arrays over the flank rows: a handful of rows, where pandas indexing would dominate."""
    rows = nations.flank
    codes = [str(c) for c in rows["code"]] if len(rows) else []
    hosts = [str(h) for h in rows["host"]] if len(rows) else []
    figs = _figures(rows)
    used = {na.nation: float(na.earmark_used) for na in allocation.nations}
    order = sorted(set(codes))
    mine = {c: np.array([x == c for x in codes], dtype=bool) for c in order}
    per = {c: figs[mine[c]].sum(axis=0) for c in order}
    drawn = {c: min(max(used.get(c, 0.0), 0.0), per[c][0]) for c in order}
    keep = {c: 1.0 - (drawn[c] / per[c][0] if per[c][0] > 0 else 0.0) for c in order}
    row_keep = np.array([keep[c] for c in codes]) if codes else np.zeros(0)
    after = figs * row_keep[:, None]
    baltic = domain.region("baltic")
    in_baltic = np.array([h in baltic for h in hosts], dtype=bool)
    allied = in_baltic & np.array([c != h for c, h in zip(codes, hosts)], dtype=bool)
    national = in_baltic & ~allied

    draws = [Draw(plan=FlankPlan.FLANK_FORCES, nation=c, host=h, units=round(float(b[0] - a[0]), 2),
                  troops=int(round(b[0] - a[0])), baltic_brigades=round(float(b[1] - a[1]), 2) if h in baltic else 0.0)
             for c, h, b, a in zip(codes, hosts, figs, after) if b[0] - a[0] >= 0.5]
    draws += _hq_draws(allocation, nations, f)
    air, air_draws = _air_policing(allocation, nations, f)
    draws += air_draws

    y, yh = f["flank.yardstick_brigades"], f["flank.yardstick_heavy"]
    allied_b, allied_a = figs[allied].sum(axis=0), after[allied].sum(axis=0)
    yardstick = Yardstick(brigades=y.value, heavy=yh.value, source=y.source,
                          met_before=bool(allied_b[1] >= y.value and allied_b[2] >= yh.value),
                          met_after=bool(allied_a[1] >= y.value and allied_a[2] >= yh.value))
    verdict = (FlankVerdict.WEAKENED if draws else
               FlankVerdict.INTACT if yardstick.met_before else FlankVerdict.ALREADY_SHORT)
    by_nation = [NationFlank(nation=c, hosts=sorted({h for x, h in zip(codes, hosts) if x == c}),
                             before=_forces(per[c]), after=_forces(per[c] * keep[c]), drawn=int(round(drawn[c])))
                 for c in order]
    return Flank(policy=FlankPolicy(policy), verdict=verdict, before=_forces(figs.sum(axis=0)),
                 after=_forces(after.sum(axis=0)),
                 baltic=Baltic(allied_before=_forces(allied_b), allied_after=_forces(allied_a),
                               national=_forces(figs[national].sum(axis=0))),
                 yardstick=yardstick, draws=draws, air_policing=air, by_nation=by_nation)
