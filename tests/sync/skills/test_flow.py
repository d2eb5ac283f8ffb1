"""The skills flow end to end: the simulator sends webhooks into circleup, the worker edits the forum."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from circleup.integration.store import Member, MemberSkill
from circleup.sync.skills.models import SkillsDirectoryArea, SkillsFollow
from tests.sync.skills.conftest import FOLLOW, LEARN, SHARE


def skills_of(forum, username):
    member = forum.member(username)
    with forum.services.store.session() as session:
        rows = session.scalars(select(MemberSkill).where(MemberSkill.member_id == member.id)).all()
        return {(r.kind, r.skill) for r in rows}


def test_new_member_is_listed_in_the_areas_of_their_skills(forum):
    forum.sim.add_user("amara", name="Amara Okafor", user_fields={SHARE: "Python, pyhton, Wikidata", LEARN: "Photography"})
    forum.settle()
    assert skills_of(forum, "amara") == {("share", "Python"), ("share", "Wikidata"), ("learn", "Photography")}
    assert forum.listed("Technology") == {"amara"}
    assert forum.listed("Wikimedia & open knowledge") == {"amara"}
    assert forum.listed("Design & media") == {"amara"}
    technology = forum.directory("Technology")[0]
    assert "| [Amara Okafor](/u/amara) | Python | — |" in technology
    assert "Wikidata" not in technology  # each area lists only its own skills
    assert "| [Amara Okafor](/u/amara) | — | Photography |" in forum.directory("Design & media")[0]


def test_changed_skills_replace_the_previous_ones(forum):
    forum.sim.add_user("amara", user_fields={SHARE: "Python, SQL", LEARN: "Rust"})
    forum.settle()
    forum.sim.update_user_fields("amara", {SHARE: "SQL", LEARN: "Rust, Go"})
    forum.settle()
    assert skills_of(forum, "amara") == {("share", "SQL"), ("learn", "Rust"), ("learn", "Go")}
    table = forum.directory("Technology")[0]
    assert "Python" not in table and "| SQL | Go, Rust |" in table


def test_skills_moving_to_another_area_move_the_member_and_their_follows(forum):
    forum.sim.add_user("amara", user_fields={SHARE: "Python", FOLLOW: "yes"})
    forum.settle()
    technology, design = forum.categories["Technology"], forum.categories["Design & media"]
    assert forum.sim.category_level("amara", technology) == 3
    forum.sim.update_user_fields("amara", {SHARE: "Photography"})
    forum.settle()
    assert forum.listed("Technology") == set() and forum.listed("Design & media") == {"amara"}
    assert "No one has listed skills" in forum.directory("Technology")[0]
    assert forum.sim.category_level("amara", technology) == 1  # back to regular
    assert forum.sim.category_level("amara", design) == 3


def test_follow_levels_are_sent_once_and_undone_on_opt_out(forum):
    forum.sim.add_user("amara", user_fields={SHARE: "Python", FOLLOW: "true"})
    forum.settle()
    forum.sim.update_user("amara", name="Amara O.")  # a profile save that changes no follow
    forum.settle()
    sent = forum.requests("POST", "/category/")
    assert [(r.path, r.json["notification_level"], r.api_username) for r in sent] == [
        (f"/category/{forum.categories['Technology']}/notifications", 3, "amara")]
    forum.sim.update_user_fields("amara", {FOLLOW: "false"})
    forum.settle()
    assert forum.sim.category_level("amara", forum.categories["Technology"]) == 1
    assert len(forum.requests("POST", "/category/")) == 2


def test_user_fields_missing_from_the_delivery_are_read_from_the_api(forum, deliver):
    user = forum.sim.add_user("amara", user_fields={SHARE: "Python"})
    forum.sim.take_pending()  # Discourse's own delivery is lost; a bare one arrives instead
    response = deliver({"user": {"id": user.id, "username": "amara", "name": "Amara"}}, event="user_updated", event_id="77")
    assert response.status_code == 200
    forum.settle()
    assert [r.path for r in forum.requests("GET", "/u/")] == ["/u/amara.json"]
    assert forum.listed("Technology") == {"amara"}


def test_clearing_every_field_empties_the_profile(forum):
    forum.sim.add_user("amara", user_fields={SHARE: "Python"})
    forum.settle()
    forum.sim.user("amara").user_fields.clear()  # Discourse then leaves user_fields out of the payload
    forum.sim.update_user("amara", name="Amara")
    forum.settle()
    assert skills_of(forum, "amara") == set()
    assert forum.listed("Technology") == set()


def test_suspended_members_leave_the_directory(forum):
    forum.sim.add_user("amara", user_fields={SHARE: "Python"})
    forum.sim.add_user("osioke", user_fields={SHARE: "Rust"})
    forum.settle()
    forum.sim.suspend("amara")
    forum.settle()
    assert forum.listed("Technology") == {"osioke"}
    assert forum.member("amara").suspended


def test_unsuspended_members_come_back(forum):
    forum.sim.add_user("amara", user_fields={SHARE: "Python"})
    forum.settle()
    forum.sim.suspend("amara")
    forum.settle()
    assert forum.listed("Technology") == set()
    forum.sim.unsuspend("amara")  # its payload can equal user_suspended's: only the event name differs
    forum.settle()
    assert forum.listed("Technology") == {"amara"}
    assert not forum.member("amara").suspended


def test_deleted_members_are_forgotten(forum):
    forum.sim.add_user("amara", user_fields={SHARE: "Python", FOLLOW: "yes"})
    forum.settle()
    forum.sim.delete_user("amara")
    forum.settle()
    assert forum.listed("Technology") == set()
    member = forum.member("amara")
    assert member.deleted and skills_of(forum, "amara") == set()
    with forum.services.store.session() as session:
        assert session.scalars(select(SkillsFollow)).all() == []


def test_opted_out_members_disappear_whichever_flow_runs_first(forum, worker):
    """The matching flow owns opt-out; here a stand-in sets it in a handler that runs after the skills flow's."""
    forum.sim.add_group("no-suggestions")

    @worker.router.register("user_added_to_group")
    def opt_out(ctx):
        ctx.session.execute(update(Member).where(Member.id == ctx.payload["user_id"]).values(opted_out=True))

    forum.sim.add_user("amara", user_fields={SHARE: "Python", FOLLOW: "yes"})
    forum.sim.add_user("osioke", user_fields={SHARE: "Rust"})
    forum.settle()
    forum.sim.add_to_group("no-suggestions", "amara")
    forum.settle()
    assert forum.listed("Technology") == {"osioke"}
    assert forum.sim.category_level("amara", forum.categories["Technology"]) == 1


