"""The worker: turns stored events into flow decisions, and recorded actions into Discourse calls.

Three jobs run on Huey, each receiving ids, never objects:

* `process_event(event_pk)` claims the inbox row, runs every handler registered for its event name
  in one transaction (their state changes, audit entries and outbox actions commit together), then
  enqueues the batches of actions they recorded. `process_events(event_pks)` does the same for the
  rows the receiver stored in one commit.
* `perform_batch(batch)` performs a batch's actions in order through the Discourse client.
* `sweep()` (periodic, and once when a worker starts) re-enqueues what a dead worker dropped,
  retries what is due, and prunes old processed events.

Failures are sorted by class: `RetryLater` (budget spent, 429) reschedules without counting an
attempt; `TransientError` and unexpected errors retry with exponential backoff until
worker.max_attempts, then the row is marked failed (visible and replayable); `PermanentError`
fails at once with Discourse's own message.
"""
from __future__ import annotations

import datetime as dt
import time
import traceback
from collections.abc import Iterable

import structlog
from huey import crontab
from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from circleup.integration import metrics
from circleup.integration.errors import PermanentError, RetryLater, TransientError
from circleup.integration.outbox import Performer, claim_next, reopen
from circleup.integration.queue import BatchingEnqueuer
from circleup.integration.services import Services
from circleup.integration.store import Action, ActionStatus, Event, EventStatus, as_utc, utcnow
from circleup.integration.unit_of_work import Work
from circleup.sync.context import HandlerContext
from circleup.sync.router import Router

log = structlog.get_logger("circleup.worker")


# How the worker marks the actions of a batch it stopped because an earlier one failed for good;
# a replay runs those again, unlike actions a flow cancelled on purpose.
CANCELLED_AFTER_FAILURE = "cancelled after "


class EventNotFinished(Exception):
    """`replay` of an event that is still waiting or being processed."""


class ActionNotFailed(Exception):
    """`retry` of an action that has not failed."""


def _cancelled_because(failed_key: str) -> str:
    return f"{CANCELLED_AFTER_FAILURE}{failed_key} failed"


def _cancelled_after_failure(action: Action) -> bool:
    reason = action.last_error or ""
    # "cancelled: KEY failed" is how the worker marked these before the two kinds were told apart.
    return reason.startswith(CANCELLED_AFTER_FAILURE) or (reason.startswith("cancelled: ") and reason.endswith(" failed"))


def backoff_delay(attempts: int, base: float, cap: float) -> float:
    """Exponential backoff: base, 2·base, 4·base … capped."""
    return min(cap, base * (2 ** max(0, attempts - 1)))


