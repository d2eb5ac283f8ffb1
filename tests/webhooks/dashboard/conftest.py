"""Fixtures for the dashboard: circleup and a simulated forum that also signs moderators in.

`site` is the whole loop in one process: the simulator's webhooks go into circleup's Flask app,
the worker (drained in this thread) performs the recorded actions against the simulator, and the
simulator plays the DiscourseConnect provider. `site.sign_in("ruth")` walks the real round trip:
circleup → /session/sso_provider on the forum → back to circleup's callback.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from circleup.sync import load_settings
from circleup.integration.services import Services
from circleup.sync.recognition.config import DEFAULT_BADGES
from circleup.simulator import FULL, Simulator
from circleup.integration.store import Member, MemberSkill
from circleup.sync.matching.models import MatchingCircle, MatchingSuggestion
from tests.conftest import BOT, FORUM_URL, WEBHOOK_SECRET, drain
from tests.records import Records

API_KEY = "test-api-key-0123456789"
CONNECT_SECRET = "discourse-connect-secret-for-tests"
SESSION_SECRET = "session-secret-for-the-dashboard-tests"
PUBLIC_URL = "https://circleup.example.org"
APPLICATION = "I run peer learning groups in Lagos, mostly on WhatsApp, and would love to help here."


def build_forum(base_url: str = FORUM_URL) -> Simulator:
    """Staff, an approvers group, members who may apply, the citizens group and its category."""
    sim = Simulator(base_url=base_url, api_key=API_KEY, bot_username=BOT, delivery="queue")
    sim.settings.enable_discourse_connect_provider = True
    sim.settings.discourse_connect_provider_secret = CONNECT_SECRET
    sim.add_user("sal", name="Sal", admin=True, trust_level=4)
    sim.add_user("ruth", name="Ruth Mensah", moderator=True, trust_level=4)
    sim.add_user("bart", name="Bart", trust_level=3)
    for username in ("osioke", "amara", "lena"):
        sim.add_user(username, name=username.title(), trust_level=1)
    sim.add_group("approvers", members=["bart"])
    sim.add_group("citizens", full_name="Source Citizens")
    sim.add_category("Facilitators", permissions={"citizens": FULL, "staff": FULL})
    sim.create_topic("sal", "Source Citizens: peer learning about peer learning",
                     "Reply here to become a Source Citizen and start peer learning groups with us.")
    for badge in DEFAULT_BADGES.values():  # what `circleup setup` creates
        sim.create_badge(badge["name"], badge["description"])
    return sim


def yaml_sections(sim: Simulator, *, approvers_group: str | None = "approvers", public_url: str | None = PUBLIC_URL,
                  programmes: dict | None = None) -> dict:
    topic_id = next(t.id for t in sim.topics.values() if t.title.startswith("Source Citizens"))
    category_id = next(c.id for c in sim.categories.values() if c.name == "Facilitators")
    return {
        "worker": {"retry_backoff_s": 0.0, "stuck_after_s": 2, "retry_for_s": 0},
        "logging": {"format": "console", "level": "WARNING"},
        "citizens": {"application_topic_ids": [topic_id], "group": "citizens", "category_id": category_id,
                     "approvers_group": approvers_group, "goal": 100},
        "dashboard": {"public_url": public_url},
        **({"programmes": programmes} if programmes else {}),
    }


@dataclass
class Site(Records):
    """circleup (app, worker) beside its simulated forum, with a browser-like test client."""

    sim: Simulator
    services: Services
    app: object
    worker: object
    http: object
    topic_id: int

    # -- the forum ---------------------------------------------------------------------------
    def settle(self, rounds: int = 30) -> None:
        for _ in range(rounds):
            delivered = self.sim.deliver_pending()
            if not drain(self.worker) and not delivered:
                return
        raise AssertionError(f"the forum did not settle in {rounds} rounds")

    def apply(self, username: str, raw: str = APPLICATION):
        return self.sim.reply(username, self.topic_id, raw)

    def in_group(self, username: str, group: str = "citizens") -> bool:
        return username in self.sim.group_usernames(group)

    # -- signing in --------------------------------------------------------------------------
    def start_sign_in(self, client=None) -> str:
        """Ask circleup to sign in; returns where it sends the browser (the forum's provider URL)."""
        response = (client or self.http).get("/dashboard/login/start")
        assert response.status_code == 302, response.status_code
        return response.headers["Location"]

    def forum_answer(self, provider_url: str, username: str | None) -> str:
        """The forum, with `username` signed in there, answers: returns circleup's callback URL."""
        self.sim.sso_login_as(username)
        parts = urlsplit(provider_url)
        response = self.sim.app.test_client().get(f"{parts.path}?{parts.query}")
        assert response.status_code == 302, (response.status_code, response.get_data(as_text=True))
        return response.headers["Location"]

    def callback(self, callback_url: str, client=None):
        parts = urlsplit(callback_url)
        return (client or self.http).get(f"{parts.path}?{parts.query}")

    def sign_in(self, username: str, client=None):
        """The whole round trip; returns circleup's answer to the callback."""
        return self.callback(self.forum_answer(self.start_sign_in(client), username), client)

    def signed_in_as(self, client=None) -> str | None:
        """Who the server says this browser's session belongs to (None: no live session)."""
        from circleup.integration.store import utcnow
        from circleup.integration.store.dashboard import session_for

        with (client or self.http).session_transaction("/dashboard/") as session:
            token = session.get("token")
        with self.services.store.session() as db:
            row = session_for(db, token) if token else None
            return row.username if row is not None and row.is_live(utcnow()) else None

    # -- using the dashboard ----------------------------------------------------------------
    def csrf(self) -> str:
        with self.http.session_transaction("/dashboard/") as session:
            return session["csrf"]

    def post(self, path: str, **form: str):
        return self.http.post(path, data={"csrf_token": self.csrf(), **form})

    def page(self, path: str) -> str:
        response = self.http.get(path)
        assert response.status_code == 200, (path, response.status_code, response.headers.get("Location"))
        return response.get_data(as_text=True)

    # -- what circleup recorded --------------------------------------------------------------


def make_site(root: Path, database_url: str, queue_url: str, *, sim: Simulator | None = None, create_tables: bool = True,
              **sections) -> Site:
    from circleup.webhooks.app import create_app

    sim = sim or build_forum()
    root.mkdir(parents=True, exist_ok=True)
    (root / "circleup.yaml").write_text("{}\n")
    env = {
        "DISCOURSE_URL": sim.base_url, "DISCOURSE_API_KEY": API_KEY, "DISCOURSE_API_USERNAME": BOT,
        "DISCOURSE_WEBHOOK_SECRET": WEBHOOK_SECRET, "DATABASE_URL": database_url, "QUEUE_URL": queue_url,
        "CIRCLEUP_INSTANCE_PATH": str(root / "instance"), "CIRCLEUP_CONFIG": str(root / "circleup.yaml"),
    }
    services = Services(load_settings(env, yaml_sections(sim, **sections)), client=sim.client())
    if create_tables:
        services.store.create_all()
    app = create_app({"SECRET_KEY": SESSION_SECRET, "DISCOURSE_CONNECT_SECRET": CONNECT_SECRET}, services=services)
    sim.deliver_to(app)
    sim.add_webhook("http://circleup.test/webhooks/discourse", WEBHOOK_SECRET)
    topic_id = yaml_sections(sim)["citizens"]["application_topic_ids"][0]
    return Site(sim, services, app, app.extensions["circleup.worker"], app.test_client(), topic_id)


@pytest.fixture
def site_options() -> dict:
    """Keyword arguments for `yaml_sections`; override in a test module to change the set-up."""
    return {}


@pytest.fixture
def site(backend, tmp_path, site_options) -> Iterator[Site]:
    built = make_site(tmp_path, backend.database_url, backend.queue_url, create_tables=backend.name == "sqlite",
                      **site_options)
    yield built
    built.services.close()
    built.sim.close()


@pytest.fixture
def ruth(site) -> Site:
    """The site with Ruth, a forum moderator, signed in to the dashboard."""
    response = site.sign_in("ruth")
    assert response.status_code == 303, response.get_data(as_text=True)
    return site


# -- data other flows would have stored -------------------------------------------------------

def add_skills(site, username: str, share: list[str], learn: list[str]) -> None:
    """Skills as the skills flow stores them (member_skills rows)."""
    with site.services.store.session() as session:
        member = session.scalar(select(Member).where(Member.username_lower == username))
        for kind, skills in (("share", share), ("learn", learn)):
            for skill in skills:
                session.add(MemberSkill(member_id=member.id, kind=kind, raw=skill, skill=skill, method="exact",
                                        source="user_field"))


def record_suggestions(site, topic_id: int) -> None:
    """Two revisions of circleup's reply to a learning circle, as the matching flow stores them."""
    with site.services.store.session() as session:
        members = {m.username: m for m in session.scalars(select(Member))}
        session.add(MatchingCircle(topic_id=topic_id, topic_seen=True, title="Learning circle: Python in Lagos",
                                   tags=["learningcircles"], author_username="lena", active=True,
                                   skills=["Python"], place="Lagos", ranked=True, revision=2,
                                   reply_key=f"matching:{topic_id}:reply"))
        session.flush()
        rows = [
            (1, "osioke", "facilitator", 1, 0.91, ["shares Python", "also in Lagos"], False),
            (2, "osioke", "facilitator", 1, 0.87, ["shares Python", "also in Lagos", "active this week"], True),
            (2, "amara", "participant", 2, 0.42, ["wants to learn Python"], True),
        ]
        for revision, username, role, rank, score, reasons, current in rows:
            session.add(MatchingSuggestion(topic_id=topic_id, revision=revision, member_id=members[username].id,
                                           username=username, role=role, rank=rank, score=score, reasons=reasons,
                                           matched_skills=["Python"], action_key=f"matching:{topic_id}:{revision}",
                                           current=current))


def sessions_of(site, username: str) -> list:
    """Every dashboard session row of one member, oldest first."""
    from circleup.integration.store.dashboard import DashboardSession

    with site.services.store.session() as session:
        rows = session.scalars(select(DashboardSession).where(DashboardSession.username == username)
                               .order_by(DashboardSession.id)).all()
        session.expunge_all()
        return rows
