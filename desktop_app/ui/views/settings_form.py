"""A form for the matching settings, built from the fields the engine declares.

The editor follows the value's type: whole numbers (days, counts) get a spin box,
scores a decimal spin box, money tolerances a text box that keeps the exact ``Decimal``.
Each editor is as wide as a number needs, with what the setting does written beside it:
the accountant tuning a tolerance should not have to hover over ten boxes to learn
which is which.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from desktop_app.ui.services import SettingField

Value = int | Decimal | float
Editor = QSpinBox | QDoubleSpinBox | QLineEdit

EDITOR_WIDTH = 120  # room for "1000000.00" or "0.050", not the screen's width


class SettingsForm(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QFormLayout(self)
        self._fields: list[SettingField] = []
        self._editors: dict[str, Editor] = {}

    def set_fields(self, fields: list[SettingField]) -> None:
        while self._layout.rowCount():
            self._layout.removeRow(0)
        self._fields, self._editors = list(fields), {}
        for field in fields:
            editor = self._editor(field)
            editor.setObjectName(f"setting {field.key}")
            editor.setToolTip(field.help)
            editor.setFixedWidth(EDITOR_WIDTH)
            self._editors[field.key] = editor
            # The label is the box's buddy, beside it in the form, so a screen reader
            # names the box by it (the help is only its tooltip's description); given
            # as text, the label was its row's, a widget that takes no focus.
            label = QLabel(field.label)
            label.setBuddy(editor)
            self._layout.addRow(label, _with_help(editor, field.help))

    def _editor(self, field: SettingField) -> Editor:
        if isinstance(field.value, int):
            spin = QSpinBox()
            spin.setRange(int(field.minimum), int(field.maximum))
            spin.setValue(field.value)
            spin.valueChanged.connect(lambda _: self.edited.emit())
            return spin
        if isinstance(field.value, float):
            double = QDoubleSpinBox()
            scale = field.maximum <= 1  # a score (0-1) moves in hundredths, a percentage in ones
            double.setDecimals(3 if scale else 1)
            double.setSingleStep(0.05 if scale else 1.0)
            double.setRange(float(field.minimum), float(field.maximum))
            double.setValue(field.value)
            double.valueChanged.connect(lambda _: self.edited.emit())
            return double
        text = QLineEdit(format(field.value, "f"))
        text.textChanged.connect(lambda _: self.edited.emit())
        return text

    def editors(self) -> list[Editor]:
        """The fields' boxes, in the form's order (top to bottom)."""
        return list(self._editors.values())

    def problem(self) -> str | None:
        """The first value that cannot be saved, named; None when all are valid."""
        for field in self._fields:
            editor = self._editors[field.key]
            if isinstance(editor, QLineEdit):
                try:
                    value = Decimal(editor.text().strip())
                except InvalidOperation:
                    value = Decimal("NaN")
                if value.is_nan():  # "NaN" parses, yet compares with nothing: refused alike
                    return f"{field.label}: “{editor.text()}” is not a number"
                if not Decimal(field.minimum) <= value <= Decimal(field.maximum):
                    return f"{field.label}: must be between {field.minimum} and {field.maximum}"
        return None

    def values(self) -> dict[str, Value]:
        values: dict[str, Value] = {}
        for key, editor in self._editors.items():
            if isinstance(editor, QLineEdit):
                values[key] = Decimal(editor.text().strip())
            else:
                values[key] = editor.value()
        return values


def _with_help(editor: Editor, help_text: str) -> QHBoxLayout:
    """The editor with what it does beside it, in the muted colour of a hint: a layout,
    not a widget, so the editor is the form's own child, beside its label (a screen
    reader finds a buddy label among the widget's siblings only)."""
    layout = QHBoxLayout()
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(editor)
    hint = QLabel(help_text)
    hint.setObjectName(f"help {editor.objectName().removeprefix('setting ')}")
    hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted, in every theme
    hint.setWordWrap(True)
    layout.addWidget(hint, 1)
    return layout
