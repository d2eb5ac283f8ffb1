"""A proposed clinic: from a tagged topic to one threaded reply, kept current.

A clinic is a topic carrying `clinics.tag`. Discourse describes a new topic in two deliveries that
arrive in either order — topic_created (title, tags, category, author) and the first post's
post_created (its raw) — so each fills its half of a `Clinic` row, and `settle` acts once both are
there. The row is locked while a decision is made and the reply has one outbox key per topic, so
concurrent workers, duplicates and replays all end in exactly one reply; later changes edit it.

The reply says when (Discourse's local-dates markup, or how to write the time when it could not be
read), which skills the clinic is about, and who wants to learn them — chosen once per set of skills,
so a typo fix does not @mention anyone again. Whatever the calendar shows of a clinic changing marks
the calendar for its next batched refresh (sync.clinics.calendar).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import re
from collections import Counter

from sqlalchemy.orm import Session

from circleup.integration.store import Action, as_utc
from circleup.integration.templates import TemplateSpec
from circleup.sync.clinics import calendar
from circleup.sync.clinics.desk import Desk
from circleup.sync.clinics.models import Clinic
from circleup.sync.clinics.when import ClinicTime, date_markup, read_time
from circleup.sync.matching.community import Community, forum_community
from circleup.sync.matching.engine import PARTICIPANT
from circleup.sync import tagged_topics

REPLY_HOOK = "clinics.reply_posted"

ANNOUNCEMENT = TemplateSpec.of(
    "clinics/announcement.md.j2", "post", host="amara", title="Wikidata queries for beginners",
    starts='[date=2027-01-14 time=16:00 timezone="Africa/Lagos"]',
    ends='[date=2027-01-14 time=17:00 timezone="Africa/Lagos"]', moved_from=None,
    skills=["Wikidata", "SPARQL"], learners=["tomi", "kofi"],
)
UNREADABLE_TIME = TemplateSpec.of(
    "clinics/unreadable_time.md.j2", "post", host="amara", found="When: next Thursday", why="no date",
    skills=["Wikidata"], tag="learning-clinic", default_minutes=60,
)
NOT_A_CLINIC = TemplateSpec.of("clinics/not_a_clinic.md.j2", "post", tag="learning-clinic", reason="untagged")
TEMPLATES = (ANNOUNCEMENT, UNREADABLE_TIME, NOT_A_CLINIC)

_MENTION = re.compile(r"(?<![\w@`])@[A-Za-z0-9_][A-Za-z0-9_.\-]*")


# -- the clinic row ----------------------------------------------------------------------------------

def clinic_for_update(session: Session, topic_id: int) -> Clinic:
    """The topic's clinic row, created if new, locked until the transaction ends."""
    return tagged_topics.row_for_update(session, Clinic, topic_id)


def is_clinic(clinic: Clinic, config) -> bool:
    return config.tag.lower() in (clinic.tags or ())


def missing_half(clinic: Clinic | None, config) -> str | None:
    """"topic" or "post": what must still be read before the clinic can be answered; None: nothing."""
    if clinic is None:
        return None
    if not clinic.topic_seen:
        return "topic"
    if clinic.raw is None and clinic.reply_key is None and is_clinic(clinic, config) and not clinic.closed:
        return "post"
    return None


# -- deciding ----------------------------------------------------------------------------------------

def settle(desk: Desk, clinic: Clinic) -> str:
    """Bring circleup's reply and the calendar in line with what the clinic is now."""
    if not clinic.topic_seen:
        return "waiting"
    before = calendar_fingerprint(clinic)
    clinic.active = is_clinic(clinic, desk.config) and not clinic.closed
    if clinic.reply_key is None and not clinic.active:
        clinic.raw = None  # not a clinic: keep no copy of the member's words
        _calendar_changed(desk, clinic, before)
        return "not_a_clinic"
    if clinic.raw is None:
        return "waiting"
    if clinic.active:
        _read(desk, clinic)
    if clinic.reply_key is None:
        outcome = _first_reply(desk, clinic)
    elif tagged_topics.reply_failed(desk.session, clinic.reply_key):
        outcome = "reply_failed"
    else:
        outcome = _update_reply(desk, clinic)
    _calendar_changed(desk, clinic, before)
    return outcome


def _read(desk: Desk, clinic: Clinic) -> None:
    """The time and the skills of the first post as it is now."""
    found = read_time(clinic.raw or "", default_minutes=desk.config.default_minutes)
    if isinstance(found, ClinicTime):
        clinic.starts_at, clinic.ends_at, clinic.timezone = found.starts_at, found.ends_at, found.timezone
        clinic.time_problem = None
    else:
        clinic.starts_at = clinic.ends_at = clinic.timezone = None
        clinic.time_problem = f"{found.found or ''}\n{found.why}"
    other_tags = [t for t in clinic.tags if t != desk.config.tag.lower()]
    with forum_community(desk.session, desk.settings) as community:
        # Read as a learning circle is, so a clinic in prose ("Making sense of our survey answers") has its skills.
        skills = sorted(community.read(clinic.title or "", clinic.raw or "", other_tags, author_id=clinic.author_id).skills)
        if skills != sorted(clinic.skills or ()) or (skills and not clinic.suggested and clinic.reply_key is None):
            clinic.skills = skills
            clinic.suggested = learners(desk, clinic, community)


