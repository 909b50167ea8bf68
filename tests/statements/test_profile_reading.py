"""A saved profile's encoding, delimiter and quote read the text it is found for.

The profile is found by the header of the text as sniffed, or else by the header as its
own reading reads it; when it reads the text otherwise, the text is read again its way
before any decision is made. When its way fails, or changes the header it was found by, it
is not applied, and the warning says so.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.statements import (
    JsonProfileStore,
    Mapping,
    StatementImport,
    StatementImportError,
    import_statement,
    profile_from_layout,
)
from desktop_app.statements.grid import Sheet
from desktop_app.statements.profiles import SavedProfile, profile_to_json
from desktop_app.statements.text_reader import (
    HEAD_CHARACTERS,
    CsvFormatError,
    read_text_table,
    sniff_text,
)

# A DOS export (code page 850): its header is plain ASCII, so it reads the same however
# it is decoded, but 'ä' and 'ß' are 0x84 and 0xE1, which Windows-1252 (what the sniffing
# falls back to) reads as '„' and 'á'. Its dates are month-first, which the profile also says.
DOS_ROWS = "Date;Text;Amount\n01/02/2024;Getränke;-12,50\n01/03/2024;Blumenstrauß;-30,00\n"


def _store(tmp_path: Path) -> JsonProfileStore:
    return JsonProfileStore(tmp_path / "profiles.json")


def _save(
    tmp_path: Path, text: bytes, name: str, correction: Mapping, file_name: str = "jan.csv"
) -> None:
    """The profile saved as the import wizard saves it: keyed by the file as detected."""
    january = tmp_path / file_name
    january.write_bytes(text)
    detected = import_statement(january, profiles=_store(tmp_path))
    assert detected.layout is not None
    _store(tmp_path).save(profile_from_layout(name, detected.layout, correction))


def _import(tmp_path: Path, text: bytes, file_name: str = "feb.csv") -> StatementImport:
    path = tmp_path / file_name
    path.write_bytes(text)
    return import_statement(path, profiles=_store(tmp_path))


def _format_notes(result: StatementImport) -> tuple[str, ...]:
    assert result.layout is not None
    return dict(result.layout.evidence)["format"]


@pytest.mark.parametrize(
    ("encoding", "texts"),
    [
        ("cp850", ["Getränke", "Blumenstrauß"]),
        # Latin-1 differs from Windows-1252 only in 0x80-0x9F, which it reads as controls.
        ("latin-1", ["Getr\x84nke", "Blumenstrau\xe1"]),
    ],
)
def test_a_profiles_encoding_reads_the_text(
    encoding: str, texts: list[str], tmp_path: Path
) -> None:
    data = DOS_ROWS.encode("cp850")
    assert data.decode("cp1252") != data.decode(encoding)  # the sniffing reads cp1252
    _save(tmp_path, data, "DOS bank", Mapping(encoding=encoding, date_order="MDY"))

    result = _import(tmp_path, data)
    assert result.layout is not None
    assert (result.layout.profile, result.layout.drift) == ("DOS bank", None)
    assert result.layout.encoding == encoding
    assert [line.description for line in result.lines] == texts
    assert [(line.date, line.amount) for line in result.lines] == [
        (dt.date(2024, 1, 2), Decimal("-12.50")),
        (dt.date(2024, 1, 3), Decimal("-30.00")),
    ]
    assert f"encoding: {encoding} (set by the saved profile 'DOS bank')" in _format_notes(result)
    assert result.warnings == ()


def test_a_profiles_encoding_the_text_is_not_in_is_refused_naming_file_and_profile(
    tmp_path: Path,
) -> None:
    # Saved when the bank wrote UTF-8; this month's export is Windows-1252.
    _save(
        tmp_path, DOS_ROWS.encode("utf-8"), "My bank", Mapping(encoding="utf-8", date_order="MDY")
    )

    result = _import(tmp_path, DOS_ROWS.encode("cp1252"), "march.csv")
    assert result.layout is not None
    drift = (
        "DRIFT: march.csv does not read as saved profile 'My bank' says (encoding utf-8): "
        "it is not utf-8 text, as the saved profile 'My bank' says it is (byte 0xE4 at "
        "offset 32); the profile was NOT applied, and the file was read as detected "
        "(encoding cp1252): check the detected layout and save the profile again"
    )
    assert (result.layout.profile, result.layout.drift) == (None, drift)
    assert result.warnings[0].message == drift
    assert result.warnings[0].source_file == "march.csv"
    assert dict(result.layout.evidence)["profile"] == (drift,)
    # Read as detected: the letters as sniffed, the dates day-first (not the profile's MDY).
    assert result.layout.encoding == "cp1252"
    assert [(line.date, line.description) for line in result.lines] == [
        (dt.date(2024, 2, 1), "Getränke"),
        (dt.date(2024, 3, 1), "Blumenstrauß"),
    ]


# The text column is wrapped in single quotes and holds the delimiter, so read with the
# double quote the amounts shift and no column holds amounts: the profile is found by the
# header all the same, which the quote does not change.
SINGLE_QUOTED = (
    "Datum;Text;Betrag\n"
    "01.02.2024;'Miete; Wohnung 3';-500,00\n"
    "02.02.2024;'Gehalt';2100,00\n"
    "03.02.2024;'Strom; Gas; Wasser';-80,00\n"
)


def test_a_profiles_quote_reads_a_text_the_sniffed_quote_cannot(tmp_path: Path) -> None:
    january = tmp_path / "jan.csv"
    january.write_text(SINGLE_QUOTED)
    mapped = import_statement(january, mapping=Mapping(quote="'"))
    assert mapped.layout is not None
    _store(tmp_path).save(profile_from_layout("Quoted", mapped.layout, Mapping(quote="'")))

    result = _import(tmp_path, SINGLE_QUOTED.replace("Gehalt", "Bonus").encode())
    assert result.layout is not None
    assert (result.layout.profile, result.layout.quote) == ("Quoted", "'")
    assert [(line.description, line.amount) for line in result.lines] == [
        ("Miete; Wohnung 3", Decimal("-500.00")),
        ("Bonus", Decimal("2100.00")),
        ("Strom; Gas; Wasser", Decimal("-80.00")),
    ]
    assert "quoting: single quotes (set by the saved profile 'Quoted')" in _format_notes(result)


def test_a_profiles_quote_is_used_where_the_sniffed_read_misreads_a_row(
    tmp_path: Path,
) -> None:
    # One wrapped field holds the delimiter: read with the double quote, that row's amount
    # is a piece of its text. The profile is found and applied either way.
    text = SINGLE_QUOTED.replace("'Strom; Gas; Wasser'", "'Strom'").encode()
    _save(tmp_path, text, "Quoted", Mapping(quote="'"))

    result = _import(tmp_path, text)
    assert result.layout is not None
    assert (result.layout.profile, result.layout.quote) == ("Quoted", "'")
    assert [line.amount for line in result.lines] == [
        Decimal("-500.00"),
        Decimal("2100.00"),
        Decimal("-80.00"),
    ]
    assert result.warnings == ()


def test_a_profiles_delimiter_that_changes_the_header_is_refused(tmp_path: Path) -> None:
    rows = "Date;Text;Amount;Kind\n01/02/2024;Shop;12,50;out\n03/04/2024;Pay;100,00;in\n"
    _save(tmp_path, rows.encode(), "Commas", Mapping(delimiter=",", date_order="MDY"))

    result = _import(tmp_path, rows.encode(), "april.csv")
    assert result.layout is not None
    assert result.layout.profile is None
    drift = result.layout.drift
    assert drift == (
        "DRIFT: april.csv does not read as saved profile 'Commas' says (delimiter comma): "
        "read so, its columns are not those the profile was found by (its first row reads "
        "'Date;Text;Amount;Kind'); the profile was NOT applied, and the file was read as "
        "detected (delimiter semicolon): check the detected layout and save the profile again"
    )
    assert result.warnings[0].message == drift
    assert [(line.date, line.amount) for line in result.lines] == [
        (dt.date(2024, 2, 1), Decimal("-12.50")),
        (dt.date(2024, 4, 3), Decimal("100.00")),
    ]


def test_a_profile_that_reads_the_text_as_sniffed_changes_nothing(tmp_path: Path) -> None:
    # A guard (it passes before the fix too): the text is not read a second time, and the
    # evidence says how the sniffing found what the profile also says.
    data = DOS_ROWS.encode("cp1252")
    _save(tmp_path, data, "Same", Mapping(encoding="cp1252", delimiter=";", date_order="MDY"))
    result = _import(tmp_path, data)
    assert result.layout is not None
    assert (result.layout.profile, result.layout.drift) == ("Same", None)
    assert result.lines[0].date == dt.date(2024, 1, 2)
    assert _format_notes(result)[1].startswith("encoding: not valid UTF-8")


def _long_dos_rows(count: int) -> str:
    """More rows than the first ones the profile is looked for in."""
    rows = [f"01/{day % 28 + 1:02d}/2024;Getränke {day};-{day % 90 + 1},50" for day in range(count)]
    return "Date;Text;Amount\n" + "".join(f"{row}\n" for row in rows)


_FIRST_ROWS = 2000  # the rows of a text its profile is first looked for in (and fewer)


@pytest.fixture
def whole_analyses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The row count of every sheet analysed with more rows than its first ones: the real
    analysis, counted where the importer and the profile's reading call it."""
    from desktop_app.statements import analysis, importer, profile_reading

    counted: list[int] = []
    real = analysis.analyse_sheet

    def analyse_sheet(sheet: Sheet) -> analysis.SheetAnalysis:
        if len(sheet.rows) > _FIRST_ROWS:
            counted.append(len(sheet.rows))
        return real(sheet)

    monkeypatch.setattr(importer, "analyse_sheet", analyse_sheet)
    monkeypatch.setattr(profile_reading, "analyse_sheet", analyse_sheet)
    return counted


