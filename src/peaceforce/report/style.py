"""One look for every chart and the map: the palette, and SVG made safe to inline.

Several SVGs sit in one HTML page, so their element ids must not collide (a clip path taken from the
wrong chart silently crops another); `inline_svg` gives every id a per-chart prefix, and drops any XML
prolog or DOCTYPE (nothing in an offline page may point to the web).
"""

from __future__ import annotations

import re

#: nation colours in the order of the nation table (data/nations.csv: FR GB DE PL IT ES NL BE LU DK SE NO FI
#: IS EE LV LT CZ SK HU RO BG GR TR PT IE AT SI HR CA AU US), from Okabe & Ito's and Paul Tol's colour-blind
#: safe sets: the nations that may be asked (lead, willing or conditional) took in turn, in the order of
#: their troops in the default plan, the colour furthest (CIELAB, also under simulated protanopia and
#: deuteranopia, Machado et al. 2009) from those before and from the gap red, the greys and the ink; the
#: others took what was left
NATION_COLOURS = (
    "#0072B2", "#E69F00", "#EE8866", "#CC79A7", "#EE7733", "#33BBEE", "#6699CC", "#D55E00", "#009988",
    "#117733", "#882255", "#77AADD", "#44BB99", "#44AA99", "#CCBB44", "#4477AA", "#AA4499", "#EE99AA",
    "#AA3377", "#0077BB", "#997700", "#994455", "#009E73", "#999933", "#666633", "#228833", "#56B4E9",
    "#EE3377", "#663333", "#004488", "#332288", "#225555",
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
    """Colour per nation code by its row in the nation table (built-in rows in nations.csv's order, a
    user's added nations after them), so a nation keeps its colour in every plan whatever it gives;
    past the palette's end the colours go round again."""
    return {code: NATION_COLOURS[i % len(NATION_COLOURS)] for i, code in enumerate(plan.nations.codes)}


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


def no_raw_html(markdown: str) -> str:
    """Markdown that opens no HTML tag: a `<` from a user's text (a scenario named `<script>...`) would
    start one in any viewer that renders Markdown; as &lt; it shows as itself."""
    return markdown.replace("<", "&lt;")
