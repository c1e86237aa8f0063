#!/usr/bin/env bash
# scripts/setup-deps.sh -- install every build, test and notebook dependency
# of fundsim from Debian 12 packages.  Safe to run twice: apt-get skips what
# is already installed.  Must run as root (or via sudo).
set -euo pipefail

PKGS=(
  pkg-config build-essential cmake clang git ca-certificates
  libomp-14-dev libclang-rt-14-dev llvm-14
  libgsl-dev libyaml-dev libcmocka-dev libxlsxwriter-dev librandom123-dev
  libopenmpi-dev openmpi-bin libsqlite3-dev sqlite3
  man-db groff-base bsdextrautils bsdutils dpkg-dev
  python3 python3-pandas python3-matplotlib python3-openpyxl python3-jsonschema python3-fonttools
  python3-pil libreoffice-calc-nogui poppler-utils fonts-noto-cjk
  jupyter-nbconvert python3-nbconvert python3-ipykernel
  chromium fonts-noto-cjk poppler-utils
)

need=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ "${#need[@]}" -eq 0 ]; then
  echo "setup-deps: all ${#PKGS[@]} packages already installed"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup-deps: installing ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
