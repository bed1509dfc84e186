"""Validation problems as values.

A domain check returns ``list[Problem]``; ``i18n.messages`` turns a problem's ``code`` and ``params``
into a Swedish (or English) sentence, and the UI shows it at the field named by ``field``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Problem:
    field: str
    code: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)  # (the attribute `field` shadows the name)
    message: str = ""
    """Optional ready Swedish text; when empty the i18n catalogue renders ``code``."""


class ValidationFailed(Exception):
    """Raised by services when input has problems; nothing was saved."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(p.message or p.code for p in self.problems))
