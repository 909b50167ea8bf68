"""Accepting one part of an invoice paid in two never un-pays the other part.

The engine matches £100.00 to two lines quoting it, £60.00 and £40.00 (a payment in two
parts). The accountant accepts (or matches by hand) the £60.00 alone: their pairing
stands, and the £40.00 still pays the rest, so the invoice is paid and neither line is
a discrepancy (``matching/rest.py``). It was an UNMATCHED_PAYMENT beside a "£40.00 short".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import pytest

from desktop_app.domain import (
    Decision,
    DecisionKind,
    DiscrepancyType,
    Invoice,
    MatchState,
    Money,
    StatementLine,
)
from desktop_app.domain.progress import no_progress
from desktop_app.matching import MatchSettings, reconcile
from desktop_app.matching.candidates import CandidateSearch
from desktop_app.matching.decisions import Rejections
from desktop_app.matching.prepare import prepare_invoices, prepare_lines
from desktop_app.matching.rest import find_rests
from desktop_app.matching.scoring import Scorer
from tests.matching.builders import invoice, kinds, line

INVOICE = invoice("EL-2025-00017", "100.00")
PART = line("60.00", "EL-2025-00017 PART 1", row=2)
REST = line("40.00", "EL-2025-00017 PART 2", row=3, day=date(2025, 3, 5))


def decide(
    kind: DecisionKind, invoices: Sequence[Invoice], lines: Sequence[StatementLine]
) -> Decision:
    return Decision(kind, tuple(i.key for i in invoices), tuple(ln.key for ln in lines))


def settlements(lines: Sequence[StatementLine], decisions: Sequence[Decision]) -> list[str]:
    result = reconcile([INVOICE], lines, decisions=decisions)
    return [f"{m.state.value} {[ln.row for ln in m.lines]}" for m in result.matches]


def test_guard_the_engine_matches_the_two_parts_together() -> None:
    assert settlements([PART, REST], []) == ["auto [2, 3]"]


@pytest.mark.parametrize(
    ("kind", "state", "said"),
    [
        (DecisionKind.ACCEPT, MatchState.ACCEPTED, "accepted"),
        (DecisionKind.MANUAL_MATCH, MatchState.MANUAL, "matched by hand"),
    ],
)
def test_the_accountants_part_stands_and_the_other_line_pays_the_rest(
    kind: DecisionKind, state: MatchState, said: str
) -> None:
    result = reconcile([INVOICE], [PART, REST], decisions=[decide(kind, [INVOICE], [PART])])
    decided, rest = result.matches
    assert (decided.state, decided.lines) == (state, (PART,))
    assert (rest.state, rest.lines, rest.invoices) == (MatchState.AUTO, (REST,), (INVOICE,))
    assert rest.explanation.startswith(
        f"the rest of EL-2025-00017 after bank.csv row 2 (2025-03-04, £60.00), {said}; "
        "reference EL-2025-00017 in text; pays the £40.00 left of £100.00; "
    )
    # the window's Difference of the rest: what it paid less what was left, nothing
    assert rest.compared_with == Money("40.00", "GBP")
    assert rest.paid_total() - rest.compared_total() == Money("0.00", "GBP")
    assert result.discrepancies == ()  # the invoice is paid; nobody is short


def test_a_rest_short_by_a_fee_is_reported_once_on_the_rest() -> None:
    """£39.50 of the £40.00 left: one row, about the rest, not a '£40.50 short' on the
    accepted part as well (a payment counted on one row)."""
    short = line("39.50", "EL-2025-00017 PART 2", row=3, day=date(2025, 3, 5))
    accepted = decide(DecisionKind.ACCEPT, [INVOICE], [PART])
    result = reconcile([INVOICE], [PART, short], decisions=[accepted])
    assert [m.state.value for m in result.matches] == ["accepted", "auto"]
    (mismatch,) = result.discrepancies
    assert mismatch.type is DiscrepancyType.AMOUNT_MISMATCH
    assert mismatch.lines == (short,)
    assert mismatch.explanation.startswith(
        "EL-2025-00017: paid £39.50 of the £40.00 left of £100.00, £0.50 short (within tolerance"
    )
    assert mismatch.difference == Money("-0.50", "GBP")


def test_the_rest_paid_from_a_later_statement_completes_an_earlier_accept() -> None:
    """Accepted when the part was all the statements held ('£40.00 short' then); the
    next statement's £40.00 pays the rest at the next run."""
    accepted = decide(DecisionKind.ACCEPT, [INVOICE], [PART])
    alone = reconcile([INVOICE], [PART], decisions=[accepted])
    assert kinds(alone) == ["AMOUNT_MISMATCH"]
    later = line("40.00", "EL-2025-00017", row=2, day=date(2025, 4, 2), source="april.csv")
    result = reconcile([INVOICE], [PART, later], decisions=[accepted])
    assert [(m.state.value, m.lines) for m in result.matches] == [
        ("auto", (later,)),
        ("accepted", (PART,)),
    ]
    assert result.discrepancies == ()


