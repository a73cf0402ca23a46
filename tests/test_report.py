"""The report, its Markdown twin and the decision memo, rendered from real plans."""

from __future__ import annotations

import re

import pytest

from markupsafe import escape

import peaceforce
from peaceforce.report.memo_frames import frame_for
from peaceforce.errors import InputError
from peaceforce.report import render_html, render_markdown, render_memo
from peaceforce.report.labels import nation_name, num, source_kind

from conftest import DEFAULT, base_spec

SECTION_HEADINGS = {
    "summary": "Summary",
    "map": "Map of the theatre",
    "requirement": "Requirement by sector and capability",
    "allocation": "Allocation by nation",
    "gaps": "Gaps and who could close them",
    "rotation": "Rotation over time",
    "cost": "Cost",
    "flank": "Eastern flank before and after",
    "mandate": "Mandate matrix",
    "incidents": "Incident simulation",
    "conditions": "Conditions board",
    "appendix": "Appendix: assumptions and sources",
}
CHARTS = ("requirement", "sectors", "allocation", "rotation", "cost", "flank", "incidents", "escalation")

NETWORK = re.compile(
    r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//)"""  # attributes pointing off the page
    r"""|@import|url\(\s*["']?\s*(?:https?:)?//"""                               # CSS loads
    r"""|<script[^>]*\bsrc\s*=|<link[^>]*rel=["']?stylesheet""",                  # external scripts, stylesheets
    re.I)
#: a source's address in the appendix: a link the reader may follow, never loaded by the page itself
SOURCE_LINK = re.compile(r'<a href="https?://[^"<>]+" rel="noreferrer" target="_blank">')


@pytest.fixture(scope="module")
def plan():
    return peaceforce.plan(DEFAULT)


@pytest.fixture(scope="module")
def html(plan):
    return render_html(plan)


@pytest.fixture(scope="module")
def md(plan):
    return render_markdown(plan)


@pytest.fixture(scope="module")
def air_plan():
    """The Netherlands' condition of American backup met: US backstop 'air'."""
    return peaceforce.plan(base_spec(us_backstop="air", coalition={"lead": ["FR", "GB"]}, parliament={"NL": "pending"}))


def test_network_pattern_catches_what_it_must():
    """The check below is only worth something if it fires on real network loads."""
    for bad in ('<img src="https://x.org/a.png">', "<link rel=stylesheet href=/s.css>", "@import 'x.css';",
                "background: url(http://x/y.png)", '<script src="app.js"></script>', '<a href="//cdn.x/y">'):
        assert NETWORK.search(bad), bad
    for fine in ('<a href="#map">', '<link rel="icon" href="data:,">', 'xmlns="http://www.w3.org/2000/svg"',
                 'xlink:href="#chart-flank-m1"', "url(#chart-cost-p1)"):
        assert not NETWORK.search(fine), fine


def test_html_is_self_contained(html):
    assert html.lstrip().startswith("<!DOCTYPE html>")
    assert not NETWORK.findall(SOURCE_LINK.sub("<a>", html))
    assert "<script" not in html  # nothing to run, nothing to load
    assert "<style>" in html and "@media print" in html


def test_html_has_map_and_every_chart(html, plan):
    assert html.count('data-chart="map"') == 1
    for name in CHARTS:  # each twice: wide, and narrow for phones
        assert html.count(f'data-chart="chart-{name}"') == 1, name
        assert html.count(f'data-chart="chart-{name}-narrow"') == 1, name
    # the map draws every sector that has coordinates, each in its lead nation's colour or grey
    for sector in plan.theatre.sectors:
        if sector.coords:
            assert f'data-sector="{sector.id}"' in html
    assert "schematic; coordinates approximate" in html.lower()
    assert re.search(r">\d+ km</text>", html), "scale bar"


def test_html_ids_are_unique(html):
    """Nine SVGs share one page: a repeated id would let one chart clip another."""
    ids = re.findall(r'\bid="([^"]+)"', html)
    repeated = {i for i in ids if ids.count(i) > 1}
    assert not repeated, sorted(repeated)[:10]
    for ref in set(re.findall(r'(?:href="#|url\(#)([^")]+)', html)):
        assert ref in ids, f"reference to a missing id: {ref}"


