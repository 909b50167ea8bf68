"""``desktop-app statement FILE``: print the detected layout and parsed lines as JSON.

The JSON is the contract of design.md (``layout`` and ``lines`` with row, date, amount,
currency and description), extended with the other line fields and the warnings, so a
script can see exactly what the importer understood and why. A ``--mapping`` currency
given for a file with a currency column is warned of on stderr: it is only the currency
of lines whose cell is blank (``statements.mapping_currency``). So is a ``--mapping``
given for a bank format's file (OFX, CAMT, MT940...), which names its fields itself: what
of the mapping was not applied (``statements.bank_mapping``), among the warnings too.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from desktop_app.cli.errors import EXIT_OK, CliError
from desktop_app.domain import StatementLine, minor_units
from desktop_app.statements import (
    MappingError,
    StatementImport,
    StatementImportError,
    import_statement,
    load_mapping,
)
from desktop_app.statements.bank_mapping import MappingNotApplied
from desktop_app.statements.date_order import system_locale_hint
from desktop_app.statements.mapping_currency import mapped_currency_as_fallback

NAME = "statement"
HELP = "print a statement's detected layout and its lines as JSON"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE")
    parser.add_argument(
        "--mapping",
        metavar="FILE",
        help="a JSON mapping whose settings override detection, e.g. "
        '{"header_row": 3, "columns": {"date": "Datum", "amount": "Betrag"}, '
        '"date_order": "DMY", "decimal_mark": ","}',
    )


def run(args: argparse.Namespace) -> int:
    try:
        mapping = load_mapping(args.mapping) if args.mapping else None
        # Where no date settles day- or month-first, the system's locale may guess it.
        result = import_statement(args.file, mapping=mapping, locale_hint=system_locale_hint())
    except (StatementImportError, MappingError) as error:
        raise CliError(str(error)) from None
    fallback = mapped_currency_as_fallback(result, mapping)
    if fallback is not None:
        print(f"desktop-app: warning: {fallback}", file=sys.stderr)
    for unapplied in result.warnings:
        if isinstance(unapplied, MappingNotApplied):
            print(f"desktop-app: warning: {unapplied}", file=sys.stderr)
    json.dump(statement_json(result), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return EXIT_OK


def statement_json(result: StatementImport) -> dict[str, Any]:
    return {
        "source_file": result.source_file,
        "sha256": result.sha256,
        "layout": result.layout_json(),
        "opening_balance": _plain(result.opening_balance),
        "closing_balance": _plain(result.closing_balance),
        "lines": [_line(line) for line in result.lines],
        "warnings": [str(warning) for warning in result.warnings],
    }


def _line(line: StatementLine) -> dict[str, Any]:
    return {
        "row": line.row,
        "date": line.date.isoformat(),
        "amount": _amount(line),
        "currency": line.currency,
        "description": line.description,
        "reference": line.reference,
        "counterparty": line.counterparty,
        "value_date": None if line.value_date is None else line.value_date.isoformat(),
        "balance": _plain(line.balance),
    }


def _amount(line: StatementLine) -> str:
    """The exact amount, padded to the currency's minor units ("-10,7" EUR is "-10.70")."""
    amount = line.amount
    decimals = minor_units(line.currency) if line.currency else 2
    if -amount.as_tuple().exponent < decimals:  # type: ignore[operator]
        amount = amount.quantize(type(amount)(1).scaleb(-decimals))
    return _plain(amount) or "0"


def _plain(value: Any) -> str | None:
    if value is None:
        return None
    text = format(value, "f")
    return "0" if text in ("-0", "+0") else text
