"""What the wizard says a file will bring in before Import is pressed (``ImportSummary``),
worked out with the preview from the import's own result: lines, first and last date,
money in and out per currency (never two added), the stated balances and whether they
tie by the importer's bridge, and the rows skipped and noted as the banner after the
import counts them. Built files (openpyxl, csv) and real CAMT statements, to the penny."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.domain import StatementLine
from desktop_app.statements import bridge as bridge_module
from desktop_app.statements.bridge import Bridge
from desktop_app.statements.profiles import JsonProfileStore
from desktop_app.ui.backend import statement_backend
from desktop_app.ui.backend.statement_backend import (
    StatementBackend,
    import_summary,
    warning_counts,
)
from desktop_app.ui.services import ColumnMapping, CurrencyTotals, ImportSummary
from tests.conftest import SHARED_REALDATA, needs_realdata
from tests.statements.summary_files import (
    CAMT_IN_TWO_CURRENCIES,
    camt_in_two_currencies,
    camt_mostly_dollars,
    mixed_workbook,
    ofx_mostly_euros,
    running_csv,
)


@pytest.fixture
def backend(tmp_path: Path) -> StatementBackend:
    return StatementBackend(JsonProfileStore(tmp_path / "profiles.json"))


def _bridge(
    opening: Decimal,
    movements: Decimal,
    closing: Decimal,
    *,
    expected: Decimal,
    difference: Decimal,
    ties: bool,
) -> Bridge:
    """The importer's bridge a summary holds, with what it comes to stated beside it."""
    bridge = Bridge(opening, movements, closing)
    assert (bridge.expected, bridge.difference, bridge.ties) == (expected, difference, ties)
    return bridge


def _summary(backend: StatementBackend, path: Path) -> ImportSummary:
    summary = backend.preview(path).summary
    assert summary is not None
    return summary


def test_a_workbook_in_two_currencies_is_summed_per_currency_and_bridged_in_its_own(
    backend: StatementBackend, tmp_path: Path
) -> None:
    summary = _summary(backend, mixed_workbook(tmp_path))
    assert summary == ImportSummary(
        lines=5,
        first_date=dt.date(2024, 3, 1),
        last_date=dt.date(2024, 3, 28),
        totals=(
            CurrencyTotals("EUR", 2, Decimal("45.10"), Decimal("310.55")),
            CurrencyTotals("GBP", 3, Decimal("2500.00"), Decimal("1203.40")),
        ),
        currency="GBP",
        opening=Decimal("1000.50"),
        closing=Decimal("2297.10"),
        bridge=_bridge(
            Decimal("1000.50"),
            Decimal("1296.60"),
            Decimal("2297.10"),
            expected=Decimal("2297.10"),
            difference=Decimal("0"),
            ties=True,
        ),
        other_currency_lines=2,
        skipped_rows=1,
        notes=0,
    )
    assert summary.described() == (
        "5 lines, from 1 Mar 2024 to 28 Mar 2024.",
        "EUR (2 lines): money in €45.10, money out €310.55.",
        "GBP (3 lines): money in £2,500.00, money out £1,203.40.",
        (
            "Opening balance £1,000.50 → closing £2,297.10: ties (opening + movements = "
            "closing); 2 lines in another currency are not counted."
        ),
        "1 row skipped: each is listed after the import.",
    )


def test_a_pound_short_does_not_tie_and_says_by_how_much(
    backend: StatementBackend, tmp_path: Path
) -> None:
    summary = _summary(backend, mixed_workbook(tmp_path, closing=2296.10))
    assert summary.bridge is not None
    bridge = summary.bridge
    assert (bridge.movements, bridge.expected, bridge.difference, bridge.ties) == (
        Decimal("1296.60"),
        Decimal("2297.10"),
        Decimal("-1.00"),
        False,
    )
    assert summary.notes == 1  # the importer's own warning that they do not add up
    assert summary.described()[3] == (
        "Opening balance £1,000.50 → closing £2,296.10: does not tie: opening + movements "
        "(£1,296.60) = £2,297.10, the closing balance differs by -£1.00: lines may be missing "
        "or misread; 2 lines in another currency are not counted."
    )


def test_a_camt_entry_in_another_currency_is_summed_apart_and_not_bridged(
    backend: StatementBackend, tmp_path: Path
) -> None:
    """A euro account's CAMT.053 with an entry booked in dollars: the dollars are their
    own total, and the euro balances tie without them, the dollar line said left out."""
    summary = _summary(backend, camt_in_two_currencies(tmp_path))
    assert summary.totals == (
        CurrencyTotals("EUR", 2, Decimal("50.00"), Decimal("20.00")),
        CurrencyTotals("USD", 1, Decimal("0"), Decimal("30.00")),
    )
    assert (summary.currency, summary.other_currency_lines) == ("EUR", 1)
    assert summary.bridge == Bridge(Decimal("100.00"), Decimal("30.00"), Decimal("130.00"))
    assert summary.described()[3] == (
        "Opening balance €100.00 → closing €130.00: ties (opening + movements = closing); "
        "1 line in another currency is not counted."
    )


