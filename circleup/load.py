"""A community's load against a faulty forum, with real `circleup worker` processes.

The fault test (tests/integration/test_faults.py) and bench/faults.py both run this: applications
in the citizens thread (a share of them delivered twice more, as the same Event-Id again and as
Discourse's retry under a new one), learning-circle proposals, and moderators approving applicants
once they were thanked. The simulator serves the Discourse API over HTTP and may fail at random
(429 with a short wait, 502, writes carried out but answered 502), go down entirely for a while,
and be used by several worker processes, one of which may be killed with SIGKILL mid-run.

What must hold is checked on the forum itself: every applicant thanked exactly once, every circle
answered exactly once, every approval granted once (a member of the group, one welcome message), no
post made twice (circleup's markers are unique), and no event or action failed.
"""
from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from circleup.demo import CITIZENS, MATCHING, base_config, seed_community
from circleup.simulator import Simulator

BOT = "circleup"
RECEIVER = "https://circleup.example.org/webhooks/discourse"
SECRET = "load-webhook-secret-0123"
MODERATOR = "ruth"
_MARKER = re.compile(r"<!-- circleup:[^>]+-->")
APPLICATION = ("I facilitate a peer learning group on {topic} in {city}, meeting every week at the library, "
               "and would love to join the Source Citizens to trade tips with other facilitators.")
CIRCLE = ("I'd like to start a learning circle on {topic} meeting weekly in {city}. "
          "Who would facilitate or join? Beginners are welcome.")
TOPICS = ("Python", "statistics", "Spanish", "pottery", "bookkeeping", "photography", "German", "SQL")
CITIES = ("Lagos", "Berlin", "Accra", "Lima", "Pune", "Leeds")


@dataclass
class Load:
    applications: int = 80
    duplicated_share: float = 1 / 3  # delivered twice more: Redeliver (same id) and a retry (new id)
    circles: int = 10
    approvals: int = 10


@dataclass
class Faults:
    seed: int = 15
    rate_limit: float = 0.0
    server_error: float = 0.0
    lost_write: float = 0.0
    wait_seconds: tuple[int, int] = (1, 3)

    @property
    def any(self) -> bool:
        return bool(self.rate_limit or self.server_error or self.lost_write)


@dataclass
class Outcome:
    deliveries: int = 0
    api_calls: int = 0  # every request circleup sent to the forum's API
    faults: Counter = field(default_factory=Counter)
    applicants_unthanked: list[str] = field(default_factory=list)
    applicants_thanked_twice: list[str] = field(default_factory=list)
    circles_unanswered: list[int] = field(default_factory=list)
    circles_answered_twice: list[int] = field(default_factory=list)
    approvals_missing: list[str] = field(default_factory=list)
    approvals_doubled: list[str] = field(default_factory=list)
    doubled_markers: list[str] = field(default_factory=list)
    failed_events: int = 0
    failed_actions: int = 0
    open_rows: int = 0
    drain_s: float = 0.0
    takeover_s: float | None = None
    claims_at_kill: int = 0
    connections_dropped: int = 0
    redelivered: int = 0  # deliveries the receiver refused (503) and Discourse sent again

    @property
    def lost(self) -> int:
        return len(self.applicants_unthanked) + len(self.circles_unanswered) + len(self.approvals_missing)

    @property
    def doubled(self) -> int:
        return (len(self.applicants_thanked_twice) + len(self.circles_answered_twice) + len(self.approvals_doubled)
                + len(self.doubled_markers))

    @property
    def failed(self) -> int:
        return self.failed_events + self.failed_actions

    @property
    def held(self) -> bool:
        return self.lost == 0 and self.doubled == 0 and self.failed == 0 and self.open_rows == 0


class _Caught(threading.Event):
    port: int = 0


