"""Learning clinics end to end: simulator → webhook → receiver → worker → outbox → simulator."""
from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from sqlalchemy import update

from circleup.integration.store import Member, utcnow
from circleup.sync.clinics.flow import tick
from tests.sync.clinics.conftest import (
    CALENDAR_ID, LEARN, SHARE, TAG, calendar_post, clinic_row, mentioned, replies, roster_of,
)

UTC = dt.timezone.utc
EVENT = ('Let us learn Wikidata queries together.\n\n'
         '[event start="2027-01-14 16:00" status="public" timezone="Africa/Lagos" end="2027-01-14 17:30"]\n[/event]')


def api_calls(sim, since: int) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in sim.requests[since:]]


def proposal_calls(sim, since: int) -> list[tuple[str, str]]:
    """The calls a proposal made, leaving out the calendar's refresh (its post read once, its edit)."""
    calendar = f"/posts/by_number/{CALENDAR_ID}/1.json"
    return [c for c in api_calls(sim, since) if c[0] != "PUT" and c[1] != calendar]


def propose(forum, raw=EVENT, title="Wikidata queries for beginners", author="amara", tags=(TAG,)):
    first = forum.sim.create_topic(author, title, raw, tags=tags)
    forum.settle()
    return first.topic_id


# -- proposing ------------------------------------------------------------------------------------------

def test_a_clinic_with_event_markup_gets_one_reply_with_time_skills_and_learners(forum, community):
    sim = community
    sim.suspend("zed")
    forum.settle()
    before = len(sim.requests)
    topic_id = propose(forum)

    [reply] = replies(forum, topic_id)
    assert reply.reply_to_post_number == 1
    assert '[date=2027-01-14 time=16:00 timezone="Africa/Lagos"]' in reply.raw
    assert '[date=2027-01-14 time=17:30 timezone="Africa/Lagos"]' in reply.raw
    assert "Wikidata" in reply.raw
    # Learners of Wikidata; never the host (amara), the suspended (zed) or the bot.
    assert sorted(mentioned(reply.raw)) == ["bola", "kofi", "tomi"]
    assert "[amara](/u/amara)" in reply.raw
    # At proposal: the reply, and the calendar's one edit (its first post read once, then known).
    calls = api_calls(sim, before)
    assert calls.count(("POST", "/posts.json")) == 1
    assert [c for c in calls if c[0] == "PUT"] == [("PUT", f"/posts/{calendar_post(forum).id}.json")]

    row = clinic_row(forum, topic_id)
    assert row.starts_at.astimezone(UTC) == dt.datetime(2027, 1, 14, 15, 0, tzinfo=UTC)
    assert row.timezone == "Africa/Lagos" and row.skills == ["Wikidata"] and row.reply_post_id == reply.id


def test_a_clinic_in_other_words_gets_the_learners_who_wrote_the_skill_in_their_own(forum, community):
    sim = community
    sim.add_user("ines", name="Ines", user_fields={SHARE: "", LEARN: "making sense of data"})
    sim.add_user("otto", name="Otto", user_fields={SHARE: "", LEARN: "Data analysis"})
    sim.add_user("pia", name="Pia", user_fields={SHARE: "making sense of data", LEARN: ""})  # shares it: not a learner
    forum.settle()
    topic_id = propose(forum, title="Making sense of our survey answers",
                       raw="What did people tell us? We go through the answers together.\n\n"
                           "When: 2027-01-14 16:00 Africa/Lagos")
    [reply] = replies(forum, topic_id)
    assert "Data analysis" in reply.raw
    assert sorted(mentioned(reply.raw)) == ["ines", "otto"]
    assert clinic_row(forum, topic_id).skills == ["Data analysis"]


@pytest.mark.clinics(max_suggestions=2)
def test_a_when_line_lasts_an_hour_and_mentions_are_capped_and_opted_out_members_never(forum, community):
    sim = community
    sim.add_to_group("no-matching", "tomi")
    forum.settle()
    topic_id = propose(forum, raw="A short clinic on Wikidata.\n\nWhen: 2027-01-14 16:00 Africa/Lagos")
    [reply] = replies(forum, topic_id)
    assert '[date=2027-01-14 time=17:00 timezone="Africa/Lagos"]' in reply.raw
    assert len(mentioned(reply.raw)) == 2 and "tomi" not in mentioned(reply.raw)


