"""What has changed since the matching run on screen was made, and how the screens say it.

A run is a picture of the invoices, statement lines and decisions it was made from. Once
any of them changes (a decision, a statement imported or removed, invoices fetched) the
run no longer shows the review as it stands: the screens say what changed, and the export
runs matching again first, so the workbook is never older than what the accountant sees.
Pure (no Qt), so the wording is tested on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desktop_app.domain import InvoiceKey
from desktop_app.wording import and_list, counted


@dataclass(frozen=True, slots=True)
class SinceRun:
    """The changes since the run: decisions made, statements whose lines came in or went,
    and invoices a fetch added or changed."""

    decisions: int = 0
    imported: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    invoices: int = 0

    def __bool__(self) -> bool:
        return bool(self.decisions or self.imported or self.removed or self.invoices)

    def inputs_changed(self) -> bool:
        """Whether statements or invoices changed (not only decisions)."""
        return bool(self.imported or self.removed or self.invoices)

    def said(self) -> str:
        """'2 decisions, bank.csv imported and 40 invoices fetched'; empty when none."""
        parts = []
        if self.decisions:
            parts.append(counted(self.decisions, "decision"))
        parts += [_statements(self.imported, "imported"), _statements(self.removed, "removed")]
        if self.invoices:
            parts.append(f"{counted(self.invoices, 'invoice')} fetched")
        return and_list([part for part in parts if part])


class SinceRunLog:
    """The session's record of what changed after the run it shows.

    The invoices and lines change in numbered steps: a run notes the step it read them at
    (``step``), and what changed after it (a statement: its step and what happened to it;
    an invoice: its step) is what the run does not show, even when the run lands after
    the change. Decisions are counted from the run shown.
    """

    def __init__(self) -> None:
        self.step = 0
        self.decisions = 0
        self._statements: dict[str, tuple[int, str]] = {}
        self._invoices: dict[InvoiceKey, int] = {}

    def statement(self, name: str, what: str) -> None:
        """The statement ``name`` was ``what`` ("imported", "removed"): one step."""
        self.step += 1
        self._statements[name] = (self.step, what)

    def invoices(self, keys: Iterable[InvoiceKey]) -> None:
        """A fetch added, changed or dropped these invoices: one step for them all."""
        keys = list(keys)
        if keys:
            self.step += 1
        for key in keys:
            self._invoices[key] = self.step

    def run_shown(self, made_at: int | None) -> None:
        """A run made at step ``made_at`` (None: now) is shown: what changed at or before
        it is in the run, and no decision is made since."""
        read = self.step if made_at is None else made_at
        self.decisions = 0
        self._statements = {
            name: (step, what) for name, (step, what) in self._statements.items() if step > read
        }
        self._invoices = {key: step for key, step in self._invoices.items() if step > read}

    def since_run(self) -> SinceRun:
        changed = self._statements.items()
        return SinceRun(
            self.decisions,
            tuple(sorted(name for name, (_, what) in changed if what == "imported")),
            tuple(sorted(name for name, (_, what) in changed if what == "removed")),
            len(self._invoices),
        )


def _statements(names: Sequence[str], verb: str) -> str:
    if not names:
        return ""
    if len(names) == 1:
        return f"{names[0]} {verb}"
    return f"{len(names):,} statements {verb}"
