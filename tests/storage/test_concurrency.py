"""Several workstations at once, on SQLite and PostgreSQL: no lost updates, one approval wins.

Each "workstation" is its own engine (own connection pool) on the same database URL.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from sysselsattning.services.context import AppContext
from sysselsattning.services.errors import ConflictError, StateError
from sysselsattning.storage.db import open_database
from sysselsattning.storage.orm import Participant


def _two(url):
    return open_database(url), open_database(url)


def _refused(exc: BaseException) -> bool:
    """A stale write is refused: StaleDataError (version check), or on SQLite the snapshot conflict of a
    transaction that read before another writer committed (SQLITE_BUSY_SNAPSHOT, "database is locked")."""
    return isinstance(exc, StaleDataError) or "database is locked" in str(exc)


def test_orm_second_writer_is_refused(any_url):
    a, b = _two(any_url)
    try:
        with a.unit_of_work() as s:
            s.add(Participant(personnummer="198504129807", first_name="Åsa", last_name="Öberg"))
        sa, sb = a.session_factory(), b.session_factory()
        pa = sa.scalars(select(Participant)).one()
        pb = sb.scalars(select(Participant)).one()
        assert pa.version == pb.version == 1
        pa.phone = "070-111"
        sa.commit()
        pb.phone = "070-222"
        with pytest.raises(Exception) as e:
            sb.commit()
        assert _refused(e.value), repr(e.value)
        sb.rollback()
        sa.close()
        sb.close()
        with a.read() as s:
            p = s.scalars(select(Participant)).one()
            assert (p.phone, p.version) == ("070-111", 2)  # the first save is not lost
    finally:
        a.dispose()
        b.dispose()


def test_detached_stale_object_gets_stale_data(any_url):
    """The form pattern: a record loaded earlier (version 1) saved after someone else saved (version 2)."""
    a, b = _two(any_url)
    try:
        with a.unit_of_work() as s:
            s.add(Participant(personnummer="198504129807", first_name="Åsa", last_name="Öberg"))
        with b.read() as s:
            stale = s.scalars(select(Participant)).one()  # detached after the block, version 1
        with a.unit_of_work() as s:
            s.scalars(select(Participant)).one().phone = "070-111"
        with pytest.raises(StaleDataError), b.unit_of_work() as s:
            s.add(stale)  # re-attached with its old version
            stale.phone = "070-222"
        with a.read() as s:
            assert s.scalars(select(Participant)).one().phone == "070-111"
    finally:
        a.dispose()
        b.dispose()


@pytest.mark.postgres
def test_pg_conflict_while_both_transactions_are_open(pg_url):
    """PostgreSQL: both transactions load, both change; the first commit wins, the second's
    UPDATE … WHERE version = 1 matches no row → StaleDataError."""
    a, b = _two(pg_url)
    try:
        with a.unit_of_work() as s:
            s.add(Participant(personnummer="198504129807", first_name="Åsa", last_name="Öberg"))
        results: dict[str, object] = {}
        loaded, committed = threading.Barrier(2), threading.Event()

        def edit(name, db, phone):
            try:
                with db.unit_of_work() as s:
                    p = s.scalars(select(Participant)).one()
                    loaded.wait(10)
                    p.phone = phone
                    if name == "b":
                        committed.wait(10)
                results[name] = "ok"
            except Exception as exc:  # noqa: BLE001
                results[name] = exc
            finally:
                if name == "a":
                    committed.set()

        ts = [threading.Thread(target=edit, args=args) for args in (("a", a, "070-111"), ("b", b, "070-222"))]
        [t.start() for t in ts]
        [t.join(30) for t in ts]
        assert results["a"] == "ok"
        assert isinstance(results["b"], StaleDataError), results["b"]
        with a.read() as s:
            assert s.scalars(select(Participant)).one().phone == "070-111"
    finally:
        a.dispose()
        b.dispose()


def test_sqlite_units_of_work_are_serialised(sqlite_url):
    """SQLite: unit_of_work() begins IMMEDIATE, so a second writer waits and then sees the first one's data
    (no snapshot conflict, no lost update)."""
    import time

    a, b = _two(sqlite_url)
    try:
        with a.unit_of_work() as s:
            s.add(Participant(personnummer="198504129807", first_name="Åsa", last_name="Öberg"))
        inside, seen = threading.Event(), {}

        def first():
            with a.unit_of_work() as s:
                s.scalars(select(Participant)).one().phone = "070-111"
                inside.set()
                time.sleep(0.5)

        def second():
            inside.wait(10)
            t0 = time.monotonic()
            with b.unit_of_work() as s:
                p = s.scalars(select(Participant)).one()
                seen["phone"], seen["waited"] = p.phone, time.monotonic() - t0
                p.city = "Helsingborg"

        ts = [threading.Thread(target=first), threading.Thread(target=second)]
        [t.start() for t in ts]
        [t.join(30) for t in ts]
        assert seen["phone"] == "070-111" and seen["waited"] > 0.2
        with a.read() as s:
            p = s.scalars(select(Participant)).one()
            assert (p.phone, p.city, p.version) == ("070-111", "Helsingborg", 3)
    finally:
        a.dispose()
        b.dispose()


def _registry_ctx(db, username="test"):
    return AppContext(db=db, username=username, today=date(2026, 11, 23))


def test_service_second_save_gets_conflict(any_url):
    from sysselsattning.services import registry as reg
    from tests.services.registry_helpers import participant

    a, b = _two(any_url)
    try:
        ca, cb = _registry_ctx(a, "anna"), _registry_ctx(b, "bertil")
        created = participant(ca, "Åsa", "Öberg")
        seen_a, seen_b = reg.get_participant(ca, created.id), reg.get_participant(cb, created.id)

        def as_input(d, **changes):
            fields = {f: getattr(d, f) for f in reg.ParticipantInput.__dataclass_fields__ if hasattr(d, f)}
            fields["personnummer"] = d.personnummer if hasattr(d, "personnummer") else fields.get("personnummer")
            return replace(reg.ParticipantInput(**fields), **changes)

        reg.save_participant(ca, as_input(seen_a, phone="070-111"), participant_id=created.id, version=seen_a.version)
        with pytest.raises(ConflictError) as e:
            reg.save_participant(
                cb, as_input(seen_b, phone="070-222"), participant_id=created.id, version=seen_b.version
            )
        assert e.value.message.startswith("Någon annan har ändrat")
        assert reg.get_participant(ca, created.id).phone == "070-111"
    finally:
        a.dispose()
        b.dispose()


def test_two_simultaneous_approvals_one_wins(any_url):
    """Two workstations press "Godkänn" for the same period at the same time: one approves, one is refused."""
    from sysselsattning.services import payroll, timesheets
    from tests.services.registry_helpers import participant, setup_task

    a, b = _two(any_url)
    try:
        ca, cb = _registry_ctx(a, "anna"), _registry_ctx(b, "bertil")
        ca.act()
        _org, _ws, task = setup_task(ca)
        p = participant(ca, "Åsa", "Öberg")
        timesheets.add_entry(
            ca,
            timesheets.EntryInput(
                participant_id=p.id, task_id=task.id, work_date=date(2026, 10, 5), quantity_hundredths=300
            ),
        )
        payroll.compute_run(ca, "2026-10")
        results: list[object] = []
        barrier = threading.Barrier(2)

        def approve(c):
            try:
                c.act()
                barrier.wait(10)
                results.append(payroll.approve_run(c, "2026-10", confirm_past_pay_date=True))
            except Exception as exc:  # noqa: BLE001
                results.append(exc)

        ts = [threading.Thread(target=approve, args=(c,)) for c in (ca, cb)]
        [t.start() for t in ts]
        [t.join(60) for t in ts]
        errors = [r for r in results if isinstance(r, Exception)]
        assert len(results) == 2 and len(errors) == 1, results
        assert isinstance(errors[0], (StateError, ConflictError)), repr(errors[0])
        with a.read() as s:
            from sysselsattning.storage.orm import PayLine, PayRun

            run = s.scalars(select(PayRun)).one()
            assert run.status == "approved"
            assert [line.slip_number for line in s.scalars(select(PayLine))] == [1]
    finally:
        a.dispose()
        b.dispose()
