"""Roles as sets of tasks a planner would staff, and where the theatre lets them stand.

data/tasks.csv lists, per role and force option (light / medium / heavy), each task: the capability
line it belongs to, what it is sized on (`basis`), the rate (planning factors, a product or quotient
of keys), the formation that staffs it (or `fit`: the smallest formation of the line that covers the
troops), and whether the threat multiplier and the host factor apply. The bases:

- fixed       the rate is a number of formations (or troops, with `fit`): a headquarters, a QRF
- hubs        the rate per protected hub of the listed kinds that the role's posture allows
- line_km     the rate per km of each covered line sector (troops per km: the calibrated densities)
- population  the rate per thousand inhabitants of each covered sector
- trainees    the rate is the number of trainers (trainees a year / trainees per trainer a year)
- axes        the rate per threatened axis of the theatre (brigades per axis, deterrence)
- sea         the rate, only where the theatre has a sea
- share       enablers: the rate `enabler.<line>` per troop of the supported lines (`kinds`)

Pure: the specs come in through catalog; the geometry (hub to line distance) is computed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import catalog
from .domain import flag
from .errors import InputError
from .factors import Factors
from .theatre import Hub, Theatre
from .vocab import Capability, ForceOption, Role, one_of

BASES = ("fixed", "hubs", "line_km", "population", "trainees", "axes", "sea", "share")
EARTH_KM = 6371.0


@dataclass(frozen=True)
class TaskSpec:
    role: Role
    option: ForceOption
    task: str
    capability: Capability | None  # None: the enabler lines (one line each), see basis `share`
    basis: str
    kinds: tuple[str, ...]
    rate: tuple[tuple[str, str], ...]  # (operator, factor key): ('*', 'a'), ('/', 'b')
    formation: str                    # a formation id, or 'fit'
    threat: bool
    host_factor: bool
    source: str

    @property
    def rate_keys(self) -> tuple[str, ...]:
        return tuple(k for _, k in self.rate)


_TOKEN = re.compile(r"\s*([*/])\s*")


def parse_rate(text: str, where: str) -> tuple[tuple[str, str], ...]:
    """'a / b * c' -> (('*', 'a'), ('/', 'b'), ('*', 'c')); keys are planning-factor keys."""
    parts = _TOKEN.split(text.strip())
    if not parts or not parts[0]:
        raise InputError("rate", text, "planning-factor keys joined by * or /", where)
    out = [("*", parts[0])]
    for op, key in zip(parts[1::2], parts[2::2]):
        out.append((op, key.strip()))
    return tuple(out)


@lru_cache(maxsize=1)
def catalogue() -> tuple[TaskSpec, ...]:
    out: list[TaskSpec] = []
    for i, r in enumerate(catalog.table("tasks").to_dict("records")):
        where = f"data/tasks.csv, row {i + 2}"
        try:
            role, option = Role(str(r["role"]).strip()), ForceOption(str(r["option"]).strip())
        except ValueError:
            raise InputError("role/option", f"{r['role']}/{r['option']}",
                             f"role {one_of(Role)}; option {one_of(ForceOption)}", where) from None
        basis = str(r["basis"]).strip()
        if basis not in BASES:
            raise InputError("basis", basis, "one of " + ", ".join(BASES), where)
        cap_text = str(r["capability"]).strip()
        try:
            cap = None if cap_text == "*" else Capability(cap_text)
        except ValueError:
            raise InputError("capability", cap_text, one_of(Capability) + " or * (the enabler lines)", where) from None
        kinds = tuple(k.strip() for k in str(r["kinds"]).split(";") if k.strip() and str(r["kinds"]) != "nan")
        out.append(TaskSpec(role, option, str(r["task"]).strip(), cap, basis, kinds,
                            parse_rate(str(r["rate"]), where), str(r["formation"]).strip(),
                            flag(r["threat"], "threat", where), flag(r["host_factor"], "host_factor", where),
                            str(r["source"])))
    return tuple(out)


def for_role(role: Role, option: ForceOption) -> list[TaskSpec]:
    specs = [t for t in catalogue() if t.role == role and t.option == option]
    if not specs:
        raise InputError("option", option.value, f"an option data/tasks.csv lists for {role.value}")
    return specs


def check_keys(specs: list[TaskSpec], f: Factors) -> None:
    """Every rate names factors that exist: a typo in the table is a clear error, not a KeyError."""
    for t in specs:
        for key in t.rate_keys:
            if key != "enabler" and key not in f:
                raise InputError(f"tasks.{t.role.value}.{t.option.value}.{t.task}.rate", key,
                                 "planning-factor keys of data/planning_factors.csv")


# ---------------------------------------------------------------- where the force may stand


def _line_points(theatre: Theatre) -> np.ndarray:
    """All hostile ground as points (lat, lon in radians): the line of contact and the borders with the
    adversary and its allies (every sector's polyline, densified tenfold)."""
    pts = []
    for s in theatre.sectors:
        if len(s.coords) < 2:
            continue
        for a, b in zip(s.coords, s.coords[1:]):
            for k in range(10):  # enough at these segment lengths (< 60 km)
                pts.append((a[0] + (b[0] - a[0]) * k / 10, a[1] + (b[1] - a[1]) * k / 10))
        pts.append(tuple(s.coords[-1]))
    return np.radians(np.array(pts, dtype=float).reshape(-1, 2))


def distances_to_line(hubs: list[Hub], theatre: Theatre) -> list[float | None]:
    """Great-circle km from each hub to the nearest hostile ground: the line or a hostile border (haversine)."""
    pts = _line_points(theatre)
    if not len(pts) or not hubs:
        return [None] * len(hubs)
    h = np.radians(np.array([(hub.coords[1], hub.coords[0]) for hub in hubs], dtype=float))
    dlat = pts[None, :, 0] - h[:, None, 0]
    dlon = pts[None, :, 1] - h[:, None, 1]
    a = np.sin(dlat / 2) ** 2 + np.cos(h[:, None, 0]) * np.cos(pts[None, :, 0]) * np.sin(dlon / 2) ** 2
    km = 2 * EARTH_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))
    return [float(x) for x in km.min(axis=1)]


def hubs_for(theatre: Theatre, kinds: tuple[str, ...], standoff_km: float) -> list[tuple[Hub, float | None]]:
    """The theatre's hubs of these kinds (in the host country) at least `standoff_km` from hostile ground."""
    hubs = [h for h in theatre.hubs if h.kind in kinds and (not h.country or h.country == theatre.host)]
    return [(h, d) for h, d in zip(hubs, distances_to_line(hubs, theatre)) if d is None or d >= standoff_km]


__all__ = ["TaskSpec", "catalogue", "for_role", "check_keys", "hubs_for", "distances_to_line", "BASES"]
