"""Statements imported with no workspace open: the window's session keeps an overlap's
movements once, by the workspace's own rules, and the report's bridges still tie.

Every import here goes through ``EngineServices.import_statement``, the function the
window runs on its worker thread, on real files written to ``tmp_path``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from itertools import permutations
from pathlib import Path

import pytest

from desktop_app.domain import CancelToken, LineKey, StatementLine, no_progress
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.provider_settings import ProviderSettings
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.ui.services import ImportResult, ServiceError
from desktop_app.workspace import RecentWorkspaces
from tests.export.readback import cell_values, read_report
from tests.statements.ofx_files import CAFE, RENT, SHOP, ofx
from tests.statements.overlap_files import (
    ACCOUNT,
    BRIDGE_TITLE,
    FEBRUARY,
    FEBRUARY_BRIDGE,
    write_overlapping,
)

OTHER_ACCOUNT = "GB94BARC10201530093459"
THIRD_ACCOUNT = "GB33BUKB20201555555555"
COFFEE = "2025-03-03,Coffee,-4.50,GBP\n"


@pytest.fixture
def session(tmp_path: Path) -> EngineServices:
    """The engine as the window has it when no workspace is open."""
    engine = EngineServices(ProviderSettings(tmp_path / "providers.toml"))
    assert engine.workspace_path() is None
    return engine


@pytest.fixture
def with_workspace(tmp_path: Path) -> Iterator[EngineServices]:
    engine = EngineServices(
        ProviderSettings(tmp_path / "providers.toml"), WorkspaceBackend(RecentWorkspaces(tmp_path))
    )
    engine.open_workspace(tmp_path / "w.reconcile", create=True)
    yield engine
    asyncio.run(engine.aclose())


def _import(engine: EngineServices, path: Path) -> ImportResult:
    return engine.import_statement(path, None, no_progress, CancelToken())


def _csv(folder: Path, name: str, rows: str, account: str | None = ACCOUNT) -> Path:
    named = f"Account,{account}\n\n" if account else ""
    path = folder / name
    path.write_text(f"{named}Date,Description,Amount,Currency\n{rows}", encoding="utf-8")
    return path


def _places(lines: tuple[StatementLine, ...]) -> list[tuple[str, int, str]]:
    return [(line.source_file, line.row, line.description) for line in lines]


def _bridges(engine: EngineServices, lines: list[StatementLine], folder: Path) -> list[tuple]:
    run = engine.reconcile((), lines, (), no_progress, CancelToken())
    report = engine.export_report(run, (), folder / "r.xlsx", no_progress, CancelToken())
    return cell_values(read_report(report).summary_block(BRIDGE_TITLE), 9)[1:]


def test_an_overlapping_download_adds_only_its_new_lines(
    session: EngineServices, tmp_path: Path
) -> None:
    january, february = write_overlapping(tmp_path)
    first = _import(session, january)
    assert (len(first.lines), first.duplicates) == (3, 0)
    second = _import(session, february)
    assert second.duplicates == 1
    assert _places(second.lines) == [("feb.csv", 5, "Salary"), ("feb.csv", 6, "Tea")]
    refunds = [line for line in (*first.lines, *second.lines) if line.description == "Refund"]
    assert _places(tuple(refunds)) == [("jan.csv", 6, "Refund")]


def test_the_bridge_of_the_later_file_counts_the_line_it_repeats(
    session: EngineServices, tmp_path: Path
) -> None:
    """The run holds January's refund only; February's bridge counts it as its own."""
    lines = [line for path in write_overlapping(tmp_path) for line in _import(session, path).lines]
    assert len(lines) == 5
    february = _bridges(session, lines, tmp_path)[1]
    assert february == ("feb.csv", "GBP", *FEBRUARY_BRIDGE)


def test_identical_real_rows_in_one_file_are_both_kept(
    session: EngineServices, tmp_path: Path
) -> None:
    two = _import(session, _csv(tmp_path, "two.csv", COFFEE * 2))
    assert _places(two.lines) == [("two.csv", 4, "Coffee"), ("two.csv", 5, "Coffee")]
    three = _import(session, _csv(tmp_path, "three.csv", COFFEE * 3))
    assert (_places(three.lines), three.duplicates) == ([("three.csv", 6, "Coffee")], 2)
    one = _import(session, _csv(tmp_path, "one.csv", COFFEE))
    assert (one.lines, one.duplicates) == ((), 1)


def test_equal_movements_on_two_accounts_stay_apart(
    session: EngineServices, tmp_path: Path
) -> None:
    mine = _import(session, _csv(tmp_path, "mine.csv", COFFEE))
    other = _import(session, _csv(tmp_path, "other.csv", COFFEE, OTHER_ACCOUNT))
    assert (len(mine.lines), len(other.lines), other.duplicates) == (1, 1, 0)
    # A download that names no account may be either account's: it repeats one of them.
    unnamed = _import(session, _csv(tmp_path, "unnamed.csv", COFFEE, account=None))
    assert (unnamed.lines, unnamed.duplicates) == ((), 1)


def test_the_same_file_again_adds_nothing_and_another_under_its_name_is_refused(
    session: EngineServices, tmp_path: Path
) -> None:
    january, _ = write_overlapping(tmp_path)
    _import(session, january)
    again = _import(session, january)
    assert (again.lines, again.duplicates) == ((), 3)
    january.write_text(FEBRUARY, encoding="utf-8")
    with pytest.raises(ServiceError, match=r"a different file named 'jan\.csv'.*remove"):
        _import(session, january)


def test_removing_the_earlier_file_keeps_the_later_files_copy(
    session: EngineServices, tmp_path: Path
) -> None:
    january, february = write_overlapping(tmp_path)
    _import(session, january)
    kept = _import(session, february).lines
    removed = session.remove_statement("jan.csv")
    assert (removed.lines_removed, removed.decisions_withdrawn) == (3, 0)
    assert _places(removed.kept_lines) == [("feb.csv", 4, "Refund")]
    lines = [*kept, *removed.kept_lines]
    assert _bridges(session, lines, tmp_path) == [("feb.csv", "GBP", *FEBRUARY_BRIDGE)]
    # January again: its refund now repeats February's, which stood in for it.
    again = _import(session, january)
    assert (len(again.lines), again.duplicates) == (2, 1)


def test_a_third_copy_repeats_the_line_that_stands_in(
    session: EngineServices, tmp_path: Path
) -> None:
    """January, then February, then a copy of February with a movement of its own:
    taking January out keeps February's refund, and the copy's refund (like its other
    lines) repeats February's. (Its own movement is on a day February does not hold: the
    same day's tea worded otherwise would be the account's one booking of that day and
    amount, which February holds.)"""
    january, february = write_overlapping(tmp_path)
    copy = tmp_path / "feb-again.csv"
    own = FEBRUARY.replace("2025-02-03,Tea,", "2025-02-04,Tea at the station,")
    assert own != FEBRUARY
    copy.write_text(own, encoding="utf-8")
    lines = [line for path in (january, february, copy) for line in _import(session, path).lines]
    assert [line.description for line in lines if line.source_file == "feb-again.csv"] == [
        "Tea at the station"
    ]
    removed = session.remove_statement("jan.csv")
    assert _places(removed.kept_lines) == [("feb.csv", 4, "Refund")]
    lines = [line for line in lines if line.source_file != "jan.csv"] + list(removed.kept_lines)
    assert _bridges(session, lines, tmp_path) == [
        ("feb.csv", "GBP", *FEBRUARY_BRIDGE),
        ("feb-again.csv", "GBP", *FEBRUARY_BRIDGE),
    ]


def test_removing_a_file_that_repeats_another_takes_only_its_own_lines(
    session: EngineServices, tmp_path: Path
) -> None:
    january, february = write_overlapping(tmp_path)
    _import(session, january)
    _import(session, february)
    removed = session.remove_statement("feb.csv")
    assert (removed.lines_removed, removed.kept_lines) == (2, ())


def test_each_account_keeps_its_own_coffee_after_an_unnamed_download(
    session: EngineServices, tmp_path: Path
) -> None:
    """A download naming no account held the coffee; my statement repeated it, so it is
    my coffee, and the other account's equal coffee is its own from the start. Taken
    out, mine stands in for it: two accounts' movements never repeat each other."""
    _import(session, _csv(tmp_path, "unnamed.csv", COFFEE, account=None))
    _import(session, _csv(tmp_path, "mine.csv", COFFEE))
    other = _import(session, _csv(tmp_path, "other.csv", COFFEE, OTHER_ACCOUNT))
    assert (_places(other.lines), other.duplicates) == ([("other.csv", 4, "Coffee")], 0)
    removed = session.remove_statement("unnamed.csv")
    assert _places(removed.kept_lines) == [("mine.csv", 4, "Coffee")]


