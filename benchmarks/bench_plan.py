"""Whole pipeline: `peaceforce.plan.plan()` of the default scenario beside the bare HiGHS solve of its own model.

Measured in one process, side by side, after one untimed warm-up of each:

  * plan(examples/ukraine-reassure.yaml, runs=2000): median wall time over --repeats calls;
  * the bare solve: the same force-generation model (built once, from the same Requirement, with
    generation's own `_problem` and `_build`), timing only `_solve_highs` -- the floor plan() cannot
    go below while it solves this MILP;
  * a breakdown per stage, each stage function called the way plan() calls it, on the same inputs.

Printed: the median plan() in ms (target <= 60 ms), the ratio plan() / bare solve (target <= 2x),
and each stage's median beside it. Targets are printed next to their figure, never asserted.

    PYTHONPATH=src python benchmarks/bench_plan.py [--repeats 30] [--runs 2000]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "examples" / "ukraine-reassure.yaml"

TARGET_PLAN_MS = 60.0
TARGET_RATIO = 2.0


def median_ms(fn, repeats: int) -> tuple[float, object]:
    out = fn()  # warm-up, untimed
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3, out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=30)
    ap.add_argument("--runs", type=int, default=2000, help="incident simulation runs (plan's default: 2000)")
    args = ap.parse_args(argv)

    from peaceforce import catalog
    from peaceforce import factors as factors_mod
    from peaceforce import generation as g, milp
    from peaceforce.conditions import board
    from peaceforce.cost import cost, rates
    from peaceforce.flank import flank
    from peaceforce.incidents import simulate
    from peaceforce.mandate import check, load_mandate
    from peaceforce.nations import load_nations
    from peaceforce.plan import build_theatre, plan
    from peaceforce.rotation import sustain
    from peaceforce.scenario import load_scenario
    from peaceforce.sizing import size

    R = args.repeats
    t_plan, result = median_ms(lambda: plan(DEFAULT, runs=args.runs), R)

    # the bare solve of plan()'s own model
    sc, f, req, table = result.scenario, result.factors, result.requirement, result.nations
    basis = result.mandate.legal_basis
    cap = g.nation_capacity(table, f, sc.coalition.eastern_flank)
    p = milp.problem(req, table, sc, f, cap, g.eligibility(table, sc, basis))
    m, _, objs = milp.build(p)
    tol = milp.tolerances(p)
    t_solve, (status, _, _) = median_ms(lambda: milp.solve(m, objs[:2], tol, g.TIME_LIMIT, milp.stage_options(p)), R)

    # stage by stage, as plan() calls them (each on the previous stage's output from the warm-up plan)
    mandate, alloc, rot, fl = result.mandate, result.allocation, result.rotation, result.flank
    mc, inc = result.mandate_check, result.incidents
    load_parts = [
        ("load nations", lambda: load_nations(None)),
        ("load scenario file", lambda: load_scenario(DEFAULT, nation_codes=set())),
        ("theatre", lambda: build_theatre(sc)),
        ("factors", lambda: factors_mod.builtin().with_overrides(sc.overrides)),
        ("load mandate", lambda: load_mandate(sc.mandate, base=sc.base_dir)),
    ]
    stages = [
        ("size", lambda: size(sc, result.theatre, f)),
        ("allocate", lambda: g.allocate(req, table, sc, f, legal_basis=basis)),
        ("sustain", lambda: sustain(alloc, table, sc, f)),
        ("cost", lambda: cost(req, alloc, rot, rates(catalog.costs(), f, catalog.table("cost_rates")), f)),
        ("flank", lambda: flank(alloc, table, sc.coalition.eastern_flank, f)),
        ("mandate check", lambda: check(mandate, alloc.holdings(), f)),
        ("simulate", lambda: simulate(mandate, sc.threat, sc.us_backstop, sc.duration_months, runs=args.runs,
                                      seed=sc.seed, rate_overrides=sc.incident_rates)),
        ("board", lambda: board(sc, alloc, rot, fl, mc, inc, f)),
    ]
    loads = [(name, median_ms(fn, R)[0]) for name, fn in load_parts]
    timed = [(name, median_ms(fn, R)[0]) for name, fn in stages]

    import highspy

    print(f"default scenario {DEFAULT.name}, runs={args.runs}; median of {R} calls after one warm-up each; "
          f"HiGHS {highspy.Highs().version()} threads={milp.solver_threads()}")
    print(f"model: {m.ncol} columns, {len(m.row_lb)} rows, {len(m.integer)} integer; bare solve status {status}")
    print()
    print(f"{'':34s} {'median ms':>10s}   target")
    print(f"{'plan() whole pipeline':34s} {t_plan:10.2f}   <= {TARGET_PLAN_MS:.0f} ms "
          f"({'met' if t_plan <= TARGET_PLAN_MS else 'NOT met'})")
    print(f"{'bare _solve_highs (same model)':34s} {t_solve:10.2f}")
    ratio = t_plan / t_solve
    print(f"{'ratio plan() / bare solve':34s} {ratio:9.2f}x   <= {TARGET_RATIO:.0f}x "
          f"({'met' if ratio <= TARGET_RATIO else 'NOT met'})")
    print()
    print("stage breakdown (each stage timed alone, called as plan() calls it):")
    load_total = sum(t for _, t in loads)
    print(f"  {'load scenario (sum of below)':32s} {load_total:10.2f}")
    for name, t in loads:
        print(f"    {name:30s} {t:10.2f}")
    for name, t in timed:
        print(f"  {name:32s} {t:10.2f}")
    total = load_total + sum(t for _, t in timed)
    print(f"  {'sum of stages':32s} {total:10.2f}   (plan() {t_plan:.2f}; the rest is glue and cache effects)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
