"""The parsed rules are remembered between starts by the files' exact content (issue #17: start-up)."""

from __future__ import annotations

import shutil

import pytest

from sysselsattning.paths import resource_path
from sysselsattning.rules.parameters import ParameterFileError, load_directory, load_directory_cached


@pytest.fixture
def rules(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(resource_path("rules"), folder)
    return folder


def _cache_files(home):
    return sorted((home / "cache").glob("regler-*.pickle"))


def test_the_cached_set_equals_the_parsed_one_and_is_private(rules, tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("SYSSELSATTNING_HOME", str(home))
    first = load_directory_cached(rules)
    [cache] = _cache_files(home)
    assert cache.stat().st_mode & 0o777 == 0o600
    again = load_directory_cached(rules)
    assert again == first == load_directory(rules)


def test_an_edited_file_is_read_again(rules, tmp_path, monkeypatch):
    monkeypatch.setenv("SYSSELSATTNING_HOME", str(tmp_path / "home"))
    before = load_directory_cached(rules)
    path = next(p for p in sorted(rules.rglob("*.toml")) if 'description = "' in p.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('description = "', 'description = "Ändrad: ', 1), encoding="utf-8")
    after = load_directory_cached(rules)
    assert after != before and after == load_directory(rules)
    path.write_text("[trasig\n", encoding="utf-8")
    with pytest.raises(ParameterFileError):
        load_directory_cached(rules)  # a broken file still stops the start, cache or not
    assert len(_cache_files(tmp_path / "home")) == 1  # the old entry is replaced, not piled up


def test_a_damaged_cache_file_is_ignored(rules, tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("SYSSELSATTNING_HOME", str(home))
    load_directory_cached(rules)
    [cache] = _cache_files(home)
    cache.write_bytes(b"not a pickle")
    assert load_directory_cached(rules) == load_directory(rules)
