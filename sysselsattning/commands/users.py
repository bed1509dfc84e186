"""``sysselsattning users add|list|deactivate|activate|passwd|unlock`` — accounts from the command line.

PostgreSQL: the command runs as the person who connects (``session_user``); only an administrator may add
users, and the database enforces it. SQLite: the command line is the operating-system account's trusted
access to its own file (see :func:`cli_context`).
The password is read from standard input with ``--password-stdin`` (one line) or asked for twice (getpass).
"""

from __future__ import annotations

import json
import sys

from sysselsattning.i18n import _


def cli_context(args):
    """AppContext for a CLI command (every command goes through here, so the same role check applies).

    PostgreSQL: logging in is connecting. The command connects as the person — the password the libpq way
    (``PGPASSWORD``, the pgpass file, Kerberos/GSSAPI, or a prompt on a terminal) — and acts as
    ``session_user`` with that person's role; ``--user`` is refused when it names someone else.

    SQLite: the file belongs to one operating-system account, and the command line is that account's trusted
    access. Without ``--user`` it acts as the operating-system account (administrator rights); with
    ``--user NAME`` as that account's role. The audit log records the name and ``konto@dator``.
    """
    from sysselsattning.services.auth import is_postgres_url

    if is_postgres_url(getattr(args, "db", None)):
        return _postgres_context(args)
    from sysselsattning.cli import CliError
    from sysselsattning.services.auth import context_for, identity_for, os_account
    from sysselsattning.services.context import open_context

    user = getattr(args, "user", None)
    ctx = open_context(args.db, username=user or os_account())
    if user:
        ident = identity_for(ctx.db, user)
        if ident is None:
            raise CliError(_("Användaren {name} finns inte eller är avaktiverad (--user).").format(name=user), 2)
        ctx = context_for(ctx, ident)
    return ctx


def _postgres_context(args):
    import getpass

    from sysselsattning.cli import CliError
    from sysselsattning.services.auth import AuthError, connect, context_on, default_pg_user, session_identity

    user = getattr(args, "user", None)
    try:
        try:
            db = connect(args.db)
        except AuthError as exc:
            if exc.code not in ("password_needed", "wrong") or not sys.stdin.isatty():
                raise
            db = connect(
                args.db, password=getpass.getpass(_("Lösenord för {name}: ").format(name=default_pg_user(args.db)))
            )
        try:
            identity = session_identity(db)
        except BaseException:
            db.dispose()
            raise
    except AuthError as exc:
        raise CliError(exc.message, 1) from None
    if user and user.strip().lower() != identity.username:
        db.dispose()
        raise CliError(
            _(
                "--user {user} stämmer inte med den du är inloggad som i databasen ({name}). På PostgreSQL är du den "
                "du ansluter som: ange användaren i databas-URL:en."
            ).format(user=user, name=identity.username),
            2,
        )
    return context_on(db, identity)


def read_password(args, *, twice: bool = True) -> tuple[str, str | None]:
    from sysselsattning.cli import CliError

    if args.password_stdin:
        line = sys.stdin.readline()
        if not line:
            raise CliError(_("Inget lösenord på standard in (--password-stdin)."), 2)
        return line.rstrip("\r\n"), None
    if not sys.stdin.isatty():
        raise CliError(_("Lösenordet kan inte frågas efter här: använd --password-stdin."), 2)
    import getpass

    first = getpass.getpass(_("Lösenord: "))
    second = getpass.getpass(_("Upprepa lösenordet: ")) if twice else None
    return first, second


def _find(ctx, username: str):
    from sysselsattning.cli import CliError
    from sysselsattning.services.users import list_users, normalise_username

    name = normalise_username(username)
    for u in list_users(ctx):
        if u.username == name:
            return u
    raise CliError(_("Användaren {name} finns inte.").format(name=username), 2)


def _add(args) -> int:
    from sysselsattning.services import users

    ctx = cli_context(args)
    orgs = users.organisation_ids_by_orgnr(ctx, args.organisation or [])
    if args.kerberos:
        if ctx.db.is_sqlite:
            from sysselsattning.cli import CliError

            raise CliError(_("--kerberos gäller bara PostgreSQL (inloggning med Windows-kontot)."), 2)
        password, password2 = None, None
    else:
        password, password2 = read_password(args)
    u = users.create_user(
        ctx, args.username, args.name or "", args.role, password, password2=password2, organisation_ids=orgs
    )
    print(_("Användaren {name} ({role}) är skapad.").format(name=u.username, role=users.role_label(u.role)))
    return 0


