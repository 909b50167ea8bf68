"""A text that is not UTF-8, read in the code page its letters show where they stand.

Czech and Hungarian exports in Windows-1250 read as Windows-1252 letters ('Pøevod' for
'Převod', 'Elõzõ' for 'Előző'), and Russian, Ukrainian and Bulgarian ones in
Windows-1251 as words of accented letters alone ('Äàòà' for 'Дата'): no symbol inside a
word showed the code page, so they were read as Windows-1252 and the accountant had to
know to choose the encoding. Now letters that stand where no Western word has them (an
'ø' before a vowel, an 'ì' inside a word), enough of them and clearly more than those
that stand where only Western words have them, read the text as Windows-1250, and words
of such letters alone as Windows-1251; Western European text, long or short, stays
Windows-1252. Each file here is real text of its language, encoded by Python.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from desktop_app.cli import main
from desktop_app.statements import import_statement
from desktop_app.statements.code_page_letters import letter_evidence
from desktop_app.statements.encoding import (
    ENCODING_REMEDY,
    UndecodableTextError,
    decode_text,
)
from desktop_app.statements.importer import StatementImport

CZECH = [
    "Datum;Popis;Protiúčet;Částka;Měna",
    "02.01.2024;Převod na účet Jan Dvořák;123456789/0800;-1 250,00;CZK",
    "03.01.2024;Platba kartou Žďár nad Sázavou;;-349,90;CZK",
    "05.01.2024;Výběr z bankomatu Příbram;;-2 000,00;CZK",
    "08.01.2024;Příchozí platba Zůstatek faktury;987654321/0100;15 000,00;CZK",
    "31.01.2024;Poplatek za vedení účtu;;-99,00;CZK",
]
HUNGARIAN = [
    "Könyvelés dátuma;Közlemény;Összeg;Egyenleg",
    "2024.01.02;Előző havi záró egyenleg;0,00;150 000,00",
    "2024.01.03;Átutalás Kovács Péter részére, fizető: Szabó Ildikó;-25 000,00;125 000,00",
    "2024.01.05;Bankkártyás vásárlás Műszaki Áruház Győr;-12 990,00;112 010,00",
    "2024.01.10;Jóváírás bérfizetés, időszak: 2023. december;450 000,00;562 010,00",
    "2024.01.31;Számlavezetési díj;-1 500,00;560 510,00",
]
RUSSIAN = [
    "Дата;Описание операции;Сумма;Валюта",
    "02.01.2024;Перевод средств по договору № 15 ООО «Ромашка»;-15 000,00;RUB",
    "03.01.2024;Оплата услуг связи;-650,00;RUB",
    "10.01.2024;Зачисление заработной платы;85 000,00;RUB",
    "31.01.2024;Комиссия банка за обслуживание счёта;-199,00;RUB",
]
UKRAINIAN = [
    "Дата;Призначення платежу;Сума;Валюта",
    "02.01.2024;Переказ коштів на картку Їжачок;-1 200,00;UAH",
    "03.01.2024;Оплата послуг зв'язку;-150,00;UAH",
    "10.01.2024;Зарахування заробітної плати;25 000,00;UAH",
    "31.01.2024;Комісія за обслуговування рахунку;-50,00;UAH",
]
BULGARIAN = [
    "Дата;Основание;Сума;Валута",
    "02.01.2024;Превод от сметка към доставчик;-500,00;BGN",
    "03.01.2024;Плащане с карта в магазин;-45,90;BGN",
    "10.01.2024;Заплата за месец декември;2 400,00;BGN",
    "31.01.2024;Такса за обслужване на сметка;-3,00;BGN",
]


def _csv(rows: list[str]) -> str:
    return "\r\n".join(rows) + "\r\n"


def _import(tmp_path: Path, rows: list[str], encoding: str) -> StatementImport:
    path = tmp_path / "vypis.csv"
    path.write_bytes(_csv(rows).encode(encoding))
    return import_statement(path)


def _encoding_note(result: StatementImport) -> str:
    assert result.layout is not None
    (note,) = (line for line in dict(result.layout.evidence)["format"] if "encoding" in line)
    return note


def _descriptions(rows: list[str]) -> list[str]:
    return [row.split(";")[1] for row in rows[1:]]


def test_a_czech_windows_1250_export_is_read_as_windows_1250(tmp_path: Path) -> None:
    result = _import(tmp_path, CZECH, "cp1250")

    assert result.layout is not None
    assert result.layout.encoding == "cp1250"
    assert result.layout.columns == tuple(CZECH[0].split(";"))
    assert [line.description for line in result.lines] == _descriptions(CZECH)
    assert [(str(line.amount), line.currency) for line in result.lines] == [
        ("-1250.00", "CZK"),
        ("-349.90", "CZK"),
        ("-2000.00", "CZK"),
        ("15000.00", "CZK"),
        ("-99.00", "CZK"),
    ]
    assert _encoding_note(result) == (
        "encoding: not valid UTF-8 (byte 0xFA at offset 17); read as Windows-1250 (central "
        "European), a guess: as Windows-1252 reads it, 10 letters stand where no Western "
        "word has them (the first in 'Protiúèet'), which Windows-1250 reads as central "
        "European letters ('Protiúčet'), and none stands where only a Western word has it "
        f"{ENCODING_REMEDY}"
    )
    assert result.warnings == ()


def test_a_hungarian_windows_1250_export_is_read_as_windows_1250(tmp_path: Path) -> None:
    """Only 'ő' and 'ű' tell Hungarian's code page (its 'á', 'é', 'ö', 'ü' are Western
    letters too): an 'ő' after a Latin letter, where Portuguese 'õ' follows 'ç'."""
    result = _import(tmp_path, HUNGARIAN, "cp1250")

    assert result.layout is not None
    assert result.layout.encoding == "cp1250"
    assert result.layout.columns == tuple(HUNGARIAN[0].split(";"))
    assert [line.description for line in result.lines] == _descriptions(HUNGARIAN)
    assert [str(line.amount) for line in result.lines] == [
        "0.00",
        "-25000.00",
        "-12990.00",
        "450000.00",
        "-1500.00",
    ]
    assert _encoding_note(result) == (
        "encoding: not valid UTF-8 (byte 0xF6 at offset 1); read as Windows-1250 (central "
        "European), a guess: as Windows-1252 reads it, 5 letters stand where no Western "
        "word has them (the first in 'Elõzõ'), which Windows-1250 reads as central "
        "European letters ('Előző'), and none stands where only a Western word has it "
        f"{ENCODING_REMEDY}"
    )


@pytest.mark.parametrize(
    ("rows", "words", "currency"),
    [(RUSSIAN, 19, "RUB"), (UKRAINIAN, 18, "UAH"), (BULGARIAN, 17, "BGN")],
    ids=["Russian", "Ukrainian", "Bulgarian"],
)
def test_a_cyrillic_windows_1251_export_is_read_as_windows_1251(
    rows: list[str], words: int, currency: str, tmp_path: Path
) -> None:
    result = _import(tmp_path, rows, "cp1251")

    assert result.layout is not None
    assert result.layout.encoding == "cp1251"
    assert result.layout.columns == tuple(rows[0].split(";"))
    assert [line.description for line in result.lines] == _descriptions(rows)
    assert {line.currency for line in result.lines} == {currency}
    assert _encoding_note(result) == (
        "encoding: not valid UTF-8 (byte 0xC4 at offset 0); read as Windows-1251 "
        f"(Cyrillic), a guess: as Windows-1252 reads it, {words} words are characters beyond "
        "ASCII alone (the first 'Äàòà'), as no Western word is, which Windows-1251 reads as "
        "Cyrillic ('Дата'), and no word has such characters beside Latin letters "
        f"{ENCODING_REMEDY}"
    )
    assert result.warnings == ()


def test_the_command_line_says_the_code_page_chosen_and_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "vypiska.csv"
    path.write_bytes(_csv(RUSSIAN).encode("cp1251"))
    assert main(["statement", str(path)]) == 0
    output = json.loads(capsys.readouterr().out)

    layout = output["layout"]
    assert layout["encoding"] == "cp1251"
    assert layout["columns"]["description"] == [{"column": 2, "header": "Описание операции"}]
    (note,) = (line for line in layout["evidence"]["format"] if line.startswith("encoding: "))
    assert "read as Windows-1251 (Cyrillic), a guess: as Windows-1252 reads it" in note
    assert output["lines"][1]["description"] == "Оплата услуг связи"


# Western European statements, each in real words of its language: several lines, and
# a short file of one or two accented words.
WESTERN = {
    "German": [
        "Überweisung an Müller GmbH",
        "Lastschrift Stadtwerke Straße 12",
        "Gehalt März",
        "Kartenzahlung Bäckerei Groß 3,50 €",
    ],
    "French": [
        "Prélèvement Société Générale",
        "Virement reçu de Hélène à Besançon",
        "Frais de tenue de compte août",
        "Échéance prêt n° 5 — très cher",
        "Carte 12/03 Crêperie Noël",
        "Montant dû",
    ],
    "Dutch": [
        "Overboeking naar België",
        "Incasso geïnd door coöperatie",
        "Betaling café De Zeeuw",
        "Financiële bijdrage",
    ],
    "Spanish": [
        "Transferencia a Señor Núñez",
        "Pago con tarjeta en España",
        "Comisión de mantenimiento",
        "Recibo año 2024 ¿duplicado?",
    ],
    "Italian": [
        "Pagamento POS città di Forlì",
        "Bonifico per attività più rapide",
        "Addebito lunedì società",
        "Commissione così però è già",
    ],
    "Portuguese": [
        "Transferência recebida",
        "Operações com cartão",
        "Comissão de manutenção",
        "Pagamento serviços não",
    ],
    "Danish": [
        "Overførsel til Søren Jørgensen",
        "Dankort-køb Netto",
        "Løn",
        "Købmand på hjørnet",
        "Hævning",
    ],
    "Norwegian": ["Varekjøp Rema 1000", "Overføring til Bøe", "Høyt gebyr", "Kjøp"],
    "Swedish": ["Överföring till Åsa", "Kortköp ICA", "Lön", "Insättning"],
    "Catalan": ["Dipòsit a termini", "Càrrec de comissió", "Transferència rebuda", "Pròrroga"],
}
SHORT = {
    "German": ["Miete", "Gebühr"],
    "French": ["Loyer", "Prélèvement EDF"],
    "French, accents of one word twice": ["Frais août", "Montant dû"],
    "Dutch": ["Huur", "Geïnd"],
    "Spanish": ["Nómina", "Alquiler"],
    "Italian": ["Canone", "Pagamento più rate"],
    "Italian, two days": ["Bonifico lunedì", "Addebito venerdì"],
    "Portuguese": ["Renda", "Operações"],
    # An 'ø' before a vowel leans central European: twice is too few to decide on.
    "Norwegian, two names": ["Overføring til Bøe", "Fra Kari Bøe"],
    "Danish": ["Husleje", "Beløb"],
    "Swedish": ["Hyra", "Lön"],
}


@pytest.mark.parametrize(
    "texts", [*WESTERN.values(), *SHORT.values()], ids=[*WESTERN, *(f"short {k}" for k in SHORT)]
)
def test_western_european_text_is_still_read_as_windows_1252(
    texts: list[str], tmp_path: Path
) -> None:
    rows = [
        "Date;Text;Amount",
        *(f"{day + 12}.01.2024;{text};-{day},50" for day, text in enumerate(texts, 1)),
    ]
    result = _import(tmp_path, rows, "cp1252")

    assert result.layout is not None
    assert result.layout.encoding == "cp1252"
    assert [line.description for line in result.lines] == texts
    assert _encoding_note(result).endswith(f"read as Windows-1252, a guess {ENCODING_REMEDY}")
    assert result.warnings == ()


def test_a_czech_text_too_short_to_show_its_code_page_stays_windows_1252(
    tmp_path: Path,
) -> None:
    """Two letters where no Western word has them ('Èástka', 'Pøíbram'): the text could
    be a Western one with odd names, so it is read as before and the accountant chooses."""
    rows = ["Datum;Popis;Částka", "02.01.2024;Platba kartou Příbram;-450,00"]
    result = _import(tmp_path, rows, "cp1250")

    assert result.layout is not None
    assert result.layout.encoding == "cp1252"
    assert result.lines[0].description == "Platba kartou Pøíbram"
    assert _encoding_note(result).endswith(f"read as Windows-1252, a guess {ENCODING_REMEDY}")


def test_central_letters_among_as_many_western_ones_do_not_decide() -> None:
    """A French text with Czech names in it as Windows-1252 reads them: the 'à', 'ê' and
    'ç' of its words speak for Windows-1252 as the names' 'ø' and 'è' before a vowel
    speak for Windows-1250, and neither clearly wins."""
    texts = ["Virement à Dvoøák reçu", "Prêt à Jiøí Dvoøák", "Facture Øezníèek à Besançon"]
    text = _csv(
        ["Date;Libellé;Montant", *(f"1{day}.01.2024;{t};-1,00" for day, t in enumerate(texts))]
    )
    data = text.encode("cp1252")
    evidence = letter_evidence(data)
    assert (evidence.central, evidence.central_words, evidence.western) == (5, 4, 6)

    decoded = decode_text(data)
    assert (decoded.encoding, decoded.text) == ("cp1252", text)


@pytest.mark.parametrize("codec", ["koi8-r", "cp1253"], ids=["Russian in KOI8-R", "Greek"])
def test_runs_of_letters_without_slavic_vowels_are_not_taken_for_windows_1251(
    codec: str,
) -> None:
    """Russian in KOI8-R reads in Windows-1251 as words (its small letters are
    Windows-1251's capitals), and Greek as Cyrillic letters; neither has the vowels of a
    Cyrillic text (о, а, е, и, і: a third of its letters), and neither is read so."""
    text = {
        "koi8-r": _csv([RUSSIAN[0], *RUSSIAN[2:]]),  # the lines whose signs KOI8-R has
        "cp1253": "Ημερομηνία;Περιγραφή;Ποσό\r\n01.02.2024;Πληρωμή με κάρτα στο κατάστημα;-10,00\r\n"
        "02.02.2024;Μεταφορά χρημάτων λογαριασμού;-5,00\r\n",
    }[codec]
    data = text.encode(codec)
    assert letter_evidence(data).cyrillic_words >= 3
    assert decode_text(data).encoding != "cp1251"


@settings(max_examples=300)
@given(st.binary(max_size=300))
@example(codecs.BOM_UTF32_LE + "Text".encode("utf-32-le"))
@example("Äàòà Ñóììà Ïëàòåæ".encode("cp1252"))
@example(b"\x9d" * 5)
def test_any_bytes_are_looked_at_without_an_error(data: bytes) -> None:
    """Whatever the bytes, the letters are counted and a code page decided or not; a
    text that cannot be read is refused as such, never with another error."""
    evidence = letter_evidence(data)
    assert evidence.code_page() in (None, "cp1250", "cp1251")
    for first in (evidence.first_central, evidence.first_cyrillic):
        assert first is None or 0 <= first[0] < first[1] <= len(data)
    assert (evidence.first_central is None) == (evidence.central == 0)
    assert (evidence.first_cyrillic is None) == (evidence.cyrillic_words == 0)
    try:
        decoded = decode_text(data)
    except UndecodableTextError:
        return
    unicode = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
    assert decoded.encoding in (*unicode, "cp1252", "latin-1") or (
        decoded.encoding in ("cp1250", "cp1251") and decoded.text == data.decode(decoded.encoding)
    )


# Real words of the Western languages, with their accents wherever they stand.
_WESTERN_WORDS = sorted(
    {
        word
        for texts in (*WESTERN.values(), *SHORT.values())
        for text in texts
        for word in text.split()
    }
    | {
        "Überweisung",
        "Straße",
        "Café",
        "Crédit",
        "Noël",
        "œuvre",
        "Ørsted",
        "Åland",
        "Þór",
        "naïve",
    }
)
_GAPS = st.sampled_from([" ", ", ", "; ", " - ", " (", ") ", " 12 ", " € ", " « ", " » ", "/"])


@settings(max_examples=300)
@given(st.lists(st.tuples(st.sampled_from(_WESTERN_WORDS), _GAPS), min_size=1, max_size=40))
def test_western_words_in_any_order_are_read_as_windows_1252(
    words: list[tuple[str, str]],
) -> None:
    text = "Text\n" + "".join(word + gap for word, gap in words) + "\n"
    decoded = decode_text(text.encode("cp1252"))
    assume(decoded.encoding != "utf-8")  # 'Ã' and a symbol may be UTF-8 ('Âª'): not ours
    assert (decoded.encoding, decoded.doubt, decoded.text) == ("cp1252", None, text)


_CYRILLIC_ROWS = [row.split(";")[1] for rows in (RUSSIAN, UKRAINIAN, BULGARIAN) for row in rows]


@settings(max_examples=200)
@given(st.lists(st.sampled_from(_CYRILLIC_ROWS), min_size=3, max_size=20))
def test_cyrillic_descriptions_in_any_order_are_read_as_windows_1251(texts: list[str]) -> None:
    """Any three or more of the statements' descriptions and column names, in any order:
    each has a word of three letters or more."""
    text = "".join(
        f"{day % 28 + 1:02d}.01.2024;{row};-{day},00\r\n" for day, row in enumerate(texts)
    )
    decoded = decode_text(text.encode("cp1251"))
    assert (decoded.encoding, decoded.text) == ("cp1251", text)
