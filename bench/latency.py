"""Time from the receiver's 2xx to circleup's write reaching Discourse, after quiet periods.

    python bench/latency.py                                  # both stacks, idles 0, 20, 90 and 600 s
    python bench/latency.py --quick                          # idles 0, 5 and 20 s, fewer samples
    python bench/latency.py --stacks sqlite --idles 0,20 --samples 0:10,20:4
    python bench/latency.py --circleup OTHER/bin/circleup    # the same bench against another build

Method
------
Each *lane* is a whole installation: a Discourse simulator served over real HTTP by this process,
`circleup serve --workers 1` and one `circleup worker` (worker.threads from the config, 4) as
processes, on one stack: SQLite + the embedded SQLite queue (the defaults), or PostgreSQL + Redis
(a schema and a Redis queue of its own). The simulator holds its webhook deliveries ("queue" mode);
the bench sends each one over HTTP to the receiver itself and notes when the 2xx came back. A
middleware in front of the simulator notes when each of circleup's requests arrives. The latency
of a write is the second minus the first:

* thank-you: a member replies in the application thread (post_created) → circleup's reply to it;
* approve: a moderator replies `/approve @member` (post_created) → circleup adding the member to
  the citizens group (PUT /groups/{id}/members.json);
* circle: a member opens a tagged learning circle (topic_created and post_created, sent back to
  back as Discourse sends them) → circleup's suggestions reply, timed from the later 2xx.

A sample is one write after an idle period: the lane delivers what the write caused (circleup's own
posts coming back as webhooks), waits until its database shows nothing left to do, stays idle for
the period (no request of any kind reaches circleup), then makes the write. Idle periods are real
time, not shortened: nothing is scaled. So that 600-second samples fit in one run, the samples are
spread over several lanes per stack that run side by side (the longest idles first, each lane
taking the next sample while it has the least waiting); a sample's idle period is its own lane's.
No lane measures before every lane is set up. Lanes on the same machine share its CPUs, so a write
may meet another lane's (and the machine's other work: its load average is printed): that only adds
to the figures.

The idle worker's CPU is the worker process's user + system time (from /proc) over the first
minute of each lane's first idle period of at least 60 s, in percent of one core.

Target (issue 22): p95 ≤ 1 s for every write, idle period and stack; an idle worker ≤ 1 % of a core.
"""
from __future__ import annotations

import argparse
import io
import json
import logging
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from circleup.demo import (  # noqa: E402
    CITIZENS,
    MATCHING,
    SKILLS,
    SKILL_AREAS,
    base_config,
    seed_community,
)

BOT = "circleup"
WRITES = ("thank-you", "approve", "circle")
FLOWS = [CITIZENS, SKILLS, MATCHING]
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REDIS = "redis://127.0.0.1:6379"
# A write that takes longer than this is reported as an error (the sweeper would have had to find it).
WRITE_TIMEOUT_S = 120
APPLICATION = ("I run a peer learning group ({n}) at the public library on Saturdays: eight people, one free "
               "online course, and we take turns facilitating. I would love to trade tips with others.")
