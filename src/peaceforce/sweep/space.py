"""The scenario's `uncertain:` block: what a sweep varies, and how.

    uncertain:
      factors: own                  # own (default): every planning factor with a range the plan reads,
                                    # drawn as the plan's own Monte Carlo draws it; none: only those below
      host_army: {low: 500000, high: 1000000}             # a range (uniform unless `dist` says otherwise)
      adversary_army: {low: 500000, high: 900000, dist: loguniform}
      threat: [low, medium, high]                         # choices, equally likely
      us_backstop: {choices: [none, intelligence, air], weights: [1, 2, 1]}
      joins.NL: [true, false]                             # false: excluded; true: as `include` says
      factor.rotation.dwell_ratio: {low: 2, high: 4}      # a planning factor over a range of your own
      factor.training.per_trainer: own                    # ... or over its own range
      incident_rates.probe_incursion: {low: 1, high: 8, dist: triangular, mode: 3}

Only the form is checked here (scenario.py imports this module, so it stays light); whether a value is
one the scenario admits is checked when a sweep resolves the block (inputs.py), naming the input.
"""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, model_validator

#: scenario fields a range can vary, and whether they are whole numbers
NUMERIC = {"host_army": True, "adversary_army": True, "duration_months": True, "rotation_months": True,
           "coalition.co_lead_parity": False}
#: scenario fields that take one of their vocabulary's values
CATEGORICAL = ("role", "option", "threat", "us_backstop", "mandate", "coalition.fair_share",
               "coalition.eastern_flank", "coalition.straits")
#: families named by a prefix: a planning factor, an incident rate (numeric); a nation's vote, whether
#: a nation joins (categorical)
PREFIXES = ("factor.", "incident_rates.", "parliament.", "joins.")
#: more would make a design nobody can read, and a Sobol sweep of millions of plans
MAX_INPUTS = 200
MAX_CHOICES = 50

NAMES_ALLOWED = ("a field such as host_army or threat, or factor.KEY, incident_rates.TYPE, parliament.CODE, "
                 "joins.CODE (docs/sweeps.md)")


