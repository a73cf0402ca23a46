"""The scenario: every input of a plan in one validated object, loaded from YAML or from code."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, ValidationInfo, field_validator,
    model_validator,
)

from . import catalog
from .errors import MISSING, InputError, invisible
from .sweep.space import Uncertain
from .vocab import (
    Backstop, FairShareKey, FlankPolicy, ForceOption, IncidentType, ParliamentStatus, Role, StraitsPolicy, Threat,
)

#: upper bounds that catch typos (an army of 80 million) without limiting real cases
MAX_ARMY = 5_000_000
MAX_MONTHS = 240
MAX_RATE = 10_000.0


def _check_code(code: str, info: ValidationInfo | None = None) -> str:
    if not isinstance(code, str) or len(code) != 2 or not code.isalpha() or not code.isupper():
        raise ValueError(f"a two-letter upper-case ISO 3166 alpha-2 code, got {code!r}")
    # nations a user adds with --nations are known too (passed as validation context)
    known = catalog.nation_codes() | frozenset((info.context or {}).get("nation_codes", ()) if info else ())
    if known and code not in known:
        raise ValueError(f"a nation code in the nation data ({', '.join(sorted(known))}); got {code!r}")
    return code


class Coalition(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    lead: list[str] = Field(default_factory=lambda: ["FR", "GB"])
    include: Literal["willing"] | list[str] = "willing"
    exclude: list[str] = Field(default_factory=list)
    fair_share: FairShareKey = FairShareKey.GDP
    eastern_flank: FlankPolicy = FlankPolicy.PROTECT
    #: closed (the default, Turkey's practice since Feb 2022): only shore states' warships enter the sea
    straits: StraitsPolicy = StraitsPolicy.CLOSED
    #: no lead nation carries more than this times another lead's share of its fair share (soft rule);
    #: None: the planning factor generation.co_lead_parity
    co_lead_parity: float | None = Field(None, ge=1.0, le=10.0, allow_inf_nan=False)

    @field_validator("co_lead_parity", mode="before")
    @classmethod
    def _parity(cls, value: Any) -> Any:
        """A number from 1 to 10, written as one (YAML's true and quoted text are mistakes)."""
        if value is None:
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
                or not 1.0 <= value <= 10.0:
            raise ValueError("a number from 1 to 10")
        return value

    @field_validator("lead", "exclude")
    @classmethod
    def _codes(cls, codes: list[str], info: ValidationInfo) -> list[str]:
        return [_check_code(c, info) for c in codes]

    @field_validator("include")
    @classmethod
    def _include(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, list):
            return [_check_code(c, info) for c in value]
        return value

    @model_validator(mode="after")
    def _lead_not_excluded(self) -> "Coalition":
        repeated = sorted({c for c in self.lead if self.lead.count(c) > 1})
        if repeated:
            raise ValueError(f"each lead nation once; repeated: {', '.join(repeated)}")
        clash = sorted(set(self.lead) & set(self.exclude))
        if clash:
            raise ValueError(f"a lead nation cannot also be excluded: {', '.join(clash)}")
        backstop = sorted(c for c in self.lead if c in catalog.backstop_codes())
        if backstop:
            raise ValueError(f"lead nations that may send coalition units; {', '.join(backstop)} provides "
                             f"the US backstop (set us_backstop instead)")
        return self


class Scenario(BaseModel):
    """What the user decides or assumes; everything else comes from built-in data."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=200)
    theatre: str = "ukraine"
    role: Role = Role.REASSURE
    #: the role's force option (data/tasks.csv): light, medium or heavy, as think tanks present them
    option: ForceOption = ForceOption.MEDIUM
    threat: Threat = Threat.MEDIUM
    #: None: the theatre's figure (its host_army, with its source)
    host_army: int | None = Field(None, ge=0, le=MAX_ARMY)
    adversary_army: int | None = Field(None, ge=0, le=MAX_ARMY)
    us_backstop: Backstop = Backstop.INTELLIGENCE
    duration_months: int = Field(36, ge=1, le=MAX_MONTHS)
    rotation_months: int = Field(6, ge=1, le=60)
    coalition: Coalition = Field(default_factory=Coalition)
    mandate: str = "robust"
    parliament: dict[str, ParliamentStatus] = Field(default_factory=dict)
    overrides: dict[str, float] = Field(default_factory=dict)
    incident_rates: dict[IncidentType, float] = Field(default_factory=dict)
    seed: int = Field(20260106, ge=0, le=2**63 - 1)
    #: what a sweep varies (sweep/space.py, docs/sweeps.md); one plan ignores it and plan.json leaves it out
    uncertain: Uncertain | None = Field(None, exclude=True)
    #: where the file was read from, to resolve relative theatre / mandate paths (not a user key)
    _base_dir: str | None = PrivateAttr(None)

    @property
    def base_dir(self) -> str | None:
        return self._base_dir

    @field_validator("parliament")
    @classmethod
    def _parliament(cls, value: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        for code in value:
            _check_code(code, info)
        return value

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a name with at least one visible character")
        bad = invisible(value)
        if bad is not None:
            raise ValueError(f"a name without control or invisible characters (it has {bad})")
        return value.strip()

    @field_validator("overrides", "seed", "host_army", "adversary_army", "duration_months", "rotation_months",
                     mode="before")
    @classmethod
    def _no_booleans(cls, value: Any) -> Any:
        """YAML's true is not the number 1: a boolean where a number belongs is a mistake."""
        items = value.values() if isinstance(value, dict) else [value]
        if any(isinstance(v, bool) for v in items):
            raise ValueError("numbers, not true/false")
        return value

    @field_validator("overrides")
    @classmethod
    def _overrides(cls, value: dict[str, float]) -> dict[str, float]:
        from .factors import check_overrides

        try:
            check_overrides(value)
        except InputError as err:
            raise ValueError(f"{err.field}: {err.allowed}") from None
        return value

    @field_validator("incident_rates", mode="before")
    @classmethod
    def _rate_numbers(cls, value: Any) -> Any:
        if isinstance(value, dict) and any(isinstance(v, bool) or isinstance(v, str) for v in value.values()):
            raise ValueError("numbers of incidents a month, not true/false or text")
        return value

    @field_validator("incident_rates")
    @classmethod
    def _rates(cls, value: dict[IncidentType, float]) -> dict[IncidentType, float]:
        for key, rate in value.items():
            if not math.isfinite(rate) or rate < 0 or rate > MAX_RATE:
                raise ValueError(f"incident_rates.{key}: a number of incidents per month from 0 to {MAX_RATE:g}")
        return value

    @field_validator("theatre")
    @classmethod
    def _theatre(cls, value: str) -> str:
        if value in catalog.builtin_theatres() or value.endswith((".yaml", ".yml")):
            return value
        raise ValueError(
            f"a built-in theatre ({', '.join(catalog.builtin_theatres())}) or a path to a .yaml theatre file"
        )

    @field_validator("mandate")
    @classmethod
    def _mandate(cls, value: str) -> str:
        builtin = catalog.builtin_mandates()
        if value in builtin or value.endswith((".yaml", ".yml")):
            return value
        raise ValueError(f"a built-in mandate ({', '.join(builtin)}) or a path to a .yaml mandate file")

    def resolve(self, ref: str) -> Path:
        """A path given in the scenario is relative to the scenario file."""
        path = Path(ref)
        if not path.is_absolute() and self._base_dir:
            path = Path(self._base_dir) / path
        return path

    def public_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


_ALLOWED_BY_TYPE = {
    "literal_error": None,
    "extra_forbidden": None,
    "missing": "a value (this key is required)",
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_parsing": "a number",
    "float_type": "a number",
    "string_type": "text",
    "dict_type": "a mapping of key: value",
    "list_type": "a list",
    "model_type": "a mapping of key: value",
    "bool_type": "true or false",
}

_KNOWN_KEYS = {
    "": sorted(Scenario.model_fields),
    "coalition": sorted(Coalition.model_fields),
}


#: the part of a location pydantic adds for a union's member (`literal['willing']`, `list[str]`,
#: `function-after[...]`): a user wrote `coalition.include`, not its type
_TAG = re.compile(r"^(?:[a-z][a-z-]*\[.*\]|str|int|float|bool|none)$")


def _describe(error: dict[str, Any]) -> tuple[str, object, str]:
    loc = ".".join(str(p) for p in error["loc"] if not (isinstance(p, str) and _TAG.match(p)))
    kind = error["type"]
    value = MISSING if kind == "missing" else error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        parent = ".".join(str(p) for p in error["loc"][:-1])
        keys = _KNOWN_KEYS.get(parent)
        allowed = f"one of the keys {', '.join(keys)}" if keys else "no such key"
        return loc, error["loc"][-1], f"no unknown keys ({allowed})"
    if kind in ("literal_error", "enum"):
        return loc, value, f"one of {ctx.get('expected', '')}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bounds = {"greater_than_equal": ">=", "less_than_equal": "<=", "greater_than": ">", "less_than": "<"}
        limit = next(iter(ctx.values())) if ctx else "?"
        return loc, value, f"a number {bounds[kind]} {limit}"
    if kind == "value_error":
        msg = str(ctx.get("error", error.get("msg", "")))
        head, _, rest = msg.partition(": ")
        if rest and isinstance(value, dict) and head.startswith(loc + ".") and head[len(loc) + 1:] in value:
            # a checked mapping (overrides): name the key and its value, not the whole mapping
            return head, value[head[len(loc) + 1:]], rest
        return loc, value, msg
    if kind in ("string_too_short", "string_too_long"):
        return loc, value, "non-empty text of at most 200 characters"
    return loc, value, _ALLOWED_BY_TYPE.get(kind) or error.get("msg", "a valid value")


def from_validation_error(exc: ValidationError, where: str | None) -> InputError:
    described = [_describe(e) for e in exc.errors()]  # (location, value, allowed), each error once
    # fields in the order pydantic found them; within one field the deepest first: of a union's
    # branches, `coalition.include.1: text` says more than `coalition.include: one of 'willing'`
    first: dict[str, int] = {}
    for i, (loc, _, _) in enumerate(described):
        first.setdefault(loc.split(".")[0], i)
    described.sort(key=lambda d: (first[d[0].split(".")[0]], -len(d[0].split("."))))
    field, value, allowed = described[0]
    err = InputError(field or "scenario", value, allowed, where)
    if len(described) > 1:
        more = "; ".join(f"{loc}: {what}" for loc, _, what in described[1:4])
        err.args = (f"{err.args[0]} (also: {more})",)
    return err


def load_scenario(source: str | Path | dict[str, Any] | Scenario,
                  nation_codes: frozenset[str] | set[str] = frozenset()) -> Scenario:
    """Build a Scenario from a YAML path, a dict, or return one as it is.

    `nation_codes`: codes of nations a user's own nation data adds to the built-in ones.
    """
    if isinstance(source, Scenario):
        return source
    where = None
    if isinstance(source, dict):
        data = dict(source)
    else:
        path = Path(source)
        where = str(path)
        data = catalog.read_yaml(path, "scenario file")
        if not isinstance(data, dict):
            raise InputError("scenario file", str(path), "a YAML mapping of keys such as name, role, threat", where)
    try:
        scenario = Scenario.model_validate(data, context={"nation_codes": set(nation_codes)})
        if where is not None:
            scenario._base_dir = str(Path(where).parent.resolve())
        return scenario
    except ValidationError as exc:
        raise from_validation_error(exc, where) from None


__all__ = ["Scenario", "Coalition", "load_scenario"]
