"""The :86: field: German ?nn sub-fields, SEPA keywords and free text."""

from __future__ import annotations

import pytest

from desktop_app.statements.formats.mt940_details import Details, free_text, read_details


def test_purpose_parts_cut_mid_word_are_joined_without_a_space() -> None:
    field = [
        "166?00GUTSCHRIFT?100399?20EREF+EndToEndId TFNR 22 004?21 00001?22",
        "SVWZ+Verw CTSc-01 BC-PPP TF?23Nr 22 004?30DRESDEFF508?31DE1450880",
        "0500194785000?32KARL?33        KAUFMANN?70Empfaenger Marta Metzge",
        "r",
    ]
    assert read_details([field]) == Details(
        description="Verw CTSc-01 BC-PPP TFNr 22 004",
        counterparty="KARL KAUFMANN",
        references=("EndToEndId TFNR 22 004 00001",),
    )


def test_full_parts_glue_and_short_parts_keep_a_space() -> None:
    # A part of exactly 27 characters continues mid-word; a shorter one ended deliberately.
    assert len("SVWZ+Ihr Einkauf bei eBay S") == 27
    field = ["105?00Lastschrift?20SVWZ+Ihr Einkauf bei eBay S?21.a r.l.?22Artikel 4711"]
    assert read_details([field]).description == "Ihr Einkauf bei eBay S.a r.l. Artikel 4711"


def test_keywords_references_and_purpose_continuation_fields() -> None:
    field = [
        "105?00Basislastschrift?10931?20EREF+1046450041914",
        "?21KREF+2025112686347345587700?22000000001754",
        "?23MREF+5VYJ2258F7ZQG?24CRED+LU96ZZZ000000000000000?250058",
        "?26SVWZ+Rechnung 2024-17?32PayPal Europe S.a.r.l. et C",
        "?33ie S.C.A?34992?60 vom 01.12.2025",
    ]
    details = read_details([field])
    assert details.references == (
        "1046450041914",
        "2025112686347345587700000000001754",
        "5VYJ2258F7ZQG",
    )
    assert details.description == "Rechnung 2024-17 vom 01.12.2025"
    assert details.counterparty == "PayPal Europe S.a.r.l. et Cie S.C.A"


def test_notprovided_reference_and_ultimate_party() -> None:
    details = read_details(
        [["166?00GUTSCHRIFT?20EREF+NOTPROVIDED?21SVWZ+Beitrag?22ABWA+Verein e.V."]]
    )
    assert details == Details(description="Beitrag", counterparty="Verein e.V.", references=())


def test_keyword_inside_a_word_is_text() -> None:
    details = read_details([["166?00GUTSCHRIFT?20SVWZ+Order ABIC+123 paid"]])
    assert details.description == "Order ABIC+123 paid"


@pytest.mark.parametrize(
    ("field", "description"),
    [
        (["805?00ENTGELTABSCHLUSS?106666?20Pauschalen?3012345678"], "Pauschalen"),  # no keywords
        (["191?00SEPA-UEBERW?20KREF+TFNr 01022"], "SEPA-UEBERW"),  # only a reference: booking text
        (["166?00GUTSCHRIFT?20Miete Januar EREF+77"], "Miete Januar"),  # text before a keyword
        (["166>00GUTSCHRIFT>20SVWZ+Other separator"], "Other separator"),
        (["?00UEBERWEISUNG?20SVWZ+No business code"], "No business code"),
    ],
)
def test_descriptions(field: list[str], description: str) -> None:
    assert read_details([field]).description == description


def test_free_text_joins_lines_and_fields_with_spaces() -> None:
    assert free_text(["GIRO   428428 KPN  ", "INCL. 1,44 BTW"]) == "GIRO 428428 KPN INCL. 1,44 BTW"
    assert (
        read_details([["Terugboeking   "], ["NIET AKKOORD"]]).description
        == "Terugboeking NIET AKKOORD"
    )
    assert read_details([]) == Details()


def test_dutch_slash_layout_wrapped_mid_word() -> None:
    field = [
        "/TRTP/SEPA OVERBOEKING/IBAN/NL46ABNA0499998748/NAME/J. JANSSE",  # 61: full
        "N/REMI/Factuur 2024-17 betaling/EREF/NOTPROVIDED",
    ]
    assert read_details([field]) == Details(
        description="Factuur 2024-17 betaling", counterparty="J. JANSSEN", references=()
    )


def test_ing_counterparty_and_unstructured_remittance() -> None:
    field = [
        "/EREF/20240301-001//CNTP/NL12INGB0001234567/INGBNL2A/ACME BV/AMSTERDAM/",
        "/REMI/USTD//Invoice 4711/",
    ]
    assert read_details([field]) == Details(
        description="Invoice 4711", counterparty="ACME BV", references=("20240301-001",)
    )


def test_structured_creditor_reference_and_ordering_party() -> None:
    field = [
        "/RTRN/MS03/TRTP/SEPA INCASSO/EREF/E2E-9/ORDP//NAME/Klant BV/ID/123/REMI/STRD/CUR/RF18539007547034/"
    ]
    assert read_details([field]) == Details(
        description="SEPA INCASSO",
        counterparty="Klant BV",
        references=("RF18539007547034", "E2E-9"),
    )


def test_a_single_slash_word_in_free_text_is_not_structure() -> None:
    assert read_details([["GIRO 428428 /NAME/ text"]]).description == "GIRO 428428 /NAME/ text"


def test_dutch_layout_short_lines_end_at_a_word() -> None:
    field = ["/TRTP/SEPA/NAME/ACME BV/REMI/USTD//Invoice 4711 for", "March/"]  # 51 wide
    assert read_details([field]).description == "Invoice 4711 for March"
