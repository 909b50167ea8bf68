"""A UTF-8 file with a few bytes that are not UTF-8 is read as UTF-8, each stray byte read
as Windows-1252 where it stands (as Latin-1 where that has no character for it, and said
so) and named by row and column; a Windows-1252 file is still read as one."""

from __future__ import annotations

import codecs
import re
import string
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from desktop_app.statements import import_statement
from desktop_app.statements.encoding import (
    ENCODING_REMEDY,
    DecodedText,
    StrayByte,
    _read_alone,
    decode_text,
    mostly_utf8,
)


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "umsaetze.csv"
    path.write_bytes(data)
    return path


def test_one_stray_byte_leaves_the_rest_utf8_and_is_named(tmp_path: Path) -> None:
    data = (
        'Datum;Empfänger;Betrag\r\n03.03.2025;Müller GmbH;-10,00\r\n04.03.2025;"Bau; M'.encode()
        + b"\xfc"
        + 'ller AG";-20,00\r\n05.03.2025;Straße;-30,00\r\n'.encode()
    )
    result = import_statement(_write(tmp_path, data))
    assert [line.counterparty for line in result.lines] == [
        "Müller GmbH",
        "Bau; Müller AG",
        "Straße",
    ]
    said = (
        "umsaetze.csv row 3 column Empfänger: byte 0xFC is not UTF-8, as the rest of the "
        "file is; it was read as 'ü' (Windows-1252): check the text"
    )
    assert [str(warning) for warning in result.warnings] == [said]
    assert result.layout is not None
    assert result.layout.encoding == "utf-8"


def test_a_stray_byte_after_a_byte_order_mark_is_read_and_named_as_without_one(
    tmp_path: Path,
) -> None:
    """A csv export with a UTF-8 byte-order mark was refused for one stray byte that a
    bank format's file was read despite: one rule for a file, whatever its format."""
    head = codecs.BOM_UTF8 + 'Datum;Empfänger;Betrag\r\n03.03.2025;"Bau; M'.encode()
    data = head + b"\xfc" + 'ller AG";-20,00\r\n05.03.2025;Straße;-30,00\r\n'.encode()
    result = import_statement(_write(tmp_path, data))
    assert [line.counterparty for line in result.lines] == ["Bau; Müller AG", "Straße"]
    said = (
        "umsaetze.csv row 2 column Empfänger: byte 0xFC is not UTF-8, as the rest of the "
        "file is; it was read as 'ü' (Windows-1252): check the text"
    )
    assert [str(warning) for warning in result.warnings] == [said]
    assert result.layout is not None
    assert result.layout.encoding == "utf-8"
    assert result.layout.columns == ("Datum", "Empfänger", "Betrag")
    evidence = dict(result.layout.evidence)["format"]
    assert (
        f"encoding: UTF-8 with a byte-order mark but for 1 byte that is not (first 0xFC at "
        f"offset {len(head)}), read as Windows-1252 where it stands"
    ) in evidence


def test_a_code_page_text_with_a_utf8_byte_order_mark_is_read_in_its_code_page(
    tmp_path: Path,
) -> None:
    """A Windows-1252 text behind a UTF-8 byte-order mark (the mark lies) was refused;
    it is read as the bank formats read one, in the code page its words show, without
    the mark."""
    text = "Datum;Empfänger;Betrag\r\n03.03.2025;Müller GmbH;-10,00\r\n"
    data = codecs.BOM_UTF8 + text.encode("cp1252")
    result = import_statement(_write(tmp_path, data))
    assert [line.counterparty for line in result.lines] == ["Müller GmbH"]
    assert result.layout is not None
    assert result.layout.encoding == "cp1252"
    assert result.layout.columns == ("Datum", "Empfänger", "Betrag")
    offset = len(codecs.BOM_UTF8) + len("Datum;Empf")
    assert (
        f"encoding: not valid UTF-8 (byte 0xE4 at offset {offset}); read as Windows-1252, a "
        f"guess {ENCODING_REMEDY}"
    ) in dict(result.layout.evidence)["format"]


