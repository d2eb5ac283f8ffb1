"""Discourse refusing a group add for good (a 4xx), driven precisely with the recording fake client.

Deliveries are the stored fixtures (fixtures/event__detail.json) posted to the real receiver.
"""
from __future__ import annotations

import copy

import pytest
from sqlalchemy import select

from circleup.integration.errors import NotFound, PermanentError
from circleup.integration.services import Services
from circleup.integration.store import Action, ActionStatus, AuditEntry
from circleup.sync.citizens.models import Application, ApplicationStatus
from tests.conftest import drain
from tests.fakes import FakeDiscourse
from tests.sync.citizens.conftest import fixture_body

pytestmark = pytest.mark.usefixtures("backend")

USERS = {
    101: {"id": 101, "username": "osioke", "admin": False, "moderator": False, "groups": []},
    102: {"id": 102, "username": "amara", "admin": False, "moderator": False, "groups": []},
    3: {"id": 3, "username": "mod_ruth", "admin": False, "moderator": True, "groups": []},
}


class FakeForum(FakeDiscourse):
    """The fake client, with the reads the citizens flow makes."""

    def get_user(self, username):
        self._call("get_user", username=username)
        for user in USERS.values():
            if user["username"].lower() == username.lower():
                return copy.deepcopy(user)
        raise NotFound("The requested URL or resource could not be found.", status=404)

    def get_user_by_id(self, user_id):
        self._call("get_user_by_id", user_id=user_id)
        if user_id not in USERS:
            raise NotFound("The requested URL or resource could not be found.", status=404)
        return copy.deepcopy(USERS[user_id])

    def iter_users(self, flag="active", *, page_size=None, show_emails=False):
        self._call("iter_users", flag=flag)
        yield from (u for u in USERS.values() if u["moderator"] or u["admin"])


@pytest.fixture
def fake():
    return FakeForum()


@pytest.fixture
def citizens_config():
    return {"application_topic_ids": [512], "group": "citizens", "category_id": 31}


@pytest.fixture
def services(settings, backend, fake):
    services = Services(settings, client=fake)
    if backend.name == "sqlite":
        services.store.create_all()
    yield services
    services.close()


def post_delivery(name: str, **changes):
    body, event = fixture_body(name)
    body["post"].update(changes)
    return body, event


def applications(services):
    with services.store.session() as session:
        return {a.member.username: a for a in session.scalars(select(Application))}


def test_application_fixture_thanks_once_and_tells_staff(deliver, worker, services, fake):
    body, event = post_delivery("post_created__application")
    deliver(body, event=event)
    drain(worker)
    (thanks,) = fake.sent("create_post")
    assert (thanks["topic_id"], thanks["reply_to_post_number"]) == (512, 7)
    assert thanks["raw"].startswith("Thanks for your Citizenship application, @osioke!")
    (notice,) = fake.sent("create_private_message")
    assert notice["recipients"] == ["mod_ruth"]
    assert "https://forum.example.org/t/source-citizens/512/7" in notice["raw"]


def test_a_refused_group_add_fails_that_approval_only_and_a_replay_grants_it(deliver, worker, services, fake):
    for username, user_id, post_id, number in (("osioke", 101, 9107, 7), ("amara", 102, 9108, 8)):
        body, event = post_delivery("post_created__application", username=username, user_id=user_id, id=post_id,
                                    post_number=number, post_url=f"/t/source-citizens/512/{number}")
        deliver(body, event=event, event_id=f"apply-{username}")
    drain(worker)
    fake.fail("add_group_members", PermanentError("You are not permitted to add members to this group", status=403))
    body, event = post_delivery("post_created__approve_and_decline", raw="Welcome both!\n/approve @osioke\n/approve @amara")
    deliver(body, event=event)
    drain(worker)

    by_name = applications(services)
    statuses = sorted(a.status for a in by_name.values())
    assert statuses == [ApplicationStatus.APPROVAL_FAILED, ApplicationStatus.APPROVED]
    refused = next(a for a in by_name.values() if a.status == ApplicationStatus.APPROVAL_FAILED)
    assert "not permitted" in refused.error
    granted = next(a for a in by_name.values() if a.status == ApplicationStatus.APPROVED)
    welcomed = [m["recipients"] for m in fake.sent("create_private_message") if "Welcome" in m["title"]]
    assert welcomed == [[granted.member.username]]  # the refused one got no welcome, the other one did
    with services.store.session() as session:
        failed = session.scalars(select(AuditEntry).where(AuditEntry.action == "citizens.grant_failed")).all()
        assert [(e.subject, e.outcome) for e in failed] == [(refused.member.username, "error")]
        event_pk = session.scalar(select(Action.event_pk).where(Action.status == ActionStatus.FAILED))

    worker.replay_event(event_pk)
    drain(worker)
    assert {a.status for a in applications(services).values()} == {ApplicationStatus.APPROVED}
    assert len(fake.sent("add_group_members")) == 3  # refused once, then each member once: never a double grant
    welcomed = sorted(m["recipients"][0] for m in fake.sent("create_private_message") if "Welcome" in m["title"])
    assert welcomed == ["amara", "osioke"]


def test_a_hand_added_member_is_known_by_the_group_id_read_once(deliver, worker, services, fake):
    body, event = fixture_body("user_added_to_group__citizens")
    deliver(body, event=event)
    other = copy.deepcopy(body)
    other["group_user"].update(user_id=102, id=1900)
    deliver(other, event=event, event_id="2")
    drain(worker)
    assert [call["name"] for call in fake.sent("get_group")].count("citizens") == 1
    assert {a.status for a in applications(services).values()} == {ApplicationStatus.APPROVED}
    assert fake.sent("add_group_members") == []
