"""Dashboard access ends with the role that granted it.

The moderators' dashboard is the approvers' desk: forum staff, and members of any programme's
`approvers_group`. When the forum says someone lost that right, their dashboard sessions
(rows in the store, which every web process reads on each request) end in this event's
transaction, so their next click finds them signed out:

* `user_removed_from_group` on an approvers group ends the sessions admitted through the groups
  (someone still in another programme's approvers group signs in again and is admitted through it);
* `user_updated` showing neither admin nor moderator ends the sessions admitted as staff (someone
  also in the approvers group signs in again and is admitted through it);
* `user_suspended` and `user_destroyed` end all of that member's sessions.

A change the forum sends no delivery for is caught by the dashboard's own checks: at the next
sign-in, and every few minutes while a session is used.
"""
from __future__ import annotations

import structlog

from circleup.integration.store import AuditEntry, Member, utcnow
from circleup.integration.store.dashboard import AdmittedAs, end_sessions, sessions
from circleup.sync.citizens.programmes import approvers_groups
from circleup.sync.context import HandlerContext
from circleup.sync.groups import is_group
from circleup.sync.payload import as_int
from circleup.sync.router import Router

router = Router()  # joins the citizens flow's own in its declaration (flow.py)

log = structlog.get_logger("circleup.citizens")


@router.register("user_removed_from_group")
def on_left_approvers_group(ctx: HandlerContext) -> None:
    groups = approvers_groups(ctx.settings)
    member_id = as_int(ctx.payload.get("user_id"))
    if not groups or member_id is None:
        return
    live = [s for s in sessions(ctx.session, member_id=member_id) if s.admitted_as == AdmittedAs.APPROVERS_GROUP]
    # Most removals are from other groups and most members have no session: no API read for those.
    left = next((group for group in groups if live and is_group(ctx.session, ctx.client, ctx.payload, group)), None)
    if left is not None:
        _end(ctx, member_id, f"removed from the {left} group", (AdmittedAs.APPROVERS_GROUP,))


@router.register("user_updated")
def on_staff_changed(ctx: HandlerContext) -> None:
    user = ctx.payload
    member_id = as_int(user.get("id"))
    # The webhook's user serializer always carries both flags; a payload without them says nothing.
    if member_id is None or "admin" not in user or "moderator" not in user or user["admin"] or user["moderator"]:
        return
    _end(ctx, member_id, "no longer forum staff", AdmittedAs.STAFF)


@router.register("user_suspended", "user_destroyed")
def on_member_gone(ctx: HandlerContext) -> None:
    member_id = as_int(ctx.payload.get("id"))
    if member_id is not None:
        reason = "account deleted in the forum" if ctx.event_name == "user_destroyed" else "suspended in the forum"
        _end(ctx, member_id, reason, None)


def _end(ctx: HandlerContext, member_id: int, reason: str, admitted_as: tuple[str, ...] | None) -> None:
    ended = end_sessions(ctx.session, reason, now=utcnow(), member_id=member_id, admitted_as=admitted_as)
    if ended:
        log.info("dashboard.sessions_ended", member_id=member_id, sessions=ended, reason=reason, source=ctx.source)
        AuditEntry.record(ctx.session, "circleup", "dashboard.sign_out", source=ctx.source,
                          subject=_username(ctx, member_id), reason=reason, sessions=ended)


def _username(ctx: HandlerContext, member_id: int) -> str:
    member = ctx.session.get(Member, member_id)
    return member.username if member else f"user {member_id}"

