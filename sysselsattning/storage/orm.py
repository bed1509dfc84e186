"""Typed ORM classes (SQLAlchemy 2 declarative), mapped onto the Core tables of
:mod:`sysselsattning.storage.tables`, the one home of the schema. The schema is owned by Alembic
(``migrations/``).

Nothing on the start path imports this module (nor ``sqlalchemy.orm``): the first page reads through the
tables, and the classes are mapped on the first write or ORM read (issue #17). ``version`` columns are the
mappers' ``version_id_col``: a save over a newer change raises ``StaleDataError`` instead of overwriting.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy.orm import DeclarativeBase, Mapped, column_property, relationship

from sysselsattning.storage import tables


class Base(DeclarativeBase):
    metadata = tables.metadata


class User(Base):
    __table__ = tables.users
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": __table__.c.version}

    id: Mapped[int]
    username: Mapped[str]
    full_name: Mapped[str]
    role: Mapped[str]
    password_hash: Mapped[str] = column_property(__table__.c.password_hash, deferred=True)
    active: Mapped[bool]
    failed_logins: Mapped[int]
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime]
    version: Mapped[int]


class UserOrganisation(Base):
    """Which associations a coordinator (samordnare) may work with."""

    __table__ = tables.user_organisations

    user_id: Mapped[int]
    organisation_id: Mapped[int]


class Organisation(Base):
    __table__ = tables.organisations
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": __table__.c.version}

    id: Mapped[int]
    name: Mapped[str]
    orgnr: Mapped[str]
    address: Mapped[str]
    postal_code: Mapped[str]
    city: Mapped[str]
    contact_name: Mapped[str]
    contact_phone: Mapped[str]
    contact_email: Mapped[str]
    agi_registered: Mapped[bool]
    pay_frequency: Mapped[str]
    payment_day: Mapped[int]
    payment_month_offset: Mapped[int]
    bank_clearing: Mapped[str]
    bank_account: Mapped[str]
    bank_bic: Mapped[str]
    bank_iban: Mapped[str]
    active: Mapped[bool]
    created_at: Mapped[datetime]
    version: Mapped[int]

    worksites: Mapped[list[Worksite]] = relationship(back_populates="organisation")


class Worksite(Base):
    __table__ = tables.worksites
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": __table__.c.version}

    id: Mapped[int]
    organisation_id: Mapped[int]
    name: Mapped[str]
    address: Mapped[str]
    postal_code: Mapped[str]
    city: Mapped[str]
    active: Mapped[bool]
    created_at: Mapped[datetime]
    version: Mapped[int]

    organisation: Mapped[Organisation] = relationship(back_populates="worksites")
    tasks: Mapped[list[Task]] = relationship(back_populates="worksite")


class Task(Base):
    __table__ = tables.tasks
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": __table__.c.version}

    id: Mapped[int]
    worksite_id: Mapped[int]
    name: Mapped[str]
    unit: Mapped[str]
    counts_as_employment: Mapped[bool]
    active: Mapped[bool]
    created_at: Mapped[datetime]
    version: Mapped[int]

    worksite: Mapped[Worksite] = relationship(back_populates="tasks")
    rates: Mapped[list[TaskRate]] = relationship(back_populates="task", order_by="TaskRate.valid_from")


class TaskRate(Base):
    """Arvode per unit (öre) valid from ``valid_from`` to ``valid_to`` (inclusive, open when NULL)."""

    __table__ = tables.task_rates

    id: Mapped[int]
    task_id: Mapped[int]
    valid_from: Mapped[date]
    valid_to: Mapped[date | None]
    rate_ore: Mapped[int]
    created_at: Mapped[datetime]

    task: Mapped[Task] = relationship(back_populates="rates")


class Participant(Base):
    __table__ = tables.participants
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": __table__.c.version}

    id: Mapped[int]
    personnummer: Mapped[str]
    first_name: Mapped[str]
    last_name: Mapped[str]
    address: Mapped[str]
    postal_code: Mapped[str]
    city: Mapped[str]
    phone: Mapped[str]
    payout_method: Mapped[str]
    clearing: Mapped[str]
    account: Mapped[str]
    tax_mode: Mapped[str]
    tax_percent_hundredths: Mapped[int | None]
    tax_fixed_ore: Mapped[int | None]
    cap_decision_from: Mapped[date | None]
    cap_decision_to: Mapped[date | None]
    caseworker_id: Mapped[int | None]
    organisation_id: Mapped[int | None]
    consent_date: Mapped[date | None]
    agi_spec_number: Mapped[int | None]
    household_json: Mapped[str]
    active: Mapped[bool]
    inactive_since: Mapped[date | None]
    anonymised_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    version: Mapped[int]


class WorkEntry(Base):
    """One day's work on one task. ``amount_ore`` = rate in force on ``work_date`` × quantity.

    ``pay_run_id`` is set when the entry is included in an approved run; from then on it is
    immutable and a correction is a new entry (``corrects_entry_id``) that falls into the next open run.
    """

    __table__ = tables.work_entries
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": __table__.c.version}

    id: Mapped[int]
    participant_id: Mapped[int]
    worksite_id: Mapped[int]
    task_id: Mapped[int]
    work_date: Mapped[date]
    hours_hundredths: Mapped[int | None]
    quantity_hundredths: Mapped[int | None]
    rate_ore: Mapped[int]
    amount_ore: Mapped[int]
    comment: Mapped[str]
    corrects_entry_id: Mapped[int | None]
    pay_run_id: Mapped[int | None]
    created_by: Mapped[str]
    created_at: Mapped[datetime]
    version: Mapped[int]


class PayRun(Base):
    """A pay period's run: draft → approved (immutable) → paid.

    ``organisation_id`` is NULL for the programme's monthly run (all associations paying monthly);
    weekly and per-occasion runs belong to one association.
    """

    __table__ = tables.pay_runs
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": __table__.c.version}

    id: Mapped[int]
    label: Mapped[str]
    kind: Mapped[str]
    organisation_id: Mapped[int | None]
    period_start: Mapped[date]
    period_end: Mapped[date]
    payment_date: Mapped[date]
    status: Mapped[str]
    gross_ore: Mapped[int]
    tax_ore: Mapped[int]
    employer_fee_ore: Mapped[int]
    net_ore: Mapped[int]
    participant_count: Mapped[int]
    computed_at: Mapped[datetime | None]
    computed_by: Mapped[str | None]
    approved_by: Mapped[str | None]
    approved_at: Mapped[datetime | None]
    paid_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    version: Mapped[int]

    lines: Mapped[list[PayLine]] = relationship(back_populates="pay_run", cascade="all, delete-orphan")


class PayLine(Base):
    """One participant's pay from one association in one run, with the year-to-date after it."""

    __table__ = tables.pay_lines

    id: Mapped[int]
    pay_run_id: Mapped[int]
    participant_id: Mapped[int]
    organisation_id: Mapped[int]
    gross_ore: Mapped[int]
    correction_ore: Mapped[int]
    tax_ore: Mapped[int]
    tax_reason: Mapped[str]
    employer_fee_ore: Mapped[int]
    employer_fee_base_ore: Mapped[int]
    employer_fee_rate: Mapped[str]
    net_ore: Mapped[int]
    cap_shielded_ore: Mapped[int]
    ytd_gross_ore: Mapped[int]
    ytd_tax_ore: Mapped[int]
    ytd_employer_fee_ore: Mapped[int]
    ytd_net_ore: Mapped[int]
    ytd_cap_used_ore: Mapped[int]
    cap_ore: Mapped[int]
    payout_method: Mapped[str]
    bank_clearing: Mapped[str]
    bank_account: Mapped[str]
    slip_number: Mapped[int | None]
    details_json: Mapped[str]

    pay_run: Mapped[PayRun] = relationship(back_populates="lines")