@pytest.fixture(params=["session", "with_workspace"])
def engine(request: pytest.FixtureRequest) -> EngineServices:
    """The window's engine without a workspace, and with one: the same rule in both."""
    engine: EngineServices = request.getfixturevalue(request.param)
    return engine


@pytest.mark.parametrize("order", list(permutations(("unnamed", "mine", "other"))), ids="-".join)
def test_an_unnamed_download_with_two_accounts_coffees_holds_the_same_whatever_comes_first(
    engine: EngineServices, tmp_path: Path, order: tuple[str, ...]
) -> None:
    """The unnamed download's coffees are one of the two accounts' coffees, never both:
    the download holds two, so that account has two, and the window holds three
    coffees, whichever file was imported first."""
    files = {
        "unnamed": _csv(tmp_path, "unnamed.csv", COFFEE * 2, account=None),
        "mine": _csv(tmp_path, "mine.csv", COFFEE),
        "other": _csv(tmp_path, "other.csv", COFFEE, OTHER_ACCOUNT),
    }
    held = [line for name in order for line in _import(engine, files[name]).lines]
    assert len(held) == 3


def test_an_unnamed_download_is_claimed_whole_by_one_account(
    engine: EngineServices, tmp_path: Path
) -> None:
    """The unnamed download holds two coffees. My statement's one is the first, so the
    download is mine: the other account's coffee is its own, so is a third account's,
    and my later download's two coffees are the unnamed download's two."""
    _import(engine, _csv(tmp_path, "unnamed.csv", COFFEE * 2, account=None))
    mine = _import(engine, _csv(tmp_path, "mine.csv", COFFEE))
    other = _import(engine, _csv(tmp_path, "other.csv", COFFEE, OTHER_ACCOUNT))
    third = _import(engine, _csv(tmp_path, "third.csv", COFFEE, THIRD_ACCOUNT))
    more = _import(engine, _csv(tmp_path, "mine-later.csv", COFFEE * 2))
    counts = [(len(result.lines), result.duplicates) for result in (mine, other, third, more)]
    assert counts == [(0, 1), (1, 0), (1, 0), (0, 2)]


