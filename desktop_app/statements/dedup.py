"""Duplicate lines across imports: the same file twice, or statements that overlap.

Identity is the line's content (date, amount, currency and normalised text), never its file
or row, so an overlapping download is recognised. Identical lines are *counted*, not
collapsed: two real 4.50 coffees on one day stay two. Between the lines already kept and a
new file, each identity keeps the larger of the two counts (each statement is complete for
the days it covers), and every skipped line names the line it duplicates. Lines are only
compared within one account's scope (``account_scope``: the account's key, however the
file writes it), and with the lines of scopes that may be the same account named less or
more closely (an unknown account; a masked number without or with its product's name:
``compared_scopes``): the pipeline, the window's session without a workspace and the
workspace all use them, so a run's lines and the workspace's agree on what repeats. When a
statement is taken out, the lines that repeated its own take their place (``stand_ins``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TypeVar

from desktop_app.domain import LineKey, StatementLine
from desktop_app.statements.account_key import UNKNOWN_ACCOUNT, account_key, bare_key

_SPACES = re.compile(r"\s+")
LineIdentity = tuple[date, Decimal, str | None, str]
_Stored = TypeVar("_Stored")


@dataclass(frozen=True, slots=True)
class Duplicate:
    line: StatementLine  # the incoming line that is not added
    same_as: StatementLine  # the line already kept that it repeats

    def __str__(self) -> str:
        return f"{self.line.key} repeats {self.same_as.key}"


@dataclass(frozen=True, slots=True)
class MergeResult:
    new: tuple[StatementLine, ...]
    duplicates: tuple[Duplicate, ...]


@dataclass(frozen=True, slots=True)
class StandIns:
    """What taking a statement out leaves: the lines of other statements kept from now on
    in place of its lines, and every remaining statement's repeats, re-pointed."""

    kept: tuple[LineKey, ...]
    repeats: dict[str, dict[LineKey, LineKey]]


def account_scope(account: str | None) -> str:
    """The scope in which a line's duplicates are looked for: its statement's account, by
    its key (``account_key``), so two exports that write one account differently meet.

    Equal movements on two accounts (each account's monthly fee) are two movements, so they
    never repeat each other. Files that name no account share the empty scope, which is
    compared with every account's (``compared_scopes``).
    """
    return account_key(account)


def compared_scopes(scope: str, known: Iterable[str]) -> list[str]:
    """The scopes (of ``known``) whose lines a line of ``scope`` may repeat: its own
    account's, those that name its account less closely (``broader_scopes``) and those
    that may be the account its own names less closely; a line of unknown account, any
    account's.

    A file that names no account may be a download of any account, so an overlap with a
    statement that names its account must still be found; so may a masked number named
    without its product ("****12345", Nationwide's midata export) be a download of any
    product showing those digits ("Foo current ****12345"). Two files that name different
    accounts never repeat each other: nor do two products with the same masked digits.
    """
    if scope == UNKNOWN_ACCOUNT:
        return sorted({*known, UNKNOWN_ACCOUNT})
    closer = sorted({other for other in known if scope in broader_scopes(other)})
    return [scope, *broader_scopes(scope), *closer]


def broader_scopes(scope: str) -> list[str]:
    """The scopes that name ``scope``'s account less closely, closest first: its masked
    number without the product's name (``account_key.bare_key``), then the unknown
    account. Their lines and ``scope``'s are distinct movements (each was compared with
    the other when it came in)."""
    if scope == UNKNOWN_ACCOUNT:
        return []
    bare = bare_key(scope)
    return [UNKNOWN_ACCOUNT] if bare is None else [bare, UNKNOWN_ACCOUNT]


def repeatable(scope: str, stored: Mapping[str, Sequence[_Stored]]) -> list[_Stored]:
    """Of one identity's stored lines, by scope in occurrence order, those a new line of
    ``scope`` may repeat, in order: the n-th new line of that identity repeats the n-th.

    The lines of its own account and of the scopes naming it less closely are distinct
    movements, so all count. A file that names its account less closely than others (no
    account, or a masked number without its product) is one account's statement: it may
    repeat the lines of one of the accounts it may be, the one holding the most (with
    the lines of the scopes between that account and its own), not of every account
    together.
    """
    own = [scope, *broader_scopes(scope)]
    lines = [line for each in own for line in stored.get(each, ())]
    accounts = [
        [
            line
            for each in (account, *broader_scopes(account))
            if each not in own
            for line in stored.get(each, ())
        ]
        for account in sorted(stored)
        if scope in broader_scopes(account)
    ]
    return [*lines, *max(accounts, key=len, default=[])]


def lines_by_scope(
    lines: Sequence[StatementLine], account: str | None, line_accounts: Mapping[int, str]
) -> dict[str, list[StatementLine]]:
    """The lines of each ``account_scope``, in file order: a line's scope is the account
    it was booked on (``line_accounts``, by row) in a file of several accounts, whose
    file-level ``account`` is None; otherwise the file's account. Scoping the whole file by
    its missing account would let a later statement of one of its accounts add the same
    movements again; occurrences are counted, and repeats looked for, within one scope."""
    grouped: dict[str, list[StatementLine]] = defaultdict(list)
    for line in lines:
        grouped[account_scope(line_accounts.get(line.row, account))].append(line)
    return grouped


def line_identity(line: StatementLine) -> LineIdentity:
    text = " ".join(part for part in (line.description, line.reference, line.counterparty) if part)
    return (
        line.date,
        line.amount.normalize(),
        line.currency,
        _SPACES.sub(" ", text).strip().casefold(),
    )


