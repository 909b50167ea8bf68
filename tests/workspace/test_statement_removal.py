"""Removing an imported statement so a wrongly read file can be imported again, with the
decisions on its lines withdrawn in the audit trail rather than lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.domain import Decision, DecisionKind, LineKey, StatementLine
from desktop_app.statements import import_statement
from desktop_app.workspace import (
    DecisionsOnStatement,
    Workspace,
    WorkspaceError,
    current_user,
    file_sha256,
)
from desktop_app.workspace.statement_store import LINE_COLUMNS
from tests.workspace.factories import PROVIDER, decision, full_invoice, ikey, line, lkey, sha

LAYOUT = {"format": "csv"}
PROVIDER_INVOICES = [full_invoice("INV-1"), full_invoice("INV-2"), full_invoice("INV-3")]


def _march_and_april(workspace: Workspace) -> None:
    march = [line(row, f"-{row}.00", day=row) for row in (2, 3, 4)]
    workspace.add_statement("march.csv", sha("march"), LAYOUT, march)
    april = [line(2, "-9.00", source_file="april.csv", day=20)]
    workspace.add_statement("april.csv", sha("april"), LAYOUT, april)


def test_removal_takes_the_lines_and_withdraws_their_decisions_with_a_reason(
    workspace: Workspace,
) -> None:
    workspace.save_invoices(PROVIDER, PROVIDER_INVOICES)
    _march_and_april(workspace)
    workspace.record_decision(decision(DecisionKind.ACCEPT, ("INV-1",), (2,)))
    workspace.record_decision(decision(DecisionKind.REJECT, ("INV-2",), (3,)))
    in_april = Decision(DecisionKind.MANUAL_MATCH, (ikey("INV-3"),), (LineKey("april.csv", 2),))
    workspace.record_decision(in_april)

    removed = workspace.remove_statement("march.csv", user="alice")

    assert (removed.source_file, removed.lines_removed, removed.decisions_withdrawn) == (
        "march.csv",
        3,
        2,
    )
    assert [item.key for item in workspace.load_lines()] == [LineKey("april.csv", 2)]
    assert [record.source_file for record in workspace.statements()] == ["april.csv"]
    in_force = workspace.effective_decisions()
    assert [(d.kind, d.invoice_keys) for d in in_force] == [
        (DecisionKind.MANUAL_MATCH, (ikey("INV-3"),))
    ]
    trail = workspace.audit(line_key=lkey(2))
    assert [entry.decision.kind for entry in trail] == [DecisionKind.ACCEPT, DecisionKind.UNMATCH]
    withdrawal = trail[-1].decision
    assert withdrawal.reason == "statement march.csv removed from the workspace"
    assert withdrawal.user == "alice"
    assert trail[0].replaced_by == trail[-1].id


def test_the_removed_file_can_be_imported_again_with_a_corrected_layout(
    workspace: Workspace,
) -> None:
    _march_and_april(workspace)
    workspace.remove_statement("march.csv")
    corrected = [line(row, f"{row}.00", day=row) for row in (2, 3, 4)]  # signs were wrong
    outcome = workspace.add_statement(
        "march.csv", sha("march"), {"format": "csv", "v": 2}, corrected
    )
    assert not outcome.already_imported
    assert outcome.added == 3
    assert [item.amount for item in workspace.load_lines("march.csv")] == [
        item.amount for item in corrected
    ]


def test_removing_a_statement_that_is_not_there_names_it_and_changes_nothing(
    workspace: Workspace,
) -> None:
    _march_and_april(workspace)
    with pytest.raises(WorkspaceError, match=r"no statement named 'may\.csv'"):
        workspace.remove_statement("may.csv")
    assert len(workspace.load_lines()) == 4


def test_lines_another_statement_already_had_stay_with_that_statement(
    workspace: Workspace,
) -> None:
    march = [line(2, day=30, description="Fee")]
    workspace.add_statement("march.csv", sha("march"), LAYOUT, march)
    april = [line(2, day=30, description="FEE", source_file="april.csv")]  # the same movement
    workspace.add_statement("april.csv", sha("april"), LAYOUT, april)
    removed = workspace.remove_statement("april.csv")
    assert removed.lines_removed == 0
    assert [item.key for item in workspace.load_lines()] == [LineKey("march.csv", 2)]


def _days(source_file: str, days: tuple[int, ...], first_row: int = 2) -> list[StatementLine]:
    """One movement a day, each its own (the day is in the amount and the text)."""
    return [
        line(row, f"-{day}.00", source_file=source_file, day=day, description=f"Shop {day}")
        for row, day in enumerate(days, start=first_row)
    ]


def test_removing_the_earlier_of_two_overlapping_statements_keeps_the_shared_movements(
    workspace: Workspace,
) -> None:
    """The accountant downloaded 1-20 March, then 15-31 March: the overlap was stored once,
    under the first file. Removing the first file leaves 15-20 March on the second, under
    its own rows, and a third download of those days still adds nothing."""
    workspace.add_statement("march.csv", sha("march"), LAYOUT, _days("march.csv", (1, 15, 20)))
    later = _days("late.csv", (15, 20, 31))
    outcome = workspace.add_statement("late.csv", sha("late"), LAYOUT, later)
    assert (outcome.added, outcome.skipped_duplicates) == (1, 2)

    removed = workspace.remove_statement("march.csv")

    assert removed.lines_removed == 3
    assert [item.key for item in removed.kept_lines] == [lkey(2, "late.csv"), lkey(3, "late.csv")]
    assert list(removed.kept_lines) == later[:2]
    assert list(workspace.load_lines()) == later
    (record,) = workspace.statements()
    assert (record.source_file, record.line_count, dict(record.repeats)) == ("late.csv", 3, {})
    again = workspace.add_statement("mid.csv", sha("mid"), LAYOUT, _days("mid.csv", (15, 20)))
    assert (again.added, again.skipped_duplicates) == (0, 2)
    assert dict(again.statement.repeats) == {
        lkey(2, "mid.csv"): lkey(2, "late.csv"),
        lkey(3, "mid.csv"): lkey(3, "late.csv"),
    }


def test_the_earliest_repeat_stands_in_and_the_others_repeat_it(workspace: Workspace) -> None:
    workspace.add_statement("march.csv", sha("march"), LAYOUT, _days("march.csv", (15,)))
    workspace.add_statement("b.csv", sha("b"), LAYOUT, _days("b.csv", (15,), first_row=7))
    workspace.add_statement("c.csv", sha("c"), LAYOUT, _days("c.csv", (15,), first_row=9))

    removed = workspace.remove_statement("march.csv")

    assert [item.key for item in removed.kept_lines] == [lkey(7, "b.csv")]
    assert [item.key for item in workspace.load_lines()] == [lkey(7, "b.csv")]
    repeats = {record.source_file: dict(record.repeats) for record in workspace.statements()}
    assert repeats == {"b.csv": {}, "c.csv": {lkey(9, "c.csv"): lkey(7, "b.csv")}}
    # The one that stands in can itself be removed: the last copy takes over.
    assert [item.key for item in workspace.remove_statement("b.csv").kept_lines] == [
        lkey(9, "c.csv")
    ]
    assert [item.key for item in workspace.load_lines()] == [lkey(9, "c.csv")]


def test_each_account_keeps_its_own_copy_of_a_movement_a_file_of_no_account_held(
    workspace: Workspace,
) -> None:
    """A file that names no account may be either account's download: the first
    account's statement repeated its fee, which makes it that account's, and the second
    account's equal fee is its own. Both stay; the first account's copy stands in. A
    second file of no account repeats one of them, not a third fee."""
    workspace.add_statement("march.csv", sha("march"), LAYOUT, _days("march.csv", (15,)))
    added = [
        workspace.add_statement(name, sha(name), LAYOUT, _days(name, (15,)), account=account).added
        for name, account in (("chk.csv", "CHK 1"), ("sav.csv", "SAV 2"))
    ]
    assert added == [0, 1]
    workspace.add_statement("dl.csv", sha("dl"), LAYOUT, _days("dl.csv", (15,)))

    removed = workspace.remove_statement("march.csv")

    assert [item.key for item in removed.kept_lines] == [lkey(2, "chk.csv")]
    assert [item.key for item in workspace.load_lines()] == [lkey(2, "chk.csv"), lkey(2, "sav.csv")]
    repeats = {record.source_file: dict(record.repeats) for record in workspace.statements()}
    assert repeats["dl.csv"] == {lkey(2, "dl.csv"): lkey(2, "chk.csv")}


def test_equal_movements_in_one_file_stand_in_one_for_one(workspace: Workspace) -> None:
    """Two real coffees on one day in the earlier file, three in the later one: the later
    file's first two stand in for the two removed, and its third was already its own."""
    coffees = [line(row, day=15) for row in (2, 3)]
    workspace.add_statement("march.csv", sha("march"), LAYOUT, coffees)
    later = [line(row, day=15, source_file="late.csv") for row in (4, 5, 6)]
    outcome = workspace.add_statement("late.csv", sha("late"), LAYOUT, later)
    assert outcome.added == 1

    removed = workspace.remove_statement("march.csv")

    assert [item.row for item in removed.kept_lines] == [4, 5]
    assert list(workspace.load_lines()) == later
    copies = [line(row, day=15, source_file="copy.csv") for row in (2, 3, 4)]
    repeat = workspace.add_statement("copy.csv", sha("copy"), LAYOUT, copies)
    assert (repeat.added, repeat.skipped_duplicates) == (0, 3)


