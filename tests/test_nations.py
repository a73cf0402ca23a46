"""The nation table: loading, user overrides, validation, and capacity per capability line."""

from __future__ import annotations

import pandas as pd
import pytest

from peaceforce import catalog
from peaceforce.errors import InputError
from peaceforce.factors import builtin
from peaceforce.capacity import capacity
from peaceforce.nations import NationTable, load_nations
from peaceforce import domain
from peaceforce.vocab import BACKSTOP_LEVELS, CAPABILITIES

GROUND_CAPABILITIES = domain.ground_capabilities()

F = builtin()
SHARE = F["capacity.sustainable_share"].value


def nations_frame(*rows: dict) -> pd.DataFrame:
    base = {"name": "", "land_forces": 0, "gdp_busd": 100.0, "population": 1_000_000, "nato_cost_share_pct": 1.0,
            "stance": "willing", "requires_us_backstop": "none", "requires_un_mandate": 0}
    return pd.DataFrame([{**base, "name": r["code"], **r} for r in rows])


def table(*rows: dict, capacity_rows=(), flank_rows=(), user=None) -> NationTable:
    cap = pd.DataFrame(list(capacity_rows), columns=["code", "capability", "units", "unit_type", "source", "note"])
    fl = pd.DataFrame(list(flank_rows), columns=["code", "host", "troops", "brigades", "heavy", "kind", "year",
                                                 "source", "note"])
    return NationTable.from_frames(nations_frame(*rows), cap, fl, user)


def have_builtin() -> bool:
    return all(catalog.data_path(n).exists() for n in ("nations.csv", "capacity.csv", "flank.csv"))


builtin_only = pytest.mark.skipif(not have_builtin(), reason="built-in nation data not written yet")


# --------------------------------------------------------------------------------------------
# capacity


def _branch(land: float, c: str) -> float:
    own = F.get(f"capacity.share.{c}")
    return land * (own.value if own is not None else F[f"mix.{c}"].value * F["capacity.branch_share"].value)


def test_derived_capacity_is_a_branch_share_of_land_forces_within_the_ground_pool():
    t = table({"code": "BE", "land_forces": 10_000})
    cap = capacity(t, F, "protect")
    assert cap.ground["BE"] == pytest.approx(10_000 * SHARE)
    for c in GROUND_CAPABILITIES:
        assert cap.troops.at["BE", c] == pytest.approx(min(_branch(10_000, c), 10_000 * SHARE))
        assert cap.origin.at["BE", c] == "derived"
    # the manoeuvre branch's third is more than the whole pool: the pool binds
    assert cap.troops.at["BE", "manoeuvre"] == pytest.approx(10_000 * SHARE)
    # no jets and no ships come out of land forces
    assert cap.troops.at["BE", "air_policing"] == 0 and cap.troops.at["BE", "maritime"] == 0


def test_national_capacity_rows_are_units_times_unit_size_and_win_over_derived():
    t = table({"code": "BE", "land_forces": 10_000},
              capacity_rows=[("BE", "air_policing", 2, "fighter detachment", "s", ""),
                             ("BE", "manoeuvre", 3, "battalion", "s", "")])
    cap = capacity(t, F, "protect")
    assert cap.troops.at["BE", "air_policing"] == 2 * F["unit_size.air_policing"].value
    assert cap.troops.at["BE", "manoeuvre"] == 3 * F["unit_size.manoeuvre"].value
    # a capacity row naming its formation counts that formation's strength (data/formations.csv)
    t = table({"code": "BE", "land_forces": 10_000},
              capacity_rows=[("BE", "air_policing", 2, "fighter detachment", "s", "")])
    rows = t.capacity_units.assign(formation="fighter_detachment")
    t2 = NationTable(t.frame, rows, t.flank)
    assert capacity(t2, F, "protect").troops.at["BE", "air_policing"] == 2 * 110
    assert cap.origin.at["BE", "manoeuvre"] == "national"


