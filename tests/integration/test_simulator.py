"""The simulator, driven through the real DiscourseClient: state, rules, webhooks, faults, SSO."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import threading
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from werkzeug.serving import make_server

from circleup.integration.discourse import DiscourseClient
from circleup.integration.errors import NotFound, PermanentError, RateLimited, TransientError
from circleup.integration.markdown import marker
from circleup.simulator import FULL, WHISPER, Simulator, SimulatorError, sign
from tests.integration.simulator_fixtures import (  # noqa: F401  (fixtures used by name)
    RECEIVER_URL,
    WEBHOOK_SECRET,
    FakeClock,
    RecordingReceiver,
    clock,
    discourse,
    receiver,
    sim,
)

APPLICATION = "I would like to facilitate the Python learning circle."


@pytest.fixture
def hook(sim, receiver):
    return sim.add_webhook(RECEIVER_URL, WEBHOOK_SECRET)


# -- reading and writing through the client --------------------------------------------------------


def test_user_with_user_fields_by_name_and_by_id(sim, discourse):
    amara = sim.add_user("amara", name="Amara Okafor", user_fields={"1": "Python, Django", "2": "Rust"})
    user = discourse.get_user("amara")
    assert user["id"] == amara.id
    assert user["user_fields"] == {"1": "Python, Django", "2": "Rust"}
    assert discourse.get_user_by_id(amara.id)["username"] == "amara"
    with pytest.raises(NotFound):
        discourse.get_user("nobody")


def test_topic_reply_and_edit_round_trip(sim, discourse):
    sim.add_user("amara")
    first = sim.create_topic("amara", "Python learning circle", "Who wants to learn Python with me?",
                             tags=["LearningCircles", "python"])
    reply = discourse.create_post(first.topic_id, "Welcome! Here are people to learn with.", reply_to_post_number=1)
    assert (reply["post_number"], reply["reply_to_post_number"], reply["username"]) == (2, 1, "circleup")

    topic = discourse.get_topic(first.topic_id)
    assert topic["tag_names"] == ["learningcircles", "python"]
    assert topic["post_stream"]["stream"] == [first.id, reply["id"]]

    edited = discourse.edit_post(reply["id"], "Welcome! Here are the people to learn with.", edit_reason="typo")
    assert edited["version"] == 2
    assert discourse.get_post(reply["id"])["raw"] == "Welcome! Here are the people to learn with."
    assert [p.raw for p in sim.posts_in(first.topic_id)][1] == "Welcome! Here are the people to learn with."


def test_create_topic_through_the_api_lands_in_the_category_with_tags(sim, discourse):
    category = sim.add_category("Learning circles")
    post = discourse.create_topic("Skills directory: programming", "The members who share programming skills.",
                                  category.id, tags=["directory"])
    topic = sim.topic(post["topic_id"])
    assert (topic.category_id, topic.tags, topic.user_id) == (category.id, ["directory"], sim.bot.id)


def test_private_message_to_a_user_and_a_group(sim, discourse):
    sim.add_user("amara")
    sim.add_user("ruth")
    sim.add_group("mentors", members=["ruth"])
    post = discourse.create_private_message("Welcome aboard", "You are now a facilitator.", ["amara", "mentors"])
    assert [t.id for t in sim.private_messages_to("amara")] == [post["topic_id"]]
    assert [t.id for t in sim.private_messages_to("ruth")] == [post["topic_id"]]  # through the group


def test_removing_a_recipient_from_a_message_is_discourses_remove_allowed_user(sim, discourse):
    for name in ("amara", "tomi", "kofi"):
        sim.add_user(name, trust_level=1)
    topic_id = discourse.create_private_message("Your learning circle", "Agree a time and a place.",
                                                ["amara", "tomi", "kofi"])["topic_id"]
    assert discourse.remove_from_message(topic_id, "tomi") == {"success": "OK"}
    assert discourse.message_recipients(topic_id) == {"circleup", "amara", "kofi"}
    assert [p.action_code for p in sim.posts_in(topic_id) if p.action_code] == ["removed_user"]
    with pytest.raises(PermanentError) as refused:  # not (or no longer) a recipient: failed_json, 422
        discourse.remove_from_message(topic_id, "tomi")
    assert refused.value.status == 422 and refused.value.body == {"failed": "FAILED"}
    with pytest.raises(NotFound):
        discourse.remove_from_message(topic_id, "nobody")
    with pytest.raises(NotFound):
        discourse.remove_from_message(topic_id + 999, "kofi")
    with pytest.raises(PermanentError) as missing:
        discourse._request("PUT", f"/t/{topic_id}/remove-allowed-user.json", json={})
    assert missing.value.status == 400
    # A member may leave a message of their own accord, but not take others off it.
    with pytest.raises(PermanentError) as forbidden:
        sim.client(api_username="kofi").remove_from_message(topic_id, "amara")
    assert forbidden.value.status == 403
    assert sim.client(api_username="kofi").remove_from_message(topic_id, "kofi") == {"success": "OK"}
    assert sim.posts_in(topic_id)[-1].action_code == "user_left"
    assert discourse.message_recipients(topic_id) == {"circleup", "amara"}


def test_validation_errors_are_discourses(sim, discourse):
    sim.add_user("amara")
    category = sim.add_category("Learning circles")
    with pytest.raises(PermanentError) as short_body:
        discourse.create_post(sim.create_topic("amara", "Python learning circle", APPLICATION).topic_id, "Thanks!")
    assert short_body.value.status == 422
    assert "Body is too short (minimum is 20 characters)" in str(short_body.value)
    assert short_body.value.body["action"] == "create_post"

    with pytest.raises(PermanentError, match=r"Title is too short \(minimum is 15 characters\)"):
        discourse.create_topic("Too short", "This body is long enough to be accepted.", category.id)
    with pytest.raises(PermanentError, match="Title has already been used"):
        discourse.create_topic("Python learning circle", "Same title as a topic that already exists.", category.id)


def test_private_messages_have_their_own_minimum_length(sim, discourse):
    sim.add_user("amara")
    discourse.create_private_message("Hi", "Ten chars!", ["amara"])
    with pytest.raises(PermanentError, match="minimum is 10 characters"):
        discourse.create_private_message("Hi", "Too short", ["amara"])


def test_too_many_mentions_are_refused(sim, discourse):
    names = [f"member{i}" for i in range(11)]
    for name in names:
        sim.add_user(name)
    topic_id = sim.create_topic("member0", "Python learning circle", APPLICATION).topic_id
    with pytest.raises(PermanentError, match="you can only mention 10 users"):
        discourse.create_post(topic_id, "Suggested: " + " ".join(f"@{n}" for n in names))
    # Escaped names (zero-width space after @) are not mentions.
    discourse.create_post(topic_id, "Suggested: " + " ".join(f"@\u200b{n}" for n in names))


def test_new_users_may_mention_only_two(sim):
    for name in ("newbie", "a1", "b2", "c3"):
        sim.add_user(name, trust_level=0 if name == "newbie" else 1)
    with pytest.raises(SimulatorError, match="new users can only mention 2 users"):
        sim.create_topic("newbie", "Hello from a newcomer", "Hi @a1 @b2 @c3, nice to meet you all!")


def test_duplicate_post_window_then_allowed_after_it(clock):
    sim = Simulator(delivery="queue", clock=clock)
    client = sim.client()
    sim.add_user("amara")
    topic_id = sim.create_topic("amara", "Python learning circle", APPLICATION).topic_id
    client.create_post(topic_id, "Thanks for applying, we will be in touch!")
    with pytest.raises(PermanentError, match="Body is too similar to what you recently posted"):
        client.create_post(topic_id, "Thanks for applying,  we will be in touch!")
    clock.advance(5 * 60 + 1)
    client.create_post(topic_id, "Thanks for applying, we will be in touch!")
    sim.settings.unique_posts_mins = 0
    client.create_post(topic_id, "Thanks for applying, we will be in touch!")


def test_wrong_api_key_is_invalid_access(sim):
    client = DiscourseClient(sim.base_url, "not-the-key", "circleup", session=sim.mount())
    with pytest.raises(PermanentError) as refused:
        client.get_user("circleup")
    assert refused.value.status == 403
    assert refused.value.body == {"errors": ["You are not permitted to view the requested resource."],
                                  "error_type": "invalid_access"}


def test_unknown_acting_user_is_invalid_access(sim):
    with pytest.raises(PermanentError) as refused:
        sim.client(api_username="ghost").get_user("circleup")
    assert refused.value.status == 403


def test_unknown_routes_and_records_are_not_found(sim, discourse):
    with pytest.raises(NotFound):
        discourse.get_topic(999)
    with pytest.raises(NotFound):
        discourse._request("GET", "/no/such/route.json")
    assert sim.requests[-1].response == {"errors": ["The requested URL or resource could not be found."],
                                         "error_type": "not_found"}


def test_read_restricted_category_opens_with_group_membership(sim, discourse):
    sim.add_user("amara")
    group = discourse.create_group("facilitators", full_name="Circle facilitators")
    category = discourse.create_category("Facilitators", permissions={"facilitators": FULL})
    assert category["read_restricted"] is True
    post = sim.create_topic("circleup", "Facilitators handbook", "How we run our learning circles.",
                            category_id=category["id"])
    as_amara = sim.client(api_username="amara")
    with pytest.raises(PermanentError) as refused:
        as_amara.get_topic(post.topic_id)
    assert refused.value.status == 403

    discourse.add_group_members(group["id"], ["amara"])
    assert as_amara.get_topic(post.topic_id)["id"] == post.topic_id
    assert sim.group_usernames("facilitators") == ["amara"]


def test_category_notification_level_is_set_for_the_member(sim, discourse):
    sim.add_user("amara")
    category = sim.add_category("Programming")
    discourse.set_category_notification_level(category.id, 3, "amara")
    assert sim.category_level("amara", category.id) == 3
    assert sim.category_level("circleup", category.id) == 1
    assert discourse.get_user("amara")["watched_category_ids"] == [category.id]
    assert sim.requests[-2].api_username == "amara"


def test_group_membership_is_idempotent_and_paginated(sim, discourse):
    for name in ("ruth", "amara", "osioke", "lena"):
        sim.add_user(name)
    group = sim.add_group("facilitators", owners=["ruth"])
    discourse.add_group_members(group.id, ["amara", "osioke"])
    again = discourse.add_group_members(group.id, ["amara", "osioke"])
    assert again["already_members"] == ["amara", "osioke"]
    discourse.add_group_members(group.id, ["amara", "lena"])  # one new, one not: Discourse accepts

    members = list(discourse.iter_group_members("facilitators", page_size=2))
    assert sorted(m["username"] for m in members) == ["amara", "lena", "osioke", "ruth"]

    removed = discourse.remove_group_members(group.id, ["amara", "ghost"])
    assert (removed["usernames"], removed["skipped_usernames"]) == (["amara"], ["ghost"])
    assert sim.group_usernames("facilitators") == ["lena", "osioke", "ruth"]


def test_automatic_groups_cannot_be_edited(sim, discourse):
    sim.add_user("amara")
    with pytest.raises(PermanentError, match="automatic group"):
        discourse.add_group_members(sim.group("trust_level_1").id, ["amara"])
    assert "amara" in sim.group_usernames("trust_level_1")


def test_categories_include_subcategories_and_show_permissions(sim, discourse):
    parent = sim.add_category("Skills")
    child = discourse.create_category("Programming", parent_category_id=parent.id)
    ids = [c["id"] for c in discourse.get_categories()]
    assert {parent.id, child["id"], sim.uncategorized_id} <= set(ids)
    assert ids.index(child["id"]) == ids.index(parent.id) + 1
    assert discourse.get_category(child["id"])["group_permissions"] == [
        {"permission_type": 1, "group_name": "everyone", "group_id": 0}]


def test_iter_users_walks_every_page_once(sim, discourse):
    sim.settings.admin_users_page_size = 3
    for i in range(7):
        sim.add_user(f"member{i}")
    sim.delete_user("member3")
    usernames = [u["username"] for u in discourse.iter_users()]
    assert usernames == ["circleup"] + [f"member{i}" for i in range(7) if i != 3]
    pages = [r.query["page"] for r in sim.requests if r.path == "/admin/users/list/active.json"]
    assert pages == [["1"], ["2"], ["3"], ["4"]]


def test_find_post_with_marker_after_a_lost_answer(sim, discourse):
    sim.add_user("amara")
    topic_id = sim.create_topic("amara", "Python learning circle", APPLICATION).topic_id
    key = marker("ack-application:post:1")
    discourse.create_post(topic_id, f"Thanks for applying, @amara!\n\n{key}")
    discourse.create_post(topic_id, f"A later post by the bot in the same topic.\n\n{marker('other')}")
    found = discourse.find_post_with_marker(topic_id, key, "circleup")
    assert found is not None and key in found["raw"]
    assert key not in found["cooked"]  # the marker is invisible to readers
    assert discourse.find_post_with_marker(topic_id, marker("never-posted"), "circleup") is None


def test_find_private_message_with_marker(sim, discourse):
    sim.add_user("amara")
    key = marker("welcome:amara")
    sent = discourse.create_private_message("Welcome, Amara", f"You are now a facilitator.\n\n{key}", ["amara"])
    discourse.create_private_message("Something else", "Another message entirely.", ["amara"])
    assert discourse.find_private_message_with_marker("circleup", key)["topic_id"] == sent["topic_id"]
    assert discourse.find_private_message_with_marker("circleup", marker("nope")) is None


def test_whispers_are_hidden_from_members(sim):
    sim.add_user("amara")
    topic_id = sim.create_topic("amara", "Python learning circle", APPLICATION).topic_id
    whisper = sim.reply("circleup", topic_id, "Staff only: looks like a good applicant.", post_type=WHISPER)
    assert whisper.id not in sim.client(api_username="amara").get_topic(topic_id)["post_stream"]["stream"]
    assert whisper.id in sim.client().get_topic(topic_id)["post_stream"]["stream"]
    with pytest.raises(SimulatorError):
        sim.reply("amara", topic_id, "Members cannot whisper, only staff can.", post_type=WHISPER)


def test_request_log_records_what_was_sent(sim, discourse):
    sim.add_user("amara")
    topic_id = sim.create_topic("amara", "Python learning circle", APPLICATION).topic_id
    discourse.create_post(topic_id, "Welcome to the circle, everyone here!", reply_to_post_number=1)
    recorded = sim.requests[-1]
    assert (recorded.method, recorded.path, recorded.status, recorded.api_username) == (
        "POST", "/posts.json", 200, "circleup")
    assert recorded.json == {"topic_id": topic_id, "raw": "Welcome to the circle, everyone here!",
                             "reply_to_post_number": 1}


# -- webhooks -------------------------------------------------------------------------------------


def test_topic_creation_sends_topic_created_and_post_created_signed(sim, receiver, hook):
    sim.add_user("amara")
    post = sim.create_topic("amara", "Python learning circle", APPLICATION, tags=["learningcircles"])
    deliveries = sim.deliver_pending()
    assert [d.status for d in deliveries] == [200, 200, 200]  # user_created, topic_created, post_created
    assert receiver.event_names() == ["user_created", "topic_created", "post_created"]

    topic_delivery, post_delivery = receiver.received[1:]
    assert json.loads(topic_delivery.body)["topic"]["tags"] == [{"id": 1, "name": "learningcircles",
                                                                 "slug": "learningcircles"}]
    payload = json.loads(post_delivery.body)["post"]
    assert (payload["id"], payload["username"], payload["raw"], payload["topic_archetype"]) == (
        post.id, "amara", APPLICATION, "regular")
    headers = post_delivery.headers
    assert headers["X-Discourse-Event-Type"] == "post"
    assert headers["X-Discourse-Instance"] == sim.base_url
    assert headers["X-Discourse-Event-Signature"] == sign(WEBHOOK_SECRET, post_delivery.body)
    assert headers["Content-Type"] == "application/json"
    assert b": " not in post_delivery.body and b", " not in post_delivery.body.replace(b"Django, ", b"")


def test_the_bots_own_api_posts_come_back_as_webhooks(sim, discourse, receiver, hook):
    sim.add_user("amara")
    topic_id = sim.create_topic("amara", "Python learning circle", APPLICATION).topic_id
    sim.deliver_pending()
    discourse.create_post(topic_id, "Thanks for applying, we will be in touch!")
    (delivery,) = sim.deliver_pending()
    assert delivery.event.name == "post_created"
    assert delivery.event.payload["username"] == "circleup"


def test_reply_payload_names_the_user_replied_to(sim, receiver, hook):
    sim.add_user("amara")
    sim.add_user("osioke")
    topic_id = sim.create_topic("osioke", "Rust learning circle", "Anyone up for a Rust circle?").topic_id
    sim.reply("amara", topic_id, "Count me in for the Rust circle!", reply_to_post_number=1)
    payload = sim.events("post_created")[-1].payload
    assert payload["reply_to_user"]["username"] == "osioke"
    assert payload["category_slug"] == "uncategorized"


def test_edits_send_post_edited_and_topic_edited(sim, receiver, hook):
    sim.add_user("amara")
    post = sim.create_topic("amara", "Python learning circle", APPLICATION)
    sim.deliver_pending()
    sim.edit_post(post.id, APPLICATION + " Evenings work best.", edit_reason="availability")
    sim.edit_topic(post.topic_id, title="Python learning circle (evenings)", tags=["learningcircles"])
    assert [e.name for e in sim.take_pending()] == ["post_edited", "topic_edited"]
    assert sim.events("post_edited")[0].payload["version"] == 2
    assert sim.events("topic_edited")[0].payload["title"] == "Python learning circle (evenings)"


def test_user_lifecycle_events(sim, receiver, hook):
    sim.add_user("amara")
    sim.update_user_fields("amara", {"1": "Python, Django"})
    sim.suspend("amara", days=7, reason="spam")
    sim.delete_user("amara")
    sim.deliver_pending()
    assert receiver.event_names() == ["user_created", "user_updated", "user_suspended", "user_destroyed"]
    assert sim.events("user_updated")[0].payload["user_fields"] == {"1": "Python, Django"}
    assert "user_fields" not in sim.events("user_created")[0].payload  # only when set, like Discourse


def test_group_membership_events_carry_the_membership_row(sim, receiver, hook):
    sim.add_user("amara")
    group = sim.add_group("facilitators")
    sim.add_to_group("facilitators", "amara")
    sim.add_to_group("facilitators", "amara")  # already a member: nothing happens
    sim.remove_from_group("facilitators", "amara")
    added, removed = sim.events("user_added_to_group") + sim.events("user_removed_from_group")
    assert added.type == "group_user"
    assert added.payload == removed.payload  # the row as it was before removal
    assert (added.payload["group_id"], added.payload["user_id"]) == (group.id, sim.user("amara").id)


def test_subscriptions_filters_and_inactive_hooks(sim, receiver):
    sim.add_user("amara")
    category = sim.add_category("Learning circles")
    posts_only = sim.add_webhook(RECEIVER_URL, WEBHOOK_SECRET, ["post_created"], category_ids=[category.id])
    inactive = sim.add_webhook(RECEIVER_URL, WEBHOOK_SECRET, active=False)
    sim.create_topic("amara", "Python learning circle", APPLICATION, category_id=category.id)
    sim.send_private_message("amara", "Hello there", "A private hello.", ["circleup"])  # no category: filtered
    assert [(e.hook_id, e.name) for e in sim.pending] == [(posts_only.id, "post_created")]
    sim.ping(inactive.id)  # pings reach inactive hooks
    assert sim.pending[-1].json() == {"ping": "OK"}


def test_private_message_payload_has_no_category(sim, receiver, hook):
    sim.add_user("amara")
    sim.send_private_message("circleup", "Welcome aboard", "You are now a facilitator.", ["amara"])
    payload = sim.events("post_created")[-1].payload
    assert (payload["topic_archetype"], payload["category_id"]) == ("private_message", None)
    assert "category_slug" not in payload


def test_small_action_posts(sim, receiver, hook):
    sim.add_user("amara")
    topic_id = sim.create_topic("amara", "Python learning circle", APPLICATION).topic_id
    sim.add_small_action("circleup", topic_id, "closed.enabled")
    payload = sim.events("post_created")[-1].payload
    assert (payload["post_type"], payload["action_code"], payload["topic_filtered_posts_count"]) == (3, "closed.enabled", 1)


def test_redeliver_reuses_the_event_id_and_retry_makes_a_new_one(sim, receiver, hook):
    sim.add_user("amara")
    (first,) = sim.deliver_pending()
    again = sim.redeliver(first.event.id)
    retried = sim.retry(first.event.id)
    ids = [r.headers["X-Discourse-Event-Id"] for r in receiver.received]
    assert ids[0] == ids[1] != ids[2]
    assert receiver.received[0].body == receiver.received[1].body == receiver.received[2].body
    assert again.ok and retried.ok
    signatures = {r.headers["X-Discourse-Event-Signature"] for r in receiver.received}
    assert len(signatures) == 1


def test_deliveries_can_be_sent_out_of_order_and_twice(sim, receiver, hook):
    sim.add_user("amara")
    sim.create_topic("amara", "Python learning circle", APPLICATION)
    events = sim.take_pending()
    for event in reversed(events):
        sim.send(event)
    sim.send(events[-1])
    assert receiver.event_names() == ["post_created", "topic_created", "user_created", "post_created"]


def test_failed_deliveries_are_recorded_and_mark_the_hook(sim, receiver, hook):
    receiver.status = 500
    sim.add_user("amara")
    (delivery,) = sim.deliver_pending()
    assert (delivery.status, delivery.ok) == (500, False)
    assert hook.last_delivery_status == 2
    bad = sim.add_webhook("http://circleup.test/elsewhere", "another-long-secret")
    sim.ping(bad.id)
    assert sim.deliver_pending()[0].status == 404


def test_wrong_secret_is_rejected_by_the_receiver(sim, receiver):
    sim.add_webhook(RECEIVER_URL, "not-the-receivers-secret")
    sim.add_user("amara")
    assert [d.status for d in sim.deliver_pending()] == [401]


def test_form_content_type_changes_only_the_header(sim, receiver):
    sim.add_webhook(RECEIVER_URL, WEBHOOK_SECRET, content_type=2)
    sim.add_user("amara")
    sim.deliver_pending()
    assert receiver.received[0].headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert json.loads(receiver.received[0].body)["user"]["username"] == "amara"


def test_sync_mode_delivers_before_the_call_returns():
    sim = Simulator(delivery="sync")
    receiver = RecordingReceiver()
    sim.deliver_to(receiver.app)
    sim.add_webhook(RECEIVER_URL, WEBHOOK_SECRET)
    sim.add_user("amara")
    assert receiver.event_names() == ["user_created"]


def test_sync_receiver_may_call_back_into_the_simulator():
    # A receiver that reads from Discourse while handling a delivery must not deadlock.
    sim = Simulator(delivery="sync")
    seen = []
    receiver = RecordingReceiver()
    original = receiver.app.view_functions["webhook"]

    def calling_back():
        seen.append(sim.client().get_user("amara")["username"])
        return original()

    receiver.app.view_functions["webhook"] = calling_back
    sim.deliver_to(receiver.app)
    sim.add_webhook(RECEIVER_URL, WEBHOOK_SECRET, ["user_created"])
    sim.add_user("amara")
    assert seen == ["amara"]


def test_webhooks_created_through_the_api(sim, discourse, receiver):
    created = discourse.create_webhook(RECEIVER_URL, WEBHOOK_SECRET, [201, 304])
    assert created["web_hook_event_types"] == [{"id": 201, "name": "post_created", "group": "post"},
                                               {"id": 304, "name": "user_created", "group": "user"}]
    assert discourse.list_webhooks()[0]["payload_url"] == RECEIVER_URL
    discourse.update_webhook(created["id"], active=False)
    sim.add_user("amara")
    assert sim.pending == []
    with pytest.raises(PermanentError, match="Secret is too short"):
        discourse.create_webhook(RECEIVER_URL, "short", [201])


def test_background_mode_posts_over_real_http():
    receiver = RecordingReceiver()
    server = make_server("127.0.0.1", 0, receiver.app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    sim = Simulator()  # background + HTTP: the production-like default
    try:
        sim.add_webhook(f"http://127.0.0.1:{server.server_port}/webhooks/discourse", WEBHOOK_SECRET)
        for name in ("amara", "osioke", "lena"):
            sim.add_user(name)
        assert sim.wait_for_deliveries(timeout=10)
        assert [json.loads(r.body)["user"]["username"] for r in receiver.received] == ["amara", "osioke", "lena"]
    finally:
        sim.close()
        server.shutdown()
        server.server_close()


def test_real_http_server_for_the_client():
    sim = Simulator(delivery="queue")
    sim.add_user("amara", user_fields={"1": "Python"})
    with sim.serve_in_thread(port=0) as url:
        client = DiscourseClient(url, sim.api_key, "circleup", timeout=5)
        assert client.get_user("amara")["user_fields"] == {"1": "Python"}
        sim.faults.rate_limit(wait_seconds=7)
        with pytest.raises(RateLimited) as limited:
            client.get_user("amara")
        assert limited.value.delay == 7


# -- faults ---------------------------------------------------------------------------------------


def test_rate_limit_fault_sends_discourses_body_and_retry_after(sim, discourse):
    sim.faults.rate_limit(wait_seconds=42, times=2)
    for _ in range(2):
        with pytest.raises(RateLimited) as limited:
            discourse.get_user("circleup")
        assert limited.value.delay == 42
    recorded = sim.requests[-1]
    assert recorded.status == 429
    assert recorded.response["extras"] == {"wait_seconds": 42, "time_left": "42 seconds"}
    assert discourse.get_user("circleup")["username"] == "circleup"


def test_rate_limit_reaches_the_client_through_retry_after_too(sim):
    sim.faults.rate_limit(wait_seconds=9)
    response = sim.mount().get(f"{sim.base_url}/u/circleup.json", headers={"Api-Key": sim.api_key})
    assert (response.status_code, response.headers["Retry-After"]) == (429, "9")


def test_server_errors_then_recovery(sim, discourse):
    sim.faults.server_error(times=1, status=503)
    with pytest.raises(TransientError, match="503"):
        discourse.get_user("circleup")
    assert discourse.get_user("circleup")["username"] == "circleup"


def test_faults_can_target_one_path(sim, discourse):
    sim.add_user("amara")
    topic_id = sim.create_topic("amara", "Python learning circle", APPLICATION).topic_id
    sim.faults.server_error(path=r"^/posts\.json$")
    discourse.get_topic(topic_id)  # unaffected
    with pytest.raises(TransientError):
        discourse.create_post(topic_id, "This reply meets a server error.")
    assert sim.faults.armed == []


def test_slow_answer_times_out_but_the_post_was_made(sim):
    naps = []
    sim.faults.sleep = naps.append
    client = sim.client(timeout=2.0)
    sim.add_user("amara")
    topic_id = sim.create_topic("amara", "Python learning circle", APPLICATION).topic_id
    key = marker("ack-application:post:1")
    sim.faults.slow(30, path=r"^/posts\.json$")
    with pytest.raises(TransientError, match="no answer"):
        client.create_post(topic_id, f"Thanks for applying!\n\n{key}")
    assert naps == [2.0]  # waited as long as the client did, not 30 s
    assert key in sim.posts_in(topic_id)[-1].raw
    assert client.find_post_with_marker(topic_id, key, "circleup") is not None


def test_slow_answer_within_the_timeout_arrives(sim):
    naps = []
    sim.faults.sleep = naps.append
    sim.faults.slow(0.5)
    assert sim.client(timeout=2.0).get_user("circleup")["username"] == "circleup"
    assert naps == [0.5]


def test_admin_api_limit_is_a_sliding_window_per_key(sim, discourse):
    clock = FakeClock()
    sim.faults.limit_api(per_minute=60, clock=clock)
    for _ in range(60):
        discourse.get_user("circleup")
        clock.advance(0.5)
    with pytest.raises(RateLimited) as limited:
        discourse.get_user("circleup")
    assert limited.value.delay == 30  # the first request leaves the window 30 s from now
    clock.advance(30)
    discourse.get_user("circleup")


# -- DiscourseConnect provider --------------------------------------------------------------------

SSO_SECRET = "discourse-connect-secret"


def _sso_request(sim, payload: dict[str, str], secret: str = SSO_SECRET) -> requests.Response:
    sso = base64.b64encode(urlencode(payload).encode()).decode()
    sig = hmac.new(secret.encode(), sso.encode(), hashlib.sha256).hexdigest()
    return sim.mount().get(f"{sim.base_url}/session/sso_provider", params={"sso": sso, "sig": sig},
                           allow_redirects=False)


@pytest.fixture
def sso_sim(sim):
    sim.settings.enable_discourse_connect_provider = True
    sim.settings.discourse_connect_provider_secret = SSO_SECRET
    sim.add_user("ruth", name="Ruth Mensah", moderator=True)
    sim.add_group("approvers", members=["ruth"])
    return sim


def _returned(response: requests.Response) -> dict[str, str]:
    location = urlsplit(response.headers["Location"])
    query = {k: v[0] for k, v in parse_qs(location.query).items()}
    expected = hmac.new(SSO_SECRET.encode(), query["sso"].encode(), hashlib.sha256).hexdigest()
    assert hmac.compare_digest(expected, query["sig"])
    return {k: v[0] for k, v in parse_qs(base64.b64decode(query["sso"]).decode()).items()}


def test_sso_provider_returns_the_logged_in_user_signed(sso_sim):
    sso_sim.sso_login_as("ruth")
    response = _sso_request(sso_sim, {"nonce": "n-123", "return_sso_url": "https://circleup.test/sso/callback"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("https://circleup.test/sso/callback?sso=")
    data = _returned(response)
    assert data["nonce"] == "n-123"
    assert data["username"] == "ruth"
    assert data["external_id"] == str(sso_sim.user("ruth").id)
    assert (data["admin"], data["moderator"]) == ("false", "true")
    assert "approvers" in data["groups"].split(",")
    assert data["email"] == "ruth@example.org"


def test_sso_provider_refuses_a_bad_signature(sso_sim):
    sso_sim.sso_login_as("ruth")
    response = _sso_request(sso_sim, {"nonce": "n", "return_sso_url": "https://circleup.test/cb"}, secret="wrong")
    assert response.status_code == 400


def test_sso_prompt_none_without_a_session_fails_politely(sso_sim):
    response = _sso_request(sso_sim, {"nonce": "n-9", "return_sso_url": "https://circleup.test/cb", "prompt": "none"})
    assert _returned(response) == {"nonce": "n-9", "return_sso_url": "https://circleup.test/cb", "failed": "true"}


def test_sso_provider_is_off_unless_enabled(sim):
    response = _sso_request(sim, {"nonce": "n", "return_sso_url": "https://circleup.test/cb"})
    assert response.status_code == 404


# -- the command-line entry ---------------------------------------------------------------------------


def test_serve_runs_a_seeded_forum_until_stopped():
    from circleup.simulator import DEFAULT_API_KEY, serve

    stop, ready, started = threading.Event(), {}, threading.Event()

    def on_ready(sim: Simulator, url: str) -> None:
        ready.update(sim=sim, url=url)
        started.set()

    thread = threading.Thread(target=serve, kwargs={"port": 0, "stop": stop, "on_ready": on_ready}, daemon=True)
    thread.start()
    try:
        assert started.wait(10)
        client = DiscourseClient(ready["url"], DEFAULT_API_KEY, "circleup", timeout=5)
        assert client.get_user("amara")["user_fields"]["1"] == "Python, Django"
        facilitators = next(c for c in client.get_categories() if c["name"] == "Facilitators")
        assert facilitators["read_restricted"] is True
        assert ready["sim"].base_url == ready["url"]
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def test_a_like_is_a_post_liked_delivery_and_a_second_like_is_refused():
    sim = Simulator(delivery="queue")
    sim.add_webhook("http://circleup.test/webhooks/discourse", "a-long-secret!")
    sim.add_user("amara")
    sim.add_user("osioke")
    post = sim.create_topic("amara", "Learning circle for Python", "Who wants to learn Python with me?")
    sim.take_pending()
    client = sim.client(api_username="osioke")
    answer = client._request("POST", "/post_actions.json", json={"id": post.id, "post_action_type_id": 2})
    assert answer["id"] == post.id and {"id": 2, "count": 1, "acted": True} in [
        {k: v for k, v in s.items() if k in ("id", "count", "acted")} for s in answer["actions_summary"]]
    (event,) = sim.take_pending()
    assert event.headers["X-Discourse-Event"] == "post_liked"
    assert event.headers["X-Discourse-Event-Type"] == "like"
    like = event.json()["like"]
    assert list(like) == ["post", "user"]
    assert like["post"]["id"] == post.id and like["post"]["topic_id"] == post.topic_id
    assert like["user"] == {"id": sim.user("osioke").id, "username": "osioke", "name": "",
                            "avatar_template": like["user"]["avatar_template"]}
    with pytest.raises(PermanentError):  # Discourse: one like per member and post
        client._request("POST", "/post_actions.json", json={"id": post.id, "post_action_type_id": 2})
    with pytest.raises(PermanentError):  # nor one's own post
        sim.client(api_username="amara")._request("POST", "/post_actions.json",
                                                 json={"id": post.id, "post_action_type_id": 2})
    client._request("DELETE", f"/post_actions/{post.id}.json", params={"post_action_type_id": 2})
    assert sim.take_pending() == [] and sim.post(post.id).liked_by == []


def test_random_faults_are_seeded_and_lose_answers_only_of_writes(sim, discourse):
    sim.add_user("amara")
    topic_id = sim.create_topic("amara", "Python learning circle", APPLICATION).topic_id

    rounds = []

    def outcomes(seed: int) -> list[str]:
        rounds.append(seed)
        sim.faults.clear()
        sim.faults.random_faults(seed=seed, rate_limit=0.2, server_error=0.2, lost_write=0.3, wait_seconds=(2, 2))
        seen = []
        for index in range(40):
            before = len(sim.posts_in(topic_id))
            try:
                discourse.create_post(topic_id, f"Reply number {index} of round {len(rounds)} to this circle.")
                seen.append("ok")
            except RateLimited as exc:
                seen.append(f"429:{exc.delay:.0f}")
            except TransientError:
                made = len(sim.posts_in(topic_id)) > before
                seen.append("lost" if made else "502")
        return seen

    first, again = outcomes(7), outcomes(7)
    assert first == again  # reproducible
    assert {"ok", "429:2", "502", "lost"} <= set(first)
    assert sim.faults.injected["lost_answer"] == first.count("lost") * 2
    sim.faults.clear()
    sim.faults.random_faults(seed=7, lost_write=1.0)
    assert discourse.get_user("amara")["username"] == "amara"  # a read is never "lost"


def test_an_outage_answers_everything_with_502_until_it_ends(sim, discourse):
    sim.faults.outage(0.3)
    with pytest.raises(TransientError, match="502"):
        discourse.get_user("circleup")
    time.sleep(0.35)
    assert discourse.get_user("circleup")["username"] == "circleup"
    assert sim.faults.injected["outage"] == 1
