"""Registry use cases: associations (organisations), worksites, tasks with dated arvode rates, participants.

Every function checks access (:func:`sysselsattning.services.access.require`) and runs in ONE transaction
(``ctx.db.unit_of_work()``): either everything is saved or nothing. Input is validated by
:mod:`sysselsattning.domain.registry`, which returns :class:`~sysselsattning.domain.problems.Problem` values
named by field; the service raises :class:`~sysselsattning.domain.problems.ValidationFailed` with them.
``save_*`` functions take the ``version`` the user loaded; when someone saved in between they raise
:class:`~sysselsattning.services.errors.ConflictError` whose ``current`` is the fresh row.

No ORM object leaves this module: screens get frozen row dataclasses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sysselsattning.domain.personnummer import format_pnr, mask
from sysselsattning.domain.problems import Problem, ValidationFailed
from sysselsattning.domain.registry import (
    check_name,
    check_organisation,
    check_participant,
    check_rate,
    check_task,
    percent_text,
    rate_periods_overlap,
)
from sysselsattning.i18n import _
from sysselsattning.i18n.messages import problem_text
from sysselsattning.rules.parameters import ParameterMissing
from sysselsattning.services import access
from sysselsattning.services.context import AppContext
from sysselsattning.services.errors import ConflictError, NotFound
from sysselsattning.storage.queries import participants as pq
from sysselsattning.storage.queries import registry as rq

# --------------------------------------------------------------------------------------------- rows
# the frozen rows are defined with their queries
OrganisationRow = rq.OrganisationRow
WorksiteRow = rq.WorksiteRow
RateRow = rq.RateRow
TaskRow = rq.TaskRow
UserRow = rq.UserRow
ParticipantRow = pq.ParticipantRow  # one line of the participant list


@dataclass(frozen=True, slots=True)
class ParticipantDetail:
    """Everything a form needs. ``personnummer`` is ``YYYYMMDD-NNNN`` (masked for roles that may not see it)."""

    id: int
    personnummer: str
    first_name: str
    last_name: str
    address: str
    postal_code: str
    city: str
    phone: str
    payout_method: str
    clearing: str
    account: str
    tax_mode: str  # default | percent | fixed | none
    tax_percent_hundredths: int | None
    tax_fixed_ore: int | None
    cap_decision_from: date | None
    cap_decision_to: date | None
    caseworker_id: int | None
    organisation_id: int | None
    consent_date: date | None
    active: bool
    inactive_since: date | None
    version: int
    default_tax_percent: str = "30"  # skatt.sidoinkomst_procent today, for the form's placeholder

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


# -------------------------------------------------------------------------------------------- input
@dataclass(frozen=True, slots=True)
class OrganisationInput:
    name: str
    orgnr: str
    address: str = ""
    postal_code: str = ""
    city: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    agi_registered: bool = False
    pay_frequency: str = "month"
    payment_day: int = 25
    active: bool = True
    payment_month_offset: int = 0


@dataclass(frozen=True, slots=True)
class WorksiteInput:
    organisation_id: int
    name: str
    address: str = ""
    postal_code: str = ""
    city: str = ""
    active: bool = True


@dataclass(frozen=True, slots=True)
class TaskInput:
    worksite_id: int
    name: str
    unit: str  # hour | piece | occasion
    counts_as_employment: bool = True
    active: bool = True


@dataclass(frozen=True, slots=True)
class ParticipantInput:
    """What a form or a CSV row gives. Text fields as typed; the domain validates and normalises them.

    ``tax_percent``: "" = the default of the parameters (skatt.sidoinkomst_procent), else e.g. "30" or "32,5".
    Dates may be ``date`` objects or ISO text ("" / None = not set).
    """

    personnummer: str
    first_name: str
    last_name: str
    address: str = ""
    postal_code: str = ""
    city: str = ""
    phone: str = ""
    payout_method: str = "cash"  # cash | bank (CSV: kontant | bank)
    clearing: str = ""
    account: str = ""
    tax_percent: str = ""
    cap_decision_from: date | str | None = None
    cap_decision_to: date | str | None = None
    caseworker_id: int | None = None
    organisation_id: int | None = None
    consent_date: date | str | None = None
    active: bool = True
    tax_mode: str = ""  # "" = derived from tax_percent ("default" when empty, else "percent"); or "none"


# ------------------------------------------------------------------------------------------ helpers
def _fail(problems: list[Problem]) -> None:
    if problems:
        raise ValidationFailed(problems)


def _not_found(what: str, ident: object) -> NotFound:
    return NotFound(_("{what} {id} finns inte.").format(what=what, id=ident))


def _conflict(current: object) -> ConflictError:
    return ConflictError(problem_text(Problem("", "conflict")), current=current)


def _write(write: Callable[[], Any], current_factory: Callable[[], object]) -> Any:
    """Run a storage write, turning a version conflict (someone saved in between) into ConflictError with the
    fresh row."""
    try:
        return write()
    except rq.Stale:
        raise _conflict(current_factory()) from None


def _visible_org_ids(ctx: AppContext) -> frozenset[int] | None:
    """None = all associations; otherwise the coordinator's own."""
    if ctx.role == "samordnare" and ctx.organisation_ids is not None:
        return frozenset(ctx.organisation_ids)
    return None


