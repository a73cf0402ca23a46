"""A decision memo for one nation's government and parliament, in English or Dutch.

The memo follows the order of the Dutch assessment framework for deploying military units
(Toetsingskader), the frame in which the Dutch government writes its letter to parliament under
Article 100 of the Constitution: political context and mandate, the contribution, military
feasibility, risks, the nation's own conditions, duration and rotation, costs, and here an eighth
point the debate added: what the contribution does to the nation's eastern-flank commitments. The
order is the framework's; the wording is this project's.

A nation that sends nothing gets a memo too: it says so, why (eligibility, conditions), what the
nation could offer and what would change the verdict, because "no" needs the same reasoning as "yes".

Pure: Plan in, text out. Every figure comes from the plan; the memo adds no number of its own
except simple arithmetic on the plan's figures, labelled as such.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from typing import Any

from ..errors import InputError
from ..vocab import Constraint
from . import labels as L
from . import wording as W
from .content import OUT_CONSTRAINTS
from .style import BAD, OK

FORMATS = ("md", "html")


# ---------------------------------------------------------------- a tiny document model

@dataclass
class Doc:
    """Blocks rendered to Markdown or HTML; **bold** inside text is the only markup."""

    lang: str
    blocks: list[tuple[str, Any]] = field(default_factory=list)

    def h1(self, text: str) -> None:
        self.blocks.append(("h1", text))

    def h2(self, text: str) -> None:
        self.blocks.append(("h2", text))

    def p(self, text: str) -> None:
        self.blocks.append(("p", text))

    def note(self, text: str) -> None:
        self.blocks.append(("note", text))

    def ul(self, items: list[str]) -> None:
        if items:
            self.blocks.append(("ul", list(items)))

    def table(self, head: list[str], rows: list[list[str]]) -> None:
        if rows:
            self.blocks.append(("table", (head, rows)))

    def verdict(self, go: bool, text: str) -> None:
        self.blocks.append(("verdict", (go, text)))


def _md_cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(doc: Doc) -> str:
    out: list[str] = []
    for kind, payload in doc.blocks:
        if kind == "h1":
            out += [f"# {payload}", ""]
        elif kind == "h2":
            out += [f"## {payload}", ""]
        elif kind in ("p", "note"):
            out += [payload if kind == "p" else f"*{payload}*", ""]
        elif kind == "ul":
            out += [f"- {item}" for item in payload] + [""]
        elif kind == "table":
            head, rows = payload
            out.append("| " + " | ".join(_md_cell(h) for h in head) + " |")
            out.append("|" + "---|" * len(head))
            out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
            out.append("")
        elif kind == "verdict":
            go, text = payload
            out += [f"> **{'GO' if go else 'NO-GO'}** — {text}", ""]
    return "\n".join(out).rstrip() + "\n"


_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _inline(text: str) -> str:
    return _BOLD.sub(r"<b>\1</b>", escape(str(text)))


CSS = f"""
body {{ font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; color: #1d2733; line-height: 1.5;
       max-width: 820px; margin: 0 auto; padding: 28px; }}
