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

from dataclasses import dataclass, field
from datetime import date
from typing import Sequence

from sysselsattning.services.context import AppContext


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


@dataclass(frozen=True, slots=True)
class ParticipantRow:
    """One line of the participant list. ``pnr_display`` is masked unless access.sees_full_pnr(ctx)."""

    id: int
    pnr_display: str
    first_name: str
    last_name: str
    address: str
    postal_code: str
    city: str
    phone: str
    payout_method: str  # cash | bank
    tax_percent_hundredths: int | None  # None = default of the parameters
    cap_decision_from: date | None
    cap_decision_to: date | None
    caseworker_id: int | None
    caseworker_name: str
    organisation_id: int | None
    consent_date: date | None
    active: bool
    version: int

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def has_cap_decision(self) -> bool:
        return self.cap_decision_from is not None


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


# ------------------------------------------------------------------------------------ organisations
def list_organisations(ctx: AppContext, *, include_inactive: bool = True) -> list[OrganisationRow]:
    """Associations the user may see, sorted by name."""
    raise NotImplementedError


def get_organisation(ctx: AppContext, organisation_id: int) -> OrganisationRow:
    raise NotImplementedError


def save_organisation(ctx: AppContext, data: OrganisationInput, *, organisation_id: int | None = None,
                      version: int | None = None) -> OrganisationRow:
    """Create (``organisation_id`` None) or update an association. Orgnr checked with stdnum.se.orgnr."""
    raise NotImplementedError


# ---------------------------------------------------------------------------------------- worksites
def list_worksites(ctx: AppContext, organisation_id: int | None = None, *,
                   include_inactive: bool = True) -> list[WorksiteRow]:
    raise NotImplementedError


def get_worksite(ctx: AppContext, worksite_id: int) -> WorksiteRow:
    raise NotImplementedError


def save_worksite(ctx: AppContext, data: WorksiteInput, *, worksite_id: int | None = None,
                  version: int | None = None) -> WorksiteRow:
    raise NotImplementedError


# -------------------------------------------------------------------------------------------- tasks
def list_tasks(ctx: AppContext, worksite_id: int | None = None, *, include_inactive: bool = True,
               on: date | None = None) -> list[TaskRow]:
    """Tasks (with their rates and the rate in force ``on``, default today), sorted by worksite and name."""
    raise NotImplementedError


def get_task(ctx: AppContext, task_id: int, *, on: date | None = None) -> TaskRow:
    raise NotImplementedError


def save_task(ctx: AppContext, data: TaskInput, *, task_id: int | None = None,
              version: int | None = None) -> TaskRow:
    raise NotImplementedError


def list_rates(ctx: AppContext, task_id: int) -> list[RateRow]:
    raise NotImplementedError


def add_rate(ctx: AppContext, task_id: int, valid_from: date, rate: str | int,
             valid_to: date | None = None) -> RateRow:
    """Add a rate (kronor text like "45,00" or öre int) valid from ``valid_from``.

    An open earlier rate is closed the day before; a rate that would overlap another bounded one is refused
    (field ``valid_from``, code ``rate_overlap``). Entries already recorded keep the rate they were saved with.
    """
    raise NotImplementedError


def delete_rate(ctx: AppContext, rate_id: int) -> None:
    raise NotImplementedError


# ------------------------------------------------------------------------------------- participants
PARTICIPANT_SORT_KEYS = ("name", "last_name", "first_name", "personnummer", "city", "payout_method", "active",
                         "cap_decision_from", "id")


def list_participants(ctx: AppContext, *, text: str = "", active: bool | None = None,
                      organisation_id: int | None = None, sort_key: str = "name", descending: bool = False,
                      offset: int = 0, limit: int | None = None) -> list[ParticipantRow]:
    """Participants the user may see. ``text`` matches name, personnummer digits, city or phone."""
    raise NotImplementedError


def count_participants(ctx: AppContext, *, text: str = "", active: bool | None = None,
                       organisation_id: int | None = None) -> int:
    raise NotImplementedError


def get_participant(ctx: AppContext, participant_id: int) -> ParticipantDetail:
    raise NotImplementedError


def validate_participant(ctx: AppContext, data: ParticipantInput, *,
                         participant_id: int | None = None) -> list:
    """Problems of a form without saving (for live validation at the fields)."""
    raise NotImplementedError


def save_participant(ctx: AppContext, data: ParticipantInput, *, participant_id: int | None = None,
                     version: int | None = None) -> ParticipantDetail:
    """Create or update a participant. Duplicate personnummer → Problem ``pnr_duplicate``."""
    raise NotImplementedError


def set_participant_active(ctx: AppContext, participant_id: int, active: bool, *, version: int) -> ParticipantDetail:
    raise NotImplementedError


def list_caseworkers(ctx: AppContext) -> list[UserRow]:
    """Active users with role handläggare (for the "assigned caseworker" choice)."""
    raise NotImplementedError
