"""Theatre files: a mission area cut into sectors, each with its length, people and map coordinates."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from . import catalog
from .errors import InputError
from .domain import roles
from .vocab import HubKind, Provider, Role, SectorKind


class Sector(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str
    kind: SectorKind
    length_km: float = Field(ge=0, le=20_000, allow_inf_nan=False)
    length_source: str = ""
    terrain: str = "mixed"
    #: bounds that catch typos: more people than any country, more area than any country
    population: float | None = Field(None, ge=0, le=2_000_000_000, allow_inf_nan=False)
    population_source: str = ""
    area_km2: float | None = Field(None, ge=0, le=20_000_000, allow_inf_nan=False)
    #: (lat, lon) points of the sector's line
    coords: list[tuple[float, float]] = Field(default_factory=list, max_length=2000)
    coords_source: str = ""
    covered_by: list[Role] | None = None

    @field_validator("coords")
    @classmethod
    def _latlon(cls, pts: list[tuple[float, float]]) -> list[tuple[float, float]]:
        for lat, lon in pts:
            if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError(f"(lat, lon) points with lat in -90..90 and lon in -180..180; got ({lat}, {lon})")
        return pts

    def covers(self, role: str) -> bool:
        """The sector's own list if it has one, else the role's default sector kinds (data/roles.csv)."""
        if self.covered_by is not None:
            return role in self.covered_by
        return self.kind in roles()[Role(role)].covers


class Hub(BaseModel):
    """A place the force protects or bases at: a capital, a port, an airbase, a training site..."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str
    kind: HubKind
    coords: tuple[float, float]  # (lon, lat)
    country: str = ""            # empty: the host country
    source: str
    coords_source: str = ""

    @field_validator("coords")
    @classmethod
    def _lonlat(cls, pt: tuple[float, float]) -> tuple[float, float]:
        lon, lat = pt
        if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError(f"(lon, lat) with lon in -180..180 and lat in -90..90; got ({lon}, {lat})")
        return pt


class Posture(BaseModel):
    """Where a role deploys: how far from the line of contact its hubs must be."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    standoff_km: float = Field(0, ge=0, le=5000, allow_inf_nan=False)
    source: str


class Sea(BaseModel):
    """The theatre's sea and who may reach it: through straits (Montreux) only its littoral states'
    warships enter when the straits are closed to others."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str
    littoral: list[str] = Field(default_factory=list, max_length=50)
    #: 'open': any navy may enter; 'straits': entry through straits a littoral state controls
    access: Literal["open", "straits"] = "open"
    source: str


class Theatre(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    name: str
    title: str = ""
    host: str = ""
    #: the host country's name as readers say it (the nation table holds only contributors)
    host_name: str = ""
    adversary: str = ""
    adversary_army: int | None = Field(None, ge=0)
    adversary_army_source: str = ""
    host_army: int | None = Field(None, ge=0)
    host_army_source: str = ""
    maritime: bool = False
    maritime_source: str = ""
    sea: Sea | None = None
    airspace_km2: float = Field(0, ge=0, le=20_000_000, allow_inf_nan=False)
    airspace_source: str = ""
    line_total_km: float | None = Field(None, ge=0, le=100_000, allow_inf_nan=False)
    line_total_source: str = ""
    sectors: list[Sector] = Field(min_length=1, max_length=200)
    hubs: list[Hub] = Field(default_factory=list, max_length=500)
    posture: dict[Role, Posture] = Field(default_factory=dict)
    #: threatened axes of advance a deterrent must cover
    axes: int | None = Field(None, ge=0, le=100)
    axes_source: str = ""
    #: providers whose lines stand outside the host country (e.g. a backstop that sends no ground troops)
    outside_providers: list[Provider] = Field(default_factory=list, max_length=3)
    outside_providers_source: str = ""

    def standoff(self, role: str) -> float:
        p = self.posture.get(Role(role))
        return p.standoff_km if p else 0.0

    @model_validator(mode="after")
    def _unique(self) -> "Theatre":
        ids = [s.id for s in self.sectors] + [h.id for h in self.hubs] + ([self.sea.id] if self.sea else [])
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"unique sector, hub and sea ids; repeated: {', '.join(dupes)}")
        return self

    def sector(self, sector_id: str) -> Sector:
        return next(s for s in self.sectors if s.id == sector_id)

    def hub(self, hub_id: str) -> Hub | None:
        return next((h for h in self.hubs if h.id == hub_id), None)


def load_theatre(ref: str, path: Path | None = None) -> Theatre:
    """A built-in theatre by name, or a theatre file by path."""
    if path is None:
        path = catalog.data_path("theatres", f"{ref}.yaml") if ref in catalog.builtin_theatres() else Path(ref)
    data = catalog.read_yaml(path, "theatre")
    if not isinstance(data, dict):
        raise InputError("theatre", str(path), "a YAML mapping with name and sectors")
    try:
        return Theatre.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        raise InputError(f"theatre.{loc}", err.get("input"), err["msg"], str(path)) from None
