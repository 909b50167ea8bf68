"""What every stage of one run shares: the prepared inputs, the settings and the scorer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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
