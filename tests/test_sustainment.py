"""Rotation, cost and eastern flank, on real plans (real HiGHS solves, built-in data, user CSVs)."""

from __future__ import annotations

import numpy as np
import pytest

from peaceforce import catalog, plan
from peaceforce.cost import rates

from conftest import base_spec


@pytest.fixture(scope="module")
def default_plan():
    return plan("examples/ukraine-reassure.yaml", runs=200)


def test_rotation_totals_match_the_allocation(default_plan):
    p = default_plan
    alloc = {n.nation: n.troops_deployed for n in p.allocation.nations if n.troops_deployed}
    months = p.rotation.months
    assert len(months) == p.scenario.duration_months
    for m in months:
        assert m["by_nation"] == alloc  # nobody falls away in the default plan
        assert m["deployed"] == sum(alloc.values()) == p.allocation.allocated_troops
        assert m["deployed"] + m["gap"] == p.allocation.required_troops
    assert p.rotation.unsustainable == []
    assert months[-1]["rotation"] == 6


def _write(tmp_path, text):
    path = tmp_path / "nations.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_share_a_nation_cannot_rotate_names_the_nation_and_month(tmp_path):
    """Belgium promises more battalions than its deployable pool can rotate: named, with the month."""
    csv = _write(tmp_path, "code,capacity.manoeuvre,land_forces\nBE,2100,4000\n")
    spec = base_spec(coalition={"lead": ["FR", "GB"], "include": ["BE"]}, duration_months=24)
    p = plan(spec, nations_csv=csv, runs=50)
    be = p.allocation.nation("BE")
    assert be.units.get("manoeuvre", 0) >= 1
    pool = 4000 * p.factors.v("capacity.deployable_share")
    ground = next(r.ground for r in p.rotation.nations if r.nation == "BE")
    assert 0 < ground <= be.troops_deployed
    u = {x["nation"]: x for x in p.rotation.unsustainable}
    assert "BE" in u, p.rotation.to_dict()["nations"]
    # the first rotation whose pool need (ground x rotations so far, up to the multiplier) exceeds the pool
    k = next(k for k in range(1, 5) if ground * min(k, 3) > pool)
    assert u["BE"]["from_month"] == (k - 1) * 6 + 1
    month = p.rotation.months[u["BE"]["from_month"] - 1]
    assert month["by_nation"]["BE"] < be.troops_deployed and month["gap"] > p.rotation.months[0]["gap"] - 1
    assert "deployable pool" in u["BE"]["reason"]
    assert not p.conditions.nations["BE"]["checks"]["sustainable"]["ok"]


def test_short_mission_needs_no_relief():
    p = plan(base_spec(duration_months=6), runs=50)
    assert p.requirement.rotation_multiplier.central == 1
    assert p.rotation.rotations == 1 and not p.rotation.unsustainable


def test_cost_rates_come_from_the_sourced_cases():
    table = catalog.costs()
    r = rates(table)
    cases = table[table["kind"] == "nation_additional"]
    assert r.cases == len(cases) >= 5
    assert all(isinstance(s, str) and len(s) > 10 for s in cases["source"])
    vals = cases["cost_per_troop_year_eur2025"].astype(float)
    assert r.default == pytest.approx(tuple(np.percentile(vals, [10, 50, 90])))
    stored = {row.case: float(row.cost_per_troop_year_eur2025) for row in table.itertuples() if row.kind == "summary"}
    assert stored["default_central"] == pytest.approx(r.default[1], rel=0.01)


def test_cost_per_year_is_troops_times_rates(default_plan):
    c = default_plan.cost
    r = c.rates
    expect = sum(n.troops_deployed * r.national.get(n.nation, r.default[1]) for n in default_plan.allocation.nations)
    assert c.per_year["central"] == pytest.approx(expect, rel=1e-6)
    assert c.per_year["low"] < c.per_year["central"] < c.per_year["high"]
    assert c.total["central"] == pytest.approx(c.per_year["central"] * 3, rel=1e-6)
    assert sum(b["per_year"] for b in c.by_nation) == pytest.approx(c.per_year["central"], abs=len(c.by_nation))


def _flank_scenario(policy):
    return base_spec(role="reassure", coalition={"lead": ["FR", "GB"], "include": ["PL", "LT", "LV", "EE"],
                                                 "eastern_flank": policy})


def test_drawing_on_baltic_and_polish_forces_degrades_the_flank_only_under_ignore(tmp_path):
    # Poland and Lithuania declared willing in this what-if; France and the UK give no battalions
    csv = _write(tmp_path, "code,stance,capacity.manoeuvre\nPL,willing,\nLT,willing,\nFR,,0\nGB,,0\n")
    ignore = plan(_flank_scenario("ignore"), nations_csv=csv, runs=50)
    protect = plan(_flank_scenario("protect"), nations_csv=csv, runs=50)
    assert protect.flank.intact
    assert protect.flank.after == protect.flank.before
    assert all(n.earmark_used == 0 for n in protect.allocation.nations)
    assert not ignore.flank.intact
    drawn = {b["nation"]: b["drawn"] for b in ignore.flank.by_nation if b["drawn"]}
    assert drawn.get("PL", 0) > 1000  # Poland's brigades are the big draw; FR and GB may dip into their battlegroups
    assert ignore.flank.after["brigades"] < ignore.flank.before["brigades"]
    for code, troops in drawn.items():
        assert troops == ignore.allocation.nation(code).earmark_used
        assert not ignore.conditions.nations[code]["checks"]["flank_intact"]["ok"]
    # under protect the same forces are missing: gaps, not a weakened flank
    assert sum(g["troops"] for g in protect.allocation.gaps) > sum(g["troops"] for g in ignore.allocation.gaps)


def test_flank_yardstick_is_the_rand_finding(default_plan):
    y = default_plan.flank.yardstick
    assert (y["brigades"], y["heavy"]) == (7, 3) and "RAND" in y["source"]