def test_html_has_every_section(html):
    for sid, heading in SECTION_HEADINGS.items():
        assert re.search(rf'<section id="{sid}">\s*<h2>\d+\. {re.escape(heading)}</h2>', html), sid


def test_every_source_is_in_the_appendix_and_assumptions_are_marked(html, md, plan):
    """Every figure with its readable title, its value where it is one number, and its key beside it."""
    from peaceforce.report.content import _value
    from peaceforce.report.titles import title

    appendix = html[html.index('<section id="appendix">'):]
    md_appendix = md[md.index("Appendix: assumptions and sources"):]
    sources = plan.sources()
    assert sources and sum("value" in s for s in sources) > len(sources) / 2
    for s in sources:
        cell = f'<td>{escape(title(s["key"]))}<br><span class="key">{s["key"]}</span></td>'
        assert cell in appendix, s["key"]
        assert f"(`{s['key']}`) | {_value(s)} |" in md_appendix, s["key"]
    assumed = [s for s in sources if s["source"].strip().upper().startswith("ASSUMPTION")]
    assert assumed, "the default plan rests on some labelled assumptions"
    for s in assumed:
        assert f'<tr class="assumption"><td>{escape(title(s["key"]))}<br>' in appendix, s["key"]
        assert f"(`{s['key']}`) | {_value(s)} | **ASSUMPTION** |" in md_appendix, s["key"]


def test_source_kind_reads_the_source_text():
    assert source_kind("ASSUMPTION") == "assumption"
    assert source_kind("company: 60-200 soldiers; central value an assumption") == "assumption"
    assert source_kind("estimate: ONS mid-2023") == "estimate"
    assert source_kind("definition: medium threat is the reference level") == "definition"
    assert source_kind("RAND, Shlapak & Johnson 2016") == "sourced"
    assert source_kind("") == "assumption"  # a figure without a source is not sourced


def test_report_states_the_plans_figures(html, md, plan):
    d = plan.requirement.deployed
    verdict = {"go": "GO", "conditional": "CONDITIONAL", "no_go": "NO-GO"}[plan.conditions.coalition.verdict.value]
    for text in (html, md):
        assert num(d.central) in text and f"{num(d.low)}–{num(d.high)}" in text
        assert f"Coalition: {verdict}" in text
        assert f"{num(plan.allocation.allocated_troops)} of {num(plan.allocation.required_troops)}" in text
        for n in plan.allocation.nations:  # by name: a code is no name (the second reader review)
            if n.troops_deployed:
                name = str(escape(nation_name(n.nation, plan))) if text is html else nation_name(n.nation, plan)
                assert f"**{name}**" in text or f"<b>{name}</b>" in text
        for g in plan.allocation.gaps:
            assert f"{num(g.troops)} troops unfilled" in text
            for c in g.closes:
                assert nation_name(c.nation, plan) in text
    # the mandate matrix marks each rule's response once per incident type
    assert len(re.findall(r'<td data-label="[^"]+" class="cell response">●▲?</td>', html)) == \
        sum(1 for r in plan.mandate.incidents.values() if r.response_on_ladder)


def test_no_python_objects_leak_into_text(html, md, plan):
    memo = render_memo(plan, "NL", "nl")
    for text in (html, md, memo):
        assert "<built-in method" not in text and " object at 0x" not in text
        assert "Undefined" not in text


def test_markdown_has_the_same_sections(md):
    for i, heading in enumerate(SECTION_HEADINGS.values(), 1):
        assert f"\n## {i}. {heading}\n" in md, heading
    assert "<svg" not in md
    # every table row has as many cells as its header
    lines = md.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("|---") or line.startswith("|--:") or line.startswith("|:-:"):
            width = lines[i - 1].count(" | ")
            j = i + 1
            while j < len(lines) and lines[j].startswith("|"):
                assert re.sub(r"\\\|", "", lines[j]).count(" |") - 1 >= width, lines[j]
                j += 1


