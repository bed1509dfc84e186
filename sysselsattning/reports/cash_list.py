"""The cash payout list (kontantutbetalning) of a pay run: ``render(data) -> bytes``.

Laid out with reportlab's platypus so that it flows: one section per association — each pays from its own
cash — with its name, a table (Nr, name, masked personnummer, amount, the participant's signature and the date
received) whose column header repeats on every page and whose first row says "(forts.)" when the association
continues from the previous page, the association's subtotal kept together with its last rows (never an orphan
at the top of a page), and the association's own "Utbetalt av / Attesterat av" signature lines. Names are in
Swedish alphabetical order by surname (:mod:`sysselsattning.domain.collation`). The grand total counts
payments and people separately ("33 utbetalningar till 27 personer").
Printed by the coordinator, signed when the money is handed over, and kept with the run's papers.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from sysselsattning.domain.collation import sort_key
from sysselsattning.i18n import _, format_date, format_money, ngettext


@dataclass(frozen=True, slots=True)
class CashRow:
    organisation_name: str
    name: str
    pnr: str  # masked
    net_ore: int
    slip_number: int | None = None
    payment_date: date | None = None
    last_name: str = ""  # the order: surname, then first name (Swedish collation)
    first_name: str = ""
    participant_id: int | None = None  # counts people (one person can be paid by several associations)


@dataclass(frozen=True, slots=True)
class CashListData:
    period_text: str
    payment_date: date
    rows: tuple[CashRow, ...]
    draft: bool = False

    @property
    def total_ore(self) -> int:
        return sum(r.net_ore for r in self.rows)

    @property
    def people(self) -> int:
        return len({r.participant_id if r.participant_id is not None else r.pnr + r.name for r in self.rows})


def row_order(row: CashRow) -> tuple:
    """Association, then surname and first name, in Swedish alphabetical order."""
    last = row.last_name or (row.name.rsplit(" ", 1)[-1] if row.name else "")
    first = row.first_name or (row.name.rsplit(" ", 1)[0] if " " in row.name else "")
    return (sort_key(row.organisation_name), sort_key(last), sort_key(first), row.slip_number or 0)


def count_text(payments: int, people: int) -> str:
    """ "33 utbetalningar till 27 personer" (one person paid by two associations is two payments)."""
    return (
        ngettext("{n} utbetalning", "{n} utbetalningar", payments).format(n=payments)
        + " "
        + ngettext("till {n} person", "till {n} personer", people).format(n=people)
    )


def render(data: CashListData) -> bytes:
    """The list as PDF bytes (built twice: the first pass counts the pages for "Sida n av m")."""
    pages = _build(data, None)[1]
    return _build(data, pages)[0]


def _build(data: CashListData, total_pages: int | None) -> tuple[bytes, int]:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer, TableStyle

    from sysselsattning.reports.layout import (
        FONT,
        FONT_BOLD,
        INK,
        MARGIN,
        MUTED,
        PAGE_H,
        PAGE_W,
        RULE,
        SHADE,
        continued_table_class,
        draft_mark,
        flowing_doc,
    )

    title = _("Kontantutbetalning {period}").format(period=data.period_text)
    buf = io.BytesIO()
    doc, frame, page_template = flowing_doc(buf, title, top=MARGIN + 62, bottom=MARGIN + 8)
    right = PAGE_W - MARGIN
    body = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=13, textColor=INK)
    bold = ParagraphStyle("bold", parent=body, fontName=FONT_BOLD)
    amount = ParagraphStyle("amount", parent=bold, alignment=2)  # right-aligned
    small = ParagraphStyle("small", parent=body, fontSize=9, leading=11)
    org_style = ParagraphStyle("org", parent=body, fontName=FONT_BOLD, fontSize=12.5, leading=15)
    total_style = ParagraphStyle("total", parent=body, fontName=FONT_BOLD, fontSize=12.5, leading=16)
    widths = [34, 150, 100, 82, 82, PAGE_W - 2 * MARGIN - 448]
    table = continued_table_class()
    rows = sorted(data.rows, key=row_order)

    def heading(c, doc_) -> None:
        c.saveState()
        if data.draft:
            draft_mark(c, _("UTKAST"))
        c.setFillColorRGB(*INK)
        c.setFont(FONT_BOLD, 20)
        c.drawString(MARGIN, PAGE_H - MARGIN - 20, title)
        c.setFont(FONT, 11)
        c.drawString(
            MARGIN,
            PAGE_H - MARGIN - 40,
            _("Utbetalningsdag: {date}").format(date=format_date(data.payment_date, "long")),
        )
        c.setFillColorRGB(*MUTED)
        c.setFont(FONT, 9)
        c.drawRightString(right, MARGIN - 4, _("Sida {n} av {total}").format(n=doc_.page, total=total_pages or 0))
        c.restoreState()

    doc.addPageTemplates([page_template(id="page", frames=[frame], onPage=heading)])
    story: list = []
    head = [_("Nr"), _("Namn"), _("Personnummer"), _("Belopp"), _("Kvittens"), _("Datum")]
    for org, group in groupby(rows, key=lambda r: r.organisation_name):
        group = list(group)
        people = len({r.participant_id if r.participant_id is not None else r.pnr + r.name for r in group})
        cells = [
            [Paragraph(org, org_style), "", "", "", "", ""],
            head,
            *(
                [
                    str(r.slip_number or ""),
                    Paragraph(r.name, body),
                    r.pnr,
                    Paragraph(format_money(r.net_ore), amount),
                    "",
                    "",
                ]
                for r in group
            ),
            [
                "",
                [Paragraph(_("Summa {org}").format(org=org), bold), Paragraph(count_text(len(group), people), small)],
                "",
                Paragraph(format_money(sum(r.net_ore for r in group)), amount),
                "",
                "",
            ],
            ["", Paragraph(_("Utbetalt av:"), body), "", "", Paragraph(_("Datum:"), body), ""],
            ["", Paragraph(_("Attesterat av:"), body), "", "", Paragraph(_("Datum:"), body), ""],
        ]
        n = len(cells)
        t = table(cells, colWidths=widths, repeatRows=2, rowHeights=[22, 16, *([28] * len(group)), None, 30, 30])
        t.continued_text = Paragraph(_("{org} (forts.)").format(org=org), org_style)
        style = [
            ("FONT", (0, 0), (-1, -1), FONT, 10.5),
            ("FONT", (0, 1), (-1, 1), FONT_BOLD, 9),
            ("TEXTCOLOR", (0, 1), (-1, 1), MUTED),
            ("SPAN", (0, 0), (-1, 0)),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("RIGHTPADDING", (3, 0), (3, -1), 8),
            ("ALIGN", (3, 1), (3, -1), "RIGHT"),
            ("LINEBELOW", (0, 1), (-1, 1), 0.8, RULE),
            ("LINEBELOW", (0, 2), (-1, n - 4), 0.4, RULE),
            # the signature and date lines of each payment
            ("LINEBELOW", (4, 2), (4, n - 4), 0.6, INK),
            ("LINEBELOW", (5, 2), (5, n - 4), 0.6, INK),
            ("BACKGROUND", (0, n - 3), (-1, n - 3), SHADE),
            ("SPAN", (1, n - 3), (2, n - 3)),
            # the association's own signature lines
            ("SPAN", (1, n - 2), (3, n - 2)),
            ("SPAN", (1, n - 1), (3, n - 1)),
            ("LINEBELOW", (1, n - 2), (3, n - 2), 0.6, INK),
            ("LINEBELOW", (1, n - 1), (3, n - 1), 0.6, INK),
            ("LINEBELOW", (4, n - 2), (5, n - 2), 0.6, INK),
            ("LINEBELOW", (4, n - 1), (5, n - 1), 0.6, INK),
            # the subtotal and signatures stay with the last payments: no orphan at the top of a page
            ("NOSPLIT", (0, max(2, n - 5)), (-1, n - 1)),
        ]
        t.setStyle(TableStyle(style))
        story += [t, Spacer(0, 14)]
    if rows:
        story.append(
            Paragraph(
                _("Totalt kontant: {amount} – {count}").format(
                    amount=format_money(data.total_ore), count=count_text(len(rows), data.people)
                ),
                total_style,
            )
        )
    else:
        story.append(Paragraph(_("Ingen får kontant utbetalning i denna lönekörning."), body))
    doc.build(story)
    return buf.getvalue(), doc.page


def render_rows(period_text: str, payment_date: date, rows: Sequence[CashRow]) -> bytes:
    return render(CashListData(period_text, payment_date, tuple(rows)))
