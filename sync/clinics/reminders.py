"""Before and after a clinic: one reminder to the roster, then a request to the host for a summary.

The periodic tick finds clinics whose reminder is due (`reminder_hours` before the start) and whose
summary request is due (`summary_after_hours` after the end). Each is recorded once per start time:
the clinic row, locked, remembers the start it was sent for (`reminded_start`,
`summary_asked_start`) in the same transaction as the outbox actions, whose keys carry that start
too — so a retried tick, a restarted worker or two workers at once send it once, and a clinic that
moves gets a reminder for its new time. A reminder to an empty roster sends nothing.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select

from circleup.integration.store import as_utc
from circleup.integration.templates import TemplateSpec
from circleup.sync.clinics import calendar
from circleup.sync.clinics.clinic import batch_of
from circleup.sync.clinics.desk import Desk
from circleup.sync.clinics.models import Clinic
from circleup.sync.clinics.roster import roster
from circleup.sync.clinics.when import date_markup

REMINDER = TemplateSpec.of(
    "clinics/reminder.md.j2", "private_message", title="Wikidata queries for beginners",
    url="https://forum.example.org/t/wikidata/512", host="amara",
    starts='[date=2027-01-14 time=16:00 timezone="Africa/Lagos"]', attendees=[],
)
REMINDER_TITLE = TemplateSpec.of("clinics/reminder_title.md.j2", "title", title="Wikidata queries for beginners")
REMINDER_REPLY = TemplateSpec.of(
    "clinics/reminder_reply.md.j2", "post", title="Wikidata queries for beginners",
    url="https://forum.example.org/t/wikidata/512", host="amara",
    starts='[date=2027-01-14 time=16:00 timezone="Africa/Lagos"]', attendees=["tomi", "kofi"],
)
SUMMARY_REQUEST = TemplateSpec.of("clinics/summary_request.md.j2", "post", host="amara", going=4)
TEMPLATES = (REMINDER, REMINDER_TITLE, REMINDER_REPLY, SUMMARY_REQUEST)

# Discourse refuses a message to more people than `max allowed message recipients` (30 by default).
MESSAGE_RECIPIENTS = 30
# A clinic that ended longer ago than this (circleup installed later, a long outage) is not asked about.
SUMMARY_WINDOW = dt.timedelta(days=7)
# The tick runs every few minutes; clinics that ended within this long move to the calendar's past.
ENDED_LOOKBACK = dt.timedelta(minutes=15)


def due_reminders(session, config, now: dt.datetime) -> list[int]:
    ahead = now + dt.timedelta(hours=config.reminder_hours)
    return list(session.scalars(select(Clinic.topic_id).where(
        Clinic.active.is_(True), Clinic.starts_at.is_not(None), Clinic.starts_at > now, Clinic.starts_at <= ahead,
        or_(Clinic.reminded_start.is_(None), Clinic.reminded_start != Clinic.starts_at))))


def due_summaries(session, config, now: dt.datetime) -> list[int]:
    after = dt.timedelta(hours=config.summary_after_hours)
    return list(session.scalars(select(Clinic.topic_id).where(
        Clinic.active.is_(True), Clinic.ends_at.is_not(None), Clinic.reply_key.is_not(None),
        Clinic.ends_at <= now - after, Clinic.ends_at > now - after - SUMMARY_WINDOW,
        or_(Clinic.summary_asked_start.is_(None), Clinic.summary_asked_start != Clinic.starts_at))))


def remind(desk: Desk, topic_id: int, now: dt.datetime) -> int:
    """The clinic's reminder, if still due (the row is locked and checked again); returns the actions."""
    clinic = desk.session.get(Clinic, topic_id, with_for_update=True, populate_existing=True)
    if clinic is None or not clinic.active or clinic.starts_at is None:
        return 0
    start = as_utc(clinic.starts_at)
    if clinic.reminded_start is not None and as_utc(clinic.reminded_start) == start:
        return 0
    if not now < start <= now + dt.timedelta(hours=desk.config.reminder_hours):
        return 0
    clinic.reminded_start = clinic.starts_at
    people = roster(desk.session, topic_id)
    if not people:
        desk.audit("reminder", subject=f"topic:{topic_id}", status="empty_roster", starts_at=start.isoformat())
        return 0
    values = {"title": clinic.title, "url": calendar.topic_url(desk.base_url, clinic), "host": clinic.author_username,
              "starts": date_markup(start, clinic.timezone or "UTC")}
    stamp = f"{start:%Y%m%dT%H%M}"
    outbox = desk.outbox(f"clinics:reminder:{topic_id}:{stamp}")
    sent = 0
    if desk.config.reminder == "reply":
        size = max(1, desk.settings.discourse.max_mentions_per_post)
        for part, chunk in enumerate(_chunks(people, size)):
            raw = desk.render(REMINDER_REPLY, attendees=chunk, **values)
            outbox.reply(f"clinics:reminder:{topic_id}:{stamp}:{part}", topic_id, raw, reply_to_post_number=1)
            sent += 1
    else:
        title = desk.render(REMINDER_TITLE, title=clinic.title)
        for part, chunk in enumerate(_chunks(people, MESSAGE_RECIPIENTS - 1)):
            raw = desk.render(REMINDER, attendees=chunk, **values)
            outbox.private_message(f"clinics:reminder:{topic_id}:{stamp}:{part}", title, raw, chunk)
            sent += 1
    desk.audit("reminder", subject=f"topic:{topic_id}", status="sent", via=desk.config.reminder,
               attendees=people, starts_at=start.isoformat())
    return sent


def ask_for_summary(desk: Desk, topic_id: int, now: dt.datetime) -> int:
    clinic = desk.session.get(Clinic, topic_id, with_for_update=True, populate_existing=True)
    if clinic is None or not clinic.active or clinic.ends_at is None:
        return 0
    start = as_utc(clinic.starts_at)
    if clinic.summary_asked_start is not None and as_utc(clinic.summary_asked_start) == start:
        return 0
    if as_utc(clinic.ends_at) > now - dt.timedelta(hours=desk.config.summary_after_hours):
        return 0
    clinic.summary_asked_start = clinic.starts_at
    raw = desk.render(SUMMARY_REQUEST, host=clinic.author_username, going=len(roster(desk.session, topic_id)))
    desk.outbox(batch_of(topic_id)).reply(f"clinics:summary:{topic_id}:{start:%Y%m%dT%H%M}", topic_id, raw,
                                          reply_to_post_number=1)
    desk.audit("summary_request", subject=f"topic:{topic_id}", host=clinic.author_username)
    return 1


def recently_ended(session, now: dt.datetime) -> bool:
    return session.scalar(select(Clinic.topic_id).where(
        Clinic.active.is_(True), Clinic.ends_at > now - ENDED_LOOKBACK, Clinic.ends_at <= now).limit(1)) is not None


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i:i + size] for i in range(0, len(items), size)]
