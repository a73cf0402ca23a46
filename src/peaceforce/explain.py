"""Why the allocation is what it is: every gap with who could close it, and the constraints that bind.

Records only (constraint, nation, capability and the numbers); the sentences a reader sees are
written from them in report/wording.py.
"""

from __future__ import annotations

import math

from . import domain
from .eligibility import Eligibility
from .milp import Problem, line_obstacles
from .capacity import Capacity
from .nations import NationTable
from .records import Record
from .scenario import Scenario
from .vocab import Capability, Constraint, FlankPolicy


class GapCloser(Record):
    """A nation that has the forces to close (part of) a gap, and what stands in the way."""

    nation: str
    units: int
    #: what keeps it from being used: its exclusion, OFFERS, LEAD_ONLY, EARMARKED, MIN_CONTRIBUTION, NOT_USED
    obstacles: list[Constraint]
    offers: list[Capability]
    earmarked: float
    troops: int
    min_contribution: float
    share_after: float
    fair_share: float


class Gap(Record):
    """Blocks (battalions of a brigade, companies of a battlegroup, or whole units) no nation gives, and
    formations no nation can frame (`unframed`: the blocks may be there, the framework nation is not)."""

    task: str
    sector: str
    capability: Capability
    units: int
    troops: int
    unit_type: str
    lead_only: bool
    closes: list[GapCloser]
    of_formation: str = ""
    unframed: int = 0


class Binding(Record):
    """One constraint that shapes the allocation, with the figures that show it binds."""

    constraint: Constraint
    nation: str | None = None
    sector: str | None = None
    capability: Capability | None = None
    #: troops used and the limit (capacity), or the most a nation could give and the minimum (min_contribution)
    used: float | None = None
    limit: float | None = None
    #: why a capacity limit matters: there are gaps on the line, or the nation is below its fair share
    because: Constraint | None = None
    below_fair_share: bool = False
    #: a gap: units and troops unfilled, and the unit type
    units: int | None = None
    troops: int | None = None
    unit_type: str | None = None
    #: no_capacity: whether the nation's eastern-flank earmarks are what leaves no room
    after_earmarks: bool = False
    #: sector_lead: the lead nations that could have led the sector (empty: none could)
    leads: list[str] = []
    #: lead: the named lead nation is not in the nation data at all
    missing_from_data: bool = False


def gap_records(p: Problem, missing: list[int], unframed: list[int], nations: NationTable, scenario: Scenario,
                cap: Capacity, elig: dict[str, Eligibility], per_nation: dict[str, dict[Capability, float]],
                allocated: int) -> list[Gap]:
    key = nations.key(scenario.coalition.fair_share)
    keys = {c: float(key[c]) for c in nations.codes}
    out: list[Gap] = []
    for i, ln in enumerate(p.lines):
        if missing[i] > 0 or unframed[i] > 0:
            out.append(Gap(task=ln.task, sector=ln.sector, capability=ln.capability, units=int(missing[i]),
                           troops=int(round(p.troops(i, missing[i]))), unit_type=p.block[i],
                           lead_only=p.lead_only[i], of_formation=ln.formation, unframed=int(max(unframed[i], 0)),
                           closes=_closers(ln, p.size[i], max(missing[i], unframed[i] * p.frame_min[i]), nations,
                                           keys, cap, elig, per_nation, allocated, p.min_troops, scenario,
                                           p.echelons[i])))
    return out


