"""A workspace whose stored matching settings this version refuses opens all the same.

A value refused (saved by an older version whose checks were looser, or edited by hand)
made ``open_workspace`` raise the ``SettingsError``: the whole workspace, statements and
decisions with it, failed to open, in words that did not say the value was stored in it.
Now each refused value is set aside for its default, the others kept, with a warning
naming the workspace, the setting, the value stored, what it may be and that the default
is used until Settings saves them again; settings of a newer version are ignored with a
warning, and kept. Nothing is written as they are read. Real workspace files, written
past the application as another version or a hand would.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain import CancelToken, DecisionKind, no_progress
from desktop_app.matching import MatchSettings
from desktop_app.matching.saved import SETTINGS_KEY
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.provider_settings import ProviderSettings
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.workspace import RecentWorkspaces
from tests.workspace.damage import holding_setting, stored_setting

UNTIL_SAVED = (
    "until the matching settings are saved again from Settings (in the window); what is "
    "stored is left as it is"
)

# As an older version saved them: every setting, the suggestion score above the
# auto-match score (refused now), the weights all negative (not offered, never read),
# and a setting a newer version added.
OLDER = {
    **MatchSettings().to_dict(),
    "suggest_threshold": 0.6,
    "days_after_due": 90,
    **{f"weight_{name}": -0.2 for name in ("reference", "amount", "counterparty", "date")},
    "weight_currency": -0.1,
    "match_on_iban": True,
}


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[EngineServices]:
    services = EngineServices(
        ProviderSettings(tmp_path / "providers.toml"),
        WorkspaceBackend(RecentWorkspaces(tmp_path)),
    )
    yield services
    asyncio.run(services.aclose())


def _stored_after(engine: EngineServices, path: Path) -> object:
    """The stored matching settings as the file holds them, once the engine let it go."""
    engine.workspace.close()
    return stored_setting(path, SETTINGS_KEY)


def _form(engine: EngineServices) -> dict[str, Any]:
    return {field.key: field.value for field in engine.matching_settings()}


def test_a_refused_setting_falls_back_to_its_default_and_the_workspace_opens(
    engine: EngineServices, tmp_path: Path
) -> None:
    path = holding_setting(tmp_path / "book.reconcile", SETTINGS_KEY, json.dumps(OLDER))
    contents = engine.open_workspace(path)

    # Everything it holds: the statement, its lines, the accept and its audit trail.
    assert contents.statements == ("march.csv",)
    assert [line.row for line in contents.lines] == [2, 3]
    assert [decision.kind for decision in contents.decisions] == [DecisionKind.ACCEPT]
    assert [row.decision.kind for row in engine.audit_trail()] == [DecisionKind.ACCEPT]
    # The refused value's default, the others as stored, in the form and in matching.
    form = {field.key: field.value for field in contents.matching_settings}
    assert (form["suggest_threshold"], form["days_after_due"]) == (0.4, 90)
    used = engine.reconcile(contents.invoices, contents.lines, contents.decisions,
                            no_progress, CancelToken()).settings  # fmt: skip
    assert (used["suggest_threshold"], used["days_after_due"]) == (0.4, 90)
    assert used["weight_reference"] == MatchSettings().weight_reference
    assert contents.settings_set_aside == (
        (
            "the matching setting suggest_threshold stored in book.reconcile is 0.6, which this "
            "version refuses: it must be at most auto_accept_threshold (0.5). Its default (0.4) "
            f"is used instead {UNTIL_SAVED}"
        ),
    )
    assert contents.settings_unknown == (
        "book.reconcile keeps matching settings this version does not know, saved by another "
        "version (perhaps a newer one): match_on_iban. They are ignored, and kept in the "
        "workspace (saving the settings keeps them too)"
    )
    assert _stored_after(engine, path) == json.dumps(OLDER)  # nothing rewritten


@pytest.mark.parametrize(
    ("stored", "said", "form"),
    [
        # by hand: a count in words; a count with a fraction (read as 1 without a word)
        (
            '{"days_after_due": "ten", "days_before_issue": 3}',
            (
                'days_after_due stored in book.reconcile is "ten", which this version refuses: '
                "it must be a whole number. Its default (60)"
            ),
            {"days_after_due": 60, "days_before_issue": 3},
        ),
        (
            '{"days_after_due": 1.5, "days_before_issue": 3}',
            (
                "days_after_due stored in book.reconcile is 1.5, which this version refuses: it "
                "must be a whole number. Its default (60)"
            ),
            {"days_after_due": 60, "days_before_issue": 3},
        ),
        # the grace longer than the window it is part of; a negative tolerance
        (
            '{"grace_days_after_due": 70, "days_after_due": 60, "days_before_issue": 3}',
            (
                "grace_days_after_due stored in book.reconcile is 70, which this version refuses: "
                "it must be at most days_after_due (60). Its default (10)"
            ),
            {"grace_days_after_due": 10, "days_after_due": 60, "days_before_issue": 3},
        ),
        (
            '{"amount_tolerance_absolute": "-1.00", "days_before_issue": 3}',
            (
                "amount_tolerance_absolute stored in book.reconcile is -1.00, which this version "
                "refuses: it must be 0 or more. Its default (2.00)"
            ),
            {"amount_tolerance_absolute": Decimal("2.00"), "days_before_issue": 3},
        ),
    ],
)
def test_each_refused_value_is_said_and_the_others_kept(
    engine: EngineServices, tmp_path: Path, stored: str, said: str, form: dict[str, Any]
) -> None:
    path = holding_setting(tmp_path / "book.reconcile", SETTINGS_KEY, stored)
    contents = engine.open_workspace(path)
    assert [line.row for line in contents.lines] == [2, 3]
    assert contents.settings_set_aside == (
        f"the matching setting {said} is used instead {UNTIL_SAVED}",
    )
    assert contents.settings_unknown is None
    assert {key: _form(engine)[key] for key in form} == form
    assert _stored_after(engine, path) == stored


def test_settings_that_are_no_table_open_with_the_defaults(
    engine: EngineServices, tmp_path: Path
) -> None:
    """Readable JSON, but no settings (a hand's list): every default, said so."""
    path = holding_setting(tmp_path / "book.reconcile", SETTINGS_KEY, "[0.5, 0.4]")
    contents = engine.open_workspace(path)
    assert [decision.kind for decision in contents.decisions] == [DecisionKind.ACCEPT]
    assert contents.settings_set_aside == (
        (
            "the matching settings stored in book.reconcile are [0.5, 0.4], which this version "
            "refuses: they must be a table of named settings, as Settings saves them. The "
            f"defaults are used instead {UNTIL_SAVED}"
        ),
    )
    defaults = MatchSettings()
    assert all(value == getattr(defaults, key) for key, value in _form(engine).items())


def test_saving_from_settings_writes_over_the_refused_value_and_keeps_a_newer_one_s(
    engine: EngineServices, tmp_path: Path
) -> None:
    """Save stores what the form shows (the default for the value set aside); the
    setting of a newer version stays for it, and is still said to be ignored."""
    path = holding_setting(tmp_path / "book.reconcile", SETTINGS_KEY, json.dumps(OLDER))
    engine.open_workspace(path)
    engine.save_matching_settings(_form(engine))
    kept = json.loads(str(_stored_after(engine, path)))
    assert (kept["suggest_threshold"], kept["days_after_due"]) == (0.4, 90)
    assert kept["match_on_iban"] is True
    again = engine.open_workspace(path)
    assert again.settings_set_aside == ()
    assert again.settings_unknown is not None
    assert "match_on_iban" in again.settings_unknown