def test_a_text_read_its_profiles_way_is_analysed_once(
    tmp_path: Path, whole_analyses: list[int]
) -> None:
    data = _long_dos_rows(2500).encode("cp850")
    _save(tmp_path, data, "DOS bank", Mapping(encoding="cp850", date_order="MDY"))
    whole_analyses.clear()

    result = _import(tmp_path, data)
    assert result.layout is not None
    assert (result.layout.profile, result.layout.encoding) == ("DOS bank", "cp850")
    assert len(result.lines) == 2500
    assert result.lines[3].description == "Getränke 3"
    assert result.lines[3].date == dt.date(2024, 1, 4)  # month first, as the profile says
    assert whole_analyses == [2501]  # the text as the profile reads it, and only that


def test_a_text_its_profile_cannot_read_is_analysed_once_as_detected(
    tmp_path: Path, whole_analyses: list[int]
) -> None:
    data = _long_dos_rows(2500).encode("cp850")
    _save(tmp_path, data, "Commas", Mapping(delimiter=","))
    whole_analyses.clear()

    result = _import(tmp_path, data, "april.csv")
    assert result.layout is not None
    assert result.layout.profile is None
    assert result.layout.drift == (
        "DRIFT: april.csv does not read as saved profile 'Commas' says (delimiter comma): "
        "read so, its columns are not those the profile was found by (its first row reads "
        "'Date;Text;Amount'); the profile was NOT applied, and the file was read as "
        "detected (delimiter semicolon): check the detected layout and save the profile again"
    )
    assert len(result.lines) == 2500
    assert whole_analyses == [2501]  # as detected; the profile's reading only by its head


