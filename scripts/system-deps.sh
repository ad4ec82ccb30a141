#!/usr/bin/env bash
# Debian packages the printed reports and their tests need: a Chinese font (fonts-noto-cjk), Pango
# for WeasyPrint, poppler-utils (pdftotext, pdftoppm) and Chromium (the browser check of the HTML);
# and LibreOffice Calc with its Python bridge (python3-uno), the real office suite the spreadsheet
# round-trip tests save through (tests/office; without recommends: about 94 MB to download,
# 300 MB on disk, 20 s to install).
# Installs only what is missing; `make test` runs it on every machine, CI included.
set -euo pipefail

packages=(fonts-noto-cjk fontconfig libpango-1.0-0 libpangoft2-1.0-0 poppler-utils chromium
  libreoffice-calc python3-uno)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "system-deps: installing ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then sudo=(); elif command -v sudo >/dev/null; then sudo=(sudo -n); else
  echo "system-deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 1
fi
export DEBIAN_FRONTEND=noninteractive
install() { "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
install || { "${sudo[@]}" apt-get update -q >/dev/null && install; }
