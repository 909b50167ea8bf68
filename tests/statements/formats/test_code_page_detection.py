"""A bank format's text that is not UTF-8 and declares no code page is read in the code
page its words show, as a csv export's is (``encoding.decode_code_page``).

MT940, QIF, IIF and OFX SGML files were read as the code page they declared (OFX's
CHARSET), else as Windows-1252, and said nothing of it: a Czech MT940 in Windows-1250
named its payee 'Jan Dvoøák', a Russian QIF in Windows-1251 'ÎÎÎ «Ðîìàøêà»'. Now the
letters of Czech, Hungarian and Polish read them as Windows-1250, Russian ones as
Windows-1251, Western European ones stay Windows-1252, a code page declared still wins,
and the encoding chosen and why are reported as a csv's are: the layout's "encoding" and
its "format" evidence. Each file here is built, in real words of its language, encoded
by Python.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.statements import import_statement
from desktop_app.statements.formats import _common, read_iif, read_mt940, read_ofx, read_qif
from desktop_app.statements.model import ParsedStatement

# Each a counterparty and the memo of a payment to or from it.
Payment = tuple[str, str]

CZECH: list[Payment] = [
    ("Jan Dvořák", "Převod na účet"),
    ("Lékárna Řečkovice", "Platba kartou"),
    ("Květinářství Růžička", "Výběr z bankomatu"),
    ("Pošta Příbram", "Poplatek za vedení účtu"),
]
HUNGARIAN: list[Payment] = [
    ("Kovács Péter", "Átutalás előző havi bérleti díj"),
    ("Műszaki Áruház Győr", "Bankkártyás vásárlás"),
    ("Szabó Ildikó", "Jóváírás, időszak: december"),
    ("Erdős Ödön", "Számlavezetési díj"),
]
RUSSIAN: list[Payment] = [
    ("ООО «Ромашка»", "Перевод средств по договору"),
    ("Иванов Пётр Сергеевич", "Зачисление заработной платы"),
    ("ПАО Мегафон", "Оплата услуг связи"),
    ("Сбербанк", "Комиссия банка за обслуживание"),
]
POLISH: list[Payment] = [
    ("Spółdzielnia Mieszkaniowa Łódź", "Opłata czynszu"),
    ("Zakład Energetyczny", "Płatność za energię"),
    ("Wojciech Wiśniewski", "Wpłata własna"),
]
GERMAN: list[Payment] = [
    ("Müller GmbH", "Überweisung Miete März"),
    ("Bäckerei Groß", "Kartenzahlung"),
    ("Stadtwerke Süd", "Lastschrift Strom"),
]
FRENCH: list[Payment] = [
    ("Société Générale", "Prélèvement échéance prêt"),
    ("Hélène Dupré", "Virement reçu"),
    ("Crêperie Noël", "Carte 12/03 très bon"),
]

AMOUNT = Decimal("-10.00")  # every payment's


def mt940(payments: list[Payment]) -> str:
    """A statement whose :86: fields are German-structured: the memo as ?20, the
    counterparty as ?32 (each at most 27 characters); its balances add up."""
    moves = "".join(
        f":61:2403{day:02d}03{day:02d}D10,00NTRFNONREF\n:86:166?00UEBERWEISUNG?20{memo}?32{payee}\n"
        for day, (payee, memo) in enumerate(payments, start=13)
    )
    closing = f"{1000 - 10 * len(payments)},00"  # days from the 13th: month-first, day-first alike
    return (
        ":20:STARTUMS\n:25:CZ6508000000192000145399\n:28C:00001/001\n"
        f":60F:C240301EUR1000,00\n{moves}:62F:C240331EUR{closing}\n-\n"
    )


def qif(payments: list[Payment]) -> str:
    return "!Type:Bank\n" + "".join(
        f"D03/{day:02d}/2024\nT-10.00\nP{payee}\nM{memo}\n^\n"
        for day, (payee, memo) in enumerate(payments, start=13)
    )


def iif(payments: list[Payment]) -> str:
    header = (
        "!TRNS\tTRNSID\tTRNSTYPE\tDATE\tACCNT\tNAME\tAMOUNT\tDOCNUM\tMEMO\n"
        "!SPL\tSPLID\tTRNSTYPE\tDATE\tACCNT\tNAME\tAMOUNT\tDOCNUM\tMEMO\n!ENDTRNS\n"
    )
    return header + "".join(
        f"TRNS\t{day}\tCHECK\t3/{day}/2024\tBank\t{payee}\t-10.00\t{day}\t{memo}\n"
        f"SPL\t{day + 100}\tCHECK\t3/{day}/2024\tExpenses\t\t10.00\t\t\nENDTRNS\n"
        for day, (payee, memo) in enumerate(payments, start=13)
    )


def ofx(payments: list[Payment], charset: str = "NONE") -> str:
    """An OFX 1.02 (SGML) statement declaring ``charset`` (NONE: no code page)."""
    moves = "".join(
        f"<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>202403{day:02d}<TRNAMT>-10.00<FITID>F{day}"
        f"<NAME>{payee}<MEMO>{memo}</STMTTRN>\n"
        for day, (payee, memo) in enumerate(payments, start=13)
    )
    return (
        "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\n"
        f"CHARSET:{charset}\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n"
        "<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>\n"
        "<STMTRS><CURDEF>EUR<BANKACCTFROM><BANKID>123<ACCTID>19-2000145399"
        "<ACCTTYPE>CHECKING</BANKACCTFROM>\n"
        f"<BANKTRANLIST><DTSTART>20240301<DTEND>20240331\n{moves}</BANKTRANLIST>\n"
        "<LEDGERBAL><BALAMT>960.00<DTASOF>20240331</LEDGERBAL>\n"
        "</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n"
    )


Reader = Callable[[bytes, str], ParsedStatement]
FORMATS: dict[str, tuple[Callable[[list[Payment]], str], Reader, str]] = {
    "mt940": (mt940, read_mt940, "bank.sta"),
    "qif": (qif, read_qif, "bank.qif"),
    "iif": (iif, read_iif, "bank.iif"),
    "ofx": (ofx, read_ofx, "bank.ofx"),
}
LANGUAGES = {
    "Czech": (CZECH, "cp1250", "read as Windows-1250 (central European), a guess: as"),
    "Hungarian": (HUNGARIAN, "cp1250", "read as Windows-1250 (central European), a guess: as"),
    "Polish": (POLISH, "cp1250", "read as Windows-1250 (central European), a guess: as"),
    "Russian": (RUSSIAN, "cp1251", "read as Windows-1251 (Cyrillic), a guess: as"),
    "German": (GERMAN, "cp1252", "read as Windows-1252, a guess"),
    "French": (FRENCH, "cp1252", "read as Windows-1252, a guess"),
}


def _read(fmt: str, payments: list[Payment], codec: str) -> ParsedStatement:
    build, reader, name = FORMATS[fmt]
    return reader(build(payments).encode(codec), name)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_undeclared_code_page_is_read_as_its_words_show(fmt: str, language: str) -> None:
    payments, codec, chosen = LANGUAGES[language]
    parsed = _read(fmt, payments, codec)

    assert [line.counterparty for line in parsed.lines] == [payee for payee, _ in payments]
    for line, (_, memo) in zip(parsed.lines, payments, strict=True):
        assert memo in line.description
    assert [line.amount for line in parsed.lines] == [AMOUNT] * len(payments)
    assert parsed.encoding == codec
    assert parsed.encoding_evidence is not None
    assert parsed.encoding_evidence.startswith("not valid UTF-8 (byte 0x")
    assert chosen in parsed.encoding_evidence
    assert parsed.encoding_evidence.endswith(_common.BANK_ENCODING_REMEDY)
    assert parsed.warnings == ()


def test_the_evidence_quotes_the_first_word_as_each_code_page_reads_it() -> None:
    parsed = _read("mt940", CZECH, "cp1250")

    assert parsed.encoding_evidence is not None
    assert "(the first in 'Pøevod')" in parsed.encoding_evidence
    assert "reads as central European letters ('Převod')" in parsed.encoding_evidence


def test_a_utf8_file_says_so() -> None:
    parsed = _read("qif", RUSSIAN, "utf-8")

    assert [line.counterparty for line in parsed.lines] == [payee for payee, _ in RUSSIAN]
    assert (parsed.encoding, parsed.encoding_evidence) == ("utf-8", "valid UTF-8")


@pytest.mark.parametrize(
    ("payments", "charset", "codec", "named"),
    [
        (RUSSIAN, "1251", "cp1251", "Windows-1251"),
        (GERMAN, "1252", "cp1252", "Windows-1252"),
    ],
)
def test_a_declared_code_page_is_read_and_named(
    payments: list[Payment], charset: str, codec: str, named: str
) -> None:
    parsed = read_ofx(ofx(payments, charset).encode(codec), "bank.ofx")

    assert [line.counterparty for line in parsed.lines] == [payee for payee, _ in payments]
    assert parsed.encoding == codec
    assert parsed.encoding_evidence is not None
    assert parsed.encoding_evidence.endswith(
        f"; read as {named}, as its OFX header (CHARSET:{charset}) declares"
    )


def test_a_declared_code_page_wins_over_the_letters() -> None:
    """A Czech text whose header declares Windows-1252 is read as declared: the bank
    said so, and the letters are only a guess."""
    parsed = read_ofx(ofx(CZECH, "1252").encode("cp1250"), "bank.ofx")

    assert parsed.encoding == "cp1252"
    assert parsed.lines[0].counterparty == "Jan Dvoøák"


def test_a_declared_code_page_that_does_not_read_the_bytes_gives_way_to_the_letters() -> None:
    """An XML OFX that declares UTF-8 but is in Windows-1251 is read as its words show,
    and the evidence says what was declared and why it was not used."""
    sgml = ofx(RUSSIAN)
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + sgml.split("\n\n", 1)[1]
    parsed = read_ofx(text.encode("cp1251"), "bank.ofx")

    assert [line.counterparty for line in parsed.lines] == [payee for payee, _ in RUSSIAN]
    assert parsed.encoding == "cp1251"
    assert parsed.encoding_evidence is not None
    assert ", and its XML declaration declares UTF-8, which has no character for byte 0x" in (
        parsed.encoding_evidence
    )
    assert "read as Windows-1251 (Cyrillic)" in parsed.encoding_evidence


def _not_utf8(data: bytes) -> str:
    """The evidence's opening for ``data``, which is not UTF-8 from its first byte beyond
    ASCII on."""
    offset = next(index for index, byte in enumerate(data) if byte > 0x7F)
    return f"not valid UTF-8 (byte 0x{data[offset]:02X} at offset {offset})"


def test_a_declared_code_page_python_does_not_know_gives_way_to_the_letters() -> None:
    """CHARSET:9999 names no code page: the Russian text is read as its words show, and
    the evidence says what the header declared, as it declares it."""
    data = ofx(RUSSIAN, "9999").encode("cp1251")
    parsed = read_ofx(data, "bank.ofx")

    assert [line.counterparty for line in parsed.lines] == [payee for payee, _ in RUSSIAN]
    assert parsed.encoding == "cp1251"
    assert parsed.encoding_evidence is not None
    assert parsed.encoding_evidence.startswith(
        f"{_not_utf8(data)}, and its OFX header (CHARSET:9999) declares '9999', an encoding "
        "not known by that name; read as Windows-1251 (Cyrillic), a guess: as"
    )


def test_a_declared_encoding_that_is_not_ascii_compatible_gives_way_to_the_letters() -> None:
    """An XML OFX declaring UTF-16 over a Windows-1251 body: read in UTF-16 its markup
    would be no text at all, so the words decide, and the evidence says why."""
    text = '<?xml version="1.0" encoding="UTF-16"?>\n' + ofx(RUSSIAN).split("\n\n", 1)[1]
    data = text.encode("cp1251")
    parsed = read_ofx(data, "bank.ofx")

    assert [line.counterparty for line in parsed.lines] == [payee for payee, _ in RUSSIAN]
    assert parsed.encoding == "cp1251"
    assert parsed.encoding_evidence is not None
    assert parsed.encoding_evidence.startswith(
        f"{_not_utf8(data)}, and its XML declaration declares UTF-16, which does not read "
        "its markup as text; read as Windows-1251 (Cyrillic), a guess: as"
    )


def test_an_ascii_text_declaring_a_code_page_is_read_as_utf8_which_reads_it_alike() -> None:
    """A text in ASCII alone is UTF-8 and Windows-1252 alike: the evidence says so, not
    that the bank declared one and sent the other."""
    payments = [("Mueller GmbH", "Miete Maerz"), ("Baeckerei Gross", "Kartenzahlung")]
    parsed = read_ofx(ofx(payments, "1252").encode("ascii"), "bank.ofx")

    assert [line.counterparty for line in parsed.lines] == [payee for payee, _ in payments]
    assert parsed.encoding == "utf-8"
    assert parsed.encoding_evidence == (
        "valid UTF-8, in ASCII alone, which Windows-1252, as its OFX header (CHARSET:1252) "
        "declares, reads alike"
    )


def test_one_word_of_another_code_page_is_warned_of_with_its_line() -> None:
    """A German file with one Polish word ('Wpłata', 'Wp³ata' as Windows-1252 reads it)
    stays Windows-1252, as a csv does, and the warning names the line the word is on."""
    payments = [*GERMAN, ("Anna Nowak", "Wpłata")]
    parsed = _read("qif", payments, "cp1250")

    assert parsed.encoding == "cp1252"
    assert parsed.lines[-1].description == "Wp³ata"
    (warning,) = parsed.warnings
    assert (warning.row, warning.column) == (None, None)
    assert warning.message == (
        "the file is not UTF-8 and was read as Windows-1252, a guess, but as Windows-1252 "
        "reads it, 'Wp³ata', in line 20, has symbols between its letters, as a text in "
        "another code page does; Windows-1250 (\"cp1250\") reads it 'Wpłata' "
        f"{_common.BANK_ENCODING_REMEDY}"
    )


def test_the_command_line_layout_says_the_encoding_and_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "vypis.sta"
    path.write_bytes(mt940(CZECH).encode("cp1250"))
    assert main(["statement", str(path)]) == 0
    output = json.loads(capsys.readouterr().out)

    layout = output["layout"]
    assert set(layout) == {"format", "encoding", "evidence"}
    assert (layout["format"], layout["encoding"]) == ("mt940", "cp1250")
    (note,) = layout["evidence"]["format"]
    assert note.startswith("encoding: not valid UTF-8 (byte 0x")
    assert "read as Windows-1250 (central European)" in note
    assert [line["counterparty"] for line in output["lines"]] == [p for p, _ in CZECH]


def test_a_workspace_keeps_the_encoding_in_the_layout(tmp_path: Path) -> None:
    path = tmp_path / "vypiska.qif"
    path.write_bytes(qif(RUSSIAN).encode("cp1251"))
    imported = import_statement(path)

    stored = imported.stored_layout()
    assert (stored["format"], stored["encoding"]) == ("qif", "cp1251")
    assert stored["evidence"]["format"] == [f"encoding: {imported.encoding_evidence}"]
