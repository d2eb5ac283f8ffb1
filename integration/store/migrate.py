"""Alembic, driven from code so `circleup migrate` needs no alembic.ini on disk."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def schema_status(database_url: str) -> tuple[str | None, str]:
    """(the database's revision, the code's head revision)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from circleup.integration.store.base import make_engine

    head = ScriptDirectory.from_config(alembic_config(database_url)).get_current_head()
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()
    return current, head


def require_current_schema(database_url: str) -> None:
    """Refuse to start on a database that `circleup migrate` has not brought up to date."""
    from circleup.config.settings import ConfigError

    current, head = schema_status(database_url)
    if current != head:
        raise ConfigError(
            f"the database schema is at {current or 'nothing (empty database)'}, the code needs {head}: run `circleup migrate`"
        )
