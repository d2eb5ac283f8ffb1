from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from circleup.sync.skills.directory import MARKER_RESERVE, DirectoryEntry, content_hash, render_directory

ZWSP = "\u200b"
LINK = re.compile(r"\[[^\]]*\]\(/u/([A-Za-z0-9_.\-]+)\)")


def table_rows(body: str) -> list[str]:
    return [line for line in body.splitlines() if line.startswith("| ") and not line.startswith("| ---")
            and not line.startswith("| Member |")]


def cells(row: str) -> list[str]:
    # A cell separator is a "|" not preceded by the backslash that escape_text puts before member text.
    return re.split(r"(?<!\\)\|", row)[1:-1]


def entry(username, name="", shares=("Python",), learns=()):
    return DirectoryEntry(username=username, name=name, shares=list(shares), learns=list(learns))


def test_first_post_layout():
    bodies = render_directory("Technology", [
        entry("zoe", "Zoë Wanjiru", ["Python", "SQL"], ["Lua"]),
        entry("Ana_P", "", ["Wikidata"], []),
    ])
    assert len(bodies) == 1
    assert bodies[0] == (
        "# Skills directory: Technology\n\n"
        "Who in this community can share skills in Technology, and who wants to learn them. "
        "Add or change yours in your profile; this list follows automatically.\n\n"
        "**2 members**\n\n"
        "| Member | Can share | Wants to learn |\n"
        "| --- | --- | --- |\n"
        "| [Ana\\_P](/u/Ana_P) | Wikidata | — |\n"
        "| [Zoë Wanjiru](/u/zoe) | Python, SQL | Lua |\n"
    )


def test_rows_sorted_by_username_case_insensitively():
    bodies = render_directory("Design & media", [entry("bob"), entry("Alice"), entry("carol"), entry("alex")])
    assert LINK.findall(bodies[0]) == ["alex", "Alice", "bob", "carol"]


@pytest.mark.parametrize("skill", ["@everyone", "<script>alert(1)</script>", "a|b", "**bold** [x](/y) #tag",
                                   "line\nbreak", "`code`", "| --- |", "\\|"])
def test_member_text_cannot_break_the_table_or_mention(skill):
    bodies = render_directory("Technology", [
        entry("mallory", name="@here <b>|x|</b>", shares=[skill, "Python"], learns=[skill]),
        entry("trent"),
    ])
    rows = table_rows(bodies[0])
    assert len(rows) == 2
    for row in rows:
        assert len(cells(row)) == 3, row
    body = bodies[0]
    assert "<script" not in body and "<b>" not in body
    assert all(body[i + 1] == ZWSP for i, ch in enumerate(body) if ch == "@"), "unescaped @"
    assert "\n" not in rows[0]


def test_invalid_username_is_shown_escaped_and_unlinked():
    bodies = render_directory("Technology", [entry("bad user](javascript:alert(1))", name="Eve")])
    row = table_rows(bodies[0])[0]
    assert "/u/" not in row and "](" not in row
    assert cells(row)[0].strip() == "bad user\\]\\(javascript:\u200balert\\(1\\)\\)"


def test_username_is_a_profile_link_not_a_mention():
    body = render_directory("Technology", [entry("osioke", "Osioke")])[0]
    assert "[Osioke](/u/osioke)" in body
    assert "@osioke" not in body


def test_members_without_skills_are_left_out_and_duplicates_merged():
    bodies = render_directory("Technology", [
        entry("ana", shares=["Python"]),
        entry("idle", shares=[], learns=[]),
        entry("ANA", name="Ana", shares=["SQL", "Python"], learns=["Lua"]),
    ])
    rows = table_rows(bodies[0])
    assert len(rows) == 1
    assert cells(rows[0]) == [" [Ana](/u/ana) ", " Python, SQL ", " Lua "]
    assert "**1 member**" in bodies[0]


