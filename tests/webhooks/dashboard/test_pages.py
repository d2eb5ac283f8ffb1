"""What the pages show: the queue pending first, skills, progress, events, matching."""
from __future__ import annotations

from sqlalchemy import select

from circleup.integration.store import Action, Event, EventStatus
from tests.webhooks.dashboard.conftest import add_skills, record_suggestions


def test_applications_pending_first_with_post_link_and_skills(ruth):
    ruth.apply("amara")
    ruth.settle()
    ruth.post("/dashboard/applications/amara/decline", reason="Not this round, thank you.", confirmed="yes")
    post = ruth.apply("osioke")
    ruth.settle()
    add_skills(ruth, "osioke", share=["Python", "facilitation"], learn=["Yoruba"])

    page = ruth.page("/dashboard/applications")

    # pending before decided, though amara applied first
    assert page.index('id="application-osioke"') < page.index('id="application-amara"')
    assert f"/{post.topic_id}/{post.post_number}\">Read the application" in page  # a link to the post itself
    osioke = page[page.index('id="application-osioke"'):page.index('id="application-amara"')]
    assert "Python" in osioke and "facilitation" in osioke and "Yoruba" in osioke
    assert "Approve @osioke" in osioke and "Decline" in osioke
    amara = page[page.index('id="application-amara"'):]
    assert "Not this round, thank you." in amara and "Approve @amara" not in amara

    pending_only = ruth.page("/dashboard/applications?status=pending")
    assert "@osioke" in pending_only and "@amara" not in pending_only


def test_progress_bar(ruth):
    for username in ("osioke", "amara"):
        ruth.apply(username)
    ruth.settle()
    ruth.post("/dashboard/applications/osioke/approve")
    ruth.settle()
    page = ruth.page("/dashboard/citizens")
    assert '<progress value="1" max="100"' in page
    assert "<strong>1</strong> of 100 citizens" in page
    assert "1 pending" in page
    assert "@osioke" in page and "@amara" not in page  # citizens only, not the queue


def test_overview(ruth):
    ruth.apply("osioke")
    ruth.settle()
    page = ruth.page("/dashboard/")
    assert "<strong>1</strong> application waiting" in page
    assert "citizens.apply" in page  # recent decisions


def test_events_list_and_detail(ruth):
    ruth.apply("osioke")
    ruth.settle()
    with ruth.services.store.session() as session:  # the application: the event that made circleup reply
        action = session.scalar(select(Action).where(Action.event_pk.is_not(None), Action.kind == "create_post"))
        event_pk, key = action.event_pk, action.key
    page = ruth.page("/dashboard/events")
    assert "No failed events." in page and f"/dashboard/events/{event_pk}" in page
    detail = ruth.page(f"/dashboard/events/{event_pk}")
    assert "post_created" in detail and key in detail and "osioke" in detail  # what it caused, its payload
    assert ruth.http.get("/dashboard/events/999999").status_code == 404


def test_replay_a_failed_event(ruth):
    ruth.sim.faults.server_error(times=50)  # outlasts worker.max_attempts: the event gives up
    ruth.apply("osioke")
    ruth.settle()
    with ruth.services.store.session() as session:
        failed = session.scalars(select(Event).where(Event.status == EventStatus.FAILED)).all()
        assert failed, "the fault should have failed the application's event"
        event_pk = max(e.id for e in failed)
    page = ruth.page("/dashboard/events")
    assert "TransientError" in page and f"/dashboard/events/{event_pk}/replay" in page
    ruth.sim.faults.clear()  # the forum is back

    response = ruth.post(f"/dashboard/events/{event_pk}/replay")
    assert response.status_code == 303
    ruth.settle()

    with ruth.services.store.session() as session:
        assert session.get(Event, event_pk).status == EventStatus.PROCESSED
    assert ruth.application("osioke") is not None
    assert f"Event {event_pk} is queued again" in ruth.page("/dashboard/events")


def test_replay_of_an_unknown_event(ruth):
    ruth.post("/dashboard/events/424242/replay")
    assert "There is no event 424242." in ruth.page("/dashboard/events")


def test_matching_audit_shows_scores_and_reasons(ruth):
    ruth.apply("osioke")
    ruth.apply("amara")
    ruth.settle()
    topic = ruth.sim.create_topic("lena", "Learning circle: Python in Lagos", "Who wants to learn Python in Lagos with me?")
    record_suggestions(ruth, topic.topic_id)

    listing = ruth.page("/dashboard/matching")
    assert f"/dashboard/matching?topic_id={topic.topic_id}" in listing
    assert "Learning circle: Python in Lagos" in listing

    page = ruth.page(f"/dashboard/matching?topic_id={topic.topic_id}")
    now = page[page.index("Suggested now"):page.index("Earlier reply, revision 1")]
    assert "@osioke" in now and "0.87" in now and "active this week" in now
    assert "@amara" in now and "0.42" in now and "wants to learn Python" in now
    assert now.index("@osioke") < now.index("@amara")  # facilitators first
    earlier = page[page.index("Earlier reply, revision 1"):]
    assert "0.91" in earlier


def test_matching_for_an_unknown_or_malformed_topic(ruth):
    assert "no learning circle with this topic id" in ruth.page("/dashboard/matching?topic_id=987654")
    assert "is not a topic id" in ruth.page("/dashboard/matching?topic_id=abc")


def test_replay_of_an_event_still_waiting_is_refused(ruth):
    ruth.apply("osioke")
    ruth.sim.deliver_pending()  # stored, not processed yet
    with ruth.services.store.session() as session:
        event_pk = session.scalar(select(Event.id).where(Event.status == EventStatus.RECEIVED))
    ruth.post(f"/dashboard/events/{event_pk}/replay")
    assert f"Event {event_pk} is received, not finished" in ruth.page("/dashboard/events")


def test_numbers_too_large_for_the_database_name_nothing(ruth):
    huge = "9" * 25
    assert ruth.http.get(f"/dashboard/events/{huge}").status_code == 404
    assert ruth.http.get(f"/dashboard/events/{2**31}").status_code == 404
    ruth.post(f"/dashboard/events/{huge}/replay")
    assert f"There is no event {huge}." in ruth.page("/dashboard/events")
    assert "is not a topic id" in ruth.page(f"/dashboard/matching?topic_id={huge}")
    assert "is not a topic id" in ruth.page("/dashboard/matching?topic_id=²")
