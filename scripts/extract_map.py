"""Extract the country outlines the report's map draws (run by hand, never at run time).

    python scripts/extract_map.py [--tolerance 0.01] [--topojson PATH]

Fetches the npm package world-atlas 2.0.2 (Natural Earth 4.1.0 admin-0 countries as TopoJSON; the data
public domain, the packaging ISC) with `npm pack` into a temporary directory, decodes
`countries-50m.json` in pure Python (quantized, delta-encoded arcs), keeps the countries that meet a
box around Ukraine, simplifies the shared arcs (Douglas-Peucker, so neighbours keep one common border),
clips the polygons to the box, rounds to 3 decimals and writes
src/peaceforce/data/map/outlines.json. It also derives an approximate polygon of the occupied areas of
Ukraine from the theatre file's line of contact closed with Ukraine's outline (see `occupied`).

`--topojson PATH` reads an already downloaded countries-50m.json instead of calling npm.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from peaceforce import safe_yaml  # noqa: E402

PACKAGE, VERSION = "world-atlas", "2.0.2"
SOURCE_FILE = "countries-50m.json"
OUT = ROOT / "src" / "peaceforce" / "data" / "map" / "outlines.json"
THEATRE = ROOT / "src" / "peaceforce" / "data" / "theatres" / "ukraine.yaml"
#: lon_min, lat_min, lon_max, lat_max: Ukraine and its neighbours with room to spare, so that a map frame
#: widened or lengthened by its labels and legend still finds land under it (the renderer stops there)
BOX = (16.0, 40.0, 48.0, 57.0)
LINE_ORDER = ("south_dnipro", "zaporizhzhia", "donetsk", "luhansk_kharkiv")
CRIMEA = {"lat_max": 46.3, "lon_min": 32.4, "lon_max": 36.7}
#: small Ukrainian polygons off the occupied coast (the Tendra spit), south-east of the estuary end
OFFSHORE = {"lat_max": 46.4, "lon_min": 31.4}
CRIMEA_NOTE = ("Natural Earth 4.1.0 draws Crimea inside Russia (its de facto boundaries); here its polygon is "
               "moved to Ukraine, the internationally recognised border (UN General Assembly resolution 68/262, "
               "27 March 2014), and marked as occupied")
#: ISO 3166-1 alpha-2 for the countries the box can hold (world-atlas gives the numeric code only);
#: Kosovo has no ISO code (world-atlas gives it no id; XK is the code the EU and others use)
ALPHA2 = {
    "804": "UA", "643": "RU", "112": "BY", "616": "PL", "703": "SK", "348": "HU", "642": "RO", "498": "MD",
    "100": "BG", "792": "TR", "268": "GE", "440": "LT", "428": "LV", "233": "EE", "688": "RS", "191": "HR",
    "070": "BA", "499": "ME", "008": "AL", "807": "MK", "300": "GR", "203": "CZ", "040": "AT", "705": "SI",
    "051": "AM", "031": "AZ", "752": "SE", "208": "DK", "276": "DE", "380": "IT", "398": "KZ", "364": "IR",
    None: "XK",
}


# ---------------------------------------------------------------------------------------- fetching
def fetch(tmp: Path) -> Path:
    """`npm pack world-atlas@2.0.2` into tmp and untar it; the path of countries-50m.json."""
    subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"], cwd=tmp, check=True,
                   stdout=subprocess.DEVNULL)
    tgz = tmp / f"{PACKAGE}-{VERSION}.tgz"
    with tarfile.open(tgz) as tar:
        member = tar.getmember(f"package/{SOURCE_FILE}")
        tar.extract(member, tmp, filter="data")
    return tmp / "package" / SOURCE_FILE


# ---------------------------------------------------------------------------------------- TopoJSON
def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Every arc as absolute [lon, lat] points: undo the delta encoding, then the quantization."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """A ring from arc indices (~i is arc i reversed); each arc after the first drops its shared first
    point."""
    out: list[tuple[float, float]] = []
    for i in indices:
        pts = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(pts if not out else pts[1:])
    return out


def polygons(geometry: dict, arcs) -> list[list[list[tuple[float, float]]]]:
    if geometry["type"] == "Polygon":
        return [[ring(r, arcs) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[ring(r, arcs) for r in poly] for poly in geometry["arcs"]]
    return []


# ---------------------------------------------------------------------------------------- geometry
def simplify(pts: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas-Peucker (iterative), the end points kept; distances in degrees with longitude scaled
    by cos(49 N) so the tolerance means about the same on the ground both ways."""
    if len(pts) < 3:
        return list(pts)
    k = math.cos(math.radians(49.0))
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = pts[a], pts[b]
        ax, bx = ax * k, bx * k
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        worst, at = -1.0, -1
        for i in range(a + 1, b):
            px, py = pts[i][0] * k, pts[i][1]
            d = abs(dy * (px - ax) - dx * (py - ay)) / norm if norm else math.hypot(px - ax, py - ay)
            if d > worst:
                worst, at = d, i
        if worst > tol:
            keep[at] = True
            stack += [(a, at), (at, b)]
    return [p for p, k_ in zip(pts, keep) if k_]


