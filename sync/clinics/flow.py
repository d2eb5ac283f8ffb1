"""The clinics flow's handlers and jobs.

Handlers (one transaction with the event):
    topic_created, topic_edited, topic status updates, topic_destroyed / topic_recovered
                                      the topic half of a clinic: title, tags, author, open or closed
    post_created, post_edited         a first post: the other half (its raw: when, what);
                                      a reply in a clinic's topic: "I'm in" / "can't make it"
    post_liked                        a like on circleup's announcement: on the roster

Jobs:
    circleup.clinics.complete(topic_id, attempt)
        when a clinic's first post has not arrived sync.tagged_topics.FIRST_POST_WAIT_S after its topic,
        read it once.
    circleup.clinics.refresh_calendar(topic_id, generation)
        the calendar topic's batched refresh (sync.clinics.calendar).
    circleup.clinics.tick (periodic, every 5 minutes)
        reminders and summary requests that are due; the calendar when clinics ended; lost refreshes.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import structlog
from huey import crontab
from sqlalchemy import delete, select

from circleup.integration.discourse import tag_names
from circleup.integration.errors import NotFound
from circleup.integration.store import utcnow
from circleup.integration.webhook_events import WHOLE_TOPIC_EVENTS
from circleup.sync.clinics import calendar, clinic as clinics, reminders, roster
from circleup.sync.clinics.cli import clinics as clinics_commands
from circleup.sync.clinics.config import ClinicsSchema, check_mentions
from circleup.sync.clinics.desk import Desk
from circleup.sync.clinics.models import Clinic
from circleup.sync.context import HandlerContext
from circleup.sync.flow import Flow
from circleup.sync.loop_guard import is_regular_post
from circleup.sync.payload import as_int
from circleup.sync.router import Router
from circleup.sync import tagged_topics

log = structlog.get_logger("circleup.clinics")

COMPLETE_JOB = "circleup.clinics.complete"
TICK_JOB = "circleup.clinics.tick"
# Rows of topics that turned out not to be clinics are kept this long (a late tag finds them), then dropped.
NOT_A_CLINIC_KEEP_DAYS = 7

router = Router()


def _desk(ctx: HandlerContext) -> Desk:
    return Desk(ctx.uow, ctx.services)


@router.register(*WHOLE_TOPIC_EVENTS)
def topic_changed(ctx: HandlerContext) -> None:
    topic, topic_id = ctx.payload, tagged_topics.topic_delivered(ctx)
    if topic_id is None:
        return
    # Every topic gets a row (dropped after NOT_A_CLINIC_KEEP_DAYS unless it became a clinic): a first
    # post arriving after its topic then finds it decided, with no API call, and a late tag finds it.
    tagged = ctx.settings.clinics.tag.lower() in tag_names(topic.get("tags"))
    first = tagged_topics.first_post_saved_with(ctx, Clinic, topic_id, still_ours=tagged)
    desk = _desk(ctx)
    clinic = clinics.clinic_for_update(ctx.session, topic_id)
    tagged_topics.take_delivery(ctx, clinic, first)
    outcome = clinics.settle(desk, clinic)
    _after(ctx, clinic, outcome, wait=tagged_topics.FIRST_POST_WAIT_S if ctx.event_name == "topic_created" else 0)


@router.register("post_created", "post_edited")
def post_changed(ctx: HandlerContext) -> None:
    post = ctx.payload
    if not post.get("topic_id") or not post.get("user_id") or not is_regular_post(post, ctx.bot_username):
        return
    topic_id = int(post["topic_id"])
    if post.get("post_number") != 1:
        _maybe_roster(ctx, topic_id, post)
        return
    known = ctx.session.get(Clinic, topic_id)
    if known is None and ctx.event_name == "post_edited":
        return  # an edit of a topic never taken for a clinic (tagging one sends topic_edited)
    desk = _desk(ctx)
    clinic = clinics.clinic_for_update(ctx.session, topic_id)
    if not tagged_topics.take_first_post(clinic, post):
        return
    outcome = clinics.settle(desk, clinic)
    _after(ctx, clinic, outcome, wait=tagged_topics.FIRST_POST_WAIT_S)


def _maybe_roster(ctx: HandlerContext, topic_id: int, post: dict) -> None:
    clinic = ctx.session.get(Clinic, topic_id)
    if clinic is None or not clinic.active:
        return
    outcome = roster.take_reply(_desk(ctx), clinic, post)
    if outcome:
        log.info("clinics.roster", topic_id=topic_id, username=post.get("username"), outcome=outcome)


@router.register("post_liked")
def post_liked(ctx: HandlerContext) -> None:
    like = ctx.payload
    post, user = like.get("post") or {}, like.get("user") or {}
    post_id, user_id = as_int(post.get("id")), as_int(user.get("id"))
    if post_id is None or user_id is None or (user.get("username") or "").lower() == ctx.bot_username.lower():
        return
    clinic = ctx.session.scalar(select(Clinic).where(Clinic.reply_post_id == post_id))
    if clinic is None or not clinic.active:
        return  # a like on anything but circleup's announcement of a clinic says nothing about coming
    outcome = roster.take_like(_desk(ctx), clinic, user, post_id)
    if outcome:
        log.info("clinics.roster", topic_id=clinic.topic_id, username=user.get("username"), outcome=outcome)


def _after(ctx: HandlerContext, clinic: Clinic, outcome: str, *, wait: float) -> None:
    # Only a clinic's missing first post is worth an API read. A first post whose topic delivery has
    # not come yet is most likely not a clinic's; its topic delivery decides when it comes.
    if outcome == "waiting" and clinics.missing_half(clinic, ctx.settings.clinics) == "post":
        ctx.defer(COMPLETE_JOB, clinic.topic_id, 1, delay=wait)
    log.info("clinics.clinic", topic_id=clinic.topic_id, outcome=outcome)


def complete(services, topic_id: int) -> str:
    """Read the half of a clinic that never arrived (one API call), then decide."""
    config = services.settings.clinics
    with services.store.session() as session:
        missing = clinics.missing_half(session.get(Clinic, topic_id), config)
    if missing is None:
        return "complete"
    try:
        if missing == "topic":
            topic, first = services.client.get_topic(topic_id), None
        else:
            topic, first = None, services.client.get_post_by_number(topic_id, 1)
    except NotFound:
        return "gone"
    with services.unit_of_work(source=f"job:{COMPLETE_JOB}") as uow:
        clinic = clinics.clinic_for_update(uow.session, topic_id)
        if topic is not None and not clinic.topic_seen:
            tagged_topics.take_topic(clinic, topic)
            if clinic.raw is None and clinics.is_clinic(clinic, config):
                posts = (topic.get("post_stream") or {}).get("posts") or []
                first = next((p for p in posts if p.get("post_number") == 1), None)
        if first is not None and clinic.raw is None:
            tagged_topics.take_first_post(clinic, first)
        return clinics.settle(Desk(uow, services), clinic)


def tick(services, now: dt.datetime | None = None) -> dict[str, int]:
    """Due reminders and summary requests, the calendar when clinics ended, lost calendar refreshes."""
    now = now or utcnow()
    config = services.settings.clinics
    counts = {"reminders": 0, "summaries": 0, "forgotten": 0}
    with services.store.session() as session:
        reminding = reminders.due_reminders(session, config, now)
        asking = reminders.due_summaries(session, config, now)
        overdue = calendar.overdue_refreshes(session)
    # One unit of work per clinic: one failure does not hold back the others' messages.
    for topic_id in reminding:
        with services.unit_of_work(source=f"job:{TICK_JOB}") as uow:
            counts["reminders"] += reminders.remind(Desk(uow, services), topic_id, now)
    for topic_id in asking:
        with services.unit_of_work(source=f"job:{TICK_JOB}") as uow:
            counts["summaries"] += reminders.ask_for_summary(Desk(uow, services), topic_id, now)
    with services.unit_of_work(source=f"job:{TICK_JOB}") as uow:
        if asking or reminders.recently_ended(uow.session, now):
            calendar.mark_dirty(uow, services.settings)  # past clinics leave "coming up"
        for topic_id, generation in overdue:
            uow.defer(calendar.REFRESH_JOB, topic_id, generation)
        counts["forgotten"] = uow.session.execute(
            delete(Clinic).where(Clinic.reply_key.is_(None), Clinic.active.is_(False),
                                 Clinic.created_at < now - dt.timedelta(days=NOT_A_CLINIC_KEEP_DAYS))
            .execution_options(synchronize_session=False)).rowcount or 0
    return counts


def register_jobs(worker) -> None:
    services = worker.services
    tagged_topics.register_reading_job(worker, COMPLETE_JOB, complete)

    @worker.job(calendar.REFRESH_JOB)
    def refresh_calendar_job(topic_id: int, generation: int) -> str:
        return calendar.refresh(services, topic_id, generation)

    @worker.job(TICK_JOB, periodic=crontab(minute="*/5"))
    def tick_job() -> dict[str, int]:
        counts = tick(services)
        if any(counts.values()):
            log.info("clinics.tick", **counts)
        return counts


def forum_requirements(settings) -> list:
    """The calendar topic (in the clinics' category), which `setup` opens and the config then names."""
    from circleup.integration.forum_setup import CategoryRequirement, TopicRequirement

    cfg = settings.clinics
    category = CategoryRequirement(cfg.category_name, id_config_key="clinics.category_id",
                                   configured_id=cfg.category_id)
    raw = ("This topic's first post is the calendar of learning clinics. circleup keeps it current: "
           "propose a clinic by opening a topic tagged " + cfg.tag + ".")
    return [category, TopicRequirement(category, "Learning clinics calendar", raw,
                                       id_config_key="clinics.calendar_topic_id",
                                       configured_id=cfg.calendar_topic_id)]


def ics_feed(services) -> bytes:
    """GET /clinics.ics: the iCalendar feed of the clinics."""
    with services.store.session() as session:
        return calendar.feed(session, services.settings)


flow = Flow(
    name="clinics",
    router=router,
    config=ClinicsSchema,
    config_check=check_mentions,
    templates=(*clinics.TEMPLATES, *calendar.TEMPLATES, *reminders.TEMPLATES),
    template_folder=Path(__file__).resolve().parent / "templates",
    requirements=forum_requirements,
    jobs=register_jobs,
    result_hooks={clinics.REPLY_HOOK: clinics.reply_posted, calendar.POST_HOOK: calendar.calendar_post_result},
    commands=(clinics_commands,),
    feeds={"/clinics.ics": ("text/calendar; charset=utf-8", ics_feed)},
)
