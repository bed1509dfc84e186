"""The SQL that :mod:`sysselsattning.storage.pg_security` applies on PostgreSQL: roles, helper functions, the
database-written audit log with its hash chain, the locking triggers and the approval functions, the login
functions and the granskare's views. Kept apart from the Python that orders and applies it (and decides the
per-table grants and policies), so that each file stays readable; the texts are unchanged.
Bump :data:`sysselsattning.storage.pg_security.VERSION` when any of it changes."""

from __future__ import annotations

ROLES_SQL = """
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
HELPERS_SQL = """
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

AUDIT_SQL = """
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

LOCK_SQL = """
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
LOGIN_SQL = """
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


VIEWS_SQL = """
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
