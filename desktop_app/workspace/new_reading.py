"""A file held already, read differently now: which lines, in words to act on.

A statement is kept as first read (the workspace stores a file once, and so does the
window's session without one): a mapping, a profile or a correction that reads the same
file otherwise changes nothing held. Whoever reads it again must be told, or what they
see (a report, the wizard's result) and what is held part ways.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from desktop_app.domain import StatementLine

Differing = list[tuple[StatementLine | None, StatementLine | None]]


def differing_readings(
    held: Mapping[int, StatementLine], lines: Sequence[StatementLine]
) -> Differing:
    """The rows whose reading now (``lines``) differs from the held line of that row
    (``held``: the line stored, or the movement it repeats) in date, amount or currency,
    in row order: each held line (None for a row not read before) with the line read now
    (None for a row no longer read, such as a row the accountant now leaves out)."""
    now = {line.row: line for line in lines}
    differing: Differing = []
    for row in sorted(held.keys() | now.keys()):
        before, after = held.get(row), now.get(row)
        if before is None or after is None or (before.date, before.amount, before.currency) != (
            after.date, after.amount, after.currency,
        ):  # fmt: skip
            differing.append((before, after))
    return differing


def described(differing: Differing) -> str:
    """'3 of its lines read differently now (row 7: 2025-03-04 12.50 GBP then,
    2025-03-04 -12.50 GBP now)', from the first that differs."""
    before, after = differing[0]
    either = after if after is not None else before
    assert either is not None  # a row differs because it was read then, now, or both
    row = either.row
    then = "no line" if before is None else _shown(before)
    now = "no line" if after is None else _shown(after)
    reads = "reads" if len(differing) == 1 else "read"
    return (
        f"{len(differing)} of its lines {reads} differently now (row {row}: {then} then, {now} now)"
    )


def _shown(line: StatementLine) -> str:
    return f"{line.date} {line.amount}{f' {line.currency}' if line.currency else ''}"
