"""Suggestions for proposed learning circles: from a tagged topic to one threaded reply, kept current.

A circle is a topic carrying `matching.tag` in an allowed category: one of `matching.categories`,
or, when none are listed, any category every member can read. Discourse describes a new topic
in two deliveries that arrive in either order — topic_created (title, tags, category) and the first
post's post_created (its raw) — so each fills its half of a `MatchingCircle` row, and `settle` acts
once both are there. The row is locked while a decision is made, and the reply has one outbox key
per topic, so concurrent workers, duplicates and replays all end in exactly one reply.

Candidates come from the forum's `SkillIndex` (skill → members, `index_cache.forum_index`): one per
worker process, built when the worker starts (`warm_up`) and brought up to date before each use by
re-reading only the members that changed, so the engine scores the holders of a circle's skills in
memory instead of loading every holder of a common skill, and a profile saved a second ago still
counts.

Every suggestion is stored with its score, reasons and rank, per revision of the reply: fairness
reads them (people suggested recently rank lower), capacity reads them (a facilitator suggested for
enough open circles rests), and `suggestions_for_topic` answers "why was I matched?". Ranking takes
both counts from the process (`fairness_cache`), kept current as the index is.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from circleup.integration.errors import NotFound
from circleup.integration.store import Action, Member, Store, as_utc, utcnow
from circleup.sync.matching.models import MatchingCircle, MatchingSuggestion
from circleup.integration.templates import TemplateSpec
from circleup.sync.matching.desk import Desk
from circleup.sync.matching.engine import FACILITATOR, CircleNeeds, Suggestion, Suggestions, rank
from circleup.sync.matching.community import NO_AUTHOR, forum_community
from circleup.sync.matching.fairness_cache import fairness_and_load
from circleup.sync.skills.areas import get_normalizer, skills_config
from circleup.sync import tagged_topics

REPLY_HOOK = "matching.reply_posted"

_SAMPLE_DIRECTORY = [{"name": "Technology", "url": "https://forum.example.org/t/345"}]
SUGGESTIONS = TemplateSpec.of(
    "matching/suggestions.md.j2", "post", author="amara", skills=["Python", "data analysis"],
    readings=[{"skill": "data analysis", "percent": 71, "words": "making sense of our survey"}], place="Lagos",
    language=None, directory=_SAMPLE_DIRECTORY, opt_out_url="https://forum.example.org/g/no-matching",
    facilitators=[{"username": "osioke", "reason": "shares Python and data analysis · also in Lagos"}],
    participants=[{"username": "tomi", "reason": "wants to learn Python"}],
)
NO_MATCH = TemplateSpec.of(
    "matching/no_match.md.j2", "post", author="amara", skills=["Lua"], readings=[], place=None, language=None,
    directory=_SAMPLE_DIRECTORY, opt_out_url=None, facilitators=[], participants=[],
)
UNTAGGED = TemplateSpec.of("matching/untagged.md.j2", "post", tag="learningcircles", reason="untagged")
TEMPLATES = (SUGGESTIONS, NO_MATCH, UNTAGGED)

# "@name" that Discourse would turn into a mention; escaped text carries a zero-width space after "@".
_MENTION = re.compile(r"(?<![\w@`])@[A-Za-z0-9_][A-Za-z0-9_.\-]*")


# -- the circle row ---------------------------------------------------------------------------------

def circle_for_update(session: Session, topic_id: int) -> MatchingCircle:
    """The topic's circle row, created if new, locked until the transaction ends (its two halves
    are filled by sync.tagged_topics.take_topic and take_first_post)."""
    return tagged_topics.row_for_update(session, MatchingCircle, topic_id)


def missing_half(circle: MatchingCircle | None, config) -> str | None:
    """"topic" or "post": what must still be read before the circle can be decided on; None: nothing."""
    if circle is None:
        return None
    if not circle.topic_seen:
        return "topic"
    if circle.raw is None and circle.reply_key is None and wants_reply(circle, config):
        return "post"
    return None


def wants_reply(circle: MatchingCircle, config) -> bool:
    """A circle that would get a reply now, if circleup had not replied yet."""
    return is_circle(circle, config) and not circle.closed and not _too_old(circle, config)


def is_circle(circle: MatchingCircle, config) -> bool:
    """Tagged with the circle tag, in an allowed category."""
    if config.tag.lower() not in circle.tags:
        return False
    return not config.categories or circle.category_id in config.categories


def inactive_reason(circle: MatchingCircle, config) -> str:
    """Why a decided topic is not (or no longer) a circle: "untagged", "category" (outside
    `matching.categories`) or "restricted" (in a category not every member can read)."""
    if config.tag.lower() not in circle.tags:
        return "untagged"
    if config.categories and circle.category_id not in config.categories:
        return "category"
    return "restricted"


# -- read-restricted categories ----------------------------------------------------------------------

# Topic payloads carry only a category id, so whether members can read it is asked of Discourse
# (GET /c/{id}/show.json) at most once per category in this long, per worker process and database.
CATEGORY_RECHECK = dt.timedelta(minutes=10)
_read_restricted: dict[tuple[str, int], tuple[bool, dt.datetime]] = {}


def members_can_read(desk: Desk, circle: MatchingCircle) -> bool:
    """Whether every member can read the circle's category: the people suggested are @mentioned
    there and must be able to read the topic and answer. Categories listed in `matching.categories`
    are the moderators' explicit choice and are not checked."""
    if desk.config.categories or circle.category_id is None:
        return True
    key = (str(desk.session.get_bind().url), circle.category_id)
    now = utcnow()
    known = _read_restricted.get(key)
    if known is None or now - known[1] > CATEGORY_RECHECK:
        try:
            restricted = bool(desk.client.get_category(circle.category_id).get("read_restricted"))
        except NotFound:
            restricted = True  # hidden even from circleup's admin account: hidden from members too
        known = _read_restricted[key] = (restricted, now)
    return not known[0]


