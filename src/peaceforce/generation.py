"""Force generation: Requirement + nations -> Allocation, a mixed-integer programme solved with HiGHS.

Variables: x[n, l] whole units nation n gives to requirement line l (coalition lines only, only
where n may be asked and has room for one unit), gap[l] units left unfilled, y[n] nation joins,
z[n, s] nation present in sector s, plus the fairness auxiliaries (T total troops, d[n] deviation
from fair share) and binary slacks of the soft lead-nation rules.

Constraints: units given + gap = units required, per line; troops per nation and capability within
its capacity; x[n, l] <= ub z[n, s] and z <= y; a nation that joins gives at least the minimum
contribution (a ship or a fighter detachment counts as one); hq lines only from lead nations;
softly, a lead nation's manoeuvre unit in every sector and a manoeuvre unit for every lead.

Objectives, lexicographic in this order, staged by HiGHS itself (multi-objective with priorities;
each stage keeps the previous optimum within `_tolerances`):
  1. gaps, each unit priced at criticality x unit troops (a missed lead rule at the highest line price),
  2. fair spread: sum over eligible nations of |troops_n - fair_share_n x T|, in troops,
  3. cohesion: sum of z (fewest nation-sector presences).
Staging rather than weights: weights keeping a gap bill of 10^5-10^6 above every fairness trade-off,
and that above cohesion, would span many orders of magnitude and defeat the solver's tolerances.

The module is pure: no file is read; the nation table and the factors come in as arguments.
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .errors import InputError
from .factors import Factors
from .nations import Capacity, NationTable, capacity as nation_capacity
from .scenario import Scenario
from .sizing import Requirement, RequirementLine
from .vocab import BACKSTOP_LEVELS, LEAD_ONLY, THEATRE_CAPABILITIES, backstop_rank

#: default solver time limit in seconds (a solver setting, not a planning figure)
TIME_LIMIT = 30.0
#: stances that may be asked under `include: willing`
ASKABLE = ("lead", "willing", "conditional")


# --------------------------------------------------------------------------------------------
# who may be asked


@dataclass(frozen=True)
class Eligibility:
    code: str
    eligible: bool
    lead: bool
    constraint: str = ""
    reason: str = ""


def eligibility(nations: NationTable, scenario: Scenario, un_mandate: bool | None = None) -> dict[str, Eligibility]:
    """Which nations may be asked, and for the others why not (one reason each, the first that applies).

    `un_mandate`: whether the mission has a UN legal basis (a UN chapter mandate); None means the
    caller does not know, and requires_un_mandate is then treated as unmet.
    """
    co = scenario.coalition
    leads, excluded = set(co.lead), set(co.exclude)
    listed = set(co.include) if isinstance(co.include, list) else None
    level = scenario.us_backstop
    out: dict[str, Eligibility] = {}
    for code in nations.codes:
        stance = nations.stance(code)
        is_lead = code in leads

        def no(constraint: str, reason: str) -> Eligibility:
            return Eligibility(code, False, is_lead, constraint, reason)

        if code in excluded:
            out[code] = no("excluded", "excluded by the scenario")
            continue
        if stance == "backstop":
            out[code] = no("backstop", "provides the US backstop (its own lines), not coalition units")
            continue
        if not is_lead:
            if listed is not None and code not in listed:
                out[code] = no("not_included", "not in the scenario's include list")
                continue
            if stance not in ASKABLE:
                said = nations.get(code, "stance_date")
                out[code] = no("stance", f"stance {stance}" + (f" ({said})" if said else ""))
                continue
        needs = str(nations.get(code, "requires_us_backstop", "none"))
        if needs in BACKSTOP_LEVELS and backstop_rank(needs) > backstop_rank(level):
            out[code] = no("us_backstop", f"requires US backstop '{needs}', scenario gives '{level}'")
            continue
        if int(nations.get(code, "requires_un_mandate", 0) or 0):
            if un_mandate is None:
                out[code] = no("un_mandate", "requires a UN mandate; the mandate's legal basis is not known "
                                             "to force generation, so treated as unmet")
                continue
            if not un_mandate:
                out[code] = no("un_mandate", "requires a UN mandate; the scenario's mandate has no UN legal basis")
                continue
        out[code] = Eligibility(code, True, is_lead)
    return out


def un_mandate_from(legal_basis: str | None) -> bool | None:
    """A mandate's legal basis (e.g. 'un_chapter_vii', 'consent') -> whether it is a UN mandate; None if unknown."""
    if legal_basis is None:
        return None
    return str(legal_basis).lower().startswith("un_chapter")