def test_a_camt_statement_is_summed_in_its_account_currency_when_most_entries_are_not(
    backend: StatementBackend, tmp_path: Path
) -> None:
    """A euro account whose entries are mostly dollars: the balances are the account's
    euros and tie with the one euro entry; the two dollar entries are left out. Told by
    the lines, the wizard said dollar balances that did not tie."""
    summary = _summary(backend, camt_mostly_dollars(tmp_path))
    assert (summary.currency, summary.other_currency_lines) == ("EUR", 2)
    assert summary.bridge == Bridge(Decimal("100.00"), Decimal("50.00"), Decimal("150.00"))
    assert summary.described()[3] == (
        "Opening balance €100.00 → closing €150.00: ties (opening + movements = closing); "
        "2 lines in another currency are not counted."
    )


def test_an_ofx_statements_balance_is_said_in_its_curdef(
    backend: StatementBackend, tmp_path: Path
) -> None:
    summary = _summary(backend, ofx_mostly_euros(tmp_path))
    assert summary.currency == "GBP"
    assert summary.described()[3] == (
        "Closing balance £2,500.00; no opening balance is stated to check it against."
    )


@pytest.mark.parametrize("code", ["COPY", "DUPL", "CODU"])
def test_a_camt_statement_marked_as_a_copy_is_a_note_not_a_row_skipped(
    backend: StatementBackend, tmp_path: Path, code: str
) -> None:
    """CpyDplctInd says the statement is a copy or a duplicate: metadata of the
    statement, on a row of its own that holds no movement, so nothing was skipped
    there. It was counted as "1 row skipped"."""
    path = tmp_path / "copy.xml"
    marked = f"<Id>S-1</Id>\n<CpyDplctInd>{code}</CpyDplctInd>"
    path.write_text(
        CAMT_IN_TWO_CURRENCIES.format(closing="130.00").replace("<Id>S-1</Id>", marked),
        encoding="utf-8",
    )
    imported = backend.import_file(path, None)
    [warning] = imported.warnings
    assert warning.column == "CpyDplctInd"
    assert len(imported.lines) == 3  # every entry is read
    assert warning_counts(imported) == (0, 1)
    summary = _summary(backend, path)
    assert (summary.skipped_rows, summary.notes) == (0, 1)
    assert summary.described()[-1] == "1 note: each is listed after the import."


def test_a_running_balance_gives_the_balances_and_the_guess_is_not_counted(
    backend: StatementBackend, tmp_path: Path
) -> None:
    """The date order is a guess the wizard shows, so an import through it is not warned of
    it again (``_reviewed``): the summary counts what that import's banner will."""
    path = running_csv(tmp_path)
    summary = _summary(backend, path)
    assert summary == ImportSummary(
        lines=4,
        first_date=dt.date(2024, 3, 2),
        last_date=dt.date(2024, 3, 6),
        totals=(CurrencyTotals(None, 4, Decimal("2600.00"), Decimal("804.50")),),
        currency=None,
        opening=Decimal("1000.00"),
        closing=Decimal("2795.50"),
        bridge=_bridge(
            Decimal("1000.00"),
            Decimal("1795.50"),
            Decimal("2795.50"),
            expected=Decimal("2795.50"),
            difference=Decimal("0"),
            ties=True,
        ),
        skipped_rows=1,
        notes=0,
    )
    imported = backend.import_file(path, ColumnMapping(1, {}))
    assert warning_counts(imported) == (summary.skipped_rows, summary.notes)
    assert summary.described()[1] == (
        "No currency stated (4 lines): money in 2,600.00, money out 804.50."
    )


def test_a_corrections_summary_is_that_of_the_import_made_with_it(
    backend: StatementBackend, tmp_path: Path
) -> None:
    """After a correction the wizard asks for the summary alone (it shows nothing else of
    that reading): what Import with the same choice brings in, warnings counted alike."""
    path = running_csv(tmp_path)
    choice = ColumnMapping(1, {}, currency="GBP", invert_sign=True)
    summary = backend.summary(path, choice)
    assert isinstance(summary, ImportSummary)
    assert summary == import_summary(backend.import_file(path, choice))
    assert summary.totals == (CurrencyTotals("GBP", 4, Decimal("804.50"), Decimal("2600.00")),)
    assert (summary.skipped_rows, summary.notes) == (1, 0)


