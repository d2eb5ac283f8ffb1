"""Fixtures for the clinics flow end to end: a small community on the Discourse simulator.

Members state what they want to learn in the learn user field; the skills flow (which the worker
runs too) stores it, so the learners a clinic's reply suggests come from the same path as in
production: simulator → signed webhook → receiver → worker → flows → outbox → simulator.
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from circleup.sync.clinics.models import Clinic, ClinicAttendee

SHARE, LEARN = "1", "2"
TAG = "learning-clinic"
CALENDAR_ID = 1  # the first topic of the simulated forum: the community fixture opens it as circleup
MENTION = re.compile(r"(?<![\w@`])@([A-Za-z0-9_][A-Za-z0-9_.\-]*)")

# username → (shares, learns)
COMMUNITY = {
    "amara": ("Wikidata", "Python"),  # hosts most clinics
    "tomi": ("", "Wikidata"),
    "kofi": ("", "Wikidata, Python"),
    "bola": ("", "Wikidata"),
    "zed": ("", "Wikidata"),
    "lena": ("Python", ""),
}


@pytest.fixture
def clinics_config() -> dict:
    return {}


@pytest.fixture
def config_overrides(clinics_config, request) -> dict:
    marker = request.node.get_closest_marker("clinics")
    return {
        "worker": {"retry_backoff_s": 0.0, "stuck_after_s": 2},
        "logging": {"format": "console", "level": "WARNING"},
        "skills": {"share_field": SHARE, "learn_field": LEARN},
        "dashboard": {"public_url": "https://circleup.example.org"},
        "clinics": {"calendar_interval_s": 0, "calendar_topic_id": CALENDAR_ID, **clinics_config, **(marker.kwargs if marker else {})},
    }


@pytest.fixture
def community(forum):
    sim = forum.sim
    sim.add_user("sal", name="Sal", admin=True, trust_level=4)
    for username, (shares, learns) in COMMUNITY.items():
        sim.add_user(username, name=username.title(), user_fields={SHARE: shares, LEARN: learns})
    sim.add_group("no-matching", public_admission=True, public_exit=True)
    sim.add_group("citizens")
    calendar = sim.create_topic("circleup", "Learning clinics calendar", "The calendar of learning clinics, kept current.")
    assert calendar.topic_id == CALENDAR_ID
    forum.settle()
    return sim


def replies(forum, topic_id: int):
    """circleup's posts in a topic."""
    return [p for p in forum.sim.posts_in(topic_id) if forum.sim.users[p.user_id].username == "circleup"]


def mentioned(raw: str) -> list[str]:
    return MENTION.findall(raw)


def clinic_row(forum, topic_id: int) -> Clinic | None:
    with forum.services.store.session() as session:
        return session.get(Clinic, topic_id)


def roster_of(forum, topic_id: int) -> list[str]:
    with forum.services.store.session() as session:
        return sorted(session.scalars(select(ClinicAttendee.username).where(
            ClinicAttendee.topic_id == topic_id, ClinicAttendee.going.is_(True))))


def calendar_post(forum):
    return forum.sim.first_post(CALENDAR_ID)


def pytest_configure(config):
    config.addinivalue_line("markers", "clinics(**section): keys of the `clinics:` config section for this test")
