"""The worker's tests run circleup's spine (receiver, worker, outbox) against `fake`, a Discourse
client that records calls and fails on demand. The flows' own folders test them end to end on the
simulator and provide their own `services` (or the `forum` they build)."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from circleup.integration.services import Services
from tests.fakes import FakeDiscourse


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
