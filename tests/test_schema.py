"""plan.json's schema is generated from the records; the committed file must be what they give."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from peaceforce.plan import plan
from peaceforce.schema import text

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "schemas" / "plan.schema.json"


def test_committed_schema_is_the_generated_one():
    assert COMMITTED.read_text(encoding="utf-8") == text(), (
        "schemas/plan.schema.json differs from the models: run `python -m peaceforce.schema`")


@pytest.fixture(scope="module")
def document():
    return json.loads(plan(ROOT / "examples" / "ukraine-reassure.yaml", runs=200).to_json())


def test_plan_json_validates_and_unknown_keys_are_refused(document):
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    for path in (("allocation",), ("conditions", "coalition"), ("requirement", "deployed"), ()):
        broken = json.loads(json.dumps(document))
        node = broken
        for key in path:
            node = node[key]
        node["not_a_field"] = 1
        with pytest.raises(jsonschema.ValidationError, match="not_a_field"):
            jsonschema.validate(broken, schema)


def test_paths_users_read_stay_where_they_were(document):
    d = document
    for key in ("low", "central", "high"):
        assert isinstance(d["requirement"]["deployed"][key], (int, float))
        assert isinstance(d["requirement"]["force_pool"][key], (int, float))
    n = d["allocation"]["nations"][0]
    assert {"nation", "troops_deployed", "force_pool", "stance"} <= set(n)
    assert all("troops" in g for g in d["allocation"]["gaps"])
    assert 0 <= d["allocation"]["filled_share"] <= 1
    assert {"before", "after", "intact"} <= set(d["flank"])
    assert isinstance(d["conditions"]["coalition"]["go"], bool)
    assert all(isinstance(v["go"], bool) for v in d["conditions"]["nations"].values())
    assert d["schema_version"] == 2


def test_force_pool_has_one_owner(document):
    """The headline pool is the nations' pools plus what the gaps need: the same figures everywhere."""
    d = document
    nations = sum(n["force_pool"] for n in d["allocation"]["nations"])
    rotation = d["rotation"]
    assert nations == sum(n["force_pool"] for n in rotation["nations"])
    gap_pool = rotation["gap_troops"] * rotation["default_multiplier"]["central"]
    assert d["requirement"]["force_pool"]["central"] == pytest.approx(nations + gap_pool)
    assert d["requirement"]["force_pool"] == rotation["force_pool"]


def test_a_single_rotation_needs_no_second_set_of_troops():
    """duration 6, rotation 6: one rotation, so every pool equals what is deployed (was 4x in plan.json)."""
    p = plan({"name": "short", "duration_months": 6, "rotation_months": 6}, runs=50)
    assert p.rotation.rotations == 1
    assert all(n.multiplier == 1 and n.force_pool == n.troops for n in p.rotation.nations)
    by_code = {n.nation: n for n in p.allocation.nations}
    assert all(by_code[r.nation].force_pool == r.troops for r in p.rotation.nations)
    from peaceforce.report import render_memo

    memo = render_memo(p, "GB", "en", "md")
    assert "over 0 years" not in memo and "6 months" in memo
