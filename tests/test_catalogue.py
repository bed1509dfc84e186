"""The English catalogue covers every string the program can show, with the same placeholders.

Message ids are Swedish; ``resources/locale/en/LC_MESSAGES/messages.po`` holds the English. The strings are found the
way ``tools/update_translations.sh`` finds them (pybabel with ``_``, ``ngettext`` and the ``N_`` marker), and the
source is also read with ``ast`` for what the extractor cannot see: label tables handed to ``_()`` indirectly, and
``_()`` calls that run at import time (they would freeze the language before the user's choice is known).
"""

from __future__ import annotations

import ast
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

from sysselsattning.rules import default_parameters

PARAMS = default_parameters()

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "sysselsattning"
EN_PO = ROOT / "resources/locale/en/LC_MESSAGES/messages.po"
SV_PO = ROOT / "resources/locale/sv/LC_MESSAGES/messages.po"
TRANSLATORS = ("_", "ngettext")


def _read(path: Path):
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        return read_po(fh, locale=path.parts[-3], abort_invalid=True)


@pytest.fixture(scope="module")
def english():
    return _read(EN_PO)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> list:
    """Message ids as pybabel extracts them from the whole package (str, or (singular, plural) for ngettext)."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_",
            "-k",
            "ngettext:1,2",
            "-k",
            "N_",
            "--no-location",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    from babel.messages.pofile import read_po

    with pot.open("rb") as fh:
        ids = [m.id for m in read_po(fh) if m.id]
    assert len(ids) > 900  # the whole program, not only the shell
    # pybabel does not look inside f-strings: f"{_('Månad'):<15}" (tools/update_translations.sh adds these too)
    for _path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                ids += [
                    c.args[0].value
                    for c in ast.walk(node)
                    if _is_call(c, ("_", "N_"))
                    and c.args
                    and isinstance(c.args[0], ast.Constant)
                    and c.args[0].value not in ids
                ]
    return ids


def _fields(text: str) -> set[str]:
    """``{name}``/``{s:.1f}`` replacement fields as written (name plus format spec)."""
    out = set()
    for _literal, field, spec, conversion in string.Formatter().parse(text):
        if field is not None:
            out.add(f"{field}!{conversion or ''}:{spec or ''}")
    return out


def _translated(catalog, msgid) -> str | tuple | None:
    message = catalog.get(msgid)
    if message is None or "fuzzy" in message.flags:
        return None
    text = message.string
    if isinstance(text, (tuple, list)):
        return tuple(text) if text and all(text) else None
    return text or None


def test_the_catalogues_parse_and_pass_babels_checks(english):
    assert english.locale.language == "en"
    problems = [(m.id, [str(e) for e in errors]) for m, errors in english.check() if errors]
    assert not problems, problems[:20]
    assert not english.obsolete, "obsolete #~ entries: run tools/update_translations.sh"
    swedish = _read(SV_PO)
    assert all(m.string == m.id for m in swedish if m.id and isinstance(m.id, str))


def test_every_extracted_string_has_an_english_translation(extracted, english):
    missing = [msgid for msgid in extracted if _translated(english, msgid) is None]
    assert not missing, f"{len(missing)} without English (tools/update_translations.sh, then translate): {missing[:30]}"


def test_placeholders_are_the_same_in_swedish_and_english(extracted, english):
    bad = []
    for msgid in extracted:
        text = _translated(english, msgid)
        if text is None:
            continue
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        texts = text if isinstance(text, tuple) else (text,)
        try:
            want = set().union(*(_fields(s) for s in ids))
            got = set().union(*(_fields(s) for s in texts))
        except ValueError as exc:  # an unbalanced brace in either text
            bad.append((msgid, str(exc)))
            continue
        if want != got:
            bad.append((msgid, sorted(want ^ got)))
        # leading/trailing spaces and line breaks are layout: " (åsidosatt)" is glued to a name
        for s, t in zip(ids, texts, strict=True):
            if (s[:1] == " ") != (t[:1] == " ") or (s[-1:] == " ") != (t[-1:] == " ") or s.count("\n") != t.count("\n"):
                bad.append((msgid, "spacing/line breaks differ"))
    assert not bad, bad


def test_english_differs_from_swedish_where_it_should(english):
    """Guards against a catalogue filled by copying the ids: most sentences must actually be English."""
    same = [
        m.id
        for m in english
        if m.id
        and isinstance(m.id, str)
        and m.string == m.id
        and len(re.sub(r"\{[^}]*\}|kr|öre", "", m.id).strip()) > 8
        and re.search(r"[åäöÅÄÖ]", m.id)
    ]
    assert not same, same


def test_every_problem_message_is_translated_and_formats_in_english(english):
    from sysselsattning.domain.problems import Problem
    from sysselsattning.i18n import set_language
    from sysselsattning.i18n.messages import MESSAGES, problem_text

    missing = [text for text in MESSAGES.values() if _translated(english, text) is None]
    assert not missing, f"wrap new MESSAGES values in N_() and run tools/update_translations.sh: {missing}"
    set_language("en")
    try:
        for code, template in MESSAGES.items():
            params = {name: "X" for _l, name, _s, _c in string.Formatter().parse(template) if name}
            text = problem_text(Problem("field", code, params))
            assert text == english.get(template).string.format(**params)
        assert (
            problem_text(Problem("pnr", "pnr_checksum", {})) == "Invalid personal ID number: the check digit is wrong."
        )
    finally:
        set_language("sv")
    assert problem_text(Problem("pnr", "pnr_checksum", {})) == "Ogiltigt personnummer: kontrollsiffran stämmer inte."


# ------------------------------------------------------------------------------------------ source checks
def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def _is_call(node: ast.AST, names: tuple[str, ...]) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names


def test_no_string_is_translated_at_import_time():
    """``_()`` in a module or class body runs before the language is chosen (GUI setting, ``--lang``)."""
    found = []

    def visit(node: ast.AST, in_function: bool, path: Path) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for default in [*node.args.defaults, *[d for d in node.args.kw_defaults if d is not None]]:
                visit(default, in_function, path)
            for child in node.body:
                visit(child, True, path)
            return
        if isinstance(node, ast.Lambda):
            return
        if not in_function and _is_call(node, TRANSLATORS):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
        for child in ast.iter_child_nodes(node):
            visit(child, in_function, path)

    for path, tree in _modules():
        visit(tree, False, path)
    assert not found, f"use N_() in the table and _() where it is shown: {found}"


def _table_strings(value: ast.AST) -> tuple[list[str], bool]:
    """Display strings of a literal table (dict values, sequence items, last item of pairs) and whether it uses N_."""
    marked = any(_is_call(n, ("N_",)) for n in ast.walk(value))
    items: list[ast.AST]
    if isinstance(value, ast.Dict):
        items = list(value.values)
    elif isinstance(value, (ast.Tuple, ast.List)):
        items = [e.elts[-1] if isinstance(e, (ast.Tuple, ast.List)) and e.elts else e for e in value.elts]
    else:
        items = [value]
    texts = [i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)]
    return texts, marked


def test_label_tables_handed_to_underscore_are_marked_and_translated(english):
    """``_(STATUS[s])``, ``_(name) for name in MONTHS``: the table's strings must reach the catalogue."""
    unmarked, untranslated = [], []
    for path, tree in _modules():
        tables: dict[str, ast.AST] = {}
        for node in ast.walk(tree):
            if isinstance(node, (ast.Module, ast.ClassDef)):
                for stmt in node.body:
                    if (
                        isinstance(stmt, ast.Assign)
                        and len(stmt.targets) == 1
                        and isinstance(stmt.targets[0], ast.Name)
                    ):
                        tables[stmt.targets[0].id] = stmt.value
                    elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value:
                        tables[stmt.target.id] = stmt.value
        loops: dict[str, list[ast.AST]] = {}
        for node in ast.walk(tree):
            if isinstance(node, (ast.For, ast.comprehension)):
                for target in ast.walk(node.target):
                    if isinstance(target, ast.Name):
                        loops.setdefault(target.id, []).append(node.iter)
        for node in ast.walk(tree):
            if not (_is_call(node, TRANSLATORS) and node.args):
                continue
            arg = node.args[0]
            if isinstance(arg, ast.Constant):
                continue
            names: set[str] = set()
            pending = [arg]
            while pending:
                expr = pending.pop()
                for sub in ast.walk(expr):
                    name = sub.id if isinstance(sub, ast.Name) else sub.attr if isinstance(sub, ast.Attribute) else None
                    if name and name not in names:
                        names.add(name)
                        pending.extend(loops.get(name, []))
            for name in sorted(names & tables.keys()):
                texts, marked = _table_strings(tables[name])
                where = f"{path.relative_to(ROOT)}:{node.lineno} {name}"
                if texts and not marked:
                    unmarked.append(where)
                untranslated += [(where, t) for t in texts if _translated(english, t) is None]
    assert not untranslated, untranslated
    # tables in files that were busy when the markers went in are listed in i18n/catalog.py _PENDING_MARKS
    pending: set[str] = set()
    assert not [u for u in unmarked if re.sub(r":\d+", "", u) not in pending], unmarked


