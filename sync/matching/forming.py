"""From a proposed circle to a group: joining, leaving, forming once, and the group message.

People join a proposed circle (a topic circleup answered with suggestions) by replying in it with
"I'm in" / "count me in" / "I'd like to join", or by liking circleup's suggestions reply; "I'm out"
leaves. The author and the suggested facilitators count once they say so too. When at least
`matching.circle_min_size` members are in, one of whom can facilitate (the author, or a member who
shares one of the circle's skills), the circle forms: circleup announces it ONCE in the topic and
starts one group message for the author, the members and the facilitator. Later joiners are added to
that message; someone who says "I'm out" once it formed is taken off it (and added again if they come
back). Formed stays formed: leaving never un-forms it, even below `circle_min_size` (the people still
in keep their message, their start check and their place on the active-circles topic, with the
number of members they now are), and no second announcement is made.

The circle row is locked while joining (suggestions.circle_for_update), the formation row's key is
the topic id, and every Discourse write has a key of its own, so duplicates, retries and two workers
at once end in one announcement, one message and one invitation per late joiner.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from circleup.integration.store import Action, MemberSkill, SkillKind, utcnow
from circleup.integration.templates import TemplateSpec
from circleup.sync.intent import reply_intent
from circleup.sync.matching import active
from circleup.sync.matching.desk import Desk
from circleup.sync.matching.models import CircleFormation, CircleMembership, MatchingCircle, MatchingSuggestion
from circleup.sync.matching.suggestions import circle_for_update
from circleup.sync.members import member_by_id

MESSAGE_HOOK = "matching.circle_message_started"

FORMED = TemplateSpec.of("matching/circle_formed.md.j2", "post", title="Python for data journalists",
                         members=["amara", "osioke", "tomi"], facilitator="osioke", min_size=3)
MESSAGE_TITLE = TemplateSpec.of("matching/circle_message_title.md.j2", "title", title="Python for data journalists")
MESSAGE = TemplateSpec.of("matching/circle_message.md.j2", "private_message", title="Python for data journalists",
                          topic_url="https://forum.example.org/t/python/12", members=["amara", "osioke", "tomi"],
                          facilitator="osioke", start_check_days=14)
TEMPLATES = (FORMED, MESSAGE_TITLE, MESSAGE)


def circle_batch(topic_id: int) -> str:
    """The announcement, the group message and its invitations run in this order, apart from the
    suggestions reply's batch (a failed edit of the reply must not cancel the group message)."""
    return f"matching:circle:{topic_id}"


# -- joining and leaving ------------------------------------------------------------------------------

def answer_reply(desk: Desk, post: dict) -> str | None:
    """A reply in a proposed circle's topic: "I'm in" joins, "I'm out" leaves; anything else is
    conversation. Returns what happened, or None when the post says neither."""
    intent = reply_intent(post.get("raw") or "")
    if intent is None:
        return None
    topic_id = int(post["topic_id"])
    if desk.session.scalar(select(MatchingCircle.reply_key).where(MatchingCircle.topic_id == topic_id)) is None:
        return None  # not a circle circleup answered: a reply saying "I'm in" elsewhere is not a join
    source = str(post.get("post_url") or f"post:{post.get('id')}")
    if intent == "in":
        return join(desk, topic_id, int(post["user_id"]), post.get("username") or "", via="reply", source=source)
    return leave(desk, topic_id, int(post["user_id"]), source=source)


def answer_like(desk: Desk, like: dict) -> str | None:
    """A like of circleup's suggestions reply joins its circle (Discourse sends no webhook for an
    unlike, so leaving is said in words)."""
    post, user = like.get("post") or {}, like.get("user") or {}
    post_id, user_id = post.get("id"), user.get("id")
    if not post_id or not user_id:
        return None
    topic_id = desk.session.scalar(select(MatchingCircle.topic_id).where(MatchingCircle.reply_post_id == int(post_id)))
    if topic_id is None:
        return None  # a like of any other post is just a like
    return join(desk, int(topic_id), int(user_id), user.get("username") or "", via="like",
                source=str(post.get("post_url") or f"post:{post_id}"))


