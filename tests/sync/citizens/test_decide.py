"""Deciding: `/approve` and `/decline` lines in the thread or in a PM, end to end."""
from __future__ import annotations

import re
import threading

import pytest

from circleup.integration.store import ActionStatus
from circleup.sync.citizens.models import ApplicationStatus
from circleup.sync.citizens import Desk, approve, decline, progress, revoke

pytestmark = pytest.mark.usefixtures("backend")


def approved(forum, username: str) -> bool:
    application = forum.application(username)
    return application is not None and application.status == ApplicationStatus.APPROVED


def test_approve_grants_the_group_welcomes_and_announces_progress(forum):
    application_post = forum.apply("osioke")
    forum.settle()
    command = forum.command("ruth", "/approve @osioke welcome aboard!")
    forum.settle()

    assert forum.in_group("osioke")
    (welcome,) = forum.messages_to("osioke")
    assert "number 1 on our way to 100" in welcome.raw
    category_id = forum.services.settings.citizens.category_id
    assert f"https://forum.example.org/c/{category_id}" in welcome.raw
    replies = forum.replies_to(application_post)
    assert [r.raw.splitlines()[0] for r in replies][-1] == "@osioke is now a Source Citizen: citizen 1 of 100. Welcome! :tada:"
    assert forum.replies_to(command) == []  # nothing went wrong: no note to the approver
    application = forum.application("osioke")
    assert (application.status, application.decided_by) == (ApplicationStatus.APPROVED, "ruth")
    (entry,) = forum.audit("citizens.approve")
    assert (entry.actor, entry.subject, entry.outcome) == ("ruth", "osioke", "ok")
    assert entry.source.endswith(f"/{command.topic_id}/{command.post_number}")


def test_several_lines_case_insensitive_and_decline_with_reason(forum):
    forum.apply("osioke")
    amara_post = forum.apply("amara")
    forum.settle()
    forum.command("sal", "Thanks both!\n/APPROVE @osioke\n/Decline @amara We are looking for people already running groups.")
    forum.settle()

    assert forum.in_group("osioke") and not forum.in_group("amara")
    (notice,) = forum.messages_to("amara")
    assert "We are looking for people already running groups" in notice.raw
    application = forum.application("amara")
    assert (application.status, application.decided_by) == (ApplicationStatus.DECLINED, "sal")
    assert application.reason == "We are looking for people already running groups."
    assert forum.replies_to(amara_post)[1:] == []  # only the thank-you: the notice went privately
    (entry,) = forum.audit("citizens.decline")
    assert entry.detail["reason"] == application.reason


@pytest.mark.citizens(decline_notice="reply")
def test_decline_notice_as_a_threaded_reply(forum):
    post = forum.apply("amara")
    forum.settle()
    forum.command("ruth", "/decline @amara we are only starting with people who run groups today")
    forum.settle()
    thanks, notice = forum.replies_to(post)
    assert "we are only starting with people who run groups today" in notice.raw
    assert forum.messages_to("amara") == []


def test_commands_by_a_non_approver_grant_nothing_and_are_audited(forum):
    forum.apply("osioke")
    forum.settle()
    forum.command("lena", "/approve @osioke\n/approve @lena")
    forum.settle()
    assert not forum.in_group("osioke") and not forum.in_group("lena")
    assert forum.application("osioke").status == ApplicationStatus.PENDING
    assert forum.application("lena") is None  # a post made only of commands is not an application
    refused = forum.audit("citizens.approve")
    assert [(e.actor, e.subject, e.outcome) for e in refused] == [("lena", "osioke", "refused"), ("lena", "lena", "refused")]


@pytest.mark.citizens(approvers_group="approvers")
def test_members_of_the_approvers_group_decide(forum):
    forum.apply("osioke")
    forum.settle()
    forum.command("bart", "/approve @osioke welcome aboard!")
    forum.settle()
    assert forum.in_group("osioke")
    assert forum.application("osioke").decided_by == "bart"


@pytest.mark.citizens(approvers_group="approvers")
def test_an_approver_cannot_approve_themselves(forum):
    forum.command("bart", "/approve @bart since I run three groups")
    forum.settle()
    assert not forum.in_group("bart")
    assert forum.audit("citizens.approve")[-1].detail["status"] == "self_approval"
    assert "cannot approve themselves" in forum.bot_posts()[-1].raw


def test_approving_someone_who_never_applied_records_it_on_the_spot(forum):
    command = forum.command("ruth", "/approve @lena, welcome aboard")
    forum.settle()
    application = forum.application("lena")
    assert (application.status, application.source) == (ApplicationStatus.APPROVED, "decision")
    assert forum.in_group("lena")
    (announcement,) = forum.replies_to(command)  # no application post: the command post gets the news
    assert "citizen 1 of 100" in announcement.raw


