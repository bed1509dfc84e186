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

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

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
from sysselsattning.storage.orm import Organisation, Participant, Task, TaskRate, User, Worksite
from sysselsattning.storage.queries import participants as pq


# --------------------------------------------------------------------------------------------- rows
@dataclass(frozen=True, slots=True)
class OrganisationRow:
    id: int
    name: str
    orgnr: str  # NNNNNN-NNNN
    address: str
    postal_code: str
    city: str
    contact_name: str
    contact_phone: str
    contact_email: str
    agi_registered: bool
    pay_frequency: str  # month | week | occasion
    payment_day: int
    active: bool
    version: int
    payment_month_offset: int = 0  # 0: paid in the month worked, 1: the month after
    worksite_count: int = 0


@dataclass(frozen=True, slots=True)
class WorksiteRow:
    id: int
    organisation_id: int
    organisation_name: str
    name: str
    address: str
    postal_code: str
    city: str
    active: bool
    version: int
    task_count: int = 0


@dataclass(frozen=True, slots=True)
class RateRow:
    id: int
    task_id: int
    valid_from: date
    valid_to: date | None  # inclusive; None = open
    rate_ore: int


@dataclass(frozen=True, slots=True)
class TaskRow:
    id: int
    worksite_id: int
    worksite_name: str
    organisation_id: int
    organisation_name: str
    name: str
    unit: str  # hour | piece | occasion
    counts_as_employment: bool
    active: bool
    version: int
    current_rate_ore: int | None = None  # the rate in force on the date asked for (default ctx.now_date())
    rates: tuple[RateRow, ...] = ()


ParticipantRow = pq.ParticipantRow  # one line of the participant list (defined with its query)


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


@dataclass(frozen=True, slots=True)
class UserRow:
    id: int
    username: str
    full_name: str
    role: str


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


def _check_version(obj: object, version: int | None, current_factory) -> None:
    if version is not None and obj.version != version:
        raise _conflict(current_factory())


def _flush(session: Session, current_factory) -> None:
    """Flush, turning a concurrent update (version mismatch in the UPDATE) into ConflictError."""
    try:
        session.flush()
    except StaleDataError:
        raise _conflict(current_factory()) from None


def _visible_org_ids(ctx: AppContext) -> frozenset[int] | None:
    """None = all associations; otherwise the coordinator's own."""
    if ctx.role == "samordnare" and ctx.organisation_ids is not None:
        return frozenset(ctx.organisation_ids)
    return None


def _pnr_display(ctx: AppContext, canonical: str) -> str:
    return format_pnr(canonical) if access.sees_full_pnr(ctx) else mask(canonical)


# ------------------------------------------------------------------------------------ organisations
def _org_row(o: Organisation, worksite_count: int = 0) -> OrganisationRow:
    return OrganisationRow(
        id=o.id,
        name=o.name,
        orgnr=o.orgnr,
        address=o.address,
        postal_code=o.postal_code,
        city=o.city,
        contact_name=o.contact_name,
        contact_phone=o.contact_phone,
        contact_email=o.contact_email,
        agi_registered=bool(o.agi_registered),
        pay_frequency=o.pay_frequency,
        payment_day=o.payment_day,
        payment_month_offset=int(o.payment_month_offset or 0),
        active=bool(o.active),
        version=o.version,
        worksite_count=worksite_count,
    )


def list_organisations(ctx: AppContext, *, include_inactive: bool = True) -> list[OrganisationRow]:
    """Associations the user may see, sorted by name."""
    access.require(ctx, "registry.read")
    # Core tables and rows (same attribute names as the objects): no ORM set-up on the start-up path.
    wt, ot = Worksite.__table__, Organisation.__table__
    counts = select(wt.c.organisation_id, func.count(wt.c.id).label("n")).group_by(wt.c.organisation_id).subquery()
    stmt = (
        select(ot, func.coalesce(counts.c.n, 0).label("worksite_count"))
        .select_from(ot.outerjoin(counts, counts.c.organisation_id == ot.c.id))
        .order_by(ot.c.name)
    )
    if not include_inactive:
        stmt = stmt.where(ot.c.active.is_(True))
    visible = _visible_org_ids(ctx)
    if visible is not None:
        stmt = stmt.where(ot.c.id.in_(visible))
    with ctx.db.engine.connect() as conn:
        return [_org_row(o, int(o.worksite_count)) for o in conn.execute(stmt).all()]