CIRCLE = ("I'd like to start a learning circle on Python for data analysis (pandas, plotting, cleaning messy "
          "spreadsheets), group {n}, meeting weekly at the library. Who would facilitate or join?")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User + system CPU of one process (all its threads), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Arrivals:
    """WSGI middleware noting when each of circleup's requests reaches the simulated Discourse."""

    def __init__(self, app) -> None:
        self.app = app
        self.seen: list[tuple[float, str, str, dict]] = []
        self.cond = threading.Condition()

    def __call__(self, environ, start_response):
        arrived = time.monotonic()
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        environ["wsgi.input"] = io.BytesIO(body)
        try:
            payload = json.loads(body) if body else {}
        except ValueError:
            payload = {}
        with self.cond:
            self.seen.append((arrived, environ["REQUEST_METHOD"], environ["PATH_INFO"], payload))
            self.cond.notify_all()
        return self.app(environ, start_response)

    def wait_for(self, after: int, matches, timeout: float) -> float:
        """The arrival time of the first request from index `after` on that `matches`."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for arrived, method, path, payload in self.seen[after:]:
                    if matches(method, path, payload):
                        return arrived
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("circleup's write never reached Discourse")
                self.cond.wait(left)


@dataclass
class Sample:
    stack: str
    write: str
    idle: float
    seconds: float


@dataclass
class Lane:
    stack: str
    index: int
    circleup: str
    folder: Path
    steps: list[tuple[float, str]] = field(default_factory=list)
    redis_db: int = 0
    samples: list[Sample] = field(default_factory=list)
    idle_cpu: list[float] = field(default_factory=list)  # % of one core, per measured minute
    errors: list[str] = field(default_factory=list)

    # -- set-up ------------------------------------------------------------------------------------

    def start(self) -> None:
        from werkzeug.serving import make_server

        from circleup.integration.forum_setup import ForumSetup, collect_requirements, set_config_value
        from circleup.simulator import Simulator
        from circleup.sync import flows as registered_flows
        from circleup.sync import load_settings

        self.sim = sim = Simulator(bot_username=BOT, delivery="queue", api_rate_limit=None)
        self.arrivals = Arrivals(sim.app)
        self.http = make_server("127.0.0.1", 0, self.arrivals, threaded=True)
        sim.base_url = f"http://127.0.0.1:{self.http.server_port}"
        threading.Thread(target=self.http.serve_forever, name=f"forum-{self.name}", daemon=True).start()
        seed_community(sim)
        port = free_port()
        self.port = port
        self.secret = secrets.token_urlsafe(24)
        self.env = env = {k: v for k, v in os.environ.items()
                          if not k.startswith(("DISCOURSE_", "CIRCLEUP_", "DATABASE_URL", "QUEUE_URL", "PROMETHEUS_"))}
        env.update({
            "DISCOURSE_URL": sim.base_url, "DISCOURSE_API_KEY": sim.api_key, "DISCOURSE_API_USERNAME": BOT,
            "DISCOURSE_WEBHOOK_SECRET": self.secret, "CIRCLEUP_INSTANCE_PATH": str(self.folder / "instance"),
            "CIRCLEUP_CONFIG": str(self.folder / "circleup.yaml"), "PROMETHEUS_MULTIPROC_DIR": str(self.folder / "metrics"),
        })
        (self.folder / "metrics").mkdir(parents=True)
        if self.stack == "postgres":
            self.schema = f"circleup_latency_{uuid.uuid4().hex[:8]}"
            _psql(f"CREATE SCHEMA {self.schema}")
            env["DATABASE_URL"] = f"{POSTGRES}?options=-csearch_path%3D{self.schema}"
            # A Redis database of its own (not `?name=`): the budget shares the queue's URL.
            env["QUEUE_URL"] = f"{REDIS}/{self.redis_db}"
            import redis

            if redis.Redis.from_url(env["QUEUE_URL"]).dbsize():
                raise RuntimeError(f"Redis database {self.redis_db} is not empty: choose others with --redis-first-db")
            self.redis_flush = True
        else:
            env["DATABASE_URL"] = f"sqlite:///{self.folder / 'instance' / 'circleup.db'}"
            env["QUEUE_URL"] = f"sqlite:///{self.folder / 'instance' / 'queue.db'}"
        flows = [flow for flow in registered_flows() if flow.name in FLOWS]
        names = [flow.name for flow in flows]
        config = base_config(names, f"http://127.0.0.1:{port}/webhooks/discourse")
        config["discourse"]["requests_per_minute"] = 10_000  # the budget is not what is measured here
        config["logging"] = {"level": "INFO", "format": "json"}
        config_path = Path(env["CIRCLEUP_CONFIG"])
        config_path.write_text(yaml.safe_dump(config))
        settings = load_settings(env)
        outcomes = ForumSetup(sim.client()).ensure(collect_requirements(settings, flows))
        for outcome in outcomes:
            if outcome.id_to_configure:
                set_config_value(config, *outcome.id_to_configure)
        for index, (area, _) in enumerate(SKILL_AREAS):
            config.setdefault("skills", {}).setdefault("areas", [{}, {}])[index]["name"] = area
        # Circles are proposed in the seeded community's open category, as members would.
        self.circles_category = next(c.id for c in sim.categories.values() if c.name == "Community")
        # The skills user fields `circleup setup` created, by the ids it recorded.
        self.skill_fields = str(config["skills"]["share_field"]), str(config["skills"]["learn_field"])
        config_path.write_text(yaml.safe_dump(config, allow_unicode=True))
        self.application_topic = config["citizens"]["application_topic_ids"][0]
        self.citizens_group = sim.group("citizens").id
        sim.add_webhook(f"http://127.0.0.1:{port}/webhooks/discourse", self.secret)
        sim.take_pending()  # what happened before circleup was there
        self._run("migrate")
        logs = open(self.folder / "processes.log", "ab")
        self.procs = [
            subprocess.Popen([self.circleup, *command], env=env, stdout=logs, stderr=subprocess.STDOUT,
                             start_new_session=True, preexec_fn=_stop_with_the_bench)
            for command in (["serve", "--port", str(port), "--workers", "1"], ["worker"])
        ]
        self.worker_pid = self.procs[1].pid
        self._wait_for_health()
        self._prepare_members()

    def _prepare_members(self) -> None:
        """Members with skills (so a circle has people to suggest), and the applications the
        approvals will accept; all delivered and handled before the first measured write."""
        sim = self.sim
        approvals = sum(1 for _, write in self.steps if write == "approve")
        applications = sum(1 for _, write in self.steps if write == "thank-you")
        for n, (share, learn) in enumerate([("Python, pandas", "SQL"), ("Python, statistics", "German"),
                                            ("SQL, data visualisation", "Python")]):
            sim.add_user(f"mentor{n}", name=f"Mentor {n}")
            share_field, learn_field = self.skill_fields
            sim.update_user(f"mentor{n}", user_fields={share_field: share, learn_field: learn})
        self.applicants = [f"applicant{n}" for n in range(applications)]
        self.approvable = [f"approvable{n}" for n in range(approvals)]
        self.proposers = [f"proposer{n}" for n in range(sum(1 for _, w in self.steps if w == "circle"))]
        for username in self.applicants + self.approvable + self.proposers:
            sim.add_user(username, name=username.title())
        for n, username in enumerate(self.approvable):
            sim.reply(username, self.application_topic, APPLICATION.format(n=f"A{n}"))
        self.settle()

    # -- running -----------------------------------------------------------------------------------

    @property
    def name(self) -> str:
        return f"{self.stack}-{self.index}"

    def run(self, all_set_up: threading.Barrier) -> None:
        try:
            try:
                self.start()
            finally:
                # No lane measures while another is still setting up (the busiest part of a run).
                all_set_up.wait()
            counters = {write: 0 for write in WRITES}
            cpu_measured = False
            for idle, write in self.steps:
                if idle >= 60 and not cpu_measured:
                    before, started = cpu_seconds(self.worker_pid), time.monotonic()
                    time.sleep(60)
                    self.idle_cpu.append(100 * (cpu_seconds(self.worker_pid) - before) / (time.monotonic() - started))
                    cpu_measured = True
                    time.sleep(idle - 60)
                else:
                    time.sleep(idle)
                n = counters[write]
                counters[write] += 1
                seconds = getattr(self, "_" + write.replace("-", "_"))(n)
                self.samples.append(Sample(self.stack, write, idle, seconds))
                self.settle()
        except Exception as exc:  # noqa: BLE001 - reported with the lane's log
            self.errors.append(f"{self.name}: {type(exc).__name__}: {exc} (log: {self.folder / 'processes.log'})")
        finally:
            self.stop()

    def _deliver(self, events) -> float:
        """Send the events in order; the moment the last 2xx came back."""
        answered = 0.0
        for event in events:
            delivery = self.sim.send(event)
            answered = time.monotonic()
            if not 200 <= delivery.status < 300:
                raise RuntimeError(f"the receiver answered {delivery.status} to {event.name}")
        return answered

    def _thank_you(self, n: int) -> float:
        mark = len(self.arrivals.seen)
        post = self.sim.reply(self.applicants[n], self.application_topic, APPLICATION.format(n=n))
        answered = self._deliver(self.sim.take_pending())
        arrived = self.arrivals.wait_for(mark, lambda m, path, body: m == "POST" and path == "/posts.json" and
                                         body.get("topic_id") == self.application_topic and
                                         body.get("reply_to_post_number") == post.post_number, WRITE_TIMEOUT_S)
        return arrived - answered

    def _approve(self, n: int) -> float:
        mark = len(self.arrivals.seen)
        username = self.approvable[n]
        self.sim.reply("ruth", self.application_topic, f"/approve @{username}\nWelcome aboard!")
        answered = self._deliver(self.sim.take_pending())
        arrived = self.arrivals.wait_for(mark, lambda m, path, body: m == "PUT" and
                                         path == f"/groups/{self.citizens_group}/members.json" and
                                         username in str(body.get("usernames", "")).split(","), WRITE_TIMEOUT_S)
        return arrived - answered

    def _circle(self, n: int) -> float:
        mark = len(self.arrivals.seen)
        post = self.sim.create_topic(self.proposers[n], f"Learning circle: Python for data analysis, group {n}",
                                     CIRCLE.format(n=n), self.circles_category,
                                     tags=["learningcircles"])
        answered = self._deliver(self.sim.take_pending())
        arrived = self.arrivals.wait_for(mark, lambda m, path, body: m == "POST" and path == "/posts.json" and
                                         body.get("topic_id") == post.topic_id, WRITE_TIMEOUT_S)
        return arrived - answered

    def settle(self, timeout: float = 60) -> None:
        """Deliver what circleup's own writes caused until its database has nothing left to do."""
        from sqlalchemy import create_engine, text

        engine = create_engine(self.env["DATABASE_URL"])
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                pending = self.sim.take_pending()
                if pending:
                    self._deliver(pending)
                with engine.connect() as conn:
                    open_work = conn.execute(text(
                        "SELECT (SELECT count(*) FROM events WHERE status IN ('received', 'processing'))"
                        " + (SELECT count(*) FROM actions WHERE status IN ('pending', 'in_flight'))")).scalar()
                if not open_work and not pending and not self.sim.pending:
                    time.sleep(0.5)  # a write's result may still be on its way back as a webhook
                    if not self.sim.pending:
                        return
                time.sleep(0.05)
            raise TimeoutError(f"lane {self.name} did not settle within {timeout}s")
        finally:
            engine.dispose()

    def _wait_for_health(self, timeout: float = 60) -> None:
        import http.client

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1)
                conn.request("GET", "/healthz")
                conn.getresponse().read()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"circleup serve did not answer within {timeout}s")

    def _run(self, *args: str) -> None:
        done = subprocess.run([self.circleup, *args], env=self.env, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"circleup {' '.join(args)} exited {done.returncode}: {done.stderr[-2000:]}")

    def stop(self) -> None:
        for proc in getattr(self, "procs", []):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM if proc is self.procs[0] else signal.SIGINT)
        for proc in getattr(self, "procs", []):
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        if getattr(self, "http", None) is not None:
            self.http.shutdown()
            self.http.server_close()
            self.sim.close()
        if getattr(self, "schema", None):
            _psql(f"SET client_min_messages TO WARNING; DROP SCHEMA {self.schema} CASCADE")
        if getattr(self, "redis_flush", False):
            subprocess.run(["redis-cli", "-n", str(self.redis_db), "flushdb"], capture_output=True)


