"""Escaping for text circleup puts into Discourse posts but did not write itself.

Usernames, titles and skills come from members. Inside a post they must stay plain text:
no accidental @mentions or #hashtags, no markdown structure (tables, links, emphasis), no HTML.
"""
from __future__ import annotations

import re

from circleup.config.validators import DISCOURSE_NAME

_ZERO_WIDTH_SPACE = "\u200b"
# Characters with a meaning in Discourse's markdown-it dialect, escaped with a backslash.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def escape_text(value: object) -> str:
    """Return `value` as inert inline text: markdown, HTML, mentions and hashtags disarmed."""
    text = " ".join(str(value).split())  # newlines would end a table row or start a block
    text = "".join(_HTML.get(ch, ch) for ch in text)
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    # `@name` and `:emoji:` are cooked even after a backslash in some contexts; a zero-width
    # space after the sigil keeps the text readable and stops the mention/emoji.
    text = text.replace("@", "@" + _ZERO_WIDTH_SPACE).replace(":", ":" + _ZERO_WIDTH_SPACE)
    return text


def is_valid_username(value: str) -> bool:
    """Discourse usernames: letters, digits, underscore, dot and dash (unicode usernames off)."""
    return bool(DISCOURSE_NAME.match(value or ""))


def mention(username: str) -> str:
    """An intentional @mention; refuses anything that is not a plain Discourse username."""
    if not is_valid_username(username):
        raise ValueError(f"not a Discourse username: {username!r}")
    return "@" + username


def marker(key: str) -> str:
    """The hidden idempotency marker appended to every post circleup writes."""
    safe = re.sub(r"[^A-Za-z0-9:_.\-]", "_", key)
    return f"<!-- circleup:{safe} -->"
