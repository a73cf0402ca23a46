"""What people read carries no internal code, and says each figure the way its one owner computes it:
the report's text (rendered HTML and its Markdown twin), every memo and the printed summary, for every
example scenario; the figures that a reader review found differing between sections."""

from __future__ import annotations

import html as H
import io
import re
import statistics
from pathlib import Path

import pytest
from rich.console import Console

import peaceforce
from peaceforce import citations
from peaceforce import catalog, summary, vocab
from peaceforce.report import render_html, render_markdown, render_memo
from peaceforce.report import wording as W
from peaceforce.report import labels as L
from peaceforce.report.content import requirement
from peaceforce.report.content_decision import cost
from peaceforce.report.labels import num, pct
from peaceforce.report.lead import lead
from peaceforce.report.memo_frames import frame_for, memo_languages
from peaceforce.report.memo_words import words
from peaceforce.vocab import CheckState, Provider, Stand

from conftest import DEFAULT, EXAMPLES

#: an identifier of the code: snake_case or SCREAMING_SNAKE, with or without a dotted key around it
CODE = re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+(?:\.[A-Za-z0-9_]+)*\b")
#: an address is a reference a reader can follow, not a code: web addresses and file paths
ADDRESS = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+/\S*")
BACKSTOP = [b.value for b in vocab.Backstop]
ROLES = [r.value for r in vocab.Role]
#: a bare code shown as a value: quoted ('air', “intelligence”), or after the word that names its kind
BARE = re.compile(r"['‘“](?:" + "|".join(BACKSTOP + ROLES + [o.value for o in vocab.ForceOption]) + r")['’”]"
                  r"|\bbackstop (?:" + "|".join(BACKSTOP) + r")\b|\brole (?:" + "|".join(ROLES) + r")\b", re.I)


def visible_text(page: str) -> str:
    """The report as a reader reads it, charts and map included: no markup, no styles; the appendix's key
    column (the key shown small on purpose, beside its title) left out."""
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    page = re.sub(r'<span class="key">[^<]*</span>', " ", page)
    return H.unescape(re.sub(r"<[^>]+>", " ", page))


def codes_in(text: str) -> list[str]:
    """Snake-case keys and quoted codes; addresses and document references (a dataset's code such as
    Eurostat's, which a reader needs to find the table) are not codes."""
    text = ADDRESS.sub(" ", text)
    for ref in citations.documents(text):
        text = text.replace(ref, " ")
    return sorted(set(CODE.findall(text)) | {m.group(0) for m in BARE.finditer(text)})


