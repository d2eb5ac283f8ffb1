"""A real `circleup worker` process killed with SIGKILL mid-job finishes the job after a restart,
and nothing happens twice.

The simulator serves the Discourse API over real HTTP; the worker is a subprocess on the embedded
defaults (SQLite database, SQLite queue). The kill lands while Discourse is handling circleup's
POST: Discourse makes the post, circleup never hears back. The restarted worker's start-up sweep
takes over the abandoned action once its lease expires and finds the earlier post by its hidden
marker instead of posting again.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from circleup.simulator import Simulator
from circleup.integration.store.migrate import upgrade
from tests.conftest import BOT, WEBHOOK_SECRET

pytestmark = pytest.mark.slow
CIRCLEUP = str(Path(sys.executable).parent / "circleup")
THANKS = "Thanks for your Citizenship application"


def wait_until(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


@pytest.fixture
def world(tmp_path):
    sim = Simulator(bot_username=BOT, delivery="sync")
    with sim.serve_in_thread() as url:
        sim.base_url = url  # webhooks name this forum, and the worker calls it over HTTP
        sim.add_user("organiser", moderator=True)
        sim.add_group("citizens")
        sim.add_user("osioke", name="Osioke Eguavoen")
        call = sim.create_topic("organiser", "Source Citizens: apply here", "Reply to this topic to become a Source Citizen.")
        config = tmp_path / "circleup.yaml"
        config.write_text(yaml.safe_dump({
            "citizens": {"application_topic_ids": [call.topic_id], "group": "citizens"},
            # A worker that stops answering for 2 s is presumed dead; its work is taken over.
            "worker": {"stuck_after_s": 2, "retry_backoff_s": 0.2, "threads": 2},
            "logging": {"format": "json", "level": "INFO"},
        }))
        env = {
            **os.environ,
            "DISCOURSE_URL": url,
            "DISCOURSE_API_KEY": sim.api_key,
            "DISCOURSE_API_USERNAME": BOT,
            "DISCOURSE_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'circleup.db'}",
            "QUEUE_URL": f"sqlite:///{tmp_path / 'queue.db'}",
            "CIRCLEUP_CONFIG": str(config),
            "CIRCLEUP_INSTANCE_PATH": str(tmp_path / "instance"),
        }
        upgrade(env["DATABASE_URL"])
        from circleup.sync import load_settings
        from circleup.webhooks.app import create_app

        app = create_app({"env": env})
        sim.add_webhook("https://circleup.example.org/webhooks/discourse", WEBHOOK_SECRET)
        sim.deliver_to(app)
        yield sim, call.topic_id, env, tmp_path
        app.extensions["circleup"].close()
        sim.close()
        assert load_settings(env)  # the environment stayed valid throughout


def start_worker(env, log_path: Path) -> subprocess.Popen:
    log = open(log_path, "ab")
    return subprocess.Popen([CIRCLEUP, "worker"], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def bot_posts(sim) -> int:
    return sum(1 for p in list(sim.posts.values()) if sim.users[p.user_id].username == BOT)


def thanks_in(sim, topic_id) -> list[str]:
    return [p.raw for p in sim.posts_in(topic_id) if sim.users[p.user_id].username == BOT and THANKS in p.raw]


def test_sigkill_mid_post_then_restart_posts_exactly_once(world):
    import threading

    sim, topic_id, env, tmp_path = world
    log_path = tmp_path / "worker.log"
    post_arrived = threading.Event()

    def slow_discourse(seconds: float) -> None:
        post_arrived.set()
        time.sleep(seconds)

    # Discourse takes 1.5 s over the thank-you POST, then makes the post; by then the worker is dead.
    sim.faults.sleep = slow_discourse
    sim.faults.slow(seconds=1.5, times=1, path="/posts.json")
    bot_posts_before = bot_posts(sim)
    worker = start_worker(env, log_path)
    try:
        sim.reply("osioke", topic_id, "I run a WhatsApp study group on Python in Benin City and would love to join.")
        assert post_arrived.wait(30), "the worker never sent its thank-you POST:\n" + log_path.read_text()[-3000:]
        os.killpg(worker.pid, signal.SIGKILL)  # mid-call: Discourse is still working on it
        worker.wait(10)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    wait_until(lambda: bot_posts(sim) > bot_posts_before, 30, "Discourse to make the post the dead worker asked for")
    time.sleep(2.5)  # the dead worker's lease on the action (worker.stuck_after_s) runs out

    with open(log_path, "ab") as log:
        log.write(b"--- restarted after SIGKILL ---\n")
    restarted = start_worker(env, log_path)
    try:
        from sqlalchemy import create_engine, text

        engine = create_engine(env["DATABASE_URL"])

        def open_actions():
            with engine.connect() as conn:
                return conn.execute(text("SELECT count(*) FROM actions WHERE status IN ('pending', 'in_flight')")).scalar()

        wait_until(lambda: open_actions() == 0 and _done(engine), 40, "the restarted worker to finish the abandoned action")
        with engine.connect() as conn:
            actions = conn.execute(text("SELECT key, status, result FROM actions ORDER BY id")).all()
        engine.dispose()
    finally:
        restarted.send_signal(signal.SIGINT)
        try:
            restarted.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(restarted.pid, signal.SIGKILL)

    assert len(thanks_in(sim, topic_id)) == 1, log_path.read_text()[-3000:]
    assert all(status == "done" for _, status, _ in actions), actions
    # The action the kill interrupted (the thank-you or the approvers' message, whichever POST the
    # two threads sent first) was finished by finding its post, not by posting again.
    recovered = {key for key, _, result in actions
                 if '"recovered": true' in json.dumps(json.loads(result) if isinstance(result, str) else result)}
    assert recovered, actions
    markers = [m for p in sim.posts.values() for m in re.findall(r"<!-- circleup:[^>]+-->", p.raw)]
    assert markers and len(markers) == len(set(markers)), "a post was made twice"


def _done(engine) -> bool:
    from sqlalchemy import text

    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM events WHERE status IN ('received', 'processing')")).scalar() == 0


# A real `circleup worker` whose own polling would next look at the queue in an hour: whatever it
# does within the test's wait, it does because something woke it.
WORKER_POLLING_HOURLY = (
    "import sys; from circleup.integration import queue; "
    "queue.FALLBACK_POLL.update(initial_delay=3600.0, max_delay=3600.0, backoff=1.0); "
    "from circleup.cli import main; sys.argv = ['circleup', 'worker']; main()"
)


def test_idle_worker_answers_a_delivery_without_waiting_for_its_poll(world):
    """The receiver (another process's connection to the queue) enqueues; the worker, idle since its
    start-up sweep, takes the job and the thank-you reaches Discourse — twice, idle in between."""
    sim, topic_id, env, tmp_path = world
    log_path = tmp_path / "worker.log"
    with open(log_path, "ab") as log:
        worker = subprocess.Popen([sys.executable, "-c", WORKER_POLLING_HOURLY], env=env, stdout=log,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    try:
        for n, member in enumerate(["osioke", "amara"]):
            if member not in {u.username for u in sim.users.values()}:
                sim.add_user(member)
            # Started and idle: the start-up sweep has run and found nothing (nothing was received yet).
            wait_until(lambda: "Huey consumer started" in log_path.read_text() or worker.poll() is not None, 30,
                       "the worker to start")
            assert worker.poll() is None, log_path.read_text()[-3000:]
            time.sleep(1)
            sim.reply(member, topic_id, f"I run a study group ({n}) in Benin City and would love to join the citizens.")
            wait_until(lambda: len(thanks_in(sim, topic_id)) == n + 1, 30,
                       f"the idle worker to thank {member}:\n" + log_path.read_text()[-3000:])
    finally:
        worker.send_signal(signal.SIGINT)
        try:
            worker.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
    assert worker.returncode == 0, log_path.read_text()[-3000:]
