"""Scenario discovery with PRIM (Friedman and Fisher 1999), as ema_workbench does it, in a few lines.

PRIM looks for a box in the input space where a failure is concentrated. It starts from the whole
space and peels: at each step it tries taking off the `alpha` share of the samples at the low or high
end of each numeric input, or one category of a categorical one, and keeps the peel that leaves the
highest share of failures (density) inside; it stops when the box holds less than `mass_min` of the
samples. The trajectory trades coverage (the share of all failures inside the box) for density. The
box taken is the first whose density reaches `threshold` (80%, ema_workbench's default, or halfway
from the base share to 100% when most samples fail); when none does, the densest box that still
covers half the failures. No pasting step (ema_workbench's optional refinement).

A box found by peeling fits noise too (a failure that depends on nothing still gets a dense box of a
few samples), so a box is only reported when it stands up:
  * each limit is tested as ema_workbench's qp-value does it: the chance of the failures seen inside
    the box if the limit were dropped (a binomial tail); limits with qp above `QP_MAX` are dropped;
  * the box is found on a random half of the samples and tested on the other half: it must hold a
    failure share above the base share there (binomial p below `P_HELD_OUT`);
  * and there must be `MIN_FAILURES` failures (and as many samples without) to look at all.
Peeling is greedy: a strong region of one input can be walked past (whole categories peeled first,
the box drained below its least mass). So the most significant box of one limit (`_scan`: every
decile cut and category) is tried too, when the peeled box does not hold up on the other half.
Otherwise the result says why there is no box (`NoBox`). Pure: arrays in, a record out.

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
#: failures (and samples without one) needed before PRIM looks: fewer give boxes of a handful of samples
MIN_FAILURES = 20
#: a limit stays when dropping it would leave the box's failures this unlikely (qp-value, one-sided)
QP_MAX = 0.05
#: the box must beat the base share on the held-out half at this level (one-sided binomial)
P_HELD_OUT = 0.05


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
    """The failure's box: its limits, coverage, density and mass over all samples, the trajectory it
    was chosen on (found on half the samples), and how it held on the other half."""

    failure: str
    #: 1 for the first box of a failure; 2, 3 for the boxes found among the samples outside the earlier ones
    #: (their counts, coverage and density are of those samples)
    rank: int = 1
    #: failing samples and all samples (outside earlier boxes)
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
    #: on the held-out half: the failure share inside the box, the base share, and the binomial p
    held_out_density: float
    held_out_base: float
    held_out_p: float


class NoBox(Record):
    """Why a failure has no box: `few` (too few failures or too few samples without one to look),
    `none` (no box stood up: no limit was significant, or the box did not hold on the held-out half)."""

    failure: str
    reason: str
    failures: int
    samples: int
    share: float


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
         alpha: float = ALPHA, mass_min: float = MASS_MIN, threshold: float = THRESHOLD,
         seed: int = 0) -> Box | NoBox:
    """The box of the samples where `y` (True: failed) is concentrated, or why there is none."""
    categorical = categorical or set()
    y = np.asarray(y, dtype=bool)
    n, total = len(y), int(np.asarray(y).sum())
    if total < MIN_FAILURES or n - total < MIN_FAILURES:
        return NoBox(failure=failure, reason="few", failures=total, samples=n, share=total / n if n else 0.0)
    order = np.random.default_rng(seed).permutation(n)
    fit, test = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    fit[order[: n // 2]] = True
    test[order[n // 2:]] = True
    half = {k: v[fit] for k, v in cols.items()}
    level = max(threshold, (1 + y[fit].mean()) / 2)
    found = _peel(half, y[fit], categorical, alpha, mass_min, level)
    tried = []
    if found is not None:
        steps, chosen, limits, reached, _ = found
        tried.append((steps, chosen, _significant(limits, half, y[fit], categorical), reached))
    one = _scan(half, y[fit], categorical, mass_min)
    if one is not None:  # a box of one limit, for when peeling's greedy steps walk past it
        mask = _within(half, one, categorical)
        whole = Step(coverage=1.0, density=float(y[fit].mean()), mass=1.0, restricted=0)
        step = Step(coverage=float(y[fit][mask].sum() / max(1, y[fit].sum())), density=float(y[fit][mask].mean()),
                    mass=float(mask.mean()), restricted=1)
        tried.append(([whole, step], 1, one, step.density >= level))
    base = float(y[test].mean())
    for steps, chosen, limits, reached in tried:
        inside = _within(cols, limits, categorical)
        held_in = inside & test
        k, m = int(y[held_in].sum()), int(held_in.sum())
        p = _tail(k, m, base)
        if limits and m and p < P_HELD_OUT:
            return Box(failure=failure, failures=total, samples=n, base_density=total / n,
                       coverage=float(y[inside].sum() / total), density=float(y[inside].mean()),
                       mass=float(inside.mean()), limits=_limits(limits, cols, categorical, y), trajectory=steps,
                       chosen=chosen, reached_threshold=reached, threshold=level, held_out_density=k / m,
                       held_out_base=base, held_out_p=p)
    return NoBox(failure=failure, reason="none", failures=total, samples=n, share=total / n)


def _scan(cols: dict[str, np.ndarray], y: np.ndarray, categorical: set[str], mass_min: float) -> dict | None:
    """The most significant box of one limit: each numeric input cut at each decile from either end,
    each categorical one kept to one category (or all but one); scored by the binomial tail of its
    failures at the base share, the smallest winning. None when no cut holds mass_min of the samples."""
    n, base = len(y), float(y.mean())
    best: tuple[float, dict] | None = None
    for name, x in cols.items():
        if name in categorical:
            cats = sorted(set(x.tolist()))
            keeps = [frozenset([c]) for c in cats] + ([frozenset(cats) - {c} for c in cats] if len(cats) > 2 else [])
            options = [({name: keep}, np.isin(x, list(keep))) for keep in keeps] if len(cats) > 1 else []
        else:
            cuts = np.unique(np.quantile(x, np.linspace(0.1, 0.9, 9)))
            options = [({name: (-np.inf, float(q))}, x <= q) for q in cuts] + [({name: (float(q), np.inf)}, x >= q)
                                                                              for q in cuts]
        for limits, mask in options:
            m = int(mask.sum())
            if m < mass_min * n or m == n:
                continue
            p = _tail(int(y[mask].sum()), m, base)
            if best is None or p < best[0]:
                best = (p, limits)
    return best[1] if best is not None and best[0] < QP_MAX else None


def _peel(cols: dict[str, np.ndarray], y: np.ndarray, categorical: set[str], alpha: float, mass_min: float,
          threshold: float):
    """PRIM's peeling on (cols, y): (trajectory, chosen step, its limits, whether it reached the
    threshold, the threshold), or None when nothing can be peeled."""
    n, total = len(y), int(y.sum())
    if total == 0:
        return None
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
    if len(path) == 1:
        return None
    steps = [Step(coverage=float(y[mask].sum() / total), density=float(y[mask].mean()), mass=float(mask.sum() / n),
                  restricted=len(lim)) for mask, lim in path]
    above = [i for i, s in enumerate(steps) if s.density >= threshold]
    if above:
        chosen = above[0]
    else:
        wide = [i for i, s in enumerate(steps) if s.coverage >= MIN_COVERAGE]
        chosen = max(wide, key=lambda i: (steps[i].density, -i))
    return steps, chosen, path[chosen][1], bool(above), threshold


def _tail(k: int, m: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(m, p): how unlikely k failures in m samples are at the share p."""
    from scipy.stats import binom

    return float(binom.sf(k - 1, m, p)) if m else 1.0


