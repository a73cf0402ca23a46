"""The decision memo in each nation's own frame and language (report/memo*.py, data/memo/*.yaml):
sections in the frame's order, no English in the Dutch, German and French memos, no internal codes,
and every troop figure the memo states for the nation equal to the plan's."""

from __future__ import annotations

import re
from datetime import date

import pytest

import peaceforce
from peaceforce import catalog, vocab
from peaceforce.errors import InputError
from peaceforce.report import render_memo
from peaceforce.report.memo import SECTIONS
from peaceforce.report.memo_frames import frame_for, frames, memo_languages, variants
from peaceforce.report.memo_words import LANGS, NBSP, NNBSP, placeholders, table, words

from conftest import DEFAULT, base_spec

DATE = date(2026, 3, 1)
#: (nation, the language its frame decides in): the four frames and one nation on the general frame
CASES = [("NL", "nl"), ("DE", "de"), ("GB", "en"), ("FR", "fr"), ("ES", "en")]
FOREIGN = [c for c in CASES if c[1] != "en"]

#: common English words that are not words of the other language (' of ' and ' is ' are Dutch words,
#: 'mission', ' force ' and ' air ' French ones)
ENGLISH = [" the ", " and ", " of ", " with ", " which ", " troops", "backstop", " would ", " should ", " year",
           " months", " share ", " level ", " none", " not ", " from ", " for ", " by ", " this ", " that ",
           " are ", " has ", " its ", " between ", "intelligence", " air ", " force ", "mission", " units",
           " capability", " deployed", " enablers", " sourced", " go "]
NOT_ENGLISH_IN = {"nl": {" of "}, "de": set(), "fr": {"mission", " force ", " air "}}
#: identifiers of the code that are also ordinary words of a language
NATIVE = {"nl": {"open", "training", "monitoring", "intact"}, "de": {"open", "robust"},
          "fr": {"invitation", "aviation", "maritime", "manoeuvre", "observe", "consent", "intact", "national"},
          "en": set()}
#: the troop noun of each language, singular and plural
TROOP_WORD = r"(?:troops|service member|militairen|militair|Soldatinnen und Soldaten|Soldatin oder Soldat|militaires|militaire)"
SEPARATORS = {"en": ",", "nl": ".", "de": ".", "fr": NNBSP}


@pytest.fixture(scope="module")
def plan():
    return peaceforce.plan(DEFAULT, runs=20)


@pytest.fixture(scope="module")
def memos(plan):
    return {code: render_memo(plan, code, date=DATE) for code, _ in CASES}


def prose(memo: str, plan) -> str:
    """The memo without what is quoted rather than written: the scenario's own name, the reference,
    the product and file names, statements in quotation marks."""
    text = memo.replace(plan.scenario.name, " ").replace("peaceforce", " ").replace("report.html", " ")
    text = re.sub(r"PF-\d{8}-[A-Z]{2}-[0-9A-F]{4}", " ", text)
    # the sources of the nation's entries are cited as the nation table gives them (English memos only)
    cited = {table(lang)["say"][k] for lang in LANGS for k in ("col.stance", "col.parliament")}
    text = "\n".join(ln for ln in text.splitlines() if not any(ln.startswith(f"| {c} |") for c in cited))
    return re.sub(r"[“„«][^”“»]*[”“»]", " ", text)


def enum_words() -> set[str]:
    out: set[str] = set()
    for enum in (vocab.Backstop, vocab.Verdict, vocab.Stance, vocab.Threat, vocab.Role, vocab.ParliamentStatus,
                 vocab.ParliamentRule, vocab.FlankPolicy, vocab.ForceOption, vocab.CheckState, vocab.Check,
                 vocab.Capability, vocab.IncidentType, vocab.Response, vocab.Authority, vocab.LegalBasis,
                 vocab.FindingKind, vocab.Stand, vocab.FlankVerdict):
        out |= {m.value for m in enum}
    return out


