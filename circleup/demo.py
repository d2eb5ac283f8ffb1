"""`circleup demo`: the whole service, for real, on a simulated forum, played by a scripted community.

What it does, in order:

1. starts the Discourse simulator over HTTP on a free port (a thread of this process, so the script
   can act as members through its Python API) and seeds a small Source Citizens community;
2. makes a temporary instance folder (SQLite database and embedded SQLite queue, the defaults) and
   writes a demo `circleup.yaml`;
3. runs `circleup migrate`, then `circleup setup`, which brings the forum from nothing to what the
   configuration names (the citizens group and its private category, the call for applications,
   a category and directory topic per skill area, the skills user fields, the circles' tag, the
   webhook) and records their ids in circleup.yaml; then `circleup doctor`, which must pass;
4. starts `circleup serve` and `circleup worker` as processes;
5. plays the scenario, one step per flow: members apply in the thread and a moderator approves
   (citizens), members fill in their skills fields (skills), someone proposes a learning circle
   (matching). A step whose flow is not registered (sync.FLOWS) is skipped with a note. After each
   action the demo waits, polling the forum, for the outcome a member would see, and says what did
   not happen, and where to look, if it does not come;
6. prints the threads as a member reads them (circleup's hidden markers removed), the dashboard
   URL when it answers, stops everything and exits 0 (1 when an expected outcome never came; the
   instance folder is then kept for `circleup events list --status failed`).

The processes are started through a `Runtime`; `SubprocessRuntime` is the real one, tests may
pass one that runs the same commands in threads.
"""
from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import requests
import yaml

BOT = "circleup"
CITIZENS, SKILLS, MATCHING = "citizens", "skills", "matching"
_MARKER = re.compile(r"[ \t]*<!--\s*circleup:.*?-->[ \t]*\n?", re.S)
# Environment that would point the demo's processes at a real installation: never inherited.
_SCRUBBED_ENV = ("DISCOURSE_", "CIRCLEUP_", "DATABASE_URL", "QUEUE_URL", "PROMETHEUS_MULTIPROC_DIR", "WEB_CONCURRENCY", "PORT")

OSIOKE_APPLIES = """\
I love this! In my locality these peer learning groups are happening a lot, from Consonance Club and
Àsà Coterie to Growth Clinic. They mostly start and grow on WhatsApp, and I facilitate two of them in Lagos."""

AMARA_APPLIES = """\
Count me in. I run a Python study group at the public library on Saturdays: eight people, one free
online course, and we take turns facilitating. I would love to trade tips with other facilitators."""

CIRCLE_PROPOSAL = """\
I'd like to start a learning circle on Python for data analysis (pandas, plotting, cleaning messy
spreadsheets), meeting weekly at the Yaba library in Lagos. Who would facilitate or join?"""

SKILL_AREAS = (
    ("Technology", "Python, programming and data tools: who can share them, who wants to learn them."),
    ("Languages & translation", "Spoken languages and translation: who can share them, who wants to learn them."),
)


# -- the demo's configuration --------------------------------------------------------------------


def base_config(flows: Iterable[str], webhook_url: str) -> dict:
    """The demo's circleup.yaml as an admin writes it: names only. `circleup setup` adds the ids."""
    present = set(flows)
    config: dict[str, Any] = {
        "webhook": {"public_url": webhook_url},
        # The demo's forum has no API limit; a real one allows 60 a minute, so keep the default 50 there.
        "discourse": {"requests_per_minute": 1000},
        "worker": {"threads": 4, "retry_backoff_s": 0.5, "retry_backoff_max_s": 5.0},
        "logging": {"format": "json"},
    }
    if CITIZENS in present:
        config["citizens"] = {"group": "citizens", "category": "Source Citizens", "approvers_group": "approvers",
                              "application_category": "Community", "goal": 100}
    if SKILLS in present:
        config["skills"] = {"areas": [{"name": area} for area, _ in SKILL_AREAS], "directory_interval_s": 0.5}
    return config


def seed_community(sim: Any) -> None:
    """The forum before circleup arrives: staff, the approvers, members, an open category."""
    sim.add_user("sal", name="Sal", admin=True, trust_level=4)
    sim.add_user("ruth", name="Ruth Mensah", moderator=True, trust_level=4)
    sim.add_user("bart", name="Bart", trust_level=3)
    sim.add_user("osioke", name="Osioke Eguavoen", timezone="Africa/Lagos", location="Lagos")
    sim.add_user("amara", name="Amara Okafor", timezone="Africa/Lagos", location="Lagos")
    sim.add_user("lena", name="Lena Park", timezone="Europe/Berlin", location="Berlin")
    sim.add_user("tomi", name="Tomi Adeyemi", timezone="Africa/Lagos", location="Lagos")
    sim.add_group("approvers", full_name="Application approvers", members=["ruth", "bart"])
    sim.add_category("Community", description="Everything about peer learning")


