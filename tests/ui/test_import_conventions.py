"""The file's conventions in the import wizard: the date order, the decimal mark and the
signs, set through the wizard's own controls and imported by the real statement backend
from real files. Each control starts at "as detected", which names what the file was read
with, and is disabled for a format whose layout is fixed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox

from desktop_app.domain import StatementLine
from desktop_app.statements import Mapping, profile_from_layout
from desktop_app.statements.profiles import JsonProfileStore
from desktop_app.ui.backend.statement_backend import StatementBackend
from desktop_app.ui.dialogs.import_wizard import ImportWizard
from desktop_app.ui.services import ColumnMapping
from desktop_app.workspace import Workspace, file_sha256
from tests.statements.card_files import card_file, date_cells_file, dated_file, long_giro_file
from tests.statements.ofx_files import CAFE, SHOP, ofx


@pytest.fixture
def store(tmp_path: Path) -> JsonProfileStore:
    return JsonProfileStore(tmp_path / "profiles.json")


@pytest.fixture
def backend(store: JsonProfileStore) -> StatementBackend:
    return StatementBackend(store)


def _wizard(qtbot: Any, qtmodeltester: Any, backend: StatementBackend, path: Path) -> ImportWizard:
    wizard = ImportWizard(backend.preview(path))
    qtbot.addWidget(wizard)
    wizard.open()
    qtmodeltester.check(wizard.preview_model)
    qtmodeltester.check(wizard.columns_model)
    return wizard


def _choose(combo: QComboBox, code: str) -> None:
    index = combo.findData(code)
    assert index > 0, f"{combo.objectName()} offers no {code!r}"
    combo.setCurrentIndex(index)


def _accept(qtbot: Any, wizard: ImportWizard) -> ColumnMapping:
    ok = wizard.buttons.button(QDialogButtonBox.StandardButton.Ok)
    with qtbot.waitSignal(wizard.accepted):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    return wizard.value()


def _import(
    qtbot: Any, wizard: ImportWizard, backend: StatementBackend, path: Path
) -> list[StatementLine]:
    return list(backend.import_file(path, _accept(qtbot, wizard)).lines)


def _amounts(lines: list[StatementLine]) -> list[Decimal]:
    return [line.amount for line in lines]


def test_the_decimal_mark_decides_what_1_234_is(
    qtbot: Any, qtmodeltester: Any, backend: StatementBackend, tmp_path: Path
) -> None:
    """'1,234' with no other amount to settle it is read with a decimal point (a thousand
    and more); the accountant knows the bank writes a decimal comma."""
    path = tmp_path / "ledger.csv"
    path.write_text('Date,Description,Amount\n2024-01-02,Rent,"1,234"\n2024-01-03,Fee,"-2,500"\n')
    assert _amounts(list(backend.read(path).lines)) == [Decimal("1234"), Decimal("-2500")]
    wizard = _wizard(qtbot, qtmodeltester, backend, path)
    assert wizard.decimal_combo.currentText() == "as detected (point)"
    assert wizard.decimal_combo.currentData() is None
    _choose(wizard.decimal_combo, ",")
    assert not wizard.value().is_detection
    assert _amounts(_import(qtbot, wizard, backend, path)) == [Decimal("1.234"), Decimal("-2.500")]


def test_inverting_the_signs_negates_every_amount(
    qtbot: Any, qtmodeltester: Any, backend: StatementBackend, tmp_path: Path
) -> None:
    """A card export showing purchases as positive and a repayment as negative."""
    path = tmp_path / "card.csv"
    path.write_text(
        "Date,Description,Amount\n"
        "2024-01-02,Shop,12.00\n2024-01-03,Cafe,3.50\n2024-01-20,Repayment,-500.00\n"
    )
    wizard = _wizard(qtbot, qtmodeltester, backend, path)
    assert not wizard.invert_check.isChecked()
    assert wizard.value().invert_sign is None
    wizard.invert_check.setChecked(True)
    assert wizard.value().invert_sign is True
    lines = _import(qtbot, wizard, backend, path)
    assert _amounts(lines) == [Decimal("-12.00"), Decimal("-3.50"), Decimal("500.00")]


def test_inverting_the_signs_of_a_bank_account_keeps_its_balance_in_credit(
    qtbot: Any, qtmodeltester: Any, backend: StatementBackend, tmp_path: Path
) -> None:
    """A bank account's export showing the rent paid as positive: the import says to tick
    the box; ticked, the amounts flip and the balance, which falls by the rent, keeps its
    sign and runs with them."""
    path = tmp_path / "bank.csv"
    path.write_text(
        "Date,Description,Amount,Balance\n"
        "01/10/2025,Rent,900.00,100.00\n02/10/2025,Client X INV-1,-1500.00,1600.00\n"
        "13/10/2025,Fee,4.00,1596.00\n14/10/2025,Client Y,-250.00,1846.00\n"
    )
    wizard = _wizard(qtbot, qtmodeltester, backend, path)
    assert wizard.invert_check.text() in backend.read(path).warnings[0].message
    wizard.invert_check.setChecked(True)
    imported = backend.import_file(path, _accept(qtbot, wizard))
    assert _amounts(list(imported.lines)) == [
        Decimal("-900.00"),
        Decimal("1500.00"),
        Decimal("-4.00"),
        Decimal("250.00"),
    ]
    assert [line.balance for line in imported.lines] == [
        Decimal("100.00"),
        Decimal("1600.00"),
        Decimal("1596.00"),
        Decimal("1846.00"),
    ]
    assert (imported.opening_balance, imported.closing_balance) == (
        Decimal("1000.00"),
        Decimal("1846.00"),
    )
    assert imported.warnings == ()


def test_as_detected_keeps_the_applied_profiles_own_date_order(
    qtbot: Any,
    qtmodeltester: Any,
    backend: StatementBackend,
    store: JsonProfileStore,
    tmp_path: Path,
) -> None:
    """The profile reads this bank's dates month-first; the accountant only ticks the signs
    and saves the profile again: the dates stay month-first, now and in the profile."""
    january, february = (card_file(tmp_path, month) for month in (1, 2))
    detected = backend.read(january).layout
    assert detected is not None
    store.save(profile_from_layout("Card", detected, Mapping(date_order="MDY")))

    wizard = _wizard(qtbot, qtmodeltester, backend, february)
    assert wizard.date_order_combo.currentText() == "as detected (Month/Day/Year)"
    wizard.invert_check.setChecked(True)
    wizard.save_check.setChecked(True)
    wizard.profile_edit.setText("Card")
    lines = _import(qtbot, wizard, backend, february)
    assert [(line.date, line.amount) for line in lines] == [
        (dt.date(2024, 2, 2), Decimal("800.00")),  # '02/02'
        (dt.date(2024, 3, 2), Decimal("4.50")),  # '03/02': March, as the profile says
    ]
    [saved] = store.all()
    assert (saved.mapping.date_order, saved.mapping.invert_sign) == ("MDY", True)


def test_the_conventions_are_fixed_for_an_ofx_file(
    qtbot: Any, qtmodeltester: Any, backend: StatementBackend, tmp_path: Path
) -> None:
    path = tmp_path / "checking.ofx"
    path.write_text(ofx([("CHK-1", [SHOP, CAFE])]), encoding="utf-8")
    wizard = _wizard(qtbot, qtmodeltester, backend, path)
    controls = (
        wizard.date_order_combo,
        wizard.decimal_combo,
        wizard.invert_check,
        wizard.account_edit,
    )
    for control in controls:
        assert not control.isEnabled(), control.objectName()
    assert wizard.date_order_combo.currentText() == "as detected"
    assert wizard.account_edit.placeholderText() == "as read: CHK-1"
    assert wizard.value().is_detection


FEES = "Date;Text;Amount\n28/02/2024;Account fee;-5,00\n29/02/2024;Shop;-9,00\n"


def test_the_account_named_in_the_wizard_keeps_two_accounts_equal_fees(
    qtbot: Any, qtmodeltester: Any, backend: StatementBackend, tmp_path: Path
) -> None:
    """Two downloads that name no account, with the same fee on the same day: named in the
    wizard, each account keeps its own fee in the workspace."""
    kept = []
    with Workspace.create(tmp_path / "books.reconcile") as workspace:
        savings = FEES + "01/03/2024;Interest;0,10\n"
        for name, account, text in (
            ("checking.csv", "Checking", FEES),
            ("savings.csv", "Savings", savings),
        ):
            path = tmp_path / name
            path.write_text(text, encoding="utf-8")
            wizard = _wizard(qtbot, qtmodeltester, backend, path)
            assert wizard.account_edit.placeholderText() == "not named in the file"
            qtbot.keyClicks(wizard.account_edit, f" {account} ")
            assert wizard.value() == ColumnMapping(1, {}, account=account)
            result = backend.import_file(path, _accept(qtbot, wizard))
            assert result.account == account
            outcome = workspace.add_statement(
                name, file_sha256(path), {}, result.lines, account=result.account
            )
            kept.append((outcome.added, outcome.skipped_duplicates))
    assert kept == [(2, 0), (3, 0)]


def test_the_account_the_file_names_is_shown_and_kept_when_left_alone(
    qtbot: Any, qtmodeltester: Any, backend: StatementBackend, tmp_path: Path
) -> None:
    path = tmp_path / "ing.csv"
    path.write_text("IBAN;DE89370400440532013000\n\n" + FEES, encoding="utf-8")
    wizard = _wizard(qtbot, qtmodeltester, backend, path)
    assert wizard.account_edit.placeholderText() == "as read: DE89370400440532013000"
    assert wizard.value().is_detection
    assert backend.import_file(path, _accept(qtbot, wizard)).account == "DE89370400440532013000"


@pytest.mark.parametrize(
    "dates",
    [["2024-03-15", "2024-03-16"], ["20240315", "20240316"], ["15 Mar 2024", "16 Mar 2024"]],
    ids=["iso", "compact", "month names"],
)
def test_dates_that_read_one_way_leave_no_date_order_to_choose(
    qtbot: Any, qtmodeltester: Any, backend: StatementBackend, tmp_path: Path, dates: list[str]
) -> None:
    wizard = _wizard(qtbot, qtmodeltester, backend, dated_file(tmp_path, dates))
    combo = wizard.date_order_combo
    assert combo.currentText() == f"as detected (not needed: dates like {dates[0]} are unambiguous)"
    assert not combo.isEnabled()
    assert combo.toolTip().startswith(
        f"Nothing to choose: dates like {dates[0]} are unambiguous, so no day/month order"
    )
    assert wizard.decimal_combo.isEnabled()  # only the date order has nothing to choose
    assert wizard.value().is_detection


def test_date_cells_leave_no_date_order_to_choose(
    qtbot: Any, qtmodeltester: Any, backend: StatementBackend, tmp_path: Path
) -> None:
    wizard = _wizard(qtbot, qtmodeltester, backend, date_cells_file(tmp_path))
    combo = wizard.date_order_combo
    assert combo.currentText() == "as detected (not needed: the cells are real dates)"
    assert not combo.isEnabled()
    assert "the cells are real dates" in combo.toolTip()


def test_the_date_order_names_the_date_that_settled_it(
    qtbot: Any, qtmodeltester: Any, backend: StatementBackend, tmp_path: Path
) -> None:
    path = dated_file(tmp_path, ["02/01/2024", "05/01/2024", "31/01/2024"])
    wizard = _wizard(qtbot, qtmodeltester, backend, path)
    combo = wizard.date_order_combo
    assert combo.currentText() == "as detected (Day/Month/Year, settled by 31/01/2024 in row 4)"
    assert combo.isEnabled()
    _choose(combo, "MDY")  # still the accountant's to overrule
    assert wizard.value().date_order == "MDY"


def test_a_decimal_mark_that_reads_no_amount_is_named_before_importing(
    qtbot: Any, qtmodeltester: Any, backend: StatementBackend, tmp_path: Path
) -> None:
    """The file writes 1234.56; a decimal comma reads none of its amounts. The wizard says
    so, names the column and a cell, and holds the import until the mark is set back;
    the currency, the signs, the account and a role set by hand stay as they were."""
    path = dated_file(tmp_path, ["2024-03-15", "2024-03-16", "2024-03-17"])
    wizard = _wizard(qtbot, qtmodeltester, backend, path)
    _choose(wizard.currency_combo, "EUR")
    wizard.invert_check.setChecked(True)
    qtbot.keyClicks(wizard.account_edit, "Card 1")
    wizard.columns_model.set_role(1, "reference")
    ok = wizard.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert wizard.problem_label.isHidden()

    _choose(wizard.decimal_combo, ",")
    assert not wizard.problem_label.isHidden()
    message = wizard.problem_label.text()
    assert "With a decimal comma, no amount in column 'Amount' can be read" in message
    assert "'-1234.56' in row 2" in message
    assert 'back to "as detected (point)"' in message
    assert not ok.isEnabled()
    wizard.accept()  # Enter, say: refused while the problem stands
    assert wizard.isVisible()
    assert wizard.result() != QDialog.DialogCode.Accepted

    wizard.decimal_combo.setCurrentIndex(0)  # back to "as detected (point)"
    assert wizard.problem_label.isHidden()
    assert ok.isEnabled()
    choice = _accept(qtbot, wizard)
    assert choice == ColumnMapping(
        1,
        {0: "date", 1: "reference", 2: "amount"},
        currency="EUR",
        invert_sign=True,
        account="Card 1",
        chosen=frozenset({1}),  # the role set by hand
    )
    result = backend.import_file(path, choice)
    assert [(line.reference, line.amount, line.currency) for line in result.lines] == [
        ("Line 0", Decimal("1234.56"), "EUR"),
        ("Line 1", Decimal("4.50"), "EUR"),
        ("Line 2", Decimal("-2500.00"), "EUR"),
    ]
    assert result.account == "Card 1"


def test_a_decimal_mark_is_checked_against_every_line_of_the_file(
    qtbot: Any, qtmodeltester: Any, backend: StatementBackend, tmp_path: Path
) -> None:
    """The credit column's one amount is the salary in row 5,001, far below the first
    thousand lines: a decimal point reads none of that column, and the wizard says so
    before the import, naming the row, as it would for a small file."""
    path = long_giro_file(tmp_path)
    wizard = _wizard(qtbot, qtmodeltester, backend, path)
    assert wizard.decimal_combo.currentText() == "as detected (comma)"
    _choose(wizard.decimal_combo, ".")
    assert not wizard.problem_label.isHidden()
    assert (
        "no amount in column 'Haben' can be read ('2.500,00' in row 5001 is one)"
        in wizard.problem_label.text()
    )
    assert not wizard.import_button.isEnabled()
    wizard.decimal_combo.setCurrentIndex(0)
    assert wizard.import_button.isEnabled()
    lines = _import(qtbot, wizard, backend, path)
    assert (lines[-1].row, lines[-1].amount) == (5001, Decimal("2500.00"))


def test_a_decimal_mark_that_skips_some_lines_is_named_but_may_be_chosen(
    qtbot: Any, qtmodeltester: Any, backend: StatementBackend, tmp_path: Path
) -> None:
    """Whole amounts read with either mark; two written with a decimal point, far down the
    file, do not read with a comma. The wizard names the column, how many and the first
    before the import, and lets the accountant import as set: the comma still reads the
    rest of the column, and those two cells may be the wrong ones."""
    amounts = ["-12" if number % 2 else "300" for number in range(6000)]
    amounts[4999], amounts[5498] = "-12.50", "7.25"
    path = tmp_path / "ledger.csv"
    path.write_text(
        "Date,Description,Amount\n"
        + "".join(
            f"2024-03-{1 + number % 28:02d},Line {number},{amount}\n"
            for number, amount in enumerate(amounts)
        )
    )
    wizard = _wizard(qtbot, qtmodeltester, backend, path)
    assert wizard.warning_label.isHidden()
    _choose(wizard.decimal_combo, ",")
    assert not wizard.warning_label.isHidden()
    assert wizard.warning_label.text() == (
        "With a decimal comma, 2 amounts in column 'Amount' (the first: '-12.50' in row "
        "5001) cannot be read: those 2 lines would be skipped. Set the decimal mark back "
        'to "as detected (point)" to keep them, or import as set if those cells are '
        "wrong in the file."
    )
    assert wizard.problem_label.isHidden()
    assert wizard.import_button.isEnabled()

    wizard.decimal_combo.setCurrentIndex(0)
    assert wizard.warning_label.isHidden()
    _choose(wizard.decimal_combo, ",")
    result = backend.import_file(path, _accept(qtbot, wizard))
    assert len(result.lines) == 5998
    assert [warning.row for warning in result.warnings] == [5001, 5500]


CARD = (
    'Date,Text,Debit,Credit\n2024-03-07,Shop,"579,68",\n2024-03-08,Cafe,"544,00",\n'
    '2024-03-09,Bakery,"12,50",\n2024-03-10,Rent,1084,\n'
)
SHOWN = {0: "date", 1: "description", 2: "debit", 3: "credit"}


def test_roles_left_alone_stay_where_shown_when_the_decimal_mark_changes(
    qtbot: Any, qtmodeltester: Any, backend: StatementBackend, tmp_path: Path
) -> None:
    """Read with a decimal comma, 'Debit' and 'Credit' are shown as the debit and credit
    columns. The accountant switches to a decimal point (the wizard says three debits
    would be skipped) and imports as set, touching no role: the columns stay as shown,
    so the rent is money out, not an amount of +1084 in a column no longer read as
    debits, and 'Credit' is still the credit column."""
    path = tmp_path / "card.csv"
    path.write_text(CARD)
    wizard = _wizard(qtbot, qtmodeltester, backend, path)
    assert wizard.columns_model.roles() == SHOWN
    _choose(wizard.decimal_combo, ".")
    assert wizard.warning_label.text().startswith(
        "With a decimal point, 3 amounts in column 'Debit' (the first: '579,68' in row 2)"
    )
    assert wizard.import_button.isEnabled()
    choice = _accept(qtbot, wizard)
    assert choice.roles == {}  # nothing corrected but the mark
    result = backend.import_file(path, choice)
    assert result.layout is not None
    assert result.layout.column_roles() == SHOWN
    assert [(line.row, line.amount) for line in result.lines] == [(5, Decimal("-1084"))]
    assert [warning.row for warning in result.warnings] == [2, 3, 4]


def test_roles_left_alone_do_not_vanish_when_the_decimal_mark_changes(
    qtbot: Any, qtmodeltester: Any, backend: StatementBackend, tmp_path: Path
) -> None:
    """With a salary in 'Credit', a decimal point read alone leaves no column the importer
    would take for amounts, and the file would not import at all; the columns shown
    still hold the rent and the salary, which are imported."""
    path = tmp_path / "card.csv"
    path.write_text(CARD + "2024-03-11,Salary,,2500\n")
    wizard = _wizard(qtbot, qtmodeltester, backend, path)
    _choose(wizard.decimal_combo, ".")
    result = backend.import_file(path, _accept(qtbot, wizard))
    assert result.layout is not None
    assert result.layout.column_roles() == SHOWN
    assert [(line.row, line.amount) for line in result.lines] == [
        (5, Decimal("-1084")),
        (6, Decimal("2500")),
    ]


GIRO = (
    "Datum;Text;Betrag;Saldo\n15.03.2024;Miete;-800;1.200,50\n"
    "16.03.2024;Karte;-12;1.188,50\n17.03.2024;Gehalt;2500;3.688,50\n"
)


@pytest.mark.parametrize("by_hand", [False, True], ids=["roles as shown", "a role set by hand"])
def test_a_balance_the_decimal_mark_cannot_read_gives_way_with_a_note(
    qtbot: Any, qtmodeltester: Any, backend: StatementBackend, tmp_path: Path, by_hand: bool
) -> None:
    """'Saldo' is the balance, read with a decimal comma; with a decimal point none of
    its amounts reads, so it cannot stay the balance the accountant saw, whether or not
    they set another role by hand: the wizard says so before the import, and the import's
    warnings say what became of it. The roles that can stay, stay."""
    path = tmp_path / "giro.csv"
    path.write_text(GIRO, encoding="utf-8")
    wizard = _wizard(qtbot, qtmodeltester, backend, path)
    assert wizard.columns_model.roles()[3] == "balance"
    if by_hand:
        wizard.columns_model.set_role(1, "reference")
    _choose(wizard.decimal_combo, ".")
    assert wizard.warning_label.text() == (
        "With a decimal point, column 'Saldo' cannot be the balance: none of its amounts "
        "can be read. The import will look for it among the other columns, or do without it."
    )
    assert wizard.import_button.isEnabled()
    result = backend.import_file(path, _accept(qtbot, wizard))
    assert str(result.warnings[0]) == (
        "giro.csv column Saldo: none of its amounts reads with a decimal point, so it is no "
        "longer the balance column, and no column is"
    )
    assert [(line.amount, line.balance) for line in result.lines] == [
        (Decimal("-800"), None),
        (Decimal("-12"), None),
        (Decimal("2500"), None),
    ]
    assert result.layout is not None
    assert (result.layout.amount, result.layout.balance) == (2, None)
    assert result.layout.reference == ((1,) if by_hand else ())


def test_a_balance_set_by_hand_stays_whatever_the_decimal_mark(
    qtbot: Any, qtmodeltester: Any, backend: StatementBackend, tmp_path: Path
) -> None:
    """Guard: a role the accountant set is theirs, even where the mark reads none of it."""
    path = tmp_path / "giro.csv"
    path.write_text(GIRO, encoding="utf-8")
    wizard = _wizard(qtbot, qtmodeltester, backend, path)
    wizard.columns_model.set_role(3, "balance")
    _choose(wizard.decimal_combo, ".")
    assert wizard.warning_label.isHidden()
    result = backend.import_file(path, _accept(qtbot, wizard))
    assert result.layout is not None
    assert result.layout.balance == 3
    assert result.warnings == ()
