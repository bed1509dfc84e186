"""The printed letter for the client: what the planned work does to the household's money.

``render(result, scenario, *, client_name="", caseworker="") -> bytes`` takes the year simulation's typed
result (:class:`~sysselsattning.domain.rules.simulation.SimulationResult`, money in öre) and its scenario (§6) and returns an A4 PDF in plain Swedish with large type:

1. a short summary (money to live on over the year without work, under today's rules and with the cap);
2. a chart of money to live on month by month for the three cases, drawn as vector graphics
   (``reportlab.graphics`` LinePlot — no bitmap, sharp at any zoom and small);
3. the month table (arvode, försörjningsstöd, bostadstillägg, money to live on);
4. what the cap means for them (the programme's "socialt frikort"-style policy, not Swedish law;
   docs/rules.md);
5. what they must report to socialtjänsten (SoL 4 kap. 1 §: all income counts, docs/rules.md) and to
   Försäkringskassan (bostadstillägg and sjukersättning, docs/rules.md);
6. where a figure is an estimate ("uppskattning"): the engine's warnings (codes, worded by the catalogue
   ``i18n/warnings.py``), e.g. bostadstillägg whose income reduction rests on unconfirmed parameters
   (docs/rules.md).

The same function serves the GUI's print button and ``sysselsattning simulate --format pdf``. Fonts are the
embedded DejaVuSans from ``resources/fonts`` (Swedish letters and foreign names), registered once with a
font family so bold text works. The document is built with ``invariant=1`` so the same input gives the
same bytes.
"""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from sysselsattning.domain.rules.advice import reporting_advice
from sysselsattning.domain.rules.simulation import SimulationResult
from sysselsattning.i18n import _, format_date, format_money
from sysselsattning.i18n.format import MONTHS_LONG, MONTHS_SHORT
from sysselsattning.i18n.messages import tax_refund_sentences
from sysselsattning.i18n.warnings import warning_text
from sysselsattning.reports.layout import register_fonts

CASES = ("no_work", "current_rules", "with_cap")
CASE_COLORS = {"no_work": "#5d6d6e", "current_rules": "#c0392b", "with_cap": "#1f77b4"}
#: Line styles as on screen: utan arbete dotted, nuvarande regler dashed, med tak solid.
CASE_DASHES: dict[str, tuple[float, ...] | None] = {"no_work": (1.5, 2.5), "current_rules": (6, 3), "with_cap": None}


def case_names() -> dict[str, str]:
    return {
        "no_work": _("Utan arbete"),
        "current_rules": _("Med arbete, nuvarande regler"),
        "with_cap": _("Med arbete och frikort (tak)"),
    }


def _sum(result: SimulationResult, case: str, key: str) -> int:
    return sum(result.case(case).series(key))


def _paid(result: SimulationResult, key: str) -> bool:
    """Whether the benefit ``key`` is paid in some month of some case."""
    return any(any(result.case(c).series(key)) for c in CASES)


def _has_bb(result: SimulationResult, scenario: dict) -> bool:
    if (scenario.get("bostadsbidrag") or {}).get("applies"):
        return True
    return _paid(result, "bostadsbidrag")


def _has_btp(result: SimulationResult, scenario: dict) -> bool:
    if (scenario.get("bostadstillagg") or {}).get("applies"):
        return True
    return _paid(result, "bostadstillagg")