def _pnr_display(ctx: AppContext, canonical: str) -> str:
    return format_pnr(canonical) if access.sees_full_pnr(ctx) else mask(canonical)


# ------------------------------------------------------------------------------------ organisations
def list_organisations(ctx: AppContext, *, include_inactive: bool = True) -> list[OrganisationRow]:
    """Associations the user may see, sorted by name."""
    access.require(ctx, "registry.read")
    with ctx.db.engine.connect() as conn:
        return rq.organisation_rows(conn, include_inactive=include_inactive, visible=_visible_org_ids(ctx))


def get_organisation(ctx: AppContext, organisation_id: int) -> OrganisationRow:
    access.require(ctx, "registry.read", organisation_id=organisation_id)
    with ctx.db.read() as s:
        row = rq.organisation_row(s, organisation_id)
    if row is None:
        raise _not_found(_("Föreningen"), organisation_id)
    return row


def save_organisation(
    ctx: AppContext, data: OrganisationInput, *, organisation_id: int | None = None, version: int | None = None
) -> OrganisationRow:
    """Create (``organisation_id`` None) or update an association. Orgnr checked with stdnum.se.orgnr."""
    if organisation_id is None:
        access.require(ctx, "registry.write")
        if ctx.role == "samordnare":  # a coordinator works within given associations; creating one is admin work
            access.require(ctx, "users.write")
    else:
        access.require(ctx, "registry.write", organisation_id=organisation_id)
    clean, problems = check_organisation(
        data.name, data.orgnr, data.pay_frequency, data.payment_day, data.payment_month_offset
    )
    with ctx.db.unit_of_work() as s:
        dup_name = rq.organisation_name_taken(s, clean.name, besides=organisation_id)
        if clean.name and dup_name:
            problems.append(Problem("name", "duplicate_name", {"name": clean.name}))
        dup_nr = rq.orgnr_taken(s, clean.orgnr, besides=organisation_id)
        if clean.orgnr and dup_nr:
            problems.append(Problem("orgnr", "orgnr_duplicate", {"orgnr": clean.orgnr}))
        _fail(problems)
        values = {
            "name": clean.name,
            "orgnr": clean.orgnr,
            "address": data.address.strip(),
            "postal_code": data.postal_code.strip(),
            "city": data.city.strip(),
            "contact_name": data.contact_name.strip(),
            "contact_phone": data.contact_phone.strip(),
            "contact_email": data.contact_email.strip(),
            "agi_registered": bool(data.agi_registered),
            "pay_frequency": clean.pay_frequency,
            "payment_day": clean.payment_day,
            "payment_month_offset": clean.payment_month_offset,
            "active": bool(data.active),
        }
        try:
            return _write(
                lambda: rq.write_organisation(s, organisation_id, values, version=version),
                lambda: get_organisation(ctx, organisation_id) if organisation_id else None,
            )
        except rq.Missing:
            raise _not_found(_("Föreningen"), organisation_id) from None


# ---------------------------------------------------------------------------------------- worksites
def list_worksites(
    ctx: AppContext, organisation_id: int | None = None, *, include_inactive: bool = True
) -> list[WorksiteRow]:
    access.require(ctx, "registry.read", organisation_id=organisation_id)
    with ctx.db.read() as s:
        return rq.worksite_rows(s, organisation_id, include_inactive=include_inactive, visible=_visible_org_ids(ctx))


