"""Which errors refuse what the accountant gave, rather than betray a bug.

An error class that refuses on purpose (a file, a setting, a folder, a provider's answer)
inherits ``Refusal`` and names, in ``refused``, what kind of thing was refused. A front
end tells a refusal from a bug by ``isinstance(error, Refusal)`` and says what to do by
its kind, in its own words: the window's advice for a refused file is not the command
line's.

Marked on the class, not listed by name elsewhere: a list of names kept in the window
(it once was) let a class renamed or moved turn silently from a refusal into a "bug"
with a traceback. Nothing is imported here, so every engine package may use it and
the window may import it as it starts without loading the provider or report packages
(httpx, openpyxl).
"""

from __future__ import annotations

from enum import Enum
from typing import ClassVar


class Refused(Enum):
    """What kind of thing a refusal refused: domain facts, not the words shown for them."""

    FILE = "file"  # a statement file that cannot be imported at all
    NO_TRANSACTIONS = "no transactions"  # a file read, but no transactions found in it
    PROVIDER = "provider"  # a provider that could not be read (its answer, its secret)
    PROVIDER_SETTINGS = "provider settings"  # providers.toml, or its equivalent, invalid
    REPORT = "report"  # a report that could not be written where it was asked for
    NO_WORKSPACE = "no workspace"  # a request that needs an open workspace, none open
    SELF_EXPLAINED = "self-explained"  # the message itself says what to do


class Refusal:
    """Mixed into an exception class that refuses on purpose; ``refused`` says what.

    Subclasses inherit their base's kind unless they name their own (a
    ``NoTransactionsFoundError`` is a refused file, of the more specific kind). An error
    class of the engine that is raised only when the calling code is wrong (a closed
    workspace written to) does not inherit it, though its base class may be an error
    package's: a refusal is what the accountant can act on."""

    refused: ClassVar[Refused]
