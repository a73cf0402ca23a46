"""The sweep page's charts as Vega-Lite specifications (plain dicts), rendered to SVG offline.

Each function returns a spec with its data inline, so the page needs no script and no network;
`svg(spec, name)` renders one with the report's renderer (vl-convert, Vega bundled, no download). Specs
use the report's palette and font (report/style.py) so they can join the report's chart module later.

Like the report's, each chart comes wide (desktop) and narrow (`narrow=True`, for phones): the narrow
one is NARROW px wide in all, legend under the plot and title wrapped, so at 390 px it shows unscaled
and its text keeps its size (at least 10 px).
"""

from __future__ import annotations

from typing import Any

from ..report.style import ACCENT, BAD, FONT, GREY, INK, MUTED, OK, WARN
from ..report.vega import SCHEMA, to_svg, wrap
from .analysis import Sensitivity
from .prim import Box

VERDICT_COLOURS = {"go": OK, "conditional": WARN, "no_go": BAD, "error": GREY}
#: inputs shown in a chart of indices: the rest are listed in the page's table
TOP = 12
#: a narrow chart's whole width in px: a 390 px phone's page, less its margins (12 px each side), leaves
#: 366 px; 360 leaves a little for a 375 px phone too
NARROW = 360
#: the smallest text a chart draws, px (legible on a phone, where the narrow chart shows unscaled)
MIN_TEXT = 10


def the(title: str) -> str:
    """'the ' and a title, unless the title brings its own article ("a gap (requirement not filled)")."""
    return title if title.split(" ", 1)[0].lower() in ("a", "an", "the") else "the " + title


def _spec(width: int, height: int, narrow: bool = False, title: str = "", **body: Any) -> dict[str, Any]:
    """The common frame. Narrow: the plot, its axes and legend fitted into NARROW px (Vega's fit-x),
    the legend under the plot, long labels cut shorter and the title wrapped."""
    spec = {"$schema": SCHEMA, "description": title, "width": width, "height": height, "background": "white",
            "title": {"text": wrap(title, NARROW, 13) if narrow else title},
            "config": {"font": FONT, "axis": {"labelColor": INK, "titleColor": INK, "gridColor": "#e3e7ec",
                                              "labelFontSize": 11, "titleFontSize": 11,
                                              "labelLimit": 150 if narrow else 260},
                       "legend": {"labelColor": INK, "titleColor": INK, "labelFontSize": 11, "titleFontSize": 11,
                                  **({"orient": "bottom", "direction": "horizontal"} if narrow else {})},
                       "title": {"color": INK, "fontSize": 13, "anchor": "start"}, "view": {"stroke": None},
                       **({"axisX": {"tickCount": 5}} if narrow else {})},
            **body}
    if narrow:
        spec["width"] = NARROW
        spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    return spec


def drivers(sens: Sensitivity, narrow: bool = False) -> dict[str, Any]:
    """An outcome's indices, largest first, with their 95% intervals (total order when Sobol gave it)."""
    rows = sorted(sens.indices, key=lambda i: -i.main)[:TOP]
    kind = "total-order index (ST)" if rows and rows[0].st is not None else "first-order index (S1)"
    values = [{"input": i.input, "index": round(max(0.0, i.main), 4), "lo": round(max(0.0, i.main - i.main_conf), 4),
               "hi": round(min(1.0, i.main + i.main_conf), 4)} for i in rows]
    y = {"field": "input", "type": "nominal", "sort": [v["input"] for v in values], "title": None}
    return _spec(360, 18 * max(len(values), 1), narrow, title=f"What drives {the(sens.title)}",
                 data={"values": values},
                 layer=[{"mark": {"type": "bar", "color": ACCENT},
                         "encoding": {"y": y, "x": {"field": "index", "type": "quantitative", "title": kind,
                                                    "scale": {"domain": [0, 1]}}}},
                        {"mark": {"type": "rule", "color": INK},
                         "encoding": {"y": y, "x": {"field": "lo", "type": "quantitative"}, "x2": {"field": "hi"}}}])


