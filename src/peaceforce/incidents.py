"""Incident Monte Carlo: how often the force is left without a clear answer, and how often it ends
in major combat.

The chain, per incident, kept simple enough to redo by hand:

1. Incidents of each type arrive as a Poisson process (rates per month per threat level in
   data/incident_rates.csv), scaled by the share of them the force's posture meets and by the
   adversary's probing (exposure.py).
2. Each incident is answered clearly and in time, late, or not at all. Not at all: the mandate has
   no usable rule for the type (none, or words not on the ladder), or the incident is an ambiguous
   grey-zone one (share `ambiguous_share`) and the rule gives no explicit answer above
   observe_report, or self-defence is restricted so soldiers may not act on intent, or it happens
   where the force does not watch (exposure.py's coverage). Late: the
   authority's decision time (log-normal around its median) exceeds the rule's max_delay_minutes,
   or, where the rule sets none, the window the situation allows.
3. Each incident adds one escalation step with a probability by tier (near-routine, serious; the
   ELN 2014 classes), multiplied when late or unanswered. A mass build-up or a major offensive that
   goes ahead adds `steps.major_combat` steps at once.
4. The US backstop prevents a share `deterrence.<level>` of steps; for everyday incident types the
   mandate's backstop_trigger covers, it answers with probability `answer.<level>`, and an answered
   incident adds at most `cap_steps` steps. A build-up or an offensive that goes ahead is major combat
   whoever answers it: US air power meeting a Russian offensive is not a way out of major combat.
5. A step stays live for `live_months`; when live steps reach `steps.major_combat` the run has
   escalated to major combat.

All chain parameters are labelled assumptions in data/escalation.csv: no published per-incident
escalation probabilities exist for NATO-Russia settings. Two parts of a mandate do not enter the
chain: if_repeated counts only in making a grey-zone rule explicit, and caveats are left to the
mandate check, which knows who holds which sector.

Vectorised over runs x types, with no loop over incidents or months: because rates are constant over
the mission, the sum of the monthly Poisson counts of a run is itself Poisson (rate x months) and each
incident's month is uniform, so the run totals are drawn once, split by binomials, and only the
escalation steps get a month. All draws have shapes that do not depend on the backstop, so with one
seed a stronger backstop can only remove steps: the comparison between levels is exact, not noisy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np

from . import domain
from .errors import InputError
from .incident_params import (  # noqa: F401  (re-exported: the parameters' one home is incident_params)
    BACKSTOP_LEVELS, MAX_RATE, THREATS, IncidentParams, Param, default_params, load_params, params_from_rows,
)
from .exposure import TypeExposure, exposure
from .mandate import INCIDENT_TYPES, Mandate, grey_zone_answered
from .posture import Posture
from .records import Record
from .vocab import Backstop, IncidentTier, IncidentType, Threat

#: runs simulated at once: bounds memory to a few hundred MB whatever --runs asks for
CHUNK_RUNS = 50_000
#: escalation-step entries expected in one chunk: fewer runs per chunk when incidents are many
STEP_BUDGET = 4_000_000
MAX_RUNS = 1_000_000
MAX_MONTHS = 240
Z95 = 1.959963984540054

# ---------------------------------------------------------------- how the mandate answers each type (pure)

@dataclass(frozen=True)
class Answer:
    """What the mandate makes of one incident type, before any dice are thrown."""

    rule: bool               # a usable response on the ladder
    ambiguity_unanswered: bool  # ambiguous incidents of this type get no answer
    p_late: float            # chance an answered incident is answered too late
    triggered: bool          # the backstop is called for it

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "ambiguity_unanswered": self.ambiguity_unanswered,
                "p_late": round(self.p_late, 4), "backstop_trigger": self.triggered}


def _p_late(median: float, limit: float, spread: float) -> float:
    """P(log-normal decision time > limit)."""
    return 0.5 * math.erfc(math.log(limit / median) / (spread * math.sqrt(2.0)))


def answers(mandate: Mandate, params: IncidentParams) -> dict[str, Answer]:
    out: dict[str, Answer] = {}
    restricted = mandate.self_defence == "restricted"
    for kind in INCIDENT_TYPES:
        rule = mandate.incidents.get(kind)
        usable = rule is not None and rule.response_on_ladder
        spec = domain.incident_types()[IncidentType(kind)]
        grey = spec.grey_zone
        ambiguity_unanswered = grey and (restricted or not grey_zone_answered(rule))
        p_late = 0.0
        if usable:
            authority = rule.authority if rule.authority_known else "unspecified"
            median = params.v(f"delay_minutes.{authority}")
            window = params.v("window_minutes.fast" if spec.fast else "window_minutes.other")
            limit = rule.max_delay_minutes if rule.max_delay_minutes is not None else window
            p_late = _p_late(median, limit, params.v("delay_spread"))
        out[kind] = Answer(usable, ambiguity_unanswered, p_late, kind in mandate.backstop_trigger)
    return out


# ---------------------------------------------------------------- the Monte Carlo

def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a binomial share; sound near 0 and 1, where escalation shares sit."""
    if n <= 0:
        return (0.0, 1.0)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # the interval always contains p; rounding near 0 and 1 could otherwise put a bound past it
    return (min(p, max(0.0, centre - half)), max(p, min(1.0, centre + half)))


