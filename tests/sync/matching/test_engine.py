from __future__ import annotations

import math
import random
from collections import Counter

import pytest

from circleup.sync.matching.engine import (
    FACILITATOR,
    PARTICIPANT,
    CircleNeeds,
    MemberProfile,
    ScoringWeights,
    SkillIndex,
    keyword_overlap_baseline,
    place_key,
    rank,
    rank_brute_force,
)
from tests.sync.matching.synthetic import SKILLS, generate_circles, generate_members


def member(member_id: int, shares=(), learns=(), **fields) -> MemberProfile:
    fields.setdefault("last_active_days", 1)
    return MemberProfile(
        member_id, f"m{member_id}", frozenset(shares), frozenset(learns), languages=frozenset(fields.pop("languages", ())), **fields
    )


def needs(*skills: str, author_id: int = 999, **fields) -> CircleNeeds:
    return CircleNeeds(skills=frozenset(skills), author_id=author_id, **fields)


def as_rows(suggestions) -> list[tuple]:
    return [(s.member_id, s.role, s.score, s.matched_skills, tuple(s.reasons)) for s in suggestions]


def test_never_suggests_ineligible_members_the_author_or_excluded_ids():
    index = SkillIndex(
        [
            member(1, shares={"Python"}, eligible=False),  # opted out / suspended
            member(2, shares={"Python"}),  # the author
            member(3, shares={"Python"}),  # the bot
            member(4, learns={"Python"}, eligible=False),
            member(5, shares={"Python"}),
            member(6, learns={"Python"}),
        ]
    )
    circle = needs("Python", author_id=2, exclude_ids=frozenset({3}))
    for ranking in (rank, rank_brute_force, keyword_overlap_baseline):
        assert sorted(ranking(index, circle).member_ids) == [5, 6]
    candidates = index.candidates(circle)
    assert candidates.facilitators == {5} and candidates.participants == {6}


def test_max_suggestions_caps_everyone_and_splits_facilitators_first():
    index = SkillIndex([member(i, shares={"Python"}) for i in range(1, 6)] + [member(i, learns={"Python"}) for i in range(6, 16)])
    result = rank(index, needs("Python"), max_suggestions=5)
    assert len(result.facilitators) == 2 and len(result.participants) == 3
    assert len(rank(index, needs("Python"), max_suggestions=3, max_facilitators=1)) == 3
    assert len(rank(index, needs("Python"), max_suggestions=3, max_facilitators=1).facilitators) == 1
    assert len(rank(index, needs("Python"), max_suggestions=0)) == 0


def test_spare_places_go_to_participants_then_to_more_facilitators():
    few_teachers = SkillIndex([member(1, shares={"Lua"})] + [member(i, learns={"Lua"}) for i in range(2, 10)])
    result = rank(few_teachers, needs("Lua"))
    assert (len(result.facilitators), len(result.participants)) == (1, 4)
    few_learners = SkillIndex([member(i, shares={"Lua"}) for i in range(1, 9)] + [member(9, learns={"Lua"})])
    result = rank(few_learners, needs("Lua"))
    assert (len(result.facilitators), len(result.participants)) == (4, 1)


def test_a_member_who_shares_and_learns_gets_one_role_only():
    index = SkillIndex([member(1, shares={"Python"}, learns={"data analysis"}), member(2, learns={"Python"})])
    result = rank(index, needs("Python", "data analysis"))
    assert result.member_ids == [1, 2]
    assert [s.role for s in result] == [FACILITATOR, PARTICIPANT]


def test_a_rare_skill_counts_more_than_a_common_one():
    common = [member(i, shares={"Python"}) for i in range(10, 40)]
    index = SkillIndex(common + [member(1, shares={"Lua"}), member(2, shares={"Python"}, last_active_days=0)])
    top = rank(index, needs("Python", "Lua"), max_suggestions=1).facilitators[0]
    assert (top.member_id, top.matched_skills) == (1, ("Lua",))


