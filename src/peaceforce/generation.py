"""Force generation: Requirement + nations -> Allocation, solved as a MILP on HiGHS (see milp.py).

This module holds the stage's records and assembles them from the solver's units; eligibility
(eligibility.py), the model and solve (milp.py) and the explanation of gaps and binding constraints
(explain.py) each live in their own module. Pure: no file is read.
"""

from __future__ import annotations

import numpy as np

from . import milp
from .eligibility import Eligibility, eligibility
from .errors import InputError
from .explain import Binding, Burden, Gap, binding_records, burden_records, gap_records
from .factors import Factors
from .capacity import capacity as nation_capacity
from .nations import NationTable
from .records import Record
from .scenario import Scenario
from .sizing import Requirement
from .vocab import Capability, Constraint, LegalBasis, Stance

#: default solver time limit in seconds (a solver setting, not a planning figure)
TIME_LIMIT = 30.0


class NationAllocation(Record):
    nation: str
    name: str
    stance: Stance
    troops_deployed: int
    #: troops the nation holds to keep its share up over the mission; its one owner is the rotation
    #: stage, which fills it in when the plan is assembled (None until then)
    force_pool: int | None = None
    units: dict[Capability, int]
    #: the same blocks by formation (a battalion of a brigade, a company of a battlegroup, a minehunter)
    formations: dict[str, int] = {}
    #: multinational formations the nation frames (brigade, battlegroup, division)
    frames: dict[str, int] = {}
    sectors: list[str]
    share: float
    fair_share: float
    earmark_used: int
    eligible: bool
    lead: bool
    #: troops the nation can give per capability line under the scenario's flank policy
    capacity: dict[Capability, float]


class Assignment(Record):
    """Blocks one nation gives to one requirement line (every pair the model could use, 0 included).

    A line of multinational formations (a brigade, a battlegroup) is filled in blocks (battalions,
    companies: `formation`), and `framework` counts the formations (`of_formation`) this nation frames;
    any other line's block is its formation."""

    nation: str
    task: str
    sector: str
    capability: Capability
    formation: str
    units: int
    troops: int
    unit_size: int
    of_formation: str
    framework: int = 0


class SolverInfo(Record):
    status: str
    seconds: float
    objective: float
    objectives: dict[str, float]
    variables: int


class Allocation(Record):
    nations: list[NationAllocation]
    gaps: list[Gap]
    filled_share: float
    required_troops: int
    allocated_troops: int
    sector_leads: dict[str, str]
    binding: list[Binding]
    #: eligible nations more than a minimum contribution off their fair share, most over first
    burden: list[Burden] = []
    solver: SolverInfo
    assignment: list[Assignment]
    eligibility: dict[str, Eligibility]

    def nation(self, code: str) -> NationAllocation:
        return next(n for n in self.nations if n.nation == code)

    def holdings(self) -> dict[str, list[str]]:
        """Nation -> the sectors it holds: what the mandate check weighs national caveats against."""
        return {n.nation: list(n.sectors) for n in self.nations if n.troops_deployed > 0}

    def units(self, code: str, sector: str, capability: str) -> int:
        return sum(a.units for a in self.assignment
                   if a.nation == code and a.sector == sector and a.capability == capability)

    @property
    def gap_troops(self) -> int:
        return sum(g.troops for g in self.gaps)

    def to_frame(self):
        """One row per nation x requirement line the nation could fill (units 0 where it gives none)."""
        import pandas as pd

        cols = ["nation", "name", "task", "sector", "capability", "formation", "units", "troops", "unit_size",
                "of_formation", "framework"]
        names = {n.nation: n.name for n in self.nations}
        return pd.DataFrame([{**a.model_dump(mode="json"), "name": names.get(a.nation, a.nation)}
                             for a in self.assignment], columns=cols)


def allocate(requirement: Requirement, nations: NationTable, scenario: Scenario, factors: Factors, *,
             legal_basis: LegalBasis | str | None = None, time_limit: float = TIME_LIMIT) -> Allocation:
    """Source the requirement's coalition lines from the nations; never raises for an empty coalition.

    `legal_basis` is the mandate's (None: unknown, so a nation that requires a UN mandate is not asked).
    """
    if not time_limit > 0:
        raise InputError("time_limit", time_limit, "a number of seconds > 0")
    cap = nation_capacity(nations, factors, scenario.coalition.eastern_flank)
    elig = eligibility(nations, scenario, legal_basis)
    p = milp.problem(requirement, nations, scenario, factors, cap, elig)
    status, values, seconds = "empty", None, 0.0
    objective = {"gaps": 0.0, "fairness": 0.0, "cohesion": 0.0}
    names = ("gaps", "fairness", "cohesion")
    idx: dict = {}
    if p.pairs:
        m, idx, objs = milp.build(p)
        # two stages (gaps, then fairness with cohesion inside); the cohesion count is reported apart
        status, values, seconds = milp.solve(m, objs[:2], milp.tolerances(p), time_limit, milp.stage_options(p))
        if values is not None:
            objective = {name: float(o @ values) for name, o in zip(names, objs)}
    elif p.lines:
        status = "no eligible nation with capacity"
    units = np.zeros(len(p.pairs), dtype=int)
    framed = np.zeros(len(p.frames), dtype=int)
    if values is not None:
        units = np.rint(values[idx["x"]]).astype(int)
        framed = np.rint(values[idx["frames"]]).astype(int) if p.frames else framed
    else:
        # no usable solution: everything is a gap (the objective then prices all of it)
        objective = {"gaps": float(sum(pr * r for pr, r in zip(p.price, p.required))), "fairness": 0.0, "cohesion": 0.0}
    solver = SolverInfo(status=status, seconds=round(seconds, 4), objective=objective["gaps"],
                        objectives=objective, variables=len(p.pairs))
    return _result(nations, scenario, cap, elig, p, units, framed, solver)


