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

_ROLES_SQL = """
DO $$
DECLARE r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['sf_audit','sf_administrator','sf_samordnare','sf_handlaggare','sf_granskare'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN', r);
    END IF;
  END LOOP;
END $$;
"""

# {owner} is replaced by the role running the upgrade (quoted identifier) and {owner_lit} by its name as a
# literal. Functions that check who acts use session_user (the person, also inside SECURITY DEFINER);
# "current_user = owner" is true only in the owner's own sessions and inside the owner's SECURITY DEFINER
# functions.
_HELPERS_SQL = """
CREATE OR REPLACE FUNCTION public.sf_security_version() RETURNS integer LANGUAGE sql IMMUTABLE
AS $$ SELECT {version} $$;

CREATE OR REPLACE FUNCTION public.sf_has_role(p_role text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$ SELECT pg_has_role(session_user, 'sf_' || p_role, 'MEMBER') $$;

CREATE OR REPLACE FUNCTION public.sf_my_id() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$ SELECT id FROM public.users WHERE username = session_user::text AND active $$;

CREATE OR REPLACE FUNCTION public.sf_my_orgs() RETURNS integer[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$ SELECT coalesce(array_agg(organisation_id), '{{}}') FROM public.user_organisations
      WHERE user_id = public.sf_my_id() $$;

CREATE OR REPLACE FUNCTION public.sf_org_ok(p_org integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$ SELECT public.sf_has_role('administrator')
          OR (public.sf_has_role('samordnare') AND p_org = ANY(public.sf_my_orgs())) $$;

-- Policy helpers that read participants run as the owner: a role without a grant on participants (granskare)
-- must still be able to evaluate the policies of the tables it may read.
CREATE OR REPLACE FUNCTION public.sf_assigned(p_participant integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$ SELECT EXISTS (SELECT 1 FROM public.participants WHERE id = p_participant
                      AND caseworker_id = public.sf_my_id()) $$;

CREATE OR REPLACE FUNCTION public.sf_participant_visible(p_participant integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$ SELECT EXISTS (SELECT 1 FROM public.participants WHERE id = p_participant
                      AND (public.sf_has_role('administrator')
                           OR (public.sf_has_role('samordnare') AND organisation_id = ANY(public.sf_my_orgs()))
                           OR (public.sf_has_role('handlaggare') AND caseworker_id = public.sf_my_id()))) $$;

-- Which of these personnummer exist at all (the unique constraint tells anyway): the import answers
-- "finns inte i dina föreningar" instead of failing on a participant the person may not see.
CREATE OR REPLACE FUNCTION public.sf_participants_taken(p_pnrs text[]) RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$ SELECT personnummer::text FROM public.participants WHERE personnummer = ANY(p_pnrs) $$;

CREATE OR REPLACE FUNCTION public.sf_is_owner() RETURNS boolean LANGUAGE sql STABLE
AS $$ SELECT current_user = {owner_lit}::name $$;
"""