def test_protect_takes_earmarks_out_of_the_derived_pool_never_below_zero_and_ignore_keeps_them():
    rows = [{"code": "DE", "land_forces": 100_000}, {"code": "EE", "land_forces": 3_000}]
    flank = [("DE", "LT", 4_800, 1, 1, "brigade", 2027, "s", ""), ("EE", "EE", 3_000, 2, 1, "national", 2024, "s", ""),
             ("EE", "LV", 500, 0.1, 0, "company", 2024, "s", "")]
    t = table(*rows, capacity_rows=[("DE", "maritime", 3, "ship", "s", "")], flank_rows=flank)
    protect, ignore = capacity(t, F, "protect"), capacity(t, F, "ignore")
    pool = 100_000 * SHARE
    assert protect.earmarked["DE"] == 4_800 and protect.earmarked["EE"] == 3_500  # summed over hosts
    assert protect.ground["DE"] == pytest.approx(pool - 4_800) and ignore.ground["DE"] == pytest.approx(pool)
    assert protect.troops.at["DE", "manoeuvre"] == pytest.approx(pool - 4_800)
    assert ignore.troops.at["DE", "manoeuvre"] == pytest.approx(pool)
    assert (protect.troops.loc["EE"] == 0).all() and protect.ground["EE"] == 0  # 240 left of 3,500: not negative
    # ships are not land forces: the earmark leaves them alone
    assert protect.troops.at["DE", "maritime"] == ignore.troops.at["DE", "maritime"] == 600
    # earmark_used: what an allocation under `ignore` draws from the earmarked forces (beyond what is left)
    assert ignore.earmark_used("DE", {"manoeuvre": pool}) == pytest.approx(4_800)
    assert ignore.earmark_used("DE", {"manoeuvre": pool - 4_800, "maritime": 600}) == pytest.approx(0)
    assert protect.earmark_used("DE", {"manoeuvre": pool}) == 0


# --------------------------------------------------------------------------------------------
# user data wins


def test_user_frame_replaces_cells_adds_columns_and_rows():
    user = pd.DataFrame([
        {"code": "NL", "land_forces": 25_000, "capacity.maritime": 800, "name": None},
        {"code": "XK", "land_forces": 4_000, "capacity.maritime": None, "name": "Kosovo"},
    ])
    t = table({"code": "NL", "land_forces": 18_621, "gdp_busd": 1143.0}, user=user)
    assert t.get("NL", "land_forces") == 25_000
    assert t.get("NL", "gdp_busd") == 1143.0  # a cell the user left alone keeps the built-in figure
    assert t.name("NL") == "NL"  # blank user cell: built-in kept
    assert "XK" in t and t.name("XK") == "Kosovo" and t.stance("XK") == "unknown"
    cap = capacity(t, F, "protect")
    assert cap.troops.at["NL", "maritime"] == 800 and cap.origin.at["NL", "maritime"] == "user"
    assert cap.troops.at["NL", "manoeuvre"] == pytest.approx(25_000 * SHARE)


def test_user_flank_troops_replace_the_flank_table():
    user = pd.DataFrame([{"code": "DE", "flank_troops": 1_000}])
    t = table({"code": "DE", "land_forces": 50_000}, flank_rows=[("DE", "LT", 4_800, 1, 1, "b", 2027, "s", "")],
              user=user)
    assert t.earmarked("DE") == 1_000


@pytest.mark.parametrize("user, field, allowed", [
    ({"code": ["NL"], "land_force": [1]}, "column", "capacity."),
    ({"code": ["NL"], "capacity.submarines": [1]}, "column", "capacity.maritime"),
    ({"code": ["NL"], "stance": ["eager"]}, "stance", "willing"),
    ({"code": ["NL"], "land_forces": [-5]}, "land_forces", ">= 0"),
    ({"code": ["NL"], "land_forces": ["many"]}, "land_forces", "number"),
    ({"code": ["ZZ"], "land_forces": [5]}, "name", "name"),
    ({"code": ["NL", "NL"], "land_forces": [5, 6]}, "code", "once"),
    ({"code": ["NLD"], "land_forces": [5]}, "code", "two-letter"),
    ({"code": ["NL"], "requires_us_backstop": ["carrier"]}, "requires_us_backstop", BACKSTOP_LEVELS[-1]),
    ({"code": ["NL"], "requires_un_mandate": ["maybe"]}, "requires_un_mandate", "0 or 1"),
    ({"code": ["NL"], "rotation_multiplier": [0.5]}, "rotation_multiplier", ">= 1"),
])
def test_bad_user_data_names_field_value_and_what_is_allowed(user, field, allowed):
    with pytest.raises(InputError) as exc:
        table({"code": "NL", "land_forces": 18_000}, user=pd.DataFrame(user))
    assert exc.value.field == field
    assert allowed in exc.value.allowed


