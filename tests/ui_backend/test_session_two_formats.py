"""With no workspace open, the window's session keeps the overlap of one account's MT940
and CAMT.053 downloads once, as a workspace does, and the other format's copies stand in
when a statement is taken out (``dedup.stand_ins``)."""

from __future__ import annotations

from pathlib import Path

from desktop_app.statements import import_statement
from desktop_app.ui.backend.session_statements import SessionStatements
from tests.statements.format_pair_files import CAMT_LINES, keys, write_pair


def test_the_session_keeps_the_overlap_once_and_stands_the_copies_in(tmp_path: Path) -> None:
    first, second = write_pair(tmp_path)
    session = SessionStatements()
    session.add(import_statement(first))
    added = session.add(import_statement(second))
    assert keys(added.kept) == ["oct-b.xml:16"]
    assert added.repeated == 6
    removal = session.remove(first.name)
    assert keys(removal.stand_ins) == CAMT_LINES[:6]
    again = session.add(import_statement(first))
    assert keys(again.kept) == ["oct-a.sta:5"]
    assert again.repeated == 6
