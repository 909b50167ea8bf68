"""Candidate indexes: references on token boundaries, amounts by date, payees by rare words."""

from __future__ import annotations

from datetime import date, timedelta

from desktop_app.domain import Invoice
from desktop_app.matching.indexes import AmountIndex, ReferenceIndex
from desktop_app.matching.normalise import name_key, text_runs
from desktop_app.matching.payees import PayeeIndex
from desktop_app.matching.prepare import PreparedInvoice, prepare_invoices
from desktop_app.matching.settings import MatchSettings
from tests.matching.builders import ISSUE, invoice


def prepared(*invoices: Invoice, settings: MatchSettings | None = None) -> list[PreparedInvoice]:
    return prepare_invoices(invoices, settings or MatchSettings())


class TestReferenceIndex:
    def setup_method(self) -> None:
        self.invoices = prepared(
            invoice("EL-2025-00017", invoice_id="4000017"),
            invoice("186204", provider="Content Ignite"),
        )
        self.index = ReferenceIndex(self.invoices)

    def found(self, text: str) -> set[str]:
        return {self.invoices[i].invoice.number for i in self.index.find(text_runs(text))}

    def test_every_spelling_is_found(self) -> None:
        for text in (
            "PAY EL-2025-00017",
            "el 2025 00017 thanks",
            "REF:EL202500017",
            "EL2025 00017",
        ):
            assert self.found(text) == {"EL-2025-00017"}, text

    def test_the_provider_id_is_found_too(self) -> None:
        assert self.found("BGC 4000017") == {"EL-2025-00017"}

    def test_an_id_inside_a_longer_number_or_reference_is_not_found(self) -> None:
        for text in ("CARD 9186204 TESCO", "REF 1862041", "XEL202500017", "EL-2025-000170"):
            assert self.found(text) == set(), text

    def test_a_bare_id_on_its_own_is_found_for_the_scorer_to_judge(self) -> None:
        assert self.found("PARKING REF 186204") == {"186204"}

    def test_a_reference_that_begins_a_longer_one_finds_each_where_it_is_whole(self) -> None:
        invoices = prepared(invoice("INV-1234"), invoice("INV-12345"), invoice("INV-12346"))
        index = ReferenceIndex(invoices)

        def found(text: str) -> set[str]:
            return {invoices[i].invoice.number for i in index.find(text_runs(text))}

        assert found("INV 1234") == {"INV-1234"}
        assert found("INV 1234 5") == {"INV-1234", "INV-12345"}
        assert found("INV12346 PAID") == {"INV-12346"}
        assert found("INV 123 PAID") == set()

    def test_short_identifiers_are_not_indexed(self) -> None:
        index = ReferenceIndex(prepared(invoice("17")))
        assert index.find(["17"]) == {}


def test_amount_index_returns_exact_amounts_within_the_date_window_nearest_first() -> None:
    invoices = prepared(
        invoice("A-0001", "50.00", issue=date(2025, 1, 1)),
        invoice("A-0002", "50.00", issue=date(2025, 3, 1)),
        invoice("A-0003", "50.00", issue=date(2025, 9, 1)),
        invoice("A-0004", "50.01", issue=date(2025, 3, 1)),
    )
    index = AmountIndex(invoices, days_before_issue=5)
    day = date(2025, 3, 5).toordinal()
    found = index.around("GBP", 5000, day)
    assert [invoices[i].invoice.number for i in found] == ["A-0002", "A-0001"]
    assert index.around("GBP", -5000, day) == []  # a payment out
    assert index.around("EUR", 5000, day) == []


