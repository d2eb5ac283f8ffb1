"""Pytest fixtures for tests that run against the Discourse simulator.

Use as a plugin from a test module in this directory (`pytest_plugins = ["simulator_fixtures"]`)
or from the top-level conftest (`pytest_plugins = ["tests.integration.simulator_fixtures"]`).

* `sim` — a Simulator holding webhook deliveries until the test sends them (queue mode);
* `discourse` — a DiscourseClient acting as the bot, wired to `sim` in-process;
* `clock` — a controllable clock (`clock.advance(seconds)`), for budgets and time windows;
* `receiver` — a minimal signed-webhook receiver (a Flask app) that records what it gets;
  `sim.deliver_to(receiver.app)` sends deliveries into it.
"""
from __future__ import annotations

import hashlib
import hmac
import threading
from dataclasses import dataclass, field
from typing import Iterator

import pytest
from flask import Flask, request

from circleup.integration.discourse import DiscourseClient
from circleup.simulator import Simulator

WEBHOOK_SECRET = "simulator-test-secret"
RECEIVER_URL = "http://circleup.test/webhooks/discourse"


class FakeClock:
    """A clock that only moves when told to; callable like time.monotonic / time.time."""

    def __init__(self, start: float = 1_757_840_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes


@dataclass
class RecordingReceiver:
    """Accepts deliveries signed with `secret`, answers 401 otherwise, remembers the good ones."""

    secret: str = WEBHOOK_SECRET
    status: int = 200
    received: list[Received] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.app = Flask("recording_receiver")

        @self.app.post("/webhooks/discourse")
        def webhook() -> tuple[str, int]:
            body = request.get_data()
            expected = "sha256=" + hmac.new(self.secret.encode(), body, hashlib.sha256).hexdigest()
            if not hmac.compare_digest(expected, request.headers.get("X-Discourse-Event-Signature", "")):
                return "bad signature", 401
            with self._lock:
                self.received.append(Received(dict(request.headers), body))
            return "", self.status

    def event_names(self) -> list[str]:
        return [r.headers["X-Discourse-Event"] for r in self.received]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sim() -> Iterator[Simulator]:
    simulator = Simulator(delivery="queue")
    yield simulator
    simulator.close()


@pytest.fixture
def discourse(sim: Simulator) -> DiscourseClient:
    return sim.client()


@pytest.fixture
def receiver(sim: Simulator) -> RecordingReceiver:
    recorder = RecordingReceiver()
    sim.deliver_to(recorder.app)
    return recorder
