"""Where a flow writes its decisions down: a unit of work seen through the flow's own section.

Handlers, jobs, CLI commands and the dashboard open a unit of work and hand it to the flow's desk,
so a decision takes the same path whoever made it; what the desk records in the outbox is
enqueued by the unit of work when it commits.
"""
from __future__ import annotations

from typing import Any

from circleup.integration.outbox import Outbox
from circleup.integration.store import Action
from circleup.integration.unit_of_work import UnitOfWork


class FlowDesk:
    section: str  # the flow's section of circleup.yaml

    def __init__(self, uow: UnitOfWork, services) -> None:
        self.uow = uow
        self.session = uow.session
        self.services = services
        self.event_pk = uow.event_pk
        self.source = uow.source

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
        return self.uow.outbox(batch)

    @property
    def recorded(self) -> list[Action]:
        """The actions recorded so far, in order: what will happen in Discourse."""
        return self.uow.recorded
