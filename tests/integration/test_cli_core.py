"""`circleup check` and the start-up checks of `serve` and `worker`: a bad set-up fails at once, saying what."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from circleup.config.settings import ConfigError
from circleup.cli import cli
from circleup.cli import core as _core_commands  # noqa: F401 - registers check, serve, worker
from tests.conftest import FORUM_URL, WEBHOOK_SECRET


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    (tmp_path / "circleup.yaml").write_text("logging:\n  level: WARNING\n")
    return {
        "DISCOURSE_URL": FORUM_URL, "DISCOURSE_API_KEY": "test-api-key-0123456789", "DISCOURSE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "CIRCLEUP_INSTANCE_PATH": str(tmp_path / "instance"), "CIRCLEUP_CONFIG": str(tmp_path / "circleup.yaml"),
        "DATABASE_URL": "", "QUEUE_URL": "", "CIRCLEUP_INSECURE_DEV": "",
    }


def run(args, env):
    return CliRunner().invoke(cli, args, env=env)


def test_check_passes_a_complete_set_up(env):
    result = run(["check"], env)
    assert result.exit_code == 0, result.output
    assert f"configuration OK ({env['CIRCLEUP_CONFIG']})" in result.output


def test_check_names_what_serve_and_worker_miss(env):
    result = run(["check"], env | {"DISCOURSE_API_KEY": "", "DISCOURSE_WEBHOOK_SECRET": ""})
    assert isinstance(result.exception, ConfigError)
    message = str(result.exception)
    assert "serve: DISCOURSE_WEBHOOK_SECRET is not set" in message
    assert "worker: DISCOURSE_API_KEY must be set" in message


def test_check_and_serve_render_every_flows_template(env, tmp_path):
    overrides = tmp_path / "templates" / "citizens"
    overrides.mkdir(parents=True)
    (overrides / "thanks.md.j2").write_text("Thanks {% if %}!\n")
    (tmp_path / "circleup.yaml").write_text(f"logging:\n  level: WARNING\ntemplates_dir: {tmp_path / 'templates'}\n")
    for command in (["check"], ["serve", "--port", "1"]):
        result = run(command, env)
        assert result.exception is not None and "citizens/thanks.md.j2" in str(result.exception), (command, result.output)


def test_worker_refuses_to_start_without_the_forum_and_a_key(env):
    result = run(["worker"], env | {"DISCOURSE_API_KEY": ""})
    assert isinstance(result.exception, ConfigError)
    assert "DISCOURSE_API_KEY must be set" in str(result.exception)


def test_worker_warms_the_flows_up_before_it_takes_jobs(env, tmp_path, monkeypatch):
    """A flow's warm-up (the matching flow's model) runs at start, before the consumer takes a job."""
    import dataclasses

    from circleup import sync
    from circleup.integration import queue
    from circleup.integration.store.migrate import upgrade

    env = env | {"DATABASE_URL": f"sqlite:///{tmp_path / 'circleup.db'}", "QUEUE_URL": f"sqlite:///{tmp_path / 'queue.db'}"}
    upgrade(env["DATABASE_URL"])
    happened: list[str] = []
    declared = sync.flows

    def flows_noting_their_warm_up(names=None):
        return [dataclasses.replace(flow, warm_up=lambda settings, name=flow.name: happened.append(f"warm_up {name}"))
                if flow.warm_up is not None else flow for flow in declared(names)]

    class Consumer:
        def run(self):
            happened.append("consumer runs")

    monkeypatch.setattr(sync, "flows", flows_noting_their_warm_up)
    monkeypatch.setattr(queue, "make_consumer", lambda huey, threads: Consumer())
    result = run(["worker"], env)
    assert result.exit_code == 0, result.output
    assert happened == ["warm_up matching", "consumer runs"]
