"""Rotation, cost and eastern flank, on real plans (real HiGHS solves, built-in data, user CSVs)."""

from __future__ import annotations

import numpy as np
import pytest

from peaceforce import catalog, plan
from peaceforce.factors import builtin
from peaceforce.cost import rates
from peaceforce.report import wording
from peaceforce.nations import load_nations
from peaceforce.vocab import Capability, Check, FlankPlan, FlankVerdict

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
        assert m.by_nation == alloc  # nobody falls away in the default plan
        assert m.deployed == sum(alloc.values()) == p.allocation.allocated_troops
        assert m.deployed + m.gap == p.allocation.required_troops
    assert p.rotation.unsustainable == []
    assert months[-1].rotation == 6
    assert p.rotation.gap_troops == p.allocation.gap_troops


def _write(tmp_path, text):
    path = tmp_path / "nations.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_share_a_nation_cannot_rotate_names_the_nation_and_month(tmp_path):
    """Belgium promises more battalions than its deployable pool can rotate: named, with the month."""
    csv = _write(tmp_path, "code,capacity.manoeuvre,land_forces\nBE,2100,4000\n")
    spec = base_spec(role="interpose", coalition={"lead": ["FR", "GB"], "include": ["BE"]}, duration_months=24)
    p = plan(spec, nations_csv=csv, runs=50)
    be = p.allocation.nation("BE")
    assert be.units.get(Capability.MANOEUVRE, 0) >= 1
    pool = 4000 * p.factors.v("capacity.deployable_share")
    ground = next(r.ground for r in p.rotation.nations if r.nation == "BE")
    assert 0 < ground <= be.troops_deployed
    u = {x.nation: x for x in p.rotation.unsustainable}
    assert "BE" in u, p.rotation.nations
    # the first rotation whose pool need (ground x rotations so far, up to the multiplier) exceeds the pool
    k = next(k for k in range(1, 5) if ground * min(k, 3) > pool)
    assert u["BE"].from_month == (k - 1) * 6 + 1 and u["BE"].rotation == k
    assert u["BE"].deployable_pool == round(pool) and u["BE"].needed > u["BE"].deployable_pool
    month = p.rotation.months[u["BE"].from_month - 1]
    assert month.by_nation["BE"] < be.troops_deployed and month.gap > p.rotation.months[0].gap - 1
    reason = wording.unsustainable(u["BE"], p.factors.v("capacity.deployable_share"), p.rotation.protect_flank)
    assert "deployable pool" in reason and f"rotation {k}" in reason
    assert "Belgium from month" in wording.rotation_summary(p.rotation, p)
    be_check = p.conditions.nations["BE"].checks[Check.SUSTAINABLE]
    assert not be_check.ok and be_check.from_month == u["BE"].from_month
    assert Check.SUSTAINABLE in p.conditions.coalition.failed


def test_short_mission_needs_no_relief():
    p = plan(base_spec(duration_months=6), runs=50)
    assert p.requirement.rotation_multiplier.central == 1
    assert p.rotation.rotations == 1 and not p.rotation.unsustainable


def test_cost_rates_come_from_the_sourced_cases():
    table = catalog.costs()
    f = builtin()
    r = rates(table, f)
    cases = table[table["kind"] == "nation_additional"]
    assert r.cases == list(cases["case"]) and len(r.cases) >= 5
    assert all(isinstance(s, str) and len(s) > 10 for s in cases["source"])
    vals = cases["cost_per_troop_year_eur2025"].astype(float)
    pct = [f.v(f"cost.percentile.{k}") for k in ("low", "central", "high")]
    assert pct == [10, 50, 90]
    per = r.per_troop_year
    assert (per.low, per.central, per.high) == pytest.approx(tuple(np.percentile(vals, pct)))
    stored = {row.case: float(row.cost_per_troop_year_eur2025) for row in table.itertuples() if row.kind == "summary"}
    assert stored["default_central"] == pytest.approx(per.central, rel=0.01)