def test_a_file_of_a_named_and_a_blank_account_keeps_both_its_coffees(
    engine: EngineServices, tmp_path: Path
) -> None:
    """The unnamed download's coffee is one of the two in a file whose account column
    names my account on one row and is blank on the other: two coffees of that file, so
    the window holds two, not one."""
    _import(engine, _csv(tmp_path, "unnamed.csv", COFFEE, account=None))
    both = tmp_path / "both.csv"
    both.write_text(f"Account,Date,Description,Amount,Currency\n{ACCOUNT},{COFFEE},{COFFEE}")
    result = _import(engine, both)
    assert (_places(result.lines), result.duplicates) == ([("both.csv", 3, "Coffee")], 1)


def test_an_unnamed_download_taken_out_and_imported_again_keeps_what_it_kept(
    with_workspace: EngineServices, tmp_path: Path
) -> None:
    """The unnamed download's two coffees, then mine and the other account's: the
    download is mine, so three coffees. Taken out and imported again, still three."""
    unnamed = _csv(tmp_path, "unnamed.csv", COFFEE * 2, account=None)
    held = [line.key for line in _import(with_workspace, unnamed).lines]
    for path in (
        _csv(tmp_path, "mine.csv", COFFEE),
        _csv(tmp_path, "o.csv", COFFEE, OTHER_ACCOUNT),
    ):
        held += [line.key for line in _import(with_workspace, path).lines]
    assert len(held) == 3
    removed = with_workspace.remove_statement("unnamed.csv")
    held = [key for key in held if key.source_file != "unnamed.csv"]
    held += [line.key for line in removed.kept_lines]
    held += [line.key for line in _import(with_workspace, unnamed).lines]
    assert len(held) == 3


