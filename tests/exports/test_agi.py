"""AGI export: structure of Skatteverket's example, sums that agree with the individuppgifter and the run."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from lxml import etree

from sysselsattning.domain.problems import ValidationFailed
from sysselsattning.exports import agi
from sysselsattning.rules import default_parameters
from sysselsattning.services import exports as svc
from tests.exports import helpers as h

NS = {"i": agi.NS_INSTANS, "agd": agi.NS_KOMPONENT}
EXAMPLE = "/work/shared/schemas/Exempelfil_01_Vanliga_lontagare_v1.1.9.xml"


def _field(iu, name):
    el = iu.find(f"agd:{name}", NS)
    return None if el is None else el.text


@pytest.fixture
def april(db):
    """T-3 (2 000 kr, 600 tax, 628.40 charges) + T-1-like 600 kr below the 1 000-kr limit, one approved run."""
    with db.unit_of_work() as s:
        org = h.make_org(s)
        ws = h.make_worksite(s, org)
        task = h.make_task(s, ws)
        p1 = h.make_participant(
            s, h.pnr("19850412", 123), "Åsa", "Öberg", payout="bank", clearing="83279", account="9876543"
        )
        p2 = h.make_participant(s, h.pnr("19900101", 456), "Örjan", "Ärlig")
        run = h.make_run(s, "2026-04", date(2026, 4, 24))
        h.add_line(s, run, p1, org, gross=200_000, tax=60_000, fee=62_840, task=task)
        h.add_line(s, run, p2, org, gross=60_000, tax=0, fee=0, task=task)
        h.finalize(s, run)
        return {"org": org.id, "run": run.id, "p1": p1.id, "p2": p2.id}


def test_agi_matches_example_structure_and_sums(ctx, april, tmp_path):
    out = tmp_path / "agi.xml"
    result = svc.export_agi(ctx, "2026-04", out)
    assert result.files == [out]
    doc = etree.parse(str(out)).getroot()
    example = etree.parse(EXAMPLE).getroot()
    # Same root, namespaces and top-level sequence as Skatteverket's example file.
    assert doc.tag == example.tag and doc.get("omrade") == "Arbetsgivardeklaration"
    assert [etree.QName(c).localname for c in doc] == [
        "Avsandare",
        "Blankettgemensamt",
        "Blankett",
        "Blankett",
        "Blankett",
    ]
    hu = doc.find("agd:Blankett/agd:Blankettinnehall/agd:HU", NS)
    ius = doc.findall("agd:Blankett/agd:Blankettinnehall/agd:IU", NS)
    assert len(ius) == 2
    assert hu.find("agd:ArbetsgivareHUGROUP/agd:AgRegistreradId", NS).text == "168020001234"
    assert _field(hu, "RedovisningsPeriod") == "202604"
    # HU 497 = Σ IU 001 = the run's tax; HU 487 = the run's charges in whole kronor (628.40 → 628).
    assert int(_field(hu, "SummaSkatteavdr")) == sum(int(_field(iu, "AvdrPrelSkatt")) for iu in ius) == 600
    assert int(_field(hu, "SummaArbAvgSlf")) == 628
    by_pnr = {iu.find(".//agd:BetalningsmottagarId", NS).text: iu for iu in ius}
    t3 = by_pnr[h.pnr("19850412", 123)]
    assert _field(t3, "KontantErsattningUlagAG") == "2000" and _field(t3, "KontantErsattningEjUlagSA") is None
    assert t3.find("agd:KontantErsattningUlagAG", NS).get("faltkod") == "011"
    assert _field(t3, "ArbetsplatsensGatuadress") == "Södra Storgatan 12"
    assert _field(t3, "ArbetsplatsensOrt") == "Helsingborg"
    small = by_pnr[h.pnr("19900101", 456)]  # under 1 000 kr: not underlag for charges → field 131
    assert _field(small, "KontantErsattningEjUlagSA") == "600" and _field(small, "KontantErsattningUlagAG") is None
    assert small.find("agd:KontantErsattningEjUlagSA", NS).get("faltkod") == "131"
    # Σ 011 + Σ 131 = the run's gross.
    total = sum(
        int(_field(iu, "KontantErsattningUlagAG") or 0) + int(_field(iu, "KontantErsattningEjUlagSA") or 0)
        for iu in ius
    )
    assert total * 100 == 260_000
    assert result.deadline == date(2026, 5, 12)  # T-3: due 12 May 2026


def test_spec_numbers_are_stable_and_reused(ctx, april, tmp_path):
    svc.export_agi(ctx, "2026-04", tmp_path / "a.xml")
    first = {
        iu.find(".//agd:BetalningsmottagarId", NS).text: iu.find("agd:Specifikationsnummer", NS).text
        for iu in etree.parse(str(tmp_path / "a.xml")).getroot().iterfind(".//agd:IU", NS)
    }
    assert len(set(first.values())) == 2
    # A later run for May and a re-export of April: same person, same number (a replacement IU).
    with ctx.db.unit_of_work() as s:
        from sysselsattning.storage.orm import Organisation, Participant

        org = s.get(Organisation, april["org"])
        p1 = s.get(Participant, april["p1"])
        run = h.make_run(s, "2026-05", date(2026, 5, 25))
        h.add_line(s, run, p1, org, gross=100_000, tax=30_000, fee=31_420)
        h.finalize(s, run)
    svc.export_agi(ctx, "2026-05", tmp_path / "b.xml")
    result = svc.export_agi(ctx, "2026-04", tmp_path / "c.xml")
    may = etree.parse(str(tmp_path / "b.xml")).getroot().find(".//agd:IU", NS)
    assert may.find("agd:Specifikationsnummer", NS).text == first[h.pnr("19850412", 123)]
    again = {
        iu.find(".//agd:BetalningsmottagarId", NS).text: iu.find("agd:Specifikationsnummer", NS).text
        for iu in etree.parse(str(tmp_path / "c.xml")).getroot().iterfind(".//agd:IU", NS)
    }
    assert again == first
    assert any("ersätter" in line for line in result.summary)


def test_draft_run_is_not_exported(ctx, tmp_path):
    with ctx.db.unit_of_work() as s:
        org = h.make_org(s)
        p = h.make_participant(s, h.pnr("19850412", 123))
        run = h.make_run(s, "2026-06", date(2026, 6, 25), status="draft")
        h.add_line(s, run, p, org, gross=200_000, tax=60_000, fee=62_840)
    with pytest.raises(ValidationFailed) as exc:
        svc.export_agi(ctx, "2026-06", tmp_path / "x.xml")
    assert "inte godkänd" in exc.value.problems[0].message
    assert not (tmp_path / "x.xml").exists()


def test_bad_period_is_a_swedish_error(ctx, tmp_path):
    with pytest.raises(ValidationFailed) as exc:
        svc.export_agi(ctx, "2026-13", tmp_path / "x.xml")
    assert "ÅÅÅÅ-MM" in exc.value.problems[0].message


def test_one_file_per_organisation(ctx, april, tmp_path):
    with ctx.db.unit_of_work() as s:
        from sysselsattning.storage.orm import Participant

        org2 = h.make_org(s, "Verdandi Helsingborg", "802000-5678")
        # A second association paying in the same month, in its own run.
        run2 = h.make_run(s, "2026-04", date(2026, 4, 27), organisation_id=org2.id)
        h.add_line(s, run2, s.get(Participant, april["p1"]), org2, gross=150_000, tax=45_000, fee=47_130)
        h.finalize(s, run2)
    out = tmp_path / "agi.xml"
    result = svc.export_agi(ctx, "2026-04", out)
    names = sorted(p.name for p in result.files)
    assert names == ["agi_8020001234.xml", "agi_8020005678.xml"]
    only = svc.export_agi(ctx, "2026-04", tmp_path / "one.xml", organisation="802000-5678")
    assert only.files == [tmp_path / "one.xml"]
    root = etree.parse(str(tmp_path / "one.xml")).getroot()
    assert root.find(".//agd:HU/agd:SummaArbAvgSlf", NS).text == "471"


def test_audit_row_written(ctx, april, tmp_path):
    svc.export_agi(ctx, "2026-04", tmp_path / "a.xml")
    from sysselsattning.storage.orm import AuditEntry

    with ctx.db.read() as s:
        rows = s.query(AuditEntry).filter(AuditEntry.action == "export", AuditEntry.table_name == "agi").all()
    assert len(rows) == 1 and rows[0].record_id == "802000-1234:2026-04"


@pytest.mark.parametrize(
    "period,due",
    [
        ("2026-04", date(2026, 5, 12)),  # Tuesday
        ("2025-12", date(2026, 1, 19)),  # 17 Jan 2026 is a Saturday → Monday 19th
        ("2026-07", date(2026, 8, 17)),  # August: the 17th (a Monday)
        ("2026-03", date(2026, 4, 13)),  # 12 Apr 2026 is a Sunday
        ("2025-03", date(2025, 4, 14)),  # 12 Apr 2025 is a Saturday → Monday
        ("2030-03", date(2030, 4, 12)),  # a Friday, and långfredag is the 19th that year
    ],
)
def test_deadline(period, due):
    assert agi.deadline(period, default_parameters()) == due


def test_deadline_moves_past_easter():
    # Easter 2028 is 16 April: Good Friday 14th, Easter Monday 17th. 2028-03 is due on the 12th (Wednesday).
    assert agi.deadline("2028-03", default_parameters()) == date(2028, 4, 12)
    # Any deadline on a holiday moves to the next weekday: Kristi himmelsfärd 2027, julafton, midsommarafton.
    assert agi.next_business_day(date(2027, 5, 6)) == date(2027, 5, 7)
    assert agi.next_business_day(date(2026, 12, 24)) == date(2026, 12, 28)
    assert agi.next_business_day(date(2026, 6, 19)) == date(2026, 6, 22)  # midsommarafton


def test_schema_check_runs_when_xsd_present(tmp_path):
    """With Skatteverket's two XSD files in the folder the check runs (here a stand-in schema)."""
    xml = agi.render(
        agi.Declaration(
            "802000-1234", "X", "2026-04", (), agi.Contact("A", "1", "a@b.se"), created=datetime(2026, 5, 1, 8, 0)
        )
    )
    assert agi.schema_errors(xml, tmp_path) is None
    (tmp_path / agi.XSD_COMPONENT).write_text("<x/>")
    (tmp_path / agi.XSD_MAIN).write_text(
        f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="{agi.NS_INSTANS}" elementFormDefault="qualified">'
        '<xs:element name="Annat"/></xs:schema>'
    )
    errors = agi.schema_errors(xml, tmp_path)
    assert errors and "Skatteverket" in errors[0]