def test_a_stand_in_whose_number_is_taken_gets_the_next_free_one(
    workspace: Workspace,
) -> None:
    """Occurrence numbers only order equal movements; a file renumbered by the format-3
    migration can hold the number a stand-in was counted with. It takes the next free one,
    and the removal goes through."""
    workspace.add_statement("march.csv", sha("march"), LAYOUT, [line(2, day=15)])
    later = [line(row, day=15, source_file="late.csv") for row in (4, 5)]
    workspace.add_statement("late.csv", sha("late"), LAYOUT, later, account="CHK 1")
    with workspace._database.transaction() as connection:  # as a renumbering left it
        connection.execute(
            "UPDATE statement_lines SET occurrence = 0 WHERE source_file = ?", ("late.csv",)
        )

    removed = workspace.remove_statement("march.csv")

    assert [item.row for item in removed.kept_lines] == [4]
    assert list(workspace.load_lines()) == later
    with workspace._database.reading() as connection:
        numbers = connection.execute(
            "SELECT row, occurrence FROM statement_lines ORDER BY row"
        ).fetchall()
    assert [tuple(number) for number in numbers] == [(4, 1), (5, 0)]


def test_stand_ins_whose_numbers_are_taken_are_numbered_in_their_order(
    workspace: Workspace,
) -> None:
    """A guard of the numbering the stand-ins moved one at a time got, now that they move
    together: the first takes the next free number, and the second, whose own number
    that now is, the one after."""
    workspace.add_statement("march.csv", sha("march"), LAYOUT, [line(r, day=15) for r in (2, 3)])
    later = [line(row, day=15, source_file="late.csv") for row in (4, 5, 6)]
    workspace.add_statement("late.csv", sha("late"), LAYOUT, later, account="CHK 1")
    with workspace._database.transaction() as connection:  # as a renumbering left it
        connection.execute(
            "UPDATE statement_lines SET occurrence = 0 WHERE source_file = ?", ("late.csv",)
        )

    removed = workspace.remove_statement("march.csv")

    assert [item.row for item in removed.kept_lines] == [4, 5]
    assert list(workspace.load_lines()) == later
    with workspace._database.reading() as connection:
        numbers = connection.execute(
            "SELECT row, occurrence FROM statement_lines ORDER BY row"
        ).fetchall()
    assert [tuple(number) for number in numbers] == [(4, 1), (5, 2), (6, 0)]


