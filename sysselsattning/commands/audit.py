"""``sysselsattning audit [--format text|json] [--since DATE]`` — the audit log (granskningsloggen).

json: a list of ``{"at", "user", "action", "table", "record", "before", "after", "detail"}``.
"""

from __future__ import annotations

import json
from datetime import date

from sysselsattning.i18n import _


def _date(text: str | None, option: str) -> date | None:
    from sysselsattning.cli import CliError

    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CliError(
            _("Ogiltigt datum för {option}: {value} – skriv ÅÅÅÅ-MM-DD.").format(option=option, value=repr(text)), 2
        ) from None


def _audit(args) -> int:
    from sysselsattning.commands.users import cli_context
    from sysselsattning.services.audit_log import list_audit

    since, until = _date(args.since, "--since"), _date(args.until, "--until")
    ctx = cli_context(args)
    rows = list_audit(
        ctx,
        since=since,
        until=until,
        user=args.by or "",
        action=args.action or "",
        table=args.table or "",
        limit=args.limit,
    )
    if args.format == "json":
        print(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        what = f"{r.table}#{r.record}" if r.table else ""
        change = ""
        if r.action == "update" and isinstance(r.after, dict):
            change = ", ".join(
                f"{k}: {json.dumps((r.before or {}).get(k), ensure_ascii=False)} → {json.dumps(v, ensure_ascii=False)}"
                for k, v in r.after.items()
            )
        print(f"{r.at:%Y-%m-%d %H:%M:%S}  {r.user:<14} {r.action:<13} {what:<24} {r.detail or change}".rstrip())
    if not rows:
        print(_("Inga händelser."))
    return 0


def register(parsers) -> None:
    p = parsers.add("audit", _audit, help=_("granskningsloggen (alla ändringar, godkännanden, exporter, inloggningar)"))
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--since", metavar="ÅÅÅÅ-MM-DD", help=_("från och med detta datum (UTC)"))
    p.add_argument("--until", metavar="ÅÅÅÅ-MM-DD", help=_("till och med detta datum (UTC)"))
    p.add_argument("--by", metavar="ANVÄNDARE", help=_("bara denna användares händelser"))
    p.add_argument(
        "--action", metavar="HÄNDELSE", help=_("t.ex. insert, update, delete, login, approve, export, override")
    )
    p.add_argument("--table", metavar="TABELL", help=_("t.ex. participants, work_entries, pay_runs"))
    p.add_argument("--limit", type=int, metavar="N", help=_("högst N rader"))
