"""Latest request wins, the one rule the task runner's keys, the wizard's reading request
and the wizard's own record of what it asked all follow (``desktop_app.ui.latest``)."""

from __future__ import annotations

from desktop_app.ui.latest import Latest


class _Asked:
    """A request as the window makes them: one object per asking, even for equal asks."""

    def __init__(self, what: str) -> None:
        self.what = what

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Asked) and other.what == self.what

    def __hash__(self) -> int:
        return hash(self.what)


def test_asking_again_drops_the_request_before_and_only_the_latest_answer_counts() -> None:
    dropped: list[str] = []
    latest: Latest[_Asked] = Latest(lambda request: dropped.append(request.what))
    first = latest.start(lambda: _Asked("GBP"))
    second = latest.start(lambda: _Asked("EUR"))
    assert dropped == ["GBP"]
    assert latest.current is second
    assert not latest.finish(first)  # its answer came anyway: stale
    assert latest.current is second  # and the latest is still awaited
    assert latest.finish(second)
    assert latest.current is None
    assert dropped == ["GBP"]  # a request finished is not dropped


def test_the_request_before_is_dropped_before_the_next_is_made() -> None:
    """A reading replaced frees its worker before the next one is started on it."""
    events: list[str] = []
    latest: Latest[str] = Latest(lambda request: events.append(f"drop {request}"))
    latest.start(lambda: events.append("make first") or "first")
    latest.start(lambda: events.append("make second") or "second")
    assert events == ["make first", "drop first", "make second"]


def test_cancel_drops_the_request_and_its_answer_is_stale() -> None:
    dropped: list[str] = []
    latest: Latest[str] = Latest(dropped.append)
    asked = latest.start(lambda: "GBP")
    latest.cancel()
    latest.cancel()  # nothing left to drop
    assert dropped == ["GBP"]
    assert not latest.is_current(asked)
    assert not latest.finish(asked)


def test_an_equal_request_asked_anew_is_another_request() -> None:
    """A correction undone and made again asks anew: the first asking's answer is not it."""
    latest: Latest[_Asked] = Latest()
    first = latest.start(lambda: _Asked("GBP"))
    again = latest.start(lambda: _Asked("GBP"))
    assert first == again
    assert not latest.is_current(first)
    assert latest.is_current(again)


def test_without_drop_it_only_keeps_the_account() -> None:
    latest: Latest[str] = Latest()
    assert latest.current is None
    asked = latest.start(lambda: "summary")
    assert latest.is_current(asked)
    latest.cancel()
    assert latest.current is None
