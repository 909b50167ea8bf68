"""The matching engine: invoices against statement lines, explained, global and fast.

Pure Python with no Qt and no I/O; deterministic (the same inputs in any order give the same
result). ``reconcile`` is the entry point; ``MatchSettings`` holds every default;
``scenarios`` generates test data with known answers.
"""

from desktop_app.matching.engine import reconcile
from desktop_app.matching.settings import MatchSettings

__all__ = ["MatchSettings", "reconcile"]