def forget_categories() -> None:
    """Drop what is known about categories (tests that reuse one database URL for another forum)."""
    _read_restricted.clear()


# -- deciding ----------------------------------------------------------------------------------------

def settle(desk: Desk, circle: MatchingCircle) -> str:
    """Bring circleup's reply in line with what the circle is now; returns what happened.

    No reply yet: a circle gets one (suggestions, or a kind "nobody yet"); anything else gets none.
    A reply already there is edited in place when its content would change — new suggestions when the
    circle's needs changed, a short note when it stopped being a circle — and never duplicated.
    """
    if not circle.topic_seen:
        return "waiting"
    # is_circle first: an untagged topic costs no category read.
    circle.active = is_circle(circle, desk.config) and members_can_read(desk, circle)
    if circle.reply_key is None:
        if not circle.active or not wants_reply(circle, desk.config):
            circle.raw = None  # not a (new) learning circle: keep no copy of the member's words
            return "not_a_circle"
        if circle.raw is None:
            return "waiting"
        return _first_reply(desk, circle)
    if tagged_topics.reply_failed(desk.session, circle.reply_key):
        return "reply_failed"  # the create failed for good (see `circleup events`): nothing to edit
    return _update_reply(desk, circle)


def _first_reply(desk: Desk, circle: MatchingCircle) -> str:
    needs, found = rank_circle(desk.session, desk.settings, circle)
    raw = render_reply(desk, circle, needs, _people(found.facilitators), _people(found.participants))
    key = reply_key(circle.topic_id)
    circle.revision = 1
    _remember(desk.session, circle, needs, found, action_key=key)
    desk.outbox(batch_of(circle.topic_id)).reply(key, circle.topic_id, raw, reply_to_post_number=1, on_result=REPLY_HOOK)
    circle.reply_key, circle.reply_hash = key, _digest(raw)
    outcome = "suggested" if len(found) else "no_match"
    _audit(desk, circle, outcome, found)
    return outcome