def troop_number(text: str, lang: str) -> int:
    return int(text.replace(SEPARATORS[lang], "").replace(NBSP, ""))


# ---------------------------------------------------------------- frames and order


@pytest.mark.parametrize("code, lang", CASES)
def test_memo_sections_come_in_the_frames_order(plan, memos, code, lang):
    frame = frame_for(code).for_troops(plan.allocation.nation(code).troops_deployed)
    assert frame.lang == lang
    headings = [ln[3:] for ln in memos[code].splitlines() if ln.startswith("## ")]
    assert headings == [f"{i}. {h}" for i, h in enumerate(frame.headings(lang), 1)]


def test_the_frames_are_the_nations_decision_documents():
    nl = frame_for("NL").headings("nl")
    assert nl[0] == "Kern van het besluit"
    order = ["Kern van het besluit", "Politieke context en contextanalyse", "Gronden voor deelname",
             "Volkenrechtelijk mandaat en rechtsgrondslag", "De Nederlandse bijdrage", "Militaire haalbaarheid",
             "Commandostructuur", "Geweldsinstructie", "Risico's", "Duur en exit", "Financiën",
             "Monitoring, evaluatie en informatievoorziening", "De oostflank"]
    assert [h for h in nl if h in order] == order
    de = frame_for("DE").headings("de")
    for point in ("Einsatzgebiet", "Einsatzauftrag und Aufgaben", "Personalobergrenze", "Einzusetzende Fähigkeiten",
                  "Dauer des Einsatzes", "Kosten und Finanzierung", "Bedingungen", "Risiken"):
        assert point in de
    assert "Völkerrechtliche und verfassungsrechtliche Grundlagen" in de
    # the Antrag's points (ParlBG section 3) before its grounds
    assert de.index("Kosten und Finanzierung") < de.index("Begründung: politische Lage")
    assert "The motion and its limits" in frame_for("GB").headings("en")
    assert "Durée et autorisation de prolongation" in frame_for("FR").headings("fr")
    assert frame_for("ES") is frames()["default"] and frame_for("ES").lang == "en"


def test_every_frame_section_is_written_and_every_frame_language_has_its_headings():
    for frame in variants():
        assert frame.langs[0] == frame.lang and "en" in frame.langs
        for s in frame.sections:
            assert s.id in SECTIONS, (frame.code, s.id)
            assert all(s.heading(lang) for lang in frame.langs)


def test_lang_defaults_to_the_frames_language_and_english_is_the_same_frame(plan, memos):
    for code, lang in CASES:
        assert memos[code] == render_memo(plan, code, lang, date=DATE)
        assert memo_languages(code)[0] == lang
    en = render_memo(plan, "DE", "en", date=DATE)
    assert [ln[3:] for ln in en.splitlines() if ln.startswith("## ")] == [
        f"{i}. {h}" for i, h in enumerate(frame_for("DE").headings("en"), 1)]
    assert "Bundestag" in en and "Einsatz" not in en


@pytest.mark.parametrize("code, lang", [("DE", "nl"), ("GB", "fr"), ("ES", "de"), ("NL", "fr")])
def test_a_language_outside_the_frame_is_refused(plan, code, lang):
    with pytest.raises(InputError) as err:
        render_memo(plan, code, lang)
    assert err.value.field == "lang" and "en" in err.value.allowed


# ---------------------------------------------------------------- language and codes


@pytest.mark.parametrize("code, lang", FOREIGN)
def test_no_english_in_the_dutch_german_and_french_memos(plan, memos, code, lang):
    text = prose(memos[code], plan).lower()
    found = [w for w in ENGLISH if w not in NOT_ENGLISH_IN[lang]
             and re.search(rf"(?<![\w-]){re.escape(w.strip())}(?![\w-])", text)]
    assert not found, found


