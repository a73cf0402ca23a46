"""Uncertainty carried through every factor: seeded draws from each factor's range, and what drives it.

Each planning factor and each formation strength gets a distribution whose 10th, 50th and 90th
percentiles are its low, central and high values (a split log-normal when low > 0, split normal
otherwise, clipped to the unit's bounds), so an analyst's "700 (500-1,000)" reads the way it is
meant. All factors are drawn at once for every draw (vectorised); sizing evaluates its tasks on the
arrays. The width's drivers are each input's squared correlation with the total over the draws.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import zlib

import numpy as np

from . import formations
from .factors import Factors, unit_bounds
from .vocab import Backstop, ForceOption, Threat, values

#: z of the 90th and 95th percentile of a standard normal
Z90 = 1.2815515655446004
Z95 = 1.6448536269514722


@dataclass
class Draws:
    """Factor values and formation strengths, one array each (length 1 for the central case)."""

    n: int
    values: dict[str, np.ndarray] = field(default_factory=dict)
    strengths: dict[str, np.ndarray] = field(default_factory=dict)

    def v(self, key: str) -> np.ndarray:
        return self.values[key]


def central(f: Factors, keys: Iterable[str]) -> Draws:
    d = Draws(1)
    for key in keys:
        d.values[key] = np.array([f[key].value])
    for name, form in formations.catalogue().items():
        d.strengths[name] = np.array([form.strength])
    return d


def _spread(z: np.ndarray, low: float, mid: float, high: float, lo_bound: float, hi_bound: float) -> np.ndarray:
    if low == mid == high:
        return np.full(z.shape, mid)
    if low > 0 and mid > 0:
        up, down = np.log(high / mid) / Z90, np.log(mid / low) / Z90
        x = mid * np.exp(np.where(z >= 0, z * up, z * down))
    else:
        x = mid + np.where(z >= 0, z * (high - mid), z * (mid - low)) / Z90
    return np.clip(x, lo_bound, hi_bound)


def sample(f: Factors, keys: Iterable[str], n: int, seed: int) -> Draws:
    """n seeded draws of every factor in `keys` and of every formation strength."""
    d = Draws(n)
    for key in sorted(set(keys)):
        d.values[key] = at(f, key, _normal(seed, key, n))
    for name, form in sorted(formations.catalogue().items()):
        # a formation's low and high are the smallest and largest ones recorded, not its 10th and 90th
        # percentile: read them as the 5th and 95th and never go beyond them
        z = _normal(seed, f"formation.{name}", n) * (Z90 / Z95)
        d.strengths[name] = _spread(z, form.low, form.strength, form.high, form.low, form.high)
    return d


def at(f: Factors, key: str, z: np.ndarray) -> np.ndarray:
    """The factor's values at standard-normal scores `z`: the one definition of a factor's distribution
    (its low / central / high as 10th / 50th / 90th percentile, within its unit's bounds and its
    neighbouring levels), which `sample` draws from and a sweep maps its design onto."""
    fac = f[key]
    b = unit_bounds().get(fac.unit)
    lo_b, hi_b = (b.low, b.high) if b else (-np.inf, np.inf)
    lo_n, hi_n = _neighbours(f, key)
    return _spread(np.asarray(z, dtype=float), fac.low, fac.value, fac.high, max(lo_b, lo_n), min(hi_b, hi_n))


#: last key parts that name a level of the same quantity: its levels share one stream of draws
_LEVELS = frozenset(values(Threat) + values(Backstop) + values(ForceOption))


_LADDERS = (values(Threat), values(Backstop), values(ForceOption))


def _neighbours(f: Factors, key: str) -> tuple[float, float]:
    """A level's draws stay between its neighbouring levels' central values (threat.low never above
    threat.medium, a light option's rate never above the medium's), so the ladder keeps its order."""
    stem, _, level = key.rpartition(".")
    for ladder in _LADDERS:
        if level in ladder:
            i = ladder.index(level)
            below = [f[f"{stem}.{lv}"].value for lv in ladder[:i] if f"{stem}.{lv}" in f]
            above = [f[f"{stem}.{lv}"].value for lv in ladder[i + 1:] if f"{stem}.{lv}" in f]
            mid = f[key].value
            lo = below[-1] if below and below[-1] <= mid else -np.inf
            hi = above[0] if above and above[0] >= mid else np.inf
            return lo, hi
    return -np.inf, np.inf


def stream(key: str) -> str:
    """The random stream an input draws from. Levels of one quantity (threat.low / threat.high,
    us_share.isr.air / .full) share one, so two plans that differ in one input are compared draw by
    draw and keep their order; the enabler shares, one judgement split into parts, share one too."""
    parts = key.split(".")
    if parts[0] == "enabler":
        return "enabler.*"
    return ".".join(parts[:-1]) if len(parts) > 1 and parts[-1] in _LEVELS else key


def _normal(seed: int, key: str, n: int) -> np.ndarray:
    """Each input's own stream: its draws do not depend on which other inputs a plan uses."""
    return np.random.default_rng([seed, zlib.crc32(stream(key).encode())]).standard_normal(n)


def percentiles(x: np.ndarray) -> tuple[float, float, float]:
    lo, mid, hi = np.percentile(x, [10, 50, 90])
    return float(lo), float(mid), float(hi)


def drivers(draws: Draws, total: np.ndarray, top: int = 8) -> list[tuple[str, float]]:
    """Each input's share of the variance of `total`: its squared correlation with the total over the
    draws (the first-order share a linear fit gives it). Inputs interact through whole-formation
    rounding, so the shares need not sum to 1; they rank what would narrow the range most if it were
    known better. One pass over the draws already made: no re-evaluation."""
    if float(np.var(total)) <= 0:
        return []
    out = []
    inputs = list(draws.values.items()) + [(f"formation.{k}", v) for k, v in draws.strengths.items()]
    seen: set[str] = set()
    for key, x in inputs:
        if float(np.var(x)) <= 0 or stream(key) in seen:
            continue
        seen.add(stream(key))
        key = stream(key) if stream(key).endswith("*") else key  # inputs drawn together are one driver
        r = float(np.corrcoef(x, total)[0, 1])
        if r * r >= 0.005:
            out.append((key, round(r * r, 3)))
    out.sort(key=lambda kv: -kv[1])
    return out[:top]


__all__ = ["Draws", "central", "sample", "at", "stream", "percentiles", "drivers", "Z90"]
