"""The import wizard: the file as it is, what each column was taken to be and why.

The accountant sees the first rows with each column tinted by its inferred role, reads the
evidence for every guess, corrects a role or the header row where the guess is wrong, and
may save the result as a profile so files like this one import the same way next time.
A file in which detection found no transactions opens on its own rows, with why at the
top and no role guessed but the header row and date column it found above the dated rows
(a file without an amount column): the accountant maps the rest by hand (choosing the
sheet of a workbook).
An import the file refuses as mapped reopens the wizard with every choice kept and why at
the top (``StatementPreview.kept`` and ``refused``), to correct and retry. A workbook whose
transactions detection found on one sheet offers its other visible sheets too, the one
detection read marked and why: choosing another closes the wizard with that sheet
(``SheetChoice``), and the window reopens it on the sheet's own layout, inferred there.
A text offers its encoding the same way: choosing another closes the wizard with it and
the choices made so far (``EncodingChoice``), and the window reopens it on the text read
in it, its layout found again there (a header's words may read only so).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.currencies import MINOR_UNITS
from desktop_app.statements.dates import WRITTEN_ORDERS
from desktop_app.statements.encoding import ENCODINGS, encoding_name
from desktop_app.statements.layout import FLIP_EVERY_SIGN
from desktop_app.ui.dialogs.seam import PreviewRequests
from desktop_app.ui.latest import Latest
from desktop_app.ui.models.preview import ColumnRoleModel, PreviewModel, role_label
from desktop_app.ui.services import (
    MARK_NAMES,
    ColumnMapping,
    EncodingChoice,
    ImportSummary,
    SheetChoice,
    StatementPreview,
)
from desktop_app.ui.views.table_view import DomainTableView

Index = QModelIndex | QPersistentModelIndex
COMMON_CURRENCIES = ("GBP", "EUR", "USD", "CHF", "SEK", "NOK", "DKK", "PLN", "CAD", "AUD", "JPY")
# The mapping's codes, in the words an accountant reads a date or an amount by; the
# date orders' words are the statements engine's, which its warnings name them by too.
DATE_ORDERS = {order.name: words for order, words in WRITTEN_ORDERS.items()}
DECIMAL_MARKS = {".": "point: 1,234.56", ",": "comma: 1.234,56"}
# How long the wizard waits after a correction before reading the file again with it: a
# few clicks in a row (a header row stepped up twice) are read once, with the last.
SUMMARY_DELAY_MS = 300
# The wizard's result when the accountant chose another sheet of a workbook read by
# detection: neither Import nor Cancel, but the file to be shown again on that sheet.
SHEET_CHOSEN = 2
# Its result when the accountant chose another encoding for a text: the text to be shown
# again read in it (``EncodingChoice``).
ENCODING_CHOSEN = 3


class RoleDelegate(QStyledItemDelegate):
    """A combo box of the roles a column may take."""

    def __init__(self, roles: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._roles = roles

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QComboBox(parent)
        for role in self._roles:
            editor.addItem(role_label(role), role)  # shown by name, kept by id
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(editor.findData(index.data(Qt.ItemDataRole.EditRole)))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class ImportWizard(QDialog):
    def __init__(
        self,
        preview: StatementPreview,
        parent: QWidget | None = None,
        again: PreviewRequests | None = None,
    ) -> None:
        super().__init__(parent)
        self._again = again
        self.setObjectName("import wizard")
        self.setWindowTitle(f"Import {preview.path.name}")
        self.resize(1000, 640)
        self._preview = preview
        self.preview_model = PreviewModel(preview, self)
        self.preview_table = QTableView()
        self.preview_table.setObjectName("preview table")
        self.preview_table.setModel(self.preview_model)
        self.preview_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.columns_model = ColumnRoleModel(preview, self)
        self.columns_table = DomainTableView(self.columns_model, "column roles table")
        self.columns_table.setSortingEnabled(False)
        self.columns_table.setItemDelegateForColumn(
            ColumnRoleModel.ROLE_COLUMN, RoleDelegate(self.columns_model.available_roles, self)
        )
        self.columns_table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.header_spin = QSpinBox()
        self.header_spin.setRange(0, max(preview.row_numbers, default=1))
        self.header_spin.setSpecialValueText("none")
        self.header_spin.setValue(preview.header_row or 0)
        self.currency_combo = QComboBox()
        self.currency_combo.setObjectName("statement currency")
        self.currency_combo.addItem(preview.currency_as_read, None)
        for code in COMMON_CURRENCIES + tuple(
            c for c in sorted(MINOR_UNITS) if c not in COMMON_CURRENCIES
        ):
            self.currency_combo.addItem(code, code)
        self.date_order_combo = _choice_combo("date order", _detected_order(preview), DATE_ORDERS)
        self.date_order_combo.setToolTip(_order_tooltip(preview))
        self.decimal_combo = _choice_combo("decimal mark", _detected_mark(preview), DECIMAL_MARKS)
        self.decimal_combo.setToolTip(
            "Whether 1,234 is one thousand two hundred and thirty-four (decimal point) "
            "or one point two three four (decimal comma)."
        )
        self.invert_check = QCheckBox(FLIP_EVERY_SIGN)
        self.invert_check.setObjectName("invert signs")
        self.invert_check.setToolTip(
            "Tick when the file shows payments out as positive amounts and money in as "
            "negative: every amount is imported with its sign reversed. A running balance "
            "keeps its sign where it then runs with the amounts (a bank account's), and is "
            "reversed with them where that keeps it so (a card's balance owed)."
        )
        self.invert_check.setChecked(preview.invert_sign)
        self.account_edit = QLineEdit()
        self.account_edit.setObjectName("statement account")
        self.account_edit.setPlaceholderText(
            f"as read: {preview.account}" if preview.account else "not named in the file"
        )
        self.account_edit.setToolTip(
            "The bank account this statement is of, such as its IBAN or number. Equal "
            "payments on two accounts are two payments; a file that names no account is "
            "checked for repeats against every account's lines. Not saved in a profile: "
            "two accounts' exports look alike."
        )
        self.save_check = QCheckBox("Save as a profile for files like this:")
        self.profile_edit = QLineEdit(preview.path.stem)
        self.profile_edit.setEnabled(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("Import")
        self.problem_label = QLabel()
        self.problem_label.setObjectName("import problem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #b71c1c;")
        self.problem_label.hide()
        self.warning_label = QLabel()
        self.warning_label.setObjectName("import warning")
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("color: #8a5300;")
        self.warning_label.hide()
        self.not_detected_label = QLabel(preview.not_detected or "")
        self.not_detected_label.setObjectName("not detected")
        self.not_detected_label.setTextFormat(Qt.TextFormat.PlainText)  # quotes the file
        self.not_detected_label.setWordWrap(True)
        self.not_detected_label.setStyleSheet("color: #8a5300; font-weight: bold;")
        self.not_detected_label.setVisible(preview.not_detected is not None)
        self.refused_label = QLabel(
            f"Not imported: {preview.refused}. Correct your choices below and import again, "
            "or Cancel."
        )
        self.refused_label.setObjectName("import refused")
        self.refused_label.setTextFormat(Qt.TextFormat.PlainText)  # quotes the file
        self.refused_label.setWordWrap(True)
        self.refused_label.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.refused_label.setVisible(preview.refused is not None)
        # A saved profile that no longer fits the header was not applied: said where the
        # accountant looks before Import, not only in a banner after it.
        self.drift_label = QLabel(preview.drift or "")
        self.drift_label.setObjectName("profile drift")
        self.drift_label.setTextFormat(Qt.TextFormat.PlainText)  # quotes the header
        self.drift_label.setWordWrap(True)
        self.drift_label.setStyleSheet("color: #8a5300; font-weight: bold;")
        self.drift_label.setVisible(preview.drift is not None)
        self.profile_roles_button = QPushButton(f"Use the roles of '{preview.drift_profile}'")
        self.profile_roles_button.setObjectName("use profile roles")
        self.profile_roles_button.setToolTip(
            "Give the columns the roles the saved profile gave the columns in their place, "
            "and save it again for this header"
        )
        self.profile_roles_button.setVisible(bool(preview.drift_roles) and preview.editable)
        self.profile_roles_button.clicked.connect(self._use_profile_roles)
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("sheet")
        self.sheet_note = QLabel(_sheet_note(preview))
        self.sheet_note.setObjectName("sheet evidence")
        self.sheet_note.setTextFormat(Qt.TextFormat.PlainText)  # quotes the sheets' names
        self.sheet_note.setWordWrap(True)
        self.sheet_note.setVisible(len(preview.sheet_choices) > 1)
        self.chosen_sheet: str | None = None  # another sheet chosen: ``SHEET_CHOSEN``
        _fill_sheets(self.sheet_combo, preview)
        self.encoding_combo = _encoding_combo(preview)
        # Another encoding chosen, with the choices made so far: ``ENCODING_CHOSEN``.
        self.chosen_encoding: EncodingChoice | None = None
        self.summary_label = QLabel()
        self.summary_label.setObjectName("import summary")
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)  # quotes the importer
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The summary's file reading, as asked for: dropping it cancels the reading.
        self._asked: Latest[ColumnMapping] = Latest(lambda _: self._cancel_reading())
        self._summary_timer = QTimer(self)
        self._summary_timer.setSingleShot(True)
        self._summary_timer.setInterval(SUMMARY_DELAY_MS)
        self._summary_timer.timeout.connect(self._ask_summary)
        self._layout()
        self._edited = False
        self.sheet_combo.currentIndexChanged.connect(lambda _: self._sheet_changed())
        self.encoding_combo.currentIndexChanged.connect(lambda _: self._encoding_changed())
        self.save_check.toggled.connect(self.profile_edit.setEnabled)
        self.columns_model.roles_changed.connect(self._on_edit)
        self.decimal_combo.currentIndexChanged.connect(lambda _: self._show_problem())
        self.header_spin.valueChanged.connect(lambda _: self._on_edit())
        for combo in (self.currency_combo, self.date_order_combo, self.decimal_combo):
            combo.currentIndexChanged.connect(lambda _: self._reading_changed())
        self.invert_check.toggled.connect(lambda _: self._reading_changed())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.header_spin.setEnabled(preview.editable)
        self.currency_combo.setEnabled(preview.editable)
        self.date_order_combo.setEnabled(preview.editable and preview.date_order_choosable)
        self.decimal_combo.setEnabled(preview.editable)
        self.invert_check.setEnabled(preview.editable)
        self.account_edit.setEnabled(preview.editable)
        self._offer_saving()
        # The reading the preview's summary is of: the file as shown, nothing changed.
        self._shown_reading = self._as_read()
        self._show_summary(preview.summary)
        if preview.kept is not None:
            self._restore(preview.kept)

    def _use_profile_roles(self) -> None:
        """The drifted profile's roles on the columns in their place (a column it gives a
        role elsewhere loses its own) and its currency, and the profile offered to be
        saved again under its name, for this header: next month's file is then read so
        without a word."""
        offered = dict(self._preview.drift_roles)
        taken = set(offered.values())
        for column, role in self.columns_model.roles().items():
            if column in offered:
                self.columns_model.set_role(column, offered[column])
            elif role in taken:
                self.columns_model.set_role(column, None)
        currency = self._preview.drift_currency
        if currency is not None and self.currency_combo.findData(currency) >= 0:
            self.currency_combo.setCurrentIndex(self.currency_combo.findData(currency))
        if self.save_check.isEnabled() and self._preview.drift_profile:
            self.save_check.setChecked(True)
            self.profile_edit.setText(self._preview.drift_profile)

    def _offer_saving(self) -> None:
        """Offer to save a profile where one can be found again. A file mapped by hand is
        found by the names in its header row, so it needs one set: without it, there is
        nothing to know next month's file by."""
        preview = self._preview
        without_header = preview.not_detected is not None and self.header_row() is None
        self.save_check.setEnabled(
            preview.editable and preview.profiles_saved and not without_header
        )
        if not preview.profiles_saved:
            tip = "Profiles are kept in the workspace: open or create one to save a profile."
        elif without_header:
            tip = (
                "A profile is found for next month's file by the names in its header row: "
                "set the header row to save one, or map this file here each time."
            )
        else:
            tip = ""
        self.save_check.setToolTip(tip)

    def _restore(self, kept: ColumnMapping) -> None:
        """The choices of an import the file refused, as the accountant left them (sheet,
        header row, the roles they set, currency, date order, decimal mark, signs,
        account, encoding, profile), so they correct what was wrong instead of mapping it
        all again: ``value()`` gives ``kept`` back until they change something. So too
        the choices made before another encoding was chosen (``EncodingChoice``)."""
        # A file mapped by hand shows the sheet kept; one read by detection is shown on
        # the sheet its preview was read on, which choosing another here would leave.
        if kept.sheet != self._preview.sheet and self._preview.sheets:
            self.sheet_combo.setCurrentIndex(max(self.sheet_combo.findData(kept.sheet), 0))
        self.header_spin.setValue(kept.header_row or 0)
        columns = self.columns_model.roles()
        for column in sorted(kept.chosen & columns.keys()):
            self.columns_model.set_role(column, kept.roles.get(column))
        self._edited = self._edited or bool(kept.roles)
        for combo, code in (
            (self.currency_combo, kept.currency),
            (self.date_order_combo, kept.date_order),
            (self.decimal_combo, kept.decimal_mark),
            (self.encoding_combo, kept.encoding),
        ):
            combo.setCurrentIndex(0 if code is None else max(combo.findData(code), 0))
        if kept.invert_sign is not None:
            self.invert_check.setChecked(kept.invert_sign)
        self.account_edit.setText(kept.account or "")
        if kept.profile_name is not None and self.save_check.isEnabled():
            self.save_check.setChecked(True)
            self.profile_edit.setText(kept.profile_name)

    def _layout(self) -> None:
        notes = "<br>".join(self._preview.notes) or "No file-wide notes."
        intro = QLabel(_intro(self._preview))
        intro.setWordWrap(True)
        header_row = QHBoxLayout()
        sheet_label = QLabel("Sheet")
        header_row.addWidget(sheet_label)
        header_row.addWidget(self.sheet_combo)
        several = len(self._preview.sheets) > 1 or len(self._preview.sheet_choices) > 1
        for widget in (sheet_label, self.sheet_combo):  # a choice only among several
            widget.setVisible(several)
        header_row.addWidget(QLabel("Header row"))
        header_row.addWidget(self.header_spin)
        header_row.addWidget(QLabel("Currency"))
        header_row.addWidget(self.currency_combo)
        encoding_label = QLabel("Encoding")
        encoding_label.setEnabled(self.encoding_combo.isEnabled())
        header_row.addWidget(encoding_label)
        header_row.addWidget(self.encoding_combo)
        header_row.addStretch(1)
        header_row.addWidget(self.save_check)
        header_row.addWidget(self.profile_edit)
        conventions_row = QHBoxLayout()  # below the header row: one row would not fit
        conventions_row.addWidget(QLabel("Date order"))
        conventions_row.addWidget(self.date_order_combo)
        conventions_row.addWidget(QLabel("Decimal mark"))
        conventions_row.addWidget(self.decimal_combo)
        conventions_row.addWidget(self.invert_check)
        conventions_row.addWidget(QLabel("Account"))
        conventions_row.addWidget(self.account_edit)
        conventions_row.addStretch(1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.preview_table)
        split.addWidget(self.columns_table)
        layout = QVBoxLayout(self)
        layout.addWidget(self.refused_label)
        layout.addWidget(self.not_detected_label)
        drift_row = QHBoxLayout()
        drift_row.addWidget(self.drift_label, 1)
        drift_row.addWidget(self.profile_roles_button)
        layout.addLayout(drift_row)
        layout.addWidget(intro)
        layout.addWidget(QLabel(f"<i>{notes}</i>"))
        layout.addLayout(header_row)
        layout.addWidget(self.sheet_note)
        layout.addLayout(conventions_row)
        layout.addWidget(split, 1)
        summary_box = QGroupBox("What Import will bring in")
        QVBoxLayout(summary_box).addWidget(self.summary_label)
        layout.addWidget(summary_box)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.warning_label)
        layout.addWidget(self.buttons)

    def _sheet_changed(self) -> None:
        """A file mapped by hand shows the sheet chosen here (``_show_sheet``). One read by
        detection is read again on it, its layout inferred there (another sheet's columns
        are not this one's): the wizard closes with the sheet (``SheetChoice``), and the
        window reopens it on that sheet's preview, read off the GUI thread."""
        name = self.sheet_combo.currentData()
        if not self._preview.sheet_choices or self._preview.sheets:
            self._show_sheet()
            return
        if name == (self._preview.sheet or self._preview.detected_sheet):
            return
        self.chosen_sheet = name
        self.done(SHEET_CHOSEN)

    def _show_sheet(self) -> None:
        """Another sheet of a file mapped by hand: its rows, and no role or header row set
        (those set on the sheet left meant its columns, not these) but those detection
        found on it (``StatementPreview.on_sheet``)."""
        self._preview = self._preview.on_sheet(self.sheet_combo.currentData())
        self.header_spin.blockSignals(True)
        self.header_spin.setRange(0, max(self._preview.row_numbers, default=1))
        self.header_spin.setValue(self._preview.header_row or 0)
        self.header_spin.blockSignals(False)
        self.preview_model.set_preview(self._preview)
        self.columns_model.set_preview(self._preview)
        self._edited = False
        self._offer_saving()
        self._show_problem()
        self._reading_changed()

    def _encoding_changed(self) -> None:
        """Another encoding chosen for the text: its letters, and perhaps its header's
        words and so its columns' roles, read otherwise. The wizard closes with it and the
        choices made so far (``EncodingChoice``), and the window reopens it on the text
        read in it, read off the GUI thread. So even for the encoding it was read in as
        detected (Windows-1252 named for a text detected so): read in the encoding chosen,
        the text is read with no saved profile, and the wizard shows what Import reads."""
        chosen = self.encoding_combo.currentData()
        if chosen == self._preview.encoding_chosen:
            return
        self.chosen_encoding = EncodingChoice(chosen, self.value(), self._edited)
        self.done(ENCODING_CHOSEN)

    def _on_edit(self) -> None:
        self._edited = True
        self._offer_saving()
        self.preview_model.set_layout(self.header_row(), self.columns_model.roles())
        self._show_problem()
        self._reading_changed()

    def _as_read(self) -> ColumnMapping:
        """What Import would read the file with as now set: ``value()`` but for what only
        names or files the statement (the profile's name, the account), which changes no
        line, money or balance. Saving a profile makes ``value()`` spell out the detected
        roles, which read the file as the detection did: not a change of reading (ticking
        Save read a 200,000-row file again for the same lines)."""
        mapping = replace(self.value(), profile_name=None, account=None)
        if self._edited:
            return mapping
        return replace(mapping, header_row=self._preview.header_row, roles={}, chosen=frozenset())

    def _reading_changed(self) -> None:
        """A choice that may change what Import brings in was made: the summary is the
        preview's again when the choices are back to what the file was read with;
        otherwise, once the accountant pauses, the file is read again with them
        (``PreviewRequests``, off the GUI thread) and the summary follows. A file mapped
        by hand with nothing mapped yet is not read: there is nothing to read it by."""
        self._summary_timer.stop()
        self._asked.cancel()
        if self._as_read() == self._shown_reading:
            self._show_summary(self._preview.summary)
        elif self._again is None:
            self._show_summary(self._preview.summary, before_changes=True)
        elif self._nothing_mapped():
            self._show_summary(None)
        else:
            self.summary_label.setText(WORKING_OUT)
            self._summary_timer.start()

    def _nothing_mapped(self) -> bool:
        return (
            self._preview.not_detected is not None
            and self.header_row() is None
            and not any(self.columns_model.roles().values())
        )

    def _ask_summary(self) -> None:
        again = self._again
        if again is None:
            return
        asked = self._asked.start(self._as_read)
        again.request(asked, lambda answer: self._summary_arrived(asked, answer))

    def _cancel_reading(self) -> None:
        if self._again is not None:
            self._again.cancel()

    def _summary_arrived(self, asked: ColumnMapping, answer: ImportSummary | str) -> None:
        """The file read again as ``asked``: shown if it is the latest reading asked for and
        the choices are still those it was read with (a later correction has asked again,
        and its answer is the one to show)."""
        if not self._asked.is_current(asked) or asked != self._as_read():
            return
        self._asked.finish(asked)
        if isinstance(answer, str):
            self.summary_label.setText(f"As now set, nothing would be imported: {answer}")
        else:
            self._show_summary(answer)

    def _show_summary(self, summary: ImportSummary | None, before_changes: bool = False) -> None:
        if summary is None:  # a file mapped by hand, as it opened: the header is the step
            # done already where detection found it (``header_found``), else the first
            self.summary_label.setText(NOTHING_MAPPED if self.header_row() is None else ROLES_LEFT)
            return
        said = "\n".join(summary.described())
        if before_changes:
            said = f"{said}\n(As the file was read, before the changes made here.)"
        self.summary_label.setText(said)

    def done(self, result: int) -> None:
        """Closed (Import or Cancel): no reading for the summary is waited for any more."""
        self._summary_timer.stop()
        self._asked.cancel()
        super().done(result)

    def _show_problem(self) -> str | None:
        """Say why the import as now set would fail, and hold the Import button until the
        accountant changes it; every other choice made here stays as it is. Say too which
        lines it would skip, without holding it (the preview decides which is which)."""
        mark, roles = self.decimal_combo.currentData(), self.columns_model.roles()
        problem = self._preview.decimal_mark_problem(mark, roles)
        self.problem_label.setText(problem or "")
        self.problem_label.setVisible(problem is not None)
        self.import_button.setEnabled(problem is None)
        self.import_button.setToolTip(problem or "")
        chosen = self.columns_model.chosen()
        warnings = [
            text
            for text in (
                self._preview.decimal_mark_warning(mark, roles),
                self._preview.decimal_mark_moves(mark, roles, chosen),
            )
            if text is not None
        ]
        self.warning_label.setText("\n".join(warnings))
        self.warning_label.setVisible(bool(warnings))
        return problem

    def accept(self) -> None:
        if self._show_problem() is None:
            super().accept()

    def header_row(self) -> int | None:
        return self.header_spin.value() or None

    def invert_sign(self) -> bool | None:
        """The box's state when the accountant changed it from what the file was read
        with; None (as read) otherwise, so a profile's own setting is not restated."""
        checked = self.invert_check.isChecked()
        return None if checked == self._preview.invert_sign else checked

    def value(self) -> ColumnMapping:
        """The mapping to import with; empty roles mean "use what was detected", and so
        does None for the currency, the date order, the decimal mark, the signs and the
        account.

        The file's conventions are read from their controls whether or not a role was
        corrected: like the currency, a changed date order alone is a correction (the
        import is no longer the detection). Which roles stay where they were shown across
        such a change is the backend's to decide; the wizard says which it set by hand.
        """
        saving = self.save_check.isChecked() and self.save_check.isEnabled()
        profile = self.profile_edit.text().strip() if saving else None
        chosen: frozenset[int] = frozenset()
        if self._edited or profile:
            header = self.header_row()
            roles = {col: role for col, role in self.columns_model.roles().items() if role}
            chosen = self.columns_model.chosen()
        else:
            header, roles = self._preview.header_row, {}
        return ColumnMapping(
            header,
            roles,
            profile or None,
            currency=self.currency_combo.currentData(),
            date_order=self.date_order_combo.currentData(),
            decimal_mark=self.decimal_combo.currentData(),
            invert_sign=self.invert_sign(),
            account=self.account_edit.text().strip() or None,
            chosen=chosen,
            sheet=self._preview.sheet,
            encoding=self.encoding_combo.currentData(),
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        preview: StatementPreview,
        again: PreviewRequests | None = None,
    ) -> ColumnMapping | SheetChoice | EncodingChoice | None:
        dialog = cls(preview, parent, again)
        try:
            return dialog.answer(dialog.exec())
        finally:
            dialog.deleteLater()

    def answer(self, result: int) -> ColumnMapping | SheetChoice | EncodingChoice | None:
        """What the wizard closed with ``result`` answers: the mapping to import with
        (Import), another sheet to show (``SHEET_CHOSEN``), the text to read in another
        encoding (``ENCODING_CHOSEN``), or nothing (Cancel)."""
        if result == SHEET_CHOSEN and self.chosen_sheet is not None:
            return SheetChoice(self.chosen_sheet)
        if result == ENCODING_CHOSEN and self.chosen_encoding is not None:
            return self.chosen_encoding
        return self.value() if result == QDialog.DialogCode.Accepted else None


