"""The outbox: every Discourse write circleup intends is recorded before it is performed.

A flow never calls Discourse's write endpoints itself. It adds actions to an `Outbox` inside the same
transaction as its own state changes; once that transaction commits, the worker performs the
actions of the batch in order. Each action has a unique idempotency key, so recording it twice (a
retried or replayed event) records it once, and performing it twice is prevented by its stored
status and, for posts, by a hidden marker in the posted raw that lets a job which crashed between
the API call and the commit find its earlier post instead of posting again.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from circleup.integration.errors import NotFound, PermanentError
from circleup.integration.markdown import marker
from circleup.integration.store import Action, ActionStatus, as_utc, utcnow


# How much earlier than circleup recorded an action Discourse's clock may date the post it made
# (the two clocks disagree by that much at most; more would only make the search page further).
RECOVERY_CLOCK_SLACK = dt.timedelta(seconds=60)


class ActionKind:
    CREATE_POST = "create_post"
    CREATE_TOPIC = "create_topic"
    PRIVATE_MESSAGE = "private_message"
    EDIT_POST = "edit_post"
    ADD_TO_GROUP = "add_to_group"
    REMOVE_FROM_GROUP = "remove_from_group"
    CATEGORY_NOTIFICATION = "category_notification"
    INVITE_TO_MESSAGE = "invite_to_message"
    REMOVE_FROM_MESSAGE = "remove_from_message"
    GRANT_BADGE = "grant_badge"
    REVOKE_BADGE = "revoke_badge"

    POSTING = (CREATE_POST, CREATE_TOPIC, PRIVATE_MESSAGE)


@dataclass(frozen=True)
class PostLimits:
    """Discourse site settings a post must satisfy, or Discourse answers 422."""

    min_post_length: int = 20
    min_personal_message_post_length: int = 10
    min_topic_title_length: int = 15
    max_post_length: int = 32000

    @classmethod
    def from_settings(cls, settings) -> PostLimits:
        d = settings.discourse
        return cls(d.min_post_length, d.min_personal_message_post_length, d.min_topic_title_length, d.max_post_length)


class Outbox:
    """Records actions for one batch inside the caller's transaction."""

    def __init__(self, session: Session, batch: str, *, event_pk: int | None = None, limits: PostLimits | None = None) -> None:
        self.session = session
        self.batch = batch
        self.event_pk = event_pk
        self.limits = limits or PostLimits()
        self.recorded: list[Action] = []
        self._first_seq: int | None = None

    # -- recording -----------------------------------------------------------------------------
    def reply(self, key: str, topic_id: int, raw: str, *, reply_to_post_number: int | None = None, on_result: str | None = None) -> Action:
        self._check_body(raw, self.limits.min_post_length, key)
        return self.add(key, ActionKind.CREATE_POST, {"topic_id": topic_id, "raw": raw, "reply_to_post_number": reply_to_post_number}, on_result=on_result)

    def create_topic(self, key: str, title: str, raw: str, category_id: int, *, tags: Iterable[str] = (), on_result: str | None = None) -> Action:
        self._check_title(title, key)
        self._check_body(raw, self.limits.min_post_length, key)
        return self.add(key, ActionKind.CREATE_TOPIC, {"title": title, "raw": raw, "category_id": category_id, "tags": list(tags)}, on_result=on_result)

    def private_message(self, key: str, title: str, raw: str, recipients: Iterable[str], *, on_result: str | None = None) -> Action:
        self._check_title(title, key)
        self._check_body(raw, self.limits.min_personal_message_post_length, key)
        return self.add(key, ActionKind.PRIVATE_MESSAGE, {"title": title, "raw": raw, "recipients": sorted(set(recipients))}, on_result=on_result)

    def edit_post(self, key: str, raw: str, *, post_id: int | None = None, post_of: str | None = None, edit_reason: str | None = None, on_result: str | None = None) -> Action:
        """Edit a post by id, or the post another action (`post_of`, its key) created."""
        if (post_id is None) == (post_of is None):
            raise ValueError("edit_post needs exactly one of post_id or post_of")
        self._check_body(raw, self.limits.min_post_length, key)
        return self.add(key, ActionKind.EDIT_POST, {"post_id": post_id, "post_of": post_of, "raw": raw, "edit_reason": edit_reason}, on_result=on_result)

    def add_to_group(self, key: str, group: str, usernames: Iterable[str], *, on_result: str | None = None) -> Action:
        return self.add(key, ActionKind.ADD_TO_GROUP, {"group": group, "usernames": sorted(set(usernames))}, on_result=on_result)

    def remove_from_group(self, key: str, group: str, usernames: Iterable[str], *, on_result: str | None = None) -> Action:
        return self.add(key, ActionKind.REMOVE_FROM_GROUP, {"group": group, "usernames": sorted(set(usernames))}, on_result=on_result)

    def set_category_notification(self, key: str, category_id: int, username: str, level: int, *, on_result: str | None = None) -> Action:
        return self.add(key, ActionKind.CATEGORY_NOTIFICATION, {"category_id": category_id, "username": username, "level": level}, on_result=on_result)

    def invite_to_message(self, key: str, username: str, *, topic_id: int | None = None, message_of: str | None = None,
                          on_result: str | None = None) -> Action:
        """Add `username` to a private message by its topic id, or to the one another action
        (`message_of`, its key) started."""
        if (topic_id is None) == (message_of is None):
            raise ValueError("invite_to_message needs exactly one of topic_id or message_of")
        return self.add(key, ActionKind.INVITE_TO_MESSAGE, {"topic_id": topic_id, "message_of": message_of, "username": username},
                        on_result=on_result)

    def remove_from_message(self, key: str, username: str, *, topic_id: int | None = None,
                            message_of: str | None = None, on_result: str | None = None) -> Action:
        """Take `username` off a private message's recipients, by its topic id or the message another
        action (`message_of`, its key) started."""
        if (topic_id is None) == (message_of is None):
            raise ValueError("remove_from_message needs exactly one of topic_id or message_of")
        return self.add(key, ActionKind.REMOVE_FROM_MESSAGE,
                        {"topic_id": topic_id, "message_of": message_of, "username": username}, on_result=on_result)

    def grant_badge(self, key: str, username: str, badge: str, *, reason: str | None = None,
                    on_result: str | None = None) -> Action:
        """Grant the badge named `badge` to `username` (POST /user_badges.json); `reason` is a forum
        URL Discourse links the grant to."""
        return self.add(key, ActionKind.GRANT_BADGE, {"username": username, "badge": badge, "reason": reason},
                        on_result=on_result)

    def revoke_badge(self, key: str, username: str, badge: str, *, user_badge_id: int | None = None,
                     on_result: str | None = None) -> Action:
        """Take the badge named `badge` back from `username`; the grant's id when known, else it is looked up."""
        return self.add(key, ActionKind.REVOKE_BADGE, {"username": username, "badge": badge, "user_badge_id": user_badge_id},
                        on_result=on_result)

    def add(self, key: str, kind: str, payload: dict[str, Any], *, on_result: str | None = None) -> Action:
        """Record an action once: an existing key returns the existing action unchanged."""
        existing = self.session.scalar(select(Action).where(Action.key == key))
        if existing is not None:
            return existing
        if self._first_seq is None:
            # A batch may gather actions from several units of work (a circle's announcement and
            # message, then a later joiner's invitation): they run after those recorded before.
            last = self.session.scalar(select(func.max(Action.seq)).where(Action.batch == self.batch))
            self._first_seq = 0 if last is None else last + 1
        action = Action(
            key=key, kind=kind, payload=payload, batch=self.batch, seq=self._first_seq + len(self.recorded),
            on_result=on_result, event_pk=self.event_pk, status=ActionStatus.PENDING,
        )
        self.session.add(action)
        self.session.flush()  # a second add() of the same key in this transaction must find it
        self.recorded.append(action)
        return action

    @property
    def has_work(self) -> bool:
        return bool(self.recorded)

    def _check_body(self, raw: str, minimum: int, key: str) -> None:
        # Discourse measures the post without surrounding white space; the hidden marker does not
        # count towards the minimum because Discourse strips HTML comments when it measures.
        length = len(raw.strip())
        if length < minimum:
            raise ValueError(f"action {key}: post body is {length} characters, Discourse requires at least {minimum}")
        if length + 200 > self.limits.max_post_length:
            raise ValueError(f"action {key}: post body is {length} characters, over Discourse's max_post_length")

    def _check_title(self, title: str, key: str) -> None:
        if len(title.strip()) < self.limits.min_topic_title_length:
            raise ValueError(f"action {key}: title {title!r} is shorter than {self.limits.min_topic_title_length} characters")


