"""Structured JSON logs (structlog) with secrets kept out.

circleup logs through structlog; Huey, gunicorn and alembic log through the standard library. Both
end in the same renderer (structlog's ProcessorFormatter for the standard library), so in json
format every line is one JSON object, and the same redaction applies to all of them.
"""
from __future__ import annotations

import logging
import re
import sys
from typing import Any

import structlog

_SECRET_KEYS = re.compile(r"(api[_-]?key|secret|password|token|authorization|signature|cookie)", re.I)
# A URL's userinfo (`redis://:pw@host`) inside free text, such as a library's message.
_URL_USERINFO = re.compile(r"(\b[A-Za-z][A-Za-z0-9+.\-]*://)[^\s@]+@")


def _redact(_logger, _method, event_dict):
    for key, value in list(event_dict.items()):
        if _SECRET_KEYS.search(key):
            event_dict[key] = "[redacted]"
        elif isinstance(value, str) and "@" in value:
            event_dict[key] = _URL_USERINFO.sub(r"\1***@", value)
    return event_dict


def _renderer(fmt: str):
    return structlog.processors.JSONRenderer() if fmt == "json" else structlog.dev.ConsoleRenderer(colors=False)


def stdlib_formatter(fmt: str = "json") -> structlog.stdlib.ProcessorFormatter:
    """A logging.Formatter rendering standard-library records like circleup's own lines."""
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[
            structlog.stdlib.add_log_level,
            structlog.stdlib.add_logger_name,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
        ],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            _redact,  # after the traceback is text, so a URL's password in it is hidden too
            _renderer(fmt),
        ],
    )


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a record comes, so a replaced stderr (a test's
    capture, a daemon's redirection) never leaves the handler writing to a closed stream."""

    def __init__(self) -> None:
        super().__init__()
        self._circleup = True  # so a second configure_logging replaces it instead of adding one

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def _stderr_print_logger(*_args) -> structlog.PrintLogger:
    # Whatever sys.stderr is when a logger is made, as _StderrHandler does for the standard
    # library: a stream captured at configure time may be closed since (a test's capture).
    return structlog.PrintLogger(file=sys.stderr)


_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def effective_level(configured: str | None, *, service: bool, verbose: int = 0) -> str:
    """The level to log at: `logging.level` when the config sets it, else INFO for the long-running
    services and WARNING for one-off commands; each `--verbose` lowers it one step (never raises it)."""
    level = configured or ("INFO" if service else "WARNING")
    index = max(0, _LEVELS.index(level) - max(0, verbose))
    return _LEVELS[index]


def configure_logging(level: str = "INFO", fmt: str = "json", *, cache_loggers: bool = False) -> None:
    """`cache_loggers` for long-running processes: each module's logger is built once, on first
    use, so a later configure_logging no longer reaches it (which is why tests leave it off)."""
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            _redact,  # after the traceback is text, so a URL's password in it is hidden too
            _renderer(fmt),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(getattr(logging, level)),
        logger_factory=_stderr_print_logger,
        cache_logger_on_first_use=cache_loggers,
    )
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_circleup", False)]:
        root.removeHandler(handler)
    handler = _StderrHandler()
    handler.setFormatter(stdlib_formatter(fmt))
    root.addHandler(handler)
    root.setLevel(getattr(logging, level))
    # huey and gunicorn log through the standard library; keep their noise at the chosen level.
    logging.getLogger("huey").setLevel(max(logging.INFO, getattr(logging, level)))


def gunicorn_logconfig_dict(level: str = "INFO", fmt: str = "json") -> dict[str, Any]:
    """For gunicorn's `logconfig_dict` setting: its own loggers pass their records to the root
    logger, which renders them like every other line (gunicorn would otherwise add plain-text
    handlers of its own)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,  # huey's, alembic's and circleup's loggers exist already
        "formatters": {"circleup": {"()": stdlib_formatter, "fmt": fmt}},
        "handlers": {"circleup": {"()": _StderrHandler, "formatter": "circleup"}},
        "root": {"level": level, "handlers": ["circleup"]},
        "loggers": {
            name: {"level": level, "handlers": [], "propagate": True}
            for name in ("gunicorn.error", "gunicorn.access")
        },
    }


def gunicorn_logger_class():
    """gunicorn's logger, building an access line only when the configured level lets it through.

    With a `logconfig_dict`, gunicorn builds every request's access line (a WSGI environ and a
    dozen fields) and leaves it to the logging level to drop it: at WARNING that is work for nothing
    on every delivery."""
    from gunicorn.glogging import Logger

    class GunicornLogger(Logger):
        def setup(self, cfg) -> None:
            super().setup(cfg)
            self._access_lines_pass = self.access_log.isEnabledFor(logging.INFO)

        @property
        def access_log_enabled(self) -> bool:
            return self._access_lines_pass and super().access_log_enabled

    return GunicornLogger
