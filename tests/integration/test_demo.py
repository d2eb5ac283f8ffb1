"""`circleup demo`: the orchestration with the service in threads (fast), and the real command (slow).

`ThreadRuntime` runs what the demo would start as processes in this process instead: commands
through click's runner, `serve` as a werkzeug server of the real Flask app on the port the demo
chose, `worker` as a thread executing the real Huey jobs. Everything else (the simulator over
HTTP, signed webhooks, SQLite files, the scenario and its waits) is the demo's own code.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

import circleup.cli.core  # noqa: F401 - registers migrate
import circleup.cli.forum  # noqa: F401 - registers setup, doctor
from circleup import sync
from circleup.cli import cli
from circleup.demo import AMBASSADORS, BOT, CIRCLE_TITLE, CLINIC_TITLE, Demo, readable

ROOT = Path(__file__).resolve().parents[2]


class ThreadRuntime:
    def __init__(self, *, flows_in_worker: tuple[str, ...] | None = None) -> None:
        self.flows_in_worker = flows_in_worker  # None: the worker has the same flows as the demo
        self.stop_event = threading.Event()
        self.threads: dict[str, threading.Thread] = {}
        self.errors: dict[str, BaseException] = {}
        self.commands: list[list[str]] = []
        self._server = None

    def command(self, args, env):
        self.commands.append(list(args))
        result = CliRunner().invoke(cli, list(args), env=env)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result.exit_code, result.output.rstrip(), ""

    def start(self, name, args, env, log):
        from circleup.sync import load_settings
        from circleup.integration.services import Services

        services = Services(load_settings(env))
        if name == "serve":
            from werkzeug.serving import make_server

            from circleup.webhooks.app import create_app

            port = int(args[args.index("--port") + 1])
            self._server = make_server("127.0.0.1", port, create_app(services=services), threaded=True)
            target = self._server.serve_forever
        else:
            target = lambda: self._work(services)  # noqa: E731
        thread = threading.Thread(target=self._guard(name, target), name=f"demo-{name}", daemon=True)
        self.threads[name] = thread
        thread.start()

    def _guard(self, name, target):
        def run():
            try:
                target()
            except BaseException as exc:  # noqa: BLE001 - reported through dead()
                self.errors[name] = exc

        return run

    def _work(self, services) -> None:
        from circleup.sync.wiring import build_router
        from circleup.sync.worker import Worker

        registered = sync.flows(self.flows_in_worker)
        worker = Worker(services, build_router(registered), registered)
        huey = services.huey
        while not self.stop_event.is_set():
            task = huey.dequeue()
            if task is not None:
                huey.execute(task)
                continue
            due = huey.read_schedule(dt.datetime.now(dt.timezone.utc).replace(tzinfo=None))
            for task in due:
                huey.execute(task)
            if not due:
                self.stop_event.wait(0.02)
        del worker

    def dead(self):
        return next(iter(self.errors), None)

    def stop(self):
        self.stop_event.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        for thread in self.threads.values():
            thread.join(timeout=5)


@pytest.fixture
def citizens_only(monkeypatch):
    """Only the citizens flow is present: the other steps must be skipped, not fail."""
    monkeypatch.setattr(sync, "FLOWS", ("citizens",))
    return sync.flows()


def run_demo(flows, runtime, **kwargs) -> tuple[int, str, Demo]:
    lines: list[str] = []
    demo = Demo(flows, runtime, out=lines.append, **kwargs)
    code = demo.run()
    return code, "\n".join(lines), demo


def test_demo_plays_the_present_flows_and_skips_the_absent_ones(citizens_only):
    runtime = ThreadRuntime()
    code, output, demo = run_demo(citizens_only, runtime, timeout=15)
    assert code == 0, output
    assert [c[0] for c in runtime.commands] == ["migrate", "setup", "doctor"]
    assert "created group citizens (id " in output and "created category Source Citizens (id " in output
    assert "created webhook http://127.0.0.1:" in output and "all checks passed" in output
    assert "✓ a reply by circleup threaded under osioke's application" in output
    assert "✓ osioke added to the citizens group; a message from circleup to osioke" in output
    assert "skipped: the skills flow is not registered (sync.FLOWS)" in output
    assert "skipped: the matching flow is not registered (sync.FLOWS)" in output
    assert "skipped: the clinics flow is not registered (sync.FLOWS)" in output
    # The second programme is the citizens flow's: played, its badge (the recognition flow's) not checked.
    assert "✓ a reply by circleup threaded under amara's offer" in output
    assert "not checked: amara granted the Learning Ambassador badge (the recognition flow is not registered)" in output
    assert demo.scene.sim.group_usernames(AMBASSADORS) == ["amara"] and demo.scene.sim.badges_of("amara") == []
    # The threads as members read them: circleup's replies threaded, its markers gone, PMs included.
    thread = output.split("━━ Source Citizens: peer learning about peer learning  (Community)", 1)[1].split("━━", 1)[0]
    assert "  #2 osioke:" in thread and "  #3 circleup, replying to #2:" in thread and "@osioke" in thread
    assert "<!--" not in output
    assert "(private message between circleup, osioke)" in output
    assert output.splitlines()[-1].startswith("demo finished in ")
    assert not demo.folder.exists()  # cleaned up after a good run


def _posts_by_circleup(sim, topic_id: int) -> list:
    return [p for p in sim.posts_in(topic_id) if sim.users[p.user_id].username == BOT]


def _topic_titled(sim, title: str):
    [topic] = [t for t in sim.topics.values() if t.title == title]
    return topic


def _people_on(sim, topic) -> set[str]:
    users = {sim.users[i].username for i in topic.allowed_user_ids}
    return users | {sim.groups[g].name for g in topic.allowed_group_ids}


@pytest.mark.slow
def test_the_demo_shows_circles_forming_a_second_programme_and_a_clinic_on_the_forum():
    """Every registered flow: what the new steps print is what happened on the simulated forum."""
    code, output, demo = run_demo(sync.flows(), ThreadRuntime(), timeout=15, keep=True)
    try:
        assert code == 0, output
        sim, scene = demo.scene.sim, demo.scene

        # Circles: three said they were in, the circle formed, its group message lost lena when she left.
        circle = _topic_titled(sim, CIRCLE_TITLE)
        [formed] = [p for p in _posts_by_circleup(sim, circle.id) if "has formed" in p.raw]
        assert all(f"[{name}](/u/{name})" in formed.raw for name in ("amara", "osioke", "lena"))
        assert "[amara](/u/amara) — facilitating" in formed.raw
        title = f"Your learning circle: {CIRCLE_TITLE}"
        [message] = [t for t in sim.private_messages_to("tomi") if t.title == title]
        assert "@lena" in sim.first_post(message.id).raw  # she was on it when it was sent …
        assert _people_on(sim, message) == {BOT, "tomi", "amara", "osioke"}  # … and taken off after "I'm out"
        assert [p.action_code for p in sim.posts_in(message.id) if p.action_code] == ["removed_user"]
        assert f'group message "{title}" from circleup to amara, lena, osioke, tomi' in output
        assert f'group message "{title}" now to amara, osioke, tomi: lena taken off' in output
        active = sim.first_post(scene.config["matching"]["active_topic_id"]).raw
        assert f"/t/{circle.id}) — 2 members, formed" in active.split("### Lagos", 1)[1]

        # Learning Ambassadors: amara's offer, the working group's notice and approval, progress, badge.
        call = scene.ambassadors_topic
        [offer] = [p for p in sim.posts_in(call) if sim.users[p.user_id].username == "amara"]
        thanks, progress = [p for p in _posts_by_circleup(sim, call) if p.reply_to_post_number == offer.post_number]
        assert "Thanks for offering to become a Learning Ambassador" in thanks.raw
        assert readable(progress.raw).splitlines()[0] == (
            "@amara is now a Learning Ambassador: ambassador 1 of 20. Welcome! :tada:")
        [notice] = [t for t in sim.topics.values() if t.title == "New Learning Ambassador application: @amara"]
        assert _people_on(sim, notice) == {BOT, "working-group"}
        assert sim.group_usernames(AMBASSADORS) == ["amara"] and "amara" not in sim.group_usernames("citizens")
        assert sim.badges_of("amara") == ["Learning Ambassador"]
        assert "amara's badges: Learning Ambassador" in output

        # The clinic: announced with its time, on the calendar topic and in the feed, two on its roster.
        clinic = _topic_titled(sim, CLINIC_TITLE)
        [announcement] = _posts_by_circleup(sim, clinic.id)
        day = scene.notes["clinic_day"].isoformat()
        assert f'**When:** [date={day} time=16:00 timezone="Africa/Lagos"]' in announcement.raw
        assert "@osioke" in announcement.raw
        calendar = sim.first_post(scene.config["clinics"]["calendar_topic_id"]).raw
        [row] = [line for line in calendar.splitlines() if f"/t/{clinic.slug}/{clinic.id})" in line]
        assert row.startswith(f'| [date={day} time=16:00 timezone="Africa/Lagos"] | [amara](/u/amara) |')
        assert f"{scene.service_url}/clinics.ics" in calendar  # the feed, linked from the calendar
        assert f"/clinics.ics: SUMMARY:{CLINIC_TITLE}  DTSTART:{scene.notes['clinic_day']:%Y%m%d}T150000Z" in output
        assert sorted(scene.roster(clinic.id)) == ["osioke", "tomi"]
        assert f"(`circleup clinics show {clinic.id}` prints it" in output
        assert "FAIL" not in output and "not checked" not in output
    finally:
        demo.scene.close()
        shutil.rmtree(demo.folder)


def test_an_outcome_that_never_comes_is_named_with_where_to_look(citizens_only):
    # The worker runs no flow at all: deliveries are stored and ignored, nobody replies.
    code, output, demo = run_demo(citizens_only, ThreadRuntime(flows_in_worker=()), timeout=1.5)
    assert code == 1
    assert ("FAIL did not happen within 1.5s: a reply by circleup threaded under osioke's application. "
            f"Look at `circleup events list --status failed` in {demo.folder}") in output
    assert "amara applies" not in output  # the rest of that step depends on it
    assert f"set -a; . {demo.folder / 'demo.env'}; set +a; circleup events list --status failed" in output
    assert demo.folder.exists() and "DATABASE_URL=sqlite:///" in (demo.folder / "demo.env").read_text()
    shutil.rmtree(demo.folder)


def test_readable_removes_circleups_markers_only():
    raw = "Thanks for your application, @osioke!\n\n<!-- circleup:citizens:thanks:post:12 -->\n"
    assert readable(raw) == "Thanks for your application, @osioke!"
    assert readable("<!-- a member's own comment -->\nhello") == "<!-- a member's own comment -->\nhello"


@pytest.mark.slow
def test_circleup_demo_runs_end_to_end():
    """The real `circleup demo`: simulator, serve and worker processes, the whole scenario."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCOURSE_", "CIRCLEUP_"))}
    done = subprocess.run([sys.executable, "-c", "from circleup.cli import main; main()", "demo"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert "✓ a reply by circleup threaded under osioke's application" in done.stdout
    for outcome in ("circleup announces in tomi's topic that the circle has formed",
                    "lena taken off the circle's group message", "amara granted the Learning Ambassador badge",
                    "the clinic in circleup's calendar feed, /clinics.ics", "osioke and tomi on the clinic's roster"):
        assert outcome in done.stdout
    assert "FAIL" not in done.stdout and "not checked" not in done.stdout
    assert "demo finished in " in done.stdout  # how long it took is for people (and the timeout above)