class TypeOutcome(Record):
    """One incident type over all runs: how often a year, and how it was answered (0 when none occurred);
    with what the force's posture made of its tabled rate (exposure.py)."""

    per_year: float
    #: the multiple of the tabled rate that reaches this force (exposure.py), the share of those it sees,
    #: the adversary's probing
    met: float = 1.0
    coverage: float = 1.0
    probing: float = 1.0
    #: the balance of forces' multiplier on a build-up or an offensive (exposure.py)
    balance: float = 1.0
    clear: float
    late: float
    unanswered: float
    occurred: int
    rule: bool
    ambiguity_unanswered: bool
    p_late: float
    backstop_trigger: bool


class Escalation(Record):
    probability: float
    ci95: tuple[float, float]
    escalated_runs: int
    median_months_to_escalation: float | None
    steps_per_year: float


class SourceUse(Record):
    key: str
    value: float
    unit: str = ""
    source: str


class IncidentResult(Record):
    """plan.json's "incidents" section: shares are of all incidents over all runs (0 when there were none)."""

    mandate: str
    threat: Threat
    us_backstop: Backstop
    duration_months: int
    runs: int
    seed: int
    incidents_per_year: dict[IncidentType, float]
    total_per_year: float
    #: what a force holding the whole line at the OSCE monitors' density would meet (the tabled rates,
    #: scaled to this theatre's line)
    tabled_per_year: float
    answered_clearly_share: float
    unanswered_or_late_share: float
    late_share: float
    unanswered_share: float
    by_type: dict[IncidentType, TypeOutcome]
    escalation: Escalation
    sources: list[SourceUse]

    @property
    def escalation_probability(self) -> float:
        return self.escalation.probability

    @property
    def escalation_ci95(self) -> tuple[float, float]:
        return self.escalation.ci95

    @property
    def clear_share(self) -> float:
        return self.answered_clearly_share


