"""CSV, TSV and other delimited text: encoding, delimiter and quoting, then rows.

The delimiter is chosen by how consistently it splits the lines into the same number of
fields (a semicolon file whose amounts are "12,50" splits into two fields on commas, but
not consistently, and not into many). The quote is the double quote unless the fields are
plainly wrapped in single quotes (``sniff_quote``); the two are decided together
(``sniff_dialect``). Every record keeps the physical line it starts on, which is the row
the accountant sees (design.md, "Statement rows"). A text without quote
characters (most bank exports) is split by ``str.split`` into tuples, which is what the
csv module would read in a third of its time; quoted text goes through the csv module.
"""

from __future__ import annotations

import bisect
import codecs
import csv
import functools
import io
import itertools
import math
import operator
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from desktop_app.statements.encoding import (
    CodePageDoubt,
    StrayByte,
    UndecodableTextError,
    decode_text,
)
from desktop_app.statements.grid import ColumnedRows, Sheet, Table
from desktop_app.statements.mapping import set_by, who_set
from desktop_app.wording import counted, plural

DELIMITERS = (",", ";", "\t", "|")
_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
DOUBLE_QUOTE = '"'  # the csv quote unless one is set or sniffed
_QUOTE_NAMES = {DOUBLE_QUOTE: "double quotes", "'": "single quotes"}
_SAMPLE_HEAD_LINES = 400
_SAMPLE_TAIL_LINES = 100


class CsvFormatError(ValueError):
    """The text cannot be split into records (a runaway quote, an enormous field)."""


def delimiter_name(delimiter: str) -> str:
    return _NAMES.get(delimiter, repr(delimiter))


def quote_name(quote: str) -> str:
    return _QUOTE_NAMES.get(quote, repr(quote))


def read_text_table(
    data: bytes,
    *,
    delimiter: str | None = None,
    encoding: str | None = None,
    quote: str | None = None,
) -> Table:
    """The text's one sheet; a delimiter, encoding or quote given (by a mapping) is used as
    it is, and whatever is not given is sniffed (``sniff_text``, whole)."""
    return sniff_text(data, delimiter=delimiter, encoding=encoding, quote=quote).table()


def sniff_text(
    data: bytes,
    *,
    delimiter: str | None = None,
    encoding: str | None = None,
    quote: str | None = None,
    profile: str | None = None,
) -> SniffedText:
    """``read_text_table`` up to the rows: the text decoded and its delimiter and quote
    found, split when asked, whole or only its first lines."""
    doubt: CodePageDoubt | None = None
    if encoding is not None:
        text = _decode_as(data, encoding, profile)
        encoding_note = _set_note(encoding, profile)
        strays: tuple[StrayByte, ...] = ()
    else:
        decoded = decode_text(data)
        text, encoding, encoding_note = decoded.text, decoded.encoding, decoded.evidence
        strays, doubt = decoded.strays, decoded.doubt
    dialect = sniff_dialect(text, delimiter, quote, profile)
    notes: tuple[str, ...] = (f"encoding: {encoding_note}", f"delimiter: {dialect.delimiter_note}")
    if dialect.quote_note is not None:
        notes = (*notes, f"quoting: {dialect.quote_note}")
    return SniffedText(text, encoding, dialect, notes, strays, doubt)


HEAD_CHARACTERS = 256 * 1024  # of a text, split to find its header: a few thousand lines


def sniff_text_head(
    data: bytes, encoding: str, *, delimiter: str | None = None, quote: str | None = None
) -> SniffedText:
    """The whole lines of the text's first ``HEAD_CHARACTERS`` bytes as ``encoding`` reads
    them (and the delimiter and quote, when given): enough to find its header, without
    decoding the whole text. A byte that does not decode is replaced, not refused: the
    header is what is looked at, and a text whose header is found so is read whole
    (``sniff_text``), where such a byte is refused, saying where it is."""
    cut = len(data) > HEAD_CHARACTERS
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    text = decoder.decode(data[:HEAD_CHARACTERS], final=not cut).removeprefix("\ufeff")
    if cut:  # the last line may be cut short
        text = text[: max(text.rfind("\n"), text.rfind("\r")) + 1]
    dialect = sniff_dialect(text, delimiter, quote)
    return SniffedText(text, encoding, dialect, ())