def test_empty_area():
    bodies = render_directory("Research & data", [])
    assert len(bodies) == 1
    assert "**0 members**" in bodies[0] and "No one has listed skills" in bodies[0]


def test_skills_within_a_cell_are_sorted_so_database_order_does_not_matter():
    a = render_directory("T", [entry("ana", shares=["SQL", "lua", "Python"], learns=["R", "Go"])])
    b = render_directory("T", [entry("ana", shares=["Python", "SQL", "lua"], learns=["Go", "R"])])
    assert a == b
    assert "| lua, Python, SQL | Go, R |" in a[0]


def test_deterministic_and_hash_stable():
    members = [entry(f"user{i}", f"User {i}", ["Python", "SQL"], ["Lua"]) for i in range(300)]
    first = render_directory("Technology", members, max_post_chars=4000)
    second = render_directory("Technology", list(reversed(members)), max_post_chars=4000)
    assert first == second
    assert content_hash(first) == content_hash(second)
    assert len(content_hash(first)) == 64
    changed = members[:-1] + [entry("user299", "User 299", ["Python"], ["Lua"])]
    assert content_hash(render_directory("Technology", changed, max_post_chars=4000)) != content_hash(first)


def test_content_hash_separates_bodies():
    assert content_hash(["ab", "c"]) != content_hash(["a", "bc"])
    assert content_hash([]) != content_hash([""])


def test_updated_at_only_when_asked():
    members = [entry("ana")]
    assert "updated" not in render_directory("T", members)[0]
    moment = datetime(2026, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=3)))
    assert "**1 member** · updated 2026-03-01 06:30 UTC" in render_directory("T", members, updated_at=moment)[0]


@pytest.mark.parametrize("count, limit", [(50, 2000), (1000, 6000), (3000, 32000)])
def test_long_directories_split_under_the_limit_with_every_member_once(count, limit):
    members = [entry(f"member_{i:05d}", f"Member {i}", ["Python", "Data analysis", "Editing Wikipedia"],
                     ["Lua", "SPARQL"]) for i in range(count)]
    bodies = render_directory("Technology", members, max_post_chars=limit)
    assert len(bodies) > 1
    assert all(len(body) <= limit - MARKER_RESERVE for body in bodies)
    listed = [name for body in bodies for name in LINK.findall(body)]
    assert sorted(listed) == sorted(m.username for m in members)
    assert len(listed) == len(set(listed)) == count
    assert "_The table continues in the next posts._" in bodies[0]
    for part, body in enumerate(bodies[1:], start=2):
        # No "of N": appending a post must not change the header of every other one.
        assert body.startswith(f"## Skills directory: Technology (continued, part {part})\n")
        assert "| Member | Can share | Wants to learn |\n| --- | --- | --- |\n" in body
    assert f"**{count:,} members**" in bodies[0]


def test_a_member_with_huge_cells_still_fits():
    skills = [f"Skill number {i} " + "x" * 200 for i in range(500)]
    bodies = render_directory("T", [entry("hoarder", "H" * 500, skills, skills), entry("zed")],
                              max_post_chars=3000)
    assert all(len(body) <= 3000 - MARKER_RESERVE for body in bodies)
    row = table_rows(bodies[0])[0]
    assert len(cells(row)) == 3
    assert re.search(r"… and \d+ more", row)
    assert "zed" in "".join(bodies)


def test_too_small_a_limit_is_refused():
    with pytest.raises(ValueError, match="max_post_chars"):
        render_directory("T", [entry("ana")], max_post_chars=600)


def test_entries_are_immutable_and_hashable():
    e = DirectoryEntry("ana", "Ana", ["Python"], ["Lua"])
    assert e.shares == ("Python",)
    assert hash(e) == hash(DirectoryEntry("ana", "Ana", ("Python",), ("Lua",)))
    with pytest.raises(AttributeError):
        e.username = "eve"  # type: ignore[misc]
