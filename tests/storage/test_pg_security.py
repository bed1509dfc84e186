"""Issue #15: the database enforces the roles. Every check connects with a raw psycopg connection as the person
(scram-sha-256 over TCP: tests/pgserver.py requires passwords for everyone but the test's superuser)."""

from __future__ import annotations

import uuid
from datetime import date

import psycopg
import pytest

from sysselsattning.services import payroll, timesheets, users
from sysselsattning.services.auth import login_context
from sysselsattning.services.context import AppContext
from sysselsattning.storage.db import open_database
from tests.services.registry_helpers import participant, setup_task

pytestmark = pytest.mark.postgres
PW = "ett-langt-losenord-15"
TODAY = date(2026, 11, 23)


class World:
    """One database for the module: two associations, one person per role, an approved run of association A."""

    def __init__(self, server, url: str):
        self.server = server
        self.url = url
        self.dbname = url.rsplit("/", 1)[1]
        u = uuid.uuid4().hex[:6]
        self.admin, self.sam, self.sam_b, self.hand, self.gran = (
            f"adm{u}",
            f"sam{u}",
            f"samb{u}",
            f"hand{u}",
            f"gran{u}",
        )
        self.db = open_database(url)
        root = AppContext(db=self.db, username="postgres", today=TODAY)  # the owner (IT) makes the first admin
        root.act()
        users.create_user(root, self.admin, "Ada Admin", "administrator", PW)
        admin = login_context(AppContext(db=self.db, today=TODAY), self.admin, PW)
        self.admin_ctx = admin
        self.org_a, _ws_a, self.task_a = setup_task(admin, org_name="Förening A", org_base="802400123")
        self.org_b, _ws_b, self.task_b = setup_task(
            admin, org_name="Förening B", org_base="802426159", ws_name="Caféet", task_name="Kaffe"
        )
        users.create_user(admin, self.sam, "Sam A", "samordnare", PW, organisation_ids=[self.org_a.id])
        users.create_user(admin, self.sam_b, "Sam B", "samordnare", PW, organisation_ids=[self.org_b.id])
        users.create_user(admin, self.hand, "Hanna H", "handlaggare", PW)
        users.create_user(admin, self.gran, "Gustav G", "granskare", PW)
        hand_id = next(x.id for x in users.list_users(admin) if x.username == self.hand)
        self.p_assigned = participant(
            admin, "Anna", "Assigned", "850412", organisation_id=self.org_a.id, caseworker_id=hand_id
        )
        self.p_a = participant(admin, "Bertil", "Unassigned", "790101", organisation_id=self.org_a.id)
        self.p_b = participant(admin, "Cecilia", "Other", "900202", organisation_id=self.org_b.id)
        sam = login_context(AppContext(db=self.db, today=TODAY), self.sam, PW)
        self.sam_ctx = sam
        for p in (self.p_assigned, self.p_a):
            timesheets.add_entry(
                sam,
                timesheets.EntryInput(
                    participant_id=p.id, task_id=self.task_a.id, work_date=date(2026, 3, 5), quantity_hundredths=300
                ),
            )
        payroll.compute_run(sam, "2026-03", self.org_a.id)
        self.run = payroll.approve_run(sam, "2026-03", self.org_a.id, confirm_past_pay_date=True)

    def dsn(self, user: str, password: str = PW) -> str:
        return f"host=127.0.0.1 port={self.server.port} dbname={self.dbname} user={user} password={password}"

    def connect(self, user: str) -> psycopg.Connection:
        return psycopg.connect(self.dsn(user), autocommit=True)

    def superuser(self) -> psycopg.Connection:
        return psycopg.connect(
            f"host=127.0.0.1 port={self.server.port} dbname={self.dbname} user=postgres", autocommit=True
        )


@pytest.fixture(scope="module")
def world(pg_server):
    w = World(pg_server, pg_server.create_database(f"sec_{uuid.uuid4().hex[:10]}"))
    yield w
    for c in (w.admin_ctx, w.sam_ctx):
        c.db.dispose()
    w.db.dispose()


def _ids(conn, sql: str) -> set[int]:
    return {r[0] for r in conn.execute(sql).fetchall()}


