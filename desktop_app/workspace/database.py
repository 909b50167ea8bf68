"""Opening a workspace file safely: recognise it, lock it, check it, then migrate it.

Nothing is written to a file until it has been recognised as a workspace of a version we
understand and passed SQLite's integrity check, so a damaged or foreign file is refused
exactly as it was found. One connection per process holds SQLite's exclusive lock for the
whole session (``locking_mode = EXCLUSIVE``): a second process is told the file is in use
instead of writing beside us, and the operating system drops the lock if we crash.

The file opened is also remembered by its identity (device and inode): on Linux and macOS
it can be removed, moved or replaced while it is open, and SQLite then goes on writing into
a file that no one can open again once it is closed. Every change first checks that the
path still holds that file (``Database.gone``) and is refused when it does not; what the
connection holds can still be saved elsewhere (``Database.save_copy``).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from desktop_app.wording import counted
from desktop_app.workspace import owner
from desktop_app.workspace.disk import (
    creation_refusals,
    read_only_reason,
    refusals,
    remove_partial,
)
from desktop_app.workspace.errors import (
    Gone,
    NotAWorkspaceError,
    StoredValueError,
    WorkspaceClosedError,
    WorkspaceCorruptError,
    WorkspaceError,
    WorkspaceGoneError,
    WorkspaceInUseError,
    WorkspaceNotFoundError,
    WorkspaceReadOnlyError,
    WorkspaceVersionError,
)
from desktop_app.workspace.migrations import migrate
from desktop_app.workspace.schema import APPLICATION_ID, CURRENT_VERSION, OPEN_INDEXES

SQLITE_HEADER = b"SQLite format 3\x00"
# How long to wait for a lock another process may be about to release (it is closing).
LOCK_WAIT_SECONDS = 2.0
_MAX_REPORTED_PROBLEMS = 5
CACHE_KIB = 64 * 1024  # the page cache's ceiling (``PRAGMA cache_size``, in KiB)
# A file's identity: its device and inode (``os.stat``), which no other file shares while
# this one is open, even removed: the open file keeps its inode from being reused.
Identity = tuple[int, int]


def _identity(path: Path) -> Identity:
    found = os.stat(path)
    return found.st_dev, found.st_ino


def _journal_of(path: Path) -> Path:
    """The write-ahead journal SQLite keeps beside a workspace, which it finds by name."""
    return path.with_name(path.name + "-wal")


class Database:
    """One locked connection and the transactions on it; safe to share between threads."""

    def __init__(
        self, path: Path, connection: sqlite3.Connection, identity: Identity | None = None
    ) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = connection
        self._lock = threading.RLock()
        # The file opened, as it was found at its path (absolute: a later change of the
        # working folder must not read as the file gone). None: not known, never "gone".
        self._where = path.absolute()
        self._identity = identity
        # Its journal (the ``-wal`` file beside it) as opened: see ``_close_gone``.
        self._journal = _known_identity(_journal_of(self._where))

    def gone(self) -> Gone | None:
        """Whether the path no longer holds the file this connection has open: removed
        or moved away, or replaced by another file; None while it does (or where it
        cannot be told: a path that cannot be looked at now, a file system giving no
        inode numbers), so a passing hiccup of a share never reads as the file gone.

        One ``os.stat``: cheap enough to ask before every change and whenever the window
        is brought back to the front."""
        if self._identity is None:
            return None
        try:
            found = _identity(self._where)
        except (FileNotFoundError, NotADirectoryError):
            return Gone.REMOVED
        except OSError:
            return None
        return None if found == self._identity else Gone.REPLACED

    def _refuse_if_gone(self) -> None:
        """Refuse a change into a file no longer at its path (``WorkspaceGoneError``).

        Refused rather than written: written, the change would be said saved and go with
        the file at close (or at a crash: the file has no name to reopen it by), which is
        losing a decision silently. Refused, the accountant is told at once, nothing said
        saved is lost, and everything held until then (the changes that landed between
        the removal and this check too) is still in the connection, for ``save_copy``;
        once the copy is made, the change can be made again in it."""
        gone = self.gone()
        if gone is not None:
            raise WorkspaceGoneError(self.path, gone)

    @property
    def closed(self) -> bool:
        return self._connection is None

    def _require(self) -> sqlite3.Connection:
        if self._connection is None:
            raise WorkspaceClosedError(self.path)
        return self._connection

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic, durable write: committed on normal exit, rolled back on any error.

        Inside another transaction it is a savepoint of it: its changes are undone on its
        own error, and are committed (or rolled back) only with the outer transaction, so
        callers can make several changes all or nothing. The lock is held throughout, so no
        other thread reads the outer transaction's uncommitted state on this connection.
        A stored value that cannot be read back is raised, after the rollback, as the
        damaged file it is (``_stored_values``).
        """
        with self._lock, self._stored_values(), refusals(self.path, "save to"):
            connection = self._require()
            if connection.in_transaction:
                with self._savepoint(connection):
                    yield connection
                return
            self._refuse_if_gone()
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
                connection.execute("COMMIT")
            except BaseException:
                with suppress(sqlite3.Error):
                    connection.execute("ROLLBACK")
                raise

    @staticmethod
    @contextmanager
    def _savepoint(connection: sqlite3.Connection) -> Iterator[None]:
        connection.execute("SAVEPOINT nested")
        try:
            yield
        except BaseException:
            with suppress(sqlite3.Error):
                connection.execute("ROLLBACK TO nested")
                connection.execute("RELEASE nested")
            raise
        connection.execute("RELEASE nested")

    @contextmanager
    def _stored_values(self) -> Iterator[None]:
        """A value changed outside the application (``StoredValueError``, raised by the
        stores, which do not know the file) is a damaged file, named as one: guarding
        every read and transaction here, no reader of the workspace can miss it."""
        try:
            yield
        except StoredValueError as error:
            raise WorkspaceCorruptError(self.path, str(error)) from None

    def query(self, sql: str, parameters: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._require().execute(sql, parameters).fetchall()

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """Several reads that must see one consistent state.

        Inside a transaction they see it, changes made so far included. A stored value
        that cannot be read back is raised as the damaged file it is (``_stored_values``).
        """
        with self._lock, self._stored_values():
            connection = self._require()
            if connection.in_transaction:
                yield connection
                return
            connection.execute("BEGIN")
            try:
                yield connection
            finally:
                connection.execute("COMMIT")

    def save_copy(self, target: Path) -> None:
        """Write everything the open workspace holds to ``target`` with SQLite's online
        backup, then go on in the copy: this object (and every store holding it) reads
        and writes ``target`` from here on, and the file before is closed.

        Made for a workspace whose file is ``gone``: the connection is then the only
        place its decisions are, and the copy is how they are kept. The copy is written
        under a temporary name beside ``target`` and renamed into place once whole, then
        opened as any workspace is (locked, checked): a full disk or a folder that cannot
        be written leaves no half copy, and this workspace open as it was.

        ``target`` may be the path the gone file was at. SQLite finds a file's journal
        (the ``-wal`` file) by its name: the gone file is therefore closed and its
        journal removed (``_close_gone``) before the copy takes the name, or the copy
        would open with the gone file's journal as its own. Should the copy then fail to
        open, it is still whole on the disk, and the error says so. ``target`` may not
        be the open file itself, nor a path the file is still at (``WorkspaceError``).
        """
        target = Path(target)
        with self._lock:
            connection = self._require()
            self._refuse_own_file(target)
            gone = self.gone()
            takes_name = target.absolute() == self._where
            building = target.with_name(f".{target.name}.copying-{os.getpid()}")
            try:
                with creation_refusals(target):
                    building.unlink(missing_ok=True)
                    copy = sqlite3.connect(building, isolation_level=None)
                    try:
                        connection.backup(copy)
                    finally:
                        copy.close()
                    if takes_name:
                        self._connection = None
                        _close_gone(connection, self._where, self._journal)
                    os.replace(building, target)
            except BaseException:  # a full disk, a folder gone: no half copy is left
                remove_partial(building)
                raise
            try:
                fresh = open_database(target)
            except WorkspaceError as error:
                if not takes_name:
                    raise
                raise WorkspaceError(
                    f"the copy of workspace {self.path} was saved whole as {target}, but "
                    f"could not be opened: {error}. Open it with Open workspace…"
                ) from None
            # Taken over: this object is the copy's from here on.
            before = (self.path, self._where, self._journal)
            self._connection, fresh._connection = fresh._connection, None
            self.path, self._where = target, fresh._where
            self._identity, self._journal = fresh._identity, fresh._journal
            if takes_name:
                return
            if gone is None:
                connection.close()
                owner.remove_owner_note(before[0])
            else:
                _close_gone(connection, before[1], before[2])

    def _refuse_own_file(self, target: Path) -> None:
        """A copy over the file open would replace it while it is read, and a copy over
        the path it is still at would leave it gone."""
        try:
            same = self._identity is not None and _identity(target) == self._identity
        except OSError:
            same = False
        if same or (self.gone() is None and target.absolute() == self._where):
            raise WorkspaceError(
                f"cannot save a copy of workspace {self.path} as {target}: that is the "
                "workspace's own file; choose another name"
            )

    def close(self) -> None:
        """Release the file, and the note saying who holds it: unless the path no longer
        holds this file (``gone``), whose note there may be another file's."""
        with self._lock:
            connection, self._connection = self._connection, None
            if connection is None:
                return
            if self.gone() is None:
                connection.close()
                owner.remove_owner_note(self.path)
            else:
                _close_gone(connection, self._where, self._journal)


def _close_gone(connection: sqlite3.Connection, where: Path, journal: Identity | None) -> None:
    """Close the connection to a file no longer at its path, and remove its journal.

    SQLite does not fold the journal of a file moved or removed into it on closing, nor
    delete it: left beside the path under its name, it would be read as the journal of
    whatever file is at that path next (the file put in its place, a copy saved there, a
    new workspace made there), and its pages written into that file.
    Removed only while it is still this connection's own (``journal``: the identity it had
    when the workspace opened at ``where``); what it held is the gone file's, kept by a
    copy or, on a close the accountant agreed to, lost with it."""
    named = _journal_of(where)
    ours = journal is not None and _known_identity(named) == journal
    connection.close()
    if ours:
        with suppress(OSError):
            named.unlink()


def open_database(path: Path) -> Database:
    """Open, lock, check and (if older) migrate a workspace file."""
    _check_header(path)
    _check_writable(path)
    connection = _connect(path)
    try:
        version = _lock_and_check(path, connection)
        identity = _known_identity(path)
        with refusals(path, "open"):
            if version < CURRENT_VERSION:
                _backup(connection, path, version)
                migrate(connection, version)
            _add_open_indexes(connection)
            if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                connection.execute("PRAGMA journal_mode = WAL")
    except BaseException:
        connection.close()
        raise
    owner.write_owner_note(path)
    return Database(path, connection, identity)


def _known_identity(path: Path) -> Identity | None:
    """The identity of the file just locked (``Database.gone``), looked up while the lock
    is held, so it is the file the connection has; None where the file system gives no
    inode numbers (0), which could not tell one file from another."""
    try:
        identity = _identity(path)
    except OSError:
        return None
    return identity if identity[1] else None


def _add_open_indexes(connection: sqlite3.Connection) -> None:
    """Create the indexes a file of the current format may lack (``schema.OPEN_INDEXES``).

    An index only speeds reading up, so adding one needs no format step that would make
    older versions refuse the file; a file that has it already is left as it is.
    """
    for statement in OPEN_INDEXES:
        connection.execute(statement)


def initialise(connection: sqlite3.Connection, statements: Sequence[str]) -> None:
    """Write a new, empty workspace's schema and marks in one transaction."""
    connection.execute("BEGIN IMMEDIATE")
    for statement in statements:
        connection.execute(statement)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute(f"PRAGMA user_version = {CURRENT_VERSION}")
    connection.execute("COMMIT")
    connection.execute("PRAGMA journal_mode = WAL")


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(
        path, isolation_level=None, check_same_thread=False, timeout=LOCK_WAIT_SECONDS
    )
    connection.row_factory = sqlite3.Row
    return connection


def _configure(connection: sqlite3.Connection) -> None:
    connection.execute("PRAGMA locking_mode = EXCLUSIVE")
    connection.execute("PRAGMA foreign_keys = ON")
    # Every decision is one transaction that must survive a power cut, not only a crash.
    connection.execute("PRAGMA synchronous = FULL")
    # A large import writes 200,000 lines into indexes far bigger than SQLite's default
    # 2 MB page cache, reading the same pages back from disk over and over: a cache of up
    # to 64 MB (used only as the file needs it) saves about a third of the time.
    connection.execute(f"PRAGMA cache_size = -{CACHE_KIB}")


def _check_header(path: Path) -> None:
    if not path.exists():
        raise WorkspaceNotFoundError(path)
    if not path.is_file():
        raise NotAWorkspaceError(path, "it is not a file")
    try:
        with path.open("rb") as file:
            header = file.read(100)
    except OSError as error:
        raise WorkspaceError(f"cannot read workspace {path}: {error.strerror}") from None
    if not header:
        raise NotAWorkspaceError(path, "the file is empty")
    if not header.startswith(SQLITE_HEADER) or len(header) < 100:
        raise NotAWorkspaceError(path, "it is not an SQLite database")


def _check_writable(path: Path) -> None:
    """Refuse a workspace that cannot be written, as read-only: SQLite would report it as
    a disk I/O error, which the check below would take for damage."""
    why = read_only_reason(path)
    if why is not None:
        raise WorkspaceReadOnlyError(path, why)


def _lock_and_check(path: Path, connection: sqlite3.Connection) -> int:
    """Take the exclusive lock and check the file; returns its format version."""
    try:
        _configure(connection)
        connection.execute("BEGIN EXCLUSIVE")
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise WorkspaceInUseError(path, owner.read_owner(path)) from None
        if "readonly" in str(error):
            raise WorkspaceReadOnlyError(path, "it cannot be written") from None
        raise WorkspaceCorruptError(path, str(error)) from None
    except sqlite3.DatabaseError as error:
        raise WorkspaceCorruptError(path, str(error)) from None
    try:
        version = _check_identity(path, connection)
        _check_integrity(path, connection)
    except sqlite3.DatabaseError as error:
        raise WorkspaceCorruptError(path, str(error)) from None
    finally:
        with suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
    return version


def _check_identity(path: Path, connection: sqlite3.Connection) -> int:
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if application_id != APPLICATION_ID:
        tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        detail = "an empty SQLite database" if tables == 0 else "another program's database"
        raise NotAWorkspaceError(path, f"it is {detail}")
    if version > CURRENT_VERSION:
        raise WorkspaceVersionError(path, version, CURRENT_VERSION)
    if version < 1:
        raise WorkspaceCorruptError(path, f"unknown workspace format {version}")
    return int(version)


def _check_integrity(path: Path, connection: sqlite3.Connection) -> None:
    problems = [row[0] for row in connection.execute("PRAGMA integrity_check").fetchall()]
    if problems != ["ok"]:
        raise WorkspaceCorruptError(path, "; ".join(problems[:_MAX_REPORTED_PROBLEMS]))
    broken = connection.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise WorkspaceCorruptError(
            path, f"{counted(len(broken), 'broken reference')} between tables"
        )


def _backup(connection: sqlite3.Connection, path: Path, version: int) -> None:
    """Keep a copy of the file as it was before migrating it: upgrades are not undoable."""
    target = path.with_name(f"{path.stem}.format{version}-backup{path.suffix}")
    counter = 2
    while target.exists():
        target = path.with_name(f"{path.stem}.format{version}-backup-{counter}{path.suffix}")
        counter += 1
    try:
        backup = sqlite3.connect(target)
        try:
            connection.backup(backup)
        finally:
            backup.close()
    except BaseException:  # a full disk: half a copy is no backup
        remove_partial(target)
        raise
