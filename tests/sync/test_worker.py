"""The worker: routing, the outbox, retries, waits, permanent failures, replay and the sweeper."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from circleup.integration.errors import NotFound, PermanentError, RateLimited, TransientError
from circleup.integration.markdown import marker
from circleup.integration.store import Action, ActionStatus, Event, EventStatus, utcnow
from circleup.sync.worker import EventNotFinished
from tests.conftest import drain

THANKS = "Thanks for your application, we will be in touch soon!"


@pytest.fixture
def thank_on_post(worker):
    """A tiny flow: thank the author of every post, then add them to a group."""

    @worker.router.register("post_created")
    def thank(ctx):
        post = ctx.payload
        ctx.outbox.reply(f"thanks:post:{post['id']}", post["topic_id"], THANKS, reply_to_post_number=post["post_number"])
        ctx.outbox.add_to_group(f"group:{post['username']}", "citizens", [post["username"]])
        ctx.audit("circleup", "test.thanked", subject=post["username"])

    return thank


@pytest.fixture
def circleup(worker, services, settings):
    """Run a `circleup` command on this test's services and worker; returns its output."""
    from click.testing import CliRunner

    from circleup.cli import Context, cli
    from circleup.cli import events as _events_commands  # noqa: F401 - registers `circleup events`, `actions`

    context = Context()
    context._settings, context._services = settings, services
    context.worker = lambda: worker

    def run(*args: str, exit_code: int = 0) -> str:
        result = CliRunner().invoke(cli, list(args), obj=context, catch_exceptions=False)
        assert result.exit_code == exit_code, result.output
        return result.output

    return run


def events(services):
    with services.store.session() as session:
        return session.scalars(select(Event).order_by(Event.id)).all()


def actions(services):
    with services.store.session() as session:
        return session.scalars(select(Action).order_by(Action.id)).all()


def test_handlers_record_actions_that_are_performed_in_order(deliver, worker, services, fake, thank_on_post):
    deliver("post_created__reply")
    drain(worker)
    assert [name for name, _ in fake.calls] == ["create_post", "get_group", "add_group_members"]
    reply = fake.sent("create_post")[0]
    assert reply["topic_id"] == 512 and reply["reply_to_post_number"] == 2
    assert reply["raw"].startswith(THANKS) and reply["raw"].endswith(marker("thanks:post:9101"))
    assert [a.status for a in actions(services)] == [ActionStatus.DONE, ActionStatus.DONE]
    assert actions(services)[0].result["post_id"] == fake.posts[0]["id"]
    assert events(services)[0].status == EventStatus.PROCESSED


def test_duplicate_and_replayed_events_never_act_twice(deliver, worker, services, fake, thank_on_post):
    deliver("post_created__reply", event_id="1")
    drain(worker)
    deliver("post_created__reply", event_id="1")  # Discourse's Redeliver button
    drain(worker)
    worker.replay_event(events(services)[0].id)  # a moderator replays it
    drain(worker)
    assert len(fake.sent("create_post")) == 1
    assert len(fake.sent("add_group_members")) == 1


def test_two_events_recording_the_same_key_act_once(deliver, worker, services, fake):
    @worker.router.register("post_created", "post_edited")
    def reply_once(ctx):
        ctx.outbox.reply("once:topic:512", 512, THANKS)

    deliver("post_created__reply")
    deliver("post_edited")
    drain(worker)
    assert len(fake.sent("create_post")) == 1


def test_rate_limit_reschedules_without_counting_an_attempt(deliver, worker, services, fake, thank_on_post):
    fake.fail("create_post", RateLimited(42, "429 from Discourse"))
    deliver("post_created__reply")
    drain(worker, include_scheduled=False)
    (reply, group) = actions(services)
    assert reply.status == ActionStatus.PENDING and reply.attempts == 0
    assert (reply.not_before.replace(tzinfo=dt.UTC) - utcnow()).total_seconds() > 30
    assert group.status == ActionStatus.PENDING  # the batch waits in order
    assert worker.services.huey.scheduled_count() == 1
    drain(worker)  # time passes
    assert [a.status for a in actions(services)] == [ActionStatus.DONE, ActionStatus.DONE]
    assert len(fake.posts) == 1


