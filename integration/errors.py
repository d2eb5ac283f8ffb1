"""Errors that cross layer boundaries.

The worker decides what to do with a failed job by the class of the error, so every
call that can fail for a reason outside circleup raises one of these.
"""
from __future__ import annotations

from circleup.config.settings import ConfigError  # re-exported: one error type for bad settings

__all__ = [
    "BudgetExhausted", "CircleupError", "ConfigError", "NotFound", "PermanentError",
    "RateLimited", "RetryLater", "TransientError", "is_transient",
]


class CircleupError(Exception):
    """Base class for circleup's own errors."""


class RetryLater(CircleupError):
    """The job should run again after `delay` seconds without counting as a failed attempt.

    Raised when circleup's outbound budget is spent or Discourse answered 429. The worker
    reschedules the job for then; no worker thread sleeps.
    """

    def __init__(self, delay: float, reason: str = "") -> None:
        super().__init__(reason or f"retry in {delay:.1f}s")
        self.delay = max(0.0, float(delay))
        self.reason = reason


class RateLimited(RetryLater):
    """Discourse answered 429; `delay` comes from extras.wait_seconds or Retry-After."""


class BudgetExhausted(RetryLater):
    """circleup's own outbound budget (shared by all workers) has no request left this window."""


class TransientError(CircleupError):
    """5xx, timeout or connection failure: retry with backoff, count the attempt."""


class PermanentError(CircleupError):
    """A 4xx other than 429 (or a request that can never succeed): do not retry.

    `message` carries Discourse's own error text so moderators see why.
    """

    def __init__(self, message: str, status: int | None = None, body: object = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = body


class NotFound(PermanentError):
    """Discourse answered 404."""


def is_transient(exc: BaseException) -> bool:
    """An error that goes away by itself: the forum or the network (TransientError), the database
    or Redis dropping a connection or restarting. Such failures are retried for worker.retry_for_s."""
    if isinstance(exc, TransientError):
        return True
    from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError

    if isinstance(exc, (OperationalError, DisconnectionError)):
        return True
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError, TimeoutError as RedisTimeoutError
    except ImportError:  # the redis extra is not installed
        pass
    else:
        if isinstance(exc, (RedisConnectionError, RedisTimeoutError)):
            return True
    return isinstance(exc, (ConnectionError, TimeoutError))
