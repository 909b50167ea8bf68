"""Decisions whose invoice changed at its provider after they were made (no Qt here).

A fetch that finds a decided invoice with another amount, void (or written off, or a draft
again) or no longer returned flags the decisions in force on it (``workspace``). Such a
decision still binds the matcher, so the window says so: a banner after the fetch (and on
opening a workspace that holds any), a mark on each such row of the Reconcile screen with
why in its tooltip, and "Needs review" lists them with the engine's suggestions.

Deciding the pairing again clears the flag. Accept on a flagged row the accountant
confirmed confirms it again: the same decision is recorded again (an accept, a match by
hand), its reason saying what was reviewed, and the row stays as it was; Reject on a
flagged rejection rejects it again. Any other accept, reject or unmatch replaces it, as
it would any decision.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from datetime import datetime

from desktop_app.domain import (
    Decision,
    DecisionKind,
    Invoice,
    InvoiceKey,
    LineKey,
    Match,
    MatchState,
)
from desktop_app.ui import review
from desktop_app.ui.formatting import short
from desktop_app.ui.review import (
    CONFIRMED,
    KeptHold,
    MatchKey,
    ReviewChange,
    describe,
    match_key,
)
from desktop_app.ui.services import ReviewFlag, ReviewFlagChanges
from desktop_app.wording import and_list, counted, moment_text, plural
from desktop_app.workspace.records import ReviewCause

MARK = "⚠"  # before a flagged row's state, so it shows in the narrowest column
FIRST_FEW = 3  # decisions a banner names; its details list them all

# What happened to the invoice, as the banner counts it.
CAUSE_WORDS = {
    ReviewCause.AMOUNT: "amount changed",
    ReviewCause.VOID: "void or written off",
    ReviewCause.MISSING: "no longer returned by its provider",
}
# What the accountant decided, in the words the Reconcile screen's states use.
DECIDED = {
    DecisionKind.ACCEPT: "accepted",
    DecisionKind.MANUAL_MATCH: "matched by hand",
    DecisionKind.REJECT: "rejected",
}
# The decision recorded again to confirm a flagged row as it stands.
_AGAIN = {
    MatchState.ACCEPTED: DecisionKind.ACCEPT,
    MatchState.MANUAL: DecisionKind.MANUAL_MATCH,
    MatchState.REJECTED: DecisionKind.REJECT,
}

InvoiceOf = Callable[[InvoiceKey], Invoice | None]


class ReviewFlags:
    """The flags in force, by the pairing of the decision each is on (a decision whose
    invoice changed twice, or two of whose invoices changed, has several)."""

    def __init__(self, flags: Iterable[ReviewFlag] = ()) -> None:
        grouped: defaultdict[MatchKey, list[ReviewFlag]] = defaultdict(list)
        for flag in flags:
            grouped[flag.decision.pairing].append(flag)
        self._by_pairing = {pairing: tuple(found) for pairing, found in grouped.items()}

    def ids(self) -> frozenset[int]:
        """The flags held, by their workspace number (``ReviewFlag.id``)."""
        return frozenset(flag.id for found in self._by_pairing.values() for flag in found)

    def updated(self, changes: ReviewFlagChanges) -> tuple[ReviewFlags, set[MatchKey]]:
        """These flags with ``changes`` made, and the pairings whose flags changed: only
        the pairings changed are touched, so a step costs what it changed, not what the
        workspace holds."""
        by_pairing = dict(self._by_pairing)
        changed: set[MatchKey] = set()
        if changes.gone:
            for pairing, found in self._by_pairing.items():
                kept = tuple(flag for flag in found if flag.id not in changes.gone)
                if len(kept) != len(found):
                    changed.add(pairing)
                    if kept:
                        by_pairing[pairing] = kept
                    else:
                        del by_pairing[pairing]
        for flag in changes.new:
            pairing = flag.decision.pairing
            by_pairing[pairing] = (*by_pairing.get(pairing, ()), flag)
            changed.add(pairing)
        result = ReviewFlags()
        result._by_pairing = by_pairing
        return result, changed

    def __len__(self) -> int:
        """How many decisions need review."""
        return len(self._by_pairing)

    def __iter__(self) -> Iterator[tuple[ReviewFlag, ...]]:
        """Each decision's flags, in the order the first of them was raised."""
        return iter(self._by_pairing.values())

    def on(self, match: Match) -> tuple[ReviewFlag, ...]:
        """The flags on the decision a row shows: only the accountant's own rows (accepted,
        matched by hand, rejected) show a decision."""
        if not self._by_pairing or not match.decided_by_user:
            return ()
        return self._by_pairing.get(match_key(match), ())

    def flagged(self, pairing: MatchKey) -> bool:
        """Whether the decision on this pairing is flagged for review (Flagged decisions
        lists it), row or none."""
        return pairing in self._by_pairing

    def changed_from(self, before: ReviewFlags) -> set[MatchKey]:
        """The pairings whose flags differ from ``before``'s: their rows change."""
        pairings = self._by_pairing.keys() | before._by_pairing.keys()
        return {p for p in pairings if self._by_pairing.get(p) != before._by_pairing.get(p)}