def _get_org(s: Session, organisation_id: int) -> Organisation:
    o = s.get(Organisation, organisation_id)
    if o is None:
        raise _not_found(_("Föreningen"), organisation_id)
    return o


def get_organisation(ctx: AppContext, organisation_id: int) -> OrganisationRow:
    access.require(ctx, "registry.read", organisation_id=organisation_id)
    with ctx.db.read() as s:
        return _org_row(_get_org(s, organisation_id))


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
        dup_name = s.scalar(
            select(Organisation.id).where(Organisation.name == clean.name, Organisation.id != (organisation_id or 0))
        )
        if clean.name and dup_name:
            problems.append(Problem("name", "duplicate_name", {"name": clean.name}))
        dup_nr = s.scalar(
            select(Organisation.id).where(Organisation.orgnr == clean.orgnr, Organisation.id != (organisation_id or 0))
        )
        if clean.orgnr and dup_nr:
            problems.append(Problem("orgnr", "orgnr_duplicate", {"orgnr": clean.orgnr}))
        _fail(problems)
        if organisation_id is None:
            o = Organisation()
            s.add(o)
        else:
            o = _get_org(s, organisation_id)
            _check_version(o, version, lambda: get_organisation(ctx, organisation_id))
        o.name, o.orgnr = clean.name, clean.orgnr
        o.address, o.postal_code, o.city = data.address.strip(), data.postal_code.strip(), data.city.strip()
        o.contact_name, o.contact_phone, o.contact_email = (
            data.contact_name.strip(),
            data.contact_phone.strip(),
            data.contact_email.strip(),
        )
        o.agi_registered, o.pay_frequency, o.payment_day = (
            bool(data.agi_registered),
            clean.pay_frequency,
            clean.payment_day,
        )
        o.payment_month_offset = clean.payment_month_offset
        o.active = bool(data.active)
        _flush(s, lambda: get_organisation(ctx, organisation_id) if organisation_id else None)
        return _org_row(o)


# ---------------------------------------------------------------------------------------- worksites
def _ws_row(w: Worksite, org_name: str, task_count: int = 0) -> WorksiteRow:
    return WorksiteRow(
        id=w.id,
        organisation_id=w.organisation_id,
        organisation_name=org_name,
        name=w.name,
        address=w.address,
        postal_code=w.postal_code,
        city=w.city,
        active=bool(w.active),
        version=w.version,
        task_count=task_count,
    )


def list_worksites(
    ctx: AppContext, organisation_id: int | None = None, *, include_inactive: bool = True
) -> list[WorksiteRow]:
    access.require(ctx, "registry.read", organisation_id=organisation_id)
    counts = select(Task.worksite_id, func.count(Task.id).label("n")).group_by(Task.worksite_id).subquery()
    stmt = (
        select(Worksite, Organisation.name, func.coalesce(counts.c.n, 0))
        .join(Organisation, Organisation.id == Worksite.organisation_id)
        .outerjoin(counts, counts.c.worksite_id == Worksite.id)
        .order_by(Organisation.name, Worksite.name)
    )
    if organisation_id is not None:
        stmt = stmt.where(Worksite.organisation_id == organisation_id)
    if not include_inactive:
        stmt = stmt.where(Worksite.active.is_(True))
    visible = _visible_org_ids(ctx)
    if visible is not None:
        stmt = stmt.where(Worksite.organisation_id.in_(visible))
    with ctx.db.read() as s:
        return [_ws_row(w, name, int(n)) for w, name, n in s.execute(stmt)]


def get_worksite(ctx: AppContext, worksite_id: int) -> WorksiteRow:
    with ctx.db.read() as s:
        w = s.get(Worksite, worksite_id)
        if w is None:
            raise _not_found(_("Arbetsplatsen"), worksite_id)
        access.require(ctx, "registry.read", organisation_id=w.organisation_id)
        return _ws_row(w, w.organisation.name, len(w.tasks))


