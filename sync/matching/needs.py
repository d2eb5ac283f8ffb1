"""Read what a proposed learning circle needs from its topic: skills, place and language.

Skills come from the skills flow's finder (passed in, so this module stays free of the taxonomy);
places are only ever ones where some member lives (`known_places`), so "Nairobi library" finds
Nairobi without a gazetteer and never invents a place nobody can attend; languages are read from
phrases that state the language of the circle ("in Spanish", "en español", "kwa Kiswahili").
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from circleup.sync.matching.engine import CircleNeeds, SkillIndex, place_key
from circleup.sync.skills.languages import LANGUAGE_ALIASES


# Words that introduce the language a circle runs in. English "in" is weak: after these words it
# names a subject ("interested in Spanish", "a course in French"), not the circle's language. The
# other cues are written in the language itself and so are strong evidence.
_WEAK_LANGUAGE_CUES = frozenset({"in"})
_SUBJECT_BEFORE_IN = frozenset({
    "interested", "interest", "skills", "skill", "course", "courses", "class", "classes", "lesson",
    "lessons", "fluent", "proficient", "proficiency", "beginner", "beginners", "intermediate",
    "advanced", "degree", "conversation", "tutoring", "help", "better", "progress",
})
_STRONG_LANGUAGE_CUES = frozenset({"en", "em", "auf", "kwa", "language", "languages", "idioma", "lugha", "langue"})
_LANGUAGE_SUFFIXES = frozenset({"speaking", "speakers", "speaker", "language", "medium"})
# Not "a" (Spanish, Italian "a Roma", French "à Paris"): in English it is the article ("a mobile app"),
# and a place after the Romance "a" is capitalised anyway.
_PLACE_CUES = frozenset({"in", "at", "near", "around", "from", "en", "em", "kwa", "huko"})
# What ends a sentence (or a line): the capital on the word after it is grammar, not a proper name.
# Not ":" ("Python circle: Nairobi edition"), after which English capitalises names only.
_SENTENCE_END = re.compile(r"[.!?\n]")
# Member "locations" that are not places a circle can meet in.
_NOT_PLACES = frozenset({"online", "remote", "internet", "anywhere", "everywhere", "worldwide", "global", "earth", "home", "world", "web"})

_QUOTE = re.compile(r"\[quote[^\]]*\].*?\[/quote\]", re.IGNORECASE | re.DOTALL)
_FENCE = re.compile(r"```.*?```|~~~.*?~~~", re.DOTALL)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_BLOCKQUOTE = re.compile(r"^\s*>.*$", re.MULTILINE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"https?://\S+")
_TAG = re.compile(r"<[^>\n]+>")
_WORD = re.compile(r"\w+")


# A skill the topic names by a taxonomy term votes like a sentence plainly about it (the semantic
# layer's votes are similarity scores, mostly 0.1–0.5), in the title as much more as a title sentence.
TERM_VOTE = 0.2
TITLE_VOTE = 1.5
# A skill the taxonomy does not know is read by meaning once this many members wrote it: one
# member's wording is theirs, several members' is the community's.
SHARED_BY = 2


class ReadSkill(Protocol):
    """A skill read by meaning (`circleup.sync.skills.semantic.SkillReading`)."""

    skill: str
    confidence: float
    evidence: str
    fills_only: bool  # less likely than the circle's skills: fills places their people leave open


class ReadsSkills(Protocol):
    """Reading texts by meaning (`circleup.sync.skills.semantic.SemanticSkills.read`)."""

    def __call__(self, texts: list[str], *, among: Container[str] | None = None,
                 named: Mapping[str, float] | None = None, free: Sequence[str] = ()) -> Sequence[ReadSkill]: ...


@dataclass(frozen=True, slots=True)
class _Token:
    folded: str
    capitalised: bool
    start: int  # character offsets in the text it came from
    end: int


def _fold(text: str) -> str:
    """Casefold and drop accents, so "Español", "espanol" and "ESPAÑOL" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _tokens(text: str) -> list[_Token]:
    return [_Token(_fold(m.group()), m.group()[:1].isupper(), m.start(), m.end()) for m in _WORD.finditer(text)]


def _key(text: str) -> tuple[str, ...]:
    return tuple(t.folded for t in _tokens(text))


