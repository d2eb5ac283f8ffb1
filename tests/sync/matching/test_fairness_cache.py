"""The fairness and facilitator-load counts the worker keeps in memory answer exactly what the SQL answers."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, insert, text, update

from circleup.integration.store import Member, Store, utcnow
from circleup.sync.matching import fairness_cache
from circleup.sync.matching.models import MatchingCircle, MatchingSuggestion
from circleup.sync.matching.suggestions import facilitator_load, recent_counts

WINDOW_DAYS, OPEN_DAYS = 30, 60
MEMBERS = (10, 11, 12, 13, 14)


@pytest.fixture
def store(backend):
    store = Store(backend.database_url)
    store.create_all()
    yield store
    store.dispose()


def _circle(store: Store, topic_id: int, *, days_old: float, active: bool = True, closed: bool = False) -> None:
    with store.session() as session:
        session.execute(insert(MatchingCircle), [{
            "topic_id": topic_id, "topic_seen": True, "title": f"circle {topic_id}", "tags": [], "active": active,
            "closed": closed, "created_at": utcnow() - dt.timedelta(days=days_old)}])


def _suggest(store: Store, topic_id: int, *people: tuple[int, str], days_old: float = 0, current: bool = True,
             revision: int = 1) -> None:
    with store.session() as session:
        session.execute(insert(MatchingSuggestion), [{
            "topic_id": topic_id, "revision": revision, "member_id": member_id, "username": f"m{member_id}",
            "role": role, "rank": position, "score": 1.0, "reasons": [], "matched_skills": [],
            "action_key": f"k{topic_id}:{revision}", "current": current,
            "created_at": utcnow() - dt.timedelta(days=days_old)} for position, (member_id, role) in enumerate(people, 1)])


def _forum(store: Store) -> None:
    """Circles of every kind the counts tell apart, and suggestions of every kind in them."""
    with store.session() as session:
        session.execute(insert(Member), [{"id": m, "username": f"m{m}", "username_lower": f"m{m}"} for m in MEMBERS])
    for topic_id, days_old, active, closed in ((1, 2, True, False), (2, 20, True, False), (3, 3, False, False),
                                               (4, 3, True, True), (5, 45, True, False), (6, 90, True, False)):
        _circle(store, topic_id, days_old=days_old, active=active, closed=closed)
    _suggest(store, 1, (10, "facilitator"), (11, "participant"), days_old=2)
    _suggest(store, 1, (10, "facilitator"), days_old=5, current=False, revision=0)
    _suggest(store, 2, (10, "facilitator"), (12, "facilitator"), days_old=20)
    _suggest(store, 2, (12, "participant"), days_old=25, current=False, revision=0)
    _suggest(store, 3, (10, "facilitator"), days_old=3)
    _suggest(store, 4, (11, "facilitator"), (12, "facilitator"), days_old=3)
    _suggest(store, 5, (10, "facilitator"), days_old=45)
    _suggest(store, 5, (13, "facilitator"), days_old=45, current=False, revision=0)
    _suggest(store, 6, (13, "facilitator"), days_old=90)
    _stamp_long_ago(store)


def _stamp_long_ago(store: Store) -> None:
    """Every circle last changed long ago: only the stamps of a later change can tell the counts."""
    with store.session() as session:
        session.execute(update(MatchingCircle).values(updated_at=utcnow() - dt.timedelta(days=1)))


def _assert_same(store: Store, *, now: dt.datetime | None = None, exclude_topic: int | None = None,
                 window_days: int = WINDOW_DAYS) -> tuple[dict, dict]:
    with store.session() as session:
        kept = fairness_cache.fairness_and_load(session, window_days, OPEN_DAYS, exclude_topic=exclude_topic, now=now)
        counted = (recent_counts(session, window_days, exclude_topic=exclude_topic, now=now),
                   facilitator_load(session, OPEN_DAYS, exclude_topic=exclude_topic, now=now))
    assert kept == counted
    return kept


def test_the_counts_are_the_sqls_as_built_and_without_the_circle_being_ranked(store):
    _forum(store)
    recent, load = _assert_same(store)
    # Distinct circles within the window, however many revisions; closed, inactive and old circles
    # and earlier revisions count for fairness, only current facilitators of open circles for load.
    assert recent == {10: 3, 11: 2, 12: 2}
    assert load == {10: 3, 12: 1}
    for topic_id in (1, 2, 4, 5, 99):
        _assert_same(store, exclude_topic=topic_id)
    assert _assert_same(store, window_days=0)[0] == {}


def test_the_counts_follow_new_suggestions_revisions_and_circles_closing(store):
    _forum(store)
    _assert_same(store)
    _circle(store, 7, days_old=0)
    _suggest(store, 7, (13, "facilitator"), (14, "participant"))
    assert _assert_same(store)[1][13] == 1

    # A new revision of circle 1's reply: the earlier people are no longer current, as the flow does it.
    with store.session() as session:
        session.execute(update(MatchingSuggestion).where(MatchingSuggestion.topic_id == 1).values(current=False))
        session.execute(update(MatchingCircle).where(MatchingCircle.topic_id == 1).values(revision=2))
    _suggest(store, 1, (14, "facilitator"), revision=2)
    recent, load = _assert_same(store)
    assert load.get(14) == 1 and load[10] == 2

    with store.session() as session:  # closed in Discourse, then no longer tagged, then reopened
        session.execute(update(MatchingCircle).where(MatchingCircle.topic_id == 2).values(closed=True))
    assert _assert_same(store)[1].get(12) is None
    with store.session() as session:
        session.execute(update(MatchingCircle).where(MatchingCircle.topic_id == 7).values(active=False))
    _assert_same(store)
    with store.session() as session:
        session.execute(update(MatchingCircle).where(MatchingCircle.topic_id == 2).values(closed=False))
    assert _assert_same(store)[1][12] == 1


def test_the_circle_being_ranked_is_read_again_at_the_next_look(store):
    _forum(store)
    now = utcnow()
    _assert_same(store, now=now)
    with store.session() as session:
        session.execute(update(MatchingCircle).where(MatchingCircle.topic_id == 1)
                        .values(closed=True, updated_at=now + dt.timedelta(minutes=1)))
    # Ranking circle 1 leaves its rows unread: the next look, past the stamp's overlap, reads them.
    _assert_same(store, now=now + dt.timedelta(minutes=10), exclude_topic=1)
    assert _assert_same(store, now=now + dt.timedelta(minutes=20))[1] == {10: 2, 12: 1}


def test_rows_and_circles_leave_the_windows_as_time_passes(store):
    _forum(store)
    _circle(store, 8, days_old=OPEN_DAYS - 0.5)
    _suggest(store, 8, (14, "facilitator"), days_old=WINDOW_DAYS - 0.25)
    _stamp_long_ago(store)
    now = utcnow()
    recent, load = _assert_same(store, now=now)
    assert recent[14] == load[14] == 1
    for hours in (1, 5, 7, 11, 13, 23):  # within a day: the counts move on, they are not rebuilt
        recent, load = _assert_same(store, now=now + dt.timedelta(hours=hours))
    assert 14 not in recent and 14 not in load
    for days in (2.5, 4, 15, 21, 26, 31, 46, 61, 100):  # a day or more: rebuilt
        recent, load = _assert_same(store, now=now + dt.timedelta(days=days))
    assert (recent, load) == ({}, {})


def test_a_window_reaching_further_back_than_the_counts_kept_rebuilds_them(store):
    _forum(store)
    now = utcnow()
    _assert_same(store, now=now + dt.timedelta(days=20))
    assert _assert_same(store, now=now) == _assert_same(store)


def test_an_emptied_table_rebuilds_the_counts(store):
    _forum(store)
    _assert_same(store)
    with store.session() as session:  # as a restore, or a test emptying the database, does
        if store.engine.dialect.name == "postgresql":
            session.execute(text("TRUNCATE matching_suggestions RESTART IDENTITY"))
        else:
            session.execute(delete(MatchingSuggestion))
    _suggest(store, 3, (12, "facilitator"))
    assert _assert_same(store) == ({12: 1}, {})


def test_each_database_has_counts_of_its_own(store, tmp_path):
    _forum(store)
    other = Store(f"sqlite:///{tmp_path / 'other.db'}")
    other.create_all()
    try:
        with other.session() as session:
            session.execute(insert(Member), [{"id": 14, "username": "m14", "username_lower": "m14"}])
        _circle(other, 1, days_old=1)
        _suggest(other, 1, (14, "facilitator"))
        assert _assert_same(other) == ({14: 1}, {14: 1})
        assert _assert_same(store)[0] == {10: 3, 11: 2, 12: 2}
    finally:
        other.dispose()
