"""UI test set-up: every test leaves no window, timer, thread, asyncio task or held key
behind.

A leaked QThread or a live timer firing into a deleted widget crashes a later test far
from its cause, so each test is checked on its own and the failure names what leaked.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QSettings,
    Qt,
    QThread,
    QThreadPool,
    QTimer,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.secrets import InMemoryKeyring


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[InMemoryKeyring]:
    """Tests never read or write the machine's real keyring."""
    previous = keyring.get_keyring()
    backend = InMemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path) -> Iterator[Path]:
    """Qt's own settings location points into the test's directory."""
    folder = tmp_path / "qsettings"
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


def _pointer(widget: object) -> int:
    return int(shiboken6.getCppPointer(widget)[0])


@pytest.fixture(autouse=True)
def no_leaks(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    before = {_pointer(w) for w in QApplication.topLevelWidgets()}
    timers: list[QTimer] = []
    threads: list[QThread] = []
    pools: list[QThreadPool] = []
    _record(monkeypatch, QTimer, "start", timers)
    _record(monkeypatch, QThread, "start", threads)
    _record(monkeypatch, QThreadPool, "start", pools)
    yield
    monkeypatch.undo()
    gc.collect()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
    problems = _leaked_widgets(before) + _live(timers, threads, pools)
    assert not problems, "left behind by the test: " + "; ".join(problems)


@pytest.fixture(autouse=True)
def no_key_held(qapp: QApplication) -> Iterator[None]:
    """No test inherits the modifier keys of the one before.

    A key event QTest makes sets the modifiers Qt believes held to its own, and the last
    one of ``keyClick(w, Key_Z, Ctrl|Shift)`` (Shift's release) carries Shift: Qt then
    believes Shift held until the next key event, in whatever test that comes. There
    ``selectRow`` extends the selection from its anchor as Shift+click does (with none,
    it selects nothing), so that test's A accepted nothing. No window is involved: the
    previous test's are all gone, the guard above checks it.
    """
    yield
    release_keys()


def release_keys() -> None:
    """Let Qt know no modifier is held, as a real keyboard's last release would."""
    if QGuiApplication.keyboardModifiers() == Qt.KeyboardModifier.NoModifier:
        return
    target = QWidget()  # the test's windows may be gone: a key event needs a receiver
    try:
        QTest.keyRelease(target, Qt.Key.Key_Shift, Qt.KeyboardModifier.NoModifier)
    finally:
        shiboken6.delete(target)
    held = QGuiApplication.keyboardModifiers()
    assert held == Qt.KeyboardModifier.NoModifier, f"Qt still believes {held} held"


def _record(monkeypatch: pytest.MonkeyPatch, cls: type, name: str, into: list) -> None:  # type: ignore[type-arg]
    original = getattr(cls, name)

    def recording(self: object, *args: object, **kwargs: object) -> object:
        into.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cls, name, recording)


def _leaked_widgets(before: set[int]) -> list[str]:
    return [
        f"window {type(w).__name__} {w.objectName()!r}"
        for w in QApplication.topLevelWidgets()
        if _pointer(w) not in before and shiboken6.isValid(w)
    ]


def _live(timers: list[QTimer], threads: list[QThread], pools: list[QThreadPool]) -> list[str]:
    problems = [
        f"active timer {t.objectName() or repr(t)}"
        for t in timers
        if shiboken6.isValid(t) and t.isActive()
    ]
    problems += [f"running thread {t!r}" for t in threads if shiboken6.isValid(t) and t.isRunning()]
    problems += [
        f"busy thread pool {p!r}" for p in pools if shiboken6.isValid(p) and p.activeThreadCount()
    ]
    return problems


@pytest.fixture
def event_loop_qt(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    """An asyncio loop driven by Qt's (qasync), as in the application; closed afterwards
    with every task finished, so no coroutine outlives its test."""
    from desktop_app.ui.async_loop import attach_loop, detach_loop

    loop = attach_loop(qapp)
    yield loop
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    detach_loop(loop)
    assert not pending, f"asyncio tasks left running: {pending}"


from tests.ui.conftest_window import (  # noqa: E402, F401
    demo,
    dialogs,
    fake_window,
    reopen,
    runner,
    services,
    state_path,
    window,
)
