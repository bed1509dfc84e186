"""Dated parameters: "the value of X on date D", with its source and status.

Every yearly figure lives in a TOML file under ``resources/rules/`` (OpenFisca's idea, TOML because the
standard library reads it). A parameter is a table with a ``values`` array; its key is the file stem
plus the table path, e.g. ``skatt.sidoinkomst_procent`` for ``[sidoinkomst_procent]`` in ``skatt.toml``::

    [sidoinkomst_procent]
    description = "Skatteavdrag på sidoinkomst"
    unit = "procent"
    values = [
      { from = 2024-01-01, value = "30", status = "secondary", source = "S17a SLU; S17c" },
    ]

A value holds from its ``from`` date until the next value's ``from`` (or its own ``to``, inclusive).
``value`` may be a number written as a string (read as :class:`~decimal.Decimal`), an integer, a
boolean, or a table/array of those (brackets, age bands). ``status`` is one of ``confirmed``,
``secondary``, ``derived``, ``unconfirmed``; ``source`` is required. A malformed file raises
:class:`ParameterFileError` naming the file and the key, and start-up stops there.

Policies and administrator overrides are *transforms*: :meth:`ParameterSet.with_value` returns a new
set in which one key has a new value from a date on (OpenFisca's ``Reform.modify_parameters``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

STATUSES = ("confirmed", "secondary", "derived", "unconfirmed")


class ParameterError(Exception):
    """Base class of parameter problems."""


class ParameterFileError(ParameterError):
    """A rules file is malformed. ``file`` and ``key`` say where."""

    def __init__(self, file: str, key: str, message: str):
        self.file = file
        self.key = key
        self.message = message
        super().__init__(f"{file}: {key}: {message}")


class ParameterMissing(ParameterError, LookupError):
    """No value for ``key`` on ``on`` (e.g. a year without parameters)."""

    def __init__(self, key: str, on: date):
        self.key = key
        self.on = on
        super().__init__(f"Parametern {key} saknar värde för {on.isoformat()}")


@dataclass(frozen=True, slots=True)
class ParamValue:
    key: str
    value: Any
    valid_from: date
    valid_to: date | None  # inclusive; None = until the next value
    source: str
    status: str
    note: str = ""

    @property
    def is_estimate(self) -> bool:
        return self.status == "unconfirmed"


@dataclass(frozen=True, slots=True)
class Parameter:
    key: str
    description: str
    unit: str
    values: tuple[ParamValue, ...]  # sorted by valid_from

    def at(self, on: date) -> ParamValue:
        found: ParamValue | None = None
        for v in self.values:
            if v.valid_from <= on:
                found = v
            else:
                break
        if found is None or (found.valid_to is not None and on > found.valid_to):
            raise ParameterMissing(self.key, on)
        return found


def _convert(value: Any, file: str, key: str) -> Any:
    if isinstance(value, (bool, int)):
        return value
    if isinstance(value, float):
        raise ParameterFileError(file, key, 'decimaltal ska skrivas som text, t.ex. "0.3142" (aldrig flyttal)')
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            return value
    if isinstance(value, dict):
        return {k: _convert(v, file, f"{key}.{k}") for k, v in value.items()}
    if isinstance(value, list):
        return [_convert(v, file, f"{key}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, date):
        return value
    raise ParameterFileError(file, key, f"okänd värdetyp {type(value).__name__}")


def _parse_values(file: str, key: str, raw_values: Any) -> tuple[ParamValue, ...]:
    if not isinstance(raw_values, list) or not raw_values:
        raise ParameterFileError(file, key, "'values' måste vara en icke-tom lista")
    out: list[ParamValue] = []
    for i, raw in enumerate(raw_values):
        where = f"{key}.values[{i}]"
        if not isinstance(raw, dict):
            raise ParameterFileError(file, where, "varje värde måste vara en tabell")
        unknown = set(raw) - {"from", "to", "value", "source", "status", "note"}
        if unknown:
            raise ParameterFileError(file, where, f"okända nycklar: {', '.join(sorted(unknown))}")
        for req in ("from", "value", "source", "status"):
            if req not in raw:
                raise ParameterFileError(file, where, f"'{req}' saknas")
        frm, to = raw["from"], raw.get("to")
        if not isinstance(frm, date) or (to is not None and not isinstance(to, date)):
            raise ParameterFileError(file, where, "'from'/'to' måste vara datum (ÅÅÅÅ-MM-DD)")
        if to is not None and to < frm:
            raise ParameterFileError(file, where, "'to' ligger före 'from'")
        status = raw["status"]
        if status not in STATUSES:
            raise ParameterFileError(file, where, f"'status' måste vara en av {', '.join(STATUSES)}")
        if not isinstance(raw["source"], str) or not raw["source"].strip():
            raise ParameterFileError(file, where, "'source' måste anges")
        out.append(
            ParamValue(
                key=key,
                value=_convert(raw["value"], file, where),
                valid_from=frm,
                valid_to=to,
                source=raw["source"],
                status=status,
                note=str(raw.get("note", "")),
            )
        )
    out.sort(key=lambda v: v.valid_from)
    for a, b in pairwise(out):
        if a.valid_from == b.valid_from:
            raise ParameterFileError(file, key, f"två värden gäller från {a.valid_from.isoformat()}")
    return tuple(out)


def _walk(file: str, prefix: str, table: dict[str, Any], into: dict[str, Parameter]) -> None:
    for name, sub in table.items():
        key = f"{prefix}.{name}"
        if not isinstance(sub, dict):
            raise ParameterFileError(file, key, "väntade en tabell med 'values'")
        if "values" in sub:
            unknown = set(sub) - {"values", "description", "unit", "reference"}
            if unknown:
                raise ParameterFileError(file, key, f"okända nycklar: {', '.join(sorted(unknown))}")
            into[key] = Parameter(
                key=key,
                description=str(sub.get("description", "")),
                unit=str(sub.get("unit", "")),
                values=_parse_values(file, key, sub["values"]),
            )
        else:
            _walk(file, key, sub, into)


@dataclass(frozen=True)
class ParameterSet:
    """An immutable tree of dated parameters."""

    parameters: dict[str, Parameter] = field(default_factory=dict)
    label: str = "gällande regler"

    def keys(self) -> Iterable[str]:
        return self.parameters.keys()

    def __iter__(self) -> Iterator[str]:
        """The parameter keys, like a mapping's."""
        return iter(self.parameters)

    def has(self, key: str) -> bool:
        return key in self.parameters

    def parameter(self, key: str) -> Parameter:
        try:
            return self.parameters[key]
        except KeyError:
            raise ParameterMissing(key, date.min) from None

    def entry(self, key: str, on: date) -> ParamValue:
        return self.parameter(key).at(on)

    def get(self, key: str, on: date) -> Any:
        """The value of ``key`` in force on ``on``."""
        return self.entry(key, on).value

    def get_or(self, key: str, on: date, default: Any) -> Any:
        try:
            return self.get(key, on)
        except ParameterMissing:
            return default

    def with_value(
        self,
        key: str,
        valid_from: date,
        value: Any,
        *,
        source: str = "åsidosatt i programmet",
        status: str = "confirmed",
        valid_to: date | None = None,
        label: str | None = None,
    ) -> ParameterSet:
        """A new set where ``key`` has ``value`` from ``valid_from`` (earlier values kept)."""
        old = self.parameters.get(key)
        new_value = ParamValue(key, value, valid_from, valid_to, source, status)
        kept = [v for v in (old.values if old else ()) if v.valid_from < valid_from]
        # Values starting after the override stay only when the override is bounded.
        later = [
            v
            for v in (old.values if old else ())
            if v.valid_from > valid_from and valid_to is not None and v.valid_from > valid_to
        ]
        if kept and (kept[-1].valid_to is None or kept[-1].valid_to >= valid_from):
            last = kept[-1]
            kept[-1] = ParamValue(last.key, last.value, last.valid_from, None, last.source, last.status, last.note)
        values = tuple(sorted([*kept, new_value, *later], key=lambda v: v.valid_from))
        params = dict(self.parameters)
        params[key] = Parameter(key, old.description if old else "", old.unit if old else "", values)
        return ParameterSet(params, label or self.label)

    def years(self, key: str) -> set[int]:
        """Calendar years touched by a parameter's values (for "a year with no parameters")."""
        p = self.parameter(key)
        years: set[int] = set()
        for i, v in enumerate(p.values):
            end = v.valid_to or (
                p.values[i + 1].valid_from if i + 1 < len(p.values) else date(v.valid_from.year + 50, 1, 1)
            )
            years.update(range(v.valid_from.year, end.year + (1 if v.valid_to else 0)))
        return years


