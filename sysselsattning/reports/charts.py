"""Vector drawing helpers for the statements and the programme report: tables and bar charts on a canvas.

Everything is drawn with reportlab canvas primitives (rectangles, lines, text), so charts stay vector
graphics in the PDF and print sharply. Fonts and colours come from :mod:`sysselsattning.reports.layout`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from sysselsattning.reports.layout import (
    ACCENT,
    FONT,
    FONT_BOLD,
    INK,
    MARGIN,
    MUTED,
    PAGE_H,
    PAGE_W,
    RULE,
    SHADE,
    clip,
    register_fonts,
)


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    width: float
    align: str = "left"  # left | right


def page_footer(c: Canvas, text: str) -> None:
    c.setFont(FONT, 7.5)
    c.setFillColorRGB(*MUTED)
    c.drawString(MARGIN, 28, text)
    c.drawRightString(PAGE_W - MARGIN, 28, str(c.getPageNumber()))
    c.setFillColorRGB(*INK)


def heading(c: Canvas, y: float, text: str, size: float = 15) -> float:
    c.setFont(FONT_BOLD, size)
    c.setFillColorRGB(*INK)
    c.drawString(MARGIN, y, text)
    return y - size * 1.5


def draw_table(
    c: Canvas,
    y: float,
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    *,
    new_page: Callable[[], float],
    size: float = 8.5,
    bold_last: bool = False,
) -> float:
    """Draw a table from ``y`` down; continues on a new page (header repeated) when space runs out."""
    register_fonts()
    row_h = size * 1.75

    def header(y: float) -> float:
        c.setFillColorRGB(*SHADE)
        c.rect(MARGIN, y - row_h + 3, sum(col.width for col in columns), row_h, stroke=0, fill=1)
        c.setFillColorRGB(*INK)
        c.setFont(FONT_BOLD, size)
        _cells(c, y - row_h + 3 + size * 0.55, columns, [col.title for col in columns], FONT_BOLD, size)
        return y - row_h

    y = header(y)
    for i, row in enumerate(rows):
        if y - row_h < MARGIN + 20:
            y = header(new_page())
        last = bold_last and i == len(rows) - 1
        font = FONT_BOLD if last else FONT
        if last:
            c.setStrokeColorRGB(*INK)
            c.setLineWidth(0.8)
            c.line(MARGIN, y + 2, MARGIN + sum(col.width for col in columns), y + 2)
        c.setFont(font, size)
        _cells(c, y - row_h + 3 + size * 0.55, columns, row, font, size)
        c.setStrokeColorRGB(*RULE)
        c.setLineWidth(0.3)
        c.line(MARGIN, y - row_h + 3, MARGIN + sum(col.width for col in columns), y - row_h + 3)
        y -= row_h
    return y - 6


def _cells(
    c: Canvas, baseline: float, columns: Sequence[Column], values: Sequence[str], font: str, size: float
) -> None:
    x = MARGIN
    for col, value in zip(columns, values, strict=True):
        text = clip(str(value), font, size, col.width - 6)
        if col.align == "right":
            c.drawRightString(x + col.width - 3, baseline, text)
        else:
            c.drawString(x + 3, baseline, text)
        x += col.width


def bar_chart(
    c: Canvas,
    x: float,
    y: float,
    w: float,
    h: float,
    labels: Sequence[str],
    values: Sequence[int],
    *,
    title: str,
    value_text: Callable[[int], str],
    colour=ACCENT,
    highlight: int | None = None,
) -> None:
    """A vertical bar chart with its lower-left corner at (x, y): bars, value labels, category labels, axis."""
    register_fonts()
    c.saveState()
    c.setFont(FONT_BOLD, 9.5)
    c.setFillColorRGB(*INK)
    c.drawString(x, y + h + 6, title)
    plot_y = y + 16
    plot_h = h - 30
    top = max([v for v in values] + [1])
    n = max(len(values), 1)
    slot = w / n
    bar_w = slot * 0.62
    c.setStrokeColorRGB(*RULE)
    c.setLineWidth(0.4)
    for frac in (0.25, 0.5, 0.75, 1.0):  # light grid lines
        gy = plot_y + plot_h * frac
        c.line(x, gy, x + w, gy)
    c.setStrokeColorRGB(*INK)
    c.setLineWidth(0.8)
    c.line(x, plot_y, x + w, plot_y)
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        bx = x + i * slot + (slot - bar_w) / 2
        bh = plot_h * max(value, 0) / top
        if highlight is not None and i == highlight:
            c.setFillColorRGB(0.62, 0.25, 0.05)
        else:
            c.setFillColorRGB(*colour)
        c.rect(bx, plot_y, bar_w, bh, stroke=0, fill=1)
        c.setFillColorRGB(*INK)
        c.setFont(FONT, 6.5)
        c.drawCentredString(bx + bar_w / 2, plot_y + bh + 2.5, clip(value_text(value), FONT, 6.5, slot))
        c.setFillColorRGB(*MUTED)
        c.setFont(FONT, 7)
        c.drawCentredString(bx + bar_w / 2, y + 5, clip(label, FONT, 7, slot))
    c.restoreState()


def new_page_top() -> float:
    return PAGE_H - MARGIN
