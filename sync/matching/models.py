"""Tables of the matching flow: learning circles and the people suggested for them, one-to-one pairs.

A circle row gathers what Discourse tells about a topic in two halves that arrive in either order
(topic_created carries title, tags and category; the first post's post_created carries its raw),
remembers the reply circleup wrote, and the needs that reply answered, so an edit that changes
nothing the matching reads changes nothing in the reply. Suggestions are kept per revision of the
reply, never deleted: they are the answer to "why was I matched?" and the memory fairness reads.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from circleup.integration.store.base import Base, utcnow


class MatchingCircle(Base):
    """A topic that is (or may become) a proposed learning circle."""

    __tablename__ = "matching_circles"

    topic_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    # The topic half: known once a topic delivery (or an API read) has been seen.
    topic_seen: Mapped[bool] = mapped_column(Boolean, default=False)
    title: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[str]] = mapped_column(default=list)
    category_id: Mapped[int | None] = mapped_column(BigInteger)
    author_id: Mapped[int | None] = mapped_column(BigInteger)
    author_username: Mapped[str | None] = mapped_column(String(60))
    closed: Mapped[bool] = mapped_column(Boolean, default=False)  # closed, archived or deleted in Discourse
    # The first post's half: None until seen, and dropped again for topics that are not circles.
    raw: Mapped[str | None] = mapped_column(Text)
    first_post_id: Mapped[int | None] = mapped_column(BigInteger)
    post_version: Mapped[int] = mapped_column(Integer, default=0)  # an older edit never overwrites a newer one
    # Tagged and in an allowed category, as of the last decision.
    active: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    # The needs the current suggestions answer (canonical skills, place, language).
    skills: Mapped[list[str]] = mapped_column(default=list)
    place: Mapped[str | None] = mapped_column(String(255))
    language: Mapped[str | None] = mapped_column(String(64))
    ranked: Mapped[bool] = mapped_column(Boolean, default=False)  # suggestions exist for these needs
    # circleup's reply: the key of the action creating it, then the post once Discourse answered.
    reply_key: Mapped[str | None] = mapped_column(String(255))
    reply_post_id: Mapped[int | None] = mapped_column(BigInteger)
    reply_post_number: Mapped[int | None] = mapped_column(Integer)
    # sha256 of the content last recorded for the reply, and how many contents it has had
    # (edit keys carry the revision, so content A → B → A is three distinct actions).
    reply_hash: Mapped[str | None] = mapped_column(String(64))
    revision: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    # Indexed: the process's fairness and load counts re-read only the circles changed since they last looked.
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)


class MatchingSuggestion(Base):
    """One person suggested in one revision of a circle's reply, and why."""

    __tablename__ = "matching_suggestions"
    __table_args__ = (
        Index("ix_matching_suggestions_member_id_created_at", "member_id", "created_at"),
        Index("ix_matching_suggestions_topic_id_current", "topic_id", "current"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("matching_circles.topic_id", ondelete="CASCADE"))
    revision: Mapped[int] = mapped_column(Integer)
    member_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("members.id", ondelete="CASCADE"))
    username: Mapped[str] = mapped_column(String(60))
    role: Mapped[str] = mapped_column(String(16))  # facilitator | participant
    rank: Mapped[int] = mapped_column(Integer)  # 1-based place in the reply
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[list[str]] = mapped_column(default=list)
    matched_skills: Mapped[list[str]] = mapped_column(default=list)
    action_key: Mapped[str] = mapped_column(String(255))  # the create or edit action that carries it
    current: Mapped[bool] = mapped_column(Boolean, default=True)  # False once a later revision replaced it
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class PairingRun(Base):
    """One pairing run; `key` is unique so two workers finding a scheduled run due start it once."""

    __tablename__ = "matching_pairing_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)  # "scheduled:2026-03-01" or "cli:<timestamp>"
    trigger: Mapped[str] = mapped_column(String(16))  # schedule | cli
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    finished_at: Mapped[dt.datetime | None]
    members: Mapped[int] = mapped_column(Integer, default=0)  # eligible members considered
    pairs: Mapped[int] = mapped_column(Integer, default=0)


