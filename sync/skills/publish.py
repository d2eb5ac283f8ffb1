"""Keeping each area's directory posts current, with at most one edit per area per interval.

A profile change never edits a post. It updates the member's rows in `skills_directory_entries` and
marks the areas whose rows changed dirty; the first mark of a quiet area schedules one refresh job for
`directory_interval_s` later, later marks only count (the area's `due_at` says a job is on its way). The
job renders the area from the database, compares each post's hash with the one last sent and records
edits only for posts whose text changed, all in one outbox batch per refresh. The render starts from the
post boundaries stored with the posts (`SkillsDirectoryPost.first_key`), so a member's change edits the
post holding their row rather than shifting every later post (see `sync.skills.directory`).

Scheduling lives in the database, not in memory: `due_at` doubles as a lease while the job runs, and the
sweep re-enqueues an area whose job is overdue (a worker died, Huey dropped the task). `generation` names
the one job allowed to run, so a duplicate finds its generation taken and does nothing.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

import structlog
from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from circleup.integration.errors import PermanentError, RetryLater
from circleup.integration.outbox import Outbox
from circleup.integration.store import Action, ActionStatus, utcnow
from circleup.sync.skills.models import SkillsDirectoryArea, SkillsDirectoryEntry, SkillsDirectoryPost
from circleup.sync.skills.areas import AreaConfig, SkillsConfig
from circleup.sync.skills.directory import DirectoryEntry, DirectoryPosts, Layout, build_directory
from circleup.sync.worker import backoff_delay

log = structlog.get_logger("circleup.skills")

POST_HOOK = "skills.directory_post"
REFRESH_JOB = "circleup.skills.refresh_directory"
EDIT_REASON = "skills directory updated"
# What a continuation post says once the directory has shrunk; kept so it can be re-used in place.
SPARE_BODY = ("_This part of the skills directory is not needed at the moment; "
              "it will be used again when the directory grows._\n")
# Areas waiting on a previous refresh's posts look again this soon (the interval may be 0).
MIN_WAIT_S = 5.0


# --- marking -------------------------------------------------------------------------------------

def _ensure_areas(session: Session, areas: list[str]) -> None:
    dialect = session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}.get(dialect)
    if insert is None:  # another engine: check first (a race then fails the event, which retries)
        known = set(session.scalars(select(SkillsDirectoryArea.area).where(SkillsDirectoryArea.area.in_(areas))))
        session.add_all(SkillsDirectoryArea(area=a) for a in areas if a not in known)
        session.flush()
        return
    session.execute(insert(SkillsDirectoryArea)
                    .values([{"area": a, "version": 0, "rendered_version": 0, "generation": 0, "failures": 0} for a in areas])
                    .on_conflict_do_nothing(index_elements=["area"]))


def schedule_refreshes(uow, generations: dict[str, int], delay: float) -> dict[str, int]:
    """Start the refresh jobs of these areas (area → generation) `delay` seconds after `uow` commits."""
    for area, generation in generations.items():
        uow.defer(REFRESH_JOB, area, generation, delay=delay)
    return generations


def mark_dirty(uow, areas: Iterable[str], *, delay: float) -> dict[str, int]:
    """Note that these areas changed and schedule their refreshes; returns them (area → generation).

    Only the first mark of an area without a scheduled refresh schedules one, so a burst of changes
    costs one job. Areas are updated in name order so concurrent transactions cannot deadlock.
    """
    session = uow.session
    names = sorted(set(areas))
    if not names:
        return {}
    _ensure_areas(session, names)
    now = utcnow()
    table = SkillsDirectoryArea
    session.execute(update(table).where(table.area.in_(names))
                    .values(version=table.version + 1, dirty_since=func.coalesce(table.dirty_since, now))
                    .execution_options(synchronize_session=False))
    scheduled: dict[str, int] = {}
    for name in names:
        result = session.execute(update(table).where(table.area == name, table.due_at.is_(None))
                                 .values(due_at=now + dt.timedelta(seconds=delay), generation=table.generation + 1)
                                 .execution_options(synchronize_session=False))
        if result.rowcount == 1:
            scheduled[name] = session.scalar(select(table.generation).where(table.area == name))
    return schedule_refreshes(uow, scheduled, delay)


def overdue_refreshes(session: Session, *, grace_s: float = 5.0) -> dict[str, int]:
    """Areas whose refresh should have run by now (its job was lost, or its worker died)."""
    cutoff = utcnow() - dt.timedelta(seconds=grace_s)
    rows = session.execute(select(SkillsDirectoryArea.area, SkillsDirectoryArea.generation)
                           .where(SkillsDirectoryArea.due_at.is_not(None), SkillsDirectoryArea.due_at < cutoff))
    return {area: generation for area, generation in rows}


# --- reading ------------------------------------------------------------------------------------

def load_entries(session: Session, area: str) -> list[DirectoryEntry]:
    rows = session.execute(
        select(SkillsDirectoryEntry.username, SkillsDirectoryEntry.name, SkillsDirectoryEntry.shares,
               SkillsDirectoryEntry.learns).where(SkillsDirectoryEntry.area == area)
    )
    return [DirectoryEntry(username, name or "", shares or (), learns or ()) for username, name, shares, learns in rows]


def stored_layout(session: Session, topic_id: int) -> Layout | None:
    """The post boundaries last recorded for the topic's directory (None: none yet, pack afresh).

    The layout is the run of parts 0, 1, … that have a first key; parts after it are spare posts.
    """
    keys = session.execute(select(SkillsDirectoryPost.part, SkillsDirectoryPost.first_key)
                           .where(SkillsDirectoryPost.topic_id == topic_id).order_by(SkillsDirectoryPost.part))
    layout: list[str] = []
    for part, first_key in keys:
        if part != len(layout) or first_key is None:
            break
        layout.append(first_key)
    return tuple(layout) or None


def render_posts(session: Session, area: AreaConfig, cfg: SkillsConfig) -> tuple[DirectoryPosts, int]:
    """The area's directory posts as they would be posted now, and how many members it lists."""
    entries = load_entries(session, area.name)
    posts = build_directory(area.name, entries, stored_layout(session, area.topic_id),
                            max_post_chars=cfg.max_post_chars)
    return posts, len(entries)


