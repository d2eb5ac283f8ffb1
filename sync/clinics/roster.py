"""Who will come to a clinic: replies saying so, and likes on circleup's announcement.

A reply in a clinic's topic that says "I'm in", "count me in", "I'll be there" (the shared
reply-intent reading, sync.intent) puts its author on the roster; "can't make it" takes them off.
A like on circleup's reply puts the member on too (Discourse sends no delivery when a like is
taken back, so only a reply takes them off). The last word counts: a reply edited from "I'm in" to
"can't make it" takes them off. The host is never on their own roster, nor the bot.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from circleup.integration.store import utcnow
from circleup.sync.clinics.desk import Desk
from circleup.sync.clinics.models import Clinic, ClinicAttendee
from circleup.sync.intent import reply_intent


def take_reply(desk: Desk, clinic: Clinic, post: dict[str, Any]) -> str | None:
    """A reply in the clinic's topic: in, out, or nothing it says about coming."""
    intent = reply_intent(post.get("raw") or "")
    if intent is None:
        return None
    return _set(desk, clinic, int(post["user_id"]), post.get("username") or "", going=intent == "in",
                source=f"post:{post.get('id')}")


def take_like(desk: Desk, clinic: Clinic, user: dict[str, Any], post_id: int) -> str | None:
    return _set(desk, clinic, int(user["id"]), user.get("username") or "", going=True, source=f"like:{post_id}")


def _set(desk: Desk, clinic: Clinic, user_id: int, username: str, *, going: bool, source: str) -> str | None:
    if user_id == clinic.author_id or username.lower() == desk.bot_username.lower():
        return None
    row = desk.session.get(ClinicAttendee, (clinic.topic_id, user_id))
    if row is None:
        if not going:
            return None  # saying "can't make it" without having been in changes nothing
        row = ClinicAttendee(topic_id=clinic.topic_id, user_id=user_id, username=username, going=True, source=source)
        desk.session.add(row)
    elif row.going == going:
        return None  # a duplicate, or a like after a reply saying the same
    else:
        row.going, row.source, row.updated_at = going, source, utcnow()
    row.username = username or row.username
    desk.session.flush()
    desk.audit("roster_in" if going else "roster_out", subject=username, actor=username,
               topic_id=clinic.topic_id, source=source)
    return "in" if going else "out"


def roster(session, topic_id: int) -> list[str]:
    """Usernames of the members who will come, in the order they said so."""
    return list(session.scalars(select(ClinicAttendee.username)
                                .where(ClinicAttendee.topic_id == topic_id, ClinicAttendee.going.is_(True))
                                .order_by(ClinicAttendee.updated_at, ClinicAttendee.user_id)))


def going_count(session, topic_id: int) -> int:
    return session.scalar(select(func.count()).select_from(ClinicAttendee)
                          .where(ClinicAttendee.topic_id == topic_id, ClinicAttendee.going.is_(True))) or 0
