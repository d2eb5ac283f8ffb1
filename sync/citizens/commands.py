"""Reading `/approve @username` and `/decline @username reason…` lines out of a post's raw markdown.

Pure functions: no database, no Discourse. Only lines an approver typed count, so lines inside
quotes (`[quote]…[/quote]`, `> …`) and code (fenced, or indented four spaces, as in the approvers'
notice that shows the commands) are skipped: quoting the notice must not approve anyone. Nor do
lines inside HTML comments, which readers never see.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from circleup.integration.markdown import is_valid_username

APPROVE = "approve"
DECLINE = "decline"

# Up to three spaces of indentation: four make a markdown code block.
_COMMAND = re.compile(r"^ {0,3}/(?P<verb>approve|decline)\b(?P<rest>.*)$", re.IGNORECASE)
# A code fence opens with three or more backticks or tildes and closes only with a run of the same
# character at least as long, alone on its line (CommonMark): "~~~" inside a "```" block is code.
_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_FENCE_CLOSE = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*$")
_COMMENT_OPEN, _COMMENT_CLOSE = "<!--", "-->"
_QUOTE_OPEN = re.compile(r"\[quote\b", re.IGNORECASE)
_QUOTE_CLOSE = re.compile(r"\[/quote\]", re.IGNORECASE)
# Punctuation people put after a name in a sentence; Discourse usernames never end with it.
_TRAILING = ",;:!?.)-"


@dataclass(frozen=True)
class Command:
    verb: str  # APPROVE or DECLINE
    line: str  # as typed, for the audit log and the reply to the approver
    username: str | None = None
    reason: str = ""
    problem: str | None = None  # why the line cannot be carried out, when malformed

    @property
    def malformed(self) -> bool:
        return self.problem is not None


def parse_commands(raw: str) -> list[Command]:
    """Every command line of a post, malformed ones included (with their `problem`)."""
    return [_parse_line(line, match) for line, match in _command_lines(raw)]


def is_only_commands(raw: str) -> bool:
    """True when every line the author wrote (outside quotes and code) is a command line."""
    lines = [line for line in _authored_lines(raw) if line.strip()]
    return bool(lines) and all(_COMMAND.match(line) for line in lines)


def _command_lines(raw: str):
    for line in _authored_lines(raw):
        match = _COMMAND.match(line)
        if match:
            yield line.strip(), match


def _authored_lines(raw: str):
    """Lines outside quotes, code blocks and HTML comments (circleup's own hidden markers, or an
    approver's note to other approvers, which may run over several lines)."""
    fence = None  # the run of backticks or tildes that opened the code block we are in
    in_comment = False
    quote_depth = 0
    for line in (raw or "").splitlines():
        if fence is not None:
            closing = _FENCE_CLOSE.match(line)
            if closing and closing[1][0] == fence[0] and len(closing[1]) >= len(fence):
                fence = None
            continue
        if in_comment:
            end = line.find(_COMMENT_CLOSE)
            in_comment = end < 0 or _opens_comment(line[end + len(_COMMENT_CLOSE):])
            continue
        opening = _FENCE_OPEN.match(line)
        if opening:
            fence = opening[1]
            continue
        # A comment left open on this line hides the lines after it (this one may still hold a command before it).
        in_comment = _opens_comment(line)
        opened, closed = len(_QUOTE_OPEN.findall(line)), len(_QUOTE_CLOSE.findall(line))
        was_quoting = quote_depth > 0
        quote_depth = max(0, quote_depth + opened - closed)
        if was_quoting or opened or closed:
            continue
        if line.lstrip().startswith((">", _COMMENT_OPEN)) or line.startswith(("    ", "\t")):
            continue
        yield line


def _opens_comment(line: str) -> bool:
    """Whether the line's last `<!--` is not closed on the line itself."""
    start = line.rfind(_COMMENT_OPEN)
    return start >= 0 and _COMMENT_CLOSE not in line[start + len(_COMMENT_OPEN):]


def _parse_line(line: str, match: re.Match) -> Command:
    verb = match["verb"].lower()
    words = match["rest"].split(maxsplit=1)
    if not words:
        return Command(verb, line, problem=f"name the member: /{verb} @username" + (" reason" if verb == DECLINE else ""))
    username = words[0].removeprefix("@").rstrip(_TRAILING)
    if not is_valid_username(username):
        return Command(verb, line, problem=f"{words[0]} is not a username (write @username)")
    reason = words[1].strip() if len(words) > 1 else ""
    if verb == APPROVE and "@" in reason:
        return Command(verb, line, username=username, problem="one member per line: /approve @username")
    if verb == DECLINE and not reason:
        return Command(verb, line, username=username, problem="a decline needs a reason, the applicant is told it")
    if verb == DECLINE and _names_a_member(reason.split()[0]):
        # `/decline @a @b not yet` would decline only a, telling them "@b not yet".
        return Command(verb, line, username=username, problem="one member per line: /decline @username reason")
    return Command(verb, line, username=username, reason=reason)


def _names_a_member(word: str) -> bool:
    return word.startswith("@") and is_valid_username(word[1:].rstrip(_TRAILING))
