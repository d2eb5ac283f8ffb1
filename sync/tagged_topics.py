"""Topics a flow answers because of a tag (a learning circle, a learning clinic): one row per topic,
filled from the two deliveries Discourse describes a new topic with, in whichever order they come.

topic_created (and the other whole-topic deliveries) carries the title, tags, category and author;
the first post's post_created carries its raw. Each delivery fills its half of the flow's row (a
model keyed by `topic_id` with the columns `take_topic` and `take_first_post` write, and `slug`
when it links to topics by their URL), locked while it is decided on, so two workers handling the
two halves at once decide once. The flows keep what differs: which topics are theirs, what they
answer, and what they read from the raw.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import structlog

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from circleup.integration.discourse import tag_names
from circleup.integration.errors import NotFound, RetryLater, TransientError
from circleup.integration.store import Action, ActionStatus, utcnow
from circleup.sync.members import parse_time
from circleup.sync.payload import as_int

log = structlog.get_logger("circleup.tagged_topics")

Row = TypeVar("Row")
# Discourse sends topic_created and the first post's post_created within moments of each other;
# after this long the missing one is read from the API instead.
FIRST_POST_WAIT_S = 30.0
# A job reading from Discourse tries this many times, backing off from READ_RETRY_S, doubling.
READ_ATTEMPTS = 5
READ_RETRY_S = 30.0


def row_for_update(session: Session, model: type[Row], topic_id: int) -> Row:
    """The topic's row, created if new, locked until the transaction ends (PostgreSQL; SQLite
    serialises writers with BEGIN IMMEDIATE), so its two halves are never decided on twice at once."""
    row = session.get(model, topic_id, with_for_update=True)
    if row is not None:
        return row
    try:
        with session.begin_nested():
            row = model(topic_id=topic_id)
            session.add(row)
    except IntegrityError:
        # The other half's worker created it a moment ago: wait for its lock, then read its work.
        row = session.get(model, topic_id, with_for_update=True, populate_existing=True)
    return row


def take_topic(row, topic: dict[str, Any]) -> None:
    """The topic half, from a topic delivery or from GET /t/{id}.json."""
    row.topic_seen = True
    row.title = topic.get("title") or row.title
    if hasattr(row, "slug"):
        row.slug = topic.get("slug") or row.slug
    # A private message is never answered, however it is tagged.
    row.tags = [] if topic.get("archetype") == "private_message" else tag_names(topic.get("tags"))
    row.category_id = as_int(topic.get("category_id"))
    created_by = topic.get("created_by") or (topic.get("details") or {}).get("created_by") or {}
    row.author_id = as_int(created_by.get("id")) or as_int(topic.get("user_id")) or row.author_id
    row.author_username = created_by.get("username") or row.author_username
    row.closed = bool(topic.get("closed") or topic.get("archived") or topic.get("deleted_at"))
    row.created_at = parse_time(topic.get("created_at")) or row.created_at or utcnow()


def take_first_post(row, post: dict[str, Any]) -> bool:
    """The first post's half; False when it is older than the version already held (a late delivery)."""
    version = as_int(post.get("version")) or 1
    if row.raw is not None and version < row.post_version:
        return False
    row.raw = post.get("raw") or ""
    row.post_version = version
    row.first_post_id = as_int(post.get("id")) or row.first_post_id
    if not row.topic_seen:
        # Enough of the topic to wait sensibly; the topic half replaces it.
        row.title = post.get("topic_title") or row.title
        if hasattr(row, "slug"):
            row.slug = post.get("topic_slug") or row.slug
        row.category_id = as_int(post.get("category_id"))
        row.author_id = as_int(post.get("user_id"))
        row.author_username = post.get("username")
    return True


def topic_delivered(ctx) -> int | None:
    """The id of the topic a whole-topic delivery is about, when it may be a flow's: not a private
    message, and not one of circleup's own topics (directories, calendars, newsletters)."""
    topic = ctx.payload
    if not topic.get("id") or topic.get("archetype") == "private_message":
        return None
    author = (topic.get("created_by") or {}).get("username") or ""
    if author.lower() == ctx.bot_username.lower():
        return None
    return int(topic["id"])


def first_post_saved_with(ctx, model, topic_id: int, *, still_ours: bool) -> dict | None:
    """The first post, read again when a topic circleup answered (a `model` row with a reply) and
    still takes for its own was edited: a first post saved together with a new title, category or
    tags sends only topic_edited (no post_edited), so the answer would otherwise stay based on the
    old text. One GET, before the row is locked. A topic not answered yet has its first answer read
    the post; one no longer the flow's gets a note that does not read it."""
    if ctx.event_name != "topic_edited" or not still_ours:
        return None
    if ctx.session.scalar(select(model.reply_key).where(model.topic_id == topic_id)) is None:
        return None
    try:
        return ctx.client.get_post_by_number(topic_id, 1)
    except NotFound:
        return None


def take_delivery(ctx, row, first: dict | None) -> None:
    """A whole-topic delivery's half (and a first post read with it): a deleted topic is closed."""
    take_topic(row, ctx.payload)
    if first is not None:
        take_first_post(row, first)
    if ctx.event_name == "topic_destroyed":
        row.closed = True


def reply_failed(session: Session, reply_key: str | None) -> bool:
    """Whether the action creating circleup's answer failed for good (nothing to edit then)."""
    status = session.scalar(select(Action.status).where(Action.key == reply_key))
    return status in (ActionStatus.FAILED, ActionStatus.CANCELLED)


def register_reading_job(worker, name: str, read: Callable[[Any, int], str], *, attempts: int = READ_ATTEMPTS) -> None:
    """Register job `name`(topic_id, attempt), which runs `read(services, topic_id)`: a read from
    Discourse outside any transaction (a topic's missing half, an answer to compose). A rate limit
    or a transient error runs it again later (after Discourse's wait, else READ_RETRY_S doubling),
    up to `attempts` times; then it is logged and left (the next delivery about the topic decides)."""
    services = worker.services

    @worker.job(name)
    def run(topic_id: int, attempt: int = 1) -> str:
        try:
            return read(services, topic_id)
        except (RetryLater, TransientError) as exc:
            if attempt >= attempts:
                log.warning("tagged_topics.read_failed", job=name, topic_id=topic_id, error=str(exc))
                return "failed"
            delay = exc.delay if isinstance(exc, RetryLater) else READ_RETRY_S * 2 ** (attempt - 1)
            worker.enqueue_job(name, topic_id, attempt + 1, delay=delay)
            return "retry"