def _result(nations: NationTable, scenario: Scenario, cap, elig: dict[str, Eligibility], p: milp.Problem,
            units: np.ndarray, framed: np.ndarray, solver: SolverInfo) -> Allocation:
    lines = p.lines
    given = [0] * len(lines)
    frames = {(c, i): int(n) for (c, i, _), n in zip(p.frames, framed)}
    frames_given = [0] * len(lines)
    per_nation: dict[str, dict[Capability, float]] = {}
    lead_troops: dict[str, float] = {}
    assignment: list[Assignment] = []
    for (code, i, _), u in zip(p.pairs, units):
        ln = lines[i]
        given[i] += int(u)
        frames_given[i] += frames.get((code, i), 0)
        troops = p.troops(i, int(u))
        if u:
            mine = per_nation.setdefault(code, {})
            mine[ln.capability] = mine.get(ln.capability, 0.0) + troops
            if p.lead_only[i]:
                lead_troops[code] = lead_troops.get(code, 0.0) + troops
        assignment.append(Assignment(nation=code, task=ln.task, sector=ln.sector, capability=ln.capability,
                                     formation=p.block[i], units=int(u), troops=int(round(troops)),
                                     unit_size=int(round(p.size[i])), of_formation=ln.formation,
                                     framework=frames.get((code, i), 0)))
    required = int(sum(n * ln.unit_size for n, ln in zip(p.formations, lines)))
    missing = [p.required[i] - given[i] for i in range(len(lines))]
    unframed = [p.formations[i] - frames_given[i] if p.frame_min[i] else 0 for i in range(len(lines))]
    # the troops given, from the blocks (exact), so a full allocation is exactly the requirement
    allocated = required - int(round(sum(p.troops(i, missing[i]) for i in range(len(lines)))))
    troops_of = _whole({c: sum(v.values()) for c, v in per_nation.items()}, allocated)

    nations_out: list[NationAllocation] = []
    for code in nations.codes:
        t = int(troops_of.get(code, 0))
        unit_count: dict[Capability, int] = {}
        forms: dict[str, int] = {}
        framed_here: dict[str, int] = {}
        sectors: list[str] = []
        for a in assignment:
            if a.nation == code and a.framework:
                framed_here[a.of_formation] = framed_here.get(a.of_formation, 0) + a.framework
            if a.nation == code and a.units:
                unit_count[a.capability] = unit_count.get(a.capability, 0) + a.units
                forms[a.formation] = forms.get(a.formation, 0) + a.units
                if a.sector not in sectors:
                    sectors.append(a.sector)
        nations_out.append(NationAllocation(
            nation=code, name=nations.name(code), stance=Stance(nations.stance(code)), troops_deployed=t,
            units=unit_count, formations=forms, frames=framed_here, sectors=sectors, share=round(t / allocated, 4) if allocated else 0.0,
            fair_share=round(p.shares.get(code, 0.0), 4),
            earmark_used=int(round(cap.earmark_used(code, per_nation.get(code, {})))),
            eligible=elig[code].eligible, lead=elig[code].lead,
            capacity={Capability(k): v for k, v in cap.usable[code].items()}))
    nations_out.sort(key=lambda n: (-n.troops_deployed, not n.lead, n.nation))

    # sector leads: most manoeuvre units in the sector, ties to a lead nation, then to most troops
    sector_leads: dict[str, str] = {}
    for s in p.sector_lead_lines:
        counts: dict[str, int] = {}
        for a in assignment:
            if a.sector == s and a.capability == Capability.MANOEUVRE and a.units:
                counts[a.nation] = counts.get(a.nation, 0) + a.units
        if counts:
            sector_leads[s] = max(counts, key=lambda c: (counts[c], elig[c].lead, troops_of.get(c, 0), c))

    gaps = gap_records(p, missing, unframed, nations, scenario, cap, elig, per_nation, allocated)
    binding = binding_records(nations, cap, elig, p, per_nation, gaps, sector_leads, scenario)
    for code in scenario.coalition.lead:
        if code not in nations:
            binding.insert(0, Binding(constraint=Constraint.LEAD, nation=code, missing_from_data=True))
    burden = burden_records(nations, cap, p, per_nation, troops_of, lead_troops, allocated, scenario, [int(u) for u in units])
    return Allocation(nations=nations_out, gaps=gaps, filled_share=round(allocated / required, 4) if required else 1.0,
                      required_troops=required, allocated_troops=allocated, sector_leads=sector_leads,
                      binding=binding, burden=burden, solver=solver, assignment=assignment, eligibility=elig)


def _whole(troops: dict[str, float], total: int) -> dict[str, int]:
    """Nations' troops in whole numbers that add up to the total (largest remainders): a battlegroup's
    seven company blocks are 157.14 troops each, and a full allocation must still be the requirement."""
    floor = {c: int(np.floor(t + 1e-9)) for c, t in troops.items()}
    short = total - sum(floor.values())
    for c in sorted(troops, key=lambda c: (-(troops[c] - floor[c]), c))[:max(short, 0)]:
        floor[c] += 1
    return floor


__all__ = ["allocate", "Allocation", "NationAllocation", "Assignment", "SolverInfo", "eligibility", "TIME_LIMIT"]
