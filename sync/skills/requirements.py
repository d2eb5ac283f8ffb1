"""What the skills flow needs in the forum (`circleup setup` makes it, `circleup doctor` checks it):
the user fields members fill in (skills to share, skills to learn, the opt-in to follow their areas),
the follow group when one is configured, and per area its category and directory topic.
"""
from __future__ import annotations

SHARE_DESCRIPTION = "Skills you can share with others, separated by commas (for example: Python, Yoruba, beekeeping)"
LEARN_DESCRIPTION = "Skills you would like to learn, separated by commas"
FOLLOW_DESCRIPTION = "Watch the categories of the skill areas you share or want to learn"

DIRECTORY_INTRO = """\
Who in the community can share what in **{area}**, and who wants to learn it. This directory is kept
current by circleup from the members' profile fields: fill in yours and it appears here."""


def directory_title(area: dict) -> str:
    return area.get("directory_topic") or f"Skills directory: {area['name']}"


def forum_requirements(settings) -> list:
    from circleup.integration.forum_setup import (
        CONFIRM_FIELD,
        CategoryRequirement,
        GroupRequirement,
        TopicRequirement,
        UserFieldRequirement,
    )

    config = settings.skills
    needs: list = []
    for key, name, description, field_type in (
        ("share_field", config.share_field_name, SHARE_DESCRIPTION, "text"),
        ("learn_field", config.learn_field_name, LEARN_DESCRIPTION, "text"),
        ("follow_field", config.follow_field_name, FOLLOW_DESCRIPTION, CONFIRM_FIELD),
    ):
        configured = getattr(config, key)
        if name or configured:
            needs.append(UserFieldRequirement(name or f"skills.{key}", description, field_type=field_type,
                                              id_config_key=f"skills.{key}",
                                              configured_id=int(configured) if configured else None))
    if config.follow_group:
        needs.append(GroupRequirement(config.follow_group, full_name="Following their skill areas",
                                      public_admission=True, public_exit=True, config_key="skills.follow_group"))
    for index, area in enumerate(config.areas):
        area = dict(area)
        category = CategoryRequirement(area.get("category") or area["name"],
                                       id_config_key=f"skills.areas[{index}].category_id",
                                       configured_id=area.get("category_id"))
        needs += [category, TopicRequirement(category, directory_title(area), DIRECTORY_INTRO.format(area=area["name"]),
                                             id_config_key=f"skills.areas[{index}].directory_topic_id",
                                             configured_id=area.get("directory_topic_id"))]
    return needs