def test_covering_all_needs_beats_covering_one():
    index = SkillIndex([member(1, shares={"Python"}), member(2, shares={"Python", "data analysis"})])
    assert rank(index, needs("Python", "data analysis")).facilitators[0].member_id == 2


def test_reasons_name_skills_place_language_and_citizenship():
    index = SkillIndex(
        [
            member(1, shares={"Python", "data analysis"}, location="Lagos, Nigeria", languages={"english"}, is_citizen=True),
            member(2, learns={"Python"}, location="Abuja"),
        ]
    )
    result = rank(index, needs("Python", "data analysis", place="Lagos", language="English"))
    assert result.facilitators[0].reason == "shares Python and data analysis · also in Lagos · speaks English · approved facilitator"
    assert result.participants[0].reason == "wants to learn Python"
    assert result.participants[0].matched_skills == ("Python",)


def test_place_outweighs_a_second_skill_and_activity_breaks_even_scores():
    # Both skills are held by three members, so they weigh the same.
    index = SkillIndex(
        [
            member(1, shares={"Python", "data analysis"}, location="Abuja", last_active_days=60),
            member(2, shares={"Python"}, location="Lagos", last_active_days=60),
            member(3, shares={"Python"}, location="Lagos", last_active_days=2),
            member(4, shares={"data analysis"}, location="Lagos", last_active_days=2),
            member(5, shares={"data analysis"}, location="Abuja", last_active_days=400),
        ]
    )
    result = rank(index, needs("Python", "data analysis", place="lagos"), max_facilitators=5)
    assert result.member_ids == [3, 4, 2, 1, 5]


def test_equal_scores_are_ordered_by_member_id():
    index = SkillIndex([member(i, shares={"Python"}) for i in (9, 4, 7, 1)])
    assert rank(index, needs("Python"), max_suggestions=3, max_facilitators=3).member_ids == [1, 4, 7]


def test_capacity_skips_busy_facilitators_but_not_as_participants():
    index = SkillIndex([member(1, shares={"Python"}, learns={"SQL"}, is_citizen=True), member(2, shares={"Python"})])
    assert rank(index, needs("Python", "SQL")).facilitators[0].member_id == 1
    busy = rank(index, needs("Python", "SQL"), load={1: 2}, capacity=2)
    assert [s.member_id for s in busy.facilitators] == [2]
    assert [s.member_id for s in busy.participants] == [1]
    assert rank(index, needs("Python", "SQL"), load={1: 1}, capacity=2).facilitators[0].member_id == 1


def test_fairness_rotates_who_is_suggested_for_the_same_circle():
    members = generate_members(600, seed=11)
    index = SkillIndex(members)
    circle = needs("Python", "data analysis", author_id=members[0].member_id)
    recent: Counter[int] = Counter()
    rounds = []
    for _ in range(6):
        rounds.append(rank(index, circle, recent_suggestions=recent))
        recent.update(rounds[-1].member_ids)
    unfair = [rank(index, circle) for _ in range(6)]
    assert len({tuple(r.member_ids) for r in unfair}) == 1  # without feedback: the same five each time
    assert rounds[1].member_ids != rounds[0].member_ids
    assert len(recent) >= 15  # six rounds reach at least three times as many people
    assert max(recent.values()) <= 3


def test_recent_suggestions_lower_the_score_geometrically():
    index = SkillIndex([member(1, shares={"Python"})])
    weights = ScoringWeights(repeat_decay=0.5)
    fresh = rank(index, needs("Python"), weights=weights).facilitators[0].score
    twice = rank(index, needs("Python"), weights=weights, recent_suggestions={1: 2}).facilitators[0].score
    assert twice == pytest.approx(fresh * 0.25)


