"""A directory longer than one post continues in further posts of its topic, edited in place."""
from __future__ import annotations

import pytest

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



