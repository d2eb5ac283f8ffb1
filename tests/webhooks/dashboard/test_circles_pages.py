"""The Circles page (funnel, active circles, members' circles, clinics and badges) and the certificate."""
from __future__ import annotations

from sqlalchemy import select

import datetime as dt

from circleup.integration.store import Member, utcnow
from circleup.sync.clinics.models import Clinic, ClinicAttendee
from circleup.sync.matching.models import CircleFormation, CircleMembership, MatchingCircle
from circleup.sync.recognition.models import BadgeGrant


def record_circles(site) -> None:
    """Two proposals this month: one formed and started in Lagos, one only answered; as the flows store them."""
    with site.services.store.session() as session:
        members = {m.username: m for m in session.scalars(select(Member))}
        for username in ("osioke", "amara", "lena"):
            if username not in members:
                user = site.sim.user(username)
                members[username] = Member(id=user.id, username=username, username_lower=username, name=user.name)
                session.add(members[username])
        session.flush()
        for topic_id, title in ((71, "Python in Lagos"), (72, "Wikidata online")):
            session.add(MatchingCircle(topic_id=topic_id, topic_seen=True, title=title, active=True,
                                       author_username="lena", reply_key=f"matching:reply:{topic_id}"))
        session.flush()
        for topic_id, username in ((71, "osioke"), (71, "amara"), (71, "lena"), (72, "amara")):
            session.add(CircleMembership(topic_id=topic_id, member_id=members[username].id, username=username, via="reply"))
        session.add(CircleFormation(topic_id=71, facilitator="osioke", members=["osioke", "amara", "lena"], place="Lagos",
                                    announce_key="matching:circle:71:formed", message_key="matching:circle:71:message",
                                    started_at=utcnow(), start_answer="yes", attended=3))
        session.add(BadgeGrant(member_id=members["osioke"].id, username="osioke", badge="circle_facilitator",
                               badge_name="Circle facilitator", why="circle topic:71 started",
                               grant_key="recognition:circle_facilitator:1:grant:1"))


def record_clinics(site) -> None:
    """osioke hosted a clinic last week and signed up for one next month; a withdrawn clinic he hosted
    and one he said he cannot make do not count; bola, in no circle, came to his. As the clinics flow stores them."""
    site.sim.add_user("bola", name="Bola")
    now = utcnow()
    with site.services.store.session() as session:
        ids = {username: site.sim.user(username).id for username in ("osioke", "bola", "lena")}
        for username in ("osioke", "bola"):
            if session.get(Member, ids[username]) is None:
                session.add(Member(id=ids[username], username=username, username_lower=username,
                                   name=site.sim.user(username).name))
        for topic_id, title, host, days, active in ((81, "Wikidata queries for beginners", "osioke", -7, True),
                                                    (82, "SPARQL for librarians", "lena", 30, True),
                                                    (83, "Withdrawn clinic on maps", "osioke", 3, False),
                                                    (84, "Python clinic he left", "lena", 10, True)):
            starts = now + dt.timedelta(days=days)
            session.add(Clinic(topic_id=topic_id, topic_seen=True, title=title, author_id=ids[host],
                               author_username=host, active=active, starts_at=starts,
                               ends_at=starts + dt.timedelta(hours=1), timezone="Africa/Lagos",
                               reply_key=f"clinics:reply:{topic_id}"))
        session.flush()
        for topic_id, username, going in ((81, "bola", True), (82, "osioke", True), (84, "osioke", False)):
            session.add(ClinicAttendee(topic_id=topic_id, user_id=ids[username], username=username, going=going,
                                       source="post:1"))


def test_circles_page_shows_the_funnel_where_circles_are_active_and_members(ruth):
    record_circles(ruth)
    page = ruth.page("/dashboard/circles")
    month = utcnow().strftime("%Y-%m")
    row = page[page.index(f"<td>{month}</td>"):]
    row = row[:row.index("</tr>")]
    numbers = [cell.split("<")[0].strip() for cell in row.split('<td class="num">')[1:]]
    assert numbers == ["2", "2", "1", "1"]  # proposed, answered, formed, started
    assert "<h3>Lagos</h3>" in page and "Python in Lagos</a> — 3 members, started" in page
    osioke = page[page.index('id="member-osioke"'):]
    osioke = osioke[:osioke.index("</tr>")]
    assert "Python in Lagos</a> (facilitator, started)" in osioke and "Circle facilitator" in osioke
    assert f"/dashboard/circles/certificate/{ruth.sim.user('osioke').id}" in osioke


def test_the_certificate_names_the_community_circles_and_badges(ruth):
    record_circles(ruth)
    page = ruth.page(f"/dashboard/circles/certificate/{ruth.sim.user('osioke').id}")
    assert "Certificate of participation" in page and "@page" in page  # made for printing
    assert "Python in Lagos — facilitator, met" in page and "<li>Circle facilitator</li>" in page
    assert "Osioke" in page
    host = ruth.services.settings.discourse_url.split("://", 1)[-1].rstrip("/")
    assert host in page  # no community_name configured: the forum's host


def test_a_certificate_for_nobody_is_a_404(ruth):
    response = ruth.http.get("/dashboard/circles/certificate/987654")
    assert response.status_code == 404 and "no member with id 987654" in response.get_data(as_text=True)


def test_the_certificate_and_the_members_list_name_the_clinics_hosted_and_signed_up_for(ruth):
    record_circles(ruth)
    record_clinics(ruth)
    page = ruth.page(f"/dashboard/circles/certificate/{ruth.sim.user('osioke').id}")
    section = page[page.index("<h2>Learning clinics</h2>"):]
    section = section[:section.index("</section>")]
    last_week = (utcnow() - dt.timedelta(days=7)).strftime("%d %B %Y")
    next_month = (utcnow() + dt.timedelta(days=30)).strftime("%d %B %Y")
    assert f"Wikidata queries for beginners — host, {last_week}</li>" in section
    assert f"SPARQL for librarians — signed up, {next_month} (coming up)</li>" in section
    assert "Withdrawn clinic" not in page and "Python clinic he left" not in page
    assert section.index("Wikidata queries") < section.index("SPARQL")  # by date

    bola = ruth.page(f"/dashboard/circles/certificate/{ruth.sim.user('bola').id}")
    assert "Wikidata queries for beginners — attended," in bola  # held: attended
    assert "<h2>Learning circles</h2>" not in bola

    circles = ruth.page("/dashboard/circles")
    row = circles[circles.index('id="member-bola"'):]  # a clinic is enough to be listed
    row = row[:row.index("</tr>")]
    assert "Wikidata queries for beginners</a> (attendee," in row
