"""Reading skills the way a person does: paraphrases, related words, other languages, sentences.

The taxonomy (`Normalizer`) stays the explainable backbone: it names skills from exact terms,
synonyms, translations, plurals and typos. This layer sits beside it and fills the gaps by meaning:
every taxonomy term (name, synonyms, translations; in a language the model does not read, single
words only) is embedded once with a small offline model (`embedding.load_encoder`), and a text is
compared with them —

* a member's free skill ("making sense of data", "Programmierung") becomes the taxonomy skill it is
  closest to, when it is close enough (`skill_for`);
* a circle's title, sentences and clauses ("Writing proposals that funders say yes to", "Tejer
  juntos los sábados") name the few skills they are about, each with a confidence and the words
  that led there (`read`).

Similarities are cosines between L2-normalised vectors; the thresholds below were chosen on the
tuning community only (tests/sync/matching/synthetic.py) and are checked on a held-out one by
bench/matching_quality.py.
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import structlog

from circleup.sync.skills.embedding import DEFAULT_MODEL, Encoder, load_encoder, one_blas_thread
from circleup.sync.skills.languages import LANGUAGE_ALIASES
from circleup.sync.skills.normalize import Normalizer, clean, fold, strip_lead_in

if TYPE_CHECKING:
    from circleup.sync.skills.taxonomy import Skill

log = structlog.get_logger("circleup.skills")


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Cosine similarity above what a skill usually gets from other skills' terms (`_similarities`)."""

    text: float  # a title, sentence or clause names a skill from this score on
    close: float  # …and further skills when their support is at least this share of the best one's
    member: float  # a member's free skill becomes a taxonomy skill from this score on
    member_margin: float  # …when the runner-up skill is at least this much further away


