"""Tables of the citizens flow: one application per member and programme, and the approvers'
messages it sent (which tell a `/approve` written there which programme it is for)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from circleup.integration.store.base import Base, utcnow
from circleup.integration.store.models import Member
from circleup.sync.citizens.config import CITIZENS


class ApplicationStatus:
    PENDING = "pending"
    APPROVED = "approved"  # a member of the programme (the group add may still be on its way)
    APPROVAL_FAILED = "approval_failed"  # Discourse refused the group add; a replay or a new /approve retries it
    DECLINED = "declined"
    REVOKED = "revoked"  # left the group, suspended or deleted, or revoked by an approver
    WITHDRAWN = "withdrawn"  # suspended or deleted while the application was pending

    ALL = (PENDING, APPROVED, APPROVAL_FAILED, DECLINED, REVOKED, WITHDRAWN)


class ApplicationSource:
    POST = "post"  # a reply in an application topic
    IMPORT = "import"  # a row of an external form's export
    DECISION = "decision"  # approved or declined before (or without) any application
    DISCOURSE = "discourse"  # a moderator added them to the programme's group by hand


class Application(Base):
    """A member's way into a programme; one row per member and programme, re-used when they apply again."""

    __tablename__ = "citizen_applications"
    __table_args__ = (UniqueConstraint("member_id", "programme"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("members.id", ondelete="CASCADE"))
    # Rows from before there were programmes are the citizens programme's.
    programme: Mapped[str] = mapped_column(String(30), server_default=CITIZENS, index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    source: Mapped[str] = mapped_column(String(16))
    # The application post, when there is one (forms and on-the-spot approvals have none).
    topic_id: Mapped[int | None] = mapped_column(BigInteger)
    post_id: Mapped[int | None] = mapped_column(BigInteger)
    post_number: Mapped[int | None] = mapped_column(Integer)
    post_url: Mapped[str | None] = mapped_column(String(500))
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)  # from a form import
    applied_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(60))
    decided_at: Mapped[dt.datetime | None]
    decided_from: Mapped[str | None] = mapped_column(String(500))  # post URL, "cli", "discourse", …
    reason: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)  # why the last group add failed
    # Every step (applied, approved, declined, revoked) gets its own outbox batch, so one failed
    # action never cancels another applicant's; `steps` numbers them, `grant_batch` is the last approval's.
    steps: Mapped[int] = mapped_column(Integer, default=0)
    grant_batch: Mapped[str | None] = mapped_column(String(255))
    # Indexed: matching's process index asks "which changed lately?" before every circle.
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)

    member: Mapped[Member] = relationship()


class ApproversMessage(Base):
    """A private message circleup sent a programme's approvers about an application: a `/approve`
    written there decides for that programme. Recorded when Discourse answers with its topic."""

    __tablename__ = "citizen_approvers_messages"

    topic_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    programme: Mapped[str] = mapped_column(String(30), server_default=CITIZENS)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