class FaultyForumRun:
    """One forum, one circleup (receiver in this process, workers as processes), one load."""

    def __init__(self, folder: Path, database_url: str, queue_url: str, *, worker: dict[str, Any],
                 requests_per_minute: int = 1000, log_level: str = "WARNING") -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.label = f"circleup-load-{uuid.uuid4().hex[:8]}"
        # Named connections, so this run can drop its own (and only its own) mid-run.
        self.database_url = _with_query(database_url, application_name=self.label) if database_url.startswith("postgresql") else database_url
        self.queue_url = _with_query(queue_url, client_name=self.label) if not queue_url.startswith(("sqlite", "memory")) else queue_url
        self.worker_settings = worker
        self.requests_per_minute = requests_per_minute
        self.log_level = log_level
        self.sim = Simulator(bot_username=BOT, delivery="background")
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per API call otherwise
        self.sim.settings.unique_posts_mins = 0
        self.workers: list[subprocess.Popen] = []
        self._stack = contextlib.ExitStack()
        self.app = None
        self.applicants: list[str] = []
        self.application_posts: dict[str, int] = {}  # username -> post number
        self.circles: list[int] = []
        self.approved: list[str] = []

    # -- set up ----------------------------------------------------------------------------------
    def __enter__(self) -> FaultyForumRun:
        from circleup import sync
        from circleup.integration.forum_setup import ForumSetup, collect_requirements, set_config_value
        from circleup.integration.store.migrate import upgrade

        url = self._stack.enter_context(self.sim.serve_in_thread())
        self.sim.base_url = url
        seed_community(self.sim)
        flows = [CITIZENS, MATCHING]
        config = base_config(flows, RECEIVER)
        config["discourse"]["requests_per_minute"] = self.requests_per_minute
        config["worker"] = dict(self.worker_settings)
        config["logging"] = {"level": self.log_level, "format": "json"}
        config.pop("skills", None)
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DISCOURSE_", "CIRCLEUP_"))
               and k not in ("DATABASE_URL", "QUEUE_URL", "PROMETHEUS_MULTIPROC_DIR")},
            "DISCOURSE_URL": url, "DISCOURSE_API_KEY": self.sim.api_key, "DISCOURSE_API_USERNAME": BOT,
            "DISCOURSE_WEBHOOK_SECRET": SECRET, "DATABASE_URL": self.database_url, "QUEUE_URL": self.queue_url,
            "CIRCLEUP_CONFIG": str(self.folder / "circleup.yaml"), "CIRCLEUP_INSTANCE_PATH": str(self.folder / "instance"),
        }
        (self.folder / "circleup.yaml").write_text("{}\n")
        settings = sync.load_settings(self.env, config)
        setup = ForumSetup(self.sim.client())
        # What `circleup setup` does: the flows' requirements, their ids into the configuration.
        for outcome in setup.ensure(collect_requirements(settings, sync.flows())):
            if outcome.id_to_configure:
                set_config_value(config, *outcome.id_to_configure)
        # Circles are proposed in the seeded community's open category, as members would.
        self.circles_category = next(c.id for c in self.sim.categories.values() if c.name == "Community")
        (self.folder / "circleup.yaml").write_text(yaml.safe_dump(config))
        self.application_topic = config["citizens"]["application_topic_ids"][0]
        upgrade(self.database_url)
        from circleup.webhooks.app import create_app

        self.app = create_app({"env": self.env})
        self.sim.requests.clear()  # what setting the forum up took is not the load's
        self._stack.callback(lambda: self.app.extensions["circleup"].close())
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop_workers()
        self._stack.close()
        self.sim.close()

    def add_members(self, load: Load) -> None:
        """Applicants and circle proposers sign up before circleup listens (their sign-ups are history)."""
        for index in range(load.applications):
            name = f"facilitator{index:03d}"
            self.sim.add_user(name, name=f"Facilitator {index}", location=CITIES[index % len(CITIES)])
            self.applicants.append(name)
        for index in range(load.circles):
            self.sim.add_user(f"proposer{index:02d}", name=f"Proposer {index}")
        self.sim.add_webhook(RECEIVER, SECRET)
        self.sim.deliver_to(self.app)

    # -- workers ---------------------------------------------------------------------------------
    def start_worker(self) -> subprocess.Popen:
        log = open(self.folder / f"worker-{len(self.workers)}.log", "ab")  # noqa: SIM115 - kept for the process
        process = subprocess.Popen([sys.executable, "-c", "from circleup.cli import main; main()", "worker"],
                                   env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.workers.append(process)
        return process

    def kill(self, process: subprocess.Popen) -> None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)

    def stop_workers(self) -> None:
        for process in self.workers:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in self.workers:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)

    # -- the load --------------------------------------------------------------------------------
    def faulty(self, faults: Faults) -> None:
        if faults.any:
            self.sim.faults.random_faults(seed=faults.seed, rate_limit=faults.rate_limit,
                                          server_error=faults.server_error, lost_write=faults.lost_write,
                                          wait_seconds=faults.wait_seconds)

    def apply_and_propose(self, load: Load) -> None:
        """Every application and proposal is posted; a share of applications is delivered three times."""
        duplicated = set(self.applicants[::max(1, round(1 / load.duplicated_share))]) if load.duplicated_share else set()
        for index, name in enumerate(self.applicants):
            text = APPLICATION.format(topic=TOPICS[index % len(TOPICS)], city=CITIES[index % len(CITIES)])
            post = self.sim.reply(name, self.application_topic, f"{text} ({name})")
            self.application_posts[name] = post.post_number
            if name in duplicated:
                event = next(e for e in reversed(self.sim.events("post_created"))
                             if json.loads(e.body)["post"]["id"] == post.id)
                self.sim.redeliver(event.id)
                self.sim.retry(event.id)
            if index < load.circles:
                topic = TOPICS[(index * 3) % len(TOPICS)]
                circle = self.sim.create_topic(
                    f"proposer{index:02d}", f"Learning circle: {topic} in {CITIES[index % len(CITIES)]} #{index}",
                    CIRCLE.format(topic=topic, city=CITIES[index % len(CITIES)]), self.circles_category,
                    tags=["learningcircles"])
                self.circles.append(circle.topic_id)

    def approve_when_thanked(self, load: Load) -> None:
        """The moderator approves the first applicants, each once circleup thanked them."""
        for name in self.applicants[:load.approvals]:
            if name not in self.approved and len(self._thanks(name)) >= 1:
                self.sim.reply(MODERATOR, self.application_topic, f"/approve @{name}\nWelcome aboard, {name}!")
                self.approved.append(name)

    # -- reading the forum -----------------------------------------------------------------------
    def _bot_posts(self, topic_id: int) -> list:
        bot = self.sim.user(BOT).id
        return [p for p in self.sim.posts_in(topic_id) if p.user_id == bot]

    def _thanks(self, name: str) -> list:
        number = self.application_posts[name]
        return [p for p in self._bot_posts(self.application_topic)
                if p.reply_to_post_number == number and any(m.endswith(":thanks -->") for m in _MARKER.findall(p.raw))]

    def _welcomes(self, name: str) -> list:
        return [t for t in self.sim.private_messages_to(name) if t.user_id == self.sim.user(BOT).id]

    def done(self, load: Load) -> bool:
        with self.sim.lock:
            return (all(self._thanks(n) for n in self.applicants)
                    and all(self._bot_posts(t) for t in self.circles)
                    and len(self.approved) == min(load.approvals, len(self.applicants))
                    and all(n in self.sim.group_usernames("citizens") and self._welcomes(n) for n in self.approved)
                    and self.open_rows() == 0)

    def open_rows(self) -> int:
        from sqlalchemy import text

        engine = self._engine()
        with engine.connect() as conn:
            return (conn.execute(text("SELECT count(*) FROM events WHERE status IN ('received', 'processing')")).scalar()
                    + conn.execute(text("SELECT count(*) FROM actions WHERE status IN ('pending', 'in_flight')")).scalar())

    def claims(self) -> dict[tuple[str, int], int]:
        """The claims held now: (table, id) -> attempt."""
        from sqlalchemy import text

        with self._engine().connect() as conn:
            rows = [("event", i, a) for i, a in conn.execute(text("SELECT id, attempts FROM events WHERE status = 'processing'"))]
            rows += [("action", i, a) for i, a in conn.execute(text("SELECT id, attempts FROM actions WHERE status = 'in_flight'"))]
        return {(kind, row_id): attempts for kind, row_id, attempts in rows}

    def claims_moved_on(self, held: dict[tuple[str, int], int]) -> bool:
        """Whether every one of these claims was finished or claimed again."""
        now = self.claims()
        return all(now.get(claim, -1) != attempts for claim, attempts in held.items())

    def _engine(self):
        if not hasattr(self, "_db"):
            from sqlalchemy import create_engine

            self._db = create_engine(self.database_url)
            self._stack.callback(self._db.dispose)
        return self._db

    def drop_connections(self) -> int:
        """PostgreSQL and Redis drop every connection of this run (pg_terminate_backend, CLIENT KILL)."""
        dropped = 0
        if self.database_url.startswith("postgresql"):
            from sqlalchemy import text

            with self._engine().connect() as conn:
                dropped += len(conn.execute(text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE application_name = :name AND pid <> pg_backend_pid()"), {"name": self.label}).all())
            self._db.dispose()
        if not self.queue_url.startswith(("sqlite", "memory")):
            import redis

            from circleup.integration.queue import redis_pool

            pool, _ = redis_pool(_with_query(self.queue_url, client_name="circleup-load-admin"))
            admin = redis.Redis(connection_pool=pool)
            for client in admin.client_list():
                if client.get("name") == self.label:
                    admin.client_kill_filter(_id=client["id"])
                    dropped += 1
            pool.disconnect()
        return dropped

    def redeliver_failed(self) -> int:
        """What Discourse's RedeliverWebHookEvents job does: send again the events whose delivery failed."""
        deliveries = self.sim.deliveries
        delivered = {d.event.id for d in deliveries if d.ok}
        failed = {d.event.id for d in deliveries if not d.ok} - delivered
        for event_id in failed:
            self.sim.redeliver(event_id)
        return len(failed)

    def run(self, load: Load, faults: Faults, *, workers: int = 2, kill_after_thanked: int | None = None,
            drop_connections_after_thanked: int | None = None, outage_s: float = 0.0,
            timeout_s: float = 600.0) -> Outcome:
        """Post the load and wait until circleup has done all of it (or `timeout_s` passed)."""
        self.add_members(load)
        for _ in range(workers):
            self.start_worker()
        self.faulty(faults)
        if outage_s:
            self.sim.faults.outage(outage_s)
        outcome = Outcome()
        started = time.monotonic()
        self.apply_and_propose(load)
        killed = kill_after_thanked is None
        caught = None
        deadline = started + timeout_s
        dropped = drop_connections_after_thanked is None
        while time.monotonic() < deadline:
            self.approve_when_thanked(load)
            outcome.redelivered += self.redeliver_failed()
            if not dropped and sum(1 for n in self.applicants if self._thanks(n)) >= drop_connections_after_thanked:
                outcome.connections_dropped = self.drop_connections()
                dropped = True
            if not killed and caught is None and sum(1 for n in self.applicants if self._thanks(n)) >= kill_after_thanked:
                caught = self._catch_a_post()
            if caught is not None and not killed and caught.wait(0):
                # A worker is waiting on Discourse for a post that Discourse will make: kill it now.
                victim = self._worker_on_port(caught.port) or self.workers[0]
                held = self.claims()
                killed_at = time.monotonic()
                self.kill(victim)
                self.start_worker()  # the operator's replacement; the survivor goes on meanwhile
                outcome.claims_at_kill = len(held)
                killed = True
            if killed and kill_after_thanked is not None and outcome.takeover_s is None and self.claims_moved_on(held):
                outcome.takeover_s = time.monotonic() - killed_at
            if self.done(load):
                break
            time.sleep(0.1)
        outcome.drain_s = time.monotonic() - started
        self.sim.wait_for_deliveries(30)
        return self.check(load, outcome)

    def _catch_a_post(self) -> _Caught:
        """The next post a worker asks for is answered slowly (and still made); the returned flag is
        set, with the worker's client port, while Discourse works on it."""
        caught = _Caught()
        plain_sleep = self.sim.faults.sleep

        def slow(seconds: float) -> None:
            from flask import request

            caught.port = int(request.environ.get("REMOTE_PORT") or 0)
            caught.set()
            plain_sleep(seconds)

        self.sim.faults.sleep = slow
        self.sim.faults.slow(seconds=1.0, times=1, path=r"^/posts\.json$")
        return caught

    def _worker_on_port(self, port: int) -> subprocess.Popen | None:
        """The worker process whose TCP connection has this local port (Linux /proc), if any."""
        inodes = set()
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            with contextlib.suppress(OSError), open(table) as lines:
                for line in list(lines)[1:]:
                    fields = line.split()
                    if int(fields[1].rsplit(":", 1)[1], 16) == port:
                        inodes.add(fields[9])
        for process in self.workers:
            with contextlib.suppress(OSError):
                fd_dir = f"/proc/{process.pid}/fd"
                for fd in os.listdir(fd_dir):
                    with contextlib.suppress(OSError):
                        if os.readlink(f"{fd_dir}/{fd}").removeprefix("socket:[").rstrip("]") in inodes:
                            return process
        return None

    def check(self, load: Load, outcome: Outcome) -> Outcome:
        from sqlalchemy import text

        with self.sim.lock:
            for name in self.applicants:
                thanks = len(self._thanks(name))
                if thanks == 0:
                    outcome.applicants_unthanked.append(name)
                elif thanks > 1:
                    outcome.applicants_thanked_twice.append(name)
            for topic_id in self.circles:
                replies = len(self._bot_posts(topic_id))
                if replies == 0:
                    outcome.circles_unanswered.append(topic_id)
                elif replies > 1:
                    outcome.circles_answered_twice.append(topic_id)
            members = set(self.sim.group_usernames("citizens"))
            for name in self.applicants[:load.approvals]:
                welcomes = len(self._welcomes(name))
                if name not in members or welcomes == 0:
                    outcome.approvals_missing.append(name)
                elif welcomes > 1:
                    outcome.approvals_doubled.append(name)
            markers = Counter(m for p in self.sim.posts.values() for m in _MARKER.findall(p.raw))
            outcome.doubled_markers = sorted(m for m, n in markers.items() if n > 1)
        outcome.deliveries = len(self.sim.deliveries)
        outcome.api_calls = len(self.sim.requests)
        outcome.faults = Counter(self.sim.faults.injected)
        with self._engine().connect() as conn:
            outcome.failed_events = conn.execute(text("SELECT count(*) FROM events WHERE status = 'failed'")).scalar()
            outcome.failed_actions = conn.execute(text("SELECT count(*) FROM actions WHERE status = 'failed'")).scalar()
        outcome.open_rows = self.open_rows()
        return outcome

    def logs(self, tail: int = 4000) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-tail:]}"
                         for p in sorted(self.folder.glob("worker-*.log")))


def _with_query(url: str, **params: str) -> str:
    from urllib.parse import urlencode

    return f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"


def postgres_schema_url(base_url: str) -> tuple[str, callable]:
    """A fresh schema in the PostgreSQL at `base_url`: its URL, and a function that drops it."""
    from sqlalchemy import create_engine, text

    schema = f"circleup_load_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base_url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))

    def drop() -> None:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()

    return f"{base_url}?options=-csearch_path%3D{schema}", drop
