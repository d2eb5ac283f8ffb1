"""The inbox writer: verified deliveries into the events table, on the receiver's hot path.

Group commit. For request threads (`Inbox.add`, the Flask view under a threaded server) it is
leader and followers: a thread queues its row and takes the process's writer lock; whoever gets
it first writes every row queued so far in one statement (`INSERT … VALUES (…), (…) ON CONFLICT
DO NOTHING RETURNING`), so one commit serves as many deliveries as arrived while the previous one
was being written. A thread that finds its row already written returns at once. Unloaded, a
delivery is one statement and one commit; under load, commits and round trips are shared.

The unique constraints on (instance, event id) and on the fingerprint detect duplicates: a row the
database skipped is a duplicate, with no read before the write.

With SQLite, the writers of several gunicorn processes queue on a file lock instead of SQLite's
busy handler, whose sleeps (1 ms, 2 ms, 5 ms …) would leave the CPU idle while the database is
free. The WAL is checkpointed by a timer, not by the commit that crosses the size threshold:
that commit would hold every other writer while it syncs the database file.

`on_commit(ids)` runs after the commit that stored the rows (circleup hands the ids of the events a
flow handles to the worker's enqueuer there), so a worker never looks for a row that is not yet
visible. If it fails, the rows are stored all the same and the sweeper enqueues them.

`AsyncInbox` is the same group commit for an asyncio server (`circleup serve`, see webhooks.asgi):
the event loop gathers the deliveries that arrive while a write is in flight, and one thread of
its own writes them as the next batch (`Inbox.write`), so the loop never waits on the database.
"""
from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import NamedTuple

import structlog

from circleup.integration import metrics
from circleup.integration.store import Event, EventStatus, Store, utcnow

log = structlog.get_logger("circleup.inbox")

_COLUMNS = ("instance", "event_id", "event_type", "event_name", "body", "body_sha256", "fingerprint", "received_at",
            "status", "attempts")
# SQLite allows 32,766 bound values in a statement; PostgreSQL 65,535.
MAX_BATCH = 500
# After a burst, the WAL file is cut back to this size when it starts over (bytes).
WAL_SIZE_LIMIT = 64 * 1024 * 1024
WRITER_CACHE_KIB = 64 * 1024  # the SQLite writer connection's page cache, at most


class NewEvent(NamedTuple):
    """One verified delivery, as the inbox stores it."""

    instance: str
    event_id: str
    event_type: str
    event_name: str
    body: str
    body_sha256: str
    fingerprint: str
    status: str  # EventStatus.RECEIVED, or IGNORED when no flow handles the event name


class InboxUnavailable(Exception):
    """The database did not store the delivery; the receiver must not answer 2xx."""


class _Slot:
    __slots__ = ("row", "pk", "error", "done")

    def __init__(self, row: NewEvent) -> None:
        self.row = row
        self.pk: int | None = None
        self.error: BaseException | None = None
        self.done = False

    def result(self) -> int | None:
        """The written row's id (None for a duplicate), or InboxUnavailable with the database's error."""
        if self.error is not None:
            raise InboxUnavailable(f"{type(self.error).__name__}: {self.error}") from self.error
        return self.pk


