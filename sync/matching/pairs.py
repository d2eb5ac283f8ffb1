"""One-to-one pairing (Wikimedia Let's Connect style): introduce two members who can teach each other.

A run reads every eligible profile, asks `pairing.pair_members` for the best disjoint pairs (never a
pair from an earlier run), stores them and sends each pair ONE private message with both as
recipients. After `pairing_follow_up_days` a reply in that message asks whether they met; the first
clear "yes" or "no" from one of the two (or `circleup pairs answer`) is recorded.

A run happens in three short transactions — claim the run, read the profiles, record the pairs —
with the matching itself computed in between, outside any transaction: on SQLite every transaction
holds the write lock, and webhooks must keep landing while a large forum is being paired.
"""
from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from circleup.integration.store import Action, Member, as_utc, utcnow
from circleup.sync.matching.models import MatchingPair, PairingRun
from circleup.integration.templates import TemplateSpec
from circleup.sync.matching.desk import Desk
from circleup.sync.matching.engine import MemberProfile, place_key
from circleup.sync.matching.needs import clean_post
from circleup.sync.matching.pairing import Pair, pair_members
from circleup.sync.recognition import grants
from circleup.sync.skills.profiles import load_profiles

INTRO_HOOK = "matching.pair_introduced"
FOLLOW_UP_HOOK = "matching.pair_followed_up"

INTRO_TITLE = TemplateSpec.of("matching/pair_intro_title.md.j2", "title", a="amara", b="osioke")
INTRO = TemplateSpec.of("matching/pair_intro.md.j2", "private_message", a="amara", b="osioke", a_teaches=["Python"],
                b_teaches=["facilitation"], same_place="Lagos", follow_up_days=14)
FOLLOW_UP = TemplateSpec.of("matching/pair_follow_up.md.j2", "post", a="amara", b="osioke")
TEMPLATES = (INTRO_TITLE, INTRO, FOLLOW_UP)


@dataclass(frozen=True)
class RunReport:
    run_id: int | None  # None: a dry run, or another worker had already started this run
    members: int
    pairs: list[Pair]


# -- running -----------------------------------------------------------------------------------------

def pairing_due(session: Session, every_days: int, now: dt.datetime | None = None) -> str | None:
    """The key of the scheduled run due now, or None. Measured from the last run of any kind, so a
    run from the CLI restarts the clock; the key names the day so workers racing for it start one."""
    if every_days <= 0:
        return None
    now = now or utcnow()
    last = session.scalar(select(func.max(PairingRun.started_at)))
    if last is not None and now - as_utc(last) < dt.timedelta(days=every_days):
        return None
    return f"scheduled:{now.date().isoformat()}"


def run_pairing(services, *, trigger: str, key: str | None = None, dry_run: bool = False,
                now: dt.datetime | None = None) -> RunReport:
    """Pair the community once; the introductions go out once the run's unit of work commits."""
    now = now or utcnow()
    store = services.store
    run_id = None
    if not dry_run:
        # An explicit run (the CLI) is always a new one; only scheduled runs share a key per day.
        run_id = _claim_run(store, key or f"{trigger}:{now.isoformat(timespec='seconds')}:{uuid.uuid4().hex[:8]}",
                            trigger, now)
        if run_id is None:
            return RunReport(None, 0, [])
    with store.session() as session:
        profiles = eligible_profiles(session, services.settings.bot_username)
        past = {frozenset(ids) for ids in session.execute(select(MatchingPair.a_id, MatchingPair.b_id)).all()}
    pairs = pair_members(profiles, past_pairs=past)
    if dry_run:
        return RunReport(None, len(profiles), pairs)
    with services.unit_of_work(source=f"pairing:{trigger}") as uow:
        session = uow.session
        desk = Desk(uow, services)
        by_id = {profile.member_id: profile for profile in profiles}
        recorded = [pair for pair in pairs if _introduce(desk, run_id, pair, by_id, now)]
        run = session.get(PairingRun, run_id)
        run.members, run.pairs, run.finished_at = len(profiles), len(recorded), utcnow()
        desk.audit("pairing_run", subject=f"run:{run_id}", trigger=trigger, members=len(profiles), pairs=len(recorded))
    return RunReport(run_id, len(profiles), recorded)


