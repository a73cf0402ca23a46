"""A schematic SVG map of the theatre: the theatre file's sectors and hubs on Natural Earth's countries.

The sector polylines (the theatre file's coordinates) are drawn coloured by the nation leading each
sector, with the coalition's combat troops per sector as sized circles, and the hubs where the
coalition's troops stand (the plan's posture) as squares sized by those troops, over the countries, the
sea and the approximate occupied areas (`map_geo`, from data/map/outlines.json), with a graticule, a
scale bar and a few cities for orientation (those a drawn hub does not already name). The legend says
where all the coalition's deployed troops stand, those off the map included. Projection
(`map_geo.Projection`): equirectangular with its standard parallel at the theatre's mean latitude;
distances are true north-south everywhere and east-west at that parallel, which over Ukraine's 8 degrees
of latitude keeps the scale bar within about 7% across the map.
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


def _duplicate(name: str, lat: float, lon: float, hubs) -> bool:  # a drawn hub names the city, or is within ~20 km
    return any(h.name.split(" (")[0] == name or (abs(h.coords[1] - lat) < 0.2 and abs(h.coords[0] - lon) < 0.3)
               for h, _ in hubs)


def _layout(plan, sectors, hubs, proj: Projection, frame: Box, keep_inside: bool) -> tuple[list, list, list]:
    """Where each sector's line, marker and label go, each hub's marker and name, and each city's name.
    Hub names go first, at the first place round their marker that crosses nothing and stays inside the
    frame; then the cities'. A sector label tries the side away from the theatre's centre first, then the
    other side, then further out, and takes the first place that crosses no sector line, marker, city or
    other label (and, when asked, stays inside the frame)."""
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

    spans = [(min(x for x, _ in p) - 4, min(y for _, y in p) - 4, max(x for x, _ in p) + 4, max(y for _, y in p) + 4)
             for p in all_pts]

    def free(box: Box) -> bool:
        return (not any(_overlaps(box, o) for o in obstacles)
                and not any(_overlaps(box, span) and _hits_line(box, pts) for span, pts in zip(spans, all_pts)))

    def inside(box: Box) -> bool:
        return frame[0] + 4 <= box[0] and box[2] <= frame[2] - 4 and frame[1] + 4 <= box[1]

    def place(x: float, y: float, half: float, variants, gaps=(6.0, 14.0)) -> tuple[tuple, Box, list, bool]:
        """A point's name: the first option round it (in the first way of setting it that has one) that is
        free and inside the frame, else the one that overlaps the fewest things."""
        boxes = [(o, _text_box(*o, lines), lines) for lines in variants for o in G.point_options(x, y, half, lines, gaps)]
        within = [b for b in boxes if inside(b[1])] or boxes
        pick = next((b for b in within if free(b[1])), None)
        least = min(within, key=lambda b: sum(_overlaps(b[1], o) for o in obstacles)) if pick is None else pick
        obstacles.append(least[1])
        return (*least, pick is not None)

    # markers first (hubs' squares, cities' dots), then names: hubs', cities', the sectors' labels
    hub_items = [{"hub": h, "troops": n, "at": (x, y), "side": d, "mark": (x - d / 2, y - d / 2, x + d / 2, y + d / 2)}
                 for h, n in hubs for (x, y), d in [(proj(h.coords[1], h.coords[0]), G.hub_side(n))]]
    cities = [{"name": name, "dot": proj(lat, lon)} for name, lat, lon in CITIES if not _duplicate(name, lat, lon, hubs)]
    obstacles += [(m[0] - 1, m[1] - 1, m[2] + 1, m[3] + 1) for m in (h["mark"] for h in hub_items)]
    obstacles += [(x - 3, y - 3, x + 3, y + 3) for x, y in (c["dot"] for c in cities)]
    order, kept, best = hub_items, len(obstacles), None
    for _ in range(4):  # names that found no free place go first next time; the round with fewest such wins
        del obstacles[kept:]
        placed = [(h, place(*h["at"], h["side"] / 2, [[(t, 10.5) for t in lines]
                                                     for lines in G.name_lines(h["hub"].name.split(" (")[0])]))
                  for h in order]
        failed = [h for h, (*_, ok) in placed if not ok]
        best = (failed, placed) if best is None or len(failed) < len(best[0]) else best
        if not failed:
            break
        order = failed + [h for h in order if h not in failed]
    del obstacles[kept:]
    for h, ((lx, ly, anchor), box, lines, _) in best[1]:
        h.update(label=(lx, ly, anchor, lines), box=box)
        obstacles.append(box)
    for c in cities:
        c["text"], c["box"], *_ = place(*c["dot"], 1.0, [[(c["name"], 10.5)]], gaps=(4.0,))

    for item in items:
        (mx, my), (dx, dy), r = item["mid"], item["dir"], item["r"]
        nx, ny = -dy, dx
        if (mx - centre[0]) * nx + (my - centre[1]) * ny < 0:
            nx, ny = -nx, -ny
        lines = _label_lines(item["sector"], item["total"], item["lead"], item["covered"])
        options = []
        for sign in (1, -1):
            for extra in (0, 14, 30, 50):
                ux, uy = sign * nx, sign * ny
                lx, ly = mx + ux * (r + 8 + extra), my + uy * (r + 8 + extra)
                anchor = "start" if ux > 0.35 else ("end" if ux < -0.35 else "middle")
                ly += 12 if uy > 0.35 else (-14 if uy < -0.35 else 4)
                options.append((lx, ly, anchor, _text_box(lx, ly, anchor, lines)))
        best = next((o for o in options if free(o[3]) and (inside(o[3]) or not keep_inside)), options[0])
        item.update(label=(*best[:3], lines), box=best[3])
        obstacles.append(best[3])
    return items, cities, hub_items


def render_map(plan) -> str:
    """The theatre map as an inline <svg> element."""
    theatre = plan.theatre
    colours = nation_colours(plan)
    troops = manoeuvre_by_sector(plan)
    sectors = [s for s in theatre.sectors if s.coords]
    if not sectors:
        return _empty(theatre)
    hubs = G.hub_troops(plan)
    host_lats, host_lons = G.extent(theatre.host)
    lats = [c[0] for s in sectors for c in s.coords] + [c[1] for c in CITIES] + [h.coords[1] for h, _ in hubs] + host_lats
    lons = [c[1] for s in sectors for c in s.coords] + [c[2] for c in CITIES] + [h.coords[0] for h, _ in hubs] + host_lons
    frame = FRAME
    inner = (frame[0] + PAD, frame[1] + PAD, frame[2] - PAD, frame[3] - PAD - 20)
    # two passes: place labels, see how far they spill out of the frame, shrink the map by that much
    proj = Projection(lats, lons, inner)
    items, _, _ = _layout(plan, sectors, hubs, proj, frame, keep_inside=False)
    spill = (max(0.0, frame[0] + 8 - min(i["box"][0] for i in items)),
             max(0.0, frame[1] + 8 - min(i["box"][1] for i in items)),
             max(0.0, max(i["box"][2] for i in items) - (frame[2] - 8)))
    inner = (inner[0] + spill[0], inner[1] + spill[1], inner[2] - spill[2], inner[3])
    proj = Projection(lats, lons, inner)
    items, cities, hub_items = _layout(plan, sectors, hubs, proj, frame, keep_inside=True)
    # labels that found room inside may leave the reserve unused: give it back to the map if all still fit
    used = max([x for i in items for x, _ in i["pts"]] + [i["box"][2] for i in items + hub_items]
               + [c["box"][2] for c in cities])
    slack = frame[2] - 8 - used
    if slack > 20:
        wider = (inner[0], inner[1], inner[2] + slack * 0.9, inner[3])
        proj2 = Projection(lats, lons, wider)
        items2, cities2, hubs2 = _layout(plan, sectors, hubs, proj2, frame, keep_inside=True)
        if all(frame[0] + 4 <= i["box"][0] and i["box"][2] <= frame[2] - 4 for i in items2 + hubs2):
            proj, items, cities, hub_items = proj2, items2, cities2, hubs2
    # cut the frame to the content (and to the legend's height), so no empty band is left below
    bottom = max([y for i in items for _, y in i["pts"]] + [i["box"][3] for i in items + hub_items]
                 + [c["box"][3] for c in cities] + [proj(lat, lons[0])[1] for lat in host_lats])
    leads = plan.allocation.sector_leads
    legend_nations = list(dict.fromkeys(leads[s.id] for s in sectors if s.id in leads and s.covers(plan.scenario.role)))
    geo = G.covers(lats, lons)  # the outlines reach round the theatre: draw them
    legend_svg, legend_end = _legend(plan, sectors, troops, colours, legend_nations, geo, hubs)
    frame_bottom = max(bottom + 62, legend_end + 10)
    if geo:  # no lower than the outlines reach; a longer legend runs on below the frame
        frame_bottom = min(frame_bottom, max(bottom + 62, G.floor(proj)))
    height = max(frame_bottom, legend_end + 10)
    frame = (frame[0], frame[1], frame[2], frame_bottom)
    occupied = geo and G.shows_occupied(theatre)
    h_total = height + 16 + 15 * (2 + geo + occupied)

    out: list[str] = []
    title = f"Map of the theatre: {theatre.title or theatre.name}" + (", its sectors and hubs" if hubs else "")
    desc = (f"{theatre.title or theatre.name}: the {len(sectors)} sectors of the theatre file drawn "
            + ("on the countries of the region (Natural Earth 1:50m), " if geo else "")
            + "coloured by the nation leading each, with a marker sized by the "
            "coalition's combat troops in each sector"
            + (f"; the {len(hubs)} hubs where the coalition's troops stand ("
               + ", ".join(dict.fromkeys(str(h.kind).replace("_", " ") for h, _ in hubs))
               + ") as squares sized by those troops" if hubs else "; no hub holds coalition troops")
            + ("; the occupied areas hatched (approximate, the line of contact closed with the country's outline)"
               if occupied else "") + "; cities for orientation, a scale bar and a graticule; the legend sums "
            "where the coalition's deployed troops stand, those not on the map included.")
    out.append(f'<svg class="map" data-chart="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {h_total:.0f}" '
               f'width="100%" style="max-width:{W}px;height:auto" role="img" aria-label="{escape(title)}" '
               f'font-family="{FONT}">')
    out.append(f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>")
    out.append(f'<rect x="0" y="0" width="{W}" height="{h_total:.0f}" fill="#ffffff"/>')
    out.extend(G.layer(proj, frame, theatre) if geo else [
        f'<rect x="{frame[0]}" y="{frame[1]}" width="{frame[2] - frame[0]}" height="{frame[3] - frame[1]}" '
        f'fill="#f6f8fa" stroke="#d5dbe1"/>'])

    grid, grid_y = G.graticule(proj, frame, MUTED)
    out.extend(grid)

    # names of neighbours and seas where they cross no sector line, marker, label, city or the map's furniture
    km = _nice_km(150 / proj.px_per_km)
    bar = km * proj.px_per_km
    taken: list[Box] = [i["box"] for i in items + hub_items] + [c["box"] for c in cities] + [
        (i["mid"][0] - i["r"], i["mid"][1] - i["r"], i["mid"][0] + i["r"], i["mid"][1] + i["r"]) for i in items] + [
        h["mark"] for h in hub_items] + [
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
    hub_svg = ['<g class="hubs">'] + [G.hub_marker(h["hub"], h["troops"], *h["at"], h["side"]) for h in hub_items]
    texts += [G.hub_label(h["hub"], *h["label"]) for h in hub_items]
    out.extend(lines_svg + hub_svg + ["</g>"] + markers + texts)

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
    notes.append(f'Source: theatre file "{theatre.name}" (sector{" and hub" if hubs else ""} coordinates); '
                 f'allocation (sector leads, combat battalions per sector); posture (where the troops stand).')
    for n, note in enumerate(notes):
        out.append(f'<text x="10" y="{height + 22 + 15 * n:.0f}" font-size="11" fill="{MUTED}">{escape(note)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _legend(plan, sectors, troops, colours, legend_nations, geo: bool, hubs) -> tuple[list[str], float]:
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
    for n, block in enumerate(([G.hub_legend] if hubs else []) + [G.stand_legend]):
        part, y = block(lx0, y + (8 if n == 0 else 28), plan)
        leg.extend(part)
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
