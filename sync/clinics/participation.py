"""Who took part in which clinics: those a member hosted and those they said they would come to,
for the dashboard's members list and certificates of participation (sync.participation)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from circleup.integration.store import as_utc, utcnow
from circleup.sync.clinics.models import Clinic, ClinicAttendee, on_calendar


@dataclass
class ClinicRecord:
    topic_id: int
    title: str
    role: str  # host | attendee
    starts_at: dt.datetime  # UTC
    held: bool  # over by now (False: coming up)


def clinics_of(session: Session, member_id: int, now: dt.datetime | None = None) -> list[ClinicRecord]:
    """The clinics on the calendar that `member_id` hosted or is on the roster of, by start time.
    A clinic withdrawn (untagged, closed, deleted) or whose time could not be read is not one."""
    now = now or utcnow()
    hosted = session.scalars(select(Clinic).where(*on_calendar(), Clinic.author_id == member_id))
    attended = session.scalars(
        select(Clinic).join(ClinicAttendee, ClinicAttendee.topic_id == Clinic.topic_id)
        .where(*on_calendar(), ClinicAttendee.user_id == member_id, ClinicAttendee.going.is_(True)))
    records = [_record(clinic, "host", now) for clinic in hosted]
    records += [_record(clinic, "attendee", now) for clinic in attended]
    return sorted(records, key=lambda r: (r.starts_at, r.topic_id))


def clinic_people(session: Session) -> set[int]:
    """The members who hosted a clinic on the calendar or are on one's roster."""
    hosts = session.scalars(select(Clinic.author_id).where(*on_calendar(), Clinic.author_id.is_not(None)))
    attendees = session.scalars(select(ClinicAttendee.user_id).join(Clinic, Clinic.topic_id == ClinicAttendee.topic_id)
                                .where(*on_calendar(), ClinicAttendee.going.is_(True)))
    return set(hosts) | set(attendees)


def _record(clinic: Clinic, role: str, now: dt.datetime) -> ClinicRecord:
    ends = as_utc(clinic.ends_at or clinic.starts_at)
    return ClinicRecord(clinic.topic_id, clinic.title or f"Topic {clinic.topic_id}", role, as_utc(clinic.starts_at),
                        held=ends < as_utc(now))
