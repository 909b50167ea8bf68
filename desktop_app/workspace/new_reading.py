"""A file held already, read differently now: which lines, in words to act on.

A statement is kept as first read (the workspace stores a file once, and so does the
window's session without one): a mapping, a profile or a correction that reads the same
file otherwise changes nothing held. Whoever reads it again must be told, or what they
see (a report, the wizard's result) and what is held part ways.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from desktop_app.domain import StatementLine

Differing = list[tuple[StatementLine | None, StatementLine]]


def differing_readings(
    held: Callable[[int], StatementLine | None], lines: Sequence[StatementLine]
) -> Differing:
    """Each line read now (``lines``) whose held line for its row (``held``: the line
    stored, or the movement it repeats) differs in date, amount or currency, with that
    held line (None when the row was not read before)."""
    differing: Differing = []
    for line in lines:
        before = held(line.row)
        if before is None or (before.date, before.amount, before.currency) != (
            line.date, line.amount, line.currency,
        ):  # fmt: skip
            differing.append((before, line))
    return differing


def described(differing: Differing) -> str:
    """'3 of its lines read differently now (row 7: 2025-03-04 12.50 GBP then,
    2025-03-04 -12.50 GBP now)', from the first that differs."""
    before, now = differing[0]
    then = "no line" if before is None else _shown(before)
    lines = "line reads" if len(differing) == 1 else "lines read"
    return (
        f"{len(differing)} of its {lines} differently now "
        f"(row {now.row}: {then} then, {_shown(now)} now)"
    )


def _shown(line: StatementLine) -> str:
    return f"{line.date} {line.amount}{f' {line.currency}' if line.currency else ''}"
