"""Pay runs, the reading use cases: the run list, a run's lines, a participant's year-to-date (the cap ledger),
and the data of the pay slips and the cash list (one read transaction each; SQL in
:mod:`sysselsattning.storage.queries.payrun_reads`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from sysselsattning.domain import payroll as dp
from sysselsattning.domain.collation import sort_key
from sysselsattning.domain.personnummer import format_pnr, mask
from sysselsattning.i18n import _, format_month
from sysselsattning.services.access import require, sees_full_pnr
from sysselsattning.services.context import AppContext
from sysselsattning.services.errors import NotFound
from sysselsattning.services.payroll_rows import (
    LineRow,
    RunSummary,
    YtdRow,
    birth_date_of,
    details,
    parse_period,
    summary,
    tax_text,
    warning_texts,
)
from sysselsattning.storage.queries import payrun_reads as r
from sysselsattning.storage.queries.payruns import find_run

if TYPE_CHECKING:  # the report modules import reportlab lazily; only their data classes are named here
    from sysselsattning.reports.cash_list import CashListData
    from sysselsattning.reports.payslip import PayslipData


def _coordinator_orgs(ctx: AppContext) -> frozenset[int] | None:
    """The associations a coordinator's lists are limited to (None: all)."""
    return ctx.organisation_ids if ctx.role == "samordnare" and ctx.organisation_ids is not None else None


def list_runs(ctx: AppContext) -> list[RunSummary]:
    """All runs, oldest period first."""
    require(ctx, "payroll.read")
    with ctx.db.read() as s:
        runs = r.all_runs(s)
        sums = r.line_sums(s)
        last_change = r.last_entry_change(s)
    out = []
    for run in runs:
        x = sums.get(run.id)
        extra = (
            None
            if x is None
            else {"lines": x.lines, "correction": x.correction_ore, "cash": x.cash_ore, "bank": x.bank_ore}
        )
        row = summary(run, (), extra)
        if run.status == "draft" and (
            run.computed_at is None or (last_change is not None and last_change > run.computed_at)
        ):
            row = replace(row, stale=True)
        out.append(row)
    return out


def get_run(ctx: AppContext, label: str, organisation_id: int | None = None) -> RunSummary:
    for run in list_runs(ctx):
        if run.label == label and run.organisation_id == organisation_id:
            return run
    raise NotFound(_("Det finns ingen lönekörning för {label}.").format(label=label))


def _tax_texts(params):
    texts: dict[tuple[str, str, date], str] = {}

    def text(reason: str, percent: str, on: date) -> str:
        key = (reason, percent, on)
        if key not in texts:
            texts[key] = tax_text(reason, percent, on, params)
        return texts[key]

    return text


def run_lines(ctx: AppContext, label: str, organisation_id: int | None = None) -> list[LineRow]:
    """The run's lines, one per participant and association (a coordinator sees their associations only)."""
    require(ctx, "payroll.read", organisation_id=organisation_id)
    full = sees_full_pnr(ctx)
    text = _tax_texts(ctx.params())
    with ctx.db.read() as s:
        run = find_run(s, label, organisation_id)
        if run is None:
            raise NotFound(_("Det finns ingen lönekörning för {label}.").format(label=label))
        rows = r.run_lines(s, run.id, _coordinator_orgs(ctx))
    out = []
    rows = sorted(rows, key=lambda x: (sort_key(x.last_name), sort_key(x.first_name), x.organisation_id))
    for line in rows:
        d = details(line.details_json)
        pd = date.fromisoformat(d["payment_date"]) if d.get("payment_date") else run.payment_date
        name = f"{line.first_name} {line.last_name}".strip()
        out.append(
            LineRow(
                id=line.id,
                participant_id=line.participant_id,
                name=name,
                pnr_display=format_pnr(line.personnummer) if full else mask(line.personnummer),
                organisation_id=line.organisation_id,
                organisation_name=line.org_name,
                gross_ore=line.gross_ore,
                correction_ore=line.correction_ore,
                tax_ore=line.tax_ore,
                tax_reason=line.tax_reason,
                tax_text=text(line.tax_reason, d.get("tax_percent", ""), pd),
                employer_fee_ore=line.employer_fee_ore,
                employer_fee_base_ore=line.employer_fee_base_ore,
                employer_fee_rate=line.employer_fee_rate,
                net_ore=line.net_ore,
                cap_shielded_ore=line.cap_shielded_ore,
                cap_ore=line.cap_ore,
                ytd_gross_ore=line.ytd_gross_ore,
                ytd_tax_ore=line.ytd_tax_ore,
                ytd_employer_fee_ore=line.ytd_employer_fee_ore,
                ytd_net_ore=line.ytd_net_ore,
                ytd_cap_used_ore=line.ytd_cap_used_ore,
                payout_method=line.payout_method,
                slip_number=line.slip_number,
                entries=int(d["entry_count"]) if "entry_count" in d else len(d.get("entries", [])),
                payment_date=pd,
                cap_applies=bool(d.get("cap_applies")),
                first_name=line.first_name,
                last_name=line.last_name,
                warnings=tuple(warning_texts([w for w in d.get("warnings", []) if w[0] != "pay_estimate"], name)),
                estimate=bool(d.get("estimate")),
            )
        )
    return out


