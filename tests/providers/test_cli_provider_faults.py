"""``desktop-app fetch`` through its entry point when a provider misbehaves (tester p).

Over real HTTP against the sandbox, with the command's own retry policy: a server failure
on one of Content Ignite's detail calls, a ``Retry-After`` longer than the command waits,
a status no provider documents (kept, as unknown, and warned of), and the format of the
amounts it prints.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop_app.cli import main
from desktop_app.sandbox import Sandbox
from tests.providers.sandbox_setup import secret_values
from tests.providers.test_cli_fetch import toml_for, write

pytestmark = [pytest.mark.sandbox, pytest.mark.usefixtures("tokens_in_env")]


@pytest.fixture
def tokens_in_env(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in secret_values(sandbox).items():
        monkeypatch.setenv(name, value)


def fetch(config: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any], str]:
    code = main(["fetch", "--config", config])
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


def test_one_server_failure_on_a_detail_is_retried_and_costs_nothing(
    sandbox: Sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One HTTP 500 on one of 18 detail calls failed Content Ignite at once: none of its
    invoices was printed, and the run failed (finding 1)."""
    target = sandbox.dataset.content_ignite.invoices[3]["id"]
    sandbox.faults.inject("content_ignite", "500", path_contains=f"/invoice/{target}")
    code, output, err = fetch(write(tmp_path, toml_for(sandbox)), capsys)
    assert (code, output["failures"], output["problems"]) == (0, [], [])
    assert re.fullmatch(
        r"desktop-app: still waiting for Content Ignite: HTTP 500 Internal Server Error; trying "
        r"again in [0-9.]+ s \(attempt 2 of 5\) …\n",
        err,
    ), err
    ci = {i["invoice_id"] for i in output["invoices"] if i["provider"] == "Content Ignite"}
    assert len(ci) == len(sandbox.dataset.content_ignite.invoices)
    assert str(target) in ci
    assert sandbox.stats.count("content_ignite", f"/invoice/{target}") == 2


