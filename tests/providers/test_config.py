"""providers.toml validation: every mistake is one line naming the file, provider and key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain import Direction
from desktop_app.providers import ConfigError, ProviderKind, load_config, parse_config

GOOD = """
[[providers]]
kind = "content_ignite"
name = "Content Ignite"
token_env = "CI_TOKEN"

[[providers]]
kind = "versori"
name = "Versori"
base_url = "https://platform.versori.com/api/organisations/v1/"
token_env = "VERSORI_TOKEN"
organisation_id = "01HY29CYJ2NAJ0GN2KH89KVK84"
auth_scheme = "bearer"

[[providers]]
kind = "elevate"
name = "Elevate (login)"
base_url = "https://api.elevateiq.com/v2"
currency = "eur"
direction = "payable"
brand = "acme"
username = "api@example.com"
password_env = "ELEVATE_PASSWORD"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "providers.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_full_config_loads_with_defaults_filled_in(tmp_path: Path) -> None:
    ci, versori, elevate = load_config(write(tmp_path, GOOD))
    assert ci.kind is ProviderKind.CONTENT_IGNITE
    assert ci.base_url == "https://api.tagdeliver.com"
    assert ci.direction is Direction.PAYABLE
    assert ci.token_env == "CI_TOKEN"
    assert versori.base_url == "https://platform.versori.com/api/organisations/v1"
    assert versori.auth_scheme == "Bearer"
    assert versori.organisation_id == "01HY29CYJ2NAJ0GN2KH89KVK84"
    assert elevate.logs_in
    assert (elevate.brand, elevate.username, elevate.password_env) == (
        "acme",
        "api@example.com",
        "ELEVATE_PASSWORD",
    )
    assert elevate.currency == "EUR"
    assert elevate.direction is Direction.PAYABLE  # overrides Elevate's receivable default
    assert elevate.token_env is None


def test_max_retry_after_is_read_per_provider_in_seconds(tmp_path: Path) -> None:
    text = GOOD.replace('token_env = "CI_TOKEN"', 'token_env = "CI_TOKEN"\nmax_retry_after = 600')
    text = text.replace('currency = "eur"', 'currency = "eur"\nmax_retry_after = 90.5')
    ci, versori, elevate = load_config(write(tmp_path, text))
    assert (ci.max_retry_after, versori.max_retry_after, elevate.max_retry_after) == (
        600.0,
        None,
        90.5,
    )


def test_per_kind_defaults() -> None:
    configs = parse_config(
        {
            "providers": [
                {"kind": "versori", "name": "V", "token_env": "T", "organisation_id": "o"},
                {"kind": "elevate", "name": "E", "token_env": "T"},
            ]
        }
    )
    assert configs[0].auth_scheme == "JWT"
    assert configs[0].direction is Direction.PAYABLE
    assert configs[1].direction is Direction.RECEIVABLE
    assert configs[1].currency == "GBP"
    assert configs[1].base_url == "https://rest.elevatebilling.com/v1"


def entry(**fields: Any) -> dict[str, Any]:
    return {"kind": "content_ignite", "name": "CI", "token_env": "CI_TOKEN", **fields}


