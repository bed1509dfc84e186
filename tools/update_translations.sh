#!/bin/sh
# Extract the Swedish message ids from the program and merge them into the catalogues.
#
#   tools/update_translations.sh          extract + update resources/locale/{en,sv}/LC_MESSAGES/messages.po
#   tools/update_translations.sh --check  only report untranslated/fuzzy English entries (exit 1 if any)
#
# Message ids are Swedish. Strings are found in _("…"), ngettext("…", "…", n) and N_("…") (a marker for tables of
# labels that are translated with _() where shown). New English entries come out empty (no fuzzy guesses): fill
# them in, then run `make test` (tests/test_catalogue.py fails on any empty entry or mismatched {placeholder}).
# The Swedish catalogue is an identity catalogue for tools; the program itself shows the ids as they are.
set -eu
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
POT=$(mktemp "${TMPDIR:-/tmp}/sysselsattning-XXXXXX.pot")
trap 'rm -f "$POT"' EXIT

"$PY" -m babel.messages.frontend -q extract -F babel.cfg -k _ -k ngettext:1,2 -k N_ --no-location --sort-output \
    --no-wrap --project=sysselsattning --copyright-holder="Sysselsättning först" -o "$POT" . >/dev/null

# pybabel does not look inside f-strings (f"{_('Månad'):<15}"): add those calls, found with ast, to the template.
"$PY" - "$POT" <<'EOF'
import ast
import pathlib
import sys

from babel.messages.pofile import read_po, write_po

with open(sys.argv[1], "rb") as fh:
    pot = read_po(fh)
for path in sorted(pathlib.Path("sysselsattning").rglob("*.py")):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if not isinstance(node, ast.JoinedStr):
            continue
        for call in ast.walk(node):
            if (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in ("_", "N_")
                    and call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str)):
                text = call.args[0].value
                if text and text not in pot:
                    pot.add(text, flags=("python-brace-format",) if "{" in text else ())
with open(sys.argv[1], "wb") as fh:
    write_po(fh, pot, width=0, omit_header=False, sort_output=True, no_location=True)
EOF

if [ "${1:-}" != "--check" ]; then
    for lang in en sv; do
        po=resources/locale/$lang/LC_MESSAGES/messages.po
        if [ -f "$po" ]; then
            "$PY" -m babel.messages.frontend -q update -i "$POT" -d resources/locale -l "$lang" --no-fuzzy-matching \
                --ignore-obsolete --no-wrap --ignore-pot-creation-date >/dev/null
        else
            "$PY" -m babel.messages.frontend -q init -i "$POT" -d resources/locale -l "$lang" --no-wrap >/dev/null
        fi
    done
    # Swedish: the id is the text.
    "$PY" - <<'EOF'
from babel.messages.pofile import read_po, write_po

path = "resources/locale/sv/LC_MESSAGES/messages.po"
with open(path, "rb") as fh:
    cat = read_po(fh, locale="sv")
for msg in cat:
    if msg.id and not (msg.string if isinstance(msg.string, str) else all(msg.string)):
        msg.string = msg.id
    msg.flags.discard("fuzzy")
with open(path, "wb") as fh:
    write_po(fh, cat, width=0, omit_header=False, ignore_obsolete=True)
EOF
fi

"$PY" - "$POT" <<'EOF'
import sys
from babel.messages.pofile import read_po

with open(sys.argv[1], "rb") as fh:
    wanted = [m.id for m in read_po(fh) if m.id]
with open("resources/locale/en/LC_MESSAGES/messages.po", "rb") as fh:
    en = read_po(fh, locale="en")
todo = []
for msgid in wanted:
    msg = en.get(msgid)
    text = msg.string if msg is not None else ""
    if msg is None or "fuzzy" in msg.flags or not (text if isinstance(text, str) else all(text)):
        todo.append(msgid if isinstance(msgid, str) else msgid[0])
print(f"{len(wanted)} message ids, {len(todo)} without an English translation")
for msgid in todo:
    print("  " + msgid)
sys.exit(1 if todo else 0)
EOF
