"""The matching flow's dashboard page (sync.pages): who was suggested for a learning circle and why.
The Circles page (the funnel, where circles are active, who took part in what) is sync.participation's."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from circleup.sync.matching.models import MatchingSuggestion
from circleup.sync.matching.suggestions import circle_of, recent_circles, suggestions_for_topic
from circleup.sync.pages import Page, PageRequest

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

