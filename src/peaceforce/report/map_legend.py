"""The map's legend, an SVG of its own: beside the map on a wide screen and on paper, under it on a
phone (the page's CSS decides), so a reader never scrolls sideways to read it.

It names the sector lead nations in their colours, the line styles, the map's fills, each sector with
its troops by nation and what is not filled there, the hub markers, and where all the coalition's
deployed troops stand, those off the map and those not filled included, summing to the force required.
"""

from __future__ import annotations

from html import escape

from . import map_geo as G
from .labels import nation_name, nation_short, num
from .map_force import hub_side, stand_rows
from .style import FONT, GREY, INK

W = 320  # the legend's width in SVG units (the map's is map.W)


def _wrap(text: str, chars: int) -> list[str]:
    """Lines of at most about `chars` characters, broken at spaces (a longer word keeps its own line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _head(x: float, y: float, text: str) -> str:
    return f'<text x="{x}" y="{y}" font-weight="bold" font-size="13">{escape(text)}</text>'


def gap_ring(cx: float, cy: float, r: float, r_inner: float, fill: str, gap_fill: str) -> str:
    """A marker of troops required at a place: the hatched disc of radius r is what is required, the
    solid disc of radius r_inner inside it what is filled (none: no solid disc)."""
    out = (f'<circle class="gap" cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="{gap_fill}" stroke="{G.GAP}" '
           f'stroke-width="1.4" stroke-dasharray="4 2"/>')
    if r_inner:
        out += (f'<circle class="force" cx="{cx:.1f}" cy="{cy:.1f}" r="{r_inner:.1f}" fill="{fill}" '
                f'stroke="#ffffff" stroke-width="2"/>')
    return out


def _leads(plan, sectors, colours, x: float, y: float) -> tuple[list[str], float]:
    role = plan.scenario.role
    leads = plan.allocation.sector_leads
    nations = list(dict.fromkeys(leads[s.id] for s in sectors if s.id in leads and s.covers(role)))
    out = [_head(x, y, "Sector lead nation")]
    y += 6
    for code in nations:
        y += 20
        out.append(f'<line x1="{x}" y1="{y - 4}" x2="{x + 30}" y2="{y - 4}" stroke="{colours.get(code, GREY)}" '
                   f'stroke-width="6" stroke-linecap="round"/>')
        name, short = nation_name(code, plan), nation_short(code, plan)
        for n, part in enumerate(_wrap(name + (f" ({short})" if short != name else ""), 34)):
            y += 15 if n else 0
            out.append(f'<text x="{x + 40}" y="{y}">{escape(part)}</text>')
    y += 20
    out.append(f'<line x1="{x}" y1="{y - 4}" x2="{x + 30}" y2="{y - 4}" stroke="{GREY}" stroke-width="6" '
               f'stroke-linecap="round"/><text x="{x + 40}" y="{y}">no lead / not covered</text>')
    y += 28
    out.append(_head(x, y, "Line style"))
    for text, dash, width in (("line of contact", "", 6), ("border", ' stroke-dasharray="10 5"', 4.5),
                              ("not covered by this role", ' stroke-dasharray="2 5"', 4.5)):
        y += 20
        out.append(f'<line x1="{x}" y1="{y - 4}" x2="{x + 30}" y2="{y - 4}" stroke="{INK}" '
                   f'stroke-width="{width}"{dash}/><text x="{x + 40}" y="{y}">{text}</text>')
    return out, y


def _fills(x: float, y: float, theatre) -> tuple[list[str], float]:
    """The 'Map' block: swatches for the host, occupied areas, neighbours and sea."""
    out = [_head(x, y, "Map")]
    host = G.country(theatre.host)
    occupied = G.shows_occupied(theatre)
    entries = ([(host["name"] + (", government-controlled" if occupied else ""), G.HOST, G.HOST_BORDER)] if host else [])
    if occupied:
        entries.append(("occupied areas (approximate)", "url(#map-legend-occupied)", G.HATCH))
    entries += [("neighbouring countries", G.LAND, G.BORDER), ("sea", G.SEA, "#c3d3e0")]
    for text, fill, stroke in entries:
        y += 20
        cls = ' class="legend-occupied"' if fill.startswith("url") else ""
        out.append(f'<rect{cls} x="{x}" y="{y - 11}" width="30" height="13" fill="{fill}" stroke="{stroke}"/>'
                   f'<text x="{x + 40}" y="{y}">{escape(text)}</text>')
    return out, y


def _sectors(plan, sectors, at, x: float, y: float, gaps: bool) -> tuple[list[str], float]:
    role = plan.scenario.role
    out = [_head(x, y, "Sectors and their troops")]
    y += 24
    out.append(f'<circle cx="{x + 11}" cy="{y - 4}" r="11" fill="#5b6673" stroke="#fff" stroke-width="2"/>'
               f'<text x="{x + 11}" y="{y}" text-anchor="middle" fill="#fff" font-size="11" font-weight="bold">1</text>'
               f'<text x="{x + 30}" y="{y - 6}" font-size="11">sector number; the marker\'s area grows</text>'
               f'<text x="{x + 30}" y="{y + 8}" font-size="11">with the coalition\'s troops there</text>')
    if gaps:
        y += 34
        out.append(gap_ring(x + 11, y - 4, 13, 7, "#5b6673", "url(#map-legend-gap)")
                   + f'<text class="legend-gap" x="{x + 30}" y="{y - 6}" font-size="11">hatched: required but not '
                   f'filled</text><text x="{x + 30}" y="{y + 8}" font-size="11">(a gap), at the place it would stand</text>')
    y += 34
    for number, s in enumerate(sectors, 1):
        place = at.get(s.id)
        who = ", ".join(f"{nation_short(c, plan)} {num(v)}" for c, v in place.by_nation.items()) if place else ""
        who = who or ("none" if s.covers(role) else "not covered")
        if place and place.gap:
            who += f" · {num(place.gap)} not filled"
        for n, part in enumerate(_wrap(s.name, 40)):
            y += 14 if n else 0
            out.append(f'<text x="{x + (13 if n else 0)}" y="{y}" font-size="11.5">'
                       + (f'<tspan font-weight="bold">{number}</tspan> ' if not n else "") + f"{escape(part)}</text>")
        for part in _wrap(f"{num(s.length_km)} km · {who}", 44):
            y += 14
            out.append(f'<text x="{x + 13}" y="{y}" font-size="10.5" fill="#5b6673">{escape(part)}</text>')
        y += 20
    return out, y


def _hubs(x: float, y: float, hubs) -> tuple[list[str], float]:
    """The smallest and largest hub markers with their troops, and a swatch per kind of hub drawn."""
    out = [_head(x, y, "Coalition troops at hubs")]
    y, cx = y + 26, x + 4
    sizes = [p.required for _, p in hubs]
    for t in dict.fromkeys((min(sizes), max(sizes))):
        s = hub_side(t)
        out.append(f'<rect class="legend-hub" x="{cx:.1f}" y="{y - 4 - s / 2:.1f}" width="{s:.1f}" height="{s:.1f}" '
                   f'fill="{G.HUB_FILL["other"]}" stroke="{G.HUB_INK}"/><text x="{cx + s / 2:.1f}" y="{y + 10 + s / 2:.1f}" '
                   f'font-size="10" text-anchor="middle">{num(t)}</text>')
        cx += s + 14
    out.append(f'<text x="{x + 64}" y="{y - 6}" font-size="11">troops at a hub: the marker\'s</text>'
               f'<text x="{x + 64}" y="{y + 8}" font-size="11">area grows with them</text>')
    kinds = {k if k in G.HUB_FILL else "other" for k in (h.kind for h, _ in hubs)}
    for kind in (k for k in G.HUB_FILL if k in kinds):
        y += 16
        out.append(f'<rect x="{x + 4}" y="{y + 9}" width="10" height="10" fill="{G.HUB_FILL[kind]}" stroke="{G.HUB_INK}"/>'
                   f'<text x="{x + 22}" y="{y + 18}" font-size="11">{G.HUB_KINDS[kind]}</text>')
    return out, y + 18


def _stands(x: float, y: float, plan) -> tuple[list[str], float]:
    """Where the coalition's troops stand, those not filled, and the force they sum to."""
    host = G.country(plan.theatre.host)
    words = {"line": "on the line of contact", "border": "on hostile borders", "hub": "at hubs (squares)",
             "depth": "in depth, behind the line",
             "outside": f"outside {escape(host['name']) if host else 'the host country'} or at sea",
             "gap": "not filled (gaps, hatched)", "total": "the force required"}
    out = [_head(x, y, "Where the coalition's troops stand")]
    for k, n in stand_rows(plan):
        y += 20 if k == "total" else 16
        bold = ' font-weight="bold"' if k == "total" else ""
        if k == "total":
            out.append(f'<line x1="{x}" y1="{y - 13}" x2="{x + 200}" y2="{y - 13}" stroke="{G.HUB_INK}" stroke-width="0.6"/>')
        if k == "gap":
            out.append(f'<rect x="{x}" y="{y - 10}" width="12" height="11" fill="url(#map-legend-gap)" stroke="{G.GAP}"/>')
        out.append(f'<text class="legend-stand" data-stand="{k}" data-troops="{n}" x="{x + 66}" y="{y}" font-size="11" '
                   f'text-anchor="end"{bold}>{num(n)}</text><text x="{x + 74}" y="{y}" font-size="11"{bold}>{words[k]}</text>')
    return out, y


def render_legend(plan, sectors, at, colours, geo: bool, hubs, gaps: bool) -> str:
    """The legend as an <svg> element: `at` is map_force.places(plan), `hubs` the hubs drawn, `gaps`
    whether the map draws any gap."""
    x = 8
    parts, y = _leads(plan, sectors, colours, x, 24)
    if geo:
        block, y = _fills(x, y + 28, plan.theatre)
        parts += block
    block, y = _sectors(plan, sectors, at, x, y + 28, gaps)
    parts += block
    if hubs:
        block, y = _hubs(x, y + 6, hubs)
        parts += block
    block, y = _stands(x, y + (26 if hubs else 8), plan)
    parts += block
    height = y + 14
    title = "Legend of the map"
    return (f'<svg class="map-legend" data-chart="map-legend" xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {W} {height:.0f}" role="img" aria-label="{title}" font-family="{FONT}">'
            f"<title>{title}</title><defs>{G.hatches('map-legend')}</defs>"
            f'<g class="legend" font-size="12" fill="{INK}">' + "".join(parts) + "</g></svg>")
