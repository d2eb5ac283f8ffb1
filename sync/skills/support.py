"""The support members say they need, and the working group's private digest of it.

Let's Connect's registration asks what financial, methodological or technological support a member
needs. circleup reads it from a user field (`skills.support_field`) or a `Support: …` line in a
registration post, and normalises it to a short list (NEEDS): "a stipend, and a laptop" is funding
and technology; what fits none is "other", with the member's words kept. Each source replaces its
own earlier answer; a need keeps the date it was first stated while it stays, and an answer of
"none" (or removing the line, or the post) takes the member off.

The working group (`skills.support_group`) gets one private message whose first post is the digest —
who needs what, since when — edited in place, at most once per `skills.support_interval_s` however
many members changed (scheduled in the database like the directories, sync.skills.publish).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re


import structlog
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session


from circleup.integration.store import Action, ActionStatus, Member, utcnow
from circleup.integration.templates import TemplateSpec
from circleup.sync.skills.models import SkillsSupportDigest, SkillsSupportNeed

log = structlog.get_logger("circleup.skills")

NEEDS = ("funding", "methods", "technology", "translation", "connectivity", "childcare", "other")
REFRESH_JOB = "circleup.skills.refresh_support_digest"
DIGEST_HOOK = "skills.support_digest"
MIN_WAIT_S = 5.0

DIGEST = TemplateSpec.of(
    "skills/support_digest.md.j2", "private_message", needs=[
        {"need": "funding", "members": [{"username": "osioke", "since": "2027-01-14", "words": "a stipend"}]},
        {"need": "other", "members": [{"username": "tomi", "since": "2027-01-15", "words": "a quiet room"}]}],
    members=2, updated="2027-01-15 09:00 UTC",
)
DIGEST_TITLE = TemplateSpec.of("skills/support_digest_title.md.j2", "title")
TEMPLATES = (DIGEST, DIGEST_TITLE)

# Words that name each kind of support (whole words, any case; the first letters of longer words).
_KEYWORDS: dict[str, tuple[str, ...]] = {
    "funding": ("fund", "funds", "funding", "financial", "finance", "financing", "money", "stipend", "stipends",
                "grant", "grants", "budget", "payment", "paid", "cost", "costs", "travel", "honorarium"),
    "methods": ("method", "methods", "methodological", "methodology", "planning", "plan", "pedagogy",
                "pedagogical", "facilitation", "mentoring", "mentor", "design", "curriculum", "training"),
    "technology": ("technology", "technological", "tech", "technical", "tool", "tools", "software", "laptop",
                   "computer", "equipment", "hardware", "device", "devices", "zoom", "platform"),
    "translation": ("translation", "translations", "translate", "translator", "interpreter", "interpretation",
                    "interpreting", "subtitles", "language", "languages"),
    "connectivity": ("connectivity", "internet", "data", "bundle", "bundles", "bandwidth", "wifi", "wi-fi",
                     "connection", "airtime", "broadband"),
    "childcare": ("childcare", "child-care", "babysitting", "babysitter", "nanny", "creche", "crèche", "children",
                  "kids", "child"),
}
_WORD_NEED = {word: need for need, words in _KEYWORDS.items() for word in words}
_PHRASES = {"child care": "childcare", "care for my children": "childcare", "mobile data": "connectivity"}
_NOTHING = frozenset({"", "none", "no", "nothing", "n/a", "na", "-", "no support", "not needed", "nope", "nil"})
_COURTESY = frozenset({"thanks", "thank you", "thanks a lot", "please", "thx", "cheers"})
_WORD = re.compile(r"[\w][\w'\-]*", re.UNICODE)
_SUPPORT_LINE = re.compile(
    r"^\s*(?:[-*+•]\s+)?[*_]*\s*(?:support(?:\s+(?:needed|i\s+need|needs?))?|i\s+need\s+support(?:\s+with)?|"
    r"needs?)\s*[*_]*\s*[:：]\s*[*_]*(?P<rest>.*)$", re.IGNORECASE | re.MULTILINE)
_QUOTE_OR_CODE = re.compile(r"\[quote[^\]]*\].*?\[/quote\]|```.*?```|~~~.*?~~~", re.IGNORECASE | re.DOTALL)


def normalise(text: str) -> dict[str, str]:
    """need → the words that said it, for a member's free answer ("a stipend and a laptop")."""
    found: dict[str, str] = {}
    parts = [" ".join(part.split()).strip(" .!*_-")
             for part in re.split(r"[,;\n/]+|\band\b|\bor\b|&|\+", text or "", flags=re.IGNORECASE)]
    parts = [p for p in parts if p.casefold() not in _COURTESY]
    if parts and parts[0].casefold() in _NOTHING - {""}:
        return {}  # "none, thanks", "no — all good"
    for words in parts:
        if words.casefold() in _NOTHING:
            continue
        lowered = words.casefold()
        needs = {need for phrase, need in _PHRASES.items() if phrase in lowered}
        needs |= {_WORD_NEED[w] for w in (m.group(0).casefold() for m in _WORD.finditer(words)) if w in _WORD_NEED}
        for need in needs or {"other"}:
            found.setdefault(need, words)
    return {need: found[need] for need in NEEDS if need in found}


