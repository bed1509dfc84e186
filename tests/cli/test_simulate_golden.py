"""``simulate --format json|text`` is a contract: byte for byte the same output for every bundled scenario.

``simulate_golden.json`` holds, per scenario in ``resources/scenarios``, the SHA-256 of the JSON and the text
output in Swedish and English, and (readable, so that a failure shows what moved) the warnings and ``estimate``
of the §7 JSON. It was made from main before the engine's warnings became codes (#13 item 4). A deliberate
change to the output (a rule, a scenario) regenerates it: ``.venv/bin/python -m tests.cli.test_simulate_golden``.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import pytest

from sysselsattning import cli
from sysselsattning.paths import resource_path

GOLDEN = Path(__file__).with_name("simulate_golden.json")
SCENARIOS = sorted(resource_path("scenarios").glob("*.json"))


def outputs(path: Path, workdir: Path) -> dict:
    """The scenario's JSON and text output in both languages, as digests, and its warnings and estimate."""
    from sysselsattning.i18n import set_language

    entry: dict = {}
    try:
        for lang in ("sv", "en"):
            for fmt in ("json", "text"):
                out = workdir / f"{path.stem}.{lang}.{fmt}"
                assert cli.main(["--lang", lang, "simulate", str(path), "--format", fmt, "--out", str(out)]) == 0
                data = out.read_bytes()
                entry[f"{fmt}.{lang}.sha256"] = hashlib.sha256(data).hexdigest()
                if fmt == "json" and lang == "sv":
                    parsed = json.loads(data)
                    entry["warnings"] = parsed["warnings"]
                    entry["estimate"] = parsed["estimate"]
    finally:
        set_language("sv")
        os.environ["SYSSELSATTNING_LANG"] = "sv"
    return entry


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_simulate_output_is_unchanged(path, tmp_path):
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert path.stem in golden, "a new bundled scenario: regenerate simulate_golden.json (see the docstring)"
    want = golden[path.stem]
    got = outputs(path, tmp_path)
    assert (got["warnings"], got["estimate"]) == (want["warnings"], want["estimate"])
    assert got == want


def test_golden_covers_every_bundled_scenario():
    assert sorted(json.loads(GOLDEN.read_text(encoding="utf-8"))) == [p.stem for p in SCENARIOS]


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        result = {p.stem: outputs(p, Path(tmp)) for p in SCENARIOS}
    GOLDEN.write_text(json.dumps(result, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN} ({len(result)} scenarios)")