def render_area(session: Session, area: AreaConfig, cfg: SkillsConfig) -> tuple[list[str], int]:
    """The area's directory bodies as they would be posted now, and how many members it lists."""
    posts, members = render_posts(session, area, cfg)
    return list(posts.bodies), members


def body_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


# --- refreshing ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class RefreshResult:
    outcome: str  # skipped | waiting | unchanged | edited | failed | retry
    edits: int = 0


def refresh_area(services, cfg: SkillsConfig, area_name: str, generation: int) -> RefreshResult:
    """The refresh job's body: claim, render, record the edits of changed posts, release.

    Each step is a unit of work: the edits, and the next refresh when one is needed, are enqueued
    when it commits."""
    area = cfg.area(area_name)
    source = f"job:{REFRESH_JOB}"
    if area is None:  # no longer configured: forget the schedule, nothing to edit
        with services.unit_of_work(source=source) as uow:
            uow.session.execute(update(SkillsDirectoryArea).where(SkillsDirectoryArea.area == area_name)
                                .values(due_at=None, dirty_since=None))
        return RefreshResult("skipped")
    lease = float(services.settings.worker.stuck_after_s)
    with services.unit_of_work(source=source) as uow:
        session = uow.session
        claimed = _claim(session, area_name, generation, lease)
        if claimed is None:
            return RefreshResult("skipped")
        if _previous_refresh_open(session, area_name):
            # Posts of the last refresh are still on their way (rate limit, retries): edits must land
            # in order, so this one waits and will render whatever is current by then.
            delay = max(cfg.interval_s, MIN_WAIT_S)
            schedule_refreshes(uow, _reschedule(session, area_name, claimed, delay), delay)
            return RefreshResult("waiting")
        first_post_known = session.scalar(select(SkillsDirectoryPost.post_id).where(
            SkillsDirectoryPost.topic_id == area.topic_id, SkillsDirectoryPost.part == 0)) is not None
    try:
        first_post_id = None if first_post_known else _first_post_id(services.client, area.topic_id)
        with services.store.session() as session:
            posts, members = render_posts(session, area, cfg)
            seen_version = session.scalar(select(SkillsDirectoryArea.version)
                                          .where(SkillsDirectoryArea.area == area_name))
    except RetryLater as exc:
        with services.unit_of_work(source=source) as uow:
            schedule_refreshes(uow, _reschedule(uow.session, area_name, claimed, exc.delay, str(exc)), exc.delay)
        return RefreshResult("retry")
    except PermanentError as exc:
        with services.unit_of_work(source=source) as uow:
            _give_up(uow, area, claimed, exc)
        return RefreshResult("failed")
    except Exception as exc:  # noqa: BLE001 - transient and unexpected: try again later, visibly
        worker = services.settings.worker
        with services.unit_of_work(source=source) as uow:
            session = uow.session
            session.execute(update(SkillsDirectoryArea).where(SkillsDirectoryArea.area == area_name)
                            .values(failures=SkillsDirectoryArea.failures + 1))
            failures = session.scalar(select(SkillsDirectoryArea.failures).where(SkillsDirectoryArea.area == area_name))
            delay = backoff_delay(failures, max(worker.retry_backoff_s, 1.0), worker.retry_backoff_max_s)
            log.warning("skills.directory.error", area=area_name, error=repr(exc), retry_in=delay)
            schedule_refreshes(uow, _reschedule(session, area_name, claimed, delay, repr(exc)), delay)
        return RefreshResult("retry")

    with services.unit_of_work(source=source) as uow:
        session = uow.session
        batch = f"skills:directory:{area.topic_id}:{claimed}"
        edits = _record_posts(session, uow.outbox(batch), area, posts, claimed, first_post_id)
        schedule_refreshes(uow, _release(session, area_name, claimed, seen_version, members, cfg.interval_s,
                                         batch if edits else None), cfg.interval_s)
    log.info("skills.directory.refreshed", area=area_name, members=members, posts=len(posts.bodies), edits=edits)
    return RefreshResult("edited" if edits else "unchanged", edits)


