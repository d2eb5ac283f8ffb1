"""Several programmes at once: Source Citizens and Learning Ambassadors, each with its application
topic, group, approvers, goal, templates and badge, end to end through the simulated forum."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from circleup.simulator import FULL
from circleup.sync.citizens import Desk, approve, progress, revoke
from circleup.sync.citizens.models import ApplicationStatus, ApproversMessage
from circleup.sync.recognition.models import BadgeGrant
from tests.conftest import BOT

pytestmark = pytest.mark.usefixtures("backend")

LA = "learning-ambassadors"
CALL = """For peer learning to be community-led, we need lots of community members proposing Learning Clinics.
If you would like to take on this role as a Learning Ambassador, tell us here!"""
OFFER = """I would love to take on this role and run Learning Clinics on organising edit-a-thons and on grant reporting for small
affiliates. I could use some help with translation into French and with connectivity costs."""


@pytest.fixture
def config_overrides(sim, citizens_config) -> dict:
    """Citizens approved by the `approvers` group (bart), ambassadors by the `working-group` (douglas);
    staff (sal, ruth) approve in both."""
    sim.add_user("douglas", name="Douglas Ssebaggala", trust_level=3)
    sim.add_group("working-group", full_name="Let's Connect working group", members=["douglas"])
    sim.add_group(LA, full_name="Learning Ambassadors")
    sim.add_category("Ambassadors", permissions={LA: FULL, "staff": FULL})
    topic = sim.create_topic("sal", "Learning Ambassadors: propose Learning Clinics, with support", CALL)
    category_id = next(c.id for c in sim.categories.values() if c.name == "Ambassadors")
    return {
        "worker": {"retry_backoff_s": 0.0, "stuck_after_s": 2, "retry_for_s": 0},
        "logging": {"format": "console", "level": "WARNING"},
        "citizens": {**citizens_config, "approvers_group": "approvers"},
        "programmes": {LA: {
            "title": "Learning Ambassadors", "member_noun": "ambassador", "group": LA, "category_id": category_id,
            "application_topic_ids": [topic.topic_id], "approvers_group": "working-group", "goal": 20,
            "badge": "learning_ambassador",
        }},
    }


@pytest.fixture
def la_topic(settings) -> int:
    return settings.programmes[LA].application_topic_ids[0]


def la_decide(forum, work):
    with forum.services.unit_of_work(source="test") as uow:
        return work(Desk(uow, forum.services, LA))


def notice_about(forum, username: str, title_start: str):
    return next(forum.sim.first_post(t.id) for t in forum.sim.topics.values()
                if t.is_private_message and t.title.startswith(title_start) and username in t.title)


def test_an_application_to_each_programme_is_decided_by_that_programmes_approvers(forum, la_topic):
    citizens_post = forum.apply("osioke")
    ambassador_post = forum.sim.reply("amara", la_topic, OFFER)
    forum.settle()
    assert "Thanks for your Citizenship application" in forum.replies_to(citizens_post)[0].raw
    assert "Thanks for offering to become a Learning Ambassador" in forum.replies_to(ambassador_post)[0].raw
    assert forum.application("osioke").status == forum.application("amara", LA).status == ApplicationStatus.PENDING
    assert forum.application("amara") is None and forum.application("osioke", LA) is None
    # Each programme's approvers hear of their own applications only.
    citizens_notice = notice_about(forum, "osioke", "New Citizenship application")
    ambassadors_notice = notice_about(forum, "amara", "New Learning Ambassador application")
    def recipients(notice):
        return [forum.sim.groups[g].name for g in forum.sim.topics[notice.topic_id].allowed_group_ids]

    assert recipients(citizens_notice) == ["approvers"] and recipients(ambassadors_notice) == ["working-group"]

    forum.command("bart", "/approve @osioke welcome aboard!")
    forum.sim.reply("douglas", la_topic, "/approve @amara welcome aboard!")
    forum.settle()

    assert forum.in_group("osioke") and not forum.in_group("osioke", LA)
    assert forum.in_group("amara", LA) and not forum.in_group("amara")
    (welcome,) = forum.messages_to("amara")
    assert "you are now a Learning Ambassador, number 1 on our way to 20" in welcome.raw
    assert f"https://forum.example.org/c/{forum.services.settings.programmes[LA].category_id}" in welcome.raw
    assert forum.replies_to(ambassador_post)[-1].raw.splitlines()[0] == (
        "@amara is now a Learning Ambassador: ambassador 1 of 20. Welcome! :tada:")
    assert forum.replies_to(citizens_post)[-1].raw.splitlines()[0] == (
        "@osioke is now a Source Citizen: citizen 1 of 100. Welcome! :tada:")
    assert forum.sim.badges_of("amara") == ["Learning Ambassador"]
    assert forum.sim.badges_of("osioke") == ["Source Citizen"]
    (entry,) = forum.audit(f"{LA}.approve")
    assert (entry.actor, entry.subject, entry.outcome) == ("douglas", "amara", "ok")
    assert [e.subject for e in forum.audit("citizens.approve")] == ["osioke"]


def test_an_approver_of_another_programme_is_refused_with_a_clear_reply(forum, la_topic):
    forum.apply("osioke")
    forum.sim.reply("amara", la_topic, OFFER)
    forum.settle()
    in_la = forum.sim.reply("bart", la_topic, "/approve @amara welcome aboard!")  # bart approves citizens only
    in_citizens = forum.command("douglas", "/approve @osioke welcome aboard!")  # douglas approves ambassadors only
    by_a_member = forum.command("lena", "/approve @osioke welcome aboard!")  # no approver anywhere: left alone, as before
    forum.settle()

    assert forum.application("amara", LA).status == forum.application("osioke").status == ApplicationStatus.PENDING
    assert not forum.in_group("amara", LA) and not forum.in_group("osioke")
    (reply,) = forum.replies_to(in_la)
    assert "@\u200bbart approves for Source Citizens, not for Learning Ambassadors" in reply.raw  # named, not mentioned
    (reply,) = forum.replies_to(in_citizens)
    assert "@\u200bdouglas approves for Learning Ambassadors, not for Source Citizens" in reply.raw
    assert forum.replies_to(by_a_member) == []
    refused = [(e.actor, e.outcome, e.detail["status"]) for e in forum.audit(f"{LA}.approve")]
    assert refused == [("bart", "refused", "not_approver")]

    # The delivery again: no second reply.
    forum.sim.redeliver(forum.sim.events("post_created")[-3].id)
    forum.settle()
    assert len(forum.replies_to(in_la)) == 1


def test_the_approvers_message_decides_for_its_own_programme(forum, la_topic):
    forum.apply("osioke")
    forum.sim.reply("amara", la_topic, OFFER)
    forum.settle()
    notice = notice_about(forum, "amara", "New Learning Ambassador application")
    with forum.services.store.session() as session:
        recorded = {m.topic_id: m.programme for m in session.scalars(select(ApproversMessage))}
    assert recorded[notice.topic_id] == LA and len(recorded) == 2

    forum.sim.reply("douglas", notice.topic_id, "/approve @amara welcome aboard!")
    # Staff decide in every programme; in the ambassadors' message, for the ambassadors: osioke, who
    # applied to be a citizen, becomes an ambassador on the spot and stays a citizen applicant.
    forum.sim.reply("sal", notice.topic_id, "/approve @osioke welcome aboard!")  # an admin reads every message
    forum.settle()
    assert forum.in_group("amara", LA) and forum.in_group("osioke", LA)
    assert not forum.in_group("osioke")
    assert forum.application("osioke").status == ApplicationStatus.PENDING
    assert forum.application("osioke", LA).status == ApplicationStatus.APPROVED


def test_a_private_message_about_no_programme_is_answered_not_guessed(forum):
    forum.apply("osioke")
    forum.settle()
    command = forum.sim.send_private_message("ruth", "Quick decision", "/approve @osioke welcome aboard!", [BOT])
    forum.settle()
    assert not forum.in_group("osioke") and forum.application("osioke").status == ApplicationStatus.PENDING
    (reply,) = forum.replies_to(command)
    assert r"not clear which programme \(Source Citizens, Learning Ambassadors\)" in reply.raw


def test_progress_badges_and_retries_are_counted_per_programme(forum, la_topic):
    posts = {name: forum.sim.reply(name, la_topic, OFFER) for name in ("amara", "lena")}
    forum.apply("tomi")
    forum.settle()
    forum.sim.reply("douglas", la_topic, "/approve @amara\n/approve @lena\nWelcome, both of you!")
    forum.command("bart", "/approve @tomi welcome aboard!")
    forum.settle()
    assert forum.replies_to(posts["lena"])[-1].raw.startswith("@lena is now a Learning Ambassador: ambassador 2 of 20.")
    with forum.services.store.session() as session:
        ambassadors = progress(session, 20, LA)
        citizens = progress(session, 100)
    assert (ambassadors.citizens, ambassadors.percent, ambassadors.by_status["approved"]) == (2, 10, 2)
    assert (citizens.citizens, citizens.by_status["approved"]) == (1, 1)

    # Every delivery again, and the same decision from the desk: nothing is posted or granted twice.
    posted, granted = len(forum.bot_posts()), [r.path for r in forum.sim.requests].count("/user_badges.json")
    for event in forum.sim.events("post_created"):
        forum.sim.redeliver(event.id)
    forum.settle()
    outcome = la_decide(forum, lambda desk: approve(desk, "amara", actor="ruth", source="test"))
    forum.settle()
    assert outcome.status == "already_citizen" and "already an ambassador" in outcome.message
    assert len(forum.bot_posts()) == posted
    assert [r.path for r in forum.sim.requests].count("/user_badges.json") == granted == 3
    assert len(forum.messages_to("amara")) == 1
    with forum.services.store.session() as session:
        grants = [(g.username, g.badge) for g in session.scalars(select(BadgeGrant).order_by(BadgeGrant.id))]
    assert sorted(grants) == [("amara", "learning_ambassador"), ("lena", "learning_ambassador"), ("tomi", "citizen")]


def test_revoking_or_leaving_one_programme_leaves_the_other(forum, la_topic):
    forum.apply("osioke")
    forum.sim.reply("osioke", la_topic, OFFER)
    forum.settle()
    forum.command("ruth", "/approve @osioke welcome aboard!")
    forum.sim.reply("ruth", la_topic, "/approve @osioke and welcome to the ambassadors!")
    forum.settle()
    assert sorted(forum.sim.badges_of("osioke")) == ["Learning Ambassador", "Source Citizen"]

    outcome = la_decide(forum, lambda desk: revoke(desk, "osioke", actor="ruth", source="test", reason="stepped back"))
    forum.settle()
    assert outcome.message == "@osioke is no longer an ambassador; removing them from the group"
    assert forum.sim.badges_of("osioke") == ["Source Citizen"]
    assert forum.in_group("osioke") and not forum.in_group("osioke", LA)
    assert forum.application("osioke").status == ApplicationStatus.APPROVED

    forum.sim.remove_from_group("citizens", "osioke")  # a moderator, by hand
    forum.settle()
    assert forum.application("osioke").status == ApplicationStatus.REVOKED
    assert forum.application("osioke", LA).status == ApplicationStatus.REVOKED
    assert forum.sim.badges_of("osioke") == []


@pytest.fixture
def circleup(forum, settings, services):
    """Run a `circleup` command against the test forum; returns its output (asserting the exit code)."""
    from click.testing import CliRunner

    from circleup.cli import Context, cli

    context = Context()
    context._settings, context._services = settings, services
    context.worker = lambda: forum.worker

    def run(*args: str, exit_code: int = 0) -> str:
        result = CliRunner().invoke(cli, list(args), obj=context, catch_exceptions=False)
        assert result.exit_code == exit_code, result.output
        return result.output

    return run


def test_the_cli_acts_on_the_programme_it_is_given(forum, circleup, la_topic):
    forum.sim.reply("amara", la_topic, OFFER)
    forum.settle()
    listed = circleup("citizens", "--programme", LA, "list")
    assert "0 of 20 ambassadors (0%)" in listed and "amara" in listed and "pending" in listed
    assert "no applications" in circleup("citizens", "list")  # the citizens programme, as always

    approved = circleup("citizens", "-p", LA, "approve", "amara")
    assert "@amara approved: ambassador 1 of 20" in approved
    assert f"add to group {LA}: amara" in approved and "'Welcome, Learning Ambassador' to amara" in approved
    forum.settle()
    assert forum.in_group("amara", LA) and forum.sim.badges_of("amara") == ["Learning Ambassador"]
    assert "already an ambassador" in circleup("citizens", "-p", LA, "approve", "amara")
    assert f"{LA}.approve" in circleup("citizens", "-p", LA, "show", "amara")
    assert "no application from amara to Source Citizens" in circleup("citizens", "show", "amara", exit_code=1)

    overview = circleup("programmes")
    assert "citizens: Source Citizens" in overview and f"{LA}: Learning Ambassadors" in overview
    assert "1 of 20 ambassadors (5%)" in overview and "approvers: staff and the working-group group" in overview
    refused = circleup("citizens", "--programme", "mentors", "list", exit_code=1)
    assert "no programme is called 'mentors' (circleup.yaml configures: citizens, learning-ambassadors)" in refused
    assert "--programme NAME" in circleup("citizens", "--help")


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)  # no database: the forum only
def test_setup_makes_each_programmes_group_category_and_call_and_doctor_checks_them(tmp_path):
    from circleup.config.write_back import record_ids
    from circleup.integration.forum_setup import CREATED, EXISTS, ForumSetup, ids_to_configure
    from circleup.simulator import Simulator
    from circleup.sync import load_settings
    from circleup.sync.citizens.requirements import forum_requirements

    sim = Simulator(bot_username=BOT, delivery="queue")
    config = tmp_path / "circleup.yaml"
    config.write_text(
        "citizens:\n  approvers_group: approvers\n"
        f"programmes:\n  {LA}:\n    title: Learning Ambassadors\n    member_noun: ambassador\n"
        f"    group: {LA}\n    category: Learning Ambassadors\n"
        "    application_topic: \"Learning Ambassadors: propose Learning Clinics, with support\"\n"
        "    approvers_group: working-group\n    goal: 20\n    badge: learning_ambassador\n")
    env = {"CIRCLEUP_CONFIG": str(config), "CIRCLEUP_INSTANCE_PATH": str(tmp_path)}

    outcomes = ForumSetup(sim.client()).ensure(forum_requirements(load_settings(env)))
    created = {(o.kind, o.requirement.label) for o in outcomes if o.status == CREATED}
    assert created >= {("group", "citizens"), ("group", LA), ("group", "approvers"), ("group", "working-group"),
                       ("category", "Source Citizens"), ("category", "Learning Ambassadors")}, created
    ambassadors = next(c for c in sim.categories.values() if c.name == "Learning Ambassadors")
    assert set(ambassadors.permissions) == {LA, "staff"}
    call = next(t for t in sim.topics.values() if t.title.startswith("Learning Ambassadors: propose"))
    assert "Our goal is to welcome 20 Learning Ambassadors" in sim.first_post(call.id).raw
    ids = ids_to_configure(outcomes)
    assert ids[f"programmes.{LA}.application_topic_ids[0]"] == call.id
    assert ids[f"programmes.{LA}.category_id"] == ambassadors.id

    record_ids(config, ids)
    settings = load_settings(env)
    assert settings.programmes[LA].application_topic_ids == [call.id]
    checked = ForumSetup(sim.client(), dry_run=True).ensure(forum_requirements(settings))
    assert {o.status for o in checked} == {EXISTS}, [o.line for o in checked if o.status != EXISTS]
    sim.close()
