"""Input that cannot crash it: hostile YAML, bad flags, unwritable outputs, non-finite numbers.

Each bad input must give exit 2, ONE line on stderr of at most 200 characters, no traceback,
and leave no file (nor a `.part` temporary) behind.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import DEFAULT, ROOT

from peaceforce import catalog, outputs, plan
from peaceforce.cli import app
from peaceforce.errors import MAX_MESSAGE, InputError
from peaceforce.scenario import load_scenario

MINIMAL = "name: robustness\n"
LOL = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The real command in a child process (the tree's src first, whatever the cwd)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-m", "peaceforce", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=120)


def invoke(*args: str):
    return CliRunner().invoke(app, list(args), prog_name="peaceforce")


def one_line(stderr: str) -> str:
    """The contract for every bad input: one short line, no traceback, no usage box."""
    lines = stderr.strip("\n").splitlines()
    assert len(lines) == 1, stderr
    line = lines[0]
    assert line.startswith("error: ") and len(line) <= 200, line
    assert "Traceback" not in stderr and "Usage:" not in stderr and "╭" not in stderr
    return line


def no_parts(*dirs: Path) -> None:
    for d in dirs:
        if d.exists():
            assert not [p.name for p in d.rglob("*.part")]


def scenario(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- YAML ----------------------------------------------------------------------------------------

def test_norway_stays_a_string(tmp_path):
    path = scenario(tmp_path, MINIMAL + "coalition:\n  lead: [FR, NO]\n")
    assert load_scenario(path).coalition.lead == ["FR", "NO"]


def test_yaml11_booleans_stay_strings_and_true_false_stay_booleans(tmp_path):
    path = scenario(tmp_path, "a: [NO, no, ON, off, YES, y, n, Y, N]\nb: [true, False, TRUE, tRuE]\n")
    data = catalog.read_yaml(path, "scenario file")
    assert data == {"a": ["NO", "no", "ON", "off", "YES", "y", "n", "Y", "N"], "b": [True, False, True, True]}
    assert yaml.safe_load("x: NO") == {"x": False}  # yaml's own loader is left alone


def test_cli_norway_lead_plans(tmp_path):
    path = scenario(tmp_path, MINIMAL + "coalition:\n  lead: [FR, NO]\n")
    r = run("mandate", "check", "robust", "--scenario", str(path))
    assert r.returncode in (0, 1), r.stderr  # findings or clear: the scenario itself is valid
    assert "Traceback" not in r.stderr and not r.stderr


def test_string_value_on_is_named_as_on_not_false(tmp_path):
    path = scenario(tmp_path, MINIMAL + "threat: ON\n")
    r = invoke("plan", str(path), "--runs", "10")
    assert r.exit_code == 2
    line = one_line(r.stderr)
    assert "threat" in line and "got 'ON'" in line and "False" not in line


def test_duplicate_key_names_key_and_line(tmp_path):
    path = scenario(tmp_path, "name: x\nrole: reassure\nthreat: low\ncoalition:\n  lead: [FR]\n\nrole: deter\n")
    r = invoke("plan", str(path), "--runs", "10")
    assert r.exit_code == 2
    assert "duplicate key 'role' at line 7" in one_line(r.stderr)


def test_duplicate_key_in_nested_mapping(tmp_path):
    path = scenario(tmp_path, "name: x\ncoalition:\n  lead: [FR]\n  lead: [GB]\n")
    with pytest.raises(InputError, match=r"duplicate key 'lead' at line 4"):
        catalog.read_yaml(path, "scenario file")


def test_merge_keys_still_work(tmp_path):
    path = scenario(tmp_path, "base: &b {x: 1, y: 2}\nd:\n  <<: *b\n  x: 3\n")
    assert catalog.read_yaml(path, "scenario file")["d"] == {"x": 3, "y": 2}


def test_alias_bomb_fails_fast(tmp_path):
    path = scenario(tmp_path, LOL)
    start = time.perf_counter()
    with pytest.raises(InputError, match="aliases that expand") as info:
        catalog.read_yaml(path, "scenario file")
    assert time.perf_counter() - start < 0.5
    assert len(str(info.value)) <= MAX_MESSAGE


def test_cli_alias_bomb_exit_2(tmp_path):
    path = scenario(tmp_path, LOL)
    r = run("plan", str(path), "--out", str(tmp_path / "out"))
    assert r.returncode == 2
    assert "alias" in one_line(r.stderr)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("text, problem", [
    ("a: &a 1\nb: [" + ", ".join(["*a"] * 101) + "]\n", "more than 100 alias uses"),
    ("a: &a [1, *a]\n", "recursive alias"),
    ("a: " + "[" * 500 + "]" * 500 + "\n", "nesting deeper than"),
], ids=["many-aliases", "recursive", "deep"])
def test_alias_and_nesting_limits(tmp_path, text, problem):
    with pytest.raises(InputError, match=problem):
        catalog.read_yaml(scenario(tmp_path, text), "scenario file")


def test_file_size_is_bounded(tmp_path):
    path = scenario(tmp_path, 'name: "' + "x" * (catalog.MAX_YAML_BYTES + 10) + '"\n')
    r = invoke("plan", str(path))
    assert r.exit_code == 2
    assert "at most 5 MB" in one_line(r.stderr)


# --- error lines ---------------------------------------------------------------------------------

def _deep(levels: int) -> list:
    top: list = []
    node = top
    for _ in range(levels):
        node.append([])
        node = node[0]
    return top


@pytest.mark.parametrize("field, value, allowed, where", [
    ("name", "x" * 1_000_000, "text of at most 200 characters", "s.yaml"),
    ("coalition.lead", _deep(5000), "a list of codes", None),
    ("host_army", int("9" * 4000) * 10 ** 1000, "a number <= 5000000", None),
    ("f" * 500, {"k" * 300: list(range(100_000))}, "a" * 5000 + "\nsecond line", "/tmp/" + "p" * 400 + "/s.yaml"),
], ids=["megabyte-string", "deep-list", "huge-int", "everything-long"])
def test_input_error_is_one_bounded_line(field, value, allowed, where):
    start = time.perf_counter()
    message = str(InputError(field, value, allowed, where))
    assert time.perf_counter() - start < 0.1
    assert len(message) <= MAX_MESSAGE and "\n" not in message
    assert "got " in message and "; allowed: " in message


def test_input_error_extended_message_stays_bounded():
    exc = InputError("role", "guard", "one of observe, reassure")
    exc.args = (exc.args[0] + " (also: " + "threat: one of low, medium, high; " * 20 + ")",)
    assert len(str(exc)) <= MAX_MESSAGE


def test_cli_megabyte_value_one_short_line(tmp_path):
    path = scenario(tmp_path, 'name: "' + "x" * 1_000_000 + '"\n')
    r = invoke("plan", str(path))
    assert r.exit_code == 2
    assert "name" in one_line(r.stderr)


# --- CLI flags -----------------------------------------------------------------------------------

@pytest.mark.parametrize("args, named", [
    (["plan", str(DEFAULT), "--runs", "0"], "--runs: got '0'"),
    (["plan", str(DEFAULT), "--runs", "abc"], "--runs: got 'abc'"),
    (["plan", str(DEFAULT), "--runs=2000000"], "--runs: got '2000000'"),
    (["plan", str(DEFAULT), "--format", "docx", "--out", "never"], "--format: got 'docx'"),
    (["plan", str(DEFAULT), "--format", "md"], "--format needs --out"),
    (["memo", str(DEFAULT), "--nation", "NL", "--lang", "de", "--out", "never.md"], "--lang: got 'de'"),
    (["memo", str(DEFAULT), "--out", "never.md"], "--nation: got nothing"),
    (["plan"], "SCENARIO: got nothing"),
    (["plan", str(DEFAULT), "--bogus"], "option: got '--bogus'"),
    (["plan", str(DEFAULT), "extra"], "arguments: got 'extra'"),
    (["bogus"], "command: got 'bogus'"),
    (["mandate", "chek", "robust"], "command: got 'chek'"),
    (["plan", str(DEFAULT), "--out", ""], "--out: got ''"),  # Path("") would be "." and write here
])
def test_bad_flags_one_line_exit_2(tmp_path, monkeypatch, args, named):
    monkeypatch.chdir(tmp_path)
    r = invoke(*args)
    assert r.exit_code == 2, r.output
    assert named in one_line(r.stderr)
    assert list(tmp_path.iterdir()) == []


def test_bad_flag_in_a_real_process(tmp_path):
    r = run("plan", str(DEFAULT), "--runs", "0", cwd=tmp_path)
    assert r.returncode == 2 and not r.stdout
    assert "peaceforce plan: --runs: got '0'; allowed: a whole number from 1" in one_line(r.stderr)


def test_mandate_check_with_bad_scenario_exits_2(tmp_path):
    path = scenario(tmp_path, MINIMAL + "role: guard\n")
    r = run("mandate", "check", "robust", "--scenario", str(path))
    assert r.returncode == 2
    assert "role" in one_line(r.stderr)


# --- outputs -------------------------------------------------------------------------------------

def test_out_under_a_file_is_refused(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = run("plan", str(DEFAULT), "--runs", "10", "--out", str(blocker / "sub"))
    assert r.returncode == 2
    assert "--out" in one_line(r.stderr)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_directory_in_the_way_writes_nothing(tmp_path):
    out = tmp_path / "out"
    (out / "report.html").mkdir(parents=True)
    (out / "plan.json").write_text("old")
    r = run("plan", str(DEFAULT), "--runs", "10", "--out", str(out))
    assert r.returncode == 2
    assert "report.html" in one_line(r.stderr)
    assert (out / "plan.json").read_text() == "old" and not (out / "report.md").exists()
    assert (out / "report.html").is_dir()
    no_parts(out)


def test_memo_out_is_a_directory(tmp_path):
    (tmp_path / "memo.md").mkdir()
    r = run("memo", str(DEFAULT), "--nation", "NL", "--out", str(tmp_path / "memo.md"))
    assert r.returncode == 2
    assert "memo.md" in one_line(r.stderr)
    no_parts(tmp_path)


def test_failed_rename_restores_every_old_file(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    files = {"plan.json": "new 1", "report.html": "new 2", "report.md": "new 3"}
    for name in files:
        (out / name).write_text("old")
    real_replace, calls = os.replace, []

    def replace_failing_on_the_third_file(src, dst):  # fault injection: the disk says no, once
        calls.append(dst)
        if Path(dst).name == "report.md" and calls.count(dst) == 1:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(outputs.os, "replace", replace_failing_on_the_third_file)
    with pytest.raises(InputError, match="No space left"):
        outputs.write_outputs(out, files)
    monkeypatch.undo()
    assert {n: (out / n).read_text() for n in files} == dict.fromkeys(files, "old")
    assert sorted(p.name for p in out.iterdir()) == sorted(files)
    assert len(calls) >= 5  # two files were placed before the third failed


def test_failed_rename_of_a_new_dir_leaves_nothing(tmp_path, monkeypatch):
    out = tmp_path / "new" / "out"
    real_replace = os.replace

    def fail_second(src, dst):
        if Path(dst).name == "b.txt":
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(outputs.os, "replace", fail_second)
    with pytest.raises(InputError):
        outputs.write_outputs(out, {"a.txt": "1", "b.txt": "2"})
    assert list(tmp_path.iterdir()) == []


def test_write_outputs_replaces_old_files(tmp_path):
    (tmp_path / "a.txt").write_text("old")
    written = outputs.write_outputs(tmp_path, {"a.txt": "new", "b.txt": "b"})
    assert [p.read_text() for p in written] == ["new", "b"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


def test_json_refuses_non_finite_numbers_naming_the_field():
    with pytest.raises(InputError, match=r"requirement\.lines\[1\]\.central: got inf"):
        outputs.dump_json({"requirement": {"lines": [{"central": 1.0}, {"central": math.inf}]}})
    with pytest.raises(InputError, match=r"x: got nan"):
        outputs.dump_json({"x": math.nan})


def test_plan_to_json_never_writes_infinity():
    p = plan(DEFAULT, runs=10)
    p.scenario = p.scenario.model_copy(update={"overrides": {"density.interpose": math.inf}})
    with pytest.raises(InputError, match=r"scenario\.overrides\.density\.interpose: got inf"):
        p.to_json()


# ---------------------------------------------------------------- what the breaker review found


@pytest.mark.parametrize("yaml_text, field", [
    ("name: t\nseed: " + "1" * 5000 + "\n", "seed"),                          # a number too long to convert
    ("name: t\noverrides: {rotation.dwell_ratio: true}\n", "overrides"),    # true is not the number 1
    ("name: '   '\n", "name"),                                              # a blank name
    ("name: t\nseed: 18446744073709551616\n", "seed"),                      # beyond 64 bits, named in the file
    ("name: t\noverrides: {cost.percentile.low: 100}\n", "overrides.cost.percentile"),  # low above central
    ("role: reassure\n", "name"),                                            # a required key missing
])
def test_breaker_inputs_get_one_line(tmp_path, yaml_text, field):
    scenario = tmp_path / "s.yaml"
    scenario.write_text(yaml_text, encoding="utf-8")
    result = invoke("plan", str(scenario), "--runs", "10")
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert f"{field}:" in line
    if field == "name" and "role" in yaml_text:
        assert "got nothing" in line


def test_yaml_integers_are_decimal_only(tmp_path):
    """0700000 is not octal 229,376 here, and 1:00 is not base 60."""
    from peaceforce.scenario import load_scenario

    path = tmp_path / "s.yaml"
    path.write_text("name: t\nhost_army: 0700000\n", encoding="utf-8")
    assert load_scenario(path).host_army == 700_000


@pytest.mark.parametrize("theatre_patch", [
    "airspace_km2: .inf", "airspace_km2: 1e300", "sectors: [{id: a, name: A, kind: line, length_km: 10, population: .inf}]",
    "sectors: [{id: a, name: A, kind: line, length_km: 10, coords: [[.nan, 30.0], [50.0, 30.0]]}]",
])
def test_non_finite_or_huge_theatre_figures_are_refused(tmp_path, theatre_patch):
    theatre = tmp_path / "t.yaml"
    base = "name: x\nsectors: [{id: a, name: A, kind: line, length_km: 10}]\n"
    key = theatre_patch.split(":")[0]
    body = "\n".join(line for line in base.splitlines() if not line.startswith(key + ":")) + "\n" + theatre_patch + "\n"
    theatre.write_text(body, encoding="utf-8")
    scenario = tmp_path / "s.yaml"
    scenario.write_text(f"name: t\nrole: stabilize\ntheatre: {theatre}\n", encoding="utf-8")
    result = invoke("plan", str(scenario), "--runs", "10")
    assert result.exit_code == 2 and "theatre" in one_line(result.stderr)


def test_a_path_too_long_and_a_huge_or_na_nations_csv(tmp_path):
    result = invoke("plan", str(tmp_path / ("a" * 300 + ".yaml")))
    assert result.exit_code == 2 and "usable file path" in one_line(result.stderr)
    csv = tmp_path / "n.csv"
    csv.write_text("code,land_forces\nNL," + "9" * 400 + "\n", encoding="utf-8")
    result = invoke("plan", str(DEFAULT), "--nations", str(csv), "--runs", "10")
    assert result.exit_code == 2 and "land_forces" in one_line(result.stderr)
    csv.write_text("code,land_forces\nNL,NaN\n", encoding="utf-8")  # a cell meant as a number, not a blank
    result = invoke("plan", str(DEFAULT), "--nations", str(csv), "--runs", "10")
    assert result.exit_code == 2 and "land_forces" in one_line(result.stderr)
    csv.write_text("code,capacity.manoeuvre,capacity.manoeuvre_source\nNL,1500,MoD figure\n", encoding="utf-8")
    assert invoke("plan", str(DEFAULT), "--nations", str(csv), "--runs", "10").exit_code == 0


@pytest.mark.parametrize("value", ["true", "'2'", ".nan", "11", "0.5"])
def test_co_lead_parity_is_a_number_from_1_to_10(tmp_path, value):
    path = scenario(tmp_path, MINIMAL + f"coalition:\n  lead: [FR, GB]\n  co_lead_parity: {value}\n")
    with pytest.raises(InputError) as err:
        load_scenario(path)
    assert err.value.field == "coalition.co_lead_parity" and "a number from 1 to 10" in err.value.allowed


@pytest.mark.parametrize("column, value", [("land_forces", "1e308"), ("gdp_busd", "1e300"), ("flank_troops", "1e13")])
def test_nation_figures_beyond_any_real_one_are_refused(tmp_path, column, value):
    """A figure near the float limit would overflow the sums the stages make (fair shares, the flank)."""
    csv = tmp_path / "n.csv"
    csv.write_text(f"code,{column}\nEE,{value}\n", encoding="utf-8")
    r = invoke("plan", str(DEFAULT), "--nations", str(csv), "--out", str(tmp_path / "out"), "--runs", "5")
    assert r.exit_code == 2 and f"{column}: got" in one_line(r.stderr) and "at most 1e+12" in r.stderr
    assert not (tmp_path / "out").exists()
