"""Every default in one place, validated, and serialisable for the report's Summary."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from desktop_app.matching import MatchSettings


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
    ("field", "value", "message"),
    [
        ("amount_tolerance_absolute", Decimal("-1"), "must not be negative"),
        ("auto_accept_threshold", 1.5, "must lie in"),
        ("suggest_threshold", 0.9, "must not exceed"),
        ("fuzzy_threshold", 120.0, "percentage"),
        ("subset_max_items", 0, "integer >= 1"),
        ("default_currency", "GPB", "unknown ISO 4217"),
        ("weight_amount", -1.0, "non-negative"),
    ],
)
def test_bad_settings_are_refused_with_the_field_named(
    field: str, value: object, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        MatchSettings(**{field: value})  # type: ignore[arg-type]


def test_money_tolerances_refuse_floats() -> None:
    with pytest.raises(TypeError, match="float"):
        MatchSettings(amount_tolerance_absolute=2.5)  # type: ignore[arg-type]


def test_unknown_keys_are_named() -> None:
    with pytest.raises(ValueError, match="fuzzy_treshold"):
        MatchSettings.from_dict({"fuzzy_treshold": 80})
