"""The three inputs of the debate (host army, role, US backstop), the threat and the force option move
the answer the way a planner expects; the force is whole formations with a Monte Carlo range."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings, strategies as st

from peaceforce import formations
from peaceforce.factors import builtin
from peaceforce.plan import plan
from peaceforce.scenario import load_scenario
from peaceforce.sizing import enabler_troops, size
from peaceforce.tasks import distances_to_line, hubs_for
from peaceforce.theatre import load_theatre
from peaceforce.vocab import BACKSTOP_LEVELS, ROLES, THREATS, Capability, Provider

from conftest import base_spec

THEATRE = load_theatre("ukraine")
FACTORS = builtin()
OPTIONS = ("light", "medium", "heavy")


def req(**changes):
    return size(load_scenario(base_spec(**changes)), THEATRE, FACTORS, draws=400, drivers=False)


armies = st.integers(min_value=0, max_value=3_000_000)
roles = st.sampled_from(ROLES)
threats = st.sampled_from(THREATS)
levels = st.sampled_from(BACKSTOP_LEVELS)
options = st.sampled_from(OPTIONS)


def _leq(a, b):
    """Range a never above range b: central, low and high."""
    return a.central <= b.central and a.low <= b.low + 1e-6 and a.high <= b.high + 1e-6


@settings(max_examples=40, deadline=None)
@given(role=roles, threat=threats, level=levels, option=options, h1=armies, h2=armies)
def test_larger_host_army_never_raises_requirement(role, threat, level, option, h1, h2):
    small, large = sorted((h1, h2))
    a = req(role=role, threat=threat, us_backstop=level, option=option, host_army=small).deployed
    b = req(role=role, threat=threat, us_backstop=level, option=option, host_army=large).deployed
    assert _leq(b, a)


@pytest.mark.parametrize("option", ["medium", "heavy"])
def test_larger_host_army_lowers_the_deterrent(option):
    sizes = [req(role="deter", option=option, host_army=h).deployed.central for h in (0, 400_000, 800_000, 2_000_000)]
    assert sizes == sorted(sizes, reverse=True) and sizes[-1] < sizes[0]


@settings(max_examples=30, deadline=None)
@given(role=roles, threat=threats, option=options, host=armies)
def test_stronger_backstop_never_raises_the_force_or_its_enablers(role, threat, option, host):
    prev_total = prev_enablers = math.inf
    first = last = None
    for level in BACKSTOP_LEVELS:
        r = req(role=role, threat=threat, host_army=host, us_backstop=level, option=option)
        assert r.deployed.central <= prev_total
        enablers = enabler_troops(r)
        assert enablers <= prev_enablers, (role, level)
        prev_total, prev_enablers = r.deployed.central, enablers
        first, last = first or r, r
    assert last.deployed.central < first.deployed.central  # a full US guarantee takes lines off the bill


@settings(max_examples=30, deadline=None)
@given(threat=threats, level=levels, option=options, host=armies)
def test_role_ordering_observe_reassure_interpose(threat, level, option, host):
    c = {role: req(role=role, threat=threat, us_backstop=level, host_army=host, option=option).deployed.central
         for role in ("observe", "reassure", "interpose")}
    assert c["observe"] < c["reassure"] < c["interpose"]


@settings(max_examples=30, deadline=None)
@given(role=roles, level=levels, option=options, host=armies)
def test_higher_threat_never_lowers(role, level, option, host):
    values = [req(role=role, threat=t, us_backstop=level, option=option, host_army=host).deployed for t in THREATS]
    for lower, higher in zip(values, values[1:]):
        assert _leq(lower, higher)


@pytest.mark.parametrize("role", ROLES)
def test_options_are_ordered_light_medium_heavy(role):
    c = [req(role=role, option=o).deployed.central for o in OPTIONS]
    assert c[0] < c[1] < c[2]


def test_the_force_is_whole_formations_and_the_headline_is_their_sum():
    r = req()
    for ln in r.coalition_lines():
        form = formations.get(ln.formation)
        assert ln.units.central == int(ln.units.central) >= 1
        assert ln.troops.central == pytest.approx(ln.units.central * form.strength)
        assert ln.troops.low <= ln.troops.central <= ln.troops.high
    assert r.deployed.central == pytest.approx(sum(ln.troops.central for ln in r.coalition_lines()))
    assert r.deployed.low <= r.deployed_median <= r.deployed.high


def test_smallest_formation_that_fits():
    """64 logistics troops are a company, not a 600-strong battalion; line forces are built of battalions
    and brigades (not 67 companies); medical support of Role 2 facilities (Role 1 and 3 are other echelons)."""
    form, n = formations.fit(Capability.LOGISTICS, 64)
    assert form.formation == "logistics_company" and n == 1
    form, n = formations.fit(Capability.MANOEUVRE, 10_000)
    assert form.formation in ("battalion", "brigade")
    assert {f.formation for f in formations.ladder(Capability.MEDICAL)} == {"role2"}
    assert formations.fit(Capability.MANOEUVRE, 0)[1] == 0


def test_reassurance_stands_at_hubs_away_from_the_line():
    """The default force holds hubs at least the posture's stand-off from the line, nothing on it."""
    r = req()
    hub_ids = {h.id for h in THEATRE.hubs}
    standoff = THEATRE.standoff("reassure")
    dist = dict(zip([h.id for h in THEATRE.hubs], distances_to_line(THEATRE.hubs, THEATRE)))
    manoeuvre = [ln for ln in r.coalition_lines() if ln.capability == Capability.MANOEUVRE]
    assert manoeuvre and all(ln.sector in hub_ids or ln.sector == "theatre" for ln in manoeuvre)
    assert all(dist[ln.sector] >= standoff for ln in manoeuvre if ln.sector in hub_ids)
    assert not any(ln.sector in {s.id for s in THEATRE.sectors} for ln in r.lines)
    # Mykolaiv (about 50 km from the line) is left out, Kyiv and Odesa are held
    held = {ln.sector for ln in manoeuvre}
    assert {"kyiv", "odesa"} <= held and "mykolaiv" not in held
    assert all(h.country in ("", "UA") for h, _ in hubs_for(THEATRE, ("logistics_node",), 0))


