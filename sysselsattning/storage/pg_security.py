"""PostgreSQL: the database enforces the roles (issue #15). Applied by ``sysselsattning upgrade`` (run with the
owner role, ``sf_owner``) after every schema change; idempotent. SQLite skips all of this.

What :func:`apply` creates or replaces:

* **Roles.** ``sf_audit`` (NOLOGIN, owns the audit log and its functions) and the groups ``sf_administrator``,
  ``sf_samordnare``, ``sf_handlaggare``, ``sf_granskare`` (NOLOGIN). Every person is a LOGIN role in exactly
  one group (created by ``users add`` through :func:`create_login`); there is no shared application login.
  The program's identity is ``session_user``.
* **Grants.** Each group gets only the tables and columns it needs; nobody can read ``users.password_hash``;
  nobody but ``sf_audit`` can write ``audit_log``.
* **Row-level security** (ENABLE + FORCE) on participants, work entries, pay lines, pay runs, scenarios and
  users: a samordnare sees and writes their own associations' rows, a handläggare sees only assigned
  participants and writes only scenarios, a granskare reads through views without personnummer.
  Participants can never be saved without an association.
* **Locking triggers.** Pay lines and work entries of a run that is not a draft cannot be inserted, changed
  or deleted; a run's status, approver and times change only inside :data:`approve <sf_approve_run>` and
  ``sf_mark_paid`` (SECURITY DEFINER: role and scope check, totals = lines, ``session_user`` and server time,
  optional four eyes: setting ``lon.fyra_ogon``).
* **Audit log written by the database.** Row triggers on every table (owned by ``sf_audit``) write who
  (``session_user``), when (server time), client address and transaction; a deferred trigger seals each row
  into the SHA-256 chain at commit (formula in :mod:`sysselsattning.storage.audit_chain`). Update, delete and
  truncate of audit rows are refused; gallring goes through ``sf_audit.redact()``.
"""

from __future__ import annotations

import re
from typing import Any

from sysselsattning.storage.pg_security_sql import (
    AUDIT_SQL as _AUDIT_SQL,
)
from sysselsattning.storage.pg_security_sql import (
    HELPERS_SQL as _HELPERS_SQL,
)
from sysselsattning.storage.pg_security_sql import (
    LOCK_SQL as _LOCK_SQL,
)
from sysselsattning.storage.pg_security_sql import (
    LOGIN_SQL as _LOGIN_SQL,
)
from sysselsattning.storage.pg_security_sql import (
    ROLES_SQL as _ROLES_SQL,
)
from sysselsattning.storage.pg_security_sql import (
    VIEWS_SQL as _VIEWS_SQL,
)

#: Bump when the SQL below changes: ``upgrade`` re-applies when the database has an older version.
VERSION = 4

GROUPS = ("administrator", "samordnare", "handlaggare", "granskare")
ROLE_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")

#: Every audited table and its primary key columns (record_id = the values joined with ",").
AUDITED: dict[str, tuple[str, ...]] = {
    "users": ("id",),
    "user_organisations": ("user_id", "organisation_id"),
    "organisations": ("id",),
    "worksites": ("id",),
    "tasks": ("id",),
    "task_rates": ("id",),
    "participants": ("id",),
    "work_entries": ("id",),
    "pay_runs": ("id",),
    "pay_lines": ("id",),
    "counters": ("name",),
    "parameter_overrides": ("id",),
    "settings": ("key",),
    "scenarios": ("id",),
    "tax_table_files": ("year",),  # the imported file (name, SHA-256, row count); not its thousands of rows
    "tax_situations": ("id",),
}

#: Tables every group may read and only an administrator may write, unless classified below; a table added by
#: a later migration that nobody classified gets this too (read for all, write for administrators).
_REFERENCE_TABLES = ("tax_table_files", "tax_table_rows")


def _owner(conn) -> str:
    return conn.exec_driver_sql("SELECT current_user").scalar_one()


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _run(conn, sql: str) -> None:
    """Run SQL without parameter processing (function bodies contain ``%`` and ``?``)."""
    with conn.connection.dbapi_connection.cursor() as cur:
        cur.execute(sql)


