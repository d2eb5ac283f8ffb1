"""A directory longer than one post continues in further posts of its topic, edited in place."""
from __future__ import annotations

import pytest

from circleup.sync.skills.publish import stored_layout
from tests.sync.skills.conftest import SHARE


@pytest.fixture
def skills_section(skills_section):
    return {**skills_section, "directory_max_post_chars": 1500}


def test_a_long_directory_continues_in_further_posts_edited_in_place(forum):
    names = [f"member{i:02d}" for i in range(30)]
    for name in names:
        forum.sim.add_user(name, name=f"Member {name} with a long display name", user_fields={SHARE: "Python, SQL, Rust"})
    forum.settle()
    posts = forum.directory("Technology")
    assert len(posts) >= 3 and all(len(p) <= 1500 for p in posts)
    assert forum.listed("Technology") == set(names)
    replies = len(forum.requests("POST", "/posts.json"))
    forum.sim.update_user_fields("member29", {SHARE: "Python, SQL, Rust, Go"})
    forum.settle()
    assert len(forum.requests("POST", "/posts.json")) == replies  # no new post: the last one was edited
    assert "Go" in forum.directory("Technology")[-1]
    for name in names[5:]:
        forum.sim.update_user_fields(name, {SHARE: "Photography"})
    forum.settle()
    shrunk = forum.directory("Technology")
    assert len(shrunk) == len(posts)  # the spare posts stay, emptied, for when the directory grows again
    assert "not needed at the moment" in shrunk[-1]
    assert forum.listed("Technology") == set(names[:5])


def _edited_post_ids(forum, since: int) -> list[int]:
    return [int(r.path.split("/")[2].split(".")[0]) for r in forum.edits("Technology")[since:]]


def _post_listing(forum, username: str) -> int:
    posts = [p for p in forum.sim.posts_in(forum.topics["Technology"]) if p.user_id == forum.sim.bot.id]
    return next(p.id for p in posts if f"](/u/{username})" in p.raw)


def test_one_members_change_edits_only_the_post_holding_their_row(forum):
    names = [f"member{i:02d}" for i in range(30)]
    for name in names:
        forum.sim.add_user(name, name=f"Member {name} with a long display name",
                           user_fields={SHARE: "Python, SQL, Rust"})
    forum.settle()
    posts = forum.directory("Technology")
    assert len(posts) >= 4
    first_post = forum.sim.first_post(forum.topics["Technology"]).id
    with forum.services.store.session() as session:
        layout = stored_layout(session, forum.topics["Technology"])
    assert layout is not None and len(layout) == len(posts) and layout[0] == ""
    assert all(f"](/u/{key})" in post for key, post in zip(layout[1:], posts[1:]))  # each part's first member

    before = len(forum.edits("Technology"))
    forum.sim.update_user_fields("member14", {SHARE: "Python, SQL, Rust, Go"})
    forum.settle()
    assert _edited_post_ids(forum, before) == [_post_listing(forum, "member14")]

    before = len(forum.edits("Technology"))
    forum.sim.add_user("member14b", user_fields={SHARE: "Python"})
    forum.settle()
    holder = _post_listing(forum, "member14b")
    assert holder != first_post
    assert sorted(_edited_post_ids(forum, before)) == sorted([first_post, holder])  # theirs + the member count
    assert len(forum.directory("Technology")) == len(posts)
    assert forum.listed("Technology") == {*names, "member14b"}
