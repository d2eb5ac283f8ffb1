"""The forum's SkillIndex, one per worker process and database, kept current by reading what changed.

Loading the holders of a circle's skills from the database for every circle costs time in
proportion to how common the skills are (thousands of Python teachers on a large forum), and the
engine's best-first ranking needs only a handful of them. So each process keeps the whole index in
memory (a few hundred bytes a member) and, before every use, re-reads just the members that changed
since the last look:

* member_skills rows with an id above the last one seen (new profiles, rebuilt ones);
* members, skills profile texts and citizen applications whose `updated_at` moved — eligibility
  (suspended, deleted, opted out), place, activity, a profile emptied, a citizen approved. The look
  back overlaps by a few minutes, because other machines' clocks and long transactions may stamp a
  change slightly in the past; reading a member twice is harmless.

Those are three or four indexed range reads of a few rows each. The index is rebuilt from scratch
on first use, once a day (activity is counted in days since last seen, which moves on its own), and
when member_skills' ids went backwards (a restored or emptied database).
"""
from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from circleup.integration.store import Member, MemberSkill, SkillKind, as_utc, utcnow
from circleup.sync.citizens.models import Application, ApplicationStatus
from circleup.sync.skills.models import SkillsProfileText
from circleup.sync.matching.engine import MemberProfile, SkillIndex
from circleup.sync.skills.semantic import SemanticSkills

LOOK_BACK_OVERLAP = dt.timedelta(minutes=5)
REBUILD_AFTER = dt.timedelta(days=1)
MAX_DATABASES = 4  # tests open many databases in one process; production uses one
_CHUNK = 900  # ids per IN (...) list: under every database's bound-parameter limit


@dataclass
class _Entry:
    index: SkillIndex
    watermark: int  # highest member_skills.id read
    checked_at: dt.datetime  # when changes were last looked for
    built_at: dt.datetime
    # (table, member id) → the updated_at already read, for rows inside the look-back overlap: a
    # busy forum changes hundreds of rows in five minutes, and each must be re-read once, not on
    # every refresh until it falls out of the overlap.
    seen: dict[tuple[str, int], object] = field(default_factory=dict)


_entries: OrderedDict[str, _Entry] = OrderedDict()
_lock = threading.Lock()


@contextmanager
def forum_index(session: Session, *, bot_username: str, now: dt.datetime | None = None,
                semantic: SemanticSkills | None = None) -> Iterator[SkillIndex]:
    """The index of every member with a skills profile, current as of this transaction.

    With `semantic`, a free skill (one the taxonomy did not name: "making sense of data",
    "Programmierung") is indexed as the taxonomy skill it means, when it is close enough.

    Held under a process-wide lock until the block ends: worker threads take turns, so one never
    ranks on an index another is updating (ranking takes milliseconds).
    """
    now = now or utcnow()
    key = f"{session.get_bind().url}#{semantic.encoder.name if semantic else ''}"
    with _lock:
        entry = _entries.get(key)
        top = session.scalar(select(func.max(MemberSkill.id))) or 0
        if entry is None or top < entry.watermark or now - entry.built_at > REBUILD_AFTER:
            entry = _entries[key] = _build(session, bot_username, top, now, semantic)
            while len(_entries) > MAX_DATABASES:
                _entries.popitem(last=False)
        else:
            _refresh(session, entry, bot_username, top, now, semantic)
        _entries.move_to_end(key)
        yield entry.index


def forget_all() -> None:
    """Drop every cached index (tests that rewrite a database behind circleup's back)."""
    with _lock:
        _entries.clear()


def _build(session: Session, bot_username: str, top: int, now: dt.datetime, semantic: SemanticSkills | None) -> _Entry:
    return _Entry(SkillIndex(load_profiles(session, None, bot_username, now, semantic)), top, now, now)


def _refresh(session: Session, entry: _Entry, bot_username: str, top: int, now: dt.datetime,
             semantic: SemanticSkills | None) -> None:
    since = entry.checked_at - LOOK_BACK_OVERLAP
    changed: set[int] = set()
    if top > entry.watermark:
        changed.update(session.scalars(select(MemberSkill.member_id).where(MemberSkill.id > entry.watermark)))
    seen: dict[tuple[str, int], object] = {}
    for table, column, owner in (("members", Member.updated_at, Member.id),
                                 ("profile_texts", SkillsProfileText.updated_at, SkillsProfileText.member_id),
                                 ("applications", Application.updated_at, Application.member_id)):
        for member_id, stamp in session.execute(select(owner, column).where(column >= since)):
            key = (table, member_id)
            seen[key] = stamp
            if entry.seen.get(key) != stamp:
                changed.add(member_id)
    entry.seen = seen  # rows that left the overlap are forgotten with it
    if changed:
        fresh = {p.member_id: p for p in load_profiles(session, sorted(changed), bot_username, now, semantic)}
        index = entry.index
        for member_id in changed:
            if member_id in fresh:
                index.update(fresh[member_id])
            elif member_id in index:
                index.remove(member_id)  # no skills left (or the member is gone)
    entry.watermark, entry.checked_at = max(top, entry.watermark), now


def load_profiles(session: Session, member_ids: list[int] | None, bot_username: str, now: dt.datetime,
                  semantic: SemanticSkills | None = None) -> list[MemberProfile]:
    """Profiles of the given members (None: everyone) who have skills; ineligible ones are kept,
    marked so, because a member who opts back in must find their profile still indexed."""
    skills: dict[int, tuple[set[str], set[str]]] = {}
    wrote: dict[int, list[tuple[str, str]]] = {}
    for chunk in _chunks(member_ids):
        query = select(MemberSkill.member_id, MemberSkill.kind, MemberSkill.skill, MemberSkill.method, MemberSkill.raw)
        if chunk is not None:
            query = query.where(MemberSkill.member_id.in_(chunk))
        for member_id, kind, skill, method, raw in session.execute(query):
            if semantic is not None and method == "free":
                reading = semantic.skill_for(raw or skill)  # cached per text: a forum repeats itself
                if reading is not None:
                    if reading.skill != skill:
                        wrote.setdefault(member_id, []).append((reading.skill, raw or skill))
                    skill = reading.skill
            shares, learns = skills.setdefault(member_id, (set(), set()))
            (shares if kind == SkillKind.SHARE else learns).add(skill)
    if not skills:
        return []
    bot = bot_username.lower()
    profiles = []
    for chunk in _chunks(sorted(skills) if member_ids is not None else None):
        query = (select(Member.id, Member.username, Member.username_lower, Member.location, Member.languages,
                        Member.last_seen_at, Member.suspended, Member.deleted, Member.opted_out, Application.status)
                 .outerjoin(Application, Application.member_id == Member.id))
        if chunk is not None:
            query = query.where(Member.id.in_(chunk))
        for member_id, username, lower, location, languages, seen, suspended, deleted, opted_out, status in session.execute(query):
            if member_id not in skills:
                continue
            shares, learns = skills[member_id]
            eligible = not (suspended or deleted or opted_out) and lower != bot
            profiles.append(MemberProfile(
                member_id, username, frozenset(shares), frozenset(learns), location, frozenset(languages or ()),
                status == ApplicationStatus.APPROVED, None if seen is None else max(0, (now - as_utc(seen)).days),
                eligible, tuple(sorted(set(wrote.get(member_id, ())))),
            ))
    return profiles


def _chunks(ids: list[int] | None) -> Iterable[list[int] | None]:
    if ids is None:
        yield None
        return
    for start in range(0, len(ids), _CHUNK):
        yield ids[start:start + _CHUNK]
