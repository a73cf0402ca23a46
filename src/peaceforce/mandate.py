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
  on the ladder, a grey-zone type without an explicit answer); otherwise 1 minus a penalty for each
  gap in the rule: no deciding authority, no delay for a fast type, a repeat rule that does not
  escalate, each caveat conflict; never below 0;
- score = weighted mean of the clarity values (grey-zone types weigh more: the debate that started
  the project singles out probing attacks), minus penalties for restricted self-defence, no backstop
  trigger for a major offensive and no legal basis; never below 0;
- a mandate is clear when no finding is of a serious kind and the score reaches the threshold.

The weights, penalties and threshold are planning factors (`mandate.*` in data/planning_factors.csv),
each marked as this project's assumption with its reasoning, so a user can disagree with them.
Which types are grey-zone or need a fast answer is data too (data/incident_types.csv).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from . import catalog, domain
from .errors import InputError, invisible
from .factors import Factors, builtin
from .records import Record
from .vocab import Authority, FindingKind, IncidentType, LegalBasis, Response, SelfDefence, values

INCIDENT_TYPES = values(IncidentType)
RESPONSES = values(Response)
AUTHORITIES = values(Authority)
LEGAL_BASES = values(LegalBasis)
SELF_DEFENCE = values(SelfDefence)

#: kinds that leave soldiers without an answer, the force without its backstop, or a contingent
#: unable to do what the mandate asks; any one of them makes the mandate not clear
SERIOUS_KINDS = frozenset({
    FindingKind.MISSING_INCIDENT, FindingKind.MISSING_RESPONSE, FindingKind.UNKNOWN_RESPONSE,
    FindingKind.GREY_ZONE_UNANSWERED, FindingKind.SELF_DEFENCE_RESTRICTED, FindingKind.NO_BACKSTOP_TRIGGER,
    FindingKind.MISSING_LEGAL_BASIS, FindingKind.CAVEAT_CONFLICT,
})

MAX_DELAY_MINUTES = 60 * 24 * 30  # a month: beyond that a "delay" is a typo (an input bound)

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


#: longest text a mandate field may hold (a rule's note, a title): longer is a pasted document, not a rule
MAX_TEXT = 2000


