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
    res = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)])
    if res.returncode != 0 and ("Could not find a version" in res.stderr or "NewConnectionError" in res.stderr):
        pytest.skip("the build backend (hatchling) cannot be downloaded here")
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
    # Alembic needs its migration scripts as files next to the package.
    assert "sysselsattning/storage/migrations/env.py" in names
    assert any(re.match(r"sysselsattning/storage/migrations/versions/0001_.*\.py$", n) for n in names)
    assert not any(n.startswith(("tests/", "installer/", "resources/")) for n in names)


def test_installed_wheel_finds_and_loads_rules(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    py = env_dir / "bin" / "python"
    site = Path(_run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    res = _run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--no-index", "-q", str(wheel)])
    assert res.returncode == 0, res.stderr
    # Third-party dependencies come from the test venv; a plain path line in a .pth does not run the
    # test venv's own .pth files, so the editable checkout is NOT importable there.
    (site / "_borrowed_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    probe = (
        "import json, datetime, sysselsattning\n"
        "from sysselsattning.paths import resource_path\n"
        "from sysselsattning.rules import default_parameters\n"
        "p = default_parameters()\n"
        "print(json.dumps({'pkg': sysselsattning.__file__, 'rules': str(resource_path('rules')),"
        " 'keys': len(list(p.keys())),"
        " 'skatt': str(p.get('skatt.sidoinkomst_procent', datetime.date(2026, 1, 1)))}))\n"
    )
    res = _run([str(py), "-c", probe], cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    info = json.loads(res.stdout)
    assert Path(info["pkg"]).is_relative_to(site), info
    assert Path(info["rules"]) == site / "sysselsattning" / "resources" / "rules"
    assert info["keys"] > 0
    assert info["skatt"] == "30"
    # The command line works from the installed wheel too.
    res = _run([str(env_dir / "bin" / "sysselsattning"), "--version"], cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == f"sysselsattning {sysselsattning.__version__}"


# ------------------------------------------------------------------------------------------ installer
def _pins() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in (ROOT / "installer" / "requirements-bundle.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].split(";", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"not pinned exactly: {line}"
            pins[_norm(name)] = version
    return pins


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_bundle_requirements_pin_every_dependency_at_the_dev_version() -> None:
    """The installer is built from exactly what the tests ran against (installer/requirements-bundle.txt)."""
    import tomllib
    from importlib import metadata

    pins = _pins()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for requirement in project["dependencies"]:
        name = _norm(re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0])
        assert name in pins, f"{name} (pyproject.toml) is missing from installer/requirements-bundle.txt"
    for name, version in pins.items():
        if name in {"pyinstaller", "pyinstaller-hooks-contrib", "altgraph", "pefile", "pywin32-ctypes"}:
            continue  # build tools, not in the test venv
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
        assert installed == version, f"{name}: bundle pins {version}, tests run with {installed}"
    assert not {"pytest", "hypothesis", "pytest-qt", "pypdf"} & set(pins), "test tools do not belong in the bundle"


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
            (ROOT / "resources" / "icons" / f"sysselsattning-{size}.png").read_bytes())
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
    res = _run(["bash", str(_fake_release(tmp_path, "1.0.0") / "install.sh")],
               env={"HOME": str(home), "PATH": "/usr/bin:/bin"})
    assert res.returncode == 0, res.stderr
    desktop = (home / ".local/share/applications/sysselsattning.desktop").read_text(encoding="utf-8")
    app = home / ".local/share/sysselsattning/app/sysselsattning"
    assert f'Exec="{app}"\n' in desktop
    assert f"TryExec={app}\n" in desktop
