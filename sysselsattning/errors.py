"""Turning exceptions into Swedish messages and exit codes (2 = bad input, 1 = other failure)."""

from __future__ import annotations

from sysselsattning.i18n import _


def describe(exc: BaseException) -> tuple[int, str]:
    from sysselsattning.domain.problems import ValidationFailed
    from sysselsattning.rules.parameters import ParameterFileError, ParameterMissing

    if isinstance(exc, ValidationFailed):
        from sysselsattning.i18n.messages import problem_text

        return 2, "; ".join(problem_text(p) for p in exc.problems)
    from sysselsattning.domain.rules.scenario import ScenarioError

    if isinstance(exc, ScenarioError):
        return 2, _("Fel i scenariot, nyckel {key}: {message}").format(key=exc.key, message=exc.message)
    if isinstance(exc, ParameterFileError):
        return 2, _("Felaktig regelfil {file}, nyckel {key}: {message}").format(
            file=exc.file, key=exc.key, message=exc.message
        )
    if isinstance(exc, ParameterMissing):
        return 2, str(exc)
    if isinstance(exc, FileNotFoundError):
        return 2, _("Filen finns inte: {name}").format(name=exc.filename or exc)
    if isinstance(exc, PermissionError):
        return 1, _("Åtkomst nekad: {detail}").format(detail=exc)
    from sysselsattning.services.auth import AuthError, _auth_error

    if isinstance(exc, AuthError):
        return 1, exc.message
    login = _auth_error(exc) if exc.__class__.__name__ == "OperationalError" else None
    if login is not None:
        return 1, login.message
    from sqlalchemy.exc import DBAPIError, OperationalError

    diag = getattr(getattr(exc, "orig", None), "diag", None)
    state = getattr(diag, "sqlstate", None)
    if isinstance(exc, DBAPIError) and state in ("42501", "55000", "23514"):
        # the database's own refusal (#15: grants, row-level security, locked runs, approval checks):
        # its first line only, never the statement or its values
        primary = getattr(diag, "message_primary", None) or str(exc.orig).splitlines()[0]
        if state == "42501":
            return 1, _("Åtkomst nekad i databasen: {detail}").format(detail=primary)
        return 1, primary
    if isinstance(exc, OperationalError):
        text = str(exc.orig) if getattr(exc, "orig", None) else str(exc)
        if "readonly" in text or "read-only" in text:
            return 1, _("Databasen är skrivskyddad – inget sparades.")
        if "database is locked" in text or "database is busy" in text:
            return 1, _("Databasen är upptagen av en annan arbetsplats – försök igen om en stund. Inget sparades.")
        if "disk" in text and "full" in text:
            return 1, _("Disken är full – inget sparades.")
        return 1, _("Databasfel: {detail}").format(detail=text)
    from sysselsattning.storage.db import SchemaTooNew

    if isinstance(exc, SchemaTooNew):
        return 1, _(
            "Databasen är skapad av en nyare version av programmet (schema {rev}). Uppdatera programmet."
        ).format(rev=exc)
    return 1, _("Oväntat fel: {detail}").format(detail=exc)