def _text(value: Any, field_name: str, allowed: str, where: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(field_name, value, allowed, where)
    value = value.strip()
    if len(value) > MAX_TEXT:
        raise InputError(field_name, value, f"text of at most {MAX_TEXT} characters", where)
    bad = invisible(value)
    if bad is not None:
        raise InputError(field_name, value, f"text without control or invisible characters (it has {bad})", where)
    return value or None


def _given(data: Mapping[Any, Any], key: str, empty: Any) -> Any:
    """The key's value, `empty` when it is absent or null; a 0 or "" stays what it is, to be refused
    as the wrong type rather than read as 'none'."""
    value = data.get(key)
    return empty if value is None else value


def known_nations(mandate: "Mandate", codes: Iterable[str]) -> None:
    """A caveat names a nation the plan knows: one for an unknown code would never apply, silently."""
    known = set(codes)
    for code in mandate.caveats:
        if code not in known:
            raise InputError(f"caveats.{code}", code, "a nation in the nation table (data/nations.csv, or --nations)",
                             mandate.path)


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
    forbid = _given(raw, "forbid", [])
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

    trigger = _given(data, "backstop_trigger", [])
    if not isinstance(trigger, list):
        raise InputError("backstop_trigger", trigger, f"a list of incident types ({_one_of(INCIDENT_TYPES)})", where)
    for i, kind in enumerate(trigger):
        if kind not in INCIDENT_TYPES:
            raise InputError(f"backstop_trigger[{i}]", kind, _one_of(INCIDENT_TYPES), where)

    raw_caveats = _given(data, "caveats", {})
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

class Finding(Record):
    """One problem the check found: its kind, the incident type (None: the whole mandate) and the facts."""

    incident: IncidentType | None = None
    kind: FindingKind
    serious: bool
    #: what the rule says, as written (free text allowed: a vague mandate is what the check is for)
    response: str | None = None
    if_repeated: str | None = None
    authority: str | None = None
    delay_minutes: float | None = None
    #: caveat conflicts: the nation, the response it forbids or the approval level it needs, what it holds
    nation: str | None = None
    forbidden: str | None = None
    on_repeat: bool = False
    caveat_authority: str | None = None
    holds: list[str] = []


class MandateCheck(Record):
    mandate: str
    clear: bool
    score: float
    threshold: float
    findings: list[Finding]
    #: clarity 0..1 per incident type, the terms of the score
    clarity: dict[IncidentType, float]

    def kinds(self) -> set[FindingKind]:
        return {f.kind for f in self.findings}


def rank(response: str) -> int:
    return RESPONSES.index(response)


def _finding(kind: FindingKind, incident: str | None = None, **facts) -> Finding:
    return Finding(kind=kind, incident=incident, serious=kind in SERIOUS_KINDS, **facts)


def grey_zone_answered(rule: Rule | None) -> bool:
    """A grey-zone rule counts as an answer only if it names a rung above observe_report, as the
    response or as what to do if the incident repeats. "Observe and report" alone leaves the
    soldier facing a probe to judge by himself when it has become hostile intent, which is the
    uncertainty a clear mandate must remove; with an escalation rung the threshold is stated."""
    if rule is None:
        return False
    return any(r in RESPONSES and r != Response.OBSERVE_REPORT for r in (rule.response, rule.if_repeated))


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
        for kind in INCIDENT_TYPES:
            rule = mandate.incidents.get(kind)
            if rule is None:
                continue
            for resp, repeat in ((rule.response, False), (rule.if_repeated, True)):
                if resp in caveat.forbid:
                    out.append(_finding(FindingKind.CAVEAT_CONFLICT, kind, nation=code, forbidden=resp,
                                        on_repeat=repeat, holds=list(held)))
            if (caveat.authority and rule.authority_known and rule.max_delay_minutes is not None
                    and AUTHORITIES.index(caveat.authority) > AUTHORITIES.index(rule.authority)):
                out.append(_finding(FindingKind.CAVEAT_CONFLICT, kind, nation=code, caveat_authority=caveat.authority,
                                    authority=rule.authority, delay_minutes=rule.max_delay_minutes, holds=list(held)))
    return out


def _incident_findings(kind: str, rule: Rule | None, f: Factors) -> tuple[list[Finding], float]:
    """Findings for one incident type and its clarity 0..1."""
    spec = domain.incident_types()[IncidentType(kind)]
    if rule is None:
        return [_finding(FindingKind.MISSING_INCIDENT, kind)], 0.0
    found: list[Finding] = []
    usable = True
    facts = {"response": rule.response, "authority": rule.authority, "if_repeated": rule.if_repeated}
    if rule.response is None:
        found.append(_finding(FindingKind.MISSING_RESPONSE, kind))
        usable = False
    elif not rule.response_on_ladder:
        found.append(_finding(FindingKind.UNKNOWN_RESPONSE, kind, response=rule.response))
        usable = False
    if spec.grey_zone and not grey_zone_answered(rule):
        found.append(_finding(FindingKind.GREY_ZONE_UNANSWERED, kind, response=rule.response,
                              if_repeated=rule.if_repeated))
        usable = False
    clarity = 1.0
    if rule.authority is None:
        found.append(_finding(FindingKind.MISSING_AUTHORITY, kind))
        clarity -= f.v("mandate.penalty.no_authority")
    elif not rule.authority_known:
        found.append(_finding(FindingKind.UNKNOWN_AUTHORITY, kind, authority=rule.authority))
        clarity -= f.v("mandate.penalty.no_authority")
    if spec.fast and rule.max_delay_minutes is None:
        found.append(_finding(FindingKind.MISSING_DELAY, kind))
        clarity -= f.v("mandate.penalty.no_delay")
    if rule.if_repeated is not None:
        if rule.if_repeated not in RESPONSES:
            found.append(_finding(FindingKind.UNKNOWN_RESPONSE, kind, if_repeated=rule.if_repeated, on_repeat=True))
            clarity -= f.v("mandate.penalty.repeat")
        elif rule.response_on_ladder and rank(rule.if_repeated) < rank(rule.response):
            found.append(_finding(FindingKind.REPEAT_NOT_ESCALATING, kind, **facts))
            clarity -= f.v("mandate.penalty.repeat")
    return found, (max(0.0, clarity) if usable else 0.0)


def check(mandate: Mandate, holdings: Mapping[str, list[str]] | None = None, f: Factors | None = None) -> MandateCheck:
    """How clearly the mandate tells soldiers what to do, as findings and a score 0..1 (pure).

    The weights and penalties are planning factors (mandate.*): this project's assumptions, stated in
    data/planning_factors.csv with their reasoning so a user can disagree with them.
    """
    f = f or builtin()
    held = _holdings(holdings)
    findings: list[Finding] = []
    clarity: dict[IncidentType, float] = {}
    caveat_findings = _caveat_findings(mandate, held)
    grey = set(domain.grey_zone())
    for kind in IncidentType:
        found, value = _incident_findings(kind, mandate.incidents.get(kind), f)
        conflicts = [x for x in caveat_findings if x.incident == kind]
        found += conflicts
        clarity[kind] = max(0.0, value - f.v("mandate.penalty.caveat") * len(conflicts))
        findings += found

    weights = {k: f.v("mandate.weight.grey_zone") if k in grey else f.v("mandate.weight.other") for k in IncidentType}
    total = sum(weights.values())
    score = sum(weights[k] * clarity[k] for k in IncidentType) / total if total > 0 else 0.0

    if mandate.self_defence == SelfDefence.RESTRICTED:
        findings.append(_finding(FindingKind.SELF_DEFENCE_RESTRICTED))
        score -= f.v("mandate.penalty.self_defence")
    if IncidentType.MAJOR_OFFENSIVE not in mandate.backstop_trigger:
        findings.append(_finding(FindingKind.NO_BACKSTOP_TRIGGER))
        score -= f.v("mandate.penalty.no_trigger")
    if mandate.legal_basis is None:
        findings.append(_finding(FindingKind.MISSING_LEGAL_BASIS))
        score -= f.v("mandate.penalty.no_legal_basis")

    threshold = f.v("mandate.clear_threshold")
    score = round(max(0.0, score), 3)
    clear = score >= threshold and not any(x.serious for x in findings)
    return MandateCheck(mandate=mandate.name, clear=clear, score=score, threshold=threshold, findings=findings,
                        clarity=clarity)


def check_file(path: str | Path, holdings: Mapping[str, list[str]] | None = None) -> MandateCheck:
    """For the CLI: load (InputError if the file is invalid) and check."""
    return check(load_mandate(path), holdings)


__all__ = [
    "INCIDENT_TYPES", "RESPONSES", "AUTHORITIES", "LEGAL_BASES", "SERIOUS_KINDS", "Rule", "Caveat", "Mandate", "Finding",
    "MandateCheck", "parse_mandate", "load_mandate", "mandate_path", "check", "check_file",
    "grey_zone_answered",
]
