"""Force generation: real HiGHS solves on hand-built nation tables and on the built-in data."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peaceforce import catalog, load_scenario
from peaceforce.factors import builtin
from peaceforce.formations import catalogue
from peaceforce.generation import Allocation, allocate, eligibility
from peaceforce.report import wording
from peaceforce.rotation import sustain
from peaceforce.capacity import capacity
from peaceforce.nations import NationTable, load_nations
from peaceforce.sizing import Range, Requirement, RequirementLine
from peaceforce import domain
from peaceforce.vocab import CapabilityLevel, Constraint, Role

LEAD_ONLY = domain.lead_only()
THEATRE_CAPABILITIES = tuple(c for c, s in domain.capabilities().items() if s.level == CapabilityLevel.THEATRE)

F = builtin()
MIN = F["generation.min_contribution"].value


# --------------------------------------------------------------------------------------------
# builders


def nations(*rows: dict, capacity_rows=(), flank_rows=(), user=None) -> NationTable:
    base = {"land_forces": 0, "gdp_busd": 100.0, "population": 1_000_000, "nato_cost_share_pct": 1.0,
            "stance": "willing", "requires_us_backstop": "none", "requires_un_mandate": 0}
    frame = pd.DataFrame([{**base, "name": r["code"], **r} for r in rows])
    cap = pd.DataFrame(list(capacity_rows), columns=["code", "capability", "units", "unit_type", "source", "note"])
    fl = pd.DataFrame(list(flank_rows), columns=["code", "host", "troops", "brigades", "heavy", "kind", "year",
                                                 "source", "note"])
    return NationTable.from_frames(frame, cap, fl, user)


def requirement(*lines: tuple[str, str, int], provider: str = "coalition") -> Requirement:
    out = []
    for sector, cap, units in lines:
        size = int(F[f"unit_size.{cap}"].value)
        r = Range.point(units)
        out.append(RequirementLine(task="test", sector=sector, place="sector" if sector != "theatre" else "theatre",
                                   capability=cap, provider=provider, formation=cap,
                                   units=r, troops=r.map(lambda u: u * size), unit_size=size, unit_type=cap,
                                   criticality=F[f"criticality.{cap}"].value, trace="test", factors=[]))
    total = Range.point(sum(ln.troops.central for ln in out))
    return Requirement(role=Role.REASSURE, option="medium", host_army=800_000, adversary_army=700_000, lines=out,
                       deployed=total, land=total, deployed_median=total.central, by_provider={provider: total}, host_factor=1.0,
                       notes=[], drivers=[], draws=1, basis=[])


def words(alloc: Allocation) -> SimpleNamespace:
    """What report.wording needs to write an allocation's sentences."""
    return SimpleNamespace(allocation=alloc)


def scenario(**coalition):
    spec = {"name": "test", "us_backstop": coalition.pop("us_backstop", "intelligence")}
    spec["coalition"] = {"lead": ["FR", "GB"], **coalition}
    return load_scenario(spec)


def land_for(troops: float) -> float:
    """Land forces whose ground pool (all derived lines together) is this many troops; the pool, not the
    manoeuvre branch's ceiling (a third of the branch), is then what binds."""
    assert F["mix.manoeuvre"].value * F["capacity.branch_share"].value > F["capacity.sustainable_share"].value
    return troops / F["capacity.sustainable_share"].value


def troops_by(alloc: Allocation) -> dict[str, int]:
    return {n.nation: n.troops_deployed for n in alloc.nations}


# --------------------------------------------------------------------------------------------
# invariants, shared by the hand-built, built-in and random cases


