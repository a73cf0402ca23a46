"""The three inputs of the debate (host army, role, US backstop) and the threat move the answer sensibly."""

from __future__ import annotations

import math

from hypothesis import given, settings, strategies as st

from peaceforce import plan
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
        assert line.factors and all(f.source and f.key and f.unit is not None for f in line.factors)
        assert line.troops.low <= line.troops.central <= line.troops.high
        assert line.units.central == math.ceil(line.troops.central / line.unit_size)


def test_totals_add_up_and_pool_uses_rotation():
    r = req(duration_months=36, rotation_months=6)
    assert r.deployed.central == sum(ln.troops.central for ln in r.coalition_lines())
    # sizing leaves the force pool to the rotation stage, its one owner
    assert r.force_pool is None and r.rotation_multiplier is None
    p = plan(base_spec(duration_months=36, rotation_months=6), runs=50)
    rot, dwell = p.rotation, FACTORS.v("rotation.dwell_ratio")
    assert rot.default_multiplier.central == 1 + dwell
    assert p.requirement.rotation_multiplier == rot.default_multiplier and p.requirement.force_pool == rot.force_pool
    assert p.requirement.deployed == r.deployed
    for n in rot.nations:
        own = p.nations.get(n.nation, "rotation_multiplier")
        assert n.multiplier == (float(own) if own is not None else 1 + dwell)
        assert n.force_pool == round(n.troops * n.multiplier) == p.allocation.nation(n.nation).force_pool
    # the headline: the nations' pools plus the gaps' need at the default multiplier
    assert rot.force_pool.central == round(sum(n.force_pool for n in rot.nations)
                                           + rot.gap_troops * rot.default_multiplier.central)
    assert rot.force_pool.low <= rot.force_pool.central <= rot.force_pool.high
    assert rot.force_pool.central > p.allocation.required_troops
    short = plan(base_spec(duration_months=6, rotation_months=6), runs=50)
    assert short.requirement.rotation_multiplier.central == 1  # one tour: nobody needs relieving
    assert set(short.rotation.multipliers.values()) == {1.0}
    assert short.rotation.force_pool.central == short.allocation.required_troops


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
    assert any(f.key == "density.reassure" and "scenario override" in f.source
               and f.value == FACTORS.v("density.reassure") * 2 for f in line.factors)
