"""The invoice cache: exact round trips, re-fetch updates, and flags for changed invoices."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.domain import DecisionKind, Invoice, InvoiceProblem, InvoiceStatus, Money
from desktop_app.workspace import ReviewCause, Workspace, WorkspaceCorruptError
from tests.workspace.factories import PROVIDER, decision, full_invoice, ikey, simple_invoice


def test_every_invoice_field_round_trips_through_a_reopened_file(
    workspace: Workspace, workspace_path: Path
) -> None:
    invoice = full_invoice()
    minimal = simple_invoice("INV-2")
    workspace.save_invoices(PROVIDER, [invoice, minimal])
    workspace.close()
    with Workspace.open(workspace_path) as reopened:
        loaded = reopened.load_invoices()
    assert loaded == (invoice, minimal)
    restored = loaded[0]
    # raw and line items' raw are compare=False in the domain: check them explicitly.
    assert restored.raw == invoice.raw
    assert [item.raw for item in restored.line_items] == [i.raw for i in invoice.line_items]
    assert loaded[1].settlement is None
    assert loaded[1].line_items == ()


def test_money_is_exact_decimal_text_never_a_float(workspace: Workspace) -> None:
    invoice = full_invoice()
    workspace.save_invoices(PROVIDER, [invoice])
    restored = workspace.load_invoices()[0]
    assert str(restored.gross.amount) == "72502.07"
    assert restored.amount_outstanding == Money(Decimal("0.3"), "GBP")
    assert str(restored.amount_outstanding.amount) == "0.3"  # type: ignore[union-attr]
    assert str(restored.line_items[0].unit_amount.amount) == "40278.926666"  # type: ignore[union-attr]
    assert restored.raw["total"] == Decimal("72502.07")
    assert restored.raw["tax"]["amount"] + Decimal("0.2") == Decimal("0.3")
    assert isinstance(restored.raw["count"], int)


def test_the_file_stores_money_as_the_decimal_text(workspace: Workspace) -> None:
    workspace.save_invoices(PROVIDER, [full_invoice()])
    (row,) = workspace._database.query(
        "SELECT gross, typeof(gross), amount_outstanding, tax_rate FROM invoices"
    )
    assert tuple(row) == ("72502.07", "text", "0.3", "0.20")


def test_refetch_updates_status_amounts_and_line_items(workspace: Workspace) -> None:
    workspace.save_invoices(PROVIDER, [full_invoice(), simple_invoice("B")])
    updated = dataclasses.replace(
        full_invoice(), status=InvoiceStatus.PAID, status_raw="paid", line_items=()
    )
    outcome = workspace.save_invoices(PROVIDER, [updated, simple_invoice("B"), simple_invoice("C")])
    assert (outcome.added, outcome.changed, outcome.unchanged, outcome.disappeared) == (1, 1, 1, 0)
    loaded = {invoice.invoice_id: invoice for invoice in workspace.load_invoices()}
    assert loaded["INV-1"] == updated
    assert set(loaded) == {"INV-1", "B", "C"}


def test_refetch_keeps_decisions_and_flags_a_changed_amount(workspace: Workspace) -> None:
    workspace.save_invoices(PROVIDER, [simple_invoice("A", "100.00"), simple_invoice("B")])
    accepted = workspace.record_decision(decision(DecisionKind.ACCEPT, ("A",), (2,)))
    workspace.record_decision(decision(DecisionKind.ACCEPT, ("B",), (3,)))
    outcome = workspace.save_invoices(PROVIDER, [simple_invoice("A", "90.00"), simple_invoice("B")])
    assert len(workspace.effective_decisions()) == 2
    review = workspace.decisions_needing_review()
    assert [(item.entry.id, item.invoice_key) for item in review] == [(accepted.id, ikey("A"))]
    assert review[0].reason == "amount changed from 100.00 GBP to 90.00 GBP"
    assert outcome.needing_review == review


def test_an_equal_amount_written_differently_is_not_a_change_worth_review(
    workspace: Workspace,
) -> None:
    workspace.save_invoices(PROVIDER, [simple_invoice("A", "100.00")])
    workspace.record_decision(decision(DecisionKind.ACCEPT, ("A",), (2,)))
    workspace.save_invoices(PROVIDER, [simple_invoice("A", "100.0")])
    assert workspace.decisions_needing_review() == ()


def test_a_disappeared_invoice_is_kept_marked_and_its_decision_flagged(
    workspace: Workspace,
) -> None:
    workspace.save_invoices(PROVIDER, [simple_invoice("A"), simple_invoice("B")])
    rejected = workspace.record_decision(decision(DecisionKind.REJECT, ("A",), (2,)))
    outcome = workspace.save_invoices(PROVIDER, [simple_invoice("B")])
    assert outcome.disappeared == 1
    assert outcome.missing == (ikey("A"),)  # the window drops it, as a reopen would
    assert [i.invoice_id for i in workspace.load_invoices()] == ["B"]
    assert [i.invoice_id for i in workspace.load_invoices(include_missing=True)] == ["A", "B"]
    (item,) = workspace.decisions_needing_review()
    assert item.entry.id == rejected.id
    assert item.reason.startswith(f"no longer returned by {PROVIDER}")
    assert workspace.effective_decisions() == (rejected.decision,)
    # Fetching again without it does not flag it twice; its return clears "missing".
    workspace.save_invoices(PROVIDER, [simple_invoice("B")])
    assert len(workspace.decisions_needing_review()) == 1
    workspace.save_invoices(PROVIDER, [simple_invoice("A"), simple_invoice("B")])
    assert len(workspace.load_invoices()) == 2


def test_a_partial_fetch_does_not_mark_anything_missing(workspace: Workspace) -> None:
    workspace.save_invoices(PROVIDER, [simple_invoice("A"), simple_invoice("B")])
    outcome = workspace.save_invoices(PROVIDER, [simple_invoice("B")], complete=False)
    assert outcome.disappeared == 0
    assert len(workspace.load_invoices()) == 2


def test_becoming_void_flags_the_accepted_match(workspace: Workspace) -> None:
    workspace.save_invoices(PROVIDER, [simple_invoice("A")])
    workspace.record_decision(decision(DecisionKind.ACCEPT, ("A",), (2,)))
    void = simple_invoice("A", status=InvoiceStatus.VOID, status_raw="void")
    workspace.save_invoices(PROVIDER, [void])
    (item,) = workspace.decisions_needing_review()
    assert item.reason == "status changed from open to void"


def test_redeciding_a_flagged_pairing_clears_it_from_review(workspace: Workspace) -> None:
    workspace.save_invoices(PROVIDER, [simple_invoice("A", "100.00")])
    workspace.record_decision(decision(DecisionKind.ACCEPT, ("A",), (2,)))
    workspace.save_invoices(PROVIDER, [simple_invoice("A", "95.00")])
    assert len(workspace.decisions_needing_review()) == 1
    workspace.record_decision(decision(DecisionKind.ACCEPT, ("A",), (2,)))
    assert workspace.decisions_needing_review() == ()
    assert len(workspace.audit(invoice_key=ikey("A"))) == 2


def test_each_flag_says_what_happened_to_its_invoice(workspace: Workspace) -> None:
    """The window and the report say why a decision needs review: its invoice's amount
    changed, it became void, or its provider no longer returns it (stored with the flag;
    flags recorded by earlier versions get theirs when their file is upgraded)."""
    invoices = [simple_invoice("A", "100.00"), simple_invoice("B"), simple_invoice("C")]
    workspace.save_invoices(PROVIDER, invoices)
    for number, invoice in enumerate(("A", "B", "C"), start=2):
        workspace.record_decision(decision(DecisionKind.ACCEPT, (invoice,), (number,)))
    void_and_less = simple_invoice("B", "90.00", status=InvoiceStatus.VOID, status_raw="void")
    workspace.save_invoices(PROVIDER, [simple_invoice("A", "80.00"), void_and_less])
    causes = {
        item.invoice_key.invoice_id: item.causes for item in workspace.decisions_needing_review()
    }
    assert causes == {
        "A": (ReviewCause.AMOUNT,),
        "B": (ReviewCause.AMOUNT, ReviewCause.VOID),
        "C": (ReviewCause.MISSING,),
    }


@pytest.mark.parametrize("kind", [DecisionKind.ACCEPT, DecisionKind.REJECT, DecisionKind.UNMATCH])
def test_undoing_the_decision_that_cleared_a_flag_flags_it_again(
    workspace: Workspace, kind: DecisionKind
) -> None:
    """Accepting again, rejecting or unmatching a flagged pairing clears its flag; undoing
    that puts the flagged decision back in force, and it still needs review."""
    workspace.save_invoices(PROVIDER, [simple_invoice("A", "100.00")])
    workspace.record_decision(decision(DecisionKind.ACCEPT, ("A",), (2,)))
    workspace.save_invoices(PROVIDER, [simple_invoice("A", "95.00")])
    (flagged,) = workspace.decisions_needing_review()
    redecided = workspace.record_decision(decision(kind, ("A",), (2,)))
    assert workspace.decisions_needing_review() == ()
    workspace.undo(redecided.id)
    (again,) = workspace.decisions_needing_review()
    assert again.entry.decision.pairing == flagged.entry.decision.pairing
    assert again.entry.id != flagged.entry.id  # put back as a new entry
    assert (again.reason, again.flagged_at) == (flagged.reason, flagged.flagged_at)
    assert again.causes == flagged.causes == (ReviewCause.AMOUNT,)


def test_a_flags_causes_are_read_as_stored_not_out_of_its_reason(
    workspace: Workspace, workspace_path: Path
) -> None:
    """The reason is for people: rewording it (a later version's words, a translation)
    leaves what the window counts and sorts by as the fetch stored it."""
    workspace.save_invoices(PROVIDER, [simple_invoice("A", "100.00")])
    workspace.record_decision(decision(DecisionKind.ACCEPT, ("A",), (2,)))
    workspace.save_invoices(PROVIDER, [simple_invoice("A", "95.00", status=InvoiceStatus.VOID)])
    workspace.close()
    connection = sqlite3.connect(workspace_path)
    connection.execute("UPDATE review_flags SET reason = 'Betrag und Status geändert'")
    connection.commit()
    connection.close()
    with Workspace.open(workspace_path) as reopened:
        (item,) = reopened.decisions_needing_review()
    assert item.reason == "Betrag und Status geändert"
    assert item.causes == (ReviewCause.AMOUNT, ReviewCause.VOID)


def test_a_flags_unknown_stored_cause_is_named_as_damage(
    workspace: Workspace, workspace_path: Path
) -> None:
    workspace.save_invoices(PROVIDER, [simple_invoice("A", "100.00")])
    workspace.record_decision(decision(DecisionKind.ACCEPT, ("A",), (2,)))
    workspace.save_invoices(PROVIDER, [simple_invoice("A", "95.00")])
    workspace.close()
    connection = sqlite3.connect(workspace_path)
    connection.execute("UPDATE review_flags SET causes = 'amount,eaten'")
    connection.commit()
    connection.close()
    with (
        Workspace.open(workspace_path) as reopened,
        pytest.raises(WorkspaceCorruptError, match="review flag's causes 'amount,eaten'"),
    ):
        reopened.decisions_needing_review()


def test_providers_are_kept_apart(workspace: Workspace) -> None:
    other = simple_invoice("A", provider="Versori", provider_kind="versori")
    workspace.save_invoices(PROVIDER, [simple_invoice("A")])
    workspace.save_invoices("Versori", [other])
    workspace.save_invoices(PROVIDER, [])
    assert workspace.load_invoices("Versori") == (other,)
    assert workspace.load_invoices(PROVIDER) == ()
    assert workspace.last_fetched("Versori") is not None
    assert workspace.last_fetched("Elevate") is None


def test_an_invoice_of_another_provider_or_twice_is_refused_and_nothing_saved(
    workspace: Workspace,
) -> None:
    with pytest.raises(ValueError, match="belongs to provider 'Versori'"):
        workspace.save_invoices(
            PROVIDER, [simple_invoice("A"), simple_invoice("B", provider="Versori")]
        )
    with pytest.raises(ValueError, match="twice"):
        workspace.save_invoices(PROVIDER, [simple_invoice("A"), simple_invoice("A")])
    assert workspace.load_invoices() == ()


def _dated(invoice_id: str, day: date | None, *, period_end: bool = False) -> Invoice:
    """An invoice dated ``day``: its issue date, or (Versori's way) its period's end."""
    return simple_invoice(invoice_id, **{"period_end" if period_end else "issue_date": day})


def test_a_fetch_of_a_period_marks_missing_only_the_invoices_dated_in_it(
    workspace: Workspace,
) -> None:
    """Both ends of the period count; an invoice dated outside it, or undated (a bounded
    fetch may leave it out), was not asked about and keeps its state and its decision."""
    cached = [
        _dated("before", date(2025, 2, 28)),
        _dated("first", date(2025, 3, 1)),
        _dated("period-end", date(2025, 3, 15), period_end=True),
        _dated("last", date(2025, 3, 31)),
        _dated("after", date(2025, 4, 1), period_end=True),
        _dated("undated", None),
    ]
    workspace.save_invoices(PROVIDER, cached)
    for invoice_id in ("before", "first", "undated"):
        workspace.record_decision(decision(DecisionKind.REJECT, (invoice_id,), (2,)))
    outcome = workspace.save_invoices(
        PROVIDER, [], date_from=date(2025, 3, 1), date_to=date(2025, 3, 31)
    )
    assert outcome.disappeared == 3
    assert [i.invoice_id for i in workspace.load_invoices()] == ["before", "after", "undated"]
    assert [item.invoice_key for item in outcome.needing_review] == [ikey("first")]
    # Open at one end, the period runs on from the other; unbounded, it holds everything.
    workspace.save_invoices(PROVIDER, [], date_from=date(2025, 4, 1))
    assert [i.invoice_id for i in workspace.load_invoices()] == ["before", "undated"]
    workspace.save_invoices(PROVIDER, [])
    assert workspace.load_invoices() == ()


def test_a_fetch_with_an_invoice_left_out_marks_none_of_that_providers_missing(
    workspace: Workspace,
) -> None:
    other = simple_invoice("X", provider="Versori", provider_kind="versori")
    workspace.save_invoices(PROVIDER, [simple_invoice("A"), simple_invoice("B")])
    workspace.save_invoices("Versori", [other])
    problem = InvoiceProblem(PROVIDER, "content_ignite", "B", None, "its detail is gone")
    outcomes = workspace.save_fetch({PROVIDER: [], "Versori": []}, [problem])
    assert (outcomes[PROVIDER].disappeared, outcomes["Versori"].disappeared) == (0, 1)
    assert [i.invoice_id for i in workspace.load_invoices()] == ["A", "B"]


def test_a_stored_date_changed_outside_the_app_is_named_and_nothing_is_saved(
    workspace_path: Path,
) -> None:
    with Workspace.create(workspace_path) as workspace:
        workspace.save_invoices(PROVIDER, [_dated("A", date(2025, 3, 4))])
    with sqlite3.connect(workspace_path) as connection:
        connection.execute("UPDATE invoices SET issue_date = '04/03/2025'")
    connection.close()
    with Workspace.open(workspace_path) as workspace:
        with pytest.raises(WorkspaceCorruptError, match=f"invoice A of {PROVIDER}"):
            workspace.save_invoices(PROVIDER, [simple_invoice("B")], date_from=date(2025, 3, 1))
        (row,) = workspace._database.query("SELECT invoice_id, missing_since FROM invoices")
    assert tuple(row) == ("A", None)


def test_review_flag_changes_read_whole_only_the_flags_not_held(workspace: Workspace) -> None:
    """What the window asks after each step: which held flags left force, and the flags
    in force it does not hold yet."""
    workspace.save_invoices(PROVIDER, [simple_invoice("A", "100.00"), simple_invoice("B")])
    workspace.record_decision(decision(DecisionKind.ACCEPT, ("A",), (2,)))
    workspace.record_decision(decision(DecisionKind.ACCEPT, ("B",), (3,)))
    workspace.save_invoices(PROVIDER, [simple_invoice("A", "90.00"), simple_invoice("B", "1")])
    first, second = workspace.decisions_needing_review()
    assert not workspace.review_flag_changes({first.id, second.id})
    assert workspace.review_flag_changes({first.id}).new == (second,)
    again = workspace.record_decision(decision(DecisionKind.REJECT, ("A",), (2,)))
    changes = workspace.review_flag_changes({first.id, second.id})
    assert (changes.gone, changes.new) == (frozenset({first.id}), ())
    workspace.undo(again.id)
    (back,) = workspace.review_flag_changes({second.id}).new
    assert back.id > second.id
    assert (back.invoice_key, back.reason, back.causes) == (
        first.invoice_key,
        first.reason,
        first.causes,
    )


def test_invoices_named_are_read_by_key_without_the_missing(workspace: Workspace) -> None:
    """What a run of a narrower period takes in for the decisions naming them: the cached
    invoices of the keys asked (line items too), never one marked missing, and more keys
    than one query may bind."""
    many = [simple_invoice(f"N-{n:04d}") for n in range(900)]
    workspace.save_invoices(PROVIDER, [full_invoice("A"), simple_invoice("B"), *many])
    workspace.save_invoices("Other", [simple_invoice("A", provider="Other")])
    workspace.save_invoices(PROVIDER, [full_invoice("A"), *many])  # B is no longer returned
    named = workspace.invoices_named({ikey("A"), ikey("B"), ikey("nowhere")})
    assert named == (full_invoice("A"),)
    assert named[0].line_items
    wanted = {ikey(f"N-{n:04d}") for n in range(0, 900, 2)} | {ikey("A")}
    assert {i.key for i in workspace.invoices_named(wanted)} == wanted
    assert workspace.invoices_named(set()) == ()


def test_invoices_gone_are_those_marked_missing_as_last_fetched(workspace: Workspace) -> None:
    """What a run keeps a decision for (``reconcile``'s ``gone``): the cached invoices of
    the keys asked that their provider no longer returns, as last fetched (line items
    too, so the decision's rows can name them); never one still returned."""
    workspace.save_invoices(PROVIDER, [full_invoice("A"), full_invoice("B"), simple_invoice("C")])
    workspace.save_invoices(PROVIDER, [simple_invoice("C")])  # A and B no longer returned
    gone = workspace.invoices_gone({ikey("A"), ikey("C"), ikey("nowhere")})
    assert gone == (full_invoice("A"),)
    assert gone[0].line_items
    assert workspace.invoices_named({ikey("A")}) == ()
    assert workspace.invoices_gone(set()) == ()
