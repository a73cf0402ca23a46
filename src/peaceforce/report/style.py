"""One look for every chart and the map: the palette, and SVG made safe to inline.

Several SVGs sit in one HTML page, so their element ids must not collide (a clip path taken from the
wrong chart silently crops another); `inline_svg` gives every id a per-chart prefix, and drops any XML
prolog or DOCTYPE (nothing in an offline page may point to the web).
"""

from __future__ import annotations

import re

#: nation colours, given in order of troops contributed; chosen to stay apart for colour-blind readers
#: and to avoid the red and grey that mean "gap" and "not covered"
NATION_COLOURS = (
    "#1f5f99", "#e08214", "#2a9d8f", "#7b5ea7", "#8c9a2b", "#c99a06", "#a0522d", "#d16ba5",
    "#56a0d3", "#5c7a3a", "#b07aa1", "#3d5a80",
)
GAP = "#c62828"
OK = "#2e7d32"
BAD = "#c62828"
WARN = "#b26a00"
GREY = "#9e9e9e"
LIGHT = "#d9dde3"
INK = "#1d2733"
MUTED = "#5b6673"
ACCENT = "#1f5f99"
FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"


def nation_colours(plan) -> dict[str, str]:
    """Colour per nation code: contributors by troops, then the other eligible nations; stable in one plan."""
    order = [n.nation for n in sorted(plan.allocation.nations, key=lambda n: (-n.troops_deployed, n.nation))
             if n.troops_deployed > 0]
    order += sorted(n.nation for n in plan.allocation.nations if n.troops_deployed <= 0)
    return {code: (NATION_COLOURS[i] if i < len(NATION_COLOURS) else GREY) for i, code in enumerate(order)}


_PROLOG = re.compile(r"<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*", re.S)
_META = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
_ID = re.compile(r'\bid="([^"]+)"')
_HREF = re.compile(r'(xlink:href|href)="#([^"]+)"')
_URL = re.compile(r"url\(#([^)]+)\)")
_SIZE = re.compile(r'<svg([^>]*?)\swidth="([\d.]+)(pt|px)?"\s+height="([\d.]+)(?:pt|px)?"')


def inline_svg(svg: str, name: str, title: str) -> str:
    """Strip prolog and metadata, prefix ids with `name`, make it scale with the page, add a title."""
    svg = _PROLOG.sub("", svg)
    svg = _META.sub("", svg)
    svg = _ID.sub(lambda m: f'id="{name}-{m.group(1)}"', svg)
    svg = _HREF.sub(lambda m: f'{m.group(1)}="#{name}-{m.group(2)}"', svg)
    svg = _URL.sub(lambda m: f"url(#{name}-{m.group(1)})", svg)

    def size(m: re.Match) -> str:
        w = float(m.group(2)) * (4 / 3 if m.group(3) == "pt" else 1)
        return f'<svg{m.group(1)} width="100%" style="max-width:{w:.0f}px;height:auto"'

    svg = _SIZE.sub(size, svg, count=1)
    svg = svg.replace("<svg", f'<svg class="chart" data-chart="{name}" role="img" aria-label="{_attr(title)}"', 1)
    head_end = svg.index(">") + 1
    return (svg[:head_end] + f"<title>{_text(title)}</title>" + svg[head_end:]).strip()


def _attr(text: str) -> str:
    return _text(text).replace('"', "&quot;")


def _text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