_AUDIT_SQL = """
CREATE SCHEMA IF NOT EXISTS sf_audit AUTHORIZATION sf_audit;
ALTER TABLE public.audit_log OWNER TO sf_audit;

-- An audit row: who, when, client address and transaction come from the server. Sealed into the chain at commit.
CREATE OR REPLACE FUNCTION sf_audit.append(p_action text, p_table text, p_record text, p_detail text,
                                           p_before text, p_after text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
  b text := coalesce(p_before, '');
  a text := coalesce(p_after, '');
BEGIN
  INSERT INTO public.audit_log (at, username, action, table_name, record_id, before_json, after_json, detail,
                                client_addr, txid, payload_hash, prev_hash, row_hash)
  VALUES ((now() AT TIME ZONE 'utc'), left(session_user::text, 64), left(p_action, 20), left(coalesce(p_table, ''), 64),
          left(coalesce(p_record, ''), 64), b, a, left(coalesce(p_detail, ''), 500),
          coalesce(host(inet_client_addr()), 'lokal'), txid_current(),
          encode(sha256(convert_to(length(b)::text || ':' || b || length(a)::text || ':' || a, 'UTF8')), 'hex'),
          '', '');
END $$;
REVOKE ALL ON FUNCTION sf_audit.append(text, text, text, text, text, text) FROM PUBLIC;

-- Explicit events from the program (approval, export, printing …); never insert/update/delete rows.
CREATE OR REPLACE FUNCTION sf_audit.event(p_action text, p_table text, p_record text, p_detail text,
                                          p_before text, p_after text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
BEGIN
  IF p_action IN ('insert', 'update', 'delete') OR coalesce(p_action, '') = '' THEN
    RAISE EXCEPTION 'Händelsen % skrivs av databasen själv', p_action USING ERRCODE = '42501';
  END IF;
  PERFORM sf_audit.append(p_action, p_table, p_record, p_detail, p_before, p_after);
END $$;
REVOKE ALL ON FUNCTION sf_audit.event(text, text, text, text, text, text) FROM PUBLIC;

-- Seal a row into the chain at commit (deferred): one writer at a time, in commit order.
CREATE OR REPLACE FUNCTION sf_audit.seal() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
  r public.audit_log%ROWTYPE;
  v_prev text;
  v_seq bigint;
  v_hash text;
  f text;
BEGIN
  PERFORM pg_advisory_xact_lock(7231501);
  SELECT * INTO r FROM public.audit_log WHERE id = NEW.id;
  IF NOT FOUND OR r.chain_seq IS NOT NULL THEN
    RETURN NULL;
  END IF;
  SELECT row_hash, chain_seq INTO v_prev, v_seq FROM public.audit_log
   WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1;
  v_prev := coalesce(v_prev, '');
  v_seq := coalesce(v_seq, 0) + 1;
  f := '';
  f := f || length(v_prev)::text || ':' || v_prev;
  f := f || length(v_seq::text)::text || ':' || v_seq::text;
  f := f || length(r.id::text)::text || ':' || r.id::text;
  f := f || length(to_char(r.at, 'YYYY-MM-DD"T"HH24:MI:SS.US'))::text || ':' || to_char(r.at, 'YYYY-MM-DD"T"HH24:MI:SS.US');
  f := f || length(r.username)::text || ':' || r.username;
  f := f || length(r.action)::text || ':' || r.action;
  f := f || length(r.table_name)::text || ':' || r.table_name;
  f := f || length(r.record_id)::text || ':' || r.record_id;
  f := f || length(r.detail)::text || ':' || r.detail;
  f := f || length(r.client_addr)::text || ':' || r.client_addr;
  f := f || length(coalesce(r.txid::text, ''))::text || ':' || coalesce(r.txid::text, '');
  f := f || length(r.payload_hash)::text || ':' || r.payload_hash;
  v_hash := encode(sha256(convert_to(f, 'UTF8')), 'hex');
  PERFORM set_config('sf.audit_op', 'seal', true);
  UPDATE public.audit_log SET chain_seq = v_seq, prev_hash = v_prev, row_hash = v_hash WHERE id = r.id;
  PERFORM set_config('sf.audit_op', '', true);
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION sf_audit.seal() FROM PUBLIC;

-- Gallring: replace the payload (personal data) of rows; the row hash keeps the original payload hash.
CREATE OR REPLACE FUNCTION sf_audit.redact(p_ids bigint[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
BEGIN
  IF NOT (public.sf_has_role('administrator')) THEN
    RAISE EXCEPTION 'Bara en administratör får gallra' USING ERRCODE = '42501';
  END IF;
  PERFORM set_config('sf.audit_op', 'redact', true);
  UPDATE public.audit_log SET before_json = '{{"gallrad": true}}', after_json = '{{"gallrad": true}}',
         redacted_at = (now() AT TIME ZONE 'utc')
   WHERE id = ANY(p_ids);
  PERFORM set_config('sf.audit_op', '', true);
END $$;
REVOKE ALL ON FUNCTION sf_audit.redact(bigint[]) FROM PUBLIC;

-- The log cannot be changed: only sealing (chain columns of an unsealed row) and redaction (payload), and
-- only inside sf_audit's own functions.
CREATE OR REPLACE FUNCTION sf_audit.guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
DECLARE op text := coalesce(current_setting('sf.audit_op', true), '');
BEGIN
  IF TG_OP = 'UPDATE' AND current_user = 'sf_audit' THEN
    IF op = 'seal' AND OLD.chain_seq IS NULL
       AND (NEW.id, NEW.at, NEW.username, NEW.action, NEW.table_name, NEW.record_id, NEW.before_json,
            NEW.after_json, NEW.detail, NEW.client_addr, NEW.txid, NEW.payload_hash, NEW.redacted_at)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.at, OLD.username, OLD.action, OLD.table_name, OLD.record_id, OLD.before_json,
            OLD.after_json, OLD.detail, OLD.client_addr, OLD.txid, OLD.payload_hash, OLD.redacted_at) THEN
      RETURN NEW;
    END IF;
    IF op = 'redact'
       AND (NEW.id, NEW.at, NEW.username, NEW.action, NEW.table_name, NEW.record_id, NEW.detail,
            NEW.client_addr, NEW.txid, NEW.payload_hash, NEW.chain_seq, NEW.prev_hash, NEW.row_hash)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.at, OLD.username, OLD.action, OLD.table_name, OLD.record_id, OLD.detail,
            OLD.client_addr, OLD.txid, OLD.payload_hash, OLD.chain_seq, OLD.prev_hash, OLD.row_hash) THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'Granskningsloggen kan inte ändras (%)', TG_OP USING ERRCODE = '42501';
END $$;

DROP TRIGGER IF EXISTS sf_audit_guard ON public.audit_log;
CREATE TRIGGER sf_audit_guard BEFORE UPDATE OR DELETE ON public.audit_log
  FOR EACH ROW EXECUTE FUNCTION sf_audit.guard();
DROP TRIGGER IF EXISTS sf_audit_no_truncate ON public.audit_log;
CREATE TRIGGER sf_audit_no_truncate BEFORE TRUNCATE ON public.audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION sf_audit.guard();
DROP TRIGGER IF EXISTS sf_audit_seal ON public.audit_log;
CREATE CONSTRAINT TRIGGER sf_audit_seal AFTER INSERT ON public.audit_log
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION sf_audit.seal();

-- Row changes of every table, from the program or from psql.
CREATE OR REPLACE FUNCTION sf_audit.row_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
  v_old jsonb;
  v_new jsonb;
  v_before jsonb;
  v_after jsonb;
  v_rec text;
BEGIN
  IF TG_OP <> 'INSERT' THEN v_old := to_jsonb(OLD); END IF;
  IF TG_OP <> 'DELETE' THEN v_new := to_jsonb(NEW); END IF;
  v_rec := array_to_string(ARRAY(SELECT coalesce(v_new, v_old) ->> c FROM unnest(TG_ARGV) AS c), ',');
  IF TG_OP = 'UPDATE' THEN
    SELECT jsonb_object_agg(key, value) INTO v_after FROM jsonb_each(v_new) WHERE v_old -> key IS DISTINCT FROM value;
    IF v_after IS NULL THEN
      RETURN NULL;
    END IF;
    SELECT jsonb_object_agg(key, v_old -> key) INTO v_before FROM jsonb_each(v_after);
  ELSIF TG_OP = 'INSERT' THEN
    v_after := v_new;
  ELSE
    v_before := v_old;
  END IF;
  IF v_before ? 'password_hash' THEN v_before := v_before || '{{"password_hash": "***"}}'; END IF;
  IF v_after ? 'password_hash' THEN v_after := v_after || '{{"password_hash": "***"}}'; END IF;
  PERFORM sf_audit.append(lower(TG_OP), TG_TABLE_NAME, v_rec, '', coalesce(v_before::text, ''),
                          coalesce(v_after::text, ''));
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION sf_audit.row_change() FROM PUBLIC;
"""

