"""POST /webhooks/discourse: verify, store in the inbox, commit, enqueue the row id, answer.

No Discourse call and no flow logic happen here, so Discourse (which waits 20 s at most and by
default never retries) always gets a fast answer, and a 2xx always means the delivery is stored.
"""
from __future__ import annotations

import json
import time

import structlog
from flask import Blueprint, Response, current_app, request

from integration import metrics
from integration.inbox import NewEvent
from integration.store import EventStatus
from webhooks.delivery import HEADERS, Delivery, Rejected

log = structlog.get_logger("circleup.receiver")
bp = Blueprint("receiver", __name__)
_WSGI_KEYS = tuple((name, "CONTENT_TYPE" if name == "Content-Type" else "HTTP_" + name.upper().replace("-", "_"))
                   for name in HEADERS)


def _answer(code: int, /, **fields) -> Response:
    # json.dumps straight into a Response: jsonify's provider costs more than the rest of an answer.
    return Response(json.dumps(fields), status=code, mimetype="application/json")


def _refuse(status: int, error: str, message: str) -> Response:
    metrics.DELIVERIES.labels(outcome=error).inc()
    log.warning("delivery.refused", status=status, error=error, reason=message, remote=request.remote_addr)
    return _answer(status, error=error, message=message)


@bp.post("/webhooks/discourse")
def receive():
    started = time.perf_counter()
    extensions = current_app.extensions
    settings = extensions["circleup"].settings
    limit = settings.webhook.max_body_bytes

    # 413 before reading: never pull an unbounded body into memory.
    if request.content_length is not None and request.content_length > limit:
        return _refuse(413, "too_large", f"body is {request.content_length} bytes, the limit is {limit} (webhook.max_body_bytes)")
    body = request.stream.read(limit + 1)
    if len(body) > limit:
        return _refuse(413, "too_large", f"body is over the limit of {limit} bytes (webhook.max_body_bytes)")

    environ = request.environ
    try:
        delivery = Delivery.from_http(
            # Only the headers it reads, straight from the WSGI environ: building werkzeug's view
            # of all of them would cost more than checking the signature.
            {name: value for name, key in _WSGI_KEYS if (value := environ.get(key)) is not None},
            body, secret=settings.webhook_secret, expected_instance=settings.discourse_url,
        )
    except Rejected as exc:
        return _refuse(exc.status, exc.error, exc.message)

    if delivery.is_ping:
        metrics.DELIVERIES.labels(outcome="ping").inc()
        return _answer(200, status="pong")

    handled = extensions["circleup.worker"].router.handles(delivery.event_name)
    inbox = extensions["circleup.inbox"]
    try:
        # Stored and committed; a handled event's id is enqueued after the commit (the inbox's on_commit).
        event_pk = inbox.add(NewEvent(
            instance=delivery.instance,
            event_id=delivery.event_id,
            event_type=delivery.event_type,
            event_name=delivery.event_name,
            body=delivery.body.decode("utf-8"),
            body_sha256=delivery.sha256,
            fingerprint=delivery.fingerprint,
            status=EventStatus.RECEIVED if handled else EventStatus.IGNORED,
        ))
    except Exception as exc:  # noqa: BLE001 - whatever the database said, the answer must not be 2xx
        metrics.DELIVERIES.labels(outcome="store_failed").inc()
        log.error("delivery.store_failed", event_id=delivery.event_id, error=type(exc.__cause__ or exc).__name__)
        return _answer(503, error="store_failed", message=(
            "the delivery could not be stored (circleup's database did not answer); once it is back, "
            "redeliver it from the webhook's events page in Discourse"))
    if event_pk is None:
        # Same (instance, event id) — a manual redelivery — or the same body — a Discourse retry.
        metrics.DELIVERIES.labels(outcome="duplicate").inc()
        log.info("delivery.duplicate", event_id=delivery.event_id, event_name=delivery.event_name)
        return _answer(200, status="duplicate")

    outcome = "queued" if handled else "ignored"
    metrics.DELIVERIES.labels(outcome=outcome).inc()
    metrics.ACK_SECONDS.observe(time.perf_counter() - started)
    # debug: the worker logs every event it processes at info; a second line per event, written
    # on the request path, would double the log for nothing.
    log.debug("delivery.stored", event_pk=event_pk, event_id=delivery.event_id, event_name=delivery.event_name, outcome=outcome)
    return _answer(200, status=outcome, id=event_pk)
