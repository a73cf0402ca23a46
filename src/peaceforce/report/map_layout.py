"""Where the map's markers and names go: each sector's marker and label, each hub's square and name,
and the cities named for orientation, so that no name covers a line, a marker or another name.

A sector label carries its sector's number and stands next to its own marker: it tries the places
round the marker nearest first (the side away from the theatre's centre first), and keeps only a
place whose nearest marker is its own, so a label never reads as another sector's; a label pushed
away from its marker gets a leader line. Text extents are estimated (DejaVu Sans is about 0.6 em a
character), the same estimate the tests use.
"""

from __future__ import annotations

import math
from itertools import combinations

from .labels import nation_short, num
from .map_force import hub_side, radius
from .map_geo import Box, Projection, midpoint, overlaps

#: cities for orientation only: approximate positions (lat, lon), rounded to 0.05 degree; not plan figures
CITIES = (
    ("Kyiv", 50.45, 30.52), ("Kharkiv", 49.99, 36.23), ("Dnipro", 48.46, 35.05), ("Odesa", 46.48, 30.73),
    ("Lviv", 49.84, 24.03), ("Zaporizhzhia", 47.84, 35.14),
)
#: how far past its marker's edge a sector label may stand; beyond the first it gets a leader line
LABEL_GAPS = (6.0, 16.0, 30.0, 48.0)


def text_box(x: float, y: float, anchor: str, lines: list[tuple[str, float]]) -> Box:
    """Rough extent of a text block whose first baseline is at y (about 0.6 em per character)."""
    width = max(len(t) * size * 0.6 for t, size in lines)
    left = x if anchor == "start" else (x - width if anchor == "end" else x - width / 2)
    height = sum(size + 2 for _, size in lines)
    return (left, y - lines[0][1], left + width, y - lines[0][1] + height)


def hits_line(box: Box, pts: list[tuple[float, float]], pad: float = 3.0) -> bool:
    left, top, right, bottom = box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad
    for (x1, y1), (x2, y2) in zip(pts, pts[1:]):
        n = max(2, int(math.dist((x1, y1), (x2, y2)) / 3))
        for i in range(n + 1):
            x, y = x1 + (x2 - x1) * i / n, y1 + (y2 - y1) * i / n
            if left <= x <= right and top <= y <= bottom:
                return True
    return False


def name_lines(name: str, longest: int = 16) -> list[list[str]]:
    """Ways to set a name, first choice first: on one line if short, else on two, then three, broken at
    the spaces that even the lines out best."""
    words = name.split()
    if len(name) <= longest or len(words) < 2:
        return [[name]]
    out = []
    for n in (2, 3)[:len(words) - 1]:
        splits = [[" ".join(words[a:b]) for a, b in zip((0, *cuts), (*cuts, len(words)))]
                  for cuts in combinations(range(1, len(words)), n - 1)]
        out.append(min(splits, key=lambda lines: max(map(len, lines))))
    return out


def point_options(x: float, y: float, half: float, lines: list[tuple[str, float]],
                  gaps: tuple[float, ...] = (6.0, 14.0)) -> list[tuple[float, float, str]]:
    """Where a point's name may go (x, first baseline, anchor), first choice first: right of its marker,
    left, above, below, then the corners, then the same further out."""
    size = lines[0][1]
    tall = len(lines) * (size + 2)
    out = []
    for gap in gaps:
        mid, above, below = y - tall / 2 + size, y - half - gap - tall + size, y + half + gap + size
        out += [(x + half + gap, mid, "start"), (x - half - gap, mid, "end"), (x, above, "middle"),
                (x, below, "middle"), (x + half, above, "start"), (x - half, above, "end"),
                (x + half, below, "start"), (x - half, below, "end")]
    return out


def sector_options(mx: float, my: float, r: float, away: tuple[float, float],
                   lines: list[tuple[str, float]]) -> list[tuple[float, float, str, float]]:
    """Places for a sector label round its marker (x, first baseline, anchor, gap past the marker's
    edge): nearest first, and at each distance the direction `away` first, then turning from it by 30
    degrees either way. The text block touches the point on the circle of that radius with its edge."""
    tall = sum(size + 2 for _, size in lines)
    base = math.atan2(away[1], away[0])
    out = []
    for gap in LABEL_GAPS:
        for k in (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6):
            ux, uy = math.cos(base + k * math.pi / 6), math.sin(base + k * math.pi / 6)
            px, py = mx + ux * (r + gap), my + uy * (r + gap)
            anchor = "start" if ux > 0.38 else ("end" if ux < -0.38 else "middle")
            top = py if uy > 0.38 else (py - tall if uy < -0.38 else py - tall / 2)
            out.append((px, top + lines[0][1], anchor, gap))
    return out


