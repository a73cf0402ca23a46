"""Sweep throughput: plans a minute with 1 and 2 workers, Dask against local at equal workers, batch size.

Every configuration plans the same design rows (the default case with its planning factors over their
own ranges, `factors: own`; threat, backstop and who joins as the scenario has them), so they compare
like with like; the store is left out (its writes are timed apart). Measured in this order:

  * per plan, in one process, and the part outside the allocation solver: as the sweep plans a sample
    (1 sizing draw, 2,000 incident runs), with 2,000 sizing draws (what the inner Monte Carlo would
    cost) and with 500 incident runs (what fewer runs would save), on the same samples;
  * plans a minute through the local process pool with 1 and 2 workers (parallel efficiency: the
    2-worker rate over twice the 1-worker rate), best of `--repeats`, twice: with the pool's start,
    and from the first row back to the last (what a sweep of thousands of samples sees; the start,
    paid once, is printed in seconds);
  * Dask (a LocalCluster of 2 single-threaded workers) against the local pool with 2 workers, the
    same two ways (bringing up the cluster is the start);
  * batch sizes at 2 workers; and a DuckDB batch write.

Targets (issue 15) are printed beside their figures, never asserted: at least 1,000 plans a minute on
2 cores, efficiency at least 85%, Dask overhead at most 15%. Other processes on the machine move every
figure; compare ratios from one run.

    PYTHONPATH=src python benchmarks/bench_sweep.py [--samples 24] [--repeats 2] [--quick] [--no-dask]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from _common import DEFAULT, ROOT

TARGET_PER_MINUTE = 1000
TARGET_EFFICIENCY = 0.85
TARGET_DASK_OVERHEAD = 0.15


def job_and_rows(scenario_path: Path, n: int, seed: int = 1):
    """The sweep's job and n design rows (Latin hypercube) for the scenario with `factors: own`."""

    from peaceforce import factors
    from peaceforce.scenario import load_scenario
    from peaceforce.sweep import inputs, sampling
    from peaceforce.sweep.runner import Job

    data = yaml.safe_load(scenario_path.read_text())
    data["uncertain"] = {"factors": "own"}
    sc = load_scenario(data)
    base, dims = inputs.resolve(sc)
    u = sampling.design("lhs", n, len(dims), seed)
    f = factors.builtin().with_overrides(sc.overrides)
    cols = {d.column: d.values(u[:, j], f) for j, d in enumerate(dims)}
    rows = [{"id": i, **{c: v[i] for c, v in cols.items()}} for i in range(n)]
    return Job(base=base, base_dir=sc.base_dir, dims=dims, runs=2000, nations=["FR", "GB"]), rows, len(dims)


def serial(job, rows, **change):
    """(seconds per plan, of which outside the allocation solver) planning the rows in this process."""
    from dataclasses import replace

    from peaceforce.sweep.runner import evaluate

    j = replace(job, **change)
    evaluate(j, rows[:1])  # warm
    start = time.perf_counter()
    out = evaluate(j, rows)
    per = (time.perf_counter() - start) / len(rows)
    assert not any(r.get("error") for r in out), [r["error"] for r in out if r.get("error")]
    return per, per - statistics.fmean(r["solver_seconds"] for r in out)


def through(job, rows, backend: str, workers: int, batch: int) -> tuple[float, float, float, float]:
    """(plans a minute from the backend's start to the last row back, plans a minute from the first
    batch back to the last, seconds to the first batch back, the workers' busy share) through a
    backend, in one run (the caller keeps the best of several: other processes on the machine only
    ever slow a run down). The second rate leaves out the start (processes spawned, code imported, a
    Dask cluster brought up), which a sweep of thousands of samples pays once; the third says what
    that start costs. The busy
    share is the samples' own seconds over workers x wall time: what the start, the hand-offs and
    uneven batches leave idle, whatever else loads the machine."""
    from peaceforce.sweep import backends

    batches = [rows[i:i + batch] for i in range(0, len(rows), batch)]
    start = time.perf_counter()
    got, back = [], []
    for b in backends.run(job, batches, backend, workers):
        got.extend(b)
        back.append((time.perf_counter(), len(b)))
    seconds = time.perf_counter() - start
    assert len(got) == len(rows)
    busy = sum(r["seconds"] for r in got) / (workers * seconds)
    after_first = sum(k for _, k in back[1:])
    steady = 60.0 * after_first / (back[-1][0] - back[0][0]) if len(back) > 1 else 0.0
    return 60.0 * len(rows) / seconds, steady, back[0][0] - start, busy