def test_registration_posts_set_a_profile(forum):
    forum.sim.add_user("lena")
    forum.settle()
    forum.sim.reply("lena", forum.registration_topic,
                    "Hello all! Glad to join.\n\n**Share:** Python, data visualisation\nLearn: Wikidata")
    forum.settle()
    assert skills_of(forum, "lena") >= {("share", "Python"), ("learn", "Wikidata")}
    assert forum.listed("Technology") == {"lena"}
    post = forum.sim.posts_by("lena")[-1]
    forum.sim.edit_post(post.id, "Share: Photography\nLearn: Wikidata")
    forum.settle()
    assert forum.listed("Technology") == set() and forum.listed("Design & media") == {"lena"}


def test_a_registration_post_edited_to_drop_its_skill_lines_withdraws_them(forum):
    forum.sim.add_user("lena", user_fields={SHARE: "Photography"})
    forum.settle()
    forum.sim.reply("lena", forum.registration_topic, "Share: Python\nLearn: Wikidata")
    forum.settle()
    assert forum.listed("Technology") == {"lena"}
    post = forum.sim.posts_by("lena")[-1]
    forum.sim.edit_post(post.id, "Sorry, I no longer have time to take part.")
    forum.settle()
    assert skills_of(forum, "lena") == {("share", "Photography")}  # the user field is another source
    assert forum.listed("Technology") == set() and forum.listed("Design & media") == {"lena"}


