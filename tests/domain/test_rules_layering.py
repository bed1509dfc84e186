"""The rules engine is pure domain code: no Qt, no SQLAlchemy, nothing of ours outside the domain at import time."""

from __future__ import annotations

import ast
from pathlib import Path

import sysselsattning.domain.rules as pkg

ALLOWED_OURS = ("sysselsattning.domain",)
FORBIDDEN = ("PySide6", "sqlalchemy", "alembic", "reportlab", "babel")


def _top_level_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in tree.body:  # module level only; lazy imports inside functions pick the default parameter set
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_rules_modules_import_only_stdlib_and_domain():
    for path in Path(pkg.__file__).parent.glob("*.py"):
        for name in _top_level_imports(path):
            assert not name.startswith(FORBIDDEN), (path.name, name)
            if name.startswith("sysselsattning"):
                assert name.startswith(ALLOWED_OURS), (path.name, name)
