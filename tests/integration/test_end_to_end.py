"""The spine end to end: simulated Discourse → signed webhook → receiver → worker → Discourse API."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from circleup.integration.store import Action, ActionStatus, Event
from circleup.sync.loop_guard import is_regular_post

REPLY = "Welcome to the learning circles forum, glad you are here!"


@pytest.fixture
def greeter(forum):
    """A tiny flow: greet every regular post once, threaded under it."""

    @forum.worker.router.register("post_created")
    def greet(ctx):
        post = ctx.payload
        if is_regular_post(post, ctx.bot_username):
            ctx.outbox.reply(f"greet:post:{post['id']}", post["topic_id"], REPLY, reply_to_post_number=post["post_number"])

    return greet


def test_a_post_gets_one_threaded_reply_and_the_bots_own_post_does_not_loop(forum, greeter):
    sim = forum.sim
    amara = sim.add_user("amara", name="Amara Okafor")
    first = sim.create_topic(amara.username, "Python learning circle in Lagos", "Who wants to study Python with me this autumn?")
    forum.settle()
    posts = sim.posts_in(first.topic_id)
    assert forum.authors(first.topic_id) == ["amara", "circleup"]
    assert posts[1].reply_to_post_number == 1 and posts[1].raw.startswith(REPLY)
    # Both the member's post and circleup's own reply came back as post_created deliveries.
    assert len(sim.events("post_created")) == 2
    with forum.services.store.session() as session:
        assert {e.event_name for e in session.scalars(select(Event))} >= {"post_created", "topic_created"}


def test_redelivery_and_retry_never_post_twice(forum, greeter):
    sim = forum.sim
    sim.add_user("osioke")
    first = sim.create_topic("osioke", "Facilitation tips for new circles", "Share what worked in your first session.")
    forum.settle()
    event = sim.events("post_created")[0]
    sim.redeliver(event.id)  # same Event-Id
    sim.retry(event.id)  # same body, new Event-Id
    forum.settle()
    assert forum.authors(first.topic_id) == ["osioke", "circleup"]
    assert forum.deliveries_answered("duplicate") == 2


def test_rate_limited_reply_waits_then_posts_once(forum, greeter):
    sim = forum.sim
    sim.add_user("amara")
    sim.faults.rate_limit(wait_seconds=30, times=1, path="/posts.json")
    first = sim.create_topic("amara", "Data analysis circle at the library", "Looking for people to learn pandas with.")
    forum.settle()
    assert forum.authors(first.topic_id) == ["amara", "circleup"]
    assert [r.status for r in sim.requests if r.path == "/posts.json"] == [429, 200]


def test_discourse_outage_retries_with_backoff_then_posts_once(forum, greeter):
    sim = forum.sim
    sim.add_user("amara")
    sim.faults.server_error(times=2, status=502, path="/posts.json")
    first = sim.create_topic("amara", "Spanish conversation circle", "Practising Spanish every Tuesday evening.")
    forum.settle()
    assert forum.authors(first.topic_id) == ["amara", "circleup"]
    with forum.services.store.session() as session:
        action = session.scalars(select(Action)).one()
        assert action.status == ActionStatus.DONE and action.attempts == 3


def test_lost_answer_is_recovered_by_the_marker(forum, greeter):
    """The post is created but the answer never arrives (timeout): the retry finds it, no second post."""
    sim = forum.sim
    sim.add_user("amara")
    sim.faults.sleep = lambda seconds: None
    forum.services.client.timeout = 0.01
    sim.faults.slow(seconds=1.0, times=1, path="/posts.json")
    first = sim.create_topic("amara", "Wikidata editing circle", "Let us learn to edit Wikidata together.")
    forum.settle()
    assert forum.authors(first.topic_id) == ["amara", "circleup"]
    with forum.services.store.session() as session:
        action = session.scalars(select(Action)).one()
        assert action.status == ActionStatus.DONE and action.result.get("recovered") is True
