"""A synthetic peer-learning community with known ground truth, for the tests and bench/matching.py.

Skills and places follow Zipf-like popularity (a few are everywhere, most are rare), members speak
their place's language and often English, about one in eight is an approved facilitator, and some
are ineligible. Circle proposals ask for one to three skills, often a place, sometimes a language;
each carries its hidden relevance judgements, written as the community's rules rather than as
circleup's scoring formula (hard requirements, an activity cut-off, no notion of rarity).
"""
from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from circleup.sync.matching.engine import FACILITATOR, PARTICIPANT, CircleNeeds, MemberProfile, Role, place_key

SKILLS: tuple[str, ...] = (
    "Python", "data analysis", "JavaScript", "Wikipedia editing", "photography", "facilitation",
    "public speaking", "graphic design", "spreadsheets", "grant writing", "community organising",
    "English", "Spanish", "French", "web design", "video editing", "social media", "translation",
    "Wikidata", "project management", "fundraising", "R", "SQL", "statistics", "machine learning",
    "creative writing", "journalism", "podcasting", "mobile development", "Linux", "networking",
    "cybersecurity", "UX research", "accounting", "marketing", "entrepreneurship", "event planning",
    "teaching", "mentoring", "storytelling", "Commons uploading", "OpenStreetMap", "GIS", "Arduino",
    "3D printing", "electronics", "gardening", "permaculture", "beekeeping", "carpentry", "sewing",
    "cooking", "nutrition", "first aid", "sign language", "music theory", "guitar", "drawing",
    "animation", "game design", "Lua", "Rust", "Go", "Haskell", "Elixir", "accessibility",
    "open licensing", "copyright", "digital security", "research methods", "academic writing",
    "peer review", "survey design", "evaluation", "conflict transformation", "negotiation",
    "leadership", "volunteer management", "libraries", "archiving",
)
# Place → its local language besides English.
PLACES: tuple[tuple[str, str], ...] = (
    ("Lagos", "Yoruba"), ("Nairobi", "Swahili"), ("Chicago", "English"), ("Accra", "Twi"),
    ("Bogotá", "Spanish"), ("Kampala", "Swahili"), ("São Paulo", "Portuguese"), ("Manila", "Tagalog"),
    ("Delhi", "Hindi"), ("Cape Town", "Afrikaans"), ("Kigali", "French"), ("Cairo", "Arabic"),
    ("Berlin", "German"), ("Lima", "Spanish"), ("Dakar", "French"), ("Ljubljana", "English"),
    ("Jakarta", "Indonesian"), ("Dhaka", "Bengali"), ("Mexico City", "Spanish"), ("Abuja", "Hausa"),
    ("Enugu", "Igbo"), ("Addis Ababa", "Amharic"), ("Dar es Salaam", "Swahili"), ("Kumasi", "Twi"),
    ("Mombasa", "Swahili"), ("Quito", "Spanish"), ("Porto", "Portuguese"), ("Lyon", "French"),
    ("Barcelona", "Spanish"), ("Toronto", "English"), ("Boston", "English"), ("Cebu", "Tagalog"),
    ("Durban", "Zulu"), ("Mumbai", "Hindi"), ("Karachi", "Urdu"), ("Istanbul", "Turkish"),
    ("Warsaw", "Polish"), ("Kyiv", "Ukrainian"), ("Medellín", "Spanish"), ("Rosario", "Spanish"),
)
BOT_ID = 0
ACTIVE_DAYS = 90  # ground truth: someone not seen for longer will not answer a suggestion


def _zipf_weights(n: int, exponent: float) -> list[float]:
    return [1.0 / (rank**exponent) for rank in range(1, n + 1)]


def _draw(rng: random.Random, population: Sequence[str], weights: Sequence[float], k: int) -> set[str]:
    chosen: set[str] = set()
    while len(chosen) < k:
        chosen.add(rng.choices(population, weights)[0])
    return chosen


def generate_members(count: int, *, seed: int = 0, first_id: int = 1) -> list[MemberProfile]:
    rng = random.Random(seed)
    skill_weights = _zipf_weights(len(SKILLS), 1.0)
    place_weights = _zipf_weights(len(PLACES), 0.8)
    members = []
    for member_id in range(first_id, first_id + count):
        shares = _draw(rng, SKILLS, skill_weights, rng.choices((0, 1, 2, 3, 4), (10, 35, 30, 17, 8))[0])
        learns = _draw(rng, SKILLS, skill_weights, rng.choices((0, 1, 2, 3), (15, 40, 30, 15))[0]) - shares
        location, languages = None, {"English"}
        if rng.random() > 0.08:
            location, local = rng.choices(PLACES, place_weights)[0]
            languages = {local} if rng.random() < 0.35 else {local, "English"}
        roll = rng.random()
        members.append(
            MemberProfile(
                member_id=member_id,
                username=f"member{member_id}",
                shares=frozenset(shares),
                learns=frozenset(learns),
                location=location,
                languages=frozenset(languages),
                is_citizen=rng.random() < 0.12,
                last_active_days=None if rng.random() < 0.1 else int(rng.expovariate(1 / 45)),
                eligible=roll >= 0.07,  # ~5% opted out, ~2% suspended or deleted
            )
        )
    return members


@dataclass(frozen=True)
class Circle:
    title: str
    needs: CircleNeeds
    relevance: dict[tuple[int, Role], int]  # hidden judgements: (member, role) → 1 partial, 2 ideal


def judge(member: MemberProfile, role: Role, needs: CircleNeeds) -> int:
    """The community's rules for a good suggestion, independent of circleup's weights."""
    if not member.eligible or member.member_id in needs.exclude_ids or member.member_id == needs.author_id:
        return 0
    if member.last_active_days is None or member.last_active_days > ACTIVE_DAYS:
        return 0
    if needs.place is not None and place_key(member.location) != place_key(needs.place):
        return 0
    if needs.language is not None and needs.language not in member.languages:
        return 0
    has = member.shares if role == FACILITATOR else member.learns
    overlap = has & needs.skills
    if not overlap:
        return 0
    full = overlap == needs.skills
    if role == FACILITATOR:
        return 2 if full and member.is_citizen else 1
    return 2 if full else 1


def generate_circles(members: Sequence[MemberProfile], count: int, *, seed: int = 1) -> list[Circle]:
    rng = random.Random(seed)
    skill_weights = _zipf_weights(len(SKILLS), 0.7)
    located = [m for m in members if m.location is not None]
    circles = []
    for _ in range(count):
        author = rng.choice(members)
        skills = frozenset(_draw(rng, SKILLS, skill_weights, rng.choices((1, 2, 3), (45, 40, 15))[0]))
        place = language = None
        if rng.random() < 0.6:
            host = rng.choice(located)  # circles are proposed where people live
            place = host.location
            if rng.random() < 0.3:
                language = rng.choice(sorted(host.languages))
        needs = CircleNeeds(
            skills=skills, place=place, language=language, author_id=author.member_id,
            exclude_ids=frozenset({BOT_ID}),
        )
        relevance = {}
        for member in members:
            for role in (FACILITATOR, PARTICIPANT):
                grade = judge(member, role, needs)
                if grade:
                    relevance[(member.member_id, role)] = grade
        title = f"{' and '.join(sorted(skills))} circle" + (f" in {place}" if place else "")
        circles.append(Circle(title, needs, relevance))
    return circles
