"""The report's map: the extracted outlines (data/map/outlines.json), the script that makes them, and
the SVG drawn from them for the default plan."""

from __future__ import annotations

import importlib.util
import json
import re
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest

import peaceforce
from peaceforce.catalog import data_path
from peaceforce.posture import Position, Posture
from peaceforce.report import map_geo
from peaceforce.report.map import W, render_map

from conftest import DEFAULT, EXAMPLES, ROOT

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


@pytest.fixture(scope="module")
def svg(plan):
    return render_map(plan)


@pytest.fixture(scope="module")
def tree(svg):
    return ET.fromstring(svg)


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
def test_map_svg_is_valid_and_accessible(tree):
    assert tree.tag == f"{SVG}svg"
    title, desc = tree.find(f"{SVG}title"), tree.find(f"{SVG}desc")
    assert title is not None and "Map of the theatre" in title.text
    assert desc is not None and "occupied areas hatched" in desc.text and "Natural Earth" in desc.text


def test_map_draws_countries_sea_and_their_names(tree, svg):
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


def test_map_hatches_the_occupied_areas_with_a_legend_entry(tree, svg):
    pattern = tree.find(f".//{SVG}pattern[@id='map-occupied']")
    assert pattern is not None
    occupied = tree.find(f".//{SVG}path[@class='occupied']")
    assert occupied is not None and occupied.get("fill") == "url(#map-occupied)"
    assert len(re.findall(r"[ML]-?\d", occupied.get("d"))) > 100
    swatch = tree.find(f".//{SVG}rect[@class='legend-occupied']")
    assert swatch is not None and swatch.get("fill") == "url(#map-occupied)"
    assert "occupied areas (approximate)" in svg
    ids = {e.get("id") for e in tree.iter() if e.get("id")}
    for ref in re.findall(r"url\(#([^)]+)\)", svg):
        assert ref in ids, ref


def test_map_keeps_sectors_markers_scale_and_legend(tree, svg, plan):
    for s in [s for s in plan.theatre.sectors if s.coords]:
        assert f'data-sector="{s.id}"' in svg
    assert tree.find(f".//{SVG}g[@class='scale-bar']") is not None
    assert tree.find(f".//{SVG}g[@class='legend']") is not None
    assert "schematic; coordinates approximate" in svg.lower()


def test_no_legend_entry_is_cut(tree, svg):
    """Nothing truncated with an ellipsis, and no legend line runs past the SVG's right edge (text at
    about 0.6 em a character, the same estimate the layout uses)."""
    assert "…" not in svg and "..." not in svg
    legend = tree.find(f".//{SVG}g[@class='legend']")
    size0 = float(legend.get("font-size"))
    for t in legend.iter(f"{SVG}text"):
        text = "".join(t.itertext())
        size = float(t.get("font-size", size0))
        assert float(t.get("x")) + len(text) * size * 0.6 <= W, text
    assert "Northern border with Russia" in svg and "Chernihiv" in svg  # the long sector name, whole


def test_outlines_are_read_once_and_drawn_the_same(svg, plan):
    map_geo.outlines.cache_clear()
    assert render_map(plan) == svg
    assert render_map(plan) == svg
    assert map_geo.outlines.cache_info().misses == 1



# ------------------------------------------------------------------------------------ hubs and posture
def coalition_at_hubs(plan) -> dict[str, float]:
    """The posture's coalition troops per hub, summed here independently of the map's code."""
    out: dict[str, float] = {}
    for p in plan.posture.positions:
        if p.stands == "hub" and p.provider == "coalition" and p.troops > 0:
            out[p.place] = out.get(p.place, 0.0) + p.troops
    return out


