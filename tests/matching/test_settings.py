"""Every default in one place, validated, and serialisable for the report's Summary."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from desktop_app.matching import MatchSettings
from desktop_app.matching.settings import SettingsError
from desktop_app.refusal import Refusal, Refused


def test_defaults_serialise_to_plain_json_and_back() -> None:
    settings = MatchSettings(counterparty_aliases={"Content Ignite": ("TAGDELIVER LTD",)})
    data = settings.to_dict()
    assert data["amount_tolerance_absolute"] == "2.00"
    assert data["counterparty_aliases"] == {"Content Ignite": ["TAGDELIVER LTD"]}
    restored = MatchSettings.from_dict(json.loads(json.dumps(data)))
    assert restored == settings
    assert isinstance(restored.amount_tolerance_percent, Decimal)


def test_weights_are_normalised() -> None:
    weights = MatchSettings(
        weight_reference=2, weight_amount=2, weight_counterparty=0, weight_date=0, weight_currency=0
    ).weights
    assert weights["reference"] == weights["amount"] == 0.5
    assert sum(MatchSettings().weights.values()) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("field", "value", "allowed"),
    [
        ("amount_tolerance_absolute", Decimal("-1"), "0 or more"),
        ("auto_accept_threshold", 1.5, "from 0 to 1"),
        ("suggest_threshold", 0.9, "at most auto_accept_threshold (0.5)"),
        ("fuzzy_threshold", 120.0, "a percentage from 0 to 100"),
        ("subset_max_items", 0, "a whole number of 1 or more"),
        ("grace_days_after_due", 61, "at most days_after_due (60)"),
        ("weight_amount", -1.0, "0 or more"),
    ],
)
def test_bad_settings_are_refused_naming_the_setting_and_what_it_may_be(
    field: str, value: object, allowed: str
) -> None:
    with pytest.raises(SettingsError) as raised:
        MatchSettings(**{field: value})  # type: ignore[arg-type]
    assert str(raised.value) == f"matching setting {field} must be {allowed}, not {value}"
    assert (raised.value.setting, raised.value.allowed, raised.value.value) == (
        field,
        allowed,
        value,
    )


def test_a_refused_setting_is_a_refusal_and_still_a_value_error() -> None:
    """The window tells a setting refused (shown beside the form) from a bug (its
    traceback kept) by its type; code that caught ValueError still catches it."""
    with pytest.raises(SettingsError) as raised:
        MatchSettings(suggest_threshold=0.9)
    assert isinstance(raised.value, Refusal)
    assert isinstance(raised.value, ValueError)
    assert raised.value.refused is Refused.SELF_EXPLAINED


WEIGHTS = ("weight_reference", "weight_amount", "weight_counterparty", "weight_date")


def test_weights_that_are_all_zero_are_refused() -> None:
    zero = dict.fromkeys(WEIGHTS, 0.0)
    with pytest.raises(SettingsError, match="weight_reference must be above 0 while the other"):
        MatchSettings(**zero, weight_currency=0.0)


def test_weights_that_are_all_negative_are_refused() -> None:
    """Normalised, they were all positive, and so let through: their sum is negative."""
    negative = dict.fromkeys(WEIGHTS, -1.0)
    with pytest.raises(SettingsError) as raised:
        MatchSettings(**negative, weight_currency=-1.0)
    assert str(raised.value) == "matching setting weight_reference must be 0 or more, not -1.0"


def test_an_unknown_default_currency_is_refused_naming_it() -> None:
    with pytest.raises(ValueError, match="unknown ISO 4217"):
        MatchSettings(default_currency="GPB")


def test_money_tolerances_refuse_floats() -> None:
    with pytest.raises(TypeError, match="float"):
        MatchSettings(amount_tolerance_absolute=2.5)  # type: ignore[arg-type]


def test_unknown_keys_are_named() -> None:
    with pytest.raises(ValueError, match="fuzzy_treshold"):
        MatchSettings.from_dict({"fuzzy_treshold": 80})
