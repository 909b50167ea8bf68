"""The Matches sheet's amount columns add up: each invoice's and each line's amount stands
on one row of the sheet, however many matches hold it, and the other rows say where.

The explorer's report summed Statement Amount to £12,482.76 where its lines came to
£9,379.05: two suggestions competing for each of two lines, and an invoice paid twice,
repeated their amounts on every match, while the Summary's note said column sums count
nothing twice."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from desktop_app.domain import Match, MatchState, Reconciliation
from desktop_app.export import ReportContext, write_report
from desktop_app.export.summary_sheet import NOTES
from tests.export.readback import Report, read_report
from tests.export.scenario import GENERATED_AT
from tests.matching.builders import invoice, line

CELLS = ("Match", "State", "Invoice Number", "Invoice Amount", "Row", "Statement Amount")
ELSEWHERE = "Counted Elsewhere"

RHO_78 = invoice("EL-178", "1321.88")
RHO_79 = invoice("EL-179", "1781.83")
PHI = invoice("EL-166", "451.67")
BATCH_A, BATCH_B = invoice("EL-170", "533.78"), invoice("EL-171", "1207.84")
LATE = invoice("EL-190", "300.00")

PART_1 = line("2000.00", "RHO part 1", row=4)
PART_2 = line("1103.71", "RHO part 2", row=5)
PHI_1, PHI_2 = line("451.67", "PHI", row=10), line("451.67", "PHI", row=11)
BATCH = line("1741.62", "PI GROUP", row=3)
LATE_LINE = line("300.00", "EL-190", row=12)


def _match(invoices: tuple, lines: tuple, state: MatchState) -> Match:
    return Match(invoices, lines, 0.8, (), "explained", state)


def _reconciliation() -> Reconciliation:
    suggested, auto, accepted = MatchState.SUGGESTED, MatchState.AUTO, MatchState.ACCEPTED
    matches = (
        _match((BATCH_A, BATCH_B), (BATCH,), auto),  # a batch: once per match, as before
        _match((RHO_78,), (PART_1,), suggested),  # two lines, each offered for two invoices
        _match((RHO_79,), (PART_1,), suggested),
        _match((RHO_78,), (PART_2,), suggested),
        _match((RHO_79,), (PART_2,), suggested),
        _match((PHI,), (PHI_1,), auto),  # one invoice paid twice
        _match((PHI,), (PHI_2,), auto),
        _match((LATE,), (LATE_LINE,), suggested),  # offered first, accepted later
        _match((LATE,), (LATE_LINE,), MatchState.REJECTED),  # not listed
        _match((LATE,), (LATE_LINE,), accepted),
    )
    invoices = (RHO_78, RHO_79, PHI, BATCH_A, BATCH_B, LATE)
    lines = (BATCH, PART_1, PART_2, PHI_1, PHI_2, LATE_LINE)
    return Reconciliation(invoices, lines, matches, ())


def _written(tmp_path: Path) -> Report:
    out = tmp_path / "report.xlsx"
    write_report(_reconciliation(), out, context=ReportContext(generated_at=GENERATED_AT))
    return read_report(out)


def test_each_amount_stands_on_one_row_and_the_others_say_where(tmp_path: Path) -> None:
    report = _written(tmp_path)
    records = report.records("Matches")
    assert [tuple(r[n].value for n in CELLS) for r in records] == [
        (1, "auto", "EL-170", 533.78, 3, 1741.62),
        (1, "auto", "EL-171", 1207.84, 3, None),
        (2, "suggested", "EL-178", 1321.88, 4, 2000.00),
        (3, "suggested", "EL-179", 1781.83, 4, None),
        (4, "suggested", "EL-178", None, 5, 1103.71),
        (5, "suggested", "EL-179", None, 5, None),
        (6, "auto", "EL-166", 451.67, 10, 451.67),
        (7, "auto", "EL-166", None, 11, 451.67),
        (8, "suggested", "EL-190", None, 12, None),  # the accepted match carries them
        (9, "accepted", "EL-190", 300.00, 12, 300.00),
    ]
    assert [r[ELSEWHERE].value for r in records] == [
        None,
        None,  # within one match, its first row carries the line, as before
        None,
        "Statement Amount £2,000.00 on match 2",
        "Invoice Amount £1,321.88 on match 2",
        "Invoice Amount £1,781.83 on match 3; Statement Amount £1,103.71 on match 4",
        None,
        "Invoice Amount £451.67 on match 6",
        "Invoice Amount £300.00 on match 9; Statement Amount £300.00 on match 9",
        None,
    ]
    assert report.headers("Matches")[-1] == ELSEWHERE  # added after every other column


def test_column_sums_count_every_invoice_and_line_once(tmp_path: Path) -> None:
    """What the Summary's note now promises, checked as an accountant would: the column
    sums, and the same filtered to the states that settle."""
    reconciliation = _reconciliation()
    records = _written(tmp_path).records("Matches")

    def total(column: str, states: set[str] | None = None) -> Decimal:
        return sum(
            (
                Decimal(str(r[column].value))
                for r in records
                if r[column].value is not None and (states is None or r["State"].value in states)
            ),
            Decimal(0),
        )

    listed = [m for m in reconciliation.matches if m.state is not MatchState.REJECTED]
    invoices = {i.key: i.gross.amount for m in listed for i in m.invoices}
    lines = {ln.key: ln.amount for m in listed for ln in m.lines}
    assert total("Invoice Amount") == sum(invoices.values())
    assert total("Statement Amount") == sum(lines.values())
    settling = {"auto", "accepted", "manual"}
    settled = [m for m in listed if m.state.reconciles]
    assert total("Invoice Amount", settling) == sum(
        {i.key: i.gross.amount for m in settled for i in m.invoices}.values()
    )
    assert total("Statement Amount", settling) == sum(
        {ln.key: ln.amount for m in settled for ln in m.lines}.values()
    )
    (note,) = [n for n in NOTES if n.startswith("Matches:")]
    assert "once per match" not in note
    assert ELSEWHERE in note
