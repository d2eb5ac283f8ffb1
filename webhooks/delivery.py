"""Sans-I/O parsing and verification of one Discourse webhook delivery.

Nothing here touches a socket, a database or Flask: `Delivery.from_http(headers, body, ...)` takes
what arrived and either returns a verified delivery or raises `Rejected` with the HTTP status the
edge should answer. Keeping this apart from the HTTP framework makes every refusal testable alone.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from circleup.config.schema import DEFAULT_MAX_JSON_DEPTH

# The two content types a Discourse webhook can be set to; both carry the same JSON body.
ACCEPTED_CONTENT_TYPES = ("application/json", "application/x-www-form-urlencoded")
# Every header from_http reads: an edge can pass just these instead of the whole request's.
HEADERS = ("Content-Type", "X-Discourse-Event-Signature", "X-Discourse-Instance", "X-Discourse-Event-Type",
           "X-Discourse-Event", "X-Discourse-Event-Id")


class Rejected(Exception):
    """The delivery must be refused with `status`; `error` is a short machine-readable code."""

    status = 400
    error = "bad_request"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnsupportedMediaType(Rejected):
    status, error = 415, "unsupported_media_type"


class BadSignature(Rejected):
    status, error = 401, "bad_signature"


class WrongInstance(Rejected):
    status, error = 403, "wrong_instance"


class BadPayload(Rejected):
    status, error = 400, "bad_payload"


class BadHeader(Rejected):
    status, error = 400, "bad_header"


# The headers stored with the event, and the longest value each column holds.
STORED_HEADERS = {"x-discourse-instance": 255, "x-discourse-event-id": 64, "x-discourse-event-type": 64,
                  "x-discourse-event": 96}
# Discourse's ids and counts are 64-bit integers; nothing it sends is longer.
_LARGEST_INT = 2**63 - 1
# Cheap gates in front of the exact checks below, so the usual delivery pays a few scans in C.
# With every digit read as 0, E as e and + as - (a regex for these costs ten times more): a run of
# digits long enough to leave the 64-bit range, or an exponent, the only ways to a number out of
# range (a float needs over 300 digits to overflow without one). And the escapes that spell a NUL
# or a UTF-16 surrogate (which decode to strings no database column takes).
_NUMBER_SHAPES = bytes.maketrans(b"123456789E+", b"000000000e-")
_LONG_DIGIT_RUN = b"0" * 19
_SUSPECT_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])")


# hashlib and hmac let go of the GIL for any update of 2,048 bytes or more. A webhook body is
# about that size and hashes in microseconds; letting go costs more under load, where another
# request thread takes the interpreter and this one waits its turn to get it back. Updates just
# under the threshold keep it.
_HASH_CHUNK = 2047


def _update(hasher, data: bytes):
    view = memoryview(data)
    for start in range(0, len(view), _HASH_CHUNK):
        hasher.update(view[start:start + _HASH_CHUNK])
    return hasher


def sign(body: bytes, secret: str) -> str:
    """The X-Discourse-Event-Signature value Discourse sends for `body`."""
    return "sha256=" + _update(hmac.new(secret.encode(), digestmod=hashlib.sha256), body).hexdigest()


def body_sha256(body: bytes) -> str:
    return _update(hashlib.sha256(), body).hexdigest()


def body_fingerprint(event_name: str, body: bytes) -> str:
    """What makes two deliveries the same, whatever their event ids: the event and its exact body.

    Discourse's retries resend the same body under a new event id, so the body alone would do —
    except that some different events carry identical bodies (user_added_to_group and
    user_removed_from_group for one membership), so the event name is part of the fingerprint.
    """
    return _update(hashlib.sha256(event_name.encode() + b"\n"), body).hexdigest()


@lru_cache(maxsize=64)  # the same forum address arrives on every delivery
def origin(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) with the default port filled in, for comparing forum addresses."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    port = parts.port or {"http": 80, "https": 443}.get(scheme, 0)
    return scheme, (parts.hostname or "").lower(), port


@dataclass(frozen=True)
class Delivery:
    instance: str
    event_id: str
    event_type: str
    event_name: str
    body: bytes = field(repr=False)
    data: dict[str, Any] = field(repr=False)
    sha256: str
    fingerprint: str  # duplicates are recognised by this (see body_fingerprint)

    @property
    def payload(self) -> dict[str, Any]:
        """The object under the body's single top-level key (`post`, `topic`, `user`, …)."""
        value = self.data.get(self.event_type)
        return value if isinstance(value, dict) else {}

    @property
    def is_ping(self) -> bool:
        return self.event_type == "ping" or self.event_name == "ping"

    @classmethod
    def from_http(
        cls,
        headers: Mapping[str, str],
        body: bytes,
        *,
        secret: str | None,
        expected_instance: str | None,
        max_depth: int = DEFAULT_MAX_JSON_DEPTH,
    ) -> Delivery:
        """Verify and parse; checks run in the order the edge must answer them (size is the edge's)."""
        headers = {k.lower(): v for k, v in headers.items()}
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type not in ACCEPTED_CONTENT_TYPES:
            raise UnsupportedMediaType(
                f"Content-Type must be one of {', '.join(ACCEPTED_CONTENT_TYPES)}, got {content_type or 'none'}"
            )
        if secret is not None:
            given = headers.get("x-discourse-event-signature", "")
            if not given:
                raise BadSignature("X-Discourse-Event-Signature is missing; set the webhook's secret in Discourse")
            if not hmac.compare_digest(sign(body, secret).encode(), given.strip().encode()):
                raise BadSignature("X-Discourse-Event-Signature does not match the body; check the shared secret")
        for name, longest in STORED_HEADERS.items():
            _check_header(name, headers.get(name, ""), longest)
        instance = headers.get("x-discourse-instance", "").strip().rstrip("/")
        if expected_instance is not None and not _same_forum(instance, expected_instance):
            raise WrongInstance(f"X-Discourse-Instance {instance or '(missing)'} is not the configured forum")
        data = parse_json(body, max_depth=max_depth)
        if not isinstance(data, dict):
            raise BadPayload("body must be a JSON object")
        event_type = headers.get("x-discourse-event-type", "").strip() or next(iter(data), "")
        event_name = headers.get("x-discourse-event", "").strip() or event_type
        event_id = headers.get("x-discourse-event-id", "").strip()
        if not event_type:
            raise BadPayload("X-Discourse-Event-Type is missing and the body names no event type")
        if len(event_type) > STORED_HEADERS["x-discourse-event-type"] or not event_type.isprintable():
            raise BadPayload("the body's top-level key is not an event type (too long, or not printable); "
                             "send X-Discourse-Event-Type")
        if not event_id and event_type != "ping":
            raise BadPayload("X-Discourse-Event-Id is missing")
        return cls(
            instance=instance or (expected_instance or ""),
            event_id=event_id,
            event_type=event_type,
            event_name=event_name,
            body=body,
            data=data,
            sha256=body_sha256(body),
            fingerprint=body_fingerprint(event_name, body),
        )


