"""The dashboard with two programmes: a tab each, and decisions for the programme the form names,
by that programme's approvers."""
from __future__ import annotations

import pytest

from circleup.simulator import FULL
from circleup.sync.citizens.models import ApplicationStatus
from tests.webhooks.dashboard.conftest import build_forum, make_site

LA = "learning-ambassadors"
OFFER = "I would love to take on this role and run Learning Clinics on organising edit-a-thons for small affiliates."


@pytest.fixture
def two_programmes(backend, tmp_path):
    sim = build_forum()
    sim.add_user("douglas", name="Douglas Ssebaggala", trust_level=3)
    sim.add_group("working-group", members=["douglas"])
    sim.add_group(LA, full_name="Learning Ambassadors")
    sim.add_category("Ambassadors", permissions={LA: FULL, "staff": FULL})
    topic = sim.create_topic("sal", "Learning Ambassadors: propose Learning Clinics, with support",
                             "Reply here to become a Learning Ambassador and propose Learning Clinics.")
    programmes = {LA: {"title": "Learning Ambassadors", "member_noun": "ambassador", "group": LA,
                       "application_topic_ids": [topic.topic_id], "approvers_group": "working-group", "goal": 20,
                       "badge": "learning_ambassador"}}
    site = make_site(tmp_path, backend.database_url, backend.queue_url, create_tables=backend.name == "sqlite",
                     sim=sim, programmes=programmes)
    site.la_topic = topic.topic_id
    yield site
    site.services.close()
    sim.close()


def test_each_programme_has_its_tab_and_its_approvers_decide_there(two_programmes):
    site = two_programmes
    site.apply("osioke")
    site.sim.reply("amara", site.la_topic, OFFER)
    site.settle()
    assert site.sign_in("douglas").status_code == 303  # admitted through the ambassadors' approvers group

    citizens = site.page("/dashboard/applications")
    assert 'id="application-osioke"' in citizens and 'id="application-amara"' not in citizens
    assert "Learning Ambassadors" in citizens and 'aria-label="Programmes"' in citizens
    ambassadors = site.page(f"/dashboard/applications?programme={LA}")
    assert 'id="application-amara"' in ambassadors and 'id="application-osioke"' not in ambassadors
    assert f'name="programme" value="{LA}"' in ambassadors

    refused = site.post("/dashboard/applications/osioke/approve", programme="citizens")
    assert refused.status_code == 303
    assert "does not approve for Source Citizens" in site.page("/dashboard/applications")
    assert site.application("osioke").status == ApplicationStatus.PENDING
    assert site.signed_in_as() == "douglas"  # still an approver, of another programme

    approved = site.post("/dashboard/applications/amara/approve", programme=LA)
    assert approved.status_code == 303 and approved.headers["Location"].endswith(f"/dashboard/applications?programme={LA}")
    site.settle()
    assert site.in_group("amara", LA) and not site.in_group("amara")
    assert site.application("amara", LA).status == ApplicationStatus.APPROVED
    assert site.sim.badges_of("amara") == ["Learning Ambassador"]
    members = site.page(f"/dashboard/citizens?programme={LA}")
    assert "of 20 ambassadors" in members and 'id="citizen-amara"' in members
    overview = site.page("/dashboard/")
    assert "of 100 citizens" in overview and "of 20 ambassadors" in overview
    assert site.http.get("/dashboard/applications?programme=mentors").status_code == 404


def test_revoking_from_the_dashboard_asks_naming_the_programme(two_programmes):
    site = two_programmes
    site.sim.reply("amara", site.la_topic, OFFER)
    site.settle()
    assert site.sign_in("ruth").status_code == 303
    site.post("/dashboard/applications/amara/approve", programme=LA)
    site.settle()
    question = site.post("/dashboard/citizens/amara/revoke", programme=LA, reason="stepped back")
    text = question.get_data(as_text=True)
    assert "They stop being an ambassador and are removed from the learning-ambassadors group" in text
    assert f'name="programme" value="{LA}"' in text
    site.post("/dashboard/citizens/amara/revoke", programme=LA, reason="stepped back", confirmed="yes")
    site.settle()
    assert site.application("amara", LA).status == ApplicationStatus.REVOKED and not site.in_group("amara", LA)
    assert site.sim.badges_of("amara") == []