def check_invariants(alloc: Allocation, req: Requirement, table: NationTable, sc, legal_basis=None) -> None:
    lines = req.coalition_lines()
    gaps = {(g.task, g.sector, g.capability): g.units for g in alloc.gaps}
    for ln in lines:
        given = sum(a.units for a in alloc.assignment
                    if a.task == ln.task and a.sector == ln.sector and a.capability == ln.capability)
        form = catalogue().get(ln.formation)
        blocks = form.blocks if form is not None and form.composite else 1  # a brigade in battalions...
        assert given + gaps.get((ln.task, ln.sector, ln.capability), 0) == round(ln.units.central) * blocks, \
            (ln.task, ln.sector)
    cap = capacity(table, F, sc.coalition.eastern_flank)
    elig = eligibility(table, sc, legal_basis)
    assert elig == alloc.eligibility
    leads = set(sc.coalition.lead)
    for n in alloc.nations:
        used: dict[str, float] = {}
        for a in alloc.assignment:
            if a.nation == n.nation:
                used[a.capability] = used.get(a.capability, 0) + a.troops
        for c, t in used.items():
            assert t <= cap.troops.at[n.nation, c] + 1e-6, (n.nation, c)  # nobody above capacity
            if c in LEAD_ONLY and t:
                assert n.nation in leads
        if not elig[n.nation].eligible or table.stance(n.nation) in ("unwilling", "unknown") and n.nation not in leads:
            assert n.troops_deployed == 0, n.nation
        if n.nation in sc.coalition.exclude:
            assert n.troops_deployed == 0
        if n.troops_deployed:  # a nation that joins gives at least the minimum contribution
            counted = sum(a.units * (max(a.unit_size, MIN) if a.capability in THEATRE_CAPABILITIES
                                     else a.unit_size) for a in alloc.assignment if a.nation == n.nation)
            assert counted >= MIN
        if sc.coalition.eastern_flank == "protect":
            assert n.earmark_used == 0
    assert alloc.allocated_troops == sum(n.troops_deployed for n in alloc.nations)
    assert Allocation.model_validate_json(alloc.model_dump_json()) == alloc  # serialises and reads back


# --------------------------------------------------------------------------------------------
# hand-built cases


def test_two_equal_nations_get_equal_troops_and_a_richer_one_more():
    sc = scenario(lead=["FR", "GB"])
    req = requirement(("a", "manoeuvre", 2), ("b", "manoeuvre", 2))
    big = land_for(10 * 700)
    equal = nations({"code": "FR", "stance": "lead", "land_forces": big, "gdp_busd": 2000.0},
                    {"code": "GB", "stance": "lead", "land_forces": big, "gdp_busd": 2000.0})
    alloc = allocate(req, equal, sc, F)
    check_invariants(alloc, req, equal, sc)
    assert troops_by(alloc)["FR"] == troops_by(alloc)["GB"] == 1400
    assert alloc.gaps == [] and alloc.filled_share == 1.0
    assert alloc.nation("FR").fair_share == pytest.approx(0.5)
    # with twice the GDP, France carries twice the share: 4 of 6 battalions
    req6 = requirement(("a", "manoeuvre", 3), ("b", "manoeuvre", 3))
    richer = nations({"code": "FR", "stance": "lead", "land_forces": big, "gdp_busd": 4000.0},
                     {"code": "GB", "stance": "lead", "land_forces": big, "gdp_busd": 2000.0})
    alloc = allocate(req6, richer, sc, F)
    assert troops_by(alloc) == {"FR": 2800, "GB": 1400}
    assert alloc.nation("FR").share == pytest.approx(2 / 3, abs=1e-3)


def test_fairness_moves_troops_to_the_nation_below_its_share_when_capacity_allows():
    sc = scenario(lead=["FR"])
    req = requirement(("a", "manoeuvre", 4), ("a", "logistics", 2))
    roomy = land_for(10 * 700)
    table = nations({"code": "FR", "stance": "lead", "land_forces": roomy, "gdp_busd": 1000.0},
                    {"code": "DE", "land_forces": roomy, "gdp_busd": 3000.0})
    alloc = allocate(req, table, sc, F)
    check_invariants(alloc, req, table, sc)
    # DE holds three quarters of the key: of 3,600 troops its fair share is 2,700, France's 900; France
    # keeps its sector-lead battalion (700), so the largest overshoot of a whole-unit split is 200
    # (France 700 and DE 2,900, or France 1,100 and DE 2,500)
    t = troops_by(alloc)
    assert t["DE"] + t["FR"] == 3600 and t["DE"] >= 2500 and t["FR"] >= 700
    assert max(t["FR"] - 900, t["DE"] - 2700) == 200
    assert alloc.nation("DE").fair_share == pytest.approx(0.75)
    # with DE's capacity cut to one battalion, fairness gives way to filling the requirement
    tight = nations({"code": "FR", "stance": "lead", "land_forces": roomy, "gdp_busd": 1000.0},
                    {"code": "DE", "land_forces": roomy, "gdp_busd": 3000.0},
                    user=pd.DataFrame([{"code": "DE", "capacity.manoeuvre": 700, "capacity.logistics": 0}]))
    alloc = allocate(req, tight, sc, F)
    check_invariants(alloc, req, tight, sc)
    assert alloc.gaps == []
    assert troops_by(alloc)["DE"] == 700
    assert any(b.constraint == "capacity" and b.nation == "DE" for b in alloc.binding)


