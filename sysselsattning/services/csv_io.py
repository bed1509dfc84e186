"""CSV import and export (docs/architecture.md §5).

Import formats (UTF-8 with or without BOM, ``;`` or ``,`` separated, header row, decimal comma or point):

- participants: ``personnummer;fornamn;efternamn;adress;postnummer;ort;telefon;utbetalning;clearingnummer;kontonummer;skattesats``
  (``utbetalning`` = ``kontant``/``bank``; ``skattesats`` a percentage or empty for the default, or
  ``tabell 32`` / ``jämkning 12``: a tax situation from the import date, see services/tax_situation.py). A person already
  registered (same personnummer) is updated; a new one is created.
- hours: ``datum;personnummer;arbetsplats;uppgift;timmar;antal;kommentar`` (``timmar`` for hourly tasks, ``antal``
  for piece/occasion tasks; worksite and task by name).

Every row is checked with the same rules as the screens (:mod:`sysselsattning.domain.registry`,
:mod:`sysselsattning.domain.timesheet`), including the 24-hour rule across rows of the same file. Errors name
the file's line (``rad 7: ogiltigt personnummer 811228-9873 (kontrollsiffran stämmer inte)``). Nothing is
saved when any row is bad, unless ``skip_bad`` — then the good rows are saved in one transaction.

Exports are UTF-8, ``;`` separated, Swedish headers; personnummer ``ÅÅÅÅMMDD-NNNN``; numbers with decimal comma.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sysselsattning.domain import personnummer as pnr_mod
from sysselsattning.domain.problems import Problem, ValidationFailed
from sysselsattning.domain.registry import check_participant, percent_text
from sysselsattning.domain.timesheet import CellCheck, QuantityError, amount_ore, check_cell, parse_quantity
from sysselsattning.i18n import _
from sysselsattning.i18n.catalog import N_
from sysselsattning.i18n.messages import problem_text
from sysselsattning.services import access, tax_situation
from sysselsattning.services.context import AppContext
from sysselsattning.services.registry import ParticipantInput, participant_values
from sysselsattning.storage import audit
from sysselsattning.storage.pg_security import taken_elsewhere
from sysselsattning.storage.queries import csv_io as q
from sysselsattning.storage.queries.work import hours_per_day, is_locked, rates_between

PARTICIPANT_COLUMNS = (
    "personnummer",
    "fornamn",
    "efternamn",
    "adress",
    "postnummer",
    "ort",
    "telefon",
    "utbetalning",
    "clearingnummer",
    "kontonummer",
    "skattesats",
)
HOURS_COLUMNS = ("datum", "personnummer", "arbetsplats", "uppgift", "timmar", "antal", "kommentar")
HOURS_EXPORT_COLUMNS = (*HOURS_COLUMNS, "forening", "arvode_per_enhet", "belopp", "rattar_rad", "lonekorning")
PAYRUN_COLUMNS = (
    "period",
    "forening",
    "status",
    "fran",
    "till",
    "utbetalningsdag",
    "deltagare",
    "brutto",
    "skatt",
    "arbetsgivaravgifter",
    "netto",
)

_ALIASES = {
    "förnamn": "fornamn",
    "efternamn": "efternamn",
    "postnr": "postnummer",
    "clearing": "clearingnummer",
    "konto": "kontonummer",
    "skatt": "skattesats",
    "skattesats_procent": "skattesats",
    "datum": "datum",
    "pnr": "personnummer",
    "timmar": "timmar",
    "antal": "antal",
    "styck": "antal",
    "kommentar": "kommentar",
    "arbetsställe": "arbetsplats",
    "arbetsstalle": "arbetsplats",
}
_PNR_REASON = {
    "checksum": N_("kontrollsiffran stämmer inte"),
    "date": N_("datumet finns inte"),
    "format": N_("skriv ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN"),
}


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return _("rad {line}: {message}").format(line=self.line, message=self.message)


class ImportFailed(Exception):
    """The file had bad rows (or could not be read); nothing was saved. ``errors`` are line-numbered."""

    def __init__(self, errors: Sequence[RowError]):
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)  # only with skip_bad

    @property
    def saved(self) -> int:
        return self.created + self.updated


@dataclass
class ExportResult:
    path: Path
    rows: int


# ------------------------------------------------------------------------------------------ reading
def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFailed([RowError(line, _("filen är inte UTF-8-kodad (spara den som CSV UTF-8)"))]) from None


def _normalise_header(name: str) -> str:
    key = name.strip().strip("\ufeff").lower().replace(" ", "_")
    key = _ALIASES.get(key, key)
    return key.replace("ö", "o").replace("ä", "a").replace("å", "a")


def read_rows(data: bytes | str, required: Sequence[str]) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Parse CSV text → (header keys, [(line number, row dict)]). Blank lines are skipped."""
    text = _decode(data) if isinstance(data, bytes) else data.lstrip("\ufeff")
    if not text.strip():
        raise ImportFailed([RowError(1, problem_text(Problem("", "csv_empty")))])
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [_normalise_header(h) for h in next(reader)]
    except csv.Error as exc:
        raise ImportFailed([RowError(1, str(exc))]) from None
    missing = [c for c in required if c not in header]
    if missing:
        raise ImportFailed([RowError(1, problem_text(Problem("", "csv_header", {"columns": ", ".join(missing)})))])
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) > len(header):
                extra = values[len(header) :]
                if any(v.strip() for v in extra):
                    rows.append(
                        (
                            line,
                            {
                                "__error__": _("för många kolumner ({n}, rubriken har {m})").format(
                                    n=len(values), m=len(header)
                                )
                            },
                        )
                    )
                    continue
            row = {h: (values[i].strip() if i < len(values) else "") for i, h in enumerate(header)}
            rows.append((line, row))
    except csv.Error as exc:
        raise ImportFailed([RowError(reader.line_num, str(exc))]) from None
    return header, rows


