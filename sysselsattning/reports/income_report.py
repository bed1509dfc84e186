"""Income report to social services (försörjningsstöd), per participant and payment — PDF and CSV.

The vocabulary is that of the municipalities' case systems (Lifecare, Procapita, Viva): income type
"Arvode", payer, payout date, gross, tax, net, and the amount to count. The caseworker can enter each row as it
stands, without re-keying or recomputing:

- *Räknas som inkomst* = net arvode × (gross not shielded by the cap ÷ gross) — docs/architecture.md §4, docs/rules.md
  FS-4 (the cap share is 0 when the participant has no cap decision or the policy does not shield
  försörjningsstöd);
- *med jobbstimulans* = that amount less ``forsorjningsstod.jobbstimulans.procent`` (25 %) — 4 kap. 1 b § SoL
  (2001:453) — for caseworkers whose client has had försörjningsstöd six months in a row; whether an arvode
  counts as income from employment is ``forsorjningsstod.jobbstimulans.arvode_ar_anstallning`` (UNCONFIRMED);
- *Avser månad* = the payout month shifted by ``forsorjningsstod.inkomstmanad_forskjutning`` (municipal practice).

The PDF is laid out with reportlab's platypus (:func:`sysselsattning.reports.layout.group_table`): one section
per participant on a new page, headed by the addressee (the caseworker at social services) and the sender, with a
table whose column header repeats on every page, "… (forts.)" on a continued table and the sum row kept with
the last payments.

Input is plain dataclasses (built by :mod:`sysselsattning.services.exports`); output is bytes / text.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from sysselsattning.domain.personnummer import format_pnr
from sysselsattning.i18n import _, format_date, format_money
from sysselsattning.i18n.catalog import N_
from sysselsattning.reports.layout import MARGIN, PAGE_W

INCOME_TYPE = N_("Arvode")


@dataclass(frozen=True, slots=True)
class IncomeRow:
    payout_date: date
    month: str  # YYYY-MM paid out
    counts_in: str  # YYYY-MM the income counts for
    payer: str
    gross_ore: int
    tax_ore: int
    net_ore: int
    shielded_ore: int
    counted_ore: int
    counted_jobbstimulans_ore: int
    jobbstimulans: bool


@dataclass(frozen=True, slots=True)
class IncomeStatement:
    name: str
    personnummer: str  # 12 digits
    period_text: str
    rows: tuple[IncomeRow, ...]
    estimate: bool = False  # a rule used is unconfirmed → "uppskattning"
    caseworker: str = ""  # the addressee: the participant's caseworker at social services


CSV_HEADER = [
    N_("Personnummer"),
    N_("Namn"),
    N_("Inkomsttyp"),
    N_("Utbetalare"),
    N_("Utbetalningsdatum"),
    N_("Utbetalningsmånad"),
    N_("Avser månad"),
    N_("Bruttobelopp"),
    N_("Skatteavdrag"),
    N_("Nettobelopp"),
    N_("Skyddat av frikort"),
    N_("Grundar jobbstimulans"),
    N_("Räknas som inkomst"),
    N_("Räknas som inkomst med jobbstimulans"),
]


def _kr(ore: int) -> str:
    """``1234,50`` — decimal comma, no thousands separator, the form case systems import."""
    sign = "-" if ore < 0 else ""
    a = abs(ore)
    return f"{sign}{a // 100},{a % 100:02d}"


def render_csv(statements: list[IncomeStatement]) -> str:
    """UTF-8 text (the caller adds a BOM when writing), ``;``-separated, Swedish headers."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow([_(h) for h in CSV_HEADER])
    for st in statements:
        for r in st.rows:
            w.writerow(
                [
                    format_pnr(st.personnummer),
                    st.name,
                    _(INCOME_TYPE),
                    r.payer,
                    r.payout_date.isoformat(),
                    r.month,
                    r.counts_in,
                    _kr(r.gross_ore),
                    _kr(r.tax_ore),
                    _kr(r.net_ore),
                    _kr(r.shielded_ore),
                    _("ja") if r.jobbstimulans else _("nej"),
                    _kr(r.counted_ore),
                    _kr(r.counted_jobbstimulans_ore),
                ]
            )
    return buf.getvalue()


