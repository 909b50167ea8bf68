"""Whether a file whose every sign is flipped keeps its balances' sign, and who said so.

With ``invert_sign`` (the wizard's "flip every sign") the balances keep their sign where
only so the balance column runs with the flipped amounts (a bank account's export), and
are negated with them where it ran with the dates as written (a card's balance owed):
the column's steps decide (``infer._flipped_balance``). A quiet month has too few steps
to decide by (one line, none, dates in no order), and negated by default, a bank
account's balance in credit showed it overdrawn, its opening a month apart from the
closing of the busy month before.

So a saved profile remembers the decision of the file it was saved from, where that
file's steps made it (``Mapping.balance_sign_kept``), and a file whose steps cannot say is
read as it remembers, the evidence naming the profile. Steps that say are followed
whatever the profile remembers: they are arithmetic, and the other sign would break
every one of them. But an accountant wants to know when they disagree: it means the
export changed, or one profile serves two accounts' exports alike (a bank's current
account and card, whose files share their columns), and a quiet month of one of them is
then read as the other's. So a warning says so, and what to do.

A file with no balance column may state its opening and closing balances around its
table: their own arithmetic, in the order their words give them ("Opening balance" +
the movements = "Closing balance"), says it as the steps do (``by_stated``), where the
movements add up to anything: negated the wrong way, the balances still added up, but
with the closing balance taken for the opening, and said nothing.

Where nothing in the file says, and nothing remembers, the balances are negated with
the amounts, and the evidence says that it was assumed and why (``by_default``): a
file that shows money out as positive is most often a card's, written from the
issuer's side, whose balance owed the holder owes (the "inverse sign" of other
statement importers is offered for cards, and negates the balance with the amounts).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from desktop_app.statements.layout import Layout, SignMemory, SignUnsaid
from desktop_app.statements.mapping import Mapping
from desktop_app.statements.stated_balances import StatedBalances, as_labelled


@dataclass(frozen=True, slots=True)
class BalanceSign:
    """What was decided of the balances' sign: ``kept`` (``Layout.balance_sign_kept``),
    whether the steps decided it (``Layout.balance_sign_by_steps``), the warning where
    they decided against what the mapping remembered (``Layout.balance_sign_doubt``), and
    where they did not, what the stated balances need to (``unsaid``)."""

    kept: bool = False
    by_steps: bool = False
    doubt: str | None = None
    # Where the steps did not say: what the balances stated around the table need to say
    # it instead, once the lines are read (``Layout.balance_sign_unsaid``).
    unsaid: SignUnsaid | None = None


def memory_of(mapping: Mapping) -> SignMemory | None:
    """What ``mapping`` remembers of the balances' sign, kept with the layout it reads
    (``Layout.balance_sign_memory``); None where it flips no sign."""
    if not mapping.invert_sign:
        return None
    return SignMemory(mapping.balance_sign_kept, mapping.profile)


def undecided(subject: str, memory: SignMemory, why: str) -> str:
    """The evidence where nothing in the file says which sign ``subject``'s balances keep
    (``why``: the whole clause saying why not): the sign ``memory`` remembers, naming who
    remembers it; else negated with the amounts, saying that this was assumed and why
    (``by_default``). One sentence for a balance column's steps, the balances stated
    around a table and a statement with no movements alike."""
    if memory.kept is not None:
        return f"{kept_said(subject, memory.kept)}, {as_remembered(memory)}: {why}"
    return f"{kept_said(subject, kept=False)}: {why}, and {by_default(memory.profile)}"


def decided(
    memory: SignMemory, kept: bool, text: str, *, stated: bool = False
) -> tuple[str, str | None]:
    """The evidence ``text`` of the sign the steps (``stated``: the balances stated around
    a table with no balance column) decided, ``kept``, and the warning where ``memory``
    remembers the other: then the evidence says so too (``disagreement``), and the warning
    what to do (``contradiction``); the steps are followed either way. None for the
    warning where they agree, or nothing is remembered."""
    if memory.kept is None or memory.kept == kept:
        return text, None
    return (
        text + disagreement(memory, kept, stated=stated),
        contradiction(memory, kept, stated=stated),
    )


def as_remembered(memory: SignMemory) -> str:
    """Who decided the sign where the steps could not, for the evidence: "as the saved
    profile 'My bank' remembers from the file it was saved from", or the mapping's key."""
    if memory.profile is not None:
        return f"as the saved profile '{memory.profile}' remembers from the file it was saved from"
    return f'as the mapping says ("balance_sign_kept": {_json(memory.kept)})'