def _pnr_error(text: str, code: str) -> str:
    return _("ogiltigt personnummer {pnr} ({reason})").format(pnr=text, reason=_(_PNR_REASON.get(code, code)))


_FIELD_LABELS = {
    "first_name": "fornamn",
    "last_name": "efternamn",
    "payout_method": "utbetalning",
    "clearing": "clearingnummer",
    "account": "kontonummer",
    "tax_percent": "skattesats",
    "cap_decision_from": "frikort_fran",
    "cap_decision_to": "frikort_till",
    "consent_date": "samtycke",
}


def _problem_message(p: Problem, row: dict[str, str]) -> str:
    if p.code.startswith("pnr_") and p.code != "pnr_duplicate":
        return _pnr_error(row.get("personnummer", ""), p.code[4:])
    text = problem_text(p)
    label = _FIELD_LABELS.get(p.field)
    if label:
        value = row.get(label, "")
        return f"{label} {value!r}: {text}" if value else f"{label}: {text}"
    return text


def _load(source: Path | str | bytes) -> bytes | str:
    if (
        isinstance(source, (bytes, str))
        and not isinstance(source, Path)
        and (isinstance(source, bytes) or "\n" in source)
    ):
        return source
    path = Path(source)
    return path.read_bytes()


# -------------------------------------------------------------------------------- participant import
def _default_organisation(ctx: AppContext) -> int | None:
    """The association new participants join when none is named: a samordnare's only association, or the
    programme's only one. None otherwise (then every new participant is refused: never one without)."""
    if ctx.role == "samordnare":
        orgs = ctx.organisation_ids or frozenset()
        return next(iter(orgs)) if len(orgs) == 1 else None
    with ctx.db.read() as s:
        only = q.active_organisation_ids(s, limit=2)
    return only[0] if len(only) == 1 else None


