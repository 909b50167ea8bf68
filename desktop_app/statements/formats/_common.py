"""Helpers shared by the bank-format readers: names, text decoding, line numbers, numbers.

Every reader reports rows as the 1-based physical line an accountant sees in a text editor,
so line breaks are counted the way editors count them: CRLF, LF and a lone CR each end a
line (``str.splitlines`` also splits on form feeds and Unicode separators, editors do not).
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation

from desktop_app.statements.model import StatementImportError

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


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode a text file, returning the text and the encoding used.

    Valid UTF-8 wins even over a legacy declaration: multi-byte UTF-8 sequences are very
    unlikely in Windows-1252 text, while banks often declare one and send the other.
    Otherwise the declared legacy code page, then Windows-1252, then Latin-1 (never fails).
    """
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace"), codec
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = [declared] if declared and _is_ascii_compatible(declared) else []
    for codec in [*candidates, "cp1252"]:
        try:
            return data.decode(codec), codec
        except (UnicodeError, LookupError):
            continue
    return data.decode("latin-1"), "latin-1"


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