def clean_post(raw: str) -> str:
    """The author's own words: quotes, code, links' targets and markup say nothing about the circle."""
    for pattern, replacement in (
        (_QUOTE, " "), (_FENCE, " "), (_COMMENT, " "), (_BLOCKQUOTE, " "),
        (_INLINE_CODE, " "), (_LINK, r"\1"), (_URL, " "), (_TAG, " "),
    ):
        raw = pattern.sub(replacement, raw)
    return raw


def _starts_sentence(text: str, tokens: list[_Token], i: int) -> bool:
    """Whether token i opens its text or a sentence (or a line) in it."""
    return i == 0 or bool(_SENTENCE_END.search(text, tokens[i - 1].end, tokens[i].start))


def _tag_text(tag: str) -> str:
    return re.sub(r"[-_]+", " ", tag)


def _find_phrases(tokens: list[_Token], phrases: Mapping[tuple[str, ...], str], longest: int) -> Iterable[tuple[int, int, str]]:
    """(start, end, value) for each phrase in `tokens`, longest match first at each position."""
    i = 0
    while i < len(tokens):
        for n in range(min(longest, len(tokens) - i), 0, -1):
            value = phrases.get(tuple(t.folded for t in tokens[i : i + n]))
            if value is not None:
                yield i, i + n, value
                i += n
                break
        else:
            i += 1


def _place_phrases(known_places: Iterable[str]) -> Mapping[tuple[str, ...], str]:
    """Folded tokens of each place and of its first part ("Lagos" for "Lagos, Nigeria") → the place."""
    return _gazetteer(tuple(known_places))


@lru_cache(maxsize=8)
def _gazetteer(known_places: tuple[str, ...]) -> Mapping[tuple[str, ...], str]:
    # Cached: every circle is read against all the places the community's members live, which only
    # change when someone writes a new location.
    phrases: dict[tuple[str, ...], str] = {}
    for place in sorted(known_places, key=lambda p: (len(p), p)):
        for alias in _place_aliases(place):
            phrases.setdefault(alias, place)
    phrases.pop((), None)
    return phrases


def _without_places(text: str, phrases: Mapping[tuple[str, ...], str]) -> str:
    """`text` with every mention of a place in `phrases` (`_place_phrases`) taken out."""
    if not phrases:
        return text
    tokens = _tokens(text)
    pieces, at = [], 0
    for start, end, _place in _find_phrases(tokens, phrases, max(map(len, phrases))):
        pieces.append(text[at : tokens[start].start])
        at = tokens[end - 1].end
    return "".join(pieces) + text[at:]


def find_place(texts: Iterable[str], tags: Iterable[str], known_places: Iterable[str]) -> str | None:
    """The first known place the topic mentions — title before tags before the post.

    A mention counts when it follows a locative word ("in Lagos", "near Nairobi") or is written
    with a capital inside a sentence ("meet at the Nairobi library"), so that a member living in
    "Mobile" does not turn every "mobile development" circle into one in Alabama. The first word of
    a title or sentence is capitalised whatever it is ("Reading group for Python"), so its capital
    proves nothing. Tags are explicit, so any case counts there.
    """
    return _first_place(texts, tags, _place_phrases(known_places))


def _first_place(texts: Iterable[str], tags: Iterable[str], phrases: Mapping[tuple[str, ...], str]) -> str | None:
    if not phrases:
        return None
    longest = max(map(len, phrases))
    texts = list(texts)
    sources = [(t, _tokens(t), False) for t in texts[:1]] + [(_tag_text(t), _tokens(_tag_text(t)), True) for t in tags]
    sources += [(t, _tokens(t), False) for t in texts[1:]]
    for text, tokens, is_tag in sources:
        for start, end, place in _find_phrases(tokens, phrases, longest):
            if is_tag:
                if end - start == len(tokens):
                    return place
                continue
            after_cue = start > 0 and tokens[start - 1].folded in _PLACE_CUES
            if after_cue or (tokens[start].capitalised and not _starts_sentence(text, tokens, start)):
                return place
    return None


@lru_cache(maxsize=65536)
def _place_aliases(place: str) -> tuple[tuple[str, ...], ...]:
    """A member's location as the phrases that mention it ("Lagos, Nigeria": that and "Lagos");
    none for locations that are not places. Cached: every circle is read against its candidates'."""
    if place_key(place) is None or place_key(place) in _NOT_PLACES:
        return ()
    return tuple(_key(alias) for alias in (place, place.split(",", 1)[0]))


def _language_phrases(known_languages: Iterable[str] | Mapping[str, str]) -> dict[tuple[str, ...], str]:
    """Folded alias tokens → the language name as the caller spells it (as member profiles do)."""
    if known_languages is LANGUAGE_ALIASES:
        return _alias_phrases()  # what every circle is read with: tokenised once, not per topic
    return _phrases_for(known_languages)


