"""Shared fixtures: real databases and queues, services, the Flask app and a worker.

Every test that takes `backend` runs on SQLite with the embedded queue, and again on PostgreSQL with
Redis when both answer on 127.0.0.1 (`.ci/run` starts them), so CI exercises the production pair.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from circleup.sync import flows, load_settings
from circleup.integration.services import Services
from circleup.integration.store import Base, Store

flows()  # every registered flow's tables join the metadata that create_all and TRUNCATE read

FORUM_URL = "https://forum.example.org"
WEBHOOK_SECRET = "test-secret-for-circleup"  # Discourse requires at least 12 characters
BOT = "circleup"
POSTGRES_URL = os.environ.get("CIRCLEUP_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("CIRCLEUP_TEST_REDIS", "redis://127.0.0.1:6379/15")
FIXTURES = Path(__file__).parent / "webhooks" / "fixtures"


def _reachable(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


POSTGRES_UP = _reachable(5432)
REDIS_UP = _reachable(6379)


@dataclass(frozen=True)
class Backend:
    name: str
    database_url: str
    queue_url: str


def _postgres_schema_url(schema: str) -> str:
    return f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"


def _first_line(exc: BaseException) -> str:
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def redis_unavailable() -> str | None:
    """Why the Redis tests cannot run here (None: they can): not running, no client, a password."""
    from circleup.config.urls import safe_url

    if not REDIS_UP:
        return f"Redis is not running at {safe_url(REDIS_URL)} (bash .ci/run starts it)"
    try:
        import redis
    except ImportError:
        return "the redis package is not installed: pip install 'circleup[redis]'"
    client = redis.Redis.from_url(REDIS_URL, socket_timeout=2, retry=None)
    try:
        client.ping()
    except redis.exceptions.AuthenticationError as exc:
        return f"Redis at {safe_url(REDIS_URL)} asks for a password ({_first_line(exc)}): set CIRCLEUP_TEST_REDIS"
    except redis.exceptions.RedisError as exc:
        return f"Redis at {safe_url(REDIS_URL)} refused: {_first_line(exc)}"
    finally:
        client.close()
    return None


@dataclass(frozen=True)
class PostgresSchema:
    """This test process's PostgreSQL schema, or why there is none (the PostgreSQL cases then skip)."""

    name: str = ""
    unavailable: str | None = None


@pytest.fixture(scope="session")
def postgres_schema() -> Iterator[PostgresSchema]:
    """One schema per test process (pytest-xdist safe), dropped at the end.

    It never fails: a server that is not running, refuses the login or lacks the database makes
    the PostgreSQL cases skip with the reason, and the SQLite cases (which share this fixture) run.
    """
    from circleup.config.urls import safe_url

    where = safe_url(POSTGRES_URL)
    if not POSTGRES_UP:
        yield PostgresSchema(unavailable=f"PostgreSQL is not running at {where} (bash .ci/run starts it)")
        return
    try:
        import psycopg  # noqa: F401
    except ImportError:
        yield PostgresSchema(unavailable="psycopg is not installed: pip install 'circleup[postgres]'")
        return
    from sqlalchemy import create_engine, text

    schema = f"circleup_test_{uuid.uuid4().hex[:10]}"
    engine = create_engine(POSTGRES_URL)
    try:
        with engine.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
    except Exception as exc:  # noqa: BLE001 - a refused login, a missing database, a full server
        engine.dispose()
        yield PostgresSchema(unavailable=f"PostgreSQL at {where} cannot be used: {_first_line(exc)} "
                                         "(set CIRCLEUP_TEST_POSTGRES to a database this user may create schemas in)")
        return
    try:
        store = Store(_postgres_schema_url(schema))
        store.create_all()
        store.dispose()
        yield PostgresSchema(schema)
    finally:
        with engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()


