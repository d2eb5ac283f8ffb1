"""Persistence: SQLAlchemy models and the Store that owns the engine.

Importing this package registers every table on `Base.metadata` (Alembic compares against it).
"""
from circleup.integration.store.base import Base, Store, as_utc, utcnow
from circleup.integration.store.models import (
    Action,
    ActionStatus,
    AuditEntry,
    Event,
    EventStatus,
    MAX_ROW_ID,
    KnownGroup,
    Member,
    MemberSkill,
    SkillKind,
)

# Flow tables register themselves by being imported here.
from circleup.integration.store import flows as _flows  # noqa: E402,F401

__all__ = [
    "MAX_ROW_ID", "Action", "ActionStatus", "AuditEntry", "Base", "Event", "EventStatus", "KnownGroup", "Member",
    "MemberSkill", "SkillKind", "Store", "as_utc", "utcnow",
]
