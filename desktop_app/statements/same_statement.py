"""A statement imported again under another name: the same bytes, or the same lines.

A download saved twice ("march (1).csv"), or the same month exported again (another
format, other line endings), adds nothing: its bytes are a file already held (the
workspace and the session then hold nothing new), or each of its lines repeats a line
already held (``dedup``). That is right, but said as "0 lines imported" it leaves the
accountant wondering which file they imported twice, or whether the import failed. So
it is said with both files named, how many lines they share, and, where a workspace
keeps it, when the first came in: the window's note and ``reconcile``'s stderr say
the same words (``SameStatement``).

A file is the same lines as a held statement when every one of its lines repeats a
line held, and those lines are that statement's, all of them: the lines it keeps
itself and those it holds under an earlier file's line (``HeldLines``). A file whose
lines are only part of a statement (one month of a quarter's download) is an overlap,
not a copy, and is said as one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from desktop_app.domain import LineKey, StatementLine
from desktop_app.wording import counted, day_text


@dataclass(frozen=True, slots=True)
class HeldLines:
    """What a held statement holds, as a merge knows it: how many of its lines are kept
    as its own (``own``), and, for each of its other lines, the line of an earlier
    file kept in its place (``repeats``)."""

    source_file: str
    own: int
    repeats: Mapping[LineKey, LineKey]

    def __len__(self) -> int:
        return self.own + len(self.repeats)


def same_lines_as(
    lines: Sequence[StatementLine],
    repeats: Mapping[LineKey, LineKey],
    held: Iterable[HeldLines],
) -> str | None:
    """The held statement whose lines are exactly ``lines``, a file just merged with
    ``repeats`` (each of its lines that repeats a held line -> that line); None when
    one of its lines is new, or the lines it repeats are not one statement's, all of
    them.

    Every line repeats a distinct held line (a merge never lets two lines of a file
    repeat one), so the lines repeated are as many as ``lines``: they are a statement's
    when that statement holds as many and each is one of its own or one it repeats.
    """
    if not lines or any(line.key not in repeats for line in lines):
        return None
    repeated = [repeats[line.key] for line in lines]
    for statement in held:
        if statement.source_file == lines[0].source_file or len(statement) != len(lines):
            continue
        also = set(statement.repeats.values())
        name = statement.source_file
        if all(key.source_file == name or key in also for key in repeated):
            return name
    return None


@dataclass(frozen=True, slots=True)
class SameStatement:
    """A file that added nothing because it is a statement already held under another
    name: ``same_bytes`` the very file (a copy), else the same lines (exported again).
    ``imported_at`` is when the held one came into the workspace; None for one read
    earlier in the same session or run."""

    source_file: str
    same_as: str
    lines: int
    same_bytes: bool
    imported_at: datetime | None = None

    @classmethod
    def of(
        cls,
        source_file: str,
        lines: int,
        same_as: str | None,
        same_bytes: bool,
        imported_at: datetime | None = None,
    ) -> SameStatement | None:
        """``source_file`` said as ``same_as``, the statement held that it is; None where
        there is nothing to say so: no statement held, or the file held under its own
        name (a scheduled run's usual case, and the window's "already imported")."""
        if same_as is None or same_as == source_file:
            return None
        return cls(source_file, same_as, lines, same_bytes, imported_at)

    def __str__(self) -> str:
        lines = counted(self.lines, "line")
        if self.imported_at is None:
            when = "already imported"
        else:  # the accountant's day, not UTC's
            when = f"imported on {day_text(self.imported_at.astimezone().date())}"
        if self.same_bytes:
            return (
                f"{self.source_file} is the same file as {self.same_as} ({lines}), "
                f"{when}: nothing added."
            )
        return f"{self.source_file} has the same {lines} as {self.same_as}, {when}: nothing added."