def _overlapping(workspace: Workspace) -> None:
    """march.csv holds 1, 15 and 20 March (rows 2-4); late.csv 15, 20 and 31 March (rows
    2-4), whose first two are repeats of march.csv's rows 3 and 4."""
    workspace.save_invoices(PROVIDER, PROVIDER_INVOICES)
    workspace.add_statement("march.csv", sha("march"), LAYOUT, _days("march.csv", (1, 15, 20)))
    workspace.add_statement("late.csv", sha("late"), LAYOUT, _days("late.csv", (15, 20, 31)))


def test_a_decision_on_a_shared_movement_is_carried_over_to_its_stand_in(
    workspace: Workspace,
) -> None:
    """The accountant accepted a payment the two downloads share, then removed the first
    download: the payment is still there, under late.csv, and so is their decision."""
    _overlapping(workspace)
    accepted = Decision(
        DecisionKind.ACCEPT, (ikey("INV-1"),), (lkey(3),), reason="remittance seen", user="bob"
    )
    first = workspace.record_decision(accepted)

    removed = workspace.remove_statement("march.csv", user="alice")

    assert (removed.decisions_withdrawn, removed.decisions_carried) == (0, 1)
    in_force = workspace.effective_decisions()
    assert [(d.kind, d.invoice_keys, d.line_keys) for d in in_force] == [
        (DecisionKind.ACCEPT, (ikey("INV-1"),), (lkey(2, "late.csv"),))
    ]
    (carried,) = workspace.audit(line_key=lkey(2, "late.csv"))
    assert carried.decision.user == "alice"
    assert carried.decision.reason == (
        "carried over from march.csv row 3 to late.csv row 2, the same movement, when "
        f"march.csv was removed (first decided by bob on {first.decision.at:%Y-%m-%d %H:%M} "
        "UTC: remittance seen)"
    )
    old = workspace.audit(line_key=lkey(3))
    assert [entry.decision.kind for entry in old] == [DecisionKind.ACCEPT, DecisionKind.UNMATCH]
    assert old[0].replaced_by == old[1].id


