#!/usr/bin/env bash
# CI check of the Linux installer: build it, install the archive into a throwaway home, and run the
# installed program in a bare environment (env -i: no venv on PATH, no PYTHONPATH, no locale) offscreen.
#
#   bash installer/ci-bundle-check.sh            build, then check
#   bash installer/ci-bundle-check.sh --no-build check the existing dist/ (after build-linux.sh)
#
# Checks: --version; the archive's install.sh (program, command link, menu entry, icons); a smoke
# command and a scenario simulation (rules found inside the bundle); `gui --screenshot` on a fresh
# database gives a real 1280×800 PNG; start-up time; uninstall keeps the database. Prints the sizes
# and timings. Limits (fail above): bundle 200 MB, best warm `gui --screenshot` 1.5 s (MAX_BUNDLE_MB,
# MAX_START_MS; on an overloaded machine the time limit only warns unless STRICT_TIMING=1); the median
# and CPU time are printed too.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
max_mb=${MAX_BUNDLE_MB:-200}
max_ms=${MAX_START_MS:-1500}

if [ "${1:-}" != "--no-build" ]; then
  bash installer/build-linux.sh
fi

version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' sysselsattning/__init__.py)
archive=$(ls dist/sysselsattning-"$version"-linux-*.tar.gz | head -1)
work=$(mktemp -d /tmp/sysselsattning-ci.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "ci-bundle-check: FEL: $*" >&2; exit 1; }

home="$work/home"
mkdir -p "$home"
# A bare environment: only what a desktop session would give, and no trace of the build venv.
run() {
  env -i HOME="$home" PATH=/usr/local/bin:/usr/bin:/bin QT_QPA_PLATFORM=offscreen "$@"
}

echo "==> install the archive into $home"
tar -C "$work" -xzf "$archive"
run bash "$work"/sysselsattning-"$version"-linux-*/install.sh
exe="$home/.local/bin/sysselsattning"
[ -x "$exe" ] || fail "install.sh made no $exe"
grep -q "^Exec=$home/.local/share/sysselsattning/app/sysselsattning$" "$home/.local/share/applications/sysselsattning.desktop" \
  || fail "the desktop entry does not point at the installed program"
[ -f "$home/.local/share/icons/hicolor/256x256/apps/sysselsattning.png" ] || fail "icon not installed"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$home/.local/share/applications/sysselsattning.desktop"
fi
# Nothing of the checkout or its venv may be needed: hide them from the program entirely.
case "$(readlink -f "$exe")" in "$root"/*) fail "the installed command points into the checkout";; esac

echo "==> --version"
got=$(run "$exe" --version)
[ "$got" = "sysselsattning $version" ] || fail "--version gave '$got'"
echo "    $got"

echo "==> smoke commands on a fresh database"
run "$exe" --help >/dev/null
run "$exe" audit --format json > "$work/audit.json" || fail "audit --format json failed"
cat > "$work/scenario.json" <<'EOF'
{
  "year": 2026,
  "income_month_offset": 0,
  "household": {
    "adults": [{"birth_date": "1985-04-12"}],
    "cohabiting": false,
    "children": [],
    "costs": {"housing": "5200.00", "electricity": "300.00", "home_insurance": "150.00", "other": "0.00"}
  },
  "other_income": {"sjukersattning_net": "0.00", "barnbidrag": "0.00", "other_net": "0.00"},
  "forsorjningsstod": {"applies": true, "consecutive_months_before_year": 0},
  "bostadstillagg": {"applies": false, "housing_cost": "6000.00", "other_reducing_income_year": "0.00"},
  "arvode": {"monthly_gross": ["0.00","0.00","2000.00","0.00","0.00","0.00","0.00","0.00","0.00","0.00","0.00","0.00"],
             "tax": {"mode": "percent", "percent": "30"}},
  "policy": {"cap": "20000.00", "basis": "gross", "shields": ["forsorjningsstod", "bostadstillagg"], "tax_free": false}
}
EOF
run "$exe" simulate "$work/scenario.json" --format json > "$work/sim.json" || fail "simulate failed (rules not found in the bundle?)"
grep -q '"months"' "$work/sim.json" || fail "simulate printed no months"
# A PDF exercises reportlab and the DejaVu fonts shipped in resources/fonts.
run "$exe" simulate "$work/scenario.json" --format pdf --out "$work/sim.pdf" || fail "simulate --format pdf failed"
[ "$(head -c 5 "$work/sim.pdf")" = "%PDF-" ] || fail "simulate --format pdf wrote no PDF"
grep -aq "DejaVuSans" "$work/sim.pdf" || fail "the PDF does not embed the bundled DejaVu font"
echo "    audit, simulate (json, pdf): ok"

echo "==> gui --screenshot (fresh database, then warm)"
# bash's own `time`: wall and CPU seconds, no external tool needed.
TIMEFORMAT='%R %U %S'
walls=(); cpus=()
for i in 1 2 3 4 5 6; do
  rm -f "$work/shot.png"
  { time run "$exe" gui --screenshot "$work/shot.png" 2>"$work/gui.err"; } 2>"$work/time.txt" \
    || { cat "$work/gui.err" >&2; fail "gui --screenshot failed"; }
  read -r real user sys < <(tail -1 "$work/time.txt")
  walls+=($(awk -v r="$real" 'BEGIN { printf "%d", r * 1000 }'))
  cpus+=($(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 }'))
done
[ -f "$home/.local/share/sysselsattning/sysselsattning.sqlite" ] || fail "no database in the user's data folder"
[ -s "$work/shot.png" ] || fail "no screenshot"
size=$(stat -c %s "$work/shot.png")
read -r w1 w2 w3 w4 h1 h2 h3 h4 < <(od -An -tu1 -j16 -N8 "$work/shot.png")
width=$(( (w1 << 24) | (w2 << 16) | (w3 << 8) | w4 ))
height=$(( (h1 << 24) | (h2 << 16) | (h3 << 8) | h4 ))
[ "$(head -c 8 "$work/shot.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || fail "screenshot is not a PNG"
[ "$width" -eq 1280 ] && [ "$height" -eq 800 ] || fail "screenshot is ${width}×${height}, not 1280×800"
[ "$size" -gt 15000 ] || fail "screenshot is only $size bytes (a blank window?)"
first=${walls[0]}
warm=$(printf '%s\n' "${walls[@]:1}" | sort -n | sed -n 3p)
best=$(printf '%s\n' "${walls[@]:1}" | sort -n | head -1)
cpu=$(printf '%s\n' "${cpus[@]:1}" | sort -n | sed -n 3p)
echo "    PNG ${width}×${height}, $size bytes"
echo "    first start (new database) ${first} ms; warm: median ${warm} ms, best ${best} ms, CPU median ${cpu} ms"
if command -v uptime >/dev/null; then uptime | sed 's/^ */    load: /'; fi

