"""The Reconcile screen's match detail: the invoices beside the statement lines, as a card,
with the explanation beneath, fitting a 1366x768 screen.

The detail was a line of text ("INV-00001 ↔ bank.csv:2") above the explanation: the
accountant could not read the bank's description, the dates or the amounts of the two
sides together. The real window over the test services, driven by selecting rows.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QLabel, QWidget

from desktop_app.domain import Counterparty, Match, Money, Reconciliation
from desktop_app.matching import reconcile
from desktop_app.ui.hand_match import selection_totals
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.review import match_key
from desktop_app.ui.views.match_card import invoices_html, lines_html
from desktop_app.ui.views.match_detail import MatchDetail
from tests.matching.builders import invoice, line
from tests.ui import factories as f
from tests.ui.fakes import MemoryServices
from tests.ui.screens import reconcile_after_a_run
from tests.ui.settle import laid_out

SCREEN = (1366, 768)
ROOM = 60  # a title bar and a panel, as the banner test allows

ONE = f.match(
    replace(f.invoice(1, "126.18"), counterparty=Counterparty(id="1060")),
    f.line(2, "-126.18", description="EL-2025-00133 CUSTOMER 1060"),
)
PARTS = f.match(
    f.invoice(2, "831.84"),
    (
        f.line(3, "-415.92", description="el-2025-00141 CUSTOMER 1036 PART 1"),
        f.line(7, "-415.92", description="el-2025-00141 CUSTOMER 1036 PART 2"),
    ),
)
BATCH = f.match(
    (f.invoice(3, "100.00", counterparty="Acme"), f.invoice(4, "200.00", counterparty="Acme")),
    f.line(4, "-300.00", description="ACME REMITTANCE"),
)


@pytest.fixture
def services() -> MemoryServices:
    """The window's services (``conftest_window.window`` uses them): a match of one
    invoice and one line, a payment in two parts and one payment for two invoices."""
    matches = (ONE, PARTS, BATCH)
    invoices = tuple(i for m in matches for i in m.invoices)
    lines = tuple(sorted((ln for m in matches for ln in m.lines), key=lambda ln: ln.row))
    return MemoryServices(
        invoices=invoices,
        statements={"bank.csv": lines},
        reconciliation=Reconciliation(invoices, lines, matches, ()),
    )


def _plain(label: QLabel) -> str:
    """What a rich-text label reads as, its markup gone."""
    document = QTextDocument()
    document.setHtml(label.text())
    return document.toPlainText()


def _select(qtbot, window: MainWindow, match: Match) -> None:  # type: ignore[no-untyped-def]
    view = window.reconcile
    view.table.select_keys([match_key(match)], match_key(match))
    assert view.table.current_item() == match
    laid_out(window)


def _in_sight(widget: QWidget, area: QRect) -> bool:
    """Whether the whole of ``widget`` lies in ``area`` (in the window's coordinates)."""
    top_left = widget.mapTo(widget.window(), widget.rect().topLeft())
    return area.contains(QRect(top_left, widget.size()))


def _viewport(area: QAbstractScrollArea) -> QRect:
    """What a scroll area shows, in its window's coordinates."""
    viewport = area.viewport()
    return QRect(viewport.mapTo(viewport.window(), viewport.rect().topLeft()), viewport.size())


@pytest.fixture
def laptop(qtbot, window: MainWindow) -> MainWindow:
    """The window at 1366x768 (less its frame), on the Reconcile screen after a run."""
    window.resize(SCREEN[0], SCREEN[1] - ROOM)
    qtbot.waitUntil(lambda: window.height() == SCREEN[1] - ROOM)
    reconcile_after_a_run(qtbot, window)
    return window


def test_the_invoice_is_beside_its_statement_line_with_every_field(
    qtbot, laptop: MainWindow
) -> None:
    _select(qtbot, laptop, ONE)
    card = laptop.reconcile.detail.card
    assert card.isVisible()
    left, right = card.invoices.geometry(), card.lines.geometry()
    assert left.right() < right.left()  # side by side, the invoice first
    assert left.top() == right.top()
    invoice = _plain(card.invoices)
    for said in (
        "Number INV-00001",
        "Provider Content Ignite",
        "Counterparty supplier 1060",
        "Issued 2026-01-02",
        "Due 2026-02-01",
        "Gross £126.18 GBP",
    ):
        assert said in " ".join(invoice.split()), said
    line = " ".join(_plain(card.lines).split())
    for said in (
        "Statement bank.csv",
        "Row 2",
        "Date 2026-01-07",
        "Amount -£126.18 GBP",
        "Description EL-2025-00133 CUSTOMER 1060",
        "Reference REF2",
    ):
        assert said in line, said
    assert laptop.reconcile.detail.explanation.text() == ONE.explanation


def test_at_1366_by_768_the_card_and_the_explanation_show_whole(qtbot, laptop: MainWindow) -> None:
    """A match of one invoice and one line: the card and its explanation in sight
    without scrolling, the signals below them, and the window no taller than before."""
    _select(qtbot, laptop, ONE)
    detail = laptop.reconcile.detail
    area = detail.card_area
    assert area.verticalScrollBar().maximum() == 0
    assert area.horizontalScrollBar().maximum() == 0
    shown = _viewport(area)
    assert _in_sight(detail.card.invoices, shown)
    assert _in_sight(detail.card.lines, shown)
    assert detail.explanation_area.verticalScrollBar().maximum() == 0
    assert _in_sight(detail.explanation, _viewport(detail.explanation_area))
    signals = detail.signals_table
    rows = signals.verticalHeader().defaultSectionSize()
    assert signals.viewport().height() >= 3 * rows  # the evidence still in sight
    assert _in_sight(signals, laptop.centralWidget().geometry())  # within the window
    assert laptop.minimumSizeHint().height() <= SCREEN[1] - ROOM


def _wholly_shown(widget: QWidget) -> bool:
    """Whether all of ``widget`` is on screen: shown, and clipped by none of the widgets
    it is in (a scroll area's viewport, a pane, the window)."""
    return widget.isVisible() and widget.visibleRegion().boundingRect() == widget.rect()


@pytest.mark.parametrize("match", [PARTS, BATCH], ids=["in parts", "batch"])
def test_at_1366_by_768_the_explanation_of_a_match_of_several_parts_is_in_sight(
    qtbot, laptop: MainWindow, match: Match
) -> None:
    """A payment in parts or a batch: its card is taller than the pane, and scrolls; the
    explanation, which was beneath the card and so out of sight, is whole without
    scrolling."""
    _select(qtbot, laptop, match)
    detail = laptop.reconcile.detail
    assert detail.explanation.text() == match.explanation
    assert _wholly_shown(detail.explanation)
    assert _in_sight(detail.explanation, laptop.centralWidget().geometry())
    assert detail.explanation_area.verticalScrollBar().maximum() == 0
    assert _wholly_shown(detail.title)
    assert detail.card.visibleRegion().boundingRect().height() > 50  # the card begins
    assert laptop.minimumSizeHint().height() <= SCREEN[1] - ROOM


def test_a_long_explanation_scrolls_within_its_lines_and_leaves_room_for_the_card(
    qtbot, laptop: MainWindow
) -> None:
    """A batch of many invoices quotes each one's number: shown as far as its lines
    allow, the rest a scroll away, the card and the signals still in sight."""
    many = f.match(tuple(f.invoice(100 + n, "10.00") for n in range(20)), f.line(40, "-200.00"))
    numbers = ", ".join(invoice.number for invoice in many.invoices)
    many = replace(
        many,
        explanation=f"one payment for 20 invoices; reference {numbers} in text; total equal; "
        + " / ".join(f"paid {n} days after issue" for n in range(20)),
    )
    detail = laptop.reconcile.detail
    detail.show_match(many)
    area = detail.explanation_area
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() > 0)
    assert area.height() == area.maximumHeight()  # its lines, no more
    assert _in_sight(area, laptop.centralWidget().geometry())
    assert detail.explanation.visibleRegion().boundingRect().top() == 0  # its start in sight
    assert detail.card.visibleRegion().boundingRect().height() > 30
    assert detail.signals_table.viewport().height() > 0
    assert laptop.minimumSizeHint().height() <= SCREEN[1] - ROOM