@pytest.mark.parametrize("seed", [4096, 0])
def test_rank_agrees_with_brute_force_on_random_circles(seed):
    rng = random.Random(seed)
    members = generate_members(3000, seed=5)
    index = SkillIndex(members)
    for circle in generate_circles(members, 60, seed=6):
        weights = ScoringWeights(
            citizen=rng.choice([0.0, 1.0, 4.0]), place=rng.choice([0.0, 2.5, 6.0]), activity=rng.choice([0.0, 0.75, 3.0]),
            language=rng.choice([0.0, 1.5]), repeat_decay=rng.choice([0.3, 0.6, 1.0]),
        )
        kwargs = dict(
            max_suggestions=rng.randint(1, 8),
            max_facilitators=rng.randint(0, 3),
            recent_suggestions={m.member_id: rng.randint(1, 3) for m in rng.sample(members, 300)},
            load={m.member_id: rng.randint(0, 3) for m in rng.sample(members, 300)},
            capacity=rng.choice([None, 1, 2]),
            weights=weights,
        )
        fast, slow = rank(index, circle.needs, **kwargs), rank_brute_force(index, circle.needs, **kwargs)
        assert as_rows(fast) == as_rows(slow)
        assert len(fast) <= kwargs["max_suggestions"]


def test_every_suggestion_names_a_matched_skill():
    members = generate_members(1500, seed=2)
    index = SkillIndex(members)
    for circle in generate_circles(members, 30, seed=3):
        for s in rank(index, circle.needs):
            assert s.matched_skills and set(s.matched_skills) <= circle.needs.skills
            assert all(skill in s.reasons[0] for skill in s.matched_skills)
            has = index.get(s.member_id).shares if s.role == FACILITATOR else index.get(s.member_id).learns
            assert set(s.matched_skills) == has & circle.needs.skills


def test_incremental_changes_leave_the_index_as_a_fresh_build_would():
    rng = random.Random(4)
    members = {m.member_id: m for m in generate_members(800, seed=8)}
    index = SkillIndex(members.values())
    spare = generate_members(200, seed=9, first_id=5000)
    for step in range(600):
        action = rng.random()
        if action < 0.3 and spare:
            profile = spare.pop()
            index.add(profile)
            members[profile.member_id] = profile
        elif action < 0.5:
            victim = rng.choice(sorted(members))
            index.remove(victim if step % 2 else members[victim])
            del members[victim]
        else:
            old = members[rng.choice(sorted(members))]
            new = MemberProfile(
                old.member_id, old.username, frozenset(rng.sample(SKILLS[:20], rng.randint(0, 3))), old.learns,
                rng.choice([old.location, "Lagos", None]), old.languages, rng.random() < 0.3,
                rng.choice([None, 0, 5, 400]), rng.random() < 0.9,
            )
            index.update(new)
            members[new.member_id] = new
    fresh = SkillIndex(members.values())
    profiles = list(members.values())
    for role in (FACILITATOR, PARTICIPANT):
        for skill in {s for m in profiles for s in m.shares | m.learns}:
            assert index.holders(role, skill) == fresh.holders(role, skill)
    for place in {m.location for m in profiles}:
        assert index.in_place(place) == fresh.in_place(place)
    for language in {lang for m in profiles for lang in m.languages}:
        assert index.speaking(language) == fresh.speaking(language)
    assert index.eligible_count == fresh.eligible_count and len(index) == len(fresh)
    for circle in generate_circles(list(members.values()), 20, seed=10):
        assert as_rows(rank(index, circle.needs)) == as_rows(rank(fresh, circle.needs))


def test_add_refuses_a_duplicate_and_remove_an_unknown_member():
    index = SkillIndex([member(1, shares={"Python"})])
    with pytest.raises(ValueError):
        index.add(member(1))
    with pytest.raises(KeyError):
        index.remove(2)


def test_a_circle_without_skills_gets_no_suggestions():
    index = SkillIndex([member(1, shares={"Python"}, location="Lagos")])
    assert len(rank(index, needs(place="Lagos"))) == 0


@pytest.mark.parametrize("bad", [{"place": -1.0}, {"repeat_decay": 0.0}, {"repeat_decay": 1.5}, {"activity_half_life_days": 0}])
def test_weights_that_would_turn_a_reason_against_a_member_are_refused(bad):
    with pytest.raises(ValueError):
        ScoringWeights(**bad)