def fair_shares(nations: NationTable, scenario: Scenario, eligible: list[str]) -> dict[str, float]:
    """Each eligible nation's share of the scenario's key (GDP, population or NATO cost share) among the eligible."""
    key = nations.key(scenario.coalition.fair_share)
    total = float(sum(key[c] for c in eligible))
    return {c: (float(key[c]) / total if total > 0 else 0.0) for c in eligible}


# --------------------------------------------------------------------------------------------
# the result


@dataclass
class NationAllocation:
    nation: str
    name: str
    stance: str
    troops_deployed: int
    force_pool: int
    units: dict[str, int]
    sectors: list[str]
    share: float
    fair_share: float
    earmark_used: int
    eligible: bool = False
    lead: bool = False
    capacity: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"nation": self.nation, "name": self.name, "stance": self.stance,
                "troops_deployed": self.troops_deployed, "force_pool": self.force_pool,
                "units": dict(self.units), "sectors": list(self.sectors), "share": self.share,
                "fair_share": self.fair_share, "earmark_used": self.earmark_used,
                "eligible": self.eligible, "lead": self.lead}


@dataclass
class Allocation:
    nations: list[NationAllocation]
    gaps: list[dict[str, Any]]
    filled_share: float
    binding: list[dict[str, str]]
    solver: dict[str, Any]
    #: (nation, sector, capability) -> units, for every pair the model could use
    assignment: list[dict[str, Any]] = field(default_factory=list)
    sector_leads: dict[str, str] = field(default_factory=dict)
    required_troops: int = 0
    allocated_troops: int = 0

    def nation(self, code: str) -> NationAllocation:
        return next(n for n in self.nations if n.nation == code)

    def holdings(self) -> dict[str, list[str]]:
        """Nation -> the sectors it holds: what the mandate check weighs national caveats against."""
        return {n.nation: list(n.sectors) for n in self.nations if n.troops_deployed > 0}

    def units(self, code: str, sector: str, capability: str) -> int:
        return sum(a["units"] for a in self.assignment
                   if a["nation"] == code and a["sector"] == sector and a["capability"] == capability)

    def to_dict(self) -> dict[str, Any]:
        return {
            "nations": [n.to_dict() for n in self.nations],
            "gaps": [dict(g) for g in self.gaps],
            "filled_share": self.filled_share,
            "required_troops": self.required_troops,
            "allocated_troops": self.allocated_troops,
            "sector_leads": dict(self.sector_leads),
            "binding": [dict(b) for b in self.binding],
            "solver": dict(self.solver),
        }

    def to_frame(self):
        """One row per nation x requirement line the nation could fill (units 0 where it gives none)."""
        import pandas as pd

        cols = ["nation", "name", "sector", "capability", "units", "troops", "unit_size"]
        return pd.DataFrame(self.assignment, columns=cols)


# --------------------------------------------------------------------------------------------
# the model


