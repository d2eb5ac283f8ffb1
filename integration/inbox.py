"""Writing a verified delivery to the inbox, on the receiver's hot path.

One INSERT … RETURNING in its own short transaction on a pooled DBAPI connection: no ORM unit of
work and no statement compilation (together they cost twice the insert itself), and no read before
the write — the unique constraints on (instance, event id) and on the delivery's fingerprint detect
duplicates, so a retry or a redelivery costs one failed insert and nothing else.
"""
from __future__ import annotations

from integration.store import Event, Store, utcnow

_COLUMNS = ("instance", "event_id", "event_type", "event_name", "body", "body_sha256", "fingerprint", "received_at",
            "status", "attempts")


class Duplicate(Exception):
    """The delivery was already stored (same event id from this forum, or the same body)."""


def _insert_sql(paramstyle: str) -> str:
    marks = ", ".join("?" if paramstyle == "qmark" else "%s" for _ in _COLUMNS)
    return f"INSERT INTO {Event.__tablename__} ({', '.join(_COLUMNS)}) VALUES ({marks}) RETURNING id"


def store_delivery(store: Store, *, instance: str, event_id: str, event_type: str, event_name: str,
                   body: str, body_sha256: str, fingerprint: str, status: str) -> int:
    """Insert and commit; return the row id. Raises Duplicate, or the driver's error if it cannot store."""
    dialect = store.engine.dialect
    sql = _insert_sql(dialect.paramstyle)
    received_at = utcnow()
    if dialect.name == "sqlite":
        received_at = received_at.strftime("%Y-%m-%d %H:%M:%S.%f")  # how SQLAlchemy stores DateTime there
    params = (instance, event_id, event_type, event_name, body, body_sha256, fingerprint, received_at, status, 0)
    integrity_error = dialect.loaded_dbapi.IntegrityError
    connection = store.engine.raw_connection()
    try:
        cursor = connection.cursor()
        if dialect.name == "sqlite":
            cursor.execute("BEGIN IMMEDIATE")  # the driver runs in autocommit mode (see store.base)
        try:
            cursor.execute(sql, params)
            row_id = cursor.fetchone()[0]
        except integrity_error:
            connection.rollback()
            raise Duplicate() from None
        except BaseException:
            connection.rollback()
            raise
        connection.commit()
        return row_id
    finally:
        connection.close()  # back to the pool