@pytest.fixture(scope="session")
def redis_problem() -> str | None:
    return redis_unavailable()


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request, tmp_path) -> Iterator[Backend]:
    if request.param == "sqlite":
        yield Backend("sqlite", f"sqlite:///{tmp_path / 'circleup.db'}", f"sqlite:///{tmp_path / 'queue.db'}")
        return
    # Asked for here, not as arguments: the SQLite case must not depend on PostgreSQL or Redis.
    postgres = request.getfixturevalue("postgres_schema")
    if postgres.unavailable:
        pytest.skip(postgres.unavailable)
    redis_problem = request.getfixturevalue("redis_problem")
    if redis_problem:
        pytest.skip(redis_problem)
    url = _postgres_schema_url(postgres.name)
    store = Store(url)
    with store.engine.begin() as conn:  # empty every table between tests, faster than re-creating
        names = ", ".join(t.name for t in Base.metadata.sorted_tables)
        conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    store.dispose()
    # A queue of its own: test processes (pytest-xdist, other runs) share the Redis database.
    queue_url = f"{REDIS_URL}?name=circleup-test-{uuid.uuid4().hex[:12]}"
    yield Backend("postgres", url, queue_url)
    from circleup.integration.queue import make_huey

    make_huey(queue_url).flush()


def make_env(backend: Backend, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        "DISCOURSE_URL": FORUM_URL,
        "DISCOURSE_API_KEY": "test-api-key-0123456789",
        "DISCOURSE_API_USERNAME": BOT,
        "DISCOURSE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "DATABASE_URL": backend.database_url,
        "QUEUE_URL": backend.queue_url,
        "CIRCLEUP_INSTANCE_PATH": str(tmp_path / "instance"),
        "CIRCLEUP_CONFIG": str(tmp_path / "circleup.yaml"),
    }
    env.update(extra)
    return env


@pytest.fixture
def config_overrides() -> dict:
    """YAML sections for this test; override the fixture to change them.

    retry_for_s 0: a transient error gives up after worker.max_attempts tries, so tests of the
    failure paths need not wait out the production horizon of a day.
    """
    return {"worker": {"retry_backoff_s": 0.0, "stuck_after_s": 2, "retry_for_s": 0}, "logging": {"format": "console", "level": "WARNING"}}


@pytest.fixture
def env(backend, tmp_path) -> dict[str, str]:
    (tmp_path / "circleup.yaml").write_text("{}\n")
    return make_env(backend, tmp_path)


@pytest.fixture
def settings(env, config_overrides):
    return load_settings(env, config_overrides)


@pytest.fixture
def services(settings, backend) -> Iterator[Services]:
    services = Services(settings)
    if backend.name == "sqlite":
        services.store.create_all()
    yield services
    services.close()


@pytest.fixture
def app(services):
    from circleup.webhooks.app import create_app

    return create_app(services=services)


@pytest.fixture
def http(app):
    return app.test_client()


@pytest.fixture
def worker(app):
    """The worker bound to the same services (and queue) as the app."""
    return app.extensions["circleup.worker"]


def drain(worker, *, include_scheduled: bool = True, max_jobs: int = 1000) -> int:
    """Run queued jobs in this thread until none is left.

    With `include_scheduled`, jobs scheduled for later (backoff, 429 waits) run too, after moving
    the database's `not_before` times to now: the test travels forward in time instead of sleeping.
    """
    worker.flush_enqueued()  # the receiver hands ids to a background enqueuer
    huey = worker.services.huey
    ran = 0
    while ran < max_jobs:
        # pending_count first: Redis's dequeue blocks for a second on an empty queue.
        task = huey.dequeue() if huey.pending_count() else None
        if task is not None:
            huey.execute(task)
            ran += 1
            continue
        if not include_scheduled:
            break
        due = huey.read_schedule(_FAR_FUTURE)
        if not due:
            break
        time_travel(worker.services)
        for task in due:
            huey.execute(task, timestamp=_FAR_FUTURE)
            ran += 1
    if ran >= max_jobs:
        raise AssertionError(f"the queue did not drain after {max_jobs} jobs: a job keeps rescheduling itself")
    return ran


