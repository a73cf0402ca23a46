"""The web API as a client meets it: a real `peaceforce serve` on 127.0.0.1 (tests/conftest.py api_server)
and a real HTTP client. Every answer is checked against the same computation done in this process."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import jsonschema
import pytest

import peaceforce
from conftest import DEFAULT, EXAMPLES, ROOT, base_spec
from peaceforce import catalog, safe_yaml
from peaceforce.errors import InputError
from peaceforce.mandate import check, load_mandate, parse_mandate
from peaceforce.nations import load_nations
from peaceforce.scenario import load_scenario

TIMEOUT = httpx.Timeout(120.0)
PLAN_SCHEMA = json.loads((ROOT / "schemas" / "plan.schema.json").read_text())


def spec_of(path: Path) -> dict:
    """A scenario file as a client would post it: the YAML's keys as JSON."""
    return safe_yaml.load(path.read_text(encoding="utf-8"))


def steady(doc: dict) -> dict:
    """The document less what differs from run to run: the solver's wall-clock seconds."""
    doc = copy.deepcopy(doc)
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("solver"), dict):
                node["solver"].pop("seconds", None)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return doc


def local_doc(spec: dict, **flags) -> dict:
    p = peaceforce.plan(spec, runs=flags.get("runs", 2000))
    if flags.get("risk"):
        p.compute_risk()
    if flags.get("what_if"):
        p.compute_what_if(runs=flags.get("runs", 2000))
    return steady(p.to_dict())


@pytest.fixture(scope="module")
def client(api_server):
    with httpx.Client(base_url=api_server.api, timeout=TIMEOUT) as c:
        yield c


# ------------------------------------------------------------------------------------------- data


