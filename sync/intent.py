"""What a short reply says about taking part: "I'm in", "count me in" → in; "can't make it", "I'm out" → out.

Members answer a clinic or a proposed circle in their own words, so the phrases are matched
case-insensitively anywhere in the reply (after quotes and code are set aside: quoting someone's
"I'm in" is not joining), with typographic apostrophes read as plain ones. A reply saying both
("I'm in… no, I can't make it") counts as its last word on the matter.
"""
from __future__ import annotations

import re
from typing import Literal

Intent = Literal["in", "out"]

_JOIN = (
    r"count me in", r"i'?ll be there", r"i will be there", r"i'?d like to join", r"i would like to join",
    r"i want to join", r"sign me up", r"i'?ll join", r"i will join", r"i'?m joining", r"i am joining",
)
_LEAVE = (
    r"count me out", r"can'?t make it", r"cannot make it", r"can not make it", r"won'?t make it",
    r"will not make it", r"won'?t be there", r"will not be there", r"i'?m not coming", r"i am not coming",
    r"i can'?t come", r"i cannot come",
)
# "I'm in" / "I'm out" say it only when nothing but a few words of assent follows them: "I'm in Lagos",
# "I'm in charge", "I'm out of town" are about something else.
_SHORT = r"(?:(?P<short_in>i'?m in|i am in)|(?P<short_out>i'?m out|i am out))(?!\s*[a-z])"
_SHORT_ASSENT = r"(?:(?P<assent_in>i'?m in|i am in)|(?P<assent_out>i'?m out|i am out))\s+(?:too|as well|also|again|for sure|definitely|then)\b"
_PHRASE = re.compile(
    r"(?<![\w'])(?:(?P<out>" + "|".join(_LEAVE) + r")|(?P<in>" + "|".join(_JOIN) + r")|" + _SHORT_ASSENT + "|"
    + _SHORT + r")(?![\w'])",
    re.IGNORECASE,
)
_QUOTE = re.compile(r"\[quote[^\]]*\].*?\[/quote\]", re.IGNORECASE | re.DOTALL)
_FENCE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
_QUOTED_LINE = re.compile(r"^\s*>.*$", re.MULTILINE)


def reply_intent(raw: str) -> Intent | None:
    """"in", "out", or None when the reply says neither."""
    text = _QUOTED_LINE.sub(" ", _FENCE.sub(" ", _QUOTE.sub(" ", raw or "")))
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    last: Intent | None = None
    for match in _PHRASE.finditer(text):
        last = "out" if (match.group("out") or match.group("short_out") or match.group("assent_out")) else "in"
    return last
