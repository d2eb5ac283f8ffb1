"""A synchronous client for an ASGI application, shaped like Flask's test client.

It drives the application on an event loop of its own, the way gunicorn's ASGI worker does: one
scope, the body as `http.request` messages, the answer gathered from `send`. Tests that take the
`http` fixture can so run unchanged against the Flask view and against `circleup serve`'s ASGI front.

Loops run on threads of their own: the test's thread may already have a running loop (the browser
tests' Playwright leaves one behind in the pytest process).
"""
from __future__ import annotations

import asyncio
import io
import json
import threading
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar
from urllib.parse import urlsplit

T = TypeVar("T")

CHUNK = 64 * 1024


class ASGIResponse:
    def __init__(self, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        self.status_code = status
        self.headers = {name.decode("latin-1").title(): value.decode("latin-1") for name, value in headers}
        self.data = body

    @property
    def json(self) -> Any:
        return json.loads(self.data) if self.headers.get("Content-Type", "").startswith("application/json") else None

    def get_data(self, as_text: bool = False):
        return self.data.decode() if as_text else self.data


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """asyncio.run on a thread of its own, whatever loop the calling thread has."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


class ASGIClient:
    def __init__(self, app) -> None:
        self.app = app
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="asgi-client", daemon=True)
        self._thread.start()

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine on the client's loop, where the application's requests run."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=60)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join()
        self.loop.close()

    def get(self, path: str, **kwargs) -> ASGIResponse:
        return self.open("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> ASGIResponse:
        return self.open("POST", path, **kwargs)

    def open(self, method: str, path: str, *, data: bytes = b"", headers: dict[str, str] | None = None,
             input_stream: io.BufferedIOBase | None = None, **_ignored) -> ASGIResponse:
        """`data` is sent with its Content-Length; an `input_stream` in chunks without one.
        Keywords only Flask's client knows (`environ_overrides`) have no ASGI meaning and are ignored."""
        header_list = [(name.lower().encode("latin-1"), str(value).encode("latin-1")) for name, value in (headers or {}).items()]
        if input_stream is None:
            chunks = [data]
            header_list.append((b"content-length", str(len(data)).encode()))
        else:
            chunks = list(iter(lambda: input_stream.read(CHUNK), b"")) or [b""]
        url = urlsplit(path)
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
            "path": url.path, "raw_path": url.path.encode(), "query_string": url.query.encode(), "root_path": "",
            "headers": header_list, "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000),
        }
        return self.run(self._exchange(scope, chunks))

    async def _exchange(self, scope: dict, chunks: list[bytes]) -> ASGIResponse:
        incoming = [{"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1} for i, chunk in enumerate(chunks)]
        started: dict = {}
        body = bytearray()
        finished = asyncio.Event()

        async def receive():
            if incoming:
                return incoming.pop(0)
            await finished.wait()  # the application reads on only to learn that the client left
            return {"type": "http.disconnect"}

        async def send(message):
            if message["type"] == "http.response.start":
                started.update(message)
            elif message["type"] == "http.response.body":
                body.extend(message.get("body", b""))
                if not message.get("more_body", False):
                    finished.set()

        await self.app(scope, receive, send)
        assert started, "the application answered nothing"
        return ASGIResponse(started["status"], started.get("headers", []), bytes(body))


    def lifespan(self) -> None:
        """Start the application's lifespan and shut it down, as gunicorn does around a worker's life."""
        messages = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
        sent: list[str] = []

        async def receive():
            return messages.pop(0)

        async def send(message):
            sent.append(message["type"])

        self.run(self.app({"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send))
        assert sent == ["lifespan.startup.complete", "lifespan.shutdown.complete"], sent