def test_transient_errors_retry_then_fail_visibly(deliver, worker, services, fake, settings, thank_on_post):
    attempts = settings.worker.max_attempts
    fake.fail("create_post", *[TransientError("502 Bad Gateway")] * attempts)
    deliver("post_created__reply")
    drain(worker)
    reply, group = actions(services)
    assert reply.status == ActionStatus.FAILED and reply.attempts == attempts
    assert "502" in reply.last_error
    assert group.status == ActionStatus.CANCELLED
    assert "failed" in events(services)[0].last_error
    # Replaying after Discourse recovered finishes the job; the lost posts were never created.
    worker.replay_event(events(services)[0].id)
    drain(worker)
    assert [a.status for a in actions(services)] == [ActionStatus.DONE, ActionStatus.DONE]
    assert len(fake.posts) == 1


def test_permanent_error_fails_at_once_with_discourses_message(deliver, worker, services, fake, thank_on_post):
    fake.fail("add_group_members", PermanentError("You are not permitted to add members to this group", status=403))
    deliver("post_created__reply")
    drain(worker)
    reply, group = actions(services)
    assert reply.status == ActionStatus.DONE
    assert group.status == ActionStatus.FAILED and group.attempts == 1
    assert "not permitted" in group.last_error
    # What the event set out to do did not all happen: it is listed with the failed events.
    (event,) = events(services)
    assert event.status == EventStatus.FAILED and "not permitted" in event.last_error


def test_lost_response_is_recovered_by_marker_not_posted_twice(deliver, worker, services, fake, thank_on_post):
    fake.lose_next_response = True  # the post is created but the worker never hears back
    deliver("post_created__reply")
    drain(worker)
    assert len(fake.posts) == 1
    assert fake.sent("find_post_with_marker"), "a retry must look for its earlier post first"
    reply = actions(services)[0]
    assert reply.status == ActionStatus.DONE and reply.result["recovered"] is True
    assert reply.result["post_id"] == fake.posts[0]["id"]


def test_handler_error_retries_then_marks_event_failed(deliver, worker, services, settings):
    calls = []

    @worker.router.register("user_created")
    def explode(ctx):
        calls.append(1)
        raise RuntimeError("flow bug")

    deliver("user_created")
    drain(worker)
    (event,) = events(services)
    assert event.status == EventStatus.FAILED and len(calls) == settings.worker.max_attempts
    assert "RuntimeError: flow bug" in event.last_error


def test_permanent_error_in_a_handler_fails_the_event_at_once(deliver, worker, services):
    @worker.router.register("user_created")
    def missing(ctx):
        raise NotFound("The requested URL or resource could not be found.", status=404)

    deliver("user_created")
    drain(worker)
    (event,) = events(services)
    assert event.status == EventStatus.FAILED and event.attempts == 1


def test_handler_state_rolls_back_with_a_failed_attempt(deliver, worker, services, fake):
    tries = []

    @worker.router.register("post_created")
    def flaky(ctx):
        ctx.outbox.reply("flaky:1", 512, THANKS)
        tries.append(1)
        if len(tries) == 1:
            raise TransientError("Discourse timed out")

    deliver("post_created__reply")
    drain(worker)
    assert len(tries) == 2
    assert len(actions(services)) == 1 and len(fake.posts) == 1


def test_sweeper_re_enqueues_events_a_dead_worker_held(deliver, worker, services, thank_on_post):
    deliver("post_created__reply")
    huey = services.huey
    huey.flush()  # the job is lost (worker killed after dequeue)
    with services.store.session() as session:
        session.execute(update(Event).values(status=EventStatus.PROCESSING, started_at=utcnow() - dt.timedelta(hours=1),
                                             received_at=utcnow() - dt.timedelta(hours=1)))
    assert worker.sweep()["events"] == 1
    drain(worker)
    assert events(services)[0].status == EventStatus.PROCESSED


def test_sweeper_leaves_fresh_work_alone_and_prunes_old_events(deliver, worker, services, settings):
    worker.router.register("user_created")(lambda ctx: None)
    deliver("user_created")
    services.huey.flush()
    assert worker.sweep()["events"] == 0  # just received: its own job is still on the way
    with services.store.session() as session:
        session.execute(update(Event).values(status=EventStatus.PROCESSED,
                                             processed_at=utcnow() - dt.timedelta(days=settings.worker.retention_days + 1)))
    assert worker.sweep()["pruned"] == 1
    assert events(services) == []


