"""The schema as SQLAlchemy Core tables: the one home of every table, column, constraint and index the program
declares. The schema itself is owned by Alembic (``migrations/``); a test compares the two.

:mod:`sysselsattning.storage.orm` maps its classes onto these tables. Start-up reads through these tables
only, so neither ``sqlalchemy.orm`` nor the mapped classes are imported before the first write or ORM read
(issue #17: about 90 ms of a cold start).

Conventions:
- money is integer öre (``BigInteger``), hours and quantities integer hundredths;
- enumerations are ``String`` + ``CHECK`` so the schema is the same on SQLite and PostgreSQL;
- editable records carry ``version`` (the ORM's ``version_id_col``): a save over a newer change raises
  ``StaleDataError`` instead of silently overwriting;
- dates are ``Date``; timestamps are UTC ``DateTime``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)


def db_time(moment: datetime) -> datetime:
    """An aware time as the database stores timestamps: UTC without a zone (naive times are taken as UTC)."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo is not None else moment


def utcnow() -> datetime:
    """Now, as stored (column defaults and the audit hook, which run without a use case's context)."""
    return db_time(datetime.now(UTC))


def _id() -> Column:
    return Column("id", Integer, primary_key=True)


def _version() -> Column:
    return Column("version", Integer, nullable=False, default=1)


def _created_at() -> Column:
    return Column("created_at", DateTime, nullable=False, default=utcnow)


def _text(name: str, length: int, **kw) -> Column:
    """A NOT NULL string that defaults to ""."""
    return Column(name, String(length), nullable=False, default="", **kw)


def _flag(name: str, default: bool) -> Column:
    return Column(name, Boolean, nullable=False, default=default)


# --------------------------------------------------------------------------------------------- users
users = Table(
    "users",
    metadata,
    _id(),
    Column("username", String(64), nullable=False, unique=True),
    _text("full_name", 200),
    Column("role", String(20), nullable=False),
    # read on its own: on PostgreSQL no role may read the column (column grants), so plain loads never select it
    _text("password_hash", 400),
    _flag("active", True),
    Column("failed_logins", Integer, nullable=False, default=0),
    Column("locked_until", DateTime),
    _created_at(),
    _version(),
    CheckConstraint("role IN ('administrator','samordnare','handlaggare','granskare')", name="role"),
)

#: Which associations a coordinator (samordnare) may work with.
user_organisations = Table(
    "user_organisations",
    metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True),
)

# ------------------------------------------------------------------------------------------ registry
organisations = Table(
    "organisations",
    metadata,
    _id(),
    Column("name", String(200), nullable=False, unique=True),
    Column("orgnr", String(11), nullable=False, unique=True),  # NNNNNN-NNNN
    _text("address", 200),
    _text("postal_code", 10),
    _text("city", 100),
    _text("contact_name", 200),
    _text("contact_phone", 40),
    _text("contact_email", 200),
    _flag("agi_registered", False),
    Column("pay_frequency", String(10), nullable=False, default="month"),
    Column("payment_day", Integer, nullable=False, default=25),
    Column("payment_month_offset", Integer, nullable=False, default=0, server_default="0"),  # 1: month after
    _text("bank_clearing", 5),
    _text("bank_account", 20),
    _text("bank_bic", 11),
    _text("bank_iban", 34),
    _flag("active", True),
    _created_at(),
    _version(),
    CheckConstraint("pay_frequency IN ('month','week','occasion')", name="pay_frequency"),
    CheckConstraint("payment_month_offset IN (0, 1)", name="payment_month_offset"),
)