def import_participants(
    ctx: AppContext, source: Path | str | bytes, *, skip_bad: bool = False, organisation_id: int | None = None
) -> ImportResult:
    """Import participants (create, or update by personnummer). All-or-nothing unless ``skip_bad``."""
    access.require(ctx, "import")
    access.require(ctx, "participants.write", organisation_id=organisation_id)
    _header, rows = read_rows(_load(source), ("personnummer", "fornamn", "efternamn"))
    today = ctx.now_date()
    if organisation_id is None:
        organisation_id = _default_organisation(ctx)
    errors: list[RowError] = []
    good: list[tuple[int, ParticipantInput, object]] = []
    seen: dict[str, int] = {}
    situations: dict[str, dict] = {}  # personnummer → a tax situation from "tabell 32" / "jämkning 12"
    for line, row in rows:
        if "__error__" in row:
            errors.append(RowError(line, row["__error__"]))
            continue
        payout = row.get("utbetalning", "") or "kontant"
        try:
            tax_percent, situation = tax_situation.parse_csv_tax(row.get("skattesats", ""), today)
            clean_sit = tax_situation.validate(situation) if situation is not None else None
        except ValidationFailed as exc:
            value = row.get("skattesats", "")
            errors.append(RowError(line, "; ".join(f"skattesats {value!r}: {problem_text(p)}" for p in exc.problems)))
            continue
        data = ParticipantInput(
            personnummer=row.get("personnummer", ""),
            first_name=row.get("fornamn", ""),
            last_name=row.get("efternamn", ""),
            address=row.get("adress", ""),
            postal_code=row.get("postnummer", ""),
            city=row.get("ort", ""),
            phone=row.get("telefon", ""),
            payout_method=payout,
            clearing=row.get("clearingnummer", ""),
            account=row.get("kontonummer", ""),
            tax_percent=tax_percent,
            organisation_id=organisation_id,
        )
        clean, problems = check_participant(data, today=today)
        if problems:
            errors.append(RowError(line, "; ".join(_problem_message(p, row) for p in problems)))
            continue
        if clean.personnummer in seen:
            errors.append(
                RowError(
                    line,
                    _("personnumret {pnr} finns redan på rad {other}").format(
                        pnr=row.get("personnummer", ""), other=seen[clean.personnummer]
                    ),
                )
            )
            continue
        seen[clean.personnummer] = line
        good.append((line, data, clean))
        if clean_sit is not None:
            situations[clean.personnummer] = clean_sit
    if errors and not skip_bad:
        raise ImportFailed(errors)
    result = ImportResult(skipped=len(errors), errors=errors)
    with ctx.db.unit_of_work() as s:
        keys = [c.personnummer for _l, _d, c in good]
        existing = q.participants_by_pnr(s, keys)
        # Another association's participant (invisible on PostgreSQL, refused here on SQLite) "finns inte" for
        # this user: the answer never tells whether the person is in the programme elsewhere.
        hidden = taken_elsewhere(s, [k for k in keys if k not in existing])
        late: list[RowError] = []
        todo = []
        for line, data, clean in good:
            p = existing.get(clean.personnummer)
            if clean.personnummer in hidden or (
                p is not None and not access.can(ctx, "participants.write", organisation_id=p.organisation_id)
            ):
                late.append(
                    RowError(line, _("deltagaren {pnr} finns inte i dina föreningar").format(pnr=data.personnummer))
                )
            elif p is None and organisation_id is None:
                # never a participant without an association (#15): every samordnare would see and edit them
                late.append(
                    RowError(
                        line,
                        _("ny deltagare {pnr}: ange föreningen (--organisation ORGNR)").format(pnr=data.personnummer),
                    )
                )
            else:
                todo.append((line, data, clean))
        if late and not skip_bad:
            raise ImportFailed(sorted([*errors, *late], key=lambda e: e.line))
        result.errors = sorted([*result.errors, *late], key=lambda e: e.line)
        result.skipped += len(late)
        for _line, data, clean in todo:
            p = existing.get(clean.personnummer)
            if p is None:
                result.created += 1
            else:
                data = ParticipantInput(
                    **{
                        **{f: getattr(data, f) for f in data.__slots__},
                        "organisation_id": p.organisation_id or organisation_id,
                        "caseworker_id": p.caseworker_id,
                        "cap_decision_from": p.cap_decision_from,
                        "cap_decision_to": p.cap_decision_to,
                        "consent_date": p.consent_date,
                    }
                )
                clean = check_participant(data, today=today)[0]
                result.updated += 1
            sit = situations.get(clean.personnummer)
            participant_id = q.write_imported_participant(
                s, p.id if p is not None else None, participant_values(data, clean), need_id=sit is not None
            )
            if sit is not None:
                q.save_tax_situation(s, participant_id, dict(sit), ctx.username)
        audit.record(
            s,
            "import",
            "participants",
            detail=_("CSV-import av deltagare: {c} nya, {u} uppdaterade, {k} hoppades över").format(
                c=result.created, u=result.updated, k=result.skipped
            ),
        )
    return result


