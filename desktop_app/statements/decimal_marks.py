"""Which separator is the decimal mark, per column, from every value in it.

One decisive value settles a column ("12,5" can only be a decimal comma; "1,234.56" only a
decimal point). Columns with only ambiguous values ("1.234") follow the file's other money
columns, then the currency (a 3-decimal dinar makes "4.750" four and three-quarters), then
the delimiter (semicolon files come from decimal-comma countries).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from desktop_app.statements.column_stats import ColumnStats
from desktop_app.statements.numbers import Vote, parse_amount
from desktop_app.wording import plural

_NAMES = {".": "decimal point", ",": "decimal comma"}


@dataclass(frozen=True, slots=True)
class MarkDecision:
    mark: str
    decided: bool  # False when nothing in the column settled it
    evidence: str


def mark_name(mark: str) -> str:
    return _NAMES[mark]


def _parse(stats: ColumnStats) -> str:
    """ "3 of 4 values parse as amounts", "1 of 1 value parses as an amount"."""
    one = stats.amounts == 1
    parse = "parses as an amount" if one else "parse as amounts"
    return f"{stats.amounts} of {stats.nonempty} {plural(stats.nonempty, 'value')} {parse}"


def decide_column_mark(column: str, stats: ColumnStats) -> MarkDecision | None:
    """The column's own verdict, or None when its values leave the mark open; ``column``
    is the column as the evidence names it ("column 'Betrag'", "column 3")."""
    dots, commas = stats.votes[Vote.DOT], stats.votes[Vote.COMMA]
    if not dots and not commas:
        return None
    mark = "," if commas > dots else "."
    agreeing, disagreeing = max(dots, commas), min(dots, commas)
    text = f"{column}: {_parse(stats)} with {mark_name(mark)} ({agreeing} settle it"
    text += f"; {disagreeing} disagree and are reported)" if disagreeing else ")"
    return MarkDecision(mark, True, text)


def decide_open_mark(
    column: str,
    stats: ColumnStats,
    file_mark: str | None,
    currency_decimals: int | None,
    delimiter: str | None,
) -> MarkDecision:
    """A verdict for a column whose own values did not settle it."""
    maybe_dot, maybe_comma = stats.votes[Vote.MAYBE_DOT], stats.votes[Vote.MAYBE_COMMA]
    prefix = f"{column}: {_parse(stats)}"
    if not maybe_dot and not maybe_comma:
        mark = file_mark or ("," if delimiter == ";" else ".")
        return MarkDecision(mark, True, f"{prefix}; all are whole numbers")
    if file_mark is not None:
        return MarkDecision(
            file_mark, True, f"{prefix}; the file's other amounts use the {mark_name(file_mark)}"
        )
    if currency_decimals == 3:
        mark = "." if maybe_dot else ","
        return MarkDecision(
            mark, True, f"{prefix}; three decimals fit the currency, so the {mark_name(mark)}"
        )
    mark = "," if delimiter == ";" else "."
    return MarkDecision(
        mark,
        False,
        f"{prefix}; AMBIGUOUS: values such as '{stats.examples[0] if stats.examples else ''}' "
        f"could use either mark; assumed the {mark_name(mark)} (set decimal_mark in a mapping "
        "to change)",
    )


def file_mark(decisions: list[MarkDecision]) -> str | None:
    decided = [decision.mark for decision in decisions if decision.decided]
    if not decided:
        return None
    return max(set(decided), key=decided.count)


def guess_warning(
    marks: Mapping[int, str], guessed: Mapping[int, tuple[str, str]], money: Iterable[int | None]
) -> str | None:
    """The warning a guessed decimal mark gets, where one of the ``money`` columns (those
    that hold the amounts or the balance) has its mark in ``marks`` by a guess (the
    ``guessed`` columns, each as the evidence names it, with a value that reads with
    either mark): what the mark taken makes of that value, what the other would, and how
    to read the file the other way. The layout's evidence says as much, but a wrong
    guess makes each such amount a thousand times too big or too small: it is a warning
    too, as a guessed date order is. None where no money column's mark is a guess."""
    columns = sorted({column for column in money if column is not None and column in guessed})
    if not columns:
        return None
    mark = marks[columns[0]]
    other = _other(mark)
    read = "; ".join(
        f"{guessed[column][0]}: '{guessed[column][1]}' is read as "
        f"{_as(guessed[column][1], marks[column])} (with the {mark_name(_other(marks[column]))} "
        f"it would be {_as(guessed[column][1], _other(marks[column]))})"
        for column in columns
    )
    return (
        f"decimal mark guessed: no value settles it, and the {mark_name(mark)} is assumed; "
        f"{read}. If the amounts use the {mark_name(other)}, give a mapping with "
        f'"decimal_mark": "{other}" (desktop-app statement FILE --mapping MAPPING.json) or '
        "choose the decimal mark in the import wizard"
    )


def _other(mark: str) -> str:
    return "." if mark == "," else ","


def _as(example: str, mark: str) -> str:
    value = parse_amount(example, mark)
    return example if value is None else format(value.normalize(), "f")
