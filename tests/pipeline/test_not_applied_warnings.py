"""``DecisionsNotApplied.warnings``: what ``reconcile`` writes on stderr about decisions in
force the run did not apply, the count of those the Audit sheet does not list included.

The only test of those warnings through ``reconcile`` keeps the lines that start "decision
not applied", so the count's line ("2 more decisions not applied …") was tested by none
(review 34, item 4). Pure: the record alone, no run.
"""

from __future__ import annotations

from desktop_app.pipeline.audit import DecisionsNotApplied

NOT_LISTED = (
    "no invoice or statement line of this report (another period's), "
    "so the Audit sheet does not list"
)


def test_the_decisions_listed_are_warned_each_then_how_many_more_the_audit_does_not_list() -> None:
    warnings = DecisionsNotApplied(("x",), 2).warnings()

    assert warnings == (
        "decision not applied: x",
        f"2 more decisions not applied name {NOT_LISTED} them",
    )


def test_with_none_listed_the_count_says_no_more() -> None:
    assert DecisionsNotApplied((), 1).warnings() == (
        f"1 decision not applied names {NOT_LISTED} it",
    )


def test_a_count_in_thousands_is_grouped() -> None:
    (said,) = DecisionsNotApplied((), 1234).warnings()

    assert said == f"1,234 decisions not applied name {NOT_LISTED} them"


def test_with_all_listed_there_is_no_count() -> None:
    assert DecisionsNotApplied(("x", "y"), 0).warnings() == (
        "decision not applied: x",
        "decision not applied: y",
    )