def _update_reply(desk: Desk, circle: MatchingCircle) -> str:
    fresh: tuple[CircleNeeds, Suggestions] | None = None
    if not circle.active:
        raw = desk.render(UNTAGGED, tag=desk.config.tag, reason=inactive_reason(circle, desk.config))
    else:
        needs, found = rank_circle(desk.session, desk.settings, circle)
        stored = None
        if circle.ranked and _needs_key(needs) == _stored_needs_key(circle):
            # Same needs: the same people, even if the ranking would now differ a little (activity,
            # other circles): a typo fix must not reshuffle who was told they were suggested.
            stored = _stored_people(desk.session, circle, desk.bot_username)
        if stored is not None:
            facilitators, participants = stored
        else:
            fresh = (needs, found)
            facilitators, participants = _people(found.facilitators), _people(found.participants)
        raw = render_reply(desk, circle, needs, facilitators, participants)
    digest = _digest(raw)
    if digest == circle.reply_hash:
        return "unchanged"
    circle.revision += 1
    key = f"{reply_key(circle.topic_id)}:r{circle.revision}:{digest[:12]}"
    if fresh is not None:
        _remember(desk.session, circle, *fresh, action_key=key)
    desk.outbox(batch_of(circle.topic_id)).edit_post(key, raw, post_of=circle.reply_key,
                                                      edit_reason="the learning circle was edited")
    circle.reply_hash = digest
    outcome = "note" if not circle.active else ("resuggested" if fresh is not None else "refreshed")
    _audit(desk, circle, outcome, fresh[1] if fresh else None)
    return outcome


def _too_old(circle: MatchingCircle, config) -> bool:
    """A topic tagged long after it was opened (or edited after circleup was installed) is no
    longer a proposal waiting for people: no reply on a two-year-old thread."""
    return as_utc(circle.created_at) < utcnow() - dt.timedelta(days=config.circle_open_days)


def reply_key(topic_id: int) -> str:
    return f"matching:reply:{topic_id}"


def batch_of(topic_id: int) -> str:
    # One batch per topic: the reply's edits run after its creation, in the order they were decided.
    return f"matching:topic:{topic_id}"


def reply_posted(session: Session, action: Action, ok: bool) -> None:
    if not ok or not action.result:
        return
    circle = session.get(MatchingCircle, int(action.payload["topic_id"]))
    if circle is not None:
        circle.reply_post_id = action.result.get("post_id")
        circle.reply_post_number = action.result.get("post_number")


def _audit(desk: Desk, circle: MatchingCircle, outcome: str, found: Suggestions | None) -> None:
    desk.audit("suggest", subject=f"topic:{circle.topic_id}", outcome="ok", status=outcome, revision=circle.revision,
               skills=list(circle.skills), suggested=[s.username for s in found] if found else [])


# -- ranking -----------------------------------------------------------------------------------------

def warm_up(settings) -> None:
    """Load the taxonomy and the semantic model (with its embedded terms) that ranking reads, and
    build the process index from the database, so the first circle after a worker starts does not
    wait for them (about a second, and 3 s more for the index of 100,000 members)."""
    store = Store(settings.database_url)
    try:
        with store.session() as session, forum_community(session, settings):
            pass
    finally:
        store.dispose()


def rank_circle(session: Session, settings, circle: MatchingCircle) -> tuple[CircleNeeds, Suggestions]:
    """What the circle needs, and the best people for it as the engine ranks them."""
    cfg = settings.matching
    topic_tags = [t for t in circle.tags if t != cfg.tag.lower()]  # the circle tag says nothing about skills

    # The index marks the bot's profile ineligible (`load_profiles`): it is never suggested.
    with forum_community(session, settings) as community:
        index = community.index
        needs = community.read(circle.title, circle.raw or "", topic_tags, author_id=circle.author_id or NO_AUTHOR)
        if not needs.skills:
            return needs, Suggestions()
        mentions = min(cfg.max_suggestions, settings.discourse.max_mentions_per_post)
        recent, load = fairness_and_load(session, cfg.fairness_window_days, cfg.circle_open_days,
                                         exclude_topic=circle.topic_id)
        found = rank(index, needs, max_suggestions=mentions, max_facilitators=min(cfg.max_facilitators, mentions),
                     recent_suggestions=recent, load=load, capacity=cfg.facilitator_capacity)
    return needs, found


