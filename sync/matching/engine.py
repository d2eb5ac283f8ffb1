"""Suggest facilitators and participants for a proposed learning circle.

A circle (P2PU style: three or more people around a topic, one or two facilitators) needs people who
can share its skills and people who want to learn them. `rank` scores members on

* skills — overlap with the circle's needs, each skill weighted by how rare it is among the people who
  share (or want to learn) it, so a Lua teacher outweighs one of the many Python teachers, plus the
  plain fraction of the needs they cover;
* who they are — approved facilitators (Citizens) are favoured as facilitators, and recent activity
  counts because dormant members do not answer;
* where and how — same place, same language as the circle asks for;
* fairness — each recent suggestion multiplies the score by `repeat_decay`, so the same few people are
  not pinged for every circle; facilitators already at `capacity` open circles are skipped.

The score is  (skill part + citizen + activity + place + language) × repeat_decay ** times_suggested,
where every term is non-negative. That shape is what makes `rank` fast: a member's score is bounded
by the skill weights of the posting lists it sits in plus the best activity still unread in those
lists, so `rank` reads postings best-first (sorted by activity, citizens apart) and stops as soon as
no unread member can beat the current top-k — a threshold algorithm (Fagin et al.). Two things would
loosen that bound for everyone: the place and language bonuses, and members holding several of the
needed skills. So the candidates in the circle's place or language, and those holding two or more
needed skills, are found by set intersection and scored up front when they are few; the bound then
leaves them out. `rank_brute_force` applies the same `_Query.score` to every member and must agree
with `rank` exactly; the tests and the benchmark check it.
"""
from __future__ import annotations

import heapq
import math
from bisect import bisect_left, insort
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final, Literal

Role = Literal["facilitator", "participant"]
FACILITATOR: Final[Role] = "facilitator"
PARTICIPANT: Final[Role] = "participant"
ROLES: Final[tuple[Role, Role]] = (FACILITATOR, PARTICIPANT)

# A place or language group no bigger than this is scored exhaustively before the best-first walk
# (a few milliseconds at most); bigger groups keep their bonus in the bound, which stays tight
# because most of the best candidates then belong to the group anyway.
ENUMERATE_LIMIT: Final = 4096
# Scores are sums of a handful of floats added in a different order than the bound; the slack
# keeps a rounding difference from ever stopping the walk one member too early.
_BOUND_SLACK: Final = 1e-9


@dataclass(frozen=True, slots=True)
class MemberProfile:
    """What matching knows about a member; skills are canonical names from the skills flow."""

    member_id: int
    username: str
    shares: frozenset[str] = frozenset()
    learns: frozenset[str] = frozenset()
    location: str | None = None
    languages: frozenset[str] = frozenset()
    is_citizen: bool = False  # an approved facilitator
    last_active_days: int | None = None  # None: never seen active
    eligible: bool = True  # False when suspended, deleted or opted out: never suggested
    # (skill, the member's own words) for skills read by meaning from what they wrote, so a reason
    # can say "shares Data analysis (“making sense of data”)"; empty for most members.
    wrote: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class CircleNeeds:
    """What a proposed circle asks for, as read from its topic."""

    skills: frozenset[str]
    place: str | None = None
    language: str | None = None
    author_id: int
    exclude_ids: frozenset[int] = frozenset()  # the bot, people already in the circle…
    # How each skill was read from the topic, for the reply and the audit: (skill, confidence
    # 0–1, the words that led there); a skill named by a taxonomy term has confidence 1.0.
    readings: tuple[tuple[str, float, str], ...] = ()


@dataclass(frozen=True, slots=True)
class ScoringWeights:
    skill: float = 3.0  # × the rarity-weighted share of the circle's skills the member covers
    coverage: float = 1.0  # × the plain fraction of the circle's skills covered
    citizen: float = 1.0  # facilitators only
    place: float = 2.5  # circles meet in person: a stated place matters more than a second skill
    language: float = 1.5
    activity: float = 0.75  # × 0.5 ** (days since last active / half-life)
    activity_half_life_days: float = 30.0
    repeat_decay: float = 0.6  # score × repeat_decay ** (times suggested within the window)

    def __post_init__(self) -> None:
        # The early stop in `rank` relies on every bonus being non-negative and on the fairness
        # factor never raising a score.
        for name in ("skill", "coverage", "citizen", "place", "language", "activity"):
            if getattr(self, name) < 0:
                raise ValueError(f"ScoringWeights.{name} must be >= 0, got {getattr(self, name)}")
        if self.activity_half_life_days <= 0:
            raise ValueError("ScoringWeights.activity_half_life_days must be > 0")
        if not 0 < self.repeat_decay <= 1:
            raise ValueError("ScoringWeights.repeat_decay must be in (0, 1]")


