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
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from desktop_app.statements.layout import Layout
from desktop_app.statements.mapping import Mapping


@dataclass(frozen=True, slots=True)
class BalanceSign:
    """What was decided of the balances' sign: ``kept`` (``Layout.balance_sign_kept``),
    whether the steps decided it (``Layout.balance_sign_by_steps``), and the warning where
    they decided against what the mapping remembered (``Layout.balance_sign_doubt``)."""

    kept: bool = False
    by_steps: bool = False
    doubt: str | None = None


def remembered(mapping: Mapping) -> bool | None:
    """The sign ``mapping`` remembers for the balances, where it flips every sign; None
    where it remembers none, or flips nothing (then it says nothing of the balances)."""
    return mapping.balance_sign_kept if mapping.invert_sign else None


def as_remembered(mapping: Mapping) -> str:
    """Who decided the sign where the steps could not, for the evidence: "as the saved
    profile 'My bank' remembers from the file it was saved from", or the mapping's key."""
    if mapping.profile is not None:
        return f"as the saved profile '{mapping.profile}' remembers from the file it was saved from"
    return f'as the mapping says ("balance_sign_kept": {_json(mapping.balance_sign_kept)})'


def kept_said(subject: str, kept: bool) -> str:
    """The evidence's head for the sign taken: "balance: column 'Balance' keeps its sign,
    the amounts alone flipped", or negated with them."""
    if kept:
        return f"balance: {subject} keeps its sign, the amounts alone flipped"
    return f"balance: {subject} negated with the amounts, every sign flipped"


def disagreement(mapping: Mapping, kept: bool) -> str:
    """What the evidence adds where the steps decided ``kept`` against the sign
    ``mapping`` remembers: that it does, and that the steps are followed."""
    return f"; {_memory(mapping, not kept)}, but its steps here say otherwise and are followed"


def contradiction(mapping: Mapping, kept: bool) -> str:
    """The warning where the balance column's steps decided ``kept`` against the sign
    ``mapping`` remembers. Said, not followed: the steps are the file's own arithmetic.
    What to do differs: a profile is saved again from a file read as wanted (or kept for
    the other account's export, whose quiet months it reads right); a mapping's key is
    set as the steps say, or left out."""
    found = (
        "keeps its sign, the amounts alone flipped, as a bank account's balance does"
        if kept
        else "is negated with the amounts, as a card's balance owed is"
    )
    said = (
        f"the running balance {found}: only so do its steps add up, but "
        f"{_memory(mapping, not kept)}; the steps are followed"
    )
    if mapping.profile is None:
        return f'{said}: set "balance_sign_kept" to {_json(kept)} in the mapping, or leave it out'
    return (
        f"{said}. A month with too few steps to say is read as the profile remembers: if "
        "this export now reads this way, save the profile again from this file; if the "
        "profile is applied to two accounts' exports alike (a bank account's and a "
        "card's), check the balances of such a month"
    )


def remember(mapping: Mapping, read: Layout | None) -> Mapping:
    """``mapping`` as a profile keeps it: with the sign the balance column's steps decided
    in ``read`` (the file read with it), where they did; with the sign it remembered
    already where they could not (a profile saved again from a quiet month); with none
    where it flips no sign, as the wizard's unticked "flip every sign" over a profile
    that did leaves it."""
    if not mapping.invert_sign:
        return replace(mapping, balance_sign_kept=None)
    if read is not None and read.invert_sign and read.balance_sign_by_steps:
        return replace(mapping, balance_sign_kept=read.balance_sign_kept)
    return mapping


def _memory(mapping: Mapping, kept: bool) -> str:
    """What ``mapping`` remembers of the balance: that it keeps its sign (``kept``) or is
    negated with the amounts."""
    if mapping.profile is not None:
        how = "keeping its sign" if kept else "negated with the amounts"
        return f"the saved profile '{mapping.profile}' remembers it {how}"
    how = "keeps its sign" if kept else "is negated with the amounts"
    return f'the mapping says it {how} ("balance_sign_kept": {_json(kept)})'


def _json(value: bool | None) -> str:
    return "true" if value else "false"
