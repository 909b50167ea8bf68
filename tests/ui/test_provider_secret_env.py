"""Settings on a machine without a keyring: the provider's secret read from a variable the
window is told to name (tester k, findings 4 and 6), through the real provider settings."""

from __future__ import annotations

from pathlib import Path

import keyring.backends.fail
import pytest
from PySide6.QtCore import Qt

from desktop_app.secrets import KeyringSecretSource
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.provider_settings import ProviderSettings
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.ui.dialogs.seam import ProviderEdit
from desktop_app.ui.models.columns import column_index
from desktop_app.ui.services import ProviderEntry
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.views.settings_view import SettingsView
from desktop_app.workspace import RecentWorkspaces
from tests.ui.fakes import ScriptedDialogs


def test_without_a_keyring_settings_point_at_a_variable_and_list_it_as_the_tokens_source(
    qtbot, runner: TaskRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CLIENT_CI_TOKEN", raising=False)
    path = tmp_path / "settings" / "providers.toml"
    no_keyring = keyring.backends.fail.Keyring()  # type: ignore[no-untyped-call]
    settings = ProviderSettings(path, KeyringSecretSource(backend=no_keyring))
    services = EngineServices(settings, WorkspaceBackend(RecentWorkspaces(tmp_path)))
    typed = ProviderEntry("Client CI", "content_ignite", "http://127.0.0.1:9/ci")
    named = ProviderEntry(
        "Client CI", "content_ignite", "http://127.0.0.1:9/ci", secret_env="CLIENT_CI_TOKEN"
    )
    dialogs = ScriptedDialogs(
        edit_provider=[ProviderEdit(typed, "tok-typed"), ProviderEdit(named, None)]
    )
    view = SettingsView(services, dialogs, runner)
    qtbot.addWidget(view)
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    refusal = view.provider_status.text()
    assert refusal.startswith("Could not save Client CI: cannot store the token for 'Client CI'")
    assert 'choose "an environment variable" for "Token or password from"' in refusal
    assert "CLIENT_CI_TOKEN" in refusal
    assert not path.exists()
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    assert view.provider_status.text() == "Saved Client CI."
    assert 'token_env = "CLIENT_CI_TOKEN"' in path.read_text(encoding="utf-8")
    token = column_index(view.providers_model.columns, "token")
    assert view.providers_model.index(0, token).data() == "missing: CLIENT_CI_TOKEN is not set"
    monkeypatch.setenv("CLIENT_CI_TOKEN", "tok-from-env")
    view.reload()
    assert view.providers_model.index(0, token).data() == "from CLIENT_CI_TOKEN (environment)"
    assert "tok-from-env" not in path.read_text(encoding="utf-8")


def test_a_variable_set_but_empty_is_said_so_in_the_list_and_by_test_connection(
    qtbot,
    qtmodeltester,
    runner: TaskRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    event_loop_qt,
) -> None:
    """``CLIENT_CI_TOKEN=""`` was listed "missing: CLIENT_CI_TOKEN not set", and Test
    connection refused with "is not set", where the command line says the variable is set
    but empty: the accountant looked for a variable they could see."""
    monkeypatch.setenv("CLIENT_CI_TOKEN", "")
    path = tmp_path / "providers.toml"
    path.write_text(
        '[[providers]]\nkind = "content_ignite"\nname = "Client CI"\n'
        'base_url = "http://127.0.0.1:9/ci"\ntoken_env = "CLIENT_CI_TOKEN"\n',
        encoding="utf-8",
    )
    services = EngineServices(ProviderSettings(path), WorkspaceBackend(RecentWorkspaces(tmp_path)))
    view = SettingsView(services, ScriptedDialogs(), runner)
    qtbot.addWidget(view)
    view.show()
    qtmodeltester.check(view.providers_model)
    column = column_index(view.providers_model.columns, "token")
    token = view.providers_model.index(0, column)
    assert token.data() == "missing: CLIENT_CI_TOKEN is set but empty"
    assert token.data(Qt.ItemDataRole.ToolTipRole) == (
        "CLIENT_CI_TOKEN is set but empty: set it to the token before starting the app, or "
        "Edit… the provider to type the token."
    )
    assert token.data(Qt.ItemDataRole.ForegroundRole) is not None  # shown as missing
    view.providers_table.selectRow(0)
    qtbot.mouseClick(view.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "no token" in view.provider_status.text())
    assert view.provider_status.text() == (
        "Client CI: no token for 'Client CI': the OS keyring entry 'desktop-app'/'Client CI/"
        "token' is missing and environment variable CLIENT_CI_TOKEN is set but empty"
    )
    monkeypatch.delenv("CLIENT_CI_TOKEN")
    view.reload()
    assert view.providers_model.index(0, column).data() == "missing: CLIENT_CI_TOKEN is not set"
