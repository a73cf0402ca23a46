"""The mandate model, its loader and the clarity check."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peaceforce.errors import InputError
from peaceforce import domain
from peaceforce.factors import builtin
from peaceforce.mandate import (
    AUTHORITIES, INCIDENT_TYPES, RESPONSES, SERIOUS_KINDS, check, check_file, load_mandate, parse_mandate,
)
from peaceforce.report import wording
from peaceforce.report.labels import INCIDENT, label
from peaceforce.vocab import FindingKind, IncidentType, values

CLEAR_THRESHOLD = builtin().v("mandate.clear_threshold")
FINDING_KINDS = values(FindingKind)
GREY_ZONE = domain.grey_zone()


def clear_dict() -> dict:
    """A complete, clear mandate to break one piece at a time."""
    incidents = {
        kind: {"response": "block", "authority": "on_scene", "max_delay_minutes": 15, "if_repeated": "proportionate_fire"}
        for kind in INCIDENT_TYPES
    }
    return {
        "name": "test", "legal_basis": "consent", "self_defence": "full", "incidents": incidents,
        "backstop_trigger": ["major_offensive"], "caveats": {},
    }


def kinds_for(data: dict, incident: str | None = None, holdings=None) -> set[str]:
    result = check(parse_mandate(data), holdings)
    return {f.kind for f in result.findings if incident is None or f.incident == incident}


# ---------------------------------------------------------------- the built-in mandates

def test_builtins_separate():
    robust, minimal, vague = (check(load_mandate(n)) for n in ("robust", "minimal", "vague"))
    assert robust.clear and robust.score >= 0.9 and robust.findings == []
    assert not minimal.clear and not vague.clear
    assert vague.score < minimal.score < robust.score


def test_minimal_findings():
    found = {(f.incident, f.kind) for f in check(load_mandate("minimal")).findings}
    assert (None, "self_defence_restricted") in found
    assert ("probe_incursion", "grey_zone_unanswered") in found
    assert ("cyber_attack", "missing_incident") in found
    assert ("drone_strike", "missing_delay") in found
    assert (None, "no_backstop_trigger") not in found  # minimal calls the backstop for an offensive


def test_vague_findings():
    found = {(f.incident, f.kind) for f in check(load_mandate("vague")).findings}
    for expected in [
        ("probe_incursion", "unknown_response"), ("probe_incursion", "unknown_authority"),
        ("probe_incursion", "grey_zone_unanswered"), ("harassment", "missing_response"),
        ("electronic_warfare", "missing_incident"), ("drone_strike", "missing_authority"),
        ("airspace_violation", "repeat_not_escalating"), (None, "no_backstop_trigger"), (None, "missing_legal_basis"),
    ]:
        assert expected in found, expected


def test_free_text_response_loads_and_is_reported():
    data = clear_dict()
    data["incidents"]["probe_incursion"] = {"response": "as appropriate", "authority": "on_scene", "max_delay_minutes": 5}
    mandate = parse_mandate(data)
    assert mandate.incidents["probe_incursion"].response == "as appropriate"
    result = check(mandate)
    assert not result.clear
    finding = next(f for f in result.findings if f.kind == FindingKind.UNKNOWN_RESPONSE)
    assert finding.incident == IncidentType.PROBE_INCURSION and finding.response == "as appropriate"
    assert finding.serious and not finding.on_repeat
    assert "as appropriate" in wording.finding(finding)


# ---------------------------------------------------------------- each finding kind, triggered on its own

def _drop_incident(d):
    del d["incidents"]["cyber_attack"]


def _no_response(d):
    d["incidents"]["cyber_attack"] = {"authority": "on_scene"}


def _free_text(d):
    d["incidents"]["indirect_fire"]["response"] = "all necessary measures"


def _free_text_repeat(d):
    d["incidents"]["indirect_fire"]["if_repeated"] = "act decisively"


def _unknown_authority(d):
    d["incidents"]["cyber_attack"]["authority"] = "chain of command"


def _no_authority(d):
    del d["incidents"]["cyber_attack"]["authority"]


def _no_delay(d):
    del d["incidents"]["small_arms_fire"]["max_delay_minutes"]


def _repeat_lower(d):
    d["incidents"]["harassment"]["if_repeated"] = "warn"


def _restricted(d):
    d["self_defence"] = "restricted"


def _no_trigger(d):
    d["backstop_trigger"] = ["mass_buildup"]


def _no_legal_basis(d):
    del d["legal_basis"]


def _grey_observe_only(d):
    d["incidents"]["probe_incursion"] = {"response": "observe_report", "authority": "on_scene", "max_delay_minutes": 15}


@pytest.mark.parametrize("mutate, incident, kind", [
    (_drop_incident, "cyber_attack", "missing_incident"),
    (_no_response, "cyber_attack", "missing_response"),
    (_free_text, "indirect_fire", "unknown_response"),
    (_free_text_repeat, "indirect_fire", "unknown_response"),
    (_unknown_authority, "cyber_attack", "unknown_authority"),
    (_no_authority, "cyber_attack", "missing_authority"),
    (_no_delay, "small_arms_fire", "missing_delay"),
    (_repeat_lower, "harassment", "repeat_not_escalating"),
    (_restricted, None, "self_defence_restricted"),
    (_no_trigger, None, "no_backstop_trigger"),
    (_no_legal_basis, None, "missing_legal_basis"),
    (_grey_observe_only, "probe_incursion", "grey_zone_unanswered"),
])
def test_each_finding_kind(mutate, incident, kind):
    data = clear_dict()
    assert check(parse_mandate(data)).findings == []
    mutate(data)
    result = check(parse_mandate(data))
    assert {(f.incident, f.kind) for f in result.findings} == {(incident, kind)}
    assert result.score < 1.0
    assert result.clear is (kind not in SERIOUS_KINDS)


def test_delay_only_required_for_fast_types():
    data = clear_dict()
    del data["incidents"]["cyber_attack"]["max_delay_minutes"]
    assert kinds_for(data) == set()


def test_observe_report_with_escalating_repeat_answers_the_grey_zone():
    data = clear_dict()
    data["incidents"]["electronic_warfare"] = {"response": "observe_report", "authority": "on_scene",
                                               "max_delay_minutes": 60, "if_repeated": "disable"}
    assert kinds_for(data) == set()
    data["incidents"]["electronic_warfare"]["if_repeated"] = "observe_report"
    assert kinds_for(data, "electronic_warfare") == {"grey_zone_unanswered"}


def test_observe_report_alone_is_an_answer_outside_the_grey_zone():
    data = clear_dict()
    data["incidents"]["mass_buildup"] = {"response": "observe_report", "authority": "coalition_political"}
    assert kinds_for(data) == set()


def test_non_serious_findings_still_fail_below_threshold():
    data = clear_dict()
    for rule in data["incidents"].values():
        del rule["authority"]
    result = check(parse_mandate(data))
    assert result.kinds() == {"missing_authority"}
    assert result.score < CLEAR_THRESHOLD and not result.clear

    one = clear_dict()
    del one["incidents"]["cyber_attack"]["authority"]
    result = check(parse_mandate(one))
    assert result.clear and CLEAR_THRESHOLD <= result.score < 1.0


def test_grey_zone_weighs_more_than_other_types():
    grey, other = clear_dict(), clear_dict()
    del grey["incidents"]["harassment"]
    del other["incidents"]["cyber_attack"]
    assert check(parse_mandate(grey)).score < check(parse_mandate(other)).score


# ---------------------------------------------------------------- caveats and holdings

def test_caveat_conflict_needs_holdings():
    data = clear_dict()
    data["caveats"] = {"DE": {"forbid": ["block"]}}
    assert kinds_for(data) == set()
    assert kinds_for(data, holdings={"DE": []}) == set()
    assert kinds_for(data, holdings={"FR": ["north"]}) == set()
    result = check(parse_mandate(data), {"DE": ["north"]})
    conflicts = [f for f in result.findings if f.kind == "caveat_conflict"]
    assert {f.incident for f in conflicts} == set(INCIDENT_TYPES)
    assert all(f.nation == "DE" and f.forbidden == "block" and f.holds == ["north"] and f.serious
               for f in conflicts)
    # in words: the nation's name, the response it forbids and the incident, as the report's tables say them
    assert all("Germany" in wording.finding(f) and "block" in wording.finding(f)
               and label(INCIDENT, f.incident).split(" (")[0].lower() in wording.finding(f) for f in conflicts)
    assert not result.clear


def test_caveat_conflict_on_repeat_rule_and_single_type():
    data = clear_dict()
    data["incidents"]["indirect_fire"]["if_repeated"] = "strike_source"
    data["caveats"] = {"DE": {"forbid": ["strike_source"], "authority": "on_scene"}}
    result = check(parse_mandate(data), {"DE": ["south_dnipro", "isr"]})
    [conflict] = [f for f in result.findings if f.kind == "caveat_conflict"]
    assert conflict.incident == "indirect_fire"
    assert (conflict.nation, conflict.forbidden, conflict.on_repeat) == ("DE", "strike_source", True)
    assert "south_dnipro" in conflict.holds
    sentence = wording.finding(conflict)
    assert "strike the source" in sentence and "repeats" in sentence and "south dnipro" in sentence
    assert "_" not in sentence


def test_caveat_authority_slower_than_mandate():
    data = clear_dict()
    data["caveats"] = {"IT": {"authority": "national"}}
    result = check(parse_mandate(data), {"IT": ["east"]})
    assert {f.incident for f in result.findings if f.kind == "caveat_conflict"} == set(INCIDENT_TYPES)
    # no delay set: the slower authority breaks no promise of the mandate
    for rule in data["incidents"].values():
        rule.pop("max_delay_minutes")
    assert "caveat_conflict" not in kinds_for(data, holdings={"IT": ["east"]})


def test_builtin_caveats_with_holdings():
    robust = check(load_mandate("robust"), {"DE": ["north"]})
    assert robust.clear  # robust's caveat was reconciled
    minimal = check(load_mandate("minimal"), {"DE": ["north"]})
    assert any(f.kind == "caveat_conflict" and f.nation == "DE" and "Germany" in wording.finding(f)
               for f in minimal.findings)


def test_holdings_must_be_lists():
    with pytest.raises(InputError) as err:
        check(load_mandate("robust"), {"DE": "north"})
    assert err.value.field == "holdings.DE"


# ---------------------------------------------------------------- invalid files

def write(tmp_path, text: str, name: str = "m.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


VALID = """
name: t
legal_basis: consent
self_defence: full
incidents:
  small_arms_fire: {response: proportionate_fire, authority: on_scene, max_delay_minutes: 5}