def store_write(rows_n: int = 100) -> float:
    """Milliseconds for one DuckDB transaction of a batch of rows_n outcome rows."""
    from peaceforce.sweep import store
    from peaceforce.sweep.runner import OUTCOMES

    nations = ["FR", "GB"]
    rows = [{"id": i, **{k: (1.0 if t == "DOUBLE" else 1 if t == "INTEGER" else "go") for k, t in OUTCOMES.items()},
             "error": None} for i in range(rows_n)]
    import pandas as pd

    with tempfile.TemporaryDirectory() as tmp:
        con = store.connect(Path(tmp) / "b.duckdb")
        store.create(con, {"format": 1}, [], nations, pd.DataFrame({"id": range(10 * rows_n), "seed": 0}))
        start = time.perf_counter()
        for k in range(10):
            store.write(con, [dict(r, id=r["id"] + k * rows_n) for r in rows], nations)
        ms = (time.perf_counter() - start) / 10 * 1e3
        con.close()
    return ms


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", type=int, default=24)
    ap.add_argument("--quick", action="store_true", help="a smoke run: the observer example, 4 samples, 2 "
                    "workers only (no efficiency, no batch sizes)")
    ap.add_argument("--no-dask", action="store_true", help="skip the Dask comparison")
    ap.add_argument("--repeats", type=int, default=2, help="runs of each pool configuration (the best counts)")
    args = ap.parse_args()
    scenario = ROOT / "examples" / "ukraine-observe.yaml" if args.quick else DEFAULT
    n = 4 if args.quick else args.samples
    job, rows, d = job_and_rows(scenario, n)
    print(f"workload: {scenario.name} with its {d} planning-factor dimensions, {n} samples")

    per, rest = serial(job, rows)
    few = rows[: max(2, n // 3)]
    _, rest_few = serial(job, few)
    _, rest_draws = serial(job, few, draws=2000)
    _, rest_runs = serial(job, few, runs=500)
    print(f"per plan (1 process):               {per * 1e3:8.0f} ms   ({60 / per:,.0f} plans a minute); outside "
          f"the allocation solver {rest * 1e3:,.0f} ms ({rest / per:.0%})")
    print(f"  outside the solver, {len(few)} samples:     {rest_few * 1e3:8.0f} ms   as the sweep plans them (1 sizing "
          "draw, 2,000 incident runs)")
    print(f"  the same with 2,000 sizing draws: {rest_draws * 1e3:8.0f} ms   (what the inner Monte Carlo would add)")
    print(f"  the same with 500 incident runs:  {rest_runs * 1e3:8.0f} ms   (escalation's 95% interval ~2x wider)")
    print(f"  2 cores at this rate, at best:    {2 * 60 / per:8,.0f} plans a minute   (target >= {TARGET_PER_MINUTE:,}: "
          f"a plan of at most {2 * 60 / TARGET_PER_MINUTE * 1e3:,.0f} ms)")

    batch = 2 if args.quick else 1
    dask_ok = not args.no_dask and not args.quick
    if dask_ok:
        try:
            import dask.distributed  # noqa: F401
        except ImportError:
            print("dask: not installed (pip install 'peaceforce[dask]')")
            dask_ok = False
    # the configurations alternate, run after run, so a slow spell on the machine falls on all of them
    kinds = ([("local", 1)] if not args.quick else []) + [("local", 2)] + ([("dask", 2)] if dask_ok else [])
    best: dict[tuple[str, int], tuple[float, float, float, float]] = {}
    for _ in range(1 if args.quick else args.repeats):
        for kind in kinds:
            best[kind] = max(best.get(kind, (0.0, 0.0, 0.0, 0.0)), through(job, rows, kind[0], kind[1], batch))
    if not args.quick:
        one, one_s, first1, busy1 = best[("local", 1)]
        print(f"local, 1 worker:                    {one:8,.0f} plans a minute, {one_s:,.0f} after the start "
              f"(first row back after {first1:.1f} s; workers busy {busy1:.0%})")
    two, two_s, first2, busy2 = best[("local", 2)]
    print(f"local, 2 workers:                   {two:8,.0f} plans a minute, {two_s:,.0f} after the start   "
          f"(target >= {TARGET_PER_MINUTE:,}: {'met' if two >= TARGET_PER_MINUTE else 'NOT met'}; first row back "
          f"after {first2:.1f} s; workers busy {busy2:.0%})")
    if not args.quick:
        eff, eff_s = two / (2 * one), two_s / (2 * one_s) if one_s else 0.0
        print(f"parallel efficiency 1 -> 2:         {eff:8.0%}, {eff_s:.0%} after the start   (target >= "
              f"{TARGET_EFFICIENCY:.0%}: {'met' if eff >= TARGET_EFFICIENCY else 'NOT met'} with the start, "
              f"{'met' if eff_s >= TARGET_EFFICIENCY else 'NOT met'} after it)")
    if dask_ok:
        dk, dk_s, firstd, busyd = best[("dask", 2)]
        over, over_s = two / dk - 1, (two_s / dk_s - 1) if dk_s else 0.0
        print(f"dask LocalCluster, 2 workers:       {dk:8,.0f} plans a minute, {dk_s:,.0f} after the start; "
              f"overhead against local {over:+.0%}, {over_s:+.0%} after the start   (target <= "
              f"{TARGET_DASK_OVERHEAD:.0%}: {'met' if over <= TARGET_DASK_OVERHEAD else 'NOT met'} with the start, "
              f"{'met' if over_s <= TARGET_DASK_OVERHEAD else 'NOT met'} after it; first row back after "
              f"{firstd:.1f} s; workers busy {busyd:.0%})")
    for size in (() if args.quick else (1, 4, 12)):
        rate, _, _, busy = through(job, rows, "local", 2, size)
        print(f"batch {size:>3}, 2 local workers:       {rate:8,.0f} plans a minute (workers busy {busy:.0%})")
    print(f"DuckDB: one batch of 100 rows:      {store_write():8.1f} ms a transaction")


if __name__ == "__main__":
    main()
