"""Packaging: an installed wheel carries ``resources/`` and finds it through ``paths.resource_path``.

The wheel is built from the checkout (hatchling maps ``resources`` to ``sysselsattning/resources``),
installed with ``--no-deps`` into a throwaway venv that borrows the test venv's third-party packages
through a ``.pth`` line (so nothing is downloaded except the build backend), and run from a neutral
directory so that the checkout cannot be imported by accident.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

import sysselsattning

ROOT = Path(__file__).resolve().parents[1]


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, **kw)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    res = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)]
    )
    assert res.returncode == 0, res.stderr
    wheels = list(out.glob("sysselsattning-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


def test_wheel_contains_resources_and_version(wheel: Path) -> None:
    assert f"-{sysselsattning.__version__}-" in wheel.name  # version from __init__.py, the one place
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {p.relative_to(ROOT).as_posix() for p in (ROOT / "resources" / "rules").glob("*.toml")}
    assert shipped, "no rules files in the checkout?"
    for name in shipped:
        assert f"sysselsattning/{name}" in names
    assert "sysselsattning/resources/fonts/DejaVuSans.ttf" in names
    assert "sysselsattning/resources/icons/sysselsattning-256.png" in names
    assert "sysselsattning/resources/licenses/THIRD-PARTY.md" in names
    assert "sysselsattning/docs/handbok.md" in names  # Hjälp → Handbok (F1)
    # Alembic needs its migration scripts as files next to the package.
    assert "sysselsattning/storage/migrations/env.py" in names
    assert any(re.match(r"sysselsattning/storage/migrations/versions/0001_.*\.py$", n) for n in names)
    assert not any(n.startswith(("tests/", "installer/", "resources/")) for n in names)


def test_installed_wheel_finds_and_loads_rules(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    py = env_dir / "bin" / "python"
    site = Path(_run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    res = _run(
        [sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--no-index", "-q", str(wheel)]
    )
    assert res.returncode == 0, res.stderr
    # Third-party dependencies come from the test venv; a plain path line in a .pth does not run the
    # test venv's own .pth files, so the editable checkout is NOT importable there.
    (site / "_borrowed_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    probe = (
        "import json, datetime, sysselsattning\n"
        "from sysselsattning.paths import manual_path, resource_path\n"
        "from sysselsattning.rules import default_parameters\n"
        "p = default_parameters()\n"
        "print(json.dumps({'pkg': sysselsattning.__file__, 'rules': str(resource_path('rules')),"
        " 'keys': len(list(p.keys())), 'manual': str(manual_path()),"
        " 'skatt': str(p.get('skatt.sidoinkomst_procent', datetime.date(2026, 1, 1)))}))\n"
    )
    res = _run([str(py), "-c", probe], cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    info = json.loads(res.stdout)
    assert Path(info["pkg"]).is_relative_to(site), info
    assert Path(info["rules"]) == site / "sysselsattning" / "resources" / "rules"
    assert info["keys"] > 0
    assert Path(info["manual"]) == site / "sysselsattning" / "docs" / "handbok.md"
    assert info["skatt"] == "30"
    # The command line works from the installed wheel too.
    res = _run([str(env_dir / "bin" / "sysselsattning"), "--version"], cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == f"sysselsattning {sysselsattning.__version__}"


# ------------------------------------------------------------------------------------------ lock files
REQ = ROOT / "requirements"


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _lock(path: Path) -> dict[str, tuple[str, str]]:
    """name -> (version, marker) of a `uv pip compile` file; every entry pinned exactly and hashed."""
    pins: dict[str, tuple[str, str]] = {}
    text = path.read_text(encoding="utf-8")
    for entry in re.split(r"\n(?=[A-Za-z0-9])", text):
        head = entry.split("\\", 1)[0].split("#", 1)[0].strip()
        if not head:
            continue
        req, _, marker = head.partition(";")
        name, sep, version = req.strip().partition("==")
        assert sep and version.strip(), f"{path.name}: not pinned exactly: {head}"
        assert "--hash=sha256:" in entry, f"{path.name}: {name} has no hash"
        pins[_norm(name)] = (version.strip(), marker.strip())
    return pins


def _pyproject() -> dict:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _requirements(extras: tuple[str, ...]) -> list[str]:
    project = _pyproject()
    reqs = list(project["dependencies"])
    for extra in extras:
        reqs += project["optional-dependencies"][extra]
    return reqs


def test_lock_pins_every_pyproject_requirement_within_its_range() -> None:
    """requirements/lock.txt holds every dependency and extra of pyproject.toml at a version its range allows."""
    from packaging.requirements import Requirement

    lock = _lock(REQ / "lock.txt")
    for text in _requirements(("postgres", "xml", "test", "lock")):
        req = Requirement(text)
        name = _norm(req.name)
        assert name in lock, f"{req.name} (pyproject.toml) is not in requirements/lock.txt: run `make lock`"
        version, _ = lock[name]
        assert req.specifier.contains(version, prereleases=True), (
            f"{req.name}=={version} in the lock does not satisfy pyproject.toml's '{req.specifier}': run `make lock`"
        )


def test_runtime_and_build_lists_are_the_locks_versions() -> None:
    """The bundle installs the lock's run-time part (same versions) plus PyInstaller; no test tool in it."""
    from packaging.requirements import Requirement

    lock = _lock(REQ / "lock.txt")
    runtime = _lock(REQ / "runtime.txt")
    build = _lock(REQ / "build.txt")
    for name, (version, _) in runtime.items():
        assert name in lock and lock[name][0] == version, f"{name}: runtime.txt {version}, lock {lock.get(name)}"
    for text in _requirements(("postgres", "xml")):
        assert _norm(Requirement(text).name) in runtime, f"{text} is missing from requirements/runtime.txt"
    tools = {"pytest", "pytest-qt", "pytest-xdist", "hypothesis", "pypdf", "ruff", "mypy", "import-linter", "uv"}
    assert not tools & set(runtime), "test tools do not belong in the bundle"
    assert "pyinstaller" in build
    for name, (version, _) in build.items():
        if name in lock:
            assert lock[name][0] == version, f"{name}: build.txt {version}, lock {lock[name][0]}"
    # Every installer script installs from these files, hash-checked, and nothing else.
    linux = (ROOT / "installer" / "build-linux.sh").read_text(encoding="utf-8")
    windows = (ROOT / "installer" / "windows" / "build-windows.ps1").read_text(encoding="utf-8")
    assert "requirements/runtime.txt" in linux and "requirements/build.txt" in linux and "--require-hashes" in linux
    assert "requirements\\runtime.txt" in windows and "requirements\\build.txt" in windows
    assert "--require-hashes" in windows
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes -r $(LOCK)" in makefile and "LOCK := requirements/lock.txt" in makefile