def test_a_header_below_the_first_rows_still_finds_its_profiles_reading(
    tmp_path: Path, whole_analyses: list[int]
) -> None:
    # A guard of the whole-sheet check (it passed before, when every sheet was analysed
    # whole): a preamble longer than the rows first looked at hides the header there, so
    # the whole sheet does not confirm its head, and the profile is looked for again.
    preamble = "Kontoauszug;;\n" * 2100
    data = (preamble + DOS_ROWS).encode("cp850")
    _save(tmp_path, data, "DOS bank", Mapping(encoding="cp850", date_order="MDY"))
    whole_analyses.clear()

    result = _import(tmp_path, data)
    assert result.layout is not None
    assert (result.layout.profile, result.layout.encoding) == ("DOS bank", "cp850")
    assert [line.description for line in result.lines] == ["Getränke", "Blumenstrauß"]
    assert result.warnings == ()
    # As detected (its head shows no header), then as the profile reads it: the two whole
    # analyses every such text had before.
    assert len(whole_analyses) == 2


# A bank's header with a letter outside ASCII, in a code page the sniffing does not guess:
# read as Windows-1252 (what it falls back to), the header names other columns.
OWN_ENCODINGS = [
    # (encoding, header, descriptions, the header as sniffed)
    ("cp850", "Datum;Empfänger;Betrag", ["Bäckerei", "Blumenstraße"], "Empf„nger"),
    # Czech in Windows-1250 reads as Windows-1252 letters ('ø' for 'ř'), here only two of
    # them where no Western word has them, in the header: too few to show it. (Polish
    # shows it, 'Op³ata', and so do more Czech letters: test_code_pages.py.)
    ("cp1250", "Datum;Příjemce;Částka", ["Nákup", "Úhrada"], "Pøíjemce"),
    ("mac_roman", "Datum;Empfänger;Betrag", ["Müller GmbH", "Bäckerei"], "EmpfŠnger"),
]


