"""What the banner says when the workspace refuses some of one step's decisions.

One action on many selected matches (accept 50, or its undo or redo) is one step. When the
workspace cannot be written, each of its decisions is refused for the same reason, and a
banner per decision buried the window under fifty identical messages (the banner area
keeps only the last few, so the first ones were lost too). The step's refusals are said
once: which step, how many of its decisions, the first few by name, and why, each reason
once with how many it refused. A step of one decision (``total`` 1) is named by that
decision's own text ("Accept INV-1 ↔ …", not "Accept 1 matches") and said without counts.
Pure (no Qt): the wording is tested with the window.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

_NAMED = 3  # the refused decisions named before "and N more"

Refusal = tuple[str, Exception]  # the decision's own step text ("Accept INV-1 ↔ …"), why


def not_saved(step: str, refused: Sequence[Refusal], total: int) -> str:
    """Some of the ``total`` decisions of ``step`` (as the Undo menu names it, "Redo: "
    before it when redone) could not be saved: they are not applied."""
    if total == 1:
        return f"could not save “{step}”, so it is not applied: {_why(refused)}"
    if len(refused) == total:
        return (
            f"could not save “{step}” (its {total:,} decisions), so it is not applied: "
            f"{_why(refused)}"
        )
    return (
        f"could not save {_some(refused, total)} of “{step}”, so those are not applied "
        f"(the other {total - len(refused):,} are): {_why(refused)}"
    )


def not_undone(step: str, refused: Sequence[Refusal], total: int) -> str:
    """The workspace refused to undo some of the ``total`` decisions of ``step``: their
    decision changed since (a later one replaced it), so they still stand."""
    if total == 1:
        return f"“Undo: {step}” was not done: {_why(refused)}."
    which = "it" if len(refused) == total else _some(refused, total)
    return f"“Undo: {step}” was not done for {which}: {_why(refused)}."


def undo_not_saved(step: str, refused: Sequence[Refusal], total: int) -> str:
    """Undoing some of the ``total`` decisions of ``step`` could not be saved: they still
    stand, and the next run and the export apply them."""
    if total == 1:
        return (
            f"could not save “Undo: {step}”, so “{step}” still stands and the next run and "
            f"the export apply it; undo it again once it can be saved. {_why(refused)}"
        )
    which = f"its {total:,} decisions" if len(refused) == total else _some(refused, total)
    return (
        f"could not save “Undo: {step}” for {which}, so they still stand and the next run "
        f"and the export apply them; undo it again once it can be saved. {_why(refused)}"
    )


def _some(refused: Sequence[Refusal], total: int) -> str:
    """'3 of its 50 decisions (Accept INV-1, Accept INV-2, Accept INV-3)', the first few
    named, then how many more."""
    names = [text for text, _ in refused[:_NAMED]]
    more = len(refused) - len(names)
    listed = ", ".join(names) + (f" and {more:,} more" if more else "")
    return f"{len(refused):,} of its {total:,} decisions ({listed})"


def _why(refused: Sequence[Refusal]) -> str:
    """Each reason once, most frequent first; with how many it refused when they differ."""
    reasons = Counter(str(error) for _, error in refused)
    if len(reasons) == 1:
        return next(iter(reasons))
    return "; ".join(f"{reason} ({count:,})" for reason, count in reasons.most_common())
