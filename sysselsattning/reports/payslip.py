"""Pay slips (lönebesked) as one PDF: ``render(slips) -> bytes``.

Input is plain data (:class:`PayslipData`, amounts in öre) — no database, no Qt — so the CLI, the screens and
the tests share this code. Written for a participant who may have little schooling: large type, one big
"Att få" amount (the one word for the net amount everywhere on the slip), plain words for the tax ("Ingen skatt – under 1 000 kr i år", "Skatt enligt tabell 32, kolumn 1"), a box explaining the
yearly cap (frikort) in everyday Swedish, no jargon.

Speed: 1 000 slips go into one PDF. The canvas is used directly (no platypus), fonts are registered once,
amounts are formatted with the fast öre formatter, and nothing is measured that cannot overflow. Output is
byte-reproducible (``invariant=1``).

Layout (A4, points from the top): header with the association (address on its own lines), the participant,
the work period and the pay day; the "Att få" box with how it is paid (cash, or bank account masked); the work
lines (date, worksite, task wrapped onto a second line when long, hours or pieces, rate, amount; corrections
shaded and marked "Rättelse"); the sum box (gross, corrections, tax with its reason, net); the participant's
year-to-date across every association (with each association's part when several pay); the cap box (the
figures after all of the pay day's payments, and the cap decision's dates in words); the footer names the
contact person and phone. The bottom block is measured, not reserved, so a slip stays on one page whenever
its lines fit (25 lines do); continued pages repeat the heading and the table header.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sysselsattning.i18n import _, format_date, format_money, format_quantity
from sysselsattning.i18n.catalog import N_


@dataclass(frozen=True, slots=True)
class SlipLine:
    work_date: date
    worksite: str
    task: str
    unit: str  # hour | piece | occasion
    quantity_hundredths: int
    rate_ore: int
    amount_ore: int
    is_correction: bool = False
    comment: str = ""


@dataclass(frozen=True, slots=True)
class PayslipData:
    """One participant's pay from one association in one run."""

    slip_number: int | None
    organisation_name: str
    organisation_orgnr: str
    organisation_address: str
    participant_name: str
    participant_pnr: str  # masked, e.g. 19850412-****
    participant_address: tuple[str, ...]
    period_text: str  # "mars 2026"
    payment_date: date
    lines: tuple[SlipLine, ...]
    gross_ore: int
    correction_ore: int
    tax_ore: int
    tax_text: str  # "Skatt enligt tabell 32, kolumn 1", "30 % – arvodet är inte din huvudinkomst"
    net_ore: int
    payout_method: str  # cash | bank
    payout_text: str  # "Kontant" / "Till bankkonto 8327-******1234"
    ytd_gross_ore: int
    ytd_tax_ore: int
    ytd_net_ore: int
    cap_applies: bool
    cap_ore: int
    cap_used_ore: int
    cap_shields: tuple[str, ...] = ("forsorjningsstod", "bostadstillagg")
    draft: bool = False
    estimate: bool = False
    year: int = 0
    organisation_address_lines: tuple[str, ...] = ()  # street; postcode and town (each on its own line)
    contact_name: str = ""  # the association's contact person, named in the footer
    contact_phone: str = ""
    ytd_parts: tuple[tuple[str, int], ...] = ()  # (association, gross this year) when several associations pay
    cap_decision_from: date | None = None
    cap_decision_to: date | None = None
    tax_reason_text: str = ""  # why no tax is taken, when the tax line does not say it (tax modes fill it)

    @property
    def cap_left_ore(self) -> int:
        return max(0, self.cap_ore - self.cap_used_ore)


# --------------------------------------------------------------------------------------- geometry
# Column x positions (left edges, or right edges for numbers).
_M = 50.0
_W = 595.2756
_H = 841.8898
_RIGHT = _W - _M
_X_DATE = _M + 4
_X_SITE = _M + 66
_X_TASK = _M + 168
_X_TASK_END = _M + 292
_X_QTY_R = _M + 335
_X_RATE_R = _M + 405
_X_AMT_R = _RIGHT - 4
_ROW = 13.5
_BODY = 10.5
_TABLE_TOP = 638.0  # y of the table header on the first page
_TABLE_TOP_CONT = 740.0
_FOOT = 20.0
_BOX = 10.5  # the cap box's type size and line spacing
_BOX_ROW = 13.5

