"""With every sign flipped, what the balances' sign was taken as where the balance column's
steps cannot say, and why.

A quiet month read with no saved profile, or with one saved before profiles remembered
the sign, was negated with the amounts; where it had movements the evidence said too few
steps add up, and where it had none it said nothing at all. The negation stays the
default, as a card's balance owed is (the file "flip every sign" is most often for, as
the statement importers' "inverse sign for credit cards" is), and the evidence now says it
was assumed, why, and what a bank account's accountant does.

A file with no balance column but with its opening and closing balances stated was
negated too, and a bank account's export still added up, with its closing balance taken
for its opening ("Closing balance -1046.00 + 2 movements = Opening balance -1846.00"):
the stated balances' own arithmetic, in the order their words give them, now decides the
sign as a balance column's steps do, and a profile saved from such a month remembers it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.statements import (
    JsonProfileStore,
    Mapping,
    StatementImport,
    import_statement,
    profile_from_layout,
)
from desktop_app.statements.layout import Layout
from desktop_app.statements.profiles import profile_from_json, profile_to_json

FLIPPED = Mapping(invert_sign=True)
# What the evidence adds where nothing in the file says and nothing remembers.
DEFAULT = (
    "negated, the default, as a card's balance owed is, which a file showing money out as "
    "positive most often is; a bank account's balance in credit reads so as overdrawn (if "
    "this is one, save a profile from a month whose balances say which sign they keep, or "
    'give the mapping "balance_sign_kept": true)'
)
NO_MEMORY = 'no saved profile remembers it, nor does the mapping say ("balance_sign_kept")'
NEGATED = "balance: column 'Balance' negated with the amounts, every sign flipped"
STATED_NEGATED = "balance: each balance stated negated with the amounts, every sign flipped"
STATED_KEPT = "balance: each balance stated keeps its sign, the amounts alone flipped"

BALANCE_HEADER = "Date,Description,Amount,Balance\n"
# A bank account's quiet November: one fee, no step to say which way the balance runs.
ONE_FEE = BALANCE_HEADER + "14/11/2025,Fee,4.00,1842.00\n"
# A quieter December: no movement, the balance stated below the header.
NO_MOVEMENT = BALANCE_HEADER + "31/12/2025,Closing balance,,1842.00\n"

# A bank account's export with no balance column, money out positive, its balances
# stated around the table: 1846.00 in credit, rent paid, a client's 100.00 in.
BANK = (
    "Bank export\nOpening balance,1846.00\nDate,Description,Amount\n"
    "01/11/2025,Rent,900.00\n14/11/2025,Client Z,-100.00\nClosing balance,1046.00\n"
)
# A card's export with no balance column: 105.20 owed, two purchases.
CARD = (
    "Card statement\nOpening balance,105.20\nDate,Description,Amount\n"
    "2024-04-14,Books,12.50\n2024-04-20,Fuel,30.00\nClosing balance,147.70\n"
)


def _layout(result: StatementImport) -> Layout:
    assert result.layout is not None
    return result.layout


def _sign_evidence(result: StatementImport) -> str:
    """The amount evidence's line that says what was taken of the balances' sign."""
    (said,) = [line for line in dict(_layout(result).evidence)["amount"] if "flipped" in line]
    return said


def _old_profile(tmp_path: Path, write_csv: Callable[..., Path], text: str) -> JsonProfileStore:
    """A store holding the profile 'My bank' saved from ``text`` read with every sign
    flipped, as a version before profiles remembered the balances' sign kept it."""
    busy = import_statement(write_csv(text, "busy.csv"), mapping=FLIPPED)
    stored = profile_to_json(profile_from_layout("My bank", _layout(busy), FLIPPED))
    stored.pop("balance_sign_kept", None)
    store = JsonProfileStore(tmp_path / "old.json")
    store.save(profile_from_json(stored))
    return store


def test_a_quiet_month_with_nothing_remembered_says_it_was_negated_and_why(
    write_csv: Callable[..., Path],
) -> None:
    result = import_statement(write_csv(ONE_FEE), mapping=FLIPPED)

    assert [(line.amount, line.balance) for line in result.lines] == [
        (Decimal("-4.00"), Decimal("-1842.00"))
    ]
    assert _sign_evidence(result) == (
        f"{NEGATED}: too few of its steps add up to say which way it runs with them, and "
        f"{NO_MEMORY}: {DEFAULT}"
    )