def recent_counts(session: Session, window_days: int, *, exclude_topic: int | None = None,
                  now: dt.datetime | None = None) -> dict[int, int]:
    """Member id → in how many other circles they were suggested within the fairness window."""
    if window_days <= 0:
        return {}
    since = (now or utcnow()) - dt.timedelta(days=window_days)
    # A circle's own earlier revision must not count against the people it suggested.
    rows = session.connection().execute(_RECENT, {"recent_since": since, "exclude": exclude_topic or NO_TOPIC})
    return dict(rows.all())


def facilitator_load(session: Session, open_days: int, *, exclude_topic: int | None = None,
                     now: dt.datetime | None = None) -> dict[int, int]:
    """Member id → open circles (still tagged, not closed, younger than `open_days`) suggesting them
    as a facilitator right now."""
    since = (now or utcnow()) - dt.timedelta(days=open_days)
    rows = session.connection().execute(_LOAD, {"load_since": since, "exclude": exclude_topic or NO_TOPIC})
    return dict(rows.all())


# What the counts `fairness_cache` keeps in the process are (ranking reads those): built once, run
# as Core (plain rows).
NO_TOPIC = 0  # Discourse topic ids start at 1
_RECENT = (select(MatchingSuggestion.member_id, func.count(func.distinct(MatchingSuggestion.topic_id)))
           .where(MatchingSuggestion.created_at >= bindparam("recent_since"),
                  MatchingSuggestion.topic_id != bindparam("exclude"))
           .group_by(MatchingSuggestion.member_id))
_LOAD = (select(MatchingSuggestion.member_id, func.count(func.distinct(MatchingSuggestion.topic_id)))
         .join(MatchingCircle, MatchingCircle.topic_id == MatchingSuggestion.topic_id)
         .where(MatchingSuggestion.current.is_(True), MatchingSuggestion.role == FACILITATOR,
                MatchingCircle.active.is_(True), MatchingCircle.closed.is_(False),
                MatchingCircle.created_at >= bindparam("load_since"), MatchingSuggestion.topic_id != bindparam("exclude"))
         .group_by(MatchingSuggestion.member_id))


def _needs_key(needs: CircleNeeds) -> tuple:
    return sorted(needs.skills), needs.place, needs.language


def _stored_needs_key(circle: MatchingCircle) -> tuple:
    return sorted(circle.skills or ()), circle.place, circle.language


def _remember(session: Session, circle: MatchingCircle, needs: CircleNeeds, found: Suggestions, *, action_key: str) -> None:
    """Store the needs and the people of this revision; earlier revisions stay, marked not current."""
    circle.skills, circle.place, circle.language = sorted(needs.skills), needs.place, needs.language
    circle.ranked = True
    session.execute(update(MatchingSuggestion)
                    .where(MatchingSuggestion.topic_id == circle.topic_id, MatchingSuggestion.current.is_(True))
                    .values(current=False).execution_options(synchronize_session=False))
    for position, suggestion in enumerate(found, start=1):
        session.add(MatchingSuggestion(
            topic_id=circle.topic_id, revision=circle.revision, member_id=suggestion.member_id,
            username=suggestion.username, role=suggestion.role, rank=position, score=round(suggestion.score, 6),
            reasons=list(suggestion.reasons), matched_skills=list(suggestion.matched_skills), action_key=action_key,
        ))
    session.flush()


# -- rendering ---------------------------------------------------------------------------------------

def _people(suggestions: Sequence[Suggestion]) -> list[dict[str, str]]:
    return [{"username": s.username, "reason": s.reason} for s in suggestions]


def _stored_people(session: Session, circle: MatchingCircle, bot_username: str
                   ) -> tuple[list[dict[str, str]], list[dict[str, str]]] | None:
    """The people the reply suggests now; None when one of them may no longer be suggested
    (suspended, deleted, opted out, or now the author or the bot), so the circle is ranked again
    rather than anyone being @mentioned once more."""
    rows = suggestions_for_topic(session, circle.topic_id)
    if rows:
        still_eligible = set(session.scalars(select(Member.id).where(
            Member.id.in_({r.member_id for r in rows}), Member.suspended.is_(False), Member.deleted.is_(False),
            Member.opted_out.is_(False), Member.username_lower != bot_username.lower())))
        still_eligible.discard(circle.author_id)
        if any(r.member_id not in still_eligible for r in rows):
            return None
    people = {role: [{"username": r.username, "reason": " · ".join(r.reasons)} for r in rows if r.role == role]
              for role in ("facilitator", "participant")}
    return people["facilitator"], people["participant"]


