"""A saved "flip every sign" profile remembers whether the balances keep their sign.

With ``invert_sign`` the balance column's steps decide whether the balances keep their
sign (a bank account's export, whose balance in credit falls by each payment shown
positive) or are negated with the amounts (a card's balance owed, rising with each
purchase). A quiet month has too few steps to decide by, and was negated whatever the
export: a bank account in credit showed overdrawn, its opening a sign apart from the
closing of the busy month before. A profile saved from a file whose steps decided now
remembers it, and a file whose steps cannot say is read so, the evidence naming the
profile; steps that say are still followed, and where they contradict the profile a
warning says so (an export changed, or one profile serving a bank account's and a card's
exports alike).
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
    MappingError,
    StatementImport,
    import_statement,
    profile_from_layout,
)
from desktop_app.statements.balance import Chain, fit_chain, flipped_fit
from desktop_app.statements.layout import Layout
from desktop_app.statements.profiles import profile_from_json, profile_to_json

FLIPPED = Mapping(invert_sign=True)
HEADER = "Date,Description,Amount,Balance\n"

# A bank account's export showing money out as positive: busy October, oldest first.
BANK_OCTOBER = (
    HEADER + "01/10/2025,Rent,900.00,100.00\n"
    "02/10/2025,Client X INV-1,-1500.00,1600.00\n"
    "13/10/2025,Fee,4.00,1596.00\n"
    "14/10/2025,Client Y,-250.00,1846.00\n"
)
# A quiet November: one fee, no step to say which way the balance runs with it.
BANK_NOVEMBER = HEADER + "14/11/2025,Fee,4.00,1842.00\n"
# A quieter December: no movement, the balance stated below the header.
BANK_DECEMBER = HEADER + "31/12/2025,Closing balance,,1842.00\n"

# A card's export from the issuer's side: busy March, oldest first, owing 100.00 before.
CARD_MARCH = (
    "Card statement\n"
    "Opening balance,100.00\n" + HEADER + "2024-03-01,Grocer,45.20,145.20\n"
    "2024-03-03,Payment - thank you,-100.00,45.20\n"
    "2024-03-05,Fuel,60.00,105.20\n"
    "Closing balance,105.20\n"
)
# A quiet April: one purchase.
CARD_APRIL = (
    "Card statement\n"
    "Opening balance,105.20\n" + HEADER + "2024-04-14,Books,12.50,117.70\n"
    "Closing balance,117.70\n"
)
# A quieter May: nothing bought, the balance owed stated.
CARD_MAY = "Card statement\nOpening balance,117.70\n" + HEADER + "Closing balance,117.70\n"

BANK_REMEMBERS = "as the saved profile 'My bank' remembers from the file it was saved from"
CARD_REMEMBERS = "as the saved profile 'My card' remembers from the file it was saved from"
# What the warning of steps against a profile's memory says to do.
QUIET_ADVICE = (
    "A month with too few steps to say is read as the profile remembers: if this export "
    "now reads this way, save the profile again from this file; if the profile is applied "
    "to two accounts' exports alike (a bank account's and a card's), check the balances "
    "of such a month"
)


def _layout(result: StatementImport) -> Layout:
    assert result.layout is not None
    return result.layout


def _balance_evidence(result: StatementImport) -> str:
    """The amount evidence's last line: what was decided of the balance's sign."""
    return dict(_layout(result).evidence)["amount"][-1]


def _saved(
    write_csv: Callable[..., Path], tmp_path: Path, name: str, text: str, file_name: str
) -> JsonProfileStore:
    """The store holding the profile the accountant saves after importing ``text`` with
    every sign flipped."""
    store = JsonProfileStore(tmp_path / f"{name}.json")
    busy = import_statement(write_csv(text, file_name), mapping=FLIPPED)
    store.save(profile_from_layout(name, _layout(busy), FLIPPED))
    return store


@pytest.fixture
def bank(write_csv: Callable[..., Path], tmp_path: Path) -> JsonProfileStore:
    return _saved(write_csv, tmp_path, "My bank", BANK_OCTOBER, "bank-2025-10.csv")


@pytest.fixture
def card(write_csv: Callable[..., Path], tmp_path: Path) -> JsonProfileStore:
    return _saved(write_csv, tmp_path, "My card", CARD_MARCH, "card-2024-03.csv")


def test_the_profile_remembers_the_sign_its_files_steps_decided(
    bank: JsonProfileStore, card: JsonProfileStore
) -> None:
    (saved_bank,) = bank.all()
    (saved_card,) = card.all()
    assert saved_bank.mapping == Mapping(invert_sign=True, balance_sign_kept=True)
    assert saved_card.mapping == Mapping(invert_sign=True, balance_sign_kept=False)


def test_a_quiet_month_of_a_bank_export_keeps_its_balance_in_credit(
    bank: JsonProfileStore, write_csv: Callable[..., Path]
) -> None:
    november = import_statement(write_csv(BANK_NOVEMBER, "bank-2025-11.csv"), profiles=bank)

    assert _layout(november).profile == "My bank"
    assert [(line.amount, line.balance) for line in november.lines] == [
        (Decimal("-4.00"), Decimal("1842.00"))
    ]
    # Read after the fee, as the one line's balance is: October's closing, less the fee.
    assert (november.opening_balance, november.closing_balance) == (
        Decimal("1846.00"),
        Decimal("1842.00"),
    )
    assert _layout(november).balance_chain is Chain.AFTER_OLDEST_FIRST
    assert _layout(november).balance_sign_kept
    assert not _layout(november).balance_sign_by_steps
    assert _balance_evidence(november) == (
        f"balance: column 'Balance' keeps its sign, the amounts alone flipped, {BANK_REMEMBERS}"
        ": too few of its steps add up to say which way it runs with them"
    )
    assert november.warnings == ()


def test_a_bank_month_without_movements_keeps_its_stated_balance_in_credit(
    bank: JsonProfileStore, write_csv: Callable[..., Path]
) -> None:
    december = import_statement(write_csv(BANK_DECEMBER, "bank-2025-12.csv"), profiles=bank)

    assert december.lines == ()
    assert _layout(december).profile == "My bank"
    assert december.closing_balance == Decimal("1842.00")
    assert _balance_evidence(december) == (
        f"balance: column 'Balance' keeps its sign, the amounts alone flipped, {BANK_REMEMBERS}"
        ": the statement has no movements to say which way it runs with them"
    )


def test_a_bank_month_whose_dates_run_in_no_order_keeps_its_balance_too(
    bank: JsonProfileStore, write_csv: Callable[..., Path]
) -> None:
    """Its steps add up, but with the dates in no one order nothing says which way the
    balance runs with them: the profile's memory decides, and the chain read is the one
    that runs with the flipped amounts, so no step breaks."""
    jumbled = BANK_OCTOBER.replace("13/10/2025", "30/09/2025")
    result = import_statement(write_csv(jumbled, "bank-2025-10b.csv"), profiles=bank)

    assert [line.balance for line in result.lines] == [
        Decimal("100.00"),
        Decimal("1600.00"),
        Decimal("1596.00"),
        Decimal("1846.00"),
    ]
    assert _layout(result).balance_chain is Chain.AFTER_OLDEST_FIRST
    assert _balance_evidence(result) == (
        f"balance: column 'Balance' keeps its sign, the amounts alone flipped, {BANK_REMEMBERS}"
        ": the dates run in no one order to say which way it runs with them"
    )
    assert result.warnings == ()


def test_a_quiet_month_of_a_card_is_negated_as_its_stated_balances_and_the_profile_say(
    card: JsonProfileStore, write_csv: Callable[..., Path]
) -> None:
    """April's one step cannot say, but its stated opening and closing balances can, and
    say what the profile remembers (nothing to warn of); May, with no movement, is read as
    the profile remembers."""
    april = import_statement(write_csv(CARD_APRIL, "card-2024-04.csv"), profiles=card)

    assert [(line.amount, line.balance) for line in april.lines] == [
        (Decimal("-12.50"), Decimal("-117.70"))
    ]
    assert (april.opening_balance, april.closing_balance) == (
        Decimal("-105.20"),
        Decimal("-117.70"),
    )
    assert not _layout(april).balance_sign_kept
    assert _balance_evidence(april) == (
        "balance: column 'Balance' negated with the amounts, every sign flipped: too few of "
        "its steps add up to say which way it runs with them, but the stated balances say "
        "it: only so does Opening balance (row 2) plus the movements reach Closing balance "
        "(row 5), as a card's balance owed does; kept, they would add up only with Closing "
        "balance taken for the opening"
    )
    assert april.warnings == ()

    may = import_statement(write_csv(CARD_MAY, "card-2024-05.csv"), profiles=card)
    assert (may.opening_balance, may.closing_balance) == (
        Decimal("-117.70"),
        Decimal("-117.70"),
    )
    assert _balance_evidence(may) == (
        f"balance: column 'Balance' negated with the amounts, every sign flipped, "
        f"{CARD_REMEMBERS}: the statement has no movements to say which way it runs with them"
    )


def test_steps_that_say_otherwise_are_followed_and_the_contradiction_warned_of(
    bank: JsonProfileStore, card: JsonProfileStore, write_csv: Callable[..., Path]
) -> None:
    """A card's busy month read with the bank's profile (the two exports share their
    columns): its steps say the balance is owed, and are followed; the warning says the
    profile remembers otherwise, and what that means for a quiet month."""
    as_bank = import_statement(write_csv(CARD_MARCH, "card-2024-03.csv"), profiles=bank)

    assert _layout(as_bank).profile == "My bank"
    assert [line.balance for line in as_bank.lines] == [
        Decimal("-145.20"),
        Decimal("-45.20"),
        Decimal("-105.20"),
    ]
    assert not _layout(as_bank).balance_sign_kept
    assert _balance_evidence(as_bank) == (
        "balance: column 'Balance' negated with the amounts, every sign flipped: so it runs "
        "with them as the dates run (oldest first), as a card's balance owed does; kept, it "
        "would run against them; the saved profile 'My bank' remembers it keeping its sign, "
        "but its steps here say otherwise and are followed"
    )
    owed = (
        "card-2024-03.csv column Balance: the running balance is negated with the amounts, "
        "as a card's balance owed is: only so do its steps add up, but the saved profile "
        f"'My bank' remembers it keeping its sign; the steps are followed. {QUIET_ADVICE}"
    )
    assert [str(warning) for warning in as_bank.warnings] == [owed]

    as_card = import_statement(write_csv(BANK_OCTOBER, "bank-2025-10.csv"), profiles=card)
    assert [line.balance for line in as_card.lines][-1] == Decimal("1846.00")
    assert _layout(as_card).balance_sign_kept
    in_credit = (
        "the running balance keeps its sign, the amounts alone flipped, as a bank account's "
        "balance does: only so do its steps add up, but the saved profile 'My card' "
        f"remembers it negated with the amounts; the steps are followed. {QUIET_ADVICE}"
    )
    assert [warning.message for warning in as_card.warnings] == [in_credit]


def test_saved_again_from_a_quiet_month_the_profile_keeps_its_memory(
    bank: JsonProfileStore, write_csv: Callable[..., Path]
) -> None:
    """A quiet month's steps say nothing, so saving the profile again from it (the wizard
    does, over the profile applied) keeps what the busy month said; a mapping that no
    longer flips the signs remembers nothing of the balances."""
    (saved,) = bank.all()
    november = import_statement(write_csv(BANK_NOVEMBER, "bank-2025-11.csv"), profiles=bank)

    again = profile_from_layout("My bank", _layout(november), saved.mapping, saved)
    assert again.mapping.balance_sign_kept is True

    unflipped = Mapping(invert_sign=False, balance_sign_kept=True)
    assert profile_from_layout("Mine", _layout(november), unflipped).mapping == Mapping(
        invert_sign=False
    )


def test_the_memory_is_kept_beside_the_mapping_and_old_profiles_read_as_before(
    bank: JsonProfileStore, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    """Beside the mapping, not in it: a version that does not know it reads the mapping
    as before. A profile saved before it was kept remembers nothing: its quiet month is
    negated, as it was."""
    (saved,) = bank.all()
    stored = profile_to_json(saved)
    assert stored["mapping"] == {"invert_sign": True}
    assert stored["balance_sign_kept"] is True
    assert profile_from_json(stored) == saved

    old = {key: value for key, value in stored.items() if key != "balance_sign_kept"}
    assert profile_from_json(old).mapping == FLIPPED
    old_store = JsonProfileStore(tmp_path / "old.json")
    old_store.save(profile_from_json(old))
    november = import_statement(write_csv(BANK_NOVEMBER, "bank-2025-11.csv"), profiles=old_store)
    assert [line.balance for line in november.lines] == [Decimal("-1842.00")]


def test_a_mapping_file_may_say_it_for_the_command_line(
    tmp_path: Path, write_csv: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """``desktop-app statement`` reads no profile: a quiet month's mapping says it."""
    mapping = tmp_path / "bank.json"
    mapping.write_text(json.dumps({"invert_sign": True, "balance_sign_kept": True}))
    quiet = write_csv(BANK_NOVEMBER, "bank-2025-11.csv")

    assert main(["statement", str(quiet), "--mapping", str(mapping)]) == 0
    output = json.loads(capsys.readouterr().out)
    assert [(line["amount"], line["balance"]) for line in output["lines"]] == [("-4.00", "1842.00")]
    assert (output["opening_balance"], output["closing_balance"]) == ("1846.00", "1842.00")
    assert output["layout"]["balance_sign_kept"] is True
    assert output["layout"]["evidence"]["amount"][-1] == (
        "balance: column 'Balance' keeps its sign, the amounts alone flipped, as the mapping "
        'says ("balance_sign_kept": true): too few of its steps add up to say which way it '
        "runs with them"
    )

    # A busy month's steps say otherwise: followed, and the mapping's key named.
    busy = write_csv(CARD_MARCH, "card-2024-03.csv")
    assert main(["statement", str(busy), "--mapping", str(mapping)]) == 0
    output = json.loads(capsys.readouterr().out)
    assert output["closing_balance"] == "-105.20"
    said = (
        "card-2024-03.csv column Balance: the running balance is negated with the amounts, "
        "as a card's balance owed is: only so do its steps add up, but the mapping says it "
        'keeps its sign ("balance_sign_kept": true); the steps are followed: set '
        '"balance_sign_kept" to false in the mapping, or leave it out'
    )
    assert output["warnings"] == [said]