def _list(args) -> int:
    from sysselsattning.services import users

    ctx = cli_context(args)
    rows = users.list_users(ctx)
    if args.format == "json":
        print(
            json.dumps(
                [
                    {
                        "username": u.username,
                        "name": u.full_name,
                        "role": u.role,
                        "active": u.active,
                        "organisations": list(u.organisation_names),
                        "locked_until": u.locked_until.isoformat() if u.locked_until else None,
                    }
                    for u in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    if not rows:
        print(
            _(
                "Inga användare ännu. Skapa den första administratören med: sysselsattning users add NAMN --role administrator"
            )
        )
        return 0
    print(f"{_('Användare'):<20} {_('Roll'):<15} {_('Aktiv'):<6} {_('Namn'):<28} {_('Föreningar')}")
    for u in rows:
        print(
            f"{u.username:<20} {users.role_label(u.role):<15} {_('ja') if u.active else _('nej'):<6} {u.full_name[:28]:<28} "
            f"{', '.join(u.organisation_names)}"
        )
    return 0


def _set_active(args, active: bool) -> int:
    from sysselsattning.services import users

    ctx = cli_context(args)
    u = _find(ctx, args.username)
    users.set_active(ctx, u.id, active, version=u.version)
    print(
        (_("Användaren {name} är aktiverad.") if active else _("Användaren {name} är avaktiverad.")).format(
            name=u.username
        )
    )
    return 0


def _passwd(args) -> int:
    from sysselsattning.services import users

    ctx = cli_context(args)
    u = _find(ctx, args.username)
    password, password2 = read_password(args)
    users.set_password(ctx, u.id, password, password2)
    print(_("Lösenordet för {name} är bytt.").format(name=u.username))
    return 0


def _unlock(args) -> int:
    from sysselsattning.services import users

    ctx = cli_context(args)
    u = _find(ctx, args.username)
    users.unlock(ctx, u.id)
    print(_("Användaren {name} är upplåst.").format(name=u.username))
    return 0


def _dispatch(args) -> int:
    handler = getattr(args, "users_handler", None)
    if handler is None:
        args.users_parser.print_help()
        return 2
    return handler(args)


def register(parsers) -> None:
    p = parsers.add("users", _dispatch, help=_("användarkonton (lägg till, lista, avaktivera, byt lösenord)"))
    p.set_defaults(users_parser=p)
    sub = p.add_subparsers(dest="users_cmd", metavar="ÅTGÄRD", parser_class=type(p))

    add = sub.add_parser("add", help=_("skapa ett konto"))
    add.add_argument("username", metavar="ANVÄNDARNAMN")
    add.add_argument(
        "--role", required=True, metavar="ROLL", help=_("administrator, samordnare, handlaggare eller granskare")
    )
    add.add_argument(
        "--organisation",
        action="append",
        metavar="ORGNR",
        help=_("förening (organisationsnummer) för en samordnare; kan upprepas"),
    )
    add.add_argument("--name", metavar="NAMN", help=_("för- och efternamn"))
    add.add_argument("--password-stdin", action="store_true", help=_("läs lösenordet från standard in"))
    add.add_argument(
        "--kerberos",
        action="store_true",
        help=_("PostgreSQL: inget lösenord, personen loggar in med sitt Windows-konto (Kerberos/GSSAPI)"),
    )
    add.set_defaults(users_handler=_add)

    ls = sub.add_parser("list", help=_("lista konton"))
    ls.add_argument("--format", choices=["text", "json"], default="text")
    ls.set_defaults(users_handler=_list)

    for name, active, text in (
        ("deactivate", False, _("avaktivera ett konto")),
        ("activate", True, _("aktivera ett konto")),
    ):
        q = sub.add_parser(name, help=text)
        q.add_argument("username", metavar="ANVÄNDARNAMN")
        q.set_defaults(users_handler=lambda a, _act=active: _set_active(a, _act))

    pw = sub.add_parser("passwd", help=_("byt lösenord (låser också upp)"))
    pw.add_argument("username", metavar="ANVÄNDARNAMN")
    pw.add_argument("--password-stdin", action="store_true", help=_("läs lösenordet från standard in"))
    pw.set_defaults(users_handler=_passwd)

    un = sub.add_parser("unlock", help=_("lås upp ett konto som låsts efter felaktiga inloggningar"))
    un.add_argument("username", metavar="ANVÄNDARNAMN")
    un.set_defaults(users_handler=_unlock)