def clip(ring_: list[tuple[float, float]], box=BOX) -> list[tuple[float, float]]:
    """Sutherland-Hodgman against the box. A polygon that leaves the box and comes back stays one ring
    joined along the box's edge (zero-width there), which fills correctly."""
    x0, y0, x1, y1 = box
    edges = ((lambda p: p[0] >= x0, lambda a, b: _at_x(a, b, x0)), (lambda p: p[0] <= x1, lambda a, b: _at_x(a, b, x1)),
             (lambda p: p[1] >= y0, lambda a, b: _at_y(a, b, y0)), (lambda p: p[1] <= y1, lambda a, b: _at_y(a, b, y1)))
    pts = ring_[:-1] if ring_ and ring_[0] == ring_[-1] else list(ring_)
    for inside, cut in edges:
        if not pts:
            break
        out = []
        prev = pts[-1]
        for cur in pts:
            if inside(cur):
                if not inside(prev):
                    out.append(cut(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cut(prev, cur))
            prev = cur
        pts = out
    return pts


def _at_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _at_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def rounded(pts: list[tuple[float, float]]) -> list[list[float]]:
    """Round to 3 decimals (about 100 m), drop repeats, close the ring; [] when fewer than 3 corners
    are left or the ring has no area."""
    out: list[list[float]] = []
    for x, y in pts:
        p = [round(x, 3), round(y, 3)]
        if not out or p != out[-1]:
            out.append(p)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    if len(out) < 3 or abs(area(out)) < 1e-4:
        return []
    return out + [out[0]]


def area(pts) -> float:
    """Signed area in square degrees (shoelace)."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(pts, list(pts[1:]) + [pts[0]])) / 2


def bbox(pts) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)


def in_crimea(poly) -> bool:
    x0, _, x1, y1 = bbox(poly[0])
    return y1 <= CRIMEA["lat_max"] and x0 >= CRIMEA["lon_min"] and x1 <= CRIMEA["lon_max"]


def offshore(poly) -> bool:
    x0, _, _, y1 = bbox(poly[0])
    return in_crimea(poly) or (y1 <= OFFSHORE["lat_max"] and x0 >= OFFSHORE["lon_min"])


def meets(b, box=BOX) -> bool:
    return b[0] <= box[2] and box[0] <= b[2] and b[1] <= box[3] and box[1] <= b[3]


# ---------------------------------------------------------------------------------------- occupied
def nearest_on_ring(pt: tuple[float, float], ring_: list[tuple[float, float]]) -> tuple[int, tuple[float, float]]:
    """(i, q): q is the point of segment ring[i]-ring[i+1] nearest to pt (lon scaled by cos 49 N)."""
    k = math.cos(math.radians(49.0))
    best = (math.inf, 0, ring_[0])
    for i, (a, b) in enumerate(zip(ring_, ring_[1:])):
        ax, ay, bx, by, px, py = a[0] * k, a[1], b[0] * k, b[1], pt[0] * k, pt[1]
        dx, dy = bx - ax, by - ay
        t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
        d = math.hypot(ax + t * dx - px, ay + t * dy - py)
        if d < best[0]:
            best = (d, i, (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])))
    return best[1], best[2]


def eastern_path(ring_: list[tuple[float, float]], start: tuple[float, float], end: tuple[float, float]):
    """The part of the closed ring from the point nearest `start` to the point nearest `end` that runs
    through the ring's easternmost vertex (of the two ways round, the eastern one)."""
    pts = ring_[:-1] if ring_[0] == ring_[-1] else list(ring_)
    closed = pts + [pts[0]]
    i, qs = nearest_on_ring(start, closed)
    j, qe = nearest_on_ring(end, closed)
    n = len(pts)
    east = max(range(n), key=lambda v: pts[v][0])

    def walk(step: int) -> tuple[list, bool]:
        # forward: vertices i+1 .. j ; backward: vertices i .. j+1
        path, seen_east = [qs], False
        v = (i + 1) % n if step == 1 else i
        stop = j if step == 1 else (j + 1) % n
        for _ in range(n + 1):
            path.append(pts[v])
            seen_east |= v == east
            if v == stop:
                break
            v = (v + step) % n
        return path + [qe], seen_east

    fwd, fwd_east = walk(1)
    if fwd_east:
        return fwd
    back, back_east = walk(-1)
    if not back_east:
        raise SystemExit("neither way round Ukraine's outline passes its easternmost point")
    return back


def occupied(ukraine: list[list[list[tuple[float, float]]]]) -> dict:
    """The occupied areas: the line of contact (estuary -> Vovchansk), then Ukraine's outline from the
    Vovchansk end east and south along the border and the coast back to the estuary end; and every
    other Ukraine polygon in the Crimean peninsula or off the occupied coast (the Tendra spit)."""
    theatre = safe_yaml.load(THEATRE.read_text(encoding="utf-8"))
    by_id = {s["id"]: s for s in theatre["sectors"]}
    for sid in LINE_ORDER:
        if by_id[sid]["kind"] != "line":
            raise SystemExit(f"{sid} is no longer a line sector in {THEATRE.name}")
    line: list[tuple[float, float]] = []
    for sid in LINE_ORDER:
        for lat, lon in by_id[sid]["coords"]:
            if not line or line[-1] != (lon, lat):
                line.append((lon, lat))
    main = max(ukraine, key=lambda poly: abs(area(poly[0])))
    closing = eastern_path(main[0], line[-1], line[0])
    polys = [[rounded(line + closing[1:-1])]]
    for poly in ukraine:
        if poly is not main and offshore(poly):
            polys.append([rounded(r) for r in poly if rounded(r)])
    return {
        "theatre": "ukraine",
        "name": "Occupied areas of Ukraine (approximate)",
        "source": ("approximate: the theatre file's line of contact, itself traced from public front-line maps "
                   "(DeepState, ISW) late 2025, closed with Natural Earth's outline of Ukraine"),
        "short": "the theatre file's line of contact (late 2025) closed with Natural Earth's outline of Ukraine",
        "method": (f"line-of-contact coords of the sectors {', '.join(LINE_ORDER)} in "
                   "src/peaceforce/data/theatres/ukraine.yaml (Dnipro-Bug estuary to the Russian border near "
                   "Vovchansk), closed along Ukraine's simplified outline the eastern way round (the Russian "
                   "border, the Sea of Azov coast, the Perekop isthmus, the Black Sea coast to the estuary); the "
                   f"Crimean peninsula (Ukraine polygons south of {CRIMEA['lat_max']} N between "
                   f"{CRIMEA['lon_min']} and {CRIMEA['lon_max']} E, Crimea moved to Ukraine: see the Ukraine "
                   f"entry's note) and the Tendra spit (south of {OFFSHORE['lat_max']} N, east of "
                   f"{OFFSHORE['lon_min']} E) added"),
        "polygons": polys,
    }


# ---------------------------------------------------------------------------------------- main
def build(topo: dict, tol: float) -> dict:
    arcs = [simplify(a, tol) for a in decode_arcs(topo)]
    geometries = {g.get("id"): polygons(g, arcs) for g in topo["objects"]["countries"]["geometries"]}
    crimea = [p for p in geometries["643"] if in_crimea(p)]
    if len(crimea) != 1:
        raise SystemExit(f"expected one Crimea polygon inside Russia, found {len(crimea)}")
    geometries["643"] = [p for p in geometries["643"] if p is not crimea[0]]
    geometries["804"] = geometries["804"] + crimea
    countries = []
    ukraine = None
    for g in topo["objects"]["countries"]["geometries"]:
        polys = geometries[g.get("id")] if g.get("id") in ("643", "804") else polygons(g, arcs)
        if not polys or not any(meets(bbox(p[0])) for p in polys):
            continue
        kept = []
        for poly in polys:
            if not meets(bbox(poly[0])):
                continue
            rings = [rounded(clip(r)) for r in poly]
            if rings[0]:
                kept.append([rings[0]] + [r for r in rings[1:] if r])
        if not kept:
            continue
        gid = g.get("id")
        if gid == "804":
            ukraine = polys
        if gid not in ALPHA2:
            raise SystemExit(f"no ISO alpha-2 code for {g['properties']['name']} ({gid}): add it to ALPHA2")
        entry = {"id": gid, "iso_a2": ALPHA2[gid], "name": g["properties"]["name"]}
        if gid in ("804", "643"):
            entry["note"] = CRIMEA_NOTE
        countries.append(entry | {"polygons": kept})
    countries.sort(key=lambda c: c["name"])
    if ukraine is None:
        raise SystemExit("Ukraine (804) not found in the TopoJSON")
    return {
        "source": {
            "package": PACKAGE, "version": VERSION, "file": SOURCE_FILE,
            "data": "Natural Earth 4.1.0, Admin 0 - Countries, 1:50m (medium scale)", "scale": "1:50m",
            "url": f"https://www.npmjs.com/package/{PACKAGE}/v/{VERSION}",
            "tarball": f"https://registry.npmjs.org/{PACKAGE}/-/{PACKAGE}-{VERSION}.tgz",
        },
        "licence": {
            "data": "Natural Earth: public domain (https://www.naturalearthdata.com/about/terms-of-use/)",
            "packaging": ("world-atlas: ISC licence, Copyright 2013-2019 Michael Bostock "
                          "(see src/peaceforce/data/map/SOURCES.md for the notice)"),
        },
        "command": f"python scripts/extract_map.py --tolerance {tol:g}",
        "processing": (f"TopoJSON arcs decoded, each arc simplified (Douglas-Peucker, {tol:g} degree of latitude; "
                       "longitude scaled by cos 49 N), countries meeting the box kept, polygons clipped to the box "
                       "(Sutherland-Hodgman), coordinates rounded to 3 decimals"),
        "box": {"lon_min": BOX[0], "lat_min": BOX[1], "lon_max": BOX[2], "lat_max": BOX[3]},
        "coordinates": "[lon, lat], WGS 84 degrees; rings closed (first point = last); first ring of a polygon "
                       "its outline, any further rings its holes",
        "countries": countries,
        "occupied": occupied(ukraine),
    }


def dump(doc: dict) -> str:
    """Compact JSON with one polygon ring per line, so diffs stay readable."""
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    return text.replace('"countries":[', '"countries":[\n').replace('},{"id"', '},\n{"id"') \
               .replace('"occupied":', '\n"occupied":') + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tolerance", type=float, default=0.01, help="Douglas-Peucker tolerance, degrees (0.01)")
    ap.add_argument("--topojson", type=Path, help="an already downloaded countries-50m.json")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.topojson or fetch(Path(tmp))
        topo = json.loads(Path(path).read_text(encoding="utf-8"))
    doc = build(topo, args.tolerance)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(dump(doc), encoding="utf-8")
    names = ", ".join(c["name"] for c in doc["countries"])
    print(f"wrote {OUT.relative_to(ROOT)}: {OUT.stat().st_size / 1024:.0f} KB, {len(doc['countries'])} countries "
          f"({names}); occupied: {sum(len(r) for p in doc['occupied']['polygons'] for r in p)} points")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
