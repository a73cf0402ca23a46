"""Designs: points of the unit cube, one row per sample, from a seed (the same seed, the same design).

`mc` draws independent uniforms; `lhs` a Latin hypercube (each input's range cut into n strata, each
stratum hit once); `sobol` the Saltelli scheme SALib's Sobol analysis needs (Sobol' sequence, scrambled):
N base rows times (D + 2), N a power of two, so its samples are rounded down to the nearest such design.
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError

SAMPLERS = ("lhs", "mc", "sobol")


def sobol_base(samples: int, d: int) -> int:
    """The largest power of two N with N x (D + 2) <= samples (0 when even N = 2 does not fit)."""
    n = 1
    while 2 * n * (d + 2) <= samples:
        n *= 2
    return n if n >= 2 else 0


def size(sampler: str, samples: int, d: int) -> int:
    """How many plans the design holds: `samples`, or for sobol N x (D + 2)."""
    if sampler != "sobol":
        return samples
    base = sobol_base(samples, d)
    if base == 0:
        raise InputError("--samples", samples, f"at least {2 * (d + 2)} for sobol with {d} inputs (2 x (D + 2))")
    return base * (d + 2)


def design(sampler: str, samples: int, d: int, seed: int) -> np.ndarray:
    """The design's points, shape (size, d), in [0, 1)."""
    if sampler not in SAMPLERS:
        raise InputError("--sampler", sampler, "one of " + ", ".join(SAMPLERS))
    rng = np.random.default_rng(seed)
    if sampler == "mc":
        return rng.random((samples, d))
    if sampler == "lhs":
        strata = np.argsort(rng.random((samples, d)), axis=0)  # a random permutation per column
        return (strata + rng.random((samples, d))) / samples
    from SALib.sample import sobol

    n = size(sampler, samples, d) // (d + 2)
    problem = {"num_vars": d, "names": [f"x{i}" for i in range(d)], "bounds": [[0.0, 1.0]] * d}
    return np.asarray(sobol.sample(problem, n, calc_second_order=False, scramble=True, seed=seed), dtype=float)


__all__ = ["SAMPLERS", "design", "size", "sobol_base"]