def save_worksite(
    ctx: AppContext, data: WorksiteInput, *, worksite_id: int | None = None, version: int | None = None
) -> WorksiteRow:
    access.require(ctx, "registry.write", organisation_id=data.organisation_id)
    problems = check_name("name", data.name)
    name = data.name.strip()
    with ctx.db.unit_of_work() as s:
        org = s.get(Organisation, data.organisation_id)
        if org is None:
            problems.append(Problem("organisation_id", "organisation_unknown"))
        elif name and s.scalar(
            select(Worksite.id).where(
                Worksite.organisation_id == org.id, Worksite.name == name, Worksite.id != (worksite_id or 0)
            )
        ):
            problems.append(Problem("name", "duplicate_name", {"name": name}))
        _fail(problems)
        if worksite_id is None:
            w = Worksite(organisation_id=org.id)
            s.add(w)
        else:
            w = s.get(Worksite, worksite_id)
            if w is None:
                raise _not_found(_("Arbetsplatsen"), worksite_id)
            access.require(ctx, "registry.write", organisation_id=w.organisation_id)
            _check_version(w, version, lambda: get_worksite(ctx, worksite_id))
            w.organisation_id = org.id
        w.name, w.address, w.postal_code, w.city = (
            name,
            data.address.strip(),
            data.postal_code.strip(),
            data.city.strip(),
        )
        w.active = bool(data.active)
        _flush(s, lambda: get_worksite(ctx, worksite_id) if worksite_id else None)
        return _ws_row(w, org.name)


# -------------------------------------------------------------------------------------------- tasks
def _rate_row(r: TaskRate) -> RateRow:
    return RateRow(id=r.id, task_id=r.task_id, valid_from=r.valid_from, valid_to=r.valid_to, rate_ore=int(r.rate_ore))


def _task_row(t: Task, w: Worksite, org_name: str, rates: Sequence[TaskRate], on: date) -> TaskRow:
    rate_rows = tuple(_rate_row(r) for r in sorted(rates, key=lambda r: r.valid_from))
    current = None
    for r in rate_rows:
        if r.valid_from <= on and (r.valid_to is None or r.valid_to >= on):
            current = r.rate_ore
    return TaskRow(
        id=t.id,
        worksite_id=w.id,
        worksite_name=w.name,
        organisation_id=w.organisation_id,
        organisation_name=org_name,
        name=t.name,
        unit=t.unit,
        counts_as_employment=bool(t.counts_as_employment),
        active=bool(t.active),
        version=t.version,
        current_rate_ore=current,
        rates=rate_rows,
    )


def list_tasks(
    ctx: AppContext, worksite_id: int | None = None, *, include_inactive: bool = True, on: date | None = None
) -> list[TaskRow]:
    """Tasks (with their rates and the rate in force ``on``, default today), sorted by worksite and name."""
    access.require(ctx, "registry.read")
    on = on or ctx.now_date()
    stmt = (
        select(Task, Worksite, Organisation.name)
        .join(Worksite, Worksite.id == Task.worksite_id)
        .join(Organisation, Organisation.id == Worksite.organisation_id)
        .order_by(Organisation.name, Worksite.name, Task.name)
    )
    if worksite_id is not None:
        stmt = stmt.where(Task.worksite_id == worksite_id)
    if not include_inactive:
        stmt = stmt.where(Task.active.is_(True), Worksite.active.is_(True))
    visible = _visible_org_ids(ctx)
    if visible is not None:
        stmt = stmt.where(Worksite.organisation_id.in_(visible))
    with ctx.db.read() as s:
        rows = s.execute(stmt).all()
        ids = [t.id for t, _w, _n in rows]
        rates: dict[int, list[TaskRate]] = {}
        if ids:
            for r in s.scalars(select(TaskRate).where(TaskRate.task_id.in_(ids))):
                rates.setdefault(r.task_id, []).append(r)
        return [_task_row(t, w, n, rates.get(t.id, []), on) for t, w, n in rows]


def get_task(ctx: AppContext, task_id: int, *, on: date | None = None) -> TaskRow:
    with ctx.db.read() as s:
        t = s.get(Task, task_id)
        if t is None:
            raise _not_found(_("Uppgiften"), task_id)
        access.require(ctx, "registry.read", organisation_id=t.worksite.organisation_id)
        return _task_row(t, t.worksite, t.worksite.organisation.name, list(t.rates), on or ctx.now_date())


