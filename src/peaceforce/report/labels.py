"""Words and number formats for readers: the code's identifiers stay in plan.json, people read these.

One table per vocabulary, so the report, the charts and the summary name a thing the same way and a
reader never meets `air_defence` or `coalition_political` without a gloss. These are the report's
English words; the memo's words in every language (English included: nations, tasks) are in
data/memo/<lang>.yaml, read through memo_words, and the report takes nation names and task names from
there rather than keeping a second list.
"""

from __future__ import annotations

import math
import re

LANGS = ("en",)

CAPABILITY = {
    "en": {
        "manoeuvre": "Manoeuvre (combat battalions)", "hq": "Headquarters", "isr": "ISR (intelligence, surveillance, reconnaissance)",
        "air_defence": "Air defence", "engineers": "Engineers", "medical": "Medical", "logistics": "Logistics",
        "aviation": "Aviation (helicopters)", "air_policing": "Air policing (fighter jets)",
        "maritime": "Maritime (ships)", "training": "Training of the host army",
        "monitoring": "Ceasefire monitoring",
    },
}

#: short forms for chart axes, where the long ones would crowd the labels
CAPABILITY_SHORT = {
    "manoeuvre": "Manoeuvre", "hq": "Headquarters", "isr": "ISR", "air_defence": "Air defence",
    "engineers": "Engineers", "medical": "Medical", "logistics": "Logistics", "aviation": "Helicopters",
    "air_policing": "Air policing", "maritime": "Maritime", "training": "Training", "monitoring": "Monitoring",
}

#: display names for the sizing's unit types where its short form is jargon
UNIT_TYPE_EN = {"AD battery": "air-defence battery", "Role 2 facility": "Role 2 medical facility",
                "corps_hq": "corps headquarters", "division_hq": "division headquarters",
                "force_hq": "force headquarters", "coordination_cell": "coordination cell",
                "training_team": "training team", "monitor_team": "monitoring team", "observer_team": "observer team",
                "isr_company": "ISR company", "ad_battery": "air-defence battery", "engineer_company": "engineer company",
                "logistics_company": "logistics company", "logistics_battalion": "logistics battalion",
                "helicopter_squadron": "helicopter squadron", "role1": "Role 1 aid post",
                "role2": "Role 2 medical facility", "role3": "Role 3 field hospital",
                "fighter_detachment": "fighter detachment", "mcm_vessel": "minehunter",
                "mcm_command_ship": "mine-countermeasures command ship"}


FINDING = {
    "en": {"missing_incident": "no rule for this incident", "missing_response": "no response given",
           "unknown_response": "response not on the ladder", "unknown_authority": "unknown authority",
           "missing_authority": "no authority named", "missing_delay": "no maximum delay",
           "repeat_not_escalating": "repeat rule steps down", "self_defence_restricted": "self-defence restricted",
           "no_backstop_trigger": "no point at which the backstop is called", "missing_legal_basis": "no legal basis",
           "grey_zone_unanswered": "grey-zone incident without an answer", "caveat_conflict": "national caveat conflicts"},
}

INCIDENT = {
    "en": {
        "small_arms_fire": "Small-arms fire", "indirect_fire": "Indirect fire (artillery, mortars)",
        "drone_overflight": "Drone overflight", "drone_strike": "Drone strike",
        "long_range_strike": "Missile or long-range drone strike",
        "probe_incursion": "Probing incursion", "harassment": "Harassment",
        "electronic_warfare": "Electronic warfare (jamming)", "cyber_attack": "Cyber attack",
        "airspace_violation": "Airspace violation", "attack_on_civilians": "Attack on civilians",
        "mass_buildup": "Mass build-up of forces", "major_offensive": "Major offensive",
    },
}

RESPONSE = {
    "en": {
        "observe_report": "Observe & report", "warn": "Warn", "show_of_force": "Show of force", "block": "Block",
        "disable": "Disable", "proportionate_fire": "Proportionate fire", "defend_others": "Defend others",
        "strike_source": "Strike the source", "call_backstop": "Call the backstop", "withdraw": "Withdraw",
    },
}