# Per model: similarity scales differ between models. Chosen on the two tuning communities. With the
# taxonomy's related phrases grown to six or so a skill, use-multilingual keeps a second skill only
# when it is nearly as well supported as the first (close=0.95: P@5 0.833 and 0.830, against 0.760
# and 0.835 at 0.5, 0.807 and 0.830 at 0.9, 0.827 and 0.800 at 1.0); the likeliest others fill the
# places left open. text=0.04 and 0.05 read the tuning communities within a circle of each other;
# at 0.05 a skill with many generic terms (Event organising) stands barely above its usual
# similarity to other skills' terms and is missed where members have it. They were kept when the
# taxonomy gained four descriptions of each skill's activity: with more (six to eight a skill), text
# from 0.03 to 0.08 and close 0.8 gave the same figures within a circle or two.
THRESHOLDS: dict[str, Thresholds] = {
    "use-multilingual": Thresholds(text=0.04, close=0.95, member=0.45, member_margin=0.02),
    "wordllama": Thresholds(text=0.05, close=0.75, member=0.45, member_margin=0.1),
}
TITLE_WEIGHT = 1.5  # a title says what the circle is about more than any one sentence of the post
# A sentence is read as a skill members wrote outside the taxonomy only when it is this much closer
# to it than to every taxonomy skill: a member's own wording is one phrase, a taxonomy skill many
# terms. A wording longer than a name is mostly a sentence ("running meetings so everyone speaks")
# that resembles many circles, so it must stand out further. Chosen on the two tuning communities
# with use-multilingual: P@5 0.833 and 0.830, against 0.837 and 0.800 with 0.15 for both, 0.833 and
# 0.810 with 0.2 for both, 0.817 and 0.800 with 0.35 for both.
FREE_MARGIN = 0.2  # a name: "Beekeeping", "Rug Hooking"
FREE_SENTENCE_MARGIN = 0.35
FREE_NAME_WORDS = 2
MAX_SKILLS = 3  # a circle is about a few skills; past that the reading is guessing
MAX_UNITS = 16  # sentences and clauses read per text: a long first post is mostly logistics
_SENTENCE = re.compile(r"[.!?;:\n¡¿]+")
_CLAUSE = re.compile(r",|\s[-–—]\s|\s(?:and|but|y|et|e|und|or|o|ou|oder|with|con|avec|com|mit)\s", re.IGNORECASE)
_MIN_UNIT_CHARS = 3
_SMALL_BATCH = 64
MIN_SENTENCE_WORDS = 2
MIN_CLAUSE_WORDS = 3
# What circle posts and skills fields say around the skills: a unit closer to one of these than to
# any skill is logistics or framing ("at the library", "study group"), not a subject.
NOT_SKILLS = (
    "a learning circle", "study group", "let's learn together", "a circle about", "we meet every week",
    "we meet at the library", "in person", "online sessions", "everyone is welcome", "beginners welcome",
    "reply below if you want to join", "bring your laptop", "on Saturdays", "Tuesday evenings",
    "at the community centre", "no experience needed", "join us", "nos vemos", "todos bienvenidos",
    "rendez-vous", "bienvenue à tous", "wir treffen uns", "I would like to learn", "I can help with",
    "let's start a circle", "who wants to start something together", "who wants to join", "this winter",
    "next month", "once a week", "see you there",
    # The same in the other languages circleup's communities write (when, where, how to join).
    "nos vemos cada jueves por la tarde", "la primera reunión es el lunes", "en el centro cultural del barrio",
    "escribe aquí si te quieres apuntar", "no se necesita experiencia",
    "on se voit chaque mardi soir", "la première rencontre a lieu lundi", "à la salle municipale",
    "inscrivez-vous en répondant ici", "aucune expérience nécessaire",
    "nos encontramos toda quarta à noite", "o primeiro encontro é na segunda", "no centro comunitário",
    "comente aqui para participar", "não é preciso experiência",
    "wir sehen uns jeden Mittwochabend", "das erste Treffen ist am Montag", "im Gemeindehaus",
    "meldet euch hier an", "keine Erfahrung nötig",
    "tutaonana kila Jumatano jioni", "mkutano wa kwanza ni Jumatatu", "katika kituo cha jamii",
    "andika hapa ukitaka kujiunga", "karibuni wote",
    # Whether a circle meets online or in person is logistics, not a subject (not web development).
    "we meet online", "meetings are online for a start", "online or in person", "on Zoom",
    "nos reunimos en línea", "en ligne pour commencer", "encontros online", "wir treffen uns online",
    "tunakutana mtandaoni",
    # Learning circles mostly meet in public libraries: the venue is not the subject.
    "at the library", "in the library", "at the public library", "in the library's meeting room",
    "en la biblioteca", "à la bibliothèque", "na biblioteca", "in der Bibliothek",
)
@dataclass(frozen=True, slots=True)
class SkillReading:
    skill: str
    confidence: float  # 0–1: the cosine similarity that named it (1.0 for a taxonomy term)
    evidence: str  # the words that led there
    # Read, but less likely than the circle's skills: only fills places their people leave open.
    fills_only: bool = False


