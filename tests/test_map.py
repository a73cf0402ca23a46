"""The report's map: the extracted outlines (data/map/outlines.json), the script that makes them, and
the map and legend SVGs drawn from them for the default plan (what it draws of the plan's force is in
test_map_force.py)."""

from __future__ import annotations

import importlib.util
import json
import re
import xml.etree.ElementTree as ET

import pytest

import peaceforce
from peaceforce.catalog import data_path
from peaceforce.report import map_geo, map_legend
from peaceforce.report.map import render_map

from conftest import DEFAULT, ROOT

SVG = "{http://www.w3.org/2000/svg}"
NEIGHBOURS = {"RU": "Russia", "BY": "Belarus", "PL": "Poland", "SK": "Slovakia", "HU": "Hungary",
              "RO": "Romania", "MD": "Moldova"}
#: (lat, lon) of a few places, to test the outlines' geometry
KYIV, KHARKIV, ODESA, ZAPORIZHZHIA = (50.45, 30.52), (49.99, 36.23), (46.48, 30.73), (47.84, 35.14)
DONETSK, MARIUPOL, SIMFEROPOL, MELITOPOL = (48.00, 37.80), (47.10, 37.55), (44.95, 34.10), (46.84, 35.37)
MINSK, WARSAW, CHISINAU, BUCHAREST = (53.90, 27.56), (52.23, 21.01), (47.01, 28.86), (44.43, 26.10)


def inside(lat: float, lon: float, polygons) -> bool:
    """Even-odd point in polygon over every ring of every polygon ([lon, lat] rings)."""
    hit = False
    for poly in polygons:
        for ring in poly:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
                if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                    hit = not hit
    return hit


