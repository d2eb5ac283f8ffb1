"""The clinics flow's desk: see sync.desk."""
from __future__ import annotations

from typing import Any

from circleup.sync.desk import FlowDesk


class Desk(FlowDesk):
    """The clinics flow's desk (see sync.desk); its unit of work's `source` names who acted."""

    section = "clinics"

    def audit(self, action: str, *, subject: str, outcome: str = "ok", actor: str = "circleup", **detail: Any) -> None:
        self.uow.audit(actor, f"clinics.{action}", subject=subject, outcome=outcome, **detail)
