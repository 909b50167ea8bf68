"""Statement import: readers per format and layout inference for tabular files."""

from desktop_app.statements.model import ParsedStatement, RowWarning, StatementImportError

__all__ = ["ParsedStatement", "RowWarning", "StatementImportError"]