def year_to_date(ctx: AppContext, participant_id: int, year: int) -> YtdRow:
    """Gross, tax, charges, net and cap used in ``year`` from approved and paid runs (all associations)."""
    require(ctx, "payroll.read") if ctx.role != "handlaggare" else require(ctx, "participants.read")
    params = ctx.params()
    with ctx.db.read() as s:
        p = r.cap_facts(s, participant_id)
        if p is None:
            raise NotFound(_("Deltagaren finns inte."))
        t = r.year_totals(s, participant_id, year)
    on = min(max(ctx.now_date(), date(year, 1, 1)), date(year, 12, 31))
    cap = dp.CapPolicy.from_params(params, on)
    payee = dp.Payee(
        p.participant_id,
        birth_date_of(p.personnummer),
        cap_decision_from=p.cap_decision_from,
        cap_decision_to=p.cap_decision_to,
    )
    return YtdRow(
        participant_id,
        year,
        t.gross_ore,
        t.tax_ore,
        t.employer_fee_ore,
        t.net_ore,
        t.cap_used_ore,
        cap.cap_ore,
        cap.applies(payee, on),
        t.payments,
    )


def slip_data(
    ctx: AppContext, label: str, participant_id: int | None = None, organisation_id: int | None = None
) -> list[PayslipData]:
    """Everything the pay slip PDF shows, one item per participant and association (sorted by slip number)."""
    from sysselsattning.reports.payslip import PayslipData, SlipLine

    require(ctx, "slips", organisation_id=organisation_id)
    text = _tax_texts(ctx.params())
    with ctx.db.read() as s:
        run = find_run(s, label, organisation_id)
        if run is None:
            raise NotFound(_("Det finns ingen lönekörning för {label}.").format(label=label))
        rows = r.slip_rows(s, run.id, participant_id, _coordinator_orgs(ctx))
        entry_lines = r.entry_lines(s, run, parse_period(run.label), participant_id) if rows else {}
        # The participant's own year across every association, after all of the pay day's payments: every
        # slip paid on the same day states the same year-to-date and cap figures.
        parts: dict[int, list[r.YearPart]] = {}
        for part in r.year_parts(
            s, {row.line.participant_id for row in rows}, run.payment_date.year, run.payment_date, run.id
        ):
            parts.setdefault(part.participant_id, []).append(part)
    period_text = format_month(run.period_start) if run.kind == "month" else run.label
    out = []
    for row in rows:
        line = row.line
        d = details(line.details_json)
        pd = date.fromisoformat(d["payment_date"]) if d.get("payment_date") else run.payment_date
        if "entries" in d:  # lines computed before the entry lines were read from work_entries
            lines = tuple(
                SlipLine(
                    work_date=date.fromisoformat(e[1]),
                    worksite=e[2],
                    task=e[3],
                    unit=e[4],
                    quantity_hundredths=(e[5] if e[5] is not None else e[6]) or 0,
                    rate_ore=e[7],
                    amount_ore=e[8],
                    is_correction=e[9] is not None,
                    comment=e[10] if len(e) > 10 else "",
                )
                for e in d["entries"]
            )
        else:
            lines = tuple(
                SlipLine(
                    work_date=e.work_date,
                    worksite=e.worksite,
                    task=e.task,
                    unit=e.unit,
                    quantity_hundredths=(
                        e.hours_hundredths if e.hours_hundredths is not None else e.quantity_hundredths
                    )
                    or 0,
                    rate_ore=e.rate_ore,
                    amount_ore=e.amount_ore,
                    is_correction=e.corrects_entry_id is not None,
                    comment=e.comment or "",
                )
                for e in entry_lines.get((line.participant_id, line.organisation_id), ())
            )
        if line.payout_method == "bank":
            acct = (row.account or "").replace(" ", "")
            payout = _("Till bankkonto {clearing}-{account}").format(
                clearing=row.clearing or "****", account=("****" + acct[-4:]) if acct else "****"
            )
        else:
            payout = _("Kontant")
        mine = parts.get(line.participant_id, [])
        ytd = (
            (sum(p.gross_ore for p in mine), sum(p.tax_ore for p in mine), sum(p.net_ore for p in mine))
            if mine
            else (line.ytd_gross_ore, line.ytd_tax_ore, line.ytd_net_ore)
        )
        cap_used = sum(p.cap_shielded_ore for p in mine) if mine else line.ytd_cap_used_ore
        org_lines = tuple(x for x in (row.org_address, f"{row.org_postal or ''} {row.org_city or ''}".strip()) if x)
        out.append(
            PayslipData(
                slip_number=line.slip_number,
                organisation_name=line.org_name,
                organisation_orgnr=row.orgnr,
                organisation_address=", ".join(org_lines),
                organisation_address_lines=org_lines,
                contact_name=row.contact_name or "",
                contact_phone=row.contact_phone or "",
                participant_name=f"{line.first_name} {line.last_name}".strip(),
                participant_pnr=mask(line.personnummer),
                participant_address=tuple(x for x in (row.address, f"{row.postal_code} {row.city}".strip()) if x),
                period_text=period_text,
                payment_date=pd,
                lines=lines,
                gross_ore=line.gross_ore,
                correction_ore=line.correction_ore,
                tax_ore=line.tax_ore,
                tax_text=text(line.tax_reason, d.get("tax_percent", ""), pd),
                net_ore=line.net_ore,
                payout_method=line.payout_method,
                payout_text=payout,
                ytd_gross_ore=ytd[0],
                ytd_tax_ore=ytd[1],
                ytd_net_ore=ytd[2],
                ytd_parts=tuple((p.organisation_name, p.gross_ore) for p in mine) if len(mine) > 1 else (),
                cap_applies=bool(d.get("cap_applies")),
                cap_ore=line.cap_ore,
                cap_used_ore=cap_used,
                cap_decision_from=row.cap_decision_from,
                cap_decision_to=row.cap_decision_to,
                tax_reason_text=_no_tax_reason(line.tax_ore, line.tax_reason, d.get("tax_percent", "")),
                cap_shields=tuple(d.get("cap_shields", ())),
                draft=run.status == "draft",
                estimate=bool(d.get("cap_estimate")),
                year=pd.year,
            )
        )
    _record_printing(
        ctx,
        run.id,
        f"lönebesked {run.label}: {len(out)} st"
        + (f" (deltagare {participant_id})" if participant_id is not None else "")
        + ", nr "
        + ", ".join(str(x.slip_number) for x in out[:50]),
    )
    return out