class SniffedText:
    """A text decoded, and its delimiter and quote found: what it takes to split it.

    Splitting a large text is most of reading it, and a saved profile is found by the
    header in the first lines: the importer splits the text whole only once it knows it
    will import it read so, not a second way the profile found says otherwise.
    """

    def __init__(
        self,
        text: str,
        encoding: str,
        dialect: Dialect,
        notes: tuple[str, ...],
        strays: tuple[StrayByte, ...] = (),
        doubt: CodePageDoubt | None = None,
    ):
        self.text = text
        self.encoding = encoding
        self.delimiter = dialect.delimiter
        self.quote = dialect.quote
        self.notes = notes
        self.strays = strays
        self.doubt = doubt
        self._table: Table | None = None

    @property
    def short(self) -> bool:
        """Whether the text is no longer than its head (``head``)."""
        return len(self.text) <= HEAD_CHARACTERS

    def table(self) -> Table:
        """The text's one sheet (split once, however often asked)."""
        if self._table is None:
            self._table = self._split(self.text)
        return self._table

    def head(self) -> Table:
        """The sheet of the whole lines among the first ``HEAD_CHARACTERS``: the table
        itself when the text is ``short``. A line cut short is left out; a quoted field
        that runs on past the cut may fail to split (``CsvFormatError``)."""
        if self.short:
            return self.table()
        text = self.text[:HEAD_CHARACTERS]
        return self._split(text[: max(text.rfind("\n"), text.rfind("\r")) + 1])

    def _split(self, text: str) -> Table:
        rows, numbers = split_records(text, self.delimiter, self.quote)
        unterminated = bool(text) and not text.endswith(("\n", "\r"))
        placed = tuple(
            (*self._place(text, numbers, stray.offset), stray.byte, stray.read_as)
            for stray in self.strays
            if stray.offset < len(text)
        )
        doubt = self.doubt
        doubted = None
        if doubt is not None and doubt.offset < len(text):
            doubted = (*self._place(text, numbers, doubt.offset), doubt)
        sheet = Sheet(
            None,
            rows,
            numbers,
            unterminated=unterminated,
            stray_bytes=placed,
            code_page_doubt=doubted,
        )
        return Table(
            "csv",
            (sheet,),
            encoding=self.encoding,
            delimiter=self.delimiter,
            quote=self.quote,
            notes=self.notes,
        )

    def _place(self, text: str, numbers: Sequence[int], offset: int) -> tuple[int, int]:
        """The row (as the accountant counts it) and 0-based column of the character at
        ``offset``: its record's first line, and the delimiters outside quotes before it."""
        breaks = "\n" if "\n" in text else "\r"
        line = text.count(breaks, 0, offset) + 1
        row = numbers[max(bisect.bisect_right(numbers, line) - 1, 0)] if numbers else line
        start = offset
        for _ in range(line - row + 1):
            start = text.rfind(breaks, 0, start)
        column, quoted = 0, False
        for character in text[start + 1 : offset]:
            if character == self.quote:
                quoted = not quoted
            elif character == self.delimiter and not quoted:
                column += 1
        return row, column


def _decode_as(data: bytes, encoding: str, profile: str | None = None) -> str:
    try:
        return data.decode(encoding).removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        # A codec may decode less than the whole input (utf-8-sig drops its BOM first):
        # the bad byte's offset in the file is its offset in what was decoded, moved on.
        offset = error.start + len(data) - len(error.object)
        where = f" (byte 0x{error.object[error.start]:02X} at offset {offset})"
    except UnicodeError:  # a codec that fails without saying where (punycode)
        where = ""
    raise UndecodableTextError(
        f"it is not {encoding} text, as {who_set(profile)} says it is{where}"
    )


@dataclass(frozen=True, slots=True)
class Dialect:
    """How a text is split, and the evidence for each choice (no quote note when the quote
    is the usual double quote, found rather than set)."""

    delimiter: str
    delimiter_note: str
    quote: str
    quote_note: str | None


