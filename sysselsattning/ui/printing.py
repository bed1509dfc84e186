"""Printing that honours the print dialog on every platform.

A document is made as PDF (the same bytes that are saved or archived), and its pages are drawn into the
``QPrinter`` the user chose in Qt's print dialog: printer, page range and copies apply on Windows, Linux and
macOS alike. Nothing goes through ``os.startfile(path, "print")`` (Windows' default printer, choices lost) or
``lp``. The pages are rasterised with pypdfium2 (PDFium, already a dependency) at the printer's resolution,
capped at 300 dpi so an A4 page stays a few megabytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sysselsattning.i18n import _

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QWidget

MAX_DPI = 300


def print_pdf(data: bytes, printer: QPrinter) -> int:
    """Draw the PDF ``data`` into ``printer`` (its page range and copy count honoured); returns pages printed.

    Raises OSError when the printer cannot be opened."""
    import pypdfium2 as pdfium
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtPrintSupport import QPrinter as _Printer

    pdf = pdfium.PdfDocument(data)
    try:
        n = len(pdf)
        first = printer.fromPage() or 1
        last = min(printer.toPage() or n, n)
        pages = list(range(first - 1, last))
        # The driver makes the copies when it can; otherwise each copy is sent (collated).
        copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError(_("Skrivaren {name} kunde inte öppnas.").format(name=printer.printerName() or "?"))
        printed = 0
        try:
            dpi = min(printer.resolution(), MAX_DPI)
            target = printer.pageRect(_Printer.Unit.DevicePixel)
            for copy in range(copies):
                for i, index in enumerate(pages):
                    if copy or i:
                        printer.newPage()
                    page = pdf[index]
                    bitmap = page.render(scale=dpi / 72, prefer_bgrx=True)
                    w, h = bitmap.width, bitmap.height
                    image = QImage(bitmap.buffer, w, h, bitmap.stride, QImage.Format.Format_RGB32).copy()
                    # fit the page into the printable area, keeping its proportions
                    factor = min(target.width() / w, target.height() / h)
                    dw, dh = w * factor, h * factor
                    painter.drawImage(QRectF(0, 0, dw, dh), image)
                    printed += 1
        finally:
            painter.end()
        return printed
    finally:
        pdf.close()


def choose_printer(parent: QWidget, title: str, pages: int | None = None) -> QPrinter | None:
    """Qt's print dialog; the configured printer, or None when the user cancels (tests patch this)."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    if pages:
        dialog.setMinMax(1, pages)
    if not dialog.exec():
        return None
    return printer