AUTHORITY = {
    "en": {"on_scene": "On-scene commander", "force_commander": "Force commander", "national": "National capital",
           "coalition_political": "Coalition capitals"},
}

LEGAL_BASIS = {
    "en": {"consent": "consent of the parties", "un_chapter_vi": "UN Security Council mandate under Chapter VI",
           "un_chapter_vii": "UN Security Council mandate under Chapter VII",
           "invitation": "invitation by the host state (Ukraine) under a ceasefire agreement; no UN Security Council mandate"},
}

CHECK = {
    "en": {"mandate_clear": "Clear mandate", "us_backstop": "US backstop", "un_mandate": "UN mandate",
           "parliament": "Parliament",
           "requirement_filled": "Requirement filled", "flank_intact": "Eastern flank intact",
           "sustainable": "Sustainable", "escalation_risk": "Escalation risk", "leads_go": "Lead nations go"},
}

#: what a failed check means, said as a failure ("FR: requirement not filled", not "FR: requirement filled")
CHECK_FAILED = {
    "en": {"mandate_clear": "mandate not clear", "us_backstop": "US backstop below what it requires",
           "parliament": "parliamentary consent not given", "un_mandate": "no UN mandate", "requirement_filled": "requirement not filled",
           "flank_intact": "draws on eastern-flank forces", "sustainable": "cannot sustain its share",
           "escalation_risk": "escalation risk above the threshold", "leads_go": "a lead nation is no-go"},
}

#: what an open check means: an item to settle before a go ("FR: parliamentary vote pending")
CHECK_OPEN = {
    "en": {"mandate_clear": "mandate to be clarified", "parliament": "parliamentary vote pending",
           "requirement_filled": "small gaps to close", "escalation_risk": "escalation risk near its threshold",
           "leads_go": "a lead nation's items open"},
}

VERDICT = {"en": {"go": "GO", "conditional": "CONDITIONAL", "no_go": "NO-GO", "not_asked": "NOT ASKED"}}
#: the pill or box class of a verdict in the HTML outputs
VERDICT_CLASS = {"go": "ok", "conditional": "warn", "no_go": "bad", "not_asked": "info"}


def check_said(key: str, state: str, lang: str = "en") -> str:
    """A check that does not hold, said as what it is: an open item or a failure."""
    table = CHECK_OPEN if state == "open" else CHECK_FAILED
    return label(table, key, lang) if key in table[lang] else label(CHECK_FAILED, key, lang)


FAIR_KEY = {"en": {"gdp": "GDP", "population": "population", "nato_cost_share": "NATO cost share"}}

BACKSTOP = {
    "en": {"none": "none", "intelligence": "intelligence and ceasefire monitoring", "enablers": "enablers (plus intelligence)",
           "air": "air power (plus enablers and intelligence)", "full": "full (including ground forces)"},
}

ROLE = {
    "en": {"observe": "observe", "reassure": "reassure", "interpose": "interpose", "deter": "deter",
           "stabilize": "stabilise"},
}

THREAT = {"en": {"low": "low", "medium": "medium", "high": "high"}}

STANCE = {"en": {"lead": "lead", "willing": "willing", "conditional": "conditional", "unwilling": "unwilling",
                 "unknown": "unknown", "backstop": "backstop"}}

SECTOR_KIND = {"en": {"line": "line of contact", "border": "border"}}

HUB_KIND = {"en": {"capital": "capital", "port": "port", "airbase": "airbase", "logistics_node": "logistics node",
                   "training_site": "training site", "nuclear_plant": "nuclear power plant", "city": "city"}}

PROVIDER = {"en": {"coalition": "Coalition", "us": "United States", "host": "Host nation"}}

FLANK_POLICY = {"en": {"protect": "earmarked forces protected", "ignore": "earmarked forces may be drawn"}}

