"""The clinics calendar: one always-current topic, and the iCalendar feed.

A clinic's change never edits the calendar itself. It marks the calendar dirty (`version` + 1); the
first mark while no refresh is scheduled schedules one for `calendar_interval_s` later, later marks
only count, so however many clinics change in one interval the calendar costs one edit. The refresh
renders from the database, compares the body's hash with the one last sent, and records at most one
edit of the calendar topic's first post. Scheduling lives in the database (`due_at` doubles as a
lease, `generation` names the one job allowed to run), as the skills directory does
(sync.skills.publish), so duplicate jobs do nothing and the periodic tick re-schedules a lost one.

The feed (`GET /clinics.ics`) is rendered from the same rows with the icalendar library; each
clinic's UID is derived from its topic id, so a moved clinic replaces its event in subscribers'
calendars, and a clinic taken off the calendar is sent as CANCELLED.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from urllib.parse import urlsplit

import icalendar
import structlog
from sqlalchemy import func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from circleup.integration.errors import NotFound, PermanentError, RetryLater
from circleup.integration.store import Action, ActionStatus, as_utc, utcnow
from circleup.integration.templates import TemplateSpec
from circleup.sync.clinics.models import Clinic, ClinicsCalendar, on_calendar
from circleup.sync.clinics.when import date_markup
from circleup.sync.worker import backoff_delay

log = structlog.get_logger("circleup.clinics")

REFRESH_JOB = "circleup.clinics.refresh_calendar"
POST_HOOK = "clinics.calendar_post"
EDIT_REASON = "clinics calendar updated"
MIN_WAIT_S = 5.0

CALENDAR = TemplateSpec.of(
    "clinics/calendar.md.j2", "post", tag="learning-clinic", feed_url="https://circleup.example.org/clinics.ics",
    upcoming=[{"when": '[date=2027-01-14 time=16:00 timezone="Africa/Lagos"]', "host": "amara",
               "title": "Wikidata queries for beginners", "url": "https://forum.example.org/t/wikidata/512",
               "skills": "Wikidata, SPARQL"}],
    past=[], more_upcoming=0,
)
TEMPLATES = (CALENDAR,)


# -- marking ---------------------------------------------------------------------------------------

def mark_dirty(uow, settings) -> int | None:
    """Note that what the calendar shows changed; schedules its refresh unless one is on its way.
    Returns the generation of a newly scheduled refresh (None: none was needed)."""
    cfg = settings.clinics
    topic_id = cfg.calendar_topic_id
    if topic_id is None:
        return None  # no calendar topic yet (`circleup setup` creates it); the feed reads the rows itself
    session = uow.session
    _ensure_row(session, topic_id)
    table = ClinicsCalendar
    now = utcnow()
    session.execute(update(table).where(table.topic_id == topic_id).values(version=table.version + 1)
                    .execution_options(synchronize_session=False))
    delay = float(cfg.calendar_interval_s)
    scheduled = session.execute(update(table).where(table.topic_id == topic_id, table.due_at.is_(None))
                                .values(due_at=now + dt.timedelta(seconds=delay), generation=table.generation + 1)
                                .execution_options(synchronize_session=False))
    if scheduled.rowcount != 1:
        return None
    generation = session.scalar(select(table.generation).where(table.topic_id == topic_id))
    uow.defer(REFRESH_JOB, topic_id, generation, delay=delay)
    return generation


def _ensure_row(session: Session, topic_id: int) -> None:
    dialect = session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}.get(dialect)
    if insert is None:
        if session.get(ClinicsCalendar, topic_id) is None:
            session.add(ClinicsCalendar(topic_id=topic_id))
            session.flush()
        return
    session.execute(insert(ClinicsCalendar)
                    .values(topic_id=topic_id, version=0, rendered_version=0, generation=0, failures=0)
                    .on_conflict_do_nothing(index_elements=["topic_id"]))


def overdue_refreshes(session: Session, *, grace_s: float = 5.0) -> list[tuple[int, int]]:
    """(topic id, generation) of refreshes that should have run by now (a lost job, a dead worker)."""
    cutoff = utcnow() - dt.timedelta(seconds=grace_s)
    return [(t, g) for t, g in session.execute(
        select(ClinicsCalendar.topic_id, ClinicsCalendar.generation)
        .where(ClinicsCalendar.due_at.is_not(None), ClinicsCalendar.due_at < cutoff))]


# -- rendering -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Listing:
    upcoming: list[Clinic]
    past: list[Clinic]
    more_upcoming: int = 0  # upcoming clinics beyond `upcoming` (see `limit`)


def listing(session: Session, past: int, now: dt.datetime | None = None, *, limit: int | None = None) -> Listing:
    """Clinics on the calendar: those not over yet, soonest first (the first `limit` of them), and the
    `past` most recent others."""
    now = now or utcnow()
    timed = on_calendar()
    query = select(Clinic).where(*timed, Clinic.ends_at >= now).order_by(Clinic.starts_at, Clinic.topic_id)
    upcoming = list(session.scalars(query.limit(limit) if limit is not None else query))
    more = 0
    if limit is not None and len(upcoming) == limit:
        total = session.scalar(select(func.count()).select_from(Clinic).where(*timed, Clinic.ends_at >= now))
        more = total - len(upcoming)
    recent = list(session.scalars(select(Clinic).where(*timed, Clinic.ends_at < now)
                                  .order_by(Clinic.starts_at.desc(), Clinic.topic_id.desc()).limit(past))) if past else []
    return Listing(upcoming, recent, more)


def topic_url(base_url: str, clinic: Clinic) -> str:
    return f"{base_url}/t/{clinic.slug or 'topic'}/{clinic.topic_id}"


def _row(base_url: str, clinic: Clinic) -> dict[str, str]:
    return {"when": date_markup(as_utc(clinic.starts_at), clinic.timezone or "UTC"),
            "host": clinic.author_username or "", "title": _cell(clinic.title),
            "url": topic_url(base_url, clinic), "skills": _cell(", ".join(clinic.skills or ()))}


def _cell(text: str) -> str:
    # A table cell: a "|" would end it, a newline the row; "[" and "]" would break the title's link.
    return " ".join((text or "").replace("|", "/").replace("[", "(").replace("]", ")").split())


# A calendar row is never shorter than this (markup, links, separators): no more rows than the post
# could hold at this size are read or rendered, however many clinics are planned.
MIN_ROW_CHARS = 80


def render_calendar(session: Session, settings, templates, now: dt.datetime | None = None) -> str:
    """The calendar topic's first post as it would be posted now, within Discourse's post length:
    past clinics are dropped first, then the furthest upcoming ones (counted, and in the feed)."""
    cfg = settings.clinics
    base_url = (settings.discourse_url or "").rstrip("/")
    limit = settings.discourse.max_post_length - 200  # room for the outbox's hidden marker
    found = listing(session, cfg.calendar_past, now, limit=limit // MIN_ROW_CHARS + 1)
    upcoming = [_row(base_url, c) for c in found.upcoming]
    past = [_row(base_url, c) for c in found.past]
    total = len(upcoming) + found.more_upcoming

    def render(shown_upcoming: list, shown_past: list) -> str:
        return templates.render(CALENDAR, tag=cfg.tag, feed_url=feed_url(settings), upcoming=shown_upcoming,
                                past=shown_past, more_upcoming=total - len(shown_upcoming))

    body = render(upcoming, past)
    if len(body) <= limit:
        return body
    body = render(upcoming, [])
    if len(body) <= limit:
        return body
    # Rows are about the same length: estimate how many fit, then trim until it does.
    keep = max(0, int(len(upcoming) * limit / len(body)))
    body = render(upcoming[:keep], [])
    while len(body) > limit and keep > 0:
        keep = max(0, keep - max(1, keep // 20))
        body = render(upcoming[:keep], [])
    return body


def feed_url(settings) -> str | None:
    public = getattr(settings.dashboard, "public_url", None)
    return f"{public.rstrip('/')}/clinics.ics" if public else None


# The last feed rendered, per database: subscribers poll it far more often than clinics change.
_feeds: dict[str, tuple[tuple, bytes]] = {}


def feed(session: Session, settings) -> bytes:
    """The iCalendar feed, rendered again only when a clinic changed since the last rendering."""
    key = tuple(session.execute(select(func.count(), func.max(Clinic.updated_at))
                                .where(Clinic.starts_at.is_not(None))).one())
    cache = str(session.get_bind().url)
    known = _feeds.get(cache)
    if known is not None and known[0] == key:
        return known[1]
    body = render_ics(session, settings)
    _feeds[cache] = (key, body)
    return body


def render_ics(session: Session, settings, now: dt.datetime | None = None) -> bytes:
    """The iCalendar feed: every clinic with a time (taken-off ones as CANCELLED), RFC 5545."""
    base_url = (settings.discourse_url or "").rstrip("/")
    host = urlsplit(base_url).hostname or "circleup"
    stamp = now or utcnow()
    feed = icalendar.Calendar()
    feed.add("prodid", "-//circleup//learning clinics//EN")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("x-wr-calname", "Learning clinics")
    rows = session.execute(
        select(Clinic.topic_id, Clinic.title, Clinic.slug, Clinic.author_username, Clinic.starts_at, Clinic.ends_at,
               Clinic.skills, Clinic.active, Clinic.revision, Clinic.updated_at)
        .where(Clinic.starts_at.is_not(None), or_(Clinic.active.is_(True), Clinic.reply_key.is_not(None)))
        .order_by(Clinic.starts_at, Clinic.topic_id))
    for topic_id, title, slug, author, starts_at, ends_at, skills, active, revision, updated_at in rows:
        event = icalendar.Event()
        event.add("uid", f"clinic-{topic_id}@{host}")
        event.add("dtstamp", as_utc(updated_at or stamp))
        event.add("dtstart", as_utc(starts_at))
        event.add("dtend", as_utc(ends_at))
        event.add("summary", title or f"Learning clinic {topic_id}")
        url = f"{base_url}/t/{slug or 'topic'}/{topic_id}"
        event.add("url", url)
        about = f"About: {', '.join(skills)}\n" if skills else ""
        event.add("description", f"{about}Host: {author or 'unknown'}\n{url}")
        event.add("sequence", max(0, int(revision or 0)))
        event.add("status", "CONFIRMED" if active else "CANCELLED")
        feed.add_component(event)
    return feed.to_ical()


def body_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


# -- refreshing ------------------------------------------------------------------------------------

def refresh(services, topic_id: int, generation: int) -> str:
    """The refresh job's body: claim, render, record the one edit when the text changed, release."""
    settings = services.settings
    cfg = settings.clinics
    source = f"job:{REFRESH_JOB}"
    if cfg.calendar_topic_id != topic_id:  # the configuration names another calendar now
        with services.unit_of_work(source=source) as uow:
            uow.session.execute(update(ClinicsCalendar).where(ClinicsCalendar.topic_id == topic_id).values(due_at=None))
        return "skipped"
    lease = float(settings.worker.stuck_after_s)
    with services.unit_of_work(source=source) as uow:
        session = uow.session
        claimed = _claim(session, topic_id, generation, lease)
        if claimed is None:
            return "skipped"
        if _previous_edit_open(session, topic_id):
            delay = max(float(cfg.calendar_interval_s), MIN_WAIT_S)
            _reschedule(uow, topic_id, claimed, delay)
            return "waiting"
        post_id = session.scalar(select(ClinicsCalendar.post_id).where(ClinicsCalendar.topic_id == topic_id))
    try:
        if post_id is None:
            post_id = int(services.client.get_post_by_number(topic_id, 1)["id"])
    except RetryLater as exc:
        with services.unit_of_work(source=source) as uow:
            _reschedule(uow, topic_id, claimed, exc.delay, str(exc))
        return "retry"
    except (NotFound, PermanentError) as exc:
        with services.unit_of_work(source=source) as uow:
            uow.session.execute(update(ClinicsCalendar).where(ClinicsCalendar.topic_id == topic_id,
                                                              ClinicsCalendar.generation == claimed)
                                .values(due_at=None, last_error=str(exc)[:2000]))
            uow.audit("circleup", "clinics.calendar_failed", subject=f"topic:{topic_id}", outcome="error",
                      error=str(exc)[:500])
        log.warning("clinics.calendar.failed", topic_id=topic_id, error=str(exc))
        return "failed"
    except Exception as exc:  # noqa: BLE001 - transient or unexpected: try again later, visibly
        worker = settings.worker
        with services.unit_of_work(source=source) as uow:
            table = ClinicsCalendar
            uow.session.execute(update(table).where(table.topic_id == topic_id).values(failures=table.failures + 1))
            failures = uow.session.scalar(select(table.failures).where(table.topic_id == topic_id))
            delay = backoff_delay(failures, max(worker.retry_backoff_s, 1.0), worker.retry_backoff_max_s)
            log.warning("clinics.calendar.error", topic_id=topic_id, error=repr(exc), retry_in=delay)
            _reschedule(uow, topic_id, claimed, delay, repr(exc))
        return "retry"

    with services.unit_of_work(source=source) as uow:
        session = uow.session
        row = session.get(ClinicsCalendar, topic_id, with_for_update=True)
        seen_version = row.version
        body = render_calendar(session, settings, services.templates)
        digest = body_hash(body)
        row.post_id = post_id
        edited = digest != row.body_hash
        if edited:
            batch = f"clinics:calendar:{topic_id}:{claimed}"
            uow.outbox(batch).edit_post(f"{batch}:{digest[:12]}", body, post_id=post_id, edit_reason=EDIT_REASON,
                                        on_result=POST_HOOK)
            row.body_hash, row.last_batch = digest, batch
        row.rendered_version, row.refreshed_at, row.failures, row.last_error = seen_version, utcnow(), 0, None
        session.flush()
        _release(uow, topic_id, claimed, seen_version, float(cfg.calendar_interval_s))
    log.info("clinics.calendar.refreshed", topic_id=topic_id, edited=edited)
    return "edited" if edited else "unchanged"


