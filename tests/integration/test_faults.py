"""Exactly once under a faulty forum: random 429s, 502s and lost answers, duplicate deliveries,
and a worker process killed with SIGKILL mid-run.

On SQLite with the embedded queue and on PostgreSQL with Redis, two real `circleup worker`
processes work through applications, learning circles and approvals while the simulated forum
fails about one request in six (seeded). One worker is killed with SIGKILL while Discourse makes
the post it asked for, and a replacement started; on PostgreSQL + Redis, both then drop every
connection of the run (pg_terminate_backend, CLIENT KILL). Every applicant must be thanked exactly once, every circle answered exactly
once, every approval granted once, nothing posted twice, and no event or action failed.
"""
from __future__ import annotations

import uuid

import pytest

from circleup.load import Faults, FaultyForumRun, Load, postgres_schema_url
from tests.conftest import POSTGRES_UP, POSTGRES_URL, REDIS_UP, REDIS_URL

pytestmark = pytest.mark.slow

# Short leases and backoffs: the test waits seconds where production waits a minute.
WORKER = {"threads": 3, "stuck_after_s": 2, "retry_backoff_s": 0.1, "retry_backoff_max_s": 1.0,
          "retry_for_s": 3600, "max_attempts": 3}
LOAD = Load(applications=24, duplicated_share=1 / 3, circles=4, approvals=4)
FAULTS = Faults(seed=15, rate_limit=0.05, server_error=0.05, lost_write=0.06, wait_seconds=(1, 1))


@pytest.fixture(params=["sqlite", "postgres"])
def stores(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'circleup.db'}", f"sqlite:///{tmp_path / 'queue.db'}"
        return
    if not (POSTGRES_UP and REDIS_UP):
        pytest.skip("PostgreSQL or Redis is not running on 127.0.0.1 (bash .ci/run starts both)")
    database_url, drop = postgres_schema_url(POSTGRES_URL)
    queue_url = f"{REDIS_URL}?name=circleup-faults-{uuid.uuid4().hex[:12]}"
    try:
        yield database_url, queue_url
    finally:
        from circleup.integration.queue import make_huey

        make_huey(queue_url).flush()
        drop()


def test_nothing_lost_nothing_twice_under_faults_and_a_sigkill(stores, tmp_path):
    database_url, queue_url = stores
    with FaultyForumRun(tmp_path / "run", database_url, queue_url, worker=WORKER) as run:
        outcome = run.run(LOAD, FAULTS, workers=2, kill_after_thanked=LOAD.applications // 3,
                          drop_connections_after_thanked=LOAD.applications // 2, timeout_s=120)
        logs = run.logs()
    summary = (f"{outcome}\n{logs}")
    # The forum really misbehaved, every way, and a worker really died holding work.
    assert outcome.faults["rate_limit"] and outcome.faults["server_error"] and outcome.faults["lost_answer"], summary
    assert outcome.takeover_s is not None, summary
    if database_url.startswith("postgresql"):  # and PostgreSQL and Redis dropped every connection
        assert outcome.connections_dropped >= 4, summary
    assert outcome.applicants_unthanked == [] and outcome.applicants_thanked_twice == [], summary
    assert outcome.circles_unanswered == [] and outcome.circles_answered_twice == [], summary
    assert outcome.approvals_missing == [] and outcome.approvals_doubled == [], summary
    assert outcome.doubled_markers == [], summary
    assert (outcome.failed_events, outcome.failed_actions, outcome.open_rows) == (0, 0, 0), summary
    # 24 applications, a third of them delivered three times, 4 circles, 4 approvals, and circleup's
    # own posts coming back as deliveries.
    assert outcome.deliveries >= 24 + 2 * 8 + 4 + 4