def _check_header(name: str, value: str, longest: int) -> None:
    """A header that is stored must fit its column and hold no control character (PostgreSQL
    refuses a NUL in text): refused here, a 400, rather than a failed insert, a 503."""
    if len(value) > longest:
        raise BadHeader(f"{_spelling(name)} is {len(value)} characters long; at most {longest} are accepted")
    if not value.isprintable():
        raise BadHeader(f"{_spelling(name)} contains control characters")


def _spelling(name: str) -> str:
    return "-".join(part.capitalize() for part in name.split("-"))


def _same_forum(instance: str, expected: str) -> bool:
    try:
        return origin(instance) == origin(expected)
    except ValueError:  # not a URL at all (an unclosed IPv6 bracket, a port that is not a number)
        return False


def parse_json(body: bytes, *, max_depth: int = DEFAULT_MAX_JSON_DEPTH) -> Any:
    """The JSON a Discourse delivery carries, or BadPayload for anything Discourse would not send.

    Strict UTF-8 (json.loads would also guess UTF-16 or UTF-32, which could then not be stored as
    text), no repeated keys (parsers disagree on which one wins), no NaN or Infinity, integers in
    the 64-bit range, finite floats, strings without NUL or lone surrogates, and at most
    `max_depth` levels of nesting.
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadPayload(f"body is not UTF-8: byte {exc.start} is not valid ({exc.reason})") from None
    shapes = body.translate(_NUMBER_SHAPES)
    big_numbers = _LONG_DIGIT_RUN in shapes or b"0e0" in shapes or b"0e-0" in shapes
    decoder = _DECODER_CHECKING_NUMBERS if big_numbers else _DECODER
    try:
        data = decoder.decode(text)
    except RecursionError:
        raise BadPayload(f"body nests deeper than {max_depth} levels (webhook.max_json_depth)") from None
    except _Refused as exc:
        raise BadPayload(str(exc)) from None
    except ValueError as exc:  # JSONDecodeError, and int()'s limit on digits
        raise BadPayload(f"body is not valid JSON: {exc}") from None
    # Every container holds at least one bracket, so a body with few of them cannot nest deeply.
    if body.count(b"{") + body.count(b"[") > max_depth or _SUSPECT_ESCAPE.search(body):
        _check_tree(data, max_depth)
    return data


class _Refused(Exception):
    """Raised from inside json.loads' hooks (a ValueError would read as a syntax error)."""


def _object_without_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        repeated = next(key for key, _ in pairs if key in seen or seen.add(key))
        raise _Refused(f"body repeats the key {repeated[:60]!r} in one object")
    return data


def _no_constant(name: str) -> Any:
    raise _Refused(f"body contains {name}, which is not JSON")


def _bounded_int(digits: str) -> int:
    value = int(digits)
    if abs(value) > _LARGEST_INT:
        raise _Refused(f"body contains the integer {digits[:30]}{'…' if len(digits) > 30 else ''}, "
                       "outside the 64-bit range")
    return value


def _finite_float(digits: str) -> float:
    value = float(digits)
    if not math.isfinite(value):
        raise _Refused(f"body contains the number {digits[:30]}, too large for a float")
    return value


# Built once: json.loads with any hook builds a new decoder per call, which costs more than the
# hook. Numbers are checked one by one only behind the gate above (a hook per number is slow).
_DECODER = json.JSONDecoder(object_pairs_hook=_object_without_repeats, parse_constant=_no_constant)
_DECODER_CHECKING_NUMBERS = json.JSONDecoder(object_pairs_hook=_object_without_repeats, parse_constant=_no_constant,
                                             parse_float=_finite_float, parse_int=_bounded_int)


def _check_tree(data: Any, max_depth: int) -> None:
    """Depth and strings, walked without recursion (the point is to survive hostile nesting)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            items = list(value.items())
            for key, _ in items:
                _check_string(key)
            children = [child for _, child in items]
        elif isinstance(value, list):
            children = value
        else:
            if isinstance(value, str):
                _check_string(value)
            continue
        if depth > max_depth:
            raise BadPayload(f"body nests deeper than {max_depth} levels (webhook.max_json_depth)")
        stack.extend((child, depth + 1) for child in children)


def _check_string(value: str) -> None:
    if "\x00" in value:
        raise BadPayload("body contains a NUL character (\\u0000)")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BadPayload("body contains a lone UTF-16 surrogate (\\ud800-\\udfff without its pair)") from None
