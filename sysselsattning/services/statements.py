"""Report use cases: the income report to social services, the participants' annual statements and the
programme report, with the reports page's preview (one read transaction each; the PDFs, CSV and XLSX are
written atomically and audited as an ``export``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sysselsattning.domain.collation import sort_key
from sysselsattning.i18n import _, format_date, format_money
from sysselsattning.services.access import require
from sysselsattning.services.exports import (
    ExportResult,
    _fail,
    agi_deadline,
    parse_period,
    parse_year,
    write_atomically,
)


def _report_scope(ctx, session, participant: str | None, caseworker_name: str | None = None):
    """Who the acting user may report on: (participant ids or None = all, caseworker id filter, org ids)."""
    from sysselsattning.domain.personnummer import PersonnummerError, parse
    from sysselsattning.storage.queries import exports as repo
    from sysselsattning.storage.queries.users import user_by_name

    require(ctx, "income_report")
    caseworker = None
    if caseworker_name:
        user = user_by_name(session, caseworker_name.strip().lower())
        if user is None or user.role != "handlaggare":
            raise _fail(
                "caseworker",
                "export_unknown_caseworker",
                _("Det finns ingen handläggare med användarnamnet {name}.").format(name=caseworker_name),
            )
        caseworker = user.id
    if ctx.role == "handlaggare":
        if caseworker is not None and caseworker != ctx.user_id:
            from sysselsattning.services.access import AccessDenied

            raise AccessDenied(_("Du kan bara ta ut inkomstuppgifter för dina egna deltagare."))
        caseworker = ctx.user_id if ctx.user_id is not None else -1
    ids = None
    if participant:
        try:
            canonical = parse(participant, today=ctx.now_date()).canonical
        except PersonnummerError:
            raise _fail(
                "participant", "export_pnr_invalid", _("Ogiltigt personnummer: {value}").format(value=participant)
            ) from None
        p = repo.participant_by_pnr(session, canonical)
        if p is None:
            raise _fail(
                "participant", "export_unknown_participant", _("Deltagaren {pnr} finns inte.").format(pnr=participant)
            )
        require(ctx, "participants.read", caseworker_id=p.caseworker_id)
        if ctx.role == "handlaggare" and p.caseworker_id != ctx.user_id:
            from sysselsattning.services.access import AccessDenied

            raise AccessDenied(_("Deltagaren är inte tilldelad dig."))
        ids = {p.id}
    orgs = set(ctx.organisation_ids) if ctx.role == "samordnare" and ctx.organisation_ids is not None else None
    return ids, caseworker, orgs


def _range(period: str | None, year: int | str | None) -> tuple[date, date, str]:
    from sysselsattning.storage.queries.exports import month_bounds

    if period:
        start, end = month_bounds(parse_period(period))
        return start, end, period
    y = parse_year(year if year is not None else "")
    return date(y, 1, 1), date(y + 1, 1, 1), str(y)


def _user_names(session, ids: set[int]) -> dict[int, str]:
    """Full names (or user names) of the given user ids: the report's addressee and sender."""
    from sysselsattning.storage.queries.users import display_names

    return display_names(session, ids)


def sender_name(ctx) -> str:
    """Who sends the income report: the acting user's full name (the user name when none is recorded)."""
    if ctx.user_id is None:
        return ctx.username
    with ctx.db.read() as s:
        return _user_names(s, {ctx.user_id}).get(ctx.user_id, ctx.username)


