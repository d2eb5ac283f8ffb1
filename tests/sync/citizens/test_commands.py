"""Parsing approvers' command lines (pure functions)."""
from __future__ import annotations

from sync.citizens.commands import APPROVE, DECLINE, is_only_commands, parse_commands


def test_lines_anywhere_in_a_post_case_insensitive():
    commands = parse_commands("Thanks all!\n/Approve @osioke\n  /DECLINE @amara not yet running a group\nSee you")
    assert [(c.verb, c.username, c.reason, c.problem) for c in commands] == [
        (APPROVE, "osioke", "", None),
        (DECLINE, "amara", "not yet running a group", None),
    ]


def test_the_at_sign_is_optional_and_trailing_punctuation_is_not_part_of_the_name():
    assert [c.username for c in parse_commands("/approve osioke.\n/approve @lena_p, welcome!")] == ["osioke", "lena_p"]


def test_malformed_lines_are_kept_with_their_problem():
    commands = parse_commands("/approve\n/decline @amara\n/approve @**bob**\n/approve @a @b")
    assert [c.malformed for c in commands] == [True, True, True, True]
    assert "name the member" in commands[0].problem
    assert "reason" in commands[1].problem
    assert "not a username" in commands[2].problem
    assert "one member per line" in commands[3].problem


def test_quotes_code_and_near_misses_are_not_commands():
    raw = "\n".join([
        "[quote=\"circleup, post:3\"]", "/approve @osioke", "[/quote]",
        "> /approve @amara",
        "    /approve @lena",
        "```", "/approve @tomi", "```",
        "/approved @sal",
        "please /approve @ruth",
        "<!-- /approve @bart -->",
    ])
    assert parse_commands(raw) == []


def test_only_commands():
    assert is_only_commands("/approve @osioke\n\n/decline @amara too early")
    assert not is_only_commands("/approve @osioke\nWelcome aboard!")
    assert not is_only_commands("")
