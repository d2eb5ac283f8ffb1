"""POST /webhooks/discourse: every refusal, in order, with nothing stored; storing and duplicates.

Every test runs against both edges: the Flask view (Flask's test client) and the ASGI front that
`circleup serve` runs (tests.asgi's client), which must answer every delivery alike.
"""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from circleup.integration.store import Event, EventStatus
from tests.asgi import ASGIClient
from tests.conftest import FORUM_URL, delivery, drain, load_fixture
from circleup.webhooks.asgi import CircleupASGI


@pytest.fixture(params=["flask", "asgi"])
def http(request, app):
    if request.param == "flask":
        yield app.test_client()
        return
    client = ASGIClient(CircleupASGI(app, threads=2))
    yield client
    client.close()


def stored(services) -> int:
    with services.store.session() as session:
        return session.scalar(select(func.count()).select_from(Event))


def test_ping_answers_200_and_stores_nothing(deliver, services):
    response = deliver("ping")
    assert response.status_code == 200
    assert response.json == {"status": "pong"}
    assert stored(services) == 0


def test_reference_delivery_is_stored_and_ignored_when_no_flow_handles_it(deliver, services):
    response = deliver("reviewable_created", event_id="77")
    assert response.status_code == 200
    assert response.json["status"] == "ignored"
    with services.store.session() as session:
        event = session.scalars(select(Event)).one()
        assert (event.instance, event.event_id, event.event_type, event.event_name) == (FORUM_URL, "77", "reviewable", "reviewable_created")
        assert event.status == EventStatus.IGNORED
        assert event.body == load_fixture("reviewable_created")["raw_body"]
        assert len(event.body_sha256) == 64


def test_handled_event_is_queued_and_processed(deliver, services, worker, monkeypatch):
    seen = []
    worker.router.register("post_created")(lambda ctx: seen.append(ctx.payload["id"]))
    response = deliver("post_created__reply", event_id="40211")
    assert response.json["status"] == "queued"
    assert drain(worker) >= 1
    assert seen == [9101]
    with services.store.session() as session:
        assert session.scalars(select(Event)).one().status == EventStatus.PROCESSED


def test_same_event_id_is_a_duplicate(deliver, services):
    assert deliver("post_created__reply", event_id="5").json["status"] in ("queued", "ignored")
    again = deliver("post_created__reply", event_id="5")
    assert again.status_code == 200 and again.json == {"status": "duplicate"}
    assert stored(services) == 1


def test_discourse_retry_with_new_event_id_but_same_body_is_a_duplicate(deliver, services):
    deliver("user_created", event_id="10")
    again = deliver("user_created", event_id="11")
    assert again.json == {"status": "duplicate"}
    assert stored(services) == 1


def test_form_urlencoded_content_type_still_carries_json(deliver, services):
    response = deliver("user_created", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert stored(services) == 1


@pytest.mark.parametrize(
    "mutate, status, error",
    [
        (lambda b, h: h.pop("X-Discourse-Event-Signature"), 401, "bad_signature"),
        (lambda b, h: h.update({"X-Discourse-Event-Signature": "sha256=" + "0" * 64}), 401, "bad_signature"),
        (lambda b, h: h.update({"Content-Type": "text/plain"}), 415, "unsupported_media_type"),
        (lambda b, h: h.update({"X-Discourse-Instance": "https://evil.example.org"}), 403, "wrong_instance"),
        (lambda b, h: h.update({"X-Discourse-Instance": "https://forum.example.org:8443"}), 403, "wrong_instance"),
        (lambda b, h: h.update({"X-Discourse-Instance": "http://forum.example.org"}), 403, "wrong_instance"),
    ],
    ids=["missing-signature", "wrong-signature", "content-type", "other-forum", "other-port", "other-scheme"],
)
def test_refusals_store_nothing(http, services, mutate, status, error):
    body, headers = delivery("post_created__reply")
    mutate(body, headers)
    response = http.post("/webhooks/discourse", data=body, headers=headers)
    assert response.status_code == status
    assert response.json["error"] == error and response.json["message"]
    assert stored(services) == 0


def test_instance_with_explicit_default_port_is_the_same_forum(deliver, services):
    assert deliver("user_created", instance="https://FORUM.example.org:443/").status_code == 200


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b"\xff\xfe"], ids=["garbage", "array", "not-utf8"])
def test_body_that_is_not_a_json_object_is_400(http, services, body):
    _, headers = delivery("user_created")
    from tests.conftest import sign

    headers["X-Discourse-Event-Signature"] = sign(body)
    response = http.post("/webhooks/discourse", data=body, headers=headers)
    assert response.status_code == 400 and response.json["error"] == "bad_payload"
    assert stored(services) == 0


