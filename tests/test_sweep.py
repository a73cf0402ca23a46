"""Sweeps, piece by piece: the uncertain: block, the dimensions, the designs, a sample's plan, PRIM and
the analysis on data whose answer is known. The sweeps themselves run in test_sweep_runs.py."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from conftest import EXAMPLES
from peaceforce import catalog, factors, uncertainty
from peaceforce.errors import InputError
from peaceforce.plan import plan
from peaceforce.scenario import load_scenario
from peaceforce.sweep import analysis, inputs, sampling
from peaceforce.sweep.inputs import Dim
from peaceforce.sweep.prim import Box, NoBox, prim
from peaceforce.sweep.runner import Job, outcomes, plan_sample
from peaceforce.sweep.space import Between, Choices

import yaml

OBSERVE = yaml.safe_load((EXAMPLES / "ukraine-observe.yaml").read_text())


def scenario(**uncertain):
    return load_scenario({**OBSERVE, "uncertain": {"factors": "none", **uncertain}})


# ------------------------------------------------------------------ the block


def test_block_forms_are_typed():
    u = scenario(host_army={"low": 5e5, "high": 1e6}, threat=["low", "high"],
                 us_backstop={"choices": ["none", "air"], "weights": [1, 3]}, **{"joins.NL": [True, False]},
                 **{"factor.rotation.dwell_ratio": "own", "incident_rates.probe_incursion":
                    {"low": 1, "high": 8, "dist": "triangular", "mode": 3}}).uncertain
    assert u.factors == "none"
    assert u.inputs["host_army"] == Between(low=5e5, high=1e6)
    assert u.inputs["threat"] == Choices(choices=["low", "high"])
    assert u.inputs["us_backstop"].weights == [1, 3]
    assert u.inputs["factor.rotation.dwell_ratio"] == "own"
    assert u.inputs["incident_rates.probe_incursion"].mode == 3
    # a plan ignores the block, and plan.json leaves it out
    assert "uncertain" not in load_scenario({**OBSERVE, "uncertain": {"threat": ["low"]}}).public_dict()


@pytest.mark.parametrize("block, field", [
    ({"hostarmy": {"low": 1, "high": 2}}, "uncertain.hostarmy"),
    ({"host_army": {"low": 2, "high": 1}}, "uncertain.host_army"),
    ({"host_army": {"low": 0, "high": 1, "dist": "loguniform"}}, "uncertain.host_army"),
    ({"host_army": {"low": 0, "high": 1, "dist": "triangular"}}, "uncertain.host_army"),
    ({"threat": [1, 2]}, "uncertain.threat"),
    ({"threat": {"low": 1, "high": 2}}, "uncertain.threat"),
    ({"joins.NL": ["yes"]}, "uncertain.joins.NL"),
    ({"host_army": "own"}, "uncertain.host_army"),
    ({"threat": ["low", "low"]}, "uncertain.threat"),
    ({"us_backstop": {"choices": ["none", "air"], "weights": [1]}}, "uncertain.us_backstop"),
    ({"factors": "all"}, "uncertain.factors"),
])
def test_bad_blocks_name_the_input(block, field):
    with pytest.raises(InputError) as exc:
        load_scenario({**OBSERVE, "uncertain": block})
    assert exc.value.field == field


@pytest.mark.parametrize("block, field", [
    ({"factor.no.such_key": {"low": 1, "high": 2}}, "uncertain.factor.no.such_key"),
    ({"host_army": {"low": 1, "high": 9e9}}, "uncertain.host_army"),
    ({"threat": ["low", "extreme"]}, "uncertain.threat"),
    ({"joins.FR": [True, False]}, "uncertain.joins.FR"),
    ({"factor.rotation.dwell_ratio": {"low": -5, "high": 2}}, "uncertain.factor.rotation.dwell_ratio"),
    ({"parliament.XX": ["approved"]}, "uncertain.parliament.XX"),
])
def test_values_the_scenario_does_not_admit_name_the_input(block, field):
    with pytest.raises(InputError) as exc:
        inputs.resolve(scenario(**block))
    assert exc.value.field == field


# ------------------------------------------------------------------ dimensions


@pytest.mark.parametrize("code, block, why", [
    ("PL", {}, "PL is unwilling and coalition.include is 'willing'"),
    ("US", {}, "US is the backstop, never a contributor"),
    ("NL", {}, "NL needs a US backstop of air and us_backstop is intelligence"),
    ("NL", {"us_backstop": ["none", "enablers"]}, "NL needs a US backstop of air and no us_backstop choice gives it"),
    ("IE", {}, "IE needs a UN mandate and the mandate gives none"),
    ("IE", {"mandate": ["minimal", "robust"]}, "IE needs a UN mandate and no mandate choice gives one"),
])
def test_a_nation_that_never_joins_is_refused_saying_why(code, block, why):
    """joins.CODE for a nation that is not eligible even when it joins, in any sample, would sweep a
    no-op (and rank it as a driver on the noise): refused in one line."""
    with pytest.raises(InputError) as exc:
        inputs.resolve(scenario(**{f"joins.{code}": [True, False]}, **block), "sweep.yaml")
    e, line = exc.value, str(exc.value)
    assert (e.field, e.value, e.where) == (f"uncertain.joins.{code}", [True, False], "sweep.yaml")
    assert why in line and line.endswith("so it never joins") and "\n" not in line and len(line) <= 192


def test_a_nation_that_joins_in_some_sample_is_swept(tmp_path):
    """Eligibility under every swept backstop and mandate: NL asks for US air support, IE a UN mandate."""
    un = yaml.safe_load(catalog.data_path("mandates", "minimal.yaml").read_text())
    (tmp_path / "un.yaml").write_text(yaml.safe_dump({**un, "legal_basis": "un_chapter_vi"}))
    sc = scenario(**{"joins.NL": [True, False], "joins.IE": [True, False], "joins.SE": [True, False]},
                  us_backstop=["intelligence", "air"], mandate=["minimal", str(tmp_path / "un.yaml")])
    _, dims = inputs.resolve(sc)
    assert {d.name for d in dims} == {"joins.NL", "joins.IE", "joins.SE", "us_backstop", "mandate"}


def test_the_shipped_sweep_sweeps_only_inputs_that_can_move_a_plan():
    data = yaml.safe_load((EXAMPLES / "sweeps" / "ukraine-reassure-sweep.yaml").read_text())
    data["uncertain"]["factors"] = "none"  # the listed inputs (finding the factors' takes seconds)
    _, dims = inputs.resolve(load_scenario(data))
    assert {d.name for d in dims} == set(data["uncertain"]) - {"factors"}


@pytest.mark.parametrize("own", ["none", "own"])
def test_a_mandate_file_that_does_not_load_is_named_as_the_input(tmp_path, own):
    (tmp_path / "broken.yaml").write_text("name: broken\nno_such_key: 1\n")
    for ref, allowed in (("nofile.yaml", "an existing YAML file"), (str(tmp_path / "broken.yaml"), "no_such_key")):
        sc = load_scenario({**OBSERVE, "uncertain": {"factors": own, "mandate": ["minimal", ref]}})
        with pytest.raises(InputError) as exc:
            inputs.resolve(sc, "sweep.yaml")
        e = exc.value
        assert (e.field, e.value, e.where) == ("uncertain.mandate", ref, "sweep.yaml") and allowed in str(e)


@pytest.mark.parametrize("name, spec, written", [
    ("duration_months", {"low": 0.2, "high": 12}, 0.2),  # a whole number: 0.2 rounds to 0, which is refused
    ("incident_rates.probe_incursion", {"low": -1, "high": 2}, -1),
    ("incident_rates.probe_incursion", [3, -1.5], -1.5),
])
def test_a_refused_value_is_reported_as_written(name, spec, written):
    with pytest.raises(InputError) as exc:
        inputs.resolve(scenario(**{name: spec}), "sweep.yaml")
    line = str(exc.value)
    assert exc.value.field == f"uncertain.{name}" and exc.value.value == written
    assert f": got {written};" in line and line.count("got") == 1


def test_own_factors_are_those_a_plan_reads_with_a_range():
    sc = load_scenario({**OBSERVE, "uncertain": {}})
    base, dims = inputs.resolve(sc)
    names = {d.name for d in dims}
    f = factors.builtin()
    keys = {k for d in dims for k in d.keys}
    assert all(f[k].low < f[k].high for k in keys)
    assert "factor.rotation.dwell_ratio" in names          # read by the rotation stage
    assert "factor.monitoring.per_km.medium" in names      # used by a requirement line
    assert not any("density.stabilize" in k or "training.trainees" in k for k in keys)  # not an observer's
    assert keys == inputs.factors_read(sc) & {k for k in f if f[k].low < f[k].high}


def test_a_factor_over_its_own_range_is_drawn_as_the_plan_draws_it():
    f = factors.builtin()
    dim = Dim("factor.training.per_trainer", "c", "number", None, ("training.per_trainer",))
    lo, mid, hi = dim.values(np.array([0.1, 0.5, 0.9]), f)
    fac = f["training.per_trainer"]
    assert (lo, mid, hi) == pytest.approx((fac.low, fac.value, fac.high))
    z = np.random.default_rng(1).standard_normal(500)
    u = 0.5 * (1 + np.vectorize(__import__("math").erf)(z / 2 ** 0.5))
    assert dim.values(u, f) == pytest.approx(list(uncertainty.at(f, "training.per_trainer", z)))


def test_ranges_and_choices_map_the_unit_interval():
    f = factors.builtin()
    u = np.linspace(0.0005, 0.9995, 1000)
    tri = Dim("x", "c", "number", Between(low=1, high=9, dist="triangular", mode=3)).values(u, f)
    assert min(tri) >= 1 and max(tri) <= 9 and np.median(tri) == pytest.approx(9 - (0.5 * 8 * 6) ** 0.5, abs=0.05)
    logu = Dim("x", "c", "number", Between(low=1, high=100, dist="loguniform")).values(u, f)
    assert np.median(logu) == pytest.approx(10, rel=0.01)
    picks = Dim("x", "c", "choice", Choices(choices=["a", "b"], weights=[1, 3])).values(u, f)
    assert picks.count("b") / len(picks) == pytest.approx(0.75, abs=0.002)
    ints = Dim("host_army", "c", "integer", Between(low=1, high=10)).values(u, f)
    assert all(isinstance(v, int) for v in ints) and {min(ints), max(ints)} == {1, 10}


def test_a_sample_sets_its_values_on_the_scenario():
    sc = scenario(host_army={"low": 5e5, "high": 1e6}, **{"joins.SE": [True, False], "joins.DE": [True, False],
                                                           "factor.rotation.dwell_ratio": {"low": 1, "high": 4}})
    base, dims = inputs.resolve(sc)
    cols = {d.name: d.column for d in dims}
    row = {cols["host_army"]: 600000, cols["joins.SE"]: False, cols["joins.DE"]: True,
           cols["factor.rotation.dwell_ratio"]: 3.5}
    built = inputs.build(base, None, dims, row, factors.builtin())
    assert built.host_army == 600000 and built.overrides["rotation.dwell_ratio"] == 3.5
    assert "SE" in built.coalition.exclude and "DE" not in built.coalition.exclude
    listed = {**base, "coalition": {**base["coalition"], "include": ["PL"], "exclude": ["DE"]}}
    built = inputs.build(listed, None, dims, row, factors.builtin())
    assert built.coalition.include == ["PL", "DE"] and built.coalition.exclude == ["SE"]


def test_one_choice_is_a_setting_not_a_dimension():
    base, dims = inputs.resolve(scenario(threat=["high"], host_army={"low": 5e5, "high": 6e5}))
    assert [d.name for d in dims] == ["host_army"] and base["threat"] == "high"


# ------------------------------------------------------------------ designs


def test_lhs_hits_every_stratum_once_and_designs_repeat_with_their_seed():
    x = sampling.design("lhs", 50, 4, seed=7)
    assert x.shape == (50, 4) and ((0 <= x) & (x < 1)).all()
    for j in range(4):
        assert sorted(np.floor(x[:, j] * 50).astype(int)) == list(range(50))
    assert np.array_equal(x, sampling.design("lhs", 50, 4, seed=7))
    assert not np.array_equal(x, sampling.design("lhs", 50, 4, seed=8))


def test_sobol_design_is_saltelli_sized():
    assert sampling.size("sobol", 1000, 5) == 128 * 7
    assert sampling.design("sobol", 1000, 5, seed=1).shape == (896, 5)
    with pytest.raises(InputError) as exc:
        sampling.size("sobol", 10, 5)
    assert exc.value.field == "--samples"


# ------------------------------------------------------------------ a sample's plan


def test_a_sample_keeps_central_figures_that_the_sizing_draws_do_not_move():
    """The sweep skips the sizing Monte Carlo (draws = 1): every figure it keeps is the same with 2,000."""
    sc = load_scenario({**yaml.safe_load((EXAMPLES / "ukraine-deter.yaml").read_text()),
                        "uncertain": {"factors": "none", "factor.rotation.dwell_ratio": {"low": 1.5, "high": 3},
                                      "host_army": {"low": 4e5, "high": 9e5}}})
    base, dims = inputs.resolve(sc)
    job = Job(base=base, base_dir=None, dims=dims, runs=300, nations=["FR", "GB", "NL", "DE"])
    row = {dims[0].column: 2.6, dims[1].column: 450000} if dims[0].name.startswith("factor") else \
        {dims[0].column: 450000, dims[1].column: 2.6}
    one, full = plan_sample(job, row), plan_sample(job, row, draws=2000)
    assert one.requirement.draws == 1 and full.requirement.draws == 2000
    a, b = outcomes(one, job.nations), outcomes(full, job.nations)
    a.pop("solver_seconds"), b.pop("solver_seconds")
    assert a == b
    assert one.scenario.host_army == 450000
    assert a["force"] == plan(one.scenario, runs=300).requirement.deployed.central


# ------------------------------------------------------------------ PRIM and the analysis on known answers


def test_prim_finds_the_box_where_failures_are():
    rng = np.random.default_rng(3)
    n = 2000
    x1, x2 = rng.random(n), rng.random(n)
    cat = rng.choice(["a", "b", "c"], n)
    y = (x1 > 0.6) & (cat == "b")
    box = prim({"x1": x1, "x2": x2, "cat": cat}, y, "fails", {"cat"})
    lims = {lim.input: lim for lim in box.limits}
    assert set(lims) == {"x1", "cat"} and lims["cat"].categories == ["b"]
    # the first box at 80% density: it keeps a little below 0.6 and so holds nearly every failure
    assert 0.5 <= lims["x1"].low <= 0.62 and lims["x1"].high is None
    assert box.density >= 0.8 and box.coverage >= 0.95 and box.reached_threshold
    assert lims["x1"].density_without < box.density and lims["cat"].density_without < box.density
    assert box.held_out_density >= 0.8 and box.held_out_p < 1e-6  # it holds on the half it was not found on
    for y_none in (np.zeros(n, bool), np.ones(n, bool), x1 < 0.005):
        nothing = prim({"x1": x1}, y_none, "none")
        assert isinstance(nothing, NoBox) and nothing.reason == "few"
    # most samples fail: still the failures' box (where they are certain), not where the plan holds
    most = prim({"x1": x1, "x2": x2, "cat": cat}, ~((x2 < 0.3) & (cat != "a")), "fails", {"cat"})
    assert most.base_density > 0.75 and most.density == 1.0 and most.threshold > 0.8
    assert all(lim.input in ("x2", "cat") for lim in most.limits)


def test_prim_finds_no_box_in_noise():
    """A failure that depends on nothing: peeling alone always finds a dense little box; the limits'
    significance and the held-out half must turn (almost) all of them down."""
    found = 0
    for s in range(30):
        r = np.random.default_rng(100 + s)
        cols = {f"x{i}": r.random(120) for i in range(20)}
        cols["c"] = r.choice(["p", "q", "r"], 120)
        found += isinstance(prim(cols, r.random(120) < 0.6, "noise", {"c"}, seed=s), Box)
    assert found <= 2, found


def _known(n: int, seed: int = 5) -> tuple[pd.DataFrame, list[Dim]]:
    """Samples whose answer is known: the force moves with `a` (and a little `b`), the verdict with `c`."""
    rng = np.random.default_rng(seed)
    u = sampling.design("lhs", n, 4, seed)
    dims = [Dim("a", "in_a", "number", Between(low=0, high=1)), Dim("b", "in_b", "number", Between(low=0, high=1)),
            Dim("c", "in_c", "choice", Choices(choices=["x", "y", "z"])), Dim("d", "in_d", "number", Between(low=0, high=1))]
    f = factors.builtin()
    df = pd.DataFrame({d.column: d.values(u[:, j], f) for j, d in enumerate(dims)})
    df["force"] = 20000 + 10000 * df["in_a"] + 3500 * df["in_b"] + rng.normal(0, 100, n)
    verdict = np.where(df["in_c"] == "z", "no_go", "conditional")
    df["coalition_verdict"] = verdict
    for col, val in (("force_pool", df["force"] * 3), ("cost_per_year", df["force"] * 2e5), ("filled_share", 1.0),
                     ("gap_troops", 0), ("escalation", 0.1 + 0.01 * df["in_d"]), ("unanswered_share", 0.01),
                     ("flank_verdict", "intact"), ("error", None)):
        df[col] = val
    return df, dims


def test_analysis_names_the_inputs_that_drive_force_and_verdict():
    df, dims = _known(600)
    a = analysis.analyse(df, dims, "lhs", 600, seed=1)
    by = {s.outcome: s for s in a.sensitivity}
    assert [i.input for i in by["force"].drivers()][:2] == ["a", "b"]
    assert [i.input for i in by["verdict"].drivers()] == ["c"]
    assert [i.input for i in by["escalation"].drivers()] == ["d"]
    assert by["filled_share"].note and not by["filled_share"].indices
    box = next(b for b in a.discovery if b.failure == "no_go")
    assert [(lim.input, lim.categories) for lim in box.limits] == [("c", ["z"])] and box.density == 1.0
    assert {(nb.failure, nb.reason) for nb in a.undiscovered} == {("gap", "few"), ("flank_weakened", "few")}


def test_a_failure_with_two_causes_gets_a_box_for_each():
    """No-go when the threat is high, and also when there is no backstop: one box cannot say both."""
    rng = np.random.default_rng(8)
    n = 1200
    df = pd.DataFrame({"in_t": rng.choice(["low", "medium", "high"], n), "in_b": rng.choice(["none", "air", "intel"], n),
                       "in_x": rng.random(n)})
    df["coalition_verdict"] = np.where((df["in_t"] == "high") | (df["in_b"] == "none"), "no_go", "go")
    df["gap_troops"], df["flank_verdict"] = 0, "intact"
    dims = [Dim("threat", "in_t", "choice", Choices(choices=["low", "medium", "high"])),
            Dim("backstop", "in_b", "choice", Choices(choices=["none", "air", "intel"])),
            Dim("x", "in_x", "number", Between(low=0, high=1))]
    boxes, none = analysis.discovery(df, dims, seed=2)
    found = [{lim.input: lim.categories for lim in b.limits} for b in boxes if b.failure == "no_go"]
    assert {"threat": ["high"]} in found and {"backstop": ["none"]} in found, found
    assert all(b.density == 1.0 for b in boxes) and [b.rank for b in boxes] == [1, 2]


def test_a_categorical_index_does_not_depend_on_the_order_of_its_choices():
    df, dims = _known(600)
    c = [d for d in dims if d.name == "c"][0]
    y = df["force"].to_numpy() + 4000 * (df["in_c"] == "y").to_numpy()
    shares = {analysis.between(df["in_c"].map(order).to_numpy(), y, "c", seed=1).s1
              for order in ({"x": 0, "y": 1, "z": 2}, {"y": 0, "z": 1, "x": 2}, {"z": 0, "x": 1, "y": 2})}
    assert len({round(v, 9) for v in shares}) == 1
    # the share of variance between the groups, as computed from the data directly
    groups = pd.Series(y).groupby(df["in_c"].to_numpy())
    eta2 = float(((groups.mean() - y.mean()) ** 2 * groups.size()).sum() / ((y - y.mean()) ** 2).sum())
    assert abs(shares.pop() - eta2) < 0.01 and c.kind == "choice"


def test_too_few_samples_say_so():
    df, dims = _known(40)
    a = analysis.analyse(df, dims, "lhs", 40, seed=1)
    by = {s.outcome: s for s in a.sensitivity}
    assert by["force"].caution and "too few samples" in by["force"].caution
    assert [i.input for i in by["force"].drivers()][0] == "a"  # ranked by the estimate, clear or not
    assert {nb.reason for nb in a.undiscovered} == {"few"} or a.discovery


def test_sobol_indices_when_the_design_is_sobol():
    from SALib.test_functions import Ishigami

    n_base, d = 1024, 3
    u = sampling.design("sobol", n_base * (d + 2), d, seed=2)
    x = -np.pi + 2 * np.pi * u
    y = Ishigami.evaluate(x)
    dims = [Dim(f"x{i + 1}", f"in_x{i + 1}", "number", Between(low=-np.pi, high=np.pi)) for i in range(d)]
    df = pd.DataFrame({"force": y, "coalition_verdict": np.where(y > 8, "no_go", "go")})
    for i, dim in enumerate(dims):
        df[dim.column] = x[:, i]
    for col, val in (("force_pool", y), ("cost_per_year", y), ("filled_share", 1.0), ("gap_troops", 0),
                     ("escalation", y), ("unanswered_share", y), ("flank_verdict", "intact"), ("error", None)):
        df[col] = val
    a = analysis.analyse(df, dims, "sobol", len(df), seed=1)
    force = next(s for s in a.sensitivity if s.outcome == "force")
    idx = {i.input: i for i in force.indices}
    assert a.method.startswith("Sobol")
    # Ishigami: S1 = 0.31, 0.44, 0; ST of x3 = 0.24 (it acts only with x1)
    assert idx["x1"].s1 == pytest.approx(0.31, abs=0.08) and idx["x2"].s1 == pytest.approx(0.44, abs=0.08)
    assert idx["x3"].s1 == pytest.approx(0.0, abs=0.06) and idx["x3"].st == pytest.approx(0.24, abs=0.08)


def test_the_store_hands_out_only_pending_samples_in_order(tmp_path, monkeypatch):
    from peaceforce.sweep import store

    monkeypatch.setattr(store, "CHUNK", 5)  # several chunks of a small design
    con = store.connect(tmp_path / "s.duckdb")
    dims = [Dim("host_army", "in_host_army", "integer", Between(low=1, high=2))]
    store.create(con, {"format": store.FORMAT}, dims, ["FR"], pd.DataFrame({"id": range(23), "seed": 7,
                                                                             "in_host_army": range(23)}))
    store.write(con, [{"id": i, "force": 1.0, "nation_fr": "go"} for i in (0, 4, 5, 6, 17)], ["FR"])
    with pytest.raises(Exception):  # a sample is stored once: a second row for it is refused, the batch rolled back
        store.write(con, [{"id": 1, "force": 1.0}, {"id": 4, "force": 2.0}], ["FR"])
    batches = list(store.pending(con, 3))
    ids = [r["id"] for b in batches for r in b]
    assert ids == [i for i in range(23) if i not in (0, 4, 5, 6, 17)] and all(len(b) <= 3 for b in batches)
    assert batches[0][0]["in_host_army"] == 1 and batches[0][0]["seed"] == 7
    assert store.counts(con) == (23, 5, 0)
    con.close()


def test_a_sample_that_cannot_be_planned_keeps_its_error_and_the_batch_goes_on():
    from peaceforce.sweep.runner import evaluate

    sc = scenario(host_army={"low": 5e5, "high": 1e6})
    base, dims = inputs.resolve(sc)
    job = Job(base=base, base_dir=None, dims=dims, runs=50, nations=["FR"])
    out = evaluate(job, [{"id": 0, dims[0].column: -5}, {"id": 1, dims[0].column: 600000}])
    assert [r["id"] for r in out] == [0, 1]
    assert "host_army" in out[0]["error"] and "force" not in out[0]
    assert out[1].get("error") is None and out[1]["force"] > 0 and out[1]["nation_fr"] in ("go", "conditional", "no_go")


def test_a_tiny_store_is_analysed_without_indices_or_boxes():
    df, dims = _known(5)
    a = analysis.analyse(df, dims, "lhs", 5, seed=1)
    assert all(not s.indices and "too few samples" in s.note for s in a.sensitivity)
    assert not a.discovery and {nb.reason for nb in a.undiscovered} == {"few"}


def test_a_rare_failure_of_one_input_gets_its_box():
    """The flank weakened where one factor is low (7% of samples, two in three of them fail): the box of
    that one limit is found, though peeling's greedy steps may walk past it."""
    rng = np.random.default_rng(11)
    n = 1000
    cols = {f"x{i}": rng.random(n) for i in range(12)}
    cols["threat"] = rng.choice(["low", "medium", "high"], n)
    cols["backstop"] = rng.choice(["none", "air", "intel", "enablers"], n)
    y = ((cols["x3"] < 0.1) & (rng.random(n) < 0.67)) | (rng.random(n) < 0.005)
    box = prim(cols, y, "flank", {"threat", "backstop"}, seed=1)
    assert isinstance(box, Box) and [lim.input for lim in box.limits] == ["x3"], box
    assert box.limits[0].high is not None and box.limits[0].high < 0.2 and box.coverage > 0.8