@pytest.mark.parametrize(
    ("entry_fields", "expected"),
    [
        (
            entry(tokenenv="X"),
            "provider 'CI' (#1): unknown key 'tokenenv' for kind 'content_ignite'",
        ),
        (entry(organisation_id="o"), "unknown key 'organisation_id' for kind 'content_ignite'"),
        (entry(kind="stripe"), "provider 'CI' (#1): unknown kind 'stripe'"),
        ({"name": "CI", "token_env": "T"}, "provider 'CI' (#1): missing required key 'kind'"),
        ({"kind": "content_ignite", "token_env": "T"}, "provider #1: missing required key 'name'"),
        ({"kind": "content_ignite", "name": "CI"}, "missing required key 'token_env'"),
        (entry(name=""), "key 'name' must be a non-empty string"),
        (entry(base_url="api.tagdeliver.com"), "key 'base_url' is not an http(s) URL"),
        (entry(base_url="ftp://api.tagdeliver.com"), "key 'base_url' is not an http(s) URL"),
        (entry(base_url="https://"), "key 'base_url' is not an http(s) URL"),
        (entry(base_url="https://x.com/?a=1"), "must not have a query"),
        (entry(direction="outgoing"), "key 'direction' must be 'payable' or 'receivable'"),
        (entry(token_env=12), "key 'token_env' must be the name of an environment variable"),
        (
            {"kind": "versori", "name": "V", "token_env": "T"},
            "provider 'V' (#1): missing required key 'organisation_id'",
        ),
        (
            {
                "kind": "versori",
                "name": "V",
                "token_env": "T",
                "organisation_id": "o",
                "auth_scheme": "Basic",
            },
            "key 'auth_scheme' must be 'JWT' or 'Bearer'",
        ),
        ({"kind": "elevate", "name": "E", "token_env": "T", "currency": "GPB"}, "not an ISO 4217"),
        (
            entry(max_retry_after="10 minutes"),
            (
                "key 'max_retry_after' must be a number of seconds from 0 to 86400 "
                "(e.g. max_retry_after = 600), not '10 minutes'"
            ),
        ),
        (entry(max_retry_after=-1), "key 'max_retry_after' must be a number of seconds"),
        (entry(max_retry_after=90_000), "key 'max_retry_after' must be a number of seconds"),
        (entry(max_retry_after=True), "key 'max_retry_after' must be a number of seconds"),
        (entry(max_retry_after=float("nan")), "key 'max_retry_after' must be a number of seconds"),
        (
            {"kind": "elevate", "name": "E", "brand": "b", "username": "u"},
            "missing required key 'password_env' (logging in needs brand, username and password_env)",
        ),
        (
            {"kind": "elevate", "name": "E", "username": "u", "password_env": "P"},
            "missing required key 'brand'",
        ),
        (
            {
                "kind": "elevate",
                "name": "E",
                "token_env": "T",
                "brand": "b",
                "username": "u",
                "password_env": "P",
            },
            "give either 'token_env' or brand/username/password_env, not both",
        ),
    ],
)
def test_each_mistake_names_provider_and_key(entry_fields: dict[str, Any], expected: str) -> None:
    with pytest.raises(ConfigError) as error:
        parse_config({"providers": [entry_fields]}, source="providers.toml")
    message = str(error.value)
    assert message.startswith("providers.toml: ")
    assert expected in message
    assert "\n" not in message


def test_a_pasted_token_is_refused_without_being_echoed() -> None:
    token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2VjcmV0LXNpZ25hdHVyZQ"
    with pytest.raises(ConfigError) as error:
        parse_config({"providers": [entry(token_env=token)]})
    assert "not the secret itself" in str(error.value)
    assert token not in str(error.value)
    assert "eyJ" not in str(error.value)


@pytest.mark.parametrize(
    "url",
    [
        "https://apiuser:S3CRETPASS@api.tagdeliver.com",
        "http://S3CRETPASS@127.0.0.1:8080/content-ignite",
        "https://apiuser:S3CRETPASS@api.tagdeliver.com/?a=1",
    ],
)
def test_a_base_url_with_a_user_and_password_is_refused_without_echoing_them(url: str) -> None:
    with pytest.raises(ConfigError) as error:
        parse_config({"providers": [entry(base_url=url)]})
    assert str(error.value) == (
        "providers.toml: provider 'CI' (#1): key 'base_url' must not hold a user name or "
        "password ('user:password@' before the host): take them out and give the credentials "
        "in the provider's token or password settings (token_env, or brand, username and "
        "password_env for an Elevate login)"
    )


