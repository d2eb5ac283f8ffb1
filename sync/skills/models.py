"""Tables of the skills flow.

Profiles are kept as members wrote them (`SkillsProfileText`, one row per source), so the skills in
`member_skills` can always be rebuilt with a newer taxonomy. What each area's directory shows is
materialised per member (`SkillsDirectoryEntry`): refreshing a directory is one indexed read, and a
profile change is compared with what was listed before to know which areas really changed.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from circleup.integration.store.base import Base, utcnow


class ProfileSource:
    USER_FIELD = "user_field"  # the share / learn user fields of the Discourse profile
    REGISTRATION_POST = "registration_post"  # "Share: …" / "Learn: …" lines in a registration topic

    # When two sources name the same skill, the first keeps it (member_skills holds one row per skill).
    ORDER = (USER_FIELD, REGISTRATION_POST)


class SkillsProfileText(Base):
    """What a member wrote, per source, before normalisation."""

    __tablename__ = "skills_profile_texts"

    member_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    source: Mapped[str] = mapped_column(String(32), primary_key=True)  # ProfileSource
    share_text: Mapped[str] = mapped_column(Text, default="")
    learn_text: Mapped[str] = mapped_column(Text, default="")
    # The registration post it came from, so an edit of an older post cannot undo a newer one.
    post_id: Mapped[int | None] = mapped_column(BigInteger)
    # Indexed: matching's process index asks "which changed lately?" before every circle.
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)


class SkillsOptIn(Base):
    """Why a member follows their areas; Member.follows_areas is true when either is."""

    __tablename__ = "skills_opt_ins"

    member_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    by_field: Mapped[bool] = mapped_column(Boolean, default=False)
    by_group: Mapped[bool] = mapped_column(Boolean, default=False)


class SkillsDirectoryEntry(Base):
    """One member's row in one area's directory, as it will be rendered."""

    __tablename__ = "skills_directory_entries"
    __table_args__ = (Index("ix_skills_directory_entries_member_id", "member_id"),)

    area: Mapped[str] = mapped_column(String(255), primary_key=True)
    member_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    username: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(255), default="")
    shares: Mapped[list[str]] = mapped_column(default=list)
    learns: Mapped[list[str]] = mapped_column(default=list)


class SkillsDirectoryArea(Base):
    """Refresh scheduling for one area's directory.

    `version` counts changes; `due_at` is set while a refresh is scheduled or running (then it is the
    lease's end), so a burst of changes schedules one refresh; `generation` names the one scheduled
    job, so a duplicate (a sweep re-enqueue) finds it already taken.
    """

    __tablename__ = "skills_directory_areas"

    area: Mapped[str] = mapped_column(String(255), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    rendered_version: Mapped[int] = mapped_column(Integer, default=0)
    dirty_since: Mapped[dt.datetime | None]
    due_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    generation: Mapped[int] = mapped_column(Integer, default=0)
    refreshed_at: Mapped[dt.datetime | None]
    members: Mapped[int] = mapped_column(Integer, default=0)  # rows in the last render
    # The outbox batch of the last refresh that edited: the next one waits until it is finished.
    last_batch: Mapped[str | None] = mapped_column(String(255))
    failures: Mapped[int] = mapped_column(Integer, default=0)  # refreshes failed in a row (backoff)
    last_error: Mapped[str | None] = mapped_column(Text)


class SkillsDirectoryPost(Base):
    """A post of an area's directory topic that circleup keeps current (part 0 is the first post)."""

    __tablename__ = "skills_directory_posts"

    topic_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    part: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int | None] = mapped_column(BigInteger)
    # sha256 of the body last sent (None: unknown, e.g. the edit failed — send it again).
    body_hash: Mapped[str | None] = mapped_column(String(64))
    # Key of the reply creating this part while it is on its way; its result hook stores post_id.
    create_key: Mapped[str | None] = mapped_column(String(255))
    # The casefolded username this part's rows start from ("" for part 0); parts 0…n-1 with a key are
    # the directory's layout, kept between refreshes so one member's change edits only their part.
    # None: a spare part past the layout (or not laid out yet).
    first_key: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SkillsFollow(Base):
    """The category notification level circleup set for a member (None: the request failed)."""

    __tablename__ = "skills_follows"

    member_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    category_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    level: Mapped[int | None] = mapped_column(Integer)
    # Numbers each request, so watch → regular → watch gets three distinct outbox keys.
    changes: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SkillsBackfill(Base):
    """Progress of `circleup skills sync`, so an interrupted run continues where it stopped."""

    __tablename__ = "skills_backfills"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)  # the admin user list, e.g. "active"
    last_page: Mapped[int] = mapped_column(Integer, default=0)  # last page fully applied (pages start at 1)
    users: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    finished_at: Mapped[dt.datetime | None]


class SkillsSupportNeed(Base):
    """One kind of support a member said they need, from one source, and since when."""

    __tablename__ = "skills_support_needs"

    member_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    source: Mapped[str] = mapped_column(String(32), primary_key=True)  # ProfileSource
    need: Mapped[str] = mapped_column(String(32), primary_key=True)  # one of support.NEEDS
    words: Mapped[str] = mapped_column(Text, default="")  # what the member wrote, for "other" above all
    since: Mapped[dt.datetime] = mapped_column(default=utcnow)


class SkillsSupportDigest(Base):
    """The working group's support digest: a private message whose first post circleup keeps current.

    Scheduled like a directory area: `version` counts changes, `due_at` is set while a refresh is on its
    way (and is its lease), `generation` names the one refresh job allowed to run.
    """

    __tablename__ = "skills_support_digest"

    group_name: Mapped[str] = mapped_column(String(255), primary_key=True)
    create_key: Mapped[str | None] = mapped_column(String(255))  # the action sending the message
    post_id: Mapped[int | None] = mapped_column(BigInteger)
    version: Mapped[int] = mapped_column(Integer, default=0)
    due_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    generation: Mapped[int] = mapped_column(Integer, default=0)
    body_hash: Mapped[str | None] = mapped_column(String(64))
    last_batch: Mapped[str | None] = mapped_column(String(255))
    refreshed_at: Mapped[dt.datetime | None]
