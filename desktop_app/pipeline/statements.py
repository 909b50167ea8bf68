"""Import several statements as one set: all or nothing, with duplicates across files removed.

Overlapping downloads (January-to-March and March-to-May) repeat March's lines; identical
real rows within one file are kept (``statements.dedup`` counts occurrences). Lines repeat
only within one account, as in the workspace: the same fee on two accounts is two fees,
also when one file holds both accounts' statements. A file that names no account is
compared with every account's lines.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop_app.domain import LineKey, StatementLine, statement_period
from desktop_app.statements import ProfileStore, StatementImport, import_statement
from desktop_app.statements.dedup import Duplicate, merge_statement


@dataclass(frozen=True, slots=True)
class ImportedStatements:
    imports: tuple[StatementImport, ...]
    lines: tuple[StatementLine, ...]  # across all files, overlaps removed, in file order
    duplicates: tuple[Duplicate, ...]

    def date_range(self) -> tuple[date, date] | None:
        return statement_period(self.lines)


def import_statements(
    paths: Sequence[Path],
    *,
    default_currency: str | None = None,
    profiles: ProfileStore | None = None,
) -> ImportedStatements:
    """Import every file or raise the first ``StatementImportError`` (nothing is kept)."""
    imports = tuple(
        import_statement(path, default_currency=default_currency, profiles=profiles)
        for path in paths
    )
    kept: list[StatementLine] = []
    kept_by_scope: defaultdict[str, list[StatementLine]] = defaultdict(list)
    duplicates: list[Duplicate] = []
    for imported in imports:
        repeats = _merge_by_scope(kept_by_scope, imported)
        for line in imported.lines:
            if line.key in repeats:
                duplicates.append(repeats[line.key])
            else:
                kept.append(line)
    return ImportedStatements(imports, tuple(kept), tuple(duplicates))


def _merge_by_scope(
    kept_by_scope: defaultdict[str, list[StatementLine]], imported: StatementImport
) -> dict[LineKey, Duplicate]:
    """Merge a file into the lines kept so far, each of its accounts with that account's
    lines (a file may hold several), and return its repeated lines."""
    merges = merge_statement(
        kept_by_scope, imported.lines, imported.account, imported.line_accounts
    )
    repeats: dict[LineKey, Duplicate] = {}
    for scope, merged in merges.items():
        kept_by_scope[scope].extend(merged.new)
        repeats.update((duplicate.line.key, duplicate) for duplicate in merged.duplicates)
    return repeats
