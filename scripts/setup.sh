#!/usr/bin/env bash
# Installs everything PolicyKB needs on a fresh Debian/Ubuntu machine:
# the system libraries Qt's xcb/offscreen plugins load, a Chinese font (or Chinese shows as boxes),
# poppler-utils (pdftoppm, for looking at PDFs), then the Python packages from pyproject.toml.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  fonts-noto-cjk fonts-wqy-zenhei
  libegl1 libgl1 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-randr0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0
  xvfb
)
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  missing=()
  for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
else
  echo "No apt-get: install Qt's libxcb/EGL libraries and a CJK font (Noto Sans CJK SC) yourself." >&2
fi
python -m pip install -q -e ".[test]"