def _chart(result: SimulationResult, width: float, height: float, font: str):
    """Money to live on per month, three lines: a vector Drawing (reportlab.graphics)."""
    from reportlab.graphics.charts.lineplots import LinePlot
    from reportlab.graphics.shapes import Drawing, Line, String
    from reportlab.lib import colors
    from reportlab.pdfbase.pdfmetrics import stringWidth

    names = case_names()
    d = Drawing(width, height)
    plot = LinePlot()
    plot.x, plot.y = 72, 52
    plot.width, plot.height = width - 90, height - 80
    data = []
    for case in CASES:
        disposable = result.case(case).disposable
        data.append([(number, ore / 100) for number, ore in enumerate(disposable, start=1)])
    plot.data = data
    for i, case in enumerate(CASES):
        plot.lines[i].strokeColor = colors.HexColor(CASE_COLORS[case])
        plot.lines[i].strokeWidth = 2.2 if case != "no_work" else 1.8
        if CASE_DASHES[case]:  # each case its own line style, not told apart by colour alone
            plot.lines[i].strokeDashArray = CASE_DASHES[case]
    ys = [y for series in data for _x, y in series] or [0]
    top = max(ys) or 1
    step = 1000 if top <= 8000 else 2000 if top <= 16000 else 5000 if top <= 40000 else 10000
    plot.yValueAxis.valueMin = 0  # from 0: a narrow axis would make a small difference look large
    plot.yValueAxis.valueMax = (int(top) // step + 1) * step
    plot.yValueAxis.valueStep = step
    plot.yValueAxis.labelTextFormat = lambda v: format_money(int(v) * 100, decimals=False)
    plot.yValueAxis.labels.fontName = font
    plot.yValueAxis.labels.fontSize = 9
    plot.yValueAxis.gridStrokeColor = colors.HexColor("#dddddd")
    plot.yValueAxis.visibleGrid = True
    months = len(result.no_work.disposable)
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = 0.5, max(1, months) + 0.5
    plot.xValueAxis.valueSteps = list(range(1, months + 1))
    plot.xValueAxis.labelTextFormat = lambda v: _(MONTHS_SHORT[int(v) - 1]) if 1 <= int(v) <= 12 else ""
    plot.xValueAxis.labels.fontName = font
    plot.xValueAxis.labels.fontSize = 9
    d.add(plot)
    # Legend drawn by hand (LineLegend mis-pairs swatches and names in columns).
    lx = 62.0
    for case in CASES:
        line = Line(lx, 18, lx + 22, 18, strokeColor=colors.HexColor(CASE_COLORS[case]), strokeWidth=2.5)
        if CASE_DASHES[case]:
            line.strokeDashArray = CASE_DASHES[case]
        d.add(line)
        d.add(String(lx + 27, 14.5, names[case], fontName=font, fontSize=9))
        lx += 27 + stringWidth(names[case], font, 9) + 18
    d.add(String(62, height - 14, _("Pengar att leva på per månad"), fontName=font, fontSize=10))
    return d


def income_month_sentence(offset: int) -> str:
    """How försörjningsstöd counts the arvode, worded from the scenario's own income-month offset."""
    if offset == 0:
        return _("Arvodet räknas som inkomst samma månad som du får det.")
    return _(
        "Arvodet räknas som inkomst månaden efter att du har fått det. Får du arvode i mars, blir "
        "försörjningsstödet mindre i april."
    )


def prose(result: SimulationResult, scenario: dict, **kwargs: Any) -> list[str]:
    """The letter's prose (the paragraphs a client reads; not headings, tables, amounts alone or the
    engine's technical notes), as plain text in the order printed. Kept at LIX ≤ 30 (#19)."""
    out: list[str] = []
    render(result, scenario, prose_out=out, **kwargs)
    return out


def render(
    result: SimulationResult,
    scenario: dict,
    *,
    client_name: str = "",
    caseworker: str = "",
    today: date | None = None,
    phone: str = "",
    prose_out: list[str] | None = None,
) -> bytes:
    """The client letter as PDF bytes (A4). ``today`` prints the letter's date (default: no date line);
    ``phone`` is the number the client can call (the caseworker's). ``prose_out`` (a list) receives the
    prose paragraphs as plain text (:func:`prose`)."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    font, bold = register_fonts()
    base = ParagraphStyle("body", fontName=font, fontSize=12, leading=16.5, spaceAfter=6)
    small = ParagraphStyle("small", parent=base, fontSize=10.5, leading=14)
    h1 = ParagraphStyle("h1", parent=base, fontName=bold, fontSize=19, leading=24, spaceAfter=10)
    h2 = ParagraphStyle("h2", parent=base, fontName=bold, fontSize=14, leading=18, spaceBefore=10, spaceAfter=6)
    cell = ParagraphStyle("cell", parent=base, fontSize=10.5, leading=13, spaceAfter=0)
    cell_r = ParagraphStyle("cellr", parent=cell, alignment=TA_RIGHT)
    head_r = ParagraphStyle("headr", parent=cell_r, fontName=bold)
    head = ParagraphStyle("head", parent=cell, fontName=bold)

    year = result.year or scenario.get("year") or ""
    names = case_names()
    btp = _has_btp(result, scenario)
    # The engine's bostadstillägg notes would only confuse the reader of a household without bostadstillägg.
    warnings = [w for w in result.warnings if btp or w.area != "bostadstillagg"]
    estimate_mark = " *" if btp or _has_bb(result, scenario) else ""
    # The cap policy the engine actually used (scenario values over the parameter defaults).
    policy = result.policy
    fs_applies = (scenario.get("forsorjningsstod") or {}).get("applies", True)

    story: list = []

    def para(text: str, style: Any = base) -> Paragraph:
        return Paragraph(text, style)

    def text(markup: str, style: Any = base) -> Paragraph:
        """A prose paragraph (counted by :func:`prose`)."""
        if prose_out is not None:
            plain = re.sub(r"<[^>]+>", "", markup.replace("<br/>", " "))
            prose_out.append(plain.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").lstrip("• "))
        return Paragraph(markup, style)

    story.append(para(escape(_("Vad arbete med arvode betyder för din ekonomi {year}").format(year=year)), h1))
    meta = []
    if client_name:
        meta.append(_("Till: {namn}").format(namn=escape(client_name)))
    if caseworker:
        meta.append(_("Handläggare: {namn}").format(namn=escape(caseworker)))
    if today:
        meta.append(_("Datum: {datum}").format(datum=format_date(today, "long")))
    if meta:
        story.append(para("<br/>".join(meta), small))
        story.append(Spacer(1, 4))

    gross = _sum(result, "current_rules", "arvode_gross")
    disp = {c: _sum(result, c, "disposable_income") for c in CASES}
    gain_now = disp["current_rules"] - disp["no_work"]
    gain_cap = disp["with_cap"] - disp["no_work"]
    story.append(
        text(
            escape(
                _(
                    "Här ser du hur mycket pengar du har att leva på varje månad {year}. Det gäller om du arbetar "
                    "som vi har planerat. Det här är en beräkning. Det är inte ett beslut."
                ).format(year=year)
            )
        )
    )
    story.append(
        text(
            _(
                "Under året får du <b>{brutto}</b> i arvode före skatt. "
                "Med dagens regler har du då <b>{vinst_nu}</b> mer att leva på än utan arbete. "
                "Med frikort har du <b>{vinst_tak}</b> mer."
            ).format(brutto=format_money(gross), vinst_nu=format_money(gain_now), vinst_tak=format_money(gain_cap))
        )
    )
    settle = result.current_rules.bostadsbidrag_settlement if result.bostadsbidrag_applies else 0
    if settle < 0:
        story.append(
            text(
                _(
                    "<b>Obs!</b> Året efter, {year}, kan du få betala tillbaka <b>{belopp}</b> i bostadsbidrag. "
                    "Läs mer under ”Det här måste du berätta”."
                ).format(year=int(year) + 1 if str(year).isdigit() else year, belopp=format_money(-settle))
            )
        )
    if gross and gain_now <= 0 and fs_applies:
        story.append(
            text(
                escape(
                    _(
                        "Med dagens regler blir ditt försörjningsstöd lika mycket mindre som du får i arvode. "
                        "Då får du inte mer pengar av att arbeta. Med frikort får du behålla arvodet."
                    )
                )
            )
        )

    # summary table of year totals
    rows = [[para(_("Hela året"), head), para(_("Att leva på"), head_r), para(_("Jämfört med utan arbete"), head_r)]]
    for c in CASES:
        diff = disp[c] - disp["no_work"]
        rows.append(
            [
                para(escape(names[c]), cell),
                para(format_money(disp[c]) + estimate_mark, cell_r),
                para(("+" if diff > 0 else "") + format_money(diff) if c != "no_work" else "–", cell_r),
            ]
        )
    t = Table(rows, colWidths=[74 * mm, 42 * mm, 58 * mm], hAlign="LEFT")
    t.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor("#bbbbbb")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    story.append(t)
    story.append(Spacer(1, 8))
    story.append(_chart(result, 170 * mm, 78 * mm, font))
    offset = result.income_month_offset
    if offset == 1 and gross and fs_applies:
        story.append(
            text(
                escape(
                    _(
                        "Stödet räknas på det du fick månaden före. Därför blir stödet mindre månaden efter att du "
                        "har fått arvode."
                    )
                ),
                small,
            )
        )

    # month tables: one per case with work
    detail_cases = ["current_rules", "with_cap"]
    se = _paid(result, "sjukersattning")
    bb = _has_bb(result, scenario)
    sbtp = _paid(result, "sarskilt_bostadstillagg")
    # At most six columns keep large type on A4: with more benefits shown, the net arvode column goes.
    show_net = 4 + int(fs_applies) + int(btp) + int(se) + int(bb) + int(sbtp) <= 6
    for c in detail_cases:
        block = [para(escape(_("Månad för månad – {fall}").format(fall=names[c].lower())), h2)]
        header = [_("Månad"), _("Arvode<br/>före skatt")] + ([_("Arvode<br/>efter skatt")] if show_net else [])
        if fs_applies:
            header.append(_("Försörjnings-<br/>stöd"))
        if bb:
            header.append(_("Bostads-<br/>bidrag") + estimate_mark)
        if btp:
            header.append(_("Bostads-<br/>tillägg") + estimate_mark)
        if sbtp:
            header.append(_("Särskilt<br/>bostadstill.") + estimate_mark)
        if se:
            header.append(_("Sjuk-<br/>ersättning"))
        header.append(_("Att leva på"))
        rows = [[para(header[0], head)] + [para(h, head_r) for h in header[1:]]]
        cr = result.case(c)
        for month in range(len(cr.gross)):
            row = [para(escape(_(MONTHS_LONG[month])), cell), para(format_money(cr.gross[month]), cell_r)]
            if show_net:
                row.append(para(format_money(cr.net[month]), cell_r))
            if fs_applies:
                row.append(para(format_money(cr.forsorjningsstod[month]), cell_r))
            if bb:
                row.append(para(format_money(cr.bostadsbidrag[month]), cell_r))
            if btp:
                row.append(para(format_money(cr.bostadstillagg[month]), cell_r))
            if sbtp:
                row.append(para(format_money(cr.sarskilt_bostadstillagg[month]), cell_r))
            if se:
                row.append(para(format_money(cr.sjukersattning[month]), cell_r))
            row.append(para(format_money(cr.disposable[month]), cell_r))
            rows.append(row)
        tot_r = ParagraphStyle("totr", parent=head_r, fontSize=9.5)
        total = [para(_("Summa"), head), para(format_money(_sum(result, c, "arvode_gross")), tot_r)]
        if show_net:
            total.append(para(format_money(_sum(result, c, "arvode_net")), tot_r))
        if fs_applies:
            total.append(para(format_money(_sum(result, c, "forsorjningsstod")), tot_r))
        if bb:
            total.append(para(format_money(_sum(result, c, "bostadsbidrag")), tot_r))
        if btp:
            total.append(para(format_money(_sum(result, c, "bostadstillagg")), tot_r))
        if sbtp:
            total.append(para(format_money(_sum(result, c, "sarskilt_bostadstillagg")), tot_r))
        if se:
            total.append(para(format_money(_sum(result, c, "sjukersattning")), tot_r))
        total.append(para(format_money(_sum(result, c, "disposable_income")), tot_r))
        rows.append(total)
        ncols = len(header)
        first = 24 * mm
        rest = (174 * mm - first) / (ncols - 1)
        t = Table(rows, colWidths=[first] + [rest] * (ncols - 1), repeatRows=1, hAlign="LEFT")
        t.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                    ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -2), [colors.white, colors.HexColor("#f2f4f7")]),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        block.append(t)
        story.append(KeepTogether(block))

    # what the cap means
    cap_ore = policy.cap_ore
    used = result.with_cap.cap_used[-1]
    left = result.with_cap.cap_left[-1]
    shields = sorted(policy.shields) or ["forsorjningsstod", "bostadstillagg"]
    shield_words = {
        "forsorjningsstod": _("försörjningsstödet"),
        "bostadstillagg": _("bostadstillägget"),
        "bostadsbidrag": _("bostadsbidraget"),
        "sjukersattning": _("sjukersättningen"),
    }
    shielded = _(" och ").join(shield_words.get(s, s) for s in shields)
    story.append(para(_("Vad frikortet (taket) betyder för dig"), h2))
    basis = _("före skatt") if policy.basis == "gross" else _("efter skatt")
    story.append(
        text(
            escape(
                _(
                    "Med frikort får du tjäna upp till {tak} {grund} på ett år. Då blir inte {skyddat} mindre. "
                    "Det du tjänar över taket räknas som vanligt."
                ).format(tak=format_money(cap_ore), grund=basis, skyddat=shielded)
            )
        )
    )
    story.append(
        text(
            escape(
                _("Med planen använder du {anvant} av taket {year}. Kvar i slutet av året: {kvar}.").format(
                    anvant=format_money(used), year=year, kvar=format_money(left)
                )
            )
        )
    )
    story.append(
        text(
            escape(
                _(
                    "Frikortet är ett försök i kommunen. Det finns inte i lagen i dag. Det gäller bara om du har "
                    "fått ett beslut om frikort. Utan beslut gäller raden ”nuvarande regler”."
                )
            )
        )
    )
    if policy.tax_free:
        story.append(
            text(
                escape(_("Med tak räknar vi med att du inte betalar skatt på arvode under taket. Så är det i Danmark."))
            )
        )

    # the tax settlement the year after (a refund counts as income for försörjningsstöd the month it arrives)
    refund = result.current_rules.tax_refund
    if refund is not None:
        sentences = tax_refund_sentences(refund, result.year)
        if sentences:
            story.append(para(_("Skatten året efter"), h2))
            for sentence in sentences:
                story.append(para(escape(sentence)))

    # what to report
    story.append(para(_("Det här måste du berätta"), h2))
    items = [
        _(
            "<b>Till socialtjänsten:</b> Ta med ditt lönebesked när du söker försörjningsstöd. Berätta om allt arvode, "
            "också arvode under taket."
        )
        + " "
        + escape(income_month_sentence(offset))
    ]
    advice = [
        escape(_(a.text).format(**{k: format_money(v) if k in a.money else v for k, v in a.values.items()}))
        for a in reporting_advice(result, scenario)
    ]
    if advice:
        items.append(_("<b>Till Försäkringskassan:</b>") + "<br/>" + "<br/>".join(advice))
    elif btp or (scenario.get("other_income") or {}).get("sjukersattning_net") not in (None, "", "0", "0.00"):
        items.append(
            _(
                "<b>Till Försäkringskassan:</b> Har du sjukersättning? Säg då till om arvodet innan du börjar arbeta. "
                "Har du bostadstillägg? Säg då till när din inkomst ändras. Annars kan du få betala tillbaka pengar."
            )
        )
    else:
        items.append(
            _(
                "<b>Till Försäkringskassan:</b> Får du sjukersättning, aktivitetsersättning eller bostadstillägg? "
                "Säg då till om arvodet innan du börjar arbeta."
            )
        )
    items.append(
        _(
            "<b>Skatt:</b> Du betalar skatt på arvodet. Du kan få tillbaka skatt året efter. Har du då "
            "försörjningsstöd, så räknas de pengarna som inkomst."
        )
    )
    for it in items:
        story.append(text("• " + it))

    # estimates (the reporting duties are said above in plain words)
    warnings = [w for w in warnings if not w.reporting_duty]
    if warnings or btp or bb:
        story.append(para(_("Uppskattning"), h2))
        if btp or bb:
            story.append(
                text(
                    escape(
                        _(
                            "* Beloppen för bostadstillägg och bostadsbidrag är en uppskattning. Försäkringskassan "
                            "bestämmer själv. De räknar på den inkomst du väntas ha under året."
                        )
                    )
                )
            )
        for w in warnings:
            if btp and w.area == "bostadstillagg" and w.estimate:
                continue  # said above in plain words (the engine's note lists parameter names)
            story.append(para("• " + escape(warning_text(w)), small))

    story.append(Spacer(1, 6))
    story.append(
        text(
            escape(
                _("Har du frågor? Ring din handläggare{namn}. Telefon: {phone}.").format(
                    namn=f" {caseworker}" if caseworker else "", phone=phone
                )
                if phone
                else _("Har du frågor? Prata med din handläggare{namn}.").format(
                    namn=f" {caseworker}" if caseworker else ""
                )
            ),
            small,
        )
    )

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=_("Beräkning av arvode och förmåner {year}").format(year=year),
        author=caseworker or "",
        creator="Sysselsättning först",
        invariant=1,
        initialFontName=font,
    )

    def footer(canvas, doc_) -> None:
        canvas.saveState()
        canvas.setFont(font, 9)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawRightString(A4[0] - 18 * mm, 9 * mm, _("Sida {n}").format(n=doc_.page))
        canvas.drawString(18 * mm, 9 * mm, _("Sysselsättning först – beräkning, inget beslut"))
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()
