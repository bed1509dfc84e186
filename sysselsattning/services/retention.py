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


def _item(c) -> RetentionItem:
    from sysselsattning.domain.personnummer import mask

    return RetentionItem(
        c.id, f"{c.first_name} {c.last_name}".strip(), mask(c.personnummer), c.inactive_since, c.pay_lines, c.scenarios
    )


def preview(ctx, *, years: int | None = None) -> RetentionReport:
    """What :func:`apply` would anonymise now (nothing is changed)."""
    from sysselsattning.services.access import require
    from sysselsattning.storage.queries import gallring as q

    require(ctx, "retention")
    years = years or retention_years(ctx)
    cutoff = ctx.now_date() - relativedelta(years=years)
    with ctx.db.read() as s:
        items = tuple(_item(c) for c in q.candidates(s, cutoff))
    return RetentionReport(cutoff, years, items, applied=False)


def apply(ctx, *, years: int | None = None) -> RetentionReport:
    """Anonymise every candidate in one transaction (administrators only)."""
    from sysselsattning.services.access import require
    from sysselsattning.storage import audit
    from sysselsattning.storage.queries import gallring as q
    from sysselsattning.storage.tables import db_time

    require(ctx, "retention")
    years = years or retention_years(ctx)
    cutoff = ctx.now_date() - relativedelta(years=years)
    ctx.act()
    with ctx.db.unit_of_work() as s:
        people = q.candidates(s, cutoff)
        items = tuple(_item(c) for c in people)
        ids = q.anonymise(s, cutoff, name=ANON_NAME, placeholder=placeholder_pnr, at=db_time(ctx.now()))
        audit.redact(s, ids)  # a recorded redaction: the hash chain stays whole
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
