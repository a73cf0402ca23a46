"""What a finished sweep says: which inputs drive each outcome, and where the plan fails.

Sensitivity (SALib): with the `sobol` sampler and every sample planned, Sobol indices (first order S1
and total ST, with 95% intervals; categorical inputs enter as the index of their choice, which Sobol's
variance shares do not depend on); otherwise RBD-FAST first-order indices for numeric inputs, which
hold for any sample (Latin hypercube or Monte Carlo), and for categorical ones the share of variance
between their choices (the correlation ratio, adjusted for the groups' own noise), because RBD-FAST
reads an input along its order and a category has none. An input drives an outcome when its index is
at least `DRIVER_MIN`; it is a clear driver when its interval's lower end is above zero too, and the
analysis says when the sample is too small for the indices to settle (`caution`).

The verdict enters as a number (go 0, conditional 1, no-go 2), so its index says which inputs move the
coalition's verdict; the failures (coalition no-go, a gap, the flank weakened) enter as 0 / 1 and are
also looked for with PRIM (prim.py): the input ranges where they concentrate. Pure: a frame in, records out.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from ..records import Record
from .inputs import Dim
from .prim import Box, NoBox, inside, prim

#: the outcomes whose drivers are sought, with their titles
OUTCOMES = {
    "force": "deployed force (troops in whole formations)",
    "force_pool": "force pool (troops held to keep it up)",
    "cost_per_year": "cost a year (EUR)",
    "filled_share": "share of the requirement filled",
    "escalation": "chance of escalation to major combat",
    "unanswered_share": "share of incidents unanswered",
    "verdict": "coalition verdict (go 0, conditional 1, no-go 2)",
}
VERDICT_RANK = {"go": 0, "conditional": 1, "no_go": 2}
#: the failures scenario discovery looks for: (title, how a row fails)
FAILURES = {
    "no_go": "coalition no-go",
    "gap": "a gap (requirement not filled)",
    "flank_weakened": "eastern flank weakened",
}
DRIVER_MIN = 0.05
#: the most samples RBD-FAST and PRIM read (a seeded subset beyond it): first-order indices from 20,000
#: samples are within about 0.01-0.02, while their bootstrap intervals cost ~100 passes over the samples
#: per input and outcome; PRIM's peeling costs samples x inputs x steps
MAX_ANALYSED = 20_000
#: the most a complete Sobol design keeps for its indices (its first base rows, a power of two)
MAX_SOBOL = 200_000
#: planned samples below which no index is computed (RBD-FAST's harmonics and bootstrap need some)
MIN_INDEXED = 20
#: Sobol base samples below which no index is computed (each is D + 2 plans)
MIN_SOBOL_BASE = 16
#: boxes sought per failure, each among the samples outside the ones before
MAX_BOXES = 3
#: bootstrap resamples behind each index's 95% interval
RESAMPLES = 100
#: base samples below which Sobol indices are rough (Saltelli's design: N x (D + 2) plans); SALib's
#: documentation and Saltelli et al. (2010) work with N in the hundreds to thousands
SOBOL_BASE_MIN = 256
#: first-order indices are shares of one variance: a sum beyond this, or an index below -this margin,
#: says the sample is too small for them to settle
S1_SUM_MAX = 1.1
S1_NEGATIVE = 0.05


class Index(Record):
    input: str
    s1: float
    s1_conf: float
    st: float | None = None
    st_conf: float | None = None

    @property
    def main(self) -> float:
        """The index an input is ranked by: total (Sobol) when there is one, else first order."""
        return self.st if self.st is not None else self.s1

    @property
    def main_conf(self) -> float:
        return self.st_conf if self.st_conf is not None else self.s1_conf

    @property
    def clear(self) -> bool:
        """Its 95% interval stays above zero: the sample shows the input matters."""
        return self.main - self.main_conf > 0


class Sensitivity(Record):
    outcome: str
    title: str
    method: str
    samples: int
    indices: list[Index]
    #: why there are no indices (e.g. the outcome never varies)
    note: str = ""
    #: why the indices may not have settled (too few samples), in words for the page
    caution: str = ""

    def drivers(self) -> list[Index]:
        """Inputs with an index of at least DRIVER_MIN, largest first (by the point estimate: an
        interval that reaches zero makes a driver unclear, not smaller)."""
        return [i for i in sorted(self.indices, key=lambda i: -i.main) if i.main >= DRIVER_MIN]


class Spread(Record):
    """An outcome's 10th, 50th and 90th percentile over the planned samples."""

    outcome: str
    low: float
    central: float
    high: float


