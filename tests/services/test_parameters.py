"""Administrator overrides of dated parameters, and settings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from sysselsattning.domain.problems import ValidationFailed
from sysselsattning.i18n.messages import problem_text
from sysselsattning.services import parameters as svc
from sysselsattning.services.access import AccessDenied
from sysselsattning.storage.orm import AuditEntry, ParameterOverride


def test_list_shows_value_status_and_source(ctx):
    rows = {r.key: r for r in svc.list_parameters(ctx, date(2026, 6, 1))}
    tak = rows["frikort.tak"]
    assert tak.value == Decimal("20000") and tak.status == "confirmed" and "Programmets beslut" in tak.source
    assert not tak.overridden and tak.valid_from == date(2024, 1, 1)
    assert svc.value_text(Decimal("31.42")) == "31,42" and svc.value_text(True) == "ja"
    assert all(r.key.startswith("frikort.") for r in svc.list_parameters(ctx, prefix="frikort."))


def test_override_wins_from_its_date_and_is_audited(any_ctx):
    row = svc.set_override(any_ctx, "frikort.tak", date(2027, 1, 1), "25 000", "Nämndbeslut 2026-12-01 §14")
    assert row.value == Decimal("25000") and row.overridden
    params = any_ctx.params()
    assert params.get("frikort.tak", date(2026, 12, 31)) == Decimal("20000")
    assert params.get("frikort.tak", date(2027, 1, 1)) == Decimal("25000")
    assert "åsidosatt av test" in params.entry("frikort.tak", date(2027, 3, 1)).source
    with any_ctx.db.read() as s:
        o = s.scalars(select(ParameterOverride)).one()
        assert (o.key, o.valid_from, o.created_by, o.reason) == (
            "frikort.tak",
            date(2027, 1, 1),
            "test",
            "Nämndbeslut 2026-12-01 §14",
        )
        audit_rows = s.scalars(select(AuditEntry).where(AuditEntry.table_name == "parameter_overrides")).all()
    assert {a.action for a in audit_rows} == {"insert", "override"}
    ov = next(a for a in audit_rows if a.action == "override")
    assert '"20000"' in ov.before_json and '"25000"' in ov.after_json and "Nämndbeslut" in ov.detail
    # a fresh context (another workstation) sees it too
    from sysselsattning.services.context import AppContext

    assert AppContext(db=any_ctx.db).params().get("frikort.tak", date(2027, 5, 1)) == Decimal("25000")


def test_typed_overrides(ctx):
    svc.set_override(ctx, "frikort.kraver_beslut", date(2027, 1, 1), "nej", "test")
    svc.set_override(ctx, "frikort.grund", date(2027, 1, 1), "net", "test")
    svc.set_override(ctx, "frikort.skyddar", date(2027, 1, 1), '["forsorjningsstod"]', "test")
    p = ctx.params()
    assert p.get("frikort.kraver_beslut", date(2027, 2, 1)) is False
    assert p.get("frikort.grund", date(2027, 2, 1)) == "net"
    assert p.get("frikort.skyddar", date(2027, 2, 1)) == ["forsorjningsstod"]


def test_bad_overrides_name_the_field(ctx):
    with pytest.raises(ValidationFailed) as e:
        svc.set_override(ctx, "finns.inte", date(2027, 1, 1), "1", "x")
    assert problem_text(e.value.problems[0]) == "Parametern finns.inte finns inte."
    with pytest.raises(ValidationFailed) as e:
        svc.set_override(ctx, "frikort.tak", date(2027, 1, 1), "tjugo", "")
    texts = {p.field: problem_text(p) for p in e.value.problems}
    assert texts == {
        "reason": "Ange ett skäl till ändringen.",
        "value": "Ogiltigt värde för frikort.tak: ett tal, t.ex. 20000 eller 31,42.",
    }
    with pytest.raises(ValidationFailed):
        svc.set_override(ctx, "frikort.kraver_beslut", date(2027, 1, 1), "kanske", "x")
    with pytest.raises(ValidationFailed):
        svc.set_override(ctx, "frikort.skyddar", date(2027, 1, 1), '{"a": 1}', "x")
    with ctx.db.read() as s:
        assert s.scalars(select(ParameterOverride)).all() == []


@pytest.mark.parametrize("role", ["samordnare", "handlaggare", "granskare"])
def test_only_administrators_override(ctx, role):
    ctx.role = role
    with pytest.raises(AccessDenied):
        svc.set_override(ctx, "frikort.tak", date(2027, 1, 1), "1", "x")
    with pytest.raises(AccessDenied):
        svc.set_setting(ctx, "gallring.ar", "3")
    svc.set_setting(ctx, "language", "en")  # the language is a personal choice
    assert svc.get_setting(ctx.db, "language") == "en"


def test_settings_defaults_and_validation(ctx):
    assert svc.get_setting(ctx.db, "gallring.ar") == "2"
    svc.set_setting(ctx, "gallring.ar", "3")
    assert svc.get_setting(ctx.db, "gallring.ar") == "3"
    with pytest.raises(ValidationFailed):
        svc.set_setting(ctx, "gallring.ar", "-1")
    with pytest.raises(ValidationFailed):
        svc.set_setting(ctx, "language", "de")