@pytest.mark.parametrize(
    "url", ["apiuser:S3CRETPASS@api.tagdeliver.com", "ftp://apiuser:S3CRETPASS@host"]
)
def test_a_bad_base_url_holding_a_password_is_not_echoed(url: str) -> None:
    with pytest.raises(ConfigError) as error:
        parse_config({"providers": [entry(base_url=url)]})
    assert "S3CRETPASS" not in str(error.value)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:18765/content-ignite?api_key=TOPSECRET123",
        "https://api.tagdeliver.com/v1#TOPSECRET123",
        "https://api.tagdeliver.com/?TOPSECRET123",
        "api.tagdeliver.com/?api_key=TOPSECRET123",  # not http(s) either
        "ftp://api.tagdeliver.com/?api_key=TOPSECRET123",
    ],
)
def test_a_base_url_with_a_query_or_fragment_is_refused_without_echoing_it(url: str) -> None:
    """A key pasted in the address (``?api_key=``) was quoted back in the refusal, and so
    reached a scheduled run's log."""
    with pytest.raises(ConfigError) as error:
        parse_config({"providers": [entry(base_url=url)]})
    message = str(error.value)
    assert message.startswith("providers.toml: provider 'CI' (#1): key 'base_url' ")
    assert "TOPSECRET123" not in message
    assert "api_key" not in message


def test_a_base_url_with_a_query_says_what_to_do() -> None:
    with pytest.raises(ConfigError) as error:
        parse_config({"providers": [entry(base_url="https://x.com/v1?api_key=K")]})
    assert str(error.value) == (
        "providers.toml: provider 'CI' (#1): key 'base_url' must not have a query or "
        "fragment ('?…' or '#…' after the address, not shown here as it may hold a key): "
        "take it out and give a token in the provider's token settings (token_env)"
    )


def test_names_must_be_unique_ignoring_case() -> None:
    with pytest.raises(ConfigError, match=r"provider 'ci' \(#2\): duplicate name"):
        parse_config({"providers": [entry(), entry(name="ci")]})


def test_second_entry_errors_name_the_second_entry() -> None:
    with pytest.raises(ConfigError, match=r"provider 'Two' \(#2\): unknown key 'colour'"):
        parse_config({"providers": [entry(), entry(name="Two", colour="red")]})


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({}, "no providers configured"),
        ({"providers": []}, "no providers configured"),
        ({"provider": [entry()]}, "unknown top-level key 'provider'"),
        ({"providers": ["CI"]}, "providers entry #1 is not a table"),
    ],
)
def test_document_level_mistakes(document: dict[str, Any], expected: str) -> None:
    with pytest.raises(ConfigError, match=expected):
        parse_config(document)


def test_the_gui_may_leave_secrets_to_the_keyring() -> None:
    configs = parse_config(
        {
            "providers": [
                {"kind": "content_ignite", "name": "CI"},
                {"kind": "elevate", "name": "E", "brand": "b", "username": "u"},
            ]
        },
        require_secret_env=False,
    )
    assert configs[0].token_env is None
    assert configs[1].logs_in
    assert configs[1].password_env is None


def test_unreadable_files_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"missing\.toml: cannot read"):
        load_config(tmp_path / "missing.toml")
    with pytest.raises(ConfigError, match=r"providers\.toml: not valid TOML"):
        load_config(write(tmp_path, "[[providers]\nkind = 'x'"))
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00kind")
    with pytest.raises(ConfigError) as refused:
        load_config(binary)
    assert str(refused.value) == (
        f"{binary}: not a providers.toml text file (it is not UTF-8 text; save it as UTF-8)"
    )


def test_a_workbook_given_as_the_config_is_said_to_be_no_providers_toml(
    tmp_path: Path,
) -> None:
    """``--config some.xlsx`` said "not UTF-8 text" (tester k)."""
    workbook = tmp_path / "some.xlsx"
    workbook.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xa8\xff")
    with pytest.raises(ConfigError) as refused:
        load_config(workbook)
    assert str(refused.value) == (
        f"{workbook}: not a providers.toml text file (it is a zip archive, such as an Excel "
        "workbook, not text)"
    )


