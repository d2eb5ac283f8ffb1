"""Parsing approvers' command lines (pure functions)."""
from __future__ import annotations

from circleup.sync.citizens.commands import APPROVE, DECLINE, is_only_commands, parse_commands


def test_lines_anywhere_in_a_post_case_insensitive():
    commands = parse_commands("Thanks all!\n/Approve @osioke\n  /DECLINE @amara not yet running a group\nSee you")
    assert [(c.verb, c.username, c.reason, c.problem) for c in commands] == [
        (APPROVE, "osioke", "", None),
        (DECLINE, "amara", "not yet running a group", None),
    ]


def test_the_at_sign_is_optional_and_trailing_punctuation_is_not_part_of_the_name():
    assert [c.username for c in parse_commands("/approve osioke.\n/approve @lena_p, welcome!")] == ["osioke", "lena_p"]


def test_malformed_lines_are_kept_with_their_problem():
    commands = parse_commands("/approve\n/decline @amara\n/approve @**bob**\n/approve @a @b\n"
                              "/decline @amara @lena not this month")
    assert [c.malformed for c in commands] == [True, True, True, True, True]
    assert "name the member" in commands[0].problem
    assert "reason" in commands[1].problem
    assert "not a username" in commands[2].problem
    assert "one member per line" in commands[3].problem
    assert "one member per line" in commands[4].problem  # not a decline of amara "because @lena not this month"


def test_a_reason_may_still_mention_someone():
    (command,) = parse_commands("/decline @amara ask @ruth about the next intake")
    assert (command.username, command.reason, command.problem) == ("amara", "ask @ruth about the next intake", None)


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


def test_commands_readers_cannot_see_are_not_commands():
    hidden = [
        "Not yet, let's talk first.\n<!--\n/approve @osioke\n-->",  # a comment over several lines
        "Notes for us <!-- to do:\n/approve @osioke\n-->",
        "```\n~~~\n/approve @osioke\n```",  # only ``` closes a ``` block
        "````\n```\n/approve @osioke\n````",  # nor does a shorter run
        "~~~\n/approve @osioke",  # an unclosed block runs to the end
    ]
    assert [parse_commands(raw) for raw in hidden] == [[]] * len(hidden)
    shown = "<!-- a note -->\n/approve @osioke\n```\ncode\n```   \n/approve @amara\n<!--\nold\n--> \n/approve @lena"
    assert [c.username for c in parse_commands(shown)] == ["osioke", "amara", "lena"]


def test_only_commands():
    assert is_only_commands("/approve @osioke\n\n/decline @amara too early")
    assert not is_only_commands("/approve @osioke\nWelcome aboard!")
    assert not is_only_commands("")