@dataclass(frozen=True, slots=True)
class Suggestion:
    member_id: int
    username: str
    role: Role
    score: float
    reasons: list[str]
    matched_skills: tuple[str, ...]

    @property
    def reason(self) -> str:
        """The reasons as one line, e.g. "shares Python and data analysis · also in Lagos"."""
        return " · ".join(self.reasons)


@dataclass(frozen=True, slots=True)
class Suggestions:
    facilitators: list[Suggestion] = field(default_factory=list)
    participants: list[Suggestion] = field(default_factory=list)

    def __iter__(self) -> Iterator[Suggestion]:
        yield from self.facilitators
        yield from self.participants

    def __len__(self) -> int:
        return len(self.facilitators) + len(self.participants)

    @property
    def member_ids(self) -> list[int]:
        return [s.member_id for s in self]


@dataclass(frozen=True, slots=True)
class Candidates:
    """Members who share (facilitators) or want to learn (participants) at least one needed skill."""

    facilitators: frozenset[int]
    participants: frozenset[int]


@lru_cache(maxsize=1 << 16)
def place_key(place: str | None) -> str | None:
    """One key for "Lagos", " lagos " and "Lagos, Nigeria": the part before the first comma, casefolded."""
    if place is None:
        return None
    key = " ".join(place.split(",", 1)[0].split()).casefold()
    return key or None


def language_key(language: str | None) -> str | None:
    if language is None:
        return None
    return language.strip().casefold() or None


def activity(last_active_days: int | None, half_life_days: float) -> float:
    """1.0 for someone active today, halving every half-life; 0.0 for someone never seen."""
    if last_active_days is None:
        return 0.0
    return 0.5 ** (max(last_active_days, 0) / half_life_days)


def _activity_order(last_active_days: int | None) -> float:
    # Ascending days = descending activity, whatever the weights; never-active members go last.
    return math.inf if last_active_days is None else max(last_active_days, 0)


