"""Helpers shared by the bank-format readers: names, text decoding, line numbers, numbers.

Every reader reports rows as the 1-based physical line an accountant sees in a text editor,
so line breaks are counted the way editors count them: CRLF, LF and a lone CR each end a
line (``str.splitlines`` also splits on form feeds and Unicode separators, editors do not).
"""

from __future__ import annotations

import calendar
import codecs
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation

from desktop_app.statements.encoding import (
    BOMS,
    DecodedText,
    decode_code_page,
    encoding_name,
    not_utf8,
    stray_byte_said,
    utf8_despite_strays,
)
from desktop_app.statements.model import RowWarning, StatementImportError

LINE_BREAK = re.compile(r"\r\n|\r|\n")
MAX_BYTES = 64 * 1024 * 1024
# Values that banks write where they have no reference; never useful for matching.
PLACEHOLDER_REFERENCES = frozenset({"NONREF", "NOTPROVIDED", "NOT PROVIDED", "NONE", "N/A"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WHITESPACE = re.compile(r"\s+")
_MAX_AMOUNT_CHARS = 40


def base_name(source_name: str) -> str:
    """The file's base name, whichever separator the path uses (Windows paths included)."""
    return re.split(r"[\\/]", source_name)[-1] or source_name


def check_size(data: bytes, source: str) -> None:
    if len(data) > MAX_BYTES:
        raise StatementImportError(
            f"{source}: the file is {len(data) // (1024 * 1024)} MB; bank statements above "
            f"{MAX_BYTES // (1024 * 1024)} MB are refused (split the export by period)"
        )


@dataclass(frozen=True, slots=True)
class Declared:
    """A code page a file declares (``codec``, a name Python may know it by) and
    ``where`` it does, as the evidence says it ("its OFX header (CHARSET:1250)"), and
    ``written``, the name as the file writes it ('1250' for 'cp1250'): what the evidence
    quotes where Python knows no codec by ``codec``, since the file never wrote 'cp9999'."""

    codec: str
    where: str
    written: str


# What to do where a bank format's letters look wrong: its reader takes no encoding
# chosen (neither the wizard's Encoding box nor a mapping's "encoding", which
# ``bank_mapping`` says is not applied), so the remedy is the bank's export.
BANK_ENCODING_REMEDY = (
    "(if letters look wrong, export the statement in UTF-8 if the bank offers it: the "
    "encoding of a bank format's file cannot be chosen on import)"
)


def decode_text(
    data: bytes, declared: Declared | None = None, fields: re.Pattern[bytes] | None = None
) -> DecodedText:
    """Decode a text file: the text, the encoding used, and why (``DecodedText``).

    A UTF-32 or UTF-16 byte-order mark says its encoding, looked for in the csv path's
    order (``encoding.BOMS``: UTF-32's little-endian mark starts with UTF-16's).
    Valid UTF-8 wins even over a legacy declaration: multi-byte UTF-8 sequences are very
    unlikely in Windows-1252 text, while banks often declare one and send the other. So
    does a text that is mostly UTF-8, with a few bytes that are not, as a csv export's
    (``utf8_despite_strays``): each such byte is read on its own and warned of where it
    stands (``stray_byte_warnings``), where the whole file read as Windows-1252 garbled
    every other accented letter ('MÃ¼ller'), and said nothing of the byte.
    Otherwise the declared legacy code page, where it reads the bytes; where none is
    declared, or the one declared does not read them, the code page the text's words
    show, as a csv export's is (``encoding.decode_code_page``: Windows-1250 or -1251
    where their letters clearly stand so, else Windows-1252, Latin-1 where 1252 has
    holes; it never fails). A Czech MT940 or a Russian QIF read as Windows-1252 had every
    payee's name garbled ('Dvoøák' for 'Dvořák', 'Ðîìàøêà' for 'Ромашка').

    ``fields`` finds the format's own marks that stand against a word with no space
    between (QIF's field code opening each line: 'PООО «Ромашка»'): the code page is
    looked for with each blanked, so that 'P' is not taken for a Latin letter of the
    word, which Cyrillic words never have beside them, and no word is quoted with it.
    """
    # The UTF-32 and UTF-16 marks, in the csv path's order and words (``encoding.BOMS``);
    # the UTF-8 one is ``utf8_despite_strays``'s.
    for bom, codec, label in BOMS:
        if data.startswith(bom):
            return DecodedText(data[len(bom) :].decode(codec, errors="replace"), codec, label)
    utf8 = utf8_despite_strays(data)
    if isinstance(utf8, DecodedText):
        return replace(utf8, evidence=_utf8_evidence(utf8, declared))
    reason = not_utf8(data, utf8)
    data = data.removeprefix(codecs.BOM_UTF8)  # a code page's text, whatever mark it bears
    if declared is not None:
        read = _in_declared(data, declared, reason)
        if isinstance(read, DecodedText):
            return read
        reason = read
    if fields is None:
        return decode_code_page(data, reason, BANK_ENCODING_REMEDY)
    blanked = fields.sub(lambda mark: b" " * len(mark.group()), data)
    found = decode_code_page(blanked, reason, BANK_ENCODING_REMEDY)
    # One byte a character, and the marks ASCII: the text read so is the text blanked,
    # but for the marks, and every offset the evidence names (``doubt``) is the same.
    return replace(found, text=data.decode(found.encoding))


def stray_byte_warnings(
    source: str, decoded: DecodedText, records: Iterable[tuple[int, int, int]]
) -> list[RowWarning]:
    """A warning for each byte of a UTF-8 text that is not UTF-8 (``decoded.strays``),
    read as Windows-1252 alone, in the csv path's words (``encoding.stray_byte_said``),
    naming the line and character it stands at, for a text editor. ``records`` are the
    lines read, each as the first and last physical line of its record and its row:
    where exactly one record holds the byte's line, the warning names that row (a line
    read, so the warning counts as a note, not a row skipped); elsewhere (a header's
    account name, a record skipped, several transactions on one line) it names the file."""
    if not decoded.strays:
        return []
    index = LineIndex(decoded.text)
    placed = [(index.line_of(stray.offset), stray) for stray in decoded.strays]
    wanted = {line for line, _ in placed}
    holders: dict[int, list[int]] = {}  # the rows of the records on each line wanted
    for first, last, row in records:
        for line in wanted.intersection(range(first, last + 1)):
            holders.setdefault(line, []).append(row)
    warnings = []
    for line, stray in placed:
        character = stray.offset - index.start_of(line) + 1
        rows = holders.get(line, [])
        where = f"on line {line}, character {character},"
        warnings.append(
            RowWarning(
                source,
                rows[0] if len(rows) == 1 else None,
                None,
                stray_byte_said(stray.byte, stray.read_as, where),
            )
        )
    return warnings


def _utf8_evidence(decoded: DecodedText, declared: Declared | None) -> str:
    """Why a text that is UTF-8 (``utf8_despite_strays``) was read so, against the code
    page ``declared`` where one is: an ASCII text reads alike in both, and one with
    letters beyond it was sent in UTF-8 whatever its header says."""
    said = decoded.evidence
    if declared is None or _codec_name(declared.codec) == "utf-8":
        return said
    named = encoding_name(declared.codec)
    if decoded.text.isascii() and not decoded.strays:
        return f"{said}, in ASCII alone, which {named}, as {declared.where} declares, reads alike"
    return (
        f"{said}, read so although {declared.where} declares {named}: banks often "
        "declare one and send the other"
    )


def code_page_warning(source: str, decoded: DecodedText) -> RowWarning | None:
    """The warning for a text read in a code page whose words show it may be in another
    (``encoding.CodePageDoubt``, as a csv export's is warned of): about the file as a
    whole, so it names no row of its own (a row named would count as one skipped), but
    the line where the first such word stands, for the accountant to look at it."""
    doubt = decoded.doubt
    if doubt is None:
        return None
    line = LineIndex(decoded.text).line_of(doubt.offset)
    return RowWarning(source, None, None, doubt.warning(f"line {line}", BANK_ENCODING_REMEDY))


def _in_declared(data: bytes, declared: Declared, reason: str) -> DecodedText | str:
    """``data`` read in the code page ``declared``, with why (``reason``: it is not
    UTF-8); where that code page is no use for it, ``reason`` with why not, for the
    code page its words show to be looked for instead."""
    codec = _codec_name(declared.codec)
    if codec is None:
        return f"{reason}, and {declared.where} declares '{declared.written}', an encoding not known by that name"
    named = encoding_name(codec)
    if not _is_ascii_compatible(codec):
        return f"{reason}, and {declared.where} declares {named}, which does not read its markup as text"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        return (
            f"{reason}, and {declared.where} declares {named}, which has no character for "
            f"byte 0x{data[error.start]:02X} at offset {error.start}"
        )
    return DecodedText(text, codec, f"{reason}; read as {named}, as {declared.where} declares")


def _codec_name(codec: str) -> str | None:
    """The codec's own name ('cp1252' for 'windows-1252'), or None where none is known."""
    try:
        return codecs.lookup(codec).name
    except LookupError:
        return None


def _is_ascii_compatible(codec: str) -> bool:
    """Whether a declared code page reads markup as markup (UTF-16 and exotic codecs do not)."""
    sample = b"<OFX>:20: abc-123\n"
    try:
        return sample.decode(codec) == sample.decode("ascii")
    except (UnicodeError, LookupError):
        return False


class LineIndex:
    """Maps character offsets of a text to 1-based physical line numbers."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [match.end() for match in LINE_BREAK.finditer(text)]

    def line_of(self, offset: int) -> int:
        return bisect_right(self._starts, offset)

    def start_of(self, line: int) -> int:
        """The offset of the 1-based ``line``'s first character."""
        return self._starts[line - 1]


def split_lines(text: str) -> list[str]:
    """Physical lines, numbered like ``LineIndex`` (line ``i`` is ``result[i - 1]``)."""
    return LINE_BREAK.split(text)


def strip_controls(text: str) -> str:
    """Remove control characters (SOH/ETX transmission bytes, NUL) but keep tabs."""
    return _CONTROL.sub("", text)


def clean(text: str | None) -> str:
    """One-line display text: control characters removed, runs of whitespace collapsed."""
    if not text:
        return ""
    return _WHITESPACE.sub(" ", strip_controls(text)).strip()


def join_unique(values: Iterable[str], separator: str = "; ") -> str:
    """Join the non-empty, non-placeholder values once each, in order of appearance."""
    seen: list[str] = []
    for value in values:
        text = clean(value)
        if text and text.upper() not in PLACEHOLDER_REFERENCES and text not in seen:
            seen.append(text)
    return separator.join(seen)


def calendar_date(year: int, month: int, day: int) -> tuple[date, bool]:
    """The date, or the month's last day when the day overshoots it (30 February).

    Returns the date and whether it was adjusted. Raises ValueError when no nearest date
    exists (month outside 1-12, day 0 or above 31).
    """
    if not 1 <= month <= 12 or not 1 <= day <= 31 or not 1 <= year <= 9999:
        raise ValueError(f"{year:04d}-{month:02d}-{day:02d} is not a date")
    last = calendar.monthrange(year, month)[1]
    if day > last:
        return date(year, month, last), True
    return date(year, month, day), False


def parse_amount(text: str, *, comma_is_decimal: bool = True) -> Decimal:
    """Parse a bank amount: optional sign, either decimal mark, optional thousands marks.

    With both marks present the last one is the decimal mark. A single comma is a decimal
    comma when ``comma_is_decimal`` (OFX allows it), otherwise a thousands separator when
    followed by exactly three digits. Raises ValueError for anything else.
    """
    compact = text.strip().replace(" ", "").replace("\u00a0", "").replace("'", "")
    if not compact or len(compact) > _MAX_AMOUNT_CHARS:
        raise ValueError(f"not an amount: {text!r}")
    sign = ""
    if compact[0] in "+-":
        sign, compact = compact[0], compact[1:]
    elif compact.endswith("-"):
        sign, compact = "-", compact[:-1]
    if not re.fullmatch(r"[0-9][0-9.,]*|[.,][0-9]+", compact):
        raise ValueError(f"not an amount: {text!r}")
    normalised = _normalise_marks(compact, comma_is_decimal=comma_is_decimal)
    try:
        value = Decimal(sign + normalised)
    except InvalidOperation:
        raise ValueError(f"not an amount: {text!r}") from None
    return value


def _normalise_marks(digits: str, *, comma_is_decimal: bool) -> str:
    commas, dots = digits.count(","), digits.count(".")
    if commas and dots:
        decimal_mark = "," if digits.rfind(",") > digits.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        if digits.count(decimal_mark) > 1:
            raise ValueError(f"not an amount: {digits!r}")
        return digits.replace(thousands, "").replace(",", ".")
    mark, count = (",", commas) if commas else (".", dots)
    if count == 0:
        return digits
    if count > 1:
        if not re.fullmatch(rf"[0-9]{{1,3}}(\{mark}[0-9]{{3}})+", digits):
            raise ValueError(f"not an amount: {digits!r}")
        return digits.replace(mark, "")
    if mark == "," and not comma_is_decimal and re.fullmatch(r"[0-9]{1,3},[0-9]{3}", digits):
        return digits.replace(",", "")
    return digits.replace(",", ".")
