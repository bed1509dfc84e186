"""Export use cases: AGI to Skatteverket, pain.001 to the bank, SIE to the bookkeeping.

Each function checks the acting user's rights (``export``; a samordnare only for their own associations),
reads approved/paid runs in one transaction, writes the file(s) and an ``export`` audit row in that same
transaction, and returns an :class:`ExportResult` with Swedish summary lines for the CLI and the UI.
Bad input (period, missing run, missing bank details) raises
:class:`~sysselsattning.domain.problems.ValidationFailed` with a Swedish message; nothing is written then.

One file per employer: AGI and SIE are per association (each is its own employer and keeps its own books).
When several associations paid in the period and no organisation is given, one file per association is
written, named ``FILE_<orgnr>.xml`` / ``FILE_<orgnr>.se`` (the organisationsnummer inserted before the suffix).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sysselsattning.domain.problems import Problem, ValidationFailed
from sysselsattning.i18n import _, format_date, format_money
from sysselsattning.services.access import require

_PERIOD_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass
class CashPayment:
    name: str
    personnummer: str
    organisation: str
    net_ore: int


@dataclass
class ExportResult:
    files: list[Path] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cash: list[CashPayment] = field(default_factory=list)
    deadline: date | None = None
    count: int = 0
    total_ore: int = 0


# ------------------------------------------------------------------------------------------------ helpers
def _local_now(ctx) -> datetime:
    """The context's clock in local time to the second, as the file formats stamp their creation time."""
    return ctx.now().astimezone().replace(microsecond=0, tzinfo=None)


def parse_period(text: str) -> str:
    if not _PERIOD_RE.match((text or "").strip()):
        raise ValidationFailed(
            [
                Problem(
                    "period",
                    "export_period_invalid",
                    {"value": text},
                    _("Ogiltig period {value}: skriv ÅÅÅÅ-MM, t.ex. 2026-03.").format(value=text),
                )
            ]
        )
    return text.strip()


def parse_year(text: str | int) -> int:
    try:
        year = int(str(text).strip())
    except ValueError:
        year = 0
    if not 2000 <= year <= 2100:
        raise ValidationFailed(
            [
                Problem(
                    "year",
                    "export_year_invalid",
                    {"value": text},
                    _("Ogiltigt år {value}: skriv ÅÅÅÅ, t.ex. 2026.").format(value=text),
                )
            ]
        )
    return year


def _fail(field_name: str, code: str, message: str, **params) -> ValidationFailed:
    return ValidationFailed([Problem(field_name, code, params, message)])


def target_path(out: Path, orgnr: str, several: bool) -> Path:
    """``FILE.xml`` or, when several employers are written, ``FILE_5560001234.xml``."""
    if not several:
        return out
    digits = "".join(ch for ch in orgnr if ch.isdigit())
    return out.with_name(f"{out.stem}_{digits}{out.suffix}")


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename: a reader never sees half a file."""
    path = Path(path)
    if path.parent and not path.parent.exists():
        raise _fail("out", "export_folder_missing", _("Mappen finns inte: {folder}").format(folder=path.parent))
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=str(path.parent))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _explain_missing_run(session, period: str) -> ValidationFailed:
    from sysselsattning.storage.queries.exports import runs_with_label

    drafts = [r for r in runs_with_label(session, period) if r.status == "draft"]
    if drafts:
        return _fail(
            "period",
            "export_run_not_approved",
            _("Lönekörningen för {period} är inte godkänd än – bara godkända körningar exporteras.").format(
                period=period
            ),
            period=period,
        )
    return _fail(
        "period",
        "export_no_run",
        _("Det finns ingen godkänd lönekörning för {period}.").format(period=period),
        period=period,
    )


def _select_orgs(ctx, session, lines, organisation: str | None):
    from sysselsattning.storage.queries.exports import organisation_by_orgnr, organisations

    orgs = organisations(session, {ln.organisation_id for ln in lines})
    if organisation:
        wanted = organisation_by_orgnr(session, organisation)
        if wanted is None:
            raise _fail(
                "organisation",
                "export_unknown_org",
                _("Det finns ingen förening med organisationsnummer {orgnr}.").format(orgnr=organisation),
                orgnr=organisation,
            )
        if wanted.id not in orgs:
            raise _fail(
                "organisation",
                "export_org_nothing",
                _("{name} har inga utbetalningar i perioden.").format(name=wanted.name),
                name=wanted.name,
            )
        orgs = {wanted.id: orgs[wanted.id]}
    elif ctx.role == "samordnare" and ctx.organisation_ids is not None:
        # A coordinator exports their own associations' files; the others' are not theirs to see.
        orgs = {k: v for k, v in orgs.items() if k in ctx.organisation_ids}
        if not orgs:
            raise _fail(
                "organisation", "export_no_own_org", _("Ingen av dina föreningar har utbetalningar i perioden.")
            )
    for org in orgs.values():
        require(ctx, "export", organisation_id=org.id)
    return dict(sorted(orgs.items(), key=lambda kv: kv[1].name))


def _check_run_totals(session, runs) -> None:
    """Refuse to write anything when a run's stored totals differ from the sum of its lines."""
    from sysselsattning.services.payroll import check_totals

    for run in runs:
        check_totals(session, run.id)


