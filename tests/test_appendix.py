"""The sources appendix a reader can check: every sourced figure names a date and an address or a document
reference, every assumption its reasoning; the data carry no placeholders; the HTML groups the figures by
topic, links the addresses without loading them, and holds its layout at 1440 px, at 390 px and on A4."""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

import pytest
from markupsafe import escape

import peaceforce
from peaceforce import catalog, citations
from peaceforce.report import render_html
from peaceforce.report.labels import source_kind
from peaceforce.report.titles import TOPICS, topic

from browser import chromium, playwright, static_server

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("ukraine-*.yaml"))

#: what a source must not say: a pointer to the project's notes, a promise to check later, a mirror of a mirror
PLACEHOLDER = re.compile(r"research notes|\(verify\)|; verify|verify against|shared/research|recalled, not verified"
                         r"|recalled value|not verified in this session|wiki\.x\.io|piglix|worddisk|movatter"
                         r"|zalansite|eudic\.net|uncensored-wiki", re.I)
#: an assumption's or estimate's reasoning: more than the label itself
MIN_REASONING = 30


@pytest.fixture(scope="module")
def plans():
    return [peaceforce.plan(path, runs=200) for path in EXAMPLES]


@pytest.fixture(scope="module")
def default_html(plans):
    return render_html(plans[EXAMPLES.index(ROOT / "examples" / "ukraine-reassure.yaml")])


# ---------------------------------------------------------------- citations.py

def test_parts_rejoin_to_the_text_and_strip_sentence_punctuation():
    text = ("NATO, 'Funding NATO', https://www.nato.int/cps/en/natohq/topics_67655.htm; and "
            "(see https://x.org/a_b?c=1). Then RAND RR-1253 (2016) and S/15194.")
    parts = citations.parts(text)
    assert "".join(p.text for p in parts) == text
    assert [p.href for p in parts if p.href] == ["https://www.nato.int/cps/en/natohq/topics_67655.htm",
                                                 "https://x.org/a_b?c=1"]
    assert citations.links(text) == [p.href for p in parts if p.href]
    assert citations.documents(text) == ["RR-1253", "S/15194"]
    assert citations.checkable(text)


@pytest.mark.parametrize("text", [
    "RAND, Reinforcing Deterrence on NATO's Eastern Flank",          # no date, no reference
    "Epomedicine (UN levels): Level 2 57 staff",                      # a name only
    "https://example.org/undated",                                    # an address without a date
    "Interview, 2025",                                                # a date without an address
])
def test_a_source_without_date_and_address_is_not_checkable(text):
    assert not citations.checkable(text)


# ---------------------------------------------------------------- the data

