"""The GUI's providers: a providers.toml without secrets, and the secrets in the OS keyring.

The file uses the contract's format (docs/design.md), so it is validated by the same
``parse_config`` as the CLI's and can be copied to a scheduled job, minus the keys that name
environment variables: the GUI keeps each token (or Elevate password) in the keyring
under the provider's name.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from desktop_app.providers import ConfigError, ProviderConfig, parse_config
from desktop_app.providers.config import ProviderKind, kind_keys
from desktop_app.secrets import (
    ChainedSecretSource,
    EnvSecretSource,
    KeyringSecretSource,
    SecretError,
    SecretPurpose,
    SecretRequest,
    SecretSource,
)
from desktop_app.ui.services import ProviderEntry

# Keys a GUI entry may carry besides kind, name, base_url and direction.
OPTION_KEYS = ("organisation_id", "auth_scheme", "currency", "brand", "username")
# The keys the settings screen edits; any other key of an entry (token_env for a scheduled
# job, max_retry_after) was written by hand and is kept as it is.
_EDITED_KEYS = frozenset({"kind", "name", "base_url", "direction", *OPTION_KEYS})

Table = dict[str, Any]


def secret_request(config: ProviderConfig) -> SecretRequest:
    """Which keyring secret a provider uses: Elevate's login password, else its token."""
    purpose = SecretPurpose.PASSWORD if config.logs_in else SecretPurpose.TOKEN
    env_var = config.password_env if config.logs_in else config.token_env
    return SecretRequest(config.name, purpose, env_var)


class ProviderSettings:
    def __init__(self, path: Path, keyring_source: KeyringSecretSource | None = None) -> None:
        self.path = path
        self.keyring = keyring_source or KeyringSecretSource()

    # -- reading ----------------------------------------------------------------------
    def configs(self) -> list[ProviderConfig]:
        """The configured providers; none when the file does not exist yet."""
        return self._load()[1]

    def _load(self) -> tuple[list[Table], list[ProviderConfig]]:
        """The entries as the file has them (every key kept) and as validated, from one
        read of it; none when it does not exist yet."""
        if not self.path.exists():
            return [], []
        try:
            data = tomllib.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise ConfigError(f"{self.path}: cannot read: {error}") from None
        if not data.get("providers"):
            return [], []
        configs = parse_config(data, source=self.path.name, require_secret_env=False)
        return [dict(table) for table in data["providers"]], configs

    def entries(self) -> list[ProviderEntry]:
        return [self._entry(config) for config in self.configs()]

    def secrets(self) -> SecretSource:
        """The keyring first, then the environment (so a providers.toml's env vars work)."""
        return ChainedSecretSource(self.keyring, EnvSecretSource())

    def _entry(self, config: ProviderConfig) -> ProviderEntry:
        options = {key: value for key in OPTION_KEYS if (value := _option(config, key))}
        return ProviderEntry(
            name=config.name,
            kind=config.kind.value,
            base_url=config.base_url,
            direction=config.direction.value,
            options=options,
            has_token=self._has_secret(config),
        )

    def _has_secret(self, config: ProviderConfig) -> bool:
        try:
            return bool(self.secrets().lookup(secret_request(config)))
        except SecretError:
            return False

    # -- writing ----------------------------------------------------------------------
    def save(self, entry: ProviderEntry, secret: str | None, replaces: str | None = None) -> None:
        """Add or update ``entry`` (renaming ``replaces``); a new secret goes to the keyring.

        The whole list is validated before anything is written, so a bad entry leaves the
        file and the keyring as they were.
        """
        edited = replaces or entry.name
        tables_now = self._load()[0]
        place = next((i for i, t in enumerate(tables_now) if t.get("name") == edited), None)
        if replaces is None and place is not None:
            raise ConfigError(f"a provider named {entry.name!r} already exists")
        if place is None:
            tables = [*tables_now, _table_of_entry(entry, {})]
        else:  # edited where it stands: a nightly job's reader may go by the file's order
            tables = list(tables_now)
            tables[place] = _table_of_entry(entry, tables_now[place])
        configs = parse_config(
            {"providers": tables}, source=self.path.name, require_secret_env=False
        )
        saved = next(config for config in configs if config.name == entry.name)
        if secret:
            self.keyring.store(secret_request(saved), secret)
        if replaces and replaces != entry.name:
            self._move_secret(replaces, saved)
        self._write(tables)

    def remove(self, name: str) -> None:
        tables, configs = self._load()
        for config in configs:
            if config.name == name:
                self.keyring.delete(secret_request(config))
        self._write([table for table in tables if table.get("name") != name])

    def _move_secret(self, old_name: str, config: ProviderConfig) -> None:
        request = secret_request(config)
        old = SecretRequest(old_name, request.purpose, request.env_var)
        value = self.keyring.lookup(old)
        if value:
            self.keyring.store(request, value)
            self.keyring.delete(old)

    def _write(self, tables: list[Table]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = "".join(_toml_table(table) for table in tables)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(self.path)


def _option(config: ProviderConfig, key: str) -> str | None:
    value = getattr(config, key)
    if key == "auth_scheme" and config.kind is not ProviderKind.VERSORI:
        return None
    if key == "currency" and config.kind is not ProviderKind.ELEVATE:
        return None
    return value if isinstance(value, str) else None


def _table_of_entry(entry: ProviderEntry, before: Mapping[str, Any]) -> Table:
    """The entry as the screen has it, with the keys of its table ``before`` that the
    screen does not edit and its kind takes (a Versori entry made an Elevate one keeps
    its token_env, not its organisation_id)."""
    allowed = kind_keys(entry.kind)
    table: Table = {"kind": entry.kind, "name": entry.name}
    if entry.base_url:
        table["base_url"] = entry.base_url
    if entry.direction:
        table["direction"] = entry.direction
    table |= _known_options(entry.options)
    return table | {
        key: value
        for key, value in before.items()
        if key not in _EDITED_KEYS and (allowed is None or key in allowed)
    }


def _known_options(options: Mapping[str, str]) -> dict[str, str]:
    return {key: value for key, value in options.items() if key in OPTION_KEYS and value}


def _toml_table(table: Mapping[str, Any]) -> str:
    lines = ["[[providers]]"] + [f"{key} = {_toml_value(value)}" for key, value in table.items()]
    return "\n".join(lines) + "\n\n"


def _toml_value(value: Any) -> str:
    """A value as TOML writes it: the file's numbers stay numbers (no key takes a boolean)."""
    if isinstance(value, int | float):
        return repr(value)
    return _toml_string(str(value))


def _toml_string(value: str) -> str:
    """A TOML basic string: backslash, quote and every control character escaped (one
    written raw made the whole file unreadable on the next start)."""
    return '"' + "".join(_escaped(char) for char in value) + '"'


def _escaped(char: str) -> str:
    if char in ('"', "\\"):
        return "\\" + char
    if char == "\n":
        return "\\n"
    if char == "\t":
        return "\\t"
    if ord(char) < 0x20 or ord(char) == 0x7F:
        return f"\\u{ord(char):04X}"
    return char