def needs_review(match: Match, flags: ReviewFlags) -> bool:
    """What "Needs review" lists: the engine's suggestions, and the accountant's decisions
    whose invoice changed since they were made."""
    return match.state is MatchState.SUGGESTED or bool(flags.on(match))


def invoice_name(key: InvoiceKey, invoice: Invoice | None) -> str:
    """'Elevate Billing EL-2025-0042': its provider and what the accountant calls it, as
    the window holds it or the workspace last held it (``last_held``); its id only where
    neither does."""
    label = invoice.label if invoice is not None else key.invoice_id
    return f"{key.provider} {short(label)}"


def last_held(flags: Iterable[Sequence[ReviewFlag]], invoice_of: InvoiceOf) -> InvoiceOf:
    """``invoice_of`` (the invoices the window holds), else the invoice as the workspace
    last held it, which the flags carry (``ReviewFlag.named``): what names a flagged
    decision's invoice its provider no longer returns by its number (``invoice_name``),
    as at the fetch that flagged it, after the workspace is reopened too."""
    held = {invoice.key: invoice for found in flags for flag in found for invoice in flag.named}
    if not held:
        return invoice_of

    def name_of(key: InvoiceKey) -> Invoice | None:
        invoice = invoice_of(key)
        return invoice if invoice is not None else held.get(key)

    return name_of


def state_text(text: str, flagged: bool) -> str:
    """A row's state as the table shows it: marked when its decision needs review."""
    return f"{MARK} {text}" if flagged else text


def row_note(match: Match, flags: Sequence[ReviewFlag]) -> str:
    """A flagged row's tooltip: what changed, and what clears it."""
    invoices = {invoice.key: invoice for invoice in match.invoices}
    changed = "; ".join(
        f"{invoice_name(f.invoice, invoices.get(f.invoice))} {f.reason}" for f in flags
    )
    if match.state is MatchState.REJECTED:
        clears = "Reject (R) it again to keep it refused, or accept (A) or unmatch (U) it."
    else:
        clears = "Accept (A) it again to confirm it stands, or reject (R) or unmatch (U) it."
    return f"Needs review: its invoice changed after it was decided: {changed}. {clears}"


def accept(
    match: Match, flags: Sequence[ReviewFlag], user: str, at: datetime, index: review.MatchIndex
) -> ReviewChange:
    """Accept (A) on a row: a flagged row the accountant confirmed is confirmed again;
    anything else is accepted as ever (``review.accept``, which refuses a confirmed row
    and one whose invoice or line another row matches)."""
    if flags and match.state in CONFIRMED:
        return _again(match, flags, user, at)
    return review.accept(match, user, at, index)


def reject(match: Match, flags: Sequence[ReviewFlag], user: str, at: datetime) -> ReviewChange:
    """Reject (R) on a row: a flagged rejection is rejected again; anything else is
    rejected as ever (``review.reject``, which refuses a rejected row)."""
    if flags and match.state is MatchState.REJECTED:
        return _again(match, flags, user, at)
    return review.reject(match, user, at)


def _again(match: Match, flags: Sequence[ReviewFlag], user: str, at: datetime) -> ReviewChange:
    """The decision a flagged row shows, recorded again: it replaces the flagged one, so
    the flag clears, and its reason keeps what the accountant reviewed."""
    decision = _again_decision(_AGAIN[match.state], flags, user, at)
    verb = "Reject again" if match.state is MatchState.REJECTED else "Confirm again"
    return ReviewChange((match,), (replace(match),), decision, f"{verb} {describe(match)}")