@pytest.mark.clinics(max_suggestions=2)
def test_learners_with_most_skills_in_common_come_first_then_the_most_recently_seen(forum, community):
    with forum.services.store.session() as session:
        session.execute(update(Member).where(Member.username_lower == "zed").values(last_seen_at=utcnow()))
    topic_id = propose(forum, title="Wikidata from Python",
                       raw="Querying Wikidata with Python.\n\nWhen: 2027-01-14 16:00 Africa/Lagos",
                       tags=(TAG, "python", "wikidata"))
    assert clinic_row(forum, topic_id).skills == ["Python", "Wikidata"]
    [reply] = replies(forum, topic_id)
    # kofi wants to learn both; of those who want Wikidata, zed was seen, bola and tomi never.
    assert mentioned(reply.raw) == ["kofi", "zed"]


def test_untagged_topics_and_circleups_own_get_nothing(forum, community):
    untagged = propose(forum, tags=())
    own = propose(forum, author="circleup", title="A clinic circleup itself opened")
    assert replies(forum, untagged) == [] and forum.authors(own) == ["circleup"]
    row = clinic_row(forum, untagged)
    assert row is None or (not row.active and row.raw is None)  # no copy kept of a topic that is not a clinic


def test_an_unreadable_time_gets_a_reply_saying_how_then_an_edit_announces_it_in_place(forum, community):
    sim = community
    topic_id = propose(forum, raw="A Wikidata clinic.\n\nWhen: next Thursday afternoon")
    [reply] = replies(forum, topic_id)
    assert "could not read when it happens" in reply.raw
    assert "When: 2027-01-14 16:00 Africa/Lagos" in reply.raw  # how to write it
    assert "Wikidata" not in calendar_post(forum).raw  # not on the calendar without a time

    sim.edit_post(sim.first_post(topic_id).id, "A Wikidata clinic.\n\nWhen: 2027-01-14 16:00 Europe/Paris")
    forum.settle()
    [reply] = replies(forum, topic_id)
    assert '[date=2027-01-14 time=16:00 timezone="Europe/Paris"]' in reply.raw
    assert "could not read" not in reply.raw
    assert "Wikidata queries for beginners" in calendar_post(forum).raw


def test_moving_the_time_re_announces_it_in_the_same_reply(forum, community):
    sim = community
    topic_id = propose(forum)
    sim.edit_post(sim.first_post(topic_id).id, EVENT.replace("2027-01-14 16:00", "2027-01-21 10:00")
                  .replace("2027-01-14 17:30", "2027-01-21 11:00"))
    forum.settle()
    [reply] = replies(forum, topic_id)
    assert "This clinic has moved" in reply.raw
    assert '[date=2027-01-14 time=16:00 timezone="Africa/Lagos"]' in reply.raw  # was
    assert '[date=2027-01-21 time=10:00 timezone="Africa/Lagos"]' in reply.raw  # now
    assert '[date=2027-01-21 time=10:00 timezone="Africa/Lagos"]' in calendar_post(forum).raw
    # The same people: a move does not @mention anyone new.
    assert sorted(mentioned(reply.raw)) == ["bola", "kofi", "tomi", "zed"]


def test_duplicate_and_retried_deliveries_and_replays_reply_once(forum, community):
    sim = community
    topic_id = propose(forum)
    for event in sim.events("topic_created")[-1:] + sim.events("post_created")[-1:]:
        sim.redeliver(event.id)
        sim.retry(event.id)
    forum.settle()
    assert len(replies(forum, topic_id)) == 1


def test_either_order_of_the_two_deliveries_and_a_missing_first_post_cost_at_most_two_calls(forum, community):
    sim = community
    # The first post's delivery before its topic's: decided when the topic comes, no read.
    first = sim.create_topic("amara", "Wikidata clinic, post first", EVENT, tags=[TAG])
    for event in reversed(sim.take_pending()):
        sim.send(event)
    before = len(sim.requests)
    forum.settle()
    calls = proposal_calls(sim, before)
    assert calls == [("POST", "/posts.json")] and len(replies(forum, first.topic_id)) == 1
    # A webhook that never delivers the first post: it is read once.
    second = sim.create_topic("amara", "Wikidata clinic, no post delivery", EVENT + "\n(second)", tags=[TAG])
    for event in sim.take_pending():
        if event.name != "post_created":
            sim.send(event)
    before = len(sim.requests)
    forum.settle()
    calls = proposal_calls(sim, before)
    assert calls == [("GET", f"/posts/by_number/{second.topic_id}/1.json"), ("POST", "/posts.json")]
    assert '[date=2027-01-14 time=16:00 timezone="Africa/Lagos"]' in replies(forum, second.topic_id)[0].raw


def test_untagging_takes_the_clinic_off_the_calendar_and_says_so_in_the_reply(forum, community):
    sim = community
    topic_id = propose(forum)
    assert "Wikidata queries for beginners" in calendar_post(forum).raw
    sim.edit_topic(topic_id, tags=[])
    forum.settle()
    [reply] = replies(forum, topic_id)
    assert "no longer tagged" in reply.raw
    assert "Wikidata queries for beginners" not in calendar_post(forum).raw