def _settings(session, prefix: str) -> dict[str, str]:
    from sysselsattning.storage.queries.overrides import settings_with_prefix

    return settings_with_prefix(session, prefix)


# -------------------------------------------------------------------------------------------------- AGI
def agi_deadline(ctx, period: str) -> date:
    from sysselsattning.exports.agi import deadline

    return deadline(parse_period(period), ctx.params())


def export_agi(ctx, period: str, out: Path | str, *, organisation: str | None = None) -> ExportResult:
    """Write the AGI for the month ``period`` in which the pay was paid out (one file per employer)."""
    from sysselsattning.exports import agi
    from sysselsattning.paths import resource_path
    from sysselsattning.storage import audit
    from sysselsattning.storage.queries import exports as repo

    period = parse_period(period)
    out = Path(out)
    require(ctx, "export")
    start, end = repo.month_bounds(period)
    result = ExportResult(deadline=agi.deadline(period, ctx.params()))
    with ctx.db.unit_of_work() as s:
        runs, lines = repo.final_lines_paid_between(s, start, end)
        _check_run_totals(s, runs)
        if not lines:
            raise (
                _explain_missing_run(s, period)
                if not runs
                else _fail(
                    "period",
                    "export_no_lines",
                    _("Ingen deltagare fick arvode utbetalt i {period}.").format(period=period),
                )
            )
        orgs = _select_orgs(ctx, s, lines, organisation)
        lines = [ln for ln in lines if ln.organisation_id in orgs]
        specs = repo.ensure_spec_numbers(s, {ln.participant_id for ln in lines})
        sites = repo.worksites(s)
        main_site = repo.main_worksites(s, [r.id for r in runs])
        settings = _settings(s, "agi.")
        several = len(orgs) > 1
        for org in orgs.values():
            facts = []
            for ln in (x for x in lines if x.organisation_id == org.id):
                site = sites.get(main_site.get((ln.run_id, ln.participant_id, org.id), -1))
                facts.append(
                    agi.PayFact(
                        participant_id=ln.participant_id,
                        personnummer=ln.personnummer,
                        name=ln.name,
                        gross_ore=ln.gross_ore,
                        tax_ore=ln.tax_ore,
                        employer_fee_ore=ln.employer_fee_ore,
                        employer_fee_base_ore=ln.employer_fee_base_ore,
                        workplace_address=(site.address if site else "") or org.address,
                        workplace_city=(site.city if site else "") or org.city,
                    )
                )
            individuals = agi.individuals_from(facts, specs)
            bad = [i.name for i in individuals if i.ulag_ag_ore < 0 or i.ej_ulag_ore < 0 or i.tax_ore < 0]
            if bad:
                raise _fail(
                    "period",
                    "export_agi_negative",
                    _(
                        "{org}: negativ ersättning för {names} i {period} – rätta med en ny rad i en senare period."
                    ).format(org=org.name, names=", ".join(bad), period=period),
                )
            contact = agi.Contact(
                name=org.contact_name or settings.get("agi.kontakt.namn", "") or org.name,
                phone=org.contact_phone or settings.get("agi.kontakt.telefon", ""),
                email=org.contact_email or settings.get("agi.kontakt.epost", ""),
            )
            if not (org.contact_phone or settings.get("agi.kontakt.telefon")) or not (
                org.contact_email or settings.get("agi.kontakt.epost")
            ):
                result.warnings.append(
                    _(
                        "{org}: kontaktpersonens telefon eller e-post saknas – fyll i under Arbetsplatser "
                        "innan filen lämnas till Skatteverket."
                    ).format(org=org.name)
                )
            if not org.agi_registered:
                result.warnings.append(
                    _("{org} är inte markerad som registrerad arbetsgivare hos Skatteverket.").format(org=org.name)
                )
            decl = agi.Declaration(
                orgnr=org.orgnr,
                employer_name=org.name,
                period=period,
                individuals=individuals,
                contact=contact,
                created=_local_now(ctx),
            )
            data = agi.render(decl)
            errors = agi.schema_errors(data, resource_path("schemas"))
            if errors:
                raise RuntimeError(
                    _("AGI-filen följer inte Skatteverkets schema: {errors}").format(errors="; ".join(errors[:5]))
                )
            path = target_path(out, org.orgnr, several)
            record_id = f"{org.orgnr}:{period}"
            earlier = repo.times_exported(s, "agi", record_id)
            write_atomically(path, data)
            audit.record(
                s,
                "export",
                "agi",
                record_id,
                detail=f"AGI {period} {org.name}: {len(individuals)} individuppgifter, 487={agi.kronor(decl.fee_total_ore)}, "
                f"497={sum(agi.kronor(i.tax_ore) for i in individuals)} → {path.name}",
            )
            result.files.append(path)
            result.count += len(individuals)
            result.total_ore += sum(i.ulag_ag_ore + i.ej_ulag_ore for i in individuals)
            line = _(
                "{org} ({orgnr}): {n} individuppgifter, arbetsgivaravgifter {fee}, skatteavdrag {tax} → {file}"
            ).format(
                org=org.name,
                orgnr=org.orgnr,
                n=len(individuals),
                fee=format_money(decl.fee_total_ore),
                tax=format_money(decl.tax_total_ore),
                file=path,
            )
            result.summary.append(line)
            if earlier:
                result.summary.append(
                    _(
                        "  Perioden har exporterats förut: individuppgifterna har samma specifikationsnummer "
                        "och ersätter de tidigare när filen lämnas in."
                    )
                )
        if agi.schema_errors(b"", resource_path("schemas")) is None:
            result.warnings.append(
                _(
                    "Skatteverkets XSD finns inte i resources/schemas – filen är kontrollerad mot "
                    "exempelfilens struktur, inte mot schemat."
                )
            )
    result.summary.append(
        _("Sista dag att lämna AGI för {period}: {date}.").format(
            period=period, date=format_date(result.deadline, "long")
        )
    )
    return result


