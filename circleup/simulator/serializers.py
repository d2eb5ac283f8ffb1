"""JSON shapes, as Discourse's serializers render them.

Each endpoint renders a different key set of the same record (PostSerializer for a topic's
post stream is not the one POST /posts.json answers with), and the published OpenAPI schemas
forbid extra keys on most of them. So each shape below is an explicit key list picked from one
superset of fields; the key lists were taken from openapi.json (REST) and from real webhook
deliveries (webhook payloads). tests/integration/test_contract.py checks them against both.

Counters Discourse keeps (reads, likes, views, ...) are zero: circleup never reads them.
"""
from __future__ import annotations

import html
import re
from typing import Any, Iterable

from circleup.integration.webhook_events import event_names_by_type_id
from circleup.simulator.state import (
    LIKE,
    AUTO_GROUPS,
    REGULAR,
    Badge,
    Category,
    Group,
    Membership,
    Post,
    Tag,
    TagGroup,
    Topic,
    User,
    UserField,
    UserBadge,
    WebHook,
    iso,
)

_MENTION = re.compile(r"(?<![\w@`])@([A-Za-z0-9_][A-Za-z0-9_.\-]*[A-Za-z0-9_]|[A-Za-z0-9_])")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)


def mentioned_names(raw: str) -> list[str]:
    """Distinct @names in raw, lower-cased, code spans and HTML comments ignored."""
    text = _HTML_COMMENT.sub("", raw)
    text = re.sub(r"```.*?```|`[^`]*`", "", text, flags=re.S)
    seen: dict[str, None] = {}
    for name in _MENTION.findall(text):
        seen.setdefault(name.lower(), None)
    return list(seen)


def cook(raw: str, is_user: Any = lambda name: False) -> str:
    """A small stand-in for Discourse's markdown cooker.

    Paragraphs become <p>, text is HTML-escaped, HTML comments vanish (Discourse's sanitizer
    drops them, which is why circleup's idempotency marker is invisible to readers) and
    mentions of existing users become links, as they do in real cooked HTML.
    """
    text = _HTML_COMMENT.sub("", raw).strip()
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]

    def link(match: re.Match[str]) -> str:
        name = match.group(1)
        if is_user(name):
            return f'<a class="mention" href="/u/{name.lower()}">@{name}</a>'
        return match.group(0)

    return "\n".join(
        "<p>" + _MENTION.sub(link, html.escape(p.strip(), quote=False)).replace("\n", "<br>\n") + "</p>"
        for p in paragraphs
    )


