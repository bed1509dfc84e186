"""Shared PDF layout: the embedded DejaVu fonts, A4 geometry, colours and small drawing helpers.

Fonts come from ``resources/fonts`` (found with :func:`sysselsattning.paths.resource_path`) and are registered
once per process, with ``registerFontFamily`` so that bold works in platypus too. DejaVu Sans covers Swedish,
Polish, Turkish and the no-break spaces Babel puts in amounts (tech-notes §4). Canvases are made with
``invariant=1`` so the same input gives the same bytes (tests compare them).
"""

from __future__ import annotations

import io
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
PAGE_W, PAGE_H = A4
MARGIN = 50.0

# Calm colours that print well in black and white.
INK = (0.10, 0.10, 0.12)
MUTED = (0.38, 0.40, 0.44)
RULE = (0.75, 0.77, 0.80)
SHADE = (0.94, 0.95, 0.96)
ACCENT = (0.05, 0.33, 0.55)
ACCENT_LIGHT = (0.90, 0.95, 0.98)
WARN = (0.62, 0.25, 0.05)
WARN_LIGHT = (0.99, 0.95, 0.88)


_STANDIN = 0xE0A0  # a private-use code point that carries U+00A0 through reportlab's subsetting


@lru_cache(maxsize=1)
def _nbsp_font_class():
    """A TTFont that keeps U+00A0 in the PDF's text layer.

    reportlab's ``TTFont.splitString`` maps every no-break space to an ordinary space (ttfonts.py: "map nbsp
    into space"), so text extracted from the PDF would read ``1 234,50 kr`` with plain spaces although Babel's
    amounts (and ours) use U+00A0. This subclass sends U+00A0 through as a private-use stand-in drawn with the
    no-break-space glyph, and then labels that code as U+00A0 in the subset, so the ToUnicode map (copy/paste,
    search, pypdf) gives back exactly ``1\xa0234,50\xa0kr``.
    """
    from reportlab.pdfbase.ttfonts import TTFont

    class NbspTTFont(TTFont):
        def __init__(self, name: str, filename: str, **kw):
            super().__init__(name, filename, **kw)
            c2g = self.face.charToGlyph
            c2g[_STANDIN] = c2g.get(0xA0, c2g[0x20])
            self.face.charWidths[_STANDIN] = self.face.charWidths.get(0xA0, self.face.charWidths.get(0x20, 0))

        def splitString(self, text, doc, encoding="utf-8"):
            if "\xa0" not in text:
                return super().splitString(text, doc, encoding)
            result = super().splitString(text.replace("\xa0", chr(_STANDIN)), doc, encoding)
            state = self.state[doc]
            n = state.assignments.get(_STANDIN)
            if n is not None:
                subset = state.subsets[n >> 8]
                i = n & 0xFF
                if i < len(subset) and subset[i] == _STANDIN:
                    subset[i] = 0xA0
            return result

    return NbspTTFont


