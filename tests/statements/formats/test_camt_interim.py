"""CAMT.052 intraday reports whose balances are interim booked ones (ITBD), in files
written here and imported as a user would: which ITBD opens, which closes, and that
booked opening/closing balances and available balances keep their meaning."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.statements.importer import StatementImport, import_statement
from tests.statements.held import breaks_between

VERSIONS = ["02", "08"]


def bal(code: str, amount: str, when: str, mark: str = "CRDT") -> str:
    """A balance; ``when`` is a date (``2024-03-05``) or a date and time (``...T08:00:00``)."""
    moment = f"<DtTm>{when}</DtTm>" if "T" in when else f"<Dt>{when}</Dt>"
    return (
        f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp>"
        f'<Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>{mark}</CdtDbtInd><Dt>{moment}</Dt></Bal>\n'
    )


def ntry(amount: str, mark: str, booked: str, version: str) -> str:
    status = "<Sts>BOOK</Sts>" if version == "02" else "<Sts><Cd>BOOK</Cd></Sts>"
    return (
        f'<Ntry><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>{mark}</CdtDbtInd>{status}'
        f"<BookgDt><Dt>{booked}</Dt></BookgDt><ValDt><Dt>{booked}</Dt></ValDt>"
        "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly>"
        "</Domn></BkTxCd></Ntry>\n"
    )


def report(balances: str, entries: str, *, version: str, kind: str = "052") -> str:
    """A minimal camt.052 (or, with ``kind="053"``, camt.053) document."""
    container, record = ("BkToCstmrAcctRpt", "Rpt") if kind == "052" else ("BkToCstmrStmt", "Stmt")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.{kind}.001.{version}">\n'
        f"<{container}>\n<GrpHdr><MsgId>MSG-1</MsgId><CreDtTm>2024-03-05T15:00:00</CreDtTm></GrpHdr>\n"
        f"<{record}>\n<Id>RPT-1</Id><CreDtTm>2024-03-05T15:00:00</CreDtTm>\n"
        "<Acct><Id><IBAN>DE44500105175407324931</IBAN></Id><Ccy>EUR</Ccy></Acct>\n"
        f"{balances}{entries}</{record}>\n</{container}>\n</Document>\n"
    )


def imported(tmp_path: Path, text: str, name: str = "intraday.xml") -> StatementImport:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_statement(path)


def line_of(text: str, marker: str) -> int:
    return text.count("\n", 0, text.index(marker)) + 1


def balances_of(result: StatementImport) -> tuple[Decimal | None, Decimal | None]:
    return result.opening_balance, result.closing_balance


@pytest.mark.parametrize("version", VERSIONS)
def test_one_itbd_after_the_entries_is_the_closing(tmp_path: Path, version: str) -> None:
    text = report(
        bal("PRCD", "100.00", "2024-03-04") + bal("ITBD", "70.00", "2024-03-05T14:00:00"),
        ntry("50.00", "DBIT", "2024-03-05", version) + ntry("20.00", "CRDT", "2024-03-05", version),
        version=version,
    )
    result = imported(tmp_path, text)
    assert result.format == "camt.052"
    assert balances_of(result) == (Decimal("100.00"), Decimal("70.00"))
    assert result.warnings == ()


@pytest.mark.parametrize("version", VERSIONS)
def test_one_itbd_before_the_first_entry_is_the_opening(tmp_path: Path, version: str) -> None:
    text = report(
        bal("ITBD", "500.00", "2024-03-04"),
        ntry("50.00", "DBIT", "2024-03-05", version),
        version=version,
    )
    assert balances_of(imported(tmp_path, text)) == (Decimal("500.00"), None)


@pytest.mark.parametrize("version", VERSIONS)
def test_two_itbds_open_and_close_in_time_order(tmp_path: Path, version: str) -> None:
    # The afternoon balance is written first: the time, not the file order, decides.
    text = report(
        bal("ITBD", "80.00", "2024-03-05T16:00:00") + bal("ITBD", "100.00", "2024-03-05T08:00:00"),
        ntry("25.00", "DBIT", "2024-03-05", version) + ntry("5.00", "CRDT", "2024-03-05", version),
        version=version,
    )
    result = imported(tmp_path, text)
    assert balances_of(result) == (Decimal("100.00"), Decimal("80.00"))
    assert result.warnings == ()


@pytest.mark.parametrize("version", VERSIONS)
def test_entries_that_do_not_add_up_between_two_itbds_are_reported(
    tmp_path: Path, version: str
) -> None:
    text = report(
        bal("ITBD", "100.00", "2024-03-05T08:00:00") + bal("ITBD", "60.00", "2024-03-05T16:00:00"),
        ntry("25.00", "DBIT", "2024-03-05", version),
        version=version,
    )
    result = imported(tmp_path, text)
    assert [(w.source_file, w.row, w.message) for w in result.warnings] == [
        (
            "intraday.xml",
            line_of(text, '<Amt Ccy="EUR">60.00'),
            (
                "balances do not add up: opening 100.00 + movements -25.00 = 75.00, but the "
                "closing balance is 60.00 (difference -15.00); lines may be missing"
            ),
        )
    ]


def test_a_gap_between_two_reports_is_reported(tmp_path: Path) -> None:
    morning = report(
        bal("ITBD", "100.00", "2024-03-04") + bal("ITBD", "90.00", "2024-03-05T10:00:00"),
        ntry("10.00", "DBIT", "2024-03-05", "08"),
        version="08",
    )
    afternoon = report(
        bal("ITBD", "95.00", "2024-03-05T10:00:00") + bal("ITBD", "85.00", "2024-03-05T16:00:00"),
        ntry("10.00", "DBIT", "2024-03-05", "08"),
        version="08",
    )
    earlier = imported(tmp_path, morning, "morning.xml")
    later = imported(tmp_path, afternoon, "afternoon.xml")
    assert breaks_between(earlier, later) == [
        (
            "afternoon.xml opens at €95.00 on 5 Mar 2024 but morning.xml closed at €90.00 on "
            "5 Mar 2024: €5.00 of movements are missing between them."
        )
    ]


def test_debit_itbds_are_negative(tmp_path: Path) -> None:
    text = report(
        bal("ITBD", "40.00", "2024-03-04", "DBIT") + bal("ITBD", "10.00", "2024-03-05", "DBIT"),
        ntry("30.00", "CRDT", "2024-03-05", "08"),
        version="08",
    )
    result = imported(tmp_path, text)
    assert balances_of(result) == (Decimal("-40.00"), Decimal("-10.00"))
    assert result.warnings == ()


@pytest.mark.parametrize(
    ("balances", "expected"),
    [
        # a booked opening wins over the ITBD before the entries; the last ITBD closes
        (
            bal("OPBD", "100.00", "2024-03-05")
            + bal("ITBD", "999.00", "2024-03-04")
            + bal("ITBD", "75.00", "2024-03-05T16:00:00"),
            (Decimal("100.00"), Decimal("75.00")),
        ),
        # a booked closing wins over the ITBD after the entries; the first ITBD opens
        (
            bal("ITBD", "100.00", "2024-03-04")
            + bal("ITBD", "999.00", "2024-03-05T16:00:00")
            + bal("CLBD", "75.00", "2024-03-05"),
            (Decimal("100.00"), Decimal("75.00")),
        ),
    ],
    ids=["opbd-and-itbds", "itbds-and-clbd"],
)
def test_booked_opening_and_closing_take_precedence(
    tmp_path: Path, balances: str, expected: tuple[Decimal, Decimal]
) -> None:
    text = report(balances, ntry("25.00", "DBIT", "2024-03-05", "08"), version="08")
    result = imported(tmp_path, text)
    assert (balances_of(result), result.warnings) == (expected, ())


def test_available_balances_are_never_booked_ones(tmp_path: Path) -> None:
    text = report(
        bal("ITAV", "5000.00", "2024-03-04")
        + bal("ITBD", "100.00", "2024-03-04")
        + bal("ITAV", "4975.00", "2024-03-05T16:00:00")
        + bal("CLAV", "4975.00", "2024-03-05")
        + bal("FWAV", "4000.00", "2024-03-06")
        + bal("ITBD", "75.00", "2024-03-05T16:00:00"),
        ntry("25.00", "DBIT", "2024-03-05", "08"),
        version="08",
    )
    result = imported(tmp_path, text)
    assert (balances_of(result), result.warnings) == ((Decimal("100.00"), Decimal("75.00")), ())


def test_guard_a_report_with_only_available_balances_states_none(tmp_path: Path) -> None:
    """Guard (also true before ITBD was read): available balances are not booked ones."""
    text = report(
        bal("ITAV", "100.00", "2024-03-04") + bal("CLAV", "75.00", "2024-03-05"),
        ntry("25.00", "DBIT", "2024-03-05", "08"),
        version="08",
    )
    assert balances_of(imported(tmp_path, text)) == (None, None)


def test_guard_an_itbd_among_the_entries_opens_and_closes_nothing(tmp_path: Path) -> None:
    """Guard: a balance dated between the entries holds some of them, but which is unknown."""
    text = report(
        bal("PRCD", "100.00", "2024-03-03") + bal("ITBD", "90.00", "2024-03-05"),
        ntry("10.00", "DBIT", "2024-03-04", "08") + ntry("10.00", "DBIT", "2024-03-06", "08"),
        version="08",
    )
    assert balances_of(imported(tmp_path, text)) == (Decimal("100.00"), None)


def test_guard_a_camt053_keeps_its_booked_balances_only(tmp_path: Path) -> None:
    """Guard: a statement must state OPBD and CLBD; its ITBDs stay unread, as before."""
    text = report(
        bal("OPBD", "100.00", "2024-03-05") + bal("ITBD", "75.00", "2024-03-05T16:00:00"),
        ntry("25.00", "DBIT", "2024-03-05", "08"),
        version="08",
        kind="053",
    )
    result = imported(tmp_path, text, "statement.xml")
    assert (result.format, balances_of(result)) == ("camt.053", (Decimal("100.00"), None))


def test_an_end_of_day_itbd_on_the_first_of_several_days_opens_nothing(tmp_path: Path) -> None:
    # Each ITBD is a day's closing balance: 03-04's already holds that day's entry, so it
    # is no opening; only the last one, on the last entries' day, closes the report.
    text = report(
        bal("ITBD", "90.00", "2024-03-04") + bal("ITBD", "80.00", "2024-03-05"),
        ntry("10.00", "DBIT", "2024-03-04", "08") + ntry("10.00", "DBIT", "2024-03-05", "08"),
        version="08",
    )
    result = imported(tmp_path, text)
    assert (balances_of(result), result.warnings) == ((None, Decimal("80.00")), ())