class SkillIndex:
    """Inverted index over eligible members: (skill, is citizen) → member ids, per role.

    Each posting list is kept sorted by recency of activity (then member id), which is the order the
    best-first walk in `rank` needs; citizens get their own lists because their facilitator bonus is
    a constant offset. Ineligible members are remembered (so an update can make them eligible again)
    but never posted, and do not count towards how common a skill is.
    """

    def __init__(self, profiles: Iterable[MemberProfile] = ()) -> None:
        self._profiles: dict[int, MemberProfile] = {}
        self._postings: dict[Role, dict[tuple[str, bool], list[int]]] = {role: {} for role in ROLES}
        # The same postings as sets, for intersections with places, languages and other skills.
        self._holders: dict[Role, dict[str, set[int]]] = {role: {} for role in ROLES}
        self._by_place: dict[str, set[int]] = {}
        self._by_language: dict[str, set[int]] = {}
        self._eligible = 0
        # Bulk load: append everything, then sort each list once — far cheaper than an insort per
        # posting when building an index for a whole forum.
        for profile in profiles:
            if profile.member_id in self._profiles:
                raise ValueError(f"member {profile.member_id} appears twice")
            self._profiles[profile.member_id] = profile
            self._post(profile, lambda postings, member_id: postings.append(member_id))
        for postings in self._postings.values():
            for member_ids in postings.values():
                member_ids.sort(key=self._order_key)

    # -- reading ---------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._profiles)

    def __contains__(self, member_id: object) -> bool:
        return member_id in self._profiles

    def __iter__(self) -> Iterator[MemberProfile]:
        return iter(self._profiles.values())

    def get(self, member_id: int) -> MemberProfile | None:
        return self._profiles.get(member_id)

    @property
    def eligible_count(self) -> int:
        return self._eligible

    def count(self, role: Role, skill: str) -> int:
        """How many eligible members share (facilitator) or want to learn (participant) `skill`."""
        return len(self._holders[role].get(skill, ()))

    def postings(self, role: Role, skill: str, citizen: bool) -> tuple[int, ...]:
        return tuple(self._postings[role].get((skill, citizen), ()))

    def in_place(self, place: str | None) -> frozenset[int]:
        return frozenset(self._by_place.get(place_key(place) or "", ()))

    def speaking(self, language: str | None) -> frozenset[int]:
        return frozenset(self._by_language.get(language_key(language) or "", ()))

    def candidates(self, needs: CircleNeeds) -> Candidates:
        excluded = needs.exclude_ids | {needs.author_id}
        found: dict[Role, set[int]] = {}
        for role in ROLES:
            holders = self._holders[role]
            found[role] = set().union(*(holders.get(skill, ()) for skill in needs.skills)) - excluded
        return Candidates(frozenset(found[FACILITATOR]), frozenset(found[PARTICIPANT]))

    # -- changing ----------------------------------------------------------------------------------

    def add(self, profile: MemberProfile) -> None:
        if profile.member_id in self._profiles:
            raise ValueError(f"member {profile.member_id} is already indexed; use update()")
        self._profiles[profile.member_id] = profile
        self._post(profile, self._insert)

    def update(self, profile: MemberProfile) -> None:
        """Replace a member's profile (or add it): skills, place, activity or eligibility changed."""
        old = self._profiles.get(profile.member_id)
        if old is not None:
            self._unpost(old)
        self._profiles[profile.member_id] = profile
        self._post(profile, self._insert)

    def remove(self, member: MemberProfile | int) -> None:
        member_id = member.member_id if isinstance(member, MemberProfile) else member
        self._unpost(self._profiles[member_id])
        del self._profiles[member_id]

    # -- internals ---------------------------------------------------------------------------------

    def _order_key(self, member_id: int) -> tuple[float, int]:
        return _activity_order(self._profiles[member_id].last_active_days), member_id

    def _insert(self, member_ids: list[int], member_id: int) -> None:
        insort(member_ids, member_id, key=self._order_key)

    def _post(self, profile: MemberProfile, put: Callable[[list[int], int], None]) -> None:
        if not profile.eligible:
            return
        self._eligible += 1
        member_id, citizen = profile.member_id, profile.is_citizen
        for role, skills in ((FACILITATOR, profile.shares), (PARTICIPANT, profile.learns)):
            postings, holders = self._postings[role], self._holders[role]
            for skill in skills:
                put(postings.setdefault((skill, citizen), []), member_id)
                holders.setdefault(skill, set()).add(member_id)
        place = place_key(profile.location)
        if place is not None:
            self._by_place.setdefault(place, set()).add(member_id)
        for language in profile.languages:
            key = language_key(language)
            if key is not None:
                self._by_language.setdefault(key, set()).add(member_id)

    def _unpost(self, profile: MemberProfile) -> None:
        # Must run while `profile` is still the stored one: the sort key is read from it.
        if not profile.eligible:
            return
        self._eligible -= 1
        member_id, citizen = profile.member_id, profile.is_citizen
        key = self._order_key(member_id)
        for role, skills in ((FACILITATOR, profile.shares), (PARTICIPANT, profile.learns)):
            postings = self._postings[role]
            for skill in skills:
                member_ids = postings[(skill, citizen)]
                del member_ids[bisect_left(member_ids, key, key=self._order_key)]
                if not member_ids:
                    del postings[(skill, citizen)]
                _discard(self._holders[role], skill, member_id)
        _discard(self._by_place, place_key(profile.location), member_id)
        for language in profile.languages:
            _discard(self._by_language, language_key(language), member_id)


def _discard(groups: dict[str, set[int]], key: str | None, member_id: int) -> None:
    if key is None or key not in groups:
        return
    groups[key].discard(member_id)
    if not groups[key]:
        del groups[key]


# (score, -member_id, matched skills): tuples compare as "better" exactly when the score is higher
# or, on a tie, the member id is lower — the deterministic order every ranking here uses.
_Entry = tuple[float, int, tuple[str, ...]]
_TopK = Callable[[Role, int, frozenset[int]], list[_Entry]]


