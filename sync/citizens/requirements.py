"""What the citizens flow needs in the forum (`circleup setup` makes it, `circleup doctor` checks it),
for each programme: its group, its private category readable only by that group and staff, its
approvers' group when one is configured, and its call for applications (a topic whose replies are
applications, opened with the programme's `call.md.j2`).
"""
from __future__ import annotations

from circleup.sync.citizens import messages
from circleup.sync.citizens.programmes import all_programmes


def forum_requirements(settings) -> list:
    from circleup.integration.forum_setup import CategoryRequirement, GroupRequirement, TopicRequirement
    from circleup.integration.templates import Templates

    templates = Templates(settings)
    needs: list = []
    for programme in all_programmes(settings):
        config = programme.config
        needs.append(GroupRequirement(config.group, full_name=programme.title, config_key=programme.config_key("group")))
        if config.approvers_group:
            needs.append(GroupRequirement(config.approvers_group, full_name="Application approvers",
                                          config_key=programme.config_key("approvers_group")))
        if config.category or config.category_id:
            needs.append(CategoryRequirement(config.category or programme.title, read_restricted_to=config.group,
                                             id_config_key=programme.config_key("category_id"),
                                             configured_id=config.category_id))
        if config.application_topic or config.application_topic_ids:
            ids = list(config.application_topic_ids)
            needs.append(TopicRequirement(
                CategoryRequirement(config.application_category), config.application_topic or programme.title,
                templates.render(programme.template(messages.CALL), goal=config.goal),
                id_config_key=programme.config_key("application_topic_ids") + "[0]",
                configured_id=ids[0] if ids else None,
            ))
    return needs
