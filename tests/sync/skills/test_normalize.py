from __future__ import annotations

import pytest

from circleup.sync.skills.normalize import NormalizedSkill, Normalizer, clean, fold, is_plural_pair, stem
from circleup.sync.skills.taxonomy import parse_taxonomy


@pytest.mark.parametrize("raw, canonical, method", [
    ("Python", "Python", "exact"),
    ("python", "Python", "exact"),
    ("PYTHON", "Python", "exact"),
    ("  Python  ", "Python", "exact"),
    ("py", "Python", "synonym"),
    ("python3", "Python", "synonym"),
    ("Python 3", "Python", "synonym"),
    ("data analytics", "Data analysis", "synonym"),
    ("Data-Analytics", "Data analysis", "synonym"),
    ("organizing events", "Event organising", "synonym"),
    ("SQL", "SQL", "exact"),
    ("postgres", "SQL", "synonym"),
    ("Lua", "Lua", "exact"),
    ("C++", "C++", "exact"),
    ("HTML/CSS", "HTML & CSS", "exact"),
    ("Node.js", "Node.js", "exact"),
    ("nodejs", "Node.js", "synonym"),
    ("wikipedia", "Editing Wikipedia", "synonym"),
    ("Commons", "Wikimedia Commons", "synonym"),
])
def test_names_and_synonyms(normalizer, raw, canonical, method):
    skill = normalizer.normalize(raw)
    assert (skill.canonical, skill.method, skill.score) == (canonical, method, 100.0)
    assert skill.raw == raw
    assert skill.area == normalizer.taxonomy.skill(canonical).area


@pytest.mark.parametrize("raw, canonical", [
    ("facilitación", "Facilitation"),
    ("traduction", "Translation"),
    ("fotografía", "Photography"),
    ("Fotografia", "Photography"),  # pt spelling, and es without its accent
    ("FOTOGRAFÍA", "Photography"),
    ("tafsiri", "Translation"),
    ("análisis de datos", "Data analysis"),
    ("analisis de datos", "Data analysis"),
    ("Übersetzung", "Translation"),
    ("ubersetzung", "Translation"),
    ("हिन्दी", "Hindi"),
    ("edición de vídeo", "Video editing"),
])
def test_translations_are_accent_and_case_insensitive(normalizer, raw, canonical):
    skill = normalizer.normalize(raw)
    assert (skill.canonical, skill.method) == (canonical, "translation")


@pytest.mark.parametrize("raw, canonical", [
    ("Grant proposal", "Grant writing"),          # synonym "grant proposals", singular given
    ("learning clinic", "Peer learning"),
    ("Hackathon organisings", "Hackathon organising"),
    ("Spreadsheetss", "Spreadsheets"),            # not a plural rule: a typo, caught by fuzzy instead
])
def test_plural_and_singular_forms(normalizer, raw, canonical):
    assert normalizer.normalize(raw).canonical == canonical


def test_plural_method_and_score(normalizer):
    skill = normalizer.normalize("grant proposal")
    assert skill.method == "plural"
    assert 90 < skill.score < 100


def test_library_plural_ies():
    taxonomy = parse_taxonomy({"areas": [{"name": "Education"}],
                               "skills": [{"name": "Public library", "area": "Education"}]})
    skill = Normalizer(taxonomy).normalize("public libraries")
    assert (skill.canonical, skill.method) == ("Public library", "plural")


@pytest.mark.parametrize("raw, canonical", [
    ("**Python**", "Python"),
    ("`SQL`", "SQL"),
    ("_Wikidata_", "Wikidata"),
    ("Wikidata!!! 🐍", "Wikidata"),
    (":snake: Python", "Python"),
    ("[Python](https://www.python.org)", "Python"),
    ("#python", "Python"),
    ("Photography.", "Photography"),
    ("Python (advanced)", "Python"),
    ("Public   speaking\t", "Public speaking"),
    ("✍️ Writing", "Writing"),                # U+FE0F, the emoji variation selector
    ("🖥️ Programming", "Programming"),
    ("👩🏽\u200d💻 Python", "Python"),         # skin tone and zero-width joiner
    ("Wiki\u200bdata\u2060", "Wikidata"),     # zero-width space, word joiner
    ("ｐｙｔｈｏｎ", "Python"),  # full-width letters, folded by NFKC
])
def test_markup_punctuation_and_emoji_are_ignored(normalizer, raw, canonical):
    assert normalizer.normalize(raw).canonical == canonical