# -- reopening -----------------------------------------------------------------------------------

def reopen(action: Action) -> None:
    """Make a failed or cancelled action pending again, with its attempts counted afresh; its key
    still keeps it from acting twice (a post it made is found by its marker)."""
    action.status, action.attempts, action.not_before = ActionStatus.PENDING, 0, None


# -- performing -----------------------------------------------------------------------------------
class Performer:
    """Turns one action into Discourse calls. Raises the client's errors unchanged."""

    def __init__(self, client, bot_username: str) -> None:
        self.client = client
        self.bot_username = bot_username
        self._group_ids: dict[str, int] = {}
        self._badge_ids: dict[str, int] = {}

    def perform(self, action: Action, *, resolve_post: Callable[[str], int | None], may_have_run: bool,
                recorded_posts: Callable[[dt.datetime], list[dict]] = lambda since: []) -> dict[str, Any]:
        """Perform the action; when an earlier try `may_have_run`, first look for what it did.

        `recorded_posts(since)` gives the results circleup recorded for posts made since then:
        those posts are known not to be this action's, so the search opens only the others.
        """
        payload = dict(action.payload)
        kind = action.kind
        hidden = marker(action.key)
        if kind in ActionKind.POSTING and may_have_run:
            since = as_utc(action.created_at) - RECOVERY_CLOCK_SLACK
            found = self._find_earlier_post(kind, payload, hidden, since, recorded_posts(since))
            if found is not None:
                return {**_post_result(found), "recovered": True}
        if kind == ActionKind.CREATE_POST:
            post = self.client.create_post(payload["topic_id"], _with_marker(payload["raw"], hidden), reply_to_post_number=payload.get("reply_to_post_number"))
            return _post_result(post)
        if kind == ActionKind.CREATE_TOPIC:
            post = self.client.create_topic(payload["title"], _with_marker(payload["raw"], hidden), payload["category_id"], tags=payload.get("tags") or None)
            return _post_result(post)
        if kind == ActionKind.PRIVATE_MESSAGE:
            post = self.client.create_private_message(payload["title"], _with_marker(payload["raw"], hidden), payload["recipients"])
            return _post_result(post)
        if kind == ActionKind.EDIT_POST:
            post_id = payload.get("post_id") or resolve_post(payload["post_of"])
            if post_id is None:
                raise PermanentError(f"the post of action {payload['post_of']} was never created, nothing to edit")
            post = self.client.edit_post(post_id, _with_marker(payload["raw"], hidden), edit_reason=payload.get("edit_reason"))
            return _post_result(post)
        if kind in (ActionKind.ADD_TO_GROUP, ActionKind.REMOVE_FROM_GROUP):
            group_id = self._group_id(payload["group"])
            if kind == ActionKind.ADD_TO_GROUP:
                answer = self.client.add_group_members(group_id, payload["usernames"])
            else:
                answer = self.client.remove_group_members(group_id, payload["usernames"])
            return {"group_id": group_id, "response": answer}
        if kind == ActionKind.CATEGORY_NOTIFICATION:
            self.client.set_category_notification_level(payload["category_id"], payload["level"], payload["username"])
            return {"category_id": payload["category_id"], "level": payload["level"]}
        if kind == ActionKind.INVITE_TO_MESSAGE:
            return self._invite(payload, resolve_post, may_have_run)
        if kind == ActionKind.REMOVE_FROM_MESSAGE:
            return self._remove_from_message(payload, resolve_post, may_have_run)
        if kind == ActionKind.GRANT_BADGE:
            return self._grant_badge(payload, may_have_run)
        if kind == ActionKind.REVOKE_BADGE:
            return self._revoke_badge(payload, may_have_run)
        raise PermanentError(f"unknown action kind {kind!r}")

    def _message_topic(self, payload: dict[str, Any], resolve_post: Callable[[str], int | None]) -> int:
        """The private message an invitation or a removal is about: its topic id, or the topic of the
        message another action started."""
        if payload.get("topic_id") is not None:
            return int(payload["topic_id"])
        post_id = resolve_post(payload["message_of"])
        if post_id is None:
            raise PermanentError(f"the message of action {payload['message_of']} was never sent")
        return int(self.client.get_post(post_id)["topic_id"])

    def _invite(self, payload: dict[str, Any], resolve_post: Callable[[str], int | None], may_have_run: bool) -> dict[str, Any]:
        topic_id = self._message_topic(payload, resolve_post)
        username = payload["username"]
        # After a lost answer the invitation may have happened: Discourse refuses a second one
        # (422), so look at the message's recipients first.
        if may_have_run and username.lower() in self.client.message_recipients(topic_id):
            return {"topic_id": topic_id, "username": username, "recovered": True}
        self.client.invite_to_message(topic_id, username)
        return {"topic_id": topic_id, "username": username}

    def _remove_from_message(self, payload: dict[str, Any], resolve_post: Callable[[str], int | None],
                             may_have_run: bool) -> dict[str, Any]:
        topic_id = self._message_topic(payload, resolve_post)
        username = payload["username"]
        # Discourse answers 422 for someone who is not a recipient: after a lost answer (the removal
        # may have happened) look first; a 422 otherwise means they left the message themselves.
        if may_have_run and username.lower() not in self.client.message_recipients(topic_id):
            return {"topic_id": topic_id, "username": username, "removed": False, "recovered": True}
        try:
            self.client.remove_from_message(topic_id, username)
        except PermanentError as exc:
            if exc.status != 422 or username.lower() in self.client.message_recipients(topic_id):
                raise
            return {"topic_id": topic_id, "username": username, "removed": False}
        return {"topic_id": topic_id, "username": username, "removed": True}

    def _find_earlier_post(self, kind: str, payload: dict[str, Any], hidden: str, since: dt.datetime,
                           recorded: list[dict]) -> dict | None:
        if kind == ActionKind.CREATE_POST:
            return self.client.find_post_with_marker(payload["topic_id"], hidden, self.bot_username,
                                                     skip_ids={r["post_id"] for r in recorded if r.get("post_id")})
        # Topics circleup opened (messages, topics) are known by their topic; a reply's topic is not new.
        opened = {r["topic_id"] for r in recorded if r.get("topic_id") and r.get("post_number") == 1}
        find = (self.client.find_private_message_with_marker if kind == ActionKind.PRIVATE_MESSAGE
                else self.client.find_topic_with_marker)
        return find(self.bot_username, hidden, title=payload.get("title"), skip_topic_ids=opened, since=since)

    def _grant_badge(self, payload: dict[str, Any], may_have_run: bool) -> dict[str, Any]:
        badge_id = self._badge_id(payload["badge"])
        username = payload["username"]
        if may_have_run:
            # The grant may have happened before the answer was lost: one read of the member's badges says.
            held = self._held(username, badge_id)
            if held is not None:
                return {"user_badge_id": held["id"], "badge_id": badge_id, "username": username, "recovered": True}
        user_badge = self.client.grant_badge(username, badge_id, reason=payload.get("reason"))
        return {"user_badge_id": user_badge.get("id"), "badge_id": badge_id, "username": username}

    def _revoke_badge(self, payload: dict[str, Any], may_have_run: bool) -> dict[str, Any]:
        badge_id = self._badge_id(payload["badge"])
        username = payload["username"]
        user_badge_id = payload.get("user_badge_id")
        if user_badge_id is None or may_have_run:
            held = self._held(username, badge_id)
            if held is None:
                return {"badge_id": badge_id, "username": username, "revoked": False}  # not (or no longer) held
            user_badge_id = held["id"]
        try:
            self.client.revoke_user_badge(user_badge_id)
        except NotFound:
            return {"badge_id": badge_id, "username": username, "revoked": False}
        return {"badge_id": badge_id, "username": username, "user_badge_id": user_badge_id, "revoked": True}

    def _held(self, username: str, badge_id: int) -> dict | None:
        return next((ub for ub in self.client.user_badges(username) if ub.get("badge_id") == badge_id), None)

    def _badge_id(self, name: str) -> int:
        """The id of the badge named `name` (the badges are read once per worker process)."""
        key = name.strip().lower()
        if key not in self._badge_ids:
            self._badge_ids.update({str(b.get("name") or "").strip().lower(): int(b["id"]) for b in self.client.list_badges()})
            if key not in self._badge_ids:
                raise PermanentError(f"the forum has no badge named {name!r}: run `circleup setup` to create it")
        return self._badge_ids[key]

    def _group_id(self, name: str) -> int:
        if name not in self._group_ids:
            self._group_ids[name] = int(self.client.get_group(name)["id"])
        return self._group_ids[name]


