"""The go / no-go board: every condition a nation or the coalition sets, as typed check records.

Each check holds, is an open item (a vote pending, a borderline figure, a small gap other offers could
close) or fails. A nation is judged on its own conditions only: `no_go` when one of them fails,
`conditional` when open items remain, `go` when all hold, and `not_asked` when the plan gives it nothing
and nothing of its own fails. The coalition is judged on the mission-wide checks (the requirement
filled, the escalation risk, the flank, sustainment, the mandate) and its lead nations' own verdicts,
so a mission-wide failure is said once, for the coalition, not copied into every nation's verdict.
The checks are the debate's own: a clear mandate, American backup at the level the nation asked for,
parliament's consent by the nation's rule, the requirement filled, the eastern flank intact, a share
the nation can sustain, and an escalation risk below a threshold.
Each check carries its figures; report/wording.py says them in words.
"""

from __future__ import annotations

from pydantic import computed_field

from .eligibility import Eligibility
from .factors import Factors
from .flank import Flank
from .generation import Allocation
from .incidents import IncidentResult
from .mandate import MandateCheck
from .records import Record
from .risk import RiskRange
from .rotation import Rotation
from .scenario import Scenario
from .vocab import (Backstop, Check, CheckState, FindingKind, LegalBasis, ParliamentRule, ParliamentStatus,
                    Stance, Verdict)


class CheckResult(Record):
    """One condition: its state (holds, an open item, fails) and the figures it was judged on (only those
    that apply are set). `ok` is kept beside the state: it holds outright."""

    check: Check
    state: CheckState
    value: float | None = None
    threshold: float | None = None
    #: a figure with an interval: the interval's ends (borderline when they straddle the threshold)
    low: float | None = None
    high: float | None = None
    required_backstop: Backstop | None = None
    given_backstop: Backstop | None = None
    required: bool | None = None
    legal_basis: LegalBasis | None = None
    parliament_rule: ParliamentRule | None = None
    parliament_status: ParliamentStatus | None = None
    troops: int | None = None
    #: requirement_filled: troops of gaps on lines critical enough to fail it
    critical_troops: int | None = None
    months: int | None = None
    from_month: int | None = None
    findings: list[FindingKind] = []
    nations: dict[str, bool] = {}

    @computed_field
    @property
    def ok(self) -> bool:
        return self.state == CheckState.PASS


class NationBoard(Record):
    go: bool
    verdict: Verdict
    stance: Stance
    troops: int
    checks: dict[Check, CheckResult]
    #: checks that fail (no-go) and open items (conditional), in board order
    failed: list[Check] = []
    open_items: list[Check] = []


class CoalitionBoard(Record):
    go: bool
    verdict: Verdict
    failed: list[Check]
    checks: dict[Check, CheckResult]
    open_items: list[Check] = []


class Board(Record):
    coalition: CoalitionBoard
    nations: dict[str, NationBoard]


#: checks of the mission as a whole: the coalition's, never a nation's own condition
COALITION_WIDE = frozenset({Check.REQUIREMENT_FILLED, Check.ESCALATION_RISK, Check.LEADS_GO})


def _state(holds: bool, open_item: bool = False) -> CheckState:
    return CheckState.PASS if holds else (CheckState.OPEN if open_item else CheckState.FAIL)


def parliament_check(rule: ParliamentRule, status: ParliamentStatus | None) -> CheckResult:
    """Rejected fails; a vote a prior-approval rule still needs (pending or not recorded) is an open item."""
    if status == ParliamentStatus.REJECTED:
        state = CheckState.FAIL
    elif rule == ParliamentRule.PRIOR and status != ParliamentStatus.APPROVED:
        state = CheckState.OPEN
    else:
        state = CheckState.PASS
    return CheckResult(check=Check.PARLIAMENT, state=state, parliament_rule=rule, parliament_status=status)


def _verdict(checks: dict[Check, CheckResult]) -> tuple[Verdict, list[Check], list[Check]]:
    failed = [k for k, c in checks.items() if c.state == CheckState.FAIL]
    open_items = [k for k, c in checks.items() if c.state == CheckState.OPEN]
    verdict = Verdict.NO_GO if failed else (Verdict.CONDITIONAL if open_items else Verdict.GO)
    return verdict, failed, open_items


def _filled(allocation: Allocation, f: Factors) -> CheckResult:
    """Gaps judged by how critical their lines are and by size: any gap on a line at least
    `conditions.critical_criticality` fails; others are an open item up to `conditions.open_gap_share` of
    the requirement (further offers can close them), beyond it a failure."""
    critical = f.v("conditions.critical_criticality")
    gap = allocation.gap_troops
    hard = sum(g.troops for g in allocation.gaps if f.v(f"criticality.{g.capability.value}") >= critical)
    share = gap / allocation.required_troops if allocation.required_troops else 0.0
    min_fill = f.v("conditions.min_filled_share")
    holds = allocation.filled_share >= min_fill and not hard
    small = not hard and share <= f.v("conditions.open_gap_share")
    return CheckResult(check=Check.REQUIREMENT_FILLED, state=_state(holds, small), value=allocation.filled_share,
                       threshold=min_fill, troops=gap, critical_troops=hard)


