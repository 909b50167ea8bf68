"""Every model through Qt's model tester, and what each shows."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from PySide6.QtCore import Qt

from desktop_app.domain import Decision, DecisionKind, Discrepancy, DiscrepancyType, MatchState
from desktop_app.matching import reconcile
from desktop_app.ui.models.audit import AuditModel
from desktop_app.ui.models.columns import Role, column_index
from desktop_app.ui.models.discrepancies import (
    DiscrepancyGroupModel,
    DiscrepancyModel,
    discrepancy_text,
)
from desktop_app.ui.models.line_items import LineItemCheck, LineItemModel
from desktop_app.ui.models.matches import MatchTableModel, SignalModel
from desktop_app.ui.models.providers import ProviderModel
from desktop_app.ui.models.statement_lines import LineFilter, StatementLineModel
from desktop_app.ui.review import rejection_explanation
from desktop_app.ui.services import AuditRow, ProviderEntry, SecretFrom
from desktop_app.ui.summaries import group_discrepancies
from desktop_app.ui.views.discrepancy_detail import discrepancy_html
from tests.matching import builders as mb
from tests.ui import factories as f


def test_match_model(qtmodeltester) -> None:
    rec = f.reconciliation()
    model = MatchTableModel()
    model.set_items(rec.matches)
    qtmodeltester.check(model)
    suggested = model.index(2, column_index(model.columns, "runner_up"))
    assert suggested.data() == "INV-00004"
    assert model.index(0, column_index(model.columns, "lines")).data() == "bank.csv:2"
    assert model.index(0, column_index(model.columns, "difference")).data() == ""
    model.sort(column_index(model.columns, "state"), Qt.SortOrder.AscendingOrder)
    assert model.item_at(0).state is MatchState.SUGGESTED  # what needs review comes first


def test_match_model_shows_an_underpayment() -> None:
    model = MatchTableModel()
    model.set_items([f.match(f.invoice(1, "100.00"), f.line(2, "-90.00"))])
    assert model.index(0, column_index(model.columns, "difference")).data() == "-£10.00"


def test_a_match_across_two_providers_names_both(qtmodeltester) -> None:
    """A pairing made by hand with a Versori and an Elevate invoice showed only Versori."""
    versori = mb.invoice("V-1", "40.00", provider="Versori")
    elevate = mb.invoice("EL-2025-00017", "60.00", provider="Elevate Billing")
    also_versori = mb.invoice("V-2", "10.00", provider="Versori")
    model = MatchTableModel()
    model.set_items([f.match((versori, elevate, also_versori), f.line(2, "110.00"))])
    qtmodeltester.check(model)
    provider = model.index(0, column_index(model.columns, "provider")).data()
    assert provider == "Versori; Elevate Billing"


def test_signal_model(qtmodeltester) -> None:
    model = SignalModel()
    model.show_match(f.reconciliation().matches[0])
    qtmodeltester.check(model)
    assert [model.index(r, 0).data() for r in range(3)] == ["amount", "reference", "date"]
    assert model.index(1, 1).data() == "80%"
    model.show_match(None)
    assert model.rowCount() == 0


def test_statement_line_model_and_filter(qtmodeltester) -> None:
    lines = [
        f.line(2, "-10.00"),
        f.line(3, "25.50", source="ledger.xlsx"),
        f.line(4, "1.00", currency=None),
    ]
    states = {lines[0].key: MatchState.AUTO}
    model = StatementLineModel(states.get)
    model.set_items(lines)
    qtmodeltester.check(model)
    assert model.index(0, column_index(model.columns, "amount")).data() == "-£10.00"
    assert model.index(2, column_index(model.columns, "currency")).data() == "?"
    assert model.index(0, column_index(model.columns, "match")).data() == "Matched"
    model.set_filter("", LineFilter(unmatched_only=True).predicate(states.get))
    assert model.rowCount() == 2
    model.set_filter("", LineFilter(source_file="ledger.xlsx").predicate(states.get))
    assert model.visible_items() == [lines[1]]
    qtmodeltester.check(model)


def test_line_item_model_and_total_check(qtmodeltester) -> None:
    agreeing = f.invoice(1, "30.00", items=("10.00", "20.00"))
    model = LineItemModel()
    model.show_invoice(agreeing)
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert LineItemCheck.of(agreeing).agrees
    differing = f.invoice(2, "35.00", items=("10.00", "20.00"))
    check = LineItemCheck.of(differing)
    assert not check.agrees
    assert check.text() == "Items £30.00 differ from the invoice's amount £35.00 by -£5.00."
    assert "No line items" in LineItemCheck.of(f.invoice(3)).text()


def test_discrepancy_models(qtmodeltester) -> None:
    rec = f.reconciliation()
    groups = DiscrepancyGroupModel()
    groups.set_items(group_discrepancies(rec.discrepancies))
    qtmodeltester.check(groups)
    assert [groups.index(r, 0).data() for r in range(groups.rowCount())] == [
        DiscrepancyType.UNPAID_INVOICE.value,
        DiscrepancyType.UNMATCHED_PAYMENT.value,
    ]
    assert groups.index(0, 1).data() == "Payable (money out)"
    assert groups.index(0, 3).data() == "3"
    assert groups.index(0, 4).data() == "£1,500.00"  # 400 + 500 + 600
    items = DiscrepancyModel()
    items.set_items(enumerate(rec.discrepancies))
    qtmodeltester.check(items)
    assert items.rowCount() == 4
    assert items.index(0, 0).data(Role.ITEM)[1] is rec.discrepancies[0]


def test_an_unpaid_invoice_shows_every_payment_awaiting_review() -> None:
    """The engine's own sentence, as the window's Explanation column and its tooltip show
    it: both suggested parts, not only the first."""
    parts = [
        mb.line("100.00", "EL-2025-00014 PART 1", row=2),
        mb.line("100.00", "EL-2025-00014 PART 2", row=3, day=date(2025, 3, 5)),
    ]
    result = reconcile([mb.invoice("EL-2025-00014", "276.62")], parts)
    items = DiscrepancyModel()
    items.set_items(enumerate(result.discrepancies))
    column = column_index(items.columns, "explanation")
    shown = items.index(0, column)
    review = (
        "2 possible payments await review: bank.csv row 2 (2025-03-04, £100.00) "
        "or bank.csv row 3 (2025-03-05, £100.00)"
    )
    assert shown.data().endswith(review)
    assert shown.data(Qt.ItemDataRole.ToolTipRole).endswith(review)


def test_a_batchs_discrepancy_shows_its_invoices_and_provider() -> None:
    batch = (f.invoice(1, "60.00"), f.invoice(2, "40.00", provider="Versori"))
    short = Discrepancy(
        DiscrepancyType.AMOUNT_MISMATCH,
        "paid £98.00 of £100.00, £2.00 short",
        lines=(f.line(2, "-98.00"),),
        group=batch,
    )
    items = DiscrepancyModel()
    items.set_items(enumerate([short]))
    assert items.index(0, column_index(items.columns, "invoice")).data() == "INV-00001; INV-00002"
    assert items.index(0, column_index(items.columns, "provider")).data() == (
        "Content Ignite; Versori"
    )
    assert {"INV-00001", "INV-00002"} <= set(discrepancy_text((0, short)).split())  # the filter


def test_audit_and_provider_models(qtmodeltester) -> None:
    audit = AuditModel()
    inv, line = f.invoice(1), f.line(2)
    reject = Decision(DecisionKind.REJECT, (inv.key,), (line.key,), "wrong payer", "ann")
    audit.set_items([AuditRow(1, reject, in_force=True)])
    qtmodeltester.check(audit)
    assert audit.index(0, column_index(audit.columns, "kind")).data() == "Rejected"
    assert audit.index(0, column_index(audit.columns, "status")).data() == "in force"
    providers = ProviderModel()
    providers.set_items(
        [
            ProviderEntry("CI", "content_ignite"),
            ProviderEntry("V", "versori", token_from=SecretFrom.KEYRING),
        ]
    )
    qtmodeltester.check(providers)
    assert providers.index(0, 4).data() == "missing"
    assert providers.index(1, 4).data() == "keyring"
    # Left empty, the address said is the API's documented one, not "(production)".
    assert providers.index(0, 2).data() == "default: https://api.tagdeliver.com"
    assert providers.index(1, 2).data() == (
        "default: https://platform.versori.com/api/organisations/v1"
    )


def test_the_token_column_says_where_the_token_is_read_from(qtmodeltester) -> None:
    """It said "in keyring" for a token read from an environment variable, on a machine
    with no keyring at all (tester k, finding 6): an accountant might unset the variable
    believing the token kept elsewhere. A name that may be the secret itself (token_env
    holding "Summer2025Secret") is never shown."""
    env = SecretFrom.ENVIRONMENT
    providers = ProviderModel()
    providers.set_items(
        [
            ProviderEntry("A", "content_ignite", token_from=SecretFrom.KEYRING),
            ProviderEntry("B", "content_ignite", token_from=env, secret_env="CI_TOKEN"),
            ProviderEntry("C", "content_ignite", token_from=env, secret_env="Summer2025Secret"),
            ProviderEntry("D", "content_ignite", secret_env="CLIENT_D_TOKEN"),
            ProviderEntry("E", "content_ignite", secret_env="ghp_16C7e42F292c6912E7710c8"),
            ProviderEntry("F", "content_ignite"),
            # The keyring is read first: its token is the one used, whatever the file names.
            ProviderEntry("G", "content_ignite", token_from=SecretFrom.KEYRING, secret_env="G_T"),
        ]
    )
    qtmodeltester.check(providers)
    token = column_index(providers.columns, "token")
    shown = [providers.index(row, token).data() for row in range(providers.rowCount())]
    assert shown == [
        "keyring",
        "from CI_TOKEN (environment)",
        "environment variable",
        "missing: CLIENT_D_TOKEN is not set",
        "missing",
        "missing",
        "keyring",
    ]
    tips = [
        providers.index(row, token).data(Qt.ItemDataRole.ToolTipRole)
        for row in range(providers.rowCount())
    ]
    assert not [tip for tip in tips if "Summer2025Secret" in tip or "ghp_" in tip]
    assert "it may be the token itself" in tips[2]
    assert "Set CLIENT_D_TOKEN before starting the app" in tips[3]
    colours = [
        providers.index(row, token).data(Qt.ItemDataRole.ForegroundRole)
        for row in range(providers.rowCount())
    ]
    assert [colour is None for colour in colours] == [True, True, True, False, False, False, True]


def test_the_audit_trail_says_each_time_in_utc_as_the_report_does() -> None:
    """The report's Audit sheet says each Time in UTC; the window's audit trail showed
    the stored time's digits, naming no zone."""
    audit = AuditModel()
    inv, line = f.invoice(1), f.line(2)
    at = datetime(2025, 3, 5, 15, 5, 9, tzinfo=timezone(timedelta(hours=1)))
    reject = Decision(DecisionKind.REJECT, (inv.key,), (line.key,), "", "ann", at)
    audit.set_items([AuditRow(1, reject, in_force=True)])
    assert audit.index(0, column_index(audit.columns, "at")).data() == "2025-03-05 14:05:09 UTC"
    # and a rejection's explanation, to the minute, in UTC too (it said "15:05 UTC+01:00")
    assert rejection_explanation(reject).startswith("Rejected by ann on 2025-03-05 14:05 UTC.")