# -- the scenario ------------------------------------------------------------------------------------


@dataclass
class Scene:
    """What the script knows while it plays: the forum, the ids in the config, posts it made."""

    sim: Any
    config: dict
    notes: dict[str, Any] = field(default_factory=dict)

    # Reads of the forum as its members see it.
    def bot_replies_to(self, topic_id: int, post_number: int) -> list[Any]:
        bot = self.sim.user(BOT).id
        return [p for p in self.sim.posts_in(topic_id) if p.user_id == bot and p.reply_to_post_number == post_number]

    def bot_posts(self, topic_id: int) -> list[Any]:
        bot = self.sim.user(BOT).id
        return [p for p in self.sim.posts_in(topic_id) if p.user_id == bot]

    def messages_to(self, username: str) -> list[Any]:
        return [t for t in self.sim.private_messages_to(username) if self.sim.users[t.user_id].username == BOT]

    @property
    def application_topic(self) -> int:
        return self.config["citizens"]["application_topic_ids"][0]


@dataclass
class Expect:
    """An outcome a member would notice, polled until it holds."""

    what: str  # "circleup replied under osioke's application", said when it does not happen
    holds: Callable[[Scene], bool]


@dataclass
class Beat:
    say: str
    act: Callable[[Scene], None]
    expect: list[Expect]


@dataclass
class Step:
    flow: str
    title: str
    beats: list[Beat]


def _apply(username: str, text: str) -> Beat:
    def act(scene: Scene) -> None:
        post = scene.sim.reply(username, scene.application_topic, text)
        scene.notes[f"application:{username}"] = post.post_number

    return Beat(
        f"{username} applies to be a Source Citizen by replying in the thread",
        act,
        [Expect(f"a reply by circleup threaded under {username}'s application",
                lambda s: bool(s.bot_replies_to(s.application_topic, s.notes[f"application:{username}"])))],
    )


def _fill_skills(username: str, share: str, learn: str) -> Callable[[Scene], None]:
    def act(scene: Scene) -> None:
        skills = scene.config["skills"]  # the user field ids `circleup setup` recorded
        scene.sim.update_user(username, user_fields={str(skills["share_field"]): share, str(skills["learn_field"]): learn})

    return act


def _directory_lists(area_index: int, username: str) -> Expect:
    def holds(scene: Scene) -> bool:
        topic_id = scene.config["skills"]["areas"][area_index]["directory_topic_id"]
        return any(username in p.raw for p in scene.bot_posts(topic_id))

    return Expect(f"the {SKILL_AREAS[area_index][0]} skills directory lists {username}", holds)


def _propose_circle(scene: Scene) -> None:
    community = next(c.id for c in scene.sim.categories.values() if c.name == "Community")
    post = scene.sim.create_topic("tomi", "Learning circle: Python for data analysis in Lagos", CIRCLE_PROPOSAL,
                                  community, tags=["learningcircles"])
    scene.notes["circle_topic"] = post.topic_id


def _same_city_first(scene: Scene) -> bool:
    """The circle meets in Lagos: of the two members who share Python, the one living there (her
    Discourse profile's location) comes first, and the reply says why."""
    posts = scene.bot_posts(scene.notes["circle_topic"])
    if not posts:
        return False
    lines = [line for line in posts[0].raw.splitlines() if line.startswith("- @")]
    return bool(lines) and lines[0].startswith("- @amara") and "also in Lagos" in lines[0]