class Analysis(Record):
    sampler: str
    samples: int
    planned: int
    errors: int
    method: str
    spreads: list[Spread]
    verdicts: dict[str, int]
    failure_shares: dict[str, float]
    sensitivity: list[Sensitivity]
    discovery: list[Box]
    #: failures without a box, and why (too few failures to look, or no box stood up)
    undiscovered: list[NoBox]
    #: samples whose allocation solve stopped at the sweep's time limit (their allocation is the best
    #: found by then: it can differ on another machine)
    time_limited: int = 0
    #: samples whose allocation solve stopped at the solver's fixed node bound (milp.NODES: the same
    #: answer on any machine, the last stage not proven to its gap)
    node_limited: int = 0


def failed(df, name: str) -> np.ndarray:
    if name == "no_go":
        return (df["coalition_verdict"] == "no_go").to_numpy()
    if name == "gap":
        return (df["gap_troops"] > 0).to_numpy()
    return (df["flank_verdict"] == "weakened").to_numpy()


def outcome(df, name: str) -> np.ndarray:
    if name == "verdict":
        return df["coalition_verdict"].map(VERDICT_RANK).to_numpy(dtype=float)
    return df[name].to_numpy(dtype=float)


def encoded(df, dims: list[Dim]) -> np.ndarray:
    """The inputs as numbers: categorical ones as the index of their choice, flags as 0 / 1."""
    cols = []
    for d in dims:
        x = df[d.column]
        if d.kind == "choice" or d.kind == "flag":
            order = {c: i for i, c in enumerate(d.spec.choices)}
            cols.append(x.map(order).to_numpy(dtype=float))
        else:
            cols.append(x.to_numpy(dtype=float))
    return np.column_stack(cols) if cols else np.zeros((len(df), 0))


