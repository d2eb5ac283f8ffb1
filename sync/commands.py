"""What every `circleup` command shares, the flows' own commands included: the invocation's
settings, services, worker and units of work, built lazily once per invocation."""
from __future__ import annotations

import click

from circleup.config.settings import Settings
from circleup.integration.logs import configure_logging, effective_level


class Context:
    """Lazily built settings and services shared by the subcommands of one invocation."""

    def __init__(self) -> None:
        # `circleup -v …` (1: INFO, 2: DEBUG); `service`: a long-running command (serve, worker),
        # which logs at INFO by default, where a one-off command's output is an answer and logs
        # only warnings.
        self.verbose = 0
        self.service = False
        self._settings: Settings | None = None
        self._services = None
        self._worker = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from circleup.sync import load_settings

            self._settings = load_settings()
            configure_logging(self.log_level, self._settings.logging.format)
        return self._settings

    @property
    def log_level(self) -> str:
        return effective_level(self.settings.logging.level, service=self.service, verbose=self.verbose)

    @property
    def services(self):
        if self._services is None:
            from circleup.integration.services import Services

            self._services = Services(self.settings)
        return self._services

    def worker(self):
        """The worker (its jobs registered on the queue); also what units of work enqueue through."""
        if self._worker is None:
            from circleup.sync.wiring import build_worker

            # Services already served by a worker (one registered its jobs on their queue) keep it.
            self._worker = self.services.dispatcher or build_worker(self.services)
        return self._worker

    def unit_of_work(self, source: str = "cli"):
        """A unit of work whose Discourse writes and jobs reach the queue when it commits."""
        self.worker()
        return self.services.unit_of_work(source=source)


pass_context = click.make_pass_decorator(Context, ensure=True)
