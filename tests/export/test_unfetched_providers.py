"""The Summary names each provider whose invoices of the report's period were not fetched,
and why, so its payments' UNMATCHED_PAYMENT rows are not the only trace of them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from desktop_app.domain import FetchPeriod
from desktop_app.export import ProviderFetchStatus, write_report
from tests.export.readback import read_report
from tests.export.scenario import CONTEXT, RECONCILIATION

MARCH = FetchPeriod(date(2024, 3, 1), date(2024, 3, 31))
AT = datetime(2024, 4, 2, 9, 0)
FAILED = "its fetch of 1 Mar 2024 to 31 Mar 2024 failed on 2024-04-02 09:00: HTTP 401"


def _summary_rows(path: Path) -> list[list[object]]:
    return [[cell.value for cell in row] for row in read_report(path).sheet("Summary").iter_rows()]


def test_a_provider_not_fetched_for_the_period_is_counted_named_and_listed(tmp_path: Path) -> None:
    fetches = (
        ProviderFetchStatus("Content Ignite", MARCH, AT, True),
        ProviderFetchStatus("Elevate", None, None, False, FAILED),
        ProviderFetchStatus("Versori", FetchPeriod(), AT, True),
    )
    out = tmp_path / "report.xlsx"
    write_report(RECONCILIATION, out, context=replace(CONTEXT, fetches=fetches))
    report = read_report(out)
    rows = _summary_rows(out)
    [warned] = [row for row in rows if row[0] == "Providers not fetched for the period"]
    assert warned[1] == 1
    assert str(warned[2]).startswith("Elevate: its invoices of the period are not (all) in")
    block = report.summary_block("Invoices fetched by provider")
    values = [[cell.value for cell in row[:6]] for row in block]
    assert values[0] == [
        "Provider",
        "Fetched From",
        "Fetched To",
        "Fetched At",
        "For This Period",
        "Why Not",
    ]
    assert values[1] == [
        "Content Ignite",
        datetime(2024, 3, 1),
        datetime(2024, 3, 31),
        AT,
        "yes",
        None,
    ]
    assert values[2] == ["Elevate", None, None, None, "no", FAILED]
    assert values[3] == ["Versori", "all dates", "all dates", AT, "yes", None]


def test_every_provider_fetched_is_listed_without_a_warning(tmp_path: Path) -> None:
    fetches = (ProviderFetchStatus("Elevate", MARCH, AT, True),)
    out = tmp_path / "report.xlsx"
    write_report(RECONCILIATION, out, context=replace(CONTEXT, fetches=fetches))
    rows = _summary_rows(out)
    assert not [row for row in rows if row[0] == "Providers not fetched for the period"]
    titles = [row[0] for row in rows if row[0] == "Invoices fetched by provider"]
    assert titles == ["Invoices fetched by provider"]
