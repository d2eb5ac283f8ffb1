"""A worker killed in the middle of an approval: the next one finishes it without posting twice."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from circleup.integration.markdown import marker
from circleup.integration.store import Action, ActionStatus, utcnow
from circleup.sync.citizens.models import ApplicationStatus

pytestmark = pytest.mark.usefixtures("backend")


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing in the worker catches it, no transaction after it commits."""


def test_a_welcome_left_in_flight_is_finished_without_a_second_message(forum, monkeypatch):
    forum.apply("osioke")
    forum.settle()
    client = forum.services.client
    send = client.create_private_message

    def killed_after_sending(title, raw, recipients):
        post = send(title, raw, recipients)  # Discourse has the message...
        if ":welcome" in raw:
            raise WorkerKilled()  # ...but the worker dies before recording it
        return post

    monkeypatch.setattr(client, "create_private_message", killed_after_sending)
    forum.command("ruth", "/approve @osioke welcome aboard!")
    with pytest.raises(WorkerKilled):
        forum.settle()
    monkeypatch.undo()
    (welcome,) = [a for a in forum.actions() if a.key.endswith(":welcome")]
    assert welcome.status == ActionStatus.IN_FLIGHT and len(forum.messages_to("osioke")) == 1

    # A new worker starts later: its sweep finds the batch stuck in flight and takes it up again.
    an_hour_ago = utcnow() - dt.timedelta(hours=1)
    with forum.services.store.session() as session:
        session.execute(update(Action).values(created_at=an_hour_ago))
        session.execute(update(Action).where(Action.status == ActionStatus.IN_FLIGHT).values(not_before=an_hour_ago))
    assert forum.worker.sweep()["batches"] >= 1
    forum.settle()

    (welcome,) = [a for a in forum.actions() if a.key.endswith(":welcome")]
    assert welcome.status == ActionStatus.DONE and welcome.result["recovered"] is True
    (message,) = forum.messages_to("osioke")
    assert marker(welcome.key) in message.raw
    assert forum.application("osioke").status == ApplicationStatus.APPROVED
    assert len([r for r in forum.bot_posts(forum.topic_id) if "citizen 1 of 100" in r.raw]) == 1
