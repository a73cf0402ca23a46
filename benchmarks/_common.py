"""Shared by the benchmarks: the default case, synthetic growth of nations and sectors, the PuLP baseline.

Not a test helper and not part of the package. The benchmarks import it as a sibling module (they run
as scripts: `python benchmarks/bench_x.py` puts this directory first on sys.path).
"""

from __future__ import annotations

import statistics
import string
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "examples" / "ukraine-reassure.yaml"

#: columns of the nation table copied as they are into a synthetic nation (fair share keys included)
#: or perturbed (force figures: what capacity is made of)
PERTURBED = ("active_personnel", "land_forces")


def median_time(fn, repeats: int, warm: bool = True):
    """(median seconds, last result) over `repeats` calls, after one untimed call when `warm`."""
    out = fn() if warm else None
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def default_case():
    """(scenario, factors, requirement, nation table, theatre) of examples/ukraine-reassure.yaml, as plan() makes them."""
    import peaceforce
    from peaceforce import factors
    from peaceforce.nations import load_nations
    from peaceforce.plan import build_theatre
    from peaceforce.sizing import size

    sc = peaceforce.load_scenario(DEFAULT)
    f = factors.builtin().with_overrides(sc.overrides)
    theatre = build_theatre(sc)
    return sc, f, size(sc, theatre, f), load_nations(), theatre


def new_codes(taken, n: int) -> list[str]:
    """n two-letter codes not in `taken` (ZZ, ZY, ... downwards: far from the real ones in use)."""
    out: list[str] = []
    if n <= 0:
        return out
    for a in reversed(string.ascii_uppercase):
        for b in reversed(string.ascii_uppercase):
            code = a + b
            if code not in taken:
                out.append(code)
                if len(out) == n:
                    return out
    raise ValueError(f"only {len(out)} free two-letter codes, {n} asked")


def synthetic_nations(table, n: int, seed: int = 0):
    """A NationTable of n nations: the real rows first (cut to n if fewer), then copies of them in turn.

    Each copy gets a new two-letter code and its force figures (land forces, personnel, capacity.csv
    units, flank earmarks) scaled by a random factor in [0.7, 1.3]; everything else, the fair-share
    keys (GDP, population, NATO cost share) and the stance included, is copied as it is.
    """
    from peaceforce.nations import NationTable

    rng = np.random.default_rng(seed)
    base = table.frame.reset_index()
    codes = list(base["code"])
    rows = [base.iloc[: min(n, len(base))]]
    caps = [table.capacity_units[table.capacity_units["code"].isin(codes[:n])]]
    flank = [table.flank[table.flank["code"].isin(codes[:n])]]
    fresh = new_codes(set(codes), max(0, n - len(base)))
    for k, code in enumerate(fresh):
        src = codes[k % len(codes)]
        scale = float(rng.uniform(0.7, 1.3))
        row = base[base["code"] == src].copy()
        row["code"] = code
        row["name"] = f"{row['name'].iloc[0]} (copy {code})"
        for col in PERTURBED:
            if col in row:
                row[col] = pd.to_numeric(row[col], errors="coerce").mul(scale).round()
        rows.append(row)
        c = table.capacity_units[table.capacity_units["code"] == src].copy()
        c["code"] = code
        c["units"] = (c["units"].astype(float) * scale).round()
        caps.append(c)
        fl = table.flank[table.flank["code"] == src].copy()
        fl["code"] = code
        fl["troops"] = (fl["troops"].astype(float) * scale).round()
        flank.append(fl)
    return NationTable.from_frames(pd.concat(rows, ignore_index=True), pd.concat(caps, ignore_index=True),
                                   pd.concat(flank, ignore_index=True), where="synthetic nations")


def split_theatre(theatre, k: int):
    """The theatre with each sector cut into k sectors of equal length (population and area shared out)."""
    from peaceforce.theatre import Theatre

    if k <= 1:
        return theatre
    data = theatre.model_dump()
    sectors = []
    for s in data["sectors"]:
        for j in range(k):
            part = dict(s, id=f"{s['id']}_{j + 1}", name=f"{s['name']} ({j + 1}/{k})", length_km=s["length_km"] / k)
            for key in ("population", "area_km2"):
                if part.get(key) is not None:
                    part[key] = part[key] / k
            sectors.append(part)
    data["sectors"] = sectors
    return Theatre.model_validate(data)


# --------------------------------------------------------------------------------------------
# the PuLP + CBC baseline: allocate() with the solver part written in PuLP


