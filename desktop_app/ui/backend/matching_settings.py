"""The matching settings the Settings screen offers, kept in the open workspace.

Only the tolerances, windows and thresholds an accountant tunes are offered; weights and
search limits keep the engine's defaults. Values are validated by ``MatchSettings`` itself,
so the form can never store a combination the engine would refuse.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import fields, replace
from decimal import Decimal

from desktop_app.matching import MatchSettings
from desktop_app.matching.saved import SETTINGS_KEY, typed
from desktop_app.matching.settings import SettingsError
from desktop_app.ui.services import SettingField

__all__ = ["EDITABLE", "SETTINGS_KEY", "form_fields", "refused", "updated"]

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


# A setting's name where a refusal's words name it ("at most auto_accept_threshold (0.5)"):
# whole names only, so days_after_due is not found inside grace_days_after_due.
_NAMED = re.compile(r"\b(" + "|".join(map(re.escape, EDITABLE)) + r")\b")


def form_fields(settings: MatchSettings) -> list[SettingField]:
    by_name = {spec.name: spec for spec in fields(settings)}
    result = []
    for name, (label, help_text, minimum, maximum) in EDITABLE.items():
        if name in by_name:
            value = getattr(settings, name)
            result.append(SettingField(name, label, value, minimum, maximum, help_text))
    return result


def refused(error: SettingsError) -> str:
    """A value refused, in the form's words: "Suggestion score: must be at most Auto-match
    score (0.5), not 0.9", as the form says a value out of its box's range. The engine
    names the settings by their names (``suggest_threshold``), which it keeps for the
    command line and the workspace, and which the form shows nowhere: the accountant was
    left to guess which box was meant. A setting the form does not offer keeps its name."""
    allowed = _NAMED.sub(lambda named: _label(named.group(1)), error.allowed)
    return f"{_label(error.setting)}: must be {allowed}, not {error.value}"


def _label(name: str) -> str:
    """The form's label of the setting ``name``; the name itself where it offers none."""
    offered = EDITABLE.get(name)
    return name if offered is None else offered[0]


def updated(settings: MatchSettings, values: Mapping[str, int | Decimal | float]) -> MatchSettings:
    """The settings with the form's values; a value refused raises ``SettingsError``,
    naming the setting and what it may be (said in the form's words by ``refused``). A
    name the form does not offer is the calling code's mistake, not the accountant's: a
    plain ``ValueError``, a bug."""
    unknown = sorted(set(values) - set(EDITABLE))
    if unknown:
        raise ValueError(f"not a matching setting the form offers: {', '.join(unknown)}")
    return replace(settings, **typed(values))
