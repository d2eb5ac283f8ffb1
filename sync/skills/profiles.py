"""Members' skills profiles: reading them from Discourse, storing them, and serving them to other flows.

A profile has sources (the share / learn user fields, a post in a registration topic). What a member
wrote is stored per source; `member_skills` is rebuilt from all sources whenever one changes, so a
source always replaces its own previous set and a taxonomy change can be applied to old profiles.

For the matching flow:

    load_profiles(session)            → (member, shares, learns) for every member who may be suggested
    skills_in_text(settings, text)    → canonical skills a topic mentions, by the same normaliser
    get_normalizer(settings)          → the process-wide Normalizer
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from circleup.integration.store import Member, MemberSkill, SkillKind, utcnow
from circleup.sync.skills.models import ProfileSource, SkillsDirectoryEntry, SkillsOptIn, SkillsProfileText
from circleup.sync.members import upsert_member
from circleup.sync.skills.areas import SkillsConfig, get_normalizer, is_listed
from circleup.sync.skills.follows import sync_follows
from circleup.sync.skills.normalize import NormalizedSkill, Normalizer
from circleup.sync.skills.publish import mark_dirty

__all__ = [
    "RegistrationSkills", "apply_registration", "apply_user", "directory_listings", "forget_member",
    "get_normalizer", "is_listed", "load_profiles", "normalized_profile", "parse_registration",
    "read_user_fields", "rebuild_member_skills", "reconcile_member", "remove_profile", "save_texts",
    "set_opt_in", "skills_in_text", "user_field_text", "withdraw_registration",
]

_TRUE = frozenset({"true", "yes", "y", "1", "on", "t"})
_MAX_TEXT = 5000  # a user field or registration answer longer than this is not a list of skills


# --- reading Discourse's user fields --------------------------------------------------------------

def user_field_text(value: Any) -> str:
    """A user field's value as text: multi-select fields arrive as lists, unset ones as null."""
    if value is None or value is False:
        return ""
    if isinstance(value, (list, tuple)):
        return "\n".join(user_field_text(item) for item in value if item is not None)
    return str(value)[:_MAX_TEXT]


def _truthy(value: Any) -> bool:
    if isinstance(value, (list, tuple)):
        return any(_truthy(item) for item in value)
    return value is True or str(value or "").strip().casefold() in _TRUE


@dataclass(frozen=True, slots=True)
class UserFields:
    share: str | None  # None: the field is not configured
    learn: str | None
    follow: bool | None
    support: str | None = None


def read_user_fields(user: Mapping[str, Any], cfg: SkillsConfig) -> UserFields | None:
    """The configured fields of a user object, or None when it carries no `user_fields` at all.

    Discourse leaves `user_fields` out of a user it serialises without any set, and some payloads
    leave it out regardless, so None means "ask the API", not "empty".
    """
    fields = user.get("user_fields")
    if not isinstance(fields, Mapping):
        return None
    fields = {str(key): value for key, value in fields.items()}
    return UserFields(
        share=user_field_text(fields.get(cfg.share_field)) if cfg.share_field else None,
        learn=user_field_text(fields.get(cfg.learn_field)) if cfg.learn_field else None,
        follow=_truthy(fields.get(cfg.follow_field)) if cfg.follow_field else None,
        support=user_field_text(fields.get(cfg.support_field)) if cfg.support_field else None,
    )


# --- registration posts -------------------------------------------------------------------------

_SHARE_LABELS = ("share", "can share", "i can share", "skills to share", "skills i can share", "teach",
                 "can teach", "i can teach", "offer", "i can offer", "offering", "sharing")
_LEARN_LABELS = ("learn", "want to learn", "i want to learn", "wants to learn", "skills to learn",
                 "i would like to learn", "i'd like to learn", "learning", "to learn")


def _label_pattern(labels: tuple[str, ...]) -> str:
    return "|".join(re.escape(label).replace(r"\ ", r"\s+") for label in sorted(labels, key=len, reverse=True))


