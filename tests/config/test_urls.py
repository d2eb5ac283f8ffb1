"""safe_url: the one way a URL is shown in messages, `doctor` and logs, whatever password it carries."""
from __future__ import annotations

import pytest

from circleup.config.urls import safe_url, without_password


@pytest.mark.parametrize("url, shown", [
    ("redis://:s3cret@redis.example.org:6379/0", "redis://:***@redis.example.org:6379/0"),  # requirepass: no username
    ("rediss://default:s3cret@redis.example.org:6380/0?name=q", "rediss://default:***@redis.example.org:6380/0?name=q"),
    ("unix://:s3cret@/run/redis.sock?db=0", "unix://:***@/run/redis.sock?db=0"),
    ("postgresql+psycopg://app:s3cret@db:5432/app", "postgresql+psycopg://app:***@db:5432/app"),
    ("postgresql://app@db/app?password=s3cret&sslmode=require", "postgresql://app@db/app?password=***&sslmode=require"),
    ("postgresql://app@db/app", "postgresql://app@db/app"),
    ("sqlite:////srv/circleup/instance/circleup.db", "sqlite:////srv/circleup/instance/circleup.db"),
    ("sqlite:///instance/queue.db", "sqlite:///instance/queue.db"),
    ("memory://", "memory://"),
    ("https://forum.example.org", "https://forum.example.org"),
    # Malformed: where the password ends cannot be known, so only the scheme is shown.
    ("postgresql:/postgres:s3cret@db", "postgresql:… (malformed URL, not shown)"),
    ("redis://:s3/cret@redis.example.org", "redis:… (malformed URL, not shown)"),
    ("postgresql://app:s3#cret@db/app", "postgresql:… (malformed URL, not shown)"),
    ("redis://[::1:s3cret@host", "redis:… (malformed URL, not shown)"),
    ("s3cret@db", "(malformed URL, not shown)"),
    ("", ""),
])
def test_safe_url_hides_every_password(url, shown):
    assert safe_url(url) == shown


def test_without_password_cleans_a_message_that_repeats_the_url():
    url = "postgresql://app:p%40ss@db/app"
    text = f"could not parse {url}; authentication for p@ss failed"
    assert without_password(text, url) == "could not parse postgresql://app:***@db/app; authentication for *** failed"
