"""The HTTP boundary, request by request, against `responses` (no simulator involved).

Each test pins what goes on the wire (method, path, query, headers, JSON body) and how an
answer is turned into data or into one of circleup's errors.
"""
from __future__ import annotations

import datetime as dt

import json
import logging

import pytest
import requests
import responses
from responses import matchers

from circleup.integration.budget import InProcessBudget
from circleup.integration.discourse import USER_AGENT, DiscourseClient, tag_names
from circleup.integration.errors import (
    BudgetExhausted,
    NotFound,
    PermanentError,
    RateLimited,
    TransientError,
)

BASE = "https://forum.example.org"
KEY = "0123456789abcdef-secret-api-key"


@pytest.fixture
def mocked():
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        yield rsps


@pytest.fixture
def client() -> DiscourseClient:
    return DiscourseClient(BASE + "/", KEY, "circleup", timeout=5.0)


def sent(mocked, index: int = -1) -> requests.PreparedRequest:
    return mocked.calls[index].request


def body_of(request: requests.PreparedRequest):
    return json.loads(request.body)


# -- transport ------------------------------------------------------------------------------------


def test_requests_are_counted_by_method_and_status_class(mocked, client):
    from prometheus_client import REGISTRY

    def count(method, status):
        return REGISTRY.get_sample_value("circleup_discourse_requests_total", {"method": method, "status": status}) or 0

    before = count("GET", "2xx"), count("GET", "5xx"), count("GET", "no answer")
    mocked.get(f"{BASE}/posts/7.json", json={"id": 7})
    mocked.get(f"{BASE}/posts/8.json", status=502, body="Bad Gateway")
    mocked.get(f"{BASE}/posts/9.json", body=requests.ConnectionError("refused"))
    client.get_post(7)
    for post_id in (8, 9):
        with pytest.raises(TransientError):
            client.get_post(post_id)
    assert (count("GET", "2xx"), count("GET", "5xx"), count("GET", "no answer")) == tuple(n + 1 for n in before)


def test_every_request_carries_key_acting_user_and_user_agent(mocked, client):
    mocked.get(f"{BASE}/posts/7.json", json={"id": 7, "raw": "hello"})
    assert client.get_post(7) == {"id": 7, "raw": "hello"}
    headers = sent(mocked).headers
    assert headers["Api-Key"] == KEY
    assert headers["Api-Username"] == "circleup"
    assert headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("circleup/")


def test_one_session_is_reused_with_the_configured_timeout(mocked):
    session = requests.Session()
    seen = []
    original = session.request

    def spy(method, url, **kwargs):
        seen.append(kwargs["timeout"])
        return original(method, url, **kwargs)

    session.request = spy  # type: ignore[method-assign]
    client = DiscourseClient(BASE, KEY, session=session, timeout=3.5)
    mocked.get(f"{BASE}/posts/1.json", json={"id": 1})
    mocked.get(f"{BASE}/posts/2.json", json={"id": 2})
    client.get_post(1)
    client.get_post(2)
    assert seen == [3.5, 3.5]
    assert client.session is session
    assert sent(mocked).headers["Api-Username"] == "system"  # the default acting user


def test_budget_is_taken_before_every_request_and_never_sleeps(mocked, client):
    clock_now = [0.0]
    client.budget = InProcessBudget(2, clock=lambda: clock_now[0])
    mocked.get(f"{BASE}/posts/1.json", json={"id": 1})
    mocked.get(f"{BASE}/posts/2.json", json={"id": 2})
    client.get_post(1)
    client.get_post(2)
    with pytest.raises(BudgetExhausted) as refused:
        client.get_post(3)
    assert refused.value.delay == pytest.approx(60)
    assert len(mocked.calls) == 2  # the refused request never left


# -- error mapping --------------------------------------------------------------------------------


def test_429_uses_wait_seconds_from_discourses_body(mocked, client):
    mocked.get(
        f"{BASE}/posts/1.json",
        status=429,
        json={"errors": ["You’ve performed this action too many times."], "error_type": "rate_limit",
              "extras": {"wait_seconds": 37, "time_left": "37 seconds"}},
        headers={"Retry-After": "60"},
    )
    with pytest.raises(RateLimited) as limited:
        client.get_post(1)
    assert limited.value.delay == 37