def kept_said(subject: str, kept: bool) -> str:
    """The evidence's head for the sign taken: "balance: column 'Balance' keeps its sign,
    the amounts alone flipped", or negated with them."""
    if kept:
        return f"balance: {subject} keeps its sign, the amounts alone flipped"
    return f"balance: {subject} negated with the amounts, every sign flipped"


# What to do where the balances were negated by default and the file is a bank account's,
# as the command line words it; the import wizard says its own (``statement_backend``).
BALANCE_SIGN_REMEDY = (
    "(if this is one, save a profile from a month whose balances say which sign they keep, "
    'or give the mapping "balance_sign_kept": true)'
)


def by_default(profile: str | None) -> str:
    """The evidence's tail where nothing in the file says which sign the balances keep
    and nothing remembers it (``profile``: the saved profile applied, which remembers
    none, or None): that they are negated, why that is the default, and what to do
    where it is wrong."""
    if profile is None:
        who = 'no saved profile remembers it, nor does the mapping say ("balance_sign_kept")'
    else:
        who = (
            f"the saved profile '{profile}' remembers no sign for them (saved from a month "
            "whose balances did not say, or before profiles remembered it)"
        )
    return (
        f"{who}: negated, the default, as a card's balance owed is, which a file showing "
        "money out as positive most often is; a bank account's balance in credit reads so "
        f"as overdrawn {BALANCE_SIGN_REMEDY}"
    )


def disagreement(memory: SignMemory, kept: bool, *, stated: bool = False) -> str:
    """What the evidence adds where the steps (``stated``: the balances stated around a
    table with no balance column) decided ``kept`` against the sign ``memory``
    remembers: that it does, and that they are followed."""
    said = "the stated balances here say" if stated else "its steps here say"
    return f"; {_memory(memory, not kept)}, but {said} otherwise and are followed"


def contradiction(memory: SignMemory, kept: bool, *, stated: bool = False) -> str:
    """The warning where the balance column's steps (or, ``stated``, the balances stated
    around a table with no balance column) decided ``kept`` against the sign ``memory``
    remembers. Said, not followed: the steps are the file's own arithmetic.
    What to do differs: a profile is saved again from a file read as wanted (or kept for
    the other account's export, whose quiet months it reads right); a mapping's key is
    set as the steps say, or left out."""
    if stated:
        found = (
            "keep their sign, the amounts alone flipped, as a bank account's balance does"
            if kept
            else "are negated with the amounts, as a card's balance owed is"
        )
        said = (
            f"the stated balances {found}: only so does the opening balance plus the "
            f"movements reach the closing balance, but {_memory(memory, not kept)}; the "
            "stated balances are followed"
        )
    else:
        found = (
            "keeps its sign, the amounts alone flipped, as a bank account's balance does"
            if kept
            else "is negated with the amounts, as a card's balance owed is"
        )
        said = (
            f"the running balance {found}: only so do its steps add up, but "
            f"{_memory(memory, not kept)}; the steps are followed"
        )
    if memory.profile is None:
        return f'{said}: set "balance_sign_kept" to {_json(kept)} in the mapping, or leave it out'
    return (
        f"{said}. A month with too few steps to say is read as the profile remembers: if "
        "this export now reads this way, save the profile again from this file; if the "
        "profile is applied to two accounts' exports alike (a bank account's and a "
        "card's), check the balances of such a month"
    )


