"""A quiet month with every sign flipped, a balance column and its opening and closing
balances stated around the table: the stated balances say which sign the balances keep
where the column's steps cannot.

One line, or dates in no one order, leave the balance column's steps nothing to say by.
Such a month was negated by default (or as a profile remembered) even where its stated
balances add up only the other way: a bank account's November read overdrawn, with two
warnings that its stated opening and closing differ from the column's. The stated
balances now decide here as they do for a table with no balance column
(``balance_sign.by_stated``): after the column's steps, before the profile's memory
(against which they are followed, and the warning says so), before the default.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from desktop_app.statements import (
    JsonProfileStore,
    Mapping,
    StatementImport,
    import_statement,
    profile_from_layout,
)
from desktop_app.statements.balance import Chain
from desktop_app.statements.layout import Layout

FLIPPED = Mapping(invert_sign=True)
HEADER = "Date,Description,Amount,Balance\n"
TOO_FEW = "too few of its steps add up to say which way it runs with them"

# A bank account's quiet November, money out positive: one fee off 1846.00 in credit.
BANK_NOVEMBER = (
    "Bank export\nOpening balance,1846.00\n" + HEADER + "14/11/2025,Fee,4.00,1842.00\n"
    "Closing balance,1842.00\n"
)
# A card's quiet April, from the issuer's side: one purchase on 105.20 owed.
CARD_APRIL = (
    "Card statement\nOpening balance,105.20\n" + HEADER + "2024-04-14,Books,12.50,117.70\n"
    "Closing balance,117.70\n"
)
# The bank's month with its dates in no one order: every step adds up, none says which
# way the balance runs with the amounts.
BANK_JUMBLED = (
    "Bank export\nOpening balance,2000.00\n" + HEADER + "01/11/2025,Rent,900.00,1100.00\n"
    "20/11/2025,Client,-100.00,1200.00\n10/11/2025,Fee,4.00,1196.00\nClosing balance,1196.00\n"
)
# What the evidence adds where nothing in the file says and nothing remembers.
DEFAULT = (
    'no saved profile remembers it, nor does the mapping say ("balance_sign_kept"): '
    "negated, the default, as a card's balance owed is, which a file showing money out as "
    "positive most often is; a bank account's balance in credit reads so as overdrawn (if "
    "this is one, save a profile from a month whose balances say which sign they keep, or "
    'give the mapping "balance_sign_kept": true)'
)


def _layout(result: StatementImport) -> Layout:
    assert result.layout is not None
    return result.layout


def _sign_evidence(result: StatementImport) -> str:
    """The amount evidence's line that says what was taken of the balances' sign."""
    (said,) = [line for line in dict(_layout(result).evidence)["amount"] if "flipped" in line]
    return said


def _stated_said(kept: bool, closing_row: int) -> str:
    """The evidence's tail where the stated balances decided, the column's steps not."""
    like = "a bank account's balance does" if kept else "a card's balance owed does"
    other = "negated with the amounts" if kept else "kept"
    return (
        f"{TOO_FEW}, but the stated balances say it: only so does Opening balance (row 2) "
        f"plus the movements reach Closing balance (row {closing_row}), as {like}; {other}, "
        "they would add up only with Closing balance taken for the opening"
    )


def test_a_bank_accounts_quiet_month_keeps_its_balances_as_they_are_stated(
    write_csv: Callable[..., Path],
) -> None:
    """Negated, the fee's balance read -1842.00 and the opening -1838.00, each stated
    balance warned of as differing from the column's."""
    result = import_statement(write_csv(BANK_NOVEMBER, "bank-2025-11.csv"), mapping=FLIPPED)

    assert [(line.amount, line.balance) for line in result.lines] == [
        (Decimal("-4.00"), Decimal("1842.00"))
    ]
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("1846.00"),
        Decimal("1842.00"),
    )
    layout = _layout(result)
    assert (layout.balance_sign_kept, layout.balance_sign_by_steps) == (True, True)
    assert layout.balance_sign_unsaid is None  # the stated balances said it
    assert _sign_evidence(result) == (
        "balance: column 'Balance' keeps its sign, the amounts alone flipped: "
        + _stated_said(kept=True, closing_row=5)
    )
    said = (
        "stated balances: Opening balance 1846.00 (row 2) + 1 movement -4.00 = Closing "
        "balance 1842.00 (row 5)"
    )
    assert dict(layout.evidence)["balances"] == (said,)
    assert result.warnings == ()


def test_a_cards_quiet_month_is_negated_because_its_stated_balances_say_so(
    write_csv: Callable[..., Path],
) -> None:
    """Negated as by default, but said as decided: a profile saved from it remembers."""
    result = import_statement(write_csv(CARD_APRIL, "card-2024-04.csv"), mapping=FLIPPED)

    assert [line.balance for line in result.lines] == [Decimal("-117.70")]
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("-105.20"),
        Decimal("-117.70"),
    )
    layout = _layout(result)
    assert (layout.balance_sign_kept, layout.balance_sign_by_steps) == (False, True)
    assert _sign_evidence(result) == (
        "balance: column 'Balance' negated with the amounts, every sign flipped: "
        + _stated_said(kept=False, closing_row=5)
    )
    assert result.warnings == ()
    assert profile_from_layout("My card", layout, FLIPPED).mapping.balance_sign_kept is False