def test_removing_the_account_that_claimed_an_unnamed_coffee_frees_it(
    engine: EngineServices, tmp_path: Path
) -> None:
    """A guard: my statement claimed the unnamed download's coffee; taken out, the coffee
    is of no known account again, and the next account's statement repeats it."""
    _import(engine, _csv(tmp_path, "unnamed.csv", COFFEE, account=None))
    _import(engine, _csv(tmp_path, "mine.csv", COFFEE))
    removed = engine.remove_statement("mine.csv")
    assert (removed.lines_removed, removed.kept_lines) == (0, ())
    other = _import(engine, _csv(tmp_path, "other.csv", COFFEE, OTHER_ACCOUNT))
    assert (other.lines, other.duplicates) == ((), 1)
    # Taken out in turn, the unnamed coffee leaves the other account's in its place.
    removed = engine.remove_statement("unnamed.csv")
    assert _places(removed.kept_lines) == [("other.csv", 4, "Coffee")]


def test_two_unnamed_downloads_that_overlap_are_claimed_by_one_account(
    engine: EngineServices, tmp_path: Path
) -> None:
    """Two downloads naming no account, the later repeating the earlier's coffee: one
    account's downloads, three coffees. A file whose rows name the other account and a
    masked number alone then holds one coffee each. The other account's row claims the
    first download, so both downloads are its own: the masked number's coffee is its
    own, not the second download's. Four coffees; with each download claimed by another
    account, three were held."""
    _import(engine, _csv(tmp_path, "unnamed.csv", COFFEE, account=None))
    _import(engine, _csv(tmp_path, "unnamed-more.csv", COFFEE * 3, account=None))
    mixed = tmp_path / "mixed.csv"
    mixed.write_text(
        f"Account,Date,Description,Amount,Currency\n{OTHER_ACCOUNT},{COFFEE}****12345,{COFFEE}",
        encoding="utf-8",
    )
    result = _import(engine, mixed)
    assert (_places(result.lines), result.duplicates) == ([("mixed.csv", 3, "Coffee")], 1)


def test_an_unnamed_download_that_repeats_a_claimed_one_is_that_accounts(
    engine: EngineServices, tmp_path: Path
) -> None:
    """My statement claimed the unnamed download's coffee; a second unnamed download of
    two coffees repeats it, so it is my download too: the other account's coffee is its
    own, not the second download's other coffee. Three coffees, not two."""
    _import(engine, _csv(tmp_path, "unnamed.csv", COFFEE, account=None))
    _import(engine, _csv(tmp_path, "mine.csv", COFFEE))
    more = _import(engine, _csv(tmp_path, "unnamed-more.csv", COFFEE * 2, account=None))
    assert (len(more.lines), more.duplicates) == (1, 1)
    other = _import(engine, _csv(tmp_path, "other.csv", COFFEE, OTHER_ACCOUNT))
    assert (_places(other.lines), other.duplicates) == ([("other.csv", 4, "Coffee")], 0)


def _coffees(folder: Path) -> list[Path]:
    return [
        _csv(folder, "two.csv", COFFEE * 2),
        _csv(folder, "unnamed.csv", COFFEE * 3, account=None),
        _csv(folder, "other.csv", COFFEE * 2, OTHER_ACCOUNT),
        _csv(folder, "unnamed-again.csv", COFFEE * 4, account=None),
        _csv(folder, "three.csv", COFFEE * 3),
    ]


def _claimed(folder: Path) -> list[Path]:
    """Unnamed downloads, before and after two accounts' statements claim their coffees."""
    return [
        _csv(folder, "unnamed.csv", COFFEE * 2, account=None),
        _csv(folder, "mine.csv", COFFEE * 3),
        _csv(folder, "other.csv", COFFEE, OTHER_ACCOUNT),
        _csv(folder, "unnamed-again.csv", COFFEE * 4, account=None),
        _csv(folder, "third.csv", COFFEE * 2, THIRD_ACCOUNT),
    ]


