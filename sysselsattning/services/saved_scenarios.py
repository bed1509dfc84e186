"""Saved simulation scenarios (table ``scenarios``) and the look-ups the simulator page needs.

A caseworker saves a scenario (the docs/architecture.md §6 JSON) under a name, optionally for one participant,
reopens it later and compares two side by side. Each function is one use case in one transaction and
checks the acting role first (``access.require(ctx, "simulate")``; saving also needs ``scenarios.write``,
and a scenario tied to a participant needs read access to that participant — a handläggare only sees the
participants assigned to them, a samordnare only those of their associations).

Example::

    info = save(ctx, "Mars, 10 h/v", scenario_dict, participant_id=7)
    for row in list_scenarios(ctx, participant_id=7):
        print(row.name, row.created_at)
    data = load(ctx, info.id).scenario
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sysselsattning.domain.problems import Problem, ValidationFailed
from sysselsattning.i18n import _
from sysselsattning.services import access
from sysselsattning.services.errors import NotFound

NAME_MAX = 200


@dataclass(frozen=True, slots=True)
class SavedScenarioInfo:
    """One row of the list of saved scenarios (no JSON)."""

    id: int
    name: str
    participant_id: int | None
    created_by: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class SavedScenario:
    """A saved scenario with its §6 dict."""

    id: int
    name: str
    participant_id: int | None
    created_by: str
    created_at: datetime
    scenario: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ParticipantChoice:
    """A participant the acting user may simulate for (label shows a masked personnummer when required)."""

    id: int
    label: str


@dataclass(frozen=True, slots=True)
class TaskRateChoice:
    """A task with the arvode per unit in force on the chosen date."""

    task_id: int
    label: str
    unit: str  # 'hour' | 'piece' | 'occasion'
    rate_ore: int


def _check_participant(ctx, session, participant_id: int) -> None:
    from sysselsattning.storage.queries.scenarios import participant_owner

    owner = participant_owner(session, participant_id)
    if owner is None:
        raise NotFound(_("Deltagaren {id} finns inte.").format(id=participant_id))
    access.require(ctx, "participants.read", organisation_id=owner.organisation_id, caseworker_id=owner.caseworker_id)


def validate_scenario(scenario: dict[str, Any], params: Any) -> list[Problem]:
    """Check a §6 dict with the rules engine's parser; each problem names the scenario key."""
    from sysselsattning.domain.rules.scenario import ScenarioError, parse_scenario

    try:
        parse_scenario(scenario, params)
    except ScenarioError as exc:
        return [
            Problem(
                str(getattr(exc, "key", "") or "scenario"), "scenario_invalid", {}, str(getattr(exc, "message", exc))
            )
        ]
    return []


def save(ctx, name: str, scenario: dict[str, Any], *, participant_id: int | None = None) -> SavedScenarioInfo:
    """Save ``scenario`` under ``name``. Raises :class:`ValidationFailed` (nothing saved) on bad input."""
    access.require(ctx, "simulate")
    access.require(ctx, "scenarios.write")
    problems: list[Problem] = []
    clean = (name or "").strip()
    if not clean:
        problems.append(Problem("name", "required"))
    elif len(clean) > NAME_MAX:
        problems.append(Problem("name", "name_too_long", {"max": NAME_MAX}))
    if not isinstance(scenario, dict):
        problems.append(Problem("scenario", "scenario_invalid", {}, _("Scenariot måste vara ett JSON-objekt.")))
    else:
        problems.extend(validate_scenario(scenario, ctx.params()))
    if problems:
        raise ValidationFailed(problems)
    from sysselsattning.storage.queries import scenarios as q

    ctx.act()
    with ctx.db.unit_of_work() as s:
        if participant_id is not None:
            _check_participant(ctx, s, participant_id)
        row = q.add_scenario(
            s,
            participant_id=participant_id,
            name=clean,
            scenario_json=json.dumps(scenario, ensure_ascii=False, sort_keys=True),
            created_by=ctx.username,
        )
        return SavedScenarioInfo(row.id, row.name, row.participant_id, row.created_by, row.created_at)


def list_scenarios(ctx, *, participant_id: int | None = None) -> list[SavedScenarioInfo]:
    """Saved scenarios, newest first; only those of ``participant_id`` when given.

    Scenarios tied to participants the acting user may not read are left out.
    """
    access.require(ctx, "simulate")
    from sysselsattning.storage.queries import scenarios as q

    with ctx.db.read() as s:
        rows = q.saved_scenarios(s, participant_id)
    out: list[SavedScenarioInfo] = []
    for row in rows:
        if row.participant_id is not None and not access.can(
            ctx, "participants.read", organisation_id=row.organisation_id, caseworker_id=row.caseworker_id
        ):
            continue
        out.append(SavedScenarioInfo(row.id, row.name, row.participant_id, row.created_by, row.created_at))
    return out


def load(ctx, scenario_id: int) -> SavedScenario:
    """One saved scenario with its §6 dict. Raises :class:`NotFound`."""
    access.require(ctx, "simulate")
    from sysselsattning.storage.queries import scenarios as q

    with ctx.db.read() as s:
        row = q.saved_scenario(s, scenario_id)
        if row is None:
            raise NotFound(_("Scenariot {id} finns inte.").format(id=scenario_id))
        if row.participant_id is not None:
            _check_participant(ctx, s, row.participant_id)
        return SavedScenario(
            row.id, row.name, row.participant_id, row.created_by, row.created_at, json.loads(row.scenario_json)
        )


def participants_for_simulation(ctx) -> list[ParticipantChoice]:
    """Active participants the acting user may read, sorted by name."""
    access.require(ctx, "simulate")
    from sysselsattning.domain import personnummer
    from sysselsattning.storage.queries import scenarios as q

    full = access.sees_full_pnr(ctx)
    with ctx.db.read() as s:
        rows = q.active_participants(s)
    out = []
    for p in rows:
        if not access.can(ctx, "participants.read", organisation_id=p.organisation_id, caseworker_id=p.caseworker_id):
            continue
        pnr = personnummer.format_pnr(p.personnummer) if full else personnummer.mask(p.personnummer)
        out.append(ParticipantChoice(p.id, f"{p.last_name}, {p.first_name} ({pnr})"))
    return out


def task_rates(ctx, on: date) -> list[TaskRateChoice]:
    """Active tasks with the arvode per unit in force on ``on`` (tasks without a rate that day are left out)."""
    access.require(ctx, "simulate")
    from sysselsattning.storage.queries import scenarios as q

    with ctx.db.read() as s:
        rows = q.task_rates_on(s, on)
    return [TaskRateChoice(r.task_id, f"{r.worksite_name} – {r.task_name}", r.unit, r.rate_ore) for r in rows]
