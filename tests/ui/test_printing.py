"""Printing renders the PDF's pages into the chosen QPrinter (read back from a PDF-format printer)."""

from __future__ import annotations

from datetime import date

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from sysselsattning.reports.cash_list import CashListData, CashRow, render
from sysselsattning.ui.printing import print_pdf


def _three_pages() -> bytes:
    rows = tuple(
        CashRow("Fontänhuset", f"Person {i}", "19850412-****", 5000, i, None, f"P{i}", "Person", i) for i in range(60)
    )
    return render(CashListData("april 2026", date(2026, 4, 27), rows))


def _printer(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_every_page_goes_to_the_chosen_printer(qapp, tmp_path):
    data = _three_pages()
    expected = len(PdfReader(__import__("io").BytesIO(data)).pages)
    out = tmp_path / "printed.pdf"
    assert print_pdf(data, _printer(out)) == expected
    printed = PdfReader(str(out))
    assert len(printed.pages) == expected
    assert abs(float(printed.pages[0].mediabox.width) - 595.3) < 2  # A4 kept


def test_the_page_range_from_the_dialog_is_honoured(qapp, tmp_path):
    out = tmp_path / "range.pdf"
    printer = _printer(out)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 2)
    assert print_pdf(_three_pages(), printer) == 1
    assert len(PdfReader(str(out)).pages) == 1


def test_copies_are_honoured(qapp, tmp_path):
    out = tmp_path / "copies.pdf"
    printer = _printer(out)
    printer.setCopyCount(2)
    n = print_pdf(_three_pages(), printer)
    # A PDF printer cannot make copies itself: each copy is sent.
    assert n == 2 * 3 or (printer.supportsMultipleCopies() and n == 3)
