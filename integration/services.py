"""The long-lived objects one process needs, built once from settings.

Flask's app, the worker and the CLI each build one `Services` and pass it down: no module-level
globals, so tests can run several isolated instances side by side.
"""
from __future__ import annotations

from functools import cached_property

from circleup.config.settings import Settings
from circleup.integration.templates import Templates
from circleup.integration.outbox import PostLimits
from circleup.integration.queue import make_huey
from circleup.integration.store import Store


class Services:
    def __init__(self, settings: Settings, *, store: Store | None = None, huey=None, client=None, session=None) -> None:
        self.settings = settings
        self._store = store
        self._huey = huey
        self._client = client
        self._http_session = session  # a requests.Session to reuse (tests mount the simulator on it)
        self._closers: list = []
        # Puts committed work in the queue; the worker registers itself here when it is built.
        self.dispatcher = None

    @cached_property
    def store(self) -> Store:
        return self._store or Store(self.settings.database_url)

    @cached_property
    def huey(self):
        return self._huey or make_huey(self.settings.queue_url)

    @cached_property
    def budget(self):
        from circleup.integration.budget import budget_from_url

        return budget_from_url(self.settings.queue_url, self.settings.discourse.requests_per_minute)

    @cached_property
    def client(self):
        if self._client is not None:
            return self._client
        from circleup.integration.discourse import DiscourseClient

        self.settings.require("discourse_url", "discourse_api_key")
        return DiscourseClient(
            self.settings.discourse_url,
            self.settings.discourse_api_key,
            self.settings.discourse_api_username,
            budget=self.budget,
            timeout=self.settings.discourse.timeout_s,
            session=self._http_session,
        )

    @cached_property
    def templates(self) -> Templates:
        return Templates(self.settings)

    @cached_property
    def post_limits(self) -> PostLimits:
        return PostLimits.from_settings(self.settings)

    def unit_of_work(self, *, event_pk: int | None = None, source: str = "circleup"):
        """A new unit of work (see integration.unit_of_work): use it in a `with` block."""
        from circleup.integration.unit_of_work import UnitOfWork

        return UnitOfWork(self.store.sessions(), dispatcher=self.dispatcher, limits=self.post_limits,
                          event_pk=event_pk, source=source)

    def on_close(self, closer) -> None:
        """Run `closer()` when these services close (before the store's engine is disposed)."""
        self._closers.append(closer)

    def close(self) -> None:
        while self._closers:
            self._closers.pop()()
        if "store" in self.__dict__:
            self.store.dispose()