STATED = "each balance stated"  # the balances' subject where no balance column holds them


def by_stated(kept: StatedBalances, negated: StatedBalances) -> bool | str:
    """Which sign the balances stated around a table with no balance column keep, where
    every sign is flipped, by their own arithmetic (``kept``: the balances read with
    their sign, ``negated``: with it flipped): True where kept they add up with the one
    their words call the opening first and negated they do not, False the other way
    round. Negated the wrong way they still add up, but only with the closing balance
    taken for the opening, which is how a bank account's export was read.

    Where they do not say, why not, for the evidence: one balance alone, movements that
    add up to nothing (then both ways add up), or words that name no opening (two rows
    of "Balance"), or balances that add up neither way."""
    by_kept, by_negated = as_labelled(kept), as_labelled(negated)
    if by_kept != by_negated:
        return by_kept
    if by_kept:
        return "the movements add up to nothing, so the stated balances add up either way"
    if kept.opening is None or kept.closing is None:
        return "one balance alone is stated, with nothing to add the movements to"
    return "the stated balances add up neither way with the one their words call the opening first"


def stated_said(kept: bool, stated: StatedBalances, unsaid: SignUnsaid | None = None) -> str:
    """The evidence where the balances stated (``stated``, read with the sign taken)
    decided ``kept``: that only so do they add up, opening first, and what the other sign
    would have made of them. Where a balance column's steps did not say (``unsaid``), the
    column is what it names, and why its steps did not: the stated balances said it."""
    opening, closing = stated.opening, stated.closing
    assert opening is not None  # they decided: both are stated
    assert closing is not None
    like = "a bank account's balance does" if kept else "a card's balance owed does"
    other = "negated with the amounts" if kept else "kept"
    subject = STATED if unsaid is None else unsaid.subject
    steps = "" if unsaid is None else f" {unsaid.why}, but the stated balances say it:"
    return (
        f"{kept_said(subject, kept)}:{steps} only so does {opening.label} (row "
        f"{opening.row}) plus the movements reach {closing.label} (row {closing.row}), as "
        f"{like}; {other}, they would add up only with {closing.label} taken for the opening"
    )


def stated_undecided(memory: SignMemory, reason: str, unsaid: SignUnsaid | None = None) -> str:
    """The evidence where the balances stated around the table do not say which sign they
    keep either (``reason``, ``by_stated``'s), nor a balance column's steps (``unsaid``,
    where there is one): the sign ``memory`` remembers, else negated (``undecided``)."""
    if unsaid is None:
        return undecided(STATED, memory, reason)
    return undecided(unsaid.subject, memory, f"{unsaid.why}; {reason}")


def remember(mapping: Mapping, read: Layout) -> Mapping:
    """``mapping`` as a profile keeps it: with the sign the balance column's steps decided
    in ``read`` (the file read with it), where they did; with the sign it remembered
    already where they could not (a profile saved again from a quiet month); with none
    where it flips no sign, as the wizard's unticked "flip every sign" over a profile
    that did leaves it."""
    if not mapping.invert_sign:
        return replace(mapping, balance_sign_kept=None)
    if read.invert_sign and read.balance_sign_by_steps:
        return replace(mapping, balance_sign_kept=read.balance_sign_kept)
    return mapping


def _memory(memory: SignMemory, kept: bool) -> str:
    """What ``memory`` says is remembered of the balance: that it keeps its sign (``kept``)
    or is negated with the amounts."""
    if memory.profile is not None:
        how = "keeping its sign" if kept else "negated with the amounts"
        return f"the saved profile '{memory.profile}' remembers it {how}"
    how = "keeps its sign" if kept else "is negated with the amounts"
    return f'the mapping says it {how} ("balance_sign_kept": {_json(kept)})'


def _json(value: bool | None) -> str:
    return "true" if value else "false"
