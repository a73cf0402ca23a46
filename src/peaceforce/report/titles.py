"""Readable titles for the keys the report shows: what drives a range, where a figure comes from.

The code's keys (`formation.brigade`, `rate.major_offensive`, `steps.major_combat`) stay in plan.json;
readers get `title(key)`. Planning factors and escalation parameters take the `title` column of their
tables (data/planning_factors.csv, data/escalation.csv); incident rates, formation strengths, nation and
theatre figures and cost rates are worded here from the label tables; any other key is humanized, so a
reader never meets a raw code. `topic(key)` files each key under the appendix's topics (TOPICS).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Mapping

from . import labels as L

#: the enabler shares are drawn together (uncertainty.stream), so they drive a range as one input
ENABLER_ALL = "Enabler ratios (all)"

#: incident labels whose head noun has no plural ("small-arms fire", "harassment")
_MASS_NOUNS = frozenset({"fire", "harassment", "warfare"})

NATION_FIELD = {
    "land_forces": "land forces", "stance": "stance on joining", "gdp": "GDP", "population": "population",
    "nato_cost_share": "NATO cost share", "parliament": "parliamentary approval",
    "active_personnel": "active military personnel", "defence_spending": "defence spending",
}

THEATRE_FIELD = {
    "outside_providers": "Nations that support the force from outside the host country",
    "host_army": "Size of the host nation's army",
    "adversary_army": "Size of the adversary's army",
}

SECTOR_FIELD = {"length_km": "Sector length (km)", "population": "Sector population"}

COST_RATE = {
    "flying_hour": "Cost per flying hour", "flying_hours": "Flying hours a year",
    "ship_day": "Cost per ship-day", "deployment": "One-off cost of deploying a soldier (in and out)",
    "infrastructure": "One-off host infrastructure cost per soldier",
}

OTHER = {"cost.per_troop_year": "Cost of one soldier deployed for a year"}

#: the appendix's topics in the order it shows them, each with the key heads it gathers; a key whose head
#: is in none (threat, garrison, enabler, hq, ...) is a sizing factor
SIZING = "Sizing the force: planning factors"
TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (SIZING, ()),
    ("Formations and their strengths", ("formation",)),
    ("Theatre and where the force stands", ("theatre", "posture")),
    ("Nations: figures, stances and capacity", ("nations", "capacity", "generation")),
    ("Rotation and NATO's eastern flank", ("rotation", "flank")),
    ("Costs", ("cost", "cost_rates")),
    ("Mandate and the go / no-go thresholds", ("mandate", "conditions")),
    ("Incidents and escalation", ("incidents",)),
)


# ---------------------------------------------------------------- tables (read once)

@lru_cache(maxsize=1)
def _tables() -> Mapping[str, str]:
    """Every built-in planning factor's and escalation parameter's title, by key."""
    from .. import factors, incident_params

    out = {k: f.title for k, f in factors.builtin().items() if f.title}
    out.update({k: p.title for k, p in incident_params.default_params().chain.items() if p.title})
    return out


@lru_cache(maxsize=1)
def _formations() -> Mapping[str, str]:
    """Formation id -> its capability (data/formations.csv)."""
    from .. import formations

    return {name: str(f.capability) for name, f in formations.catalogue().items()}


@lru_cache(maxsize=1)
def _nation_names() -> Mapping[str, str]:
    from .. import nations

    table = nations.load_nations()
    return {code: table.name(code) for code in table.codes}


@lru_cache(maxsize=8)
def _sector_names(theatre: str) -> Mapping[str, str]:
    from .. import catalog, theatre as theatre_mod

    if theatre not in catalog.builtin_theatres():
        return {}
    t = theatre_mod.load_theatre(theatre)
    return {s.id: s.name for s in t.sectors}


# ---------------------------------------------------------------- words

def humanize(key: str) -> str:
    """An unknown key in words: dots and underscores to spaces, sentence case ('a.b_c' -> 'A b c')."""
    words = " ".join(re.sub(r"[._*]+", " ", key).split())
    return words[:1].upper() + words[1:] if words else "Unnamed figure"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _article(noun: str) -> str:
    return ("an " if noun[:1].lower() in "aeio" else "a ") + noun


def incident_plural(incident: str) -> str:
    """The incident type in the plural, in lower case: 'drone strikes', 'attacks on civilians', 'harassment'."""
    name = L.INCIDENT["en"].get(incident)
    if name is None:
        return humanize(incident).lower()
    base, paren, rest = name.partition(" (")
    head, sep, tail = next(((base[:i], s, base[i + len(s):]) for s in (" of ", " on ") if (i := base.find(s)) > 0),
                           (base, "", ""))
    last = head.split(" ")[-1].lower()
    if last not in _MASS_NOUNS and not head.endswith("s"):
        head += "s"
    words = head + sep + tail + (paren + rest if paren else "")
    return words[:1].lower() + words[1:]


def rate_title(incident: str, threat: str | None = None) -> str:
    """'Rate of drone strikes (medium threat)'; without a threat, the type's rate at the plan's threat."""
    out = f"Rate of {incident_plural(incident)}"
    if not threat:
        return out
    level = f"{L.label(L.THREAT, threat)} threat"
    # one pair of brackets: 'Rate of indirect fire (artillery, mortars; medium threat)'
    return f"{out[:-1]}; {level})" if out.endswith(")") else f"{out} ({level})"


def formation_title(name: str) -> str:
    """'Strength of a brigade'; a ship's is its crew."""
    noun = _formation_noun(name)
    return f"{'Crew' if _formations().get(name) == 'maritime' else 'Strength'} of {_article(noun)}"


