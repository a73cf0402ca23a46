"""Words and number formats for readers: the code's identifiers stay in plan.json, people read these.

One table per vocabulary, in English and Dutch, so the report, the charts and the memo name a thing
the same way and a reader never meets `air_defence` or `coalition_political` without a gloss.
"""

from __future__ import annotations

import math
import re

LANGS = ("en", "nl")

CAPABILITY = {
    "en": {
        "manoeuvre": "Manoeuvre (combat battalions)", "hq": "Headquarters", "isr": "ISR (intelligence, surveillance, reconnaissance)",
        "air_defence": "Air defence", "engineers": "Engineers", "medical": "Medical", "logistics": "Logistics",
        "aviation": "Aviation (helicopters)", "air_policing": "Air policing (fighter jets)",
        "maritime": "Maritime (ships)", "training": "Training of the host army",
        "monitoring": "Ceasefire monitoring",
    },
    "nl": {
        "manoeuvre": "Manoeuvre-eenheden (gevechtsbataljons)", "hq": "Hoofdkwartier",
        "isr": "ISR (inlichtingen, bewaking en verkenning)", "air_defence": "Luchtverdediging", "engineers": "Genie",
        "medical": "Geneeskundige ondersteuning", "logistics": "Logistiek", "aviation": "Helikopters",
        "air_policing": "Luchtruimbewaking (jachtvliegtuigen)", "maritime": "Maritiem (schepen)",
        "training": "Training van het gastland", "monitoring": "Toezicht op het staakt-het-vuren",
    },
}

#: short forms for chart axes, where the long ones would crowd the labels
CAPABILITY_SHORT = {
    "manoeuvre": "Manoeuvre", "hq": "Headquarters", "isr": "ISR", "air_defence": "Air defence",
    "engineers": "Engineers", "medical": "Medical", "logistics": "Logistics", "aviation": "Helicopters",
    "air_policing": "Air policing", "maritime": "Maritime", "training": "Training", "monitoring": "Monitoring",
}

