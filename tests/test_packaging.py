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