# ------------------------------------------------------------------------------------------ in use
def test_cli_speaks_english_with_lang_en(tmp_path, capsys):
    from sysselsattning.cli import main
    from sysselsattning.i18n import set_language

    url = f"sqlite:///{tmp_path / 'lang.sqlite'}"
    try:
        assert main(["--lang", "en", "--db", url, "payroll", "run", "--period", "2026-03"]) == 2
        assert "The database does not exist:" in capsys.readouterr().err  # --db naming no file (design.md §5)
        assert main(["--db", url, "upgrade"]) == 0
        capsys.readouterr()
        assert main(["--lang", "en", "--db", url, "payroll", "run", "--period", "2026-13"]) == 2
        err = capsys.readouterr().err
        assert "Invalid period 2026-13: write YYYY-MM (e.g. 2026-03)." in err, err
    finally:
        set_language("sv")
    assert main(["--db", url, "payroll", "run", "--period", "2026-13"]) == 2
    assert "Ogiltig period 2026-13" in capsys.readouterr().err


def test_reports_and_labels_follow_the_language():
    from sysselsattning.i18n import format_money, set_language
    from sysselsattning.reports.income_report import CSV_HEADER
    from sysselsattning.ui.pages.settings import status_text

    set_language("en")
    try:
        from sysselsattning.i18n import _

        assert [_(h) for h in CSV_HEADER][:3] == ["Personal ID no.", "Name", "Income type"]
        assert status_text("unconfirmed") == "unconfirmed" and status_text("secondary") == "secondary source"
        assert _("maj") == "May" and _("Försörjningsstöd") == "Income support"
        assert "1,234.50" in format_money(123450)
    finally:
        set_language("sv")
    assert status_text("secondary") == "sekundär källa"


