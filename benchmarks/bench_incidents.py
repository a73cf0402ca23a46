"""Benchmark: simulate() against NumPy's raw Poisson draw rate, in one process.

Workload: 2,000 runs x 36 months x 12 incident types, medium threat, vague mandate (the one with
the most escalation steps to place). Baseline: rng.poisson over an array of that shape with the
same monthly rates, i.e. what drawing every (run, month, type) cell would cost. simulate() draws run
totals instead (exact for constant rates), so a ratio below 1 is expected.

    python benchmarks/bench_incidents.py [--repeats N]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from peaceforce.incidents import default_params, simulate
from peaceforce.mandate import INCIDENT_TYPES, load_mandate

RUNS, MONTHS = 2000, 36


def timed(fn, repeats: int) -> float:
    fn()  # warm up (data files, caches)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()

    params = default_params()
    rates = np.array([params.rate(k, "medium") for k in INCIDENT_TYPES])
    shape = (RUNS, MONTHS, len(INCIDENT_TYPES))
    lam = np.broadcast_to(rates, shape)
    rng = np.random.default_rng(0)
    rows = []
    for name in ("robust", "vague"):
        mandate = load_mandate(name)
        seeds = iter(range(10**6))
        t_sim = timed(lambda: simulate(mandate, "medium", "intelligence", MONTHS, RUNS, next(seeds)), args.repeats)
        rows.append((f"simulate ({name})", t_sim))
    t_cells = timed(lambda: rng.poisson(lam), args.repeats)
    t_totals = timed(lambda: rng.poisson(rates * MONTHS, size=(RUNS, len(INCIDENT_TYPES))), args.repeats)
    rows.append((f"rng.poisson {shape} (baseline)", t_cells))
    rows.append((f"rng.poisson {(RUNS, len(INCIDENT_TYPES))} (run totals)", t_totals))

    width = max(len(r[0]) for r in rows)
    print(f"{RUNS} runs x {MONTHS} months x {len(INCIDENT_TYPES)} types, median of {args.repeats} repeats")
    print(f"{'workload':<{width}}  {'ms':>8}  {'x baseline':>10}")
    for label, t in rows:
        print(f"{label:<{width}}  {t * 1e3:8.2f}  {t / t_cells:10.3f}")


if __name__ == "__main__":
    main()
