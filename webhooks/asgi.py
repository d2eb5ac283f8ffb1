"""The ASGI application `circleup serve` runs: the receiver on the event loop, the rest in Flask.

On gunicorn's thread-per-request worker, a burst of deliveries keeps a dozen threads handing the
interpreter to one another, and that hand-over costs more than the work (bench/receiver.py). Here
POST /webhooks/discourse is answered by coroutines on gunicorn's asyncio worker: the same checks
and answers as the Flask view (`Receiver`), with the inbox written by a thread of its own, a batch
per commit (`AsyncInbox`). Every other request (/healthz, /metrics, the dashboard, and any other
method on the receiver's path) goes to the Flask app from create_app() on a thread pool, where
its blocking database reads and Discourse calls belong.
"""
from __future__ import annotations

import asyncio
import time

import structlog
from a2wsgi import WSGIMiddleware
from flask import Flask

from circleup.integration.inbox import AsyncInbox
from circleup.webhooks.delivery import HEADERS
from circleup.webhooks.receiver import PATH, Answer, Receiver

log = structlog.get_logger("circleup.asgi")
# The request headers the receiver reads, as ASGI spells them (lower case, bytes).
_HEADER_NAMES = {name.lower().encode("latin-1"): name for name in HEADERS}
_JSON = (b"content-type", b"application/json")


class Disconnected(Exception):
    """The client went away before its body arrived; there is no one to answer."""


class CircleupASGI:
    """An ASGI 3 application around the Flask app of create_app()."""

    def __init__(self, app: Flask, *, threads: int = 4) -> None:
        self._receiver: Receiver = app.extensions["circleup.receiver"]
        self._inbox = AsyncInbox(app.extensions["circleup.inbox"])
        self._worker = app.extensions["circleup.worker"]
        self._flask = WSGIMiddleware(app, workers=threads)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            if scope["path"] == PATH and scope["method"] == "POST":
                await self._receive_delivery(scope, receive, send)
            else:
                await self._flask(scope, receive, send)
        elif scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1000})

    async def _receive_delivery(self, scope, receive, send) -> None:
        started = time.perf_counter()
        receiver = self._receiver
        client = scope.get("client")
        remote = client[0] if client else None
        headers: dict[str, str] = {}
        content_length = None
        for name, value in scope["headers"]:
            if (header := _HEADER_NAMES.get(name)) is not None:
                headers[header] = value.decode("latin-1")
            elif name == b"content-length" and value.isdigit():  # gunicorn refuses any other
                content_length = int(value)
        answer = receiver.check_length(content_length, remote)
        if answer is None:
            try:
                body = await _read_body(receive, receiver.max_body_bytes + 1)
            except Disconnected:
                return
            outcome = receiver.accept(headers, body, remote)
            if isinstance(outcome, Answer):
                answer = outcome
            else:
                try:
                    event_pk = await self._inbox.add(outcome)
                except Exception as exc:  # noqa: BLE001 - whatever the database said, the answer must not be 2xx
                    answer = receiver.store_failed(outcome, exc)
                else:
                    answer = receiver.stored(outcome, event_pk, started)
        await send({"type": "http.response.start", "status": answer.status,
                    "headers": [_JSON, (b"content-length", str(len(answer.body)).encode())]})
        await send({"type": "http.response.body", "body": answer.body})

    async def _lifespan(self, receive, send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                # Every delivery already answered 200 is committed; hand the ids still waiting for
                # the queue over before the process goes (the sweeper would find them, but later).
                await self._inbox.drain()
                self._inbox.close()
                flushed = await asyncio.get_running_loop().run_in_executor(None, self._worker.flush_enqueued, 10.0)
                if not flushed:
                    log.warning("shutdown.enqueue_unfinished", next_step="the worker's sweeper enqueues the rest")
                await send({"type": "lifespan.shutdown.complete"})
                return


async def _read_body(receive, limit: int) -> bytes:
    """The request body, or its first `limit` bytes when it is longer."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise Disconnected
        chunk = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        if size >= limit or not message.get("more_body", False):
            return b"".join(chunks)[:limit]


def create_asgi_app(*, threads: int = 4) -> CircleupASGI:
    """The ASGI application around a new Flask app from create_app()."""
    from circleup.webhooks.app import create_app

    return CircleupASGI(create_app(), threads=threads)