class _Query:
    """Everything one circle's scoring needs, computed once per call."""

    def __init__(
        self,
        index: SkillIndex,
        needs: CircleNeeds,
        weights: ScoringWeights,
        recent: Mapping[int, int] | None,
        load: Mapping[int, int] | None,
        capacity: int | None,
    ) -> None:
        self.index = index
        self.needs = needs
        self.weights = weights
        self.skills = tuple(sorted(needs.skills))
        self.excluded = needs.exclude_ids | {needs.author_id}
        self.place = place_key(needs.place)
        self.language = language_key(needs.language)
        self.recent = recent or {}
        self.load = load or {}
        self.capacity = capacity
        self.skill_weight = {role: self._skill_weights(role) for role in ROLES}
        # Eligible members of the circle's place / speaking its language: the index's own groups,
        # so the bonus and the up-front enumeration in `best_first` can never disagree.
        self._place_members = index._by_place.get(self.place or "", frozenset())
        self._language_members = index._by_language.get(self.language or "", frozenset())
        self._activity: dict[int | None, float] = {}  # days → weighted activity

    def _skill_weights(self, role: Role) -> dict[str, float]:
        """Per needed skill, what matching it adds; a full match adds `skill + coverage`."""
        if not self.skills:
            return {}
        members = self.index.eligible_count
        # Smoothed IDF: a skill nobody has still gets a finite weight, and one everybody has
        # still counts (the +1), just least.
        idf = {s: math.log((1 + members) / (1 + self.index.count(role, s))) + 1.0 for s in self.skills}
        total = sum(idf.values())
        per_skill = self.weights.coverage / len(self.skills)
        return {s: self.weights.skill * idf[s] / total + per_skill for s in self.skills}

    def offset(self, role: Role, citizen: bool) -> float:
        return self.weights.citizen if role == FACILITATOR and citizen else 0.0

    def score(self, profile: MemberProfile, role: Role) -> tuple[float, tuple[str, ...]] | None:
        """The member's score in `role` and the needed skills behind it; None if not a candidate."""
        # The hot loop of `rank` (every member read) and of the brute force (every member): kept
        # to set lookups and cached arithmetic.
        member_id = profile.member_id
        if not profile.eligible or member_id in self.excluded:
            return None
        if role == FACILITATOR:
            if self.capacity is not None and self.load.get(member_id, 0) >= self.capacity:
                return None
            has = profile.shares
        else:
            has = profile.learns
        matched = tuple([s for s in self.skills if s in has])
        if not matched:
            return None
        weight = self.skill_weight[role]
        w = self.weights
        score = 0.0
        for skill in matched:
            score += weight[skill]
        if profile.is_citizen and role == FACILITATOR:
            score += w.citizen
        days = profile.last_active_days
        recency = self._activity.get(days)
        if recency is None:
            recency = self._activity[days] = w.activity * activity(days, w.activity_half_life_days)
        score += recency
        if member_id in self._place_members:
            score += w.place
        if member_id in self._language_members:
            score += w.language
        times = self.recent.get(member_id, 0)
        if times > 0:
            score *= w.repeat_decay**times
        return score, matched

    def in_place(self, profile: MemberProfile) -> bool:
        return profile.member_id in self._place_members

    def speaks(self, profile: MemberProfile) -> bool:
        return profile.member_id in self._language_members

    # -- top-k strategies --------------------------------------------------------------------------

    def best_first(self, role: Role, k: int, skip: frozenset[int]) -> list[_Entry]:
        """Top k in `role` reading only as much of the posting lists as the bound requires."""
        if k <= 0 or not self.skills:
            return []
        profiles = self.index._profiles
        w = self.weights
        half_life = w.activity_half_life_days
        top: list[_Entry] = []  # min-heap: top[0] is the weakest of the best k so far
        seen = set(skip)

        def consider(member_ids: Iterable[int]) -> None:
            for member_id in member_ids:
                if member_id in seen:
                    continue
                seen.add(member_id)
                scored = self.score(profiles[member_id], role)
                if scored is None:
                    continue
                entry = (scored[0], -member_id, scored[1])
                if len(top) < k:
                    heapq.heappush(top, entry)
                elif entry > top[0]:
                    heapq.heapreplace(top, entry)

        holders = [self.index._holders[role].get(skill) or set() for skill in self.skills]

        # Score up front the candidates a place or language bonus applies to, when they are few
        # (set intersections run in C), so the bound for everyone else can leave the bonus out.
        unbounded_bonus = 0.0
        for key, groups, bonus in (
            (self.place, self.index._by_place, w.place),
            (self.language, self.index._by_language, w.language),
        ):
            if key is None or bonus == 0:
                continue
            group = groups.get(key) or set()
            boosted = set().union(*(group & ids for ids in holders))
            if len(boosted) <= ENUMERATE_LIMIT:
                consider(boosted)
            else:
                unbounded_bonus += bonus

        # Likewise members holding two or more of the needed skills: once they are scored, every
        # unread member sits in exactly one list and the bound is simply the best list's frontier.
        single_list = True
        if len(holders) > 1:
            several = set().union(*(holders[i] & holders[j] for i in range(len(holders)) for j in range(i)))
            if len(several) <= ENUMERATE_LIMIT:
                consider(several)
            else:
                single_list = False  # common skills: the general bound below is tight enough

        # One cursor per (needed skill, citizen or not) posting list, read best bound first.
        postings = self.index._postings[role]
        lists: list[list[int]] = []
        skill_weight: list[float] = []
        offsets: list[float] = []
        # A member sits in the citizen lists or the others, never both: bounding each class on its
        # own keeps a skill's weight from being counted twice.
        classes: dict[bool, list[int]] = {}
        for skill in self.skills:
            for citizen in (True, False):
                member_ids = postings.get((skill, citizen))
                if member_ids:
                    classes.setdefault(citizen, []).append(len(lists))
                    lists.append(member_ids)
                    skill_weight.append(self.skill_weight[role][skill])
                    offsets.append(self.offset(role, citizen))
        positions = [0] * len(lists)
        frontier = [activity(profiles[ids[0]].last_active_days, half_life) for ids in lists]
        cursors = [(-(skill_weight[i] + offsets[i] + w.activity * frontier[i]), i) for i in range(len(lists))]
        heapq.heapify(cursors)

        def bound() -> float:
            if single_list:
                return -cursors[0][0] + unbounded_bonus
            # An unread member sits in some set S of same-class lists, not yet reached in any of
            # them, so its activity is at most the lowest frontier in S: maximise Σw(S) + that.
            best = -math.inf
            for citizen, members in classes.items():
                live = sorted(((frontier[i], skill_weight[i]) for i in members if frontier[i] >= 0), reverse=True)
                offset, total = self.offset(role, citizen), 0.0
                for frontier_activity, weight in live:
                    total += weight
                    best = max(best, offset + total + w.activity * frontier_activity)
            return best + unbounded_bonus

        while cursors:
            if len(top) == k and top[0][0] > bound() + _BOUND_SLACK:
                break
            i = cursors[0][1]
            member_ids = lists[i]
            member_id = member_ids[positions[i]]
            positions[i] += 1
            if positions[i] < len(member_ids):
                frontier[i] = activity(profiles[member_ids[positions[i]]].last_active_days, half_life)
                heapq.heapreplace(cursors, (-(skill_weight[i] + offsets[i] + w.activity * frontier[i]), i))
            else:
                frontier[i] = -1.0  # exhausted: every member of this list has been read
                heapq.heappop(cursors)
            if member_id not in seen:
                consider((member_id,))
        return sorted(top, reverse=True)

    def exhaustive(self, role: Role, k: int, skip: frozenset[int]) -> list[_Entry]:
        """Top k in `role` scoring every member: the reference `best_first` must reproduce."""
        if k <= 0:
            return []
        entries = []
        for profile in self.index:
            if profile.member_id in skip:
                continue
            scored = self.score(profile, role)
            if scored is not None:
                entries.append((scored[0], -profile.member_id, scored[1]))
        return heapq.nlargest(k, entries)

    # -- presenting --------------------------------------------------------------------------------

    def suggestion(self, entry: _Entry, role: Role) -> Suggestion:
        score, negative_id, matched = entry
        profile = self.index._profiles[-negative_id]
        verb = "shares" if role == FACILITATOR else "wants to learn"
        words = dict(profile.wrote)
        reasons = [f"{verb} {_join(f'{s} (“{words[s]}”)' if s in words else s for s in matched)}"]
        if self.in_place(profile):
            reasons.append(f"also in {self.needs.place}")
        if self.speaks(profile):
            reasons.append(f"speaks {self.needs.language}")
        if role == FACILITATOR and profile.is_citizen:
            reasons.append("approved facilitator")
        return Suggestion(profile.member_id, profile.username, role, score, reasons, matched)


