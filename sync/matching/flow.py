"""The matching flow's handlers and jobs.

Handlers (one transaction with the event):
    topic_created, topic_edited, topic status updates, topic_destroyed / topic_recovered
                                      the topic half of a circle: title, tags, category, open or closed;
                                      topic_edited of an answered circle also re-reads its first post
    post_created, post_edited         on a first post: the other half, its raw;
                                      a reply in an answered circle: "I'm in" joins, "I'm out" leaves
                                      (sync.matching.forming);
                                      in a pair's private message: an answer to "did you meet?";
                                      in a formed circle's group message: an answer to "has it met?"
    post_liked                        a like of circleup's suggestions reply joins its circle
    user_added_to_group, …removed…    the opt-out group: Member.opted_out

Jobs:
    circleup.matching.answer_town_request(topic_id, attempt)
        answer a topic tagged matching.in_my_town_tag once: nearest circles, people nearby.
    circleup.matching.refresh_active_topic()
        edit the active-circles topic (matching.active_topic_id) when its list changed.
    circleup.matching.complete_circle(topic_id, attempt)
        when one half of a circle has not arrived sync.tagged_topics.FIRST_POST_WAIT_S after the other (a
        webhook not subscribed to topic or to post events), read it once from the API and decide.
    circleup.matching.tick (periodic, hourly)
        start a pairing run when one is due, ask due pairs whether they met and formed circles whether
        they started, forget old non-circles.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import structlog
from huey import crontab
from sqlalchemy import delete

from circleup.integration.discourse import tag_names
from circleup.integration.errors import NotFound, RetryLater, TransientError
from circleup.integration.store import utcnow
from circleup.integration.webhook_events import WHOLE_TOPIC_EVENTS
from circleup.sync.matching.models import MatchingCircle
from circleup.sync.context import HandlerContext
from circleup.sync.flow import Flow
from circleup.sync.matching.cli import matching as matching_commands
from circleup.sync.matching.cli import pairs as pairs_commands
from circleup.sync.matching.config import MatchingSchema, check_mentions
from circleup.sync.groups import is_group
from circleup.sync.loop_guard import is_private_message, is_regular_post
from circleup.sync.matching import active, forming, in_my_town, pages, pairs, starting, suggestions
from circleup.sync.matching.desk import Desk
from circleup.sync.members import member_by_id
from circleup.sync.router import Router
from circleup.sync import tagged_topics

log = structlog.get_logger("circleup.matching")

COMPLETE_JOB = "circleup.matching.complete_circle"
TICK_JOB = "circleup.matching.tick"
# Rows of topics that turned out not to be circles are kept this long (a late tag finds them), then dropped.
NOT_A_CIRCLE_KEEP_DAYS = 7

router = Router()


def _desk(ctx: HandlerContext) -> Desk:
    return Desk(ctx.uow, ctx.services)


# -- circles -------------------------------------------------------------------------------------------

@router.register(*WHOLE_TOPIC_EVENTS)
def topic_changed(ctx: HandlerContext) -> None:
    topic, topic_id = ctx.payload, tagged_topics.topic_delivered(ctx)
    if topic_id is None:
        return
    if in_my_town.is_request(topic, ctx.settings.matching) and not ctx.event_name == "topic_destroyed" \
            and not in_my_town.answered(ctx.session, topic_id):
        ctx.defer(in_my_town.ANSWER_JOB, topic_id)
    first = tagged_topics.first_post_saved_with(ctx, MatchingCircle, topic_id,
                                                still_ours=_maybe_circle(topic, ctx.settings.matching))
    desk = _desk(ctx)
    circle = suggestions.circle_for_update(ctx.session, topic_id)
    tagged_topics.take_delivery(ctx, circle, first)
    outcome = suggestions.settle(desk, circle)
    _after(ctx, desk, circle, outcome, wait=tagged_topics.FIRST_POST_WAIT_S if ctx.event_name == "topic_created" else 0)


@router.register("post_created", "post_edited")
def post_changed(ctx: HandlerContext) -> None:
    post = ctx.payload
    if not post.get("topic_id") or not post.get("user_id"):
        return
    if is_private_message(post):
        _maybe_answer(ctx, post)
        return
    if not is_regular_post(post, ctx.bot_username):
        return
    if post.get("post_number") != 1:
        if ctx.event_name == "post_created":
            outcome = forming.answer_reply(_desk(ctx), post)
            if outcome is not None:
                log.info("matching.circle_reply", topic_id=post["topic_id"], outcome=outcome)
        return
    cfg = ctx.settings.matching
    topic_id = int(post["topic_id"])
    known = ctx.session.get(MatchingCircle, topic_id)
    if known is None and (ctx.event_name == "post_edited" or (cfg.categories and post.get("category_id") not in cfg.categories)):
        # An edit of a topic circleup never took for a circle changes nothing (tagging one sends
        # topic_edited); a new topic outside the circle categories is not worth a row.
        return
    desk = _desk(ctx)
    circle = suggestions.circle_for_update(ctx.session, topic_id)
    if not tagged_topics.take_first_post(circle, post):
        return
    outcome = suggestions.settle(desk, circle)
    _after(ctx, desk, circle, outcome, wait=tagged_topics.FIRST_POST_WAIT_S)


def _after(ctx: HandlerContext, desk: Desk, circle: MatchingCircle, outcome: str, *, wait: float) -> None:
    if outcome == "waiting" and suggestions.missing_half(circle, ctx.settings.matching):
        ctx.defer(COMPLETE_JOB, circle.topic_id, 1, delay=wait)
    log.info("matching.circle", topic_id=circle.topic_id, outcome=outcome)


def complete_circle(services, topic_id: int) -> str:
    """Read the half of a circle that never arrived (one API call, two for a topic seen in neither
    delivery), then decide; the reads happen outside any transaction."""
    config = services.settings.matching
    with services.store.session() as session:
        circle = session.get(MatchingCircle, topic_id)
        missing = suggestions.missing_half(circle, config)
        raw_known = circle is not None and circle.raw is not None
    if missing is None:
        return "complete"
    client = services.client
    try:
        topic = client.get_topic(topic_id) if missing == "topic" else None
        needs_post = missing == "post" or (not raw_known and _maybe_circle(topic, config))
        first = client.get_post_by_number(topic_id, 1) if needs_post else None
    except NotFound:
        return "gone"
    with services.unit_of_work(source=f"job:{COMPLETE_JOB}") as uow:
        desk = Desk(uow, services)
        circle = suggestions.circle_for_update(uow.session, topic_id)
        if topic is not None and not circle.topic_seen:
            tagged_topics.take_topic(circle, topic)
        if first is not None and circle.raw is None:
            tagged_topics.take_first_post(circle, first)
        return suggestions.settle(desk, circle)


def _maybe_circle(topic: dict | None, config) -> bool:
    """Whether a topic (a delivery or an API read) could be a circle: tagged, in a configured category."""
    if topic is None or topic.get("archetype") == "private_message":
        return False
    tagged = config.tag.lower() in tag_names(topic.get("tags"))
    return tagged and (not config.categories or topic.get("category_id") in config.categories)


@router.register("post_liked")
def post_liked(ctx: HandlerContext) -> None:
    outcome = forming.answer_like(_desk(ctx), ctx.payload)
    if outcome is not None:
        log.info("matching.circle_like", outcome=outcome)


# -- the opt-out group -------------------------------------------------------------------------------

@router.register("user_added_to_group", "user_removed_from_group")
def opt_out_changed(ctx: HandlerContext) -> None:
    membership = ctx.payload
    group = ctx.settings.matching.opt_out_group
    if not membership.get("user_id") or not is_group(ctx.session, ctx.client, membership, group):
        return
    member = member_by_id(ctx.session, ctx.client, int(membership["user_id"]))
    if member is None:
        return
    opted_out = ctx.event_name == "user_added_to_group"
    if member.opted_out != opted_out:
        member.opted_out = opted_out
        ctx.audit(member.username, "matching.opt_out" if opted_out else "matching.opt_in", subject=member.username,
                  group=group)


def forum_requirements(settings) -> list:
    """The circles' tag; the opt-out group, self-service: members join and leave it from its page (public
    admission and exit), so nobody has to ask a moderator not to be suggested; the active-circles topic."""
    from circleup.integration.forum_setup import GroupRequirement, TagRequirement

    # The circles' tag must exist: members below trust level 3 may use tags but not create them.
    needs: list = [TagRequirement(settings.matching.tag, config_key="matching.tag")]
    group = settings.matching.opt_out_group
    if group:
        needs.append(GroupRequirement(group, full_name="Not suggested for learning circles", visibility_level=0,
                                      public_admission=True, public_exit=True, config_key="matching.opt_out_group"))
    return [*needs, *active.forum_requirements(settings)]


# -- pairs ---------------------------------------------------------------------------------------------

def _maybe_answer(ctx: HandlerContext, post: dict) -> None:
    if not is_regular_post(post, ctx.bot_username, allow_private=True):
        return
    if pairs.pair_for_message(ctx.session, int(post["topic_id"])) is not None:
        pairs.answer_from_post(_desk(ctx), post)
    elif forming.formation_for_message(ctx.session, int(post["topic_id"])) is not None:
        answer = starting.answer_from_post(_desk(ctx), post)
        if answer is not None:
            log.info("matching.circle_start_answer", topic_id=post["topic_id"], answer=answer)
    # members' other private conversations are none of circleup's business


def tick(services, now: dt.datetime | None = None) -> dict[str, int]:
    """The hourly housekeeping: a due pairing run, due follow-ups and start checks, old non-circle rows."""
    now = now or utcnow()
    config = services.settings.matching
    counts = {"pairs": 0, "follow_ups": 0, "start_checks": 0, "forgotten": 0}
    with services.store.session() as session:
        due = pairs.pairing_due(session, config.pairing_every_days, now)
    if due is not None:
        report = pairs.run_pairing(services, trigger="schedule", key=due, now=now)
        counts["pairs"] = len(report.pairs)
    with services.unit_of_work(source=f"job:{TICK_JOB}") as uow:
        counts["follow_ups"] = pairs.send_due_follow_ups(Desk(uow, services), now)
        counts["start_checks"] = starting.send_due_start_checks(Desk(uow, services), now)
        counts["forgotten"] = uow.session.execute(
            delete(MatchingCircle)
            .where(MatchingCircle.reply_key.is_(None),
                   MatchingCircle.created_at < now - dt.timedelta(days=NOT_A_CIRCLE_KEEP_DAYS))
            .execution_options(synchronize_session=False)
        ).rowcount or 0
    return counts


def register_jobs(worker) -> None:
    """complete_circle (a circle's missing half), the in-my-town answer, the active topic and the hourly tick."""
    services = worker.services
    tagged_topics.register_reading_job(worker, COMPLETE_JOB, complete_circle)
    tagged_topics.register_reading_job(worker, in_my_town.ANSWER_JOB, in_my_town.answer_request)

    @worker.job(active.REFRESH_JOB)
    def refresh_active_topic_job() -> str:
        try:
            return active.refresh_active_topic(services)
        except (RetryLater, TransientError) as exc:
            # The next change refreshes it anyway; until then try again in a while.
            delay = exc.delay if isinstance(exc, RetryLater) else 60.0
            worker.enqueue_job(active.REFRESH_JOB, delay=delay)
            return "retry"

    @worker.job(TICK_JOB, periodic=crontab(minute="7"))
    def tick_job() -> dict[str, int]:
        counts = tick(services)
        if any(counts.values()):
            log.info("matching.tick", **counts)
        return counts


flow = Flow(
    name="matching",
    router=router,
    config=MatchingSchema,
    config_check=check_mentions,
    templates=(*suggestions.TEMPLATES, *pairs.TEMPLATES, *forming.TEMPLATES, *starting.TEMPLATES, *active.TEMPLATES,
               *in_my_town.TEMPLATES),
    template_folder=Path(__file__).resolve().parent / "templates",
    requirements=forum_requirements,
    jobs=register_jobs,
    result_hooks={
        suggestions.REPLY_HOOK: suggestions.reply_posted,
        pairs.INTRO_HOOK: pairs.introduced,
        pairs.FOLLOW_UP_HOOK: pairs.followed_up,
        forming.MESSAGE_HOOK: forming.message_started,
        starting.START_CHECK_HOOK: starting.start_checked,
    },
    commands=(matching_commands, pairs_commands),
    pages=pages.PAGES,
    page_folder=pages.FOLDER,
    warm_up=suggestions.warm_up,
)
