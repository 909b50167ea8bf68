"""The Matches sheet's Score reads as the window shows the match's score.

The window shows a score in whole percent, rounded down (``wording.score_percent``): a
score kept as 0.4999, which the engine found below the 0.5 threshold for matching
without asking, reads 49%. The report wrote 0.4999 under Excel's "0%" format, which
rounds to the nearest: 50%, as if it met the threshold. Read back cell by cell, every
Score shows what the window shows, and a match no run has scored (made by hand since)
has an empty Score, as the window's "—".
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from desktop_app.domain import Match, MatchState, Reconciliation
from desktop_app.export import write_report
from desktop_app.matching.outcome import stored_score
from desktop_app.ui import formatting as fmt
from tests.export.readback import read_report
from tests.export.scenario import CI, CONTEXT, D, invoice, line, match

SCORES = (0.49999999999999994, 0.64775, 0.29, 0.4999999, 0.999, 1.0, 0.5)


def _excel_shows(value: float | None, number_format: str) -> str:
    """What Excel shows of a number under the "0%" format: its percent rounded to the
    nearest, halves away from zero (and an empty cell as nothing)."""
    if value is None:
        return ""
    assert number_format == "0%"
    percent = Decimal(repr(value)) * 100
    return f"{percent.quantize(Decimal(1), rounding=ROUND_HALF_UP)}%"


def test_every_score_reads_in_the_workbook_as_in_the_window(tmp_path: Path) -> None:
    invoices, lines, matches = [], [], []
    for number, score in enumerate(SCORES, start=1):
        paid = invoice(CI, "content_ignite", f"CI-{number}", f"CI-{number}", "10.00", "GBP")
        paying = line("bank.csv", number + 1, "-10.00", "GBP", f"CI-{number}")
        found = match((paid,), (paying,), stored_score(score), MatchState.SUGGESTED)
        invoices.append(paid)
        lines.append(paying)
        matches.append(found)
    by_hand_invoice = invoice(CI, "content_ignite", "CI-99", "CI-99", "5.00", "GBP")
    by_hand_line = line("bank.csv", 99, "-5.00", "GBP", "CASH")
    # made in the window since the run: no signals, no score (``Match.scored``)
    by_hand = Match(
        (by_hand_invoice,), (by_hand_line,), 0.0, (), "matched by hand", MatchState.MANUAL
    )
    assert not by_hand.scored
    reconciliation = Reconciliation(
        (*invoices, by_hand_invoice),
        (*lines, by_hand_line),
        (*matches, by_hand),
        (),
        None,
        None,
        settings={"tolerance": {"amount": D("0.01")}},
    )
    out = write_report(reconciliation, tmp_path / "report.xlsx", context=CONTEXT)

    report = read_report(out)
    cells = [(row["Row"], row["Score"]) for row in report.records("Matches")]
    shown = {
        statement_row.value: _excel_shows(score.value, score.number_format)
        for statement_row, score in cells
    }
    expected = {m.lines[0].row: fmt.match_score(m) for m in matches}
    assert fmt.match_score(by_hand) == fmt.NO_SCORE  # the window's "—": an empty cell here
    expected[99] = ""
    assert shown == expected
    # the half that floating point makes 0.49999999999999994: 49%, as the window says
    assert shown[2] == "49%"
    # each cell holds the whole percent itself, never above the score kept
    for statement_row, score in cells:
        if score.value is not None:
            kept = next(m.score for m in matches if m.lines[0].row == statement_row.value)
            assert score.value == math.floor(Decimal(repr(kept)) * 100) / 100
            assert score.value <= kept
