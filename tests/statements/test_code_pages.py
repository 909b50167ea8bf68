"""A text that is not UTF-8, read in the code page its words show.

A Polish bank's export in Windows-1250 was read as Windows-1252: 'P³atnoœæ' for
'Płatność', 'Obci¹¿enia' for 'Obciążenia', and nothing said the letters might be wrong.
Symbols between letters are what a central European text shows when read so, and no
Western text has them: where Windows-1250 reads every such word as letters (and leaves
none of its own), the text is read in it; where the words show another code page, or
too few of them show it to decide, a warning names the first and the code page that
reads it. French, German, Spanish and Nordic text is read as Windows-1252, as before.
"""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from desktop_app.statements import import_statement
from desktop_app.statements.encoding import (
    ENCODING_REMEDY,
    ENCODINGS,
    decode_text,
    encoding_name,
)
from desktop_app.statements.importer import StatementImport
from desktop_app.statements.mapping import Mapping

POLISH = [
    "Data operacji;Opis operacji;Obciążenia;Uznania;Saldo",
    "02.01.24;Płatność za fakturę FV/2024/001 Kowalski Spółka;-1 234,50;;10 000,00",
    "03.01.24;Przelew przychodzący od Wiśniewski;;2 500,00;12 500,00",
    "05.01.24;Opłata za prowadzenie rachunku;-15,00;;12 485,00",
    "08.01.24;Zapłata za usługę księgową;-500,00;;11 985,00",
]
POLISH_TEXTS = [row.split(";")[1] for row in POLISH[1:]]


def _csv(rows: list[str]) -> str:
    return "\r\n".join(rows) + "\r\n"


def _import(tmp_path: Path, data: bytes, mapping: Mapping | None = None) -> StatementImport:
    path = tmp_path / "wyciag.csv"
    path.write_bytes(data)
    return import_statement(path, mapping=mapping)


def _encoding_note(result: StatementImport) -> str:
    assert result.layout is not None
    (note,) = (line for line in dict(result.layout.evidence)["format"] if "encoding" in line)
    return note


def _code_page_warnings(result: StatementImport) -> list[str]:
    return [str(warning) for warning in result.warnings if "code page" in warning.message]


def test_a_polish_windows_1250_export_is_read_as_windows_1250(tmp_path: Path) -> None:
    result = _import(tmp_path, _csv(POLISH).encode("cp1250"))

    assert result.layout is not None
    assert result.layout.encoding == "cp1250"
    assert result.layout.columns[2] == "Obciążenia"
    assert [line.description for line in result.lines] == POLISH_TEXTS
    assert [str(line.amount) for line in result.lines] == [
        "-1234.50",
        "2500.00",
        "-15.00",
        "-500.00",
    ]
    assert _encoding_note(result) == (
        "encoding: not valid UTF-8 (byte 0xB9 at offset 32); read as Windows-1250 (central "
        "European), a guess: as Windows-1252 reads it, 7 words have symbols between their "
        "letters (the first 'Obci¹¿enia'), which Windows-1250 reads as letters "
        f"('Obciążenia'), and it reads no word so {ENCODING_REMEDY}"
    )
    assert _code_page_warnings(result) == []


def test_a_byte_windows_1252_lacks_does_not_keep_polish_from_windows_1250(
    tmp_path: Path,
) -> None:
    """'Ź' is 0x8F, a hole in Windows-1252: the text fell back to Latin-1, whose control
    characters stood in the descriptions ('Ÿród³o' was 'Źród\\x8f³o'-like garbage)."""
    rows = [*POLISH, "09.01.24;Zwrot Źródło Łódź;;100,00;12 085,00"]
    result = _import(tmp_path, _csv(rows).encode("cp1250"))

    assert result.layout is not None
    assert result.layout.encoding == "cp1250"
    assert result.lines[-1].description == "Zwrot Źródło Łódź"
    assert "as ISO-8859-1 reads it, 9 words" in _encoding_note(result)


@pytest.mark.parametrize(
    "texts",
    [
        # French, with typographic apostrophes, dashes, œ and the degree sign
        ["Paiement facture Café Hélène à Besançon", "Virement reçu l’été — cœur N° 5"],
        # German, with typographic quotes
        ["Überweisung Müller Straße", "Gebühr für „Bäckerei“ März"],
        # Spanish, with ¿ ¡ ª º, and the pound and yen before figures
        ["¿Qué? ¡Olé! Año nº 5 1ª Núñez", "Señor Ñandú £20 ¥30 ½ precio"],
        # Nordic and Icelandic letters, the middle dot of Catalan, m² and m³
        ["Ørsted Åland Þór Æbeltoft", "Col·legi l·l 10 m² 3 m³ Zoë naïve"],
    ],
)
def test_western_european_text_is_still_read_as_windows_1252(
    texts: list[str], tmp_path: Path
) -> None:
    rows = [
        "Date;Text;Amount",
        *(f"0{day}.01.2024;{text};-{day},50" for day, text in enumerate(texts, 1)),
    ]
    result = _import(tmp_path, _csv(rows).encode("cp1252"))

    assert result.layout is not None
    assert result.layout.encoding == "cp1252"
    assert [line.description for line in result.lines] == texts
    note = _encoding_note(result)
    assert note.endswith(f"read as Windows-1252, a guess {ENCODING_REMEDY}")
    assert _code_page_warnings(result) == []