def test_cost_prices_each_formation_type_and_covers_the_whole_requirement(default_plan):
    """Troops by the troop-year, fighter detachments by the flying hour plus crews, ships by the ship-day;
    one-offs for deployment and infrastructure; the headline is the whole requirement, sourced + gap."""
    c = default_plan.cost
    r = rates(catalog.costs(), default_plan.factors, catalog.table("cost_rates"))
    assert c.per_troop_year == r.per_troop_year
    assert c.price_year == int(default_plan.factors.v("cost.price_year"))
    expect = 0.0
    for a in default_plan.allocation.assignment:
        if not a.units:
            continue
        troop_year = r.national.get(a.nation, r.per_troop_year.central)
        if a.capability == Capability.MARITIME:
            expect += a.units * r.per_unit_year[a.formation].central
        elif a.formation in r.per_unit_year:
            expect += a.units * r.per_unit_year[a.formation].central + a.troops * troop_year
        else:
            expect += a.troops * troop_year
    assert c.sourced_per_year.central == pytest.approx(expect, rel=1e-6)
    assert {k.kind for k in c.by_kind} >= {"troops", "hq_staff", "air_detachments", "ships"}
    # a ship-day costs what its source says, a year of it 365 days
    assert r.per_unit_year["mcm_vessel"].central == pytest.approx(27_600 * 365)
    assert c.per_year.low < c.per_year.central < c.per_year.high
    assert c.per_year.central == pytest.approx(c.sourced_per_year.central + c.gap_per_year.central, abs=2)
    assert {o.item for o in c.one_offs} == {"deployment", "infrastructure"}
    deploy = next(o for o in c.one_offs if o.item == "deployment")
    assert deploy.troops == default_plan.allocation.required_troops
    assert c.years == 3 and c.total.central == pytest.approx(c.per_year.central * 3 + c.one_off.central, rel=1e-6)
    assert sum(b.per_year for b in c.by_nation) == pytest.approx(c.sourced_per_year.central, abs=len(c.by_nation))
    assert {b.nation for b in c.by_nation} == {n.nation for n in default_plan.allocation.nations if n.troops_deployed}


def test_the_cost_headline_includes_the_gap():
    """Deter is far from filled: the headline prices the whole requirement, its gap part beside."""
    p = plan("examples/ukraine-deter.yaml", runs=20)
    c = p.cost
    assert p.allocation.gap_troops > 0 and c.gap_per_year.central > 0
    assert c.per_year.central == pytest.approx(c.sourced_per_year.central + c.gap_per_year.central, abs=2)
    assert c.gap_per_year.central > c.sourced_per_year.central  # most of the deterrence force is the gap
    assert "for the whole requirement" in _summary(p)


def _summary(p) -> str:
    import io

    from rich.console import Console

    from peaceforce.summary import render
    buffer = io.StringIO()
    render(p, Console(file=buffer, width=200, color_system=None))
    return buffer.getvalue()


def _flank_scenario(policy):
    return base_spec(role="reassure", coalition={"lead": ["FR", "GB"], "include": ["PL", "LT", "LV", "EE"],
                                                 "eastern_flank": policy})


