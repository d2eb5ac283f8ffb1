"""The receiver's inbox writer: group commits, duplicates, reconnects, WAL checkpoints, its event
loop form (AsyncInbox); and the background enqueuer that hands the stored ids to the queue."""
from __future__ import annotations

import asyncio
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from circleup.integration.inbox import AsyncInbox, Inbox, InboxUnavailable, NewEvent
from circleup.integration.queue import BatchingEnqueuer
from circleup.integration.store import Event, EventStatus
from tests.asgi import run
from circleup.webhooks.delivery import body_fingerprint, body_sha256


def new_event(n: int, *, status: str = EventStatus.RECEIVED, body: str | None = None) -> NewEvent:
    body = body if body is not None else f'{{"post":{{"id":{n},"raw":"{"x" * 1500}"}}}}'
    return NewEvent(instance="https://forum.example.org", event_id=str(n), event_type="post", event_name="post_created",
                    body=body, body_sha256=body_sha256(body.encode()),
                    fingerprint=body_fingerprint("post_created", body.encode()), status=status)


def stored_ids(services) -> dict[str, int]:
    with services.store.session() as session:
        return {event_id: pk for event_id, pk in session.execute(select(Event.event_id, Event.id))}


class SlowInserts:
    """Makes each insert take a while, so the threads that arrive meanwhile gather into one batch."""

    def __init__(self, inbox: Inbox, monkeypatch, delay: float = 0.05) -> None:
        self.batches: list[int] = []
        real = inbox._insert

        def slow(rows):
            self.batches.append(len(rows))
            time.sleep(delay)
            return real(rows)

        monkeypatch.setattr(inbox, "_insert", slow)


def test_concurrent_deliveries_share_commits_and_each_gets_its_own_row(services, monkeypatch):
    committed: list[list[int]] = []
    inbox = Inbox(services.store, on_commit=committed.append)
    slow = SlowInserts(inbox, monkeypatch)
    rows = [new_event(n, status=EventStatus.IGNORED if n % 5 == 0 else EventStatus.RECEIVED) for n in range(1, 41)]
    with ThreadPoolExecutor(8) as pool:
        answers = dict(zip((r.event_id for r in rows), pool.map(inbox.add, rows)))
    inbox.close()

    assert max(slow.batches) > 1 and sum(slow.batches) == 40  # commits were shared
    assert answers == stored_ids(services)  # every request got its own row's id
    received = sorted(pk for event_id, pk in answers.items() if int(event_id) % 5)
    assert sorted(pk for batch in committed for pk in batch) == received  # only handled events are enqueued


def test_the_same_delivery_twice_in_one_batch_is_stored_once(services, monkeypatch):
    inbox = Inbox(services.store)
    SlowInserts(inbox, monkeypatch)
    first = threading.Thread(target=inbox.add, args=(new_event(1),))
    first.start()
    time.sleep(0.01)  # the first insert is under way: the next three queue behind it
    retry_of_two = new_event(3, body=new_event(2).body)  # a Discourse retry: new id, same body
    redelivery_of_two = new_event(2, body='{"post":{"id":2,"raw":"edited"}}')  # same id, other body
    with ThreadPoolExecutor(3) as pool:
        answers = list(pool.map(inbox.add, [new_event(2), retry_of_two, redelivery_of_two]))
    first.join()
    inbox.close()
    assert answers.count(None) == 2  # whichever came first is stored; the other two are its duplicates
    assert len(stored_ids(services)) == 2


def test_a_duplicate_of_an_earlier_commit_answers_none(services):
    inbox = Inbox(services.store)
    assert inbox.add(new_event(7)) is not None
    assert inbox.add(new_event(7)) is None
    assert inbox.add(new_event(8, body=new_event(7).body)) is None
    inbox.close()


def test_a_database_that_cannot_store_raises_inbox_unavailable(services, monkeypatch):
    inbox = Inbox(services.store)

    def refused():
        raise services.store.engine.dialect.loaded_dbapi.OperationalError("unable to open database file")

    monkeypatch.setattr(inbox, "_dedicated_connection", refused)
    with pytest.raises(InboxUnavailable, match="unable to open database file"):
        inbox.add(new_event(1))
    assert stored_ids(services) == {}


def test_async_deliveries_read_in_one_turn_of_the_loop_share_one_commit(services):
    committed: list[list[int]] = []
    inbox = Inbox(services.store, on_commit=committed.append)
    writer = AsyncInbox(inbox)
    rows = [new_event(n) for n in range(1, 21)]
    retry_of_one = new_event(21, body=rows[0].body)

    async def deliver_all():
        return await asyncio.gather(*(writer.add(row) for row in [*rows, retry_of_one]))

    answers = run(deliver_all())
    writer.close()
    inbox.close()
    assert committed == [answers[:20]]  # one commit for the twenty, and the retry is a duplicate
    assert answers[20] is None
    assert dict(zip((r.event_id for r in rows), answers)) == stored_ids(services)