# -------------------------------------------------------------------------------------- hours import
def import_hours(ctx: AppContext, source: Path | str | bytes, *, skip_bad: bool = False) -> ImportResult:
    """Import work entries. Worksite and task by name; the rules of the week grid apply to every row."""
    access.require(ctx, "import")
    access.require(ctx, "time.write")
    _header, rows = read_rows(_load(source), ("datum", "personnummer", "arbetsplats", "uppgift"))
    today = ctx.now_date()
    errors: list[RowError] = []
    planned: list[tuple[int, dict]] = []
    with ctx.db.unit_of_work() as s:
        worksites = q.worksites_by_name(s)
        tasks = q.tasks_by_name(s)
        rate_cache: dict[tuple[int, date], int | None] = {}
        lock_cache: dict[tuple[int, date], bool] = {}
        day_hours_db: dict[tuple[int, date], int] = {}
        day_hours_file: dict[tuple[int, date], int] = {}

        def rate_for(task_id: int, d: date) -> int | None:
            if (task_id, d) not in rate_cache:
                monday = d - timedelta(days=d.weekday())
                for day, value in rates_between(s, task_id, monday, monday + timedelta(days=7)).items():
                    rate_cache[(task_id, day)] = value
            return rate_cache[(task_id, d)]

        # Pre-load the people and their recorded hours for the file's dates (two queries, not one per row).
        wanted: set[str] = set()
        dates: list[date] = []
        for _line, row in rows:
            with contextlib.suppress(pnr_mod.PersonnummerError):
                wanted.add(pnr_mod.parse(row.get("personnummer", ""), today=today).canonical)
            with contextlib.suppress(ValueError):
                dates.append(date.fromisoformat(row.get("datum", "")))
        people = q.participants_by_pnr(s, sorted(wanted))
        if dates and people:
            ids = [p.id for p in people.values()]
            lo, hi = min(dates), max(dates) + timedelta(days=1)
            for i in range(0, len(ids), 500):
                day_hours_db.update(hours_per_day(s, ids[i : i + 500], lo, hi))
            preloaded = True
        else:
            preloaded = False

        for line, row in rows:
            if "__error__" in row:
                errors.append(RowError(line, row["__error__"]))
                continue
            msgs: list[str] = []
            try:
                d = date.fromisoformat(row.get("datum", ""))
            except ValueError:
                msgs.append(_("ogiltigt datum {value} (skriv ÅÅÅÅ-MM-DD)").format(value=row.get("datum", "")))
                d = None
            person = None
            pnr_text = row.get("personnummer", "")
            try:
                canonical = pnr_mod.parse(pnr_text, today=today).canonical
                person = people.get(canonical)
                if person is None:
                    msgs.append(_("deltagaren {pnr} finns inte").format(pnr=pnr_text))
            except pnr_mod.PersonnummerError as exc:
                msgs.append(_pnr_error(pnr_text, exc.code))
            ws_name = row.get("arbetsplats", "")
            matches = worksites.get(ws_name.strip().lower(), [])
            ws = task = None
            if not matches:
                msgs.append(_("arbetsplatsen {name} finns inte").format(name=ws_name))
            elif len(matches) > 1:
                msgs.append(_("arbetsplatsen {name} finns hos flera föreningar").format(name=ws_name))
            else:
                ws = matches[0]
                if not access.can(ctx, "time.write", organisation_id=ws.organisation_id):
                    msgs.append(_("du får inte rapportera tid för arbetsplatsen {name}").format(name=ws_name))
                task = tasks.get((ws.id, row.get("uppgift", "").strip().lower()))
                if task is None:
                    msgs.append(
                        _("uppgiften {task} finns inte på arbetsplatsen {name}").format(
                            task=row.get("uppgift", ""), name=ws_name
                        )
                    )
            qty = None
            hours_text, pieces_text = row.get("timmar", ""), row.get("antal", "")
            if task is not None:
                hourly = task.unit == "hour"
                text, wrong = (hours_text, pieces_text) if hourly else (pieces_text, hours_text)
                if not text:
                    if wrong:
                        msgs.append(
                            problem_text(
                                Problem("", "wrong_unit_pieces" if hourly else "wrong_unit_hours", {"task": task.name})
                            )
                        )
                    else:
                        msgs.append(problem_text(Problem("", "quantity_missing")))
                else:
                    try:
                        qty = parse_quantity(text)
                    except QuantityError:
                        msgs.append(_("ogiltigt tal {value}").format(value=text))
            if (
                not msgs
                and d is not None
                and person is not None
                and task is not None
                and ws is not None
                and qty is not None
            ):
                key = (person.id, d)
                other = 0
                if task.unit == "hour":
                    if key not in day_hours_db and not preloaded:
                        day_hours_db[key] = hours_per_day(s, [person.id], d, d + timedelta(days=1)).get(key, 0)
                    other = day_hours_db.get(key, 0) + day_hours_file.get(key, 0)
                lk = (ws.organisation_id, d)
                if lk not in lock_cache:
                    lock_cache[lk] = is_locked(s, ws.organisation_id, d)
                rate = rate_for(task.id, d)
                problems = check_cell(
                    CellCheck(
                        field="",
                        unit=task.unit,
                        quantity_hundredths=qty,
                        work_date=d,
                        rate_ore=rate,
                        locked=lock_cache[lk],
                        other_hours_hundredths=other,
                        participant_name=f"{person.first_name} {person.last_name}",
                        task_name=task.name,
                    ),
                    today=today,
                )
                if problems:
                    msgs += [problem_text(p) for p in problems]
                else:
                    if task.unit == "hour":
                        day_hours_file[key] = day_hours_file.get(key, 0) + qty
                    e = {
                        "participant_id": person.id,
                        "worksite_id": ws.id,
                        "task_id": task.id,
                        "work_date": d,
                        "rate_ore": rate,
                        "amount_ore": amount_ore(rate, qty),
                        "comment": row.get("kommentar", "")[:500],
                        "created_by": ctx.username,
                        ("hours_hundredths" if task.unit == "hour" else "quantity_hundredths"): qty,
                    }
                    planned.append((line, e))
            if msgs:
                errors.append(RowError(line, "; ".join(msgs)))
        if errors and not skip_bad:
            raise ImportFailed(errors)
        q.add_work_entries(s, [e for _l, e in planned])
        audit.record(
            s,
            "import",
            "work_entries",
            detail=_("CSV-import av tid: {n} rader, {k} hoppades över").format(n=len(planned), k=len(errors)),
        )
    return ImportResult(created=len(planned), skipped=len(errors), errors=errors)


