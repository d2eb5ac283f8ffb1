"""Approve, decline and revoke from the dashboard: the same decisions as `/approve` in the thread."""
from __future__ import annotations

from circleup.sync.citizens.models import ApplicationStatus
from tests.webhooks.dashboard.conftest import make_site


def _decision_record(site, username: str):
    """What a decision about `username` left behind: its audit entry and the Discourse writes it queued."""
    (entry,) = [e for e in site.audit("citizens.approve") if e.subject == username]
    batch = entry.detail["batch"]
    actions = [(a.key, a.kind, a.payload, a.status) for a in site.actions() if a.batch == batch]
    return entry, actions


def test_approving_here_is_the_same_as_approving_in_the_thread(tmp_path):
    """Two identical forums; osioke is approved by /approve in one and from the dashboard in the other."""
    by_thread = make_site(tmp_path / "thread", f"sqlite:///{tmp_path / 'thread.db'}", f"sqlite:///{tmp_path / 'tq.db'}")
    by_dashboard = make_site(tmp_path / "dash", f"sqlite:///{tmp_path / 'dash.db'}", f"sqlite:///{tmp_path / 'dq.db'}")
    for site in (by_thread, by_dashboard):
        site.apply("osioke")
        site.settle()

    command = by_thread.sim.reply("ruth", by_thread.topic_id, "Welcome aboard!\n/approve @osioke")
    by_thread.settle()
    assert by_dashboard.sign_in("ruth").status_code == 303
    response = by_dashboard.post("/dashboard/applications/osioke/approve")
    assert response.status_code == 303
    by_dashboard.settle()

    thread_entry, thread_actions = _decision_record(by_thread, "osioke")
    dashboard_entry, dashboard_actions = _decision_record(by_dashboard, "osioke")
    assert dashboard_actions == thread_actions  # same keys, same messages, all performed
    assert [status for *_, status in dashboard_actions] == ["done", "done", "done"]
    assert [kind for _, kind, _, _ in dashboard_actions] == ["add_to_group", "private_message", "create_post"]
    same = ("action", "actor", "subject", "outcome", "detail")
    assert {k: getattr(dashboard_entry, k) for k in same} == {k: getattr(thread_entry, k) for k in same}
    assert thread_entry.source.endswith(f"/{command.topic_id}/{command.post_number}")
    assert dashboard_entry.source == "dashboard"
    for site in (by_thread, by_dashboard):
        assert site.in_group("osioke")
        application = site.application("osioke")
        assert (application.status, application.decided_by) == (ApplicationStatus.APPROVED, "ruth")
        site.services.close()


def test_approve_from_the_dashboard(ruth):
    ruth.apply("osioke")
    ruth.settle()

    response = ruth.post("/dashboard/applications/osioke/approve")

    assert response.status_code == 303 and response.headers["Location"] == "/dashboard/applications"
    assert not ruth.in_group("osioke")  # the worker has not run yet: the page answers at once
    ruth.settle()
    assert ruth.in_group("osioke")
    page = ruth.page("/dashboard/applications")
    assert "@osioke approved: citizen 1 of 100" in page
    assert "1</strong> of 100 citizens" in ruth.page("/dashboard/citizens")


def test_decline_tells_the_reason(ruth):
    ruth.apply("amara")
    ruth.settle()

    ruth.post("/dashboard/applications/amara/decline", reason="We are starting with people who already run groups.",
              confirmed="yes")
    ruth.settle()

    application = ruth.application("amara")
    assert (application.status, application.reason) == (ApplicationStatus.DECLINED,
                                                        "We are starting with people who already run groups.")
    (entry,) = ruth.audit("citizens.decline")
    assert (entry.actor, entry.source, entry.outcome) == ("ruth", "dashboard", "ok")
    notices = [t for t in ruth.sim.private_messages_to("amara")]
    assert any("already run groups" in ruth.sim.first_post(t.id).raw for t in notices)
    assert not ruth.in_group("amara")


def test_decline_without_a_reason_is_refused_and_says_why(ruth):
    ruth.apply("amara")
    ruth.settle()
    response = ruth.post("/dashboard/applications/amara/decline", reason="   ")
    assert response.status_code == 303
    assert "a decline needs a reason" in ruth.page("/dashboard/applications")
    assert ruth.application("amara").status == ApplicationStatus.PENDING


def test_revoke(ruth):
    ruth.apply("osioke")
    ruth.settle()
    ruth.post("/dashboard/applications/osioke/approve")
    ruth.settle()
    assert ruth.in_group("osioke")

    response = ruth.post("/dashboard/citizens/osioke/revoke", reason="left the community", confirmed="yes")
    assert response.headers["Location"] == "/dashboard/citizens"
    ruth.settle()

    assert not ruth.in_group("osioke")
    application = ruth.application("osioke")
    assert (application.status, application.reason) == (ApplicationStatus.REVOKED, "left the community")
    (entry,) = ruth.audit("citizens.revoke")
    assert (entry.actor, entry.source, entry.detail["removed_from_group"]) == ("ruth", "dashboard", True)
    assert "@osioke is no longer a citizen" in ruth.page("/dashboard/citizens")


def test_an_approver_removed_from_the_group_since_signing_in_cannot_decide(site):
    site.apply("osioke")
    site.settle()
    site.sign_in("bart")
    site.sim.remove_from_group("approvers", "bart")

    response = site.post("/dashboard/applications/osioke/approve")

    assert response.status_code == 403
    assert site.application("osioke").status == ApplicationStatus.PENDING
    (entry,) = site.audit("citizens.approve")
    assert (entry.actor, entry.outcome, entry.detail["status"]) == ("bart", "refused", "not_approver")


def test_an_approver_group_member_decides(site):
    site.apply("osioke")
    site.settle()
    site.sign_in("bart")
    site.post("/dashboard/applications/osioke/approve")
    site.settle()
    assert site.in_group("osioke")
    assert site.application("osioke").decided_by == "bart"


def test_when_the_forum_does_not_answer_nothing_changes(site):
    site.apply("osioke")
    site.settle()
    site.sign_in("bart")  # an approver by group: deciding asks the forum whether he still is one
    site.sim.faults.server_error(times=20)

    response = site.post("/dashboard/applications/osioke/approve")

    assert response.status_code == 303
    assert "The forum did not answer, so nothing was changed" in site.page("/dashboard/applications")
    assert site.application("osioke").status == ApplicationStatus.PENDING
    assert site.audit("citizens.approve") == []


def test_when_the_forum_refuses_circleups_key_nothing_changes_and_pages_still_show(site, monkeypatch):
    from circleup.integration.errors import PermanentError

    site.apply("osioke")
    site.settle()
    site.sign_in("bart")  # an approver by group: the forum is asked whether he still is one

    def refused(*_args, **_kwargs):
        raise PermanentError("GET /u/bart.json: You are not permitted to view the requested resource", 403)

    monkeypatch.setattr(site.services.client, "get_user", refused)
    response = site.post("/dashboard/applications/osioke/approve")
    assert response.status_code == 303
    page = site.page("/dashboard/applications")
    assert "The forum refused circleup" in page and "circleup doctor" in page
    assert site.application("osioke").status == ApplicationStatus.PENDING

    state = site.app.extensions["circleup.dashboard"]
    now = state.clock()
    state.clock = lambda: now + 301  # the pages' own check of his rights cannot reach the forum either
    assert site.http.get("/dashboard/applications").status_code == 200
