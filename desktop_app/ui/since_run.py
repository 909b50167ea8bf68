"""What has changed since the matching run on screen was made, and how the screens say it.

A run is a picture of the invoices, statement lines and decisions it was made from. Once
any of them changes (a decision, a statement imported or removed, invoices fetched) the
run no longer shows the review as it stands: the screens say what changed, and the export
runs matching again first, so the workbook is never older than what the accountant sees.
Pure (no Qt), so the wording is tested on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


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
        """'2 decision(s), bank.csv imported and 40 invoices fetched'; empty when none."""
        parts = []
        if self.decisions:
            parts.append(f"{self.decisions} decision(s)")
        parts += [_statements(self.imported, "imported"), _statements(self.removed, "removed")]
        if self.invoices:
            parts.append(f"{self.invoices:,} invoice{'' if self.invoices == 1 else 's'} fetched")
        return _listed([part for part in parts if part])


def _statements(names: Sequence[str], verb: str) -> str:
    if not names:
        return ""
    if len(names) == 1:
        return f"{names[0]} {verb}"
    return f"{len(names):,} statements {verb}"


def _listed(parts: Sequence[str]) -> str:
    if len(parts) < 2:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"