class _Model:
    """Columns and rows collected in lists, handed to HiGHS in bulk."""

    def __init__(self) -> None:
        self.lb: list[float] = []
        self.ub: list[float] = []
        self.integer: list[int] = []
        self.row_lb: list[float] = []
        self.row_ub: list[float] = []
        self.starts: list[int] = []
        self.index: list[int] = []
        self.value: list[float] = []

    def var(self, lb: float, ub: float, integer: bool = False) -> int:
        self.lb.append(lb)
        self.ub.append(ub)
        if integer:
            self.integer.append(len(self.lb) - 1)
        return len(self.lb) - 1

    def row(self, lb: float, ub: float, cols: list[int], vals: list[float]) -> None:
        self.row_lb.append(lb)
        self.row_ub.append(ub)
        self.starts.append(len(self.index))
        self.index.extend(cols)
        self.value.extend(vals)

    @property
    def ncol(self) -> int:
        return len(self.lb)


@dataclass
class _Problem:
    """The model's data in plain arrays: shared by the HiGHS model and the PuLP benchmark baseline."""

    lines: list[RequirementLine]
    required: list[int]
    price: list[float]
    codes: list[str]                       # nations with at least one variable
    leads: list[str]
    pairs: list[tuple[str, int, int]]      # (nation, line index, upper bound in units)
    cap: dict[tuple[str, str], float]      # (nation, capability) -> troops
    min_troops: float
    weight: list[float]                    # per line: troops a unit counts for the minimum contribution
    shares: dict[str, float]               # eligible nation -> fair share
    lead_price: float
    sector_lead_lines: dict[str, list[int]]  # sector -> its manoeuvre line indices


def _problem(req: Requirement, nations: NationTable, scenario: Scenario, f: Factors,
             cap: Capacity, elig: dict[str, Eligibility]) -> _Problem:
    lines = req.coalition_lines()
    required = [max(0, int(round(ln.units.central))) for ln in lines]
    price = [ln.criticality * ln.unit_size for ln in lines]
    eligible = [c for c in nations.codes if elig[c].eligible]
    leads = [c for c in eligible if elig[c].lead]
    pairs: list[tuple[str, int, int]] = []
    capd: dict[tuple[str, str], float] = {}
    for code in eligible:
        for i, ln in enumerate(lines):
            if ln.capability in LEAD_ONLY and code not in leads:
                continue
            if ln.capability not in nations.offers(code):
                continue
            troops = float(cap.troops.at[code, ln.capability])
            ub = min(required[i], math.floor(troops / ln.unit_size + 1e-9))
            if ub >= 1:
                pairs.append((code, i, ub))
                capd[(code, ln.capability)] = troops
    min_troops = f["generation.min_contribution"].value
    weight = [float(max(ln.unit_size, min_troops)) if ln.capability in THEATRE_CAPABILITIES else float(ln.unit_size)
              for ln in lines]
    sector_lead_lines: dict[str, list[int]] = {}
    for i, ln in enumerate(lines):
        if ln.capability == "manoeuvre" and required[i] > 0:
            sector_lead_lines.setdefault(ln.sector, []).append(i)
    return _Problem(lines, required, price, sorted({p[0] for p in pairs}, key=nations.codes.index), leads,
                    pairs, capd, min_troops, weight, fair_shares(nations, scenario, eligible),
                    max(price, default=1.0), sector_lead_lines)


