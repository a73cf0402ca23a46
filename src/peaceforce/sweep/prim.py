"""Scenario discovery with PRIM (Friedman and Fisher 1999), as ema_workbench does it, in a few lines.

PRIM looks for a box in the input space where a failure is concentrated. It starts from the whole
space and peels: at each step it tries taking off the `alpha` share of the samples at the low or high
end of each numeric input, or one category of a categorical one, and keeps the peel that leaves the
highest share of failures (density) inside; it stops when the box holds less than `mass_min` of the
samples. The trajectory trades coverage (the share of all failures inside the box) for density.
The box reported is the first whose density reaches `threshold` (ema_workbench's default, 80%); when
none does, the densest box that still covers half the failures. No pasting step (ema_workbench's
optional refinement). Pure: arrays in, a record out.

Why our own: ema_workbench's PRIM needs ema_workbench, which brings scikit-learn, statsmodels,
seaborn and an optimisation library the sweep never uses; the algorithm itself is this module.
"""

from __future__ import annotations

import numpy as np

from ..records import Record

ALPHA = 0.05
MASS_MIN = 0.05
THRESHOLD = 0.8
#: without a box at the threshold: the densest box still covering this share of the failures
MIN_COVERAGE = 0.5


class Limit(Record):
    """One input's restriction in a box: a numeric range, or the categories kept."""

    input: str
    low: float | None = None
    high: float | None = None
    categories: list[str] | None = None
    #: the box's density with this limit dropped (how much the limit matters)
    density_without: float


class Step(Record):
    coverage: float
    density: float
    mass: float
    restricted: int


class Box(Record):
    """The failure's box: its limits, coverage, density and mass, with the trajectory it was chosen on.
    When most samples fail, the box is where the plan holds instead (`holds`): density, coverage and the
    limits' weights then count the samples that hold."""

    failure: str
    holds: bool = False
    #: the samples the box looks for (failing, or holding when `holds`) and all samples
    failures: int
    samples: int
    base_density: float
    coverage: float
    density: float
    mass: float
    limits: list[Limit]
    trajectory: list[Step]
    chosen: int
    reached_threshold: bool
    threshold: float


def _candidates(cols: dict[str, np.ndarray], categorical: set[str], inside: np.ndarray, alpha: float):
    """(input, its new limit, mask of the samples the peel keeps) for every peel of the current box."""
    for name, x in cols.items():
        xs = x[inside]
        if name in categorical:
            present = sorted(set(xs.tolist()))
            if len(present) > 1:
                for cat in present:
                    yield name, frozenset(c for c in present if c != cat), inside & (x != cat)
            continue
        if xs.min() == xs.max():
            continue
        lo, hi = np.quantile(xs, [alpha, 1 - alpha])
        if not (xs < lo).any():  # ties at the quantile: peel the lowest value
            lo = float(xs[xs > xs.min()].min())
        if not (xs > hi).any():
            hi = float(xs[xs < xs.max()].max())
        yield name, ("low", float(lo)), inside & (x >= lo)
        yield name, ("high", float(hi)), inside & (x <= hi)


def prim(cols: dict[str, np.ndarray], y: np.ndarray, failure: str, categorical: set[str] | None = None,
         alpha: float = ALPHA, mass_min: float = MASS_MIN, threshold: float = THRESHOLD) -> Box | None:
    """The box of the samples where `y` (True: failed) is concentrated; None when no or every sample fails.
    When more than half fail, a box of failures says little (the whole space nearly is one): the box is
    then where the plan holds."""
    categorical = categorical or set()
    y = np.asarray(y, dtype=bool)
    n = len(y)
    if n == 0 or not y.any() or y.all():
        return None
    holds = bool(y.mean() > 0.5)
    if holds:
        y = ~y
    total = int(y.sum())
    inside = np.ones(n, dtype=bool)
    limits: dict[str, object] = {}
    path = [(inside, dict(limits))]
    while True:
        best = None
        for name, limit, keep in _candidates(cols, categorical, inside, alpha):
            m = int(keep.sum())
            if m < mass_min * n or m == 0 or m == int(inside.sum()):
                continue
            dens = float(y[keep].mean())
            if best is None or (dens, m) > (best[0], best[1]):
                best = (dens, m, keep, name, limit)
        if best is None:
            break
        _, _, inside, name, limit = best
        limits = _tighten(limits, name, limit)
        path.append((inside, dict(limits)))
        if best[0] >= 1.0:
            break
    steps = [Step(coverage=float(y[mask].sum() / total), density=float(y[mask].mean()), mass=float(mask.sum() / n),
                  restricted=len(lim)) for mask, lim in path]
    above = [i for i, s in enumerate(steps) if s.density >= threshold]
    if above:
        chosen = above[0]
    else:
        wide = [i for i, s in enumerate(steps) if s.coverage >= MIN_COVERAGE]
        chosen = max(wide, key=lambda i: (steps[i].density, -i))
    mask, lim = path[chosen]
    s = steps[chosen]
    return Box(failure=failure, holds=holds, failures=total, samples=n, base_density=total / n, coverage=s.coverage,
               density=s.density, mass=s.mass, limits=_limits(lim, cols, categorical, y),
               trajectory=steps, chosen=chosen, reached_threshold=bool(above), threshold=threshold)


def _tighten(limits: dict[str, object], name: str, limit) -> dict[str, object]:
    out = dict(limits)
    if isinstance(limit, frozenset):
        out[name] = limit
    else:
        side, value = limit
        lo, hi = out.get(name, (-np.inf, np.inf))
        out[name] = (value, hi) if side == "low" else (lo, value)
    return out


def _within(cols: dict[str, np.ndarray], limits: dict[str, object], categorical: set[str]) -> np.ndarray:
    n = len(next(iter(cols.values())))
    mask = np.ones(n, dtype=bool)
    for name, lim in limits.items():
        x = cols[name]
        mask &= np.isin(x, list(lim)) if name in categorical else (x >= lim[0]) & (x <= lim[1])
    return mask


def _limits(limits: dict[str, object], cols: dict[str, np.ndarray], categorical: set[str], y: np.ndarray) -> list[Limit]:
    """The box as the limits its peels set, most telling first (the most density lost without it)."""
    out = []
    for name, lim in limits.items():
        without = float(y[_within(cols, {k: v for k, v in limits.items() if k != name}, categorical)].mean())
        if name in categorical:
            out.append(Limit(input=name, categories=sorted(map(str, lim)), density_without=without))
        else:
            lo, hi = lim
            out.append(Limit(input=name, low=None if np.isinf(lo) else lo, high=None if np.isinf(hi) else hi,
                             density_without=without))
    return sorted(out, key=lambda lim: lim.density_without)


__all__ = ["prim", "Box", "Limit", "Step", "ALPHA", "MASS_MIN", "THRESHOLD"]
