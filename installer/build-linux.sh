#!/usr/bin/env bash
# Build the Linux bundle of Sysselsättning först from a checkout (see docs/installer.md).
#
#   bash installer/build-linux.sh
#
# 1. a clean venv build/venv-bundle with the exact, hash-checked versions of requirements/runtime.txt (the
#    lock's run-time part) and requirements/build.txt (PyInstaller), both written by `make lock`
#    (re-created when that file or the Python version changes),
# 2. PyInstaller one-folder bundle dist/sysselsattning/ (executable dist/sysselsattning/sysselsattning,
#    the same commands as the `sysselsattning` CLI; no command opens the window),
# 3. dist/sysselsattning-<version>-linux-<arch>.tar.gz with the bundle, install.sh, the .desktop file
#    and the icons (a coordinator unpacks it and runs ./install.sh — no root needed).
#
# Environment: PYTHON (default python3, must be 3.11+), BUNDLE_POSTGRES=0 to leave out PostgreSQL support.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
py=${PYTHON:-python3}
venv=build/venv-bundle
req=requirements/runtime.txt
buildreq=requirements/build.txt
version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' sysselsattning/__init__.py)
arch=$(uname -m)
[ -n "$version" ] || { echo "build-linux: hittar inte __version__ i sysselsattning/__init__.py" >&2; exit 1; }

"$py" - <<'PYEOF' || { echo "build-linux: Python 3.11 eller senare behövs (PYTHON=...)" >&2; exit 1; }
import sys
raise SystemExit(0 if sys.version_info >= (3, 11) else 1)
PYEOF

# The xcb screen plugin links these; if the build machine lacks them the bundle cannot carry them and
# would then need them on every target machine (Debian/Ubuntu: libxcb-icccm4 libxcb-keysyms1).
for lib in libxcb-icccm.so.4 libxcb-keysyms.so.1 libxcb-cursor.so.0; do
  if ! /sbin/ldconfig -p 2>/dev/null | grep -q "$lib"; then
    echo "build-linux: VARNING: $lib saknas på byggdatorn; paketet fungerar då bara där den finns installerad." >&2
  fi
done

stamp="$venv/.bundle-stamp"
want="$(cat "$req" "$buildreq" | sha256sum | cut -d' ' -f1) $("$py" -c 'import sys; print(sys.version.split()[0])')"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "==> clean build venv $venv ($req)"
  rm -rf "$venv"
  "$py" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check --require-hashes -r "$req" -r "$buildreq"
  echo "$want" > "$stamp"
fi

echo "==> PyInstaller ($("$venv/bin/pyinstaller" --version)), version $version"
rm -rf dist/sysselsattning build/pyinstaller
t0=$(date +%s)
# Only the checkout's program is analysed; PYTHONPATH keeps any other installed copy out of the way.
PYTHONPATH="$root" "$venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller installer/sysselsattning.spec
echo "    built in $(( $(date +%s) - t0 )) s"

exe=dist/sysselsattning/sysselsattning
got=$(env -i HOME="${HOME:-/tmp}" "$exe" --version)
[ "$got" = "sysselsattning $version" ] || { echo "build-linux: '$exe --version' gav '$got'" >&2; exit 1; }

echo "==> archive"
name="sysselsattning-$version-linux-$arch"
stage="build/archive/$name"
rm -rf build/archive
mkdir -p "$stage/icons"
cp -a dist/sysselsattning "$stage/sysselsattning"
cp installer/linux/install.sh "$stage/install.sh"
cp installer/linux/sysselsattning.desktop "$stage/sysselsattning.desktop"
cp resources/icons/sysselsattning-*.png "$stage/icons/"
cp resources/licenses/THIRD-PARTY.md "$stage/THIRD-PARTY.md"
cat > "$stage/LASMIG.txt" <<EOF
Sysselsättning först $version

Installera (för dig själv, inga administratörsrättigheter behövs):
    ./install.sh
Starta sedan "Sysselsättning först" från programmenyn, eller kör: ~/.local/bin/sysselsattning

Uppdatera: packa upp den nya versionen och kör ./install.sh igen. Databasen finns kvar.
Avinstallera: ~/.local/share/sysselsattning/app/install.sh --uninstall (databasen finns kvar).
Databasen och säkerhetskopiorna ligger i ~/.local/share/sysselsattning.

Programmet behöver en Linux med grafisk miljö (X11 eller XWayland) och OpenGL-biblioteken
(libgl1/libegl1), som finns på vanliga skrivbordsinstallationer.
EOF
chmod +x "$stage/install.sh"
archive="dist/$name.tar.gz"
tar -C build/archive -czf "$archive" "$name"

bundle_mb=$(du -sm dist/sysselsattning | cut -f1)
files=$(find dist/sysselsattning -type f | wc -l)
archive_mb=$(( ($(stat -c %s "$archive") + 524287) / 1048576 ))
echo "==> done"
echo "    bundle:  dist/sysselsattning  ${bundle_mb} MB unpacked, $files files"
echo "    archive: $archive  ${archive_mb} MB"
if [ "$bundle_mb" -ge 200 ]; then
  echo "build-linux: VARNING: paketet är ${bundle_mb} MB (mål: under 200 MB)" >&2
fi
