"""Which incidents reach the force, and how many of them it sees: the force's posture (posture.py) turned
into a multiple of each incident type's tabled rate, a coverage and the adversary's probing.

The model, kept simple enough to redo by hand:

1. Rates (data/incident_rates.csv) are what a force holding a whole line at the OSCE monitors' density
   meets. A rate counted on a line of its own length (`line_km`: the OSCE's 500 km, UNIFIL's 120 km)
   is scaled to the theatre's line at the same intensity per km. Incidents of a `line` type fall off
   with distance from the line as exp(-km / reach_km.<type>). The force meets:
   - on sectors of the line it holds: their km over the line's km;
   - on a hostile border: the same, times `border_share` (a border without fighting is quieter);
   - in depth (theatre-wide lines behind the line, spread along it): exp(-depth / reach);
   - at a hub: the stretch of line within one reach either side of it, 2 x reach / line km (at most 1),
     times exp(-distance / reach).
   Shares of different positions combine as overlapping stretches, 1 - product(1 - share), so two
   positions near one stretch do not meet its incidents twice. On the stretch it holds, a `contact`
   type (fire, overflights, drone strikes, harassment: what is aimed at posts and patrols) is met in
   proportion to (ground troops per km / contact.reference_per_km) ^ contact.exponent. `force` types
   (cyber attacks, airspace violations, long-range strikes) reach any force deployed in the host;
   `theatre` types (a build-up, an offensive) are the adversary's decision whatever the posture.
2. Coverage. Incidents of a `presence` type (probes, harassment, attacks on civilians) are seen and
   answered only where the force watches the spot. On the stretches it holds, the share watched is
   1 - 0.1^(density / coverage.troops_per_km_90), with density = ground troops per km +
   coverage.sensor_weight x ISR troops per km; at hubs and in depth the force meets what reaches its
   own position, so all of it is seen. An unseen incident goes unanswered.
3. Probing. The adversary probes more where the force is thin and its mandate vague: probing incursions
   are multiplied by 1 + probing.thin_gain x (1 - coverage) + probing.vague_gain (the latter only when
   the mandate gives no explicit answer to a probe).
4. The balance of forces. A build-up or an offensive is likelier the worse the balance the adversary
   faces: the tabled rates hold at the theatre's own balance (its sourced host army over the
   adversary's, the ceasefire the rates describe, with a force present); the plan's balance is the
   scenario's host army plus the coalition's manoeuvre troops in the host, over the adversary's army,
   and the rates are multiplied by (reference balance / plan balance) ^ balance.elasticity. So a larger
   host army or a larger force in the host lowers them, and a tripwire of a few battalions barely moves
   them: the tripwire's own effect is in the rates (they assume a force present).

Parameters are labelled assumptions with ranges in data/escalation.csv, so the risk ranges (risk.py)
carry them."""

from __future__ import annotations

import math

from . import domain
from .incident_params import IncidentParams
from .posture import Posture
from .records import Record
from .vocab import IncidentBasis, IncidentType, Stand

PROBE = IncidentType.PROBE_INCURSION


class TypeExposure(Record):
    """One incident type at this force: the share of the theatre's line within its reach (at most 1),
    the multiple of the tabled rate it meets (line length, distance and contact together), the share of
    those it sees (coverage), the adversary's probing and the balance of forces' multiplier."""

    share: float
    met: float
    coverage: float
    probing: float
    balance: float = 1.0
    #: the theatre's line over the line the rate was counted on (1: stated for this line, or not a line type)
    line_scale: float = 1.0


def watched(posture: Posture, params: IncidentParams) -> float:
    """Share of the stretches the force holds that its posts, patrols and sensors watch."""
    density = posture.on_line_density + params.v("coverage.sensor_weight") * posture.sensor_density
    return 1.0 - 0.1 ** (density / params.v("coverage.troops_per_km_90"))


def balance(posture: Posture, params: IncidentParams) -> float:
    """The multiplier on a build-up's or an offensive's rate from the balance of forces (step 4)."""
    if not posture.adversary_army or not posture.reference_balance:
        return 1.0
    plan_balance = (posture.host_army + posture.manoeuvre_in_host) / posture.adversary_army
    # the rates were never observed far from their setting: a balance more than twenty times worse than
    # the reference counts as twenty times worse (and a host with no army has no finite balance)
    plan_balance = max(plan_balance, posture.reference_balance / 20)
    return (posture.reference_balance / plan_balance) ** params.v("balance.elasticity")


def _union(shares: list[float]) -> float:
    miss = 1.0
    for s in shares:
        miss *= 1.0 - min(1.0, max(0.0, s))
    return 1.0 - miss


def contact(posture: Posture, params: IncidentParams) -> float:
    """How many more contact-type incidents the stretch a force holds brings at its ground density."""
    d = posture.on_line_density
    return (d / params.v("contact.reference_per_km")) ** params.v("contact.exponent") if d > 0 else 0.0


def exposure(posture: Posture, params: IncidentParams, threat: str, *,
             vague_probe: bool) -> dict[IncidentType, TypeExposure]:
    """Per incident type: what reaches this force, what it sees of it, how much more the adversary
    probes, and how the balance of forces moves a build-up or an offensive."""
    L = posture.line_km
    present = [p for p in posture.positions if p.troops > 0]
    deployed = any(p.stands != Stand.OUTSIDE for p in present)
    on_line = min(1.0, posture.line_held_km / L) if L > 0 else 0.0
    on_border = min(1.0, posture.border_held_km / L) * params.v("border_share") if L > 0 else 0.0
    held = _union([on_line, on_border])
    depth = any(p.stands == Stand.DEPTH for p in present)
    hubs = {p.place: p.km_from_line for p in present if p.stands == Stand.HUB and p.km_from_line is not None}
    cover = watched(posture, params)
    bal = balance(posture, params)
    touch = contact(posture, params)
    out: dict[IncidentType, TypeExposure] = {}
    for kind, spec in domain.incident_types().items():
        if spec.basis == IncidentBasis.THEATRE:
            out[kind] = TypeExposure(share=1.0, met=1.0, coverage=1.0, probing=1.0, balance=round(bal, 6))
            continue
        if spec.basis == IncidentBasis.FORCE:
            on = 1.0 if deployed else 0.0
            out[kind] = TypeExposure(share=on, met=on, coverage=1.0, probing=1.0)
            continue
        share, met, scale = held, held, 1.0
        if L > 0:
            reach = params.v(f"reach_km.{kind.value}")
            behind = [math.exp(-posture.depth_km / reach)] if depth else []
            at_hubs = [min(1.0, 2 * reach / L) * math.exp(-km / reach) for km in hubs.values()]
            share = _union([held] + behind + at_hubs)
            counted_on = params.line_km.get((kind.value, threat))
            scale = L / counted_on if counted_on else 1.0
            met = scale * ((held * touch if spec.contact else held) + (share - held))
        # what is met on the held stretches is watched as far as the force's density allows; the rest
        # reaches the force's own positions and is seen
        coverage = 1.0
        if spec.presence and share > 0:
            coverage = (held * cover + (share - held)) / share
        probing = 1.0
        if kind == PROBE:
            probing = 1.0 + params.v("probing.thin_gain") * (1.0 - coverage) \
                + (params.v("probing.vague_gain") if vague_probe else 0.0)
        out[kind] = TypeExposure(share=round(share, 6), met=round(met, 6), coverage=round(coverage, 6),
                                 probing=round(probing, 6), line_scale=round(scale, 6))
    return out


__all__ = ["TypeExposure", "exposure", "watched", "balance", "contact"]
