"""Errors services raise besides :class:`~sysselsattning.domain.problems.ValidationFailed`."""

from __future__ import annotations

from typing import Any


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
