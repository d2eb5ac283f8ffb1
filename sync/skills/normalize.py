"""Turning what members type into canonical skills.

A skills field on a Discourse profile is free text: "Python, data-analytics & pyhton 🐍", "Fotografía",
"**Wikidata** (beginner)". Matching runs in cheap-to-expensive order and stops at the first hit:

    exact / synonym / translation   one dict lookup on a folded key (case, accents, punctuation gone)
    plural                          the same on a light stem ("workshops" ~ "workshop", "talleres" ~ "taller")
    fuzzy                           rapidfuzz over every known term, for typos shaped like typing slips
    free                            nothing matched: kept in one tidy form whatever its case, never dropped

Results are cached per raw string; a community has a few thousand distinct spellings at most, so after
warm-up almost every call is one cache hit.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import OSA, JaroWinkler

Method = Literal["exact", "synonym", "translation", "plural", "fuzzy", "free"]

# --- text primitives ------------------------------------------------------------------------------

_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_EMOJI_SHORTCODE = re.compile(r":[a-z0-9_+\-]+:")  # Discourse writes emoji as :snake:
_PARENTHETICAL = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
# "C++" and "C#" must not collapse into "C"; every other non-word character separates words.
_SYMBOL = re.compile(r"(?<=\w)(?:\+\+|#)(?![\w#+])|[^\w\s]|_")
# Invisible characters that only shape how the text around them is drawn: emoji variation selectors
# ("✍️" is U+270D U+FE0F), skin-tone modifiers, zero-width joiners and spaces, direction marks, tag
# characters. The variation selectors are combining marks, which words otherwise keep, so "✍️ Writing"
# would not be Writing unless they go first.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff"
    "\U0001f3fb-\U0001f3ff\U000e0000-\U000e0fff]"
)


def _nfkc(text: str) -> str:
    """Unicode-normalised, without the invisible characters that only decorate it."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


def _replace_symbol(match: re.Match[str]) -> str:
    text = match.group()
    if text in ("++", "#"):
        return text
    # \w does not cover combining marks, yet scripts such as Devanagari need them inside words.
    return text if unicodedata.category(text)[0] == "M" else " "


def _strip_markup(text: str) -> str:
    text = _MARKDOWN_LINK.sub(r" \1 ", text)
    text = _URL.sub(" ", text)
    text = _HTML_TAG.sub(" ", text)
    return _EMOJI_SHORTCODE.sub(" ", text)


def clean(text: str) -> str:
    """Words only: Unicode-normalised, markup, punctuation and emoji removed, case and accents kept."""
    text = _nfkc(text)
    words = _SYMBOL.sub(_replace_symbol, _strip_markup(text)).split()
    if not words:
        # "<script>" or ":heart:" alone is all markup; the member still meant those words.
        words = _SYMBOL.sub(_replace_symbol, text).split()
    return " ".join(words)


def fold_clean(cleaned: str) -> str:
    """The lookup key for text that already went through `clean`: casefolded, accents removed."""
    if cleaned.isascii():
        return cleaned.lower()
    decomposed = unicodedata.normalize("NFKD", cleaned.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """The lookup key for any text: "Fotografía!" and "FOTOGRAFIA" share the key "fotografia"."""
    return fold_clean(clean(text))


def _stem_word(word: str) -> str:
    # Symmetric, not linguistic: singular and plural of a word must land on the same stem, in English
    # and the Romance languages the taxonomy translates into ("courses"/"course" → "cours",
    # "talleres"/"taller" → "taller", "libraries"/"library" → "library").
    if len(word) < 4 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) >= 5:
        return word[:-3] + "y"
    if word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("s"):
        word = word[:-1]
    if len(word) >= 5 and word.endswith("e"):
        word = word[:-1]
    return word


def stem(key: str) -> str:
    """Plural-insensitive form of a folded key, word by word."""
    return " ".join(_stem_word(word) for word in key.split(" "))


