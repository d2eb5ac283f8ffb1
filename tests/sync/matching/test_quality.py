"""Does circleup suggest the right people? Precision@5 and nDCG@5 against hidden judgements, for
`rank` and for the keyword-overlap baseline in the same run (`pytest -s` prints the figures)."""
from __future__ import annotations

import importlib
import json
import math
from statistics import mean
from types import ModuleType

import pytest

from circleup.sync.matching.engine import SkillIndex, keyword_overlap_baseline, rank
from tests.sync.matching.synthetic import Circle, generate_circles, generate_members

K = 5


def precision_and_ndcg(ranked: list[tuple[int, str]], circle: Circle) -> tuple[float, float]:
    gains = [circle.relevance.get(suggestion, 0) for suggestion in ranked[:K]]
    dcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))
    # The ideal list: the best grade each member can reach, in either role, best first.
    best: dict[int, int] = {}
    for (member_id, _), grade in circle.relevance.items():
        best[member_id] = max(best.get(member_id, 0), grade)
    ideal = sorted(best.values(), reverse=True)[:K]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return sum(g > 0 for g in gains) / K, dcg / idcg


def evaluate(rankings: dict, index: SkillIndex, circles: list[Circle]) -> dict[str, dict[str, float]]:
    figures = {}
    for name, ranking in rankings.items():
        scores = [precision_and_ndcg([(s.member_id, s.role) for s in ranking(index, c.needs)], c) for c in circles]
        figures[name] = {"precision@5": mean(p for p, _ in scores), "ndcg@5": mean(n for _, n in scores)}
    return figures


def test_circleup_beats_keyword_overlap_on_precision_and_ndcg(tmp_path):
    members = generate_members(1500, seed=42)
    index = SkillIndex(members)
    circles = [c for c in generate_circles(members, 130, seed=43) if c.relevance]
    assert len(circles) >= 100  # circles nobody could join say nothing about ranking
    figures = evaluate({"circleup": rank, "keyword overlap": keyword_overlap_baseline}, index, circles)

    print(f"\nmatching quality over {len(circles)} circles, {len(members)} members")
    for name, values in figures.items():
        print(f"  {name:<16} precision@5 {values['precision@5']:.3f}   nDCG@5 {values['ndcg@5']:.3f}")
    (tmp_path / "quality.json").write_text(json.dumps(figures, indent=2))

    ours, baseline = figures["circleup"], figures["keyword overlap"]
    assert ours["precision@5"] >= baseline["precision@5"] + 0.15
    assert ours["ndcg@5"] >= baseline["ndcg@5"] + 0.15


def test_the_evaluation_can_tell_a_perfect_ranking_from_a_useless_one():
    members = generate_members(600, seed=7)
    circle = next(c for c in generate_circles(members, 20, seed=8) if len(c.relevance) >= K)
    perfect = sorted(circle.relevance, key=lambda s: (-circle.relevance[s], s))
    best_role: dict[int, tuple[int, str]] = {}
    for member_id, role in perfect:
        best_role.setdefault(member_id, (member_id, role))  # first seen = best grade
    unique = list(best_role.values())
    assert precision_and_ndcg(unique, circle) == (1.0, 1.0)
    assert precision_and_ndcg([(-1, "facilitator")] * K, circle) == (0.0, 0.0)


def test_reading_by_meaning_finds_the_circles_the_taxonomy_alone_cannot_read():
    """On the community written after the semantic layer was frozen (bench/matching_quality.py has
    every figure): every circle is read, and the suggestions beat both the taxonomy alone and
    keyword overlap. A floor against regressions, not the issue's targets."""
    import importlib.util
    import sys
    from pathlib import Path

    from circleup.sync.skills.normalize import Normalizer
    from circleup.sync.skills.semantic import semantic_skills
    from circleup.sync.skills.taxonomy import load_taxonomy
    from tests.sync.matching import heldout_fresh

    path = Path(__file__).resolve().parents[3] / "bench" / "matching_quality.py"
    spec = importlib.util.spec_from_file_location("matching_quality_bench", path)
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench  # its dataclasses look their module up
    spec.loader.exec_module(bench)

    normalizer = Normalizer(load_taxonomy())
    community = bench.heldout_community(heldout_fresh, "fresh")
    baseline = bench.evaluate(community, lambda t: (bench.keyword_overlap(community, t), True))
    taxonomy_only = bench.run_reader(bench.Reader("taxonomy", normalizer), community)
    semantic = bench.run_reader(bench.Reader("semantic", normalizer, semantic_skills(normalizer)), community)

    assert taxonomy_only.unread > 0.5  # most of these circles name no taxonomy term
    assert semantic.unread <= 1 / 30
    assert semantic.precision >= taxonomy_only.precision + 0.2
    assert semantic.precision >= 1.3 * baseline.precision
    assert semantic.ndcg > baseline.ndcg


def test_the_blind_held_out_community_is_well_formed():
    from circleup.sync.skills.taxonomy import load_taxonomy
    from tests.sync.matching import heldout_blind

    people = heldout_blind.members()
    proposals = heldout_blind.circles(people)
    assert len(people) == 300 and len(proposals) == 30
    assert len({p.member_id for p in people}) == 300 and len({p.username.lower() for p in people}) == 300
    assert heldout_blind.members() == people and heldout_blind.circles(people) == proposals  # seeded

    names = {skill.name for skill in load_taxonomy().skills}
    truth = set().union(*(p.shares | p.learns for p in people), *(c.skills for c in proposals))
    assert truth <= names, f"not taxonomy skills: {sorted(truth - names)}"
    assert all(1 <= len(p.shares) <= 3 and len(p.learns) <= 2 and not p.shares & p.learns for p in people)

    shared_by_eligible = set().union(*(p.shares for p in people if p.eligible))
    ids = {p.member_id for p in people}
    for circle in proposals:
        assert circle.skills and circle.skills <= shared_by_eligible, circle.title
        assert circle.author_id in ids


