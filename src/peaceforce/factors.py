"""Planning factors: every number the model uses, each with its range, unit and source.

One loader checks every factor table (the built-in one, and each scenario override) against the
bounds of its unit (data/factor_units.csv): finite values, shares and probabilities in [0, 1], unit
sizes whole and at least 1, densities and rates under a plausible ceiling stated in that table.
A value outside them is an InputError, so no stage ever sees 1e300 troops per km or a share of 3.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Iterable, Iterator, Mapping

from . import catalog
from .errors import InputError


@dataclass(frozen=True)
class Factor:
    key: str
    value: float
    low: float
    high: float
    unit: str
    source: str
    note: str = ""
    #: the factor in words for readers (data/planning_factors.csv `title`; may be blank: report/titles.py
    #: then words the key); last, so code that builds a Factor positionally keeps working
    title: str = ""

    def use(self) -> dict[str, object]:
        return {"key": self.key, "value": self.value, "unit": self.unit, "source": self.source}


@dataclass(frozen=True)
class UnitBounds:
    unit: str
    low: float
    high: float
    whole: bool
    reasoning: str

    def allowed(self) -> str:
        kind = "a whole number" if self.whole else "a finite number"
        return f"{kind} from {self.low:g} to {self.high:g} ({self.unit})"

    def admits(self, x: float) -> bool:
        return math.isfinite(x) and self.low <= x <= self.high and (not self.whole or x == int(x))


@lru_cache(maxsize=1)
def unit_bounds() -> Mapping[str, UnitBounds]:
    frame = catalog.table("factor_units")
    return {str(r["unit"]): UnitBounds(str(r["unit"]), float(r["min"]), float(r["max"]), str(r["whole"]) == "1",
                                       str(r["reasoning"])) for r in frame.to_dict("records")}


def check_value(key: str, value: object, unit: str, where: str | None = None) -> float:
    """One factor value against its unit's bounds; the value as a float, or InputError."""
    bounds = unit_bounds().get(unit)
    if bounds is None:
        raise InputError(f"{key}.unit", unit, "a unit listed in data/factor_units.csv", where)
    if isinstance(value, bool):
        raise InputError(key, value, bounds.allowed(), where)
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        raise InputError(key, value, bounds.allowed(), where) from None
    if not bounds.admits(x):
        raise InputError(key, value, bounds.allowed(), where)
    return x


class Factors(Mapping[str, Factor]):
    """A read-only table of factors; indexing a key that does not exist fails loudly."""

    def __init__(self, factors: Iterable[Factor]):
        self._f = {f.key: f for f in factors}

    def __getitem__(self, key: str) -> Factor:
        return self._f[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._f)

    def __len__(self) -> int:
        return len(self._f)

    def v(self, key: str) -> float:
        return self._f[key].value

    def first(self, *keys: str) -> Factor | None:
        """The first key that exists: role-specific factors fall back to general ones."""
        for key in keys:
            if key in self._f:
                return self._f[key]
        return None

    def with_overrides(self, overrides: Mapping[str, float]) -> "Factors":
        """The scenario's overrides, each checked like the built-in value (central, low and high)."""
        if not overrides:
            return self
        out = dict(self._f)
        for key, value in overrides.items():
            if key not in out:
                raise InputError(f"overrides.{key}", key, _key_hint(key, out))
            old = out[key]
            if old.source.startswith("scenario override") and old.value == float(value):
                continue  # already applied
            x = check_value(f"overrides.{key}", value, old.unit)
            out[key] = replace(old, value=x, low=x, high=x,
                               source=f"scenario override (built-in: {old.value:g}, {old.source})")
        return Factors(out.values())


def _key_hint(key: str, known: Mapping[str, Factor]) -> str:
    close = sorted(k for k in known if k.split(".")[0] == key.split(".")[0])[:8]
    hint = ", ".join(close) if close else ", ".join(sorted({k.split('.')[0] for k in known}))
    return f"a planning-factor key (e.g. {hint})"


def from_rows(rows: Iterable[Mapping[str, object]], where: str) -> Factors:
    """Validate a factor table: unique keys, low <= value <= high, each within its unit's bounds."""
    out: list[Factor] = []
    seen: set[str] = set()
    for i, r in enumerate(rows):
        at = f"{where}, row {i + 2}"
        key = str(r.get("key", "")).strip()
        if not key or key in seen:
            raise InputError("key", key, "a unique, non-empty factor key", at)
        seen.add(key)
        unit = str(r.get("unit", "")).strip()
        value, low, high = (check_value(f"{key}.{col}", r.get(col), unit, at) for col in ("value", "low", "high"))
        if not low <= value <= high:
            raise InputError(f"{key}.value", value, f"a value within its range {low:g}..{high:g}", at)
        source = str(r.get("source", "")).strip()
        if not source or source == "nan":
            raise InputError(f"{key}.source", source, "a source, or 'assumption: reasoning'", at)
        note = r.get("note")
        out.append(Factor(key, value, low, high, unit, source, "" if note is None or str(note) == "nan" else str(note),
                          title=_title(r.get("title"))))
    return Factors(out)


def _title(value: object) -> str:
    """The optional title column: a table without it, or an empty cell, gives ''."""
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value).strip()


@lru_cache(maxsize=1)
def builtin() -> Factors:
    """The built-in planning factors, read and checked once per process (Factors is read-only)."""
    return from_rows(catalog.planning_factor_table().to_dict("records"), "data/planning_factors.csv")


def check_overrides(overrides: Mapping[str, float]) -> None:
    """Called by the scenario validator: an override must name a factor and stay within its unit's bounds."""
    builtin().with_overrides(overrides)