def _formation_noun(name: str) -> str:
    return L.UNIT_TYPE_EN.get(name, name.replace("_", " "))


# ---------------------------------------------------------------- topics

def topic(key: str) -> str:
    """The appendix topic a key belongs to (TOPICS), read from the key's head."""
    head = key.partition(".")[0]
    return next((name for name, heads in TOPICS if head in heads), SIZING)


# ---------------------------------------------------------------- the one entry point

def title(key: str) -> str:
    """The readable title of any key the report shows; never the raw key."""
    found = _title(key)
    return found if found else humanize(key)


def _title(key: str) -> str | None:
    known = _tables().get(key) or OTHER.get(key)
    if known:
        return known
    if key == "enabler.*":
        return ENABLER_ALL
    if key.endswith(".*"):
        return f"{humanize(key[:-2])} (all)"
    head, _, rest = key.partition(".")
    parts = rest.split(".") if rest else []
    if head == "incidents" and rest:
        return _title(rest)
    if head == "rate" and 1 <= len(parts) <= 2 and parts[0] in L.INCIDENT["en"]:
        return rate_title(parts[0], parts[1] if len(parts) == 2 else None)
    if head == "formation" and len(parts) == 1 and (parts[0] in _formations() or parts[0] in L.UNIT_TYPE_EN):
        return formation_title(parts[0])
    if head == "nations" and len(parts) == 2:
        code, col = parts
        return f"{_nation_names().get(code, code)}: {NATION_FIELD.get(col, humanize(col).lower())}"
    if head == "theatre" and len(parts) == 2 and parts[1] in THEATRE_FIELD:
        return THEATRE_FIELD[parts[1]]
    if head == "theatre" and len(parts) == 3 and parts[2] in SECTOR_FIELD:
        sector = _sector_names(parts[0]).get(parts[1]) or humanize(parts[1])
        return f"{SECTOR_FIELD[parts[2]]}: {sector}"
    if head == "cost_rates" and parts and parts[0] in COST_RATE:
        base = COST_RATE[parts[0]]
        return f"{base} ({_formation_noun(parts[1])})" if len(parts) == 2 else base
    return None


__all__ = ["title", "topic", "TOPICS", "rate_title", "formation_title", "incident_plural", "humanize", "ENABLER_ALL"]