_LOCK_SQL = """
-- True only inside a schema migration run by the owner: a data migration may rewrite locked rows' formats.
CREATE OR REPLACE FUNCTION public.sf_migrating() RETURNS boolean LANGUAGE sql STABLE
AS $$ SELECT public.sf_is_owner() AND coalesce(current_setting('sf.migrating', true), '') = 'on' $$;

CREATE OR REPLACE FUNCTION public.sf_run_status(p_run integer) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$ SELECT status FROM public.pay_runs WHERE id = p_run $$;

-- Pay lines and work entries of a run that is not a draft are locked.
CREATE OR REPLACE FUNCTION public.sf_guard_locked() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
BEGIN
  IF public.sf_migrating() THEN  -- a schema migration run by the owner (storage.db.upgrade), audited anyway
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND coalesce(public.sf_run_status(OLD.pay_run_id), 'draft') <> 'draft' THEN
    RAISE EXCEPTION 'Lönekörningen är godkänd och låst: % i % kan inte ändras', TG_TABLE_NAME, OLD.pay_run_id
      USING ERRCODE = '55000';
  END IF;
  -- the owner (IT, migrations, restoring history) may add rows to a locked run; nobody may change them
  IF TG_OP IN ('INSERT', 'UPDATE') AND coalesce(public.sf_run_status(NEW.pay_run_id), 'draft') <> 'draft'
     AND NOT (TG_OP = 'INSERT' AND public.sf_is_owner()) THEN
    RAISE EXCEPTION 'Lönekörningen är godkänd och låst: inga nya rader i %', NEW.pay_run_id
      USING ERRCODE = '55000';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;

-- Status, approver and times of a run change only inside sf_approve_run / sf_mark_paid; who computed a run is
-- recorded by the server.
CREATE OR REPLACE FUNCTION public.sf_guard_pay_run() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
DECLARE op text := coalesce(current_setting('sf.run_op', true), '');
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF public.sf_is_owner() THEN  -- IT, migrations, restoring history
      RETURN NEW;
    END IF;
    IF NEW.status <> 'draft' OR NEW.approved_by IS NOT NULL OR NEW.approved_at IS NOT NULL
       OR NEW.paid_at IS NOT NULL THEN
      RAISE EXCEPTION 'En ny lönekörning är alltid ett utkast' USING ERRCODE = '42501';
    END IF;
    NEW.computed_by := left(session_user::text, 64);
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION 'Lönekörningen % är godkänd och kan inte tas bort', OLD.label USING ERRCODE = '55000';
    END IF;
    RETURN OLD;
  END IF;
  IF public.sf_migrating() THEN  -- a schema migration run by the owner (storage.db.upgrade), audited anyway
    RETURN NEW;
  END IF;
  IF OLD.status <> 'draft' THEN
    IF op = 'pay' AND public.sf_is_owner() AND OLD.status = 'approved' AND NEW.status = 'paid'
       AND (to_jsonb(NEW) - 'status' - 'paid_at' - 'version') = (to_jsonb(OLD) - 'status' - 'paid_at' - 'version') THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'Lönekörningen % är % och låst', OLD.label, OLD.status USING ERRCODE = '55000';
  END IF;
  IF NEW.status <> 'draft' OR NEW.approved_by IS NOT NULL OR NEW.approved_at IS NOT NULL OR NEW.paid_at IS NOT NULL THEN
    IF NOT (op = 'approve' AND public.sf_is_owner()) THEN
      RAISE EXCEPTION 'En lönekörning godkänns bara med sf_approve_run()' USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.computed_at IS DISTINCT FROM OLD.computed_at THEN
    NEW.computed_by := left(session_user::text, 64);
  ELSE
    NEW.computed_by := OLD.computed_by;
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION public.sf_check_run_scope(r public.pay_runs) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
BEGIN
  IF public.sf_has_role('administrator') THEN
    RETURN;
  END IF;
  IF NOT public.sf_has_role('samordnare') THEN
    RAISE EXCEPTION 'Din roll får inte godkänna eller betala lönekörningar' USING ERRCODE = '42501';
  END IF;
  IF r.organisation_id IS NULL OR NOT r.organisation_id = ANY(public.sf_my_orgs())
     OR EXISTS (SELECT 1 FROM public.pay_lines l WHERE l.pay_run_id = r.id
                AND NOT l.organisation_id = ANY(public.sf_my_orgs())) THEN
    RAISE EXCEPTION 'Lönekörningen % gäller en förening du inte har behörighet till', r.label
      USING ERRCODE = '42501';
  END IF;
END $$;

-- Approval: role and scope, draft, totals = lines, four eyes (setting lon.fyra_ogon), session_user and
-- server time.
CREATE OR REPLACE FUNCTION public.sf_approve_run(p_run integer) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
  r public.pay_runs%ROWTYPE;
  s record;
  four_eyes text;
BEGIN
  SELECT * INTO r FROM public.pay_runs WHERE id = p_run FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'Lönekörningen % finns inte', p_run USING ERRCODE = '02000';
  END IF;
  PERFORM public.sf_check_run_scope(r);
  IF r.status <> 'draft' THEN
    RAISE EXCEPTION 'Lönekörningen % är redan %', r.label, r.status USING ERRCODE = '55000';
  END IF;
  SELECT coalesce(sum(gross_ore), 0) AS g, coalesce(sum(tax_ore), 0) AS t, coalesce(sum(employer_fee_ore), 0) AS f,
         coalesce(sum(net_ore), 0) AS n
    INTO s FROM public.pay_lines WHERE pay_run_id = p_run;
  IF (s.g, s.t, s.f, s.n) IS DISTINCT FROM (r.gross_ore, r.tax_ore, r.employer_fee_ore, r.net_ore) THEN
    RAISE EXCEPTION 'Lönekörningens summor stämmer inte med raderna (brutto % mot %)', r.gross_ore, s.g
      USING ERRCODE = '23514';
  END IF;
  SELECT value INTO four_eyes FROM public.settings WHERE key = 'lon.fyra_ogon';
  IF lower(coalesce(four_eyes, '')) IN ('1', 'ja', 'true', 'on') AND r.computed_by = session_user::text THEN
    RAISE EXCEPTION 'Fyra ögon: den som beräknade lönekörningen (%) får inte godkänna den', r.computed_by
      USING ERRCODE = '42501';
  END IF;
  PERFORM set_config('sf.run_op', 'approve', true);
  UPDATE public.pay_runs SET status = 'approved', approved_by = left(session_user::text, 64),
         approved_at = (now() AT TIME ZONE 'utc'), version = version + 1
   WHERE id = p_run;
  PERFORM set_config('sf.run_op', '', true);
END $$;

CREATE OR REPLACE FUNCTION public.sf_mark_paid(p_run integer) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE r public.pay_runs%ROWTYPE;
BEGIN
  SELECT * INTO r FROM public.pay_runs WHERE id = p_run FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'Lönekörningen % finns inte', p_run USING ERRCODE = '02000';
  END IF;
  PERFORM public.sf_check_run_scope(r);
  IF r.status <> 'approved' THEN
    RAISE EXCEPTION 'Lönekörningen % är %', r.label, r.status USING ERRCODE = '55000';
  END IF;
  PERFORM set_config('sf.run_op', 'pay', true);
  UPDATE public.pay_runs SET status = 'paid', paid_at = (now() AT TIME ZONE 'utc'), version = version + 1
   WHERE id = p_run;
  PERFORM set_config('sf.run_op', '', true);
END $$;

DROP TRIGGER IF EXISTS sf_locked ON public.pay_lines;
CREATE TRIGGER sf_locked BEFORE INSERT OR UPDATE OR DELETE ON public.pay_lines
  FOR EACH ROW EXECUTE FUNCTION public.sf_guard_locked();
DROP TRIGGER IF EXISTS sf_locked ON public.work_entries;
CREATE TRIGGER sf_locked BEFORE INSERT OR UPDATE OR DELETE ON public.work_entries
  FOR EACH ROW EXECUTE FUNCTION public.sf_guard_locked();
DROP TRIGGER IF EXISTS sf_guard ON public.pay_runs;
CREATE TRIGGER sf_guard BEFORE INSERT OR UPDATE OR DELETE ON public.pay_runs
  FOR EACH ROW EXECUTE FUNCTION public.sf_guard_pay_run();
"""

