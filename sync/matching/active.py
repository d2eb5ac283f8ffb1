"""Where learning circles are active: one always-current topic (`matching.active_topic_id`).

Its first post lists the circles that formed or started, by place (the circle's city, or online),
each linked, with its number of members. Whatever changes that list (a circle forming or starting,
someone joining or leaving one) defers `refresh_active_topic`, which renders the list and edits the
post only when the text changed; edits of one topic run in one batch, in order.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from circleup.integration.errors import NotFound
from circleup.integration.store import Action, ActionStatus, utcnow
from circleup.integration.templates import TemplateSpec
from circleup.sync.matching.models import CircleFormation, CircleMembership, MatchingCircle

REFRESH_JOB = "circleup.matching.refresh_active_topic"
REFRESH_DELAY_S = 5.0  # several changes in a burst: one edit
BATCH = "matching:active-topic"
TITLE = "Where learning circles are active"

ACTIVE = TemplateSpec.of(
    "matching/active_circles.md.j2", "post", tag="learningcircles", in_my_town_tag="in-my-town", updated="2026-03-01",
    places=[{"place": "Lagos", "circles": [{"title": "Python for data journalists", "url": "https://forum.example.org/t/12",
                                            "members": 4, "started": True}]},
            {"place": None, "circles": [{"title": "Wikidata basics", "url": "https://forum.example.org/t/15",
                                         "members": 3, "started": False}]}],
)
TEMPLATES = (ACTIVE,)


@dataclass
class ActiveCircle:
    topic_id: int
    title: str
    place: str | None
    members: int
    started: bool
    url: str = ""


@dataclass
class Place:
    place: str | None  # None: online
    circles: list[ActiveCircle] = field(default_factory=list)


def active_circles(session: Session, base_url: str = "") -> list[Place]:
    """Formed and started circles whose topic is still open, grouped by place (online last)."""
    counts = dict(session.execute(select(CircleMembership.topic_id, func.count())
                                  .where(CircleMembership.joined.is_(True)).group_by(CircleMembership.topic_id)).all())
    rows = session.execute(select(CircleFormation, MatchingCircle)
                           .join(MatchingCircle, MatchingCircle.topic_id == CircleFormation.topic_id)
                           .where(MatchingCircle.closed.is_(False))
                           .order_by(CircleFormation.formed_at, CircleFormation.topic_id)).all()
    places: dict[str, Place] = {}
    for formation, circle in rows:
        place = (formation.place or circle.place or "").strip() or None
        key = place.casefold() if place else ""
        places.setdefault(key, Place(place)).circles.append(ActiveCircle(
            circle.topic_id, circle.title or f"Topic {circle.topic_id}", place, counts.get(circle.topic_id, 0),
            formation.started_at is not None, f"{base_url.rstrip('/')}/t/{circle.topic_id}"))
    return sorted(places.values(), key=lambda p: (p.place is None, (p.place or "").casefold()))


def render(services, session: Session) -> str:
    config = services.settings.matching
    base_url = services.settings.discourse_url or ""
    places = [{"place": p.place, "circles": [vars(c) for c in p.circles]} for p in active_circles(session, base_url)]
    return services.templates.render(str(ACTIVE), places=places, tag=config.tag, in_my_town_tag=config.in_my_town_tag,
                                     updated=utcnow().date().isoformat())


def refresh_active_topic(services) -> str:
    """Edit the active-circles topic's first post when its list changed; returns what happened."""
    topic_id = services.settings.matching.active_topic_id
    if not topic_id:
        return "off"
    with services.store.session() as session:
        raw = render(services, session)
        last = session.scalar(select(Action).where(Action.batch == BATCH).order_by(Action.id.desc()).limit(1))
        post_id = (last.result or {}).get("post_id") if last is not None and last.status == ActionStatus.DONE else None
        if last is not None and _listing(last.payload.get("raw") or "") == _listing(raw):
            return "unchanged"
        edits = session.scalar(select(func.count()).select_from(Action).where(Action.batch == BATCH)) or 0
    if post_id is None:
        try:  # one read, outside any transaction, until an edit has told us the post's id
            post_id = int(services.client.get_post_by_number(topic_id, 1)["id"])
        except NotFound:
            return "missing"
    with services.unit_of_work(source=f"job:{REFRESH_JOB}") as uow:
        digest = hashlib.sha256(_listing(raw).encode()).hexdigest()[:16]
        uow.outbox(BATCH).edit_post(f"{BATCH}:{topic_id}:{edits + 1}:{digest}", raw, post_id=post_id,
                                    edit_reason="learning circles changed")
    return "edited"


def _listing(raw: str) -> str:
    """The text without its date line: a new day alone is no reason to edit."""
    return "\n".join(line for line in raw.splitlines() if "Kept up to date by circleup" not in line)


def forum_requirements(settings) -> list:
    """The topic itself: in the first circle category, or a "Learning circles" category of its own."""
    from circleup.integration.forum_setup import CategoryRequirement, TopicRequirement

    config = settings.matching
    category = config.categories[0] if config.categories else CategoryRequirement("Learning circles")
    raw = ("This topic lists the learning circles that have formed, by place, and is kept up to date by "
           "circleup. Propose a circle with the " + config.tag + " tag!")
    return [TopicRequirement(category, TITLE, raw, id_config_key="matching.active_topic_id",
                             configured_id=config.active_topic_id)]