def get_worksite(ctx: AppContext, worksite_id: int) -> WorksiteRow:
    with ctx.db.read() as s:
        row = rq.worksite_row(s, worksite_id)
    if row is None:
        raise _not_found(_("Arbetsplatsen"), worksite_id)
    access.require(ctx, "registry.read", organisation_id=row.organisation_id)
    return row


def save_worksite(
    ctx: AppContext, data: WorksiteInput, *, worksite_id: int | None = None, version: int | None = None
) -> WorksiteRow:
    access.require(ctx, "registry.write", organisation_id=data.organisation_id)
    problems = check_name("name", data.name)
    name = data.name.strip()
    with ctx.db.unit_of_work() as s:
        org_name = rq.organisation_name(s, data.organisation_id)
        if org_name is None:
            problems.append(Problem("organisation_id", "organisation_unknown"))
        elif name and rq.worksite_name_taken(s, data.organisation_id, name, besides=worksite_id):
            problems.append(Problem("name", "duplicate_name", {"name": name}))
        _fail(problems)
        if worksite_id is not None:
            current_org = rq.worksite_organisation(s, worksite_id)
            if current_org is None:
                raise _not_found(_("Arbetsplatsen"), worksite_id)
            access.require(ctx, "registry.write", organisation_id=current_org)
        values = {
            "name": name,
            "address": data.address.strip(),
            "postal_code": data.postal_code.strip(),
            "city": data.city.strip(),
            "active": bool(data.active),
        }
        return _write(
            lambda: rq.write_worksite(s, worksite_id, data.organisation_id, values, version=version),
            lambda: get_worksite(ctx, worksite_id) if worksite_id else None,
        )


# -------------------------------------------------------------------------------------------- tasks
def list_tasks(
    ctx: AppContext, worksite_id: int | None = None, *, include_inactive: bool = True, on: date | None = None
) -> list[TaskRow]:
    """Tasks (with their rates and the rate in force ``on``, default today), sorted by worksite and name."""
    access.require(ctx, "registry.read")
    on = on or ctx.now_date()
    with ctx.db.read() as s:
        return rq.task_rows(s, worksite_id, on=on, include_inactive=include_inactive, visible=_visible_org_ids(ctx))


def get_task(ctx: AppContext, task_id: int, *, on: date | None = None) -> TaskRow:
    with ctx.db.read() as s:
        row = rq.task_row(s, task_id, on=on or ctx.now_date())
    if row is None:
        raise _not_found(_("Uppgiften"), task_id)
    access.require(ctx, "registry.read", organisation_id=row.organisation_id)
    return row


def save_task(ctx: AppContext, data: TaskInput, *, task_id: int | None = None, version: int | None = None) -> TaskRow:
    problems = check_task(data.name, data.unit)
    name = data.name.strip()
    with ctx.db.unit_of_work() as s:
        org = rq.worksite_organisation(s, data.worksite_id)
        if org is None:
            raise _not_found(_("Arbetsplatsen"), data.worksite_id)
        access.require(ctx, "registry.write", organisation_id=org)
        if name and rq.task_name_taken(s, data.worksite_id, name, besides=task_id):
            problems.append(Problem("name", "duplicate_name", {"name": name}))
        _fail(problems)
        if task_id is not None:
            current_org = rq.task_organisation(s, task_id)
            if current_org is None:
                raise _not_found(_("Uppgiften"), task_id)
            access.require(ctx, "registry.write", organisation_id=current_org)
        values = {
            "name": name,
            "unit": data.unit,
            "counts_as_employment": bool(data.counts_as_employment),
            "active": bool(data.active),
        }
        return _write(
            lambda: rq.write_task(s, task_id, data.worksite_id, values, on=ctx.now_date(), version=version),
            lambda: get_task(ctx, task_id) if task_id else None,
        )


def list_rates(ctx: AppContext, task_id: int) -> list[RateRow]:
    return list(get_task(ctx, task_id).rates)