def reference_rank(profiles, circle: CircleNeeds, *, max_suggestions: int, max_facilitators: int, recent, load,
                   capacity, weights: ScoringWeights) -> list[tuple]:
    """The ranking as the engine's docstring states it, member by member, sharing no code with it:
    (Σ rarity-weighted skills + citizen + activity + place + language) × repeat_decay ** times,
    best first, ties by member id; facilitators' places first, then participants, then more
    facilitators; nobody twice, never the author, excluded, ineligible or busy facilitators."""
    w = weights
    eligible = [p for p in profiles if p.eligible]
    skills = sorted(circle.skills)
    barred = circle.exclude_ids | {circle.author_id}

    def held(profile, role):
        return profile.shares if role == FACILITATOR else profile.learns

    def ranked(role):
        idf = {s: math.log((1 + len(eligible)) / (1 + sum(s in held(p, role) for p in eligible))) + 1.0 for s in skills}
        per_skill = {s: w.skill * idf[s] / sum(idf.values()) + w.coverage / len(skills) for s in skills}
        found = []
        for p in eligible:
            matched = [s for s in skills if s in held(p, role)]
            busy = role == FACILITATOR and capacity is not None and load.get(p.member_id, 0) >= capacity
            if not matched or p.member_id in barred or busy:
                continue
            score = 0.0
            for skill in matched:
                score += per_skill[skill]
            if role == FACILITATOR and p.is_citizen:
                score += w.citizen
            days = p.last_active_days
            score += w.activity * (0.0 if days is None else 0.5 ** (max(days, 0) / w.activity_half_life_days))
            if circle.place and place_key(p.location) == place_key(circle.place):
                score += w.place
            if circle.language and circle.language.strip().casefold() in {lang.strip().casefold() for lang in p.languages}:
                score += w.language
            if recent.get(p.member_id, 0) > 0:
                score *= w.repeat_decay ** recent[p.member_id]
            found.append((p.member_id, score, tuple(matched)))
        return sorted(found, key=lambda entry: (-entry[1], entry[0]))

    def best(entries, k, skip):
        return [entry for entry in entries if entry[0] not in skip][:max(k, 0)]

    all_facilitators, all_participants = ranked(FACILITATOR), ranked(PARTICIPANT)
    wanted = min(max_facilitators, max_suggestions)
    facilitators = best(all_facilitators, wanted, set())
    participants = best(all_participants, max_suggestions - len(facilitators), {m for m, _, _ in facilitators})
    if len(facilitators) == wanted and len(facilitators) + len(participants) < max_suggestions:
        facilitators = best(all_facilitators, max_suggestions - len(participants), {m for m, _, _ in participants})
    return ([(m, FACILITATOR, score, matched) for m, score, matched in facilitators]
            + [(m, PARTICIPANT, score, matched) for m, score, matched in participants])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rank_on_a_changing_index_equals_a_plain_reference_implementation(seed):
    """A random community (ties, shared places and languages, citizens, ineligible members) changed
    member by member through the index, then random circles and settings: `rank` must return the
    same people, roles, matched skills and the very same scores as `reference_rank`."""
    rng = random.Random(seed)
    skills = SKILLS[:12]  # few skills: many holders per skill, many members holding several
    places = ["Lagos", "lagos, Nigeria", " Nairobi", "Lima", None]
    languages = ["English", "english ", "Spanish", "Swahili", "Yoruba"]

    def random_member(member_id: int) -> MemberProfile:
        return MemberProfile(
            member_id, f"m{member_id}", frozenset(rng.sample(skills, rng.randint(0, 3))),
            frozenset(rng.sample(skills, rng.randint(0, 3))), rng.choice(places),
            frozenset(rng.sample(languages, rng.randint(0, 2))), rng.random() < 0.2,
            rng.choice([None, 0, 0, 1, 3, 30, 400, -2]), rng.random() < 0.85,
        )

    members = {i: random_member(i) for i in range(1, 1500)}
    index = SkillIndex(members.values())
    for _ in range(1200):
        roll, member_id = rng.random(), rng.randint(1, 1800)
        if roll < 0.15 and member_id in members:
            index.remove(member_id)
            del members[member_id]
        elif member_id in members or roll < 0.5:
            members[member_id] = random_member(member_id)
            index.update(members[member_id])
    ids = sorted(members)
    for _ in range(80):
        circle = CircleNeeds(
            skills=frozenset(rng.sample(skills, rng.randint(1, 3))), place=rng.choice(places),
            language=rng.choice(languages + [None]), author_id=rng.choice(ids),
            exclude_ids=frozenset(rng.sample(ids, 3)),
        )
        weights = ScoringWeights(citizen=rng.choice([0.0, 1.0, 4.0]), place=rng.choice([0.0, 2.5]),
                                 language=rng.choice([0.0, 1.5]), activity=rng.choice([0.0, 0.75, 3.0]),
                                 repeat_decay=rng.choice([0.3, 0.6, 1.0]))
        settings = dict(max_suggestions=rng.randint(1, 10), max_facilitators=rng.randint(0, 4),
                        recent={m: rng.randint(0, 3) for m in rng.sample(ids, 200)},
                        load={m: rng.randint(0, 3) for m in rng.sample(ids, 200)}, capacity=rng.choice([None, 1, 2]))
        found = rank(index, circle, max_suggestions=settings["max_suggestions"],
                     max_facilitators=settings["max_facilitators"], recent_suggestions=settings["recent"],
                     load=settings["load"], capacity=settings["capacity"], weights=weights)
        expected = reference_rank(members.values(), circle, weights=weights, **settings)
        assert [(s.member_id, s.role, s.score, s.matched_skills) for s in found] == expected
        assert all(s.reasons and all(skill in s.reasons[0] for skill in s.matched_skills) for s in found)


