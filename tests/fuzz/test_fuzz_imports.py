"""Fuzzing the CSV imports (issue "Several workstations…": every import parser, no crash, no partial save,
always a Swedish message). Rows mix valid and broken values; bytes may be anything."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from sysselsattning.services import csv_io
from sysselsattning.storage.orm import Participant, WorkEntry
from tests.services.registry_helpers import participant, pnr, setup_task

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

P_HEADER = (
    "personnummer;fornamn;efternamn;adress;postnummer;ort;telefon;utbetalning;clearingnummer;kontonummer;skattesats"
)
H_HEADER = "datum;personnummer;arbetsplats;uppgift;timmar;antal;kommentar"

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
pnrs = st.one_of(
    st.sampled_from(
        [pnr("850412"), pnr("900101", "981"), "811228-9873", "811299-9874", "701063-2391", "19850412-1234", ""]
    ),
    text,
)
payout = st.one_of(st.sampled_from(["kontant", "bank", "swish", ""]), text)
money = st.one_of(st.sampled_from(["30", "32,5", "-1", "101", "", "1E9", "abc"]), text)
p_row = st.tuples(
    pnrs,
    text,
    text,
    text,
    text,
    text,
    text,
    payout,
    st.sampled_from(["3300", "8327-9", "", "12"]),
    st.sampled_from(["8009286249", "", "1234"]),
    money,
)


def counts(ctx):
    with ctx.db.read() as s:
        return (
            s.scalar(select(func.count()).select_from(Participant)),
            s.scalar(select(func.count()).select_from(WorkEntry)),
        )


def _check_import(ctx, fn, data) -> None:
    before = counts(ctx)
    try:
        result = fn(ctx, data)
    except csv_io.ImportFailed as exc:
        assert counts(ctx) == before, "a failed import saved something"
        assert exc.errors and all(str(e).startswith("rad ") and len(str(e)) > 8 for e in exc.errors)
        assert "Traceback" not in str(exc)
    else:
        assert result.skipped == 0 and not result.errors


@FUZZ
@given(rows=st.lists(p_row, max_size=4), sep=st.sampled_from([";", ","]), bom=st.booleans())
def test_participant_import_all_or_nothing(ctx, rows, sep, bom):
    lines = [P_HEADER.replace(";", sep)] + [sep.join(r) for r in rows]
    data = ("\ufeff" if bom else "") + "\n".join(lines) + "\n"
    _check_import(ctx, csv_io.import_participants, data.encode("utf-8", "surrogatepass"))


@FUZZ
@given(data=st.binary(max_size=300))
def test_participant_import_of_random_bytes(ctx, data):
    _check_import(ctx, csv_io.import_participants, data)


dates = st.one_of(st.sampled_from(["2026-03-02", "2026-13-01", "2030-01-01", "02/03/2026", ""]), text)
qty = st.one_of(st.sampled_from(["2", "2,5", "25", "-1", "", "7:30", "1e3"]), text)


@FUZZ
@given(
    rows=st.lists(
        st.tuples(
            dates,
            st.sampled_from([pnr("850412"), "811228-9873", ""]),
            st.sampled_from(["Cykelverkstaden", "Okänd", ""]),
            st.sampled_from(["Verkstadspass", "Okänd", ""]),
            qty,
            qty,
            text,
        ),
        max_size=4,
    )
)
def test_hours_import_all_or_nothing(ctx, rows):
    if not counts(ctx)[0]:
        setup_task(ctx, valid_from=date(2026, 1, 1))
        participant(ctx)
    lines = [H_HEADER] + [";".join(r) for r in rows]
    _check_import(ctx, csv_io.import_hours, ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass"))