def _source_cells():
    for path in sorted(Path(catalog.data_path("nations.csv")).parent.glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as fh:
            for i, row in enumerate(csv.DictReader(fh), start=2):
                for col, value in row.items():
                    if value and (col.endswith("source") or col in ("note", "notes")):
                        yield f"{path.name}:{i}:{col}", value


def test_no_source_in_the_data_is_a_placeholder():
    found = [f"{where}: {PLACEHOLDER.search(text).group(0)}" for where, text in _source_cells()
             if PLACEHOLDER.search(text)]
    assert not found, found


def test_nation_addresses_are_well_formed():
    """A typo'd address is as good as none: every address in nations.csv parses as https?://host/..."""
    for where, text in _source_cells():
        if where.startswith("nations.csv"):
            for url in citations.links(text):
                assert re.fullmatch(r"https?://[\w.-]+\.[a-z]{2,}(/\S*)?", url), (where, url)


# ---------------------------------------------------------------- what the plans cite

def test_every_sourced_figure_is_checkable_and_every_assumption_reasoned(plans):
    unsourced, unreasoned = [], []
    for p in plans:
        for s in p.sources():
            kind = source_kind(s["source"])
            if kind == "sourced" and not citations.checkable(s["source"]):
                unsourced.append((s["key"], s["source"][:120]))
            if kind in ("assumption", "estimate"):
                reasoning = re.sub(r"^(assumption|estimate|derived)\s*[:.]?\s*", "", s["source"].strip(), flags=re.I)
                if len(reasoning) < MIN_REASONING:
                    unreasoned.append((s["key"], s["source"]))
    assert not unsourced, unsourced
    assert not unreasoned, unreasoned


def test_plan_json_sources_carry_values_links_and_documents(plans):
    doc = plans[0].to_dict()
    entries = {e["key"]: e for e in doc["sources"]}
    assert entries and all(e["links"] == citations.links(e["source"]) for e in entries.values())
    assert all(e["documents"] == citations.documents(e["source"]) for e in entries.values())
    gdp = [e for k, e in entries.items() if k.startswith("nations.") and k.endswith(".gdp")]
    assert gdp and all(e["value"] > 0 and e["unit"] == "US$ bn" for e in gdp)
    stances = [e for k, e in entries.items() if k.endswith(".stance")]
    assert stances and all(e["value_text"] in ("lead", "willing", "conditional", "unwilling", "unknown", "backstop")
                           for e in stances)
    # the escalation chain's assumptions arrive with their reasoning, not the bare word
    chain = [e for k, e in entries.items() if k.startswith("incidents.") and e["source"].upper().startswith("ASSUMPTION")]
    assert chain and all(len(e["source"]) > len("ASSUMPTION") + MIN_REASONING for e in chain)


def test_topics_cover_every_key_in_order(plans):
    names = [name for name, _ in TOPICS]
    assert len(set(names)) == len(names)
    assert topic("formation.brigade") == "Formations and their strengths"
    assert topic("nations.FR.gdp").startswith("Nations") and topic("incidents.rate.x.medium").startswith("Incidents")
    assert topic("garrison.medium") == names[0]  # a sizing factor
    for p in plans:
        assert {topic(s["key"]) for s in p.sources()} <= set(names)


# ---------------------------------------------------------------- the HTML

def _appendix(page: str) -> str:
    return page[page.index('<section id="appendix">'):page.index('<h3 id="derivations">')]


def test_appendix_groups_by_topic_and_links_every_address(default_html, plans):
    appendix = _appendix(default_html)
    shown = [html.unescape(t) for t in re.findall(r'<h4 id="sources-\d+" class="source-topic">([^<]+)</h4>', appendix)]
    order = [name for name, _ in TOPICS]
    assert shown == sorted(shown, key=order.index) and len(shown) >= 5
    hrefs = re.findall(r'<a href="([^"]+)" rel="noreferrer" target="_blank">', appendix)
    expected = {url for s in plans[EXAMPLES.index(ROOT / "examples" / "ukraine-reassure.yaml")].sources()
                for url in citations.links(s["source"])}
    assert expected and {str(escape(u)) for u in expected} == set(hrefs)
    # no link without rel=noreferrer, and nothing in the appendix loads by itself
    assert appendix.count("<a href=\"http") == len(hrefs)
    assert not re.search(r"<(img|script|iframe|link)\b", appendix)


@pytest.fixture
def served(tmp_path, default_html):
    (tmp_path / "report.html").write_text(default_html, encoding="utf-8")
    with static_server(tmp_path) as base:
        yield base + "/report.html"


_CLIPPED = """() => {
  const cells = [...document.querySelectorAll('section#appendix table.sources td')];
  const boxes = [...document.querySelectorAll('section#appendix .scroll')].filter(b => b.querySelector('table.sources'));
  return {
    cells: cells.length,
    clipped: cells.filter(td => td.scrollWidth > td.clientWidth + 1
                      || [...td.children].some(c => c.getBoundingClientRect().right > td.getBoundingClientRect().right + 1))
                  .map(td => td.textContent.slice(0, 60)),
    scrolling: boxes.filter(b => b.scrollWidth > b.clientWidth + 1).length,
    page: document.documentElement.scrollWidth,
    display: cells.length ? getComputedStyle(cells[1]).display : '',
    tableWidth: Math.max(...[...document.querySelectorAll('section#appendix table.sources')].map(t => t.getBoundingClientRect().width)),
  };
}"""


@pytest.mark.slow
def test_appendix_layout_in_chromium(served):
    """1440 px: four columns, no cell clipped, no scroll box scrolling; 390 px: cards, no page overflow;
    A4 print (186 mm of text): the tables fit the width."""
    with playwright() as p:
        browser = chromium(p)
        try:
            for width, display in ((1440, "table-cell"), (390, "block")):
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(served)
                got = page.evaluate(_CLIPPED)
                assert got["cells"] > 100 and got["display"] == display, (width, got)
                assert not got["clipped"] and not got["scrolling"], (width, got)
                assert got["page"] <= width, (width, got)
                page.close()
            # print: media queries see the A4 sheet (210 mm = 794 px), the text sits in 186 mm (703 px) between margins
            page = browser.new_page(viewport={"width": 794, "height": 1123})
            page.emulate_media(media="print")
            page.goto(served)
            page.add_style_tag(content="main { max-width: 703px !important; margin: 0 !important; }")
            got = page.evaluate(_CLIPPED)
            assert got["tableWidth"] <= 703 and not got["clipped"], got
            pdf = page.pdf(format="A4")
            assert pdf.startswith(b"%PDF")
        finally:
            browser.close()