def test_unwilling_unknown_and_excluded_nations_give_nothing_and_closes_names_them():
    sc = scenario(lead=["FR"], exclude=["ES"])
    req = requirement(("a", "manoeuvre", 6))
    roomy = land_for(10 * 700)
    table = nations({"code": "FR", "stance": "lead", "land_forces": land_for(1400)},
                    {"code": "PL", "stance": "unwilling", "land_forces": roomy, "gdp_busd": 800.0},
                    {"code": "AT", "stance": "unknown", "land_forces": roomy},
                    {"code": "ES", "stance": "willing", "land_forces": roomy})
    alloc = allocate(req, table, sc, F)
    check_invariants(alloc, req, table, sc)
    assert troops_by(alloc) == {"FR": 1400, "PL": 0, "AT": 0, "ES": 0}
    (gap,) = alloc.gaps
    assert gap.units == 4 and gap.troops == 2800
    closers = {c.nation: c for c in gap.closes}
    assert set(closers) == {"PL", "AT", "ES"}
    assert closers["PL"].obstacles == [Constraint.STANCE] and closers["AT"].obstacles == [Constraint.STANCE]
    assert closers["ES"].obstacles == [Constraint.EXCLUDED]
    assert wording.obstacles(closers["PL"], words(alloc)).startswith("recorded stance: unwilling")
    assert wording.obstacles(closers["ES"], words(alloc)) == "excluded by the scenario"
    assert closers["PL"].units == 4
    assert closers["PL"].share_after == pytest.approx(2800 / 4200, abs=1e-3)
    assert closers["PL"].fair_share == pytest.approx(800 / 900, abs=1e-3)
    reasons = {b.nation: b.constraint for b in alloc.binding if b.nation}
    assert reasons["PL"] == "stance" and reasons["AT"] == "stance" and reasons["ES"] == "excluded"


def test_conditions_us_backstop_and_un_mandate():
    req = requirement(("a", "manoeuvre", 4))
    roomy = land_for(10 * 700)
    table = nations({"code": "FR", "stance": "lead", "land_forces": land_for(700)},
                    {"code": "NL", "stance": "conditional", "land_forces": roomy, "requires_us_backstop": "air"},
                    {"code": "IE", "stance": "conditional", "land_forces": roomy, "requires_un_mandate": 1},
                    {"code": "BE", "stance": "willing", "land_forces": roomy, "requires_us_backstop": "enablers"})
    low = scenario(lead=["FR"], us_backstop="intelligence")
    alloc = allocate(req, table, low, F)
    check_invariants(alloc, req, table, low)
    assert troops_by(alloc) == {"FR": 700, "NL": 0, "IE": 0, "BE": 0}
    reasons = {b.nation: b.constraint for b in alloc.binding if b.nation in ("NL", "IE", "BE")}
    # a willing nation's condition counts too
    assert reasons == {"NL": Constraint.US_BACKSTOP, "BE": Constraint.US_BACKSTOP, "IE": Constraint.UN_MANDATE}
    nl = alloc.eligibility["NL"]
    assert (nl.requires_backstop, nl.given_backstop) == ("air", "intelligence")
    assert alloc.eligibility["BE"].requires_backstop == "enablers"
    assert alloc.eligibility["IE"].legal_basis is None and not alloc.eligibility["IE"].un_mandate_met
    detail = {b.nation: wording.binding(b, words(alloc)) for b in alloc.binding if b.nation}
    assert detail["NL"] == ("Netherlands: requires American support of air power (plus enablers and intelligence); "
                            "the scenario gives intelligence and ceasefire monitoring")
    assert "requires American support of enablers" in detail["BE"]
    assert "states no legal basis" in detail["IE"]
    high = scenario(lead=["FR"], us_backstop="air")
    alloc = allocate(req, table, high, F, legal_basis="un_chapter_vii")
    check_invariants(alloc, req, table, high, legal_basis="un_chapter_vii")
    t = troops_by(alloc)
    assert t["NL"] > 0 and t["IE"] > 0 and t["BE"] > 0 and alloc.gaps == []
    # a consent mandate is known not to be a UN one: Ireland stays out, for that reason
    alloc = allocate(req, table, high, F, legal_basis="consent")
    check_invariants(alloc, req, table, high, legal_basis="consent")
    assert troops_by(alloc)["IE"] == 0 and troops_by(alloc)["NL"] > 0
    assert alloc.eligibility["IE"].exclusion == Constraint.UN_MANDATE
    assert "has no UN legal basis" in wording.exclusion(alloc.eligibility["IE"])


