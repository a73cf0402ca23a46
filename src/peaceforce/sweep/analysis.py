"""What a finished sweep says: which inputs drive each outcome, and where the plan fails.

Sensitivity (SALib): with the `sobol` sampler and every sample planned, Sobol indices (first order S1
and total ST, with 95% intervals); otherwise RBD-FAST first-order indices, which hold for any sample
(Latin hypercube or Monte Carlo). Categorical inputs enter as the index of their choice: variance
shares do not depend on the order of the choices. An input drives an outcome when its index is at
least `DRIVER_MIN` and its interval's lower end is above zero.

The verdict enters as a number (go 0, conditional 1, no-go 2), so its index says which inputs move the
coalition's verdict; the failures (coalition no-go, a gap, the flank weakened) enter as 0 / 1 and are
also looked for with PRIM (prim.py): the input ranges where they concentrate. Pure: a frame in, records out.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..records import Record
from .inputs import Dim
from .prim import Box, prim

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
#: bootstrap resamples behind each index's 95% interval
RESAMPLES = 100


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


class Sensitivity(Record):
    outcome: str
    title: str
    method: str
    samples: int
    indices: list[Index]
    #: why there are no indices (e.g. the outcome never varies)
    note: str = ""

    def drivers(self) -> list[Index]:
        return [i for i in sorted(self.indices, key=lambda i: -i.main)
                if i.main >= DRIVER_MIN and i.main - i.main_conf > 0]


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
    #: failures no box can be found for (none or every sample fails), with the share failing
    undiscovered: dict[str, float]
    #: samples whose allocation solve stopped at the sweep's time limit (their allocation is the best found by then)
    time_limited: int = 0


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
        if len(y) < 2 or not np.isfinite(y).all() or float(np.var(y)) <= 0:
            note = "does not vary over the samples" if len(y) and np.isfinite(y).all() else "not enough samples"
            out.append(Sensitivity(outcome=name, title=title, method=method, samples=len(y), indices=[], note=note))
            continue
        # a bootstrap resample of a rare failure can hold no failure at all: its index is undefined (NaN),
        # which the interval then carries (an undefined interval is read as no evidence)
        with np.errstate(divide="ignore", invalid="ignore"):
            if use_sobol:
                si = sobol.analyze(problem, y, calc_second_order=False, num_resamples=RESAMPLES, seed=seed)
                idx = [Index(input=d.name, s1=_f(si["S1"][j]), s1_conf=_conf(si["S1_conf"][j]), st=_f(si["ST"][j]),
                             st_conf=_conf(si["ST_conf"][j])) for j, d in enumerate(dims)]
            else:
                si = rbd_fast.analyze(problem, x, y, M=min(10, max(1, len(y) // 20)), num_resamples=RESAMPLES, seed=seed)
                idx = [Index(input=d.name, s1=_f(si["S1"][j]), s1_conf=_conf(si["S1_conf"][j]))
                       for j, d in enumerate(dims)]
        out.append(Sensitivity(outcome=name, title=title, method=method, samples=len(y), indices=idx))
    return method, out


def _f(x: Any) -> float:
    x = float(x)
    return x if np.isfinite(x) else 0.0


def _conf(x: Any) -> float:
    """An interval's half-width; undefined reads as the widest (1: the index could be anything)."""
    x = float(x)
    return x if np.isfinite(x) else 1.0


def discovery(df, dims: list[Dim]) -> tuple[list[Box], dict[str, float]]:
    cols = {d.name: (df[d.column].astype(str).str.lower().to_numpy() if d.kind == "flag" else
                     df[d.column].astype(str).to_numpy() if d.kind == "choice"
                     else df[d.column].to_numpy(dtype=float)) for d in dims}
    categorical = {d.name for d in dims if d.kind in ("choice", "flag")}
    boxes, none = [], {}
    for key, title in FAILURES.items():
        y = failed(df, key)
        box = prim(cols, y, key, categorical) if len(y) else None
        if box is None:
            none[key] = float(y.mean()) if len(y) else 0.0
        else:
            boxes.append(box)
    return boxes, none


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
    boxes, none = discovery(subset(ok, len(dims), "lhs", False, seed), dims)
    spreads = []
    for name in ("force", "force_pool", "cost_per_year", "filled_share", "gap_troops", "escalation", "unanswered_share"):
        if len(ok):
            lo, mid, hi = np.percentile(ok[name].to_numpy(dtype=float), [10, 50, 90])
            spreads.append(Spread(outcome=name, low=float(lo), central=float(mid), high=float(hi)))
    verdicts = {str(k): int(v) for k, v in ok["coalition_verdict"].value_counts().items()}
    shares = {k: float(failed(ok, k).mean()) if len(ok) else 0.0 for k in FAILURES}
    return Analysis(sampler=sampler, samples=size, planned=len(df), errors=errors, method=method, spreads=spreads,
                    verdicts=verdicts, failure_shares=shares, sensitivity=sens, discovery=boxes, undiscovered=none,
                    time_limited=int((ok["solver_status"] != "Optimal").sum()) if "solver_status" in ok else 0)


__all__ = ["analyse", "Analysis", "Sensitivity", "Index", "OUTCOMES", "FAILURES", "encoded", "failed"]
