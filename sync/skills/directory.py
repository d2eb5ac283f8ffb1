"""The markdown of each skill area's directory posts: who can share what, who wants to learn what.

Pure and deterministic: the same members and the same previous layout give byte-identical bodies,
so circleup can compare each post's hash with the one it last posted and skip the edit. Everything a
member wrote (names, usernames, skills) goes through `escape_text`, so a skill called "@everyone" or
"a|b" stays text and never pings anyone or breaks the table.

A large directory spans many posts of its topic, and every edit is a Discourse API call (rate
limited, and a revision readers may be notified of). So the split into posts is kept stable between
refreshes: a `Layout` names the first member of each post, and the next render keeps every row in the
post whose range holds it. One member joining, leaving or changing their skills then edits the one
post holding their row, plus the first post when its member count changes. Posts fill to `FILL` of the
limit when packed afresh, and a post that outgrows the limit passes its last rows on to the next one,
only as far as the slack downstream requires. Posts can only be added at the end of a topic, so new
posts are appended, and a post whose members all left stays in place with a short note.
"""
from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from itertools import accumulate

from circleup.integration.markdown import escape_text, is_valid_username

DISCOURSE_MAX_POST_CHARS = 32000  # Discourse's default max_post_length
# Room left in every body for what circleup appends when posting (the hidden idempotency marker).
MARKER_RESERVE = 200
# A post packed afresh is filled to this share of the limit. The rest is slack: members joining in
# its range are absorbed without touching any other post (a quarter of 32,000 characters is about
# 150 typical rows).
FILL = 0.75

Layout = tuple[str, ...]
"""Each post's first sort key (a casefolded username), in post order; the first is always "".

Post i holds the members whose key k has layout[i] <= k < layout[i + 1]. A boundary may name a
member who has since left: it is a position in the alphabet, not a reference to a row.
"""

_TABLE_HEAD = "| Member | Can share | Wants to learn |\n| --- | --- | --- |\n"
_SPLIT_NOTE = "_The table continues in the next posts._\n\n"
_EMPTY_PART = "_(no members in this part any more)_\n"
_EMPTY_CELL = "—"
_MAX_SKILL_CHARS = 80  # raw characters of one skill before escaping
_MAX_NAME_CHARS = 60
# Headers as long as they can get, so the cell budget (hence every row's text) never depends on how
# many members or posts there are: a count crossing 999 → 1,000 must not re-render truncated rows.
_WORST_COUNT = 999_999_999
_WORST_PART = 99_999


@dataclass(frozen=True, slots=True)
class DirectoryEntry:
    username: str
    name: str = ""
    shares: tuple[str, ...] = ()
    learns: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Callers pass lists from the database; tuples keep the entry immutable and hashable.
        object.__setattr__(self, "shares", tuple(self.shares))
        object.__setattr__(self, "learns", tuple(self.learns))


@dataclass(frozen=True, slots=True)
class DirectoryPosts:
    """One render: the post bodies (first post, then continuations) and the layout they follow."""

    bodies: tuple[str, ...]
    layout: Layout


def build_directory(
    area_name: str,
    entries: Iterable[DirectoryEntry],
    previous: Sequence[str] | None = None,
    *,
    max_post_chars: int = DISCOURSE_MAX_POST_CHARS,
    updated_at: datetime | None = None,
) -> DirectoryPosts:
    """The area's directory posts, keeping the post boundaries of `previous` where the limit allows.

    Each body stays within `max_post_chars - MARKER_RESERVE` characters. Members without any skill in
    the area are left out; a username given twice is merged into one row. Without a usable previous
    layout (none yet, or one from another algorithm) the rows are packed afresh.
    """
    budget = max_post_chars - MARKER_RESERVE
    previous = _usable(previous)
    members = _merge(entries)
    area = escape_text(area_name)
    if not members:
        # Nothing to keep apart: one post says so, and the caller parks any further posts.
        return DirectoryPosts((_intro(area, 0, updated_at) + "_No one has listed skills in this area yet._\n",), ("",))
    intro = _intro(area, len(members), updated_at)
    cell_chars = _cell_chars(area, budget, updated_at, max_post_chars)
    rows = [_row(entry, cell_chars) for entry in members]
    # _merge made casefolded usernames unique, so they alone order the rows.
    keys = [entry.username.casefold() for entry in members]
    # The first post's note is counted even while there is one post: capacities then never depend on
    # the number of posts, which is only known once they are packed.
    first_head = len(intro) + len(_SPLIT_NOTE) + len(_TABLE_HEAD)
    packer = _Packer(ends=list(accumulate(map(len, rows), initial=0)), budget=budget,
                     head=lambda part: first_head if part == 0 else
                     len(_continuation_heading(area, part + 1)) + len(_TABLE_HEAD))
    starts = _place(packer, keys, previous)

    layout = tuple(_boundary(part, start, keys, previous) for part, start in enumerate(starts))
    bodies = []
    for part, start in enumerate(starts):
        end = starts[part + 1] if part + 1 < len(starts) else len(rows)
        if part == 0:
            head = intro + (_SPLIT_NOTE if len(starts) > 1 else "")
        else:
            head = _continuation_heading(area, part + 1)
        body = head + (_TABLE_HEAD + "".join(rows[start:end]) if end > start else _EMPTY_PART)
        bodies.append(body.rstrip("\n") + "\n")
    return DirectoryPosts(tuple(bodies), layout)


