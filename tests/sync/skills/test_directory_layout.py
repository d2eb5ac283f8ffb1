"""Stable post boundaries: a member's change edits the post holding their row, not every later one."""
from __future__ import annotations

import random
import re

import pytest

from circleup.sync.skills.directory import (
    FILL,
    MARKER_RESERVE,
    DirectoryEntry,
    DirectoryPosts,
    build_directory,
    content_hash,
    layout_directory,
    render_directory,
)

LIMIT = 3000
BUDGET = LIMIT - MARKER_RESERVE
LINK = re.compile(r"\]\(/u/([A-Za-z0-9_.\-]+)\)")


def member(number: int, shares=("Python", "Data analysis"), learns=("Lua",)) -> DirectoryEntry:
    # Numbered in steps of ten below, so "m00125" sorts between two existing members.
    return DirectoryEntry(f"m{number:05d}", f"Member {number}", shares, learns)


def build(entries, previous=None) -> DirectoryPosts:
    return build_directory("Technology", entries, previous, max_post_chars=LIMIT)


def listed(body: str) -> list[str]:
    return LINK.findall(body)


def changed(before: DirectoryPosts, after: DirectoryPosts) -> set[int]:
    """Posts whose text differs (a post that exists on one side only counts as changed)."""
    parts = max(len(before.bodies), len(after.bodies))
    padded = [(list(side.bodies) + [None] * parts)[:parts] for side in (before, after)]
    return {part for part, (a, b) in enumerate(zip(*padded)) if a != b}


def assert_sound(posts: DirectoryPosts, entries) -> None:
    assert all(len(body) <= BUDGET for body in posts.bodies)
    names = [name for body in posts.bodies for name in listed(body)]
    assert names == sorted({e.username for e in entries if e.shares or e.learns}, key=str.casefold)
    assert len(posts.layout) == len(posts.bodies) and posts.layout[0] == ""
    assert list(posts.layout) == sorted(set(posts.layout))
    for part, body in enumerate(posts.bodies):  # each post's rows lie in its key range
        upper = posts.layout[part + 1] if part + 1 < len(posts.layout) else None
        for name in listed(body):
            assert posts.layout[part] <= name.casefold() and (upper is None or name.casefold() < upper)


@pytest.fixture
def five_posts():
    entries = [member(10 * i) for i in range(160)]
    posts = build(entries)
    assert len(posts.bodies) == 5
    return entries, posts


def part_of(posts: DirectoryPosts, username: str) -> int:
    return next(part for part, body in enumerate(posts.bodies) if username in listed(body))


def test_fresh_packing_fills_posts_to_three_quarters(five_posts):
    entries, posts = five_posts
    assert_sound(posts, entries)
    row = max(len(line) + 1 for body in posts.bodies for line in body.splitlines() if line.startswith("| ["))
    for body in posts.bodies[:-1]:
        # As full as FILL allows (the next row would pass it), and no fuller.
        assert BUDGET * FILL - row < len(body) <= BUDGET * FILL
    assert posts.layout == ("", *(listed(body)[0] for body in posts.bodies[1:]))


def test_same_members_and_layout_give_the_same_posts(five_posts):
    entries, posts = five_posts
    shuffled = random.Random(7).sample(entries, len(entries))
    again = build(shuffled, posts.layout)
    assert again == posts  # the layout is kept exactly, so unchanged posts hash the same
    assert content_hash(again.bodies) == content_hash(posts.bodies)
    assert build(shuffled, posts.layout) == again
    assert render_directory("Technology", entries, previous=posts.layout, max_post_chars=LIMIT) == list(posts.bodies)
    assert layout_directory("Technology", entries, posts.layout, max_post_chars=LIMIT) == posts.layout


def test_a_member_joining_edits_their_post_and_the_count(five_posts):
    entries, posts = five_posts
    after = build(entries + [member(965)], posts.layout)
    assert_sound(after, entries + [member(965)])
    assert part_of(after, "m00965") == 2
    assert changed(posts, after) == {0, 2}  # the first post only for "161 members"
    assert after.layout == posts.layout


