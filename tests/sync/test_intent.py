import pytest

from circleup.sync.intent import reply_intent


@pytest.mark.parametrize("raw, intent", [
    ("I'm in!", "in"),
    ("Great idea, count me IN please", "in"),
    ("I\u2019ll be there \U0001f642", "in"),
    ("I'd like to join, if there is room", "in"),
    ("I'm in too!", "in"),
    ("I'm in, see you on Saturday", "in"),
    ("Sign me up", "in"),
    ("Sorry, can't make it this time", "out"),
    ("I'm out, something came up", "out"),
    ("I'm in\u2026 no wait, I can't make it", "out"),
    ("I'm in Lagos too", None),
    ("I'm in charge of the snacks", None),
    ("I'm out of town that week", None),
    ("I'm interested, what time?", None),
    ('[quote="amara, post:1"]I\'m in[/quote] Nice to see so many people', None),
    ("> I'm in\nme too, sort of", None),
    ("`I'm in` is what you type to join", None),
    ("", None),
])
def test_a_reply_says_in_out_or_neither(raw, intent):
    assert reply_intent(raw) == intent
