"""Entry point of the PyInstaller bundle: the same command line as ``sysselsattning`` / ``python -m sysselsattning``.

No command opens the program window; ``--version``, ``gui --screenshot``, ``payroll …`` etc. work as in the CLI.
"""

from __future__ import annotations

import multiprocessing
import sys


def _main() -> int:
    # Worker processes (e.g. parallel PDF rendering) re-enter here in a frozen program.
    multiprocessing.freeze_support()
    # The windowed Windows executable has no console: sys.stdout/stderr are None there, and
    # argparse/print would fail on them. Send such output nowhere instead of crashing.
    import os

    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives as long as the process

    from sysselsattning.cli import main

    return main()


if __name__ == "__main__":
    raise SystemExit(_main())
