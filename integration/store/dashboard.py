"""The dashboard's sign-in nonces."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from circleup.integration.store.base import Base


class SignInNonce(Base):
    """A DiscourseConnect nonce this dashboard issued, stored as a hash, redeemable once."""

    __tablename__ = "dashboard_nonces"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[dt.datetime] = mapped_column(index=True)
