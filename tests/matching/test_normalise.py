"""References, names and amounts in the forms the engine compares them in."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.matching.normalise import (
    name_key,
    reference_key,
    reference_variants,
    text_runs,
    to_minor,
    tolerance_minor,
)


@pytest.mark.parametrize(
    "spelling", ["EL-2025-00017", "el 2025 00017", "EL202500017", "El/2025/00017"]
)
def test_reference_spellings_share_one_key(spelling: str) -> None:
    assert reference_key(spelling) == "EL202500017"


@pytest.mark.parametrize("reference", ["4000017", "inv2025x", "Straße7", "ÉL٣٤", "EL-2025", ""])
def test_a_reference_without_separators_keeps_its_letters_and_digits(reference: str) -> None:
    """The short path for separator-free references agrees with the run-joining one."""
    assert reference_key(reference) == "".join(text_runs(reference))


def test_text_runs_split_on_anything_but_letters_and_digits() -> None:
    assert text_runs("FPS ref: el-2025-00017/Müller_x") == [
        "FPS",
        "REF",
        "EL",
        "2025",
        "00017",
        "MÜLLER",
        "X",
    ]


# The definition of a run: letters and digits of any script, nothing else.
RUN_PATTERN = re.compile(r"[^\W_]+")


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_runs_equal_the_regular_expression(text: str) -> None:
    """The translate-and-split path for ASCII text cuts exactly the regex's runs."""
    upper = text.upper()
    assert text_runs(upper) == RUN_PATTERN.findall(upper)


@given(st.text())
def test_runs_of_any_text_equal_the_regular_expression(text: str) -> None:
    upper = text.upper()
    assert text_runs(upper) == RUN_PATTERN.findall(upper)


def test_control_characters_and_underscores_separate_ascii_runs() -> None:
    text = "A_B\tC\x1cD\x00E\x7fF-G.H"
    assert text_runs(text) == ["A", "B", "C", "D", "E", "F", "G", "H"]
    assert text_runs(text) == RUN_PATTERN.findall(text)


def test_url_identifier_is_also_searched_by_its_last_segment() -> None:
    variants = reference_variants("https://billing.versori.com/invoices/in_000123x")
    assert variants[-1] == "IN000123X"
    assert variants[0].startswith("HTTPSBILLING")


def test_name_key_drops_case_punctuation_and_legal_suffixes() -> None:
    assert name_key("Acme Trading Ltd.") == "ACME TRADING"
    assert name_key("The Müller GmbH & Co") == "MÜLLER"


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [
        ("120.00", "GBP", 12000),
        ("-0.10", "GBP", -10),
        ("1500", "JPY", 1500),
        ("1.234", "JOD", 1234),
        ("1.005", "GBP", 101),  # a sub-penny amount rounds half up for bucketing
        ("-1.005", "GBP", -101),
    ],
)
def test_to_minor_is_exact_integer_arithmetic(amount: str, currency: str, minor: int) -> None:
    assert to_minor(Decimal(amount), currency) == minor


def test_decimal_sums_land_in_the_same_bucket() -> None:
    assert to_minor(Decimal("0.1") + Decimal("0.2"), "GBP") == to_minor(Decimal("0.3"), "GBP")


def test_tolerance_is_the_larger_of_absolute_and_percentage() -> None:
    absolute, percent = Decimal("2.00"), Decimal("3")
    assert tolerance_minor(1000, "GBP", absolute, percent) == 200  # 3 % of £10 is 30p
    assert tolerance_minor(100_000, "GBP", absolute, percent) == 3000  # 3 % of £1,000
    assert tolerance_minor(-100_050, "GBP", absolute, percent) == 3002  # 30.015 rounds up
    assert tolerance_minor(1000, "JPY", Decimal("2"), Decimal("2.5")) == 25
