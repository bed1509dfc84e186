"""Translations and formatting (no Qt).

Message ids are Swedish (the program's first language); ``resources/locale/<lang>/LC_MESSAGES/messages.po``
holds the catalogues, managed with Babel (``pybabel extract/update``, see README). English is the second
language. Use :func:`_` for every user-visible string and the ``format_*`` helpers for every number,
amount and date.
"""

from sysselsattning.i18n.catalog import _, current_language, ngettext, set_language
from sysselsattning.i18n.format import (
    format_date,
    format_decimal,
    format_hours,
    format_money,
    format_month,
    format_percent,
    format_quantity,
)

__all__ = [
    "_",
    "current_language",
    "format_date",
    "format_decimal",
    "format_hours",
    "format_money",
    "format_month",
    "format_percent",
    "format_quantity",
    "ngettext",
    "set_language",
]
