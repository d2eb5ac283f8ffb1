"""The job queue (Huey): embedded SQLite by default, Redis for several machines.

Huey delivers a job at most once; circleup only ever enqueues ids, and the database stays the
record of work (the sweeper re-enqueues what a dead worker dropped).
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey

from config.settings import ConfigError


def make_huey(queue_url: str, *, name: str = "circleup") -> Huey:
    """A Huey for QUEUE_URL. `?name=` in a Redis URL names the queue, so several circleup
    installations (or test runs) can share one Redis database without taking each other's jobs."""
    parts = urlsplit(queue_url)
    query = dict(parse_qsl(parts.query))
    name = query.pop("name", name)
    queue_url = urlunsplit(parts._replace(query=urlencode(query)))
    # results=False: jobs report through the database, and stored results would grow forever.
    if parts.scheme == "sqlite":
        path = Path(queue_url[len("sqlite:///"):] if queue_url.startswith("sqlite:///") else parts.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        # The inbox row is the durable record (the sweeper re-enqueues a lost job), so the queue
        # file need not be synced to disk on every enqueue (huey's fsync=False).
        return SqliteHuey(name=name, filename=str(path), results=False, utc=True, fsync=False)
    if parts.scheme == "redis":
        return RedisHuey(name=name, url=queue_url, results=False, utc=True)
    if parts.scheme == "memory":
        return MemoryHuey(name=name, results=False, utc=True)
    raise ConfigError(f"QUEUE_URL must start with sqlite:///, redis:// or memory://, got {queue_url!r}")


def ping(huey: Huey) -> int:
    """Raise if the queue does not answer; returns the number of jobs waiting."""
    return huey.pending_count()