def test_drawing_on_baltic_and_polish_forces_weakens_the_flank_only_under_ignore(tmp_path):
    # Poland and Lithuania declared willing in this what-if; France and the UK give no battalions
    csv = _write(tmp_path, "code,stance,capacity.manoeuvre\nPL,willing,\nLT,willing,\nFR,,0\nGB,,0\n")
    ignore = plan(_flank_scenario("ignore"), nations_csv=csv, runs=50)
    protect = plan(_flank_scenario("protect"), nations_csv=csv, runs=50)
    assert protect.flank.verdict == FlankVerdict.ALREADY_SHORT and protect.flank.intact
    assert protect.flank.after == protect.flank.before and not protect.flank.draws
    assert all(n.earmark_used == 0 for n in protect.allocation.nations)
    assert ignore.flank.verdict == FlankVerdict.WEAKENED and not ignore.flank.intact
    drawn = {b.nation: b.drawn for b in ignore.flank.by_nation if b.drawn}
    assert drawn.get("PL", 0) > 1000  # Poland's brigades are the big draw; FR and GB may dip into their battlegroups
    forces = [d for d in ignore.flank.draws if d.plan == FlankPlan.FLANK_FORCES]
    assert {d.nation for d in forces} == set(drawn)
    for code, troops in drawn.items():
        assert sum(d.troops for d in forces if d.nation == code) == pytest.approx(troops, abs=len(forces))
        assert troops == ignore.allocation.nation(code).earmark_used
        assert not ignore.conditions.nations[code].checks[Check.FLANK_INTACT].ok
    # what the Baltic states lose is named: Lithuania's own brigades do not count towards RAND's yardstick,
    # allied forward forces there do
    lt = [d for d in forces if d.host == "LT"]
    assert ignore.flank.after.brigades < ignore.flank.before.brigades
    assert ignore.flank.after.troops == pytest.approx(ignore.flank.before.troops - sum(drawn.values()), abs=1)
    assert Check.FLANK_INTACT in ignore.conditions.coalition.failed
    text = wording.flank_summary(ignore.flank, ignore)
    assert text.startswith("weakened (earmarked forces may be drawn)") and "Poland: " in text and "already short" in text
    assert all(wording.flank_draw(d, ignore) in text for d in lt)
    assert "already short" in wording.flank_summary(protect.flank)
    # under protect the same forces are missing: gaps, not a weakened flank
    assert protect.allocation.gap_troops > ignore.allocation.gap_troops


def test_allied_forces_in_the_baltic_states_fall_short_of_rand_before_the_mission(default_plan):
    """RAND's seven brigades come in addition to the Baltic states' own forces: only allied forces
    stationed there (flank rows whose nation is not the host) count against the yardstick."""
    f = default_plan.flank
    rows = default_plan.flank.by_nation
    assert f.verdict == FlankVerdict.ALREADY_SHORT and not f.draws
    assert not f.yardstick.met_before and not f.yardstick.met_after
    assert 0 < f.baltic.allied_before.brigades < f.yardstick.brigades
    assert f.baltic.allied_before.heavy < f.yardstick.heavy
    # national forces are reported beside, not counted: Estonia, Latvia, Lithuania's own brigades
    assert f.baltic.national.brigades == pytest.approx(sum(r.before.brigades for r in rows if r.nation in ("EE", "LV", "LT")
                                                           and r.hosts == [r.nation]))
    # a nation's own forces at home default to its land forces (one owner: nations.csv)
    table = load_nations()
    ee = table.flank[table.flank["code"] == "EE"]
    assert float(ee["troops"].iloc[0]) == float(table.frame.loc["EE", "land_forces"])


def test_a_mission_that_takes_nato_corps_hqs_weakens_the_flank_under_protect(tmp_path):
    """HQ capacity is drawn national HQs first: with the UK's HQ capacity cut to 450 staff (its ARRC share is
    500, capacity.csv `nato_units`), the staff it gives come out of the ARRC, a loss to NATO's plans even
    when flank forces are protected."""
    csv = _write(tmp_path, "code,capacity.hq\nGB,450\nFR,0\n")
    p = plan(base_spec(coalition={"lead": ["FR", "GB"], "eastern_flank": "protect"}), nations_csv=csv, runs=50)
    hq = [d for d in p.flank.draws if d.plan == FlankPlan.CORPS_HQ]
    given = sum(a.troops for a in p.allocation.assignment if a.nation == "GB" and a.capability == Capability.HQ)
    assert given > 0 and [(d.nation, d.troops) for d in hq] == [("GB", given)]
    assert p.flank.verdict == FlankVerdict.WEAKENED and p.flank.policy == "protect"
    assert "United Kingdom: " in wording.flank_summary(p.flank, p) and "corps HQ it assigns to NATO" in wording.flank_summary(p.flank)
    assert not p.conditions.nations["GB"].checks[Check.FLANK_INTACT].ok
    # the default plan's HQ staff come from the leads' national HQ elements: nothing taken
    assert not [d for d in plan("examples/ukraine-reassure.yaml", runs=20).flank.draws if d.plan == FlankPlan.CORPS_HQ]