def test_lock_reader_rejects_unpinned_and_unhashed_entries(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("babel>=2.14 \\\n    --hash=sha256:00\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="not pinned exactly"):
        _lock(bad)
    bad.write_text("babel==2.19.0\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="no hash"):
        _lock(bad)


def _fake_release(tmp_path: Path, version: str) -> Path:
    """An unpacked archive as build-linux.sh lays it out, with a stand-in for the frozen program."""
    rel = tmp_path / f"release-{version}"
    (rel / "sysselsattning").mkdir(parents=True)
    exe = rel / "sysselsattning" / "sysselsattning"
    exe.write_text(f"#!/bin/sh\necho 'sysselsattning {version}'\n")
    exe.chmod(0o755)
    (rel / "icons").mkdir()
    for size in (16, 24, 32, 48, 64, 128, 256):
        (rel / "icons" / f"sysselsattning-{size}.png").write_bytes(
            (ROOT / "resources" / "icons" / f"sysselsattning-{size}.png").read_bytes()
        )
    (rel / "install.sh").write_bytes((ROOT / "installer" / "linux" / "install.sh").read_bytes())
    (rel / "install.sh").chmod(0o755)
    (rel / "sysselsattning.desktop").write_bytes((ROOT / "installer" / "linux" / "sysselsattning.desktop").read_bytes())
    return rel


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux per-user installer")
def test_linux_install_upgrade_uninstall_keep_the_data(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin"}
    base = home / ".local" / "share" / "sysselsattning"

    res = _run(["bash", str(_fake_release(tmp_path, "1.0.0") / "install.sh")], env=env)
    assert res.returncode == 0, res.stderr
    assert "Installerat: sysselsattning 1.0.0" in res.stdout
    link = home / ".local" / "bin" / "sysselsattning"
    assert link.is_symlink() and link.resolve() == base / "app" / "sysselsattning"
    desktop = (home / ".local" / "share" / "applications" / "sysselsattning.desktop").read_text(encoding="utf-8")
    assert f"Exec={base}/app/sysselsattning\n" in desktop and "@EXEC@" not in desktop
    assert "Name=Sysselsättning först" in desktop
    assert (home / ".local/share/icons/hicolor/48x48/apps/sysselsattning.png").is_file()

    database = base / "sysselsattning.sqlite"  # where platformdirs puts it: beside app/, not inside
    database.write_bytes(b"the coordinator's data")
    (base / "backups").mkdir()

    res = _run(["bash", str(_fake_release(tmp_path, "1.1.0") / "install.sh")], env=env)
    assert res.returncode == 0, res.stderr
    assert _run([str(link)], env=env).stdout.strip() == "sysselsattning 1.1.0"
    assert database.read_bytes() == b"the coordinator's data"
    assert not (base / "app.old").exists() and not (base / "app.new").exists()

    res = _run(["bash", str(base / "app" / "install.sh"), "--uninstall"], env=env)
    assert res.returncode == 0, res.stderr
    assert not link.exists() and not (base / "app").exists()
    assert not (home / ".local" / "share" / "applications" / "sysselsattning.desktop").exists()
    assert database.read_bytes() == b"the coordinator's data" and (base / "backups").is_dir()
    assert "finns kvar" in res.stdout

    lonely = tmp_path / "only-the-script"  # install.sh without the unpacked program next to it
    lonely.mkdir()
    (lonely / "install.sh").write_bytes((ROOT / "installer" / "linux" / "install.sh").read_bytes())
    res = _run(["bash", str(lonely / "install.sh")], env=env)
    assert res.returncode == 1 and "Packa upp hela arkivet" in res.stderr


def test_linux_installer_refuses_unknown_option(tmp_path: Path) -> None:
    rel = _fake_release(tmp_path, "1.0.0")
    res = _run(["bash", str(rel / "install.sh"), "--bogus"], env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert res.returncode == 2
    assert "Okänt val" in res.stderr


def test_spec_and_iss_read_the_one_version() -> None:
    spec = (ROOT / "installer" / "sysselsattning.spec").read_text(encoding="utf-8")
    iss = (ROOT / "installer" / "windows" / "sysselsattning.iss").read_text(encoding="utf-8")
    assert "__init__.py" in spec and "__version__" in spec
    assert "__init__.py" in iss and "PrivilegesRequired=lowest" in iss
    assert "DefaultDirName={localappdata}\\Programs\\" in iss
    assert not re.search(r"^AppVersion=\d", iss, re.M), "the .iss must not hard-code the version"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux per-user installer")
def test_linux_desktop_entry_quotes_a_home_with_spaces(tmp_path: Path) -> None:
    home = tmp_path / "Anna Svensson"
    home.mkdir()
    res = _run(
        ["bash", str(_fake_release(tmp_path, "1.0.0") / "install.sh")], env={"HOME": str(home), "PATH": "/usr/bin:/bin"}
    )
    assert res.returncode == 0, res.stderr
    desktop = (home / ".local/share/applications/sysselsattning.desktop").read_text(encoding="utf-8")
    app = home / ".local/share/sysselsattning/app/sysselsattning"
    assert f'Exec="{app}"\n' in desktop
    assert f"TryExec={app}\n" in desktop
