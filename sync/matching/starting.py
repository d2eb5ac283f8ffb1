"""Whether a formed circle started: asked in its group message, answered there.

`matching.start_check_days` after a circle formed, the hourly tick asks in the circle's group message
whether it has met. The first clear answer by one of its people is recorded: "yes" (with how many
came, when the answer says it: "yes, 4 of us"), "no", or "not yet" — which is asked again once, the
same number of days later. A "yes" marks the circle started, for good: the funnel counts it, the
active-circles topic lists it, and its facilitator and members get their badges (sync.recognition).
"""
from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from circleup.integration.store import Action, utcnow
from circleup.integration.templates import TemplateSpec
from circleup.sync.matching.desk import Desk
from circleup.sync.matching.forming import (
    active_circles_changed,
    circle_batch,
    formation_for_message,
    members_of,
    topic_url,
)
from circleup.sync.matching.models import CircleFormation, CircleMembership, MatchingCircle
from circleup.sync.matching.needs import clean_post
from circleup.sync.matching.pairs import parse_answer
from circleup.sync.recognition import grants

START_CHECK_HOOK = "matching.circle_start_checked"
MAX_CHECKS = 2  # the question, and once more after a "not yet"

START_CHECK = TemplateSpec.of("matching/circle_start_check.md.j2", "post", title="Python for data journalists",
                              again=False)
TEMPLATES = (START_CHECK,)

_NOT_YET = re.compile(r"\b(not yet|not so far|haven'?t yet|have not yet|hasn'?t yet|soon|next week|pas encore|bado)\b")
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                 "eleven": 11, "twelve": 12, "all": None}
_COUNT = re.compile(r"\b(\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
                    r"(?:of us|people|members|participants|came|attended|showed up|were there|joined)\b")


def parse_start_answer(raw: str) -> tuple[str | None, int | None]:
    """("yes" | "no" | "not_yet" | None, how many came or None)."""
    text = clean_post(raw or "").replace("’", "'").casefold()
    if _NOT_YET.search(text) and not re.search(r"\b(yes|we met|we did)\b", text):
        return "not_yet", None
    verdict = parse_answer(raw)
    if verdict is None:
        return None, None
    if not verdict:
        return "no", None
    found = _COUNT.search(text)
    count = None
    if found:
        word = found.group(1)
        count = int(word) if word.isdigit() else _NUMBER_WORDS.get(word)
    return "yes", count


def send_due_start_checks(desk: Desk, now: dt.datetime | None = None) -> int:
    """Ask every formed circle whose check is due (and not answered for good) whether it met."""
    now = now or utcnow()
    due = desk.session.scalars(
        select(CircleFormation)
        .where(CircleFormation.message_topic_id.is_not(None), CircleFormation.started_at.is_(None),
               CircleFormation.start_check_due_at <= now, CircleFormation.start_checks < MAX_CHECKS,
               (CircleFormation.start_answer.is_(None)) | (CircleFormation.start_answer == "not_yet"))
        .order_by(CircleFormation.topic_id).with_for_update(skip_locked=True)
    ).all()
    for formation in due:
        formation.start_checks += 1
        formation.start_check_due_at = None  # until a "not yet" sets it again
        formation.start_check_key = f"matching:circle:{formation.topic_id}:start-check:{formation.start_checks}"
        formation.start_check_post_number = None
        circle = desk.session.get(MatchingCircle, formation.topic_id)
        raw = desk.render(START_CHECK, title=circle.title if circle else "", again=formation.start_checks > 1)
        desk.outbox(circle_batch(formation.topic_id)).reply(formation.start_check_key, formation.message_topic_id, raw,
                                                             on_result=START_CHECK_HOOK)
    return len(due)


def start_checked(session: Session, action: Action, ok: bool) -> None:
    formation = session.scalar(select(CircleFormation).where(CircleFormation.start_check_key == action.key))
    if formation is None:
        return
    if ok and action.result:
        formation.start_check_post_number = action.result.get("post_number")
    elif not ok:
        # Discourse refused (the message is gone?): ask again at the next tick, not counted.
        formation.start_checks -= 1
        formation.start_check_key = None
        formation.start_check_due_at = utcnow()


def answer_from_post(desk: Desk, post: dict) -> str | None:
    """A reply in a formed circle's group message, after the question, by one of its people."""
    formation = formation_for_message(desk.session, int(post["topic_id"]))
    if formation is None or formation.start_check_key is None or formation.started_at is not None:
        return None
    if formation.start_answer in ("yes", "no") or formation.start_check_post_number is None:
        return None  # answered for good, or not asked yet (its post number arrives with the question)
    if int(post.get("post_number") or 0) <= formation.start_check_post_number:
        return None
    if not _is_circle_person(desk.session, formation, int(post.get("user_id") or 0)):
        return None
    answer, count = parse_start_answer(post.get("raw") or "")
    if answer is None:
        return None
    record_answer(desk, formation, answer, count, by=post.get("username") or "?",
                  source=str(post.get("post_url") or f"post:{post.get('id')}"))
    return answer


def record_answer(desk: Desk, formation: CircleFormation, answer: str, attended: int | None, *, by: str,
                  source: str) -> None:
    now = utcnow()
    formation.start_answer, formation.answered_by, formation.answered_at = answer, by[:60], now
    if attended is not None:
        formation.attended = attended
    if answer == "yes":
        formation.started_at = now
        _recognise(desk, formation)
        active_circles_changed(desk)
    elif answer == "not_yet" and formation.start_checks < MAX_CHECKS:
        formation.start_check_due_at = now + dt.timedelta(days=desk.config.start_check_days)
    desk.audit("circle_start_answer", subject=f"topic:{formation.topic_id}", actor=by, answer=answer,
               attended=attended, source=source)


def _recognise(desk: Desk, formation: CircleFormation) -> None:
    """A circle that started: its facilitator and its members get their badges (once each)."""
    url = topic_url(desk, formation.topic_id)
    for row in members_of(desk.session, formation.topic_id):
        badge = "circle_facilitator" if row.username.lower() == formation.facilitator.lower() else "circle_member"
        grants.grant(desk.uow, desk.settings, member_id=row.member_id, username=row.username, badge=badge,
                     why=f"circle topic:{formation.topic_id} started", reason_url=url)


def _is_circle_person(session: Session, formation: CircleFormation, user_id: int) -> bool:
    circle = session.get(MatchingCircle, formation.topic_id)
    if circle is not None and circle.author_id == user_id:
        return True
    return session.scalar(select(CircleMembership.id).where(CircleMembership.topic_id == formation.topic_id,
                                                            CircleMembership.member_id == user_id)) is not None


def started_people(session: Session, formation: CircleFormation) -> tuple[str, list[str]]:
    """The facilitator and the members of a circle, as recognised once it started."""
    return formation.facilitator, [row.username for row in members_of(session, formation.topic_id)]
