"""Statement import: readers per format and layout inference for tabular files.

``import_statement(path)`` is the entry point; see ``importer`` for the contract.
"""

from desktop_app.statements.importer import StatementImport, import_bytes, import_statement
from desktop_app.statements.layout import AmountStyle, Layout
from desktop_app.statements.mapping import Mapping, MappingError, load_mapping
from desktop_app.statements.model import ParsedStatement, RowWarning, StatementImportError
from desktop_app.statements.profiles import (
    JsonProfileStore,
    ProfileStore,
    SavedProfile,
    header_fingerprint,
    profile_from_layout,
)

__all__ = [
    "AmountStyle",
    "JsonProfileStore",
    "Layout",
    "Mapping",
    "MappingError",
    "ParsedStatement",
    "ProfileStore",
    "RowWarning",
    "SavedProfile",
    "StatementImport",
    "StatementImportError",
    "header_fingerprint",
    "import_bytes",
    "import_statement",
    "load_mapping",
    "profile_from_layout",
]
