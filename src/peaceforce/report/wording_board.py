"""Sentences about the conditions board: each check's figures, a failed or open check in plain words,
the verdict and what would change it (the what-if record). One owner: the report's board, its verdict
box, its first paragraph and the printed summary all say a check through `check` and `item` here.
"""

from __future__ import annotations

from ..vocab import Check, CheckState, ParliamentRule, ParliamentStatus
from ..whatif import ALL
from . import labels as L
from .labels import num, pct


def _nations(plan, codes) -> str:
    return L.join([L.nation_in(c, plan) for c in codes])


def _escalation(c) -> str:
    """The escalation figure, its range and the threshold; a figure that rounds to the threshold but lies
    on the other side of it gets a decimal."""
    def near(x: float) -> str:
        return pct(x, digits=1 if x != c.threshold and round(100 * x) == round(100 * c.threshold) else 0)

    text = f"probability of escalation to major combat {near(c.value)} over {c.months} months"
    if c.low is None:
        return f"{text} (threshold {pct(c.threshold)})"
    if c.state == CheckState.OPEN:  # the range straddles the threshold: say on which side the estimate lies
        above = c.value is not None and c.value >= c.threshold
        return (f"{text}, {'above' if above else 'below'} the threshold of {pct(c.threshold)} at its central "
                f"estimate; its range {near(c.low)}–{near(c.high)} reaches {'below' if above else 'above'} it")
    return f"{text} (range {near(c.low)}–{near(c.high)}; threshold {pct(c.threshold)})"


def _leads(c, plan) -> str:
    """Each lead nation's verdict, with its own failed and open items where it is not go."""
    board = plan.conditions.nations if plan is not None else {}
    out = []
    for code, ok in c.nations.items():
        n = board.get(code)
        if n is None:
            out.append(f"{L.nation_in(code, plan)} {'go' if ok else 'not among the nations the plan may ask'}")
            continue
        said = [L.check_said(k.value, n.checks[k].state.value) for k in n.failed + n.open_items]
        out.append(f"{L.nation_in(code, plan)} {L.label(L.VERDICT, n.verdict.value).lower()}"
                   + (f": {', '.join(said)}" if said else ""))
    return "; ".join(out)


def check(c, plan, brief: bool = False) -> str:
    """A board check's figures in a sentence (English); `brief` keeps only the headline figure (the
    first paragraph and the verdict box), the board shows it whole."""
    from .wording_mission import flank_summary, rotation_summary

    k = c.check
    coalition = plan is not None and c is plan.conditions.coalition.checks.get(k)
    if k == Check.MANDATE_CLEAR:
        text = f"clarity score {c.value:.2f}" + (f" against the threshold of {c.threshold:.2f}" if c.threshold else "")
        if not c.findings:
            return text + "; clear"
        if brief:
            return text
        text += (f"; {len(plan.mandate_check.findings) if plan is not None else len(c.findings)} finding(s), e.g. "
                 + ", ".join(L.label(L.FINDING, f.value) for f in c.findings[:3]))
        return text + (" (a clear mandate is not this nation's condition)" if c.required is False else "")
    if k == Check.US_BACKSTOP:
        return (f"requires American support of {L.label(L.BACKSTOP, c.required_backstop)}; the scenario gives "
                f"{L.label(L.BACKSTOP, c.given_backstop)}" + ("" if c.ok else " — no-go for want of American backup"))
    if k == Check.UN_MANDATE:
        if not c.required:
            return "no UN mandate required"
        return ("requires a UN mandate; legal basis: "
                + (L.label(L.LEGAL_BASIS, c.legal_basis) if c.legal_basis else "not stated"))
    if k == Check.PARLIAMENT:
        return parliament(c)
    if k == Check.REQUIREMENT_FILLED:
        return f"{pct(c.value)} of the requirement sourced" + (f"; gaps of {num(c.troops)} troops" if c.troops else "")
    if k == Check.FLANK_INTACT:
        if coalition and not brief:
            return flank_summary(plan.flank, plan)
        return ("takes nothing NATO's flank plans count on" if not c.troops else
                f"takes {num(c.troops)} troops that NATO's flank plans count on (flank forces, corps-HQ staff)")
    if k == Check.SUSTAINABLE:
        if coalition:
            return rotation_summary(plan.rotation, plan)
        if c.from_month is None:
            return "share sustainable for the whole mission"
        return f"cannot keep its share up from month {c.from_month}"
    if k == Check.ESCALATION_RISK:
        return _escalation(c)
    if k == Check.LEADS_GO:
        return _leads(c, plan)
    return ""


