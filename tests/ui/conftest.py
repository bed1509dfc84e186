"""UI test data: one association, two worksites with tasks and rates, a few participants, some hours."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

os.environ.setdefault("SYSSELSATTNING_NO_ERROR_DIALOG", "1")

from sysselsattning.domain.personnummer import with_check_digit


def orgnr(base: str) -> str:
    full = with_check_digit(base)
    return f"{full[:6]}-{full[6:]}"


def pnr(yymmdd: str, serial: str) -> str:
    full = with_check_digit(yymmdd + serial)
    return f"{full[:6]}-{full[6:]}"


@dataclass
class UiData:
    org_id: int
    worksite_id: int
    task_id: int  # Verkstadspass, per hour, 50 kr
    piece_task_id: int  # Cykelreparation, per piece, 20 kr
    garden_worksite_id: int
    participants: list  # ParticipantDetail
    monday: date  # a fully past week (16–22 Nov 2026)


def make_ui_data(ctx) -> UiData:
    from sysselsattning.services import registry as reg
    from sysselsattning.services import timesheets as ts

    org = reg.save_organisation(
        ctx, reg.OrganisationInput(name="Hela människan (Ria)", orgnr=orgnr("802400123"), city="Helsingborg")
    )
    ws = reg.save_worksite(
        ctx,
        reg.WorksiteInput(
            organisation_id=org.id,
            name="Cykelverkstaden",
            address="Bryggaregatan 1",
            postal_code="252 27",
            city="Helsingborg",
        ),
    )
    hour = reg.save_task(ctx, reg.TaskInput(worksite_id=ws.id, name="Verkstadspass", unit="hour"))
    reg.add_rate(ctx, hour.id, date(2026, 1, 1), "50")
    piece = reg.save_task(ctx, reg.TaskInput(worksite_id=ws.id, name="Cykelreparation", unit="piece"))
    reg.add_rate(ctx, piece.id, date(2026, 1, 1), "20")
    garden = reg.save_worksite(ctx, reg.WorksiteInput(organisation_id=org.id, name="Kolonilotten"))
    g_task = reg.save_task(ctx, reg.TaskInput(worksite_id=garden.id, name="Trädgårdsarbete", unit="hour"))
    reg.add_rate(ctx, g_task.id, date(2026, 1, 1), "45")
    people = []
    for first, last, born, serial, payout in [
        ("Anna", "Andersson", "850412", "980", "cash"),
        ("Ali", "Aziz", "900101", "981", "cash"),
        ("Łucja", "Kowalska", "780315", "982", "cash"),
    ]:
        people.append(
            reg.save_participant(
                ctx,
                reg.ParticipantInput(
                    personnummer=pnr(born, serial),
                    first_name=first,
                    last_name=last,
                    city="Helsingborg",
                    payout_method=payout,
                    organisation_id=org.id,
                ),
            )
        )
    monday = date(2026, 11, 16)
    ts.add_entry(ctx, ts.EntryInput(people[0].id, hour.id, monday, 300))
    ts.add_entry(ctx, ts.EntryInput(people[1].id, hour.id, monday + timedelta(days=2), 250))
    return UiData(org.id, ws.id, hour.id, piece.id, garden.id, people, monday)


@pytest.fixture(autouse=True)
def _no_leftover_background_jobs(qapp):
    """A test must not leave jobs running into the next one (or into a disposed database)."""
    yield
    from sysselsattning.ui.tasks import cancel_all, wait_idle

    cancel_all()
    wait_idle(10)


@pytest.fixture
def ui_data(ctx) -> UiData:
    return make_ui_data(ctx)