def test_sort_role_gives_raw_decimal() -> None:
    model = StatementLineModel()
    model.set_items([f.line(2, "-10.50")])
    amount = model.index(0, column_index(model.columns, "amount")).data(Role.SORT)
    assert amount == Decimal("-10.50")


def test_a_payment_in_two_currencies_shows_each_currencys_total_as_paid() -> None:
    """An invoice paid partly in euros, partly in pounds: the Paid column shows both
    totals, found by the filter under either; one paid amount shows as before."""
    lines = [
        mb.line("150.00", "EL-2025-00014 PART 1", row=2, currency="EUR"),
        mb.line("150.00", "EL-2025-00014 PART 2", row=3, day=date(2025, 3, 5)),
    ]
    result = reconcile([mb.invoice("EL-2025-00014", "276.62")], lines)
    items = DiscrepancyModel()
    items.set_items(enumerate(result.discrepancies))
    paid = column_index(items.columns, "paid")
    assert items.index(0, paid).data() == "£150.00 + €150.00"
    text = discrepancy_text((0, result.discrepancies[0]))
    assert "€150.00" in text
    assert "£150.00" in text
    assert "Invoiced £276.62 · Paid £150.00 + €150.00" in discrepancy_html(result.discrepancies[0])
    one = reconcile([mb.invoice("EL-2025-00017", "120.00")], [mb.line("110.00", "EL-2025-00017")])
    items.set_items(enumerate(one.discrepancies))
    assert items.index(0, paid).data() == "£110.00"
