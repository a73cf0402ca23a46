"""The mandate: what soldiers may do for each kind of incident, and a check of how clear that is.

A mandate file answers every incident type with a rung of one response ladder, the authority that
decides, how fast, and what to do if the incident repeats. The frame is the common structure of
rules of engagement (Sanremo ROE Handbook, 2009/2022; NATO MC 362/1; UN DPKO/DFS "Use of Force by
Military Components", 2017): a graduated ladder from observing to deadly force, with self-defence
never limited by mission rules. The words below are this project's own.

Loading is strict about structure (unknown keys, unknown incident types, wrong types are invalid
files) but lenient about wording: a free-text response such as "as appropriate" loads, and the check
reports it, because a vague mandate is exactly what the check is for.

The check (pure) gives one clarity value per incident type and a score:

- clarity of a type is 0 when soldiers have no usable answer (no entry, no response, a response not
  on the ladder, a grey-zone type without an explicit answer); otherwise 1 minus
  0.4 if no authority on the list decides, 0.3 if a fast answer is needed and no delay is set,
  0.2 if the repeat rule does not escalate (or is not on the ladder), 0.5 per caveat conflict;
  never below 0;
- score = weighted mean of the clarity values (grey-zone types weigh 2, the others 1: the debate
  that started the project singles out probing attacks), minus 0.1 if self-defence is restricted,
  0.05 without a backstop trigger for a major offensive, 0.05 without a legal basis; never below 0;
- a mandate is clear when no finding is of a serious kind and the score is at least CLEAR_THRESHOLD.

These weights are this project's assumption: they rank the three built-in mandates the way a reader
of them would, and are stated here so a user can disagree with them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from . import catalog
from .errors import InputError

#: incident types the force may meet, from least to most severe in kind
INCIDENT_TYPES = (
    "small_arms_fire", "indirect_fire", "drone_overflight", "drone_strike", "probe_incursion",
    "harassment", "electronic_warfare", "cyber_attack", "airspace_violation", "attack_on_civilians",
    "mass_buildup", "major_offensive",
)

#: the response ladder, lowest rung first (graduated use of force, as in the ROE frame above):
#: observe_report   watch, record, report up the chain
#: warn             verbal or visual warning, warning signals
#: show_of_force    visible readiness: manning positions, weapons ready, low passes, intercepts
#: block            physical interposition short of force: stop a vehicle, close a route, a cyber block
#: disable          non-deadly disabling: jam or down a drone, disable a vehicle
#: proportionate_fire  deadly force at the attacker to end the attack (incl. counter-fire at its position)
#: defend_others    force to protect civilians or other designated persons
#: strike_source    force beyond the attack itself: launch sites, staging areas
#: call_backstop    ask the US backstop to act
#: withdraw         pull the force back
RESPONSES = (
    "observe_report", "warn", "show_of_force", "block", "disable", "proportionate_fire",
    "defend_others", "strike_source", "call_backstop", "withdraw",
)

#: who decides, fastest first
AUTHORITIES = ("on_scene", "force_commander", "national", "coalition_political")

LEGAL_BASES = ("consent", "un_chapter_vi", "un_chapter_vii", "invitation")
SELF_DEFENCE = ("full", "restricted")

#: types where an answer only helps if it comes within minutes, so a delay must be set
FAST_TYPES = (
    "small_arms_fire", "indirect_fire", "drone_strike", "probe_incursion", "attack_on_civilians",
    "airspace_violation",
)

#: the grey band between harassment and hostile intent (Sanremo: "highly contextual"); here a rule
#: must say explicitly what soldiers may do
GREY_ZONE = ("probe_incursion", "harassment", "drone_overflight", "electronic_warfare")

FINDING_KINDS = (
    "missing_incident", "missing_response", "unknown_response", "unknown_authority",
    "missing_authority", "missing_delay", "repeat_not_escalating", "self_defence_restricted",
    "no_backstop_trigger", "missing_legal_basis", "grey_zone_unanswered", "caveat_conflict",
)

#: kinds that leave soldiers without an answer, the force without its backstop, or a contingent
#: unable to do what the mandate asks; any one of them makes the mandate not clear
SERIOUS_KINDS = frozenset({
    "missing_incident", "missing_response", "unknown_response", "grey_zone_unanswered",
    "self_defence_restricted", "no_backstop_trigger", "missing_legal_basis", "caveat_conflict",
})

CLEAR_THRESHOLD = 0.8

GREY_WEIGHT = 2.0
OTHER_WEIGHT = 1.0
PENALTY_NO_AUTHORITY = 0.4
PENALTY_NO_DELAY = 0.3
PENALTY_REPEAT = 0.2
PENALTY_CAVEAT = 0.5
PENALTY_SELF_DEFENCE = 0.1
PENALTY_NO_TRIGGER = 0.05
PENALTY_NO_LEGAL_BASIS = 0.05

MAX_DELAY_MINUTES = 60 * 24 * 30  # a month: beyond that a "delay" is a typo

TOP_KEYS = ("name", "title", "note", "legal_basis", "self_defence", "incidents", "backstop_trigger", "caveats")
RULE_KEYS = ("response", "authority", "max_delay_minutes", "if_repeated", "note")
CAVEAT_KEYS = ("forbid", "authority", "note")


@dataclass(frozen=True)
class Rule:
    """How the mandate answers one incident type. Text fields keep what the file says, even free text."""

    response: str | None = None
    authority: str | None = None
    max_delay_minutes: float | None = None
    if_repeated: str | None = None
    note: str | None = None

    @property
    def response_on_ladder(self) -> bool:
        return self.response in RESPONSES

    @property
    def authority_known(self) -> bool:
        return self.authority in AUTHORITIES

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class Caveat:
    """A nation's restriction on its own contingent: responses it will not carry out, and the level
    that must approve its answers (a national "red card")."""

    forbid: tuple[str, ...] = ()
    authority: str | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"forbid": list(self.forbid)}
        if self.authority:
            out["authority"] = self.authority
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class Mandate:
    name: str
    self_defence: str
    incidents: Mapping[str, Rule]
    title: str = ""
    legal_basis: str | None = None
    backstop_trigger: tuple[str, ...] = ()
    caveats: Mapping[str, Caveat] = field(default_factory=dict)
    note: str | None = None
    path: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "title": self.title, "legal_basis": self.legal_basis,
            "self_defence": self.self_defence,
            "incidents": {t: r.to_dict() for t, r in self.incidents.items()},
            "backstop_trigger": list(self.backstop_trigger),
            "caveats": {c: v.to_dict() for c, v in self.caveats.items()},
        }


# ---------------------------------------------------------------- parsing (pure: dict -> Mandate)

def _one_of(values: tuple[str, ...]) -> str:
    return "one of " + ", ".join(values)


def _text(value: Any, field_name: str, allowed: str, where: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(field_name, value, allowed, where)
    value = value.strip()
    return value or None


def _keys(data: Mapping[Any, Any], known: tuple[str, ...], prefix: str, where: str | None) -> None:
    for key in data:
        if key not in known:
            raise InputError(f"{prefix}{key}", key, f"no unknown keys ({_one_of(known)})", where)


def _rule(kind: str, raw: Any, where: str | None) -> Rule:
    base = f"incidents.{kind}"
    if raw is None:
        return Rule()
    if not isinstance(raw, dict):
        raise InputError(base, raw, f"a mapping with the keys {', '.join(RULE_KEYS)} (or nothing)", where)
    _keys(raw, RULE_KEYS, base + ".", where)
    ladder = f"text: a response on the ladder ({_one_of(RESPONSES)})"
    delay = raw.get("max_delay_minutes")
    if delay is not None:
        if isinstance(delay, bool) or not isinstance(delay, (int, float)) or not 0 < delay <= MAX_DELAY_MINUTES:
            raise InputError(f"{base}.max_delay_minutes", delay, f"a number of minutes > 0 and <= {MAX_DELAY_MINUTES}", where)
        delay = float(delay)
    return Rule(
        response=_text(raw.get("response"), f"{base}.response", ladder, where),
        authority=_text(raw.get("authority"), f"{base}.authority", f"text: {_one_of(AUTHORITIES)}", where),
        max_delay_minutes=delay,
        if_repeated=_text(raw.get("if_repeated"), f"{base}.if_repeated", ladder, where),
        note=_text(raw.get("note"), f"{base}.note", "text", where),
    )


def _caveat(code: Any, raw: Any, where: str | None) -> Caveat:
    if not isinstance(code, str) or len(code) != 2 or not code.isalpha() or not code.isupper():
        raise InputError("caveats", code, "two-letter upper-case ISO 3166 alpha-2 nation codes as keys", where)
    base = f"caveats.{code}"
    if not isinstance(raw, dict):
        raise InputError(base, raw, f"a mapping with the keys {', '.join(CAVEAT_KEYS)}", where)
    _keys(raw, CAVEAT_KEYS, base + ".", where)
    forbid = raw.get("forbid") or []
    if not isinstance(forbid, list):
        raise InputError(f"{base}.forbid", forbid, f"a list of responses ({_one_of(RESPONSES)})", where)
    for i, resp in enumerate(forbid):
        if resp not in RESPONSES:
            raise InputError(f"{base}.forbid[{i}]", resp, _one_of(RESPONSES), where)
    authority = raw.get("authority")
    if authority is not None and authority not in AUTHORITIES:
        raise InputError(f"{base}.authority", authority, _one_of(AUTHORITIES), where)
    return Caveat(tuple(forbid), authority, _text(raw.get("note"), f"{base}.note", "text", where))


def parse_mandate(data: Any, where: str | None = None, default_name: str = "mandate") -> Mandate:
    """Build a Mandate from parsed YAML; InputError names the first structurally wrong field."""
    if not isinstance(data, dict):
        raise InputError("mandate", data, f"a YAML mapping with the keys {', '.join(TOP_KEYS)}", where)
    _keys(data, TOP_KEYS, "", where)

    name = _text(data.get("name"), "name", "non-empty text", where) or default_name
    title = _text(data.get("title"), "title", "text", where) or ""
    note = _text(data.get("note"), "note", "text", where)

    legal_basis = data.get("legal_basis")
    if legal_basis is not None and legal_basis not in LEGAL_BASES:
        raise InputError("legal_basis", legal_basis, _one_of(LEGAL_BASES), where)

    if "self_defence" not in data:
        raise InputError("self_defence", None, f"a value (this key is required): {_one_of(SELF_DEFENCE)}", where)
    self_defence = data["self_defence"]
    if self_defence not in SELF_DEFENCE:
        raise InputError("self_defence", self_defence, _one_of(SELF_DEFENCE), where)

    raw_incidents = data.get("incidents")
    if not isinstance(raw_incidents, dict):
        raise InputError("incidents", raw_incidents, "a mapping of incident type to its rule", where)
    incidents: dict[str, Rule] = {}
    for kind, raw in raw_incidents.items():
        if kind not in INCIDENT_TYPES:
            raise InputError(f"incidents.{kind}", kind, f"an incident type: {_one_of(INCIDENT_TYPES)}", where)
        incidents[kind] = _rule(kind, raw, where)

    trigger = data.get("backstop_trigger") or []
    if not isinstance(trigger, list):
        raise InputError("backstop_trigger", trigger, f"a list of incident types ({_one_of(INCIDENT_TYPES)})", where)
    for i, kind in enumerate(trigger):
        if kind not in INCIDENT_TYPES:
            raise InputError(f"backstop_trigger[{i}]", kind, _one_of(INCIDENT_TYPES), where)

    raw_caveats = data.get("caveats") or {}
    if not isinstance(raw_caveats, dict):
        raise InputError("caveats", raw_caveats, "a mapping of nation code to its caveat", where)
    caveats = {code: _caveat(code, raw, where) for code, raw in raw_caveats.items()}

    return Mandate(
        name=name, title=title, note=note, legal_basis=legal_basis, self_defence=self_defence,
        incidents=incidents, backstop_trigger=tuple(dict.fromkeys(trigger)), caveats=caveats, path=where,
    )


def mandate_path(ref: str | Path, base: str | Path | None = None) -> Path:
    """A built-in name gives the packaged file; anything else is a .yaml path (relative to base)."""
    text = str(ref)
    if text in catalog.builtin_mandates():
        return catalog.data_path("mandates", f"{text}.yaml")
    if not text.endswith((".yaml", ".yml")):
        raise InputError(
            "mandate", text,
            f"a built-in mandate ({', '.join(catalog.builtin_mandates())}) or a path to a .yaml mandate file",
        )
    path = Path(text)
    if not path.is_absolute() and base is not None:
        path = Path(base) / path
    return path


def load_mandate(ref: str | Path, base: str | Path | None = None) -> Mandate:
    """Read a built-in mandate or a mandate file (the only I/O in this module)."""
    path = mandate_path(ref, base)
    data = catalog.read_yaml(path, "mandate file")
    return parse_mandate(data, where=str(path), default_name=path.stem)


# ---------------------------------------------------------------- the check (pure)

@dataclass(frozen=True)
class Finding:
    incident: str  # "" for a finding about the whole mandate
    kind: str
    detail: str

    @property
    def serious(self) -> bool:
        return self.kind in SERIOUS_KINDS

    def to_dict(self) -> dict[str, str]:
        return {"incident": self.incident, "kind": self.kind, "detail": self.detail}


@dataclass(frozen=True)
class MandateCheck:
    mandate: str
    clear: bool
    score: float
    findings: tuple[Finding, ...]
    #: clarity 0..1 per incident type, the terms of the score
    clarity: Mapping[str, float]

    def kinds(self) -> set[str]:
        return {f.kind for f in self.findings}

    def to_dict(self) -> dict[str, Any]:
        return {"clear": self.clear, "score": self.score, "findings": [f.to_dict() for f in self.findings]}


def rank(response: str) -> int:
    return RESPONSES.index(response)


def grey_zone_answered(rule: Rule | None) -> bool:
    """A grey-zone rule counts as an answer only if it names a rung above observe_report, as the
    response or as what to do if the incident repeats. "Observe and report" alone leaves the
    soldier facing a probe to judge by himself when it has become hostile intent, which is the
    uncertainty a clear mandate must remove; with an escalation rung the threshold is stated."""
    if rule is None:
        return False
    return any(r in RESPONSES and r != "observe_report" for r in (rule.response, rule.if_repeated))


def _holdings(holdings: Any) -> dict[str, list[str]]:
    if holdings is None:
        return {}
    if not isinstance(holdings, Mapping):
        raise InputError("holdings", holdings, "a mapping of nation code to the sectors or capabilities it holds")
    out: dict[str, list[str]] = {}
    for code, held in holdings.items():
        if isinstance(held, str) or not isinstance(held, (list, tuple, set, frozenset)):
            raise InputError(f"holdings.{code}", held, "a list of sectors or capabilities")
        out[str(code)] = [str(h) for h in held]
    return out


def _caveat_findings(mandate: Mandate, holdings: dict[str, list[str]]) -> list[Finding]:
    """A caveat matters only for a nation that holds something; then it conflicts where it forbids a
    response the mandate requires, or needs a slower authority where the mandate sets a delay."""
    out: list[Finding] = []
    for code, caveat in mandate.caveats.items():
        held = holdings.get(code) or []
        if not held:
            continue
        holds = ", ".join(held)
        for kind in INCIDENT_TYPES:
            rule = mandate.incidents.get(kind)
            if rule is None:
                continue
            for resp, when in ((rule.response, ""), (rule.if_repeated, " if it repeats")):
                if resp in caveat.forbid:
                    out.append(Finding(kind, "caveat_conflict",
                                       f"{code} forbids {resp}, which the mandate requires for {kind}{when}; {code} holds {holds}"))
            if (caveat.authority and rule.authority_known and rule.max_delay_minutes is not None
                    and AUTHORITIES.index(caveat.authority) > AUTHORITIES.index(rule.authority)):
                out.append(Finding(kind, "caveat_conflict",
                                   f"{code} needs {caveat.authority} approval, but the mandate gives {kind} to "
                                   f"{rule.authority} within {rule.max_delay_minutes:g} minutes; {code} holds {holds}"))
    return out


def _incident_findings(kind: str, rule: Rule | None) -> tuple[list[Finding], float]:
    """Findings for one incident type and its clarity 0..1."""
    grey = kind in GREY_ZONE
    if rule is None:
        what = "a grey-zone type, where soldiers most need a rule" if grey else "soldiers have no answer"
        return [Finding(kind, "missing_incident", f"the mandate has no rule for {kind} ({what})")], 0.0
    found: list[Finding] = []
    usable = True
    if rule.response is None:
        found.append(Finding(kind, "missing_response", f"{kind} is listed without a response"))
        usable = False
    elif not rule.response_on_ladder:
        found.append(Finding(kind, "unknown_response",
                             f"response {rule.response!r} for {kind} is not a rung of the ladder ({', '.join(RESPONSES)})"))
        usable = False
    if grey and not grey_zone_answered(rule):
        found.append(Finding(kind, "grey_zone_unanswered",
                             f"{kind} is a grey-zone incident and the rule names no response above observe_report, "
                             f"so soldiers must judge alone when it becomes hostile intent"))
        usable = False
    clarity = 1.0
    if rule.authority is None:
        found.append(Finding(kind, "missing_authority", f"no authority decides the answer to {kind}"))
        clarity -= PENALTY_NO_AUTHORITY
    elif not rule.authority_known:
        found.append(Finding(kind, "unknown_authority",
                             f"authority {rule.authority!r} for {kind} is not one of {', '.join(AUTHORITIES)}"))
        clarity -= PENALTY_NO_AUTHORITY
    if kind in FAST_TYPES and rule.max_delay_minutes is None:
        found.append(Finding(kind, "missing_delay", f"{kind} needs an answer within minutes but no max_delay_minutes is set"))
        clarity -= PENALTY_NO_DELAY
    if rule.if_repeated is not None:
        if rule.if_repeated not in RESPONSES:
            found.append(Finding(kind, "unknown_response",
                                 f"if_repeated {rule.if_repeated!r} for {kind} is not a rung of the ladder"))
            clarity -= PENALTY_REPEAT
        elif rule.response_on_ladder and rank(rule.if_repeated) < rank(rule.response):
            found.append(Finding(kind, "repeat_not_escalating",
                                 f"if {kind} repeats the answer drops from {rule.response} to {rule.if_repeated}"))
            clarity -= PENALTY_REPEAT
    return found, (max(0.0, clarity) if usable else 0.0)


def check(mandate: Mandate, holdings: Mapping[str, list[str]] | None = None) -> MandateCheck:
    """How clearly the mandate tells soldiers what to do, as findings and a score 0..1 (pure)."""
    held = _holdings(holdings)
    findings: list[Finding] = []
    clarity: dict[str, float] = {}
    caveat_findings = _caveat_findings(mandate, held)
    for kind in INCIDENT_TYPES:
        found, value = _incident_findings(kind, mandate.incidents.get(kind))
        conflicts = [f for f in caveat_findings if f.incident == kind]
        found += conflicts
        clarity[kind] = max(0.0, value - PENALTY_CAVEAT * len(conflicts))
        findings += found

    weights = {k: GREY_WEIGHT if k in GREY_ZONE else OTHER_WEIGHT for k in INCIDENT_TYPES}
    score = sum(weights[k] * clarity[k] for k in INCIDENT_TYPES) / sum(weights.values())

    if mandate.self_defence == "restricted":
        findings.append(Finding("", "self_defence_restricted",
                                "self-defence is restricted: soldiers may not act on hostile intent, only after a hostile act"))
        score -= PENALTY_SELF_DEFENCE
    if "major_offensive" not in mandate.backstop_trigger:
        findings.append(Finding("", "no_backstop_trigger",
                                "backstop_trigger does not include major_offensive: no agreed point at which the backstop is called"))
        score -= PENALTY_NO_TRIGGER
    if mandate.legal_basis is None:
        findings.append(Finding("", "missing_legal_basis", f"no legal_basis ({', '.join(LEGAL_BASES)})"))
        score -= PENALTY_NO_LEGAL_BASIS

    score = round(max(0.0, score), 3)
    clear = score >= CLEAR_THRESHOLD and not any(f.serious for f in findings)
    return MandateCheck(mandate.name, clear, score, tuple(findings), clarity)


def check_file(path: str | Path, holdings: Mapping[str, list[str]] | None = None) -> MandateCheck:
    """For the CLI: load (InputError if the file is invalid) and check."""
    return check(load_mandate(path), holdings)


__all__ = [
    "INCIDENT_TYPES", "RESPONSES", "AUTHORITIES", "LEGAL_BASES", "FAST_TYPES", "GREY_ZONE",
    "FINDING_KINDS", "SERIOUS_KINDS", "CLEAR_THRESHOLD", "Rule", "Caveat", "Mandate", "Finding",
    "MandateCheck", "parse_mandate", "load_mandate", "mandate_path", "check", "check_file",
    "grey_zone_answered",
]