def is_plural_pair(a: str, b: str) -> bool:
    """Two folded keys that differ only in plural endings, word by word ("grant proposal" / "grant
    proposals", "taller" / "talleres", "library" / "libraries").

    A shared stem is not enough: it also joins words that merely look alike ("state" and "stats"
    both stem to "stat").
    """
    words_a, words_b = a.split(" "), b.split(" ")
    return len(words_a) == len(words_b) and all(map(_same_or_plural, words_a, words_b))


def _same_or_plural(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return long in (short, short + "s", short + "es") or (short.endswith("y") and long == short[:-1] + "ies")


# Words people put in a skills field that are not skills.
_FILLER = frozenset({
    "etc", "etcetera", "and more", "and so on", "more", "other", "others", "misc", "miscellaneous",
    "various", "none", "nothing", "n a", "na", "nil", "tbd", "many", "anything", "everything",
})
_LINE_BULLET = re.compile(r"^\s*(?:[-*+>–—]|\d{1,2}[.)]|[a-zA-Z][.)])\s+")
_HARD_SEPARATOR = re.compile(r"[,;|\n\r\t•·▪●◦‣⁃、]+")
# Soft separators also occur inside skill names ("Monitoring and evaluation", "HTML/CSS", "TCP/IP"),
# so they do not split a known skill, nor a phrase in which the taxonomy knows no piece at all.
_SOFT_SEPARATOR = re.compile(r"(\s+(?:and|&|\+|or|y|et|e|und|na|and/or)\s+|\s*/\s*)", re.IGNORECASE)
_LEADING_CONJUNCTION = re.compile(r"^(?:and|&|or|y|et|e|und|na)\s+", re.IGNORECASE)
# Stands in for a bracketed note while a field is cut into skills (a private-use character: no
# member types it, and it is neither a separator nor edge punctuation).
_NOTE = "\ue000"
_EDGE_PUNCTUATION = " \t.:-–—*_~`'\"“”‘’«»!?()[]{}"

# Lead-ins people put before a skill in a profile field ("good at X", "quiero aprender X"), in the
# languages circleup's communities write: what to share, then what to learn.
_LEAD_INS = (
    # English
    "i can help with", "i can help", "i can teach", "i could teach", "i can share", "i can do", "i could help with",
    "i'm good at", "i am good at", "good at", "i'm experienced in", "i am experienced in", "experienced in",
    "i've been", "i have been", "i do", "i know", "i teach",
    "i'd like to learn", "i would like to learn", "i'd love to learn", "i want to learn", "want to learn",
    "would like to learn", "want to get into", "hoping to learn", "learning", "curious about", "interested in",
    # Spanish
    "puedo enseñar", "puedo ayudar con", "soy bueno en", "soy buena en", "sé de", "sé",
    "me gustaría aprender", "quisiera aprender", "quiero aprender", "aprender",
    # French
    "je peux enseigner", "je peux aider en", "je peux aider avec", "je suis bon en", "je suis bonne en",
    "bon en", "bonne en", "je maîtrise", "je sais", "je fais du",
    "j'aimerais apprendre", "je voudrais apprendre", "je veux apprendre", "envie d'apprendre", "apprendre",
    # Portuguese
    "posso ensinar", "posso ajudar com", "sou bom em", "sou boa em", "eu sei", "sei",
    "gostaria de aprender", "quero aprender",
    # German
    "ich kann", "gut in", "ich bin gut in",
    "ich möchte lernen", "möchte lernen", "ich würde gern lernen", "ich würde gerne lernen",
    "würde gern lernen", "würde gerne lernen", "lernen",
    # Swahili
    "ninaweza kufundisha", "ninaweza", "naweza", "mzoefu wa", "mtaalamu wa",
    "ningependa kujifunza", "nataka kujifunza", "napenda kujifunza", "kujifunza",
)
_UNACCENTED = {"á": "a", "é": "e", "í": "i", "ó": "o", "ú": "u", "â": "a", "ê": "e", "î": "i", "ô": "o",
               "ö": "o", "ü": "u", "ç": "c", "ã": "a", "õ": "o"}


def _lead_in_pattern(lead: str) -> str:
    """A lead-in as people type it: any spacing, either apostrophe, accents optional."""
    pattern = ""
    for char in lead:
        if char == " ":
            pattern += r"\s+"
        elif char == "'":
            pattern += "['’]"
        elif char in _UNACCENTED:
            pattern += f"[{char}{_UNACCENTED[char]}]"
        else:
            pattern += re.escape(char)
    return pattern


_LEAD_IN = re.compile(
    r"^(?:" + "|".join(map(_lead_in_pattern, sorted(_LEAD_INS, key=len, reverse=True))) + r")\s*:?\s+"
    r"(?:(?:the|la|le|les|el|los|las|o|os|as|die|der|das|den)\s+|l['’])?",  # "apprendre la photographie"
    re.IGNORECASE)
_TRAIL = re.compile(r"\s+(?:for\s+beginners|for\s+(?:many\s+)?years|para\s+principiantes|pour\s+d[ée]butants|"
                    r"basics)$", re.IGNORECASE)


_MINOR_WORDS = frozenset({
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with",
    "da", "das", "de", "del", "des", "do", "dos", "du", "e", "en", "et", "la", "le", "les", "y",
})
_FREE_MAX_CHARS = 80


def strip_lead_in(text: str) -> str:
    """The skill itself in "good at X", "learning X for beginners", "quiero aprender X"."""
    stripped = _TRAIL.sub("", _LEAD_IN.sub("", text.strip()))
    return stripped or text


# --- results --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NormalizedSkill:
    raw: str
    canonical: str
    area: str | None
    method: Method
    score: float  # 0–100: how closely the raw text matched; 100 for exact terms, 0 for free skills

    @property
    def is_free(self) -> bool:
        return self.method == "free"


class _Term(NamedTuple):
    skill: str
    area: str
    method: Method
    key: str  # the folded term as written in the taxonomy
    in_prose: bool
    # Keys of one or two letters ("r", "ux") are words in many texts; in prose they match only
    # with the exact casing of the taxonomy ("R", "UX"). None when casing does not matter.
    cased: tuple[str, ...] | None


class Normalizer:
    """Maps raw skill text to the taxonomy. Immutable apart from its caches; safe to share."""

    def __init__(
        self,
        taxonomy: "Taxonomy",  # sync.skills.taxonomy.Taxonomy (which builds on this module's text primitives)
        *,
        fuzzy_threshold: float = 88.0,
        fuzzy_min_length: int = 5,
        prose_fuzzy_min_length: int = 8,
        cache_size: int = 65536,
    ) -> None:
        if not 0 < fuzzy_threshold <= 100:
            raise ValueError(f"fuzzy_threshold must be in (0, 100], got {fuzzy_threshold}")
        self.taxonomy = taxonomy
        self.fuzzy_threshold = float(fuzzy_threshold)
        self.fuzzy_min_length = fuzzy_min_length
        self.prose_fuzzy_min_length = prose_fuzzy_min_length

        self._terms: dict[str, _Term] = {}
        for skill in taxonomy.skills:
            ambiguous = {fold(term) for term in skill.ambiguous}
            for method, term in skill.terms():
                cleaned = clean(term)
                key = fold_clean(cleaned)
                if not key or key in self._terms:
                    continue  # the taxonomy loader guarantees repeats are within one skill
                short = all(len(word) <= 2 for word in key.split(" "))
                self._terms[key] = _Term(skill.name, skill.area, method, key, key not in ambiguous,
                                         tuple(cleaned.split(" ")) if short else None)

        self._stems: dict[str, _Term] = {}
        contested: set[str] = set()
        for key, term in self._terms.items():
            stemmed = stem(key)
            held = self._stems.get(stemmed)
            if held is not None and held.skill != term.skill:
                contested.add(stemmed)  # two skills share a stem: guessing would be worse than "free"
            elif held is None:
                self._stems[stemmed] = term
        for stemmed in contested:
            del self._stems[stemmed]

        self._prose_terms = {k: t for k, t in self._terms.items() if t.in_prose}
        self._prose_stems = {k: t for k, t in self._stems.items() if t.in_prose and t.cased is None}
        # Longest n-gram worth trying from a given first word (or first-word stem), so scanning prose
        # costs a few dict lookups per word rather than one per possible n-gram length.
        self._prose_span: dict[str, int] = {}
        for key in list(self._prose_terms) + list(self._prose_stems):
            words = key.split(" ")
            first = words[0]
            self._prose_span[first] = max(self._prose_span.get(first, 0), len(words))

        # A fuzzy match must keep the first letter and be within a couple of edits, so only terms
        # with that first letter and a length within reach are worth scoring.
        self._fuzzy_buckets = _buckets(key for key in self._terms if len(key) >= 3)
        self._prose_fuzzy_buckets = _buckets(
            key for key in self._prose_terms if " " not in key and len(key) >= prose_fuzzy_min_length
        )
        self._cached_normalize = lru_cache(maxsize=cache_size)(self._normalize_uncached)
        self._cached_prose_fuzzy = lru_cache(maxsize=cache_size)(self._prose_fuzzy_uncached)

    # --- single skills ---------------------------------------------------------------------------

    def normalize(self, raw: str) -> NormalizedSkill:
        """The canonical skill for one raw entry. Raises ValueError when it holds no letter or digit."""
        return self._cached_normalize(raw)

    def cache_clear(self) -> None:
        self._cached_normalize.cache_clear()
        self._cached_prose_fuzzy.cache_clear()

    def _normalize_uncached(self, raw: str) -> NormalizedSkill:
        cleaned = clean(raw)
        if not cleaned:
            raise ValueError(f"no skill in {raw!r}: it has no letters or digits")
        candidates = [fold_clean(cleaned)]
        unqualified = ""
        if "(" in raw or "[" in raw:
            # "Python (advanced)" is Python: a level or note in brackets is not part of the skill.
            unqualified = clean(_PARENTHETICAL.sub(" ", _nfkc(raw)))
            if unqualified and unqualified != cleaned:
                candidates.append(fold_clean(unqualified))

        for key in candidates:
            term = self._terms.get(key)
            if term is not None:
                return NormalizedSkill(raw, term.skill, term.area, term.method, 100.0)
        for key in candidates:
            term = self._stems.get(stem(key))
            if term is not None and is_plural_pair(key, term.key):
                score = round(JaroWinkler.normalized_similarity(key, term.key) * 100, 1)
                return NormalizedSkill(raw, term.skill, term.area, "plural", score)
        for key in candidates:
            found = self._fuzzy(key, self._fuzzy_buckets, _max_edits(len(key)))
            if found is not None:
                term, score = found
                return NormalizedSkill(raw, term.skill, term.area, "fuzzy", score)
        # "good at GIS", "I've been bookkeeping for years", "quiero aprender cocina": the framing a
        # profile field invites is not part of the skill, whether the taxonomy knows what follows or
        # not ("Beekeeping", never "Je Maîtrise Beekeeping", in the directory).
        core = strip_lead_in(raw)
        if core != raw.strip() and clean(core):
            found = self.normalize(core)
            return NormalizedSkill(raw, found.canonical, found.area, found.method, found.score)
        return NormalizedSkill(raw, _free_form(raw, unqualified or cleaned), None, "free", 0.0)

    def _fuzzy(self, key: str, buckets: dict[tuple[str, int], list[str]], max_edits: int
               ) -> tuple[_Term, float] | None:
        if len(key) < self.fuzzy_min_length or max_edits < 1:
            return None
        choices = [choice for length in range(len(key) - max_edits, len(key) + max_edits + 1)
                   for choice in buckets.get((key[0], length), ())]
        if not choices:
            return None
        # Jaro-Winkler ranks typos in short words well ("pyhton" ~ python: 96) but forgives too much
        # in long ones that merely share a prefix, and ordinary words are often one letter apart
        # ("hiking"/"hiring", "banking"/"baking", "framing"/"farming"). So the difference must look
        # like a slip of the fingers: the first letter unchanged (typos rarely hit it), and below
        # _TWO_SLIPS_MIN_LENGTH one slip of a typing kind (see _one_slip).
        for choice, similarity, _index in process.extract(
            key, choices, scorer=JaroWinkler.normalized_similarity,
            score_cutoff=self.fuzzy_threshold / 100, limit=5,
        ):
            slipped = _one_slip(key, choice) if max_edits == 1 else OSA.distance(key, choice) <= max_edits
            if slipped:
                return self._terms[choice], round(similarity * 100, 1)
        return None

    # --- fields ----------------------------------------------------------------------------------

    def split(self, field_value: str) -> list[str]:
        """The separate skills in a user field, in order: "Python, SQL and Lua" → [Python, SQL, Lua]."""
        if not field_value:
            return []
        text = _MARKDOWN_LINK.sub(r"\1", _nfkc(field_value).replace(_NOTE, ""))
        text = _URL.sub(" ", text)
        pieces: list[str] = []
        for line in text.splitlines():
            # A bracketed level or note belongs to the skill before it ("Python (advanced)",
            # "Python (Django, Flask)"): it is one opaque character while the line is cut, so its
            # commas do not separate and its closing bracket is not trimmed; `normalize` drops it.
            notes = iter(_PARENTHETICAL.findall(line))
            line = _LINE_BULLET.sub("", _PARENTHETICAL.sub(_NOTE, line))
            for chunk in _HARD_SEPARATOR.split(line):
                chunk = _LEADING_CONJUNCTION.sub("", chunk.strip(_EDGE_PUNCTUATION))
                pieces.extend(re.sub(_NOTE, lambda _: next(notes), piece) for piece in self._split_soft(chunk))
        return [p for p in pieces if fold(p) and fold(p) not in _FILLER]

    def _split_soft(self, chunk: str) -> list[str]:
        parts = _SOFT_SEPARATOR.split(chunk)
        atoms, joints = parts[0::2], parts[1::2]
        whole = chunk.strip(_EDGE_PUNCTUATION)
        if len(atoms) == 1:
            return [whole] if whole else []
        # Greedy longest run of atoms that is a known skill, so "Monitoring and evaluation and SQL"
        # gives the two skills it names rather than three words.
        result: list[str] = []
        any_known = False
        start = 0
        while start < len(atoms):
            end = len(atoms)
            while end > start + 1:
                joined = atoms[start] + "".join(j + a for j, a in zip(joints[start:end - 1], atoms[start + 1:end]))
                if self._is_known(joined):
                    break
                end -= 1
            piece = (atoms[start] + "".join(j + a for j, a in zip(joints[start:end - 1], atoms[start + 1:end])))
            piece = piece.strip(_EDGE_PUNCTUATION)
            if piece:
                result.append(piece)
                any_known = any_known or self._is_known(piece)
            start = end
        if not any_known:
            # "Arts and crafts", "PL/SQL", "TCP/IP": when the taxonomy knows none of the pieces, the
            # "and" or "/" is more likely part of one skill's name than a list. Once one piece is
            # known it is a list ("Python and Zig and SQL"), else that skill would be lost.
            return [whole] if whole else []
        return result

    def _is_known(self, text: str) -> bool:
        try:
            return not self.normalize(text).is_free
        except ValueError:
            return False

    def normalize_field(self, value: str | Iterable[str] | None) -> list[NormalizedSkill]:
        """Every skill in a field (or a list of raw skills), normalised, first occurrence kept."""
        if not value:
            return []
        raws = self.split(value) if isinstance(value, str) else [r for v in value for r in self.split(v)]
        seen: set[str] = set()
        skills: list[NormalizedSkill] = []
        for raw in raws:
            try:
                skill = self.normalize(raw)
            except ValueError:
                continue
            identity = fold(skill.canonical)
            if identity not in seen:
                seen.add(identity)
                skills.append(skill)
        return skills

    # --- prose -----------------------------------------------------------------------------------

    def find_in_text(self, text: str) -> set[str]:
        """Canonical skills mentioned in prose, e.g. a learning-circle topic's title, post and tags.

        Precision over recall: whole words only, ambiguous everyday words skipped, one- and two-letter
        terms only in their exact casing, plurals only one way ("workshops" finds "workshop"), and
        typos tolerated only in long words.
        """
        words = clean(text).split()
        keys = [fold_clean(word) for word in words]
        found: set[str] = set()
        count = len(keys)
        i = 0
        while i < count:
            first = keys[i]
            span = min(max(self._prose_span.get(first, 0), self._prose_span.get(_stem_word(first), 0)),
                       count - i)
            matched = 0
            for n in range(span, 0, -1):
                gram = " ".join(keys[i:i + n]) if n > 1 else first
                term = self._prose_terms.get(gram)
                if term is not None and (term.cased is None or tuple(words[i:i + n]) == term.cased):
                    found.add(term.skill)
                    matched = n
                    break
                # Plurals one way only: "workshops" → "workshop", but "common" must not find "Commons".
                if keys[i + n - 1].endswith("s"):
                    term = self._prose_stems.get(stem(gram))
                    if term is not None and not term.key.endswith("s") and is_plural_pair(gram, term.key):
                        found.add(term.skill)
                        matched = n
                        break
            if not matched and len(first) >= self.prose_fuzzy_min_length:
                skill = self._cached_prose_fuzzy(first)
                if skill is not None:
                    found.add(skill)
            i += matched or 1
        return found

    def find_free_in_text(self, text: str, known: Container[str]) -> set[str]:
        """Skills outside the taxonomy that prose names, among `known` (the skills a community's
        members wrote): runs of up to four words whose free form is one of them, longest first
        ("our beekeeping circle" → Beekeeping, when a member wrote "beekeeping").

        A run never crosses punctuation, and a single word counts from five letters on and never as
        a filler ("other", "various"): members' free skills include everyday words.
        """
        found: set[str] = set()
        for phrase in _PHRASE_BREAK.split(_strip_markup(_nfkc(text))):
            words = [word.strip(_EDGE_PUNCTUATION) for word in phrase.lower().split()]
            words = [word for word in words if word]
            i = 0
            while i < len(words):
                for n in range(min(_FREE_PROSE_WORDS, len(words) - i), 0, -1):
                    run = words[i:i + n]
                    if n == 1 and (len(run[0]) < _FREE_PROSE_MIN_CHARS or fold(run[0]) in _FILLER):
                        continue
                    if run[0] in _MINOR_WORDS or run[-1] in _MINOR_WORDS:
                        continue
                    form = _title(run)
                    if form in known and self.normalize(form).is_free:
                        found.add(form)
                        i += n
                        break
                else:
                    i += 1
        return found

    def _prose_fuzzy_uncached(self, word: str) -> str | None:
        # Prose is mostly ordinary words, so a typo must be a single edit ("facilitaton").
        found = self._fuzzy(word, self._prose_fuzzy_buckets, 1)
        return found[0].skill if found else None

    # --- people ----------------------------------------------------------------------------------

    def explain(self, raw: str) -> str:
        """One line for humans: "'pyhton' → Python (fuzzy, 96) · Technology"."""
        try:
            skill = self.normalize(raw)
        except ValueError as exc:
            return str(exc)
        if skill.is_free:
            return f"{raw!r} → {skill.canonical} (free skill: not in the taxonomy)"
        return f"{raw!r} → {skill.canonical} ({skill.method}, {skill.score:.0f}) · {skill.area}"


def _buckets(keys: Iterable[str]) -> dict[tuple[str, int], list[str]]:
    buckets: dict[tuple[str, int], list[str]] = {}
    for key in keys:
        buckets.setdefault((key[0], len(key)), []).append(key)
    return buckets


# A typed word this long may hold two slips ("data analisys"); shorter ones are more often another
# word two letters away ("transition"/"translation", "evolution"/"evaluation").
_TWO_SLIPS_MIN_LENGTH = 12
# From this length one slip rarely makes another word, so it may be a wrong letter ("public speeking")
# and may hit the second letter; in shorter words those make other words too easily
# ("texting"/"testing", "waiting"/"writing", "framing"/"farming").
_LONG_WORD = 8


def _max_edits(length: int) -> int:
    if length < 5:
        return 0
    if length < _TWO_SLIPS_MIN_LENGTH:
        return 1
    return 2


def _one_slip(typed: str, term: str) -> bool:
    """`typed` is `term` with one typing slip: two neighbouring letters swapped ("pyhton"), one left
    out ("pythn"), one typed twice ("pythonn"), or in a long word one wrong ("speeking").

    An extra letter that doubles nothing is not a slip but usually another word: "banking" is not
    "baking", "spelling" not "selling", "meditation" not "mediation".
    """
    long_word = len(term) >= _LONG_WORD
    if not long_word and typed[:2] != term[:2]:
        return False
    at = next((i for i, (a, b) in enumerate(zip(typed, term)) if a != b), min(len(typed), len(term)))
    if len(typed) == len(term):
        if typed[at + 1:] == term[at + 1:]:
            return long_word  # one wrong letter
        swapped = at + 1 < len(typed) and typed[at] == term[at + 1] and typed[at + 1] == term[at]
        return swapped and typed[at + 2:] == term[at + 2:]
    if len(typed) == len(term) - 1:
        return typed[at:] == term[at + 1:]
    if len(typed) == len(term) + 1:
        # The first difference of a doubled letter is its second copy.
        return typed[at + 1:] == term[at:] and at > 0 and typed[at] == typed[at - 1]
    return False


_PHRASE_BREAK = re.compile(r"[,;:.!?()\[\]{}\n\r\t\"“”«»]+|\s[-–—]\s")
_FREE_PROSE_WORDS = 4
_FREE_PROSE_MIN_CHARS = 5


def _title(words: list[str]) -> str:
    """Lower-case words in the free form's capitals ("zine making" → "Zine Making")."""
    return " ".join(word if index and word in _MINOR_WORDS else word[:1].upper() + word[1:]
                    for index, word in enumerate(words))


def _free_form(raw: str, words: str) -> str:
    """A tidy display form for a skill outside the taxonomy: "community RADIO" → "Community Radio".

    The form is the skill's identity (directories, `skills unknown`, matching compare it), so it
    must not depend on how a member capitalised it: "BEEKEEPING", "beekeeping" and "Beekeeping" are
    one skill. A skill that needs its own capitals ("iOS", "GIS") belongs in the taxonomy.
    """
    text = _display_text(raw) or words
    if len(text) > _FREE_MAX_CHARS:
        text = text[:_FREE_MAX_CHARS].rsplit(" ", 1)[0] or text[:_FREE_MAX_CHARS]
    return _title(text.lower().split(" "))


def _display_text(raw: str) -> str:
    # Keeps inner punctuation the member chose ("community-led", "R&D") but none of the markup,
    # symbols, emoji or invisible characters, and no bracketed level ("(beginner)").
    text = _strip_markup(_PARENTHETICAL.sub(" ", _nfkc(raw)))
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if category[0] in "SC" and ch not in "+#":
            kept.append(" ")
        else:
            kept.append(ch)
    return " ".join("".join(kept).split()).strip(_EDGE_PUNCTUATION).lstrip("@#")
