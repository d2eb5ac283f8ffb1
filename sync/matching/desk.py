"""Where the matching flow writes its decisions: one transaction, the services, the outbox batches it fills.

Handlers, jobs and CLI commands share it. After the transaction commits, `batches` must be
enqueued: handlers hand them to the worker through `ctx.extra_batches`; jobs and commands call
`Worker.enqueue_batches` themselves.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from integration.outbox import Outbox
from integration.store import AuditEntry


class Desk:
    def __init__(self, session: Session, services, *, event_pk: int | None = None, source: str = "circleup") -> None:
        self.session = session
        self.services = services
        self.event_pk = event_pk
        self.source = source  # "event:123", "cli", "job:pairing"… — recorded in the audit log
        self._outboxes: dict[str, Outbox] = {}

    @property
    def settings(self):
        return self.services.settings

    @property
    def config(self):
        return self.services.settings.matching

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

    def audit(self, action: str, *, subject: str, outcome: str = "ok", actor: str = "circleup", **detail: Any) -> None:
        self.session.add(AuditEntry(actor=actor[:60], action=f"matching.{action}", subject=subject[:255],
                                    source=self.source[:255], outcome=outcome, detail=detail))
