"""What would change the verdict: single changes to the scenario, each planned again from scratch.

For every nation that is no-go or conditional, and for the coalition, the board alone cannot say what
would turn it: a stronger US backstop changes who is asked and the escalation risk, a clearer mandate
changes the incidents, releasing flank earmarks changes the allocation. So each candidate change is
applied to the scenario and the whole plan is made again; its verdicts are compared with the plan's.

Candidates come from what fails or is open on the board, smallest first: the backstop levels nations
require (and one level up where escalation is not settled), the pending parliamentary votes held and
won, the built-in robust mandate, the next lighter force option and the eastern-flank earmarks released
where the requirement is not filled, the straits opened. A nation the changed plan no longer asks has
not come closer to go. Not part of
plan() (it costs one plan per candidate): the CLI computes it for the summary, the report and memos.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .records import Record
from .vocab import (
    Backstop, Capability, Check, CheckState, FlankPolicy, ForceOption, ParliamentStatus, StraitsPolicy, Verdict,
)

if TYPE_CHECKING:  # the records only; the function imports plan() when it runs
    from .plan import Plan

#: the option that applies every candidate change at once
ALL = "all of the above"
#: how far a verdict is from go (not asked sits with conditional: nothing of its own fails)
RANK = {Verdict.NO_GO: 0, Verdict.CONDITIONAL: 1, Verdict.NOT_ASKED: 1, Verdict.GO: 2}


class WhatIf(Record):
    """One change to the scenario and the verdicts of the plan made again with it."""

    change: str          # the scenario field, as the scenario file writes it
    value: str           # its new value
    coalition: Verdict
    nations: dict[str, Verdict]


class WhatWouldChange(Record):
    coalition: Verdict
    nations: dict[str, Verdict]
    options: list[WhatIf]

    def verdict_after(self, option: WhatIf, code: str | None = None) -> Verdict:
        return option.coalition if code is None else option.nations[code]

    def shown(self, code: str | None = None) -> list[WhatIf]:
        """The improving changes a reader is told about: every single one, and all of them together
        only where no single change goes as far."""
        better = self.improving(code)
        single = [o for o in better if o.change != ALL]
        best = max((RANK[self.verdict_after(o, code)] for o in single), default=-1)
        return single + [o for o in better if o.change == ALL and RANK[self.verdict_after(o, code)] > best]

    def improving(self, code: str | None = None) -> list[WhatIf]:
        """The changes that bring a nation (None: the coalition) closer to go, smallest first."""
        before = self.coalition if code is None else self.nations.get(code)
        if before is None:
            return []
        out = []
        for o in self.options:
            after = o.coalition if code is None else o.nations.get(code, before)
            # a nation the changed plan no longer asks has not come closer to go: it was dropped
            if code is not None and after == Verdict.NOT_ASKED:
                continue
            if RANK[after] > RANK[before]:
                out.append(o)
        return out


def _candidates(p: "Plan") -> list[tuple[str, str, dict]]:
    """(field, value, update) for each change worth planning again, smallest first; an update names
    scenario fields, `coalition.*` ones the coalition's."""
    s, board = p.scenario, p.conditions
    out: list[tuple[str, str, dict]] = []
    levels: set[Backstop] = set()
    for n in board.nations.values():
        c = n.checks[Check.US_BACKSTOP]
        if c.state == CheckState.FAIL and c.required_backstop is not None:
            levels.add(c.required_backstop)
    if board.coalition.checks[Check.ESCALATION_RISK].state != CheckState.PASS:
        order = list(Backstop)
        i = order.index(s.us_backstop)
        if i + 1 < len(order):
            levels.add(order[i + 1])
    for level in sorted((lv for lv in levels if lv > s.us_backstop), key=list(Backstop).index):
        out.append(("us_backstop", level.value, {"us_backstop": level}))
    pending = sorted(code for code, n in board.nations.items()
                     if n.checks[Check.PARLIAMENT].state == CheckState.OPEN and n.verdict != Verdict.NOT_ASKED)
    if pending:
        votes = dict(s.parliament) | {c: ParliamentStatus.APPROVED for c in pending}
        out.append(("parliament", "approved: " + ", ".join(pending), {"parliament": votes}))
    unclear = board.coalition.checks[Check.MANDATE_CLEAR].state != CheckState.PASS or any(
        n.checks[Check.MANDATE_CLEAR].state == CheckState.FAIL for n in board.nations.values())
    if unclear and s.mandate != "robust":
        out.append(("mandate", "robust", {"mandate": "robust"}))
    unfilled = board.coalition.checks[Check.REQUIREMENT_FILLED].state != CheckState.PASS
    if unfilled and s.option != ForceOption.LIGHT:
        # the next lighter force option: the same role with fewer tasks, which the offers may fill
        lighter = list(ForceOption)[list(ForceOption).index(s.option) - 1]
        out.append(("option", lighter.value, {"option": lighter}))
    if unfilled and s.coalition.eastern_flank == FlankPolicy.PROTECT:
        out.append(("coalition.eastern_flank", "ignore", {"coalition.eastern_flank": FlankPolicy.IGNORE}))
    if s.coalition.straits == StraitsPolicy.CLOSED and any(g.capability == Capability.MARITIME for g in p.allocation.gaps):
        out.append(("coalition.straits", "open", {"coalition.straits": StraitsPolicy.OPEN}))
    return out


def _changed(scenario, update: dict):
    top = {k: v for k, v in update.items() if not k.startswith("coalition.")}
    co = {k.split(".", 1)[1]: v for k, v in update.items() if k.startswith("coalition.")}
    if co:
        top["coalition"] = scenario.coalition.model_copy(update=co)
    return scenario.model_copy(update=top)


def what_would_change(p: "Plan", *, nations_csv: str | Path | None = None, runs: int = 2000) -> WhatWouldChange:
    """Plan again with each candidate change; the verdicts before and after, nation by nation."""
    from .plan import plan

    candidates = _candidates(p)
    if len(candidates) > 1:  # and all of them at once, for verdicts no single change turns (the
        # backstop at the highest level tried: candidates come smallest first)
        last = {f: (f, v, u) for f, v, u in candidates}
        if len(last) > 1:
            merged: dict = {}
            for _, _, update in last.values():
                merged.update(update)
            candidates.append((ALL, "; ".join(f"{f}={v}" for f, v, _ in last.values()), merged))
    options = []
    for field, value, update in candidates:
        again = plan(_changed(p.scenario, update), nations_csv=nations_csv, runs=runs)
        if p.risk is not None:
            again.compute_risk()
        options.append(WhatIf(change=field, value=value, coalition=again.conditions.coalition.verdict,
                              nations={c: n.verdict for c, n in again.conditions.nations.items()}))
    return WhatWouldChange(coalition=p.conditions.coalition.verdict,
                           nations={c: n.verdict for c, n in p.conditions.nations.items()}, options=options)


__all__ = ["WhatIf", "WhatWouldChange", "what_would_change", "RANK", "ALL"]
