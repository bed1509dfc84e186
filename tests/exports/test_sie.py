"""SIE 4I: CP437, record order, balanced vouchers, account totals equal to the approved runs."""

from __future__ import annotations

import re
import shlex
from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest

from sysselsattning.domain.problems import ValidationFailed
from sysselsattning.services import exports as svc
from tests.exports import helpers as h


def parse_sie(raw: bytes):
    text = raw.decode("cp437")
    records = [ln for ln in text.replace("\r\n", "\n").split("\n") if ln.strip()]
    vouchers, current = [], None
    for rec in records:
        if rec.startswith("#VER"):
            current = {"head": shlex.split(rec), "trans": []}
            vouchers.append(current)
        elif rec.startswith("#TRANS"):
            parts = shlex.split(rec.replace("{}", "OBJ"))
            current["trans"].append((parts[1], Decimal(parts[3])))
    return text, records, vouchers


@pytest.fixture
def year(db):
    with db.unit_of_work() as s:
        org = h.make_org(s, "Föreningen Växthuset", "802000-1234")
        a = h.make_participant(s, h.pnr("19850412", 123), "Åsa", "Öberg", payout="bank", clearing="83279", account="1")
        b = h.make_participant(s, h.pnr("19900101", 456), "Örjan", "Ärlig")
        r1 = h.make_run(s, "2026-03", date(2026, 3, 25))
        h.add_line(s, r1, a, org, gross=200_000, tax=60_000, fee=62_840)
        h.add_line(s, r1, b, org, gross=60_000, tax=0, fee=0)
        h.finalize(s, r1)
        r2 = h.make_run(s, "2026-04", date(2026, 4, 24), status="paid")
        h.add_line(s, r2, a, org, gross=123_455, tax=37_000, fee=38_790)
        h.add_line(s, r2, b, org, gross=50_000, tax=15_000, fee=34_562, fee_base=110_000)
        h.finalize(s, r2)
        draft = h.make_run(s, "2026-05", date(2026, 5, 25), status="draft")
        h.add_line(s, draft, a, org, gross=999_900, tax=0, fee=0)
        other_year = h.make_run(s, "2025-12", date(2025, 12, 20))
        h.add_line(s, other_year, a, org, gross=777_700, tax=0, fee=0)
    return None


def test_sie_vouchers_balance_and_match_runs(ctx, year, tmp_path):
    out = tmp_path / "lon.se"
    svc.export_sie(ctx, 2026, out)
    raw = out.read_bytes()
    _text, records, vouchers = parse_sie(raw)
    assert records[0] == "#FLAGGA 0"
    assert "#FORMAT PC8" in records and "#SIETYP 4" in records
    assert b"\x84" in raw and b"\x94" in raw and "Växthuset".encode() not in raw  # CP437, not UTF-8
    assert '#FNAMN "Föreningen Växthuset"' in records and "#ORGNR 802000-1234" in records
    assert not any(r.startswith(("#IB", "#UB", "#RES")) for r in records)  # 4I
    assert len(vouchers) == 2  # draft and other year left out
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for v in vouchers:
        assert sum(a for _, a in v["trans"]) == 0
        assert re.fullmatch(r"\d{8}", v["head"][3])
        for acct, amt in v["trans"]:
            totals[acct] += amt
    assert totals["7010"] == Decimal("4334.55")  # gross of both runs
    assert totals["7510"] == -totals["2731"] == Decimal("1361.92")
    assert totals["2710"] == Decimal("-1120.00")
    assert totals["1930"] == Decimal("-2264.55")  # bank nets: 1400 + 864.55
    assert totals["1910"] == Decimal("-950.00")  # cash nets: 600 + 350
    konton = {r.split()[1] for r in records if r.startswith("#KONTO")}
    assert set(totals) <= konton
    for r in records:
        if r.startswith("#TRANS"):
            assert re.fullmatch(r"-?\d+(\.\d{1,2})?", shlex.split(r.replace("{}", "X"))[3])


def test_sie_accounts_configurable(ctx, year, tmp_path):
    from sysselsattning.storage.orm import Setting

    with ctx.db.unit_of_work() as s:
        s.add(Setting(key="sie.konto.arvode", value="7290"))
    svc.export_sie(ctx, "2026", tmp_path / "x.se")
    _, _, vouchers = parse_sie((tmp_path / "x.se").read_bytes())
    assert "7290" in {a for v in vouchers for a, _ in v["trans"]}
    with ctx.db.unit_of_work() as s:
        s.get(Setting, "sie.konto.arvode").value = "72x"
    with pytest.raises(ValidationFailed):
        svc.export_sie(ctx, "2026", tmp_path / "y.se")


def test_sie_year_without_runs(ctx, tmp_path):
    with pytest.raises(ValidationFailed) as exc:
        svc.export_sie(ctx, "2019", tmp_path / "x.se")
    assert "2019" in exc.value.problems[0].message
    with pytest.raises(ValidationFailed):
        svc.export_sie(ctx, "tjugo", tmp_path / "x.se")


def test_coordinator_gets_only_own_association(db, year, tmp_path):
    from sysselsattning.services.access import AccessDenied
    from sysselsattning.services.context import AppContext
    from sysselsattning.storage.orm import Organisation

    with db.unit_of_work() as s:
        own = s.query(Organisation).one().id
        other = h.make_org(s, "Annan förening", "802000-9999")
        p = h.make_participant(s, h.pnr("19700202", 789), "Ola", "Annan")
        r = h.make_run(s, "2026-06", date(2026, 6, 25))
        h.add_line(s, r, p, other, gross=100_000, tax=0, fee=0)
        other_id = other.id
    coord = AppContext(
        db=db, username="samo", role="samordnare", organisation_ids=frozenset({own}), today=date(2026, 11, 23)
    )
    result = svc.export_sie(coord, 2026, tmp_path / "x.se")
    assert result.files == [tmp_path / "x.se"]  # one association → exactly the given name
    assert "Annan" not in (tmp_path / "x.se").read_bytes().decode("cp437")
    with pytest.raises(AccessDenied):
        svc.export_sie(coord, 2026, tmp_path / "y.se", organisation="802000-9999")
    stranger = AppContext(
        db=db, username="s2", role="samordnare", organisation_ids=frozenset({other_id + 100}), today=date(2026, 11, 23)
    )
    with pytest.raises(ValidationFailed):
        svc.export_sie(stranger, 2026, tmp_path / "z.se")
