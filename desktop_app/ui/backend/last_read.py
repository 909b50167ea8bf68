"""The statement backend's last reading of a file, reused while the file would read the same.

The import wizard reads the whole file again after each correction, for what Import would
bring in (1-2 s at 200,000 rows); Import then asked for the very reading the last
correction had just made. A reading is reused only when nothing it came from has changed:

- the same file: its path, and its size, its modification time to the nanosecond and its
  content's SHA-256. Size and time alone miss a file rewritten within the clock's grain,
  or given its old time back (a sync tool, an archive unpacked over it); the hash is of
  the whole file, read in blocks, a small part of the cost of parsing it. It is compared
  with the hash of the very bytes the reading parsed (``StatementImport.sha256``), so a
  file changed while it was being read is never taken for the one read;
- the same mapping (None: as detected), compared whole;
- the same saved profiles: a profile saved since, or another workspace opened, can change
  how the same file is detected.

One reading is held, the last asked for: a 200,000-line import is a large object, and the
wizard mostly asks again for the reading it asked for last. It does not always: a
correction undone or an account typed give Import another mapping than the summary's
last reading, and the file is read again (1-2 s on a worker at 200,000 rows, never a
stale reading). *Save as profile* does not: the profile is saved beside the reading.

The backend keeps other things by the same rule: what a corrected reading takes from the
file's detection, and a detection that found no transactions (the error's
``NoTransactionsFoundError.sha256`` names the bytes it failed on), so that a file mapped
by hand is not detected again at each correction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from desktop_app.statements import Mapping
from desktop_app.statements.profiles import SavedProfile
from desktop_app.workspace.statement_store import file_sha256

V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class _Kept(Generic[V]):
    """A reading and everything it came from."""

    path: Path
    mapping: Mapping | None
    profiles: tuple[SavedProfile, ...]
    size: int
    mtime_ns: int
    sha256: str
    value: V


class LastRead(Generic[V]):
    """The last reading kept (``value``: an import, or what the backend keeps of one), and
    whether it is still the reading ``path`` would give. Workers of the wizard's summary
    and of the import may use it at once: the kept reading is one object, replaced whole
    and looked at through one reference, never half-updated."""

    def __init__(self) -> None:
        self._kept: _Kept[V] | None = None

    def get(
        self, path: Path, mapping: Mapping | None, profiles: Sequence[SavedProfile]
    ) -> V | None:
        """The reading kept of ``path`` with ``mapping`` and ``profiles``, if the file is
        still the one it read; None otherwise (or when the file cannot be looked at: the
        reading that follows says why in the importer's words)."""
        kept = self._kept
        if kept is None or kept.path != path or kept.mapping != mapping:
            return None
        if kept.profiles != tuple(profiles):
            return None
        try:
            found = path.stat()
            if (found.st_size, found.st_mtime_ns) != (kept.size, kept.mtime_ns):
                return None
            same = file_sha256(path) == kept.sha256
        except OSError:
            return None
        return kept.value if same else None

    def keep(
        self,
        path: Path,
        mapping: Mapping | None,
        profiles: Sequence[SavedProfile],
        sha256: str,
        value: V,
    ) -> None:
        """Keep ``value``, read from ``path`` whose bytes hashed to ``sha256``, in place of
        the reading kept before. A file that cannot be looked at any more is not kept."""
        try:
            found = path.stat()
        except OSError:
            self._kept = None
            return
        self._kept = _Kept(
            path, mapping, tuple(profiles), found.st_size, found.st_mtime_ns, sha256, value
        )