def test_three_lines_of_explanation_and_a_runner_up_show_without_scrolling(
    qtbot, laptop: MainWindow
) -> None:
    """Four lines in all, the most the area shows whole: the gap between the explanation
    and its runner-up is room too (without it the last line was cut, a scroll away)."""
    match = replace(
        f.match(f.invoice(100, "10.00"), f.line(40, "10.00")),
        explanation="reference INV-100 in text\namount equal\npaid 3 days after issue",
        runner_up="could also be Elevate INV-101 (score 49%)",
    )
    detail = laptop.reconcile.detail
    detail.show_match(match)
    laid_out(laptop)
    assert detail.runner_up.isVisible()
    assert detail.explanation_area.verticalScrollBar().maximum() == 0


def test_a_payment_in_parts_lists_each_line_under_their_total(qtbot, laptop: MainWindow) -> None:
    _select(qtbot, laptop, PARTS)
    card = laptop.reconcile.detail.card
    line = " ".join(_plain(card.lines).split())
    assert line.startswith("2 statement lines · -£831.84 Statement bank.csv Row 3")
    assert line.count("Statement bank.csv") == 1  # the file they share, said once
    assert "Row 7 Date 2026-01-12 Amount -£415.92 GBP" in line
    assert "PART 1" in line
    assert "PART 2" in line
    invoice = " ".join(_plain(card.invoices).split())
    assert invoice.startswith("Invoice Number INV-00002")
    area = laptop.reconcile.detail.card_area
    assert area.horizontalScrollBar().maximum() == 0  # taller, it scrolls down, never across
    assert card.invoices.geometry().right() < card.lines.geometry().left()


