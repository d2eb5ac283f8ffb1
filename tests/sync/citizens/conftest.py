"""Fixtures for the citizens flow: a small forum on the Discourse simulator, wired end to end.

`forum` runs the whole loop: the simulator's signed webhooks go into circleup's Flask receiver,
the worker (drained in this thread) runs the flow, and the flow's Discourse calls go to the
simulator through a DiscourseClient whose requests Session is mounted on it. `forum.settle()`
repeats "deliver pending webhooks, drain the worker" until both are quiet, so the webhooks
circleup's own writes cause (its replies, its group adds) come back through the receiver too.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from circleup.integration.services import Services
from circleup.simulator import FULL, Simulator
from circleup.sync.citizens import Desk
from circleup.sync.recognition.config import DEFAULT_BADGES
from tests.conftest import BOT, FORUM_URL, WEBHOOK_SECRET, drain
from tests.records import Records

API_KEY = "test-api-key-0123456789"  # the key tests/conftest.py puts in the environment
FIXTURES = Path(__file__).parent / "fixtures"

SOURCE_CITIZENS = """So what if we just level things off, and start a group of "Source Citizens" who build
peer learning groups around their goals, and connect all of us to support each other?
To register your interest, just fill out this form, or feel free to reply here on this forum post."""

APPLICATION = """I love this! In my locality these peer learning groups are happening a lot, from Consonance Club,
Àsà Coterie to Growth Clinic. They mostly start and grow on WhatsApp."""


@pytest.fixture
def sim() -> Iterator[Simulator]:
    """The forum before circleup is connected: staff, approvers, applicants, the groups and topics."""
    simulator = Simulator(base_url=FORUM_URL, api_key=API_KEY, bot_username=BOT, delivery="queue")
    simulator.add_user("sal", name="Sal", admin=True, trust_level=4)
    simulator.add_user("ruth", name="Ruth Mensah", moderator=True, trust_level=4)
    simulator.add_user("bart", name="Bart", trust_level=3)
    for username in ("osioke", "amara", "lena", "tomi"):
        simulator.add_user(username, name=username.title(), trust_level=1)
    simulator.add_group("approvers", members=["bart"])
    simulator.add_group("citizens", full_name="Source Citizens")
    simulator.add_category("Facilitators", permissions={"citizens": FULL, "staff": FULL})
    simulator.add_category("Community")
    simulator.create_topic("sal", "Source Citizens: peer learning about peer learning", SOURCE_CITIZENS)
    for badge in DEFAULT_BADGES.values():  # what `circleup setup` creates
        simulator.create_badge(badge["name"], badge["description"])
    yield simulator
    simulator.close()


def _topic_titled(sim: Simulator, prefix: str) -> int:
    return next(t.id for t in sim.topics.values() if t.title.startswith(prefix))


def _category_named(sim: Simulator, name: str) -> int:
    return next(c.id for c in sim.categories.values() if c.name == name)


@pytest.fixture
def citizens_config(sim) -> dict:
    """The `citizens:` section; tests change it by overriding this fixture or with `@pytest.mark.citizens(...)`."""
    return {
        "application_topic_ids": [_topic_titled(sim, "Source Citizens")],
        "group": "citizens",
        "category_id": _category_named(sim, "Facilitators"),
        "goal": 100,
    }


@pytest.fixture
def config_overrides(citizens_config, request) -> dict:
    marker = request.node.get_closest_marker("citizens")
    citizens = {**citizens_config, **(marker.kwargs if marker else {})}
    return {
        "worker": {"retry_backoff_s": 0.0, "stuck_after_s": 2, "retry_for_s": 0},
        "logging": {"format": "console", "level": "WARNING"},
        "citizens": citizens,
    }


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "citizens(**keys): change keys of the citizens: section for one test")


@pytest.fixture
def services(settings, backend, sim) -> Iterator[Services]:
    services = Services(settings, client=sim.client())
    if backend.name == "sqlite":
        services.store.create_all()
    yield services
    services.close()


@dataclass
class Forum(Records):
    sim: Simulator
    worker: object
    services: Services
    topic_id: int

    def settle(self, rounds: int = 30) -> None:
        """Deliver the forum's webhooks and run circleup's jobs until neither has anything left."""
        for _ in range(rounds):
            delivered = self.sim.deliver_pending()
            assert all(d.ok for d in delivered), [(d.event.name, d.status) for d in delivered if not d.ok]
            if not drain(self.worker) and not delivered:
                return
        raise AssertionError(f"the forum did not settle in {rounds} rounds")

    def apply(self, username: str, raw: str = APPLICATION):
        return self.sim.reply(username, self.topic_id, raw)

    def command(self, username: str, raw: str):
        return self.sim.reply(username, self.topic_id, raw)

    def decide(self, work):
        """A decision taken outside the forum, as the CLI and the dashboard take them: `work(desk)` in
        one unit of work, which queues its Discourse writes as it commits. Returns what `work` returned."""
        with self.services.unit_of_work(source="test") as uow:
            return work(Desk(uow, self.services))

    # -- what happened, as Discourse sees it ------------------------------------------------
    def bot_posts(self, topic_id: int | None = None):
        return [p for p in self.sim.posts_by(BOT) if topic_id is None or p.topic_id == topic_id]

    def replies_to(self, post) -> list:
        return [p for p in self.bot_posts(post.topic_id) if p.reply_to_post_number == post.post_number]

    def messages_to(self, username: str) -> list:
        """Private messages circleup sent to `username`, as their first posts."""
        return [self.sim.first_post(t.id) for t in self.sim.private_messages_to(username)
                if self.sim.first_post(t.id).user_id == self.sim.bot.id]

    def in_group(self, username: str, group: str = "citizens") -> bool:
        return username in self.sim.group_usernames(group)

    # -- what happened (see also tests.records) ------------------------------------------
    def api_calls(self) -> int:
        return len(self.sim.requests)


@pytest.fixture
def forum(sim, app, worker, services, citizens_config) -> Forum:
    sim.deliver_to(app)
    sim.add_webhook("http://circleup.test/webhooks/discourse", WEBHOOK_SECRET)
    return Forum(sim, worker, services, citizens_config["application_topic_ids"][0])


def fixture_body(name: str) -> tuple[dict, str]:
    """A delivery stored as tests/sync/citizens/fixtures/<event>__<detail>.json: (body, event name)."""
    data = json.loads((FIXTURES / f"{name}.json").read_text())
    return data["body"], data["headers"]["X-Discourse-Event"]