def _claim(session: Session, topic_id: int, generation: int, lease_s: float) -> int | None:
    table = ClinicsCalendar
    result = session.execute(
        update(table).where(table.topic_id == topic_id, table.generation == generation, table.due_at.is_not(None))
        .values(generation=generation + 1, due_at=utcnow() + dt.timedelta(seconds=lease_s))
        .execution_options(synchronize_session=False))
    return generation + 1 if result.rowcount == 1 else None


def _previous_edit_open(session: Session, topic_id: int) -> bool:
    batch = session.scalar(select(ClinicsCalendar.last_batch).where(ClinicsCalendar.topic_id == topic_id))
    if not batch:
        return False
    return session.scalar(select(func.count()).select_from(Action)
                          .where(Action.batch == batch, Action.status.in_(ActionStatus.OPEN))) > 0


def _reschedule(uow, topic_id: int, claimed: int, delay: float, error: str | None = None) -> None:
    table = ClinicsCalendar
    values = {"due_at": utcnow() + dt.timedelta(seconds=delay), "generation": claimed + 1}
    if error is not None:
        values["last_error"] = error[:2000]
    result = uow.session.execute(update(table).where(table.topic_id == topic_id, table.generation == claimed)
                                 .values(**values).execution_options(synchronize_session=False))
    if result.rowcount == 1:
        uow.defer(REFRESH_JOB, topic_id, claimed + 1, delay=delay)


def _release(uow, topic_id: int, claimed: int, seen_version: int, interval: float) -> None:
    """Done: clean unless changes arrived while rendering, which schedule the next refresh."""
    table = ClinicsCalendar
    result = uow.session.execute(
        update(table).where(table.topic_id == topic_id, table.generation == claimed, table.version == seen_version)
        .values(due_at=None).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        _reschedule(uow, topic_id, claimed, interval)


def calendar_post_result(session: Session, action: Action, ok: bool) -> None:
    """After a failed edit, forget the hash so the next refresh sends the calendar again."""
    if ok:
        return
    topic_id = int(action.key.split(":")[2])
    row = session.get(ClinicsCalendar, topic_id)
    if row is not None and row.last_batch == action.batch:
        row.body_hash = None
