"""The `citizens:` section: defaults for every key, and errors that name the key."""
from __future__ import annotations

import pytest

from circleup.config.settings import ConfigError
from circleup.sync import load_settings


def load(tmp_path, **citizens):
    return load_settings({"CIRCLEUP_INSTANCE_PATH": str(tmp_path)}, {"citizens": citizens}).citizens


def test_every_key_has_a_default(tmp_path):
    assert load(tmp_path).to_dict() == {
        "application_topic_ids": [], "group": "citizens", "category_id": None, "approvers_group": None,
        "goal": 100, "decline_notice": "private_message", "newsletter": "group_message",
        "category": "Source Citizens", "application_topic": "Source Citizens: peer learning about peer learning",
        "application_category": "General", "title": "Source Citizens", "member_noun": "citizen", "badge": "citizen",
    }


@pytest.mark.parametrize("keys, named", [
    ({"goal": 0}, "citizens.goal"),
    ({"decline_notice": "email"}, "citizens.decline_notice"),
    ({"group": "citizens;drop"}, "citizens.group"),
    ({"newsletter": "topic"}, "citizens.newsletter"),  # a topic needs the private category
    ({"aproval_group": "approvers"}, "citizens.aproval_group"),
])
def test_bad_values_are_refused_naming_the_key(tmp_path, keys, named):
    with pytest.raises(ConfigError, match=named.replace(".", r"\.")):
        load(tmp_path, **keys)


def load_programmes(tmp_path, programmes, **sections):
    return load_settings({"CIRCLEUP_INSTANCE_PATH": str(tmp_path)}, {"programmes": programmes, **sections})


AMBASSADORS = {"title": "Learning Ambassadors", "member_noun": "ambassador", "group": "learning-ambassadors",
               "application_topic_ids": [77], "goal": 20, "badge": "learning_ambassador"}


def test_a_config_with_only_citizens_has_one_programme(tmp_path):
    from circleup.sync.citizens.programmes import all_programmes

    settings = load_settings({"CIRCLEUP_INSTANCE_PATH": str(tmp_path)}, {"citizens": {"application_topic_ids": [5]}})
    assert [p.name for p in all_programmes(settings)] == ["citizens"]
    assert settings.programmes.to_dict() == {}


def test_programmes_take_the_citizens_keys_and_their_templates_are_checked(tmp_path):
    from circleup.sync.citizens.programmes import all_programmes, programme

    settings = load_programmes(tmp_path, {"learning-ambassadors": AMBASSADORS})
    assert [p.name for p in all_programmes(settings)] == ["citizens", "learning-ambassadors"]
    ambassadors = programme(settings, "learning-ambassadors")
    assert (ambassadors.config.goal, ambassadors.config.category, ambassadors.config.decline_notice) == (20, None, "private_message")
    assert ambassadors.a_member == "an ambassador" and ambassadors.members_noun == "ambassadors"
    names = {spec.name for spec in settings.template_specs}
    assert {"citizens/thanks.md.j2", "citizens/learning-ambassadors/thanks.md.j2"} <= names


@pytest.mark.parametrize("programmes, named, why", [
    ({"learning-ambassadors": {**AMBASSADORS, "group": "citizens"}}, "programmes.learning-ambassadors",
     "group 'citizens' is also the citizens programme's"),
    ({"learning-ambassadors": {**AMBASSADORS, "application_topic_ids": [5]}}, "programmes.learning-ambassadors",
     "application topic 5 is also the citizens programme's"),
    ({"learning-ambassadors": {**AMBASSADORS, "badge": "citizen"}}, "programmes.learning-ambassadors",
     "badge 'citizen' is also the citizens programme's"),
    ({"learning-ambassadors": {**AMBASSADORS, "badge": "barnstar"}}, "programmes.learning-ambassadors",
     "badge 'barnstar' is not one of recognition.badges"),
    ({"learning-ambassadors": {**AMBASSADORS, "gaol": 3}}, "programmes.learning-ambassadors.gaol", "Did you mean goal"),
    ({"learning-ambassadors": {key: value for key, value in AMBASSADORS.items() if key != "group"}},
     "programmes.learning-ambassadors.group", "required"),
    ({"Learning Ambassadors": AMBASSADORS}, "programmes.Learning Ambassadors", "not a programme name"),
    ({"skills": AMBASSADORS}, "programmes.skills", "taken by circleup itself"),
    ({"citizens": AMBASSADORS}, "programmes.citizens", "configured in the citizens: section"),
])
def test_programmes_that_would_be_confused_are_refused_at_start_up(tmp_path, programmes, named, why):
    with pytest.raises(ConfigError) as refused:
        load_programmes(tmp_path, programmes, citizens={"application_topic_ids": [5]})
    assert named in str(refused.value) and why in str(refused.value), str(refused.value)


def test_a_programme_without_its_templates_is_refused_at_start_up(tmp_path):
    from circleup.integration.templates import Templates

    settings = load_programmes(tmp_path, {"mentors": {**AMBASSADORS, "title": "Mentors", "badge": None}})
    problems = Templates(settings).check()
    assert any("citizens/mentors/thanks.md.j2" in problem for problem in problems), problems
