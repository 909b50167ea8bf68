"""The command line's progress reporter: a live bar on a terminal, plain lines otherwise."""

from __future__ import annotations

import io

from desktop_app.cli.progress import StderrProgress


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_lines_are_throttled_to_steps_and_tens_of_percent() -> None:
    stream = io.StringIO()
    progress = StderrProgress(stream)
    for done in range(101):
        progress(done, 100, "fetching: Elevate")
    progress(1, 2, "writing report")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 12  # 0%, 10%, ..., 100% and the new step
    assert lines[0] == "desktop-app: fetching: Elevate (0/100)"
    assert lines[-1] == "desktop-app: writing report (1/2)"


def test_terminal_gets_one_redrawn_line_and_a_final_newline() -> None:
    stream = FakeTerminal()
    progress = StderrProgress(stream)
    progress(5, 10, "matching")
    progress(0, None, "writing")
    progress.finish()
    text = stream.getvalue()
    assert text.count("\r") == 2
    assert "[############............]  50% matching" in text
    assert text.endswith("\n")