def join(desk: Desk, topic_id: int, member_id: int, username: str, *, via: str, source: str) -> str:
    """`member_id` is in the circle; forms it when it now can, or adds them to its group message."""
    session = desk.session
    circle = circle_for_update(session, topic_id)
    if circle.reply_key is None or circle.closed:
        return "not_open"
    member = member_by_id(session, desk.client, member_id)
    if member is None or member.username_lower == desk.bot_username.lower():
        return "not_a_member"
    username = member.username
    row = session.scalar(select(CircleMembership).where(CircleMembership.topic_id == topic_id,
                                                        CircleMembership.member_id == member_id))
    if row is not None and row.joined:
        return "already_in"
    if row is None:
        row = CircleMembership(topic_id=topic_id, member_id=member_id, username=username, via=via, source=source[:255])
        session.add(row)
    else:
        row.joined, row.left_at, row.via, row.source, row.joined_at = True, None, via, source[:255], utcnow()
    session.flush()
    desk.audit("circle_join", subject=f"topic:{topic_id}", actor=username, via=via, source=source)
    formation = session.get(CircleFormation, topic_id)
    if formation is not None:
        _add_to_message(desk, formation, row)
        active_circles_changed(desk)
        return "joined_formed"
    return "formed" if maybe_form(desk, circle) else "joined"


def leave(desk: Desk, topic_id: int, member_id: int, *, source: str) -> str:
    session = desk.session
    circle_for_update(session, topic_id)
    row = session.scalar(select(CircleMembership).where(CircleMembership.topic_id == topic_id,
                                                        CircleMembership.member_id == member_id))
    if row is None or not row.joined:
        return "not_in"
    row.joined, row.left_at = False, utcnow()
    desk.audit("circle_leave", subject=f"topic:{topic_id}", actor=row.username, source=source)
    formation = session.get(CircleFormation, topic_id)
    if formation is not None:
        _remove_from_message(desk, formation, row)  # the circle stays formed, whoever is left
        active_circles_changed(desk)
    return "left"


# -- forming ------------------------------------------------------------------------------------------

def members_of(session: Session, topic_id: int) -> list[CircleMembership]:
    """Who is in the circle now, in the order they joined."""
    return list(session.scalars(
        select(CircleMembership).where(CircleMembership.topic_id == topic_id, CircleMembership.joined.is_(True))
        .order_by(CircleMembership.joined_at, CircleMembership.id)))


def facilitator_among(session: Session, circle: MatchingCircle, members: list[CircleMembership]) -> str | None:
    """Who can facilitate among the members: the author if they are in, else a suggested facilitator
    who is in, else the first member who shares one of the circle's skills."""
    by_id = {row.member_id: row for row in members}
    if circle.author_id in by_id:
        return by_id[circle.author_id].username
    suggested = session.scalars(
        select(MatchingSuggestion.member_id).where(MatchingSuggestion.topic_id == circle.topic_id,
                                                   MatchingSuggestion.current.is_(True),
                                                   MatchingSuggestion.role == "facilitator")
        .order_by(MatchingSuggestion.rank)).all()
    for member_id in suggested:
        if member_id in by_id:
            return by_id[member_id].username
    skills = list(circle.skills or ())
    if not skills:
        return None
    sharing = set(session.scalars(
        select(MemberSkill.member_id).where(MemberSkill.member_id.in_(list(by_id)), MemberSkill.kind == SkillKind.SHARE,
                                            MemberSkill.skill.in_(skills))))
    return next((row.username for row in members if row.member_id in sharing), None)


