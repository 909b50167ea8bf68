"""A command-line run's change of the period under review, kept for the window to say.

``reconcile --workspace`` given --from/--to replaces the period the accountant chose in
the window, whose lists then show another period's invoices. The workspace keeps the
change (``Workspace.period_change``) from the period the window last showed until the
window opens it and forgets it; the window's own fetches keep none.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from desktop_app.domain import FetchPeriod
from desktop_app.workspace import PeriodChange, Workspace

SEP_OCT = FetchPeriod(date(2025, 9, 1), date(2025, 10, 31))
OCTOBER = FetchPeriod(date(2025, 10, 1), date(2025, 10, 31))
NOVEMBER = FetchPeriod(date(2025, 11, 1), date(2025, 11, 30))


def _fetch(workspace: Workspace, period: FetchPeriod, by: str | None = None) -> None:
    workspace.save_fetch({}, date_from=period.start, date_to=period.end, by_command_line=by)


def test_a_command_line_run_replacing_the_period_keeps_the_change(tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "books.reconcile") as workspace:
        _fetch(workspace, SEP_OCT)  # chosen in the window
        before = datetime.now(UTC)
        _fetch(workspace, OCTOBER, by="ann")
        change = workspace.period_change()
        assert change is not None
        assert (change.before, change.after, change.by) == (SEP_OCT, OCTOBER, "ann")
        assert before <= change.at <= datetime.now(UTC)
        workspace.forget_period_change()  # the window said it
        assert workspace.period_change() is None
        assert workspace.fetch_period() == OCTOBER


def test_runs_before_the_window_opens_again_are_one_change_from_what_it_showed(
    tmp_path: Path,
) -> None:
    with Workspace.create(tmp_path / "books.reconcile") as workspace:
        _fetch(workspace, SEP_OCT)
        _fetch(workspace, OCTOBER, by="ann")
        _fetch(workspace, NOVEMBER, by="bob")
        change = workspace.period_change()
        assert change is not None
        assert (change.before, change.after, change.by) == (SEP_OCT, NOVEMBER, "bob")
        _fetch(workspace, SEP_OCT, by="ann")  # back to what the window showed
        assert workspace.period_change() is None


def test_no_change_is_kept_by_the_window_nor_for_a_period_kept_or_first_held(
    tmp_path: Path,
) -> None:
    with Workspace.create(tmp_path / "books.reconcile") as workspace:
        _fetch(workspace, SEP_OCT, by="ann")  # a new workspace: no period was shown
        assert workspace.period_change() is None
        _fetch(workspace, SEP_OCT, by="ann")  # the period held, fetched again
        assert workspace.period_change() is None
        _fetch(workspace, OCTOBER)  # the window's own fetch: the accountant sees it
        assert workspace.period_change() is None


def test_a_change_written_by_hand_is_none(tmp_path: Path) -> None:
    """What the setting holds that is no change (a hand edit) is none to tell: the window
    opens on the period held all the same."""
    with Workspace.create(tmp_path / "books.reconcile") as workspace:
        workspace.settings.set("period_change", {"before": "September"})
        assert workspace.period_change() is None
    change = PeriodChange(SEP_OCT, OCTOBER, "ann", datetime(2025, 11, 24, 1, 8, tzinfo=UTC))
    assert PeriodChange.from_json(change.to_json()) == change