def render_pdf(
    statements: list[IncomeStatement], *, title: str, generated: date, issuer: str = "", sender: str = ""
) -> bytes:
    """One section per participant (a new page each): the addressee and sender, a flowing table of payments
    whose header repeats on every page ("(forts.)" on a continued table, the sum kept with the last rows) and
    the notes."""
    from reportlab.platypus import PageBreak, Paragraph, Spacer

    from sysselsattning.reports.layout import flowing_doc, group_table, page_decorator, text_styles

    buf = io.BytesIO()
    doc, frame, page_template = flowing_doc(buf, title, top=MARGIN, bottom=MARGIN)
    footer = _("Inkomstuppgift till socialtjänsten · Sysselsättning först · skapad {date}").format(
        date=format_date(generated)
    )
    doc.addPageTemplates([page_template(id="page", frames=[frame], onPage=page_decorator(footer))])
    st_ = text_styles()
    head = [
        _("Utbetald"),
        _("Avser"),
        _("Utbetalare"),
        _("Brutto"),
        _("Skatt"),
        _("Netto"),
        _("Frikort"),
        _("Räknas"),
    ]
    widths = [56, 40, PAGE_W - 2 * MARGIN - 56 - 40 - 5 * 58, 58, 58, 58, 58, 58]
    m = lambda ore: format_money(ore, unit=False)  # noqa: E731 - the unit is in the column titles
    story: list = []
    if not statements:
        story += [
            Paragraph(escape(title), st_["title"]),
            Paragraph(_("Inga utbetalda arvoden i perioden."), st_["body"]),
        ]
    for n, st in enumerate(statements):
        if n:
            story.append(PageBreak())
        # addressee and sender: who the report is for and who to ask about it
        to = (
            _("Till: Socialtjänsten, försörjningsstöd – handläggare {name}").format(name=st.caseworker)
            if st.caseworker
            else _("Till: Socialtjänsten, försörjningsstöd")
        )
        frm = _("Från: {name}, Sysselsättning först").format(name=sender) if sender else _("Från: Sysselsättning först")
        story += [
            Paragraph(escape(title), st_["title"]),
            Paragraph(escape(to), st_["body"]),
            Paragraph(escape(frm), st_["body"]),
            Spacer(0, 8),
            Paragraph(
                _("Period: {period} · Inkomsttyp: {kind} · Belopp i kronor{issuer}").format(
                    period=st.period_text, kind=_(INCOME_TYPE), issuer=f" · {issuer}" if issuer else ""
                ),
                st_["muted"],
            ),
            Spacer(0, 8),
        ]
        rows = [
            [
                format_date(r.payout_date),
                r.counts_in,
                Paragraph(escape(r.payer), st_["cell"]),
                m(r.gross_ore),
                m(r.tax_ore),
                m(r.net_ore),
                m(r.shielded_ore),
                m(r.counted_ore),
            ]
            for r in st.rows
        ]
        total = [
            _("Summa"),
            "",
            "",
            m(sum(r.gross_ore for r in st.rows)),
            m(sum(r.tax_ore for r in st.rows)),
            m(sum(r.net_ore for r in st.rows)),
            m(sum(r.shielded_ore for r in st.rows)),
            m(sum(r.counted_ore for r in st.rows)),
        ]
        group = f"{st.name}   {format_pnr(st.personnummer)}"
        story += [group_table(group, head, rows, total, widths, right_from=3), Spacer(0, 10)]
        notes = [
            _(
                "”Räknas” är nettoarvodet minus den del som skyddas av frikortet (taket mäts på bruttoarvodet). "
                "Det är beloppet som räknas som inkomst för försörjningsstöd i månaden under ”Avser”."
            ),
        ]
        counted = sum(r.counted_ore for r in st.rows)
        if any(r.jobbstimulans for r in st.rows) and counted:
            notes.append(
                _(
                    "Om jobbstimulans gäller (försörjningsstöd sex månader i följd) räknas i stället {amount} "
                    "(25 % av arvodet räknas inte, 4 kap. 1 b § SoL)."
                ).format(amount=format_money(sum(r.counted_jobbstimulans_ore for r in st.rows)))
            )
        story += [Paragraph(note, st_["note"]) for note in notes]
        if st.estimate:
            story.append(
                Paragraph(
                    _(
                        "Uppskattning: att arvodet räknas som inkomst av anställning för jobbstimulansen är inte "
                        "bekräftat i rättskällorna."
                    ),
                    st_["warn"],
                )
            )
    doc.build(story)
    return buf.getvalue()