#: the heatmap's column labels: short words, not the outcome keys (the page's sentences give the full titles)
HEAT_LABELS = {"force": "force", "force_pool": "force pool", "cost_per_year": "cost a year",
               "filled_share": "share filled", "escalation": "escalation", "unanswered_share": "unanswered",
               "verdict": "verdict", "fails:no_go": "no-go", "fails:gap": "a gap", "fails:flank_weakened": "flank weakened"}


def heatmap(sensitivities: list[Sensitivity], narrow: bool = False) -> dict[str, Any]:
    """Every outcome against every input it is sensitive to: the index as colour, one glance for all."""
    shown = [s for s in sensitivities if s.indices]
    keep = sorted({i.input for s in shown for i in s.drivers()})
    if not keep:  # nothing beyond noise: the ten largest, for a first look
        keep = sorted({i.input for i in sorted((i for s in shown for i in s.indices), key=lambda i: -i.main)[:10]})
    values = [{"outcome": HEAT_LABELS.get(s.outcome, s.outcome), "input": i.input, "index": round(max(0.0, i.main), 3)}
              for s in shown for i in s.indices if i.input in keep]
    return _spec(28 * max(len(shown), 1), 18 * max(len(keep), 1), narrow,
                 title="Sensitivity of each outcome to its drivers",
                 data={"values": values},
                 layer=[{"mark": "rect", "encoding": {
                     "x": {"field": "outcome", "type": "nominal", "title": None, "axis": {"labelAngle": -45}},
                     "y": {"field": "input", "type": "nominal", "title": None},
                     "color": {"field": "index", "type": "quantitative", "title": "index",
                               "scale": {"domain": [0, 1], "scheme": "blues"}}}},
                     {"mark": {"type": "text", "fontSize": MIN_TEXT}, "encoding": {
                         "x": {"field": "outcome", "type": "nominal"}, "y": {"field": "input", "type": "nominal"},
                         "text": {"field": "index", "type": "quantitative", "format": ".2f"},
                         "color": {"condition": {"test": "datum.index > 0.5", "value": "white"}, "value": INK}}}])


def distribution(values: list[float], verdicts: list[str], title: str, axis: str, bins: int = 30,
                 narrow: bool = False) -> dict[str, Any]:
    """A histogram of an outcome over the samples, each bar split by the coalition's verdict (binned here,
    so a million samples make a spec of a few hundred numbers)."""
    import numpy as np

    x = np.asarray(values, dtype=float)
    edges = np.histogram_bin_edges(x, bins=bins)
    order = [k for k in VERDICT_COLOURS if k in set(verdicts)]
    v = np.asarray(verdicts)
    data = []
    for k in order:
        counts, _ = np.histogram(x[v == k], bins=edges)
        data += [{"lo": float(a), "hi": float(b), "verdict": k, "samples": int(c)}
                 for a, b, c in zip(edges[:-1], edges[1:], counts) if c]
    return _spec(420, 180, narrow, title=title, data={"values": data}, mark="bar", encoding={
        "x": {"field": "lo", "type": "quantitative", "title": axis, "bin": {"binned": True}},
        "x2": {"field": "hi"},
        "y": {"field": "samples", "type": "quantitative", "title": "samples", "stack": True},
        "color": {"field": "verdict", "type": "nominal", "title": "coalition verdict",
                  "scale": {"domain": order, "range": [VERDICT_COLOURS[k] for k in order]}}})


#: points in a scatter at most (a seeded subset beyond it): more only blacken the plot and the page
MAX_POINTS = 2000


