"""Fairness and facilitator load, counted in the worker process and kept current by reading what changed.

Ranking a circle needs, for every member, in how many other circles they were suggested within the
fairness window (`recent_counts`) and how many open circles suggest them as a facilitator now
(`facilitator_load`). Counting those in SQL reads a window's worth of suggestions for every circle;
so each process keeps the counts (per database and pair of windows), brought up to date before
every use by re-reading only the circles that changed since the last look:

* circles with a suggestion row above the highest id seen (a reply's suggestions are inserted);
* circles whose `updated_at` moved (active, closed, created_at; and every revision of a reply,
  which also marks the earlier revision's rows no longer current, bumps its circle's revision). The
  look reaches back as the index's does (`look_back`): other machines' clocks and long transactions
  may stamp a change in the past.

Both are indexed range reads asked in one round trip (`_CHANGES`); the changed circles' rows follow
in a second one. As time passes, rows and circles leave the windows: each contribution waits in a
heap ordered by the moment it stops counting, so a look costs what changed or expired, not the
window. The counts are rebuilt on first use, once a day, when the suggestions' ids went backwards
(a restored or emptied database), and when a window reaches further back than the counts kept.

The circle being ranked is left out of the counts, and its own rows are not taken from the
transaction ranking it (which may still roll back): it is read again at the next look. Deletions
are not looked for: suggestions are never deleted, nor are the circles holding them (the hourly
tick forgets only topics never replied to).
"""
from __future__ import annotations

import datetime as dt
import heapq
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import bindparam, func, literal_column, null, select, union_all
from sqlalchemy.orm import Session

from circleup.integration.store import as_utc, utcnow
from circleup.sync.matching.engine import FACILITATOR
from circleup.sync.matching.index_cache import MAX_DATABASES, REBUILD_AFTER, id_chunks
from circleup.sync.matching.look_back import LookBack
from circleup.sync.matching.models import MatchingCircle, MatchingSuggestion


@dataclass
class _Counts:
    recent_since: dt.datetime  # suggestions created at or after it are counted for fairness
    load_since: dt.datetime  # open circles created at or after it are counted for load
    watermark: int  # highest matching_suggestions.id read
    built_at: dt.datetime
    look_back: LookBack  # circles by topic id, and the updated_at read
    recent: dict[int, int] = field(default_factory=dict)  # member → circles suggesting them in the window
    load: dict[int, int] = field(default_factory=dict)  # member → open circles suggesting them to facilitate
    # What each circle adds: member → their newest suggestion in it, while inside the window; and,
    # for an open circle inside its window, (created_at, its current facilitators).
    suggested: dict[int, dict[int, dt.datetime]] = field(default_factory=dict)
    facilitating: dict[int, tuple[dt.datetime, frozenset[int]]] = field(default_factory=dict)
    # When contributions stop counting: (newest suggestion, topic, member) and (created_at, topic).
    # Entries outlived by a later reading of their circle are skipped when they come up.
    recent_expiry: list[tuple[dt.datetime, int, int]] = field(default_factory=list)
    load_expiry: list[tuple[dt.datetime, int]] = field(default_factory=list)
    unread: set[int] = field(default_factory=set)  # circles to read at the next look (the one last ranked)


_entries: OrderedDict[str, _Counts] = OrderedDict()
_lock = threading.Lock()


class _Rebuild(Exception):
    """The counts cannot be brought up to date by reading changes: build them again."""


