"""Where a flow writes its decisions down: one transaction, the services, the outbox batches it fills.

Handlers, jobs, CLI commands and the dashboard share a flow's desk, so a decision takes the same
path whoever made it. After the transaction commits, `batches` must be enqueued: handlers hand
them to the worker through `ctx.extra_batches`; jobs, commands and the dashboard call
`Worker.enqueue_batches` themselves.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from circleup.integration.outbox import Outbox


class FlowDesk:
    section: str  # the flow's section of circleup.yaml

    def __init__(self, session: Session, services, *, event_pk: int | None = None) -> None:
        self.session = session
        self.services = services
        self.event_pk = event_pk
        self._outboxes: dict[str, Outbox] = {}

    @property
    def settings(self):
        return self.services.settings

    @property
    def config(self):
        return getattr(self.services.settings, self.section)

    @property
    def client(self):
        return self.services.client

    @property
    def base_url(self) -> str:
        return (self.services.settings.discourse_url or "").rstrip("/")

    @property
    def bot_username(self) -> str:
        return self.services.settings.bot_username

    def render(self, template: str, **values: Any) -> str:
        return self.services.templates.render(template, **values)

    def outbox(self, batch: str) -> Outbox:
        if batch not in self._outboxes:
            self._outboxes[batch] = Outbox(self.session, batch, event_pk=self.event_pk, limits=self.services.post_limits)
        return self._outboxes[batch]

    @property
    def batches(self) -> set[str]:
        """Batches with work to perform once the transaction has committed."""
        return {name for name, outbox in self._outboxes.items() if outbox.has_work}
