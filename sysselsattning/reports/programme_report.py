"""Programme report for a year (PDF with vector charts, and CSV).

The figures the Danish evaluations of *socialt frikort* report (Ankestyrelsen 2020, Socialstyrelsen 2022;
docs/rules.md, S21f/S21l): how many took part and earned, how much they earned (average and median per
participant), hours and tasks, per association, worksite and month, the employer's cost, and how the cap was
used — how many reached it.

Input is :class:`ProgrammeFigures` (built by the service from approved runs); output bytes / text.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from sysselsattning.i18n import _, format_date, format_hours, format_money, format_month
from sysselsattning.i18n.catalog import N_
from sysselsattning.reports.charts import Column, bar_chart, draw_table, heading, page_footer
from sysselsattning.reports.layout import FONT, INK, MARGIN, MUTED, PAGE_H, PAGE_W, new_canvas


@dataclass(frozen=True, slots=True)
class GroupFigures:
    """One row: a month, an association, a worksite, or a worksite in a month."""

    association: str
    worksite: str
    month: str  # YYYY-MM or ""
    participants: int
    hours_hundredths: int
    tasks: int
    entries: int
    gross_ore: int
    employer_fee_ore: int

    @property
    def employer_cost_ore(self) -> int:
        return self.gross_ore + self.employer_fee_ore


@dataclass(frozen=True, slots=True)
class CapBucket:
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class ProgrammeFigures:
    year: int
    participants: int  # with any pay in the year
    gross_ore: int
    employer_fee_ore: int
    tax_ore: int
    hours_hundredths: int
    median_gross_ore: int
    with_cap: int  # participants with a cap decision (cap > 0)
    reached_cap: int
    cap_ore: int
    months: tuple[GroupFigures, ...]
    associations: tuple[GroupFigures, ...]
    worksites: tuple[GroupFigures, ...]
    worksite_months: tuple[GroupFigures, ...]
    cap_buckets: tuple[CapBucket, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def average_gross_ore(self) -> int:
        return (self.gross_ore + self.participants // 2) // self.participants if self.participants else 0


CSV_HEADER = [
    N_("Nivå"),
    N_("Förening"),
    N_("Arbetsplats"),
    N_("Månad"),
    N_("Deltagare"),
    N_("Timmar"),
    N_("Uppgifter"),
    N_("Arbetspass"),
    N_("Arvode"),
    N_("Arbetsgivaravgifter"),
    N_("Arbetsgivarkostnad"),
]


def _kr(ore: int) -> str:
    sign = "-" if ore < 0 else ""
    a = abs(ore)
    return f"{sign}{a // 100},{a % 100:02d}"


def _hours_cell(h: int) -> str:
    """Hours in a table; "–" where only piece-rate tasks were done (no "Timmar 0")."""
    return format_hours(h) if h else "–"


def _hours(h: int) -> str:
    return f"{h // 100},{h % 100:02d}"


def render_csv(f: ProgrammeFigures) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow([_(h) for h in CSV_HEADER])
    levels = [
        (_("Månad"), f.months),
        (_("Förening"), f.associations),
        (_("Arbetsplats"), f.worksites),
        (_("Arbetsplats och månad"), f.worksite_months),
    ]
    for level, groups in levels:
        for g in groups:
            w.writerow(
                [
                    level,
                    g.association,
                    g.worksite,
                    g.month,
                    g.participants,
                    _hours(g.hours_hundredths),
                    g.tasks,
                    g.entries,
                    _kr(g.gross_ore),
                    _kr(g.employer_fee_ore),
                    _kr(g.employer_cost_ore),
                ]
            )
    w.writerow(
        [
            _("Helår"),
            "",
            "",
            str(f.year),
            f.participants,
            _hours(f.hours_hundredths),
            "",
            "",
            _kr(f.gross_ore),
            _kr(f.employer_fee_ore),
            _kr(f.gross_ore + f.employer_fee_ore),
        ]
    )
    for b in f.cap_buckets:
        w.writerow([_("Frikortstak"), "", b.label, "", b.count, "", "", "", "", "", ""])
    return buf.getvalue()


def _month_label(month: str) -> str:
    y, m = (int(x) for x in month.split("-"))
    return format_month(date(y, m, 1))[:3]


def render_pdf(f: ProgrammeFigures, *, generated: date) -> bytes:
    buf = io.BytesIO()
    title = _("Programrapport {year} – Sysselsättning först").format(year=f.year)
    c = new_canvas(buf, title)
    footer = _("Programrapport {year} · skapad {date} · bara godkända lönekörningar").format(
        year=f.year, date=format_date(generated)
    )

    def new_page() -> float:
        page_footer(c, footer)
        c.showPage()
        return PAGE_H - MARGIN

    y = heading(c, PAGE_H - MARGIN, title, 16)
    # Key figures.
    share = f"{round(100 * f.reached_cap / f.with_cap)} %" if f.with_cap else "–"
    keys = [
        (_("Deltagare med arvode"), str(f.participants)),
        (_("Timmar"), format_hours(f.hours_hundredths)),
        (_("Arvoden brutto"), format_money(f.gross_ore, decimals=False)),
        (_("Arbetsgivarkostnad"), format_money(f.gross_ore + f.employer_fee_ore, decimals=False)),
        (_("Medel per deltagare"), format_money(f.average_gross_ore, decimals=False)),
        (_("Median per deltagare"), format_money(f.median_gross_ore, decimals=False)),
        (_("Med frikortsbeslut"), str(f.with_cap)),
        (_("Nådde taket"), f"{f.reached_cap} ({share})"),
    ]
    col_w = (PAGE_W - 2 * MARGIN) / 4
    for i, (label, value) in enumerate(keys):
        x = MARGIN + (i % 4) * col_w
        yy = y - (i // 4) * 36
        c.setFont(FONT, 8)
        c.setFillColorRGB(*MUTED)
        c.drawString(x, yy, label)
        c.setFont("DejaVuSans-Bold", 12)
        c.setFillColorRGB(*INK)
        c.drawString(x, yy - 15, value)
    y -= 36 * 2 + 10
    # Charts: arvode per month, and the distribution of cap use.
    chart_w = PAGE_W - 2 * MARGIN
    bar_chart(
        c,
        MARGIN,
        y - 170,
        chart_w,
        160,
        [_month_label(m.month) for m in f.months],
        [m.gross_ore for m in f.months],
        title=_("Arvoden per utbetalningsmånad (kr)"),
        value_text=lambda v: (
            _("{n} tkr").format(n=(v + 50_000) // 100_000).replace(" ", "\u00a0")
            if v >= 100_000
            else f"{(v + 50) // 100}"
        ),
    )
    y -= 200
    bar_chart(
        c,
        MARGIN,
        y - 150,
        chart_w * 0.62,
        140,
        [b.label for b in f.cap_buckets],
        [b.count for b in f.cap_buckets],
        title=_("Hur stor del av frikortstaket deltagarna använde"),
        value_text=str,
        highlight=len(f.cap_buckets) - 1 if f.cap_buckets else None,
    )
    c.setFont(FONT, 8)
    c.setFillColorRGB(*MUTED)
    tx = MARGIN + chart_w * 0.62 + 16
    for i, line in enumerate(
        [
            _("Taket {year}: {cap}").format(year=f.year, cap=format_money(f.cap_ore, decimals=False)),
            _("Bara deltagare med frikortsbeslut."),
            _("Den sista stapeln är de som nådde taket."),
        ]
    ):
        c.drawString(tx, y - 30 - i * 12, line)
    c.setFillColorRGB(*INK)
    y -= 180
    y = heading(c, y, _("Per månad"), 12)
    kr = lambda ore: format_money(ore, decimals=False)  # noqa: E731 - whole kronor in the tables, öre in the CSV
    month_cols = [
        Column(_("Månad"), 95),
        Column(_("Deltagare"), 60, "right"),
        Column(_("Timmar"), 55, "right"),
        Column(_("Arbetspass"), 65, "right"),
        Column(_("Arvode"), 75, "right"),
        Column(_("Avgifter"), 70, "right"),
        Column(_("Kostnad"), 75, "right"),
    ]
    rows = [
        [
            format_month(date(int(m.month[:4]), int(m.month[5:]), 1)),
            str(m.participants),
            format_hours(m.hours_hundredths),
            str(m.entries),
            kr(m.gross_ore),
            kr(m.employer_fee_ore),
            kr(m.employer_cost_ore),
        ]
        for m in f.months
    ]
    rows.append(
        [
            _("Helår"),
            str(f.participants),
            format_hours(f.hours_hundredths),
            str(sum(m.entries for m in f.months)),
            kr(f.gross_ore),
            kr(f.employer_fee_ore),
            kr(f.gross_ore + f.employer_fee_ore),
        ]
    )
    y = draw_table(c, y, month_cols, rows, new_page=new_page, bold_last=True)
    y = new_page()
    y = heading(c, y, _("Per förening"), 12)
    group_cols = [
        Column(_("Förening"), 165),
        Column(_("Deltagare"), 55, "right"),
        Column(_("Timmar"), 50, "right"),
        Column(_("Uppgifter"), 55, "right"),
        Column(_("Arvode"), 58, "right"),
        Column(_("Avgifter"), 54, "right"),
        Column(_("Kostnad"), 58, "right"),
    ]
    rows = [
        [
            g.association,
            str(g.participants),
            _hours_cell(g.hours_hundredths),
            str(g.tasks),
            kr(g.gross_ore),
            kr(g.employer_fee_ore),
            kr(g.employer_cost_ore),
        ]
        for g in f.associations
    ]
    y = draw_table(c, y, group_cols, rows, new_page=new_page)
    y -= 10
    y = heading(c, y, _("Per arbetsplats"), 12)
    site_cols = [
        Column(_("Arbetsplats"), 95),
        Column(_("Förening"), 120),
        Column(_("Deltagare"), 55, "right"),
        Column(_("Timmar"), 50, "right"),
        Column(_("Arvode"), 58, "right"),
        Column(_("Avgifter"), 54, "right"),
        Column(_("Kostnad"), 58, "right"),
    ]
    rows = [
        [
            g.worksite,
            g.association,
            str(g.participants),
            _hours_cell(g.hours_hundredths),
            kr(g.gross_ore),
            kr(g.employer_fee_ore),
            kr(g.employer_cost_ore),
        ]
        for g in f.worksites
    ]
    y = draw_table(c, y, site_cols, rows, new_page=new_page)
    if f.notes:
        c.setFont(FONT, 8)
        c.setFillColorRGB(*MUTED)
        for note in f.notes:
            if y < MARGIN + 30:
                y = new_page()
                c.setFont(FONT, 8)
            c.drawString(MARGIN, y, note)
            y -= 11
    page_footer(c, footer)
    c.showPage()
    c.save()
    return buf.getvalue()