def _again_decision(
    kind: DecisionKind, flags: Sequence[ReviewFlag], user: str, at: datetime
) -> Decision:
    """``kind`` recorded again on the flagged decision's pairing, saying what was reviewed."""
    reviewed = "; ".join(f"{flag.invoice} {flag.reason}" for flag in flags)
    reason = f"confirmed again after its invoice changed: {reviewed}"
    first = flags[0].decision
    return Decision(kind, first.invoice_keys, first.line_keys, reason, user, at)


@dataclass(frozen=True, slots=True)
class FlaggedDecision:
    """One decision flagged for review, as "Flagged decisions" lists it: its flags (one
    per invoice change), what it decided, the invoices by name, what happened to them,
    when it was first flagged, and whether the Reconcile screen has a row for it (not
    when an invoice of it is no longer returned: the window no longer holds it).

    ``kept``: a decision the run kept (its invoice no longer returned) that was reviewed
    and kept, so it has no flag (``flags`` is empty) and no row, yet holds its lines; the
    list shows it on request (``kept_decisions``) as the one place it is withdrawn."""

    flags: tuple[ReviewFlag, ...]
    invoices: str
    providers: str
    causes: tuple[ReviewCause, ...]
    flagged_at: datetime | None
    listed: bool
    kept: Decision | None = None

    @property
    def pairing(self) -> MatchKey:
        return self.decision.pairing

    @property
    def decision(self) -> Decision:
        return self.kept if self.kept is not None else self.flags[0].decision

    @property
    def reviewed(self) -> bool:
        """Reviewed and kept already: nothing to keep, only to withdraw."""
        return not self.flags

    @property
    def decided(self) -> str:
        return DECIDED.get(self.decision.kind, self.decision.kind.value)

    @property
    def what_changed(self) -> str:
        changed = "; ".join(CAUSE_WORDS[cause] for cause in self.causes)
        return f"{changed} (reviewed and kept)" if self.reviewed else changed

    @property
    def reasons(self) -> str:
        if self.reviewed:
            return (
                f"Reviewed and kept: {self.invoices} no longer returned by its provider; "
                "the decision still holds its payments until you withdraw it."
            )
        return "; ".join(f"{flag.invoice}: {flag.reason}" for flag in self.flags)


# "Flagged decisions"' keys for its two buttons, one letter each as the Reconcile
# screen's A, R and U: said in the tooltips and the summary, so they are found.
KEEP_KEY = "K"
WITHDRAW_KEY = "W"
KEEP_TIP = (
    f"Keep decision ({KEEP_KEY}): the selected decisions stand as they are; each is "
    "recorded again, saying its invoice changed and you reviewed it, and its flag clears. "
    "Undo (Ctrl+Z) takes it back."
)
WITHDRAW_TIP = (
    f"Withdraw decision ({WITHDRAW_KEY}): the selected decisions are taken back as Unmatch "
    "does; their pairings are free again for matching, and their flags go with them. "
    "Undo (Ctrl+Z) puts them back."
)
CLOSE_TIP = "Close the list (Esc); what you kept or withdrew stays so."
SHOW_KEPT_TIP = (
    "Also list the decisions you reviewed and kept though the provider no longer returns "
    "their invoice: they have no row on the Reconcile screen and hold their payments "
    f"until withdrawn. Withdraw ({WITHDRAW_KEY}) one here to free its payments."
)


def flagged_summary(listed: Sequence[FlaggedDecision]) -> str:
    """What "Flagged decisions" says above its list: how many, how many have no row on
    the Reconcile screen, and what each action does; and how many decisions reviewed and
    kept it lists besides (``kept_decisions``), which are only withdrawn."""
    flagged = [f for f in listed if not f.reviewed]
    said = _flagged_said(flagged)
    kept = len(listed) - len(flagged)
    if kept:
        its = "its invoice" if kept == 1 else "their invoices"
        holds = "it holds its" if kept == 1 else "they hold their"
        said += (
            f" Also listed: {counted(kept, 'decision')} you reviewed and kept though the "
            f"provider no longer returns {its}; {holds} payments until withdrawn "
            f"({WITHDRAW_KEY})."
        )
    return said