# -- the calendar -----------------------------------------------------------------------------------------

@pytest.mark.clinics(calendar_interval_s=60)
def test_many_clinics_in_one_interval_cost_one_calendar_edit(forum, community):
    sim = community
    before = len(sim.requests)
    for day in (20, 14, 17):
        sim.create_topic("amara", f"Wikidata clinic of January {day}",
                         f"Wikidata for everyone.\nWhen: 2027-01-{day} 16:00 Africa/Lagos", tags=[TAG])
    forum.settle()
    calendar_id = calendar_post(forum).id
    edits = [c for c in api_calls(sim, before) if c == ("PUT", f"/posts/{calendar_id}.json")]
    assert len(edits) == 1
    body = calendar_post(forum).raw
    positions = [body.index(f"Wikidata clinic of January {day}") for day in (14, 17, 20)]
    assert positions == sorted(positions)  # soonest first
    assert "https://circleup.example.org/clinics.ics" in body


def test_past_clinics_move_to_recently_held_and_the_host_is_asked_for_a_summary_once(forum, community):
    sim = community
    topic_id = propose(forum)
    after_end = dt.datetime(2027, 1, 14, 18, 0, tzinfo=UTC)  # 17:30 Lagos is 16:30 UTC; one hour later, and a bit
    assert tick(forum.services, after_end)["summaries"] == 1
    forum.settle()
    assert tick(forum.services, after_end + dt.timedelta(minutes=5))["summaries"] == 0
    forum.settle()
    asks = [p for p in replies(forum, topic_id) if "summary" in p.raw]
    assert len(asks) == 1 and mentioned(asks[0].raw) == ["amara"]
    with forum.services.store.session() as session:
        from circleup.sync.clinics.calendar import render_calendar

        body = render_calendar(session, forum.services.settings, forum.services.templates, now=after_end)
    assert body.index("Recently held") < body.index("Wikidata queries for beginners")


def test_the_ics_feed_is_valid_and_keeps_its_uid_when_a_clinic_moves(forum, community):
    sim = community
    topic_id = propose(forum)
    answer = forum.http.get("/clinics.ics")
    assert answer.status_code == 200 and answer.content_type.startswith("text/calendar")
    [event] = icalendar.Calendar.from_ical(answer.data).walk("VEVENT")
    uid = str(event["UID"])
    assert uid == f"clinic-{topic_id}@forum.example.org"
    assert event.decoded("DTSTART") == dt.datetime(2027, 1, 14, 15, 0, tzinfo=UTC)
    assert str(event["SUMMARY"]) == "Wikidata queries for beginners"

    sim.edit_post(sim.first_post(topic_id).id, EVENT.replace("2027-01-14 16:00", "2027-01-15 16:00")
                  .replace("2027-01-14 17:30", "2027-01-15 17:30"))
    forum.settle()
    [moved] = icalendar.Calendar.from_ical(forum.http.get("/clinics.ics").data).walk("VEVENT")
    assert str(moved["UID"]) == uid
    assert moved.decoded("DTSTART") == dt.datetime(2027, 1, 15, 15, 0, tzinfo=UTC)
    assert int(moved["SEQUENCE"]) > int(event["SEQUENCE"])

    sim.edit_topic(topic_id, tags=[])
    forum.settle()
    [cancelled] = icalendar.Calendar.from_ical(forum.http.get("/clinics.ics").data).walk("VEVENT")
    assert str(cancelled["STATUS"]) == "CANCELLED" and str(cancelled["UID"]) == uid


# -- the roster and the reminder -------------------------------------------------------------------------

def test_replies_saying_in_or_out_keep_the_roster_and_the_host_is_never_on_it(forum, community):
    sim = community
    topic_id = propose(forum)
    sim.reply("tomi", topic_id, "Count me in! I have wanted this for months.")
    sim.reply("kofi", topic_id, "Great idea — I'LL BE THERE with two colleagues.")
    sim.reply("bola", topic_id, "I'm in. See you all there!")
    sim.reply("amara", topic_id, "I'm in, obviously, I am hosting it.")
    sim.reply("lena", topic_id, "What a lovely idea, thanks for organising this.")
    forum.settle()
    assert roster_of(forum, topic_id) == ["bola", "kofi", "tomi"]
    sim.reply("bola", topic_id, "So sorry, I can't make it after all.")
    forum.settle()
    assert roster_of(forum, topic_id) == ["kofi", "tomi"]
    for event in sim.events("post_created")[-3:]:
        sim.retry(event.id)  # Discourse's retries of the replies change nothing
    forum.settle()
    assert roster_of(forum, topic_id) == ["kofi", "tomi"]


