"""Typed ORM models (SQLAlchemy 2 declarative). The schema is owned by Alembic (``migrations/``).

Conventions:
- money is integer öre (``BigInteger``), hours and quantities integer hundredths;
- enumerations are ``String`` + ``CHECK`` so the schema is the same on SQLite and PostgreSQL;
- editable records carry ``version`` (SQLAlchemy ``version_id_col``): a save over a newer change raises
  ``StaleDataError`` instead of silently overwriting;
- dates are ``Date``; timestamps are UTC ``DateTime``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def db_time(moment: datetime) -> datetime:
    """An aware time as the database stores timestamps: UTC without a zone (naive times are taken as UTC)."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo is not None else moment


def utcnow() -> datetime:
    """Now, as stored (column defaults and the audit hook, which run without a use case's context)."""
    return db_time(datetime.now(UTC))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Versioned:
    """Optimistic locking: ``version`` increments on every UPDATE."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)


# --------------------------------------------------------------------------------------------- users
class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('administrator','samordnare','handlaggare','granskare')", name="role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20))
    # deferred: on PostgreSQL no role may read the column (column grants), so plain loads never select it
    password_hash: Mapped[str] = mapped_column(String(400), default="", deferred=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": version}


class UserOrganisation(Base):
    """Which associations a coordinator (samordnare) may work with."""

    __tablename__ = "user_organisations"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)


# ------------------------------------------------------------------------------------------ registry
class Organisation(Base):
    __tablename__ = "organisations"
    __table_args__ = (
        CheckConstraint("pay_frequency IN ('month','week','occasion')", name="pay_frequency"),
        CheckConstraint("payment_month_offset IN (0, 1)", name="payment_month_offset"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    orgnr: Mapped[str] = mapped_column(String(11), unique=True)  # NNNNNN-NNNN
    address: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    contact_email: Mapped[str] = mapped_column(String(200), default="")
    agi_registered: Mapped[bool] = mapped_column(Boolean, default=False)
    pay_frequency: Mapped[str] = mapped_column(String(10), default="month")
    payment_day: Mapped[int] = mapped_column(Integer, default=25)
    payment_month_offset: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # 1: month after
    bank_clearing: Mapped[str] = mapped_column(String(5), default="")
    bank_account: Mapped[str] = mapped_column(String(20), default="")
    bank_bic: Mapped[str] = mapped_column(String(11), default="")
    bank_iban: Mapped[str] = mapped_column(String(34), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": version}

    worksites: Mapped[list[Worksite]] = relationship(back_populates="organisation")


class Worksite(Base):
    __tablename__ = "worksites"
    __table_args__ = (
        UniqueConstraint("organisation_id", "name", name="uq_worksites_org_name"),
        Index("ix_worksites_name", "name", "id"),
    )  # entry list sorted by worksite (index-ordered join)
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": version}

    organisation: Mapped[Organisation] = relationship(back_populates="worksites")
    tasks: Mapped[list[Task]] = relationship(back_populates="worksite")


class Task(Base):
    __tablename__ = "tasks"
    __table_args__ = (
        UniqueConstraint("worksite_id", "name", name="uq_tasks_worksite_name"),
        CheckConstraint("unit IN ('hour','piece','occasion')", name="unit"),
        Index("ix_tasks_name", "name", "id"),  # entry list sorted by task (index-ordered join)
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    worksite_id: Mapped[int] = mapped_column(ForeignKey("worksites.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(10))
    counts_as_employment: Mapped[bool] = mapped_column(Boolean, default=True)  # jobbstimulans
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": version}

    worksite: Mapped[Worksite] = relationship(back_populates="tasks")
    rates: Mapped[list[TaskRate]] = relationship(back_populates="task", order_by="TaskRate.valid_from")


class TaskRate(Base):
    """Arvode per unit (öre) valid from ``valid_from`` to ``valid_to`` (inclusive, open when NULL)."""

    __tablename__ = "task_rates"
    __table_args__ = (
        CheckConstraint("rate_ore >= 0", name="rate_nonnegative"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="valid_range"),
        UniqueConstraint("task_id", "valid_from", name="uq_task_rates_task_from"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    rate_ore: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    task: Mapped[Task] = relationship(back_populates="rates")


class Participant(Base):
    __tablename__ = "participants"
    __table_args__ = (
        CheckConstraint("payout_method IN ('cash','bank')", name="payout_method"),
        CheckConstraint("tax_mode IN ('default','percent','fixed','none')", name="tax_mode"),
        CheckConstraint(
            "tax_percent_hundredths IS NULL OR (tax_percent_hundredths >= 0 AND tax_percent_hundredths <= 10000)",
            name="tax_percent_range",
        ),
        CheckConstraint(
            "cap_decision_to IS NULL OR cap_decision_from IS NULL OR cap_decision_to >= cap_decision_from",
            name="cap_range",
        ),
        Index("ix_participants_name", "last_name", "first_name", "id"),  # name order; entry list by participant
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    personnummer: Mapped[str] = mapped_column(String(12), unique=True)  # 12 digits
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    payout_method: Mapped[str] = mapped_column(String(10), default="cash")
    clearing: Mapped[str] = mapped_column(String(5), default="")
    account: Mapped[str] = mapped_column(String(20), default="")
    tax_mode: Mapped[str] = mapped_column(String(10), default="default")
    tax_percent_hundredths: Mapped[int | None] = mapped_column(Integer)  # 3000 = 30,00 %
    tax_fixed_ore: Mapped[int | None] = mapped_column(BigInteger)  # from the tax table, per payment
    cap_decision_from: Mapped[date | None] = mapped_column(Date)
    cap_decision_to: Mapped[date | None] = mapped_column(Date)
    caseworker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    consent_date: Mapped[date | None] = mapped_column(Date)
    agi_spec_number: Mapped[int | None] = mapped_column(Integer, unique=True)
    household_json: Mapped[str] = mapped_column(Text, default="")  # caseworker's household facts
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    inactive_since: Mapped[date | None] = mapped_column(Date)
    anonymised_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": version}


# ------------------------------------------------------------------------------------- time records
class WorkEntry(Base):
    """One day's work on one task. ``amount_ore`` = rate in force on ``work_date`` × quantity.

    ``pay_run_id`` is set when the entry is included in an approved run; from then on it is
    immutable and a correction is a new entry (``corrects_entry_id``) that falls into the next open run.
    """

    __tablename__ = "work_entries"
    __table_args__ = (
        CheckConstraint(
            "hours_hundredths IS NULL OR (hours_hundredths >= 0 AND hours_hundredths <= 2400) OR corrects_entry_id IS NOT NULL",
            name="hours_range",
        ),
        CheckConstraint(
            "quantity_hundredths IS NULL OR quantity_hundredths >= 0 OR corrects_entry_id IS NOT NULL",
            name="quantity_nonnegative",
        ),
        CheckConstraint("hours_hundredths IS NOT NULL OR quantity_hundredths IS NOT NULL", name="has_amount"),
        Index("ix_work_entries_participant_date", "participant_id", "work_date"),
        Index("ix_work_entries_worksite_date", "worksite_id", "work_date"),
        Index("ix_work_entries_date", "work_date", "id"),  # entry list default order: work_date, id
        Index("ix_work_entries_task_date", "task_id", "work_date"),  # week grid; entry list by task
        Index("ix_work_entries_amount", "amount_ore", "id"),  # entry list sorted by amount
        Index("ix_work_entries_quantity", "hours_hundredths", "quantity_hundredths", "id"),  # … by quantity
        # ix_work_entries_corrects, the partial index on corrects_entry_id (WHERE … IS NOT NULL) that finds the
        # few corrections at once, exists in the schema (migration 0001) but is not declared here: its
        # dialect-specific WHERE would import SQLAlchemy's PostgreSQL dialect at every start (20–50 ms).
        # ix_work_entries_unbilled and ix_work_entries_billed (migration 0017) are of the same kind: the entries
        # no pay run has taken, covering a draft run's sums in (participant, worksite) order
        # (storage.queries.payruns.entry_sums), and the pay_run_id of those an approved run holds.
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"))
    worksite_id: Mapped[int] = mapped_column(ForeignKey("worksites.id"))
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"))
    work_date: Mapped[date] = mapped_column(Date)
    hours_hundredths: Mapped[int | None] = mapped_column(Integer)
    quantity_hundredths: Mapped[int | None] = mapped_column(Integer)
    rate_ore: Mapped[int] = mapped_column(BigInteger)
    amount_ore: Mapped[int] = mapped_column(BigInteger)
    comment: Mapped[str] = mapped_column(String(500), default="")
    corrects_entry_id: Mapped[int | None] = mapped_column(ForeignKey("work_entries.id"))
    pay_run_id: Mapped[int | None] = mapped_column(ForeignKey("pay_runs.id"))
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": version}


# ------------------------------------------------------------------------------------------ pay runs
class PayRun(Base):
    """A pay period's run: draft → approved (immutable) → paid.

    ``organisation_id`` is NULL for the programme's monthly run (all associations paying monthly);
    weekly and per-occasion runs belong to one association.
    """

    __tablename__ = "pay_runs"
    __table_args__ = (
        CheckConstraint("status IN ('draft','approved','paid')", name="status"),
        CheckConstraint("kind IN ('month','week','occasion')", name="kind"),
        CheckConstraint("period_end > period_start", name="period_range"),
        UniqueConstraint("label", "organisation_id", name="uq_pay_runs_label_org"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(20))  # "2026-03", "2026-W12", "2026-03-14"
    kind: Mapped[str] = mapped_column(String(10), default="month")
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)  # exclusive
    payment_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    gross_ore: Mapped[int] = mapped_column(BigInteger, default=0)
    tax_ore: Mapped[int] = mapped_column(BigInteger, default=0)
    employer_fee_ore: Mapped[int] = mapped_column(BigInteger, default=0)
    net_ore: Mapped[int] = mapped_column(BigInteger, default=0)
    participant_count: Mapped[int] = mapped_column(Integer, default=0)
    computed_at: Mapped[datetime | None] = mapped_column(DateTime)
    computed_by: Mapped[str | None] = mapped_column(String(64))  # set by the database on PostgreSQL
    approved_by: Mapped[str | None] = mapped_column(String(64))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime)
    paid_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": version}

    lines: Mapped[list[PayLine]] = relationship(back_populates="pay_run", cascade="all, delete-orphan")


class PayLine(Base):
    """One participant's pay from one association in one run, with the year-to-date after it."""

    __tablename__ = "pay_lines"
    __table_args__ = (
        UniqueConstraint("pay_run_id", "participant_id", "organisation_id", name="uq_pay_lines_run_participant_org"),
        Index("ix_pay_lines_participant", "participant_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    pay_run_id: Mapped[int] = mapped_column(ForeignKey("pay_runs.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    gross_ore: Mapped[int] = mapped_column(BigInteger)
    correction_ore: Mapped[int] = mapped_column(BigInteger, default=0)  # part of gross from corrections
    tax_ore: Mapped[int] = mapped_column(BigInteger)
    tax_reason: Mapped[str] = mapped_column(String(40), default="")
    employer_fee_ore: Mapped[int] = mapped_column(BigInteger)
    employer_fee_base_ore: Mapped[int] = mapped_column(
        BigInteger, default=0
    )  # incl. earlier months when crossing 1 000 kr
    employer_fee_rate: Mapped[str] = mapped_column(String(12), default="")  # Decimal text, e.g. "31.42"
    net_ore: Mapped[int] = mapped_column(BigInteger)
    cap_shielded_ore: Mapped[int] = mapped_column(BigInteger, default=0)
    ytd_gross_ore: Mapped[int] = mapped_column(BigInteger, default=0)
    ytd_tax_ore: Mapped[int] = mapped_column(BigInteger, default=0)
    ytd_employer_fee_ore: Mapped[int] = mapped_column(BigInteger, default=0)
    ytd_net_ore: Mapped[int] = mapped_column(BigInteger, default=0)
    ytd_cap_used_ore: Mapped[int] = mapped_column(BigInteger, default=0)
    cap_ore: Mapped[int] = mapped_column(BigInteger, default=0)
    payout_method: Mapped[str] = mapped_column(String(10), default="cash")
    # The participant's account copied at approval: the bank file pays this, never the account as it is today.
    bank_clearing: Mapped[str] = mapped_column(String(5), server_default="")
    bank_account: Mapped[str] = mapped_column(String(20), server_default="")
    slip_number: Mapped[int | None] = mapped_column(Integer, unique=True)
    details_json: Mapped[str] = mapped_column(Text, default="")  # entry lines as shown on the slip

    pay_run: Mapped[PayRun] = relationship(back_populates="lines")


class Counter(Base):
    """Gap-free numbering (pay slip numbers, AGI specification numbers), taken under a row lock."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


# --------------------------------------------------------------------------------- rules and settings
class ParameterOverride(Base):
    __tablename__ = "parameter_overrides"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), index=True)
    valid_from: Mapped[date] = mapped_column(Date)
    value_json: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Setting(Base):
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": version}


class Scenario(Base):
    """A caseworker's saved simulation (scenario JSON of docs/architecture.md §6)."""

    __tablename__ = "scenarios"
    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    scenario_json: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


# -------------------------------------------------------------------------------------------- audit
class AuditEntry(Base):
    """Append-only: every insert, update, delete, approval, export, login and override."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_record", "table_name", "record_id"),
        Index("ix_audit_log_chain_seq", "chain_seq", unique=True),
    )
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    username: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(20))
    table_name: Mapped[str] = mapped_column(String(64), default="")
    record_id: Mapped[str] = mapped_column(String(64), default="")
    before_json: Mapped[str] = mapped_column(Text, default="")
    after_json: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[str] = mapped_column(String(500), default="")
    client_addr: Mapped[str] = mapped_column(String(64), default="", server_default="")
    txid: Mapped[int | None] = mapped_column(BigInteger)
    payload_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")
    prev_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")
    row_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")
    redacted_at: Mapped[datetime | None] = mapped_column(DateTime)
    chain_seq: Mapped[int | None] = mapped_column(BigInteger)  # position in the hash chain


# ------------------------------------------------------------------------------------------------ tax
class TaxTableFile(Base):
    """An imported Skatteverket monthly table file for one year; its rows are in :class:`TaxTableRow`."""

    __tablename__ = "tax_table_files"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    filename: Mapped[str] = mapped_column(String(260), default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    mismatches: Mapped[int] = mapped_column(Integer, default=0)  # amount cells that differ from the computation
    imported_by: Mapped[str] = mapped_column(String(64), default="")
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class TaxTableRow(Base):
    """One row of an imported monthly table: kronor (``percent`` false) or per cent for pay above 80 000 kr."""

    __tablename__ = "tax_table_rows"
    year: Mapped[int] = mapped_column(
        ForeignKey("tax_table_files.year", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    table_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    percent: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    income_from: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    income_to: Mapped[int | None] = mapped_column(Integer)
    c1: Mapped[int] = mapped_column(Integer)
    c2: Mapped[int] = mapped_column(Integer)
    c3: Mapped[int] = mapped_column(Integer)
    c4: Mapped[int] = mapped_column(Integer)
    c5: Mapped[int] = mapped_column(Integer)
    c6: Mapped[int] = mapped_column(Integer)


class ParticipantTaxSituation(Base):
    """The participant's tax situation from ``valid_from`` on (a new row for each change; the latest row whose
    ``valid_from`` is on or before the payment date is in force). The mode follows from it (domain/tax.py)."""

    __tablename__ = "tax_situations"
    __table_args__ = (
        UniqueConstraint("participant_id", "valid_from", name="uq_tax_situations_participant_from"),
        CheckConstraint(
            "other_main_income IN ('','sjukersattning','aktivitetsersattning','pension','a_kassa',"
            "'annan_arbetsgivare','annat')",
            name="other_main_income",
        ),
        CheckConstraint("table_no IS NULL OR (table_no >= 1 AND table_no <= 99)", name="table_no_range"),
        CheckConstraint("jamkning_kind IN ('','percent','amount')", name="jamkning_kind"),
        CheckConstraint(
            "jamkning_percent_hundredths IS NULL OR "
            "(jamkning_percent_hundredths >= 0 AND jamkning_percent_hundredths <= 10000)",
            name="jamkning_percent_range",
        ),
        CheckConstraint("jamkning_amount_ore IS NULL OR jamkning_amount_ore >= 0", name="jamkning_amount_nonneg"),
        CheckConstraint(
            "jamkning_to IS NULL OR jamkning_from IS NULL OR jamkning_to >= jamkning_from", name="jamkning_range"
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    valid_from: Mapped[date] = mapped_column(Date)
    main_income_here: Mapped[bool] = mapped_column(Boolean, default=True)  # the arvode is the huvudinkomst
    other_main_income: Mapped[str] = mapped_column(String(30), default="")  # what else is the huvudinkomst
    table_no: Mapped[int | None] = mapped_column(Integer)  # from the A-skattsedel
    has_tax_info: Mapped[bool] = mapped_column(Boolean, default=True)  # False: table + 10 % (SFL 11:21)
    short_work: Mapped[bool] = mapped_column(Boolean, default=False)  # work meant to last under a week
    main_payer_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    jamkning_kind: Mapped[str] = mapped_column(String(10), default="")
    jamkning_percent_hundredths: Mapped[int | None] = mapped_column(Integer)
    jamkning_amount_ore: Mapped[int | None] = mapped_column(BigInteger)  # per payment
    jamkning_from: Mapped[date | None] = mapped_column(Date)
    jamkning_to: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(500), default="")
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
