"""Annual statement per participant (årsbesked): the year's arvode, tax withheld and use of the cap.

One page per participant: every payout of the year (date, association, gross, tax, net, shielded by the cap,
cap used after it), the totals, and the cap used/left at the end of the year. The figures are the approved pay
runs' own (year-to-date is never typed in, docs/architecture.md §3). A note says where the income was reported: in the
employer's AGI (26 kap. SFL) — the participant will see it prefilled in the income tax return.

A statement made before the year has ended (``generated`` — the injected today — on or before 31 December) is
marked "Preliminär – året är inte avslutat" in its title and on every page, and its sum row says up to which
date it counts, so a January–November statement is never mistaken for the year's final figures.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from sysselsattning.domain.personnummer import format_pnr
from sysselsattning.i18n import _, format_date, format_money
from sysselsattning.reports.charts import Column, draw_table, heading, page_footer
from sysselsattning.reports.layout import (
    ACCENT,
    ACCENT_LIGHT,
    FONT,
    FONT_BOLD,
    INK,
    MARGIN,
    MUTED,
    PAGE_H,
    PAGE_W,
    WARN,
    WARN_LIGHT,
    new_canvas,
    wrap,
)


@dataclass(frozen=True, slots=True)
class AnnualRow:
    payout_date: date
    payer: str
    gross_ore: int
    tax_ore: int
    net_ore: int
    shielded_ore: int
    cap_used_after_ore: int


@dataclass(frozen=True, slots=True)
class AnnualStatement:
    year: int
    name: str
    personnummer: str
    address: tuple[str, ...]
    rows: tuple[AnnualRow, ...]
    cap_ore: int  # the year's cap (0 = no cap decision)

    @property
    def gross_ore(self) -> int:
        return sum(r.gross_ore for r in self.rows)

    @property
    def tax_ore(self) -> int:
        return sum(r.tax_ore for r in self.rows)

    @property
    def net_ore(self) -> int:
        return sum(r.net_ore for r in self.rows)

    @property
    def cap_used_ore(self) -> int:
        return max((r.cap_used_after_ore for r in self.rows), default=0)

    @property
    def cap_left_ore(self) -> int:
        return max(0, self.cap_ore - self.cap_used_ore)


def render_pdf(statements: list[AnnualStatement], *, generated: date) -> bytes:
    buf = io.BytesIO()
    year = statements[0].year if statements else generated.year
    preliminary = generated <= date(year, 12, 31)
    title = (
        _("Årsbesked {year} – arvoden, preliminärt").format(year=year)
        if preliminary
        else _("Årsbesked {year} – arvoden").format(year=year)
    )
    c = new_canvas(buf, title)
    footer = _("Årsbesked · Sysselsättning först · skapat {date}").format(date=format_date(generated))
    if preliminary:
        footer = _("Preliminär – året är inte avslutat") + " · " + footer
    cols = [
        Column(_("Utbetald"), 62),
        Column(_("Förening"), 140),
        Column(_("Brutto, kr"), 58, "right"),
        Column(_("Skatt, kr"), 54, "right"),
        Column(_("Netto, kr"), 58, "right"),
        Column(_("Frikort, kr"), 58, "right"),
        Column(_("Använt, kr"), 65, "right"),
    ]
    m = lambda ore: format_money(ore, unit=False)  # noqa: E731 - the unit is in the column titles

    def new_page() -> float:
        page_footer(c, footer)
        c.showPage()
        return PAGE_H - MARGIN

    if not statements:
        y = heading(c, PAGE_H - MARGIN, title)
        c.setFont(FONT, 10)
        c.drawString(MARGIN, y, _("Inga utbetalda arvoden detta år."))
    for n, st in enumerate(statements):
        if n:
            new_page()
        y = heading(c, PAGE_H - MARGIN, title, 16)
        if preliminary:
            c.setFillColorRGB(*WARN_LIGHT)
            c.setStrokeColorRGB(*WARN)
            c.rect(MARGIN, y - 26, PAGE_W - 2 * MARGIN, 30, stroke=1, fill=1)
            c.setFillColorRGB(*WARN)
            c.setFont(FONT_BOLD, 11)
            c.drawString(MARGIN + 10, y - 8, _("Preliminär – året är inte avslutat"))
            c.setFont(FONT, 9)
            c.drawString(
                MARGIN + 10,
                y - 20,
                _("Beloppen gäller utbetalningar till och med {date}. Fler kan komma före årets slut.").format(
                    date=format_date(generated, "long")
                ),
            )
            y -= 44
        c.setFont(FONT, 10)
        c.setFillColorRGB(*INK)
        for line in (st.name, format_pnr(st.personnummer), *[a for a in st.address if a]):
            c.drawString(MARGIN, y, line)
            y -= 13
        y -= 10
        # Key figures in a light box.
        box_h = 58
        c.setFillColorRGB(*ACCENT_LIGHT)
        c.rect(MARGIN, y - box_h, PAGE_W - 2 * MARGIN, box_h, stroke=0, fill=1)
        figures = [
            (_("Arvode brutto"), st.gross_ore),
            (_("Avdragen skatt"), st.tax_ore),
            (_("Utbetalt netto"), st.net_ore),
        ]
        if st.cap_ore:
            figures.append((_("Kvar under taket"), st.cap_left_ore))
        cell = (PAGE_W - 2 * MARGIN) / len(figures)
        for i, (label, ore) in enumerate(figures):
            x = MARGIN + i * cell + 10
            c.setFillColorRGB(*MUTED)
            c.setFont(FONT, 8.5)
            c.drawString(x, y - 20, label)
            c.setFillColorRGB(*ACCENT)
            c.setFont(FONT_BOLD, 13)
            c.drawString(x, y - 40, format_money(ore))
        c.setFillColorRGB(*INK)
        y -= box_h + 22
        rows = [
            [
                format_date(r.payout_date),
                r.payer,
                m(r.gross_ore),
                m(r.tax_ore),
                m(r.net_ore),
                m(r.shielded_ore),
                m(r.cap_used_after_ore),
            ]
            for r in st.rows
        ]
        total = [
            "" if preliminary else _("Summa {year}").format(year=st.year),
            _("Summa hittills i år") if preliminary else "",
            m(st.gross_ore),
            m(st.tax_ore),
            m(st.net_ore),
            m(sum(r.shielded_ore for r in st.rows)),
            m(st.cap_used_ore),
        ]
        y = draw_table(c, y, cols, [*rows, total], new_page=new_page, bold_last=True)
        if st.cap_ore:
            cap_text = _(
                "Ditt frikort {year}: taket är {cap}. Du har använt {used} och har {left} kvar. Arvode under "
                "taket påverkar inte de förmåner som frikortet skyddar."
            ).format(
                year=st.year,
                cap=format_money(st.cap_ore),
                used=format_money(st.cap_used_ore),
                left=format_money(st.cap_left_ore),
            )
        else:
            cap_text = _("Du hade inget frikortsbeslut {year}: arvodet räknas som inkomst fullt ut.").format(
                year=st.year
            )
        notes = [
            cap_text,
            _(
                "Arvodena och skatten har redovisats till Skatteverket i föreningarnas arbetsgivardeklarationer. "
                "De finns förifyllda i din inkomstdeklaration – jämför gärna med beloppen här."
            ),
        ]
        c.setFont(FONT, 9)
        for note in notes:
            for line in wrap(note, FONT, 9, PAGE_W - 2 * MARGIN):
                if y < MARGIN + 30:
                    y = new_page()
                    c.setFont(FONT, 9)
                c.drawString(MARGIN, y, line)
                y -= 12.5
            y -= 5
    page_footer(c, footer)
    c.showPage()
    c.save()
    return buf.getvalue()
