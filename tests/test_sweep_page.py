"""The sweep's page as a reader gets it: served over real HTTP on 127.0.0.1 and opened in Debian's
headless Chromium (never a downloaded browser) at a phone's 390 px and a desktop's 1440 px, and its
sentences about failures read as English whatever the failure's title.

The page is rendered from an analysis of samples whose answer is known (test_sweep._known), with a gap in
most samples: the case whose heading once read "(no a gap (requirement not filled))", when PRIM looked
for where the plan holds instead.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from peaceforce import factors
from peaceforce.sweep import analysis, charts
from peaceforce.sweep.page import render
from browser import chromium, playwright, static_server
from test_sweep import _known


#: the smallest text of every chart shown, in CSS px as drawn (font size times the svg's scale on the page)
SMALLEST_TEXT = """() => Math.min(...[...document.querySelectorAll('svg.chart text')]
    .filter(t => t.getBoundingClientRect().height > 0)
    .map(t => parseFloat(getComputedStyle(t).fontSize)
         * t.ownerSVGElement.getBoundingClientRect().width / t.ownerSVGElement.viewBox.baseVal.width))"""


@pytest.fixture(scope="module")
def page():
    df, dims = _known(400)
    # a gap wherever `a` is above 0.25 (three samples in four), a weakened flank where `b` is high
    df["gap_troops"] = np.where(df["in_a"] > 0.25, 800, 0)
    df["flank_verdict"] = np.where(df["in_b"] > 0.9, "weakened", "intact")
    a = analysis.analyse(df, dims, "lhs", len(df), seed=1)
    f = factors.builtin()
    info = {"command": {"scenario": {"name": "known answers"}, "sampler": "lhs", "seed": 1, "runs": 200}}
    html, specs = render(a, dims, {d.name: d.describe(f) for d in dims}, info, df, ["sweep.html"])
    return a, html, specs


def test_a_failures_title_follows_a_colon_never_no_or_the(page):
    a, html, _ = page
    gap = next(b for b in a.discovery if b.failure == "gap")
    assert gap.base_density > 0.5 and gap.limits  # the case under test: most samples have a gap
    assert "Where it fails: a gap (requirement not filled)" in html
    assert "A gap (requirement not filled)</span> in 75% of the samples" in html and "It concentrates where a at least 0." in html
    for wrong in ("no a ", "No a ", "the a ", "The a ", "(no "):
        assert wrong not in html, wrong
    assert charts.the("a gap") == "a gap" and charts.the("deployed force") == "the deployed force"


def test_every_chart_comes_wide_and_narrow_and_the_narrow_one_fits_a_phone(page):
    _, html, specs = page
    assert html.count('class="chart chart-wide"') == html.count('class="chart chart-narrow"') == len(specs) >= 4
    # a 390 px phone's page, less its 12 px margins, leaves 366 px: each narrow chart fits unscaled
    narrow = [int(w) for w in re.findall(r'class="chart chart-narrow"[^>]*max-width:(\d+)px', html)]
    assert len(narrow) == len(specs) and max(narrow) <= 366, narrow
    sizes = [float(x) for x in re.findall(r'font-size="([0-9.]+)px"', html)]
    assert sizes and min(sizes) >= 10, min(sizes)  # no chart text under 10 px in either rendering


@pytest.fixture
def served(page, tmp_path):
    (tmp_path / "sweep.html").write_text(page[1], encoding="utf-8")
    with static_server(tmp_path) as base:
        yield base + "/sweep.html"


@pytest.mark.slow
def test_the_page_holds_on_a_phone_and_a_desktop_in_chromium(page, served):
    n = len(page[2])
    with playwright() as p:
        browser = chromium(p)
        try:
            for width, shown, hidden in ((390, "chart-narrow", "chart-wide"), (1440, "chart-wide", "chart-narrow")):
                tab = browser.new_page(viewport={"width": width, "height": 900})
                errors: list[str] = []
                tab.on("pageerror", lambda e: errors.append(str(e)))
                assert tab.goto(served, wait_until="load").status == 200
                assert errors == []
                # the page never scrolls sideways
                assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
                    width, tab.evaluate("document.documentElement.scrollWidth"))
                # one rendering of each chart shows, whole on the screen, its text at least 10 px as drawn
                rights = tab.locator(f"svg.{shown}").evaluate_all(
                    "s => s.map(e => e.getBoundingClientRect()).filter(r => r.height > 0).map(r => r.right)")
                assert len(rights) == n and max(rights) <= width, rights
                assert tab.locator(f"svg.{hidden}").evaluate_all(
                    "s => s.filter(e => e.getBoundingClientRect().height > 0).length") == 0
                smallest = tab.evaluate(SMALLEST_TEXT)
                assert smallest >= 10, (width, smallest)
                # every table within the screen: on a phone the wide ones are cards, nothing scrolls in its box
                tables = tab.evaluate("""() => [...document.querySelectorAll('.scroll')].map(b =>
                    [b.getBoundingClientRect().right, b.scrollWidth <= b.clientWidth + 1])""")
                assert tables and all(right <= width and fits for right, fits in tables), (width, tables)
                tab.close()
        finally:
            browser.close()