_UNIT = {"hour": N_("tim"), "piece": N_("st"), "occasion": N_("ggr")}
_SHIELD_WORDS = {"forsorjningsstod": N_("försörjningsstöd"), "bostadstillagg": N_("bostadstillägg")}


def _texts() -> dict[str, str]:
    """UI strings, translated once per render (not per slip)."""
    return {
        "title": _("Lönebesked"),
        "to": _("Till"),
        "period": _("Arbetet gjordes"),
        "paydate": _("Utbetalningsdag"),
        "number": _("Lönebesked nr"),
        "you_get": _("Att få"),
        "date": _("Datum"),
        "site": _("Arbetsplats"),
        "task": _("Uppgift"),
        "qty": _("Antal"),
        "rate": _("Pris"),
        "amount": _("Belopp"),
        "correction": _("Rättelse"),
        "correction_of": _("Rättelse av arbete den {date}. Det är betalt förut."),
        "gross": _("Arvode före skatt"),
        "of_which_corr": _("varav rättelser"),
        "net": _("Att få"),
        "ytd": _("Hittills i år"),
        "ytd_all": _("Hittills i år, alla föreningar"),
        "ytd_gross": _("Arvode"),
        "ytd_tax": _("Skatt"),
        "ytd_net": _("Att få"),
        "ytd_part": _("varav {org}"),
        "orgnr": _("Org.nr"),
        "cap_title": _("Frikort {year}: ditt tak för året"),
        "cap_used": _(
            "Taket är {cap} i år. Du har fått {used} som räknas mot taket. Det är allt från alla föreningar, "
            "till och med den {date}."
        ),
        "cap_from": _("Ditt frikort gäller från {start}. Bara arvode som du får från den dagen räknas mot taket."),
        "cap_from_to": _(
            "Ditt frikort gäller från {start} till {end}. Bara arvode som du får de dagarna räknas mot taket."
        ),
        "cap_left": _("Kvar under taket: {left}"),
        "cap_full": _("Du har nått taket."),
        "cap_rule": _(
            "Arvode under taket gör inte ditt {shields} mindre. Får du mer än taket, kan ditt {shields} bli mindre."
        ),
        "no_cap_title": _("Frikort"),
        "no_cap": _(
            "Du har inget frikort nu. Då är arvodet en inkomst. Då kan du få mindre {shields}. "
            "Vill du ha frikort? Fråga din handläggare."
        ),
        "tell": _("Säg alltid till din handläggare när du får arvode."),
        "questions": _("Har du frågor? Prata med {org}."),
        "questions_contact": _("Har du frågor? Ring {name} på {org}. Telefon: {phone}."),
        "questions_name": _("Har du frågor? Prata med {name} på {org}."),
        "page": _("Sida {n} av {total}"),
        "cont": _("Lönebesked (fortsättning)"),
        "draft": _("FÖRHANDSGRANSKNING – inte godkänd"),
        "draft_note": _("Förhandsgranskning. Lönen är inte godkänd än. Beloppen kan ändras."),
        "estimate": _("Beloppet kan ändras lite. En av reglerna är inte säker än."),
        "and": _("och"),
    }


@lru_cache(maxsize=4096)
def _qty(hundredths: int, unit: str) -> str:
    """``2,5 tim`` / ``3 st``."""
    return f"{format_quantity(hundredths)}\xa0{_(_UNIT.get(unit, '')) if unit in _UNIT else ''}"


@lru_cache(maxsize=4096)
def _day(d: date, year: int) -> str:
    """``2 mars`` (with the year when it is not the payment year, e.g. a correction from last December)."""
    from sysselsattning.i18n import format_date as fd

    return fd(d, "d MMM" if d.year == year else "d MMM y")


