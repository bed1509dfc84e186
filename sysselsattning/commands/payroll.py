"""``payroll run|approve|pay|list|cashlist`` (docs/architecture.md §5).

- ``payroll run --period YYYY-MM [--pay-date YYYY-MM-DD]`` computes (or recomputes) the draft run of the month;
  ``--pay-date`` sets its payment date (a bank day), otherwise a new run gets the associations' pay day and a
  draft keeps its date;
- ``payroll approve --period YYYY-MM [--confirm-past-pay-date]`` approves and locks it (approving a locked run:
  exit 2; a payment date that has passed is refused unless the money really was paid then and the flag says so);
- ``payroll pay --period YYYY-MM`` marks an approved run as paid;
- ``payroll list [--format text|json]``: json is
  ``[{"period", "status", "participants", "gross", "tax", "employer_fees", "net", "payment_date"}]`` with money
  as "1234.50" and the date as "YYYY-MM-DD";
- ``payroll cashlist --period YYYY-MM --out FILE.pdf``: the cash payout list to sign.

Weekly and per-occasion runs (``2026-W12``, ``2026-03-14``) name their association with ``--org ORGNR``.
"""

from __future__ import annotations

import sys

from sysselsattning.i18n import _


def register(parsers) -> None:
    for name, handler, text in (
        ("run", _run, "beräkna (eller räkna om) lönekörningen för en period (utkast)"),
        ("approve", _approve, "godkänn och lås lönekörningen för en period"),
        ("pay", _pay, "markera en godkänd lönekörning som utbetald"),
    ):
        p = parsers.add(name, handler, help=text, under="payroll")
        p.add_argument("--period", required=True, metavar="ÅÅÅÅ-MM", help=_("perioden, t.ex. 2026-03"))
        p.add_argument("--org", metavar="ORGNR", help=_("föreningen (bara för vecko- och tillfälleskörningar)"))
        if name == "run":
            p.add_argument(
                "--pay-date",
                metavar="ÅÅÅÅ-MM-DD",
                help=_("utbetalningsdag (en bankdag); annars föreningens inställning"),
            )
        if name == "approve":
            p.add_argument(
                "--confirm-past-pay-date",
                action="store_true",
                help=_("bekräfta att pengarna verkligen betalades ut på en utbetalningsdag som har passerat"),
            )
    p = parsers.add("list", _list, help=_("visa lönekörningarna"), under="payroll")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p = parsers.add(
        "cashlist", _cashlist, help=_("kontantlista att kvittera för en lönekörning (PDF)"), under="payroll"
    )
    p.add_argument("--period", required=True, metavar="ÅÅÅÅ-MM")
    p.add_argument("--org", metavar="ORGNR")
    p.add_argument("--out", required=True, metavar="FIL.pdf")
    p.set_defaults(out_suffix=".pdf")  # --out - (cli.py)


def _iso_date(text: str | None):
    """``--pay-date`` as a date (None when absent); a bad date is exit 2 naming the option."""
    from datetime import date

    from sysselsattning.cli import CliError

    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CliError(_("--pay-date: ogiltigt datum {text}, skriv ÅÅÅÅ-MM-DD.").format(text=text), code=2) from None


def open_ctx(args):
    """The same role check as every other command (#15: payroll and slips used to skip it)."""
    from sysselsattning.commands.users import cli_context

    return cli_context(args)


def organisation_id(ctx, orgnr: str | None) -> int | None:
    from sysselsattning.cli import CliError
    from sysselsattning.services import registry

    if not orgnr:
        return None
    oid = registry.organisation_id_by_orgnr(ctx, orgnr)
    if oid is None:
        raise CliError(_("Det finns ingen förening med organisationsnummer {orgnr}.").format(orgnr=orgnr), code=2)
    return oid


def call(fn, *args, **kwargs):
    """Run a service; turn expected refusals into Swedish CLI errors (exit 2 bad input/state, 1 access)."""
    from sysselsattning.cli import CliError
    from sysselsattning.domain.problems import ValidationFailed
    from sysselsattning.i18n.messages import problem_text
    from sysselsattning.services.access import AccessDenied
    from sysselsattning.services.errors import ConflictError, NotFound, StateError

    try:
        return fn(*args, **kwargs)
    except ValidationFailed as exc:
        raise CliError("; ".join(problem_text(p) for p in exc.problems), code=2) from None
    except (StateError, NotFound) as exc:
        raise CliError(str(exc.args[0] if exc.args else exc), code=2) from None
    except ConflictError as exc:
        raise CliError(exc.message, code=1) from None
    except AccessDenied as exc:
        raise CliError(str(exc), code=1) from None