def test_approving_a_citizen_again_changes_nothing(forum):
    forum.apply("osioke")
    forum.settle()
    forum.command("ruth", "/approve @osioke welcome aboard!")
    forum.settle()
    second = forum.command("sal", "/approve @osioke (second try)")
    forum.settle()
    assert len(forum.messages_to("osioke")) == 1
    (note,) = forum.replies_to(second)
    assert "already a citizen" in note.raw
    assert [e.outcome for e in forum.audit("citizens.approve")] == ["ok", "noop"]
    assert len([a for a in forum.actions() if a.kind == "add_to_group"]) == 1


def test_bad_commands_get_a_clear_recorded_outcome(forum):
    command = forum.command("ruth", "\n".join([
        "/approve",
        "/approve @nobody_here",
        "/approve @**osioke**",
        "/approve [@osioke](https://evil.example)",
        "/decline @amara",
        "/approve @amara @lena",
    ]))
    forum.settle()
    (note,) = forum.replies_to(command)
    assert note.raw.count("\n- ") == 6
    assert "no member is called nobody\\_here" in note.raw
    assert "https://evil.example" not in note.raw.replace("https\\://evil\\.example", "")  # escaped, inert
    assert "@**osioke**" not in note.raw
    assert not any(forum.in_group(name) for name in ("osioke", "amara", "lena"))
    outcomes = [(e.action, e.outcome, e.detail["status"]) for e in forum.audit() if e.action != "citizens.apply"]
    assert outcomes == [
        ("citizens.approve", "error", "malformed"),
        ("citizens.approve", "error", "unknown_user"),
        ("citizens.approve", "error", "malformed"),
        ("citizens.approve", "error", "malformed"),
        ("citizens.decline", "error", "malformed"),
        ("citizens.approve", "error", "malformed"),
    ]


def test_quoted_or_code_commands_are_not_commands(forum):
    forum.apply("osioke")
    forum.settle()
    forum.command("ruth", "[quote=\"circleup\"]\n/approve @osioke\n[/quote]\n\nWe'll decide soon:\n\n    /approve @osioke\n")
    forum.settle()
    assert not forum.in_group("osioke")


def test_approval_processed_before_its_application_stands(forum):
    application_post = forum.apply("osioke")
    forum.command("ruth", "/approve @osioke welcome aboard!")
    pending = forum.sim.take_pending()
    apply_event, approve_event = [e for e in pending if e.name == "post_created"]
    forum.sim.send(approve_event)  # out of order: the decision arrives first
    forum.settle()
    forum.sim.send(apply_event)
    for event in pending:
        if event.name != "post_created":
            forum.sim.send(event)
    forum.settle()

    application = forum.application("osioke")
    assert application.status == ApplicationStatus.APPROVED
    assert application.post_id == application_post.id  # the late post is remembered, not re-opened
    assert [r for r in forum.replies_to(application_post) if "Thanks" in r.raw] == []
    assert len(forum.messages_to("osioke")) == 1


def test_decline_processed_before_its_application_stands(forum):
    application_post = forum.apply("amara")
    forum.command("ruth", "/decline @amara we are not taking new citizens this month")
    apply_event, decline_event = [e for e in forum.sim.take_pending() if e.name == "post_created"]
    forum.sim.send(decline_event)
    forum.settle()
    forum.sim.send(apply_event)
    forum.settle()
    assert forum.application("amara").status == ApplicationStatus.DECLINED
    assert forum.replies_to(application_post) == []


def test_a_declined_applicant_may_apply_again_later(forum):
    forum.apply("amara")
    forum.settle()
    forum.command("ruth", "/decline @amara come back when your group has met a few times")
    forum.settle()
    again = forum.apply("amara", "Our group has now met five times, with twelve regular members!")
    forum.settle()
    assert forum.application("amara").status == ApplicationStatus.PENDING
    assert len(forum.replies_to(again)) == 1


def test_commands_in_a_private_message_to_the_bot(forum):
    forum.apply("osioke")
    forum.settle()
    (notice,) = forum.messages_to("ruth")
    forum.sim.reply("ruth", notice.topic_id, "/approve @osioke")  # answering circleup's notice
    forum.settle()
    assert forum.in_group("osioke")
    assert forum.audit("citizens.approve")[0].actor == "ruth"


def test_commands_in_other_private_messages_are_not_for_circleup(forum):
    forum.apply("osioke")
    forum.settle()
    forum.sim.send_private_message("ruth", "Between the two of us", "/approve @osioke", ["sal"])
    forum.settle()
    assert not forum.in_group("osioke")
    assert forum.audit("citizens.approve") == []


