"""Recognition end to end: setup creates the badges, flows grant them once, lost answers recovered."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from circleup.integration.forum_setup import CREATED, EXISTS, UPDATED, WOULD_CREATE, ForumSetup
from circleup.integration.store import Action, ActionStatus, utcnow
from circleup.sync import load_settings
from circleup.sync.matching.flow import tick
from circleup.sync.matching.pairs import run_pairing
from circleup.sync.recognition.config import DEFAULT_BADGES
from circleup.sync.recognition.flow import forum_requirements
from circleup.sync.recognition.models import BadgeGrant
from circleup.simulator import Simulator
from tests.sync.matching.conftest import all_pairs


def grants(forum) -> list[BadgeGrant]:
    with forum.services.store.session() as session:
        return list(session.scalars(select(BadgeGrant).order_by(BadgeGrant.id)))


def test_setup_creates_the_configured_badges_with_descriptions_once():
    sim = Simulator(bot_username="circleup", delivery="queue")
    settings = load_settings({}, {"recognition": {"badges": {"met_peer": None}}})
    requirements = forum_requirements(settings)
    assert [r.name for r in requirements] == ["Source Citizen", "Learning Ambassador", "Circle facilitator", "Circle member"]

    assert [o.status for o in ForumSetup(sim.client(), dry_run=True).ensure(requirements)] == [WOULD_CREATE] * 4
    assert [o.status for o in ForumSetup(sim.client()).ensure(requirements)] == [CREATED] * 4
    by_name = {b.name: b for b in sim.badges.values()}
    assert by_name["Circle member"].description == DEFAULT_BADGES["circle_member"]["description"]
    assert by_name["Circle member"].badge_type_id == 3 and not by_name["Circle member"].multiple_grant
    assert [o.status for o in ForumSetup(sim.client()).ensure(requirements)] == [EXISTS] * 4
    assert len(sim.badges) == 4

    sim.update_badge(by_name["Source Citizen"].id, description="Someone edited this in the admin panel.")
    outcomes = ForumSetup(sim.client()).ensure(requirements)
    assert [o.status for o in outcomes] == [UPDATED, EXISTS, EXISTS, EXISTS]
    assert by_name["Source Citizen"].description == DEFAULT_BADGES["citizen"]["description"]
    sim.close()


def pair_asked_whether_they_met(forum):
    """Members paired one to one, and the follow-up asking whether they met already posted."""
    run_pairing(forum.services, trigger="cli")
    forum.settle()
    tick(forum.services, now=utcnow() + dt.timedelta(days=15))
    forum.settle()
    return all_pairs(forum)[0]


def test_a_pair_that_met_both_get_met_my_peer_once(forum, community):
    sim = community
    pair = pair_asked_whether_they_met(forum)
    before = len(sim.requests)
    sim.reply(pair.a_username, pair.topic_id, "Yes, we met on Tuesday, it was great!")
    forum.settle()
    assert sim.badges_of(pair.a_username) == ["Met my peer"] and sim.badges_of(pair.b_username) == ["Met my peer"]
    grant_calls = [(r.method, r.path) for r in sim.requests[before:] if "badge" in r.path]
    assert grant_calls == [("GET", "/admin/badges.json"), ("POST", "/user_badges.json"), ("POST", "/user_badges.json")]
    sim.redeliver(sim.events("post_created")[-1].id)
    sim.reply(pair.b_username, pair.topic_id, "Yes indeed, we met and will meet again!")
    forum.settle()
    assert [r.path for r in sim.requests if r.path == "/user_badges.json"] == ["/user_badges.json"] * 2
    assert [(g.username, g.badge) for g in grants(forum)] == [(pair.a_username, "met_peer"), (pair.b_username, "met_peer")]
    assert all(g.user_badge_id and g.confirmed_at for g in grants(forum))


def test_a_lost_answer_to_a_grant_is_recovered_by_looking_at_the_members_badges(forum, community):
    sim = community
    pair = pair_asked_whether_they_met(forum)
    sim.faults.sleep = lambda seconds: None
    forum.services.client.timeout = 0.01
    sim.faults.slow(seconds=1.0, times=1, path="/user_badges.json")
    sim.reply(pair.a_username, pair.topic_id, "Yes, we met on Tuesday, it was great!")
    forum.settle()
    assert sim.badges_of(pair.a_username) == ["Met my peer"] and sim.badges_of(pair.b_username) == ["Met my peer"]
    assert len(sim.user_badges) == 2
    with forum.services.store.session() as session:
        actions = list(session.scalars(select(Action).where(Action.kind == "grant_badge").order_by(Action.id)))
    assert [a.status for a in actions] == [ActionStatus.DONE, ActionStatus.DONE]
    assert actions[0].result.get("recovered") is True
    assert f"/user-badges/{pair.a_username}.json" in [r.path for r in sim.requests]


def test_a_badge_missing_from_the_forum_fails_visibly_and_says_to_run_setup(forum, community):
    sim = community
    for badge_id in [b.id for b in sim.badges.values() if b.name == "Met my peer"]:
        del sim.badges[badge_id]
    pair = pair_asked_whether_they_met(forum)
    sim.reply(pair.a_username, pair.topic_id, "Yes, we met on Tuesday, it was great!")
    forum.settle()
    with forum.services.store.session() as session:
        action = session.scalars(select(Action).where(Action.kind == "grant_badge")).first()
    assert action.status == ActionStatus.FAILED and "circleup setup" in action.last_error
    assert all_pairs(forum)[0].met is True  # the answer itself is kept


def test_a_badge_revoked_in_the_forum_is_known_revoked(forum, community):
    sim = community
    pair = pair_asked_whether_they_met(forum)
    sim.reply(pair.a_username, pair.topic_id, "Yes, we met on Tuesday, it was great!")
    forum.settle()
    first = grants(forum)[0]
    sim.revoke_user_badge(first.user_badge_id)  # a moderator, in Discourse's admin
    forum.settle()
    assert grants(forum)[0].revoked_at is not None and grants(forum)[1].revoked_at is None