@pytest.mark.parametrize("code, lang", CASES)
def test_no_internal_codes(plan, memos, code, lang):
    text = prose(memos[code], plan)
    assert not re.findall(r"\b[a-z]+(?:_[a-z0-9]+)+\b", text), "snake_case identifiers"
    for value in enum_words():
        assert f"'{value}'" not in text and f"“{value}”" not in text, value
    if lang != "en":  # identifiers that are English words must not stand in the text at all
        leaked = sorted(v for v in enum_words() - NATIVE[lang] if re.search(rf"(?<![\w-]){re.escape(v)}(?![\w-])", text))
        assert not leaked, leaked
    codes = "|".join(sorted(set(plan.nations.codes) | {"UA", "RU"}))
    assert not re.findall(rf"(?<![\w-])(?:{codes})(?![\w-])", text), "nation codes as names"


# ---------------------------------------------------------------- figures


@pytest.fixture(scope="module")
def air_plan():
    """The US backstop the Netherlands asks for: it is asked, and contributes."""
    return peaceforce.plan(base_spec(us_backstop="air", parliament={"NL": "pending"}), runs=20)


@pytest.mark.parametrize("code, lang", CASES)
def test_every_troop_figure_for_the_nation_is_the_plans(plan, air_plan, memos, code, lang):
    if code == "NL":  # sends nothing in the default plan (below); contributes with American air support
        plan = air_plan
        memos = {code: render_memo(plan, code, date=DATE)}
    memo, troops = memos[code], plan.allocation.nation(code).troops_deployed
    stated = re.findall(rf"\*\*([\d{re.escape(SEPARATORS[lang])}]+) {TROOP_WORD}\*\*", memo)
    assert troops > 0 and stated, "the memo states the nation's troops"
    assert {troop_number(s, lang) for s in stated} == {troops}
    # the units table adds up to it too
    head = table(lang)["say"]["col.troops"]
    lines = memo.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("| ") and f" {head} " in ln)
    col = [c.strip() for c in lines[start].split("|")].index(head)
    rows = [ln for ln in lines[start + 2:] if ln.startswith("| ")]
    rows = rows[:next((i for i, ln in enumerate(lines[start + 2:]) if not ln.startswith("| ")), len(rows))]
    assert sum(troop_number(r.split("|")[col].strip(), lang) for r in rows) == troops


def test_a_nation_that_sends_nothing_says_so_in_its_language(plan, memos):
    assert plan.allocation.nation("NL").troops_deployed == 0
    nl = memos["NL"]
    assert "**geen militairen**" in nl
    assert not re.findall(rf"\*\*[\d.]+ {TROOP_WORD}\*\*", nl)
    assert "> **NIET DEELNEMEN**" in nl and "luchtsteun" in nl  # no-go for want of American air support


def test_numbers_dates_and_money_in_the_languages_format():
    assert [words(lang).num(21362.4) for lang in LANGS] == ["21,362", "21.362", "21.362", f"21{NNBSP}362"]
    assert words("nl").num(1, 2) == "1,00" and words("fr").num(0.36, 2) == "0,36"
    assert words("de").pct(0.1) == f"10{NBSP}%" and words("nl").pct(0.1) == "10%"
    assert words("nl").money(4.57e9) == "€ 4,57 miljard" and words("de").money(2.66e8) == "266 Mio. Euro"
    assert words("fr").money(1.27e9) == "1,27 milliard d'euros" and words("fr").money(4.57e9) == "4,57 milliards d'euros"
    assert [words(lang).date(DATE) for lang in LANGS] == ["1 March 2026", "1 maart 2026", "1. März 2026", "1er mars 2026"]


@pytest.mark.parametrize("code, lang", CASES)
def test_every_memo_has_its_date_reference_and_pointer_to_the_report(plan, memos, code, lang):
    memo = memos[code]
    assert words(lang).date(DATE) in memo
    assert re.search(rf"PF-20260301-{code}-[0-9A-F]{{4}}", memo)
    # the report by its title and date, never by a file name
    assert words(lang).say("report.named", title=plan.scenario.name, date=words(lang).date(DATE)) in memo
    # the report by its title and date, never by a file name (a source's web address may end in .html)
    assert not re.search(r"\b(?:report|plan)\.(?:html|md|json)\b", memo)
    assert render_memo(plan, code, date=DATE, report_date="2026-02-27") != memo
    assert render_memo(plan, code, date=DATE) == memo  # deterministic for a given date
    assert render_memo(plan, code, date="2026-03-02") != memo


