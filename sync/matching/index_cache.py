"""The forum's SkillIndex, one per worker process and database, kept current by reading what changed.

Loading the holders of a circle's skills from the database for every circle costs time in
proportion to how common the skills are (thousands of Python teachers on a large forum), while the
engine scores them in memory in a millisecond or two. So each process keeps the whole index in
memory (under a kilobyte a member, profiles included) and, before every use, re-reads just the
members that changed since the last look:

* member_skills rows with an id above the last one seen (new profiles, rebuilt ones);
* members, skills profile texts and citizen applications whose `updated_at` moved — eligibility
  (suspended, deleted, opted out), place, activity, a profile emptied, a citizen approved. How far
  back a look reaches, because other machines' clocks and long transactions may stamp a change in
  the past, is `look_back`'s; reading a member twice is harmless.

Those are indexed range reads of a few rows each, asked in one round trip (`_CHANGES`), then the
changed members' rows as plain Core rows. The index is rebuilt from scratch
on first use, once a day (activity is counted in days since last seen, which moves on its own), and
when member_skills' ids went backwards (a restored or emptied database).
"""
from __future__ import annotations

import datetime as dt
import gc
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import bindparam, func, literal_column, null, select, union_all
from sqlalchemy.orm import Session

from circleup.integration.store import Member, MemberSkill, SkillKind, as_utc, utcnow
from circleup.sync.citizens.config import CITIZENS
from circleup.sync.citizens.models import Application, ApplicationStatus
from circleup.sync.skills.models import SkillsProfileText
from circleup.sync.matching.engine import MemberProfile, SkillIndex
from circleup.sync.matching.look_back import LookBack
from circleup.sync.skills.semantic import SemanticSkills

# From this many members the index is frozen out of the garbage collector's reach (`_build`).
FREEZE_FROM = 10_000
REBUILD_AFTER = dt.timedelta(days=1)
MAX_DATABASES = 4  # tests open many databases in one process; production uses one
_CHUNK = 900  # ids per IN (...) list: under every database's bound-parameter limit


@dataclass
class _Entry:
    index: SkillIndex
    watermark: int  # highest member_skills.id read
    built_at: dt.datetime
    # Stamped rows, as (table, as its kind in `_CHANGES`; member id): a busy forum changes hundreds
    # of them in five minutes, and each must be re-read once, not on every look until it falls out
    # of the overlap.
    look_back: LookBack


_entries: OrderedDict[str, _Entry] = OrderedDict()
_lock = threading.Lock()


@contextmanager
def forum_index(session: Session, *, bot_username: str, now: dt.datetime | None = None,
                semantic: SemanticSkills | None = None) -> Iterator[SkillIndex]:
    """The index of every member with a skills profile, current as of this transaction; the bot's
    profile (`bot_username`) is in it, marked ineligible.

    With `semantic`, a free skill (one the taxonomy did not name: "making sense of data",
    "Programmierung") is indexed as the taxonomy skill it means, when it is close enough.

    Held under a process-wide lock until the block ends: worker threads take turns, so one never
    ranks on an index another is updating (ranking takes milliseconds).
    """
    now = now or utcnow()
    # The bot's name is in the key: its profile is indexed as ineligible, so it is never suggested.
    key = f"{session.get_bind().url}#{semantic.encoder.name if semantic else ''}#{bot_username.lower()}"
    with _lock:
        entry = _entries.get(key)
        if entry is not None and now - entry.built_at <= REBUILD_AFTER:
            try:
                _refresh(session, entry, bot_username, now, semantic)
            except _WentBackwards:
                entry = None
        else:
            entry = None
        if entry is None:
            _entries.pop(key, None)  # the stale index goes before the new one is built, not after
            entry = _entries[key] = _build(session, bot_username, now, semantic)
            while len(_entries) > MAX_DATABASES:
                _entries.popitem(last=False)
        _entries.move_to_end(key)
        yield entry.index


def forget_all() -> None:
    """Drop every cached index (tests that rewrite a database behind circleup's back)."""
    with _lock:
        _entries.clear()


def _build(session: Session, bot_username: str, now: dt.datetime, semantic: SemanticSkills | None) -> _Entry:
    top = session.connection().scalar(select(func.max(MemberSkill.id))) or 0
    gc.unfreeze()  # what an earlier build froze is the collector's again
    index = SkillIndex(load_profiles(session, None, bot_username, now, semantic))
    if len(index) >= FREEZE_FROM:
        # A large forum's index is millions of objects that live for a day. Every full collection
        # would walk them all (a quarter of a second at 100,000 members, landing on whichever circle
        # is being answered); frozen, they are skipped. They hold no reference cycles, so reference
        # counting still frees them when the next build replaces them.
        gc.freeze()
    return _Entry(index, top, now, LookBack.starting(now))


def _refresh(session: Session, entry: _Entry, bot_username: str, now: dt.datetime,
             semantic: SemanticSkills | None) -> None:
    look_back = entry.look_back
    since = look_back.start(now)
    top, changed = entry.watermark, set()
    for kind, member_id, stamp in session.connection().execute(_CHANGES, {"since": since, "watermark": entry.watermark}):
        if kind == _TOP:
            top = member_id or 0  # below the watermark when the table went backwards
        elif kind == _NEW_SKILLS or look_back.changed((kind, member_id), stamp):
            changed.add(member_id)
    if top < entry.watermark:
        raise _WentBackwards
    if changed:
        fresh = {p.member_id: p for p in load_profiles(session, sorted(changed), bot_username, now, semantic)}
        index = entry.index
        for member_id in changed:
            if member_id in fresh:
                index.update(fresh[member_id])
            elif member_id in index:
                index.remove(member_id)  # no skills left (or the member is gone)
    entry.watermark = top
    look_back.finish(now)


