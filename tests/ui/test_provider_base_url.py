"""Editing a provider in Settings leaves an implicit production address implicit.

A providers.toml entry without ``base_url`` reads the kind's production address. The
dialog was filled in with that address, and OK wrote it into the file: the entry was
pinned to today's address, and a later change of the default never reached it. Driven as
the accountant does it: Settings' *Edit…* opens the real dialog (``QtDialogs``, modally),
it is answered through its widgets, and the saved file is read back.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop_app.providers import DEFAULT_BASE_URLS, ProviderKind
from desktop_app.secrets import InMemoryKeyring, KeyringSecretSource
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.provider_settings import ProviderSettings
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.ui.dialogs.provider_dialog import ProviderDialog
from desktop_app.ui.dialogs.seam import QtDialogs
from desktop_app.ui.models.columns import column_index
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.views.settings_view import SettingsView
from desktop_app.workspace import RecentWorkspaces
from tests.ui.modal_answer import answer_when_shown

PRODUCTION = DEFAULT_BASE_URLS[ProviderKind.CONTENT_IGNITE]
NO_ADDRESS = """\
[[providers]]
kind = "content_ignite"
name = "CI"
token_env = "CI_TOKEN"
"""


def _settings_view(
    qtbot, runner: TaskRunner, tmp_path: Path, text: str
) -> tuple[SettingsView, Path]:
    """The Settings screen over the real provider settings of a file holding ``text``."""
    path = tmp_path / "settings" / "providers.toml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    settings = ProviderSettings(path, KeyringSecretSource(backend=InMemoryKeyring()))
    services = EngineServices(settings, WorkspaceBackend(RecentWorkspaces(tmp_path)))
    view = SettingsView(services, QtDialogs(), runner)
    qtbot.addWidget(view)
    view.reload()
    return view, path


def _edit(qtbot, view: SettingsView, answer: Callable[[ProviderDialog], None]) -> None:
    """*Edit…* on the first provider, ``answer`` acting on the dialog once it is shown."""
    view.providers_table.select_keys([view.providers_model.item_at(0).name])
    shown = answer_when_shown(ProviderDialog, answer)
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    assert shown, "Edit… did not show the dialog"
    qtbot.waitUntil(lambda: not shiboken6.isValid(shown[0]))


def _ok(qtbot, dialog: ProviderDialog) -> None:
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.error_label.text()


def _saved(path: Path) -> dict[str, Any]:
    (entry,) = tomllib.loads(path.read_text(encoding="utf-8"))["providers"]
    return dict(entry)


def test_editing_a_provider_without_an_address_leaves_it_out_of_the_file(
    qtbot, runner: TaskRunner, tmp_path: Path
) -> None:
    view, path = _settings_view(qtbot, runner, tmp_path, NO_ADDRESS)
    shown_address: list[str] = []

    def answer(dialog: ProviderDialog) -> None:
        shown_address.append(dialog.url_edit.text())
        dialog.direction_combo.setCurrentIndex(dialog.direction_combo.findData("receivable"))
        _ok(qtbot, dialog)

    _edit(qtbot, view, answer)
    assert view.provider_status.text() == "Saved CI."
    assert _saved(path) == {
        "kind": "content_ignite",
        "name": "CI",
        "token_env": "CI_TOKEN",
        "direction": "receivable",
    }
    # Shown as implicit too: the list names the default address as the dialog's empty
    # field does ("(production)" said not which), and the field is empty.
    assert shown_address == [""]
    address = column_index(view.providers_model.columns, "url")
    assert view.providers_model.index(0, address).data() == "default: https://api.tagdeliver.com"


def test_the_production_address_typed_in_is_not_written_but_another_one_is(
    qtbot, runner: TaskRunner, tmp_path: Path
) -> None:
    """Typed in full, the production address is still the default: left implicit. An
    address of the accountant's own (a proxy, a test server) is theirs: written."""
    view, path = _settings_view(qtbot, runner, tmp_path, NO_ADDRESS)

    def type_address(url: str) -> Callable[[ProviderDialog], None]:
        def answer(dialog: ProviderDialog) -> None:
            dialog.url_edit.clear()
            qtbot.keyClicks(dialog.url_edit, url)
            _ok(qtbot, dialog)

        return answer

    _edit(qtbot, view, type_address(PRODUCTION + "/"))
    assert "base_url" not in _saved(path)
    _edit(qtbot, view, type_address("https://proxy.example.com/ci"))
    assert _saved(path)["base_url"] == "https://proxy.example.com/ci"


def test_an_address_the_file_already_names_is_kept_even_when_it_is_the_default(
    qtbot, runner: TaskRunner, tmp_path: Path
) -> None:
    """Written by hand, the production address is the accountant's choice: kept as is."""
    pinned = NO_ADDRESS + f'base_url = "{PRODUCTION}"\n'
    view, path = _settings_view(qtbot, runner, tmp_path, pinned)

    def answer(dialog: ProviderDialog) -> None:
        assert dialog.url_edit.text() == PRODUCTION
        dialog.direction_combo.setCurrentIndex(dialog.direction_combo.findData("payable"))
        _ok(qtbot, dialog)

    _edit(qtbot, view, answer)
    assert _saved(path)["base_url"] == PRODUCTION
    assert _saved(path)["direction"] == "payable"


def test_the_address_field_shows_the_chosen_apis_own_default_address(
    qtbot, runner: TaskRunner, tmp_path: Path
) -> None:
    """An empty Address read "production address": which one, the accountant could not
    tell, nor whether it was the one their provider gave them. It shows the chosen API's
    address, and follows a change of API."""
    view, path = _settings_view(qtbot, runner, tmp_path, NO_ADDRESS)
    before = path.read_text(encoding="utf-8")
    shown: list[str] = []

    def answer(dialog: ProviderDialog) -> None:
        shown.append(dialog.url_edit.placeholderText())
        for kind in (ProviderKind.VERSORI, ProviderKind.ELEVATE):
            dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(kind.value))
            shown.append(dialog.url_edit.placeholderText())
            # In full, not cut: the field is as wide as the address it shows.
            edit = dialog.url_edit
            room = edit.contentsRect().width() - edit.textMargins().left()
            assert edit.fontMetrics().horizontalAdvance(edit.placeholderText()) < room
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()

    _edit(qtbot, view, answer)
    assert shown == [
        "default: https://api.tagdeliver.com",
        "default: https://platform.versori.com/api/organisations/v1",
        "default: https://rest.elevatebilling.com/v1",
    ]
    assert path.read_text(encoding="utf-8") == before


def test_a_new_providers_address_shows_the_default_of_the_api_it_starts_with(qtbot) -> None:
    dialog = ProviderDialog(None)
    qtbot.addWidget(dialog)
    kind = ProviderKind(dialog.kind_combo.currentData())
    assert dialog.url_edit.placeholderText() == f"default: {DEFAULT_BASE_URLS[kind]}"
