"""Keeping circleup's `members` table in step with Discourse's users.

Every flow needs to know who someone is (id, username, staff, suspended, deleted). Deliveries carry
a user object (`user_*` events) or just ids (`group_user`), and a post carries only a username; this
module is the one place that turns any of those into a `Member` row, reading the API only when the
delivery does not say enough.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from circleup.integration.errors import NotFound
from circleup.integration.store import Member, as_utc, utcnow


def parse_time(value: Any) -> dt.datetime | None:
    """A Discourse timestamp (ISO 8601, `Z` for UTC) as an aware datetime; None when absent or malformed."""
    if not value or not isinstance(value, str):
        return None
    try:
        return as_utc(dt.datetime.fromisoformat(value.replace("Z", "+00:00")))
    except ValueError:
        return None


def is_suspended(user: dict[str, Any]) -> bool:
    """Discourse says so through `suspended_till` (admin views) or `suspended_at` / `suspended`."""
    if user.get("suspended") is True:
        return True
    till = parse_time(user.get("suspended_till"))
    return bool(till and till > utcnow())


def upsert_member(session: Session, user: dict[str, Any], *, suspended: bool | None = None, deleted: bool | None = None) -> Member:
    """Create or update the member described by a Discourse user object (webhook or API)."""
    member = session.get(Member, int(user["id"]))
    username = user.get("username") or (member.username if member else f"user{user['id']}")
    if member is None:
        # A username can move to a new id (a deleted account's name re-used): the old row yields it.
        stale = session.scalar(select(Member).where(Member.username_lower == username.lower()))
        if stale is not None:
            stale.username_lower = f"{stale.username_lower}#{stale.id}"[:60]
            stale.deleted = True
            session.flush()
        member = Member(id=int(user["id"]), username=username, username_lower=username.lower())
        session.add(member)
    member.username = username
    member.username_lower = username.lower()
    if "name" in user:
        member.name = user.get("name")
    for key in ("trust_level", "admin", "moderator"):
        if key in user and user[key] is not None:
            setattr(member, key, user[key])
    if "location" in user:
        member.location = (user.get("location") or "").strip() or None
    elif "user_option" in user:
        # A whole user object (webhook or /u/{username}.json) leaves `location` out when it is
        # blank: the member cleared it. Partial objects (a post's author) say nothing about it.
        member.location = None
    seen = parse_time(user.get("last_seen_at"))
    if seen:
        member.last_seen_at = seen
    if suspended is not None:
        member.suspended = suspended
    elif any(key in user for key in ("suspended", "suspended_till", "suspended_at")):
        # The webhook user serializer leaves these out; absence says nothing about suspension.
        member.suspended = is_suspended(user)
    if deleted is not None:
        member.deleted = deleted
    session.flush()
    return member


def find_member(session: Session, username: str) -> Member | None:
    return session.scalar(select(Member).where(Member.username_lower == username.lower().lstrip("@")))


def member_by_username(session: Session, client, username: str) -> Member | None:
    """The member with this username, read from Discourse when circleup has not met them yet.

    Returns None when Discourse has no such user.
    """
    member = find_member(session, username)
    if member is not None:
        return member
    try:
        user = client.get_user(username.lstrip("@"))
    except NotFound:
        return None
    return upsert_member(session, user)


def member_by_id(session: Session, client, user_id: int) -> Member | None:
    """The member with this Discourse id, read from Discourse when unknown; None if it has no such user."""
    member = session.get(Member, int(user_id))
    if member is not None:
        return member
    try:
        user = client.get_user_by_id(int(user_id))
    except NotFound:
        return None
    return upsert_member(session, user)
