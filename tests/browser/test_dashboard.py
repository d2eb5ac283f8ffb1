"""The dashboard in a real browser: sign in through the forum, decide, replay, look things up.

Each step saves a screenshot to tests/screenshots/ for a reviewer to look at.
"""
from __future__ import annotations

import re

from sqlalchemy import select

from circleup.integration.store import Event, EventStatus
from tests.webhooks.dashboard.conftest import add_skills, record_suggestions


def sign_in(live, page, username: str) -> None:
    live.site.sim.sso_login_as(username)
    page.goto(f"{live.url}/dashboard")
    page.get_by_role("link", name=re.compile("^Sign in with")).click()


def test_a_moderator_signs_in_approves_and_the_forum_follows(live, page):
    site = live.site
    site.apply("osioke")
    site.settle()
    site.sim.faults.server_error(times=50)  # amara's application fails until the forum is back
    site.apply("amara", "I would like to facilitate a reading circle in Accra; I already run one at my library.")
    site.settle()
    site.sim.faults.clear()
    add_skills(site, "osioke", share=["Python", "facilitation"], learn=["Yoruba"])
    page.goto(f"{live.url}/dashboard")
    assert page.url.startswith(f"{live.url}/dashboard/login")
    live.screenshot(page, "01-sign-in")
    sign_in(live, page, "ruth")
    page.wait_for_url(f"{live.url}/dashboard/")
    assert page.get_by_text("@ruth").is_visible()
    live.screenshot(page, "02-overview")

    page.get_by_role("link", name="Applications", exact=True).click()
    osioke = page.locator("#application-osioke")
    assert "Python" in osioke.inner_text() and "Yoruba" in osioke.inner_text()
    live.screenshot(page, "03-applications")
    osioke.get_by_role("button", name="Approve @osioke").click()
    page.wait_for_url(f"{live.url}/dashboard/applications")
    assert page.get_by_text("@osioke approved: citizen 1 of 100").is_visible()
    live.screenshot(page, "04-approved")

    assert not site.in_group("osioke")
    live.settle()  # the worker performs the decision's actions against the forum
    assert site.in_group("osioke")

    page.get_by_role("link", name="Citizens", exact=True).click()
    assert page.locator("progress").get_attribute("value") == "1"
    assert page.get_by_text("of 100 citizens").is_visible()
    live.screenshot(page, "05-citizens")

    page.get_by_role("link", name="Events", exact=True).click()
    with site.services.store.session() as session:
        failed = session.scalar(select(Event.id).where(Event.status == EventStatus.FAILED))
    assert failed is not None
    live.screenshot(page, "06-events")
    page.get_by_role("link", name=str(failed), exact=True).first.click()
    live.screenshot(page, "07-event")
    page.get_by_role("button", name="Replay this event").click()
    assert page.get_by_text(f"Event {failed} is queued again").is_visible()
    live.settle()
    with site.services.store.session() as session:
        assert session.get(Event, failed).status == EventStatus.PROCESSED
    assert site.application("amara") is not None

    topic = site.sim.create_topic("lena", "Learning circle: Python in Lagos", "Who wants to learn Python in Lagos with me?")
    record_suggestions(site, topic.topic_id)
    page.get_by_role("link", name="Matching", exact=True).click()
    page.get_by_label("Topic id").fill(str(topic.topic_id))
    page.get_by_role("button", name="Show suggestions").click()
    assert page.get_by_text("active this week").is_visible()
    assert page.get_by_text("0.87").is_visible()
    live.screenshot(page, "08-matching")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live.url}/dashboard/login")
    page.goto(f"{live.url}/dashboard/applications")
    assert page.url.startswith(f"{live.url}/dashboard/login")


def test_a_signed_out_visitor_sees_only_the_sign_in_page(live, page):
    live.site.apply("osioke")
    live.settle()
    for path in ("/dashboard/", "/dashboard/applications", "/dashboard/citizens", "/dashboard/events",
                 "/dashboard/events/1", "/dashboard/matching?topic_id=1"):
        page.goto(live.url + path)
        assert page.url.startswith(f"{live.url}/dashboard/login"), path
        assert "osioke" not in page.content(), path
    live.screenshot(page, "09-signed-out")


def test_a_member_who_is_not_staff_is_refused(live, page):
    live.site.apply("osioke")
    live.settle()
    sign_in(live, page, "lena")
    assert page.get_by_role("heading", name="This dashboard is for approvers").is_visible()
    assert "@lena" in page.content() and "osioke" not in page.content()
    live.screenshot(page, "10-refused")
    page.goto(f"{live.url}/dashboard/applications")
    assert page.url.startswith(f"{live.url}/dashboard/login")
