"""The program's log file, shared by the window and the command line: ``<data folder>/logs/sysselsattning.log``.

Tracebacks go here (never to the person's screen): the window's exception hook and start-up, background jobs
and the command line's last-resort handler write them with ``logging.getLogger("sysselsattning")``.
"""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger("sysselsattning")


def log_file() -> Path | None:
    """The log file, its folder created; None when the data folder cannot be made (read-only home, permissions)."""
    from sysselsattning.paths import data_dir

    try:
        folder = data_dir() / "logs"
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder / "sysselsattning.log"


def setup_logging() -> None:
    """Send the program's log (INFO and up) to :func:`log_file`; once per process, nothing when it cannot be opened."""
    if log.handlers:
        return
    path = log_file()
    if path is None:
        return
    try:
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