@pytest.mark.parametrize("raw, canonical", [
    ("pyhton", "Python"),
    ("Pythn", "Python"),
    ("facilitaton", "Facilitation"),
    ("wikipeda", "Editing Wikipedia"),
    ("Javascrpt", "JavaScript"),
    ("data analisys", "Data analysis"),
    ("photograhpy", "Photography"),
    ("public speeking", "Public speaking"),
    ("pythonn", "Python"),                    # a letter typed twice
    ("wkidata", "Wikidata"),                  # the second letter slips too, in a long word
])
def test_typos_are_fuzzy_matched(normalizer, raw, canonical):
    skill = normalizer.normalize(raw)
    assert (skill.canonical, skill.method) == (canonical, "fuzzy")
    assert normalizer.fuzzy_threshold <= skill.score < 100


@pytest.mark.parametrize("raw", [
    "Photonics",          # shares "photo" with Photography, but is another field
    "Wikinomics",         # shares "wiki" with many Wikimedia terms
    "Javanese",           # starts like Java
    "Translitteration",
    "Photoshopping",
    "Statistician",
    "Mapmaking",
    "Reaching",           # one edit from "teaching", but the first letter differs
    "Pyton3k",            # two edits from "python3" in seven letters: too far
    # Ordinary words one or two letters from a term are other words, not typos:
    "Hiking",             # "hiring": a wrong letter in a short word
    "Texting", "Waiting",
    "Banking",            # "baking": an extra letter that doubles nothing
    "Spelling", "Meditation", "Scales",
    "Framing",            # "farming": a swap at the start of a short word
    "Crafting", "Scripting", "Copywriting", "Evolution", "Transition",  # two edits below 12 letters
])
def test_near_misses_do_not_match_a_wrong_skill(normalizer, raw):
    skill = normalizer.normalize(raw)
    assert skill.method == "free", skill
    assert skill.area is None and skill.score == 0.0


def test_near_miss_is_stopped_by_the_edit_guard_not_the_threshold(normalizer):
    # Jaro-Winkler alone rates "photonics" close to the synonym "photos"; only the edit-distance
    # guard keeps it from becoming Photography.
    from rapidfuzz.distance import JaroWinkler

    assert JaroWinkler.normalized_similarity("photonics", "photos") * 100 >= normalizer.fuzzy_threshold
    assert normalizer.normalize("Photonics").method == "free"


def test_short_words_are_never_fuzzy(normalizer):
    assert normalizer.normalize("Pyth").method == "free"   # four letters: "Pyth" is not Python
    assert normalizer.normalize("SQK").method == "free"


def test_fuzzy_threshold_is_configurable(taxonomy):
    lenient = Normalizer(taxonomy, fuzzy_threshold=80)
    strict = Normalizer(taxonomy, fuzzy_threshold=99)
    assert lenient.normalize("pyhton").canonical == "Python"
    assert strict.normalize("pyhton").method == "free"
    with pytest.raises(ValueError):
        Normalizer(taxonomy, fuzzy_threshold=0)


@pytest.mark.parametrize("raw, canonical", [
    ("community radio", "Community Radio"),
    ("COMMUNITY RADIO", "Community Radio"),
    ("beekeeping for beginners", "Beekeeping"),  # a level said in words is no more the skill than "(beginner)"
    ("iOS dev", "Ios Dev"),  # one form whatever the case: a skill needing its own capitals goes in the taxonomy
    ("✍️ zine making", "Zine Making"),
    ("Community-led design", "Community-led Design"),
    ("  zine making 🌱 ", "Zine Making"),
    ("@everyone", "Everyone"),
    ("<script>", "Script"),
    ("Permaculture design (level 2)", "Permaculture Design"),
])
def test_unknown_skills_are_kept_as_free_skills(normalizer, raw, canonical):
    skill = normalizer.normalize(raw)
    assert skill == NormalizedSkill(raw=raw, canonical=canonical, area=None, method="free", score=0.0)
    assert skill.is_free


@pytest.mark.parametrize("raws", [
    ("BEEKEEPING", "beekeeping", "Beekeeping", "beeKeeping!", "**beekeeping** (beginner)"),
    ("Community radio", "COMMUNITY RADIO", "community Radio"),
])
def test_a_free_skill_has_one_form_whatever_its_case(normalizer, raws):
    assert len({normalizer.normalize(raw).canonical for raw in raws}) == 1


def test_free_skill_is_capped_at_a_word_boundary(normalizer):
    skill = normalizer.normalize("storytelling with " + "very " * 40 + "long words")
    assert skill.method == "free"
    assert len(skill.canonical) <= 80 and not skill.canonical.endswith(" ")


@pytest.mark.parametrize("raw", ["", "   ", "🐍🐍", "!!!", "---"])
def test_text_without_letters_is_not_a_skill(normalizer, raw):
    with pytest.raises(ValueError, match="no skill"):
        normalizer.normalize(raw)


def test_results_are_cached(taxonomy):
    normalizer = Normalizer(taxonomy)
    first = normalizer.normalize("pyhton")
    assert normalizer.normalize("pyhton") is first
    normalizer.cache_clear()
    again = normalizer.normalize("pyhton")
    assert again == first and again is not first