def _closers(ln, size: float, missing: int, nations: NationTable, key: dict[str, float], cap: Capacity,
             elig: dict[str, Eligibility], per_nation: dict[str, dict[Capability, float]], allocated: int,
             min_troops: float, scenario: Scenario, echelon: int | None) -> list[GapCloser]:
    """Who could close a gap and what it would do to fairness, each candidate on its own (not cumulative)."""
    eligible_key = float(sum(key[c] for c in nations.codes if elig[c].eligible))
    lead_only = domain.lead_only()
    out: list[GapCloser] = []
    for code in nations.codes:
        e = elig[code]
        if e.exclusion == Constraint.BACKSTOP:
            continue
        mine_all = per_nation.get(code, {})
        used_here = mine_all.get(ln.capability, 0.0)
        usable = cap.usable[code][ln.capability] - used_here
        reserve = cap.reserve[code][ln.capability] - used_here
        pooled = ln.capability in cap.derived.get(code, ())
        if pooled:  # the nation's ground pool caps all its land-derived lines together
            ground_used = sum(v for k, v in mine_all.items() if k in cap.derived[code])
            pool_room = float(cap.ground[code]) - ground_used
            reserve = min(reserve, float(cap.pool[code]) - ground_used)
        n_units = min(missing, math.floor(max(reserve, 0.0) / size + 1e-9))
        if n_units < 1:
            continue
        obstacles: list[Constraint] = []
        if e.exclusion is not None:
            obstacles.append(e.exclusion)
        offers = nations.offers(code)
        rules = line_obstacles(code, ln, nations, scenario, ln.capability in lead_only, e.lead, echelon)
        # the nation's offer first, what capacity leaves next, where it may stand and sail last
        first = (Constraint.OFFERS, Constraint.LEAD_ONLY)
        obstacles.extend(o for o in rules if o in first)
        if n_units * size > usable + 1e-9:
            obstacles.append(Constraint.EARMARKED)
        elif pooled and n_units * size > pool_room + 1e-9:
            obstacles.append(Constraint.EARMARKED if cap.earmarked[code] > 0 and pool_room < usable
                             else Constraint.GROUND_POOL)
        obstacles.extend(o for o in rules if o not in first)
        if not obstacles:
            # eligible, with room, yet unused: only the minimum contribution keeps a nation out
            obstacles.append(Constraint.MIN_CONTRIBUTION if code not in per_nation else Constraint.NOT_USED)
        add = n_units * size
        mine = sum(per_nation.get(code, {}).values())
        share_key = eligible_key + (0.0 if e.eligible else float(key[code]))
        out.append(GapCloser(
            nation=code, units=int(n_units), obstacles=obstacles,
            offers=sorted(Capability(c) for c in offers), earmarked=float(cap.earmarked[code]), troops=int(add),
            min_contribution=min_troops, share_after=round((mine + add) / (allocated + add), 4),
            fair_share=round(float(key[code]) / share_key, 4) if share_key > 0 else 0.0))
    out.sort(key=lambda d: (-d.units, d.share_after - d.fair_share, d.nation))
    return out


def binding_records(nations: NationTable, cap: Capacity, elig: dict[str, Eligibility], p: Problem,
                    per_nation: dict[str, dict[Capability, float]], gaps: list[Gap], sector_leads: dict[str, str],
                    scenario: Scenario) -> list[Binding]:
    out: list[Binding] = []
    for code in nations.codes:
        e = elig[code]
        if not e.eligible:
            out.append(Binding(constraint=e.exclusion, nation=code))
        elif e.lead and e.stance != "lead":
            out.append(Binding(constraint=Constraint.LEAD, nation=code))
    # nations at capacity where it matters: a gap on that capability, or the nation below its fair share
    gap_caps = {g.capability for g in gaps}
    allocated = sum(sum(v.values()) for v in per_nation.values())
    for (code, capname), limit in sorted(p.cap.items()):
        used = per_nation.get(code, {}).get(capname, 0.0)
        size = min(p.size[i] for i, ln in enumerate(p.lines) if ln.capability == capname)
        below_fair = allocated > 0 and sum(per_nation.get(code, {}).values()) / allocated < p.shares.get(code, 0.0)
        if used > 0 and used + size > limit + 1e-9 and (capname in gap_caps or below_fair):
            out.append(Binding(constraint=Constraint.CAPACITY, nation=code, capability=capname, used=used, limit=limit,
                               because=Constraint.GAP if capname in gap_caps else None,
                               below_fair_share=capname not in gap_caps))
    for code in p.codes:
        if code not in per_nation:
            best = sum(math.floor(p.cap.get((code, c), 0.0) / size + 1e-9) * w
                       for c, size, w in {(ln.capability, p.size[i], p.weight[i]) for i, ln in enumerate(p.lines)})
            if best < p.min_troops:
                out.append(Binding(constraint=Constraint.MIN_CONTRIBUTION, nation=code, used=best, limit=p.min_troops))
    protect = scenario.coalition.eastern_flank == FlankPolicy.PROTECT
    for code in nations.codes:
        e = elig[code]
        if e.eligible and code not in p.codes:
            out.append(Binding(constraint=Constraint.NO_CAPACITY, nation=code,
                               after_earmarks=bool(cap.earmarked[code] > 0 and protect)))
    leads = [c for c in scenario.coalition.lead if c in elig and elig[c].eligible]
    for s, idx in p.sector_lead_lines.items():
        could = sorted({c for (c, i, _) in p.pairs if i in idx and c in leads})
        if not could:
            out.append(Binding(constraint=Constraint.SECTOR_LEAD, sector=s))
        elif sector_leads.get(s) not in leads:
            out.append(Binding(constraint=Constraint.SECTOR_LEAD, sector=s, nation=sector_leads.get(s), leads=could))
    for g in gaps:
        out.append(Binding(constraint=Constraint.GAP, sector=g.sector, capability=g.capability, units=g.units,
                           troops=g.troops, unit_type=g.unit_type, leads=leads if g.lead_only else []))
    return out


