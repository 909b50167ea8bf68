"""``reconcile`` when a provider returns an invoice that cannot be used: the run goes on.

The invoice's Content Ignite detail is deleted after the list names it (as when it is
deleted between the two requests): the report is still written with every other invoice,
and both the Summary sheet and stderr name the invoice left out, so that the unmatched
payment of it is not a mystery.
"""

from __future__ import annotations

import asyncio
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.providers import fetch_all, parse_config
from desktop_app.sandbox import Sandbox
from desktop_app.sandbox.statements import plan_statement, write_csv
from desktop_app.secrets import EnvSecretSource
from tests.export.readback import cell_values, read_report
from tests.pipeline.conftest import PERIOD

pytestmark = pytest.mark.sandbox


@pytest.fixture
def sandbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Sandbox]:
    with Sandbox(seed=0) as running:
        for name, value in running.secret_environment().items():
            monkeypatch.setenv(name, value)
        yield running


def test_an_invoice_left_out_is_named_on_the_summary_and_stderr(
    sandbox: Sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    configs = parse_config(tomllib.loads(sandbox.providers_toml()))
    secrets = EnvSecretSource(sandbox.secret_environment())
    invoices = asyncio.run(fetch_all(configs, secrets=secrets)).all_invoices()
    plan = plan_statement(invoices, start=PERIOD[0], end=PERIOD[1], seed=5)
    statement = tmp_path / "bank.csv"
    write_csv(plan, statement)
    paid = {key for line in plan.lines for key in line.pays}
    gone = next(key for key in sorted(paid, key=str) if key.provider == "Content Ignite (sandbox)")
    del sandbox.dataset.content_ignite.details[int(gone.invoice_id)]
    config = tmp_path / "providers.toml"
    config.write_text(sandbox.providers_toml(), encoding="utf-8")
    out = tmp_path / "report.xlsx"
    period = ["--from", PERIOD[0].isoformat(), "--to", PERIOD[1].isoformat()]
    code = main(
        ["reconcile", "--config", str(config), "--statement", str(statement),
         "--out", str(out), *period, "--currency", "GBP"]
    )  # fmt: skip
    assert code == 0
    reason = (
        f"GET /v1/billing/invoice/{gone.invoice_id}: HTTP 404 Not Found: Invoice "
        f"{gone.invoice_id} not found; it was listed, so it was probably deleted since"
    )
    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    problem = f"Content Ignite (sandbox): invoice {gone.invoice_id}: {reason}"
    assert warnings == [f"desktop-app: warning: invoice left out: {problem}"]
    report = read_report(out)
    rows = report.sheet("Summary").iter_rows()
    left_out = next(row for row in rows if row[0].value == "Invoices left out")  # the count
    assert left_out[1].value == 1
    assert left_out[0].font.bold
    assert cell_values(
        report.summary_block("Invoices a provider returned that could not be used"), 4
    ) == [
        ("Provider", "Invoice ID", "Invoice Number", "Problem"),
        ("Content Ignite (sandbox)", gone.invoice_id, None, reason),
    ]
    reconciled = {str(row["Invoice ID"].value) for row in report.records("Invoices")}
    assert gone.invoice_id not in reconciled


def _reconcile_paid_statement(
    sandbox: Sandbox, tmp_path: Path, provider: str
) -> tuple[Path, Path, str, set[tuple[str, str]]]:
    """A statement paying the sandbox's invoices of the period, the providers.toml, the id
    of an invoice of ``provider`` dated in the period that it pays, and every invoice
    dated in the period (provider, id)."""
    configs = parse_config(tomllib.loads(sandbox.providers_toml()))
    secrets = EnvSecretSource(sandbox.secret_environment())
    invoices = asyncio.run(fetch_all(configs, secrets=secrets)).all_invoices()
    plan = plan_statement(invoices, start=PERIOD[0], end=PERIOD[1], seed=5)
    statement = tmp_path / "bank.csv"
    write_csv(plan, statement)
    paid = {key for line in plan.lines for key in line.pays}
    dated = {
        (invoice.provider, invoice.invoice_id)
        for invoice in invoices
        if invoice.issue_date is not None and PERIOD[0] <= invoice.issue_date <= PERIOD[1]
    }
    chosen = next(
        key
        for key in sorted(paid, key=str)
        if key.provider == provider and (key.provider, key.invoice_id) in dated
    )
    config = tmp_path / "providers.toml"
    config.write_text(sandbox.providers_toml(), encoding="utf-8")
    return statement, config, chosen.invoice_id, dated


def _run(statement: Path, config: Path, out: Path) -> int:
    period = ["--from", PERIOD[0].isoformat(), "--to", PERIOD[1].isoformat()]
    return main(
        ["reconcile", "--config", str(config), "--statement", str(statement),
         "--out", str(out), *period, "--currency", "GBP"]
    )  # fmt: skip


def test_a_detail_the_server_never_answers_in_json_leaves_out_that_invoice_alone(
    sandbox: Sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Content Ignite detail answered with a body that is not JSON, on every attempt:
    the provider failed with all its invoices, and ``reconcile`` wrote no report (tester
    p, finding 1). Its address, which had just answered, is not blamed (finding 2)."""
    provider = "Content Ignite (sandbox)"
    statement, config, broken, dated = _reconcile_paid_statement(sandbox, tmp_path, provider)
    sandbox.faults.inject(
        "content_ignite", "malformed_json", path_contains=f"/invoice/{broken}", times=10
    )
    out = tmp_path / "report.xlsx"
    assert _run(statement, config, out) == 0
    err = capsys.readouterr().err
    warnings = [line for line in err.splitlines() if "warning" in line]
    (warning,) = warnings
    said = (
        f"desktop-app: warning: invoice left out: Content Ignite (sandbox): invoice {broken}: "
        f"GET /v1/billing/invoice/{broken}: HTTP 200 but the body is not valid JSON ("
    )
    assert warning.startswith(said), warning
    assert warning.endswith(
        ") after 5 attempts (Content Ignite (sandbox)'s server failed on this request: it "
        "answered earlier in this fetch, so the address is right)"
    )
    assert "base_url" not in err
    report = read_report(out)
    left_out = next(
        row for row in report.sheet("Summary").iter_rows() if row[0].value == "Invoices left out"
    )
    assert left_out[1].value == 1
    header, row = cell_values(
        report.summary_block("Invoices a provider returned that could not be used"), 4
    )
    assert header == ("Provider", "Invoice ID", "Invoice Number", "Problem")
    assert row[:3] == ("Content Ignite (sandbox)", broken, None)
    assert warning.endswith(str(row[3]))
    kept = {
        (row["Provider"].value, str(row["Invoice ID"].value)) for row in report.records("Invoices")
    }
    others = {key for key in dated if key[0] == provider} - {(provider, broken)}
    assert others
    assert others <= kept  # the provider's other invoices, fetched, are kept
    assert (provider, broken) not in kept
