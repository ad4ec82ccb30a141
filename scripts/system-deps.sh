#!/usr/bin/env bash
# Debian packages electkit's printed reports and its tests need, installed when missing.
#
#   bash scripts/system-deps.sh reports   what `make demo` needs: a Chinese font (fonts-noto-cjk)
#                                         and Pango for WeasyPrint (PDF reports)
#   bash scripts/system-deps.sh           what `make test` needs: those, and poppler-utils
#                                         (pdftotext, pdftoppm), Chromium (the HTML checks),
#                                         LibreOffice Calc with its Python bridge (python3-uno),
#                                         the office suite the spreadsheet round trips save
#                                         through (tests/office; without recommends about 94 MB
#                                         to download, 300 MB on disk, 20 s to install), gcc
#                                         (the failing-disk shim) and util-linux (unshare, for
#                                         the full-disk tests); a test never skips for want of
#                                         one of these: it fails, naming the package
#
# Runs apt-get as root, or through `sudo -n` (never asks for a password). Without either it stops
# with exit 1 and says which packages an administrator should install. Prints nothing when all
# are there. SYSTEM_DEPS_DRY_RUN=1 only says what it would do (the tests use it).
set -euo pipefail

packages=(fonts-noto-cjk fontconfig libpango-1.0-0 libpangoft2-1.0-0)
case "${1:-all}" in
  reports) ;;
  all) packages+=(poppler-utils chromium libreoffice-calc python3-uno gcc libc6-dev util-linux) ;;
  *) echo "usage: bash scripts/system-deps.sh [reports]" >&2; exit 2 ;;
esac
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then sudo=(); elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "system-deps: these Debian packages are missing: ${missing[*]}" >&2
  echo "system-deps: installing them needs root; ask an administrator to run once:" >&2
  echo "  sudo apt-get install ${missing[*]}    (or: sudo bash scripts/system-deps.sh ${1:-})" >&2
  exit 1
fi
echo "system-deps: installing ${missing[*]}" >&2
if [ -n "${SYSTEM_DEPS_DRY_RUN:-}" ]; then
  echo "system-deps: would run: ${sudo[*]} apt-get install -y -q --no-install-recommends ${missing[*]}" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
install() { "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
install || { "${sudo[@]}" apt-get update -q >/dev/null && install; }