def test_a_quiet_month_has_no_lines_and_its_balances_tie(
    backend: StatementBackend, tmp_path: Path
) -> None:
    path = tmp_path / "quiet.csv"
    path.write_text(
        "Rekening,NL00BANK0123456789,\n,,\nDatum,Naam,Bedrag\nBeginsaldo,,100.00\n"
        "Eindsaldo,,100.00\n",
        encoding="utf-8",
    )
    summary = _summary(backend, path)
    assert (summary.lines, summary.first_date, summary.last_date, summary.totals) == (
        0,
        None,
        None,
        (),
    )
    assert summary.bridge is not None
    assert (summary.opening, summary.closing, summary.bridge.ties) == (
        Decimal("100.00"),
        Decimal("100.00"),
        True,
    )
    assert summary.described()[0] == "0 lines: the statement holds no movements."


@needs_realdata
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "ch-raiffeisen-camt053-v04.xml",
            ImportSummary(
                lines=16,
                first_date=dt.date(2017, 4, 1),
                last_date=dt.date(2017, 4, 11),
                totals=(CurrencyTotals("CHF", 16, Decimal("368"), Decimal("4047.85")),),
                currency="CHF",
                opening=Decimal("9433.31"),
                closing=Decimal("5753.46"),
                bridge=_bridge(
                    Decimal("9433.31"),
                    Decimal("-3679.85"),
                    Decimal("5753.46"),
                    expected=Decimal("5753.46"),
                    difference=Decimal("0"),
                    ties=True,
                ),
            ),
        ),
        (
            "de-sparkasse-camt052-v02.xml",
            ImportSummary(
                lines=5,
                first_date=dt.date(2021, 2, 5),
                last_date=dt.date(2021, 2, 5),
                totals=(CurrencyTotals("EUR", 5, Decimal("2.50"), Decimal("253.90")),),
                currency="EUR",
                opening=Decimal("268.35"),
                closing=Decimal("16.95"),
                bridge=_bridge(
                    Decimal("268.35"),
                    Decimal("-251.40"),
                    Decimal("16.95"),
                    expected=Decimal("16.95"),
                    difference=Decimal("0"),
                    ties=True,
                ),
            ),
        ),
        (
            # Its balances do not add up (lines missing from the sample): the importer warns
            # of it, and the summary says by how much before the import.
            "oca-test-camt053.xml",
            ImportSummary(
                lines=3,
                first_date=dt.date(2014, 1, 5),
                last_date=dt.date(2014, 1, 5),
                totals=(CurrencyTotals("EUR", 3, Decimal("1405.31"), Decimal("1418.30")),),
                currency="EUR",
                opening=Decimal("15568.27"),
                closing=Decimal("15121.12"),
                bridge=_bridge(
                    Decimal("15568.27"),
                    Decimal("-12.99"),
                    Decimal("15121.12"),
                    expected=Decimal("15555.28"),
                    difference=Decimal("-434.16"),
                    ties=False,
                ),
                notes=1,
            ),
        ),
    ],
)
def test_a_real_camt_statement_is_summed_and_bridged(
    backend: StatementBackend, name: str, expected: ImportSummary
) -> None:
    path = SHARED_REALDATA / "camt" / name
    assert _summary(backend, path) == expected
    assert warning_counts(backend.import_file(path, None)) == (
        expected.skipped_rows,
        expected.notes,
    )


@needs_realdata
def test_a_real_camt_statement_is_said_in_words(backend: StatementBackend) -> None:
    summary = _summary(backend, SHARED_REALDATA / "camt" / "oca-test-camt053.xml")
    assert summary.described() == (
        "3 lines, all on 5 Jan 2014.",
        "Money in €1,405.31, money out €1,418.30.",
        (
            "Opening balance €15,568.27 → closing €15,121.12: does not tie: opening + "
            "movements (-€12.99) = €15,555.28, the closing balance differs by -€434.16: lines "
            "may be missing or misread."
        ),
        "1 note: each is listed after the import.",
    )


def test_the_statements_currency_and_its_bridged_lines_are_told_once(
    backend: StatementBackend, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A summary tells the statement's currency from its lines once, wherever the rule is
    reached from (the summary itself or the bridge's own ``bridged``): it ran for the
    balances' currency, then again inside ``bridged``, and once more on the lines
    ``bridged`` gave, over a file of up to 200,000 lines."""
    result = backend.import_file(mixed_workbook(tmp_path), None)
    told: list[int] = []
    for module in (statement_backend, bridge_module):
        counted = _counting(module.main_currency, told)
        monkeypatch.setattr(module, "main_currency", counted)
    summary = statement_backend.import_summary(result)
    assert summary.currency == "GBP"
    assert summary.bridge is not None
    assert summary.bridge.ties
    assert len(told) == 1


def _counting(
    rule: Callable[[Sequence[StatementLine]], str | None], told: list[int]
) -> Callable[[Sequence[StatementLine]], str | None]:
    def counted(lines: Sequence[StatementLine]) -> str | None:
        told.append(len(lines))
        return rule(lines)

    return counted
