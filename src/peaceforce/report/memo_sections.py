"""The memo's descriptive sections: the decision, the context and the nation's grounds, the legal basis,
the task, the contribution, where it serves, its ceiling, feasibility and command. Each fills one
section of a frame (memo_frames); the order and the headings are the frame's."""

from __future__ import annotations

from ..vocab import Capability, Provider, Stand
from .memo_facts import MemoFacts, up


class MemoSections(MemoFacts):

    def s_decision(self) -> None:
        s, t = self.p.scenario, self.troops()
        span = self.w.span(s.duration_months)
        if t:
            self.doc.p(self.say("decision.gives", troops=self.mine(t), span=span,
                                rotations=self.n(self.p.rotation.rotations), rot=self.n(s.rotation_months),
                                units=self.join(self.unit_items())))
            cost = next((b for b in self.p.cost.by_nation if b.nation == self.code), None)
            self.doc.p(self.say("decision.pool", pool=self.n(self.na.force_pool))
                       + (" " + self.say("decision.cost", cost=self.money(cost.per_year)) if cost else ""))
        else:
            self.doc.p(self.say("decision.none", troops=self.mine(0)) + " " + self.why_not_asked())
        key = "decision.frame" if t else "decision.frame_none"
        if self.has(key):  # the frame's own proposal: the resolution the Bundestag votes on, the Art. 35 notice
            text = self.say(key, troops=self.mine(t), span=span)
            if t and self.has("decision.frame_intro"):  # a text put to the vote, set off as such
                self.doc.p(self.say("decision.frame_intro"))
                self.doc.quote(text)
            else:
                self.doc.p(text)
        v, text = self.verdict_text()
        self.doc.verdict(v, self.verdict(v), text)

    def s_context(self) -> None:
        p, s = self.p, self.p.scenario
        members = sorted((n for n in p.allocation.nations if n.troops_deployed > 0), key=lambda n: -n.troops_deployed)
        self.doc.p(self.say("context.force", leads=self.names(s.coalition.lead),
                            role=self.term("role_goal", s.role), total=self.n(p.requirement.deployed.central),
                            host_army=self.n(s.host_army), threat=self.term("threat", s.threat),
                            k=self.n(len(members)), count=len(members)))
        if members:
            self.doc.p(self.say("context.largest", items=self.join(
                [f"{self.cell(n.nation)} ({self.n(n.troops_deployed)})" for n in members[:6]])))
        level = s.us_backstop.value
        key = {"full": "context.backstop_full", "none": "context.backstop_none"}.get(level, "context.backstop")
        self.doc.p(self.say(key, level=self.backstop(level)))
        stance = str(p.nations.get(self.code, "stance", "unknown"))
        when = self.w.month_year(p.nations.get(self.code, "stance_date"))
        self.doc.p(self.say("context.stance" if when else "context.stance_undated",
                            stance=self.term("stance", stance), when=when))

    def s_grounds(self) -> None:
        said = self.w.positions(self.code)
        if said:
            self.doc.p(self.say("grounds.intro"))
            self.doc.ul(said)
        else:
            self.doc.p(self.say("grounds.none"))
        asked, not_asked = self.conditions_of()
        self.doc.p(self.say("grounds.conditions", count=len(asked), k=self.w.count(len(asked))))
        self.doc.ul(asked)
        if not_asked:
            self.doc.p(self.say("grounds.no_demand", items=self.join(not_asked)))

    def s_legal(self) -> None:
        p = self.p
        m, chk = p.mandate, p.mandate_check
        basis = self.term("legal_basis", m.legal_basis) if m.legal_basis else self.say("not_stated")
        self.doc.p(self.say("legal.international", mandate=self.mandate_name(), basis=basis))
        self.doc.p(self.say("legal.self_defence", self_defence=self.term("self_defence", m.self_defence),
                            score=self.n(chk.score, 2), clear=self.say("legal.clear" if chk.clear else "legal.unclear")))
        if int(p.nations.get(self.code, "requires_un_mandate", 0) or 0):
            un = m.legal_basis in ("un_chapter_vi", "un_chapter_vii")
            self.doc.p(self.say("legal.un_met" if un else "legal.un_unmet"))
        rule = str(p.nations.get(self.code, "parliament_rule", "none") or "none")
        self.doc.p(self.say("legal.national") if self.has("legal.national") else self.say(f"legal.rule_{rule}"))
        check = self.board.checks.get("parliament") if self.board else None
        status = p.scenario.parliament.get(self.code)
        if check is not None or status is not None:
            st = check.parliament_status.value if check is not None and check.parliament_status else (
                status.value if status is not None else "none")
            self.doc.p(self.say("legal.status", status=self.term("parliament_status", st)))

    def tasks(self, pairs) -> str:
        """Tasks in words, in order, the enablers' capabilities said once: '..., support (engineers, logistics)'."""
        named, support = [], []
        for task, cap in pairs:
            if task == "enablers" or not self.w.has_term("task", task):
                support.append(self.cap(cap))
            else:
                named.append(self.term("task", task))
        named = list(dict.fromkeys(named))
        if support:
            named.append(self.say("task.enablers", cap=self.join(list(dict.fromkeys(support)))))
        return self.join(named)

    def s_task(self) -> None:
        s = self.p.scenario
        self.doc.p(self.say("task.role", role=self.term("role_goal", s.role)))
        lines = [(ln.task, ln.capability) for ln in self.p.requirement.lines if ln.provider.value == "coalition"]
        self.doc.p(self.say("task.force", tasks=self.tasks(lines)))
        mine = [(a.task, a.capability) for a in self.assignments()]
        self.doc.p(self.say("task.mine", tasks=self.tasks(mine)) if mine else self.say("task.mine_none"))

    def s_contribution(self) -> None:
        p, t = self.p, self.troops()
        if t:
            rows = []
            for a in self.assignments():
                units = f"{self.n(a.units)} × {self.unit(a.formation, a.units)}"  # blocks of a formation
                if a.framework:
                    units += " " + self.say("contrib.frames", units=self.units(a.framework, a.of_formation))
                rows.append([up(self.cap(a.capability)), units, self.n(a.troops), self.where(a)])
            self.doc.table([self.say("col.capability"), self.say("col.units"), self.say("col.troops"),
                            self.say("col.where")], rows, numeric=(2,))
            na = self.na
            self.doc.p(self.say("contrib.total", troops=self.mine(t), share=self.pct(na.share),
                                fair=self.pct(na.fair_share), fairkey=self.term("fair_key", p.scenario.coalition.fair_share),
                                pool=self.n(na.force_pool)))
            leads = [self.place(sid) for sid, c in p.allocation.sector_leads.items() if c == self.code]
            if leads:
                self.doc.p(self.say("contrib.sector_leads", sectors=self.join(leads)))
            return
        self.doc.p(self.say("contrib.none", troops=self.mine(0)))
        offer = self.capacity_offer()
        if offer:
            self.doc.p(self.say("contrib.offer_intro"))
            self.doc.ul(offer)

    def capacity_offer(self) -> list[str]:
        """What the nation could give within its capacity, line by line, in the blocks the model fills
        each line with, never more than the mission asks on that line."""
        if self.na is None:
            return []
        out, blocks = [], {}
        alloc = self.p.allocation
        for a in alloc.assignment:
            if a.capability not in blocks or a.unit_size < blocks[a.capability][1]:
                blocks[a.capability] = (a.formation, a.unit_size)
        for cap, troops in self.na.capacity.items():
            block, size = blocks.get(cap, ("", 0))
            if not size or troops < size:
                continue
            asked = (sum(a.units for a in alloc.assignment if a.capability == cap)
                     + sum(g.units for g in alloc.gaps if g.capability == cap))
            units = min(int(troops // size), asked)
            if units >= 1:
                out.append(self.say("contrib.offer_item", cap=up(self.cap(cap)), units=self.units(units, block),
                                    troops=self.troops_word(units * size)))
        return out

    def stands(self, a) -> str:
        """Where an assignment stands: hub, line, border, depth, outside, or sea (outside, on the theatre's sea)."""
        pos = self.position(a)
        sea = self.p.theatre.sea
        if sea is not None and a.sector == sea.id:
            return "sea"
        return pos.stands.value if pos is not None else "depth"

    def where(self, a) -> str:
        """The table's 'where' cell for an assignment."""
        stands = self.stands(a)
        if stands in ("hub", "line", "border", "sea"):
            return up(self.place(a.sector))
        return up(self.say(f"where.{stands}" if stands == "outside" else "where.depth"))

    def s_area(self) -> None:
        p = self.p
        sea = p.theatre.sea
        self.doc.p(self.say("area.theatre_sea" if sea else "area.theatre", sea=self.place(sea.id) if sea else ""))
        groups: dict[tuple[str, str], dict[str, int]] = {}
        for a in self.assignments():
            stands = self.stands(a)
            key = (stands, a.sector if stands in ("hub", "line", "border", "sea") else "")
            units = groups.setdefault(key, {})
            units[a.formation] = units.get(a.formation, 0) + a.units
        items = []
        for (stands, pid), units in groups.items():
            said = self.join([self.units(k, f) for f, k in units.items()])
            km = next((x.km_from_line for x in p.posture.positions if x.place == pid and x.km_from_line is not None), None)
            items.append(self.say(f"area.{stands}", units=said, place=up(self.place(pid)) if pid else "",
                                  km=self.n(km) if km is not None else "–", depth=self.n(p.posture.depth_km)))
        if items:
            self.doc.p(self.say("area.mine"))
            self.doc.ul(items)
        else:
            self.doc.p(self.say("area.mine_none"))
        if int(float(p.nations.get(self.code, "outside_host_only", 0) or 0)):
            self.doc.p(self.say("area.outside_only"))
        # the coalition's force as a whole, as the report's first paragraph and map count it
        t = p.posture.by_stand(Provider.COALITION)
        hubs = sorted(km for km, _ in p.posture.hubs(Provider.COALITION).values() if km is not None)
        on_line = t.get(Stand.LINE, 0) + t.get(Stand.BORDER, 0)
        if on_line:
            text = self.say("area.force_line", troops=self.n(on_line),
                            km=self.n(p.posture.line_held_km + p.posture.border_held_km))
        elif hubs:
            text = self.say("area.force_hubs", nearest=self.n(hubs[0]), count=len(hubs), k=self.n(len(hubs)),
                            troops=self.n(t.get(Stand.HUB, 0)))
        else:
            text = ""
        if t.get(Stand.DEPTH, 0):
            text += " " + self.say("area.force_depth", troops=self.n(t[Stand.DEPTH]), depth=self.n(p.posture.depth_km))
        if any(stands == "hub" for stands, _ in groups) or (hubs and not on_line):
            text += " " + self.say("area.measure", hostile=self.w.hostile(p.theatre.name))
        if text.strip():
            self.doc.p(text.strip())

    def s_ceiling(self) -> None:
        t = self.troops()
        if t:
            self.doc.p(self.say("ceiling.figure", troops=self.mine(t)))
            self.doc.p(self.say("ceiling.pool", pool=self.n(self.na.force_pool), rot=self.n(self.p.scenario.rotation_months)))
            self.doc.note(self.say("ceiling.note"))
        else:
            self.doc.p(self.say("ceiling.none", troops=self.mine(0)))

    def s_feasibility(self) -> None:
        p = self.p
        a, d = p.allocation, p.requirement.deployed
        self.doc.p(self.say("feas.need", total=self.n(d.central), low=self.n(d.low), high=self.n(d.high),
                            sourced=self.n(a.allocated_troops), share=self.pct(a.filled_share)))
        if a.gaps:
            items = []
            for g in a.gaps:
                who = self.join([self.cell(c.nation) for c in g.closes[:4]]) or self.say("nobody")
                items.append(self.say("feas.gap", place=up(self.place(g.sector)), cap=self.cap(g.capability),
                                      units=self.units(g.units, g.unit_type), troops=self.n(g.troops), who=who))
            self.doc.p(self.say("feas.gaps"))
            self.doc.ul(items)
        else:
            self.doc.p(self.say("feas.no_gaps"))
        rec = next((r for r in p.rotation.nations if r.nation == self.code), None)
        if rec is not None:
            self.doc.p(self.pools(rec))
        short = sorted(p.rotation.unsustainable, key=lambda u: u.from_month)
        if short:
            self.doc.p(self.say("feas.coalition_short", items=self.join(
                [self.say("feas.short_item", who=self.cell(u.nation), month=self.n(u.from_month)) for u in short])))
        else:
            self.doc.p(self.say("feas.coalition_ok", months=self.n(p.rotation.duration_months)))

    def pools(self, rec) -> str:
        """The force pool against the ground pool it is checked on: the troops deployed, the pool that keeps
        them up over the rotations, the part of it that is ground forces (what the nation's deployable
        land forces must hold) and the rest (air and naval crews, not drawn from the land forces)."""
        ground, mult = rec.ground, rec.multiplier
        kw = dict(troops=self.troops_word(rec.troops), pool_all=self.n(rec.force_pool), ground=self.n(ground),
                  mult=self.n(mult, 0 if float(mult).is_integer() else 1), need=self.n(rec.pool_needed),
                  rest=self.n(rec.force_pool - rec.pool_needed), rest_deployed=self.n(rec.troops - ground),
                  pool=self.n(rec.deployable_pool), share=self.pct(self.p.factors.v("capacity.deployable_share")),
                  month=self.n(rec.sustainable_until or 0))
        key = "feas.pools" if 0 < ground < rec.troops else ("feas.pools_ground" if ground else "feas.pools_none")
        text = self.say(key, **kw)
        if ground:
            text += " " + self.say("feas.sustainable" if rec.sustainable_until is None else "feas.unsustainable", **kw)
        return text

    def s_command(self) -> None:
        p, alloc = self.p, self.p.allocation
        hq = [a for a in alloc.assignment if a.capability == Capability.HQ and a.units]
        if hq:
            by: dict[str, list[str]] = {}
            for a in hq:
                by.setdefault(a.nation, []).append(self.units(a.units, a.formation))
            self.doc.p(self.say("command.hq", items=self.w.semi.join(
                [self.say("command.hq_item", units=self.join(u), who=self.name(c), who_of=self.poss(c)) for c, u in by.items()])))
        else:
            self.doc.p(self.say("command.hq_none"))
        framing = [n for n in alloc.nations if any(n.frames.values())]
        if framing:
            self.doc.p(self.say("command.frameworks", items=self.join(
                [f"{self.cell(n.nation)} ({self.join([self.units(k, f) for f, k in n.frames.items() if k])})"
                 for n in framing])))
        counts: dict[str, int] = {}
        for rule in p.mandate.incidents.values():
            if rule.authority:
                counts[rule.authority] = counts.get(rule.authority, 0) + 1
        if counts:
            total = sum(counts.values())
            self.doc.p(self.say("command.authority", total=self.n(total), items=self.join(
                [self.say("command.authority_item", who=self.named("authority", k), k=self.n(v), count=v)
                 for k, v in sorted(counts.items(), key=lambda kv: -kv[1])])))
        callers = sorted({r.authority for r in p.mandate.incidents.values()
                          if r.authority and "call_backstop" in (r.response, r.if_repeated)})
        if callers:
            self.doc.p(self.say("command.backstop_call", who=self.join([self.named("authority", a) for a in callers])))
        caveat = p.mandate.caveats.get(self.code)
        if caveat is not None and caveat.authority:
            self.doc.p(self.say("command.caveat", who=self.named("authority", caveat.authority)))
        self.doc.note(self.say("command.note"))
