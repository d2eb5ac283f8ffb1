"""Tables of the clinics flow: proposed clinics, who said they will come, and the calendar's state.

A clinic row gathers what Discourse tells about a topic in two halves that arrive in either order
(topic_created: title, tags, category, author; the first post's post_created: its raw), the time read
from that raw, and circleup's one reply in the thread. `announced_*` is the time that reply last
announced, so a moved clinic is re-announced in place and its reminder is due again.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from circleup.integration.store.base import Base, utcnow


class Clinic(Base):
    """A topic that is (or may become) a proposed learning clinic."""

    __tablename__ = "clinics_clinics"
    __table_args__ = (Index("ix_clinics_clinics_active_starts_at", "active", "starts_at"),)

    topic_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    topic_seen: Mapped[bool] = mapped_column(Boolean, default=False)
    title: Mapped[str] = mapped_column(Text, default="")
    slug: Mapped[str | None] = mapped_column(String(255))
    tags: Mapped[list[str]] = mapped_column(default=list)
    category_id: Mapped[int | None] = mapped_column(BigInteger)
    author_id: Mapped[int | None] = mapped_column(BigInteger)
    author_username: Mapped[str | None] = mapped_column(String(60))
    closed: Mapped[bool] = mapped_column(Boolean, default=False)  # closed, archived or deleted in Discourse
    raw: Mapped[str | None] = mapped_column(Text)
    first_post_id: Mapped[int | None] = mapped_column(BigInteger)
    post_version: Mapped[int] = mapped_column(Integer, default=0)
    # Tagged and open: on the calendar, and answered.
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    # The time read from the first post (UTC), its zone as written, or why it could not be read.
    starts_at: Mapped[dt.datetime | None]
    ends_at: Mapped[dt.datetime | None]
    timezone: Mapped[str | None] = mapped_column(String(64))
    time_problem: Mapped[str | None] = mapped_column(Text)
    skills: Mapped[list[str]] = mapped_column(default=list)
    suggested: Mapped[list[str]] = mapped_column(default=list)  # usernames the reply @mentions
    # circleup's reply: the key of the action creating it, then the post once Discourse answered.
    reply_key: Mapped[str | None] = mapped_column(String(255))
    reply_post_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    reply_hash: Mapped[str | None] = mapped_column(String(64))
    revision: Mapped[int] = mapped_column(Integer, default=0)
    announced_start: Mapped[dt.datetime | None]  # the start the reply announced last
    # The reminder and the summary request, each sent once per start time.
    reminded_start: Mapped[dt.datetime | None]
    summary_asked_start: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


def on_calendar() -> tuple:
    """What puts a clinic on the calendar (and in the feed as confirmed): still tagged and open, with
    a time circleup could read."""
    return Clinic.active.is_(True), Clinic.starts_at.is_not(None)


class ClinicAttendee(Base):
    """A member who said they will come to a clinic (or, `going` False, that they no longer will)."""

    __tablename__ = "clinics_attendees"

    topic_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    username: Mapped[str] = mapped_column(String(60))
    going: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[str] = mapped_column(String(64))  # "post:<id>" or "like:<post id>"
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ClinicsCalendar(Base):
    """The calendar topic's state: one row per calendar topic.

    `version` counts changes to what the calendar shows; `due_at` is set while a refresh is
    scheduled (and doubles as its lease); `generation` names the one refresh job allowed to run.
    """

    __tablename__ = "clinics_calendar"

    topic_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    post_id: Mapped[int | None] = mapped_column(BigInteger)
    version: Mapped[int] = mapped_column(Integer, default=0)
    rendered_version: Mapped[int] = mapped_column(Integer, default=0)
    due_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    generation: Mapped[int] = mapped_column(Integer, default=0)
    body_hash: Mapped[str | None] = mapped_column(String(64))
    last_batch: Mapped[str | None] = mapped_column(String(255))
    refreshed_at: Mapped[dt.datetime | None]
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
