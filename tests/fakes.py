"""A recording fake of the Discourse client for unit tests of the spine (bedevere-style).

Flows are tested end to end through the simulator instead; this fake exists so the worker's
retry, wait and recovery logic can be driven precisely.
"""
from __future__ import annotations

import itertools
from collections import deque
from typing import Any

from circleup.integration.errors import NotFound


class FakeDiscourse:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.posts: list[dict[str, Any]] = []
        self.failures: dict[str, deque[BaseException]] = {}
        self.groups = {"citizens": 41}
        self._ids = itertools.count(1000)
        self.lose_next_response = False

    def fail(self, method: str, *errors: BaseException) -> None:
        """The next calls of `method` raise these errors, in order."""
        self.failures.setdefault(method, deque()).extend(errors)

    def _call(self, method: str, **kwargs: Any) -> None:
        self.calls.append((method, kwargs))
        queue = self.failures.get(method)
        if queue:
            raise queue.popleft()

    def sent(self, method: str) -> list[dict[str, Any]]:
        return [kwargs for name, kwargs in self.calls if name == method]

    def create_post(self, topic_id, raw, reply_to_post_number=None):
        self._call("create_post", topic_id=topic_id, raw=raw, reply_to_post_number=reply_to_post_number)
        post = {"id": next(self._ids), "topic_id": topic_id, "post_number": len(self.posts) + 2, "raw": raw,
                "username": "circleup", "post_url": f"/t/x/{topic_id}/{len(self.posts) + 2}"}
        self.posts.append(post)
        if self.lose_next_response:  # the post exists, but the answer never arrives (crash, timeout)
            self.lose_next_response = False
            raise ConnectionError("connection reset after the request was sent")
        return post

    def create_private_message(self, title, raw, recipients):
        self._call("create_private_message", title=title, raw=raw, recipients=recipients)
        post = {"id": next(self._ids), "topic_id": next(self._ids), "post_number": 1, "raw": raw, "username": "circleup"}
        self.posts.append(post)
        return post

    def create_topic(self, title, raw, category_id, tags=None):
        self._call("create_topic", title=title, raw=raw, category_id=category_id, tags=tags)
        post = {"id": next(self._ids), "topic_id": next(self._ids), "post_number": 1, "raw": raw}
        self.posts.append(post)
        return post

    def edit_post(self, post_id, raw, edit_reason=None):
        self._call("edit_post", post_id=post_id, raw=raw, edit_reason=edit_reason)
        return {"id": post_id, "raw": raw}

    def get_group(self, name):
        self._call("get_group", name=name)
        if name not in self.groups:
            raise NotFound("The requested URL or resource could not be found.", status=404)
        return {"id": self.groups[name], "name": name}

    def add_group_members(self, group_id, usernames):
        self._call("add_group_members", group_id=group_id, usernames=list(usernames))
        return {"success": "OK", "usernames": list(usernames)}

    def remove_group_members(self, group_id, usernames):
        self._call("remove_group_members", group_id=group_id, usernames=list(usernames))
        return {"success": "OK", "usernames": list(usernames)}

    def find_post_with_marker(self, topic_id, marker, username, *, skip_ids=()):
        self._call("find_post_with_marker", topic_id=topic_id, marker=marker, skip_ids=set(skip_ids))
        return next((p for p in reversed(self.posts) if p["topic_id"] == topic_id and marker in p["raw"]), None)

    def find_private_message_with_marker(self, username, marker, *, title=None, skip_topic_ids=(), since=None):
        self._call("find_private_message_with_marker", marker=marker)
        return next((p for p in reversed(self.posts) if marker in p["raw"]), None)

    def find_topic_with_marker(self, username, marker, *, title=None, skip_topic_ids=(), since=None):
        self._call("find_topic_with_marker", marker=marker)
        return next((p for p in reversed(self.posts) if marker in p["raw"]), None)