def test_vague_mandate_shows_its_findings():
    p = peaceforce.plan(base_spec(mandate="vague"))
    html = render_html(p)
    section = html[html.index('<section id="mandate">'):html.index('<section id="incidents">')]
    assert '<span class="pill bad">not clear</span>' in section
    assert '<span class="pill ok">clear</span>' not in section
    per_incident = [f for f in p.mandate_check.findings if f.incident]
    assert section.count('<tr class="finding') == len(per_incident) > 0
    assert "no rule" in section  # electronic warfare and cyber attack have none in the vague file


# ---------------------------------------------------------------- the memo

EN_HEADINGS = ("## 1. Political context, mandate and legal basis", "## 2. The contribution",
               "## 3. Military feasibility", "## 4. Risks", "conditions and whether they are met",
               "## 6. Duration and rotation", "## 7. Costs", "## 8. Effect on the eastern-flank commitments")
NL_HEADINGS = ("## 1. Politieke context, mandaat en rechtsgrondslag", "## 2. De bijdrage van Nederland",
               "## 3. Militaire haalbaarheid", "## 4. Risico's", "## 5. Voorwaarden van Nederland en of daaraan is voldaan",
               "## 6. Duur en aflossing", "## 7. Kosten", "## 8. Gevolgen voor de verplichtingen aan de oostflank")


def _row(memo: str, label: str) -> str:
    rows = [ln for ln in memo.splitlines() if ln.startswith(f"| {label} |")]
    assert len(rows) == 1, label
    return rows[0]


def test_memo_for_the_netherlands_follows_the_framework(air_plan):
    """Sending troops, the Netherlands writes an artikel 100-brief in the Toetsingskader's order."""
    assert air_plan.allocation.nation("NL").troops_deployed > 0
    nl = render_memo(air_plan, "NL")  # the frame's language by default
    en = render_memo(air_plan, "NL", "en")
    for lang, memo in (("nl", nl), ("en", en)):
        headings = [ln[3:] for ln in memo.splitlines() if ln.startswith("## ")]
        assert headings == [f"{i}. {h}" for i, h in enumerate(frame_for("NL").headings(lang), 1)]
    assert nl.startswith("*Concept-artikel 100-brief*") and en.startswith("*Draft Article 100 letter*")
    assert "## 1. Kern van het besluit" in nl and "## 1. Core of the decision" in en
    assert "Toetsingskader" in en and "Article 100" in en
    assert "Toetsingskader" in nl and "artikel 100-brief" in nl and "Tweede Kamer" in nl


def test_memo_for_the_netherlands_sending_nothing_is_a_kamerbrief(plan):
    """No troops, no deployment to inform parliament of: a Kamerbrief on why the Netherlands does not take
    part now, what it could offer as options and what would change the decision; no artikel 100-brief."""
    assert plan.allocation.nation("NL").troops_deployed == 0
    nl, en = render_memo(plan, "NL"), render_memo(plan, "NL", "en")
    variant = frame_for("NL").for_troops(0)
    assert variant is not frame_for("NL") and variant.document["nl"] == "Kamerbrief"
    for lang, memo in (("nl", nl), ("en", en)):
        headings = [ln[3:] for ln in memo.splitlines() if ln.startswith("## ")]
        assert headings == [f"{i}. {h}" for i, h in enumerate(variant.headings(lang), 1)]
    assert nl.startswith("*Concept-Kamerbrief*") and "artikel 100-brief*" not in nl.splitlines()[0]
    assert "nu geen Nederlandse bijdrage" in nl.splitlines()[2]
    assert "## 4. Waarom Nederland nu niet deelneemt" in nl and "## 5. Wat Nederland zou kunnen bijdragen" in nl
    options = nl.split("## 5. Wat Nederland zou kunnen bijdragen")[1].split("## 6.")[0]
    assert "optie" in options and options.count("\n- ") >= 3  # the capacity it could offer, as options
    assert "## 6. Wat het besluit zou veranderen" in nl and "luchtsteun" in nl.split("## 6.")[1].split("## 7.")[0]
    # the Article 100 procedure is said to follow only if the Netherlands deploys
    assert "Een artikel 100-brief is niet aan de orde zolang Nederland geen eenheden inzet" in nl
    assert "## 4. Why the Netherlands does not take part now" in en


