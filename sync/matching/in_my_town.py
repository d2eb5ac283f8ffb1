"""Want a circle in your town? A topic tagged `matching.in_my_town_tag` gets one answer: the active
circles nearest its author (in their place, then online) and people nearby who share the skills the
request names.

The topic delivery carries the tags but not the text, so the handler defers a job that reads the
first post (one GET) and answers once: the reply's outbox key is the topic's.
"""
from __future__ import annotations

from sqlalchemy import select

from circleup.integration.discourse import tag_names
from circleup.integration.errors import NotFound
from circleup.integration.store import Action, Member
from circleup.integration.templates import TemplateSpec
from circleup.sync.matching.active import active_circles
from circleup.sync.matching.community import Community, forum_community
from circleup.sync.matching.desk import Desk
from circleup.sync.matching.engine import FACILITATOR, place_key

ANSWER_JOB = "circleup.matching.answer_town_request"

ANSWER = TemplateSpec.of(
    "matching/in_my_town.md.j2", "post", author="amara", place="Lagos", skills=["Python"], tag="learningcircles",
    nearby=[{"title": "Python for data journalists", "url": "https://forum.example.org/t/12", "members": 4, "started": True}],
    online=[], people=["osioke"],
)
TEMPLATES = (ANSWER,)


def is_request(topic: dict, config) -> bool:
    tag = config.in_my_town_tag
    return bool(tag) and topic.get("archetype") != "private_message" and tag.lower() in tag_names(topic.get("tags"))


def answer_key(topic_id: int) -> str:
    return f"matching:in-my-town:{topic_id}"


def answered(session, topic_id: int) -> bool:
    return session.scalar(select(Action.id).where(Action.key == answer_key(topic_id))) is not None


def answer_request(services, topic_id: int) -> str:
    """Read the request's first post (outside any transaction), then answer it once."""
    with services.store.session() as session:
        if answered(session, topic_id):
            return "answered"
    try:
        first = services.client.get_post_by_number(topic_id, 1)
    except NotFound:
        return "gone"
    settings = services.settings
    with services.unit_of_work(source=f"job:{ANSWER_JOB}") as uow:
        desk = Desk(uow, services)
        session = uow.session
        if answered(session, topic_id):
            return "answered"
        author = session.get(Member, int(first.get("user_id") or 0))
        place = (author.location or "").strip() or None if author else None
        here = place_key(place)
        author_id = author.id if author else None
        with forum_community(session, settings) as community:
            # Read as a circle is, so a request in prose ("Making sense of our survey answers") names its skills.
            needs = community.read(first.get("topic_title") or "", first.get("raw") or "", author_id=author_id)
            skills = sorted(needs.skills)
            people = _people_nearby(community, settings, place, skills, author_id)
        nearby, online = [], []
        for group in active_circles(session, desk.base_url):
            circles = [vars(c) for c in group.circles]
            if group.place is None:
                online += circles
            elif here and place_key(group.place) == here:
                nearby += circles
        raw = desk.render(ANSWER, author=first.get("username") or (author.username if author else ""), place=place,
                          skills=skills, nearby=nearby, online=online, people=people, tag=settings.matching.tag)
        desk.outbox(answer_key(topic_id)).reply(answer_key(topic_id), topic_id, raw, reply_to_post_number=1)
        desk.audit("in_my_town", subject=f"topic:{topic_id}", place=place, skills=skills, circles=len(nearby) + len(online),
                   people=people)
    return "answered_now"


def _people_nearby(community: Community, settings, place: str | None, skills: list[str], author_id: int | None) -> list[str]:
    """Members in the same place who share one of the skills, by username: as the index holds them
    (a free skill as the taxonomy skill it means; eligible members only), never the author."""
    if not skills:
        return []
    limit = min(settings.matching.max_suggestions, settings.discourse.max_mentions_per_post)
    index = community.index
    sharing = frozenset().union(*(index.holders(FACILITATOR, skill) for skill in skills))
    people = [index.get(member_id) for member_id in (sharing & index.in_place(place)) - {author_id}]
    return [p.username for p in sorted(people, key=lambda p: p.username.lower())][:limit]