def pick(source: dict[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    return {k: source[k] for k in keys}


def avatar_template(user: User) -> str:
    return f"/letter_avatar_proxy/v4/letter/{user.username[0].lower()}/e47774/{{size}}.png"


def basic_user(user: User) -> dict[str, Any]:
    return {"id": user.id, "username": user.username, "name": user.name or "", "avatar_template": avatar_template(user)}


# -- posts ---------------------------------------------------------------------------------------

POST_STREAM_KEYS = (
    "id", "name", "username", "avatar_template", "created_at", "cooked", "post_number", "post_type",
    "updated_at", "reply_count", "reply_to_post_number", "quote_count", "incoming_link_count", "reads",
    "readers_count", "score", "yours", "topic_id", "topic_slug", "display_username", "primary_group_name",
    "flair_name", "flair_url", "flair_bg_color", "flair_color", "version", "can_edit", "can_delete",
    "can_recover", "can_see_hidden_post", "can_wiki", "link_counts", "read", "user_title", "bookmarked",
    "actions_summary", "moderator", "admin", "staff", "user_id", "hidden", "trust_level", "deleted_at",
    "user_deleted", "edit_reason", "can_view_edit_history", "wiki", "reviewable_id",
    "reviewable_score_count", "reviewable_score_pending_count",
)
POST_SHOW_KEYS = (
    "id", "username", "avatar_template", "created_at", "cooked", "post_number", "post_type", "posts_count",
    "updated_at", "reply_count", "reply_to_post_number", "quote_count", "incoming_link_count", "reads",
    "readers_count", "score", "yours", "topic_id", "topic_slug", "primary_group_name", "flair_name",
    "flair_url", "flair_bg_color", "flair_color", "flair_group_id", "version", "can_edit", "can_delete",
    "can_recover", "can_see_hidden_post", "can_wiki", "user_title", "bookmarked", "raw", "actions_summary",
    "moderator", "admin", "staff", "user_id", "hidden", "trust_level", "deleted_at", "user_deleted",
    "edit_reason", "can_view_edit_history", "wiki", "reviewable_id", "reviewable_score_count",
    "reviewable_score_pending_count", "post_url", "mentioned_users", "name", "display_username",
)
POST_UPDATE_KEYS = (
    "id", "username", "avatar_template", "created_at", "cooked", "post_number", "post_type", "posts_count",
    "updated_at", "reply_count", "reply_to_post_number", "quote_count", "incoming_link_count", "reads",
    "readers_count", "score", "yours", "topic_id", "topic_slug", "primary_group_name", "flair_name",
    "flair_url", "flair_bg_color", "flair_color", "flair_group_id", "badges_granted", "version", "can_edit",
    "can_delete", "can_recover", "can_see_hidden_post", "can_wiki", "user_title", "bookmarked", "raw",
    "actions_summary", "moderator", "admin", "staff", "user_id", "draft_sequence", "hidden", "trust_level",
    "deleted_at", "user_deleted", "edit_reason", "can_view_edit_history", "wiki", "reviewable_id",
    "reviewable_score_count", "reviewable_score_pending_count", "post_url", "post_localizations",
    "mentioned_users", "name", "display_username",
)
POST_CREATE_KEYS = (
    "id", "name", "username", "avatar_template", "created_at", "raw", "cooked", "post_number", "post_type",
    "posts_count", "updated_at", "reply_count", "reply_to_post_number", "quote_count", "incoming_link_count",
    "reads", "readers_count", "score", "yours", "topic_id", "topic_slug", "display_username",
    "primary_group_name", "flair_name", "flair_url", "flair_bg_color", "flair_color", "flair_group_id",
    "badges_granted", "version", "can_edit", "can_delete", "can_recover", "can_see_hidden_post", "can_wiki",
    "user_title", "bookmarked", "actions_summary", "moderator", "admin", "staff", "user_id", "draft_sequence",
    "hidden", "trust_level", "deleted_at", "user_deleted", "edit_reason", "can_view_edit_history", "wiki",
    "reviewable_id", "reviewable_score_count", "reviewable_score_pending_count", "post_url",
    "post_localizations", "mentioned_users",
)
# WebHookPostSerializer, in the order of a real delivery; conditional keys are added in place.
WEBHOOK_POST_KEYS = (
    "id", "name", "username", "avatar_template", "created_at", "cooked", "post_number", "post_type",
    "posts_count", "updated_at", "reply_count", "reply_to_post_number", "quote_count", "incoming_link_count",
    "reads", "score", "topic_id", "topic_slug", "topic_title", "category_id", "display_username",
    "primary_group_name", "flair_name", "flair_group_id", "version", "user_title",
)
WEBHOOK_POST_TAIL_KEYS = (
    "bookmarked", "raw", "moderator", "admin", "staff", "user_id", "hidden", "trust_level", "deleted_at",
    "user_deleted", "edit_reason", "wiki",
)
WEBHOOK_POST_END_KEYS = ("reviewable_id", "reviewable_score_count", "reviewable_score_pending_count", "post_url")


def post_fields(sim: Simulator, post: Post, viewer: User | None = None) -> dict[str, Any]:
    """Every field any post shape uses."""
    user = sim.user_by_id(post.user_id)
    topic = sim.topics[post.topic_id]
    topic_posts = sim.live_posts(topic.id)
    mentioned = [basic_user(u) for name in mentioned_names(post.raw) if (u := sim.find_user(name)) is not None]
    return {
        "id": post.id,
        "name": user.name,
        "username": user.username,
        "avatar_template": avatar_template(user),
        "created_at": iso(post.created_at),
        "raw": post.raw,
        "cooked": post.cooked,
        "post_number": post.post_number,
        "post_type": post.post_type,
        "posts_count": len(topic_posts),
        "updated_at": iso(post.updated_at),
        "reply_count": post.reply_count,
        "reply_to_post_number": post.reply_to_post_number,
        "quote_count": 0,
        "incoming_link_count": 0,
        "reads": 1,
        "readers_count": 0,
        "score": 0,
        "yours": viewer is not None and viewer.id == user.id,
        "topic_id": topic.id,
        "topic_slug": topic.slug,
        "topic_title": topic.title,
        "category_id": topic.category_id,
        "display_username": user.name or user.username,
        "primary_group_name": None,
        "flair_name": None,
        "flair_url": None,
        "flair_bg_color": None,
        "flair_color": None,
        "flair_group_id": None,
        "badges_granted": [],
        "version": post.version,
        "can_edit": viewer is not None and (viewer.staff or viewer.id == user.id),
        "can_delete": viewer is not None and viewer.staff,
        "can_recover": False,
        "can_see_hidden_post": viewer is not None and viewer.staff,
        "can_wiki": viewer is not None and viewer.staff,
        "link_counts": [],
        "read": True,
        "user_title": None,
        "bookmarked": False,
        "actions_summary": _actions_summary(post, viewer),
        "moderator": user.moderator,
        "admin": user.admin,
        "staff": user.staff,
        "user_id": user.id,
        "draft_sequence": 0,
        "hidden": False,
        "trust_level": user.trust_level,
        "deleted_at": iso(post.deleted_at) if post.deleted_at else None,
        "user_deleted": user.deleted,
        "edit_reason": post.edit_reason,
        "can_view_edit_history": True,
        "wiki": False,
        "reviewable_id": None,
        "reviewable_score_count": 0,
        "reviewable_score_pending_count": 0,
        "post_url": f"/t/{topic.slug}/{topic.id}/{post.post_number}",
        "post_localizations": [],
        "mentioned_users": mentioned,
    }


def _actions_summary(post: Post, viewer: User | None) -> list[dict[str, Any]]:
    """PostSerializer#actions_summary: the like, with its count and whether the viewer acted."""
    if not post.liked_by and viewer is None:
        return []
    summary: dict[str, Any] = {"id": LIKE}
    if post.liked_by:
        summary["count"] = len(post.liked_by)
    if viewer is not None and viewer.id in post.liked_by:
        summary["acted"] = True
    if viewer is not None and viewer.id != post.user_id:
        summary["can_act"] = viewer.id not in post.liked_by
    return [summary] if len(summary) > 1 else []


def webhook_like(sim: Simulator, post: Post, user: User) -> dict[str, Any]:
    """WebHookLikeSerializer: the liked post (as in post deliveries) and who liked it."""
    return {"post": webhook_post(sim, post), "user": basic_user(user)}


def post_for_create(sim: Simulator, post: Post, viewer: User) -> dict[str, Any]:
    return pick(post_fields(sim, post, viewer), POST_CREATE_KEYS)


def post_for_show(sim: Simulator, post: Post, viewer: User) -> dict[str, Any]:
    return pick(post_fields(sim, post, viewer), POST_SHOW_KEYS)


def post_for_update(sim: Simulator, post: Post, viewer: User) -> dict[str, Any]:
    return pick(post_fields(sim, post, viewer), POST_UPDATE_KEYS)


def post_in_stream(sim: Simulator, post: Post, viewer: User) -> dict[str, Any]:
    return pick(post_fields(sim, post, viewer), POST_STREAM_KEYS)


def webhook_post(sim: Simulator, post: Post) -> dict[str, Any]:
    """WebHookPostSerializer: serialized as the system user, with topic context added."""
    fields = post_fields(sim, post)
    topic = sim.topics[post.topic_id]
    payload = pick(fields, WEBHOOK_POST_KEYS)
    if post.reply_to_post_number:
        parent = sim.post_by_number(topic.id, post.reply_to_post_number)
        if parent is not None and parent.user_id != post.user_id:
            payload["reply_to_user"] = {
                k: v for k, v in basic_user(sim.user_by_id(parent.user_id)).items() if k != "id"
            }
    payload.update(pick(fields, WEBHOOK_POST_TAIL_KEYS))
    if post.action_code:
        payload["action_code"] = post.action_code
    live = sim.live_posts(topic.id)
    payload.update(pick(fields, WEBHOOK_POST_END_KEYS))
    payload["topic_posts_count"] = len(live)
    payload["topic_filtered_posts_count"] = sum(1 for p in live if p.post_type == REGULAR)
    payload["topic_archetype"] = topic.archetype
    if topic.category_id is not None:
        payload["category_slug"] = sim.categories[topic.category_id].slug
    return payload


# -- topics --------------------------------------------------------------------------------------


def topic_tags(sim: Simulator, topic: Topic) -> list[Any]:
    if sim.settings.tags_as_objects:
        return [{"id": sim.tags[name].id, "name": name, "slug": name} for name in topic.tags]
    return list(topic.tags)


def _topic_common(sim: Simulator, topic: Topic) -> dict[str, Any]:
    live = sim.live_posts(topic.id)
    first = live[0] if live else None
    last_poster = sim.user_by_id(topic.last_post_user_id or topic.user_id)
    return {
        "id": topic.id,
        "title": topic.title,
        "fancy_title": html.escape(topic.title, quote=False),
        "posts_count": len(live),
        "created_at": iso(topic.created_at),
        "views": 0,
        "reply_count": max(0, len(live) - 1),
        "like_count": 0,
        "last_posted_at": iso(topic.last_posted_at) if topic.last_posted_at else None,
        "visible": topic.visible,
        "closed": topic.closed,
        "archived": topic.archived,
        "archetype": topic.archetype,
        "slug": topic.slug,
        "category_id": topic.category_id,
        "word_count": len(first.raw.split()) if first else 0,
        "deleted_at": iso(topic.deleted_at) if topic.deleted_at else None,
        "user_id": topic.user_id,
        "featured_link": None,
        "pinned_globally": False,
        "pinned_at": None,
        "pinned_until": None,
        "unpinned": None,
        "pinned": False,
        "highest_post_number": topic.highest_post_number,
        "deleted_by": None,
        "bookmarked": False,
        "participant_count": len({p.user_id for p in live}),
        "thumbnails": None,
        "tags": topic_tags(sim, topic),
        "tags_descriptions": {},
        "created_by": basic_user(sim.user_by_id(topic.user_id)),
        "last_poster": basic_user(last_poster),
    }


def webhook_topic(sim: Simulator, topic: Topic) -> dict[str, Any]:
    """WebHookTopicViewSerializer (key order of a real delivery)."""
    return _topic_common(sim, topic)


def topic_view(sim: Simulator, topic: Topic, viewer: User, posts: list[Post], chunk_size: int = 20) -> dict[str, Any]:
    """GET /t/{id}.json: topic fields, the first chunk of posts and the ids of all of them."""
    common = _topic_common(sim, topic)
    participants = []
    for user_id in dict.fromkeys(p.user_id for p in posts):
        user = sim.user_by_id(user_id)
        participants.append({
            **basic_user(user),
            "post_count": sum(1 for p in posts if p.user_id == user_id),
            "primary_group_name": None, "flair_name": None, "flair_url": None, "flair_color": None,
            "flair_bg_color": None, "flair_group_id": None, "admin": user.admin, "moderator": user.moderator,
            "trust_level": user.trust_level,
        })
    details = {
        "can_edit": viewer.staff, "notification_level": 1, "can_move_posts": viewer.staff,
        "can_delete": viewer.staff, "can_remove_allowed_users": viewer.staff,
        "can_create_post": not topic.closed or viewer.staff, "can_reply_as_new_topic": True,
        "can_invite_to": viewer.staff, "can_invite_via_email": viewer.staff, "can_flag_topic": True,
        "can_convert_topic": viewer.staff, "can_review_topic": viewer.staff, "can_close_topic": viewer.staff,
        "can_archive_topic": viewer.staff, "can_split_merge_topic": viewer.staff,
        "can_edit_staff_notes": viewer.staff, "can_toggle_topic_visibility": viewer.staff,
        "can_pin_unpin_topic": viewer.staff, "can_banner_topic": viewer.staff,
        "can_moderate_category": viewer.staff, "can_remove_self_id": viewer.id,
        "participants": participants, "created_by": common["created_by"], "last_poster": common["last_poster"],
    }
    if topic.archetype == "private_message":
        # TopicViewDetailsSerializer adds who a private message is addressed to.
        details["allowed_users"] = [basic_user(sim.user_by_id(uid)) for uid in sorted(topic.allowed_user_ids)]
        details["allowed_groups"] = [
            {"id": gid, "name": sim.groups[gid].name} for gid in sorted(topic.allowed_group_ids) if gid in sim.groups
        ]
    view = {
        "post_stream": {
            "posts": [post_in_stream(sim, p, viewer) for p in posts[:chunk_size]],
            "stream": [p.id for p in posts],
        },
        "timeline_lookup": [],
        "suggested_topics": [],
        "tags": common["tags"],
        "tags_descriptions": {},
    }
    for key in ("id", "title", "fancy_title", "posts_count", "created_at", "views", "reply_count", "like_count",
                "last_posted_at", "visible", "closed", "archived"):
        view[key] = common[key]
    view["has_summary"] = False
    for key in ("archetype", "slug", "category_id", "word_count", "deleted_at", "user_id", "featured_link",
                "pinned_globally", "pinned_at", "pinned_until"):
        view[key] = common[key]
    view.update({
        "image_url": None, "slow_mode_seconds": 0, "draft": None, "draft_key": f"topic_{topic.id}",
        "draft_sequence": 0, "unpinned": None, "pinned": False, "current_post_number": 1,
        "highest_post_number": topic.highest_post_number, "deleted_by": None, "has_deleted": False,
        "actions_summary": [], "chunk_size": chunk_size, "bookmarked": False, "bookmarks": [],
        "topic_timer": None, "message_bus_last_id": 0, "participant_count": common["participant_count"],
        "show_read_indicator": False, "thumbnails": None, "slow_mode_enabled_until": None, "details": details,
    })
    return view


def topic_list_item(sim: Simulator, topic: Topic) -> dict[str, Any]:
    """One entry of a topic list (e.g. /topics/private-messages-sent/{username}.json)."""
    common = _topic_common(sim, topic)
    live = sim.live_posts(topic.id)
    return {
        **{k: common[k] for k in ("id", "title", "fancy_title", "slug", "posts_count", "reply_count",
                                  "highest_post_number", "created_at", "last_posted_at")},
        "image_url": None, "bumped": True, "bumped_at": iso(topic.bumped_at or topic.created_at),
        "archetype": topic.archetype, "unseen": False, "pinned": False, "unpinned": None,
        "visible": topic.visible, "closed": topic.closed, "archived": topic.archived, "bookmarked": False,
        "liked": False, "views": 0, "like_count": 0, "has_summary": False,
        "last_poster_username": common["last_poster"]["username"], "category_id": topic.category_id,
        "pinned_globally": False, "featured_link": None, "allowed_user_count": len(topic.allowed_user_ids),
        "posters": [
            {"extras": "latest" if i == 0 else "", "description": "Original Poster" if i == 0 else "Frequent Poster",
             "user_id": user_id, "primary_group_id": None}
            for i, user_id in enumerate(dict.fromkeys(p.user_id for p in live))
        ],
        "participants": [],
    }


def category_topic_list_item(sim: Simulator, topic: Topic) -> dict[str, Any]:
    """One entry of a category's topic list (/c/{slug}/{id}.json): a list item with its excerpt."""
    item = topic_list_item(sim, topic)
    for private_only in ("allowed_user_count", "participants"):
        item.pop(private_only)
    first = sim.first_post(topic.id)
    item["excerpt"] = re.sub(r"\s+", " ", first.raw).strip()[:200] if first else ""
    # From the viewer's TopicUser row, which a topic they never opened lacks: null, not false.
    item["bookmarked"] = item["liked"] = None
    return item


# -- users ---------------------------------------------------------------------------------------


def _notification_schedule() -> dict[str, Any]:
    schedule: dict[str, Any] = {"enabled": False}
    for day in range(7):
        schedule[f"day_{day}_start_time"] = 480
        schedule[f"day_{day}_end_time"] = 1020
    return schedule


def _category_lists(user: User) -> dict[str, list[int]]:
    by_level: dict[int, list[int]] = {0: [], 1: [], 2: [], 3: [], 4: []}
    for category_id, level in sorted(user.category_levels.items()):
        by_level[level].append(category_id)
    return {
        "muted_category_ids": by_level[0],
        "regular_category_ids": by_level[1],
        "tracked_category_ids": by_level[2],
        "watched_category_ids": by_level[3],
        "watched_first_post_category_ids": by_level[4],
    }


def user_group_entry(sim: Simulator, group: Group) -> dict[str, Any]:
    """A group inside a user's `groups` list (BasicGroupSerializer)."""
    return {
        "id": group.id, "automatic": group.automatic, "name": group.name, "display_name": group.name,
        "user_count": len(sim.group_member_ids(group)), "mentionable_level": group.mentionable_level,
        "messageable_level": group.messageable_level, "visibility_level": group.visibility_level,
        "primary_group": False, "title": None, "grant_trust_level": None, "incoming_email": None,
        "has_messages": False, "flair_url": None, "flair_bg_color": None, "flair_color": None,
        "bio_raw": group.bio_raw, "bio_cooked": f"<p>{html.escape(group.bio_raw)}</p>" if group.bio_raw else None,
        "bio_excerpt": group.bio_raw, "public_admission": group.public_admission, "public_exit": group.public_exit,
        "allow_membership_requests": False, "full_name": group.full_name,
        "default_notification_level": group.default_notification_level, "membership_request_template": None,
        "members_visibility_level": 0, "can_see_members": True, "can_admin_group": False,
        "publish_read_state": False,
    }


_WEBHOOK_USER_GROUP_KEYS = (
    "id", "automatic", "name", "display_name", "user_count", "mentionable_level", "messageable_level",
    "visibility_level", "primary_group", "title", "grant_trust_level", "flair_url", "flair_bg_color",
    "flair_color", "has_messages", "public_admission", "public_exit", "allow_membership_requests",
    "full_name", "default_notification_level", "can_see_members", "publish_read_state",
)


def _user_option(user: User) -> dict[str, Any]:
    return {
        "user_id": user.id, "mailing_list_mode": False, "mailing_list_mode_frequency": 1, "email_digests": True,
        "email_level": 1, "email_messages_level": 0, "external_links_in_new_tab": False,
        "bookmark_auto_delete_preference": 3, "color_scheme_id": None, "dark_scheme_id": None,
        "dynamic_favicon": False, "enable_quoting": True, "enable_smart_lists": True,
        "enable_markdown_monospace_font": False, "digest_after_minutes": 10080,
        "automatically_unpin_topics": True, "auto_track_topics_after_msecs": 240000,
        "notification_level_when_replying": 2, "new_topic_duration_minutes": 2880, "email_previous_replies": 2,
        "email_in_reply_to": True, "like_notification_frequency": 1, "notify_on_linked_posts": True,
        "push_notification_level": "always", "enable_upcoming_change_available_notifications": False,
        "include_tl0_in_digests": False, "theme_ids": [2], "theme_key_seq": 0, "allow_private_messages": True,
        "enable_allowed_pm_users": False, "homepage_id": None, "hide_profile_and_presence": False,
        "hide_profile": False, "hide_presence": False, "text_size": "normal", "text_size_seq": 0,
        "title_count_mode": "notifications", "timezone": user.timezone, "skip_new_user_tips": False,
        "topics_unread_when_closed": True, "interface_color_mode": 1, "automatically_translate": False,
        "understood_languages": [], "show_original_content": True, "send_shortcut": "enter",
    }


_WEBHOOK_USER_OPTION_KEYS = (
    "user_id", "mailing_list_mode", "email_digests", "email_level", "email_messages_level",
    "external_links_in_new_tab", "enable_quoting", "dynamic_favicon", "automatically_unpin_topics",
    "digest_after_minutes", "new_topic_duration_minutes", "auto_track_topics_after_msecs",
    "notification_level_when_replying", "email_previous_replies", "email_in_reply_to",
    "like_notification_frequency", "include_tl0_in_digests", "theme_ids", "allow_private_messages",
    "homepage_id", "hide_profile_and_presence", "text_size", "title_count_mode", "timezone",
)


def _user_counts(sim: Simulator, user: User) -> tuple[int, int]:
    posts = [p for p in sim.posts.values() if p.user_id == user.id and p.deleted_at is None]
    topics = {p.topic_id for p in posts if p.post_number == 1}
    return len(posts), len(topics)


def user_profile(sim: Simulator, user: User, viewer: User) -> dict[str, Any]:
    """GET /u/{username}.json → {"user_badges": [], "user": ...} (UserSerializer, admin viewer)."""
    post_count, topic_count = _user_counts(sim, user)
    groups = sim.groups_of(user)
    body: dict[str, Any] = {
        "id": user.id, "username": user.username, "name": user.name or "", "avatar_template": avatar_template(user),
        "last_posted_at": iso(user.last_posted_at) if user.last_posted_at else None,
        "last_seen_at": iso(user.last_seen_at) if user.last_seen_at else None,
        "created_at": iso(user.created_at), "ignored": False, "muted": False, "can_ignore_user": False,
        "can_ignore_users": False, "can_mute_user": False, "can_mute_users": False,
        "can_send_private_messages": True, "can_send_private_message_to_user": viewer.id != user.id,
        "trust_level": user.trust_level, "moderator": user.moderator, "admin": user.admin, "title": None,
        "badge_count": 0, "second_factor_backup_enabled": False,
        "user_fields": dict(user.user_fields), "custom_fields": {},
        "time_read": 0, "recent_time_read": 0, "primary_group_id": None, "primary_group_name": None,
        "flair_group_id": None, "flair_name": None, "flair_url": None, "flair_bg_color": None, "flair_color": None,
        "featured_topic": None, "staged": user.staged, "can_edit": viewer.staff or viewer.id == user.id,
        "can_edit_username": viewer.staff, "can_edit_email": viewer.staff, "can_edit_name": True,
        "uploaded_avatar_id": None, "has_title_badges": False, "pending_count": 0, "pending_posts_count": 0,
        "profile_view_count": 0, "second_factor_enabled": False, "can_upload_profile_header": True,
        "can_upload_user_card_background": True, "post_count": post_count, "topic_count": topic_count,
        "can_be_deleted": viewer.admin, "can_delete_all_posts": viewer.admin, "locale": None,
        "muted_category_ids": [], "regular_category_ids": [], "watched_tags": [], "watching_first_post_tags": [],
        "tracked_tags": [], "muted_tags": [], "tracked_category_ids": [], "watched_category_ids": [],
        "watched_first_post_category_ids": [], "system_avatar_upload_id": None,
        "system_avatar_template": avatar_template(user), "muted_usernames": [], "ignored_usernames": [],
        "allowed_pm_usernames": [], "mailing_list_posts_per_day": 0, "can_change_bio": True,
        "can_change_location": True, "can_change_website": True, "can_change_tracking_preferences": True,
        "user_api_keys": None, "user_passkeys": [], "sidebar_tags": [], "sidebar_category_ids": [],
        "display_sidebar_tags": False, "can_pick_theme_with_custom_homepage": False, "user_auth_tokens": [],
        "user_notification_schedule": _notification_schedule(), "use_logo_small_as_avatar": False,
        "featured_user_badge_ids": [], "invited_by": None,
        "groups": [user_group_entry(sim, g) for g in groups],
        "group_users": [
            {"group_id": g.id, "user_id": user.id, "notification_level": m.notification_level, "owner": m.owner}
            for g in groups if (m := g.memberships.get(user.id)) is not None
        ],
        "user_option": _user_option(user),
    }
    body.update(_category_lists(user))
    if user.location:
        # UserSerializer's "untrusted attributes" (location, website, bio) appear only when set.
        body["location"] = user.location
    return {"user_badges": [], "user": body}


def webhook_user(sim: Simulator, user: User) -> dict[str, Any]:
    """WebHookUserSerializer: serialized as system, so email is included."""
    post_count, _ = _user_counts(sim, user)
    payload: dict[str, Any] = {
        "id": user.id, "username": user.username, "name": user.name, "avatar_template": avatar_template(user),
        "email": user.email, "secondary_emails": [],
        "last_posted_at": iso(user.last_posted_at) if user.last_posted_at else None,
        "last_seen_at": iso(user.last_seen_at) if user.last_seen_at else None,
        "created_at": iso(user.created_at), "muted": False, "can_ignore_users": False, "can_mute_users": False,
        "trust_level": user.trust_level, "moderator": user.moderator, "admin": user.admin, "title": None,
        "badge_count": 0, "time_read": 0, "recent_time_read": 0, "primary_group_id": None,
        "primary_group_name": None, "flair_group_id": None, "flair_name": None, "flair_url": None,
        "flair_bg_color": None, "flair_color": None, "featured_topic": None, "staged": user.staged,
        "pending_count": 0, "profile_view_count": 0, "second_factor_enabled": False,
        "can_upload_profile_header": False, "can_upload_user_card_background": False, "post_count": post_count,
        "locale": None, "muted_category_ids": [], "regular_category_ids": [], "watched_tags": [],
        "watching_first_post_tags": [], "tracked_tags": [], "muted_tags": [], "tracked_category_ids": [],
        "watched_category_ids": [], "watched_first_post_category_ids": [],
        "system_avatar_template": avatar_template(user), "muted_usernames": [], "ignored_usernames": [],
        "allowed_pm_usernames": [], "mailing_list_posts_per_day": 0,
        "user_notification_schedule": {"enabled": False, "day_0_start_time": 480, "day_0_end_time": 1020},
        "featured_user_badge_ids": [], "invited_by": None,
        "groups": [pick(user_group_entry(sim, g), _WEBHOOK_USER_GROUP_KEYS) for g in sim.groups_of(user)],
        "user_option": pick(_user_option(user), _WEBHOOK_USER_OPTION_KEYS),
    }
    payload.update(_category_lists(user))
    if user.user_fields:
        payload["user_fields"] = dict(user.user_fields)
    if user.location:
        # WebHookUserSerializer inherits UserSerializer's location, present only when set.
        payload["location"] = user.location
    return payload


def admin_user(sim: Simulator, user: User) -> dict[str, Any]:
    """GET /admin/users/{id}.json (AdminDetailedUserSerializer)."""
    now = sim.now()
    post_count, topic_count = _user_counts(sim, user)
    suspended = user.suspended(now)
    return {
        "id": user.id, "username": user.username, "name": user.name, "avatar_template": avatar_template(user),
        "active": user.active, "admin": user.admin, "moderator": user.moderator,
        "last_seen_at": iso(user.last_seen_at) if user.last_seen_at else None, "last_emailed_at": None,
        "created_at": iso(user.created_at), "last_seen_age": None, "last_emailed_age": None,
        "created_at_age": (now - user.created_at).total_seconds(), "trust_level": user.trust_level,
        "manual_locked_trust_level": None, "title": None, "time_read": 0, "staged": user.staged,
        "days_visited": 0, "posts_read_count": 0, "topics_entered": 0, "post_count": post_count,
        "associated_accounts": [], "can_send_activation_email": not user.active, "can_activate": not user.active,
        "can_deactivate": user.active, "can_change_trust_level": True, "ip_address": "127.0.0.1",
        "registration_ip_address": None, "can_grant_admin": not user.admin, "can_revoke_admin": user.admin,
        "can_grant_moderation": not user.moderator, "can_revoke_moderation": user.moderator,
        "can_impersonate": not user.admin, "like_count": 0, "like_given_count": 0, "topic_count": topic_count,
        "flags_given_count": 0, "flags_received_count": 0,
        "private_topics_count": sum(1 for t in sim.topics.values() if t.is_private_message and t.user_id == user.id),
        "can_delete_all_posts": True, "can_be_deleted": not user.admin, "can_be_anonymized": not user.admin,
        "can_be_merged": not user.admin, "full_suspend_reason": user.suspend_reason if suspended else None,
        "primary_group_id": None, "badge_count": 0, "warnings_received_count": 0, "bounce_score": 0,
        "reset_bounce_score_after": None, "can_view_action_logs": True, "can_disable_second_factor": False,
        "can_delete_sso_record": False, "api_key_count": 0, "single_sign_on_record": None, "approved_by": None,
        "suspended_by": None, "silenced_by": None,
        "groups": [user_group_entry(sim, g) for g in sim.groups_of(user)],
        "external_ids": {}, "include_ip": False,
    }


def admin_user_list_item(sim: Simulator, user: User) -> dict[str, Any]:
    """An entry of GET /admin/users/list/{flag}.json (AdminUserListSerializer)."""
    post_count, _ = _user_counts(sim, user)
    return {
        "id": user.id, "username": user.username, "name": user.name, "avatar_template": avatar_template(user),
        "active": user.active, "admin": user.admin, "moderator": user.moderator,
        "last_seen_at": iso(user.last_seen_at) if user.last_seen_at else None, "last_emailed_at": None,
        "created_at": iso(user.created_at), "last_seen_age": None, "last_emailed_age": None,
        "created_at_age": (sim.now() - user.created_at).total_seconds(), "trust_level": user.trust_level,
        "manual_locked_trust_level": None, "title": None, "time_read": 0, "staged": user.staged,
        "days_visited": 0, "posts_read_count": 0, "topics_entered": 0, "post_count": post_count,
        "suspended_at": iso(user.suspended_at) if user.suspended_at else None,
        "suspended_till": iso(user.suspended_till) if user.suspended_till else None,
    }


def admin_user_list_email(user: User) -> dict[str, Any]:
    return {"email": user.email, "secondary_emails": []}


# -- groups --------------------------------------------------------------------------------------

_BASIC_GROUP_KEYS = (
    "id", "automatic", "name", "user_count", "mentionable_level", "messageable_level", "visibility_level",
    "primary_group", "title", "grant_trust_level", "incoming_email", "has_messages", "flair_url",
    "flair_bg_color", "flair_color", "bio_raw", "bio_cooked", "bio_excerpt", "public_admission", "public_exit",
    "allow_membership_requests", "full_name", "default_notification_level", "membership_request_template",
    "members_visibility_level", "can_see_members", "can_admin_group", "can_edit_group", "publish_read_state",
)


def basic_group(sim: Simulator, group: Group, viewer: User) -> dict[str, Any]:
    entry = user_group_entry(sim, group)
    entry["can_admin_group"] = viewer.admin
    entry["can_edit_group"] = viewer.admin
    return pick(entry, _BASIC_GROUP_KEYS)


def group_detail(sim: Simulator, group: Group, viewer: User) -> dict[str, Any]:
    """GET /groups/{name}.json → {"group": ..., "extras": ...} (GroupShowSerializer)."""
    entry = basic_group(sim, group, viewer)
    membership = group.memberships.get(viewer.id)
    detail = {k: v for k, v in entry.items() if k not in ("members_visibility_level", "can_see_members",
                                                            "can_admin_group", "can_edit_group",
                                                            "publish_read_state")}
    detail.update({
        "is_group_user": viewer.id in sim.group_member_ids(group),
        "members_visibility_level": 0, "can_see_members": True, "can_admin_group": viewer.admin,
        "can_edit_group": viewer.admin, "publish_read_state": False,
        "is_group_owner_display": bool(membership and membership.owner),
        "mentionable": True, "messageable": True, "automatic_membership_email_domains": None,
        "smtp_updated_at": None, "smtp_updated_by": None, "smtp_enabled": False, "smtp_server": None,
        "smtp_port": None, "smtp_ssl_mode": None, "email_username": None, "email_from_alias": None,
        "email_password": None, "message_count": 0, "allow_unknown_sender_topic_replies": False,
        "associated_group_ids": [], "watching_category_ids": [], "tracking_category_ids": [],
        "watching_first_post_category_ids": [], "regular_category_ids": [], "muted_category_ids": [],
        "watching_tags": [], "watching_first_post_tags": [], "tracking_tags": [], "regular_tags": [],
        "muted_tags": [],
    })
    return {"group": detail, "extras": {"visible_group_names": [g.name for g in sim.groups.values()]}}


def group_member(user: User, membership: Membership | None) -> dict[str, Any]:
    """An entry of GET /groups/{name}/members.json."""
    return {
        "id": user.id, "username": user.username, "name": user.name, "avatar_template": avatar_template(user),
        "title": None,
        "last_posted_at": iso(user.last_posted_at) if user.last_posted_at else None,
        "last_seen_at": iso(user.last_seen_at) if user.last_seen_at else None,
        "added_at": iso(membership.created_at) if membership else iso(user.created_at),
        "timezone": user.timezone or "UTC",
    }


def group_user(group: Group, membership: Membership) -> dict[str, Any]:
    """WebHookGroupUserSerializer (owner omitted: serialized as system, who is not the member)."""
    return {
        "group_id": group.id,
        "user_id": membership.user_id,
        "notification_level": membership.notification_level,
        "id": membership.id,
        "created_at": iso(membership.created_at),
    }


# -- categories ----------------------------------------------------------------------------------


def _subcategory_ids(sim: Simulator, category: Category) -> list[int]:
    return [c.id for c in sim.categories.values() if c.parent_category_id == category.id]


def _category_common(sim: Simulator, category: Category, viewer: User) -> dict[str, Any]:
    """The fields every category shape shares, in CategorySerializer's order."""
    topics = [t for t in sim.topics.values() if t.category_id == category.id and t.deleted_at is None]
    children = _subcategory_ids(sim, category)
    return {
        "id": category.id, "name": category.name, "color": category.color, "text_color": category.text_color,
        "style_type": "square", "emoji": None, "icon": None, "slug": category.slug,
        "topic_count": len(topics), "post_count": sum(len(sim.live_posts(t.id)) for t in topics),
        "position": category.position, "description": category.description,
        "description_text": category.description, "description_excerpt": category.description,
        "topic_url": f"/t/about-the-{category.slug}-category/{category.id}", "read_restricted": category.read_restricted,
        "permission": sim.category_permission(category, viewer), "notification_level": viewer.category_levels.get(category.id, 1),
        "can_edit": viewer.admin, "topic_template": None, "topic_title_placeholder": None,
        "has_children": bool(children), "subcategory_count": len(children) or None, "sort_order": None,
        "sort_ascending": None, "show_subcategory_list": False, "num_featured_topics": 3, "default_view": None,
        "subcategory_list_style": "rows_with_featured_topics", "default_top_period": "all",
        "default_list_filter": "all", "minimum_required_tags": 0, "navigate_to_first_post_after_read": False,
    }


def category_list_item(sim: Simulator, category: Category, viewer: User, subcategories: list[dict] | None) -> dict[str, Any]:
    """An entry of GET /categories.json (with subcategories nested when asked for)."""
    item = _category_common(sim, category, viewer)
    item.update({"topics_day": 0, "topics_week": 0, "topics_month": 0, "topics_year": 0,
                 "topics_all_time": item["topic_count"], "is_uncategorized": category.id == sim.uncategorized_id,
                 "subcategory_ids": _subcategory_ids(sim, category)})
    if subcategories is not None:
        item["subcategory_list"] = subcategories
    for key in ("uploaded_logo", "uploaded_logo_dark", "uploaded_background", "uploaded_background_dark"):
        item[key] = None
    return item


def category_detail(sim: Simulator, category: Category, viewer: User) -> dict[str, Any]:
    """The `category` of GET /c/{id}/show.json and POST /categories.json (CategorySerializer)."""
    detail = _category_common(sim, category, viewer)
    detail.update({
        "locale": None, "form_template_ids": [], "custom_fields": {}, "allowed_tags": [], "allowed_tag_groups": [],
        "allow_global_tags": False, "required_tag_groups": [], "category_localizations": [],
        "read_only_banner": None, "available_groups": [g.name for g in sim.groups.values() if not g.automatic],
        "auto_close_hours": None, "auto_close_based_on_last_post": False,
        "allow_unlimited_owner_edits_on_first_post": False, "default_slow_mode_seconds": None,
        "group_permissions": [
            {"permission_type": level, "group_name": name, "group_id": sim.group_id_for_name(name)}
            for name, level in sorted(category.permissions.items())
        ],
        "email_in": None, "email_in_allow_strangers": False, "mailinglist_mirror": False, "all_topics_wiki": False,
        "can_delete": viewer.admin and detail["topic_count"] == 0, "allow_badges": True,
        "topic_featured_link_allowed": True, "search_priority": 0, "topic_posting_review_group_ids": [],
        "reply_posting_review_group_ids": [],
        "uploaded_logo": None, "uploaded_logo_dark": None, "uploaded_background": None,
        "uploaded_background_dark": None,
    })
    return detail


# -- webhooks (the admin resource, not deliveries) -----------------------------------------------

_EVENT_NAMES = event_names_by_type_id()


def web_hook(hook: WebHook) -> dict[str, Any]:
    """AdminWebHookSerializer."""
    return {
        "id": hook.id,
        "payload_url": hook.payload_url,
        "content_type": hook.content_type,
        "last_delivery_status": hook.last_delivery_status,
        "secret": hook.secret,
        "wildcard_web_hook": hook.wildcard,
        "verify_certificate": hook.verify_certificate,
        "active": hook.active,
        "web_hook_event_types": [
            {"id": type_id, "name": _EVENT_NAMES[type_id], "group": _EVENT_NAMES[type_id].split("_")[0]}
            for type_id in sorted(hook.event_type_ids) if type_id in _EVENT_NAMES
        ],
        "category_ids": sorted(hook.category_ids),
        "tag_names": sorted(hook.tag_names),
        "group_ids": [],
    }


def auto_group_ids_for(user: User) -> list[int]:
    """The automatic groups a user is in (everyone is never listed on a user)."""
    ids = [AUTO_GROUPS[f"trust_level_{level}"] for level in range(user.trust_level + 1)]
    if user.admin:
        ids.append(AUTO_GROUPS["admins"])
    if user.moderator:
        ids.append(AUTO_GROUPS["moderators"])
    if user.staff:
        ids.append(AUTO_GROUPS["staff"])
    return ids


# -- user fields and tags --------------------------------------------------------------------------


def user_field(field: UserField) -> dict[str, Any]:
    """UserFieldSerializer."""
    return {"id": field.id, "name": field.name, "description": field.description, "field_type": field.field_type,
            "editable": field.editable, "requirement": field.requirement, "show_on_profile": field.show_on_profile,
            "show_on_user_card": False, "searchable": False, "position": field.position, "options": []}


def tag_list_item(sim: Simulator, tag: Tag) -> dict[str, Any]:
    """An entry of GET /tags.json (TagsController#index)."""
    count = sum(1 for t in sim.topics.values() if tag.name in t.tags and t.deleted_at is None and not t.is_private_message)
    return {"id": tag.id, "text": tag.name, "name": tag.name, "count": count, "pm_count": 0, "target_tag": None}


def tag_group(sim: Simulator, group: TagGroup) -> dict[str, Any]:
    """TagGroupSerializer."""
    return {"id": group.id, "name": group.name,
            "tags": [{"id": sim.tags[n].id, "name": n, "slug": n} for n in group.tag_names],
            "parent_tag": [], "one_per_topic": False, "permissions": {"everyone": 1}}

# -- badges ----------------------------------------------------------------------------------------

BADGE_TYPES = [{"id": 1, "name": "Gold", "sort_order": 9}, {"id": 2, "name": "Silver", "sort_order": 8},
               {"id": 3, "name": "Bronze", "sort_order": 7}]
BADGE_GROUPINGS = [{"id": 1, "name": "Getting Started", "description": None, "position": 10, "system": True},
                   {"id": 5, "name": "Other", "description": None, "position": 50, "system": True}]


def badge(sim: Simulator, badge: Badge, *, long_description: bool = False) -> dict[str, Any]:
    """BadgeSerializer (AdminBadgeSerializer adds query/trigger fields for the admin list)."""
    body = {
        "id": badge.id, "name": badge.name, "description": badge.description,
        "grant_count": sum(1 for ub in sim.user_badges.values() if ub.badge_id == badge.id),
        "allow_title": badge.allow_title, "multiple_grant": badge.multiple_grant, "icon": badge.icon,
        "image_url": None, "listable": badge.listable, "enabled": badge.enabled,
        "badge_grouping_id": badge.badge_grouping_id, "system": badge.system, "slug": badge.slug,
        "manually_grantable": not badge.system, "badge_type_id": badge.badge_type_id,
    }
    if long_description:
        body["long_description"] = badge.long_description
    return body


def admin_badge(sim: Simulator, badge_: Badge) -> dict[str, Any]:
    return {**badge(sim, badge_, long_description=True), "query": None, "trigger": None, "target_posts": False,
            "auto_revoke": True, "show_posts": badge_.show_posts, "i18n_name": None, "image_upload_id": None,
            "show_in_post_header": False}


def admin_badges(sim: Simulator) -> dict[str, Any]:
    """Admin::BadgesController#index."""
    badges = sorted(sim.badges.values(), key=lambda b: b.id)
    return {
        "badges": [admin_badge(sim, b) for b in badges], "badge_types": BADGE_TYPES, "badge_groupings": BADGE_GROUPINGS,
        "admin_badges": {"protected_system_fields": ["name", "badge_type_id", "multiple_grant", "target_posts",
                                                     "show_posts", "query", "trigger", "auto_revoke", "listable"],
                         "triggers": {"user_change": 8, "none": 0, "post_revision": 2, "trust_level_change": 4,
                                      "post_action": 1},
                         "badge_ids": [b.id for b in badges], "badge_grouping_ids": [g["id"] for g in BADGE_GROUPINGS],
                         "badge_type_ids": [t["id"] for t in BADGE_TYPES]},
    }


def _granted_by(sim: Simulator, user_id: int) -> dict[str, Any]:
    user = sim.user_by_id(user_id)
    return {**basic_user(user), "flair_name": None, "admin": user.admin, "moderator": user.moderator,
            "trust_level": user.trust_level}


def user_badge(sim: Simulator, user_badge_: UserBadge) -> dict[str, Any]:
    """BasicUserBadgeSerializer with the ids DetailedUserBadgeSerializer embeds (badge, granted_by)."""
    return {"id": user_badge_.id, "granted_at": iso(user_badge_.granted_at), "grouping_position": 50,
            "is_favorite": None, "can_favorite": False, "badge_id": user_badge_.badge_id,
            "granted_by_id": user_badge_.granted_by_id}


def user_badge_created(sim: Simulator, user_badge_: UserBadge) -> dict[str, Any]:
    """UserBadgesController#create: the grant, with its badge and granter side-loaded."""
    the_badge = sim.badges[user_badge_.badge_id]
    return {"badges": [badge(sim, the_badge)], "badge_types": [t for t in BADGE_TYPES if t["id"] == the_badge.badge_type_id],
            "users": [_granted_by(sim, user_badge_.granted_by_id)], "user_badge": user_badge(sim, user_badge_)}


def user_badges_of(sim: Simulator, user: User) -> dict[str, Any]:
    """UserBadgesController#username (GET /user-badges/{username}.json)."""
    granted = sorted((ub for ub in sim.user_badges.values() if ub.user_id == user.id), key=lambda ub: ub.id)
    badges = {ub.badge_id: sim.badges[ub.badge_id] for ub in granted}
    return {"badges": [badge(sim, b) for b in badges.values()], "badge_types": BADGE_TYPES,
            "granted_bies": [_granted_by(sim, uid) for uid in sorted({ub.granted_by_id for ub in granted})],
            "user_badges": [user_badge(sim, ub) for ub in granted]}


def webhook_user_badge(sim: Simulator, user_badge_: UserBadge) -> dict[str, Any]:
    """The user_badge_granted / user_badge_revoked delivery: the UserBadge's columns."""
    return {"id": user_badge_.id, "badge_id": user_badge_.badge_id, "user_id": user_badge_.user_id,
            "granted_by_id": user_badge_.granted_by_id, "granted_at": iso(user_badge_.granted_at),
            "post_id": user_badge_.post_id}
