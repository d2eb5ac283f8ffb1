"""The worker's tests run circleup's spine (receiver, worker, outbox) against `fake`, a Discourse
client that records calls and fails on demand. The flows' own folders test them end to end on the
simulator and provide their own `services` (or the `forum` they build)."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from circleup.integration.services import Services
from tests.fakes import FakeDiscourse


@pytest.fixture(autouse=True)
def fresh_index_cache():
    """PostgreSQL tests reuse one database URL, emptied between tests with ids restarting: the
    process-wide index (read by circles, clinics and in-my-town requests), the fairness counts and
    category knowledge must not carry one test's forum into the next."""
    from circleup.sync.matching import fairness_cache, index_cache
    from circleup.sync.matching.suggestions import forget_categories

    for forget in (index_cache.forget_all, fairness_cache.forget_all, forget_categories):
        forget()
    yield
    for forget in (index_cache.forget_all, fairness_cache.forget_all, forget_categories):
        forget()


@pytest.fixture
def fake() -> FakeDiscourse:
    return FakeDiscourse()


@pytest.fixture
def services(settings, backend, fake) -> Iterator[Services]:
    services = Services(settings, client=fake)
    if backend.name == "sqlite":
        services.store.create_all()
    yield services
    services.close()