def _status_text(status: str) -> str:
    from sysselsattning.i18n import _

    return {"draft": _("utkast"), "approved": _("godkänd"), "paid": _("utbetald")}.get(status, status)


def _print_summary(run, verb: str) -> None:
    from sysselsattning.i18n import _, format_date, format_money

    print(
        _(
            "{verb} {label} ({status}): {n} deltagare, brutto {gross}, skatt {tax}, arbetsgivaravgifter {fees}, "
            "netto {net}, utbetalning {date}."
        ).format(
            verb=verb,
            label=run.label,
            status=_status_text(run.status),
            n=run.participants,
            gross=format_money(run.gross_ore),
            tax=format_money(run.tax_ore),
            fees=format_money(run.employer_fee_ore),
            net=format_money(run.net_ore),
            date=format_date(run.payment_date),
        )
    )
    for w in run.warnings:
        print(_("Varning: {text}").format(text=w), file=sys.stderr)


def _run(args) -> int:
    from sysselsattning.i18n import _
    from sysselsattning.services import payroll

    ctx = open_ctx(args)
    run = call(payroll.compute_run, ctx, args.period, organisation_id(ctx, args.org), pay_date=_iso_date(args.pay_date))
    _print_summary(run, _("Beräknade"))
    return 0


def _approve(args) -> int:
    from sysselsattning.i18n import _
    from sysselsattning.services import payroll

    ctx = open_ctx(args)
    run = call(
        payroll.approve_run,
        ctx,
        args.period,
        organisation_id(ctx, args.org),
        confirm_past_pay_date=args.confirm_past_pay_date,
    )
    _print_summary(run, _("Godkände"))
    return 0


def _pay(args) -> int:
    from sysselsattning.i18n import _
    from sysselsattning.services import payroll

    ctx = open_ctx(args)
    run = call(payroll.mark_paid, ctx, args.period, organisation_id(ctx, args.org))
    _print_summary(run, _("Markerade som utbetald:"))
    return 0


def _list(args) -> int:
    import json

    from sysselsattning.i18n import _, format_money
    from sysselsattning.services import payroll

    ctx = open_ctx(args)
    runs = call(payroll.list_runs, ctx)
    if args.format == "json":
        print(json.dumps([r.as_json() for r in runs], ensure_ascii=False, indent=2))
        return 0
    if not runs:
        print(_("Inga lönekörningar ännu."))
        return 0
    head = (_("Period"), _("Status"), _("Deltagare"), _("Brutto"), _("Skatt"), _("Avgifter"), _("Netto"))
    rows = [
        (
            r.label,
            _status_text(r.status),
            str(r.participants),
            format_money(r.gross_ore),
            format_money(r.tax_ore),
            format_money(r.employer_fee_ore),
            format_money(r.net_ore),
        )
        for r in runs
    ]
    widths = [max(len(str(x[i])) for x in [head, *rows]) for i in range(len(head))]
    for row in [head, *rows]:
        print("  ".join(str(v).ljust(widths[i]) if i < 2 else str(v).rjust(widths[i]) for i, v in enumerate(row)))
    return 0


def write_pdf(path: str, data: bytes) -> None:
    from pathlib import Path

    from sysselsattning.cli import CliError

    out = Path(path)
    if not out.parent.exists():
        raise CliError(_("Mappen finns inte: {folder}").format(folder=out.parent), code=2)
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise CliError(_("Kan inte skriva {path}: {detail}").format(path=out, detail=exc.strerror), code=1) from None


def _cashlist(args) -> int:
    from sysselsattning.i18n import _, format_money
    from sysselsattning.reports.cash_list import count_text, render
    from sysselsattning.services import payroll

    ctx = open_ctx(args)
    data = call(payroll.cash_list_data, ctx, args.period, organisation_id(ctx, args.org))
    write_pdf(args.out, render(data))
    print(
        _("Skrev kontantlistan ({count}, totalt {total}) till {file}.").format(
            count=count_text(len(data.rows), data.people), total=format_money(data.total_ore), file=args.out
        )
    )
    return 0
