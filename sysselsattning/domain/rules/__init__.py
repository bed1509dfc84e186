"""Benefit rules: försörjningsstöd, bostadstillägg, sjukersättning, the cap policy and the year simulation.

Pure domain code (stdlib only). Parameters come in as a duck-typed parameter set (``get``/``entry``,
and ``with_value`` for the cap policy transform); see ``docs/rules.md``.
"""
