"""The Overview screen: headline counts and invoiced against matched per month.

The chart shows one currency at a time (pounds and euros are never added) and one
direction (what we are owed is never added to what we owe) for all providers or one. Bar heights are drawn from floats because pixels are; every figure
shown as text is formatted from the exact ``Decimal``.

The figures are the session's (``ReviewSession.overview_figures``), worked out off the
GUI thread: as a run lands, by its worker; after a change, by another, while the screen
says they are being worked out (``UPDATING``). Choosing another currency, provider or
direction reads that choice's figures, worked out with the others.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QShowEvent
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.domain import NOTHING_TO_RECONCILE, Direction, Money
from desktop_app.ui.next_step import matching_not_run
from desktop_app.ui.session import ReviewSession
from desktop_app.ui.summaries import (
    ChartFigures,
    Headline,
    MonthFigures,
    OverviewFigures,
    TotalsByCurrency,
    chart_scale,
    format_totals,
)

ALL_PROVIDERS = "All providers"
# What the tiles of the run and the totals say while the figures are worked out.
PENDING = "…"
UPDATING = "Working out the figures…"
DIRECTIONS = {direction: direction.label for direction in (Direction.RECEIVABLE, Direction.PAYABLE)}

_TILES = (
    ("invoices", "Invoices"),
    ("reconciled", "Reconciled invoices"),
    ("suggestions", "Suggestions to review"),
    ("lines", "Statement lines"),
    ("unmatched_lines", "Unmatched lines"),
    ("discrepancies", "Discrepancies"),
)


class OverviewView(QWidget):
    def __init__(self, session: ReviewSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overview")
        self._session = session
        self.tiles: dict[str, QLabel] = {}
        self._dirty = True
        self.currency_combo = QComboBox()
        self.provider_combo = QComboBox()
        self.direction_combo = QComboBox()
        self.currency_combo.setAccessibleName("Currency")
        self.provider_combo.setAccessibleName("Provider")
        self.direction_combo.setAccessibleName("Direction")
        # Each as wide as its longest choice, whenever its choices change: they are filled
        # after the window first shows (empty, when Qt fixed their width: "Receivat").
        for combo in (self.currency_combo, self.provider_combo, self.direction_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.chart = QChart()
        self.chart.setTitle("Invoiced and matched per month")
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setAccessibleName(f"Chart: {self.chart.title()}")
        self.totals_label = QLabel()
        # Before matching has run, what to do first: the tiles' dashes said nothing.
        self.next_step_label = QLabel()
        self.next_step_label.setObjectName("next step")
        self.next_step_label.setWordWrap(True)
        self._layout()
        self.currency_combo.currentIndexChanged.connect(lambda _: self.refresh_chart())
        self.provider_combo.currentIndexChanged.connect(lambda _: self.refresh_chart())
        self.direction_combo.currentIndexChanged.connect(lambda _: self.refresh_chart())
        session.reconciliation_changed.connect(self.refresh)
        session.invoices_changed.connect(self.refresh)
        session.lines_changed.connect(self.refresh)  # the lines' tile, the steps left
        session.matching_changed.connect(self._update_next_step)
        session.review_changed.connect(lambda _: self.refresh())
        session.overview_changed.connect(self.refresh)  # worked out after a change

    def _layout(self) -> None:
        grid = QGridLayout()
        for position, (key, title) in enumerate(_TILES):
            tile = QLabel()
            tile.setObjectName(f"tile {key}")
            tile.setAlignment(Qt.AlignmentFlag.AlignCenter)
            tile.setStyleSheet(
                "QLabel { border: 1px solid #d0d7de; border-radius: 6px; padding: 10px; }"
            )
            tile.setToolTip(title)
            self.tiles[key] = tile
            tile.setWordWrap(True)
            grid.addWidget(tile, position // 3, position % 3)
        pickers = QHBoxLayout()
        pickers.addWidget(QLabel("Currency"))
        pickers.addWidget(self.currency_combo)
        pickers.addWidget(QLabel("Provider"))
        pickers.addWidget(self.provider_combo)
        pickers.addWidget(QLabel("Direction"))
        pickers.addWidget(self.direction_combo)
        pickers.addStretch(1)
        pickers.addWidget(self.totals_label)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.next_step_label)
        layout.addLayout(pickers)
        layout.addWidget(self.chart_view, 1)

    def headline(self) -> Headline | None:
        """The tiles' counts of the run as reviewed so far; None without a run, or while
        they are worked out (``figures``)."""
        figures = self.figures()
        return None if figures is None else figures.headline

    def figures(self) -> OverviewFigures | None:
        """The session's figures; None while they are worked out, after a change: asking
        starts the work, and ``ReviewSession.overview_changed`` says when they are in."""
        return self._session.overview_figures()

    def refresh(self) -> None:
        """Show the figures now when visible; otherwise when next shown (they walk every
        invoice, and are worked out only for a screen that shows them)."""
        self._dirty = True
        if self.isVisible():
            self._recompute()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self._recompute()

    def _recompute(self) -> None:
        self._dirty = False
        self._update_next_step()
        self._fill_tiles()
        self._fill_pickers()
        self.refresh_chart()

    def _update_next_step(self) -> None:
        not_run = matching_not_run(self._session)
        self.next_step_label.setText(not_run or "")
        self.next_step_label.setHidden(not_run is None)

    def _fill_tiles(self) -> None:
        figures = self.figures()
        head = None if figures is None else figures.headline
        # a run's tiles while its figures are worked out; "-" before any run
        none = PENDING if figures is None and self._session.reconciliation is not None else "-"
        values = {
            "invoices": f"{len(self._session.invoices):,}",
            "lines": f"{len(self._session.lines):,}",
            "reconciled": none if head is None else _reconciled(head),
            "suggestions": none if head is None else f"{head.suggestions:,}",
            "unmatched_lines": none if head is None else f"{head.unmatched_lines:,}",
            "discrepancies": none if head is None else f"{head.discrepancies:,}",
        }
        notes = {"reconciled": _reconciled_note(head)}
        for key, title in _TILES:
            note = notes.get(key, "")
            self.tiles[key].setText(
                f"<span style='font-size:18pt'><b>{values[key]}</b></span><br>{title}"
                + (f"<br><small>{note}</small>" if note else "")
            )

    def _fill_pickers(self) -> None:
        invoices = self._session.invoices
        _refill(self.currency_combo, sorted({i.currency for i in invoices}), None)
        _refill(self.provider_combo, sorted({i.provider for i in invoices}), ALL_PROVIDERS)

    def _fill_directions(self) -> None:
        """The directions of the invoices in the currency and provider chosen, so that a
        provider who only bills us is not shown as owing us nothing."""
        currency, provider = self.currency_combo.currentData(), self.provider_combo.currentData()
        present = {
            invoice.direction
            for invoice in self._session.invoices
            if invoice.currency == currency and provider in (None, invoice.provider)
        }
        chosen = self.direction_combo.currentData()
        self.direction_combo.blockSignals(True)
        self.direction_combo.clear()
        for direction, label in DIRECTIONS.items():
            if direction in present:
                self.direction_combo.addItem(label, direction.value)  # Qt keeps a plain str
        self.direction_combo.setCurrentIndex(max(self.direction_combo.findData(chosen), 0))
        self.direction_combo.blockSignals(False)

    def _chosen(self, figures: OverviewFigures) -> ChartFigures:
        """The chart of the currency, provider and direction the pickers choose, of the
        invoices as fetched with the matches as reviewed so far (``OverviewFigures``):
        none until there is a currency and a direction to choose."""
        currency = self.currency_combo.currentData()
        direction = self.direction_combo.currentData()
        if currency is None or direction is None:
            return ChartFigures()
        provider = self.provider_combo.currentData()
        return figures.chart(currency, provider, Direction(direction))

    def refresh_chart(self) -> None:
        self._fill_directions()
        worked_out = self.figures()
        chosen = ChartFigures() if worked_out is None else self._chosen(worked_out)
        figures = list(chosen.months)
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        invoiced = QBarSet("Invoiced")
        invoiced.setColor(QColor("#90caf9"))
        matched = QBarSet("Matched")
        matched.setColor(QColor("#2e7d32"))
        currency = self.currency_combo.currentData()
        largest = max((max(m.invoiced, m.matched) for m in figures), default=Decimal(0))
        scale = chart_scale(largest, currency or "")
        for month in figures:
            invoiced.append(float(month.invoiced / scale.unit))  # bar heights, not money
            matched.append(float(month.matched / scale.unit))
        series = QBarSeries()
        series.append(invoiced)
        series.append(matched)
        self.chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([month.month.strftime("%b %Y") for month in figures])
        values = QValueAxis()
        values.setLabelFormat(scale.label_format)
        values.setTitleText(scale.title)
        self.chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        series.attachAxis(values)
        if largest:  # round ticks: 0, 15k, 30k..., not 0, 12862, 25724 (none on no bars)
            values.applyNiceNumbers()
        # what the chosen invoices' matches received in currencies they are not agreed
        # in: not in "matched" (no rate turns it into theirs), said beside it
        elsewhere = chosen.elsewhere_totals()
        text = UPDATING if worked_out is None else self._totals_text(figures, elsewhere)
        self.totals_label.setText(text)

    def _totals_text(self, figures: list[MonthFigures], elsewhere: TotalsByCurrency) -> str:
        currency = self.currency_combo.currentData()
        if currency is None:
            return "No invoices yet."
        invoiced = sum((m.invoiced for m in figures), Decimal(0))
        matched = sum((m.matched for m in figures), Decimal(0))
        text = (
            f"Invoiced {Money(invoiced, currency).format()} · "
            f"matched {Money(matched, currency).format()}"
        )
        if elsewhere:  # money received, just not in this currency: matched would hide it
            text += f" · also paid in another currency {format_totals(elsewhere)}"
        return text


def _reconciled(head: Headline) -> str:
    """'40 of 60 (67%)': of the invoices expecting a payment, its base said as the
    report's Summary says it ("40 of 60 invoices that expect a payment"); 'none' when no
    invoice does: a share of nothing is no 100 %."""
    coverage = head.coverage
    if coverage.nothing_expected:
        return NOTHING_TO_RECONCILE
    return f"{coverage.reconciled:,} of {coverage.expecting_payment:,} ({coverage.share:.0%})"


def _reconciled_note(head: Headline | None) -> str:
    """Under the share: why there is none, in the report's words, or how many of the
    invoices counted still have a discrepancy (matched is not settled: a payment of £3 on
    a £1,328 invoice is matched); "" otherwise."""
    if head is None:
        return ""
    coverage = head.coverage
    if coverage.nothing_expected:
        return coverage.note("fetched")
    if coverage.with_discrepancy:
        return f"{coverage.with_discrepancy:,} of them with a discrepancy"
    return ""


def _refill(combo: QComboBox, values: list[str], any_label: str | None) -> None:
    """Replace a combo's choices, keeping the current one when it is still offered."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    if any_label is not None:
        combo.addItem(any_label, None)
    for value in values:
        combo.addItem(value, value)
    combo.setCurrentIndex(max(combo.findData(chosen), 0))
    combo.blockSignals(False)