def test_429_without_a_body_falls_back_to_retry_after(mocked, client):
    mocked.get(f"{BASE}/posts/1.json", status=429, body="Slow down", headers={"Retry-After": "12"})
    with pytest.raises(RateLimited) as limited:
        client.get_post(1)
    assert limited.value.delay == 12


def test_429_with_neither_waits_the_default_minute(mocked, client):
    mocked.get(f"{BASE}/posts/1.json", status=429, body="")
    with pytest.raises(RateLimited) as limited:
        client.get_post(1)
    assert limited.value.delay == 60


@pytest.mark.parametrize("status", [500, 502, 503])
def test_5xx_is_transient(mocked, client, status):
    mocked.post(f"{BASE}/posts.json", status=status, body="<html>Bad gateway</html>")
    with pytest.raises(TransientError, match=str(status)):
        client.create_post(1, "Welcome to the learning circle, everyone!")


def test_timeout_is_transient_and_names_the_request(mocked, client):
    mocked.get(f"{BASE}/t/5.json", body=requests.ReadTimeout("read timed out"))
    with pytest.raises(TransientError, match=r"GET /t/5.json: no answer .* 5.0s"):
        client.get_topic(5)


def test_connection_error_is_transient(mocked, client):
    mocked.get(f"{BASE}/t/5.json", body=requests.ConnectionError("refused"))
    with pytest.raises(TransientError, match="cannot connect"):
        client.get_topic(5)


def test_422_is_permanent_and_carries_discourses_own_words(mocked, client):
    mocked.post(
        f"{BASE}/posts.json",
        status=422,
        json={"action": "create_post", "errors": ["Body is too short (minimum is 20 characters)",
                                                 "Title is too short (minimum is 15 characters)"]},
    )
    with pytest.raises(PermanentError) as refused:
        client.create_topic("Short", "Too short", 3)
    assert refused.value.status == 422
    assert "Body is too short (minimum is 20 characters); Title is too short" in str(refused.value)
    assert refused.value.body["action"] == "create_post"


def test_404_is_not_found(mocked, client):
    mocked.get(f"{BASE}/u/nobody.json", status=404,
               json={"errors": ["The requested URL or resource could not be found."], "error_type": "not_found"})
    with pytest.raises(NotFound, match="could not be found"):
        client.get_user("nobody")


def test_403_is_permanent(mocked, client):
    mocked.get(f"{BASE}/admin/users/3.json", status=403,
               json={"errors": ["You are not permitted to view the requested resource."], "error_type": "invalid_access"})
    with pytest.raises(PermanentError) as refused:
        client.get_user_by_id(3)
    assert not isinstance(refused.value, NotFound)
    assert refused.value.status == 403


def test_redirect_is_refused_not_followed(mocked, client):
    mocked.get(f"{BASE}/posts/1.json", status=302, headers={"Location": f"{BASE}/login"})
    with pytest.raises(PermanentError, match="redirect"):
        client.get_post(1)


def test_html_where_json_was_expected_is_permanent(mocked, client):
    mocked.get(f"{BASE}/posts/1.json", body="<html>maintenance</html>", content_type="text/html")
    with pytest.raises(PermanentError, match="expected JSON"):
        client.get_post(1)


def test_the_api_key_never_appears_in_errors_repr_or_logs(mocked, client, caplog):
    caplog.set_level(logging.DEBUG)
    mocked.get(f"{BASE}/posts/1.json", status=422, json={"errors": ["nope"]})
    mocked.get(f"{BASE}/posts/2.json", body=requests.ConnectionError(f"boom {BASE}"))
    messages = [repr(client)]
    for post_id in (1, 2):
        with pytest.raises(Exception) as failure:
            client.get_post(post_id)
        messages.append(str(failure.value))
    messages.extend(r.getMessage() for r in caplog.records)
    assert all(KEY not in m for m in messages)


# -- topics and posts -----------------------------------------------------------------------------


