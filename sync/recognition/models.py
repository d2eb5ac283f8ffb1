"""Tables of the recognition flow: which member holds (or held) which of circleup's badges."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from circleup.integration.store.base import Base, utcnow


class BadgeGrant(Base):
    """One member and one of circleup's badges (by its key in `recognition.badges`): granted once;
    revoked and granted again as a new generation, each with keys of its own."""

    __tablename__ = "recognition_badge_grants"
    __table_args__ = (UniqueConstraint("member_id", "badge"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("members.id", ondelete="CASCADE"), index=True)
    username: Mapped[str] = mapped_column(String(60))
    badge: Mapped[str] = mapped_column(String(32))  # a key of recognition.badges: citizen, learning_ambassador, …
    badge_name: Mapped[str] = mapped_column(String(100))  # as granted
    generation: Mapped[int] = mapped_column(Integer, default=1)
    why: Mapped[str] = mapped_column(String(255))  # "citizen approved", "circle topic:12 started", "pair:3 met"
    reason_url: Mapped[str | None] = mapped_column(String(500))
    grant_key: Mapped[str] = mapped_column(String(255), index=True)
    granted_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)  # decided
    user_badge_id: Mapped[int | None] = mapped_column(BigInteger, index=True)  # Discourse's grant, once it answered
    confirmed_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]
    revoke_key: Mapped[str | None] = mapped_column(String(255), index=True)
