"""pain.001.001.09: control sum and count agree, the file validates against the shipped XSD, cash is left out."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from lxml import etree

from sysselsattning.domain.problems import ValidationFailed
from sysselsattning.paths import resource_path
from sysselsattning.services import exports as svc
from tests.exports import helpers as h

NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"}


@pytest.fixture
def run(db):
    with db.unit_of_work() as s:
        org = h.make_org(s)
        org2 = h.make_org(
            s,
            "Frihamnen – Hemlösas hus",
            "802000-2222",
            bank_clearing="",
            bank_account="",
            bank_iban="SE4550000000058398257466",
            bank_bic="ESSESESS",
        )
        a = h.make_participant(
            s, h.pnr("19850412", 123), "Åsa", "Öberg", payout="bank", clearing="83279", account="123 456 789-0"
        )
        b = h.make_participant(
            s, h.pnr("19900101", 456), "Björn", "Ärling", payout="bank", clearing="6000", account="987654321"
        )
        c = h.make_participant(s, h.pnr("19700202", 789), "Cecilia", "Kontant", payout="cash")
        r = h.make_run(s, "2026-11", date(2026, 11, 25))
        h.add_line(s, r, a, org, gross=200_000, tax=60_000, fee=62_840)
        h.add_line(s, r, b, org, gross=123_450, tax=37_000, fee=38_788)
        h.add_line(s, r, c, org, gross=50_000, tax=0, fee=0)
        h.add_line(s, r, a, org2, gross=10_050, tax=3_000, fee=3_158)
        h.finalize(s, r)
    return r


def test_pain001_control_sum_count_and_xsd(ctx, run, tmp_path):
    out = tmp_path / "bank.xml"
    result = svc.export_pain001(ctx, "2026-11", out)
    data = out.read_bytes()
    schema = etree.XMLSchema(etree.parse(str(resource_path("schemas", "pain.001.001.09.xsd"))))
    doc = etree.fromstring(data)
    assert schema.validate(doc), schema.error_log
    # Also valid against the copy in /work/shared (the reference the brief names).
    shared = etree.XMLSchema(etree.parse("/work/shared/schemas/pain.001.001.09.xsd"))
    assert shared.validate(doc)
    txs = doc.findall(".//p:CdtTrfTxInf", NS)
    amounts = [Decimal(t.find("p:Amt/p:InstdAmt", NS).text) for t in txs]
    assert len(txs) == 3 == int(doc.find("p:CstmrCdtTrfInitn/p:GrpHdr/p:NbOfTxs", NS).text)
    assert sum(amounts) == Decimal(doc.find("p:CstmrCdtTrfInitn/p:GrpHdr/p:CtrlSum", NS).text)
    assert sum(amounts) == Decimal("1400.00") + Decimal("864.50") + Decimal("70.50")
    for pmt in doc.findall(".//p:PmtInf", NS):
        inner = [Decimal(t.find("p:Amt/p:InstdAmt", NS).text) for t in pmt.findall("p:CdtTrfTxInf", NS)]
        assert Decimal(pmt.find("p:CtrlSum", NS).text) == sum(inner)
        assert int(pmt.find("p:NbOfTxs", NS).text) == len(inner)
        assert pmt.find("p:PmtTpInf/p:CtgyPurp/p:Cd", NS).text == "SALA"
        assert pmt.find("p:ReqdExctnDt/p:Dt", NS).text == "2026-11-25"
    assert all(t.find("p:Amt/p:InstdAmt", NS).get("Ccy") == "SEK" for t in txs)
    # Swedish domestic account: clearing + account as BBAN, creditor agent by clearing number.
    first = txs[0]
    assert first.find("p:Cdtr/p:Nm", NS).text == "Åsa Öberg"
    assert first.find("p:CdtrAcct/p:Id/p:Othr/p:Id", NS).text == "832791234567890"
    assert first.find("p:CdtrAcct/p:Id/p:Othr/p:SchmeNm/p:Cd", NS).text == "BBAN"
    assert first.find("p:CdtrAgt/p:FinInstnId/p:ClrSysMmbId/p:MmbId", NS).text == "83279"
    # Debtor: clearing/account for one association, IBAN + BIC for the other.
    debtors = {p.find("p:Dbtr/p:Nm", NS).text: p for p in doc.findall(".//p:PmtInf", NS)}
    assert debtors["Frihamnen – Hemlösas hus"].find("p:DbtrAcct/p:Id/p:IBAN", NS).text == "SE4550000000058398257466"
    assert debtors["Frihamnen – Hemlösas hus"].find("p:DbtrAgt/p:FinInstnId/p:BICFI", NS).text == "ESSESESS"
    # Cash is listed, not transferred.
    assert [c.name for c in result.cash] == ["Cecilia Kontant"]
    assert "Cecilia" not in data.decode("utf-8")
    assert result.count == 3 and result.total_ore == 233_500


def test_missing_bank_details_refused(ctx, run, tmp_path):
    with ctx.db.unit_of_work() as s:
        from sysselsattning.storage.orm import Participant, PayLine

        p = s.query(Participant).filter(Participant.first_name == "Björn").one()
        line = s.query(PayLine).filter(PayLine.participant_id == p.id).one()
        line.bank_account = ""  # no account when the run was approved
    with pytest.raises(ValidationFailed) as exc:
        svc.export_pain001(ctx, "2026-11", tmp_path / "bank.xml")
    assert "Björn Ärling" in exc.value.problems[0].message
    assert not (tmp_path / "bank.xml").exists()


def test_no_run(ctx, tmp_path):
    with pytest.raises(ValidationFailed) as exc:
        svc.export_pain001(ctx, "2026-01", tmp_path / "bank.xml")
    assert "ingen godkänd lönekörning" in exc.value.problems[0].message


def test_only_cash(ctx, tmp_path):
    with ctx.db.unit_of_work() as s:
        org = h.make_org(s)
        c = h.make_participant(s, h.pnr("19700202", 789), "Cecilia", "Kontant", payout="cash")
        r = h.make_run(s, "2026-02", date(2026, 2, 25))
        h.add_line(s, r, c, org, gross=50_000, tax=0, fee=0)
    with pytest.raises(ValidationFailed) as exc:
        svc.export_pain001(ctx, "2026-02", tmp_path / "bank.xml")
    assert "bankkonto" in exc.value.problems[0].message


def test_one_association_only(ctx, run, tmp_path):
    result = svc.export_pain001(ctx, "2026-11", tmp_path / "bank.xml", organisation="802000-2222")
    doc = etree.parse(str(tmp_path / "bank.xml")).getroot()
    assert [p.find("p:Dbtr/p:Nm", NS).text for p in doc.findall(".//p:PmtInf", NS)] == ["Frihamnen – Hemlösas hus"]
    assert result.count == 1 and result.total_ore == 7_050 and result.cash == []


def test_association_without_account_is_named(ctx, run, tmp_path):
    from sysselsattning.storage.orm import Organisation

    with ctx.db.unit_of_work() as s:
        org = s.query(Organisation).filter(Organisation.orgnr == "802000-1234").one()
        org.bank_clearing = org.bank_account = ""
    with pytest.raises(ValidationFailed) as exc:
        svc.export_pain001(ctx, "2026-11", tmp_path / "bank.xml")
    assert "Föreningen Hela människan saknar bankkonto" in exc.value.problems[0].message
    svc.export_pain001(ctx, "2026-11", tmp_path / "bank.xml", organisation="802000-2222")  # the other one still works


def test_version_03_validates_against_its_xsd(ctx, run, tmp_path):
    out = tmp_path / "bank03.xml"
    result = svc.export_pain001(ctx, "2026-11", out, version="03")
    doc = etree.parse(str(out)).getroot()
    assert doc.tag == "{urn:iso:std:iso:20022:tech:xsd:pain.001.001.03}Document"
    schema = etree.XMLSchema(etree.parse(str(resource_path("schemas", "pain.001.001.03.xsd"))))
    assert schema.validate(doc), schema.error_log
    ns = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
    assert doc.find(".//p:PmtInf/p:ReqdExctnDt", ns).text == "2026-11-25"
    assert doc.find(".//p:DbtrAgt/p:FinInstnId/p:BIC", ns).text == "ESSESESS"
    assert result.total_ore == 233_500


def test_pain001_pays_the_account_of_the_approval_not_a_later_one(ctx, run, tmp_path):
    """Issue #14: changing a participant's account after approval must not redirect an approved payment."""
    from sysselsattning.storage.orm import Participant

    with ctx.db.unit_of_work() as s:
        p = s.query(Participant).filter(Participant.first_name == "Björn").one()
        p.clearing, p.account = "9960", "1122334455"  # changed (or tampered with) after approval
    out = tmp_path / "bank.xml"
    svc.export_pain001(ctx, "2026-11", out)
    xml = out.read_text(encoding="utf-8")
    assert "6000987654321" in xml  # the account copied at approval
    assert "1122334455" not in xml


def test_every_export_refuses_a_run_whose_totals_differ_from_its_lines(ctx, run, tmp_path):
    from sysselsattning.services.errors import StateError
    from sysselsattning.storage.orm import PayRun

    with ctx.db.unit_of_work() as s:
        s.get(PayRun, run.id).net_ore += 100  # one krona more than the lines
    for export in (
        lambda: svc.export_pain001(ctx, "2026-11", tmp_path / "bank.xml"),
        lambda: svc.export_agi(ctx, "2026-11", tmp_path / "agi.xml"),
        lambda: svc.export_sie(ctx, 2026, tmp_path / "bok.se"),
    ):
        with pytest.raises(StateError, match="stämmer inte med summan av raderna"):
            export()
    assert not [p for p in tmp_path.iterdir() if p.suffix in (".xml", ".se")]
