"""Errors services raise besides :class:`~sysselsattning.domain.problems.ValidationFailed`."""

from __future__ import annotations

from typing import Any

from sysselsattning.storage.db import DatabaseError, SchemaTooNew

# DatabaseError: any failure of the database itself (it cannot be reached, is locked, read-only or full, or the
# server's own rules refuse) — the name the UI and the command line catch it by, since they never import
# SQLAlchemy or storage. SchemaTooNew: the database was written by a newer version of the program.

__all__ = ["ConflictError", "DatabaseError", "NotFound", "SchemaTooNew", "StateError"]


class ConflictError(Exception):
    """Optimistic-lock conflict: someone saved a newer version. ``current`` holds the newer values."""

    def __init__(self, message: str, current: Any = None):
        self.message = message
        self.current = current
        super().__init__(message)


class NotFound(LookupError):
    pass


class StateError(Exception):
    """An action not allowed in the record's state (e.g. approving an approved run). Swedish message."""
