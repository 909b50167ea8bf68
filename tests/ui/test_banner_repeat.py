"""The same message said again replaces its banner instead of stacking a copy.

Ctrl+Z pressed on a step the workspace would not undo stacked one identical "Decision
not saved" banner per keypress, pushing the other banners out of the area."""

from __future__ import annotations

from desktop_app.ui.views.banner import BannerArea


def test_a_message_repeated_is_one_banner_shown_last(qtbot) -> None:
    area = BannerArea()
    qtbot.addWidget(area)
    area.show_error("Decision not saved", "it was withdrawn since")
    area.show_error("Fetch failed", "the provider did not answer")

    again = area.show_error("Decision not saved", "it was withdrawn since")

    assert [(b.title, b.message) for b in area.banners()] == [
        ("Fetch failed", "the provider did not answer"),
        ("Decision not saved", "it was withdrawn since"),
    ]
    assert area.banners()[-1] is again


def test_messages_that_differ_in_anything_each_keep_their_banner(qtbot) -> None:
    area = BannerArea()
    qtbot.addWidget(area)
    area.show_error("Import failed", "bank.csv: row 3 has no date")
    area.show_error("Import failed", "bank.csv: row 4 has no date")
    area.show_message("warning", "Import failed", "bank.csv: row 4 has no date")
    area.show_error("Import failed", "bank.csv: row 4 has no date", details="column B")
    assert len(area.banners()) == 4