def test_handlaggare_reads_only_assigned_participants(world):
    with world.connect(world.hand) as c:
        assert _ids(c, "SELECT id FROM participants") == {world.p_assigned.id}
        assert c.execute("SELECT count(*) FROM participants WHERE id = %s", (world.p_b.id,)).fetchone()[0] == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("UPDATE participants SET phone = '070' WHERE id = %s", (world.p_assigned.id,))


def test_samordnare_reads_only_own_association(world):
    with world.connect(world.sam) as c:
        assert _ids(c, "SELECT id FROM participants") == {world.p_assigned.id, world.p_a.id}
        assert c.execute("UPDATE participants SET phone = '070' WHERE id = %s", (world.p_b.id,)).rowcount == 0
    with world.connect(world.sam_b) as c:
        assert _ids(c, "SELECT id FROM participants") == {world.p_b.id}
        assert _ids(c, "SELECT id FROM pay_lines") == set()


def test_participant_never_without_association(world):
    with world.connect(world.sam) as c:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            c.execute(
                "INSERT INTO participants (personnummer, first_name, last_name, address, postal_code, city, phone,"
                " payout_method, clearing, account, tax_mode, household_json, active, created_at, version)"
                " VALUES ('199001011239', 'X', 'Y', '', '', '', '', 'cash', '', '', 'default', '', true, now(), 1)"
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("UPDATE participants SET organisation_id = NULL WHERE id = %s", (world.p_a.id,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # into another association
            c.execute("UPDATE participants SET organisation_id = %s WHERE id = %s", (world.org_b.id, world.p_a.id))


def test_approved_run_is_locked_for_samordnare(world):
    """Finding 7 and 8: raise a locked pay line, change the account, set the run back to draft, forge approved_by."""
    with world.connect(world.sam) as c:
        line = c.execute("SELECT id FROM pay_lines WHERE pay_run_id = %s LIMIT 1", (world.run.id,)).fetchone()[0]
        with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState, match="låst"):
            c.execute("UPDATE pay_lines SET net_ore = net_ore + 1000000 WHERE id = %s", (line,))
        with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState):  # the copy the bank file pays
            c.execute("UPDATE pay_lines SET bank_account = '99999999' WHERE id = %s", (line,))
        with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState):
            c.execute("DELETE FROM pay_lines WHERE id = %s", (line,))
        with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState):
            c.execute("UPDATE work_entries SET hours_hundredths = 2400 WHERE pay_run_id = %s", (world.run.id,))
        with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState):
            c.execute("UPDATE pay_runs SET status = 'draft' WHERE id = %s", (world.run.id,))
        with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState):
            c.execute("UPDATE pay_runs SET approved_by = 'någon' WHERE id = %s", (world.run.id,))
    with world.superuser() as c:
        row = c.execute("SELECT status, approved_by FROM pay_runs WHERE id = %s", (world.run.id,)).fetchone()
    assert row == ("approved", world.sam)  # approved_by is session_user, written by sf_approve_run()


def test_draft_cannot_be_approved_by_update_only_by_the_function(world):
    with world.connect(world.sam) as c:
        c.execute(
            "INSERT INTO pay_runs (label, kind, organisation_id, period_start, period_end, payment_date, status,"
            " gross_ore, tax_ore, employer_fee_ore, net_ore, participant_count, created_at, version)"
            " VALUES ('2026-09', 'month', %s, '2026-09-01', '2026-10-01', '2026-10-23', 'draft', 0, 0, 0, 0, 0,"
            " now(), 1) RETURNING id",
            (world.org_a.id,),
        )
        rid = c.execute("SELECT id FROM pay_runs WHERE label = '2026-09'").fetchone()[0]
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="sf_approve_run"):
            c.execute("UPDATE pay_runs SET status = 'approved', approved_by = 'x' WHERE id = %s", (rid,))
        # totals that do not equal the lines are refused by the approval function
        c.execute("UPDATE pay_runs SET gross_ore = 100 WHERE id = %s", (rid,))
        with pytest.raises(psycopg.errors.CheckViolation, match="summor"):
            c.execute("SELECT sf_approve_run(%s)", (rid,))
    with world.connect(world.hand) as c, pytest.raises(psycopg.errors.InsufficientPrivilege):  # role check
        c.execute("SELECT sf_approve_run(%s)", (rid,))
    with world.connect(world.sam_b) as c, pytest.raises(psycopg.errors.InsufficientPrivilege):  # scope check
        c.execute("SELECT sf_approve_run(%s)", (rid,))
    with world.connect(world.sam) as c:
        c.execute("UPDATE pay_runs SET gross_ore = 0 WHERE id = %s", (rid,))
        c.execute("DELETE FROM pay_runs WHERE id = %s", (rid,))


