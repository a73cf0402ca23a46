"""Incidents coupled to the force: where it stands decides what reaches it, its coverage decides what it
sees, a vague mandate and a thin force invite probing, and the backstop still only lowers escalation."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peaceforce import domain, plan
from peaceforce.exposure import exposure, watched
from peaceforce.incident_params import default_params
from peaceforce.incidents import arrivals, simulate
from peaceforce.mandate import INCIDENT_TYPES, Rule, load_mandate
from peaceforce.posture import Position, Posture
from peaceforce.vocab import BACKSTOP_LEVELS, Capability, IncidentType, Provider, Stand

P = default_params()
MANDATES = {n: load_mandate(n) for n in ("robust", "minimal", "vague")}
LINE_KM = 1218.0
SMALL_ARMS, PROBE = IncidentType.SMALL_ARMS_FIRE, IncidentType.PROBE_INCURSION


@pytest.fixture(scope="module")
def plans():
    return {role: plan(f"examples/ukraine-{role}.yaml", runs=400)
            for role in ("reassure", "observe", "interpose", "deter")}


def make_posture(on_line: float, isr: float, held_km: float = LINE_KM, depth: float = 0.0,
                 hubs: tuple[float, ...] = ()) -> Posture:
    positions = [Position(task="watch", place="line", capability=Capability.MONITORING, provider=Provider.COALITION, stands=Stand.LINE,
                          km_from_line=0.0, frontage_km=held_km, troops=on_line),
                 Position(task="isr", place="theatre", capability=Capability.ISR, provider=Provider.COALITION, stands=Stand.OUTSIDE,
                          km_from_line=None, frontage_km=0.0, troops=isr)]
    if depth:
        positions.append(Position(task="hq", place="theatre", capability=Capability.HQ, provider=Provider.COALITION, stands=Stand.DEPTH,
                                  km_from_line=30.0, frontage_km=0.0, troops=depth))
    for i, km in enumerate(hubs):
        positions.append(Position(task="garrison", place=f"hub{i}", capability=Capability.MANOEUVRE,
                                  provider=Provider.COALITION, stands=Stand.HUB, km_from_line=km, frontage_km=0.0, troops=150))
    troops = {s: sum(p.troops for p in positions if p.stands == s) for s in Stand}
    return Posture(line_km=LINE_KM, depth_km=30.0, positions=positions, troops=troops, isr_troops=isr,
                   line_held_km=held_km if on_line > 0 else 0.0, border_held_km=0.0)


# ---------------------------------------------------------------- where the force stands


def test_posture_places_each_line_where_the_requirement_puts_it(plans):
    observe, reassure, interpose = plans["observe"], plans["reassure"], plans["interpose"]
    sectors = {s.id: s for s in observe.theatre.sectors}
    on_line = [p for p in observe.posture.positions if p.stands == Stand.LINE]
    assert on_line and all(p.frontage_km == sectors[p.place].length_km for p in on_line)
    assert observe.posture.line_held_km == pytest.approx(LINE_KM)
    hubs = [p for p in reassure.posture.positions if p.stands == Stand.HUB]
    assert hubs and all(p.km_from_line >= reassure.theatre.standoff("reassure") for p in hubs)
    assert reassure.posture.troops[Stand.LINE] == 0 and reassure.posture.depth_km == 60.0
    # gaps stand nowhere: the interposition force is half filled, and its posture holds what was filled
    i = interpose
    us_host = sum(l.troops.central for l in i.requirement.lines if l.provider.value != "coalition")
    assert i.allocation.filled_share < 0.9
    assert i.posture.deployed == pytest.approx(i.allocation.allocated_troops + us_host)


def test_no_us_troops_stand_in_ukraine(plans):
    """The theatre sends the US share of every line outside the host (no US ground troops, Aug 2025)."""
    for p in plans.values():
        us = [l for l in p.requirement.lines if l.provider.value == "us"]
        assert us and all(l.outside_host for l in us)
    monitoring = [p_ for p_ in plans["observe"].posture.positions if p_.capability == Capability.MONITORING]
    assert {p_.stands for p_ in monitoring} == {Stand.LINE, Stand.OUTSIDE}
    # monitoring done from outside counts as sensors over the line
    po = plans["observe"].posture
    assert po.isr_troops > sum(p_.troops for p_ in po.positions if p_.capability == Capability.ISR)


def test_observers_on_the_line_meet_what_a_reassurance_force_at_the_hubs_does_not(plans):
    obs, rea = plans["observe"].incidents.by_type, plans["reassure"].incidents.by_type
    po = plans["observe"].posture
    # on the line: the OSCE-counted rate scaled to this line, times the observers' contact (by hand)
    scale = LINE_KM / P.line_km[(SMALL_ARMS.value, "medium")]
    touch = (po.on_line_density / P.v("contact.reference_per_km")) ** P.v("contact.exponent")
    assert obs[SMALL_ARMS].met == pytest.approx(scale * touch, rel=1e-4)
    assert obs[PROBE].met == pytest.approx(1.0)  # stated for this line, not a contact type
    for kind in (SMALL_ARMS, PROBE, IncidentType.HARASSMENT):
        assert obs[kind].met > 0.5 and rea[kind].met < 0.001
        assert obs[kind].per_year > 10 and rea[kind].per_year < 0.1
    # indirect fire and drones reach further: the hubs 60 km back meet some of them, far less than the line
    for kind in (IncidentType.INDIRECT_FIRE, IncidentType.DRONE_STRIKE):
        assert 0 < rea[kind].met < 0.3 * obs[kind].met
    # what is aimed at the force wherever it stands, and the adversary's theatre decisions, do not change
    for kind in (IncidentType.CYBER_ATTACK, IncidentType.LONG_RANGE_STRIKE, IncidentType.MASS_BUILDUP):
        assert obs[kind].met == rea[kind].met == 1.0
    assert plans["observe"].incidents.total_per_year > 1.5 * plans["reassure"].incidents.total_per_year
    # standing on the line is the riskier posture: interposition escalates more often than reassurance
    assert plans["interpose"].incidents.escalation_probability > plans["reassure"].incidents.escalation_probability


def test_a_denser_force_meets_more_fire_and_fewer_probes():
    """Contact types grow with density on the held stretch; probes shrink with it (coverage)."""
    thin, dense = make_posture(1_000, 0), make_posture(20_000, 0)
    a = exposure(thin, P, "medium", vague_probe=False)
    b = exposure(dense, P, "medium", vague_probe=False)
    assert b[SMALL_ARMS].met > a[SMALL_ARMS].met
    assert b[SMALL_ARMS].met / a[SMALL_ARMS].met == pytest.approx(20 ** P.v("contact.exponent"), rel=1e-4)
    assert b[PROBE].probing < a[PROBE].probing and b[PROBE].met == a[PROBE].met


def test_the_balance_of_forces_moves_build_ups_and_offensives():
    """A larger host army or more manoeuvre troops in the host lower their rates; the theatre's own
    balance leaves them as tabled."""
    base = make_posture(1_000, 0)
    ref = 800_000 / 700_000
    at = lambda host, extra=0.0: base.model_copy(update={  # noqa: E731
        "host_army": host, "adversary_army": 700_000, "reference_balance": ref,
        "positions": base.positions + ([Position(task="qrf", place="theatre", capability=Capability.MANOEUVRE,
                                                  provider=Provider.COALITION, stands=Stand.DEPTH, km_from_line=30.0, frontage_km=0.0,
                                                  troops=extra)] if extra else [])})
    off = IncidentType.MAJOR_OFFENSIVE
    same = exposure(at(800_000), P, "medium", vague_probe=False)[off].balance
    weaker = exposure(at(400_000), P, "medium", vague_probe=False)[off].balance
    reinforced = exposure(at(800_000, 60_000), P, "medium", vague_probe=False)[off].balance
    assert same == pytest.approx(1.0) and weaker == pytest.approx(2.0 ** P.v("balance.elasticity"), rel=1e-4)
    assert reinforced < same


def test_a_hub_meets_the_stretch_within_reach_as_the_model_states():
    """One hub 45 km from the line: 2 x reach / line km x exp(-45 / reach), redone by hand."""
    met = exposure(make_posture(0.0, 0.0, held_km=0.0, hubs=(45.0,)), P, "medium", vague_probe=False)
    reach = P.v("reach_km.indirect_fire")
    scale = LINE_KM / P.line_km[("indirect_fire", "medium")]
    assert met[IncidentType.INDIRECT_FIRE].met == pytest.approx(scale * met[IncidentType.INDIRECT_FIRE].share, abs=1e-5)
    assert met[IncidentType.INDIRECT_FIRE].share == pytest.approx(2 * reach / LINE_KM * math.exp(-45 / reach), abs=1e-6)
    # two hubs at one distance do not meet one stretch's incidents twice
    two = exposure(make_posture(0.0, 0.0, held_km=0.0, hubs=(45.0, 45.0)), P, "medium", vague_probe=False)
    one = met[IncidentType.INDIRECT_FIRE].share
    assert two[IncidentType.INDIRECT_FIRE].share == pytest.approx(1 - (1 - one) ** 2, abs=1e-6)


def test_coverage_follows_the_stated_density_curve():
    """90% watched at coverage.troops_per_km_90 on the line; sensors count coverage.sensor_weight each."""
    d90 = P.v("coverage.troops_per_km_90")
    assert watched(make_posture(d90 * LINE_KM, 0.0), P) == pytest.approx(0.9)
    w = P.v("coverage.sensor_weight")
    assert watched(make_posture(1e-6, d90 * LINE_KM / w), P) == pytest.approx(0.9)


# ---------------------------------------------------------------- the stated directions

postures = st.builds(
    lambda t, i, f, d: (t, i, f, d),
    st.floats(1, 60_000), st.floats(0, 5_000), st.floats(50, LINE_KM), st.floats(0, 20_000))


@settings(max_examples=60, deadline=None)
@given(base=postures, more_line=st.floats(0, 30_000), more_isr=st.floats(0, 3_000),
       mandate=st.sampled_from(sorted(MANDATES)))
def test_more_coverage_never_raises_the_unanswered(base, more_line, more_isr, mandate):
    """More troops and sensors on the stretch the force holds: never a larger unanswered share of any
    type, never more probes. More troops also draw more of what is aimed at posts and patrols (contact
    types), so only their count may rise; with more sensors alone no unanswered count rises."""
    t, i, f, d = base
    thin, dense = make_posture(t, i, f, d), make_posture(t + more_line, i + more_isr, f, d)
    sensed = make_posture(t, i + more_isr, f, d)
    m = MANDATES[mandate]
    a, b, c = arrivals(m, "medium", P, thin), arrivals(m, "medium", P, dense), arrivals(m, "medium", P, sensed)
    spec = domain.incident_types()
    for j, kind in enumerate(INCIDENT_TYPES):
        assert b.p_unanswered[j] <= a.p_unanswered[j] + 1e-12, kind
        assert c.unanswered_per_month()[j] <= a.unanswered_per_month()[j] + 1e-12, kind
        if not spec[IncidentType(kind)].contact:
            assert b.unanswered_per_month()[j] <= a.unanswered_per_month()[j] + 1e-12, kind
        assert b.exposure[j].coverage >= a.exposure[j].coverage - 1e-12
    # a thinner force is probed more
    probe = INCIDENT_TYPES.index(PROBE.value)
    assert b.per_month[probe] <= a.per_month[probe] + 1e-12


def vaguer(m, kinds: list[str], restrict: bool):
    """The same mandate with its rules for `kinds` cut to observe-and-report (a type it has no rule for
    keeps what it has), optionally with restricted self-defence: vaguer on those points, the same elsewhere."""
    usable = [k for k in kinds if m.incidents.get(k) is not None and m.incidents[k].response_on_ladder]
    rules = {**m.incidents, **{k: Rule(response="observe_report") for k in usable}}
    return replace(m, incidents=rules, self_defence="restricted" if restrict else m.self_defence)


@settings(max_examples=60, deadline=None)
@given(base=postures, mandate=st.sampled_from(sorted(MANDATES)),
       kinds=st.lists(st.sampled_from(INCIDENT_TYPES), max_size=4, unique=True), restrict=st.booleans())
def test_a_vaguer_mandate_never_lowers_the_unanswered(base, mandate, kinds, restrict):
    posture = make_posture(*base)
    m = MANDATES[mandate]
    v = vaguer(m, kinds, restrict)
    a, b = arrivals(m, "medium", P, posture), arrivals(v, "medium", P, posture)
    for j, kind in enumerate(INCIDENT_TYPES):
        assert b.p_unanswered[j] >= a.p_unanswered[j] - 1e-12, kind
        assert b.unanswered_per_month()[j] >= a.unanswered_per_month()[j] - 1e-12, kind


def test_a_vague_probe_rule_draws_more_probes():
    posture = make_posture(2_000, 100)
    clear = arrivals(MANDATES["robust"], "medium", P, posture)
    vague = arrivals(vaguer(MANDATES["robust"], ["probe_incursion"], False), "medium", P, posture)
    j = INCIDENT_TYPES.index(PROBE.value)
    assert vague.per_month[j] == pytest.approx(clear.per_month[j] / clear.exposure[j].probing
                                               * (clear.exposure[j].probing + P.v("probing.vague_gain")))


@pytest.mark.parametrize("role", ["reassure", "observe"])
def test_a_stronger_backstop_never_raises_escalation_at_any_posture(plans, role):
    p = plans[role]
    s = p.scenario
    esc = [simulate(p.mandate, s.threat.value, b, s.duration_months, runs=3000, seed=11,
                    posture=p.posture).escalation_probability for b in BACKSTOP_LEVELS]
    assert all(b <= a for a, b in zip(esc, esc[1:])), esc
    assert esc[-1] < esc[0]


def test_the_simulation_draws_what_arrivals_states(plans):
    """Per type, the simulated rate and unanswered share agree with arrivals() within sampling error."""
    p = plans["observe"]
    s = p.scenario
    runs = 3000
    r = simulate(p.mandate, s.threat.value, s.us_backstop.value, s.duration_months, runs=runs, seed=5,
                 posture=p.posture)
    a = arrivals(p.mandate, s.threat.value, P, p.posture)
    for j, kind in enumerate(INCIDENT_TYPES):
        out = r.by_type[IncidentType(kind)]
        lam = a.per_month[j] * 12
        n = lam * runs * s.duration_months / 12
        assert abs(out.per_year - lam) <= 5 * math.sqrt(max(n, 1)) / (runs * s.duration_months / 12) + 1e-3, kind
        if out.occurred > 200:
            q = a.p_unanswered[j]
            assert abs(out.unanswered - q) <= 5 * math.sqrt(q * (1 - q) / out.occurred) + 1e-3, kind