def parse_support_line(raw: str) -> str | None:
    """The rest of a registration post's `Support: …` line (None: the post has none)."""
    match = _SUPPORT_LINE.search(_QUOTE_OR_CODE.sub("\n", raw or ""))
    return match.group("rest").strip().strip("*_").strip() if match else None


def save_needs(session: Session, member: Member, source: str, text: str | None) -> bool:
    """Replace what one source says the member needs (None or "none": nothing); True when it changed."""
    wanted = normalise(text or "")
    rows = {row.need: row for row in session.scalars(
        select(SkillsSupportNeed).where(SkillsSupportNeed.member_id == member.id, SkillsSupportNeed.source == source))}
    changed = False
    for need, row in rows.items():
        if need not in wanted:
            session.delete(row)
            changed = True
        elif row.words != wanted[need][:500]:
            row.words, changed = wanted[need][:500], True
    for need, words in wanted.items():
        if need not in rows:
            session.add(SkillsSupportNeed(member_id=member.id, source=source, need=need, words=words[:500],
                                          since=utcnow()))
            changed = True
    session.flush()
    return changed


def forget_needs(session: Session, member: Member, source: str | None = None) -> bool:
    query = delete(SkillsSupportNeed).where(SkillsSupportNeed.member_id == member.id)
    if source is not None:
        query = query.where(SkillsSupportNeed.source == source)
    return (session.execute(query.execution_options(synchronize_session=False)).rowcount or 0) > 0


# -- the digest ------------------------------------------------------------------------------------

def digest_rows(session: Session) -> list[dict]:
    """need → members (username, since, words), for members still listed (not suspended or deleted)."""
    since = func.min(SkillsSupportNeed.since)
    rows = session.execute(
        select(SkillsSupportNeed.need, Member.username, since, func.max(SkillsSupportNeed.words))
        .join(Member, Member.id == SkillsSupportNeed.member_id)
        .where(Member.deleted.is_(False), Member.suspended.is_(False))
        .group_by(SkillsSupportNeed.need, Member.id, Member.username)
        .order_by(since, Member.username))
    per_need: dict[str, list[dict]] = {}
    for need, username, first, words in rows:
        per_need.setdefault(need, []).append({"username": username, "since": f"{first:%Y-%m-%d}", "words": words})
    return [{"need": need, "members": per_need[need]} for need in NEEDS if need in per_need]


def render_digest(session: Session, templates, now: dt.datetime | None = None) -> str:
    needs = digest_rows(session)
    members = len({m["username"] for group in needs for m in group["members"]})
    return templates.render(DIGEST, needs=needs, members=members, updated=f"{now or utcnow():%Y-%m-%d %H:%M} UTC")


def mark_dirty(uow, settings) -> None:
    """The needs changed: schedule the digest's refresh unless one is on its way."""
    group = settings.skills.support_group
    if not group:
        return
    session = uow.session
    if session.get(SkillsSupportDigest, group) is None:
        with session.begin_nested():
            session.add(SkillsSupportDigest(group_name=group, version=0, generation=0))
    table = SkillsSupportDigest
    session.execute(update(table).where(table.group_name == group).values(version=table.version + 1)
                    .execution_options(synchronize_session=False))
    delay = float(settings.skills.support_interval_s)
    scheduled = session.execute(update(table).where(table.group_name == group, table.due_at.is_(None))
                                .values(due_at=utcnow() + dt.timedelta(seconds=delay), generation=table.generation + 1)
                                .execution_options(synchronize_session=False))
    if scheduled.rowcount == 1:
        uow.defer(REFRESH_JOB, group, session.scalar(select(table.generation).where(table.group_name == group)),
                  delay=delay)


