"""Contract test: the simulator and the client speak Discourse's published API.

Every request the client sends and every response the simulator gives during a scenario that
calls each client method is validated against Discourse's OpenAPI spec
(`../shared/discourse/openapi.json`, beside the repository) wherever the spec describes that
path and method. Where the spec is known to be wrong about real Discourse, the schema is
patched by an erratum that says why (ERRATA); where it has no entry, the request is listed in
NOT_IN_SPEC, and the test fails if that list stops matching what the scenario did, so new
endpoints do not slip by unchecked.

The simulator's webhook payloads are compared with real signed deliveries (copied into
fixtures/ from ../shared/discourse/webhooks/): same top-level keys, in the same order, with
values of the same JSON types, and the same headers.
"""
from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any, Callable

import pytest
from openapi_schema_validator import OAS31Validator

from circleup.simulator import FULL, Simulator
from tests.integration.simulator_fixtures import RECEIVER_URL, WEBHOOK_SECRET, RecordingReceiver

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = REPO_ROOT.parent / "shared" / "discourse"
SPEC_PATH = SHARED / "openapi.json"
# Real deliveries from the reference pack, shared with the receiver's tests.
FIXTURES = Path(__file__).parents[1] / "webhooks" / "fixtures"

requires_spec = pytest.mark.skipif(
    not SPEC_PATH.exists(), reason=f"Discourse's OpenAPI spec is not at {SPEC_PATH} (shared/ beside the repo)"
)


# -- the spec, with its known errors corrected -----------------------------------------------------


def _widen(*types: str) -> Callable[[dict], None]:
    def apply(schema: dict) -> None:
        schema["type"] = list(types)

    return apply


def _drop(key: str) -> Callable[[dict], None]:
    def apply(schema: dict) -> None:
        schema.pop(key, None)

    return apply


def _like_summary(schema: dict) -> None:
    schema["additionalProperties"] = True
    schema["required"] = ["id"]
    schema.setdefault("properties", {}).update(count={"type": "integer"}, acted={"type": "boolean"})


def _string_map(schema: dict) -> None:
    schema.pop("properties", None)
    schema.pop("required", None)
    schema["additionalProperties"] = {"type": ["string", "array", "null"]}


def _allow_private_message_recipients(schema: dict) -> None:
    member = {"type": "object"}
    schema["properties"]["allowed_users"] = {"type": "array", "items": member}
    schema["properties"]["allowed_groups"] = {"type": "array", "items": member}


def _allow_tags(schema: dict) -> None:
    schema["properties"]["tags"] = {"type": "array", "items": {"type": "string"}}


def _allow_tag_group_tags(schema: dict) -> None:
    schema["properties"]["tags"] = {"type": "array", "items": {"type": "object", "properties": {
        "id": {"type": "integer"}, "name": {"type": "string"}, "slug": {"type": "string"}}}}
    schema["properties"]["tag_names"] = {"type": "array", "items": {"type": "string"}}


