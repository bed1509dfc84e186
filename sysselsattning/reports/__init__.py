"""PDF documents (reportlab): pay slips, the cash payout list, letters. Input = plain dataclasses, output =
PDF bytes; no database and no Qt here, so the CLI, the screens and the tests share the same code."""