def test_rate_limit_during_the_group_add_waits_and_grants_once(forum):
    forum.apply("osioke")
    forum.settle()
    forum.sim.faults.rate_limit(wait_seconds=30, times=2, path=r"^/groups/\d+/members")
    forum.command("ruth", "/approve @osioke welcome aboard!")
    forum.settle()
    assert forum.in_group("osioke")
    (add,) = [a for a in forum.actions() if a.kind == "add_to_group"]
    assert (add.status, add.attempts) == (ActionStatus.DONE, 1)  # waiting for a 429 is not an attempt
    assert len(forum.messages_to("osioke")) == 1
    assert sum(1 for r in forum.sim.requests if r.method == "PUT" and r.status == 429) == 2


def test_a_refused_group_add_is_recorded_and_a_second_approve_retries_it(forum, settings):
    forum.apply("osioke")
    forum.settle()
    forum.sim.faults.server_error(times=settings.worker.max_attempts, status=503, path=r"^/groups/\d+/members")
    forum.command("ruth", "/approve @osioke welcome aboard!")
    forum.settle()

    application = forum.application("osioke")
    assert application.status == ApplicationStatus.APPROVAL_FAILED and "503" in application.error
    assert not forum.in_group("osioke") and forum.messages_to("osioke") == []  # no welcome without access
    (failure,) = forum.audit("citizens.grant_failed")
    assert failure.outcome == "error" and failure.subject == "osioke"

    forum.command("sal", "/approve @osioke (second try)")
    forum.settle()
    assert forum.application("osioke").status == ApplicationStatus.APPROVED
    assert forum.in_group("osioke") and len(forum.messages_to("osioke")) == 1
    assert len([a for a in forum.actions() if a.kind == "add_to_group"]) == 1  # the same action, retried


def _an_approval_whose_group_add_failed(forum, settings):
    """Osioke applies and Ruth approves, but Discourse refuses the group add every time: the add action."""
    forum.apply("osioke")
    forum.settle()
    forum.sim.faults.server_error(times=settings.worker.max_attempts, path=r"^/groups/\d+/members")
    forum.command("ruth", "/approve @osioke welcome aboard!")
    forum.settle()
    (add,) = [a for a in forum.actions() if a.kind == "add_to_group"]
    assert forum.application("osioke").status == ApplicationStatus.APPROVAL_FAILED
    return add


def test_a_replay_retries_a_refused_group_add(forum, settings):
    add = _an_approval_whose_group_add_failed(forum, settings)

    forum.worker.replay_event(add.event_pk)
    forum.settle()
    assert forum.application("osioke").status == ApplicationStatus.APPROVED
    assert forum.in_group("osioke") and len(forum.messages_to("osioke")) == 1
    # The replayed command finds the approval failed and runs the same actions again.
    assert [e.detail["status"] for e in forum.audit("citizens.approve")] == ["approved", "retrying"]
    assert len(forum.audit("citizens.grant_failed")) == 1


def welcome_numbers(forum, *usernames: str) -> dict[str, int]:
    """The number each member's welcome message told them."""
    return {name: int(re.search(r"number (\d+) on our way", message.raw)[1])
            for name in usernames for message in forum.messages_to(name)}


def test_an_approval_whose_group_add_failed_keeps_its_number(forum, settings):
    forum.apply("osioke")
    forum.apply("amara")
    forum.settle()
    forum.sim.faults.server_error(times=settings.worker.max_attempts, status=503, path=r"^/groups/\d+/members")
    forum.command("ruth", "/approve @osioke welcome aboard!")
    forum.settle()
    assert forum.application("osioke").status == ApplicationStatus.APPROVAL_FAILED
    forum.command("ruth", "/approve @amara welcome aboard!")
    forum.settle()
    with forum.services.store.session() as session:
        assert progress(session, 100).citizens == 2  # the failed one is still on its way in

    forum.command("sal", "/approve @osioke (the group is fixed)")
    forum.settle()
    assert welcome_numbers(forum, "osioke", "amara") == {"osioke": 1, "amara": 2}
    announcements = [p.raw for p in forum.bot_posts(forum.topic_id) if "is now a Source Citizen" in p.raw]
    assert sorted(re.search(r"citizen (\d+) of 100", raw)[1] for raw in announcements) == ["1", "2"]


def test_an_approval_written_before_a_later_decision_is_refused_with_a_note(forum):
    forum.apply("amara")
    forum.settle()
    approval = forum.command("ruth", "/approve @amara welcome aboard!")
    forum.command("sal", "/decline @amara we are only starting with people who run groups today")
    approve_event, decline_event = [e for e in forum.sim.take_pending() if e.name == "post_created"]
    forum.sim.send(decline_event)  # the later decline is processed first
    forum.settle()
    forum.sim.send(approve_event)
    forum.settle()

    assert forum.application("amara").status == ApplicationStatus.DECLINED
    assert not forum.in_group("amara") and len(forum.messages_to("amara")) == 1  # the decline notice only
    (note,) = forum.replies_to(approval)
    assert "last decided \\(declined\\); that later decision stands" in note.raw  # as markdown escapes it
    assert forum.audit("citizens.approve")[-1].detail["status"] == "superseded"


