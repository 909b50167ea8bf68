"""The secrets module: environment variables, the OS keyring, and a machine without one."""

from __future__ import annotations

import keyring
import keyring.backends.fail
import pytest

from desktop_app.secrets import (
    ChainedSecretSource,
    EnvSecretSource,
    InMemoryKeyring,
    KeyringSecretSource,
    MalformedSecretError,
    MissingSecretError,
    SecretError,
    SecretPurpose,
    SecretRequest,
    SecretStoreUnavailableError,
    example_env_name,
    plain_env_name,
    require_secret,
)
from tests.providers.secret_shapes import SECRET_SHAPED


def no_keyring() -> keyring.backends.fail.Keyring:
    """The backend keyring falls back to on a machine without a keyring service."""
    return keyring.backends.fail.Keyring()  # type: ignore[no-untyped-call]


TOKEN = SecretRequest("Content Ignite", SecretPurpose.TOKEN, "CI_TOKEN")
PASSWORD = SecretRequest("Elevate", SecretPurpose.PASSWORD, "ELEVATE_PASSWORD")


def test_environment_source_reads_the_named_variable() -> None:
    source = EnvSecretSource({"CI_TOKEN": "tok-123", "EMPTY": ""})
    assert source.lookup(TOKEN) == "tok-123"
    assert source.lookup(SecretRequest("X", SecretPurpose.TOKEN, "EMPTY")) is None
    assert source.lookup(SecretRequest("X", SecretPurpose.TOKEN, None)) is None
    assert source.describe(TOKEN) == "environment variable CI_TOKEN"


def test_environment_source_defaults_to_the_process_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CI_TOKEN", "from-os-environ")
    assert EnvSecretSource().lookup(TOKEN) == "from-os-environ"


def test_a_missing_secret_names_provider_and_variable() -> None:
    with pytest.raises(MissingSecretError) as error:
        require_secret(EnvSecretSource({}), TOKEN)
    assert str(error.value) == (
        "no token for 'Content Ignite': environment variable CI_TOKEN is not set"
    )


@pytest.mark.parametrize("value", ["", "  ", "\r\n"])
def test_a_variable_set_to_nothing_is_said_to_be_empty_not_unset(value: str) -> None:
    """``CI_TOKEN=""`` said "is not set", though the variable is there (tester k)."""
    with pytest.raises(MissingSecretError) as error:
        require_secret(EnvSecretSource({"CI_TOKEN": value}), TOKEN)
    assert str(error.value) == (
        "no token for 'Content Ignite': environment variable CI_TOKEN is set but empty"
    )


KEYRING_ENTRY = "the OS keyring entry 'desktop-app'/'Content Ignite/token'"


def test_a_variable_set_to_nothing_behind_the_keyring_is_said_to_be_empty() -> None:
    """The window reads the keyring, then the variable (a chain): its refusal said "is
    not set" for ``CI_TOKEN=""``, which the command line says is set but empty; then
    "the OS keyring entry … or environment variable CI_TOKEN is set but empty", which
    left the accountant to guess which of the two was empty. Each is said apart."""
    keyring_source = KeyringSecretSource(backend=InMemoryKeyring())
    chained = ChainedSecretSource(keyring_source, EnvSecretSource({"CI_TOKEN": ""}))
    with pytest.raises(MissingSecretError) as error:
        require_secret(ChainedSecretSource(chained), TOKEN)  # a typed one goes first
    assert str(error.value) == (
        f"no token for 'Content Ignite': {KEYRING_ENTRY} is missing and environment "
        "variable CI_TOKEN is set but empty"
    )
    with pytest.raises(MissingSecretError) as unset:
        require_secret(ChainedSecretSource(keyring_source, EnvSecretSource({})), TOKEN)
    assert str(unset.value) == (
        f"no token for 'Content Ignite': {KEYRING_ENTRY} is missing and environment "
        "variable CI_TOKEN is not set"
    )


def test_an_empty_keyring_entry_is_told_from_a_missing_one() -> None:
    keyring_source = KeyringSecretSource(backend=InMemoryKeyring())
    keyring_source.store(TOKEN, " \n")
    with pytest.raises(MissingSecretError) as error:
        require_secret(ChainedSecretSource(keyring_source, EnvSecretSource({})), TOKEN)
    assert str(error.value) == (
        f"no token for 'Content Ignite': {KEYRING_ENTRY} is empty and environment variable "
        "CI_TOKEN is not set"
    )


def test_the_keyring_alone_is_said_when_no_variable_is_named() -> None:
    """The window's provider keeping its token in the keyring names no variable: the
    refusal said "… or no environment variable (add token_env to providers.toml) is not
    set", of a variable nobody was asked for."""
    request = SecretRequest("Content Ignite", SecretPurpose.TOKEN, None)
    source = ChainedSecretSource(KeyringSecretSource(backend=InMemoryKeyring()), EnvSecretSource())
    with pytest.raises(MissingSecretError) as error:
        require_secret(source, request)
    assert str(error.value) == f"no token for 'Content Ignite': {KEYRING_ENTRY} is missing"