def test_a_retry_after_too_long_names_the_config_file_given(
    sandbox: Sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Set max_retry_after = 120 in this provider's providers.toml entry" named no file
    (finding 4): the nightly job's is the one given to --config."""
    sandbox.faults.inject("elevate", "429", path_contains="/invoices", retry_after=120)
    config = write(tmp_path, toml_for(sandbox))
    code, output, err = fetch(config, capsys)
    assert code == 1
    (failure,) = output["failures"]
    assert failure["provider"] == "Elevate"
    assert failure["reason"].endswith(
        "(try again in 2 minutes; or, to have it waited out, set max_retry_after = 120 in "
        f"this provider's entry in {Path(config).absolute()})"
    )
    assert err == f"desktop-app: provider Elevate: {failure['reason']}\n"


def test_an_undocumented_status_keeps_its_invoice_as_unknown_and_is_warned_of_by_name(
    sandbox: Sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``Elevate paymentStatus 'SOMETHING_NEW' is not known; treated as unknown`` went to
    stderr through Python's last-resort handler: no ``desktop-app:`` prefix, neither the
    provider nor the invoice named (finding 6). Then each such invoice was made a problem
    and left out of the output, its payment to be unexplained: research 4.3 maps any
    other word to UNKNOWN, and nothing fetched is lost. It is printed, UNKNOWN with its
    word, flagged, and warned of; the run exits 0 for it, as a warning is no failure."""
    closed = [row for row in sandbox.dataset.elevate.invoices if row["billRunStatus"] != "OPEN"]
    odd_elevate, silent = closed[40], closed[41]
    sandbox.set_status("elevate", odd_elevate["id"], "SOMETHING_NEW")
    sandbox.set_status("elevate", silent["id"], None)  # no paymentStatus at all
    odd_ci = sandbox.dataset.content_ignite.invoices[2]["id"]
    sandbox.set_status("content_ignite", odd_ci, "REISSUED")
    code, output, err = fetch(write(tmp_path, toml_for(sandbox)), capsys)
    assert (code, output["failures"], output["problems"]) == (0, [], [])
    printed = {(i["provider"], i["invoice_id"]): i for i in output["invoices"]}
    for key, word in (
        (("Content Ignite", str(odd_ci)), "REISSUED"),
        (("Elevate", str(odd_elevate["id"])), "SOMETHING_NEW"),
        (("Elevate", str(silent["id"])), ""),
    ):
        invoice = printed[key]
        assert (invoice["status"], invoice["status_raw"]) == ("unknown", word), key
        assert "undocumented_status" in invoice["flags"], key
    treated = (
        "its status is unknown, so it is reconciled as still owed (a payment of its amount "
        "is matched to it; with none it is listed as UNPAID_INVOICE): check its status at "
        "the provider"
    )
    warning = "desktop-app: warning: status not documented:"
    ci_said = f"Content Ignite: invoice {odd_ci}: status 'REISSUED' is not one Content Ignite"
    elevate_said = (
        f"Elevate: invoice {odd_elevate['id']} ({odd_elevate['invoiceNumber']}): "
        "paymentStatus 'SOMETHING_NEW' is not one Elevate documents"
    )
    silent_said = f"Elevate: invoice {silent['id']} ({silent['invoiceNumber']})"
    assert err.splitlines() == [
        f"{warning} {ci_said} is known to use; {treated}",
        f"{warning} {elevate_said}; {treated}",
        f"{warning} {silent_said}: it has no paymentStatus; {treated}",
    ]
    # The others are as they were: only the words no provider documents are flagged.
    flagged = [i for i in output["invoices"] if "undocumented_status" in i["flags"]]
    assert len(flagged) == 3
    for secret in secret_values(sandbox).values():
        assert secret not in err


# Every money field of an invoice and of its line items and settlement.
_INVOICE_AMOUNTS = ("gross", "net", "tax", "amount_outstanding")
_LINE_AMOUNTS = ("amount", "unit_amount", "tax")
_TWO_DECIMALS_AT_LEAST = re.compile(r"-?\d+\.\d{2,}")


def amounts(invoice: dict[str, Any]) -> list[str]:
    said = [invoice[key] for key in _INVOICE_AMOUNTS]
    said += [line[key] for line in invoice["line_items"] for key in _LINE_AMOUNTS]
    if invoice["settlement"]:
        said.append(invoice["settlement"]["amount"])
    return [amount for amount in said if amount is not None]


def test_amounts_are_written_to_their_currencys_minor_units(
    sandbox: Sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Copied from the provider's JSON number text, GBP read "0" (a void Content Ignite
    invoice's outstanding), "120.0" and "100" beside "0.00" (finding 7)."""
    ci = sandbox.dataset.content_ignite
    void = next(row["id"] for row in ci.invoices if row["status"] == "VOID")
    detail = ci.details[void]
    detail["base_amount"], detail["base_sub_amount"], detail["tax"] = (
        Decimal("120.0"),
        Decimal("100.0"),
        20,
    )
    detail["items"] = [{**detail["items"][0], "amount": Decimal("100.0"), "quantity": 8000}]
    elevate = sandbox.dataset.elevate.invoices[10]
    elevate["invoiceTotalAmount"], elevate["invoiceTaxAmount"] = Decimal("-500.1"), Decimal("0")
    code, output, _ = fetch(write(tmp_path, toml_for(sandbox)), capsys)
    assert (code, output["problems"], output["failures"]) == (0, [], [])
    by_key = {(i["provider"], i["invoice_id"]): i for i in output["invoices"]}
    edited = by_key[("Content Ignite", str(void))]
    assert [edited[key] for key in _INVOICE_AMOUNTS] == ["120.00", "100.00", "20.00", "0.00"]
    (line,) = edited["line_items"]
    assert (line["amount"], line["unit_amount"]) == ("100.00", "0.0125")  # finer: kept whole
    credit = by_key[("Elevate", str(elevate["id"]))]
    assert (credit["gross"], credit["tax"], credit["net"]) == ("-500.10", "0.00", "-500.10")
    odd = [
        (key, amount)
        for key, invoice in by_key.items()
        for amount in amounts(invoice)
        if not _TWO_DECIMALS_AT_LEAST.fullmatch(amount)
    ]
    assert odd == []  # every provider's, in GBP or EUR: two decimals at least
