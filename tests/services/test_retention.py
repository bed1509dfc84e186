"""Gallring: inactive participants are anonymised after N years; pay records are kept."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from sysselsattning.services import retention
from sysselsattning.services.access import AccessDenied
from sysselsattning.services.parameters import set_setting
from sysselsattning.storage.orm import (
    AuditEntry,
    Organisation,
    Participant,
    PayLine,
    PayRun,
    Scenario,
    Task,
    WorkEntry,
    Worksite,
)


def _setup(db):
    with db.unit_of_work() as s:
        o = Organisation(name="Verdandi", orgnr="802003-4518")
        s.add(o)
        s.flush()
        w = Worksite(organisation_id=o.id, name="Kolonilotten")
        s.add(w)
        s.flush()
        t = Task(worksite_id=w.id, name="Trädgårdsarbete", unit="hour")
        s.add(t)
        run = PayRun(
            label="2023-05",
            period_start=date(2023, 5, 1),
            period_end=date(2023, 6, 1),
            payment_date=date(2023, 6, 25),
            status="approved",
        )
        s.add(run)
        s.flush()
        people = {}
        for key, pnr, inactive in [
            ("old", "198504120001", date(2024, 1, 10)),
            ("recent", "198504120002", date(2025, 6, 1)),
            ("active", "198504120003", None),
        ]:
            p = Participant(
                personnummer=pnr,
                first_name=f"Åsa {key}",
                last_name="Öberg",
                address="Storgatan 1",
                city="Helsingborg",
                phone="070-1234567",
                clearing="8327",
                account="1234567",
                household_json='{"barn": 2}',
                active=inactive is None,
                inactive_since=inactive,
            )
            s.add(p)
            s.flush()
            people[key] = p.id
            s.add(
                WorkEntry(
                    participant_id=p.id,
                    worksite_id=w.id,
                    task_id=t.id,
                    work_date=date(2023, 5, 3),
                    hours_hundredths=300,
                    rate_ore=5000,
                    amount_ore=15000,
                    pay_run_id=run.id,
                )
            )
            s.add(
                PayLine(
                    pay_run_id=run.id,
                    participant_id=p.id,
                    organisation_id=o.id,
                    gross_ore=15000,
                    tax_ore=0,
                    employer_fee_ore=0,
                    net_ore=15000,
                )
            )
        s.add(Scenario(participant_id=people["old"], name="Plan", scenario_json='{"year": 2024}'))
    return people


def test_preview_then_apply(any_ctx):
    people = _setup(any_ctx.db)
    report = retention.preview(any_ctx)
    assert report.years == 2 and report.cutoff == date(2024, 11, 23) and not report.applied
    assert [i.participant_id for i in report.items] == [people["old"]]
    item = report.items[0]
    assert item.personnummer_masked == "19850412-****" and item.pay_lines_kept == 1 and item.scenarios_deleted == 1
    with any_ctx.db.read() as s:  # the preview changed nothing
        assert s.get(Participant, people["old"]).first_name == "Åsa old"

    done = retention.apply(any_ctx)
    assert done.applied and [i.participant_id for i in done.items] == [people["old"]]
    with any_ctx.db.read() as s:
        p = s.get(Participant, people["old"])
        assert (p.first_name, p.last_name, p.personnummer) == ("Anonymiserad", "", retention.placeholder_pnr(p.id))
        assert (p.address, p.city, p.phone, p.clearing, p.account, p.household_json) == ("", "", "", "", "", "")
        assert p.anonymised_at is not None
        assert s.get(Participant, people["recent"]).first_name == "Åsa recent"
        # pay records kept (bokföringslagen 7 kap. 2 §)
        assert s.scalar(select(func.count()).select_from(PayLine).where(PayLine.participant_id == p.id)) == 1
        assert s.scalar(select(func.count()).select_from(WorkEntry).where(WorkEntry.participant_id == p.id)) == 1
        assert s.scalars(select(Scenario)).all() == []
        log = s.scalars(
            select(AuditEntry).where(AuditEntry.table_name == "participants", AuditEntry.record_id == str(p.id))
        ).all()
    text = " ".join(a.before_json + a.after_json + a.detail for a in log)
    assert "198504120001" not in text and "Åsa old" not in text and "Storgatan" not in text
    assert any(a.action == "gallring" for a in log)
    # running again finds nothing
    assert retention.apply(any_ctx).items == ()


def test_years_setting(ctx):
    people = _setup(ctx.db)
    set_setting(ctx, "gallring.ar", "1")
    assert {i.participant_id for i in retention.preview(ctx).items} == {people["old"], people["recent"]}


def test_only_administrators(ctx):
    _setup(ctx.db)
    ctx.role = "samordnare"
    with pytest.raises(AccessDenied):
        retention.preview(ctx)
    with pytest.raises(AccessDenied):
        retention.apply(ctx)
