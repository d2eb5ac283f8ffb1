"""The worker's consumer (make_consumer) starts a job enqueued while it was idle without waiting
for its next poll, whoever enqueued it, and stops promptly.

The consumers here poll the queue at most once an hour on their own (`initial_delay` and
`max_delay` of 3600 s), so a job only runs within the test's wait if the consumer was woken: the
tests check that the job runs at all, not how fast.
"""
from __future__ import annotations

import signal
import threading
import time
import uuid

import pytest
from structlog.testing import capture_logs

from circleup.integration.queue import QUEUE_WATCH_S, WakeUp, make_consumer, make_huey, watch_sqlite_queue
from tests.conftest import REDIS_UP, REDIS_URL

HOUR = 3600.0


@pytest.fixture
def restore_signals():
    """Consumer.start installs the worker's signal handlers; give pytest its own back."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


@pytest.fixture(params=["sqlite", "redis"])
def queue_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'queue.db'}"
        return
    if not REDIS_UP:
        pytest.skip("Redis is not running on 127.0.0.1")
    url = f"{REDIS_URL}?name=circleup-test-{uuid.uuid4().hex[:12]}"
    yield url
    make_huey(url).flush()


def _ran_job(huey, ran: threading.Event):
    @huey.task(name="test.mark")
    def mark(value: int) -> None:
        ran.set()

    return mark


def _idle(consumer) -> bool:
    """Every worker thread has looked at the empty queue since the last wake-up."""
    return all(worker._seen == consumer.wake_up.generation or consumer.huey.storage.blocking
               for worker, _ in consumer.worker_threads)


def _wait_until_idle(consumer) -> None:
    """Past the start-up look at the queue and the watch's first read, every thread waiting."""
    deadline = time.monotonic() + 30
    while not _idle(consumer) or consumer.wake_up.generation == 0 and not consumer.huey.storage.blocking:
        assert time.monotonic() < deadline, "the consumer never went idle"
        time.sleep(QUEUE_WATCH_S)
    time.sleep(2 * QUEUE_WATCH_S)


def _stop(consumer) -> None:
    stopping = threading.Thread(target=consumer.stop, kwargs={"graceful": True})
    stopping.start()
    stopping.join(30)
    assert not stopping.is_alive(), "the idle consumer did not stop"


def test_idle_worker_takes_a_job_another_process_enqueued(queue_url, restore_signals):
    """The web process enqueues through a connection of its own (here: a second Huey on the same
    queue); the worker, idle and an hour from its next poll, runs the job."""
    worker_huey, web_huey = make_huey(queue_url), make_huey(queue_url)
    ran = threading.Event()
    _ran_job(worker_huey, ran)
    enqueue = _ran_job(web_huey, threading.Event())
    consumer = make_consumer(worker_huey, threads=2, initial_delay=HOUR, max_delay=HOUR, backoff=1.0)
    consumer.start()
    try:
        _wait_until_idle(consumer)
        for _ in range(3):  # idle again after each job, and still woken
            ran.clear()
            enqueue(1)
            assert ran.wait(30), "the idle worker never took the job"
    finally:
        _stop(consumer)


def test_idle_worker_takes_a_job_its_scheduler_enqueues(tmp_path, restore_signals):
    """A delayed job (a retry, a wait for Discourse's budget) is moved to the queue by the
    consumer's scheduler when due; the idle worker threads run it then."""
    huey = make_huey(f"sqlite:///{tmp_path / 'queue.db'}")
    ran = threading.Event()
    mark = _ran_job(huey, ran)
    consumer = make_consumer(huey, threads=2, initial_delay=HOUR, max_delay=HOUR, backoff=1.0)
    consumer.start()
    try:
        mark.schedule((1,), delay=1)
        assert ran.wait(30), "the scheduled job never ran"
    finally:
        _stop(consumer)


def test_idle_consumer_stops_at_once(tmp_path, restore_signals):
    consumer = make_consumer(make_huey(f"sqlite:///{tmp_path / 'queue.db'}"), threads=2, initial_delay=HOUR,
                             max_delay=HOUR, backoff=1.0)
    consumer.start()
    _stop(consumer)
    assert not consumer._watch.is_alive()


def test_watch_wakes_on_each_commit_and_not_otherwise(tmp_path):
    huey = make_huey(f"sqlite:///{tmp_path / 'queue.db'}")
    wake_up, stop = WakeUp(), threading.Event()
    watch = threading.Thread(target=watch_sqlite_queue, args=(huey.storage.filename, wake_up, stop, 0.01))
    watch.start()
    try:
        assert wake_up.wait(0, 30)  # its first read
        quiet = wake_up.generation
        assert not wake_up.wait(quiet, 0.2)  # nothing committed: no wake-up
        huey.storage.enqueue(b"job")
        assert wake_up.wait(quiet, 30)
    finally:
        stop.set()
        watch.join(30)
    assert not watch.is_alive()


def test_watch_survives_an_unreadable_queue_file(tmp_path):
    """A queue file it cannot open is reported once; the workers' own polling goes on meanwhile."""
    wake_up, stop = WakeUp(), threading.Event()
    missing = tmp_path / "no-such-folder" / "queue.db"
    watch = threading.Thread(target=watch_sqlite_queue, args=(str(missing), wake_up, stop, 0.01))
    with capture_logs() as logs:
        watch.start()
        try:
            for _ in range(3000):
                if any(entry["event"] == "queue.watch_failed" for entry in logs):
                    break
                time.sleep(0.01)
            else:
                raise AssertionError("the watch did not report the missing queue file")
            make_huey(f"sqlite:///{missing}").storage.enqueue(b"job")
            assert wake_up.wait(0, 30), "the watch never recovered"
        finally:
            stop.set()
            watch.join(30)
    assert [entry["event"] for entry in logs].count("queue.watch_failed") == 1
    assert any(entry["event"] == "queue.watch_recovered" for entry in logs)
