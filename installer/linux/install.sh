#!/usr/bin/env bash
# Sysselsättning först – installation för den egna användaren (inga administratörsrättigheter behövs).
#
#   ./install.sh              installera eller uppdatera
#   ./install.sh --uninstall  ta bort programmet (databasen och säkerhetskopiorna finns kvar)
#
# Programmet hamnar i ~/.local/share/sysselsattning/app, kommandot i ~/.local/bin/sysselsattning och
# programmet syns i skrivbordsmenyn. Databasen ligger i ~/.local/share/sysselsattning (utanför app/)
# och rörs aldrig av installation, uppdatering eller avinstallation.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
data_home=${XDG_DATA_HOME:-$HOME/.local/share}
base="$data_home/sysselsattning"
app="$base/app"
bin_dir="$HOME/.local/bin"
apps_dir="$data_home/applications"
icons_dir="$data_home/icons/hicolor"
sizes="16 24 32 48 64 128 256"

refresh_menus() {
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$apps_dir" 2>/dev/null || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$icons_dir" 2>/dev/null || true
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$app" "$base/app.new" "$base/app.old"
  rm -f "$apps_dir/sysselsattning.desktop"
  for s in $sizes; do rm -f "$icons_dir/${s}x${s}/apps/sysselsattning.png"; done
  if [ -L "$bin_dir/sysselsattning" ]; then rm -f "$bin_dir/sysselsattning"; fi
  refresh_menus
  echo "Sysselsättning först är avinstallerat."
  echo "Dina uppgifter finns kvar i $base (ta bort mappen själv om de inte behövs)."
  exit 0
elif [ -n "${1:-}" ]; then
  echo "Okänt val: $1 (använd inget val för att installera, eller --uninstall)" >&2
  exit 2
fi

if [ ! -x "$here/sysselsattning/sysselsattning" ]; then
  echo "Fel: hittar inte programmet ($here/sysselsattning/sysselsattning). Packa upp hela arkivet först." >&2
  exit 1
fi

mkdir -p "$base" "$bin_dir" "$apps_dir"
# Copy next to the old version first and swap at the end, so a failed copy leaves the old one working.
rm -rf "$base/app.new" "$base/app.old"
cp -a "$here/sysselsattning" "$base/app.new"
cp "$here/install.sh" "$base/app.new/install.sh"   # ~/.local/share/sysselsattning/app/install.sh --uninstall
if [ -d "$app" ]; then mv "$app" "$base/app.old"; fi
mv "$base/app.new" "$app"
rm -rf "$base/app.old"

ln -sfn "$app/sysselsattning" "$bin_dir/sysselsattning"
# Exec is parsed like a command line: a path with spaces is quoted, and \ " ` $ inside the quotes get a
# backslash, itself doubled because the file format unescapes \\ first (Desktop Entry spec, "Exec key").
# TryExec is a plain path.
exec_path="$app/sysselsattning"
case "$exec_path" in
  *[[:space:]\"\`\$]*) exec_value="\"$(printf '%s' "$exec_path" | sed 's/[\\"`$]/\\\\&/g')\"" ;;
  *) exec_value="$exec_path" ;;
esac
esc() { printf '%s' "$1" | sed 's/[\\|&]/\\&/g'; }
sed -e "s|@TRYEXEC@|$(esc "$exec_path")|g" -e "s|@EXEC@|$(esc "$exec_value")|g" \
  "$here/sysselsattning.desktop" > "$apps_dir/sysselsattning.desktop"
chmod 644 "$apps_dir/sysselsattning.desktop"
for s in $sizes; do
  mkdir -p "$icons_dir/${s}x${s}/apps"
  cp "$here/icons/sysselsattning-$s.png" "$icons_dir/${s}x${s}/apps/sysselsattning.png"
done
refresh_menus

version=$("$app/sysselsattning" --version 2>/dev/null || echo "sysselsattning ?")
echo "Installerat: $version"
echo "  program:  $app"
echo "  kommando: $bin_dir/sysselsattning"
echo "  meny:     Sysselsättning först ($apps_dir/sysselsattning.desktop)"
echo "  data:     $base (databasen; finns kvar vid uppdatering och avinstallation)"
case ":$PATH:" in
  *":$bin_dir:"*) ;;
  *) echo "Tips: lägg till $bin_dir i PATH för att kunna skriva 'sysselsattning' i terminalen." ;;
esac
