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

The score is  (skill part + citizen + activity + place + language) × repeat_decay ** times_suggested.

`SkillIndex` keeps what scoring reads in arrays: every posted member has a slot, each posting list
(skill → holders, per role) and each language group is a sorted array of slots, and activity,
citizenship and place are columns indexed by slot. `rank` therefore scores every holder of the
circle's skills at once with numpy — a few array operations whatever the skills' popularity, no
Python work per member — and reads profiles only for the handful of people it suggests. It adds
the terms in the same order as `_Query.score`, the plain per-member formula `rank_brute_force`
applies to every member, so both give the very same floats; the tests and the benchmark check it.
"""
from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Final, Literal

import numpy as np

Role = Literal["facilitator", "participant"]
FACILITATOR: Final[Role] = "facilitator"
PARTICIPANT: Final[Role] = "participant"
ROLES: Final[tuple[Role, Role]] = (FACILITATOR, PARTICIPANT)


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
    # The next likeliest skills, read with less confidence: people who have them take the places
    # the circle's own skills leave open, never one somebody with those skills could take.
    fill_skills: frozenset[str] = frozenset()


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
        # Every bonus is something a reason names ("also in Lagos", "approved facilitator"): below
        # zero it would count against the member; a fairness factor above 1 would favour the people
        # suggested most.
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


class SkillIndex:
    """Inverted index over eligible members, in arrays: (role, skill) → sorted slots of its holders.

    A member is posted under a slot (an array position, reused after they leave) while eligible;
    activity, citizenship, place and location are columns indexed by slot, so `rank` reads them for
    thousands of holders at once. Ineligible members are remembered (so an update can make them
    eligible again) but never posted, and do not count towards how common a skill is.
    """

    def __init__(self, profiles: Iterable[MemberProfile] = ()) -> None:
        self._profiles: dict[int, MemberProfile] = {}
        self._slots: dict[int, int] = {}  # posted member id → slot
        self._free_slots: list[int] = []
        self._used = 0  # slots handed out so far (free ones included)
        capacity = 1024
        self._member_ids = np.zeros(capacity, dtype=np.int64)
        self._days = np.full(capacity, _NEVER, dtype=np.int32)  # days since active; _NEVER: never seen
        self._citizen = np.zeros(capacity, dtype=bool)
        self._place = np.full(capacity, _NONE, dtype=np.int32)  # code of place_key(location)
        self._location = np.full(capacity, _NONE, dtype=np.int32)  # code of the location as written
        self._place_codes: dict[str, int] = {}
        self._location_codes: dict[str, int] = {}
        self._locations: list[str] = []  # location code → the location as written
        self._max_days = 0
        self._postings: dict[Role, dict[str, np.ndarray]] = {role: {} for role in ROLES}
        self._by_language: dict[str, np.ndarray] = {}
        # (activity weight, half-life) → weighted activity by days since active, last entry for never.
        self._activity_tables: dict[tuple[float, float], np.ndarray] = {}
        self._common: tuple[int, tuple[str, ...]] | None = None  # (at_least, skills_held_by's answer)
        # Bulk load: slots are handed out in increasing order, so each list is born sorted.
        postings: dict[Role, dict[str, list[int]]] = {role: {} for role in ROLES}
        languages: dict[str, list[int]] = {}
        for profile in profiles:
            if profile.member_id in self._profiles:
                raise ValueError(f"member {profile.member_id} appears twice")
            self._profiles[profile.member_id] = profile
            if profile.eligible:
                slot = self._take_slot(profile)
                for role, skills in ((FACILITATOR, profile.shares), (PARTICIPANT, profile.learns)):
                    for skill in skills:
                        postings[role].setdefault(skill, []).append(slot)
                for key in _language_keys(profile):
                    languages.setdefault(key, []).append(slot)
        for role in ROLES:
            self._postings[role] = {skill: np.asarray(slots, dtype=np.int32) for skill, slots in postings[role].items()}
        self._by_language = {key: np.asarray(slots, dtype=np.int32) for key, slots in languages.items()}

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
        return len(self._slots)

    def count(self, role: Role, skill: str) -> int:
        """How many eligible members share (facilitator) or want to learn (participant) `skill`."""
        return len(self._postings[role].get(skill, ()))

    def has_skill(self, skill: str) -> bool:
        """Whether some eligible member shares or wants to learn `skill`."""
        # Read for every taxonomy skill when a circle is read by meaning: two dict lookups (a list
        # that empties is dropped, so a key means someone holds the skill).
        return skill in self._postings[FACILITATOR] or skill in self._postings[PARTICIPANT]

    def holders(self, role: Role, skill: str) -> frozenset[int]:
        """The eligible members who share (facilitator) or want to learn (participant) `skill`."""
        return self._ids_of(self._postings[role].get(skill, _NO_SLOTS))

    def in_place(self, place: str | None) -> frozenset[int]:
        code = self._place_codes.get(place_key(place) or "")
        if code is None:
            return frozenset()
        posted = np.fromiter(self._slots.values(), dtype=np.int32, count=len(self._slots))
        return self._ids_of(posted[self._place[posted] == code])

    def speaking(self, language: str | None) -> frozenset[int]:
        return self._ids_of(self._by_language.get(language_key(language) or "", _NO_SLOTS))

    def candidates(self, needs: CircleNeeds) -> Candidates:
        """Members who hold one of the needed skills, per role, the author and excluded ids left out."""
        found = [self._ids_of(self._candidate_slots(needs, (role,))) for role in ROLES]
        return Candidates(found[0], found[1])

    def skills_held_by(self, at_least: int) -> tuple[str, ...]:
        """The skills at least `at_least` eligible members share or want to learn, sorted (each
        member counted once per skill)."""
        if self._common is None or self._common[0] != at_least:
            counts: dict[str, int] = {}
            for skill, slots in self._postings[FACILITATOR].items():
                counts[skill] = len(slots)
            for skill, slots in self._postings[PARTICIPANT].items():
                both = self._postings[FACILITATOR].get(skill)
                counts[skill] = counts.get(skill, 0) + len(slots) - (
                    0 if both is None else int(_contains(both, slots).sum()))
            self._common = (at_least, tuple(sorted(skill for skill, count in counts.items() if count >= at_least)))
        return self._common[1]

    @property
    def locations(self) -> Sequence[str]:
        """Every location a member here has written, once each, in the order first seen; it only
        ever grows, so its length tells whether it changed."""
        return tuple(self._locations)

    def candidate_places(self, needs: CircleNeeds) -> set[str]:
        """Where the candidates (either role) live, as they wrote it: the places a topic may mean."""
        codes = np.unique(self._location[self._candidate_slots(needs, ROLES)])
        return {self._locations[code] for code in codes.tolist() if code != _NONE}

    # -- changing ----------------------------------------------------------------------------------

    def add(self, profile: MemberProfile) -> None:
        if profile.member_id in self._profiles:
            raise ValueError(f"member {profile.member_id} is already indexed; use update()")
        self._profiles[profile.member_id] = profile
        self._post(profile)

    def update(self, profile: MemberProfile) -> None:
        """Replace a member's profile (or add it): skills, place, activity or eligibility changed."""
        old = self._profiles.get(profile.member_id)
        if old is not None and old.eligible and profile.eligible and (old.shares, old.learns, old.languages) == (
                profile.shares, profile.learns, profile.languages):
            # The usual change (activity, place, name): the member keeps their slot in every list.
            self._profiles[profile.member_id] = profile
            self._set_columns(self._slots[profile.member_id], profile)
            return
        if old is not None:
            self._unpost(old)
        self._profiles[profile.member_id] = profile
        self._post(profile)

    def remove(self, member: MemberProfile | int) -> None:
        member_id = member.member_id if isinstance(member, MemberProfile) else member
        self._unpost(self._profiles[member_id])
        del self._profiles[member_id]

    # -- internals ---------------------------------------------------------------------------------

    def _ids_of(self, slots: np.ndarray) -> frozenset[int]:
        return frozenset(self._member_ids[slots].tolist())

    def _slots_of(self, member_ids: Iterable[int]) -> np.ndarray:
        slots = self._slots
        return np.asarray([slots[m] for m in member_ids if m in slots], dtype=np.int32)

    def _candidate_slots(self, needs: CircleNeeds, roles: Iterable[Role]) -> np.ndarray:
        lists = [self._postings[role][s] for role in roles for s in needs.skills if s in self._postings[role]]
        if not lists:
            return _NO_SLOTS
        slots = self._union(lists)
        excluded = self._slots_of(needs.exclude_ids | {needs.author_id})
        return slots[~_contains(excluded, slots)] if len(excluded) else slots

    def _union(self, lists: list[np.ndarray]) -> np.ndarray:
        """The sorted slots in any of `lists` (a mask over all slots: cheaper than sorting them)."""
        if len(lists) == 1:
            return lists[0]
        mask = np.zeros(self._used, dtype=bool)
        for slots in lists:
            mask[slots] = True
        return np.flatnonzero(mask).astype(np.int32)

    def _take_slot(self, profile: MemberProfile) -> int:
        if self._free_slots:
            slot = self._free_slots.pop()
        else:
            slot = self._used
            self._used += 1
            if slot == len(self._member_ids):
                self._grow()
        self._slots[profile.member_id] = slot
        self._member_ids[slot] = profile.member_id
        self._set_columns(slot, profile)
        return slot

    def _set_columns(self, slot: int, profile: MemberProfile) -> None:
        days = profile.last_active_days
        if days is None:
            self._days[slot] = _NEVER
        else:
            days = max(days, 0)
            self._days[slot] = days
            self._max_days = max(self._max_days, days)
        self._citizen[slot] = profile.is_citizen
        place = place_key(profile.location)
        self._place[slot] = _NONE if place is None else self._place_codes.setdefault(place, len(self._place_codes))
        location = profile.location
        if location is None:
            self._location[slot] = _NONE
        else:
            code = self._location_codes.get(location)
            if code is None:
                code = self._location_codes[location] = len(self._locations)
                self._locations.append(location)
            self._location[slot] = code

    def _grow(self) -> None:
        size = len(self._member_ids) * 2
        for name, fill in (("_member_ids", 0), ("_days", _NEVER), ("_citizen", False), ("_place", _NONE),
                           ("_location", _NONE)):
            old = getattr(self, name)
            new = np.full(size, fill, dtype=old.dtype)
            new[: len(old)] = old
            setattr(self, name, new)

    def _post(self, profile: MemberProfile) -> None:
        if not profile.eligible:
            return
        self._common = None
        slot = self._take_slot(profile)
        for role, skills in ((FACILITATOR, profile.shares), (PARTICIPANT, profile.learns)):
            postings = self._postings[role]
            for skill in skills:
                postings[skill] = _inserted(postings.get(skill, _NO_SLOTS), slot)
        for key in _language_keys(profile):
            self._by_language[key] = _inserted(self._by_language.get(key, _NO_SLOTS), slot)

    def _unpost(self, profile: MemberProfile) -> None:
        if not profile.eligible:
            return
        self._common = None
        slot = self._slots.pop(profile.member_id)
        self._free_slots.append(slot)
        for role, skills in ((FACILITATOR, profile.shares), (PARTICIPANT, profile.learns)):
            _remove_slot(self._postings[role], keys=skills, slot=slot)
        _remove_slot(self._by_language, keys=_language_keys(profile), slot=slot)

    def _activity_table(self, weights: ScoringWeights) -> np.ndarray:
        """Weighted activity by days since active (0 … the most days indexed), then 0.0 for never
        seen, so `table[days]` reads it with _NEVER (-1) landing on the last entry. Each value is
        computed exactly as `_Query.score` computes it."""
        key = (weights.activity, weights.activity_half_life_days)
        table = self._activity_tables.get(key)
        if table is None or len(table) < self._max_days + 2:
            values = [weights.activity * activity(days, weights.activity_half_life_days)
                      for days in range(self._max_days + 1)]
            table = self._activity_tables[key] = np.asarray(values + [weights.activity * 0.0], dtype=np.float64)
        return table


