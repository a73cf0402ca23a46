"""The board: the Dutch conditions, parliament, open items and failures; go only when everything holds."""

from __future__ import annotations

import pytest

from peaceforce import plan
from peaceforce.conditions import COALITION_WIDE
from peaceforce.report import wording
from peaceforce.vocab import Backstop, Check, CheckState, LegalBasis, ParliamentRule, ParliamentStatus, Verdict

from conftest import base_spec


def full_plan(runs=100, **changes):
    return plan(base_spec(**changes), runs=runs)


def board(runs=100, **changes):
    return full_plan(runs, **changes).conditions


def test_without_us_backstop_the_netherlands_is_no_go_for_want_of_american_backup():
    p = full_plan(us_backstop="none", parliament={"NL": "approved"})
    nl = p.conditions.nations["NL"]
    assert not nl.go and nl.verdict == Verdict.NO_GO
    check = nl.checks[Check.US_BACKSTOP]
    assert not check.ok
    assert (check.required_backstop, check.given_backstop) == (Backstop.AIR, Backstop.NONE)
    assert "American backup" in wording.check(check, p)


def test_with_air_backstop_and_consent_the_dutch_conditions_hold():
    p = full_plan(us_backstop="air", parliament={"NL": "approved"})
    nl = p.conditions.nations["NL"].checks
    assert nl[Check.US_BACKSTOP].ok and nl[Check.PARLIAMENT].ok and nl[Check.MANDATE_CLEAR].ok
    assert nl[Check.US_BACKSTOP].given_backstop == Backstop.AIR
    assert "American backup" not in wording.check(nl[Check.US_BACKSTOP], p)
    assert nl[Check.PARLIAMENT].parliament_rule == ParliamentRule.PRIOR
    assert wording.check(nl[Check.PARLIAMENT], p) == "prior approval required and given"


@pytest.mark.parametrize("status, state, verdict", [("pending", CheckState.OPEN, Verdict.CONDITIONAL),
                                                    ("rejected", CheckState.FAIL, Verdict.NO_GO),
                                                    ("approved", CheckState.PASS, None)])
def test_tweede_kamer_vote_pending_is_an_open_item_and_rejected_a_failure(status, state, verdict):
    nl = board(us_backstop="air", parliament={"NL": status}).nations["NL"]
    check = nl.checks[Check.PARLIAMENT]
    assert check.state == state and check.ok is (state == CheckState.PASS)
    assert check.parliament_status == ParliamentStatus(status)
    if state == CheckState.OPEN:
        assert Check.PARLIAMENT in nl.open_items and Check.PARLIAMENT not in nl.failed
    if verdict is not None:
        assert nl.verdict in (verdict, Verdict.NO_GO) and not nl.go
        if state == CheckState.FAIL:
            assert nl.verdict == Verdict.NO_GO


def test_vague_mandate_is_an_open_item_for_the_coalition_and_fails_nations_that_demand_clarity():
    p = full_plan(mandate="vague")
    b = p.conditions
    assert b.coalition.checks[Check.MANDATE_CLEAR].state == CheckState.OPEN
    assert Check.MANDATE_CLEAR in b.coalition.open_items and not b.coalition.go
    # a nation fails the check only where a clear mandate is its own condition (nations.csv
    # requires_clear_mandate); for the others it stays the coalition's open item
    demanding = {c for c, e in p.allocation.eligibility.items() if e.requires_clear_mandate}
    assert {"DE", "NL", "IE"} <= demanding
    for code, n in b.nations.items():
        check = n.checks[Check.MANDATE_CLEAR]
        assert check.state == (CheckState.FAIL if code in demanding else CheckState.PASS), code
        assert check.required is (code in demanding)
        assert check.findings and check.value == p.mandate_check.score
        if code in demanding:
            assert n.verdict == Verdict.NO_GO
    assert demanding & set(b.nations)


