"""GET /healthz and GET /metrics."""
from __future__ import annotations

import json

from tests.conftest import drain


def test_healthz_ok_when_database_and_queue_answer(http):
    response = http.get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "ok"
    assert response.json["checks"]["database"] == "ok"


def test_healthz_503_when_the_database_is_down(http, services, monkeypatch):
    def down():
        raise ConnectionRefusedError("database down")

    monkeypatch.setattr(services.store, "ping", down)
    response = http.get("/healthz")
    assert response.status_code == 503
    assert response.json["checks"]["database"].startswith("error")


def test_healthz_503_when_the_queue_is_down(http, services, monkeypatch):
    def down():
        raise ConnectionRefusedError("queue down")

    monkeypatch.setattr(services.huey, "pending_count", down)
    assert http.get("/healthz").status_code == 503


def test_metrics_expose_deliveries_jobs_depth_and_inbox_age(http, deliver, worker):
    worker.router.register("user_created")(lambda ctx: None)
    deliver("user_created")
    deliver("user_created", event_id="2")  # a duplicate
    http.post("/webhooks/discourse", data=b"{}", headers={"Content-Type": "application/json"})  # unsigned
    worker.flush_enqueued()
    before = http.get("/metrics").get_data(as_text=True)
    assert 'circleup_events{status="received"} 1.0' in before
    assert "circleup_inbox_oldest_unprocessed_seconds" in before
    assert "circleup_queue_depth 1.0" in before
    drain(worker)
    text = http.get("/metrics").get_data(as_text=True)
    for line in (
        'circleup_webhook_deliveries_total{outcome="queued"}',
        'circleup_webhook_deliveries_total{outcome="duplicate"}',
        'circleup_webhook_deliveries_total{outcome="bad_signature"}',
        'circleup_jobs_total{job="process_event",outcome="ok"}',
        'circleup_events{status="processed"} 1.0',
        "circleup_inbox_oldest_unprocessed_seconds 0.0",
        "circleup_queue_depth 0.0",
        "circleup_job_seconds_bucket",
        'circleup_inbox_commit_rows_bucket{le="1.0"}',
        'circleup_backlog_readable{source="database"} 1.0',
    ):
        assert line in text, line


def test_metrics_still_answer_when_the_database_and_queue_are_down(http, deliver, services, monkeypatch):
    deliver("user_created")

    def down(*_args, **_kwargs):
        raise ConnectionRefusedError("down")

    monkeypatch.setattr(services.store, "session", down)
    monkeypatch.setattr(services.huey, "pending_count", down)
    response = http.get("/metrics")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert 'circleup_backlog_readable{source="database"} 0.0' in text
    assert 'circleup_backlog_readable{source="queue"} 0.0' in text
    assert "circleup_webhook_deliveries_total" in text  # the process counters are not lost with them
    assert "circleup_events{" not in text and "circleup_queue_depth" not in text


def test_logs_are_json_carry_the_event_and_never_the_secret(deliver, worker, capsys, services):
    from circleup.integration.logs import configure_logging

    configure_logging("INFO", "json")
    worker.router.register("user_created")(lambda ctx: None)
    deliver("user_created", event_id="4242")
    drain(worker)
    err = capsys.readouterr().err
    records = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    processed = [r for r in records if r.get("event") == "event.processed"]
    assert processed and processed[0]["event_id"] == "4242"
    assert services.settings.webhook_secret not in err
    assert services.settings.discourse_api_key not in err
