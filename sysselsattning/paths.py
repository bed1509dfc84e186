"""Where things are: resources (checkout, installed wheel or PyInstaller bundle) and user data.

:func:`resource_path` is the only code that knows where ``resources/`` is.
"""

from __future__ import annotations

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


def data_dir() -> Path:
    """The user's data folder (database, backups, logs); ``SYSSELSATTNING_HOME`` overrides it."""
    override = os.environ.get("SYSSELSATTNING_HOME")
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return data_dir() / "sysselsattning.sqlite"


def backup_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path
