"""POST /webhooks/discourse: verify, store in the inbox, commit, enqueue the row id, answer.

No Discourse call and no flow logic happen here, so Discourse (which waits 20 s at most and by
default never retries) always gets a fast answer, and a 2xx always means the delivery is stored.

`Receiver` holds the checks, their order and every answer, and knows no HTTP framework. Two edges
drive it and so answer alike: the Flask view below (the test client, any WSGI server) and the
ASGI front that `circleup serve` runs (webhooks.asgi).
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from typing import NamedTuple

import structlog
from flask import Blueprint, Response, current_app, request

from circleup.integration import metrics
from circleup.integration.inbox import NewEvent
from circleup.integration.store import EventStatus
from circleup.webhooks.delivery import HEADERS, Delivery, Rejected

log = structlog.get_logger("circleup.receiver")
PATH = "/webhooks/discourse"
STORE_FAILED_MESSAGE = ("the delivery could not be stored (circleup's database did not answer); once it is back, "
                        "redeliver it from the webhook's events page in Discourse")


class Answer(NamedTuple):
    status: int
    body: bytes  # JSON


def _answer(status: int, /, **fields) -> Answer:
    # json.dumps, not Flask's jsonify: its provider costs more than the rest of an answer.
    return Answer(status, json.dumps(fields).encode())


class Receiver:
    """One delivery's way through the checks, as (headers, body) in and an Answer out."""

    def __init__(self, settings, handles: Callable[[str], bool]) -> None:
        self.max_body_bytes = settings.webhook.max_body_bytes
        self._max_depth = settings.webhook.max_json_depth
        self._secret = settings.webhook_secret
        self._forum = settings.discourse_url
        self._handles = handles

    def check_length(self, content_length: int | None, remote: str | None) -> Answer | None:
        """413 for a declared length over the limit, before the body is read: an unbounded body is
        never pulled into memory. The edge then reads at most max_body_bytes + 1 bytes."""
        if content_length is not None and content_length > self.max_body_bytes:
            return self._refuse(413, "too_large", f"body is {content_length} bytes, the limit is "
                                f"{self.max_body_bytes} (webhook.max_body_bytes)", remote)
        return None

    def accept(self, headers: Mapping[str, str], body: bytes, remote: str | None) -> Answer | NewEvent:
        """The answer to a refused delivery or a ping, or the row to store for any other."""
        if len(body) > self.max_body_bytes:
            return self._refuse(413, "too_large", f"body is over the limit of {self.max_body_bytes} bytes "
                                "(webhook.max_body_bytes)", remote)
        try:
            delivery = Delivery.from_http(headers, body, secret=self._secret, expected_instance=self._forum,
                                          max_depth=self._max_depth)
        except Rejected as exc:
            return self._refuse(exc.status, exc.error, exc.message, remote)
        if delivery.is_ping:
            metrics.DELIVERIES.labels(outcome="ping").inc()
            return _answer(200, status="pong")
        return NewEvent(
            instance=delivery.instance,
            event_id=delivery.event_id,
            event_type=delivery.event_type,
            event_name=delivery.event_name,
            body=delivery.body.decode("utf-8"),
            body_sha256=delivery.sha256,
            fingerprint=delivery.fingerprint,
            status=EventStatus.RECEIVED if self._handles(delivery.event_name) else EventStatus.IGNORED,
        )

    def stored(self, row: NewEvent, event_pk: int | None, started: float) -> Answer:
        """The answer once the inbox has committed `row` (event_pk None: it was already there)."""
        if event_pk is None:
            # Same (instance, event id) — a manual redelivery — or the same body — a Discourse retry.
            metrics.DELIVERIES.labels(outcome="duplicate").inc()
            log.info("delivery.duplicate", event_id=row.event_id, event_name=row.event_name)
            return _answer(200, status="duplicate")
        outcome = "queued" if row.status == EventStatus.RECEIVED else "ignored"
        metrics.DELIVERIES.labels(outcome=outcome).inc()
        metrics.ACK_SECONDS.observe(time.perf_counter() - started)
        # debug: the worker logs every event it processes at info; a second line per event, written
        # on the request path, would double the log for nothing.
        log.debug("delivery.stored", event_pk=event_pk, event_id=row.event_id, event_name=row.event_name, outcome=outcome)
        return _answer(200, status=outcome, id=event_pk)

    def store_failed(self, row: NewEvent, exc: BaseException) -> Answer:
        """Whatever the database said, the answer is not a 2xx: the delivery is not stored."""
        metrics.DELIVERIES.labels(outcome="store_failed").inc()
        log.error("delivery.store_failed", event_id=row.event_id, error=type(exc.__cause__ or exc).__name__)
        return _answer(503, error="store_failed", message=STORE_FAILED_MESSAGE)

    @staticmethod
    def _refuse(status: int, error: str, message: str, remote: str | None) -> Answer:
        metrics.DELIVERIES.labels(outcome=error).inc()
        log.warning("delivery.refused", status=status, error=error, reason=message, remote=remote)
        return _answer(status, error=error, message=message)


bp = Blueprint("receiver", __name__)
_WSGI_KEYS = tuple((name, "CONTENT_TYPE" if name == "Content-Type" else "HTTP_" + name.upper().replace("-", "_"))
                   for name in HEADERS)


@bp.post(PATH)
def receive():
    started = time.perf_counter()
    extensions = current_app.extensions
    receiver: Receiver = extensions["circleup.receiver"]
    remote = request.remote_addr
    answer = receiver.check_length(request.content_length, remote)
    if answer is None:
        environ = request.environ
        outcome = receiver.accept(
            # Only the headers it reads, straight from the WSGI environ: building werkzeug's view of
            # all of them would cost more than checking the signature.
            {name: value for name, key in _WSGI_KEYS if (value := environ.get(key)) is not None},
            request.stream.read(receiver.max_body_bytes + 1), remote,
        )
        if isinstance(outcome, Answer):
            answer = outcome
        else:
            try:
                # Stored and committed; a handled event's id is enqueued after the commit (the inbox's on_commit).
                event_pk = extensions["circleup.inbox"].add(outcome)
            except Exception as exc:  # noqa: BLE001 - whatever the database said, the answer must not be 2xx
                answer = receiver.store_failed(outcome, exc)
            else:
                answer = receiver.stored(outcome, event_pk, started)
    return Response(answer.body, status=answer.status, mimetype="application/json")
