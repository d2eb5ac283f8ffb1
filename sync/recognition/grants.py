"""Granting and revoking circleup's badges, for any flow, inside that flow's unit of work.

    grant(uow, settings, member_id=12, username="amara", badge="circle_member",
          why="circle topic:34 started", reason_url="https://forum.example.org/t/34")

records the grant (once per member and badge: a second call does nothing) and one outbox action,
POST /user_badges.json, performed after the unit commits; after a lost answer the performer looks at
the member's badges (GET /user-badges/{username}.json) before granting again. `revoke` takes a badge
back (DELETE /user_badges/{id}.json). A member's grants and revocations share one batch, so they
happen in the order they were decided.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from circleup.integration.store import Action, utcnow
from circleup.sync.recognition.models import BadgeGrant

GRANTED_HOOK = "recognition.granted"
REVOKED_HOOK = "recognition.revoked"


def badge_config(settings, badge: str) -> dict | None:
    """The configured badge (name, description, icon, badge_type), or None when it is switched off
    (or the recognition flow is not among the installed flows)."""
    recognition = getattr(settings, "recognition", None)
    return recognition.badges.get(badge) if recognition is not None else None


def _batch(member_id: int) -> str:
    return f"recognition:member:{member_id}"


def grant(uow, settings, *, member_id: int, username: str, badge: str, why: str,
          reason_url: str | None = None) -> BadgeGrant | None:
    """Grant `badge` to the member unless they hold it; returns the new grant, or None."""
    configured = badge_config(settings, badge)
    if not configured:
        return None
    session = uow.session
    row = session.scalar(select(BadgeGrant).where(BadgeGrant.member_id == member_id, BadgeGrant.badge == badge)
                         .with_for_update())
    if row is not None and row.revoked_at is None:
        return None  # held (or on its way): once per member and badge
    if row is None:
        row = BadgeGrant(member_id=member_id, badge=badge, generation=1)
        session.add(row)
    else:
        row.generation += 1
        row.revoked_at, row.revoke_key, row.user_badge_id, row.confirmed_at = None, None, None, None
    row.username, row.badge_name, row.why, row.reason_url = username, configured["name"], why[:255], reason_url
    row.granted_at = utcnow()
    row.grant_key = f"recognition:{badge}:{member_id}:grant:{row.generation}"
    session.flush()
    uow.outbox(_batch(member_id)).grant_badge(row.grant_key, username, configured["name"], reason=reason_url,
                                              on_result=GRANTED_HOOK)
    uow.audit("circleup", "recognition.grant", subject=username, badge=configured["name"], why=why)
    return row


def revoke(uow, settings, *, member_id: int, badge: str, why: str) -> bool:
    """Take `badge` back from the member if circleup granted it; True when a revocation was recorded."""
    session = uow.session
    row = session.scalar(select(BadgeGrant).where(BadgeGrant.member_id == member_id, BadgeGrant.badge == badge)
                         .with_for_update())
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    row.revoke_key = f"recognition:{badge}:{member_id}:revoke:{row.generation}"
    uow.outbox(_batch(member_id)).revoke_badge(row.revoke_key, row.username, row.badge_name,
                                               user_badge_id=row.user_badge_id, on_result=REVOKED_HOOK)
    uow.audit("circleup", "recognition.revoke", subject=row.username, badge=row.badge_name, why=why)
    return True


def granted(session: Session, action: Action, ok: bool) -> None:
    row = session.scalar(select(BadgeGrant).where(BadgeGrant.grant_key == action.key))
    if row is not None and ok and action.result:
        row.user_badge_id = action.result.get("user_badge_id")
        row.confirmed_at = utcnow()


def revoked(session: Session, action: Action, ok: bool) -> None:
    row = session.scalar(select(BadgeGrant).where(BadgeGrant.revoke_key == action.key))
    if row is not None and ok:
        row.user_badge_id = None


def badges_of(session: Session, member_id: int) -> list[BadgeGrant]:
    """The badges circleup granted a member and that they still hold, oldest first."""
    return list(session.scalars(select(BadgeGrant).where(BadgeGrant.member_id == member_id,
                                                         BadgeGrant.revoked_at.is_(None))
                                .order_by(BadgeGrant.granted_at, BadgeGrant.id)))