@pytest.mark.parametrize(
    ("given", "refused"),
    [
        (
            {"balance_sign_kept": True},
            (
                "balance_sign_kept says whether the balances keep their sign where every "
                'sign is flipped: give it with "invert_sign": true'
            ),
        ),
        (
            {"invert_sign": True, "balance_sign_kept": "yes"},
            "balance_sign_kept must be true or false, not 'yes'",
        ),
    ],
)
def test_a_mapping_that_says_it_wrongly_is_refused_naming_the_key(
    given: dict[str, object], refused: str
) -> None:
    with pytest.raises(MappingError) as error:
        Mapping.from_json(given)
    assert str(error.value) == refused


def _decimals(*values: str | None) -> list[Decimal | None]:
    return [None if value is None else Decimal(value) for value in values]


@pytest.mark.parametrize(
    ("amounts", "balances"),
    [
        (("4.00",), ("1842.00",)),  # one line: no step
        (("4.00", None), ("1842.00", "1800.00")),  # beside a balance row that breaks two
        ((None, "4.00"), ("1800.00", "1842.00")),
        (("5", "4"), ("1", "2")),  # every reading breaks its one step
        (("900", "-1500", "4"), ("100", "1600", "1596")),  # steps that decide
    ],
)
def test_a_kept_balance_is_read_as_it_fits_the_flipped_amounts(
    amounts: tuple[str | None, ...], balances: tuple[str, ...]
) -> None:
    """The reading a kept balance takes is the one its fit to the amounts negated would
    take: where no step adds up, the usual one, not its mirror (a lone fee's balance is
    after it, its opening the fee added back)."""
    negated = [None if amount is None else -amount for amount in _decimals(*amounts)]
    assert flipped_fit(fit_chain(_decimals(*amounts), _decimals(*balances))) == fit_chain(
        negated, _decimals(*balances)
    )