class SemanticSkills:
    """Embedded taxonomy terms and the two readings built on them. Immutable apart from caches."""

    def __init__(self, normalizer: Normalizer, encoder: Encoder, thresholds: Thresholds | None = None, *,
                 cache_dir: Path | None = None) -> None:
        self.normalizer = normalizer
        self.encoder = encoder
        self.thresholds = thresholds or THRESHOLDS.get(encoder.name, THRESHOLDS[DEFAULT_MODEL])
        names: list[str] = []
        terms: list[str] = []
        owners: list[int] = []
        readable = getattr(encoder, "languages", None)
        for skill in normalizer.taxonomy.skills:
            index = len(names)
            names.append(skill.name)
            seen: set[str] = set()
            unread = _unread_translations(skill, readable)
            for term in [t for _method, t in skill.terms() if t not in unread] + list(skill.related):
                key = clean(term).casefold()
                if key and key not in seen:
                    seen.add(key)
                    terms.append(term)
                    owners.append(index)
        self.skills = tuple(names)
        self._index = {name: i for i, name in enumerate(names)}
        # The reject class rides along as one more "skill" that is never returned.
        self._not_skill = len(names)
        names.append("")
        for phrase in NOT_SKILLS:
            terms.append(phrase)
            owners.append(self._not_skill)
        # A language is a skill only where it is named ("Yoruba", "kwa Kiswahili"): by meaning, text in
        # a language the model reads poorly sits close to every language skill, whatever it says.
        languages = {fold(alias) for pair in LANGUAGE_ALIASES.items() for alias in pair}
        self._named_only = np.asarray(
            [i for i, skill in enumerate(normalizer.taxonomy.skills)
             if any(fold(term) in languages for _method, term in skill.terms())], dtype=np.int64)
        self._owners = np.asarray(owners, dtype=np.int64)
        # Terms are grouped by skill, so the best term of each skill is one reduceat.
        self._starts = np.flatnonzero(np.r_[True, self._owners[1:] != self._owners[:-1]])
        # One term per column: a circle's dozen units against thousands of terms is then one
        # row-major product, which BLAS streams through instead of repacking the terms on every
        # call (0.8 ms against 2.1 ms for 8 units and 3,892 terms, on one thread).
        digest = hashlib.sha256("\n".join([encoder.name, str(encoder.dimensions), *terms]).encode())
        self._term_columns = np.ascontiguousarray(_cached(
            cache_dir, f"semantic-terms-{encoder.name}-{digest.hexdigest()[:16]}.npy", (len(terms), encoder.dimensions),
            lambda: encoder.encode(terms)).T)
        # Some skills sit close to everything ("hubs" — short, generic names); a similarity counts
        # for how far it stands above what that skill gets from every other skill's terms. Working
        # that out compares every term with every other (a fifth of a second for five thousand),
        # so it is kept beside the vectors too.
        digest.update(self._owners.tobytes())
        self._mean = _cached(cache_dir, f"semantic-hubs-{encoder.name}-{digest.hexdigest()[:16]}.npy",
                             (len(self._starts),), self._hub_means)
        self._member_cache = lru_cache(maxsize=65536)(self._skill_for_uncached)
        self._free_vectors: dict[str, np.ndarray] = {}
        self._free_cache: dict[tuple[str, ...], _FreeSkills] = {}
        self._no_free = self._free_columns(())
        self._lock = threading.Lock()

    def _hub_means(self) -> np.ndarray:
        """Per skill: the mean, over other skills' terms, of its best similarity to each."""
        by_skill = np.maximum.reduceat(self._term_columns.T @ self._term_columns, self._starts, axis=1)
        own = self._owners[:, None] == np.arange(len(self._starts))[None, :]
        return np.nanmean(np.where(own, np.nan, by_skill), axis=0)

    @property
    def term_count(self) -> int:
        return len(self._owners)

    @property
    def nbytes(self) -> int:
        return int(self._term_columns.nbytes + self._owners.nbytes)

    def _similarities(self, texts: list[str], free: _FreeSkills) -> tuple[np.ndarray, np.ndarray]:
        """(texts × columns) twice: each skill's best term similarity, and how far it stands above
        that skill's usual similarity to other skills' terms (the score thresholds apply to).
        Columns: the taxonomy's skills, the logistics class, then `free`'s skills."""
        vectors = self.encoder.encode(texts)
        by_term = _dot(vectors, self._term_columns)
        cosine = np.maximum.reduceat(by_term, self._starts, axis=1)
        unusual = cosine - self._mean
        unusual[:, self._named_only] = -np.inf
        if free.names:
            free_cosine = _dot(vectors, free.vectors.T)
            cosine = np.concatenate([cosine, free_cosine], axis=1)
            unusual = np.concatenate([unusual, free_cosine - free.mean - free.margin], axis=1)
        return cosine, unusual

    def _free_skills(self, names: tuple[str, ...]) -> _FreeSkills:
        """The columns for skills outside the taxonomy that members wrote, embedded once each."""
        found = self._free_cache.get(names)
        if found is None:
            found = self._free_cache[names] = self._free_columns(names)
            while len(self._free_cache) > _FREE_SETS_KEPT:
                self._free_cache.pop(next(iter(self._free_cache)))
        return found

    def _free_columns(self, names: tuple[str, ...]) -> _FreeSkills:
        outside = tuple(name for name in names if name not in self._index)
        missing = [name for name in outside if name not in self._free_vectors]
        if missing:
            for name, vector in zip(missing, self.encoder.encode(missing)):
                self._free_vectors[name] = vector
        vectors = (np.stack([self._free_vectors[name] for name in outside]) if outside
                   else np.zeros((0, self.encoder.dimensions), dtype=np.float32))
        first = len(self.skills) + 1  # after the taxonomy's skills and the logistics class
        return _FreeSkills(
            outside, vectors,
            # What a free skill usually gets from the taxonomy's terms, as for the taxonomy's own skills.
            (vectors @ self._term_columns).mean(axis=1).astype(np.float32) if outside else np.zeros(0, np.float32),
            np.asarray([FREE_MARGIN if len(name.split()) <= FREE_NAME_WORDS else FREE_SENTENCE_MARGIN
                        for name in outside], dtype=np.float32),
            self.skills + ("",) + outside, {**self._index, **{name: first + i for i, name in enumerate(outside)}})

    # --- members ---------------------------------------------------------------------------------

    def skill_for(self, text: str) -> SkillReading | None:
        """The taxonomy skill a member's free skill means, or None when none is close enough."""
        return self._member_cache(text)

    def _skill_for_uncached(self, text: str) -> SkillReading | None:
        core = strip_lead_in(text)
        if len(clean(core)) < _MIN_UNIT_CHARS:
            return None
        named = self.normalizer.normalize(core)  # "good at GIS": the taxonomy may know what follows
        if not named.is_free:
            return SkillReading(named.canonical, 1.0, text)
        found = self.normalizer.find_in_text(core)
        if len(found) == 1:
            return SkillReading(next(iter(found)), 1.0, text)
        with self._lock:
            cosine, unusual = self._similarities([_plain_case(core)], self._no_free)
        cosine, unusual = cosine[0], unusual[0]
        order = np.argsort(-unusual)[:2]
        if order[0] == self._not_skill:
            return None
        best = float(unusual[order[0]])
        runner_up = float(unusual[order[1]]) if len(order) > 1 else 0.0
        if best < self.thresholds.member or best - runner_up < self.thresholds.member_margin:
            return None
        return SkillReading(self.skills[order[0]], round(float(cosine[order[0]]), 3), text)

    # --- prose -----------------------------------------------------------------------------------

    def read(self, texts: Iterable[str], *, max_skills: int = MAX_SKILLS, among: Container[str] | None = None,
             named: Mapping[str, float] | None = None, free: Sequence[str] = ()) -> list[SkillReading]:
        """The few skills a circle's texts (title, first post, tags) are about, most likely first,
        then (`fills_only`) the likeliest of the other skills read, as many as `max_skills` in all.

        `among`, the skills the community's members share or want to learn, is what a person
        reading the circle weighs it against: of two nearby skills ("Conference organising",
        "Event organising") the one people here have is meant. `free` are skills of the community
        outside the taxonomy, as members wrote them ("Keeping Bees", "Talking on Stage"): a sentence
        closer to one of them than to any taxonomy skill is about it. `named` are votes for skills
        the texts name outright (the taxonomy's finds, and free skills named word for word), which
        the sentences' readings add to; a sentence nearest to a named skill stays with it even if
        nobody here has it, so a circle about Lua is not read as one about Python because members
        here write Python.
        """
        units = _units(texts)
        with self._lock:
            extra = self._free_skills(tuple(free)) if free and among is not None else self._no_free
            if units:
                cosines, unusual = self._similarities(units, extra)
        names, column = extra.labels, extra.column
        named_votes = {column[skill]: vote for skill, vote in (named or {}).items() if skill in column}
        # A skill outside the taxonomy that no column reads ("Beekeeping" named, with members'
        # skills not given) has no terms to be read by: the texts' naming it is its only vote.
        outside = {skill: vote for skill, vote in (named or {}).items() if skill not in column}
        votes = dict(named_votes)
        evidence: dict[int, tuple[float, float, str]] = {i: (np.inf, 1.0, names[i]) for i in votes}
        if units:
            picks = np.argmax(unusual, axis=1)
            if among is not None:
                local = np.argmax(np.where(self._allowed(among, unusual.shape[1]), unusual, -np.inf), axis=1)
                # A sentence closest to a skill the topic names keeps it, had nobody here that skill.
                by_name = np.isin(picks, np.fromiter(named_votes, dtype=np.int64, count=len(named_votes)))
                local = np.where(by_name, picks, local)
                if self._tally(units, cosines, unusual, local, votes, evidence):
                    picks = None  # read among the community's skills
            if picks is not None:
                self._tally(units, cosines, unusual, picks, votes, evidence)
        totals = {names[i]: total for i, total in votes.items()} | outside
        if not totals:
            return []
        # Others than the best are kept when nearly as well supported, or when the texts name them
        # and a sentence is about them too ("learn Python and data analysis").
        ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
        top = ranked[0][1]
        confirmed = {names[i] for i, vote in named_votes.items() if votes[i] > vote}
        kept = [skill for skill, total in ranked if total >= top * self.thresholds.close or skill in confirmed]
        kept = kept[:max_skills]
        # The likeliest of the rest, up to as many skills as a circle is read as: people who have them
        # take the places the circle's own skills leave open.
        further = [skill for skill, _total in ranked[:max_skills] if skill not in kept]
        readings = []
        for skill in kept + further:
            i = column.get(skill)
            fills_only = skill in further
            readings.append(SkillReading(skill, 1.0, skill, fills_only) if i is None else
                            SkillReading(skill, round(evidence[i][1], 3), evidence[i][2], fills_only))
        return readings

    def _tally(self, units: list[str], cosines: np.ndarray, unusual: np.ndarray, picks: np.ndarray,
               votes: dict[int, float], evidence: dict[int, tuple[float, float, str]]) -> bool:
        """Each unit votes for its pick when it is about a skill at all; votes add up, the title's
        counting more, so a skill the whole post keeps coming back to beats one stray sentence.
        Whether any unit voted."""
        voted = False
        for number, (unit, skill_index) in enumerate(zip(units, picks.tolist())):
            score = float(unusual[number, skill_index])
            if skill_index == self._not_skill or score < self.thresholds.text:
                continue  # logistics or framing, or about nothing in particular
            voted = True
            votes[skill_index] = votes.get(skill_index, 0.0) + score * (TITLE_WEIGHT if number == 0 else 1.0)
            if score > evidence.get(skill_index, (-np.inf, 0.0, ""))[0]:
                evidence[skill_index] = (score, float(cosines[number, skill_index]), unit)
        return voted

    def _allowed(self, among: Container[str], columns: int) -> np.ndarray:
        """Columns a reading may pick: the given skills, the logistics class (so that "we meet at
        the library" still reads as no skill rather than as the nearest allowed one) and the
        community's free skills."""
        allowed = np.ones(columns, dtype=bool)
        allowed[: len(self.skills)] = np.fromiter((name in among for name in self.skills), dtype=bool,
                                                  count=len(self.skills))
        return allowed


