"""Reads the built-in data sets (and user files of the same shape) with clear errors.

Everything that touches the disk for reference data lives here, so the stages stay pure. A built-in
file (under the package's data directory) is parsed once per process; each caller gets its own copy,
so nothing a caller does to its frame or dict reaches the next one. User files are read every time.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from . import safe_yaml
from .errors import InputError

DATA = resources.files("peaceforce") / "data"


def data_path(*parts: str) -> Path:
    return Path(str(DATA.joinpath(*parts)))


#: a scenario, theatre or mandate is a few kilobytes; anything near this is a mistake
MAX_YAML_BYTES = 5 * 1024 * 1024


@lru_cache(maxsize=1)
def _data_dir() -> Path:
    return Path(str(DATA)).resolve()


def _builtin_file(path: Path) -> Path | None:
    """The resolved path when `path` is a file of the built-in data, else None."""
    try:
        resolved = Path(path).resolve()
    except (OSError, RuntimeError):
        return None
    return resolved if resolved.is_relative_to(_data_dir()) and resolved.is_file() else None


def _is(path: Path, what: str, test: str) -> bool:
    """path.exists() / is_dir() that turn an unusable path (a name too long, a loop) into an InputError."""
    try:
        return bool(getattr(Path(path), test)())
    except (OSError, ValueError) as exc:
        raise InputError(what, str(path), f"a usable file path ({type(exc).__name__})") from None


#: user CSV files larger than this are refused (the built-in nation table is about 40 kB)
MAX_CSV_BYTES = 5 * 1024 * 1024


def read_yaml(path: Path, what: str) -> Any:
    """Parse a YAML file safely (see safe_yaml), turning every failure into an InputError naming the file."""
    if not _is(path, what, "exists"):
        raise InputError(what, str(path), "an existing YAML file")
    if _is(path, what, "is_dir"):
        raise InputError(what, str(path), "a YAML file, not a directory")
    builtin = _builtin_file(path)
    if builtin is not None:
        return copy.deepcopy(_builtin_yaml(builtin, what))
    return _parse_yaml(path, what)


@lru_cache(maxsize=64)
def _builtin_yaml(path: Path, what: str) -> Any:
    return _parse_yaml(path, what)


def _parse_yaml(path: Path, what: str) -> Any:
    try:
        with path.open("rb") as fh:  # bounded read: also safe on /dev/zero or a pipe
            raw = fh.read(MAX_YAML_BYTES + 1)
        if len(raw) > MAX_YAML_BYTES:
            raise InputError(what, str(path), f"a YAML file of at most {MAX_YAML_BYTES // (1024 * 1024)} MB")
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(what, str(path), f"a readable UTF-8 file ({exc})") from None
    try:
        return safe_yaml.load(text)
    except safe_yaml.YamlLimit as exc:
        at = f" at line {exc.line}" if exc.line else ""
        raise InputError(what, str(path), f"valid YAML ({exc.problem}{at})") from None
    except (ValueError, OverflowError, RecursionError) as exc:  # e.g. a number too long to convert
        raise InputError(what, str(path), f"valid YAML ({type(exc).__name__}: {str(exc)[:60]})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(what, str(path), f"valid YAML (syntax error{at}: {problem})") from None


def read_csv(path: Path, what: str, required: tuple[str, ...] = ()) -> pd.DataFrame:
    if not _is(path, what, "exists") or _is(path, what, "is_dir"):
        raise InputError(what, str(path), "an existing CSV file")
    builtin = _builtin_file(path)
    if builtin is not None:
        return _builtin_csv(builtin, what, tuple(required)).copy()
    return _parse_csv(path, what, required, user=True)


@lru_cache(maxsize=64)
def _builtin_csv(path: Path, what: str, required: tuple[str, ...]) -> pd.DataFrame:
    return _parse_csv(path, what, required)


def _parse_csv(path: Path, what: str, required: tuple[str, ...] = (), user: bool = False) -> pd.DataFrame:
    """A user's file: at most MAX_CSV_BYTES, and only an empty cell is blank ('NaN', 'NA', 'None' are
    values, so a cell meant as a number is refused, and Namibia's code NA stays NA)."""
    try:
        if user and path.stat().st_size > MAX_CSV_BYTES:
            raise InputError(what, str(path), f"a CSV file of at most {MAX_CSV_BYTES // (1024 * 1024)} MB")
        extra = {"keep_default_na": False, "na_values": [""]} if user else {}
        frame = pd.read_csv(path, comment=None, skipinitialspace=True, **extra)
    except OSError as exc:
        raise InputError(what, str(path), f"a readable CSV file ({type(exc).__name__})") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(what, str(path), f"a readable CSV file ({str(exc).splitlines()[0]})") from None
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise InputError(what, str(path), f"a CSV with the columns {', '.join(required)} (missing: {', '.join(missing)})")
    return frame


