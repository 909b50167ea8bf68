"""The selected match: why it was proposed (its explanation and runner-up), its invoices
beside its statement lines beneath (``MatchCard``), and the score of each signal."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import Match
from desktop_app.ui import formatting as fmt
from desktop_app.ui.models.matches import FLAGGED_COLOUR, ReviewNote, SignalModel
from desktop_app.ui.review import describe
from desktop_app.ui.views.fitted_area import FittedScrollArea
from desktop_app.ui.views.match_card import MatchCard
from desktop_app.ui.views.table_view import DomainTableView

SIGNALS_MIN_ROWS = 2  # the signals' table never shrinks to its header alone
# The explanation and runner-up are shown whole up to this many lines, and scroll beyond
# (a batch of many invoices quotes each one's number): the card below keeps some room.
EXPLANATION_MAX_LINES = 4


class MatchDetail(QWidget):
    """The selected match; ``note`` (the session's) says why its decision needs review."""

    def __init__(self, note: ReviewNote | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._note = note
        # Which labels hold markup is said, never guessed: Qt takes a text that looks like
        # markup for rich text, and the engine's words quote the provider's and the
        # bank's ("<b>ACME</b>" in a payee's name would be shown bold, its tags gone).
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)  # ours, its names escaped
        self.title.setWordWrap(True)
        self.review = QLabel()
        self.review.setObjectName("needs review")
        self.review.setTextFormat(Qt.TextFormat.PlainText)
        self.review.setWordWrap(True)
        self.review.setStyleSheet(f"color: {FLAGGED_COLOUR};")
        self.card = MatchCard()
        self.explanation = QLabel()
        self.explanation.setObjectName("match explanation")
        self.explanation.setTextFormat(Qt.TextFormat.PlainText)
        self.explanation.setWordWrap(True)
        self.runner_up = QLabel()
        self.runner_up.setObjectName("match runner-up")
        self.runner_up.setTextFormat(Qt.TextFormat.PlainText)
        self.runner_up.setWordWrap(True)
        self.runner_up.setStyleSheet("color: #b26a00;")
        self.signals_model = SignalModel(self)
        self.signals_table = DomainTableView(self.signals_model, "signals table")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.review)
        layout.addWidget(self._explained())
        layout.addWidget(self._scrolled())
        rows = self.signals_table.verticalHeader().defaultSectionSize()
        header = self.signals_table.horizontalHeader().sizeHint().height()
        self.signals_table.setMinimumHeight(header + SIGNALS_MIN_ROWS * rows + 4)
        # What the card leaves: its own size hint (a screenful of rows) is not asked for.
        self.signals_table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        layout.addWidget(self.signals_table, 1)
        self.show_match(None)

    def _explained(self) -> QScrollArea:
        """Why the match was proposed, first: above the card, whole and never squeezed
        (up to ``EXPLANATION_MAX_LINES``). Beneath the card it scrolled with it, and the
        explanation of a payment in parts or a batch was out of sight at 1366x768, below
        each part's fields."""
        body = QWidget()
        body.setObjectName("match explanation body")
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.explanation)
        column.addWidget(self.runner_up)
        lines = EXPLANATION_MAX_LINES * self.explanation.fontMetrics().lineSpacing()
        # The gap between the explanation and the runner-up counts too: without it, three
        # lines of explanation and a runner-up's line scrolled by the gap's height.
        tallest = lines + column.spacing() + 4
        self.explanation_area = FittedScrollArea(max_height=tallest, keep_whole=True)
        self.explanation_area.setObjectName("match explanation scroll")
        # Tab stops here to scroll a long explanation: named, not "scroll area".
        self.explanation_area.setAccessibleName("Why the match was proposed")
        self.explanation_area.setWidgetResizable(True)
        self.explanation_area.setFrameShape(QFrame.Shape.NoFrame)
        self.explanation_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.explanation_area.setWidget(body)
        return self.explanation_area

    def _scrolled(self) -> QScrollArea:
        """The card, scrolling where a batch's invoices or a payment in parts' lines are
        more than the pane is tall (or a long reference wider than its side)."""
        body = QWidget()
        body.setObjectName("match card body")
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.card)
        column.addStretch(1)
        # As tall as the card (up to the room there is): the signals' table below takes
        # the rest. A taller card (a batch's invoices, a payment in parts' lines) scrolls;
        # the explanation above already says each signal's evidence, and the table keeps
        # a few rows.
        self.card_area = FittedScrollArea()
        self.card_area.setObjectName("match card scroll")
        self.card_area.setAccessibleName("The match's invoices and statement lines")
        self.card_area.setWidgetResizable(True)
        self.card_area.setFrameShape(QFrame.Shape.NoFrame)
        self.card_area.setWidget(body)
        return self.card_area

    def show_match(self, match: Match | None) -> None:
        self._show(match)
        self.card_area.updateGeometry()  # as tall as this match's card

    def _show(self, match: Match | None) -> None:
        self.signals_model.show_match(match)
        self.card.show_match(match)
        note = None if match is None or self._note is None else self._note(match)
        self.review.setVisible(note is not None)
        self.review.setText(note or "")
        if match is None:
            self.title.setText("<b>Select a match to see why it was proposed.</b>")
            self.explanation.setText("")
            self.runner_up.setVisible(False)
            return
        said = f"{fmt.state(match.state)} · score {fmt.match_score(match)}"
        self.title.setText(f"<b>{escape(describe(match))}</b> · {escape(said)}")
        self.explanation.setText(match.explanation)
        self.runner_up.setVisible(match.runner_up is not None)
        self.runner_up.setText(f"Runner-up: {match.runner_up}" if match.runner_up else "")