# ---------------------------------------------------------------- what would change it


def test_what_would_change_it_says_plainly_when_not_computed(plan, memos):
    assert plan.what_if is None
    assert table("nl")["say"]["whatif.not_computed"] in memos["NL"]
    assert table("de")["say"]["whatif.not_computed"] in memos["DE"]


def test_what_would_change_it_from_the_plans_what_if_record():
    p = peaceforce.plan(DEFAULT, runs=20).compute_what_if(runs=20)
    nl = render_memo(p, "NL", date=DATE)
    section = nl.split("## 6. Wat het besluit zou veranderen")[1].split("## 7.")[0]  # the Kamerbrief: NL sends none
    assert table("nl")["say"]["whatif.not_computed"] not in nl
    shown = p.what_if.shown("NL")
    assert shown and section.count(" → **") == len(shown)
    assert "Amerikaanse steun in de vorm van luchtsteun" in section  # the backstop NL asks for, in words


# ---------------------------------------------------------------- the data files


def test_every_language_file_says_the_same_things():
    en = table("en")["say"]
    names = {"nation", "Nation", "poss", "Poss", "host", "at_host", "who", "who_of"}  # a language picks its own name forms
    for lang in LANGS:
        say = table(lang)["say"]
        assert set(say) == set(en), (lang, set(say) ^ set(en))
        for key, text in say.items():
            assert placeholders(text) - names == placeholders(en[key]) - names, (lang, key)
    for frame in variants():
        if frame.code == "default":
            continue
        keys = set(table("en")["frames"][frame.code])
        assert set(table(frame.lang)["frames"][frame.code]) == keys, frame.code
        for key, text in table(frame.lang)["frames"][frame.code].items():
            assert placeholders(text) - names == placeholders(table("en")["frames"][frame.code][key]) - names, key


def test_every_term_the_plan_can_use_has_a_word_in_every_language(plan):
    tables = {"capability": vocab.Capability, "incident": vocab.IncidentType, "response": vocab.Response,
              "authority": vocab.Authority, "backstop": vocab.Backstop, "verdict_box": vocab.Verdict,
              "verdict_adj": vocab.Verdict, "check": vocab.Check, "check_failed": vocab.Check, "stance": vocab.Stance,
              "threat": vocab.Threat, "legal_basis": vocab.LegalBasis, "finding": vocab.FindingKind,
              "role_goal": vocab.Role, "parliament_rule": vocab.ParliamentRule, "option": vocab.ForceOption,
              "fair_key": vocab.FairShareKey, "check_state": vocab.CheckState}
    places = {s.id for s in plan.theatre.sectors} | {h.id for h in plan.theatre.hubs} | {plan.theatre.sea.id}
    formations = set(catalog.read_csv(catalog.data_path("formations.csv"), "formations")["formation"])
    for lang in LANGS:
        terms = table(lang)["terms"]
        for kind, enum in tables.items():
            assert {m.value for m in enum} <= set(terms[kind]), (lang, kind)
        assert set(plan.nations.codes) <= set(terms["nation"]), lang
        assert places <= set(terms["place"]), lang
        assert formations <= set(terms["unit"]), lang


# ---------------------------------------------------------------- the documents' own forms (second reader review)


def _paragraphs(memo: str) -> list[str]:
    return [p for p in memo.split("\n\n") if p.strip()]