def _build(p: _Problem) -> tuple[_Model, dict[str, Any], list[np.ndarray]]:
    m = _Model()
    x = [m.var(0, ub, True) for (_, _, ub) in p.pairs]
    gap = [m.var(0, r) for r in p.required]
    y = {c: m.var(0, 1, True) for c in p.codes}
    sectors = sorted({p.lines[i].sector for (_, i, _) in p.pairs})
    z = {(c, s): m.var(0, 1, True) for c in p.codes for s in sectors
         if any(n == c and p.lines[i].sector == s for (n, i, _) in p.pairs)}
    total = m.var(0, math.inf)
    dev = {c: m.var(0, math.inf) for c in p.shares}
    by_line: dict[int, list[int]] = {}
    by_nation: dict[str, list[int]] = {}
    by_cap: dict[tuple[str, str], list[int]] = {}
    for k, (c, i, _) in enumerate(p.pairs):
        by_line.setdefault(i, []).append(k)
        by_nation.setdefault(c, []).append(k)
        by_cap.setdefault((c, p.lines[i].capability), []).append(k)
    # each line: units given + gap = units required
    for i, r in enumerate(p.required):
        ks = by_line.get(i, [])
        m.row(r, r, [x[k] for k in ks] + [gap[i]], [1.0] * len(ks) + [1.0])
    # capacity per nation and capability, in troops
    for (c, capname), ks in by_cap.items():
        m.row(-math.inf, p.cap[(c, capname)], [x[k] for k in ks], [float(p.lines[p.pairs[k][1]].unit_size) for k in ks])
    # presence: x <= ub z[n, s], z <= y; joining means at least the minimum contribution
    for k, (c, i, ub) in enumerate(p.pairs):
        m.row(-math.inf, 0, [x[k], z[(c, p.lines[i].sector)]], [1.0, -float(ub)])
    for (c, s), zi in z.items():
        m.row(-math.inf, 0, [zi, y[c]], [1.0, -1.0])
    for c, ks in by_nation.items():
        m.row(0, math.inf, [x[k] for k in ks] + [y[c]], [p.weight[p.pairs[k][1]] for k in ks] + [-p.min_troops])
    # T = total troops; d[n] >= |troops_n - share_n T|
    m.row(0, 0, [x[k] for k in range(len(x))] + [total],
          [float(p.lines[i].unit_size) for (_, i, _) in p.pairs] + [-1.0])
    for c, share in p.shares.items():
        ks = by_nation.get(c, [])
        cols = [x[k] for k in ks] + [total, dev[c]]
        sizes = [float(p.lines[p.pairs[k][1]].unit_size) for k in ks]
        m.row(-math.inf, 0, cols, sizes + [-share, -1.0])
        m.row(-math.inf, 0, cols, [-s for s in sizes] + [share, -1.0])
    # soft lead rules: a lead-nation manoeuvre unit in every sector, and a sector for every lead
    lead_slack: list[int] = []
    for s, idx in p.sector_lead_lines.items():
        ks = [k for i in idx for k in by_line.get(i, []) if p.pairs[k][0] in p.leads]
        if ks:
            sl = m.var(0, 1, True)
            lead_slack.append(sl)
            m.row(1, math.inf, [x[k] for k in ks] + [sl], [1.0] * (len(ks) + 1))
    for c in p.leads:
        ks = [k for k in by_nation.get(c, []) if p.lines[p.pairs[k][1]].capability == "manoeuvre"]
        if ks:
            sl = m.var(0, 1, True)
            lead_slack.append(sl)
            m.row(1, math.inf, [x[k] for k in ks] + [sl], [1.0] * (len(ks) + 1))
    n = m.ncol
    o_gap, o_fair, o_coh = np.zeros(n), np.zeros(n), np.zeros(n)
    for i, g in enumerate(gap):
        o_gap[g] = p.price[i]
    for sl in lead_slack:
        o_gap[sl] = p.lead_price
    for d in dev.values():
        o_fair[d] = 1.0
    for zi in z.values():
        o_coh[zi] = 1.0
    idx = {"x": x, "gap": gap, "y": y, "z": z, "total": total, "dev": dev, "lead_slack": lead_slack}
    return m, idx, [o_gap, o_fair, o_coh]


def _threads_from_env() -> int:
    text = os.environ.get("PEACEFORCE_THREADS", "").strip()
    if not text:
        return 1
    try:
        n = int(text)
    except ValueError:
        raise InputError("PEACEFORCE_THREADS", text, "a whole number of solver threads >= 0 (0: HiGHS decides)") from None
    if n < 0:
        raise InputError("PEACEFORCE_THREADS", text, "a whole number of solver threads >= 0 (0: HiGHS decides)")
    return n