def test_verdicts_follow_the_states_of_the_checks():
    b = board(us_backstop="full", parliament={c: "approved" for c in ("NL", "GB", "DE", "ES", "SE", "DK", "EE", "IE",
                                                                      "LT", "LV", "TR", "AU", "CA", "FR", "BE")})
    for n in b.nations.values():
        states = {c.state for c in n.checks.values()}
        assert n.failed == [k for k, c in n.checks.items() if c.state == CheckState.FAIL]
        assert n.open_items == [k for k, c in n.checks.items() if c.state == CheckState.OPEN]
        own_fail = any(c.state == CheckState.FAIL for k, c in n.checks.items() if k not in COALITION_WIDE)
        expect = (Verdict.NOT_ASKED if n.troops == 0 and not own_fail else
                  Verdict.NO_GO if CheckState.FAIL in states else
                  Verdict.CONDITIONAL if CheckState.OPEN in states else Verdict.GO)
        assert n.verdict == expect and n.go == (expect == Verdict.GO)
    assert b.coalition.failed == [k for k, c in b.coalition.checks.items() if c.state == CheckState.FAIL]
    assert b.coalition.go == all(c.ok for c in b.coalition.checks.values())
    leads = b.coalition.checks[Check.LEADS_GO]
    assert set(leads.nations) == {"FR", "GB"}
    assert leads.ok == all(b.nations[c].go for c in ("FR", "GB"))


def test_default_board_is_a_mix_a_reader_can_act_on():
    """Pending votes make nations conditional, the Netherlands is no-go for want of American air backup,
    nations the plan gives nothing are not asked, and nobody is no-go for a vote not yet held."""
    p = plan("examples/ukraine-reassure.yaml", runs=200)
    b = p.conditions
    verdicts = {code: n.verdict for code, n in b.nations.items()}
    assert verdicts["NL"] == Verdict.NO_GO and b.nations["NL"].failed == [Check.US_BACKSTOP]
    assert Check.PARLIAMENT in b.nations["NL"].open_items
    assert verdicts["GB"] == Verdict.CONDITIONAL and b.nations["GB"].open_items == [Check.PARLIAMENT]
    assert {Verdict.GO, Verdict.CONDITIONAL, Verdict.NO_GO, Verdict.NOT_ASKED} <= set(verdicts.values())
    assert all(n.troops == 0 for n in b.nations.values() if n.verdict == Verdict.NOT_ASKED)
    assert all(Check.PARLIAMENT not in n.failed for n in b.nations.values())
    assert b.coalition.verdict == Verdict.CONDITIONAL  # the UK's vote is the coalition's open item


def test_a_small_gap_on_a_less_critical_line_is_open_and_a_critical_one_fails():
    from peaceforce.factors import builtin
    from peaceforce.conditions import _filled

    f = builtin()
    a = plan("examples/ukraine-reassure.yaml", runs=20).allocation
    gap = a.model_copy(update={"gaps": [], "filled_share": 1.0})
    assert _filled(gap, f).state == CheckState.PASS
    d = plan("examples/ukraine-deter.yaml", runs=20).allocation
    assert _filled(d, f).state == CheckState.FAIL  # three quarters unfilled
    small = sorted((g for g in d.gaps if f.v(f"criticality.{g.capability.value}") < f.v("conditions.critical_criticality")
                    and 0 < g.troops), key=lambda g: g.troops)[:1]
    critical = [g for g in d.gaps if f.v(f"criticality.{g.capability.value}") >= f.v("conditions.critical_criticality")][:1]
    assert small and critical
    one = d.model_copy(update={"gaps": small, "filled_share": 1 - small[0].troops / d.required_troops})
    assert _filled(one, f).state == CheckState.OPEN
    hard = d.model_copy(update={"gaps": critical, "filled_share": 1 - critical[0].troops / d.required_troops})
    assert _filled(hard, f).state == CheckState.FAIL and _filled(hard, f).critical_troops == critical[0].troops


def test_high_escalation_risk_is_no_go():
    b = board(threat="high", us_backstop="none", mandate="vague")
    check = b.coalition.checks[Check.ESCALATION_RISK]
    assert check.state == CheckState.FAIL and check.low >= check.threshold
    assert Check.ESCALATION_RISK in b.coalition.failed and b.coalition.verdict == Verdict.NO_GO


