"""Persistence: the spine's SQLAlchemy models and the Store that owns the engine.

Each flow keeps its own tables in its package (sync/<flow>/models.py) on the same `Base.metadata`,
so loading the flows puts every table in one metadata and one Alembic history.
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
from circleup.integration.store.dashboard import SignInNonce

__all__ = [
    "MAX_ROW_ID", "Action", "ActionStatus", "AuditEntry", "Base", "Event", "EventStatus", "KnownGroup", "Member",
    "MemberSkill", "SignInNonce", "SkillKind", "Store", "as_utc", "utcnow",
]