def test_process_event_is_claimed_once(deliver, worker, services):
    ran = []
    worker.router.register("user_created")(lambda ctx: ran.append(1))
    deliver("user_created")
    event_pk = events(services)[0].id
    assert worker.process_event(event_pk) == "processed"
    assert worker.process_event(event_pk) == "skipped"
    assert ran == [1]


def test_audit_entries_commit_with_the_handler(deliver, worker, services, thank_on_post):
    from circleup.integration.store import AuditEntry

    deliver("post_created__reply")
    drain(worker)
    with services.store.session() as session:
        entry = session.scalars(select(AuditEntry)).one()
        assert (entry.actor, entry.action, entry.subject) == ("circleup", "test.thanked", "amara")
        assert entry.source.startswith("event:")


def test_one_flow_failing_never_undoes_another_flows_work(deliver, worker, services, fake):
    calls = []

    @worker.router.register("post_created")
    def thanks(ctx):
        ctx.outbox.reply("thanks:9101", 512, THANKS)

    @worker.router.register("post_created")
    def broken(ctx):
        calls.append(1)
        ctx.outbox.reply("broken:9101", 512, "This reply must never be sent to anyone.")
        raise PermanentError("The requested URL or resource could not be found.", status=404)

    deliver("post_created__reply")
    drain(worker)
    assert [a.key for a in actions(services)] == ["thanks:9101"]
    assert len(fake.sent("create_post")) == 1
    (event,) = events(services)
    assert event.status == EventStatus.FAILED and "could not be found" in event.last_error
    # A replay runs every flow again; the one that succeeded does nothing new.
    worker.replay_event(event.id)
    drain(worker)
    assert len(fake.sent("create_post")) == 1 and len(calls) == 2


def test_events_stored_in_one_commit_are_one_job_yet_each_runs_on_its_own(deliver, worker, services, monkeypatch):
    seen = []

    @worker.router.register("user_created")
    def record(ctx):
        if ctx.event.event_id == "2":
            raise TransientError("Discourse answered 502")
        seen.append(ctx.event.event_id)

    for event_id in ("1", "2", "3"):
        deliver({"user": {"id": int(event_id), "username": f"user{event_id}"}}, event="user_created", event_id=event_id)
    with services.store.session() as session:
        pks = session.scalars(select(Event.id).order_by(Event.id)).all()
        session.execute(update(Event).values(status=EventStatus.RECEIVED))
    worker.flush_enqueued()
    services.huey.flush()  # only the job below: one for all three
    worker.enqueue_events(pks)
    assert services.huey.pending_count() == 1
    # 2's retry is due in a minute, not in the few milliseconds a busy machine takes to dequeue it.
    monkeypatch.setattr("circleup.sync.worker.jittered", lambda delay: 60.0)
    drain(worker, include_scheduled=False)
    assert seen == ["1", "3"]  # the failure of 2 held neither 1 nor 3
    statuses = {e.event_id: e.status for e in events(services)}
    assert statuses == {"1": EventStatus.PROCESSED, "2": EventStatus.RECEIVED, "3": EventStatus.PROCESSED}  # 2 retries later


def test_replay_refuses_an_event_that_is_not_finished(deliver, worker, services, thank_on_post):
    deliver("post_created__reply")  # stored, not yet processed
    (event,) = events(services)
    with pytest.raises(EventNotFinished, match="received, not finished"):
        worker.replay_event(event.id)
    with services.store.session() as session:
        session.execute(update(Event).values(status=EventStatus.PROCESSING, attempts=1))
    # A worker has it: queueing it again would let a second worker run it at the same time.
    with pytest.raises(EventNotFinished, match="processing"):
        worker.replay_event(event.id)
    assert events(services)[0].attempts == 1
    with pytest.raises(LookupError):
        worker.replay_event(event.id + 1000)


