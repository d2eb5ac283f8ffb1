"""Circles that form, end to end: joining by reply or like, forming once, the group message."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from circleup.integration.store import Action, ActionStatus, utcnow
from circleup.sync.matching.models import CircleFormation, CircleMembership, MatchingCircle
from tests.sync.matching.conftest import LEARN, SHARE, replies

TITLE = "Python learning circle for beginners"


def propose(forum, author: str = "amara", title: str = TITLE) -> int:
    first = forum.sim.create_topic(author, title, f"Who wants to learn Python together this autumn? ({title})",
                                   tags=("learningcircles",))
    forum.settle()
    return first.topic_id


def say(forum, username: str, topic_id: int, raw: str):
    post = forum.sim.reply(username, topic_id, raw)
    forum.settle()
    return post


def members(forum, topic_id: int) -> list[str]:
    with forum.services.store.session() as session:
        return list(session.scalars(select(CircleMembership.username).where(
            CircleMembership.topic_id == topic_id, CircleMembership.joined.is_(True)).order_by(CircleMembership.id)))


def formation(forum, topic_id: int) -> CircleFormation | None:
    with forum.services.store.session() as session:
        return session.get(CircleFormation, topic_id)


def announcements(forum, topic_id: int) -> list:
    return [p for p in replies(forum, topic_id) if "has formed" in p.raw]


def group_messages(sim) -> list:
    return [t for t in sim.topics.values()
            if t.is_private_message and sim.users[t.user_id].username == "circleup" and "Your learning circle" in t.title]


def recipients(sim, topic) -> set[str]:
    return {sim.users[user_id].username for user_id in topic.allowed_user_ids} - {"circleup"}


def test_three_who_say_they_are_in_form_the_circle_once_with_a_group_message(forum, community):
    sim = community
    topic_id = propose(forum)
    say(forum, "tomi", topic_id, "Hello! I'm in, this is exactly what I need.")
    first = say(forum, "kofi", topic_id, "COUNT ME IN please, evenings suit me best")
    assert members(forum, topic_id) == ["tomi", "kofi"] and formation(forum, topic_id) is None
    say(forum, "wiki", topic_id, "Sounds lovely, what time would you meet?")  # conversation, not a join
    assert members(forum, topic_id) == ["tomi", "kofi"]

    sim.redeliver(sim.events("post_created")[-2].id)  # kofi's reply, delivered again
    forum.settle()
    assert members(forum, topic_id) == ["tomi", "kofi"]

    # Two learners cannot facilitate: a third who shares Python can.
    before = len(sim.requests)
    say(forum, "osioke", topic_id, "I'd like to join, and I can facilitate the first sessions.")
    formed = formation(forum, topic_id)
    assert formed is not None and formed.facilitator == "osioke" and formed.members == ["tomi", "kofi", "osioke"]
    [announcement] = announcements(forum, topic_id)
    for name in ("tomi", "kofi", "osioke"):
        assert f"[{name}](/u/{name})" in announcement.raw
    [message] = group_messages(sim)
    assert recipients(sim, message) == {"amara", "tomi", "kofi", "osioke"}  # the author too
    body = sim.first_post(message.id).raw
    assert "time and a place" in body and formed.message_topic_id == message.id
    # A formation costs two writes: the announcement and the group message.
    writes = [(r.method, r.path) for r in sim.requests[before:] if r.method != "GET"]
    assert writes == [("POST", "/posts.json"), ("POST", "/posts.json")]

    # Later joiners are added to the message, leavers taken off it; formed stays formed, announced once.
    say(forum, "bola", topic_id, "I'm in too, see you all there!")
    assert "bola" in recipients(sim, sim.topics[message.id])
    say(forum, "tomi", topic_id, "Sorry, I'm out: my evenings are taken after all.")
    assert members(forum, topic_id) == ["kofi", "osioke", "bola"]
    say(forum, "zed", topic_id, "i would like to join as well, thanks")
    assert len(announcements(forum, topic_id)) == 1 and len(group_messages(sim)) == 1
    assert recipients(sim, sim.topics[message.id]) == {"amara", "kofi", "osioke", "bola", "zed"}
    sim.redeliver(sim.events("post_created")[-1].id)
    forum.settle()
    invites = [r for r in sim.requests if r.path.endswith("/invite.json")]
    assert [r.status for r in invites] == [200, 200]


def test_the_author_counts_when_they_say_so_and_facilitates(forum, community):
    sim = community
    topic_id = propose(forum, title="Python circle for journalists")
    say(forum, "tomi", topic_id, "I'm in, see you there folks")
    say(forum, "kofi", topic_id, "Count me in! Evenings are best")
    assert formation(forum, topic_id) is None  # two learners; the author has not said she is in
    say(forum, "amara", topic_id, "Great, count me in as well, I will host.")
    formed = formation(forum, topic_id)
    assert formed.facilitator == "amara" and formed.members == ["tomi", "kofi", "amara"]
    assert recipients(sim, group_messages(sim)[0]) == {"amara", "tomi", "kofi"}


def test_no_facilitator_no_formation(forum, community):
    topic_id = propose(forum, title="Python circle with learners only")
    for name in ("tomi", "kofi", "wiki"):
        say(forum, name, topic_id, f"I'm in! ({name} here, keen to learn)")
    assert members(forum, topic_id) == ["tomi", "kofi", "wiki"] and formation(forum, topic_id) is None
    say(forum, "lena", topic_id, "I'm in, happy to facilitate")
    assert formation(forum, topic_id).facilitator == "lena"


@pytest.mark.matching(circle_min_size=2)
def test_circle_min_size_is_the_configured_one(forum, community):
    topic_id = propose(forum, title="Python pair circle for two people")
    say(forum, "tomi", topic_id, "I'm in, see you there folks")
    say(forum, "osioke", topic_id, "I'm in, happy to facilitate it")
    assert formation(forum, topic_id).members == ["tomi", "osioke"]


def test_replies_elsewhere_do_not_join(forum, community):
    sim = community
    other = sim.create_topic("amara", "A topic that is not a circle", "Just chatting about the weather here.")
    forum.settle()
    say(forum, "tomi", other.topic_id, "Count me in for the weather chat!")
    with forum.services.store.session() as session:
        assert session.scalars(select(CircleMembership)).all() == []


def test_a_worker_restart_between_forming_and_the_announcement_announces_once(forum, community):
    sim = community
    topic_id = propose(forum, title="Python circle that survives a restart")
    say(forum, "tomi", topic_id, "I'm in, see you there folks")
    say(forum, "kofi", topic_id, "I'm in, evenings are best for me")
    sim.reply("osioke", topic_id, "I'm in, I can facilitate the sessions")
    sim.deliver_pending()
    worker, huey = forum.worker, forum.services.huey
    worker.flush_enqueued()
    huey.execute(huey.dequeue())  # the event: formed, announcement and message recorded, committed
    assert formation(forum, topic_id) is not None
    huey.flush()  # the worker dies before performing them
    assert announcements(forum, topic_id) == []
    with forum.services.store.session() as session:
        session.execute(update(Action).values(created_at=utcnow() - dt.timedelta(minutes=5)))
    assert worker.sweep()["batches"] >= 1  # a new worker's sweep finds the open batch
    forum.settle()
    assert len(announcements(forum, topic_id)) == 1 and len(group_messages(sim)) == 1
    sim.redeliver(sim.events("post_created")[-1].id)
    forum.settle()
    assert len(announcements(forum, topic_id)) == 1 and len(group_messages(sim)) == 1


def test_a_lost_answer_to_an_invitation_is_recovered_by_looking(forum, community):
    sim = community
    topic_id = propose(forum, title="Python circle with a flaky network")
    for name in ("tomi", "kofi", "osioke"):
        say(forum, name, topic_id, f"I'm in ({name}), sounds good to me")
    message_id = formation(forum, topic_id).message_topic_id
    sim.faults.sleep = lambda seconds: None
    forum.services.client.timeout = 0.01
    sim.faults.slow(seconds=1.0, times=1, path=f"/t/{message_id}/invite.json")
    say(forum, "bola", topic_id, "Count me in, I love Python too")
    assert "bola" in recipients(sim, sim.topics[message_id])
    with forum.services.store.session() as session:
        invite = session.scalar(select(Action).where(Action.kind == "invite_to_message"))
        assert invite.status == ActionStatus.DONE and invite.result.get("recovered") is True
    assert [r.status for r in sim.requests if r.path.endswith("/invite.json")].count(422) == 0


def message_changes(sim, message_id: int) -> list[tuple[str, int]]:
    """The invitations and removals circleup asked of Discourse for one message, with their answers."""
    return [(r.path.rsplit("/", 1)[-1], r.status) for r in sim.requests
            if r.path in (f"/t/{message_id}/invite.json", f"/t/{message_id}/remove-allowed-user.json")]


def actions_of(forum, kind: str) -> list[Action]:
    with forum.services.store.session() as session:
        return list(session.scalars(select(Action).where(Action.kind == kind).order_by(Action.id)))


@pytest.mark.matching(active_topic_id=1)
def test_im_out_once_formed_takes_them_off_the_group_message_and_coming_back_adds_them_again(forum, community):
    from circleup.integration.forum_setup import ForumSetup
    from circleup.sync.matching.active import active_circles, forum_requirements

    sim = community
    ForumSetup(forum.services.client).ensure(forum_requirements(forum.services.settings))  # the active topic, id 1
    topic_id, message_id = formed_circle(forum, "Python circle people leave and rejoin")
    assert recipients(sim, sim.topics[message_id]) == {"amara", "tomi", "kofi", "osioke"}
    assert "3 members" in sim.first_post(1).raw

    say(forum, "tomi", topic_id, "Sorry all, I'm out: work got in the way.")
    assert recipients(sim, sim.topics[message_id]) == {"amara", "kofi", "osioke"}
    assert message_changes(sim, message_id) == [("remove-allowed-user.json", 200)]
    assert [p.action_code for p in sim.posts_in(message_id) if p.action_code] == ["removed_user"]
    assert "2 members" in sim.first_post(1).raw  # below circle_min_size: still formed, still listed
    assert formation(forum, topic_id) is not None and len(announcements(forum, topic_id)) == 1

    # The same delivery again, and a second "I'm out": nobody is removed twice.
    sim.redeliver(sim.events("post_created")[-2].id)  # tomi's reply (the last is the small action)
    forum.settle()
    say(forum, "tomi", topic_id, "Just to be clear: count me out of this one.")
    assert message_changes(sim, message_id) == [("remove-allowed-user.json", 200)]

    # Coming back: invited again (a new write, not the first invitation's key).
    say(forum, "tomi", topic_id, "Things changed, count me in again!")
    assert recipients(sim, sim.topics[message_id]) == {"amara", "tomi", "kofi", "osioke"}
    assert message_changes(sim, message_id) == [("remove-allowed-user.json", 200), ("invite.json", 200)]
    assert "3 members" in sim.first_post(1).raw

    # Leaving again with a lost answer, then a 502: found done by reading the recipients, once.
    sim.faults.sleep = lambda seconds: None
    forum.services.client.timeout = 0.01
    sim.faults.slow(seconds=1.0, times=1, path=f"/t/{message_id}/remove-allowed-user.json")
    sim.faults.server_error(times=1, path=f"/t/{message_id}.json")
    say(forum, "tomi", topic_id, "Argh, sorry, I'm out. Too much going on.")
    assert recipients(sim, sim.topics[message_id]) == {"amara", "kofi", "osioke"}
    removals = actions_of(forum, "remove_from_message")
    assert [a.status for a in removals] == [ActionStatus.DONE, ActionStatus.DONE]
    assert removals[-1].result.get("recovered") is True
    assert [status for path, status in message_changes(sim, message_id) if path.startswith("remove")] == [200, 200]
    with forum.services.store.session() as session:
        [listed] = [c for place in active_circles(session) for c in place.circles if c.topic_id == topic_id]
        assert listed.members == 2


def test_someone_leaving_before_the_group_message_exists_is_taken_off_it_after_it_is_sent(forum, community):
    sim = community
    topic_id = propose(forum, title="Python circle left in a hurry")
    say(forum, "tomi", topic_id, "I'm in, see you there folks")
    say(forum, "kofi", topic_id, "I'm in, evenings are best for me")
    sim.reply("osioke", topic_id, "I'm in, I can facilitate the sessions")
    sim.reply("tomi", topic_id, "Oh no, I'm out, sorry everyone")
    forum.settle()  # formed, then tomi left, before the message was sent: removed from it, in order
    message = sim.topics[formation(forum, topic_id).message_topic_id]
    assert recipients(sim, message) == {"amara", "kofi", "osioke"}
    assert [a.status for a in actions_of(forum, "remove_from_message")] == [ActionStatus.DONE]


def test_the_author_leaving_is_taken_off_and_coming_back_is_invited(forum, community):
    sim = community
    topic_id = propose(forum, title="Python circle the author leaves")
    for name in ("tomi", "kofi", "amara"):
        say(forum, name, topic_id, f"I'm in ({name}), sounds good to me")
    message_id = formation(forum, topic_id).message_topic_id
    say(forum, "amara", topic_id, "I'm out, someone else will have to host, sorry!")
    assert recipients(sim, sim.topics[message_id]) == {"tomi", "kofi"}
    say(forum, "amara", topic_id, "Count me in again, I found the time.")
    assert recipients(sim, sim.topics[message_id]) == {"amara", "tomi", "kofi"}
    assert message_changes(sim, message_id) == [("remove-allowed-user.json", 200), ("invite.json", 200)]


def test_liking_the_suggestions_reply_joins_and_other_likes_do_not(forum, community):
    sim = community
    topic_id = propose(forum, title="Python circle joined by likes")
    [suggestions] = replies(forum, topic_id)
    first_post = sim.first_post(topic_id)
    sim.like("tomi", first_post.id)  # liking the proposal itself is just a like
    forum.settle()
    assert members(forum, topic_id) == []
    sim.like("tomi", suggestions.id)
    sim.like("kofi", suggestions.id)
    forum.settle()
    assert members(forum, topic_id) == ["tomi", "kofi"]
    sim.redeliver(sim.events("post_liked")[-1].id)
    forum.settle()
    assert members(forum, topic_id) == ["tomi", "kofi"]
    sim.like("osioke", suggestions.id)
    forum.settle()
    assert formation(forum, topic_id).members == ["tomi", "kofi", "osioke"]
    assert len(announcements(forum, topic_id)) == 1
    with forum.services.store.session() as session:
        assert {row.via for row in session.scalars(select(CircleMembership))} == {"like"}


# -- whether it started ------------------------------------------------------------------------------

def later(forum, days: float) -> dict[str, int]:
    from circleup.sync.matching.flow import tick

    counts = tick(forum.services, now=utcnow() + dt.timedelta(days=days))
    forum.settle()
    return counts


def formed_circle(forum, title: str) -> tuple[int, int]:
    topic_id = propose(forum, title=title)
    for name in ("tomi", "kofi", "osioke"):
        say(forum, name, topic_id, f"I'm in ({name}): {title.lower()} sounds good")
    return topic_id, formation(forum, topic_id).message_topic_id


def bot_posts(sim, topic_id: int) -> list:
    return [p for p in sim.posts_in(topic_id) if sim.users[p.user_id].username == "circleup"]


@pytest.mark.matching(start_check_days=14)
def test_after_start_check_days_the_group_is_asked_and_a_yes_with_a_count_is_recorded(forum, community):
    sim = community
    topic_id, message_id = formed_circle(forum, "Python circle that met")
    assert later(forum, 13)["start_checks"] == 0
    say(forum, "tomi", message_id, "Yes, we met already, lovely!")  # before the question: not an answer
    assert formation(forum, topic_id).start_answer is None
    assert later(forum, 15)["start_checks"] == 1
    assert "met yet" in bot_posts(sim, message_id)[-1].raw
    assert later(forum, 16)["start_checks"] == 0  # asked once
    say(forum, "kofi", message_id, "Yes! Four of us came on Tuesday, great start.")
    done = formation(forum, topic_id)
    assert (done.start_answer, done.attended, done.answered_by) == ("yes", 4, "kofi") and done.started_at
    # Recognised: the facilitator and each member, one grant each.
    assert sim.badges_of("osioke") == ["Circle facilitator"]
    assert sim.badges_of("tomi") == ["Circle member"] and sim.badges_of("kofi") == ["Circle member"]
    assert sim.badges_of("amara") == []  # the author never said she was in
    say(forum, "tomi", message_id, "No, I could not make it myself sadly.")
    assert formation(forum, topic_id).start_answer == "yes"  # started stays started
    sim.redeliver(sim.events("post_created")[-2].id)  # the "yes", again
    forum.settle()
    assert [r.path for r in sim.requests].count("/user_badges.json") == 3
    assert later(forum, 40)["start_checks"] == 0


def test_not_yet_is_asked_again_once_and_no_is_recorded(forum, community):
    sim = community
    topic_id, message_id = formed_circle(forum, "Python circle that is slow to start")
    later(forum, 15)
    say(forum, "osioke", message_id, "Not yet, we are still finding a date.")
    assert formation(forum, topic_id).start_answer == "not_yet"
    # Asked again start_check_days after the "not yet" (the answer came today: the test's clock
    # travels from now).
    assert later(forum, 10)["start_checks"] == 0
    assert later(forum, 15)["start_checks"] == 1
    assert "met now" in bot_posts(sim, message_id)[-1].raw
    say(forum, "amara", message_id, "Not yet, sorry, the holidays got in the way.")  # the author answers too
    assert formation(forum, topic_id).start_answer == "not_yet"
    assert later(forum, 60)["start_checks"] == 0  # asked again once, never a third time
    say(forum, "tomi", message_id, "No, it did not happen in the end, sorry.")
    assert formation(forum, topic_id).start_answer == "no" and formation(forum, topic_id).started_at is None
    assert not sim.user_badges  # a circle that never met recognises nobody


def test_someone_outside_the_circle_cannot_answer(forum, community):
    topic_id, message_id = formed_circle(forum, "Python circle with a nosy admin")
    later(forum, 15)
    say(forum, "sal", message_id, "Yes, they met, I saw them at the library!")
    assert formation(forum, topic_id).start_answer is None


@pytest.mark.parametrize(("raw", "answer"), [
    ("yes", ("yes", None)), ("Yes, 5 of us came", ("yes", 5)), ("yep, three people showed up", ("yes", 3)),
    ("no", ("no", None)), ("Not yet!", ("not_yet", None)), ("not yet, next week", ("not_yet", None)),
    ("Hmm, maybe?", (None, None)),
])
def test_start_answers_are_read(raw, answer):
    from circleup.sync.matching.starting import parse_start_answer

    assert parse_start_answer(raw) == answer


# -- where circles are active, the funnel --------------------------------------------------------------

@pytest.mark.matching(active_topic_id=1)
def test_the_active_topic_setup_created_lists_formed_and_started_circles_by_place(forum, community):
    from circleup.integration.forum_setup import CREATED, ForumSetup
    from circleup.sync.matching.active import forum_requirements

    sim = community
    [outcome] = [o for o in ForumSetup(forum.services.client).ensure(forum_requirements(forum.services.settings))
                 if o.kind == "topic"]
    assert outcome.status == CREATED and outcome.id == 1  # the id the configuration names
    assert sim.topics[1].title == "Where learning circles are active"
    sim.update_user("tomi", location="Lagos, Nigeria")

    lagos = propose(forum, title="Python circle meeting in Lagos")
    with forum.services.store.session() as session:  # the needs the matching read: a place
        session.get(MatchingCircle, lagos).place = "Lagos"
    for name in ("tomi", "kofi", "osioke"):
        say(forum, name, lagos, f"I'm in ({name}), sounds good to me")
    online = propose(forum, title="Python circle meeting online")
    for name in ("bola", "lena", "wiki"):
        say(forum, name, online, f"I'm in ({name}), sounds good to me")

    listing = sim.first_post(1).raw
    assert listing.index("### Lagos") < listing.index("### Online")
    assert f"[Python circle meeting in Lagos]({forum.services.settings.discourse_url}/t/{lagos}) — 3 members, formed" in listing
    assert "Python circle meeting online" in listing.split("### Online")[1]
    edits = [r for r in sim.requests if r.method == "PUT" and r.path == f"/posts/{sim.first_post(1).id}.json"]
    assert len(edits) == 2  # one per formation

    say(forum, "zed", lagos, "Count me in as well please!")
    assert "Python circle meeting in Lagos" in sim.first_post(1).raw and "4 members" in sim.first_post(1).raw
    later(forum, 15)
    say(forum, "kofi", formation(forum, lagos).message_topic_id, "Yes, we met on Monday!")
    assert "4 members, meeting" in sim.first_post(1).raw
    sim.redeliver(sim.events("post_created")[-1].id)
    forum.settle()
    edits = [r for r in sim.requests if r.method == "PUT" and r.path == f"/posts/{sim.first_post(1).id}.json"]
    assert len(edits) == 4  # nothing changed by the duplicate: no edit


def test_matching_report_prints_the_funnel_per_month(forum, community):
    from click.testing import CliRunner

    from circleup.cli import Context, cli

    started, message_id = formed_circle(forum, "Python circle that will start")
    formed_circle(forum, "Python circle that only formed")
    answered = propose(forum, title="Python circle with one taker")
    say(forum, "tomi", answered, "Count me in for the one with one taker")
    propose(forum, title="Python circle nobody answered")
    later(forum, 15)
    say(forum, "tomi", message_id, "Yes, we met yesterday, lovely start!")

    context = Context()
    context._settings, context._services = forum.services.settings, forum.services
    result = CliRunner().invoke(cli, ["matching", "report"], obj=context, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    month = utcnow().strftime("%Y-%m")
    row = next(line for line in result.output.splitlines() if line.startswith(month))
    assert row.split() == [month, "4", "3", "(75%)", "2", "(50%)", "1", "(25%)"]
    assert next(line for line in result.output.splitlines() if line.startswith("all")).split()[1] == "4"


def test_a_topic_tagged_in_my_town_gets_the_nearest_circles_and_people_nearby(forum, community):
    sim = community
    for name in ("tomi", "osioke", "bola", "lena"):
        sim.update_user(name, location="Lagos" if name != "lena" else "Berlin")
    forum.settle()
    lagos = propose(forum, title="Python circle meeting in Lagos")
    with forum.services.store.session() as session:
        session.get(MatchingCircle, lagos).place = "Lagos"
    for name in ("kofi", "wiki", "osioke"):
        say(forum, name, lagos, f"I'm in ({name}), see you at the library")

    request = sim.create_topic("tomi", "A Python circle in my town please",
                               "I live in Lagos and would love to learn Python with others nearby.", tags=("in-my-town",))
    forum.settle()
    answers = [p for p in replies(forum, request.topic_id)]
    assert len(answers) == 1 and answers[0].reply_to_post_number == 1
    answer = answers[0].raw
    assert "Python circle meeting in Lagos" in answer and "3 members" in answer
    people = answer.split("who share")[1]
    assert "@osioke" in people and "@bola" in people and "@lena" not in people  # lena shares Python, in Berlin
    assert "@tomi" not in people  # the author
    sim.edit_topic(request.topic_id, title="A Python circle in my town, please!")
    sim.redeliver(sim.events("topic_created")[-1].id)
    forum.settle()
    assert len(replies(forum, request.topic_id)) == 1  # answered once


def test_a_request_in_my_town_written_in_other_words_gets_the_member_nearby_who_wrote_the_skill_freely(forum, community):
    sim = community
    sim.add_user("ines", name="Ines", location="Lagos", user_fields={SHARE: "making sense of data", LEARN: ""})
    sim.add_user("otto", name="Otto", location="Berlin", user_fields={SHARE: "making sense of data", LEARN: ""})
    sim.update_user("tomi", location="Lagos")
    forum.settle()
    request = sim.create_topic("tomi", "Making sense of our survey answers",
                               "We collected answers from the neighbourhood and want to understand what they say.",
                               tags=("in-my-town",))
    forum.settle()
    [answer] = replies(forum, request.topic_id)
    assert "Data analysis" in answer.raw
    people = answer.raw.split("who share")[1]
    assert "@ines" in people and "@otto" not in people  # otto wrote it too, in Berlin
