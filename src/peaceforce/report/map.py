"""A schematic SVG map of the theatre: the theatre file's sectors and hubs on Natural Earth's countries.

The sector polylines (the theatre file's coordinates) are drawn coloured by the nation leading each
sector, with the coalition's troops on each sector as sized circles and the hubs where its troops
stand (the plan's posture) as squares sized by those troops, over the countries, the sea and the
approximate occupied areas (`map_geo`, from data/map/outlines.json), with a graticule, a scale bar and
a few cities for orientation (those a drawn hub does not already name). What is required but not
filled (the allocation's gaps) is drawn hatched at the place it would stand: a hatched ring round a
sector's or a hub's marker, and, for gaps that stand at no one place (in depth, outside the country), a
hatched marker in a box under the map's frame, on the same scale. The legend is a second SVG
(`map_legend`), so a phone shows it under the map; the notes are the figure's caption.

Projection (`map_geo.Projection`): equirectangular with its standard parallel at the theatre's mean
latitude; distances are true north-south everywhere and east-west at that parallel, which over
Ukraine's 8 degrees of latitude keeps the scale bar within about 7% across the map.
"""

from __future__ import annotations

import math
from html import escape

from . import map_geo as G
from .labels import nation_name, nation_short, num
from .map_force import R_MAX, hub_places, hub_side, places, radius
from .map_geo import Box, Projection, nice_km, overlaps
from .map_layout import CITIES, layout
from .map_legend import gap_ring, render_legend
from .style import FONT, GREY, INK, MUTED, nation_colours

W, H = 720, 640             # SVG user units: the map's frame; the legend is an SVG of its own
PAD = 34
FRAME: Box = (6, 6, W - 6, H - 46)
NO_LEAD = MUTED             # a marker's fill where troops stand but no nation leads the sector
STAND_WORDS = {"depth": "In depth, behind the line", "outside": "Outside {host} or at sea"}


def _t(x: float) -> str:
    return f"{x:.1f}"