def scatter(x: list[Any], y: list[float], verdicts: list[str], x_title: str, y_title: str,
            categorical: bool = False, order: list[Any] | None = None, narrow: bool = False) -> dict[str, Any]:
    """The outcome against its strongest driver: each sample a point coloured by the coalition's verdict,
    or for a categorical driver a box plot per choice (over every sample either way, up to MAX_POINTS)."""
    import random

    rows = list(zip(x, y, verdicts))
    if len(rows) > MAX_POINTS:
        rows = random.Random(0).sample(rows, MAX_POINTS)
    data = [{"x": a if not isinstance(a, bool) else str(a).lower(), "y": b, "verdict": k} for a, b, k in rows]
    shown = f" ({len(data):,} of {len(x):,} samples)" if len(data) < len(x) else ""
    yenc = {"field": "y", "type": "quantitative", "title": y_title, "scale": {"zero": False}}
    if categorical:
        return _spec(360, 200, narrow, title=f"{y_title} by {x_title}{shown}", data={"values": data},
                     mark={"type": "boxplot", "extent": "min-max", "color": ACCENT},
                     encoding={"x": {"field": "x", "type": "nominal", "title": x_title, "axis": {"labelAngle": 0},
                                     "sort": [str(c).lower() if isinstance(c, bool) else c for c in order or []] or None},
                               "y": yenc})
    order = [k for k in VERDICT_COLOURS if k in set(verdicts)]
    return _spec(420, 220, narrow, title=f"{y_title} against {x_title}{shown}", data={"values": data},
                 mark={"type": "point", "filled": True, "opacity": 0.55, "size": 22},
                 encoding={"x": {"field": "x", "type": "quantitative", "title": x_title, "scale": {"zero": False}},
                           "y": yenc,
                           "color": {"field": "verdict", "type": "nominal", "title": "coalition verdict",
                                     "scale": {"domain": order, "range": [VERDICT_COLOURS[k] for k in order]}}})


def trajectory(box: Box, title: str, narrow: bool = False) -> dict[str, Any]:
    """PRIM's peeling trajectory on the half of the samples it was found on (coverage against density,
    the box it peeled to marked), and the box reported: the limits that matter, over all samples."""
    peeled, reported = "peeled box (half the samples)", "reported box"
    values = [{"coverage": round(s.coverage, 4), "density": round(s.density, 4), "step": i,
               "kind": peeled if i == box.chosen else "peeling step"} for i, s in enumerate(box.trajectory)]
    values.append({"coverage": round(box.coverage, 4), "density": round(box.density, 4), "step": None, "kind": reported})
    head = f"Where it fails: {title}" + ("" if box.rank == 1 else f" (box {box.rank}, outside the ones before)")
    return _spec(300, 200, narrow, title=head, data={"values": values}, layer=[
        {"transform": [{"filter": "datum.step != null"}], "mark": {"type": "line", "color": MUTED}, "encoding": {
            "x": {"field": "coverage", "type": "quantitative", "scale": {"domain": [0, 1]},
                  "title": "coverage (share of the failures inside)"},
            "y": {"field": "density", "type": "quantitative", "scale": {"domain": [0, 1]},
                  "title": "density (share that fail inside)"}, "order": {"field": "step"}}},
        {"mark": {"type": "point", "filled": True}, "encoding": {
            "x": {"field": "coverage", "type": "quantitative"}, "y": {"field": "density", "type": "quantitative"},
            "color": {"field": "kind", "type": "nominal", "legend": {"title": "", "orient": "bottom", "direction": "vertical", "labelLimit": 300},
                      "scale": {"domain": ["peeling step", peeled, reported], "range": [GREY, MUTED, BAD]}},
            "shape": {"field": "kind", "type": "nominal", "legend": None,
                      "scale": {"domain": ["peeling step", peeled, reported], "range": ["circle", "square", "diamond"]}},
            "size": {"condition": {"test": "datum.kind != 'peeling step'", "value": 90}, "value": 30}}},
        {"mark": {"type": "rule", "strokeDash": [4, 3], "color": INK},
         "encoding": {"y": {"datum": box.threshold}}}])


def svg(spec: dict[str, Any], name: str) -> str:
    """The spec as an inline <svg> (the report's renderer: vl-convert in-process, nothing fetched), its
    ids prefixed with `name` so two charts on one page never share one, scaled to its box."""
    return to_svg(_drop_none(spec), name)


def _drop_none(x: Any) -> Any:
    """The spec without its unset keys; a title of None stays (Vega-Lite's null: no title drawn)."""
    if isinstance(x, dict):
        return {k: _drop_none(v) for k, v in x.items() if v is not None or k == "title"}
    if isinstance(x, list):
        return [_drop_none(v) for v in x]
    return x


__all__ = ["drivers", "heatmap", "distribution", "scatter", "trajectory", "svg", "VERDICT_COLOURS", "NARROW",
           "MIN_TEXT"]