@pytest.mark.parametrize("variant", ["kamerbrief", "artikel100"])
def test_a_dutch_letter_opens_and_closes_as_dutch_letters_do(plan, air_plan, variant):
    """'Geachte voorzitter,' after the letterhead, Article 100's words and the Toetsingskader 2014, and the
    signing ministers by their office before the annex of sources; the same in the English rendering."""
    p = plan if variant == "kamerbrief" else air_plan
    assert (p.allocation.nation("NL").troops_deployed > 0) == (variant == "artikel100")
    for lang, hello, ministers in (("nl", "Geachte voorzitter,", ("De minister van Buitenlandse Zaken,", "De minister van Defensie,")),
                                   ("en", "Dear Speaker,", ("The Minister of Foreign Affairs,", "The Minister of Defence,"))):
        memo = render_memo(p, "NL", lang, date=DATE)
        paras = _paragraphs(memo)
        first = next(i for i, x in enumerate(paras) if x.startswith("## 1."))
        assert paras[first - 2] == hello, paras[first - 2]  # then the opening paragraph, then section 1
        assert "Toetsingskader 2014" in memo
        annex = max(j for j, y in enumerate(paras) if y.startswith("## "))  # the basis and sources
        assert paras[annex - 2:annex] == list(ministers), paras[annex - 3:annex]
    if variant == "artikel100":
        assert "In overeenstemming met artikel 100 van de Grondwet" in render_memo(p, "NL", date=DATE)


def test_the_dutch_says_plainly_who_is_not_asked_and_what_was_planned_again():
    p = peaceforce.plan(DEFAULT, runs=20).compute_what_if(runs=20)
    nl = render_memo(p, "NL", date=DATE)
    for clumsy in ("krijgsmachtplanning", "opnieuw gemaakt", "vraagt Nederland niet"):
        assert clumsy not in nl, clumsy
    assert "Nederland wordt niet om troepen gevraagd, omdat het Amerikaanse steun" in nl
    assert "opnieuw in het hele plan doorgerekend" in nl


def test_the_uk_statement_opens_and_ends_as_an_oral_statement(memos):
    gb = memos["GB"]
    paras = _paragraphs(gb)
    first = next(i for i, x in enumerate(paras) if x.startswith("## 1."))
    assert paras[first - 1].startswith("**The Secretary of State for Defence:** With permission, Mr Speaker, "
                                       "I would like to make a statement on the United Kingdom's contribution")
    assert "I commend this statement to the House." in gb
    assert gb.index("I commend this statement") < gb.index("## 17. Basis and sources")
    assert "The Government proposes that the United Kingdom contribute **" in gb


def test_the_german_motion_is_headed_as_a_drucksache(plan, memos):
    de = memos["DE"]
    assert de.startswith("**Deutscher Bundestag** — Drucksache 21/… (Entwurf)  \n21. Wahlperiode — 1. März 2026\n")
    assert de.index("Drucksache") < de.index("*Entwurf: Antrag der Bundesregierung*") < de.index("Der Bundestag wolle beschließen:")
    # the electoral term of the memo's date
    assert "20. Wahlperiode" in render_memo(plan, "DE", date="2024-06-01")
    assert "German Bundestag** — Printed paper 21/" in render_memo(plan, "DE", "en", date=DATE)


@pytest.mark.parametrize("code, lang", CASES)
def test_the_subject_is_in_the_memos_language_and_the_english_title_named_once(plan, memos, code, lang):
    memo = memos[code]
    subject = next(ln for ln in memo.splitlines() if ln.startswith(f"**{table(lang)['say']['meta.subject']}"))
    want = table(lang)["terms"]["subject"][plan.scenario.name]
    assert subject.endswith(want + "  ") and (lang == "en" or plan.scenario.name not in subject), subject
    assert memo.count(plan.scenario.name) == 1 + (lang == "en"), memo.count(plan.scenario.name)  # the report's title
    # a scenario of the user's: its force and where it serves, in the language
    own = peaceforce.plan(base_spec(name="Our own plan"), runs=20)
    line = next(ln for ln in render_memo(own, code, date=DATE).splitlines() if ln.startswith(f"**{table(lang)['say']['meta.subject']}"))
    force = table(lang)["terms"]["force_name"]["reassure"]
    assert force[:1].upper() + force[1:] in line and "Our own plan" not in line, line