def _ink_on(fill: str) -> str:
    """White on a dark fill, the ink on a light one (a number on an orange marker reads at 3:1 at least)."""
    if not fill.startswith("#") or len(fill) != 7:
        return "#ffffff"
    c = [int(fill[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lum = sum(w * (v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4)
              for w, v in zip((0.2126, 0.7152, 0.0722), c))
    return "#ffffff" if 1.05 / (lum + 0.05) >= 3 else INK


def _project(plan, sectors, hubs, at, lats, lons):
    """The projection and the layout, in up to three passes: place labels, see how far they spill out
    of the frame and shrink the map by that much; then give back what the labels leave unused."""
    frame = FRAME
    inner = (frame[0] + PAD, frame[1] + PAD, frame[2] - PAD, frame[3] - PAD - 20)
    proj = Projection(lats, lons, inner)
    items, _, _ = layout(plan, sectors, hubs, at, proj, frame, keep_inside=False)
    spill = (max(0.0, frame[0] + 8 - min(i["box"][0] for i in items)),
             max(0.0, frame[1] + 8 - min(i["box"][1] for i in items)),
             max(0.0, max(i["box"][2] for i in items) - (frame[2] - 8)))
    inner = (inner[0] + spill[0], inner[1] + spill[1], inner[2] - spill[2], inner[3])
    proj = Projection(lats, lons, inner)
    items, cities, hub_items = layout(plan, sectors, hubs, at, proj, frame, keep_inside=True)
    used = max([x for i in items for x, _ in i["pts"]] + [i["box"][2] for i in items + hub_items]
               + [c["box"][2] for c in cities])
    slack = frame[2] - 8 - used
    if slack > 20:
        wider = (inner[0], inner[1], inner[2] + slack * 0.9, inner[3])
        proj2 = Projection(lats, lons, wider)
        items2, cities2, hubs2 = layout(plan, sectors, hubs, at, proj2, frame, keep_inside=True)
        if all(frame[0] + 4 <= i["box"][0] and i["box"][2] <= frame[2] - 4 for i in items2 + hubs2):
            proj, items, cities, hub_items = proj2, items2, cities2, hubs2
    return proj, items, cities, hub_items


def _inset(at, host: str) -> dict | None:
    """The box for gaps that stand at no one place: a row per kind (in depth, outside), each a marker of
    what is required there, hatched, with what stands there inside it; drawn under the map's frame (the
    troops stand at no one place of it), on the markers' scale; None when there is no such gap."""
    rows = [(k, at[k]) for k in ("depth", "outside") if k in at and at[k].gap]
    if not rows:
        return None
    big = max(radius(p.required) for _, p in rows)
    texts = [(STAND_WORDS[k].format(host=host), f"{num(p.filled)} standing, {num(p.gap)} not filled",
              f"of them {num(p.gap_combat)} combat troops" if p.gap_combat else "") for k, p in rows]
    width = 24 + 2 * big + max(len(t) * 6.6 for lines in texts for t in lines)
    height = 30 + sum(max(2 * radius(p.required) + 12, 52) for _, p in rows)
    return {"rows": rows, "texts": texts, "big": big, "w": width, "h": height}


def _draw_inset(inset, box: Box, colour_gap: str) -> list[str]:
    x, y = box[0], box[1]
    out = [f'<g class="inset" data-gaps="{sum(p.gap for _, p in inset["rows"])}">'
           f'<rect x="{_t(x)}" y="{_t(y)}" width="{_t(inset["w"])}" height="{_t(inset["h"])}" fill="#ffffff" '
           f'fill-opacity="0.92" stroke="#aab4be" rx="4"/>'
           f'<text x="{_t(x + 10)}" y="{_t(y + 18)}" font-size="12" font-weight="bold" fill="{INK}">'
           f'At no one place on the map</text>']
    cy = y + 30
    cx = x + 12 + inset["big"]
    for (key, p), (first, second, third) in zip(inset["rows"], inset["texts"]):
        r = radius(p.required)
        row_h = max(2 * r + 12, 52)
        mid = cy + row_h / 2
        tx = _t(cx + inset["big"] + 12)
        out.append(f'<g data-stand="{key}" data-gap="{p.gap}" data-filled="{p.filled}">'
                   + gap_ring(cx, mid, r, radius(p.filled) if p.filled else 0.0, NO_LEAD, colour_gap)
                   + f'<text x="{tx}" y="{_t(mid - 10)}" font-size="11.5" font-weight="bold" fill="{INK}">'
                   f'{escape(first)}<tspan x="{tx}" dy="15" font-weight="normal" font-size="11">{escape(second)}</tspan>'
                   + (f'<tspan x="{tx}" dy="14" font-weight="normal" font-size="11">{escape(third)}</tspan>' if third else "")
                   + "</text></g>")
        cy += row_h
    out.append("</g>")
    return out


def _sector_svg(item, colour: str, fill: str) -> tuple[str, list[str], list[str]]:
    """A sector's polyline in `colour`, its marker filled with `fill` and its label (with a leader line
    when pushed off its marker)."""
    s, pts, place, lead, covered = item["sector"], item["pts"], item["place"], item["lead"], item["covered"]
    dash = ' stroke-dasharray="10 5"' if s.kind == "border" else ""
    if not covered:
        dash = ' stroke-dasharray="2 5"'
    path = " ".join(f"{_t(x)},{_t(y)}" for x, y in pts)
    line = (f'<polyline class="sector" data-sector="{escape(s.id)}" points="{path}" fill="none" '
            f'stroke="{colour}" stroke-width="{6 if s.kind == "line" else 4.5}" stroke-linecap="round" '
            f'stroke-linejoin="round"{dash}><title>{escape(s.name)}: {"lead " + nation_name(lead) if lead else "no lead nation"}'
            f"</title></polyline>")
    (mx, my), number = item["mid"], item["number"]
    filled, gap = (place.filled, place.gap) if place else (0, 0)
    tip = escape(f"{s.name}: " + (", ".join(f"{nation_short(c)} {num(v)}" for c, v in place.by_nation.items())
                                  if filled else "no troops")
                 + (f"; {num(gap)} required but not filled" if gap else ""))
    marks = [f'<g class="sector-marker" data-sector="{escape(s.id)}" data-filled="{filled}" data-gap="{gap}">'
             f"<title>{tip}</title>"]
    if gap:
        marks.append(gap_ring(mx, my, item["r"], item["r_filled"], fill, "url(#map-gap)"))
    elif filled:
        marks.append(f'<circle class="force" cx="{_t(mx)}" cy="{_t(my)}" r="{_t(item["r"])}" fill="{fill}" '
                     f'stroke="#ffffff" stroke-width="2"/>')
    if filled:
        marks.append(f'<text x="{_t(mx)}" y="{_t(my + 4)}" font-size="11" font-weight="bold" fill="{_ink_on(fill)}" '
                     f'text-anchor="middle">{number}</text>')
    else:
        marks.append(f'<circle cx="{_t(mx)}" cy="{_t(my)}" r="9" fill="#ffffff" stroke="{colour}" stroke-width="2"/>'
                     f'<text x="{_t(mx)}" y="{_t(my + 4)}" font-size="11" font-weight="bold" fill="{INK}" '
                     f'text-anchor="middle">{number}</text>')
    marks.append("</g>")
    lx, ly, anchor, lines = item["label"]
    (first, _), *rest = lines
    texts = []
    if item["leader"]:
        bx = min(max(mx, item["box"][0]), item["box"][2])
        by = min(max(my, item["box"][1]), item["box"][3])
        d = math.dist((mx, my), (bx, by)) or 1.0
        ex, ey = mx + (bx - mx) * item["r"] / d, my + (by - my) * item["r"] / d
        texts.append(f'<line class="leader" x1="{_t(ex)}" y1="{_t(ey)}" x2="{_t(bx)}" y2="{_t(by)}" stroke="{MUTED}" '
                     f'stroke-width="0.9"/>')
    texts.append(f'<text class="sector-label" data-sector="{escape(s.id)}" x="{_t(lx)}" y="{_t(ly)}" '
                 f'text-anchor="{anchor}" font-size="12" fill="{INK}" font-weight="bold" paint-order="stroke" '
                 f'stroke="#f6f8fa" stroke-width="4" stroke-linejoin="round">{escape(first)}'
                 + "".join(f'<tspan x="{_t(lx)}" dy="13" font-size="11" font-weight="normal">{escape(more)}</tspan>'
                           for more, _ in rest) + "</text>")
    return line, marks, texts


def _hub_svg(h) -> str:
    """A hub's square: its area the troops there; a hatched square round it for those not filled."""
    hub, place, (x, y) = h["hub"], h["place"], h["at"]
    fill = G.HUB_FILL.get(hub.kind, G.HUB_FILL["other"])
    out = ""
    if place.gap:
        side = h["side"]
        out += (f'<rect class="hub-gap" data-hub="{escape(hub.id)}" data-gap="{place.gap}" x="{x - side / 2:.1f}" '
                f'y="{y - side / 2:.1f}" width="{side:.1f}" height="{side:.1f}" fill="url(#map-gap)" stroke="{G.GAP}" '
                f'stroke-width="1.2" stroke-dasharray="4 2"><title>{escape(hub.name)}: {num(place.gap)} required '
                f"but not filled</title></rect>")
    if place.filled:
        side = hub_side(place.filled)
        out += (f'<rect class="hub" data-hub="{escape(hub.id)}" data-troops="{place.filled}" x="{x - side / 2:.1f}" '
                f'y="{y - side / 2:.1f}" width="{side:.1f}" height="{side:.1f}" fill="{fill}" stroke="{G.HUB_INK}" '
                f'stroke-width="1"><title>{escape(hub.name)}: {num(place.filled)} coalition troops</title></rect>')
    return out


def _hub_label(h) -> str:
    """A hub's name, a line per tspan; each line but the last ends in a space, so the name reads whole."""
    hub, (x, y, anchor, lines) = h["hub"], h["label"]
    text = [escape(t) + (" " if n < len(lines) - 1 else "") for n, (t, _) in enumerate(lines)]
    return (f'<text class="hub-label" data-hub="{escape(hub.id)}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" '
            f'font-size="{lines[0][1]}" fill="{G.HUB_INK}" paint-order="stroke" stroke="#ffffff" stroke-width="3" '
            f'stroke-linejoin="round">{text[0]}'
            + "".join(f'<tspan x="{x:.1f}" dy="{lines[0][1] + 2}">{t}</tspan>' for t in text[1:]) + "</text>")


def render_map(plan) -> str:
    """The map figure's content: the map (an <svg>, scrolling in its own box on a phone), its legend
    (a second <svg>) and the notes as the figure's caption."""
    theatre = plan.theatre
    sectors = [s for s in theatre.sectors if s.coords]
    if not sectors:
        return _empty(theatre)
    colours = nation_colours(plan)
    at = places(plan)
    hubs = hub_places(plan)
    host_lats, host_lons = G.extent(theatre.host)
    lats = [c[0] for s in sectors for c in s.coords] + [c[1] for c in CITIES] + [h.coords[1] for h, _ in hubs] + host_lats
    lons = [c[1] for s in sectors for c in s.coords] + [c[2] for c in CITIES] + [h.coords[0] for h, _ in hubs] + host_lons
    proj, items, cities, hub_items = _project(plan, sectors, hubs, at, lats, lons)
    geo = G.covers(lats, lons)  # the outlines reach round the theatre: draw them
    host = G.country(theatre.host)
    inset = _inset(at, host["name"] if host else "the host country")
    # cut the frame to the content, so no empty band is left below (and room for the inset)
    bottom = max([y for i in items for _, y in i["pts"]] + [i["box"][3] for i in items + hub_items]
                 + [c["box"][3] for c in cities] + [proj(lat, lons[0])[1] for lat in host_lats])
    frame_bottom = bottom + 62
    frame = (FRAME[0], FRAME[1], FRAME[2], frame_bottom)
    end = frame_bottom
    if inset:  # what stands at no one place goes under the map's frame, not over its geography
        inset_box = (FRAME[0], frame_bottom + 10, FRAME[0] + inset["w"], frame_bottom + 10 + inset["h"])
        end = inset_box[3]
    occupied = geo and G.shows_occupied(theatre)
    h_total = end + 26
    gaps = any(p.gap for p in at.values())

    out: list[str] = []
    title = f"Map of the theatre: {theatre.title or theatre.name}" + (", its sectors and hubs" if hubs else "")
    desc = (f"{theatre.title or theatre.name}: the {len(sectors)} sectors of the theatre file drawn "
            + ("on the countries of the region (Natural Earth 1:50m), " if geo else "")
            + "coloured by the nation leading each, with a marker sized by the coalition's troops on each sector"
            + (f"; the {len(hubs)} hubs where the coalition's troops stand ("
               + ", ".join(dict.fromkeys(str(h.kind).replace("_", " ") for h, _ in hubs))
               + ") as squares sized by those troops" if hubs else "; no hub holds coalition troops")
            + ("; troops required but not filled hatched at the place they would stand" if gaps else "")
            + ("; the occupied areas hatched (approximate, the line of contact closed with the country's outline)"
               if occupied else "") + "; cities for orientation, a scale bar and a graticule. The legend beside it "
            "sums where the coalition's deployed troops stand, those not on the map included.")
    out.append(f'<svg class="map" data-chart="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {h_total:.0f}" '
               f'role="img" aria-label="{escape(title)}" font-family="{FONT}">')
    out.append(f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>")
    out.append(f'<rect x="0" y="0" width="{W}" height="{h_total:.0f}" fill="#ffffff"/>')
    out.extend(G.layer(proj, frame, theatre) if geo else [
        f'<defs>{G.hatches("map")}</defs><rect x="{frame[0]}" y="{frame[1]}" width="{frame[2] - frame[0]}" '
        f'height="{frame[3] - frame[1]}" fill="#f6f8fa" stroke="#d5dbe1"/>'])
    grid, grid_y = G.graticule(proj, frame, MUTED)
    out.extend(grid)

    # what the names of neighbours and seas, and the inset, must not cover
    km = nice_km(150 / proj.px_per_km)
    bar = km * proj.px_per_km
    taken: list[Box] = [i["box"] for i in items + hub_items] + [c["box"] for c in cities] + [
        (i["mid"][0] - i["r"], i["mid"][1] - i["r"], i["mid"][0] + i["r"], i["mid"][1] + i["r"]) for i in items] + [
        h["mark"] for h in hub_items] + [
        (frame[0], frame[3] - 56, frame[0] + bar + 190, frame[3]), (frame[2] - 40, frame[1], frame[2], 62),
        (frame[0], frame[3] - 18, frame[2], frame[3])] + [(frame[0], y - 14, frame[0] + 40, y) for y in grid_y]
    line_pts = [p for i in items for p in G.spaced(i["pts"])]
    inset_svg = _draw_inset(inset, inset_box, "url(#map-gap)") if inset else []

    def free(box: Box) -> bool:
        padded = (box[0] - 3, box[1] - 3, box[2] + 3, box[3] + 3)
        if any(overlaps(padded, o) for o in taken) or G.near(padded, line_pts):
            return False
        taken.append(box)
        return True

    if geo:
        out.extend(G.names(proj, frame, theatre, free))

    out.append('<g class="cities">')
    for c in cities:
        (x, y), (tx, ty, anchor) = c["dot"], c["text"]
        out.append(f'<circle cx="{_t(x)}" cy="{_t(y)}" r="2.6" fill="{MUTED}"/>')
        out.append(f'<text x="{_t(tx)}" y="{_t(ty)}" text-anchor="{anchor}" font-size="10.5" fill="{MUTED}" '
                   f'font-style="italic" paint-order="stroke" stroke="#ffffff" stroke-width="3" '
                   f'stroke-opacity="0.8">{escape(c["name"])}</text>')
    out.append("</g>")

    lines_svg, markers, texts = [], [], []
    for item in items:
        colour = colours.get(item["lead"], GREY) if (item["covered"] and item["lead"]) else GREY
        line, marks, words = _sector_svg(item, colour, NO_LEAD if colour == GREY else colour)
        lines_svg.append(line)
        markers += marks
        texts += words
    hub_svg = ['<g class="hubs">'] + [_hub_svg(h) for h in hub_items] + ["</g>"]
    texts += [_hub_label(h) for h in hub_items]
    out.extend(lines_svg + hub_svg + markers + texts + inset_svg)

    # scale bar and north arrow
    bx, by = frame[0] + 16, frame[3] - 34
    out.append(f'<g class="scale-bar" font-size="10.5" fill="{INK}">'
               f'<rect x="{bx}" y="{by}" width="{_t(bar / 2)}" height="6" fill="{INK}"/>'
               f'<rect x="{_t(bx + bar / 2)}" y="{by}" width="{_t(bar / 2)}" height="6" fill="#ffffff" stroke="{INK}"/>'
               f'<text x="{bx}" y="{by - 4}">0</text>'
               f'<text x="{_t(bx + bar)}" y="{by - 4}" text-anchor="middle">{km} km</text>'
               f'<text x="{_t(bx + bar + 28)}" y="{by + 6}" fill="{MUTED}">scale true at {proj.lat0:.1f}°N</text></g>')
    out.append(f'<g class="north" fill="{INK}"><path d="M {frame[2] - 28} 42 l 8 -22 l 8 22 l -8 -6 z"/>'
               f'<text x="{frame[2] - 20}" y="56" font-size="11" text-anchor="middle">N</text></g>')
    out.append(f'<text x="8" y="{end + 17:.0f}" font-size="10" fill="{MUTED}">Schematic. '
               + ("Natural Earth 1:50m (public domain); " if geo else "")
               + f'theatre file “{escape(theatre.name)}”; the plan’s allocation and posture.</text>')
    out.append("</svg>")
    legend = render_legend(plan, sectors, at, colours, geo, hubs, gaps)
    return (f'<div class="map-row"><div class="map-box">{"".join(out)}</div>{legend}</div>'
            f'<figcaption class="map-notes">{_notes(plan, proj, frame, geo, occupied, hubs, gaps, at)}</figcaption>')


def _notes(plan, proj, frame, geo: bool, occupied: bool, hubs, gaps: bool, at) -> str:
    """The figure's caption: how to read the map, and what it is drawn from."""
    theatre = plan.theatre
    notes = ["Sectors are coloured by their lead nation (most combat battalions there); circles show the "
             "coalition's troops on each sector, squares its troops at each hub"
             + (", hatched rings and squares what is required there but not filled" if gaps else "")
             + ". Headquarters, reserves and enablers stand in depth, and air detachments, trainers and ships work "
             "from outside the country: the legend counts them"
             + ("; the box under the map, “At no one place on the map”, shows what is not filled in depth or "
               "outside the country" if any(
                 k in at and at[k].gap for k in ("depth", "outside")) else "") + "."]
    if any(radius(p.required) >= R_MAX for p in at.values()):
        notes.append(f"Markers for more than {num(100 * ((R_MAX - 7) / 2.2) ** 2, digits=0)} troops are drawn at the "
                     "largest size, not to scale.")
    notes.append("Schematic; coordinates approximate (see the theatre file's coordinate sources). Sector lines as "
                 "drawn there; cities for orientation only.")
    if geo:
        notes.append("Countries and coasts: Natural Earth 1:50m, public domain (world-atlas 2.0.2)"
                     + ("; Crimea shown within Ukraine's internationally recognised borders."
                        if "UA" in G.drawn(proj, frame) else "."))
    if occupied:
        notes.append(f"Occupied areas approximate: {G.outlines()['occupied']['short']}.")
    notes.append(f'Source: theatre file "{theatre.name}" (sector{" and hub" if hubs else ""} coordinates); '
                 "allocation (sector leads, troops per sector, gaps); posture (where the troops stand).")
    return " ".join(escape(n) for n in notes)


def _empty(theatre) -> str:
    text = f"The theatre file “{theatre.name}” gives no sector coordinates: no map can be drawn."
    return (f'<svg class="map" data-chart="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} 60" width="100%" '
            f'role="img" aria-label="{escape(text)}" font-family="{FONT}"><title>{escape(text)}</title>'
            f'<text x="10" y="34" font-size="14" fill="{MUTED}">{escape(text)}</text></svg>')