def test_single_brackets_are_said_to_need_double_ones(tmp_path: Path) -> None:
    """``[providers]`` said only "no providers configured (add a [[providers]] table)"."""
    text = '[providers]\nkind = "content_ignite"\nname = "CI"\ntoken_env = "CI_TOKEN"\n'
    with pytest.raises(ConfigError) as refused:
        load_config(write(tmp_path, text))
    assert str(refused.value) == (
        "providers.toml: found [providers] with single brackets; each provider is a "
        "[[providers]] table, with double brackets"
    )


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"token": "sk_live_51HxYzAbCdEf"},
            (
                "unknown key 'token' for kind 'content_ignite': secrets never go in the file: "
                "use token_env, the name of an environment variable holding it"
            ),
        ),
        (
            {"kind": "elevate", "brand": "b", "username": "u", "password": "Summer2025!"},
            (
                "unknown key 'password' for kind 'elevate': secrets never go in the file: "
                "use password_env, the name of an environment variable holding it"
            ),
        ),
        (
            {"api_key": "0123456789abcdef"},
            (
                "unknown key 'api_key' for kind 'content_ignite': secrets never go in the file: "
                "use token_env, the name of an environment variable holding it"
            ),
        ),
        (
            {"tokenenv": "CI_TOKEN"},
            "unknown key 'tokenenv' for kind 'content_ignite'; did you mean 'token_env'?",
        ),
        (
            {"base-url": "https://x.com"},
            "unknown key 'base-url' for kind 'content_ignite'; did you mean 'base_url'?",
        ),
        (
            {"kind": "versori", "organization_id": "o"},
            "unknown key 'organization_id' for kind 'versori'; did you mean 'organisation_id'?",
        ),
        ({"colour": "red"}, "unknown key 'colour' for kind 'content_ignite'"),
    ],
)
def test_an_unknown_key_says_what_was_meant_where_it_can_be_told(
    fields: dict[str, Any], expected: str
) -> None:
    """No "did you mean" for ``tokenenv``, and nothing for ``token = "…"`` on where a
    secret goes (tester k). The value is never echoed: it may be the secret."""
    document = {"providers": [{**entry(), **fields}]}
    if fields.get("kind") == "elevate":
        del document["providers"][0]["token_env"]
    with pytest.raises(ConfigError) as refused:
        parse_config(document)
    assert str(refused.value) == f"providers.toml: provider 'CI' (#1): {expected}"
    for secret in ("token", "password", "api_key"):
        if secret in fields:
            assert fields[secret] not in str(refused.value)


LOGIN = "(logging in needs brand, username and password_env)"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {},
            "no token_env and no login: give token_env, or brand, username and password_env to log in",
        ),
        ({"username": "u"}, f"missing required keys 'brand' and 'password_env' {LOGIN}"),
        ({"password_env": "P"}, f"missing required keys 'brand' and 'username' {LOGIN}"),
        # a guard: one key missing was already named exactly
        ({"brand": "b", "username": "u"}, f"missing required key 'password_env' {LOGIN}"),
    ],
    ids=["no-secret", "username-only", "password-only", "no-password"],
)
def test_elevate_without_a_token_or_a_whole_login_names_what_is_missing(
    fields: dict[str, Any], expected: str
) -> None:
    """Elevate takes a token or a login: with neither, both ways are named; with part of
    a login, every key it still needs."""
    with pytest.raises(ConfigError) as error:
        parse_config({"providers": [{"kind": "elevate", "name": "Elevate", **fields}]})
    assert str(error.value) == f"providers.toml: provider 'Elevate' (#1): {expected}"


def test_the_gui_asks_a_partial_login_only_for_what_the_keyring_cannot_hold() -> None:
    """A guard: the password is in the keyring, so only the brand is missing."""
    with pytest.raises(ConfigError) as error:
        parse_config(
            {"providers": [{"kind": "elevate", "name": "E", "username": "u"}]},
            require_secret_env=False,
        )
    assert str(error.value).endswith(f"provider 'E' (#1): missing required key 'brand' {LOGIN}")