class TestPayeeIndex:
    def names(self, index: PayeeIndex, text: str, counterparty: str = "") -> set[str]:
        return {index.display[n] for n in index.match(text_runs(text), counterparty)}

    def test_exact_truncated_and_reordered_names_are_recognised(self) -> None:
        invoices = prepared(invoice(payee="Chilaidand Ripionairk Labs LLP"))
        index = PayeeIndex(invoices, MatchSettings())
        for text in (
            "FPS CHILAIDAND RIPIONAIRK LABS LLP",
            "DD CHILAIDAND RIPIONA",  # a bank cut the name at 18 characters
            "RIPIONAIRK CHILAIDAND",
        ):
            assert self.names(index, text) == {"Chilaidand Ripionairk Labs LLP"}, text

    def test_a_shared_generic_word_does_not_make_a_payee(self) -> None:
        invoices = prepared(invoice(payee="Korvana Logistics Ltd"))
        index = PayeeIndex(invoices, MatchSettings())
        assert self.names(index, "CARD BRELLIX LOGISTICS") == set()
        assert self.names(index, "KORVANO CAFE") == set()

    def test_provider_name_and_configured_aliases_for_invoices_without_counterparty(self) -> None:
        settings = MatchSettings(counterparty_aliases={"Content Ignite": ("TAGDELIVER LTD",)})
        invoices = prepared(invoice(provider="Content Ignite", payee=None), settings=settings)
        index = PayeeIndex(invoices, settings)
        assert self.names(index, "DD TAGDELIVER 186204") == {"TAGDELIVER LTD"}
        assert self.names(index, "DD CONTENT IGNITE") == {"Content Ignite"}

    def test_the_counterparty_field_is_compared_on_its_own_too(self) -> None:
        invoices = prepared(invoice(payee="Zeta Partners"))
        index = PayeeIndex(invoices, MatchSettings())
        assert self.names(index, "FPS 81726 ZETA", "ZETA PARTNERS") == {"Zeta Partners"}

    def test_a_name_shared_by_payees_orders_all_their_invoices_by_amount_and_by_date(
        self,
    ) -> None:
        # Two counterparties of one provider: the provider's name is on all four invoices.
        day = ISSUE.toordinal()
        invoices = prepared(
            invoice("A-1", "120.00", payee="Alpha Ltd", issue=ISSUE),
            invoice("B-1", "100.00", payee="Beta Ltd", issue=ISSUE + timedelta(days=5)),
            invoice("A-2", "80.00", payee="Alpha Ltd", issue=ISSUE + timedelta(days=10)),
            invoice("B-2", "120.00", payee="Beta Ltd", issue=ISSUE - timedelta(days=5)),
        )
        index = PayeeIndex(invoices, MatchSettings())
        shared = index.names.index(name_key("Elevate"))
        alpha = index.names.index(name_key("Alpha Ltd"))
        numbers = [p.invoice.number for p in invoices]

        def named(found: list[int]) -> list[str]:
            return [numbers[i] for i in found]

        # by amount, then by index among equal amounts; both ends of the range included
        assert named(index.near_amount(shared, "GBP", 8000, 12000)) == ["A-2", "B-1", "A-1", "B-2"]
        assert named(index.near_amount(shared, "GBP", 10000, 11999)) == ["B-1"]
        assert index.near_amount(shared, "EUR", 0, 10**9) == []
        assert named(index.near_amount(alpha, "GBP", 0, 10**9)) == ["A-2", "A-1"]
        # nearest first, the earlier on ties, within the span, at most ``limit``
        assert named(index.near_date(shared, day, 30, 10)) == ["A-1", "B-2", "B-1", "A-2"]
        assert named(index.near_date(shared, day + 2, 30, 2)) == ["A-1", "B-1"]
        assert named(index.near_date(shared, day, 7, 10)) == ["A-1", "B-2", "B-1"]
        assert named(index.near_date(alpha, day + 9, 30, 10)) == ["A-2", "A-1"]
        # those skipped take no place: the next nearest come in their stead
        skip = {numbers.index("A-1")}
        assert named(index.near_date(shared, day + 2, 30, 2, skip)) == ["B-1", "B-2"]


def test_amount_index_around_lists_every_invoice_of_the_amount_however_many() -> None:
    """However many share the amount, ``around`` lists them, nearest first: the candidate
    search offers them when few (``max_amount_candidates``) and counts them for the line's
    explanation when not."""
    invoices = prepared(
        *(invoice(f"A-{k:04d}", "50.00", issue=date(2025, 3, 1 + k)) for k in range(5))
    )
    index = AmountIndex(invoices, days_before_issue=5)
    day = date(2025, 3, 3).toordinal()
    around = [invoices[i].invoice.number for i in index.around("GBP", 5000, day)]
    assert around == ["A-0002", "A-0001", "A-0003", "A-0000", "A-0004"]
    assert index.around("GBP", 5001, day) == []