def text_box(t, size0: float = 12.0) -> tuple[float, float, float, float]:
    """A <text>'s extent, estimated as the layout does (0.6 em a character, one line per tspan with dy)."""
    size = float(t.get("font-size", size0))
    lines = [t.text or ""] + [ts.text or "" for ts in t.iter(f"{SVG}tspan") if ts.get("dy")]
    width = max(len(line) for line in lines) * size * 0.6
    x, y = float(t.get("x")), float(t.get("y"))
    left = {"start": x, "end": x - width, "middle": x - width / 2}[t.get("text-anchor", "start")]
    return left, y - size, left + width, y - size + len(lines) * (size + 2)


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def legend_stands(tree) -> dict[str, int]:
    return {t.get("data-stand"): int(t.get("data-troops")) for t in tree.iter(f"{SVG}text")
            if t.get("class") == "legend-stand"}


@pytest.fixture(scope="module")
def observe_tree():
    p = peaceforce.plan(EXAMPLES / "ukraine-observe.yaml", runs=20)
    return p, ET.fromstring(render_map(p))


def test_every_hub_with_coalition_troops_has_a_square_sized_by_them(tree, plan):
    want = coalition_at_hubs(plan)
    assert len(want) >= 5 and {"kyiv", "odesa", "lviv"} <= set(want)  # the default plan guards hubs
    squares = {r.get("data-hub"): r for r in tree.iter(f"{SVG}rect") if r.get("class") == "hub"}
    assert set(squares) == set(want)
    for hub_id, troops in want.items():
        r = squares[hub_id]
        assert float(r.get("data-troops")) == pytest.approx(troops, abs=0.5)
        assert r.get("width") == r.get("height") and plan.theatre.hub(hub_id).name in r.find(f"{SVG}title").text
    # the marker's area grows with the troops there: more troops, a larger square
    for a in want:
        for b in want:
            if want[a] < want[b]:
                assert float(squares[a].get("width")) < float(squares[b].get("width")), (a, b)
    # each marker stands at its hub: the squares keep the hubs' relative positions (west is left, north up)
    kyiv, lviv, odesa = (squares[h] for h in ("kyiv", "lviv", "odesa"))
    assert float(lviv.get("x")) < float(odesa.get("x")) < float(kyiv.get("x")) + 30
    assert float(kyiv.get("y")) < float(odesa.get("y"))


def test_every_hub_is_named_where_no_other_label_or_marker_is(tree, plan):
    want = coalition_at_hubs(plan)
    labels = {t.get("data-hub"): t for t in tree.iter(f"{SVG}text") if t.get("class") == "hub-label"}
    assert set(labels) == set(want)
    for hub_id, t in labels.items():  # the short name, read whole (a long one drawn on two lines)
        assert " ".join("".join(t.itertext()).split()) == plan.theatre.hub(hub_id).name.split(" (")[0], hub_id
    # nothing the layout places overlaps: hub names and squares, sector markers and labels, cities
    boxes = [("hub-label " + k, text_box(t)) for k, t in labels.items()]
    boxes += [("hub " + r.get("data-hub"), (float(r.get("x")), float(r.get("y")), float(r.get("x")) + float(r.get("width")),
                                          float(r.get("y")) + float(r.get("height"))))
              for r in tree.iter(f"{SVG}rect") if r.get("class") == "hub"]
    cities = tree.find(f".//{SVG}g[@class='cities']")
    boxes += [("city " + t.text, text_box(t)) for t in cities.iter(f"{SVG}text")]
    boxes += [("city dot", (float(c.get("cx")) - 2.6, float(c.get("cy")) - 2.6, float(c.get("cx")) + 2.6,
                            float(c.get("cy")) + 2.6)) for c in cities.iter(f"{SVG}circle")]
    boxes += [("sector marker", (float(c.get("cx")) - float(c.get("r")), float(c.get("cy")) - float(c.get("r")),
                                 float(c.get("cx")) + float(c.get("r")), float(c.get("cy")) + float(c.get("r"))))
              for c in tree.iter(f"{SVG}circle") if c.get("class") == "force"]
    boxes += [("sector label " + t.text, text_box(t)) for t in tree.iter(f"{SVG}text")
              if t.get("font-weight") == "bold" and t.get("font-size") == "12" and t.find(f"{SVG}tspan") is not None]
    sea = tree.find(f".//{SVG}rect[@class='sea']")
    right = float(sea.get("x")) + float(sea.get("width"))
    for n, (what, a) in enumerate(boxes):
        if what.startswith("hub"):
            assert float(sea.get("x")) < a[0] and a[2] < right, what  # inside the map's frame
        for other, b in boxes[n + 1:]:
            assert not overlap(a, b), (what, other)


