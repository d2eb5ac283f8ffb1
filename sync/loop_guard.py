"""Which posts may start a flow: never circleup's own, and not PMs, whispers or small actions
unless the flow asks for them explicitly."""
from __future__ import annotations

from typing import Any

REGULAR_POST = 1
MODERATOR_ACTION = 2
SMALL_ACTION = 3
WHISPER = 4


def is_by_bot(post: dict[str, Any], bot_username: str) -> bool:
    return (post.get("username") or "").lower() == bot_username.lower()


def is_private_message(post: dict[str, Any]) -> bool:
    return post.get("topic_archetype") == "private_message" or post.get("archetype") == "private_message"


def is_regular_post(post: dict[str, Any], bot_username: str, *, allow_private: bool = False) -> bool:
    """A regular, visible post written by a person other than circleup."""
    if is_by_bot(post, bot_username):
        return False
    if post.get("post_type", REGULAR_POST) != REGULAR_POST:
        return False
    if post.get("deleted_at") or post.get("hidden"):
        return False
    if is_private_message(post) and not allow_private:
        return False
    return True
