"""What the citizens flow needs in the forum (`circleup setup` makes it, `circleup doctor` checks it):
the citizens group, the facilitators' category readable only by that group and staff, the approvers'
group when one is configured, and the call for applications (a topic whose replies are applications).
"""
from __future__ import annotations

APPLICATION_CALL = """\
More and more learners are taking their education into their own hands and building their own peer
learning groups. So what if we start a group of **Source Citizens** who build peer learning groups around
their goals, and connect all of us to support each other? Peer learning about peer learning!

Citizens get a private, facilitator-only area on this forum, a little newsletter with quick group
facilitation tips, and online discussions to trade tips. Our goal is to get towards {goal} Citizens.

**How do I join?** Reply to this topic and tell us about the peer learning groups you run or want to
start: who meets, how often, and what you learn together. Questions are welcome here too; an approver
will answer them."""


def forum_requirements(settings) -> list:
    from circleup.integration.forum_setup import CategoryRequirement, GroupRequirement, TopicRequirement

    config = settings.citizens
    needs: list = [GroupRequirement(config.group, full_name="Source Citizens", config_key="citizens.group")]
    if config.approvers_group:
        needs.append(GroupRequirement(config.approvers_group, full_name="Application approvers",
                                      config_key="citizens.approvers_group"))
    if config.category or config.category_id:
        needs.append(CategoryRequirement(config.category or "Source Citizens", read_restricted_to=config.group,
                                         id_config_key="citizens.category_id", configured_id=config.category_id))
    if config.application_topic or config.application_topic_ids:
        ids = list(config.application_topic_ids)
        needs.append(TopicRequirement(
            CategoryRequirement(config.application_category), config.application_topic or "Source Citizens",
            APPLICATION_CALL.format(goal=config.goal),
            id_config_key="citizens.application_topic_ids[0]", configured_id=ids[0] if ids else None,
        ))
    return needs