def test_get_topic_adds_tag_names_for_object_tags(mocked, client):
    mocked.get(f"{BASE}/t/512.json", json={"id": 512, "tags": [{"id": 31, "name": "Python", "slug": "python"}]})
    assert client.get_topic(512)["tag_names"] == ["python"]


def test_get_topic_adds_tag_names_for_string_tags_and_passes_params(mocked, client):
    mocked.get(f"{BASE}/t/512.json", json={"id": 512, "tags": ["learningcircles"]},
               match=[matchers.query_param_matcher({"username_filters": "amara"})])
    assert client.get_topic(512, username_filters="amara")["tag_names"] == ["learningcircles"]


def test_tag_names_accepts_both_shapes_and_nothing():
    assert tag_names(["Rust", {"id": 1, "name": "SQL", "slug": "sql"}]) == ["rust", "sql"]
    assert tag_names(None) == []


def test_create_post_threads_under_the_post_replied_to(mocked, client):
    mocked.post(f"{BASE}/posts.json", json={"id": 9101, "post_number": 2})
    assert client.create_post(512, "Thanks for applying, we will be in touch!", reply_to_post_number=1)["id"] == 9101
    request = sent(mocked)
    assert request.headers["Content-Type"] == "application/json"
    assert body_of(request) == {"topic_id": 512, "raw": "Thanks for applying, we will be in touch!",
                                "reply_to_post_number": 1}


def test_create_post_without_reply_to_sends_no_such_key(mocked, client):
    mocked.post(f"{BASE}/posts.json", json={"id": 1})
    client.create_post(512, "A reply to the whole topic, not one post.")
    assert "reply_to_post_number" not in body_of(sent(mocked))


def test_create_topic_sends_category_id_and_tags(mocked, client):
    mocked.post(f"{BASE}/posts.json", json={"id": 1, "topic_id": 77})
    client.create_topic("Skills directory: Programming", "The directory of skills.", 9, tags=["directory"])
    assert body_of(sent(mocked)) == {"title": "Skills directory: Programming", "raw": "The directory of skills.",
                                     "category": 9, "tags": ["directory"]}


def test_create_private_message_joins_recipients(mocked, client):
    mocked.post(f"{BASE}/posts.json", json={"id": 1, "topic_id": 78})
    client.create_private_message("Welcome, Amara", "You are now a facilitator.", ["amara", "facilitators"])
    assert body_of(sent(mocked)) == {"title": "Welcome, Amara", "raw": "You are now a facilitator.",
                                     "archetype": "private_message", "target_recipients": "amara,facilitators"}


def test_create_private_message_needs_a_recipient(client):
    with pytest.raises(ValueError):
        client.create_private_message("Hello there", "Nobody to send this to.", [])


def test_edit_post_wraps_in_post_and_unwraps_the_answer(mocked, client):
    mocked.put(f"{BASE}/posts/9101.json", json={"post": {"id": 9101, "version": 2}})
    assert client.edit_post(9101, "Updated directory.", edit_reason="new members") == {"id": 9101, "version": 2}
    assert body_of(sent(mocked)) == {"post": {"raw": "Updated directory.", "edit_reason": "new members"}}


def test_get_post_by_number(mocked, client):
    mocked.get(f"{BASE}/posts/by_number/512/1.json", json={"id": 9100, "raw": "first"})
    assert client.get_post_by_number(512, 1)["raw"] == "first"


# -- users ----------------------------------------------------------------------------------------


def test_get_user_unwraps_and_quotes_the_username(mocked, client):
    mocked.get(f"{BASE}/u/jane.doe.json", json={"user_badges": [], "user": {"id": 3, "user_fields": {"1": "Go"}}})
    assert client.get_user("jane.doe") == {"id": 3, "user_fields": {"1": "Go"}}


def test_get_user_by_id_uses_the_admin_route(mocked, client):
    mocked.get(f"{BASE}/admin/users/214.json", json={"id": 214, "username": "amara"})
    assert client.get_user_by_id(214)["username"] == "amara"