UNIT_TYPE_NL = {
    "battalion": "bataljon", "headquarters": "hoofdkwartier", "ISR company": "ISR-compagnie",
    "AD battery": "luchtverdedigingsbatterij", "engineer company": "geniecompagnie",
    "Role 2 facility": "Role 2-hospitaal", "logistics battalion": "logistiek bataljon",
    "helicopter squadron": "helikoptersquadron", "fighter detachment": "jachtvliegtuigdetachement",
    "surface combatant": "fregat", "observer platoon": "waarnemerspeloton",
    "company": "compagnie", "battalion": "bataljon", "battlegroup": "gevechtsgroep", "brigade": "brigade",
    "division": "divisie", "corps_hq": "legerkorpshoofdkwartier", "division_hq": "divisiehoofdkwartier",
    "force_hq": "hoofdkwartier van de troepenmacht", "coordination_cell": "coördinatiecel",
    "training_team": "trainingsteam", "monitor_team": "waarnemersteam", "observer_team": "waarnemersteam",
    "isr_company": "ISR-compagnie", "ad_battery": "luchtverdedigingsbatterij", "engineer_company": "geniecompagnie",
    "logistics_company": "logistieke compagnie", "logistics_battalion": "logistiek bataljon",
    "helicopter_squadron": "helikoptersquadron", "role1": "Role 1-hulppost", "role2": "Role 2-hospitaal",
    "role3": "Role 3-hospitaal", "fighter_detachment": "jachtvliegtuigdetachement", "mcm_vessel": "mijnenjager",
    "mcm_command_ship": "commandoschip mijnenbestrijding", "frigate": "fregat",
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

#: English names that take "the" inside a sentence
NATION_EN_THE = frozenset({"NL", "GB", "US"})

NATION_NL = {
    "AT": "Oostenrijk", "AU": "Australië", "BE": "België", "BG": "Bulgarije", "CA": "Canada", "CZ": "Tsjechië",
    "DE": "Duitsland", "DK": "Denemarken", "EE": "Estland", "ES": "Spanje", "FI": "Finland", "FR": "Frankrijk",
    "GB": "het Verenigd Koninkrijk", "GR": "Griekenland", "HR": "Kroatië", "HU": "Hongarije", "IE": "Ierland",
    "IS": "IJsland", "IT": "Italië", "LT": "Litouwen", "LU": "Luxemburg", "LV": "Letland", "NL": "Nederland",
    "NO": "Noorwegen", "PL": "Polen", "PT": "Portugal", "RO": "Roemenië", "SE": "Zweden", "SI": "Slovenië",
    "SK": "Slowakije", "TR": "Turkije", "US": "de Verenigde Staten",
}

FINDING = {
    "en": {"missing_incident": "no rule for this incident", "missing_response": "no response given",
           "unknown_response": "response not on the ladder", "unknown_authority": "unknown authority",
           "missing_authority": "no authority named", "missing_delay": "no maximum delay",
           "repeat_not_escalating": "repeat rule steps down", "self_defence_restricted": "self-defence restricted",
           "no_backstop_trigger": "no point at which the backstop is called", "missing_legal_basis": "no legal basis",
           "grey_zone_unanswered": "grey-zone incident without an answer", "caveat_conflict": "national caveat conflicts"},
    "nl": {"missing_incident": "geen regel voor dit incident", "missing_response": "geen reactie vastgelegd",
           "unknown_response": "reactie niet op de geweldsladder", "unknown_authority": "onbekende beslisser",
           "missing_authority": "geen beslisser aangewezen", "missing_delay": "geen maximale reactietijd",
           "repeat_not_escalating": "bij herhaling een lichtere reactie", "self_defence_restricted": "zelfverdediging beperkt",
           "no_backstop_trigger": "geen moment waarop de backstop wordt ingeroepen",
           "missing_legal_basis": "geen rechtsgrondslag", "grey_zone_unanswered": "grijze-zone-incident zonder antwoord",
           "caveat_conflict": "nationale caveat botst met het mandaat"},
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
    "nl": {
        "small_arms_fire": "Beschieting met handvuurwapens", "indirect_fire": "Indirect vuur (artillerie, mortieren)",
        "drone_overflight": "Overvlucht door drones", "drone_strike": "Droneaanval",
        "long_range_strike": "Aanval met raketten of langeafstandsdrones",
        "probe_incursion": "Aftastende indringing", "harassment": "Intimidatie",
        "electronic_warfare": "Elektronische oorvoering (storing)", "cyber_attack": "Cyberaanval",
        "airspace_violation": "Schending van het luchtruim", "attack_on_civilians": "Aanval op burgers",
        "mass_buildup": "Massale troepenopbouw", "major_offensive": "Grootschalig offensief",
    },
}

RESPONSE = {
    "en": {
        "observe_report": "Observe & report", "warn": "Warn", "show_of_force": "Show of force", "block": "Block",
        "disable": "Disable", "proportionate_fire": "Proportionate fire", "defend_others": "Defend others",
        "strike_source": "Strike the source", "call_backstop": "Call the backstop", "withdraw": "Withdraw",
    },
    "nl": {
        "observe_report": "Waarnemen en melden", "warn": "Waarschuwen", "show_of_force": "Machtsvertoon",
        "block": "Blokkeren", "disable": "Uitschakelen", "proportionate_fire": "Proportioneel vuur",
        "defend_others": "Anderen beschermen", "strike_source": "Bron aanvallen",
        "call_backstop": "Backstop inroepen", "withdraw": "Terugtrekken",
    },
}

AUTHORITY = {
    "en": {"on_scene": "On-scene commander", "force_commander": "Force commander", "national": "National capital",
           "coalition_political": "Coalition capitals"},
    "nl": {"on_scene": "Commandant ter plaatse", "force_commander": "Commandant van de missie",
           "national": "Nationale hoofdstad", "coalition_political": "Hoofdsteden van de coalitie"},
}

LEGAL_BASIS = {
    "en": {"consent": "consent of the parties", "un_chapter_vi": "UN Security Council mandate under Chapter VI",
           "un_chapter_vii": "UN Security Council mandate under Chapter VII",
           "invitation": "invitation by the host state (Ukraine) under a ceasefire agreement; no UN Security Council mandate"},
    "nl": {"consent": "instemming van de partijen", "un_chapter_vi": "mandaat van de VN-Veiligheidsraad onder hoofdstuk VI",
           "un_chapter_vii": "mandaat van de VN-Veiligheidsraad onder hoofdstuk VII",
           "invitation": "uitnodiging door de gaststaat (Oekraïne) op grond van een staakt-het-vurenakkoord; "
                         "geen mandaat van de VN-Veiligheidsraad"},
}

CHECK = {
    "en": {"mandate_clear": "Clear mandate", "us_backstop": "US backstop", "un_mandate": "UN mandate",
           "parliament": "Parliament",
           "requirement_filled": "Requirement filled", "flank_intact": "Eastern flank intact",
           "sustainable": "Sustainable", "escalation_risk": "Escalation risk", "leads_go": "Lead nations go"},
    "nl": {"mandate_clear": "Helder mandaat", "us_backstop": "Amerikaanse steun (backstop)", "un_mandate": "VN-mandaat",
           "parliament": "Parlement",
           "requirement_filled": "Behoefte gevuld", "flank_intact": "Oostflank intact",
           "sustainable": "Vol te houden", "escalation_risk": "Escalatierisico", "leads_go": "Leidende landen go"},
}

#: what a failed check means, said as a failure ("FR: requirement not filled", not "FR: requirement filled")
CHECK_FAILED = {
    "en": {"mandate_clear": "mandate not clear", "us_backstop": "US backstop below what it requires",
           "parliament": "parliamentary consent not given", "requirement_filled": "requirement not filled",
           "flank_intact": "draws on eastern-flank forces", "sustainable": "cannot sustain its share",
           "escalation_risk": "escalation risk above the threshold", "leads_go": "a lead nation is no-go"},
    "nl": {"mandate_clear": "mandaat niet helder", "us_backstop": "Amerikaanse steun lager dan vereist",
           "parliament": "geen instemming van het parlement", "requirement_filled": "behoefte niet gevuld",
           "flank_intact": "put uit troepen voor de oostflank", "sustainable": "bijdrage niet vol te houden",
           "escalation_risk": "escalatierisico boven de drempel", "leads_go": "een leidend land is no-go"},
}

#: what an open check means: an item to settle before a go ("FR: parliamentary vote pending")
CHECK_OPEN = {
    "en": {"mandate_clear": "mandate to be clarified", "parliament": "parliamentary vote pending",
           "requirement_filled": "small gaps to close", "escalation_risk": "escalation risk borderline",
           "leads_go": "a lead nation's items open"},
    "nl": {"mandate_clear": "mandaat te verduidelijken", "parliament": "stemming in het parlement nog open",
           "requirement_filled": "kleine tekorten te sluiten", "escalation_risk": "escalatierisico op de grens",
           "leads_go": "open punten bij een leidend land"},
}

VERDICT = {"en": {"go": "GO", "conditional": "CONDITIONAL", "no_go": "NO-GO", "not_asked": "NOT ASKED"},
           "nl": {"go": "GO", "conditional": "VOORWAARDELIJK", "no_go": "NO-GO", "not_asked": "NIET GEVRAAGD"}}
#: the pill or box class of a verdict in the HTML outputs
VERDICT_CLASS = {"go": "ok", "conditional": "warn", "no_go": "bad", "not_asked": "info"}


def check_said(key: str, state: str, lang: str = "en") -> str:
    """A check that does not hold, said as what it is: an open item or a failure."""
    table = CHECK_OPEN if state == "open" else CHECK_FAILED
    return label(table, key, lang) if key in table[lang] else label(CHECK_FAILED, key, lang)


FAIR_KEY = {"en": {"gdp": "GDP", "population": "population", "nato_cost_share": "NATO cost share"},
            "nl": {"gdp": "bbp", "population": "bevolking", "nato_cost_share": "NAVO-kostenverdeelsleutel"}}

BACKSTOP = {
    "en": {"none": "none", "intelligence": "intelligence and ceasefire monitoring", "enablers": "enablers (plus intelligence)",
           "air": "air power (plus enablers and intelligence)", "full": "full (including ground forces)"},
    "nl": {"none": "geen", "intelligence": "inlichtingen en toezicht op het staakt-het-vuren",
           "enablers": "ondersteunende capaciteiten (plus inlichtingen)",
           "air": "luchtmacht (plus ondersteuning en inlichtingen)", "full": "volledig (inclusief grondtroepen)"},
}

ROLE = {
    "en": {"observe": "observe", "reassure": "reassure", "interpose": "interpose", "deter": "deter",
           "stabilize": "stabilise"},
    "nl": {"observe": "waarnemen", "reassure": "geruststellen (reassurance)", "interpose": "scheiden van partijen",
           "deter": "afschrikken", "stabilize": "stabiliseren"},
}

THREAT = {"en": {"low": "low", "medium": "medium", "high": "high"},
          "nl": {"low": "laag", "medium": "middel", "high": "hoog"}}

STANCE = {"en": {"lead": "lead", "willing": "willing", "conditional": "conditional", "unwilling": "unwilling",
                 "unknown": "unknown", "backstop": "backstop"},
          "nl": {"lead": "leidend", "willing": "bereid", "conditional": "voorwaardelijk", "unwilling": "niet bereid",
                 "unknown": "onbekend", "backstop": "backstop"}}

SECTOR_KIND = {"en": {"line": "line of contact", "border": "border"},
               "nl": {"line": "contactlijn", "border": "grens"}}

THEATRE_SECTOR = {"en": "Theatre-wide", "nl": "Hele missiegebied"}


def label(table: dict[str, dict[str, str]], key: str | None, lang: str = "en") -> str:
    """The reader's word for an identifier; an unknown identifier shows as itself, never as an error."""
    if key is None:
        return ""
    return table.get(lang, table["en"]).get(key, key)


def capability(key: str, lang: str = "en") -> str:
    return label(CAPABILITY, key, lang)


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