def test_replaying_an_approval_after_the_citizenship_was_revoked_grants_nothing(forum, settings):
    add = _an_approval_whose_group_add_failed(forum, settings)
    forum.decide(lambda desk: revoke(desk, "osioke", actor="sal", source="dashboard", reason="changed our mind"))
    forum.settle()

    forum.worker.replay_event(add.event_pk)  # `circleup events replay`, for the failure it still lists
    forum.settle()
    assert forum.application("osioke").status == ApplicationStatus.REVOKED
    assert not forum.in_group("osioke") and forum.messages_to("osioke") == []
    assert [e.detail["status"] for e in forum.audit("citizens.approve")] == ["approved", "superseded"]
    assert {a.status for a in forum.actions() if a.batch == add.batch} == {ActionStatus.CANCELLED}


def test_simultaneous_approvals_take_turns_and_get_their_own_numbers(forum):
    forum.apply("osioke")
    forum.apply("amara")
    forum.settle()
    outcomes = {}

    def approve_amara():  # a second worker, or a moderator on the dashboard
        outcomes["amara"] = forum.decide(lambda desk: approve(desk, "amara", actor="sal", source="dashboard"))

    with forum.services.unit_of_work(source="cli") as uow:
        outcomes["osioke"] = approve(Desk(uow, forum.services), "osioke", actor="ruth", source="cli")
        other = threading.Thread(target=approve_amara)
        other.start()
        other.join(0.5)
        assert other.is_alive()  # waits for the first decision to commit
    other.join(30)
    assert [outcomes[name].message.split(": ")[1] for name in ("osioke", "amara")] == [
        "citizen 1 of 100", "citizen 2 of 100"]
    forum.settle()
    assert welcome_numbers(forum, "osioke", "amara") == {"osioke": 1, "amara": 2}


def test_an_approval_and_a_decline_at_the_same_moment_take_turns(forum):
    forum.apply("osioke")
    forum.settle()
    outcomes = {}

    def decline_osioke():
        outcomes["decline"] = forum.decide(lambda desk: decline(desk, "osioke", "not now", actor="sal", source="dashboard"))

    with forum.services.unit_of_work(source="cli") as uow:
        outcomes["approve"] = approve(Desk(uow, forum.services), "osioke", actor="ruth", source="cli")
        other = threading.Thread(target=decline_osioke)
        other.start()
        other.join(0.5)
        assert other.is_alive()
    other.join(30)
    assert outcomes["approve"].changed and not outcomes["decline"].changed
    assert outcomes["decline"].status == "is_citizen"
    forum.settle()
    assert forum.application("osioke").status == ApplicationStatus.APPROVED
    assert forum.in_group("osioke") and len(forum.messages_to("osioke")) == 1  # a welcome, no decline notice


def test_approval_costs_at_most_four_api_calls(forum):
    forum.apply("osioke")
    forum.settle()
    before = forum.api_calls()
    forum.command("ruth", "/approve @osioke welcome aboard!")
    forum.settle()
    # The matching flow reads its opt-out group's id once per installation, on the first group
    # delivery it sees; that is not a cost of approving.
    calls = [(r.method, r.path) for r in forum.sim.requests[before:] if r.path != "/groups/no-matching.json"]
    # The Source Citizen badge (the recognition flow): one grant, and the forum's badge ids read
    # once per worker process.
    badge_calls = [call for call in calls if "badge" in call[1]]
    assert badge_calls == [("GET", "/admin/badges.json"), ("POST", "/user_badges.json")]
    calls = [call for call in calls if call not in badge_calls]
    # group id (once per installation), group add, welcome PM, progress reply; the
    # user_added_to_group echo costs nothing (the group id was learnt from the add)
    assert len(calls) <= 4, calls


def test_an_approved_citizen_gets_the_source_citizen_badge_and_loses_it_when_revoked(forum):
    forum.apply("osioke")
    forum.settle()
    forum.command("ruth", "/approve @osioke welcome aboard!")
    forum.settle()
    assert forum.sim.badges_of("osioke") == ["Source Citizen"]
    forum.sim.redeliver(forum.sim.events("post_created")[-1].id)
    forum.settle()
    assert [r.path for r in forum.sim.requests].count("/user_badges.json") == 1
    forum.decide(lambda desk: revoke(desk, "osioke", actor="ruth", source="test", reason="left the programme"))
    forum.settle()
    assert forum.sim.badges_of("osioke") == [] and not forum.in_group("osioke")
    forum.decide(lambda desk: approve(desk, "osioke", actor="ruth", source="test"))
    forum.settle()
    assert forum.sim.badges_of("osioke") == ["Source Citizen"]  # citizen again, recognised again
