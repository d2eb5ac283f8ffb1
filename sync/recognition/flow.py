"""The recognition flow: circleup's badges in the forum, and grants other flows decided on.

Handlers:
    user_badge_revoked      a moderator took one of circleup's badges back in Discourse: the grant
                            row says so (a later reason grants it again)

Forum requirements: one manual badge per configured `recognition.badges` entry (`circleup setup`
creates them through the admin badges API; `doctor` checks them).
"""
from __future__ import annotations

import structlog
from sqlalchemy import select

from circleup.integration.store import utcnow
from circleup.sync.context import HandlerContext
from circleup.sync.flow import Flow
from circleup.sync.recognition import grants
from circleup.sync.recognition.config import BADGE_KEYS, BADGE_TYPES, RecognitionSchema
from circleup.sync.recognition.models import BadgeGrant
from circleup.sync.router import Router

log = structlog.get_logger("circleup.recognition")

router = Router()


@router.register("user_badge_revoked")
def user_badge_revoked(ctx: HandlerContext) -> None:
    user_badge_id = ctx.payload.get("id")
    if not user_badge_id:
        return
    row = ctx.session.scalar(select(BadgeGrant).where(BadgeGrant.user_badge_id == int(user_badge_id),
                                                      BadgeGrant.revoked_at.is_(None)))
    if row is None:
        return  # not one of circleup's grants, or circleup revoked it itself
    row.revoked_at, row.user_badge_id = utcnow(), None
    ctx.audit("discourse", "recognition.revoked_in_forum", subject=row.username, badge=row.badge_name)


def forum_requirements(settings) -> list:
    from circleup.integration.forum_setup import BadgeRequirement

    needs = []
    for key in BADGE_KEYS:
        badge = grants.badge_config(settings, key)
        if badge:
            needs.append(BadgeRequirement(badge["name"], badge.get("description") or "", icon=badge.get("icon") or "certificate",
                                          badge_type_id=BADGE_TYPES[badge.get("badge_type") or "bronze"],
                                          config_key=f"recognition.badges.{key}"))
    return needs


flow = Flow(
    name="recognition",
    router=router,
    config=RecognitionSchema,
    requirements=forum_requirements,
    result_hooks={grants.GRANTED_HOOK: grants.granted, grants.REVOKED_HOOK: grants.revoked},
)
