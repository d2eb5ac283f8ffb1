"""The markdown of each skill area's directory post: who can share what, who wants to learn what.

Pure and deterministic: the same members give byte-identical bodies, so circleup can compare a
`content_hash` with the last one it posted and skip the edit. Everything a member wrote (names,
usernames, skills) goes through `escape_text`, so a skill called "@everyone" or "a|b" stays text
and never pings anyone or breaks the table.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache

from integration.markdown import escape_text, is_valid_username

DISCOURSE_MAX_POST_CHARS = 32000  # Discourse's default max_post_length
# Room left in every body for what circleup appends when posting (the hidden idempotency marker).
MARKER_RESERVE = 200

_TABLE_HEAD = "| Member | Can share | Wants to learn |\n| --- | --- | --- |\n"
_EMPTY_CELL = "—"
_MAX_SKILL_CHARS = 80  # raw characters of one skill before escaping
_MAX_NAME_CHARS = 60


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


def render_directory(
    area_name: str,
    entries: Iterable[DirectoryEntry],
    *,
    max_post_chars: int = DISCOURSE_MAX_POST_CHARS,
    updated_at: datetime | None = None,
) -> list[str]:
    """Post bodies for one area's directory: the first post, then continuation posts if needed.

    Each body stays within `max_post_chars - MARKER_RESERVE` characters. Members without any skill
    in the area are left out; a username given twice is merged into one row.
    """
    budget = max_post_chars - MARKER_RESERVE
    members = _merge(entries)
    area = escape_text(area_name)
    if not members:
        return [_intro(area, 0, updated_at) + "_No one has listed skills in this area yet._\n"]
    # Continuation headers say "part 2 of N"; N is unknown until rows are packed, so pack against the
    # longest N can be (one row per post) — the real header is then never longer than the one assumed.
    worst_total = max(len(members), 1)
    intro = _intro(area, len(members), updated_at)
    first_head = intro + _split_note(worst_total, worst_total) + _TABLE_HEAD
    next_head = _continuation_heading(area, worst_total, worst_total) + _TABLE_HEAD
    # A cell budget guarantees any single row fits in a post whatever a member wrote.
    row_budget = budget - max(len(first_head), len(next_head))
    if row_budget < 400:
        raise ValueError(f"max_post_chars={max_post_chars} leaves no room for a directory row")
    cell_chars = (row_budget - 16) // 3

    groups: list[list[str]] = [[]]
    used = len(first_head)
    for entry in members:
        row = _row(entry, cell_chars)
        if groups[-1] and used + len(row) > budget:
            groups.append([])
            used = len(next_head)
        groups[-1].append(row)
        used += len(row)

    total = len(groups)
    bodies = [intro + _split_note(1, total) + _TABLE_HEAD + "".join(groups[0])]
    for part, rows in enumerate(groups[1:], start=2):
        bodies.append(_continuation_heading(area, part, total) + _TABLE_HEAD + "".join(rows))
    return [body.rstrip("\n") + "\n" for body in bodies]


def content_hash(bodies: Sequence[str]) -> str:
    """sha256 of a rendered directory; equal hashes mean nothing to edit."""
    digest = hashlib.sha256()
    for body in bodies:
        data = body.encode("utf-8")
        # Length-prefixed, so ["ab", "c"] and ["a", "bc"] hash differently.
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


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


def _split_note(part: int, total: int) -> str:
    if total <= 1:
        return ""
    return f"_Part {part} of {total}: the table continues in the next posts._\n\n"


def _continuation_heading(area: str, part: int, total: int) -> str:
    return f"## Skills directory: {area} (continued, part {part} of {total})\n\n"


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