def pulp_model(m, objs):
    """milp.build's model (the same columns, bounds, integrality and rows) written the way a PuLP user
    would, with LpVariable and LpAffineExpression: both solvers get exactly one formulation."""
    import math

    import pulp

    prob = pulp.LpProblem("allocation", pulp.LpMinimize)
    integer = set(m.integer)
    cols = [pulp.LpVariable(f"v{j}", lb, None if math.isinf(ub) else ub, cat="Integer" if j in integer else "Continuous")
            for j, (lb, ub) in enumerate(zip(m.lb, m.ub))]
    ends = m.starts[1:] + [len(m.index)]
    for r, (lo, hi, a, b) in enumerate(zip(m.row_lb, m.row_ub, m.starts, ends)):
        expr = pulp.LpAffineExpression([(cols[j], v) for j, v in zip(m.index[a:b], m.value[a:b])])
        if lo == hi:
            prob += expr == lo, f"r{r}"
            continue
        if not math.isinf(lo):
            prob += expr >= lo, f"r{r}l"
        if not math.isinf(hi):
            prob += expr <= hi, f"r{r}u"
    objectives = [pulp.LpAffineExpression([(cols[j], float(c[j])) for j in np.flatnonzero(c)]) for c in objs]
    return prob, cols, objectives


def allocate_pulp(requirement, nations, scenario, factors, *, legal_basis=None, time_limit=None):
    """allocate() step for step with the solver layer in PuLP + CBC (1 thread): capacity, eligibility
    and the problem data, milp.build's model, the same two lexicographic stages (each stage's optimum
    bounded by milp.tolerances for the next, each stopped at milp.stage_options's gaps), reading the
    solution, and the same Allocation result."""
    import pulp
    from peaceforce import generation as g, milp

    time_limit = g.TIME_LIMIT if time_limit is None else time_limit
    cap = g.nation_capacity(nations, factors, scenario.coalition.eastern_flank)
    elig = g.eligibility(nations, scenario, legal_basis)
    p = milp.problem(requirement, nations, scenario, factors, cap, elig)
    m, idx, objs = milp.build(p)
    prob, cols, objectives = pulp_model(m, objs)
    start = time.perf_counter()
    values = []
    for stage, (obj, tol, opts) in enumerate(zip(objectives[:2], milp.tolerances(p), milp.stage_options(p))):
        left = max(time_limit - (time.perf_counter() - start), 0.1)
        solver = pulp.PULP_CBC_CMD(msg=False, threads=1, timeLimit=left, gapRel=opts["mip_rel_gap"],
                                   gapAbs=opts["mip_abs_gap"], warmStart=stage > 0)
        prob.setObjective(obj)
        prob.solve(solver)
        best = float(pulp.value(obj))
        values.append(best)
        prob += obj <= best + tol, f"stage{stage}"
    seconds = time.perf_counter() - start
    sol = np.array([v.varValue or 0.0 for v in cols])
    units = np.rint(sol[idx["x"]]).astype(int)
    framed = np.rint(sol[idx["frames"]]).astype(int) if p.frames else np.zeros(0, dtype=int)
    names = ("gaps", "fairness", "cohesion")
    objective = {name: float(o @ sol) for name, o in zip(names, objs)}
    objective.update({f"stage_optimum_{name}": v for name, v in zip(names, values)})
    solver_info = g.SolverInfo(status=pulp.LpStatus[prob.status], seconds=round(seconds, 4),
                               objective=objective["gaps"], objectives=objective, variables=len(p.pairs))
    return g._result(nations, scenario, cap, elig, p, units, framed, solver_info)


def objectives(alloc) -> list[float]:
    """The two staged objectives (gaps, fairness with cohesion inside it) at the final solution."""
    return [float(alloc.solver.objectives[k]) for k in ("gaps", "fairness")]


#: relative tolerance for comparing two solvers' optima: the stages' mip_rel_gap (milp.stage_options)
REL_TOL = 1e-4


def agree(a: list[float], b: list[float], abs_tols: list[float]) -> list[bool]:
    """Per stage: |a - b| <= that stage's allowance + REL_TOL x magnitude.

    A stage stops within its MIP gaps of its optimum (milp.stage_options: relative 1e-4, and for the
    fairness stage an absolute gap of one minimum contribution of overshoot), and the staged solve lets
    it drift by its tolerance (milp.tolerances) while the next stage is solved: two correct solvers may
    end that far apart.
    """
    return [abs(u - v) <= t + REL_TOL * max(abs(u), abs(v), 1.0) for u, v, t in zip(a, b, abs_tols)]
