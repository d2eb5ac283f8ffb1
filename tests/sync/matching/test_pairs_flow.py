"""One-to-one pairing end to end: runs, one private message per pair, follow-ups and answers."""
from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from circleup.cli import Context, cli
from circleup.integration.store import Action, ActionStatus, utcnow
from circleup.sync.matching.flow import tick
from circleup.sync.matching.pairs import parse_answer, run_pairing
from tests.sync.matching.conftest import all_pairs, category, mentioned

FOLLOW_UP_DAYS = 14


def pms_by_bot(sim):
    return [t for t in sim.topics.values() if t.is_private_message and sim.users[t.user_id].username == "circleup"]


def recipients(sim, topic) -> set[str]:
    return {sim.users[user_id].username for user_id in topic.allowed_user_ids} - {"circleup"}


def pair_now(forum):
    """What `circleup pairs run` does: a run, then its introductions queued and sent."""
    report = run_pairing(forum.services, trigger="cli")
    forum.settle()
    return report


def later(forum, days: float) -> dict[str, int]:
    """The hourly tick, `days` from now."""
    counts = tick(forum.services, now=utcnow() + dt.timedelta(days=days))
    forum.settle()
    return counts


def test_a_run_sends_one_message_per_pair_and_never_repeats_a_pair(forum, community):
    sim = community
    sim.add_to_group("no-matching", "bola")
    sim.suspend("zed")
    forum.settle()

    first = pair_now(forum)
    assert first.pairs, "the community has learners and teachers: a run must pair someone"
    messages = pms_by_bot(sim)
    assert len(messages) == len(first.pairs)
    pairs = all_pairs(forum)
    assert {frozenset((p.a_username, p.b_username)) for p in pairs} == {frozenset(recipients(sim, m)) for m in messages}
    for pair in pairs:
        message = sim.topics[pair.topic_id]  # the result hook stored the message
        assert recipients(sim, message) == {pair.a_username, pair.b_username}
        body = sim.first_post(message.id).raw
        assert set(mentioned(body)) == {pair.a_username, pair.b_username}
        assert any(skill in body for skill in pair.a_teaches + pair.b_teaches)
    assert not {"bola", "zed", "circleup"} & {name for p in pairs for name in (p.a_username, p.b_username)}

    second = pair_now(forum)
    assert second.pairs, "other teachers are left for the learners: a second run pairs them anew"
    repeated = {frozenset((p.a_id, p.b_id)) for p in first.pairs} & {frozenset((p.a_id, p.b_id)) for p in second.pairs}
    assert not repeated
    assert len(pms_by_bot(sim)) == len(first.pairs) + len(second.pairs)


def test_a_dry_run_records_and_sends_nothing(forum, community):
    report = run_pairing(forum.services, trigger="cli", dry_run=True)
    forum.settle()
    assert report.pairs and pms_by_bot(community) == [] and all_pairs(forum) == []


@pytest.mark.matching(pairing_every_days=30, pairing_follow_up_days=FOLLOW_UP_DAYS)
def test_the_hourly_tick_runs_pairing_when_due_and_follows_up(forum, community):
    sim = community
    assert later(forum, 0)["pairs"] > 0  # never run before: due now
    introduced = len(pms_by_bot(sim))
    assert later(forum, 1)["pairs"] == 0  # not due again yet
    assert later(forum, 3)["follow_ups"] == 0

    pair = all_pairs(forum)[0]
    sim.reply(pair.a_username, pair.topic_id, "Yes, happy to meet! Tuesday works for me.")  # before being asked
    forum.settle()
    assert all_pairs(forum)[0].met is None  # only an answer to the follow-up counts

    counts = later(forum, FOLLOW_UP_DAYS + 1)
    assert counts["follow_ups"] == len(all_pairs(forum)) and counts["pairs"] == 0
    for row in all_pairs(forum):
        bot_posts = [p for p in sim.posts_in(row.topic_id) if sim.users[p.user_id].username == "circleup"]
        assert len(bot_posts) == 2 and "did you manage to meet" in bot_posts[1].raw
    assert later(forum, FOLLOW_UP_DAYS + 2)["follow_ups"] == 0  # asked once

    first, *others = all_pairs(forum)
    sim.reply(first.b_username, first.topic_id, "Hello!\n\nYes, we met on Tuesday and it was great.")
    if others:
        sim.reply(others[0].a_username, others[0].topic_id, "Not yet, sorry: no time this month.")
    forum.settle()
    answered = {p.id: p for p in all_pairs(forum)}
    assert answered[first.id].met is True and answered[first.id].answered_by == first.b_username
    if others:
        assert answered[others[0].id].met is False
    assert len(pms_by_bot(sim)) == introduced

    assert later(forum, 31)["pairs"] > 0  # the next round, a month on


