"""Gallring (retention): anonymise participants who have been inactive for a configurable number of years.

Personal data must not be kept longer than needed for the purpose (GDPR art. 5.1 e, "storage limitation").
A participant whose ``inactive_since`` is at least ``gallring.ar`` years back (setting, default 2) is
anonymised:

- first name → "Anonymiserad", last name cleared;
- personnummer → ``ANON`` + the record id (12 characters, keeps the column's uniqueness, identifies no one);
- address, postal code, city, phone, clearing and account number, household facts (``household_json``) and the
  cap decision dates cleared; saved simulations (scenarios) of the participant deleted;
- the participant's earlier values in the audit log are redacted (otherwise the log would keep them).

Pay records are **kept**: work entries, pay lines and pay runs are räkenskapsinformation that must be kept for
seven years after the end of the calendar year (bokföringslagen 1999:1078, 7 kap. 2 §). They are linked to
the (now anonymous) participant record by id, so totals, year-to-date and exports still add up.

:func:`preview` shows first what would be changed; :func:`apply` does it in one transaction and writes a
``gallring`` audit row per participant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

ANON_NAME = "Anonymiserad"


@dataclass(frozen=True, slots=True)
class RetentionItem:
    participant_id: int
    name: str
    personnummer_masked: str
    inactive_since: date
    pay_lines_kept: int
    scenarios_deleted: int


@dataclass(frozen=True, slots=True)
class RetentionReport:
    cutoff: date  # participants inactive since this date or earlier are anonymised
    years: int
    items: tuple[RetentionItem, ...]
    applied: bool


def placeholder_pnr(participant_id: int) -> str:
    """A non-identifying, unique stand-in for the personnummer column (12 characters)."""
    return f"ANON{participant_id:08d}"


def retention_years(ctx) -> int:
    from sysselsattning.services.parameters import get_setting

    try:
        return max(1, int(get_setting(ctx.db, "gallring.ar")))
    except ValueError:
        return 2


def _candidates(s, cutoff: date):
    from sqlalchemy import select

    from sysselsattning.storage.orm import Participant

    return s.scalars(
        select(Participant)
        .where(
            Participant.inactive_since.is_not(None),
            Participant.inactive_since <= cutoff,
            Participant.anonymised_at.is_(None),
            Participant.active.is_(False),
        )
        .order_by(Participant.id)
    ).all()


def _item(s, p) -> RetentionItem:
    from sqlalchemy import func, select

    from sysselsattning.domain.personnummer import mask
    from sysselsattning.storage.orm import PayLine, Scenario

    lines = s.scalar(select(func.count()).select_from(PayLine).where(PayLine.participant_id == p.id)) or 0
    scen = s.scalar(select(func.count()).select_from(Scenario).where(Scenario.participant_id == p.id)) or 0
    return RetentionItem(
        p.id, f"{p.first_name} {p.last_name}".strip(), mask(p.personnummer), p.inactive_since, lines, scen
    )


def preview(ctx, *, years: int | None = None) -> RetentionReport:
    """What :func:`apply` would anonymise now (nothing is changed)."""
    from sysselsattning.services.access import require

    require(ctx, "retention")
    years = years or retention_years(ctx)
    cutoff = ctx.now_date() - relativedelta(years=years)
    with ctx.db.read() as s:
        items = tuple(_item(s, p) for p in _candidates(s, cutoff))
    return RetentionReport(cutoff, years, items, applied=False)


def apply(ctx, *, years: int | None = None) -> RetentionReport:
    """Anonymise every candidate in one transaction (administrators only)."""
    from sqlalchemy import delete, select

    from sysselsattning.services.access import require
    from sysselsattning.storage import audit
    from sysselsattning.storage.orm import AuditEntry, Scenario, db_time

    require(ctx, "retention")
    years = years or retention_years(ctx)
    cutoff = ctx.now_date() - relativedelta(years=years)
    ctx.act()
    with ctx.db.unit_of_work() as s:
        people = _candidates(s, cutoff)
        items = tuple(_item(s, p) for p in people)
        scenario_ids: list[str] = []
        for p in people:
            p.first_name, p.last_name = ANON_NAME, ""
            p.personnummer = placeholder_pnr(p.id)
            p.address = p.postal_code = p.city = p.phone = p.clearing = p.account = ""
            p.household_json = ""
            p.cap_decision_from = p.cap_decision_to = None
            p.anonymised_at = db_time(ctx.now())
            scenario_ids.extend(str(i) for i in s.scalars(select(Scenario.id).where(Scenario.participant_id == p.id)))
            s.execute(delete(Scenario).where(Scenario.participant_id == p.id))
        s.flush()  # the hook writes the update rows (with the old values) — redacted just below
        log = AuditEntry.__table__
        ids: list[int] = []
        if people:
            ids += s.scalars(
                select(log.c.id).where(
                    log.c.table_name == "participants", log.c.record_id.in_([str(p.id) for p in people])
                )
            ).all()
        if scenario_ids:
            ids += s.scalars(
                select(log.c.id).where(log.c.table_name == "scenarios", log.c.record_id.in_(scenario_ids))
            ).all()
        audit.redact(s, sorted(ids))  # a recorded redaction: the hash chain stays whole
        for p in people:
            audit.record(
                s,
                "gallring",
                "participants",
                p.id,
                detail=f"anonymiserad efter {years} års inaktivitet (inaktiv sedan {p.inactive_since.isoformat()}); "
                "löneuppgifter sparas enligt bokföringslagen 7 kap. 2 §",
            )
    return RetentionReport(cutoff, years, items, applied=True)
