"""User accounts: look-ups by name or id, the associations of a coordinator, and the account writes (create,
change role, activate, password and lockout state). The service checks access, hashes passwords and audits;
on PostgreSQL it also manages the person's login role through :mod:`sysselsattning.storage.pg_security`.

The ORM classes are imported in the functions that use them: the start-up's count of accounts reads the Core
table, and importing this module maps nothing (issue #17)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import Connection, delete, func, select, text

from sysselsattning.storage import tables
from sysselsattning.storage.db import hold

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sysselsattning.storage.orm import User


class UserRecord(NamedTuple):
    id: int
    username: str
    full_name: str
    role: str
    active: bool
    locked_until: datetime | None  # UTC without a zone
    created_at: datetime | None
    version: int
    failed_logins: int


def _record(u: User) -> UserRecord:
    return UserRecord(
        u.id,
        u.username,
        u.full_name,
        u.role,
        bool(u.active),
        u.locked_until,
        u.created_at,
        u.version,
        int(u.failed_logins or 0),
    )


def on_postgres(s: Session) -> bool:
    return s.get_bind().dialect.name == "postgresql"


def session_user(s: Session) -> str:
    """PostgreSQL: who the connection is (the person's login role)."""
    return s.execute(text("SELECT session_user")).scalar_one()


def owns_tables(s: Session) -> bool:
    """PostgreSQL: whether the connected role is (a member of) the tables' owner (IT, for ``upgrade`` and the
    first administrator)."""
    owner = s.execute(
        text(
            "SELECT pg_has_role(session_user, c.relowner, 'USAGE') FROM pg_class c "
            "WHERE c.oid = to_regclass('public.participants')"
        )
    ).scalar()
    return bool(owner)


def count_users(conn: Connection | Session) -> int:
    """How many accounts there are (Core: a connection at start-up will do)."""
    return int(conn.execute(select(func.count()).select_from(tables.users)).scalar() or 0)


def count_active_admins(s: Session) -> int:
    from sysselsattning.storage.orm import User

    return int(
        s.scalar(select(func.count()).select_from(User).where(User.role == "administrator", User.active.is_(True))) or 0
    )


def user_by_id(s: Session, user_id: int) -> UserRecord | None:
    from sysselsattning.storage.orm import User

    u = s.get(User, user_id)
    if u is None:
        return None
    hold(s, [u])  # update_user writes it in the same unit of work, against this version
    return _record(u)


def password_hash(s: Session, user_id: int) -> str:
    """The stored scrypt hash (SQLite; a deferred column that no PostgreSQL role may read)."""
    from sysselsattning.storage.orm import User

    return s.scalar(select(User.password_hash).where(User.id == user_id)) or ""


def user_by_name(
    s: Session, username: str, *, active_only: bool = False, for_update: bool = False
) -> UserRecord | None:
    """The account named ``username`` (as stored: lower case). ``for_update``: row-locked on PostgreSQL until
    the transaction ends (simultaneous logins to one account counted one after the other)."""
    from sysselsattning.storage.orm import User

    q = select(User).where(User.username == username)
    if active_only:
        q = q.where(User.active.is_(True))
    if for_update:
        q = q.with_for_update()
    u = s.scalars(q).one_or_none()
    if u is None:
        return None
    hold(s, [u])
    return _record(u)


def users(s: Session, *, include_inactive: bool = True) -> list[UserRecord]:
    """Every account by user name."""
    from sysselsattning.storage.orm import User

    q = select(User).order_by(User.username)
    if not include_inactive:
        q = q.where(User.active.is_(True))
    return [_record(u) for u in s.scalars(q).all()]


def display_names(s: Session, ids: Iterable[int]) -> dict[int, str]:
    """Full names (or user names when none is recorded) of the given user ids."""
    from sysselsattning.storage.orm import User

    wanted = sorted(set(ids))
    if not wanted:
        return {}
    return {u.id: (u.full_name or u.username) for u in s.scalars(select(User).where(User.id.in_(wanted)))}


def username_taken(s: Session, username: str) -> bool:
    from sysselsattning.storage.orm import User

    return s.scalars(select(User.id).where(User.username == username)).first() is not None


def user_organisations(s: Session, user_id: int) -> list[tuple[int, str]]:
    """(id, name) of the associations a coordinator works for, by name."""
    from sysselsattning.storage.orm import Organisation, UserOrganisation

    rows = s.execute(
        select(Organisation.id, Organisation.name)
        .join(UserOrganisation, UserOrganisation.organisation_id == Organisation.id)
        .where(UserOrganisation.user_id == user_id)
        .order_by(Organisation.name)
    ).all()
    return [(r[0], r[1]) for r in rows]


def user_organisation_ids(s: Session, user_id: int) -> frozenset[int]:
    from sysselsattning.storage.orm import UserOrganisation

    return frozenset(
        s.scalars(select(UserOrganisation.organisation_id).where(UserOrganisation.user_id == user_id)).all()
    )


def existing_organisation_ids(s: Session, ids: Iterable[int]) -> set[int]:
    from sysselsattning.storage.orm import Organisation

    return set(s.scalars(select(Organisation.id).where(Organisation.id.in_(list(ids)))).all())


def organisation_id_by_orgnr(s: Session, orgnr: str) -> int | None:
    """The association with organisation number ``orgnr`` exactly as stored (``NNNNNN-NNNN``), or None."""
    from sysselsattning.storage.orm import Organisation

    return s.scalar(select(Organisation.id).where(Organisation.orgnr == orgnr))


def add_user(
    s: Session, *, username: str, full_name: str, role: str, password_hash: str, organisation_ids: Iterable[int]
) -> UserRecord:
    """A new active account (flushed) with its associations (flushed)."""
    from sysselsattning.storage.orm import User, UserOrganisation

    user = User(
        username=username, full_name=full_name, role=role, password_hash=password_hash, active=True, failed_logins=0
    )
    s.add(user)
    s.flush()
    for oid in organisation_ids:
        s.add(UserOrganisation(user_id=user.id, organisation_id=oid))
    s.flush()
    return _record(user)


def update_user(s: Session, user_id: int, *, flush: bool = False, **fields: Any) -> UserRecord:
    """Set the given columns of the account (``active``, ``role``, ``password_hash``, ``failed_logins``,
    ``locked_until``); ``flush`` writes them now rather than at the end of the unit of work."""
    from sysselsattning.storage.orm import User

    user = s.get(User, user_id)
    if user is None:
        raise LookupError(user_id)
    for name, value in fields.items():
        setattr(user, name, value)
    if flush:
        s.flush()
    return _record(user)


def set_user_organisations(s: Session, user_id: int, organisation_ids: Iterable[int]) -> None:
    """Replace the account's associations (flushed)."""
    from sysselsattning.storage.orm import UserOrganisation

    s.execute(delete(UserOrganisation).where(UserOrganisation.user_id == user_id))
    for oid in organisation_ids:
        s.add(UserOrganisation(user_id=user_id, organisation_id=oid))
    s.flush()