def _finite(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


class Between(BaseModel):
    """A range: uniform, log-uniform (a quantity known to within a factor) or triangular with a mode."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    low: float
    high: float
    dist: Literal["uniform", "loguniform", "triangular"] = "uniform"
    mode: float | None = None


class Choices(BaseModel):
    """One of a few values, each as likely as its weight says (equally likely without weights)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    choices: list[str | bool | int | float]
    weights: list[float] | None = None


def family(name: str) -> str:
    """What kind of input a name is: 'numeric', 'categorical', 'factor', 'rate', 'vote', 'joins' or ''."""
    if name in NUMERIC:
        return "numeric"
    if name in CATEGORICAL:
        return "categorical"
    for prefix, kind in zip(PREFIXES, ("factor", "rate", "vote", "joins")):
        if name.startswith(prefix) and len(name) > len(prefix):
            return kind
    return ""


def _between(name: str, raw: dict) -> Between:
    unknown = sorted(set(raw) - {"low", "high", "dist", "mode"})
    if unknown:
        raise ValueError(f"uncertain.{name}: low, high and optionally dist (uniform, loguniform, triangular) and "
                         f"mode; not {', '.join(map(str, unknown))}")
    low, high, mode, dist = raw.get("low"), raw.get("high"), raw.get("mode"), raw.get("dist", "uniform")
    if not (_finite(low) and _finite(high) and low <= high):
        raise ValueError(f"uncertain.{name}: a range of two numbers, low <= high (e.g. {{low: 1, high: 2}})")
    if dist not in ("uniform", "loguniform", "triangular"):
        raise ValueError(f"uncertain.{name}: dist one of uniform, loguniform, triangular")
    if dist == "loguniform" and low <= 0:
        raise ValueError(f"uncertain.{name}: a log-uniform range above 0")
    if (dist == "triangular") != (mode is not None) or (mode is not None and not (_finite(mode) and low <= mode <= high)):
        raise ValueError(f"uncertain.{name}: a mode between low and high with dist: triangular (and only then)")
    return Between(low=low, high=high, dist=dist, mode=mode)


def _choices(name: str, raw: Any) -> Choices:
    values, weights = (raw, None) if isinstance(raw, list) else (raw.get("choices"), raw.get("weights"))
    if isinstance(raw, dict) and set(raw) - {"choices", "weights"}:
        raise ValueError(f"uncertain.{name}: a list of choices, or {{choices: [...], weights: [...]}}")
    if not isinstance(values, list) or not 1 <= len(values) <= MAX_CHOICES:
        raise ValueError(f"uncertain.{name}: a list of 1 to {MAX_CHOICES} choices")
    if any(not isinstance(v, (str, bool, int, float)) for v in values) or len(set(map(repr, values))) < len(values):
        raise ValueError(f"uncertain.{name}: distinct plain values (text, numbers, true/false)")
    kind = family(name)
    if kind == "joins" and any(not isinstance(v, bool) for v in values):
        raise ValueError(f"uncertain.{name}: choices of true (as the coalition's include says) and false (excluded)")
    if kind in ("categorical", "vote") and any(not isinstance(v, str) for v in values):
        raise ValueError(f"uncertain.{name}: choices written as names (e.g. [low, medium, high])")
    if kind in ("numeric", "factor", "rate") and any(not _finite(v) for v in values):
        raise ValueError(f"uncertain.{name}: choices that are numbers")
    if weights is not None and (not isinstance(weights, list) or len(weights) != len(values)
                                or any(not _finite(w) or w < 0 for w in weights) or sum(weights) <= 0):
        raise ValueError(f"uncertain.{name}: weights, one number >= 0 per choice, not all 0")
    return Choices(choices=values, weights=weights)


def parse(name: str, raw: Any) -> Between | Choices | Literal["own"]:
    """One entry of the block, checked for its form and its family."""
    kind = family(name)
    if not kind:
        raise ValueError(f"uncertain.{name}: {NAMES_ALLOWED}")
    if raw == "own":
        if kind != "factor":
            raise ValueError(f"uncertain.{name}: 'own' (the factor's own range) only for factor.KEY")
        return "own"
    if isinstance(raw, dict) and ("low" in raw or "high" in raw):
        if kind not in ("numeric", "factor", "rate"):
            raise ValueError(f"uncertain.{name}: a list of choices (a range only for numbers)")
        return _between(name, raw)
    if isinstance(raw, (list, dict)):
        return _choices(name, raw)
    raise ValueError(f"uncertain.{name}: a range {{low: .., high: ..}}, a list of choices"
                     + (", or own" if kind == "factor" else ""))


class Uncertain(BaseModel):
    """The block as typed entries: `factors` (own or none) and one spec per input name."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    factors: Literal["own", "none"] = "own"
    inputs: dict[str, Between | Choices | Literal["own"]] = {}

    @model_validator(mode="before")
    @classmethod
    def _flat(cls, data: Any) -> Any:
        """The YAML is flat (input names beside `factors`); each entry is parsed by its name."""
        if isinstance(data, Uncertain):
            return data
        if data is None:
            return {}
        if not isinstance(data, dict):
            raise ValueError("a mapping of input names to ranges or choices (docs/sweeps.md)")
        factors = data.get("factors", "own")
        if factors not in ("own", "none"):
            raise ValueError("uncertain.factors: own (every factor with a range the plan reads) or none")
        entries = {k: v for k, v in data.items() if k not in ("factors", "inputs")}
        if "inputs" in data:  # the typed form (model_dump) round-trips
            if not isinstance(data["inputs"], dict):
                raise ValueError("uncertain.inputs: a mapping of input names to ranges or choices")
            entries.update(data["inputs"])
        if len(entries) > MAX_INPUTS:
            raise ValueError(f"uncertain: at most {MAX_INPUTS} inputs")
        inputs = {}
        for name, raw in entries.items():
            if not isinstance(name, str):
                raise ValueError(f"input names written as text ({NAMES_ALLOWED}); got the key {name!r}")
            inputs[name] = raw if isinstance(raw, (Between, Choices)) else parse(name, _plain(raw))
        return {"factors": factors, "inputs": inputs}


def _plain(raw: Any) -> Any:
    """A dumped spec ({'low':..,'high':..,'dist':..,'mode': None}) reads like the YAML form."""
    if isinstance(raw, dict):
        return {k: v for k, v in raw.items() if not (k in ("mode", "weights") and v is None)
                and not (k == "dist" and v == "uniform")}
    return raw


__all__ = ["Uncertain", "Between", "Choices", "family", "parse", "NUMERIC", "CATEGORICAL"]
