"""The sans-I/O half of the receiver: signatures and fingerprints, whatever the body's size."""
from __future__ import annotations

import hashlib
import hmac
import os

import pytest

from circleup.webhooks.delivery import BadSignature, Delivery, body_fingerprint, body_sha256, sign

SECRET = "a-webhook-secret-0123456789"


@pytest.mark.parametrize("size", [0, 1, 2046, 2047, 2048, 4095, 4096, 10_000, 2 * 1024 * 1024])
def test_hashes_fed_in_pieces_equal_the_one_shot_digests(size):
    body = os.urandom(size)
    assert sign(body, SECRET) == "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert body_sha256(body) == hashlib.sha256(body).hexdigest()
    assert body_fingerprint("post_created", body) == hashlib.sha256(b"post_created\n" + body).hexdigest()


def test_a_large_body_signed_with_another_secret_is_refused():
    body = b'{"post":{"raw":"' + b"x" * 5000 + b'"}}'
    headers = {"Content-Type": "application/json", "X-Discourse-Event-Signature": sign(body, "another-secret"),
               "X-Discourse-Event-Type": "post", "X-Discourse-Event": "post_created", "X-Discourse-Event-Id": "1"}
    with pytest.raises(BadSignature):
        Delivery.from_http(headers, body, secret=SECRET, expected_instance=None)
    headers["X-Discourse-Event-Signature"] = sign(body, SECRET)
    assert Delivery.from_http(headers, body, secret=SECRET, expected_instance=None).sha256 == hashlib.sha256(body).hexdigest()
