"""The nation table: who might send what, after their eastern-flank earmarks, with user data on top.

Three built-in tables (nations.csv, capacity.csv, flank.csv) and an optional user CSV keyed by
`code` become one `NationTable`. The user's figures win: a ministry knows its own forces better than
any public table. What each nation can give per line is worked out from it in capacity.py; only
`load_nations()` reads files (through catalog).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from . import catalog
from .errors import InputError
from .factors import Factors
from .vocab import Backstop, Capability, FlankPolicy, ParliamentRule, Stance, values

BACKSTOP_LEVELS = values(Backstop)
CAPABILITIES = values(Capability)
FLANK_POLICIES = values(FlankPolicy)
#: the US row's stance is `backstop`: it provides the backstop, never coalition units
NATION_STANCES = values(Stance)
PARLIAMENT_RULES = values(ParliamentRule)
USER_WHERE = "nations CSV (user)"

BOOL_COLUMNS = ("nato", "eu", "requires_clear_mandate", "requires_un_mandate", "outside_host_only")
NUMBER_COLUMNS = (
    "active_personnel", "land_forces", "gdp_busd", "population", "defence_spending_busd",
    "nato_cost_share_pct", "rotation_multiplier",
)
TEXT_COLUMNS = (
    "name", "stance", "stance_date", "requires_us_backstop", "parliament_rule", "notes",
    "active_personnel_source", "land_forces_source", "gdp_source", "population_source",
    "defence_spending_source", "nato_cost_share_source", "stance_source", "parliament_source",
    "rotation_source", "offers", "offers_source", "largest_formation", "largest_formation_source",
    "outside_host_only_source",
)
#: user-only columns: a ministry's own earmark total and capacities (troops) per capability line
FLANK_COLUMN = "flank_troops"
CAPACITY_PREFIX = "capacity."

#: fair-share key name in the scenario -> column of the nation table
FAIR_SHARE_COLUMNS = {"gdp": "gdp_busd", "population": "population", "nato_cost_share": "nato_cost_share_pct"}


def _allowed_columns() -> str:
    caps = ", ".join(f"{CAPACITY_PREFIX}{c}" for c in CAPABILITIES)
    known = ", ".join(("code",) + TEXT_COLUMNS + BOOL_COLUMNS + NUMBER_COLUMNS + (FLANK_COLUMN,))
    return f"the columns {known}, or capacity columns in troops ({caps}), or any <column>_source"


def _is_known_column(col: str) -> bool:
    if col in ("code",) + TEXT_COLUMNS + BOOL_COLUMNS + NUMBER_COLUMNS + (FLANK_COLUMN,):
        return True
    # a source beside any figure the user adds, e.g. capacity.manoeuvre_source
    if col.endswith("_source"):
        return _is_known_column(col[: -len("_source")])
    if col.startswith(CAPACITY_PREFIX):
        return col[len(CAPACITY_PREFIX):] in CAPABILITIES
    return False


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or (
        isinstance(value, str) and value.strip() == "") or value is pd.NA


#: no figure in a nation table comes near this (population, troops, GDP in billions): a larger one is a
#: typo, and sums of such numbers would overflow the figures the stages add up
MAX_FIGURE = 1e12


def _number(value: object, field: str, where: str, allowed: str = "a number >= 0") -> float:
    if isinstance(value, bool):
        raise InputError(field, value, allowed, where)
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        raise InputError(field, value, allowed, where) from None
    if np.isnan(x) or np.isinf(x) or x < 0 or x > MAX_FIGURE:
        raise InputError(field, value, f"{allowed} and at most {MAX_FIGURE:.0e}", where)
    return x


def _flag(value: object, field: str, where: str) -> int:
    text = str(value).strip().lower()
    if text in ("1", "1.0", "true", "yes", "y"):
        return 1
    if text in ("0", "0.0", "false", "no", "n"):
        return 0
    raise InputError(field, value, "0 or 1 (also true/false, yes/no)", where)


def _code(value: object, where: str) -> str:
    code = str(value).strip().upper() if not _blank(value) else ""
    if len(code) != 2 or not code.isalpha():
        raise InputError("code", value, "a two-letter ISO 3166 alpha-2 code such as NL", where)
    return code


def _clean_cell(col: str, value: object, where: str) -> object:
    """One cell, checked and converted to its column's type."""
    if col in BOOL_COLUMNS:
        return _flag(value, col, where)
    if col == "rotation_multiplier":
        x = _number(value, col, where, "a number >= 1 (troops in the force pool per troop deployed)")
        if x < 1:
            raise InputError(col, value, "a number >= 1 (troops in the force pool per troop deployed)", where)
        return x
    if col in NUMBER_COLUMNS or col == FLANK_COLUMN or (col.startswith(CAPACITY_PREFIX) and not col.endswith("_source")):
        return _number(value, col, where)
    text = str(value).strip()
    if col == "stance" and text not in NATION_STANCES:
        raise InputError(col, value, f"one of {', '.join(NATION_STANCES)}", where)
    if col == "requires_us_backstop" and text not in BACKSTOP_LEVELS:
        raise InputError(col, value, f"one of {', '.join(BACKSTOP_LEVELS)} (the US backstop ladder)", where)
    if col == "offers":
        wrong = [c for c in _split(text) if c not in CAPABILITIES]
        if wrong:
            raise InputError(col, value, f"capability lines separated by ';' ({', '.join(CAPABILITIES)}), or empty for all", where)
    if col == "largest_formation" and text not in _echelons():
        raise InputError(col, value, f"one of {', '.join(_echelons())} (data/formations.csv echelons)", where)
    if col == "parliament_rule" and text not in PARLIAMENT_RULES:
        raise InputError(col, value, f"one of {', '.join(PARLIAMENT_RULES)}", where)
    return text


