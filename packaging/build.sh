#!/usr/bin/env bash
# Build the desktop application bundle for the current platform (Linux or macOS; Windows
# uses build.ps1) from a clean virtual environment with every dependency pinned exactly.
#
#   packaging/build.sh            build packaging/dist/desktop-app/ (onedir) and, on Linux,
#                                 the AppDir (and an AppImage when appimagetool is on PATH)
#   packaging/build.sh --lock     regenerate packaging/constraints-release.txt first
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD="$ROOT/packaging/build"
DIST="$ROOT/packaging/dist"
PYTHON=${PYTHON:-python3}
PYINSTALLER_VERSION=6.22.3
CONSTRAINTS="$ROOT/packaging/constraints-release.txt"

started=$(date +%s)
rm -rf "$BUILD" "$DIST"
"$PYTHON" -m venv "$BUILD/venv"
# shellcheck disable=SC1091
source "$BUILD/venv/bin/activate"
python -m pip install --quiet --upgrade pip

if [ "${1:-}" = "--lock" ]; then
  python -m pip install --quiet "$ROOT"
  python -m pip freeze --exclude desktop-app > "$CONSTRAINTS"
  echo "build: wrote $CONSTRAINTS"
fi

python -m pip install --quiet --constraint "$CONSTRAINTS" "$ROOT" \
  "pyinstaller==$PYINSTALLER_VERSION" pillow
python - <<'PY'
import importlib.metadata as m
assert m.version("PySide6") == "6.11.2", "release builds use exactly the pinned PySide6"
PY

pyinstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$BUILD/work" "$ROOT/packaging/desktop-app.spec"

if [ "$(uname -s)" = "Linux" ]; then
  APPDIR="$DIST/AppDir"
  mkdir -p "$APPDIR/usr/lib" "$APPDIR/usr/share/applications" \
    "$APPDIR/usr/share/icons/hicolor/256x256/apps"
  cp -a "$DIST/desktop-app" "$APPDIR/usr/lib/desktop-app"
  cp "$ROOT/packaging/linux/AppRun" "$APPDIR/AppRun"
  cp "$ROOT/packaging/linux/desktop-app.desktop" "$APPDIR/desktop-app.desktop"
  cp "$ROOT/packaging/linux/desktop-app.desktop" "$APPDIR/usr/share/applications/"
  cp "$ROOT/resources/icons/app-256.png" "$APPDIR/desktop-app.png"
  cp "$ROOT/resources/icons/app-256.png" "$APPDIR/usr/share/icons/hicolor/256x256/apps/desktop-app.png"
  if command -v appimagetool >/dev/null 2>&1; then
    ARCH=$(uname -m) appimagetool "$APPDIR" "$DIST/ReconcileDesk-$(uname -m).AppImage"
  else
    echo "build: appimagetool not found; the AppDir is ready at $APPDIR (run appimagetool on it)"
  fi
fi

elapsed=$(( $(date +%s) - started ))
size=$(du -sh "$DIST/desktop-app" | cut -f1)
echo "build: bundle at $DIST/desktop-app ($size) in ${elapsed}s"
