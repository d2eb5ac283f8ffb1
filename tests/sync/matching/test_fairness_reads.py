"""The fairness and facilitator-load counts ranking reads for every circle, read in one round trip."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import insert

from circleup.integration.store import Member, Store, utcnow
from circleup.sync.matching.models import MatchingCircle, MatchingSuggestion
from circleup.sync.matching.suggestions import facilitator_load, fairness_and_load, recent_counts

WINDOW_DAYS, OPEN_DAYS = 30, 60


@pytest.fixture
def store(backend):
    store = Store(backend.database_url)
    store.create_all()
    yield store
    store.dispose()


def _forum(store: Store) -> None:
    """Circles of every kind the counts tell apart, and suggestions of every kind in them."""
    now = utcnow()
    circles = {  # topic id → (active, closed, days old)
        1: (True, False, 2), 2: (True, False, 20), 3: (False, False, 3), 4: (True, True, 3),
        5: (True, False, 45), 6: (True, False, 90), 7: (True, False, 1),
    }
    suggestions = [  # (topic, member, role, current, days old)
        (1, 10, "facilitator", True, 2), (1, 11, "participant", True, 2), (1, 10, "facilitator", False, 5),
        (2, 10, "facilitator", True, 20), (2, 12, "facilitator", True, 20), (2, 12, "participant", False, 25),
        (3, 10, "facilitator", True, 3), (4, 11, "facilitator", True, 3), (4, 12, "facilitator", True, 3),
        (5, 10, "facilitator", True, 45), (5, 13, "facilitator", False, 45), (6, 13, "facilitator", True, 90),
        (7, 13, "facilitator", True, 1), (7, 10, "participant", True, 1),
    ]
    with store.session() as session:
        session.execute(insert(Member), [{"id": m, "username": f"m{m}", "username_lower": f"m{m}"} for m in (10, 11, 12, 13)])
        session.execute(insert(MatchingCircle), [
            {"topic_id": t, "topic_seen": True, "title": f"circle {t}", "tags": [], "active": active, "closed": closed,
             "created_at": now - dt.timedelta(days=days)} for t, (active, closed, days) in circles.items()])
        session.execute(insert(MatchingSuggestion), [
            {"topic_id": t, "revision": 1, "member_id": m, "username": f"m{m}", "role": role, "rank": 1, "score": 1.0,
             "reasons": [], "matched_skills": [], "action_key": f"k{t}", "current": current,
             "created_at": now - dt.timedelta(days=days)} for t, m, role, current, days in suggestions])


@pytest.mark.parametrize("exclude_topic", [None, 1, 7])
def test_one_round_trip_counts_what_the_two_statements_count(store, exclude_topic):
    _forum(store)
    with store.session() as session:
        recent, load = fairness_and_load(session, WINDOW_DAYS, OPEN_DAYS, exclude_topic=exclude_topic)
        assert recent == recent_counts(session, WINDOW_DAYS, exclude_topic=exclude_topic)
        assert load == facilitator_load(session, OPEN_DAYS, exclude_topic=exclude_topic)
    if exclude_topic is None:
        # Distinct circles within the window, however many revisions; closed, inactive and old
        # circles and earlier revisions count for fairness, only current facilitators of open ones for load.
        assert recent == {10: 4, 11: 2, 12: 2, 13: 1}
        assert load == {10: 3, 12: 1, 13: 1}


def test_without_a_fairness_window_only_the_load_is_read(store):
    _forum(store)
    with store.session() as session:
        assert fairness_and_load(session, 0, OPEN_DAYS) == ({}, facilitator_load(session, OPEN_DAYS))