def _policies(owner_lit: str) -> list[str]:
    """Row-level security. ``owner`` passes (migrations, SECURITY DEFINER functions and views)."""
    o = "public.sf_is_owner()"
    admin = "public.sf_has_role('administrator')"
    sam = "public.sf_has_role('samordnare')"
    hand = "public.sf_has_role('handlaggare')"
    gran = "public.sf_has_role('granskare')"
    mine = "ANY(public.sf_my_orgs())"
    assigned = "public.sf_assigned(participant_id)"
    visible = "public.sf_participant_visible(participant_id)"
    entry_org = "(SELECT w.organisation_id FROM public.worksites w WHERE w.id = worksite_id)"

    def per_participant_rows(org: str) -> dict[str, tuple[str, str | None]]:
        """A participant's rows of an association (work entries, pay lines): read by administrators,
        granskare, the association's samordnare and the assigned handläggare; written within the association."""
        write = f"{o} OR public.sf_org_ok({org})"
        return {
            "SELECT": (f"{o} OR {admin} OR {gran} OR ({sam} AND {org} = {mine}) OR ({hand} AND {assigned})", None),
            "INSERT": ("", write),
            "UPDATE": (write, write),
            "DELETE": (write, None),
        }

    rules: dict[str, dict[str, tuple[str, str | None]]] = {
        "participants": {
            # granskare: no grant on the table, only on the view sf_review_participants (no personnummer)
            "SELECT": (
                f"{o} OR {admin} OR {gran} OR ({sam} AND organisation_id = {mine}) "
                f"OR ({hand} AND caseworker_id = public.sf_my_id())",
                None,
            ),
            "INSERT": ("", f"{o} OR (organisation_id IS NOT NULL AND public.sf_org_ok(organisation_id))"),
            "UPDATE": (
                f"{o} OR public.sf_org_ok(organisation_id)",
                f"{o} OR (organisation_id IS NOT NULL AND public.sf_org_ok(organisation_id))",
            ),
            "DELETE": (f"{o} OR public.sf_org_ok(organisation_id)", None),
        },
        "work_entries": per_participant_rows(entry_org),
        "pay_lines": per_participant_rows("organisation_id"),
        "pay_runs": {
            "SELECT": (
                f"{o} OR {admin} OR {gran} OR {hand} OR ({sam} AND (organisation_id IS NULL OR organisation_id = {mine}))",
                None,
            ),
            "INSERT": ("", f"{o} OR {admin} OR ({sam} AND organisation_id = {mine})"),
            "UPDATE": (
                f"{o} OR {admin} OR ({sam} AND organisation_id = {mine})",
                f"{o} OR {admin} OR ({sam} AND organisation_id = {mine})",
            ),
            "DELETE": (f"{o} OR {admin} OR ({sam} AND organisation_id = {mine})", None),
        },
        "scenarios": {
            "SELECT": (f"{o} OR {admin} OR created_by = session_user::text OR {visible}", None),
            "INSERT": (
                "",
                f"{o} OR {admin} OR (created_by = session_user::text AND (participant_id IS NULL OR {visible}))",
            ),
            "UPDATE": (
                f"{o} OR {admin} OR created_by = session_user::text",
                f"{o} OR {admin} OR (created_by = session_user::text AND (participant_id IS NULL OR {visible}))",
            ),
            "DELETE": (f"{o} OR {admin} OR created_by = session_user::text OR {visible}", None),
        },
        "tax_situations": {
            "SELECT": (f"{o} OR {admin} OR {visible}", None),
            "INSERT": ("", f"{o} OR {admin} OR ({sam} AND {visible})"),
            "UPDATE": (f"{o} OR {admin} OR ({sam} AND {visible})", f"{o} OR {admin} OR ({sam} AND {visible})"),
            "DELETE": (f"{o} OR {admin} OR ({sam} AND {visible})", None),
        },
        "settings": {
            # everyone may store the program's language; everything else is the administrators'
            "SELECT": ("true", None),
            "INSERT": ("", f"{o} OR {admin} OR key = 'language'"),
            "UPDATE": (f"{o} OR {admin} OR key = 'language'", f"{o} OR {admin} OR key = 'language'"),
            "DELETE": (f"{o} OR {admin}", None),
        },
        "users": {
            "SELECT": ("true", None),
            "INSERT": ("", f"{o} OR {admin}"),
            "UPDATE": (f"{o} OR {admin}", f"{o} OR {admin}"),
            "DELETE": (f"{o} OR {admin}", None),
        },
        "audit_log": {
            # a samordnare reads only the computation and export rows the payroll needs (no personal data)
            "SELECT": (
                f"{admin} OR {gran} OR current_user = 'sf_audit' OR {o} OR ({sam} AND action IN ('compute', 'export') "
                "AND table_name IN ('pay_runs', 'agi'))",
                None,
            ),
        },
    }
    out: list[str] = []
    for table, per_cmd in rules.items():
        out.append(
            "DO $$ DECLARE p text; BEGIN FOR p IN SELECT policyname FROM pg_policies "
            f"WHERE schemaname = 'public' AND tablename = '{table}' LOOP "
            f"EXECUTE format('DROP POLICY %I ON public.{table}', p); END LOOP; END $$"
        )
        out.append(f"ALTER TABLE public.{table} ENABLE ROW LEVEL SECURITY")
        if table != "audit_log":  # audit_log's owner is sf_audit, whose functions write it
            out.append(f"ALTER TABLE public.{table} FORCE ROW LEVEL SECURITY")
        for cmd, (using, check) in per_cmd.items():
            sql = f"CREATE POLICY sf_{cmd.lower()} ON public.{table} FOR {cmd}"
            if using:
                sql += f" USING ({using})"
            if check:
                sql += f" WITH CHECK ({check})"
            out.append(sql)
    return out