def sniff_dialect(
    text: str,
    delimiter: str | None = None,
    quote: str | None = None,
    profile: str | None = None,
) -> Dialect:
    """The delimiter and the quote together: each is sniffed unless given.

    They depend on each other. The delimiter vote splits lines as the csv module would, so
    it must know the quote: in a file that wraps its fields in single quotes, a delimiter
    inside the quoted fields (``'Rent; March'``) would otherwise count as one. A single
    quote is therefore tried first when the text has one, with the delimiter it implies;
    when the fields are not wrapped in it, the double quote and its delimiter stand.
    ``profile`` names the saved profile that gave the delimiter or quote, if one did.
    """
    if quote is not None:
        quote_note = _set_note(quote_name(quote), profile)
        if delimiter is not None:
            return Dialect(
                delimiter, _set_note(delimiter_name(delimiter), profile), quote, quote_note
            )
        sniffed, sniffed_note = sniff_delimiter(text, quote)
        if sniffed == quote:  # only a 'sep=' line can name it: the vote never does
            raise CsvFormatError(
                f"its first line (sep={sniffed}) makes {sniffed!r} the delimiter, and"
                f" {who_set(profile)} sets the same character as the quote; remove"
                f" {'the mapping' if profile is None else 'the profile'}'s quote or choose"
                " another"
            )
        return Dialect(sniffed, sniffed_note, quote, quote_note)
    if delimiter is not None:
        sniffed_quote = sniff_quote(text, delimiter)
        return Dialect(delimiter, _set_note(delimiter_name(delimiter), profile), *sniffed_quote)
    lines = _sample_lines(text)  # once, for every vote below
    if "'" in text:
        for single, single_note in _delimiter_votes(lines, "'"):
            found, found_note = _quote_of(lines, single)
            if found == "'":
                return Dialect(single, single_note, found, found_note)
    return Dialect(*_delimiter_votes(lines, '"')[0], '"', None)


def _set_note(reading: str, profile: str | None = None) -> str:
    """The evidence for an encoding, delimiter or quote a mapping or a profile set."""
    return f"{reading} ({set_by(profile)})"


def split_records(
    text: str, delimiter: str, quote: str = '"'
) -> tuple[Sequence[Sequence[str]], Sequence[int]]:
    """Records and the physical line each starts on (a text without quotes gives tuples,
    which later become the lines' raw cells as they are)."""
    plain = _split_unquoted(text, delimiter, quote)
    if plain is not None:  # record i is line i + 1
        return plain, range(1, len(plain) + 1)
    return csv_records(text, delimiter, quote)


def csv_records(
    text: str, delimiter: str, quote: str = '"'
) -> tuple[list[list[str]], Sequence[int]]:
    """``split_records`` by the csv module alone (quoted fields, records across lines)."""
    try:
        rows = list(_reader(io.StringIO(text, newline=""), delimiter, quote))
    except csv.Error:
        rows = []
    lines = text.count("\n")
    if "\r" in text:  # old Mac line ends count too, Windows ones once
        lines += text.count("\r") - text.count("\r\n")
    lines += 0 if text.endswith(("\n", "\r")) else 1
    if rows and len(rows) == lines:  # no record spans lines: record i is line i + 1
        _refuse_an_open_last_quote(rows, lines, lines, text, delimiter, quote)
        return rows, range(1, len(rows) + 1)
    return _numbered_records(text, delimiter, quote)


def _reader(source: Iterable[str], delimiter: str, quote: str) -> Any:
    return csv.reader(source, delimiter=delimiter, quotechar=quote, strict=False)


def _split_unquoted(
    text: str, delimiter: str, quote: str = '"'
) -> Sequence[tuple[str, ...]] | None:
    """The records of a text without quote characters, split with ``str.split`` (a third of
    the csv module's time on a large export), or None when the csv module must read it.

    Without quotes a record is a line and a field is what lies between delimiters, exactly
    as ``csv.reader`` splits them. Line ends are LF, CRLF or CR (not a mixture); a blank
    line is an empty record; a line longer than the csv module's field limit, and a text
    without lines, go to the csv module, which answers as it always has. A text whose
    every line has as many fields (most exports) is split column by column
    (``_even_lines``).
    """
    if len(delimiter) != 1 or delimiter in f"\r\n{quote}" or quote in text or "\x00" in text:
        return None
    even = _even_lines(text, delimiter)
    if even is not None:
        return even
    # Counting a character costs ten times looking for one: a text without CRs (most
    # exports) has its line ends told by one look.
    returns, feeds = (text.count("\r"), text.count("\n")) if "\r" in text else (0, 0)
    ending = "\n" if not returns else "\r" if not feeds else "\r\n"
    lines = text.split(ending)
    if ending == "\r\n" and not returns == feeds == len(lines) - 1:
        return None  # a mixture: every CR and every LF was not part of a CRLF
    if lines[-1] == "":  # the last line's end, or an empty text
        lines.pop()
    if not lines or max(map(len, lines)) > csv.field_size_limit():
        return None
    # Tuples: smaller than lists, and a line's raw cells are its record as it is.
    records = list(map(tuple, map(str.split, lines, itertools.repeat(delimiter))))
    if "" in lines:
        for index in itertools.compress(itertools.count(), map(operator.not_, lines)):
            records[index] = ()
    return records