def test_only_decisions_whose_every_removed_line_stays_are_carried_over(
    workspace: Workspace,
) -> None:
    """A rejection of a shared movement still holds; a match on a movement only the removed
    file had together with a shared one is withdrawn for the accountant to decide again. A
    line of another statement in a carried decision stays as it was."""
    _overlapping(workspace)
    workspace.add_statement("other.csv", sha("other"), LAYOUT, _days("other.csv", (9,)))
    workspace.record_decision(decision(DecisionKind.REJECT, ("INV-1",), (4,)))
    workspace.record_decision(decision(DecisionKind.ACCEPT, ("INV-3",), (2, 3)))
    both_files = Decision(DecisionKind.ACCEPT, (ikey("INV-1"),), (lkey(4), lkey(2, "other.csv")))
    workspace.record_decision(both_files)

    removed = workspace.remove_statement("march.csv")

    assert (removed.decisions_withdrawn, removed.decisions_carried) == (1, 2)
    in_force = {(d.kind, d.invoice_keys, d.line_keys) for d in workspace.effective_decisions()}
    assert in_force == {
        (DecisionKind.REJECT, (ikey("INV-1"),), (lkey(3, "late.csv"),)),
        (DecisionKind.ACCEPT, (ikey("INV-1"),), (lkey(3, "late.csv"), lkey(2, "other.csv"))),
    }