def scenario() -> list[Step]:
    return [
        Step(CITIZENS, "citizens: applications in the thread, a moderator's decision", [
            _apply("osioke", OSIOKE_APPLIES),
            _apply("amara", AMARA_APPLIES),
            Beat("ruth (moderator, approvers group) approves osioke with `/approve @osioke`",
                 lambda s: s.sim.reply("ruth", s.application_topic, "/approve @osioke\nWelcome aboard, Osioke!"),
                 [Expect("osioke added to the citizens group", lambda s: "osioke" in s.sim.group_usernames("citizens")),
                  Expect("a message from circleup to osioke", lambda s: bool(s.messages_to("osioke")))]),
        ]),
        Step(SKILLS, "skills: members fill in what they can share and want to learn", [
            Beat("lena, amara and osioke fill in their skills profile fields",
                 lambda s: [_fill_skills("lena", "Python, statistics, German", "Yoruba")(s),
                            _fill_skills("amara", "Python, Django", "Rust, Spanish")(s),
                            _fill_skills("osioke", "SQL, data visualisation, Yoruba", "Python")(s)],
                 [_directory_lists(0, "lena"), _directory_lists(0, "amara"), _directory_lists(1, "osioke")]),
        ]),
        Step(MATCHING, "matching: a learning circle is proposed", [
            Beat('tomi opens "Learning circle: Python for data analysis in Lagos", tagged learningcircles',
                 _propose_circle,
                 [Expect("a reply by circleup in tomi's learning circle topic",
                         lambda s: bool(s.bot_posts(s.notes["circle_topic"]))),
                  Expect("amara, who shares Python and lives in Lagos, suggested first (before lena in Berlin)",
                         _same_city_first)]),
        ]),
    ]


# -- processes ---------------------------------------------------------------------------------------


class Runtime(Protocol):
    def command(self, args: Sequence[str], env: dict[str, str]) -> tuple[int, str, str]:
        """Run `circleup ARGS` to completion; (exit code, its output, its log and error output)."""

    def start(self, name: str, args: Sequence[str], env: dict[str, str], log: Path) -> None:
        """Start a long-running `circleup ARGS` (serve, worker), its output going to `log`."""

    def dead(self) -> str | None:
        """The name of a started service that has exited, if any."""

    def stop(self) -> None:
        """Stop every started service."""


class SubprocessRuntime:
    """Each command a real `circleup` process, run by this Python (so the same virtualenv)."""

    def __init__(self, python: str = sys.executable) -> None:
        self.argv = [python, "-c", "from circleup.cli import main; main()"]
        self.processes: dict[str, subprocess.Popen] = {}
        self._logs: list[Any] = []

    def command(self, args: Sequence[str], env: dict[str, str]) -> tuple[int, str, str]:
        done = subprocess.run([*self.argv, *args], env=env, capture_output=True, text=True, timeout=120)
        return done.returncode, done.stdout.rstrip(), done.stderr.rstrip()

    def start(self, name: str, args: Sequence[str], env: dict[str, str], log: Path) -> None:
        handle = log.open("ab")
        self._logs.append(handle)
        self.processes[name] = subprocess.Popen([*self.argv, *args], env=env, stdout=handle, stderr=subprocess.STDOUT,
                                                start_new_session=True)

    def dead(self) -> str | None:
        return next((name for name, p in self.processes.items() if p.poll() is not None), None)

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + 10
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for handle in self._logs:
            handle.close()


# -- the demo ----------------------------------------------------------------------------------------


class DemoFailed(Exception):
    """Something the demo cannot go on without (a command failed, a process died)."""