class MatchingPair(Base):
    """Two members introduced to each other; never introduced again (unique by the two ids)."""

    __tablename__ = "matching_pairs"
    __table_args__ = (UniqueConstraint("a_id", "b_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("matching_pairing_runs.id", ondelete="CASCADE"), index=True)
    a_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("members.id", ondelete="CASCADE"))  # the lower id
    b_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("members.id", ondelete="CASCADE"), index=True)
    a_username: Mapped[str] = mapped_column(String(60))
    b_username: Mapped[str] = mapped_column(String(60))
    score: Mapped[float] = mapped_column(Float)
    a_teaches: Mapped[list[str]] = mapped_column(default=list)
    b_teaches: Mapped[list[str]] = mapped_column(default=list)
    intro_key: Mapped[str] = mapped_column(String(255))
    topic_id: Mapped[int | None] = mapped_column(BigInteger, index=True)  # the introduction PM, once sent
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    follow_up_due_at: Mapped[dt.datetime] = mapped_column(index=True)
    follow_up_key: Mapped[str | None] = mapped_column(String(255))
    follow_up_post_number: Mapped[int | None] = mapped_column(Integer)
    met: Mapped[bool | None] = mapped_column(Boolean)  # None: no answer yet
    answered_by: Mapped[str | None] = mapped_column(String(60))
    answered_at: Mapped[dt.datetime | None]
    answer_source: Mapped[str | None] = mapped_column(String(255))  # a post URL or "cli"


class CircleMembership(Base):
    """Someone who said they are in a proposed circle ("I'm in", a like of circleup's suggestions),
    or who left it again ("I'm out"). One row per circle and member, kept after leaving."""

    __tablename__ = "matching_circle_members"
    __table_args__ = (UniqueConstraint("topic_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("matching_circles.topic_id", ondelete="CASCADE"),
                                          index=True)
    member_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("members.id", ondelete="CASCADE"), index=True)
    username: Mapped[str] = mapped_column(String(60))
    joined: Mapped[bool] = mapped_column(Boolean, default=True)  # False once they said "I'm out"
    via: Mapped[str] = mapped_column(String(16))  # reply | like | cli
    source: Mapped[str | None] = mapped_column(String(255))  # the post (or liked post) that said so
    joined_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    left_at: Mapped[dt.datetime | None]
    # Whether they are a recipient of the circle's group message (on it when it was started, or added;
    # off it again once they said "I'm out").
    in_message: Mapped[bool] = mapped_column(Boolean, default=False)
    # How many times they were taken off the group message: each later invitation and removal is a
    # Discourse write of its own, so their keys carry this count.
    message_removals: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class CircleFormation(Base):
    """A circle that formed: its announcement, its group message and whether it started.

    Created once (the topic id is the key), in the transaction that saw the circle reach its size;
    formed stays formed whoever leaves later."""

    __tablename__ = "matching_circle_formations"

    topic_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("matching_circles.topic_id", ondelete="CASCADE"),
                                          primary_key=True, autoincrement=False)
    formed_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    facilitator: Mapped[str] = mapped_column(String(60))
    members: Mapped[list[str]] = mapped_column(default=list)  # as announced
    place: Mapped[str | None] = mapped_column(String(255))  # city, or None for online
    announce_key: Mapped[str] = mapped_column(String(255))
    message_key: Mapped[str] = mapped_column(String(255))
    message_topic_id: Mapped[int | None] = mapped_column(BigInteger, index=True)  # the group message, once sent
    # "Has your circle met?": asked in the group message when due, once more after a "not yet".
    start_check_due_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    start_checks: Mapped[int] = mapped_column(Integer, default=0)  # how many times it was asked
    start_check_key: Mapped[str | None] = mapped_column(String(255))
    start_check_post_number: Mapped[int | None] = mapped_column(Integer)
    start_answer: Mapped[str | None] = mapped_column(String(8))  # yes | no | not_yet
    attended: Mapped[int | None] = mapped_column(Integer)  # how many came, when someone said
    answered_by: Mapped[str | None] = mapped_column(String(60))
    answered_at: Mapped[dt.datetime | None]
    started_at: Mapped[dt.datetime | None] = mapped_column(index=True)
