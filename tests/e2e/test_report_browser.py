"""report.html as a reader gets it: served over real HTTP and opened in a real headless Chromium.

The browser is Debian's /usr/bin/chromium (scripts/test installs it), driven through Playwright's
Python package; no browser is ever downloaded. A missing browser fails the test with what to do,
because a skipped browser test would let a broken page pass CI.
"""

from __future__ import annotations

import math
import os
import re
import shutil
from pathlib import Path

import pytest

import peaceforce
from peaceforce.report import render_html

from browser import chromium, playwright, static_server  # tests/browser.py (tests/ is on the path)

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "examples" / "ukraine-reassure.yaml"
CHARTS = ("requirement", "sectors", "allocation", "rotation", "cost", "flank", "incidents", "escalation")


@pytest.fixture
def served(tmp_path):
    """report.html in a temporary directory behind a real HTTP server on 127.0.0.1 (ephemeral port)."""
    (tmp_path / "report.html").write_text(render_html(peaceforce.plan(DEFAULT)), encoding="utf-8")
    with static_server(tmp_path) as base:
        yield base, tmp_path


@pytest.mark.slow
def test_report_opens_offline_in_chromium(served, tmp_path):
    base, _ = served
    console, errors, failed, requests = [], [], [], []
    with playwright() as p:
        browser = chromium(p)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda m: console.append((m.type, m.text)))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("requestfailed", lambda r: failed.append(r.url))
            page.on("request", lambda r: requests.append(r.url))
            response = page.goto(f"{base}/report.html", wait_until="load")
            assert response is not None and response.status == 200

            assert [m for m in console if m[0] == "error"] == []
            assert errors == []
            assert failed == []
            assert requests and all(u.startswith(base + "/") for u in requests), requests

            for selector in ['svg[data-chart="map"]'] + [f'svg[data-chart="chart-{c}"]' for c in CHARTS]:
                box = page.locator(selector).bounding_box()
                assert box is not None and box["width"] > 300 and box["height"] > 100, (selector, box)
            # at desktop width the wide charts show and their narrow twins do not
            assert page.locator("svg.chart-narrow").evaluate_all("s => s.filter(e => e.getBoundingClientRect()"
                                                                 ".height > 0).length") == 0
            # every chart is labelled for a screen reader by what it shows, figures included
            labels = page.locator("svg.chart-wide").evaluate_all("s => s.map(e => e.getAttribute('aria-label'))")
            assert len(labels) == len(CHARTS) and all(re.search(r"\d", a) and len(a) > 60 for a in labels), labels
            # the map's sector lines are drawn (not collapsed to a point) and its labels are laid out
            lines = page.locator("svg.map polyline.sector")
            assert lines.count() == 6
            for i in range(lines.count()):
                b = lines.nth(i).bounding_box()
                assert b is not None and max(b["width"], b["height"]) > 20
            assert page.locator("svg.map text", has_text="km").count() >= 1
            # on a wide screen the legend stands beside the map, its top level with the map's
            mbox, lbox = (page.locator(f"svg.{c}").bounding_box() for c in ("map", "map-legend"))
            assert lbox["x"] >= mbox["x"] + mbox["width"] - 1 and abs(lbox["y"] - mbox["y"]) < 2, (mbox, lbox)
            # every section has its heading on screen
            assert page.locator("section > h2").count() == 12
            verdict = page.locator("#summary .verdict .word").inner_text()
            assert verdict.startswith("Coalition:")

            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)

            # on paper the contents are printed as a list, and the content stays
            page.emulate_media(media="print")
            assert page.locator("nav.toc").is_visible() and page.locator("nav.toc .print-only").is_visible()
            assert page.locator('svg[data-chart="map"]').is_visible()
            # at the printable width of A4 (186 mm) no table runs past the margin
            page.set_viewport_size({"width": 703, "height": 1000})
            wide = page.evaluate("[...document.querySelectorAll('table')].filter(t => t.getBoundingClientRect()"
                                 ".right > 705).map(t => (t.closest('section') || {}).id)")
            assert wide == []
            # the board gives what fails or is open room to read (it wrapped word by word at 4% of the width)
            why, board = (page.locator(sel).first.bounding_box() for sel in ("table.board td.why", "table.board"))
            assert why["width"] >= 0.3 * board["width"], (why, board)
            # the summary's cards in one block of two rows of four, which a page break does not split
            tops = page.evaluate("[...document.querySelectorAll('.figures .figure-card')]"
                                 ".map(c => Math.round(c.getBoundingClientRect().top))")
            assert len(tops) >= 5 and len(set(tops)) == math.ceil(len(tops) / 4), tops
            assert page.evaluate("getComputedStyle(document.querySelector('.figures')).breakInside") == "avoid"
            pdf = page.pdf(format="A4", prefer_css_page_size=True)
            pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
            assert 10 <= pages <= 32, pages  # 39 before the print layout was tightened (Chromium 2025)

            # a phone: the page never scrolls sideways; charts keep text of at least 10 px in their own box
            phone = browser.new_page(viewport={"width": 390, "height": 844})
            phone.goto(f"{base}/report.html", wait_until="load")
            assert phone.evaluate("document.documentElement.scrollWidth") <= 390
            smallest = phone.evaluate("""() => Math.min(...[...document.querySelectorAll('svg.chart text')]
                .filter(t => t.getBoundingClientRect().height > 0)
                .map(t => parseFloat(getComputedStyle(t).fontSize)
                     * t.ownerSVGElement.getBoundingClientRect().width / t.ownerSVGElement.viewBox.baseVal.width))""")
            assert smallest >= 10, smallest
            # the narrow charts show in place of the wide ones, each within the screen
            shown = phone.locator("svg.chart-narrow").evaluate_all(
                "s => s.map(e => e.getBoundingClientRect()).filter(r => r.height > 0).map(r => r.right)")
            assert len(shown) == len(CHARTS) and max(shown) <= 390, shown
            # the map scrolls in its own box with text of at least 10 px; its legend follows below, whole
            mbox, lbox = (phone.locator(f"svg.{c}").bounding_box() for c in ("map", "map-legend"))
            assert lbox["y"] >= mbox["y"] + mbox["height"] and lbox["x"] >= 0 and lbox["x"] + lbox["width"] <= 390
            map_text = phone.evaluate("""() => Math.min(...[...document.querySelectorAll('svg.map text')]
                .map(t => parseFloat(t.getAttribute('font-size') || t.closest('[font-size]').getAttribute('font-size'))
                     * t.ownerSVGElement.getBoundingClientRect().width / t.ownerSVGElement.viewBox.baseVal.width))""")
            assert map_text >= 10, map_text
            # wide tables are cards: no table scrolls sideways, each value under its column's name
            cards = phone.evaluate("""() => [...document.querySelectorAll('table.cards')].map(t => {
                const box = t.closest('.scroll'), td = t.querySelector('tbody td:nth-child(2)');
                return [box.scrollWidth <= box.clientWidth + 1, getComputedStyle(t.querySelector('tbody tr')).display,
                        getComputedStyle(td, '::before').content, td.dataset.label]; })""")
            assert len(cards) >= 12
            for fits, display, label, wanted in cards:
                assert fits and display == "grid" and label == f'"{wanted}"', (fits, display, label, wanted)
            row = phone.locator("#allocation table.cards tbody tr").first.bounding_box()
            assert row["width"] <= 370, row
            # the first screen answers the debate (second reader review): the contents fold into one line, the
            # verdict and the cost come before the long first paragraph
            assert not phone.locator("nav.toc").is_visible() and phone.locator("details.toc-phone").is_visible()
            assert phone.evaluate("document.querySelector('details.toc-phone').open") is False
            verdict, lead = (phone.locator(sel).first.bounding_box() for sel in ("#summary .verdict", "#summary p.lead"))
            cost = phone.locator("#summary .figure-card", has_text="Cost per year").bounding_box()
            assert verdict["y"] < lead["y"] and cost["y"] + cost["height"] <= 844, (verdict, lead, cost)
            # the mandate matrix is cards too: nothing cut, each incident's marked responses shown, the empty rungs not
            matrix = phone.evaluate("""() => { const t = document.querySelector('table.matrix'), box = t.closest('.scroll');
                const shown = [...t.querySelectorAll('td.cell')].filter(c => c.getBoundingClientRect().height > 0);
                return [box.scrollWidth <= box.clientWidth + 1, getComputedStyle(t.querySelector('tbody tr')).display,
                        shown.length > 0 && shown.every(c => c.textContent.trim() !== '')]; }""")
            assert matrix == [True, "grid", True], matrix
            # the map opens scrolled to the line of contact (Donetsk, in the east), its text still at least 10 px
            seen = phone.evaluate("""() => { const box = document.querySelector('.map-box').getBoundingClientRect(),
                r = document.querySelector('svg.map polyline.sector[data-sector="donetsk"]').getBoundingClientRect();
                return r.left >= box.left && r.right <= box.right; }""")
            assert seen is True
            phone.screenshot(path=str(tmp_path / "report-phone.png"))
        finally:
            browser.close()

    shot = tmp_path / "report.png"
    assert shot.stat().st_size > 50_000
    target = os.environ.get("PEACEFORCE_SCREENSHOT_DIR")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(target) / "report.png")
        shutil.copy(tmp_path / "report-phone.png", Path(target) / "report-phone.png")