_USER_COLUMNS = "id, username, full_name, role, active, failed_logins, locked_until, created_at, version"

_DATA_TABLES = (
    "participants",
    "work_entries",
    "pay_runs",
    "pay_lines",
    "scenarios",
    "organisations",
    "worksites",
    "tasks",
    "task_rates",
    "counters",
    "parameter_overrides",
    "settings",
    "user_organisations",
    "users",
)


def _grants() -> list[str]:
    groups = ", ".join(f"sf_{g}" for g in GROUPS)
    out = [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC, {groups}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC, {groups}",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA public TO {groups}",
        f"GRANT USAGE ON SCHEMA sf_audit TO {groups}",
        # everyone: the schema version, the register of associations, worksites, tasks, rates, settings
        f"GRANT SELECT ON alembic_version, organisations, worksites, tasks, task_rates, settings, "
        f"parameter_overrides, counters, user_organisations TO {groups}",
        f"GRANT SELECT ({_USER_COLUMNS}) ON users TO {groups}",
        # administrator: everything except the password hash (not even to read) and the audit log (read only)
        "GRANT SELECT, INSERT, UPDATE, DELETE ON participants, work_entries, pay_runs, pay_lines, scenarios, "
        "organisations, worksites, tasks, task_rates, counters, parameter_overrides, settings, user_organisations "
        "TO sf_administrator",
        "GRANT INSERT, DELETE ON users TO sf_administrator",
        f"GRANT UPDATE ({_USER_COLUMNS.replace('id, ', '', 1)}) ON users TO sf_administrator",
        "GRANT SELECT ON audit_log TO sf_administrator, sf_samordnare",
        # samordnare: own associations' participants, time, pay runs (row-level security), the register
        "GRANT SELECT, INSERT, UPDATE, DELETE ON participants, work_entries, pay_runs, pay_lines, scenarios, "
        "worksites, tasks, task_rates TO sf_samordnare",
        "GRANT INSERT, UPDATE ON counters TO sf_samordnare",
        f"GRANT INSERT, UPDATE ON settings TO {groups}",  # the language only (row-level security)
        # tax situations (a participant's tax facts): read with the participant, written by samordnare/admin
        f"GRANT SELECT ON tax_situations TO {groups}",
        "GRANT INSERT, UPDATE, DELETE ON tax_situations TO sf_administrator, sf_samordnare",
        f"GRANT SELECT ON {', '.join(_REFERENCE_TABLES)} TO {groups}",
        f"GRANT INSERT, UPDATE, DELETE ON {', '.join(_REFERENCE_TABLES)} TO sf_administrator",
        # handläggare: read assigned participants (row-level security), write scenarios only
        "GRANT SELECT ON participants, work_entries, pay_runs, pay_lines TO sf_handlaggare",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON scenarios TO sf_handlaggare",
        # granskare: pay runs and lines, time, and participants/audit log through views without personnummer
        "GRANT SELECT ON pay_runs, pay_lines, work_entries TO sf_granskare",
        "GRANT SELECT ON sf_review_participants, sf_review_audit_log TO sf_granskare, sf_administrator",
        "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO sf_administrator, sf_samordnare, sf_handlaggare",
        "REVOKE ALL ON SEQUENCE audit_log_id_seq FROM sf_administrator, sf_samordnare, sf_handlaggare",
    ]
    for fn in (
        "sf_audit.event(text, text, text, text, text, text)",
        "public.sf_has_role(text)",
        "public.sf_my_id()",
        "public.sf_my_orgs()",
        "public.sf_org_ok(integer)",
        "public.sf_is_owner()",
        "public.sf_assigned(integer)",
        "public.sf_participant_visible(integer)",
        "public.sf_participants_taken(text[])",
        "public.sf_run_status(integer)",
        "public.sf_migrating()",
        "public.sf_approve_run(integer)",
        "public.sf_mark_paid(integer)",
        "public.sf_check_run_scope(public.pay_runs)",
        "public.sf_security_version()",
    ):
        out.append(f"REVOKE ALL ON FUNCTION {fn} FROM PUBLIC")
        out.append(f"GRANT EXECUTE ON FUNCTION {fn} TO {groups}")
    for fn in (
        "public.sf_check_person(text)",
        "public.sf_create_login(text, text, text)",
        "public.sf_set_login_role(text, text)",
        "public.sf_set_login_active(text, boolean)",
        "public.sf_set_login_password(text, text)",
    ):
        out.append(f"REVOKE ALL ON FUNCTION {fn} FROM PUBLIC")
        out.append(f"GRANT EXECUTE ON FUNCTION {fn} TO sf_administrator")
    out.append("GRANT EXECUTE ON FUNCTION sf_audit.redact(bigint[]) TO sf_administrator")
    return out


