"""The receiver under generated hostile input, through both edges (the Flask view and the ASGI front).

Each generated delivery is a body — random bytes, arbitrary JSON, a real Discourse payload cut
short or with bytes changed or hostile snippets spliced in, deep nesting, extreme numbers, escapes
of NUL and lone surrogates, repeated keys — with headers that are right, missing, mangled or huge,
mostly signed correctly so that the body gets past the signature to the parser. Whatever arrives:

* the answer is never a 5xx (the store is up, so not even a 503);
* a refusal stores nothing, and an acceptance stores exactly one row (none for a duplicate or a ping);
* afterwards a valid delivery is still accepted: the process keeps serving.

SQLite runs FUZZ_EXAMPLES generated deliveries per edge; PostgreSQL, which holds text to its column
lengths and refuses NUL where SQLite does not, runs a fifth of that.
"""
from __future__ import annotations

import json
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from circleup.integration.store import Event
from circleup.webhooks.asgi import CircleupASGI
from tests.asgi import ASGIClient
from tests.conftest import FORUM_URL, delivery, load_fixture, sign

FUZZ_EXAMPLES = 5000
PATH = "/webhooks/discourse"
FIXTURES = ["post_created__reply", "user_created", "user_removed_from_group", "topic_created__tagged",
            "reviewable_created", "ping"]
REAL_BODIES = [load_fixture(name)["raw_body"].encode() for name in FIXTURES]
HEADER_NAMES = ["Content-Type", "X-Discourse-Instance", "X-Discourse-Event-Id", "X-Discourse-Event-Type",
                "X-Discourse-Event", "X-Discourse-Event-Signature"]
# Pieces of hostile JSON to splice into real payloads.
SNIPPETS = [b"[" * 3000, b'{"a":' * 1500, b"9" * 5000, b"1e999", b"-1e-999", b"NaN", b"-Infinity", b'"\\ud800"',
            b'"\\udfff\\ud800"', b'"\\u0000"', b"\x00", b"\xff\xfe", b"\xed\xa0\x80", b"\xc0\x80", b'"a":1,"a":2',
            b"\\", b'"', b"}", b"]", b",", b"18446744073709551616", b"-9223372036854775809", b"\xef\xbb\xbf"]
SAFE_HEADER_TEXT = st.characters(min_codepoint=0x20, max_codepoint=0xFF, blacklist_characters="\x7f")


def json_values():
    """Arbitrary JSON, with the text and numbers a parser finds hardest."""
    scalars = st.one_of(
        st.none(), st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=30),
        st.sampled_from(["\x00", "\ud800", "\udfff", "😀", "\u2028", "\\u0000", "Zoë"]),
    )
    return st.recursive(scalars, lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)), max_leaves=20)