def _interleaved(folder: Path) -> list[Path]:
    """A download naming no account, then a file whose rows alternate between two
    accounts: taken out, the download's lines are stood in for in row order."""
    fees = [f"2025-03-0{day},Fee {day},-{day}.00,GBP\n" for day in (1, 2, 3)]
    both = folder / "both.csv"
    rows = [f"{account},{fee}" for account, fee in zip(("CHK", "SAV", "CHK"), fees, strict=True)]
    both.write_text("Account,Date,Description,Amount,Currency\n" + "".join(rows), "utf-8")
    return [_csv(folder, "unnamed.csv", "".join(fees), account=None), both]


def _accounts(folder: Path) -> list[Path]:
    both = folder / "both.ofx"
    both.write_text(ofx([("CHK-1", [SHOP, CAFE]), ("SAV-2", [RENT, CAFE])]), encoding="utf-8")
    checking = folder / "checking.ofx"
    checking.write_text(ofx([("CHK-1", [SHOP, CAFE, RENT])]), encoding="utf-8")
    savings = folder / "savings.ofx"
    savings.write_text(ofx([("SAV-2", [CAFE, CAFE])]), encoding="utf-8")
    return [both, checking, savings]


@pytest.mark.parametrize(
    "files",
    [write_overlapping, _coffees, _claimed, _interleaved, _accounts],
    ids=["overlap", "coffees", "claimed", "interleaved", "accounts"],
)
def test_the_session_keeps_exactly_what_a_workspace_keeps(
    session: EngineServices,
    with_workspace: EngineServices,
    tmp_path: Path,
    files: Callable[[Path], list[Path]],
) -> None:
    """The same files in the same order: the same lines kept, the same counted repeated."""

    def imported(engine: EngineServices) -> list[tuple[list[LineKey], int]]:
        results = [_import(engine, path) for path in files(tmp_path)]
        return [([line.key for line in result.lines], result.duplicates) for result in results]

    assert imported(session) == imported(with_workspace)


@pytest.mark.parametrize(
    "files",
    [write_overlapping, _coffees, _claimed, _interleaved, _accounts],
    ids=["overlap", "coffees", "claimed", "interleaved", "accounts"],
)
def test_a_removal_keeps_exactly_what_a_workspace_keeps(
    session: EngineServices,
    with_workspace: EngineServices,
    tmp_path: Path,
    files: Callable[[Path], list[Path]],
) -> None:
    """Each file taken out in turn, from the first: the same lines stand in, with or
    without a workspace, and the file imported again repeats the same lines."""

    def removals(engine: EngineServices) -> list[tuple[list[LineKey], list[LineKey], int]]:
        paths = files(tmp_path)
        for path in paths:
            _import(engine, path)
        steps = []
        for path in paths:
            removed = engine.remove_statement(path.name)
            again = _import(engine, path)
            steps.append(
                (
                    [line.key for line in removed.kept_lines],
                    [line.key for line in again.lines],
                    again.duplicates,
                )
            )
        return steps

    in_session, in_workspace = removals(session), removals(with_workspace)
    assert in_session == in_workspace
    assert any(kept for kept, _, _ in in_workspace)  # something did stand in


def test_a_files_own_account_takes_its_kept_lines_before_its_blank_rows_do(
    engine: EngineServices, tmp_path: Path
) -> None:
    """My statement holds two coffees. A file whose account column names my account on
    two coffee rows and is blank on a third: my rows repeat my two, and the blank row,
    left with nothing to repeat, is a coffee of its own. Taken the other way round (the
    blank row first), one of my rows had to be a new coffee numbered as one I hold, and
    the workspace refused the import."""
    _import(engine, _csv(tmp_path, "mine.csv", COFFEE * 2))
    mixed = tmp_path / "mixed.csv"
    mixed.write_text(
        f"Account,Date,Description,Amount,Currency\n,{COFFEE}{ACCOUNT},{COFFEE}{ACCOUNT},{COFFEE}",
        encoding="utf-8",
    )
    result = _import(engine, mixed)
    assert (_places(result.lines), result.duplicates) == ([("mixed.csv", 2, "Coffee")], 2)
