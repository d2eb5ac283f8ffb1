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


def second_browser(browser, page):
    """Another browser holding a copy of `page`'s cookies (a forgotten tab on another computer)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    context.add_cookies(page.context.cookies())
    return context


def test_signing_out_ends_the_session_in_every_browser(live, page, browser):
    sign_in(live, page, "ruth")
    page.wait_for_url(f"{live.url}/dashboard/")
    other_context = second_browser(browser, page)
    other = other_context.new_page()
    other.goto(f"{live.url}/dashboard/applications")
    assert other.url == f"{live.url}/dashboard/applications"  # the copy works, until…

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live.url}/dashboard/login")
    other.get_by_role("link", name="Citizens", exact=True).click()
    other.wait_for_url(re.compile(re.escape(f"{live.url}/dashboard/login")))
    assert other.get_by_text("You were signed out of the dashboard: signed out.").is_visible()
    live.screenshot(other, "11-signed-out-elsewhere")
    other_context.close()


def test_an_approver_removed_from_the_group_is_signed_out_at_the_next_click(live, page):
    live.site.apply("osioke")
    live.settle()
    sign_in(live, page, "bart")
    page.wait_for_url(f"{live.url}/dashboard/")
    page.get_by_role("link", name="Applications", exact=True).click()
    page.locator("#application-osioke").wait_for()

    live.site.sim.remove_from_group("approvers", "bart")  # a moderator does it in the forum
    live.settle()  # its delivery reaches circleup and the worker handles it
    page.get_by_role("link", name="Citizens", exact=True).click()
    page.wait_for_url(re.compile(re.escape(f"{live.url}/dashboard/login")))
    assert page.get_by_text("You were signed out of the dashboard: removed from the approvers group.").is_visible()
    assert "osioke" not in page.content()
    live.screenshot(page, "12-removed-from-approvers")
    page.get_by_role("link", name=re.compile("^Sign in with")).click()
    page.get_by_role("heading", name="This dashboard is for approvers").wait_for()


def test_revoking_asks_first_and_names_the_member(live, page):
    site = live.site
    site.apply("osioke")
    site.settle()
    sign_in(live, page, "ruth")
    page.wait_for_url(f"{live.url}/dashboard/")
    page.get_by_role("link", name="Applications", exact=True).click()
    page.get_by_role("button", name="Approve @osioke").click()
    page.get_by_text("@osioke approved").wait_for()
    live.settle()
    assert site.in_group("osioke")

    page.get_by_role("link", name="Citizens", exact=True).click()
    page.get_by_label("Reason for revoking @osioke").fill("moved on to another community")
    page.get_by_role("button", name="Revoke").click()
    page.get_by_role("heading", name="Revoke @osioke (Osioke)?").wait_for()
    assert page.get_by_text("removed from the citizens group").is_visible()
    assert page.get_by_text("moved on to another community").is_visible()
    live.screenshot(page, "13-revoke-confirm")
    page.get_by_role("link", name="Cancel").click()
    page.wait_for_url(f"{live.url}/dashboard/citizens")
    live.settle()
    assert site.in_group("osioke")  # cancelled: nothing changed

    page.get_by_role("button", name="Revoke").click()
    page.get_by_role("button", name="Yes, revoke @osioke").click()
    page.get_by_text("@osioke is no longer a citizen").wait_for()
    live.settle()
    assert not site.in_group("osioke")