def time_travel(services) -> None:
    from sqlalchemy import update

    from circleup.integration.store import Action, Event

    with services.store.session() as session:
        session.execute(update(Event).where(Event.not_before.is_not(None)).values(not_before=None))
        session.execute(update(Action).where(Action.not_before.is_not(None), Action.status == "pending").values(not_before=None))


_FAR_FUTURE = __import__("datetime").datetime(2999, 1, 1)


def sign(body: bytes, secret: str = WEBHOOK_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def load_fixture(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def delivery(name_or_body, *, event: str | None = None, event_id: str | int = "1", secret: str = WEBHOOK_SECRET,
             instance: str = FORUM_URL, content_type: str = "application/json") -> tuple[bytes, dict[str, str]]:
    """A signed delivery: a fixture name (its raw_body) or a body dict with its event name."""
    if isinstance(name_or_body, str):
        fixture = load_fixture(name_or_body)
        body = fixture["raw_body"].encode()
        event = event or fixture["headers"]["X-Discourse-Event"]
        event_type = fixture["headers"]["X-Discourse-Event-Type"]
    else:
        body = json.dumps(name_or_body, separators=(",", ":")).encode()
        event_type = next(iter(name_or_body))
    headers = {
        "Content-Type": content_type,
        "X-Discourse-Instance": instance,
        "X-Discourse-Event-Id": str(event_id),
        "X-Discourse-Event-Type": event_type,
        "X-Discourse-Event": event or event_type,
        "X-Discourse-Event-Signature": sign(body, secret),
    }
    return body, headers


@pytest.fixture
def deliver(http):
    def _deliver(name_or_body, **kwargs):
        body, headers = delivery(name_or_body, **kwargs)
        return http.post("/webhooks/discourse", data=body, headers=headers)

    return _deliver


# -- end to end: receiver ↔ worker ↔ Discourse simulator ------------------------------------------
RECEIVER_URL = "https://circleup.example.org/webhooks/discourse"


@dataclass
class Forum:
    """circleup wired to a simulated Discourse: webhooks go into the Flask app, API calls into the simulator."""

    sim: object
    services: Services
    app: object
    http: object
    worker: object

    def settle(self, max_rounds: int = 50) -> int:
        """Deliver waiting webhooks and run the worker until neither has anything left.

        circleup's own posts come back as webhooks, so this loops; it returns the rounds it took.
        """
        for round_ in range(1, max_rounds + 1):
            delivered = self.sim.deliver_pending()
            ran = drain(self.worker)
            if not delivered and not ran:
                return round_
        raise AssertionError(f"the forum did not settle after {max_rounds} rounds (a loop between circleup and Discourse?)")

    def authors(self, topic_id: int) -> list[str]:
        """Usernames of a topic's posts, in order."""
        return [self.sim.users[p.user_id].username for p in self.sim.posts_in(topic_id)]

    def deliveries_answered(self, status: str) -> int:
        return sum(1 for d in self.sim.deliveries if d.response_body and json.loads(d.response_body).get("status") == status)


@pytest.fixture
def forum(settings, backend) -> Iterator[Forum]:
    from circleup.simulator import Simulator
    from circleup.webhooks.app import create_app

    sim = Simulator(base_url=FORUM_URL, bot_username=settings.bot_username, delivery="queue")
    services = Services(settings, client=sim.client())
    if backend.name == "sqlite":
        services.store.create_all()
    app = create_app(services=services)
    sim.add_webhook(RECEIVER_URL, WEBHOOK_SECRET)
    sim.deliver_to(app)
    yield Forum(sim=sim, services=services, app=app, http=app.test_client(), worker=app.extensions["circleup.worker"])
    services.close()
