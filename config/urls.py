"""URLs as they may be shown: in messages, `circleup doctor`'s report and logs.

DATABASE_URL, QUEUE_URL and DISCOURSE_URL may carry a password (`postgresql://user:pw@host/db`,
`redis://:pw@host:6379/0`, the form Redis' requirepass uses). Every place that shows one goes
through `safe_url`, so there is one rule to get right rather than a regex per module.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

HIDDEN = "***"
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
# Query parameters that hold credentials (libpq's ?password=, redis-py's ?password=, tokens).
_SECRET_PARAMS = re.compile(r"pass|secret|token|key", re.I)


def safe_url(url: str | None) -> str:
    """`url` with any password replaced by ***; a value that does not parse as scheme://… shows
    only its scheme, because where a mistyped URL's password ends cannot be known."""
    if not url:
        return ""
    scheme = _SCHEME.match(url)
    # Without "//" there is no authority to find the password in (`postgresql:/user:pw@host`).
    if not scheme or not url[scheme.end():].startswith("//"):
        return _unparseable(scheme)
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return _unparseable(scheme)
    # An "@" after the host means the password held a "/", "?" or "#" and spilled out of it.
    if "@" in parts.path + parts.query + parts.fragment:
        return _unparseable(scheme)
    netloc = parts.netloc
    _userinfo, at, host = netloc.rpartition("@")
    if at:
        user = parts.username or ""
        netloc = f"{user}:{HIDDEN}@{host}" if parts.password is not None else f"{user}@{host}"
    query = parts.query
    if query and _SECRET_PARAMS.search(query):
        pairs = parse_qsl(query, keep_blank_values=True)
        query = urlencode([(key, HIDDEN if _SECRET_PARAMS.search(key) else value) for key, value in pairs], safe="*")
    # Built by hand: urlunsplit drops the "//" of schemes it does not know (sqlite:///path).
    return (f"{parts.scheme}://{netloc}{parts.path}" + (f"?{query}" if query else "")
            + (f"#{parts.fragment}" if parts.fragment else ""))


def without_password(text: str, url: str | None) -> str:
    """`text` (a driver's error message, say) with `url` shown safely and its password hidden,
    should the message repeat either."""
    if not url:
        return text
    text = text.replace(url, safe_url(url))
    try:
        password = urlsplit(url).password
    except ValueError:
        password = None
    for form in {password, unquote(password or "")} - {None, ""}:
        text = text.replace(form, HIDDEN)
    return text


def _unparseable(scheme: re.Match | None) -> str:
    return f"{scheme.group(1)}:… (malformed URL, not shown)" if scheme else "(malformed URL, not shown)"
