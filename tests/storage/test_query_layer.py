"""The query modules that #13 item 2 moved out of the services, called directly on a migrated SQLite file: the
rows they return, the writes they perform and the errors they raise (Stale, Missing)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from sysselsattning.storage.queries import audit as audit_q
from sysselsattning.storage.queries import csv_io as csv_q
from sysselsattning.storage.queries import demo as demo_q
from sysselsattning.storage.queries import gallring
from sysselsattning.storage.queries import overrides as ov
from sysselsattning.storage.queries import registry as rq
from sysselsattning.storage.queries import scenarios as sc
from sysselsattning.storage.queries import timesheet as tq
from sysselsattning.storage.queries import users as uq

PNR_A, PNR_B = "198504129801", "199001019802"


def _org(s, name="Föreningen", orgnr="802400-1235") -> int:
    return rq.write_organisation(
        s, None, {"name": name, "orgnr": orgnr, "pay_frequency": "month", "payment_day": 25, "active": True}
    ).id


def _participant(s, pnr=PNR_A, first="Anna", last="Andersson", org=None, **kw) -> int:
    values = {"personnummer": pnr, "first_name": first, "last_name": last, "organisation_id": org, **kw}
    return rq.write_participant(s, None, values, active=True, today=date(2026, 11, 23)).id


def _task(s, org: int, unit="hour") -> tuple[int, int]:
    ws = rq.write_worksite(s, None, org, {"name": "Verkstaden", "active": True}).id
    task = rq.write_task(s, None, ws, {"name": "Pass", "unit": unit, "active": True}, on=date(2026, 11, 23)).id
    rq.add_rate(s, task, date(2026, 1, 1), None, 5000)
    return ws, task


# ----------------------------------------------------------------------------------------- registry
def test_registry_rows_versions_and_errors(db):
    with db.unit_of_work() as s:
        org = _org(s)
        ws, task = _task(s, org)
    with db.read() as s:
        row = rq.organisation_row(s, org)
        assert (row.name, row.orgnr, row.version) == ("Föreningen", "802400-1235", 1)
        assert rq.organisation_name_taken(s, "Föreningen") and not rq.organisation_name_taken(
            s, "Föreningen", besides=org
        )
        assert rq.worksite_row(s, ws).task_count == 1
        t = rq.task_row(s, task, on=date(2026, 6, 1))
        assert (t.organisation_id, t.current_rate_ore, len(t.rates)) == (org, 5000, 1)
        assert rq.task_organisation(s, task) == org and rq.task_organisation(s, 999) is None
    with db.engine.connect() as conn:
        assert [o.worksite_count for o in rq.organisation_rows(conn)] == [1]
        assert rq.organisation_rows(conn, visible=frozenset({999})) == []
    with pytest.raises(rq.Stale), db.unit_of_work() as s:
        rq.write_organisation(s, org, {"city": "Lund"}, version=7)
    with pytest.raises(rq.Missing), db.unit_of_work() as s:
        rq.write_organisation(s, 999, {"city": "Lund"})
    with db.unit_of_work() as s:
        assert rq.write_organisation(s, org, {"city": "Lund"}, version=1).version == 2


def test_add_rate_closes_the_given_rates(db):
    with db.unit_of_work() as s:
        _ws, task = _task(s, _org(s))
        first = rq.rates_of(s, task)[0]
        rq.add_rate(s, task, date(2026, 7, 1), None, 6000, close=[first.id], close_on=date(2026, 6, 30))
    with db.read() as s:
        rates = rq.rates_of(s, task)
    assert [(r.valid_from, r.valid_to, r.rate_ore) for r in rates] == [
        (date(2026, 1, 1), date(2026, 6, 30), 5000),
        (date(2026, 7, 1), None, 6000),
    ]


def test_participant_write_sets_inactive_since(db):
    with db.unit_of_work() as s:
        pid = _participant(s)
        assert rq.pnr_taken(s, PNR_A) and not rq.pnr_taken(s, PNR_A, besides=pid)
        p = rq.write_participant(s, pid, {}, active=False, today=date(2026, 11, 23), version=1)
    assert (p.active, p.inactive_since, p.version) == (False, date(2026, 11, 23), 2)
    with pytest.raises(rq.Stale), db.unit_of_work() as s:
        rq.write_participant(s, pid, {"city": "Lund"}, active=False, today=date(2026, 11, 23), version=1)


# -------------------------------------------------------------------------------------------- users
def test_users_records_and_writes(db):
    with db.unit_of_work() as s:
        org = _org(s)
        u = uq.add_user(
            s, username="sara", full_name="Sara S", role="samordnare", password_hash="x", organisation_ids=[org]
        )
        assert uq.count_users(s) == 1 and uq.count_active_admins(s) == 0
        assert uq.user_organisation_ids(s, u.id) == frozenset({org})
        assert uq.user_organisations(s, u.id) == [(org, "Föreningen")]
        assert uq.password_hash(s, u.id) == "x"
        uq.update_user(s, u.id, failed_logins=3)
    with db.unit_of_work() as s:
        found = uq.user_by_name(s, "sara", for_update=True)
        assert (found.full_name, found.failed_logins) == ("Sara S", 3)
        uq.update_user(s, u.id, active=False, flush=True)
        uq.set_user_organisations(s, u.id, [])
        assert uq.user_by_name(s, "sara", active_only=True) is None
        assert uq.user_organisation_ids(s, u.id) == frozenset()
        assert uq.display_names(s, [u.id]) == {u.id: "Sara S"}
        assert uq.organisation_id_by_orgnr(s, "802400-1235") == org


# ------------------------------------------------------------------------------------- time entries
def test_entry_writes_and_week(db):
    with db.unit_of_work() as s:
        org = _org(s)
        _ws, task = _task(s, org)
        pid = _participant(s, org=org)
        info = tq.task_info(s, task)
        assert (info.unit, info.organisation_id) == ("hour", org)
        base = {"participant_id": pid, "worksite_id": info.worksite_id, "task_id": task, "rate_ore": 5000}
        a = tq.add_entry(s, {**base, "work_date": date(2026, 11, 2), "hours_hundredths": 200, "amount_ore": 10000})
        tq.save_week(
            s,
            [
                ("update", (a, {"hours_hundredths": 300, "amount_ore": 15000})),
                ("insert", {**base, "work_date": date(2026, 11, 3), "hours_hundredths": 100, "amount_ore": 5000}),
            ],
        )
    with db.read() as s:
        week = tq.week_entries(s, task, date(2026, 11, 2), date(2026, 11, 9))
        assert [(e.work_date, e.hours_hundredths) for e in week] == [(date(2026, 11, 2), 300), (date(2026, 11, 3), 100)]
        assert tq.entry(s, a).version == 2
        assert [p.first_name for p in tq.people(s, [pid])] == ["Anna"]
        assert not tq.has_corrections(s, a) and tq.locked_run_ids(s) == set()
    with db.unit_of_work() as s:
        tq.delete_entry(s, week[1].id)
    with pytest.raises(tq.Stale), db.unit_of_work() as s:
        tq.delete_entry(s, week[1].id)


# ------------------------------------------------------------------------------ overrides, settings
def test_overrides_and_settings(db):
    with db.unit_of_work() as s:
        ov.add_override(s, key="b", valid_from=date(2026, 1, 1), value_json="1", reason="r", created_by="t")
        ov.add_override(s, key="a", valid_from=date(2025, 1, 1), value_json="2", reason="r", created_by="t")
        ov.store_setting(s, "agi.kontakt.namn", "Eva")
        ov.store_setting(s, "language", "en")
    with db.engine.connect() as conn:
        assert [o.key for o in ov.overrides_in_order(conn)] == ["a", "b"]
    with db.read() as s:
        assert [o.key for o in ov.overrides_newest_first(s)] == ["a", "b"]  # same second: the later id first
        assert ov.setting(s, "language") == "en" and ov.setting(s, "nothing") is None
        assert ov.settings_with_prefix(s, "agi.") == {"agi.kontakt.namn": "Eva"}


# ------------------------------------------------------------------------ gallring, audit, scenarios
def test_gallring_anonymises_and_names_the_audit_rows(db):
    with db.unit_of_work() as s:
        pid = _participant(s)
        rq.write_participant(s, pid, {}, active=False, today=date(2020, 1, 1))
        sc.add_scenario(s, participant_id=pid, name="x", scenario_json="{}", created_by="t")
    with db.unit_of_work() as s:
        due = gallring.candidates(s, date(2023, 1, 1))
        assert [(c.id, c.scenarios, c.pay_lines) for c in due] == [(pid, 1, 0)]
        assert gallring.candidates(s, date(2019, 1, 1)) == []
        ids = gallring.anonymise(
            s, date(2023, 1, 1), name="Anonym", placeholder=lambda i: f"ANON{i:08d}", at=datetime(2026, 1, 1)
        )
        assert ids and ids == sorted(ids)
    with db.read() as s:
        assert rq.participant_record(s, pid).personnummer == f"ANON{pid:08d}"
        assert sc.saved_scenarios(s) == []
        tables = {r.table_name for r in audit_q.audit_rows(s) if r.id in ids}
        assert tables == {"participants", "scenarios"}
        users, actions, logged = audit_q.distinct_values(s)
        assert users and actions == sorted(actions) and {"participants", "scenarios"} <= set(logged)
        assert audit_q.audit_rows(s, table="scenarios", newest_first=True, limit=1)[0].table_name == "scenarios"


def test_scenario_reads(db):
    with db.unit_of_work() as s:
        org = _org(s)
        _ws, task = _task(s, org)
        pid = _participant(s, org=org)
        info = tq.task_info(s, task)
        tq.add_entry(
            s,
            {
                "participant_id": pid,
                "worksite_id": info.worksite_id,
                "task_id": task,
                "rate_ore": 5000,
                "work_date": date(2026, 3, 2),
                "hours_hundredths": 200,
                "amount_ore": 10000,
            },
        )
        saved = sc.add_scenario(s, participant_id=pid, name="Plan", scenario_json='{"year": 2026}', created_by="t")
    with db.read() as s:
        approved, planned = sc.arvode_by_month(s, pid, 2026)
        assert approved == [0] * 12 and planned[2] == 10000 and sum(planned) == 10000
        assert sc.participant_owner(s, pid) == sc.Owner(org, None) and sc.participant_owner(s, 999) is None
        assert [r.rate_ore for r in sc.task_rates_on(s, date(2026, 6, 1))] == [5000]
        assert [p.id for p in sc.active_participants(s)] == [pid]
        listed = sc.saved_scenarios(s, pid)
        assert [(r.id, r.organisation_id) for r in listed] == [(saved.id, org)]
        assert sc.saved_scenario(s, saved.id).scenario_json == '{"year": 2026}'


# ------------------------------------------------------------------------------------- csv, demo
def test_csv_lookups_and_imported_participants(db):
    with db.unit_of_work() as s:
        assert demo_q.is_empty(s)
        org = _org(s)
        new_id = csv_q.write_imported_participant(
            s, None, {"personnummer": PNR_B, "first_name": "Bo", "last_name": "B", "organisation_id": org}, need_id=True
        )
        assert new_id is not None
        csv_q.save_tax_situation(s, new_id, {"valid_from": date(2026, 1, 1), "table_no": 32}, "t")
        csv_q.save_tax_situation(s, new_id, {"valid_from": date(2026, 1, 1), "table_no": 33}, "t")  # replaces
    with db.read() as s:
        assert not demo_q.is_empty(s)
        assert csv_q.active_organisation_ids(s, limit=2) == [org]
        found = csv_q.participants_by_pnr(s, [PNR_A, PNR_B])
        assert list(found) == [PNR_B] and found[PNR_B].active is True
        assert [p.id for p in csv_q.participants_for_export(s, frozenset({999}))] == []
        assert list(csv_q.hours_for_export(s, year=2026)) == [] and csv_q.payruns_for_export(s) == []
