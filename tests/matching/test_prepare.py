"""The engine's working form of invoices: per-run shortcuts agree with the plain rules."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.matching.normalise import tolerance_minor
from desktop_app.matching.prepare import Tolerances
from desktop_app.matching.settings import MatchSettings

tolerance_settings = st.builds(
    MatchSettings,
    amount_tolerance_absolute=st.decimals(min_value=0, max_value=50, places=3),
    amount_tolerance_percent=st.decimals(min_value=0, max_value=20, places=3),
)


@given(
    tolerance_settings,
    st.lists(
        st.tuples(st.integers(-(10**12), 10**12), st.sampled_from(["GBP", "JPY", "JOD", "EUR"])),
        max_size=20,
    ),
)
def test_run_tolerances_equal_tolerance_minor(
    settings: MatchSettings, amounts: list[tuple[int, str]]
) -> None:
    """One ``Tolerances`` serves every invoice of a run (its per-currency cache included)."""
    tolerances = Tolerances(settings)
    for minor, currency in amounts:
        expected = tolerance_minor(
            minor,
            currency,
            settings.amount_tolerance_absolute,
            settings.amount_tolerance_percent,
        )
        assert tolerances(minor, currency) == expected


def test_a_bank_fee_tolerance_in_pence() -> None:
    settings = MatchSettings(
        amount_tolerance_absolute=Decimal("2.00"), amount_tolerance_percent=Decimal("3")
    )
    tolerances = Tolerances(settings)
    assert tolerances(1000, "GBP") == 200
    assert tolerances(-100_050, "GBP") == 3002