@lru_cache(maxsize=1)
def planning_factor_table() -> pd.DataFrame:
    return read_csv(
        data_path("planning_factors.csv"), "planning factors",
        ("key", "value", "low", "high", "unit", "source", "note"),
    )


#: the small tables that say what the vocabularies mean, with their required columns
TABLES = {
    "roles": ("role", "measure", "host_factor", "covers", "source"),
    "capabilities": ("capability", "level", "unit_type", "lead_only", "counts_as_minimum", "enabler", "source"),
    "incident_types": ("incident", "tier", "fast", "grey_zone", "source"),
    "regions": ("region", "code", "source"),
    "factor_units": ("unit", "min", "max", "whole", "reasoning"),
    "formations": ("formation", "capability", "strength", "low", "high", "fit", "source", "note"),
    "tasks": ("role", "option", "task", "capability", "basis", "kinds", "rate", "formation", "threat", "host_factor",
              "source"),
    "task_missions": ("name", "years", "role", "threat", "task", "basis", "count", "troops", "source", "note"),
    "cost_rates": ("rate", "formation", "unit", "low", "central", "high", "source", "note"),
}


@lru_cache(maxsize=None)
def table(name: str) -> pd.DataFrame:
    """A built-in table from TABLES, read once per process (callers must not modify it)."""
    return read_csv(data_path(f"{name}.csv"), f"data/{name}.csv", TABLES[name])


@lru_cache(maxsize=1)
def missions() -> pd.DataFrame:
    return read_csv(data_path("missions.csv"), "missions", ("name", "role", "threat", "troops"))


@lru_cache(maxsize=1)
def published() -> pd.DataFrame:
    return read_csv(data_path("published.csv"), "published estimates", ("id", "who", "low", "high", "role"))


def builtin_theatres() -> list[str]:
    return sorted(p.stem for p in data_path("theatres").glob("*.yaml"))


def builtin_mandates() -> list[str]:
    return sorted(p.stem for p in data_path("mandates").glob("*.yaml"))


@lru_cache(maxsize=1)
def nations() -> pd.DataFrame:
    return read_csv(data_path("nations.csv"), "nations", ("code", "name", "stance"))


@lru_cache(maxsize=1)
def nation_codes() -> frozenset[str]:
    try:
        return frozenset(nations()["code"].astype(str))
    except InputError:
        return frozenset()


@lru_cache(maxsize=1)
def backstop_codes() -> frozenset[str]:
    """Nations whose recorded stance is `backstop` (the US): they may not lead coalition units."""
    try:
        frame = nations()
    except InputError:
        return frozenset()
    return frozenset(frame.loc[frame["stance"] == "backstop", "code"].astype(str))


@lru_cache(maxsize=1)
def costs() -> pd.DataFrame:
    return read_csv(data_path("costs.csv"), "costs", ("case", "nation", "cost_per_troop_year_eur2025", "kind"))