@dataclass
class Demo:
    flows: Sequence[Any]  # the registered flows' declarations (sync.flows())
    runtime: Runtime
    out: Callable[[str], None] = print
    timeout: float = 20.0
    keep: bool = False
    folder: Path | None = None
    failures: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)  # the environment of circleup's processes
    port: int = 0  # circleup serve's

    @property
    def flow_names(self) -> list[str]:
        return [flow.name for flow in self.flows]

    def run(self) -> int:
        started = time.monotonic()
        self.folder = Path(tempfile.mkdtemp(prefix="circleup-demo-"))
        stop = threading.Event()
        try:
            sim, forum_url = self._start_simulator(stop)
            scene = self._prepare(sim, forum_url)
            self._play(scene)
            self._print_threads(scene)
            self._print_dashboard()
        except DemoFailed as exc:
            self.failures.append(str(exc))
            self.out(f"\nFAIL {exc}")
        finally:
            self.runtime.stop()
            stop.set()
        seconds = time.monotonic() - started
        if self.failures:
            self.out(f"\ndemo finished in {seconds:.1f}s with {len(self.failures)} problem(s); "
                     f"the instance is kept in {self.folder}:")
            self.out(f"  set -a; . {self.folder / 'demo.env'}; set +a; circleup events list --status failed")
            self.out(f"  logs: {self.folder / 'serve.log'}, {self.folder / 'worker.log'}")
            return 1
        self.out(f"\ndemo finished in {seconds:.1f}s")
        if self.keep:
            self.out(f"the instance is kept in {self.folder} (set -a; . {self.folder / 'demo.env'}; set +a)")
        else:
            shutil.rmtree(self.folder, ignore_errors=True)
        return 0

    # -- set-up --------------------------------------------------------------------------------------

    def _start_simulator(self, stop: threading.Event) -> tuple[Any, str]:
        from circleup.simulator import serve

        ready: dict[str, Any] = {}
        up = threading.Event()

        def on_ready(sim: Any, url: str) -> None:
            ready.update(sim=sim, url=url)
            up.set()

        thread = threading.Thread(target=serve, name="demo-simulator", daemon=True,
                                  kwargs=dict(port=0, bot_username=BOT, seed=False, api_rate_limit=None,
                                              stop=stop, on_ready=on_ready))
        thread.start()
        if not up.wait(10):
            raise DemoFailed("the Discourse simulator did not start within 10s")
        sim = ready["sim"]
        seed_community(sim)
        self.out(f"== a simulated Discourse forum on {ready['url']}: staff sal and ruth, approvers ruth and bart, "
                 "members osioke, amara, lena and tomi")
        return sim, ready["url"]

    def _prepare(self, sim: Any, forum_url: str) -> Scene:
        from circleup.sync import load_settings
        from circleup.integration.discourse import DiscourseClient

        folder = self.folder
        port = _free_port()
        webhook_url = f"http://127.0.0.1:{port}/webhooks/discourse"
        config = base_config(self.flow_names, webhook_url)
        env = self._environment(forum_url, sim.api_key)
        self.env, self.port = env, port
        sim.settings.enable_discourse_connect_provider = True
        sim.settings.discourse_connect_provider_secret = env["DISCOURSE_CONNECT_SECRET"]
        sim.sso_login_as("ruth")  # who is "logged in" at the forum when the dashboard asks
        config_path = Path(env["CIRCLEUP_CONFIG"])
        config_path.write_text(yaml.safe_dump(config, sort_keys=False))
        (folder / "demo.env").write_text("".join(f"{k}={v}\n" for k, v in sorted(env.items()) if _is_ours(k)))

        self.out(f"\n== circleup in {folder}, on a forum that has none of what it needs yet")
        self.out(f"  circleup.yaml names things, no ids:\n"
                 + "\n".join(f"    {line}" for line in yaml.safe_dump(config, sort_keys=False, allow_unicode=True).splitlines()))
        self._command("migrate")
        self._command("setup")
        self._command("doctor")
        config = yaml.safe_load(config_path.read_text())  # with the ids setup recorded
        self.runtime.start("serve", ["serve", "--port", str(port), "--workers", "1"], env, folder / "serve.log")
        self.runtime.start("worker", ["worker", "--threads", "4"], env, folder / "worker.log")
        self._wait_for_health(port)
        self.out(f"  circleup serve on http://127.0.0.1:{port}, circleup worker running")
        return Scene(sim, config)

    def _environment(self, forum_url: str, api_key: str) -> dict[str, str]:
        folder = self.folder
        env = {k: v for k, v in os.environ.items() if not k.startswith(_SCRUBBED_ENV)}
        env.update({
            "DISCOURSE_URL": forum_url,
            "DISCOURSE_API_KEY": api_key,
            "DISCOURSE_API_USERNAME": BOT,
            "DISCOURSE_WEBHOOK_SECRET": secrets.token_urlsafe(24),
            # The dashboard signs in through the simulated forum (DiscourseConnect).
            "DISCOURSE_CONNECT_SECRET": secrets.token_urlsafe(24),
            "CIRCLEUP_SESSION_SECRET": secrets.token_urlsafe(32),
            "CIRCLEUP_INSTANCE_PATH": str(folder / "instance"),
            "CIRCLEUP_CONFIG": str(folder / "circleup.yaml"),
            "DATABASE_URL": f"sqlite:///{folder / 'instance' / 'circleup.db'}",
            "QUEUE_URL": f"sqlite:///{folder / 'instance' / 'queue.db'}",
            "PYTHONUNBUFFERED": "1",
        })
        return env

    def _command(self, name: str, *, must_pass: bool = True) -> None:
        self.out(f"$ circleup {name}")
        code, output, errors = self.runtime.command([name], self.env)
        for line in output.splitlines():
            self.out(f"  {line}")
        if code != 0:
            for line in errors.splitlines()[-10:]:  # its log lines only matter when it failed
                self.out(f"  {line}")
            if must_pass:
                raise DemoFailed(f"`circleup {name}` exited with {code}")

    def _wait_for_health(self, port: int) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            self._check_alive()
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    return
            time.sleep(0.1)
        raise DemoFailed(f"circleup serve did not answer /healthz on port {port} within 20s (see {self.folder / 'serve.log'})")

    def _check_alive(self) -> None:
        dead = self.runtime.dead()
        if dead:
            log = self.folder / f"{dead}.log"
            tail = log.read_text(errors="replace").strip().splitlines()[-5:] if log.exists() else []
            raise DemoFailed(f"`circleup {dead}` exited; the end of {log}:\n    " + "\n    ".join(tail))

    # -- the scenario ----------------------------------------------------------------------------------

    def _play(self, scene: Scene) -> None:
        for step in scenario():
            self.out(f"\n== {step.title}")
            if step.flow not in self.flow_names:
                self.out(f"  skipped: the {step.flow} flow is not registered (sync.FLOWS)")
                continue
            for beat in step.beats:
                self.out(f"  {beat.say}")
                try:
                    beat.act(scene)
                except Exception as exc:  # noqa: BLE001 - the forum refused the script: say so, go on
                    self.failures.append(f"{step.flow}: the forum refused the demo's action: {exc}")
                    self.out(f"  FAIL the forum refused it: {exc}")
                    break
                missed = self._wait(scene, beat.expect)
                if missed:
                    self.failures.append(f"{step.flow}: {missed}")
                    self.out(f"  FAIL did not happen within {self.timeout:g}s: {missed}. Look at "
                             f"`circleup events list --status failed` in {self.folder} (how: at the end) "
                             f"and at {self.folder / 'worker.log'}")
                    break
                self.out("    ✓ " + "; ".join(e.what for e in beat.expect))

    def _wait(self, scene: Scene, expectations: list[Expect]) -> str | None:
        """Poll until every expectation holds; the first that did not, on timeout."""
        deadline = time.monotonic() + self.timeout
        pending = list(expectations)
        while True:
            pending = [e for e in pending if not _holds(e, scene)]
            if not pending:
                return None
            if time.monotonic() > deadline:
                return pending[0].what
            self._check_alive()
            time.sleep(0.05)

    # -- what members read ------------------------------------------------------------------------------

    def _print_threads(self, scene: Scene) -> None:
        sim = scene.sim
        self.out("\n== the forum, as its members read it")
        with sim.lock:
            topics = sorted((t for t in sim.topics.values() if t.deleted_at is None), key=lambda t: (t.is_private_message, t.id))
        for topic in topics:
            if topic.is_private_message:
                people = sorted({sim.users[i].username for i in topic.allowed_user_ids} |
                                {sim.groups[g].name for g in topic.allowed_group_ids})
                where = "private message between " + ", ".join(people)
            else:
                where = sim.categories[topic.category_id].name + (f", tags: {', '.join(topic.tags)}" if topic.tags else "")
            self.out(f"\n━━ {topic.title}  ({where})")
            for post in sim.posts_in(topic.id):
                if post.post_type == 4:  # whispers are for staff
                    continue
                author = sim.users[post.user_id].username
                reply = f", replying to #{post.reply_to_post_number}" if post.reply_to_post_number else ""
                self.out(f"  #{post.post_number} {author}{reply}:")
                for line in readable(post.raw).splitlines():
                    self.out(f"      {line}".rstrip())

    def _print_dashboard(self) -> None:
        url = f"http://127.0.0.1:{self.port}/dashboard"
        with contextlib.suppress(requests.RequestException):
            status = requests.get(url, timeout=2, allow_redirects=False).status_code
            if status != 404:
                self.out(f"\nthe moderators' dashboard answered at {url}: it signs in through the simulated forum "
                         "as ruth, a moderator (it stops with the demo; `circleup serve` serves it)")


def readable(raw: str) -> str:
    """A post's raw text as members see it: circleup's hidden markers removed."""
    return _MARKER.sub("\n", raw).strip()


def _holds(expectation: Expect, scene: Scene) -> bool:
    try:
        return bool(expectation.holds(scene))
    except (KeyError, IndexError):  # what it reads is not there yet
        return False


def _is_ours(name: str) -> bool:
    return name.startswith(("DISCOURSE_", "CIRCLEUP_")) or name in ("DATABASE_URL", "QUEUE_URL")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