def test_bad_capacity_and_flank_rows_are_input_errors():
    with pytest.raises(InputError) as exc:
        table({"code": "NL"}, capacity_rows=[("NL", "submarines", 1, "", "", "")])
    assert exc.value.field == "capability" and "maritime" in exc.value.allowed
    with pytest.raises(InputError) as exc:
        table({"code": "NL"}, capacity_rows=[("FR", "maritime", 1, "", "", "")])
    assert exc.value.field == "code" and exc.value.value == "FR"
    with pytest.raises(InputError) as exc:
        table({"code": "NL"}, flank_rows=[("NL", "LT", -1, 0, 0, "", 2024, "", "")])
    assert exc.value.field == "troops"


# --------------------------------------------------------------------------------------------
# the built-in data and a user file on disk


@builtin_only
def test_builtin_table_loads_with_valid_stances_and_capacities():
    t = load_nations()
    assert {"FR", "GB", "NL", "DE", "US"} <= set(t.codes)
    assert t.stance("US") == "backstop"
    cap = capacity(t, F, "protect")
    assert (cap.troops.values >= 0).all()
    assert list(cap.troops.columns) == list(CAPABILITIES)
    assert (cap.troops <= cap.unearmarked + 1e-9).all().all()


@builtin_only
def test_user_csv_on_disk_overrides_a_figure(tmp_path):
    path = tmp_path / "ministry.csv"
    path.write_text("code,land_forces,capacity.manoeuvre\nNL,30000,2100\n", encoding="utf-8")
    before, after = load_nations(), load_nations(path)
    assert after.get("NL", "land_forces") == 30000 != before.get("NL", "land_forces")
    assert capacity(after, F, "protect").troops.at["NL", "manoeuvre"] == 2100
    assert after.name("NL") == before.name("NL")


