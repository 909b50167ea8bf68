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