WORKING_OUT = "Working out what Import would bring in as now set…"
NOTHING_MAPPED = (
    "Set the header row and give the columns their roles: what Import would bring in is "
    "worked out as you set them."
)
ROLES_LEFT = (
    "Give the other columns their roles (the amount, or a debit and a credit): what Import "
    "would bring in is worked out as you set them."
)


def _intro(preview: StatementPreview) -> str:
    if not preview.editable:
        return (
            "This format has a fixed layout: nothing to map. Each row is a transaction as "
            "it will be imported; hover over a row for the record as the file holds it."
        )
    if preview.not_detected is not None:
        return (
            "Below are the file's own rows. Set the header row (the row that names the "
            "columns; none if there is none) and give each column its role by clicking it."
        )
    return (
        "Each column is tinted by the role it was given; the table below says why. "
        "Change a role by clicking it."
    )


def _choice_combo(name: str, detected: str, choices: dict[str, str]) -> QComboBox:
    """A combo whose first item (data None) keeps what the file was read with, then one
    item per mapping code, so ``currentData()`` is what ``ColumnMapping`` takes."""
    combo = QComboBox()
    combo.setObjectName(name)
    combo.addItem(detected, None)
    for code, label in choices.items():
        combo.addItem(label, code)
    return combo


def _detected_order(preview: StatementPreview) -> str:
    """'as detected (Day/Month/Year, a guess)': a guess when no date settled the order,
    which is exactly when the accountant may have to correct it; the date that settled
    it otherwise, and no order at all for dates that cannot be read two ways."""
    if preview.date_order is None:
        return "as detected"
    if preview.date_order_not_needed:
        return f"as detected (not needed: {preview.date_order_not_needed})"
    order = DATE_ORDERS[preview.date_order]
    if preview.date_order_guessed:
        return f"as detected ({order}, a guess)"
    if preview.date_order_settled_by:
        return f"as detected ({order}, settled by {preview.date_order_settled_by})"
    return f"as detected ({order})"


