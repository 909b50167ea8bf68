"""The open workspace's statements and their lines, as the continuity check reads them,
held on the worker's side and kept in step with each import and removal.

Whether the statements follow each other (``statements.continuity``) is checked after
every import and removal, from every statement's stated balances and repeats and every
stored line's movement. Read back from the file each time (``Workspace.load_movements``
and ``Workspace.statements``), they cost most of a second at 200,000 lines, and read back
the repeats an import had just stored, which ``statement_store.add`` avoids reading. The
worker has them already: opening a workspace loads its lines, an import knows the lines
it kept and the statement it stored, and a removal says which other statements' lines
now stand in for the removed file's. So they are held here, by file, and changed with
the workspace, to be what reading them afresh would give.

What is held belongs to one ``Workspace`` object (the file as opened): a change made to
another (the one being left while the next one opens) is not applied, and a reader of
another workspace finds nothing held, and reads it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain

from desktop_app.domain import StatementLine
from desktop_app.workspace import StatementRecord, Workspace


@dataclass(frozen=True, slots=True)
class HeldStatements:
    """The statements held, in import order, and their stored lines, file by file: what
    ``Workspace.statements`` and ``Workspace.load_movements`` would read now. Nothing in
    it changes once taken (each file's lines are a tuple, replaced when they change)."""

    statements: tuple[StatementRecord, ...]
    by_file: tuple[tuple[StatementLine, ...], ...]

    def lines(self) -> Iterator[StatementLine]:
        return chain.from_iterable(self.by_file)


class WorkspaceMovements:
    """One workspace's statements and lines, held (module docstring).

    Imports and removals run on worker threads, possibly more than one at once: a caller
    changing the workspace's statements does it inside ``changing()``, which keeps the
    change and its update here whole, so what is held follows the workspace's commits in
    their order (an import stored while a removal waits is held before the removal
    re-reads the statements it changed)."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._workspace: Workspace | None = None
        self._statements: dict[str, StatementRecord] = {}
        self._lines: dict[str, tuple[StatementLine, ...]] = {}

    @contextmanager
    def changing(self) -> Iterator[None]:
        """Around a change to the workspace's statements and the call telling this of it."""
        with self._lock:
            yield

    def hold(
        self,
        workspace: Workspace,
        statements: Iterable[StatementRecord],
        lines: Iterable[StatementLine],
    ) -> HeldStatements:
        """Hold ``workspace``'s statements and lines as just read (opening it), instead of
        whatever was held."""
        with self._lock:
            self._workspace = workspace
            self._statements = {record.source_file: record for record in statements}
            self._lines = {}
            self._add(lines)
            return self._held()

    def take(self, other: WorkspaceMovements) -> None:
        """Hold what ``other`` holds, instead of whatever was held: a workspace's
        statements and lines read into ``other`` before it was made current (opening it
        all or nothing), taken in once it is."""
        with self._lock, other._lock:
            self._workspace = other._workspace
            self._statements, self._lines = dict(other._statements), dict(other._lines)

    def forget(self) -> None:
        """Hold nothing (the workspace is closed)."""
        with self._lock:
            self._workspace = None
            self._statements, self._lines = {}, {}

    def of(self, workspace: Workspace) -> HeldStatements | None:
        """What is held of ``workspace``; None when another (or none) is held."""
        with self._lock:
            return self._held() if workspace is self._workspace else None

    def imported(
        self, workspace: Workspace, statement: StatementRecord, kept: Iterable[StatementLine]
    ) -> None:
        """``statement`` was stored in ``workspace`` (as ``add_statement`` returned it, with
        its repeats) with ``kept``, its lines the workspace did not hold already."""
        with self._lock:
            if workspace is not self._workspace:
                return
            self._statements[statement.source_file] = statement
            self._add(kept)

    def removed(
        self, workspace: Workspace, source_file: str, kept_lines: Iterable[StatementLine]
    ) -> None:
        """``source_file`` was taken out of ``workspace`` (``Workspace.remove_statement``):
        its lines go, the lines of other statements that now stand in for them
        (``kept_lines``) come in, and the records of the statements that repeated its
        lines are read again: their repeats were stood in or pointed at a stand-in (and
        those recorded before format 4 with no stand-in still name the removed line)."""
        with self._lock:
            if workspace is not self._workspace:
                return
            self._statements.pop(source_file, None)
            self._lines.pop(source_file, None)
            self._add(kept_lines)
            repeating = [
                name
                for name, record in self._statements.items()
                if any(kept.source_file == source_file for kept in record.repeats.values())
            ]
            for record in workspace.statements_of(repeating):
                self._statements[record.source_file] = record

    def _add(self, lines: Iterable[StatementLine]) -> None:
        grouped: dict[str, list[StatementLine]] = {}
        for line in lines:
            grouped.setdefault(line.source_file, []).append(line)
        for name, added in grouped.items():
            self._lines[name] = (*self._lines.get(name, ()), *added)

    def _held(self) -> HeldStatements:
        statements = sorted(self._statements.values(), key=lambda record: record.id)
        return HeldStatements(tuple(statements), tuple(self._lines.values()))