@dataclass(frozen=True, slots=True)
class _FreeSkills:
    names: tuple[str, ...]
    vectors: np.ndarray  # one row per name
    mean: np.ndarray  # each one's mean similarity to the taxonomy's terms
    margin: np.ndarray  # how much closer than to any taxonomy skill a text must be to be read as it
    labels: tuple[str, ...]  # every column's skill: the taxonomy's, "" for logistics, then `names`
    column: Mapping[str, int]  # a skill → its column


_FREE_SETS_KEPT = 4  # a worker reads one community; tests open several


def _unread_translations(skill: Skill, readable: frozenset[str] | None) -> set[str]:
    """The skill's translations of more than one word in languages the model was not trained on;
    exact matching alone reads them. Such a model puts any text in those languages close to all of
    their phrases, whatever it says, so they would read every sentence in the language ("Tutakutana
    kila Ijumaa jioni") as some skill and raise every skill's usual similarity to the others' terms.
    A single word stays: text that uses the very word shares its pieces ("Ramani ya mtaa wetu" and
    "ramani"). Chosen on the two tuning communities: P@5 0.790 and 0.740, against 0.760 and 0.715
    with every translation in such a language left out."""
    if readable is None:
        return set()
    unread = {term for language, term in skill.translations
              if language.split("-")[0].lower() not in readable and len(term.split()) > 1}
    return unread - {skill.name, *skill.synonyms, *skill.ambiguous}


