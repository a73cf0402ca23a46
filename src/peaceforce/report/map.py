"""A schematic SVG map of the theatre: the theatre file's sectors on Natural Earth's countries.

The sector polylines (the theatre file's coordinates) are drawn coloured by the nation leading each
sector, with the coalition's combat troops per sector as sized markers, over the countries, the sea and
the approximate occupied areas (`map_geo`, from data/map/outlines.json), with a graticule, a scale bar
and a few cities for orientation. Projection (`map_geo.Projection`): equirectangular with its standard
parallel at the theatre's mean latitude; distances are true north-south everywhere and east-west at that
parallel, which over Ukraine's 8 degrees of latitude keeps the scale bar within about 7% across the map.
"""

from __future__ import annotations

import math
from html import escape

from . import labels as L
from . import map_geo as G
from .map_geo import Box, Projection
from .map_geo import midpoint as _midpoint, nice_km as _nice_km, overlaps as _overlaps
from .style import FONT, GREY, INK, MUTED, nation_colours

#: cities for orientation only: approximate positions (lat, lon), rounded to 0.05 degree; not plan figures
CITIES = (
    ("Kyiv", 50.45, 30.52), ("Kharkiv", 49.99, 36.23), ("Dnipro", 48.46, 35.05), ("Odesa", 46.48, 30.73),
    ("Lviv", 49.84, 24.03), ("Zaporizhzhia", 47.84, 35.14),
)

W, H = 1040, 640            # SVG user units
MAP_W = 720                  # the map's frame; the legend takes the rest
PAD = 34


def _text_box(x: float, y: float, anchor: str, lines: list[tuple[str, float]]) -> Box:
    """Rough extent of a text block (DejaVu Sans is about 0.6 em per character)."""
    width = max(len(t) * size * 0.6 for t, size in lines)
    left = x if anchor == "start" else (x - width if anchor == "end" else x - width / 2)
    height = sum(size + 2 for _, size in lines)
    return (left, y - lines[0][1], left + width, y - lines[0][1] + height)


def _hits_line(box: Box, pts: list[tuple[float, float]], pad: float = 3.0) -> bool:
    left, top, right, bottom = box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad
    for (x1, y1), (x2, y2) in zip(pts, pts[1:]):
        n = max(2, int(math.dist((x1, y1), (x2, y2)) / 3))
        for i in range(n + 1):
            x, y = x1 + (x2 - x1) * i / n, y1 + (y2 - y1) * i / n
            if left <= x <= right and top <= y <= bottom:
                return True
    return False


def _t(x: float) -> str:
    return f"{x:.1f}"


def manoeuvre_by_sector(plan) -> dict[str, dict[str, int]]:
    """Combat troops per sector and nation, from the allocation (what the markers show)."""
    out: dict[str, dict[str, int]] = {}
    for a in plan.allocation.assignment:
        if a.capability == "manoeuvre" and a.units:
            out.setdefault(a.sector, {})
            out[a.sector][a.nation] = out[a.sector].get(a.nation, 0) + int(a.troops)
    return out


FRAME: Box = (6, 6, MAP_W - 6, H - 46)


def _label_lines(s, total: int, lead: str | None, covered: bool) -> list[tuple[str, float]]:
    second = (f"{L.num(total)} combat troops" + (f", lead {lead}" if lead else "")) if total else (
        "no combat troops" if covered else "not covered")
    name = s.name if len(s.name) <= 24 else s.name.split(" (")[0]
    return [(name, 12.0), (second, 11.0)]


