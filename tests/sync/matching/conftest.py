"""Fixtures for the matching flow end to end: a small learning community on the Discourse simulator.

Members state their skills in the share / learn user fields; the skills flow (which the worker runs
too) turns them into member_skills rows, exactly as in production, so these tests exercise the
whole path: simulator → signed webhook → receiver → worker → skills + matching → outbox → simulator.
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from circleup.integration.store import Member
from circleup.sync.recognition.config import DEFAULT_BADGES
from circleup.sync.citizens.models import Application, ApplicationSource, ApplicationStatus
from circleup.sync.matching.models import MatchingCircle, MatchingPair, MatchingSuggestion

SHARE, LEARN = "1", "2"
TAG = "learningcircles"
MENTION = re.compile(r"(?<![\w@`])@([A-Za-z0-9_][A-Za-z0-9_.\-]*)")

# username → (shares, learns)
COMMUNITY = {
    "amara": ("Python", "facilitation"),  # the author of most circles; shares Python herself
    "osioke": ("Python, data analysis", ""),
    "lena": ("Python", ""),
    "tomi": ("", "Python"),
    "kofi": ("", "data analysis, Python"),
    "bola": ("Python, data analysis", ""),
    "zed": ("Python", ""),
    "wiki": ("Wikidata", "Python"),
}


@pytest.fixture
def matching_config() -> dict:
    """The `matching:` section; a test overrides this fixture (or uses @pytest.mark.matching(...))."""
    return {}


@pytest.fixture
def config_overrides(matching_config, request) -> dict:
    marker = request.node.get_closest_marker("matching")
    return {
        "worker": {"retry_backoff_s": 0.0, "stuck_after_s": 2, "retry_for_s": 0},
        "logging": {"format": "console", "level": "WARNING"},
        "skills": {"share_field": SHARE, "learn_field": LEARN},
        "matching": {**matching_config, **(marker.kwargs if marker else {})},
    }


@pytest.fixture
def community(forum):
    """The members with their skills, circleup's opt-out group, a Circles and a Staff category."""
    sim = forum.sim
    sim.add_user("sal", name="Sal", admin=True, trust_level=4)
    for username, (shares, learns) in COMMUNITY.items():
        sim.add_user(username, name=username.title(), user_fields={SHARE: shares, LEARN: learns})
    sim.add_group("no-matching", public_admission=True, public_exit=True)
    sim.add_group("citizens")  # the citizens flow reads its group on every group delivery
    sim.add_category("Circles")
    sim.add_category("Staff notes", permissions={"staff": 1})
    for badge in DEFAULT_BADGES.values():  # what `circleup setup` creates
        sim.create_badge(badge["name"], badge["description"])
    forum.settle()
    return sim


def category(sim, name: str) -> int:
    return next(c.id for c in sim.categories.values() if c.name == name)


def make_citizen(forum, username: str) -> None:
    with forum.services.store.session() as session:
        member = session.scalar(select(Member).where(Member.username_lower == username))
        session.add(Application(member_id=member.id, status=ApplicationStatus.APPROVED, source=ApplicationSource.DECISION))


def replies(forum, topic_id: int):
    """circleup's posts in a topic."""
    return [p for p in forum.sim.posts_in(topic_id) if forum.sim.users[p.user_id].username == "circleup"]


def mentioned(raw: str) -> list[str]:
    return MENTION.findall(raw)


def stored_suggestions(forum, topic_id: int, *, current: bool = True) -> list[MatchingSuggestion]:
    with forum.services.store.session() as session:
        query = select(MatchingSuggestion).where(MatchingSuggestion.topic_id == topic_id)
        if current:
            query = query.where(MatchingSuggestion.current.is_(True))
        return list(session.scalars(query.order_by(MatchingSuggestion.revision, MatchingSuggestion.rank)))


def circle_row(forum, topic_id: int) -> MatchingCircle | None:
    with forum.services.store.session() as session:
        return session.get(MatchingCircle, topic_id)


def all_pairs(forum) -> list[MatchingPair]:
    with forum.services.store.session() as session:
        return list(session.scalars(select(MatchingPair).order_by(MatchingPair.id)))


def pytest_configure(config):
    config.addinivalue_line("markers", "matching(**section): keys of the `matching:` config section for this test")