class Inbox:
    """Stores deliveries; one per process, shared by its request threads."""

    def __init__(self, store: Store, *, on_commit: Callable[[list[int]], None] | None = None,
                 checkpoint_every_s: float = 1.0) -> None:
        self._engine = store.engine
        self._dialect = store.engine.dialect
        self._sqlite = self._dialect.name == "sqlite"
        self._on_commit = on_commit
        self._pending: list[_Slot] = []
        self._pending_lock = threading.Lock()
        self._writer_lock = threading.Lock()
        self._connection = None
        self._pid = os.getpid()
        self._lock_path = f"{store.engine.url.database}-inbox.lock" if self._sqlite else None
        self._lock_fd: int | None = None
        self._checkpoint_every_s = checkpoint_every_s
        self._checkpoint_lock = threading.Lock()
        self._checkpoint_connection = None
        self._last_checkpoint = time.monotonic()

    def add(self, row: NewEvent) -> int | None:
        """Store one delivery and commit. Returns its row id, or None for a duplicate.

        Raises InboxUnavailable when the database cannot store it.
        """
        slot = _Slot(row)
        with self._pending_lock:
            self._pending.append(slot)
        with self._writer_lock:
            if not slot.done:
                with self._pending_lock:
                    batch, self._pending = self._pending[:MAX_BATCH], self._pending[MAX_BATCH:]
                self._write(batch)
        if self.checkpoint_due():
            self.checkpoint()
        return slot.result()

    def write(self, rows: list[NewEvent]) -> list[int | None]:
        """Store several deliveries in one commit; their row ids in order, None for a duplicate.

        Raises InboxUnavailable when the database cannot store them (then none is stored). Unlike
        add, it leaves the WAL to the caller: call checkpoint() when checkpoint_due(), from
        another thread, so that the next write need not wait for the copy.
        """
        slots = [_Slot(row) for row in rows]
        with self._writer_lock:
            self._write(slots)
        return [slot.result() for slot in slots]

    def close(self) -> None:
        with self._checkpoint_lock, self._writer_lock:  # the order checkpoint takes them in
            for connection in (self._connection, self._checkpoint_connection):
                if connection is not None and self._pid == os.getpid():
                    with contextlib.suppress(Exception):
                        connection.close()
            self._connection = self._checkpoint_connection = None
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None

    # -- writing (under the writer lock) ----------------------------------------------------------
    def _write(self, batch: list[_Slot]) -> None:
        if self._pid != os.getpid():
            # Forked: the parent's connection and lock file descriptor are not ours to use (a
            # shared descriptor would share the lock, too).
            self._pid, self._connection, self._lock_fd = os.getpid(), None, None
            self._checkpoint_connection = None
        fresh: list[_Slot] = []
        seen: set = set()
        for slot in batch:
            keys = (slot.row.fingerprint, (slot.row.instance, slot.row.event_id))
            if keys[0] in seen or keys[1] in seen:
                slot.done = True  # the same delivery twice in one batch: the second is a duplicate
                continue
            seen.update(keys)
            fresh.append(slot)
        with self._process_lock():
            try:
                stored = self._insert([slot.row for slot in fresh])
            except Exception as exc:  # noqa: BLE001 - each waiting request answers 503 with it
                for slot in fresh:
                    slot.error = exc
                    slot.done = True
                return
            for slot in fresh:
                slot.pk = stored.get(slot.row.fingerprint)
                slot.done = True
            metrics.INBOX_COMMIT_ROWS.observe(len(fresh))
            new = [slot.pk for slot in fresh if slot.pk is not None and slot.row.status == EventStatus.RECEIVED]
            if new and self._on_commit is not None:
                try:
                    self._on_commit(new)
                except Exception as exc:  # noqa: BLE001 - stored is what matters: the sweeper enqueues them
                    metrics.ENQUEUE_FAILURES.inc(len(new))
                    log.warning("inbox.on_commit_failed", event_pks=new, error=f"{type(exc).__name__}: {exc}")

    def _insert(self, rows: list[NewEvent]) -> dict[str, int]:
        """Insert (one statement, its own transaction); {fingerprint: id} of the rows stored."""
        if not rows:
            return {}
        received_at = utcnow()
        if self._sqlite:
            received_at = received_at.strftime("%Y-%m-%d %H:%M:%S.%f")  # how SQLAlchemy stores DateTime there
        mark = "?" if self._dialect.paramstyle == "qmark" else "%s"
        values = "(" + ", ".join([mark] * len(_COLUMNS)) + ")"
        sql = (f"INSERT INTO {Event.__tablename__} ({', '.join(_COLUMNS)}) VALUES {', '.join([values] * len(rows))} "
               "ON CONFLICT DO NOTHING RETURNING id, fingerprint")
        params = [value for row in rows for value in (*row[:7], received_at, row.status, 0)]
        for attempt in (1, 2):
            connection = self._writer_connection()
            try:
                cursor = connection.cursor()
                try:
                    cursor.execute(sql, params)
                    return {fingerprint: pk for pk, fingerprint in cursor.fetchall()}
                finally:
                    cursor.close()
            except self._dialect.loaded_dbapi.Error as exc:
                # A connection the database dropped (a restart, a failover) gets one fresh try:
                # Discourse does not redeliver on its own, so a 503 here could cost an event.
                disconnected = self._dialect.is_disconnect(exc, connection, None)
                self._discard_writer_connection()
                if attempt == 2 or not disconnected:
                    raise
                log.warning("inbox.reconnecting", error=f"{type(exc).__name__}: {exc}")
        raise AssertionError("unreachable")

    def _writer_connection(self):
        if self._connection is None:
            self._connection = self._dedicated_connection()
            if self._sqlite:
                self._connection.execute("PRAGMA wal_autocheckpoint=0")  # see checkpoint
                # Every insert lands on a random page of the fingerprint index; with SQLite's
                # default 2 MiB cache those pages are read back from the OS again and again once
                # the inbox holds some tens of thousands of events. Pages are allocated as used.
                self._connection.execute(f"PRAGMA cache_size=-{WRITER_CACHE_KIB}")
        return self._connection

    def _discard_writer_connection(self) -> None:
        with contextlib.suppress(Exception):
            self._connection.close()
        self._connection = None

    def _dedicated_connection(self):
        """A DBAPI connection of our own, with the engine's connect-time set-up (SQLite pragmas),
        in autocommit mode: each INSERT is its own transaction, committed in the same round trip."""
        proxy = self._engine.raw_connection()
        proxy.detach()  # ours now: the pool opens another in its place
        connection = proxy.dbapi_connection
        if self._sqlite:
            # Autocommit already (isolation_level None, see store.base). The write that starts the
            # WAL over cuts the file back to this size.
            connection.execute(f"PRAGMA journal_size_limit={WAL_SIZE_LIMIT}")
        else:
            connection.autocommit = True
        return connection

    @contextlib.contextmanager
    def _process_lock(self) -> Iterator[None]:
        if self._lock_path is None:
            yield
            return
        if self._lock_fd is None:
            self._lock_fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    # -- SQLite WAL checkpoints -------------------------------------------------------------------
    def checkpoint_due(self) -> bool:
        """An SQLite database whose WAL was last checkpointed `checkpoint_every_s` ago or more."""
        return self._sqlite and time.monotonic() - self._last_checkpoint >= self._checkpoint_every_s

    def checkpoint(self) -> None:
        """Copy the WAL into the database; a thread that finds another one at it returns at once.

        A PASSIVE checkpoint blocks nobody, but under steady writes it never catches up with the
        end of the WAL, and SQLite only starts the WAL over once it has: so the few frames written
        meanwhile are copied again with every web process's inbox writers held (a short pause),
        and the next write starts the WAL from the beginning."""
        if not self._checkpoint_lock.acquire(blocking=False):
            return
        try:
            self._last_checkpoint = time.monotonic()
            if self._checkpoint_connection is None:
                self._checkpoint_connection = self._dedicated_connection()
            _busy, frames, _copied = self._checkpoint_connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()[0]
            if frames > 0:
                with self._writer_lock, self._process_lock():
                    self._checkpoint_connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except Exception as exc:  # noqa: BLE001 - a later checkpoint (or the worker's) catches up
            log.warning("inbox.checkpoint_failed", error=f"{type(exc).__name__}: {exc}")
            self._checkpoint_connection = None
        finally:
            self._checkpoint_lock.release()


