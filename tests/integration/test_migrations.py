"""The Alembic history builds exactly the schema the models describe, on SQLite and PostgreSQL."""
from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from circleup.integration.store import Base
from circleup.integration.store.base import make_engine
from circleup.integration.store.migrate import require_current_schema, schema_status, upgrade
from tests.conftest import POSTGRES_UP, POSTGRES_URL


def _assert_matches_models(url: str) -> None:
    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    engine.dispose()
    assert diff == [], f"models and migrations disagree; generate a migration: {diff}"
    current, head = schema_status(url)
    assert current == head
    require_current_schema(url)


def test_sqlite_migrations_match_models(tmp_path):
    _assert_matches_models(f"sqlite:///{tmp_path / 'm.db'}")


@contextmanager
def _scratch_postgres_schema() -> Iterator[str]:
    """A URL of the test database in a schema of its own, dropped afterwards; skips, saying why,
    when PostgreSQL is not running or refuses."""
    import pytest

    if not POSTGRES_UP:
        pytest.skip("PostgreSQL is not running on 127.0.0.1")
    schema = f"circleup_mig_{uuid.uuid4().hex[:8]}"
    admin = make_engine(POSTGRES_URL)
    try:
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
    except Exception as exc:  # noqa: BLE001 - a refused login or a missing database: skip, saying which
        admin.dispose()
        pytest.skip(f"PostgreSQL cannot be used: {str(getattr(exc, 'orig', exc)).strip().splitlines()[0]}")
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def test_postgres_migrations_match_models():
    with _scratch_postgres_schema() as url:
        _assert_matches_models(url)


def test_empty_database_is_refused_with_the_command_to_run(tmp_path):
    import pytest

    from circleup.config.settings import ConfigError

    with pytest.raises(ConfigError, match="circleup migrate"):
        require_current_schema(f"sqlite:///{tmp_path / 'empty.db'}")


def _existing_installation(url: str) -> None:
    """A database as the last release left it: a citizen, a pending applicant, and the approvers'
    message circleup sent about the applicant."""
    import datetime as dt

    from sqlalchemy import MetaData

    upgrade(url, "0009")
    engine = make_engine(url)
    tables = MetaData()
    tables.reflect(engine, only=["members", "citizen_applications", "actions"])
    now = dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)
    member = dict(trust_level=1, admin=False, moderator=False, suspended=False, deleted=False, opted_out=False,
                  follows_areas=False, languages=[], created_at=now, updated_at=now)
    application = dict(source="post", answers={}, applied_at=now, steps=1, updated_at=now)
    with engine.begin() as conn:
        conn.execute(tables.tables["members"].insert(), [
            {"id": 7, "username": "osioke", "username_lower": "osioke", **member},
            {"id": 8, "username": "amara", "username_lower": "amara", **member},
        ])
        conn.execute(tables.tables["citizen_applications"].insert(), [
            {"member_id": 7, "status": "approved", "grant_batch": "citizens:7:2", **application},
            {"member_id": 8, "status": "pending", "grant_batch": None, **application},
        ])
        conn.execute(tables.tables["actions"].insert(), [{
            "key": "citizens:8:1:approvers:notice", "kind": "private_message", "payload": {}, "status": "done",
            "attempts": 1, "batch": "citizens:8:1:approvers", "seq": 0, "created_at": now, "done_at": now,
            "result": {"post_id": 91, "topic_id": 40, "post_number": 1},
        }])
    engine.dispose()


def _migrate_an_existing_installation(url: str) -> None:
    from sqlalchemy import select
    from sqlalchemy.exc import IntegrityError
    from sqlalchemy.orm import Session

    from circleup.sync.citizens.models import Application, ApproversMessage
    from circleup.sync.citizens.service import citizen_count

    _existing_installation(url)
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        rows = session.execute(select(Application.member_id, Application.programme, Application.status)
                               .order_by(Application.member_id)).all()
        assert rows == [(7, "citizens", "approved"), (8, "citizens", "pending")]
        assert citizen_count(session) == 1 and citizen_count(session, "learning-ambassadors") == 0
        assert [(m.topic_id, m.programme) for m in session.scalars(select(ApproversMessage))] == [(40, "citizens")]
        # One application per member and programme: a second programme's is a row of its own.
        session.add(Application(member_id=7, programme="learning-ambassadors", status="pending", source="post",
                                answers={}, steps=0))
        session.commit()
        session.add(Application(member_id=7, programme="learning-ambassadors", status="pending", source="post",
                                answers={}, steps=0))
        try:
            session.commit()
            raise AssertionError("a second application to the same programme was stored")
        except IntegrityError:
            session.rollback()
    engine.dispose()


def test_sqlite_existing_applications_become_the_citizens_programmes(tmp_path):
    _migrate_an_existing_installation(f"sqlite:///{tmp_path / 'existing.db'}")


def test_postgres_existing_applications_become_the_citizens_programmes():
    with _scratch_postgres_schema() as url:
        _migrate_an_existing_installation(url)
