"""Why a match was proposed: its explanation, the score of each signal, and the runner-up."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop_app.domain import Match
from desktop_app.ui import formatting as fmt
from desktop_app.ui.models.matches import FLAGGED_COLOUR, ReviewNote, SignalModel
from desktop_app.ui.review import describe
from desktop_app.ui.views.table_view import DomainTableView


class MatchDetail(QWidget):
    """The selected match; ``note`` (the session's) says why its decision needs review."""

    def __init__(self, note: ReviewNote | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._note = note
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.review = QLabel()
        self.review.setObjectName("needs review")
        self.review.setWordWrap(True)
        self.review.setStyleSheet(f"color: {FLAGGED_COLOUR};")
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.runner_up = QLabel()
        self.runner_up.setWordWrap(True)
        self.runner_up.setStyleSheet("color: #b26a00;")
        self.signals_model = SignalModel(self)
        self.signals_table = DomainTableView(self.signals_model, "signals table")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.review)
        layout.addWidget(self.explanation)
        layout.addWidget(self.runner_up)
        layout.addWidget(self.signals_table, 1)
        self.show_match(None)

    def show_match(self, match: Match | None) -> None:
        self.signals_model.show_match(match)
        note = None if match is None or self._note is None else self._note(match)
        self.review.setVisible(note is not None)
        self.review.setText(note or "")
        if match is None:
            self.title.setText("<b>Select a match to see why it was proposed.</b>")
            self.explanation.setText("")
            self.runner_up.setVisible(False)
            return
        self.title.setText(
            f"<b>{describe(match)}</b> · {fmt.state(match.state)} · score {fmt.match_score(match)}"
        )
        self.explanation.setText(match.explanation)
        self.runner_up.setVisible(match.runner_up is not None)
        self.runner_up.setText(f"Runner-up: {match.runner_up}" if match.runner_up else "")
