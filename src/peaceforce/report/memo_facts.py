"""The facts a memo states about one nation, in its language: names, figures, places, the board's checks.

`MemoFacts` reads the plan's records and says them through the language's phrase file (memo_words);
the memo's sections (memo_sections, memo_judgement, memo_means) arrange them in the order of the
nation's decision frame (memo_frames). Every figure is the plan's.
"""

from __future__ import annotations

from datetime import date as Date
from typing import Any

from ..vocab import CheckState, Constraint
from . import labels as L
from .memo_doc import Doc
from .memo_frames import frame_for
from .memo_words import words
from .wording import OUT_CONSTRAINTS

#: the board's checks in the order a memo lists them: the nation's own conditions first
CHECK_ORDER = ("mandate_clear", "us_backstop", "parliament", "un_mandate", "flank_intact", "sustainable",
               "requirement_filled", "escalation_risk", "leads_go")


def up(text: str) -> str:
    """First letter upper case: terms are written as they stand inside a sentence (German nouns keep
    their capitals), table cells and list items start with a capital."""
    return text[:1].upper() + text[1:]


class MemoFacts:
    """What the memo says about one nation; `say(key, ...)` words it in the memo's language."""

    def __init__(self, plan, code: str, lang: str | None = None, *, date: Date | None = None,
                 report_date: Date | None = None):
        self.p, self.code = plan, code
        self.na = next((n for n in plan.allocation.nations if n.nation == code), None)
        # the nation's document; a nation that sends nothing may write another one (frames.yaml)
        self.frame = frame_for(code).for_troops(self.na.troops_deployed if self.na else 0)
        self.lang = lang or self.frame.lang
        self.w = words(self.lang, self.frame.phrases or (self.frame.code,))
        self.board = plan.conditions.nations.get(code)
        self.doc = Doc(self.lang)
        self.date = date or Date.today()
        #: the plan report the memo points to, by its title and date (a reader has no file name), once: later
        #: mentions say 'the plan report'
        self.report = self.say("report.named", title=plan.scenario.name, date=self.w.date(report_date or self.date))
        #: what the memo is about, in its language: the scenario's title there (terms.subject, for the built-in
        #: scenarios), else the force and where it serves; the English title stays in the report's name only
        s = plan.scenario
        force = self.term("force_name", s.role)
        self.subject = self.w.terms.get("subject", {}).get(s.name) or up(self.say("subject.generic", force=force))

    # ------------------------------------------------------------ words

    def say(self, key: str, count: float | None = None, **kw: Any) -> str:
        """The phrase `key` with the nation's names filled in ({nation}, {Nation}, {poss})."""
        kw.setdefault("nation", self.name())
        kw.setdefault("Nation", self.Name())
        kw.setdefault("poss", self.poss())
        kw.setdefault("Poss", up(self.poss()))
        host = self.p.theatre.host
        kw.setdefault("host", self.name(host) if host else self.w.say("place.theatre"))
        kw.setdefault("at_host", self.w.nation_at(host) if host else self.w.say("place.theatre"))
        return self.w.say(key, count, **kw)

    def named(self, kind: str, key: Any) -> str:
        """A term of the vocabulary in words; anything else (a mandate file's free text) quoted as written."""
        if self.w.has_term(kind, key):
            return self.term(kind, key)
        return self.say("quoted", text=str(getattr(key, "value", key)))

    def has(self, key: str) -> bool:
        return self.w.has(key)

    def term(self, kind: str, key: Any, default: str | None = None) -> str:
        return self.w.term(kind, key, default)

    def n(self, x: float | None, digits: int = 0) -> str:
        return self.w.num(x, digits)

    def pct(self, x: float | None, digits: int = 0) -> str:
        return self.w.pct(x, digits)

    def money(self, x: float) -> str:
        return self.w.money(x)

    def join(self, items: list[str]) -> str:
        return self.w.join(items)

    def name(self, code: str | None = None) -> str:
        """A nation inside a sentence ('the Netherlands', 'het Verenigd Koninkrijk', 'la France')."""
        code = code or self.code
        return self.w.nation_in(code, self.p.nations.name(code) if code in self.p.nations.codes else code)

    def Name(self, code: str | None = None) -> str:
        n = self.name(code)
        return n[:1].upper() + n[1:]

    def poss(self, code: str | None = None) -> str:
        code = code or self.code
        return self.w.nation_of(code, self.p.nations.name(code) if code in self.p.nations.codes else code)

    def cell(self, code: str) -> str:
        """A nation as a table cell or list item, without an article."""
        return self.w.nation_name(code, self.p.nations.name(code) if code in self.p.nations.codes else code)

    def names(self, codes) -> str:
        return self.join([self.name(c) for c in codes])

    def cap(self, key: Any) -> str:
        return self.term("capability", key)

    def unit(self, unit_type: str, count: float) -> str:
        return self.w.unit(unit_type, count)

    def units(self, count: int, unit_type: str) -> str:
        """'2 fighter detachments', '1 compagnie'."""
        return f"{self.n(count)} {self.unit(unit_type, count)}"

    def place(self, pid: str) -> str:
        """A sector, hub or sea of the theatre; the theatre's own name where the language has none."""
        if self.w.has_term("place", pid):
            return self.term("place", pid)
        if pid == "theatre":
            return self.say("place.theatre")
        return L.sector_name(self.p, pid, "en")

    def incident(self, kind: Any) -> str:
        """An incident type inside a sentence (without its parenthetical gloss)."""
        return self.term("incident", kind).split(" (")[0]

    def mandate_name(self) -> str:
        """The mandate: a built-in one by its name in the language, a user's file by its own name."""
        m = self.p.mandate
        return self.term("mandate", m.name, self.say("mandate.named", name=m.name))

    def backstop(self, level: Any) -> str:
        return self.term("backstop", level)

    def verdict(self, v: Any, form: str = "box") -> str:
        """A verdict as the box shows it ('NIET DEELNEMEN') or inside a sentence (form 'adj')."""
        return self.term(f"verdict_{form}", v)

    def troops_word(self, count: float) -> str:
        return self.say("troops", count=count, n=self.n(count))

    def mine(self, count: float) -> str:
        """The nation's own troop figure, always in this bold form (tests read it)."""
        return f"**{self.troops_word(count)}**"

    # ------------------------------------------------------------ facts used in several sections

    def troops(self) -> int:
        return self.na.troops_deployed if self.na else 0

    def assignments(self) -> list:
        return [a for a in self.p.allocation.assignment if a.nation == self.code and a.units]

    def position(self, a):
        """Where an assignment's task stands (posture.Position), if the posture has it."""
        return next((x for x in self.p.posture.positions if x.task == a.task and x.place == a.sector
                     and x.capability == a.capability), None)

    def unit_items(self) -> list[str]:
        """The nation's units, one item per capability: '2 fighter detachments (220 troops)'."""
        by_cap: dict = {}
        for a in self.assignments():
            key = (a.capability, a.formation)
            units, troops = by_cap.get(key, (0, 0))
            by_cap[key] = (units + a.units, troops + a.troops)
        return [self.say("units.item", units=self.units(k, f), troops=self.troops_word(t))
                for (_, f), (k, t) in by_cap.items()]

    def conditions_of(self) -> tuple[list[str], list[str]]:
        """(the conditions the nation sets, what it does not ask for), as the plan's data record them: the
        one list the grounds and the conditions sections both show and count."""
        get = lambda col, default: self.p.nations.get(self.code, col, default) or default  # noqa: E731
        need = str(get("requires_us_backstop", "none"))
        rule = str(get("parliament_rule", "none"))
        asked = {"backstop": need != "none", "clear": bool(int(get("requires_clear_mandate", 0))),
                 "un": bool(int(get("requires_un_mandate", 0))), "parliament": rule == "prior"}
        said = {"backstop": self.say("grounds.backstop", level=self.backstop(need)),
                "clear": self.say("grounds.clear_yes"), "un": self.say("grounds.un_yes"),
                "parliament": self.term("parliament_rule", "prior")}
        return ([said[k] for k, v in asked.items() if v], [self.term("demand", k) for k, v in asked.items() if not v])

    def out_reason(self):
        """Why force generation did not ask the nation at all (its eligibility), if it did not."""
        for b in self.p.allocation.binding:
            if b.nation == self.code and b.constraint in OUT_CONSTRAINTS:
                return b
        return None

    def why_not_asked(self) -> str:
        """The sentence saying why the nation gives nothing."""
        out, p = self.out_reason(), self.p
        e = p.allocation.eligibility.get(self.code)
        if out is None:
            if self.na is not None and self.na.eligible:
                return self.say("why.filled_by_others")
            return self.say("why.not_asked")
        k = out.constraint
        if k == Constraint.US_BACKSTOP and e is not None:
            return self.say("why.us_backstop", need=self.backstop(e.requires_backstop),
                            given=self.backstop(p.scenario.us_backstop))
        if k == Constraint.STANCE and e is not None:
            return self.say("why.stance", stance=self.term("stance", e.stance),
                            when=self.w.month_year(e.stance_date) or "–")
        if k == Constraint.UN_MANDATE:
            return self.say("why.un_mandate")
        if k in (Constraint.EXCLUDED, Constraint.NOT_INCLUDED):
            return self.say("why.excluded")
        if k in (Constraint.NO_CAPACITY, Constraint.MIN_CONTRIBUTION):
            return self.say("why.no_capacity")
        return self.say("why.not_asked")

    def failed(self) -> list[str]:
        return [k.value for k in self.board.failed] if self.board else []

    def open_items(self) -> list[str]:
        if not self.board or self.board.verdict.value == "not_asked":
            return []
        return [k.value for k in self.board.open_items]

    def check_said(self, key: str, state: str) -> str:
        """A check that does not hold, said as what it is: an open item or a failure."""
        if state == "open" and self.w.has_term("check_open", key):
            return self.term("check_open", key)
        return self.term("check_failed", key)

    def verdict_text(self) -> tuple[str, str]:
        """(verdict value, the sentence in the box): the nation's verdict, why, and the coalition's."""
        fails = [self.check_said(k, "fail") for k in self.failed()]
        opened = [self.check_said(k, "open") for k in self.open_items()]
        if self.board is None:
            why = self.say("verdict.not_on_board")
        elif fails:
            why = self.say("verdict.fails", items=self.w.semi.join(fails))
            if opened:
                why += " " + self.say("verdict.open_besides", items=self.w.semi.join(opened))
        elif opened:
            why = self.say("verdict.open", items=self.w.semi.join(opened))
        elif self.board.verdict.value == "not_asked":
            why = self.say("verdict.not_asked")
        else:
            why = self.say("verdict.all_met")
        c = self.p.conditions.coalition.verdict
        coalition = self.say("verdict.coalition", verdict=self.verdict(c, "adj"))
        v = self.board.verdict.value if self.board else "not_asked"
        return v, f"{why} {coalition}"

    def check_detail(self, key: str, c) -> str:
        """A board check's figures in the memo's language."""
        p, s = self.p, self.p.scenario
        if key == "mandate_clear":
            m = p.mandate_check
            if not m.findings:
                return self.say("check.mandate_clear", score=self.n(m.score, 2))
            kinds = sorted({self.term("finding", f.kind) for f in m.findings})
            return self.say("check.mandate_findings", score=self.n(m.score, 2), count=len(m.findings),
                            k=self.n(len(m.findings)), kinds=self.w.semi.join(kinds))
        if key == "us_backstop":
            if c.required_backstop is not None and c.required_backstop.value == "none":
                return self.say("check.us_backstop_none", given=self.backstop(s.us_backstop))
            text = self.say("check.us_backstop", need=self.backstop(c.required_backstop),
                            given=self.backstop(s.us_backstop))
            return text + ("" if c.ok else self.say("check.us_backstop_short"))
        if key == "parliament":
            status = c.parliament_status.value if c.parliament_status else "none"
            rule = c.parliament_rule.value if c.parliament_rule else "none"
            if status == "rejected":
                return self.say("check.parliament_rejected")
            return self.say(f"check.parliament_{rule}", status=self.term("parliament_status", status))
        if key == "un_mandate":
            if not c.required:
                return self.say("check.un_not_required")
            return self.say("check.un_required", basis=self.term("legal_basis", p.mandate.legal_basis)
                            if p.mandate.legal_basis else self.say("not_stated"))
        if key == "requirement_filled":
            gap = p.allocation.gap_troops
            return self.say("check.filled", share=self.pct(p.allocation.filled_share)) + (
                self.say("check.filled_gap", gap=self.n(gap)) if gap else "")
        if key == "flank_intact":
            used = c.troops or 0
            return self.say("check.flank_ok") if used <= 0 else self.say("check.flank_used", used=self.n(used))
        if key == "sustainable":
            return (self.say("check.sustainable") if c.from_month is None
                    else self.say("check.unsustainable", month=self.n(c.from_month)))
        if key == "escalation_risk":
            return self.say("check.escalation", p=self.pct(c.value), months=self.n(c.months or s.duration_months),
                            threshold=self.pct(c.threshold))
        if key == "leads_go":
            return self.join([self.cell(code) for code in c.nations])
        return ""

    def condition_rows(self, board) -> list[list[str]]:
        """The board's checks as table rows: condition, result, detail."""
        checks = {k.value: v for k, v in board.checks.items()}
        marks = {"pass": "✓", "open": "◐", "fail": "✗"}
        rows = []
        for k in sorted(checks, key=lambda k: CHECK_ORDER.index(k) if k in CHECK_ORDER else 99):
            c = checks[k]
            state = c.state.value if isinstance(c.state, CheckState) else str(c.state)
            rows.append([up(self.term("check", k)), f"{marks.get(state, '')} **{self.term('check_state', state)}**",
                         self.check_detail(k, c)])
        return rows