def test_a_movement_two_accounts_now_hold_leaves_its_decision_withdrawn(
    workspace: Workspace,
) -> None:
    """A file of no account held a fee both accounts' statements repeated, as a workspace
    stored them before a line of no account became the account's that repeats it first:
    removing it leaves two fees, and which one the decision meant would be a guess."""
    workspace.save_invoices(PROVIDER, PROVIDER_INVOICES)
    workspace.add_statement("march.csv", sha("march"), LAYOUT, _days("march.csv", (15,)))
    for name, account in (("chk.csv", "CHK 1"), ("sav.csv", "SAV 2")):
        workspace.add_statement(name, sha(name), LAYOUT, _days(name, (15,)), account=account)
    _stored_as_a_repeat(workspace, lkey(2, "sav.csv"), lkey(2))
    workspace.record_decision(decision(DecisionKind.ACCEPT, ("INV-1",), (2,)))

    removed = workspace.remove_statement("march.csv")

    assert (removed.decisions_withdrawn, removed.decisions_carried) == (1, 0)
    assert len(removed.kept_lines) == 2
    assert workspace.effective_decisions() == ()


def _stored_as_a_repeat(workspace: Workspace, stored: LineKey, repeats: LineKey) -> None:
    """Make a stored line a repeat of another, as an older version could store it."""
    where = "source_file = ? AND row = ?"
    with workspace._database.transaction() as connection:
        connection.execute(
            "INSERT INTO statement_repeats (statement_id, row, kept_file, kept_row)"
            f" SELECT statement_id, row, ?, ? FROM statement_lines WHERE {where}",
            (repeats.source_file, repeats.row, stored.source_file, stored.row),
        )
        connection.execute(
            f"INSERT INTO repeated_lines ({LINE_COLUMNS}) SELECT {LINE_COLUMNS} FROM statement_lines"
            f" WHERE {where}",
            (stored.source_file, stored.row),
        )
        connection.execute(
            f"DELETE FROM statement_lines WHERE {where}", (stored.source_file, stored.row)
        )


def test_a_decision_on_a_movement_of_no_account_follows_the_account_that_claimed_it(
    workspace: Workspace, tmp_path: Path
) -> None:
    """A download naming no account held a fee; the checking account's statement repeated
    it, and the savings account's equal fee is its own. The accountant accepted the
    download's fee; removed, the fee stays as the checking account's copy, and so does
    the decision."""
    workspace.save_invoices(PROVIDER, PROVIDER_INVOICES)
    for name, account in (("bare.csv", None), ("chk.csv", CHK_IBAN), ("sav.csv", SAV_IBAN)):
        _import_csv(workspace, tmp_path / name, "2025-03-15,Fee,-5.00,GBP\n", account)
    assert [item.key for item in workspace.load_lines()] == [
        lkey(2, "bare.csv"),
        lkey(4, "sav.csv"),
    ]
    workspace.record_decision(
        Decision(DecisionKind.ACCEPT, (ikey("INV-1"),), (lkey(2, "bare.csv"),))
    )

    removed = workspace.remove_statement("bare.csv")

    assert (removed.decisions_withdrawn, removed.decisions_carried) == (0, 1)
    assert [item.key for item in removed.kept_lines] == [lkey(4, "chk.csv")]
    in_force = [(d.kind, d.line_keys) for d in workspace.effective_decisions()]
    assert in_force == [(DecisionKind.ACCEPT, (lkey(4, "chk.csv"),))]
    assert [item.key for item in workspace.load_lines()] == [lkey(4, "chk.csv"), lkey(4, "sav.csv")]


CHK_IBAN, SAV_IBAN = "GB94BARC10201530093459", "GB33BUKB20201555555555"


def _import_csv(workspace: Workspace, path: Path, rows: str, account: str | None) -> None:
    """A csv statement written to ``path`` and imported as the window imports it: the
    account, when it names one, above its table."""
    named = f"Account,{account}\n\n" if account else ""
    path.write_text(f"{named}Date,Description,Amount,Currency\n{rows}", encoding="utf-8")
    imported = import_statement(path)
    workspace.add_statement(
        path.name, file_sha256(path), LAYOUT, imported.lines, account=imported.account
    )


