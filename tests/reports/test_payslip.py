"""Pay slip PDF: read back with pypdf (names, amounts with U+00A0, the cap box), reproducible bytes, pages."""

from __future__ import annotations

import io
from datetime import date, timedelta

from pypdf import PdfReader

from sysselsattning.reports.payslip import PayslipData, SlipLine, render


def slip(
    n: int = 3,
    *,
    name: str = "Łukasz Öğrenci",
    cap: bool = True,
    draft: bool = False,
    used: int = 1234550,
    payout: str = "Till bankkonto 8327-****5678",
    correction: bool = True,
) -> PayslipData:
    lines = [
        SlipLine(
            date(2026, 3, 1) + timedelta(days=i % 28), "Cykelverkstaden", "Verkstadspass", "hour", 250, 12000, 30000
        )
        for i in range(n)
    ]
    if correction:
        lines.append(SlipLine(date(2026, 2, 12), "Kolonilotten", "Trädgårdsarbete", "hour", -100, 10000, -10000, True))
    gross = sum(line.amount_ore for line in lines)
    return PayslipData(
        slip_number=17,
        organisation_name="Frihamnen – Hemlösas hus",
        organisation_orgnr="802004-2837",
        organisation_address="Hamngatan 1, 252 21 Helsingborg",
        participant_name=name,
        participant_pnr="19900101-****",
        participant_address=("Storgatan 5",),
        period_text="mars 2026",
        payment_date=date(2026, 3, 25),
        lines=tuple(lines),
        gross_ore=gross,
        correction_ore=-10000 if correction else 0,
        tax_ore=gross * 30 // 10000 * 100,
        tax_text="Skatt 30\xa0%",
        net_ore=gross - gross * 30 // 10000 * 100,
        payout_method="bank",
        payout_text=payout,
        ytd_gross_ore=123450,
        ytd_tax_ore=37000,
        ytd_net_ore=86450,
        cap_applies=cap,
        cap_ore=2000000,
        cap_used_ore=used,
        draft=draft,
        year=2026,
    )


def text_of(pdf: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]


def test_slip_reads_back_with_names_amounts_and_cap_box():
    [page] = text_of(render([slip()]))
    assert "Łukasz Öğrenci" in page and "Frihamnen – Hemlösas hus" in page
    assert "Lönebesked" in page and "mars 2026" in page and "25 mars 2026" in page
    assert "800,00\xa0kr" in page  # net = 800 − 0 tax? (gross 800: 900 − 100 correction)
    assert "Rättelse av arbete den 12 februari. Det är betalt förut." in page and "-100,00\xa0kr" in page
    assert "Skatt 30\xa0%" in page
    assert "Kvar under taket: 7\xa0654,50\xa0kr" in page
    assert "Du har fått 12\xa0345,50\xa0kr som räknas mot taket." in page.replace("\n", " ")
    assert "Det är allt från alla föreningar, till och med den 25 mars 2026." in page.replace("\n", " ")
    assert "försörjningsstöd och bostadstillägg" in page
    assert "8327-****5678" in page and "9412345678" not in page
    assert "1\xa0234,50\xa0kr" in page  # year-to-date gross


def test_thousands_and_negative_amounts_use_no_break_spaces():
    big = slip(n=1, correction=False)
    big = PayslipData(
        **{**{f: getattr(big, f) for f in big.__dataclass_fields__}, "gross_ore": 123450, "net_ore": 123450}
    )
    [page] = text_of(render([big]))
    assert "1\xa0234,50\xa0kr" in page


def test_without_a_cap_decision_the_box_says_so():
    [page] = text_of(render([slip(cap=False)]))
    assert "inget frikort" in page and "Kvar under taket" not in page


def test_cap_reached_is_said_plainly():
    [page] = text_of(render([slip(used=2000000)]))
    assert "Kvar under taket: 0,00\xa0kr" in page and "Du har nått taket." in page


def test_output_is_byte_reproducible():
    data = [slip(), slip(name="Anna Andersson", cap=False)]
    assert render(data) == render(data)


