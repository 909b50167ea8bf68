"""Duplicate lines across imports: the same file twice, or statements that overlap.

Identity is the line's content (date, amount, currency and normalised text), never its file
or row, so an overlapping download is recognised. Identical lines are *counted*, not
collapsed: two real 4.50 coffees on one day stay two. Between the lines already kept and a
new file, each identity keeps the larger of the two counts (each statement is complete for
the days it covers), and every skipped line names the line it duplicates. Lines are only
compared within one account's scope (``account_scope``: the account's key, however the
file writes it), and with the lines of scopes that may be the same account named less or
more closely (an unknown account; a masked number without or with its product's name; a
UK account number without or with its sort code: ``compared_scopes``). A file of no account (or of a masked number alone) is ONE account's
download: its lines repeat one account's lines only (``one_account``), and once an
account's statement repeats any of its lines, the whole file is that account's
(``unit_claims``, ``claimed_scope``), and no other account repeats its lines. A download of
no account holds two fees, account A's statement repeats one, and account B's equal fee is
B's own, not the download's other fee: a movement may be kept twice (seen unmatched),
never lost. A file of no account that repeated A's lines is A's too, so the order of
imports does not decide the claim; and downloads of that kind that repeated each other
are one account's, claimed together. A file's own lines never repeat one kept line twice,
also where its scopes nest (a row of A next to a blank one).
The pipeline, the window's session without a workspace and the workspace all merge a file
by one rule (``file_repeats``), so a run's lines and the workspace's agree on what
repeats; in memory the kept lines are indexed as a workspace stores them (``KeptLines``).
When a statement is taken out, the lines that repeated its own take their place
(``stand_ins``).

A statement that states no currency (a bank's workbook; a file given none) words a
booking as one that states it but for the currency, so a line that repeats no kept line
by identity repeats one the same but for a currency one of them leaves unstated
(``currency_alike``, ``Alike``), counted as identities are; two currencies stated are two
movements, and a kept line of no currency that a line of one currency repeated is of
that currency.

Two formats of one account word one booking differently (MT940's ``:86:`` text beside
CAMT's remittance text and the other party's name), so their lines' identities differ.
Where a file names its account (not the unknown account, nor a masked number alone:
those may be another account's), its lines that repeat no kept line by identity are
compared once more with the kept lines of that same account on their day by movement
alone (``Movement``: day, amount and currency), and are the same booking where nothing
either states tells them apart (``Booking``: a value date, references): ``file_repeats``
pairs them, the n-th with the n-th, counted as identities are (two equal payments on one
day in each file are two bookings, each kept once). Only days both files hold lines on
can meet, so outside an overlap nothing changes. Files of one kind word a booking alike,
so there a line of another wording is paired only where both state the running balance
after it and it agrees (a bank's later csv download, its texts extended): two equal
payments of one day leave two balances.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter, defaultdict
from collections.abc import (
    Callable,
    Hashable,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
    Set,
    Sized,
)
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import PurePath
from typing import Generic, TypeVar

from desktop_app import gc_pause
from desktop_app.domain import LineKey, StatementLine
from desktop_app.statements.account_key import (
    UNKNOWN_ACCOUNT,
    account_key,
    bare_key,
    is_bare_mask,
    names_less_closely,
)
from desktop_app.statements.formats.sniff import BANK_FORMATS, format_from_name
from desktop_app.statements.sniff import TABLE_EXTENSIONS

_SPACES = re.compile(r"\s+")
LineIdentity = tuple[date, Decimal, str | None, str]
# A booking as any format states it, whatever its wording: its day, amount and currency.
Movement = tuple[date, Decimal, str | None]
# A file's lines of one scope, by file name and scope: what a claim is made on.
Unit = tuple[str, str]
_Stored = TypeVar("_Stored")
_Identity = TypeVar("_Identity", bound=Hashable)
# Lines a merge handles between two calls of its checkpoint (``file_repeats``): a fraction
# of a second, even on a busy machine.
_CHECKPOINT_LINES = 2_000
# The references of a line, as a bank format joins them (``formats._common.join_unique``).
_REFERENCE_SEPARATOR = re.compile(r"\s*;\s*")
# The pairs of one movement's new and kept lines (how many of each, multiplied) past which
# a pairing that moves earlier pairs is not looked for (``_pair``): each pair is weighed.
_REPAIRED_AT_MOST = 40_000


@dataclass(frozen=True, slots=True)
class Duplicate:
    line: StatementLine  # the incoming line that is not added
    same_as: StatementLine  # the line already kept that it repeats

    @property
    def worded_differently(self) -> bool:
        """Whether the line repeats a line of another wording: the same booking as
        another format states it (``file_repeats``), not the same line again (one
        statement stating its currency and the other not words it alike)."""
        day, amount, _, text = line_identity(self.line)
        kept_day, kept_amount, _, kept_text = line_identity(self.same_as)
        return (day, amount, text) != (kept_day, kept_amount, kept_text)

    def __str__(self) -> str:
        if self.worded_differently:
            return (
                f"{self.line.key} repeats {self.same_as.key}, worded differently: "
                "the same account's booking of that day, amount and currency"
            )
        return f"{self.line.key} repeats {self.same_as.key}"


@dataclass(frozen=True, slots=True)
class Booking:
    """What a line states of its booking besides its movement (``Movement``) that two
    formats both may state, and that tells two equal movements apart: its value date, its
    references (a bank's own, an end-to-end id), folded, and the running balance after it.

    MT940 gives a value date on every line; CAMT only where the bank fills ``ValDt``;
    a spreadsheet where it has such a column. So only what both lines state is compared
    (``may_be``): a booking is not held apart from another for what one of them leaves
    out, or the same payment in two formats would still be seen twice.

    A running balance is what a table of the account states (a bank's csv or workbook):
    two equal payments of one day leave two balances, so a balance that both lines state
    and that agrees is the same booking, however each download words its text (a bank
    that extends its texts in a later download: ``_same_bookings``).
    """

    value_date: date | None
    references: frozenset[str]
    balance: Decimal | None = None

    @classmethod
    def of(cls, line: StatementLine) -> Booking:
        return cls.stated(line.value_date, line.reference, line.balance)

    @classmethod
    def stated(
        cls, value_date: date | None, reference: str, balance: Decimal | None = None
    ) -> Booking:
        """The booking of a line with this value date, reference text (the references
        a bank format joins with ``;``, or a spreadsheet's cell) and running balance."""
        references = _REFERENCE_SEPARATOR.split(_SPACES.sub(" ", reference).strip())
        folded = frozenset(each.casefold() for each in references if each)
        return cls(value_date, folded, None if balance is None else balance.normalize())

    def may_be(self, other: Booking) -> bool:
        """Whether the two may be one booking: no value date or running balance both
        state differs, and where both state references, one is the same."""
        if self.value_date and other.value_date and self.value_date != other.value_date:
            return False
        if None not in (self.balance, other.balance) and self.balance != other.balance:
            return False
        return not (self.references and other.references) or bool(
            self.references & other.references
        )


def format_family(source_file: str, read_as: str | None = None) -> str:
    """The kind of file ``source_file`` is: as the importer read it (``read_as``, its
    ``StatementImport.format``), where that is known: a bank format (MT940, CAMT, OFX,
    ...; CAMT's .052 and .053 one kind) or a table (csv, spreadsheets); otherwise by the
    extension the importer knows it by (``format_from_name``), a table's
    (``TABLE_EXTENSIONS``) or an extension of its own.

    Only files of two kinds word one booking differently; two files of one kind word it
    alike, so there a line of another wording is another booking: a second payer's
    payment of the same amount that day in an intraday MT940, or in a second export of
    the account's table, which pairing by movement would drop (``_same_bookings``). A
    .txt file may hold MT940 as well as a table, which its name cannot tell: what the
    importer read it as does."""
    if read_as:
        kind = read_as.casefold()
        if kind.startswith("camt"):
            return "camt"
        return kind if kind in BANK_FORMATS else "table"
    claimed = format_from_name(source_file)
    if claimed is not None:
        return "camt" if claimed.startswith("camt") else claimed
    extension = PurePath(source_file).suffix.lower().lstrip(".")
    if any(extension in names for names in TABLE_EXTENSIONS.values()):
        return "table"
    return extension


def movement_of(line: StatementLine) -> Movement:
    """A line's movement: its day, amount and currency (the first three parts of its
    identity, ``line_identity``), whatever its file's wording."""
    return (line.date, line.amount.normalize(), line.currency)


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
    product showing those digits ("Foo current ****12345"), nor a UK account number
    without its sort code ("12345678", as files were read before the sort code was kept)
    of the sort codes showing it ("12-34-56 12345678"). Two files that name different
    accounts never repeat each other: nor do two products with the same masked digits,
    nor two sort codes with one number.
    """
    if scope == UNKNOWN_ACCOUNT:
        return sorted({*known, UNKNOWN_ACCOUNT})
    closer = sorted({other for other in known if scope in broader_scopes(other)})
    return [scope, *broader_scopes(scope), *closer]


def broader_scopes(scope: str) -> list[str]:
    """The scopes that name ``scope``'s account less closely, closest first: its masked
    number without the product's name, or its UK account number without the sort code
    (``account_key.bare_key``), then the unknown
    account. Their lines and ``scope``'s are distinct movements (each was compared with
    the other when it came in)."""
    if scope == UNKNOWN_ACCOUNT:
        return []
    bare = bare_key(scope)
    return [UNKNOWN_ACCOUNT] if bare is None else [bare, UNKNOWN_ACCOUNT]


def repeatable(
    scope: str, stored: Mapping[str, Sequence[_Stored]], account: str | None
) -> list[_Stored]:
    """Of one identity's stored lines, by the scope each is counted on (its claim,
    ``claimed_scope``) in occurrence order, those a new line of ``scope`` may repeat, in
    order: the n-th new line of that identity repeats the n-th.

    The lines of its own account and of the scopes naming it less closely are distinct
    movements, so all count; a line of a scope naming it less closely that another
    account claimed is that account's, and does not. A file that names its account less
    closely than others (no account, or a masked number without its product) is one
    account's statement: it may repeat the lines of one of the accounts it may be,
    ``account`` (``one_account``, with the lines of the scopes between that account and
    its own), not of every account together.
    """
    own = [scope, *broader_scopes(scope)]
    lines = [line for each in own for line in stored.get(each, ())]
    if account is None:
        return lines
    between = [each for each in (account, *broader_scopes(account)) if each not in own]
    return [*lines, *(line for each in between for line in stored.get(each, ()))]


def one_account(scope: str, wanted: Iterable[tuple[int, Mapping[str, Sized]]]) -> str | None:
    """The one account, of those that name ``scope``'s less closely, whose lines a file's
    lines of ``scope`` may repeat (``repeatable``): ``wanted`` holds, for each identity
    of its lines, how many it holds and the stored lines by the scope each is counted on.

    A file of no account (or of a masked number alone) is one account's download, so it
    is taken as one account's for all its lines, the one whose lines it repeats most
    (then the one holding most; then the first by name). Chosen line by line, its fee
    repeated account A's fee and its shop account B's shop: each account's movement
    passed for the download's, and the download's own other movement was lost.
    """
    own = {scope, *broader_scopes(scope)}
    identities = list(wanted)
    candidates = sorted(
        {each for _, stored in identities for each in stored if scope in broader_scopes(each)}
    )
    if len(candidates) < 2:
        return next(iter(candidates), None)
    counted_for: defaultdict[str, list[str]] = defaultdict(list)  # scope -> candidates
    for candidate in candidates:
        for each in (candidate, *broader_scopes(candidate)):
            if each not in own:
                counted_for[each].append(candidate)
    scores = {candidate: [0, 0] for candidate in candidates}  # repeats made, lines held
    for count, stored in identities:
        held = sum(len(stored[each]) for each in own if each in stored)
        theirs: defaultdict[str, int] = defaultdict(int)
        for each, lines in stored.items():
            for candidate in counted_for.get(each, ()):
                theirs[candidate] += len(lines)
        for candidate, number in theirs.items():
            scores[candidate][0] += min(count, held + number) - min(count, held)
            scores[candidate][1] += number
    return max(candidates, key=lambda candidate: tuple(scores[candidate]))


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


def identified_by_scope(
    lines: Sequence[StatementLine], account: str | None, line_accounts: Mapping[int, str]
) -> dict[str, list[tuple[StatementLine, LineIdentity, int]]]:
    """The lines of each scope (``lines_by_scope``), in file order, each with its identity
    and its occurrence among the identical lines of that scope in its own file: what a
    merge compares, and what is kept with a line (its scope and occurrence)."""
    return {
        scope: [
            (line, identity, occurrence)
            for line, (identity, occurrence) in zip(scoped, occurrence_keys(scoped), strict=True)
        ]
        for scope, scoped in lines_by_scope(lines, account, line_accounts).items()
    }


def claimed_scope(scope: str, repeated_in: Iterable[str]) -> str:
    """The scope the movements of a file's lines of ``scope`` are known to be on: its own,
    or that of a scope ``repeated_in`` (in the order they came in) naming the account
    more closely, which thereby claims them (``unit_claims`` gives it a whole file's, and
    the files that repeated it or that it repeated).

    A file of no account (or a masked number alone) holds a movement M; account A's
    statement repeats it, so the file is A's. Account B's statement holding an equal M
    has another movement: B's line must not repeat a line of the file A claimed, or two
    accounts' two movements would be held as one. So a kept line counts as its file's
    claiming account's (``repeatable``). A line that names the account less closely than the claim leaves
    it as it is; so does a line of an account the claim is not (which only a workspace
    stored before this rule can hold).
    """
    for other in repeated_in:
        if scope in broader_scopes(other):
            scope = other
    return scope


def may_be_claimed(scope: str) -> bool:
    """Whether a line of another scope may name ``scope``'s account more closely, and so
    claim its lines (``claimed_scope``): the unknown account's, a masked number's
    without its product's name, and a number's that may be a UK account's without its
    sort code (``account_key.names_less_closely``)."""
    return scope == UNKNOWN_ACCOUNT or names_less_closely(scope)


def by_movement(scope: str) -> bool:
    """Whether a line of ``scope`` is compared with its own account's kept lines by
    movement too (``file_repeats``): not one of no account or of a masked number alone,
    which may be another account's. A plain number names its account as it always did,
    though a sort code may name it more closely (``may_be_claimed``): its own kept lines
    are its account's."""
    return scope != UNKNOWN_ACCOUNT and not is_bare_mask(scope)


@dataclass(slots=True)
class Kept(Generic[_Stored]):
    """A kept line as a new file's lines are compared with it: what is kept (a line, or
    a workspace's key to it), its key, its own scope, the scope its movement is known to
    be on (its file's claim: ``claimed_scope``, ``unit_claims``), and the files that
    share that claim (``group``: one of them names them all)."""

    item: _Stored
    key: LineKey
    claim: str
    scope: str
    group: Unit

    def unit(self) -> Unit:
        """What a claim is made on: the lines of one scope of one file."""
        return (self.key.source_file, self.scope)


# The kept lines of one account (a scope that names it: ``by_movement`` is true of
# it) holding each of the movements asked for, each with its booking (``Booking``) and
# the kind of file it is in (``format_family``, as its file was read), in the order their
# files came in and row order: what ``file_repeats`` pairs the lines that repeat no kept
# line by identity with.
SameMovements = Callable[
    [str, Set[Movement]], Mapping[Movement, Sequence[tuple[Kept[_Stored], Booking, str]]]
]


def unit_claims(repeats: Iterable[tuple[Unit, Unit]]) -> dict[Unit, tuple[str, Unit]]:
    """The account each file's lines of a scope that may be claimed (``may_be_claimed``)
    are on, with the group of such files that share it (named by one of them), from the
    repeats held: each the repeating line's unit and the repeated line's, in the order
    they came in (the repeating lines' files in import order, each in row order).

    A file of no account (or of a masked number alone) is ONE account's download, so the
    first account that repeated any of its lines claims the whole file, and a file whose
    own lines repeated an account's is that account's too: the claim does not hang on
    which came first (``claimed_scope`` over the scopes on both sides of its repeats, in
    order). Files of that kind that repeated each other, directly or through others, are
    one account's downloads too, so they share one claim: the scopes of every repeat of
    any of them. Claimed one at a time, the account that repeated one download's line
    took it, and another account's statement repeated the other's lines: one account's
    movements split between two, and an equal movement of the second was lost. Content
    cannot always tell which account such a file is: a midata export ("****12345")
    whose fee equals the savings account's ("Foo savings ****12345") is taken as the
    savings account's, and the current account's statement imported after it then keeps
    its own copy of the midata's other lines. That movement is kept twice (the
    accountant sees it unmatched); split between two products instead, the file's lines
    let each product's equal movement pass as a repeat, and one was lost. Units not in
    ``repeats`` are their own scope's, alone."""
    ordered = list(repeats)
    groups: dict[Unit, Unit] = {}  # each claimable unit's link towards its group's name

    def group(unit: Unit) -> Unit:
        while groups[unit] != unit:
            groups[unit] = groups[groups[unit]]
            unit = groups[unit]
        return unit

    for by, of in ordered:
        claimable = [unit for unit in (by, of) if may_be_claimed(unit[1])]
        for unit in claimable:
            groups.setdefault(unit, unit)
        if len(claimable) == 2:
            groups[group(by)] = group(of)
    # Only a scope's first repeat can move a claim (``claimed_scope`` narrows it).
    scopes: defaultdict[Unit, dict[str, None]] = defaultdict(dict)
    for by, of in ordered:
        for name in {group(unit) for unit in (by, of) if unit in groups}:
            scopes[name].update(((by[1], None), (of[1], None)))
    return {unit: (claimed_scope(unit[1], scopes[group(unit)]), group(unit)) for unit in groups}


def file_repeats(
    scoped: Mapping[str, Sequence[tuple[StatementLine, _Identity, int]]],
    kept: Callable[[str], Mapping[_Identity, Sequence[Kept[_Stored]]]],
    checkpoint: Callable[[int], None] | None = None,
    movements: SameMovements[_Stored] | None = None,
    kind: str | None = None,
    movement: Callable[[StatementLine, _Identity], Movement] | None = None,
    alike: Alike[_Identity] | None = None,
) -> dict[LineKey, Kept[_Stored]]:
    """The lines of one file that repeat a kept line, each with the line it repeats:
    the one rule of the pipeline, the window's session without a workspace and the
    workspace, so a run's lines and the workspace's agree on what repeats.

    ``scoped`` holds the file's lines by scope (``identified_by_scope``); ``kept`` gives
    for a scope the kept lines its lines are compared with (``compared_scopes``) by
    identity, in scope and occurrence order, each with its claim and group. The n-th
    line of an identity in a scope repeats the n-th of ``repeatable``'s lines. A
    repeated line's file, with every file of its group (``unit_claims``), is claimed by
    the line that repeats it (``claimed_scope``) before the file's next scope is merged:
    a file of two accounts' lines never gives one kept line, nor one account's two
    downloads, to both. Nor does it give one kept line to two of its scopes that nest (a
    row of account A next to a row of no account; "****12345" next to "Foo current
    ****12345"): a kept line one of its scopes repeated is not repeatable by its others,
    or the file's two movements would be held as one. The scopes that name their account
    go first, those that may be claimed (no account, a bare masked number) last: a row
    of account A takes A's own kept lines before a row of no account may, which takes
    what is left. So a named scope's lines are numbered past all of its account's kept
    lines, and its new ones never take a number a kept line holds. Every scope is
    compared with the lines kept before this file: its own lines never repeat each
    other, whichever accounts they are on.

    ``movements``, when given, gives the kept lines of an account by movement: a line of
    a scope that names its account (``by_movement`` is true of it) that repeats
    no kept line by identity then repeats a kept line of that same account with its
    movement and a booking it may be (``Booking.may_be``) that no line of this file
    repeated: one account's statement in another format words the booking otherwise
    (``_same_bookings``). Lines of no account, or of a masked number alone, are compared
    by identity only: they may be another account's. ``kind`` is the file's kind
    (``format_family``, as the importer read it); None: by its name. ``movement`` gives
    a line's movement from the line and its identity, where the identity holds it (a
    ``LineIdentity`` begins with it: not made again for every line); None:
    ``movement_of`` the line.

    ``alike``, when given, holds for an identity of the file's lines the kept identities
    that differ from it only where one states a currency and the other none
    (``currency_alike``), in order; ``kept`` gives their lines too. A line that repeats
    no kept line of its own identity then repeats one of those that no line of the file
    repeats (``_unstated_currency``): a statement that states no currency words its
    booking as one that states it, and its overlap was held twice.

    ``checkpoint``, when given, is called every few thousand lines with how far the
    comparison is, for the caller to say so and to stop at a Cancel (by raising): each
    line counts twice, once when the kept lines of its identity are sorted by claim and
    once when it is compared, so it runs up to twice the file's lines.
    """
    # The scopes of this file that repeated a line of each group, in order.
    claims: defaultdict[Unit, dict[str, None]] = defaultdict(dict)
    repeats: dict[LineKey, Kept[_Stored]] = {}
    taken: set[LineKey] = set()  # the kept lines this file's earlier scopes repeated
    named_first = sorted(scoped.items(), key=lambda item: may_be_claimed(item[0]))
    done = 0  # what ``checkpoint`` hears
    for scope, lines in named_first:
        compared = kept(scope)
        wanted = Counter(identity for _, identity, _ in lines)
        # Once per identity: a file of 20,000 equal fees would ask for one list 20,000 times.
        by_claim: dict[_Identity, dict[str, list[Kept[_Stored]]]] = {}
        heard = done
        for identity, count in wanted.items():
            if checkpoint is not None and done - heard >= _CHECKPOINT_LINES:
                checkpoint(heard := done)
            done += count
            found = compared.get(identity)
            if found:
                by_claim[identity] = _by_claim(found, claims, taken)
        held = _with_alike(by_claim, wanted, compared, alike, claims, taken)
        account = one_account(scope, ((wanted[each], held[each]) for each in held))
        earlier_of: dict[_Identity, list[Kept[_Stored]]] = {}
        for index, (line, identity, occurrence) in enumerate(lines):
            if checkpoint is not None and index % _CHECKPOINT_LINES == 0:
                checkpoint(done + index)
            earlier = earlier_of.get(identity)
            if earlier is None:
                stored = by_claim.get(identity)
                if stored is None:
                    continue
                earlier = earlier_of[identity] = repeatable(scope, stored, account)
            if occurrence < len(earlier):
                repeats[line.key] = earlier[occurrence]
        if alike is not None and alike.identities:
            stated = _Stated(compared, alike, claims, taken, account)
            _unstated_currency(scope, lines, repeats, stated)
        if movements is not None and by_movement(scope):
            moved = movement or _movement_of_line
            _same_bookings(scope, lines, repeats, taken, movements, kind, moved)
        done += len(lines)
        if len(scoped) > 1:  # the next scope's lines must not repeat what these claimed
            for line, _, _ in lines:
                same = repeats.get(line.key)
                if same is not None:
                    claims[same.group][scope] = None
                    taken.add(same.key)
    if checkpoint is not None:
        checkpoint(done)
    return repeats


def currency_alike(currency: str | None, held: Iterable[str | None]) -> list[str | None]:
    """The currencies, of those ``held`` (the kept lines of a line's day, amount and text
    are in them), in which a line of ``currency`` (None: it states none) is the same
    movement as a kept line: a line stating no currency is one of each currency stated
    (in code order), and a line stating one is one stating none. Two currencies stated
    are two movements.

    A statement that states no currency (a bank's workbook) beside one that states it
    (its csv with a Currency column) words each booking alike but for the currency, so
    a workspace and a run held their overlap twice (a payment twice)."""
    if currency is None:
        return [*sorted(each for each in set(held) if each is not None)]
    return [None] if None in held else []


@dataclass(frozen=True, slots=True)
class Alike(Generic[_Identity]):
    """The kept lines a file's lines are the same movement as but for a currency one of
    them leaves unstated (``file_repeats``): for each identity of the file's lines, the
    kept identities alike (``currency_alike``), in order; and the currencies stated by
    the lines that repeat a kept line stating none (``stated``, by its key).

    A kept line of no currency that a line of GBP repeated is a GBP movement: a line of
    EUR repeating it too would pass a EUR movement for it, and the EUR one was lost."""

    identities: Mapping[_Identity, Sequence[_Identity]]
    stated: Callable[[LineKey], Set[str]]


@dataclass(frozen=True, slots=True)
class _Stated(Generic[_Identity, _Stored]):
    """What ``_unstated_currency`` looks a scope's kept lines up in, as ``file_repeats``
    has them: the kept lines by identity, the identities alike, the scopes of this file
    that claimed a group, the kept lines its earlier scopes repeated, and the one
    account the scope's lines may repeat (``one_account``)."""

    compared: Mapping[_Identity, Sequence[Kept[_Stored]]]
    alike: Alike[_Identity]
    claims: Mapping[Unit, Iterable[str]]
    taken: Set[LineKey]
    account: str | None


def _unstated_currency(
    scope: str,
    lines: Sequence[tuple[StatementLine, _Identity, int]],
    repeats: dict[LineKey, Kept[_Stored]],
    stated: _Stated[_Identity, _Stored],
) -> None:
    """Let the lines of ``scope`` that repeat no kept line by identity repeat a kept line
    the same but for a currency one of them leaves unstated (``currency_alike``), that
    may be repeated as their own identity's (``repeatable``) and that no line of the
    file repeats, in order: the n-th such line the n-th such kept line; a kept line of
    no currency only where no line of another currency repeats it (``Alike.stated``).
    A line whose currency cell says something that is no currency
    (``states_no_currency`` is false) states one, unread: compared by identity only."""
    used = set(stated.taken)
    used.update(repeats[line.key].key for line, _, _ in lines if line.key in repeats)
    waiting: defaultdict[_Identity, list[StatementLine]] = defaultdict(list)
    for line, identity, _ in lines:
        if line.key in repeats or identity not in stated.alike.identities:
            continue
        if line.currency is not None or line.states_no_currency:
            waiting[identity].append(line)
    for identity, pending in waiting.items():
        free: list[Kept[_Stored]] = []
        currency = pending[0].currency
        for other in stated.alike.identities[identity]:
            found = stated.compared.get(other)
            if found:
                by_claim = _by_claim(found, stated.claims, stated.taken)
                mine = repeatable(scope, by_claim, stated.account)
                free.extend(
                    each
                    for each in mine
                    if each.key not in used
                    and (currency is None or stated.alike.stated(each.key) <= {currency})
                )
        for line, same in zip(pending, free, strict=False):
            repeats[line.key] = same
            used.add(same.key)


def _with_alike(
    by_claim: Mapping[_Identity, dict[str, list[Kept[_Stored]]]],
    wanted: Iterable[_Identity],
    compared: Mapping[_Identity, Sequence[Kept[_Stored]]],
    alike: Alike[_Identity] | None,
    claims: Mapping[Unit, Iterable[str]],
    taken: Set[LineKey],
) -> Mapping[_Identity, Mapping[str, Sized]]:
    """The kept lines of each of ``wanted``'s identities by claim (``by_claim``), with
    those of the identities alike but for a currency (``Alike``): what ``one_account``
    weighs, so a file of no account that states no currency is found to be the account's
    whose statement states it, as where both state it."""
    if alike is None or not alike.identities:
        return by_claim
    held: dict[_Identity, Mapping[str, Sized]] = dict(by_claim)
    for identity in wanted:
        found = [
            lines for other in alike.identities.get(identity, ()) if (lines := compared.get(other))
        ]
        if not found:
            continue
        merged = {scope: list(lines) for scope, lines in by_claim.get(identity, {}).items()}
        for lines in found:
            for scope, kept in _by_claim(lines, claims, taken).items():
                merged.setdefault(scope, []).extend(kept)
        held[identity] = merged
    return held


def _movement_of_line(line: StatementLine, _identity: object) -> Movement:
    """``movement_of`` the line, whatever its identity (``file_repeats``' default)."""
    return movement_of(line)


def _same_bookings(
    scope: str,
    lines: Sequence[tuple[StatementLine, _Identity, int]],
    repeats: dict[LineKey, Kept[_Stored]],
    taken: Set[LineKey],
    movements: SameMovements[_Stored],
    kind: str | None,
    moved: Callable[[StatementLine, _Identity], Movement],
) -> None:
    """Let the lines of ``scope`` (one a file names) that repeat no kept line by identity
    repeat a kept line of the same account, day, amount and currency, in a file of
    another kind (``format_family``), that no line of the file repeats (``taken`` by its
    earlier scopes, or by these lines), and whose booking they may be
    (``Booking.may_be``): MT940 and CAMT word one booking differently, and it would be
    seen twice (a payment twice, a duplicate payment). In a file of the same kind (a
    bank's second csv download, its texts extended), only where both lines state the
    running balance after them and it agrees: two equal payments of a day leave two
    balances, so a second payer's equal payment, worded otherwise, is still kept.

    Counted as identities are: the lines of one movement pair in order, the n-th with
    the n-th (``_pair``), so two equal payments of one day in both files are two, each
    kept once, and a third in one file is kept. Only lines of a day a kept line of the
    account is on can pair: outside the days two statements share nothing changes.
    """
    waiting: defaultdict[Movement, list[StatementLine]] = defaultdict(list)
    for line, identity, _ in lines:
        if line.key not in repeats:  # a movement made only for the lines still waiting
            waiting[moved(line, identity)].append(line)
    if not waiting:
        return
    used = set(taken) | {repeats[line.key].key for line, _, _ in lines if line.key in repeats}
    kind = kind or format_family(lines[0][0].source_file)
    for movement, held in movements(scope, waiting.keys()).items():
        free = [each for each in held if each[0].scope == scope and each[0].key not in used]
        # A file of its own kind words a booking alike, so there another wording is
        # the same booking only by a running balance both state that agrees; paired
        # first, as the stronger evidence. Then the kept lines of other kinds.
        rounds = (
            [(kept, b) for kept, b, family in free if family == kind and b.balance is not None],
            [(kept, b) for kept, b, family in free if family != kind],
        )
        for same_kind, candidates in zip((True, False), rounds, strict=True):
            new = [
                line
                for line in waiting.get(movement, [])
                if line.key not in repeats and not (same_kind and line.balance is None)
            ]
            if not candidates or not new:
                continue
            bookings = [booking for _, booking in candidates]
            pairs = _pair([Booking.of(line) for line in new], bookings)
            for index, other in pairs.items():
                repeats[new[index].key] = candidates[other][0]


def _identity_movement(_line: StatementLine, identity: LineIdentity) -> Movement:
    """A line's movement as its identity begins with it (``line_identity``), made once."""
    return identity[:3]


def _pair(new: Sequence[Booking], kept: Sequence[Booking]) -> dict[int, int]:
    """Which of ``kept`` each of ``new`` (one movement's lines, each in its file's order)
    is, by index: each the first kept booking it may be that is not paired yet, so the
    n-th pairs with the n-th where nothing tells them apart. A line left unpaired so
    (its booking is one an earlier line took, while that line may be another) moves the
    earlier pairs where that pairs it too: a bank listing a day's bookings newest first
    in one format and oldest first in the other must not leave one seen twice. That is
    looked for only where the pairs that may be are few (``_REPAIRED_AT_MOST``): a day of
    20,000 equal fees in each file pairs them in order, without a table of every pair,
    and a booking stating references looks only at the kept ones stating none or one of
    them (20,000 a side whose references differ took a minute, each against every one)."""
    owner: dict[int, int] = {}  # kept index -> new index
    unpaired = []
    # A booking stating references may only be a kept one stating none or one of them:
    # those are looked at, in order, rather than every kept booking.
    by_reference: defaultdict[str | None, list[int]] = defaultdict(list)
    for j, other in enumerate(kept):
        for reference in other.references or (None,):
            by_reference[reference].append(j)
    starts: dict[str | None, int] = {}  # each list's first position not paired yet

    def unpaired_of(reference: str | None) -> Iterator[int]:
        positions = by_reference.get(reference, [])
        start = starts.get(reference, 0)
        while start < len(positions) and positions[start] in owner:
            start += 1
        starts[reference] = start
        return (positions[at] for at in range(start, len(positions)))

    first_free = 0  # every kept booking before it is paired
    for index, booking in enumerate(new):
        candidates: Iterable[int]
        if booking.references:
            references = sorted(booking.references)
            candidates = heapq.merge(unpaired_of(None), *map(unpaired_of, references))
        else:
            while first_free in owner:
                first_free += 1
            candidates = range(first_free, len(kept))
        free = next((j for j in candidates if j not in owner and booking.may_be(kept[j])), None)
        if free is None:
            unpaired.append(index)
        else:
            owner[free] = index
    if unpaired and len(owner) < len(kept) and len(new) * len(kept) <= _REPAIRED_AT_MOST:
        fits = [[j for j, other in enumerate(kept) if each.may_be(other)] for each in new]
        for index in unpaired:
            _augment(index, fits, owner, set())
    return {index: j for j, index in owner.items()}


def _augment(
    index: int, fits: Sequence[Sequence[int]], owner: dict[int, int], seen: set[int]
) -> bool:
    """Pair the new booking ``index`` by moving earlier pairs along a path of kept
    bookings each may be (an augmenting path); ``seen`` holds those tried."""
    for j in fits[index]:
        if j in seen:
            continue
        seen.add(j)
        if j not in owner or _augment(owner[j], fits, owner, seen):
            owner[j] = index
            return True
    return False


def _by_claim(
    kept: Sequence[Kept[_Stored]],
    claims: Mapping[Unit, Iterable[str]],
    taken: Set[LineKey],
) -> dict[str, list[Kept[_Stored]]]:
    """One identity's kept lines, in order, by the scope that claims each one's file
    (with what this file's earlier scopes claimed of its group: ``claims``); none that
    another scope of its file already repeated (``taken``)."""
    by_claim: defaultdict[str, list[Kept[_Stored]]] = defaultdict(list)
    for line in kept:
        if line.key not in taken:
            by_claim[claimed_scope(line.claim, claims.get(line.group, ()))].append(line)
    return by_claim


@dataclass(frozen=True, slots=True)
class StatementMerge:
    """What merging one statement found: its lines that repeat a kept line (line -> the
    line kept instead), and each of its lines' scope and occurrence in its file
    (``identified_by_scope``)."""

    repeats: dict[LineKey, StatementLine]
    places: dict[LineKey, tuple[str, int]]


@dataclass(slots=True)
class _Entry(Kept[StatementLine]):
    """A line kept in memory, with what a workspace stores of it: its scope and occurrence,
    and the lines that repeat it (with the other repeats of its file's lines, and of the
    files that share its claim, their scopes make the claim: ``unit_claims``)."""

    identity: LineIdentity
    occurrence: int  # orders the equal lines of one scope; unique within it
    claimed_by: dict[LineKey, str] | None = None

    def sort_key(self) -> tuple[str, int]:
        return (self.scope, self.occurrence)

    def claimed(self, by: LineKey, scope: str) -> None:
        """The line ``by``, of ``scope``, repeats this one (no dict until one does: most
        kept lines are repeated by none)."""
        if self.claimed_by is None:
            self.claimed_by = {}
        self.claimed_by[by] = scope


# Where a repeat came in: its repeating line's file (in the order merged) and row, and the
# side of the repeat a scope is on (0 the repeating line's, 1 the repeated line's).
_Arrival = tuple[int, int, int]


@dataclass(slots=True)
class _Claimants:
    """The repeats that touch one unit that may be claimed and have one scope on a side
    (by repeating line, with the side it is on), and the first of them to come in:
    only a scope's first repeat can move a claim (``unit_claims``). The first is found
    again only when it goes, so a merge does not re-walk a whole file's repeats."""

    sides: dict[LineKey, int]
    first: _Arrival | None = None  # None: not known, found again when asked

    def add(self, bys: Sequence[LineKey], side: int, order: int) -> None:
        """Repeats of one file (merged ``order``-th) came in with the scope on ``side``;
        a repeat with the scope on both sides (no account repeating no account) is on
        the first."""
        if side == 0:
            self.sides.update(dict.fromkeys(bys, 0))
        else:
            self.sides.update({by: 1 for by in bys if by not in self.sides})
        if self.first is not None:
            self.first = min(self.first, (order, min(by.row for by in bys), side))

    def remove(self, bys: Iterable[LineKey], order: int) -> None:
        """Repeats of one file (merged ``order``-th) went."""
        for by in bys:
            side = self.sides.pop(by, None)
            if side is not None and self.first == (order, by.row, side):
                self.first = None

    def earliest(self, order: Mapping[str, int]) -> _Arrival:
        if self.first is None:
            self.first = min(
                (order[by.source_file], by.row, side) for by, side in self.sides.items()
            )
        return self.first


@dataclass(slots=True)
class _Identical:
    """The kept lines of one identity, and the occurrence numbers each scope's hold, with
    the highest (a clash takes the next)."""

    entries: list[_Entry]
    taken: dict[str, set[int]]
    highest: dict[str, int]


class KeptLines:
    """The lines a merge in memory has kept (a run's, or the window's session without a
    workspace), by identity, with their scope, occurrence and claim, as a workspace keeps
    them in its tables: merging a statement costs in proportion to that statement, not to
    every line kept before it, and follows the workspace's rule (``file_repeats``).
    """

    def __init__(self) -> None:
        self._by_identity: dict[LineIdentity, _Identical] = {}
        self._by_key: dict[LineKey, _Entry] = {}
        # The kept lines of scopes that name their account, by movement, as they came in:
        # what a line of another wording is compared with (``file_repeats``' movements).
        self._by_movement: dict[Movement, list[_Entry]] = {}
        # The currencies kept lines of each day, amount and text were kept in (None: none
        # stated), as they came in: what a line is the same movement as (``currency_alike``).
        self._currencies: dict[tuple[date, Decimal, str], set[str | None]] = {}
        # The currency each line that repeated a kept line states, where it states one.
        self._currency_of: dict[LineKey, str] = {}
        # What makes the claims (``unit_claims``), kept as repeats come and go: for each
        # unit that may be claimed, the repeats touching it by each scope on their sides,
        # and the units of that kind it repeated or that repeated it, with how often.
        self._claimers: dict[Unit, dict[str, _Claimants]] = {}
        self._links: dict[Unit, Counter[Unit]] = {}
        # Each file's place in the order merged, as a workspace numbers its statements:
        # claims follow the repeats in the order they came in.
        self._order: dict[str, int] = {}
        self._merged = 0
        # Each file's kind as it was read (``format_family``), by name.
        self._kinds: dict[str, str] = {}

    def merge(
        self,
        lines: Sequence[StatementLine],
        account: str | None,
        line_accounts: Mapping[int, str],
        read_as: str | None = None,
    ) -> StatementMerge:
        """Merge a statement's lines: keep those that repeat no kept line, and let those
        that do claim the line they repeat. ``read_as`` is the format the importer read
        the file as (``StatementImport.format``); None: its kind is told by its name."""
        with gc_pause.paused():  # a large file makes many small objects and no cycles
            return self._merge(lines, account, line_accounts, read_as)

    def _merge(
        self,
        lines: Sequence[StatementLine],
        account: str | None,
        line_accounts: Mapping[int, str],
        read_as: str | None,
    ) -> StatementMerge:
        kind = None
        for line in lines[:1]:  # a file merged again (taken out before) comes in anew
            self._order[line.source_file] = self._merged = self._merged + 1
            kind = self._kinds[line.source_file] = format_family(line.source_file, read_as)
        scoped = identified_by_scope(lines, account, line_accounts)
        identities = {identity for each in scoped.values() for _, identity, _ in each}
        alike = Alike(self._alike(identities), self._stated)
        compared = self._compared(identities.union(*alike.identities.values()))
        repeats = file_repeats(
            scoped,
            lambda _: compared,
            movements=self._movements,
            kind=kind,
            movement=_identity_movement,
            alike=alike,
        )
        places: dict[LineKey, tuple[str, int]] = {}
        for scope, identified in scoped.items():
            for line, identity, occurrence in identified:
                key = line.key
                places[key] = (scope, occurrence)
                if key not in repeats:
                    self._keep(line, key, identity, scope, occurrence)
        self._claim_all(repeats, places)
        self._currency_of.update(
            (line.key, line.currency)
            for line in lines
            if line.currency is not None and line.key in repeats
        )
        return StatementMerge({key: same.item for key, same in repeats.items()}, places)

    def _alike(self, identities: Iterable[LineIdentity]) -> dict[LineIdentity, list[LineIdentity]]:
        """The kept identities each of ``identities`` is the same movement as but for a
        currency one of them leaves unstated (``currency_alike``), where there are any."""
        found = {}
        for day, amount, currency, text in identities:
            held = self._currencies.get((day, amount, text), ())
            same = [(day, amount, other, text) for other in currency_alike(currency, held)]
            if same:
                found[(day, amount, currency, text)] = same
        return found

    def _stated(self, key: LineKey) -> set[str]:
        """The currencies the lines repeating the kept line ``key`` state (``Alike``)."""
        claimed_by = self._by_key[key].claimed_by or {}
        return {currency for by in claimed_by if (currency := self._currency_of.get(by))}

    def _claim_all(
        self,
        repeats: Mapping[LineKey, Kept[StatementLine]],
        places: Mapping[LineKey, tuple[str, int]],
    ) -> None:
        """A merged file's repeated lines claim the kept lines they repeat (``claim``),
        noted unit by unit: a file repeating 40,000 lines makes a handful of notes."""
        made: defaultdict[tuple[Unit, Unit], list[LineKey]] = defaultdict(list)
        for by, same in repeats.items():
            entry = self._by_key[same.key]
            scope = places[by][0]
            entry.claimed(by, scope)
            made[((by.source_file, scope), entry.unit())].append(by)
        for (repeating, repeated), bys in made.items():
            self._note(bys, repeating, repeated, held=True)

    def keep(self, line: StatementLine, scope: str, occurrence: int) -> None:
        """Keep a line merged before (one standing in for a line taken out)."""
        self._keep(line, line.key, line_identity(line), scope, occurrence)

    def forget(self, keys: Iterable[LineKey]) -> None:
        """Kept lines are taken out (their statement was removed)."""
        # The identities some of whose lines stay, by id, with their lines that go.
        thinned: dict[int, tuple[_Identical, list[_Entry]]] = {}
        moved: defaultdict[Movement, set[int]] = defaultdict(set)  # the lines that go, by id
        for key in keys:
            entry = self._by_key.pop(key)
            if by_movement(entry.scope):
                moved[entry.identity[:3]].add(id(entry))
            for by, scope in (entry.claimed_by or {}).items():
                self._note([by], (by.source_file, scope), entry.unit(), held=False)
            same = self._by_identity[entry.identity]
            if len(same.entries) == 1:
                del self._by_identity[entry.identity]
            else:
                thinned.setdefault(id(same), (same, []))[1].append(entry)
        for same, gone in thinned.values():
            left = {id(entry) for entry in same.entries} - {id(entry) for entry in gone}
            same.entries = [entry for entry in same.entries if id(entry) in left]
            for entry in gone:
                same.taken[entry.scope].discard(entry.occurrence)
            same.highest = {scope: max(taken, default=-1) for scope, taken in same.taken.items()}
        for movement, gone_ids in moved.items():
            left_of = [each for each in self._by_movement[movement] if id(each) not in gone_ids]
            if left_of:
                self._by_movement[movement] = left_of
            else:
                del self._by_movement[movement]

    def claim(self, key: LineKey, by: LineKey, scope: str) -> None:
        """The line ``by``, of ``scope``, repeats the kept line ``key``."""
        entry = self._by_key[key]
        entry.claimed(by, scope)
        self._note([by], (by.source_file, scope), entry.unit(), held=True)

    def unclaim(self, key: LineKey, by: LineKey) -> None:
        """The line ``by`` no longer repeats the kept line ``key`` (it was taken out, or
        now repeats another): the file's claim is then what the repeats left make."""
        entry = self._by_key[key]
        assert entry.claimed_by is not None
        scope = entry.claimed_by.pop(by)
        self._note([by], (by.source_file, scope), entry.unit(), held=False)

    def _note(self, bys: Sequence[LineKey], repeating: Unit, repeated: Unit, *, held: bool) -> None:
        """Repeats (the lines ``bys`` of the unit ``repeating`` each repeat a line of the
        unit ``repeated``) came in, or went: the units they touch that may be claimed
        take or drop them, by the scope on each of their sides, and two such units are
        linked by them."""
        touched = [unit for unit in (repeating, repeated) if may_be_claimed(unit[1])]
        order = self._order[repeating[0]]
        for unit in touched:
            claimers = self._claimers.setdefault(unit, {})
            for side, (_, scope) in enumerate((repeating, repeated)):
                claimants = claimers.setdefault(scope, _Claimants({}))
                if held:
                    claimants.add(bys, side, order)
                else:
                    claimants.remove(bys, order)
                    if not claimants.sides:
                        del claimers[scope]
            if not claimers:
                del self._claimers[unit]
        if len(touched) == 2:
            for unit, other in (touched, touched[::-1]):
                links = self._links.setdefault(unit, Counter())
                links[other] += len(bys) if held else -len(bys)
                if not links[other]:
                    del links[other]
                if not links:
                    del self._links[unit]

    def _keep(
        self, line: StatementLine, key: LineKey, identity: LineIdentity, scope: str, n: int
    ) -> None:
        """Keep a line with its occurrence in its file; should a kept line of its scope and
        identity hold that number (one another account claimed, which a new line of its
        scope does not repeat; or when it stands in for a line taken out), it takes the
        next free one, as a workspace numbers it."""
        same = self._by_identity.get(identity)
        if same is None:
            same = self._by_identity[identity] = _Identical([], {}, {})
        taken = same.taken.setdefault(scope, set())
        highest = same.highest.get(scope, -1)
        occurrence = highest + 1 if n in taken else n
        taken.add(occurrence)
        same.highest[scope] = max(highest, occurrence)
        entry = _Entry(line, key, scope, scope, (key.source_file, scope), identity, occurrence)
        same.entries.append(entry)
        self._by_key[key] = entry
        if by_movement(scope):  # its movement: its identity but the text
            self._by_movement.setdefault(identity[:3], []).append(entry)
        day, amount, currency, text = identity
        self._currencies.setdefault((day, amount, text), set()).add(currency)

    def _movements(
        self, scope: str, wanted: Set[Movement]
    ) -> dict[Movement, list[tuple[Kept[StatementLine], Booking, str]]]:
        """The kept lines of ``scope`` with each of the ``wanted`` movements, each with
        its booking and its file's kind, in the order their files were merged and row
        order, as a workspace reads them (``file_repeats``' movements)."""
        found: dict[Movement, list[tuple[Kept[StatementLine], Booking, str]]] = {}
        for movement in wanted:
            held = [entry for entry in self._by_movement.get(movement, ()) if entry.scope == scope]
            if held:
                held.sort(key=lambda entry: (self._order[entry.key.source_file], entry.key.row))
                found[movement] = [
                    (entry, Booking.of(entry.item), self._kind(entry.key.source_file))
                    for entry in held
                ]
        return found

    def _kind(self, source_file: str) -> str:
        """The kind of a kept line's file, as it was read when merged."""
        return self._kinds.get(source_file) or format_family(source_file)

    def _compared(self, identities: Iterable[LineIdentity]) -> dict[LineIdentity, list[_Entry]]:
        """The kept lines of each of ``identities``, in scope and occurrence order, as a
        workspace reads them, each with its claim and group: ``repeatable`` takes those a
        line of a scope may repeat."""
        found = {}
        for identity in identities:
            same = self._by_identity.get(identity)
            if same is not None and same.entries:
                found[identity] = sorted(same.entries, key=_Entry.sort_key)
        entries = [entry for each in found.values() for entry in each]
        claims = self._claims({entry.unit() for entry in entries if may_be_claimed(entry.scope)})
        for entry in entries:
            unit = entry.unit()
            entry.claim, entry.group = claims.get(unit, (entry.scope, unit))
        return found

    def _claims(self, units: Iterable[Unit]) -> dict[Unit, tuple[str, Unit]]:
        """The account each of ``units`` (a file's kept lines of one scope that may be
        claimed) is on, with its group, as ``unit_claims`` finds them from every repeat:
        the scopes on the sides of the repeats touching any unit of its group, each by
        its first repeat to come in."""
        claims: dict[Unit, tuple[str, Unit]] = {}
        for unit in units:
            if unit in claims:
                continue
            group = self._group(unit)
            firsts: dict[str, _Arrival] = {}
            for member in group:
                for scope, claimants in self._claimers.get(member, {}).items():
                    first = claimants.earliest(self._order)
                    known = firsts.get(scope)
                    if known is None or first < known:
                        firsts[scope] = first
            ordered = sorted(firsts, key=firsts.__getitem__)
            name = min(group)
            for member in group:
                claims[member] = (claimed_scope(member[1], ordered), name)
        return claims

    def _group(self, unit: Unit) -> set[Unit]:
        """The units that may be claimed linked to ``unit`` by repeats, directly or
        through others, with ``unit``."""
        group = {unit}
        waiting = [unit]
        while waiting:
            for other in self._links.get(waiting.pop(), ()):
                if other not in group:
                    group.add(other)
                    waiting.append(other)
        return group


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
    file that named their masked number alone), as a workspace stored them before such a
    line became the first account's to repeat it (``claimed_scope``). The copies of
    scopes that name their account less closely come after those that name it more
    closely (``broader_scopes``): each then repeats the first copy already kept that it
    is compared with, as ``repeatable`` lets it repeat one account's lines, and is kept
    itself where there is none. A file's lines never repeat each other. Every other
    repeat stays as it was; ``kept`` is in import and row order.
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
