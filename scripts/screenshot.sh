#!/usr/bin/env bash
# Take resources/screenshots/main-window.png from the demo under a virtual X server.
# Without Xvfb, Qt's offscreen platform grabs the same window (with its fonts, no frame):
#   QT_QPA_PLATFORM=offscreen PYTHONPATH=. python scripts/screenshot.py
# Needs Xvfb and Qt's xcb libraries (Debian/Ubuntu):
#   apt-get install -y xvfb libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 \
#       libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxkbcommon-x11-0
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
OUT=${1:-resources/screenshots/main-window.png}
QT_QPA_PLATFORM=xcb PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" \
  xvfb-run -a -s "-screen 0 1600x1000x24" "$PYTHON" scripts/screenshot.py "$OUT"
echo "screenshot: $OUT"