_SAMPLED = (64 * 1024, 16 * 1024)  # characters of a text's head and tail whose lines are sampled


def _even_lines(text: str, delimiter: str) -> ColumnedRows | None:
    """``_split_unquoted``'s records of a text (without quotes or NULs) whose every line
    has as many fields, two or more, split column by column; None for any other text,
    which is split line by line.

    The text is split once at its delimiters, not into lines first: a line's last field
    and the next line's first then come as one, joined by the line end, every width - 1
    fields. Every line holds as many fields when each of those holds a line end and the
    text holds no other (counted: no CR or LF of another kind either). Those are split
    at their line ends together, the other columns are slices of the fields, and the
    records are zipped from the columns, which the analysis takes as they are
    (``ColumnedRows``): the lines, each line's split and the transposition of the
    records are not made. A line that may be longer than the csv module's field limit
    sends the text the usual way, whose look at each line answers exactly. The lines of
    the text's head and tail are looked at first, so a text with a preamble, a footer or
    a blank line there is not split twice. A blank line is one field, so one column
    would not tell it: a text of one column is split line by line.
    """
    ending = "\r\n" if "\r\n" in text else "\r" if "\r" in text else "\n"
    first = text.find(ending)
    width = text[: len(text) if first < 0 else first].count(delimiter) + 1
    if width < 2 or not _head_and_tail_even(text, ending, delimiter, width):
        return None
    if not _lines_within_field_limit(text, ending):
        return None
    fields = text.split(delimiter)
    lines, left_over = divmod(len(fields) - 1, width - 1)
    if left_over or not lines:
        return None  # a line of another width
    ends = fields[width - 1 :: width - 1]  # each line's last field, its end, the next's first
    last = ends.pop()  # the last line's last field, and its end if the text ends with one
    terminated = text.endswith(ending)
    if not _one_end_each(text, ending, ends, len(ends) + terminated):
        return None  # a line of another width, or line ends of more than one kind
    joined = ending.join(ends).split(ending) if ends else []
    del ends
    # The first and last columns are the slices themselves, the one cell each lacks put
    # in place: copying them out of a list display touched every cell twice more.
    firsts = joined[1::2]
    firsts.insert(0, fields[0])
    lasts = joined[0::2]
    lasts.append(last[: -len(ending)] if terminated else last)
    del joined
    columns = [firsts, *(fields[column :: width - 1] for column in range(1, width - 1)), lasts]
    return ColumnedRows(columns)


def _one_end_each(text: str, ending: str, ends: list[str], count: int) -> bool:
    """Whether each of ``ends`` holds a line end, and the text holds ``count`` line ends
    and no CR or LF besides: each of ``ends`` holds exactly one then, and no other field
    any (the last line's end, where the text ends with one, is counted in ``count``)."""
    if not all(map(operator.contains, ends, itertools.repeat(ending))):
        return False
    if ending == "\r\n":
        return text.count("\r") == count and text.count("\n") == count
    other = "\n" if ending == "\r" else "\r"
    return other not in text and text.count(ending) == count


def _head_and_tail_even(text: str, ending: str, delimiter: str, width: int) -> bool:
    """Whether every whole line of the text's head and tail holds ``width`` fields."""
    head, tail = _SAMPLED
    sampled = text[:head].split(ending)[:-1] if len(text) > head else text.split(ending)
    if len(text) > head:
        sampled += text[-tail:].split(ending)[1:]
    if sampled and sampled[-1] == "" and text.endswith(ending):
        sampled.pop()
    return all(line.count(delimiter) == width - 1 for line in sampled)