def _flagged_said(flagged: Sequence[FlaggedDecision]) -> str:
    if not flagged:
        return (
            "No decision needs review: none of your decisions' invoices changed since you "
            "made them."
        )
    count = len(flagged)
    said = f"{counted(count, 'decision')} need{'s' if count == 1 else ''} review: "
    said += f"{'its invoice' if count == 1 else 'their invoices'} changed at the provider after "
    said += f"{'it was' if count == 1 else 'they were'} decided."
    unlisted = sum(1 for f in flagged if not f.listed)
    if unlisted:
        said += (
            f" {unlisted:,} of them {'has' if unlisted == 1 else 'have'} no row on the "
            "Reconcile screen (the provider no longer returns the invoice)."
        )
    return (
        f"{said} Keep ({KEEP_KEY}) a decision that still stands, or withdraw "
        f"({WITHDRAW_KEY}) it; either clears its flag, and Undo (Ctrl+Z) takes it back."
    )


def flagged_decisions(flags: ReviewFlags, invoice_of: InvoiceOf) -> list[FlaggedDecision]:
    """Every decision flagged for review, in the order they were first flagged; its
    invoices named as ``last_held`` names them, listed where the window holds them all."""
    name_of = last_held(flags, invoice_of)
    listed: list[FlaggedDecision] = []
    for found in flags:
        keys = found[0].decision.invoice_keys
        times = [flag.flagged_at for flag in found if flag.flagged_at is not None]
        causes = {cause for flag in found for cause in flag.causes}
        listed.append(
            FlaggedDecision(
                flags=found,
                invoices=", ".join(invoice_name(key, name_of(key)) for key in keys),
                providers=", ".join(dict.fromkeys(key.provider for key in keys)),
                causes=tuple(cause for cause in ReviewCause if cause in causes),
                flagged_at=min(times) if times else None,
                listed=all(invoice_of(key) is not None for key in keys),
            )
        )
    return listed


def kept_decisions(holds: Iterable[KeptHold], flags: ReviewFlags) -> list[FlaggedDecision]:
    """The kept decisions (``review.KeptHold``) reviewed and kept, so no longer flagged:
    each as Flagged decisions lists it on request, to be withdrawn. Without a row or a
    flag nothing else in the window names them, and their lines stay held while they
    stand. Their invoices are named as the run names them (``KeptHold.names``)."""
    listed: list[FlaggedDecision] = []
    for hold in holds:
        if flags.flagged(hold.pairing):
            continue
        keys = sorted(hold.pairing[0], key=lambda key: (key.provider, key.invoice_id))
        listed.append(
            FlaggedDecision(
                flags=(),
                invoices=", ".join(
                    f"{key.provider} {name}" for key, name in zip(keys, hold.names, strict=True)
                ),
                providers=", ".join(dict.fromkeys(key.provider for key in keys)),
                causes=(ReviewCause.MISSING,),
                flagged_at=None,
                listed=False,
                kept=hold.decision,
            )
        )
    return listed


def keep(flagged: FlaggedDecision, row: Match | None, user: str, at: datetime) -> ReviewChange:
    """Keep a flagged decision as it stands: the same decision recorded again (the audit
    trail says what was reviewed), which clears the flag. On its row, when the Reconcile
    screen shows one, as Accept (A) or Reject (R) there does; without one (its invoice
    is no longer returned) the change shows nothing, and records all the same."""
    if row is not None:
        return _again(row, flagged.flags, user, at)
    decision = _again_decision(flagged.decision.kind, flagged.flags, user, at)
    verb = "Reject again" if decision.kind is DecisionKind.REJECT else "Confirm again"
    return ReviewChange((), (), decision, f"{verb} {flagged.invoices} ({flagged.decided})")


def not_held(
    flagged: FlaggedDecision,
    invoices: AbstractSet[InvoiceKey],
    lines: AbstractSet[LineKey],
) -> str:
    """Why a flagged decision cannot be kept as it stands ('' when it can): it names a
    statement line the window does not hold (its statement was removed), or an invoice
    it does not hold for another reason than its provider no longer returning it (that
    flag says so, and keeping such a decision is what the list is for)."""
    decision = flagged.decision
    missing_lines = [key for key in decision.line_keys if key not in lines]
    returned_no_more = {
        flag.invoice for flag in flagged.flags if ReviewCause.MISSING in flag.causes
    }
    missing_invoices = [
        key for key in decision.invoice_keys if key not in invoices and key not in returned_no_more
    ]
    if missing_lines:
        rows = and_list([f"{key.source_file} row {key.row}" for key in missing_lines])
        return (
            f"Cannot keep {flagged.invoices} ({flagged.decided}): {rows} "
            f"{plural(len(missing_lines), 'is', 'are')} no longer in the workspace; "
            "removing its statement withdrew the decision. Decide it again once the file "
            "is imported again."
        )
    if missing_invoices:
        named = and_list([f"{key.provider} {key.invoice_id}" for key in missing_invoices])
        return (
            f"Cannot keep {flagged.invoices} ({flagged.decided}): {named} "
            f"{plural(len(missing_invoices), 'is', 'are')} no longer in the workspace. "
            "Withdraw the decision instead."
        )
    return ""


