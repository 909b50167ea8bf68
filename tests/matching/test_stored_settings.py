"""Reading the matching settings a workspace keeps (``matching.saved.read_stored``).

A stored value this version refuses raised the ``SettingsError`` out of the read, and
with it out of every run and opening of the workspace. Now the read never raises on what
is stored: each value refused is set aside for its default and the others applied; where
the refusal cannot be laid on one stored value, every one is set aside. The real
workspace files are in ``tests/ui_backend/test_refused_stored_settings.py``; these are
the rules of the read itself.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop_app.matching import MatchSettings
from desktop_app.matching.saved import SetAside, read_stored, set_aside_said, typed
from desktop_app.matching.settings import SettingsError


def test_of_two_values_refused_together_the_one_named_goes_and_the_other_stays() -> None:
    """An older version let a suggestion score above the auto-match score through: the
    suggestion score is the one refused (``MatchSettings`` names it), so the auto-match
    score the accountant raised stays applied."""
    read = read_stored(
        {"auto_accept_threshold": Decimal("0.7"), "suggest_threshold": Decimal("0.8")}
    )
    assert (read.settings.auto_accept_threshold, read.settings.suggest_threshold) == (0.7, 0.4)
    assert read.set_aside == (
        SetAside("suggest_threshold", Decimal("0.8"), "at most auto_accept_threshold (0.7)", 0.4),
    )
    assert not read.all_set_aside


def test_every_value_refused_is_set_aside_in_the_form_s_order() -> None:
    read = read_stored(
        {"fuzzy_threshold": 140, "days_before_issue": -2, "ambiguity_margin": Decimal("0.1")}
    )
    assert [each.setting for each in read.set_aside] == ["days_before_issue", "fuzzy_threshold"]
    assert read.settings == MatchSettings(ambiguity_margin=0.1)


def test_a_stored_value_clashing_with_a_default_sets_all_aside() -> None:
    """An auto-match score of 0.3 alone (by hand) is refused beside the suggestion score's
    default (0.4): which of the stored values is wrong cannot be told, so none is used."""
    read = read_stored({"auto_accept_threshold": Decimal("0.3"), "days_after_due": 90})
    assert read.all_set_aside
    assert read.settings == MatchSettings()
    assert set_aside_said(read, "book.reconcile") == (
        (
            "the matching settings stored in book.reconcile are refused together: "
            "suggest_threshold must be at most auto_accept_threshold (0.3), not its default 0.4, "
            "and which stored value is wrong cannot be told. The defaults are used for every one "
            "of them until the matching settings are saved again from Settings (in the window); "
            "what is stored is left as it is"
        ),
    )


def test_settings_a_version_does_not_know_are_kept_apart_not_applied() -> None:
    read = read_stored({"days_after_due": 90, "match_on_iban": True})
    assert read.settings == MatchSettings(days_after_due=90)
    assert read.unknown == {"match_on_iban": True}
    assert read.set_aside == ()


@pytest.mark.parametrize("stored", [None, {}])
def test_nothing_stored_is_the_defaults_without_a_word(stored: object) -> None:
    read = read_stored(stored)
    assert read.settings == MatchSettings()
    assert (read.set_aside, dict(read.unknown), read.all_set_aside) == ((), {}, False)


@pytest.mark.parametrize(
    ("name", "value", "allowed"),
    [
        ("days_after_due", Decimal("1.5"), "a whole number"),  # int() made it 1
        ("days_after_due", "ten", "a whole number"),  # a bare ValueError
        ("days_after_due", True, "a whole number"),
        ("amount_tolerance_absolute", "NaN", "a number"),
        ("amount_tolerance_absolute", "two", "a number"),  # a bare InvalidOperation
        ("fuzzy_threshold", None, "a number"),  # a TypeError comparing it
        ("auto_accept_threshold", [0.5], "a number"),
    ],
)
def test_a_value_not_of_its_setting_s_kind_is_a_refusal_naming_it(
    name: str, value: object, allowed: str
) -> None:
    with pytest.raises(SettingsError) as refused:
        typed({name: value})
    assert (refused.value.setting, refused.value.allowed, refused.value.value) == (
        name,
        allowed,
        value,
    )


def test_values_of_their_kind_are_read_in_their_field_s_type() -> None:
    read = typed(
        {
            "days_after_due": Decimal("90"),
            "days_before_issue": "3",
            "amount_tolerance_absolute": "2.50",
            "auto_accept_threshold": Decimal("0.7"),
            "fuzzy_threshold": 90,
        }
    )
    assert read == {
        "days_after_due": 90,
        "days_before_issue": 3,
        "amount_tolerance_absolute": Decimal("2.50"),
        "auto_accept_threshold": 0.7,
        "fuzzy_threshold": 90.0,
    }
    assert [type(value) for value in read.values()] == [int, int, Decimal, float, float]
