"""Does a reply in an application topic read as an application?

The call for applications says "reply here and tell us about the groups you run" (or, for Learning
Ambassadors, "which skills you would share in a Learning Clinic"), and members do;
they also ask questions ("How long does approval take?"), cheer others on ("Good luck!"), and
answer each other. Only the first are applications. `read_reply` weighs what a post says and where
it sits in the thread and answers with one of three readings:

* APPLICATION: thanked as an application and sent to the approvers;
* UNSURE: still recorded for the approvers (nobody is lost), but answered with words that do not
  tell the member they applied, and marked as uncertain in the approvers' notice;
* NOT_AN_APPLICATION: left alone (audited, so an approver can still `/approve` the member).

The rules are deliberately plain (phrases and shape, no model): an approver must be able to see why
a post was read the way it was, and `bench/application_reading.py` measures them on a labelled set
of replies (bench/data/application_replies.yaml).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

APPLICATION, UNSURE, NOT_AN_APPLICATION = "application", "unsure", "not_an_application"

# Saying they want in: the strongest sign.
_INTENT = re.compile(
    r"\b(count me in|sign me up|i'?m in\b|i am in\b|add me|include me|(would|'d) (love|like) to (join|be|become|apply|take part)"
    r"|(take|taking) on (this|the|that) role|(become|be|being) an? (learning )?ambassador"
    r"|i want to (join|be|become|apply)"
    r"|i'?d be (happy|glad|keen|delighted) to (join|be|take part)|(please )?consider (me|this)( as)? (my|an) application"
    r"|this is my application|i'?m applying|i am applying|i('?d| would) like to register|register(ing)? my interest"
    r"|interested in (joining|becoming|being)|keen to (join|be)|happy to (join|be part)|want(ed)? to apply"
    r"|would love to be (a|one of the) citizens?|become a (source )?citizen|be a (source )?citizen|join (the )?citizens"
    r"|join (you|this|in)\b|i('?m| am) (very )?interested\b|let me (join|in)\b|me too\b.*\b(join|citizen))",
    re.I,
)
# Describing the peer learning they do: what the call asks applicants to tell.
_ACTIVITY = re.compile(
    r"\b(i|we) (run|ran|host|hosted|organi[sz]e|organi[sz]ed|facilitate|facilitated|lead|led|co-?found(ed)?|found(ed)?"
    r"|started|start|convene|coordinate|coordinated|moderate|curate|teach|mentor|set up|gather|meet|met)\b"
    r"|\b(my|our) (group|groups|circle|circles|club|clubs|meetup|meetups|community|communities|cohort|sessions?"
    r"|study group|reading group|book club|learning group|workshops?|program(me)?s?|chapter|collective)\b"
    r"|\b(study|reading|learning|peer|accountability|mastermind|practice|writing|coding|language) (group|circle|club|pod)s?\b"
    r"|\b(facilitator|facilitating|organi[sz]er|organi[sz]ing|convener|host of|co-?host|founder of|volunteer)\b"
    r"|\bpart of (a|several|some|few|many|two|three|\d+) \w*\s*(groups?|communit(y|ies)|circles?|clubs?)\b"
    r"|\b(every|each) (week|weekend|month|saturday|sunday|monday|tuesday|wednesday|thursday|friday|evening)\b"
    r"|\b(weekly|fortnightly|monthly|biweekly)\b|\bon whatsapp\b|\bon telegram\b|\bon discord\b"
    r"|\bpeer[- ]learning\b|\bin my (city|town|locality|neighbou?rhood|area|village|school|university|company)\b"
    r"|\b(run|host|give|lead|propose|offer) (a |some |my )?(learning )?clinics?\b|\b(i|we) (could|can) share\b",
    re.I,
)
_THANKS = re.compile(
    r"^(i |that'?s (a |so )?|this is (a |so )?|what an? )?(thanks?( you)?|thank u|thx|ty|cheers|great( idea| post| initiative)?|love (this|it)|nice|awesome|amazing|brilliant"
    r"|good luck|congrats|congratulations|welcome|well done|\+1|same here|agreed|this is (great|amazing|wonderful)"
    r"|so cool|wow|yay|fantastic|exciting|looking forward)\b",
    re.I,
)
_QUESTION_WORDS = re.compile(
    r"^(how|what|when|where|who|why|which|is|are|can|could|do|does|did|will|would|should|may|might|any|has|have)\b", re.I)
_QUOTE = re.compile(r"\[quote[^\]]*\].*?\[/quote\]", re.I | re.S)
_MARKUP = re.compile(r"<!--.*?-->|```.*?```|`[^`]*`|:[a-z0-9_+\-]+:", re.S)
_MENTION_START = re.compile(r"^\s*@[\w.\-]+")
_WORD = re.compile(r"[\w'’\-]+")


@dataclass(frozen=True)
class Reading:
    verdict: str
    score: int
    reasons: tuple[str, ...] = field(default=())

    @property
    def is_application(self) -> bool:
        return self.verdict == APPLICATION

    @property
    def why(self) -> str:
        return "; ".join(self.reasons)


def _plain(raw: str) -> str:
    text = _QUOTE.sub(" ", raw or "")
    text = _MARKUP.sub(" ", text)
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip()


def read_reply(raw: str, *, reply_to_post_number: int | None = None, quotes_someone: bool | None = None) -> Reading:
    """How a reply in the application topic reads. `reply_to_post_number` is Discourse's: None or 1
    for a reply to the call itself, another number for a reply to a member's post."""
    quoted = bool(_QUOTE.search(raw or "")) if quotes_someone is None else quotes_someone
    text = _plain(raw)
    words = _WORD.findall(text)
    count = len(words)
    reasons: list[str] = []
    score = 0

    intent = _INTENT.search(text)
    activities = {m.group(0).lower() for m in _ACTIVITY.finditer(text)}
    if intent:
        score += 3
        reasons.append(f'asks to join ("{intent.group(0)}")')
    if activities:
        score += min(3, len(activities))
        reasons.append(f"describes peer learning they do ({', '.join(sorted(activities)[:3])})")
    if count >= 40:
        score += 1
        reasons.append(f"{count} words")
    elif count >= 20 and _THANKS.match(text) and activities:
        # "I love this! In my locality these groups…": warmth for the call, then what they do.
        score += 1
        reasons.append("welcomes the call and goes on about their groups")

    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    questions = [s for s in sentences if s.rstrip().endswith("?")]
    question = bool(sentences and len(questions) == len(sentences) or (
        questions and count <= 25 and _QUESTION_WORDS.match(text) and not activities))
    if question:
        score -= 3
        reasons.append("a question")
    elif count <= 15 and _THANKS.match(text) and not intent:
        score -= 3
        reasons.append("a short thank-you or cheer")
    if count < 8 and not intent:
        score -= 2
        reasons.append("very short")
    if reply_to_post_number not in (None, 1):
        score -= 3
        reasons.append(f"a reply to post #{reply_to_post_number}, not to the call")
    elif quoted:
        score -= 1
        reasons.append("quotes another post")
    if _MENTION_START.match(raw or "") and not intent:
        score -= 2
        reasons.append("addressed to another member")

    if score >= 3 and (intent or len(activities) >= 2) and reply_to_post_number in (None, 1):
        verdict = APPLICATION
    elif score >= 1 or (intent and not question):
        verdict = UNSURE
    else:
        verdict = NOT_AN_APPLICATION
    return Reading(verdict, score, tuple(reasons) or ("says nothing about joining or about groups they run",))