_NEVER: Final = -1
_NONE: Final = -1
_NO_SLOTS: Final = np.zeros(0, dtype=np.int32)


def _language_keys(profile: MemberProfile) -> set[str]:
    return {key for key in map(language_key, profile.languages) if key is not None}


def _contains(sorted_slots: np.ndarray, slots: np.ndarray) -> np.ndarray:
    """For each of `slots`, whether it is in `sorted_slots` (sorted ascending)."""
    if not len(sorted_slots):
        return np.zeros(len(slots), dtype=bool)
    positions = np.searchsorted(sorted_slots, slots)
    positions[positions == len(sorted_slots)] = 0
    return sorted_slots[positions] == slots


def _inserted(slots: np.ndarray, slot: int) -> np.ndarray:
    return np.insert(slots, np.searchsorted(slots, slot), slot)


def _remove_slot(groups: dict[str, np.ndarray], *, keys: Iterable[str], slot: int) -> None:
    for key in keys:
        slots = groups[key]
        remaining = np.delete(slots, np.searchsorted(slots, slot))
        if len(remaining):
            groups[key] = remaining
        else:
            del groups[key]


# (score, -member_id, matched skills): tuples compare as "better" exactly when the score is higher
# or, on a tie, the member id is lower — the deterministic order every ranking here uses.
_Entry = tuple[float, int, tuple[str, ...]]
_TopK = Callable[[Role, int, frozenset[int]], list[_Entry]]