def test_iter_users_pages_from_one_until_an_empty_page(mocked, client):
    for page, users in ((1, [{"id": 1}, {"id": 2}]), (2, [{"id": 2}, {"id": 3}]), (3, [])):
        mocked.get(f"{BASE}/admin/users/list/active.json", json=users,
                   match=[matchers.query_param_matcher({"page": str(page), "order": "created", "asc": "true"})])
    assert [u["id"] for u in client.iter_users()] == [1, 2, 3]  # a user shifted onto page 2 is not repeated


def test_iter_users_stops_on_a_short_page_when_the_page_size_is_known(mocked, client):
    mocked.get(f"{BASE}/admin/users/list/staff.json", json=[{"id": 1}],
               match=[matchers.query_param_matcher({"page": "1", "order": "created", "asc": "true",
                                                    "show_emails": "true"})])
    assert list(client.iter_users("staff", page_size=100, show_emails=True)) == [{"id": 1}]


# -- groups ---------------------------------------------------------------------------------------


def test_get_group_unwraps(mocked, client):
    mocked.get(f"{BASE}/groups/facilitators.json", json={"group": {"id": 41}, "extras": {}})
    assert client.get_group("facilitators") == {"id": 41}


def test_get_group_by_id(mocked, client):
    mocked.get(f"{BASE}/groups/by-id/41.json", json={"group": {"id": 41, "name": "facilitators"}, "extras": {}})
    assert client.get_group_by_id(41)["name"] == "facilitators"


def test_create_group_posts_under_group(mocked, client):
    mocked.post(f"{BASE}/admin/groups.json", json={"basic_group": {"id": 42, "name": "facilitators"}})
    assert client.create_group("facilitators", full_name="Circle facilitators")["id"] == 42
    assert body_of(sent(mocked)) == {"group": {"name": "facilitators", "full_name": "Circle facilitators",
                                               "visibility_level": 0, "public_admission": False,
                                               "public_exit": False}}


def test_add_group_members_sends_comma_joined_usernames(mocked, client):
    mocked.put(f"{BASE}/groups/41/members.json", json={"success": "OK", "usernames": ["amara", "osioke"], "emails": []})
    assert client.add_group_members(41, ["amara", "osioke"])["usernames"] == ["amara", "osioke"]
    assert body_of(sent(mocked)) == {"usernames": "amara,osioke"}


@pytest.mark.parametrize("message", [
    "'amara' is already a member of this group.",
    "The following users are already members of this group: amara, osioke",
])
def test_add_group_members_treats_already_a_member_as_done(mocked, client, message):
    mocked.put(f"{BASE}/groups/41/members.json", status=422, json={"errors": [message]})
    assert client.add_group_members(41, ["amara"])["already_members"] == ["amara"]


def test_add_group_members_other_refusals_stay_permanent(mocked, client):
    mocked.put(f"{BASE}/groups/1/members.json", status=422, json={"errors": ["You cannot modify an automatic group"]})
    with pytest.raises(PermanentError, match="automatic"):
        client.add_group_members(1, ["amara"])


def test_remove_group_members_uses_delete_with_a_json_body(mocked, client):
    mocked.delete(f"{BASE}/groups/41/members.json",
                  json={"success": "OK", "usernames": ["amara"], "skipped_usernames": ["ghost"]})
    assert client.remove_group_members(41, ["amara", "ghost"])["skipped_usernames"] == ["ghost"]
    assert body_of(sent(mocked)) == {"usernames": "amara,ghost"}


def test_iter_group_members_pages_and_deduplicates_owners(mocked, client):
    owner = {"id": 1, "username": "ruth"}
    pages = {
        "0": {"members": [owner, {"id": 2, "username": "amara"}], "owners": [owner],
              "meta": {"total": 3, "limit": 2, "offset": 0}},
        "2": {"members": [{"id": 3, "username": "osioke"}], "owners": [owner],
              "meta": {"total": 3, "limit": 2, "offset": 2}},
    }
    for offset, page in pages.items():
        mocked.get(f"{BASE}/groups/facilitators/members.json", json=page,
                   match=[matchers.query_param_matcher({"offset": offset, "limit": "2"})])
    assert [u["username"] for u in client.iter_group_members("facilitators", page_size=2)] == ["ruth", "amara", "osioke"]


