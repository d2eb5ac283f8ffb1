"""The skills flow: its handlers, its jobs and its declaration (`flow`).

Handlers (one transaction with the event):
    user_created, user_updated        profile from the share / learn / follow user fields
                                      (read from the API when the delivery leaves them out)
    user_suspended, user_unsuspended  the member leaves / returns to the directories
    user_destroyed                    the profile is forgotten
    user_added_to_group, …removed…    the follow group; other groups may change opt-out (matching)
    post_created, post_edited,        "Share: …" / "Learn: …" posts in registration topics
    post_destroyed

Each ends in `reconcile_member`, which marks changed areas dirty and records follow changes; the
directory refresh jobs and the outbox batches start when the event's unit of work commits.

Jobs: circleup.skills.refresh_directory(area, generation), circleup.skills.reconcile_member(member_id),
and the periodic circleup.skills.sweep (overdue refreshes).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import structlog
from huey import crontab
from sqlalchemy import select

from circleup.integration.errors import NotFound
from circleup.integration.store import Member
from circleup.sync.skills.models import SkillsDirectoryEntry, SkillsProfileText
from circleup.sync.context import HandlerContext
from circleup.sync.flow import Flow
from circleup.sync.skills.cli import skills as skills_commands
from circleup.sync.skills.config import SkillsSchema
from circleup.sync.skills.requirements import forum_requirements as directory_requirements
from circleup.sync.skills.follows import FOLLOW_HOOK, follow_result
from circleup.sync.groups import is_group
from circleup.sync.loop_guard import is_regular_post
from circleup.sync.members import member_by_id, upsert_member
from circleup.sync.router import Router
from circleup.sync.skills.areas import get_normalizer, skills_config
from circleup.sync.skills.profiles import (
    apply_registration,
    apply_user,
    forget_member,
    read_user_fields,
    reconcile_member,
    set_opt_in,
    withdraw_registration,
)
from circleup.sync.skills import support
from circleup.sync.skills.models import ProfileSource
from circleup.sync.skills.publish import (
    POST_HOOK,
    REFRESH_JOB,
    directory_post_result,
    overdue_refreshes,
    refresh_area,
    schedule_refreshes,
)

log = structlog.get_logger("circleup.skills")

RECONCILE_JOB = "circleup.skills.reconcile_member"
SWEEP_JOB = "circleup.skills.sweep"

router = Router()


def _finish(ctx: HandlerContext, member: Member) -> None:
    reconcile_member(ctx.uow, member, skills_config(ctx.settings))


# --- users -----------------------------------------------------------------------------------------

@router.register("user_created", "user_updated")
def profile_saved(ctx: HandlerContext) -> None:
    user = ctx.payload
    if not user.get("id") or not user.get("username"):
        return
    cfg = skills_config(ctx.settings)
    if cfg.reads_fields and read_user_fields(user, cfg) is None:
        user = _with_fields_from_api(ctx, user)
    member = apply_user(ctx.session, user, cfg, get_normalizer(ctx.settings))
    if cfg.support_field:
        fields = read_user_fields(user, cfg)
        if fields is not None and support.save_needs(ctx.session, member, ProfileSource.USER_FIELD, fields.support):
            _support_changed(ctx, member)
    _finish(ctx, member)


def _support_changed(ctx: HandlerContext, member: Member) -> None:
    ctx.audit(member.username, "skills.support", subject=member.username,
              needs=sorted({need for need, _words, _since in support.needs_of(ctx.session, member.id)}))
    support.mark_dirty(ctx.uow, ctx.settings)


def _with_fields_from_api(ctx: HandlerContext, user: dict[str, Any]) -> dict[str, Any]:
    """The delivery left `user_fields` out: Discourse's own view of the profile decides."""
    try:
        fetched = ctx.client.get_user(user["username"])
    except NotFound:
        return user  # gone (renamed or deleted since): a later delivery will say so
    # A user without any field set has no `user_fields` in the API either: that profile is empty.
    return {**user, "user_fields": fetched.get("user_fields") or {}}


@router.register("user_suspended", "user_unsuspended")
def suspension_changed(ctx: HandlerContext) -> None:
    user = ctx.payload
    if not user.get("id"):
        return
    member = upsert_member(ctx.session, user, suspended=ctx.event_name == "user_suspended")
    if support.needs_of(ctx.session, member.id):
        support.mark_dirty(ctx.uow, ctx.settings)  # the digest lists only members who can take part
    _finish(ctx, member)


@router.register("user_destroyed")
def account_deleted(ctx: HandlerContext) -> None:
    user = ctx.payload
    if not user.get("id"):
        return
    member = ctx.session.get(Member, int(user["id"]))
    if member is None:
        return  # never met them: nothing of theirs to forget
    forget_member(ctx.session, member, get_normalizer(ctx.settings))
    if support.forget_needs(ctx.session, member):
        support.mark_dirty(ctx.uow, ctx.settings)
    _finish(ctx, member)
    ctx.audit("circleup", "skills.profile_forgotten", subject=member.username)


# --- groups ----------------------------------------------------------------------------------------