_CLASSIFIED = frozenset({"alembic_version", "audit_log", *_DATA_TABLES, "tax_situations", *_REFERENCE_TABLES})


def _audit_trigger(conn, table: str, pk) -> None:
    """The row trigger that writes every change of *table* to the audit log (record id = *pk* values)."""
    args = ", ".join(_lit(c) for c in pk)
    _run(conn, f"DROP TRIGGER IF EXISTS sf_audit_row ON public.{_q(table)}")
    _run(
        conn,
        f"CREATE TRIGGER sf_audit_row AFTER INSERT OR UPDATE OR DELETE ON public.{_q(table)} "
        f"FOR EACH ROW EXECUTE FUNCTION sf_audit.row_change({args})",
    )


def _unclassified(conn) -> None:
    """A table a later migration added without a line here: readable by every group, written by
    administrators, audited — never silently open or silently unusable."""
    groups = ", ".join(f"sf_{g}" for g in GROUPS)
    tables = [
        r[0]
        for r in conn.exec_driver_sql(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        ).fetchall()
        if r[0] not in _CLASSIFIED
    ]
    for table in tables:
        _run(conn, f"GRANT SELECT ON public.{_q(table)} TO {groups}")
        _run(conn, f"GRANT INSERT, UPDATE, DELETE ON public.{_q(table)} TO sf_administrator")
        pk = [
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %(t)s::regclass AND i.indisprimary",
                {"t": f"public.{_q(table)}"},
            ).fetchall()
        ]
        if pk:
            _audit_trigger(conn, table, pk)


def installed_version(conn) -> int | None:
    """The version of the security SQL in the database (None: never applied, or not readable by this login).

    Asked without provoking an error: a refused call would abort the caller's transaction (PostgreSQL)."""
    readable = conn.exec_driver_sql(
        # NULL (→ None) when the function does not exist; the oid form never raises
        "SELECT has_function_privilege(to_regprocedure('public.sf_security_version()')::oid, 'EXECUTE')"
    ).scalar()
    if not readable:
        return None
    return int(conn.exec_driver_sql("SELECT public.sf_security_version()").scalar())


