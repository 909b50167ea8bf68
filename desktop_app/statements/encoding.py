"""Which text encoding a statement file uses, decided from its bytes.

Banks write UTF-8 (with or without a byte-order mark), UTF-16 (Excel's "Unicode text"), or
the Windows code page of their country. Only byte-order marks and strict UTF-8 validity are
proof; a file that is neither is read as Windows-1252 (Latin-1 where 1252 has holes), and
the evidence says so, because a wrong guess shows as wrong letters, never as wrong money.
"""

from __future__ import annotations

import codecs
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
class DecodedText:
    text: str
    encoding: str
    evidence: str


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
    reason = f"not valid UTF-8 (byte 0x{data[offset]:02X} at offset {offset})"
    try:
        return DecodedText(data.decode("cp1252"), "cp1252", f"{reason}; read as Windows-1252")
    except UnicodeDecodeError:
        return DecodedText(data.decode("latin-1"), "latin-1", f"{reason}; read as Latin-1")


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
