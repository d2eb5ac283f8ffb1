"""Discourse group ids by name, for every flow.

group_user deliveries (user_added_to_group / user_removed_from_group) name the group by id only,
while circleup's configuration names groups. The id is read from Discourse once and kept in the
database, shared by every worker process; a group that does not exist is remembered as missing for
an hour, so deliveries about other groups cost no API call while it is being created.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from circleup.integration.errors import NotFound
from circleup.integration.store import KnownGroup, as_utc, utcnow

MISSING_RECHECK = dt.timedelta(hours=1)


def group_id(session: Session, client, name: str) -> int | None:
    """The id of group `name`, or None when the forum has no such group."""
    known = session.get(KnownGroup, name.lower())
    if known is not None and (known.discourse_id is not None or utcnow() - as_utc(known.fetched_at) < MISSING_RECHECK):
        return known.discourse_id
    try:
        found: int | None = int(client.get_group(name)["id"])
    except NotFound:
        found = None
    remember_group_id(session, name, found)
    return found


def remember_group_id(session: Session, name: str, discourse_id: int | None) -> None:
    """Store what Discourse said (also from a group add's answer, which carries the id for free)."""
    known = session.get(KnownGroup, name.lower())
    if known is not None:
        known.discourse_id, known.fetched_at = discourse_id, utcnow()
        return
    try:
        with session.begin_nested():  # another worker may be storing it at the same moment
            session.add(KnownGroup(name_lower=name.lower(), discourse_id=discourse_id))
    except IntegrityError:
        pass


def is_group(session: Session, client, membership: dict, name: str | None) -> bool:
    """Whether a group_user payload is about group `name`."""
    if not name or membership.get("group_id") is None:
        return False
    return int(membership["group_id"]) == group_id(session, client, name)
