"""Long tasks in the status bar: what is running, how far along, what it is still waiting
for, and a Cancel button.

The waiting notice ("still waiting for Versori: … (attempt 2 of 5) …") is what the command
line prints on stderr: without it a provider that never answers kept the bar spinning for
minutes of timeouts and retries, which looked like a hang."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from desktop_app.ui.tasks import TaskHandle, TaskRunner


class TaskStatus(QWidget):
    """Shows the most recently started task still running; Cancel stops that one."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.label = QLabel()
        self.notice = QLabel()
        self.notice.setObjectName("task notice")
        self.notice.setVisible(False)
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(180)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancel task")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.notice)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.cancel_button.clicked.connect(self._cancel_shown)
        runner.started.connect(self._update)
        runner.progressed.connect(self._update)
        runner.finished.connect(self._update)
        self.setVisible(False)

    def shown_task(self) -> TaskHandle | None:
        active = self._runner.active()
        return active[-1] if active else None

    def _update(self, *_: object) -> None:
        task = self.shown_task()
        self.setVisible(task is not None)
        notice = "" if task is None else task.notice
        self.notice.setText(notice)
        self.notice.setToolTip(notice)
        self.notice.setVisible(bool(notice))
        if task is None:
            return
        others = len(self._runner.active()) - 1
        suffix = f" (+{others} more)" if others > 0 else ""
        message = f": {task.message}" if task.message else ""
        self.label.setText(f"{task.name}{message}{suffix}")
        self.cancel_button.setEnabled(task.cancellable)
        if task.total:
            self.bar.setRange(0, task.total)
            self.bar.setValue(min(task.done, task.total))
        else:
            self.bar.setRange(0, 0)  # busy indicator: the total is not known

    def _cancel_shown(self) -> None:
        task = self.shown_task()
        if task is not None:
            self._runner.cancel(task)
