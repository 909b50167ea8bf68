"""The Summary of a report holding a file of several accounts beside one of one: the
bridge has a row per account of the first (with an Account column, naming each row's
account), its matched movements, repeats and lines in another currency counted in the
account they belong to; "Statements used" a row per account."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from desktop_app.domain import LineKey, Match, Reconciliation
from desktop_app.export import ReportContext, StatementUsed, write_report
from desktop_app.statements.file_accounts import FileAccount
from tests.export.readback import cell_values, read_report
from tests.export.scenario import EL, GENERATED_AT, invoice, line

BRIDGE = "Balance bridge (opening + matched + unmatched movements = closing)"
GB, DE = "GB29NWBK60161331926819", "DE89370400440532013000"


def test_a_file_of_two_accounts_beside_one_of_one(tmp_path: Path) -> None:
    # two.xml: the sterling account's rows 3 to 9, the euro account's 12 to 20.
    pounds = [line("two.xml", 3, "100.00", "GBP"), line("two.xml", 5, "-20.00", "GBP")]
    euros = [
        line("two.xml", 12, "-5.00", "EUR"),
        line("two.xml", 14, "-7.00", "USD"),  # booked in dollars: not in the euro bridge
    ]
    # two.xml's row 16 (euros) repeats old.csv's row 2, which the run holds in its place.
    old = [line("old.csv", 2, "-3.00", "EUR")]
    bill = invoice(EL, "elevate", "EL-1", "EL-1", "100.00", "GBP")
    paid = Match((bill,), (pounds[0],), 0.9, (), "amount and reference")
    reconciliation = Reconciliation((bill,), (*pounds, *euros, *old), (paid,), ())
    accounts = (
        FileAccount(GB, "GBP", Decimal("10.00"), Decimal("90.00"), 2, ((3, 9),)),
        FileAccount(DE, "EUR", Decimal("50.00"), Decimal("42.00"), 3, ((12, 20),)),
    )
    statements = [
        StatementUsed("old.csv", 1, "a" * 64, "EUR", Decimal("45.00"), Decimal("42.00"), "O-1"),
        StatementUsed(
            "two.xml", 5, "b" * 64, "EUR", account=f"{DE}; {GB}", accounts=accounts,
            repeats={LineKey("two.xml", 16): old[0].key},
        ),
    ]  # fmt: skip
    out = tmp_path / "two.xlsx"
    write_report(reconciliation, out, context=ReportContext(GENERATED_AT, statements=statements))
    report = read_report(out)
    assert cell_values(report.summary_block(BRIDGE), 10) == [
        ("Statement", "Currency", "Opening Balance", "Matched Movements",
         "Unmatched Movements", "Computed Closing", "Stated Closing", "Difference", "Ties",
         "Account"),
        ("old.csv", "EUR", 45, 0, -3, 42, 42, 0, "yes", "O-1"),
        ("two.xml", "GBP", 10, 100, -20, 90, 90, 0, "yes", GB),
        ("two.xml", "EUR", 50, 0, -8, 42, 42, 0, "yes", DE),
        (f"two.xml, account {DE}: 1 line in another currency is not in its bridge.",
         *[None] * 9),
    ]  # fmt: skip
    assert cell_values(report.summary_block("Statements used"), 7)[1:] == [
        ("old.csv", "O-1", 1, "EUR", 45, 42, "a" * 64),
        ("two.xml", GB, 2, "GBP", 10, 90, "b" * 64),
        ("two.xml", DE, 3, "EUR, USD", 50, 42, "b" * 64),  # its dollar line named too
    ]
    # each account's amounts in its own currency
    [_, _, gbp, eur, _] = report.summary_block(BRIDGE)
    assert "£" in gbp[2].number_format
    assert "€" in eur[2].number_format


def test_a_statement_stating_no_currency_has_one_currency_in_both_blocks(
    tmp_path: Path,
) -> None:
    """An account's statement in a file of several that states no currency, and a file
    whose record keeps none (a workspace's, stored before the currency was kept): each
    is in the currency most of its lines are in, on its "Statements used" row as on its
    bridge row, its balances formatted in it on both. The row said no currency while
    the bridge said the lines' (``main_currency``): two rules for one statement."""
    pounds = [line("two.xml", 3, "100.00", "GBP"), line("two.xml", 5, "-20.00", "GBP")]
    euros = [line("two.xml", 12, "-5.00", "EUR"), line("two.xml", 14, "-3.00", "EUR")]
    old = [line("old.csv", 2, "-3.00", "EUR")]
    reconciliation = Reconciliation((), (*pounds, *euros, *old), (), ())
    accounts = (
        FileAccount(GB, "GBP", Decimal("10.00"), Decimal("90.00"), 2, ((3, 9),)),
        FileAccount(DE, None, Decimal("50.00"), Decimal("42.00"), 2, ((12, 20),)),
    )
    statements = [
        StatementUsed("old.csv", 1, "a" * 64, None, Decimal("45.00"), Decimal("42.00"), "O-1"),
        StatementUsed("two.xml", 4, "b" * 64, "GBP", account=f"{DE}; {GB}", accounts=accounts),
    ]
    out = tmp_path / "unstated.xlsx"
    write_report(reconciliation, out, context=ReportContext(GENERATED_AT, statements=statements))
    report = read_report(out)
    bridge = cell_values(report.summary_block(BRIDGE), 10)[1:]
    used = cell_values(report.summary_block("Statements used"), 7)[1:]
    assert [(row[0], row[1], row[9]) for row in bridge] == [
        ("old.csv", "EUR", "O-1"),
        ("two.xml", "GBP", GB),
        ("two.xml", "EUR", DE),
    ]
    assert [(row[0], row[1], row[3]) for row in used] == [
        ("old.csv", "O-1", "EUR"),
        ("two.xml", GB, "GBP"),
        ("two.xml", DE, "EUR"),
    ]
    used_cells = report.summary_block("Statements used")[1:]
    bridge_cells = report.summary_block(BRIDGE)[1:]
    for used_row, bridge_row in zip(used_cells, bridge_cells, strict=True):
        assert used_row[4].number_format == bridge_row[2].number_format
    assert "€" in used_cells[2][4].number_format


def test_a_statement_of_several_currencies_names_each_on_its_row(tmp_path: Path) -> None:
    """A csv of pounds holding a euro line said "GBP" alone on "Statements used", as if
    every line were in pounds: its row names its balances' currency, then each other one
    its lines are in, by how many (one stating its currency, and one not, alike). A
    statement of one currency is said as before, its balances formatted in it."""
    mixed = [line("nov.csv", r, "-10.00", "GBP") for r in (2, 3, 4)]
    mixed += [line("nov.csv", 5, "470.00", "EUR"), line("nov.csv", 6, "-1.00", "USD")]
    mixed += [line("nov.csv", 7, "-2.00", "USD")]
    stated = [line("camt.xml", 2, "-5.00", "EUR"), line("camt.xml", 3, "-5.00", "GBP")]
    plain = [line("dec.csv", 2, "-3.00", "GBP")]
    reconciliation = Reconciliation((), (*mixed, *stated, *plain), (), ())
    statements = [
        StatementUsed("nov.csv", 6, "a" * 64),
        StatementUsed("camt.xml", 2, "b" * 64, "GBP", Decimal("10.00"), Decimal("5.00")),
        StatementUsed("dec.csv", 1, "c" * 64, None, Decimal("9.00"), Decimal("6.00")),
    ]
    out = tmp_path / "mixed.xlsx"
    write_report(reconciliation, out, context=ReportContext(GENERATED_AT, statements=statements))
    used = read_report(out).summary_block("Statements used")
    assert [(row[0], row[3]) for row in cell_values(used, 7)[1:]] == [
        ("nov.csv", "GBP, USD, EUR"),
        ("camt.xml", "GBP, EUR"),
        ("dec.csv", "GBP"),
    ]
    assert "£" in used[2][4].number_format  # its balances are in its stated currency
    assert "£" in used[3][4].number_format
