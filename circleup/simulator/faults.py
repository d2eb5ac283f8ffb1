"""Fault injection: the ways a real Discourse lets circleup down, on demand.

Faults are armed for a number of requests (`times`), optionally only for paths matching a
regular expression, and are consumed in the order they were armed. The admin-API rate limit is
different: it is not armed but switched on, and then behaves like Discourse's own limiter (a
sliding window of `per_minute` requests per API key).

`random_faults` makes the forum misbehave at random, reproducibly (a seed), the way real ones do
during deploys and load spikes: 429s with a short wait, 502s, and lost answers on writes (the write
is carried out, then answered 502, as when a proxy times out after Discourse committed).
`outage` answers every request with a 5xx for a while. `injected` counts what was done, by kind.
"""
from __future__ import annotations

import collections
import math
import random
import re
import threading
import time
from dataclasses import dataclass
from typing import Callable


@dataclass
class Fault:
    kind: str  # "rate_limit" | "server_error" | "slow"
    remaining: int
    path: re.Pattern[str] | None
    wait_seconds: int = 60
    status: int = 502
    seconds: float = 0.0

    def matches(self, path: str) -> bool:
        return self.remaining > 0 and (self.path is None or bool(self.path.search(path)))


@dataclass
class Injected:
    """What the app must do to this request: answer with an error, or delay first, or carry it out
    and then answer `lose_answer` (a 5xx) instead of the real answer."""

    status: int | None = None
    body: dict | None = None
    headers: dict[str, str] | None = None
    delay: float = 0.0
    lose_answer: int | None = None


@dataclass
class RandomFaults:
    """Shares of requests that fail at random (each between 0 and 1; together at most 1)."""

    rng: random.Random
    rate_limit: float = 0.0
    server_error: float = 0.0
    lost_write: float = 0.0  # of writes (POST, PUT, DELETE): carried out, then answered 502
    wait_seconds: tuple[int, int] = (1, 3)


WRITES = ("POST", "PUT", "DELETE")


def rate_limit_body(wait_seconds: int) -> dict:
    """Discourse's 429 body (RateLimiter::LimitExceeded rendered by ApplicationController)."""
    return {
        "errors": [f"You\u2019ve performed this action too many times. Please wait {wait_seconds} seconds before trying again."],
        "error_type": "rate_limit",
        "extras": {"wait_seconds": wait_seconds, "time_left": f"{wait_seconds} seconds"},
    }