def _lines_within_field_limit(text: str, ending: str) -> bool:
    """Whether every line is shorter than the csv module's field limit, where one look at
    each stretch of half the limit tells it: a line end in every stretch. False where
    one has none (a line may be that long), which the usual way answers exactly."""
    stretch = csv.field_size_limit() // 2
    return all(
        text.find(ending, start, start + stretch + len(ending) - 1) >= 0
        for start in range(0, len(text) - stretch + 1, stretch)
    )


def _numbered_records(text: str, delimiter: str, quote: str) -> tuple[list[list[str]], list[int]]:
    reader = _reader(io.StringIO(text, newline=""), delimiter, quote)
    rows: list[list[str]] = []
    numbers: list[int] = []
    append_row, append_number = rows.append, numbers.append
    start = 1
    try:
        for record in reader:
            append_row(record)
            append_number(start)
            start = reader.line_num + 1
    except csv.Error as error:
        raise CsvFormatError(f"line {reader.line_num}: {error}") from None
    if rows:
        _refuse_an_open_last_quote(rows, numbers[-1], reader.line_num, text, delimiter, quote)
    return rows, numbers


def _refuse_an_open_last_quote(
    rows: Sequence[Sequence[str]], first: int, last: int, text: str, delimiter: str, quote: str
) -> None:
    """``CsvFormatError`` when the last record (lines ``first`` to ``last``, the text's
    last) ends inside a quoted field: the csv module, told not to be strict, reads an
    unclosed quote to the end of the text as one field, and the later rows (or, when it
    opens on the last line, the rest of that line) would vanish into it without a word.

    Only the last record is read again, once per text: it alone can end so, since a
    quote left open anywhere runs on to the end of the text.
    """
    if rows[-1] and _ends_in_an_open_quote(_last_lines(text, last - first + 1), delimiter, quote):
        raise CsvFormatError(
            f"line {first}: a quoted field opens on this line and is never closed, so the"
            " rest of the file would be read as that one field; close the quote or export"
            " the file again"
        )


def _last_lines(text: str, count: int) -> str:
    """The text's last ``count`` lines, as the csv module ends lines (LF, CRLF or CR).

    The text is scanned back once at most (usually only its last line): a CR is looked for
    after the nearest LF alone, and an LF again only once the one found is passed.
    """
    end = len(text) - (2 if text.endswith("\r\n") else 1 if text.endswith(("\n", "\r")) else 0)
    feed = len(text)  # the last LF before ``end``, once looked for
    for _ in range(count):
        if feed >= end:
            feed = text.rfind("\n", 0, end)
        found = text.rfind("\r", feed + 1, end)  # a lone CR nearer the end than that LF
        if found >= 0:
            end = found
        elif feed >= 0:
            found = feed
            end = feed - 1 if feed and text[feed - 1] == "\r" else feed  # a CRLF is one end
        else:
            return text
    return text[found + 1 :]


def _ends_in_an_open_quote(lines: str, delimiter: str, quote: str) -> bool:
    """Whether the csv module, reading ``lines`` (the last record's) as ``csv_records``
    does, ends inside a quoted field. A marker line (a private-use character, never the
    delimiter or the quote) is read after them: after a closed record it is a record of its
    own; after an open quote it is read into that field, as the rest of a file would be.
    """
    marker = next(mark for mark in ("\ue000", "\ue001") if mark not in (delimiter, quote))
    try:
        *_, last = _reader(
            itertools.chain(io.StringIO(lines, newline=""), (marker,)), delimiter, quote
        )
    except csv.Error:  # the lines read whole without it: the marker overfilled an open field
        return True
    return bool(last != [marker])


def sniff_delimiter(text: str, quote: str = '"') -> tuple[str, str]:
    """The delimiter that splits the most lines into the same, largest number of fields
    (fields wrapped in ``quote`` are read as the csv module reads them)."""
    return _delimiter_votes(_sample_lines(text), quote)[0]