def test_dates_in_no_one_order_turn_the_column_with_the_stated_balances(
    write_csv: Callable[..., Path],
) -> None:
    """The column's reading turns with its sign: negated, it was read before each row,
    newest first, and the stated balances added up only with the closing taken for the
    opening (-1196.00 to -2000.00); kept, it is read after each row, oldest first."""
    result = import_statement(write_csv(BANK_JUMBLED, "bank-jumbled.csv"), mapping=FLIPPED)

    assert [line.balance for line in result.lines] == [
        Decimal("1100.00"),
        Decimal("1200.00"),
        Decimal("1196.00"),
    ]
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("2000.00"),
        Decimal("1196.00"),
    )
    layout = _layout(result)
    assert layout.balance_chain is Chain.AFTER_OLDEST_FIRST
    amount = dict(layout.evidence)["amount"]
    assert (
        "balance: column 'Balance' (balance after each row, oldest first; 2 of 2 steps add up)"
        in amount
    )
    assert _sign_evidence(result) == (
        "balance: column 'Balance' keeps its sign, the amounts alone flipped: the dates run "
        "in no one order to say which way it runs with them, but the stated balances say it: "
        "only so does Opening balance (row 2) plus the movements reach Closing balance (row "
        "7), as a bank account's balance does; negated with the amounts, they would add up "
        "only with Closing balance taken for the opening"
    )
    assert result.warnings == ()


def test_stated_balances_adding_up_neither_way_leave_the_default_and_say_so(
    write_csv: Callable[..., Path],
) -> None:
    """A line missing: neither sign reaches the closing balance. The default stands, and
    the evidence says that the stated balances could not say either."""
    text = BANK_NOVEMBER.replace("Closing balance,1842.00", "Closing balance,1800.00")
    result = import_statement(write_csv(text, "bank-2025-11.csv"), mapping=FLIPPED)

    assert [line.balance for line in result.lines] == [Decimal("-1842.00")]
    layout = _layout(result)
    assert (layout.balance_sign_kept, layout.balance_sign_by_steps) == (False, False)
    assert _sign_evidence(result) == (
        f"balance: column 'Balance' negated with the amounts, every sign flipped: {TOO_FEW}; "
        "the stated balances add up neither way with the one their words call the opening "
        f"first, and {DEFAULT}"
    )
    mismatch = (
        "bank-2025-11.csv: the stated balances do not add up: Opening balance -1846.00 + "
        "movements -4.00 = -1850.00, but Closing balance says -1800.00 (a line may be missing "
        "or misread)"
    )
    differs = [
        f"bank-2025-11.csv row {row}: {label} (row {row}) differs from the balance column's "
        f"{column}"
        for row, label, column in (
            (2, "Opening balance -1846.00", "-1838.00"),
            (5, "Closing balance -1800.00", "-1842.00"),
        )
    ]
    assert [str(warning) for warning in result.warnings] == [mismatch, *differs]


def test_stated_balances_against_a_remembered_profile_are_followed_and_warned_of(
    write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    """A card's profile (its busy month's steps said negated) applied to the bank's quiet
    month, the two exports sharing their columns: the stated balances say kept, and are
    followed; the warning is the one stated balances give against a profile."""
    busy = (
        "Card statement\nOpening balance,105.20\n" + HEADER + "2024-04-14,Books,12.50,117.70\n"
        "2024-04-20,Fuel,30.00,147.70\n2024-04-22,Refund,-7.70,140.00\nClosing balance,140.00\n"
    )
    card = import_statement(write_csv(busy, "card-2024-04.csv"), mapping=FLIPPED)
    assert _layout(card).balance_sign_by_steps
    store = JsonProfileStore(tmp_path / "profiles.json")
    store.save(profile_from_layout("My card", _layout(card), FLIPPED))

    text = BANK_NOVEMBER.replace("Bank export", "Card statement")
    result = import_statement(write_csv(text, "bank-2025-11.csv"), profiles=store)

    assert _layout(result).profile == "My card"
    assert [line.balance for line in result.lines] == [Decimal("1842.00")]
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("1846.00"),
        Decimal("1842.00"),
    )
    assert _sign_evidence(result) == (
        "balance: column 'Balance' keeps its sign, the amounts alone flipped: "
        + _stated_said(kept=True, closing_row=5)
        + "; the saved profile 'My card' remembers it negated with the amounts, but the "
        "stated balances here say otherwise and are followed"
    )
    contradiction = (
        "bank-2025-11.csv column Balance: the stated balances keep their sign, the amounts "
        "alone flipped, as a bank account's balance does: only so does the opening balance "
        "plus the movements reach the closing balance, but the saved profile 'My card' "
        "remembers it negated with the amounts; the stated balances are followed. A month "
        "with too few steps to say is read as the profile remembers: if this export now "
        "reads this way, save the profile again from this file; if the profile is applied "
        "to two accounts' exports alike (a bank account's and a card's), check the balances "
        "of such a month"
    )
    assert [str(warning) for warning in result.warnings] == [contradiction]