def _order_tooltip(preview: StatementPreview) -> str:
    """Why the control is off when no date could be read two ways, else what it does."""
    if preview.editable and not preview.date_order_choosable:
        reason = preview.date_order_not_needed or "every date is unambiguous"
        return f"Nothing to choose: {reason}, so no day/month order changes how this file is read."
    return (
        "How a date such as 03/04/2024 is read. When every day in the file is 12 or "
        "less the file cannot say, and the order was guessed."
    )


def _detected_mark(preview: StatementPreview) -> str:
    if preview.decimal_mark is None:
        return "as detected"
    return f"as detected ({MARK_NAMES[preview.decimal_mark]})"


def _encoding_combo(preview: StatementPreview) -> QComboBox:
    """The text encodings to read the file in: first the one it was read in as detected
    (the data None), then those banks write (``encoding.ENCODINGS``), the one chosen, if
    any, current. Off for a file that is not text, whose cells say their own letters."""
    combo = QComboBox()
    combo.setObjectName("encoding")
    read_in = preview.encoding
    if preview.encoding_chosen is not None or read_in is None:
        combo.addItem("as detected", None)
    else:
        combo.addItem(f"as detected ({encoding_name(read_in)})", None)
    for codec, label in ENCODINGS:
        combo.addItem(label, codec)
    chosen = preview.encoding_chosen
    if chosen is not None:
        if combo.findData(chosen) < 0:  # one the wizard does not list: a profile's
            combo.addItem(encoding_name(chosen), chosen)
        combo.setCurrentIndex(combo.findData(chosen))
    combo.setEnabled(read_in is not None and preview.editable)
    combo.setToolTip(ENCODING_TIP if combo.isEnabled() else NO_ENCODING_TIP)
    return combo


