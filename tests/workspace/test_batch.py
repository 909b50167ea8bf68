"""Several changes made as one: a job that stores many things keeps all of them or none."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain import DecisionKind
from desktop_app.workspace import StatementConflictError, Workspace
from tests.workspace.factories import PROVIDER, decision, line, sha, simple_invoice

LAYOUT = {"format": "csv"}


def contents(workspace: Workspace) -> tuple[Any, ...]:
    """Everything a run could change, as the workspace shows it."""
    return (
        workspace.statements(),
        workspace.load_lines(),
        workspace.load_invoices(include_missing=True),
        workspace.audit(),
        workspace.effective_decisions(),
    )


@pytest.fixture
def stocked(workspace: Workspace) -> Workspace:
    workspace.add_statement("feb.csv", sha("feb"), LAYOUT, [line(2, source_file="feb.csv")])
    workspace.record_decision(decision(DecisionKind.REJECT, ("I1",), (2,)))
    return workspace


def test_a_refusal_inside_a_batch_undoes_every_change_made_in_it(stocked: Workspace) -> None:
    before = contents(stocked)

    def run() -> None:
        with stocked.batch():
            stocked.save_invoices(PROVIDER, [simple_invoice("I9")], complete=False)
            stocked.add_statement("jan.csv", sha("jan"), LAYOUT, [line(2, source_file="jan.csv")])
            other = [line(2, "-1.00", source_file="feb.csv")]
            stocked.add_statement("feb.csv", sha("other feb"), LAYOUT, other)

    with pytest.raises(StatementConflictError):
        run()
    assert contents(stocked) == before


def test_a_batch_sees_its_own_changes_and_commits_them_together(
    stocked: Workspace, workspace_path: Path
) -> None:
    with stocked.batch():
        stocked.add_statement("jan.csv", sha("jan"), LAYOUT, [line(2, source_file="jan.csv")])
        assert [record.source_file for record in stocked.statements()] == ["feb.csv", "jan.csv"]
        stocked.save_invoices(PROVIDER, [simple_invoice("I9")], complete=False)
    stocked.close()
    with Workspace.open(workspace_path) as reopened:
        assert [record.source_file for record in reopened.statements()] == ["feb.csv", "jan.csv"]
        assert [invoice.invoice_id for invoice in reopened.load_invoices()] == ["I9"]


def test_a_refusal_handled_inside_the_batch_undoes_only_that_call(stocked: Workspace) -> None:
    with stocked.batch():
        stocked.add_statement("jan.csv", sha("jan"), LAYOUT, [line(2, source_file="jan.csv")])
        with pytest.raises(StatementConflictError):
            stocked.add_statement(
                "feb.csv", sha("other feb"), LAYOUT, [line(2, "-1.00", source_file="feb.csv")]
            )
        stocked.add_statement(
            "mar.csv", sha("mar"), LAYOUT, [line(2, "-3.00", source_file="mar.csv")]
        )
    names = [record.source_file for record in stocked.statements()]
    assert names == ["feb.csv", "jan.csv", "mar.csv"]
    assert [item.source_file for item in stocked.load_lines()] == ["feb.csv", "mar.csv"]


def test_other_threads_do_not_see_a_batch_before_it_commits(stocked: Workspace) -> None:
    seen: list[int] = []
    started = threading.Event()

    def count_statements() -> None:
        started.set()
        seen.append(len(stocked.statements()))

    reader = threading.Thread(target=count_statements)
    with stocked.batch():
        stocked.add_statement("jan.csv", sha("jan"), LAYOUT, [line(2, source_file="jan.csv")])
        reader.start()
        assert started.wait(5)
        reader.join(0.2)
        assert reader.is_alive()  # waiting for the batch, not reading half of it
        stocked.add_statement("mar.csv", sha("mar"), LAYOUT, [line(2, source_file="mar.csv")])
    reader.join(5)
    assert seen == [3]
