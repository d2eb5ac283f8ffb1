"""The outbound budget: one sliding window of requests, shared, never sleeping."""
from __future__ import annotations

import threading
import uuid

import pytest

from tests.conftest import redis_unavailable

from circleup.integration.budget import InProcessBudget, RedisBudget, budget_from_url
from circleup.integration.errors import BudgetExhausted, RetryLater

from tests.integration.simulator_fixtures import clock  # noqa: F401  (fixture)


def test_allows_per_minute_requests_then_refuses_with_the_wait(clock):
    budget = InProcessBudget(3, clock=clock)
    for _ in range(3):
        budget.acquire()
        clock.advance(10)
    with pytest.raises(BudgetExhausted) as refused:
        budget.acquire()
    # The oldest request was 30 s ago: it leaves the 60 s window in 30 s.
    assert refused.value.delay == pytest.approx(30)
    assert isinstance(refused.value, RetryLater)


def test_window_slides_rather_than_resetting_on_the_minute(clock):
    budget = InProcessBudget(2, clock=clock)
    budget.acquire()
    clock.advance(59)
    budget.acquire()
    clock.advance(1.5)  # the first request is now out of the window, the second is not
    budget.acquire()
    with pytest.raises(BudgetExhausted) as refused:
        budget.acquire()
    assert refused.value.delay == pytest.approx(58.5)  # the request at 59 s leaves at 119 s


def test_a_refusal_does_not_use_up_a_slot(clock):
    budget = InProcessBudget(1, clock=clock)
    budget.acquire()
    for _ in range(5):
        with pytest.raises(BudgetExhausted):
            budget.acquire()
    clock.advance(60)
    budget.acquire()


def test_threads_share_one_budget_exactly():
    budget = InProcessBudget(50)
    granted, refused = [], []
    barrier = threading.Barrier(8)

    def worker() -> None:
        barrier.wait()
        for _ in range(20):
            try:
                budget.acquire()
                granted.append(1)
            except BudgetExhausted:
                refused.append(1)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(granted) == 50
    assert len(refused) == 8 * 20 - 50


def test_per_minute_must_be_positive():
    with pytest.raises(ValueError):
        InProcessBudget(0)


def test_budget_from_url_chooses_in_process_without_redis():
    assert isinstance(budget_from_url("sqlite:///huey.db", 40), InProcessBudget)
    assert isinstance(budget_from_url(None, 40), InProcessBudget)
    assert budget_from_url("memory://", 40).per_minute == 40


# -- Redis: only where a server answers on 127.0.0.1:6379 ---------------------------------------


_REDIS_PROBLEM = redis_unavailable()  # not running, no client package, or asking for a password
needs_redis = pytest.mark.skipif(_REDIS_PROBLEM is not None, reason=_REDIS_PROBLEM or "")


@pytest.fixture
def redis_key():
    redis = pytest.importorskip("redis")
    key = f"circleup:test-budget:{uuid.uuid4().hex}"
    yield key
    redis.Redis(host="127.0.0.1", port=6379).delete(key)


@pytest.mark.redis
@needs_redis
def test_two_redis_clients_share_one_budget(redis_key):
    import redis

    first = RedisBudget(redis.Redis(host="127.0.0.1", port=6379), 3, key=redis_key)
    second = RedisBudget(redis.Redis(host="127.0.0.1", port=6379), 3, key=redis_key)
    first.acquire()
    second.acquire()
    first.acquire()
    for budget in (first, second):
        with pytest.raises(BudgetExhausted) as refused:
            budget.acquire()
        assert 0 < refused.value.delay <= 60


@pytest.mark.redis
@needs_redis
def test_redis_window_frees_a_slot_when_the_oldest_request_ages_out(redis_key):
    import time

    import redis

    budget = RedisBudget(redis.Redis(host="127.0.0.1", port=6379), 2, key=redis_key, window=0.3)
    budget.acquire()
    budget.acquire()
    with pytest.raises(BudgetExhausted) as refused:
        budget.acquire()
    assert refused.value.delay <= 0.3
    time.sleep(refused.value.delay + 0.05)
    budget.acquire()


@pytest.mark.redis
@needs_redis
def test_budget_from_url_chooses_redis_for_a_redis_queue():
    budget = budget_from_url("redis://127.0.0.1:6379/0", 45)
    assert isinstance(budget, RedisBudget)
    assert budget.per_minute == 45
