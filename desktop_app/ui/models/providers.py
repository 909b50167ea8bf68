"""The configured providers, for the settings screen."""

from __future__ import annotations

from typing import Any

from desktop_app.providers.config import DEFAULT_BASE_URLS, ProviderKind
from desktop_app.secrets import plain_env_name, variable_state
from desktop_app.ui.models.columns import ColumnSpec
from desktop_app.ui.models.table_model import DomainTableModel
from desktop_app.ui.services import ProviderEntry, SecretFrom

KIND_LABELS = {
    "content_ignite": "Content Ignite",
    "versori": "Versori",
    "elevate": "Elevate Billing",
}


def default_address(kind: str) -> str:
    """An empty address as the Settings list and the provider dialog's Address field show
    it: the address used then, the API's documented one ("default: https://…"). The list
    said "(production)", leaving the accountant to guess which address, and whether it was
    the one their provider gave them."""
    try:
        return f"default: {DEFAULT_BASE_URLS[ProviderKind(kind)]}"
    except ValueError:  # a kind this version does not know: nothing documented to name
        return "default"


def address_text(entry: ProviderEntry) -> str:
    return entry.base_url or default_address(entry.kind)


def _named(entry: ProviderEntry) -> str | None:
    """The variable the entry names, when a screen may show it: a value that does not
    look like a name may be the secret itself, typed where its name goes."""
    name = entry.secret_env
    return name if name is not None and plain_env_name(name) else None


def token_text(entry: ProviderEntry) -> str:
    """Where the token is read from: it said "in keyring" for a token read from an
    environment variable, on a machine with no keyring at all, and an accountant might
    unset the variable believing the token kept safe elsewhere. A missing one names its
    variable as the command line does (``variable_state``): a variable set but empty was
    "not set", and the accountant looked for one they could see."""
    named = _named(entry)
    if entry.token_from is SecretFrom.KEYRING:
        return "keyring"
    if entry.token_from is SecretFrom.ENVIRONMENT:
        return f"from {named} (environment)" if named else "environment variable"
    if named is None:
        return "missing"
    return f"missing: {named} {variable_state(entry.token_from is SecretFrom.EMPTY)}"


def token_tooltip(entry: ProviderEntry) -> str:
    named = _named(entry)
    if entry.token_from is SecretFrom.KEYRING:
        return "Kept in the OS keyring, never in a file."
    if entry.secret_env is not None and named is None:
        return (
            "providers.toml names a variable here that does not look like a variable's name: "
            "it may be the token itself. Edit… the provider to name the variable."
        )
    if entry.token_from is SecretFrom.ENVIRONMENT:
        return (
            f"Read from the environment variable {named} as invoices are fetched; only its "
            "name is in providers.toml."
        )
    if named and entry.token_from is SecretFrom.EMPTY:
        return (
            f"{named} {variable_state(True)}: set it to the token before starting the app, "
            "or Edit… the provider to type the token."
        )
    if named:
        return f"Set {named} before starting the app, or Edit… the provider to type the token."
    return "Edit… the provider to type its token or name the variable that holds it."


PROVIDER_COLUMNS: tuple[ColumnSpec[ProviderEntry], ...] = (
    ColumnSpec("name", "Name", lambda p: p.name, width=160),
    ColumnSpec("kind", "API", lambda p: KIND_LABELS.get(p.kind, p.kind), width=120),
    ColumnSpec("url", "Address", address_text, tooltip=address_text, width=240),
    ColumnSpec("direction", "Direction", lambda p: p.direction or "(default)", width=90),
    ColumnSpec(
        "token",
        "Token",
        token_text,
        tooltip=token_tooltip,
        foreground=lambda p: None if p.has_token else "#c62828",
        width=200,
    ),
)


class ProviderModel(DomainTableModel[ProviderEntry]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(PROVIDER_COLUMNS, lambda p: p.name, lambda p: f"{p.name} {p.kind}", parent)