def test_four_eyes(world):
    with world.connect(world.admin) as c:
        c.execute("INSERT INTO settings (key, value, version) VALUES ('lon.fyra_ogon', 'ja', 1)")
    try:
        with world.connect(world.sam) as c:
            c.execute(
                "INSERT INTO pay_runs (label, kind, organisation_id, period_start, period_end, payment_date, status,"
                " gross_ore, tax_ore, employer_fee_ore, net_ore, participant_count, computed_at, created_at, version)"
                " VALUES ('2026-08', 'month', %s, '2026-08-01', '2026-09-01', '2026-09-23', 'draft', 0, 0, 0, 0, 0,"
                " now(), now(), 1)",
                (world.org_a.id,),
            )
            rid, by = c.execute("SELECT id, computed_by FROM pay_runs WHERE label = '2026-08'").fetchone()
            assert by == world.sam  # recorded by the server, not the client
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="Fyra ögon"):
                c.execute("SELECT sf_approve_run(%s)", (rid,))
        with world.connect(world.admin) as c:
            c.execute("SELECT sf_approve_run(%s)", (rid,))
            assert c.execute("SELECT approved_by FROM pay_runs WHERE id = %s", (rid,)).fetchone()[0] == world.admin
    finally:
        with world.connect(world.admin) as c:
            c.execute("DELETE FROM settings WHERE key = 'lon.fyra_ogon'")