@lru_cache(maxsize=1)
def register_fonts() -> tuple[str, str]:
    """Register DejaVu Sans (regular and bold) once; returns the two font names."""
    from reportlab.lib.fonts import addMapping

    from sysselsattning.paths import resource_path

    nbsp_ttfont = _nbsp_font_class()

    names = pdfmetrics.getRegisteredFontNames()  # another report may have registered plain TTFonts already
    for name, file in ((FONT, "DejaVuSans.ttf"), (FONT_BOLD, "DejaVuSans-Bold.ttf")):
        if name not in names or not isinstance(pdfmetrics.getFont(name), nbsp_ttfont):
            pdfmetrics.registerFont(nbsp_ttfont(name, str(resource_path("fonts", file))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    return FONT, FONT_BOLD


def new_canvas(buffer: io.BytesIO, title: str, *, author: str = "Sysselsättning först") -> Canvas:
    """An A4 canvas with the fonts registered, reproducible output and document metadata."""
    register_fonts()
    c = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1, initialFontName=FONT, initialFontSize=10)
    c.setTitle(title)
    c.setAuthor(author)
    c.setCreator("Sysselsättning först")
    return c


_width_cache: dict[tuple[str, str, float], float] = {}


def text_width(text: str, font: str, size: float) -> float:
    key = (text, font, size)
    w = _width_cache.get(key)
    if w is None:
        w = pdfmetrics.stringWidth(text, font, size)
        if len(_width_cache) < 20000:
            _width_cache[key] = w
    return w


def clip(text: str, font: str, size: float, width: float) -> str:
    """``text`` shortened with "…" to fit ``width`` points (cheap when it fits)."""
    # Average DejaVu glyph is ~0.55 em wide: short strings cannot overflow, skip measuring them.
    if len(text) * size * 0.62 <= width:
        return text
    if text_width(text, font, size) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if pdfmetrics.stringWidth(text[:mid].rstrip() + "…", font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap to ``width`` points."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        trial = f"{current} {word}" if current else word
        if text_width(trial, font, size) <= width or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def draft_mark(c: Canvas, text: str) -> None:
    """A large diagonal light-grey mark ("UTKAST") behind the page content; a long text is set smaller so it
    fits the page's diagonal."""
    size = min(72.0, 620.0 * 72.0 / max(1.0, pdfmetrics.stringWidth(text, FONT_BOLD, 72)))
    c.saveState()
    c.setFillColorRGB(0.88, 0.88, 0.90)
    c.setFont(FONT_BOLD, size)
    c.translate(PAGE_W / 2, PAGE_H / 2)
    c.rotate(35)
    c.drawCentredString(0, 0, text)
    c.restoreState()


# ------------------------------------------------------------------------------------- flowing documents
def flowing_doc(buffer: io.BytesIO, title: str, *, top: float = 92.0, bottom: float = 40.0):
    """A platypus document on A4 with the fonts registered, reproducible output and a frame that leaves
    ``top`` points for the page heading (drawn by the caller's ``onPage`` function)."""
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    register_fonts()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        invariant=1,
        pageCompression=1,
        title=title,
        author="Sysselsättning först",
        creator="Sysselsättning först",
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=top,
        bottomMargin=bottom,
    )
    frame = Frame(MARGIN, bottom, PAGE_W - 2 * MARGIN, PAGE_H - top - bottom, id="body", leftPadding=0, rightPadding=0)
    return doc, frame, PageTemplate


def continued_table_class():
    """A platypus ``Table`` whose continuation after a page break says "… (forts.)" in its first row.

    Set ``continued_text`` on the instance; row 0 of every later part is replaced by that text (the other
    repeated header rows — the column labels — stay as they are)."""
    from reportlab.platypus import Table

    class ContinuedTable(Table):
        continued_text: object = None

        def split(self, availWidth, availHeight):  # noqa: N803 - reportlab's signature
            parts = super().split(availWidth, availHeight)
            for part in parts[1:]:
                part.continued_text = self.continued_text
                if self.continued_text is not None and part._cellvalues:
                    row = list(part._cellvalues[0])
                    row[0] = self.continued_text
                    part._cellvalues[0] = row
            return parts

    return ContinuedTable


def text_styles() -> dict:
    """The paragraph styles of the flowing documents (title, body, small notes, bold, right-aligned amounts)."""
    from reportlab.lib.styles import ParagraphStyle

    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13, textColor=INK)
    return {
        "title": ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=15, leading=20, spaceAfter=6),
        "body": body,
        "bold": ParagraphStyle("bold", parent=body, fontName=FONT_BOLD),
        "muted": ParagraphStyle("muted", parent=body, textColor=MUTED),
        "note": ParagraphStyle("note", parent=body, fontSize=8.5, leading=11, textColor=MUTED, spaceAfter=4),
        "warn": ParagraphStyle("warn", parent=body, fontSize=8.5, leading=11, textColor=WARN, spaceAfter=4),
        "group": ParagraphStyle("group", parent=body, fontName=FONT_BOLD, fontSize=11, leading=14),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5),
    }


def group_table(
    group: str,
    head: list[str],
    rows: list[list],
    total: list,
    widths: list[float],
    *,
    right_from: int,
    size: float = 8.5,
):
    """One group's block as a flowing table: a title row (``group``), the column labels, the rows and a bold
    total row. The title and labels repeat on every page and the title then reads "… (forts.)"; the total is
    kept together with the group's last rows so that no page starts with a lone subtotal. Columns from
    ``right_from`` on are right-aligned (amounts)."""
    from reportlab.platypus import Paragraph, TableStyle

    from sysselsattning.i18n import _

    st = text_styles()
    group = escape(group)
    cells = [[Paragraph(group, st["group"]), *[""] * (len(widths) - 1)], head, *rows, total]
    n = len(cells)
    t = continued_table_class()(cells, colWidths=widths, repeatRows=2)
    t.continued_text = Paragraph(_("{org} (forts.)").format(org=group), st["group"])
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 1), (-1, -1), FONT, size),
                ("FONT", (0, 1), (-1, 1), FONT_BOLD, size - 0.5),
                ("TEXTCOLOR", (0, 1), (-1, 1), MUTED),
                ("FONT", (0, n - 1), (-1, n - 1), FONT_BOLD, size),
                ("SPAN", (0, 0), (-1, 0)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("ALIGN", (right_from, 1), (-1, -1), "RIGHT"),
                ("LINEBELOW", (0, 1), (-1, 1), 0.8, RULE),
                ("ROWBACKGROUNDS", (0, 2), (-1, n - 2), [None, SHADE]),
                ("LINEABOVE", (0, n - 1), (-1, n - 1), 0.8, INK),
                # the total stays with the group's last rows: never a lone subtotal at the top of a page
                ("NOSPLIT", (0, max(2, n - 3)), (-1, n - 1)),
            ]
        )
    )
    return t


def page_decorator(footer: str, *, mark: str = ""):
    """An ``onPage`` function that draws the footer text (with ``mark`` before it, e.g. the preliminary mark)
    and the page number at the bottom of every page."""

    def on_page(c, doc) -> None:
        c.saveState()
        c.setFont(FONT, 7.5)
        x = MARGIN
        if mark:
            c.setFillColorRGB(*WARN)
            c.setFont(FONT_BOLD, 7.5)
            c.drawString(x, 28, mark)
            x += pdfmetrics.stringWidth(mark + " · ", FONT_BOLD, 7.5)
            c.setFont(FONT, 7.5)
        c.setFillColorRGB(*MUTED)
        c.drawString(x, 28, footer)
        c.drawRightString(PAGE_W - MARGIN, 28, str(doc.page))
        c.restoreState()

    return on_page