def test_an_older_registration_post_losing_its_lines_changes_nothing(forum):
    forum.sim.add_user("lena")
    forum.settle()
    forum.sim.reply("lena", forum.registration_topic, "Share: Rust\nLearn: Wikidata")
    forum.sim.reply("lena", forum.registration_topic, "Share: Python\nLearn: Wikidata")
    forum.settle()
    older = forum.sim.posts_by("lena")[-2]
    forum.sim.edit_post(older.id, "(see my newer post below, please)")
    forum.settle()
    assert skills_of(forum, "lena") == {("share", "Python"), ("learn", "Wikidata")}


def test_a_level_in_brackets_or_an_emoji_is_not_part_of_the_skill(forum):
    forum.sim.add_user("amara", user_fields={SHARE: "Python (advanced), **Wikidata** (beginner)", LEARN: "✍️ Writing"})
    forum.settle()
    assert skills_of(forum, "amara") == {("share", "Python"), ("share", "Wikidata"), ("learn", "Writing")}


def test_a_question_in_the_registration_topic_changes_nothing(forum):
    forum.sim.add_user("lena", user_fields={SHARE: "Python"})
    forum.settle()
    forum.sim.reply("lena", forum.registration_topic, "How long does registration stay open, please?")
    forum.settle()
    assert skills_of(forum, "lena") == {("share", "Python")}


def test_a_burst_of_updates_is_one_edit_per_area(forum):
    names = [f"member{i:03d}" for i in range(40)]
    for name in names:
        forum.sim.add_user(name, user_fields={SHARE: "Python"})
    forum.settle()
    before = {area: len(forum.edits(area)) for area in forum.topics}
    for round_ in range(5):  # 200 profile saves
        for i, name in enumerate(names):
            skill = "Photography" if (i + round_) % 3 == 0 else "Python, SQL"
            forum.sim.update_user_fields(name, {SHARE: skill, LEARN: f"Wikidata" if i % 2 else ""})
    forum.settle()
    after = {area: len(forum.edits(area)) - before[area] for area in forum.topics}
    assert after == {"Technology": 1, "Design & media": 1, "Wikimedia & open knowledge": 1}
    assert len(forum.listed("Technology")) + len(forum.listed("Design & media")) >= 40


def test_an_unchanged_directory_is_not_edited(forum):
    forum.sim.add_user("amara", user_fields={SHARE: "Python"})
    forum.settle()
    edits = len(forum.edits())
    forum.sim.update_user_fields("amara", {SHARE: "python"})  # a different spelling of the same skill
    forum.settle()
    assert len(forum.edits()) == edits


def test_a_lost_refresh_job_is_found_by_the_sweep(forum, worker):
    from circleup.sync.skills.flow import SWEEP_JOB

    forum.sim.add_user("amara", user_fields={SHARE: "Python"})
    forum.sim.deliver_pending()
    huey = worker.services.huey
    while huey.pending_count():
        huey.execute(huey.dequeue())
    huey.storage.flush_schedule()  # the scheduled refresh is lost (a worker died holding it)
    assert forum.listed("Technology") == set()
    with forum.services.store.session() as session:
        session.execute(update(SkillsDirectoryArea).values(due_at=SkillsDirectoryArea.due_at - dt.timedelta(minutes=5)))
    worker._jobs[SWEEP_JOB].call_local()
    forum.settle()
    assert forum.listed("Technology") == {"amara"}


def test_a_duplicate_refresh_job_does_nothing(forum, worker):
    from circleup.sync.skills.flow import REFRESH_JOB

    forum.sim.add_user("amara", user_fields={SHARE: "Python"})
    forum.settle()
    edits = len(forum.edits())
    with forum.services.store.session() as session:
        generation = session.scalar(select(SkillsDirectoryArea.generation).where(SkillsDirectoryArea.area == "Technology"))
    assert worker._jobs[REFRESH_JOB].call_local("Technology", generation) == "skipped"
    assert worker._jobs[REFRESH_JOB].call_local("Technology", generation - 2) == "skipped"
    assert len(forum.edits()) == edits