def _own_rows(header: str, texts: list[str], count: int = 2) -> str:
    rows = [
        f"{day % 28 + 1:02d}.02.2024;{texts[day % 2]};-{day % 90 + 1},50" for day in range(count)
    ]
    return f"{header}\n" + "".join(f"{row}\n" for row in rows)


def _save_read_its_way(tmp_path: Path, data: bytes, name: str, correction: Mapping) -> None:
    """A profile keyed by the header as its own reading reads it (the January file read
    with the profile's encoding, as a mapping given with it)."""
    january = tmp_path / "jan.csv"
    january.write_bytes(data)
    read = import_statement(january, mapping=correction)
    assert read.layout is not None
    _store(tmp_path).save(profile_from_layout(name, read.layout, correction))


@pytest.mark.parametrize(("encoding", "header", "texts", "sniffed"), OWN_ENCODINGS)
def test_a_profile_is_found_by_its_header_as_its_own_encoding_reads_it(
    encoding: str,
    header: str,
    texts: list[str],
    sniffed: str,
    tmp_path: Path,
    whole_analyses: list[int],
) -> None:
    data = _own_rows(header, texts, 2500).encode(encoding)
    assert read_text_table(data).sheets[0].rows[0][1] == sniffed  # not the profile's header
    _save_read_its_way(tmp_path, data, "Own bank", Mapping(encoding=encoding))
    whole_analyses.clear()

    result = _import(tmp_path, _own_rows(header, texts[::-1], 2500).encode(encoding))
    assert result.layout is not None
    assert (result.layout.profile, result.layout.drift) == ("Own bank", None)
    assert result.layout.encoding == encoding
    assert result.layout.columns == tuple(header.split(";"))
    assert [line.raw[1] for line in result.lines[:2]] == texts[::-1]
    assert f"encoding: {encoding} (set by the saved profile 'Own bank')" in _format_notes(result)
    assert dict(result.layout.evidence)["profile"] == ("applied: Own bank",)
    assert result.warnings == ()
    assert whole_analyses == [2501]  # as the profile reads it, and only so
    # The profile applied is found again by the file's fingerprint (the import wizard
    # looks it up so, to keep what it sets when the accountant corrects the file).
    saved = _store(tmp_path).get(result.layout.fingerprint or "")
    assert saved is not None
    assert saved.name == "Own bank"


