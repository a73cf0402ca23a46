"""The go / no-go board: the Dutch conditions, parliament, and go only when everything holds."""

from __future__ import annotations

import pytest

from peaceforce import plan
from peaceforce.report import wording
from peaceforce.vocab import Backstop, Check, LegalBasis, ParliamentRule, ParliamentStatus, Verdict

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


@pytest.mark.parametrize("status, ok", [("pending", False), ("rejected", False), ("approved", True)])
def test_tweede_kamer_consent(status, ok):
    nl = board(us_backstop="air", parliament={"NL": status}).nations["NL"]
    check = nl.checks[Check.PARLIAMENT]
    assert check.ok is ok
    assert check.parliament_status == ParliamentStatus(status)
    if not ok:
        assert not nl.go


def test_vague_mandate_fails_the_clarity_check_for_everyone():
    p = full_plan(mandate="vague")
    b = p.conditions
    assert not b.coalition.checks[Check.MANDATE_CLEAR].ok
    assert Check.MANDATE_CLEAR in b.coalition.failed
    assert not b.coalition.go
    # a nation fails the check only where a clear mandate is its own condition (nations.csv
    # requires_clear_mandate); for the others it stays the coalition's condition
    demanding = {c for c, e in p.allocation.eligibility.items() if e.requires_clear_mandate}
    assert {"DE", "NL", "IE"} <= demanding
    for code, n in b.nations.items():
        check = n.checks[Check.MANDATE_CLEAR]
        assert check.ok is (code not in demanding), code
        assert check.required is (code in demanding)
        assert check.findings and check.value == p.mandate_check.score
        if code in demanding:
            assert not n.go
    assert demanding & set(b.nations)


def test_go_only_when_every_check_holds():
    b = board(us_backstop="full", parliament={c: "approved" for c in ("NL", "GB", "DE", "ES", "SE", "DK", "EE", "IE",
                                                                      "LT", "LV", "TR", "AU", "CA", "FR", "BE")})
    for n in b.nations.values():
        assert n.go == all(c.ok for c in n.checks.values())
        assert n.verdict == (Verdict.GO if n.go else Verdict.NO_GO)
    assert b.coalition.failed == [k for k, c in b.coalition.checks.items() if not c.ok]
    assert b.coalition.go == (not b.coalition.failed)
    assert b.coalition.go == all(c.ok for c in b.coalition.checks.values())
    leads = b.coalition.checks[Check.LEADS_GO]
    assert set(leads.nations) == {"FR", "GB"}
    assert leads.ok == all(b.nations[c].go for c in ("FR", "GB"))


def test_high_escalation_risk_is_no_go():
    b = board(threat="high", us_backstop="none", mandate="vague")
    check = b.coalition.checks[Check.ESCALATION_RISK]
    assert not check.ok and check.value >= check.threshold
    assert Check.ESCALATION_RISK in b.coalition.failed and not b.coalition.go


def test_a_nation_requiring_a_un_mandate_is_no_go_under_a_consent_mandate():
    p = full_plan()
    b = p.conditions
    ie = b.nations["IE"]
    check = ie.checks[Check.UN_MANDATE]
    assert not check.ok and not ie.go
    assert check.required and check.legal_basis == p.mandate.legal_basis and not check.legal_basis.is_un
    assert check.legal_basis in (LegalBasis.CONSENT, LegalBasis.INVITATION)
    assert "UN mandate" in wording.check(check, p)
    assert b.nations["FR"].checks[Check.UN_MANDATE].ok
