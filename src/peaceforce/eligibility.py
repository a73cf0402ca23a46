"""Who may be asked: one Eligibility record per nation, computed once and read by every later stage.

Force generation uses it to build its model, the board to judge each nation's conditions and the
memo to explain why a nation was or was not asked; none of them parses the nation table again.
"""

from __future__ import annotations

from .nations import NationTable
from .records import Record
from .scenario import Scenario
from .vocab import Backstop, Constraint, LegalBasis, ParliamentRule, Stance

#: stances that may be asked under `include: willing`
ASKABLE = (Stance.LEAD, Stance.WILLING, Stance.CONDITIONAL)
#: the constraints that keep a nation from being asked at all (an Eligibility's `exclusion`)
EXCLUSIONS = (Constraint.EXCLUDED, Constraint.BACKSTOP, Constraint.NOT_INCLUDED, Constraint.STANCE,
              Constraint.US_BACKSTOP, Constraint.UN_MANDATE)


class Eligibility(Record):
    """A nation's standing for this scenario, with the first reason that keeps it out (if any)."""

    nation: str
    eligible: bool
    lead: bool
    stance: Stance
    stance_date: str | None = None
    #: the first constraint that keeps it out; None when eligible
    exclusion: Constraint | None = None
    requires_backstop: Backstop
    given_backstop: Backstop
    requires_un_mandate: bool
    requires_clear_mandate: bool
    #: the mission's legal basis as force generation knew it (None: not known, counted as no UN mandate)
    legal_basis: LegalBasis | None = None
    parliament_rule: ParliamentRule

    @property
    def un_mandate_met(self) -> bool:
        return not self.requires_un_mandate or (self.legal_basis is not None and self.legal_basis.is_un)

    @property
    def backstop_met(self) -> bool:
        return self.given_backstop >= self.requires_backstop


def _first_exclusion(code: str, stance: Stance, lead: bool, scenario: Scenario, backstop_ok: bool,
                     un_ok: bool) -> Constraint | None:
    co = scenario.coalition
    if code in co.exclude:
        return Constraint.EXCLUDED
    if stance == Stance.BACKSTOP:
        return Constraint.BACKSTOP
    if not lead:
        if isinstance(co.include, list) and code not in co.include:
            return Constraint.NOT_INCLUDED
        if stance not in ASKABLE:
            return Constraint.STANCE
    if not backstop_ok:
        return Constraint.US_BACKSTOP
    if not un_ok:
        return Constraint.UN_MANDATE
    return None


def eligibility(nations: NationTable, scenario: Scenario,
                legal_basis: LegalBasis | str | None = None) -> dict[str, Eligibility]:
    """Every nation in the table, in table order: may it be asked, and if not, the first reason why."""
    leads = set(scenario.coalition.lead)
    given = Backstop(scenario.us_backstop)
    basis = LegalBasis(legal_basis) if legal_basis is not None else None
    out: dict[str, Eligibility] = {}
    for code in nations.codes:
        stance = Stance(nations.stance(code))
        needs = Backstop(str(nations.get(code, "requires_us_backstop", "none")))
        rule = ParliamentRule(str(nations.get(code, "parliament_rule", "none")))
        wants_un = bool(int(nations.get(code, "requires_un_mandate", 0) or 0))
        record = Eligibility(
            nation=code, eligible=False, lead=code in leads, stance=stance,
            stance_date=str(nations.get(code, "stance_date")) if nations.get(code, "stance_date") else None,
            requires_backstop=needs, given_backstop=given, requires_un_mandate=wants_un,
            requires_clear_mandate=bool(int(nations.get(code, "requires_clear_mandate", 0) or 0)),
            legal_basis=basis, parliament_rule=rule)
        exclusion = _first_exclusion(code, stance, record.lead, scenario, record.backstop_met, record.un_mandate_met)
        out[code] = record.model_copy(update={"eligible": exclusion is None, "exclusion": exclusion})
    return out


def fair_shares(nations: NationTable, fair_share: str, eligible: list[str]) -> dict[str, float]:
    """Each eligible nation's share of the scenario's key (GDP, population or NATO cost share) among the eligible."""
    key = nations.key(fair_share)
    total = float(sum(key[c] for c in eligible))
    return {c: (float(key[c]) / total if total > 0 else 0.0) for c in eligible}


__all__ = ["Eligibility", "eligibility", "fair_shares", "ASKABLE", "EXCLUSIONS"]