def test_a_profile_found_by_its_own_reading_that_the_text_does_not_keep_to_is_refused(
    tmp_path: Path,
) -> None:
    # Saved for the bank's UTF-8 export; this month one line is Windows-1252, so the
    # sniffing reads the whole text so, header and all ('EmpfÃ¤nger'). Read as the
    # profile says, the header is its own, but not the text: said, naming file and profile.
    text = "Datum;Empfänger;Betrag\n01.02.2024;Miete;-500,00\n"
    _save_read_its_way(tmp_path, text.encode("utf-8"), "UTF-8 bank", Mapping(encoding="utf-8"))

    march = text.encode("utf-8") + "02.02.2024;Bäckerei;-3,50\n".encode("cp1252")
    result = _import(tmp_path, march, "march.csv")
    assert result.layout is not None
    drift = (
        "DRIFT: march.csv does not read as saved profile 'UTF-8 bank' says (encoding utf-8): "
        "it is not utf-8 text, as the saved profile 'UTF-8 bank' says it is (byte 0xE4 at "
        "offset 61); the profile was NOT applied, and the file was read as detected "
        "(encoding cp1252): check the detected layout and save the profile again"
    )
    assert (result.layout.profile, result.layout.drift) == (None, drift)
    assert result.warnings[0].message == drift
    assert result.warnings[0].source_file == "march.csv"
    assert result.layout.encoding == "cp1252"
    assert [line.description for line in result.lines] == ["Miete", "Bäckerei"]


def test_another_banks_header_read_a_profiles_way_finds_no_profile(tmp_path: Path) -> None:
    # A guard: the profile's own reading is tried, and names other columns.
    _save_read_its_way(
        tmp_path,
        _own_rows(*OWN_ENCODINGS[0][1:3]).encode("cp850"),
        "DOS",
        Mapping(encoding="cp850"),
    )
    result = _import(tmp_path, b"Date;Payee;Amount\n01.02.2024;Shop;-1,00\n", "other.csv")
    assert result.layout is not None
    assert (result.layout.profile, result.layout.drift, result.layout.encoding) == (
        None,
        None,
        "utf-8",
    )


# No header: fields wrapped in single quotes, one of them holding the delimiter. As
# sniffed (double quotes: too few fields are wrapped to call it the quote) that row has a
# column more, and the columns hold other kinds than the profile's.
HEADERLESS_QUOTED = (
    "01.02.2024;'Miete; Wohnung 3';-500,00\n"
    "02.02.2024;'Gehalt';2100,00\n"
    "03.02.2024;'Strom';-80,00\n"
)


def test_a_header_less_profile_is_found_by_its_own_quote_for_a_file_of_its_name(
    tmp_path: Path,
) -> None:
    january = tmp_path / "export_2024-01.csv"
    january.write_text(HEADERLESS_QUOTED)
    read = import_statement(january, mapping=Mapping(quote="'"))
    assert read.layout is not None
    assert read.layout.header_row is None
    _store(tmp_path).save(profile_from_layout("Quoted", read.layout, Mapping(quote="'")))
    february = HEADERLESS_QUOTED.replace("Strom", "Gas").encode()

    result = _import(tmp_path, february, "export_2024-02.csv")
    assert result.layout is not None
    assert (result.layout.profile, result.layout.quote) == ("Quoted", "'")
    assert [line.amount for line in result.lines] == [
        Decimal("-500.00"),
        Decimal("2100.00"),
        Decimal("-80.00"),
    ]
    # Without a header, content alone finds no profile for a file of another name: read
    # as sniffed, its amounts do not line up.
    with pytest.raises(StatementImportError, match="no column holds amounts"):
        _import(tmp_path, february, "other.csv")


