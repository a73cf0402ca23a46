"""Benchmark: simulate() against two fair baselines on the same workload, in one process.

Workload: 2,000 runs x 36 months x 12 incident types, medium threat, US backstop 'intelligence',
mandates robust and vague (vague has the most escalation steps to place).

Baselines (each median of the same repeats, after one untimed call, same process):

  * reference (the ratio's denominator): the naive implementation of the same model, a Python loop
    over the months, each month drawing that month's incidents per (run, type) and placing its
    escalation steps, vectorised over the same 2,000 runs. simulate() draws whole-mission totals
    instead and scatters the steps over months afterwards (exact for constant rates); the ratio says
    what that buys.
  * same draws: exactly the random values simulate() draws, the same kinds, counts and parameters
    (one Poisson and five binomial arrays of runs x types, then three values per escalation step),
    with none of the bookkeeping: the floor of any implementation that draws this way. (The old
    baseline, one Poisson draw per run x month x type cell, drew 5x more values than simulate().)

    PYTHONPATH=src python benchmarks/bench_incidents.py [--repeats N]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from peaceforce import domain
from peaceforce.incidents import answers, default_params, simulate
from peaceforce.mandate import INCIDENT_TYPES, load_mandate
from peaceforce.vocab import IncidentTier, IncidentType

RUNS, MONTHS, THREAT, BACKSTOP = 2000, 36, "medium", "intelligence"


def timed(fn, repeats: int) -> float:
    fn()  # warm up (data files, caches)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def model(mandate, params):
    """simulate()'s per-type parameters (the same expressions as in incidents.simulate)."""
    ans = answers(mandate, params)
    lam = np.array([params.rate(k, THREAT) for k in INCIDENT_TYPES])
    rule = np.array([ans[k].rule for k in INCIDENT_TYPES])
    p_amb = np.array([params.v("ambiguous_share") if ans[k].ambiguity_unanswered else 0.0 for k in INCIDENT_TYPES])
    p_late = np.array([ans[k].p_late for k in INCIDENT_TYPES])
    tiers = [domain.tier(IncidentType(k)) for k in INCIDENT_TYPES]
    base = np.array([params.v(f"escalate.{k}") if t == IncidentTier.DECISIVE else params.v(f"escalate.{t.value}")
                     for k, t in zip(INCIDENT_TYPES, tiers)])
    p_step = {c: np.minimum(1.0, base * f) for c, f in
              (("clear", 1.0), ("late", params.v("factor.late")), ("unanswered", params.v("factor.unanswered")))}
    major = int(params.v("steps.major_combat"))
    steps_of = np.array([major if t == IncidentTier.DECISIVE else 1 for t in tiers])
    triggered = np.array([ans[k].triggered for k in INCIDENT_TYPES])
    return lam, rule, p_amb, p_late, p_step, major, steps_of, triggered


def reference(mandate, params, runs: int, months: int, seed: int) -> float:
    """The naive per-month loop: the same model, incidents drawn and answered month by month."""
    lam, rule, p_amb, p_late, p_step, major, steps_of, triggered = model(mandate, params)
    rng = np.random.default_rng(seed)
    T = len(INCIDENT_TYPES)
    deter, answer = params.v(f"deterrence.{BACKSTOP}"), params.v(f"answer.{BACKSTOP}")
    cap_steps = int(params.v("cap_steps"))
    S = np.zeros((runs, months))
    for m in range(months):
        N = rng.poisson(lam, size=(runs, T))
        U = np.where(rule, rng.binomial(N, p_amb), N)
        L = rng.binomial(N - U, p_late)
        C = N - U - L
        E = rng.binomial(C, p_step["clear"]) + rng.binomial(L, p_step["late"]) + rng.binomial(U, p_step["unanswered"])
        cell = np.repeat(np.arange(runs * T), E.ravel())
        run, kind = cell // T, cell % T
        goes_ahead = rng.random(cell.size) >= deter
        answered = triggered[kind] & (rng.random(cell.size) < answer)
        steps = np.where(answered, np.minimum(steps_of[kind], cap_steps), steps_of[kind]) * goes_ahead
        S[:, m] = np.bincount(run, weights=steps, minlength=runs)
    live_months = int(params.v("live_months"))
    cum = np.cumsum(S, axis=1)
    live = cum.copy()
    live[:, live_months:] -= cum[:, :-live_months]
    return float((live >= major).any(axis=1).mean())


def same_draws(mandate, params, runs: int, months: int, seed: int) -> int:
    """The random values simulate() draws, in the same calls with the same parameters; returns their count."""
    lam, rule, p_amb, p_late, p_step, _, _, _ = model(mandate, params)
    rng = np.random.default_rng(seed)
    T = len(INCIDENT_TYPES)
    N = rng.poisson(lam * months, size=(runs, T))
    U = np.where(rule, rng.binomial(N, p_amb), N)
    L = rng.binomial(N - U, p_late)
    C = N - U - L
    E = rng.binomial(C, p_step["clear"]) + rng.binomial(L, p_step["late"]) + rng.binomial(U, p_step["unanswered"])
    steps = int(E.sum())
    rng.integers(0, months, size=steps)
    rng.random(steps)
    rng.random(steps)
    return 6 * runs * T + 3 * steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()

    params = default_params()
    print(f"{RUNS} runs x {MONTHS} months x {len(INCIDENT_TYPES)} types, threat {THREAT}, backstop {BACKSTOP}; "
          f"median of {args.repeats} repeats after one warm-up each")
    print("baseline (ratio denominator): the naive per-month loop implementation of the same model, same runs")
    print(f"{'mandate':<8} {'simulate ms':>12} {'per-month ref ms':>17} {'sim/ref':>8} {'same-draws ms':>14} "
          f"{'sim/draws':>10} {'random values':>14} {'P(esc) sim / ref':>17}")
    for name in ("robust", "vague"):
        mandate = load_mandate(name)
        t_sim = timed(lambda: simulate(mandate, THREAT, BACKSTOP, MONTHS, RUNS, 1), args.repeats)
        t_ref = timed(lambda: reference(mandate, params, RUNS, MONTHS, 1), args.repeats)
        t_draw = timed(lambda: same_draws(mandate, params, RUNS, MONTHS, 1), args.repeats)
        count = same_draws(mandate, params, RUNS, MONTHS, 1)
        p_sim = simulate(mandate, THREAT, BACKSTOP, MONTHS, RUNS, 1).escalation_probability
        p_ref = reference(mandate, params, RUNS, MONTHS, 1)
        print(f"{name:<8} {t_sim * 1e3:12.2f} {t_ref * 1e3:17.2f} {t_sim / t_ref:7.3f}x {t_draw * 1e3:14.2f} "
              f"{t_sim / t_draw:9.2f}x {count:14,d} {p_sim:8.3f} / {p_ref:.3f}")
    print("(P(esc): escalation probability of each implementation at this seed: a sanity check that the "
          "reference models the same thing, not a test)")


if __name__ == "__main__":
    main()
