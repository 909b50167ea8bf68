"""A refused matching setting in the Settings form's words (``matching_settings.refused``).

The engine names settings by the names the command line and the workspace keep; the form
shows labels. Each name the form offers is said by its label, whole names only; one the
form does not offer (a weight, kept at the engine's default) keeps its name, there being
no label to give it.
"""

from __future__ import annotations

from desktop_app.matching.settings import SettingsError
from desktop_app.ui.backend import matching_settings


def test_both_settings_named_are_said_by_their_labels() -> None:
    error = SettingsError("grace_days_after_due", "at most days_after_due (60)", 90)
    assert matching_settings.refused(error) == (
        "Grace days after due: must be at most Days after due (60), not 90"
    )


def test_a_setting_the_form_does_not_offer_keeps_its_name() -> None:
    error = SettingsError("weight_reference", "above 0 while the other weights are 0", 0)
    assert matching_settings.refused(error) == (
        "weight_reference: must be above 0 while the other weights are 0, not 0"
    )
