"""A format whose layout is fixed (CAMT, OFX, MT940, QIF, IIF) is previewed as its lines will be
imported, each column named in the accountant's words (Booking date, Amount, Description,
Reference, Counterparty...), not by XML paths or tags: before, a CAMT statement showed
cells such as ``Amt@Ccy=EUR`` and ``BookgDt/Dt=2024-03-05`` under the letters A, B, C.
The record as the file holds it stays one hover away, each column's "why" says where the
format takes it from. Built and real files, the real wizard and statement backend."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop_app.statements.profiles import JsonProfileStore
from desktop_app.ui.backend.statement_backend import StatementBackend
from desktop_app.ui.dialogs.import_wizard import ImportWizard
from tests.conftest import SHARED_REALDATA, needs_realdata
from tests.statements.formats.test_camt import balance, camt, entry, tx
from tests.statements.formats.test_qif_iif import qif

WORDS = ("Booking date", "Value date", "Amount", "Currency", "Description", "Reference")


@pytest.fixture
def backend(tmp_path: Path) -> StatementBackend:
    return StatementBackend(JsonProfileStore(tmp_path / "profiles.json"))


def _wizard(qtbot: Any, qtmodeltester: Any, backend: StatementBackend, path: Path) -> ImportWizard:
    wizard = ImportWizard(backend.preview(path))
    qtbot.addWidget(wizard)
    wizard.open()
    qtmodeltester.check(wizard.preview_model)
    qtmodeltester.check(wizard.columns_model)
    return wizard


def _headers(wizard: ImportWizard) -> list[str]:
    model = wizard.preview_model
    return [
        model.headerData(column, Qt.Orientation.Horizontal) for column in range(model.columnCount())
    ]


def _cells(wizard: ImportWizard) -> list[list[str]]:
    model = wizard.preview_model
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def _why(wizard: ImportWizard) -> dict[str, str]:
    return {guess.header: guess.evidence for guess in wizard.columns_model.all_items()}


def _intro(wizard: ImportWizard) -> str:
    return " ".join(label.text() for label in wizard.findChildren(QLabel))


def test_a_camt_statement_is_previewed_in_the_accountants_words(
    qtbot: Any, qtmodeltester: Any, backend: StatementBackend, tmp_path: Path
) -> None:
    paid = tx(e2e="E2E-1", ustrd="Invoice 2024-17", creditor="ACME GmbH")
    received = tx(ustrd="Order 88", debtor="Jane Doe")
    path = tmp_path / "statement.xml"
    path.write_text(
        camt(
            entry("250.00", "DBIT", details=f"<NtryDtls>{paid}</NtryDtls>")
            + entry("40.00", details=f"<NtryDtls>{received}</NtryDtls>"),
            balances=balance("OPBD", "1000.00") + balance("CLBD", "790.00"),
        ),
        encoding="utf-8",
    )
    wizard = _wizard(qtbot, qtmodeltester, backend, path)
    assert _headers(wizard) == [*WORDS, "Counterparty"]
    assert _cells(wizard) == [
        [
            "2024-03-05",
            "2024-03-06",
            "-250.00",
            "EUR",
            "Invoice 2024-17",
            "E2E-1; SVC-250.00",
            "ACME GmbH",
        ],
        ["2024-03-05", "2024-03-06", "40.00", "EUR", "Order 88", "SVC-40.00", "Jane Doe"],
    ]
    # The record as the file holds it, on hovering over the row's cells.
    tooltip = wizard.preview_model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip.splitlines()[:3] == ["Amt@Ccy=EUR", "Amt=250.00", "CdtDbtInd=DBIT"]
    assert "BookgDt/Dt=2024-03-05" in tooltip.splitlines()
    why = _why(wizard)
    assert why["Booking date"] == (
        "Read from the entry's booking date (BookgDt), else its value date (ValDt)"
    )
    assert why["Counterparty"] == (
        "Read from the creditor's name (Cdtr) on money out, the debtor's (Dbtr) on money in"
    )
    assert "hover over a row for the record as the file holds it" in _intro(wizard)
    assert wizard.value().is_detection
    assert wizard.summary_label.text() == (
        "2 lines, all on 5 Mar 2024.\n"
        "Money in €40.00, money out €250.00.\n"
        "Opening balance €1,000.00 → closing €790.00: ties (opening + movements = closing).\n"
        "No row skipped, nothing to note."
    )


@needs_realdata
@pytest.mark.parametrize(
    ("relative", "headers", "first"),
    [
        (
            "camt/ch-raiffeisen-camt053-v04.xml",
            list(WORDS),
            [
                "2017-04-01",
                "2017-04-03",
                "-905.3",
                "CHF",
                "Sistema di addebitamento diretto xxxxxxxxxxxxxxxxxxxxxx AG",
                "210564431020000000024556150000",
            ],
        ),
        (
            "ofx/us-capitalone-360-ofx2.qfx",
            ["Booking date", "Amount", "Currency", "Description", "Reference"],
            ["2023-02-28", "0.01", "USD", "Monthly Interest Paid", "202302283828"],
        ),
        (
            "mt940/nl-abnamro-jejik.sta",
            ["Booking date", "Value date", "Amount", "Currency", "Description"],
            [
                "2011-05-24",
                "2011-05-24",
                "-9",
                "EUR",
                (
                    "GIRO 428428 KPN - DIGITENNE BETALINGSKENM. 000000042188659 5314606715 "
                    "BETREFT FACTUUR D.D. 20-05-2011 INCL. 1,44 BTW"
                ),
            ],
        ),
    ],
    ids=["camt", "ofx", "mt940"],
)
def test_a_real_bank_file_is_previewed_in_the_accountants_words(
    qtbot: Any,
    qtmodeltester: Any,
    backend: StatementBackend,
    relative: str,
    headers: list[str],
    first: list[str],
) -> None:
    wizard = _wizard(qtbot, qtmodeltester, backend, SHARED_REALDATA / relative)
    assert _headers(wizard) == headers
    cells = _cells(wizard)
    assert cells[0] == first
    assert not [cell for row in cells for cell in row if "=" in cell and "/" in cell]
    tooltip = wizard.preview_model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip  # the record as the file holds it
    assert all(why.startswith("Read from ") for why in _why(wizard).values())


# A QIF record and an IIF transaction filling every field their readers give a line:
# QIF's date (D), amount (T, U beside it), payee (P), memo (M) and number (N), with a
# category (L) no field takes; IIF's TRNS row with every column, a split row under it.
QIF_EVERY_FIELD = qif("D01/15/2024\nT-1,234.56\nU-1,234.56\nPACME Inc\nMInvoice 17\nN1001\nLOffice")
IIF_EVERY_FIELD = (
    b"!TRNS\tTRNSID\tTRNSTYPE\tDATE\tACCNT\tNAME\tAMOUNT\tDOCNUM\tMEMO\tCLEAR\n"
    b"!SPL\tSPLID\tTRNSTYPE\tDATE\tACCNT\tNAME\tAMOUNT\tDOCNUM\tMEMO\tCLEAR\n"
    b"!ENDTRNS\n"
    b"TRNS\t1\tINVOICE\t7/16/98\tAccounts Receivable\tCustomer A\t873.44\t3\tMonthly\tN\n"
    b"SPL\t2\tINVOICE\t7/16/98\tSales\tCustomer A\t-873.44\t3\tMonthly\tN\n"
    b"ENDTRNS\n"
)


@pytest.mark.parametrize(
    ("name", "data", "headers"),
    [
        (
            "register.qif",
            QIF_EVERY_FIELD,
            ["Booking date", "Amount", "Description", "Reference", "Counterparty"],
        ),
        (
            "ledger.iif",
            IIF_EVERY_FIELD,
            ["Booking date", "Amount", "Description", "Reference", "Counterparty"],
        ),
    ],
    ids=["qif", "iif"],
)
def test_every_field_a_qif_or_iif_line_carries_says_where_it_is_read_from(
    qtbot: Any,
    qtmodeltester: Any,
    backend: StatementBackend,
    tmp_path: Path,
    name: str,
    data: bytes,
    headers: list[str],
) -> None:
    """As the CAMT, OFX and MT940 previews do: a field the format's ``FIELDS`` left out
    would say only "Read by the qif reader", naming nothing the accountant can look up."""
    path = tmp_path / name
    path.write_bytes(data)
    wizard = _wizard(qtbot, qtmodeltester, backend, path)
    assert _headers(wizard) == headers
    assert all(cell for cell in _cells(wizard)[0])  # every field of the line is filled
    why = _why(wizard)
    assert all(text.startswith("Read from ") for text in why.values()), why
