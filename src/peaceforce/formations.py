"""The formations a force is built from, with sourced strengths, and the smallest that fits a task.

Nations send whole formations (a company, a battlegroup, a fighter detachment, a minehunter), so every
task is staffed in them from the start: a need of 64 logistics troops is a logistics company, not a
400-strong battalion. `fit` chooses only among building blocks (battalions and brigades for line forces,
Role 2 facilities for medical support): a planner does not staff a sector with 67 companies, nor treat
Role 1 posts and Role 3 hospitals as sizes of one thing. The catalogue is data (data/formations.csv, each strength with its range and
source); this module reads it and picks formations. Pure apart from the cached read through catalog.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping

import numpy as np

from . import catalog
from .errors import InputError
from .vocab import Capability, one_of


@dataclass(frozen=True)
class Formation:
    formation: str
    capability: Capability
    strength: float
    low: float
    high: float
    source: str
    note: str = ""
    #: a building block `fit` may choose (a battalion, a Role 2); not a company-or-division size choice
    #: or a different echelon of care (Role 1 posts, Role 3 hospitals), which tasks name explicitly
    fits: bool = True
    #: rank among manoeuvre formations (company 1 .. division 5): which a nation fields decides what it can frame
    echelon: int | None = None
    #: a multinational formation is built of `blocks` blocks of formation `block`; the framework nation
    #: gives at least `framework_blocks` of them (eFP: a framework nation and contributors' companies)
    block: str | None = None
    blocks: int = 1
    framework_blocks: int = 1

    @property
    def key(self) -> str:
        return f"formation.{self.formation}"

    @property
    def composite(self) -> bool:
        return self.block is not None and self.blocks > 1


@lru_cache(maxsize=1)
def catalogue() -> Mapping[str, Formation]:
    out: dict[str, Formation] = {}
    for i, r in enumerate(catalog.table("formations").to_dict("records")):
        where = f"data/formations.csv, row {i + 2}"
        name = str(r["formation"]).strip()
        if not name or name in out:
            raise InputError("formation", name, "a unique formation id", where)
        try:
            cap = Capability(str(r["capability"]).strip())
        except ValueError:
            raise InputError("capability", r["capability"], one_of(Capability), where) from None
        values = []
        for col in ("strength", "low", "high"):
            try:
                x = float(r[col])
            except (TypeError, ValueError):
                raise InputError(col, r[col], "a number of people >= 1", where) from None
            if not math.isfinite(x) or x < 1:
                raise InputError(col, r[col], "a number of people >= 1", where)
            values.append(x)
        strength, low, high = values
        if not low <= strength <= high:
            raise InputError("strength", strength, f"within its range {low:g}..{high:g}", where)
        out[name] = Formation(name, cap, strength, low, high, str(r["source"]),
                              "" if str(r.get("note", "")) == "nan" else str(r.get("note", "")),
                              str(r.get("fit", "1")).strip() == "1", *_composition(r, where))
    for f in out.values():
        if f.block is not None and (f.block not in out or out[f.block].capability != f.capability):
            raise InputError("block", f.block, f"a formation of the same capability ({f.capability.value})",
                             f"data/formations.csv, formation {f.formation}")
    return out


def _whole(r: Mapping, col: str, where: str, lo: int, hi: int) -> int | None:
    text = str(r.get(col, "")).strip()
    if text in ("", "nan"):
        return None
    try:
        x = float(text)
    except ValueError:
        raise InputError(col, text, f"a whole number {lo}..{hi}", where) from None
    if not x.is_integer() or not lo <= x <= hi:
        raise InputError(col, text, f"a whole number {lo}..{hi}", where)
    return int(x)


def _composition(r: Mapping, where: str) -> tuple[int | None, str | None, int, int]:
    echelon = _whole(r, "echelon", where, 1, 9)
    block = str(r.get("block", "")).strip()
    if block in ("", "nan"):
        return echelon, None, 1, 1
    blocks = _whole(r, "blocks", where, 2, 50)
    frame = _whole(r, "framework_blocks", where, 1, 50)
    if blocks is None or frame is None or frame > blocks:
        raise InputError("framework_blocks", frame, f"a whole number 1..blocks ({blocks}) with blocks 2..50", where)
    return echelon, block, blocks, frame


def get(name: str) -> Formation:
    try:
        return catalogue()[name]
    except KeyError:
        raise InputError("formation", name, f"a formation in data/formations.csv ({', '.join(catalogue())})") from None


def ladder(capability: Capability) -> list[Formation]:
    """The building blocks `fit` may use for the capability (data/formations.csv `fit`), smallest first."""
    return sorted((f for f in catalogue().values() if f.capability == capability and f.fits), key=lambda f: f.strength)


def fit(capability: Capability, troops: float, strengths: Mapping[str, float] | None = None) -> tuple[Formation, int]:
    """The formation and count that cover `troops` with the least overshoot (ties: the larger formation,
    so fewer units). 0 troops needs no formation: the smallest, count 0."""
    options = ladder(capability)
    if not options:
        raise InputError("capability", capability.value, "a capability with formations in data/formations.csv")
    if troops <= 0:
        return options[0], 0
    best: tuple[float, float, Formation, int] | None = None
    for f in options:
        size = (strengths or {}).get(f.formation, f.strength)
        n = math.ceil(troops / size - 1e-9)
        key = (n * size - troops, -size)
        if best is None or key < best[:2]:
            best = (key[0], key[1], f, n)
    assert best is not None
    return best[2], best[3]


def fit_many(capability: Capability, troops: np.ndarray, strengths: Mapping[str, np.ndarray]) -> np.ndarray:
    """Vectorised `fit` over Monte Carlo draws: the troops in whole formations for each draw."""
    options = ladder(capability)
    if not options:
        return np.zeros_like(troops)
    best_total = np.full(troops.shape, np.inf)
    best_size = np.zeros(troops.shape)
    for f in options:
        size = strengths[f.formation]
        total = np.ceil(troops / size - 1e-9) * size
        better = (total < best_total - 1e-9) | ((np.abs(total - best_total) <= 1e-9) & (size > best_size))
        best_total = np.where(better, total, best_total)
        best_size = np.where(better, size, best_size)
    return np.where(troops > 0, best_total, 0.0)


__all__ = ["Formation", "catalogue", "get", "ladder", "fit", "fit_many"]