def test_a_rejected_rest_is_not_proposed() -> None:
    """The accountant said the £40.00 is not this invoice's payment: it stays open, and
    the accepted part is short, as before."""
    decisions = [
        decide(DecisionKind.ACCEPT, [INVOICE], [PART]),
        decide(DecisionKind.REJECT, [INVOICE], [REST]),
    ]
    result = reconcile([INVOICE], [PART, REST], decisions=decisions)
    assert [m.state.value for m in result.matches] == ["accepted"]
    assert sorted(kinds(result)) == ["AMOUNT_MISMATCH", "UNMATCHED_PAYMENT"]


AGAIN = line("40.00", "EL-2025-00017 PART 2", row=4, day=date(2025, 3, 5))


def test_two_lines_that_could_each_be_the_rest_are_offered_for_review() -> None:
    """Which £40.00 is the rest? Neither is guessed: each is offered, naming the other
    (nothing was offered before, leaving both unmatched with nothing said of either),
    and the part stays short until the accountant chooses."""
    accepted = decide(DecisionKind.ACCEPT, [INVOICE], [PART])
    result = reconcile([INVOICE], [PART, REST, AGAIN], decisions=[accepted])
    assert [f"{m.state.value} {[ln.row for ln in m.lines]}" for m in result.matches] == [
        "accepted [2]",
        "suggested [3]",
        "suggested [4]",
    ]
    _, first, second = result.matches
    for offered, other in ((first, AGAIN), (second, REST)):
        assert offered.explanation.startswith(
            "could be the rest of EL-2025-00017 after bank.csv row 2 (2025-03-04, £60.00), "
            f"accepted; so could bank.csv row {other.row} (2025-03-05, £40.00); "
            "reference EL-2025-00017 in text; pays the £40.00 left of £100.00; "
        )
        assert offered.runner_up is not None
        assert offered.runner_up.startswith(
            f"could also be paid by bank.csv row {other.row} (2025-03-05, £40.00) (score "
        )
        assert offered.completes == (PART.key,)  # accepting it pairs both (ui/review)
        assert offered.compared_with == Money("40.00", "GBP")
    awaiting = "matched to no invoice yet: a possible match (EL-2025-00017) awaits review"
    assert [(d.type.value, d.explanation) for d in result.discrepancies] == [
        ("UNMATCHED_PAYMENT", awaiting),
        ("UNMATCHED_PAYMENT", awaiting),
        (
            "AMOUNT_MISMATCH",
            "EL-2025-00017: paid £60.00 of £100.00, £40.00 short; accepted by an unnamed user",
        ),
    ]


def test_three_lines_that_could_each_be_the_rest_name_the_other_two() -> None:
    third = line("40.00", "EL-2025-00017", row=5, day=date(2025, 3, 6))
    manual = decide(DecisionKind.MANUAL_MATCH, [INVOICE], [PART])
    result = reconcile([INVOICE], [PART, REST, AGAIN, third], decisions=[manual])
    offered = [m for m in result.matches if m.state is MatchState.SUGGESTED]
    assert [m.lines for m in offered] == [(REST,), (AGAIN,), (third,)]
    assert offered[2].explanation.startswith(
        "could be the rest of EL-2025-00017 after bank.csv row 2 (2025-03-04, £60.00), "
        "matched by hand; so could bank.csv row 3 (2025-03-05, £40.00) and bank.csv row 4 "
        "(2025-03-05, £40.00); "
    )


