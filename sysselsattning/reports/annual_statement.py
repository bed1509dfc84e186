"""Annual statement per participant (årsbesked): the year's arvode, tax withheld and use of the cap.

One section per participant, starting on a new page and laid out with reportlab's platypus so that it flows
(:func:`sysselsattning.reports.layout.group_table`: the column header repeats on every page, a continued table is
headed "… (forts.)" and the sum row stays with the last payouts): every payout of the year (date, association,
gross, tax, net, shielded by the cap, cap used after it), the totals, and the cap used/left at the end of the year. The figures are the approved pay
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
from xml.sax.saxutils import escape

from sysselsattning.domain.personnummer import format_pnr
from sysselsattning.i18n import _, format_date, format_money
from sysselsattning.reports.layout import ACCENT, ACCENT_LIGHT, MARGIN, MUTED, PAGE_W, WARN, WARN_LIGHT


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
    """One section per participant (a new page each): the preliminary box for an unfinished year, name and
    address, the key figures, a flowing table of the year's payouts (header repeated, "(forts.)" on a continued
    table, the sum kept with the last rows) and the notes. The preliminary mark is in every page's footer."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

    from sysselsattning.reports.layout import flowing_doc, group_table, page_decorator, text_styles

    buf = io.BytesIO()
    year = statements[0].year if statements else generated.year
    preliminary = generated <= date(year, 12, 31)
    title = (
        _("Årsbesked {year} – arvoden, preliminärt").format(year=year)
        if preliminary
        else _("Årsbesked {year} – arvoden").format(year=year)
    )
    doc, frame, page_template = flowing_doc(buf, title, top=MARGIN, bottom=MARGIN)
    footer = _("Årsbesked · Sysselsättning först · skapat {date}").format(date=format_date(generated))
    mark = _("Preliminär – året är inte avslutat") if preliminary else ""
    doc.addPageTemplates([page_template(id="page", frames=[frame], onPage=page_decorator(footer, mark=mark))])
    st_ = text_styles()
    width = PAGE_W - 2 * MARGIN
    head = [
        _("Utbetald"),
        _("Förening"),
        _("Brutto, kr"),
        _("Skatt, kr"),
        _("Netto, kr"),
        _("Frikort, kr"),
        _("Använt, kr"),
    ]
    widths = [56, width - 56 - 5 * 66, 66, 66, 66, 66, 66]
    m = lambda ore: format_money(ore, unit=False)  # noqa: E731 - the unit is in the column titles
    warn_head = ParagraphStyle("warnhead", parent=st_["bold"], fontSize=11, leading=14, textColor=WARN)
    warn_text = ParagraphStyle("warntext", parent=st_["body"], fontSize=9, leading=11.5, textColor=WARN)
    label = ParagraphStyle("label", parent=st_["body"], fontSize=8.5, leading=11, textColor=MUTED)
    figure = ParagraphStyle("figure", parent=st_["bold"], fontSize=12, leading=16, textColor=ACCENT)
    story: list = []
    if not statements:
        story += [Paragraph(title, st_["title"]), Paragraph(_("Inga utbetalda arvoden detta år."), st_["body"])]
    for n, st in enumerate(statements):
        if n:
            story.append(PageBreak())
        story.append(Paragraph(title, st_["title"]))
        if preliminary:
            box = Table(
                [
                    [Paragraph(_("Preliminär – året är inte avslutat"), warn_head)],
                    [
                        Paragraph(
                            _(
                                "Beloppen gäller utbetalningar till och med {date}. Fler kan komma före årets slut."
                            ).format(date=format_date(generated, "long")),
                            warn_text,
                        )
                    ],
                ],
                colWidths=[width],
            )
            box.setStyle(
                TableStyle(
                    [
                        ("BACKGROUND", (0, 0), (-1, -1), WARN_LIGHT),
                        ("BOX", (0, 0), (-1, -1), 0.8, WARN),
                        ("LEFTPADDING", (0, 0), (-1, -1), 10),
                    ]
                )
            )
            story += [box, Spacer(0, 12)]
        story += [
            Paragraph(escape(line), st_["body"]) for line in (st.name, format_pnr(st.personnummer), *st.address) if line
        ]
        story.append(Spacer(0, 10))
        # Key figures in a light box.
        figures = [
            (_("Arvode brutto"), st.gross_ore),
            (_("Avdragen skatt"), st.tax_ore),
            (_("Utbetalt netto"), st.net_ore),
        ]
        if st.cap_ore:
            figures.append((_("Kvar under taket"), st.cap_left_ore))
        key = Table(
            [
                [Paragraph(text, label) for text, _ore in figures],
                [Paragraph(format_money(ore), figure) for _text, ore in figures],
            ],
            colWidths=[width / len(figures)] * len(figures),
        )
        key.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), ACCENT_LIGHT),
                    ("LEFTPADDING", (0, 0), (-1, -1), 8),
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("TOPPADDING", (0, 0), (-1, 0), 8),
                    ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
                ]
            )
        )
        story += [key, Spacer(0, 16)]
        rows = [
            [
                format_date(r.payout_date),
                Paragraph(escape(r.payer), st_["cell"]),
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
        group = f"{st.name}   {format_pnr(st.personnummer)}"
        story += [group_table(group, head, rows, total, widths, right_from=2), Spacer(0, 12)]
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
        note = ParagraphStyle("annualnote", parent=st_["body"], fontSize=9, leading=12.5, spaceAfter=5)
        story.append(KeepTogether([Paragraph(text, note) for text in notes]))
    doc.build(story)
    return buf.getvalue()
