"""Validation that can fail: statistics checked on small known sets, and the three built-in sets."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from peaceforce.errors import InputError
from peaceforce.validate import interval_score, statistics, validate_missions, validate_published, validate_tasks


def row(low, central, high, actual):
    return {"predicted": {"low": low, "central": central, "high": high}, "actual": actual}


def test_statistics_on_a_known_set():
    rows = [row(50, 100, 200, 100), row(50, 100, 200, 400), row(10, 20, 40, 10), row(100, 200, 800, 200)]
    s = statistics(rows)
    # |ln errors|: 0, ln 4, ln 2, 0 -> median (0 + ln 2) / 2
    assert s["median_abs_log_error"] == pytest.approx(round(math.log(2) / 2, 3))
    assert s["inside_range_share"] == 0.75  # 400 lies above 200
    assert s["median_high_over_low"] == 4.0  # ratios 4, 4, 4, 8
    # interval score: width ln 4 (three ranges) and ln 8, plus 10 x ln 2 for the miss
    expected = (3 * math.log(4) + math.log(8) + 10 * math.log(2)) / 4
    assert s["mean_interval_score"] == pytest.approx(round(expected, 3))


def test_interval_score_penalises_misses_on_either_side():
    assert interval_score(50, 200, 100) == pytest.approx(math.log(4))
    assert interval_score(50, 200, 25) == pytest.approx(math.log(4) + 10 * math.log(2))
    assert interval_score(50, 200, 400) == interval_score(50, 200, 25)


def test_missions_are_out_of_sample_and_task_roles_are_skipped_with_a_reason():
    result = validate_missions()
    summary = result["summary"]
    assert summary["method"].startswith("leave-one-out") and summary["n"] >= 6
    reasons = {s["name"].split(" (")[0]: s["reason"] for s in summary["skipped"]}
    assert "sized by tasks" in reasons["US Forces Korea"]
    for m in result["missions"]:
        p = m["predicted"]
        assert p["low"] <= p["central"] <= p["high"]
        assert m["inside"] == (p["low"] <= m["actual"] <= p["high"])


def test_past_tasks_by_the_task_rules():
    result = validate_tasks()
    by_name = {t["name"]: t for t in result["tasks"]}
    efp = by_name["NATO enhanced Forward Presence (2017)"]
    assert efp["predicted"]["central"] == 4 * 1100 and efp["inside"]  # four battlegroups of about 1,100
    assert efp["in_sample"]  # ... but the battlegroup's strength comes from this very case: not counted
    s = result["summary"]
    assert s["in_sample"] >= 4 and s["n"] == s["sized"] - s["in_sample"]
    assert 0 < s["inside_range_share"] < 1  # it can fail, and does: ISAF Kabul, the KFOR reserve, UNMOGIP


def test_user_task_file_and_a_file_with_nothing_sizable():
    frame = pd.DataFrame([{"name": "eFP", "task": "hub_garrison", "count": 4, "troops": 4000},
                          {"name": "odd", "task": "flying", "count": 1, "troops": 5}])
    result = validate_tasks(frame)
    assert [t["name"] for t in result["tasks"]] == ["eFP"]
    with pytest.raises(InputError, match="none sizable"):
        validate_tasks(frame.iloc[1:])


def test_user_missions_with_missing_cells_are_skipped_not_guessed():
    frame = pd.DataFrame([
        {"name": "ok", "role": "interpose", "threat": "medium", "line_km": 100, "troops": 2000, "extra": 1},
        {"name": "no line", "role": "interpose", "threat": "medium", "line_km": None, "troops": 2000},
        {"name": "bad role", "role": "patrol", "threat": "medium", "line_km": 100, "troops": 2000},
    ])
    result = validate_missions(frame)
    assert [m["name"] for m in result["missions"]] == ["ok"]
    reasons = {s["name"]: s["reason"] for s in result["summary"]["skipped"]}
    assert "line_km" in reasons["no line"] and "patrol" in reasons["bad role"]


def test_a_user_set_with_nothing_sizable_says_which_rows_and_why():
    frame = pd.DataFrame([{"name": "x", "role": "observe", "threat": "medium", "troops": 100}])
    with pytest.raises(InputError) as err:
        validate_missions(frame)
    assert "none sizable" in str(err.value)


def test_published_estimates_by_role_and_option():
    pub = validate_published()
    assert len(pub["estimates"]) >= 15
    ids = {e["id"]: e for e in pub["estimates"]}
    assert ids["iiss_brigade_2025_04"]["option"] == "light" and ids["iiss_corps_2025_04"]["option"] == "heavy"
    for e in pub["estimates"]:
        assert e["predicted"]["low"] <= e["predicted"]["central"] <= e["predicted"]["high"]
    s = pub["summary"]
    assert s["within_factor_2_share"] >= 0.6 and 0.67 <= s["median_published_over_central"] <= 1.5