def test_memo_without_american_backup_says_no_and_why(plan):
    assert plan.scenario.us_backstop == "intelligence"
    assert plan.allocation.nation("NL").troops_deployed == 0
    en = render_memo(plan, "NL", "en")
    nl = render_memo(plan, "NL")
    assert "✗ **not met**" in _row(en, "American support")
    assert "✗ **niet voldaan**" in _row(nl, "Amerikaanse steun")
    assert "**no troops**" in en and "**geen militairen**" in nl
    # why, and what would change it
    assert "requires American support at the level of air power" in en
    assert "## 6. What would change the decision" in en and "air power" in en.split("## 6. What would change the decision")[1]
    assert "## 6. Wat het besluit zou veranderen" in nl
    # the parliament condition comes from the board: prior consent, still pending
    assert "◐ **open item**" in _row(en, "Parliamentary consent")  # pending: open, not failed
    assert "✓ **met**" in _row(en, "Clear mandate")


def test_memo_with_american_air_backstop(air_plan):
    en = render_memo(air_plan, "NL", "en")
    nl = render_memo(air_plan, "NL")
    assert "✓ **met**" in _row(en, "American support")
    assert "✓ **voldaan**" in _row(nl, "Amerikaanse steun")
    troops = air_plan.allocation.nation("NL").troops_deployed
    if troops:
        assert f"contributes **{num(troops)} troops**" in en
        assert f"**{num(troops, 'nl')} militairen**" in nl
    else:
        assert "**no troops**" in en


def test_memo_for_a_contributor_lists_its_units(plan):
    lead = max(plan.allocation.nations, key=lambda n: n.troops_deployed)
    memo = render_memo(plan, lead.nation, "en")
    assert f"contributes **{num(lead.troops_deployed)} troops**" in memo
    cost = next(b for b in plan.cost.by_nation if b.nation == lead.nation)
    assert f"EUR {num(cost.per_year / 1e6)} m a year" in memo or f"EUR {cost.per_year / 1e9:,.2f} bn a year" in memo
    table = memo.split("| Capability | Units | Troops | Where |")[1].split("\n\n")[0]
    assert sum(int(r.split(" | ")[2].replace(",", "")) for r in table.splitlines()
               if r.startswith("| ")) == lead.troops_deployed


def test_memo_html_is_self_contained(plan):
    page = render_memo(plan, "NL", fmt="html")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="nl">' in page
    assert not NETWORK.findall(page) and "<script" not in page
    assert "<h2>4. Waarom Nederland nu niet deelneemt</h2>" in page
    assert "**" not in page  # bold markup converted, not left as asterisks


@pytest.mark.parametrize("args, field", [
    (("ZZ",), "--nation"), (("US",), "--nation"), (("NL", "de"), "lang"), (("NL", "en", "pdf"), "fmt"),
])
def test_memo_rejects_unknown_nation_language_and_format(plan, args, field):
    with pytest.raises(InputError) as err:
        render_memo(plan, *args)
    assert err.value.field == field
    assert err.value.value == args[{"--nation": 0, "lang": 1, "fmt": 2}[field]]
    assert "NL" in err.value.allowed or "en" in err.value.allowed or "md" in err.value.allowed


def test_memo_names_the_blocks_a_nation_gives_and_what_it_frames():
    """France gives the battalions of a brigade it frames, not 'battlegroups' of the first manoeuvre line."""
    p = peaceforce.plan(DEFAULT, runs=20)
    text = render_memo(p, "FR", "en", "md")
    fr = p.allocation.nation("FR")
    assert fr.frames and fr.formations
    given = {a.formation for a in p.allocation.assignment if a.nation == "FR" and a.units}
    assert given == set(fr.formations)
    # it gives blocks of the formations it frames, and the memo says so; never a whole formation as a block
    framed = {"brigade": "battalions", "battlegroup": "companies", "division": "brigades"}
    assert any(f"× {framed[k]} (frames 1 {k})" in text for k in fr.frames)
    assert "× battlegroups" not in text and "× divisions" not in text


