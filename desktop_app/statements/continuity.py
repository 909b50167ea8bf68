"""Whether two statements of one account follow each other: the closing balance of the
earlier must be the opening balance of the later, or lines are missing between them.
"""

from __future__ import annotations

from desktop_app.statements.importer import StatementImport
from desktop_app.statements.model import RowWarning


def check_sequence(earlier: StatementImport, later: StatementImport) -> list[RowWarning]:
    if earlier.closing_balance is None or later.opening_balance is None:
        return []
    if earlier.closing_balance == later.opening_balance:
        return []
    first_row = later.lines[0].row if later.lines else None
    gap = later.opening_balance - earlier.closing_balance
    return [
        RowWarning(
            later.source_file,
            first_row,
            None,
            f"opens at {later.opening_balance} but {earlier.source_file} closes at "
            f"{earlier.closing_balance} (a gap of {gap}): lines are missing between them",
        )
    ]