def load_directory(directory: Path) -> ParameterSet:
    """Load every ``*.toml`` below ``directory``; raise :class:`ParameterFileError` on the first bad file."""
    params: dict[str, Parameter] = {}
    files = sorted(directory.rglob("*.toml"))
    for path in files:
        rel = path.relative_to(directory)
        name = str(rel)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ParameterFileError(name, "(fil)", f"ogiltig TOML: {exc}") from None
        prefix = ".".join(rel.with_suffix("").parts)
        found: dict[str, Parameter] = {}
        _walk(name, prefix, data, found)
        for key in found:
            if key in params:
                raise ParameterFileError(name, key, "nyckeln finns redan i en annan fil")
        params.update(found)
    return ParameterSet(params)


def load_parameters(directory: Path | None = None) -> ParameterSet:
    if directory is None:
        return default_parameters()
    return load_directory(directory)


@lru_cache(maxsize=1)
def default_parameters() -> ParameterSet:
    """The shipped rules, loaded once per process (through :func:`load_directory_cached`)."""
    from sysselsattning.paths import resource_path

    return load_directory_cached(resource_path("rules"))


def load_directory_cached(directory: Path) -> ParameterSet:
    """:func:`load_directory`, remembered between starts by the files' exact content.

    Parsing the TOML files is a tenth of the program's start (tomllib is pure Python). The parsed set is kept in
    the user's private data folder (0700, like the database) under the SHA-256 of every file's name and bytes,
    the Python version and the fields of the pickled classes: any edit to any file, or a release that changes
    those classes, reads the files again, and a broken file still stops the start with its name and key. A
    cache that cannot be read or written is ignored."""
    import hashlib
    import os
    import pickle
    import sys

    files = sorted(directory.rglob("*.toml"))
    h = hashlib.sha256(f"{sys.version}\n{_pickled_shape()}\n".encode())
    for path in files:
        h.update(str(path.relative_to(directory)).encode() + b"\0")
        h.update(path.read_bytes())
    cache = _cache_file(h.hexdigest())
    if cache is not None:
        try:
            loaded = pickle.loads(cache.read_bytes())  # our own file in the account's private folder
            if isinstance(loaded, ParameterSet):
                return loaded
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            pass
    params = load_directory(directory)
    if cache is not None:
        try:
            tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(pickle.dumps(params, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, cache)
            for old in cache.parent.glob("regler-*.pickle"):
                if old != cache:
                    old.unlink(missing_ok=True)
        except OSError:
            pass
    return params


def _pickled_shape() -> str:
    """The fields of the pickled classes: a release that changes them never reads an older cache."""
    import dataclasses

    return repr([(c.__name__, [f.name for f in dataclasses.fields(c)]) for c in (ParameterSet, Parameter, ParamValue)])


def _cache_file(digest: str) -> Path | None:
    from sysselsattning.paths import data_dir

    try:
        folder = data_dir() / "cache"
        folder.mkdir(exist_ok=True, mode=0o700)
    except OSError:
        return None
    return folder / f"regler-{digest[:32]}.pickle"
