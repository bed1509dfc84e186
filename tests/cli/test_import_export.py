"""The command line: demo, import and export csv (design.md §5), exit codes and Swedish errors."""

from __future__ import annotations

import csv
import io

from sysselsattning.cli import main


def _rows(path):
    text = path.read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _copy_registry(src_url: str, dst_url: str) -> None:
    """Associations, worksites, tasks and rates of one database into another (through the services)."""
    from sysselsattning.services import registry as reg
    from sysselsattning.services.context import open_context

    a, b = open_context(src_url), open_context(dst_url)
    try:
        org_map = {}
        for o in reg.list_organisations(a):
            org_map[o.id] = reg.save_organisation(b, reg.OrganisationInput(name=o.name, orgnr=o.orgnr, city=o.city)).id
        for w in reg.list_worksites(a):
            new_ws = reg.save_worksite(b, reg.WorksiteInput(organisation_id=org_map[w.organisation_id], name=w.name))
            for t in reg.list_tasks(a, w.id):
                new_t = reg.save_task(b, reg.TaskInput(worksite_id=new_ws.id, name=t.name, unit=t.unit))
                for r in t.rates:
                    reg.add_rate(b, new_t.id, r.valid_from, r.rate_ore, r.valid_to)
    finally:
        a.db.dispose()
        b.db.dispose()


def test_demo_export_import_round_trip(tmp_path, capsys):
    a = f"sqlite:///{tmp_path / 'a.sqlite'}"
    b = f"sqlite:///{tmp_path / 'b.sqlite'}"
    assert main(["--db", a, "demo", "--participants", "6", "--seed", "5", "--year", "2025"]) == 0
    assert "6 deltagare" in capsys.readouterr().out
    assert main(["--db", a, "demo"]) == 2
    assert "tom databas" in capsys.readouterr().err

    p1, h1, r1 = tmp_path / "p1.csv", tmp_path / "h1.csv", tmp_path / "r1.csv"
    assert main(["--db", a, "export", "csv", "--what", "participants", "--out", str(p1)]) == 0
    assert main(["--db", a, "export", "csv", "--what", "hours", "--year", "2025", "--out", str(h1)]) == 0
    assert main(["--db", a, "export", "csv", "--what", "payruns", "--year", "2025", "--out", str(r1)]) == 0
    participants = _rows(p1)
    assert participants[0] == [
        "personnummer",
        "fornamn",
        "efternamn",
        "adress",
        "postnummer",
        "ort",
        "telefon",
        "utbetalning",
        "clearingnummer",
        "kontonummer",
        "skattesats",
    ]
    assert len(participants) == 7
    hours = _rows(h1)
    assert hours[0][:7] == ["datum", "personnummer", "arbetsplats", "uppgift", "timmar", "antal", "kommentar"]
    assert len(hours) > 100
    runs = _rows(r1)
    assert runs[0][:3] == ["period", "forening", "status"]

    _copy_registry(a, b)
    import sqlite3

    con = sqlite3.connect(b.removeprefix("sqlite:///"))
    orgnr = con.execute("SELECT orgnr FROM organisations ORDER BY id LIMIT 1").fetchone()[0]
    con.close()
    assert main(["--db", b, "import", "participants", str(p1)]) == 2  # several associations: which one?
    assert main(["--db", b, "import", "participants", "--organisation", orgnr, str(p1)]) == 0
    assert main(["--db", b, "import", "hours", str(h1)]) == 0
    p2, h2 = tmp_path / "p2.csv", tmp_path / "h2.csv"
    assert main(["--db", b, "export", "csv", "--what", "participants", "--out", str(p2)]) == 0
    assert main(["--db", b, "export", "csv", "--what", "hours", "--year", "2025", "--out", str(h2)]) == 0
    assert p2.read_bytes() == p1.read_bytes()
    # the same entries with the same amounts (the pay-run label column differs: b has no runs)
    assert [r[:11] for r in _rows(h2)] == [r[:11] for r in _rows(h1)]


def test_import_bad_row_exit_2_nothing_saved(tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'c.sqlite'}"
    assert main(["--db", db, "upgrade"]) == 0  # a --db naming no file is refused by import (design.md §5)
    from sysselsattning.services import registry as reg
    from sysselsattning.services.context import AppContext
    from sysselsattning.storage.db import open_database
    from tests.services.registry_helpers import orgnr

    store = open_database(db)
    reg.save_organisation(AppContext(db=store), reg.OrganisationInput(name="Föreningen", orgnr=orgnr("802400123")))
    store.dispose()
    f = tmp_path / "in.csv"
    f.write_text(
        "personnummer;fornamn;efternamn;adress;postnummer;ort;telefon;utbetalning;clearingnummer;kontonummer;skattesats\n"
        "19850412-9803;Anna;Berg;;;;;kontant;;;\n"
        "19850412-9811;Bo;Ek;;;;;kontant;;;\n"
        "19850412-9829;Cilla;Dahl;;;;;kontant;;;\n"
        "19850412-9837;Dan;Falk;;;;;kontant;;;\n"
        "19850412-9845;Eva;Gran;;;;;kontant;;;\n"
        "811228-9873;Fia;Holm;;;;;kontant;;;\n",
        encoding="utf-8",
    )
    assert main(["--db", db, "import", "participants", str(f)]) == 2
    err = capsys.readouterr().err
    assert "rad 7: ogiltigt personnummer 811228-9873 (kontrollsiffran stämmer inte)" in err
    assert "Traceback" not in err
    out = tmp_path / "out.csv"
    assert main(["--db", db, "export", "csv", "--what", "participants", "--out", str(out)]) == 0
    assert len(_rows(out)) == 1  # header only: nothing was saved
    assert main(["--db", db, "import", "participants", "--skip-bad", str(f)]) == 0
    captured = capsys.readouterr()
    assert "5 nya" in captured.out and "rad 7" in captured.err
    assert main(["--db", db, "import", "hours", str(tmp_path / "saknas.csv")]) == 2
    assert "finns inte" in capsys.readouterr().err
    assert main(["--db", db, "export", "csv", "--what", "hours", "--year", "tjugo", "--out", str(out)]) == 2