def _long_day(d: date, year: int) -> str:
    """``12 februari`` (``12 februari 2025`` another year): in a sentence, no abbreviation's full stop."""
    return format_date(d, "d MMMM" if d.year == year else "d MMMM y")


def _shields_text(shields: Sequence[str], word_and: str) -> str:
    words = [_(_SHIELD_WORDS.get(s, s)) for s in shields] or [_("försörjningsstöd")]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" {word_and} " + words[-1]


def _rows_per_page(first: bool, last: bool, bottom_block: float) -> int:
    top = (_TABLE_TOP if first else _TABLE_TOP_CONT) - 18
    bottom = (_M + _FOOT + bottom_block) if last else (_M + _FOOT)
    return max(2, int((top - bottom) // _ROW))


def _paginate(heights: Sequence[int], bottom_block: float) -> list[tuple[int, int]]:
    """Split table lines (each 1–3 rows high) into pages: [(start, end), …]; the last page also holds
    the sum, year-to-date and cap boxes (``bottom_block`` points, measured for this slip; on a page of their
    own when the lines fill the previous one)."""
    n = len(heights)
    if sum(heights) <= _rows_per_page(True, True, bottom_block):
        return [(0, n)]
    pages: list[tuple[int, int]] = []
    start, first = 0, True
    while True:
        if sum(heights[start:]) <= _rows_per_page(first, True, bottom_block):
            pages.append((start, n))
            return pages
        room, end = _rows_per_page(first, False, bottom_block), start
        while end < n and room >= heights[end]:
            room -= heights[end]
            end += 1
        if end == n:  # all lines fit but the boxes would not: the last lines go with the boxes (never alone)
            keep = max(1, min(3, end - start - 1))
            pages.append((start, n - keep))
            pages.append((n - keep, n))
            return pages
        pages.append((start, end))
        start, first = end, False


def _cap_box(s: PayslipData, t: dict[str, str]) -> dict:
    """The cap box's texts: title, the facts (used, decision dates), "Kvar under taket", the rule."""
    shields = _shields_text(s.cap_shields, t["and"])
    year = s.year or s.payment_date.year
    if not s.cap_applies:
        return {"title": t["no_cap_title"], "facts": [], "left": "", "rule": [t["no_cap"].format(shields=shields)]}
    facts = [
        t["cap_used"].format(
            date=format_date(s.payment_date, "long"), used=format_money(s.cap_used_ore), cap=format_money(s.cap_ore)
        )
    ]
    start, end = s.cap_decision_from, s.cap_decision_to
    if start is not None and start > date(year, 1, 1):
        facts.append(
            t["cap_from_to"].format(start=format_date(start, "long"), end=format_date(end, "long"))
            if end is not None and end < date(year, 12, 31)
            else t["cap_from"].format(start=format_date(start, "long"))
        )
    return {
        "title": t["cap_title"].format(year=year),
        "facts": facts,
        "left": t["cap_left"].format(left=format_money(s.cap_left_ore)),
        "rule": [t["cap_rule"].format(shields=shields)],
    }


_TAX_X = _M + 250  # the sums band's label column


def _questions(s: PayslipData, t: dict[str, str]) -> str:
    if s.contact_name and s.contact_phone:
        return t["questions_contact"].format(name=s.contact_name, org=s.organisation_name, phone=s.contact_phone)
    if s.contact_name:
        return t["questions_name"].format(name=s.contact_name, org=s.organisation_name)
    return t["questions"].format(org=s.organisation_name)


def prose(s: PayslipData) -> list[str]:
    """The sentences this slip prints for the participant to read (not the labels, amounts and table rows),
    in the order they appear: corrections, the tax line, the cap box, the notes, the footer. Kept at
    LIX ≤ 30 (``domain.readability``; tests/reports/test_plain_swedish.py)."""
    t = _texts()
    out = [
        t["correction_of"].format(date=_long_day(line.work_date, s.payment_date.year))
        for line in s.lines
        if line.is_correction
    ]
    out += [text for text in (s.tax_text, s.tax_reason_text) if text]
    box = _cap_box(s, t)
    out += [*box["facts"], box["left"] + (" " + t["cap_full"] if s.cap_applies and s.cap_left_ore == 0 else "")]
    out += [*box["rule"], t["tell"]]
    if s.draft:
        out.append(t["draft_note"])
    if s.estimate:
        out.append(t["estimate"])
    out.append(_questions(s, t))
    return [text for text in out if text.strip()]


# ----------------------------------------------------------------------------------------- drawing
def render(slips: Sequence[PayslipData], *, progress=None, title: str | None = None) -> bytes:
    """All ``slips`` in one PDF, one or more pages each.

    Args:
        progress: optional ``progress(done, total)`` callback (called every 25 slips; may raise to cancel).
    """
    from sysselsattning.reports.layout import new_canvas

    buf = io.BytesIO()
    t = _texts()
    c = new_canvas(buf, title or t["title"])
    total = len(slips)
    for i, slip in enumerate(slips):
        _draw_slip(c, slip, t)
        if progress is not None and (i % 25 == 24 or i + 1 == total):
            progress(i + 1, total)
    if not slips:
        c.setFont("DejaVuSans", 14)
        c.drawString(_M, _H - _M - 20, _("Inga lönebesked att skriva ut."))
        c.showPage()
    c.save()
    return buf.getvalue()


def _draw_slip(c, s: PayslipData, t: dict[str, str]) -> None:
    from sysselsattning.reports.layout import FONT, FONT_BOLD, INK, MUTED, RULE, SHADE, clip, draft_mark

    task_lines = [_task_lines(line.task) for line in s.lines]
    heights = [len(tl) + (1 if line.is_correction else 0) for tl, line in zip(task_lines, s.lines, strict=True)]
    pages = _paginate(heights, _bottom_height(s, t))
    n_pages = len(pages)
    for page_no, (start, end) in enumerate(pages, 1):
        first = page_no == 1
        last = page_no == n_pages
        if s.draft:
            draft_mark(c, t["draft"])
        c.setFillColorRGB(*INK)
        if first:
            y = _header(c, s, t)
        else:
            # continued pages repeat the heading: who, which association, which period and pay day
            c.setFont(FONT_BOLD, 16)
            c.drawString(_M, _H - _M - 16, t["cont"])
            c.setFont(FONT, 11)
            c.drawRightString(
                _RIGHT, _H - _M - 16, clip(f"{s.participant_name} · {s.organisation_name}", FONT, 11, 300)
            )
            c.setFont(FONT, 9.5)
            c.setFillColorRGB(*MUTED)
            c.drawRightString(
                _RIGHT,
                _H - _M - 30,
                f"{t['period']}: {s.period_text} · {t['paydate']}: {format_date(s.payment_date, 'long')}",
            )
            c.setFillColorRGB(*INK)
            y = _TABLE_TOP_CONT

        if end > start or first:
            # table header
            c.setFillColorRGB(*MUTED)
            c.setFont(FONT_BOLD, 9.5)
            c.drawString(_X_DATE, y, t["date"])
            c.drawString(_X_SITE, y, t["site"])
            c.drawString(_X_TASK, y, t["task"])
            c.drawRightString(_X_QTY_R, y, t["qty"])
            c.drawRightString(_X_RATE_R, y, t["rate"])
            c.drawRightString(_X_AMT_R, y, t["amount"])
            c.setStrokeColorRGB(*RULE)
            c.setLineWidth(0.8)
            c.line(_M, y - 6, _RIGHT, y - 6)
            y -= 6 + _ROW
            c.setFont(FONT, _BODY)
            c.setFillColorRGB(*INK)
            for line, wrapped in zip(s.lines[start:end], task_lines[start:end], strict=True):
                if line.is_correction:
                    c.setFillColorRGB(*SHADE)
                    rows = len(wrapped) + 1
                    c.rect(_M, y - 4.5 - (rows - 1) * _ROW + 2, _RIGHT - _M, rows * _ROW - 2, stroke=0, fill=1)
                    c.setFillColorRGB(*INK)
                c.drawString(_X_DATE, y, _day(line.work_date, s.payment_date.year))
                c.drawString(_X_SITE, y, clip(line.worksite, FONT, _BODY, _X_TASK - _X_SITE - 6))
                c.drawRightString(_X_QTY_R, y, _qty(line.quantity_hundredths, line.unit))
                c.drawRightString(_X_RATE_R, y, format_money(line.rate_ore))
                c.drawRightString(_X_AMT_R, y, format_money(line.amount_ore))
                for part in wrapped:  # long task names wrap instead of being clipped
                    c.drawString(_X_TASK, y, part)
                    y -= _ROW
                if line.is_correction:
                    c.setFont(FONT_BOLD, 9)
                    c.drawString(
                        _X_SITE,
                        y + 2,
                        clip(
                            t["correction_of"].format(date=_long_day(line.work_date, s.payment_date.year)),
                            FONT_BOLD,
                            9,
                            _X_AMT_R - _X_SITE,
                        ),
                    )
                    c.setFont(FONT, _BODY)
                    y -= _ROW - 2
            c.setStrokeColorRGB(*RULE)
            c.line(_M, y + _ROW - 5, _RIGHT, y + _ROW - 5)

        if last:
            _bottom(c, s, t, y - 6)
        _footer(c, s, t, page_no, n_pages)
        c.showPage()


def _header(c, s: PayslipData, t: dict[str, str]) -> float:
    from sysselsattning.reports.layout import ACCENT, ACCENT_LIGHT, FONT, FONT_BOLD, INK, MUTED, RULE, clip, wrap

    top = _H - _M
    c.setFont(FONT_BOLD, 26)
    c.setFillColorRGB(*ACCENT)
    c.drawString(_M, top - 26, t["title"])
    c.setFillColorRGB(*INK)
    c.setFont(FONT_BOLD, 12.5)
    c.drawRightString(_RIGHT, top - 12, clip(s.organisation_name, FONT_BOLD, 12.5, 300))
    c.setFont(FONT, 9.5)
    c.setFillColorRGB(*MUTED)
    # the employer's address on separate lines (street; postcode and town), then the org.nr
    address = s.organisation_address_lines or ((s.organisation_address,) if s.organisation_address else ())
    ay = top - 24.5
    for part in address[:2]:
        c.drawRightString(_RIGHT, ay, clip(part, FONT, 9.5, 300))
        ay -= 10.5
    c.drawRightString(_RIGHT, ay, f"{t['orgnr']} {s.organisation_orgnr}")
    c.setStrokeColorRGB(*RULE)
    c.setLineWidth(0.8)
    c.line(_M, top - 52, _RIGHT, top - 52)

    # participant (left), period and payment date (middle), the big "Du får" box (right)
    y = top - 66
    x_mid = _M + 205
    c.setFont(FONT, 9.5)
    c.drawString(_M, y, t["to"])
    c.drawString(x_mid, y, t["period"])
    c.drawString(x_mid, y - 36, t["paydate"])
    c.setFillColorRGB(*INK)
    c.setFont(FONT_BOLD, 15)
    c.drawString(_M, y - 18, clip(s.participant_name, FONT_BOLD, 15, 195))
    c.setFont(FONT_BOLD, 12)
    c.drawString(x_mid, y - 16, s.period_text)
    c.drawString(x_mid, y - 52, format_date(s.payment_date, "long"))
    c.setFont(FONT, 11)
    c.drawString(_M, y - 34, s.participant_pnr)
    yy = y - 49
    for part in s.participant_address[:2]:
        c.drawString(_M, yy, clip(part, FONT, 11, 195))
        yy -= 14
    if s.slip_number is not None:
        c.setFillColorRGB(*MUTED)
        c.setFont(FONT, 9.5)
        c.drawString(x_mid, y - 72, f"{t['number']} {s.slip_number}")

    box_x = _M + 335
    box_top = y + 8
    c.setFillColorRGB(*ACCENT_LIGHT)
    c.setStrokeColorRGB(*ACCENT)
    c.setLineWidth(1.2)
    c.roundRect(box_x, box_top - 84, _RIGHT - box_x, 84, 6, stroke=1, fill=1)
    c.setFillColorRGB(*INK)
    c.setFont(FONT_BOLD, 13)
    c.drawString(box_x + 12, box_top - 20, t["you_get"])
    c.setFont(FONT_BOLD, 22)
    c.drawRightString(_RIGHT - 12, box_top - 50, format_money(s.net_ore))
    c.setFont(FONT, 10)
    payout = wrap(s.payout_text, FONT, 10, _RIGHT - box_x - 24)
    if len(payout) == 1:
        c.drawString(box_x + 12, box_top - 72, payout[0])
    else:
        c.drawString(box_x + 12, box_top - 66, payout[0])
        c.drawString(box_x + 12, box_top - 78, clip(" ".join(payout[1:]), FONT, 10, _RIGHT - box_x - 24))
    return _TABLE_TOP


class _Measure:
    """A stand-in canvas that draws nothing: :func:`_bottom` run on it measures the bottom block."""

    def __getattr__(self, _name: str):
        return lambda *_a, **_k: None


@lru_cache(maxsize=4096)
def _task_lines(task: str) -> tuple[str, ...]:
    """The task name wrapped to the task column (at most three lines; the last one clipped)."""
    from sysselsattning.reports.layout import FONT, clip, wrap

    width = _X_TASK_END - _X_TASK
    parts = wrap(task, FONT, _BODY, width) or [""]
    if len(parts) > 3:
        parts = [*parts[:2], clip(" ".join(parts[2:]), FONT, _BODY, width)]
    return tuple(parts)


def _bottom_height(s: PayslipData, t: dict[str, str]) -> float:
    """Points the sums, year-to-date and cap boxes of this slip need below the table."""
    return 6 - _bottom(_Measure(), s, t, 0.0)


def _bottom(c, s: PayslipData, t: dict[str, str], y: float) -> float:
    """Draw the sums, the year-to-date and the cap box from ``y`` down; returns the lowest y used."""
    from sysselsattning.reports.layout import (
        ACCENT,
        ACCENT_LIGHT,
        FONT,
        FONT_BOLD,
        INK,
        MUTED,
        WARN,
        WARN_LIGHT,
        clip,
        wrap,
    )

    # sums on the right, aligned with the amount column
    x_label = _TAX_X
    band_top = y
    c.setFillColorRGB(*INK)
    c.setFont(FONT, 11.5)
    y -= 14
    c.drawString(x_label, y, t["gross"])
    c.drawRightString(_X_AMT_R, y, format_money(s.gross_ore))
    if s.correction_ore:
        y -= 17
        c.setFillColorRGB(*MUTED)
        c.drawString(x_label + 12, y, t["of_which_corr"])
        c.drawRightString(_X_AMT_R, y, format_money(s.correction_ore))
        c.setFillColorRGB(*INK)
    y -= 17
    # The tax line names the mode ("Skatt enligt tabell 32, kolumn 1", "30 % – arvodet är inte din
    # huvudinkomst"): wrapped, never clipped; the amount stands on its first line.
    tax_parts = wrap(s.tax_text, FONT, 11.5, _X_AMT_R - x_label - 80)
    c.drawString(x_label, y, tax_parts[0] if tax_parts else "")
    c.drawRightString(_X_AMT_R, y, ("\u2212" + format_money(s.tax_ore)) if s.tax_ore > 0 else format_money(-s.tax_ore))
    for part in tax_parts[1:]:
        y -= 14
        c.drawString(x_label, y, part)
    if s.tax_reason_text:
        c.setFont(FONT, 9.5)
        c.setFillColorRGB(*MUTED)
        for part in wrap(s.tax_reason_text, FONT, 9.5, _RIGHT - x_label):
            y -= 12
            c.drawString(x_label, y, part)
        c.setFillColorRGB(*INK)
    c.setStrokeColorRGB(*INK)
    c.setLineWidth(0.8)
    c.line(x_label, y - 7, _RIGHT, y - 7)
    y -= 24
    c.setFont(FONT_BOLD, 13.5)
    c.drawString(x_label, y, t["net"])
    c.drawRightString(_X_AMT_R, y, format_money(s.net_ore))

    # the participant's year to date (every association) on the left of the same band
    yy = band_top - 14
    c.setFillColorRGB(*MUTED)
    c.setFont(FONT_BOLD, 10)
    c.drawString(_M, yy, t["ytd_all"] if s.ytd_parts else t["ytd"])
    c.setFillColorRGB(*INK)
    c.setFont(FONT, 11)
    for label, value in (
        (t["ytd_gross"], s.ytd_gross_ore),
        (t["ytd_tax"], s.ytd_tax_ore),
        (t["ytd_net"], s.ytd_net_ore),
    ):
        yy -= 16
        c.drawString(_M, yy, label)
        c.drawRightString(_M + 215, yy, format_money(value))
        if label == t["ytd_gross"] and s.ytd_parts:
            c.setFont(FONT, 9.5)
            c.setFillColorRGB(*MUTED)
            for org, gross in s.ytd_parts:
                yy -= 12.5
                c.drawString(_M + 10, yy, clip(t["ytd_part"].format(org=org), FONT, 9.5, 130))
                c.drawRightString(_M + 215, yy, format_money(gross))
            c.setFont(FONT, 11)
            c.setFillColorRGB(*INK)

    # the cap box, in plain words
    y = min(y, yy) - 16
    width = _RIGHT - _M - 28
    box = _cap_box(s, t)
    left_text, title = box["left"], box["title"]
    lines = [row for text in box["facts"] for row in wrap(text, FONT, _BOX, width)]
    rule = [row for text in box["rule"] for row in wrap(text, FONT, _BOX, width)]
    fill, stroke = (ACCENT_LIGHT, ACCENT) if s.cap_applies else (WARN_LIGHT, WARN)
    tell = wrap(t["tell"], FONT, _BOX, width)
    height = 22 + _BOX_ROW * (len(lines) + len(rule) + len(tell)) + (19 if left_text else 0) + 9
    c.setFillColorRGB(*fill)
    c.setStrokeColorRGB(*stroke)
    c.setLineWidth(1)
    c.roundRect(_M, y - height, _RIGHT - _M, height, 6, stroke=1, fill=1)
    c.setFillColorRGB(*INK)
    c.setFont(FONT_BOLD, 12.5)
    yy = y - 18
    c.drawString(_M + 14, yy, title)
    c.setFont(FONT, _BOX)
    for text in lines:
        yy -= _BOX_ROW
        c.drawString(_M + 14, yy, text)
    if left_text:
        yy -= 19
        c.setFont(FONT_BOLD, 13.5)
        c.drawString(_M + 14, yy, left_text + ("   " + t["cap_full"] if s.cap_left_ore == 0 else ""))
        c.setFont(FONT, _BOX)
    for text in rule + tell:
        yy -= _BOX_ROW
        c.drawString(_M + 14, yy, text)
    return y - height


def _footer(c, s: PayslipData, t: dict[str, str], page_no: int, n_pages: int) -> None:
    from sysselsattning.reports.layout import FONT, MUTED, WARN, clip

    c.setFont(FONT, 9)
    c.setFillColorRGB(*MUTED)
    ask = _questions(s, t)
    c.drawString(_M, _M - 4, clip(ask, FONT, 9, 420))
    if n_pages > 1:
        c.drawRightString(_RIGHT, _M - 4, t["page"].format(n=page_no, total=n_pages))
    notes = []
    if s.draft:
        notes.append(t["draft_note"])
    if s.estimate:
        notes.append(t["estimate"])
    if notes:
        c.setFillColorRGB(*WARN)
        c.drawString(_M, _M + 9, "  ".join(notes))