@pytest.fixture(scope="module", params=sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def example(request):
    p = peaceforce.plan(EXAMPLES / request.param, runs=40)
    return p.compute_what_if(runs=20) if request.param == DEFAULT.name else p


def test_the_report_says_no_internal_code(example):
    page = render_html(example)
    found = codes_in(visible_text(page))
    assert not found, found
    md = render_markdown(example)
    md = re.sub(r"\(`[^`]*`\)", " ", md)  # the appendix's keys, in code spans beside their titles
    assert not codes_in(md), codes_in(md)


def test_the_printed_summary_says_no_internal_code(example):
    out = io.StringIO()
    summary.render(example, Console(file=out, width=200, color_system=None))
    assert not codes_in(out.getvalue()), codes_in(out.getvalue())


def test_every_memo_says_no_internal_code(example):
    """Every nation of the plan, in each language of its frame (the tests of test_memo.py look closer at
    the four frames' languages)."""
    for code in example.nations.codes:
        if example.nations.stance(code) == "backstop":
            continue
        for lang in memo_languages(code):
            memo = render_memo(example, code, lang, date="2026-03-01").replace(example.scenario.name, " ")
            assert not codes_in(memo), (code, lang, codes_in(memo))


def test_the_scanner_catches_what_it_must():
    for leak in ("trace [hub_air_defence.medium]", "requires US backstop 'air'", "case KFOR_DE_2017",
                 "scenario gives “intelligence”", "sector south_dnipro", "US backstop intelligence"):
        assert codes_in(leak), leak
    for fine in ("see https://www.nato.int/cps/en/natohq/news_146557.htm", "ec.europa.eu/eurostat/databrowser/view/demo_pjan",
                 "air power (plus enablers and intelligence)", "a reassurance force"):
        assert not codes_in(fine), fine


# ---------------------------------------------------------------- one figure, one owner, said the same


@pytest.fixture(scope="module")
def plan():
    return peaceforce.plan(DEFAULT, runs=40)


def test_where_the_force_stands_is_said_once_with_one_scope(plan):
    """The incidents section counts the coalition as the first paragraph and the map do (Posture.by_stand
    and Posture.hubs of the coalition) and says the US and host lines apart."""
    t = plan.posture.by_stand(Provider.COALITION)
    said = W.posture_summary(plan.posture, plan.incidents, plan)
    first = lead(plan)
    for stand in (Stand.HUB, Stand.DEPTH, Stand.OUTSIDE):
        assert num(t[stand]) in said and num(t[stand]) in first, stand
    everyone = plan.posture.by_stand(None)
    assert everyone[Stand.DEPTH] != t[Stand.DEPTH]  # the scope matters in this plan
    assert f"{num(everyone[Stand.DEPTH])} in depth" not in said
    for p in (Provider.US, Provider.HOST):
        for stand, troops in plan.posture.by_stand(p).items():
            if troops:
                assert num(troops) in said.split("besides the coalition")[1], (p, stand)


def test_the_sector_table_sums_to_the_deployed_force(plan):
    rows = requirement(plan)["by_sector"]
    assert sum(float(r["central"].replace(",", "")) for r in rows) == pytest.approx(plan.requirement.deployed.central)
    assert any(r["id"] == plan.theatre.sea.id for r in rows)  # the Black Sea line has its row


def test_the_uk_motion_limits_say_what_the_posture_says_for_the_uk(plan):
    gb = render_memo(plan, "GB", date="2026-03-01")
    mine = [x for x in plan.posture.positions if x.provider == Provider.COALITION and x.troops > 0
            and any(a.nation == "GB" and a.units and a.task == x.task and a.sector == x.place
                    and a.capability == x.capability for a in plan.allocation.assignment)]
    nearest = min(x.km_from_line for x in mine if x.km_from_line is not None)
    limit = next(ln for ln in gb.splitlines() if ln.startswith("- no UK troops on the line of contact"))
    assert f"the nearest about {num(nearest)} km away" in limit
    assert "in depth" in limit and f"{num(plan.posture.depth_km)} km back" in limit  # as its section 7 lists them
    area = gb.split("## 7.")[1].split("## 8.")[0]
    assert f"In depth, about {num(plan.posture.depth_km)} km behind the line of contact" in area


def test_the_german_memo_explains_its_force_pool_against_its_land_forces(plan):
    de = render_memo(plan, "DE", date="2026-03-01")
    rec = next(r for r in plan.rotation.nations if r.nation == "DE")
    w = words("de")
    assert 0 < rec.ground < rec.troops  # air crews beside ground troops: the case the reader asked about
    para = next(p for p in de.split("\n\n") if w.num(rec.pool_needed) in p)
    for figure in (rec.troops, rec.force_pool, rec.ground, rec.pool_needed, rec.troops - rec.ground,
                   rec.deployable_pool):
        assert w.num(figure) in para, figure
    assert f"({w.num(rec.ground)} × {w.num(rec.multiplier)})" in para
    assert "Landstreitkräften" in para and "Personalumfang" in para


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_dutch_conditions_are_counted_from_their_list(plan, lang):
    memo = render_memo(plan, "NL", lang, date="2026-03-01")
    w = words(lang)
    grounds, conditions = memo.split("\n## 3.")[1].split("\n## 4.")[0], memo.split("\n## 4.")[1].split("\n## 5.")[0]
    listed = [ln for ln in grounds.splitlines() if ln.startswith("- ")]
    statements = [ln for ln in listed if re.match(r"- (\d|April|\w+ 20\d\d)", ln)]
    own = [ln for ln in listed if ln not in statements]
    count = w.count(len(own))
    assert len(own) == 3 and count in ("drie", "three")
    intro = conditions.split("\n\n")[1]
    assert re.search(rf"\b{count}\b", intro) and all(ln[2:] in intro for ln in own)
    assert f" {count} " in grounds


def test_the_dutch_stance_is_dated_by_its_newest_statement(plan):
    nl = render_memo(plan, "NL", date="2026-03-01")
    assert "Vastgelegde opstelling van Nederland: voorwaardelijk (16 december 2025)." in nl
    src = plan.nations.get("NL", "stance_source")
    assert "16 Dec 2025" in src and "veilig genoeg" in src and "23 Feb 2026" in src


def test_an_open_check_is_said_by_one_owner(plan):
    """The first paragraph, the verdict box and the board say an open coalition check with the same
    figures: wording_board.check, through item."""
    board = plan.conditions.coalition
    assert board.open_items
    page = H.unescape(render_html(plan))
    for k in board.open_items:
        figures = W.check(board.checks[k], plan, brief=True)
        assert figures in lead(plan)
        assert W.item(plan, k, CheckState.OPEN)[1:] in page  # the verdict box capitalises it


def test_frances_own_rate_is_its_own_cases_median_which_is_also_the_overall_one(plan):
    """France's 'own past deployments' rate equals the all-cases median: its three cases' median is the
    middle case of all nine (a coincidence of the data, not the default rate applied), and the report
    says so; Germany's own median differs from it."""
    rows = catalog.costs()
    cases = rows[rows["kind"] == "nation_additional"]
    own = lambda code: statistics.median(cases[cases["nation"] == code]["cost_per_troop_year_eur2025"].astype(float))  # noqa: E731
    overall = statistics.median(cases["cost_per_troop_year_eur2025"].astype(float))
    by = {b.nation: b for b in plan.cost.by_nation}
    assert by["FR"].rate == "national" and by["FR"].per_troop_year == round(own("FR")) == round(overall)
    assert by["DE"].rate == "national" and by["DE"].per_troop_year == round(own("DE")) != round(overall)
    basis = {r["code"]: r["basis"] for r in cost(plan)["rows"]}
    assert "its own 3 past deployments" in basis["FR"] and "the same as the median of all cases" in basis["FR"]
    assert "the same as" not in basis["DE"]
    assert "Germany in KFOR (Kosovo), 2017" in cost(plan)["source"] and "KFOR_DE" not in cost(plan)["source"]


def test_the_seed_and_the_solver_are_sentences(plan):
    page = visible_text(render_html(plan))
    assert not re.search(r"(?<![\w(])Seed \d", page) and "Solver:" not in page
    assert f"fixed random seed ({plan.incidents.seed})" in page and "solved with HiGHS" in page


def test_every_language_counts_in_words():
    for lang in ("en", "nl", "de", "fr"):
        assert len(words(lang).terms["count"]) == 11, lang
    assert words("nl").count(3) == "drie" and words("de").count(2) == "zwei" and words("en").count(12) == "12"


def test_escalation_open_item_says_on_which_side_of_the_threshold():
    from types import SimpleNamespace

    c = SimpleNamespace(check=vocab.Check.ESCALATION_RISK, state=CheckState.OPEN, value=0.27, threshold=0.25,
                        low=0.2, high=0.31, months=36)
    text = W.check(c, None)
    assert f"above the threshold of {pct(0.25)} at its central estimate" in text and "reaches below it" in text
    assert "borderline" not in text


def test_module_sizes_stay_small():
    root = Path(peaceforce.__file__).parent / "report"
    for name in ("wording.py", "wording_board.py", "wording_mission.py", "traces.py", "labels.py", "lead.py"):
        assert len((root / name).read_text().splitlines()) < 400, name


# ---------------------------------------------------------------- the second reader review (issue 13)

#: a distance said from the line of contact, or from 'it' after the line, in each memo language: the
#: hubs' distances are to any hostile ground (tasks.distances_to_line), the borders included
FROM_THE_LINE = re.compile(r"km (?:from the line of contact|(?:from|behind) it\b)|(?<!langs )(?<![\d.])\d[\d.]* km van de contactlijn|"
                           r"km von der Kontaktlinie|\bà [\d\u202f ]+ km de la ligne de contact|"
                           r"km (?:ervan|von ihr|de celle-ci)\b")
#: a year printed as a float (a pandas column with gaps): 'KFOR (Kosovo) 2017.0'
FLOAT_YEAR = re.compile(r"\b(?:19|20)\d\d\.0\b")


def _memos(plan):
    for code in ("NL", "DE", "FR", "GB"):
        for lang in memo_languages(code):
            yield code, lang, render_memo(plan, code, lang, date="2026-03-01")


def _summary(plan) -> str:
    out = io.StringIO()
    summary.render(plan, Console(file=out, width=200, color_system=None))
    return out.getvalue()


def test_distances_are_said_from_hostile_ground_as_they_are_measured(example):
    """Lviv is 193 km from the Belarusian border, not from the line of contact: every text says what the
    distance is measured to (the line of contact or the Russian or Belarusian border)."""
    texts = {"lead": lead(example), "posture": W.posture_summary(example.posture, example.incidents, example),
             "report": visible_text(render_html(example)), "markdown": render_markdown(example),
             "summary": " ".join(_summary(example).split())}
    texts.update({f"memo {c} {lang}": m for c, lang, m in _memos(example)})
    for name, text in texts.items():
        assert not FROM_THE_LINE.search(text), (name, FROM_THE_LINE.search(text).group(0))
    if example.posture.hubs(Provider.COALITION):
        said = f"from hostile ground ({L.hostile(example)})"
        assert said in lead(example) and said in texts["posture"] and said in texts["summary"]
        for code, lang, memo in _memos(example):
            w = words(lang)
            na = example.allocation.nation(code)
            if "area" in [s.id for s in frame_for(code).for_troops(na.troops_deployed if na else 0).sections]:
                assert w.say("area.measure", hostile=w.hostile(example.theatre.name)) in memo, (code, lang)


def test_the_nearest_hub_is_measured_to_a_border_not_the_line(plan):
    """Why the words matter: the default plan's nearest hub is nearer the Belarusian border than the line."""
    from peaceforce.tasks import distances_to_line

    km, hub_id = min((km, h) for h, (km, _) in plan.posture.hubs(Provider.COALITION).items())
    hub = plan.theatre.hub(hub_id)
    line_only = plan.theatre.model_copy(update={"sectors": [s for s in plan.theatre.sectors if s.kind == "line"]})
    assert distances_to_line([hub], line_only)[0] > km + 100  # the line of contact is far further away
    assert f"{num(km)}–" in lead(plan) and "the Russian or Belarusian border" in lead(plan)


def test_no_bare_nation_code_in_a_table_cell_and_no_float_year(example):
    """Table cells and map labels name nations ('Canada', 'hosted by Latvia'), never 'CA' or 'LV'; no year
    is printed as a float."""
    page = render_html(example)
    codes = set(catalog.nations()["code"]) | {"UA", "RU", "BY"}
    # a code inside a proper name is the name ('EUMAM UA', the EU's training mission for Ukraine)
    bare = re.compile(r"(?<![\w/.-])(?<!EUMAM )(?:" + "|".join(sorted(codes - {"US"})) + r")(?![\w-])")
    cells = [visible_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", page, flags=re.S)]
    cells += [visible_text(c) for c in re.findall(r"<text[^>]*>(.*?)</text>", page, flags=re.S)]  # the map's labels
    found = sorted({m.group(0) + " in " + repr(c.strip()[:60]) for c in cells for m in bare.finditer(c)
                    if "http" not in c})
    assert not found, found[:8]
    for name, text in (("report", visible_text(page)), ("markdown", render_markdown(example)),
                       ("summary", _summary(example)), ("cost source", example.cost.source),
                       *((f"memo {c} {lang}", m) for c, lang, m in _memos(example))):
        assert not FLOAT_YEAR.search(text), (name, FLOAT_YEAR.search(text).group(0))


def test_the_scanners_catch_codes_and_float_years():
    assert FLOAT_YEAR.search("KFOR (Kosovo) 2017.0") and not FLOAT_YEAR.search("KFOR (Kosovo), 2017; 2.0 km")
    assert FROM_THE_LINE.search("guard 10 hubs 62–361 km behind it") and FROM_THE_LINE.search("Lviv, 193 km van de contactlijn")
    assert not FROM_THE_LINE.search("in depth, about 60 km behind the line of contact")
    assert FROM_THE_LINE.search("Lviv, à 193 km de la ligne de contact") and FROM_THE_LINE.search("op 62 km van de contactlijn")
    assert not FROM_THE_LINE.search("se tiennent sur 1\u202f218 km de la ligne de contact")
    assert not FROM_THE_LINE.search("staan 10.700 militairen langs 1.218 km van de contactlijn")
    assert FROM_THE_LINE.search("Lviv, 193 km van de contactlijn") and FROM_THE_LINE.search("der nächste 62 km von ihr entfernt")


def test_provided_by_others_is_the_sum_of_the_parts_it_shows(plan):
    from peaceforce.report.content import summary as card_summary

    label, value, detail = next(f for f in card_summary(plan)["figures"] if f[0] == "Provided by others")
    parts = [int(x.replace(",", "")) for x in re.findall(r"(?:US|host nation) ([\d,]+)", detail)]
    raw = [r.central for p, r in plan.requirement.by_provider.items() if p != Provider.COALITION and r.central > 0]
    assert round(sum(raw)) != sum(round(x) for x in raw)  # the case the review found: 626.25 + 413.325
    assert int(value.replace(",", "")) == sum(parts) and len(parts) == 2
    besides = lead(plan).split("Besides the coalition: ")[1]
    assert all(num(x) in besides for x in parts)


def test_the_summary_says_shares_as_the_report_does(plan):
    i = plan.incidents
    text = " ".join(_summary(plan).split())
    assert f"answered clearly and in time {pct(i.answered_clearly_share)}" in text
    if 0.995 <= i.answered_clearly_share < 1:
        assert "in time 100%" not in text


def _nested(text: str) -> list[str]:
    """Lines with a parenthesis inside another ('(Allemagne, ...) inside (...)'); a legal subsection such
    as 's.19(2)' is a reference, not a parenthesis."""
    out = []
    for line in text.splitlines():
        depth = 0
        for i, ch in enumerate(re.sub(r"(?<=\w)\(\w{1,3}\)", "", line)):
            depth += (ch == "(") - (ch == ")")
            if depth >= 2:
                out.append(line[:160])
                break
            depth = max(depth, 0)
    return out


def test_no_memo_nests_parentheses(example):
    """French section 16 read '(soutien américain : un appui aérien (avec ...) et ... (Allemagne, ...))':
    what is said in parentheses never holds parentheses of its own, in any memo."""
    assert _nested("a (b (c) d)") and not _nested("a (b) c (d); Constitution s.19(2)")
    for code in example.nations.codes:
        if example.nations.stance(code) == "backstop":
            continue
        for lang in memo_languages(code):
            found = _nested(render_memo(example, code, lang, date="2026-03-01"))
            assert not found, (code, lang, found[:3])