def _claim_run(store, key: str, trigger: str, now: dt.datetime) -> int | None:
    try:
        with store.session() as session:
            run = PairingRun(key=key, trigger=trigger, started_at=now)
            session.add(run)
            session.flush()
            return run.id
    except IntegrityError:
        return None  # another worker claimed this scheduled run


def eligible_profiles(session: Session, bot_username: str) -> list[MemberProfile]:
    """Members who may be paired: a skills profile, not suspended, deleted or opted out, not circleup."""
    bot = bot_username.lower()
    return [
        MemberProfile(member.id, member.username, shares, learns, member.location, frozenset(member.languages or ()))
        for member, shares, learns in load_profiles(session)
        if member.username_lower != bot
    ]


def _introduce(desk: Desk, run_id: int, pair: Pair, by_id: dict[int, MemberProfile], now: dt.datetime) -> bool:
    """Store the pair and record its introduction; False if the two were paired meanwhile."""
    a, b = by_id[pair.a_id], by_id[pair.b_id]
    row = MatchingPair(
        run_id=run_id, a_id=a.member_id, b_id=b.member_id, a_username=a.username, b_username=b.username,
        score=round(pair.score, 6), a_teaches=list(pair.a_teaches), b_teaches=list(pair.b_teaches), intro_key="",
        created_at=now, follow_up_due_at=now + dt.timedelta(days=desk.config.pairing_follow_up_days),
    )
    try:
        with desk.session.begin_nested():
            desk.session.add(row)
            desk.session.flush()
    except IntegrityError:
        return False  # the unique (a_id, b_id) pair: never introduced twice
    row.intro_key = f"matching:pair:{row.id}:intro"
    same_place = a.location if place_key(a.location) and place_key(a.location) == place_key(b.location) else None
    values = dict(a=a.username, b=b.username, a_teaches=row.a_teaches, b_teaches=row.b_teaches,
                  same_place=same_place, follow_up_days=desk.config.pairing_follow_up_days)
    # Each pair in its own batch: one member refusing messages must not cancel everyone else's.
    desk.outbox(_batch(row)).private_message(row.intro_key, desk.render(INTRO_TITLE, **values),
                                             desk.render(INTRO, **values), [a.username, b.username],
                                             on_result=INTRO_HOOK)
    return True


def _batch(pair: MatchingPair) -> str:
    return f"matching:pair:{pair.id}"


def introduced(session: Session, action: Action, ok: bool) -> None:
    pair = session.scalar(select(MatchingPair).where(MatchingPair.intro_key == action.key))
    if ok and pair is not None and action.result:
        pair.topic_id = action.result.get("topic_id")


# -- following up ------------------------------------------------------------------------------------

def send_due_follow_ups(desk: Desk, now: dt.datetime | None = None) -> int:
    """Ask every pair whose follow-up is due (and who has not answered already) whether they met."""
    now = now or utcnow()
    due = desk.session.scalars(
        select(MatchingPair)
        .where(MatchingPair.follow_up_key.is_(None), MatchingPair.topic_id.is_not(None), MatchingPair.met.is_(None),
               MatchingPair.follow_up_due_at <= now)
        .order_by(MatchingPair.id).with_for_update(skip_locked=True)
    ).all()
    for pair in due:
        pair.follow_up_key = f"matching:pair:{pair.id}:follow-up"
        raw = desk.render(FOLLOW_UP, a=pair.a_username, b=pair.b_username)
        desk.outbox(_batch(pair)).reply(pair.follow_up_key, pair.topic_id, raw, on_result=FOLLOW_UP_HOOK)
    return len(due)


def followed_up(session: Session, action: Action, ok: bool) -> None:
    pair = session.scalar(select(MatchingPair).where(MatchingPair.follow_up_key == action.key))
    if pair is None:
        return
    if ok and action.result:
        pair.follow_up_post_number = action.result.get("post_number")
    elif not ok:
        pair.follow_up_key = None  # Discourse refused (the PM is gone?): the next tick asks again


# -- answers -----------------------------------------------------------------------------------------

