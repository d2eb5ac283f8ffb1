"""The simulator's records: what a Discourse database holds, reduced to what circleup touches.

Plain dataclasses, mutated only by `Simulator` under its lock. Field names follow Discourse's
columns so the serializers read like Discourse's own.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone

from circleup.integration.webhook_events import EVENT_TYPE_IDS

# Post.types in Discourse.
REGULAR, MODERATOR_ACTION, SMALL_ACTION, WHISPER = 1, 2, 3, 4

# Notification levels (topics, categories and group memberships).
MUTED, REGULAR_LEVEL, TRACKING, WATCHING, WATCHING_FIRST_POST = 0, 1, 2, 3, 4

# CategoryGroup.permission_types.
FULL, CREATE_POST, READONLY = 1, 2, 3

# Automatic groups Discourse seeds, with their fixed ids (Group::AUTO_GROUPS).
AUTO_GROUPS = {
    "everyone": 0,
    "admins": 1,
    "moderators": 2,
    "staff": 3,
    "trust_level_0": 10,
    "trust_level_1": 11,
    "trust_level_2": 12,
    "trust_level_3": 13,
    "trust_level_4": 14,
}



def iso(moment: datetime) -> str:
    """Discourse's timestamp format: UTC, milliseconds, `Z`."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def slugify(text: str) -> str:
    """Discourse's ascii slug: lower-case words joined by dashes ("topic" when nothing is left)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "topic"


@dataclass
class SiteSettings:
    """The site settings whose defaults shape what the API accepts."""

    min_post_length: int = 20
    min_first_post_length: int = 20
    min_personal_message_post_length: int = 10
    min_topic_title_length: int = 15
    min_personal_message_title_length: int = 2
    max_topic_title_length: int = 255
    max_post_length: int = 32000
    max_mentions_per_post: int = 10
    newuser_max_mentions_per_post: int = 2
    unique_posts_mins: int = 5
    allow_duplicate_topic_titles: bool = False
    # Admin → Users list page length (AdminUserIndexQuery::PAGE_SIZE).
    admin_users_page_size: int = 100
    # Newer Discourse sends topic tags as {id, name, slug} objects, older as plain strings.
    tags_as_objects: bool = True
    # DiscourseConnect provider (empty secret = provider disabled, as on a fresh forum).
    enable_discourse_connect_provider: bool = False
    discourse_connect_provider_secret: str = ""


@dataclass
class User:
    id: int
    username: str
    name: str | None
    email: str
    created_at: datetime
    trust_level: int = 1
    admin: bool = False
    moderator: bool = False
    active: bool = True
    staged: bool = False
    suspended_at: datetime | None = None
    suspended_till: datetime | None = None
    suspend_reason: str | None = None
    user_fields: dict[str, object] = field(default_factory=dict)
    timezone: str | None = None
    location: str | None = None
    last_posted_at: datetime | None = None
    last_seen_at: datetime | None = None
    deleted: bool = False
    # category id → notification level set by the user (POST /category/{id}/notifications).
    category_levels: dict[int, int] = field(default_factory=dict)

    @property
    def staff(self) -> bool:
        return self.admin or self.moderator

    def suspended(self, now: datetime) -> bool:
        return self.suspended_till is not None and self.suspended_till > now


@dataclass
class Badge:
    """A Badge row; circleup's badges are manual (no query, no trigger), granted through the API."""

    id: int
    name: str
    description: str
    badge_type_id: int = 3  # BadgeType: 1 gold, 2 silver, 3 bronze
    icon: str = "certificate"
    long_description: str = ""
    enabled: bool = True
    allow_title: bool = False
    multiple_grant: bool = False
    listable: bool = True
    show_posts: bool = False
    badge_grouping_id: int = 5  # BadgeGrouping::Other
    system: bool = False

    @property
    def slug(self) -> str:
        return slugify(self.name)


@dataclass
class UserBadge:
    id: int
    badge_id: int
    user_id: int
    granted_by_id: int
    granted_at: datetime
    post_id: int | None = None


@dataclass
class Membership:
    """A GroupUser row: its id and created_at appear in group_user webhooks."""

    id: int
    user_id: int
    created_at: datetime
    notification_level: int = WATCHING
    owner: bool = False


@dataclass
class Group:
    id: int
    name: str
    full_name: str | None = None
    automatic: bool = False
    visibility_level: int = 0
    mentionable_level: int = 0
    messageable_level: int = 0
    public_admission: bool = False
    public_exit: bool = False
    default_notification_level: int = WATCHING
    bio_raw: str | None = None
    # user id → membership; automatic groups compute their members instead.
    memberships: dict[int, Membership] = field(default_factory=dict)


@dataclass
class Category:
    id: int
    name: str
    slug: str
    color: str = "0088CC"
    text_color: str = "FFFFFF"
    description: str | None = None
    parent_category_id: int | None = None
    position: int = 0
    # group name → permission type; {"everyone": FULL} is an open category.
    permissions: dict[str, int] = field(default_factory=lambda: {"everyone": FULL})

    @property
    def read_restricted(self) -> bool:
        return "everyone" not in self.permissions


@dataclass
class Tag:
    id: int
    name: str


@dataclass
class TagGroup:
    id: int
    name: str
    tag_names: list[str] = field(default_factory=list)


# UserField.field_types.
USER_FIELD_TYPES = ("text", "textarea", "confirm", "dropdown", "multiselect")


@dataclass
class UserField:
    id: int
    name: str
    description: str
    field_type: str = "text"
    editable: bool = True
    show_on_profile: bool = True
    requirement: str = "optional"
    position: int = 0


@dataclass
class Topic:
    id: int
    title: str
    slug: str
    user_id: int
    created_at: datetime
    category_id: int | None
    archetype: str = "regular"
    tags: list[str] = field(default_factory=list)
    allowed_user_ids: set[int] = field(default_factory=set)
    allowed_group_ids: set[int] = field(default_factory=set)
    closed: bool = False
    archived: bool = False
    visible: bool = True
    deleted_at: datetime | None = None
    bumped_at: datetime | None = None
    last_posted_at: datetime | None = None
    last_post_user_id: int | None = None
    highest_post_number: int = 0

    @property
    def is_private_message(self) -> bool:
        return self.archetype == "private_message"


@dataclass
class Post:
    id: int
    topic_id: int
    post_number: int
    user_id: int
    raw: str
    cooked: str
    created_at: datetime
    updated_at: datetime
    post_type: int = REGULAR
    reply_to_post_number: int | None = None
    version: int = 1
    edit_reason: str | None = None
    action_code: str | None = None
    deleted_at: datetime | None = None
    reply_count: int = 0
    liked_by: list[int] = field(default_factory=list)  # user ids, in the order they liked it


# PostActionType.types[:like]; the only post action the simulator takes.
LIKE = 2


@dataclass
class WebHook:
    id: int
    payload_url: str
    secret: str
    event_type_ids: set[int] = field(default_factory=set)
    wildcard: bool = False
    active: bool = True
    content_type: int = 1
    verify_certificate: bool = True
    category_ids: set[int] = field(default_factory=set)
    tag_names: set[str] = field(default_factory=set)
    # WebHook.last_delivery_statuses: inactive 1, failed 2, successful 3, disabled 4.
    last_delivery_status: int = 1

    def wants(self, event_name: str) -> bool:
        if not self.active:
            return False
        return self.wildcard or EVENT_TYPE_IDS.get(event_name) in self.event_type_ids
