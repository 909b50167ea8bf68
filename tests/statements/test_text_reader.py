"""Text files: encodings, delimiters, quoting and physical line numbers; sniffer fuzzing."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Sequence

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from desktop_app.statements.analysis import analyse_sheet
from desktop_app.statements.encoding import decode_text
from desktop_app.statements.row_text import raw_rows
from desktop_app.statements.text_reader import (
    CsvFormatError,
    Dialect,
    _split_unquoted,
    csv_records,
    read_text_table,
    sniff_delimiter,
    sniff_dialect,
    sniff_quote,
    split_records,
)

GERMAN = "Buchungstag;Verwendungszweck;Betrag\n01.02.2024;Überweisung Müller;-12,50\n02.02.2024;Gebühr für März;-3,00\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (GERMAN.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + GERMAN.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + GERMAN.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + GERMAN.encode("utf-16-be"), "utf-16-be"),
        (GERMAN.encode("utf-16-le"), "utf-16-le"),
        (GERMAN.encode("cp1252"), "cp1252"),
        ((GERMAN + "Kurs \x81\n").encode("latin-1"), "latin-1"),
    ],
)
def test_encodings_are_detected_and_decoded(data: bytes, encoding: str) -> None:
    decoded = decode_text(data)
    assert decoded.encoding == encoding
    assert "Überweisung Müller" in decoded.text
    assert not decoded.text.startswith("\ufeff")


def test_cp1252_euro_sign_and_pound_survive() -> None:
    decoded = decode_text("Betrag;Währung\n€ 5;£ 3\n".encode("cp1252"))
    assert "€ 5;£ 3" in decoded.text
    assert "Windows-1252" in decoded.evidence


@pytest.mark.parametrize(
    ("delimiter", "name"), [(";", "semicolon"), (",", "comma"), ("\t", "tab"), ("|", "pipe")]
)
def test_delimiters_are_sniffed(delimiter: str, name: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["Date", "Description, with comma", "Amount"])
    for day in range(1, 9):
        writer.writerow([f"0{day}.02.2024", f"Shop {day}; branch", f"-{day},50"])
    chosen, evidence = sniff_delimiter(buffer.getvalue())
    assert chosen == delimiter
    assert evidence.startswith(name)


def test_comma_delimiter_with_quoted_decimal_commas() -> None:
    text = 'Date,Label,Debit,Credit\n01/04/20,LABEL 1,"-50,00",\n02/04/20,LABEL 2,,"1300,00"\n'
    assert sniff_delimiter(text)[0] == ","


def test_sep_line_declares_the_delimiter() -> None:
    assert sniff_delimiter("sep=;\nDate;Amount\n01.01.2024;1,00\n")[0] == ";"


def test_records_keep_their_physical_line_numbers() -> None:
    text = 'Date;Text;Amount\n\n01.02.2024;"two\nlines";-1,00\r\n02.02.2024;one;2,00\n'
    rows, numbers = split_records(text, ";")
    assert rows[2] == ["01.02.2024", "two\nlines", "-1,00"]
    assert list(numbers) == [1, 2, 3, 5]


def test_read_text_table_reports_its_decisions() -> None:
    table = read_text_table(codecs.BOM_UTF8 + GERMAN.encode("utf-8"))
    assert table.delimiter == ";"
    assert table.notes[0] == "encoding: UTF-8 with a byte-order mark"
    assert table.sheets[0].rows[1] == ("01.02.2024", "Überweisung Müller", "-12,50")


_cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(max_examples=150)
@given(
    st.lists(st.lists(_cells, min_size=1, max_size=6), min_size=1, max_size=12),
    st.sampled_from([",", ";", "\t", "|"]),
)
def test_sniffer_never_fails_and_written_tables_read_back(
    rows: list[list[str]], delimiter: str
) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    text = buffer.getvalue()
    chosen, _ = sniff_delimiter(text)
    assert chosen in (",", ";", "\t", "|")
    parsed, numbers = split_records(text, delimiter)
    assert [list(record) for record in parsed] == rows
    assert list(numbers) == sorted(numbers)
    assert numbers[0] == 1


@given(st.binary(max_size=300))
def test_any_bytes_decode_or_raise_the_documented_error(data: bytes) -> None:
    from desktop_app.statements.encoding import UndecodableTextError

    try:
        decoded = decode_text(data)
    except UndecodableTextError:
        return
    assert isinstance(decoded.text, str)


_UNQUOTED_PIECES = st.sampled_from(
    ["a", "12.50", " ", ",", ";", "\t", "\n", "\n", "\r", "\r\n", "\r\n", "é", "x" * 5]
)


@settings(max_examples=500)
@given(st.lists(_UNQUOTED_PIECES, max_size=30).map("".join), st.sampled_from([",", ";", "\t"]))
@example(text="", delimiter=",")
@example(text="\n", delimiter=",")
@example(text="a,b\n\nc\n\n", delimiter=",")
@example(text="a;b\r\nc;d\r\n", delimiter=";")
@example(text="a,b\rc,d\r", delimiter=",")
@example(text="a,b\r\nc\nd\r", delimiter=",")
@example(text='a,"b\nc",d\n', delimiter=",")
@example(text="a,b\x00c\n", delimiter=",")
def test_unquoted_text_is_split_as_the_csv_module_splits_it(text: str, delimiter: str) -> None:
    assert _records_or_error(split_records, text, delimiter) == _records_or_error(
        csv_records, text, delimiter
    )


def test_unquoted_lines_are_split_without_the_csv_module() -> None:
    assert _split_unquoted("a;b\r\n\r\nc\r\n", ";") == [("a", "b"), (), ("c",)]
    assert _split_unquoted('a;"b"\n', ";") is None


def test_a_line_beyond_the_field_limit_is_left_to_the_csv_module() -> None:
    text = "a," + "x" * (csv.field_size_limit() + 1) + "\nb,c\n"
    with pytest.raises(CsvFormatError):
        split_records(text, ",")


def _records_or_error(
    split: Callable[[str, str], tuple[Sequence[Sequence[str]], Sequence[int]]],
    text: str,
    delimiter: str,
) -> tuple[list[list[str]], list[int]] | str:
    try:
        rows, numbers = split(text, delimiter)
    except CsvFormatError as error:
        return str(error)
    return [list(row) for row in rows], list(numbers)


def test_unquoted_rows_are_the_raw_cells_of_their_lines() -> None:
    """A record split without the csv module is a tuple, kept as its line's raw cells."""
    data = b"Date,Text,Amount\n01/02/2024,Coffee,-3.50\n02/02/2024,Rent,-900.00\n"
    analysis = analyse_sheet(read_text_table(data).sheets[0])
    raw = raw_rows(analysis, range(1, 3))
    assert raw == [("01/02/2024", "Coffee", "-3.50"), ("02/02/2024", "Rent", "-900.00")]
    assert all(cells is row for cells, row in zip(raw, analysis.sheet.rows[1:], strict=True))


