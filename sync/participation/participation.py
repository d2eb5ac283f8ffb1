"""Who took part in what: each member's circles (joined, facilitated, started), clinics (hosted,
attended: sync.clinics.participation) and badges, for the dashboard and for certificates of
participation."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from circleup.integration.store import Member
from circleup.sync.clinics.participation import ClinicRecord, clinic_people, clinics_of
from circleup.sync.matching.models import CircleFormation, CircleMembership, MatchingCircle, MatchingPair
from circleup.sync.recognition.grants import badges_of
from circleup.sync.recognition.models import BadgeGrant


@dataclass
class CircleRecord:
    topic_id: int
    title: str
    role: str  # facilitator | member
    formed: bool
    started: bool


@dataclass
class Participation:
    member_id: int
    username: str
    circles: list[CircleRecord] = field(default_factory=list)
    clinics: list[ClinicRecord] = field(default_factory=list)
    badges: list[str] = field(default_factory=list)
    peers_met: list[str] = field(default_factory=list)


def participation_of(session: Session, member_id: int) -> Participation:
    member = session.get(Member, member_id)
    record = Participation(member_id, member.username if member else str(member_id))
    rows = session.execute(
        select(CircleMembership, MatchingCircle.title, CircleFormation)
        .join(MatchingCircle, MatchingCircle.topic_id == CircleMembership.topic_id)
        .outerjoin(CircleFormation, CircleFormation.topic_id == CircleMembership.topic_id)
        .where(CircleMembership.member_id == member_id, CircleMembership.joined.is_(True))
        .order_by(CircleMembership.joined_at)).all()
    for membership, title, formation in rows:
        facilitating = formation is not None and formation.facilitator.lower() == membership.username.lower()
        record.circles.append(CircleRecord(membership.topic_id, title or f"Topic {membership.topic_id}",
                                           "facilitator" if facilitating else "member", formation is not None,
                                           formation is not None and formation.started_at is not None))
    record.clinics = clinics_of(session, member_id)
    record.badges = [grant.badge_name for grant in badges_of(session, member_id)]
    for pair in session.scalars(select(MatchingPair).where(MatchingPair.met.is_(True),
                                                           (MatchingPair.a_id == member_id) | (MatchingPair.b_id == member_id))):
        record.peers_met.append(pair.b_username if pair.a_id == member_id else pair.a_username)
    return record


def participation(session: Session, *, limit: int = 200) -> list[Participation]:
    """Everyone who joined a circle, hosted or signed up for a clinic, or holds one of circleup's
    badges, by username."""
    ids = set(session.scalars(select(CircleMembership.member_id).where(CircleMembership.joined.is_(True))))
    ids |= clinic_people(session)
    ids |= set(session.scalars(select(BadgeGrant.member_id).where(BadgeGrant.revoked_at.is_(None))))
    names = dict(session.execute(select(Member.id, Member.username_lower).where(Member.id.in_(ids))).all())
    ordered = sorted(ids, key=lambda member_id: names.get(member_id, ""))[:limit]
    return [participation_of(session, member_id) for member_id in ordered]