#: HiGHS threads for every solve in this process: 1 unless PEACEFORCE_THREADS or set_solver_threads() says
#: otherwise (0: HiGHS's own default). One thread: the models are small, and idle worker threads
#: spinning beside the rest of the pipeline cost more than parallel branch-and-bound gains.
_threads: int | None = None  # None: not set yet, read PEACEFORCE_THREADS
#: threads highspy's process-wide task scheduler was started with (None: no solve yet); the scheduler
#: is created by the first run() and keeps its size, so a change needs resetGlobalScheduler
_scheduler_threads: int | None = None


def set_solver_threads(n: int) -> None:
    """HiGHS threads for the solves that follow, process-wide (0: let HiGHS decide)."""
    global _threads
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise InputError("threads", n, "a whole number of solver threads >= 0 (0: HiGHS decides)")
    _threads = n


def solver_threads() -> int:
    """HiGHS threads the next solve uses."""
    return _threads_from_env() if _threads is None else _threads


def _quiet_highs():
    """A Highs instance whose one-time licence banner does not reach stdout (plan --json pipes it)."""
    import sys

    import highspy

    global _scheduler_threads
    sys.stdout.flush()
    saved, devnull = os.dup(1), os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    try:
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        threads = solver_threads()
        h.setOptionValue("threads", threads)
        if _scheduler_threads is not None and _scheduler_threads != threads:
            highspy.Highs.resetGlobalScheduler(True)  # the next run() starts one of the new size
        _scheduler_threads = threads
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)
    return h


def _solve_highs(m: _Model, objectives: list[np.ndarray], tolerances: list[float],
                 time_limit: float) -> tuple[str, np.ndarray | None, float]:
    import highspy

    h = _quiet_highs()
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("blend_multi_objectives", False)
    inf = highspy.kHighsInf
    lb = np.array(m.lb, dtype=np.float64)
    ub = np.array([inf if math.isinf(v) else v for v in m.ub], dtype=np.float64)
    h.addVars(m.ncol, lb, ub)
    if m.integer:
        cols = np.array(m.integer, dtype=np.int32)
        h.changeColsIntegrality(len(cols), cols, np.full(len(cols), highspy.HighsVarType.kInteger.value, dtype=np.uint8))
    if m.row_lb:
        rlb = np.array([-inf if math.isinf(v) else v for v in m.row_lb], dtype=np.float64)
        rub = np.array([inf if math.isinf(v) else v for v in m.row_ub], dtype=np.float64)
        h.addRows(len(rlb), rlb, rub, len(m.index), np.array(m.starts, dtype=np.int32),
                  np.array(m.index, dtype=np.int32), np.array(m.value, dtype=np.float64))
    for priority, (coef, tol) in enumerate(zip(objectives, tolerances)):
        obj = highspy.HighsLinearObjective()
        obj.weight = 1.0
        obj.offset = 0.0
        obj.coefficients = coef
        obj.abs_tolerance = tol
        obj.rel_tolerance = -1.0  # ignored: keep each stage within abs_tolerance of its optimum
        obj.priority = len(objectives) - priority
        h.addLinearObjective(obj)
    start = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - start
    status = h.modelStatusToString(h.getModelStatus())
    sol = h.getSolution()
    values = np.array(sol.col_value, dtype=np.float64) if sol.value_valid and len(sol.col_value) == m.ncol else None
    return status, values, seconds


def _tolerances(p: _Problem) -> list[float]:
    """How far each stage may drift from its optimum while the next stage is solved.

    Gaps: 1e-3, far below the price of one unit (criticality x unit troops), so no gap is traded away;
    fairness: one troop, the resolution of a measure in troops; cohesion: half a presence (integral).
    """
    return [1e-3, 1.0, 0.5]


# --------------------------------------------------------------------------------------------
# the stage