def _encode(value) -> bytes:
    # surrogatepass: a lone surrogate reaches the wire as the bytes a careless encoder would send.
    return json.dumps(value, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass")


@st.composite
def bodies(draw) -> bytes:
    kind = draw(st.sampled_from(["bytes", "json", "object", "real", "cut", "flip", "splice", "nested", "number",
                                 "duplicate"]))
    if kind == "bytes":
        return draw(st.binary(max_size=400))
    if kind == "json":
        return _encode(draw(json_values()))
    if kind == "object":
        return _encode({draw(st.sampled_from(["post", "user", "topic", "group_user", "ping"])): draw(json_values())})
    real = draw(st.sampled_from(REAL_BODIES))
    if kind == "real":
        return real
    if kind == "cut":
        return real[:draw(st.integers(0, len(real)))]
    if kind == "flip":
        at = draw(st.integers(0, len(real) - 1))
        return real[:at] + bytes([draw(st.integers(0, 255))]) + real[at + 1:]
    if kind == "splice":
        at = draw(st.integers(0, len(real)))
        return real[:at] + draw(st.sampled_from(SNIPPETS)) + real[at:]
    if kind == "nested":
        depth = draw(st.integers(1, 4000))
        opener, closer = draw(st.sampled_from([(b"[", b"]"), (b'{"a":', b"}"), (b'{"a":[', b"]}")]))
        return b'{"post":' + opener * depth + b"1" * (opener != b"[") + closer * depth + b"}"
    if kind == "number":
        number = draw(st.one_of(st.integers().map(lambda n: str(n).encode()),
                                st.sampled_from(SNIPPETS[2:7] + SNIPPETS[-3:-1]),
                                st.from_regex(rb"\A-?[0-9]{1,400}(\.[0-9]{1,50})?([eE][+-]?[0-9]{1,6})?\Z")))
        return b'{"post": {"id": ' + number + b', "topic_id": 1}}'
    key = draw(st.sampled_from(["id", "post", "raw"]))
    return ('{"post": {"%s": 1, "%s": 2}}' % (key, key)).encode()


@st.composite
def deliveries(draw) -> tuple[bytes, dict[str, str]]:
    body = draw(bodies())
    _, headers = delivery("post_created__reply", event_id=uuid.uuid4().hex[:12])
    for name in draw(st.lists(st.sampled_from(HEADER_NAMES), max_size=3, unique=True)):
        change = draw(st.sampled_from(["drop", "text", "huge", "latin1"]))
        if change == "drop":
            headers.pop(name)
        elif change == "text":
            headers[name] = draw(st.text(SAFE_HEADER_TEXT, max_size=40))
        elif change == "huge":
            headers[name] = draw(st.sampled_from(["a", "1", "/", "é", "%"])) * draw(st.integers(60, 20_000))
        else:
            headers[name] = draw(st.sampled_from([FORUM_URL + ":99999", "http://[::1", "user_created\x1f", "1\x00",
                                                  "application/json; charset=latin-1", "ping", "ÿ" * 70]))
    if "X-Discourse-Event-Signature" in headers and draw(st.integers(0, 9)) > 0:
        headers["X-Discourse-Event-Signature"] = sign(body)  # mostly signed: the parser is the target
    return body, headers


@pytest.fixture(params=["flask", "asgi"])
def edge(request, app):
    if request.param == "flask":
        yield app.test_client()
        return
    client = ASGIClient(CircleupASGI(app, threads=2))
    yield client
    client.close()


def _stored(services) -> int:
    with services.store.session() as session:
        return session.scalar(select(func.count()).select_from(Event))


def test_no_generated_delivery_gets_a_5xx_or_stores_a_refusal(edge, services, backend):
    examples = FUZZ_EXAMPLES if backend.name == "sqlite" else FUZZ_EXAMPLES // 5
    sent: list[int] = []
    count = [_stored(services)]

    # Function-scoped fixtures on purpose: one app and one database take every example, as a
    # served process takes every delivery, so a poisoned state would show up in later answers.
    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large, HealthCheck.large_base_example])
    @given(deliveries())
    def send(generated):
        body, headers = generated
        response = edge.post(PATH, data=body, headers=headers)
        sent.append(response.status_code)
        assert response.status_code < 500, (response.status_code, response.data[:300])
        now = _stored(services)
        if response.status_code == 200 and response.json["status"] in ("queued", "ignored"):
            assert now == count[0] + 1
        else:
            assert now == count[0], f"a {response.status_code} ({response.data[:200]!r}) stored a row"
            assert response.status_code == 200 or response.json["error"] and response.json["message"]
        count[0] = now

    send()
    assert len(sent) >= examples
    # Not everything was turned away at the door: the generator reaches acceptance and each refusal.
    assert {200, 400, 401}.issubset(sent), sorted(set(sent))

    body = json.dumps({"post": {"id": 1, "raw": uuid.uuid4().hex}}).encode()
    headers = {**delivery("post_created__reply", event_id="after-the-fuzz")[1], "X-Discourse-Event-Signature": sign(body)}
    response = edge.post(PATH, data=body, headers=headers)
    assert response.status_code == 200 and response.json["status"] in ("queued", "ignored")
    assert _stored(services) == count[0] + 1
