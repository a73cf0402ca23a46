"""The go / no-go board: every condition a nation or the coalition sets, with ok / not ok and why.

A nation is `go` only when all its checks hold; the coalition is `go` only when its own checks hold
and its lead nations are go. The checks are the debate's own: a clear mandate, American backup at the
level the nation asked for, parliament's consent by the nation's rule, the requirement filled, the
eastern flank intact, a share the nation can sustain, and an escalation risk below a threshold.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .factors import Factors
from .flank import Flank
from .generation import Allocation
from .incidents import IncidentResult
from .mandate import CLEAR_THRESHOLD, MandateCheck
from .nations import NationTable
from .rotation import Rotation
from .scenario import Scenario
from .vocab import BACKSTOP_LEVELS, backstop_rank

CHECKS = ("mandate_clear", "us_backstop", "un_mandate", "parliament", "requirement_filled", "flank_intact",
          "sustainable", "escalation_risk")


def _c(ok: bool, detail: str) -> dict[str, Any]:
    return {"ok": bool(ok), "detail": detail}


@dataclass
class Board:
    coalition: dict[str, Any]
    nations: dict[str, dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {"coalition": self.coalition, "nations": self.nations}

    def summary(self) -> str:
        verdict = "GO" if self.coalition["go"] else "NO-GO"
        go = [c for c, n in self.nations.items() if n["go"]]
        return f"{verdict}: " + ("; ".join(self.coalition["reasons"]) or "every condition holds") + \
            f" — nations go: {', '.join(go) if go else 'none'}"


def parliament_check(rule: str | None, status: str | None, code: str) -> dict[str, Any]:
    rule = rule or "none"
    if status == "rejected":
        return _c(False, f"{code}'s parliament rejected the deployment")
    if rule == "prior":
        if status == "approved":
            return _c(True, "prior approval required and given")
        return _c(False, f"prior parliamentary approval required; status {status or 'not recorded (pending)'}")
    if rule == "after":
        return _c(True, "government decides; parliament is informed or votes afterwards"
                  + (f" (status {status})" if status else ""))
    if rule == "special":
        return _c(True, "special rule (see the nation's parliament_source); no prior vote modelled"
                  + (f" (status {status})" if status else ""))
    return _c(True, "no parliamentary approval required" + (f" (status {status})" if status else ""))


def board(scenario: Scenario, nations: NationTable, allocation: Allocation, rotation: Rotation,
          flank: Flank, mandate: MandateCheck, incidents: IncidentResult, f: Factors,
          legal_basis: str | None = None) -> Board:
    max_p = f.v("conditions.max_escalation_probability")
    min_fill = f.v("conditions.min_filled_share")
    level = scenario.us_backstop
    p_esc = incidents.escalation_probability
    unsustainable = {u["nation"]: u for u in rotation.unsustainable}

    mandate_c = _c(mandate.clear and mandate.score >= CLEAR_THRESHOLD,
                   f"clarity score {mandate.score:.2f}; "
                   + ("clear" if mandate.clear else f"{len(mandate.findings)} finding(s), e.g. "
                      + "; ".join(f"{x.kind} {x.incident}".strip() for x in mandate.findings[:3])))
    filled = allocation.filled_share
    gap_troops = sum(g["troops"] for g in allocation.gaps)
    filled_c = _c(filled >= min_fill, f"{filled:.0%} of the requirement sourced"
                  + (f"; gaps of {gap_troops:,} troops" if gap_troops else ""))
    esc_c = _c(p_esc < max_p, f"probability of escalation to major combat {p_esc:.0%} over "
               f"{scenario.duration_months} months (threshold {max_p:.0%})")

    nations_out: dict[str, dict[str, Any]] = {}
    for na in allocation.nations:
        if not (na.eligible or na.troops_deployed > 0 or na.stance in ("lead", "willing", "conditional")):
            continue
        code = na.nation
        need = str(nations.get(code, "requires_us_backstop", "none"))
        need = need if need in BACKSTOP_LEVELS else "none"
        ok_us = backstop_rank(level) >= backstop_rank(need)
        us_c = _c(ok_us, f"requires US backstop '{need}', scenario gives '{level}'"
                  + ("" if ok_us else " — no-go for want of American backup"))
        un_ok = str(legal_basis or "").startswith("un_chapter")
        needs_un = str(nations.get(code, "requires_un_mandate", 0)) in ("1", "1.0", "True")
        un_c = _c(un_ok or not needs_un, ("requires a UN mandate; legal basis " + (legal_basis or "not stated"))
                  if needs_un else "no UN mandate required")
        parl_c = parliament_check(nations.get(code, "parliament_rule"), scenario.parliament.get(code), code)
        flank_c = _c(na.earmark_used <= 0, "no eastern-flank forces drawn" if na.earmark_used <= 0
                     else f"draws {na.earmark_used:,} troops earmarked for the eastern flank")
        u = unsustainable.get(code)
        sus_c = _c(u is None, "share sustainable for the whole mission" if u is None
                   else f"cannot keep its share up from month {u['from_month']}: {u['reason']}")
        checks = {"mandate_clear": mandate_c, "us_backstop": us_c, "un_mandate": un_c, "parliament": parl_c,
                  "requirement_filled": filled_c, "flank_intact": flank_c, "sustainable": sus_c,
                  "escalation_risk": esc_c}
        nations_out[code] = {"go": all(c["ok"] for c in checks.values()), "stance": na.stance,
                             "troops": na.troops_deployed, "checks": checks}

    leads = scenario.coalition.lead
    coalition_checks = {
        "mandate_clear": mandate_c, "requirement_filled": filled_c,
        "flank_intact": _c(flank.intact, flank.summary()),
        "sustainable": _c(not rotation.unsustainable, rotation.summary()),
        "escalation_risk": esc_c,
        "leads_go": _c(all(nations_out.get(c, {}).get("go") for c in leads),
                       ", ".join(f"{c} {'go' if nations_out.get(c, {}).get('go') else 'no-go'}" for c in leads)),
    }
    reasons = [f"{k}: {v['detail']}" for k, v in coalition_checks.items() if not v["ok"]]
    return Board({"go": not reasons, "reasons": reasons, "checks": coalition_checks}, nations_out)