def allocate(requirement: Requirement, nations: NationTable, scenario: Scenario, factors: Factors, *,
             un_mandate: bool | None = None, time_limit: float = TIME_LIMIT) -> Allocation:
    """Source the requirement's coalition lines from the nations; never raises for an empty coalition.

    `un_mandate` tells whether the mission has a UN legal basis (None: unknown, counted as no).
    """
    if time_limit <= 0:
        raise InputError("time_limit", time_limit, "a number of seconds > 0")
    co = scenario.coalition
    cap = nation_capacity(nations, factors, co.eastern_flank)
    elig = eligibility(nations, scenario, un_mandate)
    p = _problem(requirement, nations, scenario, factors, cap, elig)
    binding: list[dict[str, str]] = []
    for code in co.lead:
        if code not in nations:
            binding.append({"constraint": "lead", "nation": code, "detail": f"{code}: lead nation not in the nation data"})

    status, values, seconds = "empty", None, 0.0
    objective = {"gaps": 0.0, "fairness": 0.0, "cohesion": 0.0}
    if p.pairs:
        m, idx, objs = _build(p)
        status, values, seconds = _solve_highs(m, objs, _tolerances(p), time_limit)
        if values is not None:
            objective = {name: float(o @ values) for name, o in zip(("gaps", "fairness", "cohesion"), objs)}
    elif p.lines:
        status = "no eligible nation with capacity"
    units = np.zeros(len(p.pairs), dtype=int)
    if values is not None:
        units = np.rint(values[idx["x"]]).astype(int)
    else:
        # no usable solution: everything is a gap (the objective then prices all of it)
        objective = {"gaps": float(sum(pr * r for pr, r in zip(p.price, p.required))), "fairness": 0.0, "cohesion": 0.0}
    return _result(requirement, nations, scenario, cap, elig, p, units, binding,
                   {"status": status, "seconds": round(seconds, 4), "objective": objective["gaps"],
                    "objectives": objective, "variables": len(p.pairs)})


def _result(req: Requirement, nations: NationTable, scenario: Scenario, cap: Capacity,
            elig: dict[str, Eligibility], p: _Problem, units: np.ndarray, binding: list[dict[str, str]],
            solver: dict[str, Any]) -> Allocation:
    lines = p.lines
    given = [0] * len(lines)
    per_nation: dict[str, dict[str, float]] = {}
    assignment: list[dict[str, Any]] = []
    for (code, i, _), u in zip(p.pairs, units):
        ln = lines[i]
        given[i] += int(u)
        troops = int(u) * ln.unit_size
        if u:
            per_nation.setdefault(code, {})
            per_nation[code][ln.capability] = per_nation[code].get(ln.capability, 0.0) + troops
        assignment.append({"nation": code, "name": nations.name(code), "sector": ln.sector,
                           "capability": ln.capability, "units": int(u), "troops": troops, "unit_size": ln.unit_size})
    troops_of = {c: sum(v.values()) for c, v in per_nation.items()}
    allocated = int(sum(troops_of.values()))
    required = int(sum(r * ln.unit_size for r, ln in zip(p.required, lines)))
    default_mult = req.rotation_multiplier.central

    nations_out: list[NationAllocation] = []
    for code in nations.codes:
        t = int(troops_of.get(code, 0))
        mult = nations.get(code, "rotation_multiplier")
        mult = float(mult) if mult is not None else default_mult  # type: ignore[arg-type]
        unit_count: dict[str, int] = {}
        sectors: list[str] = []
        for a in assignment:
            if a["nation"] == code and a["units"]:
                unit_count[a["capability"]] = unit_count.get(a["capability"], 0) + a["units"]
                if a["sector"] not in sectors:
                    sectors.append(a["sector"])
        nations_out.append(NationAllocation(
            code, nations.name(code), nations.stance(code), t, int(round(t * mult)), unit_count, sectors,
            round(t / allocated, 4) if allocated else 0.0, round(p.shares.get(code, 0.0), 4),
            int(round(cap.earmark_used(code, per_nation.get(code, {})))), elig[code].eligible, elig[code].lead,
            {k: float(v) for k, v in cap.troops.loc[code].items()}))
    nations_out.sort(key=lambda n: (-n.troops_deployed, not n.lead, n.nation))

    # sector leads: most manoeuvre units in the sector, ties to a lead nation, then to most troops
    sector_leads: dict[str, str] = {}
    for s in p.sector_lead_lines:
        counts: dict[str, int] = {}
        for a in assignment:
            if a["sector"] == s and a["capability"] == "manoeuvre" and a["units"]:
                counts[a["nation"]] = counts.get(a["nation"], 0) + a["units"]
        if counts:
            sector_leads[s] = max(counts, key=lambda c: (counts[c], elig[c].lead, troops_of.get(c, 0), c))

    gaps: list[dict[str, Any]] = []
    for i, ln in enumerate(lines):
        missing = p.required[i] - given[i]
        if missing > 0:
            gaps.append({"sector": ln.sector, "capability": ln.capability, "units": int(missing),
                         "troops": int(missing * ln.unit_size), "unit_type": ln.unit_type,
                         "closes": _closes(ln, missing, nations, scenario, cap, elig, per_nation, allocated,
                                           p.min_troops)})

    binding.extend(_binding(nations, cap, elig, p, per_nation, gaps, sector_leads, scenario))
    return Allocation(nations_out, gaps, round(allocated / required, 4) if required else 1.0, binding, solver,
                      assignment, sector_leads, required, allocated)