def test_health(client):
    r = client.get("/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok" and r.json()["workers"] == 2 and r.json()["version"] == peaceforce.__version__


def test_builtin_scenarios_are_the_examples():
    shipped = sorted(catalog.data_path("scenarios").glob("*.yaml"))
    assert [p.name for p in shipped] == [p.name for p in sorted(EXAMPLES.glob("*.yaml"))]
    for p in shipped:
        assert p.read_bytes() == (EXAMPLES / p.name).read_bytes(), f"{p.name} differs from examples/"


def test_scenarios_list_and_each(client):
    listed = client.get("/scenarios").json()
    assert [s["name"] for s in listed] == sorted(p.stem for p in EXAMPLES.glob("*.yaml"))
    for item in listed:
        local = load_scenario(EXAMPLES / f"{item['name']}.yaml")
        assert item["title"] == local.name and item["role"] == local.role.value
        one = client.get(f"/scenarios/{item['name']}")
        assert one.status_code == 200 and one.json() == local.model_dump(mode="json")


@pytest.mark.parametrize("name", ["ukraine", "ukraine-reassure.yaml", "..%2F..%2Fexamples%2Fukraine-reassure.yaml"])
def test_scenario_by_name_only(client, name):
    r = client.get(f"/scenarios/{name}")
    if "%2F" in name:  # a path never reaches the route: no route has a slash in a name
        assert r.status_code == 404
        return
    assert r.status_code == 422
    assert r.json()["field"] == "name" and "ukraine-reassure" in r.json()["allowed"]


def test_nations_with_sources(client):
    r = client.get("/nations")
    assert r.status_code == 200
    body = r.json()
    table = load_nations()
    assert [n["code"] for n in body["nations"]] == table.codes
    nl = next(n for n in body["nations"] if n["code"] == "NL")
    assert nl["land_forces"] == table.get("NL", "land_forces") and nl["stance"] == table.stance("NL")
    assert nl["sources"]["land_forces"] == table.get("NL", "land_forces_source")
    assert nl["sources"]["gdp_busd"] == table.get("NL", "gdp_source")
    assert nl["flank_earmarked"] == table.earmarked("NL")
    assert all(n["sources"].get("land_forces") for n in body["nations"] if n["land_forces"] is not None)
    assert len(body["capacity"]) == len(table.capacity_units) and all(c["source"] for c in body["capacity"])
    assert sum(f["troops"] for f in body["flank"]) == pytest.approx(float(table.flank["troops"].sum()))


# ------------------------------------------------------------------------------------------- plan


def test_plan_is_plan_json(client):
    spec = spec_of(DEFAULT)
    r = client.post("/plan", json=spec)
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    doc = r.json()
    jsonschema.validate(doc, PLAN_SCHEMA)
    assert doc["risk"] is None and doc["what_if"] is None
    assert steady(doc) == local_doc(spec)


def test_plan_option_and_risk(client):
    spec = dict(spec_of(DEFAULT), option="light")
    r = client.post("/plan", json=spec, params={"risk": "true", "runs": 500})
    assert r.status_code == 200
    doc = r.json()
    assert doc["requirement"]["option"] == "light" and doc["risk"] is not None
    assert steady(doc) == local_doc(spec, risk=True, runs=500)
    medium = client.post("/plan", json=dict(spec, option="medium")).json()
    assert doc["requirement"]["deployed"]["central"] < medium["requirement"]["deployed"]["central"]


def test_plan_what_if(client):
    spec = spec_of(DEFAULT)
    r = client.post("/plan", json=spec, params={"what_if": "true", "runs": 300})
    assert r.status_code == 200
    doc = r.json()
    assert doc["what_if"] is not None and doc["what_if"]["options"]
    assert steady(doc) == local_doc(spec, what_if=True, runs=300)


# ------------------------------------------------------------------------------------------- bad input


BAD = [
    (base_spec(colour="blue"), "colour"),
    (base_spec(role="peacekeep"), "role"),
    (base_spec(host_army=-5), "host_army"),
    (base_spec(duration_months=True), "duration_months"),
    (base_spec(coalition={"lead": ["XX"]}), "coalition.lead"),
    (base_spec(coalition={"lead": ["FR"], "exclude": ["FR"]}), "coalition"),
    (base_spec(overrides={"garrison.medium": -3}), "overrides.garrison.medium"),
    (base_spec(incident_rates={"probe_incursion": "often"}), "incident_rates"),
    ({"role": "reassure"}, "name"),
]


@pytest.mark.parametrize("spec, field", BAD, ids=[f for _, f in BAD])
def test_bad_scenario_422_in_the_cli_words(client, spec, field):
    r = client.post("/plan", json=spec)
    assert r.status_code == 422
    body = r.json()
    with pytest.raises(InputError) as local:
        load_scenario(spec)
    assert body["detail"] == str(local.value)
    assert body["field"] == field == local.value.field
    assert "\n" not in body["detail"] and len(body["detail"]) <= 200


def test_bad_scenario_reads_as_the_cli_line(client, tmp_path):
    spec = base_spec(coalition={"lead": ["XX"]})
    path = tmp_path / "bad.yaml"
    path.write_text(json.dumps(spec))  # JSON is YAML
    cli = subprocess.run([sys.executable, "-m", "peaceforce", "plan", str(path)], capture_output=True, text=True,
                         timeout=120)
    assert cli.returncode == 2
    line = " ".join(cli.stderr.split())
    detail = client.post("/plan", json=spec).json()["detail"]
    assert line.startswith("error: ") and detail.split(";")[0] in line and detail.split("allowed: ")[1][:40] in line


def test_a_key_twice_is_refused_not_read_as_its_last_value(client):
    body = b'{"name": "twice", "role": "observe", "role": "deter"}'
    r = client.post("/plan", content=body, headers={"content-type": "application/json"}, params={"runs": 100})
    assert r.status_code == 422 and r.json()["field"] == "body"
    assert "'role' twice" in r.json()["detail"], r.json()
    nested = b'{"name": "n", "coalition": {"lead": ["FR"], "lead": ["GB"]}}'
    r = client.post("/view", content=nested, headers={"content-type": "application/json"})
    assert r.status_code == 422 and "'lead' twice" in r.json()["detail"]


@pytest.mark.parametrize("body, headers, field", [
    (b'{"name": ', {"content-type": "application/json"}, "body"),
    (b"[1, 2]", {"content-type": "application/json"}, "body"),
    (b'{"name": "x"}', {"content-type": "text/plain"}, "body"),
    (b"[" * 50_000 + b"]" * 50_000, {"content-type": "application/json"}, "body"),
])
def test_unreadable_body_422(client, body, headers, field):
    r = client.post("/plan", content=body, headers=headers)
    assert r.status_code == 422 and r.json()["field"] == field and r.json()["detail"].startswith("body: got ")


@pytest.mark.parametrize("params, field", [({"runs": 0}, "runs"), ({"runs": 10 ** 7}, "runs"),
                                           ({"what_if": "maybe"}, "what_if")])
def test_bad_flags_422(client, params, field):
    r = client.post("/plan", json=spec_of(DEFAULT), params=params)
    assert r.status_code == 422 and r.json()["field"] == field


@pytest.mark.parametrize("key", ["theatre", "mandate"])
def test_no_client_path_is_read(client, tmp_path, key):
    """A mandate or theatre file the CLI would read (relative to the working directory or absolute) is
    refused by the API before anything runs."""
    src = catalog.data_path("mandates" if key == "mandate" else "theatres",
                            "robust.yaml" if key == "mandate" else "ukraine.yaml")
    target = tmp_path / src.name
    target.write_bytes(src.read_bytes())
    spec = base_spec(**{key: str(target)})
    assert peaceforce.plan(spec, runs=10).scenario.model_dump()[key] == str(target)  # the library reads it
    for ref in (str(target), "../" * 12 + str(target).lstrip("/"), src.name):
        r = client.post("/plan", json=base_spec(**{key: ref}))
        assert r.status_code == 422, ref
        assert r.json()["field"] == key and "reads no files" in r.json()["allowed"]


def test_body_limit_413(client, api_server):
    filler = "x" * (300 * 1024)
    r = client.post("/plan", json=base_spec(name="big", note=filler))
    assert r.status_code == 413 and "bytes" in r.json()["detail"]

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(40):
            yield b" " * 8192

    r = client.post("/plan", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert client.get("/health").status_code == 200


# ------------------------------------------------------------------------------------------- report, memo, mandate


SOLVER_TIME = re.compile(r"Solver: HiGHS, [^<]*? s\.|solved with HiGHS in [\d.]+ s")


def test_report_get_is_the_cli_report(client):
    from peaceforce.report import render_html

    r = client.get("/report", params={"scenario": "ukraine-reassure", "runs": 300})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    local = render_html(peaceforce.plan(DEFAULT, runs=300).compute_risk().compute_what_if(runs=300))
    assert SOLVER_TIME.sub("", r.text) == SOLVER_TIME.sub("", local)


def test_report_post_and_bad_name(client):
    spec = dict(spec_of(EXAMPLES / "ukraine-observe.yaml"), name="Posted observer mission")
    r = client.post("/report", json=spec, params={"risk": "false", "what_if": "false", "runs": 100})
    assert r.status_code == 200 and "<title>Posted observer mission" in r.text
    bad = client.get("/report", params={"scenario": "/etc/passwd"})
    assert bad.status_code == 422 and bad.json()["field"] == "scenario"


def test_memo(client):
    from peaceforce.report import render_memo

    quick = {"scenario": "ukraine-reassure", "risk": "false", "what_if": "false", "runs": 200, "date": "2026-02-01"}
    nl = client.get("/memo/NL", params={**quick, "format": "md"})
    assert nl.status_code == 200 and nl.headers["content-type"].startswith("text/markdown")
    assert nl.text == render_memo(peaceforce.plan(DEFAULT, runs=200), "NL", None, "md", date="2026-02-01")
    assert "Tweede Kamer" in nl.text
    en = client.get("/memo/NL", params={**quick, "lang": "en"})
    assert en.headers["content-type"].startswith("text/html") and "House of Representatives" in en.text
    posted = client.post("/memo/de", params={"risk": "false", "what_if": "false", "runs": 200, "format": "md"},
                         json=spec_of(DEFAULT))
    assert posted.status_code == 422 and posted.json()["field"] == "nation"
    de = client.post("/memo/DE", params={"risk": "false", "what_if": "false", "runs": 200, "format": "md"},
                     json=spec_of(DEFAULT))
    assert de.status_code == 200 and "Bundestag" in de.text
    for params, field in (({**quick, "lang": "de"}, "lang"), ({**quick, "date": "2026-13-01"}, "date"),
                          ({**quick, "date": "2026-02-01T00:00:00"}, "date")):
        r = client.get("/memo/NL", params=params)
        assert r.status_code == 422 and r.json()["field"] == field
    assert client.get("/memo/US", params=quick).json()["field"] == "nation"


def _mandate_json(name: str) -> dict:
    return safe_yaml.load(catalog.data_path("mandates", f"{name}.yaml").read_text(encoding="utf-8"))


def test_mandate_check(client):
    for name in ("robust", "vague"):
        r = client.post("/mandate/check", json=_mandate_json(name))
        assert r.status_code == 200
        assert r.json() == json.loads(check(load_mandate(name)).model_dump_json())
    assert client.post("/mandate/check", json=_mandate_json("vague")).json()["clear"] is False
    with_plan = client.post("/mandate/check", json=_mandate_json("robust"), params={"scenario": "ukraine-reassure"})
    holdings = peaceforce.plan(DEFAULT, runs=1).allocation.holdings()
    assert with_plan.json() == json.loads(check(load_mandate("robust"), holdings).model_dump_json())
    bad = dict(_mandate_json("robust"), self_defence="whenever")
    r = client.post("/mandate/check", json=bad)
    with pytest.raises(InputError) as local:
        parse_mandate(bad)
    assert r.status_code == 422 and r.json()["detail"] == str(local.value) and r.json()["field"] == "self_defence"
    stranger = dict(_mandate_json("robust"), caveats={"QQ": {"forbid": ["proportionate_fire"]}})
    r = client.post("/mandate/check", json=stranger)
    assert r.status_code == 422 and r.json()["field"] == "caveats.QQ"


# ------------------------------------------------------------------------------------------- concurrency, CORS


def test_concurrent_posts_answer_as_alone(api_server):
    # plans whose solves end optimal (reassure heavy stops at the solver's time limit: its answer depends
    # on how far the solver got, so it is no test of the server)
    specs = [dict(spec_of(DEFAULT), option=o) for o in ("light", "medium")] + \
            [dict(spec_of(DEFAULT), host_army=300_000), spec_of(EXAMPLES / "ukraine-deter.yaml"),
             spec_of(EXAMPLES / "ukraine-observe.yaml")]
    with httpx.Client(base_url=api_server.api, timeout=TIMEOUT) as c:
        alone = [steady(c.post("/plan", json=s, params={"runs": 400}).json()) for s in specs]

    def post(s):
        with httpx.Client(base_url=api_server.api, timeout=TIMEOUT) as c:
            r = c.post("/plan", json=s, params={"runs": 400})
            return r.status_code, steady(r.json())

    with ThreadPoolExecutor(len(specs) * 2) as ex:
        together = list(ex.map(post, specs * 2))
    assert all(d["allocation"]["solver"]["status"] == "Optimal" for d in alone)
    assert [code for code, _ in together] == [200] * len(together)
    assert [doc for _, doc in together] == alone * 2
    assert len({json.dumps(d, sort_keys=True) for d in alone}) == len(specs)  # five different answers


def test_no_cors_unless_configured(client):
    r = client.get("/health", headers={"Origin": "http://elsewhere.example"})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers
    pre = client.options("/plan", headers={"Origin": "http://elsewhere.example", "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in pre.headers


# ------------------------------------------------------------------------------------------- limits of one worker


@pytest.fixture(scope="module")
def tight():
    """One worker, one place in the queue, a 5 s time limit, CORS for one origin."""
    from peaceforce.api.live import LiveServer

    with LiveServer(workers=1, queue=1, time_limit=5, cors_origins="http://page.example") as server:
        yield server


def _wait_for(c: httpx.Client, key: str, value: int, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if c.get("/health").json()[key] == value:
            return
        time.sleep(0.05)
    raise AssertionError(f"health never showed {key} = {value}")


def test_time_limit_busy_and_recovery(tight):
    spec = spec_of(DEFAULT)
    # far beyond 5 s on any machine: the heavy option's solve alone runs into the solver's own 30 s limit,
    # and what-if plans it a dozen times more
    slow = {"what_if": "true", "risk": "true"}
    slow_spec = dict(spec, option="heavy")
    results: dict[str, httpx.Response] = {}

    def call(name, body, params):
        with httpx.Client(base_url=tight.api, timeout=TIMEOUT) as c:
            results[name] = c.post("/plan", json=body, params=params)

    with httpx.Client(base_url=tight.api, timeout=TIMEOUT) as c:
        _wait_for(c, "idle", 1)
        first = threading.Thread(target=call, args=("slow", slow_spec, slow))
        first.start()
        _wait_for(c, "idle", 0)
        second = threading.Thread(target=call, args=("queued", spec, {"runs": 100}))
        second.start()
        _wait_for(c, "waiting", 1)
        busy = c.post("/plan", json=spec, params={"runs": 100})
        assert busy.status_code == 503 and busy.headers["retry-after"] == "1"
        first.join(120)
        second.join(120)
        assert results["slow"].status_code == 504 and "5 s" in results["slow"].json()["detail"]
        # the killed worker was replaced: the queued request got a plan
        assert results["queued"].status_code == 200
        assert steady(results["queued"].json()) == local_doc(spec, runs=100)


def test_cors_when_configured(tight):
    with httpx.Client(base_url=tight.api, timeout=TIMEOUT) as c:
        ok = c.get("/health", headers={"Origin": "http://page.example"})
        assert ok.headers.get("access-control-allow-origin") == "http://page.example"
        other = c.get("/health", headers={"Origin": "http://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers


# ------------------------------------------------------------------------------------------- the command


def test_serve_binds_loopback_and_says_where(api_server):
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", api_server.url)
    port = int(api_server.url.rsplit(":", 1)[1])
    r = subprocess.run([sys.executable, "-m", "peaceforce", "serve", "--port", str(port)], capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 2
    assert r.stderr.startswith("error: peaceforce serve: --port: got ") and len(r.stderr.strip().splitlines()) == 1


def test_serve_bad_setting_is_one_line():
    r = subprocess.run([sys.executable, "-m", "peaceforce", "serve", "--port", "0"], capture_output=True, text=True,
                       timeout=60, env={**__import__("os").environ, "PEACEFORCE_API_WORKERS": "0"})
    assert r.returncode == 2 and r.stderr.startswith("error: PEACEFORCE_API_WORKERS: got '0'")


def test_schema_lists_the_api_and_no_swagger_page(client, api_server):
    assert httpx.get(api_server.url + "/docs").status_code == 404  # no Swagger page: it loads from a CDN
    schema = client.get("/openapi.json").json()
    assert {"/api/health", "/api/scenarios", "/api/scenarios/{name}", "/api/plan", "/api/mandate/check",
            "/api/nations", "/api/report", "/api/memo/{nation}"} <= set(schema["paths"])
    plan_200 = schema["paths"]["/api/plan"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert plan_200 == {"$ref": "#/components/schemas/PlanDocument"}
    scenarios = [c for n, c in schema["components"]["schemas"].items() if n.startswith("Scenario")
                 and "theatre" in c.get("properties", {})]  # pydantic may split it (Scenario-Input)
    assert scenarios and all(c["properties"]["theatre"]["enum"] == catalog.builtin_theatres() for c in scenarios)


def test_mandate_schema_is_the_file_shape():
    """The mandate body's documented shape (models.MandateDocument) has exactly the keys mandate.py reads."""
    from peaceforce import mandate
    from peaceforce.api.models import MandateCaveat, MandateDocument, MandateRule

    assert tuple(MandateDocument.model_fields) == mandate.TOP_KEYS
    assert tuple(MandateRule.model_fields) == mandate.RULE_KEYS
    assert tuple(MandateCaveat.model_fields) == mandate.CAVEAT_KEYS
    for name in catalog.builtin_mandates():  # every built-in mandate fits it
        MandateDocument.model_validate(_mandate_json(name))


# ------------------------------------------------------------------------------------------- the page


def test_view_says_what_the_plan_says(client):
    from peaceforce.report.view import view

    got = client.post("/view", params={"runs": 200}, json=spec_of(DEFAULT))
    assert got.status_code == 200, got.text
    body = got.json()
    alone = view(peaceforce.plan(DEFAULT, runs=200)).model_dump(mode="json")
    assert body["force"] == alone["force"] and body["verdict"] == alone["verdict"]
    assert body["nations"] == alone["nations"] and body["what_if"] is None
    assert set(body["charts"]) == {"allocation", "escalation", "requirement"}
    assert body["charts"]["allocation"]["vconcat"][0]["data"]["values"]
    assert '<svg class="map"' in body["map_svg"] and "map-legend" in body["map_svg"]
    full = client.post("/view", params={"runs": 200, "risk": "true", "what_if": "true"}, json=spec_of(DEFAULT)).json()
    assert full["escalation"]["range_low"] is not None and full["what_if"] is not None
    bad = client.post("/view", json={**spec_of(DEFAULT), "host_army": -5})
    assert bad.status_code == 422 and bad.json()["field"] == "host_army"


def test_page_and_its_assets(api_server):
    with httpx.Client(base_url=api_server.url, timeout=TIMEOUT) as c:
        page = c.get("/")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        for name in ("host_army", "role", "option", "us_backstop", "threat", "mandate", "eastern_flank", "nation"):
            assert f'name="{name}"' in page.text, name
        assert re.search(r'<script src="/assets/vega\.js">', page.text) and "https://" not in page.text.split("<main>")[0]
        deter = c.get("/", params={"scenario": "ukraine-deter"})
        assert deter.status_code == 200 and '<option value="deter" selected>' in deter.text
        assert c.get("/", params={"scenario": "../pyproject"}).status_code == 422
        js = c.get("/assets/vega.js")
        assert js.status_code == 200 and "vegaEmbed" in js.text and "javascript" in js.headers["content-type"]
        for name in ("page.js", "page.css"):
            assert c.get(f"/assets/{name}").status_code == 200
        for bad in ("page.html.j2", "__init__.py", "..%2F..%2Fpyproject.toml", "x.js"):
            assert c.get(f"/assets/{bad}").status_code in (404, 422), bad