@builtin_only
def test_user_csv_errors_name_the_file(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("code,stance\nNL,keen\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_nations(path)
    assert exc.value.field == "stance" and str(path) in str(exc.value)
    with pytest.raises(InputError) as exc:
        load_nations(tmp_path / "missing.csv")
    assert "missing.csv" in str(exc.value)


# --------------------------------------------------------------------------------------------
# capacity(): the vectorised version gives the frames of the per-nation original


def _reference_capacity(table: NationTable, f, eastern_flank: str = "protect"):
    """capacity() written as per-nation loops, kept as the reference the vectorised one must equal."""
    import numpy as np

    from peaceforce.formations import catalogue
    from peaceforce.capacity import Capacity
    from peaceforce.nations import CAPACITY_PREFIX

    codes = table.codes
    troops = pd.DataFrame(0.0, index=codes, columns=list(CAPABILITIES))
    origin = pd.DataFrame("none", index=codes, columns=list(CAPABILITIES), dtype=object)
    land = pd.to_numeric(table.frame.get("land_forces", pd.Series(np.nan, index=codes)), errors="coerce").fillna(0.0)
    pool = land.astype(float) * f["capacity.sustainable_share"].value
    for code in codes:
        for cap in GROUND_CAPABILITIES:
            own = f.get(f"capacity.share.{cap}")
            share = own.value if own is not None else f[f"mix.{cap}"].value * f["capacity.branch_share"].value
            troops.at[code, cap] = float(land[code]) * share
            origin.at[code, cap] = "derived"
    forms = catalogue()
    for rec in table.capacity_units.to_dict("records"):
        name = str(rec.get("formation", ""))
        size = forms[name].strength if name in forms else f[f"unit_size.{rec['capability']}"].value
        troops.at[rec["code"], rec["capability"]] = float(rec["units"]) * size
        origin.at[rec["code"], rec["capability"]] = "national"
    for cap in CAPABILITIES:
        col = f"{CAPACITY_PREFIX}{cap}"
        if col in table.frame.columns:
            given = pd.to_numeric(table.frame[col], errors="coerce")
            mask = given.notna()
            troops.loc[mask, cap] = given[mask].astype(float)
            origin.loc[mask, cap] = "user"
    earmarked = pd.Series({c: table.earmarked(c) for c in codes}, dtype=float)
    left = pd.Series({c: max(0.0, pool[c] - earmarked[c]) if eastern_flank == "protect" else pool[c] for c in codes},
                     dtype=float)
    left.index = pool.index
    usable, unearmarked = troops.copy(), troops.copy()
    for code in codes:
        for cap in CAPABILITIES:
            if origin.at[code, cap] == "derived":
                usable.at[code, cap] = min(troops.at[code, cap], left[code])
                unearmarked.at[code, cap] = min(troops.at[code, cap], pool[code])
    typed = pd.DataFrame({c: pd.Series(list(origin[c]), index=origin.index,
                                       dtype=pd.Series(["derived"]).dtype if c in GROUND_CAPABILITIES else object)
                          for c in CAPABILITIES}, index=origin.index)
    return Capacity(usable.astype(float), unearmarked.astype(float), typed, pool, earmarked, eastern_flank, left)


def _assert_same_capacity(table: NationTable) -> None:
    for policy in ("protect", "ignore"):
        new, old = capacity(table, F, policy), _reference_capacity(table, F, policy)
        for name in ("troops", "unearmarked", "origin"):
            pd.testing.assert_frame_equal(getattr(new, name), getattr(old, name), check_exact=True, obj=f"{policy} {name}")
        for name in ("pool", "earmarked", "ground"):
            pd.testing.assert_series_equal(getattr(new, name), getattr(old, name), check_exact=True, obj=f"{policy} {name}")
        assert new.eastern_flank == old.eastern_flank == policy
        for code in table.codes:  # earmark_used reads the frames per nation
            asked = {c: float(old.unearmarked.at[code, c]) for c in CAPABILITIES}
            assert new.earmark_used(code, asked) == old.earmark_used(code, asked)


@builtin_only
def test_capacity_equals_the_per_nation_reference_on_the_builtin_table():
    t = load_nations()
    assert len(t.flank) and len(t.capacity_units)  # both paths of the function are exercised
    _assert_same_capacity(t)


@builtin_only
def test_capacity_equals_the_per_nation_reference_with_user_capacity_columns(tmp_path):
    path = tmp_path / "ministry.csv"
    path.write_text("code,land_forces,capacity.manoeuvre,capacity.maritime,capacity.air_policing,flank_troops,name\n"
                    "NL,30000,2100,,,,\n"
                    "DE,,,900,,1000,\n"
                    "PL,0,,,120,,\n"
                    "XK,4000,,,,50000,Kosovo\n", encoding="utf-8")
    t = load_nations(path)
    assert {"capacity.manoeuvre", "capacity.maritime", "capacity.air_policing", "flank_troops"} <= set(t.frame.columns)
    _assert_same_capacity(t)


def test_capacity_equals_the_per_nation_reference_on_hand_built_tables():
    rows = [{"code": "DE", "land_forces": 100_000}, {"code": "EE", "land_forces": 3_000}, {"code": "LU", "land_forces": 0}]
    flank = [("DE", "LT", 4_800, 1, 1, "brigade", 2027, "s", ""), ("EE", "EE", 3_000, 2, 1, "national", 2024, "s", ""),
             ("EE", "LV", 500, 0.1, 0, "company", 2024, "s", "")]
    user = pd.DataFrame([{"code": "DE", "capacity.logistics": 700, "flank_troops": None},
                         {"code": "EE", "capacity.logistics": None, "flank_troops": 100}])
    _assert_same_capacity(table(*rows, capacity_rows=[("DE", "maritime", 3, "ship", "s", ""),
                                                      ("LU", "manoeuvre", 1, "battalion", "s", "")],
                                flank_rows=flank, user=user))
    _assert_same_capacity(table(*rows))  # no flank rows, no capacity rows