def _closes(ln: RequirementLine, missing: int, nations: NationTable, scenario: Scenario, cap: Capacity,
            elig: dict[str, Eligibility], per_nation: dict[str, dict[str, float]], allocated: int,
            min_troops: float) -> list[dict[str, Any]]:
    """Who could close a gap and what it would do to fairness, each candidate on its own (not cumulative)."""
    key = nations.key(scenario.coalition.fair_share)
    eligible_key = float(sum(key[c] for c in nations.codes if elig[c].eligible))
    out = []
    for code in nations.codes:
        e = elig[code]
        if e.constraint == "backstop":
            continue
        used_here = per_nation.get(code, {}).get(ln.capability, 0.0)
        usable = float(cap.troops.at[code, ln.capability]) - used_here
        reserve = float(cap.unearmarked.at[code, ln.capability]) - used_here
        n_units = min(missing, math.floor(max(reserve, 0.0) / ln.unit_size + 1e-9))
        if n_units < 1:
            continue
        why: list[str] = []
        if not e.eligible:
            why.append(e.reason)
        if ln.capability not in nations.offers(code):
            why.append(f"offers only {', '.join(sorted(nations.offers(code)))}")
        elif ln.capability in LEAD_ONLY and not e.lead:
            why.append(f"{ln.capability} lines go to lead nations only")
        if n_units * ln.unit_size > usable + 1e-9:
            why.append(f"needs forces earmarked for the eastern flank ({cap.earmarked[code]:,.0f} troops earmarked)")
        if not why:
            # eligible, with room, yet unused: only the minimum contribution keeps a nation out
            why.append(f"below the minimum contribution ({n_units * ln.unit_size:,} troops < {min_troops:,.0f})"
                       if code not in per_nation else "not used by the solver (time limit reached?)")
        add = n_units * ln.unit_size
        mine = sum(per_nation.get(code, {}).values())
        share_key = eligible_key + (0.0 if e.eligible else float(key[code]))
        out.append({"nation": code, "units": int(n_units), "why_not": "; ".join(why),
                    "share_after": round((mine + add) / (allocated + add), 4),
                    "fair_share": round(float(key[code]) / share_key, 4) if share_key > 0 else 0.0})
    out.sort(key=lambda d: (-d["units"], d["share_after"] - d["fair_share"], d["nation"]))
    return out