def test_a_chained_variable_that_may_be_the_secret_is_never_quoted() -> None:
    secret_shaped = "sk_live_51HxAbCdEfGhIjKlMnOpQrStUv"
    request = SecretRequest("Content Ignite", SecretPurpose.TOKEN, secret_shaped)
    source = ChainedSecretSource(
        KeyringSecretSource(backend=InMemoryKeyring()), EnvSecretSource({secret_shaped: ""})
    )
    with pytest.raises(MissingSecretError) as error:
        require_secret(source, request)
    assert str(error.value) == (
        f"no token for 'Content Ignite': {KEYRING_ENTRY} is missing and the environment "
        "variable named in token_env of provider 'Content Ignite' is set but empty (the "
        "value there does not look like a variable name: it may be the secret itself; put "
        "the secret in an environment variable and its name there)"
    )
    assert secret_shaped not in str(error.value)


def test_a_secret_loses_what_a_paste_brings_around_it() -> None:
    source = EnvSecretSource(
        {"CI_TOKEN": " tok-123\r\n", "ELEVATE_PASSWORD": " pass word \n", "BLANK": " \r\n"}
    )
    assert source.lookup(TOKEN) == "tok-123"
    assert source.lookup(PASSWORD) == " pass word "  # a space may be part of a password
    assert source.lookup(SecretRequest("X", SecretPurpose.TOKEN, "BLANK")) is None
    keyring_source = KeyringSecretSource(InMemoryKeyring())
    keyring_source.store(TOKEN, "tok-456\n")
    assert keyring_source.lookup(TOKEN) == "tok-456"
    assert require_secret(ChainedSecretSource(keyring_source, source), TOKEN) == "tok-456"


@pytest.mark.parametrize("inside", ["\n", "\r", "\t", "\x00", "\x1b", "\x85", "\u2028"])
def test_a_secret_with_a_break_or_control_inside_is_refused_without_its_value(
    inside: str,
) -> None:
    pasted = f"first-half{inside}second-half\n"
    with pytest.raises(MalformedSecretError) as from_env:
        EnvSecretSource({"CI_TOKEN": pasted}).lookup(TOKEN)
    assert str(from_env.value) == (
        "the token for 'Content Ignite' in environment variable CI_TOKEN has a line break or "
        "control character inside it: set it again to the token alone, on one line"
    )
    keyring_source = KeyringSecretSource(InMemoryKeyring())
    keyring_source.store(PASSWORD, pasted)
    with pytest.raises(MalformedSecretError) as from_keyring:
        require_secret(ChainedSecretSource(keyring_source), PASSWORD)
    message = str(from_keyring.value)
    assert message.startswith("the password for 'Elevate' in the OS keyring entry ")
    for text in (str(from_env.value), message):
        assert "half" not in text


class _Typed:
    """A source of the caller's own (the GUI's typed token), cleaned by require_secret."""

    def lookup(self, request: SecretRequest) -> str | None:
        return "typed-token\r\n"

    def describe(self, request: SecretRequest) -> str:
        return "the secret typed in the dialog"


def test_require_secret_cleans_whatever_the_source() -> None:
    assert require_secret(_Typed(), TOKEN) == "typed-token"


def test_keyring_round_trip_per_provider_and_purpose() -> None:
    source = KeyringSecretSource(InMemoryKeyring())
    source.store(TOKEN, "ci-secret")
    source.store(PASSWORD, "pw-secret")
    assert source.lookup(TOKEN) == "ci-secret"
    assert source.lookup(PASSWORD) == "pw-secret"
    assert source.lookup(SecretRequest("Elevate", SecretPurpose.TOKEN)) is None
    source.delete(TOKEN)
    source.delete(TOKEN)  # forgetting twice is fine
    assert source.lookup(TOKEN) is None
    assert "desktop-app" in source.describe(TOKEN)


def test_keyring_source_uses_the_installed_backend_by_default() -> None:
    previous = keyring.get_keyring()
    memory = InMemoryKeyring()
    keyring.set_keyring(memory)
    try:
        KeyringSecretSource().store(TOKEN, "via-global")
        assert memory.get_password("desktop-app", "Content Ignite/token") == "via-global"
    finally:
        keyring.set_keyring(previous)


def test_no_keyring_gives_a_clear_fallback_message() -> None:
    source = KeyringSecretSource(no_keyring())
    with pytest.raises(SecretStoreUnavailableError) as error:
        source.lookup(TOKEN)
    message = str(error.value)
    assert "no usable OS keyring" in message
    assert "set the environment variable CI_TOKEN instead" in message
    with pytest.raises(SecretStoreUnavailableError):
        source.store(TOKEN, "x")


def test_no_keyring_without_an_env_var_suggests_adding_one() -> None:
    source = KeyringSecretSource(no_keyring())
    with pytest.raises(SecretStoreUnavailableError, match=r"providers\.toml \(token_env\)"):
        source.lookup(SecretRequest("CI", SecretPurpose.TOKEN))


