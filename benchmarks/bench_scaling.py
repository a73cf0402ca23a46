"""How force generation grows with the problem: nations x sectors, synthetic, in one process.

Synthetic nations: the real nation table, then copies of its rows with new two-letter codes and
perturbed force figures (`_common.synthetic_nations`). Synthetic theatres: each sector of the
scenario's theatre cut into k equal sectors (`_common.split_theatre`), then sized as plan() sizes it.
Per size: the model (columns, rows, integer columns), the median bare HiGHS solve (`_solve_highs`
on the model built once) and the median whole `allocate()`, both with HiGHS on 1 thread, after one
untimed run each. A solve that reaches the time limit shows its status (not Optimal).

    PYTHONPATH=src python benchmarks/bench_scaling.py [--sizes 30x6,60x12,120x24,240x48] [--repeats 3]
"""

from __future__ import annotations

import argparse


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="30x6,60x12,120x24,240x48", help="nations x sectors, comma-separated")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--time-limit", type=float, default=5.0,
                    help="HiGHS seconds per solve (allocate()'s default is 30 s; the larger sizes reach any limit)")
    args = ap.parse_args(argv)

    from _common import default_case, median_time, split_theatre, synthetic_nations
    from peaceforce import generation as g, milp
    from peaceforce.sizing import size

    milp.set_solver_threads(1)
    limit = args.time_limit
    sc, f, _, table, theatre = default_case()
    base_sectors = sum(1 for s in theatre.sectors if s.covers(sc.role))
    print(f"scenario {sc.name}: {len(table.codes)} real nations, {base_sectors} sectors covered; "
          f"HiGHS threads={milp.solver_threads()}, time limit {limit:g} s; median of {args.repeats} after one untimed run")
    print(f"{'nations x sectors':>17} {'lines':>6} {'columns':>8} {'rows':>7} {'integer':>8} "
          f"{'solve ms':>10} {'allocate() ms':>14} {'allocate/solve':>15}  status")
    for spec in args.sizes.split(","):
        n, s = (int(v) for v in spec.lower().split("x"))
        k = max(1, round(s / base_sectors))
        th = split_theatre(theatre, k)
        req = size(sc, th, f)
        nations = synthetic_nations(table, n)
        cap = g.nation_capacity(nations, f, sc.coalition.eastern_flank)
        p = milp.problem(req, nations, sc, f, cap, g.eligibility(nations, sc))
        m, _, objs = milp.build(p)
        tol = milp.tolerances(p)
        t_solve, (status, _, _) = median_time(lambda: milp.solve(m, objs[:2], tol, limit, milp.stage_options(p)), args.repeats)
        t_alloc, _ = median_time(lambda: g.allocate(req, nations, sc, f, time_limit=limit), args.repeats)
        sectors = sum(1 for x in th.sectors if x.covers(sc.role))
        print(f"{f'{len(nations.codes)} x {sectors}':>17} {len(p.lines):>6} {m.ncol:>8} {len(m.row_lb):>7} "
              f"{len(m.integer):>8} {t_solve * 1e3:>10.1f} {t_alloc * 1e3:>14.1f} {t_alloc / t_solve:>14.2f}x  {status}",
              flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
