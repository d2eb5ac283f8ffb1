"""The outbound request budget: one allowance of Discourse API calls for all of circleup.

Discourse counts every request made with an admin API key against ONE bucket
(`max_admin_api_reqs_per_minute`, 60 by default), however many workers share the key. If
each worker kept its own count, four workers would happily send 200 requests a minute and
spend the afternoon on 429s. So the budget is shared: in-process when circleup runs as one
process (the embedded default), in Redis when workers run as several processes or machines.

Both budgets use a sliding-window log, the same algorithm as Discourse's own `RateLimiter`:
remember when each of the last `per_minute` requests was made; a new one may go when the
oldest of them is a full window old. A fixed-window counter would allow twice the rate
across a window boundary, which is exactly when Discourse would answer 429.

`acquire()` never sleeps: it either takes a slot or raises `BudgetExhausted(delay)`, and the
worker reschedules the job `delay` seconds later instead of holding a thread.
"""
from __future__ import annotations

import collections
import threading
import time
from typing import Any, Callable, Protocol

from circleup.config.settings import REDIS_SCHEMES
from circleup.integration.errors import BudgetExhausted

DEFAULT_PER_MINUTE = 50
WINDOW_SECONDS = 60.0


class Budget(Protocol):
    """What the Discourse client needs from a budget."""

    def acquire(self) -> None:
        """Take one request from the budget or raise BudgetExhausted with the wait."""


class InProcessBudget:
    """A thread-safe sliding-window budget for the threads of one process.

    `clock` must be monotonic (wall-clock jumps would open or close the window); tests pass a
    fake one.
    """

    def __init__(
        self,
        per_minute: int = DEFAULT_PER_MINUTE,
        clock: Callable[[], float] = time.monotonic,
        *,
        window: float = WINDOW_SECONDS,
    ) -> None:
        if per_minute < 1:
            raise ValueError(f"per_minute must be at least 1, not {per_minute}")
        self.per_minute = per_minute
        self.window = float(window)
        self._clock = clock
        self._sent: collections.deque[float] = collections.deque()
        self._lock = threading.Lock()

    def acquire(self) -> None:
        with self._lock:
            now = self._clock()
            while self._sent and self._sent[0] <= now - self.window:
                self._sent.popleft()
            if len(self._sent) >= self.per_minute:
                delay = self._sent[0] + self.window - now
                raise BudgetExhausted(delay, f"outbound budget of {self.per_minute}/min spent")
            self._sent.append(now)

    def __repr__(self) -> str:
        return f"InProcessBudget(per_minute={self.per_minute})"


# The log is a Redis list, newest first. Time comes from the Redis server (TIME), not from the
# callers: workers on different machines disagree about the time, the server does not.
# Returns 0 when a slot was taken, else the wait in milliseconds (Lua numbers become integers).
_ACQUIRE_LUA = """
if redis.replicate_commands then redis.replicate_commands() end
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window_ms = tonumber(ARGV[2])
local t = redis.call('TIME')
local now_ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if redis.call('LLEN', key) >= limit then
  local oldest = tonumber(redis.call('LINDEX', key, limit - 1))
  local wait = oldest + window_ms - now_ms
  if wait > 0 then
    return wait
  end
end
redis.call('LPUSH', key, now_ms)
redis.call('LTRIM', key, 0, limit - 1)
redis.call('PEXPIRE', key, window_ms)
return 0
"""


class RedisBudget:
    """The same sliding window kept in Redis, so every worker process shares one budget.

    The whole check-and-take runs as one Lua script, which Redis executes atomically: two
    workers can never both take the last slot.
    """

    def __init__(
        self,
        redis_client: Any,
        per_minute: int = DEFAULT_PER_MINUTE,
        key: str = "circleup:budget",
        *,
        window: float = WINDOW_SECONDS,
    ) -> None:
        if per_minute < 1:
            raise ValueError(f"per_minute must be at least 1, not {per_minute}")
        self.per_minute = per_minute
        self.window = float(window)
        self.key = key
        self._redis = redis_client
        self._script = redis_client.register_script(_ACQUIRE_LUA)

    def acquire(self) -> None:
        wait_ms = int(self._script(keys=[self.key], args=[self.per_minute, int(self.window * 1000)]))
        if wait_ms > 0:
            raise BudgetExhausted(wait_ms / 1000.0, f"shared outbound budget of {self.per_minute}/min spent")

    def __repr__(self) -> str:
        return f"RedisBudget(per_minute={self.per_minute}, key={self.key!r})"


def budget_from_url(queue_url: str | None, per_minute: int = DEFAULT_PER_MINUTE) -> InProcessBudget | RedisBudget:
    """The budget that matches the queue: Redis-backed when the queue is Redis, else in-process.

    Workers that share a Redis queue run in several processes, so only a Redis budget is
    really shared among them; an embedded (SQLite / in-memory) queue means one process. Every
    Redis form of QUEUE_URL the queue reads works here too; the budget's key is named after the
    queue (`?name=`), so installations sharing a Redis database keep their budgets apart.
    """
    if queue_url and queue_url.startswith(tuple(f"{scheme}://" for scheme in REDIS_SCHEMES)):
        import redis  # optional extra: only installations with a Redis queue need it

        from circleup.integration.queue import redis_pool

        pool, name = redis_pool(queue_url)
        return RedisBudget(redis.Redis(connection_pool=pool), per_minute, key=f"{name}:budget")
    return InProcessBudget(per_minute)
