"""What a use case needs: the database, the acting user and the parameter set in force."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sysselsattning.rules import ParameterSet, default_parameters
from sysselsattning.storage.db import Database, current_user, open_database


def system_clock() -> datetime:
    """The computer's clock as an aware UTC time: the one clock of the program (tests pass their own)."""
    return datetime.now(UTC)


@dataclass
class AppContext:
    db: Database
    username: str = field(default_factory=current_user.get)  # the OS account until someone logs in
    role: str = "administrator"
    user_id: int | None = None
    organisation_ids: frozenset[int] | None = None  # None = all (administrator)
    today: date | None = None  # fixed in tests
    clock: Callable[[], datetime] = field(default=system_clock, repr=False)  # aware UTC; fixed in tests
    _params: ParameterSet | None = field(default=None, repr=False)

    def now(self) -> datetime:
        """This moment as an aware UTC time, from the context's clock (every timestamp a use case writes)."""
        return self.clock()

    def now_date(self) -> date:
        """Today's date here (local time), or the fixed ``today`` of a test."""
        return self.today or self.now().astimezone().date()

    def params(self) -> ParameterSet:
        """Shipped parameters with the administrators' stored overrides applied (an override wins from its date)."""
        if self._params is None:
            from sysselsattning.storage.queries.overrides import overrides_in_order

            params = default_parameters()
            with self.db.engine.connect() as conn:
                rows = overrides_in_order(conn)
            for row in rows:
                params = params.with_value(
                    row.key,
                    row.valid_from,
                    _decode(row.value_json),
                    source=f"åsidosatt av {row.created_by} {row.created_at:%Y-%m-%d}: {row.reason}",
                )
            self._params = params
        return self._params

    def invalidate_params(self) -> None:
        self._params = None

    def act(self) -> None:
        """Make this context's user the one the audit log records."""
        current_user.set(self.username)


def _decode(text: str):
    """A stored override value → the same Python value the parameter files give (numbers in strings →
    Decimal, recursively in lists and tables)."""
    from sysselsattning.rules.parameters import _convert

    return _convert(json.loads(text), "parameter_overrides", "value_json")


def act_as(username: str) -> None:
    """Make ``username`` the user the audit log records from now on (``--user`` on the command line)."""
    current_user.set(username)


def open_context(url: str | None = None, *, username: str | None = None, migrate: bool = True) -> AppContext:
    """``migrate=False``: no connection yet (PostgreSQL before the login: logging in is connecting)."""
    db = open_database(url, migrate=migrate)
    ctx = AppContext(db=db, username=username or current_user.get())
    ctx.act()
    return ctx
