"""The force-generation MILP: the problem in plain arrays, the HiGHS model built from it, the solve.

Variables: x[n, l] whole blocks nation n gives to requirement line l (a battalion of a brigade, a
company of a battlegroup, else one unit; only where n may be asked, offers the line, may stand there,
may sail there and fields the block), f[n, l] formations n frames, gap[l] blocks and gap_frame[l]
formations left unfilled, y[n] nation joins, z[n, s] nation present in sector s, the fairness
auxiliaries (T, L, the largest overshoot, d[n]) and slacks of the soft rules.

Constraints: blocks given + gap = blocks required, per line; formations framed + gap_frame =
formations required, a framework nation giving at least its framework blocks per formation; troops
per nation and capability within capacity, and all its land-derived lines within its ground pool;
x[n, l] <= ub z[n, s] and z <= y; a nation that joins gives at least the minimum contribution;
softly, co-lead parity, a lead nation's manoeuvre unit in every line sector and one for every lead.

Objectives, lexicographic in this order, solved one after another on one model (each stage keeps the
previous optimum within `tolerances` and stops at its own gap, `stage_options`):
  1. gaps, each missing block priced at criticality x its troops, a formation without a framework
     nation at the framework's blocks, a missed lead rule at the highest line price;
  2. fair burden: co-lead parity slack (heaviest), then the largest overshoot of any nation over its
     fair share (minimax: it cannot tie the way a sum of deviations does), then the sum of deviations,
     with cohesion (nation-sector presences) as the lightest term.
Staging rather than weights between 1 and 2: weights keeping a gap bill of 10^5-10^6 above every
fairness trade-off would span many orders of magnitude and defeat the solver's tolerances.

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

from . import domain, formations
from .eligibility import Eligibility, fair_shares
from .errors import InputError
from .factors import Factors
from .capacity import Capacity
from .nations import NationTable
from .scenario import Scenario
from .sizing import RequirementLine, Requirement
from .vocab import Capability, Constraint, StraitsPolicy

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
    """The model's data in plain arrays: shared by the HiGHS model and the PuLP benchmark baseline.

    A line is filled in blocks: a brigade in battalion-sized blocks, a battlegroup in companies
    (data/formations.csv `block`, `blocks`), anything else in its own formation (one block each).
    """

    lines: list[RequirementLine]
    required: list[int]                    # per line: blocks required (formations x blocks each)
    size: list[float]                      # per line: troops per block
    block: list[str]                       # per line: the block's formation
    formations: list[int]                  # per line: formations required
    frame_min: list[int]                   # per line: blocks the framework nation gives (0: not composite)
    price: list[float]                     # per line: price of one missing block (criticality x troops)
    frame_price: list[float]               # per line: price of a formation without a framework nation
    codes: list[str]                       # nations with at least one variable
    leads: list[str]
    pairs: list[tuple[str, int, int]]      # (nation, line index, upper bound in blocks)
    frames: list[tuple[str, int, int]]     # (nation, composite line index, formations it may frame)
    cap: dict[tuple[str, str], float]      # (nation, capability) -> troops
    ground: dict[str, float]               # nation -> its ground pool, shared by its derived lines
    derived: dict[str, frozenset[str]]     # nation -> capabilities drawn from its ground pool
    min_troops: float
    weight: list[float]                    # per line: troops a block counts for the minimum contribution
    shares: dict[str, float]               # eligible nation -> fair share
    lead_only: list[bool]                  # per line: only lead nations fill it (their extra role)
    echelons: list[int | None]             # per line: the echelon a nation must field to give a block
    parity: float                          # co-lead parity: ratio of shares of fair share allowed
    lead_price: float
    sector_lead_lines: dict[str, list[int]]  # sector -> its manoeuvre line indices

    def troops(self, i: int, blocks: float) -> float:
        return blocks * self.size[i]


def _blocks(ln: RequirementLine) -> tuple[str, int, int, int | None, int | None]:
    """(block formation, blocks per formation, framework blocks (0: none), echelon to give a block,
    echelon to frame one) for a line."""
    form = formations.catalogue().get(ln.formation)
    if form is None or not form.composite:
        echelon = form.echelon if form is not None else None
        return ln.formation, 1, 0, echelon, None
    block = formations.catalogue()[form.block]
    return block.formation, form.blocks, form.framework_blocks, block.echelon, form.echelon


def line_obstacles(code: str, ln: RequirementLine, nations: NationTable, scenario: Scenario, lead_only: bool,
                   lead: bool, echelon: int | None) -> list[Constraint]:
    """What keeps an eligible nation off this line, whatever its capacity: the line is not among its
    offers (else: the line goes to leads only), its forces stay outside the host, its warships cannot
    pass closed straits, or it does not field the formation a block is (`echelon`). Empty: it may fill it.
    The model (`problem`) and the gap explanation (explain.py) both ask this one function."""
    out: list[Constraint] = []
    if ln.capability not in nations.offers(code):
        out.append(Constraint.OFFERS)
    elif lead_only and not lead:
        out.append(Constraint.LEAD_ONLY)
    if nations.outside_host_only(code) and not ln.outside_host:
        out.append(Constraint.OUTSIDE_HOST)
    if ln.littoral and scenario.coalition.straits == StraitsPolicy.CLOSED and code not in ln.littoral:
        out.append(Constraint.STRAITS)
    fields = nations.echelon(code)
    if echelon is not None and fields is not None and fields < echelon:
        out.append(Constraint.ECHELON)
    return out


def problem(req: Requirement, nations: NationTable, scenario: Scenario, f: Factors,
             cap: Capacity, elig: dict[str, Eligibility]) -> Problem:
    specs = domain.capabilities()
    lead_set = domain.lead_only()
    lines = req.coalition_lines()
    shape = [_blocks(ln) for ln in lines]
    formations_req = [max(0, int(round(ln.units.central))) for ln in lines]
    per = [k for (_, k, _, _, _) in shape]
    required = [n * k for n, k in zip(formations_req, per)]
    size = [ln.unit_size / k for ln, k in zip(lines, per)]
    frame_min = [fm for (_, _, fm, _, _) in shape]
    price = [ln.criticality * sz for ln, sz in zip(lines, size)]
    lead_only = [ln.capability in lead_set for ln in lines]
    eligible = [c for c in nations.codes if elig[c].eligible]
    leads = [c for c in eligible if elig[c].lead]
    pairs: list[tuple[str, int, int]] = []
    frames: list[tuple[str, int, int]] = []
    capd: dict[tuple[str, str], float] = {}
    for code in eligible:
        echelon = nations.echelon(code)
        for i, ln in enumerate(lines):
            if line_obstacles(code, ln, nations, scenario, lead_only[i], code in leads, shape[i][3]):
                continue
            frame = shape[i][4]
            troops = cap.usable[code][ln.capability]
            ub = min(required[i], math.floor(troops / size[i] + 1e-9))
            if ub < 1:
                continue
            pairs.append((code, i, ub))
            capd[(code, ln.capability)] = troops
            if frame_min[i] and ub >= frame_min[i] and (echelon is None or frame is None or echelon >= frame):
                frames.append((code, i, min(formations_req[i], ub // frame_min[i])))
    min_troops = f["generation.min_contribution"].value
    # a unit that counts as a meaningful contribution on its own (a ship, a fighter detachment)
    # meets the minimum contribution by itself (data/capabilities.csv)
    weight = [float(max(sz, min_troops)) if specs[ln.capability].counts_as_minimum else float(sz)
              for ln, sz in zip(lines, size)]
    sector_lead_lines: dict[str, list[int]] = {}
    for i, ln in enumerate(lines):
        # sectors of the line of contact want a lead nation's unit; hubs and theatre-wide lines do not
        if ln.capability == Capability.MANOEUVRE and required[i] > 0 and ln.place == "sector":
            sector_lead_lines.setdefault(ln.sector, []).append(i)
    parity = scenario.coalition.co_lead_parity or f["generation.co_lead_parity"].value
    return Problem(lines, required, size, [b for (b, _, _, _, _) in shape], formations_req, frame_min, price,
                   [pr * fm for pr, fm in zip(price, frame_min)],
                   sorted({p[0] for p in pairs}, key=nations.codes.index), leads, pairs, frames, capd,
                   {c: float(cap.ground[c]) for c in eligible}, {c: cap.derived[c] for c in eligible}, min_troops,
                   weight, fair_shares(nations, scenario.coalition.fair_share, eligible), lead_only,
                   [sh[3] for sh in shape], parity,
                   max((ln.criticality * ln.unit_size for ln in lines), default=1.0), sector_lead_lines)


def build(p: Problem) -> tuple[Model, dict[str, Any], list[np.ndarray]]:
    m = Model()
    x = [m.var(0, ub, True) for (_, _, ub) in p.pairs]
    fr = [m.var(0, ub, True) for (_, _, ub) in p.frames]
    gap = [m.var(0, r) for r in p.required]
    composite = [i for i, fm in enumerate(p.frame_min) if fm and p.formations[i] > 0]
    gap_frame = {i: m.var(0, p.formations[i]) for i in composite}
    y = {c: m.var(0, 1, True) for c in p.codes}
    sectors = sorted({p.lines[i].sector for (_, i, _) in p.pairs})
    z = {(c, s): m.var(0, 1, True) for c in p.codes for s in sectors
         if any(n == c and p.lines[i].sector == s for (n, i, _) in p.pairs)}
    over = m.var(0, math.inf)
    dev = {c: m.var(0, math.inf) for c in p.shares}
    by_line: dict[int, list[int]] = {}
    by_nation: dict[str, list[int]] = {}
    by_cap: dict[tuple[str, str], list[int]] = {}
    pair_at: dict[tuple[str, int], int] = {}
    for k, (c, i, _) in enumerate(p.pairs):
        by_line.setdefault(i, []).append(k)
        by_nation.setdefault(c, []).append(k)
        by_cap.setdefault((c, p.lines[i].capability), []).append(k)
        pair_at[(c, i)] = k
    troops_of = [p.size[i] for (_, i, _) in p.pairs]
    # each line: blocks given + gap = blocks required; each composite formation framed by one nation
    # that gives at least its framework blocks (eFP: a framework nation and contributors' companies)
    for i, r in enumerate(p.required):
        ks = by_line.get(i, [])
        m.row(r, r, [x[k] for k in ks] + [gap[i]], [1.0] * len(ks) + [1.0])
    frames_by_line: dict[int, list[int]] = {}
    for j, (c, i, _) in enumerate(p.frames):
        frames_by_line.setdefault(i, []).append(j)
        m.row(0, math.inf, [x[pair_at[(c, i)]], fr[j]], [1.0, -float(p.frame_min[i])])
    for i in composite:
        js = frames_by_line.get(i, [])
        m.row(p.formations[i], p.formations[i], [fr[j] for j in js] + [gap_frame[i]], [1.0] * len(js) + [1.0])
    # capacity per nation and capability, in troops
    for (c, capname), ks in by_cap.items():
        m.row(-math.inf, p.cap[(c, capname)], [x[k] for k in ks], [troops_of[k] for k in ks])
    # the ground pool: all lines derived from a nation's land forces together (NATO's 8% sustainable)
    for c, ks in by_nation.items():
        pooled = [k for k in ks if p.lines[p.pairs[k][1]].capability in p.derived.get(c, ())]
        if pooled:
            m.row(-math.inf, p.ground[c], [x[k] for k in pooled], [troops_of[k] for k in pooled])
    # presence: x <= ub z[n, s], z <= y; joining means at least the minimum contribution
    for k, (c, i, ub) in enumerate(p.pairs):
        m.row(-math.inf, 0, [x[k], z[(c, p.lines[i].sector)]], [1.0, -float(ub)])
    for (c, s), zi in z.items():
        m.row(-math.inf, 0, [zi, y[c]], [1.0, -1.0])
    for c, ks in by_nation.items():
        m.row(0, math.inf, [x[k] for k in ks] + [y[c]], [p.weight[p.pairs[k][1]] for k in ks] + [-p.min_troops])
    # fair burden. Each nation's target is its fair share of the force outside the lead-only lines,
    # plus for a lead its part of those lines (the leads' extra role, shared among them by their keys):
    #   target_n = s_n (T - L) + [n lead] s_n / S_leads L,  T all troops, L troops on lead-only lines.
    # over >= troops_n - target_n for every nation (the largest overshoot, minimised: it cannot tie the
    # way a sum of deviations does), dev_n >= |troops_n - target_n| breaks the remaining ties.
    total, lead_total = m.var(0, math.inf), m.var(0, math.inf)
    m.row(0, 0, [x[k] for k in range(len(x))] + [total], troops_of + [-1.0])
    lead_ks = [k for k in range(len(x)) if p.lead_only[p.pairs[k][1]]]
    m.row(0, 0, [x[k] for k in lead_ks] + [lead_total], [troops_of[k] for k in lead_ks] + [-1.0])
    lead_key = sum(p.shares.get(c, 0.0) for c in p.leads)
    for c, share in p.shares.items():
        ks = by_nation.get(c, [])
        extra = share / lead_key if c in p.leads and lead_key > 0 else 0.0
        cols = [x[k] for k in ks] + [total, lead_total]
        vals = [troops_of[k] for k in ks] + [-share, share - extra]
        m.row(-math.inf, 0, cols + [over], vals + [-1.0])
        m.row(-math.inf, 0, cols + [dev[c]], vals + [-1.0])
        m.row(-math.inf, 0, cols + [dev[c]], [-v for v in vals] + [-1.0])
    # co-lead parity (soft): troops_a / s_a <= parity x troops_b / s_b, slack in troops of a
    parity_slack: list[int] = []
    for a in p.leads:
        for b in p.leads:
            if a == b or p.shares.get(a, 0.0) <= 0 or p.shares.get(b, 0.0) <= 0:
                continue
            ratio = p.parity * p.shares[a] / p.shares[b]
            sl = m.var(0, math.inf)
            parity_slack.append(sl)
            ka, kb = by_nation.get(a, []), by_nation.get(b, [])
            m.row(-math.inf, 0, [x[k] for k in ka] + [x[k] for k in kb] + [sl],
                  [troops_of[k] for k in ka] + [-ratio * troops_of[k] for k in kb] + [-1.0])
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
    for i, g in gap_frame.items():
        o_gap[g] = p.frame_price[i]
    for sl in lead_slack:
        o_gap[sl] = p.lead_price
    # fairness: parity first, then the largest overshoot, then the spread (weights keep that order
    # within one stage: one troop of parity outweighs any overshoot, one of overshoot any spread)
    w_over = float(max(1, len(p.shares)))
    for sl in parity_slack:
        o_fair[sl] = 10.0 * w_over
    o_fair[over] = w_over
    for d in dev.values():
        o_fair[d] = 1.0
    # cohesion, a tie-break inside the fairness stage: one nation-sector presence weighs as much as
    # a share of the largest overshoot of w_over troops' spread (a third stage would cost seconds)
    for zi in z.values():
        o_fair[zi] = w_over
        o_coh[zi] = 1.0
    idx = {"x": x, "frames": fr, "gap": gap, "gap_frame": gap_frame, "y": y, "z": z, "over": over, "dev": dev,
           "parity_slack": parity_slack, "lead_slack": lead_slack}
    return m, idx, [o_gap, o_fair, o_coh]


def stage_options(p: Problem) -> list[dict[str, float]]:
    """Solver settings per stage (not planning figures): the gaps stop once proven within
    GAP_STAGE_REL of the best possible, or half the price of the cheapest missing block; fairness once
    proven within FAIR_STAGE_REL or one minimum contribution (a company) of overshoot of the fairest
    allocation: proving the last company costs seconds and changes no one's verdict. Both stages stop
    after NODES branch-and-bound nodes at the latest, the same on every machine. Both stages keep
    HiGHS's cut pool small (`mip_pool_soft_limit` 10, default 10,000): on these models root cut rounds
    were most of the time, and the small pool solves the examples 1.1-3.4x faster with the same gap
    optimum (benchmarks/bench_plan.py)."""
    w_over = float(max(1, len(p.shares)))
    pool = {"mip_pool_soft_limit": 10}
    cheapest = min((pr for pr in p.price if pr > 0), default=0.0)
    return [{"mip_rel_gap": GAP_STAGE_REL, "mip_abs_gap": max(1e-6, 0.5 * cheapest), **pool,
             "mip_max_nodes": NODES[0]},
            {"mip_rel_gap": FAIR_STAGE_REL, "mip_abs_gap": w_over * p.min_troops, **pool, "mip_max_nodes": NODES[1]}]


#: the gap stage's proof: within 1% of the fewest gaps possible (or half the cheapest block's price).
#: Tighter proofs cost the most where the gaps are largest: with no US backstop (the leads drop out)
#: 0.2% took 11,000 nodes and 24 s, 1% closes at the root node in every example; what it may leave on
#: the table is under 1% of the gap (57 troops of 10,142; 43 of 23,700 in interpose).
GAP_STAGE_REL = 1e-2
#: fairness within 0.01% of the fairest allocation's overshoot measure (or one company, below): the
#: default plan solves faster so (0.17 s against 0.26 s at 1%), and the node bound caps the hard cases
FAIR_STAGE_REL = 1e-4
#: a deterministic bound on each stage's search (branch-and-bound nodes), so a hard case stops at the same
#: answer on any machine and under any load, well before the wall-clock time limit (a last resort).
#: Fairness in reassure heavy ran 9,300 nodes in 27 s without closing 5% (overshoot measure 184,634);
#: 300 nodes reach 176,933 in 4.8 s, 50 nodes 177,009 (0.04% more) in 2.5 s. Over 40 sampled sweep
#: cases the 250 nodes after the 50th moved no verdict and the largest overshoot by at most 10 troops,
#: and cost a quarter of the sweep's time (benchmarks/bench_sweep.py).
NODES = (5_000, 50)


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


def solve(m: Model, objectives: list[np.ndarray], tolerances: list[float], time_limit: float,
          options: list[dict[str, float]] | None = None) -> tuple[str, np.ndarray | None, float]:
    """Lexicographic stages on one model; returns (the status of the first stage that stopped short of
    its proof, else the last stage's, values, seconds)."""
    import highspy

    h = _quiet_highs()
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
    # the stages one after another on one model: each optimum (within its stage's MIP gap) becomes a
    # row that the next stage keeps within its tolerance, and the last solution starts the next solve
    start = time.perf_counter()
    values: np.ndarray | None = None
    status = "empty"
    all_cols = np.arange(m.ncol, dtype=np.int32)
    for stage, (coef, tol) in enumerate(zip(objectives, tolerances)):
        left = time_limit - (time.perf_counter() - start)
        if left <= 0:
            break
        h.setOptionValue("time_limit", float(left))
        for key, value in (options[stage] if options and stage < len(options) else {}).items():
            h.setOptionValue(key, value)
        h.changeColsCost(m.ncol, all_cols, np.asarray(coef, dtype=np.float64))
        if values is not None:
            sol = highspy.HighsSolution()
            sol.col_value = list(values)
            sol.value_valid = True
            h.setSolution(sol)
        h.run()
        reached = h.modelStatusToString(h.getModelStatus())
        # the first stage that stopped short (a node bound, the time limit) says so, whatever the next one did
        status = reached if status in ("empty", "Optimal") else status
        sol = h.getSolution()
        if not (sol.value_valid and len(sol.col_value) == m.ncol):
            break
        values = np.array(sol.col_value, dtype=np.float64)
        nz = np.flatnonzero(coef)
        if len(nz):
            h.addRow(-inf, float(coef @ values) + tol, len(nz), nz.astype(np.int32),
                     np.asarray(coef, dtype=np.float64)[nz])
    seconds = time.perf_counter() - start
    return status, values, seconds


def tolerances(p: Problem) -> list[float]:
    """How far each stage may drift from its optimum while the next stage is solved.

    Gaps: 1e-3, far below the price of one unit (criticality x unit troops), so no gap is traded away;
    fairness (with cohesion inside it): one troop of the largest overshoot (its weight).
    """
    return [1e-3, float(max(1, len(p.shares)))]
