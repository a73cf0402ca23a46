"""The incident model's parameters: arrival rates by type and threat (data/incident_rates.csv) and the
escalation chain's and exposure model's parameters (data/escalation.csv), validated in one place.

Every key the models read is listed here with the kind of value it must be, so a typo or a missing row
in either table is one clear error naming the file, the key and what is allowed."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from . import catalog, domain
from .errors import InputError
from .factors import Factor
from .mandate import AUTHORITIES, INCIDENT_TYPES
from .vocab import Backstop, IncidentBasis, Threat, values

BACKSTOP_LEVELS = values(Backstop)
THREATS = values(Threat)
MAX_RATE = 10_000.0
#: incident types that happen along the line of contact: each has a reach (exposure.py)
LINE_TYPES = tuple(k.value for k, spec in domain.incident_types().items() if spec.basis == IncidentBasis.LINE)

#: chain parameters the model needs, with the kind of value each must be
PROBABILITIES = (
    ("ambiguous_share", "escalate.routine", "escalate.serious", "escalate.mass_buildup", "escalate.major_offensive")
    + tuple(f"deterrence.{b}" for b in BACKSTOP_LEVELS) + tuple(f"answer.{b}" for b in BACKSTOP_LEVELS)
)
POSITIVE = (
    tuple(f"delay_minutes.{a}" for a in AUTHORITIES + ("unspecified",))
    + ("delay_spread", "window_minutes.fast", "window_minutes.other", "factor.late", "factor.unanswered")
    # the exposure model (exposure.py)
    + tuple(f"reach_km.{k}" for k in LINE_TYPES)
    + ("border_share", "coverage.troops_per_km_90", "coverage.sensor_weight", "probing.thin_gain",
       "probing.vague_gain", "balance.elasticity", "contact.reference_per_km", "contact.exponent")
)
WHOLE = (("steps.major_combat", 1), ("live_months", 1), ("cap_steps", 0))
CHAIN_KEYS = PROBABILITIES + POSITIVE + tuple(k for k, _ in WHOLE)


#: a rate or chain parameter is a planning factor like any other (key, value, range, source, title). Chain
#: parameters take their title from data/escalation.csv (optional column); rate rows (`rate.<type>.<threat>`)
#: carry none here: report/titles.py words them from the incident types' labels, so those words live in one place
Param = Factor


@dataclass(frozen=True)
class IncidentParams:
    """Arrival rates (per month, by incident type and threat) and the escalation chain's parameters."""

    rates: Mapping[tuple[str, str], Param]
    chain: Mapping[str, Param]
    #: km of line a line-type rate was counted on (None: stated for the theatre's own line)
    line_km: Mapping[tuple[str, str], float | None] = field(default_factory=dict)

    def rate(self, incident: str, threat: str) -> float:
        return self.rates[(incident, threat)].value

    def v(self, key: str) -> float:
        return self.chain[key].value

    def with_values(self, **values: float) -> "IncidentParams":
        """A copy with some chain parameters replaced (dots in keys written as '__')."""
        chain = dict(self.chain)
        for name, value in values.items():
            key = name.replace("__", ".")
            if key not in chain:
                raise InputError(key, value, f"a chain parameter: one of {', '.join(sorted(chain))}")
            chain[key] = replace(chain[key], value=float(value), low=min(chain[key].low, float(value)),
                                 high=max(chain[key].high, float(value)), source="override")
        return params_from_rows(
            [{"incident": i, "threat": t, "per_month": p.value, "line_km": self.line_km.get((i, t)),
              "source": p.source, "note": p.note} for (i, t), p in self.rates.items()],
            [{"key": p.key, "title": p.title, "value": p.value, "low": p.low, "high": p.high, "source": p.source,
              "note": p.note} for p in chain.values()],
        )


# ---------------------------------------------------------------- parameters: validation (pure) and loading

def _number(value: Any, field: str, allowed: str, where: str | None) -> float:
    try:
        out = float(value)
    except (TypeError, ValueError):
        raise InputError(field, value, allowed, where) from None
    if not math.isfinite(out):
        raise InputError(field, value, allowed, where)
    return out