# ---------------------------------------------------------------------------------------------- pain.001
def export_pain001(
    ctx, period: str, out: Path | str, *, organisation: str | None = None, version: str = "09"
) -> ExportResult:
    """Credit transfers for the bank-paid lines of the approved run(s) labelled ``period``.

    One ``PmtInf`` per association (its own debtor account); ``organisation`` limits the file to one of them.
    """
    from sysselsattning.exports import pain001
    from sysselsattning.paths import resource_path
    from sysselsattning.storage import audit
    from sysselsattning.storage.queries import exports as repo

    period = parse_period(period)
    out = Path(out)
    require(ctx, "export")
    result = ExportResult()
    with ctx.db.unit_of_work() as s:
        runs = repo.final_runs(s, label=period)
        if not runs:
            raise _explain_missing_run(s, period)
        _check_run_totals(s, runs)
        lines = repo.lines_of_runs(s, [r.id for r in runs])
        orgs = _select_orgs(ctx, s, lines, organisation)
        lines = [ln for ln in lines if ln.organisation_id in orgs]
        run_by_id = {r.id: r for r in runs}
        missing = sorted(
            {
                ln.name
                for ln in lines
                if ln.payout_method == "bank"
                and ln.net_ore > 0
                and not (pain001.digits(ln.clearing) and pain001.digits(ln.account))
            }
        )
        if missing:
            raise _fail(
                "participants",
                "export_bank_details_missing",
                _("Clearing- eller kontonummer saknas för {names} – fyll i dem eller betala kontant.").format(
                    names=", ".join(missing)
                ),
            )
        batches: list[pain001.Batch] = []
        for org in orgs.values():
            mine = [ln for ln in lines if ln.organisation_id == org.id]
            for ln in mine:
                if ln.payout_method != "bank":
                    result.cash.append(CashPayment(ln.name, ln.personnummer, org.name, ln.net_ore))
            bank = [ln for ln in mine if ln.payout_method == "bank" and ln.net_ore > 0]
            if not bank:
                continue
            if not (org.bank_iban or (pain001.digits(org.bank_clearing) and pain001.digits(org.bank_account))):
                raise _fail(
                    "organisation",
                    "export_debtor_account_missing",
                    _(
                        "{org} saknar bankkonto (IBAN eller clearing- och kontonummer) – fyll i det under Arbetsplatser, "
                        "eller skapa betalfilen för en förening i taget."
                    ).format(org=org.name),
                )
            by_date: dict[date, list] = defaultdict(list)
            for ln in bank:
                by_date[run_by_id[ln.run_id].payment_date].append(ln)
            for pay_date, group in sorted(by_date.items()):
                if pay_date < ctx.now_date():
                    result.warnings.append(
                        _("Utbetalningsdagen {date} har passerat – banken kan kräva ett nytt datum.").format(
                            date=format_date(pay_date)
                        )
                    )
                transfers = tuple(
                    pain001.Transfer(
                        end_to_end_id=f"SF{ln.run_id}-{ln.id}",
                        name=ln.name,
                        clearing=ln.clearing,
                        account=ln.account,
                        amount_ore=ln.net_ore,
                        remittance=_("Arvode {period} från {org}").format(period=period, org=org.name),
                    )
                    for ln in group
                )
                batches.append(
                    pain001.Batch(
                        payment_id=f"SF-{period}-{org.id}-{pay_date:%Y%m%d}",
                        debtor=pain001.Debtor(
                            org.name,
                            org.orgnr,
                            iban=org.bank_iban,
                            bic=org.bank_bic,
                            clearing=org.bank_clearing,
                            account=org.bank_account,
                        ),
                        execution_date=pay_date,
                        transfers=transfers,
                    )
                )
        if not batches:
            raise _fail(
                "period",
                "export_no_bank_lines",
                _("Ingen deltagare i {period} får arvodet till bankkonto – ingen fil skrevs.").format(period=period),
            )
        created = _local_now(ctx)
        data = pain001.render(
            f"SF-{period}-{created:%Y%m%d%H%M%S}", created, _("Sysselsättning först"), batches, version=version
        )
        try:
            errors = pain001.schema_errors(data, resource_path("schemas", pain001.xsd_name(version)))
        except ImportError:
            errors = []
            result.warnings.append(_("lxml saknas – filen kontrollerades inte mot pain.001-schemat."))
        if errors:
            raise RuntimeError(
                _("Betalfilen följer inte pain.001-schemat: {errors}").format(errors="; ".join(errors[:5]))
            )
        write_atomically(out, data)
        result.files.append(out)
        result.count = sum(len(b.transfers) for b in batches)
        result.total_ore = sum(b.control_sum_ore for b in batches)
        audit.record(
            s,
            "export",
            "pain001",
            period,
            detail=f"pain.001.001.{version} {period}: {result.count} överföringar, kontrollsumma {result.total_ore / 100:.2f} → {out.name}",
        )
    result.summary.append(
        _("{n} överföringar på sammanlagt {total} → {file}").format(
            n=result.count, total=format_money(result.total_ore), file=out
        )
    )
    if result.cash:
        result.summary.append(
            _("Betalas kontant (inte i filen): {n} deltagare, {total}").format(
                n=len(result.cash), total=format_money(sum(c.net_ore for c in result.cash))
            )
        )
    return result