def income_statements(
    ctx,
    *,
    period: str | None = None,
    year: int | str | None = None,
    participant: str | None = None,
    caseworker: str | None = None,
):
    """Income report rows per participant (see :mod:`sysselsattning.reports.income_report`)."""
    from dateutil.relativedelta import relativedelta

    from sysselsattning.domain.rules._common import mul_div
    from sysselsattning.domain.rules.forsorjningsstod import counted_arvode, resolve_fs_rules
    from sysselsattning.reports.income_report import IncomeRow, IncomeStatement
    from sysselsattning.storage.queries import exports as repo

    start, end, label = _range(period, year)
    params = ctx.params()
    with ctx.db.read() as s:
        ids, caseworker_id, orgs = _report_scope(ctx, s, participant, caseworker)
        runs = repo.final_runs(s, paid_from=start, paid_to=end)
        lines = repo.lines_of_runs(s, [r.id for r in runs], participant_ids=ids, caseworker_id=caseworker_id)
        if orgs is not None:
            lines = [ln for ln in lines if ln.organisation_id in orgs]
        org_names = {o.id: o.name for o in repo.organisations(s, {ln.organisation_id for ln in lines}).values()}
        flags = repo.employment_flags(s, [r.id for r in runs])
        caseworkers = _user_names(s, {ln.caseworker_id for ln in lines if ln.caseworker_id})
    by_person: dict[int, list] = defaultdict(list)
    for ln in lines:
        by_person[ln.participant_id].append(ln)
    out = []
    for pid, plines in by_person.items():
        rows = []
        estimate = False
        for ln in plines:
            rules = resolve_fs_rules(params, ln.payment_date.year)
            shields_fs = "forsorjningsstod" in [str(x) for x in params.get("frikort.skyddar", ln.payment_date)]
            shielded = min(ln.cap_shielded_ore, ln.gross_ore) if shields_fs else 0
            base = mul_div(ln.net_ore, ln.gross_ore - shielded, ln.gross_ore) if ln.gross_ore > 0 else ln.net_ore
            qualifies = rules.arvode_counts_as_employment and flags.get((ln.run_id, pid), True)
            with_jobb = counted_arvode(ln.net_ore, base, True, rules) if qualifies else base
            if qualifies and any("arvode_ar_anstallning" in k for k in rules.unconfirmed):
                estimate = True
            counts_in = ln.payment_date.replace(day=1) + relativedelta(months=rules.default_offset)
            rows.append(
                IncomeRow(
                    payout_date=ln.payment_date,
                    month=f"{ln.payment_date:%Y-%m}",
                    counts_in=f"{counts_in:%Y-%m}",
                    payer=org_names.get(ln.organisation_id, ""),
                    gross_ore=ln.gross_ore,
                    tax_ore=ln.tax_ore,
                    net_ore=ln.net_ore,
                    shielded_ore=shielded,
                    counted_ore=base,
                    counted_jobbstimulans_ore=with_jobb,
                    jobbstimulans=qualifies,
                )
            )
        first = plines[0]
        out.append(
            IncomeStatement(
                name=first.name,
                personnummer=first.personnummer,
                period_text=label,
                rows=tuple(rows),
                estimate=estimate,
                caseworker=caseworkers.get(first.caseworker_id, "") if first.caseworker_id else "",
            )
        )
    out.sort(key=lambda st: (sort_key(st.name.split(" ")[-1]), sort_key(st.name)))  # Swedish order by surname
    return out


def cap_applied(params, line) -> bool:
    """Did the cap apply to this payout (the participant's decision covers the payout date, or none is needed)?

    Same rule as the pay run (:meth:`sysselsattning.domain.payroll.CapPolicy.applies`); ``pay_lines.cap_ore`` holds
    the year's cap for everyone, so it alone does not say whether the person had a cap.
    """
    from sysselsattning.domain.payroll import CapPolicy, Payee

    policy = CapPolicy.from_params(params, line.payment_date)
    payee = Payee(
        line.participant_id,
        date(1900, 1, 1),
        cap_decision_from=line.cap_decision_from,
        cap_decision_to=line.cap_decision_to,
    )
    return line.cap_shielded_ore > 0 or policy.applies(payee, line.payment_date)


def annual_statements(ctx, year: int | str, *, participant: str | None = None, caseworker: str | None = None):
    from sysselsattning.reports.annual_statement import AnnualRow, AnnualStatement
    from sysselsattning.storage.queries import exports as repo

    y = parse_year(year)
    with ctx.db.read() as s:
        ids, caseworker_id, orgs = _report_scope(ctx, s, participant, caseworker)
        runs = repo.final_runs(s, paid_from=date(y, 1, 1), paid_to=date(y + 1, 1, 1))
        lines = repo.lines_of_runs(s, [r.id for r in runs], participant_ids=ids, caseworker_id=caseworker_id)
        if orgs is not None:
            lines = [ln for ln in lines if ln.organisation_id in orgs]
        org_names = {o.id: o.name for o in repo.organisations(s, {ln.organisation_id for ln in lines}).values()}
    by_person: dict[int, list] = defaultdict(list)
    for ln in lines:
        by_person[ln.participant_id].append(ln)
    out = []
    for plines in by_person.values():
        p = plines[0]
        rows = tuple(
            AnnualRow(
                ln.payment_date,
                org_names.get(ln.organisation_id, ""),
                ln.gross_ore,
                ln.tax_ore,
                ln.net_ore,
                ln.cap_shielded_ore,
                ln.ytd_cap_used_ore,
            )
            for ln in plines
        )
        params = ctx.params()
        capped = [ln.cap_ore for ln in plines if cap_applied(params, ln)]
        out.append(
            AnnualStatement(
                year=y,
                name=p.name,
                personnummer=p.personnummer,
                address=(p.address, f"{p.postal_code} {p.city}".strip()),
                rows=rows,
                cap_ore=max(capped) if capped else 0,
            )
        )
    out.sort(key=lambda st: (sort_key(st.name.split(" ")[-1]), sort_key(st.name)))  # Swedish order by surname
    return out


