"""``desktop-app reconcile --workspace`` and the period its invoices were fetched for: the
window offers it next, as it offers a period it fetched itself."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.domain import FetchPeriod
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.ui.fetch_period import offered_period
from desktop_app.workspace import Workspace
from desktop_app.workspace.recent import RecentWorkspaces
from tests.pipeline.conftest import World

pytestmark = pytest.mark.sandbox

HEADER = "Date,Description,Amount\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def reconcile(world: World, statement: Path, books: Path, out: Path, *period: str) -> None:
    code = main(
        ["reconcile", "--config", str(world.config), "--statement", str(statement),
         "--workspace", str(books), "--currency", "GBP", "--out", str(out), *period]
    )  # fmt: skip
    assert code == 0


def test_reconcile_keeps_the_period_it_fetched_and_the_window_offers_it_next(
    sandbox_env: World, tmp_path: Path
) -> None:
    """A scheduled run fetched from a fortnight before the statement (to take in invoices
    paid early in it): the window opening the workspace must know that period, and offer
    it at the next *Fetch invoices*, not the statement's dates alone."""
    books = tmp_path / "books.reconcile"
    feb = write(tmp_path / "feb.csv", HEADER + "2025-02-03,Rent,-800\n2025-02-20,Tea,-3\n")
    reconcile(
        sandbox_env, feb, books, tmp_path / "run.xlsx", "--from", "2025-01-15", "--to", "2025-02-28"
    )
    chosen = FetchPeriod(date(2025, 1, 15), date(2025, 2, 28))
    backend = WorkspaceBackend(RecentWorkspaces(tmp_path / "config"))
    try:
        contents = backend.open(books)
    finally:
        backend.close()
    assert contents.fetch_period == chosen
    offer = offered_period(contents.lines, contents.fetch_period, date(2025, 3, 10))
    assert offer.period() == chosen
    assert offer.source == "The period last fetched."
    with Workspace.open(books) as workspace:
        assert workspace.fetch_period() == chosen

    # Run again with the default period (the statement's dates): that is the one kept.
    reconcile(sandbox_env, feb, books, tmp_path / "again.xlsx")
    with Workspace.open(books) as workspace:
        assert workspace.fetch_period() == FetchPeriod(date(2025, 2, 3), date(2025, 2, 20))
