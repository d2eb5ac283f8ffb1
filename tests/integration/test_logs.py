"""Logs: every line one JSON object in json format, standard-library lines (Huey, gunicorn, alembic) included."""
from __future__ import annotations

import json
import logging
import logging.config

import pytest
import structlog

from circleup.integration.logs import configure_logging, gunicorn_logconfig_dict, gunicorn_logger_class


@pytest.fixture(autouse=True)
def restore_logging():
    """Leave the root logger (and gunicorn's) as the next test in this process expects them."""
    loggers = [logging.getLogger(name) for name in (None, "gunicorn.error", "gunicorn.access")]
    saved = [(logger.handlers[:], logger.level, logger.propagate) for logger in loggers]
    yield
    for logger, (handlers, level, propagate) in zip(loggers, saved):
        logger.handlers[:] = handlers
        logger.setLevel(level)
        logger.propagate = propagate


def lines(err: str) -> list[dict]:
    return [json.loads(line) for line in err.strip().splitlines()]


def test_standard_library_lines_are_json_and_redacted(capsys):
    configure_logging("INFO", "json")
    logging.getLogger("huey.consumer").info("Huey consumer started with %s threads on %s", 4, "redis://:hunter2-pw@h:6379/0")
    structlog.get_logger("circleup").info("queue.ready", url="rediss://default:hunter2-pw@h:6380/0", api_key="k-123")
    try:
        raise RuntimeError("cannot reach postgresql://app:hunter2-pw@db/app")
    except RuntimeError:
        logging.getLogger("alembic.runtime.migration").exception("migration failed")
    err = capsys.readouterr().err
    huey, ours, alembic = lines(err)
    assert huey["logger"] == "huey.consumer" and huey["level"] == "info" and "timestamp" in huey
    assert huey["event"] == "Huey consumer started with 4 threads on redis://***@h:6379/0"
    assert ours["url"] == "rediss://***@h:6380/0" and ours["api_key"] == "[redacted]"
    assert alembic["level"] == "error" and "RuntimeError" in alembic["exception"]
    assert "hunter2-pw" not in err and "k-123" not in err


def test_configuring_again_replaces_the_handler_and_console_stays_readable(capsys):
    configure_logging("INFO", "json")
    configure_logging("INFO", "console")
    logging.getLogger("huey").info("console line")
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "console line" in line and "[huey]" in line and not line.startswith("{")


@pytest.mark.parametrize("level, builds_access_lines", [("INFO", True), ("WARNING", False)])
def test_gunicorn_builds_access_lines_only_at_a_level_that_writes_them(level, builds_access_lines):
    from gunicorn.config import Config

    cfg = Config()
    cfg.set("logconfig_dict", gunicorn_logconfig_dict(level, "json"))
    cfg.set("logger_class", gunicorn_logger_class())
    logger = cfg.logger_class(cfg)
    assert logger.access_log_enabled is builds_access_lines


def test_gunicorn_logconfig_dict_renders_gunicorn_through_the_same_json(capsys):
    from gunicorn.glogging import CONFIG_DEFAULTS

    configure_logging("INFO", "json")
    config = CONFIG_DEFAULTS.copy()
    config.update(gunicorn_logconfig_dict("INFO", "json"))  # what gunicorn does with logconfig_dict
    logging.config.dictConfig(config)
    logging.getLogger("gunicorn.error").info("Listening at: %s (%s)", "http://127.0.0.1:8000", 42)
    logging.getLogger("huey").warning("still rendered once")
    gunicorn, huey = lines(capsys.readouterr().err)
    assert gunicorn == {**gunicorn, "event": "Listening at: http://127.0.0.1:8000 (42)", "logger": "gunicorn.error", "level": "info"}
    assert huey["event"] == "still rendered once"