def _layout(plan, sectors, proj: Projection, frame: Box, keep_inside: bool) -> tuple[list[dict], list[dict]]:
    """Where each sector's line, marker and label go, and each city's name. A label tries the side away
    from the theatre's centre first, then the other side, then further out, and takes the first place
    that crosses no sector line, marker, city or other label (and, when asked, stays inside the frame)."""
    role = plan.scenario.role
    troops = manoeuvre_by_sector(plan)
    leads = plan.allocation.sector_leads
    all_pts = [[proj(lat, lon) for lat, lon in s.coords] for s in sectors]
    xs = [x for pts in all_pts for x, _ in pts]
    ys = [y for pts in all_pts for _, y in pts]
    centre = (sum(xs) / len(xs), sum(ys) / len(ys))
    items = []
    for s, pts in zip(sectors, all_pts):
        (mx, my), (dx, dy) = _midpoint(pts)
        total = sum(troops.get(s.id, {}).values())
        r = 7 + 2.2 * math.sqrt(total / 100) if total else 9
        items.append({"sector": s, "pts": pts, "mid": (mx, my), "dir": (dx, dy), "r": r, "total": total,
                      "lead": leads.get(s.id), "covered": s.covers(role)})
    obstacles: list[Box] = [(i["mid"][0] - i["r"], i["mid"][1] - i["r"], i["mid"][0] + i["r"], i["mid"][1] + i["r"])
                            for i in items]

    def free(box: Box) -> bool:
        return not any(_hits_line(box, pts) for pts in all_pts) and not any(_overlaps(box, o) for o in obstacles)

    cities = []
    for name, lat, lon in CITIES:
        x, y = proj(lat, lon)
        w = len(name) * 10.5 * 0.6
        options = [(x + 5, y + 3.5, "start", (x + 4, y - 5, x + 6 + w, y + 5)),
                   (x - 5, y + 3.5, "end", (x - 6 - w, y - 5, x - 4, y + 5)),
                   (x, y - 6, "middle", (x - w / 2, y - 15, x + w / 2, y - 4)),
                   (x, y + 14, "middle", (x - w / 2, y + 4, x + w / 2, y + 15))]
        pick = next((o for o in options if free(o[3])), options[0])
        cities.append({"name": name, "dot": (x, y), "text": pick[:3], "box": pick[3]})
        obstacles.append(pick[3])
        obstacles.append((x - 3, y - 3, x + 3, y + 3))

    for item in items:
        (mx, my), (dx, dy), r = item["mid"], item["dir"], item["r"]
        nx, ny = -dy, dx
        if (mx - centre[0]) * nx + (my - centre[1]) * ny < 0:
            nx, ny = -nx, -ny
        lines = _label_lines(item["sector"], item["total"], item["lead"], item["covered"])
        best = None
        found = False
        for sign in (1, -1):
            for extra in (0, 14, 30, 50):
                ux, uy = sign * nx, sign * ny
                dist = r + 8 + extra
                lx, ly = mx + ux * dist, my + uy * dist
                anchor = "start" if ux > 0.35 else ("end" if ux < -0.35 else "middle")
                if uy > 0.35:
                    ly += 12
                elif uy < -0.35:
                    ly -= 14
                else:
                    ly += 4
                box = _text_box(lx, ly, anchor, lines)
                inside = frame[0] + 4 <= box[0] and box[2] <= frame[2] - 4 and frame[1] + 4 <= box[1]
                if best is None:
                    best = (lx, ly, anchor, box)
                if free(box) and (inside or not keep_inside):
                    best, found = (lx, ly, anchor, box), True
                    break
            if found:
                break
        item["label"] = (best[0], best[1], best[2], lines)
        item["box"] = best[3]
        obstacles.append(best[3])
    return items, cities


