"""What a statement's removal did, in the words the window and the command line share.

The window says it in its status bar and a banner (``ui.workflows``), ``desktop-app
remove-statement`` on stderr: the same removal (``Workspace.remove_statement``) said
alike, so an accountant moving between them reads one account of it. No Qt here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from desktop_app.domain import DecisionKind, StatementLine
from desktop_app.wording import counted


class Removal(Protocol):
    """What a removal reports (``RemovedStatement``, the window's ``RemovalResult``)."""

    @property
    def source_file(self) -> str: ...
    @property
    def decisions_withdrawn(self) -> int: ...
    @property
    def withdrawn_kinds(self) -> tuple[DecisionKind, ...]: ...
    @property
    def kept_lines(self) -> tuple[StatementLine, ...]: ...
    @property
    def decisions_carried(self) -> int: ...


# What the accountant decided, in the words the Reconcile screen's states use.
DECIDED = {
    DecisionKind.ACCEPT: "accepted",
    DecisionKind.MANUAL_MATCH: "matched by hand",
    DecisionKind.REJECT: "rejected",
}


def decisions_said(kinds: Sequence[DecisionKind], where: str, more: str = "") -> str:
    """'3 decisions on its lines (2 accepted, 1 rejected)', ``where`` being ' on its lines'
    ('1 more decision (1 accepted)' with ``more`` 'more ')."""
    counts = Counter(kinds)
    parts = ", ".join(f"{counts[kind]:,} {word}" for kind, word in DECIDED.items() if counts[kind])
    noun = "decision" if len(kinds) == 1 else "decisions"
    return f"{len(kinds):,} {more}{noun}{where}" + (f" ({parts})" if parts else "")


def removed_said(result: Removal) -> str:
    """The status bar's line after "Removed ": the file, the decisions withdrawn, and the
    movements another statement still holds ('nov.csv and 2 decisions withdrawn. 3
    movements stay: dec.csv also holds them.')."""
    withdrawn = result.decisions_withdrawn
    note = f" and {counted(withdrawn, 'decision')} withdrawn" if withdrawn else ""
    return f"{result.source_file}{note}.{still_held_said(result)}"


def withdrawn_notes(result: Removal) -> list[str]:
    """What a removal withdrew and what went with the movements kept, a sentence each:
    the accountant decides the withdrawn ones again once the file is imported again."""
    count = result.decisions_withdrawn
    kinds = result.withdrawn_kinds
    where = " on its lines"
    said = (
        decisions_said(kinds, where)
        if len(kinds) == count
        else f"{counted(count, 'decision')}{where}"
    )
    notes = []
    if count:
        verb = "was" if count == 1 else "were"
        notes.append(
            f"{said} {verb} withdrawn: decide {'it' if count == 1 else 'them'} "
            f"again once the file is imported again; the audit trail keeps "
            f"{'it' if count == 1 else 'them'}."
        )
    carried = result.decisions_carried
    if carried:
        files = " and ".join(sorted({line.source_file for line in result.kept_lines}))
        moved = "decision moved" if carried == 1 else "decisions moved"
        notes.append(f"{carried:,} {moved} with the movements {files} also holds.")
    return notes


def still_held_said(result: Removal) -> str:
    """How many of a removed statement's movements stay, because another statement (an
    overlapping download) holds them too, and the decisions that went with them: the
    accountant sees neither was lost. Empty, or a sentence after a space."""
    count = len(result.kept_lines)
    if not count:
        return ""
    files = sorted({line.source_file for line in result.kept_lines})
    movements, them = ("movement stays", "it") if count == 1 else ("movements stay", "them")
    holds = "holds" if len(files) == 1 else "hold"
    carried = result.decisions_carried
    decisions = "decision" if carried == 1 else "decisions"
    moved = f"; {carried:,} {decisions} moved with {them}" if carried else ""
    return f" {count:,} {movements}: {' and '.join(files)} also {holds} {them}{moved}."