def _with_marker(raw: str, hidden: str) -> str:
    return f"{raw.rstrip()}\n\n{hidden}"


def _post_result(post: dict[str, Any]) -> dict[str, Any]:
    return {
        "post_id": post.get("id"),
        "topic_id": post.get("topic_id"),
        "post_number": post.get("post_number"),
        "post_url": post.get("post_url"),
    }


def claim_next(session: Session, batch: str, *, stuck_after: dt.timedelta) -> Action | None:
    """Take the next open action of a batch, or None when the batch is finished or held by another worker.

    The claim is a conditional UPDATE so two workers (a retry and a sweep) can never both perform it.
    """
    action = session.scalar(
        select(Action).where(Action.batch == batch, Action.status.in_(ActionStatus.OPEN)).order_by(Action.seq, Action.id).limit(1)
    )
    if action is None:
        return None
    now = utcnow()
    claimable = (Action.status == ActionStatus.PENDING) | (
        (Action.status == ActionStatus.IN_FLIGHT) & (Action.not_before < now)
    )
    result = session.execute(
        update(Action)
        .where(Action.id == action.id, claimable)
        .values(status=ActionStatus.IN_FLIGHT, attempts=Action.attempts + 1, not_before=now + stuck_after)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return None
    session.refresh(action)
    return action