def _plain_case(text: str) -> str:
    """A member's skill written all in capitals or with every word capitalised, in lower case. The
    model reads case, and such casing says nothing about the skill: "Excel Formulas" stood below
    the threshold for Spreadsheets where "excel formulas" is close to it (members read on the
    tuning communities: precision 0.799 → 0.807, recall 0.803 → 0.811). Mixed case ("GIS for NGOs")
    stays as written."""
    return text.lower() if text.isupper() or text.istitle() else text


def _dot(vectors: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """Each vector's similarity to each column (`columns`: one vector per column)."""
    if len(vectors) <= _SMALL_BATCH:
        # A topic's dozen units: BLAS on one thread, as a threaded call on a busy machine waits for its threads.
        with one_blas_thread():
            return vectors @ columns
    return vectors @ columns


def _units(texts: Iterable[str]) -> list[str]:
    """The first text (a title) whole, then sentences and their longer clauses, each once, in
    reading order. A lone word ("Yarn", "sources") says too little to be read by meaning."""
    units: list[str] = []
    seen: set[str] = set()

    def add(piece: str, min_words: int) -> None:
        piece = " ".join(piece.split())
        key = piece.casefold()
        if len(piece) >= _MIN_UNIT_CHARS and len(piece.split()) >= min_words and key not in seen:
            seen.add(key)
            units.append(piece)

    for number, text in enumerate(texts):
        if number == 0:
            add(text or "", 1)
        for sentence in _SENTENCE.split(text or ""):
            add(sentence, MIN_SENTENCE_WORDS)
            clauses = _CLAUSE.split(sentence)
            if len(clauses) > 1:
                for clause in clauses:
                    add(clause, MIN_CLAUSE_WORDS)
            if len(units) >= MAX_UNITS:
                return units[:MAX_UNITS]
    return units


_shared: dict[tuple[int, str], SemanticSkills] = {}
_shared_lock = threading.Lock()


def semantic_skills(normalizer: Normalizer, model: str = DEFAULT_MODEL, *, cache_dir: Path | None = None) -> SemanticSkills:
    """The process-wide semantic layer for a normalizer (the model and the embedded terms load once;
    with `cache_dir`, the terms' vectors are kept there for the next process)."""
    key = (id(normalizer), model)
    with _shared_lock:
        found = _shared.get(key)
        if found is None or found.normalizer is not normalizer:
            found = _shared[key] = SemanticSkills(normalizer, load_encoder(model), cache_dir=cache_dir)
        return found


def _cached(cache_dir: Path | None, name: str, shape: tuple[int, ...], compute) -> np.ndarray:
    """A float32 array derived from the taxonomy's terms (their vectors, their calibration), read
    from `cache_dir` when this model worked it out for these very terms before: embedding five
    thousand terms takes the multilingual model longer than loading itself, and a worker should
    start in under a second."""
    if cache_dir is None:
        return np.asarray(compute(), dtype=np.float32)
    path = Path(cache_dir) / name
    try:
        found = np.load(path, allow_pickle=False)
        if found.shape == shape and found.dtype == np.float32:
            return found
    except (OSError, ValueError):
        pass  # not cached yet (or unreadable): work it out below
    found = np.asarray(compute(), dtype=np.float32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{name}.", suffix=".npy", delete=False) as file:
            np.save(file, found, allow_pickle=False)
        os.replace(file.name, path)  # whole or not at all: another process may be reading it
    except OSError as exc:
        log.warning("semantic.terms_not_cached", path=str(path), error=f"{type(exc).__name__}: {exc}",
                    next_step="every start embeds the taxonomy terms again (about two seconds); make the "
                              "instance folder writable to keep them")
    return found
