"""The memo's sections on means and limits: duration and exit, costs, NATO's eastern flank, the motion a
parliament would vote on (the House of Commons frame) and the pointer to the plan report."""

from __future__ import annotations

import hashlib

from ..vocab import FlankPlan
from .memo_facts import MemoFacts


class MemoMeans(MemoFacts):

    def s_duration(self) -> None:
        p, s = self.p, self.p.scenario
        rec = next((r for r in p.rotation.nations if r.nation == self.code), None)
        text = self.say("duration.plan", count=p.rotation.rotations, span=self.w.span(s.duration_months),
                        rotations=self.n(p.rotation.rotations), rot=self.n(s.rotation_months))
        if rec is not None:
            text += " " + self.say("duration.multiplier", mult=self.n(rec.multiplier), pool=self.n(self.na.force_pool),
                                   troops=self.troops_word(rec.troops))
        elif self.na is not None:
            mult = p.rotation.multipliers.get(self.code, p.rotation.default_multiplier.central)
            text += " " + self.say("duration.multiplier_if", mult=self.n(mult))
        self.doc.p(text)
        key = "duration.frame_short" if s.duration_months <= 4 and self.has("duration.frame_short") else "duration.frame"
        if self.has(key):  # the frame's own time limit (France: Parliament authorises beyond four months)
            self.doc.p(self.say(key, months=self.n(s.duration_months)))
        exits = [(k, r) for k, r in p.mandate.incidents.items() if "withdraw" in (r.response, r.if_repeated)]
        if exits:
            self.doc.p(self.say("duration.exit", incidents=self.join([self.incident(k) for k, _ in exits])))
        else:
            self.doc.p(self.say("duration.no_exit"))
        self.doc.note(self.say("duration.end_state"))

    def s_costs(self) -> None:
        c = self.p.cost
        mine = next((b for b in c.by_nation if b.nation == self.code), None)
        if mine:
            share = mine.per_year / c.sourced_per_year.central if c.sourced_per_year.central else 0
            self.doc.p(self.say("costs.mine", cost=self.money(mine.per_year),
                                range=self.w.money_range(mine.per_year_range.low, mine.per_year_range.high),
                                total=self.money(mine.per_year * c.years), span=self.w.span(self.p.rotation.duration_months),
                                share=self.pct(share), sourced=self.money(c.sourced_per_year.central)))
        else:
            lo, mid, hi = c.per_troop_year.low, c.per_troop_year.central, c.per_troop_year.high
            self.doc.p(self.say("costs.none", per100=self.money(100 * mid), range=self.w.money_range(100 * lo, 100 * hi)))
        self.doc.p(self.say("costs.force", per_year=self.money(c.per_year.central), once=self.money(c.one_off.central),
                            year=str(c.price_year)))
        if self.has("costs.frame"):
            self.doc.p(self.say("costs.frame", year=str(c.price_year)))
        self.doc.note(self.say("costs.note", year=str(c.price_year)))

    def s_flank(self) -> None:
        f = self.p.flank
        row = next((r for r in f.by_nation if r.nation == self.code), None)
        if row is not None:
            self.doc.p(self.say("flank.mine", troops=self.n(row.before.troops), hosts=self.join([self.cell(h) for h in row.hosts]),
                                brigades=self.n(row.before.brigades, 2), drawn=self.n(row.drawn),
                                after=self.n(row.after.brigades, 2)))
        else:
            used = self.na.earmark_used if self.na else 0
            self.doc.p(self.say("flank.mine_none", used=self.n(used)))
        hq = sum(d.troops for d in f.draws if d.nation == self.code and d.plan == FlankPlan.CORPS_HQ)
        if hq:
            self.doc.p(self.say("flank.corps_hq", troops=self.n(hq)))
        y, a = f.yardstick, f.baltic.allied_before
        self.doc.p(self.say("flank.baltic", brigades=self.n(a.brigades, 1), heavy=self.n(a.heavy, 1),
                            rand=self.n(y.brigades, 0 if float(y.brigades).is_integer() else 1),
                            rand_heavy=self.n(y.heavy, 0 if float(y.heavy).is_integer() else 1),
                            met=self.say("flank.met" if y.met_before else "flank.not_met"),
                            after=self.n(f.baltic.allied_after.brigades, 1)))
        self.doc.p(self.say(f"flank.policy_{f.policy.value}"))
        if f.draws:
            self.doc.p(self.say("flank.draws", troops=self.n(sum(d.troops for d in f.draws))))
            self.doc.ul([self.draw(d) for d in f.draws])
        else:
            self.doc.p(self.say("flank.no_draws"))

    def draw(self, d) -> str:
        if d.plan == FlankPlan.CORPS_HQ:
            return self.say("flank.draw_hq", who=self.cell(d.nation), troops=self.n(d.troops))
        if d.plan == FlankPlan.FLANK_FORCES:
            return self.say("flank.draw_forces", who=self.cell(d.nation), troops=self.n(d.troops),
                            where=self.cell(d.host) if d.host else "–")
        return self.say("flank.draw_air", units=self.n(d.units, 0 if float(d.units).is_integer() else 1), count=d.units)

    def s_motion(self) -> None:
        """The motion the House would debate, with the limits the plan gives it (the Iraq motion of 2014
        set its limits the same way: no ground combat, no other theatre without a further vote)."""
        p, s, t = self.p, self.p.scenario, self.troops()
        self.doc.p(self.say("motion.convention"))
        if not t:
            self.doc.p(self.say("motion.none", troops=self.mine(0)))
            return
        # where the nation's own units stand, as its area section lists them: the limit is the nearest
        where = {}
        for a in self.assignments():
            x = self.position(a)
            stands = self.stands(a)
            where.setdefault(stands, []).append(x.km_from_line if x is not None and x.km_from_line is not None
                                                else p.posture.depth_km)
        on_line = bool(where.get("line") or where.get("border"))
        basis = self.term("legal_basis", p.mandate.legal_basis) if p.mandate.legal_basis else self.say("not_stated")
        self.doc.quote(self.say("motion.text", troops=self.mine(t), span=self.w.span(s.duration_months),
                                basis=basis))
        limits = [self.say("motion.limit_troops", troops=self.mine(t)),
                  self.say("motion.limit_time", span=self.w.span(s.duration_months))]
        if on_line:
            limits.append(self.say("motion.limit_line"))
        elif where.get("hub") or where.get("depth"):
            parts = []
            if where.get("depth"):
                parts.append(self.say("motion.where_depth", km=self.n(p.posture.depth_km)))
            if where.get("hub"):
                lo, hi = min(where["hub"]), max(where["hub"])
                parts.append(self.say("motion.where_hubs", span=self.n(lo) if lo == hi else f"{self.n(lo)}–{self.n(hi)}"))
            if where.get("outside") or where.get("sea"):
                parts.append(self.say("motion.where_outside"))
            nearest = min(where.get("depth", []) + where.get("hub", []))
            limits.append(self.say("motion.limit_standoff", km=self.n(nearest), where=self.w.semi.join(parts)))
        limits += [self.say("motion.limit_force", mandate=self.mandate_name()), self.say("motion.limit_return")]
        self.doc.p(self.say("motion.limits"))
        self.doc.ul(limits)

    def reference(self) -> str:
        """The memo's reference: the date, the nation and a short digest of the scenario's name."""
        digest = hashlib.sha1(f"{self.p.scenario.name}|{self.code}".encode()).hexdigest()[:4].upper()
        return f"PF-{self.date:%Y%m%d}-{self.code}-{digest}"

    def s_report(self) -> None:
        self.doc.p(self.say("report.pointer", report=self.say("report.short")))
        rows = []
        if self.lang == "en":  # the nation table's sources are written in English (its coded notes stay in the report)
            for col, key in (("stance_source", "col.stance"), ("parliament_source", "col.parliament")):
                v = self.p.nations.get(self.code, col)
                if v:
                    rows.append([self.say(key), str(v)])
        if rows:
            self.doc.p(self.say("report.sources"))
            self.doc.table([self.say("col.entry"), self.say("col.source")], rows)
        else:
            self.doc.p(self.say("report.sources_elsewhere", report=self.say("report.short")))