# Person logins: only an administrator (or the owner), only into one of the four groups, never for roles
# that are superusers or members of the owner/audit roles.
_LOGIN_SQL = """
CREATE OR REPLACE FUNCTION public.sf_check_person(p_name text) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
BEGIN
  IF NOT (public.sf_has_role('administrator') OR public.sf_is_owner()) THEN
    RAISE EXCEPTION 'Bara en administratör får hantera inloggningar' USING ERRCODE = '42501';
  END IF;
  IF p_name !~ '^[a-z0-9][a-z0-9._-]{{1,63}}$' OR p_name LIKE 'sf\\_%' OR p_name = {owner_lit}
     OR p_name LIKE 'pg\\_%' OR p_name = 'postgres' THEN
    RAISE EXCEPTION 'Ogiltigt eller skyddat användarnamn: %', p_name USING ERRCODE = '42501';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_name) THEN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_name AND (rolsuper OR rolcreaterole OR rolbypassrls))
       OR pg_has_role(p_name, 'sf_audit', 'MEMBER') OR pg_has_role(p_name, {owner_lit}, 'MEMBER') THEN
      RAISE EXCEPTION 'Skyddat användarnamn: %', p_name USING ERRCODE = '42501';
    END IF;
  END IF;
END $$;

CREATE OR REPLACE FUNCTION public.sf_set_login_role(p_name text, p_role text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE g text;
BEGIN
  PERFORM public.sf_check_person(p_name);
  IF p_role NOT IN ('administrator', 'samordnare', 'handlaggare', 'granskare') THEN
    RAISE EXCEPTION 'Okänd roll: %', p_role USING ERRCODE = '22023';
  END IF;
  FOREACH g IN ARRAY ARRAY['administrator', 'samordnare', 'handlaggare', 'granskare'] LOOP
    IF g <> p_role AND pg_has_role(p_name, 'sf_' || g, 'MEMBER') THEN
      EXECUTE format('REVOKE %I FROM %I', 'sf_' || g, p_name);
    END IF;
  END LOOP;
  EXECUTE format('GRANT %I TO %I', 'sf_' || p_role, p_name);
END $$;

CREATE OR REPLACE FUNCTION public.sf_create_login(p_name text, p_role text, p_verifier text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
BEGIN
  PERFORM public.sf_check_person(p_name);
  IF p_verifier IS NOT NULL AND p_verifier !~ '^SCRAM-SHA-256\\$' THEN
    RAISE EXCEPTION 'Lösenordet ska skickas som SCRAM-SHA-256-verifierare' USING ERRCODE = '22023';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_name) THEN
    -- without a password (Kerberos/GSSAPI single sign-on) when p_verifier is NULL
    EXECUTE format('CREATE ROLE %I LOGIN NOINHERIT', p_name);
  END IF;
  EXECUTE format('ALTER ROLE %I LOGIN INHERIT', p_name);
  IF p_verifier IS NOT NULL THEN
    EXECUTE format('ALTER ROLE %I PASSWORD %L', p_name, p_verifier);
  END IF;
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), p_name);
  PERFORM public.sf_set_login_role(p_name, p_role);
END $$;

CREATE OR REPLACE FUNCTION public.sf_set_login_active(p_name text, p_active boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
BEGIN
  PERFORM public.sf_check_person(p_name);
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_name) THEN
    EXECUTE format('ALTER ROLE %I %s', p_name, CASE WHEN p_active THEN 'LOGIN' ELSE 'NOLOGIN' END);
  END IF;
END $$;

CREATE OR REPLACE FUNCTION public.sf_set_login_password(p_name text, p_verifier text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
BEGIN
  PERFORM public.sf_check_person(p_name);
  IF p_verifier IS NULL OR p_verifier !~ '^SCRAM-SHA-256\\$' THEN
    RAISE EXCEPTION 'Lösenordet ska skickas som SCRAM-SHA-256-verifierare' USING ERRCODE = '22023';
  END IF;
  EXECUTE format('ALTER ROLE %I PASSWORD %L', p_name, p_verifier);
END $$;
"""


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
        "work_entries": {
            "SELECT": (
                f"{o} OR {admin} OR {gran} OR ({sam} AND {entry_org} = {mine}) OR ({hand} AND {assigned})",
                None,
            ),
            "INSERT": ("", f"{o} OR public.sf_org_ok({entry_org})"),
            "UPDATE": (f"{o} OR public.sf_org_ok({entry_org})", f"{o} OR public.sf_org_ok({entry_org})"),
            "DELETE": (f"{o} OR public.sf_org_ok({entry_org})", None),
        },
        "pay_lines": {
            "SELECT": (
                f"{o} OR {admin} OR {gran} OR ({sam} AND organisation_id = {mine}) OR ({hand} AND {assigned})",
                None,
            ),
            "INSERT": ("", f"{o} OR public.sf_org_ok(organisation_id)"),
            "UPDATE": (f"{o} OR public.sf_org_ok(organisation_id)", f"{o} OR public.sf_org_ok(organisation_id)"),
            "DELETE": (f"{o} OR public.sf_org_ok(organisation_id)", None),
        },
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