def test_a_decision_the_stand_in_already_carries_is_not_overruled(
    workspace: Workspace,
) -> None:
    """A decision already in force names the stand-in's row (made before the overlap was
    imported, say): carrying the removed file's match over would replace it, so the
    removed file's match is only withdrawn."""
    _overlapping(workspace)
    own = Decision(DecisionKind.MANUAL_MATCH, (ikey("INV-2"),), (lkey(2, "late.csv"),))
    workspace.record_decision(own)
    workspace.record_decision(decision(DecisionKind.ACCEPT, ("INV-1",), (3,)))

    removed = workspace.remove_statement("march.csv")

    assert (removed.decisions_withdrawn, removed.decisions_carried) == (1, 0)
    in_force = [(d.kind, d.invoice_keys, d.line_keys) for d in workspace.effective_decisions()]
    assert in_force == [(DecisionKind.MANUAL_MATCH, (ikey("INV-2"),), (lkey(2, "late.csv"),))]


def test_a_removal_by_no_named_user_is_recorded_as_the_os_user_with_what_it_replaced(
    workspace: Workspace,
) -> None:
    """A guard of the audit entries now that the removal works out what each withdrawal
    takes out of force itself: each withdrawal replaces its decision and nothing else, a
    carried decision replaces nothing and is in force, both by the operating-system user."""
    _overlapping(workspace)
    first = workspace.record_decision(decision(DecisionKind.ACCEPT, ("INV-1",), (3,)))
    second = workspace.record_decision(decision(DecisionKind.REJECT, ("INV-2",), (2,)))

    workspace.remove_statement("march.csv")

    entries = workspace.audit()[2:]
    assert [(e.decision.kind, e.replaces, e.in_force) for e in entries] == [
        (DecisionKind.UNMATCH, (first.id,), False),
        (DecisionKind.ACCEPT, (), True),
        (DecisionKind.UNMATCH, (second.id,), False),
    ]
    assert {entry.decision.user for entry in entries} == {current_user()}
    assert entries[1].decision.line_keys == (lkey(2, "late.csv"),)


def test_the_decisions_a_removal_would_withdraw_are_read_without_changing_anything(
    workspace: Workspace,
) -> None:
    """What the removal question tells the accountant: the decisions in force on the
    statement's lines (not one taken back since, not one on another statement's line),
    read before they say yes; the removal then withdraws exactly those."""
    workspace.save_invoices(PROVIDER, PROVIDER_INVOICES)
    _march_and_april(workspace)
    workspace.record_decision(decision(DecisionKind.ACCEPT, ("INV-1",), (2,)))
    workspace.record_decision(decision(DecisionKind.REJECT, ("INV-2",), (3,)))
    workspace.record_decision(decision(DecisionKind.MANUAL_MATCH, ("INV-3",), (4,)))
    workspace.record_decision(decision(DecisionKind.UNMATCH, ("INV-3",), (4,)))  # taken back
    in_april = Decision(DecisionKind.MANUAL_MATCH, (ikey("INV-3"),), (LineKey("april.csv", 2),))
    workspace.record_decision(in_april)
    trail = workspace.audit()

    found = workspace.decisions_on_statement("march.csv")

    assert [(d.kind, d.invoice_keys, d.line_keys) for d in found.decisions] == [
        (DecisionKind.ACCEPT, (ikey("INV-1"),), (lkey(2),)),
        (DecisionKind.REJECT, (ikey("INV-2"),), (lkey(3),)),
    ]
    assert (found.withdrawn_kinds, found.carried) == (
        (DecisionKind.ACCEPT, DecisionKind.REJECT),
        (),
    )
    assert workspace.audit() == trail  # read only
    assert workspace.decisions_on_statement("may.csv") == DecisionsOnStatement()
    removed = workspace.remove_statement("march.csv")
    assert removed.withdrawn_kinds == (DecisionKind.ACCEPT, DecisionKind.REJECT)
    assert removed.decisions_withdrawn == 2