def test_the_first_paragraph_answers_the_debate_with_the_plans_own_figures():
    """Force and range, where it stands, who leads and joins by name, cost and verdict: the numbers are
    plan.json's, the nations are named, and no internal code shows."""
    from peaceforce.report.labels import eur, num
    from peaceforce.report.lead import lead

    p = peaceforce.plan(DEFAULT, runs=20)
    doc = p.to_dict()
    text = lead(p)
    d = doc["requirement"]["deployed"]
    assert f"{num(d['central'])} troops in whole formations (range {num(d['low'])}–{num(d['high'])}" in text
    assert "led by France and the United Kingdom" in text
    assert "away from the line of contact" in text and "hubs" in text
    assert eur(doc["cost"]["per_year"]["central"]) in text
    assert "Verdict: conditional" in text
    here = {s: sum(x["troops"] for x in doc["posture"]["positions"] if x["stands"] == s and x["provider"] == "coalition")
            for s in ("hub", "depth", "outside")}
    assert sum(here.values()) == pytest.approx(d["central"])
    for s, troops in here.items():
        assert num(troops) in text, s
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), "an internal code in the first paragraph"
    assert not re.search(r"\b(FR|GB|ES|DE|UA|US)\b(?! \d)", text.replace("the US", "")), "a nation code"
    html = render_html(p)
    assert html.index(text.split(".")[0].replace("'", "&#39;")) < html.index('class="figures"') < html.index('id="map"')


def test_a_plan_shows_a_card_in_notebooks_and_hands_out_its_tables():
    p = peaceforce.plan(DEFAULT, runs=20)
    t = p.tables()
    assert set(t) == {"requirement", "allocation", "posture", "board", "sources"}
    assert t["requirement"].query("provider == 'coalition'")["troops"].sum() == pytest.approx(p.requirement.deployed.central)
    assert t["board"].iloc[0]["nation"] == "coalition" and t["board"].iloc[0]["verdict"] == p.conditions.coalition.verdict.value
    assert len(t["sources"]) == len(p.sources()) and t["posture"]["troops"].sum() > 0
    card = p._repr_html_()
    assert "reassurance force of" in card and "<table" in card and "plan.tables()" in card


# ---------------------------------------------------------------- the second reader review (issue 13)


def _visible(page: str) -> str:
    import html as H

    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    return " ".join(H.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _table_heads(page: str, first: str) -> list[str]:
    """The column headings of the table whose first heading is `first`."""
    head = re.search(r"<thead><tr><th>" + re.escape(first) + r"</th>(.*?)</tr></thead>", page, flags=re.S)
    return [first] + [_visible(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", head.group(1), flags=re.S)]


def test_a_column_empty_in_every_row_is_left_out(html):
    """The reassurance force holds hubs only: no length, no cover, no lead (the review found three columns of
    dashes); a force on the line keeps them."""
    assert _table_heads(html, "Sector or hub") == ["Sector or hub", "Kind", "Units", "Low", "Central", "High"]
    line = render_html(peaceforce.plan(DEFAULT.with_name("ukraine-interpose.yaml"), runs=20))
    assert {"Length (km)", "Covered", "Lead"} <= set(_table_heads(line, "Sector or hub"))
    # a lead is a nation's name, never its code
    rows = re.findall(r'<td data-label="Lead">(.*?)</td>', line)
    assert rows and all(r == "–" or (len(r) > 2 and not r.isupper()) for r in rows), rows


def test_totals_and_units_read_as_words(html, md):
    text = _visible(html)
    assert "– (–" not in text and "(––)" not in text and "– (–" not in md  # the capability table's total row
    assert not re.search(r"(?<![\d.,])1 (?:formations|troops|brigades|hubs|detachments|incidents)\b", text + md)
    assert re.search(r"\b1 formation\b", text)  # the appendix's single formations, said in the singular


def test_a_coalition_without_troops_is_said_so():
    """The breaker review's empty coalition: the first paragraph said 'It stands away from the line of
    contact: .'"""
    from peaceforce.report.lead import lead

    p = peaceforce.plan(base_spec(coalition={"lead": [], "include": []}), runs=50)
    text = lead(p)
    assert ": ." not in text and "No coalition troops stand anywhere" in text, text