_VIEWS_SQL = """
CREATE OR REPLACE VIEW public.sf_review_participants WITH (security_barrier) AS
  SELECT id, left(personnummer, 8) || '-****' AS personnummer_masked, first_name, last_name, organisation_id,
         caseworker_id, payout_method, active, inactive_since, anonymised_at, created_at
    FROM public.participants;

CREATE OR REPLACE VIEW public.sf_review_audit_log WITH (security_barrier) AS
  SELECT id, at, username, action, table_name, record_id,
         regexp_replace(before_json, '("personnummer": ")([0-9]{{8}})[0-9]{{4}}"', '\\1\\2-****"', 'g') AS before_json,
         regexp_replace(after_json, '("personnummer": ")([0-9]{{8}})[0-9]{{4}}"', '\\1\\2-****"', 'g') AS after_json,
         detail, client_addr, txid, payload_hash, prev_hash, row_hash, redacted_at, chain_seq,
         encode(sha256(convert_to(length(before_json)::text || ':' || before_json || length(after_json)::text
                || ':' || after_json, 'UTF8')), 'hex') = payload_hash AS payload_ok
    FROM public.audit_log;
"""


_CLASSIFIED = frozenset(
    {
        "alembic_version",
        "audit_log",
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
        "tax_situations",
        *_REFERENCE_TABLES,
    }
)


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
    """The version of the security SQL in the database (None: never applied)."""
    try:
        exists = conn.exec_driver_sql("SELECT to_regprocedure('public.sf_security_version()') IS NOT NULL").scalar()
        if not exists:
            return None
        return int(conn.exec_driver_sql("SELECT public.sf_security_version()").scalar())
    except Exception:  # noqa: BLE001 - unreadable: treat as not applied
        return None


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
