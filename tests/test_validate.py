from __future__ import annotations

import pandas as pd

from peaceforce.validate import validate_missions, validate_published


def test_builtin_validation_is_out_of_sample_and_skips_with_reasons():
    result = validate_missions()
    summary = result["summary"]
    assert summary["method"].startswith("leave-one-out")
    assert summary["sized"] >= 8
    names = {s["name"].split(" (")[0] for s in summary["skipped"]}
    assert "US Forces Korea" in names  # the only deterrence mission cannot be tested out of sample
    for m in result["missions"]:
        p = m["predicted"]
        assert p["low"] <= p["central"] <= p["high"]
        assert m["inside"] == (p["low"] <= m["actual"] <= p["high"]) or abs(p["low"] - m["actual"]) <= 1
    assert 0 <= summary["inside_range_share"] <= 1


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


def test_published_estimates_compared():
    pub = validate_published()
    assert len(pub["estimates"]) >= 10
    ids = {e["id"] for e in pub["estimates"]}
    assert any(i.startswith("paris") for i in ids) and any(i.startswith("radakin") for i in ids)
    for e in pub["estimates"]:
        assert e["predicted"]["low"] <= e["predicted"]["central"] <= e["predicted"]["high"]


def test_a_user_set_with_nothing_sizable_says_which_rows_and_why():
    import pytest

    from peaceforce.errors import InputError

    frame = pd.DataFrame([{"name": "x", "role": "observe", "threat": "medium", "troops": 100}])
    with pytest.raises(InputError) as err:
        validate_missions(frame)
    assert "none sizable" in str(err.value) and "x: no line_km" in str(err.value)