def _delimiter_votes(lines: Sequence[str], quote: str) -> list[tuple[str, str]]:
    """``sniff_delimiter``'s choice, then any delimiter that split the lines exactly as
    well (a tie the quote can settle: ``'';',0'`` is two wrapped fields on a semicolon,
    and two fields, neither wrapped, on a comma)."""
    declared = _declared_separator(lines)
    if declared is not None:
        return [(declared, f"{delimiter_name(declared)} (declared by the 'sep=' first line)")]
    votes: list[tuple[float, str, int, int]] = []
    for candidate in DELIMITERS:
        if candidate == quote:  # a mapping's quote is never also the delimiter
            continue
        consistent, fields, _total = _consistency(lines, candidate, quote)
        score = consistent * math.log2(fields) if fields > 1 else 0.0
        votes.append((score, candidate, consistent, fields))
    best = max(score for score, *_ in votes)
    if best == 0:
        return [(",", "comma (no delimiter splits the lines; the file has one column)")]
    return [
        (
            chosen,
            (
                f"{delimiter_name(chosen)}: {consistent} of {len(lines)} sampled "
                f"{plural(len(lines), 'line')} {'has' if consistent == 1 else 'have'} "
                f"{counted(fields, 'field')}"
            ),
        )
        for score, chosen, consistent, fields in votes
        if score == best
    ]


def sniff_quote(text: str, delimiter: str) -> tuple[str, str | None]:
    """The quote character, and the evidence when it is not the usual double quote.

    A single quote is far more often an apostrophe ("Sainsbury's", "O'Brien") or a mark
    that keeps one cell as text (Targobank writes its account IBAN as 'DE67...', and
    nothing else so) than a quote. It is taken as the quote only when most sampled lines
    wrap most of their fields in it, and no unwrapped field starts with a double quote
    (which the csv module would read as quoting anyway).
    """
    if "'" not in text:
        return '"', None
    return _quote_of(_sample_lines(text), delimiter)


def _quote_of(lines: Sequence[str], delimiter: str) -> tuple[str, str | None]:
    if len(delimiter) != 1 or delimiter in "'\r\n":
        return '"', None
    fields_of = _single_quoted_fields(delimiter)
    quoting = 0
    for line in lines:
        wrapped = filled = 0
        for field in fields_of.finditer(line):
            plain = field["plain"]
            if plain is None:
                wrapped += 1
            elif plain.strip().startswith('"'):
                return '"', None
            filled += plain is None or bool(plain.strip())
        quoting += 2 * wrapped > filled
    if not lines or 2 * quoting <= len(lines):
        return '"', None
    return "'", f"single quotes ({quoting} of {len(lines)} sampled lines wrap their fields in them)"


@functools.cache
def _single_quoted_fields(delimiter: str) -> re.Pattern[str]:
    """A line's fields, each either wrapped whole in single quotes (a doubled quote inside
    is one quote, and a delimiter inside is text) or plain (``plain`` holds it).

    The fields are found as the csv module would find them with the single quote as the
    quote: split on the delimiter alone, the quoted 'Rent, March' would be two fields, and
    neither of them wrapped. As for the csv module, a field is quoted only when the quote
    is its first character and the delimiter (or the line's end) follows the closing one:
    in ``'Rent', 'March'`` only the first field is wrapped.
    """
    d = re.escape(delimiter)
    return re.compile(rf"(?:^|(?<={d}))(?:'(?:[^']|'')*'(?={d}|$)|(?P<plain>[^{d}]*))")


def _consistency(lines: Sequence[str], delimiter: str, quote: str) -> tuple[int, int, int]:
    try:
        counts = [len(row) for row in _reader(lines, delimiter, quote) if row]
    except csv.Error:
        return 0, 0, 0
    multi = Counter(count for count in counts if count > 1)
    if not multi:
        return 0, 1, len(counts)
    fields, consistent = max(
        multi.items(), key=lambda item: (item[1] * math.log2(item[0]), item[0])
    )
    return consistent, fields, len(counts)


def _sample_lines(text: str) -> list[str]:
    """Lines from the head and the tail, whole records only, for the delimiter vote.

    Lines end where the csv module ends them (CR, LF, CRLF), not at every character
    ``str.splitlines`` breaks on: a latin-1 '\x85' is a character of a field.
    """
    head = _lines(text[: 256 * 1024])[:_SAMPLE_HEAD_LINES]
    if len(text) <= 256 * 1024:
        return [line for line in head if line.strip()]
    tail = _lines(text[-64 * 1024 :])[1:][-_SAMPLE_TAIL_LINES:]
    return [line for line in head + tail if line.strip()]


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _declared_separator(lines: Sequence[str]) -> str | None:
    if lines and lines[0].strip().lower().startswith("sep=") and len(lines[0].strip()) == 5:
        return lines[0].strip()[4]
    return None
