"""Before matching has ever run, each empty screen says what to do next.

The Discrepancies screen said "0 discrepancies" before any run (read as a clean month),
and the empty Reconcile, Invoices and Overview screens said nothing of how to begin. Now
each says which of fetching the invoices, importing a statement and running matching is
left; and after a run that found nothing, the Discrepancies screen says so in words. The
real window over the test services, driven by its own actions.

While a run is under way (the one a workspace starts as it opens, or one asked for), the
screens said "Matching has not run yet", as if a step were left to take: they now say
matching is running, and "not run yet" only when no run has landed and none runs.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.services import WorkspaceContents
from tests.ui import factories as f
from tests.ui.fakes import MemoryServices
from tests.ui.screens import reconcile_after_a_run

NOTHING_DONE = (
    "Matching has not run yet: fetch your invoices (Fetch invoices), import a bank "
    "statement (Import statement), then press Run matching."
)
FETCHED = (
    "Matching has not run yet: import a bank statement (Import statement), then press Run matching."
)
NO_INVOICES = (
    "No invoices yet: press Fetch invoices to bring in your providers' invoices "
    "(your providers are set up under Settings)."
)
READY = (
    "Matching has not run yet: press Run matching to pair your invoices with the "
    "statement's payments."
)


MATCHING = "Matching… the results will show here when it is done."


SCREENS = ("discrepancies", "reconcile", "overview", "invoices")


@dataclass
class _StoredServices(MemoryServices):
    """A workspace holding the invoices and the statement, and no run (a workspace keeps
    decisions, not runs): opening it starts matching them."""

    def open_workspace(self, path: Path, create: bool = False) -> WorkspaceContents:
        contents = super().open_workspace(path, create)
        lines = tuple(line for held in self.statements.values() for line in held)
        return replace(contents, lines=lines, reconciliation=None, statements=("bank.csv",))


@pytest.fixture
def services() -> MemoryServices:
    """The window's services (``conftest_window``), its workspace held as stored."""
    rec = f.reconciliation()
    return _StoredServices(
        invoices=rec.invoices, statements={"bank.csv": rec.lines}, reconciliation=rec
    )


def _texts(window: MainWindow, screen: str) -> list[str]:
    """The texts of the screen's labels in sight, the screen shown (the Overview works
    its figures out when shown)."""
    window.show_screen(screen)
    view = getattr(window, screen)
    return [label.text() for label in view.findChildren(QLabel) if label.isVisible()]


def _said(window: MainWindow, *sayings: str) -> dict[str, str]:
    """Which of ``sayings`` each screen says ("" for none)."""
    said = {}
    for screen in SCREENS:
        texts = _texts(window, screen)
        said[screen] = next((s for s in sayings if s in texts), "")
    return said


def _open_workspace(
    qtbot, window: MainWindow, services: MemoryServices, folder: Path
) -> threading.Event:
    """Open the workspace; its run (started as it opens) is under way, held back until
    the event returned is set."""
    services.reconcile_gate = threading.Event()
    with qtbot.waitSignal(window.workflows.workspace_opened):
        window.workflows.open_workspace(folder / "books.reconcile", create=True)
    qtbot.waitUntil(lambda: services.reconcile_calls == 1)
    return services.reconcile_gate


def test_while_the_run_a_workspace_starts_runs_each_screen_says_it_is_matching(
    qtbot, window: MainWindow, services: MemoryServices, tmp_path: Path
) -> None:
    held = _open_workspace(qtbot, window, services, tmp_path)
    assert _said(window, MATCHING, READY) == {**dict.fromkeys(SCREENS, MATCHING), "invoices": ""}
    assert f"6 of 6 invoices. {MATCHING}" in _texts(window, "invoices")
    with qtbot.waitSignal(window.session.reconciliation_changed, timeout=10_000):
        held.set()
    assert _said(window, MATCHING, READY) == dict.fromkeys(SCREENS, "")
    assert "4 discrepancies" in _texts(window, "discrepancies")


def test_a_run_cancelled_before_it_landed_leaves_matching_not_run(
    qtbot, window: MainWindow, services: MemoryServices, tmp_path: Path
) -> None:
    held = _open_workspace(qtbot, window, services, tmp_path)
    assert window.task_status.shown_task().name == "Matching"  # type: ignore[union-attr]
    window.task_status.cancel_button.click()
    assert _said(window, MATCHING, READY) == {**dict.fromkeys(SCREENS, READY), "invoices": ""}
    assert f"6 of 6 invoices. {READY}" in _texts(window, "invoices")
    held.set()  # the cancelled run's worker ends


def test_before_anything_each_screen_says_to_fetch_import_and_run(
    qtbot, window: MainWindow
) -> None:
    said = _said(window, NOTHING_DONE, NO_INVOICES)
    assert said == {
        "discrepancies": NOTHING_DONE,
        "reconcile": NOTHING_DONE,
        "overview": NOTHING_DONE,
        "invoices": NO_INVOICES,
    }
    assert "0 discrepancies" not in _texts(window, "discrepancies")


def test_each_step_taken_leaves_the_rest_then_the_run_clears_them(
    qtbot, window: MainWindow
) -> None:
    with qtbot.waitSignal(window.session.invoices_changed):
        window.fetch_action.trigger()
    counted = f"6 of 6 invoices. {FETCHED}"
    said = _said(window, FETCHED, counted)
    # Every invoice's Match says "Unmatched" until the run: the count says why.
    assert said == {**dict.fromkeys(SCREENS, FETCHED), "invoices": counted}
    window.session.add_lines(window.services.statements["bank.csv"], "bank.csv")  # type: ignore[attr-defined]
    assert _said(window, READY) == {
        **dict.fromkeys(SCREENS, READY),
        "invoices": "",  # said with the count
    }
    assert f"6 of 6 invoices. {READY}" in _texts(window, "invoices")
    with qtbot.waitSignal(window.session.reconciliation_changed):
        window.match_action.trigger()
    assert _said(window, NOTHING_DONE, FETCHED, READY) == dict.fromkeys(SCREENS, "")
    assert "4 discrepancies" in _texts(window, "discrepancies")
    assert "6 of 6 invoices" in _texts(window, "invoices")


def test_a_run_that_found_nothing_says_so_rather_than_a_bare_nought(
    qtbot, window: MainWindow
) -> None:
    services = window.services
    assert isinstance(services, MemoryServices)
    assert services.reconciliation is not None
    services.reconciliation = replace(services.reconciliation, discrepancies=())
    reconcile_after_a_run(qtbot, window)
    texts = _texts(window, "discrepancies")
    assert "No discrepancies: the last matching run found none." in texts
    assert "0 discrepancies" not in texts
