"""The charts' common look as Vega-Lite: one theme, one frame (title, chart, source line), and the
renderer that turns a specification into inline SVG.

A chart is a Vega-Lite specification (a plain dict), so the same chart shows in the report (as SVG,
rendered here by vl-convert's bundled Vega, offline), on the interactive page (the Vega runtime the
server hands out from the same package) and in Jupyter (the Vega-Lite mimetype). Every chart says its
title, what it shows in words (`description`, read by screen readers) and its source, so one copied
out of the report still says what it shows and where the figures come from.
"""

from __future__ import annotations

import multiprocessing
import textwrap
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable

from .style import FONT, INK, MUTED, inline_svg

#: the Vega-Lite version every specification is written for (vl-convert bundles it; the page's
#: runtime is taken from the same package at the same version)
VL_VERSION = "6.4"
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.json"  # a name only: nothing loads it

#: plot widths in px: the report at desktop width, and the narrow version shown on phones
WIDE = 560
NARROW = 280

CONFIG: dict[str, Any] = {
    "font": FONT,
    "background": "white",
    "view": {"stroke": None},
    "axis": {"labelColor": INK, "titleColor": INK, "labelFontSize": 11, "titleFontSize": 11,
             "titleFontWeight": "normal", "gridColor": "#e3e7ec", "domainColor": "#8a94a0",
             "tickColor": "#8a94a0", "labelLimit": 300},
    "legend": {"labelFontSize": 11, "titleFontSize": 11, "labelColor": INK, "titleColor": INK,
               "orient": "top", "direction": "horizontal", "labelLimit": 400, "symbolSize": 90},
    "title": {"anchor": "start", "fontSize": 14, "fontWeight": "bold", "color": INK, "subtitleColor": MUTED,
              "subtitleFontSize": 11, "offset": 10},
    "text": {"fontSize": 11, "color": INK},
    "concat": {"spacing": 6},
    "aria": False,  # the chart as a whole is labelled (role="img" and its description); marks need not be
}


def wrap(text: str, width_px: int, font_px: float = 10.5) -> list[str]:
    """Lines that fit `width_px` at about 0.55 em per character (Vega text does not wrap itself)."""
    return textwrap.wrap(text, max(30, int(width_px / (font_px * 0.55))))


def frame(name: str, title: str, description: str, body: dict, source: str, width: int,
          subtitle: str | None = None) -> dict:
    """A whole chart: title (and subtitle) on top, the body, and the source line under it."""
    total = width + (250 if width > NARROW else 20)  # wide: the direct labels sit right of the plot
    lines = wrap("Source: " + source, total)
    foot = {"data": {"values": [{}]}, "width": total, "height": 14 * len(lines),
            "mark": {"type": "text", "align": "left", "baseline": "top", "fontSize": 10.5, "color": MUTED,
                     "lineBreak": "\n", "lineHeight": 14},
            "encoding": {"x": {"value": 0}, "y": {"value": 2}, "text": {"value": "\n".join(lines)}}}
    head: dict[str, Any] = {"text": wrap(title, total, 14)}
    if subtitle:
        head["subtitle"] = wrap(subtitle, total, 11)
    return {"$schema": SCHEMA, "description": description, "title": head, "config": CONFIG,
            "usermeta": {"name": name}, "vconcat": [body, foot]}


# ---------------------------------------------------------------- rendering

_lock = threading.Lock()
_renderer: ProcessPoolExecutor | None = None
_WARM_SPEC = {"mark": "point", "data": {"values": [{}]}}


def warm_up() -> None:
    """Start the chart renderer in a process of its own, for a caller (the CLI) with planning to do
    meanwhile. vl-convert holds the GIL while it works, so a thread would only take turns with the
    planning; a process starts its JavaScript runtime (most of a second) and later renders the charts
    on a second core while the main process re-plans what-if. Without warm_up, charts render here."""
    global _renderer
    with _lock:
        if _renderer is None:
            _renderer = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
            _renderer.submit(_convert, _WARM_SPEC)


def _convert(spec: dict) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(spec, vl_version=VL_VERSION)


def svg_later(spec: dict, name: str) -> Callable[[], str]:
    """The inline <svg> of `spec` (as to_svg), rendered by the warmed-up renderer process if there is
    one (call the result to collect it), else here and now."""
    with _lock:
        pool = _renderer
    if pool is not None:
        try:
            job = pool.submit(_convert, spec)
        except (BrokenProcessPool, RuntimeError):  # the renderer died or is shut down: render here
            pass
        else:
            def collect() -> str:
                try:
                    svg = job.result()
                except BrokenProcessPool:
                    svg = _convert(spec)
                return inline_svg(svg, name, spec.get("description", name))
            return collect
    done = to_svg(spec, name)
    return lambda: done


def to_svg(spec: dict, name: str) -> str:
    """One specification as an <svg> element to inline: ids prefixed with `name`, scaled to its box,
    and labelled with the chart's description for screen readers."""
    return inline_svg(_convert(spec), name, spec.get("description", name))


def javascript_bundle(snippet: str | None = None) -> str:
    """The Vega, Vega-Lite and vega-embed runtime as one classic script, from the installed package
    (offline), with `snippet` run after it (e.g. to hand `vegaEmbed` to the page)."""
    import vl_convert

    return vl_convert.javascript_bundle(snippet, vl_version=VL_VERSION)


# ---------------------------------------------------------------- a chart of labelled rows

def rows_body(rows: list[dict], layers: list[dict], width: int, narrow: bool) -> dict:
    """Rows top to bottom, each with a `label` and a `said` (its figures in words, written where the
    row's marks end). Wide: labels on the axis, figures to the right of the plot. Narrow (phones): the
    label and its figures wrapped above the row's marks, so nothing needs the width of a page."""
    for i, r in enumerate(rows):
        r["row"] = i
        r["line"] = wrap(f"{r['label']}: {r['said']}" if r.get("said") else r["label"], width + 30, 11)
    y = {"field": "label", "type": "nominal", "sort": None,
         "axis": None if narrow else {"title": None, "ticks": False, "domain": False, "labelPadding": 8}}
    if not narrow:
        text = {"mark": {"type": "text", "align": "left", "baseline": "middle", "fontSize": 11},
                "encoding": {"x": {"value": width + 10}, "text": {"field": "said"}}}
        return {"data": {"values": rows}, "width": width, "height": {"step": 28},
                "encoding": {"y": y}, "layer": layers + [text]}
    lines = max((len(r["line"]) for r in rows), default=1)
    step = 14 * lines + 26
    y = {**y, "scale": {"type": "band", "paddingInner": 0, "paddingOuter": 0}}  # text at a row's top, marks below
    text = {"mark": {"type": "text", "align": "left", "baseline": "top", "dy": 3, "fontSize": 11, "lineHeight": 14},
            "encoding": {"x": {"value": 0}, "y": {**y, "bandPosition": 0}, "text": {"field": "line"}}}
    low = {"yOffset": {"value": step - 12}}  # from the row's top: the marks sit under the words
    shifted = [{**layer, "encoding": {**layer.get("encoding", {}), **low}} for layer in layers]
    return {"data": {"values": rows}, "width": width, "height": {"step": step},
            "encoding": {"y": y}, "layer": shifted + [text]}
