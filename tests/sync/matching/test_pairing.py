from __future__ import annotations


import networkx as nx
import pytest

from circleup.sync.matching.engine import MemberProfile
from circleup.sync.matching.pairing import PairingWeights, candidate_edges, greedy_pairs, pair_members
from tests.sync.matching.synthetic import generate_members


def member(member_id: int, shares=(), learns=(), location=None, languages=()) -> MemberProfile:
    return MemberProfile(member_id, f"m{member_id}", frozenset(shares), frozenset(learns), location, frozenset(languages), last_active_days=1)


def total(pairs) -> float:
    return sum(p.score for p in pairs)


def test_pairs_someone_who_can_teach_with_someone_who_wants_to_learn():
    pairs = pair_members([member(1, shares={"Lua"}), member(2, learns={"Lua"}), member(3, shares={"Go"})])
    assert [(p.a_id, p.b_id, p.a_teaches, p.b_teaches) for p in pairs] == [(1, 2, ("Lua",), ())]
    assert pairs[0].reason == "@m1 can teach Lua"


def test_a_mutual_exchange_scores_higher_and_says_so():
    one_way = pair_members([member(1, shares={"Lua"}), member(2, learns={"Lua"})])[0]
    both = pair_members([member(1, shares={"Lua"}, learns={"Go"}), member(2, shares={"Go"}, learns={"Lua"})])[0]
    assert both.score > one_way.score
    assert both.reason == "@m1 can teach Lua · @m2 can teach Go"


def test_past_pairs_are_never_repeated_and_ineligible_members_never_paired():
    profiles = [member(1, shares={"Lua"}), member(2, learns={"Lua"}), member(3, learns={"Lua"})]
    profiles.append(MemberProfile(4, "m4", frozenset(), frozenset({"Lua"}), eligible=False))
    pairs = pair_members(profiles, past_pairs={frozenset({1, 2})})
    assert [p.ids for p in pairs] == [frozenset({1, 3})]
    assert pair_members(profiles, past_pairs={frozenset({1, 2}), frozenset({1, 3})}) == []


def test_members_with_no_common_language_are_not_paired_unless_allowed():
    profiles = [member(1, shares={"Lua"}, languages={"French"}), member(2, learns={"Lua"}, languages={"Swahili"})]
    assert pair_members(profiles) == []
    assert len(pair_members(profiles, weights=PairingWeights(require_common_language=False))) == 1


def test_maximum_weight_beats_greedy_on_a_crafted_case():
    # The heaviest edge (2–3: same place) is a trap: taking it leaves 1 and 4 without partners,
    # while 1–2 and 3–4 together are worth more.
    profiles = [
        member(1, learns={"Lua"}),
        member(2, shares={"Lua", "Go"}, location="Lagos"),
        member(3, learns={"Go"}, shares={"Elixir"}, location="Lagos"),
        member(4, learns={"Elixir"}),
    ]
    greedy = greedy_pairs(profiles)
    best = pair_members(profiles)
    assert [p.ids for p in greedy] == [frozenset({2, 3})]
    assert {p.ids for p in best} == {frozenset({1, 2}), frozenset({3, 4})}
    assert total(best) > total(greedy)


def test_matches_the_exact_optimum_when_the_community_fits_in_one_group():
    profiles = generate_members(120, seed=21)
    edges = candidate_edges(profiles)
    graph = nx.Graph()
    graph.add_weighted_edges_from((a, b, e[0]) for (a, b), e in edges.items())
    optimum = sum(graph[a][b]["weight"] for a, b in nx.max_weight_matching(graph))
    assert total(pair_members(profiles, max_group_size=200)) == pytest.approx(optimum)


def test_large_communities_are_paired_disjointly_and_beat_greedy():
    # How fast is bench/matching.py's to measure (on a shared machine a time limit here would flake).
    profiles = generate_members(2000, seed=22)
    pairs = pair_members(profiles)
    members = [m for p in pairs for m in p.ids]
    assert len(members) == len(set(members))
    eligible = {p.member_id for p in profiles if p.eligible}
    assert set(members) <= eligible
    assert all(p.a_teaches or p.b_teaches for p in pairs)
    assert total(pairs) > 1.03 * total(greedy_pairs(profiles))