class Counter(Base):
    """Gap-free numbering (pay slip numbers, AGI specification numbers), taken under a row lock."""

    __table__ = tables.counters

    name: Mapped[str]
    value: Mapped[int]


class ParameterOverride(Base):
    __table__ = tables.parameter_overrides

    id: Mapped[int]
    key: Mapped[str]
    valid_from: Mapped[date]
    value_json: Mapped[str]
    reason: Mapped[str]
    created_by: Mapped[str]
    created_at: Mapped[datetime]


class Setting(Base):
    __table__ = tables.settings
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": __table__.c.version}

    key: Mapped[str]
    value: Mapped[str]
    version: Mapped[int]


class Scenario(Base):
    """A caseworker's saved simulation (scenario JSON of docs/architecture.md §6)."""

    __table__ = tables.scenarios

    id: Mapped[int]
    participant_id: Mapped[int | None]
    name: Mapped[str]
    scenario_json: Mapped[str]
    created_by: Mapped[str]
    created_at: Mapped[datetime]


class AuditEntry(Base):
    """Append-only: every insert, update, delete, approval, export, login and override."""

    __table__ = tables.audit_log

    id: Mapped[int]
    at: Mapped[datetime]
    username: Mapped[str]
    action: Mapped[str]
    table_name: Mapped[str]
    record_id: Mapped[str]
    before_json: Mapped[str]
    after_json: Mapped[str]
    detail: Mapped[str]
    client_addr: Mapped[str]
    txid: Mapped[int | None]
    payload_hash: Mapped[str]
    prev_hash: Mapped[str]
    row_hash: Mapped[str]
    redacted_at: Mapped[datetime | None]
    chain_seq: Mapped[int | None]


class TaxTableFile(Base):
    """An imported Skatteverket monthly table file for one year; its rows are in :class:`TaxTableRow`."""

    __table__ = tables.tax_table_files

    year: Mapped[int]
    filename: Mapped[str]
    sha256: Mapped[str]
    row_count: Mapped[int]
    mismatches: Mapped[int]
    imported_by: Mapped[str]
    imported_at: Mapped[datetime]


class TaxTableRow(Base):
    """One row of an imported monthly table: kronor (``percent`` false) or per cent for pay above 80 000 kr."""

    __table__ = tables.tax_table_rows

    year: Mapped[int]
    table_no: Mapped[int]
    percent: Mapped[bool]
    income_from: Mapped[int]
    income_to: Mapped[int | None]
    c1: Mapped[int]
    c2: Mapped[int]
    c3: Mapped[int]
    c4: Mapped[int]
    c5: Mapped[int]
    c6: Mapped[int]


class ParticipantTaxSituation(Base):
    """The participant's tax situation from ``valid_from`` on (a new row for each change; the latest row whose
    ``valid_from`` is on or before the payment date is in force). The mode follows from it (domain/tax.py)."""

    __table__ = tables.tax_situations

    id: Mapped[int]
    participant_id: Mapped[int]
    valid_from: Mapped[date]
    main_income_here: Mapped[bool]
    other_main_income: Mapped[str]
    table_no: Mapped[int | None]
    has_tax_info: Mapped[bool]
    short_work: Mapped[bool]
    main_payer_organisation_id: Mapped[int | None]
    jamkning_kind: Mapped[str]
    jamkning_percent_hundredths: Mapped[int | None]
    jamkning_amount_ore: Mapped[int | None]
    jamkning_from: Mapped[date | None]
    jamkning_to: Mapped[date | None]
    note: Mapped[str]
    created_by: Mapped[str]
    created_at: Mapped[datetime]
