"""User accounts (docs/architecture.md §9): create, list, deactivate, change password, organisations.

Roles: ``administrator`` (everything), ``samordnare`` (scoped to the associations in ``user_organisations``),
``handlaggare`` (scoped to the participants whose ``caseworker_id`` is the user) and ``granskare``
(read-only). Only an administrator manages users; the very first administrator is created by
:func:`create_first_admin`, which works only while there are no users at all (no default password).

Every change goes through one unit of work; the audit hook records it (the password hash is masked).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sysselsattning.domain.problems import Problem, ValidationFailed
from sysselsattning.i18n import _
from sysselsattning.services.auth import MIN_PASSWORD_LENGTH, Identity, hash_password

ROLES: tuple[str, ...] = ("administrator", "samordnare", "handlaggare", "granskare")
_USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


def role_label(role: str) -> str:
    return {
        "administrator": _("Administratör"),
        "samordnare": _("Samordnare"),
        "handlaggare": _("Handläggare"),
        "granskare": _("Granskare"),
    }.get(role, role)


@dataclass(frozen=True, slots=True)
class UserInfo:
    id: int
    username: str
    full_name: str
    role: str
    active: bool
    organisation_ids: tuple[int, ...]
    organisation_names: tuple[str, ...]
    locked_until: datetime | None
    created_at: datetime | None
    version: int


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()


def validate_user(
    username: str,
    full_name: str,
    role: str,
    password: str | None,
    password2: str | None = None,
    organisation_ids: Sequence[int] = (),
) -> list[Problem]:
    """Problems with a new account's input (nothing is checked against the database here)."""
    problems: list[Problem] = []
    name = normalise_username(username)
    if not name:
        problems.append(Problem("username", "required"))
    elif not _USERNAME_RE.match(name):
        problems.append(Problem("username", "username_invalid"))
    if len(full_name or "") > 200:
        problems.append(Problem("full_name", "text_too_long", {"max": 200}))
    if role not in ROLES:
        problems.append(Problem("role", "role_invalid", {"role": role}))
    if password is not None:
        problems.extend(validate_password(password, password2))
    if role == "samordnare" and not organisation_ids:
        problems.append(Problem("organisations", "organisation_required"))
    return problems


def validate_password(password: str, password2: str | None = None) -> list[Problem]:
    problems: list[Problem] = []
    if len(password or "") < MIN_PASSWORD_LENGTH:
        problems.append(Problem("password", "password_short", {"min": MIN_PASSWORD_LENGTH}))
    if password2 is not None and password != password2:
        problems.append(Problem("password2", "password_mismatch"))
    return problems


def has_users(db) -> bool:
    from sysselsattning.storage.queries.users import count_users

    with db.engine.connect() as conn:  # Core: asked at every start, before anything is written
        return bool(count_users(conn))


def _info(s, user) -> UserInfo:
    from sysselsattning.storage.queries.users import user_organisations

    rows = user_organisations(s, user.id)
    return UserInfo(
        user.id,
        user.username,
        user.full_name,
        user.role,
        bool(user.active),
        tuple(r[0] for r in rows),
        tuple(r[1] for r in rows),
        user.locked_until,
        user.created_at,
        user.version,
    )


def _insert(s, username: str, full_name: str, role: str, password: str | None, organisation_ids: Iterable[int]):
    from sysselsattning.storage.queries import users as q

    name = normalise_username(username)
    if q.username_taken(s, name):
        raise ValidationFailed([Problem("username", "username_taken", {"name": name})])
    org_ids = sorted(set(organisation_ids)) if role == "samordnare" else []
    if org_ids:
        known = q.existing_organisation_ids(s, org_ids)
        missing = [o for o in org_ids if o not in known]
        if missing:
            raise ValidationFailed([Problem("organisations", "organisation_unknown", {"id": missing[0]})])
    postgres = q.on_postgres(s)
    user = q.add_user(
        s,
        username=name,
        full_name=(full_name or "").strip(),
        role=role,
        # PostgreSQL: the password lives in the server (the person's login role, SCRAM-SHA-256), not here
        password_hash="" if postgres or password is None else hash_password(password),
        organisation_ids=org_ids,
    )
    if postgres:
        from sysselsattning.storage import pg_security

        pg_security.create_login(s, name, role, password)
    return user


def create_first_admin(db, username: str, full_name: str, password: str, password2: str | None = None) -> Identity:
    """Create the first administrator. Refused (StateError) as soon as any user exists."""
    from sysselsattning.services.auth import _identity
    from sysselsattning.services.errors import StateError
    from sysselsattning.storage import audit
    from sysselsattning.storage.db import current_user
    from sysselsattning.storage.queries.users import count_users

    problems = validate_user(username, full_name, "administrator", password, password2)
    if problems:
        raise ValidationFailed(problems)
    token = current_user.set(normalise_username(username))
    try:
        with db.unit_of_work() as s:
            from sysselsattning.storage.counters import next_number

            next_number(s, "first_admin_lock")  # row lock: two first starts at once create one administrator
            if count_users(s):
                raise StateError(_("Det finns redan användare – logga in i stället."))
            user = _insert(s, username, full_name, "administrator", password, ())
            audit.record(s, "first_admin", "users", user.id, detail="första administratören skapad")
            return _identity(s, user)
    finally:
        current_user.reset(token)


def create_user(
    ctx,
    username: str,
    full_name: str,
    role: str,
    password: str | None,
    *,
    password2: str | None = None,
    organisation_ids: Sequence[int] = (),
) -> UserInfo:
    """Create an account (administrators only). PostgreSQL: also the person's login role in the role's group;
    ``password=None`` makes a login without a password, for Kerberos/GSSAPI single sign-on."""
    from sysselsattning.services.access import require

    require(ctx, "users.write")
    if password is None and ctx.db.is_sqlite:
        raise ValidationFailed([Problem("password", "required")])
    problems = validate_user(username, full_name, role, password, password2, organisation_ids)
    if problems:
        raise ValidationFailed(problems)
    ctx.act()
    with ctx.db.unit_of_work() as s:
        user = _insert(s, username, full_name, role, password, organisation_ids)
        return _info(s, user)


