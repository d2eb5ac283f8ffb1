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
