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
(``dedup.stand_ins``) and no movement is lost. The lines kept are indexed as they come
and go (``dedup.KeptLines``), as a workspace indexes its stored lines: an import costs in
proportion to its own file, not to every line held before it.

Imports and removals run on worker threads, possibly several at once: one lock keeps each
of them whole, so a file is merged with every file before it, as the workspace serialises
its writes.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app import gc_pause
from desktop_app.domain import LineKey, StatementLine
from desktop_app.statements import StatementImport
from desktop_app.statements.dedup import KeptLines, stand_ins
from desktop_app.statements.same_statement import HeldLines, SameStatement, same_lines_as
from desktop_app.ui.services import ServiceError


@dataclass(frozen=True, slots=True)
class SessionImport:
    kept: tuple[StatementLine, ...]  # the lines new to the session, in file order
    repeated: int  # lines already held from another statement (or the same file again)
    same_file_as: str | None = None  # the statement held that is this very file
    # That statement's lines as held, read under the lock that found it (one the window
    # re-imports with other settings is compared with them: ``new_reading``).
    held_lines: tuple[StatementLine, ...] = ()
    # The statement held whose lines this file's are, every one, under another name
    # (``same_statement.same_lines_as``): held as a statement, it added no line.
    same_lines_as: str | None = None

    def same_statement(self, source_file: str, lines: int) -> SameStatement | None:
        """``source_file`` said as the statement held that it is under another name (a
        session keeps no import times), as ``ImportOutcome.same_statement`` says it."""
        same_as = self.same_file_as or self.same_lines_as
        return SameStatement.of(source_file, lines, same_as, self.same_file_as is not None)


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

    def lines(self) -> HeldLines:
        """What it holds, for a file's lines to be compared with (``same_lines_as``)."""
        own = len(self.statement.lines) - len(self.repeats)
        return HeldLines(self.statement.source_file, own, self.repeats)


class SessionStatements:
    def __init__(self) -> None:
        self._held: dict[str, HeldStatement] = {}  # by file name, in the order imported
        self._kept = KeptLines()  # the lines kept of them, for the next import to compare
        self._lock = threading.Lock()

    def add(self, statement: StatementImport) -> SessionImport:
        """Hold ``statement``, keeping the lines no statement held before it repeats.

        As in a workspace, the same file again adds nothing, and another file under a
        name already held is refused: the window knows lines by file name and row.
        """
        with self._lock:
            for name, held in self._held.items():
                if held.statement.sha256 == statement.sha256:
                    return SessionImport((), len(statement.lines), name, held.statement.lines)
            if statement.source_file in self._held:
                raise ServiceError(
                    f"a different file named {statement.source_file!r} was already imported "
                    "in this session; remove that statement first, or rename the new file and "
                    "import it again"
                )
            merged = self._kept.merge(
                statement.lines, statement.account, statement.line_accounts, statement.format
            )
            # In row order, as a workspace lists them: the first copy of a line stands in.
            ordered = sorted(merged.repeats.items(), key=lambda repeat: repeat[0].row)
            repeats = {key: same.key for key, same in ordered}
            same_lines = same_lines_as(
                statement.lines, repeats, (held.lines() for held in self._held.values())
            )
            held = HeldStatement(statement, repeats, merged.places)
            self._held[statement.source_file] = held
            return SessionImport(tuple(held.kept()), len(repeats), same_lines_as=same_lines)

    def remove(self, source_file: str) -> SessionRemoval:
        """Take the statement out; the lines of other statements that repeated its lines
        are kept in their place, and every remaining repeat points at a line still held."""
        with self._lock, gc_pause.paused():
            removed = self._held.pop(source_file, None)
            if removed is None:
                return SessionRemoval(0, ())
            copies = {  # the lines that repeated the removed statement's, with their scopes
                key: held.places[key][0]
                for held in self._held.values()
                for key, same_as in held.repeats.items()
                if same_as.source_file == source_file
            }
            repeats = {name: held.repeats for name, held in self._held.items()}
            result = stand_ins(source_file, repeats, copies)
            for name, held in self._held.items():
                held.repeats = result.repeats[name]
            standing = self._standing(result.kept)
            kept = removed.kept()
            self._reindex(kept, removed.repeats, standing, copies)
            return SessionRemoval(len(kept), standing)

    def _reindex(
        self,
        kept: Sequence[StatementLine],
        repeats: dict[LineKey, LineKey],
        standing: Sequence[StatementLine],
        copies: dict[LineKey, str],
    ) -> None:
        """The kept lines follow a removal: the removed statement's (``kept``) go, and so
        do the claims its ``repeats`` made; the lines standing in are kept, and the other
        copies of the removed lines claim the stand-in they now repeat."""
        self._kept.forget(line.key for line in kept)
        for key, same_as in repeats.items():
            self._kept.unclaim(same_as, key)
        for line in standing:
            self._kept.keep(line, *self._held[line.source_file].places[line.key])
        for key, scope in copies.items():
            now_repeats = self._held[key.source_file].repeats.get(key)
            if now_repeats is not None:  # it did not stand in itself
                self._kept.claim(now_repeats, key, scope)

    def held(self) -> list[HeldStatement]:
        """The statements held, in the order imported (copies: the repeats may change)."""
        with self._lock:
            return [
                HeldStatement(held.statement, dict(held.repeats), held.places)
                for held in self._held.values()
            ]

    def _standing(self, keys: Sequence[LineKey]) -> tuple[StatementLine, ...]:
        """The held lines of ``keys``, in their order."""
        rows = {
            name: {line.row: line for line in self._held[name].statement.lines}
            for name in {key.source_file for key in keys}
        }
        return tuple(rows[key.source_file][key.row] for key in keys)

    def clear(self) -> None:
        with self._lock:
            self._held.clear()
            self._kept = KeptLines()
