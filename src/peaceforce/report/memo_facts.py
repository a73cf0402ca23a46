"""The facts a memo states about one nation, in its language: names, figures, the board's checks.

`MemoFacts` reads the plan's records and says them in English or Dutch (`t(en, nl)`); the memo's
sections (memo.py) arrange these facts in the order of the nation's decision frame.
"""

from __future__ import annotations

from . import labels as L
from . import wording as W
from .wording import OUT_CONSTRAINTS
from .memo_doc import Doc

class MemoFacts:
    """Collects what the memo says about one nation; `t(en, nl)` picks the language."""

    def __init__(self, plan, code: str, lang: str):
        self.p, self.code, self.lang = plan, code, lang
        self.na = next((n for n in plan.allocation.nations if n.nation == code), None)
        self.board = plan.conditions.nations.get(code)
        self.doc = Doc(lang)

    def t(self, en: str, nl: str) -> str:
        return nl if self.lang == "nl" else en

    # numbers and names in the memo's language
    def n(self, x: float, digits: int = 0) -> str:
        return L.num(x, self.lang, digits)

    def pct(self, x: float) -> str:
        return L.pct(x, self.lang)

    def eur(self, x: float) -> str:
        return L.eur(x, self.lang)

    def name(self, code: str | None = None) -> str:
        """The nation as it stands inside a sentence ('the Netherlands', 'het Verenigd Koninkrijk')."""
        code = code or self.code
        if self.lang == "nl":
            return L.NATION_NL.get(code, self.p.nations.name(code))
        name = self.p.nations.name(code)
        return f"the {name}" if code in L.NATION_EN_THE else name

    def Name(self, code: str | None = None) -> str:
        """The nation at the start of a sentence."""
        n = self.name(code)
        return n[0].upper() + n[1:]

    def poss(self, code: str | None = None) -> str:
        """English possessive: France's, the Netherlands'."""
        n = self.name(code)
        return n + ("'" if n.endswith("s") else "'s")

    @property
    def parliament(self) -> str:
        """The chamber whose consent counts, with its article, as it stands in a sentence."""
        if self.code == "NL":
            return self.t("the Tweede Kamer", "de Tweede Kamer")
        return self.t("parliament", "het parlement")

    def join(self, items: list[str]) -> str:
        """'A, B and C' / 'A, B en C'."""
        items = list(items)
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + self.t(" and ", " en ") + items[-1]

    def _incident(self, kind: str) -> str:
        """An incident type inside a sentence: lower case, without its parenthetical gloss."""
        return L.label(L.INCIDENT, kind, self.lang).split(" (")[0].lower()

    def cap(self, key: str) -> str:
        return L.capability(key, self.lang)

    def unit(self, unit_type: str, count: int) -> str:
        if self.lang == "nl":
            return L.UNIT_TYPE_NL.get(unit_type, unit_type)
        return L.plural(L.UNIT_TYPE_EN.get(unit_type, unit_type), count)

    def sector(self, sid: str) -> str:
        return L.sector_name(self.p, sid, self.lang)

    # ------------------------------------------------------------ pieces used in several sections

    def troops(self) -> int:
        return self.na.troops_deployed if self.na else 0

    def out_reason(self):
        """Why force generation did not ask the nation at all (its eligibility), if it did not."""
        for b in self.p.allocation.binding:
            if b.nation == self.code and b.constraint in OUT_CONSTRAINTS:
                return b
        return None

    def check_detail(self, key: str, check) -> str:
        """A board check's figures in the memo's language."""
        if self.lang != "nl":
            return L.humanize(W.check(check, self.p))
        p, s = self.p, self.p.scenario
        if key == "mandate_clear":
            m = p.mandate_check
            if m.clear:
                return f"mandaat '{p.mandate.name}': helderheidsscore {self.n(m.score, 2)}, geen ernstige bevindingen"
            kinds = sorted({L.label(L.FINDING, f.kind.value, "nl") for f in m.findings})
            return (f"mandaat '{p.mandate.name}': helderheidsscore {self.n(m.score, 2)}; {len(m.findings)} bevinding(en): "
                    + "; ".join(kinds))
        if key == "us_backstop":
            need = check.required_backstop.value
            text = (f"vereist Amerikaanse steun op niveau '{need}' ({L.label(L.BACKSTOP, need, 'nl')}); het scenario "
                    f"gaat uit van '{s.us_backstop.value}' ({L.label(L.BACKSTOP, s.us_backstop.value, 'nl')})")
            return text + ("" if check.ok else " — daarmee ontbreekt de gevraagde Amerikaanse steun")
        if key == "parliament":
            rule = check.parliament_rule.value
            status = check.parliament_status.value if check.parliament_status else None
            said = {"approved": "verleend", "pending": "nog niet verleend (in behandeling)", "rejected": "geweigerd",
                    None: "niet vastgelegd"}[status]
            if status == "rejected":
                return f"{self.parliament[0].upper() + self.parliament[1:]} heeft de inzet afgewezen"
            if self.code == "NL":
                return (f"Artikel 100-brief: het kabinet informeert de Staten-Generaal vooraf en zoekt in de praktijk "
                        f"steun van de Tweede Kamer; steun: {said}")
            return {"prior": f"voorafgaande instemming van het parlement vereist; instemming: {said}",
                    "after": "de regering besluit; het parlement wordt geïnformeerd of stemt achteraf",
                    "special": "bijzondere regeling (zie de bron); geen voorafgaande stemming gemodelleerd"}.get(
                rule, "geen parlementaire instemming vereist")
        if key == "un_mandate":
            if not check.required:
                return "geen VN-mandaat vereist"
            return ("vereist een mandaat van de VN-Veiligheidsraad; rechtsgrondslag van dit mandaat: "
                    f"{p.mandate.legal_basis or 'niet vermeld'}")
        if key == "requirement_filled":
            gap = p.allocation.gap_troops
            return f"{self.pct(p.allocation.filled_share)} van de behoefte ingevuld" + (
                f"; tekort van {self.n(gap)} militairen" if gap else "")
        if key == "flank_intact":
            used = self.na.earmark_used if self.na else 0
            return ("geen troepen ingezet die voor de oostflank zijn gereserveerd" if used <= 0 else
                    f"zet {self.n(used)} militairen in die voor de oostflank zijn gereserveerd")
        if key == "sustainable":
            u = next((x for x in p.rotation.unsustainable if x.nation == self.code), None)
            return ("bijdrage vol te houden gedurende de hele missie" if u is None else
                    f"bijdrage niet vol te houden vanaf maand {u.from_month}")
        if key == "escalation_risk":
            i = p.incidents
            return (f"kans op escalatie naar grootschalige gevechten {self.pct(i.escalation_probability)} over "
                    f"{i.duration_months} maanden (drempel {self.pct(p.factors.v('conditions.max_escalation_probability'))})")
        return W.check(check, p)

    def failed(self) -> list[str]:
        """Checks that fail for this nation (its no-go)."""
        if not self.board:
            return []
        return [k.value for k in self.board.failed]

    def open_items(self) -> list[str]:
        """Checks still open for this nation (its conditional): a vote pending, a borderline figure, a small gap."""
        if not self.board or self.board.verdict.value == "not_asked":
            return []
        return [k.value for k in self.board.open_items]