def test_an_outsider_cannot_answer_for_a_pair(forum, community):
    sim = community
    pair_now(forum)
    later(forum, FOLLOW_UP_DAYS + 1)
    pair = all_pairs(forum)[0]
    sim.reply("sal", pair.topic_id, "Yes, they met, I saw them!")  # staff can post in any PM
    forum.settle()
    assert all_pairs(forum)[0].met is None


@pytest.mark.parametrize(("raw", "met"), [
    ("yes", True), ("Yes! We met on Tuesday.", True), ("yep :)", True), ("We met last week", True),
    ("Hi!\n\nYes, we did, thanks", True), ("Oui, on s'est vus", True), ("No problem, we met yesterday", True),
    ("no", False), ("Not yet, sorry", False), ("We haven't met", False), ("We didn't manage to", False),
    ("nope", False), ("[quote]did you meet? yes[/quote]\nno, not yet", False),
    ("Thanks for the introduction!", None), ("Yes... well, no, not yet", None), ("", None),
])
def test_answers_are_read_simply_and_robustly(raw, met):
    assert parse_answer(raw) is met


# -- the commands --------------------------------------------------------------------------------------

def _cli(forum, *args: str):
    context = Context()
    context._settings, context._services = forum.services.settings, forum.services
    return CliRunner().invoke(cli, list(args), obj=context, catch_exceptions=False)


def test_pairs_answer_and_list_commands(forum, community):
    pair_now(forum)
    pair = all_pairs(forum)[0]
    result = _cli(forum, "pairs", "answer", str(pair.id), "yes")
    assert result.exit_code == 0 and "met = yes" in result.output
    assert all_pairs(forum)[0].met is True and all_pairs(forum)[0].answer_source == "cli"
    listing = _cli(forum, "pairs", "list")
    assert f"@{pair.a_username} + @{pair.b_username}" in listing.output and "yes (cli:" in listing.output
    assert _cli(forum, "pairs", "answer", "9999", "no").exit_code != 0


def test_matching_explain_prints_who_was_suggested_and_why(forum, community):
    sim = community
    first = sim.create_topic("amara", "Python learning circle for beginners", "Who wants to learn Python together?",
                             tags=["learningcircles"])
    forum.settle()
    result = _cli(forum, "matching", "explain", str(first.topic_id))
    assert result.exit_code == 0, result.output
    assert "needs: skills Python" in result.output
    assert "#1 @osioke" in result.output and "shares Python" in result.output
    assert "wants to learn Python" in result.output
    assert _cli(forum, "matching", "explain", "9999").exit_code != 0


def test_pairs_list_names_a_member_it_does_not_know(forum, community):
    pair_now(forum)
    result = _cli(forum, "pairs", "list", "--user", "nosuchperson")
    assert result.exit_code != 0 and "'nosuchperson'" in result.output


def test_matching_explain_marks_people_no_longer_in_the_reply_and_says_why_there_is_none(forum, community):
    sim = community
    first = sim.create_topic("amara", "Python learning circle for beginners", "Who wants to learn Python together?",
                             tags=["learningcircles"])
    forum.settle()
    sim.edit_topic(first.topic_id, tags=["beginners"])
    forum.settle()
    result = _cli(forum, "matching", "explain", str(first.topic_id))
    assert result.exit_code == 0, result.output
    assert "no longer a circle (not tagged learningcircles)" in result.output
    osioke = next(line for line in result.output.splitlines() if "@osioke" in line)
    assert osioke.endswith("(no longer in the reply: replaced by the note)")

    untagged = sim.create_topic("amara", "Python study group, no tag", "Who wants to learn Python together? No tag.")
    staff = sim.create_topic("sal", "Python circle for staff only", "Who wants to learn Python together? Staff.",
                             category_id=category(sim, "Staff notes"), tags=["learningcircles"])
    forum.settle()
    result = _cli(forum, "matching", "explain", str(untagged.topic_id))
    assert result.exit_code != 0 and "it is not tagged learningcircles. Add the tag learningcircles" in result.output
    result = _cli(forum, "matching", "explain", str(staff.topic_id))
    assert result.exit_code != 0 and "read-restricted" in result.output and "matching.categories" in result.output


def test_matching_explain_says_when_the_reply_failed_and_how_to_retry(forum, community):
    sim = community
    first = sim.create_topic("amara", "Python learning circle for beginners", "Who wants to learn Python together?",
                             tags=["learningcircles"])
    forum.settle()
    with forum.services.store.session() as session:  # as if Discourse had refused it for good
        action = session.scalar(select(Action).where(Action.key == f"matching:reply:{first.topic_id}"))
        action.status, action.last_error = ActionStatus.FAILED, "422: Body is too similar"
        event_pk = action.event_pk
    result = _cli(forum, "matching", "explain", str(first.topic_id))
    assert result.exit_code == 0, result.output
    assert "never posted: failed (422: Body is too similar)" in result.output
    assert f"`circleup events replay {event_pk}`" in result.output