SINGLE_QUOTED = (
    "'Date';'Description';'Amount'\n"
    "'05/01/2024';'Rent; March';'-1200.00'\n"
    "'06/01/2024';'Sainsbury''s';'-12.40'\n"
    "'07/01/2024';'Salary';'2500.00'\n"
)


def test_fields_wrapped_in_single_quotes_are_read_as_quoted() -> None:
    from desktop_app.statements import import_bytes

    result = import_bytes(SINGLE_QUOTED.encode(), "single.csv")
    assert [line.description for line in result.lines] == ["Rent; March", "Sainsbury's", "Salary"]
    assert [str(line.amount) for line in result.lines] == ["-1200.00", "-12.40", "2500.00"]
    assert result.lines[0].raw == ("05/01/2024", "Rent; March", "-1200.00")
    assert result.layout is not None
    notes = dict(result.layout.evidence)["format"]
    # Every line counts, the one whose quoted field holds the delimiter too.
    assert "delimiter: semicolon: 4 of 4 sampled lines have 3 fields" in notes
    assert "quoting: single quotes (4 of 4 sampled lines wrap their fields in them)" in notes


def test_apostrophes_do_not_make_single_quotes_the_quote() -> None:
    text = (
        "Date,Description,Amount\n"
        "05/01/2024,Sainsbury's,-12.40\n"
        "06/01/2024,O'Brien's Bar,-3.00\n"
        "07/01/2024,'Til Death Records',-9.99\n"
    )
    assert sniff_quote(text, ",") == ('"', None)
    table = read_text_table(text.encode())
    assert [row[1] for row in table.sheets[0].rows[1:]] == [
        "Sainsbury's",
        "O'Brien's Bar",
        "'Til Death Records'",
    ]
    assert not any(note.startswith("quoting") for note in table.notes)


def test_one_column_wrapped_in_single_quotes_is_a_text_mark_not_quoting() -> None:
    text = "03.11.2025;Lastschrift BANK AG;-24,00;;'DE67000000000000000000'\n" * 3
    assert sniff_quote(text, ";") == ('"', None)
    assert read_text_table(text.encode()).sheets[0].rows[0][-1] == "'DE67000000000000000000'"


def test_a_double_quoted_field_keeps_double_quotes_the_quote() -> None:
    text = "'a';'b'\n'c';\"d;e\"\n'f';'g'\n"
    assert sniff_quote(text, ";") == ('"', None)


_PLAIN_CELLS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\"',;"),
    max_size=12,
)


@settings(max_examples=150)
@given(
    st.lists(st.lists(_PLAIN_CELLS, min_size=1, max_size=6), min_size=1, max_size=12),
    st.sampled_from([",", ";"]),
)
def test_tables_written_with_single_quotes_read_back(rows: list[list[str]], delimiter: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quotechar="'", quoting=csv.QUOTE_ALL)
    writer.writerows(rows)
    table = read_text_table(buffer.getvalue().encode(), delimiter=delimiter)
    assert [list(row) for row in table.sheets[0].rows] == rows


