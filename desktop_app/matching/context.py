"""What every stage of one run shares: the prepared inputs, the settings and the scorer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from desktop_app.domain.match import Signal
from desktop_app.matching.indexes import PayeeIndex
from desktop_app.matching.prepare import PreparedInvoice, PreparedLine
from desktop_app.matching.scoring import Scorer
from desktop_app.matching.settings import MatchSettings


@dataclass(frozen=True)
class RunContext:
    invoices: Sequence[PreparedInvoice]
    lines: Sequence[PreparedLine]
    settings: MatchSettings
    scorer: Scorer
    payees: PayeeIndex
    # Signals are immutable and most (amount equal, in GBP, payee X) recur across matches:
    # one object per distinct (signal, score, note) keeps 100k matches cheap.
    signal_cache: dict[tuple[int, float, str], Signal] = field(default_factory=dict)
    # Notes that depend on a few small values (the payee and its ratio, how many days
    # after which date): written once per distinct value.
    note_cache: dict[tuple[object, ...], str] = field(default_factory=dict)
