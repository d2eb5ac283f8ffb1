"""The cached matching index sees every change to a member's skills, removals included."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from circleup.integration.store import Member
from circleup.sync.citizens.models import Application
from circleup.sync.skills.models import SkillsProfileText
from tests.sync.matching.conftest import LEARN, SHARE, mentioned, replies
from tests.sync.matching.test_flow import propose

REGISTRATION_TOPIC = 1


@pytest.fixture
def config_overrides(matching_config):
    return {
        "worker": {"retry_backoff_s": 0.0, "stuck_after_s": 2},
        "logging": {"format": "console", "level": "WARNING"},
        "skills": {"share_field": SHARE, "learn_field": LEARN, "registration_topic_ids": [REGISTRATION_TOPIC]},
        "matching": {"max_suggestions": 8, "max_facilitators": 6},
    }


def test_a_member_whose_registration_post_is_deleted_is_no_longer_suggested(forum, community):
    sim = community
    registration = sim.create_topic("sal", "Skills registration for everyone", "Reply with Share: and Learn: lines, please.")
    assert registration.topic_id == REGISTRATION_TOPIC
    sim.add_user("newbie", name="Newbie")
    post = sim.reply("newbie", REGISTRATION_TOPIC, "Hello!\n\nShare: Wikidata\nLearn: Lua")
    forum.settle()
    # Newer skill rows than newbie's: the index is not rebuilt because its highest row went away.
    sim.add_user("later_one", name="Later", user_fields={SHARE: "Lua"})
    forum.settle()
    first = propose(forum, title="Wikidata learning circle one")  # builds and caches the index
    assert "newbie" in mentioned(replies(forum, first)[0].raw)
    # Long enough ago that only the stamps of this change can tell the index about it.
    yesterday = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    with forum.services.store.session() as session:
        for model in (Member, SkillsProfileText, Application):
            session.execute(update(model).values(updated_at=yesterday))

    sim.delete_post(post.id)
    forum.settle()
    later = propose(forum, author="tomi", title="Wikidata learning circle two")
    assert "newbie" not in mentioned(replies(forum, later)[0].raw)
