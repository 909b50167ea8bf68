"""One key for one account however a file writes it, and never one key for two accounts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.statements import account_key, account_scope, import_statement
from desktop_app.statements.account_key import bare_key, key_before_sort_codes
from desktop_app.statements.dedup import compared_scopes
from tests.conftest import SHARED_REALDATA, needs_realdata

ONE_ACCOUNT = [
    ("****12345", "XXXX12345"),
    ("****12345", "...12345"),
    ("xxxx12345", "…12345"),
    ("MyAccount_****01233", "MyAccount **01233"),
    ("Foo current ****12345", "FOO  CURRENT XXXX12345"),
    ("0000 **** **** 0000", "0000 XXXX XXXX 0000"),
    ("DE89 **** **** 3000", "de89 xxxx xxxx 3000"),
    ("DE89 3704 0044 0532 0130 00", "DE89370400440532013000"),
    ("de89370400440532013000", "DE89370400440532013000"),
    ("'0808 8804 068", "08088804068"),
    ("0012345678", "12345678"),
    ("12-34-56 12345678", "123456 12345678"),
    ("01-23-45 00345678", "012345 345678"),
    ("1291.99.348", "129199348"),
    ("50880050/0194787400888", "50880050/194787400888"),
    # A German bank code and account number make the account's IBAN.
    ("DE89370400440532013000", "37040044/0532013000"),
    ("DE89 3704 0044 0532 0130 00", "37040044/532013000"),
    ("DE44500105175407324931", "50010517/5407324931"),
    ("DE89370400440532013000", "BLZ 370 400 44 Konto 0532013000"),
    ("DE89370400440532013000", "Kontonummer: 532013000, BLZ: 37040044"),
    ("DE89370400440532013000", "bankleitzahl 37040044 / konto-nr. 0532013000"),
    ("assets:bank:checking", " assets:bank:checking "),
    ("Foo  current", "Foo current"),
]

# One account, named with its product and without: not one key (two products may show the
# same digits), but their lines are compared.
NAMED_LESS_CLOSELY = [
    # Nationwide's statement export and its midata export of one account.
    ("Foo current ****12345", "****12345"),
    ("MyAccount_****01233", "**01233"),
    ("Girokonto DE89 XXXX XXXX 3000", "DE89 **** **** 3000"),
    # A UK account number with its sort code and alone, as files were read before the
    # sort code was kept: a workspace holds those lines on the bare number's key.
    ("12-34-56 12345678", "12345678"),
    ("01-23-45 00345678", "345678"),
    # Without its zeros the number is shorter than a UK account number's eight digits.
    ("00-11-22 00012345", "00012345"),
    ("00-11-22 00012345", "12345"),
]

TWO_ACCOUNTS = [
    # Two products of one bank showing the same digits.
    ("Foo savings ****12345", "Foo current ****12345"),
    ("Foo current ****12345", "Foo current ****54321"),
    ("Foo current ****12345", "Foo current DE04500105170000012345"),
    # A masked number is never an unmasked one: its mask hides the bank.
    ("****12345", "DE04500105170000012345"),
    ("****12345", "91012345"),
    ("****12345", "12345"),
    # Different visible digits, or fewer of them: maybe another account.
    ("****12345", "****54321"),
    ("****12345", "****2345"),
    ("0000 **** **** 0000", "****0000"),
    ("DE89 **** **** 3000", "FR89 **** **** 3000"),
    # Too few digits shown to be a key: only the same text meets.
    ("****123", "XXXX123"),
    # Two masked numbers in one text: which is the account's is unclear.
    ("****1234 / ****5678", "****1234"),
    # A sort code or bank code is part of the account: the bare number may be another bank's
    # (a UK account number alone names its account less closely: NAMED_LESS_CLOSELY).
    ("11-11-11 12345678", "22-22-22 12345678"),
    # Written as one run of digits, nothing says a sort code is in it.
    ("12-34-56 12345678", "12345612345678"),
    ("50880050/194787400888", "194787400888"),
    ("50880050/194787400888", "50880051/194787400888"),
    # An IBAN is not the domestic number inside it.
    ("DE89370400440532013000", "532013000"),
    ("DE89370400440532013000", "DE89370400440532013001"),
    # Nor is a German bank code and account number the number alone, or another bank's.
    ("BLZ 37040044 Konto 0532013000", "0532013000"),
    ("37040044/0532013000", "37040045/0532013000"),
    ("37040044/0532013000", "BLZ 37040044 Konto 0532013001"),
    # A currency or any other word makes it a name.
    ("1291.99.348EUR", "129199348"),
    ("Account 0012345", "12345"),
    ("Box1234", "****1234"),
    # Names keep their case (hledger's are case-sensitive).
    ("Assets:Bank", "assets:bank"),
    ("Checking", "Savings"),
]


@pytest.mark.parametrize(("first", "second"), ONE_ACCOUNT)
def test_one_account_written_two_ways_has_one_key(first: str, second: str) -> None:
    assert account_key(first) == account_key(second)


@pytest.mark.parametrize(("first", "second"), TWO_ACCOUNTS)
def test_two_accounts_never_share_a_key(first: str, second: str) -> None:
    assert account_key(first) != account_key(second)
    assert not meet(first, second)


@pytest.mark.parametrize(("named", "bare"), NAMED_LESS_CLOSELY)
def test_an_account_named_without_its_product_meets_it_named_with_it(named: str, bare: str) -> None:
    assert account_key(named) != account_key(bare)
    assert bare_key(account_key(named)) == account_key(bare)
    assert meet(named, bare)


def test_a_bare_masked_number_meets_each_product_showing_its_digits() -> None:
    """The midata file may be a download of either product, and is compared with both;
    the two products are never compared with each other."""
    current, savings = (
        account_scope("Foo current ****12345"),
        account_scope("Foo savings ****12345"),
    )
    bare = account_scope("****12345")
    assert compared_scopes(bare, [current, savings, "*54321"]) == [bare, "", current, savings]
    assert compared_scopes(current, [bare, savings]) == [current, bare, ""]


def meet(first: str, second: str) -> bool:
    """Whether the lines of the two accounts are compared for repeats, either way round."""
    one, other = account_scope(first), account_scope(second)
    return other in compared_scopes(one, [other]) or one in compared_scopes(other, [one])


@pytest.mark.parametrize(
    ("account", "key"),
    [
        ("Foo current ****12345", "*12345 (foo current)"),
        ("****12345", "*12345"),
        ("0000 **** **** 0000", "0000*0000"),
        ("DE89 3704 0044 0532 0130 00", "DE89370400440532013000"),
        ("12-34-56 12345678", "123456 12345678"),
        ("37040044/0532013000", "DE89370400440532013000"),
        ("BLZ 370 400 44 Konto 532013000", "DE89370400440532013000"),
        # Not a German BLZ (eight digits from 1 to 8) and account number (up to ten digits).
        ("90040044/0532013000", "90040044/532013000"),
        ("3704004/0532013000", "3704004/532013000"),
        ("37040044/10532013000", "37040044/10532013000"),
        ("37040044/0000", "37040044/0"),
        ("BLZ 3704004 Konto 532013000", "BLZ 3704004 Konto 532013000"),
        ("0000000", "0"),
        ("Cash", "Cash"),
        ("  ", ""),
        (None, ""),
    ],
)
def test_the_key_is_the_accounts_shortest_sure_form(account: str | None, key: str) -> None:
    assert account_key(account) == key


@pytest.mark.parametrize(
    "account", [text for pair in ONE_ACCOUNT + NAMED_LESS_CLOSELY + TWO_ACCOUNTS for text in pair]
)
def test_a_key_is_its_own_key(account: str) -> None:
    """Stored keys are compared with the keys of new imports, and a workspace's stored
    accounts become keys by applying the key once more."""
    key = account_key(account)
    assert account_key(key) == key


def test_a_long_run_of_digits_that_is_no_masked_number_is_rejected_at_once() -> None:
    """A failed match must not try every split of the digits (seconds, not microseconds)."""
    assert account_key("1" * 5000 + "a") == "1" * 5000 + "a"
    assert account_key("1 " * 3000 + "x") == ("1 " * 3000 + "x").strip()


@needs_realdata
@pytest.mark.realdata
def test_nationwides_two_export_kinds_name_one_account() -> None:
    statement = import_statement(SHARED_REALDATA / "csv/uk-nationwide-statement-latin1.csv")
    midata = import_statement(SHARED_REALDATA / "csv/uk-nationwide-midata-latin1.csv")
    assert (statement.account, midata.account) == ("Foo current ****12345", "****12345")
    assert account_key(statement.account) == "*12345 (foo current)"
    assert account_key(midata.account) == "*12345"
    assert meet(statement.account, midata.account)


def test_a_bare_uk_number_meets_each_sort_code_showing_it() -> None:
    """A file read before the sort code was kept may be either branch's: it is compared
    with both; the two branches are never compared with each other."""
    first, second = account_scope("12-34-56 12345678"), account_scope("65-43-21 12345678")
    bare = account_scope("12345678")
    assert compared_scopes(bare, [first, second, "87654321"]) == [bare, "", first, second]
    assert compared_scopes(first, [bare, second]) == [first, bare, ""]


_PAIR = st.text("0123456789", min_size=2, max_size=2)


@given(
    code=st.tuples(_PAIR, _PAIR, _PAIR),
    separator=st.sampled_from(["-", ""]),
    digits=st.text("0123456789", min_size=6, max_size=10),
    zeros=st.integers(0, 4),
)
def test_a_sort_code_and_numbers_key_is_its_own_key_and_keeps_the_bare_number(
    code: tuple[str, str, str], separator: str, digits: str, zeros: int
) -> None:
    """However many leading zeros the number has, its key is stable (a workspace's stored
    keys are keyed again) and its number alone names it less closely."""
    written = f"{separator.join(code)} {digits}"
    key = account_key(written)
    assert account_key(key) == key
    assert key == f"{''.join(code)} {digits.lstrip('0') or '0'}"
    assert bare_key(key) == account_key(digits)
    assert account_key(f"{'0' * zeros}{digits}") == bare_key(key)


def test_format_8s_key_of_a_sort_code_key_is_its_run_of_digits() -> None:
    """Format 8 keyed "123456 12345" as a number; its upgrade moves those lines to the
    sort code's key it has now (``workspace.migrations``)."""
    assert account_key("123456 12345") == "123456 12345"
    assert key_before_sort_codes("123456 12345") == "12345612345"
