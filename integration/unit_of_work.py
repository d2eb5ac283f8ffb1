"""The unit of work: one transaction, the Discourse writes and the jobs it decided on, enqueued
after it commits (Warehouse's pattern).

Every change of state — a handler for an event, a job, a CLI command, a dashboard action — runs in
one `UnitOfWork`. It owns the database session, the outbox batches its actions are recorded in
(`outbox(batch)`) and the deferred jobs (`defer(job, *ids)`). When the block ends without an
error it commits and only then hands the batches and jobs to the queue, through the dispatcher
the worker registered on the services; on an error it rolls back and nothing is enqueued. Nobody
enqueues by hand, so no write waits for the sweeper because someone forgot a line.

    with services.unit_of_work(source="cli") as uow:
        uow.outbox("citizens:12:1").reply(key, topic_id, raw)
        uow.defer("circleup.skills.refresh_directory", "Technology", 3, delay=10)
    # committed; the batch and the job are in the queue
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

import structlog
from sqlalchemy.orm import Session

from circleup.integration.outbox import Outbox, PostLimits
from circleup.integration.store import Action, AuditEntry

log = structlog.get_logger("circleup.unit_of_work")


@dataclass(frozen=True)
class DeferredJob:
    name: str
    args: tuple
    delay: float = 0.0


@dataclass
class Work:
    """What a committed unit of work hands to the queue."""

    batches: list[str] = field(default_factory=list)
    jobs: list[DeferredJob] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.batches or self.jobs)


class Dispatcher(Protocol):
    """Puts committed work in the queue (the worker registers itself as the services' dispatcher)."""

    def dispatch(self, work: Work) -> None: ...


class UnitOfWork:
    """One transaction and the work it enqueues once committed. Use as a context manager."""

    def __init__(self, session: Session, *, dispatcher: Dispatcher | None, limits: PostLimits | None = None,
                 event_pk: int | None = None, source: str = "circleup") -> None:
        self.session = session
        self.event_pk = event_pk
        self.source = source  # "event:123", "cli", "dashboard", "job:pairing": who acted, for the audit log
        self._dispatcher = dispatcher
        self._limits = limits
        self._outboxes: dict[str, Outbox] = {}
        self._batches: dict[str, None] = {}  # batches to run that no new action of this unit names (reopened)
        self._jobs: list[DeferredJob] = []
        self.committed: Work | None = None

    # -- recording ------------------------------------------------------------------------------
    def outbox(self, batch: str) -> Outbox:
        """The outbox of `batch`: actions recorded there run, in order, once this unit commits."""
        if batch not in self._outboxes:
            self._outboxes[batch] = Outbox(self.session, batch, event_pk=self.event_pk, limits=self._limits)
        return self._outboxes[batch]

    def run_batch(self, batch: str) -> None:
        """Perform `batch` after the commit although nothing new was recorded in it (actions reopened)."""
        self._batches[batch] = None

    def defer(self, job: str, *args: Any, delay: float = 0) -> None:
        """Run a job (registered by a flow, receiving ids) once this unit has committed."""
        self._jobs.append(DeferredJob(job, args, delay))

    def audit(self, actor: str, action: str, *, subject: str | None = None, outcome: str = "ok",
              source: str | None = None, **detail: Any) -> AuditEntry:
        """The one way to write the audit log: who decided what, about whom, from where."""
        return AuditEntry.record(self.session, actor, action, subject=subject, source=source or self.source,
                                 outcome=outcome, **detail)

    @property
    def recorded(self) -> list[Action]:
        """Every action recorded in this unit, in order: what will happen in Discourse."""
        return [action for outbox in self._outboxes.values() for action in outbox.recorded]

    @property
    def work(self) -> Work:
        batches = {name: None for name, outbox in self._outboxes.items() if outbox.has_work}
        batches.update(self._batches)
        return Work(list(batches), list(self._jobs))

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """A part that may fail on its own (one flow's handler): on an error its state changes, actions
        and jobs are undone and the error propagates; what other parts recorded stays."""
        marks = {name: len(outbox.recorded) for name, outbox in self._outboxes.items()}
        batches, jobs = dict(self._batches), len(self._jobs)
        savepoint = self.session.begin_nested()
        try:
            yield
        except BaseException:
            savepoint.rollback()
            for name, outbox in list(self._outboxes.items()):
                del outbox.recorded[marks.get(name, 0):]
            self._batches = batches
            del self._jobs[jobs:]
            raise
        savepoint.commit()

    # -- finishing ------------------------------------------------------------------------------
    def commit(self) -> Work:
        """Commit, then enqueue what was recorded. Returns the work handed to the queue."""
        work = self.work
        self.session.commit()
        self.committed = work
        if work:
            if self._dispatcher is None:
                raise RuntimeError("this unit of work recorded work but the services have no dispatcher: "
                                   "build the worker (sync.wiring.build_worker) before opening one")
            try:
                self._dispatcher.dispatch(work)
            except Exception as exc:  # noqa: BLE001 - committed is committed: the sweeper enqueues it
                log.warning("enqueue.failed", batches=work.batches[:20], jobs=[j.name for j in work.jobs][:20],
                            error=f"{type(exc).__name__}: {exc}",
                            next_step="nothing is lost: the sweeper enqueues open work within worker.sweep_every_minutes")
        return work

    def rollback(self) -> None:
        self.session.rollback()
        self._outboxes.clear()
        self._batches.clear()
        self._jobs.clear()

    def __enter__(self) -> UnitOfWork:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self.commit()
            else:
                self.rollback()
        finally:
            self.session.close()