def _escalation(incidents: IncidentResult, months: int, f: Factors, risk: RiskRange | None = None) -> CheckResult:
    """Below the threshold across its interval passes, above it across the interval fails; an interval
    that straddles the threshold is borderline: an open item, not a verdict. The interval is the 80%
    range of the assumptions when it was computed (risk.py), else the simulation's 95% interval."""
    max_p = f.v("conditions.max_escalation_probability")
    p = incidents.escalation_probability
    lo, hi = (risk.escalation.low, risk.escalation.high) if risk is not None else incidents.escalation_ci95
    state = CheckState.PASS if hi < max_p else (CheckState.FAIL if lo >= max_p else CheckState.OPEN)
    return CheckResult(check=Check.ESCALATION_RISK, state=state, value=p, threshold=max_p, low=lo, high=hi,
                       months=months)


def board(scenario: Scenario, allocation: Allocation, rotation: Rotation, flank: Flank, mandate: MandateCheck,
          incidents: IncidentResult, f: Factors, risk: RiskRange | None = None) -> Board:
    unsustainable = {u.nation: u for u in rotation.unsustainable}
    clear = mandate.clear and mandate.score >= mandate.threshold
    # for the coalition an unclear mandate is an open item (it is negotiated before the decision); a nation
    # that made a clear mandate its condition fails on it (nations.csv: requires_clear_mandate)
    mandate_c = CheckResult(check=Check.MANDATE_CLEAR, state=_state(clear, True), value=mandate.score,
                            threshold=mandate.threshold, findings=sorted({x.kind for x in mandate.findings}))
    filled_c = _filled(allocation, f)
    esc_c = _escalation(incidents, scenario.duration_months, f, risk)

    nations_out: dict[str, NationBoard] = {}
    for na in allocation.nations:
        e: Eligibility = allocation.eligibility[na.nation]
        if not (na.eligible or na.troops_deployed > 0 or na.stance in (Stance.LEAD, Stance.WILLING, Stance.CONDITIONAL)):
            continue
        code = na.nation
        u = unsustainable.get(code)
        drawn = flank.drawn_by(code)
        checks = {
            Check.MANDATE_CLEAR: mandate_c.model_copy(update={
                "state": CheckState.PASS if clear or not e.requires_clear_mandate else CheckState.FAIL,
                "required": e.requires_clear_mandate}),
            Check.US_BACKSTOP: CheckResult(check=Check.US_BACKSTOP, state=_state(e.backstop_met),
                                           required_backstop=e.requires_backstop, given_backstop=e.given_backstop),
            Check.UN_MANDATE: CheckResult(check=Check.UN_MANDATE, state=_state(e.un_mandate_met),
                                          required=e.requires_un_mandate, legal_basis=e.legal_basis),
            Check.PARLIAMENT: parliament_check(e.parliament_rule, scenario.parliament.get(code)),
            Check.FLANK_INTACT: CheckResult(check=Check.FLANK_INTACT, state=_state(drawn <= 0), troops=drawn),
            Check.SUSTAINABLE: CheckResult(check=Check.SUSTAINABLE, state=_state(u is None),
                                           from_month=u.from_month if u else None),
        }
        verdict, failed, open_items = _verdict(checks)
        if na.troops_deployed <= 0 and not failed:
            # the plan does not need it and nothing of its own stands in the way: not asked
            verdict = Verdict.NOT_ASKED
        nations_out[code] = NationBoard(go=verdict == Verdict.GO, verdict=verdict, stance=na.stance,
                                        troops=na.troops_deployed, checks=checks, failed=failed, open_items=open_items)

    leads = scenario.coalition.lead
    lead_state = {c: nations_out[c].verdict if c in nations_out else Verdict.NO_GO for c in leads}
    leads_c = CheckResult(check=Check.LEADS_GO,
                          state=CheckState.FAIL if any(v in (Verdict.NO_GO, Verdict.NOT_ASKED) for v in lead_state.values())
                          else CheckState.OPEN if any(v == Verdict.CONDITIONAL for v in lead_state.values())
                          else CheckState.PASS,
                          nations={c: v == Verdict.GO for c, v in lead_state.items()})
    coalition_checks = {
        Check.MANDATE_CLEAR: mandate_c, Check.REQUIREMENT_FILLED: filled_c,
        Check.FLANK_INTACT: CheckResult(check=Check.FLANK_INTACT, state=_state(flank.intact), troops=flank.drawn),
        Check.SUSTAINABLE: CheckResult(check=Check.SUSTAINABLE, state=_state(not rotation.unsustainable),
                                       from_month=min((u.from_month for u in rotation.unsustainable), default=None)),
        Check.ESCALATION_RISK: esc_c,
        Check.LEADS_GO: leads_c,
    }
    verdict, failed, open_items = _verdict(coalition_checks)
    return Board(coalition=CoalitionBoard(go=verdict == Verdict.GO, verdict=verdict, failed=failed,
                                          checks=coalition_checks, open_items=open_items), nations=nations_out)