class Faults:
    """The simulator's fault switchboard (`sim.faults`)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._armed: list[Fault] = []
        self._limit: int | None = None
        self._window = 60.0
        self._clock: Callable[[], float] = time.monotonic
        self._sent: dict[str, collections.deque[float]] = {}
        # Slow responses call this; tests replace it to avoid really waiting.
        self.sleep: Callable[[float], None] = time.sleep
        self._random: RandomFaults | None = None
        self._outage_until = 0.0
        self._outage_status = 502
        self.injected: collections.Counter[str] = collections.Counter()

    # -- arming ------------------------------------------------------------------------------

    def rate_limit(self, wait_seconds: int = 60, times: int = 1, *, path: str | None = None) -> None:
        """The next `times` requests get 429 with `extras.wait_seconds` and `Retry-After`."""
        self._arm(Fault("rate_limit", times, _compile(path), wait_seconds=int(wait_seconds)))

    def server_error(self, times: int = 1, status: int = 502, *, path: str | None = None) -> None:
        """The next `times` requests get a 5xx (502 by default, as from a proxy in front of Discourse)."""
        if not 500 <= status < 600:
            raise ValueError(f"a server error has a 5xx status, not {status}")
        self._arm(Fault("server_error", times, _compile(path), status=status))

    def slow(self, seconds: float, times: int = 1, *, path: str | None = None) -> None:
        """The next `times` requests are answered after `seconds`, but still carried out.

        A client that times out first never sees the answer, yet the post was made: the case
        circleup's idempotency markers exist for.
        """
        self._arm(Fault("slow", times, _compile(path), seconds=float(seconds)))

    def random_faults(self, *, seed: int, rate_limit: float = 0.0, server_error: float = 0.0, lost_write: float = 0.0,
                      wait_seconds: tuple[int, int] = (1, 3)) -> None:
        """From now on each API request fails at random: `rate_limit` of them get a 429 (waits drawn
        from `wait_seconds`), `server_error` a 502, and `lost_write` of the writes are carried out and
        then answered 502. The same seed and the same requests give the same faults."""
        if not 0 <= rate_limit + server_error + lost_write <= 1:
            raise ValueError("the shares of faulty requests must add up to at most 1")
        with self._lock:
            self._random = RandomFaults(random.Random(seed), rate_limit, server_error, lost_write, wait_seconds)

    def outage(self, seconds: float, status: int = 502) -> None:
        """Every request is answered `status` for the next `seconds` (monotonic time)."""
        with self._lock:
            self._outage_until = time.monotonic() + seconds
            self._outage_status = status

    def limit_api(self, per_minute: int = 60, *, clock: Callable[[], float] | None = None, window: float = 60.0) -> None:
        """Enforce Discourse's admin API limit: `per_minute` requests per key per sliding window."""
        with self._lock:
            self._limit = per_minute
            self._window = window
            self._clock = clock or time.monotonic
            self._sent.clear()

    def unlimit_api(self) -> None:
        with self._lock:
            self._limit = None
            self._sent.clear()

    def clear(self) -> None:
        """Disarm everything (the API limit included)."""
        with self._lock:
            self._armed.clear()
            self._limit = None
            self._sent.clear()
            self._random = None
            self._outage_until = 0.0

    @property
    def armed(self) -> list[Fault]:
        with self._lock:
            return [f for f in self._armed if f.remaining > 0]

    def _arm(self, fault: Fault) -> None:
        if fault.remaining < 1:
            raise ValueError("times must be at least 1")
        with self._lock:
            self._armed.append(fault)

    # -- applying ----------------------------------------------------------------------------

    def check(self, path: str, api_key: str | None, method: str = "GET") -> Injected | None:
        """Decide the fate of one request (consumes a matching fault)."""
        with self._lock:
            for fault in self._armed:
                if fault.matches(path):
                    fault.remaining -= 1
                    if fault.kind == "rate_limit":
                        return _too_many(fault.wait_seconds)
                    if fault.kind == "server_error":
                        return Injected(status=fault.status, body={"errors": ["Internal Server Error"], "error_type": "server_error"})
                    return Injected(delay=fault.seconds)
            if time.monotonic() < self._outage_until:
                self.injected["outage"] += 1
                return _server_error(self._outage_status)
            chance = self._random
            if chance is not None and api_key:
                draw = chance.rng.random()
                if draw < chance.rate_limit:
                    self.injected["rate_limit"] += 1
                    return _too_many(chance.rng.randint(*chance.wait_seconds))
                draw -= chance.rate_limit
                if draw < chance.server_error:
                    self.injected["server_error"] += 1
                    return _server_error(502)
                draw -= chance.server_error
                if method in WRITES and draw < chance.lost_write:
                    self.injected["lost_answer"] += 1
                    return Injected(lose_answer=502)
            if self._limit is not None and api_key:
                now = self._clock()
                sent = self._sent.setdefault(api_key, collections.deque())
                while sent and sent[0] <= now - self._window:
                    sent.popleft()
                if len(sent) >= self._limit:
                    # Discourse rounds the wait up to whole seconds.
                    return _too_many(max(1, math.ceil(sent[0] + self._window - now)))
                sent.append(now)
        return None


def _server_error(status: int) -> Injected:
    return Injected(status=status, body={"errors": ["Internal Server Error"], "error_type": "server_error"})


def _too_many(wait_seconds: int) -> Injected:
    return Injected(status=429, body=rate_limit_body(wait_seconds), headers={"Retry-After": str(wait_seconds)})


def _compile(path: str | None) -> re.Pattern[str] | None:
    return re.compile(path) if path else None