def render_reply(desk: Desk, circle: MatchingCircle, needs: CircleNeeds, facilitators: list[dict[str, str]],
                 participants: list[dict[str, str]]) -> str:
    """The reply's text; refuses to produce more @mentions than Discourse accepts in one post."""
    cfg = desk.config
    template = SUGGESTIONS if facilitators or participants else NO_MATCH
    raw = desk.render(
        template, author=circle.author_username, skills=sorted(needs.skills), readings=read_by_meaning(needs),
        place=needs.place,
        language=needs.language, facilitators=facilitators, participants=participants,
        directory=directory_links(desk, needs.skills),
        opt_out_url=f"{desk.base_url}/g/{cfg.opt_out_group}" if cfg.opt_out_group else None,
    )
    mentions = len(_MENTION.findall(raw))
    limit = min(cfg.max_suggestions, desk.settings.discourse.max_mentions_per_post)
    if mentions > limit:
        raise ValueError(f"template {template} @mentions {mentions} people; matching.max_suggestions allows {limit}")
    return raw


def read_by_meaning(needs: CircleNeeds) -> list[dict[str, object]]:
    """The skills the semantic layer read (not named by a taxonomy term), with the words that led there."""
    return [{"skill": skill, "percent": round(confidence * 100), "words": _shorten(words, 60)}
            for skill, confidence, words in needs.readings if confidence < 1.0]


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def directory_links(desk: Desk, skills: Iterable[str]) -> list[dict[str, str]]:
    """The skills directories to point at: the areas of the circle's skills, else every area."""
    areas = skills_config(desk.settings).areas
    normalizer = get_normalizer(desk.settings)
    relevant = []
    for area in areas:
        if any(area.holds(skill, _area_of(normalizer, skill)) for skill in skills):
            relevant.append(area)
    return [{"name": a.name, "url": f"{desk.base_url}/t/{a.topic_id}"} for a in (relevant or areas)]


def _area_of(normalizer, skill: str) -> str | None:
    try:
        return normalizer.normalize(skill).area
    except ValueError:
        return None


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()



# -- reading (CLI, dashboard) --------------------------------------------------------------------------

def suggestions_for_topic(session: Session, topic_id: int, *, history: bool = False) -> list[MatchingSuggestion]:
    """The people the topic's reply suggests, in reply order; with `history`, every revision, newest first."""
    query = select(MatchingSuggestion).where(MatchingSuggestion.topic_id == topic_id)
    if not history:
        query = query.where(MatchingSuggestion.current.is_(True))
    return list(session.scalars(query.order_by(MatchingSuggestion.revision.desc(), MatchingSuggestion.rank)))


def suggestions_for_member(session: Session, member_id: int, *, days: int | None = None) -> list[MatchingSuggestion]:
    """Every time a member was suggested (newest first): "why was I matched?" from their side."""
    query = select(MatchingSuggestion).where(MatchingSuggestion.member_id == member_id)
    if days is not None:
        query = query.where(MatchingSuggestion.created_at >= utcnow() - dt.timedelta(days=days))
    return list(session.scalars(query.order_by(MatchingSuggestion.created_at.desc(), MatchingSuggestion.id.desc())))


def circle_of(session: Session, topic_id: int) -> MatchingCircle | None:
    return session.get(MatchingCircle, topic_id)


def recent_circles(session: Session, *, limit: int = 50) -> list[MatchingCircle]:
    """Circles circleup replied to, newest first (the dashboard's list)."""
    return list(session.scalars(select(MatchingCircle).where(MatchingCircle.reply_key.is_not(None))
                                .order_by(MatchingCircle.created_at.desc()).limit(limit)))
