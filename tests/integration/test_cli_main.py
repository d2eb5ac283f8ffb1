"""`circleup` itself (main()): a database or queue that cannot be used is one line and exit 2, not a traceback."""
from __future__ import annotations

import logging
import sys

import pytest

from circleup.cli import Context, _unusable_backend, main


@pytest.fixture
def env(tmp_path, monkeypatch):
    (tmp_path / "circleup.yaml").write_text("logging:\n  level: WARNING\n")
    monkeypatch.setenv("CIRCLEUP_CONFIG", str(tmp_path / "circleup.yaml"))
    monkeypatch.setenv("CIRCLEUP_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.delenv("QUEUE_URL", raising=False)
    # As in a new process: an earlier test's logging set-up must not catch what main() logs on import.
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [])
    monkeypatch.setattr(root, "level", logging.WARNING)
    return monkeypatch


def run_main(monkeypatch, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", ["circleup", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    return exited.value.code


def test_an_unreachable_database_is_one_line_naming_database_url(env, capsys):
    env.setenv("DATABASE_URL", "postgresql://postgres:hunter2-pw@127.0.0.1:1/circleup")  # nothing listens on port 1
    assert run_main(env, "migrate") == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines
    [line] = lines
    assert line.startswith("cannot use DATABASE_URL=postgresql+psycopg://postgres:***@127.0.0.1:1/circleup: ")
    assert line.endswith("check DATABASE_URL and that the database server is running and accepts its credentials")
    assert "hunter2-pw" not in err and "Traceback" not in err


def test_a_malformed_database_url_is_a_configuration_error(env, capsys):
    env.setenv("DATABASE_URL", "postgresql:/postgres:hunter2-pw@db")
    assert run_main(env, "check") == 2
    err = capsys.readouterr().err
    assert "configuration error: DATABASE_URL is not a database URL (postgresql:… (malformed URL, not shown))" in err
    assert "hunter2-pw" not in err


def test_an_unreachable_redis_names_queue_url():
    import redis

    url = "redis://:hunter2-pw@127.0.0.1:1/0"
    with pytest.raises(redis.exceptions.ConnectionError) as refused:
        redis.Redis.from_url(url, retry=None).ping()
    context = Context()
    context._settings = type("Settings", (), {"queue_url": url})()
    line = _unusable_backend(refused.value, context)
    assert line.startswith("cannot use QUEUE_URL=redis://:***@127.0.0.1:1/0: ") and "hunter2-pw" not in line
    assert line.endswith("check QUEUE_URL and that Redis is running and accepts its password")
    assert _unusable_backend(ValueError("something else"), context) is None


def test_a_database_without_tables_says_to_migrate(env, capsys, tmp_path):
    env.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    assert run_main(env, "events", "list") == 2
    err = capsys.readouterr().err
    assert "has no circleup tables yet: run `circleup migrate`" in err and "Traceback" not in err


def test_a_postgresql_schema_without_tables_says_to_migrate(env, capsys, backend):
    if backend.name != "postgres":
        pytest.skip("a PostgreSQL matter")
    env.setenv("DATABASE_URL", f"{backend.database_url.split('?')[0]}?options=-csearch_path%3Dcircleup_nothing_here")
    assert run_main(env, "events", "list") == 2
    assert "run `circleup migrate`" in capsys.readouterr().err


def test_serve_and_worker_forget_the_metric_files_of_dead_processes(env, tmp_path):
    import os

    from circleup.cli import _multiprocess_metrics

    folder = tmp_path / "instance" / "prometheus"
    folder.mkdir(parents=True)
    mine, dead = folder / f"counter_{os.getpid()}.db", folder / "counter_999999999.db"
    mine.write_bytes(b""), dead.write_bytes(b"")
    env.setenv("PROMETHEUS_MULTIPROC_DIR", "")  # unset, and put back as it was after the test
    _multiprocess_metrics(["events", "list"])  # not a command of several processes: nothing happens
    assert dead.exists() and not os.environ["PROMETHEUS_MULTIPROC_DIR"]
    _multiprocess_metrics(["worker"])
    assert mine.exists() and not dead.exists()
    assert os.environ["PROMETHEUS_MULTIPROC_DIR"] == str(folder)