# "Share: Python, SQL", "**Learn:** Wikidata", "- I can teach: video editing" (one label a line).
_LABEL_LINE = re.compile(
    rf"^\s*(?:[-*+•]\s+)?[*_]*\s*(?:(?P<share>{_label_pattern(_SHARE_LABELS)})|(?P<learn>{_label_pattern(_LEARN_LABELS)}))"
    r"\s*[*_]*\s*[:：]\s*[*_]*(?P<rest>.*)$",
    re.IGNORECASE,
)
_CONTINUATION = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)])\s+(?P<item>.+)$")
_QUOTE_OR_CODE = re.compile(r"\[quote[^\]]*\].*?\[/quote\]|```.*?```|~~~.*?~~~", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class RegistrationSkills:
    share: str | None  # None: the post has no Share line
    learn: str | None

    @property
    def found(self) -> bool:
        return self.share is not None or self.learn is not None


def parse_registration(raw: str) -> RegistrationSkills:
    """The "Share: …" and "Learn: …" answers of a registration post.

    An answer is the rest of its label's line plus any bullet items right below it, or the next
    line when a line ends with a comma (a long list wrapped by hand); quoted text and code are
    ignored, so quoting someone else's registration does not copy their skills.
    """
    answers: dict[str, list[str]] = {}
    current: str | None = None
    wrapped = False
    for line in _QUOTE_OR_CODE.sub("\n", raw or "").splitlines():
        if line.lstrip().startswith(">"):
            current = None
            continue
        labelled = _LABEL_LINE.match(line)
        if labelled:
            current = "share" if labelled.group("share") else "learn"
            rest = labelled.group("rest").strip().strip("*_").strip()
            answers.setdefault(current, []).extend([rest] if rest else [])
            wrapped = rest.endswith((",", ";"))
            continue
        item = _CONTINUATION.match(line)
        if current is not None and item:
            answers[current].append(item.group("item").strip())
        elif current is not None and wrapped and line.strip():
            answers[current].append(line.strip())
        elif line.strip():
            current = None  # prose after an answer ends it
        wrapped = line.rstrip().endswith((",", ";"))
    joined = {kind: "\n".join(lines)[:_MAX_TEXT] for kind, lines in answers.items()}
    return RegistrationSkills(share=joined.get("share"), learn=joined.get("learn"))


# --- storing profiles ---------------------------------------------------------------------------

def save_texts(session: Session, member_id: int, source: str, share: str | None, learn: str | None,
               *, post_id: int | None = None) -> bool:
    """Store what a source says; None keeps the stored text of that kind. True when anything changed."""
    row = session.get(SkillsProfileText, (member_id, source))
    if row is None:
        if not (share or learn):
            return False  # nothing to remember, nothing to replace
        row = SkillsProfileText(member_id=member_id, source=source, share_text="", learn_text="")
        session.add(row)
    new_share = row.share_text if share is None else share.strip()
    new_learn = row.learn_text if learn is None else learn.strip()
    changed = (new_share, new_learn) != (row.share_text, row.learn_text)
    row.share_text, row.learn_text = new_share, new_learn
    if post_id is not None:
        row.post_id = post_id
    session.flush()
    return changed


def set_opt_in(session: Session, member: Member, *, by_field: bool | None = None, by_group: bool | None = None) -> None:
    """Record why a member follows their areas (None leaves that reason as it was)."""
    row = session.get(SkillsOptIn, member.id)
    if row is None:
        if not (by_field or by_group):
            member.follows_areas = False
            return
        row = SkillsOptIn(member_id=member.id, by_field=False, by_group=False)
        session.add(row)
    if by_field is not None:
        row.by_field = by_field
    if by_group is not None:
        row.by_group = by_group
    member.follows_areas = bool(row.by_field or row.by_group)
    session.flush()


def normalized_profile(session: Session, member_id: int, normalizer: Normalizer
                       ) -> list[tuple[str, str, NormalizedSkill]]:
    """(kind, source, normalised skill) for every skill a member's stored texts name, first source first."""
    texts = {row.source: row for row in session.scalars(
        select(SkillsProfileText).where(SkillsProfileText.member_id == member_id))}
    found: list[tuple[str, str, NormalizedSkill]] = []
    for source in ProfileSource.ORDER:
        row = texts.get(source)
        if row is None:
            continue
        for kind, text in ((SkillKind.SHARE, row.share_text), (SkillKind.LEARN, row.learn_text)):
            found.extend((kind, source, skill) for skill in normalizer.normalize_field(text))
    return found


def rebuild_member_skills(session: Session, member: Member, normalizer: Normalizer) -> None:
    """Replace the member's skills from their stored texts (rows from other sources are kept)."""
    session.execute(delete(MemberSkill).where(MemberSkill.member_id == member.id,
                                              MemberSkill.source.in_(ProfileSource.ORDER)))
    kept = set(session.execute(select(MemberSkill.kind, MemberSkill.skill)
                               .where(MemberSkill.member_id == member.id)).all())
    for kind, source, skill in normalized_profile(session, member.id, normalizer):
        if (kind, skill.canonical) in kept:
            continue  # the unique (member, kind, skill) row belongs to the first source naming it
        kept.add((kind, skill.canonical))
        session.add(MemberSkill(member_id=member.id, kind=kind, raw=skill.raw[:255], skill=skill.canonical[:255],
                                area=skill.area, method=skill.method, source=source))
    # The matching index finds changed members by this stamp: new skill rows show themselves,
    # but removed ones (a withdrawn registration post) leave nothing else behind.
    member.updated_at = utcnow()
    session.flush()
    session.expire(member, ["skills"])


def remove_profile(session: Session, member: Member, source: str | None = None) -> None:
    """Forget one source of a member's profile (or all of it, and their opt-in, when `source` is None)."""
    query = delete(SkillsProfileText).where(SkillsProfileText.member_id == member.id)
    if source is not None:
        query = query.where(SkillsProfileText.source == source)
    else:
        session.execute(delete(SkillsOptIn).where(SkillsOptIn.member_id == member.id))
        member.follows_areas = False
    session.execute(query)
    session.flush()


# --- serving other flows --------------------------------------------------------------------------

def load_profiles(session: Session, *, include_unlisted: bool = False, chunk: int = 2000
                  ) -> Iterator[tuple[Member, frozenset[str], frozenset[str]]]:
    """Every member with skills as (member, shares, learns), ordered by member id.

    Suspended, deleted and opted-out members are left out unless `include_unlisted`. Streams in
    chunks of members with one skills query per chunk, so a 100,000-member forum never sits in memory.
    """
    last_id = -1 << 62
    while True:
        query = (select(Member).where(Member.id > last_id, Member.id.in_(select(MemberSkill.member_id)))
                 .order_by(Member.id).limit(chunk))
        if not include_unlisted:
            query = query.where(Member.suspended.is_(False), Member.deleted.is_(False), Member.opted_out.is_(False))
        members = session.scalars(query).all()
        if not members:
            return
        skills: dict[int, tuple[set[str], set[str]]] = {m.id: (set(), set()) for m in members}
        rows = session.execute(select(MemberSkill.member_id, MemberSkill.kind, MemberSkill.skill)
                               .where(MemberSkill.member_id.in_(list(skills))))
        for member_id, kind, skill in rows:
            skills[member_id][0 if kind == SkillKind.SHARE else 1].add(skill)
        for member in members:
            shares, learns = skills[member.id]
            yield member, frozenset(shares), frozenset(learns)
        last_id = members[-1].id


def skills_in_text(settings, text: str) -> frozenset[str]:
    """Canonical skills mentioned in prose (a learning-circle topic), by the members' normaliser."""
    return frozenset(get_normalizer(settings).find_in_text(text or ""))


# --- applying changes -----------------------------------------------------------------------------

def apply_user(session: Session, user: Mapping[str, Any], cfg: SkillsConfig, normalizer: Normalizer,
               *, suspended: bool | None = None) -> Member:
    """Bring a member's row and user-field profile in line with a Discourse user object.

    The object must carry `user_fields` for the profile to change (see read_user_fields); without it
    only the member row is updated.
    """
    member = upsert_member(session, dict(user), suspended=suspended)
    fields = read_user_fields(user, cfg)
    if fields is None:
        return member
    if fields.share is not None or fields.learn is not None:
        if save_texts(session, member.id, ProfileSource.USER_FIELD, fields.share, fields.learn):
            rebuild_member_skills(session, member, normalizer)
    if fields.follow is not None:
        set_opt_in(session, member, by_field=fields.follow)
    return member


def apply_registration(session: Session, member: Member, post: Mapping[str, Any], normalizer: Normalizer) -> bool:
    """A post in a registration topic replaces the member's registration profile; True if it changed.

    Editing an older registration post than the one in use changes nothing: the newest post wins.
    Editing the one in use so that no Share / Learn line is left withdraws it, as deleting it would.
    """
    found = parse_registration(str(post.get("raw") or ""))
    post_id = int(post["id"])
    if not found.found:
        return withdraw_registration(session, member, post_id, normalizer)
    current = session.get(SkillsProfileText, (member.id, ProfileSource.REGISTRATION_POST))
    if current is not None and current.post_id is not None and post_id < current.post_id:
        return False
    if save_texts(session, member.id, ProfileSource.REGISTRATION_POST, found.share or "", found.learn or "",
                  post_id=post_id):
        rebuild_member_skills(session, member, normalizer)
    return True


def withdraw_registration(session: Session, member: Member, post_id: int, normalizer: Normalizer) -> bool:
    """The registration post in use was deleted (or lost its Share / Learn lines): its skills go with it."""
    current = session.get(SkillsProfileText, (member.id, ProfileSource.REGISTRATION_POST))
    if current is None or current.post_id != post_id:
        return False
    remove_profile(session, member, ProfileSource.REGISTRATION_POST)
    rebuild_member_skills(session, member, normalizer)
    return True


def forget_member(session: Session, member: Member, normalizer: Normalizer) -> None:
    """The account was deleted: its profile, skills and opt-in go; the row stays, marked deleted."""
    member.deleted = True
    remove_profile(session, member)
    rebuild_member_skills(session, member, normalizer)


# --- what the directories and follows should say --------------------------------------------------

Listing = tuple[str, str, tuple[str, ...], tuple[str, ...]]  # username, name, shares, learns


def directory_listings(member: Member, skills: Iterable[MemberSkill], cfg: SkillsConfig) -> dict[str, Listing]:
    """Area → the member's row in that area's directory (areas where they list nothing are left out)."""
    if not is_listed(member):
        return {}
    per_area: dict[str, tuple[set[str], set[str]]] = {}
    for skill in skills:
        for area in cfg.areas_holding(skill.skill, skill.area):
            shares, learns = per_area.setdefault(area.name, (set(), set()))
            (shares if skill.kind == SkillKind.SHARE else learns).add(skill.skill)
    return {
        area: (member.username, member.name or "", tuple(sorted(shares, key=str.casefold)),
               tuple(sorted(learns, key=str.casefold)))
        for area, (shares, learns) in per_area.items()
    }


def reconcile_member(uow, member: Member, cfg: SkillsConfig) -> None:
    """Update the member's directory rows and category follows from what the database says now.

    Idempotent and independent of who changed what: it compares the stored rows with the fresh ones,
    marks dirty only the areas whose row changed and records only the follow changes still needed;
    the refreshes and the follow changes start when `uow` commits.
    """
    session = uow.session
    skills = session.scalars(select(MemberSkill).where(MemberSkill.member_id == member.id)).all()
    fresh = directory_listings(member, skills, cfg)
    stored = {row.area: row for row in session.scalars(
        select(SkillsDirectoryEntry).where(SkillsDirectoryEntry.member_id == member.id))}
    configured = {area.name for area in cfg.areas}
    changed: set[str] = set()
    for area, (username, name, shares, learns) in fresh.items():
        row = stored.pop(area, None)
        if row is None:
            session.add(SkillsDirectoryEntry(area=area, member_id=member.id, username=username, name=name,
                                             shares=list(shares), learns=list(learns)))
        elif (row.username, row.name, tuple(row.shares or ()), tuple(row.learns or ())) != (username, name, shares, learns):
            row.username, row.name, row.shares, row.learns = username, name, list(shares), list(learns)
        else:
            continue
        changed.add(area)
    for area, row in stored.items():
        session.delete(row)
        if area in configured:
            changed.add(area)
    session.flush()
    mark_dirty(uow, changed, delay=cfg.interval_s)
    categories = {cfg.area(area).category_id for area in fresh}
    sync_follows(uow, member, categories, cfg)