def occurrence_keys(lines: Iterable[StatementLine]) -> list[tuple[LineIdentity, int]]:
    """Each line's identity with its occurrence number (0 for the first of its kind)."""
    seen: dict[LineIdentity, int] = defaultdict(int)
    keys = []
    for line in lines:
        identity = line_identity(line)
        keys.append((identity, seen[identity]))
        seen[identity] += 1
    return keys


def merge_new_lines(
    existing: Sequence[StatementLine], incoming: Sequence[StatementLine]
) -> MergeResult:
    """The incoming lines that are not already among ``existing`` (one account's), in file
    order."""
    return merge_into_scopes({UNKNOWN_ACCOUNT: existing}, UNKNOWN_ACCOUNT, incoming)


def merge_into_scopes(
    kept: Mapping[str, Sequence[StatementLine]], scope: str, incoming: Sequence[StatementLine]
) -> MergeResult:
    """The incoming lines of ``scope`` that are not already among the lines ``kept`` by
    scope (as ``repeatable`` compares them), in file order."""
    stored: defaultdict[LineIdentity, defaultdict[str, list[StatementLine]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for other in compared_scopes(scope, kept):
        for line in kept.get(other, ()):
            stored[line_identity(line)][other].append(line)
    new: list[StatementLine] = []
    duplicates: list[Duplicate] = []
    # Once per identity: a file of 20,000 equal fees would ask for one list 20,000 times.
    earlier_of: dict[LineIdentity, Sequence[StatementLine]] = {}
    for line, (identity, occurrence) in zip(incoming, occurrence_keys(incoming), strict=True):
        earlier = earlier_of.get(identity)
        if earlier is None:
            found = stored.get(identity)
            earlier = earlier_of[identity] = repeatable(scope, found) if found else ()
        if occurrence < len(earlier):
            duplicates.append(Duplicate(line, earlier[occurrence]))
        else:
            new.append(line)
    return MergeResult(tuple(new), tuple(duplicates))


def merge_statement(
    kept: Mapping[str, Sequence[StatementLine]],
    lines: Sequence[StatementLine],
    account: str | None,
    line_accounts: Mapping[int, str],
) -> dict[str, MergeResult]:
    """A statement's lines merged into the lines ``kept`` by scope, each of its accounts
    with that account's (a file may hold several, ``lines_by_scope``), by scope.

    Every scope is compared with the lines kept before this file: its own lines never
    repeat each other, whichever accounts they are on.
    """
    return {
        scope: merge_into_scopes(kept, scope, scoped)
        for scope, scoped in lines_by_scope(lines, account, line_accounts).items()
    }


def line_places(
    lines: Sequence[StatementLine], account: str | None, line_accounts: Mapping[int, str]
) -> dict[LineKey, tuple[str, int]]:
    """Each line's scope and its occurrence among the identical lines of that scope in its
    own file, in file order: what the workspace stores with a line (its account and
    occurrence), and the order in which one identity's kept lines are repeated."""
    return {
        line.key: (scope, occurrence)
        for scope, scoped in lines_by_scope(lines, account, line_accounts).items()
        for line, (_, occurrence) in zip(scoped, occurrence_keys(scoped), strict=True)
    }


def stand_ins(
    removed: str,
    repeats: Mapping[str, Mapping[LineKey, LineKey]],
    scopes: Mapping[LineKey, str],
) -> StandIns:
    """The lines that take the place of ``removed``'s when that statement is taken out.

    ``repeats`` holds each statement's repeated lines (line -> the line kept instead), in
    the order the statements came in; ``scopes`` the scope of each line that repeated one
    of ``removed``'s. Such a line is a copy of a movement nothing holds any more, so one
    copy is kept in its place and no movement is lost. Each named account keeps its own
    first copy: two accounts' equal movements are two movements, even where each repeated
    the same line of a file that named no account (or two products' the same line of a
    file that named their masked number alone). The copies of scopes that name their
    account less closely come after those that name it more closely (``broader_scopes``):
    each then repeats the first copy already kept that it is compared with, as
    ``repeatable`` lets it repeat one account's lines, and is kept itself where there is
    none. A file's lines never repeat each other. Every other repeat stays as it was;
    ``kept`` is in import and row order.
    """
    copies = [
        (source_file, line, same_as)
        for source_file, own in repeats.items()
        if source_file != removed
        for line, same_as in own.items()
        if same_as.source_file == removed
    ]
    order = {line: position for position, (_, line, _) in enumerate(copies)}
    # Stable: the most closely named first, the unknown account last.
    copies.sort(key=lambda copy: -len(broader_scopes(scopes[copy[1]])))
    taken: defaultdict[LineKey, list[LineKey]] = defaultdict(list)  # removed line -> kept
    instead_of: dict[LineKey, LineKey] = {}
    for source_file, line, same_as in copies:
        scope = scopes[line]
        instead = next(
            (
                other
                for other in taken[same_as]
                if other.source_file != source_file
                and scopes[other] in compared_scopes(scope, (scopes[other],))
            ),
            None,
        )
        if instead is None:
            taken[same_as].append(line)
        else:
            instead_of[line] = instead
    kept = sorted((line for lines in taken.values() for line in lines), key=order.__getitem__)
    standing = set(kept)
    remaining = {
        source_file: {
            line: instead_of.get(line, same_as)
            for line, same_as in own.items()
            if line not in standing
        }
        for source_file, own in repeats.items()
        if source_file != removed
    }
    return StandIns(tuple(kept), remaining)