@pytest.mark.parametrize("byte", [0x81, 0x8D, 0x8F, 0x90, 0x9D])
def test_a_stray_byte_windows_1252_has_no_character_for_is_said_so(
    tmp_path: Path, byte: int
) -> None:
    """Windows-1252 leaves five bytes undefined; a stray one is read as Latin-1 reads it,
    an invisible control character, and the warning says that, not "read as ''
    (Windows-1252)"."""
    data = (
        "Datum;Empfänger;Betrag\r\n03.03.2025;Müller GmbH;-10,00\r\n04.03.2025;Bau".encode()
        + bytes([byte])
        + b" AG;-20,00\r\n"
    )
    result = import_statement(_write(tmp_path, data))
    assert [line.counterparty for line in result.lines] == ["Müller GmbH", f"Bau{chr(byte)} AG"]
    said = (
        f"umsaetze.csv row 3 column Empfänger: byte 0x{byte:02X} is not UTF-8, as the rest of "
        "the file is, and Windows-1252 has no character for it; it was read as "
        f"U+{byte:04X}, an invisible control character (Latin-1): check the text"
    )
    assert [str(warning) for warning in result.warnings] == [said]


@pytest.mark.parametrize("byte", [0x81, 0x8D, 0x8F, 0x90, 0x9D])
def test_the_evidence_says_a_byte_windows_1252_has_no_character_for_was_read_as_latin1(
    tmp_path: Path, byte: int
) -> None:
    """The evidence said "read as Windows-1252 where it stands" of a byte that code page
    never read: Latin-1 did, as the warning says."""
    head = "Datum;Empfänger;Betrag\r\n03.03.2025;Müller GmbH;-10,00\r\n04.03.2025;Bau".encode()
    data = head + bytes([byte]) + b" AG;-20,00\r\n"
    result = import_statement(_write(tmp_path, data))
    assert result.layout is not None
    assert (
        f"encoding: UTF-8 but for 1 byte that is not (first 0x{byte:02X} at offset "
        f"{len(head)}), read as Latin-1 where it stands, Windows-1252 having no character "
        "for it"
    ) in dict(result.layout.evidence)["format"]


def test_the_evidence_says_how_each_kind_of_stray_byte_was_read() -> None:
    """Strays all of which Windows-1252 lacks are said to be read as Latin-1; among others,
    how many of them were."""
    text = "Betrag\n" + "5 €\n" * 4
    first = len(text.encode())
    holes = text.encode() + b"A\x81B\x9dC\n"
    assert decode_text(holes).evidence == (
        f"UTF-8 but for 2 bytes that are not (first 0x81 at offset {first + 1}), read as "
        "Latin-1 where they stand, Windows-1252 having no character for them"
    )
    mixed = text.encode() + b"M\xfcller \x90 Stra\xdfe\n"
    assert decode_text(mixed).evidence == (
        f"UTF-8 but for 3 bytes that are not (first 0xFC at offset {first + 1}), read as "
        "Windows-1252 where they stand, except 1 that it has no character for, read as "
        "Latin-1"
    )
    assert decode_text(mixed).text.endswith("Müller \x90 Straße\n")


def test_a_windows_1252_file_is_still_read_as_one(tmp_path: Path) -> None:
    data = "Datum;Empfänger;Betrag\r\n03.03.2025;Müller GmbH;-10,00\r\n".encode("cp1252")
    result = import_statement(_write(tmp_path, data))
    assert [line.counterparty for line in result.lines] == ["Müller GmbH"]
    assert result.warnings == ()
    assert result.layout is not None
    assert result.layout.encoding == "cp1252"


# The rule that tells a UTF-8 text with stray bytes from a code page's text, at its
# boundary: the characters beyond ASCII that are valid UTF-8 must outnumber the bytes that
# are not, each such byte counted on its own. '€' (three bytes, one character) stands
# between spaces, so a code page's reading ('â‚¬') puts no symbol inside a word and the
# code page is Windows-1252 with nothing doubted.
EURO = "5 €\n".encode()
STRAY = b"M\xfcller\n"  # 0xFC is no UTF-8 byte: 'ü' in Windows-1252
CUT_SHORT = b"\xe2\x82 \n"  # '€' without its last byte: two stray bytes


