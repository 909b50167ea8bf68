"""A text whose every line has as many fields is split column by column (``_even_lines``).

Its records are zipped from columns sliced out of one split of the whole text, and the
analysis takes those columns as they are. Whatever the line ends, the records must be
the csv module's, the columns their transposition, and the analysis that of the same
rows transposed; and a text with one line of another width, or line ends of two kinds,
anywhere (also past the head and tail looked at first), is split line by line, as the
csv module splits it.
"""

from __future__ import annotations

import copy
import csv
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.statements import text_reader
from desktop_app.statements.analysis import analyse_sheet
from desktop_app.statements.grid import ColumnedRows, Sheet
from desktop_app.statements.text_reader import _split_unquoted, csv_records, split_records

_CELLS = st.text(alphabet="ab 1.-é'", max_size=4)


def _as_lists(rows: object) -> list[list[str]]:
    return [list(row) for row in rows]  # type: ignore[attr-defined]


@settings(max_examples=300)
@given(
    st.integers(2, 5).flatmap(
        lambda width: st.lists(st.lists(_CELLS, min_size=width, max_size=width), min_size=1)
    ),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.booleans(),
)
def test_even_lines_are_split_column_by_column_as_the_csv_module_splits_them(
    rows: list[list[str]], delimiter: str, ending: str, terminated: bool
) -> None:
    text = ending.join(delimiter.join(row) for row in rows) + (ending if terminated else "")
    if not text.strip(delimiter + ending):
        return  # blank lines alone: no width to tell

    split = _split_unquoted(text, delimiter)

    assert isinstance(split, ColumnedRows)
    assert _as_lists(split) == _as_lists(csv_records(text, delimiter)[0])
    assert [list(column) for column in split.columns] == [
        list(cells) for cells in zip(*split, strict=True)
    ]


def test_the_analysis_takes_the_columns_as_the_rows_transposed() -> None:
    text = "Date;Text;Amount\n01.02.2024;Rent;-500,00\n02.02.2024;Salary;2500,00\n"
    split = _split_unquoted(text, ";")
    assert isinstance(split, ColumnedRows)

    columned = analyse_sheet(Sheet(None, split, range(1, 4)))
    transposed = analyse_sheet(Sheet(None, list(split), range(1, 4)))

    assert [list(column) for column in columned.columns] == [
        list(column) for column in transposed.columns
    ]
    assert [scan.kinds for scan in columned.scans] == [scan.kinds for scan in transposed.scans]


def _long_text(middle: str, ending: str = "\r\n") -> str:
    """A text of 6,000 lines of three fields, longer than the head and tail looked at
    first, with ``middle`` as its 3,000th line."""
    lines = [f"0{day % 9 + 1}.02.2024;payment {day};-{day},50" for day in range(6000)]
    lines[3000] = middle
    return ending.join(lines) + ending


@pytest.mark.parametrize(
    "text",
    [
        _long_text("03.02.2024;a note"),  # a line of two fields
        _long_text("03.02.2024;a;b;c"),  # a line of four
        _long_text(""),  # a blank line
        _long_text("03.02.2024;x\r;-1,00"),  # a lone CR among CRLFs
        _long_text("03.02.2024;x\n;-1,00"),  # a lone LF among CRLFs
        _long_text("03.02.2024;x\r;-1,00", ending="\n"),  # a CR among LFs
        _long_text("03.02.2024;x\n;-1,00", ending="\r"),  # an LF among CRs
        # as long as the field limit, which the line by line split reads, the csv module too
        _long_text("03.02.2024;" + "x" * (csv.field_size_limit() - 17) + ";-1,00"),
    ],
)
def test_a_text_with_one_uneven_line_past_its_head_is_split_as_the_csv_module_splits_it(
    text: str,
) -> None:
    rows, numbers = split_records(text, ";")
    expected, expected_numbers = csv_records(text, ";")

    assert not isinstance(rows, ColumnedRows)
    assert _as_lists(rows) == _as_lists(expected)
    assert list(numbers) == list(expected_numbers)


@pytest.mark.parametrize(
    "middle", ["03.02.2024;last;-1,00", "03.02.2024;" + "x" * 70_000 + ";-1,00"]
)
def test_an_even_text_past_its_head_is_split_column_by_column(middle: str) -> None:
    """Also with a line longer than half the field limit, where no stretch of half the
    limit is without a line end."""
    text = _long_text(middle)

    rows, numbers = split_records(text, ";")

    assert isinstance(rows, ColumnedRows)
    assert _as_lists(rows) == _as_lists(csv_records(text, ";")[0])
    assert numbers == range(1, 6001)


def test_a_line_beyond_the_field_limit_is_still_refused() -> None:
    text = _long_text("03.02.2024;" + "x" * (csv.field_size_limit() + 1) + ";-1,00")

    assert _split_unquoted(text, ";") is None


@pytest.mark.parametrize(
    "text",
    [
        "a;b;c\nd;e;f;g\n",  # the last line wider
        "a;b;c\nd;e\n",  # the last line narrower
        "a;b;c\nd;e\nf;g;h;i\nj;k;l\n",  # a narrower line and a wider one: as many fields
        "a;b;c\n\nd;e;f\n",  # a blank line
        "a;b;c\r\nd;e\r;f\r\n",  # a lone CR among CRLFs
        "a;b\nc\nd;e\n",  # a line of one field
    ],
)
def test_the_split_itself_tells_a_line_of_another_width_without_the_sample(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The head and tail looked at first only spare a text the split: whether every line
    holds as many fields is told by the split itself, the last line's too."""
    monkeypatch.setattr(text_reader, "_head_and_tail_even", lambda *_: True)

    assert text_reader._even_lines(text, ";") is None
    assert _as_lists(split_records(text, ";")[0]) == _as_lists(csv_records(text, ";")[0])


def test_rows_split_column_by_column_copy_and_pickle_as_they_are() -> None:
    rows = _split_unquoted("a;b;c\nd;e;f\n", ";")
    assert isinstance(rows, ColumnedRows)

    for copied in (copy.deepcopy(rows), pickle.loads(pickle.dumps(rows))):
        assert isinstance(copied, ColumnedRows)
        assert list(copied) == [("a", "b", "c"), ("d", "e", "f")]
        assert copied.columns == (["a", "d"], ["b", "e"], ["c", "f"])
