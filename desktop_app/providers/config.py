"""providers.toml: which provider accounts to fetch from, validated with messages a user can act on.

The format is a contract (docs/design.md). Every problem is reported as one line naming the
file, the provider entry and the key, e.g.
``providers.toml: provider 'Versori' (#2): missing required key 'organisation_id'``.
Secrets never live in this file: ``token_env``/``password_env`` name environment variables,
and a value that looks like a pasted token is refused without being echoed, as is a
``base_url`` carrying a user name and password, a query or a fragment (an ``?api_key=``).
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from desktop_app.domain import Direction, is_currency
from desktop_app.providers.errors import ConfigError
from desktop_app.wording import and_list


class ProviderKind(StrEnum):
    CONTENT_IGNITE = "content_ignite"
    VERSORI = "versori"
    ELEVATE = "elevate"


DEFAULT_BASE_URLS = {
    ProviderKind.CONTENT_IGNITE: "https://api.tagdeliver.com",
    ProviderKind.VERSORI: "https://platform.versori.com/api/organisations/v1",
    ProviderKind.ELEVATE: "https://rest.elevatebilling.com/v1",
}
# Content Ignite and Versori bill us; through Elevate a tenant reads what it bills its customers.
DEFAULT_DIRECTIONS = {
    ProviderKind.CONTENT_IGNITE: Direction.PAYABLE,
    ProviderKind.VERSORI: Direction.PAYABLE,
    ProviderKind.ELEVATE: Direction.RECEIVABLE,
}
AUTH_SCHEMES = ("JWT", "Bearer")
ELEVATE_LOGIN_KEYS = ("brand", "username", "password_env")
# Elevate takes a token or logs in: a missing token names both ways, not the token alone.
_NO_ELEVATE_SECRET = (
    "no token_env and no login: give token_env, or brand, username and password_env to log in"
)

_CREDENTIALS_IN_URL = (
    "key 'base_url' must not hold a user name or password ('user:password@' before the "
    "host): take them out and give the credentials in the provider's token or password "
    "settings (token_env, or brand, username and password_env for an Elevate login)"
)

_QUERY_IN_URL = (
    "key 'base_url' must not have a query or fragment ('?…' or '#…' after the address, "
    "not shown here as it may hold a key): take it out and give a token in the "
    "provider's token settings (token_env)"
)

_COMMON_KEYS = frozenset({"kind", "name", "base_url", "token_env", "direction", "max_retry_after"})
#: The longest ``max_retry_after`` accepted: a day. A provider asking for more is down.
MAX_RETRY_AFTER_LIMIT = 86_400
_KIND_KEYS = {
    ProviderKind.CONTENT_IGNITE: _COMMON_KEYS,
    ProviderKind.VERSORI: _COMMON_KEYS | {"organisation_id", "auth_scheme"},
    ProviderKind.ELEVATE: _COMMON_KEYS | {"currency", *ELEVATE_LOGIN_KEYS},
}
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def kind_keys(kind: str) -> frozenset[str] | None:
    """The keys an entry of ``kind`` may have; None for a kind not known (``parse_config``
    names it in its refusal)."""
    try:
        return frozenset(_KIND_KEYS[ProviderKind(kind)])
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class ProviderConfig:
    """One configured provider account. Holds the names of secrets, never their values."""

    kind: ProviderKind
    name: str
    base_url: str
    direction: Direction
    token_env: str | None = None
    organisation_id: str | None = None
    auth_scheme: str = "JWT"
    currency: str = "GBP"
    brand: str | None = None
    username: str | None = None
    password_env: str | None = None
    #: Seconds of ``Retry-After`` this provider may ask to be waited out (None: the policy's).
    max_retry_after: float | None = None
    #: The providers.toml it was read from (None: not read from a file), for advice that
    #: names a key to set there: the window's is in a settings folder nobody is shown.
    settings_file: str | None = field(default=None, compare=False)

    @property
    def logs_in(self) -> bool:
        """Elevate with brand/username/password rather than a fixed token."""
        return self.kind is ProviderKind.ELEVATE and self.username is not None


def load_config(path: str | Path, *, require_secret_env: bool = True) -> list[ProviderConfig]:
    """Read and validate a providers.toml.

    ``require_secret_env=False`` is for the GUI, which keeps secrets in the OS keyring and so
    does not need ``token_env``/``password_env``.
    """
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{file}: cannot read: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{file}: not a providers.toml text file ({_not_text(file)})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{file}: not valid TOML: {error}") from None
    return parse_config(
        data,
        source=file.name,
        require_secret_env=require_secret_env,
        settings_file=file.absolute(),
    )


def parse_config(
    data: Mapping[str, Any],
    *,
    source: str = "providers.toml",
    require_secret_env: bool = True,
    settings_file: Path | None = None,
) -> list[ProviderConfig]:
    """Validate an already-parsed providers.toml document; ``settings_file`` is where it
    was read from, kept on each entry (``ProviderConfig.settings_file``)."""
    unknown = sorted(set(data) - {"providers"})
    if unknown:
        raise ConfigError(
            f"{source}: unknown top-level key {unknown[0]!r} (expected [[providers]])"
        )
    entries = data.get("providers")
    if isinstance(entries, dict):
        # [providers] makes one table, where each provider is an entry of a list.
        raise ConfigError(
            f"{source}: found [providers] with single brackets; each provider is a "
            "[[providers]] table, with double brackets"
        )
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{source}: no providers configured (add a [[providers]] table)")
    configs: list[ProviderConfig] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        config = _EntryReader(source, index, entry, require_secret_env).read()
        if settings_file is not None:
            config = dataclasses.replace(config, settings_file=str(settings_file))
        if config.name.casefold() in seen:
            raise ConfigError(
                f"{source}: provider {config.name!r} (#{index}): duplicate name; names must be unique"
            )
        seen.add(config.name.casefold())
        configs.append(config)
    return configs


class _EntryReader:
    """Validates one ``[[providers]]`` table; every error names the entry and the key."""

    def __init__(self, source: str, index: int, entry: Any, require_secret_env: bool) -> None:
        self.source = source
        self.index = index
        self.require_secret_env = require_secret_env
        if not isinstance(entry, dict):
            raise ConfigError(f"{source}: providers entry #{index} is not a table")
        self.entry: dict[str, Any] = entry
        name = entry.get("name")
        self.label = (
            f"provider {name!r} (#{index})" if isinstance(name, str) else f"provider #{index}"
        )

    def fail(self, problem: str) -> ConfigError:
        return ConfigError(f"{self.source}: {self.label}: {problem}")

    def read(self) -> ProviderConfig:
        kind = self._kind()
        unknown = sorted(set(self.entry) - _KIND_KEYS[kind])
        if unknown:
            raise self.fail(_unknown_key(unknown[0], kind))
        name = self._required_text("name")
        return ProviderConfig(
            kind=kind,
            name=name,
            base_url=self._base_url(kind),
            direction=self._direction(kind),
            token_env=self._secret_env("token_env"),
            organisation_id=self._text("organisation_id", required=kind is ProviderKind.VERSORI),
            auth_scheme=self._auth_scheme(),
            currency=self._currency(),
            max_retry_after=self._max_retry_after(),
            **self._elevate_login(kind),
        )

    def _kind(self) -> ProviderKind:
        value = self._required_text("kind")
        try:
            return ProviderKind(value)
        except ValueError:
            kinds = ", ".join(kind.value for kind in ProviderKind)
            raise self.fail(f"unknown kind {value!r} (expected one of: {kinds})") from None

    def _required_text(self, key: str) -> str:
        value = self._text(key, required=True)
        assert value is not None
        return value

    def _text(self, key: str, *, required: bool = False) -> str | None:
        value = self.entry.get(key)
        if value is None:
            if required:
                raise self.fail(f"missing required key {key!r}")
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"key {key!r} must be a non-empty string")
        return value.strip()

    def _base_url(self, kind: ProviderKind) -> str:
        url = self._text("base_url")
        if url is None:
            return DEFAULT_BASE_URLS[kind]
        parts = urlsplit(url)
        if "@" in parts.netloc:
            # httpx logs every request's URL: a password here would reach the log file.
            raise self.fail(_CREDENTIALS_IN_URL)
        # A URL with an '@' elsewhere may still be a pasted "user:password@host", and one
        # with a '?' or '#' an "?api_key=..." pasted from a provider's docs: neither echoed.
        shown = "" if any(mark in url for mark in "@?#") else f": {url!r}"
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise self.fail(f"key 'base_url' is not an http(s) URL{shown}")
        if parts.query or parts.fragment or "?" in url or "#" in url:
            raise self.fail(_QUERY_IN_URL)
        return url.rstrip("/")

    def _direction(self, kind: ProviderKind) -> Direction:
        value = self._text("direction")
        if value is None:
            return DEFAULT_DIRECTIONS[kind]
        try:
            return Direction(value.lower())
        except ValueError:
            raise self.fail(
                f"key 'direction' must be 'payable' or 'receivable', not {value!r}"
            ) from None

    def _secret_env(self, key: str) -> str | None:
        value = self.entry.get(key)
        if value is None:
            return None
        # Never echo the value: a user may have pasted the secret itself here.
        if not isinstance(value, str) or not _ENV_NAME.fullmatch(value.strip()):
            raise self.fail(
                f"key {key!r} must be the name of an environment variable (like CI_TOKEN), "
                "not the secret itself"
            )
        return value.strip()

    def _auth_scheme(self) -> str:
        value = self._text("auth_scheme")
        if value is None:
            return "JWT"
        for scheme in AUTH_SCHEMES:
            if value.lower() == scheme.lower():
                return scheme
        raise self.fail(f"key 'auth_scheme' must be 'JWT' or 'Bearer', not {value!r}")

    def _currency(self) -> str:
        value = self._text("currency")
        if value is None:
            return "GBP"
        if not is_currency(value):
            raise self.fail(f"key 'currency' is not an ISO 4217 currency code: {value!r}")
        return value.upper()

    def _max_retry_after(self) -> float | None:
        """Seconds, a whole or decimal TOML number: how long a ``Retry-After`` may ask for."""
        value = self.entry.get("max_retry_after")
        if value is None:
            return None
        number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
        if number is None or not 0 <= number <= MAX_RETRY_AFTER_LIMIT:
            raise self.fail(
                "key 'max_retry_after' must be a number of seconds from 0 to "
                f"{MAX_RETRY_AFTER_LIMIT} (e.g. max_retry_after = 600), not {value!r}"
            )
        return float(number)

    def _elevate_login(self, kind: ProviderKind) -> dict[str, str | None]:
        """Elevate takes a token or a login (brand, username, password); the others a token."""
        login = {"brand": self._text("brand"), "username": self._text("username")}
        login["password_env"] = self._secret_env("password_env")
        given = any(value is not None for value in login.values())
        has_token = "token_env" in self.entry
        if given and has_token:
            raise self.fail("give either 'token_env' or brand/username/password_env, not both")
        if given:
            needed = ELEVATE_LOGIN_KEYS if self.require_secret_env else ELEVATE_LOGIN_KEYS[:2]
            missing = [key for key in needed if login[key] is None]
            if missing:
                raise self.fail(
                    f"missing required {_keys(missing)} "
                    "(logging in needs brand, username and password_env)"
                )
        elif not has_token and self.require_secret_env:
            elevate = kind is ProviderKind.ELEVATE
            raise self.fail(_NO_ELEVATE_SECRET if elevate else "missing required key 'token_env'")
        return login


# Keys a newcomer writes the secret itself under, and the key naming its variable instead.
_SECRET_KEYS = {
    "token": "token_env",
    "api_token": "token_env",
    "access_token": "token_env",
    "api_key": "token_env",
    "apikey": "token_env",
    "secret": "token_env",
    "password": "password_env",
}


def _unknown_key(key: str, kind: ProviderKind) -> str:
    """The refusal of ``key``, with what was meant where it can be told: a key holding a
    secret (``token = "…"``: the file is no place for it; its value is never echoed), or
    a near miss of a key this kind takes (``tokenenv``)."""
    said = f"unknown key {key!r} for kind {kind.value!r}"
    allowed = _KIND_KEYS[kind]
    instead = _SECRET_KEYS.get(key.strip().lower())
    if instead is not None:
        if instead not in allowed:  # a password for a kind that takes a token
            instead = "token_env"
        return (
            f"{said}: secrets never go in the file: use {instead}, the name of an "
            "environment variable holding it"
        )
    close = difflib.get_close_matches(key.strip().lower(), sorted(allowed), n=1, cutoff=0.75)
    return f"{said}; did you mean {close[0]!r}?" if close else said


def _not_text(file: Path) -> str:
    """Why the file could not be read as a providers.toml: a workbook given by mistake
    (an .xlsx is a zip archive) is said as one, anything else as not UTF-8 text."""
    try:
        with file.open("rb") as handle:
            start = handle.read(4)
    except OSError:
        start = b""
    if start == b"PK\x03\x04":
        return "it is a zip archive, such as an Excel workbook, not text"
    return "it is not UTF-8 text; save it as UTF-8"


def _keys(names: list[str]) -> str:
    """'key 'brand'' or 'keys 'brand' and 'password_env'': every key missing, not the first."""
    return f"key{'' if len(names) == 1 else 's'} {and_list([repr(name) for name in names])}"
