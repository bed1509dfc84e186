#!/usr/bin/env bash
# Writes the project's lock files with `uv pip compile` (run through `make lock` / `make lock-upgrade`).
#
#   requirements/lock.txt     the whole project: run-time dependencies, the postgres and xml extras,
#                             the test and lint tools, uv itself. make run / make test / .ci/run install
#                             from this file only (pip --require-hashes).
#   requirements/runtime.txt  the lock's run-time part (dependencies + postgres + xml), the same versions,
#                             for the installer bundle.
#   requirements/build.txt    PyInstaller and its helpers for the bundle, constrained by the lock.
#
# Universal resolution (Linux, Windows, macOS markers in one file) so that the Windows build installs
# from the same files. Without --upgrade every pin already in the lock is kept and only what
# pyproject.toml's changes require is resolved anew; with --upgrade everything moves to the newest
# versions that pyproject.toml allows.
set -euo pipefail
cd "$(dirname "$0")/.."
uv=${UV:-.venv/bin/uv}
common=(--universal --python-version 3.11 --generate-hashes --quiet)
"$uv" pip compile pyproject.toml "${common[@]}" "$@" \
  --extra postgres --extra xml --extra test --extra lock \
  --custom-compile-command "make lock" -o requirements/lock.txt
"$uv" pip compile pyproject.toml "${common[@]}" \
  --extra postgres --extra xml -c requirements/lock.txt \
  --custom-compile-command "make lock" -o requirements/runtime.txt
"$uv" pip compile requirements/build.in "${common[@]}" "$@" -c requirements/lock.txt \
  --custom-compile-command "make lock" -o requirements/build.txt
echo "lock: requirements/lock.txt, runtime.txt, build.txt written"