def test_a_member_leaving_edits_their_post_and_the_count(five_posts):
    entries, posts = five_posts
    leaving = part_of(posts, "m01200")
    assert leaving == 3
    rest = [e for e in entries if e.username != "m01200"]
    after = build(rest, posts.layout)
    assert_sound(after, rest)
    assert changed(posts, after) == {0, leaving}
    assert after.layout == posts.layout


@pytest.mark.parametrize("username", ["m00050", "m00800", "m01590"])
def test_changed_skills_edit_only_that_members_post(five_posts, username):
    entries, posts = five_posts
    number = int(username[1:])
    edited = [member(number, shares=("Rust",)) if e.username == username else e for e in entries]
    after = build(edited, posts.layout)
    assert changed(posts, after) == {part_of(posts, username)}
    assert "| Rust |" in after.bodies[part_of(posts, username)]


def test_leaving_and_joining_in_different_posts_edits_just_those(five_posts):
    entries, posts = five_posts
    now = [e for e in entries if e.username != "m00300"] + [member(1405)]
    after = build(now, posts.layout)
    # The count stays 160, so the first post is untouched (m00300 lives in post 1).
    assert changed(posts, after) == {part_of(posts, "m00300"), part_of(after, "m01405")}


def test_an_overflowing_post_passes_rows_to_the_next_post_only(five_posts):
    entries, posts = five_posts
    # Enough joins in post 1's range to push it past the limit; post 2 has the slack to take them.
    joining = [member(10 * i + 5) for i in range(40, 55)]
    assert {part_of(build(entries + joining), e.username) for e in joining} <= {1, 2}
    after = build(entries + joining, posts.layout)
    assert_sound(after, entries + joining)
    assert changed(posts, after) == {0, 1, 2}
    assert after.layout[:2] == posts.layout[:2] and after.layout[3:] == posts.layout[3:]
    assert after.layout[2] < posts.layout[2]  # post 2 now starts earlier: it took post 1's last rows
    assert after.bodies[3:] == posts.bodies[3:]


def test_new_posts_are_appended_at_the_end(five_posts):
    entries, posts = five_posts
    joining = [member(1600 + i) for i in range(30)]  # all after the last member
    after = build(entries + joining, posts.layout)
    assert_sound(after, entries + joining)
    assert len(after.bodies) == 6
    assert after.layout[:5] == posts.layout  # no post in the middle moved
    assert changed(posts, after) == {0, 4, 5}  # the note "continues" was already in the first post
    assert after.bodies[5].startswith("## Skills directory: Technology (continued, part 6)\n")
    assert len(after.bodies[4]) <= BUDGET * FILL  # the post that overflowed gets its slack back


def test_headers_do_not_name_the_number_of_parts(five_posts):
    _entries, posts = five_posts
    assert "_The table continues in the next posts._" in posts.bodies[0]
    for part, body in enumerate(posts.bodies[1:], start=2):
        assert body.splitlines()[0] == f"## Skills directory: Technology (continued, part {part})"
    assert not any(re.search(r"\bof \d", body.splitlines()[0]) for body in posts.bodies)


def test_an_emptied_post_stays_with_a_note_and_is_used_again(five_posts):
    entries, posts = five_posts
    emptied = set(listed(posts.bodies[2]))
    rest = [e for e in entries if e.username not in emptied]
    after = build(rest, posts.layout)
    assert_sound(after, rest)
    assert after.layout == posts.layout
    assert changed(posts, after) == {0, 2}
    assert after.bodies[2] == ("## Skills directory: Technology (continued, part 3)\n\n"
                               "_(no members in this part any more)_\n")
    back = build(rest + [member(905)], after.layout)
    assert part_of(back, "m00905") == 2 and changed(after, back) == {0, 2}


