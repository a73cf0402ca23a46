"""The charts' one specification: the figures a chart shows are plan.json's, every chart says what it
shows in words, and the same specification renders to SVG for the report and shows in Jupyter."""

from __future__ import annotations

import json
import re

import pytest

import peaceforce
from peaceforce.errors import InputError
from peaceforce.report import charts
from peaceforce.report.vega import NARROW, WIDE, to_svg

EXAMPLES = ("reassure", "interpose", "deter", "observe")


@pytest.fixture(scope="module", params=EXAMPLES)
def plan(request):
    return peaceforce.plan(f"examples/ukraine-{request.param}.yaml", runs=300).compute_risk()


def _rows(spec: dict) -> list[dict]:
    body = spec["vconcat"][0]
    return body["data"]["values"]


@pytest.mark.parametrize("narrow", [False, True])
def test_every_spec_is_plain_json_with_title_description_and_source(plan, narrow):
    for name, spec in charts.specs(plan, narrow).items():
        assert json.loads(json.dumps(spec)) == spec, name  # plain JSON: the page and Jupyter take it as it is
        assert spec["title"]["text"] and re.search(r"\d", spec["description"]), name
        foot = spec["vconcat"][1]["encoding"]["text"]["value"]
        assert foot.startswith("Source: "), name
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", spec["description"]), (name, spec["description"])


def test_allocation_chart_shows_the_allocation(plan):
    rows = _rows(charts.specs(plan)["allocation"])
    by_label = {r["label"].removesuffix(" (lead)"): r["troops"] for r in rows}
    for n in plan.allocation.nations:
        if n.troops_deployed:
            assert by_label[n.name] == n.troops_deployed
    gap = [r for r in rows if r.get("gap")]
    assert sum(r["troops"] for r in gap) == plan.allocation.gap_troops


def test_sector_chart_sums_to_the_force(plan):
    """Every coalition line stands somewhere on the chart, the Black Sea and theatre-wide lines too."""
    rows = _rows(charts.specs(plan)["sectors"])
    assert sum(r["whole"] for r in rows) == plan.allocation.required_troops


def test_rotation_chart_shows_each_rotation_and_its_gap(plan):
    spec = charts.specs(plan)["rotation"]
    bars = spec["vconcat"][0]["layer"][0]["data"]["values"]
    firsts = {}
    for m in plan.rotation.months:
        firsts.setdefault(m.rotation, m)
    assert len({b["rotation"] for b in bars}) == len(firsts)
    for k, m in firsts.items():
        label = next(lab for lab in dict.fromkeys(b["rotation"] for b in bars) if lab.startswith(f"R{k} "))
        assert sum(b["troops"] for b in bars if b["rotation"] == label) == m.deployed + m.gap


def test_escalation_chart_carries_the_plans_estimate(plan):
    spec = charts.specs(plan)["escalation"]
    assert f"{plan.incidents.escalation_probability * 100:.1f}%" in spec["description"]


def test_narrow_renderings_fit_a_phone(plan):
    """At 390 px the figure box is 366 px wide: a narrow chart wider than that would shrink its text."""
    for name, spec in charts.specs(plan, narrow=True).items():
        svg = to_svg(spec, name)
        width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))
        assert width <= 366, (name, width)
    assert NARROW < WIDE


def test_notebook_chart_is_the_same_specification(plan):
    chart = plan.chart("allocation")
    bundle = chart._repr_mimebundle_()
    assert bundle["application/vnd.vegalite.v6+json"] == charts.specs(plan)["allocation"]
    assert bundle["image/svg+xml"].lstrip().startswith("<svg")
    with pytest.raises(InputError, match="one of requirement"):
        plan.chart("pie")


def test_renderer_process_draws_what_this_process_draws(plan, monkeypatch):
    """The CLI's charts come from a renderer process (vega.warm_up); they must be byte for byte the
    ones rendered here, so the report does not depend on where its charts were drawn."""
    from peaceforce.report import vega

    here = charts.render_all(plan)
    monkeypatch.setattr(vega, "_renderer", None)
    vega.warm_up()
    assert vega._renderer is not None

    def not_here(spec):
        raise AssertionError("rendered in this process, not the renderer's")
    monkeypatch.setattr(vega, "_convert", not_here)  # the spawned process keeps its own
    try:
        assert charts.render_soon(plan)() == here
    finally:
        vega._renderer._proc.terminate()
    assert len(here) == len(charts.SPECS) and all("chart-narrow" in svg for svg in here.values())
