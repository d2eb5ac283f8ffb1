"""The ASGI front of `circleup serve`: what it hands to Flask, its life cycle, a client that leaves.

Its answers to deliveries are checked in test_receiver.py, which runs every test against both edges.
"""
from __future__ import annotations

import pytest

from tests.asgi import ASGIClient, run
from tests.conftest import delivery
from tests.webhooks.test_receiver import stored
from circleup.webhooks.asgi import CircleupASGI


@pytest.fixture
def front(app):
    return CircleupASGI(app, threads=2)


@pytest.fixture
def client(front):
    client = ASGIClient(front)
    yield client
    client.close()


def test_every_other_route_is_answered_by_the_flask_app(client):
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json["status"] == "ok"
    assert client.get("/metrics").get_data(as_text=True).startswith("# HELP")
    assert client.get("/webhooks/discourse").json["error"] == "method_not_allowed"
    assert client.get("/no/such/page").status_code == 404


def test_a_graceful_stop_hands_the_waiting_ids_to_the_queue(client, front, services, worker, monkeypatch):
    worker.router.register("user_created")(lambda ctx: None)
    # The enqueuer would wait half a minute for more ids; the stop must not.
    monkeypatch.setattr(worker._enqueuer, "_linger_s", 30.0)
    body, headers = delivery("user_created", event_id="61")
    assert client.post("/webhooks/discourse", data=body, headers=headers).json["status"] == "queued"
    client.lifespan()
    assert services.huey.pending_count() == 1


def test_a_client_that_leaves_before_its_body_arrives_gets_nothing_stored(front, services):
    body, headers = delivery("user_created", event_id="62")
    messages = [{"type": "http.request", "body": body[:100], "more_body": True}, {"type": "http.disconnect"}]
    sent = []

    async def receive():
        return messages.pop(0)

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/webhooks/discourse", "client": ("127.0.0.1", 5000),
             "headers": [(name.lower().encode(), value.encode()) for name, value in headers.items()]}
    run(front(scope, receive, send))
    assert sent == [] and stored(services) == 0


def test_websockets_are_refused(front):
    sent = []

    async def send(message):
        sent.append(message)

    run(front({"type": "websocket", "path": "/webhooks/discourse"}, None, send))
    assert sent == [{"type": "websocket.close", "code": 1000}]