# ------------------------------------------------------------------------------------------ exports
def _num(hundredths: int | None) -> str:
    if hundredths is None:
        return ""
    sign = "-" if hundredths < 0 else ""
    a = abs(hundredths)
    whole, frac = divmod(a, 100)
    return f"{sign}{whole}" if frac == 0 else f"{sign}{whole},{frac:02d}".rstrip("0")


def _kr(ore: int) -> str:
    sign = "-" if ore < 0 else ""
    a = abs(int(ore))
    return f"{sign}{a // 100},{a % 100:02d}"


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    from sysselsattning.services.exports import write_atomically

    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(header)
    n = 0
    for r in rows:
        w.writerow(r)
        n += 1
    write_atomically(Path(path), buf.getvalue().encode("utf-8"))
    return n


def _org_scope(ctx: AppContext) -> frozenset[int] | None:
    if ctx.role == "samordnare" and ctx.organisation_ids is not None:
        return frozenset(ctx.organisation_ids)
    return None


def export_participants(ctx: AppContext, out: Path | str) -> ExportResult:
    access.require(ctx, "export")
    with ctx.db.unit_of_work() as s:
        rows = [
            (
                pnr_mod.format_pnr(p.personnummer),
                p.first_name,
                p.last_name,
                p.address,
                p.postal_code,
                p.city,
                p.phone,
                "bank" if p.payout_method == "bank" else "kontant",
                p.clearing,
                p.account,
                percent_text(p.tax_percent_hundredths).replace(".", ",") if p.tax_mode == "percent" else "",
            )
            for p in q.participants_for_export(s, _org_scope(ctx))
        ]
        n = _write(Path(out), PARTICIPANT_COLUMNS, rows)
        audit.record(
            s,
            "export",
            "participants",
            detail=_("CSV-export av deltagare ({n} rader) till {file}").format(n=n, file=Path(out).name),
        )
    return ExportResult(Path(out), n)


