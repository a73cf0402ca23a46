"""The report's charts: each a Vega-Lite specification (charts_force, charts_risk), shown three ways
from the one specification: inline SVG in the report, live on the interactive page, and in Jupyter.

The report carries two renderings of each chart, a wide one and a narrow one that phones show
instead, so chart text stays legible at 390 px without scrolling sideways.
"""

from __future__ import annotations

from typing import Callable

from .charts_force import allocation_spec, requirement_spec, rotation_spec, sector_spec
from .charts_risk import cost_spec, escalation_spec, flank_spec, incidents_spec
from .vega import NARROW, VL_VERSION, WIDE, svgs_later

SPECS: dict[str, Callable[..., dict]] = {
    "requirement": requirement_spec,
    "sectors": sector_spec,
    "allocation": allocation_spec,
    "rotation": rotation_spec,
    "cost": cost_spec,
    "flank": flank_spec,
    "incidents": incidents_spec,
    "escalation": escalation_spec,
}


def specs(plan, narrow: bool = False) -> dict[str, dict]:
    """Every chart's Vega-Lite specification, by name (the page and notebooks use these)."""
    return {name: fn(plan, NARROW if narrow else WIDE, narrow) for name, fn in SPECS.items()}


def render_all(plan) -> dict[str, str]:
    """Every chart as inline SVG, by name: the wide rendering and the narrow one, each in its own class
    so the stylesheet shows one of them."""
    return render_soon(plan)()


def render_soon(plan) -> Callable[[], dict[str, str]]:
    """render_all, started now and collected by calling the result: with the renderer process warmed
    up (vega.warm_up, the CLI's way) the charts render there while the caller goes on (the CLI starts
    them once the risk is known, every chart's input, and re-plans what-if meanwhile)."""
    names = list(SPECS)
    specs = [SPECS[n](plan, w, narrow) for n in names for w, narrow in ((WIDE, False), (NARROW, True))]
    labels = [f"chart-{n}{suffix}" for n in names for suffix in ("", "-narrow")]
    later = svgs_later(specs, labels)

    def collect() -> dict[str, str]:
        svgs = iter(later())
        return {name: next(svgs).replace('class="chart"', 'class="chart chart-wide"', 1)
                + next(svgs).replace('class="chart"', 'class="chart chart-narrow"', 1) for name in names}
    return collect


class Chart:
    """One chart for Jupyter: shows live through the Vega-Lite mimetype, with the SVG as fallback."""

    def __init__(self, spec: dict):
        self.spec = spec

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        import vl_convert

        return {f"application/vnd.vegalite.v{VL_VERSION.split('.')[0]}+json": self.spec,
                "image/svg+xml": vl_convert.vegalite_to_svg(self.spec, vl_version=VL_VERSION)}