def test_an_escalation_interval_straddling_the_threshold_is_borderline():
    """The deter example sits near the 25% threshold: whatever side its estimate lands, an interval that
    crosses the threshold is an open item, never a pass or a fail."""
    from peaceforce.conditions import _escalation
    from peaceforce.factors import builtin

    inc = plan("examples/ukraine-deter.yaml", runs=200).incidents
    f = builtin()
    lo, hi = inc.escalation_ci95
    at = {"conditions.max_escalation_probability": (lo + hi) / 2}
    assert _escalation(inc, 36, f.with_overrides(at)).state == CheckState.OPEN
    assert _escalation(inc, 36, f.with_overrides({"conditions.max_escalation_probability": min(hi + 0.01, 1)})).state \
        == CheckState.PASS
    assert _escalation(inc, 36, f.with_overrides({"conditions.max_escalation_probability": max(lo - 0.01, 0)})).state \
        == CheckState.FAIL


def test_a_nation_requiring_a_un_mandate_is_no_go_under_a_consent_mandate():
    p = full_plan()
    b = p.conditions
    ie = b.nations["IE"]
    check = ie.checks[Check.UN_MANDATE]
    assert check.state == CheckState.FAIL and ie.verdict == Verdict.NO_GO
    assert check.required and check.legal_basis == p.mandate.legal_basis and not check.legal_basis.is_un
    assert check.legal_basis in (LegalBasis.CONSENT, LegalBasis.INVITATION)
    assert "UN mandate" in wording.check(check, p)
    assert b.nations["FR"].checks[Check.UN_MANDATE].ok


def test_what_would_change_the_verdict_is_computed_by_planning_again():
    """The Netherlands, no-go for want of American air backup: planning again with us_backstop air turns it
    (to conditional: the Kamer's vote stays open); the verdicts are those of a plan made with the change."""
    from peaceforce.report import wording
    from peaceforce.whatif import what_would_change

    p = plan("examples/ukraine-reassure.yaml", runs=200)
    w = what_would_change(p, runs=200)
    nl = w.improving("NL")
    air = next(o for o in nl if o.change == "us_backstop")
    assert air.value == "air" and air.nations["NL"] == Verdict.CONDITIONAL
    again = plan(p.scenario.model_copy(update={"us_backstop": Backstop.AIR}), runs=200)
    assert air.nations == {c: n.verdict for c, n in again.conditions.nations.items()}
    assert "American support of air power" in wording.what_if(w, "NL") and "-> conditional" in wording.what_if(w, "NL")
    # the votes held and won turn the pending nations and the coalition to go
    assert any(o.change == "parliament" and o.coalition == Verdict.GO for o in w.improving())
    assert w.improving("FR") == []  # already go: nothing to turn


def test_when_nothing_tried_turns_the_coalition_it_says_so():
    from peaceforce.report import wording
    from peaceforce.whatif import what_would_change

    p = plan("examples/ukraine-interpose.yaml", runs=100)
    w = what_would_change(p, runs=100)
    assert w.coalition == Verdict.NO_GO and w.options
    assert w.improving() == [] and wording.what_if(w).startswith("no change tried turns it")


def test_an_unfilled_force_tries_the_lighter_option():
    """Deterrence by denial is far from filled; the tripwire option (deter light) is what the offers fill."""
    from peaceforce.whatif import what_would_change

    p = plan("examples/ukraine-deter.yaml", runs=100)
    w = what_would_change(p, runs=100)
    lighter = [o for o in w.improving() if o.change == "option"]
    assert lighter and lighter[0].value == "light" and w.coalition == Verdict.NO_GO


def test_nations_the_plan_does_not_need_are_not_asked_even_when_the_coalition_fails():
    """Interpose is half filled, so the coalition and every contributor are no-go; a nation given nothing
    whose own conditions hold is not asked, not no-go."""
    b = plan("examples/ukraine-interpose.yaml", runs=100).conditions
    assert b.coalition.verdict == Verdict.NO_GO and Check.REQUIREMENT_FILLED in b.coalition.failed
    idle = [n for n in b.nations.values() if n.troops == 0]
    assert idle
    for n in idle:
        own = [k for k in n.failed if k not in COALITION_WIDE]
        assert n.verdict == (Verdict.NO_GO if own else Verdict.NOT_ASKED)
    assert any(n.verdict == Verdict.NOT_ASKED for n in idle)