def overdue(session: Session, grace_s: float = 5.0) -> list[tuple[str, int]]:
    cutoff = utcnow() - dt.timedelta(seconds=grace_s)
    rows = session.execute(select(SkillsSupportDigest.group_name, SkillsSupportDigest.generation)
                           .where(SkillsSupportDigest.due_at < cutoff))
    return [(group, generation) for group, generation in rows]


def refresh_digest(services, group: str, generation: int) -> str:
    """Claim, render, send or edit the digest when its text changed, release (one unit of work)."""
    settings = services.settings
    interval = float(settings.skills.support_interval_s)
    table = SkillsSupportDigest
    with services.unit_of_work(source=f"job:{REFRESH_JOB}") as uow:
        session = uow.session
        if settings.skills.support_group != group:
            session.execute(update(table).where(table.group_name == group).values(due_at=None))
            return "skipped"
        claimed = session.execute(update(table).where(table.group_name == group, table.generation == generation,
                                                      table.due_at.is_not(None))
                                  .values(generation=generation + 1)
                                  .execution_options(synchronize_session=False)).rowcount == 1
        if not claimed:
            return "skipped"
        row = session.get(SkillsSupportDigest, group, populate_existing=True)
        if row.last_batch and session.scalar(select(func.count()).select_from(Action).where(
                Action.batch == row.last_batch, Action.status.in_(ActionStatus.OPEN))):
            _again(uow, row, max(interval, MIN_WAIT_S))
            return "waiting"
        seen_version = row.version
        body = render_digest(session, services.templates)
        # The date line changes every time: compare what the digest says, not when it was said.
        digest = hashlib.sha256(body.rsplit("\n", 1)[0].encode()).hexdigest()
        outcome = "unchanged"
        if digest != row.body_hash:
            batch = f"skills:support:{group}:{row.generation}"
            key = f"{batch}:{digest[:12]}"
            outbox = uow.outbox(batch)
            if row.post_id is not None:
                outbox.edit_post(key, body, post_id=row.post_id, edit_reason="support digest updated",
                                 on_result=DIGEST_HOOK)
            elif row.create_key is not None:
                outbox.edit_post(key, body, post_of=row.create_key, edit_reason="support digest updated",
                                 on_result=DIGEST_HOOK)
            else:
                title = services.templates.render(DIGEST_TITLE)
                outbox.private_message(key, title, body, [group], on_result=DIGEST_HOOK)
                row.create_key = key
            row.body_hash, row.last_batch, outcome = digest, batch, "sent"
        row.refreshed_at = utcnow()
        if row.version == seen_version:
            row.due_at = None
        else:
            _again(uow, row, interval)
    log.info("skills.support_digest", group=group, outcome=outcome)
    return outcome


def _again(uow, row: SkillsSupportDigest, delay: float) -> None:
    row.generation += 1
    row.due_at = utcnow() + dt.timedelta(seconds=delay)
    uow.defer(REFRESH_JOB, row.group_name, row.generation, delay=delay)


def digest_result(session: Session, action: Action, ok: bool) -> None:
    """Keep the message's post id; after a failure, forget the hash so the next refresh sends it again."""
    group = action.key.split(":")[2]
    row = session.get(SkillsSupportDigest, group)
    if row is None:
        return
    if ok and action.result and row.create_key == action.key:
        row.post_id = action.result.get("post_id")
    elif not ok:
        row.body_hash = None
        if row.create_key == action.key:
            row.create_key = None


def needs_of(session: Session, member_id: int) -> list[tuple[str, str, dt.datetime]]:
    return [(r.need, r.words, r.since) for r in session.scalars(
        select(SkillsSupportNeed).where(SkillsSupportNeed.member_id == member_id).order_by(SkillsSupportNeed.need))]