_HELD_OUT = ("heldout", "heldout_fresh", "heldout_blind", "heldout_sealed", "heldout_sealed2", "heldout_sealed3",
             "heldout_sealed4", "heldout_sealed5", "heldout_sealed6", "heldout_sealed7", "heldout_sealed8",
             "heldout_sealed9", "heldout_sealed10", "heldout_sealed11")


def _held_out_communities() -> dict[str, ModuleType]:
    """Every hand-written held-out community by module name; no two may share a member id."""
    return {name: importlib.import_module(f"tests.sync.matching.{name}") for name in _HELD_OUT}


@pytest.mark.parametrize(("sealed", "free_skills", "cities"),
                         [("heldout_sealed", 3, 8), ("heldout_sealed2", 2, 7), ("heldout_sealed3", 3, 10),
                          ("heldout_sealed4", 3, 12), ("heldout_sealed5", 3, 15),
                          ("heldout_sealed6", 3, 12), ("heldout_sealed7", 3, 13),
                          ("heldout_sealed8", 3, 16), ("heldout_sealed9", 3, 16),
                          ("heldout_sealed10", 3, 20), ("heldout_sealed11", 3, 22)])
def test_a_sealed_held_out_community_is_well_formed(sealed, free_skills, cities):
    """Structure only: a sealed set's texts and figures are for nobody tuning the reader."""
    communities = _held_out_communities()
    source = communities[sealed]
    people = source.members()
    proposals = source.circles(people)
    assert len(people) == 300 and len(proposals) == 30
    ids = {p.member_id for p in people}
    assert len(ids) == 300 and len({p.username.lower() for p in people}) == 300
    for other in communities.values():
        if other is not source:
            assert not ids & {p.member_id for p in other.members()}, other.__name__
    assert source.members() == people and source.circles(people) == proposals  # seeded

    free = set(source.FREE_SKILLS)
    assert len(free) == free_skills
    _assert_shaped_like_a_forum(people, proposals, free, taxonomy_skills=20, cities=cities)


def _assert_shaped_like_a_forum(people, proposals, free: set[str], *, taxonomy_skills: int, cities: int) -> set[str]:
    """What every hand-written community must be, whoever wrote it: truth in taxonomy skills (or its
    own `free` ones), members' skills, eligibility and cities in forum-like shares, and at least three
    eligible people besides the author for every circle. Returns the skills its truth names."""
    from circleup.sync.skills.taxonomy import load_taxonomy

    names = {skill.name for skill in load_taxonomy().skills}
    assert not free & names
    truth = set().union(*(p.shares | p.learns for p in people), *(c.skills for c in proposals))
    assert truth - free <= names, f"not taxonomy skills: {sorted(truth - free - names)}"
    assert len(truth - free) >= taxonomy_skills and sum(bool(c.skills & free) for c in proposals) >= 3
    assert all(1 <= len(p.shares) <= 3 and len(p.learns) <= 2 and not p.shares & p.learns for p in people)
    assert 0.02 <= sum(not p.eligible for p in people) / len(people) <= 0.1
    assert len({p.city for p in people if p.city}) >= cities
    assert 0.05 <= sum(p.city is None for p in people) / len(people) <= 0.15

    ids = {p.member_id for p in people}
    for circle in proposals:
        assert 1 <= len(circle.skills) <= 2 and circle.author_id in ids, circle.title
        answering = [p for p in people if p.eligible and p.member_id != circle.author_id
                     and (p.shares | p.learns) & circle.skills]
        assert len(answering) >= 3, circle.title
    return truth


def test_the_multilingual_tuning_community_is_well_formed():
    from tests.sync.matching import synthetic, tuning_multilingual

    people = tuning_multilingual.members()
    proposals = tuning_multilingual.circles(people)
    assert len(people) == 400 and len(proposals) == 40
    ids = {p.member_id for p in people}
    assert len(ids) == 400 and min(ids) == 50001 and len({p.username.lower() for p in people}) == 400
    for other in _held_out_communities().values():
        assert not ids & {p.member_id for p in other.members()}, other.__name__
    assert not ids & {p.member_id for p in synthetic.generate_members(600, seed=42)}  # as the bench builds it
    assert tuning_multilingual.members() == people and tuning_multilingual.circles(people) == proposals  # seeded

    free = set(tuning_multilingual.FREE_SKILLS)
    assert len(free) == 2
    truth = _assert_shaped_like_a_forum(people, proposals, free, taxonomy_skills=25, cities=8)
    assert free <= truth
    assert sum(len(c.skills) == 2 for c in proposals) >= 3
    languages = [language for language, *_ in tuning_multilingual.CIRCLES]
    assert sum(language != "en" for language in languages) >= 20 and len(set(languages)) == 6


def test_the_bench_picks_communities_whose_names_hold_commas():
    import importlib.util
    import sys
    from pathlib import Path

    path = Path(__file__).resolve().parents[3] / "bench" / "matching_quality.py"
    spec = importlib.util.spec_from_file_location("matching_quality_bench", path)
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench
    spec.loader.exec_module(bench)

    assert bench.community_names("tuning, multilingual") == ["tuning, multilingual"]
    assert bench.community_names("tuning,tuning, multilingual,held-out, fresh") == [
        "tuning", "tuning, multilingual", "held-out, fresh"]
    with pytest.raises(ValueError):
        bench.community_names("multilingual")