def test_a_corps_hq_the_mission_takes_is_the_nations_nato_corps_hq():
    """The deterrence force's corps HQ from the UK is the ARRC: NATO's plans lose it, whatever national
    HQ staff the UK has besides, and the board's flank condition fails."""
    p = plan("examples/ukraine-deter.yaml", runs=20)
    corps = {a.nation: a.troops for a in p.allocation.assignment if a.formation == "corps_hq" and a.units}
    hq = {d.nation: d.troops for d in p.flank.draws if d.plan == FlankPlan.CORPS_HQ}
    assert corps and all(hq.get(c, 0) >= t for c, t in corps.items() if c in ("GB", "FR", "DE", "IT", "ES", "TR", "GR"))
    assert p.flank.verdict == FlankVerdict.WEAKENED
    assert Check.FLANK_INTACT in p.conditions.coalition.failed


def test_air_policing_is_weakened_when_the_mission_leaves_too_few_detachments():
    need = 25  # of the nations' 25 sustainable detachments (capacity.csv): whatever the mission keeps is missed
    p = plan(base_spec(coalition={"lead": ["FR", "GB"]}, overrides={"flank.air_policing_detachments": need}), runs=20)
    air = [d for d in p.flank.draws if d.plan == FlankPlan.AIR_POLICING]
    assert p.flank.air_policing.mission > 0 and air
    assert air[0].units == pytest.approx(min(need - (p.flank.air_policing.detachments - p.flank.air_policing.mission),
                                             p.flank.air_policing.mission))
    assert p.flank.verdict == FlankVerdict.WEAKENED


def test_flank_yardstick_is_the_rand_finding(default_plan):
    y = default_plan.flank.yardstick
    assert (y.brigades, y.heavy) == (7, 3) and "RAND" in y.source


def test_the_flank_check_counts_the_users_earmarks(tmp_path):
    """A user's flank_troops is what capacity holds back, and what the flank check counts and draws."""
    csv = _write(tmp_path, "code,flank_troops,land_forces\nBE,3000,40000\nPL,0,\n")
    p = plan(base_spec(coalition={"lead": ["FR", "GB"], "eastern_flank": "ignore"}), nations_csv=csv, runs=20)
    rows = {r.nation: r for r in p.flank.by_nation}
    assert rows["BE"].before.troops == 3000 and rows["PL"].before.troops == 0
    used = p.allocation.nation("BE").earmark_used
    assert used > 0 and sum(d.troops for d in p.flank.draws if d.nation == "BE") == pytest.approx(used, abs=1)


def test_air_policing_counts_the_users_capacity(tmp_path):
    """With only Spain's six detachments (the user's capacity), the mission's detachments leave Baltic Air
    Policing short: the pool is the capacity force generation used, not the built-in table."""
    codes = ["FR", "GB", "DE", "IT", "TR", "GR", "NL", "BE", "DK", "NO", "PL", "CZ", "HU", "PT", "RO", "CA", "SE"]
    csv = _write(tmp_path, "code,capacity.air_policing\n" + "".join(f"{c},0\n" for c in codes) + "ES,660\n")
    p = plan(base_spec(coalition={"lead": ["FR", "GB"]}), nations_csv=csv, runs=20)
    air = p.flank.air_policing
    assert air.detachments == 6 and air.mission > 4
    assert p.flank.verdict == FlankVerdict.WEAKENED
    assert [d.plan for d in p.flank.draws] == [FlankPlan.AIR_POLICING]