def _check_inputs(mandate: Any, threat: Any, us_backstop: Any, duration_months: Any, runs: Any, seed: Any,
                  rate_overrides: Any) -> dict[str, float]:
    if not isinstance(mandate, Mandate):
        raise InputError("mandate", type(mandate).__name__, "a Mandate (see peaceforce.mandate.load_mandate)")
    if threat not in THREATS:
        raise InputError("threat", threat, f"one of {', '.join(THREATS)}")
    if us_backstop not in BACKSTOP_LEVELS:
        raise InputError("us_backstop", us_backstop, f"one of {', '.join(BACKSTOP_LEVELS)}")
    for name, value, low, high in (("duration_months", duration_months, 1, MAX_MONTHS),
                                   ("runs", runs, 1, MAX_RUNS), ("seed", seed, 0, 2**63 - 1)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value <= high:
            raise InputError(name, value, f"a whole number from {low} to {high}")
    overrides: dict[str, float] = {}
    for key, value in (rate_overrides or {}).items():
        if key not in INCIDENT_TYPES:
            raise InputError(f"incident_rates.{key}", key, f"an incident type: one of {', '.join(INCIDENT_TYPES)}")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= MAX_RATE:
            raise InputError(f"incident_rates.{key}", value, f"incidents per month, a number from 0 to {MAX_RATE:g}")
        overrides[key] = float(value)
    return overrides


class Arrivals(Record):
    """Per incident type (INCIDENT_TYPES order), before any dice: the rate this force meets a month, the
    chance one goes unanswered (1 where the mandate has no usable rule), and what its posture made of
    the tabled rate. The simulation draws from exactly these."""

    per_month: list[float]
    p_unanswered: list[float]
    exposure: list[TypeExposure]

    def unanswered_per_month(self) -> list[float]:
        return [r * p for r, p in zip(self.per_month, self.p_unanswered)]


def arrivals(mandate: Mandate, threat: str, params: IncidentParams, posture: Posture | None = None,
             overrides: Mapping[str, float] | None = None, ans: Mapping[str, Answer] | None = None) -> Arrivals:
    """The tabled rates scaled by the force's exposure and the adversary's probing (exposure.py); an
    incident goes unanswered when the mandate has no usable rule for it, when it is ambiguous and the
    rule not explicit, or when it happens where the force does not watch."""
    ans = ans or answers(mandate, params)
    probe = ans[IncidentType.PROBE_INCURSION.value]
    met = exposure(posture, params, threat, vague_probe=not probe.rule or probe.ambiguity_unanswered) if posture else {}
    one = TypeExposure(share=1.0, met=1.0, coverage=1.0, probing=1.0, balance=1.0)
    ex = [met.get(IncidentType(k), one) for k in INCIDENT_TYPES]
    # what a force meets is capped where the tables' own rates are (MAX_RATE a month): beyond it
    # escalation is certain and the simulation's size would only grow
    per_month = [min(MAX_RATE, (overrides or {}).get(k, params.rate(k, threat)) * e.met * e.probing * e.balance)
                 for k, e in zip(INCIDENT_TYPES, ex)]
    p_u = [1.0 - (1.0 - (params.v("ambiguous_share") if ans[k].ambiguity_unanswered else 0.0)) * e.coverage
           if ans[k].rule else 1.0 for k, e in zip(INCIDENT_TYPES, ex)]
    return Arrivals(per_month=per_month, p_unanswered=p_u, exposure=ex)


def simulate(mandate: Mandate, threat: str, us_backstop: str, duration_months: int, runs: int = 2000,
             seed: int = 0, rate_overrides: Mapping[str, float] | None = None,
             params: IncidentParams | None = None, posture: Posture | None = None) -> IncidentResult:
    """Run the incident chain `runs` times over the mission; seeded and reproducible.

    With a `posture` the rates and the share seen follow where the force stands (exposure.py); without
    one the tabled rates apply as they stand, to a force holding the whole line and watching all of it."""
    overrides = _check_inputs(mandate, threat, us_backstop, duration_months, runs, seed, rate_overrides)
    params = params or default_params()
    R, M, T = int(runs), int(duration_months), len(INCIDENT_TYPES)
    ans = answers(mandate, params)
    arr = arrivals(mandate, threat, params, posture, overrides, ans)
    ex = arr.exposure

    lam = np.array(arr.per_month)
    rule = np.array([ans[k].rule for k in INCIDENT_TYPES])
    p_u = np.array(arr.p_unanswered)
    p_late = np.array([ans[k].p_late for k in INCIDENT_TYPES])
    tiers = [domain.tier(IncidentType(k)) for k in INCIDENT_TYPES]
    base = np.array([params.v(f"escalate.{k}") if t == IncidentTier.DECISIVE else params.v(f"escalate.{t.value}")
                     for k, t in zip(INCIDENT_TYPES, tiers)])
    p_step = {c: np.minimum(1.0, base * f) for c, f in
              (("clear", 1.0), ("late", params.v("factor.late")), ("unanswered", params.v("factor.unanswered")))}
    major = int(params.v("steps.major_combat"))
    decisive = np.array([t == IncidentTier.DECISIVE for t in tiers])
    steps_of = np.where(decisive, major, 1)
    triggered = np.array([ans[k].triggered for k in INCIDENT_TYPES])

    rng = np.random.default_rng(seed)
    live_months = int(params.v("live_months"))
    deter = params.v(f"deterrence.{us_backstop}")
    answer = params.v(f"answer.{us_backstop}")
    cap_steps = int(params.v("cap_steps"))
    n_sum = np.zeros(T)
    c_sum, l_sum, u_sum = np.zeros(T), np.zeros(T), np.zeros(T)
    k, steps_total = 0, 0.0
    first_months: list[np.ndarray] = []
    # runs per chunk: as many as the step budget allows at these rates (at least one)
    per_run = M * float(np.sum(lam * p_step["unanswered"]))
    chunk = int(max(1, min(CHUNK_RUNS, STEP_BUDGET // max(per_run, 1.0))))
    for start in range(0, R, chunk):
        r = min(chunk, R - start)
        # 1-2. incidents per run and type, and how they were answered
        N = rng.poisson(lam * M, size=(r, T))
        U = np.where(rule, rng.binomial(N, p_u), N)
        L = rng.binomial(N - U, p_late)
        C = N - U - L
        # 3. escalation steps, before the backstop
        E = rng.binomial(C, p_step["clear"]) + rng.binomial(L, p_step["late"]) + rng.binomial(U, p_step["unanswered"])
        # 4. one entry per step: its run, type and month; the backstop deters it or answers it
        cell = np.repeat(np.arange(r * T), E.ravel())
        run, kind = cell // T, cell % T
        month = rng.integers(0, M, size=cell.size)
        u_deter, u_answer = rng.random(cell.size), rng.random(cell.size)
        goes_ahead = u_deter >= deter
        answered = triggered[kind] & (u_answer < answer) & ~decisive[kind]
        steps = np.where(answered, np.minimum(steps_of[kind], cap_steps), steps_of[kind]) * goes_ahead
        S = np.bincount(run * M + month, weights=steps, minlength=r * M).reshape(r, M)
        # 5. live steps over a sliding window of months
        cum = np.cumsum(S, axis=1)
        live = cum.copy()
        live[:, live_months:] -= cum[:, :-live_months]
        hit = live >= major
        escalated = hit.any(axis=1)
        first_months.append(np.argmax(hit, axis=1)[escalated] + 1)
        k += int(escalated.sum())
        steps_total += float(S.sum())
        n_sum += N.sum(axis=0)
        c_sum += C.sum(axis=0)
        l_sum += L.sum(axis=0)
        u_sum += U.sum(axis=0)

    total = float(n_sum.sum())
    per_year = n_sum / R * 12.0 / M
    first_month = np.concatenate(first_months) if first_months else np.zeros(0)

    def share(x: float, n: float) -> float:
        return x / n if n > 0 else 0.0

    by_type: dict[IncidentType, TypeOutcome] = {}
    for j, kind_name in enumerate(INCIDENT_TYPES):
        n = float(n_sum[j])
        by_type[IncidentType(kind_name)] = TypeOutcome(
            per_year=round(float(per_year[j]), 3), met=ex[j].met, coverage=ex[j].coverage,
            probing=ex[j].probing, balance=ex[j].balance, clear=round(share(c_sum[j], n), 4),
            late=round(share(l_sum[j], n), 4), unanswered=round(share(u_sum[j], n), 4), occurred=int(n),
            rule=ans[kind_name].rule, ambiguity_unanswered=ans[kind_name].ambiguity_unanswered,
            p_late=round(ans[kind_name].p_late, 4), backstop_trigger=ans[kind_name].triggered)
    used = [SourceUse(**params.rates[(k_, threat)].use()) if k_ not in overrides else
            SourceUse(key=f"rate.{k_}.{threat}", value=overrides[k_], unit="incidents per month",
                      source="scenario override") for k_ in INCIDENT_TYPES]
    used += [SourceUse(**p.use()) for p in params.chain.values()]
    lo, hi = wilson(k, R)
    late, unanswered = share(float(l_sum.sum()), total), share(float(u_sum.sum()), total)
    return IncidentResult(
        mandate=mandate.name, threat=threat, us_backstop=us_backstop, duration_months=M, runs=R, seed=int(seed),
        incidents_per_year={IncidentType(kn): round(float(per_year[j]), 3) for j, kn in enumerate(INCIDENT_TYPES)},
        total_per_year=round(float(per_year.sum()), 3),
        tabled_per_year=round(12.0 * sum(overrides.get(k_, params.rate(k_, threat)) * e.line_scale
                                         for k_, e in zip(INCIDENT_TYPES, ex)), 3),
        answered_clearly_share=round(share(float(c_sum.sum()), total), 4),
        unanswered_or_late_share=round(late + unanswered, 4), late_share=round(late, 4),
        unanswered_share=round(unanswered, 4), by_type=by_type,
        escalation=Escalation(probability=round(k / R, 4), ci95=(round(lo, 4), round(hi, 4)), escalated_runs=k,
                              median_months_to_escalation=float(np.median(first_month)) if k else None,
                              steps_per_year=round(steps_total / R * 12.0 / M, 4)),
        sources=used,
    )


__all__ = [
    "IncidentParams", "IncidentResult", "Answer", "Arrivals", "arrivals", "Param", "simulate", "answers", "load_params",
    "default_params", "params_from_rows", "wilson", "CHUNK_RUNS",
]
