"""What a flow handler receives: the event, its unit of work and the services."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy.orm import Session

from circleup.integration.outbox import Outbox
from circleup.integration.services import Services
from circleup.integration.store import AuditEntry, Event
from circleup.integration.unit_of_work import UnitOfWork


@dataclass
class HandlerContext:
    event: Event
    uow: UnitOfWork
    services: Services

    @cached_property
    def data(self) -> dict[str, Any]:
        return json.loads(self.event.body)

    @property
    def payload(self) -> dict[str, Any]:
        """The object under the body's top-level key (`post`, `topic`, `user`, `group_user`)."""
        value = self.data.get(self.event.event_type)
        return value if isinstance(value, dict) else {}

    @property
    def session(self) -> Session:
        return self.uow.session

    @property
    def outbox(self) -> Outbox:
        """The event's own batch: a replay of the event re-opens what it recorded here."""
        return self.uow.outbox(f"event:{self.event.id}")

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
        return self.uow.source

    def defer(self, job: str, *args: Any, delay: float = 0) -> None:
        """Run a flow job (registered with `Worker.job`) after this event's transaction commits."""
        self.uow.defer(job, *args, delay=delay)

    def audit(self, actor: str, action: str, *, subject: str | None = None, outcome: str = "ok", source: str | None = None, **detail: Any) -> AuditEntry:
        return self.uow.audit(actor, action, subject=subject, outcome=outcome, source=source, **detail)