def _claim(session: Session, area: str, generation: int, lease_s: float) -> int | None:
    table = SkillsDirectoryArea
    result = session.execute(
        update(table).where(table.area == area, table.generation == generation, table.due_at.is_not(None))
        .values(generation=generation + 1, due_at=utcnow() + dt.timedelta(seconds=lease_s))
        .execution_options(synchronize_session=False))
    return generation + 1 if result.rowcount == 1 else None


def _previous_refresh_open(session: Session, area: str) -> bool:
    batch = session.scalar(select(SkillsDirectoryArea.last_batch).where(SkillsDirectoryArea.area == area))
    if not batch:
        return False
    return session.scalar(select(func.count()).select_from(Action)
                          .where(Action.batch == batch, Action.status.in_(ActionStatus.OPEN))) > 0


def _reschedule(session: Session, area: str, claimed: int, delay: float, error: str | None = None) -> dict[str, int]:
    table = SkillsDirectoryArea
    values = {"due_at": utcnow() + dt.timedelta(seconds=delay), "generation": claimed + 1}
    if error is not None:
        values["last_error"] = error[:2000]
    result = session.execute(update(table).where(table.area == area, table.generation == claimed).values(**values)
                             .execution_options(synchronize_session=False))
    return {area: claimed + 1} if result.rowcount == 1 else {}


def _release(session: Session, area: str, claimed: int, seen_version: int, members: int, interval: float,
             batch: str | None) -> dict[str, int]:
    """Done: clean unless changes arrived while rendering, which schedule the next refresh."""
    table = SkillsDirectoryArea
    now = utcnow()
    values = {"rendered_version": seen_version, "refreshed_at": now, "members": members, "last_error": None,
              "failures": 0}
    if batch is not None:
        values["last_batch"] = batch
    result = session.execute(
        update(table).where(table.area == area, table.generation == claimed, table.version == seen_version)
        .values(due_at=None, dirty_since=None, **values).execution_options(synchronize_session=False))
    if result.rowcount == 1:
        return {}
    session.execute(update(table).where(table.area == area, table.generation == claimed).values(**values)
                    .execution_options(synchronize_session=False))
    return _reschedule(session, area, claimed, interval)


