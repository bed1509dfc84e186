"""Where things are: resources (checkout, installed wheel or PyInstaller bundle) and user data.

:func:`resource_path` is the only code that knows where ``resources/`` is.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

APP_NAME = "sysselsattning"
APP_AUTHOR = "SysselsattningForst"


def resource_root() -> Path:
    """The ``resources`` folder: in a PyInstaller bundle, beside the package, or in the checkout."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    here = Path(__file__).resolve().parent
    for candidate in (here / "resources", here.parent / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("Hittar inte programmets resurser (mappen resources)")


def resource_path(*parts: str) -> Path:
    return resource_root().joinpath(*parts)


def manual_path() -> Path:
    """The user manual ``handbok.md``: ``docs/`` in the bundle or beside the installed package, else the checkout's.

    The wheel carries ``docs/handbok.md`` as ``sysselsattning/docs/handbok.md`` (pyproject force-include) and
    the PyInstaller spec puts it at ``<bundle>/docs/handbok.md``.
    """
    bundle = getattr(sys, "_MEIPASS", None)
    here = Path(__file__).resolve().parent
    candidates = [here / "docs" / "handbok.md", here.parent / "docs" / "handbok.md"]
    if bundle:
        candidates.insert(0, Path(bundle) / "docs" / "handbok.md")
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("Hittar inte handboken (docs/handbok.md)")


#: Files the program writes (database, backups, PDFs, exports, screenshots) hold personal data: only the
#: operating-system account that runs the program may read them (files 0600, folders 0700).
PRIVATE_UMASK = 0o077


def private_files() -> None:
    """From now on every file and folder this process creates is private to the account (umask 077). Called
    at the start of the command line and the window. Windows: the user profile's ACLs apply instead."""
    os.umask(PRIVATE_UMASK)


def make_private(path: Path, *, folder: bool = False) -> None:
    """Tighten an existing file (0600) or folder (0700), e.g. a database created by an older version."""
    with contextlib.suppress(OSError):  # not ours (a shared folder the user picked) or not supported: leave it
        os.chmod(path, 0o700 if folder else 0o600)


def data_dir() -> Path:
    """The user's data folder (database, backups, logs); ``SYSSELSATTNING_HOME`` overrides it."""
    override = os.environ.get("SYSSELSATTNING_HOME")
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not override:
        make_private(path, folder=True)
    return path


def default_db_path() -> Path:
    return data_dir() / "sysselsattning.sqlite"


def backup_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    make_private(path, folder=True)
    return path
