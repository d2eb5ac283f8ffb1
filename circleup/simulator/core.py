"""The simulated forum: state, Discourse's rules, and the webhooks every change produces.

`Simulator` is both the Python API tests and the demo use to act as members and moderators
(`add_user`, `create_topic`, `reply`, `add_to_group`, `suspend`, ...) and the domain layer the
HTTP app (`circleup.simulator.app`) calls for API requests. Either way a change goes through
the same validation and emits the same webhook events, as on a real forum where a post made in
the browser and one made through the API look alike to a webhook receiver.
"""
from __future__ import annotations

import contextlib
import re
import threading
import time
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Iterable, Iterator

import requests

from circleup.integration.webhook_events import EVENT_TYPE_IDS
from circleup.simulator import serializers as ser
from circleup.simulator.faults import Faults
from circleup.simulator.state import (
    AUTO_GROUPS,
    CREATE_POST,
    FULL,
    REGULAR,
    SMALL_ACTION,
    WHISPER,
    Badge,
    Category,
    Group,
    Membership,
    Post,
    SiteSettings,
    Tag,
    TagGroup,
    Topic,
    USER_FIELD_TYPES,
    UserField,
    User,
    UserBadge,
    WebHook,
    slugify,
)
from circleup.simulator.webhooks import (
    Delivery,
    Dispatcher,
    Transport,
    WebhookEvent,
    WsgiTransport,
    build_event,
    encode_body,
)

from circleup.simulator.errors import (  # the forum's refusals, re-exported
    RecordedRequest,
    SimulatorError,
    invalid_access,
    invalid_parameters,
    not_found,
    validation_failed,
)

DEFAULT_API_KEY = "simulator-admin-api-key"
_USERNAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")


