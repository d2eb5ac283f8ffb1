"""The matching flow's desk: see sync.desk."""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from circleup.integration.store import AuditEntry
from circleup.sync.desk import FlowDesk


class Desk(FlowDesk):
    """The matching flow's desk (see sync.desk); `source` names who acted, for the audit log."""

    section = "matching"

    def __init__(self, session: Session, services, *, event_pk: int | None = None, source: str = "circleup") -> None:
        super().__init__(session, services, event_pk=event_pk)
        self.source = source  # "event:123", "cli", "job:pairing"…

    def audit(self, action: str, *, subject: str, outcome: str = "ok", actor: str = "circleup", **detail: Any) -> None:
        self.session.add(AuditEntry(actor=actor[:60], action=f"matching.{action}", subject=subject[:255],
                                    source=self.source[:255], outcome=outcome, detail=detail))
