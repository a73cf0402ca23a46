"""The force-generation MILP: the problem in plain arrays, the HiGHS model built from it, the solve.

Variables: x[n, l] whole units nation n gives to requirement line l (coalition lines only, only
where n may be asked and has room for one unit), gap[l] units left unfilled, y[n] nation joins,
z[n, s] nation present in sector s, plus the fairness auxiliaries (T total troops, d[n] deviation
from fair share) and binary slacks of the soft lead-nation rules.

Constraints: units given + gap = units required, per line; troops per nation and capability within
its capacity; x[n, l] <= ub z[n, s] and z <= y; a nation that joins gives at least the minimum
contribution (a unit that counts as a contribution on its own, data/capabilities.csv, meets it);
lead-only lines only from lead nations; softly, a lead nation's manoeuvre unit in every sector and
a manoeuvre unit for every lead.

Objectives, lexicographic in this order, staged by HiGHS itself (multi-objective with priorities;
each stage keeps the previous optimum within `_tolerances`):
  1. gaps, each unit priced at criticality x unit troops (a missed lead rule at the highest line price),
  2. fair spread: sum over eligible nations of |troops_n - fair_share_n x T|, in troops,
  3. cohesion: sum of z (fewest nation-sector presences).
Staging rather than weights: weights keeping a gap bill of 10^5-10^6 above every fairness trade-off,
and that above cohesion, would span many orders of magnitude and defeat the solver's tolerances.

HiGHS runs on one thread unless PEACEFORCE_THREADS or `set_solver_threads` says otherwise: the models
are small, and idle worker threads beside the rest of the pipeline cost more than they gain.
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import domain
from .eligibility import Eligibility, fair_shares
from .errors import InputError
from .factors import Factors
from .nations import Capacity, NationTable
from .scenario import Scenario
from .sizing import RequirementLine, Requirement
from .vocab import Capability

class Model:
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
class Problem:
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


def problem(req: Requirement, nations: NationTable, scenario: Scenario, f: Factors,
             cap: Capacity, elig: dict[str, Eligibility]) -> Problem:
    specs = domain.capabilities()
    lead_only = domain.lead_only()
    lines = req.coalition_lines()
    required = [max(0, int(round(ln.units.central))) for ln in lines]
    price = [ln.criticality * ln.unit_size for ln in lines]
    eligible = [c for c in nations.codes if elig[c].eligible]
    leads = [c for c in eligible if elig[c].lead]
    pairs: list[tuple[str, int, int]] = []
    capd: dict[tuple[str, str], float] = {}
    for code in eligible:
        for i, ln in enumerate(lines):
            if ln.capability in lead_only and code not in leads:
                continue
            if ln.capability not in nations.offers(code):
                continue
            troops = cap.usable[code][ln.capability]
            ub = min(required[i], math.floor(troops / ln.unit_size + 1e-9))
            if ub >= 1:
                pairs.append((code, i, ub))
                capd[(code, ln.capability)] = troops
    min_troops = f["generation.min_contribution"].value
    # a unit that counts as a meaningful contribution on its own (a ship, a fighter detachment)
    # meets the minimum contribution by itself (data/capabilities.csv)
    weight = [float(max(ln.unit_size, min_troops)) if specs[ln.capability].counts_as_minimum else float(ln.unit_size)
              for ln in lines]
    sector_lead_lines: dict[str, list[int]] = {}
    for i, ln in enumerate(lines):
        # sectors of the line of contact want a lead nation's unit; hubs and theatre-wide lines do not
        if ln.capability == Capability.MANOEUVRE and required[i] > 0 and ln.place == "sector":
            sector_lead_lines.setdefault(ln.sector, []).append(i)
    return Problem(lines, required, price, sorted({p[0] for p in pairs}, key=nations.codes.index), leads,
                    pairs, capd, min_troops, weight, fair_shares(nations, scenario.coalition.fair_share, eligible),
                    max(price, default=1.0), sector_lead_lines)


def build(p: Problem) -> tuple[Model, dict[str, Any], list[np.ndarray]]:
    m = Model()
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
        ks = [k for k in by_nation.get(c, []) if p.lines[p.pairs[k][1]].capability == Capability.MANOEUVRE]
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


def solve(m: Model, objectives: list[np.ndarray], tolerances: list[float],
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


def tolerances(p: Problem) -> list[float]:
    """How far each stage may drift from its optimum while the next stage is solved.

    Gaps: 1e-3, far below the price of one unit (criticality x unit troops), so no gap is traded away;
    fairness: one troop, the resolution of a measure in troops; cohesion: half a presence (integral).
    """
    return [1e-3, 1.0, 0.5]