ENCODING_TIP = (
    "Which letter each byte of the text is. A file that is not UTF-8 does not say: it was "
    "read in the code page its words show, or else as Windows-1252 (the notes above say "
    "why). Where letters look wrong (Polish 'P³atnoœæ' for 'Płatność'), choose the bank's: "
    "the file is read again in it, and a profile saved keeps it."
)
NO_ENCODING_TIP = (
    "Only a text file (csv, tsv, txt) is read in an encoding chosen here: a workbook's "
    "cells, and a bank format such as OFX, CAMT or MT940, say their own letters."
)


def _fill_sheets(combo: QComboBox, preview: StatementPreview) -> None:
    """The sheets to choose among, by name: a file mapped by hand's (``sheets``), or a
    workbook read by detection's visible sheets (``sheet_choices``), the one detection
    read marked, and the one shown current."""
    if preview.sheets:
        for sheet in preview.sheets:
            combo.addItem(sheet.name or "", sheet.name)
        combo.setCurrentIndex(max(combo.findData(preview.sheet), 0))
        return
    for name in preview.sheet_choices:
        label = f"{name} (detected)" if name == preview.detected_sheet else name
        combo.addItem(label, name)
    combo.setCurrentIndex(max(combo.findData(preview.sheet or preview.detected_sheet), 0))
    combo.setToolTip(
        "The worksheet to import. Choosing another reads that sheet instead, its columns "
        "found again; a profile saved then keeps the sheet for next month's workbook."
    )


def _sheet_note(preview: StatementPreview) -> str:
    """Which sheet is read and why: the sheet detection read, with the importer's
    evidence for it (the other sheets holding transactions too), and the sheet chosen
    instead, where one was."""
    if len(preview.sheet_choices) < 2:
        return ""
    why = "; ".join(preview.sheet_evidence)
    detected = f"Detection read sheet '{preview.detected_sheet}'" + (f": {why}" if why else "")
    if preview.sheet is None or preview.sheet == preview.detected_sheet:
        return f"{detected}."
    return f"Reading sheet '{preview.sheet}', as chosen. {detected}."