def test_include_list_limits_the_coalition_to_those_codes_plus_leads():
    req = requirement(("a", "manoeuvre", 4))
    roomy = land_for(10 * 700)
    table = nations({"code": "FR", "stance": "lead", "land_forces": land_for(700)},
                    {"code": "BE", "land_forces": roomy}, {"code": "DK", "land_forces": roomy})
    sc = scenario(lead=["FR"], include=["DK"])
    alloc = allocate(req, table, sc, F)
    check_invariants(alloc, req, table, sc)
    assert troops_by(alloc) == {"FR": 700, "BE": 0, "DK": 2100}
    assert any(b.nation == "BE" and b.constraint == "not_included" for b in alloc.binding)


def test_leads_hold_hq_and_a_sector_each():
    sc = scenario(lead=["FR", "GB"])
    req = requirement(("a", "hq", 1), ("b", "hq", 1), ("c", "hq", 1),
                      ("a", "manoeuvre", 2), ("b", "manoeuvre", 2), ("c", "manoeuvre", 2))
    roomy = land_for(20 * 700)
    table = nations({"code": "FR", "stance": "lead", "land_forces": land_for(2 * 700), "gdp_busd": 100.0},
                    {"code": "GB", "stance": "lead", "land_forces": land_for(2 * 700), "gdp_busd": 100.0},
                    # a rich non-lead with plenty of everything, HQ included: fairness would hand it the most
                    {"code": "DE", "land_forces": roomy, "gdp_busd": 10_000.0},
                    capacity_rows=[("FR", "hq", 2, "hq", "s", ""), ("GB", "hq", 1, "hq", "s", ""),
                                   ("DE", "hq", 5, "hq", "s", "")])
    alloc = allocate(req, table, sc, F)
    check_invariants(alloc, req, table, sc)
    hq = [a for a in alloc.assignment if a.capability == "hq" and a.units]
    assert {a.nation for a in hq} == {"FR", "GB"} and sum(a.units for a in hq) == 3
    assert alloc.units("DE", "a", "hq") == 0
    # every sector has a lead nation's battalion; each lead has at least one
    for s in "abc":
        assert alloc.units("FR", s, "manoeuvre") + alloc.units("GB", s, "manoeuvre") >= 1
    assert alloc.nation("FR").units.get("manoeuvre", 0) >= 1 and alloc.nation("GB").units.get("manoeuvre", 0) >= 1
    assert set(alloc.sector_leads) == set("abc") and set(alloc.sector_leads.values()) <= {"FR", "GB"}


def test_hq_gap_names_non_leads_that_could_close_it():
    sc = scenario(lead=["FR"])
    req = requirement(("a", "hq", 2), ("a", "manoeuvre", 1))
    table = nations({"code": "FR", "stance": "lead", "land_forces": land_for(700)},
                    {"code": "DE", "land_forces": land_for(700)},
                    capacity_rows=[("FR", "hq", 1, "hq", "s", ""), ("DE", "hq", 2, "hq", "s", "")])
    alloc = allocate(req, table, sc, F)
    (gap,) = alloc.gaps
    assert gap.capability == "hq" and gap.units == 1
    assert gap.closes[0].nation == "DE" and Constraint.LEAD_ONLY in gap.closes[0].obstacles
    assert "lead nations only" in wording.obstacles(gap.closes[0], words(alloc))