def programme_figures(ctx, year: int | str):
    """Figures of the programme report from the year's approved runs (by payout date)."""
    from statistics import median

    from sysselsattning.domain.rules._common import mul_div
    from sysselsattning.reports.programme_report import CapBucket, GroupFigures, ProgrammeFigures
    from sysselsattning.storage.queries import exports as repo

    y = parse_year(year)
    require(ctx, "reports.read")
    with ctx.db.read() as s:
        runs = repo.final_runs(s, paid_from=date(y, 1, 1), paid_to=date(y + 1, 1, 1))
        run_ids = [r.id for r in runs]
        lines = repo.lines_of_runs(s, run_ids)
        aggs = repo.entry_aggregates(s, run_ids)
        sites = repo.worksites(s)
        orgs = repo.organisations(s)
    if ctx.role == "samordnare" and ctx.organisation_ids is not None:
        allowed = set(ctx.organisation_ids)
        lines = [ln for ln in lines if ln.organisation_id in allowed]
        aggs = [a for a in aggs if sites.get(a.worksite_id) and sites[a.worksite_id].organisation_id in allowed]
    month_of = {r.id: f"{r.payment_date:%Y-%m}" for r in runs}
    # Employer charges per worksite: each line's charges spread over its worksites by amount earned there.
    line_fee = {(ln.run_id, ln.participant_id, ln.organisation_id): ln.employer_fee_ore for ln in lines}
    line_amount: dict[tuple[int, int, int], int] = defaultdict(int)
    for a in aggs:
        site = sites.get(a.worksite_id)
        if site:
            line_amount[(a.run_id, a.participant_id, site.organisation_id)] += a.amount_ore

    def empty() -> dict:
        return {"p": set(), "h": 0, "t": set(), "e": 0, "g": 0, "f": 0}

    by_month: dict[str, dict] = defaultdict(empty)
    by_org: dict[int, dict] = defaultdict(empty)
    by_site: dict[int, dict] = defaultdict(empty)
    by_site_month: dict[tuple[int, str], dict] = defaultdict(empty)
    for ln in lines:
        for bucket in (by_month[month_of[ln.run_id]], by_org[ln.organisation_id]):
            bucket["p"].add(ln.participant_id)
            bucket["g"] += ln.gross_ore
            bucket["f"] += ln.employer_fee_ore
    for a in aggs:
        site = sites.get(a.worksite_id)
        if site is None:
            continue
        key = (a.run_id, a.participant_id, site.organisation_id)
        fee = mul_div(line_fee.get(key, 0), a.amount_ore, line_amount[key]) if line_amount[key] else 0
        m = month_of[a.run_id]
        for bucket in (by_site[a.worksite_id], by_site_month[(a.worksite_id, m)]):
            bucket["p"].add(a.participant_id)
            bucket["h"] += a.hours_hundredths
            bucket["t"].add(a.task_id)
            bucket["e"] += a.entries
            bucket["g"] += a.amount_ore
            bucket["f"] += fee
        for bucket in (by_month[m], by_org[site.organisation_id]):
            bucket["h"] += a.hours_hundredths
            bucket["t"].add(a.task_id)
            bucket["e"] += a.entries

    def fig(b: dict, association="", worksite="", month="") -> GroupFigures:
        return GroupFigures(association, worksite, month, len(b["p"]), b["h"], len(b["t"]), b["e"], b["g"], b["f"])

    months = tuple(fig(by_month[m], month=m) for m in sorted(by_month))
    assoc = tuple(
        sorted(
            (fig(b, association=orgs[oid].name) for oid, b in by_org.items() if oid in orgs),
            key=lambda g: g.association,
        )
    )
    site_name = lambda sid: (orgs[sites[sid].organisation_id].name, sites[sid].name)  # noqa: E731
    ws = tuple(
        sorted((fig(b, *site_name(sid)) for sid, b in by_site.items()), key=lambda g: (g.association, g.worksite))
    )
    wsm = tuple(
        sorted(
            (fig(b, *site_name(sid), month=m) for (sid, m), b in by_site_month.items()),
            key=lambda g: (g.association, g.worksite, g.month),
        )
    )
    # Per participant: the year's gross and, for those with a cap, the share of the cap used at year end.
    gross_by_p: dict[int, int] = defaultdict(int)
    last: dict[int, object] = {}
    for ln in lines:
        gross_by_p[ln.participant_id] += ln.gross_ore
        last[ln.participant_id] = ln  # lines come in payout order
    buckets = [0, 0, 0, 0, 0]
    labels = [_("under 25 %"), _("25–49 %"), _("50–74 %"), _("75–99 %"), _("nått taket")]
    with_cap = reached = 0
    params = ctx.params()
    has_cap = {ln.participant_id for ln in lines if ln.cap_ore > 0 and cap_applied(params, ln)}
    cap_amounts = [ln.cap_ore for ln in last.values() if ln.participant_id in has_cap]
    for ln in last.values():
        if ln.participant_id not in has_cap:
            continue
        with_cap += 1
        share = ln.ytd_cap_used_ore * 100 // ln.cap_ore
        if ln.ytd_cap_used_ore >= ln.cap_ore:
            reached += 1
            buckets[4] += 1
        else:
            buckets[min(share // 25, 3)] += 1
    values = sorted(gross_by_p.values())
    notes = (
        _("Arbetsgivaravgifter per arbetsplats är fördelade efter arvodet som tjänats in där."),
        _("Månad = utbetalningsmånad. Bara godkända och utbetalda lönekörningar ingår."),
    )
    return ProgrammeFigures(
        year=y,
        participants=len(gross_by_p),
        gross_ore=sum(ln.gross_ore for ln in lines),
        employer_fee_ore=sum(ln.employer_fee_ore for ln in lines),
        tax_ore=sum(ln.tax_ore for ln in lines),
        hours_hundredths=sum(a.hours_hundredths for a in aggs),
        median_gross_ore=int(median(values)) if values else 0,
        with_cap=with_cap,
        reached_cap=reached,
        cap_ore=max(cap_amounts) if cap_amounts else 0,
        months=months,
        associations=assoc,
        worksites=ws,
        worksite_months=wsm,
        cap_buckets=tuple(CapBucket(lbl, n) for lbl, n in zip(labels, buckets, strict=True)),
        notes=notes,
    )


def _write_report(ctx, out: Path, data: bytes, table: str, record_id: str, detail: str) -> None:
    from sysselsattning.storage import audit

    with ctx.db.unit_of_work() as s:
        write_atomically(out, data)
        audit.record(s, "export", table, record_id, detail=detail[:500])


def _fmt(out: Path, fmt: str | None) -> str:
    kind = (fmt or out.suffix.lstrip(".") or "pdf").lower()
    if kind not in ("pdf", "csv"):
        raise _fail(
            "format", "export_format_invalid", _("Okänt format {value}: välj pdf eller csv.").format(value=kind)
        )
    return kind


def write_income_report(
    ctx,
    out: Path | str,
    *,
    period: str | None = None,
    year: int | str | None = None,
    participant: str | None = None,
    fmt: str | None = None,
    caseworker: str | None = None,
) -> ExportResult:
    from sysselsattning.reports import income_report

    out = Path(out)
    kind = _fmt(out, fmt)
    statements = income_statements(ctx, period=period, year=year, participant=participant, caseworker=caseworker)
    label = period or str(year)
    if kind == "csv":
        data = income_report.render_csv(statements).encode("utf-8-sig")
    else:
        data = income_report.render_pdf(
            statements,
            title=_("Inkomstuppgift arvode {period}").format(period=label),
            generated=ctx.now_date(),
            sender=sender_name(ctx),
        )
    _write_report(
        ctx, out, data, "inkomstuppgift", label, f"Inkomstuppgift {label}: {len(statements)} deltagare → {out.name}"
    )
    n_rows = sum(len(st.rows) for st in statements)
    return ExportResult(
        files=[out],
        count=len(statements),
        total_ore=sum(r.gross_ore for st in statements for r in st.rows),
        summary=[
            _("Inkomstuppgift {period}: {n} deltagare, {rows} utbetalningar → {file}").format(
                period=label, n=len(statements), rows=n_rows, file=out
            )
        ],
    )


def write_annual_statements(
    ctx, year: int | str, out: Path | str, *, participant: str | None = None, caseworker: str | None = None
) -> ExportResult:
    from sysselsattning.reports import annual_statement

    out = Path(out)
    statements = annual_statements(ctx, year, participant=participant, caseworker=caseworker)
    data = annual_statement.render_pdf(statements, generated=ctx.now_date())
    _write_report(ctx, out, data, "arsbesked", str(year), f"Årsbesked {year}: {len(statements)} deltagare → {out.name}")
    return ExportResult(
        files=[out],
        count=len(statements),
        summary=[_("Årsbesked {year}: {n} deltagare → {file}").format(year=year, n=len(statements), file=out)],
    )


def write_programme_report(ctx, year: int | str, out: Path | str, *, fmt: str | None = None) -> ExportResult:
    from sysselsattning.reports import programme_report

    out = Path(out)
    kind = _fmt(out, fmt)
    figures = programme_figures(ctx, year)
    if kind == "csv":
        data = programme_report.render_csv(figures).encode("utf-8-sig")
    else:
        data = programme_report.render_pdf(figures, generated=ctx.now_date())
    _write_report(ctx, out, data, "programrapport", str(year), f"Programrapport {year} → {out.name}")
    return ExportResult(
        files=[out],
        count=figures.participants,
        total_ore=figures.gross_ore,
        summary=[
            _("Programrapport {year}: {n} deltagare, arvoden {gross} → {file}").format(
                year=year, n=figures.participants, gross=format_money(figures.gross_ore), file=out
            )
        ],
    )


# ============================================================================================== previews
@dataclass
class Preview:
    """A table of figures for the *Rapporter* page: column titles with kinds (text|money|number|date|hours), rows."""

    columns: list[tuple[str, str]]
    rows: list[tuple]
    notes: list[str] = field(default_factory=list)


def _own_lines(ctx, lines: list) -> list:
    """A samordnare sees only their associations' lines."""
    if ctx.role == "samordnare" and ctx.organisation_ids is not None:
        return [ln for ln in lines if ln.organisation_id in ctx.organisation_ids]
    return lines


def preview(ctx, kind: str, *, year: int, month: int | None = None, participant: str | None = None) -> Preview:
    """What a report or export would contain, without writing anything (no spec numbers assigned)."""
    from sysselsattning.storage.queries import exports as repo

    period = f"{year:04d}-{month:02d}" if month else None
    if kind == "agi":
        period = parse_period(period or "")
        require(ctx, "export")
        start, end = repo.month_bounds(period)
        with ctx.db.read() as s:
            runs, lines = repo.final_lines_paid_between(s, start, end)
            lines = _own_lines(ctx, lines)
            orgs = repo.organisations(s, {ln.organisation_id for ln in lines})
        rows = []
        for org in sorted(orgs.values(), key=lambda o: o.name):
            mine = [ln for ln in lines if ln.organisation_id == org.id]
            ulag = sum(ln.gross_ore for ln in mine if ln.employer_fee_base_ore > 0 or ln.employer_fee_ore > 0)
            rows.append(
                (
                    f"{org.name} ({org.orgnr})",
                    len({ln.participant_id for ln in mine}),
                    ulag,
                    sum(ln.gross_ore for ln in mine) - ulag,
                    sum(ln.tax_ore for ln in mine),
                    sum(ln.employer_fee_ore for ln in mine),
                )
            )
        notes = [
            _("Sista dag att lämna AGI för {period}: {date}.").format(
                period=period, date=format_date(agi_deadline(ctx, period), "long")
            )
        ]
        if not rows:
            notes.insert(0, _("Ingen godkänd lönekörning med utbetalning i {period}.").format(period=period))
        return Preview(
            [
                (_("Förening"), "text"),
                (_("Personer"), "number"),
                (_("Underlag (011)"), "money"),
                (_("Ej underlag (131)"), "money"),
                (_("Skatt (001)"), "money"),
                (_("Avgifter (487)"), "money"),
            ],
            rows,
            notes,
        )
    if kind == "pain001":
        period = parse_period(period or "")
        require(ctx, "export")
        with ctx.db.read() as s:
            runs = repo.final_runs(s, label=period)
            lines = _own_lines(ctx, repo.lines_of_runs(s, [r.id for r in runs]))
            orgs = repo.organisations(s, {ln.organisation_id for ln in lines})
        rows = [
            (
                ln.name,
                orgs[ln.organisation_id].name,
                _("bank") if ln.payout_method == "bank" else _("kontant"),
                f"{ln.clearing} {ln.account}".strip() if ln.payout_method == "bank" else "",
                ln.net_ore,
            )
            for ln in lines
        ]
        bank = [r for r in rows if r[2] == _("bank")]
        notes = [
            _("{n} överföringar på sammanlagt {total}; {cash} deltagare betalas kontant.").format(
                n=len(bank), total=format_money(sum(r[4] for r in bank)), cash=len(rows) - len(bank)
            )
        ]
        if not runs:
            notes = [_("Det finns ingen godkänd lönekörning för {period}.").format(period=period)]
        return Preview(
            [
                (_("Deltagare"), "text"),
                (_("Förening"), "text"),
                (_("Utbetalning"), "text"),
                (_("Clearing och konto"), "text"),
                (_("Netto"), "money"),
            ],
            rows,
            notes,
        )
    if kind == "sie":
        require(ctx, "export")
        with ctx.db.read() as s:
            runs, lines = repo.final_lines_paid_between(s, date(year, 1, 1), date(year + 1, 1, 1))
            lines = _own_lines(ctx, lines)
            orgs = repo.organisations(s, {ln.organisation_id for ln in lines})
        rows = []
        for run in runs:
            for org in sorted(orgs.values(), key=lambda o: o.name):
                mine = [ln for ln in lines if ln.run_id == run.id and ln.organisation_id == org.id]
                if mine:
                    rows.append(
                        (
                            run.payment_date,
                            run.label,
                            org.name,
                            sum(ln.gross_ore for ln in mine),
                            sum(ln.employer_fee_ore for ln in mine),
                            sum(ln.tax_ore for ln in mine),
                            sum(ln.net_ore for ln in mine),
                        )
                    )
        return Preview(
            [
                (_("Datum"), "date"),
                (_("Period"), "text"),
                (_("Förening"), "text"),
                (_("Arvoden (7010)"), "money"),
                (_("Avgifter (7510/2731)"), "money"),
                (_("Skatt (2710)"), "money"),
                (_("Netto (1910/1930)"), "money"),
            ],
            rows,
            [_("En verifikation per lönekörning och förening; varje verifikation balanserar.")],
        )
    if kind == "income":
        statements = income_statements(ctx, period=period, year=None if period else year, participant=participant)
        rows = [
            (
                st.name,
                r.payout_date,
                r.counts_in,
                r.payer,
                r.gross_ore,
                r.tax_ore,
                r.net_ore,
                r.shielded_ore,
                r.counted_ore,
            )
            for st in statements
            for r in st.rows
        ]
        return Preview(
            [
                (_("Deltagare"), "text"),
                (_("Utbetald"), "date"),
                (_("Avser"), "text"),
                (_("Utbetalare"), "text"),
                (_("Brutto"), "money"),
                (_("Skatt"), "money"),
                (_("Netto"), "money"),
                (_("Frikort"), "money"),
                (_("Räknas som inkomst"), "money"),
            ],
            rows,
        )
    if kind == "annual":
        statements = annual_statements(ctx, year, participant=participant)
        rows = [
            (st.name, len(st.rows), st.gross_ore, st.tax_ore, st.net_ore, st.cap_used_ore, st.cap_left_ore)
            for st in statements
        ]
        return Preview(
            [
                (_("Deltagare"), "text"),
                (_("Utbetalningar"), "number"),
                (_("Brutto"), "money"),
                (_("Skatt"), "money"),
                (_("Netto"), "money"),
                (_("Använt av taket"), "money"),
                (_("Kvar under taket"), "money"),
            ],
            rows,
        )
    if kind == "programme":
        f = programme_figures(ctx, year)
        rows = [
            (
                m.month,
                m.participants,
                m.hours_hundredths,
                m.entries,
                m.gross_ore,
                m.employer_fee_ore,
                m.employer_cost_ore,
            )
            for m in f.months
        ]
        notes = [
            _(
                "{n} deltagare, arvoden {gross}, arbetsgivarkostnad {cost}; {reached} av {capped} med frikort nådde taket."
            ).format(
                n=f.participants,
                gross=format_money(f.gross_ore),
                cost=format_money(f.gross_ore + f.employer_fee_ore),
                reached=f.reached_cap,
                capped=f.with_cap,
            )
        ]
        return Preview(
            [
                (_("Månad"), "text"),
                (_("Deltagare"), "number"),
                (_("Timmar"), "hours"),
                (_("Arbetspass"), "number"),
                (_("Arvode"), "money"),
                (_("Avgifter"), "money"),
                (_("Kostnad"), "money"),
            ],
            rows,
            notes,
        )
    raise ValueError(kind)