def fairness_and_load(session: Session, window_days: int, open_days: int, *, exclude_topic: int | None = None,
                      now: dt.datetime | None = None) -> tuple[dict[int, int], dict[int, int]]:
    """What `suggestions.recent_counts` and `suggestions.facilitator_load` answer, from the counts
    this process keeps for the session's database, as of this transaction."""
    now = now or utcnow()
    recent_since, load_since = now - dt.timedelta(days=max(window_days, 0)), now - dt.timedelta(days=open_days)
    key = f"{session.get_bind().url}#{window_days}#{open_days}"
    with _lock:
        counts = _entries.get(key)
        try:
            if counts is None or now - counts.built_at > REBUILD_AFTER:
                raise _Rebuild
            _refresh(session, counts, now, exclude_topic)
            _advance(counts, recent_since, load_since)
        except _Rebuild:
            counts = _entries[key] = _build(session, now, recent_since, load_since, exclude_topic)
            while len(_entries) > MAX_DATABASES:
                _entries.popitem(last=False)
        _entries.move_to_end(key)
        recent = dict(counts.recent) if window_days > 0 else {}
        load = dict(counts.load)
        if exclude_topic is not None:
            if window_days > 0:
                _take_away(recent, counts.suggested.get(exclude_topic, ()))
            _take_away(load, counts.facilitating.get(exclude_topic, (None, ()))[1])
        return recent, load


def forget_all() -> None:
    """Drop every process's counts (tests that rewrite a database behind circleup's back)."""
    with _lock:
        _entries.clear()


def _build(session: Session, now: dt.datetime, recent_since: dt.datetime, load_since: dt.datetime,
           exclude_topic: int | None) -> _Counts:
    connection = session.connection()
    top = connection.scalar(select(func.max(MatchingSuggestion.id))) or 0
    counts = _Counts(recent_since, load_since, top, now, LookBack.starting(now))
    rows = connection.execute(_WINDOW_ROWS, {"recent_since": recent_since, "load_since": load_since})
    for topic_id, (circle, suggestions) in _by_topic(rows).items():
        _set_circle(counts, topic_id, circle, suggestions)
    if exclude_topic is not None:
        counts.unread.add(exclude_topic)
    return counts


def _refresh(session: Session, counts: _Counts, now: dt.datetime, exclude_topic: int | None) -> None:
    connection = session.connection()
    look_back = counts.look_back
    since = look_back.start(now)
    top, changed = counts.watermark, set(counts.unread)
    # All rows at once: a busy forum stamps hundreds of circles within the overlap.
    for kind, topic_id, stamp in connection.execute(_CHANGES, {"since": since, "watermark": counts.watermark}).all():
        if kind == _TOP:
            top = topic_id or 0
        elif kind == _NEW_ROWS or look_back.changed(topic_id, stamp):
            changed.add(topic_id)
    if top < counts.watermark:
        raise _Rebuild
    # The circle being ranked is read at the next look, from a transaction that has ended.
    changed.discard(exclude_topic)
    look_back.unread(exclude_topic)
    if changed:
        found: dict[int, tuple[tuple | None, list[tuple]]] = {}
        for chunk in id_chunks(sorted(changed)):
            found.update(_by_topic(connection.execute(_CIRCLE_ROWS, {"ids": chunk})))
        for topic_id in changed:
            circle, suggestions = found.get(topic_id, (None, []))
            _set_circle(counts, topic_id, circle, suggestions)
    counts.watermark = top
    look_back.finish(now)
    counts.unread = {exclude_topic} if exclude_topic is not None else set()


def _advance(counts: _Counts, recent_since: dt.datetime, load_since: dt.datetime) -> None:
    """Move the windows on to this look's: what left them stops counting."""
    if recent_since < counts.recent_since or load_since < counts.load_since:
        raise _Rebuild  # the counts no longer hold what lies that far back
    counts.recent_since, counts.load_since = recent_since, load_since
    while counts.recent_expiry and counts.recent_expiry[0][0] < recent_since:
        newest, topic_id, member_id = heapq.heappop(counts.recent_expiry)
        members = counts.suggested.get(topic_id)
        if members is not None and members.get(member_id) == newest:
            del members[member_id]
            _take_away(counts.recent, (member_id,))
            if not members:
                del counts.suggested[topic_id]
    while counts.load_expiry and counts.load_expiry[0][0] < load_since:
        created_at, topic_id = heapq.heappop(counts.load_expiry)
        facilitating = counts.facilitating.get(topic_id)
        if facilitating is not None and facilitating[0] == created_at:
            del counts.facilitating[topic_id]
            _take_away(counts.load, facilitating[1])


