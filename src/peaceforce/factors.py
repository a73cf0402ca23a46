"""Planning factors: every number sizing uses, each with its range and source."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from types import MappingProxyType
from typing import Iterable, Mapping

from . import catalog


@dataclass(frozen=True)
class Factor:
    key: str
    value: float
    low: float
    high: float
    unit: str
    source: str
    note: str = ""

    def use(self) -> dict[str, object]:
        return {"key": self.key, "value": self.value, "unit": self.unit, "source": self.source}


class Factors(Mapping[str, Factor]):
    """A read-only table of factors; `get(key)` fails loudly for a key that does not exist."""

    def __init__(self, factors: Iterable[Factor]):
        # read-only view: a Factors (the cached built-in one included) never changes after it is made
        self._f: Mapping[str, Factor] = MappingProxyType({f.key: f for f in factors})

    def __getitem__(self, key: str) -> Factor:
        return self._f[key]

    def __iter__(self):
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
        if not overrides:
            return self
        out = dict(self._f)
        for key, value in overrides.items():
            if out[key].source.startswith("scenario override") and out[key].value == float(value):
                continue  # already applied
            out[key] = replace(out[key], value=float(value), low=float(value), high=float(value),
                               source=f"scenario override (built-in: {out[key].value:g}, {out[key].source})")
        return Factors(out.values())


def _num(x: object) -> float:
    return float(x)  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def builtin() -> Factors:
    """The built-in planning factors, read once per process (Factors and Factor are immutable: share them)."""
    table = catalog.planning_factor_table()
    rows = []
    for r in table.itertuples(index=False):
        rows.append(Factor(str(r.key), _num(r.value), _num(r.low), _num(r.high), str(r.unit),
                           str(r.source), "" if str(r.note) == "nan" else str(r.note)))
    return Factors(rows)


def check_overrides(overrides: Mapping[str, float]) -> None:
    """Called by the scenario validator: an override must name a factor and keep its sign."""
    known = builtin()
    for key, value in overrides.items():
        if key not in known:
            close = sorted(k for k in known if k.split(".")[0] == key.split(".")[0])[:12]
            hint = ", ".join(close) if close else ", ".join(sorted({k.split('.')[0] for k in known}))
            raise ValueError(f"a planning-factor key (e.g. {hint}); got {key!r}")
        if not isinstance(value, (int, float)) or value != value or value < 0:
            raise ValueError(f"override {key!r}: a number >= 0, got {value!r}")
        if key.startswith(("us_share.", "mix.", "host_share.")) and value > 1:
            raise ValueError(f"override {key!r}: a share between 0 and 1, got {value!r}")
        if key.startswith("unit_size.") and value < 1:
            raise ValueError(f"override {key!r}: a unit size of at least 1 troop, got {value!r}")