def test_cities_a_hub_names_are_not_repeated(tree, observe_tree):
    cities = {t.text for t in tree.find(f".//{SVG}g[@class='cities']").iter(f"{SVG}text")}
    assert cities == {"Kharkiv", "Dnipro", "Zaporizhzhia"}  # Kyiv, Odesa and Lviv are hubs in the default plan
    _, observe = observe_tree
    assert {t.text for t in observe.find(f".//{SVG}g[@class='cities']").iter(f"{SVG}text")} == {
        "Kyiv", "Kharkiv", "Dnipro", "Odesa", "Lviv", "Zaporizhzhia"}


def test_legend_says_where_all_the_deployed_troops_stand(tree, svg, plan):
    rows = legend_stands(tree)
    total = rows.pop("total")
    assert total == round(plan.requirement.deployed.central) > 0
    assert sum(rows.values()) == total  # the posture's figures add up to the deployed force
    for stand in ("hub", "depth", "outside"):
        troops = sum(p.troops for p in plan.posture.positions if p.provider == "coalition" and p.stands == stand)
        assert troops > 0 and rows[stand] == pytest.approx(troops, abs=1), stand
    assert rows["hub"] == pytest.approx(sum(coalition_at_hubs(plan).values()), abs=1)
    assert "gap" not in rows  # the default plan is filled
    assert "Not on the map" not in svg and "in depth, not on the map" in svg and "outside Ukraine or at sea" in svg
    assert tree.findall(f".//{SVG}rect[@class='legend-hub']")  # the hub marker and what its size means
    assert "area grows with them" in svg
    assert "hubs" in tree.find(f"{SVG}title").text and "hubs where the coalition" in tree.find(f"{SVG}desc").text


def test_observe_plan_draws_no_hubs_but_still_sums_its_troops(observe_tree):
    p, t = observe_tree
    assert p.theatre.hubs and not coalition_at_hubs(p)  # the theatre has hubs; this force guards none
    assert not [r for r in t.iter(f"{SVG}rect") if r.get("class") in ("hub", "legend-hub")]
    assert not [x for x in t.iter(f"{SVG}text") if x.get("class") == "hub-label"]
    rows = legend_stands(t)
    total = rows.pop("total")
    assert total == round(p.requirement.deployed.central) and sum(rows.values()) == total
    assert "hub" not in rows and rows["line"] > 0
    assert "no hub holds coalition troops" in t.find(f"{SVG}desc").text


def test_unfilled_troops_and_fractions_still_add_up():
    """A gap gets its own row, and rounding keeps the rows summing to the rounded total."""
    def pos(stands, troops, provider="coalition"):
        return Position(task="t", place="theatre", capability="manoeuvre", provider=provider, stands=stands,
                        km_from_line=None, frontage_km=0.0, troops=troops)

    positions = [pos("hub", 100.4), pos("depth", 200.4), pos("outside", 299.2), pos("depth", 0.0), pos("outside", 7.5, "us")]
    posture = Posture(line_km=0.0, depth_km=30.0, positions=positions, troops={}, isr_troops=0.0,
                      line_held_km=0.0, border_held_km=0.0)
    plan = SimpleNamespace(theatre=SimpleNamespace(host="UA"), posture=posture,
                           requirement=SimpleNamespace(deployed=SimpleNamespace(central=650.0)))
    block, _ = map_geo.stand_legend(0, 0, plan)
    tree = ET.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg">{"".join(block)}</svg>')
    rows = legend_stands(tree)
    assert rows.pop("total") == 650 == sum(rows.values())
    assert rows["gap"] == 50 and rows["outside"] == 299  # the US line is not the coalition's
    assert rows["hub"] + rows["depth"] == 301

