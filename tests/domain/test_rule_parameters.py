"""The shipped rule files load, carry source and status as the reference tags them, and bad files stop loading."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sysselsattning.paths import resource_path
from sysselsattning.rules.parameters import STATUSES, ParameterFileError, ParameterMissing, load_directory


@pytest.fixture(scope="module")
def params():
    return load_directory(resource_path("rules"))


def test_every_value_has_source_and_status(params):
    for key in params:
        for v in params.parameter(key).values:
            assert v.source.strip(), key
            assert v.status in STATUSES, key


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_every_year_has_the_benefit_figures(params, year):
    on = date(year, 6, 1)
    for key in [
        "basbelopp.prisbasbelopp",
        "basbelopp.forhojt_prisbasbelopp",
        "basbelopp.inkomstbasbelopp",
        "forsorjningsstod.riksnorm.ensamstaende",
        "forsorjningsstod.riksnorm.sambor",
        "forsorjningsstod.riksnorm.barn.under_1",
        "forsorjningsstod.riksnorm.barn.ar_19_20",
        "forsorjningsstod.riksnorm.gemensamma.personer_7",
        "forsorjningsstod.riksnorm.gemensamma.per_person_over_7",
        "forsorjningsstod.jobbstimulans.procent",
        "bostadstillagg.max.ensamstaende.max_manad",
        "bostadstillagg.avrakning.procent_lag",
        "bostadstillagg.avrakning.arvode_ar_arbetsinkomst",
        "bostadstillagg.samordning.bostadsbidrag_avdrag",
        "sjukersattning.garantiniva_pbb.fran_30",
        "sjukersattning.garantiniva_pbb.under_21",
        "sarskilt_bostadstillagg.niva_pbb.ensamstaende",
        "sarskilt_bostadstillagg.sambo_lasning",
        "bostadsbidrag.barnfamilj.bostadskostnad_tak.barn_3",
        "bostadsbidrag.unga.inkomstgrans.ensamstaende",
        "bostadsbidrag.tillaggsbidrag.procent",
        "sjukersattning.garantiersattning_manad",
        "sjukersattning.steglos.procent",
        "sjukersattning.vilande.procent",
        "frikort.tak",
        "frikort.grund",
        "frikort.skyddar",
        "frikort.kraver_beslut",
        "frikort.skattefri",
        "skatt.sidoinkomst_procent",
        "arbetsgivaravgifter.full",
    ]:
        params.get(key, on)


def test_yearly_figures_end_with_their_year(params):
    with pytest.raises(ParameterMissing):
        params.get("basbelopp.prisbasbelopp", date(2027, 1, 1))
    with pytest.raises(ParameterMissing):
        params.get("forsorjningsstod.riksnorm.ensamstaende", date(2023, 12, 31))


def test_figures_match_the_reference(params):
    g = lambda k, y: params.get(k, date(y, 3, 1))  # noqa: E731
    assert [int(g("basbelopp.prisbasbelopp", y)) for y in (2024, 2025, 2026)] == [57300, 58800, 59200]
    assert [int(g("basbelopp.inkomstbasbelopp", y)) for y in (2024, 2025, 2026)] == [76200, 80600, 83400]
    # rules-depth.md §6.1: the six 2026 values that were 10 kr off in the estimate
    rn = lambda k: int(g(f"forsorjningsstod.riksnorm.{k}", 2026))  # noqa: E731
    assert [rn(k) for k in ("barn.ar_1_2", "barn.ar_4_6", "barn.ar_15_18", "barn.ar_19_20")] == [3060, 3060, 4960, 5000]
    assert [rn("gemensamma.personer_3"), rn("gemensamma.personer_4")] == [1790, 2030]
    assert [rn(f"barn_ej_lunch.{k}") for k in ("under_1", "ar_1_2", "ar_3", "ar_4_6")] == [2560, 2800, 2500, 2720]
    # bostadsbidrag: the family ceilings rose on 1 Jan 2026 (SFS 2025:1477)
    tak = lambda y: [int(g(f"bostadsbidrag.barnfamilj.bostadskostnad_tak.barn_{n}", y)) for n in (1, 2, 3)]  # noqa: E731
    assert tak(2025) == [5300, 5900, 6600] and tak(2026) == [6800, 7900, 8600]
    # official 2026 totals (S3c): 3 940 + 1 280 = 5 220 and 7 100 + 1 410 = 8 510
    for single, common, total in [
        ("ensamstaende", "personer_1", "total_ensamstaende"),
        ("sambor", "personer_2", "total_sambor"),
    ]:
        assert g(f"forsorjningsstod.riksnorm.{single}", 2026) + g(
            f"forsorjningsstod.riksnorm.gemensamma.{common}", 2026
        ) == g(f"forsorjningsstod.riksnorm.{total}", 2026)
    # the >7 persons rule: 7-person minus 6-person amount
    for y in (2024, 2025, 2026):
        assert g("forsorjningsstod.riksnorm.gemensamma.per_person_over_7", y) == g(
            "forsorjningsstod.riksnorm.gemensamma.personer_7", y
        ) - g("forsorjningsstod.riksnorm.gemensamma.personer_6", y)


@pytest.mark.parametrize(
    "key,year,status",
    [
        # rules-depth.md §6.1: the whole 2026 table is confirmed (socialtjänstförordning 2025:468 12 kap. 2 §)
        ("forsorjningsstod.riksnorm.barn.ar_7_10", 2026, "confirmed"),
        ("forsorjningsstod.riksnorm.barn.under_1", 2026, "confirmed"),
        ("forsorjningsstod.riksnorm.gemensamma.personer_1", 2026, "confirmed"),
        ("forsorjningsstod.riksnorm.gemensamma.personer_3", 2026, "confirmed"),
        ("forsorjningsstod.riksnorm.barn_ej_lunch.ar_1_2", 2026, "confirmed"),
        ("forsorjningsstod.riksnorm.barn.ar_1_2", 2025, "secondary"),
        ("forsorjningsstod.riksnorm.sambor", 2025, "derived"),
        ("forsorjningsstod.riksnorm.ensamstaende", 2024, "secondary"),
        ("forsorjningsstod.jobbstimulans.procent", 2026, "confirmed"),
        ("forsorjningsstod.jobbstimulans.arvode_ar_anstallning", 2026, "unconfirmed"),
        ("bostadstillagg.max.ensamstaende.max_manad", 2026, "confirmed"),
        # rules-depth.md §2: the law text confirms the BTP income test for SE/AE
        ("bostadstillagg.avrakning.procent_lag", 2026, "confirmed"),
        ("bostadstillagg.avrakning.arbetsinkomst_andel_procent", 2026, "confirmed"),
        ("bostadstillagg.avrakning.arvode_ar_arbetsinkomst", 2026, "derived"),
        ("bostadstillagg.samordning.bostadsbidrag_avdrag", 2026, "unconfirmed"),
        ("sjukersattning.garantiniva_pbb.fran_30", 2026, "confirmed"),
        ("sarskilt_bostadstillagg.sambo_lasning", 2026, "unconfirmed"),
        ("sarskilt_bostadstillagg.niva_avrundning", 2026, "unconfirmed"),
        ("sarskilt_bostadstillagg.golv_nettoandel_procent", 2026, "secondary"),
        ("bostadsbidrag.barnfamilj.bostadskostnad_tak.barn_2", 2026, "confirmed"),
        ("sjukersattning.vilande.betald_max_manader", 2026, "confirmed"),
        ("sjukersattning.vilande.andel_ar_skattefri", 2026, "unconfirmed"),
        ("sjukersattning.garantiersattning_manad", 2025, "confirmed"),
        ("sjukersattning.garantiersattning_manad", 2026, "derived"),
        ("sjukersattning.steglos.procent", 2026, "confirmed"),
        ("basbelopp.prisbasbelopp", 2026, "confirmed"),
    ],
)
def test_status_as_tagged_in_the_reference(params, key, year, status):
    assert params.entry(key, date(year, 6, 1)).status == status


GOOD = '[x]\nvalues = [ { from = 2024-01-01, value = "1", status = "confirmed", source = "S1" } ]\n'


@pytest.mark.parametrize(
    "text,key,fragment",
    [
        (
            '[x]\nvalues = [ { from = 2024-01-01, value = 0.3, status = "confirmed", source = "S1" } ]\n',
            "bad.x.values[0]",
            "flyttal",
        ),
        ('[x]\nvalues = [ { from = 2024-01-01, value = "1", status = "confirmed" } ]\n', "bad.x.values[0]", "'source'"),
        (
            '[x]\nvalues = [ { from = 2024-01-01, value = "1", status = "maybe", source = "S1" } ]\n',
            "bad.x.values[0]",
            "status",
        ),
        (
            '[x]\nvalues = [ { from = "2024", value = "1", status = "confirmed", source = "S1" } ]\n',
            "bad.x.values[0]",
            "datum",
        ),
        (
            '[x]\nvalues = [ { from = 2024-01-01, to = 2023-01-01, value = "1", status = "confirmed", source = "S1" } ]\n',
            "bad.x.values[0]",
            "före",
        ),
        (
            '[x]\nvalues = [ { from = 2024-01-01, value = "1", status = "confirmed", source = "S1" },'
            ' { from = 2024-01-01, value = "2", status = "confirmed", source = "S1" } ]\n',
            "bad.x",
            "två värden",
        ),
        (
            '[x]\nvalues = [ { from = 2024-01-01, value = "1", status = "confirmed", source = "S1", extra = 1 } ]\n',
            "bad.x.values[0]",
            "okända",
        ),
        ("[x]\nvalues = []\n", "bad.x", "icke-tom"),
        (
            '[x]\nvalues = [ { from = 2024-01-01, value = "1", status = "confirmed", source = "  " } ]\n',
            "bad.x.values[0]",
            "source",
        ),
        ("[x\nvalues = 1\n", "(fil)", "TOML"),
        ("x = 3\n", "bad.x", "tabell"),
    ],
)
def test_malformed_file_names_file_and_key(tmp_path: Path, text, key, fragment):
    (tmp_path / "ok.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ParameterFileError) as err:
        load_directory(tmp_path)
    assert err.value.file == "bad.toml"
    assert err.value.key == key
    assert fragment in err.value.message
    assert "bad.toml" in str(err.value)


def test_a_copy_of_the_shipped_files_with_one_broken_value_stops_loading(tmp_path: Path):
    src = resource_path("rules")
    for f in src.glob("*.toml"):
        (tmp_path / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    bt = tmp_path / "bostadstillagg.toml"
    bt.write_text(
        bt.read_text(encoding="utf-8").replace(
            'value = "62", status = "confirmed"', 'value = 62.0, status = "confirmed"'
        ),
        encoding="utf-8",
    )
    with pytest.raises(ParameterFileError) as err:
        load_directory(tmp_path)
    assert err.value.file == "bostadstillagg.toml"
    assert err.value.key.startswith("bostadstillagg.avrakning.procent_lag")
