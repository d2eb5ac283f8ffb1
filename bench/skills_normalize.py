"""Benchmark: skills normalisation throughput and directory rendering for a 100,000-member forum.

    python bench/skills_normalize.py           # 200,000 raw skills, 100,000 members (< 1 minute)
    python bench/skills_normalize.py --quick   # a tenth of that

The baseline is the cheapest thing that could be called normalisation — one dict lookup of the
lowercased text — measured in the same run on the same input, so the ratio survives a slower machine.
"""
from __future__ import annotations

import argparse
import random
import string
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from circleup.sync.skills import directory  # noqa: E402
from circleup.sync.skills.directory import DirectoryEntry, render_directory  # noqa: E402
from circleup.sync.skills.normalize import Normalizer  # noqa: E402
from circleup.sync.skills.taxonomy import Taxonomy, load_taxonomy  # noqa: E402

SEED = 20260301
FREE_WORDS = ("beekeeping", "zine", "radio", "composting", "birdwatching", "pottery", "chess", "hiking",
              "calligraphy", "origami", "juggling", "astronomy", "poetry", "theatre", "dance", "yoga",
              "first aid", "bookbinding", "quilting", "mycology")


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 6:
        return word
    i = rng.randrange(1, len(word) - 2)  # typos rarely hit the first letter
    kind = rng.randrange(3)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]  # transposition
    if kind == 1:
        return word[:i] + word[i + 1:]  # deletion
    return word[:i] + rng.choice(string.ascii_lowercase) + word[i + 1:]  # substitution


def _casing(rng: random.Random, text: str) -> str:
    return rng.choice((text, text.lower(), text.title(), text.upper(), f" {text} ", f"**{text}**", f"{text}!"))


def synthetic_raw_skills(taxonomy: Taxonomy, count: int, rng: random.Random) -> list[str]:
    """A realistic mix: most members write a name or a common synonym; some translate, pluralise,
    mistype or list something the taxonomy does not know."""
    names = [s.name for s in taxonomy.skills]
    synonyms = [t for s in taxonomy.skills for t in s.synonyms]
    translations = [t for s in taxonomy.skills for _, t in s.translations]
    free = [f"{a} {b}".strip() for a in ("", "community", "urban", "advanced", "kids")
            for b in FREE_WORDS]
    # Popular skills are far more common than rare ones (Zipf-like weights).
    popular = sorted(names, key=lambda _: rng.random())
    weights = [1 / (rank + 1) for rank in range(len(popular))]
    raws: list[str] = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.40:
            raw = _casing(rng, rng.choices(popular, weights)[0])
        elif roll < 0.60:
            raw = _casing(rng, rng.choice(synonyms))
        elif roll < 0.70:
            raw = rng.choice(translations)
        elif roll < 0.78:
            raw = rng.choices(popular, weights)[0].lower() + "s"
        elif roll < 0.88:
            raw = _typo(rng, rng.choices(popular, weights)[0].lower())
        else:
            raw = _casing(rng, rng.choice(free))
        raws.append(raw)
    return raws


def rate(fn: Callable[[str], object], raws: Sequence[str]) -> tuple[float, float]:
    start = time.perf_counter()
    for raw in raws:
        fn(raw)
    elapsed = time.perf_counter() - start
    return len(raws) / elapsed, elapsed


def synthetic_members(taxonomy: Taxonomy, count: int, areas: int, rng: random.Random):
    names = [s.name for s in taxonomy.skills] + [w.title() for w in FREE_WORDS]
    area_names = [f"Area {i + 1:02d}" for i in range(areas)]
    per_area: dict[str, list[DirectoryEntry]] = {a: [] for a in area_names}
    for i in range(count):
        username = f"{rng.choice(('ana', 'bo', 'chidi', 'dana', 'eli', 'fatou', 'g'))}{i}"
        display = "" if rng.random() < 0.3 else f"Member {i} {rng.choice(('Okafor', 'Silva', 'Nguyen', 'Müller'))}"
        for area in rng.sample(area_names, rng.randint(1, 3)):
            per_area[area].append(DirectoryEntry(
                username, display,
                shares=rng.sample(names, rng.randint(0, 4)),
                learns=rng.sample(names, rng.randint(0, 3)),
            ))
    return per_area


def render_all(per_area) -> list[list[str]]:
    return [render_directory(area, entries) for area, entries in per_area.items()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the sizes, for CI")
    args = parser.parse_args(argv)
    raw_count = 20_000 if args.quick else 200_000
    cold_count = 2_000 if args.quick else 20_000
    member_count = 10_000 if args.quick else 100_000
    areas = 20

    rng = random.Random(SEED)
    started = time.perf_counter()
    taxonomy = load_taxonomy()
    build_start = time.perf_counter()
    normalizer = Normalizer(taxonomy)
    build = time.perf_counter() - build_start
    raws = synthetic_raw_skills(taxonomy, raw_count, rng)
    distinct = len(set(raws))
    print(f"taxonomy: {len(taxonomy.skills)} skills in {len(taxonomy.areas)} areas; "
          f"normalizer built in {build * 1000:.0f} ms")
    print(f"input: {raw_count:,} raw skills, {distinct:,} distinct spellings (seed {SEED})")

    # Exact spelling only: it finds the 40% of entries typed as the canonical name, nothing else.
    baseline = {s.name: s.name for s in taxonomy.skills}
    base_rate, _ = rate(baseline.get, raws)
    first_rate, first_s = rate(normalizer.normalize, raws)
    warm_rate, _ = rate(normalizer.normalize, raws)
    uncached = Normalizer(taxonomy, cache_size=0)
    cold_rate, _ = rate(uncached.normalize, raws[:cold_count])

    methods: dict[str, int] = {}
    for raw in raws:
        method = normalizer.normalize(raw).method
        methods[method] = methods.get(method, 0) + 1
    mix = ", ".join(f"{m} {n / raw_count:.0%}" for m, n in sorted(methods.items(), key=lambda kv: -kv[1]))

    print("\nnormalisation (skills/second)")
    print(f"  baseline dict lookup         {base_rate:>12,.0f}")
    print(f"  circleup, warm cache         {warm_rate:>12,.0f}   {warm_rate / base_rate:6.2f}x the baseline's rate")
    print(f"  circleup, first pass         {first_rate:>12,.0f}   {first_rate / base_rate:6.2f}x  "
          f"({first_s:.2f} s for {raw_count:,}, cache filling)")
    print(f"  circleup, cold (no cache)    {cold_rate:>12,.0f}   {cold_rate / base_rate:8.4f}x the baseline's rate "
          f"(first {cold_count:,} entries)")
    print(f"  matched by: {mix}")

    per_area = synthetic_members(taxonomy, member_count, areas, random.Random(SEED))
    rows = sum(len(entries) for entries in per_area.values())
    directory._escape_skill.cache_clear()
    start = time.perf_counter()
    bodies = render_all(per_area)
    render_s = time.perf_counter() - start
    directory._escape_skill.cache_clear()
    tracemalloc.start()
    render_all(per_area)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    posts = sum(len(b) for b in bodies)
    chars = sum(len(body) for b in bodies for body in b)
    print(f"\ndirectory rendering: {member_count:,} members, {areas} areas, {rows:,} rows")
    print(f"  time          {render_s:.2f} s  ({rows / render_s:,.0f} rows/second)")
    print(f"  output        {posts} posts, {chars / 1e6:.1f} M characters")
    print(f"  memory peak   {peak / 2**20:.1f} MiB (tracemalloc, rendering only)")
    print(f"\ntotal {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
