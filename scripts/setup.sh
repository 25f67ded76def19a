#!/usr/bin/env bash
# Sets PolicyKB up on a Debian/Ubuntu machine (Debian 12, Ubuntu 24.04, 统信UOS, 银河麒麟) that has only python3:
#  1. system packages, with sudo when not root: python3-venv (Debian ships venv/ensurepip apart from
#     python3), the libraries Qt's xcb platform plugin loads, Chinese fonts (else Chinese shows as boxes);
#  2. a project-local .venv: the system interpreter is "externally managed" (PEP 668), pip refuses it;
#  3. the project (editable) and its test tools into .venv, with pip's progress shown.
# Idempotent: when pyproject.toml is unchanged since the last install (its hash is stamped in .venv)
# and .venv imports, it only checks. PYTHON=/path/to/python3.11+ picks another interpreter;
# EXTRA_APT_PACKAGES="a b" adds system packages.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV=.venv
STAMP="$VENV/.policykb-installed"
# fonts (the tests draw PDFs with wqy-zenhei), Qt's X11 libraries, and what a caller adds (build_package.sh)
APT_PACKAGES=(fonts-noto-cjk fonts-wqy-zenhei $(grep -v '^#' packaging/qt_libraries.txt) ${EXTRA_APT_PACKAGES:-})

say() { echo "[setup] $*"; }
fail() { echo "[setup] 错误：$*" >&2; exit 1; }

command -v "$PYTHON" >/dev/null 2>&1 || fail "找不到 $PYTHON。请先安装 Python 3.11 或更新版本（sudo apt-get install python3）"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || fail "需要 Python 3.11 或更新版本，$PYTHON 是 $("$PYTHON" -c 'import platform; print(platform.python_version())')"

# ---- 1. system packages ----
missing=()
if command -v dpkg >/dev/null 2>&1; then
  for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
fi
# Debian/Ubuntu's python3 lacks ensurepip until python3-venv is installed, and then `-m venv` fails
"$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    fail "请先安装：${missing[*]}（或同等的系统软件包）"
  fi
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || fail "需要管理员权限安装：${missing[*]}。请让管理员运行 apt-get install ${missing[*]}"
    SUDO=(sudo)
  fi
  say "安装系统软件包：${missing[*]}"
  "${SUDO[@]}" apt-get update
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
else
  say "系统软件包齐全"
fi

# ---- 2. the project's own environment ----
if ! "$VENV/bin/python" -c '' >/dev/null 2>&1; then
  say "创建 $VENV（$("$PYTHON" -c 'import sys; print(sys.executable, sys.version.split()[0])')）"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
fi

# ---- 3. Python packages ----
wanted="$(cat pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$STAMP" 2>/dev/null)" = "$wanted" ] \
   && "$VENV/bin/python" -c 'import PySide6.QtWidgets, pytestqt, kb.cli' >/dev/null 2>&1; then
  say "Python 软件包已安装（$VENV）"
else
  say "安装 Python 软件包到 $VENV（首次约需几分钟，需联网）"
  rm -f "$STAMP"
  "$VENV/bin/python" -m pip install --disable-pip-version-check -e ".[test]"
  echo "$wanted" > "$STAMP"
fi
say "就绪：./policykb 打开程序，./policykb --help 查看命令，$VENV/bin/python -m pytest 运行测试"