@lru_cache(maxsize=1)
def _alias_phrases() -> dict[tuple[str, ...], str]:
    return _phrases_for(LANGUAGE_ALIASES)


def _phrases_for(known_languages: Iterable[str] | Mapping[str, str]) -> dict[tuple[str, ...], str]:
    phrases: dict[tuple[str, ...], str] = {}
    if isinstance(known_languages, Mapping):
        for alias, name in known_languages.items():
            phrases[_key(alias)] = name
            phrases.setdefault(_key(name), name)
    else:
        names = {_fold(name): name for name in known_languages}
        for name in names.values():
            phrases[_key(name)] = name
        for alias, english in LANGUAGE_ALIASES.items():
            name = names.get(_fold(english))
            if name is not None:
                phrases.setdefault(_key(alias), name)
    phrases.pop((), None)
    return phrases


@dataclass(frozen=True, slots=True)
class _LanguageMention:
    name: str
    text_index: int  # which of the texts
    start: int  # the phrase, cue included, as character offsets
    end: int


def _find_language_mention(
    texts: list[str], known_languages: Iterable[str] | Mapping[str, str]
) -> _LanguageMention | None:
    phrases = _language_phrases(known_languages)
    if not phrases:
        return None
    longest = max(map(len, phrases))
    for text_index, text in enumerate(texts):
        tokens = _tokens(text)
        for start, end, name in _find_phrases(tokens, phrases, longest):
            before = tokens[start - 1].folded if start > 0 else ""
            after = tokens[end].folded if end < len(tokens) else ""
            if after in _LANGUAGE_SUFFIXES:
                return _LanguageMention(name, text_index, tokens[start].start, tokens[end].end)
            if before in _STRONG_LANGUAGE_CUES or (
                before in _WEAK_LANGUAGE_CUES and (start < 2 or tokens[start - 2].folded not in _SUBJECT_BEFORE_IN)
            ):
                return _LanguageMention(name, text_index, tokens[start - 1].start, tokens[end - 1].end)
    return None


def find_language(texts: Iterable[str], known_languages: Iterable[str] | Mapping[str, str]) -> str | None:
    """The language the circle runs in, if the topic states it ("in Spanish", "en español",
    "kwa Kiswahili", "Swahili-speaking"); a bare mention ("learn Spanish") is a subject, not that."""
    mention = _find_language_mention(list(texts), known_languages)
    return mention.name if mention else None


def needs_from_topic(
    title: str,
    raw: str,
    tags: Iterable[str] = (),
    *,
    find_skills: Callable[[str], set[str]],
    known_places: Iterable[str],
    known_languages: Iterable[str] | Mapping[str, str] = LANGUAGE_ALIASES,
    author_id: int,
    exclude_ids: Iterable[int] = (),
    read_skills: ReadsSkills | None = None,
    places_not_read: Iterable[str] | None = None,
) -> CircleNeeds:
    """A topic's title, first post (raw Markdown) and tags → what the circle needs.

    `find_skills` maps prose to canonical skill names (the skills flow's `Normalizer.find_in_text`);
    tags such as `data-analysis` go through it as "data analysis". Without `read_skills` the
    taxonomy's finds are the skills. With it, the texts are read by meaning (`SemanticSkills.read`:
    paraphrases, other languages) and the skills named in the title and post are votes beside the
    sentences (`TERM_VOTE`); skills a tag names always count.
    `known_places` are the members' locations; `known_languages` either names languages as
    profiles spell them (autonyms added from `LANGUAGE_ALIASES`) or maps every alias to such a name.
    `places_not_read` (default: `known_places`) are taken out of the texts before they are read by
    meaning, whichever of them is the circle's place.
    """
    tags = [t for t in tags if t]
    texts = [title, clean_post(raw)]
    mention = _find_language_mention(texts, known_languages)
    if mention is not None:
        # "Python circle in Spanish" is about Python: the phrase naming the circle's language must
        # not also make the language one of its skills.
        text = texts[mention.text_index]
        texts[mention.text_index] = f"{text[: mention.start]} {text[mention.end :]}"
    tag_texts = [_tag_text(tag) for tag in tags]
    tagged: set[str] = set().union(*map(find_skills, tag_texts)) if tag_texts else set()
    title_named, post_named = find_skills(texts[0]), find_skills(texts[1])
    # Each gazetteer is built once: finding the place and taking places out of the texts read it.
    places = _place_phrases(known_places)
    place = _first_place(texts, tags, places)
    unread = places if places_not_read is None else _place_phrases(places_not_read)
    fill: set[str] = set()
    if read_skills is None:
        skills = tagged | title_named | post_named
        readings = [(skill, 1.0, skill) for skill in sorted(skills)]
    else:
        # A skill the topic names is strong evidence, not the last word: "a spreadsheet of
        # results" names spreadsheets in a circle about reading data, "From English into Swahili"
        # two languages in one about translation. Named skills vote beside the sentences.
        named = {skill: TERM_VOTE for skill in post_named}
        named.update({skill: TERM_VOTE * TITLE_VOTE for skill in title_named})
        # Where the circle meets is not what it is about: "at the Lagos library" must not read as
        # library programmes, nor "sessions in Lima" as anything at all.
        title, post = (_without_places(text, unread) for text in texts)
        found = read_skills([title, *tag_texts, post], named=named)
        skills = set(tagged)
        readings = [(skill, 1.0, skill) for skill in sorted(tagged)]
        for reading in found:
            if reading.fills_only:
                fill.add(reading.skill)
            elif reading.skill not in skills:
                skills.add(reading.skill)
                readings.append((reading.skill, reading.confidence, reading.evidence))
    return CircleNeeds(
        skills=frozenset(skills),
        place=place,
        language=mention.name if mention else None,
        author_id=author_id,
        exclude_ids=frozenset(exclude_ids),
        readings=tuple(readings),
        fill_skills=frozenset(fill - skills),
    )