#: what keeps a nation out of the allocation, as the report's column says it
CONSTRAINT = {"en": {"excluded": "excluded by the scenario", "backstop": "provides the US backstop",
                     "not_included": "not in the scenario's list", "stance": "its stance",
                     "us_backstop": "American support it requires", "un_mandate": "a UN mandate it requires",
                     "no_capacity": "no room for a whole unit", "min_contribution": "below the minimum contribution",
                     "capacity": "at capacity", "lead": "named lead", "sector_lead": "no lead nation's unit in the sector"}}

THEATRE_SECTOR = {"en": "Theatre-wide"}


def label(table: dict[str, dict[str, str]], key: str | None, lang: str = "en") -> str:
    """The reader's word for an identifier; an unknown identifier shows as itself, never as an error."""
    if key is None:
        return ""
    return table.get(lang, table["en"]).get(key, key)


def capability(key: str, lang: str = "en") -> str:
    return label(CAPABILITY, key, lang)


def _words():
    from .memo_words import words

    return words("en")


def _plan_name(code: str, plan) -> str | None:
    nations = getattr(plan, "nations", None)
    return nations.name(code) if nations is not None and code in nations.codes else None


def nation_name(code: str, plan=None) -> str:
    """A nation as a table cell or list item ('United Kingdom'), from the English words file; a nation it
    does not know (a user's table) by the plan's name for it."""
    return _words().nation_name(code, _plan_name(code, plan))


def nation_short(code: str, plan=None) -> str:
    """A nation where room is short, on the map ('UK', 'Spain'); the legend gives the full name beside it."""
    return _words().nation_short(code, _plan_name(code, plan))


def nation_in(code: str, plan=None) -> str:
    """A nation inside a sentence ('the United Kingdom', 'France')."""
    return _words().nation_in(code, _plan_name(code, plan))


def hostile(plan=None) -> str:
    """What the distances of hubs are measured to, said for the plan's theatre: 'the line of contact or
    the Russian or Belarusian border' (posture.py and tasks.distances_to_line measure to the nearest line
    or hostile-border sector, so 'from the line of contact' alone would be wrong near Belarus)."""
    theatre = getattr(plan, "theatre", None)
    return _words().hostile(getattr(theatre, "name", None))


def month_year(text: str | None) -> str:
    """A date of the nation table ('2025-12', '2026-01-06') as a reader writes it."""
    return _words().month_year(text)


def task(key: str) -> str:
    """A task as a label ('Garrisons at the hubs'): the memo's English term without its article."""
    said = re.sub(r"^(the|a|an) ", "", _words().term("task", key))
    return said[:1].upper() + said[1:]


def join(items: list[str]) -> str:
    """'A, B and C'."""
    items = [i for i in items if i]
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def sector_name(plan, sector_id: str, lang: str = "en") -> str:
    if sector_id == "theatre":
        return THEATRE_SECTOR[lang]
    for s in plan.theatre.sectors:
        if s.id == sector_id:
            return s.name
    hub = plan.theatre.hub(sector_id)
    if hub is not None:
        return hub.name
    sea = plan.theatre.sea
    return sea.name if sea is not None and sea.id == sector_id else sector_id


_IDS = {"air_policing": "air policing", "air_defence": "air defence", "isr": "ISR", "hq": "HQ",
        "us_backstop": "US backstop", "un_mandate": "UN mandate", "min_contribution": "minimum contribution"}
_ID_RE = re.compile(r"\b(" + "|".join(sorted(_IDS, key=len, reverse=True)) + r")\b")


def humanize(text: str) -> str:
    """Detail strings from the pipeline name capability lines by their ids; readers get words."""
    return _ID_RE.sub(lambda m: _IDS[m.group(1)], text or "").replace(" -> ", " → ")


def formations(n, lang: str = "en") -> str:
    """A nation's units by formation, the formations it frames first: '1 brigade framed; 3 battalions,
    2 training teams' (a NationAllocation)."""
    framed = ", ".join(f"{k} {plural(UNIT_TYPE_EN.get(f, f), k)}" for f, k in n.frames.items() if k)
    given = ", ".join(f"{k} {plural(UNIT_TYPE_EN.get(f, f), k)}" for f, k in n.formations.items() if k)
    return (f"frames {framed}; " if framed else "") + given


