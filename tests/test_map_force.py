"""What the map draws of the plan's force: hubs and their troops, sector labels at their own markers, the
gaps hatched where they would stand, where all the troops stand, and each nation's colour."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import numpy as np
import pytest

import peaceforce
from peaceforce.posture import Position, Posture
from peaceforce.report.map import render_map
from peaceforce.report.map_force import radius, stand_rows
from peaceforce.report.map_layout import LABEL_GAPS
from peaceforce.report.style import GAP, GREY, INK, MUTED, NATION_COLOURS, nation_colours

from conftest import DEFAULT, EXAMPLES, base_spec
from test_map import SVG, parse

EXAMPLE_NAMES = ("reassure", "interpose", "deter", "observe")


@pytest.fixture(scope="module")
def plans():
    """The four examples (few incident runs: the map reads the allocation and the posture, not them)."""
    return {name: peaceforce.plan(EXAMPLES / f"ukraine-{name}.yaml", runs=20) for name in EXAMPLE_NAMES}


@pytest.fixture(scope="module")
def drawn(plans):
    return {name: parse(render_map(p)) for name, p in plans.items()}


@pytest.fixture(scope="module")
def hub_gaps():
    """A coalition of two small nations: hubs garrisoned in part or not at all."""
    p = peaceforce.plan(base_spec(coalition={"include": ["BE", "LU"], "lead": ["BE"]}), runs=20)
    return p, parse(render_map(p))


def coalition_at_hubs(plan) -> dict[str, float]:
    """The posture's coalition troops per hub, summed here independently of the map's code."""
    out: dict[str, float] = {}
    for p in plan.posture.positions:
        if p.stands == "hub" and p.provider == "coalition" and p.troops > 0:
            out[p.place] = out.get(p.place, 0.0) + p.troops
    return out


def gaps_where_they_stand(plan) -> dict[str, int]:
    """The allocation's gaps by where the posture stands their line: the sector or hub, else 'depth' or
    'outside' (summed here independently of the map's code)."""
    stands = {(p.task, p.place, p.capability): p.stands for p in plan.posture.positions if p.provider == "coalition"}
    out: dict[str, int] = {}
    for g in plan.allocation.gaps:
        stand = stands[(g.task, g.sector, g.capability)]
        key = g.sector if stand in ("line", "border", "hub") else str(stand)
        out[key] = out.get(key, 0) + g.troops
    return out


def text_box(t, size0: float = 12.0) -> tuple[float, float, float, float]:
    """A <text>'s extent, estimated as the layout does (0.6 em a character, one line per tspan with dy; a
    line's trailing space, which keeps a name whole for a reader, is not drawn)."""
    size = float(t.get("font-size", size0))
    lines = [((t.text or "").rstrip(), size)] + [((ts.text or "").rstrip(), float(ts.get("font-size", size)))
                                                 for ts in t.iter(f"{SVG}tspan") if ts.get("dy")]
    width = max(len(line) * s * 0.6 for line, s in lines)
    x, y = float(t.get("x")), float(t.get("y"))
    left = {"start": x, "end": x - width, "middle": x - width / 2}[t.get("text-anchor", "start")]
    return left, y - size, left + width, y - size + sum(s + 2 for _, s in lines)


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def legend_stands(legend) -> dict[str, int]:
    return {t.get("data-stand"): int(t.get("data-troops")) for t in legend.iter(f"{SVG}text")
            if t.get("class") == "legend-stand"}


def sector_markers(tree) -> dict[str, tuple[ET.Element, float, float, float]]:
    """Sector id -> (its marker group, centre x, centre y, outer radius)."""
    out = {}
    for g in tree.iter(f"{SVG}g"):
        if g.get("class") == "sector-marker":
            circles = list(g.iter(f"{SVG}circle"))
            outer = max(circles, key=lambda c: float(c.get("r")))
            out[g.get("data-sector")] = (g, float(outer.get("cx")), float(outer.get("cy")), float(outer.get("r")))
    return out


def box_gap(box, x: float, y: float) -> float:
    dx = max(box[0] - x, 0.0, x - box[2])
    dy = max(box[1] - y, 0.0, y - box[3])
    return math.hypot(dx, dy)


# ------------------------------------------------------------------------------------ hubs
def test_every_hub_with_coalition_troops_has_a_square_sized_by_them(drawn, plans):
    plan, (_, tree, _) = plans["reassure"], drawn["reassure"]
    want = coalition_at_hubs(plan)
    assert len(want) >= 5 and {"kyiv", "odesa", "lviv"} <= set(want)  # the default plan guards hubs
    squares = {r.get("data-hub"): r for r in tree.iter(f"{SVG}rect") if r.get("class") == "hub"}
    assert set(squares) == set(want)
    for hub_id, troops in want.items():
        r = squares[hub_id]
        assert float(r.get("data-troops")) == pytest.approx(troops, abs=0.5)
        assert r.get("width") == r.get("height") and plan.theatre.hub(hub_id).name in r.find(f"{SVG}title").text
    for a in want:  # the marker's area grows with the troops there: more troops, a larger square
        for b in want:
            if want[a] < want[b]:
                assert float(squares[a].get("width")) < float(squares[b].get("width")), (a, b)
    # each marker stands at its hub: the squares keep the hubs' relative positions (west is left, north up)
    kyiv, lviv, odesa = (squares[h] for h in ("kyiv", "lviv", "odesa"))
    assert float(lviv.get("x")) < float(odesa.get("x")) < float(kyiv.get("x")) + 30
    assert float(kyiv.get("y")) < float(odesa.get("y"))


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_names_and_labels_overlap_nothing_the_layout_places(drawn, plans, name):
    plan, (_, tree, _) = plans[name], drawn[name]
    labels = {t.get("data-hub"): t for t in tree.iter(f"{SVG}text") if t.get("class") == "hub-label"}
    assert set(labels) == set(coalition_at_hubs(plan))
    for hub_id, t in labels.items():  # the short name, read whole (a long one drawn on two lines)
        assert " ".join("".join(t.itertext()).split()) == plan.theatre.hub(hub_id).name.split(" (")[0], hub_id
    boxes = [("hub-label " + k, text_box(t)) for k, t in labels.items()]
    boxes += [("hub " + r.get("data-hub"), (float(r.get("x")), float(r.get("y")), float(r.get("x")) + float(r.get("width")),
                                          float(r.get("y")) + float(r.get("height"))))
              for r in tree.iter(f"{SVG}rect") if r.get("class") == "hub"]
    cities = tree.find(f".//{SVG}g[@class='cities']")
    boxes += [("city " + t.text, text_box(t)) for t in cities.iter(f"{SVG}text")]
    boxes += [("city dot", (float(c.get("cx")) - 2.6, float(c.get("cy")) - 2.6, float(c.get("cx")) + 2.6,
                            float(c.get("cy")) + 2.6)) for c in cities.iter(f"{SVG}circle")]
    boxes += [("sector marker " + k, (x - r, y - r, x + r, y + r)) for k, (_, x, y, r) in sector_markers(tree).items()]
    boxes += [("sector label " + t.get("data-sector"), text_box(t)) for t in tree.iter(f"{SVG}text")
              if t.get("class") == "sector-label"]
    sea = tree.find(f".//{SVG}rect[@class='sea']")
    right = float(sea.get("x")) + float(sea.get("width"))
    for n, (what, a) in enumerate(boxes):
        if what.startswith(("hub", "sector label")):
            assert float(sea.get("x")) < a[0] and a[2] < right, what  # inside the map's frame
        for other, b in boxes[n + 1:]:
            if not (what.startswith("sector marker") and other.startswith("sector marker")):  # sized by troops
                assert not overlap(a, b), (what, other)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_a_hub_name_stands_nearer_its_own_square_than_any_other(drawn, plans, name):
    """The second reader review found 'Khmelnytskyi nuclear power plant' beside the Lviv square: a hub's
    name is now nearer its own square than any other hub's."""
    _, tree, _ = drawn[name]
    squares = {r.get("data-hub"): (float(r.get("x")), float(r.get("y")), float(r.get("x")) + float(r.get("width")),
                                   float(r.get("y")) + float(r.get("height")))
               for r in tree.iter(f"{SVG}rect") if r.get("class") == "hub"}

    def gap(a, b) -> float:
        return math.hypot(max(b[0] - a[2], 0.0, a[0] - b[2]), max(b[1] - a[3], 0.0, a[1] - b[3]))

    for t in tree.iter(f"{SVG}text"):
        if t.get("class") != "hub-label":
            continue
        box, own = text_box(t), t.get("data-hub")
        nearest = min(squares, key=lambda k: gap(box, squares[k]))
        assert nearest == own, (own, nearest, round(gap(box, squares[own]), 1), round(gap(box, squares[nearest]), 1))


def test_cities_a_hub_names_are_not_repeated(drawn):
    cities = {t.text for t in drawn["reassure"][1].find(f".//{SVG}g[@class='cities']").iter(f"{SVG}text")}
    assert cities == {"Kharkiv", "Dnipro", "Zaporizhzhia"}  # Kyiv, Odesa and Lviv are hubs in the default plan
    assert {t.text for t in drawn["observe"][1].find(f".//{SVG}g[@class='cities']").iter(f"{SVG}text")} == {
        "Kyiv", "Kharkiv", "Dnipro", "Odesa", "Lviv", "Zaporizhzhia"}


# ------------------------------------------------------------------------------------ sectors
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_sector_labels_stand_at_their_own_markers(drawn, plans, name):
    """The reader review found the interposition map's labels at the wrong markers: each label now
    carries its sector's number, its nearest marker is its own, and one set off its marker has a
    leader line to it."""
    plan, (_, tree, _) = plans[name], drawn[name]
    sectors = [s for s in plan.theatre.sectors if s.coords]
    markers = sector_markers(tree)
    assert list(markers) == [s.id for s in sectors]
    labels = {t.get("data-sector"): t for t in tree.iter(f"{SVG}text") if t.get("class") == "sector-label"}
    leaders = [ln for ln in tree.iter(f"{SVG}line") if ln.get("class") == "leader"]
    far = 0
    for number, s in enumerate(sectors, 1):
        t, (g, x, y, r) = labels[s.id], markers[s.id]
        assert t.text.startswith(f"{number} ") and g.find(f".//{SVG}text").text == str(number), s.id
        box = text_box(t)
        nearest = min(markers, key=lambda k: box_gap(box, *markers[k][1:3]) - markers[k][3])
        assert nearest == s.id, (s.id, nearest)
        if box_gap(box, x, y) - r > LABEL_GAPS[0] + 2:
            far += 1
            assert any(abs(float(ln.get("x1")) - x) <= r + 0.5 and abs(float(ln.get("y1")) - y) <= r + 0.5 and
                       box_gap(box, float(ln.get("x2")), float(ln.get("y2"))) < 0.5 for ln in leaders), s.id
    assert len(leaders) == far


def test_markers_count_every_troop_on_a_sector(drawn, plans):
    """Monitors on an observation line are troops on the map, not 'none'."""
    for name in EXAMPLE_NAMES:
        plan, tree = plans[name], drawn[name][1]
        on = {}
        for a in plan.allocation.assignment:
            on[a.sector] = on.get(a.sector, 0) + int(a.troops)
        for sector, (g, *_) in sector_markers(tree).items():
            assert int(g.get("data-filled")) == on.get(sector, 0), (name, sector)
    observe = sector_markers(drawn["observe"][1])
    assert all(int(observe[s][0].get("data-filled")) > 0 for s in ("south_dnipro", "donetsk"))


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours."""
    def lum(c: str) -> float:
        v = [int(c[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        v = [x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4 for x in v]
        return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_sector_numbers_read_on_their_markers(drawn):
    """White on blue, ink on orange: a number on a filled marker keeps 3:1 contrast at least."""
    seen = 0
    for name in EXAMPLE_NAMES:
        for g, *_ in sector_markers(drawn[name][1]).values():
            disc = g.find(f"{SVG}circle[@class='force']")
            if disc is not None:
                seen += 1
                number = g.find(f"{SVG}text")
                assert contrast(number.get("fill"), disc.get("fill")) >= 3, (name, g.get("data-sector"))
    assert seen >= 8
    assert contrast("#ffffff", "#E69F00") < 3  # white on the UK's orange would not read: the check can fail


# ------------------------------------------------------------------------------------ gaps
@pytest.mark.parametrize("name", ["interpose", "deter", "hub_gaps"])
def test_gaps_are_hatched_where_they_would_stand(drawn, plans, hub_gaps, name):
    plan, (root, tree, legend) = hub_gaps if name == "hub_gaps" else (plans[name], drawn[name])
    want = gaps_where_they_stand(plan)
    assert want and sum(want.values()) == plan.allocation.gap_troops > 0
    shown: dict[str, int] = {}
    for sector, (g, _, _, r) in sector_markers(tree).items():
        if int(g.get("data-gap")):
            shown[sector] = int(g.get("data-gap"))
            ring = g.find(f"{SVG}circle[@class='gap']")
            assert ring.get("fill") == "url(#map-gap)" and float(ring.get("r")) == r
            required = int(g.get("data-gap")) + int(g.get("data-filled"))
            assert r == pytest.approx(radius(required), abs=0.05)  # the ring is what is required there
            filled = g.find(f"{SVG}circle[@class='force']")
            assert (filled is None) == (int(g.get("data-filled")) == 0)
            if filled is not None:
                assert float(filled.get("r")) < r
    for rect in tree.iter(f"{SVG}rect"):
        if rect.get("class") == "hub-gap":
            assert rect.get("fill") == "url(#map-gap)"
            shown[rect.get("data-hub")] = int(rect.get("data-gap"))
    inset = tree.find(f".//{SVG}g[@class='inset']")
    if inset is not None:
        rows = [g for g in inset.iter(f"{SVG}g") if g.get("data-stand")]
        shown.update({g.get("data-stand"): int(g.get("data-gap")) for g in rows})
        assert int(inset.get("data-gaps")) == sum(int(g.get("data-gap")) for g in rows)
        assert "At no one place on the map" in "".join(inset.itertext())
    assert shown == want
    assert legend_stands(legend)["gap"] == plan.allocation.gap_troops  # the legend's row: the same troops
    assert legend.find(f".//{SVG}text[@class='legend-gap']") is not None
    assert "hatched" in root.find("figcaption").text


def test_deter_shows_its_unfilled_brigades(drawn, plans):
    """The deterrence force's axis brigades stand in depth; unfilled, they are the box's hatched ring."""
    plan, tree = plans["deter"], drawn["deter"][1]
    combat = sum(g.troops for g in plan.allocation.gaps if g.capability == "manoeuvre" and g.sector == "theatre")
    assert combat > 10_000
    depth = next(g for g in tree.iter(f"{SVG}g") if g.get("data-stand") == "depth")
    assert f"of them {combat:,} combat troops" in "".join(depth.itertext())
    assert float(depth.find(f"{SVG}circle[@class='gap']").get("r")) > max(r for *_, r in sector_markers(tree).values())


def test_a_filled_plan_draws_no_hatching(drawn):
    root, tree, legend = drawn["reassure"]
    svg = ET.tostring(root, encoding="unicode")
    assert 'class="gap"' not in svg and 'class="hub-gap"' not in svg and 'class="inset"' not in svg
    assert legend.find(f".//{SVG}text[@class='legend-gap']") is None and "gap" not in legend_stands(legend)


# ------------------------------------------------------------------------------------ where the troops stand
def test_legend_says_where_all_the_deployed_troops_stand(drawn, plans):
    plan, (_, tree, legend) = plans["reassure"], drawn["reassure"]
    rows = legend_stands(legend)
    total = rows.pop("total")
    assert total == round(plan.requirement.deployed.central) > 0
    assert sum(rows.values()) == total  # the posture's figures add up to the deployed force
    for stand in ("hub", "depth", "outside"):
        troops = sum(p.troops for p in plan.posture.positions if p.provider == "coalition" and p.stands == stand)
        assert troops > 0 and rows[stand] == pytest.approx(troops, abs=1), stand
    assert rows["hub"] == pytest.approx(sum(coalition_at_hubs(plan).values()), abs=1)
    text = ET.tostring(legend, encoding="unicode")
    assert "in depth, behind the line" in text and "outside Ukraine or at sea" in text
    assert legend.findall(f".//{SVG}rect[@class='legend-hub']")  # the hub marker and what its size means
    assert "area grows with them" in text
    assert "hubs" in tree.find(f"{SVG}title").text and "hubs where the coalition" in tree.find(f"{SVG}desc").text


def test_observe_plan_draws_no_hubs_but_still_sums_its_troops(drawn, plans):
    p, (_, t, legend) = plans["observe"], drawn["observe"]
    assert p.theatre.hubs and not coalition_at_hubs(p)  # the theatre has hubs; this force guards none
    assert not [r for r in t.iter(f"{SVG}rect") if r.get("class") == "hub"]
    assert not [r for r in legend.iter(f"{SVG}rect") if r.get("class") == "legend-hub"]
    assert not [x for x in t.iter(f"{SVG}text") if x.get("class") == "hub-label"]
    rows = legend_stands(legend)
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
    rows = dict(stand_rows(plan))
    assert rows.pop("total") == 650 == sum(rows.values())
    assert rows["gap"] == 50 and rows["outside"] == 299  # the US line is not the coalition's
    assert rows["hub"] + rows["depth"] == 301


# ------------------------------------------------------------------------------------ colours
def test_a_nation_keeps_its_colour_in_every_plan(plans, drawn, tmp_path):
    """Colours follow the nation table, not what a nation gives: the same in every example, in a plan
    whose user file changes stances, and on the map's sector lines."""
    table = list(next(iter(plans.values())).nations.codes)
    colours = [nation_colours(p) for p in plans.values()]
    assert all(c == colours[0] for c in colours)
    assert colours[0] == {code: NATION_COLOURS[i % len(NATION_COLOURS)] for i, code in enumerate(table)}
    assert len(set(NATION_COLOURS)) == len(NATION_COLOURS) >= len(table)  # every built-in nation its own
    user = tmp_path / "nations.csv"
    user.write_text("code,stance\nPL,willing\nIT,willing\nNL,unwilling\n", encoding="utf-8")
    other = peaceforce.plan(DEFAULT, nations_csv=user, runs=20)
    assert nation_colours(other) == colours[0]
    for name, plan in plans.items():
        tree = drawn[name][1]
        for line in tree.iter(f"{SVG}polyline"):
            lead = plan.allocation.sector_leads.get(line.get("data-sector"))
            if lead:
                assert line.get("stroke") == colours[0][lead], (name, lead)


_SIM = {  # Machado, Oliveira & Fernandes (2009), severity 1, on linear RGB
    "normal": np.eye(3),
    "protan": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]),
    "deutan": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]),
}