def render_map(plan) -> str:
    """The theatre map as an inline <svg> element."""
    theatre = plan.theatre
    colours = nation_colours(plan)
    troops = manoeuvre_by_sector(plan)
    sectors = [s for s in theatre.sectors if s.coords]
    if not sectors:
        return _empty(theatre)
    host_lats, host_lons = G.extent(theatre.host)
    lats = [c[0] for s in sectors for c in s.coords] + [c[1] for c in CITIES] + host_lats
    lons = [c[1] for s in sectors for c in s.coords] + [c[2] for c in CITIES] + host_lons
    frame = FRAME
    inner = (frame[0] + PAD, frame[1] + PAD, frame[2] - PAD, frame[3] - PAD - 20)
    # two passes: place labels, see how far they spill out of the frame, shrink the map by that much
    proj = Projection(lats, lons, inner)
    items, _ = _layout(plan, sectors, proj, frame, keep_inside=False)
    spill = (max(0.0, frame[0] + 8 - min(i["box"][0] for i in items)),
             max(0.0, frame[1] + 8 - min(i["box"][1] for i in items)),
             max(0.0, max(i["box"][2] for i in items) - (frame[2] - 8)))
    inner = (inner[0] + spill[0], inner[1] + spill[1], inner[2] - spill[2], inner[3])
    proj = Projection(lats, lons, inner)
    items, cities = _layout(plan, sectors, proj, frame, keep_inside=True)
    # labels that found room inside may leave the reserve unused: give it back to the map if all still fit
    used = max([x for i in items for x, _ in i["pts"]] + [i["box"][2] for i in items] + [c["box"][2] for c in cities])
    slack = frame[2] - 8 - used
    if slack > 20:
        wider = (inner[0], inner[1], inner[2] + slack * 0.9, inner[3])
        proj2 = Projection(lats, lons, wider)
        items2, cities2 = _layout(plan, sectors, proj2, frame, keep_inside=True)
        if all(frame[0] + 4 <= i["box"][0] and i["box"][2] <= frame[2] - 4 for i in items2):
            proj, items, cities = proj2, items2, cities2
    # cut the frame to the content (and to the legend's height), so no empty band is left below
    bottom = max([y for i in items for _, y in i["pts"]] + [i["box"][3] for i in items]
                 + [c["box"][3] for c in cities] + [proj(lat, lons[0])[1] for lat in host_lats])
    leads = plan.allocation.sector_leads
    legend_nations = list(dict.fromkeys(leads[s.id] for s in sectors if s.id in leads and s.covers(plan.scenario.role)))
    geo = G.covers(lats, lons)  # the outlines reach round the theatre: draw them
    legend_svg, legend_end = _legend(plan, sectors, troops, colours, legend_nations, geo)
    frame_bottom = max(bottom + 62, legend_end + 10)
    if geo:  # no lower than the outlines reach; a longer legend runs on below the frame
        frame_bottom = min(frame_bottom, max(bottom + 62, G.floor(proj)))
    height = max(frame_bottom, legend_end + 10)
    frame = (frame[0], frame[1], frame[2], frame_bottom)
    occupied = geo and G.shows_occupied(theatre)
    h_total = height + 16 + 15 * (2 + geo + occupied)

    out: list[str] = []
    title = f"Map of the theatre: {theatre.title or theatre.name}"
    desc = (f"{theatre.title or theatre.name}: the {len(sectors)} sectors of the theatre file drawn "
            + ("on the countries of the region (Natural Earth 1:50m), " if geo else "")
            + "coloured by the nation leading each, with a marker sized by the "
            "coalition's combat troops in each sector"
            + ("; the occupied areas hatched (approximate, the line of contact closed with the country's outline)"
               if occupied else "") + "; cities for orientation, a scale bar and a graticule.")
    out.append(f'<svg class="map" data-chart="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {h_total:.0f}" '
               f'width="100%" style="max-width:{W}px;height:auto" role="img" aria-label="{escape(title)}" '
               f'font-family="{FONT}">')
    out.append(f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>")
    out.append(f'<rect x="0" y="0" width="{W}" height="{h_total:.0f}" fill="#ffffff"/>')
    out.extend(G.layer(proj, frame, theatre) if geo else [
        f'<rect x="{frame[0]}" y="{frame[1]}" width="{frame[2] - frame[0]}" height="{frame[3] - frame[1]}" '
        f'fill="#f6f8fa" stroke="#d5dbe1"/>'])

    # graticule, every 2 degrees, clipped to the frame by hand
    lat_min, lat_max, lon_min, lon_max = proj.bounds
    out.append('<g class="graticule" stroke="#9aa7b4" stroke-opacity="0.35" stroke-width="0.7">')
    grid_y = []
    for lat in range(math.floor(lat_min) - 2, math.ceil(lat_max) + 3):
        _, y = proj(lat, lon_min)
        if lat % 2 or not frame[1] + 14 < y < frame[3] - 24:
            continue
        if y > frame[3] - 60:  # keep the corner of the scale bar clear
            out.append(f'<line x1="{frame[0] + 200}" y1="{_t(y)}" x2="{frame[2]}" y2="{_t(y)}"/>')
            continue
        grid_y.append(y)
        out.append(f'<line x1="{frame[0]}" y1="{_t(y)}" x2="{frame[2]}" y2="{_t(y)}"/>')
        out.append(f'<text x="{frame[0] + 6}" y="{_t(y - 3)}" fill="{MUTED}" stroke="none" font-size="10">{lat}°N</text>')
    for lon in range(math.floor(lon_min) - 4, math.ceil(lon_max) + 5):
        x, _ = proj(lat_min, lon)
        if lon % 2 or not frame[0] + 10 < x < frame[2] - 30:
            continue
        out.append(f'<line x1="{_t(x)}" y1="{frame[1]}" x2="{_t(x)}" y2="{frame[3]}"/>')
        out.append(f'<text x="{_t(x + 3)}" y="{frame[3] - 5}" fill="{MUTED}" stroke="none" font-size="10">{lon}°E</text>')
    out.append("</g>")

    # names of neighbours and seas where they cross no sector line, marker, label, city or the map's furniture
    km = _nice_km(150 / proj.px_per_km)
    bar = km * proj.px_per_km
    taken: list[Box] = [i["box"] for i in items] + [c["box"] for c in cities] + [
        (i["mid"][0] - i["r"], i["mid"][1] - i["r"], i["mid"][0] + i["r"], i["mid"][1] + i["r"]) for i in items] + [
        (frame[0], frame[3] - 56, frame[0] + bar + 190, frame[3]), (frame[2] - 40, frame[1], frame[2], 62),
        (frame[0], frame[3] - 18, frame[2], frame[3])] + [(frame[0], y - 14, frame[0] + 40, y) for y in grid_y]
    line_pts = [p for i in items for p in G.spaced(i["pts"])]

    def free(box: Box) -> bool:
        padded = (box[0] - 3, box[1] - 3, box[2] + 3, box[3] + 3)
        if any(_overlaps(padded, o) for o in taken) or G.near(padded, line_pts):
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
    for number, item in enumerate(items, 1):
        s, pts, lead, covered = item["sector"], item["pts"], item["lead"], item["covered"]
        colour = colours.get(lead, GREY) if (covered and lead) else GREY
        dash = ' stroke-dasharray="10 5"' if s.kind == "border" else ""
        if not covered:
            dash = ' stroke-dasharray="2 5"'
        path = " ".join(f"{_t(x)},{_t(y)}" for x, y in pts)
        lines_svg.append(f'<polyline class="sector" data-sector="{escape(s.id)}" points="{path}" fill="none" '
                         f'stroke="{colour}" stroke-width="{6 if s.kind == "line" else 4.5}" stroke-linecap="round" '
                         f'stroke-linejoin="round"{dash}><title>{escape(s.name)}: '
                         f'{"lead " + lead if lead else "no lead nation"}</title></polyline>')
        mx, my = item["mid"]
        here = troops.get(s.id, {})
        if item["total"]:
            markers.append(f'<circle class="force" cx="{_t(mx)}" cy="{_t(my)}" r="{_t(item["r"])}" fill="{colour}" '
                           f'stroke="#ffffff" stroke-width="2"><title>{escape(s.name)}: '
                           + escape(", ".join(f"{c} {L.num(v)}" for c, v in here.items())) + "</title></circle>")
            markers.append(f'<text x="{_t(mx)}" y="{_t(my + 4)}" font-size="11" font-weight="bold" '
                           f'fill="#ffffff" text-anchor="middle">{number}</text>')
        else:
            markers.append(f'<circle cx="{_t(mx)}" cy="{_t(my)}" r="9" fill="#ffffff" stroke="{colour}" '
                           f'stroke-width="2"/>')
            markers.append(f'<text x="{_t(mx)}" y="{_t(my + 4)}" font-size="11" font-weight="bold" '
                           f'fill="{INK}" text-anchor="middle">{number}</text>')
        lx, ly, anchor, lines = item["label"]
        (first, _), (second, _) = lines
        texts.append(f'<text x="{_t(lx)}" y="{_t(ly)}" text-anchor="{anchor}" font-size="12" fill="{INK}" '
                     f'font-weight="bold" paint-order="stroke" stroke="#f6f8fa" stroke-width="4" '
                     f'stroke-linejoin="round">{escape(first)}'
                     f'<tspan x="{_t(lx)}" dy="14" font-size="11" font-weight="normal">{escape(second)}</tspan></text>')
    out.extend(lines_svg + markers + texts)

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
    out.extend(legend_svg)
    notes = ["Schematic; coordinates approximate (see the theatre file, coords_source). Sector lines as drawn there; "
             "cities for orientation only."]
    if geo:
        notes.append("Countries and coasts: Natural Earth 1:50m, public domain (world-atlas 2.0.2)"
                     + ("; Crimea shown within Ukraine's internationally recognised borders."
                        if "UA" in G.drawn(proj, frame) else "."))
    if occupied:
        notes.append(f"Occupied areas approximate: {G.outlines()['occupied']['short']}.")
    notes.append(f'Source: theatre file "{theatre.name}" (sector coordinates); allocation (sector leads, combat '
                 f'battalions per sector).')
    for n, note in enumerate(notes):
        out.append(f'<text x="10" y="{height + 22 + 15 * n:.0f}" font-size="11" fill="{MUTED}">{escape(note)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _legend(plan, sectors, troops, colours, legend_nations, geo: bool) -> tuple[list[str], float]:
    """The legend's markup and the y it ends at."""
    role = plan.scenario.role
    lx0 = MAP_W + 8
    y = 24
    leg = [f'<g class="legend" font-size="12" fill="{INK}">',
           f'<text x="{lx0}" y="{y}" font-weight="bold" font-size="13">Sector lead nation</text>']
    y += 6
    for code in legend_nations:
        y += 20
        leg.append(f'<line x1="{lx0}" y1="{y - 4}" x2="{lx0 + 30}" y2="{y - 4}" stroke="{colours.get(code, GREY)}" '
                   f'stroke-width="6" stroke-linecap="round"/>')
        for n, part in enumerate(_wrap(f"{code} {plan.nations.name(code)}", 34)):
            y += 15 if n else 0
            leg.append(f'<text x="{lx0 + 40}" y="{y}">{escape(part)}</text>')
    y += 20
    leg.append(f'<line x1="{lx0}" y1="{y - 4}" x2="{lx0 + 30}" y2="{y - 4}" stroke="{GREY}" stroke-width="6" '
               f'stroke-linecap="round"/><text x="{lx0 + 40}" y="{y}">no lead / not covered</text>')
    y += 28
    leg.append(f'<text x="{lx0}" y="{y}" font-weight="bold" font-size="13">Line style</text>')
    for text, dash, width in (("line of contact", "", 6), ("border", ' stroke-dasharray="10 5"', 4.5),
                              ("not covered by this role", ' stroke-dasharray="2 5"', 4.5)):
        y += 20
        leg.append(f'<line x1="{lx0}" y1="{y - 4}" x2="{lx0 + 30}" y2="{y - 4}" stroke="{INK}" '
                   f'stroke-width="{width}"{dash}/><text x="{lx0 + 40}" y="{y}">{text}</text>')
    if geo:
        y += 28
        block, y = G.legend(lx0, y, plan.theatre)
        leg.extend(block)
    y += 28
    leg.append(f'<text x="{lx0}" y="{y}" font-weight="bold" font-size="13">Sectors and combat troops</text>')
    y += 24
    leg.append(f'<circle cx="{lx0 + 11}" cy="{y - 4}" r="11" fill="{MUTED}" stroke="#fff" stroke-width="2"/>'
               f'<text x="{lx0 + 11}" y="{y}" text-anchor="middle" fill="#fff" font-size="11" font-weight="bold">1</text>'
               f'<text x="{lx0 + 30}" y="{y - 6}" font-size="11">sector number; marker area grows with</text>'
               f'<text x="{lx0 + 30}" y="{y + 8}" font-size="11">the coalition\'s combat troops there</text>')
    y += 34
    for number, s in enumerate(sectors, 1):
        here = troops.get(s.id, {})
        who = ", ".join(f"{c} {L.num(v)}" for c, v in here.items()) or ("none" if s.covers(role) else "not covered")
        for n, part in enumerate(_wrap(s.name, 40)):
            y += 14 if n else 0
            leg.append(f'<text x="{lx0 + (13 if n else 0)}" y="{y}" font-size="11.5">'
                       + (f'<tspan font-weight="bold">{number}</tspan> ' if not n else "") + f"{escape(part)}</text>")
        for part in _wrap(f"{L.num(s.length_km)} km · {who}", 44):
            y += 14
            leg.append(f'<text x="{lx0 + 13}" y="{y}" font-size="10.5" fill="{MUTED}">{escape(part)}</text>')
        y += 20
    theatre_troops = sum(a.troops for a in plan.allocation.assignment if a.sector == "theatre" and a.units)
    if theatre_troops:
        y += 4
        leg.append(f'<text x="{lx0}" y="{y}" font-size="11">Not on the map: {L.num(theatre_troops)} theatre-wide troops</text>'
                   f'<text x="{lx0}" y="{y + 14}" font-size="11">(headquarters, enablers, air policing, ships)</text>')
        y += 14
    leg.append("</g>")
    return leg, y


def _wrap(text: str, chars: int) -> list[str]:
    """Lines of at most about `chars` characters, broken at spaces (a longer word keeps its own line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _empty(theatre) -> str:
    text = f"The theatre file “{theatre.name}” gives no sector coordinates: no map can be drawn."
    return (f'<svg class="map" data-chart="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} 60" width="100%" '
            f'role="img" aria-label="{escape(text)}" font-family="{FONT}"><title>{escape(text)}</title>'
            f'<text x="10" y="34" font-size="14" fill="{MUTED}">{escape(text)}</text></svg>')
