"""Wait for a layout to settle, however loaded the machine.

A fixed wait after a change of size or content ("qtbot.wait(50)  # the layout settles")
measured whatever the layout had reached by then: on a machine busy with other work the
posted layout requests could still be waiting, and tests failed on a moment of the
layout rather than its answer. ``laid_out`` delivers them until a pass moves nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QWidget


def laid_out(top: QWidget, passes: int = 20) -> None:
    """Deliver the layout requests pending under ``top`` and the events they cause until
    a pass leaves ``top`` and every widget in it where it was."""
    widgets = [top, *top.findChildren(QWidget)]
    for _ in range(passes):
        before = [widget.geometry() for widget in widgets]
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        layout = top.layout()
        if layout is not None:
            layout.activate()
        QApplication.processEvents()
        if [widget.geometry() for widget in widgets] == before:
            return
    raise AssertionError(f"the layout of {top.objectName() or type(top).__name__} did not settle")
