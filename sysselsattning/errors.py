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
    try:
        from sqlalchemy.exc import OperationalError

        if isinstance(exc, OperationalError):
            text = str(exc.orig) if getattr(exc, "orig", None) else str(exc)
            if "readonly" in text or "read-only" in text:
                return 1, _("Databasen är skrivskyddad – inget sparades.")
            if "database is locked" in text or "database is busy" in text:
                return 1, _("Databasen är upptagen av en annan arbetsplats – försök igen om en stund. Inget sparades.")
            if "disk" in text and "full" in text:
                return 1, _("Disken är full – inget sparades.")
            return 1, _("Databasfel: {detail}").format(detail=text)
    except ImportError:  # pragma: no cover
        pass
    from sysselsattning.storage.db import SchemaTooNew

    if isinstance(exc, SchemaTooNew):
        return 1, _(
            "Databasen är skapad av en nyare version av programmet (schema {rev}). Uppdatera programmet."
        ).format(rev=exc)
    return 1, _("Oväntat fel: {detail}").format(detail=exc)