@pytest.fixture(scope="module")
def outlines():
    return json.loads(data_path("map", "outlines.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def countries(outlines):
    return {c["iso_a2"]: c for c in outlines["countries"]}


@pytest.fixture(scope="module")
def plan():
    return peaceforce.plan(DEFAULT, runs=20)


def parse(fragment: str) -> tuple[ET.Element, ET.Element, ET.Element]:
    """render_map's fragment (the map's box, the legend, the caption) as one tree, the map and the legend."""
    root = ET.fromstring(f"<figure>{fragment}</figure>")
    svgs = {e.get("class"): e for e in root.iter(f"{SVG}svg")}
    return root, svgs["map"], svgs["map-legend"]


@pytest.fixture(scope="module")
def svg(plan):
    return render_map(plan)


@pytest.fixture(scope="module")
def parts(svg):
    return parse(svg)


@pytest.fixture(scope="module")
def tree(parts):
    return parts[1]


@pytest.fixture(scope="module")
def legend(parts):
    return parts[2]


@pytest.fixture(scope="module")
def extract():
    spec = importlib.util.spec_from_file_location("extract_map", ROOT / "scripts" / "extract_map.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------------------------ the data file
def test_outlines_name_their_source_and_licence(outlines):
    src = outlines["source"]
    assert (src["package"], src["version"], src["scale"]) == ("world-atlas", "2.0.2", "1:50m")
    assert src["url"] == "https://www.npmjs.com/package/world-atlas/v/2.0.2"
    assert "Natural Earth" in src["data"]
    assert "public domain" in outlines["licence"]["data"].lower()
    assert "ISC" in outlines["licence"]["packaging"]
    assert outlines["command"].startswith("python scripts/extract_map.py")
    sources_md = data_path("map", "SOURCES.md").read_text(encoding="utf-8")
    for needed in ("world-atlas", "2.0.2", "public domain", "ISC", "Copyright 2013-2019 Michael Bostock",
                   "scripts/extract_map.py"):
        assert needed in sources_md, needed


def test_ukraine_and_its_neighbours_are_there(countries):
    for code, name in {"UA": "Ukraine", **NEIGHBOURS, "BG": "Bulgaria", "TR": "Turkey", "GE": "Georgia",
                       "LT": "Lithuania", "LV": "Latvia"}.items():
        assert code in countries, code
        assert countries[code]["name"] == name
        assert countries[code]["polygons"], code
    assert countries["UA"]["id"] == "804" and countries["RU"]["id"] == "643"
    ids = [c["id"] for c in countries.values() if c["id"] is not None]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"\d{3}", i) for i in ids)


def test_rings_are_closed_rounded_and_inside_the_box(outlines):
    box = outlines["box"]
    rings = [r for c in outlines["countries"] for poly in c["polygons"] for r in poly]
    rings += [r for poly in outlines["occupied"]["polygons"] for r in poly]
    assert len(rings) > 20
    for ring in rings:
        assert len(ring) >= 4 and ring[0] == ring[-1]
        for lon, lat in ring:
            assert box["lon_min"] <= lon <= box["lon_max"] and box["lat_min"] <= lat <= box["lat_max"]
            assert round(lon, 3) == lon and round(lat, 3) == lat


def test_the_outlines_put_places_in_the_right_country(countries):
    """A check of the decoding (arc order, reversal, transform) and of the geometry, not just the keys."""
    ua, ru = countries["UA"]["polygons"], countries["RU"]["polygons"]
    for place in (KYIV, KHARKIV, ODESA, DONETSK, SIMFEROPOL):
        assert inside(*place, ua), place
    assert not inside(*SIMFEROPOL, ru), "Crimea is drawn within Ukraine's recognised borders"
    assert "68/262" in countries["UA"]["note"] and "68/262" in countries["RU"]["note"]
    assert inside(*MINSK, countries["BY"]["polygons"])
    assert inside(*WARSAW, countries["PL"]["polygons"])
    assert inside(*CHISINAU, countries["MD"]["polygons"])
    assert inside(*BUCHAREST, countries["RO"]["polygons"])
    assert not inside(*CHISINAU, ua) and not inside(*KYIV, countries["BY"]["polygons"])
    assert not inside(45.0, 31.5, ua) and not inside(45.0, 31.5, ru), "the Black Sea is sea"
    assert not inside(46.0, 36.8, ua) and not inside(46.0, 36.8, ru), "the Sea of Azov is sea"


def test_occupied_areas_follow_the_line_of_contact(outlines):
    occ = outlines["occupied"]
    assert occ["theatre"] == "ukraine"
    assert "approximate" in occ["source"] and "DeepState" in occ["source"] and "Natural Earth" in occ["source"]
    polys = occ["polygons"]
    for place in (DONETSK, MARIUPOL, MELITOPOL, SIMFEROPOL):
        assert inside(*place, polys), place
    for place in (KYIV, KHARKIV, ODESA, ZAPORIZHZHIA):
        assert not inside(*place, polys), place


# ------------------------------------------------------------------------------------ the script
def test_topojson_arcs_are_decoded_with_their_direction(extract):
    topo = {"transform": {"scale": [0.5, 0.25], "translate": [10, 40]},
            "arcs": [[[0, 0], [2, 0], [0, 4]], [[2, 4], [-2, 0], [0, -4]]]}
    arcs = extract.decode_arcs(topo)
    assert arcs[0] == [(10.0, 40.0), (11.0, 40.0), (11.0, 41.0)]
    assert arcs[1] == [(11.0, 41.0), (10.0, 41.0), (10.0, 40.0)]
    ring = extract.ring([0, 1], arcs)
    assert ring[0] == ring[-1] and len(ring) == 5          # the shared point is not repeated
    assert extract.ring([~1, ~0], arcs) == ring[::-1]       # ~i: arc i reversed


def test_simplify_and_clip(extract):
    wiggle = [(x / 10, 0.001 * (-1) ** x) for x in range(11)] + [(1.0, 1.0)]
    assert extract.simplify(wiggle, 0.01) == [(0.0, 0.001), (1.0, 0.001), (1.0, 1.0)]
    assert len(extract.simplify(wiggle, 0.0001)) == len(wiggle)
    x0, y0 = extract.BOX[:2]  # a square over the box's south-west corner keeps its inside quarter
    square = [(x0 - 2, y0 - 2), (x0 + 2, y0 - 2), (x0 + 2, y0 + 2), (x0 - 2, y0 + 2), (x0 - 2, y0 - 2)]
    clipped = extract.rounded(extract.clip(square))
    xs, ys = [p[0] for p in clipped], [p[1] for p in clipped]
    assert (min(xs), max(xs), min(ys), max(ys)) == (x0, x0 + 2, y0, y0 + 2)
    assert extract.rounded(extract.clip([(0, 0), (1, 0), (1, 1), (0, 0)])) == []  # outside the box


def test_eastern_path_goes_round_the_east(extract):
    square = [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0), (0.0, 0.0)]
    path = extract.eastern_path(square, (1.0, 2.1), (1.0, -0.1))
    assert path[0] == (1.0, 2.0) and path[-1] == (1.0, 0.0)
    assert (2.0, 2.0) in path and (2.0, 0.0) in path and (0.0, 0.0) not in path
    back = extract.eastern_path(square, (1.0, -0.1), (1.0, 2.1))
    assert (2.0, 0.0) in back and (0.0, 2.0) not in back


# ------------------------------------------------------------------------------------ the SVG
def test_map_svg_is_valid_and_accessible(parts, tree, legend):
    root, _, _ = parts
    assert [c.tag for c in root] == ["div", "figcaption"]  # the map's row (map and legend), then the notes
    title, desc = tree.find(f"{SVG}title"), tree.find(f"{SVG}desc")
    assert title is not None and "Map of the theatre" in title.text
    assert desc is not None and "occupied areas hatched" in desc.text and "Natural Earth" in desc.text
    assert tree.get("data-chart") == "map" and legend.get("data-chart") == "map-legend"
    assert legend.find(f"{SVG}title").text == "Legend of the map" and legend.get("role") == "img"
    # each SVG defines what it refers to, so one copied out of the page keeps its fills
    for svg in (tree, legend):
        ids = {e.get("id") for e in svg.iter() if e.get("id")}
        for ref in re.findall(r"url\(#([^)]+)\)", ET.tostring(svg, encoding="unicode")):
            assert ref in ids, ref


