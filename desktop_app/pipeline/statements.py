"""Import several statements as one set: all or nothing, with duplicates across files removed.

Overlapping downloads (January-to-March and March-to-May) repeat March's lines; identical
real rows within one file are kept (``statements.dedup`` counts occurrences). Lines repeat
only within one account, as in the workspace: the same fee on two accounts is two fees,
also when one file holds both accounts' statements. A file that names no account is
compared with every account's lines, and a line of it that one account's statement repeats
is that account's (``statements.dedup.file_repeats``). One named account's statements in two
formats (MT940 and CAMT.053) word a booking differently: it is still kept once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop_app.domain import LineKey, StatementLine
from desktop_app.statements import (
    Mapping,
    ProfileStore,
    StatementImport,
    StatementImportError,
    import_statement,
)
from desktop_app.statements.dedup import Duplicate, KeptLines
from desktop_app.statements.same_statement import HeldLines, SameStatement, same_lines_as


@dataclass(frozen=True, slots=True)
class ImportedStatements:
    imports: tuple[StatementImport, ...]
    lines: tuple[StatementLine, ...]  # across all files, overlaps removed, in file order
    duplicates: tuple[Duplicate, ...]
    # The files that are a statement given before them under another name, its bytes or
    # its lines, every one: they added nothing, and the run says so (``SameStatement``).
    same: tuple[SameStatement, ...] = ()


def import_statements(
    paths: Sequence[Path],
    *,
    default_currency: str | None = None,
    profiles: ProfileStore | None = None,
    mappings: Sequence[Mapping | None] = (),
    locale_hint: str | None = None,
) -> ImportedStatements:
    """Import every file or raise the first ``StatementImportError`` (nothing is kept).
    Two different files of one name are refused before any is merged. ``mappings`` holds
    one entry per path (or none at all): the accountant's mapping for that file, which
    comes before any saved profile. ``locale_hint`` as ``import_statement``'s."""
    if mappings and len(mappings) != len(paths):
        raise ValueError("import_statements: give one mapping (or None) per path, or none")
    chosen = mappings or [None] * len(paths)
    imports = tuple(
        import_statement(
            path,
            mapping=mapping,
            default_currency=default_currency,
            profiles=profiles,
            locale_hint=locale_hint,
        )
        for path, mapping in zip(paths, chosen, strict=True)
    )
    _refuse_shared_names(paths, imports)
    merged = KeptLines()
    kept: list[StatementLine] = []
    duplicates: list[Duplicate] = []
    held: dict[str, HeldLines] = {}  # each file merged, by name, as the next is compared
    same: list[SameStatement] = []
    for imported in imports:
        repeats = merged.merge(
            imported.lines, imported.account, imported.line_accounts, imported.format
        ).repeats
        for line in imported.lines:
            if line.key in repeats:
                duplicates.append(Duplicate(line, repeats[line.key]))
            else:
                kept.append(line)
        repeated = {key: line.key for key, line in repeats.items()}
        copy = _same_statement(imported, imports, repeated, held.values())
        if copy is not None:
            same.append(copy)
        own = len(imported.lines) - len(repeats)
        held.setdefault(imported.source_file, HeldLines(imported.source_file, own, repeated))
    return ImportedStatements(imports, tuple(kept), tuple(duplicates), tuple(same))


def _same_statement(
    imported: StatementImport,
    imports: Sequence[StatementImport],
    repeats: dict[LineKey, LineKey],
    held: Iterable[HeldLines],
) -> SameStatement | None:
    """``imported`` said as the statement given before it under another name that it is:
    the same bytes (a copy), else the same lines, every one (``same_lines_as``)."""
    name, count = imported.source_file, len(imported.lines)
    for earlier in imports:
        if earlier is imported:
            break
        if earlier.sha256 == imported.sha256 and earlier.source_file != name:
            return SameStatement.of(name, count, earlier.source_file, True)
    return SameStatement.of(name, count, same_lines_as(imported.lines, repeats, held), False)


def _refuse_shared_names(paths: Sequence[Path], imports: Sequence[StatementImport]) -> None:
    """Lines are known by their file's name and row (on every sheet, in the merge and in
    the workspace), so two different files of one name, such as two folders'
    "statement.csv", would share every row's name: checked before the merge, which
    indexes the kept lines by that name and row. An identical copy is the same
    statement, as the workspace takes it."""
    seen: dict[str, tuple[str, Path]] = {}
    for path, statement in zip(paths, imports, strict=True):
        sha256, first = seen.setdefault(statement.source_file, (statement.sha256, path))
        if sha256 != statement.sha256:
            raise StatementImportError(
                f"{first} and {path} are different files of one name, "
                f"{statement.source_file}: the report names each line by its file's name "
                "and row, so rename one"
            )