def _give_up(uow, area: AreaConfig, claimed: int, exc: Exception) -> None:
    """A refusal that retrying cannot fix (the topic is gone): stop, say so, wait for the next change."""
    table = SkillsDirectoryArea
    uow.session.execute(update(table).where(table.area == area.name, table.generation == claimed)
                        .values(due_at=None, last_error=str(exc)[:2000]).execution_options(synchronize_session=False))
    uow.audit("circleup", "skills.directory_failed", subject=area.name, outcome="error", topic_id=area.topic_id,
              error=str(exc)[:500])
    log.warning("skills.directory.failed", area=area.name, topic_id=area.topic_id, error=str(exc))


def _first_post_id(client, topic_id: int) -> int:
    topic = client.get_topic(topic_id)
    posts = topic.get("post_stream", {}).get("posts") or []
    first = next((p for p in posts if p.get("post_number") == 1), None)
    if first is None:
        raise PermanentError(f"topic {topic_id} has no first post circleup can edit")
    return int(first["id"])


def _record_posts(session: Session, outbox: Outbox, area: AreaConfig, posts: DirectoryPosts, claimed: int,
                  first_post_id: int | None) -> int:
    """Outbox actions for every post whose text differs from what was last sent; returns how many.

    Each part's first key is stored beside its hash in the same transaction, so the next refresh lays
    the directory out exactly as these bodies do.
    """
    rows = {row.part: row for row in session.scalars(
        select(SkillsDirectoryPost).where(SkillsDirectoryPost.topic_id == area.topic_id))}
    if 0 not in rows:
        rows[0] = SkillsDirectoryPost(topic_id=area.topic_id, part=0, post_id=first_post_id)
        session.add(rows[0])
    wanted = list(posts.bodies)
    # Posts no longer needed stay in the topic, emptied, to be re-used when the directory grows.
    for part in sorted(p for p, row in rows.items() if p >= len(wanted) and (row.post_id or row.create_key)):
        wanted.extend([SPARE_BODY] * (part + 1 - len(wanted)))
    for part in range(len(wanted)):
        if part not in rows:
            rows[part] = SkillsDirectoryPost(topic_id=area.topic_id, part=part)
            session.add(rows[part])
    for part, row in rows.items():
        # Spare parts (and parts never created) have no key: the stored layout ends where they begin.
        row.first_key = posts.layout[part] if part < len(posts.layout) else None
    recorded = 0
    for part, body in enumerate(wanted):
        row = rows[part]
        digest = body_hash(body)
        if row.body_hash == digest:
            continue
        # The claimed generation makes the key new for every refresh, so A → B → A edits again.
        key = f"skills:directory:{area.topic_id}:{part}:{claimed}:{digest[:12]}"
        if row.post_id is not None:
            outbox.edit_post(key, body, post_id=row.post_id, edit_reason=EDIT_REASON, on_result=POST_HOOK)
        elif row.create_key is not None:
            outbox.edit_post(key, body, post_of=row.create_key, edit_reason=EDIT_REASON, on_result=POST_HOOK)
        else:
            outbox.reply(key, area.topic_id, body, on_result=POST_HOOK)
            row.create_key = key
        row.body_hash = digest
        recorded += 1
    session.flush()
    return recorded


def directory_post_result(session: Session, action: Action, ok: bool) -> None:
    """Keep the created post's id; after a failure, forget the hash so the next refresh sends it again."""
    _prefix, _kind, topic_id, part, *_rest = action.key.split(":")
    row = session.get(SkillsDirectoryPost, (int(topic_id), int(part)))
    if row is None:
        return
    if ok and row.create_key == action.key and action.result:
        row.post_id = action.result.get("post_id")
        row.create_key = None
    elif not ok:
        row.body_hash = None
        if row.create_key == action.key:
            row.create_key = None
