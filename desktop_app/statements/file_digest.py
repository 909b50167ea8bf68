"""A statement file's SHA-256, computed beside the import rather than before it.

The digest names the bytes an import read (a file imported twice is told by it), and
hashing a 15 MB statement takes about 16 ms. ``hashlib`` lets go of the interpreter lock
while it hashes a large buffer, so on a thread of its own that time overlaps the import's
reading of the same bytes, on a machine with a second core, instead of adding to it.
A small file is hashed at once: a thread would cost more than it saves.
"""

from __future__ import annotations

import hashlib
import threading

_ON_A_THREAD_FROM = 1 << 20  # bytes: below this, hashing is quicker than starting a thread


class FileDigest:
    """The hex SHA-256 of ``data``, ready when ``value`` is asked for."""

    def __init__(self, data: bytes) -> None:
        self._value: str | None = None
        self._failure: BaseException | None = None
        self._thread: threading.Thread | None = None
        if len(data) < _ON_A_THREAD_FROM:
            self._value = hashlib.sha256(data).hexdigest()
            return
        self._thread = threading.Thread(
            target=self._hash, args=(data,), name="statement-digest", daemon=True
        )
        self._thread.start()

    def _hash(self, data: bytes) -> None:
        try:
            self._value = hashlib.sha256(data).hexdigest()
        except BaseException as failure:  # raised again by ``value``
            self._failure = failure

    def value(self) -> str:
        """The digest, waiting for its thread where it is still hashing; a failure there
        (memory) is raised here, on the import's own thread."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._failure is not None:
            raise self._failure
        assert self._value is not None
        return self._value
