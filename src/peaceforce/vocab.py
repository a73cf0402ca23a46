"""Every fixed vocabulary of peaceforce, as string enums in one place (one meaning each).

Members are `str`, so they compare equal to their values, serialise as plain strings in plan.json and
read naturally in YAML and CSV. What a member *means* (how a role is measured, which unit a
capability fields, which incident types are grey-zone) is data in `data/*.csv`, read by `domain.py`;
this module only names things. Ordered ladders (backstop, response, authority) carry their rank.
"""

from __future__ import annotations

from enum import StrEnum


class _Ordered(StrEnum):
    """A ladder: members compare by their position, lowest first."""

    @property
    def rank(self) -> int:
        return list(type(self)).index(self)

    def __lt__(self, other):  # type: ignore[override]
        if isinstance(other, type(self)):
            return self.rank < other.rank
        return NotImplemented

    def __le__(self, other):  # type: ignore[override]
        if isinstance(other, type(self)):
            return self.rank <= other.rank
        return NotImplemented

    def __gt__(self, other):  # type: ignore[override]
        if isinstance(other, type(self)):
            return self.rank > other.rank
        return NotImplemented

    def __ge__(self, other):  # type: ignore[override]
        if isinstance(other, type(self)):
            return self.rank >= other.rank
        return NotImplemented

    __hash__ = StrEnum.__hash__


class Role(StrEnum):
    OBSERVE = "observe"
    REASSURE = "reassure"
    INTERPOSE = "interpose"
    DETER = "deter"
    STABILIZE = "stabilize"


class Threat(_Ordered):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Backstop(_Ordered):
    """What the United States commits behind the force; the ladder is cumulative."""

    NONE = "none"
    INTELLIGENCE = "intelligence"
    ENABLERS = "enablers"
    AIR = "air"
    FULL = "full"


class Capability(StrEnum):
    MANOEUVRE = "manoeuvre"
    HQ = "hq"
    ISR = "isr"
    AIR_DEFENCE = "air_defence"
    ENGINEERS = "engineers"
    MEDICAL = "medical"
    LOGISTICS = "logistics"
    AVIATION = "aviation"
    AIR_POLICING = "air_policing"
    MARITIME = "maritime"
    TRAINING = "training"
    MONITORING = "monitoring"


class Provider(StrEnum):
    """Who fills a requirement line: the coalition, the US backstop or the host nation."""

    COALITION = "coalition"
    US = "us"
    HOST = "host"


class Stance(StrEnum):
    LEAD = "lead"
    WILLING = "willing"
    CONDITIONAL = "conditional"
    UNWILLING = "unwilling"
    UNKNOWN = "unknown"
    BACKSTOP = "backstop"  # the US row: provides the backstop, never coalition units


class FairShareKey(StrEnum):
    GDP = "gdp"
    POPULATION = "population"
    NATO_COST_SHARE = "nato_cost_share"


class FlankPolicy(StrEnum):
    PROTECT = "protect"
    IGNORE = "ignore"


class FlankVerdict(StrEnum):
    """What the mission does to NATO's eastern flank (flank.py): it takes nothing and the Baltic
    yardstick is met by allied forces; it takes nothing but allied forces fall short before it; it
    takes forces, HQs or air-policing detachments that NATO's plans count on."""

    INTACT = "intact"
    ALREADY_SHORT = "already_short"
    WEAKENED = "weakened"


class FlankPlan(StrEnum):
    """The NATO plans a mission can draw from (data/flank.csv, capacity.csv `nato_units`, Baltic Air Policing)."""

    FLANK_FORCES = "flank_forces"
    CORPS_HQ = "corps_hq"
    AIR_POLICING = "air_policing"


class StraitsPolicy(StrEnum):
    """Whether warships of non-shore states may enter a sea behind straits (the Black Sea: Montreux)."""

    CLOSED = "closed"
    OPEN = "open"


class ParliamentStatus(StrEnum):
    APPROVED = "approved"
    PENDING = "pending"
    REJECTED = "rejected"


class ParliamentRule(StrEnum):
    PRIOR = "prior"      # prior approval (NL art. 100 in practice, DE Parlamentsvorbehalt)
    AFTER = "after"      # government decides; parliament informed or votes afterwards
    NONE = "none"
    SPECIAL = "special"  # e.g. Ireland's triple lock


