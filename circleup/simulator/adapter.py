"""A `requests` transport adapter that answers from the simulator's WSGI app, in-process.

Mounted on a Session (`sim.mount(session)`), it lets the real `DiscourseClient` — its
headers, JSON bodies, timeouts and error mapping — run against the simulator with no socket
and no server thread. Only the bytes on the wire are skipped.

A slow response longer than the request's read timeout is emulated faithfully: the app still
carries the request out (the post exists), then the adapter raises `requests.ReadTimeout`, as a
client that gave up would see it.
"""
from __future__ import annotations

from typing import Any, Callable
from urllib.parse import urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from werkzeug.test import EnvironBuilder, run_wsgi_app

# WSGI environ key through which this adapter shares the client's read timeout with the app
# ({"read_timeout": float}) and learns whether the app emulated a timeout ({"timed_out": True}).
# A dict, because werkzeug copies the environ but not the values in it.
ENVIRON_CLIENT = "circleup.simulator.client"


def _read_timeout(timeout: Any) -> float | None:
    if isinstance(timeout, tuple):
        return timeout[1] if len(timeout) > 1 else timeout[0]
    return timeout


class SimulatorAdapter(BaseAdapter):
    def __init__(self, app: Callable[..., Any]) -> None:
        super().__init__()
        self.app = app

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: Any = True,
        cert: Any = None,
        proxies: Any = None,
    ) -> requests.Response:
        url = urlsplit(request.url or "")
        body = request.body.encode() if isinstance(request.body, str) else request.body
        builder = EnvironBuilder(
            path=url.path,
            query_string=url.query,
            method=request.method,
            headers=dict(request.headers),
            data=body or b"",
            base_url=f"{url.scheme}://{url.netloc}",
        )
        try:
            environ = builder.get_environ()
        finally:
            builder.close()
        read_timeout = _read_timeout(timeout)
        client: dict[str, Any] = {"read_timeout": float(read_timeout) if read_timeout is not None else None}
        environ[ENVIRON_CLIENT] = client
        app_iter, status, headers = run_wsgi_app(self.app, environ, buffered=True)
        try:
            content = b"".join(app_iter)
        finally:
            getattr(app_iter, "close", lambda: None)()
        if client.get("timed_out"):
            raise requests.ReadTimeout(f"simulated read timeout after {read_timeout}s", request=request)

        response = requests.Response()
        code, _, reason = status.partition(" ")
        response.status_code = int(code)
        response.reason = reason
        response.headers = CaseInsensitiveDict(headers.to_wsgi_list())
        response._content = content
        response.encoding = requests.utils.get_encoding_from_headers(response.headers)
        response.url = request.url or ""
        response.request = request
        return response

    def close(self) -> None:
        """Nothing to release: there is no connection pool."""
