"""A count of one takes its noun in the singular, wherever a message counts things.

"Elevate: 1 invoices listed", "1 of 1 steps add up", "1 values have a first field
above 12": the progress lines, the command line's summary and the importer's evidence
said a count of one with a plural noun. They say it through ``wording.counted`` (or
``wording.plural`` where the count is said apart).
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.domain import Coverage, OutsidePeriod, StatementLine
from desktop_app.providers.base import Progress
from desktop_app.sandbox import Sandbox
from desktop_app.wording import counted, day_text, late_lines, plural

# A count of one before a plural noun: what none of the messages below may say.
ONE_AND_A_PLURAL = re.compile(
    r"\b1 (values|dates|lines|rows|steps|cells|columns|fields|transactions|movements|"
    r"invoices|matches|discrepancies|amounts|statement lines|dated amounts)\b"
)


def test_a_count_takes_its_noun_in_its_number() -> None:
    assert counted(1, "match", "matches") == "1 match"
    assert counted(2, "match", "matches") == "2 matches"
    assert counted(1, "discrepancy", "discrepancies") == "1 discrepancy"
    assert counted(0, "line") == "0 lines"
    assert counted(1_200, "line") == "1,200 lines"
    assert plural(1, "invoice") == "invoice"
    assert plural(3, "invoice") == "invoices"


def test_a_providers_progress_says_one_invoice() -> None:
    said: list[str] = []
    progress = Progress("Elevate", lambda done, total, message: said.append(message))
    progress.page(1, 1)
    progress.listed(1)
    progress.details(1, 1)
    progress.finished(1)
    assert said == [
        "Elevate: page 1, 1 invoice so far",
        "Elevate: 1 invoice listed, fetching details",
        "Elevate: 1 of 1 invoice",
        "Elevate: 1 invoice fetched",
    ]
    progress.listed(2)
    assert said[-1] == "Elevate: 2 invoices listed, fetching details"


def test_the_share_reconciled_of_one_invoice() -> None:
    assert Coverage(1, 1, 1.0).note("here") == "1 of 1 invoice that expects a payment"
    assert Coverage(2, 1, 0.5).note("here") == "1 of 2 invoices that expect a payment"


@pytest.mark.parametrize(
    "text",
    [
        # one day-first date, one decimal comma, a running balance of one step
        "Date;Text;Amount;Balance\n13.01.2024;Rent;-12,50;100,00\n14.01.2024;Pay;1,00;101,00\n",
        # one line only, with its currency written in a cell
        "Date,Text,Amount\n2024-01-13,Rent,£12.50\n",
    ],
    ids=["two-lines", "one-line"],
)
def test_a_statements_evidence_never_counts_one_in_the_plural(
    text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bank.csv"
    path.write_text(text, encoding="utf-8")
    assert main(["statement", str(path)]) == 0
    evidence = json.loads(capsys.readouterr().out)["layout"]["evidence"]
    said = [line for lines in evidence.values() for line in lines]
    assert said, "the layout says why"
    assert [line for line in said if ONE_AND_A_PLURAL.search(line)] == []


def test_the_single_step_and_the_single_value_are_said_in_the_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bank.csv"
    path.write_text(
        "Date;Text;Amount;Balance\n13.01.2024;Rent;-12,50;100,00\n14.01.2024;Pay;1,00;101,00\n",
        encoding="utf-8",
    )
    assert main(["statement", str(path)]) == 0
    evidence = json.loads(capsys.readouterr().out)["layout"]["evidence"]
    said = " | ".join(line for lines in evidence.values() for line in lines)
    assert "dates are day-first: 2 values have a first field above 12" in said
    assert "1 of 1 step adds up" in said


@pytest.mark.sandbox
def test_reconcile_says_one_statement_line_and_one_discrepancy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A payment in a period no provider issued an invoice in: one statement line, one
    discrepancy (its unmatched payment), no invoice and no match."""
    with Sandbox(seed=0) as sandbox:
        config = tmp_path / "providers.toml"
        config.write_text(sandbox.providers_toml(), encoding="utf-8")
        for name, value in sandbox.secret_environment().items():
            monkeypatch.setenv(name, value)
        statement = tmp_path / "bank.csv"
        statement.write_text("Date,Description,Amount\n2000-01-03,ACME,£12.50\n", "utf-8")
        out = tmp_path / "report.xlsx"
        code = main(
            ["reconcile", "--config", str(config), "--statement", str(statement),
             "--from", "2000-01-01", "--to", "2000-01-31", "--out", str(out)]
        )  # fmt: skip
    assert code == 0
    err = capsys.readouterr().err
    assert f"wrote {out} (0 invoices, 1 statement line, 0 matches, 1 discrepancy)" in err
    assert ONE_AND_A_PLURAL.search(err) is None


def test_the_note_on_lines_after_the_period_says_one_line_in_the_singular() -> None:
    """The window's banner on lines dated after the period fetched (``late_lines``)."""
    line = StatementLine("nov.csv", 9, date(2025, 11, 30), Decimal("9.99"), "GBP", "Pay")
    said = late_lines(OutsidePeriod((line,), 1), date(2025, 11, 27), day_text, "fetch again")
    assert said == (
        "1 statement line is dated after 27 Nov 2025, the end of the period fetched, and "
        "matched with its invoices all the same; 1 that pays none of them is unmatched, "
        "perhaps for want of an invoice not fetched: fetch again to reconcile it"
    )
    assert not ONE_AND_A_PLURAL.search(said)
