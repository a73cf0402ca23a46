"""The fixed vocabularies every stage shares (one meaning each)."""

from __future__ import annotations

ROLES = ("observe", "reassure", "interpose", "deter", "stabilize")
THREATS = ("low", "medium", "high")
BACKSTOP_LEVELS = ("none", "intelligence", "enablers", "air", "full")
STANCES = ("lead", "willing", "conditional", "unwilling", "unknown")
FAIR_SHARE_KEYS = ("gdp", "population", "nato_cost_share")
FLANK_POLICIES = ("protect", "ignore")
PARLIAMENT_STATUS = ("approved", "pending", "rejected")
PROVIDERS = ("coalition", "us", "host")

GROUND_CAPABILITIES = (
    "manoeuvre", "hq", "isr", "air_defence", "engineers", "medical", "logistics", "aviation",
)
THEATRE_CAPABILITIES = ("air_policing", "maritime")
CAPABILITIES = GROUND_CAPABILITIES + THEATRE_CAPABILITIES
ENABLERS = tuple(c for c in CAPABILITIES if c != "manoeuvre")

#: capability lines only lead nations may fill
LEAD_ONLY = ("hq",)


def backstop_rank(level: str) -> int:
    return BACKSTOP_LEVELS.index(level)
