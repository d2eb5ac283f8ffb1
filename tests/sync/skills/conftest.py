from __future__ import annotations

import pytest

from circleup.sync.skills.normalize import Normalizer
from circleup.sync.skills.taxonomy import Taxonomy, load_taxonomy


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    return load_taxonomy()


@pytest.fixture(scope="session")
def normalizer(taxonomy: Taxonomy) -> Normalizer:
    return Normalizer(taxonomy)


# --- an end-to-end forum: simulator ↔ receiver ↔ worker ------------------------------------------

import re  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402

from sqlalchemy import select  # noqa: E402

from circleup.integration.services import Services  # noqa: E402
from circleup.simulator import Simulator  # noqa: E402
from tests.conftest import BOT, FORUM_URL, WEBHOOK_SECRET, drain  # noqa: E402

SHARE, LEARN, FOLLOW = "1", "2", "3"
AREAS = ("Technology", "Design & media", "Wikimedia & open knowledge")
INTRO = "The skills directory of {} will appear in this post shortly."


@dataclass
class Forum:
    """The simulator delivering signed webhooks into circleup's app, and circleup's worker acting back."""

    sim: Simulator
    worker: object
    services: Services
    categories: dict[str, int]
    topics: dict[str, int]
    registration_topic: int
    log: list = field(default_factory=list)

    def settle(self, max_rounds: int = 50) -> None:
        """Deliver every pending webhook and run every job (scheduled ones too) until nothing is left."""
        for _ in range(max_rounds):
            delivered = self.sim.deliver_pending()
            assert all(d.ok for d in delivered), [(d.status, d.response_body) for d in delivered if not d.ok]
            ran = drain(self.worker)
            if not delivered and not ran:
                return
        raise AssertionError("the forum did not settle")

    def directory(self, area: str) -> list[str]:
        """The raw of every post circleup keeps in the area's topic (first post, then continuations)."""
        topic = self.topics[area]
        posts = [p for p in self.sim.posts_in(topic) if p.deleted_at is None]
        first, rest = posts[0], [p for p in posts[1:] if p.user_id == self.sim.bot.id]
        return [first.raw] + [p.raw for p in rest]

    def listed(self, area: str) -> set[str]:
        """Usernames in the area's directory tables."""
        return set(re.findall(r"\]\(/u/([A-Za-z0-9_.\-]+)\)", "\n".join(self.directory(area))))

    def edits(self, area: str | None = None) -> list:
        post_ids = {p.id for a, topic in self.topics.items() if area in (None, a) for p in self.sim.posts_in(topic)}
        return [r for r in self.sim.requests if r.method == "PUT" and r.path.startswith("/posts/")
                and int(r.path.split("/")[2].split(".")[0]) in post_ids]

    def requests(self, method: str, prefix: str) -> list:
        return [r for r in self.sim.requests if r.method == method and r.path.startswith(prefix)]

    def member(self, username: str):
        from circleup.integration.store import Member

        with self.services.store.session() as session:
            return session.scalar(select(Member).where(Member.username_lower == username.lower()))


@pytest.fixture
def sim() -> Simulator:
    simulator = Simulator(base_url=FORUM_URL, delivery="queue", bot_username=BOT)
    yield simulator
    simulator.close()


@pytest.fixture
def forum_layout(sim):
    """Categories and directory topics, made before the webhook exists (their events are not wanted)."""
    categories, topics = {}, {}
    sim.add_group("citizens")  # the citizens flow, running beside this one, expects its group
    for name in AREAS:
        categories[name] = sim.add_category(name).id
        topics[name] = sim.create_topic(BOT, f"Skills directory: {name}", INTRO.format(name), category_id=categories[name]).topic_id
    registration = sim.create_topic(BOT, "Register for peer learning here", "Reply with Share: and Learn: lines.").topic_id
    return categories, topics, registration


@pytest.fixture
def skills_section(forum_layout) -> dict:
    categories, topics, registration = forum_layout
    return {
        "share_field": SHARE, "learn_field": LEARN, "follow_field": FOLLOW,
        "registration_topic_ids": [registration],
        "directory_interval_s": 10,
        "areas": [{"name": name, "category_id": categories[name], "directory_topic_id": topics[name]} for name in AREAS],
    }


@pytest.fixture
def config_overrides(skills_section) -> dict:
    return {"worker": {"retry_backoff_s": 0.0, "stuck_after_s": 2, "retry_for_s": 0},
            "logging": {"format": "console", "level": "WARNING"},
            "skills": skills_section}


@pytest.fixture
def services(settings, backend, sim):
    services = Services(settings, client=sim.client())
    if backend.name == "sqlite":
        services.store.create_all()
    yield services
    services.close()


@pytest.fixture
def forum(sim, forum_layout, app, worker, services) -> Forum:
    categories, topics, registration = forum_layout
    sim.add_webhook("http://circleup.test/webhooks/discourse", WEBHOOK_SECRET)
    sim.deliver_to(app)
    return Forum(sim, worker, services, categories, topics, registration)
