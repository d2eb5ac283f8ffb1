"""The `skills:` settings, registration posts, and the profiles served to the matching flow."""
from __future__ import annotations

import os

import pytest
from sqlalchemy import update

from circleup.config.settings import ConfigError
from circleup.sync import load_settings
from circleup.integration.store import Member
from circleup.sync.skills.areas import get_normalizer, skills_config
from circleup.sync.skills.profiles import load_profiles, parse_registration, read_user_fields, skills_in_text
from tests.sync.skills.conftest import FOLLOW, SHARE


def _load(section: dict):
    return load_settings({}, {"skills": section})


@pytest.mark.parametrize("section, message", [
    ({"areas": [{"name": "Tech", "category_id": 3, "directory_topic_id": 4}]},
     "skills.areas.0.name: 'Tech' is not an area of the skills taxonomy"),
    ({"areas": [{"name": "Technology", "category_id": "three", "directory_topic_id": 4}]},
     "skills.areas.0.category_id: Not a valid integer"),
    ({"areas": [{"name": "Technology", "category_id": 3, "directory_topic_id": 4.5}]},
     "skills.areas.0.directory_topic_id: Not a valid integer"),
    ({"areas": [{"name": "Technology", "category_id": 3, "directory_topic_id": 4},
                {"name": "Design & media", "category_id": 5, "directory_topic_id": 4}]},
     "skills.areas.1.directory_topic_id: topic 4 is already the directory of areas[0]"),
    ({"share_field": "one"}, "skills.share_field: 'one' is not a user field id"),
    ({"share_field": 1, "learn_field": "1"}, "skills.learn_field: user field 1 is already skills.share_field"),
    ({"follow_level": 1}, "skills.follow_level"),
    ({"taxonomy": "/no/such/taxonomy.yaml", "areas": [{"name": "Technology", "category_id": 3, "directory_topic_id": 4}]},
     "skills.taxonomy: cannot read the taxonomy /no/such/taxonomy.yaml"),
    ({"areas": [{"name": "Technology", "category_id": 3, "directory_topic_id": 4, "topic": 9}]},
     "skills.areas.0.topic: Unknown field"),
])
def test_bad_settings_name_the_key(section, message):
    with pytest.raises(ConfigError) as caught:
        _load(section)
    assert message in str(caught.value)


def test_defaults_and_field_ids_given_as_numbers():
    settings = _load({"share_field": 1, "learn_field": "2", "areas": [
        {"name": "Technology", "category_id": 3, "directory_topic_id": 4, "skills": ["python3", "Beekeeping"]}]})
    cfg = skills_config(settings)
    assert (cfg.share_field, cfg.learn_field, cfg.follow_level, cfg.interval_s) == ("1", "2", 3, 10.0)
    technology = cfg.area("Technology")
    assert technology.holds("Python", None) and technology.holds("beekeeping", None)
    assert technology.holds("SQL", "Technology") and not technology.holds("Photography", "Design & media")


def test_user_fields_are_read_as_text_lists_and_flags():
    settings = _load({"share_field": 1, "learn_field": 2, "follow_field": 3})
    cfg = skills_config(settings)
    fields = read_user_fields({"user_fields": {"1": ["Python", "SQL"], "2": None, "3": "Yes"}}, cfg)
    assert (fields.share, fields.learn, fields.follow) == ("Python\nSQL", "", True)
    assert read_user_fields({"username": "amara"}, cfg) is None  # absent: ask the API, not "empty"


def test_registration_posts_are_read_line_by_line():
    found = parse_registration(
        "Hi everyone!\n\n**I can share:** Python, SQL\n- data visualisation\n\nSome words about me.\n"
        "Want to learn:\n* Wikidata\n* video editing\n\n[quote=\"lena\"]Share: Rust[/quote]\n> Learn: Go\n")
    assert found.share == "Python, SQL\ndata visualisation"
    assert found.learn == "Wikidata\nvideo editing"
    assert not parse_registration("When does the next circle start?").found
    assert parse_registration("Share: Python").learn is None


def test_a_registration_line_ending_with_a_comma_goes_on():
    found = parse_registration(
        "Share: Python, SQL,\nLua, Rust,\n  Go\nLearn: Wikidata;\nvideo editing\n\nThanks, all,\nsee you")
    assert found.share == "Python, SQL,\nLua, Rust,\nGo"
    assert found.learn == "Wikidata;\nvideo editing"
    # Without the comma the next line is prose, and a blank line ends a wrapped answer.
    assert parse_registration("Share: Python\nI live in Lagos").share == "Python"
    assert parse_registration("Share: Python,\n\nI live in Lagos").share == "Python,"


def test_an_edited_taxonomy_reaches_a_running_process(tmp_path):
    path = tmp_path / "taxonomy.yaml"
    path.write_text("areas: [{name: Crafts}]\nskills:\n  - {name: Knitting, area: Crafts}\n", encoding="utf-8")
    settings = _load({"taxonomy": str(path)})
    before = get_normalizer(settings)
    assert get_normalizer(settings) is before  # unchanged: the same index and its cache
    assert before.normalize("crochet").is_free
    path.write_text("areas: [{name: Crafts}]\nskills:\n  - {name: Knitting, area: Crafts, synonyms: [crochet]}\n",
                    encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # a coarse clock may not tick
    after = get_normalizer(settings)
    assert after is not before and after.normalize("crochet").canonical == "Knitting"


@pytest.fixture
def skills_section(skills_section):
    return {**skills_section, "follow_field": None, "follow_group": "area-followers"}


def test_members_of_the_follow_group_follow_their_areas(forum):
    forum.sim.add_group("area-followers")
    forum.sim.add_user("amara", user_fields={SHARE: "Python", FOLLOW: "yes"})  # the field is not the opt-in here
    forum.settle()
    technology = forum.categories["Technology"]
    assert forum.sim.category_level("amara", technology) == 1
    forum.sim.add_to_group("area-followers", "amara")
    forum.settle()
    assert forum.sim.category_level("amara", technology) == 3
    forum.sim.remove_from_group("area-followers", "amara")
    forum.settle()
    assert forum.sim.category_level("amara", technology) == 1


def test_load_profiles_serves_listed_members_with_their_skills(forum, settings):
    forum.sim.add_user("amara", user_fields={SHARE: "Python, SQL", "2": "Rust"})
    forum.sim.add_user("osioke", user_fields={SHARE: "Photography"})
    forum.sim.add_user("lena", user_fields={SHARE: "Wikidata"})
    forum.settle()
    with forum.services.store.session() as session:
        session.execute(update(Member).where(Member.username == "lena").values(opted_out=True))
    with forum.services.store.session() as session:
        profiles = {m.username: (shares, learns) for m, shares, learns in load_profiles(session, chunk=1)}
        everyone = {m.username for m, _s, _l in load_profiles(session, include_unlisted=True)}
    assert profiles == {"amara": (frozenset({"Python", "SQL"}), frozenset({"Rust"})),
                        "osioke": (frozenset({"Photography"}), frozenset())}
    assert everyone == {"amara", "osioke", "lena"}
    assert skills_in_text(settings, "A learning circle on python and photography in Lagos") == {"Python", "Photography"}