echo "==> upgrade in place keeps the data"
db="$home/.local/share/sysselsattning/sysselsattning.sqlite"
before=$(sha256sum "$db" | cut -d' ' -f1)
run bash "$work"/sysselsattning-"$version"-linux-*/install.sh >/dev/null
[ "$(sha256sum "$db" | cut -d' ' -f1)" = "$before" ] || fail "reinstalling changed the database"
[ ! -e "$home/.local/share/sysselsattning/app.old" ] || fail "old program copy left behind"
run "$exe" --version >/dev/null || fail "program broken after upgrade"

echo "==> uninstall keeps the data"
run "$home/.local/share/sysselsattning/app/install.sh" --uninstall
[ ! -e "$exe" ] || fail "command still there after uninstall"
[ -f "$home/.local/share/sysselsattning/sysselsattning.sqlite" ] || fail "uninstall removed the database"

bundle_mb=$(du -sm dist/sysselsattning | cut -f1)
archive_mb=$(( ($(stat -c %s "$archive") + 524287) / 1048576 ))
echo "==> summary"
echo "    bundle ${bundle_mb} MB unpacked ($(find dist/sysselsattning -type f | wc -l) files), archive ${archive_mb} MB"
echo "    start-up (gui --screenshot, wall): first ${first} ms, warm median ${warm} ms, best ${best} ms"
[ "$bundle_mb" -lt "$max_mb" ] || fail "bundle is ${bundle_mb} MB (limit ${max_mb} MB)"
# The best warm run measures the program rather than whatever else the machine is doing. On a machine
# that is busy with other jobs (1-minute load above the number of CPUs) wall time says little about the
# program: then the limit is reported, not enforced (STRICT_TIMING=1 enforces it anyway).
if [ "$best" -ge "$max_ms" ]; then
  load1=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)
  cpus=$(nproc 2>/dev/null || echo 1)
  if [ "${STRICT_TIMING:-0}" != "1" ] && awk -v l="$load1" -v c="$cpus" 'BEGIN { exit !(l > c) }'; then
    echo "ci-bundle-check: VARNING: start-up ${best} ms at best (limit ${max_ms} ms), but the load is $load1 on $cpus CPUs — not judged" >&2
  else
    fail "start-up ${best} ms at best (limit ${max_ms} ms)"
  fi
fi
echo "ci-bundle-check: OK"
