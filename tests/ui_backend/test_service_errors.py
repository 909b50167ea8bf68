"""Which errors the seam turns into a ``ServiceError`` (a refusal the screen shows where
the request was made): the engine's refusals and what the request raises on purpose,
never a bug inside, which keeps its own type and so its traceback in the banner."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop_app.providers.errors import ConfigError
from desktop_app.secrets import MissingSecretError
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.provider_settings import ProviderSettings
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.ui.services import ProviderEntry, ServiceError
from desktop_app.workspace import RecentWorkspaces
from desktop_app.workspace.errors import WorkspaceClosedError, WorkspaceFullError


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[EngineServices]:
    services = EngineServices(
        ProviderSettings(tmp_path / "providers.toml"),
        WorkspaceBackend(RecentWorkspaces(tmp_path)),
    )
    yield services
    asyncio.run(services.aclose())


def _raising(error: Exception) -> Callable[..., None]:
    def fail(*args: object, **kwargs: object) -> None:
        raise error

    return fail


@pytest.mark.parametrize(
    "error",
    [
        ConfigError("providers.toml: provider 'Shop': key 'base_url' is not an http(s) URL"),
        MissingSecretError("no token for Shop: set SHOP_TOKEN"),
        PermissionError(13, "Permission denied", "providers.toml"),  # the file unwritable
    ],
)
def test_a_provider_setting_refused_is_a_service_error(
    engine: EngineServices, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    monkeypatch.setattr(engine.provider_settings, "save", _raising(error))
    monkeypatch.setattr(engine.provider_settings, "remove", _raising(error))
    entry = ProviderEntry(name="Shop", kind="versori")
    with pytest.raises(ServiceError) as raised:
        engine.save_provider(entry, None)
    assert str(raised.value) == str(error)
    with pytest.raises(ServiceError):
        engine.remove_provider("Shop")


def test_a_bug_saving_a_provider_keeps_its_type(
    engine: EngineServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ValueError nobody raised on purpose is a bug: shown as a refusal on the
    Settings screen, it would hide where it happened."""
    monkeypatch.setattr(engine.provider_settings, "save", _raising(ValueError("bad slice")))
    with pytest.raises(ValueError, match="bad slice") as raised:
        engine.save_provider(ProviderEntry(name="Shop", kind="versori"), None)
    assert not isinstance(raised.value, ServiceError)


def test_a_secret_given_with_its_variable_is_refused_as_a_service_error(
    engine: EngineServices,
) -> None:
    entry = ProviderEntry(name="Shop", kind="versori", secret_env="SHOP_TOKEN")
    with pytest.raises(ServiceError, match="not stored"):
        engine.save_provider(entry, "s3cret")


def test_matching_settings_without_a_workspace_say_to_open_one(engine: EngineServices) -> None:
    with pytest.raises(ServiceError, match="no workspace is open"):
        engine.save_matching_settings({"days_after_due": 30})


def test_matching_settings_refused_by_the_workspace_are_a_service_error(
    engine: EngineServices, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine.open_workspace(tmp_path / "books.reconcile", create=True)
    settings = engine.workspace.workspace.settings
    monkeypatch.setattr(settings, "set", _raising(WorkspaceFullError(tmp_path / "b")))
    with pytest.raises(ServiceError, match="the disk is full"):
        engine.save_matching_settings({"days_after_due": 30})


def test_matching_settings_written_to_a_closed_workspace_are_a_bug(
    engine: EngineServices, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window never writes to a closed workspace: if it does, support needs the
    traceback, not "workspace … has been closed" beside the settings form."""
    engine.open_workspace(tmp_path / "books.reconcile", create=True)
    settings = engine.workspace.workspace.settings
    monkeypatch.setattr(settings, "set", _raising(WorkspaceClosedError(tmp_path / "b")))
    with pytest.raises(WorkspaceClosedError):
        engine.save_matching_settings({"days_after_due": 30})


def test_a_refused_matching_value_is_a_service_error_naming_the_setting(
    engine: EngineServices, tmp_path: Path
) -> None:
    engine.open_workspace(tmp_path / "books.reconcile", create=True)
    with pytest.raises(ServiceError) as raised:
        engine.save_matching_settings({"suggest_threshold": 0.9, "auto_accept_threshold": 0.5})
    assert str(raised.value) == "Suggestion score: must be at most Auto-match score (0.5), not 0.9"


def test_a_bug_saving_matching_settings_keeps_its_type(
    engine: EngineServices, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any ValueError once became a ServiceError there, shown beside the settings form as
    if the accountant's value were refused, and its traceback lost. Only the settings'
    own refusal (``SettingsError``) is one now."""
    engine.open_workspace(tmp_path / "books.reconcile", create=True)
    settings = engine.workspace.workspace.settings
    monkeypatch.setattr(settings, "set", _raising(ValueError("bad slice")))
    with pytest.raises(ValueError, match="bad slice") as raised:
        engine.save_matching_settings({"days_after_due": 30})
    assert not isinstance(raised.value, ServiceError)
