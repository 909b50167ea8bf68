"""Which text encoding a statement file uses, decided from its bytes.

Banks write UTF-8 (with or without a byte-order mark), UTF-16 (Excel's "Unicode text"), or
the Windows code page of their country. Only byte-order marks and strict UTF-8 validity are
proof; a file that is neither is read as Windows-1252 (Latin-1 where 1252 has holes), and
the evidence says so, because a wrong guess shows as wrong letters, never as wrong money.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 (little-endian byte-order mark)"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 (big-endian byte-order mark)"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8 with a byte-order mark"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 (little-endian byte-order mark)"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 (big-endian byte-order mark)"),
)


class UndecodableTextError(ValueError):
    """The bytes are not text in any encoding a bank uses."""


@dataclass(frozen=True, slots=True)
class StrayByte:
    """A byte of a UTF-8 text that is not UTF-8: at ``offset`` of the decoded text it
    stands as ``read_as``, its reading in Windows-1252 (Latin-1 where 1252 has a hole)."""

    offset: int
    byte: int
    read_as: str


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str
    evidence: str
    # A UTF-8 text's few bytes that are not UTF-8 (an address typed in another program
    # and pasted in): each read on its own and named, row by row, in the import's warnings.
    strays: tuple[StrayByte, ...] = ()


def decode_text(data: bytes) -> DecodedText:
    for bom, encoding, label in _BOMS:
        if data.startswith(bom):
            try:
                return DecodedText(data[len(bom) :].decode(encoding), encoding, label)
            except UnicodeDecodeError as error:
                raise UndecodableTextError(
                    f"it starts with a {label} but byte {error.start + len(bom)} is not valid"
                ) from None
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return utf16
    try:
        return DecodedText(data.decode("utf-8"), "utf-8", "valid UTF-8")
    except UnicodeDecodeError as error:
        offset = error.start
    if b"\x00" in data:
        raise UndecodableTextError("it contains NUL bytes and is not UTF-16 text")
    mostly = _mostly_utf8(data, offset)
    if mostly is not None:
        return mostly
    reason = f"not valid UTF-8 (byte 0x{data[offset]:02X} at offset {offset})"
    try:
        return DecodedText(data.decode("cp1252"), "cp1252", f"{reason}; read as Windows-1252")
    except UnicodeDecodeError:
        return DecodedText(data.decode("latin-1"), "latin-1", f"{reason}; read as Latin-1")


_ESCAPED = re.compile("[\udc80-\udcff]")
# A character UTF-8 writes in more than one byte (the escapes of stray bytes excepted).
_WIDE = re.compile("[\u0080-\udc7f\udd00-\U0010ffff]")


def _mostly_utf8(data: bytes, first: int) -> DecodedText | None:
    """The text as UTF-8 when its letters beyond ASCII are mostly valid UTF-8 and only a
    few bytes are not; None when it reads as a code page (few or no UTF-8 sequences).

    One byte typed in Windows-1252 into a UTF-8 export once made the whole file read as
    1252, every umlaut of it garbled ("MÃ¼ller"). Each stray byte is read as 1252 on its
    own, where it stands, and said (``StrayByte``), since it is a guess.
    """
    text = data.decode("utf-8", errors="surrogateescape")
    escaped = list(_ESCAPED.finditer(text))
    if len(_WIDE.findall(text)) <= len(escaped):
        return None
    strays = tuple(
        StrayByte(found.start(), ord(found.group()) - 0xDC00, _read_alone(ord(found.group())))
        for found in escaped
    )
    text = _ESCAPED.sub(lambda found: _read_alone(ord(found.group())), text)
    count = len(strays)
    evidence = (
        f"UTF-8 but for {count} byte{'' if count == 1 else 's'} that "
        f"{'is' if count == 1 else 'are'} not (first 0x{data[first]:02X} at offset "
        f"{first}), read as Windows-1252 where "
        f"{'it stands' if count == 1 else 'they stand'}"
    )
    return DecodedText(text, "utf-8", evidence, strays)


def _read_alone(escape: int) -> str:
    """A stray byte, escaped by ``surrogateescape``, as Windows-1252 (else Latin-1) reads it."""
    byte = bytes([escape - 0xDC00])
    try:
        return byte.decode("cp1252")
    except UnicodeDecodeError:
        return byte.decode("latin-1")


def _bomless_utf16(data: bytes) -> DecodedText | None:
    """UTF-16 without a byte-order mark: every other byte of ASCII text is NUL."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    for nuls, other, encoding in (
        (odd_nuls, even_nuls, "utf-16-le"),
        (even_nuls, odd_nuls, "utf-16-be"),
    ):
        if nuls > half * 0.6 and other < half * 0.05:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return DecodedText(text, encoding, f"UTF-16 without a byte-order mark ({encoding})")
    return None