def test_oversized_body_is_413_before_the_signature_is_checked(http, services):
    body = json.dumps({"post": {"raw": "x" * (2 * 1024 * 1024)}}).encode()
    response = http.post("/webhooks/discourse", data=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and response.json["error"] == "too_large"
    assert stored(services) == 0


def test_oversized_chunked_body_without_length_is_413(http, services):
    import io

    body = b"{" + b" " * (2 * 1024 * 1024 + 10) + b"}"
    _, headers = delivery("user_created")
    response = http.post("/webhooks/discourse", input_stream=io.BytesIO(body), headers={**headers, "Transfer-Encoding": "chunked"},
                         environ_overrides={"wsgi.input_terminated": True})
    assert response.status_code == 413
    assert stored(services) == 0


def test_signature_is_checked_before_the_instance_and_json(http, services):
    body = b"not json"
    _, headers = delivery("user_created", instance="https://evil.example.org")
    headers["X-Discourse-Event-Signature"] = "sha256=bad"
    assert http.post("/webhooks/discourse", data=body, headers=headers).status_code == 401


def test_database_failure_answers_503_never_2xx(deliver, services, monkeypatch):
    from sqlalchemy.exc import OperationalError

    def broken(*_a, **_k):
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(services.store.engine, "raw_connection", broken)
    response = deliver("user_created")
    assert response.status_code == 503 and response.json["error"] == "store_failed"


def test_queue_failure_still_acknowledges_a_stored_delivery_and_the_sweeper_enqueues_it(deliver, services, worker, monkeypatch):
    processed = []
    worker.router.register("user_created")(lambda ctx: processed.append(ctx.event.event_id))

    def broken(*_a, **_k):
        raise ConnectionError("queue down")

    with monkeypatch.context() as patch:
        patch.setattr(services.huey, "enqueue", broken)
        response = deliver("user_created", event_id="31")
        assert response.status_code == 200 and response.json["status"] == "queued"
        assert worker.flush_enqueued()  # the enqueue failed (and said so in the log)
    assert stored(services) == 1 and drain(worker) == 0

    worker.sweep(grace_s=0)  # the queue is back
    drain(worker)
    assert processed == ["31"]


def test_different_events_with_identical_bodies_are_not_duplicates(deliver, services):
    """A membership added and then removed by hand: Discourse sends the same group_user body twice."""
    body = {"group_user": {"group_id": 41, "user_id": 214, "notification_level": 3, "id": 1877, "created_at": "2025-09-14T10:02:11.640Z"}}
    assert deliver(body, event="user_added_to_group", event_id="1").json["status"] != "duplicate"
    assert deliver(body, event="user_removed_from_group", event_id="2").json["status"] != "duplicate"
    assert deliver(body, event="user_removed_from_group", event_id="3").json["status"] == "duplicate"  # a retry
    assert stored(services) == 2


def test_ids_that_could_not_be_enqueued_are_counted(deliver, services, worker, monkeypatch):
    from circleup.integration import metrics

    worker.router.register("user_created")(lambda ctx: None)
    before = metrics.ENQUEUE_FAILURES._value.get()

    def broken(*_a, **_k):
        raise ConnectionError("queue down")

    monkeypatch.setattr(services.huey, "enqueue", broken)
    deliver("user_created", event_id="41")
    assert worker.flush_enqueued()
    assert metrics.ENQUEUE_FAILURES._value.get() == before + 1


# -- hostile input: every case a clear 4xx, nothing stored, and the next delivery still accepted --

def _signed(body: bytes, **header_changes: str) -> tuple[bytes, dict[str, str]]:
    from tests.conftest import sign

    _, headers = delivery("user_created", event_id="900")
    headers.update(header_changes, **{"X-Discourse-Event-Signature": sign(body)})
    return body, headers


HOSTILE_BODIES = {
    "array-nested-2000": (b'{"user": ' + b"[" * 2000 + b"]" * 2000 + b"}", "nests deeper than 32"),
    "object-nested-2000": (b'{"user": ' + b'{"a":' * 2000 + b"1" + b"}" * 2000 + b"}", "nests deeper than 32"),
    "nested-33": (b'{"user": ' + b"[" * 32 + b"]" * 32 + b"}", "nests deeper than 32"),
    "integer-5000-digits": (b'{"user": {"id": ' + b"9" * 5000 + b"}}", "not valid JSON"),
    "integer-over-64-bit": (b'{"user": {"id": 9223372036854775808}}', "outside the 64-bit range"),
    "float-overflow": (b'{"user": {"score": 1e400}}', "too large for a float"),
    "float-overflow-upper-plus": (b'{"user": {"score": -2.5E+308}}', "too large for a float"),
    "nan": (b'{"user": {"score": NaN}}', "NaN, which is not JSON"),
    "infinity": (b'{"user": {"score": -Infinity}}', "-Infinity, which is not JSON"),
    "invalid-utf8": (b'{"user": {"name": "\xc3\x28"}}', "not UTF-8"),
    "encoded-surrogate": (b'{"user": {"name": "\xed\xa0\x80"}}', "not UTF-8"),
    "utf16": ('{"user": {"id": 1}}'.encode("utf-16"), "not UTF-8"),
    "escaped-lone-surrogate": (b'{"user": {"name": "\\ud800x"}}', "lone UTF-16 surrogate"),
    "escaped-lone-low-surrogate-in-key": (b'{"user": {"\\udc00": 1}}', "lone UTF-16 surrogate"),
    "raw-nul": (b'{"user": {"name": "a\x00b"}}', "not valid JSON"),
    "escaped-nul": (b'{"user": {"name": "a\\u0000b"}}', "NUL"),
    "duplicate-keys": (b'{"user": {"id": 1, "id": 2}}', "repeats the key 'id'"),
    "duplicate-top-level": (b'{"user": {"id": 1}, "user": {"id": 2}}', "repeats the key 'user'"),
}


@pytest.mark.parametrize("body, reason", HOSTILE_BODIES.values(), ids=HOSTILE_BODIES.keys())
def test_hostile_json_is_a_clear_400_and_stores_nothing(http, services, body, reason):
    response = http.post("/webhooks/discourse", data=body, headers=_signed(body)[1])
    assert response.status_code == 400, response.data
    assert response.json["error"] == "bad_payload" and reason in response.json["message"]
    assert stored(services) == 0
    assert http.post("/webhooks/discourse", data=(good := delivery("user_created"))[0], headers=good[1]).status_code == 200


@pytest.mark.parametrize("body", [
    '{"user": {"name": "\\ud83d\\ude00 \\"quoted\\" \\\\u0000 \\\\ud800", "id": 9223372036854775807, "score": 1.5e300}}',
    '{"user": {"name": "Zoë 😀", "tags": ' + "[" * 30 + "]" * 30 + "}}",  # 32 levels
], ids=["escapes-that-are-fine", "nesting-at-the-limit"])
def test_unusual_but_valid_json_is_accepted(http, services, body):
    """What Discourse could send is taken: a surrogate pair, an escaped backslash before `u0000`,
    the largest 64-bit integer, a large finite float, and nesting exactly at the limit."""
    raw = body.encode()
    response = http.post("/webhooks/discourse", data=raw, headers=_signed(raw)[1])
    assert response.status_code == 200, response.data
    with services.store.session() as session:
        assert session.scalars(select(Event)).one().body == body


@pytest.mark.parametrize("header, value, status, error", [
    ("X-Discourse-Event-Id", "1" * 65, 400, "bad_header"),
    ("X-Discourse-Event-Id", "1\x002", 400, "bad_header"),
    ("X-Discourse-Event-Type", "user" * 17, 400, "bad_header"),
    ("X-Discourse-Event", "user_created" * 9, 400, "bad_header"),
    ("X-Discourse-Event", "user\x7fcreated", 400, "bad_header"),
    ("X-Discourse-Instance", "https://forum.example.org/" + "a" * 300, 400, "bad_header"),
    ("X-Discourse-Instance", "http://[::1", 403, "wrong_instance"),
    ("X-Discourse-Instance", "https://forum.example.org:99999", 403, "wrong_instance"),
    ("X-Discourse-Event-Signature", "sha256=" + "é" * 100_000, 401, "bad_signature"),
    ("Content-Type", "application/json; " + "x" * 100_000, 200, None),
], ids=["long-id", "nul-in-id", "long-type", "long-name", "control-character-in-name", "long-instance", "bad-ipv6",
        "bad-port", "huge-signature", "huge-content-type"])
def test_hostile_headers_are_refused_clearly(http, services, header, value, status, error):
    body, headers = delivery("user_created")
    headers[header] = value
    response = http.post("/webhooks/discourse", data=body, headers=headers)
    assert response.status_code == status, response.data
    if error:
        assert response.json["error"] == error and response.json["message"]
    assert stored(services) == (1 if status == 200 else 0)


def test_a_top_level_key_that_cannot_be_an_event_type_is_refused(http, services):
    body = json.dumps({"x" * 100: {}}).encode()
    _, headers = _signed(body)
    del headers["X-Discourse-Event-Type"], headers["X-Discourse-Event"]
    response = http.post("/webhooks/discourse", data=body, headers=headers)
    assert response.status_code == 400 and "X-Discourse-Event-Type" in response.json["message"]
    assert stored(services) == 0


def test_the_depth_limit_is_a_setting(services, app):
    from circleup.webhooks.receiver import Receiver

    services.settings.webhook.max_json_depth = 4
    receiver = Receiver(services.settings, lambda name: True)
    body = b'{"user": {"a": {"b": {"c": 1}}}}'
    assert receiver.accept(_signed(body)[1], body, None).event_type == "user"
    deeper = b'{"user": {"a": {"b": {"c": []}}}}'
    answer = receiver.accept(_signed(deeper)[1], deeper, None)
    assert answer.status == 400 and b"deeper than 4 levels" in answer.body
