"""The matching flow's dashboard pages (sync.pages): who was suggested for a learning circle and why; the
circles funnel, where circles are active, members' circles, clinics and badges and their certificates."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from circleup.integration.store import utcnow
from circleup.sync.matching.active import active_circles
from circleup.sync.matching.models import MatchingSuggestion
from circleup.sync.matching.suggestions import circle_of, recent_circles, suggestions_for_topic
from circleup.sync.pages import Page, PageNotFound, PageRequest

FOLDER = Path(__file__).resolve().parent / "pages"
RECENT_CIRCLES = 20
MAX_TOPIC_ID = 2**63 - 1  # circles' topic ids are 64-bit columns; a larger number names no topic


def matching_page(page: PageRequest) -> dict:
    """Who was suggested for a learning circle, with the score and the reasons of each."""
    raw_topic = page.args.get("topic_id", "").strip().lstrip("#")
    # isascii: str.isdigit() also accepts digits such as "²" that int() refuses.
    topic_id = int(raw_topic) if raw_topic.isascii() and raw_topic.isdigit() else None
    if topic_id is not None and topic_id > MAX_TOPIC_ID:
        topic_id = None
    session = page.session
    circles = recent_circles(session, limit=RECENT_CIRCLES)
    counts = dict(session.execute(select(MatchingSuggestion.topic_id, func.count())
                                  .where(MatchingSuggestion.current.is_(True),
                                         MatchingSuggestion.topic_id.in_([c.topic_id for c in circles]))
                                  .group_by(MatchingSuggestion.topic_id)).all())
    circle = circle_of(session, topic_id) if topic_id else None
    revisions: dict[int, list[MatchingSuggestion]] = {}
    if topic_id:
        # Every revision of circleup's reply, newest first: what it says now, and what it said before.
        for row in suggestions_for_topic(session, topic_id, history=True):
            revisions.setdefault(row.revision, []).append(row)
    return dict(circles=circles, counts=counts, topic_id=topic_id, asked=raw_topic, circle=circle,
                revisions=revisions)


PAGES = (Page("matching_page", "/matching", "matching/matching.html", matching_page, label="Matching"),)


# -- circles: the funnel, where circles are active, members' recognition ----------------------------

def circles_page(page: PageRequest) -> dict:
    """The funnel per month, the circles that formed, and each member's circles, clinics and badges."""
    from circleup.sync.matching.funnel import funnel, totals
    from circleup.sync.matching.participation import participation

    session = page.session
    rows = funnel(session, months=12)
    return dict(funnel=rows, total=totals(rows) if rows else None, active=active_circles(session),
                people=participation(session))


def certificate_page(page: PageRequest) -> dict:
    """A member's certificate of participation: a page made to be printed (or saved as PDF)."""
    from circleup.integration.store import Member
    from circleup.sync.matching.participation import participation_of

    member = page.session.get(Member, int(page.params["member_id"]))
    if member is None:
        raise PageNotFound(f"There is no member with id {page.params['member_id']}.")
    recognition = page.services.settings.recognition
    forum = (page.services.settings.discourse_url or "").split("://", 1)[-1].rstrip("/")
    return dict(member=member, community=recognition.community_name or forum,
                record=participation_of(page.session, member.id), today=utcnow().date())


PAGES = (
    *PAGES,
    Page("circles_page", "/circles", "matching/circles.html", circles_page, label="Circles"),
    Page("certificate_page", "/circles/certificate/<int:member_id>", "matching/certificate.html", certificate_page),
)
