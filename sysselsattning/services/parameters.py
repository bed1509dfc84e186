"""Parameters as the administrator sees them, overrides, and program settings.

An *override* (docs/architecture.md §3 "Dated parameters") is a stored :class:`~sysselsattning.storage.orm.ParameterOverride`
row: key, from-date, value, reason, who and when. :meth:`AppContext.params` applies overrides on top of the
shipped rule files (the override wins from its date). Setting one needs the administrator role; it writes an
explicit ``override`` audit row besides the automatic insert row.

*Settings* are simple key/value pairs in the ``settings`` table (language, retention years, …) with defaults
in :data:`SETTING_DEFAULTS`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sysselsattning.domain.problems import Problem, ValidationFailed
from sysselsattning.i18n import _
from sysselsattning.rules import ParameterSet, default_parameters
from sysselsattning.rules.parameters import ParameterMissing
from sysselsattning.services.context import AppContext

SETTING_DEFAULTS: dict[str, str] = {
    "language": "sv",  # sv | en
    "gallring.ar": "2",  # years of inactivity before a participant is anonymised
    "backup.postgresql_senast": "",  # ISO time of the last pg_dump, written by the IT department's job
    "lon.fyra_ogon": "nej",  # ja: whoever computed a pay run may not approve it (four eyes)
}


@dataclass(frozen=True, slots=True)
class ParameterRow:
    key: str
    description: str
    unit: str
    value: Any
    valid_from: date
    valid_to: date | None
    status: str
    source: str
    overridden: bool


def value_text(value: Any) -> str:
    """A parameter value as text for lists (Decimal with comma, lists/tables as JSON)."""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def list_parameters(ctx, on: date | None = None, *, prefix: str = "") -> list[ParameterRow]:
    """Every parameter with the value in force on *on* (default today); missing values are skipped."""
    from sysselsattning.rules.parameters import ParameterMissing

    on = on or ctx.now_date()
    params = ctx.params()
    out: list[ParameterRow] = []
    for key in sorted(params.keys()):
        if prefix and not key.startswith(prefix):
            continue
        p = params.parameter(key)
        try:
            v = p.at(on)
        except ParameterMissing:
            continue
        out.append(
            ParameterRow(
                key,
                p.description,
                p.unit,
                v.value,
                v.valid_from,
                v.valid_to,
                v.status,
                v.source,
                v.source.startswith("åsidosatt av"),
            )
        )
    return out


def parse_value(key: str, text: str, current: Any) -> Any:
    """Read *text* as a value of the same kind as *current*; raise ValidationFailed naming the key."""
    from sysselsattning.domain.money import MoneyError, parse_decimal

    raw = (text or "").strip()

    def bad(expected: str):
        return ValidationFailed([Problem("value", "parameter_value", {"key": key, "expected": expected})])

    if isinstance(current, bool):
        if raw.lower() in ("ja", "true", "1", "yes", "sant"):
            return True
        if raw.lower() in ("nej", "false", "0", "no", "falskt"):
            return False
        raise bad(_("ja eller nej"))
    if isinstance(current, int):
        try:
            return int(raw)
        except ValueError:
            raise bad(_("ett heltal")) from None
    if isinstance(current, Decimal):
        try:
            return parse_decimal(raw)
        except MoneyError:
            raise bad(_("ett tal, t.ex. 20000 eller 31,42")) from None
    if isinstance(current, (list, dict)):
        try:
            value = json.loads(raw)
        except ValueError:
            raise bad(_("JSON (lista eller tabell)")) from None
        if not isinstance(value, type(current)):
            raise bad(_("JSON av samma slag som nuvarande värde"))
        return value
    if not raw:
        raise bad(_("ett värde"))
    return raw


def _encode(value: Any) -> str:
    if isinstance(value, Decimal):
        return json.dumps(str(value))
    return json.dumps(value, ensure_ascii=False, default=str)


def set_override(ctx, key: str, valid_from: date, value: Any, reason: str) -> ParameterRow:
    """Store an administrator's override of *key* from *valid_from* (value as text or typed).

    Raises ValidationFailed (unknown key, bad value, no reason) and AccessDenied (not an administrator).
    """
    from sysselsattning.services.access import require
    from sysselsattning.storage import audit
    from sysselsattning.storage.queries import overrides as q

    require(ctx, "parameters.write")
    params = ctx.params()
    problems: list[Problem] = []
    if not params.has(key):
        raise ValidationFailed([Problem("key", "parameter_unknown", {"key": key})])
    if not isinstance(valid_from, date):
        problems.append(Problem("valid_from", "date_invalid"))
    if not (reason or "").strip():
        problems.append(Problem("reason", "reason_required"))
    elif len(reason) > 500:
        problems.append(Problem("reason", "text_too_long", {"max": 500}))
    p = params.parameter(key)
    current = p.values[-1].value
    try:
        typed = parse_value(key, value, current) if isinstance(value, str) else value
    except ValidationFailed as exc:
        problems.extend(exc.problems)
        typed = None
    if problems:
        raise ValidationFailed(problems)
    try:
        before = value_text(p.at(valid_from).value)
    except ParameterMissing:  # no value before the override
        before = ""
    ctx.act()
    with ctx.db.unit_of_work() as s:
        row_id = q.add_override(
            s, key=key, valid_from=valid_from, value_json=_encode(typed), reason=reason.strip(), created_by=ctx.username
        )
        audit.record(
            s,
            "override",
            "parameter_overrides",
            row_id,
            detail=f"{key} från {valid_from.isoformat()}: {reason.strip()}",
            before={"key": key, "value": before},
            after={"key": key, "value": value_text(typed)},
        )
    ctx.invalidate_params()
    v = ctx.params().entry(key, valid_from)
    return ParameterRow(key, p.description, p.unit, v.value, v.valid_from, v.valid_to, v.status, v.source, True)


@dataclass(frozen=True, slots=True)
class OverrideRow:
    id: int
    key: str
    valid_from: date
    value: str
    reason: str
    created_by: str
    created_at: Any


def list_overrides(ctx) -> list[OverrideRow]:
    from sysselsattning.storage.queries import overrides as q

    with ctx.db.read() as s:
        rows = q.overrides_newest_first(s)
    return [OverrideRow(r.id, r.key, r.valid_from, r.value_json, r.reason, r.created_by, r.created_at) for r in rows]


# ------------------------------------------------------------------------------------------ settings
def get_setting(db, key: str) -> str:
    from sysselsattning.storage.queries.overrides import setting

    with db.engine.connect() as conn:  # Core: the language is read at every start, before anything is written
        value = setting(conn, key)
    return value if value is not None else SETTING_DEFAULTS.get(key, "")


def set_setting(ctx, key: str, value: str) -> None:
    """Store a setting. Language may be set by anyone (for the program); other settings need an administrator."""
    from sysselsattning.services.access import require
    from sysselsattning.storage.queries.overrides import store_setting

    if key == "language":
        if value not in ("sv", "en"):
            raise ValidationFailed([Problem("language", "setting_invalid", {"key": key})])
    else:
        require(ctx, "settings.write")
        if key == "gallring.ar" and not (value.isdigit() and 1 <= int(value) <= 50):
            raise ValidationFailed([Problem(key, "setting_invalid", {"key": key})])
    ctx.act()
    with ctx.db.unit_of_work() as s:
        store_setting(s, key, value)


def parameters_in_force(url: str | None = None) -> ParameterSet:
    """The parameters the program computes with, for a caller without an open context (the command line):
    the shipped rule files with the administrators' stored overrides of the database ``url`` applied, exactly
    as :meth:`AppContext.params` does for the GUI (docs/architecture.md §11). A database that does not exist
    yet (a first run; a SQLite file not created) has no overrides: the shipped files alone. Reading does not
    migrate or change the database.

    Raises :class:`OverridesUnavailable` when the database is configured but cannot be reached; the caller
    decides whether to go on with the shipped files (and says so) or to stop.
    """
    from sysselsattning.services.database import sqlite_file
    from sysselsattning.storage.db import Unreachable, open_database, resolve_url

    resolved = resolve_url(url)
    path = sqlite_file(resolved)
    if path is not None and not path.exists():
        return default_parameters()
    db = open_database(resolved, migrate=False)
    try:
        return AppContext(db=db).params()
    except Unreachable as exc:
        raise OverridesUnavailable(str(exc.orig or exc).strip().splitlines()[0]) from exc
    finally:
        db.engine.dispose()


class OverridesUnavailable(Exception):
    """The database with the administrators' parameter overrides cannot be reached (message: the driver's)."""