def add_rate(ctx: AppContext, task_id: int, valid_from: date, rate: str | int, valid_to: date | None = None) -> RateRow:
    """Add a rate (kronor text like "45,00" or öre int) valid from ``valid_from``.

    An open earlier rate is closed the day before; a rate that would overlap another bounded one is refused
    (field ``valid_from``, code ``rate_overlap``). Entries already recorded keep the rate they were saved with.
    """
    ore, problems = check_rate(rate, valid_from, valid_to)
    with ctx.db.unit_of_work() as s:
        org = rq.task_organisation(s, task_id)
        if org is None:
            raise _not_found(_("Uppgiften"), task_id)
        access.require(ctx, "registry.write", organisation_id=org)
        _fail(problems)
        existing = rq.rates_of(s, task_id)
        effective_to = valid_to
        if effective_to is None:
            following = [x.valid_from for x in existing if x.valid_from > valid_from]
            if following:
                effective_to = min(following) - timedelta(days=1)
        to_close = [
            r
            for r in existing
            if r.valid_from < valid_from
            and r.valid_to is None
            and not any(r.valid_from < x.valid_from <= valid_from for x in existing)
        ]
        for r in existing:
            if r in to_close:
                continue
            if rate_periods_overlap(r.valid_from, r.valid_to, valid_from, effective_to):
                other = f"{r.valid_from.isoformat()}–{r.valid_to.isoformat() if r.valid_to else ''}"
                _fail([Problem("valid_from", "rate_overlap", {"other": other})])
        return rq.add_rate(
            s,
            task_id,
            valid_from,
            effective_to,
            ore,
            close=[r.id for r in to_close],
            close_on=valid_from - timedelta(days=1),
        )


def delete_rate(ctx: AppContext, rate_id: int) -> None:
    with ctx.db.unit_of_work() as s:
        org = rq.rate_organisation(s, rate_id)
        if org is None:
            raise _not_found(_("Arvodet"), rate_id)
        access.require(ctx, "registry.write", organisation_id=org)
        rq.delete_rate(s, rate_id)


# ------------------------------------------------------------------------------------- participants
def _scope(ctx: AppContext) -> pq.Scope:
    """Whom the acting user may read: a caseworker their own participants, a coordinator their associations'."""
    if ctx.role == "handlaggare":
        return pq.Scope(caseworker_id=ctx.user_id if ctx.user_id is not None else -1)
    return pq.Scope(organisation_ids=_visible_org_ids(ctx))


def list_participants(
    ctx: AppContext,
    *,
    text: str = "",
    active: bool | None = None,
    organisation_id: int | None = None,
    sort_key: str = "name",
    descending: bool = False,
    offset: int = 0,
    limit: int | None = None,
) -> list[ParticipantRow]:
    """Participants the user may see. ``text`` matches name, personnummer digits, city or phone."""
    access.require(ctx, "participants.read")
    show = format_pnr if access.sees_full_pnr(ctx) else mask
    with ctx.db.engine.connect() as conn:
        return pq.participant_page(
            conn,
            _scope(ctx),
            show,
            text=text,
            active=active,
            organisation_id=organisation_id,
            sort_key=sort_key,
            descending=descending,
            offset=offset,
            limit=limit,
        )


def count_participants(
    ctx: AppContext, *, text: str = "", active: bool | None = None, organisation_id: int | None = None
) -> int:
    access.require(ctx, "participants.read")
    with ctx.db.read() as s:
        return pq.participant_count(s, _scope(ctx), text=text, active=active, organisation_id=organisation_id)


def _detail(ctx: AppContext, p: rq.ParticipantRecord) -> ParticipantDetail:
    full = access.sees_full_pnr(ctx) or access.can(ctx, "participants.write", organisation_id=p.organisation_id)
    try:
        default_pct = percent_text(int(ctx.params().get("skatt.sidoinkomst_procent", ctx.now_date()) * 100))
    except ParameterMissing:  # no rate for today: only the form's placeholder stays empty
        default_pct = ""
    # The detail is the stored record (same fields, same order) with the personnummer shown as the role may
    # see it and the form's default percentage.
    return ParticipantDetail(
        **{
            **p._asdict(),
            "personnummer": format_pnr(p.personnummer) if full else mask(p.personnummer),
            "active": bool(p.active),
        },
        default_tax_percent=default_pct,
    )


def _get_participant(s: Any, participant_id: int) -> rq.ParticipantRecord:
    p = rq.participant_record(s, participant_id)
    if p is None:
        raise _not_found(_("Deltagaren"), participant_id)
    return p


def get_participant(ctx: AppContext, participant_id: int) -> ParticipantDetail:
    with ctx.db.read() as s:
        p = _get_participant(s, participant_id)
        access.require(ctx, "participants.read", organisation_id=p.organisation_id, caseworker_id=p.caseworker_id)
        if ctx.role == "handlaggare" and p.caseworker_id != ctx.user_id:
            raise access.AccessDenied(_("Deltagaren är inte tilldelad dig."))
        return _detail(ctx, p)


