"""The base of every stage's result: typed, frozen records that serialise to plan.json.

Stages hand each other these records, never prose; plan.json is their serialisation and its JSON
Schema is generated from them (unknown keys forbidden), so the file, the schema and the code cannot
drift apart. Sentences for people are written from these records in `report/` only.
"""

from __future__ import annotations

import math
from typing import Callable

from pydantic import BaseModel, ConfigDict


class Record(BaseModel):
    """A stage result: immutable, no unknown fields; floats must be finite (plan.json forbids NaN)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Range(Record):
    """A figure with its range: the 10th, 50th and 90th percentile unless the owner says otherwise."""

    low: float
    central: float
    high: float

    def __add__(self, other: "Range") -> "Range":
        return Range(low=self.low + other.low, central=self.central + other.central, high=self.high + other.high)

    def map(self, fn: Callable[[float], float]) -> "Range":
        return Range(low=fn(self.low), central=fn(self.central), high=fn(self.high))

    def scale(self, other: "Range") -> "Range":
        """Element-wise product: low x low, central x central, high x high."""
        return Range(low=self.low * other.low, central=self.central * other.central, high=self.high * other.high)

    @staticmethod
    def of(low: float, central: float, high: float) -> "Range":
        return Range(low=low, central=central, high=high)

    @staticmethod
    def point(x: float) -> "Range":
        return Range(low=x, central=x, high=x)

    @staticmethod
    def zero() -> "Range":
        return Range(low=0.0, central=0.0, high=0.0)

    def to_dict(self) -> dict[str, float]:
        return {"low": self.low, "central": self.central, "high": self.high}

    def finite(self) -> bool:
        return all(math.isfinite(x) for x in (self.low, self.central, self.high))


__all__ = ["Record", "Range"]