def test_cohesion_keeps_each_nation_in_few_sectors():
    sc = scenario(lead=["FR", "GB"])
    req = requirement(("a", "manoeuvre", 1), ("a", "logistics", 1), ("b", "manoeuvre", 1), ("b", "logistics", 1))
    roomy = land_for(5 * 700)
    table = nations({"code": "FR", "stance": "lead", "land_forces": roomy},
                    {"code": "GB", "stance": "lead", "land_forces": roomy})
    alloc = allocate(req, table, sc, F)
    check_invariants(alloc, req, table, sc)
    assert len(alloc.nation("FR").sectors) == 1 and len(alloc.nation("GB").sectors) == 1
    assert alloc.solver.objectives["cohesion"] == pytest.approx(2)


def test_minimum_contribution_but_a_ship_or_a_fighter_detachment_counts():
    sc = scenario(lead=["FR"])
    req = requirement(("a", "manoeuvre", 1), ("a", "medical", 2), ("theatre", "air_policing", 1))
    table = nations({"code": "FR", "stance": "lead", "land_forces": land_for(700)},
                    {"code": "DK", "land_forces": 0}, {"code": "BE", "land_forces": 0},
                    user=pd.DataFrame([{"code": "DK", "capacity.medical": 100},
                                       {"code": "BE", "capacity.air_policing": 120}]))
    alloc = allocate(req, table, sc, F)
    check_invariants(alloc, req, table, sc)
    t = troops_by(alloc)
    assert t["DK"] == 0  # one 100-troop medical unit is below the 150-troop minimum
    assert t["BE"] == 120  # one fighter detachment is a contribution of its own
    assert any(b.constraint == "min_contribution" and b.nation == "DK" for b in alloc.binding)
    medical = next(g for g in alloc.gaps if g.capability == "medical")
    assert medical.units == 2
    assert medical.closes[0].nation == "DK" and Constraint.MIN_CONTRIBUTION in medical.closes[0].obstacles
    assert "below the minimum contribution" in wording.obstacles(medical.closes[0], words(alloc))


def test_flank_earmarks_untouched_under_protect_and_reported_under_ignore():
    req = requirement(("a", "manoeuvre", 6))
    table = nations({"code": "FR", "stance": "lead", "land_forces": land_for(700)},
                    {"code": "DE", "land_forces": land_for(5 * 700)},
                    flank_rows=[("DE", "LT", 4_800, 1, 1, "brigade", 2027, "s", "")])
    protect = scenario(lead=["FR"], eastern_flank="protect")
    alloc = allocate(req, table, protect, F)
    check_invariants(alloc, req, table, protect)
    cap = capacity(table, F, "protect")
    mix = F["mix.manoeuvre"].value
    left = max(0.0, cap.pool["DE"] - 4_800) * mix
    assert troops_by(alloc)["DE"] <= left and alloc.nation("DE").earmark_used == 0
    assert alloc.gaps  # the earmarked brigade stays in Lithuania, the mission is short
    ignore = scenario(lead=["FR"], eastern_flank="ignore")
    alloc2 = allocate(req, table, ignore, F)
    check_invariants(alloc2, req, table, ignore)
    de = alloc2.nation("DE")
    assert de.troops_deployed > troops_by(alloc)["DE"]
    assert de.earmark_used == pytest.approx(max(0, de.troops_deployed - left), abs=1)
    assert de.earmark_used > 0