# (method, spec path, "request" | "response", location in the schema, fix, why)
ERRATA: list[tuple[str, str, str, str, Callable[[dict], None], str]] = [
    *[
        (method, path, "response", where, _widen("integer", "null"),
         "reply_to_post_number is a post number (integer) or null: real deliveries in shared/webhooks show 1")
        for method, path, where in [
            ("GET", "/t/{id}.json", "post_stream.posts[].reply_to_post_number"),
            ("GET", "/posts/{id}.json", "reply_to_post_number"),
            ("PUT", "/posts/{id}.json", "post.reply_to_post_number"),
            ("POST", "/posts.json", "reply_to_post_number"),
            ("GET", "/t/{id}/posts.json", "post_stream.posts[].reply_to_post_number"),
            ("POST", "/post_actions.json", "reply_to_post_number"),
        ]
    ],
    *[
        (method, path, "response", where, _like_summary,
         "PostSerializer#actions_summary lists the like with its count, and whether the viewer acted, as the "
         "spec's own POST /post_actions.json response does; can_act only where the viewer may like")
        for method, path, where in [
            ("GET", "/t/{id}.json", "post_stream.posts[].actions_summary[]"),
            ("GET", "/t/{id}/posts.json", "post_stream.posts[].actions_summary[]"),
            ("GET", "/posts/{id}.json", "actions_summary[]"),
        ]
    ],
    ("GET", "/t/{id}.json", "response", "post_stream.posts[].reviewable_id", _widen("integer", "null"),
     "reviewable_id is null for a post that was never queued (the /posts/{id}.json schema says so)"),
    ("GET", "/t/{id}/posts.json", "response", "post_stream.posts[].reviewable_id", _widen("integer", "null"),
     "as above"),
    ("GET", "/t/{id}.json", "response", "category_id", _widen("integer", "null"),
     "private messages have no category: category_id is null (shared/webhooks/post_created__private_message)"),
    ("GET", "/u/{username}.json", "response", "user.user_fields", _string_map,
     "user_fields is keyed by each forum's own field ids; the spec lists the example ids 1 and 2 as if fixed"),
    ("GET", "/u/{username}.json", "response", "user.featured_topic", _widen("object", "null"),
     "featured_topic is null unless the member featured one"),
    ("GET", "/admin/users/list/{flag}.json", "response", "", _drop("minItems"),
     "a page past the last user is an empty list, which is how a client knows to stop"),
    ("GET", "/groups/{name}/members.json", "response", "members[].last_posted_at", _widen("string", "null"),
     "null for a member who never posted"),
    ("GET", "/groups/{name}/members.json", "response", "members[].last_seen_at", _widen("string", "null"),
     "null for a member who never visited"),
    ("GET", "/groups/{name}/members.json", "response", "owners[].last_posted_at", _widen("string", "null"), "as above"),
    ("GET", "/groups/{name}/members.json", "response", "owners[].last_seen_at", _widen("string", "null"), "as above"),
    ("GET", "/t/{id}.json", "response", "details", _allow_private_message_recipients,
     "a private message's details list its recipients (TopicViewDetailsSerializer allowed_users/allowed_groups)"),
    ("POST", "/posts.json", "request", "", _allow_tags,
     "PostsController accepts tags[] with a new topic (README 3.3, discourse_api's create_topic_with_tags)"),
    ("POST", "/tag_groups.json", "request", "", _allow_tag_group_tags,
     "TagGroupsController#tag_groups_params permits tags: [{id, name, slug}] (new names are created) and the "
     "older tag_names: [] besides name; the spec lists only name"),
]

# Requests of the scenario that the spec has no entry for (so nothing to validate against).
NOT_IN_SPEC = {
    ("GET", "/posts/by_number/{topic_id}/{post_number}.json"),
    ("POST", "/category/{id}/notifications"),
    ("GET", "/admin/api/web_hooks.json"),
    ("POST", "/admin/api/web_hooks.json"),
    ("PUT", "/admin/api/web_hooks/{id}.json"),
    ("POST", "/admin/api/web_hooks/{id}/ping"),
    ("PUT", "/admin/users/{id}/unsuspend.json"),
    ("GET", "/topics/created-by/{username}.json"),
    # TopicsController#remove_allowed_user (routes.rb: put "t/:topic_id/remove-allowed-user"): not in the spec.
    ("PUT", "/t/{id}/remove-allowed-user.json"),
    # Admin::UserFieldsController (routes under /admin/config, formerly /admin/customize): not in the spec.
    ("GET", "/admin/config/user_fields.json"),
    ("POST", "/admin/config/user_fields.json"),
}


