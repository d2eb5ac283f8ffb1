"""Writing a verified delivery to the inbox, on the receiver's hot path.

A single Core INSERT in its own short transaction: no ORM unit of work, no read before the write
(the unique constraints on (instance, event id) and on the body's sha256 detect duplicates, so a
retry or a redelivery costs one failed insert and nothing else).
"""
from __future__ import annotations

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from integration.store import Event, Store, utcnow


class Duplicate(Exception):
    """The delivery was already stored (same event id from this forum, or the same body)."""


def store_delivery(store: Store, *, instance: str, event_id: str, event_type: str, event_name: str,
                   body: str, body_sha256: str, status: str) -> int:
    """Insert and commit; return the row id. Raises Duplicate, or SQLAlchemyError if it cannot store."""
    statement = insert(Event).values(
        instance=instance, event_id=event_id, event_type=event_type, event_name=event_name, body=body,
        body_sha256=body_sha256, received_at=utcnow(), status=status, attempts=0,
    )
    try:
        with store.engine.begin() as conn:
            return conn.execute(statement).inserted_primary_key[0]
    except IntegrityError:
        raise Duplicate() from None
