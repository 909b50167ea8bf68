"""The matching settings the Settings screen offers, kept in the open workspace.

Only the tolerances, windows and thresholds an accountant tunes are offered; weights and
search limits keep the engine's defaults. Values are validated by ``MatchSettings`` itself,
so the form can never store a combination the engine would refuse.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, replace
from decimal import Decimal
from typing import Any

from desktop_app.matching import MatchSettings
from desktop_app.matching.saved import SETTINGS_KEY, saved_settings, typed
from desktop_app.ui.services import SettingField

__all__ = ["EDITABLE", "SETTINGS_KEY", "current", "form_fields", "updated"]

# Labelled for the form; the names are ``matching.saved.OFFERED``, what a workspace keeps.
EDITABLE: dict[str, tuple[str, str, int | Decimal | float, int | Decimal | float]] = {
    "amount_tolerance_absolute": (
        "Amount tolerance",
        "a payment this far from the invoice, in its currency, still matches (a fee)",
        0,
        1_000_000,
    ),
    "amount_tolerance_percent": (
        "Amount tolerance (%)",
        "the same, as a share of the invoice; the larger applies",
        0,
        100,
    ),
    "days_before_issue": (
        "Days before issue",
        "a payment may arrive this many days before the invoice date",
        0,
        365,
    ),
    "grace_days_after_due": (
        "Grace days after due",
        "fully plausible until this many days after the due date",
        0,
        365,
    ),
    "days_after_due": (
        "Days after due",
        "no match later than this many days after the due date",
        0,
        3650,
    ),
    "default_payment_terms_days": (
        "Default payment terms (days)",
        "for invoices without a due date",
        0,
        365,
    ),
    "auto_accept_threshold": (
        "Auto-match score",
        "matches scoring this or more are made without asking",
        0.0,
        1.0,
    ),
    "suggest_threshold": (
        "Suggestion score",
        "matches scoring this or more are offered for review",
        0.0,
        1.0,
    ),
    "ambiguity_margin": (
        "Ambiguity margin",
        "closer competitors than this make a match ambiguous",
        0.0,
        1.0,
    ),
    "fuzzy_threshold": ("Name similarity (%)", "how alike a payee's name must be", 0.0, 100.0),
}


def current(stored: Mapping[str, Any] | None) -> MatchSettings:
    """The workspace's stored settings, read as every run in it reads them
    (``matching.saved``: ``reconcile --workspace`` matches with them too)."""
    return saved_settings(stored)


def form_fields(settings: MatchSettings) -> list[SettingField]:
    by_name = {spec.name: spec for spec in fields(settings)}
    result = []
    for name, (label, help_text, minimum, maximum) in EDITABLE.items():
        if name in by_name:
            value = getattr(settings, name)
            result.append(SettingField(name, label, value, minimum, maximum, help_text))
    return result


def updated(settings: MatchSettings, values: Mapping[str, int | Decimal | float]) -> MatchSettings:
    """The settings with the form's values; a value refused raises ``SettingsError``,
    naming the setting and what it may be. A name the form does not offer is the calling
    code's mistake, not the accountant's: a plain ``ValueError``, a bug."""
    unknown = sorted(set(values) - set(EDITABLE))
    if unknown:
        raise ValueError(f"not a matching setting the form offers: {', '.join(unknown)}")
    return replace(settings, **typed(values))
