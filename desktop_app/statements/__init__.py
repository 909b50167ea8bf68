"""Statement import: readers per format and layout inference for tabular files.

``import_statement(path)`` is the entry point; see ``importer`` for the contract.
"""

from desktop_app.statements.account_key import account_key
from desktop_app.statements.dedup import (
    Duplicate,
    account_scope,
    line_identity,
    lines_by_scope,
    occurrence_keys,
)
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
    "Duplicate",
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
    "account_key",
    "account_scope",
    "header_fingerprint",
    "import_bytes",
    "import_statement",
    "line_identity",
    "lines_by_scope",
    "load_mapping",
    "occurrence_keys",
    "profile_from_layout",
]