def _lab(hex_colour: str, sim: np.ndarray) -> np.ndarray:
    c = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255
    lin = np.clip(sim @ np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4), 0, 1)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ lin
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > 0.008856, np.cbrt(t), 7.787 * t + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def cvd_distance(a: str, b: str) -> float:
    """The smallest CIELAB distance of two colours as seen with normal vision, protanopia or deuteranopia."""
    return min(float(np.linalg.norm(_lab(a, m) - _lab(b, m))) for m in _SIM.values())


def test_nation_colours_stay_apart_for_colour_blind_readers(plans):
    plan = plans["reassure"]
    colours = nation_colours(plan)
    asked = [c for c in plan.nations.codes if plan.nations.stance(c) in ("lead", "willing", "conditional")]
    assert len(asked) >= 12
    for i, a in enumerate(asked):
        for ref in (GAP, GREY, MUTED, INK):  # never read as a gap, 'no lead' or text
            assert cvd_distance(colours[a], ref) >= 10, (a, ref)
        for b in asked[i + 1:]:
            assert cvd_distance(colours[a], colours[b]) >= 7.5, (a, b)
    for name, p in plans.items():  # the sector leads of every example clearly apart
        leads = sorted(set(p.allocation.sector_leads.values()))
        for i, a in enumerate(leads):
            for b in leads[i + 1:]:
                assert cvd_distance(colours[a], colours[b]) >= 20, (name, a, b)
    assert cvd_distance("#0072B2", "#0072B2") == 0 and cvd_distance("#ff0000", "#00ff00") < 40  # the check can fail
