"""The map's geography: its projection, country outlines, the sea, the occupied areas and their names.

The outlines are Natural Earth 1:50m (via the npm package world-atlas 2.0.2), clipped to a box around
Ukraine and simplified by scripts/extract_map.py into data/map/outlines.json (see data/map/SOURCES.md);
that file also holds an approximate polygon of the occupied areas of Ukraine. This module only reads
it (once per process) and draws it in the map's projection: the frame's background is the sea, land
is grey, the host country white, the occupied areas hatched. Names go where they cross nothing the map
draws on top (sector lines, markers, labels); a name with no free place is left out.

It also holds the map's two hatchings: the occupied areas' and the gaps' (troops required but not
filled), drawn apart: a single red-brown hatch on pink against a red cross-hatch on white in a dashed
ring.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from html import escape

from ..catalog import data_path

SEA = "#d5e5f2"
LAND = "#e4e6e9"
HOST = "#ffffff"
BORDER = "#aab4be"
HOST_BORDER = "#6f7b87"
HATCH = "#b0574f"
HATCH_BG = "#f6e9e7"
NAME = "#7a8591"
SEA_NAME = "#4f7fa8"
HUB_INK = "#1d2733"
GAP = "#c62828"  # style.GAP: the report's colour for what is not filled
#: hub markers' fill by kind; any other kind takes "other"
HUB_FILL = {"other": "#3a4653", "port": "#3d7fbf", "nuclear_plant": "#f2c230"}
HUB_KINDS = {"other": "capital, airbase, logistics, training", "port": "port", "nuclear_plant": "nuclear plant"}

Box = tuple[float, float, float, float]  # left, top, right, bottom
KM_PER_DEG = 111.2  # mean length of a degree of latitude

#: where each neighbour's name may go (lat, lon), first choice first; a name is drawn only inside the frame
NAME_PLACES = {
    "RU": ((51.45, 39.4), (52.6, 37.8), (47.6, 39.9), (51.0, 40.3)),
    "BY": ((52.75, 27.6), (52.75, 29.6), (52.75, 25.6), (52.75, 24.6), (52.6, 30.6), (52.75, 30.9),
           (52.75, 24.3)),
    "PL": ((51.2, 22.45), (50.6, 22.45), (51.9, 22.6), (52.4, 22.8)),
    "SK": ((48.85, 21.75), (49.0, 21.6)),
    "HU": ((47.95, 21.65), (47.7, 21.5)),
    "RO": ((46.4, 24.4), (45.8, 25.2), (47.3, 24.6), (46.6, 26.0)),
    "MD": ((47.15, 28.45), (47.45, 28.3), (46.8, 28.7)),
    "BG": ((43.55, 25.4), (43.7, 26.6), (43.4, 27.0)),
    "RS": ((44.0, 21.2), (43.6, 21.5)),
    "TR": ((40.9, 33.5), (40.7, 36.5), (41.0, 30.5)),
    "GE": ((42.2, 43.2), (42.0, 42.6)),
}
#: neighbours that show only a corner of themselves: a smaller name
SMALL = {"SK", "HU", "MD"}
#: the seas' names (lat, lon), first choice first
SEA_PLACES = (
    ("Black Sea", ((44.7, 31.3), (44.3, 30.6), (43.8, 33.3), (44.0, 31.8))),
    ("Sea of Azov", ((46.05, 36.85), (45.8, 36.2), (46.35, 37.6), (45.65, 35.9), (46.5, 37.45), (45.62, 36.95))),
)


class Projection:
    """lat/lon -> SVG x/y inside a box (left, top, right, bottom), equal scale in both axes at the
    standard parallel."""

    def __init__(self, lats: list[float], lons: list[float], box: tuple[float, float, float, float]):
        left, top, right, bottom = box
        self.lat0 = (min(lats) + max(lats)) / 2
        self.k = math.cos(math.radians(self.lat0))
        lon_min, lon_max = min(lons), max(lons)
        lat_min, lat_max = min(lats), max(lats)
        span_x = (lon_max - lon_min) * self.k or 1.0
        span_y = (lat_max - lat_min) or 1.0
        width, height = right - left, bottom - top
        self.scale = min(width / span_x, height / span_y)  # px per degree of latitude
        self.x0 = left + (width - span_x * self.scale) / 2 - lon_min * self.k * self.scale
        self.y0 = top + lat_max * self.scale  # top-aligned: the frame is cut to the content below
        self.bounds = (lat_min, lat_max, lon_min, lon_max)

    def __call__(self, lat: float, lon: float) -> tuple[float, float]:
        return self.x0 + lon * self.k * self.scale, self.y0 - lat * self.scale

    @property
    def px_per_km(self) -> float:
        return self.scale / KM_PER_DEG


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def midpoint(points: list[tuple[float, float]]) -> tuple[tuple[float, float], tuple[float, float]]:
    """The point halfway along a polyline (in projected units) and the unit direction there."""
    if len(points) == 1:
        return points[0], (1.0, 0.0)
    seg = [math.dist(a, b) for a, b in zip(points, points[1:])]
    half = sum(seg) / 2
    for (a, b), d in zip(zip(points, points[1:]), seg):
        if half <= d and d > 0:
            t = half / d
            return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])), ((b[0] - a[0]) / d, (b[1] - a[1]) / d)
        half -= d
    a, b = points[-2], points[-1]
    d = math.dist(a, b) or 1.0
    return b, ((b[0] - a[0]) / d, (b[1] - a[1]) / d)


def nice_km(max_km: float) -> int:
    for step in (500, 300, 200, 100, 50, 20, 10):
        if step <= max_km:
            return step
    return 5


@lru_cache(maxsize=1)
def outlines() -> dict:
    """data/map/outlines.json, read once."""
    return json.loads(data_path("map", "outlines.json").read_text(encoding="utf-8"))


def country(iso_a2: str) -> dict | None:
    return next((c for c in outlines()["countries"] if c["iso_a2"] == iso_a2), None) if iso_a2 else None


def extent(iso_a2: str, margin: float = 0.5) -> tuple[list[float], list[float]]:
    """The host country's outline as corner latitudes and longitudes, `margin` degrees wider (room for
    the neighbours' names), so the map frames the whole country, Crimea and the coast included; empty
    when the country is not in the file."""
    c = country(iso_a2)
    if not c:
        return [], []
    pts = [p for poly in c["polygons"] for p in poly[0]]
    lons, lats = [p[0] for p in pts], [p[1] for p in pts]
    return [min(lats) - margin, max(lats) + margin], [min(lons) - margin, max(lons) + margin]


def covers(lats: list[float], lons: list[float]) -> bool:
    """Whether the outlines' box holds every point the map must show (else the map draws no land)."""
    box = outlines()["box"]
    return (box["lat_min"] <= min(lats) and max(lats) <= box["lat_max"]
            and box["lon_min"] <= min(lons) and max(lons) <= box["lon_max"])


