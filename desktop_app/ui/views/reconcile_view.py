"""The Reconcile screen: review the engine's matches and pair what it left by hand.

Keyboard first: with the matches table (or the match's detail) focused, A accepts, R
rejects, U unmatches (or withdraws a rejection), N moves to the next match; M matches the
invoices and lines selected below (their totals shown beside it; asking first when the
money goes the wrong way or the difference is beyond the tolerance), then selects the
match made; Ctrl+Z and Ctrl+Shift+Z undo and redo (the main
window's Edit menu). An action is enabled only on rows it applies to (Unmatch
on the accountant's own decisions, never the engine's), so its key does nothing elsewhere. Every action is a ``ReviewSession`` call, so it is undoable and
recorded; a refused action (nothing selected, already matched) is explained, not raised.
A note typed beside the buttons is kept with the next decision (its reason, in the audit
trail and the Audit sheet), then cleared. It is for the matches selected when it was typed
(typed with none selected, the first selected after, or none once an action was refused
with it): a decision on other matches goes without it, and the row of notes says whose it
is, so a note meant for a decision that did not happen never lands on another row's.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection
from functools import partial
from typing import NamedTuple, cast

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal, SignalInstance
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import InvoiceKey, LineKey, Match, MatchState
from desktop_app.ui import formatting as fmt
from desktop_app.ui import review_flags
from desktop_app.ui.dialogs.seam import Dialogs
from desktop_app.ui.models.invoices import InvoiceTableModel
from desktop_app.ui.models.matches import MATCH_LAYOUT_VERSION, MatchTableModel
from desktop_app.ui.models.statement_lines import StatementLineModel
from desktop_app.ui.next_step import matching_not_run
from desktop_app.ui.review import (
    MatchKey,
    ReviewError,
    ReviewUpdate,
    describe,
    match_key,
    unmatch_tip,
)
from desktop_app.ui.session import ReviewSession
from desktop_app.ui.views.choices import add_match_states, enum_choice
from desktop_app.ui.views.focus_ring import tab_order
from desktop_app.ui.views.match_detail import MatchDetail
from desktop_app.ui.views.search_box import SearchBox
from desktop_app.ui.views.table_view import DomainTableView
from desktop_app.ui.views.unmatched_panel import UnmatchedPanel

NEEDS_REVIEW = "Needs review"  # the engine's suggestions and the decisions flagged
FLAGGED = "Invoice changed since decided"  # the decisions flagged only
ALL = "All matches"
# Said when A, R or U is pressed with no match selected (their actions are disabled).
NOTHING_SELECTED = (
    "Select a match first: A accepts, R rejects and U unmatches the matches selected "
    "in the matches table."
)
# What each of A, R, U would have done, for the title of the refusal said in its place.
_REVIEW_KEYS = {Qt.Key.Key_A: "accept", Qt.Key.Key_R: "reject", Qt.Key.Key_U: "unmatch"}
# The combo's data for the two choices that are no match state.
_NEEDS_REVIEW, _FLAGGED = "needs review", "flagged"


class _Can(NamedTuple):
    """Which review actions the selections allow (``ReconcileView._can``)."""

    accept: bool
    reject: bool
    unmatch: bool
    match: bool


class ReconcileView(QWidget):
    # An action was refused: its title, saying what was refused ("Cannot accept
    # EL-2025-00166"), then the message saying why; the window's banner shows both.
    refused = Signal(str, str)
    rerun_requested = Signal()
    invoice_audit_requested = Signal(object)  # an Invoice: show its audit trail
    line_audit_requested = Signal(object)  # a StatementLine: show its audit trail

    def __init__(
        self, session: ReviewSession, dialogs: Dialogs, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reconcile")
        self._session = session
        self._dialogs = dialogs  # asks before a match by hand that looks wrong
        # A run's old rows are let go where the session lets go of the run: off the GUI thread.
        self.model = MatchTableModel(self, session.review_note, session.release)
        self.table = DomainTableView(
            self.model, "matches table", layout_version=MATCH_LAYOUT_VERSION
        )
        self.detail = MatchDetail(session.review_note)
        self.invoices_panel = UnmatchedPanel(
            "Unmatched invoices",
            InvoiceTableModel(session.invoice_state, self),
            # unmatched, or still owing the rest of a part paid before (``still_owes``)
            lambda key: session.index.offered_by_hand(key),  # type: ignore[arg-type]
            "unmatched invoices table",
            leading=("provider", "number", "issued", "amount"),  # as the lines beside it
            layout_version=1,  # since it leads so: saved before, Counterparty came third
        )
        self.lines_panel = UnmatchedPanel(
            "Unmatched statement lines",
            StatementLineModel(session.line_state, self),
            lambda key: not session.index.line_reconciled(key),  # type: ignore[arg-type]
            "unmatched lines table",
        )
        # The matches the note typed is for (``_note_owner``): None while it is for the
        # next decision, whatever is selected; and how the row of notes names them.
        self._note_for: frozenset[MatchKey] | None = None
        self._note_for_said = ""
        # What the selections allow, whether a step is being saved or not.
        self._can = _Can(accept=False, reject=False, unmatch=False, match=False)
        self._build_actions()
        self._build_layout()
        self._build_audit_menus()
        self.table.current_item_changed.connect(self.detail.show_match)
        self.table.selection_changed.connect(self._update_actions)
        self.table.selection_changed.connect(self._note_follows_selection)
        self.note.textChanged.connect(self._note_typed)
        self.invoices_panel.table.selection_changed.connect(self._update_hand_match)
        self.lines_panel.table.selection_changed.connect(self._update_hand_match)
        session.invoices_changed.connect(self._on_invoices)
        session.lines_changed.connect(lambda: self.lines_panel.set_keyed(session.lines_by_key()))
        session.reconciliation_changed.connect(self._reload)
        session.review_changed.connect(self._on_review)
        session.review_flags_changed.connect(self._on_flags)
        session.lines_changed.connect(self._update_stale)  # a statement imported or removed
        session.invoices_changed.connect(self._update_stale)  # invoices fetched
        session.matching_changed.connect(self._update_stale)  # before a run: running or not
        session.saving_changed.connect(self._enable_actions)
        self.table.installEventFilter(self)  # A, R, U with no match selected: said why
        self._update_actions()
        self._update_hand_match()
        self._update_stale()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A, R or U pressed in the matches table with no match selected, or while a step
        is being saved: their actions are disabled, so the key did nothing and said
        nothing (or jumped to a row by its first letter). Say what they need instead, or
        that the save under way comes first (``refused``)."""
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _REVIEW_KEYS
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            try:
                self._session.refuse_while_saving()
            except ReviewError as error:
                self._refuse(error.title, str(error))
                return True
            if not self.table.selected_items():
                self._refuse(f"Nothing to {_REVIEW_KEYS[Qt.Key(event.key())]}", NOTHING_SELECTED)
                return True
        return super().eventFilter(watched, event)

    # -- building ---------------------------------------------------------------------
    def _action(self, text: str, key: str, slot: Callable[[], None], name: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{text} ({key})")
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.accept_action = self._action("Accept", "A", self.accept_selected, "accept")
        self.reject_action = self._action("Reject", "R", self.reject_selected, "reject")
        self.unmatch_action = self._action("Unmatch", "U", self.unmatch_selected, "unmatch")
        self.next_action = self._action("Next", "N", self.table.select_next, "next")
        self.match_action = self._action(
            "Match selected", "M", self.match_selected, "match selected"
        )
        self.addAction(self.match_action)  # M: anywhere on the screen

    def _build_layout(self) -> None:
        self.search = SearchBox("Filter matches: invoice, description, statement, explanation…")
        self.state_combo = QComboBox()
        self.state_combo.setAccessibleName("Show matches")
        self.state_label = QLabel("&Show")
        self.state_label.setBuddy(self.state_combo)  # Alt+S, and its name to a screen reader
        self.state_combo.addItem(NEEDS_REVIEW, _NEEDS_REVIEW)
        self.state_combo.addItem(ALL, None)
        self.state_combo.addItem(FLAGGED, _FLAGGED)
        add_match_states(self.state_combo, unmatched=False)
        self.state_combo.setCurrentIndex(1)
        self.search.query_changed.connect(lambda _: self.apply_filter())
        self.state_combo.currentIndexChanged.connect(lambda _: self.apply_filter())
        self.stale_label = QLabel()
        self.stale_label.setStyleSheet("color: #b26a00;")
        # Whose the note typed is, while the matches selected are others' (``_show_note_owner``).
        self.note_owner_label = QLabel()
        self.note_owner_label.setObjectName("note owner")
        # It names a match, which may be long: wrapped, it never widens the window.
        self.note_owner_label.setWordWrap(True)
        self.review_label = QLabel()
        self.review_label.setObjectName("needs review note")
        self.review_label.setStyleSheet("color: #d84315;")
        # Before matching has run, what to do first: the empty tables said nothing.
        self.next_step_label = QLabel()
        self.next_step_label.setObjectName("next step")
        self.next_step_label.setWordWrap(True)
        bar = QHBoxLayout()
        self.review_buttons = [
            _button(action)
            for action in (
                self.accept_action,
                self.reject_action,
                self.unmatch_action,
                self.next_action,
            )
        ]
        for button in self.review_buttons:
            bar.addWidget(button)
        # Why the accountant decided ("paid by the parent company"): kept with the next
        # decision (Accept, Reject, Unmatch or Match selected) in the audit trail and the
        # report's Audit sheet, then cleared, so it is never kept with a later one.
        self.note = QLineEdit()
        self.note.setObjectName("decision note")
        self.note.setPlaceholderText("Note with the next decision…")
        self.note.setToolTip(
            "Why you accept, reject, unmatch or match by hand: kept with that decision in "
            "the audit trail and in the report's Audit sheet (Reason). It is for the "
            "matches selected as you type it: a decision on others goes without it."
        )
        self.note.setClearButtonEnabled(True)
        self.note.setAccessibleName("Note with the next decision")
        self.note.setMaximumWidth(260)
        # Wide enough to read what they ask for (at 1366x768, beside the notes below, they
        # were squeezed to "Note …" and "Filter matches: i…"); the clear button's room too.
        metrics = self.note.fontMetrics()
        room = 2 * metrics.height()
        self.note.setMinimumWidth(metrics.horizontalAdvance("Note with the next decision…") + room)
        self.search.setMinimumWidth(
            metrics.horizontalAdvance("Filter matches: invoice, description") + room
        )
        bar.addWidget(self.note, 1)
        bar.addWidget(self.search, 2)
        bar.addWidget(self.state_label)
        bar.addWidget(self.state_combo)
        # How many decisions need review and what changed since matching ran: a row of
        # their own below the bar, shown while either has something to say, so they never
        # take the bar's room (nor are cut by it).
        self.notes_row = QWidget()
        self.notes_row.setObjectName("reconcile notes")
        notes = QHBoxLayout(self.notes_row)
        notes.setContentsMargins(0, 0, 0, 0)
        notes.addWidget(self.review_label)
        notes.addWidget(self.stale_label)
        notes.addWidget(self.note_owner_label, 10)  # the room left: wrapped, not squeezed
        notes.addStretch(1)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.setObjectName("matches splitter")
        top.addWidget(self.table)
        top.addWidget(self.detail)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 2)
        # A, R, U and N work on the match selected above, so their keys act only where
        # the focus is on it (the table or its detail): pressed in the unmatched lines,
        # A accepted a match the accountant was not looking at.
        top.addActions(
            [self.accept_action, self.reject_action, self.unmatch_action, self.next_action]
        )
        manual = QWidget()
        manual_layout = QHBoxLayout(manual)
        manual_layout.setContentsMargins(0, 0, 0, 0)
        manual_layout.addWidget(self.invoices_panel, 1)
        self.match_button = _button(self.match_action)
        # What the invoices and lines selected add up to, beside the button that pairs them.
        self.selection_totals = QLabel()
        self.selection_totals.setObjectName("selection totals")
        self.selection_totals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Wide enough for the usual totals from the start: the lists beside it kept
        # changing width as a selection began and ended.
        usual = self.selection_totals.fontMetrics().horizontalAdvance("Difference: -£999,999.99")
        self.selection_totals.setMinimumWidth(usual)
        middle = QVBoxLayout()
        middle.addStretch(1)
        middle.addWidget(self.match_button, 0, Qt.AlignmentFlag.AlignHCenter)
        middle.addWidget(self.selection_totals)
        middle.addStretch(1)
        manual_layout.addLayout(middle)
        manual_layout.addWidget(self.lines_panel, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("reconcile splitter")
        self.splitter.addWidget(top)
        self.splitter.addWidget(manual)
        # Half each, until the user drags: shared by size hints, the match's card (which
        # asks for no more than it shows) left the matches table a few rows at 1366x768.
        self.splitter.setSizes([1, 1])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.notes_row)
        layout.addWidget(self.next_step_label)
        layout.addWidget(self.splitter, 1)
        self._order_focus()

    def _order_focus(self) -> None:
        """Tab goes down the screen as it reads, left to right: the review actions, the
        note for the next decision, the matches' filter and choice, the matches, the
        selected match's explanation, card and signals, then the unmatched invoices
        (filter, table), Match, and the unmatched lines (filter, table); Shift+Tab back.
        The explanation and the card scroll where they are long, so the keyboard stops
        at them to scroll them (before, they came last, after the unmatched lines). The
        tables leave Tab to move focus (``DomainTableView``)."""
        chain = [
            *self.review_buttons,
            self.note,
            self.search,
            self.state_combo,
            self.table,
            self.detail.explanation_area,
            self.detail.card_area,
            self.detail.signals_table,
            self.invoices_panel.search,
            self.invoices_panel.table,
            self.match_button,
            self.lines_panel.search,
            self.lines_panel.table,
        ]
        tab_order(chain)

    def _build_audit_menus(self) -> None:
        """Right-click an unmatched invoice or line for its audit trail, as on the
        Invoices and Statements screens; a match, for any of its invoices' or lines'."""
        for panel, signal in (
            (self.invoices_panel, self.invoice_audit_requested),
            (self.lines_panel, self.line_audit_requested),
        ):
            action = QAction("Show audit trail…", panel.table)
            action.setObjectName("audit trail")
            action.triggered.connect(partial(self._request_audit, panel.table, signal))
            panel.table.addAction(action)
            panel.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.audit_menu = QMenu(self.table)
        self.audit_menu.setObjectName("match audit menu")
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_audit_menu)

    @staticmethod
    def _request_audit(table: DomainTableView, signal: SignalInstance) -> None:
        item = table.current_item()
        if item is not None:
            signal.emit(item)

    def _show_audit_menu(self, position: QPoint) -> None:
        """The audit trail of each invoice and each line of the match right-clicked."""
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        match: Match = self.model.item_at(index.row())
        self.audit_menu.clear()
        for invoice in match.invoices:
            action = self.audit_menu.addAction(f"Audit trail of invoice {invoice.label}…")
            action.triggered.connect(partial(self.invoice_audit_requested.emit, invoice))
        for line in match.lines:
            action = self.audit_menu.addAction(f"Audit trail of {line.source_file} row {line.row}…")
            action.triggered.connect(partial(self.line_audit_requested.emit, line))
        self.audit_menu.popup(self.table.viewport().mapToGlobal(position))

    # -- actions ----------------------------------------------------------------------
    def accept_selected(self) -> None:
        """Accept the selected rows, asking first where one would stand over a rejection
        in force that nobody pressed A on (the session says when)."""

        def confirm(question: str) -> bool:
            return self._dialogs.confirm(self.window(), "Accept over your rejection?", question)

        self._attempt(lambda note: self._session.accept(self.table.selected_items(), note, confirm))

    def reject_selected(self) -> None:
        self._attempt(lambda note: self._session.reject(self.table.selected_items(), note))

    def unmatch_selected(self) -> None:
        self._attempt(lambda note: self._session.unmatch(self.table.selected_items(), note))

    def match_selected(self) -> None:
        """Pair the invoices and lines selected below, asking first when the money goes
        the wrong way or the difference is beyond the tolerance (the session says when);
        the match made is then selected in the table above, which keeps the focus, so
        the accountant sees it and goes on from there (A, R, U, Ctrl+Z)."""
        invoices = self.invoices_panel.table.selected_items()
        lines = self.lines_panel.table.selected_items()

        def confirm(question: str) -> bool:
            return self._dialogs.confirm(self.window(), "Match by hand?", question)

        note = self._note_here()
        try:
            made = self._session.match_by_hand(invoices, lines, confirm, note)
        except ReviewError as error:
            self._refuse(error.title, str(error))
            return
        if made is not None:
            if note:
                self.note.clear()  # said with this match; the next decision is another's
            key = match_key(made)
            self._show_rows([key])
            self.table.select_keys([key], key)
            self.table.setFocus()

    def _attempt(self, action: Callable[[str], bool]) -> None:
        """``action`` with the note typed, where it is for the matches selected
        (``_note_here``); the note cleared once it is recorded with a decision, kept when
        nothing was (refused, or the workspace could not save it), and kept for its own
        matches when the decision was on others."""
        note = self._note_here()
        try:
            recorded = action(note)
        except ReviewError as error:
            self._refuse(error.title, str(error))
            return
        if recorded and note:
            self.note.clear()  # nobody's once empty (``_note_typed``)

    def _refuse(self, title: str, message: str) -> None:
        """Say an action was refused (``refused``). A note typed for it was written for a
        decision that did not happen: it stays for the matches it was tried on (none,
        where none was selected), not for whichever the accountant selects next."""
        if self.note.text().strip() and self._note_for is None:
            self._own_note(self._selected_keys())
        self.refused.emit(title, message)

    # -- whose the note is ----------------------------------------------------------------
    # A note is written about the row in front of the accountant. Kept for "the next
    # decision" whatever it was on, a note typed for a decision that did not happen (the
    # row hidden by the filter, the invoice not in the list below) went silently with the
    # next decision, on another row. It is now for the matches selected as it is typed
    # (or, typed with none selected, the first selected after; or none, once an action
    # was refused with it), and goes only with a decision on those. Selecting others keeps
    # it, greyed, and the row of notes says whose it is; typing in it makes it theirs.
    def _selected_keys(self) -> frozenset[MatchKey]:
        return frozenset(match_key(match) for match in self.table.selected_items())

    def _note_here(self) -> str:
        """The note, where it is for the matches selected now (else '')."""
        note = self.note.text()
        if not note.strip():
            return ""
        owner = self._note_for
        return note if owner is None or owner == self._selected_keys() else ""

    def _note_typed(self, text: str) -> None:
        """The accountant typed (or the note was set, or cleared once it went with a
        decision): it is the selected matches' now, or the next decision's while none is
        selected; emptied, it is nobody's."""
        keys = self._selected_keys()
        if text.strip() and keys:
            self._own_note(keys)
        else:
            self._note_for, self._note_for_said = None, ""
        self._show_note_owner()

    def _note_follows_selection(self) -> None:
        """A note typed with no match selected is for the first selected after it; one
        that is others' is shown as theirs."""
        keys = self._selected_keys()
        if self._note_for is None and self.note.text().strip() and keys:
            self._own_note(keys)
        self._show_note_owner()

    def _own_note(self, keys: frozenset[MatchKey]) -> None:
        """The note is for these matches (none: for the action refused with none
        selected), named as the row of notes will say it."""
        self._note_for = keys
        matches = self.table.selected_items()
        if not keys:
            said = "the action refused with no match selected"
        elif len(matches) == 1:
            said = describe(matches[0])
        else:
            said = f"the {len(keys):,} matches selected when you typed it"
        self._note_for_said = said

    def _show_note_owner(self) -> None:
        """Grey the note, and say whose it is, while the matches selected are others'."""
        elsewhere = bool(self.note.text().strip()) and not self._note_here()
        self.note.setStyleSheet("color: gray;" if elsewhere else "")
        self.note_owner_label.setText(
            f"Your note is for {self._note_for_said}: a decision on the matches selected "
            "now goes without it. Select those again to use it, or edit it to make it "
            "theirs."
            if elsewhere
            else ""
        )
        self._update_notes_row()

    # -- showing what another screen points at ------------------------------------------
    def reveal(self, invoice_keys: Collection[InvoiceKey], line_keys: Collection[LineKey]) -> bool:
        """Select these invoices and lines where the accountant can act on them: every
        match holding any of them in the matches table, and those still unmatched in the
        panels below. A filter that hides one is cleared first: the point is to see
        them. False when none of them is on the screen (a statement since removed)."""
        index = self._session.index
        touching = [*map(index.for_invoice, invoice_keys), *map(index.for_line, line_keys)]
        matches = {match_key(m): m for m in itertools.chain.from_iterable(touching)}
        self._show_rows(matches)
        self.table.select_keys(matches)
        shown_invoices = self.invoices_panel.reveal(invoice_keys)
        shown_lines = self.lines_panel.reveal(line_keys)
        first = (
            self.table
            if matches
            else (self.invoices_panel.table if shown_invoices else self.lines_panel.table)
        )
        first.setFocus()
        return bool(matches or shown_invoices or shown_lines)

    def _show_rows(self, keys: Collection[MatchKey]) -> None:
        """Clear the filter when it hides one of these matches: the point is to see them."""
        if any(self.model.row_of(key) is None for key in keys):
            self.search.setText("")
            self.state_combo.setCurrentIndex(self.state_combo.findData(None))
            self.apply_filter()

    # -- keeping the tables in step with the session -----------------------------------
    def apply_filter(self) -> None:
        self.model.set_filter(self.search.text().strip(), self._chosen())

    def _chosen(self) -> Callable[[Match], bool] | None:
        """The rows the combo's choice shows (None: all of them)."""
        choice = self.state_combo.currentData()
        if choice == _NEEDS_REVIEW:
            return self._session.needs_review
        if choice == _FLAGGED:
            return self._session.is_flagged
        state = enum_choice(self.state_combo, MatchState)
        return None if state is None else (lambda m: m.state is state)

    def _reload(self) -> None:
        keyed = self._session.matches_by_pairing()
        if len(keyed) == len(self._session.matches):  # else two rows share a pairing
            self.model.set_keyed(keyed)
        else:
            self.model.set_items(self._session.matches)
        # The rows still open, as the run's worker found them where it did (else asked
        # here, of each invoice and line held).
        self.invoices_panel.apply_filter(self._session.offered_invoices())
        self.lines_panel.apply_filter(self._session.open_lines())
        self._update_hand_match()
        self._update_stale()

    def _on_review(self, change: ReviewUpdate) -> None:
        """One review step, however many matches it touched: each table updated once,
        the actions once (per match, a bulk accept of 8,000 took minutes)."""
        following = self._rows_from_current()
        # Each row's pairing as kept (the rows removed by the table, those added by the
        # index), not built again: 40,000 of them at a bulk Accept.
        removed = cast(list[MatchKey], self.model.held_keys(change.removed))
        added = self._session.index.pairings(change.added)
        self.model.update(removed, change.added, added)
        if following and not self.table.selected_rows():
            self._select_first_left(following)
        self._refresh_open(change, removed, added)
        self.detail.show_match(self.table.current_item())
        self._update_actions()
        self._update_hand_match()
        self._update_stale()

    def _refresh_open(
        self, change: ReviewUpdate, removed: list[MatchKey], added: list[MatchKey]
    ) -> None:
        """The Unmatched panels after a step (``removed`` and ``added``: the pairings of
        its rows): the rows they show of its invoices and lines, whose state it may have
        changed, and those it may have opened or settled.

        A row restated (accepted, rejected, their undo) holds the very invoices and lines
        (the same tuples) of the row it replaces. Where it reconciles as that row did,
        each of them is as open as it was: that is read off the counts of reconciling
        matches and the one settling match's invoices and lines
        (``MatchIndex.offered_by_hand``, ``line_reconciled``), which the step left as
        they were. Those not shown are then not looked at again (40,000 of them at a
        bulk Accept of matched rows, each asked whether it is open)."""
        net: dict[tuple[int, int, bool], int] = {}
        pairing_of: dict[tuple[int, int, bool], MatchKey] = {}
        for rows, pairings, step in ((change.removed, removed, -1), (change.added, added, 1)):
            for row, pairing in zip(rows, pairings, strict=True):
                held = (id(row.invoices), id(row.lines), row.state.reconciles)
                net[held] = net.get(held, 0) + step
                pairing_of[held] = pairing
        moved = [pairing_of[held] for held, count in net.items() if count]
        touched = {id(pairing): pairing for pairing in (*removed, *added)}.values()
        invoices = self.invoices_panel.model.row_of
        self.invoices_panel.refresh(
            set()
            .union(*(keys for keys, _ in moved))
            .union(key for keys, _ in touched for key in keys if invoices(key) is not None)
        )
        lines = self.lines_panel.model.row_of
        self.lines_panel.refresh(
            set()
            .union(*(keys for _, keys in moved))
            .union(key for _, keys in touched for key in keys if lines(key) is not None)
        )

    def _on_flags(self, pairings: set[MatchKey]) -> None:
        """Decisions were flagged for review, or their flags cleared: their rows change
        (marked, or not; in "Needs review", or out of it)."""
        self.model.refresh(pairings)
        self.detail.show_match(self.table.current_item())
        self._update_actions()
        self._update_review_note()

    def _on_invoices(self) -> None:
        self.invoices_panel.set_items(self._session.invoices)
        self._update_review_note()  # an invoice no longer returned: its decision unlisted

    def _update_review_note(self) -> None:
        session = self._session
        note, tip = review_flags.count_note(session.review_flags, session.invoice)
        self.review_label.setText(note)
        self.review_label.setToolTip(tip)
        self._update_notes_row()

    def _rows_from_current(self) -> list[Match]:
        """The current row and those below it, when rows are selected: the candidates to
        take the selection's place should the step take it out of the table."""
        row = self.table.currentIndex().row()
        if row < 0 or not self.table.selected_rows():
            return []
        return self.model.visible_items()[row:]

    def _select_first_left(self, following: list[Match]) -> None:
        """The selection left the table (a suggestion accepted under "Needs review"):
        select the row that takes its place, or the last row, so that A, R and N go on
        from there rather than act on nothing, or skip a row."""
        for match in following:
            key = match_key(match)
            if self.model.row_of(key) is not None:
                self.table.select_keys([key], key)
                return
        if self.model.rowCount():
            self.table.select_keys([self.model.key_at(self.model.rowCount() - 1)])

    def _update_actions(self) -> None:
        matches = self.table.selected_items()
        flags = self._session.review_flags
        # A flagged row the accountant decided can be decided again, as it stands. Only
        # where it works (the accountant's own decisions), as Accept and Reject: a
        # disabled action's key does nothing, and its tooltip says what it is for.
        self._can = _Can(
            review_flags.can_accept(matches, flags),
            review_flags.can_reject(matches, flags),
            any(m.decided_by_user for m in matches),
            self._can.match,
        )
        self.accept_action.setToolTip(review_flags.accept_tip(matches, flags))
        self.reject_action.setToolTip(review_flags.reject_tip(matches, flags))
        self.unmatch_action.setToolTip(unmatch_tip(matches))
        self._enable_actions()

    def _enable_actions(self, *_: object) -> None:
        """The review actions, as the selection allows (``_can``), and none while a step
        is being saved: the next waits for it (``eventFilter`` says so). A save starting
        or landing reads no selection again (20,000 rows selected: a read of each)."""
        free = not self._session.saving
        self.accept_action.setEnabled(free and self._can.accept)
        self.reject_action.setEnabled(free and self._can.reject)
        self.unmatch_action.setEnabled(free and self._can.unmatch)
        self.match_action.setEnabled(free and self._can.match)

    def _update_hand_match(self) -> None:
        """Match selected, and the selection's totals beside it (``hand_match``): what
        the invoices and lines selected come to in each currency, their difference, and
        what would be asked before matching them (its tooltip)."""
        invoices = self.invoices_panel.table.selected_items()
        lines = self.lines_panel.table.selected_items()
        self._can = self._can._replace(match=bool(invoices) and bool(lines))
        self._enable_actions()
        checked = self._session.hand_match_check(invoices, lines)
        label = self.selection_totals
        label.setText("\n".join(checked.totals.lines()))
        label.setToolTip(checked.note)
        label.setStyleSheet(f"color: {fmt.NEGATIVE_COLOUR};" if checked.concerns else "")

    def _update_notes_row(self) -> None:
        """The notes' row shows while either note has something to say, each note only
        when it does: no blank row, and no gap before a note alone."""
        labels = (self.review_label, self.stale_label, self.note_owner_label)
        for label in labels:
            label.setHidden(not label.text())
        self.notes_row.setHidden(all(label.isHidden() for label in labels))

    def _update_stale(self) -> None:
        """What changed since matching ran; before it has, what to do first."""
        since = self._session.since_run()
        self.stale_label.setText(f"{since.said()} since matching ran" if since else "")
        self._update_notes_row()
        not_run = matching_not_run(self._session)
        self.next_step_label.setText(not_run or "")
        self.next_step_label.setHidden(not_run is None)


def _button(action: QAction) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return button