def plural(unit_type: str, n: int) -> str:
    """'2 engineer companies', '1 headquarters': the last word takes the plural."""
    if n == 1 or unit_type.endswith("s"):
        return unit_type
    if unit_type.endswith("y") and not unit_type.endswith(("ay", "ey", "oy")):
        return unit_type[:-1] + "ies"
    return unit_type + "s"


def plural_n(n: float, word: str) -> str:
    """A count with its noun: '1 hub', '10 hubs'."""
    return f"{num(n)} {plural(word, int(n))}"


def unit_for(value: float, unit: str) -> str:
    """A unit after its value, in the singular for one: '1 formation', '1 heavy brigade', '1 incident per
    month'; '2 formations' and 'km behind the line' unchanged. The head noun is what comes before 'per',
    'a', 'at', 'of' or 'in'."""
    if value != 1 or not unit:
        return unit
    m = re.search(r" (?:per|a|at|of|in) ", unit)
    head, rest = (unit[:m.start()], unit[m.start():]) if m else (unit, "")
    words = head.split(" ")
    last = words[-1]
    if last == "people":
        words[-1] = "person"
    elif last.endswith("ies") and len(last) > 4:
        words[-1] = last[:-3] + "y"
    elif last.endswith("s") and not last.endswith("ss") and last not in ("km", "bn") and len(last) > 2:
        words[-1] = last[:-1]
    return " ".join(words) + rest


# ---------------------------------------------------------------- numbers

def num(x: float | None, lang: str = "en", digits: int = 0) -> str:
    """Thousands grouped the reader's way: 4,340 in English, 4.340 in Dutch."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    text = f"{x:,.{digits}f}"
    if lang == "nl":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def pct(x: float | None, lang: str = "en", digits: int = 0) -> str:
    """A share as a percentage; a share that rounds to 0 but is not 0 shows as '<1%' so it is not hidden."""
    if x is None:
        return "–"
    value = 100 * x
    step = 10 ** (-digits)
    if 0 < value < 0.5 * step:
        return "<" + num(step, lang, digits) + "%"
    if 100 - 0.5 * step <= value < 100:  # 99.6% is not 100%: next to "<1% late" it would contradict
        return ">" + num(100 - step, lang, digits) + "%"
    return num(value, lang, digits) + "%"


def eur(x: float, lang: str = "en") -> str:
    """Money in EUR with the unit a budget reader expects (bn / m; mld / mln in Dutch)."""
    if abs(x) >= 1e9:
        return f"EUR {num(x / 1e9, lang, 2)} {'mld' if lang == 'nl' else 'bn'}"
    if abs(x) >= 1e6:
        return f"EUR {num(x / 1e6, lang, 0)} {'mln' if lang == 'nl' else 'm'}"
    return f"EUR {num(x, lang, 0)}"


def rng(low: float, central: float, high: float, lang: str = "en") -> str:
    word = "bereik" if lang == "nl" else "range"
    return f"{num(central, lang)} ({word} {num(low, lang)}–{num(high, lang)})"


# ---------------------------------------------------------------- sources

def source_kind(text: str) -> str:
    """How a figure is backed, read from its source text: the appendix highlights the unsourced ones.

    'assumption' when the text says so anywhere (a partly assumed figure counts as assumed),
    'estimate' when it is computed or recalled rather than read from a publication,
    'definition' for reference levels, 'calibrated' for values fitted on the project's data,
    'sourced' otherwise.
    """
    t = (text or "").strip().lower()
    if not t:
        return "assumption"
    if "assumption" in t or "assumed" in t:
        return "assumption"
    if t.startswith(("estimate", "derived")):
        return "estimate"
    if t.startswith("definition"):
        return "definition"
    if t.startswith("calibrated"):
        return "calibrated"
    if t.startswith("scenario override"):
        return "override"
    return "sourced"
