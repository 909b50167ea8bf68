"""``desktop-app fetch`` end to end: a providers.toml, tokens in env vars, JSON on stdout."""

from __future__ import annotations

import json
import logging
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop_app.cli import main
from desktop_app.sandbox import Sandbox
from tests.providers.sandbox_setup import ELEVATE_PASSWORD_ENV, ENV, secret_values
from tests.providers.secret_shapes import SECRET_SHAPED


def toml_for(sandbox: Sandbox, *, versori_org: str | None = None) -> str:
    credentials = sandbox.credentials
    return f"""
[[providers]]
kind = "content_ignite"
name = "Content Ignite"
base_url = "{sandbox.content_ignite_url}"
token_env = "{ENV["content_ignite"]}"

[[providers]]
kind = "versori"
name = "Versori"
base_url = "{sandbox.versori_url}"
token_env = "{ENV["versori"]}"
organisation_id = "{versori_org or credentials.versori_organisation_id}"

[[providers]]
kind = "elevate"
name = "Elevate"
base_url = "{sandbox.elevate_url}"
brand = "{credentials.elevate_brand}"
username = "{credentials.elevate_username}"
password_env = "{ELEVATE_PASSWORD_ENV}"
"""


@pytest.fixture
def tokens_in_env(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in secret_values(sandbox).items():
        monkeypatch.setenv(name, value)


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "providers.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.sandbox
@pytest.mark.usefixtures("tokens_in_env")
def test_fetch_prints_every_invoice_as_json(
    sandbox: Sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write(tmp_path, toml_for(sandbox))
    assert main(["fetch", "--config", config, "--from", "2025-01-01", "--to", "2025-06-30"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    output = json.loads(captured.out)
    assert output["failures"] == []
    assert output["problems"] == []
    invoices = output["invoices"]
    by_provider: dict[str, list[dict[str, Any]]] = {}
    for invoice in invoices:
        by_provider.setdefault(invoice["provider"], []).append(invoice)
    assert list(by_provider) == ["Content Ignite", "Versori", "Elevate"]
    expected_ci = [
        row
        for row in sandbox.dataset.content_ignite.invoices
        if "2025-01-01" <= row["date"][:10] <= "2025-06-30"
    ]
    assert len(by_provider["Content Ignite"]) == len(expected_ci) == 6
    expected_elevate = [
        row
        for row in sandbox.dataset.elevate.invoices
        if "2025-01-01" <= row["invoiceDate"] <= "2025-06-30"
    ]
    assert len(by_provider["Elevate"]) == len(expected_elevate)
    assert all(isinstance(invoice["gross"], str) for invoice in invoices)
    first = by_provider["Content Ignite"][0]
    wire = next(row for row in expected_ci if str(row["id"]) == first["invoice_id"])
    assert first["gross"] == str(wire["base_amount"])
    assert Decimal(first["net"]) == wire["base_sub_amount"]
    assert first["number"] == first["invoice_id"]
    assert first["line_items"]
    assert isinstance(first["line_items"][0]["amount"], str)
    credit_notes = [i for i in by_provider["Versori"] if i["document_type"] == "credit_note"]
    assert all(i["gross"].startswith("-") for i in credit_notes)


def test_a_bad_config_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write(tmp_path, '[[providers]]\nkind = "versori"\nname = "V"\ntoken_env = "T"\n')
    assert main(["fetch", "--config", config]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "desktop-app: providers.toml: provider 'V' (#1): missing required key 'organisation_id'\n"
    )


def test_a_bad_date_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fetch", "--config", str(tmp_path / "x.toml"), "--from", "01/02/2025"]) == 2
    assert capsys.readouterr().err == "desktop-app: --from '01/02/2025' is not a YYYY-MM-DD date\n"
    assert main(["fetch", "--config", "x", "--from", "2025-02-01", "--to", "2025-01-01"]) == 2


def test_a_date_in_the_form_but_not_in_the_calendar_is_not_a_real_date(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """They said "is not a YYYY-MM-DD date", though written in that form (tester k)."""
    assert main(["fetch", "--config", "x", "--from", "2025-13-01"]) == 2
    assert capsys.readouterr().err == "desktop-app: --from '2025-13-01' is not a real date\n"
    assert main(["fetch", "--config", "x", "--to", "2025-02-30"]) == 2
    assert capsys.readouterr().err == "desktop-app: --to '2025-02-30' is not a real date\n"


@pytest.mark.sandbox
@pytest.mark.usefixtures("tokens_in_env")
def test_a_failed_provider_fails_the_run_but_keeps_the_others(
    sandbox: Sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write(tmp_path, toml_for(sandbox, versori_org="01UNKNOWN"))
    assert main(["fetch", "--config", config]) == 1
    captured = capsys.readouterr()
    output = json.loads(captured.out)
    assert {invoice["provider"] for invoice in output["invoices"]} == {"Content Ignite", "Elevate"}
    assert output["failures"] == [
        {
            "provider": "Versori",
            "kind": "versori",
            "reason": output["failures"][0]["reason"],
        }
    ]
    assert "HTTP 404 Not Found: organisation 01UNKNOWN not found" in output["failures"][0]["reason"]
    lines = captured.err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(
        "desktop-app: provider Versori: GET /organisations/01UNKNOWN/billing/invoices?from="
    )


@pytest.mark.sandbox
@pytest.mark.usefixtures("tokens_in_env")
def test_an_invoice_that_cannot_be_used_is_listed_and_fails_the_run(
    sandbox: Sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = sandbox.dataset.content_ignite
    gone = data.invoices[0]["id"]
    del data.details[gone]
    config = write(tmp_path, toml_for(sandbox))
    assert main(["fetch", "--config", config]) == 1
    captured = capsys.readouterr()
    output = json.loads(captured.out)
    assert output["failures"] == []
    ci = [invoice for invoice in output["invoices"] if invoice["provider"] == "Content Ignite"]
    assert len(ci) == len(data.invoices) - 1
    reason = (
        f"GET /v1/billing/invoice/{gone}: HTTP 404 Not Found: Invoice {gone} not found; "
        "it was listed, so it was probably deleted since"
    )
    assert output["problems"] == [
        {
            "provider": "Content Ignite",
            "kind": "content_ignite",
            "invoice_id": str(gone),
            "number": None,
            "reason": reason,
        }
    ]
    assert captured.err == (
        "desktop-app: 1 invoice could not be used and is not in the output: "
        f"Content Ignite: invoice {gone}: {reason}\n"
    )


@pytest.mark.sandbox
def test_a_missing_token_variable_is_named(
    sandbox: Sandbox,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in secret_values(sandbox):
        monkeypatch.delenv(name, raising=False)
    config = write(tmp_path, toml_for(sandbox))
    assert main(["fetch", "--config", config]) == 1
    err = capsys.readouterr().err
    assert err.startswith("desktop-app: 3 providers failed: ")
    assert (
        "Content Ignite: no token for 'Content Ignite': environment variable CI_TOKEN is not set"
        in err
    )
    assert "environment variable ELEVATE_PASSWORD is not set" in err
    assert len(err.splitlines()) == 1


@pytest.mark.sandbox
@pytest.mark.usefixtures("tokens_in_env")
@pytest.mark.parametrize("value", SECRET_SHAPED)
def test_a_secret_typed_into_token_env_or_password_env_is_never_echoed(
    sandbox: Sandbox,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    value: str,
) -> None:
    caplog.set_level(logging.DEBUG)
    text = toml_for(sandbox).replace('"CI_TOKEN"', f'"{value}"')
    text = text.replace('"ELEVATE_PASSWORD"', f'"{value.lower()}x"')
    config = write(tmp_path, text)
    assert main(["fetch", "--config", config]) == 1
    captured = capsys.readouterr()
    output = json.loads(captured.out)
    reasons = {failure["provider"]: failure["reason"] for failure in output["failures"]}
    assert reasons == {
        "Content Ignite": (
            "no token for 'Content Ignite': the environment variable named in token_env of "
            "provider 'Content Ignite' is not set (the value there does not look like a "
            "variable name: it may be the secret itself; put the secret in an environment "
            "variable and its name there)"
        ),
        "Elevate": (
            "no password for 'Elevate': the environment variable named in password_env of "
            "provider 'Elevate' is not set (the value there does not look like a variable "
            "name: it may be the secret itself; put the secret in an environment variable "
            "and its name there)"
        ),
    }
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for shown in (captured.out, captured.err, logged):
        assert value not in shown
        assert value.lower() not in shown


@pytest.mark.sandbox
@pytest.mark.usefixtures("tokens_in_env")
def test_tokens_pasted_with_their_line_endings_are_sent_without_them(
    sandbox: Sandbox,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # `export CI_TOKEN=$(cat token.txt)` keeps the \r of a file saved on Windows.
    monkeypatch.setenv(ENV["content_ignite"], sandbox.credentials.content_ignite_token + "\r")
    monkeypatch.setenv(ENV["versori"], sandbox.credentials.versori_token + "\r\n")
    config = write(tmp_path, toml_for(sandbox))
    assert main(["fetch", "--config", config]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    output = json.loads(captured.out)
    assert output["failures"] == []
    providers = [invoice["provider"] for invoice in output["invoices"]]
    assert providers.count("Content Ignite") == 18
    assert providers.count("Versori") == 20


@pytest.mark.sandbox
@pytest.mark.usefixtures("tokens_in_env")
def test_a_token_with_a_line_break_inside_is_refused_naming_its_variable_not_its_value(
    sandbox: Sandbox,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = sandbox.credentials.content_ignite_token
    monkeypatch.setenv(ENV["content_ignite"], f"{token[:40]}\r\n{token[40:]}\r\n")
    config = write(tmp_path, toml_for(sandbox))
    assert main(["fetch", "--config", config]) == 1
    captured = capsys.readouterr()
    output = json.loads(captured.out)
    [failure] = output["failures"]
    assert failure["reason"] == (
        "the token for 'Content Ignite' in environment variable CI_TOKEN has a line break or "
        "control character inside it: set it again to the token alone, on one line"
    )
    assert {invoice["provider"] for invoice in output["invoices"]} == {"Versori", "Elevate"}
    assert captured.err == f"desktop-app: provider Content Ignite: {failure['reason']}\n"
    for text in (captured.out, captured.err):
        assert token[:40] not in text
        assert token[40:] not in text
    assert sandbox.stats.count("content_ignite") == 0


@pytest.mark.sandbox
@pytest.mark.usefixtures("tokens_in_env")
def test_a_base_url_with_a_password_is_refused_before_any_request(
    sandbox: Sandbox,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)  # httpx logs each request's URL at INFO
    with_password = sandbox.content_ignite_url.replace("http://", "http://apiuser:S3CRETPASS@")
    config = write(tmp_path, toml_for(sandbox).replace(sandbox.content_ignite_url, with_password))
    assert main(["fetch", "--config", config]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(
        "desktop-app: providers.toml: provider 'Content Ignite' (#1): key 'base_url' must not "
        "hold a user name or password"
    )
    assert sandbox.stats.requests == []
    texts = [captured.err, *(record.getMessage() for record in caplog.records)]
    assert not [text for text in texts if "S3CRETPASS" in text]


@pytest.mark.sandbox
@pytest.mark.usefixtures("tokens_in_env")
def test_a_base_url_with_a_key_in_its_query_is_refused_before_any_request_unechoed(
    sandbox: Sandbox,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """``base_url = ".../content-ignite?api_key=TOPSECRET123"`` was refused quoting the
    whole address, the key with it, on a scheduled run's stderr."""
    caplog.set_level(logging.INFO)
    with_key = f"{sandbox.content_ignite_url}?api_key=TOPSECRET123"
    config = write(tmp_path, toml_for(sandbox).replace(sandbox.content_ignite_url, with_key))
    assert main(["fetch", "--verbose", "--config", config]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(
        "desktop-app: providers.toml: provider 'Content Ignite' (#1): key 'base_url' must not "
        "have a query or fragment"
    )
    assert sandbox.stats.requests == []
    texts = [captured.err, *(record.getMessage() for record in caplog.records)]
    assert not [text for text in texts if "TOPSECRET123" in text]


@pytest.mark.sandbox
def test_diagnose_prints_a_checked_address_without_its_query(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    """Support asks for ``diagnose``'s output: a key in the address checked stays out."""
    url = f"{sandbox.content_ignite_url}/v1/billing/invoice?api_key=TOPSECRET123#frag"
    assert main(["diagnose", "--tls-check", url]) == 0
    out = capsys.readouterr().out
    assert f"TLS check of {sandbox.content_ignite_url}/v1/billing/invoice?…#…: " in out
    assert "TOPSECRET123" not in out
    assert "frag" not in out