# Phrases that contain "no" but answer nothing, removed before reading.
_FILLER = re.compile(r"\b(no problem|no worries|no doubt|no matter|not sure)\b")
_NO = re.compile(r"\b(no|nope|nah|not yet|never|haven'?t|have not|hasn'?t|didn'?t|did not|couldn'?t|could not|"
                 r"wasn'?t able|weren'?t able|we have not|non|hapana)\b")
_YES = re.compile(r"\b(yes|yep|yeah|yup|sure did|we met|we did|did meet|have met|met up|we talked|we spoke|"
                  r"oui|si|sí|ndiyo)\b")


def parse_answer(raw: str) -> bool | None:
    """True for "yes" / "we met", False for "no" / "not yet", None when unclear.

    Reads the first line that says anything, then the whole post: "Hello!\\n\\nYes, we met on
    Tuesday" is a yes, "Yes... well, no, not yet" is unclear. Quotes and code are not the member's
    answer and are left out.
    """
    text = clean_post(raw or "").replace("’", "'").casefold()
    lines = [line for line in text.splitlines() if line.strip()]
    for chunk in (lines[:1], lines):
        verdict = _verdict(" ".join(chunk))
        if verdict is not None:
            return verdict
    return None


def _verdict(text: str) -> bool | None:
    text = _FILLER.sub(" ", text)
    yes, no = bool(_YES.search(text)), bool(_NO.search(text))
    return yes if yes != no else None


def pair_for_message(session: Session, topic_id: int) -> MatchingPair | None:
    return session.scalar(select(MatchingPair).where(MatchingPair.topic_id == topic_id))


def answer_from_post(desk: Desk, post: dict) -> bool:
    """A reply in a pair's message, after the follow-up, by one of the two: record a clear answer."""
    pair = pair_for_message(desk.session, int(post["topic_id"]))
    if pair is None or pair.met is not None or pair.follow_up_key is None:
        return False  # not a pair's message, already answered, or not asked yet
    if int(post.get("user_id") or 0) not in (pair.a_id, pair.b_id):
        return False
    if pair.follow_up_post_number and int(post.get("post_number") or 0) <= pair.follow_up_post_number:
        return False
    met = parse_answer(post.get("raw") or "")
    if met is None:
        return False
    source = post.get("post_url") or f"post:{post.get('id')}"
    record_answer(desk, pair, met, by=post.get("username") or "?", source=str(source))
    return True


def record_answer(desk: Desk, pair: MatchingPair, met: bool, *, by: str, source: str) -> None:
    """Whether the pair met, as one of them (or a moderator, from the CLI) said."""
    pair.met, pair.answered_by, pair.answered_at, pair.answer_source = met, by[:60], utcnow(), source[:255]
    if met:
        # No reason link: the grant would point at a private message nobody else can read.
        for member_id, username in ((pair.a_id, pair.a_username), (pair.b_id, pair.b_username)):
            grants.grant(desk.uow, desk.settings, member_id=member_id, username=username, badge="met_peer",
                         why=f"pair:{pair.id} met")
    desk.audit("pair_answer", subject=f"pair:{pair.id}", actor=by, met=met,
               members=[pair.a_username, pair.b_username])


# -- reading (CLI, dashboard) --------------------------------------------------------------------------

def list_pairs(session: Session, *, run_id: int | None = None, unanswered: bool = False,
               username: str | None = None) -> list[MatchingPair]:
    """Pairs, newest first; filtered by run, by "no answer yet", or by one member."""
    query = select(MatchingPair)
    if run_id is not None:
        query = query.where(MatchingPair.run_id == run_id)
    if unanswered:
        query = query.where(MatchingPair.met.is_(None))
    if username:
        member_id = session.scalar(select(Member.id).where(Member.username_lower == username.lower().lstrip("@")))
        query = query.where((MatchingPair.a_id == member_id) | (MatchingPair.b_id == member_id))
    return list(session.scalars(query.order_by(MatchingPair.id.desc())))


def pairing_runs(session: Session, *, limit: int = 20) -> list[PairingRun]:
    return list(session.scalars(select(PairingRun).order_by(PairingRun.id.desc()).limit(limit)))