def test_empty_coalition_returns_all_gaps_not_an_error():
    sc = scenario(lead=["FR", "GB"], exclude=["DE", "NL"])
    req = requirement(("a", "hq", 1), ("a", "manoeuvre", 2), ("theatre", "maritime", 2))
    zero = pd.DataFrame([{"code": c, "land_forces": 0, **{f"capacity.{k}": 0 for k in ("hq", "maritime")}}
                         for c in ("FR", "GB")])
    table = nations({"code": "FR", "stance": "lead", "land_forces": 50_000},
                    {"code": "GB", "stance": "lead", "land_forces": 50_000},
                    {"code": "DE", "land_forces": 50_000}, {"code": "NL", "land_forces": 50_000},
                    capacity_rows=[("DE", "maritime", 3, "ship", "s", "")], user=zero)
    alloc = allocate(req, table, sc, F)
    check_invariants(alloc, req, table, sc)
    assert alloc.allocated_troops == 0 and alloc.filled_share == 0.0
    assert {(g.sector, g.capability, g.units) for g in alloc.gaps} == {
        ("a", "hq", 1), ("a", "manoeuvre", 2), ("theatre", "maritime", 2)}
    ship = next(g for g in alloc.gaps if g.capability == "maritime")
    assert ship.closes[0].nation == "DE" and ship.closes[0].obstacles == [Constraint.EXCLUDED]
    assert wording.obstacles(ship.closes[0], words(alloc)) == "excluded by the scenario"
    assert alloc.solver.status == "no eligible nation with capacity"


def test_output_shapes():
    sc = scenario(lead=["FR"])
    req = requirement(("a", "manoeuvre", 1), ("a", "hq", 1))
    table = nations({"code": "FR", "stance": "lead", "land_forces": land_for(1400), "rotation_multiplier": 4})
    alloc = allocate(req, table, sc, F)
    d = alloc.model_dump(mode="json")
    assert set(d) >= {"nations", "gaps", "filled_share", "binding", "solver"}
    fr = d["nations"][0]
    assert set(fr) >= {"nation", "name", "stance", "troops_deployed", "force_pool", "units", "sectors", "share",
                       "fair_share", "earmark_used"}
    assert fr["troops_deployed"] == 950 and fr["units"] == {"manoeuvre": 1, "hq": 1}
    # the force pool's one owner is the rotation stage: the nation's own multiplier (4) x its troops
    assert fr["force_pool"] is None
    rotation = sustain(alloc, table, sc, F)
    assert rotation.pool_of("FR") == fr["troops_deployed"] * 4 and rotation.multipliers["FR"] == 4
    assert set(d["solver"]) >= {"status", "seconds", "objective"}
    frame = alloc.to_frame()
    assert list(frame.columns) == ["nation", "name", "task", "sector", "capability", "formation", "units", "troops",
                                   "unit_size", "of_formation", "framework"]
    assert frame["troops"].sum() == alloc.allocated_troops


# --------------------------------------------------------------------------------------------
# random small instances: the invariants hold whatever the capacities and requirements

CODES = ("FR", "GB", "DE", "NL", "BE", "DK", "PL", "ES")
CAPS = ("manoeuvre", "hq", "logistics", "medical", "air_policing", "maritime")


@st.composite
def instances(draw):
    n = draw(st.integers(2, 6))
    codes = CODES[:n]
    rows, cap_rows, flank_rows = [], [], []
    for code in codes:
        stance = "lead" if code in ("FR", "GB") else draw(st.sampled_from(("willing", "conditional", "unwilling",
                                                                            "unknown")))
        rows.append({"code": code, "stance": stance, "land_forces": draw(st.integers(0, 80_000)),
                     "gdp_busd": draw(st.floats(0, 5000)),
                     "requires_us_backstop": draw(st.sampled_from(("none", "none", "air")))})
        for c in ("hq", "air_policing", "maritime"):
            if draw(st.booleans()):
                cap_rows.append((code, c, draw(st.integers(0, 3)), c, "s", ""))
        if draw(st.booleans()):
            flank_rows.append((code, "LT", draw(st.integers(0, 6_000)), 1, 1, "b", 2024, "s", ""))
    sectors = ("a", "b", "c")[: draw(st.integers(1, 3))]
    lines = []
    for s in sectors:
        for c in CAPS[:4]:
            units = draw(st.integers(0, 3))
            if units:
                lines.append((s, c, units))
    for c in CAPS[4:]:
        units = draw(st.integers(0, 3))
        if units:
            lines.append(("theatre", c, units))
    coalition = {"lead": ["FR", "GB"][: draw(st.integers(1, 2))],
                 "exclude": [c for c in codes[2:] if draw(st.booleans())][:2],
                 "eastern_flank": draw(st.sampled_from(("protect", "ignore"))),
                 "fair_share": draw(st.sampled_from(("gdp", "population", "nato_cost_share")))}
    return rows, cap_rows, flank_rows, lines, coalition, draw(st.sampled_from(("none", "intelligence", "air")))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_invariants_hold_on_random_instances(inst):
    rows, cap_rows, flank_rows, lines, coalition, backstop = inst
    table = nations(*rows, capacity_rows=cap_rows, flank_rows=flank_rows)
    sc = scenario(us_backstop=backstop, **coalition)
    req = requirement(*lines)
    alloc = allocate(req, table, sc, F, time_limit=10)
    assert alloc.solver.status in ("Optimal", "empty", "no eligible nation with capacity")
    check_invariants(alloc, req, table, sc)
    required = sum(u * int(F[f"unit_size.{c}"].value) for _, c, u in lines)
    assert alloc.required_troops == required
    assert alloc.allocated_troops + sum(g.troops for g in alloc.gaps) == required


