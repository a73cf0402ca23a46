"""The go / no-go board: every condition a nation or the coalition sets, as typed check records.

A nation is `go` only when all its checks hold; the coalition is `go` only when its own checks hold
and its lead nations are go. The checks are the debate's own: a clear mandate, American backup at the
level the nation asked for, parliament's consent by the nation's rule, the requirement filled, the
eastern flank intact, a share the nation can sustain, and an escalation risk below a threshold.
Each check carries its figures; report/wording.py says them in words.
"""

from __future__ import annotations

from .eligibility import Eligibility
from .factors import Factors
from .flank import Flank
from .generation import Allocation
from .incidents import IncidentResult
from .mandate import MandateCheck
from .records import Record
from .rotation import Rotation
from .scenario import Scenario
from .vocab import Backstop, Check, FindingKind, LegalBasis, ParliamentRule, ParliamentStatus, Stance, Verdict


class CheckResult(Record):
    """One condition: holds or not, and the figures it was judged on (only those that apply are set)."""

    check: Check
    ok: bool
    value: float | None = None
    threshold: float | None = None
    required_backstop: Backstop | None = None
    given_backstop: Backstop | None = None
    required: bool | None = None
    legal_basis: LegalBasis | None = None
    parliament_rule: ParliamentRule | None = None
    parliament_status: ParliamentStatus | None = None
    troops: int | None = None
    months: int | None = None
    from_month: int | None = None
    findings: list[FindingKind] = []
    nations: dict[str, bool] = {}


class NationBoard(Record):
    go: bool
    verdict: Verdict
    stance: Stance
    troops: int
    checks: dict[Check, CheckResult]


class CoalitionBoard(Record):
    go: bool
    verdict: Verdict
    failed: list[Check]
    checks: dict[Check, CheckResult]


class Board(Record):
    coalition: CoalitionBoard
    nations: dict[str, NationBoard]


def parliament_check(rule: ParliamentRule, status: ParliamentStatus | None) -> CheckResult:
    """Prior approval rules need an approval; any rule fails on a rejection."""
    ok = status != ParliamentStatus.REJECTED and (rule != ParliamentRule.PRIOR or status == ParliamentStatus.APPROVED)
    return CheckResult(check=Check.PARLIAMENT, ok=ok, parliament_rule=rule, parliament_status=status)


def _verdict(go: bool) -> Verdict:
    return Verdict.GO if go else Verdict.NO_GO


def board(scenario: Scenario, allocation: Allocation, rotation: Rotation, flank: Flank, mandate: MandateCheck,
          incidents: IncidentResult, f: Factors) -> Board:
    max_p = f.v("conditions.max_escalation_probability")
    min_fill = f.v("conditions.min_filled_share")
    p_esc = incidents.escalation_probability
    unsustainable = {u.nation: u for u in rotation.unsustainable}

    mandate_c = CheckResult(check=Check.MANDATE_CLEAR, ok=mandate.clear and mandate.score >= mandate.threshold,
                            value=mandate.score, threshold=mandate.threshold,
                            findings=sorted({x.kind for x in mandate.findings}))
    filled_c = CheckResult(check=Check.REQUIREMENT_FILLED, ok=allocation.filled_share >= min_fill,
                           value=allocation.filled_share, threshold=min_fill, troops=allocation.gap_troops)
    esc_c = CheckResult(check=Check.ESCALATION_RISK, ok=p_esc < max_p, value=p_esc, threshold=max_p,
                        months=scenario.duration_months)

    nations_out: dict[str, NationBoard] = {}
    for na in allocation.nations:
        e: Eligibility = allocation.eligibility[na.nation]
        if not (na.eligible or na.troops_deployed > 0 or na.stance in (Stance.LEAD, Stance.WILLING, Stance.CONDITIONAL)):
            continue
        code = na.nation
        u = unsustainable.get(code)
        checks = {
            # a nation that made a clear mandate its condition fails on an unclear one; for the others it
            # stays a coalition-level condition (nations.csv: requires_clear_mandate)
            Check.MANDATE_CLEAR: mandate_c.model_copy(update={"ok": mandate_c.ok or not e.requires_clear_mandate,
                                                              "required": e.requires_clear_mandate}),
            Check.US_BACKSTOP: CheckResult(check=Check.US_BACKSTOP, ok=e.backstop_met, required_backstop=e.requires_backstop,
                                           given_backstop=e.given_backstop),
            Check.UN_MANDATE: CheckResult(check=Check.UN_MANDATE, ok=e.un_mandate_met, required=e.requires_un_mandate,
                                          legal_basis=e.legal_basis),
            Check.PARLIAMENT: parliament_check(e.parliament_rule, scenario.parliament.get(code)),
            Check.REQUIREMENT_FILLED: filled_c,
            Check.FLANK_INTACT: CheckResult(check=Check.FLANK_INTACT, ok=flank.drawn_by(code) <= 0,
                                            troops=flank.drawn_by(code)),
            Check.SUSTAINABLE: CheckResult(check=Check.SUSTAINABLE, ok=u is None,
                                           from_month=u.from_month if u else None),
            Check.ESCALATION_RISK: esc_c,
        }
        go = all(c.ok for c in checks.values())
        nations_out[code] = NationBoard(go=go, verdict=_verdict(go), stance=na.stance, troops=na.troops_deployed,
                                        checks=checks)

    leads = scenario.coalition.lead
    lead_go = {c: bool(nations_out[c].go) if c in nations_out else False for c in leads}
    coalition_checks = {
        Check.MANDATE_CLEAR: mandate_c, Check.REQUIREMENT_FILLED: filled_c,
        Check.FLANK_INTACT: CheckResult(check=Check.FLANK_INTACT, ok=flank.intact, troops=flank.drawn),
        Check.SUSTAINABLE: CheckResult(check=Check.SUSTAINABLE, ok=not rotation.unsustainable,
                                       from_month=min((u.from_month for u in rotation.unsustainable), default=None)),
        Check.ESCALATION_RISK: esc_c,
        Check.LEADS_GO: CheckResult(check=Check.LEADS_GO, ok=all(lead_go.values()), nations=lead_go),
    }
    failed = [k for k, v in coalition_checks.items() if not v.ok]
    return Board(coalition=CoalitionBoard(go=not failed, verdict=_verdict(not failed), failed=failed,
                                          checks=coalition_checks), nations=nations_out)
