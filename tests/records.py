"""What circleup recorded, read back for assertions (shared by the flow and dashboard tests)."""
from __future__ import annotations

from sqlalchemy import select

from circleup.integration.services import Services
from circleup.integration.store import Action, AuditEntry, Member
from circleup.sync.citizens.models import Application


class Records:
    """Mixed into a test harness that has `services`."""

    services: Services

    def application(self, username: str, programme: str = "citizens") -> Application | None:
        with self.services.store.session() as session:
            return session.scalar(select(Application).join(Application.member)
                                  .where(Member.username_lower == username.lower(), Application.programme == programme))

    def audit(self, action: str | None = None) -> list[AuditEntry]:
        with self.services.store.session() as session:
            query = select(AuditEntry).order_by(AuditEntry.id)
            if action:
                query = query.where(AuditEntry.action == action)
            return list(session.scalars(query))

    def actions(self) -> list[Action]:
        with self.services.store.session() as session:
            return list(session.scalars(select(Action).order_by(Action.id)))