@router.register("user_added_to_group", "user_removed_from_group")
def group_membership_changed(ctx: HandlerContext) -> None:
    membership = ctx.payload
    if not membership.get("user_id") or membership.get("group_id") is None:
        return
    cfg = skills_config(ctx.settings)
    member_id = int(membership["user_id"])
    if is_group(ctx.session, ctx.client, membership, cfg.follow_group):
        member = member_by_id(ctx.session, ctx.client, member_id)
        if member is None:
            return
        set_opt_in(ctx.session, member, by_group=ctx.event_name == "user_added_to_group")
        _finish(ctx, member)
    # Another flow may change the member in this same event (matching's opt-out group sets
    # `opted_out`) and its handler may run after this one: look again once everything has committed.
    if _has_profile(ctx.session, member_id):
        ctx.defer(RECONCILE_JOB, member_id)


def _has_profile(session, member_id: int) -> bool:
    return session.scalar(select(SkillsProfileText.member_id).where(SkillsProfileText.member_id == member_id)
                          .limit(1)) is not None or session.scalar(
        select(SkillsDirectoryEntry.member_id).where(SkillsDirectoryEntry.member_id == member_id).limit(1)) is not None


# --- registration posts ------------------------------------------------------------------------------

def _registration_post(ctx: HandlerContext) -> dict[str, Any] | None:
    post = ctx.payload
    cfg = skills_config(ctx.settings)
    if post.get("topic_id") not in cfg.registration_topic_ids or not post.get("user_id"):
        return None
    if not is_regular_post(post, ctx.bot_username):
        return None
    return post


@router.register("post_created", "post_edited")
def registration_posted(ctx: HandlerContext) -> None:
    post = _registration_post(ctx)
    if post is None:
        return
    member = member_by_id(ctx.session, ctx.client, int(post["user_id"]))
    if member is None:
        return
    if ctx.settings.skills.support_group or ctx.settings.skills.support_field:
        # The registration post in use says what support the member needs; no Support line, none.
        line = support.parse_support_line(str(post.get("raw") or ""))
        if support.save_needs(ctx.session, member, ProfileSource.REGISTRATION_POST, line):
            _support_changed(ctx, member)
    if apply_registration(ctx.session, member, post, get_normalizer(ctx.settings)):
        ctx.audit(member.username, "skills.registration", subject=member.username,
                  source=post.get("post_url") or ctx.source, post_id=post.get("id"))
        _finish(ctx, member)


@router.register("post_destroyed")
def registration_deleted(ctx: HandlerContext) -> None:
    post = ctx.payload
    cfg = skills_config(ctx.settings)
    if post.get("topic_id") not in cfg.registration_topic_ids or not post.get("user_id") or not post.get("id"):
        return
    member = ctx.session.get(Member, int(post["user_id"]))
    if member is not None and support.forget_needs(ctx.session, member, ProfileSource.REGISTRATION_POST):
        support.mark_dirty(ctx.uow, ctx.settings)
    if member is not None and withdraw_registration(ctx.session, member, int(post["id"]), get_normalizer(ctx.settings)):
        _finish(ctx, member)


def forum_requirements(settings) -> list:
    """The directory's user fields, categories and topics (requirements.py), and the working group that
    receives the support digest (members only see their own group's messages)."""
    from circleup.integration.forum_setup import GroupRequirement

    needs = directory_requirements(settings)
    group = settings.skills.support_group
    if group:
        needs.append(GroupRequirement(group, full_name="Working group (support requests)", visibility_level=2,
                                      config_key="skills.support_group"))
    return needs


# --- jobs --------------------------------------------------------------------------------------------

def register_jobs(worker) -> None:
    services = worker.services

    @worker.job(REFRESH_JOB)
    def refresh_directory(area: str, generation: int) -> str:
        return refresh_area(services, skills_config(services.settings), area, generation).outcome

    @worker.job(RECONCILE_JOB)
    def reconcile_member_job(member_id: int) -> str:
        cfg = skills_config(services.settings)
        with services.unit_of_work(source=f"job:{RECONCILE_JOB}") as uow:
            member = uow.session.get(Member, member_id)
            if member is None:
                return "unknown"
            reconcile_member(uow, member, cfg)
        return "reconciled"

    @worker.job(support.REFRESH_JOB)
    def refresh_support_digest(group: str, generation: int) -> str:
        return support.refresh_digest(services, group, generation)

    @worker.job(SWEEP_JOB, periodic=crontab(minute="*"))
    def sweep_directories() -> int:
        with services.unit_of_work(source=f"job:{SWEEP_JOB}") as uow:
            overdue = overdue_refreshes(uow.session)
            schedule_refreshes(uow, overdue, 0)
            for group, generation in support.overdue(uow.session):
                uow.defer(support.REFRESH_JOB, group, generation)
        if overdue:
            log.info("skills.directory.sweep", areas=sorted(overdue))
        return len(overdue)


flow = Flow(
    name="skills",
    router=router,
    config=SkillsSchema,
    templates=support.TEMPLATES,
    template_folder=Path(__file__).resolve().parent / "templates",
    requirements=forum_requirements,
    jobs=register_jobs,
    result_hooks={POST_HOOK: directory_post_result, FOLLOW_HOOK: follow_result,
                  support.DIGEST_HOOK: support.digest_result},
    commands=(skills_commands,),
)
