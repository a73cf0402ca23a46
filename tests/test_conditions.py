"""The go / no-go board: the Dutch conditions, parliament, and go only when everything holds."""

from __future__ import annotations

import pytest

from peaceforce import plan

from conftest import base_spec


def board(runs=100, **changes):
    return plan(base_spec(**changes), runs=runs).conditions


def test_without_us_backstop_the_netherlands_is_no_go_for_want_of_american_backup():
    b = board(us_backstop="none", parliament={"NL": "approved"})
    nl = b.nations["NL"]
    assert not nl["go"]
    assert not nl["checks"]["us_backstop"]["ok"]
    assert "American backup" in nl["checks"]["us_backstop"]["detail"]


def test_with_air_backstop_and_consent_the_dutch_conditions_hold():
    b = board(us_backstop="air", parliament={"NL": "approved"})
    nl = b.nations["NL"]["checks"]
    assert nl["us_backstop"]["ok"] and nl["parliament"]["ok"] and nl["mandate_clear"]["ok"]


@pytest.mark.parametrize("status, ok", [("pending", False), ("rejected", False), ("approved", True)])
def test_tweede_kamer_consent(status, ok):
    nl = board(us_backstop="air", parliament={"NL": status}).nations["NL"]
    assert nl["checks"]["parliament"]["ok"] is ok
    if not ok:
        assert not nl["go"]


def test_vague_mandate_fails_the_clarity_check_for_everyone():
    b = board(mandate="vague")
    assert not b.coalition["checks"]["mandate_clear"]["ok"]
    assert all(not n["checks"]["mandate_clear"]["ok"] for n in b.nations.values())
    assert not b.coalition["go"]


def test_go_only_when_every_check_holds():
    b = board(us_backstop="full", parliament={c: "approved" for c in ("NL", "GB", "DE", "ES", "SE", "DK", "EE", "IE",
                                                                      "LT", "LV", "TR", "AU", "CA", "FR", "BE")})
    for n in b.nations.values():
        assert n["go"] == all(c["ok"] for c in n["checks"].values())
    assert b.coalition["go"] == (not b.coalition["reasons"])
    assert b.coalition["go"] == all(c["ok"] for c in b.coalition["checks"].values())


def test_high_escalation_risk_is_no_go():
    b = board(threat="high", us_backstop="none", mandate="vague")
    assert not b.coalition["checks"]["escalation_risk"]["ok"]


def test_a_nation_requiring_a_un_mandate_is_no_go_under_a_consent_mandate():
    b = board()
    ie = b.nations["IE"]
    assert not ie["checks"]["un_mandate"]["ok"] and not ie["go"]
    assert "UN mandate" in ie["checks"]["un_mandate"]["detail"]
    assert b.nations["FR"]["checks"]["un_mandate"]["ok"]
