"""Take the README's screenshot of the main window from ``desktop-app --demo``.

Run under a virtual X server (see scripts/screenshot.sh): the demo starts as a user would
see it, fetches from the sandbox, imports the sample statements and matches; once the run
is in, the Reconcile screen is shown with the first suggestion selected, the window is
grabbed to a PNG and the application closes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer

from desktop_app.app import run_demo, when_reconciled
from desktop_app.ui.main_window import MainWindow

SETTLE_MS = 800  # let the chart animate in and the tables paint


def capture(target: Path) -> None:
    def then(window: MainWindow) -> None:
        window.resize(1500, 900)

        def shoot() -> None:
            window.show_screen("reconcile")
            view = window.reconcile
            view.state_combo.setCurrentIndex(0)  # what needs review, if anything does
            if not view.model.rowCount():
                view.state_combo.setCurrentIndex(view.state_combo.findText("All matches"))
            rows = range(view.model.rowCount())
            readable = [r for r in rows if len(view.model.item_at(r).invoices[0].label) < 20]
            if readable or view.model.rowCount():
                view.table.selectRow((readable or [0])[0])
            QTimer.singleShot(SETTLE_MS, lambda: save(window))

        when_reconciled(window, lambda _: QTimer.singleShot(SETTLE_MS, shoot))

    def save(window: MainWindow) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(target)):
            print(f"could not write {target}", file=sys.stderr)
        window.close()

    sys.exit(run_demo(then=then))


if __name__ == "__main__":
    capture(
        Path(sys.argv[1]) if len(sys.argv) > 1 else Path("resources/screenshots/main-window.png")
    )