def test_default_reassurance_lands_where_its_sources_put_it():
    """The Paris shape: 15,000-30,000 reported (Euractiv), IISS medium about 25,000."""
    d = req().deployed
    assert 15_000 <= d.central <= 30_000 and d.high / d.low <= 4


def test_drivers_name_what_makes_the_range_wide():
    r = size(load_scenario(base_spec(role="interpose")), THEATRE, FACTORS)
    assert r.drivers and r.drivers[0].key == "density.interpose" and r.drivers[0].share > 0.5
    assert any("density.interpose" in b and "mission" in b for b in r.basis)


def test_every_line_has_a_trace_with_sourced_factors():
    r = req()
    for ln in r.lines:
        assert ln.trace and ln.factors
        for used in ln.factors:
            assert used.source.strip()
    hub_line = next(ln for ln in r.coalition_lines() if ln.sector == "kyiv")
    assert "battlegroup" in hub_line.trace and "garrison.medium" in hub_line.trace


def test_backstop_moves_lines_to_the_us_not_away():
    r = req(us_backstop="air")
    us = [ln for ln in r.lines if ln.provider == Provider.US]
    assert us and all(ln.troops.central > 0 for ln in us)
    assert r.by_provider[Provider.US].central == pytest.approx(sum(ln.troops.central for ln in us))


def test_override_changes_the_answer_and_the_source():
    base = req(role="interpose")
    more = req(role="interpose", overrides={"density.interpose": 40.0})
    assert more.deployed.central > base.deployed.central
    used = {u.key: u for ln in more.lines for u in ln.factors}
    assert used["density.interpose"].source.startswith("scenario override")


def test_same_seed_same_range_and_the_pool_is_the_rotation_owners():
    a, b = req(), req()
    assert a.deployed == b.deployed
    p = plan(base_spec(), runs=50)
    assert p.requirement.force_pool == p.rotation.force_pool
    assert p.rotation.force_pool.low <= p.rotation.force_pool.central <= p.rotation.force_pool.high