def test_spec_numbers_unique_under_concurrency(any_ctx):
    """Parallel exports (two workstations) never hand out the same specification number."""
    import threading

    from sysselsattning.storage.queries.exports import ensure_spec_numbers

    with any_ctx.db.unit_of_work() as s:
        ids = [h.make_participant(s, h.pnr("19800101", 100 + i), "P", f"N{i}").id for i in range(12)]
    errors: list[BaseException] = []

    def worker(chunk):
        try:
            for pid in chunk:
                with any_ctx.db.unit_of_work() as s:
                    ensure_spec_numbers(s, {pid})
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(ids[i::3],)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    from sysselsattning.storage.orm import Participant

    with any_ctx.db.read() as s:
        numbers = [p.agi_spec_number for p in s.query(Participant).filter(Participant.id.in_(ids))]
    assert sorted(numbers) == list(range(1, 13))


def test_agi_on_any_database(any_ctx, tmp_path):
    with any_ctx.db.unit_of_work() as s:
        org = h.make_org(s)
        p = h.make_participant(s, h.pnr("19850412", 123), "Åsa", "Öberg")
        run = h.make_run(s, "2026-04", date(2026, 4, 24))
        h.add_line(s, run, p, org, gross=200_000, tax=60_000, fee=62_840)
        h.finalize(s, run)
    result = svc.export_agi(any_ctx, "2026-04", tmp_path / "a.xml")
    root = etree.parse(str(result.files[0])).getroot()
    assert root.find(".//agd:HU/agd:SummaSkatteavdr", NS).text == "600"
    assert root.find(".//agd:IU/agd:Specifikationsnummer", NS).text == "001"
