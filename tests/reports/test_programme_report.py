"""Programme report: figures agree with the runs; PDF and CSV read back; demo-sized year under 5 s."""

from __future__ import annotations

import csv
import io
import time

from pypdf import PdfReader

from sysselsattning.services import statements as svc
from tests.exports import helpers as h


def test_programme_figures_agree_with_runs(ctx, tmp_path):
    info = h.build_year(ctx.db, participants=40, months=12, seed=7)
    f = svc.programme_figures(ctx, 2026)
    from sysselsattning.storage.orm import PayLine, PayRun

    with ctx.db.read() as s:
        runs = s.query(PayRun).filter(PayRun.id.in_(info["runs"])).all()
        gross = sum(r.gross_ore for r in runs)
        fees = sum(r.employer_fee_ore for r in runs)
        people = {pid for (pid,) in s.query(PayLine.participant_id).distinct()}
    assert f.gross_ore == gross == sum(m.gross_ore for m in f.months) == sum(a.gross_ore for a in f.associations)
    assert sum(w.gross_ore for w in f.worksites) == gross  # entries sum to the lines
    assert f.employer_fee_ore == fees == sum(a.employer_fee_ore for a in f.associations)
    assert abs(sum(w.employer_fee_ore for w in f.worksites) - fees) <= len(f.worksites)  # pro-rata rounding
    assert f.participants == len(people)
    assert sum(b.count for b in f.cap_buckets) == f.with_cap and f.cap_buckets[-1].count == f.reached_cap
    assert len(f.months) == 12


def test_programme_pdf_and_csv(ctx, tmp_path):
    h.build_year(ctx.db, participants=30, months=6, seed=3)
    svc.write_programme_report(ctx, 2026, tmp_path / "program.pdf")
    reader = PdfReader(str(tmp_path / "program.pdf"))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Programrapport 2026" in text and "Hela människan (Ria)" in text and "Frihamnen – Hemlösas hus" in text
    assert "Nådde taket" in text and "Kolonilotten" in text and "Köket" in text
    # Charts are vector drawings (no embedded images).
    assert not any("/XObject" in str(p.get("/Resources", {})) for p in reader.pages)
    svc.write_programme_report(ctx, 2026, tmp_path / "program.csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "program.csv").read_text("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Nivå",
        "Förening",
        "Arbetsplats",
        "Månad",
        "Deltagare",
        "Timmar",
        "Uppgifter",
        "Arbetspass",
        "Arvode",
        "Arbetsgivaravgifter",
        "Arbetsgivarkostnad",
    ]
    levels = {r[0] for r in rows[1:]}
    assert {"Månad", "Förening", "Arbetsplats", "Arbetsplats och månad", "Helår", "Frikortstak"} <= levels


def test_demo_sized_year_under_5_seconds(ctx, tmp_path):
    h.build_year(ctx.db, participants=200, months=12, seed=1)
    start = time.perf_counter()
    svc.write_programme_report(ctx, 2026, tmp_path / "program.pdf")
    elapsed = time.perf_counter() - start
    assert elapsed < 5.0, elapsed


def test_cap_counts_only_participants_with_a_decision(ctx):
    info = h.build_year(ctx.db, participants=50, months=12, seed=11)
    f = svc.programme_figures(ctx, 2026)
    from sysselsattning.storage.orm import Participant

    with ctx.db.read() as s:
        decided = (
            s.query(Participant)
            .filter(Participant.id.in_(info["participants"]), Participant.cap_decision_from.isnot(None))
            .count()
        )
    assert f.with_cap == decided == 30 and f.participants == 50
    annual = {st.name: st for st in svc.annual_statements(ctx, 2026)}
    with ctx.db.read() as s:
        without = (
            s.query(Participant)
            .filter(Participant.id.in_(info["participants"]), Participant.cap_decision_from.is_(None))
            .first()
        )
    assert annual[f"{without.first_name} {without.last_name}"].cap_ore == 0  # no "kvar under taket" for them
