"""circleup skills sync | rebuild | show | unknown | directory, against the simulator."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from click.testing import CliRunner

from circleup.cli import Context, cli
from circleup.sync.skills.models import SkillsBackfill
from tests.sync.skills.conftest import FOLLOW, LEARN, SHARE


class _TestContext(Context):
    """The CLI's context on the test's services and worker (one Huey may register its tasks once)."""

    def __init__(self, services, worker) -> None:
        super().__init__()
        self._settings, self._services, self._worker = services.settings, services, worker

    def worker(self):
        return self._worker


@pytest.fixture
def run(forum, services, worker):

    def _run(*args: str, ok: bool = True):
        result = CliRunner().invoke(cli, list(args), obj=_TestContext(services, worker), catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return _run


def test_sync_reads_every_member_and_fills_the_directories(forum, run):
    forum.sim.add_user("amara", user_fields={SHARE: "Python", FOLLOW: "yes"})
    forum.sim.add_user("osioke", user_fields={SHARE: "Photography", LEARN: "Rust"})
    forum.sim.take_pending()  # circleup was not listening when they signed up
    result = run("skills", "sync")
    assert "members read" in result.output
    forum.settle()
    assert forum.listed("Technology") == {"amara", "osioke"}
    assert forum.listed("Design & media") == {"osioke"}
    assert forum.sim.category_level("amara", forum.categories["Technology"]) == 3


def test_sync_resumes_after_the_last_completed_page(forum, run, services):
    forum.sim.settings.admin_users_page_size = 2
    for i in range(5):
        forum.sim.add_user(f"member{i}", user_fields={SHARE: "Python"})
    forum.sim.take_pending()
    forum.sim.faults.server_error(times=50, path=r"^/u/member1\.json")  # page 2 (the bot, member0 | member1, …) fails
    with pytest.raises(Exception):
        run("skills", "sync")
    with services.store.session() as session:
        assert session.get(SkillsBackfill, "active").last_page == 1
    forum.sim.faults.clear()
    listed_pages = len(forum.requests("GET", "/admin/users/list/active.json"))
    run("skills", "sync")
    pages = [r.query.get("page") for r in forum.requests("GET", "/admin/users/list/active.json")[listed_pages:]]
    assert "1" not in [str(p) for p in pages] and pages  # continued from page 2
    forum.settle()
    assert forum.listed("Technology") == {f"member{i}" for i in range(5)}


def test_sync_reads_the_registration_topics(forum, run):
    forum.sim.add_user("lena")
    forum.sim.add_user("osioke", user_fields={SHARE: "Photography"})
    forum.sim.reply("lena", forum.registration_topic, "Share: Rust\nLearn: Wikidata")
    forum.sim.reply("lena", forum.registration_topic, "Share: Python\nLearn: Wikidata")  # the newest wins
    forum.sim.reply("osioke", forum.registration_topic, "Where do I sign up, please?")
    forum.sim.take_pending()  # circleup was not listening
    output = run("skills", "sync").output
    assert "3 registration posts" in output
    forum.settle()
    assert forum.listed("Technology") == {"lena"}
    assert forum.listed("Wikimedia & open knowledge") == {"lena"}
    assert forum.listed("Design & media") == {"osioke"}


def test_registration_posters_circleup_does_not_know_wait_out_a_rate_limit(forum, run, monkeypatch):
    forum.sim.add_user("lena")
    forum.sim.reply("lena", forum.registration_topic, "Share: Python\nLearn: Wikidata")
    forum.sim.take_pending()
    naps = []
    monkeypatch.setattr("circleup.sync.skills.backfill.time.sleep", naps.append)
    forum.sim.faults.rate_limit(wait_seconds=30, times=2, path=r"^/admin/users/\d+\.json")
    # The staff list leaves lena out, so the registration pass is the first to ask Discourse about her.
    assert "1 registration posts" in run("skills", "sync", "--list", "staff").output
    assert naps == [30, 30]
    forum.settle()
    assert forum.listed("Technology") == {"lena"}


def test_registration_posters_are_looked_up_outside_a_transaction(forum, run, services, monkeypatch):
    forum.sim.add_user("lena")
    forum.sim.reply("lena", forum.registration_topic, "Share: Python\nLearn: Wikidata")
    forum.sim.take_pending()
    # On SQLite a transaction holds the write lock (BEGIN IMMEDIATE): the webhook receiver would wait
    # for as long as Discourse takes to answer.
    open_sessions, seen = [], []
    store_session, get_user_by_id = services.store.session, services.client.get_user_by_id

    @contextmanager
    def session():
        open_sessions.append(1)
        try:
            with store_session() as s:
                yield s
        finally:
            open_sessions.pop()

    def looked_up(user_id):
        seen.append(len(open_sessions))
        return get_user_by_id(user_id)

    monkeypatch.setattr(services.store, "session", session)
    monkeypatch.setattr(services.client, "get_user_by_id", looked_up)
    run("skills", "sync", "--list", "staff")
    assert seen == [0]
    assert forum.member("lena") is not None


def test_a_complete_sync_forgets_members_deleted_meanwhile(forum, run):
    forum.sim.add_user("amara", user_fields={SHARE: "Python"})
    forum.sim.add_user("osioke", user_fields={SHARE: "Python"})
    forum.settle()
    forum.sim.delete_user("osioke")
    forum.sim.take_pending()  # the user_destroyed webhook was lost
    assert "1 members deleted from Discourse forgotten" in run("skills", "sync").output
    forum.settle()
    assert forum.listed("Technology") == {"amara"}
    assert forum.member("osioke").deleted
    # Asked by id, once, and only about the member the list did not return.
    assert [r.path for r in forum.requests("GET", "/admin/users/") if "/list/" not in r.path] == [
        f"/admin/users/{forum.member('osioke').id}.json"]


def test_a_resumed_sync_does_not_look_for_deleted_members(forum, run, services):
    forum.sim.add_user("amara", user_fields={SHARE: "Python"})
    forum.settle()
    with services.store.session() as session:
        session.add(SkillsBackfill(name="active", last_page=1, users=2))
    forum.sim.delete_user("amara")
    forum.sim.take_pending()
    assert "`skills sync --restart` does" in run("skills", "sync").output
    forum.settle()
    assert forum.listed("Technology") == {"amara"}


def test_sync_help_says_what_it_reads(run):
    text = " ".join(run("skills", "sync", "--help").output.split())
    assert "user fields" in text and "registration_topic_ids" in text and "forgotten" in text


def test_show_explains_each_skill(forum, run):
    forum.sim.add_user("amara", user_fields={SHARE: "pyhton, beekeeping", LEARN: "Fotografía"})
    forum.settle()
    output = run("skills", "show", "amara").output
    assert "'pyhton' → Python (fuzzy" in output
    assert "'beekeeping' → Beekeeping (free skill" in output
    assert "Photography (translation" in output
    assert "listed in: Design & media, Technology" in output


def test_unknown_lists_free_skills_by_how_many_members_wrote_them(forum, run):
    forum.sim.add_user("amara", user_fields={SHARE: "Beekeeping, Python"})
    forum.sim.add_user("osioke", user_fields={SHARE: "BEEKEEPING", LEARN: "Origami"})
    forum.settle()
    lines = run("skills", "unknown").output.splitlines()
    assert lines[1].split()[:2] == ["2", "Beekeeping"]  # one skill whatever its case
    assert any(line.split()[:2] == ["1", "Origami"] for line in lines)


def test_directory_print_shows_what_the_posts_would_say(forum, run):
    forum.sim.add_user("amara", name="Amara <b>Okafor</b>", user_fields={SHARE: "Python"})
    forum.settle()
    output = run("skills", "directory", "technology", "--print").output
    assert "post 1 of 1" in output and "(/u/amara)" in output and "<b>" not in output
    assert run("skills", "directory", "Nowhere", ok=False).exit_code != 0
    status = run("skills", "directory").output
    assert "Technology: 1 members" in status and "refreshed" in status


def test_rebuild_applies_a_changed_area_list_without_asking_discourse(forum, run):
    forum.sim.add_user("amara", user_fields={SHARE: "Python"})
    forum.settle()
    before = len(forum.sim.requests)
    output = run("skills", "rebuild").output
    assert "1 profiles rebuilt" in output
    assert len(forum.sim.requests) == before
