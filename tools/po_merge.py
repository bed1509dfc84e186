#!/usr/bin/env python3
"""git merge driver for gettext catalogues (`.gitattributes`: *.po merge=pomerge).

Union of the entries of both sides: ours wins on a differing non-empty translation, and a non-empty translation
beats an empty one. Exit 1 (git then leaves a conflict) when either side cannot be read. Enable once per clone:
    git config merge.pomerge.driver ".venv/bin/python tools/po_merge.py %O %A %B"
Without it git merges the catalogues as plain text."""

import sys

from babel.messages.pofile import read_po, write_po

base, ours, theirs = sys.argv[1:4]


def load(p):
    try:
        with open(p, "rb") as fh:
            return read_po(fh)
    except (OSError, ValueError):  # not a readable catalogue: leave the conflict to git
        return None


a, b = load(ours), load(theirs)
if a is None or b is None:
    sys.exit(1)
for msg in b:
    if not msg.id:
        continue
    mine = a.get(msg.id, msg.context)
    if mine is None:
        a[msg.id] = msg
    elif not (mine.string if isinstance(mine.string, str) else all(mine.string)) and msg.string:
        mine.string = msg.string
        mine.flags.discard("fuzzy")
with open(ours, "wb") as fh:
    write_po(fh, a, width=0, omit_header=False, sort_output=True, no_location=True, ignore_obsolete=True)
sys.exit(0)
