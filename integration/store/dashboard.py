"""The dashboard's sign-in nonces and its sessions.

A dashboard session is a row here; the browser's cookie carries only a random token whose hash
names the row. Ending the row ends the session for every copy of the cookie at once, from any
process: signing out, a role that ends (handled in sync, where the forum's deliveries arrive),
`circleup dashboard sessions end`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import BigInteger, String, delete, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from circleup.integration.store.base import Base, as_utc, utcnow

# How long ended and expired sessions stay listed (`circleup dashboard sessions --all`).
KEEP_ENDED = dt.timedelta(days=30)


class SignInNonce(Base):
    """A DiscourseConnect nonce this dashboard issued, stored as a hash, redeemable once."""

    __tablename__ = "dashboard_nonces"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[dt.datetime] = mapped_column(index=True)


class AdmittedAs:
    """Why the forum let someone in: the right that, once gone, ends the session."""

    ADMIN = "admin"
    MODERATOR = "moderator"
    APPROVERS_GROUP = "approvers group"
    STAFF = (ADMIN, MODERATOR)


class DashboardSession(Base):
    """One signed-in browser. Live while `ended_at` is empty and `expires_at` is ahead."""

    __tablename__ = "dashboard_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)  # what `circleup dashboard sessions` shows
    digest: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the cookie's token
    member_id: Mapped[int] = mapped_column(BigInteger, index=True)  # the Discourse user id
    username: Mapped[str] = mapped_column(String(60))
    admitted_as: Mapped[str] = mapped_column(String(32))  # AdmittedAs
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(index=True)
    last_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    rights_checked_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    remote: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(255))
    ended_at: Mapped[dt.datetime | None]
    ended_reason: Mapped[str | None] = mapped_column(String(255))

    def is_live(self, now: dt.datetime) -> bool:
        return self.ended_at is None and as_utc(self.expires_at) > now


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(db: Session, *, member_id: int, username: str, admitted_as: str, lifetime: dt.timedelta,
                 now: dt.datetime, remote: str | None = None, user_agent: str | None = None) -> str:
    """Record a new session; returns the token for the cookie (only its hash is stored)."""
    db.execute(delete(DashboardSession).where(DashboardSession.expires_at < now - KEEP_ENDED))
    token = secrets.token_urlsafe(32)
    db.add(DashboardSession(digest=token_digest(token), member_id=member_id, username=username[:60],
                            admitted_as=admitted_as, started_at=now, expires_at=now + lifetime, last_seen_at=now,
                            rights_checked_at=now, remote=(remote or None) and remote[:45],
                            user_agent=(user_agent or None) and user_agent[:255]))
    db.flush()
    return token


def session_for(db: Session, token: str) -> DashboardSession | None:
    """The row a cookie's token names, live or not (None: no such session)."""
    if not token:
        return None
    return db.scalar(select(DashboardSession).where(DashboardSession.digest == token_digest(token)))


def end_sessions(db: Session, reason: str, *, now: dt.datetime | None = None, ids: list[int] | None = None,
                 member_id: int | None = None, admitted_as: tuple[str, ...] | None = None) -> int:
    """End the live sessions that match (all of them when nothing narrows it); returns how many."""
    now = now or utcnow()
    query = update(DashboardSession).where(DashboardSession.ended_at.is_(None), DashboardSession.expires_at > now)
    if ids is not None:
        query = query.where(DashboardSession.id.in_(ids))
    if member_id is not None:
        query = query.where(DashboardSession.member_id == member_id)
    if admitted_as is not None:
        query = query.where(DashboardSession.admitted_as.in_(admitted_as))
    result = db.execute(query.values(ended_at=now, ended_reason=reason[:255]).execution_options(synchronize_session=False))
    return result.rowcount or 0


def sessions(db: Session, *, now: dt.datetime | None = None, include_ended: bool = False,
             member_id: int | None = None) -> list[DashboardSession]:
    """Sessions, newest first: the live ones, or with `include_ended` every one still kept."""
    now = now or utcnow()
    query = select(DashboardSession).order_by(DashboardSession.id.desc())
    if not include_ended:
        query = query.where(DashboardSession.ended_at.is_(None), DashboardSession.expires_at > now)
    if member_id is not None:
        query = query.where(DashboardSession.member_id == member_id)
    return list(db.scalars(query))