def test_a_text_longer_than_its_head_is_found_by_its_head_and_analysed_once(
    tmp_path: Path, whole_analyses: list[int]
) -> None:
    """Past HEAD_CHARACTERS only the first whole lines are split to find the profile; the
    table imported is the whole text, as the profile reads it."""
    data = _long_dos_rows(12_000).encode("cp850")
    assert len(data) > HEAD_CHARACTERS
    _save(tmp_path, _long_dos_rows(30).encode("cp850"), "DOS bank", Mapping(encoding="cp850"))
    whole_analyses.clear()

    result = _import(tmp_path, data)
    assert result.layout is not None
    assert (result.layout.profile, result.layout.encoding) == ("DOS bank", "cp850")
    assert len(result.lines) == 12_000
    assert result.lines[-1].description == "Getränke 11999"
    assert whole_analyses == [12_001]


def test_a_quoted_field_running_over_the_heads_cut_still_reads_whole(
    tmp_path: Path, whole_analyses: list[int]
) -> None:
    """The head is cut at the last line end before HEAD_CHARACTERS, here the one inside a
    quoted field of two lines: the head ends on half a record, which does not keep the
    profile from being found by its header, and the text imported holds the field whole."""
    text = _long_dos_rows(12_000)
    lines = text.splitlines(keepends=True)
    starts = [0, *itertools.accumulate(map(len, lines))]
    crossing = next(index for index, start in enumerate(starts) if start > HEAD_CHARACTERS - 40)
    start = starts[crossing]
    # The field's own line end falls 10 characters before the cut, its closing quote after.
    padding = "x" * (HEAD_CHARACTERS - 10 - (start + len("01/01/2024;") + 1))
    field = f'"{padding}\nZeile zwei"'
    lines[crossing] = lines[crossing].replace(f"Getränke {crossing - 1}", field)
    data = "".join(lines).encode("cp850")
    assert data.rfind(b"\n", 0, HEAD_CHARACTERS) == HEAD_CHARACTERS - 10
    _save(tmp_path, _long_dos_rows(30).encode("cp850"), "DOS bank", Mapping(encoding="cp850"))
    whole_analyses.clear()

    result = _import(tmp_path, data)
    assert result.layout is not None
    assert (result.layout.profile, result.layout.drift) == ("DOS bank", None)
    assert len(result.lines) == 12_000
    quoted = result.lines[crossing - 1]
    assert (quoted.row, quoted.raw[1]) == (crossing + 1, f"{padding}\nZeile zwei")
    assert result.lines[crossing].row == crossing + 3  # the field took two physical lines


# A DOS export whose header has a letter outside ASCII: as detected (Windows-1252) it
# reads 'Empf„nger', as the bank wrote it (code page 850) 'Empfänger'.
DOS_ACCENTED = "Buchungstag;Empfänger;Verwendungszweck;Betrag\n"


def _dos_accented_rows(payees: list[str]) -> bytes:
    rows = [
        f"{day + 1:02d}.03.2024;{payee};Rechnung {day + 1};-{day + 1}2,50\n"
        for day, payee in enumerate(payees)
    ]
    return (DOS_ACCENTED + "".join(rows)).encode("cp850")


def test_a_profile_keyed_by_the_detected_header_reads_the_file_in_its_own_encoding(
    tmp_path: Path,
) -> None:
    # Saved as the import wizard saves it: keyed by the header as detected ('Empf„nger'),
    # with the bank's code page as the correction. Read so, the header names its columns
    # otherwise ('Empfänger'): the same bytes, so the same export, not a changed one.
    january = _dos_accented_rows(["Bäckerei Schmidt", "Blumenstraße 3"])
    _save(tmp_path, january, "DOS bank", Mapping(encoding="cp850"))
    saved = _store(tmp_path).all()
    assert [(p.header[1], p.header_encoding) for p in saved] == [("Empf„nger", "cp1252")]

    result = _import(tmp_path, _dos_accented_rows(["Größe GmbH", "Bäckerei Schmidt"]))
    assert result.layout is not None
    assert (result.layout.profile, result.layout.drift) == ("DOS bank", None)
    assert result.layout.encoding == "cp850"
    assert result.layout.columns[1] == "Empfänger"
    assert [line.raw[1] for line in result.lines] == ["Größe GmbH", "Bäckerei Schmidt"]
    assert dict(result.layout.evidence)["profile"] == ("applied: DOS bank",)
    assert result.warnings == ()