def _resolve(node: Any, spec: dict, seen: frozenset[str] = frozenset()) -> Any:
    """Inline local `$ref`s (the spec may use #/components/schemas/...)."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/") and ref not in seen:
            target: Any = spec
            for part in ref[2:].split("/"):
                target = target[part]
            return _resolve(target, spec, seen | {ref})
        return {k: _resolve(v, spec, seen) for k, v in node.items()}
    if isinstance(node, list):
        return [_resolve(v, spec, seen) for v in node]
    return node


def _locate(schema: dict, where: str) -> dict:
    node = schema
    for part in filter(None, where.split(".")):
        items = part.endswith("[]")
        node = node["properties"][part[:-2] if items else part]
        if items:
            node = node["items"]
    return node


class Spec:
    def __init__(self, path: Path) -> None:
        raw = json.loads(path.read_text())
        self.paths = _resolve(raw["paths"], raw)
        self._patterns = sorted(
            ((template, re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$"))
             for template in self.paths),
            key=lambda t: -len(re.sub(r"\{[^}]+\}", "", t[0])),  # literal segments win over parameters
        )
        for method, template, part, where, fix, _why in ERRATA:
            fix(_locate(self.schema(method, template, part), where))

    def template(self, method: str, path: str) -> str | None:
        for template, pattern in self._patterns:
            if pattern.match(path) and method.lower() in self.paths[template]:
                return template
        return None

    def schema(self, method: str, template: str, part: str, status: int = 200) -> dict:
        operation = self.paths[template][method.lower()]
        if part == "request":
            return operation["requestBody"]["content"]["application/json"]["schema"]
        return operation["responses"][str(status)]["content"]["application/json"]["schema"]

    def has(self, method: str, template: str, part: str, status: int = 200) -> bool:
        try:
            self.schema(method, template, part, status)
        except KeyError:
            return False
        return True


# -- the scenario ----------------------------------------------------------------------------------


def run_scenario(sim: Simulator) -> None:
    """Call every client method (and the admin routes circleup's setup uses) against the simulator."""
    client = sim.client()
    sim.add_user("amara", name="Amara Okafor", user_fields={"1": "Python, Django", "2": "Rust"})
    sim.add_user("osioke", name="Osioke Eguavoen")
    sim.add_user("lena")  # no name, never posted: the null cases

    group = client.create_group("facilitators", full_name="Circle facilitators")
    client.add_group_members(group["id"], ["amara", "osioke", "lena"])
    client.add_group_members(group["id"], ["amara"])  # 422 already a member, handled
    list(client.iter_group_members("facilitators", page_size=2))
    client.get_group("facilitators")
    client.get_group_by_id(group["id"])
    client.remove_group_members(group["id"], ["lena", "ghost"])

    parent = client.create_category("Skills", permissions={"everyone": FULL})
    category = client.create_category("Facilitators", permissions={"facilitators": FULL},
                                      parent_category_id=parent["id"], slug="facilitators")
    client.get_categories()
    client.get_category(category["id"])
    client.set_category_notification_level(category["id"], 3, "amara")
    client.update_category(category["id"], name="Facilitators", permissions={"facilitators": FULL, "staff": FULL})
    client.list_user_fields()
    client.create_user_field("Skills I can share", description="Skills you can share, separated by commas")
    client.list_tags()
    client.create_tag_group("circleup: learningcircles", ["learningcircles"])

    first = sim.create_topic("amara", "Python learning circle", "Who wants to learn Python with me this spring?",
                             category_id=parent["id"], tags=["learningcircles"])
    reply = client.create_post(first.topic_id, "Welcome! Here are some people to learn with.", reply_to_post_number=1)
    client.create_topic("Skills directory: programming", "Members who share programming skills.", parent["id"],
                        tags=["directory"])
    client.category_topics(parent["id"], sim.categories[parent["id"]].slug)
    client.edit_post(reply["id"], "Welcome! Here are the people to learn with.", edit_reason="wording")
    # A member likes circleup's reply (how members join a circle or a clinic): circleup only receives
    # it, but the simulator's route must answer as Discourse's does.
    sim.client(api_username="osioke")._request("POST", "/post_actions.json",
                                               json={"id": reply["id"], "post_action_type_id": 2})
    client.get_topic(first.topic_id)
    client.get_post(reply["id"])
    client._request("GET", f"/t/{first.topic_id}/posts.json", params={"post_ids[]": [reply["id"]]})
    client._request("GET", f"/t/{first.topic_id}/posts.json", params={"post_ids[]": [reply["id"]], "include_raw": "true"})
    client._request("PUT", f"/t/-/{first.topic_id}.json", json={"title": "Python learning circle (spring)"})
    client.find_post_with_marker(first.topic_id, "<!-- circleup:missing -->", "circleup")
    assert client.find_post_with_marker(first.topic_id, "Welcome!", "circleup")["id"] == reply["id"]
    client.find_topic_with_marker("circleup", "<!-- circleup:missing -->", title="Skills directory: programming")

    pm = client.create_private_message("Welcome, Amara", "You are now a facilitator.", ["amara", "facilitators"])
    client.get_topic(pm["topic_id"])
    client.invite_to_message(pm["topic_id"], "osioke")
    client.remove_from_message(pm["topic_id"], "osioke")
    client.message_recipients(pm["topic_id"])
    client.find_private_message_with_marker("circleup", "<!-- circleup:missing -->")
    client._request("GET", "/topics/private-messages-sent/circleup.json", params={"page": 1})

    client.get_user("amara")
    client.get_user("lena")
    amara_id = sim.user("amara").id
    client.get_user_by_id(amara_id)
    list(client.iter_users())
    client._request("PUT", "/u/amara.json", json={"name": "Amara O."})
    client._request("PUT", f"/admin/users/{sim.user('lena').id}/suspend.json",
                    json={"suspend_until": "2121-02-22", "reason": "spam"})
    client._request("PUT", f"/admin/users/{sim.user('lena').id}/unsuspend.json")

    hook = client.create_webhook(RECEIVER_URL, WEBHOOK_SECRET, [201, 304])
    client.update_webhook(hook["id"], active=False)
    client.list_webhooks()
    client._request("POST", f"/admin/api/web_hooks/{hook['id']}/ping")


@requires_spec
def test_every_request_and_response_matches_the_spec():
    spec = Spec(SPEC_PATH)
    sim = Simulator(delivery="queue")
    run_scenario(sim)

    failures: list[str] = []
    not_in_spec: set[tuple[str, str]] = set()
    validated = 0
    for recorded in sim.requests:
        template = spec.template(recorded.method, recorded.path)
        if template is None:
            not_in_spec.add((recorded.method, _generalize(recorded.path)))
            continue
        checks = [("request", recorded.json, 200)] if recorded.json is not None else []
        checks.append(("response", recorded.response, recorded.status))
        for part, document, status in checks:
            if not spec.has(recorded.method, template, part, status):
                continue  # e.g. error statuses the spec does not describe
            errors = sorted(OAS31Validator(spec.schema(recorded.method, template, part, status)).iter_errors(document),
                            key=lambda e: list(e.path))
            validated += 1
            failures.extend(
                f"{recorded.method} {recorded.path} {part} {status} at /{'/'.join(map(str, e.path))}: {e.message[:200]}"
                for e in errors[:5]
            )
    assert not failures, "\n".join(failures)
    assert not_in_spec == NOT_IN_SPEC, f"requests without a spec entry changed: {sorted(not_in_spec ^ NOT_IN_SPEC)}"
    assert validated >= 30


def _generalize(path: str) -> str:
    """/posts/by_number/5/1.json → /posts/by_number/{topic_id}/{post_number}.json, for NOT_IN_SPEC."""
    if path.startswith("/posts/by_number/"):
        return "/posts/by_number/{topic_id}/{post_number}.json"
    if path.startswith("/topics/created-by/"):
        return "/topics/created-by/{username}.json"
    return re.sub(r"/\d+(?=/|\.json|$)", "/{id}", path)


@requires_spec
def test_errata_still_describe_real_spec_errors():
    """Each erratum must change something: once the spec is fixed upstream, remove it here."""
    raw = json.loads(SPEC_PATH.read_text())
    pristine = _resolve(raw["paths"], raw)
    fixed = Spec(SPEC_PATH).paths
    for method, template, part, where, _fix, why in ERRATA:
        op_before, op_after = pristine[template][method.lower()], fixed[template][method.lower()]
        if part == "request":
            before = op_before["requestBody"]["content"]["application/json"]["schema"]
            after = op_after["requestBody"]["content"]["application/json"]["schema"]
        else:
            before = op_before["responses"]["200"]["content"]["application/json"]["schema"]
            after = op_after["responses"]["200"]["content"]["application/json"]["schema"]
        assert _locate(before, where) != _locate(after, where), f"erratum is a no-op: {method} {template} {where} ({why})"


def test_spec_locator_prefers_literal_paths():
    spec = Spec.__new__(Spec)
    spec.paths = {"/c/{slug}/{id}.json": {"get": {}}, "/c/{id}/show.json": {"get": {}}, "/t/{id}.json": {"get": {}}}
    spec._patterns = sorted(
        ((t, re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(t)) + "$")) for t in spec.paths),
        key=lambda t: -len(re.sub(r"\{[^}]+\}", "", t[0])),
    )
    assert spec.template("GET", "/c/7/show.json") == "/c/{id}/show.json"
    assert spec.template("GET", "/c/skills/7.json") == "/c/{slug}/{id}.json"
    assert spec.template("GET", "/t/-/7.json") is None
    assert spec.template("POST", "/t/7.json") is None


