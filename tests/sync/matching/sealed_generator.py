"""How the sixth and seventh sealed communities are drawn from their word lists: one author's
generator, kept once, so that the two sets differ only in what their members and circles say.

`words` is the community's module (heldout_sealed6, heldout_sealed7): its sayings, frames, cities,
names, shares and circles. Every random draw happens in the same order as when the sets were written,
so their members and circles are unchanged.
"""
from __future__ import annotations

import random
from types import ModuleType

from tests.sync.matching.heldout import Person, Proposal


def _typo(rng: random.Random, text: str) -> str:
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(letters) < 5:
        return text
    i = rng.choice(letters[1:-1])
    roll = rng.random()
    if roll < 0.4 and i + 1 < len(text):
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]  # swapped
    if roll < 0.7:
        return text[:i] + text[i + 1:]  # dropped
    return text[:i] + text[i] + text[i:]  # doubled


def _odd_capitals(rng: random.Random, text: str) -> str:
    roll = rng.random()
    if roll < 0.1:
        return text.upper() if len(text) <= 14 else text.lower()  # nobody shouts a whole sentence
    if roll < 0.25:
        return text.lower()
    if roll < 0.35:
        return text.title()
    return text


def _name(words: ModuleType, rng: random.Random, skill: str, language: str) -> str:
    sayings = words.SAYINGS[skill]
    if language != "en" and rng.random() < words.CODE_SWITCH:
        language = "en"
    text = rng.choice(sayings.get(language) or sayings["en"])
    if rng.random() < words.TYPO:
        text = _typo(rng, text)
    return _odd_capitals(rng, text)


def _join(words: ModuleType, rng: random.Random, language: str, items: list[str]) -> str:
    return rng.choice(words.AND[language]).join(items)


def _shares_text(words: ModuleType, rng: random.Random, language: str, skills: list[str]) -> str:
    names = [_name(words, rng, skill, language) for skill in skills]
    if len(names) > 1 and rng.random() < 0.4:
        first = rng.choice(words.SHARE_FRAMES[language]).format(names[0])
        return first + ". " + _join(words, rng, language, names[1:])
    return rng.choice(words.SHARE_FRAMES[language]).format(_join(words, rng, language, names))


def _learns_text(words: ModuleType, rng: random.Random, language: str, skills: list[str]) -> str:
    if not skills:
        return rng.choice(words.NOTHING_TO_LEARN[language])
    names = [_name(words, rng, skill, language) for skill in skills]
    return rng.choice(words.LEARN_FRAMES[language]).format(_join(words, rng, language, names))


def _username(words: ModuleType, rng: random.Random, language: str, taken: set[str]) -> str:
    while True:
        first = rng.choice(words.FIRST_NAMES[language])
        style = rng.random()
        if style < 0.4:
            name = f"{first}_{rng.choice(words.HANDLES)}"
        elif style < 0.7:
            name = f"{first}{rng.randint(1, 99)}"
        else:
            name = f"{first.capitalize()}{rng.choice(words.HANDLES).capitalize()}{rng.randint(1, 9)}"
        if name.lower() not in taken:
            taken.add(name.lower())
            return name


def _home(words: ModuleType, rng: random.Random, language: str) -> str:
    if rng.random() < words.ELSEWHERE_SHARE:
        return rng.choice(sorted(words.CITIES))
    return rng.choice(words.HOMES[language])


def _pick(words: ModuleType, rng: random.Random, count: int, exclude: set[str]) -> list[str]:
    choices = [s for s in words.SKILLS if s not in exclude]
    weights = [words.POPULARITY.get(s, 1) for s in choices]
    picked: list[str] = []
    while len(picked) < count:
        skill = rng.choices(choices, weights)[0]
        if skill not in picked:
            picked.append(skill)
    return picked


def _plant(rng: random.Random, skill: str, wanted: int, drafts: list[dict], city: str | None) -> None:
    """Make sure `wanted` eligible members (in `city`, if one is given) share `skill`."""
    def sharing() -> int:
        return sum(d["eligible"] and skill in d["shares"] and (city is None or d["city"] == city) for d in drafts)

    candidates = [d for d in drafts if d["eligible"] and skill not in d["shares"] and skill not in d["learns"]
                  and len(d["shares"]) < 3 and (city is None or d["city"] == city)]
    rng.shuffle(candidates)
    while sharing() < wanted and candidates:
        candidates.pop()["shares"].append(skill)


def members(words: ModuleType, count: int, *, seed: int) -> list[Person]:
    rng = random.Random(seed)
    drafts = []
    for _ in range(count):
        language = rng.choices(words.LANGUAGES, words.LANGUAGE_WEIGHTS)[0]
        city = None if rng.random() < words.NOWHERE_SHARE else _home(words, rng, language)
        shares = _pick(words, rng, rng.choices((1, 2, 3), (45, 40, 15))[0], set())
        learns = _pick(words, rng, rng.choices((0, 1, 2), (25, 50, 25))[0], set(shares))
        drafts.append({"language": language, "city": city, "shares": shares, "learns": learns,
                       "eligible": rng.random() >= words.INELIGIBLE_SHARE})
    for _, _, _, _, skills, city in words.CIRCLES:
        for skill in skills:
            _plant(rng, skill, words.PLANTED_SHARERS, drafts, None)
            if city is not None:
                _plant(rng, skill, words.PLANTED_NEIGHBOURS, drafts, city)

    taken: set[str] = set()
    people = []
    for offset, draft in enumerate(drafts):
        language, city = draft["language"], draft["city"]
        location = rng.choice(words.CITIES[city]) if city else rng.choice(words.NOWHERE)
        if city and rng.random() < 0.15:
            location = location.lower()
        people.append(Person(
            member_id=words.FIRST_ID + offset,
            username=_username(words, rng, language, taken),
            shares_text=_shares_text(words, rng, language, draft["shares"]),
            learns_text=_learns_text(words, rng, language, draft["learns"]),
            location=location,
            city=city,
            shares=frozenset(draft["shares"]),
            learns=frozenset(draft["learns"]),
            eligible=draft["eligible"],
        ))
    return people


def circles(words: ModuleType, people: list[Person], count: int, *, seed: int) -> list[Proposal]:
    rng = random.Random(seed)
    proposals = []
    for language, title, raw, tags, skills, city in words.CIRCLES[:count]:
        local = [p for p in people if city is None or p.city == city]
        # Authors are usually curious about the topic, sometimes already know it, sometimes neither.
        keen = [p for p in local if set(skills) & p.learns]
        author = rng.choice(keen if keen and rng.random() < 0.7 else local)
        proposals.append(Proposal(title=title, raw=raw, tags=tags, author_id=author.member_id,
                                  skills=frozenset(skills), city=city))
    return proposals