def test_decisions_on_shared_movements_are_counted_as_such_and_only_the_rest_withdrawn(
    workspace: Workspace,
) -> None:
    """Each of the three decisions names a movement late.csv also holds; two are carried
    over, and the one also naming a movement only march.csv had is withdrawn: what is
    read before says which go with the movements, and to which lines, as the removal
    then does (it used to count all three as going with them where they could)."""
    _overlapping(workspace)
    workspace.add_statement("other.csv", sha("other"), LAYOUT, _days("other.csv", (9,)))
    workspace.record_decision(decision(DecisionKind.REJECT, ("INV-1",), (4,)))
    workspace.record_decision(decision(DecisionKind.ACCEPT, ("INV-3",), (2, 3)))
    both_files = Decision(DecisionKind.ACCEPT, (ikey("INV-1"),), (lkey(4), lkey(2, "other.csv")))
    workspace.record_decision(both_files)

    found = workspace.decisions_on_statement("march.csv")
    assert [d.kind for d in found.decisions] == [
        DecisionKind.REJECT,
        DecisionKind.ACCEPT,
        DecisionKind.ACCEPT,
    ]
    assert found.withdrawn_kinds == (DecisionKind.ACCEPT,)
    assert [(d.kind, d.invoice_keys, d.line_keys) for d in found.carried] == [
        (DecisionKind.REJECT, (ikey("INV-1"),), (lkey(3, "late.csv"),)),
        (DecisionKind.ACCEPT, (ikey("INV-1"),), (lkey(3, "late.csv"), lkey(2, "other.csv"))),
    ]
    assert workspace.decisions_on_statement("late.csv") == DecisionsOnStatement()

    removed = workspace.remove_statement("march.csv")
    assert (removed.decisions_withdrawn, removed.decisions_carried) == (1, 2)
    assert removed.withdrawn_kinds == (DecisionKind.ACCEPT,)


def test_what_is_read_before_a_removal_is_what_it_does_where_stand_ins_decide_too(
    workspace: Workspace,
) -> None:
    """A decision of the stand-in's own keeps the removed file's acceptance from being
    carried over, and so does one of the removed file's own decisions that names the
    stand-in too, while it is still in force: read before the removal, both are
    withdrawn, as the removal then does. (Counted by the movements alone, both went with
    them.) The one whose movement has a copy and nothing in its way is carried over."""
    _overlapping(workspace)
    workspace.save_invoices(PROVIDER, [full_invoice("INV-4"), full_invoice("INV-5")])
    own = Decision(DecisionKind.MANUAL_MATCH, (ikey("INV-2"),), (lkey(2, "late.csv"),))
    workspace.record_decision(own)
    workspace.record_decision(decision(DecisionKind.ACCEPT, ("INV-1",), (3,)))  # own's way
    workspace.record_decision(decision(DecisionKind.ACCEPT, ("INV-3",), (4,)))  # then j's
    j = Decision(DecisionKind.MANUAL_MATCH, (ikey("INV-4"),), (lkey(2), lkey(3, "late.csv")))
    workspace.record_decision(j)
    workspace.record_decision(decision(DecisionKind.REJECT, ("INV-5",), (4,)))  # carried
    trail = workspace.audit()

    found = workspace.decisions_on_statement("march.csv")
    assert workspace.audit() == trail  # read only

    removed = workspace.remove_statement("march.csv")
    kinds = (DecisionKind.ACCEPT, DecisionKind.ACCEPT, DecisionKind.MANUAL_MATCH)
    assert found.withdrawn_kinds == removed.withdrawn_kinds == kinds
    assert len(found.carried) == removed.decisions_carried == 1
    in_force = {(d.kind, d.invoice_keys, d.line_keys) for d in workspace.effective_decisions()}
    assert in_force == {
        (DecisionKind.MANUAL_MATCH, (ikey("INV-2"),), (lkey(2, "late.csv"),)),
        *((d.kind, d.invoice_keys, d.line_keys) for d in found.carried),
    }
    assert [d.line_keys for d in found.carried] == [(lkey(3, "late.csv"),)]