def test_a_changed_header_in_a_profiles_own_encoding_is_still_drift(tmp_path: Path) -> None:
    # A guard: compared as the profile's encoding reads it, a header renamed is a change.
    _save(tmp_path, _dos_accented_rows(["Bäckerei"]), "DOS bank", Mapping(encoding="cp850"))
    renamed = _dos_accented_rows(["Bäckerei"]).replace(
        "Empfänger".encode("cp850"), "Zahlungsempfänger".encode("cp850")
    )

    result = _import(tmp_path, renamed)
    assert result.layout is not None
    assert result.layout.profile is None
    assert result.layout.drift is not None
    assert result.layout.drift.startswith("DRIFT: the header resembles saved profile 'DOS bank'")
    assert "renamed 'Empf„nger' -> 'Zahlungsempf„nger'" in result.layout.drift
    assert result.warnings[0].message == result.layout.drift


def test_a_profile_saved_before_its_header_encoding_was_kept_reads_as_before(
    tmp_path: Path,
) -> None:
    # A guard: a stored profile without the encoding its header was read with loads as it
    # was saved, and its header is compared as it always was: read its own way, the
    # header has changed, which is said.
    _save(tmp_path, _dos_accented_rows(["Bäckerei"]), "DOS bank", Mapping(encoding="cp850"))
    path = tmp_path / "profiles.json"
    stored = json.loads(path.read_text(encoding="utf-8"))
    del stored["profiles"][0]["header_encoding"]
    path.write_text(json.dumps(stored), encoding="utf-8")
    (old,) = _store(tmp_path).all()
    assert old.header_encoding is None
    assert profile_to_json(old) == stored["profiles"][0]

    result = _import(tmp_path, _dos_accented_rows(["Blumenladen"]), "march.csv")
    assert result.layout is not None
    assert result.layout.profile is None
    assert result.layout.drift == (
        "DRIFT: march.csv does not read as saved profile 'DOS bank' says (encoding cp850): "
        "read so, its columns are not those the profile was found by (its first row reads "
        "'Buchungstag', 'Empfänger', 'Verwendungszweck', 'Betrag'); the profile was NOT "
        "applied, and the file was read as detected (encoding cp1252): check the detected "
        "layout and save the profile again"
    )


class _CountedStore(JsonProfileStore):
    """The JSON store, counting how often its file is read."""

    reads = 0

    def _load(self) -> dict[str, SavedProfile]:
        self.reads += 1
        return super()._load()


@pytest.mark.parametrize(
    ("header", "profile", "drift"),
    [
        (DOS_ACCENTED, "DOS bank", False),  # found as detected, applied read its own way
        (DOS_ACCENTED.replace("Empfänger", "Zahlungsempfänger"), None, True),
        ("Date;Payee;Memo;Amount\n", None, False),  # another bank's: neither
    ],
)
def test_the_saved_profiles_are_read_once_per_import(
    header: str, profile: str | None, drift: bool, tmp_path: Path
) -> None:
    # The profile is looked for by the header as detected, as each profile reads it, by
    # the table imported, and the drift among them all: from one read of the store.
    _save(tmp_path, _dos_accented_rows(["Bäckerei"]), "DOS bank", Mapping(encoding="cp850"))
    store = _CountedStore(tmp_path / "profiles.json")
    path = tmp_path / "feb.csv"
    rows = _dos_accented_rows(["Blumenladen"]).decode("cp850").removeprefix(DOS_ACCENTED)
    path.write_bytes((header + rows).encode("cp850"))

    result = import_statement(path, profiles=store)
    assert result.layout is not None
    assert (result.layout.profile, result.layout.drift is not None) == (profile, drift)
    assert store.reads == 1


