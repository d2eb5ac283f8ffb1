"""Webhook deliveries, built and sent the way Discourse's EmitWebHookEvent job does.

An *event* is one WebHookEvent row: an id, the exact body bytes and the headers, signed with
the hook's secret. Sending an event is a *delivery*. Discourse's "Redeliver" button sends the
same event again (same Event-Id, same signature); a retry by the job creates a new event with
the same body (new Event-Id, same signature). Both are offered here so a receiver can be tested
against each.

Where deliveries go is a transport (a real HTTP POST, or a call into an in-process WSGI app);
when they go is the dispatch mode:

* ``background`` — a worker thread sends them one at a time, in order (like Discourse's
  Sidekiq queue); `wait()` blocks until it is idle;
* ``sync`` — sent in the thread that changed the state, right after the change;
* ``queue`` — held until the test calls `deliver_pending()`, or `take_pending()` to send them
  itself in any order, any number of times.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import queue
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Protocol
from urllib.parse import urlsplit

import requests
from werkzeug.test import Client

DISCOURSE_USER_AGENT = "Discourse/3.5.0"
REQUEST_TIMEOUT = 20.0  # WebHookEmitter::REQUEST_TIMEOUT
CONTENT_TYPES = {1: "application/json", 2: "application/x-www-form-urlencoded"}


def sign(secret: str, body: bytes) -> str:
    """The X-Discourse-Event-Signature value for `body`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def encode_body(payload_type: str, payload: Any) -> bytes:
    """`{type: payload}` as Discourse's MultiJson.dump writes it: compact, UTF-8, unescaped."""
    return json.dumps({payload_type: payload}, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True)
class WebhookEvent:
    """One WebHookEvent row: what is sent, byte for byte."""

    id: int
    hook_id: int
    name: str
    type: str
    url: str
    headers: dict[str, str]
    body: bytes

    @property
    def payload(self) -> Any:
        return json.loads(self.body)[self.type]

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Delivery:
    """One attempt to send an event, and how the receiver answered."""

    event: WebhookEvent
    status: int | None = None
    response_body: str = ""
    error: str | None = None
    duration: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def build_event(
    event_id: int,
    *,
    hook_id: int,
    url: str,
    secret: str,
    content_type: int,
    instance: str,
    event_name: str,
    payload_type: str,
    body: bytes,
) -> WebhookEvent:
    headers = {
        "Accept": "*/*",
        "Connection": "close",
        "Content-Length": str(len(body)),
        "Content-Type": CONTENT_TYPES.get(content_type, "application/json"),
        "Host": urlsplit(url).netloc,
        "User-Agent": DISCOURSE_USER_AGENT,
        "X-Discourse-Instance": instance,
        "X-Discourse-Event-Id": str(event_id),
        "X-Discourse-Event-Type": payload_type,
        "X-Discourse-Event": event_name,
    }
    if secret:
        headers["X-Discourse-Event-Signature"] = sign(secret, body)
    return WebhookEvent(event_id, hook_id, event_name, payload_type, url, headers, body)


# Headers the HTTP layer computes itself; passing them along would duplicate or contradict them.
_TRANSPORT_OWNED = {"Content-Length", "Host", "Connection"}


class Transport(Protocol):
    def __call__(self, url: str, headers: dict[str, str], body: bytes) -> tuple[int, str]:
        """POST body to url; return (status, response text) or raise on a network failure."""


class HttpTransport:
    """A real HTTP POST, with Discourse's 20-second timeout."""

    def __init__(self, timeout: float = REQUEST_TIMEOUT) -> None:
        self.timeout = timeout
        self._session = requests.Session()

    def __call__(self, url: str, headers: dict[str, str], body: bytes) -> tuple[int, str]:
        sent = {k: v for k, v in headers.items() if k not in _TRANSPORT_OWNED}
        response = self._session.post(url, data=body, headers=sent, timeout=self.timeout, allow_redirects=False)
        return response.status_code, response.text


class WsgiTransport:
    """Delivers into an in-process WSGI app (e.g. circleup's Flask app): no port, no thread."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self._client = Client(app)

    def __call__(self, url: str, headers: dict[str, str], body: bytes) -> tuple[int, str]:
        parts = urlsplit(url)
        sent = {k: v for k, v in headers.items() if k not in _TRANSPORT_OWNED}
        response = self._client.post(
            parts.path or "/",
            query_string=parts.query,
            data=body,
            headers=sent,
            base_url=f"{parts.scheme or 'http'}://{parts.netloc or 'localhost'}",
        )
        return response.status_code, response.get_data(as_text=True)


class Dispatcher:
    """Holds the event log and sends events according to the dispatch mode."""

    MODES = ("background", "sync", "queue")

    def __init__(
        self,
        mode: str = "background",
        transport: Transport | None = None,
        on_result: Callable[[Delivery], None] | None = None,
    ) -> None:
        if mode not in self.MODES:
            raise ValueError(f"delivery mode must be one of {self.MODES}, not {mode!r}")
        self.mode = mode
        self.transport: Transport = transport or HttpTransport()
        self._on_result = on_result
        self._lock = threading.Lock()
        self._next_id = 1
        self.events: dict[int, WebhookEvent] = {}
        self.deliveries: list[Delivery] = []
        self.pending: list[WebhookEvent] = []
        self._queue: queue.Queue[WebhookEvent | None] = queue.Queue()
        self._worker: threading.Thread | None = None

    def allocate_id(self) -> int:
        with self._lock:
            event_id = self._next_id
            self._next_id += 1
            return event_id

    def record(self, event: WebhookEvent) -> None:
        with self._lock:
            self.events[event.id] = event

    def dispatch(self, events: list[WebhookEvent]) -> None:
        """Hand new events over according to the mode (called with no simulator lock held)."""
        if self.mode == "sync":
            for event in events:
                self.send(event)
        elif self.mode == "queue":
            with self._lock:
                self.pending.extend(events)
        else:
            self._ensure_worker()
            for event in events:
                self._queue.put(event)

    def send(self, event: WebhookEvent) -> Delivery:
        """Send one event now, in this thread, and log the attempt."""
        delivery = Delivery(event)
        started = time.monotonic()
        try:
            delivery.status, delivery.response_body = self.transport(event.url, dict(event.headers), event.body)
        except Exception as exc:  # a network failure is a delivery outcome (status -1 in Discourse)
            delivery.error = f"{type(exc).__name__}: {exc}"
        delivery.duration = time.monotonic() - started
        with self._lock:
            self.deliveries.append(delivery)
        if self._on_result is not None:
            self._on_result(delivery)
        return delivery

    def take_pending(self) -> list[WebhookEvent]:
        with self._lock:
            taken, self.pending = self.pending, []
        return taken

    def deliver_pending(self) -> list[Delivery]:
        """Send every queued event in order, including ones queued by those deliveries."""
        sent: list[Delivery] = []
        while batch := self.take_pending():
            sent.extend(self.send(event) for event in batch)
        return sent

    def wait(self, timeout: float = 10.0) -> bool:
        """Block until the background worker has sent everything queued; False on timeout."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.005)
        return True

    def close(self) -> None:
        worker = self._worker
        if worker is not None and worker.is_alive():
            self._queue.put(None)
            worker.join(timeout=5)
        self._worker = None

    def _ensure_worker(self) -> None:
        with self._lock:
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._run, name="simulator-webhooks", daemon=True)
                self._worker.start()

    def _run(self) -> None:
        while True:
            event = self._queue.get()
            try:
                if event is None:
                    return
                self.send(event)
            finally:
                self._queue.task_done()