def _no_tax_reason(tax_ore: int, reason: str, percent: str) -> str:
    """Why no tax was taken, in plain words, when the tax line itself does not say it (e.g. a 0 % rate)."""
    if tax_ore != 0:
        return ""
    if reason == "percent" and percent.strip() in ("0", "0.0", "0.00", "0,0", "0,00"):
        return _("Ingen skatt dras: din skattesats är 0 %. Har du frågor, prata med Skatteverket.")
    return ""


def _record_printing(ctx: AppContext, run_id: int, detail: str) -> None:
    """Printing or saving slips and cash lists is audited (#15): who took out which participants' pay."""
    from sysselsattning.storage import audit

    ctx.act()
    with ctx.db.unit_of_work() as s:
        audit.record(s, "print", "pay_runs", run_id, detail=detail[:500])


def cash_list_data(ctx: AppContext, label: str, organisation_id: int | None = None) -> CashListData:
    """Participants paid in cash in a run, per association, with their net amounts."""
    from sysselsattning.reports.cash_list import CashListData, CashRow, row_order

    require(ctx, "slips", organisation_id=organisation_id)
    lines = [pl for pl in run_lines(ctx, label, organisation_id) if pl.payout_method == "cash"]
    with ctx.db.read() as s:
        run = find_run(s, label, organisation_id)
    assert run is not None
    period_text = format_month(run.period_start) if run.kind == "month" else run.label
    rows = tuple(
        sorted(
            (
                CashRow(
                    organisation_name=pl.organisation_name,
                    name=pl.name,
                    pnr=mask(pl.pnr_display),
                    net_ore=pl.net_ore,
                    slip_number=pl.slip_number,
                    payment_date=pl.payment_date,
                    last_name=pl.last_name,
                    first_name=pl.first_name,
                    participant_id=pl.participant_id,
                )
                for pl in lines
            ),
            key=row_order,
        )
    )
    _record_printing(ctx, run.id, f"kontantlista {run.label}: {len(rows)} rader")
    return CashListData(period_text=period_text, payment_date=run.payment_date, rows=rows, draft=run.status == "draft")
