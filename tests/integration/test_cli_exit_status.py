"""`circleup` as a process: its exit status is the command's real outcome, its stdout is the answer
and its stderr holds logs only when asked (-v, or logging.level)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

CIRCLEUP = [sys.executable, "-c", "from circleup.cli import main; main()"]


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    scrubbed = {k: v for k, v in os.environ.items()
                if not k.startswith(("DISCOURSE_", "CIRCLEUP_", "DATABASE_URL", "QUEUE_URL", "PROMETHEUS_MULTIPROC_DIR"))}
    (tmp_path / "circleup.yaml").write_text("logging:\n  format: json\n")
    return {**scrubbed, "CIRCLEUP_CONFIG": str(tmp_path / "circleup.yaml"),
            "CIRCLEUP_INSTANCE_PATH": str(tmp_path / "instance")}


def circleup(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CIRCLEUP, *args], env=env, capture_output=True, text=True, timeout=120)


def test_doctor_exits_1_when_a_check_fails(env):
    done = circleup(env, "doctor")  # no DISCOURSE_URL, no database: FAIL lines
    assert done.returncode == 1, done
    assert "FAIL environment" in done.stdout and "check" in done.stdout and "failed" in done.stdout


def test_a_usage_error_and_a_configuration_error_exit_2(env, tmp_path):
    assert circleup(env, "no-such-command").returncode == 2
    (tmp_path / "circleup.yaml").write_text("citizens:\n  goal: many\n")
    done = circleup(env, "check")
    assert done.returncode == 2 and "configuration error" in done.stderr and "goal" in done.stderr


def test_migrate_answers_on_stdout_and_logs_nothing_unless_asked(env):
    done = circleup(env, "migrate")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines() == [done.stdout.strip()] and " is at head" in done.stdout
    assert done.stderr == ""  # alembic's INFO lines stay out of a person's way
    verbose = circleup(env, "-v", "migrate")
    assert verbose.returncode == 0
    assert '"logger": "alembic' in verbose.stderr and "is at head" not in verbose.stderr


def test_logging_level_in_the_config_asks_for_more(env, tmp_path):
    (tmp_path / "circleup.yaml").write_text("logging:\n  format: json\n  level: INFO\n")
    done = circleup(env, "migrate")
    assert done.returncode == 0 and '"logger": "alembic' in done.stderr


def test_a_successful_command_exits_0(env):
    done = circleup(env, "--version")
    assert done.returncode == 0 and "circleup" in done.stdout


def test_a_missing_optional_extra_is_named_with_the_pip_command(env, tmp_path):
    # A Python without redis and psycopg: a sitecustomize that hides them, as an install without the extras.
    hide = tmp_path / "hide"
    hide.mkdir()
    (hide / "sitecustomize.py").write_text(
        "import sys\n"
        "class _Hide:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('redis', 'psycopg', 'psycopg_binary'):\n"
        "            raise ModuleNotFoundError(name)\n"
        "sys.meta_path.insert(0, _Hide())\n"
    )
    bare = {**env, "PYTHONPATH": str(hide)}
    done = circleup({**bare, "QUEUE_URL": "redis://127.0.0.1:6379/0"}, "check")
    assert done.returncode == 2 and "pip install 'circleup[redis]'" in done.stderr, done.stderr
    doctor = circleup({**bare, "QUEUE_URL": "redis://127.0.0.1:6379/0"}, "doctor")
    assert doctor.returncode == 1 and "pip install 'circleup[redis]'" in doctor.stdout, doctor.stdout
    done = circleup({**bare, "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/test"}, "check")
    assert done.returncode == 2 and "pip install 'circleup[postgres]'" in done.stderr, done.stderr
