"""CSV import: formats of design.md §5, line-numbered errors, all-or-nothing, --skip-bad."""

from __future__ import annotations

import pytest

from sysselsattning.services import csv_io
from sysselsattning.services import registry as reg
from sysselsattning.services import timesheets as ts
from tests.services.registry_helpers import participant, pnr, setup_task

HEADER = (
    "personnummer;fornamn;efternamn;adress;postnummer;ort;telefon;utbetalning;clearingnummer;kontonummer;skattesats"
)


def test_participants_imported_with_bom_and_semicolons(ctx, tmp_path):
    setup_task(ctx)  # one association: new participants join it (never without one, #15)
    f = tmp_path / "deltagare.csv"
    f.write_bytes(
        (
            "\ufeff" + HEADER + "\n"
            f"{pnr('850412')};Łukasz;Kowalski;Bergaliden 3;252 23;Helsingborg;070-123 45 67;bank;3300;8009286249;30\n"
            f"{pnr('900101', '981')};Ayşe;Yılmaz;;;Helsingborg;;kontant;;;\n"
            "\n"
        ).encode("utf-8")
    )
    result = csv_io.import_participants(ctx, f)
    assert (result.created, result.updated, result.skipped) == (2, 0, 0)
    rows = {r.last_name: r for r in reg.list_participants(ctx)}
    assert rows["Kowalski"].payout_method == "bank" and rows["Kowalski"].tax_percent_hundredths == 3000
    assert rows["Yılmaz"].payout_method == "cash" and rows["Yılmaz"].tax_percent_hundredths is None
    # importing again updates (by personnummer) instead of duplicating
    again = csv_io.import_participants(ctx, f)
    assert (again.created, again.updated) == (0, 2)


def test_one_bad_row_saves_nothing_and_names_the_line(ctx):
    setup_task(ctx)
    text = (
        HEADER.replace(";", ",") + "\n"
        f"{pnr('850412')},Anna,Berg,,,,,kontant,,,\n"
        f"{pnr('850413')},Bo,Ek,,,,,kontant,,,\n"
        "811228-9873,Cilla,Dahl,,,,,kontant,,,\n"
        f"{pnr('850414')},Dan,Falk,,,,,swish,,,\n"
    )
    with pytest.raises(csv_io.ImportFailed) as e:
        csv_io.import_participants(ctx, text)
    messages = [str(err) for err in e.value.errors]
    assert messages[0] == "rad 4: ogiltigt personnummer 811228-9873 (kontrollsiffran stämmer inte)"
    assert messages[1].startswith("rad 5: utbetalning 'swish'")
    assert reg.count_participants(ctx) == 0
    result = csv_io.import_participants(ctx, text, skip_bad=True)
    assert (result.created, result.skipped) == (2, 2)
    assert reg.count_participants(ctx) == 2


def test_hours_import_rules(ctx):
    _org, _ws, _task = setup_task(ctx, rate="50")
    setup_task(ctx, org_name="Frihamnen", org_base="802400456", ws_name="Kolonilotten", task_name="Trädgårdsarbete")
    anna = participant(ctx)
    a = pnr("850412")
    ok = (
        "datum;personnummer;arbetsplats;uppgift;timmar;antal;kommentar\n"
        f"2026-11-02;{a};Cykelverkstaden;Verkstadspass;7,5;;\n"
        f"2026-11-03;{a};Cykelverkstaden;Verkstadspass;2.25;;lagade kedjor\n"
    )
    assert csv_io.import_hours(ctx, ok).created == 2
    rows = ts.list_entries(ctx)
    assert [(r.hours_hundredths, r.amount_ore) for r in rows] == [(750, 37500), (225, 11250)]
    bad = (
        "datum,personnummer,arbetsplats,uppgift,timmar,antal,kommentar\n"
        f'2026-11-04,{a},Cykelverkstaden,Verkstadspass,"3,5",,\n'
        f"2026-11-05,{a},Kolonilotten,Trädgårdsarbete,20,,\n"
        f"2026-11-05,{a},Cykelverkstaden,Verkstadspass,5,,\n"  # 25 h that day across worksites
        f"2026-11-30,{a},Cykelverkstaden,Verkstadspass,1,,\n"  # future
        f"2026-11-06,{a},Okänd plats,Verkstadspass,1,,\n"
        f"2026-11-06,{a},Cykelverkstaden,Verkstadspass,,2,\n"
    )
    with pytest.raises(csv_io.ImportFailed) as e:
        csv_io.import_hours(ctx, bad)
    lines = {err.line: err.message for err in e.value.errors}
    assert set(lines) == {4, 5, 6, 7}
    assert "högst 24 timmar" in lines[4]
    assert "framtiden" in lines[5]
    assert "Okänd plats" in lines[6]
    assert "per timme" in lines[7]
    assert ts.count_entries(ctx) == 2  # nothing from the bad file
    assert anna.id


def test_not_utf8_and_missing_columns(ctx):
    with pytest.raises(csv_io.ImportFailed) as e:
        csv_io.import_participants(ctx, "personnummer;namn\n1;2\n")
    assert "fornamn" in str(e.value.errors[0]) and e.value.errors[0].line == 1
    with pytest.raises(csv_io.ImportFailed) as e:
        csv_io.import_participants(ctx, (HEADER + "\n19850412-9801;Åsa;Öst\n").encode("latin-1"))
    assert "UTF-8" in str(e.value.errors[0])


def test_import_never_saves_a_participant_without_association(ctx):
    """Finding 16: with several associations the import must be told which one; another association's
    personnummer "finns inte" for a samordnare (not "får inte")."""
    from sysselsattning.services import users
    from sysselsattning.services.auth import context_for, identity_for

    a, _ws, _t = setup_task(ctx)
    b, _ws2, _t2 = setup_task(ctx, org_name="Frihamnen", org_base="802400456", ws_name="Lotten", task_name="Gräva")
    text = HEADER + "\n" + f"{pnr('850412')};Anna;Berg;;;;;kontant;;;\n"
    with pytest.raises(csv_io.ImportFailed) as e:
        csv_io.import_participants(ctx, text)
    assert "ange föreningen" in str(e.value.errors[0]) and reg.count_participants(ctx) == 0
    assert csv_io.import_participants(ctx, text, organisation_id=b.id).created == 1
    users.create_user(ctx, "sam", "Sam", "samordnare", "ett-langt-losenord", organisation_ids=[a.id])
    sam = context_for(ctx, identity_for(ctx.db, "sam"))
    with pytest.raises(csv_io.ImportFailed) as e:
        csv_io.import_participants(sam, text)  # the person is in association B
    assert str(e.value.errors[0]) == f"rad 2: deltagaren {pnr('850412')} finns inte i dina föreningar"
    new = HEADER + "\n" + f"{pnr('900101', '981')};Bo;Ek;;;;;kontant;;;\n"
    assert csv_io.import_participants(sam, new).created == 1  # a samordnare's own (only) association
    assert {p.organisation_id for p in reg.list_participants(ctx)} == {a.id, b.id}