class Worker:
    """Job bodies, bound to one process's services and router. Registers its tasks on the Huey."""

    def __init__(self, services: Services, router: Router, flows: Iterable = ()) -> None:
        self.services = services
        self.router = router
        self.settings = services.settings
        self._performer: Performer | None = None
        self._jobs: dict[str, object] = {}
        huey = services.huey
        self._process_task = huey.task(name="circleup.process_event")(self.process_event)
        self._process_many_task = huey.task(name="circleup.process_events")(self.process_events)
        self._enqueuer = BatchingEnqueuer(self.enqueue_events)
        self._batch_task = huey.task(name="circleup.perform_batch")(self.perform_batch)
        every = services.settings.worker.sweep_every_minutes
        self._sweep_task = huey.periodic_task(crontab(minute=f"*/{every}"), name="circleup.sweep")(self.sweep)
        # What runs when an action a flow recorded with `on_result=NAME` is done or has failed.
        self._result_hooks = {name: hook for flow in flows for name, hook in flow.result_hooks.items()}
        for flow in flows:
            if flow.jobs is not None:
                flow.jobs(self)
        services.dispatcher = self

    # -- flow jobs ------------------------------------------------------------------------------
    def job(self, name: str, *, periodic=None):
        """Register a flow's own job (by name, receiving ids). `periodic` is a huey crontab."""

        def decorator(func):
            if periodic is not None:
                self._jobs[name] = self.services.huey.periodic_task(periodic, name=name)(func)
            else:
                self._jobs[name] = self.services.huey.task(name=name)(func)
            return func

        return decorator

    def dispatch(self, work: Work) -> None:
        """Enqueue what a unit of work committed (its batches, then its jobs)."""
        self.enqueue_batches(work.batches)
        for job in work.jobs:
            self.enqueue_job(job.name, *job.args, delay=job.delay)

    def enqueue_job(self, name: str, *args, delay: float = 0) -> None:
        task = self._jobs[name]
        if delay > 0:
            task.schedule(args, delay=delay)
        else:
            task(*args)

    # -- enqueueing (called after the transaction that made the work has committed) ---------------
    def enqueue_event(self, event_pk: int, delay: float = 0) -> None:
        if delay > 0:
            self._process_task.schedule((event_pk,), delay=delay)
        else:
            self._process_task(event_pk)

    def enqueue_events_soon(self, event_pks: list[int]) -> None:
        """For the receiver's inbox, after its commit: the ids are only handed over, and a
        background thread enqueues them, many to a job (see BatchingEnqueuer)."""
        self._enqueuer.add(event_pks)

    def flush_enqueued(self, timeout: float = 30.0) -> bool:
        """Wait until the ids handed to enqueue_events_soon are in the queue."""
        return self._enqueuer.flush(timeout)

    def enqueue_events(self, event_pks: list[int]) -> None:
        """One job for several events (one enqueue, not N); each is still processed on its own."""
        if len(event_pks) == 1:
            self._process_task(event_pks[0])
        elif event_pks:
            self._process_many_task(list(event_pks))

    def enqueue_batch(self, batch: str, delay: float = 0) -> None:
        if delay > 0:
            self._batch_task.schedule((batch,), delay=delay)
        else:
            self._batch_task(batch)

    def enqueue_batches(self, batches: Iterable[str]) -> None:
        for batch in dict.fromkeys(batches):
            self.enqueue_batch(batch)

    @property
    def performer(self) -> Performer:
        if self._performer is None:
            self._performer = Performer(self.services.client, self.settings.bot_username)
        return self._performer

    @property
    def _stuck_after(self) -> dt.timedelta:
        return dt.timedelta(seconds=self.settings.worker.stuck_after_s)

    # -- events ---------------------------------------------------------------------------------
    def process_events(self, event_pks: list[int]) -> list[str]:
        """Each event on its own, as if enqueued alone: one's failure or wait never holds another."""
        outcomes = []
        for event_pk in event_pks:
            try:
                outcomes.append(self.process_event(event_pk))
            except Exception as exc:  # noqa: BLE001 - the row stays open; the sweeper enqueues it again
                log.warning("event.not_processed", event_pk=event_pk, error=_describe(exc))
                outcomes.append("error")
        return outcomes

    def process_event(self, event_pk: int) -> str:
        log_ = log.bind(event_pk=event_pk)
        if not self._claim_event(event_pk):
            log_.debug("event.not_claimed")
            return "skipped"
        started = time.perf_counter()
        failure: Exception | None = None
        work = Work()
        try:
            # What the handlers that succeeded recorded is committed, and enqueued by the unit of work,
            # whatever the others did.
            with self.services.unit_of_work(event_pk=event_pk, source=f"event:{event_pk}") as uow:
                event = uow.session.get(Event, event_pk)
                log_ = log_.bind(event_id=event.event_id, event_name=event.event_name)
                structlog.contextvars.bind_contextvars(event_pk=event_pk, event_id=event.event_id)
                ctx = HandlerContext(event=event, uow=uow, services=self.services)
                handlers = self.router.handlers(event.event_name)
                failure = self._run_handlers(handlers, ctx)
                if failure is None:
                    event.status = EventStatus.PROCESSED if handlers else EventStatus.IGNORED
                    event.processed_at = utcnow()
                    event.last_error = None
                    event.not_before = None
            work = uow.committed or work
        except RetryLater as exc:
            self._event_retry_later(event_pk, exc)
            log_.info("event.retry_later", delay=exc.delay, reason=exc.reason)
            return "deferred"
        except Exception as exc:  # noqa: BLE001 - every failure must be recorded, never lost
            failure = exc
        finally:
            structlog.contextvars.unbind_contextvars("event_pk", "event_id")
        if failure is not None:
            outcome = self._event_failed(event_pk, failure)
            metrics.JOBS.labels(job="process_event", outcome=outcome).inc()
            log_.warning("event.error", outcome=outcome, error=_describe(failure))
            return outcome
        elapsed = time.perf_counter() - started
        metrics.JOBS.labels(job="process_event", outcome="ok").inc()
        metrics.JOB_SECONDS.labels(job="process_event").observe(elapsed)
        log_.info("event.processed", batches=sorted(work.batches), seconds=round(elapsed, 4))
        return "processed"

    def _run_handlers(self, handlers, ctx: HandlerContext) -> Exception | None:
        """Run each flow's handler in a savepoint, so one flow's failure never undoes another's work.

        Returns the first failure (the event is then retried or failed as a whole; handlers are
        idempotent, so those that succeeded do nothing new the next time). RetryLater still
        rolls everything back: the event waits and runs again in full.
        """
        failure = None
        for handler in handlers:
            try:
                with ctx.uow.savepoint():
                    handler(ctx)
            except RetryLater:
                raise
            except Exception as exc:  # noqa: BLE001 - recorded on the event below
                log.warning("handler.error", handler=f"{handler.__module__}.{handler.__qualname__}", error=_describe(exc))
                failure = failure or exc
        return failure

    def _claim_event(self, event_pk: int) -> bool:
        now = utcnow()
        with self.services.store.session() as session:
            result = session.execute(
                update(Event)
                .where(
                    Event.id == event_pk,
                    or_(
                        Event.status == EventStatus.RECEIVED,
                        (Event.status == EventStatus.PROCESSING) & (Event.started_at < now - self._stuck_after),
                    ),
                    or_(Event.not_before.is_(None), Event.not_before <= now),
                )
                .values(status=EventStatus.PROCESSING, started_at=now, attempts=Event.attempts + 1)
                .execution_options(synchronize_session=False)
            )
            return result.rowcount == 1

    def _event_retry_later(self, event_pk: int, exc: RetryLater) -> None:
        with self.services.store.session() as session:
            event = session.get(Event, event_pk)
            event.status = EventStatus.RECEIVED
            event.attempts = max(0, event.attempts - 1)  # waiting for a budget is not a failure
            event.not_before = utcnow() + dt.timedelta(seconds=exc.delay)
            event.last_error = f"waiting: {exc}"
        self.enqueue_event(event_pk, delay=exc.delay + 0.01)

    def _event_failed(self, event_pk: int, exc: Exception) -> str:
        worker_settings = self.settings.worker
        with self.services.store.session() as session:
            event = session.get(Event, event_pk)
            event.last_error = _describe(exc)
            permanent = isinstance(exc, PermanentError)
            if permanent or event.attempts >= worker_settings.max_attempts:
                event.status = EventStatus.FAILED
                event.processed_at = utcnow()
                return "failed"
            delay = backoff_delay(event.attempts, worker_settings.retry_backoff_s, worker_settings.retry_backoff_max_s)
            event.status = EventStatus.RECEIVED
            event.not_before = utcnow() + dt.timedelta(seconds=delay)
        # Lost-update races (two handlers inserting the same outbox key) resolve on the retry.
        self.enqueue_event(event_pk, delay=delay + 0.01)
        return "retry"

    def replay_event(self, event_pk: int) -> None:
        """Put a finished event (failed, usually) back in the queue; its actions keep their keys.

        Its failed actions run again, and so do those cancelled because one of them failed; an
        action a flow cancelled on purpose (a grant after the citizenship was revoked) stays
        cancelled. An event still waiting or being processed is refused: queueing it again would
        let a second worker take it while the first still runs it.
        """
        with self.services.store.session() as session:
            # Conditional, so a worker claiming the event at the same moment cannot be overtaken.
            replayed = session.execute(
                update(Event).where(Event.id == event_pk, Event.status.in_(EventStatus.FINISHED))
                .values(status=EventStatus.RECEIVED, attempts=0, not_before=None, last_error=None)
            ).rowcount
            if not replayed:
                event = session.get(Event, event_pk)
                if event is None:
                    raise LookupError(f"no event with id {event_pk}")
                raise EventNotFinished(
                    f"event {event_pk} is {event.status}, not finished: it will be processed (or fail) on its own; "
                    "replay it once it has failed or been processed")
            reopened = [
                action for action in session.scalars(
                    select(Action).where(Action.event_pk == event_pk,
                                         Action.status.in_([ActionStatus.FAILED, ActionStatus.CANCELLED]))
                )
                if action.status == ActionStatus.FAILED or _cancelled_after_failure(action)
            ]
            for action in reopened:
                reopen(action)
            batches = {a.batch for a in reopened}
        self.enqueue_event(event_pk)
        self.enqueue_batches(batches)

    def retry_action(self, action_id: int) -> str:
        """Run a failed action again, with the rest of its batch that its failure cancelled.

        For actions no event caused (a decision from the CLI or the dashboard, a directory
        edit); an event's actions also run again with `replay_event`. Returns the batch.
        """
        with self.services.store.session() as session:
            action = session.get(Action, action_id)
            if action is None:
                raise LookupError(f"no action with id {action_id}")
            if action.status != ActionStatus.FAILED:
                raise ActionNotFailed(f"action {action_id} is {action.status}: only a failed action is retried")
            if action.event_pk is not None:
                # The event is listed as failed until it is replayed; a replay also runs this action.
                raise ActionNotFailed(f"action {action_id} belongs to event {action.event_pk}: "
                                      f"replay that with `circleup events replay {action.event_pk}`")
            cancelled_by_it = session.scalars(select(Action).where(
                Action.batch == action.batch, Action.status == ActionStatus.CANCELLED,
                Action.last_error == _cancelled_because(action.key),
            )).all()
            for reopened in (action, *cancelled_by_it):
                reopen(reopened)
            batch = action.batch
        self.enqueue_batch(batch)
        return batch

    # -- actions --------------------------------------------------------------------------------
    def perform_batch(self, batch: str) -> str:
        """Perform a batch's open actions in order until it is done or must wait."""
        store = self.services.store
        worker_settings = self.settings.worker
        while True:
            with store.session() as session:
                waiting = session.scalar(
                    select(Action)
                    .where(Action.batch == batch, Action.status.in_(ActionStatus.OPEN))
                    .order_by(Action.seq, Action.id)
                    .limit(1)
                )
                if waiting is None:
                    return "done"
                not_before = as_utc(waiting.not_before)
                if waiting.status == ActionStatus.PENDING and not_before and not_before > utcnow():
                    delay = (not_before - utcnow()).total_seconds()
                    self.enqueue_batch(batch, delay=delay + 0.01)
                    return "waiting"
                action = claim_next(session, batch, stuck_after=self._stuck_after)
                if action is None:
                    return "held"  # another worker has it in flight
                key, action_id, attempts = action.key, action.id, action.attempts
            log_ = log.bind(action=key, attempt=attempts)
            started = time.perf_counter()
            with store.session() as session:
                action = session.get(Action, action_id)  # usable after the session closes
            try:
                # No transaction is open during the call: SQLite would hold its write lock meanwhile.
                result = self.performer.perform(action, resolve_post=self._post_id_of, may_have_run=attempts > 1)
            except RetryLater as exc:
                self._action_wait(action_id, exc)
                log_.info("action.retry_later", delay=exc.delay, reason=exc.reason)
                metrics.JOBS.labels(job="perform_action", outcome="deferred").inc()
                return "waiting"
            except PermanentError as exc:
                self._action_failed(action_id, exc)
                log_.warning("action.failed", error=_describe(exc))
                metrics.JOBS.labels(job="perform_action", outcome="failed").inc()
                continue  # the rest of the batch was cancelled; the loop ends on the next query
            except Exception as exc:  # noqa: BLE001 - transient and unexpected errors retry with backoff
                if attempts >= worker_settings.max_attempts:
                    self._action_failed(action_id, exc)
                    log_.warning("action.failed", error=_describe(exc))
                    metrics.JOBS.labels(job="perform_action", outcome="failed").inc()
                    continue
                delay = backoff_delay(attempts, worker_settings.retry_backoff_s, worker_settings.retry_backoff_max_s)
                self._action_wait(action_id, RetryLater(delay, _describe(exc)), count_attempt=True)
                log_.info("action.retry", delay=delay, error=_describe(exc))
                metrics.JOBS.labels(job="perform_action", outcome="retry").inc()
                return "retry"
            with store.session() as session:
                action = session.get(Action, action_id)
                action.status = ActionStatus.DONE
                action.result = result
                action.done_at = utcnow()
                action.last_error = None
                action.not_before = None
                self._run_result_hook(session, action, True)
            elapsed = time.perf_counter() - started
            metrics.JOBS.labels(job="perform_action", outcome="ok").inc()
            metrics.JOB_SECONDS.labels(job="perform_action").observe(elapsed)
            log_.info("action.done", kind=action.kind, result=result, seconds=round(elapsed, 4))

    def _action_wait(self, action_id: int, exc: RetryLater, *, count_attempt: bool = False) -> None:
        with self.services.store.session() as session:
            action = session.get(Action, action_id)
            action.status = ActionStatus.PENDING
            if not count_attempt:
                action.attempts = max(0, action.attempts - 1)
            action.not_before = utcnow() + dt.timedelta(seconds=exc.delay)
            action.last_error = str(exc)
            batch = action.batch
        self.enqueue_batch(batch, delay=exc.delay + 0.01)

    def _action_failed(self, action_id: int, exc: Exception) -> None:
        with self.services.store.session() as session:
            action = session.get(Action, action_id)
            action.status = ActionStatus.FAILED
            action.last_error = _describe(exc)
            action.done_at = utcnow()
            later = session.scalars(
                select(Action).where(
                    Action.batch == action.batch, Action.status.in_(ActionStatus.OPEN), Action.id != action.id
                )
            ).all()
            for other in later:
                other.status = ActionStatus.CANCELLED
                other.last_error = _cancelled_because(action.key)
            self._run_result_hook(session, action, False)
            if action.event_pk is not None:
                event = session.get(Event, action.event_pk)
                if event is not None:
                    event.last_error = f"action {action.key} failed: {action.last_error}"
                    if event.status == EventStatus.PROCESSED:
                        # What it set out to do did not happen: list it with the failed events,
                        # where `circleup events replay` (or the dashboard) takes it up again.
                        event.status = EventStatus.FAILED

    def _run_result_hook(self, session, action: Action, ok: bool) -> None:
        """Runs in the transaction that records the action's outcome."""
        if action.on_result:
            hook = self._result_hooks.get(action.on_result)
            if hook is None:
                raise LookupError(f"action {action.key} names result hook {action.on_result!r}, which no flow declares")
            hook(session, action, ok)

    def _post_id_of(self, key: str) -> int | None:
        with self.services.store.session() as session:
            action = session.scalar(select(Action).where(Action.key == key))
            if action is None or action.status != ActionStatus.DONE or not action.result:
                return None
            return action.result.get("post_id")

    # -- sweeping -------------------------------------------------------------------------------
    def sweep(self, grace_s: float = 5.0) -> dict[str, int]:
        """Re-enqueue dropped work, prune old events; safe to run on every worker at once.

        Work younger than `grace_s` is left alone: its own job is most likely still on the way.
        Re-enqueueing it anyway would be harmless (jobs claim their rows atomically), just wasted.
        """
        now = utcnow()
        grace = dt.timedelta(seconds=grace_s)
        stuck_before = now - self._stuck_after
        store = self.services.store
        with store.session() as session:
            events = session.scalars(
                select(Event.id).where(
                    or_(
                        (Event.status == EventStatus.RECEIVED)
                        & or_(Event.not_before.is_(None), Event.not_before <= now)
                        & (Event.received_at <= now - grace),
                        (Event.status == EventStatus.PROCESSING) & (Event.started_at < stuck_before),
                    )
                ).limit(1000)
            ).all()
            batches = session.scalars(
                select(Action.batch)
                .where(
                    Action.status.in_(ActionStatus.OPEN),
                    or_(Action.not_before.is_(None), Action.not_before <= now),
                    Action.created_at <= now - grace,
                )
                .distinct()
                .limit(1000)
            ).all()
            cutoff = now - dt.timedelta(days=self.settings.worker.retention_days)
            pruned = session.execute(
                delete(Event)
                .where(Event.status.in_([EventStatus.PROCESSED, EventStatus.IGNORED]), Event.processed_at < cutoff)
                .execution_options(synchronize_session=False)
            ).rowcount
        for event_pk in events:
            self.enqueue_event(event_pk)
        self.enqueue_batches(batches)
        counts = {"events": len(events), "batches": len(batches), "pruned": pruned or 0}
        if any(counts.values()):
            log.info("sweep", **counts)
        return counts




def _describe(exc: BaseException) -> str:
    if isinstance(exc, (PermanentError, TransientError, RetryLater)):
        return f"{type(exc).__name__}: {exc}"
    if isinstance(exc, (IntegrityError, OperationalError)):
        return f"{type(exc).__name__}: {str(exc.orig)[:500]}"
    last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    where = f" at {last[0].filename.rsplit('/', 1)[-1]}:{last[0].lineno}" if last else ""
    return f"{type(exc).__name__}: {exc}{where}"[:2000]
