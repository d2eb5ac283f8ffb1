"""The support members need: a user field or a `Support:` line → the working group's private digest."""
from __future__ import annotations

import pytest

from circleup.sync.skills.support import normalise, parse_support_line

SUPPORT_FIELD = "4"
GROUP = "letsconnect-wg"


@pytest.fixture
def skills_section(skills_section) -> dict:
    return {**skills_section, "support_field": SUPPORT_FIELD, "support_group": GROUP, "support_interval_s": 0}


@pytest.fixture
def community(forum):
    sim = forum.sim
    sim.add_user("ruth", name="Ruth", trust_level=3)
    for username in ("osioke", "amara", "tomi"):
        sim.add_user(username, name=username.title())
    sim.add_group(GROUP, members=["ruth"])
    forum.settle()
    return sim


def digest(forum) -> list:
    """The working group's digest messages (their first posts)."""
    sim = forum.sim
    return [sim.first_post(t.id) for t in sim.private_messages_to("ruth") if t.title.startswith("Support members need")]


@pytest.mark.parametrize(("text", "needs"), [
    ("a stipend and a laptop", ["funding", "technology"]),
    ("Translation into Swahili; internet data bundles", ["translation", "connectivity"]),
    ("childcare during the sessions", ["childcare"]),
    ("help planning the session / methodology", ["methods"]),
    ("a quiet room", ["other"]),
    ("none", []),
    ("None, thanks!", []),
    ("funding, thanks", ["funding"]),
    ("", []),
])
def test_needs_are_normalised_to_the_short_list(text, needs):
    assert list(normalise(text)) == needs


def test_a_support_line_is_read_from_a_registration_post_but_not_from_a_quote():
    assert parse_support_line("Share: Python\n**Support:** funding, translation\nLearn: SQL") == "funding, translation"
    assert parse_support_line("[quote]Support: funding[/quote]\nShare: Python") is None


def test_the_working_group_gets_one_digest_edited_in_place_and_a_removed_need_disappears(forum, community):
    sim = community
    sim.update_user("osioke", user_fields={SUPPORT_FIELD: "a stipend, and a laptop"})
    sim.reply("amara", forum.registration_topic, "Share: Wikidata\nLearn: Python\nSupport: translation and childcare")
    forum.settle()
    [message] = digest(forum)
    assert "[osioke](/u/osioke)" in message.raw and "[amara](/u/amara)" in message.raw
    assert message.raw.index("**Funding**") < message.raw.index("**Translation**") < message.raw.index("**Childcare**")
    assert "since " in message.raw
    assert "tomi" not in message.raw and sim.private_messages_to("tomi") == []  # private to the group

    sim.update_user("osioke", user_fields={SUPPORT_FIELD: ""})  # no longer needs anything
    forum.settle()
    [message] = digest(forum)  # the same message, edited
    assert "osioke" not in message.raw and "[amara](/u/amara)" in message.raw

    post = next(p for p in sim.posts_in(forum.registration_topic) if sim.users[p.user_id].username == "amara")
    sim.edit_post(post.id, "Share: Wikidata\nLearn: Python\nSupport: none, thanks")
    forum.settle()
    [message] = digest(forum)
    assert "No member has asked for support" in message.raw


def test_duplicate_deliveries_and_a_burst_cost_one_message_and_no_extra_edit(forum, community):
    sim = community
    before = len(sim.requests)
    sim.update_user("osioke", user_fields={SUPPORT_FIELD: "internet connectivity"})
    sim.update_user("tomi", user_fields={SUPPORT_FIELD: "funding"})
    forum.settle()
    for event in sim.events("user_updated")[-2:]:
        sim.redeliver(event.id)
        sim.retry(event.id)
    forum.settle()
    [message] = digest(forum)
    assert "[osioke](/u/osioke)" in message.raw and "[tomi](/u/tomi)" in message.raw
    writes = [(r.method, r.path) for r in sim.requests[before:] if r.method in ("POST", "PUT")]
    assert writes.count(("POST", "/posts.json")) == 1  # one message, however many members and deliveries
    assert not [w for w in writes if w[0] == "PUT"]  # nothing changed afterwards: no edit


def test_a_suspended_member_leaves_the_digest(forum, community):
    sim = community
    sim.update_user("tomi", user_fields={SUPPORT_FIELD: "funding"})
    forum.settle()
    sim.suspend("tomi")
    forum.settle()
    [message] = digest(forum)
    assert "tomi" not in message.raw
