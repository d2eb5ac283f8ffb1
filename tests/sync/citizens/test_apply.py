"""Applying: a reply in an application topic, end to end through receiver, worker and simulator."""
from __future__ import annotations

import pytest

from circleup.simulator import WHISPER
from circleup.sync.citizens.models import ApplicationStatus
from tests.sync.citizens.conftest import APPLICATION

pytestmark = pytest.mark.usefixtures("backend")


def test_a_reply_becomes_an_application_with_one_threaded_thanks(forum):
    post = forum.apply("osioke")
    forum.settle()

    (thanks,) = forum.replies_to(post)
    assert thanks.raw.startswith("Thanks for your Citizenship application, @osioke! :star_struck:")
    application = forum.application("osioke")
    assert application.status == ApplicationStatus.PENDING
    assert (application.topic_id, application.post_id, application.post_number) == (post.topic_id, post.id, post.post_number)
    assert application.post_url.startswith("https://forum.example.org/t/")
    (entry,) = forum.audit("citizens.apply")
    assert (entry.actor, entry.subject, entry.outcome) == ("osioke", "osioke", "ok")
    assert entry.source == application.post_url


def test_approvers_are_told_with_a_link_to_the_post(forum):
    forum.apply("osioke")
    forum.settle()
    # No approvers group configured: staff approve, and each of them is told by name.
    for staff in ("sal", "ruth"):
        (notice,) = forum.messages_to(staff)
        assert "osioke" in notice.raw and forum.application("osioke").post_url in notice.raw
        assert "/approve @osioke" in notice.raw
    assert forum.messages_to("bart") == []


@pytest.mark.citizens(approvers_group="approvers")
def test_an_approvers_group_is_told_instead_of_staff(forum):
    forum.apply("osioke")
    forum.settle()
    assert len(forum.messages_to("bart")) == 1
    assert forum.messages_to("ruth") == []


def test_the_bots_own_reply_coming_back_does_nothing(forum):
    forum.apply("osioke")
    forum.settle()
    names = [e.name for e in forum.sim.events()]
    assert names.count("post_created") >= 2, "circleup's thank-you came back as a post_created webhook"
    assert len(forum.bot_posts(forum.topic_id)) == 1
    assert [a.subject for a in forum.audit("citizens.apply")] == ["osioke"]


def test_duplicate_redelivered_and_retried_deliveries_thank_once(forum):
    forum.apply("osioke")
    (delivery,) = [e for e in forum.sim.take_pending() if e.name == "post_created"]
    forum.sim.send(delivery)
    forum.sim.redeliver(delivery.id)  # the Redeliver button: same Event-Id
    forum.sim.retry(delivery.id)  # Discourse's retry: same body, new Event-Id
    forum.settle()
    assert len(forum.bot_posts(forum.topic_id)) == 1
    assert len(forum.audit("citizens.apply")) == 1


def test_a_second_post_by_a_pending_applicant_is_not_a_second_application(forum):
    first = forum.apply("osioke")
    forum.settle()
    forum.apply("osioke", "Sure! Contact away, happy to talk about how our groups learn together.")
    forum.settle()
    assert len(forum.bot_posts(forum.topic_id)) == 1
    assert forum.application("osioke").post_id == first.id


def test_posts_that_are_not_applications(forum):
    sim, topic = forum.sim, forum.topic_id
    sim.reply("ruth", topic, "Staff chatting in the thread is not applying to anything at all.")
    sim.reply("sal", topic, "We will run interview rounds, may we contact you about your groups?", post_type=WHISPER)
    sim.add_small_action("sal", topic, "pinned.enabled")
    other = sim.create_topic("amara", "Something else entirely here", "A topic that is not an application topic.")
    sim.reply("lena", other.topic_id, "A reply elsewhere is not an application either, of course.")
    sim.send_private_message("amara", "Hello there friend", "A private message between members.", ["lena"])
    forum.settle()
    assert forum.bot_posts() == []
    assert forum.audit("citizens.apply") == []


@pytest.mark.citizens(approvers_group="approvers")
def test_approvers_from_the_group_are_not_applicants(forum):
    forum.sim.reply("bart", forum.topic_id, "Welcome everyone, tell us about the groups you run!")
    forum.settle()
    assert forum.bot_posts(forum.topic_id) == []
    assert forum.application("bart") is None


def test_an_application_by_a_citizen_is_ignored(forum):
    forum.sim.add_to_group("citizens", "amara")  # made a citizen by hand
    forum.settle()
    forum.apply("amara")
    forum.settle()
    assert forum.replies_to(forum.sim.posts_by("amara")[-1]) == []


def test_application_costs_at_most_three_api_calls(forum):
    before = forum.api_calls()
    forum.apply("osioke")
    forum.settle()
    calls = [(r.method, r.path) for r in forum.sim.requests[before:]]
    # thank-you reply, staff list for the notice, notice to staff
    assert len(calls) <= 3, calls


@pytest.mark.citizens(approvers_group="approvers")
def test_application_with_an_approvers_group_costs_at_most_three_api_calls(forum):
    before = forum.api_calls()
    forum.apply("osioke")
    forum.settle()
    calls = [(r.method, r.path) for r in forum.sim.requests[before:]]
    # the approver check reads the applicant's groups; reply; notice to the group
    assert len(calls) <= 3, calls


def test_application_text_with_markdown_is_never_echoed_unescaped(forum):
    forum.apply("osioke", APPLICATION + "\n\n@everyone [click](javascript:alert(1)) **bold** #tag")
    forum.settle()
    (thanks,) = forum.bot_posts(forum.topic_id)
    assert "javascript" not in thanks.raw and "@everyone" not in thanks.raw