def test_chain_falls_back_to_the_environment_when_the_keyring_is_unusable() -> None:
    chain = ChainedSecretSource(
        KeyringSecretSource(no_keyring()), EnvSecretSource({"CI_TOKEN": "env"})
    )
    assert chain.lookup(TOKEN) == "env"


def test_chain_prefers_the_keyring_and_reports_an_unusable_one_last() -> None:
    memory = InMemoryKeyring()
    KeyringSecretSource(memory).store(TOKEN, "keyring")
    chain = ChainedSecretSource(KeyringSecretSource(memory), EnvSecretSource({"CI_TOKEN": "env"}))
    assert chain.lookup(TOKEN) == "keyring"
    broken = ChainedSecretSource(KeyringSecretSource(no_keyring()), EnvSecretSource({}))
    with pytest.raises(SecretStoreUnavailableError):
        broken.lookup(TOKEN)
    assert ChainedSecretSource(EnvSecretSource({})).lookup(TOKEN) is None
    assert " or " in chain.describe(TOKEN)


def test_the_test_backend_is_never_chosen_automatically() -> None:
    assert InMemoryKeyring.priority < keyring.backends.fail.Keyring.priority


@pytest.mark.parametrize("value", SECRET_SHAPED)
@pytest.mark.parametrize("purpose", list(SecretPurpose))
def test_a_secret_typed_where_a_variable_name_goes_is_never_quoted(
    value: str, purpose: SecretPurpose
) -> None:
    request = SecretRequest("Client CI", purpose, value)
    key = f"{purpose.value}_env"
    sources = (
        EnvSecretSource({}),
        ChainedSecretSource(KeyringSecretSource(InMemoryKeyring()), EnvSecretSource({})),
        ChainedSecretSource(KeyringSecretSource(no_keyring()), EnvSecretSource({})),
    )
    for source in sources:
        with pytest.raises(SecretError) as caught:
            require_secret(source, request)
        message = str(caught.value)
        assert value not in message
        assert f"the environment variable named in {key} of provider 'Client CI'" in message
        assert "it may be the secret itself" in message
        assert message.count("it may be the secret itself") == 1
    assert value not in EnvSecretSource({}).describe(request)
    # A line break inside the variable's value is refused without naming the value either.
    with pytest.raises(MalformedSecretError) as caught:
        EnvSecretSource({value: "abc\ndef"}).lookup(request)
    assert value not in str(caught.value)


@pytest.mark.parametrize(
    "name", ["CI_TOKEN", "ELEVATE_PASSWORD", "SANDBOX_CONTENT_IGNITE_TOKEN", "CLIENT2_CI_TOKEN"]
)
def test_a_conventional_variable_name_is_still_named(name: str) -> None:
    request = SecretRequest("Client CI", SecretPurpose.TOKEN, name)
    with pytest.raises(MissingSecretError) as caught:
        require_secret(EnvSecretSource({}), request)
    assert str(caught.value) == (
        f"no token for 'Client CI': environment variable {name} is not set"
    )
    with pytest.raises(SecretStoreUnavailableError) as unavailable:
        require_secret(ChainedSecretSource(KeyringSecretSource(no_keyring())), request)
    assert f"set the environment variable {name} instead" in str(unavailable.value)


@pytest.mark.parametrize(
    ("provider", "purpose", "suggested"),
    [
        ("Client CI", SecretPurpose.TOKEN, "CLIENT_CI_TOKEN"),
        ("Elevate", SecretPurpose.PASSWORD, "ELEVATE_PASSWORD"),
        ("Client2 CI", SecretPurpose.TOKEN, "CLIENT2_CI_TOKEN"),
        ("Client 2025-2026", SecretPurpose.TOKEN, "CLIENT_TOKEN"),
        ("Übersee Zahlungsverkehrsabwicklung GmbH", SecretPurpose.TOKEN, None),
        ("Wholesale Distribution Partners International Limited", SecretPurpose.PASSWORD, None),
        ("2025", SecretPurpose.TOKEN, "TOKEN"),
        ("007 Agency", SecretPurpose.TOKEN, "_007_AGENCY_TOKEN"),
        ("2025 Client", SecretPurpose.TOKEN, "CLIENT_TOKEN"),
        ("客户", SecretPurpose.TOKEN, "TOKEN"),
    ],
)
def test_the_variable_name_suggested_is_one_the_window_takes(
    provider: str, purpose: SecretPurpose, suggested: str | None
) -> None:
    """The window's refusals without a keyring, and its dialog, suggest a name for the
    variable; the dialog takes only a plain name, and 'CLIENT_2025_2026_TOKEN' (seven
    digits) or a 40-character-plus name was not one."""
    name = example_env_name(SecretRequest(provider, purpose))
    assert plain_env_name(name), name
    assert name.endswith(purpose.value.upper())
    if suggested is not None:
        assert name == suggested
