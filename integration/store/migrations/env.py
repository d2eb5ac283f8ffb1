"""Alembic environment: one metadata for every table (the spine's, and the flows' once they are
loaded: `circleup migrate` loads them; a caller may pass another in `attributes["metadata"]`);
batch mode for SQLite."""
from __future__ import annotations

from alembic import context

from circleup.integration.store import Base
from circleup.integration.store.base import make_engine

config = context.config
target_metadata = config.attributes.get("metadata", Base.metadata)


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata, render_as_batch=True, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is None:
        engine = make_engine(config.get_main_option("sqlalchemy.url"))
        with engine.connect() as connection:
            _run(connection)
        engine.dispose()
    else:
        _run(connectable)


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
