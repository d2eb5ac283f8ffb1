"""Structured JSON logs (structlog) with secrets kept out."""
from __future__ import annotations

import logging
import re
import sys

import structlog

_SECRET_KEYS = re.compile(r"(api[_-]?key|secret|password|token|authorization|signature|cookie)", re.I)


def _redact(_logger, _method, event_dict):
    for key in list(event_dict):
        if _SECRET_KEYS.search(key):
            event_dict[key] = "[redacted]"
    return event_dict


def configure_logging(level: str = "INFO", fmt: str = "json", *, cache_loggers: bool = False) -> None:
    """`cache_loggers` for long-running processes: each module's logger is built once, on first
    use, so a later configure_logging no longer reaches it (which is why tests leave it off)."""
    renderer = structlog.processors.JSONRenderer() if fmt == "json" else structlog.dev.ConsoleRenderer(colors=False)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            _redact,
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(getattr(logging, level)),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=cache_loggers,
    )
    logging.basicConfig(level=getattr(logging, level), stream=sys.stderr, format="%(message)s")
    # huey and gunicorn log through the standard library; keep their noise at the chosen level.
    logging.getLogger("huey").setLevel(max(logging.INFO, getattr(logging, level)))