def test_a_quiet_month_read_with_an_old_profile_names_it(
    write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    busy = BALANCE_HEADER + "01/10/2025,Rent,900.00,100.00\n02/10/2025,Client,-1500.00,1600.00\n"
    store = _old_profile(tmp_path, write_csv, busy)
    result = import_statement(write_csv(ONE_FEE, "bank-2025-11.csv"), profiles=store)

    assert _layout(result).profile == "My bank"
    assert [line.balance for line in result.lines] == [Decimal("-1842.00")]
    assert _sign_evidence(result) == (
        f"{NEGATED}: too few of its steps add up to say which way it runs with them, and the "
        "saved profile 'My bank' remembers no sign for them (saved from a month whose "
        f"balances did not say, or before profiles remembered it): {DEFAULT}"
    )


def test_a_month_without_movements_says_its_balance_was_negated_and_why(
    write_csv: Callable[..., Path],
) -> None:
    """It said nothing of the sign at all: its one balance was negated unseen."""
    result = import_statement(write_csv(NO_MOVEMENT), mapping=FLIPPED)

    assert result.lines == ()
    assert result.closing_balance == Decimal("-1842.00")
    assert _sign_evidence(result) == (
        f"{NEGATED}: the statement has no movements to say which way it runs with them, and "
        f"{NO_MEMORY}: {DEFAULT}"
    )


def test_a_bank_export_without_a_balance_column_keeps_its_stated_balances(
    write_csv: Callable[..., Path],
) -> None:
    """Negated, its balances added up only with the closing balance taken for the
    opening: opening -1046.00, closing -1846.00, an account in credit shown overdrawn."""
    result = import_statement(write_csv(BANK), mapping=FLIPPED)

    assert [line.amount for line in result.lines] == [Decimal("-900.00"), Decimal("100.00")]
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("1846.00"),
        Decimal("1046.00"),
    )
    layout = _layout(result)
    assert (layout.balance_sign_kept, layout.balance_sign_by_steps) == (True, True)
    assert _sign_evidence(result) == (
        f"{STATED_KEPT}: only so does Opening balance (row 2) plus the movements reach "
        "Closing balance (row 6), as a bank account's balance does; negated with the "
        "amounts, they would add up only with Closing balance taken for the opening"
    )
    said = (
        "stated balances: Opening balance 1846.00 (row 2) + 2 movements -800.00 = Closing "
        "balance 1046.00 (row 6)"
    )
    assert dict(layout.evidence)["balances"] == (said,)
    assert result.warnings == ()


def test_a_card_export_without_a_balance_column_is_negated_as_its_balances_say(
    write_csv: Callable[..., Path],
) -> None:
    result = import_statement(write_csv(CARD), mapping=FLIPPED)

    assert (result.opening_balance, result.closing_balance) == (
        Decimal("-105.20"),
        Decimal("-147.70"),
    )
    layout = _layout(result)
    assert (layout.balance_sign_kept, layout.balance_sign_by_steps) == (False, True)
    assert _sign_evidence(result) == (
        f"{STATED_NEGATED}: only so does Opening balance (row 2) plus the movements reach "
        "Closing balance (row 6), as a card's balance owed does; kept, they would add up "
        "only with Closing balance taken for the opening"
    )


# The closing balance above the header, the opening below the table.
CLOSING_FIRST = (
    "Closing balance,1046.00\nDate,Description,Amount\n01/11/2025,Rent,900.00\n"
    "14/11/2025,Client Z,-100.00\nBalance at start of period,1846.00\n"
)
# Dated balance rows of the table itself, read as balances, not as lines.
DATED_ROWS = (
    "Date,Description,Amount\n31/10/2025,Opening balance,1846.00\n01/11/2025,Rent,900.00\n"
    "14/11/2025,Client Z,-100.00\n30/11/2025,Closing balance,1046.00\n"
)


@pytest.mark.parametrize("text", [CLOSING_FIRST, DATED_ROWS])
def test_the_words_of_the_balances_say_which_opens_wherever_they_stand(
    write_csv: Callable[..., Path], text: str
) -> None:
    result = import_statement(write_csv(text), mapping=FLIPPED)

    assert (result.opening_balance, result.closing_balance) == (
        Decimal("1846.00"),
        Decimal("1046.00"),
    )
    assert _layout(result).balance_sign_kept
    assert result.warnings == ()


def test_one_balance_stated_cannot_say_and_is_negated_by_default(
    write_csv: Callable[..., Path],
) -> None:
    text = "Closing balance,1046.00\nDate,Description,Amount\n01/11/2025,Rent,900.00\n"
    result = import_statement(write_csv(text), mapping=FLIPPED)

    assert result.closing_balance == Decimal("-1046.00")
    assert not _layout(result).balance_sign_by_steps
    assert _sign_evidence(result) == (
        f"{STATED_NEGATED}: one balance alone is stated, with nothing to add the movements "
        f"to, and {NO_MEMORY}: {DEFAULT}"
    )


# Movements that add up to nothing: the stated balances tie negated or kept alike.
EVEN = (
    "Bank export\nOpening balance,1846.00\nDate,Description,Amount\n"
    "01/11/2025,Rent,40.00\n14/11/2025,Refund,-40.00\nClosing balance,1846.00\n"
)


def test_movements_adding_up_to_nothing_cannot_say_and_are_negated_by_default(
    write_csv: Callable[..., Path],
) -> None:
    result = import_statement(write_csv(EVEN), mapping=FLIPPED)

    assert (result.opening_balance, result.closing_balance) == (
        Decimal("-1846.00"),
        Decimal("-1846.00"),
    )
    assert not _layout(result).balance_sign_by_steps
    assert _sign_evidence(result) == (
        f"{STATED_NEGATED}: the movements add up to nothing, so the stated balances add up "
        f"either way, and {NO_MEMORY}: {DEFAULT}"
    )