def test_a_payment_for_several_invoices_lists_each_under_their_total(
    qtbot, laptop: MainWindow
) -> None:
    _select(qtbot, laptop, BATCH)
    card = laptop.reconcile.detail.card
    invoices = " ".join(_plain(card.invoices).split())
    assert invoices.startswith(
        "2 invoices · £300.00 Provider Content Ignite Counterparty Acme Number INV-00003"
    )
    assert "Number INV-00004 Issued 2026-01-05 Due 2026-02-04 Gross £200.00 GBP" in invoices
    assert invoices.count("Counterparty Acme") == 1
    line = " ".join(_plain(card.lines).split())
    assert line.startswith("Statement line Statement bank.csv Row 4")
    assert "Description ACME REMITTANCE" in line


def test_the_card_says_what_is_still_owed_and_a_versori_period(qapp: QApplication) -> None:
    partly = replace(f.invoice(5, "276.62"), amount_outstanding=Money.of("201.70", "GBP"))
    versori = replace(
        f.invoice(6, "446.00", provider="Versori"),
        issue_date=None,
        due_date=None,
        period_start=date(2025, 7, 8),
        period_end=date(2025, 8, 7),
    )
    label = QLabel()
    label.setText(invoices_html(f.match((partly, versori), f.line(9, "-722.62"))))
    said = " ".join(_plain(label).split())
    assert "Gross £276.62 GBP Outstanding £201.70 GBP" in said
    assert "Period 2025-07-08 to 2025-08-07 Gross £446.00 GBP" in said


def test_the_banks_words_are_shown_as_written_never_as_markup(qapp: QApplication) -> None:
    """A description is the bank's text: "<b>" or "&amp;" in it is shown, not obeyed."""
    odd = f.line(11, description="<b>ACME & SONS</b> =HYPERLINK(x)")
    label = QLabel()
    label.setText(lines_html(f.match(f.invoice(7), odd)))
    assert "Description <b>ACME & SONS</b> =HYPERLINK(x)" in " ".join(_plain(label).split())


def test_the_engines_words_are_shown_as_written_never_as_markup(
    qtbot, qtmodeltester, qapp: QApplication
) -> None:
    """The explanation quotes the provider's payee name and the invoice number found in
    the bank's text: a name "<b>x</b> Trading" is shown so, not as a bold "x". Qt took
    any text that looked like markup for rich text and obeyed it."""
    odd = invoice("EL-<i>7</i>", payee="<b>x</b> Trading")
    (match,) = reconcile([odd], [line("120.00", "EL-<i>7</i> <b>x</b> TRADING")]).matches
    assert "payee <b>x</b> Trading (100%)" in match.explanation  # the engine quotes them
    match = replace(match, runner_up="could also be Elevate <b>EL-8</b> (score 0.41)")
    detail = MatchDetail()
    qtbot.addWidget(detail)
    qtmodeltester.check(detail.signals_model)
    detail.show_match(match)
    for label, said in (
        (detail.explanation, match.explanation),
        (detail.runner_up, f"Runner-up: {match.runner_up}"),
    ):
        assert label.textFormat() == Qt.TextFormat.PlainText
        assert label.text() == said
    # The title is markup of our own: the numbers in it escaped, so shown as written.
    assert detail.title.textFormat() == Qt.TextFormat.RichText
    assert _plain(detail.title).startswith("EL-<i>7</i> ↔ bank.csv:2 · Matched · score ")


def test_the_cards_total_of_lines_reads_as_the_selections_totals(qapp: QApplication) -> None:
    """The lines of a match are added up once, as the totals beside Match selected add
    up a selection: each currency's total, then the lines whose statement states no
    currency, said so (the card put those wherever the first of them came, unnamed)."""
    lines = (
        f.line(3, "-20.00", currency=None),
        f.line(4, "-100.00"),
        f.line(5, "-50.00", currency="EUR"),
        f.line(6, "-5.00"),
    )
    label = QLabel()
    label.setText(lines_html(f.match(f.invoice(9, "175.00"), lines)))
    heading = " ".join(_plain(label).split())
    assert heading.startswith(
        "4 statement lines · -£105.00 + -€50.00 + -20.00 (no currency) Statement bank.csv"
    )
    assert selection_totals((), lines).lines()[1] == (
        "Σ lines: -£105.00; -€50.00; -20.00 (no currency)"
    )