# -- categories -----------------------------------------------------------------------------------


def test_get_categories_flattens_subcategories(mocked, client):
    mocked.get(
        f"{BASE}/categories.json",
        json={"category_list": {"categories": [
            {"id": 1, "subcategory_list": [{"id": 5}, {"id": 6}]},
            {"id": 2},
        ]}},
        match=[matchers.query_param_matcher({"include_subcategories": "true"})],
    )
    assert [c["id"] for c in client.get_categories()] == [1, 5, 6, 2]


def test_get_category_uses_show(mocked, client):
    mocked.get(f"{BASE}/c/7/show.json", json={"category": {"id": 7, "group_permissions": []}})
    assert client.get_category(7)["id"] == 7


def test_create_category_sends_permissions_by_group_name(mocked, client):
    mocked.post(f"{BASE}/categories.json", json={"category": {"id": 8, "read_restricted": True}})
    client.create_category("Facilitators", permissions={"facilitators": 1}, parent_category_id=3, slug="facil")
    assert body_of(sent(mocked)) == {"name": "Facilitators", "color": "0088CC", "text_color": "FFFFFF",
                                     "permissions": {"facilitators": 1}, "parent_category_id": 3, "slug": "facil"}


def test_category_notification_level_is_set_acting_as_the_member(mocked, client):
    mocked.post(f"{BASE}/category/9/notifications", json={"success": "OK"})
    client.set_category_notification_level(9, 3, "amara")
    request = sent(mocked)
    assert request.headers["Api-Username"] == "amara"
    assert body_of(request) == {"notification_level": 3}
    assert client.api_username == "circleup"  # only that one request acted as the member


# -- webhooks -------------------------------------------------------------------------------------


def test_list_webhooks(mocked, client):
    mocked.get(f"{BASE}/admin/api/web_hooks.json", json={"web_hooks": [{"id": 1}], "total_rows_web_hooks": 1})
    assert client.list_webhooks() == [{"id": 1}]


def test_create_webhook_sends_discourses_field_names(mocked, client):
    mocked.post(f"{BASE}/admin/api/web_hooks.json", json={"web_hook": {"id": 3}})
    assert client.create_webhook("https://circleup.example.net/webhooks/discourse", "a-long-random-secret",
                                 [201, 202])["id"] == 3
    assert body_of(sent(mocked)) == {"web_hook": {
        "payload_url": "https://circleup.example.net/webhooks/discourse", "secret": "a-long-random-secret",
        "content_type": 1, "wildcard_web_hook": False, "active": True, "verify_certificate": True,
        "web_hook_event_type_ids": [201, 202]}}


def test_update_webhook_maps_aliases(mocked, client):
    mocked.put(f"{BASE}/admin/api/web_hooks/3.json", json={"web_hook": {"id": 3, "active": False}})
    client.update_webhook(3, active=False, wildcard=True, event_type_ids=[201])
    assert body_of(sent(mocked)) == {"web_hook": {"active": False, "wildcard_web_hook": True,
                                                  "web_hook_event_type_ids": [201]}}


# -- idempotency recovery -------------------------------------------------------------------------


def test_find_post_with_marker_reads_the_unrecorded_posts_raw_in_one_call(mocked, client):
    marker = "<!-- circleup:ack:9 -->"
    # 250 posts by the bot in the topic; circleup recorded all but two of them.
    mocked.get(f"{BASE}/t/512.json", json={"post_stream": {"posts": [], "stream": list(range(1, 251))}},
               match=[matchers.query_param_matcher({"username_filters": "circleup"})])
    mocked.get(f"{BASE}/t/512/posts.json", json={"post_stream": {"posts": [
        {"id": 40, "username": "circleup", "raw": f"Thanks! {marker}"},
        {"id": 200, "username": "circleup", "raw": "other <!-- circleup:x -->"},
    ]}}, match=[matchers.query_param_matcher({"post_ids[]": ["200", "40"], "include_raw": "true"})])
    recorded = set(range(1, 251)) - {40, 200}
    assert client.find_post_with_marker(512, marker, "circleup", skip_ids=recorded)["id"] == 40
    assert len(mocked.calls) == 2


