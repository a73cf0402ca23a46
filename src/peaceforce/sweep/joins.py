"""Whether a `joins.CODE` input can change a sweep's plans: a nation that may never be asked.

`joins.CODE: [true, false]` excludes the nation (false) or leaves it as `coalition.include` says
(true). When even `true` leaves it ineligible under every choice of the inputs eligibility reads
(us_backstop, and the mandate's legal basis), both halves of the sweep plan the same force: the input
would cost a design dimension and then rank as a "driver" on the noise alone. Such an input is refused.
Eligibility itself is read from its one owner (eligibility.eligibility), never re-derived here.
"""

from __future__ import annotations

import itertools
from typing import Any

from ..errors import InputError
from ..factors import Factors
from ..scenario import Scenario, load_scenario
from ..vocab import Constraint, LegalBasis
from .inputs import Dim, scenario_data
from .space import Choices, family


def check(sc: Scenario, base: dict[str, Any], dims: list[Dim], f: Factors, legal_bases: dict[str, LegalBasis | None],
          where: str | None) -> None:
    """Refuse a joins.CODE input whose nation is ineligible, joining or not, in every sample.

    `legal_bases`: the legal basis of each mandate the sweep may plan (by its reference)."""
    from ..eligibility import eligibility
    from ..nations import load_nations

    joins = [d for d in dims if family(d.name) == "joins"]
    if not joins:
        return
    table = load_nations(None)
    swept = {d.name: d for d in dims if d.name in ("us_backstop", "mandate") and isinstance(d.spec, Choices)}
    backstops = list(swept["us_backstop"].spec.choices) if "us_backstop" in swept else [base["us_backstop"]]
    mandates = list(swept["mandate"].spec.choices) if "mandate" in swept else [base["mandate"]]
    for dim in joins:
        code = dim.name.split(".", 1)[1]
        joined = scenario_data(base, [dim], {dim.column: True}, f)
        found: list[tuple[Constraint, Any]] = []
        for backstop, ref in itertools.product(backstops, mandates):
            variant = load_scenario({**joined, "us_backstop": backstop, "mandate": ref})
            e = eligibility(table, variant, legal_bases.get(ref))[code]
            if e.eligible:
                break
            found.append((e.exclusion, e))
        else:
            reason = _why(code, found, base, "us_backstop" in swept, "mandate" in swept)
            raise InputError(f"uncertain.{dim.name}", list(dim.spec.choices),
                             f"a nation that may join: {reason}, so it never joins", where)


def _why(code: str, found: list, base: dict[str, Any], backstop_swept: bool, mandate_swept: bool) -> str:
    """The first reason that keeps the nation out, in words."""
    exclusion, e = found[0]
    if exclusion == Constraint.STANCE:
        include = base.get("coalition", {}).get("include", "willing")
        return (f"{code} is {e.stance.value} and coalition.include is 'willing'" if include == "willing"
                else f"{code} is {e.stance.value} (only willing or conditional nations are asked)")
    if exclusion == Constraint.BACKSTOP:
        return f"{code} is the backstop, never a contributor"
    if exclusion == Constraint.US_BACKSTOP:
        given = "no us_backstop choice gives it" if backstop_swept else f"us_backstop is {base['us_backstop']}"
        return f"{code} needs a US backstop of {e.requires_backstop.value} and {given}"
    if exclusion == Constraint.UN_MANDATE:
        return f"{code} needs a UN mandate and " + ("no mandate choice gives one" if mandate_swept else "the mandate gives none")
    return f"{code} is kept out ({exclusion.value if exclusion else 'not eligible'})"


__all__ = ["check"]