class Burden(Record):
    """A nation's troops against its fair share of the allocation (fair_share x troops allocated), for
    every eligible nation more than a minimum contribution away from it; `held_back_by` says why a nation
    below its share gives no more (empty for those above), `lead_only_troops` what a lead carries on the
    lines only leads fill (its extra role)."""

    nation: str
    troops: int
    fair_troops: int
    lead_only_troops: int = 0
    held_back_by: list[Constraint] = []

    @property
    def over(self) -> int:
        return self.troops - self.fair_troops


def burden_records(nations: NationTable, cap: Capacity, p: Problem, per_nation: dict[str, dict[Capability, float]],
                   troops_of: dict[str, int], lead_troops: dict[str, float], allocated: int, scenario: Scenario,
                   units: list[int]) -> list[Burden]:
    """Who carries more than its fair share and who less, and why the latter gives no more: what the
    summary and report name when a nation is over its share (most over first, then most under).

    A nation below its share with room left on a line it may fill is held back by the fairness
    trade-off only (NOT_USED); otherwise by what closes its lines: what it offers, where it may stand,
    the formations it fields, its ground pool (or the flank earmarks that took it), its capacity."""
    out: list[Burden] = []
    protect = scenario.coalition.eastern_flank == FlankPolicy.PROTECT
    line_caps = {ln.capability for ln in p.lines}
    smallest = {c: min(p.size[i] for i, ln in enumerate(p.lines) if ln.capability == c) for c in line_caps}
    top_echelon = max((e for e in p.echelons if e is not None), default=None)
    for code, share in p.shares.items():
        troops, fair = int(troops_of.get(code, 0)), int(round(share * allocated))
        if abs(troops - fair) <= p.min_troops:
            continue
        held: list[Constraint] = []
        if troops < fair:
            mine = per_nation.get(code, {})
            derived = cap.derived.get(code, frozenset())
            room = float(cap.ground[code]) - sum(v for k, v in mine.items() if k in derived)

            def open_line(k: int) -> bool:
                _, i, ub = p.pairs[k]
                c = p.lines[i].capability
                fits = mine.get(c, 0.0) + p.size[i] <= p.cap.get((code, c), 0.0) + 1e-9
                return units[k] < ub and fits and (c not in derived or room >= p.size[i] - 1e-9)

            if any(open_line(k) for k, (n, _, _) in enumerate(p.pairs) if n == code):
                held.append(Constraint.NOT_USED)  # room left: the fairness trade-off left it there
            else:
                offered = line_caps & set(nations.offers(code))
                if offered != line_caps:
                    held.append(Constraint.OFFERS)
                if nations.outside_host_only(code):
                    held.append(Constraint.OUTSIDE_HOST)
                fields = nations.echelon(code)
                if fields is not None and top_echelon is not None and fields < top_echelon:
                    held.append(Constraint.ECHELON)
                pooled = offered & set(derived)
                if pooled and room < min(smallest[c] for c in pooled):
                    held.append(Constraint.EARMARKED if protect and cap.earmarked[code] > 0 else Constraint.GROUND_POOL)
                elif any((code, c) in p.cap and mine.get(c, 0.0) + smallest[c] > p.cap[(code, c)] + 1e-9 for c in offered):
                    held.append(Constraint.CAPACITY)
                if not held:
                    held.append(Constraint.NO_CAPACITY)
        out.append(Burden(nation=code, troops=troops, fair_troops=fair, lead_only_troops=int(round(lead_troops.get(code, 0.0))),
                          held_back_by=held))
    out.sort(key=lambda b: (-b.over, b.nation))
    return out


__all__ = ["Gap", "GapCloser", "Binding", "Burden", "gap_records", "binding_records", "burden_records"]