def _significant(limits: dict[str, object], cols: dict[str, np.ndarray], y: np.ndarray,
                 categorical: set[str]) -> dict[str, object]:
    """The limits whose qp-value is below QP_MAX, dropping the least significant one at a time."""
    limits = dict(limits)
    while limits:
        inside = _within(cols, limits, categorical)
        k, m = int(y[inside].sum()), int(inside.sum())
        qp = {}
        for name in limits:
            wider = _within(cols, {a: b for a, b in limits.items() if a != name}, categorical)
            qp[name] = _tail(k, m, float(y[wider].mean()))
        worst = max(qp, key=lambda name: qp[name])
        if qp[worst] <= QP_MAX:
            break
        del limits[worst]
    return limits


def _tighten(limits: dict[str, object], name: str, limit) -> dict[str, object]:
    out = dict(limits)
    if isinstance(limit, frozenset):
        out[name] = limit
    else:
        side, value = limit
        lo, hi = out.get(name, (-np.inf, np.inf))
        out[name] = (value, hi) if side == "low" else (lo, value)
    return out


def inside(cols: dict[str, np.ndarray], box: Box) -> np.ndarray:
    """The samples inside a reported box's limits."""
    limits = {lim.input: frozenset(lim.categories) if lim.categories is not None else
              (-np.inf if lim.low is None else lim.low, np.inf if lim.high is None else lim.high) for lim in box.limits}
    return _within(cols, limits, {lim.input for lim in box.limits if lim.categories is not None})


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


__all__ = ["prim", "inside", "Box", "NoBox", "Limit", "Step", "ALPHA", "MASS_MIN", "THRESHOLD", "MIN_FAILURES"]