def test_guard_one_of_two_rests_rejected_leaves_the_other_the_rest() -> None:
    """The accountant's no to one offer settles which is the rest."""
    decisions = [
        decide(DecisionKind.ACCEPT, [INVOICE], [PART]),
        decide(DecisionKind.REJECT, [INVOICE], [AGAIN]),
    ]
    assert settlements([PART, REST, AGAIN], decisions) == ["accepted [2]", "auto [3]"]


def test_guard_a_line_paying_more_than_what_is_left_is_no_rest() -> None:
    """The gross again after the accountant's part: not the rest (nor a repeat: the
    invoice was not paid once), left open as before."""
    gross = line("100.00", "EL-2025-00017", row=3, day=date(2025, 3, 5))
    accepted = decide(DecisionKind.ACCEPT, [INVOICE], [PART])
    assert settlements([PART, gross], [accepted]) == ["accepted [2]"]


def test_guard_a_rest_with_nothing_naming_the_invoice_is_not_matched_without_asking() -> None:
    """The amount left alone is no evidence: a £40.00 card payment is not the rest."""
    card = line("40.00", "CARD 1234 COFFEE", row=3, day=date(2025, 3, 5))
    accepted = decide(DecisionKind.ACCEPT, [INVOICE], [PART])
    assert settlements([PART, card], [accepted]) == ["accepted [2]"]


def test_guard_a_part_settling_the_invoice_within_tolerance_leaves_no_rest() -> None:
    """£99.50 accepted pays £100.00 (a fee): a £0.50 quoting it is no rest."""
    nearly = line("99.50", "EL-2025-00017", row=2)
    crumb = line("0.50", "EL-2025-00017", row=3, day=date(2025, 3, 5))
    accepted = decide(DecisionKind.ACCEPT, [INVOICE], [nearly])
    assert settlements([nearly, crumb], [accepted]) == ["accepted [2]"]


def test_the_rest_names_the_lines_of_the_part_it_completes() -> None:
    """What the window's Accept reads (``ui/review.accept``): the rest knows which of the
    accountant's lines it completes, so accepting it pairs the invoice with both."""
    accepted = decide(DecisionKind.ACCEPT, [INVOICE], [PART])
    decided, rest = reconcile([INVOICE], [PART, REST], decisions=[accepted]).matches
    assert rest.completes == (PART.key,)
    assert decided.completes == ()
    engine = reconcile([INVOICE], [PART, REST]).matches
    assert [m.completes for m in engine] == [()]


def test_guard_the_rest_accepted_with_the_part_stands_without_the_rest_search() -> None:
    """The window records the rest accepted as one pairing of the invoice with both
    lines (replacing the part's, as the workspace's rules say): it stands as the
    accountant's, paid in full, where the rest search would find no rest (a line no
    longer quoting the invoice, or a second line that could be the rest)."""
    unquoted = line("40.00", "BANK TRANSFER", row=3, day=date(2025, 3, 5))
    again = line("40.00", "EL-2025-00017 PART 2", row=4, day=date(2025, 3, 5))
    for lines, left in (([PART, unquoted], []), ([PART, REST, again], ["UNMATCHED_PAYMENT"])):
        both = decide(DecisionKind.ACCEPT, [INVOICE], lines[:2])
        result = reconcile([INVOICE], lines, decisions=[both])
        (paid,) = result.matches
        assert (paid.state, paid.lines) == (MatchState.ACCEPTED, tuple(lines[:2]))
        assert paid.explanation.startswith("accepted; paid in 2 parts; ")
        assert kinds(result) == left  # the invoice is paid; the second £40.00 pays nothing


