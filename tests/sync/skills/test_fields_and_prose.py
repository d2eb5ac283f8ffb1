from __future__ import annotations

import pytest


@pytest.mark.parametrize("value, expected", [
    ("Python, SQL, Lua", ["Python", "SQL", "Lua"]),
    ("Python; SQL;Lua;", ["Python", "SQL", "Lua"]),
    ("Python\nSQL\r\nLua", ["Python", "SQL", "Lua"]),
    ("Python and SQL", ["Python", "SQL"]),
    ("Python & SQL & Lua", ["Python", "SQL", "Lua"]),
    ("Python, SQL, and Lua", ["Python", "SQL", "Lua"]),
    ("- Python\n- SQL\n* Lua\n• Wikidata", ["Python", "SQL", "Lua", "Wikidata"]),
    ("1. Python\n2) SQL", ["Python", "SQL"]),
    ("Python • SQL · Lua", ["Python", "SQL", "Lua"]),
    ("Python | SQL", ["Python", "SQL"]),
    ("fotografía y traducción", ["fotografía", "traducción"]),
    ("Fotografie und Übersetzung", ["Fotografie", "Übersetzung"]),
    ("upishi na Python", ["upishi", "Python"]),
    ("photographie et traduction", ["photographie", "traduction"]),
    ("Python, SQL, etc.", ["Python", "SQL"]),
    ("None", []),
    ("", []),
    (" , ;\n- ", []),
])
def test_split_separators(normalizer, value, expected):
    assert normalizer.split(value) == expected


@pytest.mark.parametrize("value, expected", [
    # Separators inside a known skill do not split it...
    ("Monitoring and evaluation", ["Monitoring and evaluation"]),
    ("Knitting and crochet, HTML & CSS", ["Knitting and crochet", "HTML & CSS"]),
    ("HTML/CSS", ["HTML/CSS"]),
    # ...but still split around it.
    ("Monitoring and evaluation and SQL", ["Monitoring and evaluation", "SQL"]),
    ("Lua and Knitting and crochet", ["Lua", "Knitting and crochet"]),
    ("Python/SQL", ["Python", "SQL"]),
    ("reading and gardening", ["reading", "gardening"]),
    ("pyhton & fotografía", ["pyhton", "fotografía"]),  # every piece a skill, whichever way matched
])
def test_split_keeps_skills_whose_names_contain_a_separator(normalizer, value, expected):
    assert normalizer.split(value) == expected


@pytest.mark.parametrize("value", ["Arts and crafts", "TCP/IP", "Zig and Odin"])
def test_split_keeps_a_phrase_whole_when_no_piece_is_a_skill(normalizer, value):
    assert normalizer.split(value) == [value]
    [skill] = normalizer.normalize_field(value)
    assert skill.is_free


@pytest.mark.parametrize("value, expected, canonical", [
    # Regression: keeping a phrase whole unless every piece was known lost the known ones.
    ("Python and Zig and SQL", ["Python", "Zig", "SQL"], ["Python", "Zig", "SQL"]),
    ("Python, Zig and Lua", ["Python", "Zig", "Lua"], ["Python", "Zig", "Lua"]),
    ("Python and beekeping", ["Python", "beekeping"], ["Python", "Beekeping"]),
    ("Zig & pyhton", ["Zig", "pyhton"], ["Zig", "Python"]),  # a typo counts as known
    # The price: a name the taxonomy lacks is cut at a known piece; adding the name keeps it whole.
    ("Audio and video editing", ["Audio", "video editing"], ["Audio", "Video editing"]),
    ("Research and development", ["Research", "development"], ["Academic research", "Development"]),
    ("PL/SQL", ["PL", "SQL"], ["Pl", "SQL"]),
])
def test_split_keeps_every_known_skill_in_a_phrase(normalizer, value, expected, canonical):
    assert normalizer.split(value) == expected
    assert [s.canonical for s in normalizer.normalize_field(value)] == canonical