def _echelons() -> dict[str, int]:
    """Manoeuvre formations by echelon (company .. division), from data/formations.csv."""
    from .formations import catalogue

    return {f.formation: f.echelon for f in sorted(catalogue().values(), key=lambda f: f.echelon or 0) if f.echelon}


def _check_rows(frame: pd.DataFrame, what: str, builtin: bool) -> dict[str, dict[str, object]]:
    """Validate a nation frame (built-in or user): rows by code, cells typed, blanks left out."""
    if "code" not in frame.columns:
        raise InputError(what, list(frame.columns), "a CSV with a `code` column (two-letter nation codes)")
    unknown = [str(c) for c in frame.columns if not _is_known_column(str(c))]
    if unknown and not builtin:
        raise InputError("column", unknown[0], _allowed_columns(), what)
    rows: dict[str, dict[str, object]] = {}
    for i, rec in enumerate(frame.to_dict("records")):
        where = f"{what}, row {i + 2}"
        code = _code(rec.get("code"), where)
        if code in rows:
            raise InputError("code", code, "each nation once (duplicate row)", where)
        where = f"{what}, row {i + 2} ({code})"
        row: dict[str, object] = {}
        for col, value in rec.items():
            col = str(col)
            if col == "code" or _blank(value):
                continue
            # built-in columns this module does not know yet are kept as they are
            row[col] = value if col in unknown else _clean_cell(col, value, where)
        rows[code] = row
    return rows


def _nation_rows(frame: pd.DataFrame, codes: Iterable[str], what: str):
    """Each row of a per-nation table with its position for errors and its checked nation code."""
    known = set(codes)
    for i, rec in enumerate(frame.to_dict("records")):
        where = f"{what}, row {i + 2}"
        code = _code(rec.get("code"), where)
        if code not in known:
            raise InputError("code", code, "a nation in the nation table", where)
        yield where, rec, code


def _check_capacity(frame: pd.DataFrame, codes: Iterable[str], what: str) -> pd.DataFrame:
    seen: set[tuple[str, str]] = set()
    rows = []
    for where, rec, code in _nation_rows(frame, codes, what):
        cap = str(rec.get("capability", "")).strip()
        if cap not in CAPABILITIES:
            raise InputError("capability", cap, f"one of {', '.join(CAPABILITIES)}", where)
        if (code, cap) in seen:
            raise InputError("capability", f"{code} {cap}", "one row per nation and capability", where)
        seen.add((code, cap))
        units = _number(rec.get("units"), "units", where, "a whole number of units >= 0")
        rows.append(dict(rec, code=code, capability=cap, units=units))
    return pd.DataFrame(rows, columns=list(dict.fromkeys(["code", "capability", "units", *frame.columns])))


def _check_flank(frame: pd.DataFrame, land: pd.Series, what: str) -> pd.DataFrame:
    """Validate the flank rows; every column is kept (the flank stage reads brigades and heavy_share).

    A nation's own forces at home (code = host) may leave `troops` blank: they are then its land
    forces, read from the nation table (one owner). `brigades` blank: the flank stage derives them."""
    rows = []
    for where, rec, code in _nation_rows(frame, land.index, what):
        host = str(rec.get("host", "")).strip()
        if _blank(rec.get("troops")) and host == code:
            troops = float(land.get(code, 0.0)) if not _blank(land.get(code)) else 0.0
        else:
            troops = _number(rec.get("troops"), "troops", where,
                             "a number >= 0 (blank only for a nation's own forces at home: its land forces)")
        row = dict(rec, code=code, host=host, troops=troops)
        row["brigades"] = np.nan if _blank(rec.get("brigades")) else _number(rec["brigades"], "brigades", where)
        share = 0.0 if _blank(rec.get("heavy_share")) else _number(rec["heavy_share"], "heavy_share", where,
                                                                     "a share between 0 and 1")
        if share > 1:
            raise InputError("heavy_share", rec["heavy_share"], "a share between 0 and 1", where)
        row["heavy_share"] = share
        rows.append(row)
    columns = list(dict.fromkeys(["code", "host", "troops", "brigades", "heavy_share", *frame.columns]))
    return pd.DataFrame(rows, columns=columns)


