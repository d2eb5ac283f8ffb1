"""The circles funnel, per month: proposed → answered → formed → started.

Each circle counts in the month it was proposed (a cohort), so a month's row says what became of
that month's proposals: `proposed` circles circleup answered with suggestions, `answered` ones at
least one member said they are in (or liked the suggestions), `formed` ones that reached
`matching.circle_min_size` with a facilitator, `started` ones whose group said they met.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from circleup.integration.store import as_utc, utcnow
from circleup.sync.matching.models import CircleFormation, CircleMembership, MatchingCircle


@dataclass(frozen=True)
class FunnelMonth:
    month: str  # "2026-03"
    proposed: int
    answered: int
    formed: int
    started: int

    def rate(self, part: int) -> str:
        return f"{100 * part / self.proposed:.0f}%" if self.proposed else "–"


def funnel(session: Session, *, months: int = 12, now: dt.datetime | None = None) -> list[FunnelMonth]:
    """The last `months` months with proposals, oldest first."""
    now = now or utcnow()
    year, month = now.year, now.month - (months - 1)
    while month <= 0:
        month, year = month + 12, year - 1
    since = dt.datetime(year, month, 1, tzinfo=dt.timezone.utc)
    proposals = session.execute(select(MatchingCircle.topic_id, MatchingCircle.created_at)
                                .where(MatchingCircle.reply_key.is_not(None), MatchingCircle.created_at >= since)).all()
    if not proposals:
        return []
    ids = [topic_id for topic_id, _ in proposals]
    answered = set(session.scalars(select(CircleMembership.topic_id).where(CircleMembership.topic_id.in_(ids))))
    formations = dict(session.execute(select(CircleFormation.topic_id, CircleFormation.started_at)
                                      .where(CircleFormation.topic_id.in_(ids))).all())
    rows: dict[str, list[int]] = {}
    for topic_id, created_at in proposals:
        counts = rows.setdefault(as_utc(created_at).strftime("%Y-%m"), [0, 0, 0, 0])
        counts[0] += 1
        counts[1] += topic_id in answered
        counts[2] += topic_id in formations
        counts[3] += formations.get(topic_id) is not None
    return [FunnelMonth(month, *counts) for month, counts in sorted(rows.items())]


def totals(rows: list[FunnelMonth]) -> FunnelMonth:
    return FunnelMonth("all", *(sum(getattr(r, k) for r in rows) for k in ("proposed", "answered", "formed", "started")))
