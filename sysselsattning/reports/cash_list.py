"""The cash payout list (kontantutbetalning) of a pay run: ``render(data) -> bytes``.

One row per participant paid in cash — association, name, masked personnummer, slip number, amount — with a
line for the participant's signature and the date received, a subtotal per association and a grand total.
Printed by the coordinator, signed when the money is handed over, and kept with the run's papers.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from sysselsattning.i18n import _, format_date, format_money


@dataclass(frozen=True, slots=True)
class CashRow:
    organisation_name: str
    name: str
    pnr: str  # masked
    net_ore: int
    slip_number: int | None = None
    payment_date: date | None = None


@dataclass(frozen=True, slots=True)
class CashListData:
    period_text: str
    payment_date: date
    rows: tuple[CashRow, ...]
    draft: bool = False

    @property
    def total_ore(self) -> int:
        return sum(r.net_ore for r in self.rows)


_M = 42.0
_ROW = 30.0  # room for a signature


def render(data: CashListData) -> bytes:
    from sysselsattning.reports.layout import (
        FONT,
        FONT_BOLD,
        INK,
        MUTED,
        PAGE_H,
        PAGE_W,
        RULE,
        SHADE,
        clip,
        draft_mark,
        new_canvas,
    )

    right = PAGE_W - _M
    x_no, x_name, x_pnr, x_amt_r, x_sign, x_date = _M, _M + 30, _M + 184, _M + 345, _M + 357, _M + 462
    title = _("Kontantutbetalning {period}").format(period=data.period_text)
    buf = io.BytesIO()
    c = new_canvas(buf, title)

    # Lay out first (page count for "Sida n av m"): a sequence of ("org", name) / ("row", row) / ("sum", ore).
    items: list[tuple[str, object]] = []
    for org, rows in groupby(data.rows, key=lambda r: r.organisation_name):
        rows = list(rows)
        items.append(("org", org))
        items.extend(("row", r) for r in rows)
        items.append(("sum", (org, sum(r.net_ore for r in rows), len(rows))))
    items.append(("total", None))
    top_y = PAGE_H - _M - 92
    bottom_y = _M + 40
    pages: list[list[tuple[str, object]]] = [[]]
    y = top_y
    for kind, item in items:
        h = _ROW if kind == "row" else (40 if kind == "total" else 24)
        if y - h < bottom_y:
            pages.append([])
            y = top_y
        pages[-1].append((kind, item))
        y -= h
    n_pages = len(pages)

    for page_no, page in enumerate(pages, 1):
        if data.draft:
            draft_mark(c, _("UTKAST"))
        c.setFillColorRGB(*INK)
        c.setFont(FONT_BOLD, 20)
        c.drawString(_M, PAGE_H - _M - 20, title)
        c.setFont(FONT, 11)
        c.drawString(
            _M, PAGE_H - _M - 40, _("Utbetalningsdag: {date}").format(date=format_date(data.payment_date, "long"))
        )
        c.drawRightString(right, PAGE_H - _M - 40, _("Sida {n} av {total}").format(n=page_no, total=n_pages))
        y = PAGE_H - _M - 70
        c.setFont(FONT_BOLD, 9.5)
        c.setFillColorRGB(*MUTED)
        c.drawString(x_no, y, _("Nr"))
        c.drawString(x_name, y, _("Namn"))
        c.drawString(x_pnr, y, _("Personnummer"))
        c.drawRightString(x_amt_r, y, _("Belopp"))
        c.drawString(x_sign, y, _("Kvittens"))
        c.drawString(x_date, y, _("Datum"))
        c.setStrokeColorRGB(*RULE)
        c.line(_M, y - 6, right, y - 6)
        y = top_y
        for kind, item in page:
            c.setFillColorRGB(*INK)
            if kind == "org":
                c.setFont(FONT_BOLD, 12)
                c.drawString(_M, y - 16, clip(str(item), FONT_BOLD, 12, right - _M))
                y -= 24
            elif kind == "row":
                row: CashRow = item  # type: ignore[assignment]
                base = y - 19
                c.setFont(FONT, 10.5)
                c.drawString(x_no, base, str(row.slip_number or ""))
                c.drawString(x_name, base, clip(row.name, FONT, 10.5, x_pnr - x_name - 6))
                c.drawString(x_pnr, base, row.pnr)
                c.setFont(FONT_BOLD, 11)
                c.drawRightString(x_amt_r, base, format_money(row.net_ore))
                c.setStrokeColorRGB(*INK)
                c.setLineWidth(0.6)
                c.line(x_sign, base - 2, x_date - 10, base - 2)
                c.line(x_date, base - 2, right, base - 2)
                c.setStrokeColorRGB(*RULE)
                c.setLineWidth(0.4)
                c.line(_M, y - _ROW, right, y - _ROW)
                y -= _ROW
            elif kind == "total":
                c.setFont(FONT_BOLD, 13)
                y -= 10
                c.drawString(x_name, y - 14, _("Totalt kontant ({n} personer)").format(n=len(data.rows)))
                c.drawRightString(x_amt_r, y - 14, format_money(data.total_ore))
                y -= 30
            else:
                org, total, count = item  # type: ignore[misc]
                c.setFillColorRGB(*SHADE)
                c.rect(_M, y - 20, right - _M, 20, stroke=0, fill=1)
                c.setFillColorRGB(*INK)
                c.setFont(FONT_BOLD, 11)
                label = _("Summa, {n} personer").format(n=count)
                c.drawString(x_name, y - 14, clip(label, FONT_BOLD, 11, x_amt_r - x_name - 80))
                c.drawRightString(x_amt_r, y - 14, format_money(total))
                y -= 24
        if page_no == n_pages:
            c.setFillColorRGB(*INK)
            c.setFont(FONT, 10)
            c.drawString(
                _M,
                _M + 12,
                _("Utbetalt av: ______________________________    Attesterat av: ______________________________"),
            )
        if not data.rows and page_no == 1:
            c.setFont(FONT, 12)
            c.drawString(_M, top_y - 20, _("Ingen får kontant utbetalning i denna lönekörning."))
        c.showPage()
    c.save()
    return buf.getvalue()


def render_rows(period_text: str, payment_date: date, rows: Sequence[CashRow]) -> bytes:
    return render(CashListData(period_text, payment_date, tuple(rows)))
