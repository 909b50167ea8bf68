"""An arrangement under way on the worker, dropped by a sort done here, is forgotten.

Review 34 (ui, item 1): ``set_items``, ``set_keyed`` and ``set_filter`` dropped a pending
worker arrangement and cleared its bookkeeping, while the sort done on the GUI thread
(the table no longer big enough for the worker) only dropped it. The arrangement still
landed and was turned away, but the model said for good that one was under way
(``arranging``, which the benchmark waits on), and the next sort the worker did landed
as a reset, taking the selection with it, where it should move the rows.

A worker that fails leaves the model as a dropped arrangement does (review 34, item 7).

The real model, watched by Qt's model tester; the worker held until the test lets it
land, and ``APART_FROM`` lowered so a few lines are a big table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt

from desktop_app.domain import StatementLine
from desktop_app.ui.models import table_model
from desktop_app.ui.models.columns import column_index
from desktop_app.ui.models.statement_lines import StatementLineModel
from tests.ui import factories as f

BIG = 5  # the lowered ``APART_FROM``: more lines than this are arranged on the worker


class HeldWorker:
    """A ``Compute`` that keeps each job until ``land``: what is under way stays so."""

    def __init__(self) -> None:
        self.jobs: list[tuple[Callable[[], Any], Callable[[Any], None]]] = []

    def __call__(self, name: str, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self.jobs.append((work, done))

    def fail(self) -> None:
        """Each job fails on the worker: its result is None (the runner says why)."""
        jobs, self.jobs = self.jobs, []
        for _, done in jobs:
            done(None)

    def land(self) -> None:
        jobs, self.jobs = self.jobs, []
        for work, done in jobs:
            done(work())


@pytest.fixture
def worker() -> HeldWorker:
    return HeldWorker()


@pytest.fixture
def model(monkeypatch: pytest.MonkeyPatch, worker: HeldWorker, qtmodeltester) -> StatementLineModel:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(table_model, "APART_FROM", BIG)
    model = StatementLineModel()
    model.arrange_with(worker)
    model.set_items(_lines())
    qtmodeltester.check(model)
    return model


def _lines() -> list[StatementLine]:
    return [f.line(row, f"-{(row * 37) % 11 + 1}.00") for row in range(1, 9)]


def _amounts(model: StatementLineModel) -> list[Any]:
    return [model.item_at(row).amount for row in range(model.rowCount())]


def test_a_sort_done_here_while_a_filter_is_under_way_leaves_nothing_under_way(
    qtbot, model: StatementLineModel, worker: HeldWorker
) -> None:
    amount = column_index(model.columns, "amount")
    model.set_filter("payment")  # a big table: asked of the worker, held there
    assert model.arranging
    small = [line.key for line in _lines()[BIG - 1 :]]
    model.remove_keys(small)  # a review step: the table is small now
    assert model.item_count() < BIG
    model.sort(amount)  # done here, dropping the filter under way
    assert _amounts(model) == sorted(_amounts(model))
    assert not model.arranging, "the dropped arrangement is still said to be under way"
    worker.land()  # the dropped one lands, and is turned away
    assert not model.arranging
    assert _amounts(model) == sorted(_amounts(model))

    # Big again: the next sort is the worker's, and it moves the rows, the current
    # row following its line, rather than resetting the table.
    model.insert_items([f.line(row, f"-{row}.00") for row in range(20, 24)])
    assert model.item_count() > BIG
    followed = QPersistentModelIndex(model.index(2, 1))
    line = model.item_at(2)
    model.sort(amount, Qt.SortOrder.DescendingOrder)
    assert model.arranging
    with qtbot.assertNotEmitted(model.modelReset):
        worker.land()
    assert not model.arranging
    assert _amounts(model) == sorted(_amounts(model), reverse=True)
    assert followed.isValid(), "the sort landed as a reset, losing the row followed"
    assert model.item_at(followed.row()) is line


def test_a_filter_that_fails_on_the_worker_leaves_nothing_under_way(
    qtbot, model: StatementLineModel, worker: HeldWorker
) -> None:
    """The worker's filter fails: the rows stay as they were, nothing is said to be under
    way, and the next sort moves the rows rather than resetting the table."""
    before = model.visible_items()
    model.set_filter("payment")
    assert model.arranging
    worker.fail()
    assert not model.arranging, "a failed arrangement is still said to be under way"
    assert model.visible_items() == before
    followed = QPersistentModelIndex(model.index(2, 1))
    line = model.item_at(2)
    model.sort(column_index(model.columns, "amount"))
    with qtbot.assertNotEmitted(model.modelReset):
        worker.land()
    assert _amounts(model) == sorted(_amounts(model))
    assert followed.isValid(), "the sort landed as a reset, losing the row followed"
    assert model.item_at(followed.row()) is line
