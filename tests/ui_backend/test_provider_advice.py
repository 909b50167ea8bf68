"""What the window says to do when a provider refuses its token or asks for a long wait.

Over real HTTP against the sandbox, through ``EngineServices`` and the window's own
providers.toml (``ProviderSettings``), with the keyring the machine has: none at all
(keyring's "fail" backend), or one holding the token (tester p, findings 4 and 5).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring.backends.fail
import pytest

from desktop_app.domain import CancelToken, no_progress
from desktop_app.providers import AuthenticationError
from desktop_app.sandbox import Sandbox
from desktop_app.secrets import InMemoryKeyring, KeyringSecretSource
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.provider_settings import ProviderSettings
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.ui.services import ProviderEntry
from desktop_app.workspace import RecentWorkspaces

pytestmark = pytest.mark.sandbox

WRONG = "eyJ-not-the-token"
Engines = Callable[[ProviderSettings], EngineServices]


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(seed=7) as running:
        yield running


@pytest.fixture
def engines(sandbox: Sandbox, tmp_path: Path) -> Iterator[Engines]:
    """Makes the window's engine over given provider settings; closes each at the end."""
    made: list[EngineServices] = []

    def make(settings: ProviderSettings) -> EngineServices:
        recent = RecentWorkspaces(tmp_path / "recent")
        made.append(EngineServices(settings, WorkspaceBackend(recent), today=sandbox.today))
        return made[-1]

    yield make
    for services in made:
        asyncio.run(services.aclose())


def entry(sandbox: Sandbox, secret_env: str | None = None) -> ProviderEntry:
    return ProviderEntry(
        name="Client CI",
        kind="content_ignite",
        base_url=sandbox.content_ignite_url,
        secret_env=secret_env,
    )


def test_a_refused_token_read_from_a_variable_on_a_machine_without_a_keyring(
    sandbox: Sandbox, tmp_path: Path, engines: Engines, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Check the token in the OS keyring entry 'desktop-app'/'Client CI/token' or
    environment variable TP_WRONG_TOKEN": that entry cannot exist on this machine."""
    monkeypatch.setenv("TP_WRONG_TOKEN", WRONG)
    no_keyring = keyring.backends.fail.Keyring()  # type: ignore[no-untyped-call]
    settings = ProviderSettings(tmp_path / "providers.toml", KeyringSecretSource(no_keyring))
    settings.save(entry(sandbox, "TP_WRONG_TOKEN"), None)
    services = engines(settings)
    with pytest.raises(AuthenticationError) as error:
        asyncio.run(services.test_provider(entry(sandbox, "TP_WRONG_TOKEN"), None))
    assert str(error.value).endswith("(check the token in environment variable TP_WRONG_TOKEN)")
    assert "keyring" not in str(error.value)


def test_a_refused_token_the_keyring_holds_names_the_keyring_alone(
    sandbox: Sandbox, tmp_path: Path, engines: Engines
) -> None:
    """ "… or no environment variable (add token_env to providers.toml)" told someone whose
    token is rightly in the keyring to add a variable."""
    settings = ProviderSettings(tmp_path / "providers.toml", KeyringSecretSource(InMemoryKeyring()))
    settings.save(entry(sandbox), WRONG)
    services = engines(settings)
    with pytest.raises(AuthenticationError) as error:
        asyncio.run(services.test_provider(entry(sandbox), None))
    assert str(error.value).endswith(
        "(check the token in the OS keyring entry 'desktop-app'/'Client CI/token')"
    )
    assert "environment variable" not in str(error.value)


def test_a_refused_token_typed_in_the_dialog_is_said_to_be_that_one(
    sandbox: Sandbox, tmp_path: Path, engines: Engines
) -> None:
    settings = ProviderSettings(tmp_path / "providers.toml", KeyringSecretSource(InMemoryKeyring()))
    settings.save(entry(sandbox), sandbox.credentials.content_ignite_token)
    services = engines(settings)
    with pytest.raises(AuthenticationError) as error:
        asyncio.run(services.test_provider(entry(sandbox), WRONG))
    assert str(error.value).endswith("(check the token in the secret typed in the dialog)")


def test_a_wait_too_long_names_the_windows_providers_toml_and_when_to_try_again(
    sandbox: Sandbox, tmp_path: Path, engines: Engines
) -> None:
    """ "Set max_retry_after = 120 in this provider's providers.toml entry": Settings has no
    such field, and the window's file is in a settings folder nobody is shown (finding 4)."""
    settings = ProviderSettings(
        tmp_path / "settings" / "providers.toml", KeyringSecretSource(InMemoryKeyring())
    )
    settings.path.parent.mkdir()
    settings.save(entry(sandbox), sandbox.credentials.content_ignite_token)
    sandbox.faults.inject("content_ignite", "429", retry_after=120)
    services = engines(settings)
    result = asyncio.run(services.fetch_invoices(None, None, no_progress, CancelToken()))
    (failure,) = result.failures
    assert failure.message.endswith(
        "(try again in 2 minutes; or, to have it waited out, set max_retry_after = 120 in "
        f"this provider's entry in {settings.path})"
    )
