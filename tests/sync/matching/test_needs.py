from __future__ import annotations

import re

import pytest

from circleup.sync.matching.needs import clean_post, find_language, find_place, needs_from_topic

SKILLS = {"python": "Python", "data analysis": "data analysis", "lua": "Lua", "spanish": "Spanish"}
PLACES = ["Lagos, Nigeria", "Nairobi", "Mobile", "Cape Town", "online", "Reading", "Nice"]


def find_skills(text: str) -> set[str]:
    """A stand-in for Normalizer.find_in_text: exact phrases only."""
    words = " " + " ".join(re.findall(r"\w+", text.lower())) + " "
    return {canonical for phrase, canonical in SKILLS.items() if f" {phrase} " in words}


def read(title: str, raw: str = "", tags=(), **kwargs):
    return needs_from_topic(title, raw, tags, find_skills=find_skills, known_places=PLACES, author_id=7, **kwargs)


def test_skills_come_from_title_post_and_tags():
    needs = read("Study group", "We will do data analysis together.", ["learningcircles", "python"])
    assert needs.skills == {"Python", "data analysis"}
    assert read("Circle", "", ["data-analysis"]).skills == {"data analysis"}


def test_author_and_exclusions_are_carried():
    needs = read("Python circle", exclude_ids=[1, 2])
    assert needs.author_id == 7 and needs.exclude_ids == {1, 2}


@pytest.mark.parametrize(
    "title, raw, place",
    [
        ("Python circle in Lagos", "", "Lagos, Nigeria"),
        ("Python circle", "meeting at the Nairobi library on Mondays", "Nairobi"),
        ("python circle in nairobi", "", "Nairobi"),  # lower case is fine after a locative word
        ("Circle around Cape Town", "", "Cape Town"),
        ("Python circle", "We meet online every week", None),  # "online" is not a place
        ("Python circle for the Mobile chapter", "", "Mobile"),  # capitalised inside a sentence: taken at its word
        ("Mobile development circle", "", None),  # a title's first word is capitalised whatever it is
        ("Reading group for Python", "", None),
        ("Python circle", "Hello all!\nReading group, weekly. Nice people.", None),  # so is a sentence's or line's
        ("Python circle in Reading", "", "Reading"),
        ("Python circle", "we cover mobile development", None),  # a skill, not Mobile, Alabama
        ("Python circle", "Let us build a mobile app together", None),  # English "a" is an article, not "a Roma"
        ("A nice Python circle", "", None),
        ("Python circle", "Nos vemos a Nairobi", "Nairobi"),
        ("Python circle", "for Lagosians", None),  # word boundaries
        ("Python circle in Lagos", "I used to live in Nairobi", "Lagos, Nigeria"),  # title first
    ],
)
def test_place_is_a_known_member_location_mentioned_in_the_topic(title, raw, place):
    assert read(title, raw).place == place


def test_place_from_a_tag_and_never_from_quoted_text():
    assert read("Python circle", "", ["cape-town"]).place == "Cape Town"
    assert read("Python circle", "[quote=\"ann\"]I am in Lagos[/quote]\n> Nairobi too\nSee you!").place is None


@pytest.mark.parametrize(
    "title, raw, language",
    [
        ("Python circle in Spanish", "", "Spanish"),
        ("Círculo de Python", "Nos reunimos en español.", "Spanish"),
        ("Círculo de Python", "en espanol", "Spanish"),  # accents optional
        ("Python circle", "Tutafanya kazi kwa Kiswahili", "Swahili"),
        ("Python circle in Swahili", "", "Swahili"),
        ("Python circle", "Swahili-speaking members welcome", "Swahili"),
        ("Learn Spanish together", "", None),  # the subject, not the language of the circle
        ("Learn Spanish in English", "", "English"),
        ("Python circle", "I like French films", None),  # a mention without a cue
    ],
)
def test_language_is_read_from_phrases_that_state_it(title, raw, language):
    assert read(title, raw).language == language


def test_the_phrase_naming_the_language_does_not_become_a_skill():
    assert read("Python circle in Spanish").skills == {"Python"}
    assert read("Learn Spanish in English").skills == {"Spanish"}
    needs = read("Interested in Spanish?")
    assert (needs.language, needs.skills) == (None, {"Spanish"})


def test_known_languages_decide_the_spelling_returned():
    assert find_language(["Taller en español"], ["spanish", "english"]) == "spanish"
    assert find_language(["Taller en castellano"], {"castellano": "es"}) == "es"
    assert find_language(["Atelier en français"], ["Spanish"]) is None


def test_find_place_prefers_the_longest_name():
    assert find_place(["Meet in Cape Town"], [], ["Cape", "Cape Town"]) == "Cape Town"


def test_clean_post_drops_quotes_code_links_and_markers():
    raw = "Hi <!-- circleup:ack --> `Lua` ```\nLua\n``` [docs](https://lua.org) https://x.org\n> quoted\nok"
    cleaned = clean_post(raw)
    assert "Lua" not in cleaned and "https" not in cleaned and "quoted" not in cleaned
    assert "docs" in cleaned and "ok" in cleaned


def test_skills_read_only_to_fill_open_places_are_not_what_the_circle_is_about():
    from dataclasses import dataclass

    @dataclass
    class Reading:
        skill: str
        confidence: float
        evidence: str
        fills_only: bool = False

    def read_skills(texts, *, among=None, named=None, free=()):
        return [Reading("data analysis", 0.4, "making sense of data"), Reading("Spreadsheets", 0.2, "tables", True)]

    needs = read("Making sense of our survey", "Tables everywhere.", read_skills=read_skills)
    assert needs.skills == {"data analysis"} and needs.fill_skills == {"Spreadsheets"}
    assert [r[0] for r in needs.readings] == ["data analysis"]
