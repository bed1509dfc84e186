"""Registry services on SQLite and PostgreSQL: validation at the field, optimistic locking, access, lists."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from sysselsattning.domain.problems import ValidationFailed
from sysselsattning.i18n.messages import problem_text
from sysselsattning.services import access
from sysselsattning.services import registry as reg
from sysselsattning.services.context import AppContext
from sysselsattning.services.errors import ConflictError
from tests.services.registry_helpers import orgnr, participant, pnr, setup_task


def _codes(exc: ValidationFailed) -> set[tuple[str, str]]:
    return {(p.field, p.code) for p in exc.problems}


def test_organisation_orgnr_checked(ctx):
    with pytest.raises(ValidationFailed) as e:
        reg.save_organisation(ctx, reg.OrganisationInput(name="Verdandi", orgnr="802400-1231"))
    assert ("orgnr", "orgnr_invalid") in _codes(e.value)
    row = reg.save_organisation(ctx, reg.OrganisationInput(name="Verdandi", orgnr=orgnr("802400123").replace("-", "")))
    assert row.orgnr == orgnr("802400123")  # stored NNNNNN-NNNN
    with pytest.raises(ValidationFailed) as e:
        reg.save_organisation(ctx, reg.OrganisationInput(name="Verdandi", orgnr=orgnr("802400124")))
    assert ("name", "duplicate_name") in _codes(e.value)


def test_task_rates_change_over_time(ctx):
    _org, _ws, task = setup_task(ctx, rate="50")
    reg.add_rate(ctx, task.id, date(2026, 7, 1), "55,50")
    rates = reg.list_rates(ctx, task.id)
    assert [(r.valid_from, r.valid_to, r.rate_ore) for r in rates] == [
        (date(2026, 1, 1), date(2026, 6, 30), 5000),
        (date(2026, 7, 1), None, 5550),
    ]
    assert reg.get_task(ctx, task.id, on=date(2026, 6, 30)).current_rate_ore == 5000
    assert reg.get_task(ctx, task.id, on=date(2026, 7, 1)).current_rate_ore == 5550
    assert reg.get_task(ctx, task.id, on=date(2025, 12, 31)).current_rate_ore is None
    with pytest.raises(ValidationFailed) as e:  # inside the bounded first period
        reg.add_rate(ctx, task.id, date(2026, 3, 1), "60", valid_to=date(2026, 3, 31))
    assert ("valid_from", "rate_overlap") in _codes(e.value)
    with pytest.raises(ValidationFailed) as e:
        reg.add_rate(ctx, task.id, date(2027, 1, 1), "-1")
    assert ("rate", "money_negative") in _codes(e.value)


def test_participant_validation_messages_at_fields(ctx):
    bad = reg.ParticipantInput(
        personnummer="811228-9873",
        first_name="",
        last_name="Berg",
        payout_method="bank",
        clearing="8327",
        account="",
        tax_percent="130",
    )
    with pytest.raises(ValidationFailed) as e:
        reg.save_participant(ctx, bad)
    codes = _codes(e.value)
    assert ("personnummer", "pnr_checksum") in codes
    assert ("first_name", "required") in codes
    assert ("account", "bank_missing") in codes
    assert ("tax_percent", "percent_range") in codes
    texts = [problem_text(p) for p in e.value.problems]
    assert "Ogiltigt personnummer: kontrollsiffran stämmer inte." in texts
    assert reg.count_participants(ctx) == 0  # nothing saved


def test_participant_bank_and_samordningsnummer(ctx):
    # Nordea personkonto (type 2 comment 1) and a samordningsnummer (day + 60).
    d = participant(
        ctx,
        "Łukasz",
        "Kowalski",
        "850472",
        "981",
        payout_method="bank",
        clearing="3300",
        account="8009286249",
        tax_percent="32,5",
    )
    assert d.payout_method == "bank" and d.clearing == "3300" and d.account == "8009286249"
    assert d.tax_mode == "percent" and d.tax_percent_hundredths == 3250
    with pytest.raises(ValidationFailed) as e:
        participant(ctx, "Ayşe", "Yılmaz", "900101", "982", payout_method="bank", clearing="3300", account="8009286248")
    assert ("account", "account_invalid") in _codes(e.value)
    with pytest.raises(ValidationFailed) as e:
        participant(ctx, "Ayşe", "Yılmaz", "900101", "982", payout_method="bank", clearing="0999", account="1234567")
    assert ("clearing", "clearing_invalid") in _codes(e.value)
    with pytest.raises(ValidationFailed) as e:
        participant(ctx, "Kopia", "Kowalski", "850472", "981")
    assert ("personnummer", "pnr_duplicate") in _codes(e.value)


def test_participant_list_search_sort_and_masking(ctx):
    participant(ctx, "Anna", "Öberg", "850412", "980", city="Helsingborg")
    participant(ctx, "Émile", "Bernard", "790101", "981", city="Höganäs")
    participant(ctx, "Ali", "Aziz", "010203", "982", city="Helsingborg")
    names = [r.last_name for r in reg.list_participants(ctx)]
    assert names == ["Aziz", "Bernard", "Öberg"]
    assert [r.last_name for r in reg.list_participants(ctx, sort_key="name", descending=True)] == [
        "Öberg",
        "Bernard",
        "Aziz",
    ]
    assert {r.first_name for r in reg.list_participants(ctx, text="helsingborg")} == {"Anna", "Ali"}
    assert [r.first_name for r in reg.list_participants(ctx, text="790101")] == ["Émile"]
    assert reg.count_participants(ctx, text="helsingborg") == 2
    page = reg.list_participants(ctx, offset=1, limit=1)
    assert len(page) == 1 and page[0].last_name == "Bernard"
    # administrator sees the full number, a coordinator a masked one
    admin_row = reg.list_participants(ctx, text="790101")[0]
    assert admin_row.pnr_display == pnr("790101", "981").replace("790101", "19790101")
    coord = AppContext(db=ctx.db, username="sam", role="samordnare", organisation_ids=None, today=ctx.today)
    assert reg.list_participants(coord, text="790101")[0].pnr_display == "19790101-****"


def test_access_denied_for_granskare(ctx):
    g = AppContext(db=ctx.db, username="g", role="granskare", today=ctx.today)
    with pytest.raises(access.AccessDenied):
        reg.save_participant(g, reg.ParticipantInput(personnummer=pnr("850412"), first_name="A", last_name="B"))


def test_conflict_on_concurrent_participant_edit(any_ctx):
    ctx = any_ctx
    p = participant(ctx, "Anna", "Andersson")
    other = AppContext(
        db=type(ctx.db)(engine=ctx.db.engine, url=ctx.db.url),
        username="kollega",
        today=ctx.today,
    )
    loaded_a = reg.get_participant(ctx, p.id)
    loaded_b = reg.get_participant(other, p.id)
    base = reg.ParticipantInput(personnummer=loaded_a.personnummer, first_name="Anna", last_name="Andersson")
    saved = reg.save_participant(
        ctx, replace(base, phone="042-10 10 10"), participant_id=p.id, version=loaded_a.version
    )
    assert saved.version == loaded_a.version + 1
    with pytest.raises(ConflictError) as e:
        reg.save_participant(other, replace(base, city="Landskrona"), participant_id=p.id, version=loaded_b.version)
    assert e.value.current.phone == "042-10 10 10"
    assert "ändrat" in e.value.message
    assert reg.get_participant(ctx, p.id).city == ""  # the second save did not overwrite


def test_worksite_and_task_saved_on_any_db(any_ctx):
    org, ws, task = setup_task(any_ctx, unit="piece", rate="20", task_name="Cykelreparation")
    assert task.unit == "piece" and task.current_rate_ore == 2000
    assert [w.name for w in reg.list_worksites(any_ctx, org.id)] == ["Cykelverkstaden"]
    assert reg.list_organisations(any_ctx)[0].worksite_count == 1
    with pytest.raises(ConflictError):
        reg.save_task(
            any_ctx, reg.TaskInput(worksite_id=ws.id, name="X", unit="hour"), task_id=task.id, version=task.version + 5
        )


def test_set_inactive(ctx):
    p = participant(ctx)
    d = reg.set_participant_active(ctx, p.id, False, version=p.version)
    assert not d.active and d.inactive_since == ctx.today
    assert reg.count_participants(ctx, active=True) == 0