def validate_participant(
    ctx: AppContext, data: ParticipantInput, *, participant_id: int | None = None
) -> list[Problem]:
    """Problems of a form without saving (for live validation at the fields)."""
    _clean, problems = check_participant(data, today=ctx.now_date())
    if _clean is not None:
        with ctx.db.read() as s:
            problems += _duplicate_pnr(s, _clean.personnummer, participant_id)
    return problems


def _duplicate_pnr(s: Any, canonical: str, participant_id: int | None) -> list[Problem]:
    if canonical and rq.pnr_taken(s, canonical, besides=participant_id):
        return [Problem("personnummer", "pnr_duplicate", {"pnr": format_pnr(canonical)})]
    return []


def participant_values(data: ParticipantInput, clean) -> dict[str, Any]:
    """The column values of validated input (shared with the CSV import). The association only when given."""
    values: dict[str, Any] = {
        "personnummer": clean.personnummer,
        "first_name": clean.first_name,
        "last_name": clean.last_name,
        "address": data.address.strip(),
        "postal_code": data.postal_code.strip(),
        "city": data.city.strip(),
        "phone": data.phone.strip(),
        "payout_method": clean.payout_method,
        "clearing": clean.clearing,
        "account": clean.account,
        "tax_mode": clean.tax_mode,
        "tax_percent_hundredths": clean.tax_percent_hundredths,
        "cap_decision_from": clean.cap_decision_from,
        "cap_decision_to": clean.cap_decision_to,
        "caseworker_id": data.caseworker_id,
        "consent_date": clean.consent_date,
    }
    if data.organisation_id is not None:
        values["organisation_id"] = data.organisation_id
    return values


def save_participant(
    ctx: AppContext, data: ParticipantInput, *, participant_id: int | None = None, version: int | None = None
) -> ParticipantDetail:
    """Create or update a participant. Duplicate personnummer → Problem ``pnr_duplicate``."""
    access.require(ctx, "participants.write", organisation_id=data.organisation_id)
    clean, problems = check_participant(data, today=ctx.now_date())
    with ctx.db.unit_of_work() as s:
        if clean is not None:
            problems += _duplicate_pnr(s, clean.personnummer, participant_id)
        if data.caseworker_id is not None and not rq.user_exists(s, data.caseworker_id):
            problems.append(Problem("caseworker_id", "not_found"))
        _fail(problems)
        if participant_id is not None:
            current = _get_participant(s, participant_id)
            access.require(ctx, "participants.write", organisation_id=current.organisation_id)
        values = participant_values(data, clean)
        p = _write(
            lambda: rq.write_participant(
                s, participant_id, values, active=bool(data.active), today=ctx.now_date(), version=version
            ),
            lambda: get_participant(ctx, participant_id) if participant_id else None,
        )
        return _detail(ctx, p)


def set_participant_active(ctx: AppContext, participant_id: int, active: bool, *, version: int) -> ParticipantDetail:
    with ctx.db.unit_of_work() as s:
        current = _get_participant(s, participant_id)
        access.require(ctx, "participants.write", organisation_id=current.organisation_id)
        p = _write(
            lambda: rq.write_participant(
                s, participant_id, {}, active=bool(active), today=ctx.now_date(), version=version
            ),
            lambda: get_participant(ctx, participant_id),
        )
        return _detail(ctx, p)


def list_caseworkers(ctx: AppContext) -> list[UserRow]:
    """Active users with role handläggare (for the "assigned caseworker" choice)."""
    access.require(ctx, "participants.read")
    with ctx.db.engine.connect() as conn:
        return rq.caseworkers(conn)


def organisation_id_by_orgnr(ctx: AppContext, orgnr: str) -> int | None:
    """The association with organisation number ``orgnr`` (as stored), or None."""
    with ctx.db.read() as s:
        return rq.organisation_id_by_orgnr(s, orgnr.strip())


def participant_id_by_pnr(ctx: AppContext, canonical: str) -> int | None:
    """The participant with the (canonical, 12-digit) personnummer, or None."""
    with ctx.db.read() as s:
        return rq.participant_id_by_pnr(s, canonical)