def apply(conn) -> None:
    """Create or replace the roles, grants, policies, triggers and functions (idempotent). *conn* is a
    SQLAlchemy connection of the owner role (``sf_owner``: owns the tables, has CREATEROLE) in a transaction."""
    owner = _owner(conn)
    fmt: dict[str, Any] = {"owner": _q(owner), "owner_lit": _lit(owner), "version": VERSION}
    _run(conn, _ROLES_SQL)
    is_super = conn.exec_driver_sql("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").scalar()
    if not is_super:  # to hand the audit log to sf_audit the owner must (briefly) be a member of it
        _run(conn, f"GRANT sf_audit TO {_q(owner)}")
        _run(conn, "GRANT CREATE ON SCHEMA public TO sf_audit")
    _run(conn, "GRANT USAGE ON SCHEMA public TO sf_audit")
    _run(conn, _HELPERS_SQL.format(**fmt))
    _run(conn, _AUDIT_SQL.format(**fmt))
    # sf_audit's functions are owned by sf_audit (SECURITY DEFINER as the audit role, not the owner)
    for fn in (
        "append(text, text, text, text, text, text)",
        "event(text, text, text, text, text, text)",
        "seal()",
        "redact(bigint[])",
        "guard()",
        "row_change()",
    ):
        _run(conn, f"ALTER FUNCTION sf_audit.{fn} OWNER TO sf_audit")
    _run(conn, "GRANT EXECUTE ON FUNCTION public.sf_has_role(text) TO sf_audit")
    for table, pk in AUDITED.items():
        _audit_trigger(conn, table, pk)
    _run(conn, _LOCK_SQL.format(**fmt))
    _run(conn, _LOGIN_SQL.format(**fmt))
    _run(conn, _VIEWS_SQL.format(**fmt))
    for stmt in _policies(_lit(owner)):
        _run(conn, stmt)
    for stmt in _grants():
        _run(conn, stmt)
    _unclassified(conn)
    _run(conn, "REVOKE CREATE ON SCHEMA public FROM sf_audit")
    if not is_super:
        _run(conn, f"REVOKE sf_audit FROM {_q(owner)}")


def ensure(engine, *, force: bool = False) -> bool:
    """Apply when the database lacks the current version (or always with *force*: ``sysselsattning upgrade``)
    and this connection may (the tables' owner). Returns True when applied."""
    with engine.begin() as conn:
        if installed_version(conn) == VERSION and not force:
            return False
        owner_of_tables = conn.exec_driver_sql(
            "SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c "
            "WHERE c.oid = to_regclass('public.participants')"
        ).scalar()
        if not owner_of_tables:
            return False
        apply(conn)
        return True


# ------------------------------------------------------------------------------------- client helpers
def session_user(conn) -> str:
    return conn.exec_driver_sql("SELECT session_user").scalar_one()


def scram_verifier(conn, name: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier of *password*, computed on this machine by libpq (the password itself never
    reaches the server or its logs)."""
    raw = conn.connection.dbapi_connection
    return raw.pgconn.encrypt_password(password.encode("utf-8"), name.encode("utf-8"), b"scram-sha-256").decode("ascii")


def create_login(session, name: str, role: str, password: str | None) -> None:
    conn = session.connection()
    verifier = scram_verifier(conn, name, password) if password else None
    conn.exec_driver_sql("SELECT public.sf_create_login(%(n)s, %(r)s, %(v)s)", {"n": name, "r": role, "v": verifier})


def set_login_role(session, name: str, role: str) -> None:
    session.connection().exec_driver_sql("SELECT public.sf_set_login_role(%(n)s, %(r)s)", {"n": name, "r": role})


def set_login_active(session, name: str, active: bool) -> None:
    session.connection().exec_driver_sql(
        "SELECT public.sf_set_login_active(%(n)s, %(a)s)", {"n": name, "a": bool(active)}
    )


def set_login_password(session, name: str, password: str) -> None:
    conn = session.connection()
    if session_user(conn) == name:  # one's own password: an ordinary ALTER ROLE, allowed for every role
        verifier = scram_verifier(conn, name, password)
        conn.exec_driver_sql(f"ALTER ROLE {_q(name)} PASSWORD {_lit(verifier)}")
        return
    conn.exec_driver_sql(
        "SELECT public.sf_set_login_password(%(n)s, %(v)s)", {"n": name, "v": scram_verifier(conn, name, password)}
    )


def taken_elsewhere(session, pnrs: list[str]) -> set[str]:
    """Personnummer among *pnrs* that exist although this session cannot see them (PostgreSQL row-level
    security). SQLite: none (every row is visible there)."""
    if not pnrs or session.get_bind().dialect.name != "postgresql":
        return set()
    rows = session.connection().exec_driver_sql("SELECT public.sf_participants_taken(%(p)s)", {"p": list(pnrs)})
    return {r[0] for r in rows}


def approve_run(session, run_id: int) -> None:
    session.connection().exec_driver_sql("SELECT public.sf_approve_run(%(r)s)", {"r": int(run_id)})


def mark_paid(session, run_id: int) -> None:
    session.connection().exec_driver_sql("SELECT public.sf_mark_paid(%(r)s)", {"r": int(run_id)})
