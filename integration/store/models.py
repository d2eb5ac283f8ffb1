"""Tables shared by the spine and every flow: inbox, outbox, members, skills, audit log.

Flow-specific tables live beside these in their own modules (citizens.py, matching.py, …) and are
imported by `integration.store` so that one metadata — and one Alembic history — covers them all.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from circleup.integration.store.base import Base, utcnow


# The largest id of events and actions: their Integer primary keys are 32-bit on PostgreSQL, so a
# larger number (typed in a URL or a command) names no row rather than being an error to the database.
MAX_ROW_ID = 2**31 - 1


class EventStatus:
    RECEIVED = "received"  # stored, waiting for a worker
    PROCESSING = "processing"  # a worker has it (or died holding it: the sweeper re-enqueues)
    PROCESSED = "processed"
    IGNORED = "ignored"  # verified and kept, but no flow handles this event name
    FAILED = "failed"  # a permanent error, or retries gave up (worker.retry_for_s); replayable

    OPEN = (RECEIVED, PROCESSING)
    FINISHED = (PROCESSED, IGNORED, FAILED)  # what `circleup events replay` may queue again


class Event(Base):
    """The inbox: one row per verified delivery from Discourse."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("instance", "event_id"),
        UniqueConstraint("fingerprint"),
        Index("ix_events_status_received_at", "status", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instance: Mapped[str] = mapped_column(String(255))
    event_id: Mapped[str] = mapped_column(String(64))
    event_type: Mapped[str] = mapped_column(String(64))
    event_name: Mapped[str] = mapped_column(String(96))
    body: Mapped[str] = mapped_column(Text)
    body_sha256: Mapped[str] = mapped_column(String(64))
    # sha256 of the event name and the body: the same delivery under a new event id (a retry).
    fingerprint: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default=EventStatus.RECEIVED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # When the run of failures now being retried began (None when the last try went well): transient
    # errors are retried until worker.retry_for_s has passed since then.
    failing_since: Mapped[dt.datetime | None]
    # The worker's lease: set when it claims the event and renewed while it works on it; a claim not
    # renewed for worker.stuck_after_s belongs to a dead worker and is taken over.
    started_at: Mapped[dt.datetime | None]
    processed_at: Mapped[dt.datetime | None]
    # Set by a handler that wants the event looked at again (e.g. out-of-order deliveries).
    not_before: Mapped[dt.datetime | None]

    actions: Mapped[list[Action]] = relationship(back_populates="event", order_by="Action.id")


class ActionStatus:
    PENDING = "pending"
    IN_FLIGHT = "in_flight"  # the call may have reached Discourse: recover by marker before retrying
    DONE = "done"
    FAILED = "failed"  # permanent 4xx, or retries gave up (worker.retry_for_s); replayable
    CANCELLED = "cancelled"  # an earlier action of the same batch failed permanently

    OPEN = (PENDING, IN_FLIGHT)


class Action(Base):
    """The outbox: one row per intended Discourse write, unique by idempotency key."""

    __tablename__ = "actions"
    __table_args__ = (Index("ix_actions_status_not_before", "status", "not_before"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[str] = mapped_column(String(48))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(16), default=ActionStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    result: Mapped[dict[str, Any] | None]
    # Actions of one batch run in order; a permanent failure cancels the rest of the batch.
    batch: Mapped[str] = mapped_column(String(255), index=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    # Name of a registered hook called (in the worker, in a transaction) once the action is done or failed.
    on_result: Mapped[str | None] = mapped_column(String(96))
    event_pk: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Pending: not to be tried before then. In flight: the end of the worker's lease, renewed while
    # the call runs; past it, the worker is presumed dead and another takes the action over.
    not_before: Mapped[dt.datetime | None]
    done_at: Mapped[dt.datetime | None]
    failing_since: Mapped[dt.datetime | None]  # as Event.failing_since

    event: Mapped[Event | None] = relationship(back_populates="actions")


class Member(Base):
    """What circleup knows of a forum member; `id` is the Discourse user id."""

    __tablename__ = "members"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    username: Mapped[str] = mapped_column(String(60))
    username_lower: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str | None] = mapped_column(String(255))
    trust_level: Mapped[int] = mapped_column(Integer, default=0)
    admin: Mapped[bool] = mapped_column(Boolean, default=False)
    moderator: Mapped[bool] = mapped_column(Boolean, default=False)
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)  # never suggested for matching
    follows_areas: Mapped[bool] = mapped_column(Boolean, default=False)  # opted in to watch skill areas
    location: Mapped[str | None] = mapped_column(String(255))
    languages: Mapped[list[str]] = mapped_column(default=list)
    last_seen_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Indexed: the matching index re-reads only the members changed since it last looked.
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)

    skills: Mapped[list[MemberSkill]] = relationship(back_populates="member", cascade="all, delete-orphan")

    @property
    def staff(self) -> bool:
        return self.admin or self.moderator

    @property
    def active(self) -> bool:
        """Shown in directories and eligible for suggestions (opt-out aside)."""
        return not (self.suspended or self.deleted)


class SkillKind:
    SHARE = "share"
    LEARN = "learn"


class MemberSkill(Base):
    """One skill a member can share or wants to learn, as typed and as normalised."""

    __tablename__ = "member_skills"
    __table_args__ = (
        UniqueConstraint("member_id", "kind", "skill"),
        Index("ix_member_skills_skill_kind", "skill", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # SkillKind
    raw: Mapped[str] = mapped_column(String(255))
    skill: Mapped[str] = mapped_column(String(255))  # canonical name, or the cleaned free skill
    area: Mapped[str | None] = mapped_column(String(255))
    method: Mapped[str] = mapped_column(String(16))  # exact | synonym | translation | plural | fuzzy | free
    source: Mapped[str] = mapped_column(String(32))  # user_field | registration_post | import

    member: Mapped[Member] = relationship(back_populates="skills")


class AuditEntry(Base):
    """Every decision circleup or a moderator made: who, when, what, from where."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(60))  # a username, or "circleup"
    action: Mapped[str] = mapped_column(String(64), index=True)  # e.g. citizens.approve
    subject: Mapped[str | None] = mapped_column(String(255), index=True)  # usually a username
    source: Mapped[str] = mapped_column(String(255))  # post URL, "cli", "dashboard", "event:123"
    outcome: Mapped[str] = mapped_column(String(32), default="ok")  # ok | refused | error | noop
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)

    @classmethod
    def record(cls, session, actor: str, action: str, *, source: str, subject: str | None = None,
               outcome: str = "ok", **detail: Any) -> AuditEntry:
        """The one way an audit entry is written (units of work, desks and result hooks call this)."""
        entry = cls(actor=actor[:60], action=action[:64], subject=subject[:255] if subject else None,
                    source=source[:255], outcome=outcome, detail=detail)
        session.add(entry)
        return entry


class KnownGroup(Base):
    """A Discourse group's id by name: group_user deliveries name groups by id only."""

    __tablename__ = "known_groups"

    name_lower: Mapped[str] = mapped_column(String(60), primary_key=True)
    discourse_id: Mapped[int | None] = mapped_column(BigInteger)  # None: the forum has no such group
    fetched_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