# -- webhook payloads against real deliveries -------------------------------------------------------


def _fixture(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def _simulated_deliveries() -> dict[str, dict]:
    """One simulated delivery per reference fixture, made the way Discourse would make it."""
    sim = Simulator(delivery="queue")
    receiver = RecordingReceiver()
    sim.deliver_to(receiver.app)
    hook = sim.add_webhook(RECEIVER_URL, WEBHOOK_SECRET)
    sim.add_user("osioke", name="Osioke Eguavoen")
    amara = sim.add_user("amara", name="Amara Okafor", timezone="Africa/Lagos")
    sim.add_user("ruth", name="Ruth Mensah", moderator=True)
    mentoring = sim.add_category("Mentoring")
    sim.add_group("mentors")
    first = sim.create_topic("osioke", "Welcome, new mentors", "Introduce yourselves here, new mentors!",
                             category_id=mentoring.id, tags=["python", "mentoring"])
    reply = sim.reply("amara", first.topic_id, "Thanks @osioke, count me in for the Python track.",
                      reply_to_post_number=1)
    offer = sim.reply("amara", first.topic_id, "Happy to help with the onboarding docs.")
    sim.edit_post(offer.id, "Happy to help with the onboarding docs and the Python track.", edit_reason="added track")
    sim.add_small_action("ruth", first.topic_id, "closed.enabled")
    sim.edit_topic(first.topic_id, title="Welcome, new mentors (2025 cohort)", as_user="ruth")
    sim.send_private_message("ruth", "Your mentor match", "Hi amara, you have been matched with osioke.", ["amara"])
    sim.update_user_fields("amara", {"1": "Python, Django, PostgreSQL", "2": "mentor", "3": "true"})
    sim.add_to_group("mentors", "amara")
    sim.remove_from_group("mentors", "amara")
    sim.suspend("osioke", days=30, reason="testing")
    sim.add_user("spam_bot_77")
    sim.delete_user("spam_bot_77")
    sim.ping(hook.id)
    sim.deliver_pending()
    assert reply.reply_to_post_number == 1 and amara.user_fields
    assert all(r.headers.get("X-Discourse-Event-Signature") for r in receiver.received)

    by_event: dict[str, list[dict]] = {}
    for r in receiver.received:
        by_event.setdefault(r.headers["X-Discourse-Event"], []).append({"headers": r.headers, "body": json.loads(r.body)})

    def post_where(**conditions: Any) -> dict:
        return next(d for d in by_event["post_created"]
                    if all(d["body"]["post"].get(k) == v for k, v in conditions.items()))

    return {
        "post_created__reply": post_where(post_number=2),
        "post_created__private_message": post_where(topic_archetype="private_message"),
        "post_created__small_action": post_where(post_type=3),
        "post_edited": by_event["post_edited"][0],
        "topic_created__tagged": by_event["topic_created"][0],
        "topic_edited": by_event["topic_edited"][0],
        "user_created": by_event["user_created"][0],
        "user_updated__with_user_fields": by_event["user_updated"][0],
        "user_suspended": by_event["user_suspended"][0],
        "user_destroyed": by_event["user_destroyed"][0],
        "user_added_to_group": by_event["user_added_to_group"][0],
        "user_removed_from_group": by_event["user_removed_from_group"][0],
        "ping": by_event["ping"][0],
    }


SIMULATED = _simulated_deliveries()
REFERENCES = sorted(SIMULATED)  # each simulated delivery against the real one of the same name


def _json_type(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", int: "number", float: "number",
            type(None): "null"}[type(value)]


@pytest.mark.parametrize("name", REFERENCES)
def test_webhook_payload_keys_match_a_real_delivery(name):
    reference, simulated = _fixture(name), SIMULATED[name]
    (ref_type, ref_payload), = reference["body"].items()
    (sim_type, sim_payload), = simulated["body"].items()
    assert sim_type == ref_type == reference["headers"]["X-Discourse-Event-Type"]
    if isinstance(ref_payload, dict):
        assert list(sim_payload) == list(ref_payload)
        mismatched = {
            key: (_json_type(ref_payload[key]), _json_type(sim_payload[key]))
            for key in ref_payload
            if "null" not in (_json_type(ref_payload[key]), _json_type(sim_payload[key]))
            and _json_type(ref_payload[key]) != _json_type(sim_payload[key])
        }
        assert not mismatched, f"JSON types differ (reference, simulated): {mismatched}"
        for nested in ("created_by", "last_poster", "user_option", "user_notification_schedule", "reply_to_user"):
            if isinstance(ref_payload.get(nested), dict):
                assert list(sim_payload[nested]) == list(ref_payload[nested]), nested
        for listed in ("groups", "tags"):
            if ref_payload.get(listed) and isinstance(ref_payload[listed][0], dict):
                assert list(sim_payload[listed][0]) == list(ref_payload[listed][0]), listed
    else:
        assert sim_payload == ref_payload
    ref_headers = set(reference["headers"])
    assert ref_headers <= set(simulated["headers"]) | {"Connection"}, ref_headers - set(simulated["headers"])


def test_reference_fixtures_are_verbatim_copies_of_signed_deliveries():
    """The fixtures really are what Discourse signed (key `test-secret`), not hand edits."""
    import hashlib
    import hmac

    for path in FIXTURES.glob("*.json"):
        fixture = json.loads(path.read_text())
        raw = fixture["raw_body"].encode()
        expected = "sha256=" + hmac.new(b"test-secret", raw, hashlib.sha256).hexdigest()
        assert fixture["headers"]["X-Discourse-Event-Signature"] == expected, path.name
        assert json.loads(raw) == fixture["body"], path.name


def test_simulated_bodies_are_signed_compact_json():
    from circleup.simulator import sign

    sim = Simulator(delivery="queue")
    hook = sim.add_webhook(RECEIVER_URL, WEBHOOK_SECRET)
    sim.add_user("zoe", name="Zoë Ünal")
    (event,) = sim.take_pending()
    assert event.body == json.dumps(copy.deepcopy(event.json()), separators=(",", ":"), ensure_ascii=False).encode()
    assert "Zoë Ünal".encode() in event.body  # UTF-8, not \u escapes, as MultiJson.dump writes it
    assert event.headers["X-Discourse-Event-Signature"] == sign(WEBHOOK_SECRET, event.body)
    assert event.headers["Content-Length"] == str(len(event.body))
    assert event.hook_id == hook.id