def learners(desk: Desk, clinic: Clinic, community: Community) -> list[str]:
    """Members who want to learn the clinic's skills (as the index holds them: a free skill as the
    taxonomy skill it means; never the bot, nor anyone suspended, deleted or opted out), never the
    host: most skills in common first, then the most recently seen, then by username."""
    limit = min(desk.config.max_suggestions, desk.settings.discourse.max_mentions_per_post)
    if not clinic.skills or limit == 0:
        return []
    index = community.index
    in_common = Counter(member_id for skill in set(clinic.skills) for member_id in index.holders(PARTICIPANT, skill))
    in_common.pop(clinic.author_id, None)
    never_seen = float("inf")
    people = heapq.nsmallest(limit, map(index.get, in_common), key=lambda p: (
        -in_common[p.member_id], never_seen if p.last_active_days is None else p.last_active_days, p.username.lower()))
    return [p.username for p in people]


def render_reply(desk: Desk, clinic: Clinic) -> str:
    cfg = desk.config
    if not clinic.active:
        return desk.render(NOT_A_CLINIC, tag=cfg.tag, reason="closed" if clinic.closed else "untagged")
    if clinic.starts_at is None:
        found, _, why = (clinic.time_problem or "\n").partition("\n")
        return desk.render(UNREADABLE_TIME, host=clinic.author_username, found=found or None, why=why,
                           skills=list(clinic.skills), tag=cfg.tag, default_minutes=cfg.default_minutes)
    moved_from = None
    if clinic.announced_start is not None and as_utc(clinic.announced_start) != as_utc(clinic.starts_at):
        moved_from = date_markup(as_utc(clinic.announced_start), clinic.timezone)
    raw = desk.render(
        ANNOUNCEMENT, host=clinic.author_username, title=clinic.title,
        starts=date_markup(as_utc(clinic.starts_at), clinic.timezone),
        ends=date_markup(as_utc(clinic.ends_at), clinic.timezone), moved_from=moved_from,
        skills=list(clinic.skills), learners=list(clinic.suggested or ()),
    )
    limit = min(cfg.max_suggestions, desk.settings.discourse.max_mentions_per_post)
    if len(_MENTION.findall(raw)) > limit:
        raise ValueError(f"template {ANNOUNCEMENT} @mentions more people than clinics.max_suggestions ({limit}) allows")
    return raw


def _first_reply(desk: Desk, clinic: Clinic) -> str:
    raw = render_reply(desk, clinic)
    key = reply_key(clinic.topic_id)
    clinic.revision = 1
    desk.outbox(batch_of(clinic.topic_id)).reply(key, clinic.topic_id, raw, reply_to_post_number=1,
                                                 on_result=REPLY_HOOK)
    clinic.reply_key, clinic.reply_hash = key, _digest(raw)
    clinic.announced_start = clinic.starts_at
    outcome = "announced" if clinic.starts_at is not None else "unreadable_time"
    desk.audit("announce", subject=f"topic:{clinic.topic_id}", status=outcome, skills=list(clinic.skills),
               suggested=list(clinic.suggested or ()), starts_at=_iso(clinic.starts_at))
    return outcome


def _update_reply(desk: Desk, clinic: Clinic) -> str:
    raw = render_reply(desk, clinic)
    digest = _digest(raw)
    if digest == clinic.reply_hash:
        return "unchanged"
    moved = (clinic.starts_at is not None and clinic.announced_start is not None
             and as_utc(clinic.starts_at) != as_utc(clinic.announced_start))
    clinic.revision += 1
    key = f"{reply_key(clinic.topic_id)}:r{clinic.revision}:{digest[:12]}"
    reason = "the clinic moved" if moved else "the clinic was edited"
    desk.outbox(batch_of(clinic.topic_id)).edit_post(key, raw, post_of=clinic.reply_key, edit_reason=reason)
    clinic.reply_hash = digest
    if clinic.starts_at is not None and clinic.announced_start is None:
        clinic.announced_start = clinic.starts_at
    outcome = "moved" if moved else ("note" if not clinic.active else "updated")
    desk.audit("update", subject=f"topic:{clinic.topic_id}", status=outcome, revision=clinic.revision,
               starts_at=_iso(clinic.starts_at))
    return outcome


def reply_key(topic_id: int) -> str:
    return f"clinics:reply:{topic_id}"


def batch_of(topic_id: int) -> str:
    # One batch per topic: the reply's edits run after its creation, in the order they were decided.
    return f"clinics:topic:{topic_id}"


def reply_posted(session: Session, action: Action, ok: bool) -> None:
    if not ok or not action.result:
        return
    clinic = session.get(Clinic, int(action.payload["topic_id"]))
    if clinic is not None:
        clinic.reply_post_id = action.result.get("post_id")


def calendar_fingerprint(clinic: Clinic) -> tuple:
    """What the calendar and the feed show of a clinic."""
    return (clinic.active, clinic.title, clinic.slug, clinic.author_username, _iso(clinic.starts_at),
            _iso(clinic.ends_at), clinic.timezone, tuple(clinic.skills or ()))


def _calendar_changed(desk: Desk, clinic: Clinic, before: tuple) -> None:
    if calendar_fingerprint(clinic) != before:
        calendar.mark_dirty(desk.uow, desk.settings)


def _iso(moment: dt.datetime | None) -> str | None:
    return as_utc(moment).isoformat() if moment is not None else None


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()