def _label_lines(number: int, s, place, lead: str | None, covered: bool) -> list[tuple[str, float]]:
    name = s.name if len(s.name) <= 24 else s.name.split(" (")[0]
    if not covered:
        second = "not covered"
    elif not place or not place.required:
        second = "no troops"
    elif place.gap and place.filled:
        second = f"{num(place.filled)} of {num(place.required)} troops"
    elif place.gap:
        second = f"none of {num(place.required)} troops"
    else:
        second = f"{num(place.filled)} troops"
    lines = [(f"{number} {name}", 12.0), (second, 11.0)]
    if lead and covered and place and place.filled:  # on a line of its own: a long lead would widen the label
        lines.append((f"lead {nation_short(lead)}", 11.0))
    return lines


def _duplicate(name: str, lat: float, lon: float, hubs) -> bool:  # a drawn hub names the city, or is within ~20 km
    return any(h.name.split(" (")[0] == name or (abs(h.coords[1] - lat) < 0.2 and abs(h.coords[0] - lon) < 0.3)
               for h, _ in hubs)


def _marker_box(x: float, y: float, r: float) -> Box:
    return (x - r, y - r, x + r, y + r)


def _box_gap(a: Box, b: Box) -> float:
    """Distance between two boxes (0 when they touch or overlap)."""
    dx = max(b[0] - a[2], 0.0, a[0] - b[2])
    dy = max(b[1] - a[3], 0.0, a[1] - b[3])
    return math.hypot(dx, dy)


def _own(box: Box, mark: Box, others) -> bool:
    """A name's box is nearer its own marker than any other (a name never reads as a neighbour's)."""
    return all(_box_gap(box, mark) < _box_gap(box, o) for o in others)


def _hub_variants(h) -> list[list[tuple[str, float]]]:
    return [[(t, 10.5) for t in lines] for lines in name_lines(h["hub"].name.split(" (")[0])]


def _repair(h, hub_items, obstacles: list, kept: int, inside, free, place_name) -> bool:
    """A hub name left without a free place of its own: take a place of its own that only other hub names
    stand on, and set those names again elsewhere; kept only if each of them finds a place of its own."""
    x, y = h["at"]
    half = h["side"] / 2
    mark = (x - half, y - half, x + half, y + half)
    others = [o["mark"] for o in hub_items if o is not h]
    labelled = [g for g in hub_items if "box" in g]
    for lines in _hub_variants(h):
        for o in point_options(x, y, half, lines):
            box = text_box(*o, lines)
            if not inside(box) or not _own(box, mark, others):
                continue
            rivals = [g for g in labelled if g is not h and overlaps(box, g["box"])]
            saved = list(obstacles)
            obstacles[kept:] = [g["box"] for g in labelled if g is not h and g not in rivals]
            if not free(box):
                obstacles[:] = saved
                continue
            obstacles.append(box)
            moved = [(g, place_name(*g["at"], g["side"] / 2, _hub_variants(g),
                                    others=[m["mark"] for m in hub_items if m is not g])) for g in rivals]
            if all(state == 2 for _, (*_, state) in moved):
                h.update(label=(*o, lines), box=box)
                for g, ((gx, gy, ga), gbox, glines, _) in moved:
                    g.update(label=(gx, gy, ga, glines), box=gbox)
                return True
            obstacles[:] = saved
    return False


def _gap_to(box: Box, x: float, y: float) -> float:
    """Distance from a point to a box (0 inside it)."""
    dx = max(box[0] - x, 0.0, x - box[2])
    dy = max(box[1] - y, 0.0, y - box[3])
    return math.hypot(dx, dy)


