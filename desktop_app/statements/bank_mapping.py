"""A mapping given with a bank format's file (OFX/QFX, CAMT.053/.052, MT940, QIF, IIF).

A mapping says how to read a CSV or Excel file: its sheet, header row, columns, date
order, decimal mark, signs, encoding. A bank format names each field of a line itself
(OFX's <TRNAMT>, CAMT's <Amt>, MT940's :61:), so none of that has anything to set there,
and the reader applies none of it. Left unsaid, an accountant who gave
``{"date_order": "DMY"}`` for a QIF file would believe it read day-first: the import
says which of the mapping's settings it did not apply (``MappingNotApplied``), among the
import's warnings, so the command line and the window's import banner say it as they
say any other.

The mapping's currency is the one setting that does apply: it is the currency of each
line the file states none for (a QIF file names none, an OFX file may leave out
CURDEF), before the run's ``--currency``, as it is for a table's lines whose currency
cell is blank (``mapping_currency``). The reconcile command's advice for lines in no
currency ('a --mapping with {"currency": "GBP"}') thus holds for a bank file too. Where
the file states a line's currency, the file's stands, and the import says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.domain import StatementLine
from desktop_app.statements.mapping import Mapping
from desktop_app.statements.model import RowWarning
from desktop_app.wording import and_list, counted, plural


@dataclass(frozen=True, slots=True)
class MappingNotApplied(RowWarning):
    """The import's warning that a bank file was read without (some of) its mapping: a
    warning about the file (no row), so a note, not a row skipped. A class of its own so
    that ``desktop-app statement`` can say it on stderr too, beside its JSON, as it says
    the other warning about the mapping given (``mapping_currency``)."""


def mapped_currency(mapping: Mapping | None) -> str | None:
    """The currency ``mapping`` gives the lines that state none, as an ISO code."""
    if mapping is None or mapping.currency is None:
        return None
    return mapping.currency.strip().upper()


def mapping_not_applied(
    source_file: str,
    format_name: str,
    mapping: Mapping | None,
    lines: Sequence[StatementLine],
) -> MappingNotApplied | None:
    """What a bank file read with ``mapping`` did not take of it: the settings it has
    nothing to set in (every one but the currency), and, where the file states some of its
    lines' currencies, that the mapping's currency was used only for the others. ``lines``
    are the file's as read, before any currency was given them. None where the mapping was
    applied whole, or none was given."""
    if mapping is None:
        return None
    named = format_name.upper()
    ignored = [f'"{key}"' for key in mapping.to_json() if key != "currency"]
    said: list[str] = []
    if ignored:
        said.append(
            f"the mapping's {and_list(ignored)} {plural(len(ignored), 'is', 'are')} not "
            f"applied: a mapping says how to read a CSV or Excel file's columns, and "
            f"{named} names each field of its lines itself"
        )
    code = mapped_currency(mapping)
    unstated = sum(line.states_no_currency for line in lines)
    if code is not None and unstated < len(lines):
        if unstated:
            said.append(
                f'the mapping\'s "currency" {code} is used only for the {unstated:,} of '
                f"{counted(len(lines), 'line')} whose currency the file does not state; the "
                "others are in the currency the file states"
            )
        else:
            said.append(
                f'the mapping\'s "currency" {code} is used for no line: the file states '
                "every line's currency itself"
            )
    if not said:
        return None
    return MappingNotApplied(source_file, None, None, "; ".join(said))
