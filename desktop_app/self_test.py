"""``desktop-app --demo --self-test``: start the real window, reconcile the demo, report, exit.

An installed or frozen application has no test suite beside it; this proves on the target
machine that Qt, its platform plugin, the sandbox, the importers, the matcher and the
window all work together. It prints one summary line and exits 0, or exits 1 when the demo
reconciled nothing or showed an error banner.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer

from desktop_app.app import run_demo, when_reconciled
from desktop_app.ui.main_window import MainWindow
from desktop_app.wording import counted

DEADLINE_S = 120  # a broken installation must fail, not hang the installer's check


def run_self_test() -> int:
    outcome: dict[str, int] = {}

    def then(window: MainWindow) -> None:
        def report() -> None:
            session = window.session
            outcome["matches"] = len(session.matches)
            outcome["banners"] = len(window.banners.banners())
            print(
                f"self-test: window shown; {counted(len(session.invoices), 'invoice')}, "
                f"{counted(len(session.lines), 'statement line')}, "
                f"{counted(len(session.matches), 'match', 'matches')}, "
                f"{counted(outcome['banners'], 'error banner')}",
                flush=True,
            )
            window.close()

        def give_up() -> None:
            if "matches" not in outcome:
                print(f"self-test: nothing reconciled within {DEADLINE_S} s", file=sys.stderr)
                window.close()

        when_reconciled(window, lambda _: QTimer.singleShot(0, report))
        QTimer.singleShot(DEADLINE_S * 1000, give_up)

    status = run_demo(then=then)
    if status != 0 or not outcome.get("matches") or outcome.get("banners", 1):
        print("self-test: FAILED", file=sys.stderr)
        return 1
    return 0