def test_skills_held_by_counts_eligible_members_once_and_follows_changes():
    index = SkillIndex([
        MemberProfile(1, "a", shares=frozenset({"Beekeeping"}), learns=frozenset({"Beekeeping"})),
        MemberProfile(2, "b", learns=frozenset({"Beekeeping", "Python"})),
        MemberProfile(3, "c", shares=frozenset({"Python"}), eligible=False),
    ])
    assert index.skills_held_by(2) == ("Beekeeping",)
    assert index.skills_held_by(1) == ("Beekeeping", "Python")
    index.update(MemberProfile(3, "c", shares=frozenset({"Python"})))
    assert index.skills_held_by(2) == ("Beekeeping", "Python")
    index.remove(1)
    assert index.skills_held_by(2) == ("Python",)


def test_places_the_circles_skills_leave_open_go_to_people_with_its_next_likeliest_skills():
    index = SkillIndex([
        member(1, shares={"Python"}),
        member(2, learns={"Python"}),
        member(3, shares={"Data analysis"}),
        member(4, learns={"Data analysis"}),
        member(5, learns={"Data analysis"}, eligible=False),
        member(6, shares={"Data analysis"}),  # the author
        member(7, learns={"Python", "Data analysis"}),
    ])
    circle = needs("Python", author_id=6, fill_skills=frozenset({"Data analysis"}))
    for ranking in (rank, rank_brute_force):
        result = ranking(index, circle, max_suggestions=5)
        # The circle's own skill first, in both roles; then the fill, never the author or the ineligible.
        assert [s.member_id for s in result.facilitators] == [1, 3]
        assert {s.member_id for s in result.participants[:2]} == {2, 7}
        assert sorted(result.member_ids) == [1, 2, 3, 4, 7]
        filled = {s.member_id: s for s in result}
        assert filled[3].matched_skills == ("Data analysis",) and filled[7].matched_skills == ("Python",)
    assert as_rows(rank(index, circle)) == as_rows(rank_brute_force(index, circle))
    # Nobody with the fill skills takes a place somebody with the circle's skills could take.
    assert sorted(rank(index, circle, max_suggestions=3).member_ids) == [1, 2, 7]
    assert sorted(rank(index, needs("Python", author_id=6), max_suggestions=5).member_ids) == [1, 2, 7]
