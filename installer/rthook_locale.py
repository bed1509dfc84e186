"""PyInstaller run-time hook: a UTF-8 character locale when the session has none (Linux).

Started from a bare environment (``env -i``, some service managers, cron) LANG/LC_* are unset and Qt
prints a warning and switches to C.UTF-8 itself. Setting LC_CTYPE only (not LANG/LC_ALL) keeps the
user's language choices while giving Qt and Python the UTF-8 they need for å, ä, ö in file names.
"""

import os
import sys

if sys.platform.startswith("linux"):
    current = os.environ.get("LC_ALL") or os.environ.get("LC_CTYPE") or os.environ.get("LANG") or ""
    if current in ("", "C", "POSIX"):
        os.environ["LC_CTYPE"] = "C.UTF-8"
