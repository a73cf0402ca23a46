"""The printed summary of a plan: what an analyst reads first in the terminal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from .plan import Plan
from .vocab import CAPABILITIES


def _n(x: float) -> str:
    return f"{x:,.0f}"


def render(p: Plan, console: Console) -> None:
    s, req = p.scenario, p.requirement
    d, pool, mult = req.deployed, req.force_pool, req.rotation_multiplier
    console.rule(f"[bold]{s.name}")
    console.print(
        f"Theatre [bold]{p.theatre.title or p.theatre.name}[/]  role [bold]{s.role}[/]  threat [bold]{s.threat}[/]  "
        f"host army {_n(s.host_army)}  US backstop [bold]{s.us_backstop}[/]  "
        f"{s.duration_months} months, {s.rotation_months}-month rotations")
    console.print(
        f"[bold]Coalition deployed: {_n(d.central)}[/] (range {_n(d.low)}-{_n(d.high)})   "
        f"force pool {_n(pool.central)} (range {_n(pool.low)}-{_n(pool.high)}, "
        f"rotation multiplier {mult.central:g})")
    others = {k: v for k, v in req.by_provider.items() if k != "coalition"}
    if others:
        console.print("Provided by others: " + ", ".join(f"{k} {_n(v.central)}" for k, v in others.items()))
    for note in req.notes:
        console.print(f"[yellow]note:[/] {note}")

    table = Table(title="Requirement by capability (coalition, troops deployed)", show_lines=False)
    table.add_column("capability")
    table.add_column("units", justify="right")
    table.add_column("low", justify="right")
    table.add_column("central", justify="right")
    table.add_column("high", justify="right")
    table.add_column("US / host", justify="right")
    for cap in CAPABILITIES:
        own = [ln for ln in req.lines if ln.capability == cap and ln.provider == "coalition"]
        other = sum(ln.troops.central for ln in req.lines if ln.capability == cap and ln.provider != "coalition")
        if not own and not other:
            continue
        table.add_row(cap, _n(sum(ln.units.central for ln in own)), _n(sum(ln.troops.low for ln in own)),
                      _n(sum(ln.troops.central for ln in own)), _n(sum(ln.troops.high for ln in own)),
                      _n(other) if other else "")
    console.print(table)

    sectors = Table(title="By sector (coalition, central)")
    sectors.add_column("sector")
    sectors.add_column("km", justify="right")
    sectors.add_column("troops", justify="right")
    by_sector: dict[str, float] = {}
    for ln in req.coalition_lines():
        by_sector[ln.sector] = by_sector.get(ln.sector, 0) + ln.troops.central
    for sid, troops in by_sector.items():
        km = next((sec.length_km for sec in p.theatre.sectors if sec.id == sid), None)
        sectors.add_row(sid, _n(km) if km is not None else "", _n(troops))
    console.print(sectors)
