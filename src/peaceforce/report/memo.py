"""A decision memo for one nation's government and parliament, in the nation's own decision frame and
language.

Each nation decides in its own document: the Netherlands in an Article 100 letter (kern van het besluit,
then the Toetsingskader's points), Germany in the government's motion to the Bundestag (the points
ParlBG section 3 requires: task, area, legal basis, personnel ceiling, capabilities, duration, costs),
the United Kingdom in a statement to the House of Commons with the motion it would debate, France in
the information the government owes Parliament under Article 35 of the Constitution; every other nation
gets a general memo in English. The frames (which sections, in what order, with which headings) are
data (data/memo/frames.yaml, read by memo_frames); the words are the language's file (data/memo/<lang>.yaml,
memo_words). A memo is written in its frame's language by default, or in English.

A nation that sends nothing gets a memo too: it says so, why, what the nation could offer and what would
change the verdict, because "no" needs the same reasoning as "yes".

Pure: Plan in, text out. Every figure comes from the plan; the memo adds no number of its own except
simple arithmetic on the plan's figures, labelled as such.
"""

from __future__ import annotations

import re

from datetime import date as Date, datetime

from ..errors import InputError
from .memo_doc import FORMATS, to_html, to_markdown
from .memo_frames import frame_for, memo_languages
from .memo_judgement import MemoJudgement
from .memo_means import MemoMeans

#: what fills each section id a frame may name (data/memo/frames.yaml)
SECTIONS = {
    "decision": "s_decision", "context": "s_context", "grounds": "s_grounds", "legal": "s_legal", "task": "s_task",
    "contribution": "s_contribution", "area": "s_area", "ceiling": "s_ceiling", "feasibility": "s_feasibility",
    "command": "s_command", "roe": "s_roe", "risks": "s_risks", "conditions": "s_conditions",
    "duration": "s_duration", "costs": "s_costs", "monitoring": "s_monitoring", "flank": "s_flank",
    "motion": "s_motion", "whatif": "s_whatif", "report": "s_report",
}


class _Memo(MemoJudgement, MemoMeans):
    """The memo's sections in the order of the nation's frame (see the module docstring)."""

    def header(self) -> str:
        title = self.say("title")
        if self.has("letterhead.parliament"):  # a parliamentary paper's head (the Bundestag's Drucksache)
            term = self.w.bundestag_term(self.date)
            self.doc.letterhead([self.say("letterhead.parliament"), self.say("letterhead.term", term=term)],
                                [self.say("letterhead.number", term=term), self.w.date(self.date)])
        self.doc.kicker(self.say("kicker", document=self.frame.document[self.lang]))
        self.doc.h1(title)
        self.doc.meta([(self.say("meta.date"), self.w.date(self.date)), (self.say("meta.reference"), self.reference()),
                       (self.say("meta.to"), self.say("meta.to_text")),
                       (self.say("meta.subject"), self.say("meta.subject_text", subject=self.subject)),
                       (self.say("meta.status"), self.say("meta.status_text"))])
        self.doc.note(self.say("header.note", document=self.frame.document[self.lang], report=self.report))
        # how the document opens: a letter's salutation, a statement's first words (frames' own sentences)
        for key in ("letter.salutation", "letter.opening"):
            if self.has(key):
                self.doc.p(self.say(key))
        return title

    def closing(self) -> None:
        """How the document ends: a statement's last words, a letter's signing offices (before the basis and
        sources, which stand as an annex)."""
        if self.has("letter.close"):
            self.doc.p(self.say("letter.close"))
        self.doc.sign([self.say(f"letter.sign_{k}") for k in range(1, 4) if self.has(f"letter.sign_{k}")])

    def parts(self) -> list[str]:
        """The methods that write the memo, in order (the header, then the frame's sections)."""
        return ["header"] + [SECTIONS[s.id] for s in self.frame.sections] + ["closing"]

    def write(self) -> str:
        title = self.header()
        closed = False
        for i, section in enumerate(self.frame.sections, 1):
            if section.id == "report":  # the letter ends before its annex
                self.closing()
                closed = True
            self.doc.h2(f"{i}. {section.heading(self.lang)}")
            getattr(self, SECTIONS[section.id])()
        if not closed:
            self.closing()
        self.doc.note(self.say("report.note"))
        return title


def as_date(value) -> Date | None:
    """A memo's date: a date, or text in exactly the form YYYY-MM-DD (not a time, not 20260301)."""
    if value is None or isinstance(value, Date) and not isinstance(value, datetime):
        return value
    if isinstance(value, datetime):
        return value.date()
    text = str(value)
    try:
        if not _DATE.fullmatch(text):
            raise ValueError(text)
        return Date.fromisoformat(text)
    except ValueError:
        raise InputError("date", text, "a date as YYYY-MM-DD") from None


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def render_memo(plan, nation: str, lang: str | None = None, fmt: str = "md", *, date=None,
                report_date=None) -> str:
    """The decision memo for `nation` (ISO code) as Markdown or HTML, in the nation's frame.

    `lang` None writes it in the frame's language (nl for the Netherlands, de for Germany, fr for
    France, en otherwise); 'en' gives the English rendering of the same frame. `date` (a date or
    YYYY-MM-DD; default today) is the memo's date and part of its reference; the memo points to the plan
    report for its derivations and sources by the report's title and `report_date` (default: the memo's).
    """
    code = nation.upper() if isinstance(nation, str) else nation
    allowed = [c for c in plan.nations.codes if plan.nations.stance(c) != "backstop"]
    if code not in allowed:
        raise InputError("--nation", nation, "a nation code of the plan's nation table: " + ", ".join(sorted(allowed)))
    langs = memo_languages(code)
    if lang is not None and lang not in langs:
        raise InputError("lang", lang, f"one of {', '.join(langs)} ({code}'s frame: {frame_for(code).lang})")
    if fmt not in FORMATS:
        raise InputError("fmt", fmt, "one of " + ", ".join(FORMATS))
    memo = _Memo(plan, code, lang, date=as_date(date), report_date=as_date(report_date))
    title = memo.write()
    return to_markdown(memo.doc) if fmt == "md" else to_html(memo.doc, title)


__all__ = ["render_memo", "FORMATS", "SECTIONS", "memo_languages"]
