"""Opted-in members watch the categories of their skill areas; circleup undoes only what it did.

The level circleup asked for is stored per (member, category), so a profile saved twice sends nothing
the second time, and "stop following" resets only categories circleup set, to regular (1). Each
request is its own outbox batch: one category refusing a member (a read-restricted category answers 404)
must not cancel the others.
"""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from circleup.integration.store import Action, Member
from circleup.sync.skills.models import SkillsFollow
from circleup.sync.skills.areas import REGULAR, SkillsConfig, is_listed

FOLLOW_HOOK = "skills.follow"


def wanted_levels(member: Member, categories: Iterable[int], cfg: SkillsConfig) -> dict[int, int]:
    """Category → level this member should have; categories left out go back to regular if circleup set them."""
    if not (cfg.follows_enabled and member.follows_areas and is_listed(member)):
        return {}
    return {category: cfg.follow_level for category in categories}


def sync_follows(uow, member: Member, categories: Iterable[int], cfg: SkillsConfig) -> None:
    """Record, in `uow`, the notification changes this member needs."""
    session = uow.session
    if member.deleted:
        # Their account is gone: nothing to reset, and the rows would block a re-used id.
        session.execute(delete(SkillsFollow).where(SkillsFollow.member_id == member.id))
        return
    if member.suspended:
        return  # they cannot read anything now; leave their settings alone until they are back
    wanted = wanted_levels(member, categories, cfg)
    applied = {row.category_id: row for row in session.scalars(
        select(SkillsFollow).where(SkillsFollow.member_id == member.id))}
    for category in sorted(set(wanted) | set(applied)):
        level = wanted.get(category, REGULAR)
        row = applied.get(category)
        if row is None and level == REGULAR:
            continue  # circleup never touched it
        if row is not None and row.level == level:
            continue
        if row is None:
            row = SkillsFollow(member_id=member.id, category_id=category, changes=0)
            session.add(row)
        row.changes += 1
        row.level = level
        key = f"skills:follow:{member.id}:{category}:{row.changes}"
        uow.outbox(key).set_category_notification(key, category, member.username, level, on_result=FOLLOW_HOOK)
    session.flush()


def follow_result(session: Session, action: Action, ok: bool) -> None:
    if ok:
        return
    # Unknown level after a refusal: the next sync of this member asks again.
    _prefix, _kind, member_id, category_id, changes = action.key.split(":")
    row = session.get(SkillsFollow, (int(member_id), int(category_id)))
    if row is not None and row.changes == int(changes):
        row.level = None