# Western European letters in any order. Those whose place in a word tells a central
# European text (ø before a vowel, ì or ù inside a word, è before a vowel, õ after a
# consonant: 'Pøevod' is Czech 'Převod' read as Windows-1252) are left out: in any order
# they are that text, and their real Western words are test_code_page_letters.py's.
_WESTERN_LETTERS = (
    string.ascii_letters + "àâäçéêëîïôöûüÿñßæåœšžÀÂÄÇÉÊËÎÏÔÖÛÜŸÑÆÅŒŠŽáíóúýðþÁÍÓÚÝÐÞãÃòÒƒªº"
)
_SYMBOLS = "’‘“”„«»–—…¿¡£€¥°²³¹½¼¾×÷§©®™±•·\u00a0"
_ASCII_GAPS = " ,.;:!?-()/'\"0123456789"


@settings(max_examples=300)
@given(
    st.lists(
        st.tuples(
            st.tuples(
                st.text(alphabet=_WESTERN_LETTERS, max_size=6),
                st.sampled_from(string.ascii_letters),
                st.text(alphabet=_WESTERN_LETTERS, max_size=6),
            ).map("".join),
            st.tuples(
                st.text(alphabet=_SYMBOLS, max_size=2),
                st.sampled_from(_ASCII_GAPS),
                st.text(alphabet=_SYMBOLS, max_size=2),
            ).map("".join),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_no_western_word_is_taken_for_another_code_page(words: list[tuple[str, str]]) -> None:
    """Any words of Western European letters, between them any of Windows-1252's
    symbols beside a space, a digit or a stop: read as Windows-1252, nothing doubted.
    Only a symbol right between two letters shows another code page, and a Western
    text has none there. Each word has a Latin letter, as a Western word of three
    letters has: three or more beyond ASCII alone are a Cyrillic word read as
    Windows-1252 ('Äàòà' for 'Дата'), as test_code_page_letters.py's are."""
    text = "Text\n" + "".join(word + gap for word, gap in words) + "é\n"
    decoded = decode_text(text.encode("cp1252"))
    # 'Âª' is UTF-8's 'ª' too: such bytes may make the text UTF-8 (with a stray byte
    # or two), which is UTF-8's detection, not a code page's.
    assume(decoded.encoding != "utf-8")
    assert (decoded.encoding, decoded.doubt) == ("cp1252", None)
    assert decoded.text == text


def test_one_polish_word_is_warned_of_not_decided_on(tmp_path: Path) -> None:
    """One word does not decide how every other letter is read: the text stays
    Windows-1252, and the warning names the word, where it stands, and the code page
    that reads it."""
    rows = ["Data;Opis;Kwota", "01.01.24;Opłata za coś;-5,00", "02.01.24;Przelew;10,00"]
    result = _import(tmp_path, _csv(rows).encode("cp1250"))

    assert result.layout is not None
    assert result.layout.encoding == "cp1252"
    assert result.lines[0].description == "Op³ata za coœ"
    said = (
        "wyciag.csv: the file is not UTF-8 and was read as Windows-1252, a guess, but as "
        "Windows-1252 reads it, 'Op³ata', in row 2, column 'Opis', has symbols between its "
        'letters, as a text in another code page does; Windows-1250 ("cp1250") reads it '
        f"'Opłata' {ENCODING_REMEDY}"
    )
    assert _code_page_warnings(result) == [said]
    assert "Windows-1250 (\"cp1250\") reads it 'Opłata'" in _encoding_note(result)


@pytest.mark.parametrize(
    ("code_page", "named"),
    [("cp852", 'DOS 852 ("cp852")'), ("iso8859-2", 'ISO-8859-2 ("iso8859-2")')],
)
def test_polish_in_another_code_page_is_warned_of_naming_it(
    code_page: str, named: str, tmp_path: Path
) -> None:
    """Windows-1250 reads these as symbols too (ISO-8859-2's 'ą' is its '±'), or not at
    all (DOS 852's 'ł' is a byte it lacks): not taken for it. The code page that reads
    every such word as letters is named."""
    result = _import(tmp_path, _csv(POLISH).encode(code_page))

    assert result.layout is not None
    assert result.layout.encoding in ("cp1252", "latin-1")
    (warning,) = _code_page_warnings(result)
    assert warning.startswith(
        "wyciag.csv: the file is not UTF-8 and was read as "
        f"{encoding_name(result.layout.encoding)}, a guess, but as "
    )
    assert "words have symbols between their letters (the first '" in warning
    assert "', in row 1, column '" in warning
    assert f"{named} reads it 'Obciążenia'" in warning
    assert warning.endswith(ENCODING_REMEDY)


def test_the_encoding_a_mapping_sets_is_read_without_a_doubt(tmp_path: Path) -> None:
    """The accountant's choice (the wizard's Encoding, --mapping's "encoding"): read so,
    and nothing warned; the mapping's Windows-1252 reads the Polish text as it says."""
    short = ["Data;Opis;Kwota", "01.01.24;Opłata za coś;-5,00", "02.01.24;Przelew;10,00"]
    data = _csv(short).encode("cp1250")
    as_polish = _import(tmp_path, data, Mapping(encoding="cp1250"))
    assert as_polish.lines[0].description == "Opłata za coś"
    assert _encoding_note(as_polish) == "encoding: cp1250 (set by the mapping)"
    assert _code_page_warnings(as_polish) == []

    as_western = _import(tmp_path, _csv(POLISH).encode("cp1250"), Mapping(encoding="cp1252"))
    assert as_western.lines[0].description == "P³atnoœæ za fakturê FV/2024/001 Kowalski Spó³ka"
    assert _code_page_warnings(as_western) == []


@pytest.mark.parametrize(("codec", "label"), ENCODINGS)
def test_every_encoding_offered_is_one_a_mapping_takes(codec: str, label: str) -> None:
    assert Mapping(encoding=codec).encoding == codec
    assert label.startswith(encoding_name(codec))