def test_many_lines_continue_on_a_second_page_and_draft_is_marked():
    pages = text_of(render([slip(n=40, draft=True)]))
    assert len(pages) == 2
    assert "Sida 1 av 2" in pages[0] and "Sida 2 av 2" in pages[1]
    assert all("FÖRHANDSGRANSKNING – inte godkänd" in page for page in pages)
    assert "Förhandsgranskning. Lönen är inte godkänd än." in pages[1]
    assert "Arvode före skatt" in pages[1] and "Arvode före skatt" not in pages[0]
    # the continued page repeats the heading: who, which association, the work period and the pay day
    assert "Lönebesked (fortsättning)" in pages[1] and "Łukasz Öğrenci" in pages[1]
    assert "Arbetet gjordes: mars 2026" in pages[1] and "Utbetalningsdag: 25 mars 2026" in pages[1]


def test_many_slips_one_pdf_and_progress():
    seen = []
    pdf = render(
        [slip(name=f"Deltagare {i}") for i in range(30)], progress=lambda done, total: seen.append((done, total))
    )
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 30
    assert seen[-1] == (30, 30)


def test_empty_render_is_a_valid_pdf():
    assert "Inga lönebesked" in text_of(render([]))[0]


def _with(base: PayslipData, **changes) -> PayslipData:
    return PayslipData(**{**{f: getattr(base, f) for f in base.__dataclass_fields__}, **changes})


def test_a_slip_with_25_lines_fits_on_one_page():
    """Issue #14: the bottom block is measured, not a fixed 248 pt: 25 work lines and the cap box fit one page."""
    pages = text_of(render([slip(n=25, correction=False)]))
    assert len(pages) == 1
    assert "Sida" not in pages[0] and "Kvar under taket" in pages[0] and "Att få" in pages[0]
    assert len(text_of(render([slip(n=28, correction=False, cap=False)]))) == 1  # no cap box: more room


def test_one_word_for_the_net_amount_and_both_dates_named():
    [page] = text_of(render([slip()]))
    assert "Att få" in page and "Du får" not in page and "Utbetalt" not in page
    assert "Arbetet gjordes" in page and "mars 2026" in page
    assert "Utbetalningsdag" in page and "25 mars 2026" in page


def test_contact_person_phone_address_lines_and_the_no_tax_reason():
    s = _with(
        slip(),
        organisation_address_lines=("Hamngatan 1", "252 21 Helsingborg"),
        contact_name="Maria Lind",
        contact_phone="042-10 20 30",
        tax_ore=0,
        tax_text="Skatt 0\xa0%",
        tax_reason_text="Ingen skatt dras: din skattesats är 0 %.",
    )
    [page] = text_of(render([s]))
    assert "Ring Maria Lind på Frihamnen – Hemlösas hus. Telefon: 042-10 20 30." in page
    lines = [x.strip() for x in page.splitlines()]
    assert "Hamngatan 1" in lines and "252 21 Helsingborg" in lines  # the address on separate lines
    assert "Ingen skatt dras: din skattesats är 0 %." in page


def test_long_task_names_wrap_instead_of_being_clipped():
    base = slip(n=1, correction=False)
    line = SlipLine(date(2026, 3, 2), "Cykelverkstaden", "Insamling av sportutrustning", "hour", 200, 5000, 10000)
    [page] = text_of(render([_with(base, lines=(line,))]))
    assert "…" not in page and "sportutrustning" in page


def test_year_to_date_of_every_association_and_the_cap_decision_in_words():
    s = _with(
        slip(),
        ytd_gross_ore=2589500,
        ytd_parts=(("Hela människan (Ria)", 1007500), ("LP-stiftelsen", 1582000)),
        cap_used_ore=1662500,
        cap_decision_from=date(2026, 4, 1),
        payment_date=date(2026, 11, 25),
    )
    [page] = text_of(render([s]))
    assert "Hittills i år, alla föreningar" in page
    assert "25\xa0895,00\xa0kr" in page and "10\xa0075,00\xa0kr" in page and "15\xa0820,00\xa0kr" in page
    assert "varav LP-stiftelsen" in page
    assert "Ditt frikort gäller från 1 april 2026." in page
    assert "16\xa0625,00\xa0kr" in page


def test_the_totals_never_stand_alone_on_a_continued_page():
    """When the lines fit the first page but the boxes do not, the last lines move with the boxes."""
    pages = text_of(render([slip(n=27, correction=False)]))
    assert len(pages) == 2
    assert "Arvode före skatt" in pages[1] and "Verkstadspass" in pages[1]
