"""Movements missing between two statements, said in a banner by the real window over the
real engine: after an import, after a removal and when a workspace opens, in a workspace
and in a session without one.

January's statement closes at £200.00; March's opens at £1,950.00. Each file ties on its
own, so only comparing them says February's movements are missing. Imports go through the
Import button (the wizard answered as detected) and run on the task runner's worker
thread, as in the application.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop_app.statements.continuity import BreakKind
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.services import ColumnMapping
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.views.banner import Banner
from desktop_app.ui.workflows import breaks_title
from tests.pipeline.test_corrected_download import ROWS, _corrected, _statement
from tests.statements.clash_files import ONE_ACCOUNT_CLASH, one_account_clashing
from tests.statements.overlap_files import ACCOUNT
from tests.ui.engine_window import dialogs_of, engine_window
from tests.ui.fakes import ScriptedDialogs

OTHER_ACCOUNT = "GB82WEST12345698765432"
TITLE = "Movements missing between statements"
GAP = (
    "mar.csv opens at £1,950.00 on 3 Mar 2025 but jan.csv closed at £200.00 on 5 Jan 2025: "
    "£1,750.00 of movements are missing between them."
)


def _csv(folder: Path, name: str, rows: str, account: str = ACCOUNT) -> Path:
    path = folder / name
    path.write_text(
        f"Account,{account}\n\nDate,Description,Amount,Currency,Balance\n{rows}", encoding="utf-8"
    )
    return path


@pytest.fixture(params=["session", "workspace"])
def window(
    request: pytest.FixtureRequest,
    qtbot: Any,
    runner: TaskRunner,
    tmp_path: Path,
    event_loop_qt: object,
) -> Iterator[MainWindow]:
    books = tmp_path / "books.reconcile" if request.param == "workspace" else None
    with engine_window(
        qtbot, runner, tmp_path, ScriptedDialogs(), screen="statements", workspace=books
    ) as window:
        yield window


def _import(qtbot: Any, window: MainWindow, path: Path) -> None:
    dialogs = dialogs_of(window, ScriptedDialogs)
    dialogs.answers["choose_statement"] = deque([path])
    dialogs.answers["review_import"] = deque([ColumnMapping(None, {})])
    with qtbot.waitSignal(
        window.workflows.message,
        timeout=60_000,
        check_params_cb=lambda said: said.startswith("Imported"),
    ):
        window.statements.import_button.click()


def _remove(qtbot: Any, window: MainWindow, source_file: str) -> None:
    view = window.statements
    view.file_combo.setCurrentIndex(view.file_combo.findData(source_file))
    dialogs_of(window, ScriptedDialogs).answers["confirm"] = deque([True])
    with qtbot.waitSignal(
        window.workflows.message,
        timeout=60_000,
        check_params_cb=lambda said: said.startswith("Removed"),
    ):
        view.remove_button.click()


def _breaks(window: MainWindow) -> list[Banner]:
    return [banner for banner in window.banners.banners() if banner.title.startswith(TITLE)]


def test_a_gap_is_said_until_the_statement_between_is_imported(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    _import(qtbot, window, _csv(tmp_path, "jan.csv", "2025-01-05,Rent,-800.00,GBP,200.00\n"))
    assert _breaks(window) == []
    _import(qtbot, window, _csv(tmp_path, "mar.csv", "2025-03-03,Tea,-3.00,GBP,1947.00\n"))
    [banner] = _breaks(window)
    assert (banner.level, banner.title, banner.message) == ("warning", TITLE, GAP)
    assert banner.details_text == GAP
    assert banner.isVisibleTo(window)

    # February's statement chains the two: nothing is missing any more, and nothing said.
    february = "2025-02-03,Salary,1750.00,GBP,1950.00\n"
    _import(qtbot, window, _csv(tmp_path, "feb.csv", february))
    assert _breaks(window) == []

    # Taken out again, the gap is back.
    _remove(qtbot, window, "feb.csv")
    [banner] = _breaks(window)
    assert banner.message == GAP


def test_a_gap_dismissed_is_not_said_again_for_another_accounts_import(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    _import(qtbot, window, _csv(tmp_path, "jan.csv", "2025-01-05,Rent,-800.00,GBP,200.00\n"))
    _import(qtbot, window, _csv(tmp_path, "mar.csv", "2025-03-03,Tea,-3.00,GBP,1947.00\n"))
    [banner] = _breaks(window)
    banner.close_button.click()
    assert _breaks(window) == []
    other = _csv(tmp_path, "savings.csv", "2025-02-01,Interest,1.00,GBP,501.00\n", OTHER_ACCOUNT)
    _import(qtbot, window, other)
    assert _breaks(window) == []
    # A second gap: the banner names both.
    _import(qtbot, window, _csv(tmp_path, "apr.csv", "2025-04-02,Tea,-3.00,GBP,1000.00\n"))
    [banner] = _breaks(window)
    assert banner.title == f"{TITLE} (2 breaks)"
    second = (
        "apr.csv opens at £1,003.00 on 2 Apr 2025 but mar.csv closed at £1,947.00 on "
        "3 Mar 2025: -£944.00 of movements are missing between them."
    )
    assert banner.message == f"{GAP} {second}"
    assert banner.details_text == f"{GAP}\n{second}"


def test_opening_a_workspace_says_its_gaps(
    qtbot: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> None:
    books = tmp_path / "books.reconcile"
    with engine_window(
        qtbot, runner, tmp_path, ScriptedDialogs(), screen="statements", workspace=books
    ) as window:
        _import(qtbot, window, _csv(tmp_path, "jan.csv", "2025-01-05,Rent,-800.00,GBP,200.00\n"))
        _import(qtbot, window, _csv(tmp_path, "mar.csv", "2025-03-03,Tea,-3.00,GBP,1947.00\n"))
        qtbot.waitUntil(lambda: not window.runner.active(), timeout=60_000)
    (tmp_path / "later").mkdir()
    with engine_window(
        qtbot, runner, tmp_path / "later", ScriptedDialogs(), workspace=books
    ) as reopened:
        [banner] = _breaks(reopened)
        assert (banner.level, banner.message) == ("warning", GAP)
        # Another workspace without gaps takes the banner away: it was about this one.
        with qtbot.waitSignal(reopened.workflows.workspace_opened, timeout=60_000):
            reopened.workflows.open_workspace(tmp_path / "empty.reconcile", create=True)
        assert _breaks(reopened) == []


# Two statements that overlap and disagree (a bank's corrected download imported beside
# the file it corrects) are another kind of break, with another remedy: the banner's title
# says which kinds it holds.
DISAGREE = "Statements disagree"
BOTH = "Statements disagree, and movements missing between statements"
CORRECTED = (
    "oct-a-v2.csv disagrees with oct-a.csv, which it overlaps, on 15 Oct 2025: it closes "
    "that day at 70,430.61, oct-a.csv at 70,420.61; oct-a-v2.csv row 10 (1,310.00 BACS "
    "CUST 1050 EL-2025-00154) is not in oct-a.csv; oct-a.csv row 10 (1,300.00 BACS CUST "
    "1050 EL-2025-00154) is not in oct-a-v2.csv. If oct-a-v2.csv corrects oct-a.csv (a "
    "corrected download from the bank), remove oct-a.csv (Statements, Remove statement… in "
    "the window; or leave it out of the run): the movements both hold stay, under "
    "oct-a-v2.csv, with the decisions on them. If oct-a.csv is the right one, remove "
    "oct-a-v2.csv."
)


def _any_breaks(window: MainWindow) -> list[Banner]:
    """The breaks banner, whichever kinds of break it holds."""
    return [
        banner for banner in window.banners.banners() if banner.title.startswith((TITLE, DISAGREE))
    ]


def test_a_corrected_download_is_titled_a_disagreement(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    """The bank's csv and its corrected download (one amount changed, the running
    balances after it following), as ``tests/pipeline/test_corrected_download.py`` builds
    them, imported one after the other through the Import button. The file names no
    currency (the window's import is asked none), so the amounts are said without one."""
    _import(qtbot, window, _statement(tmp_path / "oct-a.csv", ROWS))
    assert _any_breaks(window) == []
    _import(qtbot, window, _statement(tmp_path / "oct-a-v2.csv", _corrected(ROWS)))
    [banner] = _any_breaks(window)
    assert (banner.level, banner.title, banner.message) == ("warning", DISAGREE, CORRECTED)
    assert banner.details_text == CORRECTED

    # The earlier file removed, as the banner advises: nothing disagrees any more.
    _remove(qtbot, window, "oct-a.csv")
    assert _any_breaks(window) == []


def test_a_gap_and_a_disagreement_are_both_named_in_the_title(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    _import(qtbot, window, _csv(tmp_path, "jan.csv", "2025-01-05,Rent,-800.00,GBP,200.00\n"))
    march = "2025-03-03,Tea,-3.00,GBP,1947.00\n2025-03-05,Refund,{},GBP,{}\n"
    _import(qtbot, window, _csv(tmp_path, "mar.csv", march.format("25.00", "1972.00")))
    [banner] = _any_breaks(window)
    assert (banner.title, banner.message) == (TITLE, GAP)

    _import(qtbot, window, _csv(tmp_path, "mar-v2.csv", march.format("35.00", "1982.00")))
    [banner] = _any_breaks(window)
    assert banner.title == f"{BOTH} (2 breaks)"
    disagrees = (
        "mar-v2.csv disagrees with mar.csv, which it overlaps, on 5 Mar 2025: it closes that "
        "day at £1,982.00, mar.csv at £1,972.00;"
    )
    gap, disagreement = banner.details_text.split("\n")
    assert gap == GAP
    assert disagreement.startswith(disagrees)
    assert banner.message == f"{gap} {disagreement}"

    # The corrected file taken out, only the gap is left, titled as before.
    _remove(qtbot, window, "mar-v2.csv")
    [banner] = _any_breaks(window)
    assert (banner.title, banner.message) == (TITLE, GAP)


# Two statements of one account whose dates overlap though they share no movement clash
# and are not compared: said in the breaks' banner, in the words of the report's Summary,
# or two files passed over read as two that follow each other.
CLASHED = "Statements not compared"


def _continuity(window: MainWindow) -> list[Banner]:
    """The breaks banner, whether it holds breaks, clashes or both."""
    return [
        banner
        for banner in window.banners.banners()
        if banner.title.startswith((TITLE, DISAGREE, CLASHED))
    ]


def test_two_statements_that_clash_are_said_not_to_be_compared(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    first, second = one_account_clashing(tmp_path, ACCOUNT)
    _import(qtbot, window, first)
    assert _continuity(window) == []
    _import(qtbot, window, second)
    [banner] = _continuity(window)
    assert (banner.level, banner.title, banner.message) == ("warning", CLASHED, ONE_ACCOUNT_CLASH)
    assert banner.details_text == ONE_ACCOUNT_CLASH
    assert banner.isVisibleTo(window)

    # November opens above where the later October file closed: the gap first, then the
    # clash, the title naming both and counting each apart.
    november = "2025-11-03,Interest,1.00,GBP,1001.00\n"
    _import(qtbot, window, _csv(tmp_path, "nov.csv", november))
    gap = (
        "nov.csv opens at £1,000.00 on 3 Nov 2025 but second.csv closed at £745.00 on "
        "20 Oct 2025: £255.00 of movements are missing between them."
    )
    [banner] = _continuity(window)
    assert banner.title == f"{TITLE}, and statements not compared (1 break, 1 clash)"
    assert banner.message == f"{gap} {ONE_ACCOUNT_CLASH}"
    assert banner.details_text == f"{gap}\n{ONE_ACCOUNT_CLASH}"

    # Taken out again, the clash alone is left; and with one of the two, nothing.
    _remove(qtbot, window, "nov.csv")
    [banner] = _continuity(window)
    assert (banner.title, banner.message) == (CLASHED, ONE_ACCOUNT_CLASH)
    _remove(qtbot, window, "second.csv")
    assert _continuity(window) == []


@pytest.mark.parametrize(
    ("kinds", "title"),
    [
        ([BreakKind.CLASH, BreakKind.CLASH], f"{CLASHED} (2 clashes)"),
        (
            [BreakKind.GAP, BreakKind.CLASH, BreakKind.DISAGREEMENT, BreakKind.GAP],
            (
                "Statements disagree, movements missing between statements, and statements "
                "not compared (3 breaks, 1 clash)"
            ),
        ),
        ([BreakKind.GAP, BreakKind.DISAGREEMENT], f"{BOTH} (2 breaks)"),
    ],
)
def test_the_title_counts_breaks_and_clashes_apart(kinds: list[BreakKind], title: str) -> None:
    """A pair not compared is no break found: counted as a clash, named after the breaks."""
    assert breaks_title(kinds) == title
