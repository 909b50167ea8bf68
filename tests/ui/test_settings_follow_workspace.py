"""The Settings screen shows the open workspace's matching settings, and Save writes over
those only. It read them once, as the window was built, before any workspace was open: it
showed the defaults, and Save, after changing one value, wrote every default back over the
workspace's own (a switch to another workspace kept showing the first one's). The real
window, engine and workspace files; the settings are read as the workspace opens.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDoubleSpinBox, QLabel, QLineEdit, QSpinBox, QWidget

from desktop_app.matching import MatchSettings
from desktop_app.matching.saved import saved_settings
from desktop_app.ui.backend import matching_settings
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.workspace import Workspace
from tests.ui.engine_window import engine_window
from tests.ui.fakes import ScriptedDialogs


@pytest.fixture
def window(qtbot, runner: TaskRunner, tmp_path: Path, event_loop_qt) -> Iterator[MainWindow]:
    with engine_window(qtbot, runner, tmp_path, ScriptedDialogs(), screen="settings") as window:
        yield window


def _workspace(path: Path, settings: MatchSettings) -> Path:
    with Workspace.create(path) as workspace:
        workspace.settings.set(matching_settings.SETTINGS_KEY, settings.to_dict())
    return path


def _stored(path: Path) -> MatchSettings:
    with Workspace.open(path) as workspace:
        return saved_settings(workspace.settings.get(matching_settings.SETTINGS_KEY))


def _open(qtbot, window: MainWindow, path: Path) -> None:
    with qtbot.waitSignal(window.workflows.workspace_opened, timeout=60_000):
        window.workflows.open_workspace(path)


def _spin(window: MainWindow, key: str) -> QSpinBox:
    editor = window.settings.form.findChild(QSpinBox, f"setting {key}")
    assert editor is not None
    return editor


def _score(window: MainWindow, key: str) -> QDoubleSpinBox:
    editor = window.settings.form.findChild(QDoubleSpinBox, f"setting {key}")
    assert editor is not None
    return editor


def _text(window: MainWindow, key: str) -> QLineEdit:
    editor = window.settings.form.findChild(QLineEdit, f"setting {key}")
    assert editor is not None
    return editor


def test_the_form_shows_each_opened_workspace_s_settings_and_save_keeps_the_rest(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    strict = _workspace(
        tmp_path / "strict.reconcile",
        MatchSettings(auto_accept_threshold=0.95, days_after_due=200),
    )
    loose = _workspace(
        tmp_path / "loose.reconcile",
        MatchSettings(amount_tolerance_absolute=Decimal("7.50"), days_after_due=90),
    )

    _open(qtbot, window, strict)
    assert _score(window, "auto_accept_threshold").value() == 0.95
    assert _spin(window, "days_after_due").value() == 200

    _open(qtbot, window, loose)  # not the previous workspace's values
    assert _score(window, "auto_accept_threshold").value() == 0.5
    assert _spin(window, "days_after_due").value() == 90
    assert _text(window, "amount_tolerance_absolute").text() == "7.50"

    _open(qtbot, window, strict)
    _score(window, "suggest_threshold").setValue(0.3)  # the one value the accountant changes
    window.settings.save_button.click()
    assert window.settings.settings_status.text() == "Saved: used from the next matching run."
    window.close()
    window.services.workspace.close()  # type: ignore[attr-defined]
    saved = _stored(strict)
    assert (saved.suggest_threshold, saved.auto_accept_threshold, saved.days_after_due) == (
        0.3,
        0.95,
        200,
    )
    assert _stored(loose).days_after_due == 90


@pytest.mark.parametrize("typed", ["NaN", "sNaN", "-nan"])
def test_a_tolerance_that_is_not_a_number_is_refused_with_the_others_message(
    qtbot, window: MainWindow, tmp_path: Path, typed: str
) -> None:
    """``Decimal("NaN")`` parses, then its comparison with the limits raised an uncaught
    InvalidOperation: nothing was said and nothing saved."""
    path = _workspace(tmp_path / "w.reconcile", MatchSettings())
    _open(qtbot, window, path)
    tolerance = _text(window, "amount_tolerance_absolute")
    tolerance.setText(typed)
    window.settings.save_button.click()
    assert window.settings.settings_status.text() == f"Amount tolerance: “{typed}” is not a number"
    window.close()
    window.services.workspace.close()  # type: ignore[attr-defined]
    assert _stored(path).amount_tolerance_absolute == MatchSettings().amount_tolerance_absolute


def test_each_setting_says_what_it_does_beside_its_box(qtbot, window: MainWindow) -> None:
    """Ten boxes the width of the screen, their meaning only in tooltips: each box is now
    as wide as a number needs, with its help written beside it, and a percentage moves in
    whole points (85.0, not 85.000)."""
    window.resize(1366, 768)
    form = window.settings.form
    for key, (label, help_text, _low, _high) in matching_settings.EDITABLE.items():
        hint = form.findChild(QLabel, f"help {key}")
        assert hint is not None, label
        assert hint.text() == help_text
        editor = form.findChild(QWidget, f"setting {key}")
        assert editor is not None
        assert editor.width() < window.width() // 4, label
    similarity = _score(window, "fuzzy_threshold")
    assert (similarity.decimals(), similarity.singleStep()) == (1, 1.0)
    assert similarity.text() == "85.0"
    auto = _score(window, "auto_accept_threshold")
    assert (auto.decimals(), auto.singleStep()) == (3, 0.05)


def test_a_value_the_engine_refuses_is_said_beside_the_form_naming_the_setting(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    """Each box within its range, but two that disagree: the engine's refusal names the
    setting and what it may be, by the form's labels (it said "suggest_threshold", a name
    the form shows nowhere), and nothing is saved."""
    path = _workspace(tmp_path / "w.reconcile", MatchSettings())
    _open(qtbot, window, path)
    _score(window, "suggest_threshold").setValue(0.9)  # above the auto-match score, 0.5
    window.settings.save_button.click()
    assert window.settings.settings_status.text() == (
        "Suggestion score: must be at most Auto-match score (0.5), not 0.9"
    )
    window.close()
    window.services.workspace.close()  # type: ignore[attr-defined]
    assert _stored(path).suggest_threshold == MatchSettings().suggest_threshold


def test_a_refusal_naming_a_setting_within_another_names_each_by_its_label(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    """days_after_due is a part of grace_days_after_due's name: each is its own label."""
    path = _workspace(tmp_path / "w.reconcile", MatchSettings())
    _open(qtbot, window, path)
    _spin(window, "grace_days_after_due").setValue(90)  # beyond the 60 days after due
    window.settings.save_button.click()
    assert window.settings.settings_status.text() == (
        "Grace days after due: must be at most Days after due (60), not 90"
    )


def test_a_bug_while_saving_is_not_said_as_a_refused_value(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ValueError nobody raised on purpose was shown beside the form as if a value had
    been refused, its traceback lost. It now escapes to the application's handler, which
    shows it with its traceback (``app._banner_hook``)."""
    path = _workspace(tmp_path / "w.reconcile", MatchSettings())
    _open(qtbot, window, path)
    stored = window.services.workspace.workspace.settings  # type: ignore[attr-defined]

    def broken(*args: object) -> None:
        raise ValueError("bad slice")

    monkeypatch.setattr(stored, "set", broken)
    with qtbot.capture_exceptions() as escaped:
        window.settings.save_button.click()
    [(kind, error, _traceback)] = escaped
    assert kind is ValueError
    assert str(error) == "bad slice"
    assert "bad slice" not in window.settings.settings_status.text()
