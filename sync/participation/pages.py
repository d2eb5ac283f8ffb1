"""The Circles page (sync.pages): the circles funnel, where circles are active, and each member's
circles, clinics and badges; and a member's certificate of participation."""
from __future__ import annotations

from pathlib import Path

from circleup.integration.store import Member, utcnow
from circleup.sync.matching.active import active_circles
from circleup.sync.matching.funnel import funnel, totals
from circleup.sync.pages import Page, PageNotFound, PageRequest
from circleup.sync.participation.participation import participation, participation_of

FOLDER = Path(__file__).resolve().parent / "pages"


def circles_page(page: PageRequest) -> dict:
    """The funnel per month, the circles that formed, and each member's circles, clinics and badges."""
    session = page.session
    rows = funnel(session, months=12)
    return dict(funnel=rows, total=totals(rows) if rows else None, active=active_circles(session),
                people=participation(session))


def certificate_page(page: PageRequest) -> dict:
    """A member's certificate of participation: a page made to be printed (or saved as PDF)."""
    member = page.session.get(Member, int(page.params["member_id"]))
    if member is None:
        raise PageNotFound(f"There is no member with id {page.params['member_id']}.")
    recognition = page.services.settings.recognition
    forum = (page.services.settings.discourse_url or "").split("://", 1)[-1].rstrip("/")
    return dict(member=member, community=recognition.community_name or forum,
                record=participation_of(page.session, member.id), today=utcnow().date())


PAGES = (
    Page("circles_page", "/circles", "participation/circles.html", circles_page, label="Circles"),
    Page("certificate_page", "/circles/certificate/<int:member_id>", "participation/certificate.html", certificate_page),
)
