"""From an empty forum to a working community with `circleup setup`, and back after damage.

The forum is the simulator served over HTTP, with nothing of circleup's yet (no groups, no
categories but Uncategorized, no topics, no user fields, no webhook); `circleup setup` and
`circleup doctor` run as processes, exactly as an admin runs them; then the service runs (the real
Flask app and worker, in this process) and a member applies, is thanked, is approved, and can read
the facilitators' category. A group deleted by hand makes `doctor` fail naming it, and `setup`
puts it back.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from circleup.simulator import Simulator
from tests.conftest import drain

CIRCLEUP = [sys.executable, "-c", "from circleup.cli import main; main()"]
SECRET = "an-end-to-end-webhook-secret"
RECEIVER = "http://127.0.0.1:9/webhooks/discourse"  # deliveries go to the app in-process (deliver_to)
APPLICATION = """Count me in! I run a Python study group at the public library on Saturdays: eight people, one
free online course, and we take turns facilitating. I would love to trade tips with other facilitators."""


def circleup(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CIRCLEUP, *args], env=env, capture_output=True, text=True, timeout=120)


def wait_for(sim: Simulator, worker, holds, what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sim.deliver_pending()
        drain(worker)
        if holds():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what} did not happen within {timeout}s")


@pytest.fixture
def forum():
    sim = Simulator(bot_username="circleup", delivery="queue")
    sim.add_user("ruth", name="Ruth Mensah", moderator=True, trust_level=4)
    sim.add_user("osioke", name="Osioke Eguavoen")
    with sim.serve_in_thread() as url:
        sim.base_url = url  # deliveries name the forum they come from (X-Discourse-Instance)
        yield sim, url
    sim.close()


@pytest.mark.slow
def test_setup_takes_an_empty_forum_to_a_working_one_and_repairs_it(forum, tmp_path):
    sim, forum_url = forum
    assert [c.name for c in sim.categories.values()] == ["Uncategorized"] and not sim.webhooks
    config_path = tmp_path / "circleup.yaml"
    config_path.write_text(
        "# Our community's circleup: names only, `circleup setup` records the ids.\n"
        f"webhook:\n  public_url: {RECEIVER}\n"
        "citizens:\n  group: citizens\n  category: Facilitators\n  application_category: Community\n"
        "skills:\n  areas:\n    - name: Technology\n"
    )
    scrubbed = {k: v for k, v in os.environ.items()
                if not k.startswith(("DISCOURSE_", "CIRCLEUP_", "DATABASE_URL", "QUEUE_URL", "PROMETHEUS_MULTIPROC_DIR"))}
    env = {**scrubbed, "DISCOURSE_URL": forum_url, "DISCOURSE_API_KEY": sim.api_key, "DISCOURSE_API_USERNAME": "circleup",
           "DISCOURSE_WEBHOOK_SECRET": SECRET, "CIRCLEUP_CONFIG": str(config_path),
           "CIRCLEUP_INSTANCE_PATH": str(tmp_path / "instance")}

    assert circleup(env, "migrate").returncode == 0
    setup = circleup(env, "setup")
    assert setup.returncode == 0, setup.stdout + setup.stderr
    assert "created group citizens" in setup.stdout and "created category Facilitators" in setup.stdout
    assert setup.stderr == ""  # an answer for a person: no log lines unless asked
    recorded = yaml.safe_load(config_path.read_text())
    facilitators = next(c for c in sim.categories.values() if c.name == "Facilitators")
    assert recorded["citizens"]["category_id"] == facilitators.id
    assert facilitators.permissions == {"citizens": 1, "staff": 1}
    [call_id] = recorded["citizens"]["application_topic_ids"]
    assert recorded["skills"]["areas"][0]["directory_topic_id"] and recorded["skills"]["share_field"]
    assert "# Our community's circleup" in config_path.read_text()

    again = circleup(env, "setup")
    assert again.returncode == 0, again.stdout
    lines = again.stdout.split("\n\n", 1)[0].splitlines()
    assert lines and all(line.startswith("exists ") for line in lines), again.stdout  # a second run changes nothing
    assert "recorded" not in again.stdout
    doctor = circleup(env, "doctor")
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert "all checks passed" in doctor.stdout

    # The service runs: the receiver takes the forum's deliveries, the worker acts on them.
    from circleup.integration.services import Services
    from circleup.sync import load_settings
    from circleup.webhooks.app import create_app

    services = Services(load_settings(env))
    app = create_app(services=services)
    worker = app.extensions["circleup.worker"]
    sim.deliver_to(app)
    sim.deliver_pending()  # what setup's own topics caused
    try:
        osioke = sim.reply("osioke", call_id, APPLICATION)
        wait_for(sim, worker, lambda: any(p.raw.startswith("Thanks for your Citizenship application, @osioke")
                                          for p in sim.posts_in(call_id) if p.reply_to_post_number == osioke.post_number),
                 "circleup thanking osioke for the application")
        assert sim.category_permission(facilitators, sim.user("osioke")) is None  # not yet a citizen
        sim.reply("ruth", call_id, "/approve @osioke\nWelcome aboard, Osioke!")
        wait_for(sim, worker, lambda: "osioke" in sim.group_usernames("citizens"), "osioke joining the citizens group")
        assert sim.category_permission(facilitators, sim.user("osioke")) == 1  # reads (and posts in) the category
    finally:
        services.close()

    # Someone deletes the group by hand: doctor names it, setup puts it back, doctor is content again.
    sim.delete_group("citizens")
    broken = circleup(env, "doctor")
    assert broken.returncode == 1
    assert "FAIL group citizens: missing from the forum: run `circleup setup`" in broken.stdout
    assert "FAIL category Facilitators" in broken.stdout  # its grant went with the group
    repaired = circleup(env, "setup")
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert "created group citizens" in repaired.stdout
    assert "updated category Facilitators" in repaired.stdout and "citizens given Create/Reply/See" in repaired.stdout
    assert facilitators.permissions == {"citizens": 1, "staff": 1}
    assert circleup(env, "doctor").returncode == 0