worksites = Table(
    "worksites",
    metadata,
    _id(),
    Column("organisation_id", ForeignKey("organisations.id"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    _text("address", 200),
    _text("postal_code", 10),
    _text("city", 100),
    _flag("active", True),
    _created_at(),
    _version(),
    UniqueConstraint("organisation_id", "name", name="uq_worksites_org_name"),
    Index("ix_worksites_name", "name", "id"),  # entry list sorted by worksite (index-ordered join)
)

tasks = Table(
    "tasks",
    metadata,
    _id(),
    Column("worksite_id", ForeignKey("worksites.id"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("unit", String(10), nullable=False),
    _flag("counts_as_employment", True),  # jobbstimulans
    _flag("active", True),
    _created_at(),
    _version(),
    UniqueConstraint("worksite_id", "name", name="uq_tasks_worksite_name"),
    CheckConstraint("unit IN ('hour','piece','occasion')", name="unit"),
    Index("ix_tasks_name", "name", "id"),  # entry list sorted by task (index-ordered join)
)

#: Arvode per unit (öre) valid from ``valid_from`` to ``valid_to`` (inclusive, open when NULL).
task_rates = Table(
    "task_rates",
    metadata,
    _id(),
    Column("task_id", ForeignKey("tasks.id"), nullable=False, index=True),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date),
    Column("rate_ore", BigInteger, nullable=False),
    _created_at(),
    CheckConstraint("rate_ore >= 0", name="rate_nonnegative"),
    CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="valid_range"),
    UniqueConstraint("task_id", "valid_from", name="uq_task_rates_task_from"),
)

participants = Table(
    "participants",
    metadata,
    _id(),
    Column("personnummer", String(12), nullable=False, unique=True),  # 12 digits
    Column("first_name", String(100), nullable=False),
    Column("last_name", String(100), nullable=False),
    _text("address", 200),
    _text("postal_code", 10),
    _text("city", 100),
    _text("phone", 40),
    Column("payout_method", String(10), nullable=False, default="cash"),
    _text("clearing", 5),
    _text("account", 20),
    Column("tax_mode", String(10), nullable=False, default="default"),
    Column("tax_percent_hundredths", Integer),  # 3000 = 30,00 %
    Column("tax_fixed_ore", BigInteger),  # from the tax table, per payment
    Column("cap_decision_from", Date),
    Column("cap_decision_to", Date),
    Column("caseworker_id", ForeignKey("users.id")),
    Column("organisation_id", ForeignKey("organisations.id"), index=True),
    Column("consent_date", Date),
    Column("agi_spec_number", Integer, unique=True),
    Column("household_json", Text, nullable=False, default=""),  # caseworker's household facts
    _flag("active", True),
    Column("inactive_since", Date),
    Column("anonymised_at", DateTime),
    _created_at(),
    _version(),
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

# ------------------------------------------------------------------------------------- time records
#: One day's work on one task. ``amount_ore`` = rate in force on ``work_date`` × quantity. ``pay_run_id`` is
#: set when the entry is included in an approved run; from then on it is immutable and a correction is a new
#: entry (``corrects_entry_id``) that falls into the next open run.
work_entries = Table(
    "work_entries",
    metadata,
    _id(),
    Column("participant_id", ForeignKey("participants.id"), nullable=False),
    Column("worksite_id", ForeignKey("worksites.id"), nullable=False),
    Column("task_id", ForeignKey("tasks.id"), nullable=False),
    Column("work_date", Date, nullable=False),
    Column("hours_hundredths", Integer),
    Column("quantity_hundredths", Integer),
    Column("rate_ore", BigInteger, nullable=False),
    Column("amount_ore", BigInteger, nullable=False),
    _text("comment", 500),
    Column("corrects_entry_id", ForeignKey("work_entries.id")),
    Column("pay_run_id", ForeignKey("pay_runs.id")),
    _text("created_by", 64),
    _created_at(),
    _version(),
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

# ------------------------------------------------------------------------------------------ pay runs
#: A pay period's run: draft → approved (immutable) → paid. ``organisation_id`` is NULL for the programme's
#: monthly run (all associations paying monthly); weekly and per-occasion runs belong to one association.
pay_runs = Table(
    "pay_runs",
    metadata,
    _id(),
    Column("label", String(20), nullable=False),  # "2026-03", "2026-W12", "2026-03-14"
    Column("kind", String(10), nullable=False, default="month"),
    Column("organisation_id", ForeignKey("organisations.id")),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),  # exclusive
    Column("payment_date", Date, nullable=False),
    Column("status", String(10), nullable=False, default="draft"),
    Column("gross_ore", BigInteger, nullable=False, default=0),
    Column("tax_ore", BigInteger, nullable=False, default=0),
    Column("employer_fee_ore", BigInteger, nullable=False, default=0),
    Column("net_ore", BigInteger, nullable=False, default=0),
    Column("participant_count", Integer, nullable=False, default=0),
    Column("computed_at", DateTime),
    Column("computed_by", String(64)),  # set by the database on PostgreSQL
    Column("approved_by", String(64)),
    Column("approved_at", DateTime),
    Column("paid_at", DateTime),
    _created_at(),
    _version(),
    CheckConstraint("status IN ('draft','approved','paid')", name="status"),
    CheckConstraint("kind IN ('month','week','occasion')", name="kind"),
    CheckConstraint("period_end > period_start", name="period_range"),
    UniqueConstraint("label", "organisation_id", name="uq_pay_runs_label_org"),
)

#: One participant's pay from one association in one run, with the year-to-date after it.
pay_lines = Table(
    "pay_lines",
    metadata,
    _id(),
    Column("pay_run_id", ForeignKey("pay_runs.id", ondelete="CASCADE"), nullable=False),
    Column("participant_id", ForeignKey("participants.id"), nullable=False),
    Column("organisation_id", ForeignKey("organisations.id"), nullable=False),
    Column("gross_ore", BigInteger, nullable=False),
    Column("correction_ore", BigInteger, nullable=False, default=0),  # part of gross from corrections
    Column("tax_ore", BigInteger, nullable=False),
    _text("tax_reason", 40),
    Column("employer_fee_ore", BigInteger, nullable=False),
    Column("employer_fee_base_ore", BigInteger, nullable=False, default=0),  # incl. earlier months at 1 000 kr
    _text("employer_fee_rate", 12),  # Decimal text, e.g. "31.42"
    Column("net_ore", BigInteger, nullable=False),
    Column("cap_shielded_ore", BigInteger, nullable=False, default=0),
    Column("ytd_gross_ore", BigInteger, nullable=False, default=0),
    Column("ytd_tax_ore", BigInteger, nullable=False, default=0),
    Column("ytd_employer_fee_ore", BigInteger, nullable=False, default=0),
    Column("ytd_net_ore", BigInteger, nullable=False, default=0),
    Column("ytd_cap_used_ore", BigInteger, nullable=False, default=0),
    Column("cap_ore", BigInteger, nullable=False, default=0),
    Column("payout_method", String(10), nullable=False, default="cash"),
    # The participant's account copied at approval: the bank file pays this, never the account as it is today.
    Column("bank_clearing", String(5), nullable=False, server_default=""),
    Column("bank_account", String(20), nullable=False, server_default=""),
    Column("slip_number", Integer, unique=True),
    Column("details_json", Text, nullable=False, default=""),  # entry lines as shown on the slip
    UniqueConstraint("pay_run_id", "participant_id", "organisation_id", name="uq_pay_lines_run_participant_org"),
    Index("ix_pay_lines_participant", "participant_id"),
)

#: Gap-free numbering (pay slip numbers, AGI specification numbers), taken under a row lock.
counters = Table(
    "counters",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", BigInteger, nullable=False, default=0),
)

# --------------------------------------------------------------------------------- rules and settings
parameter_overrides = Table(
    "parameter_overrides",
    metadata,
    _id(),
    Column("key", String(200), nullable=False, index=True),
    Column("valid_from", Date, nullable=False),
    Column("value_json", Text, nullable=False),
    _text("reason", 500),
    _text("created_by", 64),
    _created_at(),
)

settings = Table(
    "settings",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False, default=""),
    _version(),
)

#: A caseworker's saved simulation (scenario JSON of docs/architecture.md §6).
scenarios = Table(
    "scenarios",
    metadata,
    _id(),
    Column("participant_id", ForeignKey("participants.id"), index=True),
    Column("name", String(200), nullable=False),
    Column("scenario_json", Text, nullable=False),
    _text("created_by", 64),
    _created_at(),
)

# -------------------------------------------------------------------------------------------- audit
#: Append-only: every insert, update, delete, approval, export, login and override.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("at", DateTime, nullable=False, default=utcnow),
    _text("username", 64),
    Column("action", String(20), nullable=False),
    _text("table_name", 64),
    _text("record_id", 64),
    Column("before_json", Text, nullable=False, default=""),
    Column("after_json", Text, nullable=False, default=""),
    _text("detail", 500),
    _text("client_addr", 64, server_default=""),
    Column("txid", BigInteger),
    _text("payload_hash", 64, server_default=""),
    _text("prev_hash", 64, server_default=""),
    _text("row_hash", 64, server_default=""),
    Column("redacted_at", DateTime),
    Column("chain_seq", BigInteger),  # position in the hash chain
    Index("ix_audit_log_at", "at"),
    Index("ix_audit_log_record", "table_name", "record_id"),
    Index("ix_audit_log_chain_seq", "chain_seq", unique=True),
)

# ------------------------------------------------------------------------------------------------ tax
#: An imported Skatteverket monthly table file for one year; its rows are in :data:`tax_table_rows`.
tax_table_files = Table(
    "tax_table_files",
    metadata,
    Column("year", Integer, primary_key=True, autoincrement=False),
    _text("filename", 260),
    _text("sha256", 64),
    Column("row_count", Integer, nullable=False, default=0),
    Column("mismatches", Integer, nullable=False, default=0),  # amount cells that differ from the computation
    _text("imported_by", 64),
    Column("imported_at", DateTime, nullable=False, default=utcnow),
)

#: One row of an imported monthly table: kronor (``percent`` false) or per cent for pay above 80 000 kr.
tax_table_rows = Table(
    "tax_table_rows",
    metadata,
    Column("year", ForeignKey("tax_table_files.year", ondelete="CASCADE"), primary_key=True, autoincrement=False),
    Column("table_no", Integer, primary_key=True, autoincrement=False),
    Column("percent", Boolean, primary_key=True),
    Column("income_from", Integer, primary_key=True, autoincrement=False),
    Column("income_to", Integer),
    *(Column(f"c{i}", Integer, nullable=False) for i in range(1, 7)),
)

#: The participant's tax situation from ``valid_from`` on (a new row for each change; the latest row whose
#: ``valid_from`` is on or before the payment date is in force). The mode follows from it (domain/tax.py).
tax_situations = Table(
    "tax_situations",
    metadata,
    _id(),
    Column("participant_id", ForeignKey("participants.id"), nullable=False, index=True),
    Column("valid_from", Date, nullable=False),
    _flag("main_income_here", True),  # the arvode is the huvudinkomst
    _text("other_main_income", 30),  # what else is the huvudinkomst
    Column("table_no", Integer),  # from the A-skattsedel
    _flag("has_tax_info", True),  # False: table + 10 % (SFL 11:21)
    _flag("short_work", False),  # work meant to last under a week
    Column("main_payer_organisation_id", ForeignKey("organisations.id")),
    _text("jamkning_kind", 10),
    Column("jamkning_percent_hundredths", Integer),
    Column("jamkning_amount_ore", BigInteger),  # per payment
    Column("jamkning_from", Date),
    Column("jamkning_to", Date),
    _text("note", 500),
    _text("created_by", 64),
    _created_at(),
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
