"""Learning-circle suggestions end to end: simulator → webhook → receiver → worker → outbox → simulator."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from circleup.config.settings import ConfigError
from circleup.sync import load_settings
from circleup.integration.store import Event, Member
from tests.conftest import drain
from tests.sync.matching.conftest import (
    TAG,
    category,
    circle_row,
    make_citizen,
    mentioned,
    replies,
    stored_suggestions,
)

PYTHON_CIRCLE = ("Python learning circle for beginners", "Who wants to learn Python together this autumn? We meet weekly.")
CIRCLES_ID = 2  # the first category the community fixture adds (Uncategorized is 1)


def api_calls(sim, since: int) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in sim.requests[since:]]


def propose(forum, author="amara", title=PYTHON_CIRCLE[0], raw=None, tags=(TAG,), category_id=None):
    # Discourse refuses the same body twice within minutes: each proposal says its title again.
    raw = raw or f"{PYTHON_CIRCLE[1]} ({title})"
    first = forum.sim.create_topic(author, title, raw, category_id=category_id, tags=tags)
    forum.settle()
    return first.topic_id


# -- one threaded reply ---------------------------------------------------------------------------------

@pytest.mark.parametrize("tags_as_objects", [True, False], ids=["tag objects", "tag strings"])
def test_a_tagged_topic_gets_one_threaded_reply_with_mentions_and_reasons(forum, community, tags_as_objects):
    sim = community
    sim.settings.tags_as_objects = tags_as_objects
    make_citizen(forum, "lena")
    before = len(sim.requests)
    topic_id = propose(forum)

    with forum.services.store.session() as session:
        body = json.loads(session.scalars(select(Event.body).where(Event.event_name == "topic_created")).one())
    assert isinstance(body["topic"]["tags"][0], dict) is tags_as_objects
    assert forum.authors(topic_id) == ["amara", "circleup"]
    [reply] = replies(forum, topic_id)
    assert reply.reply_to_post_number == 1
    # Facilitators (citizens first), then participants; max_suggestions caps every mention together.
    assert mentioned(reply.raw) == ["lena", "osioke", "tomi", "kofi", "wiki"]
    assert "[amara](/u/amara)" in reply.raw  # the author is named, never @mentioned
    for username in mentioned(reply.raw):
        line = next(line for line in reply.raw.splitlines() if f"@{username}" in line)
        assert "Python" in line  # each suggestion on its own line, with a reason naming the skill
    assert "approved facilitator" in next(line for line in reply.raw.splitlines() if "@lena" in line)
    # One write, and one read: whether members can read the category (the topic payload does not
    # say; cached per category). topic_created and post_created each brought their half.
    assert api_calls(sim, before) == [("GET", "/c/1/show.json"), ("POST", "/posts.json")]

    rows = stored_suggestions(forum, topic_id)
    assert [(r.username, r.role, r.rank) for r in rows] == [
        ("lena", "facilitator", 1), ("osioke", "facilitator", 2),
        ("tomi", "participant", 3), ("kofi", "participant", 4), ("wiki", "participant", 5),
    ]
    assert all(r.reasons and r.score > 0 and r.action_key == f"matching:reply:{topic_id}" for r in rows)
    assert circle_row(forum, topic_id).reply_post_id == reply.id


def test_nobody_matching_gets_a_kind_reply_that_says_so(forum, community):
    topic_id = propose(forum, title="Lua scripting circle for templates", raw="Anyone keen to learn Lua this winter?")
    [reply] = replies(forum, topic_id)
    assert mentioned(reply.raw) == []
    # "Lua" is named and nobody here has it: the sentences naming it are not read as the nearest
    # skill members do have (Python), nor does "templates" beside it outvote the named skill.
    assert "could not find members who share or want to learn Lua yet" in reply.raw
    assert stored_suggestions(forum, topic_id) == []
    assert circle_row(forum, topic_id).skills == ["Lua"]


def test_a_topic_naming_no_skill_is_asked_to_name_them(forum, community):
    topic_id = propose(forum, title="Let us start a circle this winter", raw="Anyone want to start something together?")
    [reply] = replies(forum, topic_id)
    assert mentioned(reply.raw) == [] and "Name them in the title" in reply.raw


@pytest.mark.parametrize("config_overrides", [{
    "skills": {"share_field": "1", "learn_field": "2",
               "areas": [{"name": "Technology", "category_id": CIRCLES_ID, "directory_topic_id": 4242}]},
    "logging": {"format": "console", "level": "WARNING"}, "worker": {"retry_backoff_s": 0.0, "stuck_after_s": 2, "retry_for_s": 0},
}])
def test_the_reply_points_at_the_skills_directory_of_the_circles_area(forum, community):
    topic_id = propose(forum, title="Lua scripting circle for templates", raw="Anyone keen to learn Lua this winter?")
    [reply] = replies(forum, topic_id)
    assert "[Technology](https://forum.example.org/t/4242)" in reply.raw


@pytest.mark.matching(categories=[CIRCLES_ID])
def test_untagged_by_the_bot_or_outside_the_categories_gets_nothing(forum, community):
    sim = community
    assert category(sim, "Circles") == CIRCLES_ID
    untagged = propose(forum, title="Python study group, no tag", category_id=CIRCLES_ID, tags=())
    elsewhere = propose(forum, title="Python circle in the wrong place", tags=(TAG,))  # Uncategorized
    by_bot = propose(forum, author="circleup", title="Python circle posted by circleup", category_id=CIRCLES_ID)
    allowed = propose(forum, title="Python circle in the right place", category_id=CIRCLES_ID)
    assert [len(replies(forum, t)) for t in (untagged, elsewhere, allowed)] == [0, 0, 1]
    assert forum.authors(by_bot) == ["circleup"]  # its own topic, and no reply to itself
    assert circle_row(forum, untagged).raw is None  # no copy kept of a topic that is not a circle


@pytest.mark.matching(max_suggestions=8, max_facilitators=6)
def test_the_author_opted_out_suspended_and_the_bot_are_never_suggested(forum, community):
    sim = community
    sim.add_to_group("no-matching", "bola")  # self-service: the group has public admission
    sim.suspend("zed")
    forum.settle()
    topic_id = propose(forum)
    [reply] = replies(forum, topic_id)
    names = mentioned(reply.raw)
    assert set(names) == {"osioke", "lena", "tomi", "kofi", "wiki"}
    assert not {"amara", "bola", "zed", "circleup"} & set(names)

    sim.remove_from_group("no-matching", "bola")  # and leaves it again
    forum.settle()
    again = propose(forum, author="tomi", title="Python circle at the library", raw="Python on Saturdays, all welcome.")
    assert "bola" in mentioned(replies(forum, again)[0].raw)


# -- exactly one reply, whatever the deliveries ---------------------------------------------------------

@pytest.mark.parametrize("order", ["as sent", "reversed"])
def test_topic_created_and_post_created_in_either_order_give_one_reply(forum, community, order):
    sim = community
    first = sim.create_topic("amara", *PYTHON_CIRCLE, tags=[TAG])
    pending = sim.take_pending()
    assert [e.name for e in pending] == ["topic_created", "post_created"]
    for event in (pending if order == "as sent" else reversed(pending)):
        sim.send(event)
    drain(forum.worker)
    forum.settle()
    assert len(replies(forum, first.topic_id)) == 1
    assert not [r for r in sim.requests if r.method == "GET" and "/posts/" in r.path]  # no read needed


def test_duplicated_retried_and_replayed_deliveries_never_add_a_reply(forum, community):
    sim = community
    topic_id = propose(forum)
    for name in ("topic_created", "post_created"):
        event = _event_about(sim, name, topic_id)
        sim.redeliver(event.id)  # same Event-Id
        sim.retry(event.id)  # same body, new Event-Id
    forum.settle()
    with forum.services.store.session() as session:
        topic_event = session.scalars(select(Event.id).where(Event.event_name == "topic_created")).all()[-1]
    writes = len([r for r in sim.requests if r.method in ("POST", "PUT")])
    forum.worker.replay_event(topic_event)  # a moderator replays it: decided already, nothing changes
    forum.settle()
    assert len(replies(forum, topic_id)) == 1
    assert len([r for r in sim.requests if r.method in ("POST", "PUT")]) == writes


def _event_about(sim, name: str, topic_id: int):
    if name.startswith("topic"):
        return next(e for e in sim.events(name) if e.payload["id"] == topic_id)
    return next(e for e in sim.events(name) if e.payload["topic_id"] == topic_id)


@pytest.mark.parametrize("tags_as_objects", [True, False], ids=["tag objects", "tag strings"])
def test_a_missing_half_is_read_once_from_the_api(forum, community, tags_as_objects):
    """A webhook subscribed to topic events only (or post events only): one read completes the circle."""
    sim = community
    sim.settings.tags_as_objects = tags_as_objects
    for dropped, read in (("post_created", "/posts/by_number/"), ("topic_created", "/t/")):
        first = sim.create_topic("amara", f"Python circle without {dropped}", f"{PYTHON_CIRCLE[1]} {dropped}", tags=[TAG])
        for event in sim.take_pending():
            if event.name != dropped:
                sim.send(event)
        before = len(sim.requests)
        forum.settle()  # runs the scheduled completion job (the test travels forward in time)
        calls = [c for c in api_calls(sim, before) if c != ("GET", "/c/1/show.json")]
        assert [c for c in calls if c[0] == "GET"] == [("GET", f"{read}{first.topic_id}/1.json" if dropped == "post_created"
                                                       else f"{read}{first.topic_id}.json")]
        assert len(calls) <= 2  # the upper bound per tagged topic: one read, one write
        assert mentioned(replies(forum, first.topic_id)[0].raw)
    # Plus whether members can read the category: once for both topics (cached per category).
    assert api_calls(sim, 0).count(("GET", "/c/1/show.json")) == 1


# -- edits ---------------------------------------------------------------------------------------------

def test_an_edit_updates_the_same_reply_only_when_its_content_changes(forum, community):
    sim = community
    first = sim.create_topic("amara", *PYTHON_CIRCLE, tags=[TAG])
    forum.settle()
    [reply] = replies(forum, first.topic_id)

    before = len(sim.requests)
    sim.edit_post(first.id, PYTHON_CIRCLE[1] + " Bring a laptop if you have one.")  # needs unchanged
    forum.settle()
    assert api_calls(sim, before) == []

    sim.edit_post(first.id, "Who wants to learn Python and data analysis together this autumn?")
    forum.settle()
    assert api_calls(sim, before) == [("PUT", f"/posts/{reply.id}.json")]
    [edited] = replies(forum, first.topic_id)
    assert edited.id == reply.id and edited.version == 2
    assert "shares Data analysis and Python" in edited.raw

    sim.edit_topic(first.topic_id, title="Python learning circle for absolute beginners")  # needs unchanged
    forum.settle()
    assert len(replies(forum, first.topic_id)) == 1 and replies(forum, first.topic_id)[0].version == 2
    revisions = {r.revision for r in stored_suggestions(forum, first.topic_id, current=False)}
    assert revisions == {1, 2}
    assert {r.revision for r in stored_suggestions(forum, first.topic_id)} == {2}


def test_removing_the_tag_leaves_a_note_and_adding_it_back_restores_the_suggestions(forum, community):
    sim = community
    first = sim.create_topic("amara", *PYTHON_CIRCLE, tags=[TAG, "beginners"])
    forum.settle()
    [original] = replies(forum, first.topic_id)

    sim.edit_topic(first.topic_id, tags=["beginners"])
    forum.settle()
    [noted] = replies(forum, first.topic_id)
    assert noted.id == original.id and mentioned(noted.raw) == []
    assert "no longer tagged" in noted.raw

    sim.edit_topic(first.topic_id, tags=[TAG, "beginners"])
    forum.settle()
    [restored] = replies(forum, first.topic_id)
    assert restored.id == original.id and mentioned(restored.raw) == mentioned(original.raw)


def test_tagging_an_existing_topic_later_suggests_once(forum, community):
    sim = community
    first = sim.create_topic("amara", *PYTHON_CIRCLE)
    forum.settle()
    assert replies(forum, first.topic_id) == []
    sim.edit_topic(first.topic_id, tags=[TAG])
    forum.settle()
    sim.edit_topic(first.topic_id, tags=[TAG, "autumn"])
    forum.settle()
    assert len(replies(forum, first.topic_id)) == 1


# -- fairness and capacity -----------------------------------------------------------------------------

def _facilitators(forum, topic_id: int) -> list[str]:
    return [r.username for r in stored_suggestions(forum, topic_id) if r.role == "facilitator"]


@pytest.mark.matching(max_suggestions=2, max_facilitators=2)
def test_people_suggested_recently_rank_lower(forum, community):
    first = propose(forum, title="Python circle one, Mondays")
    second = propose(forum, title="Python circle two, Tuesdays")
    assert len(_facilitators(forum, first)) == len(_facilitators(forum, second)) == 2
    assert not set(_facilitators(forum, first)) & set(_facilitators(forum, second))


@pytest.mark.matching(max_suggestions=2, max_facilitators=2, fairness_window_days=0)
def test_without_fairness_the_same_people_are_suggested_again(forum, community):
    first = propose(forum, title="Python circle one, Mondays")
    second = propose(forum, title="Python circle two, Tuesdays")
    assert _facilitators(forum, first) == _facilitators(forum, second)


@pytest.mark.matching(max_suggestions=2, max_facilitators=2, fairness_window_days=0, facilitator_capacity=1)
def test_a_facilitator_at_capacity_is_not_suggested_to_facilitate_again(forum, community):
    circles = [propose(forum, title=f"Python circle number {n}") for n in (1, 2, 3)]
    first, second, third = (_facilitators(forum, t) for t in circles)
    assert len(first) == len(second) == 2 and not set(first) & set(second)
    # Every Python sharer but the author now facilitates an open circle: the third gets learners.
    assert third == []
    assert {r.role for r in stored_suggestions(forum, circles[2])} == {"participant"}


# -- configuration -------------------------------------------------------------------------------------

def test_max_suggestions_may_not_exceed_the_forums_mention_limit(tmp_path):
    (tmp_path / "c.yaml").write_text("matching: {max_suggestions: 11}\ndiscourse: {max_mentions_per_post: 10}\n")
    with pytest.raises(ConfigError, match=r"matching\.max_suggestions: 11 is above discourse\.max_mentions_per_post"):
        load_settings({"CIRCLEUP_CONFIG": str(tmp_path / "c.yaml"), "CIRCLEUP_INSTANCE_PATH": str(tmp_path)})
    (tmp_path / "c.yaml").write_text("matching: {max_suggestions: 2, max_facilitators: 3}\n")
    with pytest.raises(ConfigError, match=r"matching\.max_facilitators"):
        load_settings({"CIRCLEUP_CONFIG": str(tmp_path / "c.yaml"), "CIRCLEUP_INSTANCE_PATH": str(tmp_path)})


@pytest.mark.matching(max_suggestions=8, max_facilitators=6)
def test_profiles_saved_after_the_index_was_built_count_at_once(forum, community):
    sim = community
    propose(forum, title="Python circle that builds the index")
    sim.add_user("newbie", user_fields={"1": "Python"})  # joins afterwards
    sim.update_user_fields("lena", {"1": "Wikidata"})  # and lena no longer shares Python
    forum.settle()
    later = propose(forum, author="tomi", title="Python circle after the newcomer")
    names = mentioned(replies(forum, later)[0].raw)
    assert "newbie" in names and "lena" not in names


def test_the_opt_out_group_is_declared_self_service_for_setup(settings):
    from circleup.sync.matching import forum_requirements

    tag, group, topic = forum_requirements(settings)
    assert (group.name, group.public_admission, group.public_exit) == ("no-matching", True, True)
    assert (tag.kind, tag.name) == ("tag", "learningcircles")  # members may use it without creating tags
    assert (topic.title, topic.id_config_key) == ("Where learning circles are active", "matching.active_topic_id")


# -- who may still be mentioned, what the edit says, where circles are answered --------------------------

@pytest.mark.parametrize("how", ["opt_out", "suspend", "delete"])
def test_someone_no_longer_eligible_is_not_mentioned_again_when_the_reply_comes_back(forum, community, how):
    sim = community
    first = sim.create_topic("amara", *PYTHON_CIRCLE, tags=[TAG])
    forum.settle()
    [original] = replies(forum, first.topic_id)
    victim, *others = mentioned(original.raw)
    {"opt_out": lambda: sim.add_to_group("no-matching", victim), "suspend": lambda: sim.suspend(victim),
     "delete": lambda: sim.delete_user(victim)}[how]()
    forum.settle()

    sim.edit_topic(first.topic_id, tags=["beginners"])
    forum.settle()
    sim.edit_topic(first.topic_id, tags=[TAG])  # the same needs: the stored people would come back
    forum.settle()
    [restored] = replies(forum, first.topic_id)
    assert victim not in mentioned(restored.raw)
    assert set(others) <= set(mentioned(restored.raw))  # ranked again: everyone else is still there
    assert victim not in [r.username for r in stored_suggestions(forum, first.topic_id)]


def test_a_first_post_saved_together_with_a_new_title_updates_the_reply(forum, community):
    """Discourse sends only topic_edited when the first post and the title change in one save (§1.7)."""
    sim = community
    first = sim.create_topic("amara", *PYTHON_CIRCLE, tags=[TAG])
    forum.settle()
    [reply] = replies(forum, first.topic_id)
    sim.edit_post(first.id, "Who wants to learn Wikidata together this autumn?")
    assert [e.name for e in sim.take_pending()] == ["post_edited"]  # ... which Discourse would not send
    before = len(sim.requests)
    sim.edit_topic(first.topic_id, title="A learning circle for beginners this autumn")
    forum.settle()
    # One read of the first post, then the edit of the reply.
    assert api_calls(sim, before) == [("GET", f"/posts/by_number/{first.topic_id}/1.json"),
                                      ("PUT", f"/posts/{reply.id}.json")]
    [edited] = replies(forum, first.topic_id)
    assert "about Wikidata." in edited.raw and mentioned(edited.raw) == ["wiki"]
    assert circle_row(forum, first.topic_id).skills == ["Wikidata"]


def test_a_place_is_not_read_into_an_article_or_a_titles_first_word(forum, community):
    # The simulator's user payloads carry no `location`, so the members' places are set here.
    with forum.services.store.session() as session:
        for username, place in (("osioke", "Mobile"), ("lena", "Reading")):
            session.scalar(select(Member).where(Member.username_lower == username)).location = place
    for title, raw in (("Reading group for Python", "We meet once a week to learn Python."),
                       ("Python circle for phones", "Let us build a mobile app together in Python.")):
        topic_id = propose(forum, title=title, raw=raw)
        [reply] = replies(forum, topic_id)
        assert "meeting in" not in reply.raw and circle_row(forum, topic_id).place is None
    elsewhere = propose(forum, title="Python circle in Reading")
    assert "meeting in Reading" in replies(forum, elsewhere)[0].raw


@pytest.mark.matching(categories=[CIRCLES_ID])
def test_moving_a_circle_out_of_the_categories_says_so_rather_than_that_the_tag_went(forum, community):
    sim = community
    topic_id = propose(forum, title="Python circle in the right place", category_id=CIRCLES_ID)
    sim.edit_topic(topic_id, category_id=1)  # Uncategorized, still tagged
    forum.settle()
    [note] = replies(forum, topic_id)
    assert mentioned(note.raw) == [] and "no longer tagged" not in note.raw
    assert "moved to a category where learning circles get no suggestions" in note.raw
    sim.edit_topic(topic_id, category_id=CIRCLES_ID)
    forum.settle()
    assert mentioned(replies(forum, topic_id)[0].raw)


def test_a_circle_in_a_read_restricted_category_gets_no_reply_unless_that_category_is_listed(forum, community):
    sim = community
    staff = category(sim, "Staff notes")
    hidden = propose(forum, author="sal", title="Python circle for staff only", category_id=staff)
    assert replies(forum, hidden) == [] and not circle_row(forum, hidden).active

    # An answered circle moved where its people cannot read it: the suggestions go, saying why.
    before = len(sim.requests)
    moved = propose(forum, title="Python circle that moves to staff")
    sim.edit_topic(moved, category_id=staff)
    forum.settle()
    [note] = replies(forum, moved)
    assert mentioned(note.raw) == [] and "not every member can read" in note.raw
    # Whether a category is restricted is read once per category (then cached), not per circle or edit.
    assert [c for c in api_calls(sim, before) if c[1].startswith("/c/")] == [("GET", "/c/1/show.json")]
    assert api_calls(sim, 0).count(("GET", f"/c/{staff}/show.json")) == 1


@pytest.mark.matching(categories=[3])
def test_a_read_restricted_category_listed_in_the_config_is_answered(forum, community):
    sim = community
    assert category(sim, "Staff notes") == 3
    before = len(sim.requests)
    topic_id = propose(forum, author="sal", title="Python circle for staff only", category_id=3)
    assert mentioned(replies(forum, topic_id)[0].raw)
    assert api_calls(sim, before) == [("POST", "/posts.json")]  # listed: nothing to ask Discourse


@pytest.mark.matching(max_suggestions=5, max_facilitators=0)
def test_max_facilitators_fills_places_first_and_is_not_a_cap(forum, community):
    # Three members want to learn Python: they come first, and the two places they leave go to
    # facilitators (config/matching.py: "not a cap").
    topic_id = propose(forum)
    roles = [r.role for r in stored_suggestions(forum, topic_id)]
    assert roles == ["facilitator", "facilitator", "participant", "participant", "participant"]
