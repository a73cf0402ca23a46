"""The three inputs of the debate (host army, role, US backstop) and the threat move the answer sensibly."""

from __future__ import annotations

import math

from hypothesis import given, settings, strategies as st

from peaceforce.factors import builtin
from peaceforce.scenario import load_scenario
from peaceforce.sizing import enabler_troops, size
from peaceforce.theatre import load_theatre
from peaceforce.vocab import BACKSTOP_LEVELS, ROLES, THREATS

from conftest import base_spec

THEATRE = load_theatre("ukraine")
FACTORS = builtin()


def req(**changes):
    return size(load_scenario(base_spec(**changes)), THEATRE, FACTORS)


armies = st.integers(min_value=0, max_value=3_000_000)
roles = st.sampled_from(ROLES)
threats = st.sampled_from(THREATS)
levels = st.sampled_from(BACKSTOP_LEVELS)


@settings(max_examples=60, deadline=None)
@given(role=roles, threat=threats, level=levels, h1=armies, h2=armies)
def test_larger_host_army_never_raises_requirement(role, threat, level, h1, h2):
    small, large = sorted((h1, h2))
    a = req(role=role, threat=threat, us_backstop=level, host_army=small).deployed
    b = req(role=role, threat=threat, us_backstop=level, host_army=large).deployed
    assert b.central <= a.central and b.low <= a.low and b.high <= a.high


@settings(max_examples=60, deadline=None)
@given(threat=threats, level=levels, h1=st.integers(0, 2_000_000), h2=st.integers(0, 2_000_000),
       adv=st.integers(100_000, 3_000_000))
def test_larger_host_army_strictly_lowers_deterrent(threat, level, h1, h2, adv):
    small, large = sorted((h1, h2))
    if large - small < 50_000:
        large = small + 50_000
    a = req(role="deter", threat=threat, us_backstop=level, host_army=small, adversary_army=adv).deployed
    b = req(role="deter", threat=threat, us_backstop=level, host_army=large, adversary_army=adv).deployed
    assert b.central < a.central


@settings(max_examples=40, deadline=None)
@given(role=roles, threat=threats, host=armies)
def test_stronger_backstop_never_raises_and_strictly_lowers_enablers(role, threat, host):
    prev_total = prev_enablers = math.inf
    for level in BACKSTOP_LEVELS:
        r = req(role=role, threat=threat, host_army=host, us_backstop=level)
        assert r.deployed.central <= prev_total
        enablers = enabler_troops(r)
        assert enablers < prev_enablers, (role, level)
        prev_total, prev_enablers = r.deployed.central, enablers


@settings(max_examples=40, deadline=None)
@given(threat=threats, level=levels, host=armies)
def test_role_ordering_observe_reassure_interpose(threat, level, host):
    c = {role: req(role=role, threat=threat, us_backstop=level, host_army=host).deployed.central
         for role in ("observe", "reassure", "interpose")}
    assert c["observe"] < c["reassure"] < c["interpose"]


@settings(max_examples=40, deadline=None)
@given(role=roles, level=levels, host=armies)
def test_higher_threat_never_lowers(role, level, host):
    values = [req(role=role, threat=t, us_backstop=level, host_army=host).deployed for t in THREATS]
    for lower, higher in zip(values, values[1:]):
        assert higher.central >= lower.central and higher.high >= lower.high


def test_every_line_has_a_trace_with_sourced_factors():
    r = req()
    assert r.lines
    for line in r.lines:
        assert "=" in line.trace and "troops" in line.trace
        assert line.factors and all(f["source"] for f in line.factors)
        assert line.troops.low <= line.troops.central <= line.troops.high
        assert line.units.central == math.ceil(line.troops.central / line.unit_size)


def test_totals_add_up_and_pool_uses_rotation():
    r = req(duration_months=36, rotation_months=6)
    assert r.deployed.central == sum(ln.troops.central for ln in r.coalition_lines())
    assert r.rotation_multiplier.central == 1 + FACTORS.v("rotation.dwell_ratio")
    assert r.force_pool.central == round(r.deployed.central * r.rotation_multiplier.central)
    short = req(duration_months=6, rotation_months=6)
    assert short.rotation_multiplier.central == 1  # one tour: nobody needs relieving


def test_backstop_moves_lines_to_the_us_not_away():
    none, full = req(us_backstop="none"), req(us_backstop="full")
    total = lambda r: sum(v.central for v in r.by_provider.values())  # noqa: E731
    assert "us" not in none.by_provider and full.by_provider["us"].central > 0
    assert abs(total(none) - total(full)) <= len(full.lines)  # only rounding differs


def test_capability_mixes_sum_to_one():
    caps = ("manoeuvre", "hq", "isr", "air_defence", "engineers", "medical", "logistics", "aviation")
    assert math.isclose(sum(FACTORS.v(f"mix.{c}") for c in caps), 1.0)
    assert math.isclose(sum(FACTORS.v(f"mix.observe.{c}") for c in caps), 1.0)


def test_override_changes_the_answer_and_the_source():
    base = req()
    doubled = req(overrides={"density.reassure": FACTORS.v("density.reassure") * 2})
    assert doubled.deployed.central > 1.8 * base.deployed.central - 2000
    line = next(ln for ln in doubled.lines if ln.capability == "manoeuvre")
    assert any("scenario override" in f["source"] for f in line.factors)