def layout_directory(
    area_name: str,
    entries: Iterable[DirectoryEntry],
    previous: Sequence[str] | None = None,
    *,
    max_post_chars: int = DISCOURSE_MAX_POST_CHARS,
    updated_at: datetime | None = None,
) -> Layout:
    """The post boundaries `build_directory` settles on for these members after `previous`."""
    return build_directory(area_name, entries, previous, max_post_chars=max_post_chars,
                           updated_at=updated_at).layout


def render_directory(
    area_name: str,
    entries: Iterable[DirectoryEntry],
    *,
    previous: Sequence[str] | None = None,
    max_post_chars: int = DISCOURSE_MAX_POST_CHARS,
    updated_at: datetime | None = None,
) -> list[str]:
    """Post bodies for one area's directory: the first post, then continuation posts if needed."""
    return list(build_directory(area_name, entries, previous, max_post_chars=max_post_chars,
                                updated_at=updated_at).bodies)


def content_hash(bodies: Sequence[str]) -> str:
    """sha256 of a rendered directory; equal hashes mean nothing to edit."""
    digest = hashlib.sha256()
    for body in bodies:
        data = body.encode("utf-8")
        # Length-prefixed, so ["ab", "c"] and ["a", "bc"] hash differently.
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


# --- packing rows into posts ----------------------------------------------------------------------
#
# Rows are contiguous in sort order, so a layout is computed as `starts`: the index of each post's
# first row (equal to the next post's start when the post is empty). Row lengths are held as running
# totals, which makes a post's length and "how many rows fit" O(1) and O(log n).


@dataclass(frozen=True, slots=True)
class _Packer:
    ends: list[int]  # ends[k]: characters of rows[:k]
    budget: int  # the most characters a body may have
    head: Callable[[int], int]  # part -> characters of that post's heading and table head

    @property
    def rows(self) -> int:
        return len(self.ends) - 1

    @property
    def fill(self) -> int:
        return int(self.budget * FILL)

    def length(self, part: int, start: int, end: int) -> int:
        return self.head(part) + self.ends[end] - self.ends[start]

    def fitting(self, part: int, start: int, limit: int) -> int:
        """End of the longest run of rows from `start` that keeps post `part` within `limit`.

        Always at least one row: the cell budget makes any single row fit any post.
        """
        end = bisect_right(self.ends, self.ends[start] + limit - self.head(part)) - 1
        return min(max(end, start + 1), self.rows)

    def fresh(self) -> list[int]:
        """Starts of posts packed afresh, each filled to `fill` (the last one less)."""
        starts = [0]
        while (end := self.fitting(len(starts) - 1, starts[-1], self.fill)) < self.rows:
            starts.append(end)
        return starts