def list_users(ctx, *, include_inactive: bool = True) -> list[UserInfo]:
    from sysselsattning.services.access import require
    from sysselsattning.storage.queries.users import users

    require(ctx, "users.read")
    with ctx.db.read() as s:
        return [_info(s, u) for u in users(s, include_inactive=include_inactive)]


def _load(s, user_id: int, version: int | None):
    from sysselsattning.services.errors import ConflictError, NotFound
    from sysselsattning.storage.queries.users import user_by_id

    user = user_by_id(s, user_id)
    if user is None:
        raise NotFound(_("Användaren finns inte."))
    if version is not None and user.version != version:
        raise ConflictError(
            _("Någon annan har ändrat posten under tiden. De senaste uppgifterna visas – gör om ändringen."),
            current=_info(s, user),
        )
    return user


def _active_admins(s) -> int:
    from sysselsattning.storage.queries.users import count_active_admins

    return count_active_admins(s)


def set_active(ctx, user_id: int, active: bool, *, version: int | None = None) -> UserInfo:
    """Activate or deactivate an account. The last active administrator cannot be deactivated."""
    from sysselsattning.services.access import require
    from sysselsattning.services.errors import StateError
    from sysselsattning.storage.queries.users import update_user

    require(ctx, "users.write")
    ctx.act()
    with ctx.db.unit_of_work() as s:
        user = _load(s, user_id, version)
        if not active and user.role == "administrator" and user.active and _active_admins(s) <= 1:
            raise StateError(_("Den sista aktiva administratören kan inte avaktiveras."))
        if not active and user.id == ctx.user_id:
            raise StateError(_("Du kan inte avaktivera ditt eget konto."))
        user = update_user(s, user.id, active=active, flush=True)
        if not ctx.db.is_sqlite:  # deactivated = NOLOGIN: the person can no longer connect at all
            from sysselsattning.storage import pg_security

            pg_security.set_login_active(s, user.username, active)
        return _info(s, user)


def set_role(
    ctx, user_id: int, role: str, organisation_ids: Sequence[int] = (), *, version: int | None = None
) -> UserInfo:
    """Change an account's role and (for samordnare) its associations."""
    from sysselsattning.services.access import require
    from sysselsattning.services.errors import StateError
    from sysselsattning.storage.queries.users import set_user_organisations, update_user, user_by_id

    require(ctx, "users.write")
    problems = validate_user("x" * 2, "", role, None, None, organisation_ids)
    if problems:
        raise ValidationFailed(problems)
    ctx.act()
    with ctx.db.unit_of_work() as s:
        user = _load(s, user_id, version)
        if user.role == "administrator" and role != "administrator" and user.active and _active_admins(s) <= 1:
            raise StateError(_("Den sista aktiva administratören kan inte få en annan roll."))
        user = update_user(s, user.id, role=role)
        set_user_organisations(s, user.id, sorted(set(organisation_ids)) if role == "samordnare" else [])
        user = user_by_id(s, user.id)  # the version the flush gave it
        if not ctx.db.is_sqlite:  # the database's group membership is what counts
            from sysselsattning.storage import pg_security

            pg_security.set_login_role(s, user.username, role)
        return _info(s, user)


def set_password(ctx, user_id: int, password: str, password2: str | None = None) -> None:
    """Set a new password (an administrator for anyone, every user for themself); also unlocks."""
    from sysselsattning.services.access import AccessDenied, can
    from sysselsattning.storage.queries.users import update_user

    if not (can(ctx, "users.write") or (ctx.user_id is not None and ctx.user_id == user_id)):
        raise AccessDenied(
            _("Din roll ({role}) får inte göra detta ({permission}).").format(role=ctx.role, permission="users.write")
        )
    problems = validate_password(password, password2)
    if problems:
        raise ValidationFailed(problems)
    ctx.act()
    with ctx.db.unit_of_work() as s:
        user = _load(s, user_id, None)
        if not ctx.db.is_sqlite:  # the login role's SCRAM verifier, computed here; the server checks who may
            from sysselsattning.storage import pg_security

            pg_security.set_login_password(s, user.username, password)
            return
        update_user(s, user.id, password_hash=hash_password(password), failed_logins=0, locked_until=None)


def unlock(ctx, user_id: int) -> None:
    from sysselsattning.services.access import require
    from sysselsattning.storage.queries.users import update_user

    require(ctx, "users.write")
    ctx.act()
    with ctx.db.unit_of_work() as s:
        user = _load(s, user_id, None)
        update_user(s, user.id, failed_logins=0, locked_until=None)


def organisation_ids_by_orgnr(ctx, orgnrs: Sequence[str]) -> list[int]:
    """Organisation ids for organisation numbers (``NNNNNN-NNNN`` or 10 digits); unknown → ValidationFailed."""
    from sysselsattning.storage.queries.users import organisation_id_by_orgnr

    out: list[int] = []
    with ctx.db.read() as s:
        for raw in orgnrs:
            digits = re.sub(r"\D", "", raw or "")
            text = f"{digits[:6]}-{digits[6:]}" if len(digits) == 10 else (raw or "").strip()
            oid = organisation_id_by_orgnr(s, text)
            if oid is None:
                raise ValidationFailed([Problem("organisation", "organisation_unknown_orgnr", {"orgnr": raw})])
            out.append(int(oid))
    return out