class Simulator:
    """A stateful fake Discourse. See the package docstring for how to wire it up."""

    def __init__(
        self,
        *,
        base_url: str = "http://forum.example.test",
        api_key: str = DEFAULT_API_KEY,
        bot_username: str = "circleup",
        delivery: str = "background",
        transport: Transport | None = None,
        clock: Callable[[], float] = time.time,
        settings: SiteSettings | None = None,
        api_rate_limit: int | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.bot_username = bot_username
        self.settings = settings or SiteSettings()
        self.faults = Faults()
        if api_rate_limit is not None:
            # Discourse's max_admin_api_reqs_per_minute (60 by default); off unless asked for.
            self.faults.limit_api(per_minute=api_rate_limit)
        self.requests: list[RecordedRequest] = []
        self.sso_username: str | None = None
        self.lock = threading.RLock()
        self._clock = clock
        self._depth = 0
        self._outbox: list[WebhookEvent] = []
        self._ids: dict[str, int] = {"user": 1, "group": 41, "category": 1, "topic": 1, "post": 1,
                                     "membership": 1, "hook": 1, "tag": 1, "tag_group": 1,
                                     "user_field": 1, "badge": 110, "user_badge": 1}
        self.users: dict[int, User] = {}
        self.groups: dict[int, Group] = {}
        self.categories: dict[int, Category] = {}
        self.topics: dict[int, Topic] = {}
        self.posts: dict[int, Post] = {}
        self.tags: dict[str, Tag] = {}
        self.tag_groups: dict[int, TagGroup] = {}
        self.user_fields: dict[int, UserField] = {}
        self.webhooks: dict[int, WebHook] = {}
        self.badges: dict[int, Badge] = {}
        self.user_badges: dict[int, UserBadge] = {}
        self.dispatcher = Dispatcher(delivery, transport, on_result=self._record_result)
        self._app: Any = None

        for name, group_id in AUTO_GROUPS.items():
            self.groups[group_id] = Group(id=group_id, name=name, automatic=True, visibility_level=1)
        self.users[-1] = User(id=-1, username="system", name="system", email="no_email", created_at=self.now(),
                              trust_level=4, admin=True, moderator=True)
        self.uncategorized_id = self.add_category("Uncategorized", slug="uncategorized").id
        self.bot = self.add_user(bot_username, name=bot_username, trust_level=4, admin=True)

    # -- plumbing ------------------------------------------------------------------------------

    def now(self) -> datetime:
        return datetime.fromtimestamp(self._clock(), timezone.utc)

    def _next(self, kind: str) -> int:
        value = self._ids[kind]
        self._ids[kind] += 1
        return value

    @contextlib.contextmanager
    def _mutation(self) -> Iterator[None]:
        """Hold the lock for a change; send its webhooks once the outermost change is done.

        Deliveries leave after the lock is released, so a receiver that calls straight back
        into the simulator (in-process, synchronous mode) cannot deadlock.
        """
        batch: list[WebhookEvent] = []
        try:
            with self.lock:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                    if self._depth == 0:
                        batch, self._outbox = self._outbox, []
        finally:
            # Also after a refusal part-way: whatever did change is announced, as it would be.
            if batch:
                self.dispatcher.dispatch(batch)

    def _emit(
        self,
        event_name: str,
        payload_type: str,
        payload: Callable[[], Any],
        *,
        category_id: int | None = None,
        tags: Iterable[str] = (),
    ) -> None:
        """Queue `event_name` for every hook that wants it (payload serialized now, like Discourse)."""
        body: bytes | None = None
        for hook in list(self.webhooks.values()):
            if not hook.wants(event_name):
                continue
            # EmitWebHookEvent#category_webhook_invalid? / #tag_webhook_invalid?
            if hook.category_ids and category_id not in hook.category_ids:
                continue
            if hook.tag_names and not hook.tag_names.intersection(tags):
                continue
            if body is None:
                body = encode_body(payload_type, payload())
            self._outbox.append(self._new_event(hook, event_name, payload_type, body))

    def _new_event(self, hook: WebHook, event_name: str, payload_type: str, body: bytes) -> WebhookEvent:
        event = build_event(
            self.dispatcher.allocate_id(), hook_id=hook.id, url=hook.payload_url, secret=hook.secret,
            content_type=hook.content_type, instance=self.base_url, event_name=event_name,
            payload_type=payload_type, body=body,
        )
        self.dispatcher.record(event)
        return event

    def _record_result(self, delivery: Delivery) -> None:
        hook = self.webhooks.get(delivery.event.hook_id)
        if hook is not None:
            hook.last_delivery_status = 3 if delivery.ok else 2

    # -- lookups -------------------------------------------------------------------------------

    def find_user(self, username: str) -> User | None:
        wanted = username.lower()
        with self.lock:
            for user in self.users.values():
                if user.username.lower() == wanted and not user.deleted:
                    return user
        return None

    def user(self, username: str) -> User:
        user = self.find_user(username)
        if user is None:
            raise KeyError(f"no user {username!r}")
        return user

    def user_by_id(self, user_id: int) -> User:
        return self.users[user_id]

    def find_group(self, name: str) -> Group | None:
        wanted = name.lower()
        with self.lock:
            return next((g for g in self.groups.values() if g.name.lower() == wanted), None)

    def group(self, name: str) -> Group:
        group = self.find_group(name)
        if group is None:
            raise KeyError(f"no group {name!r}")
        return group

    def group_id_for_name(self, name: str) -> int:
        group = self.find_group(name)
        return group.id if group is not None else -1

    def group_member_ids(self, group: Group) -> set[int]:
        if not group.automatic:
            return set(group.memberships)
        live = [u for u in self.users.values() if not u.deleted and u.id > 0]
        if group.name == "everyone":
            return {u.id for u in live}
        return {u.id for u in live if group.id in ser.auto_group_ids_for(u)}

    def groups_of(self, user: User) -> list[Group]:
        auto = [self.groups[i] for i in ser.auto_group_ids_for(user)]
        custom = [g for g in self.groups.values() if not g.automatic and user.id in g.memberships]
        return auto + sorted(custom, key=lambda g: g.id)

    def topic(self, topic_id: int) -> Topic:
        return self.topics[topic_id]

    def post(self, post_id: int) -> Post:
        return self.posts[post_id]

    def live_posts(self, topic_id: int) -> list[Post]:
        return sorted((p for p in self.posts.values() if p.topic_id == topic_id and p.deleted_at is None),
                      key=lambda p: p.post_number)

    def post_by_number(self, topic_id: int, post_number: int) -> Post | None:
        return next((p for p in self.posts.values() if p.topic_id == topic_id and p.post_number == post_number), None)

    # Read helpers for tests.

    def posts_in(self, topic_id: int) -> list[Post]:
        with self.lock:
            return self.live_posts(topic_id)

    def first_post(self, topic_id: int) -> Post:
        return self.posts_in(topic_id)[0]

    def posts_by(self, username: str) -> list[Post]:
        user = self.user(username)
        with self.lock:
            return sorted((p for p in self.posts.values() if p.user_id == user.id and p.deleted_at is None),
                          key=lambda p: p.id)

    def group_usernames(self, name: str) -> list[str]:
        with self.lock:
            group = self.group(name)
            return sorted(self.users[i].username for i in self.group_member_ids(group))

    def private_messages_to(self, username: str) -> list[Topic]:
        user = self.user(username)
        with self.lock:
            return [t for t in self.topics.values() if t.is_private_message and self._can_see(user, t)
                    and t.user_id != user.id]

    # -- permissions ---------------------------------------------------------------------------

    def category_permission(self, category: Category, user: User) -> int | None:
        """The best (lowest) permission type `user` has in `category`, None if none."""
        if user.staff:
            return FULL
        group_ids = {g.id for g in self.groups_of(user)} | {AUTO_GROUPS["everyone"]}
        levels = [level for name, level in category.permissions.items()
                  if self.group_id_for_name(name) in group_ids]
        return min(levels) if levels else None

    def _can_see(self, user: User, topic: Topic) -> bool:
        if topic.deleted_at is not None and not user.staff:
            return False
        if topic.is_private_message:
            if user.admin or user.id in topic.allowed_user_ids:
                return True
            return any(user.id in self.group_member_ids(self.groups[g]) for g in topic.allowed_group_ids)
        if user.staff:
            return True
        category = self.categories.get(topic.category_id or self.uncategorized_id)
        return category is None or self.category_permission(category, user) is not None

    def _visible_topic(self, user: User, topic_id: int) -> Topic:
        topic = self.topics.get(topic_id)
        if topic is None or (topic.deleted_at is not None and not user.staff):
            raise not_found()
        if not self._can_see(user, topic):
            raise invalid_access()
        return topic

    def _visible_posts(self, user: User, topic: Topic) -> list[Post]:
        return [p for p in self.live_posts(topic.id) if p.post_type != WHISPER or user.staff]

    # -- validation (PostValidator, TopicTitleLengthValidator, ...) -----------------------------

    def _check_title(self, title: str, *, private: bool, exclude_topic: int | None = None) -> list[str]:
        errors = []
        stripped = " ".join(title.split())
        minimum = (self.settings.min_personal_message_title_length if private
                   else self.settings.min_topic_title_length)
        if len(stripped) < minimum:
            errors.append(f"Title is too short (minimum is {minimum} characters)")
        elif len(stripped) > self.settings.max_topic_title_length:
            errors.append(f"Title is too long (maximum is {self.settings.max_topic_title_length} characters)")
        elif not private and not self.settings.allow_duplicate_topic_titles:
            for other in self.topics.values():
                if (other.id != exclude_topic and not other.is_private_message and other.deleted_at is None
                        and other.title.lower() == stripped.lower()):
                    errors.append("Title has already been used")
                    break
        return errors

    def _check_body(self, user: User, raw: str, *, private: bool, first: bool, check_unique: bool) -> list[str]:
        errors = []
        length = len(raw.strip())
        if private:
            minimum = self.settings.min_personal_message_post_length
        elif first:
            minimum = self.settings.min_first_post_length
        else:
            minimum = self.settings.min_post_length
        if length < minimum:
            errors.append(f"Body is too short (minimum is {minimum} characters)")
        elif length > self.settings.max_post_length:
            errors.append(f"Body is too long (maximum is {self.settings.max_post_length} characters)")
        # Only mentions that cook into links count, i.e. existing users and groups.
        mentions = [n for n in ser.mentioned_names(raw) if self.find_user(n) or self.find_group(n)]
        if user.trust_level == 0 and not user.staff:
            if len(mentions) > self.settings.newuser_max_mentions_per_post:
                errors.append(f"Sorry, new users can only mention {self.settings.newuser_max_mentions_per_post} users in a post.")
        elif len(mentions) > self.settings.max_mentions_per_post:
            errors.append(f"Sorry, you can only mention {self.settings.max_mentions_per_post} users in a post.")
        if check_unique and self.settings.unique_posts_mins > 0:
            # Applied to staff too: the stricter reading, so circleup never relies on an exemption.
            since = self.now() - timedelta(minutes=self.settings.unique_posts_mins)
            fingerprint = _fingerprint(raw)
            for other in self.posts.values():
                if other.user_id == user.id and other.created_at > since and _fingerprint(other.raw) == fingerprint:
                    errors.append("Body is too similar to what you recently posted")
                    break
        return errors

    # -- users ---------------------------------------------------------------------------------

    def add_user(
        self,
        username: str,
        *,
        name: str | None = None,
        email: str | None = None,
        trust_level: int = 1,
        admin: bool = False,
        moderator: bool = False,
        user_fields: dict[str, object] | None = None,
        timezone: str | None = None,
        location: str | None = None,
    ) -> User:
        """A member signs up (user_created)."""
        if not _USERNAME.match(username) or not 2 <= len(username) <= 60:
            raise validation_failed(f"Username '{username}' is invalid")
        with self._mutation():
            if self.find_user(username) is not None:
                raise validation_failed("Username must be unique")
            user = User(
                id=self._next("user"), username=username, name=name, email=email or f"{username.lower()}@example.org",
                created_at=self.now(), trust_level=trust_level, admin=admin, moderator=moderator,
                user_fields={str(k): v for k, v in (user_fields or {}).items()}, timezone=timezone, location=location,
            )
            self.users[user.id] = user
            self._emit("user_created", "user", lambda: ser.webhook_user(self, user))
        return user

    def update_user(self, username: str, *, name: str | None = None, user_fields: dict[str, object] | None = None,
                    timezone: str | None = None, location: str | None = None) -> User:
        """A member saves their profile (user_updated). user_fields are merged, as in Discourse."""
        with self._mutation():
            user = self.user(username)
            if name is not None:
                user.name = name
            if user_fields:
                user.user_fields.update({str(k): v for k, v in user_fields.items()})
            if timezone is not None:
                user.timezone = timezone
            if location is not None:
                user.location = location
            self._emit("user_updated", "user", lambda: ser.webhook_user(self, user))
        return user

    def update_user_fields(self, username: str, fields: dict[str, object]) -> User:
        return self.update_user(username, user_fields=fields)

    def set_trust_level(self, username: str, level: int) -> User:
        """Trust level changes (automatic groups follow; Discourse sends user_promoted, not simulated)."""
        with self._mutation():
            user = self.user(username)
            user.trust_level = level
        return user

    def suspend(self, username: str, *, days: float = 365, till: datetime | None = None,
                reason: str = "Suspended by a moderator") -> User:
        """A moderator suspends a member (user_suspended)."""
        with self._mutation():
            user = self.user(username)
            user.suspended_at = self.now()
            user.suspended_till = till or self.now() + timedelta(days=days)
            user.suspend_reason = reason
            self._emit("user_suspended", "user", lambda: ser.webhook_user(self, user))
        return user

    def unsuspend(self, username: str) -> User:
        with self._mutation():
            user = self.user(username)
            user.suspended_at = user.suspended_till = user.suspend_reason = None
            self._emit("user_unsuspended", "user", lambda: ser.webhook_user(self, user))
        return user

    def delete_user(self, username: str) -> None:
        """An admin deletes a member and their posts (user_destroyed, payload taken before deletion)."""
        with self._mutation():
            user = self.user(username)
            self._emit("user_destroyed", "user", lambda: ser.webhook_user(self, user))
            user.deleted = True
            for group in self.groups.values():
                group.memberships.pop(user.id, None)
            for post in self.posts.values():
                if post.user_id == user.id and post.deleted_at is None:
                    post.deleted_at = self.now()

    # -- groups --------------------------------------------------------------------------------

    def add_group(
        self,
        name: str,
        *,
        full_name: str | None = None,
        members: Iterable[str] = (),
        owners: Iterable[str] = (),
        visibility_level: int = 0,
        public_admission: bool = False,
        public_exit: bool = False,
        bio_raw: str | None = None,
    ) -> Group:
        if not _USERNAME.match(name) or not 3 <= len(name) <= 60:
            raise validation_failed(f"Name '{name}' is not a valid group name")
        with self._mutation():
            if self.find_group(name) is not None or self.find_user(name) is not None:
                raise validation_failed("Name has already been taken")
            owner_users = [self.user(u) for u in owners]
            member_users = [self.user(u) for u in members]
            group = Group(id=self._next("group"), name=name, full_name=full_name, visibility_level=visibility_level,
                          public_admission=public_admission, public_exit=public_exit, bio_raw=bio_raw)
            self.groups[group.id] = group
            for user in owner_users:
                self._add_member(group, user, owner=True)
            for user in member_users:
                self._add_member(group, user, owner=False)
        return group

    def delete_group(self, name: str) -> None:
        """An admin deletes a custom group; as in Discourse its category permissions go with it."""
        with self._mutation():
            group = self.group(name)
            if group.automatic:
                raise validation_failed("You cannot delete an automatic group")
            del self.groups[group.id]
            for category in self.categories.values():
                category.permissions = {k: v for k, v in category.permissions.items() if k.lower() != group.name.lower()}

    def add_to_group(self, group_name: str, username: str, *, owner: bool = False) -> Membership:
        """A moderator adds a member by hand (user_added_to_group)."""
        with self._mutation():
            group = self.group(group_name)
            if group.automatic:
                raise validation_failed("You cannot modify an automatic group")
            return self._add_member(group, self.user(username), owner=owner)

    def remove_from_group(self, group_name: str, username: str) -> None:
        """A moderator removes a member by hand (user_removed_from_group)."""
        with self._mutation():
            group = self.group(group_name)
            if group.automatic:
                raise validation_failed("You cannot modify an automatic group")
            self._remove_member(group, self.user(username))

    def _add_member(self, group: Group, user: User, *, owner: bool) -> Membership:
        membership = group.memberships.get(user.id)
        if membership is not None:
            membership.owner = membership.owner or owner
            return membership
        membership = Membership(id=self._next("membership"), user_id=user.id, created_at=self.now(),
                                notification_level=group.default_notification_level, owner=owner)
        group.memberships[user.id] = membership
        self._emit("user_added_to_group", "group_user", lambda: ser.group_user(group, membership))
        return membership

    def _remove_member(self, group: Group, user: User) -> bool:
        membership = group.memberships.get(user.id)
        if membership is None:
            return False
        # Serialized from the GroupUser row before it goes, as Group#remove does.
        self._emit("user_removed_from_group", "group_user", lambda: ser.group_user(group, membership))
        del group.memberships[user.id]
        return True

    # -- categories ----------------------------------------------------------------------------

    def add_category(
        self,
        name: str,
        *,
        slug: str | None = None,
        color: str = "0088CC",
        text_color: str = "FFFFFF",
        permissions: dict[str, int] | None = None,
        parent_category_id: int | None = None,
        description: str | None = None,
    ) -> Category:
        with self._mutation():
            if not name.strip():
                raise validation_failed("Name can't be blank")
            for other in self.categories.values():
                if other.parent_category_id == parent_category_id and other.name.lower() == name.strip().lower():
                    raise validation_failed("Category Name has already been taken")
            if parent_category_id is not None and parent_category_id not in self.categories:
                raise validation_failed("Parent category does not exist")
            perms = dict(permissions) if permissions is not None else {"everyone": FULL}
            for group_name, level in perms.items():
                if self.find_group(group_name) is None:
                    raise validation_failed(f"Group '{group_name}' does not exist")
                if level not in (1, 2, 3):
                    raise validation_failed(f"Permission type {level} is not valid")
            slug = slug or slugify(name)
            if any(c.slug == slug and c.parent_category_id == parent_category_id for c in self.categories.values()):
                raise validation_failed("Slug is already in use")
            category = Category(id=self._next("category"), name=name.strip(), slug=slug, color=color,
                                text_color=text_color, permissions=perms, parent_category_id=parent_category_id,
                                description=description, position=len(self.categories))
            self.categories[category.id] = category
        return category

    def update_category(self, category_id: int, *, name: str | None = None,
                        permissions: dict[str, int] | None = None) -> Category:
        """An admin edits a category (name, Security tab); `permissions` replaces them all, as in Discourse."""
        with self._mutation():
            category = self.categories.get(category_id)
            if category is None:
                raise not_found()
            if name is not None:
                if not name.strip():
                    raise validation_failed("Name can't be blank")
                category.name = name.strip()
            if permissions is not None:
                for group_name, level in permissions.items():
                    if self.find_group(group_name) is None:
                        raise validation_failed(f"Group '{group_name}' does not exist")
                    if level not in (1, 2, 3):
                        raise validation_failed(f"Permission type {level} is not valid")
                category.permissions = dict(permissions) or {"everyone": FULL}
        return category

    # -- user fields and tags ------------------------------------------------------------------

    def add_user_field(self, name: str, *, description: str, field_type: str = "text", editable: bool = True,
                       show_on_profile: bool = True, requirement: str = "optional") -> UserField:
        with self._mutation():
            errors = []
            if not name.strip():
                errors.append("Name can't be blank")
            if not (description or "").strip():
                errors.append("Description can't be blank")
            if field_type not in USER_FIELD_TYPES:
                errors.append("Field type is not included in the list")
            if errors:
                raise validation_failed(errors)
            field = UserField(id=self._next("user_field"), name=name.strip(), description=description.strip(),
                              field_type=field_type, editable=editable, show_on_profile=show_on_profile,
                              requirement=requirement, position=len(self.user_fields) + 1)
            self.user_fields[field.id] = field
        return field

    def add_tag_group(self, name: str, tag_names: Iterable[str]) -> TagGroup:
        with self._mutation():
            if not name.strip():
                raise validation_failed("Name can't be blank")
            if any(g.name.lower() == name.strip().lower() for g in self.tag_groups.values()):
                raise validation_failed("Name has already been taken")
            group = TagGroup(id=self._next("tag_group"), name=name.strip(), tag_names=self._tag_list(tag_names))
            self.tag_groups[group.id] = group
        return group

    def set_category_notification_level(self, username: str, category_id: int, level: int) -> None:
        if level not in (0, 1, 2, 3, 4):
            raise invalid_parameters("notification_level")
        with self._mutation():
            user = self.user(username)
            category = self.categories.get(category_id)
            if category is None or self.category_permission(category, user) is None:
                raise not_found()
            user.category_levels[category_id] = level

    def category_level(self, username: str, category_id: int) -> int:
        """The member's notification level for a category (1, regular, unless they set one)."""
        return self.user(username).category_levels.get(category_id, 1)

    # -- topics and posts ----------------------------------------------------------------------

    def _tag_list(self, tags: Iterable[str]) -> list[str]:
        names: list[str] = []
        for tag in tags:
            name = re.sub(r"\s+", "-", str(tag).strip().lower())
            if name and name not in names:
                names.append(name)
                if name not in self.tags:
                    self.tags[name] = Tag(id=self._next("tag"), name=name)
        return names

    def create_topic(
        self,
        as_user: str,
        title: str,
        raw: str,
        category_id: int | None = None,
        tags: Iterable[str] = (),
    ) -> Post:
        """A member opens a topic; returns its first post (topic_created, then post_created)."""
        with self._mutation():
            user = self._acting(as_user)
            category_id = category_id or self.uncategorized_id
            category = self.categories.get(category_id)
            if category is None:
                raise validation_failed("Category can't be blank", action="create_post")
            if self.category_permission(category, user) != FULL:
                raise invalid_access()
            errors = self._check_title(title, private=False) + self._check_body(
                user, raw, private=False, first=True, check_unique=True)
            if errors:
                raise validation_failed(errors, action="create_post")
            topic = Topic(id=self._next("topic"), title=" ".join(title.split()), slug=slugify(title),
                          user_id=user.id, created_at=self.now(), category_id=category_id,
                          tags=self._tag_list(tags))
            self.topics[topic.id] = topic
            return self._add_post(user, topic, raw, new_topic=True)

    def send_private_message(self, as_user: str, title: str, raw: str, recipients: Iterable[str]) -> Post:
        """A private message to users and/or groups; returns its first post."""
        with self._mutation():
            user = self._acting(as_user)
            names = [n.strip() for n in recipients if n and n.strip()]
            if not names:
                raise validation_failed("You must choose a valid user.", action="create_post")
            user_ids, group_ids, unknown = {user.id}, set(), []
            for name in names:
                if (target := self.find_user(name)) is not None:
                    user_ids.add(target.id)
                elif (group := self.find_group(name)) is not None and not group.automatic:
                    group_ids.add(group.id)
                else:
                    unknown.append(name)
            if unknown:
                raise validation_failed(f"Sorry, {', '.join(unknown)} is not a valid user or group.",
                                        action="create_post")
            errors = self._check_title(title, private=True) + self._check_body(
                user, raw, private=True, first=True, check_unique=True)
            if errors:
                raise validation_failed(errors, action="create_post")
            topic = Topic(id=self._next("topic"), title=" ".join(title.split()), slug=slugify(title),
                          user_id=user.id, created_at=self.now(), category_id=None, archetype="private_message",
                          allowed_user_ids=user_ids, allowed_group_ids=group_ids)
            self.topics[topic.id] = topic
            return self._add_post(user, topic, raw, new_topic=True)

    def invite_to_message(self, as_user: str, topic_id: int, username: str) -> User:
        """Add a user to a private message (TopicsController#invite): a recipient from now on, with
        Discourse's "invited_user" small action left in the message. Refused (422) for someone who
        already is a recipient, as Discourse's `topic_invite.user_exists`."""
        with self._mutation():
            user = self._acting(as_user)
            topic = self._visible_topic(user, topic_id)
            if not topic.is_private_message:
                raise invalid_access()
            target = self.find_user(username)
            if target is None:
                raise validation_failed(f"Sorry, {username} is not a valid user.")
            if target.id in topic.allowed_user_ids:
                raise validation_failed("Sorry, that user has already been invited.")
            topic.allowed_user_ids.add(target.id)
        self.add_small_action(as_user, topic_id, "invited_user")
        return target

    def remove_from_message(self, as_user: str, topic_id: int, username: str) -> bool:
        """Take a user off a private message's recipients (TopicsController#remove_allowed_user):
        404 for a topic or a username (as written, case and all) that does not exist; 403 unless the
        acting user is staff, the message's author at trust level 2, or the user leaving of their own
        accord from a message with others in it; False (Discourse's 422 `failed`) when the user is not
        a recipient. A removal leaves Discourse's "removed_user" small action ("user_left" for someone
        leaving) in the message."""
        with self._mutation():
            user = self._acting(as_user)
            topic = self.topics.get(topic_id)
            if topic is None or topic.deleted_at is not None:
                raise not_found()
            target = next((u for u in self.users.values() if u.username == username and not u.deleted), None)
            if target is None:
                raise not_found()
            leaving = target.id == user.id and target.id != topic.user_id and len(topic.allowed_user_ids) > 1
            if not (user.staff or (topic.user_id == user.id and user.trust_level >= 2) or leaving):
                raise invalid_access()
            if target.id not in topic.allowed_user_ids:
                return False
        # Discourse leaves the small action first, while the one leaving can still post in the message.
        self.add_small_action(as_user, topic_id, "user_left" if target.id == user.id else "removed_user")
        with self._mutation():
            topic.allowed_user_ids.discard(target.id)
        return True

    def reply(
        self,
        as_user: str,
        topic_id: int,
        raw: str,
        reply_to_post_number: int | None = None,
        *,
        post_type: int = REGULAR,
    ) -> Post:
        """A member replies (post_created). `post_type=WHISPER` for a staff whisper."""
        with self._mutation():
            user = self._acting(as_user)
            topic = self._visible_topic(user, topic_id)
            if not user.staff:
                if post_type != REGULAR:
                    raise invalid_access()
                if not topic.is_private_message:
                    level = self.category_permission(self.categories[topic.category_id or self.uncategorized_id], user)
                    if level is None or level > CREATE_POST or topic.closed:
                        raise invalid_access()
            errors = self._check_body(user, raw, private=topic.is_private_message, first=False, check_unique=True)
            if errors:
                raise validation_failed(errors, action="create_post")
            return self._add_post(user, topic, raw, reply_to_post_number=reply_to_post_number, post_type=post_type)

    def add_small_action(self, as_user: str, topic_id: int, action_code: str) -> Post:
        """A small-action post (post_type 3), as closing or pinning a topic leaves behind."""
        with self._mutation():
            user = self._acting(as_user)
            topic = self._visible_topic(user, topic_id)
            return self._add_post(user, topic, "", post_type=SMALL_ACTION, action_code=action_code)

    def _add_post(
        self,
        user: User,
        topic: Topic,
        raw: str,
        *,
        new_topic: bool = False,
        reply_to_post_number: int | None = None,
        post_type: int = REGULAR,
        action_code: str | None = None,
    ) -> Post:
        now = self.now()
        parent = self.post_by_number(topic.id, reply_to_post_number) if reply_to_post_number else None
        topic.highest_post_number += 1
        post = Post(
            id=self._next("post"), topic_id=topic.id, post_number=topic.highest_post_number, user_id=user.id,
            raw=raw, cooked=ser.cook(raw, lambda n: self.find_user(n) is not None), created_at=now, updated_at=now,
            post_type=post_type, reply_to_post_number=parent.post_number if parent else None,
            action_code=action_code,
        )
        self.posts[post.id] = post
        if parent is not None:
            parent.reply_count += 1
        topic.last_posted_at = topic.bumped_at = now
        topic.last_post_user_id = user.id
        user.last_posted_at = now
        if new_topic:
            # TopicCreator triggers :topic_created before PostCreator triggers :post_created.
            self._emit("topic_created", "topic", lambda: ser.webhook_topic(self, topic),
                       category_id=topic.category_id, tags=topic.tags)
        self._emit("post_created", "post", lambda: ser.webhook_post(self, post),
                   category_id=topic.category_id, tags=topic.tags)
        return post

    def edit_post(self, post_id: int, raw: str, *, edit_reason: str | None = None, as_user: str | None = None) -> Post:
        """The author (or staff) edits a post (post_edited)."""
        with self._mutation():
            post, user, topic = self._own_post(post_id, as_user)
            errors = self._check_body(user, raw, private=topic.is_private_message, first=post.post_number == 1,
                                      check_unique=False)
            if errors:
                raise validation_failed(errors)
            if raw != post.raw:
                post.raw = raw
                post.cooked = ser.cook(raw, lambda n: self.find_user(n) is not None)
                post.version += 1
                post.updated_at = self.now()
                post.edit_reason = edit_reason
                self._emit("post_edited", "post", lambda: ser.webhook_post(self, post),
                           category_id=topic.category_id, tags=topic.tags)
        return post

    # -- badges --------------------------------------------------------------------------------

    def find_badge(self, name: str) -> Badge | None:
        wanted = name.strip().lower()
        return next((b for b in self.badges.values() if b.name.lower() == wanted), None)

    def create_badge(self, name: str, description: str = "", *, badge_type_id: int = 3, icon: str = "certificate",
                     long_description: str = "", **fields: Any) -> Badge:
        """Admin::BadgesController#create: names are unique (422 otherwise)."""
        with self._mutation():
            name = " ".join(str(name or "").split())
            if not name:
                raise validation_failed("Name can't be blank")
            if self.find_badge(name) is not None:
                raise validation_failed("Name has already been taken")
            if badge_type_id not in (1, 2, 3):
                raise validation_failed("Badge type can't be blank")
            badge = Badge(id=self._next("badge"), name=name, description=description or "", badge_type_id=badge_type_id,
                          icon=icon or "certificate", long_description=long_description or "",
                          **{k: v for k, v in fields.items() if k in ("enabled", "allow_title", "multiple_grant",
                                                                          "listable", "show_posts")})
            self.badges[badge.id] = badge
            return badge

    def update_badge(self, badge_id: int, **fields: Any) -> Badge:
        with self._mutation():
            badge = self.badges.get(badge_id)
            if badge is None:
                raise not_found()
            for key in ("name", "description", "long_description", "icon", "badge_type_id", "enabled", "listable"):
                if key in fields and fields[key] is not None:
                    setattr(badge, key, fields[key])
            return badge

    def grant_badge(self, username: str, badge_id: int, *, granted_by: str | None = None) -> UserBadge:
        """BadgeGranter.grant: a badge without multiple_grant is granted once; a second grant
        answers the existing UserBadge (and sends no second webhook)."""
        with self._mutation():
            user = self.find_user(username)
            badge = self.badges.get(badge_id)
            if user is None or badge is None or not badge.enabled:
                raise not_found()
            granter = self._acting(granted_by) if granted_by else self.bot
            if not badge.multiple_grant:
                held = next((ub for ub in self.user_badges.values() if ub.user_id == user.id and ub.badge_id == badge.id), None)
                if held is not None:
                    return held
            user_badge = UserBadge(id=self._next("user_badge"), badge_id=badge.id, user_id=user.id,
                                   granted_by_id=granter.id, granted_at=self.now())
            self.user_badges[user_badge.id] = user_badge
            self._emit("user_badge_granted", "user_badge", lambda: ser.webhook_user_badge(self, user_badge))
            return user_badge

    def revoke_user_badge(self, user_badge_id: int) -> UserBadge:
        """BadgeGranter.revoke (DELETE /user_badges/{id}.json)."""
        with self._mutation():
            user_badge = self.user_badges.pop(user_badge_id, None)
            if user_badge is None:
                raise not_found()
            self._emit("user_badge_revoked", "user_badge", lambda: ser.webhook_user_badge(self, user_badge))
            return user_badge

    def badges_of(self, username: str) -> list[str]:
        """Names of the badges a user holds, in the order granted."""
        user = self.user(username)
        return [self.badges[ub.badge_id].name for ub in sorted(self.user_badges.values(), key=lambda ub: ub.id)
                if ub.user_id == user.id]

    def like(self, username: str, post_id: int) -> Post:
        """`username` likes a post (post_liked). Discourse refuses a like of one's own post, or a second one."""
        with self._mutation():
            post, user, topic = self._post_to_act_on(username, post_id)
            if user.id == post.user_id or user.id in post.liked_by:
                raise invalid_access()
            post.liked_by.append(user.id)
            self._emit("post_liked", "like", lambda: ser.webhook_like(self, post, user),
                       category_id=topic.category_id, tags=topic.tags)
        return post

    def unlike(self, username: str, post_id: int) -> Post:
        """`username` takes their like back (Discourse sends no webhook for that)."""
        with self._mutation():
            post, user, _topic = self._post_to_act_on(username, post_id)
            if user.id not in post.liked_by:
                raise not_found()
            post.liked_by.remove(user.id)
        return post

    def _post_to_act_on(self, username: str, post_id: int) -> tuple[Post, User, Topic]:
        post = self.posts.get(post_id)
        if post is None or post.deleted_at is not None:
            raise not_found()
        user = self._acting(username)
        return post, user, self._visible_topic(user, post.topic_id)

    def _own_post(self, post_id: int, as_user: str | None) -> tuple[Post, User, Topic]:
        """A live post that its author (or `as_user`, who must then be staff) may change."""
        post = self.posts.get(post_id)
        if post is None or post.deleted_at is not None:
            raise not_found()
        user = self._acting(as_user) if as_user else self.users[post.user_id]
        topic = self._visible_topic(user, post.topic_id)
        if not (user.staff or user.id == post.user_id):
            raise invalid_access()
        return post, user, topic

    def delete_post(self, post_id: int, *, as_user: str | None = None) -> Post:
        """The author (or staff) deletes a reply (post_destroyed, with the post as it was)."""
        with self._mutation():
            post, _user, topic = self._own_post(post_id, as_user)
            post.deleted_at = self.now()
            self._emit("post_destroyed", "post", lambda: ser.webhook_post(self, post),
                       category_id=topic.category_id, tags=topic.tags)
        return post

    def edit_topic(
        self,
        topic_id: int,
        *,
        title: str | None = None,
        category_id: int | None = None,
        tags: Iterable[str] | None = None,
        as_user: str | None = None,
    ) -> Topic:
        """Title, category or tags change (topic_edited; no post_edited, as in Discourse)."""
        with self._mutation():
            topic = self.topics.get(topic_id)
            if topic is None:
                raise not_found()
            user = self._acting(as_user) if as_user else self.users[topic.user_id]
            self._visible_topic(user, topic_id)
            if not (user.staff or user.id == topic.user_id):
                raise invalid_access()
            if title is not None:
                errors = self._check_title(title, private=topic.is_private_message, exclude_topic=topic.id)
                if errors:
                    raise validation_failed(errors)
                topic.title = " ".join(title.split())
                topic.slug = slugify(title)
            if category_id is not None:
                if category_id not in self.categories:
                    raise validation_failed("Category can't be blank")
                topic.category_id = category_id
            if tags is not None:
                topic.tags = self._tag_list(tags)
            self._emit("topic_edited", "topic", lambda: ser.webhook_topic(self, topic),
                       category_id=topic.category_id, tags=topic.tags)
        return topic

    def _acting(self, username: str) -> User:
        user = self.find_user(username)
        if user is None:
            raise invalid_access()
        return user

    # -- webhooks ------------------------------------------------------------------------------

    def add_webhook(
        self,
        payload_url: str,
        secret: str = "",
        events: Iterable[str] | None = None,
        *,
        active: bool = True,
        content_type: int = 1,
        category_ids: Iterable[int] = (),
        tag_names: Iterable[str] = (),
    ) -> WebHook:
        """Register a hook; `events=None` subscribes to everything (a wildcard hook)."""
        type_ids: set[int] = set()
        for name in events or ():
            if name not in EVENT_TYPE_IDS:
                raise ValueError(f"unknown webhook event {name!r}")
            type_ids.add(EVENT_TYPE_IDS[name])
        return self._create_webhook(payload_url, secret, type_ids, wildcard=events is None, active=active,
                                    content_type=content_type, category_ids=set(category_ids),
                                    tag_names=set(tag_names))

    def _create_webhook(self, payload_url: str, secret: str, type_ids: set[int], *, wildcard: bool, active: bool,
                        content_type: int, category_ids: set[int] | None = None,
                        tag_names: set[str] | None = None) -> WebHook:
        errors = _webhook_errors(payload_url, secret, type_ids, wildcard, content_type)
        if errors:
            raise validation_failed(errors)
        with self._mutation():
            hook = WebHook(id=self._next("hook"), payload_url=payload_url, secret=secret or "",
                           event_type_ids=type_ids, wildcard=wildcard, active=active, content_type=content_type,
                           category_ids=category_ids or set(), tag_names=tag_names or set())
            self.webhooks[hook.id] = hook
        return hook

    def _update_webhook(self, hook: WebHook, fields: dict[str, Any]) -> WebHook:
        url = fields.get("payload_url", hook.payload_url)
        secret = fields.get("secret", hook.secret)
        type_ids = ({int(i) for i in fields["web_hook_event_type_ids"]} if "web_hook_event_type_ids" in fields
                    else hook.event_type_ids)
        wildcard = _truthy(fields.get("wildcard_web_hook", hook.wildcard))
        content_type = int(fields.get("content_type", hook.content_type))
        errors = _webhook_errors(url, secret, type_ids, wildcard, content_type)
        if errors:
            raise validation_failed(errors)
        with self._mutation():
            hook.payload_url, hook.secret, hook.event_type_ids = url, secret or "", type_ids
            hook.wildcard, hook.content_type = wildcard, content_type
            if "active" in fields:
                hook.active = _truthy(fields["active"])
            if "verify_certificate" in fields:
                hook.verify_certificate = _truthy(fields["verify_certificate"])
            if "category_ids" in fields:
                hook.category_ids = {int(i) for i in fields["category_ids"] or ()}
            if "tag_names" in fields:
                hook.tag_names = {str(t).lower() for t in fields["tag_names"] or ()}
        return hook

    def ping(self, hook_id: int) -> WebhookEvent:
        """Admin → Webhooks → Ping: `{"ping":"OK"}`, sent even to an inactive hook."""
        with self._mutation():
            hook = self.webhooks[hook_id]
            event = self._new_event(hook, "ping", "ping", encode_body("ping", "OK"))
            self._outbox.append(event)
        return event

    @property
    def deliveries(self) -> list[Delivery]:
        return list(self.dispatcher.deliveries)

    @property
    def pending(self) -> list[WebhookEvent]:
        return list(self.dispatcher.pending)

    def events(self, name: str | None = None) -> list[WebhookEvent]:
        """Every event built so far (delivered or not), oldest first, optionally by name."""
        return [e for _, e in sorted(self.dispatcher.events.items()) if name is None or e.name == name]

    def deliver_pending(self) -> list[Delivery]:
        """Queue mode: send everything waiting, in order."""
        return self.dispatcher.deliver_pending()

    def take_pending(self) -> list[WebhookEvent]:
        """Queue mode: take the waiting events without sending them (send with `send`)."""
        return self.dispatcher.take_pending()

    def send(self, event: WebhookEvent) -> Delivery:
        return self.dispatcher.send(event)

    def redeliver(self, event_id: int) -> Delivery:
        """The "Redeliver" button: the stored event again, same Event-Id, same signature."""
        return self.dispatcher.send(self.dispatcher.events[event_id])

    def retry(self, event_id: int) -> Delivery:
        """What EmitWebHookEvent's retry does: the same body as a NEW event (new Event-Id)."""
        original = self.dispatcher.events[event_id]
        hook = self.webhooks[original.hook_id]
        with self.lock:
            event = self._new_event(hook, original.name, original.type, original.body)
        return self.dispatcher.send(event)

    def wait_for_deliveries(self, timeout: float = 10.0) -> bool:
        """Background mode: block until every queued delivery was attempted."""
        return self.dispatcher.wait(timeout)

    def deliver_to(self, app: Any) -> None:
        """Send deliveries into an in-process WSGI app (e.g. circleup's Flask app) instead of over HTTP."""
        self.dispatcher.transport = WsgiTransport(app)

    # -- HTTP ----------------------------------------------------------------------------------

    @property
    def app(self) -> Any:
        """The simulator's Flask app (the fake Discourse HTTP API)."""
        if self._app is None:
            from circleup.simulator.app import create_app

            self._app = create_app(self)
        return self._app

    def mount(self, session: requests.Session | None = None, prefix: str | None = None) -> requests.Session:
        """Route `session`'s requests for base_url into the simulator, without a network."""
        from circleup.simulator.adapter import SimulatorAdapter

        session = session if session is not None else requests.Session()
        session.mount(prefix or self.base_url + "/", SimulatorAdapter(self.app))
        return session

    def client(self, *, api_username: str | None = None, **kwargs: Any) -> Any:
        """A DiscourseClient wired to this simulator in-process, acting as the bot by default."""
        from circleup.integration.discourse import DiscourseClient

        return DiscourseClient(self.base_url, self.api_key, api_username or self.bot_username,
                               session=self.mount(), **kwargs)

    @contextlib.contextmanager
    def serve_in_thread(self, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
        """Serve the API over real HTTP on a werkzeug threaded server; yields its base URL."""
        from werkzeug.serving import make_server

        server = make_server(host, port, self.app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, name="simulator-http", daemon=True)
        thread.start()
        try:
            yield f"http://{host}:{server.server_port}"
        finally:
            server.shutdown()
            thread.join(timeout=5)
            server.server_close()

    def sso_login_as(self, username: str | None) -> None:
        """Who is "logged in" to the forum for DiscourseConnect (None: nobody)."""
        if username is not None:
            self.user(username)
        self.sso_username = username

    def close(self) -> None:
        self.dispatcher.close()


def _fingerprint(raw: str) -> str:
    return re.sub(r"\s+", "", raw).lower()


def _truthy(value: Any) -> bool:
    return value is True or str(value).lower() in ("true", "1", "on", "yes")


def _webhook_errors(url: str, secret: str, type_ids: set[int], wildcard: bool, content_type: int) -> list[str]:
    errors = []
    if not re.match(r"^https?://[^/\s]+", url or ""):
        errors.append("Payload URL is invalid")
    if secret and len(secret) < 12:
        errors.append("Secret is too short (minimum is 12 characters)")
    if not wildcard and not type_ids:
        errors.append("Web hook event types can't be blank")
    if content_type not in (1, 2):
        errors.append("Content type is not included in the list")
    return errors
