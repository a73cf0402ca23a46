"""The command as a user runs it: real processes, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import DEFAULT, ROOT, base_spec

SCHEMA = json.loads((ROOT / "schemas" / "plan.schema.json").read_text())


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "peaceforce", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def test_plan_writes_valid_plan_json(tmp_path):
    out = tmp_path / "out"
    r = run("plan", str(DEFAULT), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "Coalition deployed" in r.stdout
    plan = json.loads((out / "plan.json").read_text())
    jsonschema.validate(plan, SCHEMA)
    d = plan["requirement"]["deployed"]
    assert 0 < d["low"] <= d["central"] <= d["high"]
    keys = {s["key"] for s in plan["sources"]}
    assert "garrison.medium" in keys and "formation.battlegroup" in keys and all(s["source"] for s in plan["sources"])
    assert not list(out.glob(".*.part"))


def test_plan_json_to_stdout():
    r = run("plan", str(DEFAULT), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["scenario"]["role"] == "reassure"


def test_validate_json_shape():
    r = run("validate", "--json", "--published")
    data = json.loads(r.stdout)
    # exit 1 exactly when a target is missed, and the misses are listed
    assert r.returncode == (1 if data["missed_targets"] else 0), r.stderr
    assert {"missions", "summary", "published", "tasks", "missed_targets"} <= set(data)
    m = data["missions"][0]
    assert {"name", "predicted", "actual", "abs_log_error", "inside"} <= set(m)
    assert {"median_abs_log_error", "inside_range_share", "skipped"} <= set(data["summary"])


def test_validate_user_csv_and_bad_csv(tmp_path):
    good = tmp_path / "m.csv"
    good.write_text("name,role,threat,line_km,area_km2,population,host_army,troops\nX,interpose,low,100,,,,900\n")
    r = run("validate", "--missions", str(good), "--json")
    assert r.returncode in (0, 1), r.stderr
    assert json.loads(r.stdout)["missions"][0]["name"] == "X"
    bad = tmp_path / "bad.csv"
    bad.write_text("who,size\nX,3\n")
    r = run("validate", "--missions", str(bad))
    assert r.returncode == 2 and "missing" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.slow
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(change=st.sampled_from([
    {"role": "guard"}, {"host_army": -1}, {"coalition": {"lead": ["ZZ"]}}, {"duration_months": "long"},
    {"extra": 1}, {"theatre": "mars.yaml"}, {"overrides": {"x": 1}}, {"parliament": {"NL": "soon"}},
]))
def test_bad_scenarios_exit_2_and_leave_nothing(tmp_path_factory, change):
    tmp = tmp_path_factory.mktemp("bad")
    spec = base_spec()
    spec.update(change)
    path = tmp / "s.yaml"
    path.write_text(yaml.safe_dump(spec))
    out = tmp / "out"
    r = run("plan", str(path), "--out", str(out))
    assert r.returncode == 2, r.stdout + r.stderr
    assert r.stderr.startswith("error:") and "Traceback" not in r.stderr
    assert not out.exists()


def test_missing_file_and_bad_flag(tmp_path):
    r = run("plan", str(tmp_path / "none.yaml"))
    assert r.returncode == 2 and "existing YAML file" in r.stderr
    r = run("plan", str(DEFAULT), "--colour", "red")
    assert r.returncode == 2 and "Traceback" not in r.stderr


@pytest.mark.parametrize("name, code", [("robust", 0), ("minimal", 1), ("vague", 1)])
def test_mandate_check_exit_codes(name, code):
    r = run("mandate", "check", name, "--json")
    assert r.returncode == code, r.stderr
    data = json.loads(r.stdout)
    assert data["clear"] is (code == 0) and 0 <= data["score"] <= 1


def test_mandate_check_invalid_file_exits_2(tmp_path):
    bad = tmp_path / "m.yaml"
    bad.write_text("name: x\nself_defence: full\nincidents:\n  tea_party: {response: warn}\n")
    r = run("mandate", "check", str(bad))
    assert r.returncode == 2 and "tea_party" in r.stderr and "Traceback" not in r.stderr


def test_mandate_check_with_scenario_finds_caveat_conflicts(tmp_path):
    mandate = tmp_path / "m.yaml"
    robust = yaml.safe_load((ROOT / "src/peaceforce/data/mandates/robust.yaml").read_text())
    robust["caveats"] = {"FR": {"forbid": ["block", "proportionate_fire"], "authority": "national"}}
    mandate.write_text(yaml.safe_dump(robust))
    r = run("mandate", "check", str(mandate), "--scenario", str(DEFAULT), "--json")
    assert r.returncode == 1
    kinds = {(f["kind"]) for f in json.loads(r.stdout)["findings"]}
    assert "caveat_conflict" in kinds


def test_plan_with_user_nations_and_clean_json_stdout(tmp_path):
    csv = tmp_path / "n.csv"
    csv.write_text("code,name,stance,land_forces,gdp_busd\nXK,Kosovo Test,willing,20000,10\n")
    spec = base_spec(coalition={"lead": ["FR", "GB"], "include": ["XK"]})
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(spec))
    r = run("plan", str(path), "--nations", str(csv), "--json", "--runs", "50")
    assert r.returncode == 0, r.stderr
    plan = json.loads(r.stdout)  # nothing but JSON on stdout (no solver banner)
    jsonschema.validate(plan, SCHEMA)
    assert "XK" in {n["nation"] for n in plan["allocation"]["nations"]}
    bad = tmp_path / "bad.csv"
    bad.write_text("code,stance\nNL,eager\n")
    r = run("plan", str(DEFAULT), "--nations", str(bad))
    assert r.returncode == 2 and "stance" in r.stderr and "eager" in r.stderr
