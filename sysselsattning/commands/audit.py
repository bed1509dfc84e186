"""``sysselsattning audit [--format text|json] [--since DATE]`` — the audit log (granskningsloggen).

json: a list of ``{"at", "user", "action", "table", "record", "before", "after", "detail"}``.

``sysselsattning audit verify [--format text|json]`` checks the log's SHA-256 hash chain: exit 0 when it is
whole (and prints the newest hash, to publish outside the database), 1 naming the first broken row.
"""

from __future__ import annotations

import json
import sys
from datetime import date

from sysselsattning.i18n import _
from sysselsattning.i18n.catalog import N_


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


_REASONS = {
    "payload": N_("före/efter-värdena är ändrade"),
    "row": N_("raden är ändrad"),
    "link": N_("kedjan är bruten (en rad före den är borttagen, ändrad eller inskjuten)"),
    "unsealed": N_("raden saknar plats i kedjan (inskjuten utan databasens trigger)"),
}


def _verify(args) -> int:
    from sysselsattning.commands.users import cli_context
    from sysselsattning.services.audit_log import verify_chain

    result = verify_chain(cli_context(args))
    if args.format == "json":
        print(
            json.dumps(
                {
                    "ok": result.ok,
                    "checked": result.checked,
                    "unchained": result.unchained,
                    "redacted": result.redacted,
                    "first_broken_row": result.first_bad_id,
                    "reason": result.reason or None,
                    "last_hash": result.last_hash or None,
                    "last_position": result.last_seq,
                },
                ensure_ascii=False,
            )
        )
        return 0 if result.ok else 1
    if not result.ok:
        print(
            _("Granskningsloggen är INTE hel: första brutna rad {id} – {reason}.").format(
                id=result.first_bad_id, reason=_(_REASONS.get(result.reason, result.reason))
            ),
            file=sys.stderr,
        )
        print(_("Fel vid rad {id}").format(id=result.first_bad_id))
        return 1
    print(
        _("Granskningsloggen är hel: {n} rader i kedjan ({r} gallrade, {u} äldre rader utan kedja).").format(
            n=result.checked, r=result.redacted, u=result.unchained
        )
    )
    if result.last_hash:
        print(_("Senaste hash (position {seq}): {hash}").format(seq=result.last_seq, hash=result.last_hash))
    return 0


def register(parsers) -> None:
    p = parsers.add("audit", _audit, help=_("granskningsloggen (alla ändringar, godkännanden, exporter, inloggningar)"))
    sub = p.add_subparsers(dest="audit_cmd", metavar="ÅTGÄRD", parser_class=type(p))
    v = sub.add_parser("verify", help=_("kontrollera granskningsloggens hashkedja (0 = hel, 1 = bruten)"))
    v.add_argument("--format", choices=["text", "json"], default="text")
    v.set_defaults(handler=_verify)
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--since", metavar="ÅÅÅÅ-MM-DD", help=_("från och med detta datum (UTC)"))
    p.add_argument("--until", metavar="ÅÅÅÅ-MM-DD", help=_("till och med detta datum (UTC)"))
    p.add_argument("--by", metavar="ANVÄNDARE", help=_("bara denna användares händelser"))
    p.add_argument(
        "--action", metavar="HÄNDELSE", help=_("t.ex. insert, update, delete, login, approve, export, override")
    )
    p.add_argument("--table", metavar="TABELL", help=_("t.ex. participants, work_entries, pay_runs"))
    p.add_argument("--limit", type=int, metavar="N", help=_("högst N rader"))