@given(st.text(max_size=200), st.sampled_from([",", ";", "\t", "|", "ab"]))
def test_the_quote_sniffer_never_fails(text: str, delimiter: str) -> None:
    quote, note = sniff_quote(text, delimiter)
    assert quote in ('"', "'")
    assert (note is None) == (quote == '"')


def test_a_latin1_x85_inside_a_field_does_not_end_a_sampled_line() -> None:
    """str.splitlines breaks at '\\x85' (a latin-1 ellipsis); the csv module does not."""
    text = "".join(f"01.0{day}.2024;Miete\x85 Wohnung;-{day}00,00\n" for day in range(1, 8))
    chosen, evidence = sniff_delimiter(text)
    assert chosen == ";"
    assert evidence == "semicolon: 7 of 7 sampled lines have 3 fields"


# A comma file whose single-quoted descriptions each hold a semicolon and a varying number
# of commas: read with the double quote, the commas split the lines inconsistently and the
# semicolons consistently, and the semicolon would win the vote.
SEMICOLONS_INSIDE_QUOTES = (
    "Date,Description,Amount\n"
    "'05/01/2024','Rent; flat 2, March','-1200.00'\n"
    "'06/01/2024','Card; Sainsbury''s','-12.40'\n"
    "'07/01/2024','Salary; ACME, Ltd, London','2500.00'\n"
    "'08/01/2024','Fee; bank, monthly','-3.00'\n"
    "'09/01/2024','Transfer; A, B, C, D','-40.00'\n"
)


def test_the_delimiter_is_voted_for_with_the_single_quote_when_fields_wrap_in_it() -> None:
    assert sniff_delimiter(SEMICOLONS_INSIDE_QUOTES)[0] == ";"  # the trap this test is about
    table = read_text_table(SEMICOLONS_INSIDE_QUOTES.encode())
    assert (table.delimiter, table.quote) == (",", "'")
    assert table.notes[1:] == (
        "delimiter: comma: 6 of 6 sampled lines have 3 fields",
        "quoting: single quotes (5 of 6 sampled lines wrap their fields in them)",
    )
    assert [row[1] for row in table.sheets[0].rows[1:]] == [
        "Rent; flat 2, March",
        "Card; Sainsbury's",
        "Salary; ACME, Ltd, London",
        "Fee; bank, monthly",
        "Transfer; A, B, C, D",
    ]


def test_a_text_without_wrapped_fields_keeps_the_double_quote_and_its_delimiter() -> None:
    text = (
        "Date;Description;Amount\n05/01/2024;Sainsbury's, Leeds;-12,40\n06/01/2024;O'Brien;-3,00\n"
    )
    dialect = sniff_dialect(text)
    assert (dialect.delimiter, dialect.quote, dialect.quote_note) == (";", '"', None)


def test_a_given_delimiter_and_quote_are_used_as_they_are() -> None:
    dialect = sniff_dialect(SEMICOLONS_INSIDE_QUOTES, delimiter=";", quote='"')
    assert dialect == Dialect(
        ";", "semicolon (set by the mapping)", '"', "double quotes (set by the mapping)"
    )


def test_a_given_quote_steers_the_delimiter_vote() -> None:
    dialect = sniff_dialect(SEMICOLONS_INSIDE_QUOTES, quote="'")
    assert (dialect.delimiter, dialect.quote_note) == (",", "single quotes (set by the mapping)")
    # A given quote is never voted for as the delimiter.
    assert sniff_dialect("a|b|c\nd|e|f\n", quote="|").delimiter == ","


_ANY_CELLS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters='\r\n"\x00'),
    max_size=12,
)


@st.composite
def _rectangular_tables(draw: st.DrawFn) -> list[list[str]]:
    width = draw(st.integers(min_value=2, max_value=6))
    row = st.lists(_ANY_CELLS, min_size=width, max_size=width)
    return draw(st.lists(row, min_size=2, max_size=12))


@settings(max_examples=150)
@given(_rectangular_tables(), st.sampled_from([",", ";", "\t", "|"]))
@example(rows=[["", ",0"], ["", ","]], delimiter=";")  # comma and semicolon tie
def test_single_quoted_tables_read_back_with_their_delimiter_sniffed(
    rows: list[list[str]], delimiter: str
) -> None:
    """Cells hold every other delimiter, apostrophes and spaces; nothing is given."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quotechar="'", quoting=csv.QUOTE_ALL)
    writer.writerows(rows)
    table = read_text_table(buffer.getvalue().encode())
    assert (table.delimiter, table.quote) == (delimiter, "'")
    assert [list(row) for row in table.sheets[0].rows] == rows


def test_a_quote_after_a_space_does_not_wrap_its_field() -> None:
    """The csv module reads ", 'b'" as the text " 'b'" (it takes a quote only as a field's
    first character), so such fields are not counted as wrapped."""
    spaced = "'Date', 'Text', 'Amount'\n'01/02/2024', 'Rent, March', '-5.00'\n"
    assert sniff_quote(spaced, ",") == ('"', None)
    tight = spaced.replace(", '", ",'")
    assert sniff_quote(tight, ",")[0] == "'"
