"""Looking one statement up: with its repeats for the report, without them where unread;
and a few by name, as all of them are read."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from desktop_app.workspace import Workspace
from desktop_app.workspace.statement_store import statement_by
from tests.workspace.factories import line, sha

LAYOUT = {"format": "csv"}


def _march_and_april(workspace: Workspace) -> None:
    """april.csv repeats march.csv's fee and adds a line of its own."""
    workspace.add_statement("march.csv", sha("march"), LAYOUT, [line(2, day=30, description="Fee")])
    april = [
        line(2, day=30, description="Fee", source_file="april.csv"),
        line(3, "-2.00", day=31, source_file="april.csv"),
    ]
    workspace.add_statement(
        "april.csv", sha("april"), LAYOUT, april, balances=(Decimal("87.50"), Decimal("85.50"))
    )


def test_a_lookup_without_repeats_gives_every_other_field_as_one_with_them(
    workspace: Workspace,
) -> None:
    _march_and_april(workspace)
    with workspace._database.reading() as connection:
        for column, value in (("source_file", "april.csv"), ("sha256", sha("april")), ("id", 2)):
            full = statement_by(connection, column, value)
            bare = statement_by(connection, column, value, with_repeats=False)
            assert full is not None
            assert bare is not None
            assert len(full.repeats) == 1
            assert bare.repeats == {}
            assert bare == dataclasses.replace(full, repeats={})
        assert statement_by(connection, "source_file", "may.csv", with_repeats=False) is None


def test_a_lookup_without_repeats_reads_none_of_them(workspace: Workspace) -> None:
    _march_and_april(workspace)
    read: list[str] = []
    with workspace._database.reading() as connection:
        connection.set_trace_callback(read.append)
        try:
            statement_by(connection, "source_file", "april.csv", with_repeats=False)
        finally:
            connection.set_trace_callback(None)
    assert read
    assert not any("statement_repeats" in statement for statement in read)


def test_the_records_of_named_statements_are_those_all_statements_give(
    workspace: Workspace,
) -> None:
    """What a caller holding the records reads again after a removal: only the files named,
    with their repeats, in import order whatever the order asked."""
    _march_and_april(workspace)
    workspace.add_statement("may.csv", sha("may"), LAYOUT, [line(2, day=1, source_file="may.csv")])
    every = workspace.statements()
    assert workspace.statements_of(["may.csv", "april.csv"]) == every[1:]
    assert dict(every[1].repeats)  # april's repeat of march's fee, read with it
    assert workspace.statements_of(["june.csv"]) == ()
    assert workspace.statements_of([]) == ()
