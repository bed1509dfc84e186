"""#13: services catch only the errors they expect; a bug is raised, never turned into a quiet default."""

from __future__ import annotations

from datetime import date

import pytest

from sysselsattning.services import payroll
from tests.services.test_payroll_data import add_entry, make_world


def _approve_with_backup(ctx, monkeypatch, error):
    from sysselsattning.storage import backup

    def broken(db, reason="manuell", **kw):
        raise error

    monkeypatch.setattr(backup, "backup_now", broken)
    w = make_world(ctx.db)
    add_entry(ctx.db, w, "anna", date(2026, 3, 10), hours="2")
    payroll.compute_run(ctx, "2026-03")
    return payroll.approve_run(ctx, "2026-03", confirm_past_pay_date=True)


def test_a_backup_refused_by_the_disk_is_a_warning(ctx, monkeypatch):
    done = _approve_with_backup(ctx, monkeypatch, PermissionError(13, "Åtkomst nekad", "/backups"))
    assert done.status == "approved"
    assert any("säkerhetskopian misslyckades" in w for w in done.warnings), done.warnings


def test_a_bug_in_the_backup_is_raised_and_the_approval_stays(ctx, monkeypatch):
    with pytest.raises(RuntimeError, match="bug"):
        _approve_with_backup(ctx, monkeypatch, RuntimeError("bug"))
    assert payroll.get_run(ctx, "2026-03").status == "approved"  # committed before the backup


def test_connect_passes_on_what_is_not_a_refused_login(monkeypatch):
    from sysselsattning.services import auth
    from sysselsattning.storage import db

    def broken(*a, **kw):
        raise RuntimeError("bug")

    monkeypatch.setattr(db, "open_database", broken)
    with pytest.raises(RuntimeError, match="bug"):
        auth.connect("postgresql+psycopg://nobody@127.0.0.1:1/none")