def _binding(nations: NationTable, cap: Capacity, elig: dict[str, Eligibility], p: _Problem,
             per_nation: dict[str, dict[str, float]], gaps: list[dict[str, Any]], sector_leads: dict[str, str],
             scenario: Scenario) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for code in nations.codes:
        e = elig[code]
        if not e.eligible:
            out.append({"constraint": e.constraint, "nation": code, "detail": f"{code}: {e.reason}"})
        elif e.lead and nations.stance(code) != "lead":
            out.append({"constraint": "lead", "nation": code,
                        "detail": f"{code}: named lead by the scenario; its recorded stance is {nations.stance(code)}"})
    # nations at capacity where it matters: a gap on that capability, or the nation below its fair share
    gap_caps = {g["capability"] for g in gaps}
    allocated = sum(sum(v.values()) for v in per_nation.values())
    for (code, capname), limit in sorted(p.cap.items()):
        used = per_nation.get(code, {}).get(capname, 0.0)
        size = min(ln.unit_size for ln in p.lines if ln.capability == capname)
        below_fair = allocated > 0 and sum(per_nation.get(code, {}).values()) / allocated < p.shares.get(code, 0.0)
        if used > 0 and used + size > limit + 1e-9 and (capname in gap_caps or below_fair):
            why = "lines of this capability have gaps" if capname in gap_caps else "the nation is below its fair share"
            out.append({"constraint": "capacity", "nation": code,
                        "detail": f"{code} {capname}: {used:,.0f} of {limit:,.0f} troops of capacity used, "
                                  f"no room for another unit ({why})"})
    for code in p.codes:
        if code not in per_nation:
            best = sum(math.floor(p.cap.get((code, c), 0.0) / size + 1e-9) * w
                       for c, size, w in {(ln.capability, ln.unit_size, p.weight[i]) for i, ln in enumerate(p.lines)})
            if best < p.min_troops:
                out.append({"constraint": "min_contribution", "nation": code,
                            "detail": f"{code}: can give at most {best:,.0f} troops on the lines asked for, below the "
                                      f"minimum contribution of {p.min_troops:,.0f}"})
    for code in nations.codes:
        e = elig[code]
        if e.eligible and code not in p.codes:
            out.append({"constraint": "no_capacity", "nation": code,
                        "detail": f"{code}: eligible but no capacity for one whole unit of any line asked for"
                                  + (" after its eastern-flank earmarks" if cap.earmarked[code] > 0
                                     and scenario.coalition.eastern_flank == "protect" else "")})
    leads = [c for c in scenario.coalition.lead if c in elig and elig[c].eligible]
    for s, idx in p.sector_lead_lines.items():
        could = {c for (c, i, _) in p.pairs if i in idx and c in leads}
        if not could:
            out.append({"constraint": "sector_lead", "nation": "",
                        "detail": f"sector {s}: no lead nation can field a manoeuvre unit there"})
        elif sector_leads.get(s) not in leads:
            out.append({"constraint": "sector_lead", "nation": sector_leads.get(s, ""),
                        "detail": f"sector {s}: led by {sector_leads.get(s, 'nobody')}, not a lead nation "
                                  f"(lead nations' manoeuvre units are too few for every sector)"})
    for g in gaps:
        out.append({"constraint": "gap", "nation": "",
                    "detail": f"{g['sector']} {g['capability']}: {g['units']} {g['unit_type']} unfilled "
                              f"({g['troops']:,} troops)"
                              + (f"; {g['capability']} lines go to lead nations only ({', '.join(leads) or 'none eligible'})"
                                 if g["capability"] in LEAD_ONLY else "")})
    return out


__all__ = ["allocate", "set_solver_threads", "solver_threads", "Allocation", "NationAllocation", "eligibility", "fair_shares", "Eligibility", "un_mandate_from"]
