"""The interactive page: one HTML page rendered with the scenario's choices, its stylesheet and script,
and the Vega runtime, all from the project and its installed packages (nothing from a CDN).

`page(name, scenario)` renders the page; `asset(name)` gives a fixed asset's bytes and media type (the
names are a closed set: no path from a client is ever read).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import jinja2

from ..catalog import builtin_mandates
from ..eligibility import ASKABLE
from ..nations import load_nations
from ..report import labels as L
from ..report.vega import javascript_bundle
from ..scenario import MAX_ARMY, Scenario
from ..vocab import Backstop, FlankPolicy, ForceOption, Role, Stance, Threat, values

HERE = Path(__file__).parent
ASSETS = {"page.css": "text/css; charset=utf-8", "page.js": "text/javascript; charset=utf-8",
          "vega.js": "text/javascript; charset=utf-8"}
#: the host-army control's range: none to twice today's army, in steps of ten thousand (a UI bound;
#: the scenario's own limit is MAX_ARMY)
ARMY = {"min": 0, "max": 1_600_000, "step": 10_000}


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE)), autoescape=True,
                              undefined=jinja2.StrictUndefined)


def choices(base: Scenario) -> dict[str, list]:
    """Each control's options as (value, words), the scenario's own values included."""
    table = load_nations()
    asked = [c for c in table.codes if table.stance(c) not in ("backstop",)]
    lead = set(base.coalition.lead)
    mandates = builtin_mandates()
    return {
        "role": [(r, L.label(L.ROLE, r)) for r in values(Role)],
        "option": [(o, o) for o in values(ForceOption)],
        "us_backstop": [(b, L.label(L.BACKSTOP, b)) for b in values(Backstop)],
        "threat": [(t, L.label(L.THREAT, t)) for t in values(Threat)],
        "mandate": [(m, m) for m in mandates] + ([] if base.mandate in mandates else [(base.mandate, base.mandate)]),
        "eastern_flank": [(FlankPolicy.PROTECT.value, "protect (forces NATO counts on stay)"),
                          (FlankPolicy.IGNORE.value, "ignore (they may go)")],
        # (code, name, lead, askable): a nation whose stated stance keeps it out is shown, but cannot be ticked
        "nations": sorted(((c, table.name(c), c in lead, c in lead or Stance(table.stance(c)) in ASKABLE)
                           for c in asked), key=lambda t: (not t[2], not t[3], t[1])),
    }


def page(name: str, base: Scenario) -> str:
    data = base.model_dump(mode="json")
    data["__name__"] = name
    base_json = json.dumps(data).replace("<", "\\u003c")
    army = {**ARMY, "max": min(max(ARMY["max"], (base.host_army or 0) * 2), MAX_ARMY)}
    view = {**data, "host_army": base.host_army or 0, "role": base.role.value, "option": base.option.value,
            "us_backstop": base.us_backstop.value, "threat": base.threat.value}
    return _env().get_template("page.html.j2").render(base=view, base_json=base_json, scenario=name,
                                                      choices=choices(base), army=army)


@lru_cache(maxsize=None)
def asset(name: str) -> tuple[bytes, str]:
    """A fixed asset by name (KeyError for any other name)."""
    media = ASSETS[name]
    if name == "vega.js":
        # in a function of its own: the bundle's top-level names (`$` among them) stay out of the page's
        body = "(() => {\n" + javascript_bundle("window.vegaEmbed = vegaEmbed;") + "\n})();\n"
    else:
        body = (HERE / name).read_text(encoding="utf-8")
    return body.encode("utf-8"), media
