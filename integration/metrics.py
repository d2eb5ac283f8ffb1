"""Prometheus metrics. Counters are per process; under gunicorn and with a separate worker process
they aggregate through prometheus_client's multiprocess mode (PROMETHEUS_MULTIPROC_DIR, set by
`circleup serve` and `circleup worker` to a folder in the instance path). Gauges that describe
the backlog are read from the database at scrape time, so they are right whoever did the work."""
from __future__ import annotations

from prometheus_client import Counter, Histogram

DELIVERIES = Counter(
    "circleup_webhook_deliveries_total",
    "Webhook deliveries received, by outcome (queued, duplicate, ignored, ping, or the refusal).",
    ["outcome"],
)
ACK_SECONDS = Histogram(
    "circleup_webhook_ack_seconds",
    "Time from receiving a delivery to answering it.",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
)
INBOX_COMMIT_ROWS = Histogram(
    "circleup_inbox_commit_rows",
    "Deliveries written by one inbox commit (the receiver's group commits share a commit under load).",
    buckets=(1, 2, 4, 8, 16, 32, 64, 128, 500),
)
ENQUEUE_FAILURES = Counter(
    "circleup_enqueue_failures_total",
    "Stored events whose ids could not be put in the queue; the sweeper enqueues them later.",
)
JOBS = Counter("circleup_jobs_total", "Worker jobs by job and outcome.", ["job", "outcome"])
JOB_SECONDS = Histogram(
    "circleup_job_seconds",
    "Duration of successful worker jobs.",
    ["job"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
DISCOURSE_REQUESTS = Counter(
    "circleup_discourse_requests_total",
    "Requests sent to the Discourse API, by method and status class (2xx … 5xx, or 'no answer').",
    ["method", "status"],
)
TAKEOVERS = Counter(
    "circleup_takeovers_total",
    "Events and batches taken over from a worker whose lease ran out (killed, or stalled longer than the lease).",
)