class AsyncInbox:
    """The inbox for coroutines on one event loop: `await add(row)` stores and commits.

    Deliveries added while a write is in flight wait for the next one, which writes them all in one
    statement on the writer thread; the loop goes on reading requests meanwhile. Unloaded, each
    delivery is a write of its own.
    """

    def __init__(self, inbox: Inbox) -> None:
        self._inbox = inbox
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="circleup-inbox")
        # SQLite's WAL is copied on a thread of its own: the writer goes on writing meanwhile.
        self._checkpointer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="circleup-checkpoint")
        self._checkpointing: Future | None = None
        self._pending: list[tuple[NewEvent, asyncio.Future]] = []
        self._writing = False
        self._idle: asyncio.Event | None = None

    async def add(self, row: NewEvent) -> int | None:
        """Like Inbox.add: the row id, or None for a duplicate; raises InboxUnavailable."""
        loop = asyncio.get_running_loop()
        answer = loop.create_future()
        self._pending.append((row, answer))
        if not self._writing:
            self._writing = True
            # Not at once: every request this turn of the loop has read joins the first batch.
            loop.call_soon(self._write_next, loop)
        return await answer

    async def drain(self) -> None:
        """Wait until every delivery added so far is written (for a graceful shutdown)."""
        while self._writing:
            self._idle = self._idle or asyncio.Event()
            await self._idle.wait()

    def close(self) -> None:
        self._writer.shutdown(wait=True)
        self._checkpointer.shutdown(wait=True)

    def _write_next(self, loop: asyncio.AbstractEventLoop) -> None:
        if not self._pending:
            self._writing = False
            if self._idle is not None:
                self._idle.set()
                self._idle = None
            return
        batch, self._pending = self._pending[:MAX_BATCH], self._pending[MAX_BATCH:]
        written = loop.run_in_executor(self._writer, self._inbox.write, [row for row, _ in batch])
        written.add_done_callback(lambda done: self._answer(loop, batch, done))

    def _answer(self, loop: asyncio.AbstractEventLoop, batch: list[tuple[NewEvent, asyncio.Future]],
                written: asyncio.Future) -> None:
        error = written.exception()
        pks = [None] * len(batch) if error is not None else written.result()
        for (_row, answer), pk in zip(batch, pks):
            if answer.done():  # the client went away: its row is stored (or not) all the same
                continue
            if error is not None:
                answer.set_exception(error)
            else:
                answer.set_result(pk)
        if (self._checkpointing is None or self._checkpointing.done()) and self._inbox.checkpoint_due():
            self._checkpointing = self._checkpointer.submit(self._inbox.checkpoint)
        self._write_next(loop)
