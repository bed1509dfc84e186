"""Small builders for registry/time-recording tests (valid-checksum, plainly fictional numbers)."""

from __future__ import annotations

from datetime import date

from sysselsattning.domain.personnummer import with_check_digit
from sysselsattning.services import registry as reg


def orgnr(base: str) -> str:
    """9 digits → NNNNNN-NNNC with a valid check digit."""
    full = with_check_digit(base)
    return f"{full[:6]}-{full[6:]}"


def pnr(yymmdd: str, serial: str = "980") -> str:
    full = with_check_digit(yymmdd + serial)
    return f"{full[:6]}-{full[6:]}"


def setup_task(
    ctx,
    *,
    unit: str = "hour",
    rate: str = "50",
    org_name: str = "Testföreningen",
    org_base: str = "802400123",
    ws_name: str = "Cykelverkstaden",
    task_name: str = "Verkstadspass",
    valid_from: date = date(2026, 1, 1),
):
    org = reg.save_organisation(ctx, reg.OrganisationInput(name=org_name, orgnr=orgnr(org_base), city="Helsingborg"))
    ws = reg.save_worksite(ctx, reg.WorksiteInput(organisation_id=org.id, name=ws_name, address="Bryggaregatan 1"))
    task = reg.save_task(ctx, reg.TaskInput(worksite_id=ws.id, name=task_name, unit=unit))
    reg.add_rate(ctx, task.id, valid_from, rate)
    return org, ws, reg.get_task(ctx, task.id)


def participant(ctx, first: str = "Anna", last: str = "Andersson", yymmdd: str = "850412", serial: str = "980", **kw):
    return reg.save_participant(
        ctx, reg.ParticipantInput(personnummer=pnr(yymmdd, serial), first_name=first, last_name=last, **kw)
    )