def test_the_first_post_can_be_emptied_too(five_posts):
    entries, posts = five_posts
    emptied = set(listed(posts.bodies[0]))
    rest = [e for e in entries if e.username not in emptied]
    after = build(rest, posts.layout)
    assert_sound(after, rest)
    assert changed(posts, after) == {0}
    assert after.bodies[0].endswith(f"**{len(rest)} members**\n\n_The table continues in the next posts._\n\n"
                                    "_(no members in this part any more)_\n")


def test_a_directory_that_shrank_to_half_is_packed_afresh(five_posts):
    entries, posts = five_posts
    rest = entries[:40]
    after = build(rest, posts.layout)
    assert_sound(after, rest)
    assert after == build(rest)  # the caller parks the posts no longer needed
    assert len(after.bodies) == 2


def test_an_empty_area_is_one_post_whatever_came_before(five_posts):
    _entries, posts = five_posts
    after = build([], posts.layout)
    assert after.layout == ("",) and len(after.bodies) == 1
    assert "No one has listed skills" in after.bodies[0]


def test_a_cascade_through_most_posts_packs_afresh_instead(five_posts):
    entries, posts = five_posts
    # Fill every post to just under the limit without moving a boundary...
    dense = list(entries)
    for part, body in enumerate(posts.bodies):
        first = int(listed(body)[0][1:])
        extra = 0
        while True:
            candidate = dense + [member(first + 1 + extra)]
            trial = build(candidate, posts.layout)
            if trial.layout != posts.layout:
                break
            dense, extra = candidate, extra + 1
    full = build(dense, posts.layout)
    assert full.layout == posts.layout and all(len(body) > BUDGET - 80 for body in full.bodies[:4])
    # ...then one more row in the first post would push rows through every later post.
    joined = dense + [DirectoryEntry("m00000_late", "Late", ("Python",))]
    after = build(joined, full.layout)
    assert_sound(after, joined)
    assert after == build(joined)  # packed afresh: slack everywhere again, more posts at the end
    assert len(after.bodies) > len(posts.bodies)


@pytest.mark.parametrize("previous", [(), ("a", "m"), ("", "m", "c"), ("", "m", "m"), ("", 5)])
def test_an_unusable_previous_layout_is_packed_afresh(five_posts, previous):
    entries, posts = five_posts
    assert build(entries, previous) == posts


def test_random_changes_keep_every_member_once_within_the_limit_and_edit_little():
    rng = random.Random(20260302)
    alive = {number: member(number) for number in rng.sample(range(100_000), 600)}
    posts = build(alive.values())
    edits = repacked_edits = changes = 0
    for _round in range(200):
        repacked = build(alive.values())  # what packing afresh each time (the old way) would post
        for _ in range(rng.randint(1, 3)):
            roll = rng.random()
            if roll < 0.4:
                number = rng.randrange(100_000)
                alive[number] = member(number, shares=tuple(rng.sample(["Python", "SQL", "Rust", "Go"], 2)))
            elif roll < 0.8 and alive:
                alive.pop(rng.choice(sorted(alive)))
            else:
                number = rng.choice(sorted(alive))
                alive[number] = member(number, learns=(rng.choice(["Lua", "R", "C"]),))
            changes += 1
        after = build(alive.values(), posts.layout)
        assert_sound(after, list(alive.values()))
        assert build(alive.values(), after.layout) == after  # a fixed point: nothing changed, nothing edited
        # The first post changes with the member count either way; the continuations tell the story.
        edits += len(changed(posts, after) - {0})
        repacked_edits += len(changed(repacked, build(alive.values())) - {0})
        posts = after
    # Packing afresh rewrites about 8 of the 19 posts per round of 1-3 changes; kept boundaries edit at
    # most one post per change (fewer when two changes share a post, one more when rows move on).
    assert edits <= changes
    assert edits * 4 < repacked_edits
