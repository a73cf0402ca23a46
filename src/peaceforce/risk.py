"""The risk figures with the ranges of their assumptions: escalation and the unanswered share when every
assumed parameter of the incident chain, and every incident rate, is uncertain at once.

The incident simulation (incidents.py) gives a probability whose 95% interval covers sampling only. Its
parameters are labelled assumptions with a low and a high (data/escalation.csv), and the incident rates
rest on one reading of OSCE and UN reports (data/incident_rates.csv, each scaled by the factor
`incidents.rate_uncertainty`). Here `draws` parameter sets are drawn jointly (triangular between low and
high around the central value, stratified; seeded), the simulation runs `runs_per_draw` times under
each on the same random numbers, and the 10th, 50th and 90th percentiles across the draws are the
range. What drives it: each parameter's squared rank correlation with the outcome across the draws,
beyond chance: roughly the share of the variance it explains alone (the draws are independent), a
variance-based reading that needs no extra runs.

Not part of plan() (it costs `draws` simulations): the CLI computes it for its outputs.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np

from .factors import Factors
from .incidents import INCIDENT_TYPES, IncidentParams, default_params, simulate
from .mandate import Mandate
from .posture import Posture
from .records import Range, Record
from .vocab import BACKSTOP_LEVELS

#: parameter draws (stratified) and runs under each, every draw on the same random numbers so draws
#: differ by their parameters only: 120 x 400 runs, about a third of a second (settings of the Monte
#: Carlo, not planning figures)
DRAWS = 120
RUNS_PER_DRAW = 400


class Driver(Record):
    key: str
    share: float     # share of the outcome's variance across the draws it explains (squared rank correlation)
    low: float       # the parameter's range as drawn
    high: float


class RiskRange(Record):
    draws: int
    runs_per_draw: int
    seed: int
    escalation: Range            # 10th, 50th, 90th percentile across the parameter draws
    unanswered_or_late: Range
    drivers: list[Driver]        # of the escalation probability, largest first
    source: str


def _ranks(x: np.ndarray) -> np.ndarray:
    order = np.argsort(x, kind="stable")
    r = np.empty(len(x))
    r[order] = np.arange(len(x))
    return r


def _tri(rng: np.random.Generator, low: float, mode: float, high: float, n: int) -> np.ndarray:
    """n draws from the triangular distribution, one in each of n equal-probability strata in random
    order (a Latin hypercube across parameters): the percentiles of a few hundred draws then reflect
    the parameters, not the luck of the draw."""
    if high <= low:
        return np.full(n, mode)
    c = min(max(mode, low), high)
    u = (rng.permutation(n) + rng.random(n)) / n
    split = (c - low) / (high - low)
    return np.where(u < split, low + np.sqrt(u * (high - low) * (c - low)),
                    high - np.sqrt((1 - u) * (high - low) * (high - c)))


def risk_ranges(mandate: Mandate, threat: str, us_backstop: str, duration_months: int, f: Factors, *,
                seed: int = 0, rate_overrides: Mapping[str, float] | None = None,
                params: IncidentParams | None = None, posture: Posture | None = None, draws: int = DRAWS,
                runs_per_draw: int = RUNS_PER_DRAW) -> RiskRange:
    params = params or default_params()
    rng = np.random.default_rng(seed + 1)  # not the simulation's own stream
    others = {f"{kind}.{b}" for kind in ("deterrence", "answer") for b in BACKSTOP_LEVELS if b != us_backstop}
    chain = {k: p for k, p in params.chain.items() if k not in others and p.high > p.low}
    whole = {"steps.major_combat", "live_months", "cap_steps"}
    drawn: dict[str, np.ndarray] = {}
    for key, p in chain.items():
        x = _tri(rng, p.low, p.value, p.high, draws)
        drawn[key] = np.rint(x) if key in whole else x
    rate = f["incidents.rate_uncertainty"]
    base = {k: (rate_overrides or {}).get(k, params.rate(k, threat)) for k in INCIDENT_TYPES}
    for k in INCIDENT_TYPES:
        if base[k] > 0:
            drawn[f"rate.{k}"] = _tri(rng, rate.low, rate.value, rate.high, draws)
    esc, bad = np.zeros(draws), np.zeros(draws)
    for i in range(draws):
        values = {key.replace(".", "__"): float(v[i]) for key, v in drawn.items() if not key.startswith("rate.")}
        rates = {k: base[k] * float(drawn[f"rate.{k}"][i]) if f"rate.{k}" in drawn else base[k] for k in INCIDENT_TYPES}
        r = simulate(mandate, threat, us_backstop, duration_months, runs=runs_per_draw, seed=seed + 1000,
                     rate_overrides=rates, params=params.with_values(**values), posture=posture)
        esc[i], bad[i] = r.escalation_probability, r.unanswered_or_late_share
    ranked = _ranks(esc)
    rho2 = {}
    # a parameter counts as a driver only when its rank correlation is beyond what chance gives with
    # this many draws across some sixty parameters (|rho| > 3 / sqrt(draws), about p = 0.003 each): one
    # that cannot matter here (a border share when the force holds no border) is not listed on noise
    chance = (3.0 / np.sqrt(draws)) ** 2
    for key, x in drawn.items():
        if np.ptp(x) > 0 and np.ptp(esc) > 0:
            r2 = float(np.corrcoef(_ranks(x), ranked)[0, 1] ** 2)
            if r2 > chance:
                rho2[key] = r2
    drivers = [Driver(key=k, share=round(v, 3), low=round(float(drawn[k].min()), 6),
                      high=round(float(drawn[k].max()), 6))
               for k, v in sorted(rho2.items(), key=lambda kv: -kv[1])[:6]]
    pct = lambda a: Range.of(*(round(float(np.percentile(a, q)), 4) for q in (10, 50, 90)))  # noqa: E731
    return RiskRange(draws=draws, runs_per_draw=runs_per_draw, seed=seed, escalation=pct(esc),
                     unanswered_or_late=pct(bad), drivers=drivers,
                     source=("data/escalation.csv low / high of every chain parameter (the backstop's own level); "
                             f"incident rates x {rate.low:g}-{rate.high:g} ({rate.source})"))


__all__ = ["RiskRange", "Driver", "risk_ranges", "DRAWS", "RUNS_PER_DRAW"]