# -------------------------------------------------------------------------------------------------- SIE
def export_sie(ctx, year: int | str, out: Path | str, *, organisation: str | None = None) -> ExportResult:
    """SIE 4I with one voucher per approved run (and association) paid in ``year``."""
    from sysselsattning import __version__
    from sysselsattning.exports import sie
    from sysselsattning.storage import audit
    from sysselsattning.storage.queries import exports as repo

    year = parse_year(year)
    out = Path(out)
    require(ctx, "export")
    result = ExportResult()
    with ctx.db.unit_of_work() as s:
        runs, lines = repo.final_lines_paid_between(s, date(year, 1, 1), date(year + 1, 1, 1))
        _check_run_totals(s, runs)
        if not lines:
            raise _fail(
                "year",
                "export_no_runs_year",
                _("Det finns inga godkända lönekörningar med utbetalning {year}.").format(year=year),
                year=year,
            )
        orgs = _select_orgs(ctx, s, lines, organisation)
        settings = _settings(s, "sie.konto.")
        accounts = {}
        for role, (_number, name) in sie.DEFAULT_ACCOUNTS.items():
            value = settings.get(f"sie.konto.{role}", "").strip()
            if value:
                if not value.isdigit() or len(value) != 4:
                    raise _fail(
                        "settings",
                        "export_sie_account_invalid",
                        _("Inställningen sie.konto.{role} = {value} är inget BAS-konto (fyra siffror).").format(
                            role=role, value=value
                        ),
                    )
                accounts[role] = (value, name)
        run_by_id = {r.id: r for r in runs}
        several = len(orgs) > 1
        for org in orgs.values():
            vouchers = []
            for run in runs:
                mine = [ln for ln in lines if ln.run_id == run.id and ln.organisation_id == org.id]
                if not mine:
                    continue
                vouchers.append(
                    sie.Voucher(
                        date=run_by_id[run.id].payment_date,
                        text=_("Arvoden {label}, {org}").format(label=run.label, org=org.name),
                        gross_ore=sum(ln.gross_ore for ln in mine),
                        fee_ore=sum(ln.employer_fee_ore for ln in mine),
                        tax_ore=sum(ln.tax_ore for ln in mine),
                        net_cash_ore=sum(ln.net_ore for ln in mine if ln.payout_method != "bank"),
                        net_bank_ore=sum(ln.net_ore for ln in mine if ln.payout_method == "bank"),
                    )
                )
            data = sie.render(
                company=org.name,
                orgnr=org.orgnr,
                year=year,
                generated=ctx.now_date(),
                vouchers=vouchers,
                accounts=accounts,
                program_version=__version__,
            )
            path = target_path(out, org.orgnr, several)
            write_atomically(path, data)
            audit.record(
                s,
                "export",
                "sie",
                f"{org.orgnr}:{year}",
                detail=f"SIE {year} {org.name}: {len(vouchers)} verifikationer → {path.name}",
            )
            result.files.append(path)
            result.count += len(vouchers)
            result.total_ore += sum(v.gross_ore for v in vouchers)
            result.summary.append(
                _("{org} ({orgnr}): {n} verifikationer, arvoden {gross} → {file}").format(
                    org=org.name,
                    orgnr=org.orgnr,
                    n=len(vouchers),
                    gross=format_money(sum(v.gross_ore for v in vouchers)),
                    file=path,
                )
            )
    return result