def save_task(ctx: AppContext, data: TaskInput, *, task_id: int | None = None, version: int | None = None) -> TaskRow:
    problems = check_task(data.name, data.unit)
    name = data.name.strip()
    with ctx.db.unit_of_work() as s:
        w = s.get(Worksite, data.worksite_id)
        if w is None:
            raise _not_found(_("Arbetsplatsen"), data.worksite_id)
        access.require(ctx, "registry.write", organisation_id=w.organisation_id)
        if name and s.scalar(
            select(Task.id).where(Task.worksite_id == w.id, Task.name == name, Task.id != (task_id or 0))
        ):
            problems.append(Problem("name", "duplicate_name", {"name": name}))
        _fail(problems)
        if task_id is None:
            t = Task(worksite_id=w.id)
            s.add(t)
        else:
            t = s.get(Task, task_id)
            if t is None:
                raise _not_found(_("Uppgiften"), task_id)
            access.require(ctx, "registry.write", organisation_id=t.worksite.organisation_id)
            _check_version(t, version, lambda: get_task(ctx, task_id))
            t.worksite_id = w.id
        t.name, t.unit = name, data.unit
        t.counts_as_employment, t.active = bool(data.counts_as_employment), bool(data.active)
        _flush(s, lambda: get_task(ctx, task_id) if task_id else None)
        rates = list(s.scalars(select(TaskRate).where(TaskRate.task_id == t.id)))
        return _task_row(t, w, w.organisation.name, rates, ctx.now_date())


def list_rates(ctx: AppContext, task_id: int) -> list[RateRow]:
    return list(get_task(ctx, task_id).rates)


def add_rate(ctx: AppContext, task_id: int, valid_from: date, rate: str | int, valid_to: date | None = None) -> RateRow:
    """Add a rate (kronor text like "45,00" or öre int) valid from ``valid_from``.

    An open earlier rate is closed the day before; a rate that would overlap another bounded one is refused
    (field ``valid_from``, code ``rate_overlap``). Entries already recorded keep the rate they were saved with.
    """
    ore, problems = check_rate(rate, valid_from, valid_to)
    with ctx.db.unit_of_work() as s:
        t = s.get(Task, task_id)
        if t is None:
            raise _not_found(_("Uppgiften"), task_id)
        access.require(ctx, "registry.write", organisation_id=t.worksite.organisation_id)
        _fail(problems)
        existing = list(s.scalars(select(TaskRate).where(TaskRate.task_id == task_id).order_by(TaskRate.valid_from)))
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
        for r in to_close:
            r.valid_to = valid_from - timedelta(days=1)
        new = TaskRate(task_id=task_id, valid_from=valid_from, valid_to=effective_to, rate_ore=ore)
        s.add(new)
        s.flush()
        return _rate_row(new)


def delete_rate(ctx: AppContext, rate_id: int) -> None:
    with ctx.db.unit_of_work() as s:
        r = s.get(TaskRate, rate_id)
        if r is None:
            raise _not_found(_("Arvodet"), rate_id)
        access.require(ctx, "registry.write", organisation_id=r.task.worksite.organisation_id)
        s.delete(r)


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


def _detail(ctx: AppContext, p: Participant) -> ParticipantDetail:
    full = access.sees_full_pnr(ctx) or access.can(ctx, "participants.write", organisation_id=p.organisation_id)
    try:
        default_pct = percent_text(int(ctx.params().get("skatt.sidoinkomst_procent", ctx.now_date()) * 100))
    except ParameterMissing:  # no rate for today: only the form's placeholder stays empty
        default_pct = ""
    return ParticipantDetail(
        id=p.id,
        personnummer=format_pnr(p.personnummer) if full else mask(p.personnummer),
        first_name=p.first_name,
        last_name=p.last_name,
        address=p.address,
        postal_code=p.postal_code,
        city=p.city,
        phone=p.phone,
        payout_method=p.payout_method,
        clearing=p.clearing,
        account=p.account,
        tax_mode=p.tax_mode,
        tax_percent_hundredths=p.tax_percent_hundredths,
        tax_fixed_ore=p.tax_fixed_ore,
        cap_decision_from=p.cap_decision_from,
        cap_decision_to=p.cap_decision_to,
        caseworker_id=p.caseworker_id,
        organisation_id=p.organisation_id,
        consent_date=p.consent_date,
        active=bool(p.active),
        inactive_since=p.inactive_since,
        version=p.version,
        default_tax_percent=default_pct,
    )


