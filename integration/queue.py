"""The job queue (Huey): embedded SQLite by default, Redis for several machines.

Huey delivers a job at most once; circleup only ever enqueues ids, and the database stays the
record of work (the sweeper re-enqueues what a dead worker dropped).

An idle worker must still start a job within moments of its enqueue, however long it has been
idle (`make_consumer`): on Redis each worker thread blocks in a pop that returns the moment a job
arrives; on the embedded SQLite queue one thread per worker process watches the queue file's
change counter (`PRAGMA data_version`, a read of shared memory, no query plan, no lock) every
QUEUE_WATCH_S and wakes the idle threads when any process committed to it. Huey's own backoff
(polls up to 10 s apart) stays only as the fallback should the watch fail.
"""
from __future__ import annotations

import atexit
import os
import sqlite3
import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import structlog
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey
from huey.consumer import Consumer
from huey.consumer import Worker as HueyWorker
from huey.storage import SqliteStorage

from circleup.config.settings import QUEUE_URL_FORMS, REDIS_SCHEMES, ConfigError
from circleup.config.urls import safe_url
from circleup.integration import metrics

log = structlog.get_logger("circleup.queue")


def split_queue_name(queue_url: str, default: str = "circleup") -> tuple[str, str]:
    """QUEUE_URL without its `?name=`, and that name: the name is circleup's, not the server's.

    Handed to redis-py, `name` would become a connection keyword every new connection fails on.
    """
    # Split by hand: urlunsplit would turn unix:///path into unix:/path.
    base, _, query_string = queue_url.partition("?")
    query = parse_qsl(query_string, keep_blank_values=True)
    names = [value for key, value in query if key == "name"]
    rest = urlencode([(key, value) for key, value in query if key != "name"])
    return (f"{base}?{rest}" if rest else base), (names[-1] if names and names[-1] else default)


def redis_pool(queue_url: str):
    """A redis-py connection pool for any Redis form of QUEUE_URL, and the queue's name.

    redis://host:port/db, rediss:// (TLS; `?ssl_ca_certs=`, `?ssl_cert_reqs=` as redis-py reads
    them) and unix:///path/to/socket?db=N all work, each with `?name=`. A connection the server
    dropped (restart, CLIENT KILL, idle timeout) is noticed before it is used
    (`health_check_interval`) and replaced, and redis-py retries a command that met a dropped
    connection, so a worker or a receiver outlives a Redis hiccup without losing anything.
    """
    import redis  # optional extra: only installations with a Redis queue need it

    url, name = split_queue_name(queue_url)
    if urlsplit(url).scheme not in REDIS_SCHEMES:
        raise ConfigError(f"not a Redis QUEUE_URL: {safe_url(queue_url)!r}")
    kwargs = {} if "health_check_interval" in url else {"health_check_interval": REDIS_HEALTH_CHECK_S}
    return redis.ConnectionPool.from_url(url, **kwargs), name


# Seconds a pooled Redis connection may sit idle before it is pinged ahead of its next use.
REDIS_HEALTH_CHECK_S = 15


