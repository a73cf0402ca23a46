"""The memo's judgement sections: the rules of engagement and what the clarity check finds in them, the
risks (the incident simulation, the risk ranges), the nation's conditions on the board, how to monitor
them, and what would change the verdict (the plan's own what-if record when computed)."""

from __future__ import annotations

from ..vocab import Constraint
from ..whatif import ALL
from .memo_facts import up
from .memo_sections import MemoSections


class MemoJudgement(MemoSections):

    def delay(self, minutes: float | None) -> str:
        if minutes is None:
            return "–"
        if minutes >= 120 and minutes % 60 == 0:
            return self.say("time.hours", h=self.n(minutes / 60))
        return self.say("time.minutes", m=self.n(minutes))

    def s_roe(self) -> None:
        p = self.p
        m, chk = p.mandate, p.mandate_check
        self.doc.p(self.say(f"roe.self_defence_{m.self_defence}" if m.self_defence in ("full", "restricted")
                            else "roe.self_defence_other"))
        rows = []
        for kind, rule in m.incidents.items():
            rows.append([up(self.named("incident", kind)), up(self.named("response", rule.response)) if rule.response else "–",
                         up(self.named("response", rule.if_repeated)) if rule.if_repeated else "–",
                         up(self.named("authority", rule.authority)) if rule.authority else "–",
                         self.delay(rule.max_delay_minutes)])
        self.doc.table([self.say("col.incident"), self.say("col.response"), self.say("col.repeat"),
                        self.say("col.authority"), self.say("col.delay")], rows, numeric=(4,))
        probe = m.incidents.get("probe_incursion")
        if probe is not None and probe.response:
            self.doc.p(self.say("roe.probe", response=self.named("response", probe.response),
                                repeat=self.named("response", probe.if_repeated) if probe.if_repeated
                                else self.say("roe.no_repeat_rule")))
        if chk.findings:
            by: dict[str, list[str]] = {}  # one line per incident type, its findings together
            for f in chk.findings:
                who = up(self.named("incident", f.incident)) if f.incident else up(self.say("roe.whole_mandate"))
                kinds = by.setdefault(who, [])
                if self.term("finding", f.kind) not in kinds:
                    kinds.append(self.term("finding", f.kind))
            self.doc.p(self.say("roe.findings"))
            self.doc.ul([f"{who}: {self.w.semi.join(kinds)}" for who, kinds in by.items()])
        else:
            self.doc.p(self.say("roe.no_findings"))
        caveat = m.caveats.get(self.code)
        if caveat is not None:
            forbid = self.join([self.named("response", r) for r in caveat.forbid]) or "–"
            text = self.say("roe.caveat", forbid=forbid)
            if caveat.authority:
                text += " " + self.say("roe.caveat_authority", who=self.named("authority", caveat.authority))
            self.doc.p(text)

    def s_risks(self) -> None:
        p = self.p
        i = p.incidents
        lo, hi = i.escalation_ci95
        top = sorted(i.incidents_per_year.items(), key=lambda kv: -kv[1])[:3]
        self.doc.p(self.say("risks.incidents", total=self.n(sum(i.incidents_per_year.values())),
                            top=self.join([f"{self.incident(k)} ({self.n(v)})" for k, v in top]),
                            clear=self.pct(i.clear_share or 0), late=self.pct(i.late_share or 0),
                            unanswered=self.pct(i.unanswered_share or 0)))
        self.doc.p(self.say("risks.escalation", months=self.n(i.duration_months), p=self.pct(i.escalation_probability),
                            lo=self.pct(lo), hi=self.pct(hi), runs=self.n(i.runs),
                            threshold=self.pct(p.factors.v("conditions.max_escalation_probability"))))
        r = p.risk
        if r is not None:
            self.doc.p(self.say("risks.range", lo=self.pct(r.escalation.low), hi=self.pct(r.escalation.high),
                                mid=self.pct(r.escalation.central), draws=self.n(r.draws),
                                ulo=self.pct(r.unanswered_or_late.low), uhi=self.pct(r.unanswered_or_late.high)))
        else:
            self.doc.p(self.say("risks.range_none"))
        late = sorted(((k, v.late + v.unanswered) for k, v in i.by_type.items()), key=lambda kv: -kv[1])
        late = [(k, x) for k, x in late if x >= 0.02]
        if late:
            self.doc.p(self.say("risks.late", items=self.join([f"{self.incident(k)} ({self.pct(x)})" for k, x in late])))
        fl = p.flank
        self.doc.p(self.say("risks.flank_" + fl.verdict.value))

    def s_conditions(self) -> None:
        if self.has("conditions.intro"):  # the nation's own conditions, counted from the grounds' list
            asked, _ = self.conditions_of()
            self.doc.p(self.say("conditions.intro", count=len(asked), k=self.w.count(len(asked)),
                                items=self.w.semi.join(asked)))
        if self.board is None:
            stance = str(self.p.nations.get(self.code, "stance", "unknown"))
            self.doc.p(self.say("conditions.not_on_board", stance=self.term("stance", stance)))
        else:
            self.doc.table([self.say("col.condition"), self.say("col.result"), self.say("col.detail")],
                           self.condition_rows(self.board))
            self.doc.p(self.say("conditions.verdict", verdict=self.verdict(self.board.verdict, "adj")))
        c = self.p.conditions.coalition
        items = [self.check_said(k.value, "fail") for k in c.failed] + [self.check_said(k.value, "open") for k in c.open_items]
        self.doc.p(self.say("conditions.coalition", verdict=self.verdict(c.verdict, "adj"))
                   + (" " + self.say("conditions.coalition_items", items=self.w.semi.join(items)) if items else ""))

    def s_monitoring(self) -> None:
        if self.has("monitoring.frame"):
            self.doc.p(self.say("monitoring.frame"))
        p = self.p
        items = [self.say("monitoring.escalation", p=self.pct(p.incidents.escalation_probability),
                          threshold=self.pct(p.factors.v("conditions.max_escalation_probability"))),
                 self.say("monitoring.unanswered", share=self.pct(p.incidents.unanswered_or_late_share or 0)),
                 self.say("monitoring.filled", share=self.pct(p.allocation.filled_share))]
        rec = next((r for r in p.rotation.nations if r.nation == self.code), None)
        if rec is not None:
            items.append(self.say("monitoring.pool", pool=self.n(rec.deployable_pool), need=self.n(rec.pool_needed)))
        items += [self.say("monitoring.open", item=self.check_said(k, "open")) for k in self.open_items()]
        self.doc.p(self.say("monitoring.intro"))
        self.doc.ul(items)

    # ------------------------------------------------------------ what would change the verdict

    def board_asks(self) -> list[str]:
        """What each open or failed condition of the nation asks for."""
        p, items = self.p, []
        need = str(p.nations.get(self.code, "requires_us_backstop", "none") or "none")
        for k in self.failed() + self.open_items():
            if k == "us_backstop":
                items.append(self.say("whatif.ask_backstop", level=self.backstop(need),
                                      given=self.backstop(p.scenario.us_backstop)))
            elif k == "requirement_filled":
                items.append(self.say("whatif.ask_filled", gap=self.n(p.allocation.gap_troops)))
            elif self.has(f"whatif.ask_{k}"):
                items.append(self.say(f"whatif.ask_{k}"))
        out = self.out_reason()
        if out is not None and out.constraint == Constraint.STANCE:
            items.append(self.say("whatif.ask_stance"))
        if out is not None and out.constraint == Constraint.UN_MANDATE:
            items.append(self.say("whatif.ask_un"))
        return items

    def change(self, change: str, value: str) -> str:
        """A what-if change (whatif.WhatIf's field and value) in words."""
        if change == "us_backstop":
            return self.say("change.us_backstop", level=self.backstop(value))
        if change == "parliament":
            codes = [c.strip() for c in value.split(": ", 1)[-1].split(",") if c.strip()]
            if codes == [self.code]:
                return self.say("change.parliament_own")
            return self.say("change.parliament", who=self.join([self.cell(c) for c in codes]))
        if change == "mandate":
            return self.say("change.mandate", mandate=self.term("mandate", value, self.say("mandate.named", name=value)))
        if change == "option":
            return self.say("change.option", option=self.term("option", value))
        if change == "coalition.eastern_flank":
            return self.say("change.flank")
        if change == "coalition.straits":
            return self.say("change.straits")
        if change == ALL:
            parts = [self.change(*part.split("=", 1)) for part in value.split("; ") if "=" in part]
            return self.say("change.all", items=self.w.semi.join(parts))
        return self.say("change.other")

    def s_whatif(self) -> None:
        w = self.p.what_if
        asks = self.board_asks()
        if w is None:
            self.doc.p(self.say("whatif.not_computed"))
        elif self.code not in w.nations:
            self.doc.p(self.say("whatif.not_on_board"))
        else:
            shown = w.shown(self.code)
            if shown:
                self.doc.p(self.say("whatif.computed", verdict=self.verdict(w.nations[self.code], "adj")))
                self.doc.ul([self.say("whatif.item", change=self.change(o.change, o.value),
                                      verdict=self.verdict(w.verdict_after(o, self.code), "adj")) for o in shown])
            elif w.options:  # the changes tried as a list: their names carry parentheses of their own
                self.doc.p(self.say("whatif.nothing_turns"))
                self.doc.ul([up(self.change(o.change, o.value)) for o in w.options if o.change != ALL])
            else:
                self.doc.p(self.say("whatif.nothing_tried"))
        if asks:
            self.doc.p(self.say("whatif.asks"))
            self.doc.ul(asks)
        elif w is None:
            self.doc.p(self.say("whatif.nothing_open"))