def maybe_form(desk: Desk, circle: MatchingCircle) -> bool:
    """Form the circle if it can; True when it formed now (never twice: the caller holds its lock)."""
    session = desk.session
    if session.get(CircleFormation, circle.topic_id) is not None:
        return False
    members = members_of(session, circle.topic_id)
    if len(members) < desk.config.circle_min_size:
        return False
    facilitator = facilitator_among(session, circle, members)
    if facilitator is None:
        return False
    names = [row.username for row in members]
    now = utcnow()
    formation = CircleFormation(
        topic_id=circle.topic_id, formed_at=now, facilitator=facilitator, members=names, place=circle.place,
        announce_key=f"matching:circle:{circle.topic_id}:formed", message_key=f"matching:circle:{circle.topic_id}:message",
        start_check_due_at=now + dt.timedelta(days=desk.config.start_check_days),
    )
    session.add(formation)
    recipients = _recipients(circle, names, facilitator)
    outbox = desk.outbox(circle_batch(circle.topic_id))
    outbox.reply(formation.announce_key, circle.topic_id,
                 desk.render(FORMED, title=circle.title, members=names, facilitator=facilitator,
                             min_size=desk.config.circle_min_size),
                 reply_to_post_number=circle.reply_post_number or 1)
    outbox.private_message(formation.message_key, desk.render(MESSAGE_TITLE, title=circle.title),
                           desk.render(MESSAGE, title=circle.title, topic_url=topic_url(desk, circle.topic_id),
                                       members=recipients, facilitator=facilitator,
                                       start_check_days=desk.config.start_check_days),
                           recipients, on_result=MESSAGE_HOOK)
    for row in members:
        row.in_message = True
    session.flush()
    desk.audit("circle_formed", subject=f"topic:{circle.topic_id}", members=names, facilitator=facilitator)
    active_circles_changed(desk)
    return True


def active_circles_changed(desk: Desk) -> None:
    """The active-circles topic lists something that changed: bring it up to date after the commit."""
    if desk.config.active_topic_id:
        desk.uow.defer(active.REFRESH_JOB, delay=active.REFRESH_DELAY_S)


def _recipients(circle: MatchingCircle, members: list[str], facilitator: str) -> list[str]:
    """The author (in or not: it is their circle), the members and the facilitator, each once."""
    names = ([circle.author_username] if circle.author_username else []) + members + [facilitator]
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.lower(), name)
    return list(seen.values())


def _add_to_message(desk: Desk, formation: CircleFormation, row: CircleMembership) -> None:
    """A member who joined after forming (or came back) is invited to the group message, once per
    time they were off it."""
    if row.in_message:
        return
    row.in_message = True
    circle = desk.session.get(MatchingCircle, formation.topic_id)
    if row.message_removals == 0 and circle is not None \
            and (circle.author_username or "").lower() == row.username.lower():
        return  # the author was a recipient from the start
    key = f"matching:circle:{formation.topic_id}:invite:{row.member_id}"
    if row.message_removals:
        key += f":{row.message_removals}"  # back after leaving: a new invitation
    desk.outbox(circle_batch(formation.topic_id)).invite_to_message(key, row.username, **_message_of(formation))


def _remove_from_message(desk: Desk, formation: CircleFormation, row: CircleMembership) -> None:
    """A member who left a formed circle is taken off its group message (after any invitation
    recorded before, in the same batch), once per time they were on it."""
    if not row.in_message:
        return
    row.in_message = False
    row.message_removals += 1
    desk.outbox(circle_batch(formation.topic_id)).remove_from_message(
        f"matching:circle:{formation.topic_id}:remove:{row.member_id}:{row.message_removals}", row.username,
        **_message_of(formation))


def _message_of(formation: CircleFormation) -> dict:
    """The group message by its topic id once Discourse answered, else by the action starting it."""
    if formation.message_topic_id:
        return {"topic_id": formation.message_topic_id}
    return {"message_of": formation.message_key}


def message_started(session: Session, action: Action, ok: bool) -> None:
    if not ok or not action.result:
        return
    formation = session.scalar(select(CircleFormation).where(CircleFormation.message_key == action.key))
    if formation is not None:
        formation.message_topic_id = action.result.get("topic_id")


def formation_for_message(session: Session, topic_id: int) -> CircleFormation | None:
    return session.scalar(select(CircleFormation).where(CircleFormation.message_topic_id == topic_id))


def topic_url(desk: Desk, topic_id: int) -> str:
    return f"{desk.base_url}/t/{topic_id}"