def floor(proj) -> float:
    """The y of the outlines' southern edge: the frame ends there at the latest."""
    return proj(outlines()["box"]["lat_min"], 0.0)[1]


def _ring_path(ring, x0: float, y0: float, kx: float, ky: float) -> str:
    return "M" + "L".join(f"{x0 + lon * kx:.1f},{y0 - lat * ky:.1f}" for lon, lat in ring[:-1]) + "Z"


@lru_cache(maxsize=16)
def _paths(x0: float, y0: float, kx: float, ky: float, frame: Box) -> tuple[tuple[tuple[str, str, str], ...], str]:
    """Every country meeting the frame as (iso_a2, name, path d), and the occupied areas' path d; cached
    per projection, so a report rendered twice draws its outlines once."""
    def visible(poly) -> bool:
        xs = [x0 + lon * kx for lon, _ in poly[0]]
        ys = [y0 - lat * ky for _, lat in poly[0]]
        return min(xs) < frame[2] and max(xs) > frame[0] and min(ys) < frame[3] and max(ys) > frame[1]

    countries = []
    for c in outlines()["countries"]:
        d = "".join(_ring_path(r, x0, y0, kx, ky) for poly in c["polygons"] if visible(poly) for r in poly)
        if d:
            countries.append((c["iso_a2"], c["name"], d))
    occupied = "".join(_ring_path(r, x0, y0, kx, ky) for poly in outlines()["occupied"]["polygons"] for r in poly)
    return tuple(countries), occupied