def make_huey(queue_url: str, *, name: str = "circleup") -> Huey:
    """A Huey for QUEUE_URL. `?name=` in a Redis URL names the queue, so several circleup
    installations (or test runs) can share one Redis database without taking each other's jobs."""
    parts = urlsplit(queue_url)
    # results=False: jobs report through the database, and stored results would grow forever.
    if parts.scheme == "sqlite":
        _, name = split_queue_name(queue_url, name)
        path = Path(queue_url[len("sqlite:///"):].split("?", 1)[0] if queue_url.startswith("sqlite:///") else parts.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        # The inbox row is the durable record (the sweeper re-enqueues a lost job), so the queue
        # file need not be synced to disk on every enqueue (huey's fsync=False).
        return SqliteHuey(name=name, filename=str(path), results=False, utc=True, fsync=False)
    if parts.scheme in REDIS_SCHEMES:
        pool, name = redis_pool(queue_url)
        return RedisHuey(name=name, connection_pool=pool, results=False, utc=True)
    if parts.scheme == "memory":
        _, name = split_queue_name(queue_url, name)
        return MemoryHuey(name=name, results=False, utc=True)
    raise ConfigError(f"QUEUE_URL must start with {QUEUE_URL_FORMS}, got {safe_url(queue_url)!r}")


# How often an idle worker on the SQLite queue looks for a commit to it: the most a job waits
# before a thread takes it. A look, the timer's wake-up included, costs about 0.1 ms of CPU, so 20
# a second are about 0.2 % of one core.
QUEUE_WATCH_S = 0.05


# The idle threads' own polling (Huey's defaults: 0.1 s, then 15 % longer each time, at most 10 s
# apart): what still finds jobs should the watch fail to read the queue file.
FALLBACK_POLL = {"initial_delay": 0.1, "backoff": 1.15, "max_delay": 10.0}


def make_consumer(huey: Huey, *, threads: int, **options) -> Consumer:
    """The consumer `circleup worker` runs: `threads` worker threads, the scheduler for delayed and
    periodic jobs, woken promptly (see the module docstring). `options` are Huey's Consumer options
    (`initial_delay`, `backoff` and `max_delay` override FALLBACK_POLL)."""
    return PromptConsumer(huey, workers=threads, worker_type="thread", periodic=True, check_worker_health=True,
                          **{**FALLBACK_POLL, **options})


class WakeUp:
    """Tells idle worker threads that the queue may have work. A thread notes `generation` before it
    looks at the queue and, finding it empty, waits for a later one: a job enqueued between its look
    and its wait is not missed."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._generation = 0

    @property
    def generation(self) -> int:
        return self._generation

    def notify(self) -> None:
        with self._cond:
            self._generation += 1
            self._cond.notify_all()

    def wait(self, seen: int, timeout: float) -> bool:
        """True when woken (something changed since `seen`), False after `timeout`."""
        with self._cond:
            return self._cond.wait_for(lambda: self._generation != seen, timeout)


class _PromptWorker(HueyWorker):
    """Huey's worker thread, whose idle wait also ends when the queue is woken."""

    def __init__(self, *args, wake_up: WakeUp, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.wake_up = wake_up
        self._seen = wake_up.generation

    def loop(self, now=None):
        self._seen = self.wake_up.generation
        return super().loop(now)

    def sleep(self) -> None:
        self.delay = min(self.delay, self.max_delay)
        self.wake_up.wait(self._seen, self.delay)
        self.delay *= self.backoff


WATCH_STOP_S = 5.0


class PromptConsumer(Consumer):
    """Huey's consumer with worker threads that wake when a job arrives instead of at their next poll."""

    def __init__(self, huey: Huey, **options) -> None:
        self.wake_up = WakeUp()
        self._watch: threading.Thread | None = None
        super().__init__(huey, **options)

    def _create_worker(self) -> HueyWorker:
        return _PromptWorker(huey=self.huey, stop_flag=self.stop_flag, default_delay=self.default_delay,
                             max_delay=self.max_delay, backoff=self.backoff, max_tasks=self.max_tasks,
                             wake_up=self.wake_up)

    def start(self) -> None:
        super().start()
        storage = self.huey.storage
        if isinstance(storage, SqliteStorage):
            self._watch = threading.Thread(target=watch_sqlite_queue, name="circleup-queue-watch", daemon=True,
                                           args=(storage.filename, self.wake_up, self.stop_flag))
            self._watch.start()

    def stop(self, graceful: bool = False) -> None:
        self.stop_flag.set()
        self.wake_up.notify()  # idle threads see the stop flag now, not at their next poll
        super().stop(graceful=graceful)
        if self._watch is not None:
            # It sees the stop flag within one interval; a stopped consumer holds no queue connection.
            self._watch.join(WATCH_STOP_S)


def watch_sqlite_queue(filename: str, wake_up: WakeUp, stop: threading.Event, interval: float = QUEUE_WATCH_S) -> None:
    """Wake the workers whenever a connection other than this one committed to the queue file
    (an enqueue by the web process, the CLI, the scheduler or another worker; a dequeue too, which
    costs one look at an empty queue). Runs until `stop` is set."""
    conn: sqlite3.Connection | None = None
    seen = None
    failing = False
    try:
        while not stop.wait(interval):
            try:
                if conn is None:
                    conn = sqlite3.connect(filename, isolation_level=None, check_same_thread=False)
                version = conn.execute("PRAGMA data_version").fetchone()[0]
            except Exception as exc:  # noqa: BLE001 - the watch must outlive any trouble with the file
                if not failing:
                    log.warning("queue.watch_failed", queue=filename, error=f"{type(exc).__name__}: {exc}",
                                next_step="jobs still run: idle workers poll the queue (at most 10 s apart) "
                                          "until the queue file can be read again")
                failing = True
                if conn is not None:
                    conn.close()
                    conn = None
                stop.wait(1.0)  # meanwhile the workers' fallback poll runs
                continue
            if failing:
                log.info("queue.watch_recovered", queue=filename)
                failing = False
            if version != seen:
                seen = version
                wake_up.notify()
    finally:
        wake_up.notify()
        if conn is not None:
            conn.close()


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
