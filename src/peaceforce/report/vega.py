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
_renderer: "_Renderer | None" = None


def warm_up() -> None:
    """Start the chart renderer in a process of its own, for a caller (the CLI) with planning to do
    meanwhile. vl-convert holds the GIL while it works, so a thread would only take turns with the
    planning; a process starts its JavaScript runtime (most of a second) and later renders the charts
    on a second core while the main process re-plans what-if. Without warm_up, charts render here."""
    global _renderer
    with _lock:
        if _renderer is None:
            _renderer = _Renderer()


def svgs_later(specs: list[dict], names: list[str]) -> Callable[[], list[str]]:
    """The inline <svg> of each spec (as to_svg), rendered by the warmed-up renderer process if there
    is one (call the result to collect them), else here and now."""
    with _lock:
        renderer = _renderer
    if renderer is not None:
        collect = renderer.submit(specs)
        if collect is not None:
            return lambda: [inline_svg(svg, n, s.get("description", n))
                            for svg, s, n in zip(collect() or [_convert(s) for s in specs], specs, names)]
    done = [to_svg(s, n) for s, n in zip(specs, names)]
    return lambda: done


def _convert(spec: dict) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(spec, vl_version=VL_VERSION)


def _serve(conn) -> None:
    """The renderer process: warm up, then answer each batch of specifications with its SVGs in one
    message (one message each way, so neither side can block the other on a full pipe)."""
    _convert({"mark": "point", "data": {"values": [{}]}})
    while True:
        try:
            n, specs = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send((n, [_convert(s) for s in specs]))
        except Exception:  # noqa: BLE001 - the caller renders here instead, and raises what it raises
            conn.send((n, None))


class _Renderer:
    """A daemon process running vl-convert (it dies with the caller, which never waits for it);
    batches are answered in the order sent."""

    def __init__(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(child,), name="peaceforce-charts", daemon=True)
        self._proc.start()
        child.close()
        self._lock = threading.Lock()
        self._sent = 0
        self._answers: dict[int, list[str] | None] = {}

    def submit(self, specs: list[dict]) -> Callable[[], list[str] | None] | None:
        """Send a batch; None if the process is gone. The result collects the SVGs (None: render here)."""
        with self._lock:
            n = self._sent
            try:
                self._conn.send((n, specs))
            except (OSError, ValueError):
                return None
            self._sent += 1

        def collect() -> list[str] | None:
            with self._lock:
                while n not in self._answers:
                    try:
                        k, svgs = self._conn.recv()
                    except (EOFError, OSError):
                        return None
                    self._answers[k] = svgs
                return self._answers.pop(n)
        return collect


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