def _source(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def params_from_rows(rate_rows: list[Mapping[str, Any]], chain_rows: list[Mapping[str, Any]],
                     where: tuple[str | None, str | None] = (None, None)) -> IncidentParams:
    """Validate the two tables: every rate and parameter present once, in range, with a source."""
    rates_at, chain_at = where
    rates: dict[tuple[str, str], Param] = {}
    line_km: dict[tuple[str, str], float | None] = {}
    for row in rate_rows:
        incident, threat = str(row.get("incident")), str(row.get("threat"))
        if incident not in INCIDENT_TYPES:
            raise InputError("incident", incident, f"one of {', '.join(INCIDENT_TYPES)}", rates_at)
        if threat not in THREATS:
            raise InputError(f"{incident}.threat", threat, f"one of {', '.join(THREATS)}", rates_at)
        if (incident, threat) in rates:
            raise InputError(f"{incident}.{threat}", "duplicate row", "one row per incident type and threat", rates_at)
        value = _number(row.get("per_month"), f"{incident}.{threat}.per_month", "a number >= 0", rates_at)
        if value < 0 or value > MAX_RATE:
            raise InputError(f"{incident}.{threat}.per_month", value, f"a number between 0 and {MAX_RATE:g}", rates_at)
        source = _source(row.get("source"))
        if not source:
            raise InputError(f"{incident}.{threat}.source", "", "a source or ASSUMPTION with its reasoning", rates_at)
        rates[(incident, threat)] = Param(f"rate.{incident}.{threat}", value, value, value, "incidents per month", source,
                                               _source(row.get("note")))
        km = row.get("line_km")
        if km is None or (isinstance(km, float) and math.isnan(km)) or str(km).strip() == "":
            line_km[(incident, threat)] = None
        else:
            km = _number(km, f"{incident}.{threat}.line_km", "km of line the rate was counted on, > 0", rates_at)
            if not 0 < km <= 100_000:
                raise InputError(f"{incident}.{threat}.line_km", km, "km of line the rate was counted on, 0 to 100,000", rates_at)
            line_km[(incident, threat)] = km
    missing = [f"{i}.{t}" for i in INCIDENT_TYPES for t in THREATS if (i, t) not in rates]
    if missing:
        raise InputError("incident rates", ", ".join(missing), "a rate for every incident type at every threat level", rates_at)

    chain: dict[str, Param] = {}
    for row in chain_rows:
        key = str(row.get("key"))
        if key not in CHAIN_KEYS:
            raise InputError("key", key, f"one of {', '.join(CHAIN_KEYS)}", chain_at)
        if key in chain:
            raise InputError(key, "duplicate row", "one row per key", chain_at)
        value, low, high = (_number(row.get(c), f"{key}.{c}", "a number", chain_at) for c in ("value", "low", "high"))
        if not low <= value <= high:
            raise InputError(f"{key}.value", value, f"a value within its range {low:g}..{high:g}", chain_at)
        source = _source(row.get("source"))
        if not source:
            raise InputError(f"{key}.source", "", "a source or ASSUMPTION with its reasoning", chain_at)
        chain[key] = Param(key, value, low, high, "", source, _source(row.get("note")), title=_source(row.get("title")))
    missing = [k for k in CHAIN_KEYS if k not in chain]
    if missing:
        raise InputError("escalation parameters", ", ".join(missing), "every chain parameter", chain_at)
    for key in PROBABILITIES:
        if not 0 <= chain[key].value <= 1:
            raise InputError(key, chain[key].value, "a probability between 0 and 1", chain_at)
    for key in POSITIVE:
        if chain[key].value <= 0:
            raise InputError(key, chain[key].value, "a number > 0", chain_at)
    for key, least in WHOLE:
        value = chain[key].value
        if value != int(value) or value < least:
            raise InputError(key, value, f"a whole number >= {least}", chain_at)
    for kind in ("deterrence", "answer"):
        values = [chain[f"{kind}.{b}"].value for b in BACKSTOP_LEVELS]
        if any(b < a for a, b in zip(values, values[1:])):
            raise InputError(kind, values, f"values that never fall along the backstop ladder {', '.join(BACKSTOP_LEVELS)}", chain_at)
    return IncidentParams(rates, chain, line_km)


def load_params(rates_path: str | Path | None = None, chain_path: str | Path | None = None) -> IncidentParams:
    """Read the two tables (the only I/O here); the built-in ones by default."""
    rp = Path(rates_path) if rates_path else catalog.data_path("incident_rates.csv")
    cp = Path(chain_path) if chain_path else catalog.data_path("escalation.csv")
    rates = catalog.read_csv(rp, "incident rates", ("incident", "threat", "per_month", "source", "note"))
    chain = catalog.read_csv(cp, "escalation parameters", ("key", "value", "low", "high", "source", "note"))
    return params_from_rows(rates.to_dict("records"), chain.to_dict("records"), (str(rp), str(cp)))


@lru_cache(maxsize=1)
def default_params() -> IncidentParams:
    return load_params()




__all__ = ["IncidentParams", "Param", "params_from_rows", "load_params", "default_params", "CHAIN_KEYS",
           "PROBABILITIES", "POSITIVE", "WHOLE", "LINE_TYPES", "BACKSTOP_LEVELS", "THREATS", "MAX_RATE"]