def sensitivity(df, dims: list[Dim], sampler: str, complete: bool, seed: int) -> tuple[str, list[Sensitivity]]:
    """Indices of every outcome and failure for every input (see the module's note on the method)."""
    from SALib.analyze import rbd_fast, sobol

    problem = {"num_vars": len(dims), "names": [d.name for d in dims], "bounds": [[0.0, 1.0]] * len(dims)}
    use_sobol = sampler == "sobol" and complete
    method = "Sobol (Saltelli design)" if use_sobol else "RBD-FAST (first order)"
    x = encoded(df, dims)
    out = []
    targets = {**OUTCOMES, **{f"fails:{k}": v for k, v in FAILURES.items()}}
    for name, title in targets.items():
        y = failed(df, name[6:]).astype(float) if name.startswith("fails:") else outcome(df, name)
        base = len(y) // (len(dims) + 2) if use_sobol else len(y)  # independent draws of the inputs
        least = MIN_SOBOL_BASE if use_sobol else MIN_INDEXED
        if base < least or not np.isfinite(y).all() or float(np.var(y)) <= 0:
            note = ((f"has too few base samples for Sobol indices ({base}; at least {least}: --samples "
                     f"{least * (len(dims) + 2):,} or more)" if use_sobol else
                     f"has too few samples for indices ({base}; at least {least})") if base < least else
                    "does not vary over the samples" if np.isfinite(y).all() else "has samples without a value")
            out.append(Sensitivity(outcome=name, title=title, method=method, samples=len(y), indices=[], note=note))
            continue
        # a bootstrap resample of a rare failure can hold no failure at all: its index is undefined (NaN),
        # which the interval then carries (an undefined interval is read as no evidence)
        with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # SALib's notes on the design; the caution says what matters
            if use_sobol:
                si = sobol.analyze(problem, y, calc_second_order=False, num_resamples=RESAMPLES, seed=seed)
                idx = [Index(input=d.name, s1=_f(si["S1"][j]), s1_conf=_conf(si["S1_conf"][j]), st=_f(si["ST"][j]),
                             st_conf=_conf(si["ST_conf"][j])) for j, d in enumerate(dims)]
            else:
                si = rbd_fast.analyze(problem, x, y, M=min(10, max(1, len(y) // 20)), num_resamples=RESAMPLES, seed=seed)
                idx = [Index(input=d.name, s1=_f(si["S1"][j]), s1_conf=_conf(si["S1_conf"][j]))
                       if d.kind not in ("choice", "flag") else between(x[:, j], y, d.name, seed)
                       for j, d in enumerate(dims)]
        caution = _caution(idx, len(y) // (len(dims) + 2) if use_sobol else None)
        out.append(Sensitivity(outcome=name, title=title, method=method, samples=len(y), indices=idx, caution=caution))
    return method, out


def between(group: np.ndarray, y: np.ndarray, name: str, seed: int) -> Index:
    """A categorical input's first-order index: the share of y's variance between its choices, less
    what k group means pick up from noise alone (epsilon squared), with a bootstrap 95% interval."""
    codes = np.unique(group, return_inverse=True)[1]

    def share(c: np.ndarray, v: np.ndarray) -> float:
        k, n = int(c.max()) + 1, len(v)
        counts = np.bincount(c, minlength=k)
        means = np.bincount(c, weights=v, minlength=k) / np.maximum(counts, 1)
        total = float(((v - v.mean()) ** 2).sum())
        if total <= 0 or n <= k:
            return 0.0
        between_ss = float((counts * (means - v.mean()) ** 2).sum())
        within_ms = (total - between_ss) / (n - k)
        return (between_ss - (k - 1) * within_ms) / total

    rng = np.random.default_rng(seed)
    boot = [share(codes[r], y[r]) for r in (rng.integers(0, len(y), len(y)) for _ in range(RESAMPLES))]
    return Index(input=name, s1=share(codes, y), s1_conf=float(1.96 * np.std(boot)))


def _caution(idx: list[Index], sobol_base: int | None) -> str:
    """Why the indices may not have settled, or ""."""
    if sobol_base is not None and sobol_base < SOBOL_BASE_MIN:
        return (f"the Sobol design has {sobol_base:,} base samples; indices settle from about {SOBOL_BASE_MIN} "
                "(a larger --samples)")
    s1 = [i.s1 for i in idx]
    if s1 and (sum(s1) > S1_SUM_MAX or min(s1) < -S1_NEGATIVE):
        return (f"the first-order indices sum to {sum(s1):.2f} (at most 1 when settled) and reach {min(s1):.2f}: "
                "too few samples for them to settle")
    return ""


def _f(x: Any) -> float:
    x = float(x)
    return x if np.isfinite(x) else 0.0


def _conf(x: Any) -> float:
    """An interval's half-width; undefined reads as the widest (1: the index could be anything)."""
    x = float(x)
    return x if np.isfinite(x) else 1.0


def discovery(df, dims: list[Dim], seed: int = 0) -> tuple[list[Box], list[NoBox]]:
    """Up to MAX_BOXES boxes per failure, each found among the samples outside the boxes before it
    (ema_workbench's way to cover a failure with several regions: threat high, then no US backstop)."""
    cols = {d.name: (df[d.column].astype(str).str.lower().to_numpy() if d.kind == "flag" else
                     df[d.column].astype(str).to_numpy() if d.kind == "choice"
                     else df[d.column].to_numpy(dtype=float)) for d in dims}
    categorical = {d.name for d in dims if d.kind in ("choice", "flag")}
    boxes, none = [], []
    for key in FAILURES:
        y, left = failed(df, key), np.ones(len(df), dtype=bool)
        for rank in range(1, MAX_BOXES + 1):
            found = prim({k: v[left] for k, v in cols.items()}, y[left], key, categorical, seed=seed + rank)
            if not isinstance(found, Box):
                if rank == 1:
                    none.append(found)
                break
            boxes.append(found.model_copy(update={"rank": rank}))
            left &= ~inside(cols, found)
    return boxes, none


def independent(df, d: int, sampler: str):
    """The rows that are independent draws of the inputs: all, except in a Sobol (Saltelli) design,
    whose rows between a base sample's A and B rows mix the two (N x (D + 2) rows: A, AB_1..AB_D, B)."""
    if sampler != "sobol":
        return df
    ids = df["id"].to_numpy() if "id" in df else np.arange(len(df))
    return df[np.isin(ids % (d + 2), (0, d + 1))].reset_index(drop=True)


def subset(df, d: int, sampler: str, complete: bool, seed: int, limit: int = MAX_ANALYSED):
    """At most `limit` rows: a complete Sobol design keeps its first base rows (a smaller Sobol design),
    any other a seeded random subset (still a random sample of the inputs)."""
    if len(df) <= limit:
        return df
    if sampler == "sobol" and complete:
        base = 1
        while 2 * base * (d + 2) <= limit:
            base *= 2
        return df.iloc[: base * (d + 2)].reset_index(drop=True)
    return df.sample(n=limit, random_state=seed % 2**32).sort_index().reset_index(drop=True)


def analyse(df, dims: list[Dim], sampler: str, size: int, seed: int) -> Analysis:
    """The whole analysis of a store's samples (`df`: the samples view; rows with an error are left out)."""
    ok = df[df["error"].isna()].reset_index(drop=True)
    errors = len(df) - len(ok)
    complete = len(ok) == size and errors == 0
    use_sobol = sampler == "sobol" and complete
    part = subset(ok, len(dims), sampler, complete, seed, MAX_SOBOL if use_sobol else MAX_ANALYSED)
    method, sens = sensitivity(part, dims, sampler, complete, seed)
    if len(part) < len(ok):
        method += f", on {len(part):,} of the samples"
    boxes, none = discovery(subset(independent(ok, len(dims), sampler), len(dims), "lhs", False, seed), dims, seed)
    spreads = []
    for name in ("force", "force_pool", "cost_per_year", "filled_share", "gap_troops", "escalation", "unanswered_share"):
        if len(ok):
            lo, mid, hi = np.percentile(ok[name].to_numpy(dtype=float), [10, 50, 90])
            spreads.append(Spread(outcome=name, low=float(lo), central=float(mid), high=float(hi)))
    verdicts = {str(k): int(v) for k, v in ok["coalition_verdict"].value_counts().items()}
    shares = {k: float(failed(ok, k).mean()) if len(ok) else 0.0 for k in FAILURES}
    return Analysis(sampler=sampler, samples=size, planned=len(df), errors=errors, method=method, spreads=spreads,
                    verdicts=verdicts, failure_shares=shares, sensitivity=sens, discovery=boxes, undiscovered=none,
                    time_limited=_status(ok, "Time limit reached"), node_limited=_status(ok, "Solution limit reached"))


def _status(df, status: str) -> int:
    """Samples whose allocation solve ended so (HiGHS's words: its node bound reads 'Solution limit reached')."""
    return int((df["solver_status"] == status).sum()) if "solver_status" in df else 0


__all__ = ["analyse", "Analysis", "Sensitivity", "Index", "OUTCOMES", "FAILURES", "encoded", "failed", "between"]