def export_hours(ctx: AppContext, out: Path | str, *, year: int | None = None) -> ExportResult:
    access.require(ctx, "export")
    with ctx.db.unit_of_work() as s:

        def rows():
            for (
                _id,
                d,
                pnr,
                ws,
                task,
                unit,
                hours,
                qty,
                comment,
                org,
                rate,
                amount,
                corrects,
                label,
            ) in q.hours_for_export(s, year=year, organisations=_org_scope(ctx)):
                yield (
                    d.isoformat(),
                    pnr_mod.format_pnr(pnr),
                    ws,
                    task,
                    _num(hours) if unit == "hour" else "",
                    _num(qty) if unit != "hour" else "",
                    comment or "",
                    org,
                    _kr(rate),
                    _kr(amount),
                    corrects or "",
                    label or "",
                )

        n = _write(Path(out), HOURS_EXPORT_COLUMNS, rows())
        audit.record(
            s,
            "export",
            "work_entries",
            detail=_("CSV-export av tid ({n} rader) till {file}").format(n=n, file=Path(out).name),
        )
    return ExportResult(Path(out), n)


def export_payruns(ctx: AppContext, out: Path | str, *, year: int | None = None) -> ExportResult:
    access.require(ctx, "export")
    status = {"draft": "utkast", "approved": "godkänd", "paid": "utbetald"}
    with ctx.db.unit_of_work() as s:
        rows = [
            (
                r.label,
                r.organisation or "",
                status.get(r.status, r.status),
                r.period_start.isoformat(),
                (r.period_end - timedelta(days=1)).isoformat(),
                r.payment_date.isoformat(),
                r.participant_count,
                _kr(r.gross_ore),
                _kr(r.tax_ore),
                _kr(r.employer_fee_ore),
                _kr(r.net_ore),
            )
            for r in q.payruns_for_export(s, year=year)
        ]
        n = _write(Path(out), PAYRUN_COLUMNS, rows)
        audit.record(
            s,
            "export",
            "pay_runs",
            detail=_("CSV-export av lönekörningar ({n} rader) till {file}").format(n=n, file=Path(out).name),
        )
    return ExportResult(Path(out), n)
