"""The memo's judgement sections: risks (the mandate and the incident simulation), the nation's own
conditions on the board, and what would change its verdict. Mixed into the memo (memo.py)."""

from __future__ import annotations

from ..vocab import Constraint
from ..whatif import ALL
from . import labels as L
from . import wording as W
from .memo_facts import MemoFacts


class MemoJudgement(MemoFacts):
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
            state = {"pass": "✓ **" + t("met", "voldaan") + "**", "open": "◐ **" + t("open item", "open punt") + "**",
                     "fail": "✗ **" + t("not met", "niet voldaan") + "**"}[c.state.value]
            rows.append([names.get(k, L.label(L.CHECK, k, self.lang)), state, self.check_detail(k, c)])
        if self.code == "NL":
            self.doc.p(t("The Netherlands set three conditions of its own: a clear mandate, American backup if the "
                         "situation gets seriously out of hand, and the support of the Tweede Kamer. The board adds the "
                         "coalition's own checks.",
                         "Nederland stelt drie eigen voorwaarden: een helder mandaat, Amerikaanse steun als de situatie "
                         "ernstig uit de hand loopt, en steun van de Tweede Kamer. Het overzicht voegt daar de "
                         "toetsen van de coalitie aan toe."))
        self.doc.table([t("Condition", "Voorwaarde"), t("Result", "Uitkomst"), t("Detail", "Toelichting")], rows)
        v = self.board.verdict.value
        self.doc.p(t(f"Verdict for {self.name()}: **{L.label(L.VERDICT, v).lower()}**.",
                     f"Oordeel voor {self.name()}: **{L.label(L.VERDICT, v, 'nl').lower()}**."))

    def what_would_change(self) -> None:
        t, p = self.t, self.p
        items: list[str] = []
        out = self.out_reason()
        need = str(p.nations.get(self.code, "requires_us_backstop", "none"))
        for k in self.failed() + self.open_items():
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
        computed = self.computed_changes()
        if not items and not computed:
            return
        self.doc.h2(t("What would change the verdict", "Wat het oordeel zou veranderen"))
        if computed:
            self.doc.p(t("Planned again with each change (the whole plan made anew, not judged by hand):",
                         "Het plan opnieuw gemaakt met elke wijziging (het hele plan, niet met de hand beoordeeld):"))
            self.doc.ul(computed)
            if items:
                self.doc.p(t("What each open or failed condition asks for:", "Wat elke open of niet vervulde voorwaarde vraagt:"))
        self.doc.ul(items)

    def computed_changes(self) -> list[str]:
        """The plan's own what-if results for this nation (whatif.py), when the plan carries them."""
        w = self.p.what_if
        if w is None or self.code not in w.nations:
            return []
        t = self.t
        out = []
        for o in w.shown(self.code):
            after = w.verdict_after(o, self.code).value
            what = (t(f"approval by {self.parliament}", f"instemming van {self.parliament}") if o.change == "parliament"
                    else W.change_said(o.change, o.value, self.lang))
            out.append(t(f"{what} → **{L.label(L.VERDICT, after).lower()}**",
                         f"{what} → **{L.label(L.VERDICT, after, 'nl').lower()}**"))
        if not out and w.options:
            tried = ", ".join(W.change_said(o.change, o.value, self.lang) for o in w.options if o.change != ALL)
            out.append(t(f"No change tried turns it ({tried}; and all of them together).",
                         f"Geen van de geprobeerde wijzigingen verandert het ({tried}; ook niet alle samen)."))
        return out
