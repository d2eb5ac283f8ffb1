"""The job queue (Huey): embedded SQLite by default, Redis for several machines.

Huey delivers a job at most once; circleup only ever enqueues ids, and the database stays the
record of work (the sweeper re-enqueues what a dead worker dropped).
"""
from __future__ import annotations

import atexit
import os
import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import structlog
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey

from circleup.config.settings import QUEUE_URL_FORMS, REDIS_SCHEMES, ConfigError
from circleup.config.urls import safe_url
from circleup.integration import metrics

log = structlog.get_logger("circleup.queue")


def make_huey(queue_url: str, *, name: str = "circleup") -> Huey:
    """A Huey for QUEUE_URL. `?name=` in a Redis URL names the queue, so several circleup
    installations (or test runs) can share one Redis database without taking each other's jobs."""
    parts = urlsplit(queue_url)
    query = dict(parse_qsl(parts.query))
    name = query.pop("name", name)
    queue_url = urlunsplit(parts._replace(query=urlencode(query)))
    # results=False: jobs report through the database, and stored results would grow forever.
    if parts.scheme == "sqlite":
        path = Path(queue_url[len("sqlite:///"):] if queue_url.startswith("sqlite:///") else parts.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        # The inbox row is the durable record (the sweeper re-enqueues a lost job), so the queue
        # file need not be synced to disk on every enqueue (huey's fsync=False).
        return SqliteHuey(name=name, filename=str(path), results=False, utc=True, fsync=False)
    if parts.scheme in REDIS_SCHEMES:
        return RedisHuey(name=name, url=queue_url, results=False, utc=True)
    if parts.scheme == "memory":
        return MemoryHuey(name=name, results=False, utc=True)
    raise ConfigError(f"QUEUE_URL must start with {QUEUE_URL_FORMS}, got {safe_url(queue_url)!r}")


def ping(huey: Huey) -> int:
    """Raise if the queue does not answer; returns the number of jobs waiting."""
    return huey.pending_count()


class BatchingEnqueuer:
    """Enqueues ids from a background thread, many to a job, so a request thread only appends.

    `send(ids)` gets up to `max_batch` ids gathered over `linger_s`: under load one enqueue then
    serves dozens of deliveries; alone, an id waits `linger_s` at most. Whatever is still buffered
    when a process dies stays in the database as received, and the sweeper enqueues it (the
    database is the record of work, not the queue).
    """

    def __init__(self, send: Callable[[list[int]], None], *, linger_s: float = 0.01, max_batch: int = 200,
                 idle_exit_s: float = 60.0) -> None:
        self._send = send
        self._idle_exit_s = idle_exit_s
        self._linger_s = linger_s
        self._max_batch = max_batch
        self._ids: list[int] = []
        self._sending = False
        self._flushing = 0
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._pid = os.getpid()
        self._flush_at_exit = False

    def add(self, ids: list[int]) -> None:
        with self._cond:
            was_empty = not self._ids
            self._ids.extend(ids)
            if self._thread is None or self._pid != os.getpid():  # first use, idle since, or forked
                if self._pid != os.getpid() or not self._flush_at_exit:
                    # Held weakly: the exit hook must not keep a finished worker alive.
                    atexit.register(_flush_at_exit, weakref.ref(self))
                    self._flush_at_exit = True
                self._pid = os.getpid()
                self._thread = threading.Thread(target=self._run, name="circleup-enqueuer", daemon=True)
                self._thread.start()
            # Wake the sender only when it waits for a first id or the batch is full: a notify per
            # add would cost each request a thread switch.
            if was_empty or len(self._ids) >= self._max_batch:
                self._cond.notify_all()

    def flush(self, timeout: float = 30.0) -> bool:
        """Send everything added so far now; False if that took longer than `timeout`."""
        with self._cond:
            self._flushing += 1
            self._cond.notify_all()
            try:
                return self._cond.wait_for(lambda: not self._ids and not self._sending, timeout)
            finally:
                self._flushing -= 1

    def _run(self) -> None:
        while True:
            with self._cond:
                if not self._cond.wait_for(lambda: self._ids, self._idle_exit_s):
                    self._thread = None  # quiet for a while: the next add starts another
                    return
                # Let a burst gather into one job, unless someone is waiting for it.
                self._cond.wait_for(lambda: self._flushing or len(self._ids) >= self._max_batch, self._linger_s)
                batch, self._ids = self._ids[: self._max_batch], self._ids[self._max_batch:]
                self._sending = True
            try:
                self._send(batch)
            except Exception as exc:  # noqa: BLE001 - the rows are stored: the sweeper enqueues them
                metrics.ENQUEUE_FAILURES.inc(len(batch))
                log.warning("enqueue.failed", event_pks=batch[:20], count=len(batch), error=f"{type(exc).__name__}: {exc}",
                            next_step="nothing is lost: the sweeper enqueues them within worker.sweep_every_minutes")
            finally:
                with self._cond:
                    self._sending = False
                    self._cond.notify_all()


def _flush_at_exit(ref: weakref.ref) -> None:
    enqueuer = ref()
    if enqueuer is not None:
        enqueuer.flush(timeout=5.0)  # within gunicorn's graceful timeout; the sweeper has the rest
