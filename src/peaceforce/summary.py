"""The printed summary of a plan: what an analyst reads first in the terminal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from .plan import Plan
from .report import labels as L
from .report import wording as W
from .report.lead import FORCE, provided_by_others
from .report.titles import title
from .vocab import Capability, CheckState, Constraint, Provider


def _n(x: float) -> str:
    return f"{x:,.0f}"


def render(p: Plan, console: Console) -> None:
    s, req = p.scenario, p.requirement
    d, pool, mult = req.deployed, p.rotation.force_pool, p.rotation.default_multiplier
    console.rule(f"[bold]{s.name}")
    console.print(
        f"Theatre [bold]{p.theatre.title or p.theatre.name}[/]  [bold]{FORCE.get(s.role.value, 'force')}[/] "
        f"({s.option.value} option)  threat [bold]{L.label(L.THREAT, s.threat.value)}[/]  "
        f"host army {_n(req.host_army)}  US backstop: [bold]{L.label(L.BACKSTOP, s.us_backstop)}[/]  "
        f"{W.years(s.duration_months)}, {s.rotation_months}-month rotations")
    console.print(
        f"[bold]Coalition deployed: {_n(d.central)}[/] in whole formations (range {_n(d.low)}-{_n(d.high)}, "
        f"10th-90th percentile of {req.draws:,} draws, given the {req.option.value} option's tasks)   "
        f"force pool {_n(pool.central)} (range {_n(pool.low)}-{_n(pool.high)}; the nations' pools plus the "
        f"gaps', rotation multiplier {mult.central:g} unless a nation's own)")
    others = provided_by_others(p)
    if others:
        console.print("Provided by others: " + ", ".join(
            f"{'the US' if k == Provider.US else 'the host nation'} {_n(v)} ("
            + ", ".join(sorted({(lambda c: c if c.isupper() else c.lower())(L.CAPABILITY_SHORT.get(ln.capability.value, ""))
                                for ln in req.lines if ln.provider == k})) + ")" for k, v in others.items()))
    for note in req.notes:
        console.print(f"[yellow]note:[/] {note}")
    if req.drivers:
        console.print("What makes the range wide: " + ", ".join(f"{title(x.key).lower()} {L.pct(x.share)}"
                                                               for x in req.drivers[:4]))
    for b in req.basis:
        console.print(f"[dim]calibration: {b}[/]")

    table = Table(title="Requirement by capability (coalition, troops deployed)", show_lines=False)
    table.add_column("capability")
    table.add_column("units", justify="right")
    table.add_column("low", justify="right")
    table.add_column("central", justify="right")
    table.add_column("high", justify="right")
    table.add_column("US / host", justify="right")
    for cap in Capability:
        own = [ln for ln in req.lines if ln.capability == cap and ln.provider == Provider.COALITION]
        other = sum(ln.troops.central for ln in req.lines if ln.capability == cap and ln.provider != Provider.COALITION)
        if not own and not other:
            continue
        table.add_row(L.CAPABILITY_SHORT.get(cap.value, cap.value), _n(sum(ln.units.central for ln in own)), _n(sum(ln.troops.low for ln in own)),
                      _n(sum(ln.troops.central for ln in own)), _n(sum(ln.troops.high for ln in own)),
                      _n(other) if other else "")
    console.print(table)

    sectors = Table(title="Where it stands (coalition, central)")
    sectors.add_column("sector or hub")
    sectors.add_column("kind")
    sectors.add_column("troops", justify="right")
    by_sector: dict[str, float] = {}
    for ln in req.coalition_lines():
        by_sector[ln.sector] = by_sector.get(ln.sector, 0) + ln.troops.central
    for sid, troops in by_sector.items():
        hub = p.theatre.hub(sid)
        sec = next((x for x in p.theatre.sectors if x.id == sid), None)
        at_sea = p.theatre.sea is not None and sid == p.theatre.sea.id
        name = L.sector_name(p, sid)
        kind = (L.label(L.HUB_KIND, hub.kind.value) if hub else
                f"{L.label(L.SECTOR_KIND, sec.kind.value)}, {_n(sec.length_km)} km" if sec else
                "at sea" if at_sea else "HQ, enablers, training, air")
        sectors.add_row(name, kind, _n(troops))
    console.print(sectors)
    _alloc(p, console)
    _rest(p, console)


def _alloc(p: Plan, console: Console) -> None:
    a = p.allocation
    t = Table(title=f"Allocation: {a.allocated_troops:,} of {a.required_troops:,} troops in whole units "
                    f"({L.pct(a.filled_share)} filled; solver {a.solver.status}, {a.solver.seconds:.2f} s)")
    for col, just in (("nation", "left"), ("stance", "left"), ("troops", "right"), ("share", "right"),
                      ("fair share", "right"), ("units", "left"), ("sectors", "left")):
        t.add_column(col, justify=just)
    for n in sorted(a.nations, key=lambda n: -n.troops_deployed):
        if n.troops_deployed <= 0:
            continue
        units = L.formations(n)
        t.add_row(L.nation_name(n.nation, p), L.label(L.STANCE, n.stance.value), _n(n.troops_deployed), L.pct(n.share),
                  L.pct(n.fair_share), units,
                  ", ".join(L.sector_name(p, x) for x in n.sectors if x != "theatre") or "theatre-wide")
    console.print(t)
    if a.gaps:
        for g in a.gaps:
            who = "; ".join(f"{L.nation_name(c.nation, p)} ({W.obstacles(c, p)})" for c in g.closes[:2])
            console.print(f"[red]gap[/] {L.sector_name(p, g.sector)}, {L.capability(g.capability.value).lower()}: "
                          f"{W.gap_units(g)}"
                          + (f" — could close: {who}" if who else " — no nation has the capacity"))
    else:
        console.print("[green]no gaps[/]: every unit is sourced")
    if W.burden(a):
        console.print("[bold]Burden:[/] " + W.burden(a, p))
    groups: dict[str, list[str]] = {}
    for b in a.binding:
        if b.constraint in (Constraint.GAP, Constraint.BACKSTOP):
            continue
        groups.setdefault(b.constraint.value, []).append(W.binding_label(b, p))
    if groups:
        console.print("[bold]What binds:[/] " + "; ".join(f"{L.label(L.CONSTRAINT, k)}: {', '.join(v)}"
                                                           for k, v in groups.items()))


def _rest(p: Plan, console: Console) -> None:
    c = p.cost
    console.print(f"[bold]Sustainment:[/] {W.rotation_summary(p.rotation)}")
    gap = f", gap EUR {c.gap_per_year.central / 1e9:.2f} bn" if c.gap_per_year.central else ""
    console.print(f"[bold]Cost:[/] EUR {c.per_year.central / 1e9:.2f} bn a year for the whole requirement (range "
                  f"{c.per_year.low / 1e9:.2f}-{c.per_year.high / 1e9:.2f}; sourced EUR {c.sourced_per_year.central / 1e9:.2f} bn"
                  f"{gap}) + EUR {c.one_off.central / 1e9:.2f} bn once (deployment, infrastructure): EUR "
                  f"{c.total.central / 1e9:.1f} bn over {W.years(p.rotation.duration_months)} (range {c.total.low / 1e9:.1f}-"
                  f"{c.total.high / 1e9:.1f}; {c.price_year} prices)")
    console.print(f"[bold]Eastern flank:[/] {W.flank_summary(p.flank)}")
    m = p.mandate_check
    console.print(f"[bold]Mandate:[/] {p.mandate.name}: clarity {m.score:.2f}, " + ("clear" if m.clear else
                  f"[red]not clear[/] ({len(m.findings)} findings: "
                  f"{', '.join(sorted(L.label(L.FINDING, k.value) for k in m.kinds()))})"))
    i = p.incidents
    lo, hi = i.escalation_ci95
    # shares through labels.pct, the report's and the memos' one formatter: 0.9986 is '>99%', never '100%'
    console.print(f"[bold]Incidents:[/] {i.total_per_year:,.0f} a year; answered clearly and in time "
                  f"{L.pct(i.answered_clearly_share)}, unanswered or late {L.pct(i.unanswered_or_late_share)}; "
                  f"escalation to major combat {L.pct(i.escalation_probability)} (95% CI {L.pct(lo)}-{L.pct(hi)}) "
                  f"over {i.duration_months} months, {i.runs:,} runs")
    console.print(f"  {W.posture_summary(p.posture, i, p)}")
    if p.risk is not None:
        console.print(f"  {W.risk_summary(p.risk)}")
    b = p.conditions
    colour = {"go": "green", "conditional": "yellow", "no_go": "red", "not_asked": "cyan"}
    word = L.label(L.VERDICT, b.coalition.verdict.value)
    console.print(f"[bold]Conditions:[/] coalition [bold {colour[b.coalition.verdict.value]}]{word}[/]")
    for k in b.coalition.failed:
        console.print(f"  - fails: {W.item(p, k, CheckState.FAIL)}")
    for k in b.coalition.open_items:
        console.print(f"  - open: {W.item(p, k, CheckState.OPEN)}")
    t = Table(title="Verdict by nation (fails: no-go; open items: conditional)")
    t.add_column("nation")
    t.add_column("troops", justify="right")
    t.add_column("verdict")
    t.add_column("fails or open")
    for code, n in sorted(b.nations.items(), key=lambda kv: (-kv[1].troops, kv[0])):
        # a nation's own conditions only: the mission-wide checks are the coalition's, said above
        own = [f"{L.label(L.CHECK, k.value)}: {W.check(n.checks[k], p)}" for k in n.failed]
        if n.verdict.value != "not_asked":  # a nation not asked has nothing to settle yet
            own += [f"open: {L.label(L.CHECK, k.value).lower()}: {W.check(n.checks[k], p)}" for k in n.open_items]
        v = n.verdict.value
        t.add_row(L.nation_name(code, p), _n(n.troops), f"[{colour[v]}]{L.label(L.VERDICT, v).lower()}[/]", "; ".join(own))
    console.print(t)
    rows = W.what_if_rows(p)
    if rows:
        console.print("[bold]What would change it[/] (each change planned again):")
        for code, text in rows:
            console.print(f"  {L.nation_name(code, p) if code else 'coalition'}: {text}")
