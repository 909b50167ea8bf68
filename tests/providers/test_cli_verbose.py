"""``--verbose``: every provider request on stderr (method, path, status, time, retries),
and never a token or password, even one a URL would carry."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.providers import AuthenticationError, HttpPolicy
from desktop_app.providers.http_client import ProviderHttp
from desktop_app.sandbox import Sandbox
from tests.providers.sandbox_setup import secret_values
from tests.providers.test_cli_fetch import toml_for, write

pytestmark = pytest.mark.sandbox

# Every sandbox token is a JWT, whose header always encodes to this prefix: it catches the
# tokens Elevate's login hands out too, which the test never sees.
JWT_PREFIX = "eyJ"
TIME = r"in \d+\.\d{3} s"
PERIOD = ["--from", "2025-01-01", "--to", "2025-06-30"]


@pytest.fixture
def tokens_in_env(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in secret_values(sandbox).items():
        monkeypatch.setenv(name, value)


def lines_matching(pattern: str, lines: list[str]) -> list[str]:
    return [line for line in lines if re.fullmatch(pattern, line)]


@pytest.mark.usefixtures("tokens_in_env")
def test_verbose_logs_each_request_its_status_time_and_retries_without_secrets(
    sandbox: Sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sandbox.faults.inject("content_ignite", "503", path_contains="/v1/billing/invoice")
    sandbox.faults.inject("elevate", "401", path_contains="/invoices")
    config = write(tmp_path, toml_for(sandbox))
    assert main(["fetch", "--verbose", "--config", config, *PERIOD]) == 0
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)["invoices"]) > 0
    lines = captured.err.splitlines()
    assert all(line.startswith("desktop-app: ") for line in lines)

    ci = r"desktop-app: Content Ignite: GET /v1/billing/invoice"
    assert lines_matching(rf"{ci}: HTTP 503 Service Unavailable {TIME}", lines)
    assert lines_matching(rf"{ci}: HTTP 503 Service Unavailable; retry 1 of 4 in [0-9.]+ s", lines)
    assert lines_matching(rf"{ci}: HTTP 200 OK {TIME} \(attempt 2\)", lines)
    details = lines_matching(rf"{ci}/\d+: HTTP 200 OK {TIME}", lines)
    assert len(details) == 6  # one detail per invoice in the period

    organisation = sandbox.credentials.versori_organisation_id
    versori = (
        rf"desktop-app: Versori: GET /organisations/{organisation}/billing/invoices"
        r"\?from=2025-01-01&to=2025-06-30"
    )
    assert lines_matching(rf"{versori}: HTTP 200 OK {TIME}", lines)

    elevate = r"desktop-app: Elevate: "
    page = r"GET /invoices\?page=1&pageSize=1000&sort=id&invoiceDate=gt%3A2024-12-31"
    assert len(lines_matching(rf"{elevate}POST /authenticate: HTTP 200 OK {TIME}", lines)) == 2
    assert lines_matching(rf"{elevate}{page}: HTTP 401 Unauthorized {TIME}", lines)
    assert lines_matching(rf"{elevate}{page}: credentials renewed after a 401", lines)
    assert lines_matching(rf"{elevate}{page}: HTTP 200 OK {TIME} \(attempt 2\)", lines)

    for secret in secret_values(sandbox).values():
        assert secret not in captured.err
    assert JWT_PREFIX not in captured.err


@pytest.mark.usefixtures("tokens_in_env")
def test_without_verbose_nothing_is_logged_and_verbose_leaves_logging_as_it_was(
    sandbox: Sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logger = logging.getLogger("desktop_app.providers")
    before = (list(logger.handlers), logger.level)
    config = write(tmp_path, toml_for(sandbox))
    assert main(["fetch", "--verbose", "--config", config, *PERIOD]) == 0
    assert "HTTP 200 OK" in capsys.readouterr().err
    assert (list(logger.handlers), logger.level) == before
    assert main(["fetch", "--config", config, *PERIOD]) == 0
    assert capsys.readouterr().err == ""


def test_a_secret_in_a_query_is_redacted_from_the_request_log_and_the_error(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    # No provider puts a token in a URL today; one that did must not leak it either.
    secret = "query/secret+0123 456789=="  # percent-encoded in the URL
    caplog.set_level(logging.DEBUG, logger="desktop_app.providers")

    async def get() -> None:
        async with ProviderHttp(
            "Query", sandbox.elevate_url, HttpPolicy(), secrets=[secret]
        ) as http:
            await http.get_json("/invoices", params={"access_token": secret, "page": 1})

    encoded = "query%2Fsecret%2B0123+456789%3D%3D"  # as httpx puts it in the query
    with pytest.raises(AuthenticationError) as error:
        asyncio.run(get())
    assert secret not in str(error.value)
    assert encoded not in str(error.value)
    assert "access_token=[redacted]" in str(error.value)
    logged = [record.getMessage() for record in caplog.records]
    assert any(
        re.fullmatch(
            rf"Query: GET /invoices\?access_token=\[redacted\]&page=1: HTTP 401 Unauthorized {TIME}",
            text,
        )
        for text in logged
    ), logged
    assert not [text for text in logged if secret in text or encoded in text]


@pytest.mark.usefixtures("tokens_in_env")
def test_verbose_says_a_providers_failure_once_as_the_result(
    sandbox: Sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The failure was logged, then said again as the command's last line (tester k)."""
    sandbox.faults.inject("versori", "401", times=5)
    config = write(tmp_path, toml_for(sandbox))
    assert main(["fetch", "--verbose", "--config", config, *PERIOD]) == 1
    lines = capsys.readouterr().err.splitlines()
    last = lines[-1]
    assert last.startswith("desktop-app: provider Versori: GET ")
    reason = last.removeprefix("desktop-app: provider Versori: ")
    assert [line for line in lines if reason in line] == [last]
