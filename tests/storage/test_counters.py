"""Numbering with several simultaneous clients: no duplicates, no gaps, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

import pytest

from sysselsattning.storage.counters import next_number, peek
from sysselsattning.storage.db import open_database


def test_first_numbers_and_start(any_db):
    with any_db.unit_of_work() as s:
        assert next_number(s, "slip") == 1
        assert next_number(s, "slip") == 2
        assert next_number(s, "agi", start=100) == 101
    with any_db.read() as s:
        assert peek(s, "slip") == 2 and peek(s, "agi") == 101 and peek(s, "none") == 0


def test_rolled_back_number_is_given_back(any_db):
    with any_db.unit_of_work() as s:
        next_number(s, "slip")
    with pytest.raises(RuntimeError), any_db.unit_of_work() as s:
        assert next_number(s, "slip") == 2
        raise RuntimeError("use case failed")
    with any_db.unit_of_work() as s:
        assert next_number(s, "slip") == 2


def test_threads_get_unique_gap_free_numbers(any_url):
    """Four clients (own engine each, like four workstations) take 25 numbers each at the same time."""
    per_thread, threads = 25, 4
    dbs = [open_database(any_url) for _ in range(threads)]
    got: list[list[int]] = [[] for _ in range(threads)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(threads)

    def work(i: int) -> None:
        try:
            barrier.wait()
            for _ in range(per_thread):
                with dbs[i].unit_of_work() as s:
                    got[i].append(next_number(s, "slip"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    ts = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(60)
    for d in dbs:
        d.dispose()
    assert not errors, errors
    numbers = sorted(n for g in got for n in g)
    assert numbers == list(range(1, per_thread * threads + 1))


def test_concurrent_creation_of_a_new_series(any_url):
    """Two clients creating the same (missing) series at once must not fail on the primary key."""
    dbs = [open_database(any_url) for _ in range(2)]
    out: list[int] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def work(i: int) -> None:
        try:
            barrier.wait()
            with dbs[i].unit_of_work() as s:
                out.append(next_number(s, "ny"))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    ts = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    [t.start() for t in ts]
    [t.join(30) for t in ts]
    [d.dispose() for d in dbs]
    assert not errors, errors
    assert sorted(out) == [1, 2]