def _join(names: Iterable[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _assemble(query: _Query, top: _TopK, max_suggestions: int, max_facilitators: int) -> Suggestions:
    """Fill at most `max_suggestions` places: facilitators first, then participants, then — if
    there are not enough participants — more facilitators. Nobody gets two roles."""
    if max_suggestions < 0 or max_facilitators < 0:
        raise ValueError("max_suggestions and max_facilitators must be >= 0")
    wanted = min(max_facilitators, max_suggestions)
    facilitators = top(FACILITATOR, wanted, frozenset())
    participants = top(PARTICIPANT, max_suggestions - len(facilitators), frozenset(-e[1] for e in facilitators))
    if len(facilitators) == wanted and len(facilitators) + len(participants) < max_suggestions:
        # Skipping the participants cannot reorder the facilitators already chosen (none of them
        # is a participant), so this only extends the list.
        facilitators = top(FACILITATOR, max_suggestions - len(participants), frozenset(-e[1] for e in participants))
    return Suggestions(
        [query.suggestion(e, FACILITATOR) for e in facilitators],
        [query.suggestion(e, PARTICIPANT) for e in participants],
    )


def rank(
    index: SkillIndex,
    needs: CircleNeeds,
    *,
    max_suggestions: int = 5,
    max_facilitators: int = 2,
    recent_suggestions: Mapping[int, int] | None = None,
    load: Mapping[int, int] | None = None,
    capacity: int | None = None,
    weights: ScoringWeights | None = None,
) -> Suggestions:
    """The best facilitators and participants for a circle, at most `max_suggestions` people in all.

    `max_facilitators`: places filled with facilitators first; places participants cannot fill go
    to more facilitators (see `_assemble`), so it is not a cap on facilitators.
    `recent_suggestions`: member id → times suggested within the fairness window.
    `load`: member id → open circles they facilitate; with `capacity`, those at capacity are not
    suggested as facilitators (they may still be suggested as participants).
    """
    query = _Query(index, needs, weights or ScoringWeights(), recent_suggestions, load, capacity)
    return _assemble(query, query.best_first, max_suggestions, max_facilitators)


def rank_brute_force(
    index: SkillIndex,
    needs: CircleNeeds,
    *,
    max_suggestions: int = 5,
    max_facilitators: int = 2,
    recent_suggestions: Mapping[int, int] | None = None,
    load: Mapping[int, int] | None = None,
    capacity: int | None = None,
    weights: ScoringWeights | None = None,
) -> Suggestions:
    """`rank` by scoring every member: same results, used as the benchmark's baseline and oracle."""
    query = _Query(index, needs, weights or ScoringWeights(), recent_suggestions, load, capacity)
    return _assemble(query, query.exhaustive, max_suggestions, max_facilitators)


def keyword_overlap_baseline(
    index: SkillIndex,
    needs: CircleNeeds,
    *,
    max_suggestions: int = 5,
    max_facilitators: int = 2,
) -> Suggestions:
    """The naive ranking circleup is measured against: how many needed skills a member lists, ties
    by member id — no rarity, place, language, activity, citizenship or fairness. It still never
    suggests ineligible, excluded people or the author, so a comparison measures ranking alone."""
    skills = tuple(sorted(needs.skills))
    excluded = needs.exclude_ids | {needs.author_id}
    plain = _Query(index, needs, ScoringWeights(), None, None, None)

    def top(role: Role, k: int, skip: frozenset[int]) -> list[_Entry]:
        if k <= 0:
            return []
        entries = []
        for profile in index:
            if not profile.eligible or profile.member_id in excluded or profile.member_id in skip:
                continue
            has = profile.shares if role == FACILITATOR else profile.learns
            matched = tuple(s for s in skills if s in has)
            if matched:
                entries.append((float(len(matched)), -profile.member_id, matched))
        return heapq.nlargest(k, entries)

    return _assemble(plain, top, max_suggestions, max_facilitators)