def _user_earmarks(fl: pd.DataFrame, user: pd.Series) -> pd.DataFrame:
    """The user's `flank_troops` made the nation's flank rows, so the flank check counts what capacity
    holds back: its rows scaled to that total (brigades given outright scaled alike), or one row of its
    own forces at home when it has none."""
    fl = fl.copy()
    extra = []
    for code, want in user.dropna().items():
        mine = fl["code"] == code
        have = float(fl.loc[mine, "troops"].sum()) if mine.any() else 0.0
        if have > 0:
            factor = float(want) / have
            fl.loc[mine, "troops"] = fl.loc[mine, "troops"].astype(float) * factor
            fl.loc[mine, "brigades"] = pd.to_numeric(fl.loc[mine, "brigades"], errors="coerce") * factor
        elif want > 0:
            if mine.any():
                fl = fl[~mine]
            extra.append({"code": code, "host": code, "troops": float(want), "brigades": np.nan, "heavy_share": 0.0,
                          "kind": "user flank_troops"})
    if extra:
        fl = pd.concat([fl, pd.DataFrame(extra)], ignore_index=True)
    return fl


@dataclass(frozen=True)
class NationTable:
    """Nations (indexed by code), national capacity figures in units, and eastern-flank earmarks."""

    frame: pd.DataFrame
    capacity_units: pd.DataFrame
    flank: pd.DataFrame

    @property
    def codes(self) -> list[str]:
        return list(self.frame.index)

    def __contains__(self, code: object) -> bool:
        return code in self.frame.index

    @cached_property
    def _rows(self) -> dict[str, dict[str, object]]:
        """Each nation's non-blank cells, read out of the frame once (stages ask for single cells a lot)."""
        return {code: {col: v for col, v in rec.items() if not _blank(v)}
                for code, rec in self.frame.to_dict("index").items()}

    @cached_property
    def _offers(self) -> dict[str, frozenset[str]]:
        return {code: (frozenset(_split(str(row["offers"]))) if row.get("offers") else frozenset(CAPABILITIES))
                for code, row in self._rows.items()}

    @cached_property
    def _earmarked(self) -> dict[str, float]:
        return {str(k): float(v) for k, v in self.earmarks().items()}

    def get(self, code: str, column: str, default: object = None) -> object:
        return self._rows[code].get(column, default)

    def name(self, code: str) -> str:
        return str(self.get(code, "name", code))

    def stance(self, code: str) -> str:
        return str(self.get(code, "stance", "unknown"))

    def offers(self, code: str) -> frozenset[str]:
        """The capability lines a nation has said it would send (empty cell: any)."""
        return self._offers[code]

    def echelon(self, code: str) -> int | None:
        """The echelon of the largest manoeuvre formation the nation fields and can frame abroad (None: not
        recorded, so only capacity limits it): a nation with companies gives companies, one with brigades frames them."""
        name = self.get(code, "largest_formation")
        return _echelons().get(str(name)) if name else None

    def outside_host_only(self, code: str) -> bool:
        """The nation's condition that its forces stay outside the host country (e.g. Germany, Jan 2026)."""
        return bool(int(self.get(code, "outside_host_only", 0) or 0))

    def earmarked(self, code: str) -> float:
        """Troops earmarked for NATO's eastern flank: its flank rows summed over hosts (a user's `flank_troops` become its rows)."""
        return self._earmarked.get(code, 0.0)

    def earmarks(self) -> pd.Series:
        """`earmarked` for every nation at once (indexed like `codes`): one groupby, not a scan per nation."""
        index = pd.Index(self.codes)
        total = np.zeros(len(index))
        if len(self.flank):  # a group-by-nation sum of the flank rows
            at = index.get_indexer(self.flank["code"])
            troops = pd.to_numeric(self.flank["troops"], errors="coerce").fillna(0.0).to_numpy(dtype=float)
            np.add.at(total, at[at >= 0], troops[at >= 0])
        # a user's flank_troops are already the nation's flank rows (_user_earmarks): one sum serves both
        return pd.Series(total, index=index)

    def nato_hq(self, f: Factors) -> dict[str, tuple[float, float]]:
        """Per nation, the HQ elements NATO's force structure assigns to its High Readiness Forces (Land)
        HQs (capacity.csv `nato_units` of the nation's HQ row) and the staff of one element: what a
        mission takes from NATO's plans once it needs more HQ staff than the nation's national HQs."""
        units = self.capacity_units
        if not len(units) or "nato_units" not in units.columns:
            return {}
        hq = units[(units["capability"] == "hq") & pd.to_numeric(units["nato_units"], errors="coerce").gt(0)]
        if not len(hq):
            return {}
        per = unit_troops(hq, f)
        return {str(c): (float(n), float(t)) for c, n, t in zip(hq["code"], pd.to_numeric(hq["nato_units"]), per)}

    def key(self, fair_share: str) -> pd.Series:
        """The fair-share key per nation (GDP, population or NATO cost share); a missing figure counts 0."""
        col = FAIR_SHARE_COLUMNS[fair_share]
        if col not in self.frame.columns:
            return pd.Series(0.0, index=self.frame.index)
        return pd.to_numeric(self.frame[col], errors="coerce").fillna(0.0).astype(float)

    @staticmethod
    def from_frames(nations: pd.DataFrame, capacity: pd.DataFrame | None = None,
                    flank: pd.DataFrame | None = None, user: pd.DataFrame | None = None,
                    where: str = "nations") -> "NationTable":
        """Validate and merge; the user frame replaces cells and adds rows and columns."""
        rows = _check_rows(nations, where, builtin=True)
        if user is not None:
            updates = _check_rows(user, USER_WHERE, builtin=False)
            for code, update in updates.items():
                if code not in rows and "name" not in update:
                    raise InputError("name", code, "a name for a nation not in the built-in data (add a `name` column)",
                                     USER_WHERE)
                rows.setdefault(code, {}).update(update)
        base = pd.DataFrame.from_dict(rows, orient="index")
        base.index.name = "code"
        cap = _check_capacity(capacity if capacity is not None else pd.DataFrame(columns=["code", "capability", "units"]),
                              base.index, "capacity")
        land = pd.to_numeric(base.get("land_forces", pd.Series(np.nan, index=base.index)), errors="coerce")
        fl = _check_flank(flank if flank is not None else pd.DataFrame(columns=["code", "host", "troops"]),
                          land, "flank")
        if FLANK_COLUMN in base.columns:
            fl = _user_earmarks(fl, pd.to_numeric(base[FLANK_COLUMN], errors="coerce"))
        return NationTable(base, cap, fl)