def drawn(proj, frame: Box) -> set[str]:
    """The countries (ISO alpha-2) the map shows."""
    return {code for code, _, _ in _paths(proj.x0, proj.y0, proj.k * proj.scale, proj.scale, frame)[0]}


def shows_occupied(theatre) -> bool:
    return outlines().get("occupied", {}).get("theatre") == theatre.name


def layer(proj, frame: Box, theatre) -> list[str]:
    """The sea (the frame's fill), the land and the occupied areas, clipped to the frame: drawn first,
    under the graticule, the sector lines and every label."""
    countries, occupied = _paths(proj.x0, proj.y0, proj.k * proj.scale, proj.scale, frame)
    w, h = frame[2] - frame[0], frame[3] - frame[1]
    out = ['<defs>'
           f'<clipPath id="map-frame"><rect x="{frame[0]}" y="{frame[1]}" width="{w}" height="{h:.1f}"/></clipPath>'
           f'{hatches("map")}</defs>',
           f'<rect class="sea" x="{frame[0]}" y="{frame[1]}" width="{w}" height="{h:.1f}" fill="{SEA}" stroke="#c3d3e0"/>',
           '<g class="land" clip-path="url(#map-frame)" stroke-linejoin="round">']
    host = theatre.host
    for code, name, d in countries:
        if code != host:
            out.append(f'<path data-country="{escape(code)}" d="{d}" fill="{LAND}" stroke="{BORDER}" '
                       f'stroke-width="0.8" fill-rule="evenodd"><title>{escape(name)}</title></path>')
    for code, name, d in countries:
        if code == host:
            out.append(f'<path data-country="{escape(code)}" d="{d}" fill="{HOST}" stroke="{HOST_BORDER}" '
                       f'stroke-width="1.2" fill-rule="evenodd"><title>{escape(name)}</title></path>')
    if occupied and shows_occupied(theatre):
        out.append(f'<path class="occupied" d="{occupied}" fill="url(#map-occupied)" stroke="{HATCH}" '
                   f'stroke-width="0.6" stroke-opacity="0.6" fill-rule="evenodd"><title>Occupied areas '
                   f'(approximate): {escape(outlines()["occupied"]["source"])}</title></path>')
    out.append("</g>")
    return out


def hatches(prefix: str) -> str:
    """The two hatch patterns, with ids `<prefix>-occupied` and `<prefix>-gap` (each SVG defines its
    own, so one copied out of the page keeps its fills)."""
    return (f'<pattern id="{prefix}-occupied" patternUnits="userSpaceOnUse" width="6" height="6" '
            f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{HATCH_BG}"/>'
            f'<line x1="0" y1="0" x2="0" y2="6" stroke="{HATCH}" stroke-width="1.6"/></pattern>'
            f'<pattern id="{prefix}-gap" patternUnits="userSpaceOnUse" width="5" height="5" '
            f'patternTransform="rotate(45)"><rect width="5" height="5" fill="#ffffff"/>'
            f'<path d="M0 0V5M0 0H5" stroke="{GAP}" stroke-width="1.1"/></pattern>')


def _box(x: float, y: float, text: str, size: float, spacing: float) -> Box:
    width = len(text) * (size * 0.6 + spacing)
    return (x - width / 2, y - size * 0.8, x + width / 2, y + size * 0.25)


