"""Transient errors are waited out for a time, not a number of tries; leases keep a live worker's
claim and hand a dead worker's to another within the lease."""
from __future__ import annotations

import datetime as dt
import time

import pytest
from sqlalchemy import select, update

from circleup.integration.errors import TransientError
from circleup.integration.leases import ACTION, EVENT, Leases
from circleup.integration.store import Action, ActionStatus, Event, EventStatus, as_utc, utcnow
from tests.conftest import drain


@pytest.fixture
def config_overrides():
    return {"worker": {"retry_backoff_s": 0.0, "stuck_after_s": 2, "retry_for_s": 3600, "max_attempts": 3},
            "logging": {"format": "console", "level": "WARNING"}}


@pytest.fixture
def reply_on_post(worker):
    @worker.router.register("post_created")
    def reply(ctx):
        ctx.outbox.reply(f"reply:{ctx.payload['id']}", ctx.payload["topic_id"], "Thanks for your application, truly!")


def only(services, model):
    with services.store.session() as session:
        return session.scalars(select(model)).one()


def test_transient_errors_are_retried_past_max_attempts_within_the_horizon(deliver, worker, services, fake,
                                                                          settings, reply_on_post):
    fake.fail("create_post", *[TransientError("502 Bad Gateway")] * (settings.worker.max_attempts * 4))
    deliver("post_created__reply")
    drain(worker)
    action = only(services, Action)
    assert action.status == ActionStatus.DONE and action.attempts == settings.worker.max_attempts * 4 + 1
    assert action.failing_since is None  # cleared by the success
    assert len(fake.posts) == 1


def test_transient_errors_fail_once_the_horizon_has_passed(deliver, worker, services, fake, settings, reply_on_post):
    fake.fail("create_post", *[TransientError("502 Bad Gateway")] * 50)
    deliver("post_created__reply")
    drain(worker, include_scheduled=False)
    action = only(services, Action)
    assert action.status == ActionStatus.PENDING and action.failing_since is not None
    with services.store.session() as session:  # the forum has been failing for longer than the horizon
        session.execute(update(Action).values(failing_since=utcnow() - dt.timedelta(seconds=settings.worker.retry_for_s + 1),
                                              attempts=settings.worker.max_attempts))
    drain(worker)
    action = only(services, Action)
    assert action.status == ActionStatus.FAILED and "502" in action.last_error
    assert only(services, Event).status == EventStatus.FAILED


def test_a_handlers_transient_error_is_retried_past_max_attempts(deliver, worker, services, settings):
    calls = []

    @worker.router.register("user_created")
    def flaky(ctx):
        calls.append(1)
        if len(calls) <= settings.worker.max_attempts * 2:
            raise TransientError("GET /u/x.json: Discourse answered 502")

    deliver("user_created")
    drain(worker)
    event = only(services, Event)
    assert event.status == EventStatus.PROCESSED and event.failing_since is None
    assert len(calls) == settings.worker.max_attempts * 2 + 1


def test_a_held_lease_is_renewed_and_a_taken_over_one_is_lost(services, deliver, worker, reply_on_post):
    deliver("post_created__reply")
    drain(worker, include_scheduled=False)
    with services.store.session() as session:  # an action in flight, as a worker's claim leaves it
        session.execute(update(Action).values(status=ActionStatus.IN_FLIGHT, attempts=1,
                                              not_before=utcnow() + dt.timedelta(seconds=0.3)))
        action_id = session.scalar(select(Action.id))
    leases = Leases(services.store, lease_s=0.3)
    with leases.held(ACTION, action_id, 1):
        time.sleep(0.5)  # longer than the lease: only the renewals keep it
        assert as_utc(only(services, Action).not_before) > utcnow()
        assert worker.take_over() == {"events": 0, "batches": 0}
        with services.store.session() as session:  # another worker takes it over (a new attempt)
            session.execute(update(Action).values(attempts=2))
        time.sleep(0.3)
        assert leases.lost(ACTION, action_id)
    assert not leases.lost(ACTION, action_id)


def test_a_dead_workers_claims_are_taken_over_once_the_lease_runs_out(services, deliver, worker, fake, reply_on_post):
    deliver("post_created__reply")
    event_pk = only(services, Event).id
    worker.flush_enqueued()
    with services.store.session() as session:  # a worker claimed it, then died (no renewals)
        session.execute(update(Event).values(status=EventStatus.PROCESSING, attempts=1, started_at=utcnow()))
    services.huey.flush()
    assert worker.take_over() == {"events": 0, "batches": 0}  # the lease is still running
    with services.store.session() as session:
        session.execute(update(Event).values(started_at=utcnow() - dt.timedelta(seconds=3)))
    assert worker.take_over() == {"events": 1, "batches": 0}
    drain(worker)
    assert only(services, Event).status == EventStatus.PROCESSED and len(fake.posts) == 1
    assert event_pk == only(services, Event).id


def test_the_worker_renews_its_lease_on_an_event_while_handlers_run(services, deliver, worker, settings, backend):
    if backend.name == "sqlite":
        pytest.skip("SQLite has one writer: while a handler's transaction runs, no other worker can claim its event")
    seen = []

    @worker.router.register("user_created")
    def slow(ctx):
        started = as_utc(ctx.session.get(Event, ctx.event.id).started_at)
        time.sleep(settings.worker.stuck_after_s * 0.9)
        with services.store.session() as other:
            seen.append(as_utc(other.get(Event, ctx.event.id).started_at) > started)

    deliver("user_created")
    drain(worker)
    assert seen == [True]
    assert worker.leases._held == {}