# --------------------------------------------------------------------------------------------
# the built-in data and the default scenario


def have_builtin() -> bool:
    names = ("nations.csv", "capacity.csv", "flank.csv", "theatres/ukraine.yaml")
    return all(catalog.data_path(n).exists() for n in names)


@pytest.fixture(scope="module")
def default_case():
    if not have_builtin():
        pytest.skip("built-in data not written yet")
    from peaceforce.sizing import size
    from peaceforce.theatre import load_theatre

    spec = {"name": "default", "role": "reassure", "threat": "medium", "host_army": 800_000,
            "adversary_army": 700_000, "us_backstop": "intelligence",
            "coalition": {"lead": ["FR", "GB"], "include": "willing", "fair_share": "gdp", "eastern_flank": "protect"}}
    sc = load_scenario(spec)
    f = F.with_overrides(sc.overrides)
    req = size(sc, load_theatre("ukraine"), f)
    table = load_nations()
    return sc, f, req, table, allocate(req, table, sc, f)


def test_default_scenario_invariants(default_case):
    sc, f, req, table, alloc = default_case
    check_invariants(alloc, req, table, sc)
    assert alloc.solver.status == "Optimal"
    t = troops_by(alloc)
    for code in table.codes:
        if table.stance(code) in ("unwilling", "unknown", "backstop"):
            assert t[code] == 0, code
    hq = [a for a in alloc.assignment if a.capability == "hq" and a.units]
    assert hq and {a.nation for a in hq} <= {"FR", "GB"}
    assert all(n.earmark_used == 0 for n in alloc.nations)
    for g in alloc.gaps:
        assert any(b.constraint == Constraint.GAP and (b.sector, b.capability, b.units, b.troops)
                   == (g.sector, g.capability, g.units, g.troops) for b in alloc.binding)


def test_default_scenario_with_most_nations_excluded_returns_gaps(default_case):
    sc, f, req, table, _ = default_case
    others = [c for c in table.codes if c not in ("FR", "GB") and table.stance(c) != "backstop"]
    narrow = load_scenario({**sc.public_dict(), "coalition": {**sc.coalition.model_dump(), "exclude": others}})
    alloc = allocate(req, table, narrow, f)
    check_invariants(alloc, req, table, narrow)
    assert alloc.gaps and alloc.filled_share < 1
    assert set(troops_by(alloc)) >= {"FR", "GB"}
    assert all(n.troops_deployed == 0 for n in alloc.nations if n.nation not in ("FR", "GB"))


def test_default_scenario_ignore_flank_draws_on_earmarks_only_where_reported(default_case):
    sc, f, req, table, protect = default_case
    ignore = load_scenario({**sc.public_dict(), "coalition": {**sc.coalition.model_dump(), "eastern_flank": "ignore"}})
    alloc = allocate(req, table, ignore, f)
    check_invariants(alloc, req, table, ignore)
    assert alloc.filled_share >= protect.filled_share
    cap = capacity(table, f, "protect")
    for n in alloc.nations:
        protected_total = cap.troops.loc[n.nation].sum()
        if n.troops_deployed > protected_total + 1e-6:
            assert n.earmark_used > 0