def _stop_with_the_bench() -> None:
    """In the child: SIGTERM when the lane's thread that started it ends, the bench killed included."""
    import ctypes

    ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _psql(sql: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-q", "-c", sql], check=True)


def plan(idles: list[float], samples: dict[float, int], lanes: int, writes=WRITES) -> list[list[tuple[float, str]]]:
    """Spread the samples over the lanes, longest idles first, each to the lane with the least
    waiting so far; a lane then takes its samples shortest idle first (its set-up counts as no idle)."""
    steps = [(idle, write) for idle in sorted(idles, reverse=True) for _ in range(samples[idle]) for write in writes]
    plans: list[list[tuple[float, str]]] = [[] for _ in range(lanes)]
    for step in steps:
        min(plans, key=lambda p: (sum(i for i, _ in p), len(p))).append(step)
    return [sorted(p, key=lambda s: s[0]) for p in plans if p]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = q * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def postgres_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=0.5), socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stacks", default="sqlite,postgres", help="sqlite, postgres or both (comma-separated)")
    parser.add_argument("--idles", default="0,20,90,600", help="idle periods in seconds before a write")
    parser.add_argument("--samples", default="0:10,20:5,90:3,600:2",
                        help="samples of each write per idle period and stack, as IDLE:COUNT,...")
    parser.add_argument("--lanes", type=int, default=6, help="installations per stack running side by side")
    parser.add_argument("--circleup", default=str(Path(sys.executable).parent / "circleup"),
                        help="the circleup executable to measure (e.g. another build's, for a before/after)")
    parser.add_argument("--redis-first-db", type=int, default=1,
                        help="PostgreSQL lanes use Redis databases from this one on, one each (they must be empty)")
    parser.add_argument("--writes", default=",".join(WRITES), help="the writes to measure (comma-separated)")
    parser.add_argument("--keep", action="store_true", help="keep the lanes' folders (logs, databases)")
    parser.add_argument("--quick", action="store_true", help="idles 0, 5 and 20 s, fewer samples, 2 lanes")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # the simulator's access lines
    if args.quick:
        args.idles, args.samples, args.lanes = "0,5,20", "0:5,5:2,20:1", 2
    idles = [float(x) for x in args.idles.split(",")]
    samples = {float(k): int(v) for k, v in (pair.split(":") for pair in args.samples.split(","))}
    for idle in idles:
        samples.setdefault(idle, 3)
    stacks = [s.strip() for s in args.stacks.split(",") if s.strip()]
    writes = [w.strip() for w in args.writes.split(",") if w.strip()]
    if set(writes) - set(WRITES):
        parser.error(f"--writes: choose among {', '.join(WRITES)}")
    if "postgres" in stacks and not postgres_available():
        print("(PostgreSQL/Redis not reachable: that stack is skipped)")
        stacks.remove("postgres")
    print(f"circleup: {args.circleup}; stacks: {', '.join(stacks)}; {args.lanes} lane(s) per stack; idles (s): "
          f"{', '.join(f'{i:g} × {samples[i]}' for i in idles)} samples of each write", flush=True)
    started = time.monotonic()
    tmp = tempfile.mkdtemp(prefix="circleup-latency-")
    lanes = [Lane(stack, n, args.circleup, Path(tmp, f"{stack}-{n}"), steps, redis_db=args.redis_first_db + n)
             for stack in stacks for n, steps in enumerate(plan(idles, samples, args.lanes, writes))]
    all_set_up = threading.Barrier(len(lanes) + 1)
    threads = [threading.Thread(target=lane.run, args=(all_set_up,), name=lane.name) for lane in lanes]
    for thread in threads:
        thread.start()
        time.sleep(1)  # set-ups one after the other
    all_set_up.wait()
    load: list[float] = []  # the machine's 1-minute load average while the lanes measure
    while any(thread.is_alive() for thread in threads):
        load.append(os.getloadavg()[0])
        for thread in threads:
            thread.join(10 / len(threads))
    errors = [e for lane in lanes for e in lane.errors]
    for error in errors:
        print("ERROR", error)
    if errors or args.keep:
        print(f"the lanes' folders (config, database, processes.log) are kept in {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    results = [s for lane in lanes for s in lane.samples]
    print(f"\n{len(results)} samples in {time.monotonic() - started:.0f} s; seconds from the receiver's 2xx to the write "
          "reaching Discourse")
    print(f"{'stack':<22} {'write':<10} {'idle s':>7} {'n':>3} {'p50':>6} {'p95':>6} {'max':>6}")
    worst = 0.0
    for stack in stacks:
        for write in WRITES:
            for idle in idles:
                values = [s.seconds for s in results if s.stack == stack and s.write == write and s.idle == idle]
                if not values:
                    continue
                p95 = percentile(values, 0.95)
                worst = max(worst, p95)
                label = "SQLite + SQLite queue" if stack == "sqlite" else "PostgreSQL + Redis"
                print(f"{label:<22} {write:<10} {idle:>7g} {len(values):>3} {statistics.median(values):>6.3f} "
                      f"{p95:>6.3f} {max(values):>6.3f}")
    for stack in stacks:
        cpu = [c for lane in lanes if lane.stack == stack for c in lane.idle_cpu]
        if cpu:
            print(f"idle worker CPU, {stack}: {statistics.median(cpu):.2f} % of one core (median of {len(cpu)} minutes; "
                  f"max {max(cpu):.2f} %)")
    if load:
        print(f"machine load (1-minute average, {os.cpu_count()} CPUs) while measuring: median {statistics.median(load):.1f}, "
              f"max {max(load):.1f}")
    print(f"worst p95: {worst:.3f} s (target ≤ 1 s); idle worker target ≤ 1 % of one core")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
