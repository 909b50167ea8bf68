"""Statement files imported together as ``desktop-app reconcile`` holds them (overlaps
held once), and the breaks between them as the report's Summary and the window say them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from desktop_app.domain import LineKey, StatementLine
from desktop_app.export import StatementUsed
from desktop_app.pipeline.statements import import_statements
from desktop_app.statements import StatementImport
from desktop_app.statements.continuity import StatedBalances, StatementStep, compare, spans


def held(
    *paths: Path, currency: str | None = None
) -> tuple[list[StatementUsed], list[StatementLine]]:
    """The statements as the run lists them (each with the lines it repeats) and the
    lines the run holds, each movement once."""
    imported = import_statements(list(paths), default_currency=currency)
    repeats: dict[str, dict[LineKey, LineKey]] = {}
    for duplicate in imported.duplicates:
        repeats.setdefault(duplicate.line.source_file, {})[duplicate.line.key] = (
            duplicate.same_as.key
        )
    statements = [
        StatementUsed.of_import(item, repeats.get(item.source_file)) for item in imported.imports
    ]
    return statements, list(imported.lines)


def steps_of(*paths: Path, currency: str | None = None) -> list[StatementStep]:
    """Every pair of the files compared."""
    statements, lines = held(*paths, currency=currency)
    return compare(spans(statements, lines))


def _breaks(
    statements: Iterable[StatedBalances], lines: Iterable[StatementLine]
) -> list[StatementStep]:
    """The pairs compared that do not follow each other (``Continuity.said``'s breaks)."""
    return [step for step in compare(spans(statements, lines)) if not step.follows]


def breaks_of(*paths: Path, currency: str | None = None) -> list[str]:
    """Each break between the files, in words."""
    statements, lines = held(*paths, currency=currency)
    return [str(step) for step in _breaks(statements, lines)]


def breaks_between(*imports: StatementImport) -> list[str]:
    """Each break between files already imported, none repeating another's lines."""
    statements = [StatementUsed.of_import(item) for item in imports]
    lines = [line for item in imports for line in item.lines]
    return [str(step) for step in _breaks(statements, lines)]
