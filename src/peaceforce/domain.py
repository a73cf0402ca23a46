"""What the vocabularies mean, read from data: roles, capability lines, incident types, regions.

Stages ask these records ("is this line lead-only?", "what does this role's density multiply?")
instead of branching on names, so a new role or capability is a row in a table, not a code change.
The tables are read once per process through `catalog` and validated here; a bad cell is an
InputError naming the table, the row and what is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping

from . import catalog
from .errors import InputError
from .vocab import (
    Capability, CapabilityLevel, IncidentBasis, IncidentTier, IncidentType, Measure, Role, SectorKind, one_of,
)


@dataclass(frozen=True)
class RoleSpec:
    role: Role
    measure: Measure          # what the role's per-place rates multiply: km of line or thousand inhabitants
    host_factor: bool         # scaled by the adversary's share of the two armies
    covers: frozenset[SectorKind]  # sector kinds the role covers unless a sector says otherwise
    source: str


@dataclass(frozen=True)
class CapabilitySpec:
    capability: Capability
    level: CapabilityLevel
    unit_type: str
    lead_only: bool           # only lead nations may fill it (headquarters)
    counts_as_minimum: bool   # one unit is a meaningful national contribution on its own
    enabler: bool
    source: str
    #: the task can be done from outside the host country (air, sea, drones, training abroad)
    from_outside: bool = False


@dataclass(frozen=True)
class IncidentSpec:
    incident: IncidentType
    tier: IncidentTier
    fast: bool                # an answer helps only within minutes: the rule must set a delay
    grey_zone: bool           # the rule must say explicitly what soldiers may do
    basis: IncidentBasis      # where it happens: along the line, at the force, or theatre-wide
    presence: bool            # seen and answered only where the force watches the spot
    contact: bool             # aimed at posts and patrols: grows with the force's density on its stretch
    source: str


def flag(value: object, field: str, where: str) -> bool:
    """A 0/1 cell of a data table."""
    text = str(value).strip()
    if text not in ("0", "1"):
        raise InputError(field, value, "0 or 1", where)
    return text == "1"


def _member(enum, value: object, field: str, where: str):
    try:
        return enum(str(value).strip())
    except ValueError:
        raise InputError(field, value, one_of(enum), where) from None


def _complete(found: Mapping, enum, what: str) -> None:
    missing = [m.value for m in enum if m not in found]
    if missing:
        raise InputError(what, ", ".join(missing), f"a row for every member ({one_of(enum)})", f"data/{what}.csv")


@lru_cache(maxsize=1)
def roles() -> Mapping[Role, RoleSpec]:
    out: dict[Role, RoleSpec] = {}
    for i, r in enumerate(catalog.table("roles").to_dict("records")):
        where = f"data/roles.csv, row {i + 2}"
        role = _member(Role, r["role"], "role", where)
        covers = frozenset(_member(SectorKind, k, "covers", where) for k in str(r["covers"]).split(";") if k.strip())
        out[role] = RoleSpec(role, _member(Measure, r["measure"], "measure", where),
                             flag(r["host_factor"], "host_factor", where), covers, str(r["source"]))
    _complete(out, Role, "roles")
    return out


@lru_cache(maxsize=1)
def capabilities() -> Mapping[Capability, CapabilitySpec]:
    out: dict[Capability, CapabilitySpec] = {}
    for i, r in enumerate(catalog.table("capabilities").to_dict("records")):
        where = f"data/capabilities.csv, row {i + 2}"
        cap = _member(Capability, r["capability"], "capability", where)
        out[cap] = CapabilitySpec(cap, _member(CapabilityLevel, r["level"], "level", where), str(r["unit_type"]),
                                  flag(r["lead_only"], "lead_only", where),
                                  flag(r["counts_as_minimum"], "counts_as_minimum", where),
                                  flag(r["enabler"], "enabler", where), str(r["source"]),
                                  flag(r.get("from_outside", 0), "from_outside", where))
    _complete(out, Capability, "capabilities")
    # the table's order is the order lines are sized and shown in: keep Capability's own order
    return {c: out[c] for c in Capability}


@lru_cache(maxsize=1)
def incident_types() -> Mapping[IncidentType, IncidentSpec]:
    out: dict[IncidentType, IncidentSpec] = {}
    for i, r in enumerate(catalog.table("incident_types").to_dict("records")):
        where = f"data/incident_types.csv, row {i + 2}"
        kind = _member(IncidentType, r["incident"], "incident", where)
        out[kind] = IncidentSpec(kind, _member(IncidentTier, r["tier"], "tier", where),
                                 flag(r["fast"], "fast", where), flag(r["grey_zone"], "grey_zone", where),
                                 _member(IncidentBasis, r["basis"], "basis", where),
                                 flag(r["presence"], "presence", where), flag(r["contact"], "contact", where),
                                 str(r["source"]))
    _complete(out, IncidentType, "incident_types")
    return {k: out[k] for k in IncidentType}


@lru_cache(maxsize=None)
def region(name: str) -> frozenset[str]:
    """Nation codes of a named region (data/regions.csv), e.g. the Baltic states RAND's yardstick concerns."""
    frame = catalog.table("regions")
    codes = frozenset(str(c) for c in frame.loc[frame["region"] == name, "code"])
    if not codes:
        raise InputError("region", name, f"a region in data/regions.csv ({', '.join(sorted(set(frame['region'])))})")
    return codes


# ---------------------------------------------------------------- convenient views


def ground_capabilities() -> tuple[Capability, ...]:
    return tuple(c for c, s in capabilities().items() if s.level == CapabilityLevel.GROUND)


def enablers() -> tuple[Capability, ...]:
    return tuple(c for c, s in capabilities().items() if s.enabler)


def lead_only() -> frozenset[Capability]:
    return frozenset(c for c, s in capabilities().items() if s.lead_only)


def grey_zone() -> tuple[IncidentType, ...]:
    return tuple(k for k, s in incident_types().items() if s.grey_zone)


def fast_types() -> tuple[IncidentType, ...]:
    return tuple(k for k, s in incident_types().items() if s.fast)


def tier(kind: IncidentType) -> IncidentTier:
    return incident_types()[kind].tier


__all__ = [
    "RoleSpec", "CapabilitySpec", "IncidentSpec", "roles", "capabilities", "incident_types", "region",
    "ground_capabilities", "enablers", "lead_only", "grey_zone", "fast_types", "tier",
]
