"""The "could also be" note names what the rival changes, in the accountant's terms.

A rival shares a line or an invoice with the pairing offered. Other invoices for the same
lines are named by provider and number; other lines for the same invoice (another split of
it) by file and row, since naming the invoice itself would tell the accountant nothing;
a rival differing in both is named by both.
"""

from __future__ import annotations

from datetime import date

from desktop_app.domain import Invoice, StatementLine
from desktop_app.matching import MatchSettings, reconcile
from desktop_app.matching.context import RunContext
from desktop_app.matching.explain import runner_up_text
from desktop_app.matching.prepare import prepare_invoices, prepare_lines
from desktop_app.matching.scoring import Scorer
from tests.matching.builders import invoice, line

X = invoice("EL-2025-00017", "120.00")
Y = invoice("EL-2025-00018", "80.50")
OTHER = invoice("NB-2025-00301", "50.00", provider="Northbank")


def context(invoices: list[Invoice], lines: list[StatementLine]) -> RunContext:
    settings = MatchSettings()
    return RunContext(
        prepare_invoices(invoices, settings),
        prepare_lines(lines, settings),
        settings,
        Scorer(settings),
        payee_names=[],
    )


def note(
    ctx: RunContext, chosen: tuple[list[int], list[int]], rival: tuple[list[int], list[int]]
) -> str:
    """The note for a chosen (lines, invoices) and a rival, both as indices into ctx."""
    chosen_h, rival_h = (
        ctx.scorer.group([ctx.lines[i] for i in ls], [ctx.invoices[i] for i in invs], "test")
        for ls, invs in (chosen, rival)
    )
    return runner_up_text(ctx, chosen_h, rival_h)


def test_two_splits_of_one_invoice_name_the_other_lines_not_the_invoice() -> None:
    lines = [
        line("70.00", "PART PAYMENT EL-2025-00017", row=2),
        line("50.00", "ACME TRADING", row=3, day=date(2025, 3, 12)),
        line("50.00", "ACME TRADING", row=4, day=date(2025, 3, 20)),
    ]
    result = reconcile([X], lines)
    assert len(result.matches) == 2
    for match in result.matches:
        rows = {ln.row for ln in match.lines}
        other = ({3, 4} - rows).pop()
        assert match.runner_up is not None
        assert match.runner_up.startswith("could also be paid by bank.csv row 2 (2025-03-04")
        assert f"bank.csv row {other} (" in match.runner_up
        assert "EL-2025-00017" not in match.runner_up


LINES = [
    line("70.00", "ACME TRADING", row=2),
    line("50.00", "ACME TRADING", row=3, day=date(2025, 3, 12)),
    line("50.00", "ACME TRADING", row=4, day=date(2025, 3, 20)),
]
ROW_2 = "bank.csv row 2 (2025-03-04, £70.00)"
ROW_3 = "bank.csv row 3 (2025-03-12, £50.00)"
ROW_4 = "bank.csv row 4 (2025-03-20, £50.00)"


def test_another_invoice_for_the_same_line_is_named_by_provider_and_number() -> None:
    ctx = context([X, Y, OTHER], LINES)
    assert note(ctx, ([0], [0]), ([0], [1])).startswith("could also be Elevate EL-2025-00018 (")
    together = note(ctx, ([0], [0]), ([0], [1, 2]))
    assert together.startswith("could also be Elevate EL-2025-00018, Northbank NB-2025-00301 (")


def test_other_lines_for_the_same_invoice_are_named_by_file_and_row() -> None:
    ctx = context([X, Y, OTHER], LINES)
    assert note(ctx, ([0, 1], [0]), ([0, 2], [0])).startswith(
        f"could also be paid by {ROW_2}, {ROW_4} ("
    )
    assert note(ctx, ([0], [0]), ([1], [0])).startswith(f"could also be paid by {ROW_3} (")


def test_a_rival_with_other_invoices_and_other_lines_names_both() -> None:
    ctx = context([X, Y, OTHER], LINES)
    text = note(ctx, ([0], [0]), ([0, 1], [0, 1]))
    assert text.startswith(
        f"could also be Elevate EL-2025-00017, EL-2025-00018 paid by {ROW_2}, {ROW_3} (score "
    )
    text = note(ctx, ([0, 1], [0]), ([0], [0, 1]))
    assert text.startswith(f"could also be Elevate EL-2025-00017, EL-2025-00018 paid by {ROW_2} (")


def test_the_rivals_score_is_said_as_the_window_says_scores() -> None:
    """Whole percent, rounded down: a rival scoring 0.497 read "(score 0.50)", as if it
    met a threshold of 0.50 (the window says 49%, and so does the note)."""
    ctx = context([X, Y, OTHER], LINES)
    chosen, rival = (ctx.scorer.group([ctx.lines[0]], [ctx.invoices[i]], "test") for i in (0, 1))
    chosen.score, rival.score = 0.9, 0.497
    assert runner_up_text(ctx, chosen, rival) == "could also be Elevate EL-2025-00018 (score 49%)"
    rival.score = 0.5
    assert runner_up_text(ctx, chosen, rival).endswith("(score 50%)")


def test_a_rival_scoring_above_the_pairing_shown_says_so() -> None:
    """The demo's remittance showed a suggestion of 81% with "Runner-up: ... (score 83%)",
    which read as the engine's mistake: the note now says the rival scores above it."""
    ctx = context([X, Y, OTHER], LINES)
    chosen, rival = (ctx.scorer.group([ctx.lines[0]], [ctx.invoices[i]], "test") for i in (0, 1))
    chosen.score, rival.score = 0.81, 0.83
    assert runner_up_text(ctx, chosen, rival) == (
        "could also be Elevate EL-2025-00018 (score 83%, above this pairing's)"
    )
    chosen.score, rival.score = 0.812, 0.815  # both shown 81%: level, as the window says
    assert runner_up_text(ctx, chosen, rival) == "could also be Elevate EL-2025-00018 (score 81%)"
    chosen.score, rival.score = 0.83, 0.83  # level: no more said than the score
    assert runner_up_text(ctx, chosen, rival) == "could also be Elevate EL-2025-00018 (score 83%)"
