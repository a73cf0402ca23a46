"""Capacity: the troops each nation can give per capability line and in all, under the flank policy.

A pure function of the nation table and the planning factors: the user's capacity.<cap> figure, else
capacity.csv units x formation strength, else (ground lines only) derived from land forces; all
derived lines of a nation share its ground pool, NATO's 8% sustainable share of its land forces,
less its eastern-flank earmarks under `protect`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from . import domain
from .errors import InputError
from .factors import Factors
from .nations import CAPABILITIES, CAPACITY_PREFIX, FLANK_POLICIES, NationTable, unit_troops


@dataclass(frozen=True)
class Capacity:
    """Troops each nation can give per capability line and in all, and where each figure came from.

    `troops` is what force generation may use per line under the scenario's flank policy;
    `unearmarked` the same with eastern-flank earmarks available (only derived lines differ); `origin`
    says per cell 'user' (the user's capacity.<cap> column), 'national' (capacity.csv) or 'derived'
    (land forces). `ground` caps the derived ground lines together: the nation's sustainable pool
    (land forces x capacity.sustainable_share), less its earmarks under `protect`.
    """

    troops: pd.DataFrame
    unearmarked: pd.DataFrame
    origin: pd.DataFrame
    pool: pd.Series
    earmarked: pd.Series
    eastern_flank: str
    ground: pd.Series

    @cached_property
    def usable(self) -> dict[str, dict[str, float]]:
        """`troops` as plain dicts, nation -> line -> troops (the solver's model reads thousands of cells)."""
        return {str(c): {str(k): float(v) for k, v in row.items()} for c, row in self.troops.to_dict("index").items()}

    @cached_property
    def reserve(self) -> dict[str, dict[str, float]]:
        """`unearmarked` as plain dicts: what a nation could give if its flank earmarks were released."""
        return {str(c): {str(k): float(v) for k, v in row.items()}
                for c, row in self.unearmarked.to_dict("index").items()}

    @cached_property
    def derived(self) -> dict[str, frozenset[str]]:
        """The lines of each nation that draw on its ground pool (derived from land forces)."""
        return {str(c): frozenset(str(k) for k, v in row.items() if v == "derived")
                for c, row in self.origin.to_dict("index").items()}

    def earmark_used(self, code: str, allocated: dict[str, float]) -> float:
        """Troops of an allocation that come out of flank-earmarked forces: what the derived lines use
        beyond the pool left with the earmarks protected. Always 0 under `protect`."""
        if self.eastern_flank == "protect" or code not in self.troops.index:
            return 0.0
        used = sum(v for k, v in allocated.items() if k in self.derived.get(code, ()))
        left = max(0.0, float(self.pool[code]) - float(self.earmarked[code]))
        return float(max(0.0, min(used - left, float(self.earmarked[code]))))


def capacity(table: NationTable, f: Factors, eastern_flank: str = "protect") -> Capacity:
    """Troops per nation and capability line: user figure, else capacity.csv x formation strength, else derived.

    Derived (ground lines only): land_forces x capacity.share.<cap>, else land_forces x mix.<cap> x
    capacity.branch_share (a third of a branch); all derived lines together stay within the ground pool,
    land_forces x capacity.sustainable_share (NATO's 8% usability target). No jets or ships are derived
    from land forces. Under `protect` the nation's flank earmarks come out of its pool first (never
    below 0), and each derived line is cut to what is left of the pool.
    """
    if eastern_flank not in FLANK_POLICIES:
        raise InputError("coalition.eastern_flank", eastern_flank, f"one of {', '.join(FLANK_POLICIES)}")
    codes = table.codes
    caps = list(CAPABILITIES)
    ground = np.array([c in domain.ground_capabilities() for c in caps])
    land = pd.to_numeric(table.frame.get("land_forces", pd.Series(np.nan, index=codes)), errors="coerce").fillna(0.0)
    land_a = land.to_numpy(dtype=float)
    pool = land.astype(float) * f["capacity.sustainable_share"].value
    branch = f["capacity.branch_share"].value
    values = np.zeros((len(codes), len(caps)))
    where = np.where(ground, "derived", "none").astype(object)[None, :].repeat(len(codes), axis=0)
    for j in np.flatnonzero(ground):
        own = f.get(f"capacity.share.{caps[j]}")
        values[:, j] = land_a * (own.value if own is not None else f[f"mix.{caps[j]}"].value * branch)
    units = table.capacity_units
    if len(units):
        # capacity.csv rows (one per nation and capability) straight into the grid, in troops
        row = pd.Index(codes).get_indexer(units["code"])
        col = pd.Index(caps).get_indexer(units["capability"])
        ok = (row >= 0) & (col >= 0)
        values[row[ok], col[ok]] = (units["units"].to_numpy(dtype=float) * unit_troops(units, f))[ok]
        where[row[ok], col[ok]] = "national"
    troops = pd.DataFrame(values, index=codes, columns=caps)
    text = pd.Series(["derived"]).dtype
    origin = pd.DataFrame({c: pd.Series(where[:, j], index=troops.index, dtype=text if ground[j] else object)
                           for j, c in enumerate(caps)}, index=troops.index)
    for cap in CAPABILITIES:
        col = f"{CAPACITY_PREFIX}{cap}"
        if col in table.frame.columns:
            given = pd.to_numeric(table.frame[col], errors="coerce")
            mask = given.notna()
            troops.loc[mask, cap] = given[mask].astype(float)
            origin.loc[mask, cap] = "user"
    earmarked = table.earmarks()
    left = pool
    if eastern_flank == "protect":
        left = (pool - earmarked).clip(lower=0.0)
    derived = origin.to_numpy() == "derived"

    def within(limit: pd.Series) -> pd.DataFrame:
        """No derived line above `limit` (the pool itself is a separate, joint ceiling in the model)."""
        values = troops.to_numpy(copy=True)
        values[derived] = np.minimum(values, limit.to_numpy()[:, None])[derived]
        return pd.DataFrame(values, index=troops.index, columns=troops.columns).astype(float)

    return Capacity(within(left), within(pool), origin, pool, earmarked, eastern_flank, left.astype(float).rename(None))


__all__ = ["Capacity", "capacity"]