def _place(packer: _Packer, keys: list[str], previous: Layout | None) -> list[int]:
    """Where each post starts: `previous` kept where it can be, otherwise packed afresh."""
    fresh = packer.fresh()
    if previous is None:
        return fresh
    starts = [bisect_left(keys, boundary) for boundary in previous]
    kept = len(starts)
    original = list(starts)
    part = 0
    while part < len(starts):
        end = starts[part + 1] if part + 1 < len(starts) else packer.rows
        length = packer.length(part, starts[part], end)
        if length <= packer.budget:
            part += 1
            continue
        # Overflow: the post's last rows move into the next post (appended if this is the last).
        if part + 1 == len(starts):
            starts.append(packer.rows)
        after = starts[part + 2] if part + 2 < len(starts) else packer.rows
        if part + 1 >= kept:
            # A post new in this render: the rows it takes are packed like fresh ones.
            target = packer.fill
        else:
            # Both posts are edited anyway, so even them out (but leave this one at least `fill`):
            # each gets slack for later joins, and a full next post hands on only what it must.
            target = max(packer.fill, (length + packer.length(part + 1, end, after)) // 2)
        starts[part + 1] = packer.fitting(part, starts[part], min(target, packer.budget))
        part += 1

    # Large changes: a cascade through most posts rewrites nearly all of them anyway, and leaves them
    # full, so the next join would cascade again; packing afresh costs about as much and restores the
    # slack everywhere. Likewise when the members would fit into half the posts: half the topic would
    # otherwise be notes saying "no members here".
    moved = sum(1 for part in range(1, kept) if starts[part] != original[part])
    if moved > kept // 2 or 2 * len(fresh) <= len(starts):
        return fresh
    return starts


def _usable(previous: Sequence[str] | None) -> Layout | None:
    """`previous` if it is a layout this module could have made, else None (pack afresh)."""
    if not previous or previous[0] != "" or not all(isinstance(key, str) for key in previous):
        return None
    if any(a >= b for a, b in zip(previous, previous[1:])):
        return None
    return tuple(previous)


def _boundary(part: int, start: int, keys: list[str], previous: Layout | None) -> str:
    """Post `part`'s first key: the previous one while the post still starts there, so that an
    unchanged directory reproduces its layout exactly."""
    if part == 0:
        return ""
    if previous is not None and part < len(previous) and bisect_left(keys, previous[part]) == start:
        return previous[part]
    return keys[start]


def _cell_chars(area: str, budget: int, updated_at: datetime | None, max_post_chars: int) -> int:
    """Characters one table cell may take, so that any single row fits any post."""
    worst_head = max(len(_intro(area, _WORST_COUNT, updated_at)) + len(_SPLIT_NOTE),
                     len(_continuation_heading(area, _WORST_PART))) + len(_TABLE_HEAD)
    row_budget = budget - worst_head
    if row_budget < 400:
        raise ValueError(f"max_post_chars={max_post_chars} leaves no room for a directory row")
    return (row_budget - 16) // 3


def _merge(entries: Iterable[DirectoryEntry]) -> list[DirectoryEntry]:
    by_username: dict[str, DirectoryEntry] = {}
    for entry in entries:
        key = entry.username.casefold()
        held = by_username.get(key)
        if held is not None:
            entry = DirectoryEntry(held.username, held.name or entry.name,
                                   held.shares + entry.shares, held.learns + entry.learns)
        by_username[key] = entry
    listed = [e for e in by_username.values() if e.shares or e.learns]
    listed.sort(key=lambda e: (e.username.casefold(), e.username))
    return listed


def _intro(area: str, count: int, updated_at: datetime | None) -> str:
    members = "1 member" if count == 1 else f"{count:,} members"
    lines = [
        f"# Skills directory: {area}\n",
        "\n",
        f"Who in this community can share skills in {area}, and who wants to learn them. "
        "Add or change yours in your profile; this list follows automatically.\n",
        "\n",
        f"**{members}**",
    ]
    if updated_at is not None:
        moment = updated_at if updated_at.tzinfo else updated_at.replace(tzinfo=timezone.utc)
        lines.append(f" · updated {moment.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC")
    lines.append("\n\n")
    return "".join(lines)


def _continuation_heading(area: str, part: int) -> str:
    # No "of N": the total changes whenever a post is appended, and would then edit every post.
    return f"## Skills directory: {area} (continued, part {part})\n\n"


def _row(entry: DirectoryEntry, cell_chars: int) -> str:
    return (f"| {_member_cell(entry)} | {_skills_cell(entry.shares, cell_chars)} "
            f"| {_skills_cell(entry.learns, cell_chars)} |\n")


def _member_cell(entry: DirectoryEntry) -> str:
    username = entry.username.strip()
    if not is_valid_username(username):
        return escape_text(_truncate(username, _MAX_NAME_CHARS)) or _EMPTY_CELL
    label = escape_text(_truncate(entry.name.strip() or username, _MAX_NAME_CHARS))
    # A link to the profile, never an @mention: links do not notify anyone. The validated username
    # contains only [A-Za-z0-9_.-], so it cannot end the URL or the link early.
    return f"[{label}](/u/{username})"


def _skills_cell(skills: Sequence[str], cell_chars: int) -> str:
    unique = sorted({s.strip(): None for s in skills if s.strip()}, key=lambda s: (s.casefold(), s))
    if not unique:
        return _EMPTY_CELL
    escaped_all = [_escape_skill(skill) for skill in unique]
    cell = ", ".join(escaped_all)
    if len(cell) <= cell_chars:
        return cell
    # Whole skills are dropped, never cut: cutting an escaped skill could leave a lone "\" that
    # escapes the cell's closing "|".
    shown: list[str] = []
    length = 0
    for index, escaped in enumerate(escaped_all):
        rest = len(unique) - index - 1
        tail = len(f", … and {rest} more") if rest else 0
        if length + len(escaped) + 2 + tail > cell_chars:
            return ", ".join(shown) + f"{', ' if shown else ''}… and {len(unique) - index} more"
        shown.append(escaped)
        length += len(escaped) + 2
    return ", ".join(shown)


@lru_cache(maxsize=16384)
def _escape_skill(skill: str) -> str:
    # Skills repeat across thousands of members; escaping each distinct one once is most of the
    # speed of rendering a large directory.
    return escape_text(_truncate(skill, _MAX_SKILL_CHARS))


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