def withdraw(
    flagged: FlaggedDecision,
    row: Match | None,
    user: str,
    at: datetime,
    back: Match | None,
    held: KeptHold | None = None,
) -> ReviewChange:
    """Withdraw a flagged decision: an UNMATCH of its pairing, as Unmatch (U) on its row
    (``back`` being the engine's row a withdrawn rejection gives back); without a row,
    the change shows nothing and records all the same. The pairing is free again: where
    the run kept it (``held``: its invoice no longer returned), its lines and invoices
    are no longer held for it, and its undo holds them again."""
    if row is not None:
        return review.unmatch(row, user, at, back)
    first = flagged.decision
    decision = Decision(DecisionKind.UNMATCH, first.invoice_keys, first.line_keys, "", user, at)
    verb = "Withdraw rejection of" if first.kind is DecisionKind.REJECT else "Unmatch"
    text = f"{verb} {flagged.invoices} ({flagged.decided})"
    return ReviewChange((), (), decision, text, released=() if held is None else (held,))


# The rows Reject has nothing to do on (``still_to_do``), as ``CONFIRMED`` is Accept's.
REJECTED = frozenset({MatchState.REJECTED})


def still_to_do(
    matches: Sequence[Match], flags: ReviewFlags, done: frozenset[MatchState]
) -> tuple[list[Match], int]:
    """The rows of a selection Accept (``done`` = ``CONFIRMED``) or Reject (``done`` =
    rejected) acts on, and how many it leaves as they are.

    Ctrl+A then A is how an accountant accepts a screenful: one row already accepted in
    it is no reason to refuse the other hundred, and accepting it again would record a
    decision that changes nothing. So, in a selection of several, a row already in that
    state and not flagged for review is left as it is. A single row, or a selection of
    nothing but such rows, is acted on as a whole, and refused with the reason
    (``review.accept``/``review.reject``)."""
    if len(matches) < 2:
        return list(matches), 0
    acting = [m for m in matches if m.state not in done or flags.on(m)]
    if not acting:
        return list(matches), 0
    return acting, len(matches) - len(acting)


def can_keep(flagged: Sequence[FlaggedDecision]) -> bool:
    """Whether Keep (K) acts on the decisions selected in "Flagged decisions": not on
    nothing, and not when one of them was reviewed and kept already (listed through
    "Show decisions reviewed and kept too"), which ``ReviewSession.keep_flagged`` refuses
    with the whole selection; offered, Keep would only be refused."""
    return bool(flagged) and not any(f.reviewed for f in flagged)


def can_accept(matches: Sequence[Match], flags: ReviewFlags) -> bool:
    return any(m.state not in CONFIRMED or flags.on(m) for m in matches)


def can_reject(matches: Sequence[Match], flags: ReviewFlags) -> bool:
    return any(m.state is not MatchState.REJECTED or flags.on(m) for m in matches)


def accept_tip(matches: Sequence[Match], flags: ReviewFlags) -> str:
    """Accept (A)'s tooltip: ``review.accept_tip``'s, unless the selection holds a flagged
    row the accountant confirmed, which Accept confirms again."""
    again = [m for m in matches if m.state in CONFIRMED and flags.on(m)]
    if not again:
        return review.accept_tip(matches)
    return _again_tip("Accept (A)", "confirm", again, matches, CONFIRMED, "already confirmed")


def reject_tip(matches: Sequence[Match], flags: ReviewFlags) -> str:
    """Reject (R)'s tooltip: ``review.reject_tip``'s, unless the selection holds a flagged
    rejection, which Reject rejects again."""
    again = [m for m in matches if m.state is MatchState.REJECTED and flags.on(m)]
    if not again:
        return review.reject_tip(matches)
    return _again_tip("Reject (R)", "reject", again, matches, REJECTED, "already rejected")


