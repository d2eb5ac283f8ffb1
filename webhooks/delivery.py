"""Sans-I/O parsing and verification of one Discourse webhook delivery.

Nothing here touches a socket, a database or Flask: `Delivery.from_http(headers, body, ...)` takes
what arrived and either returns a verified delivery or raises `Rejected` with the HTTP status the
edge should answer. Keeping this apart from the HTTP framework makes every refusal testable alone.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

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
        instance = headers.get("x-discourse-instance", "").strip().rstrip("/")
        if expected_instance is not None and origin(instance) != origin(expected_instance):
            raise WrongInstance(f"X-Discourse-Instance {instance or '(missing)'} is not the configured forum")
        try:
            data = json.loads(body)
        except (UnicodeDecodeError, ValueError) as exc:
            raise BadPayload(f"body is not valid JSON: {exc}") from None
        if not isinstance(data, dict):
            raise BadPayload("body must be a JSON object")
        event_type = headers.get("x-discourse-event-type", "").strip() or next(iter(data), "")
        event_name = headers.get("x-discourse-event", "").strip() or event_type
        event_id = headers.get("x-discourse-event-id", "").strip()
        if not event_type:
            raise BadPayload("X-Discourse-Event-Type is missing and the body names no event type")
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
