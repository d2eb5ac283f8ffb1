"""What a flow handler receives: the event, a transaction, an outbox and the services."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy.orm import Session

from circleup.integration.outbox import Outbox
from circleup.integration.services import Services
from circleup.integration.store import AuditEntry, Event


@dataclass
class HandlerContext:
    event: Event
    session: Session
    outbox: Outbox
    services: Services
    # Batches other than the event's own that handlers recorded actions in; enqueued after commit.
    extra_batches: set[str] = field(default_factory=set)
    # Flow jobs to enqueue once the transaction commits: (job name, args, delay in seconds).
    deferred: list[tuple[str, tuple, float]] = field(default_factory=list)

    @cached_property
    def data(self) -> dict[str, Any]:
        return json.loads(self.event.body)

    @property
    def payload(self) -> dict[str, Any]:
        """The object under the body's top-level key (`post`, `topic`, `user`, `group_user`)."""
        value = self.data.get(self.event.event_type)
        return value if isinstance(value, dict) else {}

    @property
    def event_name(self) -> str:
        return self.event.event_name

    @property
    def settings(self):
        return self.services.settings

    @property
    def client(self):
        return self.services.client

    @property
    def templates(self):
        return self.services.templates

    @property
    def bot_username(self) -> str:
        return self.settings.bot_username

    @property
    def source(self) -> str:
        return f"event:{self.event.id}"

    def defer(self, job: str, *args: Any, delay: float = 0) -> None:
        """Run a flow job (registered with `Worker.job`) after this transaction commits."""
        self.deferred.append((job, args, delay))

    def audit(self, actor: str, action: str, *, subject: str | None = None, outcome: str = "ok", source: str | None = None, **detail: Any) -> AuditEntry:
        entry = AuditEntry(actor=actor, action=action, subject=subject, source=source or self.source, outcome=outcome, detail=detail)
        self.session.add(entry)
        return entry