def test_async_deliveries_that_arrive_during_a_write_go_in_the_next_one(services, monkeypatch):
    inbox = Inbox(services.store)
    slow = SlowInserts(inbox, monkeypatch)
    writer = AsyncInbox(inbox)

    async def deliver_while_writing():
        first = asyncio.ensure_future(writer.add(new_event(1)))
        await asyncio.sleep(0.02)  # the first write is under way
        later = await asyncio.gather(*(writer.add(new_event(n)) for n in range(2, 12)))
        await writer.drain()
        return [await first, *later]

    answers = run(deliver_while_writing())
    writer.close()
    inbox.close()
    assert slow.batches == [1, 10]
    assert None not in answers and len(set(answers)) == 11


def test_async_deliveries_the_database_cannot_store_all_raise(services, monkeypatch):
    inbox = Inbox(services.store)
    writer = AsyncInbox(inbox)

    def refused():
        raise services.store.engine.dialect.loaded_dbapi.OperationalError("unable to open database file")

    monkeypatch.setattr(inbox, "_dedicated_connection", refused)

    async def deliver_two():
        return await asyncio.gather(writer.add(new_event(1)), writer.add(new_event(2)), return_exceptions=True)

    answers = run(deliver_two())
    writer.close()
    assert [type(answer) for answer in answers] == [InboxUnavailable, InboxUnavailable]
    assert stored_ids(services) == {}


def test_a_connection_the_database_dropped_is_reopened_once(services, backend):
    if backend.name != "postgres":
        pytest.skip("SQLite connections are files: nothing drops them")
    inbox = Inbox(services.store)
    assert inbox.add(new_event(1)) is not None
    pid = inbox._connection.info.backend_pid
    with services.store.engine.connect() as conn:
        conn.exec_driver_sql(f"SELECT pg_terminate_backend({pid})")
    assert inbox.add(new_event(2)) is not None  # a restart or failover costs no delivery
    assert inbox._connection.info.backend_pid != pid
    inbox.close()


def test_sqlite_wal_is_checkpointed_and_starts_over(services, backend):
    if backend.name != "sqlite":
        pytest.skip("a SQLite matter")
    wal = services.store.engine.url.database + "-wal"
    inbox = Inbox(services.store, checkpoint_every_s=0.05)
    for n in range(1, 1501):
        inbox.add(new_event(n))
        if n % 100 == 0:
            time.sleep(0.06)
    # ~6 pages of 4 KiB per insert: 36 MiB of WAL without the checkpoints.
    assert os.path.getsize(wal) < 8 * 1024 * 1024
    assert len(stored_ids(services)) == 1500
    inbox.close()


# -- the background enqueuer ------------------------------------------------------------------------
def test_enqueuer_sends_every_id_in_batches():
    sent: list[list[int]] = []
    enqueuer = BatchingEnqueuer(lambda ids: (time.sleep(0.01), sent.append(ids)), linger_s=0.02, max_batch=50)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda n: enqueuer.add([n]), range(400)))
    assert enqueuer.flush(5)
    assert sorted(i for batch in sent for i in batch) == list(range(400))
    assert len(sent) < 100 and max(map(len, sent)) <= 50


def test_enqueuer_flush_sends_at_once():
    sent: list[list[int]] = []
    enqueuer = BatchingEnqueuer(sent.append, linger_s=30)
    enqueuer.add([1, 2])
    started = time.monotonic()
    assert enqueuer.flush(5) and sent == [[1, 2]]
    assert time.monotonic() - started < 5  # not the 30 s linger


def test_enqueuer_survives_a_failing_queue():
    calls: list[list[int]] = []

    def send(ids):
        calls.append(ids)
        if len(calls) == 1:
            raise ConnectionError("queue down")

    enqueuer = BatchingEnqueuer(send, linger_s=0)
    enqueuer.add([1])
    assert enqueuer.flush(5)
    enqueuer.add([2])
    assert enqueuer.flush(5) and calls == [[1], [2]]


def test_enqueuer_thread_leaves_when_idle_and_comes_back():
    sent: list[list[int]] = []
    enqueuer = BatchingEnqueuer(sent.append, linger_s=0, idle_exit_s=0.05)
    enqueuer.add([1])
    assert enqueuer.flush(5)
    deadline = time.monotonic() + 5
    while enqueuer._thread is not None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert enqueuer._thread is None
    enqueuer.add([2])
    assert enqueuer.flush(5) and sent == [[1], [2]]


def test_sqlite_wal_grown_in_a_burst_is_cut_back_when_it_starts_over(services, backend, monkeypatch):
    if backend.name != "sqlite":
        pytest.skip("a SQLite matter")
    from circleup.integration import inbox as inbox_module

    monkeypatch.setattr(inbox_module, "WAL_SIZE_LIMIT", 1024 * 1024)
    wal = services.store.engine.url.database + "-wal"
    inbox = Inbox(services.store, checkpoint_every_s=3600)
    for n in range(1, 501):
        inbox.add(new_event(n))
    assert os.path.getsize(wal) > 4 * 1024 * 1024  # the burst: no checkpoint yet
    inbox._checkpoint_every_s = 0
    inbox.add(new_event(501))  # checkpoints after it
    inbox.add(new_event(502))  # starts the WAL over, and cuts the file back
    assert os.path.getsize(wal) <= 1024 * 1024
    inbox.close()