def load_nations(user_csv: str | Path | None = None) -> NationTable:
    """The built-in nation data with the user's CSV (if any) on top: user data wins.

    The built-in table alone is checked and built once per process (it is read-only)."""
    if user_csv is None:
        return _builtin_table()
    return _load(user_csv)


@lru_cache(maxsize=1)
def _builtin_table() -> NationTable:
    return _load(None)


def _load(user_csv: str | Path | None) -> NationTable:
    nations = catalog.nations()
    cap_path, flank_path = catalog.data_path("capacity.csv"), catalog.data_path("flank.csv")
    capacity = catalog.read_csv(cap_path, "capacity", ("code", "capability", "units")) if cap_path.exists() else None
    flank = catalog.read_csv(flank_path, "flank", ("code", "host")) if flank_path.exists() else None
    user = None
    if user_csv is not None:
        user = catalog.read_csv(Path(user_csv), "nations CSV", ("code",))
    try:
        return NationTable.from_frames(nations, capacity, flank, user)
    except InputError as err:
        if user_csv is not None and err.where and USER_WHERE in err.where:
            raise InputError(err.field, err.value, err.allowed, err.where.replace(USER_WHERE, str(user_csv))) from None
        raise


# --------------------------------------------------------------------------------------------
# capacity


def unit_troops(units: pd.DataFrame, f: Factors) -> np.ndarray:
    """Troops per capacity.csv unit: its formation's strength (data/formations.csv), else unit_size.<cap>."""
    from .formations import catalogue

    forms = catalogue()
    names = units["formation"] if "formation" in units.columns else pd.Series([""] * len(units))
    return np.array([forms[str(n)].strength if str(n) in forms else f[f"unit_size.{c}"].value
                     for n, c in zip(names, units["capability"])], dtype=float)


__all__ = ["NationTable", "load_nations", "unit_troops", "FAIR_SHARE_COLUMNS", "NATION_STANCES", "FLANK_POLICIES",
           "CAPACITY_PREFIX", "FLANK_COLUMN"]