def layout(plan, sectors, hubs, at: dict, proj: Projection, frame: Box, keep_inside: bool) -> tuple[list, list, list]:
    """Where each sector's line, marker and label go, each hub's marker and name, and each city's name.
    Hub names go first, at the first place round their marker that crosses nothing and stays inside the
    frame; then the cities'; then the sector labels (see the module's docstring). `at` is
    `map_force.places(plan)`."""
    role = plan.scenario.role
    leads = plan.allocation.sector_leads
    all_pts = [[proj(lat, lon) for lat, lon in s.coords] for s in sectors]
    xs = [x for pts in all_pts for x, _ in pts]
    ys = [y for pts in all_pts for _, y in pts]
    centre = (sum(xs) / len(xs), sum(ys) / len(ys))
    items = []
    for number, (s, pts) in enumerate(zip(sectors, all_pts), 1):
        (mx, my), (dx, dy) = midpoint(pts)
        place = at.get(s.id)
        r = radius(place.required) if place and place.required else 9.0
        r_filled = radius(place.filled) if place and place.filled else 0.0
        items.append({"sector": s, "number": number, "pts": pts, "mid": (mx, my), "dir": (dx, dy), "r": r,
                      "r_filled": r_filled, "place": place, "lead": leads.get(s.id), "covered": s.covers(role)})
    markers = [_marker_box(*i["mid"], i["r"]) for i in items]
    obstacles: list[Box] = list(markers)

    spans = [(min(x for x, _ in p) - 4, min(y for _, y in p) - 4, max(x for x, _ in p) + 4, max(y for _, y in p) + 4)
             for p in all_pts]

    def free(box: Box) -> bool:
        return (not any(overlaps(box, o) for o in obstacles)
                and not any(overlaps(box, span) and hits_line(box, pts) for span, pts in zip(spans, all_pts)))

    def inside(box: Box) -> bool:
        return frame[0] + 4 <= box[0] and box[2] <= frame[2] - 4 and frame[1] + 4 <= box[1]

    def place_name(x: float, y: float, half: float, variants, gaps=(6.0, 14.0), others=()) -> tuple[tuple, Box, list, int]:
        """A point's name: the first option round it (in the first way of setting it that has one) that is
        free and inside the frame and nearer its own marker than any of `others` (the other hubs' squares,
        so a name never reads as a neighbour's), else the first free one, else the one that overlaps the
        fewest things; the last item says which: 2, 1 or 0 (the hubs' rounds put those below 2 first next
        time)."""
        boxes = [(o, text_box(*o, lines), lines) for lines in variants for o in point_options(x, y, half, lines, gaps)]
        within = [b for b in boxes if inside(b[1])] or boxes
        mark = (x - half, y - half, x + half, y + half)
        own = lambda box: _own(box, mark, others)  # noqa: E731
        best = next((b for b in within if free(b[1]) and own(b[1])), None)
        pick = best or next((b for b in within if free(b[1])), None)
        least = min(within, key=lambda b: sum(overlaps(b[1], o) for o in obstacles)) if pick is None else pick
        obstacles.append(least[1])
        return (*least, 2 if best is not None else (1 if pick is not None else 0))

    # markers first (hubs' squares, cities' dots), then names: hubs', cities', the sectors' labels
    hub_items = []
    for h, place in hubs:
        (x, y), d = proj(h.coords[1], h.coords[0]), hub_side(place.required)
        hub_items.append({"hub": h, "place": place, "at": (x, y), "side": d,
                          "mark": (x - d / 2, y - d / 2, x + d / 2, y + d / 2)})
    cities = [{"name": name, "dot": proj(lat, lon)} for name, lat, lon in CITIES if not _duplicate(name, lat, lon, hubs)]
    obstacles += [(m[0] - 1, m[1] - 1, m[2] + 1, m[3] + 1) for m in (h["mark"] for h in hub_items)]
    obstacles += [(x - 3, y - 3, x + 3, y + 3) for x, y in (c["dot"] for c in cities)]
    order, kept, best = hub_items, len(obstacles), None
    for _ in range(4):  # names without a free place of their own go first next time; the round with fewest
        # names on nothing free wins, then the one with fewest names nearer another hub's square
        del obstacles[kept:]
        placed = [(h, place_name(*h["at"], h["side"] / 2, [[(t, 10.5) for t in lines]
                                                          for lines in name_lines(h["hub"].name.split(" (")[0])],
                                 others=[o["mark"] for o in hub_items if o is not h]))
                  for h in order]
        failed = [h for h, (*_, ok) in placed if ok < 2]
        score = (sum(x[-1] == 0 for _, x in placed), len(failed))
        best = (score, placed) if best is None or score < best[0] else best
        if not failed:
            break
        order = failed + [h for h in order if h not in failed]
    del obstacles[kept:]
    for h, ((lx, ly, anchor), box, lines, _) in best[1]:
        h.update(label=(lx, ly, anchor, lines), box=box)
        obstacles.append(box)
    for h, (*_, ok) in best[1]:
        if ok < 2:
            _repair(h, hub_items, obstacles, kept, inside, free, place_name)
    for c in cities:
        c["text"], c["box"], *_ = place_name(*c["dot"], 1.0, [[(c["name"], 10.5)]], gaps=(4.0,))

    for n, item in enumerate(items):
        (mx, my), (dx, dy), r = item["mid"], item["dir"], item["r"]
        nx, ny = -dy, dx
        if (mx - centre[0]) * nx + (my - centre[1]) * ny < 0:
            nx, ny = -nx, -ny
        lines = _label_lines(item["number"], item["sector"], item["place"], item["lead"], item["covered"])
        options = [(x, y, a, gap, text_box(x, y, a, lines)) for x, y, a, gap in sector_options(mx, my, r, (nx, ny), lines)]
        within = [o for o in options if inside(o[4]) or not keep_inside] or options

        def own(o) -> bool:  # the label's nearest marker is its own
            d = [_gap_to(o[4], *i["mid"]) - i["r"] for i in items]
            return min(range(len(d)), key=d.__getitem__) == n

        def crossed(o) -> int:  # how many things the label would cover
            return sum(overlaps(o[4], b) for b in obstacles) + any(
                overlaps(o[4], span) and hits_line(o[4], pts) for span, pts in zip(spans, all_pts))

        # a label read as another sector's is worse than one that covers something: its own marker first
        mine = [o for o in within if own(o)]
        best_option = (next((o for o in mine if free(o[4])), None)
                       or (min(mine, key=crossed) if mine else None)
                       or next((o for o in within if free(o[4])), None)
                       or min(within, key=crossed))
        x, y, anchor, gap, box = best_option
        item.update(label=(x, y, anchor, lines), box=box, leader=gap > LABEL_GAPS[0])
        obstacles.append(box)
    return items, cities, hub_items