def test_map_draws_countries_sea_and_their_names(tree):
    drawn = {p.get("data-country") for p in tree.iter(f"{SVG}path") if p.get("data-country")}
    assert {"UA", *NEIGHBOURS} <= drawn
    sea = tree.find(f".//{SVG}rect[@class='sea']")
    assert sea is not None and sea.get("fill") == map_geo.SEA
    names = tree.find(f".//{SVG}g[@class='names']")
    placed = {t.text: t for t in names.iter(f"{SVG}text")}
    for name in [*NEIGHBOURS.values(), "Black Sea", "Sea of Azov"]:
        assert name in placed, name
    for name in ("Black Sea", "Sea of Azov"):
        assert placed[name].get("font-style") == "italic"
    # every name inside the map's frame (the sea rectangle)
    left, top = float(sea.get("x")), float(sea.get("y"))
    right, bottom = left + float(sea.get("width")), top + float(sea.get("height"))
    for t in placed.values():
        assert left < float(t.get("x")) < right and top < float(t.get("y")) < bottom, t.text
    host = next(p for p in tree.iter(f"{SVG}path") if p.get("data-country") == "UA")
    assert host.get("fill") == map_geo.HOST != map_geo.LAND


def test_map_hatches_the_occupied_areas_with_a_legend_entry(tree, legend):
    pattern = tree.find(f".//{SVG}pattern[@id='map-occupied']")
    assert pattern is not None
    occupied = tree.find(f".//{SVG}path[@class='occupied']")
    assert occupied is not None and occupied.get("fill") == "url(#map-occupied)"
    assert len(re.findall(r"[ML]-?\d", occupied.get("d"))) > 100
    swatch = legend.find(f".//{SVG}rect[@class='legend-occupied']")
    assert swatch is not None and swatch.get("fill") == "url(#map-legend-occupied)"
    assert "occupied areas (approximate)" in ET.tostring(legend, encoding="unicode")


def test_map_keeps_sectors_markers_scale_and_notes(parts, tree, svg, plan):
    root, _, legend = parts
    for s in [s for s in plan.theatre.sectors if s.coords]:
        assert f'data-sector="{s.id}"' in svg
    assert tree.find(f".//{SVG}g[@class='scale-bar']") is not None
    assert legend.find(f".//{SVG}g[@class='legend']") is not None
    caption = root.find("figcaption").text
    assert "Schematic; coordinates approximate" in caption and "Natural Earth 1:50m" in caption
    assert "Crimea shown within Ukraine's internationally recognised borders" in caption
    # the map copied out alone still names its sources, in one line within its width
    source = [t for t in tree.iter(f"{SVG}text") if (t.text or "").startswith("Schematic.")]
    assert len(source) == 1 and "Natural Earth" in source[0].text and "theatre file" in source[0].text
    assert len(source[0].text) * 10 * 0.6 < float(tree.get("viewBox").split()[2])


def test_no_legend_entry_is_cut(legend, svg):
    """Nothing truncated with an ellipsis, and no legend line runs past the legend's right edge (text at
    about 0.6 em a character, the same estimate the layout uses)."""
    assert "…" not in svg and "..." not in svg
    width = float(legend.get("viewBox").split()[2])
    assert width == map_legend.W
    group = legend.find(f".//{SVG}g[@class='legend']")
    size0 = float(group.get("font-size"))
    for t in group.iter(f"{SVG}text"):
        text = "".join(t.itertext())
        size = float(t.get("font-size", size0))
        assert float(t.get("x")) + len(text) * size * 0.6 <= width, text
    assert "Northern border with Russia" in svg and "Chernihiv" in svg  # the long sector name, whole


def test_outlines_are_read_once_and_drawn_the_same(svg, plan):
    map_geo.outlines.cache_clear()
    assert render_map(plan) == svg
    assert render_map(plan) == svg
    assert map_geo.outlines.cache_info().misses == 1


def test_map_modules_stay_small():
    """The map was split by topic; each part stays under the project's 400 lines."""
    folder = ROOT / "src" / "peaceforce" / "report"
    parts = sorted(folder.glob("map*.py"))
    assert {p.name for p in parts} >= {"map.py", "map_geo.py", "map_layout.py", "map_legend.py", "map_force.py"}
    for p in parts:
        assert len(p.read_text(encoding="utf-8").splitlines()) < 400, p.name