def _code_page_reading(data: bytes, byte: int, offset: int) -> DecodedText:
    return DecodedText(
        data.decode("cp1252"),
        "cp1252",
        f"not valid UTF-8 (byte 0x{byte:02X} at offset {offset}); read as Windows-1252, a "
        f"guess {ENCODING_REMEDY}",
    )


def test_as_many_stray_bytes_as_utf8_characters_is_a_code_page() -> None:
    data = b"Betrag\n" + EURO * 3 + STRAY * 3
    assert decode_text(data) == _code_page_reading(data, 0xFC, 7 + 3 * len(EURO) + 1)


def test_one_utf8_character_more_than_stray_bytes_is_utf8() -> None:
    data = b"Betrag\n" + EURO * 4 + STRAY * 3
    first = 7 + 4 * 4  # the text's offset: '€' is one character of three bytes
    assert decode_text(data) == DecodedText(
        "Betrag\n" + "5 €\n" * 4 + "Müller\n" * 3,
        "utf-8",
        f"UTF-8 but for 3 bytes that are not (first 0xFC at offset {first + 8 + 1}), read "
        "as Windows-1252 where they stand",
        tuple(StrayByte(first + 1 + 7 * line, 0xFC, "ü") for line in range(3)),
    )


def test_a_sequence_cut_short_counts_each_of_its_bytes() -> None:
    """Two bytes of a three-byte sequence are two stray bytes, not one: two characters
    do not outnumber them, three do."""
    assert decode_text(b"Betrag\n" + EURO * 2 + CUT_SHORT).encoding == "cp1252"
    data = b"Betrag\n" + EURO * 3 + CUT_SHORT
    first = 7 + 3 * 4
    assert decode_text(data) == DecodedText(
        "Betrag\n" + "5 €\n" * 3 + "â‚ \n",
        "utf-8",
        f"UTF-8 but for 2 bytes that are not (first 0xE2 at offset {7 + 3 * 6}), read as "
        "Windows-1252 where they stand",
        (StrayByte(first, 0xE2, "â"), StrayByte(first + 1, 0x82, "‚")),
    )


def test_a_stray_byte_inside_a_sequence_leaves_each_byte_of_it_stray() -> None:
    """A byte that is not UTF-8 in the middle of '€' (E2 82 AC) breaks it: the bytes
    before and after it are read one by one too, four strays where one was typed."""
    broken = b"\xe2\xfc\x82\xac\n"
    assert decode_text(b"Betrag\n" + EURO * 4 + broken).encoding == "cp1252"
    data = b"Betrag\n" + EURO * 5 + broken
    first = 7 + 5 * 4
    assert decode_text(data) == DecodedText(
        "Betrag\n" + "5 €\n" * 5 + "âü‚¬\n",
        "utf-8",
        f"UTF-8 but for 4 bytes that are not (first 0xE2 at offset {7 + 5 * 6}), read as "
        "Windows-1252 where they stand",
        tuple(
            StrayByte(first + at, byte, read_as)
            for at, (byte, read_as) in enumerate(zip(broken[:4], "âü‚¬", strict=True))
        ),
    )


def test_stray_bytes_at_the_start_and_the_end_of_the_file() -> None:
    """The first byte of the file and a sequence cut short by its end are strays like any
    other; the evidence names the first by its byte's offset in the file."""
    data = b"\xfcber " + "Straße 5 € 7 € café".encode() + b"\xe2\x82"
    text = "über Straße 5 € 7 € caféâ‚"
    assert decode_text(data) == DecodedText(
        text,
        "utf-8",
        "UTF-8 but for 3 bytes that are not (first 0xFC at offset 0), read as Windows-1252 "
        "where they stand",
        (
            StrayByte(0, 0xFC, "ü"),
            StrayByte(len(text) - 2, 0xE2, "â"),
            StrayByte(len(text) - 1, 0x82, "‚"),
        ),
    )
    # One character fewer beyond ASCII ('cafe'), and the three strays are as many.
    fewer = b"\xfcber " + "Straße 5 € 7 € cafe".encode() + b"\xe2\x82"
    assert decode_text(fewer) == _code_page_reading(fewer, 0xFC, 0)