def test_guard_a_rejected_rest_naming_the_payee_is_not_proposed() -> None:
    """As ``test_a_rejected_rest_is_not_proposed``, with the rest naming the invoice's
    payee too, so the search weighs it and it is the rejection that keeps it out (the
    test above drops its line before the rejection is asked)."""
    named = line(
        "40.00",
        "EL-2025-00017 PART 2",
        row=3,
        day=date(2025, 3, 5),
        counterparty="Acme Trading Ltd",
    )
    decisions = [
        decide(DecisionKind.ACCEPT, [INVOICE], [PART]),
        decide(DecisionKind.REJECT, [INVOICE], [named]),
    ]
    assert settlements([PART, named], decisions) == ["accepted [2]"]


def test_guard_a_line_that_could_be_the_rest_of_two_invoices_is_neither() -> None:
    """One £40.00 quoting two invoices the accountant paid £60.00 of each: which one's
    rest it is, is the accountant's to say (nothing is offered: neither invoice's
    possible rests are all its own)."""
    other = invoice("EL-2025-00018", "100.00")
    other_part = line("60.00", "EL-2025-00018 PART 1", row=4)
    both = line("40.00", "EL-2025-00017 EL-2025-00018", row=3, day=date(2025, 3, 5))
    decisions = [
        decide(DecisionKind.ACCEPT, [INVOICE], [PART]),
        decide(DecisionKind.ACCEPT, [other], [other_part]),
    ]
    result = reconcile([INVOICE, other], [PART, other_part, both], decisions=decisions)
    assert sorted(m.state.value for m in result.matches) == ["accepted", "accepted"]


def test_guard_a_part_paid_in_another_currency_leaves_no_rest_to_look_for() -> None:
    """£100.00 with €60.00 accepted against it: what is left is in no one currency, so
    no £40.00 is taken for the rest."""
    euros = line("60.00", "EL-2025-00017 PART 1", row=2, currency="EUR")
    accepted = decide(DecisionKind.ACCEPT, [INVOICE], [euros])
    assert settlements([euros, REST], [accepted]) == ["accepted [2]"]


def test_the_lines_taken_are_gathered_only_where_an_invoice_is_paid_in_part() -> None:
    """Which lines the run's matches hold is worked out (a pass over every match) only
    where a pairing of the accountant's leaves part of an invoice to pay, which nearly no
    run has; it was gathered whenever the accountant had decided anything."""
    settings = MatchSettings()
    scorer = Scorer(settings)
    invoices = prepare_invoices([INVOICE], settings)
    lines = prepare_lines([PART, REST], settings)
    search = CandidateSearch(invoices, settings, scorer, unscored=frozenset({0}))
    search.run(lines, no_progress, None)  # reads the references the lines quote
    asked: list[frozenset[int]] = []

    def taken(held: frozenset[int]) -> Callable[[], frozenset[int]]:
        def gather() -> frozenset[int]:
            asked.append(held)
            return held

        return gather

    both = scorer.group(lines, invoices, "decided")  # pays it in full: no rest
    assert find_rests(invoices, lines, [both], taken(frozenset()), Rejections(), scorer) == []
    assert asked == []
    part = scorer.group(lines[:1], invoices, "decided")
    (rest,) = find_rests(invoices, lines, [part], taken(frozenset({0})), Rejections(), scorer)
    assert (rest.hypothesis.lines, rest.decided, asked) == ((1,), (0,), [frozenset({0})])
    assert find_rests(invoices, lines, [part], taken(frozenset({0, 1})), Rejections(), scorer) == []


def test_guard_no_rest_is_offered_where_a_possible_rest_could_be_another_invoices_too() -> None:
    """Two £40.00 that could each be EL-2025-00017's rest, one of them quoting another
    invoice the accountant paid £60.00 of as well: which invoice's rest each is, is not
    the engine's to offer piecemeal, so neither invoice is offered any."""
    other = invoice("EL-2025-00018", "100.00")
    other_part = line("60.00", "EL-2025-00018 PART 1", row=6)
    both = line("40.00", "EL-2025-00017 EL-2025-00018", row=4, day=date(2025, 3, 5))
    decisions = [
        decide(DecisionKind.ACCEPT, [INVOICE], [PART]),
        decide(DecisionKind.ACCEPT, [other], [other_part]),
    ]
    result = reconcile([INVOICE, other], [PART, REST, both, other_part], decisions=decisions)
    assert sorted(m.state.value for m in result.matches) == ["accepted", "accepted"]