def item(plan, key: Check, state: CheckState) -> str:
    """One failed or open coalition check in plain words: what does not hold, then its figures."""
    return f"{L.check_said(key.value, state.value)} ({check(plan.conditions.coalition.checks[key], plan, brief=True)})"


STATUS = {ParliamentStatus.APPROVED: "approved", ParliamentStatus.PENDING: "vote pending",
          ParliamentStatus.REJECTED: "rejected"}


def parliament(c) -> str:
    rule, status = c.parliament_rule, c.parliament_status
    tail = f" ({STATUS[status]})" if status else ""
    if status == ParliamentStatus.REJECTED:
        return "parliament rejected the deployment"
    if rule == ParliamentRule.PRIOR:
        if status == ParliamentStatus.APPROVED:
            return "prior approval required and given"
        return f"prior parliamentary approval required: {'vote pending' if status else 'no vote recorded'}"
    if rule == ParliamentRule.AFTER:
        return "government decides; parliament is informed or votes afterwards" + tail
    if rule == ParliamentRule.SPECIAL:
        return "a procedure of its own (see the sources on the nation's parliament); no prior vote modelled" + tail
    return "no parliamentary approval required" + tail


def board_summary(board) -> str:
    c = board.coalition
    verdict = L.label(L.VERDICT, c.verdict.value)
    failed = ", ".join(L.label(L.CHECK_FAILED, k.value) for k in c.failed)
    open_items = ", ".join(L.check_said(k.value, "open") for k in c.open_items)
    parts = [x for x in (failed, open_items and f"open: {open_items}") if x] or ["every condition holds"]
    go = [code for code, n in board.nations.items() if n.go]
    return f"{verdict}: {'; '.join(parts)} — nations go: {', '.join(go) if go else 'none'}"


def change_said(change: str, value: str, plan=None) -> str:
    """A what-if change (whatif.WhatIf's change and value) as a reader says it, not as a field name."""
    if change == "us_backstop":
        return f"American support of {L.label(L.BACKSTOP, value)}"
    if change == "parliament":
        codes = [c.strip() for c in value.split(": ", 1)[-1].split(",") if c.strip()]
        return f"the pending votes won ({_nations(plan, codes)})"
    if change == "mandate":
        return f"the {value} mandate"
    if change == "coalition.eastern_flank":
        return "the eastern-flank earmarks released"
    if change == "coalition.straits":
        return "the straits opened to all navies"
    if change == "option":
        return f"the {value} force option"
    if change == ALL:  # value: 'field=value; field=value'
        return "all together: " + "; ".join(change_said(*part.split("=", 1), plan)
                                            for part in value.split("; ") if "=" in part)
    return f"{change.split('.')[-1].replace('_', ' ')} {value}"


def what_if(w, code: str | None = None, plan=None) -> str:
    """What turns a verdict (a nation's, or the coalition's for None), from the plans made again: the
    changes that bring it closer to go, each with the verdict it gives."""
    if w is None:
        return ""
    before = w.coalition if code is None else w.nations.get(code)
    shown = w.shown(code)
    if not shown:
        tried = [change_said(o.change, o.value, plan) for o in w.options]
        return "no change tried turns it" + (f" (tried: {', '.join(tried)})" if tried else "")
    out = []
    for o in shown:
        what = ("its parliament's approval" if code is not None and o.change == "parliament"
                else change_said(o.change, o.value, plan))
        out.append(f"{what} -> {L.label(L.VERDICT, w.verdict_after(o, code).value).lower()}")
    return f"from {L.label(L.VERDICT, before.value).lower()}: " + "; ".join(out)


def what_if_rows(plan) -> list[tuple[str | None, str]]:
    """(nation code, or None for the coalition; what would change its verdict) for the coalition unless
    it is go and every nation that is no-go or conditional, contributors first: the summary and the
    report list the same."""
    w, board = plan.what_if, plan.conditions
    if w is None:
        return []
    rows: list[tuple[str | None, str]] = []
    if board.coalition.verdict.value != "go":
        rows.append((None, what_if(w, plan=plan)))
    for code, n in sorted(board.nations.items(), key=lambda kv: (-kv[1].troops, kv[0])):
        if n.verdict.value in ("no_go", "conditional"):
            rows.append((code, what_if(w, code, plan)))
    return rows


__all__ = ["check", "item", "parliament", "board_summary", "change_said", "what_if", "what_if_rows"]