class IncidentType(StrEnum):
    SMALL_ARMS_FIRE = "small_arms_fire"
    INDIRECT_FIRE = "indirect_fire"
    DRONE_OVERFLIGHT = "drone_overflight"
    DRONE_STRIKE = "drone_strike"
    LONG_RANGE_STRIKE = "long_range_strike"
    PROBE_INCURSION = "probe_incursion"
    HARASSMENT = "harassment"
    ELECTRONIC_WARFARE = "electronic_warfare"
    CYBER_ATTACK = "cyber_attack"
    AIRSPACE_VIOLATION = "airspace_violation"
    ATTACK_ON_CIVILIANS = "attack_on_civilians"
    MASS_BUILDUP = "mass_buildup"
    MAJOR_OFFENSIVE = "major_offensive"


class IncidentTier(StrEnum):
    """How far one incident can push escalation (data/incident_types.csv assigns each type a tier)."""

    ROUTINE = "routine"
    SERIOUS = "serious"
    DECISIVE = "decisive"


class Response(_Ordered):
    """The graduated response ladder, lowest rung first (Sanremo ROE Handbook frame)."""

    OBSERVE_REPORT = "observe_report"
    WARN = "warn"
    SHOW_OF_FORCE = "show_of_force"
    BLOCK = "block"
    DISABLE = "disable"
    PROPORTIONATE_FIRE = "proportionate_fire"
    DEFEND_OTHERS = "defend_others"
    STRIKE_SOURCE = "strike_source"
    CALL_BACKSTOP = "call_backstop"
    WITHDRAW = "withdraw"


class Authority(_Ordered):
    """Who decides the answer to an incident, fastest first."""

    ON_SCENE = "on_scene"
    FORCE_COMMANDER = "force_commander"
    NATIONAL = "national"
    COALITION_POLITICAL = "coalition_political"


class LegalBasis(StrEnum):
    CONSENT = "consent"
    UN_CHAPTER_VI = "un_chapter_vi"
    UN_CHAPTER_VII = "un_chapter_vii"
    INVITATION = "invitation"

    @property
    def is_un(self) -> bool:
        return self in (LegalBasis.UN_CHAPTER_VI, LegalBasis.UN_CHAPTER_VII)


class SelfDefence(StrEnum):
    FULL = "full"
    RESTRICTED = "restricted"


class FindingKind(StrEnum):
    MISSING_INCIDENT = "missing_incident"
    MISSING_RESPONSE = "missing_response"
    UNKNOWN_RESPONSE = "unknown_response"
    UNKNOWN_AUTHORITY = "unknown_authority"
    MISSING_AUTHORITY = "missing_authority"
    MISSING_DELAY = "missing_delay"
    REPEAT_NOT_ESCALATING = "repeat_not_escalating"
    SELF_DEFENCE_RESTRICTED = "self_defence_restricted"
    NO_BACKSTOP_TRIGGER = "no_backstop_trigger"
    MISSING_LEGAL_BASIS = "missing_legal_basis"
    GREY_ZONE_UNANSWERED = "grey_zone_unanswered"
    CAVEAT_CONFLICT = "caveat_conflict"


class Constraint(StrEnum):
    """What keeps a nation out, a unit unfilled or a gap open (force generation's binding records)."""

    EXCLUDED = "excluded"              # the scenario excludes the nation
    BACKSTOP = "backstop"              # the US: provides the backstop, not coalition units
    NOT_INCLUDED = "not_included"      # not in the scenario's include list
    STANCE = "stance"                  # its stance is not one that may be asked
    US_BACKSTOP = "us_backstop"        # requires a higher US backstop level
    UN_MANDATE = "un_mandate"          # requires a UN mandate the mission lacks
    LEAD = "lead"                      # named lead with another recorded stance, or not in the data
    CAPACITY = "capacity"              # at its capacity on a line with gaps or below fair share
    MIN_CONTRIBUTION = "min_contribution"  # cannot reach the minimum contribution
    NO_CAPACITY = "no_capacity"        # eligible but no room for one whole unit
    SECTOR_LEAD = "sector_lead"        # a sector without a lead nation's manoeuvre unit
    GAP = "gap"                        # a line left unfilled
    OFFERS = "offers"                  # the nation does not offer this capability
    LEAD_ONLY = "lead_only"            # the line goes to lead nations only
    EARMARKED = "earmarked"            # would need forces earmarked for the eastern flank
    NOT_USED = "not_used"              # eligible, with room, but the solver did not use it
    GROUND_POOL = "ground_pool"        # its ground pool is used up by its other lines
    OUTSIDE_HOST = "outside_host"      # its forces stay outside the host country; the line is inside
    STRAITS = "straits"                # a warship of a non-shore state, the straits being closed
    ECHELON = "echelon"                # it does not field the formation the line is built of