class _CommunitySkills(Container[str]):
    """The skills some eligible member of the index has, asked one at a time (a community of
    100,000 members writes tens of thousands of distinct skills; a reading asks about a few hundred)."""

    def __init__(self, index: SkillIndex) -> None:
        self._index = index

    def __contains__(self, skill: object) -> bool:
        return isinstance(skill, str) and self._index.has_skill(skill)


def read_circle(
    index: SkillIndex,
    title: str,
    raw: str,
    tags: Sequence[str] = (),
    *,
    find_skills: Callable[[str], set[str]],
    find_free_skills: Callable[[str, Container[str]], set[str]] | None = None,
    read_skills: ReadsSkills | None = None,
    author_id: int,
    exclude_ids: Iterable[int] = (),
) -> CircleNeeds:
    """A proposed circle read the way the matching flow reads it, against the community in `index`.

    Meaning is weighed against the skills the community's members have (`SkillIndex.has_skill`), and
    places against where the people who could join live: the skills are read first, then the
    topic again with those people's places as the gazetteer. `find_free_skills` (the skills flow's
    `Normalizer.find_free_in_text`) finds skills outside the taxonomy that members here wrote
    ("Beekeeping") where the topic names them, beside the taxonomy's finds.
    """
    community = _CommunitySkills(index)
    # Skills several members wrote are the community's own, whether the taxonomy knows them or not:
    # a circle may be about one of them in other words ("Hives on the roof" and "Beekeeping").
    written = index.skills_held_by(SHARED_BY) if read_skills is not None else ()
    if find_free_skills is not None:
        find_taxonomy_skills = find_skills

        def find_skills(text: str) -> set[str]:
            return find_taxonomy_skills(text) | find_free_skills(text, community)
    readings: dict[tuple, Sequence[ReadSkill]] = {}

    def read(texts: list[str], *, named: Mapping[str, float] | None = None) -> Sequence[ReadSkill]:
        # Read again with the places known, the texts are the same unless a place was taken out:
        # by meaning once.
        key = (*texts, *sorted((named or {}).items()))
        if key not in readings:
            readings[key] = read_skills(texts, among=community, named=named, free=written)
        return readings[key]

    # Every place members live is taken out of the texts before they are read by meaning: "Sessions
    # in Lima" must not read as a language, whoever turns out to be a candidate.
    community_places = index.locations

    def needs_for(places: Iterable[str]) -> CircleNeeds:
        return needs_from_topic(title, raw, tags, find_skills=find_skills, known_places=places, author_id=author_id,
                                exclude_ids=exclude_ids, read_skills=read if read_skills is not None else None,
                                places_not_read=community_places)

    needs = needs_for(())
    if not needs.skills:
        return needs
    # A place only matters where a candidate lives, so the candidates' own places are the gazetteer.
    places = index.candidate_places(needs)
    return needs_for(places) if places else needs
