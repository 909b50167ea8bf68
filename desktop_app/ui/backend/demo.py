"""``desktop-app --demo``: the sandbox providers, sample statements, a throw-away workspace.

Everything lives in a temporary folder and an in-memory keyring, so the demo works with
no account, no network and no set-up, and leaves nothing in the user's own settings,
keyring or workspace.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop_app.resources import resources_dir
from desktop_app.sandbox import Sandbox
from desktop_app.secrets import InMemoryKeyring, KeyringSecretSource
from desktop_app.ui.backend.provider_settings import ProviderSettings
from desktop_app.ui.services import ProviderEntry

DEMO_SEED = 7
DEMO_CURRENCY = "GBP"  # the sample statements' currency (the csv does not say)
SAMPLE_FOLDER = "sample-statements"
SAMPLE_SUFFIXES = (".csv", ".xlsx", ".xls", ".ods", ".ofx", ".xml", ".sta", ".mt940")


@dataclass(frozen=True, slots=True)
class DemoSetup:
    sandbox: Sandbox
    settings: ProviderSettings
    workspace: Path
    statements: tuple[Path, ...]


def sample_statements() -> tuple[Path, ...]:
    """The sample statements shipped in resources/ (generated from the sandbox's data)."""
    try:
        folder = resources_dir() / SAMPLE_FOLDER
    except FileNotFoundError:
        return ()
    if not folder.is_dir():
        return ()
    return tuple(sorted(p for p in folder.iterdir() if p.suffix.lower() in SAMPLE_SUFFIXES))


def start_demo(
    folder: Path, statements: Sequence[Path] | None = None, seed: int = DEMO_SEED
) -> DemoSetup:
    """Start the sandbox on a free port and configure the three providers against it."""
    sandbox = Sandbox(seed=seed).start()
    try:
        keyring = KeyringSecretSource(backend=InMemoryKeyring())
        settings = ProviderSettings(folder / "providers.toml", keyring)
        for entry, secret in demo_providers(sandbox):
            settings.save(entry, secret)
    except BaseException:
        sandbox.stop()
        raise
    chosen = sample_statements() if statements is None else tuple(statements)
    return DemoSetup(sandbox, settings, folder / "demo.reconcile", chosen)


def demo_providers(sandbox: Sandbox) -> list[tuple[ProviderEntry, str]]:
    credentials = sandbox.credentials
    return [
        (
            ProviderEntry("Content Ignite", "content_ignite", sandbox.content_ignite_url),
            credentials.content_ignite_token,
        ),
        (
            ProviderEntry(
                "Versori",
                "versori",
                sandbox.versori_url,
                options={"organisation_id": credentials.versori_organisation_id},
            ),
            credentials.versori_token,
        ),
        (
            ProviderEntry(
                "Elevate Billing",
                "elevate",
                sandbox.elevate_url,
                options={
                    "currency": "GBP",
                    "brand": credentials.elevate_brand,
                    "username": credentials.elevate_username,
                },
            ),
            credentials.elevate_password,
        ),
    ]
