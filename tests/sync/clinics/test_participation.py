"""Members' clinics, as certificates of participation and the dashboard's members list read them:
what the clinics flow stored, end to end through the simulator."""
from __future__ import annotations

import datetime as dt

from circleup.sync.participation.participation import participation, participation_of
from tests.sync.clinics.conftest import TAG

UTC = dt.timezone.utc
WHEN = "Let us learn Wikidata queries together.\n\nWhen: 2027-01-14 16:00 Africa/Lagos"


def clinics(forum, username: str, now: dt.datetime | None = None) -> list[tuple[str, str, bool]]:
    from circleup.sync.clinics.participation import clinics_of

    with forum.services.store.session() as session:
        member_id = forum.sim.user(username).id
        return [(c.title, c.role, c.held) for c in clinics_of(session, member_id, now)]


def test_the_clinics_a_member_hosted_and_signed_up_for_are_theirs(forum, community):
    sim = community
    first = sim.create_topic("amara", "Wikidata queries for beginners", WHEN, tags=(TAG,))
    second = sim.create_topic("lena", "Python for absolute beginners",
                              "Python from zero, step by step.\n\nWhen: 2026-11-02 10:00 Europe/Berlin", tags=(TAG,))
    unreadable = sim.create_topic("amara", "Wikidata and SPARQL someday", "When: some Thursday, we will see",
                                  tags=(TAG,))
    forum.settle()
    sim.reply("tomi", first.topic_id, "Count me in! I have wanted this for months.")
    joined = sim.reply("kofi", first.topic_id, "I'll be there, thank you.")
    sim.reply("kofi", second.topic_id, "Count me in for the Python one too.")
    sim.reply("tomi", unreadable.topic_id, "I'm in, whenever it is.")
    forum.settle()
    sim.reply("kofi", first.topic_id, "So sorry, I can't make it after all.")
    forum.settle()
    # Discourse retrying kofi's "I'll be there" after he withdrew does not put him back.
    sim.retry(next(e.id for e in sim.events("post_created") if e.payload["id"] == joined.id))
    forum.settle()

    now = dt.datetime(2026, 12, 7, tzinfo=UTC)
    assert clinics(forum, "amara", now) == [("Wikidata queries for beginners", "host", False)]  # not the unreadable one
    assert clinics(forum, "tomi", now) == [("Wikidata queries for beginners", "attendee", False)]
    assert clinics(forum, "kofi", now) == [("Python for absolute beginners", "attendee", True)]  # off the other
    assert clinics(forum, "lena", now) == [("Python for absolute beginners", "host", True)]
    assert clinics(forum, "bola", now) == []
    with forum.services.store.session() as session:
        people = {p.username: p for p in participation(session)}
        assert {"amara", "tomi", "kofi", "lena"} <= set(people) and "bola" not in people
        assert [c.title for c in participation_of(session, sim.user("kofi").id).clinics] == [
            "Python for absolute beginners"]

    # A clinic taken off the calendar (untagged) is no longer anyone's.
    sim.edit_topic(first.topic_id, tags=(), as_user="amara")
    forum.settle()
    assert clinics(forum, "amara", now) == [] and clinics(forum, "tomi", now) == []
