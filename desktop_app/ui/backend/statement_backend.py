"""Statement import for the window: a preview with the evidence, then the import itself.

The preview is the importer's own result (its layout and the first lines' raw cells), so
what the wizard shows is exactly what would be imported; the result is kept so that
confirming without changes does not read the file twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping as MappingABC
from pathlib import Path
from typing import Any

from desktop_app.statements import (
    Mapping,
    StatementImport,
    import_statement,
    profile_from_layout,
)
from desktop_app.statements.layout import TEXT_ROLES
from desktop_app.statements.mapping import ROLES
from desktop_app.statements.profiles import ProfileStore
from desktop_app.ui.services import ColumnGuess, ColumnMapping, StatementPreview

PREVIEW_LINES = 60

_EVIDENCE_KEYS = {
    "date": ("date", "date_order"),
    "amount": ("amount", "amount_style", "decimal_mark"),
}


class StatementBackend:
    def __init__(self, profiles: ProfileStore | None = None) -> None:
        self._profiles = profiles
        self._last: tuple[Path, float, StatementImport] | None = None

    def read(self, path: Path, mapping: Mapping | None = None) -> StatementImport:
        result = import_statement(path, mapping=mapping, profiles=self._profiles)
        if mapping is None:
            self._last = (path, path.stat().st_mtime, result)
        return result

    def detected(self, path: Path) -> StatementImport:
        """The detection-only import of ``path``, reused if the file has not changed."""
        if self._last is not None:
            last_path, mtime, result = self._last
            if last_path == path and path.stat().st_mtime == mtime:
                return result
        return self.read(path)

    def preview(self, path: Path) -> StatementPreview:
        result = self.detected(path)
        layout = result.layout
        lines = result.lines[:PREVIEW_LINES]
        rows = tuple(tuple(line.raw) for line in lines)
        numbers = tuple(line.row for line in lines)
        if layout is None:  # OFX, CAMT, MT940: a fixed structure, nothing to map
            fixed = (f"format: {result.format}",)
            return StatementPreview(path, rows, numbers, None, (), ROLES, fixed, editable=False)
        header = tuple(layout.columns)
        evidence = dict(layout.evidence)
        roles = layout.column_roles()
        guesses = tuple(
            ColumnGuess(
                index, name, roles.get(index), _column_evidence(name, roles.get(index), evidence)
            )
            for index, name in enumerate(header)
        )
        if layout.header_row is not None:
            rows, numbers = (header, *rows), (layout.header_row, *numbers)
        notes = _file_notes(evidence, header)
        return StatementPreview(
            path, rows, numbers, layout.header_row, guesses, ROLES, notes, currency=layout.currency
        )

    def import_file(self, path: Path, choice: ColumnMapping | None) -> StatementImport:
        """Import with the accountant's corrections (or as detected), saving a profile when
        asked."""
        if choice is None or choice.is_detection:
            return self.detected(path)
        mapping = to_mapping(choice)
        result = self.read(path, mapping)
        if choice.profile_name and result.layout is not None and self._profiles is not None:
            self._profiles.save(profile_from_layout(choice.profile_name, result.layout, mapping))
        return result


def to_mapping(choice: ColumnMapping) -> Mapping:
    """The wizard's roles (column index -> role) as the importer's mapping (1-based)."""
    by_role: defaultdict[str, list[int]] = defaultdict(list)
    for index, role in sorted(choice.roles.items()):
        by_role[role].append(index + 1)
    columns: dict[str, Any] = {
        role: indexes if role in TEXT_ROLES else indexes[0] for role, indexes in by_role.items()
    }
    header = 0 if choice.header_row is None else choice.header_row
    if not columns:
        return Mapping(currency=choice.currency)  # only the currency: keep the detected layout
    return Mapping(header_row=header, columns=columns, currency=choice.currency)


def _column_evidence(
    header: str, role: str | None, evidence: MappingABC[str, tuple[str, ...]]
) -> str:
    """The evidence lines that name this column (the importer quotes header names), and for
    the date column the date-order reasoning."""
    found = [line for line in _lines(evidence) if _names(line, header)]
    if role == "date":
        found += list(evidence.get("date_order", ()))
    if found:
        return "; ".join(found)
    return "not used" if role is None else f"taken as {role}"


def _file_notes(
    evidence: MappingABC[str, tuple[str, ...]], header: tuple[str, ...]
) -> tuple[str, ...]:
    """Evidence about the file as a whole: format, encoding, header row, sheet, profile."""
    return tuple(
        line
        for line in _lines(evidence)
        if not any(_names(line, name) for name in header) and not line.startswith("date_order:")
    )


def _lines(evidence: MappingABC[str, tuple[str, ...]]) -> list[str]:
    return [f"{key}: {line}" for key, lines in evidence.items() for line in lines]


def _names(line: str, header: str) -> bool:
    return bool(header.strip()) and f"'{header.strip()}'" in line
