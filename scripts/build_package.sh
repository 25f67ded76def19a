#!/usr/bin/env bash
# Builds the package to hand out: dist/policykb_<version>_<arch>.deb, a self-contained app folder
# (PyInstaller onedir: its own Python, Qt and the sample corpus) installed to /opt/policykb, with the
# command /usr/bin/policykb, a menu entry 政策知识库 that opens PDFs and folders, and an icon.
# Then the smoke test (tests/test_deb_package.py) unpacks the .deb and runs the packaged program.
# Takes a few minutes; the build environment (build/package/venv, pinned by packaging/constraints.txt)
# is made once and reused.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=build/package
VENV="$BUILD/venv"
say() { echo "[package] $*"; }

# binutils: PyInstaller reads the libraries' ELF headers with objdump; libpythonX.Y: the shared
# Python library it bundles (the Debian/Ubuntu python3 package does not ship it)
extra=binutils
if [ "$(command -v python3)" = /usr/bin/python3 ]; then
  extra="$extra libpython$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
fi
EXTRA_APT_PACKAGES="$extra" bash scripts/setup.sh  # also .venv, which runs the smoke test

version="$(.venv/bin/python -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
arch="$(dpkg --print-architecture)"
deb="dist/policykb_${version}_${arch}.deb"

# ---- 1. the build environment: the app's dependencies at the pinned versions, and PyInstaller ----
mkdir -p "$BUILD"
"$VENV/bin/python" -c '' >/dev/null 2>&1 || { rm -rf "$VENV"; python3 -m venv "$VENV"; }
wanted="$(cat pyproject.toml packaging/constraints.txt | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$VENV/.installed" 2>/dev/null)" != "$wanted" ]; then
  say "安装构建环境 $VENV"
  .venv/bin/python -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))' \
    > "$BUILD/requirements.txt"
  "$VENV/bin/python" -m pip install --disable-pip-version-check -c packaging/constraints.txt \
    -r "$BUILD/requirements.txt" pyinstaller pyinstaller-hooks-contrib
  echo "$wanted" > "$VENV/.installed"
fi

# ---- 2. the app folder ----
say "PyInstaller：$BUILD/dist/policykb"
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath "$BUILD/dist" --workpath "$BUILD/work" packaging/policykb.spec

# ---- 3. the .deb ----
root="$BUILD/root"
rm -rf "$root"
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
  "$root/usr/share/icons/hicolor/scalable/apps" "$root/usr/share/icons/hicolor/256x256/apps"
cp -a "$BUILD/dist/policykb" "$root/opt/policykb"
ln -s ../../opt/policykb/policykb "$root/usr/bin/policykb"  # relative: also works in an unpacked tree
install -m 644 packaging/policykb.desktop "$root/usr/share/applications/policykb.desktop"
install -m 644 packaging/policykb.svg "$root/usr/share/icons/hicolor/scalable/apps/policykb.svg"
QT_QPA_PLATFORM=offscreen "$VENV/bin/python" - "$root/usr/share/icons/hicolor/256x256/apps/policykb.png" <<'EOF'
import sys
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

app = QGuiApplication([])
image = QImage(256, 256, QImage.Format.Format_ARGB32)
image.fill(Qt.GlobalColor.transparent)
painter = QPainter(image)
QSvgRenderer("packaging/policykb.svg").render(painter)
painter.end()
sys.exit(0 if image.save(sys.argv[1]) else 1)
EOF
# the newest glibc symbol version any bundled binary needs: the package's libc6 dependency
glibc="$(find "$root/opt" -type f \( -name '*.so*' -o -perm -u+x \) -exec objdump -T {} + 2>/dev/null \
  | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -Vu | tail -1)"
qt_libraries="$(grep -v '^#' packaging/qt_libraries.txt | paste -sd, | sed 's/,/, /g')"
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@GLIBC@/$glibc/" \
    -e "s/@SIZE_KB@/$(du -sk "$root" | cut -f1)/" -e "s/@QT_LIBRARIES@/$qt_libraries/" \
    packaging/control > "$root/DEBIAN/control"
mkdir -p dist
# xz, not zstd: the dpkg of Debian 10-based systems (统信UOS 20, 银河麒麟 V10) cannot read zstd
dpkg-deb -Zxz --root-owner-group --build "$root" "$deb"
say "$deb：$(du -h "$deb" | cut -f1)，安装后 $(du -sh "$root/opt/policykb" | cut -f1)，需要 glibc ≥ $glibc"

# ---- 4. smoke test: the packaged program, unpacked, imports its corpus, shows its window, searches ----
.venv/bin/python -m pytest -q -p no:cacheprovider tests/test_deb_package.py
