"""Dashboard sessions live on the server: signing out ends every copy, and access ends when the
role that granted it ends — a delivery from the forum, the next sign-in, or the periodic re-check.

Every test signs in through the real round trip (DiscourseConnect against the simulated forum);
a second browser is a second test client holding a copy of the first one's cookie, as a stolen
or forgotten cookie would be.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from circleup.sync.citizens.models import ApplicationStatus
from tests.webhooks.dashboard.conftest import sessions_of

COOKIE = "circleup_session"


def copy_of_cookie(site, client=None):
    """A second browser holding the same session cookie."""
    cookie = (client or site.http).get_cookie(COOKIE, path="/dashboard")
    assert cookie is not None
    other = site.app.test_client()
    other.set_cookie(COOKIE, cookie.value, path="/dashboard")
    return other


def signed_out(client, path: str = "/dashboard/applications") -> str:
    """Asserts this browser is sent to sign in; returns what the sign-in page then says."""
    response = client.get(path)
    assert response.status_code == 303, (path, response.status_code)
    assert urlsplit(response.headers["Location"]).path == "/dashboard/login"
    return client.get("/dashboard/login").get_data(as_text=True)


def test_signing_out_ends_every_copy_of_the_session(ruth):
    other = copy_of_cookie(ruth)
    assert other.get("/dashboard/applications").status_code == 200  # a copy works like the original
    ruth.post("/dashboard/logout")
    assert "signed out of the dashboard: signed out" in signed_out(other)
    assert signed_out(ruth.http)
    (row,) = sessions_of(ruth, "ruth")
    assert row.ended_reason == "signed out" and row.ended_at is not None


def test_signing_out_ends_only_that_session(site):
    laptop, phone = site.app.test_client(), site.app.test_client()
    site.sign_in("ruth", laptop)
    site.sign_in("ruth", phone)
    with laptop.session_transaction("/dashboard/") as session:
        csrf = session["csrf"]
    laptop.post("/dashboard/logout", data={"csrf_token": csrf})
    assert signed_out(laptop)
    assert phone.get("/dashboard/applications").status_code == 200


def test_removal_from_the_approvers_group_ends_the_session_at_once(site):
    assert site.sign_in("bart").status_code == 303
    other = copy_of_cookie(site)
    assert site.http.get("/dashboard/applications").status_code == 200
    site.sim.remove_from_group("approvers", "bart")
    site.settle()  # the forum's user_removed_from_group delivery, handled by the worker
    # No clock moved: the very next request is refused, in both browsers.
    assert "removed from the approvers group" in signed_out(site.http)
    assert signed_out(other)
    (entry,) = site.audit("dashboard.sign_out")
    assert entry.subject == "bart" and entry.detail["reason"] == "removed from the approvers group"
    # and signing in again is refused too
    assert site.sign_in("bart").status_code == 403


def test_staff_keep_the_dashboard_when_they_leave_the_approvers_group(site):
    site.sim.add_to_group("approvers", "ruth")
    site.settle()
    assert site.sign_in("ruth").status_code == 303  # admitted as a moderator
    site.sim.remove_from_group("approvers", "ruth")
    site.settle()
    assert site.http.get("/dashboard/applications").status_code == 200


def test_removal_from_another_group_changes_nothing(site):
    site.sim.add_group("readers", members=["bart"])
    site.settle()
    assert site.sign_in("bart").status_code == 303
    site.sim.remove_from_group("readers", "bart")
    site.settle()
    assert site.http.get("/dashboard/applications").status_code == 200


def test_a_demotion_delivered_as_user_updated_ends_staff_sessions(ruth):
    ruth.sim.user("ruth").moderator = False
    ruth.sim.update_user("ruth", name="Ruth M.")  # Discourse sends the user, flags and all
    ruth.settle()
    assert "no longer forum staff" in signed_out(ruth.http)


def test_a_suspension_ends_every_session(site):
    laptop, phone = site.app.test_client(), site.app.test_client()
    site.sign_in("ruth", laptop)
    site.sign_in("ruth", phone)
    site.sim.suspend("ruth")
    site.settle()
    assert "suspended in the forum" in signed_out(laptop)
    assert signed_out(phone)


def test_a_demotion_seen_at_the_next_sign_in_ends_the_other_sessions(site):
    laptop = site.app.test_client()
    assert site.sign_in("ruth", laptop).status_code == 303
    site.sim.user("ruth").moderator = False  # no delivery: the forum only says so when asked
    phone = site.app.test_client()
    assert site.sign_in("ruth", phone).status_code == 403
    assert "no longer lists them as staff" in signed_out(laptop)


def test_the_periodic_re_check_ends_every_session_of_a_demoted_approver(site):
    assert site.sign_in("bart").status_code == 303
    phone = site.app.test_client()
    site.sign_in("bart", phone)
    site.sim.remove_from_group("approvers", "bart")
    site.sim.take_pending()  # the delivery is lost: only the re-check can notice
    state = site.app.extensions["circleup.dashboard"]
    assert site.http.get("/dashboard/applications").status_code == 200  # the forum's word holds a few minutes
    now = state.clock()
    state.clock = lambda: now + 301
    response = site.http.get("/dashboard/applications")
    assert response.status_code == 403 and "signed out (on every device)" in response.get_data(as_text=True)
    assert signed_out(phone)


def test_the_re_check_also_guards_actions_other_than_decisions(site):
    """Replaying an event asks the forum nothing by itself: the periodic check covers it too."""
    assert site.sign_in("bart").status_code == 303
    with site.http.session_transaction("/dashboard/") as session:
        csrf = session["csrf"]
    site.sim.remove_from_group("approvers", "bart")
    site.sim.take_pending()
    state = site.app.extensions["circleup.dashboard"]
    now = state.clock()
    state.clock = lambda: now + 301
    response = site.http.post("/dashboard/events/1/replay", data={"csrf_token": csrf})
    assert response.status_code == 403


def test_a_refused_decision_signs_the_former_approver_out(site):
    site.apply("osioke")
    site.settle()
    assert site.sign_in("bart").status_code == 303
    site.sim.remove_from_group("approvers", "bart")
    site.sim.take_pending()
    response = site.post("/dashboard/applications/osioke/approve")
    assert response.status_code == 403 and "you are signed out" in response.get_data(as_text=True)
    assert site.application("osioke").status == ApplicationStatus.PENDING
    assert signed_out(site.http)


def test_a_session_ended_from_the_command_line_ends_in_the_browser(ruth):
    from circleup.integration.store.dashboard import end_sessions

    (row,) = sessions_of(ruth, "ruth")
    with ruth.services.store.session() as db:
        assert end_sessions(db, "ended by an administrator", ids=[row.id]) == 1
    assert "ended by an administrator" in signed_out(ruth.http)


def test_expired_sessions_say_why(ruth):
    state = ruth.app.extensions["circleup.dashboard"]
    now = state.clock()
    state.clock = lambda: now + state.session_hours * 3600 + 1
    assert "it lasts 12 hours (dashboard.session_hours)" in signed_out(ruth.http)


# -- decisions that take something from someone ask first ------------------------------------

def test_revoking_asks_first_and_names_who_is_affected(ruth):
    ruth.apply("osioke")
    ruth.settle()
    ruth.post("/dashboard/applications/osioke/approve")
    ruth.settle()
    response = ruth.post("/dashboard/citizens/osioke/revoke", reason="left the community")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Revoke @osioke (Osioke)?" in page and "removed from the citizens group" in page
    assert "left the community" in page and "Nothing has changed yet" in page
    assert ruth.application("osioke").status == ApplicationStatus.APPROVED
    assert ruth.in_group("osioke")

    response = ruth.post("/dashboard/citizens/osioke/revoke", reason="left the community", confirmed="yes")
    assert response.status_code == 303
    assert ruth.application("osioke").status == ApplicationStatus.REVOKED


def test_declining_asks_first_and_says_the_applicant_is_told(ruth):
    ruth.apply("amara")
    ruth.settle()
    response = ruth.post("/dashboard/applications/amara/decline", reason="Not this round.")
    page = response.get_data(as_text=True)
    assert "Decline @amara (Amara)?" in page and "told this reason in a private message" in page
    assert ruth.application("amara").status == ApplicationStatus.PENDING
    ruth.post("/dashboard/applications/amara/decline", reason="Not this round.", confirmed="yes")
    assert ruth.application("amara").status == ApplicationStatus.DECLINED


@pytest.mark.parametrize("path", ["/dashboard/citizens/osioke/revoke", "/dashboard/applications/amara/decline"])
def test_the_confirmation_still_needs_the_csrf_token(ruth, path):
    response = ruth.http.post(path, data={"reason": "x", "confirmed": "yes"})
    assert response.status_code == 400
