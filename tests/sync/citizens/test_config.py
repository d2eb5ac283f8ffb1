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
        "application_category": "General",
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
