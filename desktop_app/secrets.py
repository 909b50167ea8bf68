"""Where provider tokens and passwords come from: environment variables or the OS keyring.

The CLI reads the environment variable providers.toml names (``token_env``,
``password_env``); the GUI keeps secrets in the OS keyring, or reads the variable its own
providers.toml names (the provider dialog's choice). Both are ``SecretSource``s, so
the provider clients take whichever the caller injects and never know which it is. A
machine without a usable keyring (a headless Linux box has ``keyring``'s "fail" backend)
gets a message saying so and what to do instead, not a bare ``NoKeyringError``.

A secret is read as the user meant it, not as it was pasted: the line ending a token
copied from a file or a web page brings along is dropped (sent in a header it would make
the request unsendable, and the HTTP library would quote the whole header, secret and all,
in its error). One with a line break or control character inside is refused, naming where
it is and never its value.

``InMemoryKeyring`` is a real keyring backend that stores nothing on disk, for tests.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

import keyring
import keyring.backend
import keyring.backends.fail
import keyring.errors

from desktop_app import APP_ID
from desktop_app.refusal import Refusal, Refused
from desktop_app.wording import and_list


class SecretPurpose(StrEnum):
    TOKEN = "token"
    PASSWORD = "password"


@dataclass(frozen=True, slots=True)
class SecretRequest:
    """Which secret is wanted: whose (the provider's configured name), what for, and its env var."""

    provider: str
    purpose: SecretPurpose
    env_var: str | None = None


class SecretError(Exception, Refusal):
    """A secret could not be obtained; the message says which and what to do."""

    refused = Refused.SELF_EXPLAINED


class MissingSecretError(SecretError):
    """No source holds the secret."""


class SecretStoreUnavailableError(SecretError):
    """The OS keyring cannot be used on this machine."""


class MalformedSecretError(SecretError):
    """A secret holds a line break or control character: a paste gone wrong, not a secret."""


class SecretSource(Protocol):
    def lookup(self, request: SecretRequest) -> str | None:
        """The secret, or None when this source does not hold it."""
        ...

    def describe(self, request: SecretRequest) -> str:
        """Where this source looks, for messages (``environment variable CI_TOKEN``)."""
        ...


# Line breaks and controls (Cc), and the Unicode line and paragraph separators.
_UNSENDABLE_CATEGORIES = frozenset({"Cc", "Zl", "Zp"})
_LINE_ENDINGS = "\r\n"


def clean_secret(value: str | None, request: SecretRequest, where: str) -> str | None:
    """``value`` without what a paste brings around it; None when nothing is left.

    A token loses the whitespace around it (no token holds any). A password loses only
    the line endings around it: a space may be part of one. A line break or control
    character left inside is refused with ``MalformedSecretError``, which names the
    provider and ``where`` (the variable, the keyring entry), never the value.
    """
    if value is None:
        return None
    cleaned = trimmed(value, request.purpose)
    if not cleaned.strip():
        return None
    if unsendable(cleaned):
        kind = request.purpose.value
        raise MalformedSecretError(
            f"the {kind} for {request.provider!r} in {where} has a line break or control "
            f"character inside it: set it again to the {kind} alone, on one line"
        )
    return cleaned


def trimmed(value: str, purpose: SecretPurpose) -> str:
    """``value`` without what a paste brings around it (``clean_secret``)."""
    return value.strip() if purpose is SecretPurpose.TOKEN else value.strip(_LINE_ENDINGS)


def unsendable(value: str) -> bool:
    """Whether a trimmed secret still holds a line break or control character: a paste
    gone wrong, which no request could carry. The provider dialog asks it as the
    accountant types, ``clean_secret`` as a secret is stored or read."""
    return any(unicodedata.category(char) in _UNSENDABLE_CATEGORIES for char in value)


def require_secret(source: SecretSource, request: SecretRequest) -> str:
    """The secret, or ``MissingSecretError`` naming the provider and where it was looked for.

    Cleaned whatever the source (``clean_secret``): a source of the caller's own (the GUI's
    "Test connection" with a typed token) gets the same treatment as the environment.
    """
    value = clean_secret(source.lookup(request), request, source.describe(request))
    if value:
        return value
    raise MissingSecretError(
        f"no {request.purpose.value} for {request.provider!r}: {why_missing(source, request)}"
    )


def held_in(source: SecretSource, request: SecretRequest) -> str:
    """Where ``source`` gives ``request``'s secret from, for advice on a secret refused
    (a 401): of a chain (the window's keyring, then the variable), the first source
    holding it, as ``ChainedSecretSource.lookup`` takes it. The chain said as one told a
    machine with no keyring to check a keyring entry that cannot exist, and someone
    whose token the keyring held to add a variable."""
    if isinstance(source, ChainedSecretSource):
        for each in source.sources:
            try:
                value = each.lookup(request)
            except SecretError:  # an unusable keyring: the chain passes over it
                continue
            if value:
                return held_in(each, request)
    return source.describe(request)


def why_missing(source: SecretSource, request: SecretRequest) -> str:
    """Each place ``source`` looked for ``request``'s secret and what it found there,
    never a value: "the OS keyring entry … is missing and environment variable CI_TOKEN
    is set but empty". The window's chain was said as one ("the OS keyring entry … or
    environment variable CI_TOKEN is set but empty"), which left the accountant to guess
    which of the two was empty and which was not there at all."""
    said = _missing_phrases(source, request)
    return and_list(said) if said else source.describe(request)


def _missing_phrases(source: SecretSource, request: SecretRequest) -> list[str]:
    """What each source in ``source`` says of the secret it did not give; a variable
    source with no variable named says nothing beside another that looked (the window's
    keyring entry), as it did not look."""
    if isinstance(source, ChainedSecretSource):
        return [phrase for each in source.sources for phrase in _missing_phrases(each, request)]
    if isinstance(source, EnvSecretSource | KeyringSecretSource):
        phrase = source.missing(request)
        return [] if phrase is None else [phrase]
    return [f"{source.describe(request)} gave none"]


def variable_state(blank: bool) -> str:
    """How a variable that gives no secret is said, wherever it is said (the command
    line's refusals, the window's provider list and its own): a variable set to nothing
    (CI_TOKEN="") is there, and "not set" would have the user look for a variable they
    can see."""
    return "is set but empty" if blank else "is not set"


def blank_variable(source: SecretSource, request: SecretRequest) -> bool:
    """Whether the environment variable ``source`` reads ``request``'s secret from is set
    but empty (``EnvSecretSource.blank``), ``source`` being that variable or a chain
    holding it (the window's: the keyring, then the variable)."""
    if isinstance(source, EnvSecretSource):
        return source.blank(request)
    if isinstance(source, ChainedSecretSource):
        return any(blank_variable(each, request) for each in source.sources)
    return False


# A conventional environment-variable name: upper case, digits and underscores, not
# starting with a digit (POSIX names the shell's own variables so, and every name the
# README and the sandbox use is one).
_PLAIN_ENV_NAME = re.compile(r"[A-Z_][A-Z0-9_]*")
_PLAIN_ENV_NAME_LENGTH = 40
_PLAIN_ENV_NAME_DIGITS = 3
_PLAIN_ENV_NAME_WORD = 16
# The provider dialog's choice of where the secret is read from, which the window's
# refusals without a keyring point at (its label, and the choice to make there).
SECRET_FROM_LABEL = "Token or password from"
SECRET_FROM_KEYRING = "the OS keyring"
SECRET_FROM_ENVIRONMENT = "an environment variable"
_NOT_A_NAME = (
    "the value there does not look like a variable name: it may be the secret itself; put "
    "the secret in an environment variable and its name there"
)


def plain_env_name(name: str) -> bool:
    """Whether ``name`` is plainly an environment variable's name, so a message may quote it.

    ``token_env``/``password_env`` are meant to hold a name, but a newcomer may type the
    secret itself there, and many secrets have a name's shape (``sk_live_51Hx...``,
    ``ghp_...``, a hex API key, ``Summer2025Secret``). A quoted value would reach the
    banners, the log, the workspace and the report sent to a client, so only a name no
    secret is likely to have is quoted: upper case (tokens and passwords mix cases), at most
    40 characters, at most 3 digits (keys are full of them; ``CLIENT2_CI_TOKEN`` has one),
    and no word between underscores longer than 16 characters (an upper-case key or
    password runs on unbroken; ``CONTENT_IGNITE_TOKEN``'s longest word has 7). A real name
    failing this is only described, never quoted, which costs a little clarity, not a leak.
    """
    return (
        _PLAIN_ENV_NAME.fullmatch(name) is not None
        and len(name) <= _PLAIN_ENV_NAME_LENGTH
        and sum(char.isdigit() for char in name) <= _PLAIN_ENV_NAME_DIGITS
        and all(len(word) <= _PLAIN_ENV_NAME_WORD for word in name.split("_"))
    )


def named_unquoted(request: SecretRequest) -> str:
    """The variable of ``request`` described by where it is named, never by its value."""
    return (
        f"the environment variable named in {request.purpose.value}_env of provider "
        f"{request.provider!r}"
    )


def env_var_phrase(request: SecretRequest) -> str:
    """``environment variable CI_TOKEN`` when the name is plainly one (``plain_env_name``),
    else where it is named: the value may be the secret itself."""
    if request.env_var is not None and plain_env_name(request.env_var):
        return f"environment variable {request.env_var}"
    return named_unquoted(request)


class EnvSecretSource:
    """Secrets from environment variables named in providers.toml (the CLI's source)."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self._environ = os.environ if environ is None else environ

    def lookup(self, request: SecretRequest) -> str | None:
        if request.env_var is None:
            return None
        return clean_secret(self._environ.get(request.env_var), request, self.describe(request))

    def blank(self, request: SecretRequest) -> bool:
        """Whether the variable is set but holds nothing (or only what a paste brings
        around a secret: spaces, a line end), which ``lookup`` gives as no secret."""
        if request.env_var is None:
            return False
        value = self._environ.get(request.env_var)
        return value is not None and not trimmed(value, request.purpose).strip()

    def describe(self, request: SecretRequest) -> str:
        if request.env_var is None:
            return f"no environment variable (add {request.purpose.value}_env to providers.toml)"
        return env_var_phrase(request)

    def missing(self, request: SecretRequest) -> str | None:
        """The variable and why it gave no secret (``variable_state``), for
        ``why_missing``; None when no variable is named, so none was looked at. A
        variable named by what does not look like a name is described by where it is
        named, with the caution that it may be the secret itself."""
        if request.env_var is None:
            return None
        described = self.describe(request)
        caution = f" ({_NOT_A_NAME})" if described == named_unquoted(request) else ""
        return f"{described} {variable_state(self.blank(request))}{caution}"


class KeyringSecretSource:
    """Secrets in the OS keyring under service ``desktop-app``, user ``<provider>/<purpose>``."""

    def __init__(
        self,
        backend: keyring.backend.KeyringBackend | None = None,
        service: str = APP_ID,
        settings_file: Path | None = None,
    ) -> None:
        self._backend = backend
        self.service = service
        # The providers.toml this keyring stands in for (the window's): a machine without
        # a keyring is told to name a variable there, and "providers.toml" alone does not
        # say which file, the window's being in a settings folder nobody is shown.
        self.settings_file = settings_file

    def for_settings(self, settings_file: Path) -> KeyringSecretSource:
        """This keyring (same backend and service), its messages naming ``settings_file``."""
        return KeyringSecretSource(self._backend, self.service, settings_file)

    @property
    def backend(self) -> keyring.backend.KeyringBackend:
        return self._backend if self._backend is not None else keyring.get_keyring()

    @property
    def absent(self) -> bool:
        """Whether this machine has no keyring at all (``keyring``'s "fail" backend), so
        it holds no secret, rather than one it cannot use now."""
        return isinstance(self.backend, keyring.backends.fail.Keyring)

    @staticmethod
    def account(request: SecretRequest) -> str:
        return f"{request.provider}/{request.purpose.value}"

    def lookup(self, request: SecretRequest) -> str | None:
        value = self._call(
            request, "read", lambda b: b.get_password(self.service, self.account(request))
        )
        return clean_secret(value, request, self.describe(request))

    def store(self, request: SecretRequest, secret: str) -> None:
        self._call(
            request, "store", lambda b: b.set_password(self.service, self.account(request), secret)
        )

    def delete(self, request: SecretRequest) -> None:
        """Forget a secret; forgetting one that is not there is not an error."""
        try:
            self._call(
                request, "delete", lambda b: b.delete_password(self.service, self.account(request))
            )
        except SecretStoreUnavailableError:
            raise
        except SecretError:
            return

    def describe(self, request: SecretRequest) -> str:
        return f"the OS keyring entry {self.service!r}/{self.account(request)!r}"

    def missing(self, request: SecretRequest) -> str:
        """The entry and why it gave no secret, for ``why_missing``: not there, or there
        with nothing in it (only spaces or a line end), or, should the keyring refuse now,
        unreadable."""
        try:
            value = self._call(
                request, "read", lambda b: b.get_password(self.service, self.account(request))
            )
        except SecretError:
            return f"{self.describe(request)} could not be read"
        return f"{self.describe(request)} {'is missing' if value is None else 'is empty'}"

    def _call(
        self, request: SecretRequest, action: str, operation: _KeyringOperation
    ) -> str | None:
        backend = self.backend
        if self.absent:
            raise SecretStoreUnavailableError(
                _no_keyring_message(request, action, "no backend found", self.settings_file)
            )
        try:
            return operation(backend)
        except keyring.errors.NoKeyringError as error:
            raise SecretStoreUnavailableError(
                _no_keyring_message(request, action, str(error), self.settings_file)
            ) from None
        except keyring.errors.PasswordDeleteError:
            raise SecretError(
                f"no {request.purpose.value} stored for {request.provider!r}"
            ) from None
        except keyring.errors.KeyringError as error:
            raise SecretStoreUnavailableError(
                _no_keyring_message(
                    request, action, f"{type(error).__name__}: {error}", self.settings_file
                )
            ) from None


class _KeyringOperation(Protocol):
    def __call__(self, backend: keyring.backend.KeyringBackend, /) -> str | None: ...


def _no_keyring_message(
    request: SecretRequest, action: str, reason: str, settings_file: Path | None = None
) -> str:
    key = f"{request.purpose.value}_env"
    if request.env_var is None and settings_file is not None:
        # The window's: its provider dialog names the variable (ProviderDialog's choice).
        example = example_env_name(request)
        fallback = (
            f'choose "{SECRET_FROM_ENVIRONMENT}" for "{SECRET_FROM_LABEL}" in this '
            "provider's Settings dialog (Add… or Edit…), naming a variable such as "
            f"{example} (saved as {key} in {settings_file}), and set it to the "
            f"{request.purpose.value} before starting the app"
        )
    elif request.env_var is None:
        fallback = f"name an environment variable in providers.toml ({key}) instead"
    elif plain_env_name(request.env_var):
        fallback = f"set the environment variable {request.env_var} instead"
    else:
        fallback = f"set {named_unquoted(request)} instead ({_NOT_A_NAME})"
    return (
        f"cannot {action} the {request.purpose.value} for {request.provider!r}: no usable OS "
        f"keyring on this machine ({reason.rstrip('.')}); {fallback}, or install a keyring "
        "service (GNOME Keyring or KWallet on Linux)"
    )


def example_env_name(request: SecretRequest) -> str:
    """A variable name to suggest for a provider: ``CLIENT_CI_TOKEN`` for 'Client CI'.

    Always one ``plain_env_name`` takes, since the provider dialog refuses any other: a
    word's digits go when they would make more than three ('Client 2025-2026' gives
    ``CLIENT_TOKEN``, 'Client2 CI' ``CLIENT2_CI_TOKEN``), a long word is cut, and words
    past 40 characters are left out.
    """
    ascii_name = unicodedata.normalize("NFKD", request.provider).encode("ascii", "ignore")
    suffix = request.purpose.value.upper()
    words: list[str] = []
    digits = 0
    for word in re.findall(r"[A-Z0-9]+", ascii_name.decode().upper()):
        kept = word[:_PLAIN_ENV_NAME_WORD]
        count = sum(char.isdigit() for char in kept)
        if digits + count > _PLAIN_ENV_NAME_DIGITS:
            kept = "".join(char for char in kept if not char.isdigit())
            count = 0
        if not kept:
            continue
        digits += count
        if len("_".join([*words, kept, suffix])) + 1 > _PLAIN_ENV_NAME_LENGTH:
            break
        words.append(kept)
    name = "_".join([*words, suffix])
    return name if name[0].isalpha() else f"_{name}"


class ChainedSecretSource:
    """The first source holding the secret wins (the GUI: keyring, then environment).

    An unusable keyring does not hide a secret the environment has; it is reported only
    when no source holds the secret.
    """

    def __init__(self, *sources: SecretSource) -> None:
        self.sources = sources

    def lookup(self, request: SecretRequest) -> str | None:
        unavailable: SecretStoreUnavailableError | None = None
        for source in self.sources:
            try:
                value = source.lookup(request)
            except SecretStoreUnavailableError as error:
                unavailable = unavailable or error
                continue
            if value:
                return value
        if unavailable is not None:
            raise unavailable
        return None

    def describe(self, request: SecretRequest) -> str:
        return " or ".join(source.describe(request) for source in self.sources)


class InMemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring backend that keeps secrets in memory only: for tests and the demo.

    Its priority is below the "fail" backend's, so keyring never picks it by itself; it is
    used only when passed explicitly or installed with ``keyring.set_keyring``.
    """

    priority = -10

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self._store.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(f"no secret for {username!r}")