def test_normalized_skill_is_frozen(normalizer):
    with pytest.raises(AttributeError):
        normalizer.normalize("Python").canonical = "Perl"  # type: ignore[misc]


@pytest.mark.parametrize("raw, expected", [
    ("pyhton", "'pyhton' → Python (fuzzy, 96) · Technology"),
    ("py", "'py' → Python (synonym, 100) · Technology"),
    ("fotografía", "'fotografía' → Photography (translation, 100) · Design & media"),
    ("community radio", "'community radio' → Community Radio (free skill: not in the taxonomy)"),
    ("🐍", "no skill in '🐍': it has no letters or digits"),
])
def test_explain(normalizer, raw, expected):
    assert normalizer.explain(raw) == expected


@pytest.mark.parametrize("text, expected", [
    ("Data-Analysis!", "data analysis"),
    ("Fotografía", "fotografia"),
    ("C++ and C#", "c++ and c#"),
    ("Straße", "strasse"),
    ("snake_case", "snake case"),
])
def test_fold(text, expected):
    assert fold(text) == expected


def test_clean_keeps_case_and_accents():
    assert clean("  **Fotografía** — básica!! ") == "Fotografía básica"


@pytest.mark.parametrize("a, b", [
    ("workshops", "workshop"), ("courses", "course"), ("libraries", "library"), ("classes", "class"),
    ("talleres", "taller"), ("traducciones", "traduccion"), ("learning circles", "learning circle"),
])
def test_stem_joins_singular_and_plural(a, b):
    assert stem(a) == stem(b)


@pytest.mark.parametrize("a, b", [("analysis", "analysi"), ("gis", "gi"), ("bus", "bu"), ("class", "clas")])
def test_stem_leaves_non_plurals_alone(a, b):
    assert stem(a) == a and stem(a) != b


@pytest.mark.parametrize("a, b, plural", [
    ("workshops", "workshop", True), ("talleres", "taller", True), ("libraries", "library", True),
    ("grant proposal", "grant proposals", True), ("python", "python", True),
    ("state", "stats", False), ("states", "stats", False), ("course", "cours", False),
    ("grant proposal", "grant", False),
])
def test_is_plural_pair(a, b, plural):
    assert is_plural_pair(a, b) is plural and is_plural_pair(b, a) is plural


@pytest.mark.parametrize("raw", ["State", "States", "state"])
def test_a_shared_stem_is_not_a_plural(normalizer, raw):
    # "state" and "stats" (a Statistics term) both stem to "stat".
    assert normalizer.normalize(raw).is_free


@pytest.mark.parametrize("raw, canonical, method", [
    ("good at GIS", "Mapping and GIS", "synonym"),
    ("I can help with python (advanced)", "Python", "exact"),
    ("quiero aprender fotografía", "Photography", "translation"),
    ("je maîtrise keeping bees", "Keeping Bees", "free"),
    ("I've been bookbinding for years", "Bookbinding", "free"),
    ("curious about zine making", "Zine Making", "free"),
    ("Learning circle facilitation", "Learning circle facilitation", "exact"),  # a skill that starts like a lead-in
    ("learning", "Learning", "free"),  # nothing after the lead-in: the word is what was written
    # The lead-ins of every language circleup's communities write, with or without accents:
    ("me gustaria aprender fotografía", "Photography", "translation"),
    ("puedo enseñar apicultura", "Apicultura", "free"),
    ("j’aimerais apprendre la photographie", "Photography", "translation"),
    ("bon en Python", "Python", "exact"),
    ("gostaria de aprender fotografia", "Photography", "translation"),
    ("posso ensinar apicultura", "Apicultura", "free"),
    ("würde gerne lernen: Python", "Python", "exact"),
    ("gut in Schach", "Schach", "free"),
    ("nataka kujifunza Python", "Python", "exact"),
    ("mzoefu wa upishi", "Cooking", "translation"),
])
def test_a_profile_fields_framing_is_not_part_of_the_skill(normalizer, raw, canonical, method):
    skill = normalizer.normalize(raw)
    assert (skill.raw, skill.canonical, skill.method) == (raw, canonical, method)


def test_skills_outside_the_taxonomy_are_found_in_prose_among_those_members_wrote(normalizer):
    known = {"Beekeeping", "Zine Making", "Community-led Design", "Other", "Photography", "Bee", "Rug Hooking"}
    text = "Our beekeeping circle: zine making and community-led design, other things. Photography too! Rug, hooking."
    # Longest run first, never across punctuation; taxonomy skills are find_in_text's, fillers and
    # words under five letters are not skills in prose.
    assert normalizer.find_free_in_text(text, known) == {"Beekeeping", "Zine Making", "Community-led Design"}
    assert normalizer.find_free_in_text(text, set()) == set()
    assert normalizer.find_free_in_text("**Beekeeping** [for](https://x.example) all", known) == {"Beekeeping"}
