"""POST /webhooks/discourse: verify, store in the inbox, commit, enqueue the row id, answer.

No Discourse call and no flow logic happen here, so Discourse (which waits 20 s at most and by
default never retries) always gets a fast answer, and a 2xx always means the delivery is stored.
"""
from __future__ import annotations

import time

import structlog
from flask import Blueprint, current_app, jsonify, request

from integration import metrics
from integration.inbox import Duplicate, store_delivery
from integration.store import EventStatus
from webhooks.delivery import Delivery, Rejected

log = structlog.get_logger("circleup.receiver")
bp = Blueprint("receiver", __name__)


def _refuse(status: int, error: str, message: str):
    metrics.DELIVERIES.labels(outcome=error).inc()
    log.warning("delivery.refused", status=status, error=error, reason=message, remote=request.remote_addr)
    return jsonify(error=error, message=message), status


@bp.post("/webhooks/discourse")
def receive():
    started = time.perf_counter()
    services = current_app.extensions["circleup"]
    settings = services.settings
    limit = settings.webhook.max_body_bytes

    # 413 before reading: never pull an unbounded body into memory.
    if request.content_length is not None and request.content_length > limit:
        return _refuse(413, "too_large", f"body is {request.content_length} bytes, the limit is {limit} (webhook.max_body_bytes)")
    body = request.stream.read(limit + 1)
    if len(body) > limit:
        return _refuse(413, "too_large", f"body is over the limit of {limit} bytes (webhook.max_body_bytes)")

    try:
        delivery = Delivery.from_http(
            request.headers, body, secret=settings.webhook_secret, expected_instance=settings.discourse_url
        )
    except Rejected as exc:
        return _refuse(exc.status, exc.error, exc.message)

    if delivery.is_ping:
        metrics.DELIVERIES.labels(outcome="ping").inc()
        return jsonify(status="pong"), 200

    worker = current_app.extensions["circleup.worker"]
    handled = worker.router.handles(delivery.event_name)
    try:
        event_pk = store_delivery(
            services.store,
            instance=delivery.instance,
            event_id=delivery.event_id,
            event_type=delivery.event_type,
            event_name=delivery.event_name,
            body=delivery.body.decode("utf-8"),
            body_sha256=delivery.sha256,
            fingerprint=delivery.fingerprint,
            status=EventStatus.RECEIVED if handled else EventStatus.IGNORED,
        )
    except Duplicate:
        # Same (instance, event id) — a manual redelivery — or the same body — a Discourse retry.
        metrics.DELIVERIES.labels(outcome="duplicate").inc()
        log.info("delivery.duplicate", event_id=delivery.event_id, event_name=delivery.event_name)
        return jsonify(status="duplicate"), 200
    except Exception as exc:  # noqa: BLE001 - whatever the database said, the answer must not be 2xx
        metrics.DELIVERIES.labels(outcome="store_failed").inc()
        log.error("delivery.store_failed", event_id=delivery.event_id, error=type(exc).__name__)
        return jsonify(error="store_failed", message="the delivery could not be stored; Discourse may redeliver it"), 503

    outcome = "queued" if handled else "ignored"
    if handled:
        try:
            worker.enqueue_event(event_pk)
        except Exception as exc:  # noqa: BLE001 - stored is what matters: the sweeper enqueues it later
            log.warning("delivery.enqueue_failed", event_pk=event_pk, error=type(exc).__name__)
    metrics.DELIVERIES.labels(outcome=outcome).inc()
    metrics.ACK_SECONDS.observe(time.perf_counter() - started)
    log.info("delivery.stored", event_pk=event_pk, event_id=delivery.event_id, event_name=delivery.event_name, outcome=outcome)
    return jsonify(status=outcome, id=event_pk), 200
