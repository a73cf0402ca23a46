"""Force generation: `allocate()` (HiGHS) against the same allocate() with the model in PuLP + CBC.

What is timed, on both sides, is the whole of allocate(): nation capacity, eligibility and the problem
data, the model build, the lexicographic solve (gaps, then fairness with cohesion inside it), reading the
solution and building the Allocation result. The only difference is the solver layer:

  * HiGHS: `peaceforce.generation.allocate`, milp.build's model in highspy, two lexicographic stages
    (gaps; fairness with cohesion inside it), each stopped at `milp.stage_options`;
  * PuLP + CBC (the baseline, `_common.allocate_pulp`): the same model (milp.build's columns and rows)
    written with LpVariable and LpAffineExpression, the same two stages with CBC's relative and
    absolute gaps set alike, each stage bounding the previous objective by the same tolerance.

Fair conditions: both solvers get one thread (HiGHS option `threads=1`, set process-wide before the
first solve; CBC `threads=1`), both are warmed by one untimed run, and medians of repeated runs are
reported from the same process. Cases: the default scenario (examples/ukraine-reassure.yaml) and the
same requirement with 10x the nations (synthetic copies of the nation table, new two-letter codes,
force figures perturbed, fair-share data copied).

Optima are compared per stage, at the final solution, with a tolerance relative to their magnitude
(1e-4, HiGHS's default MIP gap) plus the stage's own tolerance (the drift the staged solve allows it).
Targets are printed beside the figures, never asserted.

    PYTHONPATH=src python benchmarks/bench_generation.py [--repeats 9] [--pulp-repeats 5] [--scale 10] [--large-time-limit 5]

PuLP (with its bundled CBC binary) is a benchmark-only dependency (the `bench` extra).
"""

from __future__ import annotations

import argparse
import sys

TARGET = "target: allocate() <= 0.5x PuLP"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=9, help="timed allocate() calls per case")
    ap.add_argument("--pulp-repeats", type=int, default=5, help="timed PuLP + CBC calls per case")
    ap.add_argument("--scale", type=int, default=10, help="nation multiplier of the large case")
    ap.add_argument("--large-repeats", type=int, default=3, help="timed runs per solver in the large case")
    ap.add_argument("--large-time-limit", type=float, default=5.0,
                    help="solver seconds per solve in the large case (allocate()'s default, 30 s, is reached "
                         "by both solvers at 10x: a run would take minutes and time only the limit)")
    args = ap.parse_args(argv)
    try:
        import pulp  # noqa: F401
    except ImportError:
        print("pulp is not installed (pip install -e '.[bench]'); cannot run the baseline", file=sys.stderr)
        return 2

    from _common import agree, allocate_pulp, default_case, median_time, objectives, synthetic_nations
    from peaceforce import generation as g, milp

    milp.set_solver_threads(1)  # before the first solve: highspy's scheduler keeps the size it starts with
    sc, f, req, table, _ = default_case()
    cases = [("default", table, g.TIME_LIMIT, args.repeats, args.pulp_repeats),
             (f"{args.scale}x nations", synthetic_nations(table, args.scale * len(table.codes)), args.large_time_limit,
              args.large_repeats, args.large_repeats)]

    print(f"scenario {sc.name}; HiGHS threads={milp.solver_threads()}, CBC threads=1; "
          f"median of {args.repeats} (HiGHS) and {args.pulp_repeats} (PuLP) timed runs after one untimed run each "
          f"({args.large_repeats} each in the large case, time limit {args.large_time_limit:g} s per solve there)")
    print(f"{'case':<14} {'nations':>7} {'x-vars':>7} {'allocate() ms':>14} {'PuLP+CBC ms':>12} {'ratio':>7}   "
          f"objectives agree (gaps, fairness)")
    for name, nations, limit, r_h, r_p in cases:
        t_h, a_h = median_time(lambda: g.allocate(req, nations, sc, f, time_limit=limit), r_h)
        t_p, a_p = median_time(lambda: allocate_pulp(req, nations, sc, f, time_limit=limit), r_p)
        o_h, o_p = objectives(a_h), objectives(a_p)
        same = agree(o_h, o_p, _allowance(req, nations, sc, f))
        ratio = t_h / t_p
        proven = a_h.solver.status == "Optimal" and a_p.solver.status == "Optimal"
        verdict = ("yes" if all(same) else "NO") if proven else "not compared (no proven optimum)"
        print(f"{name:<14} {len(nations.codes):>7} {a_h.solver.variables:>7} {t_h * 1e3:>14.1f} "
              f"{t_p * 1e3:>12.1f} {ratio:>6.2f}x   {verdict} "
              f"({', '.join('=' if s else '!=' for s in same)})   {TARGET} "
              f"({'met' if ratio <= 0.5 else 'not met'})")
        if not proven:
            print(f"{'':<14} NOTE: a solver stopped at the {limit:g} s time limit: the times measure the limit, "
                  f"and the optima are not proven (a CBC stage without an integer solution leaves unusable values)")
        print(f"{'':<14} status HiGHS {a_h.solver.status}, PuLP {a_p.solver.status}; "
              f"HiGHS {', '.join(f'{v:,.3f}' for v in o_h)}; PuLP {', '.join(f'{v:,.3f}' for v in o_p)} "
              f"(PuLP stage optima {', '.join(f'{v:,.3f}' for v in [a_p.solver.objectives[f'stage_optimum_{k}'] for k in ('gaps', 'fairness')])})")
        print(f"{'':<14} solver seconds inside (last run): HiGHS {a_h.solver.seconds:.3f}, "
              f"CBC 2 stages {a_p.solver.seconds:.3f}")
    return 0


def _allowance(req, nations, sc, f) -> list[float]:
    """How far apart two correct solvers may end per stage: its tolerance plus its absolute MIP gap."""
    from peaceforce import generation as g, milp

    p = milp.problem(req, nations, sc, f, g.nation_capacity(nations, f, sc.coalition.eastern_flank),
                     g.eligibility(nations, sc))
    return [t + o["mip_abs_gap"] for t, o in zip(milp.tolerances(p), milp.stage_options(p))]


if __name__ == "__main__":
    raise SystemExit(main())