def test_find_post_with_marker_opens_at_most_two_hundred_posts(mocked, client):
    mocked.get(f"{BASE}/t/512.json", json={"post_stream": {"posts": [], "stream": list(range(1, 1001))}})
    mocked.get(f"{BASE}/t/512/posts.json", json={"post_stream": {"posts": [
        {"id": 10, "username": "circleup", "raw": "nothing here"}]}})
    assert client.find_post_with_marker(512, "<!-- circleup:k -->", "circleup") is None
    assert len(mocked.calls) == 3
    newest = mocked.calls[1].request.url
    assert "post_ids%5B%5D=1000" in newest and "post_ids%5B%5D=900" not in newest


def test_find_private_message_with_marker_opens_only_new_unrecorded_messages(mocked, client):
    marker = "<!-- circleup:welcome:amara -->"
    topics = [
        {"id": 81, "title": "Welcome, Amara", "created_at": "2026-12-07T10:00:00.000Z", "bumped_at": "2026-12-07T10:00:00.000Z"},
        {"id": 80, "title": "Something else", "created_at": "2026-12-07T10:00:00.000Z", "bumped_at": "2026-12-07T10:00:00.000Z"},
        {"id": 79, "title": "Welcome, Amara", "created_at": "2026-12-07T10:00:00.000Z", "bumped_at": "2026-12-07T10:00:00.000Z"},
        {"id": 12, "title": "Welcome, Amara", "created_at": "2026-11-01T10:00:00.000Z", "bumped_at": "2026-12-07T10:00:00.000Z"},
    ]
    mocked.get(f"{BASE}/topics/private-messages-sent/circleup.json", json={"topic_list": {"per_page": 30, "topics": topics}})
    mocked.get(f"{BASE}/posts/by_number/79/1.json", status=404, json={"errors": ["gone"], "error_type": "not_found"})
    mocked.get(f"{BASE}/posts/by_number/80/1.json", json={"id": 800, "raw": f"Welcome! {marker}"})
    since = dt.datetime(2026, 12, 7, 9, 55, tzinfo=dt.UTC)
    found = client.find_private_message_with_marker("circleup", marker, title="Welcome,  amara", skip_topic_ids={81},
                                                    since=since)
    assert found["id"] == 800
    # 81 is recorded, 12 is older than the action: neither is opened; the title's match goes first.
    assert [c.request.path_url for c in mocked.calls] == [
        "/topics/private-messages-sent/circleup.json", "/posts/by_number/79/1.json", "/posts/by_number/80/1.json"]


def test_find_private_message_with_marker_pages_while_messages_are_newer(mocked, client):
    newer = [{"id": 100 + i, "title": "t", "created_at": "2026-12-07T10:00:00Z", "bumped_at": "2026-12-07T10:00:00Z"}
             for i in range(30)]
    older = [{"id": 5, "title": "t", "created_at": "2026-12-01T10:00:00Z", "bumped_at": "2026-12-01T10:00:00Z"}]
    mocked.get(f"{BASE}/topics/private-messages-sent/circleup.json", json={"topic_list": {"per_page": 30, "topics": older}},
               match=[matchers.query_param_matcher({"page": "1"})])
    mocked.get(f"{BASE}/topics/private-messages-sent/circleup.json", json={"topic_list": {"per_page": 30, "topics": newer}})
    since = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
    assert client.find_private_message_with_marker("circleup", "<!-- m -->", skip_topic_ids={t["id"] for t in newer},
                                                   since=since) is None
    assert len(mocked.calls) == 2


def test_pydiscourse_methods_go_through_the_same_transport(mocked, client):
    # Inherited endpoint methods use the overridden _request: budget, errors and headers apply.
    mocked.get(f"{BASE}/about.json", status=503, body="")
    with pytest.raises(TransientError):
        client.about()
    assert sent(mocked).headers["User-Agent"] == USER_AGENT
