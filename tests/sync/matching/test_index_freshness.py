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
        "worker": {"retry_backoff_s": 0.0, "stuck_after_s": 2, "retry_for_s": 0},
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


def test_a_changed_member_is_read_again_once_not_on_every_look_while_the_overlap_lasts(tmp_path, monkeypatch):
    from circleup.integration.store import utcnow
    from circleup.sync.matching import index_cache

    now = utcnow()
    store = _python_sharers(tmp_path, (1, 2), stamped=now - dt.timedelta(days=1))
    read: list[list[int] | None] = []
    real = index_cache.load_profiles

    def counting(session, member_ids, *args, **kwargs):
        read.append(member_ids)
        return real(session, member_ids, *args, **kwargs)

    monkeypatch.setattr(index_cache, "load_profiles", counting)

    def look(minutes: int):
        return _locations(store, now + dt.timedelta(minutes=minutes))

    look(0)  # built
    with store.session() as session:
        session.execute(update(Member).where(Member.id == 1).values(location="Lima"))
    assert look(1)[1] == "Lima"
    assert look(2)[1] == "Lima" and look(3)[1] == "Lima"
    assert read == [None, [1]]  # the build, then member 1 once: unchanged rows in the overlap are not re-read
    with store.session() as session:  # changed again inside the overlap: seen again
        session.execute(update(Member).where(Member.id == 1).values(location="Quito"))
    assert look(4)[1] == "Quito"
    assert read == [None, [1], [1]]
    index_cache.forget_all()
    store.dispose()


def test_a_change_stamped_minutes_before_it_commits_is_seen_at_the_next_sweep(tmp_path):
    """Looks seconds apart reach back seconds; the first a minute after the last sweep reaches back
    the whole overlap, where a long transaction's (or a slow clock's) stamp lands."""
    from circleup.integration.store import utcnow
    from circleup.sync.matching import index_cache
    from circleup.sync.matching.look_back import LOOK_BACK_OVERLAP, SWEEP_EVERY

    now = utcnow()
    store = _python_sharers(tmp_path, (1, 2), stamped=now - dt.timedelta(days=1))

    def look(seconds: float):
        return _locations(store, now + dt.timedelta(seconds=seconds))

    def change(member_id: int, location: str, stamped: float):
        with store.session() as session:
            session.execute(update(Member).where(Member.id == member_id)
                            .values(location=location, updated_at=now + dt.timedelta(seconds=stamped)))

    look(0)  # built
    look(10)
    change(1, "Lima", stamped=-(LOOK_BACK_OVERLAP - dt.timedelta(seconds=30)).total_seconds())
    change(2, "Quito", stamped=19)  # stamped as it commits, as nearly every change is
    assert look(20) == {1: None, 2: "Quito"}  # the next look sees the ordinary change, not the late one
    assert look(SWEEP_EVERY.total_seconds() + 5) == {1: "Lima", 2: "Quito"}
    index_cache.forget_all()
    store.dispose()


def test_an_emptied_skills_table_rebuilds_the_index(tmp_path):
    """As a restore does: member_skills' ids go back below the last one read, and nothing else is stamped."""
    from sqlalchemy import delete, insert

    from circleup.integration.store import Base, MemberSkill, Store, utcnow
    from circleup.sync.matching import index_cache

    store = Store(f"sqlite:///{tmp_path / 'm.db'}")
    Base.metadata.create_all(store.engine)
    yesterday = utcnow() - dt.timedelta(days=1)

    def profiles(*ids: int) -> list[dict]:
        return [{"member_id": i, "kind": "share", "raw": "Python", "skill": "Python", "method": "exact",
                 "source": "import"} for i in ids]

    with store.session() as session:
        session.execute(insert(Member), [{"id": i, "username": f"m{i}", "username_lower": f"m{i}",
                                          "updated_at": yesterday} for i in (1, 2, 3)])
        session.execute(insert(MemberSkill), profiles(1, 2))

    def look():
        with store.session() as session, index_cache.forum_index(session, bot_username="circleup") as index:
            return sorted(p.member_id for p in index)

    assert look() == [1, 2]
    with store.session() as session:
        session.execute(delete(MemberSkill))
        session.execute(insert(MemberSkill), profiles(3))  # id 1 again: SQLite reuses the emptied table's ids
    assert look() == [3]
    index_cache.forget_all()
    store.dispose()


def test_a_large_forums_index_is_kept_out_of_the_garbage_collectors_walks(tmp_path, monkeypatch):
    import gc

    from circleup.sync.matching import index_cache

    store = _python_sharers(tmp_path, (1, 2, 3))

    def build() -> None:
        index_cache.forget_all()
        _locations(store)

    try:
        monkeypatch.setattr(index_cache, "FREEZE_FROM", 4)
        build()
        assert gc.get_freeze_count() == 0  # a small forum's index costs the collector nothing
        monkeypatch.setattr(index_cache, "FREEZE_FROM", 3)
        build()
        frozen = gc.get_freeze_count()
        assert frozen > 0
        monkeypatch.setattr(index_cache, "FREEZE_FROM", 4)
        build()  # the next build gives back what the last one froze
        assert gc.get_freeze_count() == 0 < frozen
    finally:
        gc.unfreeze()
        index_cache.forget_all()
        store.dispose()


def _python_sharers(tmp_path, ids: tuple[int, ...], *, stamped: dt.datetime | None = None):
    """A database of members `ids` who share Python, their rows last stamped at `stamped` (None: now)."""
    from sqlalchemy import insert

    from circleup.integration.store import Base, MemberSkill, Store

    store = Store(f"sqlite:///{tmp_path / 'm.db'}")
    Base.metadata.create_all(store.engine)
    stamp = {} if stamped is None else {"updated_at": stamped}
    with store.session() as session:
        session.execute(insert(Member), [{"id": i, "username": f"m{i}", "username_lower": f"m{i}", **stamp} for i in ids])
        session.execute(insert(MemberSkill), [{"member_id": i, "kind": "share", "raw": "Python", "skill": "Python",
                                               "method": "exact", "source": "import"} for i in ids])
    return store


def _locations(store, now: dt.datetime | None = None) -> dict[int, str | None]:
    """Member id → place, as the process index holds them after a look at `now`."""
    from circleup.sync.matching import index_cache

    with store.session() as session, index_cache.forum_index(session, bot_username="circleup", now=now) as index:
        return {p.member_id: p.location for p in index}
