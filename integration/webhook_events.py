"""Discourse's webhook event types: which `web_hook_event_types` id delivers each event name.

The one table of them, for `circleup setup`/`doctor` (subscribing the webhook to what the flows
handle) and for the simulated forum (which hooks receive which deliveries).
"""
from __future__ import annotations

import re

# WebHookEventType ids by the event name circleup routes on (reference pack §1.6). Several event
# names arrive through one type: a hook subscribed to topic_edited (103) also receives the
# topic_<status>_status_updated events, reviewable_updated (902) carries two event names.
EVENT_TYPE_IDS: dict[str, int] = {
    "topic_created": 101, "topic_revised": 102, "topic_edited": 103, "topic_destroyed": 104, "topic_recovered": 105,
    "post_created": 201, "post_edited": 202, "post_destroyed": 203, "post_recovered": 204,
    "user_logged_in": 301, "user_logged_out": 302, "user_confirmed_email": 303, "user_created": 304,
    "user_approved": 305, "user_updated": 306, "user_destroyed": 307, "user_suspended": 308, "user_unsuspended": 309,
    "group_created": 401, "group_updated": 402, "group_destroyed": 403,
    "category_created": 501, "category_updated": 502, "category_destroyed": 503,
    "tag_created": 601, "tag_updated": 602, "tag_destroyed": 603,
    "reviewable_created": 901, "reviewable_updated": 902, "reviewable_score_updated": 902,
    "reviewable_transitioned_to": 902,
    "notification_created": 1001,
    "accepted_solution": 1101, "unaccepted_solution": 1102,
    "assigned": 1201, "unassigned": 1202,
    "user_badge_granted": 1301, "user_badge_revoked": 1302,
    "user_added_to_group": 1401, "user_removed_from_group": 1402,
    "post_liked": 1501,
    "user_promoted": 1601,
}
_TOPIC_STATUS_EVENT = re.compile(r"^topic_[a-z_]+_status_updated$")
_EVENTS_WITHOUT_TYPE = {"ping"}  # sent to every hook, active or not, whatever it subscribes to


def webhook_event_type_id(event_name: str) -> int | None:
    """The web_hook_event_type id whose subscription delivers `event_name` (None for ping)."""
    if event_name in _EVENTS_WITHOUT_TYPE:
        return None
    if event_name in EVENT_TYPE_IDS:
        return EVENT_TYPE_IDS[event_name]
    if _TOPIC_STATUS_EVENT.match(event_name):
        return EVENT_TYPE_IDS["topic_edited"]
    raise ValueError(
        f"no Discourse webhook event type delivers {event_name!r}; "
        "a flow registered a handler for an event Discourse never sends"
    )




def event_names_by_type_id() -> dict[int, str]:
    """Each type id's first event name (several names share a type: topic status updates, reviewables)."""
    names: dict[int, str] = {}
    for name, type_id in EVENT_TYPE_IDS.items():
        names.setdefault(type_id, name)
    return names


# The deliveries that carry a whole topic (a flow that keeps a row per topic listens to all of them);
# status updates reach hooks subscribed to topic_edited.
WHOLE_TOPIC_EVENTS = ("topic_created", "topic_edited", "topic_recovered", "topic_destroyed",
                      "topic_closed_status_updated", "topic_archived_status_updated")
