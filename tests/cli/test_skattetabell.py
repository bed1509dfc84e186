"""``skattetabell`` (computed table, tsv, --check) and ``import skattetabell`` (stored, then used)."""

from __future__ import annotations

import gzip

import pytest

from sysselsattning.cli import main
from sysselsattning.paths import resource_path

SHIPPED = resource_path("skattetabeller", "allmanna-tabeller-manad-2026.txt.gz")


@pytest.fixture
def official_txt(tmp_path):
    path = tmp_path / "allmanna-tabeller-manad.txt"
    path.write_bytes(gzip.decompress(SHIPPED.read_bytes()))
    return path


def test_tsv_rows_of_table_32(capsys):
    assert main(["skattetabell", "--year", "2026", "--table", "32", "--format", "tsv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 481
    assert lines[0] == "1\t2000\t0\t0\t0\t0\t0\t0"
    by_from = {int(line.split("\t")[0]): line.split("\t") for line in lines}
    assert by_from[2901][2] == "227"  # 3 000 kr, the example
    assert by_from[4901][2] == "412"  # 5 000 kr
    assert lines[-1].split("\t")[:3] == ["79801", "80000", "25944"]


def test_text_names_the_basis_and_the_per_cent_rows(capsys):
    assert main(["skattetabell", "--year", "2026", "--table", "32"]) == 0
    out = capsys.readouterr().out.replace("\xa0", " ")
    assert "beräknad" in out and "kolumn 3: lön och arvode, 66 år eller äldre" in out
    assert "Över 80 000 kr" in out and "32 %" in out


def test_check_all_tables_agrees_with_the_2026_file(official_txt, capsys):
    assert main(["skattetabell", "--year", "2026", "--check", str(official_txt)]) == 0
    assert "40 404 celler jämförda" in capsys.readouterr().out.replace("\xa0", " ")


def test_check_prints_each_mismatch_and_exits_1(official_txt, tmp_path, capsys):
    text = official_txt.read_text(encoding="utf-8-sig").splitlines()
    i = next(n for n, line in enumerate(text) if line.startswith("30B32   2901   3000"))
    text[i] = text[i][:19] + "  228" + text[i][24:]  # column 1: 227 → 228
    bad = tmp_path / "bad.txt"
    bad.write_text("\n".join(text) + "\n", encoding="utf-8")
    assert main(["skattetabell", "--year", "2026", "--table", "32", "--check", str(bad)]) == 1
    captured = capsys.readouterr()
    captured = type(captured)(captured.out.replace("\xa0", " "), captured.err)
    assert captured.out.strip() == "tabell 32 kolumn 1, 2 901–3 000 kr: Skatteverket 228 kr, beräknat 227 kr"
    assert "1 avvikelser" in captured.err


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--year", "2026", "--table", "28"], "tabell 28 finns inte"),
        (["--year", "2031", "--table", "32"], "basbelopp.prisbasbelopp saknar värde för 2031"),
        (["--year", "2026"], "Ange --table"),
        (["--year", "2026", "--check", "/nonexistent.txt"], "Filen finns inte"),
    ],
)
def test_bad_input_exit_2(argv, message, capsys):
    assert main(["skattetabell", *argv]) == 2
    assert message in capsys.readouterr().err


def test_import_stores_the_file_and_the_pay_lookup_uses_it(official_txt, tmp_path, capsys):
    from sysselsattning.services import tax_tables as svc
    from sysselsattning.services.context import open_context

    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    from sysselsattning.storage.db import open_database

    open_database(url).dispose()
    # A doctored file: the imported file is the source afterwards, and its difference is reported.
    text = official_txt.read_text(encoding="utf-8-sig").splitlines()
    i = next(n for n, line in enumerate(text) if line.startswith("30B32   2901   3000"))
    text[i] = text[i][:19] + "  230" + text[i][24:]
    doctored = tmp_path / "skattetabell.txt"
    doctored.write_text("\n".join(text) + "\n", encoding="utf-8")
    assert main(["--db", url, "import", "skattetabell", str(doctored)]) == 0
    captured = capsys.readouterr()
    captured = type(captured)(captured.out.replace("\xa0", " "), captured.err)
    assert "för 2026 importerade (7 966 rader)" in captured.out
    assert "Året 2026 valdes" in captured.out  # no year in the file name: found by content
    assert "1 belopp skiljer sig" in captured.err
    ctx = open_context(url)
    try:
        source = svc.TableSource(ctx.params(), ctx.db)
        assert source.value(2026, 32, 1, 3000) == (svc.tt.TableValue(230), svc.BASIS_OFFICIAL)
        assert source.value(2026, 32, 1, 5000)[0].value == 412
    finally:
        ctx.db.dispose()
    # Re-import the right file: replaced, no difference.
    assert main(["--db", url, "import", "skattetabell", str(official_txt), "--year", "2026"]) == 0
    assert "ersattes" in capsys.readouterr().out
    ctx = open_context(url)
    try:
        assert svc.TableSource(ctx.params(), ctx.db).value(2026, 32, 1, 3000)[0].value == 227
    finally:
        ctx.db.dispose()


def test_without_import_the_shipped_2026_file_is_the_source_and_other_years_are_computed():
    from sysselsattning.services import tax_tables as svc

    source = svc.TableSource(svc.shipped_parameters())
    assert source.value(2026, 32, 1, 3000)[1] == svc.BASIS_OFFICIAL
    assert source.value(2025, 32, 1, 3000) == (svc.tt.TableValue(228), svc.BASIS_COMPUTED)
    assert svc.basis_text(svc.BASIS_COMPUTED) == "beräknad"


def test_import_refuses_a_file_that_is_not_a_tax_table(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    from sysselsattning.storage.db import open_database

    open_database(url).dispose()
    bad = tmp_path / "tabell-2026.txt"
    bad.write_text("30B32      1   2000    0    0    0    0    0    0\nhej\n", encoding="utf-8")
    assert main(["--db", url, "import", "skattetabell", str(bad)]) == 2
    assert "rad 2" in capsys.readouterr().err
