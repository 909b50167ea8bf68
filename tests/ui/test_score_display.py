"""Scores are shown in whole percent rounded down: one below a threshold never reads as it.

Rounded to the nearest, a suggestion scoring 0.497 was shown as "50%" beside a 50 %
threshold for matching without asking, as if it met it. The report's Score column shows
the same (``tests/export/test_score_shown.py``).
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from desktop_app.domain import MatchState, Signal
from desktop_app.matching import MatchSettings
from desktop_app.ui import formatting as fmt
from desktop_app.ui.models.columns import column_index
from desktop_app.ui.models.matches import MatchTableModel, SignalModel
from desktop_app.ui.views.match_detail import MatchDetail
from tests.ui import factories as f


@pytest.mark.parametrize(
    ("score", "shown"),
    [
        (0.497, "49%"),
        (0.4999999, "49%"),
        (0.5, "50%"),
        # 0.5 as a weighted sum comes out of floating point so: the engine finds it below a
        # 0.5 threshold and keeps it as 0.4999 (``stored_score``), shown as it is kept
        (0.49999999999999994, "49%"),
        (0.39999999999999997, "39%"),
        (0.29, "29%"),  # 0.29 * 100 is 28.999... in binary: still 29
        (0.57, "57%"),
        (0.999, "99%"),  # not a full score
        (1.0, "100%"),
        (0.004, "0%"),
        (0.0, "0%"),
    ],
)
def test_a_score_is_whole_percent_rounded_down(score: float, shown: str) -> None:
    assert fmt.score(score) == shown


def test_a_score_below_a_threshold_never_reads_as_the_threshold() -> None:
    settings = MatchSettings()
    for threshold in (settings.auto_accept_threshold, settings.suggest_threshold):
        below = threshold - 0.003
        assert fmt.score(below) != fmt.score(threshold)
        assert fmt.score(threshold) == f"{round(threshold * 100)}%"


def _suggestion(score: float):  # type: ignore[no-untyped-def]
    return f.match(f.invoice(1), f.line(2), state=MatchState.SUGGESTED, score=score)


def test_the_matches_table_and_the_signals_show_scores_rounded_down(qtmodeltester) -> None:
    matches = MatchTableModel()
    qtmodeltester.check(matches)
    matches.set_items([_suggestion(0.497), replace(_suggestion(0.5), lines=(f.line(3),))])
    column = column_index(matches.columns, "score")
    assert [matches.index(row, column).data() for row in range(2)] == ["49%", "50%"]
    matches.sort(column, Qt.SortOrder.AscendingOrder)  # on the number, not the text
    assert [m.score for m in matches.visible_items()] == [0.497, 0.5]
    signals = SignalModel()
    qtmodeltester.check(signals)
    almost = Signal("amount", 0.995, 0.35, "£0.50 less than invoiced")
    signals.show_match(replace(_suggestion(0.497), signals=(almost,)))
    assert signals.index(0, column_index(signals.columns, "score")).data() == "99%"


def test_the_match_detail_says_the_score_rounded_down(qtbot, qtmodeltester) -> None:
    detail = MatchDetail()
    qtbot.addWidget(detail)
    qtmodeltester.check(detail.signals_model)
    detail.show_match(_suggestion(0.497))
    document = QTextDocument()
    document.setHtml(detail.title.text())
    assert document.toPlainText().endswith("Suggested · score 49%")