def _get_participant(s: Session, participant_id: int) -> Participant:
    p = s.get(Participant, participant_id)
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


def _duplicate_pnr(s: Session, canonical: str, participant_id: int | None) -> list[Problem]:
    if canonical and s.scalar(
        select(Participant.id).where(Participant.personnummer == canonical, Participant.id != (participant_id or 0))
    ):
        return [Problem("personnummer", "pnr_duplicate", {"pnr": format_pnr(canonical)})]
    return []


def apply_participant(s: Session, p: Participant, data: ParticipantInput, clean) -> None:
    """Copy validated values onto a row (shared with the CSV import)."""
    p.personnummer = clean.personnummer
    p.first_name, p.last_name = clean.first_name, clean.last_name
    p.address, p.postal_code, p.city = data.address.strip(), data.postal_code.strip(), data.city.strip()
    p.phone = data.phone.strip()
    p.payout_method, p.clearing, p.account = clean.payout_method, clean.clearing, clean.account
    p.tax_mode, p.tax_percent_hundredths = clean.tax_mode, clean.tax_percent_hundredths
    p.cap_decision_from, p.cap_decision_to = clean.cap_decision_from, clean.cap_decision_to
    p.caseworker_id, p.consent_date = data.caseworker_id, clean.consent_date
    if data.organisation_id is not None:
        p.organisation_id = data.organisation_id


def save_participant(
    ctx: AppContext, data: ParticipantInput, *, participant_id: int | None = None, version: int | None = None
) -> ParticipantDetail:
    """Create or update a participant. Duplicate personnummer → Problem ``pnr_duplicate``."""
    access.require(ctx, "participants.write", organisation_id=data.organisation_id)
    clean, problems = check_participant(data, today=ctx.now_date())
    with ctx.db.unit_of_work() as s:
        if clean is not None:
            problems += _duplicate_pnr(s, clean.personnummer, participant_id)
        if data.caseworker_id is not None and s.get(User, data.caseworker_id) is None:
            problems.append(Problem("caseworker_id", "not_found"))
        _fail(problems)
        if participant_id is None:
            p = Participant()
            s.add(p)
        else:
            p = _get_participant(s, participant_id)
            access.require(ctx, "participants.write", organisation_id=p.organisation_id)
            _check_version(p, version, lambda: get_participant(ctx, participant_id))
        apply_participant(s, p, data, clean)
        if bool(data.active) != bool(p.active) or p.active is None:
            p.active = bool(data.active)
            p.inactive_since = None if p.active else ctx.now_date()
        _flush(s, lambda: get_participant(ctx, participant_id) if participant_id else None)
        return _detail(ctx, p)


def set_participant_active(ctx: AppContext, participant_id: int, active: bool, *, version: int) -> ParticipantDetail:
    with ctx.db.unit_of_work() as s:
        p = _get_participant(s, participant_id)
        access.require(ctx, "participants.write", organisation_id=p.organisation_id)
        _check_version(p, version, lambda: get_participant(ctx, participant_id))
        if bool(p.active) != bool(active):
            p.active = bool(active)
            p.inactive_since = None if active else ctx.now_date()
        _flush(s, lambda: get_participant(ctx, participant_id))
        return _detail(ctx, p)


def list_caseworkers(ctx: AppContext) -> list[UserRow]:
    """Active users with role handläggare (for the "assigned caseworker" choice)."""
    access.require(ctx, "participants.read")
    ut = User.__table__
    stmt = (
        select(ut.c.id, ut.c.username, ut.c.full_name, ut.c.role)
        .where(ut.c.role == "handlaggare", ut.c.active.is_(True))
        .order_by(ut.c.full_name, ut.c.username)
    )
    with ctx.db.engine.connect() as conn:
        return [UserRow(*row) for row in conn.execute(stmt).all()]


def organisation_id_by_orgnr(ctx: AppContext, orgnr: str) -> int | None:
    """The association with organisation number ``orgnr`` (as stored), or None."""
    with ctx.db.read() as s:
        return s.scalar(select(Organisation.id).where(Organisation.orgnr == orgnr.strip()))


def participant_id_by_pnr(ctx: AppContext, canonical: str) -> int | None:
    """The participant with the (canonical, 12-digit) personnummer, or None."""
    with ctx.db.read() as s:
        return s.scalar(select(Participant.id).where(Participant.personnummer == canonical))
