#!/usr/bin/env bash
# tests/deb-package.sh -- builds the Debian package of a Release build
# (cpack -G DEB), installs it with dpkg -i, checks that `fundsim --version`
# runs from /usr/bin, that an installed scenario runs, that `man fundsim`
# renders and that a program builds against the packaged library through
# pkg-config, then removes the package.  It changes the system (dpkg), so it
# is run by scripts/test-all.sh (CI, as root), not by ctest.
# Usage: bash tests/deb-package.sh BUILD_DIR
set -euo pipefail
BUILD=$(cd "${1:?usage: deb-package.sh BUILD_DIR}" && pwd)
cd "$(dirname "$0")/.."
TMP=$(mktemp -d "${TMPDIR:-/tmp}/fundsim_deb.XXXXXX")
trap 'rm -rf "$TMP"; dpkg -r fundsim >/dev/null 2>&1 || true' EXIT

(cd "$BUILD" && cpack -G DEB -B "$TMP/pkg" >"$TMP/cpack.log" 2>&1) || { cat "$TMP/cpack.log"; exit 1; }
DEB=$(ls "$TMP"/pkg/fundsim_*.deb)
echo "deb-package: built $(basename "$DEB") ($(du -k "$DEB" | cut -f1) KiB)"
dpkg-deb --info "$DEB" | sed -n 's/^ \(Depends\|Version\|Architecture\): /  \1: /p'
dpkg -i "$DEB" >/dev/null
/usr/bin/fundsim --version
/usr/bin/fundsim check /usr/share/fundsim/scenarios/*.yaml
/usr/bin/fundsim run /usr/share/fundsim/scenarios/wenshui-2023.yaml --reps 2 --years 2 \
    --out "$TMP/out" --quiet
test -s "$TMP/out/summary.csv"
MANWIDTH=80 man fundsim 2>/dev/null | grep -q "common random numbers"
cat >"$TMP/v.c" <<'C'
#include <stdio.h>
#include <fundsim.h>
int main(void) { printf("%s %s\n", FS_VERSION, fs_generator_name()); return 0; }
C
# shellcheck disable=SC2046
cc -std=c11 -Wall -Werror $(pkg-config --cflags fundsim) -o "$TMP/v" "$TMP/v.c" \
    $(pkg-config --libs fundsim)
"$TMP/v"
dpkg -r fundsim >/dev/null
test ! -e /usr/bin/fundsim
echo "deb-package: installed, ran and removed $(basename "$DEB")"