h1 {{ font-size: 1.5rem; border-bottom: 3px solid #1f5f99; padding-bottom: 6px; }}
h2 {{ font-size: 1.12rem; margin-top: 26px; border-bottom: 1px solid #d5dbe1; padding-bottom: 3px; }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.88rem; margin: 8px 0 14px; }}
th, td {{ border-bottom: 1px solid #d5dbe1; padding: 4px 6px; text-align: left; vertical-align: top; }}
th {{ background: #f4f6f8; }}
.note {{ color: #5b6673; font-size: 0.86rem; }}
.verdict {{ border-left: 8px solid; border-radius: 4px; padding: 10px 14px; margin: 12px 0; }}
.verdict.go {{ border-color: {OK}; background: #e8f5e9; }}
.verdict.nogo {{ border-color: {BAD}; background: #fdecea; }}
.verdict b.word {{ font-size: 1.2rem; }}
@media print {{ body {{ padding: 0; font-size: 10.5pt; }} @page {{ size: A4; margin: 18mm 16mm; }}
  h2 {{ break-after: avoid; }} table, .verdict {{ break-inside: avoid; }}
  .verdict {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }} }}
"""


def to_html(doc: Doc, title: str) -> str:
    body: list[str] = []
    for kind, payload in doc.blocks:
        if kind == "h1":
            body.append(f"<h1>{_inline(payload)}</h1>")
        elif kind == "h2":
            body.append(f"<h2>{_inline(payload)}</h2>")
        elif kind == "p":
            body.append(f"<p>{_inline(payload)}</p>")
        elif kind == "note":
            body.append(f'<p class="note">{_inline(payload)}</p>')
        elif kind == "ul":
            body.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in payload) + "</ul>")
        elif kind == "table":
            head, rows = payload
            body.append("<table><thead><tr>" + "".join(f"<th>{_inline(h)}</th>" for h in head) + "</tr></thead><tbody>"
                        + "".join("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in row) + "</tr>" for row in rows)
                        + "</tbody></table>")
        elif kind == "verdict":
            go, text = payload
            body.append(f'<div class="verdict {"go" if go else "nogo"}"><b class="word">{"GO" if go else "NO-GO"}</b> '
                        f"— {_inline(text)}</div>")
    return (f'<!DOCTYPE html>\n<html lang="{doc.lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<link rel="icon" href="data:,">\n'
            f'<title>{escape(title)}</title>\n'
            f"<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n")


# ---------------------------------------------------------------- the memo

class _Memo:
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
        if not self.board:
            return []
        return [k.value for k, v in self.board.checks.items() if not v.ok]

    # ------------------------------------------------------------ sections

    def header(self) -> str:
        s = self.p.scenario
        if self.lang == "nl":
            title = (f"Beslisnotitie in de opbouw van een Artikel 100-brief: Nederlandse bijdrage aan de missie “{s.name}”"
                     if self.code == "NL" else f"Beslisnotitie: bijdrage van {self.name()} aan de missie “{s.name}”")
        else:
            title = f"Decision memo: {self.poss()} contribution to the mission “{s.name}”"
        self.doc.h1(title)
        self.doc.note(self.t(
            "Structured as the Dutch assessment framework for military deployments (Toetsingskader), the frame of the "
            "government's letter to parliament under Article 100 of the Constitution. Analytical draft generated by "
            f"peaceforce from the scenario “{s.name}”; not government policy. Every figure is the plan's; its sources "
            "are in the plan report's appendix.",
            "Opgebouwd volgens het Toetsingskader voor de inzet van militaire eenheden, het kader van de Artikel "
            "100-brief van de regering aan de Staten-Generaal. Analytisch concept, door peaceforce opgesteld uit het "
            f"scenario “{s.name}”; geen kabinetsstandpunt. Alle cijfers komen uit het plan; de bronnen staan in de "
            "bijlage van het planrapport."))
        return title

    def summary(self) -> None:
        go = bool(self.board and self.board.go)
        troops = self.troops()
        coalition_go = self.p.conditions.coalition.go
        if troops:
            head = self.t(f"{self.Name()} contributes **{self.n(troops)} troops** in this plan.",
                          f"{self.Name()} levert in dit plan **{self.n(troops)} militairen**.")
        else:
            head = self.t(f"{self.Name()} contributes **no troops** in this plan.",
                          f"{self.Name()} levert in dit plan **geen militairen**.")
        fails = [L.label(L.CHECK_FAILED, k, self.lang) for k in self.failed()]
        if self.board is None:
            why = self.t("It is not on the conditions board (not asked to take part).",
                         "Het land staat niet op het beoordelingsoverzicht (niet gevraagd deel te nemen).")
        elif fails:
            why = self.t("Its own verdict is no-go: ", "Eigen oordeel: no-go, want ") + "; ".join(fails) + "."
        else:
            why = self.t("Every condition it sets holds.", "Aan al zijn voorwaarden is voldaan.")
        coalition = self.t(f"The coalition as a whole is {'go' if coalition_go else 'no-go'}.",
                           f"De coalitie als geheel is {'go' if coalition_go else 'no-go'}.")
        self.doc.verdict(go, f"{head} {why} {coalition}")

    def s1_context(self) -> None:
        p, s, m = self.p, self.p.scenario, self.p.mandate
        t = self.t
        self.doc.h2(t("1. Political context, mandate and legal basis", "1. Politieke context, mandaat en rechtsgrondslag"))
        leads = self.join([self.name(c) for c in s.coalition.lead])
        members = [n for n in p.allocation.nations if n.troops_deployed > 0]
        self.doc.p(t(
            f"After a ceasefire in Ukraine, a coalition led by {leads} deploys a force in the role **{L.label(L.ROLE, s.role)}** "
            f"(threat level {L.label(L.THREAT, s.threat)}) alongside Ukraine's own army of {self.n(s.host_army)}. The "
            f"plan sources it from {len(members)} nations. The United States backs it with "
            f"**{L.label(L.BACKSTOP, s.us_backstop)}** (backstop level '{s.us_backstop}').",
            f"Na een staakt-het-vuren in Oekraïne zet een coalitie onder leiding van {leads} een troepenmacht in met als rol "
            f"**{L.label(L.ROLE, s.role, 'nl')}** (dreigingsniveau {L.label(L.THREAT, s.threat, 'nl')}), naast het "
            f"Oekraïense leger van {self.n(s.host_army)} militairen. Het plan vult de troepenmacht met bijdragen van "
            f"{len(members)} landen. De Verenigde Staten leveren **{L.label(L.BACKSTOP, s.us_backstop, 'nl')}** "
            f"(backstop-niveau '{s.us_backstop}')."))
        stance = str(p.nations.get(self.code, "stance", "unknown"))
        when = p.nations.get(self.code, "stance_date")
        src = p.nations.get(self.code, "stance_source")
        self.doc.p(t(f"{self.poss()[0].upper() + self.poss()[1:]} recorded stance: **{L.label(L.STANCE, stance)}**" + (f" ({when})" if when else "")
                     + (f". Source: {src}." if src else "."),
                     f"Vastgelegde opstelling van {self.name()}: **{L.label(L.STANCE, stance, 'nl')}**"
                     + (f" ({when})" if when else "") + (f". Bron: {src}." if src else ".")))
        chk = p.mandate_check
        basis = L.label(L.LEGAL_BASIS, m.legal_basis, self.lang) if m.legal_basis else t("not stated", "niet vastgelegd")
        self.doc.p(t(
            f"Mandate: **{m.name}**" + (f" ({m.title})" if m.title else "") + f". Legal basis: {basis}. Self-defence: "
            f"{'full, including against hostile intent' if m.self_defence == 'full' else 'restricted to hostile acts'}. "
            f"Clarity score {self.n(chk.score, 2)} of 1: **{'clear' if chk.clear else 'not clear'}**.",
            f"Mandaat: **{m.name}**" + (f" ({m.title})" if m.title else "") + f". Rechtsgrondslag: {basis}. Zelfverdediging: "
            f"{'volledig, ook tegen vijandig oogmerk' if m.self_defence == 'full' else 'beperkt tot vijandige handelingen'}. "
            f"Helderheidsscore {self.n(chk.score, 2)} van 1: **{'helder' if chk.clear else 'niet helder'}**."))
        if int(p.nations.get(self.code, "requires_un_mandate", 0) or 0):
            self.doc.p(t(f"{self.Name()} requires a UN mandate for a deployment.",
                         f"{self.Name()} stelt een VN-mandaat als voorwaarde voor inzet."))

    def s2_contribution(self) -> None:
        t, p = self.t, self.p
        self.doc.h2(t("2. The contribution", f"2. De bijdrage van {self.name()}"))
        troops = self.troops()
        if troops:
            rows = []
            for a in p.allocation.assignment:
                if a.nation == self.code and a.units:
                    ut = next((ln.unit_type for ln in p.requirement.lines if ln.capability == a.capability), "")
                    rows.append([self.cap(a.capability.value), f"{a.units} × {self.unit(ut, a.units)}",
                                 self.n(a.troops), self.sector(a.sector)])
            self.doc.table([t("Capability", "Capaciteit"), t("Units", "Eenheden"), t("Troops", "Militairen"),
                            t("Sector", "Sector")], rows)
            na = self.na
            leads = [self.sector(s) for s, c in p.allocation.sector_leads.items() if c == self.code]
            self.doc.p(t(
                f"In all **{self.n(troops)} troops deployed**, {self.pct(na.share)} of the force sourced against a fair share "
                f"of {self.pct(na.fair_share)} (by {L.label(L.FAIR_KEY, p.scenario.coalition.fair_share)}). Keeping them "
                f"deployed takes a force pool of **{self.n(na.force_pool)}** over the rotations."
                + (f" {self.Name()} leads the sector(s) {', '.join(leads)}." if leads else ""),
                f"In totaal **{self.n(troops)} uitgezonden militairen**: {self.pct(na.share)} van de gevulde troepenmacht, "
                f"tegenover een redelijk aandeel van {self.pct(na.fair_share)} (naar "
                f"{L.label(L.FAIR_KEY, p.scenario.coalition.fair_share, 'nl')}). Om hen gedurende de aflossingen op peil te "
                f"houden is een personeelsreservoir van **{self.n(na.force_pool)}** militairen nodig."
                + (f" {self.Name()} leidt de sector(en) {', '.join(leads)}." if leads else "")))
            return
        self.doc.p(t(f"**None.** {self.Name()} sends no units in this plan.",
                     f"**Geen.** {self.Name()} levert in dit plan geen eenheden."))
        out = self.out_reason()
        if out is not None:
            detail = W.binding(out, p).split(": ", 1)[-1]
            if self.lang == "nl" and out.constraint == Constraint.US_BACKSTOP:
                need = p.allocation.eligibility[self.code].requires_backstop.value
                text = (f"De krijgsmachtplanning vraagt {self.name()} niet: het land stelt Amerikaanse steun op niveau "
                        f"'{need}' ({L.label(L.BACKSTOP, need, 'nl')}) als voorwaarde, terwijl het scenario uitgaat van "
                        f"'{p.scenario.us_backstop.value}'. Zonder die Amerikaanse ruggensteun wordt {self.name()} niet gevraagd.")
            elif self.lang == "nl":
                text = f"De krijgsmachtplanning vraagt {self.name()} niet: {L.humanize(detail)}."
            else:
                text = f"Force generation does not ask {self.name()}: {L.humanize(detail)}."
            self.doc.p(text)
        elif self.na is not None and self.na.eligible:
            self.doc.p(t(f"{self.Name()} may be asked, but the allocation filled the lines with other nations "
                         "(it spreads troops by fair share and keeps few nations per sector).",
                         f"{self.Name()} mag worden gevraagd, maar de verdeling vulde de behoefte met andere landen "
                         "(zij spreidt naar redelijk aandeel en houdt het aantal landen per sector klein)."))
        offer = self.capacity_offer()
        if offer:
            self.doc.p(t(f"What {self.name()} could offer within its capacity (after its eastern-flank earmarks), "
                         "one line at a time:",
                         f"Wat {self.name()} binnen zijn capaciteit (na de reservering voor de oostflank) zou kunnen "
                         "leveren, per capaciteit afzonderlijk:"))
            self.doc.ul(offer)

    def capacity_offer(self) -> list[str]:
        if self.na is None:
            return []
        out = []
        for ln_cap, troops in self.na.capacity.items():
            line = next((ln for ln in self.p.requirement.lines if ln.capability == ln_cap and ln.provider == "coalition"), None)
            ln_cap = ln_cap.value
            if line is None or troops < line.unit_size:
                continue
            units = int(troops // line.unit_size)
            out.append(f"{self.cap(ln_cap)}: " + self.t(f"up to {units} × {self.unit(line.unit_type, units)} "
                                                         f"({self.n(units * line.unit_size)} troops)",
                                                         f"tot {units} × {self.unit(line.unit_type, units)} "
                                                         f"({self.n(units * line.unit_size)} militairen)"))
        return out

    def why_unsustainable(self) -> str:
        u = next(x for x in self.p.rotation.unsustainable if x.nation == self.code)
        return W.unsustainable(u, self.p.factors.v("capacity.deployable_share"), self.p.rotation.protect_flank)

    def s3_feasibility(self) -> None:
        t, p = self.t, self.p
        a, req = p.allocation, p.requirement
        self.doc.h2(t("3. Military feasibility", "3. Militaire haalbaarheid"))
        d = req.deployed
        self.doc.p(t(
            f"The mission needs **{self.n(d.central)} troops** deployed (range {self.n(d.low)}–{self.n(d.high)}, the planning "
            f"factors' low and high values); in whole units that is {self.n(a.required_troops)}, of which "
            f"{self.n(a.allocated_troops)} are sourced: **{self.pct(a.filled_share)} filled**.",
            f"De missie vraagt **{self.n(d.central)} uitgezonden militairen** (bereik {self.n(d.low)}–{self.n(d.high)}, bij "
            f"de lage en hoge waarden van de planningsfactoren); in hele eenheden is dat {self.n(a.required_troops)}, "
            f"waarvan {self.n(a.allocated_troops)} gevuld: **{self.pct(a.filled_share)} van de behoefte**."))
        if a.gaps:
            items = []
            for g in a.gaps:
                who = ", ".join(c.nation for c in g.closes[:4]) or t("nobody", "niemand")
                mine = next((c for c in g.closes if c.nation == self.code), None)
                ut = self.unit(g.unit_type, g.units)
                item = t(f"{self.sector(g.sector)}, {self.cap(g.capability.value)}: {g.units} × {ut} "
                         f"({self.n(g.troops)} troops) unfilled; could be closed by {who}",
                         f"{self.sector(g.sector)}, {self.cap(g.capability.value)}: {g.units} × {ut} "
                         f"({self.n(g.troops)} militairen) niet gevuld; te sluiten door {who}")
                if mine:
                    item += t(f" — including {self.name()} ({L.humanize(W.obstacles(mine, p))})",
                              f" — onder wie {self.name()} ({L.humanize(W.obstacles(mine, p))})")
                items.append(item)
            self.doc.p(t("Gaps:", "Tekorten:"))
            self.doc.ul(items)
        else:
            self.doc.p(t("Every unit is sourced: no gaps.", "Elke eenheid is gevuld: geen tekorten."))
        rec = next((r for r in p.rotation.nations if r.nation == self.code), None)
        if rec is not None:
            if rec.sustainable_until is None:
                text = t(f"Sustainability: {self.name()} can keep its share up for the whole mission (ground forces "
                         f"needed in its pool: {self.n(rec.pool_needed)}; deployable pool {self.n(rec.deployable_pool)}).",
                         f"Houdbaarheid: {self.name()} kan zijn aandeel de hele missie volhouden (benodigd reservoir aan "
                         f"grondtroepen {self.n(rec.pool_needed)}; inzetbaar reservoir {self.n(rec.deployable_pool)}).")
            else:
                text = t(f"Sustainability: {self.name()} cannot keep its share up after month {rec.sustainable_until}: "
                         f"{self.why_unsustainable()}.",
                         f"Houdbaarheid: {self.name()} kan zijn aandeel na maand {rec.sustainable_until} niet volhouden "
                         f"(het inzetbare reservoir van {self.n(rec.deployable_pool)} is te klein voor de aflossing).")
            self.doc.p(text)
        self.doc.p(t(f"Coalition: {L.humanize(W.rotation_summary(p.rotation))}.",
                     "Coalitie: " + ("alle landen houden hun aandeel de hele missie vol." if not p.rotation.unsustainable
                                     else f"{len(p.rotation.unsustainable)} land(en) kunnen hun aandeel niet volhouden.")))

    def s4_risks(self) -> None:
        t, p = self.t, self.p
        i, chk = p.incidents, p.mandate_check
        self.doc.h2(t("4. Risks", "4. Risico's"))
        lo, hi = i.escalation_ci95
        threshold = p.factors.v("conditions.max_escalation_probability")
        top = sorted(i.incidents_per_year.items(), key=lambda kv: -kv[1])[:3]
        top_text = self.join([f"{self._incident(k)} ({self.n(v)})" for k, v in top])
        self.doc.p(t(
            f"The force should expect about **{self.n(sum(i.incidents_per_year.values()))} incidents a year**, most of them "
            f"{top_text}. Under this mandate {self.pct(i.clear_share or 0)} are answered clearly and in time, "
            f"{self.pct(i.late_share or 0)} late and {self.pct(i.unanswered_share or 0)} not at all.",
            f"De troepenmacht moet rekenen op ongeveer **{self.n(sum(i.incidents_per_year.values()))} incidenten per jaar**, "
            f"vooral {top_text}. Onder dit mandaat wordt {self.pct(i.clear_share or 0)} helder en op tijd beantwoord, "
            f"{self.pct(i.late_share or 0)} te laat en {self.pct(i.unanswered_share or 0)} niet."))
        self.doc.p(t(
            f"Probability of escalation to major combat over {i.duration_months} months: **{self.pct(i.escalation_probability)}** "
            f"(95% confidence interval {self.pct(lo)}–{self.pct(hi)}, {self.n(i.runs)} simulated missions), against a "
            f"threshold of {self.pct(threshold)}. The interval reflects sampling only: the escalation parameters are "
            "assumptions, so the figure compares mandates and backstop levels rather than forecasting.",
            f"Kans op escalatie naar grootschalige gevechten in {i.duration_months} maanden: "
            f"**{self.pct(i.escalation_probability)}** (95%-betrouwbaarheidsinterval {self.pct(lo)}–{self.pct(hi)}, "
            f"{self.n(i.runs)} gesimuleerde missies), tegenover een drempel van {self.pct(threshold)}. Het interval "
            "geeft alleen de steekproefonzekerheid weer: de escalatieparameters zijn aannames, dus het cijfer dient om "
            "mandaten en niveaus van Amerikaanse steun te vergelijken, niet als voorspelling."))
        late = [(k.value, v.late + v.unanswered) for k, v in i.by_type.items()]
        late = [(k, x) for k, x in sorted(late, key=lambda kv: -kv[1]) if x >= 0.02]
        if chk.findings:
            items = [f"{L.label(L.INCIDENT, f.incident, self.lang) if f.incident else t('whole mandate', 'mandaat als geheel')}: "
                     f"{L.label(L.FINDING, f.kind, self.lang)}" + ("" if self.lang == "nl" else f" ({W.finding(f)})")
                     for f in chk.findings]
            self.doc.p(t("What the mandate leaves unanswered (findings of the clarity check):",
                         "Wat het mandaat onbeantwoord laat (bevindingen van de helderheidstoets):"))
            self.doc.ul(items)
        else:
            self.doc.p(t("The clarity check finds no incident the mandate leaves unanswered.",
                         "De helderheidstoets vindt geen incident dat het mandaat onbeantwoord laat."))
        if late:
            self.doc.p(t("Answers most often too late or missing: ", "Reacties die het vaakst te laat komen of uitblijven: ")
                         + self.join([f"{self._incident(k)} ({self.pct(x)})" for k, x in late]) + ".")
        caveat = p.mandate.caveats.get(self.code)
        if caveat is not None:
            forbid = ", ".join(L.label(L.RESPONSE, r, self.lang).lower() for r in caveat.forbid) or "–"
            self.doc.p(t(f"{self.poss()[0].upper() + self.poss()[1:]} caveat in the mandate: will not carry out {forbid}"
                         + (f"; needs {L.label(L.AUTHORITY, caveat.authority).lower()} approval" if caveat.authority else "")
                         + ".",
                         f"Caveat van {self.name()} in het mandaat: voert niet uit: {forbid}"
                         + (f"; goedkeuring nodig van {L.label(L.AUTHORITY, caveat.authority, 'nl').lower()}"
                            if caveat.authority else "") + "."))

    def s5_conditions(self) -> None:
        t = self.t
        self.doc.h2(t(f"5. {self.poss()[0].upper() + self.poss()[1:]} conditions and whether they are met",
                      f"5. Voorwaarden van {self.name()} en of daaraan is voldaan"))
        if self.board is None:
            stance = str(self.p.nations.get(self.code, "stance", "unknown"))
            self.doc.p(t(f"{self.Name()} is not on the conditions board: its stance is {L.label(L.STANCE, stance)} and it "
                         "is not asked to take part.",
                         f"{self.Name()} staat niet op het beoordelingsoverzicht: de opstelling is "
                         f"'{L.label(L.STANCE, stance, 'nl')}' en het land wordt niet gevraagd deel te nemen."))
            return
        checks = {k.value: v for k, v in self.board.checks.items()}
        order = ["mandate_clear", "us_backstop", "parliament"] + [k for k in checks if k not in
                                                                   ("mandate_clear", "us_backstop", "parliament")]
        names = {"mandate_clear": t("Clear mandate", "Helder mandaat"),
                 "us_backstop": t("American backup (US backstop)", "Amerikaanse steun (backstop)"),
                 "parliament": (t("Tweede Kamer consent (Article 100 letter)", "Steun van de Tweede Kamer (Artikel 100-brief)")
                                if self.code == "NL" else t("Parliamentary consent", "Instemming van het parlement"))}
        rows = []
        for k in order:
            if k not in checks:
                continue
            c = checks[k]
            rows.append([names.get(k, L.label(L.CHECK, k, self.lang)),
                         ("✓ **" + t("met", "voldaan") + "**") if c.ok else ("✗ **" + t("not met", "niet voldaan") + "**"),
                         self.check_detail(k, c)])
        if self.code == "NL":
            self.doc.p(t("The Netherlands set three conditions of its own: a clear mandate, American backup if the "
                         "situation gets seriously out of hand, and the support of the Tweede Kamer. The board adds the "
                         "coalition's own checks.",
                         "Nederland stelt drie eigen voorwaarden: een helder mandaat, Amerikaanse steun als de situatie "
                         "ernstig uit de hand loopt, en steun van de Tweede Kamer. Het overzicht voegt daar de "
                         "toetsen van de coalitie aan toe."))
        self.doc.table([t("Condition", "Voorwaarde"), t("Result", "Uitkomst"), t("Detail", "Toelichting")], rows)
        go = self.board.go
        self.doc.p(t(f"Verdict for {self.name()}: **{'go' if go else 'no-go'}**.",
                     f"Oordeel voor {self.name()}: **{'go' if go else 'no-go'}**."))

    def s6_duration(self) -> None:
        t, s = self.t, self.p.scenario
        self.doc.h2(t("6. Duration and rotation", "6. Duur en aflossing"))
        rec = next((r for r in self.p.rotation.nations if r.nation == self.code), None)
        rotations = self.p.rotation.rotations
        text = t(f"The plan covers **{s.duration_months} months** in {rotations} rotation{'s' if rotations != 1 else ''} "
                 f"of {s.rotation_months} months.",
                 f"Het plan beslaat **{s.duration_months} maanden** in {rotations} "
                 f"aflossing{'en' if rotations != 1 else ''} van {s.rotation_months} maanden.")
        if rec is not None:
            text += " " + t(
                f"Each of {self.poss()} deployed soldiers needs about {self.n(rec.multiplier, 0)} in the rotation cycle "
                f"(deployed, preparing, recovering): a force pool of {self.n(self.na.force_pool)} for "
                f"{self.n(rec.troops)} deployed.",
                f"Elke uitgezonden militair van {self.name()} vraagt er ongeveer {self.n(rec.multiplier, 0)} in de "
                f"aflossingscyclus (uitgezonden, in opwerking, herstellend): een reservoir van {self.n(self.na.force_pool)} "
                f"voor {self.n(rec.troops)} uitgezonden militairen.")
        elif self.na is not None:
            mult = self.p.rotation.multipliers.get(self.code, self.p.rotation.default_multiplier.central)
            text += " " + t(
                f"Were {self.name()} to contribute, each soldier deployed would tie down about {self.n(mult, 0)} in the "
                "rotation cycle (deployed, preparing, recovering).",
                f"Als {self.name()} zou bijdragen, vraagt elke uitgezonden militair er ongeveer {self.n(mult, 0)} in de "
                "aflossingscyclus (uitgezonden, in opwerking, herstellend).")
        self.doc.p(text)
        self.doc.note(t("The plan does not set an end state; the duration is the scenario's planning horizon.",
                        "Het plan legt geen eindtoestand vast; de duur is de planningshorizon van het scenario."))

    def s7_costs(self) -> None:
        t, c = self.t, self.p.cost
        self.doc.h2(t("7. Costs", "7. Kosten"))
        mine = next((b for b in c.by_nation if b.nation == self.code), None)
        lo, mid, hi = c.per_troop_year.low, c.per_troop_year.central, c.per_troop_year.high
        span_en, span_nl = W.years(self.p.rotation.duration_months), W.years_nl(self.p.rotation.duration_months)
        if mine:
            share = mine.per_year / c.per_year.central if c.per_year.central else 0
            self.doc.p(t(
                f"Additional cost to {self.name()}: **{self.eur(mine.per_year)} a year** (range "
                f"{self.eur(mine.per_year_range.low)}–{self.eur(mine.per_year_range.high)}), "
                f"{self.eur(mine.per_year * c.years)} over {span_en}; {self.pct(share)} of the "
                f"coalition's {self.eur(c.per_year.central)} a year. EUR at {c.price_year} prices.",
                f"Extra kosten voor {self.name()}: **{self.eur(mine.per_year)} per jaar** (bereik "
                f"{self.eur(mine.per_year_range.low)}–{self.eur(mine.per_year_range.high)}), "
                f"{self.eur(mine.per_year * c.years)} over {span_nl}; {self.pct(share)} van de "
                f"{self.eur(c.per_year.central)} per jaar van de coalitie. Prijspeil {c.price_year}."))
        else:
            self.doc.p(t(
                f"No cost to {self.name()} in this plan. For scale: each 100 troops deployed add about "
                f"{self.eur(100 * mid)} a year (range {self.eur(100 * lo)}–{self.eur(100 * hi)}; 100 × the plan's cost per "
                f"troop-year, EUR {c.price_year} prices).",
                f"Geen kosten voor {self.name()} in dit plan. Ter indicatie: elke 100 uitgezonden militairen kosten "
                f"ongeveer {self.eur(100 * mid)} per jaar extra (bereik {self.eur(100 * lo)}–{self.eur(100 * hi)}; 100 × "
                f"de kosten per militair per jaar in het plan, prijspeil {c.price_year})."))
        self.doc.note(t("Additional costs: what the deployment adds to the defence budget, from nations' published "
                        "figures for past deployments (plan appendix, cost.per_troop_year).",
                        "Extra kosten: wat de inzet bovenop de begroting van Defensie kost, op basis van gepubliceerde "
                        "cijfers van eerdere uitzendingen (bijlage van het plan, cost.per_troop_year)."))

    def s8_flank(self) -> None:
        t, f = self.t, self.p.flank
        self.doc.h2(t("8. Effect on the eastern-flank commitments", "8. Gevolgen voor de verplichtingen aan de oostflank"))
        rows = [r for r in f.by_nation if r.nation == self.code]
        used = self.na.earmark_used if self.na else 0
        if rows:
            r = rows[0]
            self.doc.p(t(
                f"{self.Name()} has {self.n(r.before.troops)} troops earmarked for NATO's eastern flank (in "
                f"{', '.join(r.hosts)}; {self.n(r.before.brigades, 2)} brigade-equivalents). The mission draws "
                f"**{self.n(r.drawn)}** of them: {self.n(r.after.brigades, 2)} brigade-equivalents remain.",
                f"{self.Name()} heeft {self.n(r.before.troops)} militairen gereserveerd voor de oostflank van de NAVO "
                f"(in {', '.join(r.hosts)}; {self.n(r.before.brigades, 2)} brigade-equivalenten). De missie zet "
                f"daarvan **{self.n(r.drawn)}** in: er blijven {self.n(r.after.brigades, 2)} "
                "brigade-equivalenten over."))
        else:
            self.doc.p(t(f"{self.Name()} has no forces earmarked for the eastern flank in the plan's data; its "
                         f"contribution draws {self.n(used)} troops from such forces.",
                         f"{self.Name()} heeft in de gegevens van het plan geen troepen voor de oostflank gereserveerd; "
                         f"de bijdrage zet {self.n(used)} militairen uit zulke troepen in."))
        y = f.yardstick
        self.doc.p(t(
            f"For the alliance: {self.n(f.before.brigades, 1)} → {self.n(f.after.brigades, 1)} brigade-equivalents on the "
            f"eastern flank; the Baltic states keep {self.n(f.baltic.after.brigades, 1)} against RAND's yardstick of "
            f"{y.brigades:g} ({y.heavy:g} heavy): {'met' if y.baltic_meets_after else '**not met**'}. "
            f"Policy: {'earmarked forces are not offered to the mission' if f.policy == 'protect' else 'the mission may draw on earmarked forces'}.",
            f"Voor het bondgenootschap: {self.n(f.before.brigades, 1)} → {self.n(f.after.brigades, 1)} "
            f"brigade-equivalenten aan de oostflank; de Baltische staten houden er {self.n(f.baltic.after.brigades, 1)} "
            f"tegenover de maatstaf van RAND van {y.brigades:g} ({y.heavy:g} zware): "
            f"{'gehaald' if y.baltic_meets_after else '**niet gehaald**'}. Uitgangspunt: "
            f"{'voor de oostflank gereserveerde troepen worden niet voor de missie aangeboden' if f.policy == 'protect' else 'de missie mag gereserveerde troepen inzetten'}."))

    def what_would_change(self) -> None:
        t, p = self.t, self.p
        items: list[str] = []
        out = self.out_reason()
        need = str(p.nations.get(self.code, "requires_us_backstop", "none"))
        for k in self.failed():
            if k == "us_backstop":
                items.append(t(f"An American commitment at level '{need}' ({L.label(L.BACKSTOP, need)}) instead of "
                               f"'{p.scenario.us_backstop}'.",
                               f"Een Amerikaanse toezegging op niveau '{need}' ({L.label(L.BACKSTOP, need, 'nl')}) in plaats "
                               f"van '{p.scenario.us_backstop}'."))
            elif k == "parliament":
                items.append(t(f"Consent of {self.parliament}" + (" after the Article 100 letter." if self.code == "NL" else "."),
                               (f"Steun van {self.parliament} na de Artikel 100-brief." if self.code == "NL"
                                else f"Instemming van {self.parliament}.")))
            elif k == "mandate_clear":
                items.append(t("A mandate that answers every incident type clearly (see the findings in section 4).",
                               "Een mandaat dat elk type incident helder beantwoordt (zie de bevindingen in punt 4)."))
            elif k == "requirement_filled":
                gap = p.allocation.gap_troops
                items.append(t(f"The coalition closing its gaps ({self.n(gap)} troops; see section 3).",
                               f"Het sluiten van de tekorten van de coalitie ({self.n(gap)} militairen; zie punt 3)."))
            elif k == "sustainable":
                items.append(t("A smaller share, or a longer rotation, that its force pool can sustain.",
                               "Een kleiner aandeel of een langere aflossing die het reservoir kan dragen."))
            elif k == "flank_intact":
                items.append(t("A contribution that leaves the eastern-flank earmarks untouched.",
                               "Een bijdrage die de reservering voor de oostflank ongemoeid laat."))
            elif k == "escalation_risk":
                items.append(t("A lower escalation risk: a clearer mandate or a stronger US backstop.",
                               "Een lager escalatierisico: een helderder mandaat of sterkere Amerikaanse steun."))
        if out is not None and out.constraint == Constraint.STANCE:
            items.append(t("A government decision to take part (the recorded stance rules it out).",
                           "Een regeringsbesluit om deel te nemen (de vastgelegde opstelling sluit dat nu uit)."))
        if out is not None and out.constraint == Constraint.UN_MANDATE:
            items.append(t("A UN Security Council mandate.", "Een mandaat van de VN-Veiligheidsraad."))
        if not items:
            return
        self.doc.h2(t("What would change the verdict", "Wat het oordeel zou veranderen"))
        self.doc.ul(items)

    def sources(self) -> None:
        t, p = self.t, self.p
        rows = []
        for col, label in (("stance_source", t("Stance", "Opstelling")), ("parliament_source", t("Parliament", "Parlement")),
                           ("notes", t("Notes on the nation's conditions", "Toelichting op de voorwaarden"))):
            v = p.nations.get(self.code, col)
            if v:
                rows.append([label, str(v)])
        if rows:
            self.doc.h2(t("Sources for the nation's entries", "Bronnen voor de gegevens van het land"))
            self.doc.table([t("Entry", "Gegeven"), t("Source", "Bron")], rows)


def render_memo(plan, nation: str, lang: str = "en", fmt: str = "md") -> str:
    """The decision memo for `nation` (ISO code) in `lang` ('en' or 'nl') as Markdown or HTML."""
    code = nation.upper() if isinstance(nation, str) else nation
    allowed = [c for c in plan.nations.codes if plan.nations.stance(c) != "backstop"]
    if code not in allowed:
        raise InputError("nation", nation, "a nation code of the plan's nation table: " + ", ".join(sorted(allowed)))
    if lang not in L.LANGS:
        raise InputError("lang", lang, "one of " + ", ".join(L.LANGS))
    if fmt not in FORMATS:
        raise InputError("fmt", fmt, "one of " + ", ".join(FORMATS))
    memo = _Memo(plan, code, lang)
    title = memo.header()
    memo.summary()
    memo.s1_context()
    memo.s2_contribution()
    memo.s3_feasibility()
    memo.s4_risks()
    memo.s5_conditions()
    memo.s6_duration()
    memo.s7_costs()
    memo.s8_flank()
    memo.what_would_change()
    memo.sources()
    return to_markdown(memo.doc) if fmt == "md" else to_html(memo.doc, title)


__all__ = ["render_memo", "FORMATS"]