def _set_circle(counts: _Counts, topic_id: int, circle: tuple | None, suggestions: list[tuple]) -> None:
    """Replace what a circle adds to the counts by what it adds as just read (None: it is gone)."""
    _take_away(counts.recent, counts.suggested.pop(topic_id, ()))
    _take_away(counts.load, counts.facilitating.pop(topic_id, (None, ()))[1])
    if circle is None:
        return
    newest: dict[int, dt.datetime] = {}
    facilitators = set()
    for member_id, role, current, created_at in suggestions:
        created_at = as_utc(created_at)
        if created_at >= counts.recent_since and (member_id not in newest or created_at > newest[member_id]):
            newest[member_id] = created_at
        if current and role == FACILITATOR:
            facilitators.add(member_id)
    if newest:
        counts.suggested[topic_id] = newest
        _add(counts.recent, newest)
        for member_id, created_at in newest.items():
            heapq.heappush(counts.recent_expiry, (created_at, topic_id, member_id))
    active, closed, created_at = circle
    created_at = as_utc(created_at)
    if active and not closed and created_at >= counts.load_since and facilitators:
        counts.facilitating[topic_id] = (created_at, frozenset(facilitators))
        _add(counts.load, facilitators)
        heapq.heappush(counts.load_expiry, (created_at, topic_id))


def _add(tally: dict[int, int], members: Iterable[int]) -> None:
    for member_id in members:
        tally[member_id] = tally.get(member_id, 0) + 1


def _take_away(tally: dict[int, int], members: Iterable[int]) -> None:
    for member_id in members:
        left = tally[member_id] - 1
        if left:
            tally[member_id] = left
        else:
            del tally[member_id]  # as the SQL answers: members suggested nowhere are absent


def _by_topic(rows) -> dict[int, tuple[tuple, list[tuple]]]:
    """(topic, active, closed, created_at, member, role, current, suggested at) rows, a circle's
    suggestions absent when it has none → topic → ((active, closed, created_at), suggestions)."""
    found: dict[int, tuple[tuple, list[tuple]]] = {}
    for topic_id, active, closed, created_at, member_id, role, current, suggested_at in rows:
        _, suggestions = found.setdefault(topic_id, ((active, closed, created_at), []))
        if member_id is not None:
            suggestions.append((member_id, role, current, suggested_at))
    return found


# What one look asks, in one round trip: circles stamped in the overlap (first, so the stamp column
# is typed as matching_circles.updated_at), the highest suggestion id (lower than already read: the
# table was emptied or restored), and the circles of suggestion rows above the watermark.
_STAMPED, _TOP, _NEW_ROWS = 0, 1, 2
_CHANGES = union_all(
    select(literal_column(str(_STAMPED)), MatchingCircle.topic_id, MatchingCircle.updated_at)
    .where(MatchingCircle.updated_at >= bindparam("since")),
    select(literal_column(str(_TOP)), func.max(MatchingSuggestion.id), null()),
    select(literal_column(str(_NEW_ROWS)), MatchingSuggestion.topic_id, null())
    .where(MatchingSuggestion.id > bindparam("watermark")),
)
_COLUMNS = (MatchingCircle.topic_id, MatchingCircle.active, MatchingCircle.closed, MatchingCircle.created_at,
            MatchingSuggestion.member_id, MatchingSuggestion.role, MatchingSuggestion.current,
            MatchingSuggestion.created_at)
# Every row that may count as of the build: suggested within the fairness window, or in a circle
# within the load window.
_WINDOW_ROWS = (select(*_COLUMNS).select_from(MatchingSuggestion)
                .join(MatchingCircle, MatchingCircle.topic_id == MatchingSuggestion.topic_id)
                .where((MatchingSuggestion.created_at >= bindparam("recent_since"))
                       | (MatchingCircle.created_at >= bindparam("load_since"))))
# A changed circle, with every one of its suggestions (none: one row of NULLs after the circle's).
_CIRCLE_ROWS = (select(*_COLUMNS).select_from(MatchingCircle)
                .outerjoin(MatchingSuggestion, MatchingSuggestion.topic_id == MatchingCircle.topic_id)
                .where(MatchingCircle.topic_id.in_(bindparam("ids", expanding=True))))