def test_the_reminder_goes_once_to_the_roster_and_again_only_when_the_clinic_moves(forum, community):
    sim = community
    topic_id = propose(forum)
    sim.reply("tomi", topic_id, "Count me in, thank you!")
    sim.reply("kofi", topic_id, "I'll be there, looking forward.")
    forum.settle()
    day_before = dt.datetime(2027, 1, 13, 16, 0, tzinfo=UTC)
    assert tick(forum.services, day_before - dt.timedelta(hours=2))["reminders"] == 0  # not yet
    assert tick(forum.services, day_before)["reminders"] == 1
    forum.settle()
    assert tick(forum.services, day_before + dt.timedelta(minutes=5))["reminders"] == 0  # a later tick
    forum.settle()
    messages = [t for t in sim.private_messages_to("tomi") if t.title.startswith("Reminder")]
    assert len(messages) == 1 and messages[0].id in {t.id for t in sim.private_messages_to("kofi")}
    assert '[date=2027-01-14 time=16:00 timezone="Africa/Lagos"]' in sim.first_post(messages[0].id).raw

    sim.edit_post(sim.first_post(topic_id).id, EVENT.replace("2027-01-14 16:00", "2027-01-14 19:00")
                  .replace("2027-01-14 17:30", "2027-01-14 20:00"))
    forum.settle()
    assert tick(forum.services, day_before + dt.timedelta(hours=3))["reminders"] == 1
    forum.settle()
    assert len([t for t in sim.private_messages_to("tomi") if t.title.startswith("Reminder")]) == 2


@pytest.mark.clinics(reminder="reply")
def test_the_reminder_can_be_a_reply_mentioning_the_roster(forum, community):
    sim = community
    topic_id = propose(forum)
    sim.reply("tomi", topic_id, "count me in, please and thanks")
    forum.settle()
    tick(forum.services, dt.datetime(2027, 1, 13, 16, 0, tzinfo=UTC))
    tick(forum.services, dt.datetime(2027, 1, 13, 16, 5, tzinfo=UTC))
    forum.settle()
    reminders = [p for p in replies(forum, topic_id) if "a reminder:" in p.raw]
    assert len(reminders) == 1 and mentioned(reminders[0].raw) == ["tomi"]


def test_an_empty_roster_gets_no_reminder(forum, community):
    sim = community
    propose(forum)
    assert tick(forum.services, dt.datetime(2027, 1, 13, 16, 0, tzinfo=UTC))["reminders"] == 0
    forum.settle()
    assert not [t for t in sim.private_messages_to("amara") if t.title.startswith("Reminder")]


def test_a_like_on_the_announcement_puts_the_member_on_the_roster_once(forum, community):
    sim = community
    topic_id = propose(forum)
    [announcement] = replies(forum, topic_id)
    sim.like("tomi", announcement.id)
    sim.like("kofi", sim.first_post(topic_id).id)  # a like on the host's post says nothing about coming
    forum.settle()
    assert roster_of(forum, topic_id) == ["tomi"]
    [liked] = sim.events("post_liked")[:1]
    sim.redeliver(liked.id)
    sim.retry(liked.id)
    sim.reply("tomi", topic_id, "Looking forward to it, I'll be there!")  # the same answer twice
    forum.settle()
    assert roster_of(forum, topic_id) == ["tomi"]
    sim.reply("tomi", topic_id, "Oh no, something came up: I can't make it.")
    forum.settle()
    assert roster_of(forum, topic_id) == []


# -- the commands ----------------------------------------------------------------------------------------

def _cli(forum, *args: str):
    from click.testing import CliRunner

    from circleup.cli import Context, cli

    context = Context()
    context._settings, context._services = forum.services.settings, forum.services
    return CliRunner().invoke(cli, list(args), obj=context, catch_exceptions=False)


def test_the_clinics_commands_list_show_and_print_the_calendar_and_the_feed(forum, community):
    sim = community
    topic_id = propose(forum)
    sim.reply("tomi", topic_id, "Count me in, thank you!")
    forum.settle()
    listed = _cli(forum, "clinics", "list")
    assert listed.exit_code == 0 and str(topic_id) in listed.output and "2027-01-14 16:00 Africa/Lagos" in listed.output
    shown = _cli(forum, "clinics", "show", str(topic_id))
    assert shown.exit_code == 0 and "in  @tomi" in shown.output and "Wikidata" in shown.output
    assert _cli(forum, "clinics", "show", "999999").exit_code == 1
    calendar = _cli(forum, "clinics", "calendar")
    assert calendar.exit_code == 0 and "Wikidata queries for beginners" in calendar.output
    feed = _cli(forum, "clinics", "ics")
    assert feed.exit_code == 0 and "BEGIN:VCALENDAR" in feed.output and f"clinic-{topic_id}@" in feed.output