@dataclass(frozen=True, slots=True)
class _Scored:
    """One role's candidates, scored at once: slots, member ids, scores, and the posting list of
    each needed skill someone holds (which skills a suggested member matched)."""

    slots: np.ndarray
    member_ids: np.ndarray
    scores: np.ndarray
    lists: tuple[tuple[str, np.ndarray], ...]


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
        self._activity: dict[int | None, float] = {}  # days → weighted activity
        self._scored: dict[Role, _Scored] = {}
        self._decay: tuple[np.ndarray, np.ndarray] | None = None

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

    def score(self, profile: MemberProfile, role: Role) -> tuple[float, tuple[str, ...]] | None:
        """The member's score in `role` and the needed skills behind it; None if not a candidate.

        The formula written out for one member: the reference `rank_brute_force` applies to every
        member and `vectorised` must reproduce to the last bit (it adds the terms in this order)."""
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
        if self.in_place(profile):
            score += w.place
        if self.speaks(profile):
            score += w.language
        times = self.recent.get(member_id, 0)
        if times > 0:
            score *= w.repeat_decay**times
        return score, matched

    def in_place(self, profile: MemberProfile) -> bool:
        return self.place is not None and place_key(profile.location) == self.place

    def speaks(self, profile: MemberProfile) -> bool:
        return self.language is not None and self.language in _language_keys(profile)

    # -- top-k strategies --------------------------------------------------------------------------

    def vectorised(self, role: Role, k: int, skip: frozenset[int]) -> list[_Entry]:
        """Top k in `role`: every holder of a needed skill scored at once, in arrays."""
        if k <= 0 or not self.skills:
            return []
        scored = self._scored.get(role)
        if scored is None:
            scored = self._scored[role] = self._score_all(role)
        if not len(scored.slots):
            return []
        keep = np.ones(len(scored.slots), dtype=bool)
        if skip:
            keep &= ~_contains(np.sort(self.index._slots_of(skip)), scored.slots)
        chosen = np.flatnonzero(keep)
        if len(chosen) > k:
            # Everyone scoring at least the k-th best, then (score desc, member id asc) among them:
            # ties at the cut are settled by member id, as in every ranking here.
            scores = scored.scores[chosen]
            cut = np.partition(scores, len(scores) - k)[len(scores) - k]
            chosen = chosen[scores >= cut]
        chosen = chosen[np.lexsort((scored.member_ids[chosen], -scored.scores[chosen]))[:k]]
        holds = [(skill, _contains(skill_slots, scored.slots[chosen])) for skill, skill_slots in scored.lists]
        return [(float(scored.scores[position]), -int(scored.member_ids[position]),
                 tuple(skill for skill, held in holds if held[n]))
                for n, position in enumerate(chosen.tolist())]

    def _score_all(self, role: Role) -> _Scored:
        index, w = self.index, self.weights
        postings = index._postings[role]
        lists = [(skill, postings[skill]) for skill in self.skills if skill in postings]
        if not lists:
            return _Scored(_NO_SLOTS, np.zeros(0, dtype=np.int64), np.zeros(0), ())
        # The terms in `score`'s order, each added to every candidate (0.0 where it does not apply,
        # which leaves a float unchanged), so every sum is the same float `score` computes. The
        # skills are summed over all slots, where each posting list is a scatter, not a search.
        weight = self.skill_weight[role]
        if len(lists) == 1:
            skill, slots = lists[0]
            scores = np.full(len(slots), weight[skill])
        else:
            summed = np.zeros(index._used)
            held = np.zeros(index._used, dtype=bool)
            for skill, skill_slots in lists:
                summed[skill_slots] += weight[skill]
                held[skill_slots] = True
            slots = np.flatnonzero(held).astype(np.int32)
            scores = summed[slots]
        # Who may not be suggested in this role at all: the author, excluded ids, busy facilitators.
        barred = set(self.excluded)
        if role == FACILITATOR and self.capacity is not None:
            barred.update(m for m, circles in self.load.items() if circles >= self.capacity)
        barred_slots = np.sort(index._slots_of(barred))
        if len(barred_slots):
            allowed = ~_contains(barred_slots, slots)
            slots, scores = slots[allowed], scores[allowed]
        if role == FACILITATOR:
            scores += np.where(index._citizen[slots], w.citizen, 0.0)
        scores += index._activity_table(w)[index._days[slots]]
        place = index._place_codes.get(self.place or "")
        if place is not None:
            scores += np.where(index._place[slots] == place, w.place, 0.0)
        speakers = index._by_language.get(self.language or "")
        if speakers is not None:
            speaks = np.zeros(index._used, dtype=bool)
            speaks[speakers] = True
            scores += np.where(speaks[slots], w.language, 0.0)
        member_ids = index._member_ids[slots]
        recent_ids, factors = self._decay_factors()
        if len(recent_ids) and len(slots):
            positions = np.searchsorted(recent_ids, member_ids)
            positions[positions == len(recent_ids)] = 0
            hit = recent_ids[positions] == member_ids
            scores[hit] *= factors[positions[hit]]
        return _Scored(slots, member_ids, scores, tuple(lists))

    def _decay_factors(self) -> tuple[np.ndarray, np.ndarray]:
        """The members suggested recently (sorted ids) and the factor each one's score is
        multiplied by: `repeat_decay ** times`, computed once per distinct count, as `score` does."""
        if self._decay is None:
            ids = np.fromiter(self.recent.keys(), dtype=np.int64, count=len(self.recent))
            times = np.fromiter(self.recent.values(), dtype=np.int64, count=len(self.recent))
            ids, times = ids[times > 0], times[times > 0]
            order = np.argsort(ids)
            ids, times = ids[order], times[order]
            counts = np.unique(times).tolist()
            factor_of = np.asarray([self.weights.repeat_decay**count for count in counts], dtype=np.float64)
            self._decay = (ids, factor_of[np.searchsorted(counts, times)] if counts else np.zeros(0))
        return self._decay

    def exhaustive(self, role: Role, k: int, skip: frozenset[int]) -> list[_Entry]:
        """Top k in `role` scoring every member: the reference `vectorised` must reproduce."""
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
    return _rank_and_fill(index, needs, "vectorised", max_suggestions, max_facilitators, recent_suggestions, load,
                          capacity, weights)


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
    return _rank_and_fill(index, needs, "exhaustive", max_suggestions, max_facilitators, recent_suggestions, load,
                          capacity, weights)


def _rank_and_fill(index: SkillIndex, needs: CircleNeeds, scoring: Literal["vectorised", "exhaustive"],
                   max_suggestions: int, max_facilitators: int, recent_suggestions: Mapping[int, int] | None,
                   load: Mapping[int, int] | None, capacity: int | None, weights: ScoringWeights | None
                   ) -> Suggestions:
    """The circle's skills fill the places first; places still open go to people with its
    `fill_skills`, ranked the same way, the facilitator places first as before."""
    weights = weights or ScoringWeights()
    query = _Query(index, needs, weights, recent_suggestions, load, capacity)
    found = _assemble(query, getattr(query, scoring), max_suggestions, max_facilitators)
    open_places = max_suggestions - len(found)
    fill = needs.fill_skills - needs.skills
    if open_places <= 0 or not fill:
        return found
    further = replace(needs, skills=frozenset(fill), fill_skills=frozenset(),
                      exclude_ids=needs.exclude_ids | frozenset(found.member_ids))
    query = _Query(index, further, weights, recent_suggestions, load, capacity)
    more = _assemble(query, getattr(query, scoring), open_places, max(0, max_facilitators - len(found.facilitators)))
    return Suggestions(found.facilitators + more.facilitators, found.participants + more.participants)


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
