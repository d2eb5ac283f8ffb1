"""Backfilling the skills directory from Discourse (`circleup skills sync`), and rebuilding it.

A first install, or one that missed deliveries while it was down, reads what Discourse knows:

1. the admin user list page by page, with each member's share / learn / follow user fields; a
   page and its members commit together, so an interrupted run resumes after its last page;
2. after a run that started at the first page, the members with a profile that the list did not
   return, looked up by id: those Discourse no longer has are forgotten;
3. every post of the skills.registration_topic_ids topics.

Every transaction is a unit of work: the directory refreshes and follow changes it caused are
enqueued as it commits. Discourse is asked outside any transaction (on SQLite a transaction holds
the write lock the webhook receiver needs), and patiently: circleup's budget and Discourse's 429s
are waited out, since a backfill has nobody waiting on it.

`progress` is how a caller shows progress: called like click.progressbar (an iterable or a length,
and a label), it returns a context manager yielding an iterable bar with `update(n)`.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import delete, select

from circleup.integration.errors import NotFound, RetryLater
from circleup.integration.store import Member, utcnow
from circleup.sync.loop_guard import is_regular_post
from circleup.sync.members import upsert_member
from circleup.sync.skills.areas import get_normalizer, skills_config
from circleup.sync.skills.models import SkillsBackfill, SkillsDirectoryEntry, SkillsProfileText
from circleup.sync.skills.profiles import (
    apply_registration,
    apply_user,
    forget_member,
    rebuild_member_skills,
    reconcile_member,
    set_opt_in,
)
from circleup.sync.skills.publish import mark_dirty

MAX_WAITS = 20  # a call still rate-limited after this many waits is a problem worth stopping for
POSTS_PER_COMMIT = 50  # registration posts applied per transaction
MEMBERS_PER_COMMIT = 500  # profiles forgotten or rebuilt per transaction


class BackfillError(Exception):
    """The backfill cannot go on (a configured topic or group does not exist); the message says which."""


class _Bar:
    def __init__(self, iterable: Iterable | None) -> None:
        self._iterable = iterable or ()

    def __iter__(self) -> Iterator:
        return iter(self._iterable)

    def update(self, _n: int) -> None:
        pass


@contextmanager
def no_progress(iterable: Iterable | None = None, **_kwargs):
    yield _Bar(iterable)


Progress = Callable[..., object]


@dataclass(frozen=True)
class BackfillReport:
    resumed_after: int  # the last page a previous run completed (0: started at the first page)
    members: int  # members read by this run and the runs it resumed
    forgotten: int | None  # None: a resumed run does not look for deleted members
    posts: int
    areas: int


def patient(call, *args, **kwargs):
    """Call Discourse, sleeping through circleup's budget and Discourse's 429 (a backfill may wait)."""
    for _ in range(MAX_WAITS):
        try:
            return call(*args, **kwargs)
        except RetryLater as exc:
            time.sleep(min(exc.delay, 120.0))
    return call(*args, **kwargs)


def backfill(services, *, flag: str = "active", restart: bool = False, progress: Progress = no_progress,
             say: Callable[[str], None] = lambda _line: None) -> BackfillReport:
    """Read every member (and every registration post) from Discourse; see the module docstring."""
    cfg = skills_config(services.settings)
    normalizer = get_normalizer(services.settings)
    client = services.client
    with services.store.session() as session:
        start_page = _progress_row(session, flag, restart).last_page + 1
    if start_page > 1:
        say(f"resuming after page {start_page - 1}; --restart starts over")
    group_members = _follow_group_members(client, cfg) if cfg.follow_group else None
    listed: set[int] = set()  # who the list returned; only a run that started at page 1 knows everyone
    with progress(_pages(client, flag, start_page), label="pages of members", show_pos=True) as bar:
        for page, users in bar:
            details = [_detail(client, cfg, user) for user in users]
            with services.unit_of_work(source="cli:skills sync") as uow:
                for user in details:
                    if user is None:
                        continue
                    listed.add(int(user["id"]))
                    member = apply_user(uow.session, user, cfg, normalizer)
                    if group_members is not None:
                        set_opt_in(uow.session, member, by_group=member.id in group_members)
                    reconcile_member(uow, member, cfg)
                # The page and its members commit together: a resumed run never skips or repeats one.
                row = uow.session.get(SkillsBackfill, flag)
                row.last_page, row.users = page, row.users + len(users)
    forgotten = forget_unlisted(services, listed, progress) if start_page == 1 else None
    posts = read_registration_posts(services, progress)
    with services.unit_of_work(source="cli:skills sync") as uow:
        row = uow.session.get(SkillsBackfill, flag)
        row.finished_at = utcnow()
        total = row.users
        # Even unchanged directories are rendered once, so a fresh install gets its first posts.
        mark_dirty(uow, [a.name for a in cfg.areas], delay=0)
    return BackfillReport(start_page - 1, total, forgotten, posts, len(cfg.areas))


def forget_unlisted(services, listed: set[int], progress: Progress = no_progress) -> int:
    """Members with a profile the user list never returned: forgotten if Discourse has no such user.

    By id, not username: a member renamed while circleup was not listening is still there.
    """
    cfg = skills_config(services.settings)
    normalizer = get_normalizer(services.settings)
    with services.store.session() as session:
        ids = [member_id for member_id in session.scalars(select(Member.id).where(
            Member.deleted.is_(False),
            Member.id.in_(select(SkillsProfileText.member_id)) | Member.id.in_(select(SkillsDirectoryEntry.member_id)),
        ).order_by(Member.id)) if member_id not in listed]
    gone = []
    with progress(ids, label="members not listed", show_pos=True) as bar:
        for member_id in bar:
            try:
                patient(services.client.get_user_by_id, member_id)
            except NotFound:
                gone.append(member_id)
    for chunk in _chunks(gone, MEMBERS_PER_COMMIT):
        with services.unit_of_work(source="cli:skills sync") as uow:
            for member in uow.session.scalars(select(Member).where(Member.id.in_(chunk))):
                forget_member(uow.session, member, normalizer)
                reconcile_member(uow, member, cfg)
                uow.audit("circleup", "skills.profile_forgotten", subject=member.username,
                          reason="not on Discourse at `skills sync`")
    return len(gone)


def read_registration_posts(services, progress: Progress = no_progress) -> int:
    """Apply every post of the registration topics, oldest first (the newest with answers wins)."""
    cfg = skills_config(services.settings)
    normalizer = get_normalizer(services.settings)
    read = 0
    for topic_id in sorted(cfg.registration_topic_ids):
        try:
            topic = patient(services.client.get_topic, topic_id)
        except NotFound:
            raise BackfillError(f"skills.registration_topic_ids: topic {topic_id} does not exist "
                                "or the API user cannot see it") from None
        post_ids = sorted(topic.get("post_stream", {}).get("stream") or [])
        with progress(length=len(post_ids), label=f"registration topic {topic_id}", show_pos=True) as bar:
            for chunk in _chunks(post_ids, POSTS_PER_COMMIT):
                posts = [post for post in (_post(services.client, post_id) for post_id in chunk)
                         if post is not None and post.get("user_id")
                         and is_regular_post(post, services.settings.bot_username)]
                users = _unknown_posters(services, posts)
                with services.unit_of_work(source="cli:skills sync") as uow:
                    for post in posts:
                        user_id = int(post["user_id"])
                        member = uow.session.get(Member, user_id)
                        if member is None and users.get(user_id) is not None:
                            member = upsert_member(uow.session, users[user_id])
                        if member is None or member.deleted:
                            continue
                        if apply_registration(uow.session, member, post, normalizer):
                            reconcile_member(uow, member, cfg)
                read += len(posts)
                bar.update(len(chunk))
    return read


def rebuild(services, progress: Progress = no_progress) -> int:
    """Normalise every stored profile again and recompute the directories (after a taxonomy change)."""
    cfg = skills_config(services.settings)
    normalizer = get_normalizer(services.settings)
    with services.store.session() as session:
        configured = [a.name for a in cfg.areas]
        # Rows of areas no longer configured would come back if the area were added again, stale.
        session.execute(delete(SkillsDirectoryEntry).where(SkillsDirectoryEntry.area.not_in(configured)))
        ids = session.scalars(select(Member.id).where(
            Member.id.in_(select(SkillsProfileText.member_id)) | Member.id.in_(select(SkillsDirectoryEntry.member_id))
        ).order_by(Member.id)).all()
    with progress(length=len(ids), label="profiles") as bar:
        for chunk in _chunks(ids, MEMBERS_PER_COMMIT):
            with services.unit_of_work(source="cli:skills rebuild") as uow:
                for member in uow.session.scalars(select(Member).where(Member.id.in_(chunk))):
                    rebuild_member_skills(uow.session, member, normalizer)
                    reconcile_member(uow, member, cfg)
            bar.update(len(chunk))
    return len(ids)


def _unknown_posters(services, posts: list[dict]) -> dict[int, dict | None]:
    """Discourse's user for each poster circleup has not met yet; None when Discourse has no such user.

    Asked before the chunk's transaction, not inside it: on SQLite every transaction takes the write
    lock (BEGIN IMMEDIATE), which the webhook receiver would wait on for as long as Discourse answers.
    """
    user_ids = {int(post["user_id"]) for post in posts}
    with services.store.session() as session:
        known = set(session.scalars(select(Member.id).where(Member.id.in_(user_ids))))
    users: dict[int, dict | None] = {}
    for user_id in sorted(user_ids - known):
        try:
            users[user_id] = patient(services.client.get_user_by_id, user_id)
        except NotFound:
            users[user_id] = None
    return users


def _post(client, post_id: int) -> dict | None:
    try:
        return patient(client.get_post, post_id)
    except NotFound:
        return None  # deleted since the topic was read


def _pages(client, flag: str, first: int):
    """(page number, users) from `first` on; pages are numbered from 1, oldest members first."""
    page = first
    while True:
        users = patient(client.list_users, flag, page=page, order="created", asc="true") or []
        if not users:
            return
        yield page, users
        page += 1


def _progress_row(session, flag: str, restart: bool) -> SkillsBackfill:
    row = session.get(SkillsBackfill, flag)
    if row is None:
        row = SkillsBackfill(name=flag, last_page=0, users=0)
        session.add(row)
    elif restart or row.finished_at is not None:
        row.last_page, row.users, row.started_at, row.finished_at = 0, 0, utcnow(), None
    session.flush()
    return row


def _detail(client, cfg, user: dict) -> dict | None:
    """The admin list has no user fields: read the profile when the flow needs them."""
    if not cfg.reads_fields:
        return user
    try:
        profile = patient(client.get_user, user["username"])
    except NotFound:
        return None  # deleted since the page was read
    # The list item knows suspension; the profile knows the fields.
    return {**user, "user_fields": profile.get("user_fields") or {}}


def _follow_group_members(client, cfg) -> set[int]:
    try:
        return {int(user["id"]) for user in client.iter_group_members(cfg.follow_group)}
    except NotFound:
        raise BackfillError(f"skills.follow_group {cfg.follow_group!r} does not exist on the forum") from None


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]