backstop_trigger: [major_offensive]
"""


@pytest.mark.parametrize("text, field", [
    (VALID + "mission_creep: yes\n", "mission_creep"),
    (VALID.replace("small_arms_fire", "sniper_fire"), "incidents.sniper_fire"),
    (VALID.replace("max_delay_minutes: 5", "max_delay_minutes: soon"), "incidents.small_arms_fire.max_delay_minutes"),
    (VALID.replace("max_delay_minutes: 5", "max_delay_minutes: -5"), "incidents.small_arms_fire.max_delay_minutes"),
    (VALID.replace("response: proportionate_fire", "response: 7"), "incidents.small_arms_fire.response"),
    (VALID.replace("authority: on_scene", "authority: [a, b]"), "incidents.small_arms_fire.authority"),
    (VALID.replace("max_delay_minutes: 5}", "max_delay_minutes: 5, speed: 3}"), "incidents.small_arms_fire.speed"),
    (VALID.replace("legal_basis: consent", "legal_basis: treaty"), "legal_basis"),
    (VALID.replace("self_defence: full", "self_defence: partial"), "self_defence"),
    (VALID.replace("self_defence: full\n", ""), "self_defence"),
    (VALID.replace("[major_offensive]", "[major_offensive, invasion]"), "backstop_trigger[1]"),
    (VALID.replace("[major_offensive]", "major_offensive"), "backstop_trigger"),
    (VALID + "caveats:\n  DE: {forbid: [retreat]}\n", "caveats.DE.forbid[0]"),
    (VALID + "caveats:\n  Germany: {forbid: [withdraw]}\n", "caveats"),
    ("name: t\nself_defence: full\nincidents: [small_arms_fire]\n", "incidents"),
    ("- just\n- a list\n", "mandate"),
])
def test_invalid_files_name_the_field(tmp_path, text, field):
    with pytest.raises(InputError) as err:
        load_mandate(str(write(tmp_path, text)))
    assert err.value.field == field
    assert err.value.where and err.value.where.endswith("m.yaml")
    assert field in str(err.value)


def test_yaml_syntax_error(tmp_path):
    path = write(tmp_path, "name: t\nincidents: {small_arms_fire: [\n")
    with pytest.raises(InputError) as err:
        check_file(str(path))
    assert err.value.field == "mandate file" and "syntax error" in str(err.value)


def test_unknown_builtin_and_missing_file(tmp_path):
    with pytest.raises(InputError) as err:
        load_mandate("robustest")
    assert err.value.field == "mandate" and "robust" in err.value.allowed
    with pytest.raises(InputError):
        load_mandate(str(tmp_path / "absent.yaml"))


def test_relative_path_against_base_and_check_file(tmp_path):
    write(tmp_path, VALID, "mine.yaml")
    mandate = load_mandate("mine.yaml", base=tmp_path)
    assert mandate.name == "t"
    result = check_file(str(tmp_path / "mine.yaml"))
    assert not result.clear and "missing_incident" in result.kinds()
    out = json.loads(result.model_dump_json())
    assert set(out) == {"mandate", "clear", "score", "threshold", "findings", "clarity"}
    assert out["mandate"] == "t" and out["threshold"] == CLEAR_THRESHOLD and set(out["clarity"]) == set(INCIDENT_TYPES)
    assert all({"incident", "kind", "serious"} <= set(f) and "detail" not in f for f in out["findings"])


def test_name_defaults_to_file_stem(tmp_path):
    path = write(tmp_path, VALID.replace("name: t\n", ""), "sector_rules.yaml")
    assert load_mandate(str(path)).name == "sector_rules"


# ---------------------------------------------------------------- properties

rule_strategy = st.one_of(
    st.none(),
    st.fixed_dictionaries({}, optional={
        "response": st.one_of(st.sampled_from(RESPONSES), st.sampled_from(["as appropriate", "robustly"])),
        "authority": st.one_of(st.sampled_from(AUTHORITIES), st.just("someone")),
        "max_delay_minutes": st.integers(1, 5000),
        "if_repeated": st.sampled_from(RESPONSES),
    }),
)
mandate_strategy = st.fixed_dictionaries(
    {"self_defence": st.sampled_from(["full", "restricted"]),
     "incidents": st.dictionaries(st.sampled_from(INCIDENT_TYPES), rule_strategy)},
    optional={"legal_basis": st.sampled_from(["consent", "invitation"]),
              "backstop_trigger": st.lists(st.sampled_from(INCIDENT_TYPES), max_size=3),
              "caveats": st.dictionaries(st.sampled_from(["DE", "IT", "PL"]),
                                         st.fixed_dictionaries({"forbid": st.lists(st.sampled_from(RESPONSES), max_size=2)}),
                                         max_size=2)},
)


@settings(max_examples=150, deadline=None)
@given(mandate_strategy, st.sampled_from(INCIDENT_TYPES))
def test_check_properties(data, kind):
    holdings = {"DE": ["north"], "IT": []}
    result = check(parse_mandate(data), holdings)
    assert 0.0 <= result.score <= 1.0
    assert result.kinds() <= set(FINDING_KINDS)
    if result.clear:
        assert result.score >= CLEAR_THRESHOLD and not (result.kinds() & SERIOUS_KINDS)
    # writing one rule out in full never lowers the score
    better = copy.deepcopy(data)
    better.setdefault("incidents", {})[kind] = {
        "response": "block", "authority": "on_scene", "max_delay_minutes": 10, "if_repeated": "disable"}
    better["caveats"] = {}
    improved = check(parse_mandate(better), holdings)
    worse_caveats = copy.deepcopy(data)
    worse_caveats["caveats"] = {}
    assert improved.score >= check(parse_mandate(worse_caveats), holdings).score
    if kind in GREY_ZONE:
        assert "grey_zone_unanswered" not in {f.kind for f in improved.findings if f.incident == kind}