def names(proj, frame: Box, theatre, free) -> list[str]:
    """Neighbours' and seas' names at the first listed place inside the frame that `free(box)` allows;
    the caller's `free` also learns of each name placed (it returns True and records the box)."""
    inner = (frame[0] + 4, frame[1] + 4, frame[2] - 4, frame[3] - 4)
    known = {c["iso_a2"]: c["name"] for c in outlines()["countries"]}
    wanted = [(known[code], places, *((11.0, 0.6) if code in SMALL else (12.5, 1.2)), NAME, "")
              for code, places in NAME_PLACES.items() if code in known and code != theatre.host]
    wanted += [(name, places, 12.0, 0.6, SEA_NAME, ' font-style="italic"') for name, places in SEA_PLACES]
    out = ['<g class="names" font-weight="normal">']
    for name, places, size, spacing, colour, style in wanted:
        for lat, lon in places:
            x, y = proj(lat, lon)
            box = _box(x, y, name, size, spacing)
            if inner[0] <= box[0] and box[2] <= inner[2] and inner[1] <= box[1] and box[3] <= inner[3] and free(box):
                out.append(f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" font-size="{size}" '
                           f'letter-spacing="{spacing}" fill="{colour}"{style}>{escape(name)}</text>')
                break
    out.append("</g>")
    return out


def graticule(proj, frame: Box, ink: str) -> tuple[list[str], list[float]]:
    """Lines every 2 degrees, clipped to the frame by hand, and the y of each labelled parallel."""
    lat_min, lat_max, lon_min, _ = proj.bounds
    out, grid_y = ['<g class="graticule" stroke="#9aa7b4" stroke-opacity="0.35" stroke-width="0.7">'], []
    for lat in range(math.floor(lat_min) - 2, math.ceil(lat_max) + 3):
        _, y = proj(lat, lon_min)
        if lat % 2 or not frame[1] + 14 < y < frame[3] - 24:
            continue
        if y > frame[3] - 60:  # keep the corner of the scale bar clear
            out.append(f'<line x1="{frame[0] + 200}" y1="{y:.1f}" x2="{frame[2]}" y2="{y:.1f}"/>')
            continue
        grid_y.append(y)
        out.append(f'<line x1="{frame[0]}" y1="{y:.1f}" x2="{frame[2]}" y2="{y:.1f}"/>')
        out.append(f'<text x="{frame[0] + 6}" y="{y - 3:.1f}" fill="{ink}" stroke="none" font-size="10">{lat}°N</text>')
    for lon in range(math.floor(proj.bounds[2]) - 4, math.ceil(proj.bounds[3]) + 5):
        x, _ = proj(lat_min, lon)
        if lon % 2 or not frame[0] + 10 < x < frame[2] - 30:
            continue
        out.append(f'<line x1="{x:.1f}" y1="{frame[1]}" x2="{x:.1f}" y2="{frame[3]}"/>')
        out.append(f'<text x="{x + 3:.1f}" y="{frame[3] - 5}" fill="{ink}" stroke="none" font-size="10">{lon}°E</text>')
    return out + ["</g>"], grid_y


def near(a: Box, pts: list[tuple[float, float]]) -> bool:
    return any(a[0] <= x <= a[2] and a[1] <= y <= a[3] for x, y in pts)


def spaced(pts: list[tuple[float, float]], step: float = 3.0) -> list[tuple[float, float]]:
    """Points every `step` units along a polyline, for cheap box-against-line tests."""
    out = []
    for (x1, y1), (x2, y2) in zip(pts, pts[1:]):
        n = max(1, int(math.dist((x1, y1), (x2, y2)) / step))
        out += [(x1 + (x2 - x1) * i / n, y1 + (y2 - y1) * i / n) for i in range(n)]
    return out + pts[-1:]
