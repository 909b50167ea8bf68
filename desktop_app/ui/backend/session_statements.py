"""The statements of a session without a workspace, with duplicates recognised as a workspace
recognises them.

Without a workspace the window still imports overlapping downloads (January-to-March, then
March-to-May). Their shared movements must be matched once, and each file's balance bridge
must still count them, exactly as with a workspace. So the rules are the workspace's own,
from ``statements.dedup``: a line's identity, its occurrence among identical rows of its
file, its account's scope, and which kept lines a new one may repeat (``file_repeats``,
with the lines an account's statement repeated counted as that account's). Nothing is
stored on disk; the session keeps every file's lines, the repeated ones too, so when a
statement is taken out another statement's copies of its movements take their place
(``dedup.stand_ins``) and no movement is lost.

Imports and removals run on worker threads, possibly several at once: one lock keeps each
of them whole, so a file is merged with every file before it, as the workspace serialises
its writes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass

from desktop_app.domain import LineKey, StatementLine
from desktop_app.statements import StatementImport
from desktop_app.statements.dedup import KeptLines, stand_ins


@dataclass(frozen=True, slots=True)
class SessionImport:
    kept: tuple[StatementLine, ...]  # the lines new to the session, in file order
    repeated: int  # lines already held from another statement (or the same file again)


@dataclass(frozen=True, slots=True)
class SessionRemoval:
    lines_removed: int  # the statement's lines the window showed
    stand_ins: tuple[StatementLine, ...]  # other statements' lines kept in their place


@dataclass(slots=True)
class HeldStatement:
    """One imported file: all its lines, and those of them that repeat a line held from
    another statement (line -> the line kept instead)."""

    statement: StatementImport
    repeats: dict[LineKey, LineKey]
    places: dict[LineKey, tuple[str, int]]  # each line's scope and occurrence

    def kept(self) -> list[StatementLine]:
        return [line for line in self.statement.lines if line.key not in self.repeats]


class SessionStatements:
    def __init__(self) -> None:
        self._held: dict[str, HeldStatement] = {}  # by file name, in the order imported
        self._lock = threading.Lock()

    def add(self, statement: StatementImport) -> SessionImport:
        """Hold ``statement``, keeping the lines no statement held before it repeats.

        As in a workspace, the same file again adds nothing, and another file under a
        name already held is refused: the window knows lines by file name and row.
        """
        with self._lock:
            if any(held.statement.sha256 == statement.sha256 for held in self._held.values()):
                return SessionImport((), len(statement.lines))
            if statement.source_file in self._held:
                raise ValueError(
                    f"a different file named {statement.source_file!r} was already imported "
                    "in this session; remove that statement first, or rename the new file and "
                    "import it again"
                )
            kept = _kept_lines(self._held.values())
            merged = kept.merge(statement.lines, statement.account, statement.line_accounts)
            # In row order, as a workspace lists them: the first copy of a line stands in.
            ordered = sorted(merged.repeats.items(), key=lambda repeat: repeat[0].row)
            repeats = {key: same.key for key, same in ordered}
            held = HeldStatement(statement, repeats, merged.places)
            self._held[statement.source_file] = held
            return SessionImport(tuple(held.kept()), len(repeats))

    def remove(self, source_file: str) -> SessionRemoval:
        """Take the statement out; the lines of other statements that repeated its lines
        are kept in their place, and every remaining repeat points at a line still held."""
        with self._lock:
            removed = self._held.pop(source_file, None)
            if removed is None:
                return SessionRemoval(0, ())
            scopes = {
                key: scope
                for held in self._held.values()
                for key, (scope, _) in held.places.items()
            }
            repeats = {name: held.repeats for name, held in self._held.items()}
            result = stand_ins(source_file, repeats, scopes)
            for name, held in self._held.items():
                held.repeats = result.repeats[name]
            lines = {
                line.key: line
                for name in {key.source_file for key in result.kept}
                for line in self._held[name].statement.lines
            }
            return SessionRemoval(len(removed.kept()), tuple(lines[key] for key in result.kept))

    def held(self) -> list[HeldStatement]:
        """The statements held, in the order imported (copies: the repeats may change)."""
        with self._lock:
            return [
                HeldStatement(held.statement, dict(held.repeats), held.places)
                for held in self._held.values()
            ]

    def clear(self) -> None:
        with self._lock:
            self._held.clear()


def _kept_lines(statements: Iterable[HeldStatement]) -> KeptLines:
    """The lines ``statements`` keep, by identity, each claimed by the lines of other
    statements that repeat it now, for a new statement to be compared with."""
    kept = KeptLines()
    held = list(statements)
    for statement in held:
        for line in statement.kept():
            kept.keep(line, *statement.places[line.key])
    for statement in held:
        for key, same_as in statement.repeats.items():
            kept.claim(same_as, statement.places[key][0])
    return kept
