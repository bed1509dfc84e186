"""Gallring (data retention): who is due for anonymisation, and the anonymisation itself.

The service (:mod:`sysselsattning.services.retention`) decides the cutoff, checks access, redacts the audit log
and writes the ``gallring`` audit rows; here are the statements, run in its unit of work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from sysselsattning.storage.orm import AuditEntry, Participant, PayLine, Scenario


class Candidate(NamedTuple):
    """A participant inactive since ``cutoff`` or earlier and not yet anonymised, as stored before the change."""

    id: int
    first_name: str
    last_name: str
    personnummer: str
    inactive_since: date
    pay_lines: int  # kept (räkenskapsinformation)
    scenarios: int  # deleted with the anonymisation


def _due(cutoff: date):
    return (
        select(Participant)
        .where(
            Participant.inactive_since.is_not(None),
            Participant.inactive_since <= cutoff,
            Participant.anonymised_at.is_(None),
            Participant.active.is_(False),
        )
        .order_by(Participant.id)
    )


def candidates(s: Session, cutoff: date) -> list[Candidate]:
    """Inactive participants due for anonymisation at ``cutoff``, by id, with their pay-line and scenario counts."""
    out: list[Candidate] = []
    for p in s.scalars(_due(cutoff)).all():
        lines = s.scalar(select(func.count()).select_from(PayLine).where(PayLine.participant_id == p.id)) or 0
        scen = s.scalar(select(func.count()).select_from(Scenario).where(Scenario.participant_id == p.id)) or 0
        out.append(Candidate(p.id, p.first_name, p.last_name, p.personnummer, p.inactive_since, lines, scen))
    return out


def anonymise(s: Session, cutoff: date, *, name: str, placeholder: Callable[[int], str], at: datetime) -> list[int]:
    """Anonymise the participants due at ``cutoff`` (name → ``name``, personnummer → ``placeholder(id)``, contact,
    bank, household and cap-decision fields cleared, ``anonymised_at`` = ``at``) and delete their scenarios.
    Flushes (the audit hook records the old values) and returns the ids of the audit rows that hold those
    participants' and scenarios' values, for the caller to redact."""
    people = s.scalars(_due(cutoff)).all()
    scenario_ids: list[str] = []
    for p in people:
        p.first_name, p.last_name = name, ""
        p.personnummer = placeholder(p.id)
        p.address = p.postal_code = p.city = p.phone = p.clearing = p.account = ""
        p.household_json = ""
        p.cap_decision_from = p.cap_decision_to = None
        p.anonymised_at = at
        scenario_ids.extend(str(i) for i in s.scalars(select(Scenario.id).where(Scenario.participant_id == p.id)))
        s.execute(delete(Scenario).where(Scenario.participant_id == p.id))
    s.flush()  # the hook writes the update rows (with the old values): the caller redacts them
    return _audit_ids(s, [str(p.id) for p in people], scenario_ids)


def _audit_ids(s: Session, participant_ids: Sequence[str], scenario_ids: Sequence[str]) -> list[int]:
    log = AuditEntry.__table__
    ids: list[int] = []
    if participant_ids:
        ids += s.scalars(
            select(log.c.id).where(log.c.table_name == "participants", log.c.record_id.in_(participant_ids))
        ).all()
    if scenario_ids:
        ids += s.scalars(
            select(log.c.id).where(log.c.table_name == "scenarios", log.c.record_id.in_(scenario_ids))
        ).all()
    return sorted(ids)