class Check(StrEnum):
    """The go / no-go board's conditions."""

    MANDATE_CLEAR = "mandate_clear"
    US_BACKSTOP = "us_backstop"
    UN_MANDATE = "un_mandate"
    PARLIAMENT = "parliament"
    REQUIREMENT_FILLED = "requirement_filled"
    FLANK_INTACT = "flank_intact"
    SUSTAINABLE = "sustainable"
    ESCALATION_RISK = "escalation_risk"
    LEADS_GO = "leads_go"


class CheckState(StrEnum):
    """One condition on the board: holds, is an open item to settle (a vote pending, a borderline figure,
    a small gap a named nation could close), or fails."""

    PASS = "pass"
    OPEN = "open"
    FAIL = "fail"


class Verdict(StrEnum):
    GO = "go"
    CONDITIONAL = "conditional"
    NO_GO = "no_go"
    NOT_ASKED = "not_asked"


class ForceOption(StrEnum):
    """A role's force options, as think tanks present them (IISS 2025: small, medium, large)."""

    LIGHT = "light"
    MEDIUM = "medium"
    HEAVY = "heavy"


class HubKind(StrEnum):
    CAPITAL = "capital"
    PORT = "port"
    AIRBASE = "airbase"
    LOGISTICS_NODE = "logistics_node"
    TRAINING_SITE = "training_site"
    NUCLEAR_PLANT = "nuclear_plant"
    CITY = "city"


class Measure(StrEnum):
    """What a role's density multiplies."""

    KM = "km"
    THOUSAND_INHABITANTS = "thousand_inhabitants"


class SectorKind(StrEnum):
    LINE = "line"
    BORDER = "border"


class Stand(StrEnum):
    """Where a requirement line's troops stand (posture.py): what reaches them from the line."""

    LINE = "line"          # on a sector of the line of contact
    BORDER = "border"      # on a hostile border sector
    DEPTH = "depth"        # theatre-wide, in depth behind the line
    HUB = "hub"            # at a hub
    OUTSIDE = "outside"    # outside the host country or at sea


class IncidentBasis(StrEnum):
    """Where an incident type happens, so what the force's posture does to how many it meets."""

    LINE = "line"          # along the line of contact: met in proportion to the stretch within reach
    FORCE = "force"        # aimed at the force wherever it stands (networks, its drones, its airspace)
    THEATRE = "theatre"    # the adversary's theatre-level decision (a build-up, an offensive)


class CapabilityLevel(StrEnum):
    """Ground lines are sized from the ground force; theatre lines per theatre (airspace, sea)."""

    GROUND = "ground"
    THEATRE = "theatre"


def values(enum: type[StrEnum]) -> tuple[str, ...]:
    """The plain string values, in order: for error messages and table columns."""
    return tuple(m.value for m in enum)


def one_of(enum: type[StrEnum]) -> str:
    return "one of " + ", ".join(values(enum))


__all__ = [
    "Role", "Threat", "Backstop", "Capability", "Provider", "Stance", "FairShareKey", "FlankPolicy",
    "FlankVerdict", "FlankPlan", "StraitsPolicy", "ParliamentStatus", "ParliamentRule", "IncidentType",
    "IncidentTier", "Response", "Authority",
    "LegalBasis", "SelfDefence", "FindingKind", "Constraint", "Check", "CheckState", "Verdict", "Measure",
    "SectorKind", "Stand", "IncidentBasis", "CapabilityLevel", "ForceOption", "HubKind", "values", "one_of",
]


#: plain-string views of the enums, for error messages, table columns and loops over values
ROLES = values(Role)
THREATS = values(Threat)
BACKSTOP_LEVELS = values(Backstop)
CAPABILITIES = values(Capability)