# What one look asks, in one round trip: the highest member_skills id (a lower one than already
# read means the table was emptied or restored), members with skill rows above the watermark, and
# the stamped rows of the overlap. Rows are (kind, member id, stamp); stamps come typed as
# members.updated_at, the first select's column.
_TOP, _NEW_SKILLS = 0, 1
_STAMPED = ((2, Member.id, Member.updated_at), (3, SkillsProfileText.member_id, SkillsProfileText.updated_at),
            (4, Application.member_id, Application.updated_at))


class _WentBackwards(Exception):
    """member_skills' highest id is below the one already read: rebuild."""


_CHANGES = union_all(
    *(select(literal_column(str(kind)), owner, stamp).where(stamp >= bindparam("since")) for kind, owner, stamp in _STAMPED),
    select(literal_column(str(_TOP)), func.max(MemberSkill.id), null()),
    select(literal_column(str(_NEW_SKILLS)), MemberSkill.member_id, null()).where(MemberSkill.id > bindparam("watermark")),
)


def meant_skill(semantic: SemanticSkills, skill: str, raw: str | None) -> str:
    """The taxonomy skill a member's free skill means, read from their own words (`raw`, as stored
    beside the free skill), or the free skill itself when it means none."""
    reading = semantic.skill_for(raw or skill)  # cached per text: a forum repeats itself
    return reading.skill if reading is not None else skill


def load_profiles(session: Session, member_ids: list[int] | None, bot_username: str, now: dt.datetime,
                  semantic: SemanticSkills | None = None) -> list[MemberProfile]:
    """Profiles of the given members (None: everyone) who have skills; ineligible ones are kept,
    marked so, because a member who opts back in must find their profile still indexed."""
    skills: dict[int, tuple[set[str], set[str]]] = {}
    wrote: dict[int, list[tuple[str, str]]] = {}
    # One copy of each skill name, place and set of skills or languages, however many members share
    # it: a forum's profiles repeat themselves, and the process keeps all of them.
    shared: dict = {}
    connection = session.connection()  # Core rows: no ORM bookkeeping for a forum's worth of them
    for chunk in _chunks(member_ids):
        rows = connection.execute(_SKILL_ROWS) if chunk is None else connection.execute(_SKILL_ROWS_OF, {"ids": chunk})
        for member_id, kind, skill, method, raw in rows:
            if semantic is not None and method == "free":
                meant = meant_skill(semantic, skill, raw)
                if meant != skill:
                    wrote.setdefault(member_id, []).append((meant, raw or skill))
                skill = meant
            shares, learns = skills.setdefault(member_id, (set(), set()))
            (shares if kind == SkillKind.SHARE else learns).add(_one_copy(shared, skill))
    if not skills:
        return []
    bot = bot_username.lower()
    profiles = []
    for chunk in _chunks(sorted(skills) if member_ids is not None else None):
        rows = connection.execute(_MEMBER_ROWS) if chunk is None else connection.execute(_MEMBER_ROWS_OF, {"ids": chunk})
        for member_id, username, lower, location, languages, seen, suspended, deleted, opted_out, status in rows:
            if member_id not in skills:
                continue
            shares, learns = skills[member_id]
            eligible = not (suspended or deleted or opted_out) and lower != bot
            shares, learns, languages = (_one_copy(shared, frozenset(values)) for values in (shares, learns, languages or ()))
            profiles.append(MemberProfile(
                member_id, username, shares, learns, _one_copy(shared, location), languages,
                status == ApplicationStatus.APPROVED, None if seen is None else max(0, (now - as_utc(seen)).days),
                eligible, tuple(sorted(set(wrote.get(member_id, ())))),
            ))
    return profiles


def _one_copy(shared: dict, value):
    return shared.setdefault(value, value)


# Built once: composing a statement costs more than running these on a few ids.
_SKILL_ROWS = select(MemberSkill.member_id, MemberSkill.kind, MemberSkill.skill, MemberSkill.method, MemberSkill.raw)
_SKILL_ROWS_OF = _SKILL_ROWS.where(MemberSkill.member_id.in_(bindparam("ids", expanding=True)))
_MEMBER_ROWS = (select(Member.id, Member.username, Member.username_lower, Member.location, Member.languages,
                       Member.last_seen_at, Member.suspended, Member.deleted, Member.opted_out, Application.status)
                # The facilitator bonus is the citizens programme's: citizens build peer learning groups.
                .outerjoin(Application, (Application.member_id == Member.id) & (Application.programme == CITIZENS)))
_MEMBER_ROWS_OF = _MEMBER_ROWS.where(Member.id.in_(bindparam("ids", expanding=True)))


def id_chunks(ids: list[int]) -> Iterator[list[int]]:
    """`ids` in lists short enough for one IN (...) on every database."""
    for start in range(0, len(ids), _CHUNK):
        yield ids[start:start + _CHUNK]


def _chunks(ids: list[int] | None) -> Iterable[list[int] | None]:
    if ids is None:
        yield None  # everyone: one read with no IN (...) at all
        return
    yield from id_chunks(ids)