def test_every_engine_warning_has_swedish_and_english(english):
    """The engine (domain, no i18n) raises warning codes; i18n/warnings.py words each one, in both languages."""
    import string

    from sysselsattning.domain.rules.warnings import SPECS
    from sysselsattning.i18n.warnings import SHORT_TEXTS, WARNING_TEXTS

    assert set(WARNING_TEXTS) == set(SPECS), "a warning code without a sentence (or a sentence without a code)"
    assert set(SHORT_TEXTS) <= set(SPECS)
    for msgid in (*WARNING_TEXTS.values(), *SHORT_TEXTS.values()):
        assert msgid.strip(), msgid
        en = _translated(english, msgid)
        assert en and en != msgid, f"no English for {msgid!r}"
        fields = {f for _t, f, _s, _c in string.Formatter().parse(msgid) if f}
        assert fields == {f for _t, f, _s, _c in string.Formatter().parse(en) if f}, msgid


def test_simulator_shows_the_engines_warnings_in_english(english):
    """Every warning the bundled scenarios raise reads in English on the page (short form) and in the letter."""
    import json

    from sysselsattning.domain.rules.scenario import parse_scenario
    from sysselsattning.domain.rules.simulation import simulate
    from sysselsattning.i18n import set_language
    from sysselsattning.i18n.warnings import warning_text, warning_text_sv
    from sysselsattning.ui.pages.simulation import short_warning

    raised = set()
    for path in sorted((ROOT / "resources/scenarios").glob("*.json")):
        raised |= set(simulate(parse_scenario(json.loads(path.read_text(encoding="utf-8")), PARAMS), PARAMS).warnings)
    assert raised
    swedish = {w: (short_warning(w), warning_text(w)) for w in raised}
    set_language("en")
    try:
        for w in raised:
            assert short_warning(w) != swedish[w][0] and warning_text(w) != swedish[w][1], w.code
            assert warning_text_sv(w) == swedish[w][1]  # the §7 JSON stays Swedish
    finally:
        set_language("sv")


def test_english_money_reads_well_and_edit_fields_parse_back():
    """``SEK 1,234.50`` on screen and paper; without the unit plain ``1234.50``, which money fields parse back."""
    from sysselsattning.domain.money import parse_kronor
    from sysselsattning.i18n import format_money, set_language

    set_language("en")
    try:
        assert format_money(123450) == "SEK\xa01,234.50"
        assert format_money(-5) == "-SEK\xa00.05"
        assert format_money(1_000_000, decimals=False) == "SEK\xa010,000"
        for ore in (0, 5, 123450, -99, 100_000_000):
            assert parse_kronor(format_money(ore, unit=False)) == ore
    finally:
        set_language("sv")
    assert format_money(123450) == "1\xa0234,50\xa0kr"