@pytest.mark.parametrize("value, expected, canonical", [
    ("Python (advanced), Wikidata (beginner)", ["Python (advanced)", "Wikidata (beginner)"], ["Python", "Wikidata"]),
    ("**Wikidata** (beginner); SQL", ["Wikidata** (beginner)", "SQL"], ["Wikidata", "SQL"]),
    ("Python (Django, Flask)\n- SQL", ["Python (Django, Flask)", "SQL"], ["Python", "SQL"]),
    ("Python (Django and Flask) and SQL", ["Python (Django and Flask)", "SQL"], ["Python", "SQL"]),
    ("video editing [level 2], Lua.", ["video editing [level 2]", "Lua"], ["Video editing", "Lua"]),
])
def test_split_keeps_a_bracketed_note_with_its_skill(normalizer, value, expected, canonical):
    assert normalizer.split(value) == expected
    assert [s.canonical for s in normalizer.normalize_field(value)] == canonical


def test_split_does_not_cut_hyphenated_words_or_markdown_links(normalizer):
    assert normalizer.split("e-learning, [Python](https://example.org/a,b)") == ["e-learning", "Python"]


def test_normalize_field_dedupes_by_canonical_in_input_order(normalizer):
    skills = normalizer.normalize_field("pyhton, SQL\n- python3\n- fotografía & Photography, beekeeping, Beekeeping!")
    assert [s.canonical for s in skills] == ["Python", "SQL", "Photography", "Beekeeping"]
    assert [s.method for s in skills] == ["fuzzy", "exact", "translation", "free"]
    assert skills[0].raw == "pyhton"


def test_normalize_field_accepts_a_list_and_nothing(normalizer):
    assert [s.canonical for s in normalizer.normalize_field(["Lua, Wikidata", "lua"])] == ["Lua", "Wikidata"]
    assert normalizer.normalize_field(None) == []
    assert normalizer.normalize_field("") == []
    assert normalizer.normalize_field("🐍, -") == []


# --- prose ---------------------------------------------------------------------------------------

def test_find_in_text_example(normalizer):
    text = "Learning circle: intro to Python and data analysis in Lagos"
    assert normalizer.find_in_text(text) == {"Python", "Data analysis"}


@pytest.mark.parametrize("text, expected", [
    ("Learning circle on Wikidata, Wikimedia Commons and editing Wikipedia",
     {"Wikidata", "Wikimedia Commons", "Editing Wikipedia"}),
    ("Taller de fotografía y traducción en Bogotá", {"Photography", "Translation"}),
    ("A course on public speaking for shy people", {"Public speaking"}),
    ("Tags: python, data-visualization, grant-writing", {"Python", "Data visualisation", "Grant writing"}),
    ("Intro to R for librarians", {"R"}),
    ("Design UX and UI together", {"UX design", "UI design"}),
    ("We will learn C++ and SQL", {"C++", "SQL"}),
    ("Two edit-a-thons this month", {"Edit-a-thons"}),
    ("Workshops on grant proposals", {"Grant writing"}),
    ("tips on facilitaton for new hosts", {"Facilitation"}),
    ("**Python** `pandas` and [Lua](https://www.lua.org)", {"Python", "Lua"}),
])
def test_find_in_text_finds_mentions(normalizer, text, expected):
    assert normalizer.find_in_text(text) == expected


@pytest.mark.parametrize("text", [
    # One- and two-letter terms only in their own casing: "r", "ai", "it", "ux", "hr" are words.
    "r u coming? it is a nice day, ai ai ai, ux? hr later",
    # Ambiguous everyday words are taxonomy terms only in profile fields.
    "Let's go to the library and react to the news; bring photos, slides and a pitch",
    "Node by node, we lean on each other; common questions about the zoom call",
    "I was reaching for the remote; excel at making friends",
    # Plurals only one way: "common" must not find Wikimedia Commons.
    "the common room",
    # No fuzzy for short prose words: "coming" is one edit from "coding".
    "coming soon, python-free, maybe",
    "",
])
def test_find_in_text_has_no_false_positives(normalizer, text):
    found = normalizer.find_in_text(text)
    assert found <= {"Python"} and ("python" in text.lower()) == ("Python" in found), found


def test_find_in_text_matches_whole_words_only(normalizer):
    assert normalizer.find_in_text("Pythonic rustlings sqlite3 wikidatabase") == set()


def test_find_in_text_prefers_the_longest_term(normalizer):
    # "data visualisation" is one skill, not "data" plus a second one.
    assert normalizer.find_in_text("data visualisation") == {"Data visualisation"}


def test_prose_fuzzy_can_be_switched_off(taxonomy):
    from circleup.sync.skills.normalize import Normalizer

    strict = Normalizer(taxonomy, prose_fuzzy_min_length=100)
    assert strict.find_in_text("tips on facilitaton") == set()
