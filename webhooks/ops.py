"""GET /healthz and GET /metrics."""
from __future__ import annotations

import os

import structlog
from flask import Blueprint, Response, current_app, jsonify
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import func, select

from circleup.integration.queue import ping as ping_queue
from circleup.integration.store import Action, Event, EventStatus, as_utc, utcnow

log = structlog.get_logger("circleup.ops")
bp = Blueprint("ops", __name__)


@bp.get("/healthz")
def healthz():
    services = current_app.extensions["circleup"]
    checks, healthy = {}, True
    try:
        services.store.ping()
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy, say which
        checks["database"] = f"error: {type(exc).__name__}"
        healthy = False
    try:
        checks["queue"] = f"ok ({ping_queue(services.huey)} waiting)"
    except Exception as exc:  # noqa: BLE001
        checks["queue"] = f"error: {type(exc).__name__}"
        healthy = False
    return jsonify(status="ok" if healthy else "unavailable", checks=checks), 200 if healthy else 503


class BacklogCollector:
    """Gauges read from the database and queue at scrape time.

    Either may be down when Prometheus asks, which is when the scrape matters most: its gauges
    are left out, `circleup_backlog_readable` says which could not be read, and the process
    counters are still exported (a 500 would lose them all).
    """

    def __init__(self, services) -> None:
        self.services = services

    def collect(self):
        readable = GaugeMetricFamily("circleup_backlog_readable", "1 when this scrape could read the source's backlog gauges.",
                                     labels=["source"])
        try:
            yield from self._database_gauges()
            readable.add_metric(["database"], 1)
        except Exception as exc:  # noqa: BLE001 - any failure: report it, keep the scrape
            log.warning("metrics.database_unreadable", error=f"{type(exc).__name__}: {exc}")
            readable.add_metric(["database"], 0)
        try:
            depth = GaugeMetricFamily("circleup_queue_depth", "Jobs waiting in the queue.")
            depth.add_metric([], ping_queue(self.services.huey))
            yield depth
            readable.add_metric(["queue"], 1)
        except Exception as exc:  # noqa: BLE001
            log.warning("metrics.queue_unreadable", error=f"{type(exc).__name__}: {exc}")
            readable.add_metric(["queue"], 0)
        yield readable

    def _database_gauges(self):
        events = GaugeMetricFamily("circleup_events", "Inbox rows by status.", labels=["status"])
        actions = GaugeMetricFamily("circleup_actions", "Outbox actions by status.", labels=["status"])
        oldest = GaugeMetricFamily("circleup_inbox_oldest_unprocessed_seconds", "Age of the oldest event not yet processed.")
        with self.services.store.session() as session:
            for status, count in session.execute(select(Event.status, func.count()).group_by(Event.status)):
                events.add_metric([status], count)
            for status, count in session.execute(select(Action.status, func.count()).group_by(Action.status)):
                actions.add_metric([status], count)
            first = session.scalar(select(func.min(Event.received_at)).where(Event.status.in_(EventStatus.OPEN)))
        oldest.add_metric([], (utcnow() - as_utc(first)).total_seconds() if first else 0.0)
        return events, actions, oldest


@bp.get("/metrics")
def metrics():
    services = current_app.extensions["circleup"]
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        from prometheus_client import REGISTRY

        registry = REGISTRY
    text = generate_latest(registry)
    backlog = CollectorRegistry()
    backlog.register(BacklogCollector(services))
    return Response(text + generate_latest(backlog), mimetype=CONTENT_TYPE_LATEST)