def _again_tip(
    action: str,
    verb: str,
    again: Sequence[Match],
    matches: Sequence[Match],
    done: frozenset[MatchState],
    why: str,
) -> str:
    if len(matches) == 1:
        return (
            f"{action}: {verb} {describe(again[0])} again: it still stands though its "
            "invoice changed after it was decided."
        )
    left = sum(1 for m in matches if m.state in done) - len(again)
    acting = len(matches) - left
    some = f"{acting:,} of the" if left else "the"
    tip = (
        f"{action}: {verb} {some} {len(matches):,} matches selected, {len(again):,} of them "
        "again (their invoices changed after they were decided)"
    )
    return f"{tip}; {review.others(left, why)}." if left else f"{tip}."


def count_note(flags: ReviewFlags, invoice_of: InvoiceOf) -> tuple[str, str]:
    """The Reconcile screen's note of how many decisions need review ('' for none), short
    for its toolbar, and its tooltip: how to go through them, and how many of them the
    screen cannot list (their invoice is no longer returned, so the window no longer holds
    it, nor a row for the decision: its payment is free again)."""
    count = len(flags)
    if not count:
        return "", ""
    note = f"{MARK} {counted(count, 'decision')} need{'s' if count == 1 else ''} review"
    tip = (
        f"{note}: their invoices changed at the provider after they were decided. "
        "“Needs review” lists them."
    )
    unlisted = sum(
        1
        for found in flags
        if any(invoice_of(key) is None for key in found[0].decision.invoice_keys)
    )
    if unlisted:
        gone = "its invoice is" if unlisted == 1 else "their invoices are"
        note += f" ({unlisted:,} not listed)"
        tip += (
            f" {unlisted:,} of them {'is' if unlisted == 1 else 'are'} not listed: {gone} no "
            "longer returned by the provider (Review ▸ Flagged decisions… lists them)."
        )
    return note, tip


def banner(flags: Sequence[ReviewFlag], invoice_of: InvoiceOf) -> tuple[str, str, str]:
    """The banner's title, message and details for decisions flagged for review: how many,
    what happened to their invoices, the first few by name, and how to go through them;
    the details list every one."""
    decisions = list(ReviewFlags(flags))
    invoice_of = last_held(decisions, invoice_of)
    count = len(decisions)
    causes: Counter[ReviewCause] = Counter()
    for found in decisions:
        causes.update({cause for flag in found for cause in flag.causes})
    why = ", ".join(f"{causes[c]:,} {CAUSE_WORDS[c]}" for c in ReviewCause if causes[c])
    named = [_named(found, invoice_of) for found in decisions[:FIRST_FEW]]
    if count > FIRST_FEW:
        named.append(f"and {count - FIRST_FEW:,} more (see Details)")
    their, were = ("Its", "it was") if count == 1 else ("Their", "they were")
    title = f"{counted(count, 'decision')} need{'s' if count == 1 else ''} review"
    message = (
        f"{their} invoices changed at the provider after {were} decided"
        f"{f' ({why})' if why else ''}: {'; '.join(named)}. On the Reconcile screen, "
        "“Needs review” lists them: accept one again if it still stands, or reject or "
        "unmatch it. Review ▸ Flagged decisions… lists every one, those whose invoice is "
        "no longer returned too, to keep or withdraw."
    )
    details = "\n".join(_detail(flag, invoice_of) for found in decisions for flag in found)
    return title, message, details


def _named(flags: Sequence[ReviewFlag], invoice_of: InvoiceOf) -> str:
    """'Elevate Billing EL-1 (accepted): amount changed from 100.00 GBP to 80.00 GBP'."""
    first = flags[0]
    reasons = "; ".join(flag.reason for flag in flags)
    kind = DECIDED.get(first.decision.kind, first.decision.kind.value)
    return f"{invoice_name(first.invoice, invoice_of(first.invoice))} ({kind}): {reasons}"


def _detail(flag: ReviewFlag, invoice_of: InvoiceOf) -> str:
    """One flag for the details: the invoice, who decided what when, and what changed."""
    decision = flag.decision
    kind = DECIDED.get(decision.kind, decision.kind.value)
    by = f" by {decision.user}" if decision.user else ""
    at = decision.at
    when = f" on {moment_text(at, seconds=False)}" if at is not None else ""
    lines = ", ".join(str(key) for key in decision.line_keys)
    name = invoice_name(flag.invoice, invoice_of(flag.invoice))
    return f"{name}: {kind}{by}{when} with {lines} (entry #{flag.entry}); {flag.reason}"
