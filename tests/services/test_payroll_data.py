"""Test data for pay-run tests (services, CLI, UI): associations, worksites, tasks, participants, entries.

Rows are written with the ORM directly so these tests do not depend on the registry/time services.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sysselsattning.domain.personnummer import with_check_digit
from sysselsattning.storage.orm import Organisation, Participant, Task, TaskRate, WorkEntry, Worksite


def pnr(yymmdd: str, serial: str = "123", century: str = "19") -> str:
    return century + with_check_digit(yymmdd + serial)


@dataclass
class World:
    org: int
    org2: int
    site: int
    site2: int
    hour_task: int  # Verkstadspass, 120 kr/tim
    piece_task: int  # Cykelreparation, 80 kr/st
    garden_task: int  # Trädgårdsarbete (Verdandi), 100 kr/tim
    people: dict[str, int] = field(default_factory=dict)


def make_world(db) -> World:
    with db.unit_of_work() as s:
        o = Organisation(
            name="Hela människan (Ria)",
            orgnr="802004-2837",
            address="Södra Storgatan 12",
            postal_code="252 23",
            city="Helsingborg",
            payment_day=25,
        )
        o2 = Organisation(name="Verdandi Helsingborg", orgnr="802001-5858", payment_day=25)
        s.add_all([o, o2])
        s.flush()
        w = Worksite(organisation_id=o.id, name="Cykelverkstaden")
        w2 = Worksite(organisation_id=o2.id, name="Kolonilotten")
        s.add_all([w, w2])
        s.flush()
        t1 = Task(worksite_id=w.id, name="Verkstadspass", unit="hour")
        t2 = Task(worksite_id=w.id, name="Cykelreparation", unit="piece")
        t3 = Task(worksite_id=w2.id, name="Trädgårdsarbete", unit="hour")
        s.add_all([t1, t2, t3])
        s.flush()
        s.add_all(
            [
                TaskRate(task_id=t1.id, valid_from=date(2024, 1, 1), rate_ore=12000),
                TaskRate(task_id=t2.id, valid_from=date(2024, 1, 1), rate_ore=8000),
                TaskRate(task_id=t3.id, valid_from=date(2024, 1, 1), rate_ore=10000),
            ]
        )
        people = {
            "anna": Participant(
                personnummer=pnr("850412"),
                first_name="Anna",
                last_name="Andersson",
                address="Drottninggatan 1",
                postal_code="252 21",
                city="Helsingborg",
                payout_method="cash",
            ),
            "lukasz": Participant(
                personnummer=pnr("900101", "234"),
                first_name="Łukasz",
                last_name="Öğrenci",
                payout_method="bank",
                clearing="8327",
                account="9412345678",
                cap_decision_from=date(2026, 1, 1),
                cap_decision_to=date(2026, 12, 31),
            ),
            "olle": Participant(
                personnummer=pnr("570601", "345"), first_name="Olle", last_name="Äldre", payout_method="cash"
            ),
        }
        s.add_all(people.values())
        s.flush()
        return World(o.id, o2.id, w.id, w2.id, t1.id, t2.id, t3.id, {k: v.id for k, v in people.items()})


def add_entry(
    db,
    world: World,
    who: str,
    d: date,
    *,
    hours: str | None = None,
    pieces: str | None = None,
    task: str = "hour",
    corrects: int | None = None,
    rate_ore: int | None = None,
) -> int:
    """Record an entry the way the time service does: amount = rate × quantity."""
    task_id = {"hour": world.hour_task, "piece": world.piece_task, "garden": world.garden_task}[task]
    site = world.site2 if task == "garden" else world.site
    rate = rate_ore if rate_ore is not None else {"hour": 12000, "piece": 8000, "garden": 10000}[task]
    qty = round(float(hours or pieces) * 100)
    with db.unit_of_work() as s:
        e = WorkEntry(
            participant_id=world.people[who],
            worksite_id=site,
            task_id=task_id,
            work_date=d,
            hours_hundredths=qty if hours is not None else None,
            quantity_hundredths=qty if pieces is not None else None,
            rate_ore=rate,
            amount_ore=rate * qty // 100,
            corrects_entry_id=corrects,
            created_by="test",
        )
        s.add(e)
        s.flush()
        return e.id
