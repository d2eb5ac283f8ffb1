"""Leases on claimed work: renewed while a worker holds it, taken over soon after it dies.

A worker claims an event (status processing, `started_at`) or an action (status in flight,
`not_before` = the end of its lease) with a conditional UPDATE that also counts the attempt; the
attempt number is the claim's token. While the claim is held, a thread of this process renews it
every third of the lease, so a slow Discourse call never loses its lease to another worker. When
the process dies the renewals stop, and once the lease has run out (worker.stuck_after_s) any
other worker may claim the row: its takeover timer finds such rows every few seconds.

A renewal that finds the row no longer holding its token (another worker took it over after this
one stalled longer than the lease) marks the claim lost, and the holder does not record an outcome
over the other worker's.
"""
from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import structlog
from sqlalchemy import select, text, update

from circleup.integration.store import Action, ActionStatus, Event, EventStatus, Store, utcnow

log = structlog.get_logger("circleup.leases")

EVENT = "event"
ACTION = "action"


class Leases:
    """The claims this process holds, and the thread that renews them."""

    def __init__(self, store: Store, lease_s: float) -> None:
        self.store = store
        self.lease = dt.timedelta(seconds=lease_s)
        self.renew_every_s = max(0.05, lease_s / 3)
        self._held: dict[tuple[str, int], int] = {}
        self._lost: set[tuple[str, int]] = set()
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._pid = os.getpid()

    def hold(self, kind: str, row_id: int, token: int) -> None:
        """Renew the claim on this row (claimed with attempt number `token`) until `release`."""
        claim = (kind, row_id)
        with self._cond:
            self._held[claim] = token
            self._lost.discard(claim)
            if self._thread is None or self._pid != os.getpid():
                self._pid = os.getpid()
                self._thread = threading.Thread(target=self._run, name="circleup-leases", daemon=True)
                self._thread.start()

    def release(self, kind: str, row_id: int) -> None:
        with self._cond:
            self._held.pop((kind, row_id), None)
            self._lost.discard((kind, row_id))

    @contextmanager
    def held(self, kind: str, row_id: int, token: int) -> Iterator[None]:
        self.hold(kind, row_id, token)
        try:
            yield
        finally:
            self.release(kind, row_id)

    def lost(self, kind: str, row_id: int) -> bool:
        with self._cond:
            return (kind, row_id) in self._lost

    def renew(self) -> int:
        """Renew every held claim now; returns how many are still this process's."""
        with self._cond:
            held = list(self._held.items())
        renewed = 0
        for claim, token in held:
            try:
                ok = self._renew(*claim, token)
            except Exception as exc:  # noqa: BLE001 - the database may be away: try again next round
                log.warning("lease.not_renewed", kind=claim[0], id=claim[1], error=f"{type(exc).__name__}: {exc}"[:300])
                continue
            if ok:
                renewed += 1
                continue
            with self._cond:
                if self._held.get(claim) == token:
                    self._lost.add(claim)
            log.warning("lease.lost", kind=claim[0], id=claim[1],
                        next_step="another worker took this over after the lease ran out; it finishes the work")
        return renewed

    def _renew(self, kind: str, row_id: int, token: int) -> bool:
        now = utcnow()
        with self.store.session() as session:
            if session.get_bind().dialect.name == "postgresql":
                # A transaction holding the row (the handler's own, about to commit) must not hold up
                # every other renewal: wait a little, then try again next round.
                session.execute(text("SET LOCAL lock_timeout = '2s'"))
            model, held = (Event, EventStatus.PROCESSING) if kind == EVENT else (Action, ActionStatus.IN_FLIGHT)
            values = {"started_at": now} if kind == EVENT else {"not_before": now + self.lease}
            renewed = session.execute(
                update(model).where(model.id == row_id, model.status == held, model.attempts == token).values(**values)
                .execution_options(synchronize_session=False)).rowcount == 1
            if renewed:
                return True
            # Not renewed: finished by its holder a moment ago (fine), or claimed again by another worker.
            row = session.execute(select(model.status, model.attempts).where(model.id == row_id)).one_or_none()
            return row is None or not (row.status == held and row.attempts != token)

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait(self.renew_every_s)
                if not self._held:
                    self._thread = None  # nothing held: the next claim starts another
                    return
            self.renew()