def _headerless_dos_rows(count: int, fourth_from: int | None = None) -> bytes:
    """A header-less DOS export; from row ``fourth_from`` on, a fourth column of notes."""
    rows = [
        f"{day % 28 + 1:02d}.03.2024;Bäcker {day};-{day % 90 + 1},50"
        + (";Notiz" if fourth_from is not None and day >= fourth_from else "")
        + "\n"
        for day in range(count)
    ]
    return "".join(rows).encode("cp850")


def test_a_text_decided_again_on_its_whole_sheets_analyses_each_reading_once(
    tmp_path: Path, whole_analyses: list[int]
) -> None:
    # Its first rows hold what the profile's columns held, so the head finds the profile
    # and reads the text its way; the whole table has a column more, so the decision is
    # made again on whole sheets: on the profile's reading, analysed whole already, and
    # the text as detected. Neither is analysed twice.
    _save(tmp_path, _headerless_dos_rows(30), "DOS", Mapping(encoding="cp850"), "export_01.csv")
    whole_analyses.clear()

    result = _import(tmp_path, _headerless_dos_rows(2500, 2200), "export_02.csv")
    assert result.layout is not None
    assert result.layout.profile is None
    assert result.layout.drift is not None
    assert "a text column added as column 4" in result.layout.drift
    assert len(result.lines) == 2500
    assert whole_analyses == [2500, 2500]  # as the profile reads it, then as detected


def test_a_head_cut_inside_a_quoted_field_that_will_not_split_is_looked_at_whole(
    tmp_path: Path, whole_analyses: list[int]
) -> None:
    """The head is cut at the last line end before HEAD_CHARACTERS, here the second one
    inside a quoted field of three lines: the head's last record runs on to its end, and
    the head does not split (a quote left open). Its header is then looked for in the
    whole text, which splits, and the profile is found and applied all the same."""
    text = _long_dos_rows(12_000)
    lines = text.splitlines(keepends=True)
    starts = [0, *itertools.accumulate(map(len, lines))]
    crossing = next(index for index, start in enumerate(starts) if start > HEAD_CHARACTERS - 40)
    start = starts[crossing]
    # The field's second line end falls 10 characters before the cut, its closing quote after.
    padding = "x" * (HEAD_CHARACTERS - 10 - (start + len("01/01/2024;") + 1) - len("\nzwei"))
    field = f'"{padding}\nzwei\ndrei"'
    lines[crossing] = lines[crossing].replace(f"Getränke {crossing - 1}", field)
    data = "".join(lines).encode("cp850")
    assert data.rfind(b"\n", 0, HEAD_CHARACTERS) == HEAD_CHARACTERS - 10
    sniffed = sniff_text(data)
    with pytest.raises(CsvFormatError, match="a quoted field opens on this line"):
        sniffed.head()
    _save(tmp_path, _long_dos_rows(30).encode("cp850"), "DOS bank", Mapping(encoding="cp850"))
    whole_analyses.clear()

    result = _import(tmp_path, data)
    assert result.layout is not None
    assert (result.layout.profile, result.layout.drift) == ("DOS bank", None)
    assert result.layout.encoding == "cp850"
    assert len(result.lines) == 12_000
    quoted = result.lines[crossing - 1]
    assert (quoted.row, quoted.raw[1]) == (crossing + 1, f"{padding}\nzwei\ndrei")
    assert result.lines[crossing].row == crossing + 4  # the field took three physical lines
    assert result.lines[-1].description == "Getränke 11999"
    # As detected and as the profile reads it, each looked at whole once: the profile's
    # reading's analysis is the one imported, not made a third time.
    assert whole_analyses == [12_001, 12_001]
