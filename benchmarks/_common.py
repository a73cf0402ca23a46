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


def pulp_model(p):
    """generation._build's model, written the way a PuLP user would (LpVariable dicts, lpSum), indexed
    the same way (per line, nation and capability), so the build is not penalised by quadratic scans."""
    import pulp

    prob = pulp.LpProblem("allocation", pulp.LpMinimize)
    x = [pulp.LpVariable(f"x_{k}", 0, ub, cat="Integer") for k, (_, _, ub) in enumerate(p.pairs)]
    gap = [pulp.LpVariable(f"gap_{i}", 0, r) for i, r in enumerate(p.required)]
    y = {c: pulp.LpVariable(f"y_{c}", cat="Binary") for c in p.codes}
    z: dict = {}
    for c, i, _ in p.pairs:
        key = (c, p.lines[i].sector)
        if key not in z:
            z[key] = pulp.LpVariable(f"z_{c}_{p.lines[i].sector}", cat="Binary")
    total = pulp.LpVariable("total", 0)
    dev = {c: pulp.LpVariable(f"d_{c}", 0) for c in p.shares}
    size = [float(p.lines[i].unit_size) for (_, i, _) in p.pairs]
    by_line: dict = {}
    by_nation: dict = {}
    by_cap: dict = {}
    for k, (c, i, _) in enumerate(p.pairs):
        by_line.setdefault(i, []).append(k)
        by_nation.setdefault(c, []).append(k)
        by_cap.setdefault((c, p.lines[i].capability), []).append(k)
    for i, r in enumerate(p.required):
        prob += pulp.lpSum(x[k] for k in by_line.get(i, [])) + gap[i] == r
    for key, ks in by_cap.items():
        prob += pulp.lpSum(size[k] * x[k] for k in ks) <= p.cap[key]
    for k, (c, i, ub) in enumerate(p.pairs):
        prob += x[k] <= ub * z[(c, p.lines[i].sector)]
    for (c, _), zv in z.items():
        prob += zv <= y[c]
    for c, ks in by_nation.items():
        prob += pulp.lpSum(p.weight[p.pairs[k][1]] * x[k] for k in ks) >= p.min_troops * y[c]
    prob += total == pulp.lpSum(size[k] * x[k] for k in range(len(x)))
    for c, share in p.shares.items():
        mine = pulp.lpSum(size[k] * x[k] for k in by_nation.get(c, []))
        prob += dev[c] >= mine - share * total
        prob += dev[c] >= share * total - mine
    slack = []
    leads = set(p.leads)
    for s, idx in p.sector_lead_lines.items():
        ks = [k for i in idx for k in by_line.get(i, []) if p.pairs[k][0] in leads]
        if ks:
            sl = pulp.LpVariable(f"lead_s_{s}", cat="Binary")
            slack.append(sl)
            prob += pulp.lpSum(x[k] for k in ks) + sl >= 1
    for c in p.leads:
        ks = [k for k in by_nation.get(c, []) if p.lines[p.pairs[k][1]].capability == "manoeuvre"]
        if ks:
            sl = pulp.LpVariable(f"lead_n_{c}", cat="Binary")
            slack.append(sl)
            prob += pulp.lpSum(x[k] for k in ks) + sl >= 1
    objectives = [
        pulp.lpSum(p.price[i] * gap[i] for i in range(len(gap))) + pulp.lpSum(p.lead_price * sl for sl in slack),
        pulp.lpSum(dev.values()),
        pulp.lpSum(z.values()),
    ]
    return prob, x, objectives


def allocate_pulp(requirement, nations, scenario, factors, *, legal_basis=None, time_limit=None):
    """allocate() step for step, the model built and solved in PuLP + CBC (1 thread): capacity,
    eligibility and the problem data, then the model, three staged solves (each stage bounds the one
    before by the same tolerance HiGHS uses), reading the solution, and the same Allocation result."""
    import pulp
    from peaceforce import generation as g, milp

    time_limit = g.TIME_LIMIT if time_limit is None else time_limit
    co = scenario.coalition
    cap = g.nation_capacity(nations, factors, co.eastern_flank)
    elig = g.eligibility(nations, scenario, legal_basis)
    p = milp.problem(requirement, nations, scenario, factors, cap, elig)
    prob, x, objectives = pulp_model(p)
    solver = pulp.PULP_CBC_CMD(msg=False, threads=1, timeLimit=time_limit)
    start = time.perf_counter()
    values = []
    for obj, tol in zip(objectives, milp.tolerances(p)):
        prob.setObjective(obj)
        prob.solve(solver)
        best = float(pulp.value(obj))
        values.append(best)
        prob += obj <= best + tol
    seconds = time.perf_counter() - start
    units = np.rint([v.varValue or 0.0 for v in x]).astype(int)
    # like allocate(): every objective at the final solution (a stage may drift within its tolerance
    # while a later one is solved), the stage optima beside them
    objective = {name: float(pulp.value(o)) for name, o in zip(("gaps", "fairness", "cohesion"), objectives)}
    objective.update({f"stage_optimum_{name}": v for name, v in zip(("gaps", "fairness", "cohesion"), values)})
    solver_info = g.SolverInfo(status=pulp.LpStatus[prob.status], seconds=round(seconds, 4),
                               objective=objective["gaps"], objectives=objective, variables=len(p.pairs))
    return g._result(nations, scenario, cap, elig, p, units, solver_info)


def objectives(alloc) -> list[float]:
    return [float(alloc.solver.objectives[k]) for k in ("gaps", "fairness", "cohesion")]


#: relative tolerance for comparing two solvers' optima: HiGHS's default mip_rel_gap (1e-4); each
#: stage also allows its own absolute tolerance (generation._tolerances: 1e-3, 1 troop, 0.5 presence)
REL_TOL = 1e-4


def agree(a: list[float], b: list[float], abs_tols: list[float]) -> list[bool]:
    """Per stage: |a - b| <= stage tolerance + REL_TOL x magnitude.

    Each solver may stop within its relative MIP gap of a stage's optimum (REL_TOL x magnitude), and
    the lexicographic solve then lets that objective drift by the stage's own tolerance
    (generation._tolerances) while later stages are solved; two correct solvers may end that far apart.
    """
    return [abs(u - v) <= t + REL_TOL * max(abs(u), abs(v), 1.0) for u, v, t in zip(a, b, abs_tols)]
