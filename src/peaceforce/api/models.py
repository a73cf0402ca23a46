"""The API's own records: errors, health, the scenario list and the nation table with its sources.

The plan itself is `plan.PlanDocument` (plan.json's model) and a mandate check `mandate.MandateCheck`;
these are only what the API adds around them.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ..mandate import MAX_DELAY_MINUTES, MAX_TEXT
from ..nations import NationTable
from ..records import Record
from ..scenario import Scenario
from ..vocab import Authority, Backstop, ForceOption, IncidentType, LegalBasis, Response, Role, SelfDefence, Threat


class Problem(Record):
    """Any error but bad input: not found, body too large (413), busy (503), over time (504), a fault (500)."""

    detail: str


class InputProblem(Record):
    """Bad input (422): the same line as the CLI's `error: ...` (without the file name), and its parts."""

    detail: str
    #: the field's path in the scenario (e.g. coalition.lead), or the query parameter's name
    field: str
    value: str
    allowed: str


class Health(Record):
    status: str
    version: str
    workers: int
    idle: int
    waiting: int
    queue: int


class ScenarioInfo(Record):
    """A built-in scenario: its name (what the other endpoints take) and what it assumes."""

    name: str
    title: str
    role: Role
    option: ForceOption
    threat: Threat
    us_backstop: Backstop
    host_army: int | None

    @classmethod
    def of(cls, name: str, s: Scenario) -> "ScenarioInfo":
        return cls(name=name, title=s.name, role=s.role, option=s.option, threat=s.threat,
                   us_backstop=s.us_backstop, host_army=s.host_army)


class Nation(Record):
    """One row of the nation table in use, its figures typed; `sources` gives each figure's source by
    column (e.g. land_forces), as data/nations.csv does beside it."""

    code: str
    name: str
    nato: bool
    eu: bool
    stance: str
    stance_date: str | None
    active_personnel: float | None
    land_forces: float | None
    gdp_busd: float | None
    population: float | None
    defence_spending_busd: float | None
    nato_cost_share_pct: float | None
    requires_us_backstop: str | None
    requires_clear_mandate: bool
    requires_un_mandate: bool
    parliament_rule: str | None
    rotation_multiplier: float | None
    #: the capability lines the nation has said it would send (None: any)
    offers: list[str] | None
    largest_formation: str | None
    outside_host_only: bool
    #: troops earmarked for NATO's eastern flank (flank.csv summed over hosts)
    flank_earmarked: float
    notes: str | None
    sources: dict[str, str]


class CapacityRow(Record):
    """A national capacity figure in units of a formation (data/capacity.csv)."""

    code: str
    capability: str
    units: float
    unit_type: str | None
    source: str | None
    note: str | None
    nato_units: float | None
    nato_source: str | None


class FlankRow(Record):
    """Troops a nation keeps on NATO's eastern flank in one host (data/flank.csv)."""

    code: str
    host: str
    troops: float
    brigades: float | None
    heavy_share: float
    kind: str | None
    year: int | None
    source: str | None
    note: str | None


class NationsResponse(Record):
    nations: list[Nation]
    capacity: list[CapacityRow]
    flank: list[FlankRow]


# ---------------------------------------------------------------- a mandate file's shape, for the schema

Text = Field(None, max_length=MAX_TEXT)


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MandateRule(_Doc):
    """How the mandate answers one incident type. Free text is allowed where the check reports it."""

    response: str | None = Field(None, max_length=MAX_TEXT, description="a rung of the response ladder "
                                 "(" + ", ".join(r.value for r in Response) + "); free text is reported by the check")
    authority: str | None = Field(None, max_length=MAX_TEXT, description="who decides: "
                                  + ", ".join(a.value for a in Authority))
    max_delay_minutes: float | None = Field(None, gt=0, le=MAX_DELAY_MINUTES)
    if_repeated: str | None = Field(None, max_length=MAX_TEXT)
    note: str | None = Text


class MandateCaveat(_Doc):
    forbid: list[Response] | None = None
    authority: Authority | None = None
    note: str | None = Text


class MandateDocument(_Doc):
    """A mandate as JSON: the keys of a mandate file (data/mandates/*.yaml). Documentation only: the body
    is read by mandate.parse_mandate, as the CLI reads a file, so errors read as the CLI's."""

    name: str | None = Text
    title: str | None = Text
    note: str | None = Text
    legal_basis: LegalBasis | None = None
    self_defence: SelfDefence
    incidents: dict[IncidentType, MandateRule | None]
    backstop_trigger: list[IncidentType] | None = None
    caveats: dict[str, MandateCaveat] | None = Field(None, description="by ISO 3166 alpha-2 nation code")


NUMBERS = ("active_personnel", "land_forces", "gdp_busd", "population", "defence_spending_busd", "nato_cost_share_pct",
           "rotation_multiplier")
#: nations.csv names some sources after the figure's subject, not its column
SOURCE_OF = {"gdp": "gdp_busd", "defence_spending": "defence_spending_busd", "nato_cost_share": "nato_cost_share_pct",
             "rotation": "rotation_multiplier", "parliament": "parliament_rule"}
TEXTS = ("stance_date", "requires_us_backstop", "parliament_rule", "largest_formation", "notes")


def _text(value: object) -> str | None:
    return None if value is None or value != value else str(value)  # NaN (a blank cell) is None


def _number(value: object) -> float | None:
    return None if value is None or value != value else float(value)


def nations_response(table: NationTable) -> NationsResponse:
    """The nation table as records: the table's own accessors where it has them (offers, earmarks)."""
    nations = []
    for code in table.codes:
        g = table.get
        sources = {}
        for col in table.frame.columns:
            if str(col).endswith("_source") and _text(g(code, col)):
                base = str(col)[: -len("_source")]
                sources[SOURCE_OF.get(base, base)] = str(g(code, col))
        offers = g(code, "offers")
        nations.append(Nation(
            code=code, name=table.name(code), nato=bool(g(code, "nato", 0)), eu=bool(g(code, "eu", 0)),
            stance=table.stance(code), **{c: _number(g(code, c)) for c in NUMBERS}, **{c: _text(g(code, c)) for c in TEXTS},
            requires_clear_mandate=bool(g(code, "requires_clear_mandate", 0)),
            requires_un_mandate=bool(g(code, "requires_un_mandate", 0)),
            offers=sorted(table.offers(code)) if offers else None, outside_host_only=table.outside_host_only(code),
            flank_earmarked=table.earmarked(code), sources=sources))
    cap = [CapacityRow(code=r["code"], capability=r["capability"], units=float(r["units"]),
                       unit_type=_text(r.get("unit_type")), source=_text(r.get("source")), note=_text(r.get("note")),
                       nato_units=_number(r.get("nato_units")), nato_source=_text(r.get("nato_source")))
           for r in table.capacity_units.to_dict("records")]
    flank = [FlankRow(code=r["code"], host=r["host"], troops=float(r["troops"]), brigades=_number(r.get("brigades")),
                      heavy_share=float(r["heavy_share"]), kind=_text(r.get("kind")),
                      year=None if _number(r.get("year")) is None else int(r["year"]),
                      source=_text(r.get("source")), note=_text(r.get("note")))
           for r in table.flank.to_dict("records")]
    return NationsResponse(nations=nations, capacity=cap, flank=flank)


__all__ = ["MandateDocument", "MandateRule", "MandateCaveat", "Problem", "InputProblem", "Health", "ScenarioInfo", "Nation", "CapacityRow", "FlankRow", "NationsResponse",
           "nations_response"]