def test_replay_leaves_actions_a_flow_cancelled_on_purpose(deliver, worker, services, fake, settings, thank_on_post):
    fake.fail("create_post", *[TransientError("502 Bad Gateway")] * settings.worker.max_attempts)
    deliver("post_created__reply")
    drain(worker)
    reply, group = actions(services)
    assert (reply.status, group.status) == (ActionStatus.FAILED, ActionStatus.CANCELLED)
    with services.store.session() as session:  # as the citizens flow does when a citizenship is revoked
        session.get(Action, group.id).last_error = "cancelled: citizenship revoked"
    assert "belongs to event" in str(pytest.raises(Exception, worker.retry_action, reply.id).value)
    worker.replay_event(events(services)[0].id)
    drain(worker)
    reply, group = actions(services)
    assert (reply.status, group.status) == (ActionStatus.DONE, ActionStatus.CANCELLED)
    assert not fake.sent("add_group_members")


def test_events_cli_lists_shows_and_replays_failed_events(deliver, worker, services, circleup):
    forum_down = [True]
    seen = []

    @worker.router.register("post_created")
    def needs_the_forum(ctx):
        if forum_down[0]:
            raise TransientError("Discourse answered 502 Bad Gateway")
        seen.append(ctx.event.event_id)

    deliver("post_created__reply")
    drain(worker)
    (event,) = events(services)
    listing = circleup("events", "list", "--status", "failed")
    assert f"{event.id:>6}  failed" in listing and "post_created" in listing and "502" in listing
    assert circleup("events", "list", "--status", "processed") == "no events with status processed\n"
    shown = circleup("events", "show", str(event.id))
    assert "status: failed" in shown and "502 Bad Gateway" in shown and '"post_number"' in shown

    forum_down[0] = False
    assert f"event {event.id} queued again" in circleup("events", "replay", str(event.id))
    drain(worker)
    assert events(services)[0].status == EventStatus.PROCESSED and seen == ["1"]
    assert "no event with id 999999" in circleup("events", "show", "999999", exit_code=1)
    assert "no event with id 999999" in circleup("events", "replay", "999999", exit_code=1)
    assert "is not in the range" in circleup("events", "show", "9" * 25, exit_code=2)

    deliver({"post": {"id": 9102, "topic_id": 512, "post_number": 3, "username": "amara"}}, event="post_created",
            event_id="2")
    waiting = events(services)[-1]
    assert "received, not finished" in circleup("events", "replay", str(waiting.id), exit_code=1)


def test_actions_cli_lists_and_retries_a_failed_action_no_event_caused(worker, services, fake, circleup):
    from circleup.integration.outbox import Outbox

    # A decision taken at the command line: its writes belong to no event.
    fake.fail("add_group_members", PermanentError("You are not permitted to add members to this group", status=403))
    with services.store.session() as session:
        outbox = Outbox(session, batch="cli:decision:1")
        outbox.add_to_group("cli:decision:1:add", "citizens", ["amara"])
        outbox.reply("cli:decision:1:announce", 512, THANKS)
    worker.enqueue_batch("cli:decision:1")
    drain(worker)
    add, announce = actions(services)
    assert (add.status, announce.status) == (ActionStatus.FAILED, ActionStatus.CANCELLED)

    listing = circleup("actions", "list", "--status", "failed")
    assert f"{add.id:>6}  failed" in listing and "cli:decision:1:add" in listing and "not permitted" in listing
    assert f"action {announce.id} is cancelled" in circleup("actions", "retry", str(announce.id), exit_code=1)
    assert f"action {add.id} queued again" in circleup("actions", "retry", str(add.id))
    drain(worker)
    assert [a.status for a in actions(services)] == [ActionStatus.DONE, ActionStatus.DONE]
    assert len(fake.sent("add_group_members")) == 2 and len(fake.posts) == 1
    assert "no action with id 999999" in circleup("actions", "retry", "999999", exit_code=1)


def test_replay_reruns_actions_cancelled_after_a_failure_as_older_versions_marked_them(deliver, worker, services, fake,
                                                                                      settings, thank_on_post):
    fake.fail("create_post", *[TransientError("502 Bad Gateway")] * settings.worker.max_attempts)
    deliver("post_created__reply")
    drain(worker)
    reply, group = actions(services)
    with services.store.session() as session:
        session.get(Action, group.id).last_error = f"cancelled: {reply.key} failed"
    worker.replay_event(events(services)[0].id)
    drain(worker)
    assert [a.status for a in actions(services)] == [ActionStatus.DONE, ActionStatus.DONE]
