"""The matching settings a workspace keeps: read one way by every run that matches in it.

The window's Settings screen saves the tolerances, windows and thresholds an accountant
tunes in the open workspace; the window's runs match with them, and so does
``desktop-app reconcile --workspace``, so a scheduled run's report agrees with what the
window shows and exports from that workspace. Reading them lives here, beside the
settings, not in the window: the command line must never import Qt to find them.

Only the settings offered (``OFFERED``) are read back: a save stores every setting, and
reading the others would pin a workspace to the engine's defaults of the day it was saved
(``max_amount_candidates`` was 1), never to the engine's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from decimal import Decimal
from typing import Any

from desktop_app.matching.settings import MatchSettings

# The workspace setting (``Workspace.settings``) that holds them, as ``to_dict`` writes.
SETTINGS_KEY = "matching"

# The settings an accountant tunes (the Settings screen's form, in its order).
OFFERED = (
    "amount_tolerance_absolute",
    "amount_tolerance_percent",
    "days_before_issue",
    "grace_days_after_due",
    "days_after_due",
    "default_payment_terms_days",
    "auto_accept_threshold",
    "suggest_threshold",
    "ambiguity_margin",
    "fuzzy_threshold",
)


def saved_settings(stored: Mapping[str, Any] | None) -> MatchSettings:
    """The settings a workspace keeps (its ``SETTINGS_KEY`` value as stored: JSON, where
    every fraction is a Decimal), the engine's defaults where it keeps none."""
    if not stored:
        return MatchSettings()
    return MatchSettings.from_dict(typed({k: v for k, v in stored.items() if k in OFFERED}))


def changed_from_defaults(settings: MatchSettings) -> dict[str, Any]:
    """The offered settings whose value is not the engine's default, by name, in the
    offered order: what a run says it matched with beyond the defaults."""
    defaults = MatchSettings()
    return {
        name: getattr(settings, name)
        for name in OFFERED
        if getattr(settings, name) != getattr(defaults, name)
    }


def typed(values: Mapping[str, Any]) -> dict[str, Any]:
    """Each value in its field's type: scores are floats (evidence, not money), counts are
    ints, tolerances Decimals. JSON storage reads every fraction back as a Decimal."""
    defaults = MatchSettings()
    known = {spec.name for spec in fields(MatchSettings)}
    result: dict[str, Any] = {}
    for name, value in values.items():
        default = getattr(defaults, name, None) if name in known else None
        if isinstance(default, float) and isinstance(value, int | float | Decimal | str):
            result[name] = float(value)
        elif (
            isinstance(default, int)
            and not isinstance(default, bool)
            and isinstance(value, int | Decimal | str)
        ):
            result[name] = int(value)
        elif isinstance(default, Decimal) and isinstance(value, int | Decimal | str):
            result[name] = Decimal(value)
        else:
            result[name] = value
    return result