def test_a_code_page_text_with_accents_throughout_is_refused_as_utf8() -> None:
    """A Windows-1252 text whose accents happen to make a few UTF-8 characters ('Ã©' is
    UTF-8's 'é') is still a code page's: its other accents far outnumber them."""
    rows = ["Date;Libellé;Montant", "02.01.24;Société Générale CAFÃ©;-5,00"]
    rows += [f"0{day}.01.24;Prélèvement échéance n°{day};-1{day},00" for day in range(3, 10)]
    data = ("\r\n".join(rows) + "\r\n").encode("cp1252")
    assert decode_text(data) == _code_page_reading(data, 0xE9, len("Date;Libell"))


# The reading of mostly-UTF-8 texts before its counts were taken first (it found every
# stray byte, then counted): a reference oracle for the random texts below, kept only here.
_OLD_REFERENCE_ESCAPED = re.compile("[\udc80-\udcff]")
_OLD_REFERENCE_WIDE = re.compile("[\u0080-\udc7f\udd00-\U0010ffff]")


def _old_mostly_utf8_reference_oracle(data: bytes, first: int) -> DecodedText | None:
    text = data.decode("utf-8", errors="surrogateescape")
    escaped = list(_OLD_REFERENCE_ESCAPED.finditer(text))
    if len(_OLD_REFERENCE_WIDE.findall(text)) <= len(escaped):
        return None
    strays = tuple(
        StrayByte(found.start(), ord(found.group()) - 0xDC00, _read_alone(ord(found.group())))
        for found in escaped
    )
    text = _OLD_REFERENCE_ESCAPED.sub(lambda found: _read_alone(ord(found.group())), text)
    count = len(strays)
    # The five bytes Windows-1252 leaves undefined, read as Latin-1: the evidence says so.
    latin1 = sum(stray.byte in (0x81, 0x8D, 0x8F, 0x90, 0x9D) for stray in strays)
    where = "it stands" if count == 1 else "they stand"
    if not latin1:
        read = f"read as Windows-1252 where {where}"
    elif latin1 == count:
        read = (
            f"read as Latin-1 where {where}, Windows-1252 having no character for "
            f"{'it' if count == 1 else 'them'}"
        )
    else:
        read = (
            f"read as Windows-1252 where {where}, except {latin1} that it has no character "
            "for, read as Latin-1"
        )
    evidence = (
        f"UTF-8 but for {count} byte{'' if count == 1 else 's'} that "
        f"{'is' if count == 1 else 'are'} not (first 0x{data[first]:02X} at offset "
        f"{first}), {read}"
    )
    return DecodedText(text, "utf-8", evidence, strays)


# Texts of ASCII, UTF-8 characters (up to three at a time, so that both readings come
# out often), single high bytes, and sequences cut short or out of order.
_PIECES = st.one_of(
    st.text(alphabet=string.ascii_letters + " ;\n", max_size=4).map(str.encode),
    st.lists(st.characters(min_codepoint=0x80, codec="utf-8"), min_size=1, max_size=3).map(
        lambda characters: "".join(characters).encode()
    ),
    st.integers(0x80, 0xFF).map(lambda byte: bytes([byte])),
    # Sequences cut short, and the bytes of a sequence out of order.
    st.characters(min_codepoint=0x800, codec="utf-8")
    .map(str.encode)
    .flatmap(lambda encoded: st.sampled_from([encoded[:-1], encoded[1:], encoded[::-1]])),
)


@settings(max_examples=500)
@given(st.lists(_PIECES, min_size=1, max_size=40).map(b"".join))
def test_random_byte_mixes_are_decided_as_the_reference_decides(data: bytes) -> None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        first = error.start
    else:
        assume(False)
    assert mostly_utf8(data, first) == _old_mostly_utf8_reference_oracle(data, first)