@pytest.mark.parametrize("who", ["admin", "sam", "hand", "gran"])
def test_nobody_reads_password_hashes_or_changes_the_audit_log(world, who):
    """Finding 6, 9 (hash), 10."""
    with world.connect(getattr(world, who)) as c:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("SELECT password_hash FROM users")
        assert c.execute("SELECT count(*) FROM users").fetchone()[0] >= 5  # the other columns are readable
        for sql in (
            "UPDATE audit_log SET detail = 'x'",
            "UPDATE audit_log SET before_json = '{}', after_json = '{}'",
            "DELETE FROM audit_log",
            "TRUNCATE audit_log",
            "INSERT INTO audit_log (at, username, action, table_name, record_id, before_json, after_json, detail)"
            " VALUES ('2020-01-01', 'adm', 'approve', '', '', '', '', 'bakdaterad')",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                c.execute(sql)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # the event function refuses row actions
            c.execute("SELECT sf_audit.event('update', 'pay_lines', '1', '', '', '')")


def test_escalation_refused(world):
    """Finding 9 and 12: make oneself administrator, swap someone's password, change the shared login."""
    with world.connect(world.sam) as c:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("UPDATE users SET role = 'administrator' WHERE username = %s", (world.sam,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("SELECT sf_set_login_password(%s, 'SCRAM-SHA-256$x')", (world.admin,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("SELECT sf_set_login_role(%s, 'administrator')", (world.sam,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute(f"ALTER ROLE \"{world.admin}\" PASSWORD 'stulet-losenord'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("GRANT sf_administrator TO " + world.sam)
    with world.connect(world.admin) as c:  # not even an administrator can touch the owner or the audit role
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("SELECT sf_set_login_role('postgres', 'granskare')")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("SELECT sf_create_login('sf_audit', 'administrator', NULL)")


def test_granskare_reads_through_views_without_personnummer(world):
    with world.connect(world.gran) as c:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("SELECT personnummer FROM participants")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("SELECT * FROM audit_log")
        rows = c.execute("SELECT personnummer_masked, last_name FROM sf_review_participants").fetchall()
        assert len(rows) == 3 and all(r[0].endswith("-****") for r in rows)
        text = " ".join(r[0] + r[1] for r in c.execute("SELECT before_json, after_json FROM sf_review_audit_log"))
        assert "Assigned" in text and "19850412-****" in text and "198504129" not in text
        assert c.execute("SELECT count(*) FROM pay_lines").fetchone()[0] == 2
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("UPDATE pay_runs SET label = 'x'")


def test_changes_from_psql_are_audited_by_the_database(world):
    with world.connect(world.sam) as c:
        c.execute("UPDATE participants SET phone = '0701234567' WHERE id = %s", (world.p_a.id,))
    with world.superuser() as c:
        row = c.execute(
            "SELECT username, client_addr, txid IS NOT NULL, after_json, row_hash <> '' FROM audit_log"
            " WHERE table_name = 'participants' AND action = 'update' ORDER BY id DESC LIMIT 1"
        ).fetchone()
    assert row[0] == world.sam and row[1] == "127.0.0.1" and row[2] and "0701234567" in row[3] and row[4]


def test_audit_verify_detects_a_row_changed_by_a_superuser(world, capsys):
    from sysselsattning.cli import main

    url = world.url
    assert main(["audit", "verify", "--db", url]) == 0, capsys.readouterr()
    assert "hel" in capsys.readouterr().out
    with world.superuser() as c:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # even the superuser meets the trigger
            c.execute("UPDATE audit_log SET detail = 'x' WHERE id = 1")
        target = c.execute(
            "SELECT id FROM audit_log WHERE table_name = 'pay_lines' ORDER BY chain_seq LIMIT 1"
        ).fetchone()[0]
        with c.transaction():
            c.execute("SET LOCAL session_replication_role = replica")  # triggers off: only a superuser can
            c.execute(
                "UPDATE audit_log SET after_json = replace(after_json, '\"net_ore\": ', '\"net_ore\": 9') WHERE id = %s",
                (target,),
            )
    try:
        assert main(["audit", "verify", "--db", url]) == 1
        out = capsys.readouterr()
        assert f"rad {target}" in out.out + out.err, out
    finally:
        with world.superuser() as c, c.transaction():
            c.execute("SET LOCAL session_replication_role = replica")
            c.execute(
                "UPDATE audit_log SET after_json = replace(after_json, '\"net_ore\": 9', '\"net_ore\": ') WHERE id = %s",
                (target,),
            )
    assert main(["audit", "verify", "--db", url]) == 0


def test_deactivated_person_cannot_connect(world):
    name = f"tmp{uuid.uuid4().hex[:6]}"
    users.create_user(world.admin_ctx, name, "Tillfällig", "granskare", PW)
    with world.connect(name) as c:
        assert c.execute("SELECT session_user").fetchone()[0] == name
    u = next(x for x in users.list_users(world.admin_ctx) if x.username == name)
    users.set_active(world.admin_ctx, u.id, False, version=u.version)
    with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
        world.connect(name)
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(world.dsn(world.sam, "fel-losenord"))


def test_installed_version_is_asked_without_aborting_the_transaction(world):
    """#13: a login that may not call sf_security_version() gets None, and its transaction stays usable (the
    old code swallowed the refusal, leaving an aborted transaction behind)."""
    from sqlalchemy import create_engine

    from sysselsattning.storage import pg_security

    bare = f"bare{uuid.uuid4().hex[:6]}"
    with world.superuser() as su:
        su.execute(f"CREATE ROLE {bare} LOGIN PASSWORD '{PW}'")
    engine = create_engine(
        f"postgresql+psycopg://{bare}:{PW}@127.0.0.1:{world.server.port}/{world.dbname}", hide_parameters=True
    )
    try:
        with engine.begin() as conn:
            assert pg_security.installed_version(conn) is None
            assert conn.exec_driver_sql("SELECT 1").scalar() == 1
    finally:
        engine.dispose()
    with world.db.engine.begin() as conn:
        assert pg_security.installed_version(conn) == pg_security.VERSION
    fresh = open_database(world.server.create_database(f"fresh_{uuid.uuid4().hex[:8]}"), migrate=False)
    try:
        with fresh.engine.begin() as conn:
            assert pg_security.installed_version(conn) is None
    finally:
        fresh.dispose()