def test_movements_adding_up_to_nothing_are_read_as_the_mapping_remembers(
    write_csv: Callable[..., Path],
) -> None:
    mapping = Mapping(invert_sign=True, balance_sign_kept=True)
    result = import_statement(write_csv(EVEN), mapping=mapping)

    assert (result.opening_balance, result.closing_balance) == (
        Decimal("1846.00"),
        Decimal("1846.00"),
    )
    assert not _layout(result).balance_sign_by_steps
    assert _sign_evidence(result) == (
        f'{STATED_KEPT}, as the mapping says ("balance_sign_kept": true): the movements add '
        "up to nothing, so the stated balances add up either way"
    )
    assert result.warnings == ()


def test_stated_balances_adding_up_neither_way_cannot_say_and_are_negated_by_default(
    write_csv: Callable[..., Path],
) -> None:
    """The closing balance reached by neither sign (a line missing): the sign is
    assumed, and the balances' mismatch warned of as read so."""
    text = BANK.replace("Closing balance,1046.00", "Closing balance,1000.00")
    result = import_statement(write_csv(text), mapping=FLIPPED)

    assert (result.opening_balance, result.closing_balance) == (
        Decimal("-1846.00"),
        Decimal("-1000.00"),
    )
    assert not _layout(result).balance_sign_by_steps
    assert _sign_evidence(result) == (
        f"{STATED_NEGATED}: the stated balances add up neither way with the one their words "
        f"call the opening first, and {NO_MEMORY}: {DEFAULT}"
    )
    said = (
        "statement.csv: the stated balances do not add up: Opening balance -1846.00 + "
        "movements -800.00 = -2646.00, but Closing balance says -1000.00 (a line may be "
        "missing or misread)"
    )
    assert [str(warning) for warning in result.warnings] == [said]


def test_a_profile_saved_from_such_a_month_keeps_the_next_quiet_months_balance(
    write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    """The stated balances decided, so the profile remembers it: December, with no
    movement and only its closing balance, is read with it in credit."""
    busy = import_statement(write_csv(BANK, "bank-2025-11.csv"), mapping=FLIPPED)
    store = JsonProfileStore(tmp_path / "profiles.json")
    store.save(profile_from_layout("My bank", _layout(busy), FLIPPED))
    (saved,) = store.all()
    assert saved.mapping.balance_sign_kept is True

    quiet = "Bank export\nDate,Description,Amount\nClosing balance,1046.00\n"
    december = import_statement(write_csv(quiet, "bank-2025-12.csv"), profiles=store)
    assert _layout(december).profile == "My bank"
    assert december.closing_balance == Decimal("1046.00")
    assert _sign_evidence(december) == (
        f"{STATED_KEPT}, as the saved profile 'My bank' remembers from the file it was saved "
        "from: the statement has no movements to say which way it runs with them"
    )


def test_stated_balances_against_the_profiles_memory_are_followed_and_warned_of(
    write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    """A card's profile applied to the bank's export (one header for both): the stated
    balances say they keep their sign, and are followed; the warning says the profile
    remembers otherwise, as for a balance column's steps."""
    card = import_statement(write_csv(CARD, "card-2024-04.csv"), mapping=FLIPPED)
    store = JsonProfileStore(tmp_path / "profiles.json")
    store.save(profile_from_layout("My card", _layout(card), FLIPPED))

    result = import_statement(
        write_csv(BANK.replace("Bank export", "Card statement")), profiles=store
    )
    assert _layout(result).profile == "My card"
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("1846.00"),
        Decimal("1046.00"),
    )
    assert _sign_evidence(result).endswith(
        "; the saved profile 'My card' remembers it negated with the amounts, but the stated "
        "balances here say otherwise and are followed"
    )
    (warning,) = result.warnings
    assert warning.message.startswith(
        "the stated balances keep their sign, the amounts alone flipped, as a bank account's "
        "balance does: only so does the opening balance plus the movements reach the closing "
        "balance, but the saved profile 'My card' remembers it negated with the amounts; the "
        "stated balances are followed."
    )


def test_the_command_line_json_says_it(
    write_csv: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = tmp_path / "flipped.json"
    mapping.write_text(json.dumps({"invert_sign": True}))

    assert main(["statement", str(write_csv(BANK)), "--mapping", str(mapping)]) == 0
    output = json.loads(capsys.readouterr().out)
    assert (output["opening_balance"], output["closing_balance"]) == ("1846.00", "1046.00")
    assert output["layout"]["balance_sign_kept"] is True
    assert output["layout"]["evidence"]["amount"][-1].startswith(f"{STATED_KEPT}: only so")

    assert (
        main(["statement", str(write_csv(NO_MOVEMENT, "dec.csv")), "--mapping", str(mapping)]) == 0
    )
    output = json.loads(capsys.readouterr().out)
    assert output["layout"]["balance_sign_kept"] is False
    assert output["layout"]["evidence"]["amount"][-1].endswith(f"{NO_MEMORY}: {DEFAULT}")
