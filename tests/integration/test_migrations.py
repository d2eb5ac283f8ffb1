"""The Alembic history builds exactly the schema the models describe, on SQLite and PostgreSQL."""
from __future__ import annotations

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


def test_postgres_migrations_match_models():
    import uuid

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
        _assert_matches_models(f"{POSTGRES_URL}?options=-csearch_path%3D{schema}")
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def test_empty_database_is_refused_with_the_command_to_run(tmp_path):
    import pytest

    from circleup.config.settings import ConfigError

    with pytest.raises(ConfigError, match="circleup migrate"):
        require_current_schema(f"sqlite:///{tmp_path / 'empty.db'}")
